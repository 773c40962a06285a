//! The library modules written in OCaml (`stdlib/ml/`) that a program needs: found by the
//! module names the program's texts use, then parsed and typed against the library
//! interfaces, each after the library modules it uses.

use crate::ast::Module;
use crate::parser::parse_implementation;
use crate::typing::{check_module, Library, TypedModule};
use anerisc_diag::render::{render_all, ColorChoice};
use anerisc_diag::span::{FileId, SourceMap};

/// The library modules a program needs, in dependency order, with their sources.
#[derive(Debug, Default)]
pub struct LibraryModules {
    /// Their texts.
    pub sources: SourceMap,
    /// The modules' typed trees, each after those it uses.
    pub typed: Vec<TypedModule>,
    /// The modules' syntax trees and files, in the same order.
    pub parsed: Vec<(Module, FileId)>,
}

/// A library module that does not parse or type-check: a bug in anerisc, not in the program.
#[derive(Debug, thiserror::Error)]
#[error("internal error: library module {module} does not {what}:\n{diagnostics}")]
pub struct LibraryModuleError {
    /// The module.
    pub module: String,
    /// "parse" or "type-check".
    pub what: &'static str,
    /// Its diagnostics, rendered.
    pub diagnostics: String,
}

/// Parses and types the modules of `library_sources` (`(module, source)` in dependency order)
/// that the program whose modules' texts are `user_texts` needs.
pub fn check_needed(library: &Library, library_sources: &[(&str, &str)], user_texts: &[&str]) -> Result<LibraryModules, LibraryModuleError> {
    let mut out = LibraryModules::default();
    for (name, source) in needed(library_sources, user_texts) {
        let file = out.sources.add(format!("{}.ml", name.to_lowercase()), source.to_string());
        let failed = |what, diagnostics: &[anerisc_diag::diagnostic::Diagnostic], sources: &SourceMap| LibraryModuleError {
            module: name.to_string(),
            what,
            diagnostics: render_all(diagnostics, sources, ColorChoice::Plain),
        };
        let ast = parse_implementation(file, source).map_err(|d| failed("parse", &d, &out.sources))?;
        let (typed, diagnostics) = check_module(library, &out.typed, name, &ast);
        out.typed.push(typed.ok_or_else(|| failed("type-check", &diagnostics, &out.sources))?);
        out.parsed.push((ast, file));
    }
    Ok(out)
}

/// The library modules (of `library_sources`, in dependency order) that the program whose
/// modules' texts are `user_texts` needs: those the texts name, and those the needed library
/// modules' texts name in turn. A program reaches a library module only by naming it (a
/// qualified name or an `open`) or through another library module that names it, so the
/// others need not be checked and lowered; a name in a comment only costs time.
fn needed<'a>(library_sources: &[(&'a str, &'a str)], user_texts: &[&str]) -> Vec<(&'a str, &'a str)> {
    let names = |text: &str, module: &str| text.match_indices(module).any(|(i, _)| !text[i + module.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'));
    let mut keep = vec![false; library_sources.len()];
    for (i, (name, _)) in library_sources.iter().enumerate().rev() {
        let named_later = library_sources[i + 1..].iter().zip(&keep[i + 1..]).any(|((_, text), kept)| *kept && names(text, name));
        keep[i] = named_later || user_texts.iter().any(|t| names(t, name));
    }
    library_sources.iter().zip(keep).filter(|(_, k)| *k).map(|(m, _)| *m).collect()
}

#[cfg(test)]
mod tests {
    use super::needed;

    #[test]
    fn library_modules_are_kept_when_named_directly_or_through_another() {
        let lib = [("List", "let rev l = l"), ("List_code", "let x = 1"), ("Set_code", "open List_code"), ("Rpc_code", "let f = Set_code.x")];
        fn names(kept: Vec<(&'static str, &'static str)>) -> Vec<&'static str> {
            kept.into_iter().map(|(n, _)| n).collect()
        }
        assert_eq!(names(needed(&lib, &["let y = Rpc_code.f"])), ["List_code", "Set_code", "Rpc_code"]);
        assert_eq!(names(needed(&lib, &["open List_code"])), ["List_code"]);
        assert_eq!(names(needed(&lib, &["let z = List.rev []"])), ["List"]);
        assert!(needed(&lib, &["let w = 1"]).is_empty());
    }
}
