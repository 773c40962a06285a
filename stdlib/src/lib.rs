//! The anerisc library modules, embedded in the compiler.
//!
//! `stdlib/mli/*.mli` are the signatures every program is type-checked against (declared
//! once, here); `stdlib/ocaml/` is the shim that lets the same programs build with real OCaml.

/// One library module: its OCaml name and the text of its interface.
#[derive(Debug, Clone, Copy)]
pub struct LibraryModule {
    /// Module name as a program writes it (`Ast`, `Serialization_code`, `List`, ...).
    pub name: &'static str,
    /// The `.mli` text declaring the module's types and values.
    pub interface: &'static str,
}

/// Declares a [`LibraryModule`] from its name and the file `mli/<file>.mli`.
macro_rules! library_module {
    ($name:literal, $file:literal) => {
        LibraryModule { name: $name, interface: include_str!(concat!("../mli/", $file, ".mli")) }
    };
}

/// Every library module a program can name, in dependency order (a module only refers to
/// modules listed before it). `Stdlib` is opened implicitly in every program.
pub const MODULES: &[LibraryModule] = &[
    library_module!("Stdlib", "stdlib"),
    library_module!("List", "list"),
    library_module!("String", "string"),
    library_module!("Char", "char"),
    library_module!("Array", "array"),
    library_module!("Sys", "sys"),
    library_module!("Unix", "unix"),
    library_module!("Ast", "ast"),
    library_module!("List_code", "list_code"),
    library_module!("Set_code", "set_code"),
    library_module!("Map_code", "map_code"),
    library_module!("Queue_code", "queue_code"),
    library_module!("Network_util_code", "network_util_code"),
    library_module!("Serialization_code", "serialization_code"),
    library_module!("Client_server_code", "client_server_code"),
    library_module!("Mt_server_code", "mt_server_code"),
    library_module!("Rpc_code", "rpc_code"),
    library_module!("System_code", "system_code"),
];

/// The OCaml source of one library module, written in the subset (`stdlib/ml/<file>.ml`).
#[derive(Debug, Clone, Copy)]
pub struct LibrarySource {
    /// Module name as a program writes it (`List_code`, ...); its interface is the
    /// [`LibraryModule`] of the same name.
    pub name: &'static str,
    /// The `.ml` text implementing the module.
    pub source: &'static str,
}

/// Declares a [`LibrarySource`] from its name and the file `ml/<file>.ml`.
macro_rules! library_source {
    ($name:literal, $file:literal) => {
        LibrarySource { name: $name, source: include_str!(concat!("../ml/", $file, ".ml")) }
    };
}

/// The library modules whose values are OCaml code rather than runtime primitives, in
/// dependency order (a module only uses modules listed before it, or modules that are all
/// primitives: `Stdlib`, `String`, `Char`, `Array`, `Sys`, `Unix`, `Ast`,
/// `Client_server_code`). The compiler checks and lowers them with every program.
pub const ML_SOURCES: &[LibrarySource] = &[
    library_source!("List", "list"),
    library_source!("List_code", "list_code"),
    library_source!("Set_code", "set_code"),
    library_source!("Map_code", "map_code"),
    library_source!("Queue_code", "queue_code"),
    library_source!("Network_util_code", "network_util_code"),
    library_source!("Serialization_code", "serialization_code"),
    library_source!("Mt_server_code", "mt_server_code"),
    library_source!("Rpc_code", "rpc_code"),
    library_source!("System_code", "system_code"),
];

/// Looks a library module up by its OCaml name.
pub fn module(name: &str) -> Option<&'static LibraryModule> {
    MODULES.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of a signature without its (nested) comments.
    fn without_comments(text: &str) -> String {
        let mut out = String::new();
        let mut depth = 0usize;
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("(*") {
                depth += 1;
                rest = &rest[2..];
            } else if depth > 0 && rest.starts_with("*)") {
                depth -= 1;
                rest = &rest[2..];
            } else {
                if depth == 0 {
                    out.push(c);
                }
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }

    /// The module names a signature mentions: `open M` and qualified `M.x` / `M.t`.
    fn mentioned_modules(interface: &str) -> Vec<String> {
        let interface = &without_comments(interface);
        let mut names = Vec::new();
        let bytes = interface.as_bytes();
        for (i, c) in interface.char_indices() {
            let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b'\'');
            if c.is_ascii_uppercase() && starts_word {
                let word: String = interface[i..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let followed_by_dot = interface[i + word.len()..].starts_with('.');
                let opened = interface[..i].trim_end().ends_with("open");
                if followed_by_dot || opened {
                    names.push(word);
                }
            }
        }
        names
    }

    #[test]
    fn every_mli_file_is_listed_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("mli");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("stdlib/mli exists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".mli"))
            .collect();
        files.sort();
        let mut listed: Vec<String> = MODULES
            .iter()
            .map(|m| {
                let mut file = m.name.to_ascii_lowercase();
                file.push_str(".mli");
                file
            })
            .collect();
        listed.sort();
        assert_eq!(files, listed);
    }

    #[test]
    fn modules_only_mention_modules_listed_before_them() {
        for (index, m) in MODULES.iter().enumerate() {
            for used in mentioned_modules(m.interface) {
                let position = MODULES.iter().position(|other| other.name == used);
                assert!(
                    matches!(position, Some(p) if p < index),
                    "{} mentions {used}, which is not listed before it",
                    m.name
                );
            }
        }
    }

    #[test]
    fn every_ml_file_is_listed_once_with_an_interface() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ml");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("stdlib/ml exists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".ml"))
            .collect();
        files.sort();
        let mut listed: Vec<String> = ML_SOURCES.iter().map(|m| format!("{}.ml", m.name.to_ascii_lowercase())).collect();
        listed.sort();
        assert_eq!(files, listed);
        for m in ML_SOURCES {
            assert!(module(m.name).is_some(), "{} has no interface in MODULES", m.name);
        }
    }

    #[test]
    fn ml_sources_only_use_modules_listed_before_them_or_primitive_ones() {
        const PRIMITIVE: &[&str] = &["Stdlib", "String", "Char", "Array", "Sys", "Unix", "Ast", "Client_server_code"];
        for (index, m) in ML_SOURCES.iter().enumerate() {
            for used in mentioned_modules(m.source) {
                // A module's own name appears in its error messages ("List.nth").
                let earlier = ML_SOURCES[..index].iter().any(|other| other.name == used);
                assert!(
                    used == m.name || earlier || PRIMITIVE.contains(&used.as_str()),
                    "{} uses {used}, which is neither listed before it nor all primitives",
                    m.name
                );
            }
        }
    }

    #[test]
    fn lookup_finds_modules_by_name() {
        assert!(module("Client_server_code").unwrap().interface.contains("val accept :"));
        assert!(module("client_server_code").is_none());
    }
}
