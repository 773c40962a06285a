//! The IR's stable text format (what `anerisc ir` prints). Names are deterministic:
//! variables are `%name.N` (or `%N` when they have no source name), blocks `bN`, functions
//! and globals `@Module.name`. Source lines (where the spans of functions and instructions
//! start) are comments, and so is what an analysis says of an instruction ([`Comments`]: the
//! session checker's protocol states and verdicts).

use crate::ir::*;
use anerisc_frontend::typed::FormatPiece;
use std::collections::HashMap;
use std::fmt::Write;

/// Comments printed on the lines after instructions, keyed by function, block and position
/// in the block (the block's number of instructions for its terminator); each text once.
#[derive(Debug, Clone, Default)]
pub struct Comments {
    at: HashMap<(FuncId, BlockId, usize), Vec<String>>,
}

impl Comments {
    /// Adds `text` under instruction `index` of block `block` of `func`, unless it is there.
    pub fn add(&mut self, func: FuncId, block: BlockId, index: usize, text: String) {
        let texts = self.at.entry((func, block, index)).or_default();
        if !texts.contains(&text) {
            texts.push(text);
        }
    }

    /// The comments under an instruction, in the order added.
    pub fn get(&self, func: FuncId, block: BlockId, index: usize) -> &[String] {
        self.at.get(&(func, block, index)).map_or(&[], Vec::as_slice)
    }
}

/// Prints the modules of `program` accepted by `include` (by module name).
pub fn print_program(program: &Program, include: &dyn Fn(&str) -> bool) -> String {
    print_program_with(program, include, &Comments::default())
}

/// [`print_program`] with `comments` under their instructions.
pub fn print_program_with(program: &Program, include: &dyn Fn(&str) -> bool, comments: &Comments) -> String {
    let mut out = String::new();
    let owner = |name: &str| name.split('.').next().unwrap_or("").to_string();
    for m in program.modules.iter().filter(|m| include(&m.name)) {
        let _ = writeln!(out, "module {}{}", m.name, if m.library { " (library)" } else { "" });
        for e in program.exceptions.iter().filter(|e| owner(&e.name) == m.name) {
            let args: Vec<&str> = e.args.iter().map(|t| t.name()).collect();
            let _ = writeln!(out, "exception {}({})", e.name, args.join(", "));
        }
        for g in program.globals.iter().filter(|g| owner(&g.name) == m.name) {
            let _ = writeln!(out, "global @{} : {}", g.name, g.ty.name());
        }
        out.push('\n');
        for (i, _) in program.functions.iter().enumerate().filter(|(_, f)| owner(&f.name) == m.name) {
            print_commented(&mut out, program, FuncId(i as u32), comments);
            out.push('\n');
        }
    }
    out
}

/// The text of a variable: `%name.N` or `%N`.
pub fn var_name(f: &Function, v: Var) -> String {
    match f.vars.get(v.0 as usize).and_then(|i| i.name.as_deref()) {
        Some(n) => format!("%{n}.{}", v.0),
        None => format!("%{}", v.0),
    }
}

fn typed_var(f: &Function, v: Var) -> String {
    let ty = f.vars.get(v.0 as usize).map_or("?", |i| i.ty.name());
    format!("{}: {ty}", var_name(f, v))
}

fn var_list(f: &Function, vs: &[Var]) -> String {
    vs.iter().map(|v| var_name(f, *v)).collect::<Vec<_>>().join(", ")
}

fn func_name(p: &Program, id: FuncId) -> String {
    p.functions.get(id.0 as usize).map_or_else(|| format!("@<bad function {}>", id.0), |f| format!("@{}", f.name))
}

fn global_name(p: &Program, id: GlobalId) -> String {
    p.globals.get(id.0 as usize).map_or_else(|| format!("@<bad global {}>", id.0), |g| format!("@{}", g.name))
}

fn exn_name(p: &Program, id: ExnId) -> String {
    p.exceptions.get(id.0 as usize).map_or_else(|| format!("<bad exception {}>", id.0), |e| e.name.clone())
}

