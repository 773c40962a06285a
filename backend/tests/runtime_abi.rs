//! The runtime functions native code calls, checked against the runtime's sources: every
//! symbol of the primitive table (`anerisc_ir::prim`) and of the backend's own table
//! (`abi.rs`) must be a `#[no_mangle] extern "C"` function of `runtime/src/` (or one of
//! the few C library functions below) whose parameters and result are those the signature
//! says.

use anerisc_backend::abi::{self, RtFn};
use anerisc_ir::prim::{Native, Prim};
use std::collections::HashMap;
use std::path::Path;

/// The C library functions native code calls, with their signatures.
const LIBC: &[RtFn] = &[RtFn("pow", "ff>f"), RtFn("exp", "f>f"), RtFn("log", "f>f")];

/// The signature letter of a Rust type in an `extern "C"` function: `f` for a double, `i`
/// for an integer, a pointer or a function (a narrower integer, `c_int`, travels in the
/// same register as a word), nothing for `!` (the function does not return).
fn letter(ty: &str) -> &'static str {
    match ty.trim() {
        "f64" => "f",
        "f32" => "?",
        "!" | "()" => "",
        _ => "i",
    }
}

/// Splits `text` at the commas outside brackets.
fn top_level_items(text: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            '>' if !text[..i].ends_with('-') => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// The signature of the `extern "C"` function whose header starts `item` (just after its
/// `#[no_mangle]`): its name and signature, or `None` for an item that is not a function.
fn exported_function(item: &str) -> Option<(String, String)> {
    let mut rest = item.trim_start();
    while rest.starts_with("#[") {
        rest = rest[rest.find(']')? + 1..].trim_start();
    }
    let rest = rest.strip_prefix("pub")?.trim_start();
    let rest = rest.strip_prefix("unsafe").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix("extern \"C\"")?.trim_start().strip_prefix("fn")?.trim_start();
    let open = rest.find('(')?;
    let name = rest[..open].trim().to_string();
    let mut depth = 0;
    let close = rest[open..].char_indices().find_map(|(i, c)| {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        (depth == 0).then_some(open + i)
    })?;
    let params: String = top_level_items(&rest[open + 1..close]).iter().map(|p| letter(p.split_once(':').map_or(*p, |(_, t)| t))).collect();
    let after = rest[close + 1..].trim_start();
    let ret = after.strip_prefix("->").map_or("", |r| letter(&r[..r.find('{').unwrap_or(r.len())]));
    Some((name, format!("{params}>{ret}")))
}

/// Every `#[no_mangle] extern "C"` function of the Rust files under `dir`, by name.
fn exported_functions(dir: &Path, out: &mut HashMap<String, String>) {
    for entry in std::fs::read_dir(dir).expect("the runtime's sources") {
        let path = entry.expect("a readable folder").path();
        if path.is_dir() {
            exported_functions(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a readable source");
            for item in text.split("#[no_mangle]").skip(1) {
                if let Some((name, signature)) = exported_function(item) {
                    out.insert(name, signature);
                }
            }
        }
    }
}

/// The runtime's exported functions.
fn runtime() -> HashMap<String, String> {
    let mut functions = HashMap::new();
    exported_functions(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src"), &mut functions);
    functions
}

/// What is wrong with native code's idea of `f`, if anything.
fn mismatch(f: &RtFn, runtime: &HashMap<String, String>) -> Option<String> {
    let actual = match LIBC.iter().find(|c| c.0 == f.0) {
        Some(c) => Some(c.1.to_string()),
        None => runtime.get(f.0).cloned(),
    };
    match actual {
        None => Some(format!("`{}` is not a function the runtime exports", f.0)),
        Some(sig) if sig != f.1 => Some(format!("`{}` is called as `{}`, but the runtime's is `{sig}`", f.0, f.1)),
        Some(_) => None,
    }
}

#[test]
fn the_parser_reads_signatures_as_the_tables_write_them() {
    let item = "\n#[allow(x)]\npub unsafe extern \"C\" fn f(a: Value, g: extern \"C\" fn(Value, Value) -> Value, x: f64) -> ! {";
    assert_eq!(exported_function(item), Some(("f".into(), "iif>".into())));
    assert_eq!(exported_function(" pub extern \"C\" fn g() -> f64 {"), Some(("g".into(), ">f".into())));
    assert_eq!(exported_function(" pub static X: u64 = 0;"), None);
}

#[test]
fn every_runtime_function_native_code_calls_has_the_runtime_s_signature() {
    let runtime = runtime();
    assert!(runtime.len() > 80, "only {} exported functions found", runtime.len());
    let of_prims = Prim::ALL.iter().filter_map(|p| match p.native() {
        Native::Runtime(f) => Some(f),
        Native::Inline => None,
    });
    let called: Vec<RtFn> = of_prims.chain(abi::ALL.iter().copied()).collect();
    assert!(called.len() > 90, "only {} runtime functions in the tables", called.len());
    let wrong: Vec<String> = called.iter().filter_map(|f| mismatch(f, &runtime)).collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
