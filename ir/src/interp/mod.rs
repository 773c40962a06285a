//! The reference interpreter of the IR: runs a verified program with OCaml's semantics.
//! The program runs on a thread with a large stack (deep recursion), `fork` starts real
//! threads, and an uncaught exception is printed as OCaml prints it (exit code 2).

mod net;
mod output;
mod prims;
mod printf;
pub mod value;

use crate::ir::*;
use anerisc_runtime::error::{ErrorKind, RtError};
use output::Output;
use std::sync::{Arc, Mutex};
use value::{Closure, Value};

/// How evaluation stops early.
#[derive(Debug)]
pub enum Unwind {
    /// An OCaml exception.
    Exn(Value),
    /// `exit n`.
    Exit(i32),
    /// Something the interpreter cannot do; the message (exit code 2).
    Fatal(String),
}

type R<T> = Result<T, Unwind>;

/// Stack of the main interpreter thread (deep recursion needs it; the memory is only
/// reserved, not used, until the recursion gets there).
const MAIN_STACK: usize = 4 << 30;
/// Stack of threads started by `fork`.
const FORK_STACK: usize = 512 << 20;

/// The shared state of a running program.
pub struct Interp {
    program: Program,
    globals: Vec<Mutex<Value>>,
    argv: Value,
    out: Output,
    threads: Mutex<Vec<std::thread::JoinHandle<()>>>,
    thread_count: Mutex<u32>,
    rng: Mutex<u64>,
}

/// Runs `program` with command-line arguments `argv`; returns the process's exit code.
pub fn run_program(program: Program, argv: Vec<String>) -> u8 {
    let globals = program.globals.iter().map(|_| Mutex::new(Value::UNIT)).collect();
    let argv = Value::Array(Arc::new(Mutex::new(argv.into_iter().map(Value::str).collect())));
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
    let interp = Arc::new(Interp {
        program,
        globals,
        argv,
        out: Output::default(),
        threads: Mutex::new(Vec::new()),
        thread_count: Mutex::new(0),
        rng: Mutex::new(seed),
    });
    let main = {
        let interp = interp.clone();
        std::thread::Builder::new().stack_size(MAIN_STACK).spawn(move || interp.run_inits())
    };
    let result = match main {
        Ok(handle) => handle.join().unwrap_or_else(|_| Err(Unwind::Fatal("internal error: the interpreter panicked".into()))),
        Err(e) => Err(Unwind::Fatal(format!("error: cannot start the interpreter thread: {e}"))),
    };
    let code = match result {
        Ok(()) => {
            interp.join_threads();
            0
        }
        Err(u) => interp.report(u),
    };
    interp.out.flush_all();
    code
}

impl Interp {
    fn run_inits(self: &Arc<Self>) -> R<()> {
        for m in self.program.modules.clone() {
            self.call(m.init, Arc::new(Vec::new()), Vec::new())?;
        }
        Ok(())
    }

    fn join_threads(&self) {
        loop {
            let next = self.threads.lock().ok().and_then(|mut t| t.pop());
            match next {
                Some(h) => {
                    let _ = h.join();
                }
                None => return,
            }
        }
    }

    /// Prints an uncaught exception or fatal error and gives the exit code.
    fn report(&self, u: Unwind) -> u8 {
        self.out.flush_all();
        match u {
            Unwind::Exn(e) => {
                self.out.err(format!("Fatal error: exception {}\n", self.exn_text(&e)).as_bytes());
                2
            }
            Unwind::Exit(n) => n as u8,
            Unwind::Fatal(msg) => {
                self.out.err(format!("{msg}\n").as_bytes());
                2
            }
        }
    }