/// Prints one function.
pub fn print_function(out: &mut String, p: &Program, f: &Function) {
    print_body(out, p, f, &|_, _| &[]);
}

/// Prints function `id` of `p` with `comments`.
fn print_commented(out: &mut String, p: &Program, id: FuncId, comments: &Comments) {
    print_body(out, p, p.func(id), &|b, i| comments.get(id, b, i));
}

/// Prints `f`, with the comments `comments(block, index)` after each instruction and
/// terminator.
fn print_body<'c>(out: &mut String, p: &Program, f: &Function, comments: &dyn Fn(BlockId, usize) -> &'c [String]) {
    let env: Vec<String> = f.env.iter().map(|v| typed_var(f, *v)).collect();
    let params: Vec<String> = f.params.iter().map(|v| typed_var(f, *v)).collect();
    let env = if env.is_empty() { String::new() } else { format!(" [env {}]", env.join(", ")) };
    let _ = write!(out, "fn @{}{env}({}) -> {} {{", f.name, params.join(", "), f.ret.name());
    if let Some(span) = f.line {
        let _ = write!(out, "  ; line {}", p.line(span));
    }
    out.push('\n');
    for (i, b) in f.blocks.iter().enumerate() {
        let params: Vec<String> = b.params.iter().map(|v| typed_var(f, *v)).collect();
        if params.is_empty() {
            let _ = writeln!(out, "b{i}:");
        } else {
            let _ = writeln!(out, "b{i}({}):", params.join(", "));
        }
        let block = BlockId(i as u32);
        for (j, inst) in b.insts.iter().enumerate() {
            let text = inst_text(p, f, inst);
            match inst.line {
                Some(span) => {
                    let _ = writeln!(out, "  {text:<60} ; line {}", p.line(span));
                }
                None => {
                    let _ = writeln!(out, "  {text}");
                }
            }
            for c in comments(block, j) {
                let _ = writeln!(out, "    ; {c}");
            }
        }
        let _ = writeln!(out, "  {}", terminator_text(p, f, &b.term));
        for c in comments(block, b.insts.len()) {
            let _ = writeln!(out, "    ; {c}");
        }
    }
    out.push_str("}\n");
}

/// The text of one instruction (without its line comment).
pub fn inst_text(p: &Program, f: &Function, inst: &Inst) -> String {
    let rhs = match &inst.kind {
        InstKind::Const(c) => format!("const {}", const_text(c)),
        InstKind::Prim(prim, args) => format!("prim {}({})", prim.name(), var_list(f, args)),
        InstKind::Printf(kind, pieces, args) => {
            let k = match kind {
                anerisc_frontend::typed::PrintfKind::Printf => "printf",
                anerisc_frontend::typed::PrintfKind::Eprintf => "eprintf",
                anerisc_frontend::typed::PrintfKind::Sprintf => "sprintf",
            };
            format!("{k} {}({})", string_literal(&format_text(pieces)), var_list(f, args))
        }
        InstKind::Global(g) => format!("global {}", global_name(p, *g)),
        InstKind::SetGlobal(g, v) => format!("set_global {}, {}", global_name(p, *g), var_name(f, *v)),
        InstKind::Closure(func, caps) => format!("closure {} [{}]", func_name(p, *func), var_list(f, caps)),
        InstKind::Sibling(func) => format!("sibling {}", func_name(p, *func)),
        InstKind::Apply(c, args) => format!("apply {}({})", var_name(f, *c), var_list(f, args)),
        InstKind::Call(func, args) => format!("call {}({})", func_name(p, *func), var_list(f, args)),
        InstKind::Make(tag, args) => format!("make {tag}({})", var_list(f, args)),
        InstKind::Field(v, i) => format!("field {}.{i}", var_name(f, *v)),
        InstKind::MakeExn(e, args) => format!("exn {}({})", exn_name(p, *e), var_list(f, args)),
        InstKind::ExnArg(v, i) => format!("exn_arg {}.{i}", var_name(f, *v)),
        InstKind::Fork(c, a) => format!("fork {}({})", var_name(f, *c), var_name(f, *a)),
        InstKind::Chan { op, args, protocol, implementation } => {
            let mut s = format!("{} {}", op.name(), var_list(f, args));
            if let Some(name) = protocol {
                let _ = write!(s, " [protocol {name}]");
            }
            if let Some(g) = implementation {
                let _ = write!(s, " via {}", global_name(p, *g));
            }
            s
        }
    };
    match inst.dest {
        Some(d) => format!("{} = {rhs}", typed_var(f, d)),
        None => rhs,
    }
}

