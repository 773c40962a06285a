//! System files for `anerisc launch`: a TOML file naming the nodes of a distributed program,
//! each with its program (an `.ml` source or a ready binary), its arguments (with
//! placeholders for loopback addresses and free ports) and whether it is expected to end.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The address every node runs on: `{ip}` in arguments.
pub const LOOPBACK: &str = "127.0.0.1";

/// A system file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSystem {
    node: Vec<RawNode>,
}

/// A `[[node]]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    name: String,
    source: Option<PathBuf>,
    binary: Option<PathBuf>,
    #[serde(default)]
    include: Vec<PathBuf>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    expect_exit: bool,
}

/// Where a node's program comes from (paths resolved against the system file's folder).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Program {
    /// An `.ml` file built with `anerisc build`, with its `-I` folders.
    Source { file: PathBuf, include: Vec<PathBuf> },
    /// An executable run as it is.
    Binary(PathBuf),
}

/// One piece of an argument template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Ip,
    Port(String),
}

/// A node of a system.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The name that prefixes the node's output.
    pub name: String,
    /// Its program.
    pub program: Program,
    /// Whether the system is done once this node (and every other such node) has ended.
    pub expect_exit: bool,
    args: Vec<Vec<Piece>>,
}

/// A parsed and checked system file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct System {
    /// Its nodes, in the file's order.
    pub nodes: Vec<Node>,
}

impl System {
    /// Reads and checks the system file at `path`; errors name the file and the key.
    pub fn load(path: &Path) -> Result<System, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the system file: {e}", path.display()))?;
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        System::parse(&text, folder).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses a system file's text; relative paths are taken from `folder`.
    pub fn parse(text: &str, folder: &Path) -> Result<System, String> {
        let raw: RawSystem = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
        if raw.node.is_empty() {
            return Err("key `node`: a system needs at least one `[[node]]`".into());
        }
        let mut names = BTreeSet::new();
        let mut nodes = Vec::new();
        for (i, n) in raw.node.into_iter().enumerate() {
            let at = format!("node[{i}]");
            if n.name.is_empty() || n.name.chars().any(|c| c.is_whitespace() || c == '[' || c == ']') {
                return Err(format!("key `{at}.name`: `{}` is not a node name (non-empty, no spaces or brackets)", n.name));
            }
            if !names.insert(n.name.clone()) {
                return Err(format!("key `{at}.name`: two nodes are named `{}`", n.name));
            }
            let program = match (n.source, n.binary) {
                (Some(file), None) => Program::Source { file: folder.join(file), include: n.include.iter().map(|d| folder.join(d)).collect() },
                (None, Some(_)) if !n.include.is_empty() => return Err(format!("key `{at}.include`: only a `source` node has include folders")),
                (None, Some(bin)) => Program::Binary(folder.join(bin)),
                (Some(_), Some(_)) => return Err(format!("node `{}` ({at}): give either `source` or `binary`, not both", n.name)),
                (None, None) => return Err(format!("node `{}` ({at}): missing key `source` (an .ml file) or `binary`", n.name)),
            };
            let args = n.args.iter().enumerate().map(|(j, a)| template(a).map_err(|e| format!("key `{at}.args[{j}]` (node `{}`): {e}", n.name))).collect::<Result<_, _>>()?;
            nodes.push(Node { name: n.name, program, expect_exit: n.expect_exit, args });
        }
        Ok(System { nodes })
    }

    /// Every port label that the nodes' arguments mention, each once.
    pub fn port_labels(&self) -> BTreeSet<String> {
        let pieces = self.nodes.iter().flat_map(|n| n.args.iter().flatten());
        pieces.filter_map(|p| if let Piece::Port(l) = p { Some(l.clone()) } else { None }).collect()
    }

    /// The distinct programs to build or find, in the order of their first node.
    pub fn programs(&self) -> Vec<&Program> {
        let mut seen = Vec::new();
        for n in &self.nodes {
            if !seen.contains(&&n.program) {
                seen.push(&n.program);
            }
        }
        seen
    }
}

