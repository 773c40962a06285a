//! The session checker on a thread of its own, started before the frontend runs, so that
//! Z3 starts up (context, solver, first query: about as long as checking a small program)
//! while the program is parsed, type-checked and lowered. The thread is never joined: once
//! it has answered it waits until the process exits, so Z3's context is not torn down either.
//! Dropping a checker that was given no program (the frontend found errors) waits until Z3
//! has started: a process that exits while Z3 is starting up on another thread may crash.

use super::{check, Options, SessionReport};
use anerisc_ir::ir::Program;
use crate::smt::Prover;
use anerisc_frontend::check::CheckedProgram;
use std::sync::mpsc::{channel, Receiver, Sender};

/// What the checker is given and gives back: the frontend's result, the IR, the user's
/// module names, and (back) the report.
type Job = (CheckedProgram, Program, Vec<String>, Options);
type Done = (CheckedProgram, Program, SessionReport);

/// A session checker waiting for its program on its own thread.
pub struct Background {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// Says (or hangs up) when Z3 has started on the thread.
    warm: Receiver<()>,
}

/// The checker's thread's stack: the walk recurses along call chains.
const STACK: usize = 1 << 30;

impl Background {
    /// Starts the thread and Z3 on it; `None` when the thread cannot be made.
    pub fn start() -> Option<Background> {
        let (jobs, job) = channel::<Job>();
        let (finished, done) = channel::<Done>();
        let (warmed, warm) = channel::<()>();
        std::thread::Builder::new()
            .name("session-checker".into())
            .stack_size(STACK)
            .spawn(move || {
                let prover = Prover::warm();
                let _ = warmed.send(());
                if let Ok((checked, program, users, options)) = job.recv() {
                    let report = check(&checked, &program, &users, options, prover);
                    let _ = finished.send((checked, program, report));
                }
                loop {
                    std::thread::park();
                }
            })
            .ok()?;
        Some(Background { jobs, done, warm })
    }

    /// Checks `program` (see [`check`]) on the thread; gives back what it was given, with
    /// the report, or `None` when the thread failed.
    pub fn check(self, checked: CheckedProgram, program: Program, users: Vec<String>, options: Options) -> Option<Done> {
        self.jobs.send((checked, program, users, options)).ok()?;
        self.done.recv().ok()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        let _ = self.warm.recv();
    }
}
