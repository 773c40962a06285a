//! A system from its source (docs/verification.md): the launcher (the main module's top level) is
//! evaluated to find the nodes and node sets it starts, each node's role function is extracted
//! as a process program (set members first, so loop invariants can speak of their locals), the
//! processes are synchronized, and the `[@@ensures]` are read over the nodes' locals.

use super::error::{SyncError, SyncResult};
use super::extract::{Extracted, Extractor};
use super::prog::{Node, NodeSet, Owner, SyncProgram};
use super::spec::{self, Specs, SystemScope};
use super::synchronize::{synchronize, Process};
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::FileId;
use anerisc_frontend::ast;
use anerisc_ir::ir::Program;
use std::collections::HashMap;

/// The name the launcher's own variables are qualified with.
pub const LAUNCHER: &str = "launcher";

/// The synchronized program of the system in module `main` of `program` (the last of the user
/// modules `user`), whose syntax tree is `module` and file `file`; or the diagnostic saying why
/// the synchronization cannot handle it.
pub fn synchronized(program: &Program, user: &[String], module: &ast::Module, file: FileId) -> Result<SyncProgram, Box<Diagnostic>> {
    synchronize_system(program, user, module, file).map_err(|e| Box::new(e.diagnostic(file)))
}

/// [`synchronized`], with the synchronization's own error.
fn synchronize_system(program: &Program, user: &[String], module: &ast::Module, file: FileId) -> SyncResult<SyncProgram> {
    let specs = Specs::collect(module, program);
    let main = user.last().ok_or_else(|| SyncError::new("no module to verify", None))?;
    let init = program.modules.iter().find(|m| &m.name == main).map(|m| m.init).ok_or_else(|| SyncError::new("no module to verify", None))?;
    if !makes_mailboxes(program, user) {
        return Err(no_system());
    }
    let no_members = HashMap::new();
    let launcher = Extractor::new(program, user, &specs, &no_members, Owner::Node(LAUNCHER.into()), true).run(init, Vec::new(), Vec::new())?;
    if launcher.starts.is_empty() {
        return Err(no_system());
    }
    let role = |f: anerisc_ir::ir::FuncId| program.func(f).name.rsplit('.').next().unwrap_or("").to_string();
    let mut members: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut processes = Vec::new();
    let mut sets = Vec::new();
    for start in launcher.starts.iter().filter(|s| matches!(s.owner, Owner::Member { .. })) {
        let Owner::Member { set, .. } = &start.owner else { continue };
        let Extracted { stmts, locals, .. } = Extractor::new(program, user, &specs, &no_members, start.owner.clone(), false).run(start.func, start.env.clone(), start.args.clone())?;
        members.insert(set.clone(), specs.with_aliases(&role(start.func), locals));
        processes.push(Process { owner: start.owner.clone(), stmts });
        let size = launcher.sets.iter().find(|(s, _)| s == set).map(|(_, n)| n.clone()).ok_or_else(|| SyncError::new(format!("`{set}` is not a node set made by `addresses`"), start.at))?;
        sets.push(NodeSet { name: set.clone(), role: role(start.func), size });
    }
    let mut nodes_locals: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut nodes = Vec::new();
    for start in launcher.starts.iter().filter(|s| matches!(s.owner, Owner::Node(_))) {
        let Owner::Node(name) = &start.owner else { continue };
        let Extracted { stmts, locals, .. } = Extractor::new(program, user, &specs, &members, start.owner.clone(), false).run(start.func, start.env.clone(), start.args.clone())?;
        nodes_locals.insert(name.clone(), specs.with_aliases(&role(start.func), locals));
        processes.push(Process { owner: start.owner.clone(), stmts });
        nodes.push(Node { name: name.clone(), role: role(start.func) });
    }
    for (set, _) in &launcher.sets {
        if !sets.iter().any(|s: &NodeSet| &s.name == set) {
            return Err(SyncError::new(format!("the node set `{set}` is made but none of its members is started"), None)
                .with_help(format!("start them with `List.iter (fun p -> fork (role ...) (mailbox ser p)) {set}`")));
        }
    }
    let mut body = launcher.stmts;
    body.extend(synchronize(processes)?);
    let ensures = spec::ensures(&specs, &SystemScope { nodes: &nodes_locals, members: &members })?;
    Ok(SyncProgram { nodes, sets, body, ensures, file })
}

/// The error for a program that is not a system.
fn no_system() -> SyncError {
    SyncError::new("no system to verify: the top level starts no node", None).with_help(
        "a system's top level makes each node's mailbox with `System_code.mailbox` and starts the nodes: `fork (role args) mb` for each member of a set made by `addresses`, a call `role args mb` for a single node",
    )
}