impl Node {
    /// The node's arguments with `port(label)` for each `{port:label}`.
    pub fn args(&self, port: &dyn Fn(&str) -> u16) -> Vec<String> {
        let piece = |p: &Piece| match p {
            Piece::Text(t) => t.clone(),
            Piece::Ip => LOOPBACK.to_string(),
            Piece::Port(l) => port(l).to_string(),
        };
        self.args.iter().map(|a| a.iter().map(piece).collect()).collect()
    }
}

/// Splits an argument into text and placeholders: `{ip}`, `{port:LABEL}`; `{{` and `}}`
/// stand for braces.
fn template(arg: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut chars = arg.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let inner: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let placeholder = match inner.split_once(':') {
                    _ if inner == "ip" => Piece::Ip,
                    Some(("port", label)) if !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') => Piece::Port(label.to_string()),
                    _ => return Err(format!("unknown placeholder `{{{inner}}}` in `{arg}` (known: `{{ip}}`, `{{port:LABEL}}`; `{{{{` for a brace)")),
                };
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(placeholder);
            }
            '}' => return Err(format!("a lone `}}` in `{arg}` (write `}}}}` for a brace)")),
            c => text.push(c),
        }
    }
    if !text.is_empty() || pieces.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ECHO: &str = r#"
[[node]]
name = "server"
source = "echo.ml"
args = ["server", "{ip}", "{port:srv}"]

[[node]]
name = "client"
source = "echo.ml"
args = ["client", "{ip}", "{port:clt}", "{ip}", "{port:srv}", "a{{b}}", ""]
expect_exit = true
"#;

    #[test]
    fn nodes_arguments_and_ports_are_read() {
        let sys = System::parse(ECHO, Path::new("/sys")).unwrap();
        assert_eq!(sys.nodes.len(), 2);
        assert_eq!(sys.programs().len(), 1, "both nodes run one program");
        assert_eq!(sys.nodes[0].program, Program::Source { file: PathBuf::from("/sys/echo.ml"), include: vec![] });
        assert!(!sys.nodes[0].expect_exit && sys.nodes[1].expect_exit);
        assert_eq!(sys.port_labels().into_iter().collect::<Vec<_>>(), ["clt", "srv"]);
        let port = |l: &str| if l == "srv" { 9000 } else { 9001 };
        assert_eq!(sys.nodes[1].args(&port), ["client", "127.0.0.1", "9001", "127.0.0.1", "9000", "a{b}", ""]);
    }

    fn error(text: &str) -> String {
        System::parse(text, Path::new(".")).unwrap_err()
    }

    #[test]
    fn mistakes_are_reported_with_their_key() {
        let e = error("[[node]]\nname = \"a\"\nsource = \"a.ml\"\nargs = [\"{port}\"]\n");
        assert!(e.contains("node[0].args[0]") && e.contains("unknown placeholder `{port}`"), "{e}");
        let e = error("[[node]]\nname = \"a\"\n");
        assert!(e.contains("missing key `source`"), "{e}");
        let e = error("[[node]]\nname = \"a\"\nsource = \"a.ml\"\n[[node]]\nname = \"a\"\nbinary = \"b\"\n");
        assert!(e.contains("node[1].name") && e.contains("two nodes are named `a`"), "{e}");
        let e = error("[[node]]\nname = \"a\"\nsource = \"a.ml\"\nexpect_exit = \"yes\"\n");
        assert!(e.contains("expect_exit"), "{e}");
        let e = error("[[node]]\nname = \"a\"\nsource = \"a.ml\"\nport = 3\n");
        assert!(e.contains("port"), "{e}");
        assert!(error("").contains("node"));
        assert!(error("[[node]]\nname = \"a b\"\nbinary = \"x\"\n").contains("not a node name"));
        assert!(error("[[node]]\nname = \"a\"\nbinary = \"x\"\nargs = [\"}\"]\n").contains("lone"));
    }
}