    /// An exception as OCaml's `Printexc.to_string` prints it: `Failure("boom")`,
    /// `Not_found`, `Main.E(1, "x", _)`, and assertion and match failures with their place.
    pub fn exn_text(&self, e: &Value) -> String {
        let Value::Exn(id, args) = e else { return "_".into() };
        let name = self.program.exceptions.get(id.0 as usize).map_or("?", |d| d.name.as_str()).to_string();
        if let ("Match_failure" | "Assert_failure", [Value::Block(_, place)]) = (name.as_str(), args.as_slice()) {
            if let [Value::Str(file), Value::Int(line), Value::Int(col)] = place.as_slice() {
                let (width, what) = if name == "Assert_failure" { (6, "Assertion failed") } else { (5, "Pattern matching failed") };
                return format!("File \"{}\", line {line}, characters {col}-{}: {what}", String::from_utf8_lossy(file), col + width);
            }
        }
        if args.is_empty() {
            return name;
        }
        let parts: Vec<String> = args
            .iter()
            .map(|a| match a {
                Value::Int(n) => n.to_string(),
                Value::Str(s) => format!("\"{}\"", String::from_utf8_lossy(&prims::escaped(s))),
                Value::Float(x) => String::from_utf8_lossy(&printf::string_of_float(*x)).into_owned(),
                _ => "_".into(),
            })
            .collect();
        format!("{name}({})", parts.join(", "))
    }

    fn exn(&self, index: u32, args: Vec<Value>) -> Unwind {
        Unwind::Exn(Value::Exn(ExnId(index), Arc::new(args)))
    }

    /// `Failure msg`.
    fn failure(&self, msg: &str) -> Unwind {
        self.exn(0, vec![Value::str(msg)])
    }

    /// `Invalid_argument msg`.
    fn invalid_arg(&self, msg: &str) -> Unwind {
        self.exn(2, vec![Value::str(msg)])
    }

    /// The exception a runtime error becomes (the same one compiled code raises).
    fn rt_error(&self, e: RtError) -> Unwind {
        match e.kind {
            ErrorKind::Failure => self.failure(&e.message),
            ErrorKind::InvalidArgument => self.invalid_arg(&e.message),
            ErrorKind::SysError => self.exn(7, vec![Value::str(e.message)]),
        }
    }

    /// Applies a closure to arguments (partial application and over-application included).
    pub fn apply(self: &Arc<Self>, f: &Value, args: Vec<Value>) -> R<Value> {
        let Value::Closure(c) = f else {
            return Err(Unwind::Fatal("internal error: applying a value that is not a function".into()));
        };
        let arity = self.program.func(c.func).params.len();
        let mut all = c.args.clone();
        all.extend(args);
        if all.len() < arity {
            return Ok(Value::Closure(Arc::new(Closure { func: c.func, env: c.env.clone(), args: all })));
        }
        let rest = all.split_off(arity);
        let r = self.call(c.func, c.env.clone(), all)?;
        if rest.is_empty() {
            Ok(r)
        } else {
            self.apply(&r, rest)
        }
    }