/// Whether the user's code makes a `System_code` mailbox anywhere.
fn makes_mailboxes(program: &Program, user: &[String]) -> bool {
    let mailbox = program.functions.iter().position(|f| f.name == "System_code.mailbox");
    program.functions.iter().filter(|f| user.iter().any(|u| f.name.split('.').next() == Some(u.as_str()))).flat_map(|f| f.blocks.iter().flat_map(|b| &b.insts)).any(|i| match &i.kind {
        anerisc_ir::ir::InstKind::Call(g, _) | anerisc_ir::ir::InstKind::Closure(g, _) => Some(g.0 as usize) == mailbox,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anerisc_ir::load::{library_sources, lower_checked};
    use crate::sync::error::SyncErrorKind;
    use crate::sync::prog::Stmt;
    use anerisc_frontend::check::{check_program_with, load_library};

    /// The synchronized program of the system `text` (one file).
    fn synchronize_text(text: &str) -> SyncResult<SyncProgram> {
        let library = load_library().expect("the library loads");
        let checked = check_program_with(&library, vec![("sys.ml".into(), text.into())], &[]);
        assert!(!anerisc_diag::diagnostic::has_errors(&checked.diagnostics), "{:?}", checked.diagnostics);
        let loaded = lower_checked(&checked, &library, &library_sources()).expect("the system lowers");
        let m = &checked.modules[checked.roots[0].expect("the root checked")];
        synchronize_system(&loaded.program, &loaded.user_modules, &m.ast, m.file)
    }

    const TOP_LEVEL: &str = "let () =\n  let srv = makeAddress \"127.0.0.1\" 9000 in\n  let cli = makeAddress \"127.0.0.1\" 9001 in\n  let smb = mailbox Serialization_code.int_serializer srv in\n  let cmb = mailbox Serialization_code.int_serializer cli in\n  fork server smb;\n  client srv cmb\n";

    fn system(server: &str, client: &str) -> String {
        format!("open Ast\nopen System_code\nlet server (mb : int mailbox) =\n{server}\nlet client (srv : saddr) (mb : int mailbox) =\n{client}\n{TOP_LEVEL}")
    }

    #[test]
    fn a_request_and_its_reply_are_two_deliveries_between_the_named_nodes() {
        let p = synchronize_text(&system("  let (x, from) = receive mb in send_to mb from (x + 1)", "  send_to mb srv 41; let (y, _) = receive mb in assert (y = 42)")).expect("synchronized");
        assert_eq!(p.nodes.iter().map(|n| (n.name.as_str(), n.role.as_str())).collect::<Vec<_>>(), vec![("srv", "server"), ("cli", "client")]);
        let delivered: Vec<String> = p.body.iter().filter_map(|s| if let Stmt::Deliver { msg, .. } = s { Some(crate::sync::print::var_text(&msg.0)) } else { None }).collect();
        assert_eq!(delivered, vec!["srv.msg", "cli.msg"]);
        assert!(p.body.iter().any(|s| matches!(s, Stmt::Assert { what, .. } if what == "assert")), "the client's assert is an obligation");
    }

    #[test]
    fn a_send_under_a_condition_and_a_loop_are_outside_the_fragment() {
        let e = synchronize_text(&system("  let (x, from) = receive mb in if x > 0 then send_to mb from 1 else send_to mb from 2", "  send_to mb srv 41; ignore (receive mb)")).unwrap_err();
        assert_eq!((e.kind, e.at.map(|at| at.line)), (SyncErrorKind::Unsupported, Some(4)));
        assert!(e.message.contains("a send under a condition"), "{}", e.message);
        let text = system("  let (x, from) = receive mb in if x > 0 then send_to mb from 1 else send_to mb from 2", "");
        let at = e.at.expect("a place").span;
        assert!(["send_to mb from 1", "send_to mb from 2"].contains(&&text[at.range()]), "the diagnostic points at a send, not at its line: {:?}", &text[at.range()]);
        let e = synchronize_text(&system("  let (x, from) = receive mb in send_to mb from x", "  let i = ref 0 in while !i < 2 do incr i done; send_to mb srv 41; ignore (receive mb)")).unwrap_err();
        assert!(e.message.contains("a loop in a node's code"), "{}", e.message);
    }

    #[test]
    fn a_program_without_mailboxes_is_not_a_system() {
        let library = load_library().expect("the library loads");
        let checked = check_program_with(&library, vec![("plain.ml".into(), "let () = print_int 1\n".into())], &[]);
        let loaded = lower_checked(&checked, &library, &library_sources()).expect("lowers");
        let m = &checked.modules[checked.roots[0].expect("checked")];
        let e = synchronized(&loaded.program, &loaded.user_modules, &m.ast, m.file).unwrap_err();
        assert!(e.message.starts_with("no system to verify"), "{}", e.message);
        assert!(e.primary.is_none() && e.file.is_some(), "no place in the file is the problem");
    }
}
