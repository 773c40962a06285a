//! Finds, reads and parses the files of a program: the files named on the command line and,
//! as `ocamldep` would, the user modules they mention (`Dlm_code` is `dlm_code.ml` in the
//! mentioning file's folder or in an `-I` folder). Orders them so that each module comes
//! after the modules it uses, and reports a cycle as an error.

use crate::ast::{self, Ident};
use anerisc_diag::codes::Code;
use crate::deps::referenced_modules;
use anerisc_diag::diagnostic::Diagnostic;
use crate::names::suggest;
use crate::parser::parse_implementation;
use anerisc_diag::span::{FileId, SourceMap};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One parsed file of the program.
#[derive(Debug)]
pub struct ParsedUnit {
    /// The module name (`Dlm_code` for `dlm_code.ml`).
    pub module_name: String,
    /// The file it came from.
    pub path: PathBuf,
    /// Its id in the source map.
    pub file: FileId,
    /// Its syntax tree.
    pub ast: ast::Module,
}

/// The parsed files of a program in dependency order, with the problems met on the way.
#[derive(Debug, Default)]
pub struct LoadedProgram {
    /// Every loaded file's text.
    pub sources: SourceMap,
    /// Parsed files, each after the modules it uses.
    pub units: Vec<ParsedUnit>,
    /// For each file named on the command line, its index in `units` (`None` if it did not parse).
    pub roots: Vec<Option<usize>>,
    /// Parse errors, unknown modules, cycles.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `roots` (each a path and its text, already read) and loads every user module they
/// need from disk. Modules in `library` (by name) are provided by the compiler.
pub fn load_program(roots: Vec<(PathBuf, String)>, include_dirs: &[PathBuf], library: &[&str]) -> LoadedProgram {
    let mut loader = Loader { include_dirs, library, ..Loader::default() };
    let root_units: Vec<Option<usize>> =
        roots.into_iter().map(|(path, text)| loader.add_file(path, text)).collect();
    loader.follow_dependencies();
    let order = loader.dependency_order();
    let mut position = vec![None; loader.units.len()];
    for (pos, &unit) in order.iter().enumerate() {
        position[unit] = Some(pos);
    }
    let mut slots: Vec<Option<ParsedUnit>> = loader.units.into_iter().map(Some).collect();
    LoadedProgram {
        sources: loader.sources,
        units: order.iter().filter_map(|&i| slots[i].take()).collect(),
        roots: root_units.into_iter().map(|u| u.and_then(|i| position[i])).collect(),
        diagnostics: loader.diagnostics,
    }
}

/// The module name of a source file: its stem with the first letter capitalised.
pub fn module_name_of(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut chars = stem.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => stem,
    }
}

#[derive(Default)]
struct Loader<'a> {
    include_dirs: &'a [PathBuf],
    library: &'a [&'a str],
    sources: SourceMap,
    units: Vec<ParsedUnit>,
    /// For each unit, the units it uses and where it first names each.
    edges: Vec<Vec<(usize, Ident)>>,
    /// Module name to unit; `None` for a file that was found but did not parse.
    by_name: HashMap<String, Option<usize>>,
    diagnostics: Vec<Diagnostic>,
}