fn target_text(f: &Function, t: &Target) -> String {
    if t.args.is_empty() {
        format!("b{}", t.block.0)
    } else {
        format!("b{}({})", t.block.0, var_list(f, &t.args))
    }
}

fn terminator_text(p: &Program, f: &Function, t: &Terminator) -> String {
    match t {
        Terminator::Jump(t) => format!("jump {}", target_text(f, t)),
        Terminator::Branch(c, a, b) => format!("branch {}, {}, {}", var_name(f, *c), target_text(f, a), target_text(f, b)),
        Terminator::Switch { value, cases, default } => {
            let cases: Vec<String> = cases.iter().map(|(k, b)| format!("{}: b{}", key_text(p, k), b.0)).collect();
            let mut s = format!("switch {} [{}]", var_name(f, *value), cases.join(", "));
            if let Some(d) = default {
                let _ = write!(s, " default b{}", d.0);
            }
            s
        }
        Terminator::Return(v) => format!("return {}", var_name(f, *v)),
        Terminator::TryCall { body, normal, handler } => {
            format!("try_call {}() normal b{} handler b{}", var_name(f, *body), normal.0, handler.0)
        }
        Terminator::Unreachable => "unreachable".to_string(),
    }
}

fn key_text(p: &Program, k: &Key) -> String {
    match k {
        Key::Imm(n) => format!("imm {n}"),
        Key::Tag(t) => format!("tag {t}"),
        Key::Str(s) => format!("str {}", string_literal(s)),
        Key::Float(x) => format!("float {x:?}"),
        Key::Exn(e) => format!("exn {}", exn_name(p, *e)),
    }
}

fn const_text(c: &Const) -> String {
    match c {
        Const::Int(n) => n.to_string(),
        Const::Bool(b) => b.to_string(),
        Const::Char(c) => format!("'{}'", escape(&[*c])),
        Const::Unit => "()".to_string(),
        Const::Float(x) => format!("{x:?}"),
        Const::Str(s) => string_literal(s),
        Const::Ctor(n) => format!("ctor {n}"),
    }
}

fn escape(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes {
        match b {
            b'"' => s.push_str("\\\""),
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            b'\'' => s.push_str("\\'"),
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03}");
            }
        }
    }
    s
}

fn string_literal(bytes: &[u8]) -> String {
    format!("\"{}\"", escape(bytes))
}

/// A literal format back in `Printf` syntax.
fn format_text(pieces: &[FormatPiece]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            FormatPiece::Text(t) => {
                for &b in t {
                    if b == b'%' {
                        out.push(b'%');
                    }
                    out.push(b);
                }
            }
            FormatPiece::Flush => out.extend_from_slice(b"%!"),
            FormatPiece::Conversion { conv, flags, width, precision } => {
                out.push(b'%');
                out.extend_from_slice(flags.as_bytes());
                if let Some(w) = width {
                    out.extend_from_slice(w.to_string().as_bytes());
                }
                if let Some(p) = precision {
                    out.extend_from_slice(format!(".{p}").as_bytes());
                }
                out.push(*conv as u8);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_kept_once_in_order_under_their_instruction() {
        let mut c = Comments::default();
        c.add(FuncId(1), BlockId(2), 3, "first".into());
        c.add(FuncId(1), BlockId(2), 3, "second".into());
        c.add(FuncId(1), BlockId(2), 3, "first".into());
        assert_eq!(c.get(FuncId(1), BlockId(2), 3), ["first", "second"]);
        assert!(c.get(FuncId(1), BlockId(2), 4).is_empty());
        assert!(c.get(FuncId(0), BlockId(2), 3).is_empty());
    }
}
