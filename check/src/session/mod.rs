//! The session-protocol checker (docs/protocols.md): protocols as graphs ([`graph`]), endpoint
//! states with sending ahead ([`cursor`]), what loops may assume ([`loops`]), the walk over
//! the IR ([`walk`]), which reports problems as diagnostics at the spans of the instructions
//! and decides obligations ([`obligation`]).

pub mod background;
pub mod cursor;
pub mod graph;
pub mod loops;
pub mod obligation;
pub mod walk;

use anerisc_ir::ir::Program;
use crate::smt::{Prover, Verdict};
use anerisc_frontend::check::CheckedProgram;
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::{Diagnostic, Severity};
use anerisc_diag::span::Span;
use graph::Graph;
use obligation::ObligationKind;
use std::collections::HashMap;
use walk::Unchecked;
use std::time::{Duration, Instant};

/// How strict the checker is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Unproven asserts are errors.
    pub deny_unproven: bool,
    /// Sockets without a protocol are errors.
    pub deny_unchecked: bool,
}

/// An obligation site with its combined verdict, for `--verbose`.
#[derive(Debug, Clone)]
pub struct ObligationSite {
    /// `file:line`.
    pub place: String,
    /// What must hold.
    pub what: String,
    /// Proven on every path, or the first verdict that is not.
    pub verdict: Verdict,
    /// Time over all paths.
    pub time: Duration,
    /// On how many paths it was decided.
    pub paths: usize,
}

/// The checker's findings and timings.
#[derive(Debug, Default)]
pub struct SessionReport {
    /// Diagnostics (errors, warnings, notes).
    pub diagnostics: Vec<Diagnostic>,
    /// Every obligation site, in the order met.
    pub obligations: Vec<ObligationSite>,
    /// Time spent walking (Z3 excluded).
    pub walk_time: Duration,
    /// Time spent in Z3.
    pub z3_time: Duration,
    /// Protocol states and verdicts at the instructions walked (`anerisc ir` prints them).
    pub comments: anerisc_ir::print::Comments,
}

/// Checks the channels and asserts of the user modules `user_modules` of `program`, whose
/// frontend result is `checked`, deciding obligations with `prover`.
pub fn check(checked: &CheckedProgram, program: &Program, user_modules: &[String], options: Options, prover: Prover) -> SessionReport {
    let start = Instant::now();
    let mut report = SessionReport::default();
    let mut graphs = Vec::new();
    let mut protocols = HashMap::new();
    for m in &checked.modules {
        for decl in m.protocols.table.iter() {
            match Graph::build(&decl.name.name, &decl.body) {
                Ok(g) => {
                    protocols.insert((m.typed.name.clone(), decl.name.name.clone()), graphs.len());
                    graphs.push(g);
                }
                Err(why) => report.diagnostics.push(
                    Diagnostic::new(Code::SessionNotFollowed, format!("not supported yet: protocol `{}`: {why}", decl.name.name), decl.span)
                        .with_label("channels of this protocol are not checked"),
                ),
            }
        }
    }
    let mut walker = walk::Walker::new(program, &graphs, &protocols, &checked.sources, prover);
    walker.run(user_modules);
    let mut seen = Vec::new();
    for d in std::mem::take(&mut walker.problems) {
        let key = (d.code, d.primary.as_ref().map(|l| l.span), d.message.clone());
        if !seen.contains(&key) {
            seen.push(key);
            report.diagnostics.push(d);
        }
    }
    // Obligation sites: one per (function, span, what), verdicts combined over paths.
    let mut sites: Vec<(anerisc_ir::ir::FuncId, Option<Span>, ObligationKind, ObligationSite)> = Vec::new();
    for o in &walker.obligations {
        match sites.iter_mut().find(|(f, at, k, s)| *f == o.func && *at == o.span && *k == o.kind && s.what == o.what) {
            Some((_, _, _, s)) => {
                s.time += o.time;
                s.paths += 1;
                if s.verdict.is_proven() && !o.verdict.is_proven() {
                    s.verdict = o.verdict.clone();
                }
            }
            None => sites.push((o.func, o.span, o.kind, ObligationSite { place: place(program, o.span), what: o.what.clone(), verdict: o.verdict.clone(), time: o.time, paths: 1 })),
        }
    }
    for (_, span, kind, site) in &sites {
        if *kind == ObligationKind::Assert && !site.verdict.is_proven() {
            let shown = span.filter(|s| program.in_user_file(*s)).unwrap_or_default();
            let mut d = Diagnostic::new(Code::AssertUnproven, "this assert could not be proven", shown)
                .with_label("Z3 cannot show that this always holds");
            match &site.verdict {
                Verdict::Refuted(values) if !values.is_empty() => d = d.with_note(format!("counterexample: {}", Verdict::counterexample(values))),
                Verdict::Unknown(why) => d = d.with_note(format!("not decided: {why}")),
                _ => {}
            }
            d = d.with_note("the assert stays in the program and is checked when it runs");
            if options.deny_unproven {
                d = d.with_severity(Severity::Error);
            }
            report.diagnostics.push(d.with_help("add the missing fact (a protocol refinement, or a test before the assert)"));
        }
    }
    if let Some((span, what)) = walker.unchecked.first() {
        let (message, help) = match what {
            Unchecked::Rpc => ("this RPC endpoint has no protocol: its requests and replies are not checked", "attach a protocol: rpc_start ... [@protocol name]"),
            Unchecked::Socket => ("this socket has no protocol: its channels are not checked", "attach a protocol: make_client_skt ... [@protocol name]"),
        };
        let mut d = Diagnostic::new(Code::UncheckedSocket, message, *span).with_label("unchecked");
        if walker.unchecked.len() > 1 {
            d = d.with_note(format!("{} more unchecked socket(s) or RPC endpoint(s) in the program", walker.unchecked.len() - 1));
        }
        if options.deny_unchecked {
            d = d.with_severity(Severity::Error);
        }
        report.diagnostics.push(d.with_help(help));
    }
    report.obligations = sites.into_iter().map(|(_, _, _, s)| s).collect();
    report.comments = std::mem::take(&mut walker.comments);
    report.z3_time = walker.prover.time;
    report.walk_time = start.elapsed().saturating_sub(report.z3_time);
    report
}

/// `file:line` of `span` in `program` (`:0` when there is none).
fn place(program: &Program, span: Option<Span>) -> String {
    match span.and_then(|s| program.source(s.file).map(|f| (f, s))) {
        Some((file, s)) => format!("{}:{}", file.name, program.line(s)),
        None => ":0".into(),
    }
}

#[cfg(test)]
mod tests;