impl Loader<'_> {
    /// Parses a file's text and records it; returns its unit index if it parsed.
    fn add_file(&mut self, path: PathBuf, text: String) -> Option<usize> {
        let module_name = module_name_of(&path);
        let file = self.sources.add(path.display().to_string(), text);
        let parsed = parse_implementation(file, &self.sources.get(file).text);
        let unit = match parsed {
            Ok(ast) => {
                self.units.push(ParsedUnit { module_name: module_name.clone(), path, file, ast });
                self.edges.push(Vec::new());
                Some(self.units.len() - 1)
            }
            Err(diagnostics) => {
                self.diagnostics.extend(diagnostics);
                None
            }
        };
        self.by_name.entry(module_name).or_insert(unit);
        unit
    }

    /// Loads, breadth first, every user module that a loaded unit mentions.
    fn follow_dependencies(&mut self) {
        let mut next = 0;
        while next < self.units.len() {
            for mention in referenced_modules(&self.units[next].ast) {
                if self.library.contains(&mention.name.as_str()) || mention.name == self.units[next].module_name {
                    continue;
                }
                let target = match self.by_name.get(&mention.name) {
                    Some(known) => *known,
                    None => self.load_module(next, &mention),
                };
                if let Some(target) = target {
                    self.edges[next].push((target, mention));
                }
            }
            next += 1;
        }
    }

    /// Finds and loads the file of module `mention`, named from unit `from`.
    fn load_module(&mut self, from: usize, mention: &Ident) -> Option<usize> {
        let dir = self.units[from].path.parent().map(Path::to_path_buf).unwrap_or_default();
        let found = std::iter::once(dir.clone())
            .chain(self.include_dirs.iter().cloned())
            .flat_map(|d| candidate_files(&d, &mention.name))
            .find_map(|p| std::fs::read_to_string(&p).ok().map(|text| (p, text)));
        match found {
            Some((path, text)) => self.add_file(path, text),
            None => {
                self.diagnostics.push(self.unbound_module(mention, &dir));
                self.by_name.insert(mention.name.clone(), None);
                None
            }
        }
    }

    fn unbound_module(&self, mention: &Ident, dir: &Path) -> Diagnostic {
        let mut candidates: Vec<String> = self.library.iter().map(|s| s.to_string()).collect();
        candidates.extend(self.by_name.keys().cloned());
        let mut d = Diagnostic::new(Code::UnboundModule, format!("unbound module `{}`", mention.name), mention.span)
            .with_label("no library module and no file has this name")
            .with_note(format!(
                "looked for `{}` in `{}`{}",
                file_name_of(&mention.name),
                if dir.as_os_str().is_empty() { Path::new(".") } else { dir }.display(),
                if self.include_dirs.is_empty() { String::new() } else { " and the -I folders".to_string() }
            ));
        d = match suggest(&mention.name, candidates.iter().map(String::as_str)) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help("put the module's file next to this one, or name its folder with `-I DIR`"),
        };
        d
    }

    /// Units in an order where each comes after the units it uses; reports cycles.
    fn dependency_order(&mut self) -> Vec<usize> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let mut marks = vec![Mark::New; self.units.len()];
        let mut order = Vec::new();
        let mut stack: Vec<usize> = Vec::new();
        fn visit(
            l: &mut Loader<'_>,
            u: usize,
            marks: &mut Vec<Mark>,
            stack: &mut Vec<usize>,
            order: &mut Vec<usize>,
        ) {
            marks[u] = Mark::Active;
            stack.push(u);
            for (target, mention) in l.edges[u].clone() {
                match marks[target] {
                    Mark::New => visit(l, target, marks, stack, order),
                    Mark::Active => l.diagnostics.push(l.cycle(stack, target, &mention)),
                    Mark::Done => {}
                }
            }
            stack.pop();
            marks[u] = Mark::Done;
            order.push(u);
        }
        for u in 0..self.units.len() {
            if marks[u] == Mark::New {
                visit(self, u, &mut marks, &mut stack, &mut order);
            }
        }
        order
    }

    fn cycle(&self, stack: &[usize], target: usize, mention: &Ident) -> Diagnostic {
        let start = stack.iter().position(|&u| u == target).unwrap_or(0);
        let names: Vec<&str> = stack[start..]
            .iter()
            .chain(std::iter::once(&target))
            .map(|&u| self.units[u].module_name.as_str())
            .collect();
        Diagnostic::new(
            Code::ModuleCycle,
            format!("modules depend on each other in a cycle: {}", names.join(" -> ")),
            mention.span,
        )
        .with_label(format!("`{}` is used here", mention.name))
        .with_help("move what the modules share into a module that both open")
    }
}

/// The file names module `name` may live in, in a folder.
fn candidate_files(dir: &Path, name: &str) -> Vec<PathBuf> {
    vec![dir.join(file_name_of(name)), dir.join(format!("{name}.ml"))]
}

/// `Dlm_code` lives in `dlm_code.ml`.
fn file_name_of(module: &str) -> String {
    let mut chars = module.chars();
    match chars.next() {
        Some(c) => format!("{}{}.ml", c.to_ascii_lowercase(), chars.as_str()),
        None => String::new(),
    }
}