    /// Runs function `id` with environment `env` and exactly its arguments. A call or
    /// full application whose result the block returns is a tail call: it reuses this
    /// activation instead of nesting one, so tail-recursive loops run in constant stack.
    fn call(self: &Arc<Self>, mut id: FuncId, mut env: Arc<Vec<Value>>, mut args: Vec<Value>) -> R<Value> {
        'activation: loop {
            let f = self.program.func(id);
            let mut vars: Vec<Value> = vec![Value::UNIT; f.vars.len()];
            for (v, x) in f.env.iter().zip(env.iter()) {
                vars[v.0 as usize] = x.clone();
            }
            for (v, x) in f.params.iter().zip(std::mem::take(&mut args)) {
                vars[v.0 as usize] = x;
            }
            let mut block = 0usize;
            loop {
                let b = &f.blocks[block];
                let tail_index = match b.insts.last() {
                    Some(Inst { dest: Some(d), .. }) if f.returns_directly(&b.term, *d) => b.insts.len() - 1,
                    _ => usize::MAX,
                };
                for (k, inst) in b.insts.iter().enumerate() {
                    if k == tail_index {
                        if let Some((callee, callee_env, callee_args)) = self.tail_call(&inst.kind, &vars) {
                            (id, env, args) = (callee, callee_env, callee_args);
                            continue 'activation;
                        }
                    }
                    let v = self.inst(&inst.kind, &vars, &env)?;
                    if let Some(d) = inst.dest {
                        vars[d.0 as usize] = v;
                    }
                }
                let get = |v: &Var| vars[v.0 as usize].clone();
                let (target, next): (usize, Vec<Value>) = match &b.term {
                    Terminator::Return(v) => return Ok(get(v)),
                    Terminator::Jump(t) => (t.block.0 as usize, t.args.iter().map(get).collect()),
                    Terminator::Branch(c, t, e) => {
                        let t = if matches!(get(c), Value::Int(0)) { e } else { t };
                        (t.block.0 as usize, t.args.iter().map(get).collect())
                    }
                    Terminator::Switch { value, cases, default } => {
                        let v = get(value);
                        let hit = cases.iter().find(|(k, _)| key_matches(k, &v)).map(|(_, b)| *b).or(*default);
                        match hit {
                            Some(b) => (b.0 as usize, Vec::new()),
                            None => return Err(Unwind::Fatal(format!("internal error: no case of a switch in @{} matches", f.name))),
                        }
                    }
                    Terminator::TryCall { body, normal, handler } => match self.apply(&get(body), vec![Value::UNIT]) {
                        Ok(v) => (normal.0 as usize, vec![v]),
                        Err(Unwind::Exn(e)) => (handler.0 as usize, vec![e]),
                        Err(other) => return Err(other),
                    },
                    Terminator::Unreachable => return Err(Unwind::Fatal(format!("internal error: reached unreachable code in @{}", f.name))),
                };
                for (p, a) in f.blocks[target].params.iter().zip(next) {
                    vars[p.0 as usize] = a;
                }
                block = target;
            }
        }
    }

    /// The function, environment and arguments of a call that can replace the current
    /// activation (a direct call, or a closure applied to exactly its missing arguments).
    fn tail_call(&self, kind: &InstKind, vars: &[Value]) -> Option<(FuncId, Arc<Vec<Value>>, Vec<Value>)> {
        let get = |v: &Var| vars[v.0 as usize].clone();
        match kind {
            InstKind::Call(f, args) => Some((*f, Arc::new(Vec::new()), args.iter().map(get).collect())),
            InstKind::Apply(c, args) => match get(c) {
                Value::Closure(c) if c.args.len() + args.len() == self.program.func(c.func).params.len() => {
                    let mut all = c.args.clone();
                    all.extend(args.iter().map(get));
                    Some((c.func, c.env.clone(), all))
                }
                _ => None,
            },
            _ => None,
        }
    }

    fn inst(self: &Arc<Self>, kind: &InstKind, vars: &[Value], env: &Arc<Vec<Value>>) -> R<Value> {
        let get = |v: &Var| vars[v.0 as usize].clone();
        let all = |vs: &[Var]| vs.iter().map(get).collect::<Vec<_>>();
        Ok(match kind {
            InstKind::Const(c) => match c {
                Const::Int(n) | Const::Ctor(n) => Value::Int(*n),
                Const::Bool(b) => Value::bool(*b),
                Const::Char(c) => Value::Int(*c as i64),
                Const::Unit => Value::UNIT,
                Const::Float(x) => Value::Float(*x),
                Const::Str(s) => Value::str(s.clone()),
            },
            InstKind::Prim(p, args) => match args.as_slice() {
                [a, b] => match (&vars[a.0 as usize], &vars[b.0 as usize]) {
                    (Value::Int(x), Value::Int(y)) => match prims::int_fast_path(*p, *x, *y) {
                        Some(v) => v,
                        None => self.prim(*p, all(args))?,
                    },
                    _ => self.prim(*p, all(args))?,
                },
                _ => self.prim(*p, all(args))?,
            },
            InstKind::Printf(kind, pieces, args) => self.printf(*kind, pieces, all(args))?,
            InstKind::Global(g) => self.globals[g.0 as usize].lock().map(|v| v.clone()).unwrap_or(Value::UNIT),
            InstKind::SetGlobal(g, v) => {
                if let Ok(mut slot) = self.globals[g.0 as usize].lock() {
                    *slot = get(v);
                }
                Value::UNIT
            }
            InstKind::Closure(f, caps) => Value::Closure(Arc::new(Closure { func: *f, env: Arc::new(all(caps)), args: Vec::new() })),
            InstKind::Sibling(f) => Value::Closure(Arc::new(Closure { func: *f, env: env.clone(), args: Vec::new() })),
            InstKind::Apply(f, args) => self.apply(&get(f), all(args))?,
            InstKind::Call(f, args) => self.call(*f, Arc::new(Vec::new()), all(args))?,
            InstKind::Make(tag, args) => Value::block(*tag, all(args)),
            InstKind::Field(v, i) => match get(v) {
                Value::Block(_, fields) => fields.get(*i as usize).cloned().unwrap_or(Value::UNIT),
                Value::Ref(r) if *i == 0 => r.lock().map(|v| v.clone()).unwrap_or(Value::UNIT),
                _ => return Err(Unwind::Fatal("internal error: field of a value that is not a block".into())),
            },
            InstKind::MakeExn(e, args) => Value::Exn(*e, Arc::new(all(args))),
            InstKind::ExnArg(v, i) => match get(v) {
                Value::Exn(_, args) => args.get(*i as usize).cloned().unwrap_or(Value::UNIT),
                _ => return Err(Unwind::Fatal("internal error: argument of a value that is not an exception".into())),
            },
            InstKind::Fork(f, x) => {
                self.fork(get(f), get(x))?;
                Value::UNIT
            }
            InstKind::Chan { implementation: Some(g), args, .. } => {
                let f = self.globals[g.0 as usize].lock().map(|v| v.clone()).unwrap_or(Value::UNIT);
                self.apply(&f, all(args))?
            }
            InstKind::Chan { op, implementation: None, args, .. } => self.chan_op(*op, &all(args))?,
        })
    }

    fn fork(self: &Arc<Self>, f: Value, x: Value) -> R<()> {
        let me = self.clone();
        let n = {
            let mut c = self.thread_count.lock().map_err(|_| Unwind::Fatal("internal error: thread counter".into()))?;
            *c += 1;
            *c
        };
        let handle = std::thread::Builder::new()
            .stack_size(FORK_STACK)
            .spawn(move || match me.apply(&f, vec![x]) {
                Ok(_) => {}
                Err(Unwind::Exn(e)) => {
                    me.out.flush_all();
                    me.out.err(format!("Thread {n} killed on uncaught exception {}\n", me.exn_text(&e)).as_bytes());
                }
                Err(Unwind::Exit(code)) => {
                    me.out.flush_all();
                    std::process::exit(code);
                }
                Err(Unwind::Fatal(msg)) => {
                    me.out.flush_all();
                    me.out.err(format!("{msg}\n").as_bytes());
                    std::process::exit(2);
                }
            })
            .map_err(|e| Unwind::Fatal(format!("error: cannot start a thread: {e}")))?;
        if let Ok(mut t) = self.threads.lock() {
            t.push(handle);
        }
        Ok(())
    }
}

fn key_matches(k: &Key, v: &Value) -> bool {
    match (k, v) {
        (Key::Imm(n), Value::Int(m)) => n == m,
        (Key::Tag(t), Value::Block(u, _)) => t == u,
        (Key::Str(s), Value::Str(t)) => s.as_slice() == t.as_slice(),
        (Key::Float(x), Value::Float(y)) => x == y,
        (Key::Exn(e), Value::Exn(f, _)) => e == f,
        _ => false,
    }
}
