//! Extraction: one node's IR code as a process program (docs/verification.md). The node's role
//! function and everything it calls are evaluated symbolically, block by block in an order where
//! predecessors come first; values meeting at a join become `if`-expressions, refs are
//! followed through a store, and what matters to the system — sends, receives, loops over node
//! sets, obligations, named locals — becomes statements. The launcher is evaluated the same way
//! to find the nodes it starts.

use super::error::{SyncError, SyncResult};
use super::prog::{Expr, NodeRef, Owner, Place, Sort, Stmt, Var};
use super::shape::{failure_of, Shape};
use super::simplify::{and, field, is, ite, not};
use super::spec::{self, InvariantScope, Specs};
use anerisc_ir::ir::{BlockId, Const, FuncId, GlobalId, Inst, InstKind, Program, Terminator, Ty};
use anerisc_ir::prim::Prim;
use std::collections::HashMap;

/// A value during extraction.
#[derive(Debug, Clone, PartialEq)]
pub enum XVal {
    /// A value the process language expresses.
    Term(Expr),
    /// A closure with the arguments it has been given so far.
    Closure {
        /// Its code.
        func: FuncId,
        /// Its captured values.
        env: Vec<XVal>,
        /// Arguments of a partial application.
        args: Vec<XVal>,
    },
    /// A ref of the node (an index into the store).
    Ref(usize),
    /// The addresses of a node set.
    Set(String),
    /// The mailbox of the node at an address.
    Mailbox(Expr),
    /// A block with a field the process language does not express (a closure, a mailbox...).
    Block(u32, Vec<XVal>),
    /// A value the verifier does not follow, and what it is.
    Opaque(String),
}

/// A node the launcher starts: its role function, arguments and identity.
#[derive(Debug, Clone)]
pub struct Start {
    /// The role function.
    pub func: FuncId,
    /// Its arguments (closure environment first).
    pub env: Vec<XVal>,
    /// Its arguments.
    pub args: Vec<XVal>,
    /// Who it is (by the address of its mailbox).
    pub owner: Owner,
    /// Where it is started.
    pub at: Option<Place>,
}

/// What extraction made of one piece of code.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The statements, in order.
    pub stmts: Vec<Stmt>,
    /// Each source name bound at the top of the code, with the variable holding its last value.
    pub locals: HashMap<String, String>,
    /// The nodes started (launcher only).
    pub starts: Vec<Start>,
    /// The node sets made, with their sizes (launcher only).
    pub sets: Vec<(String, Expr)>,
}

/// One incoming edge of a block: its condition, its arguments and the store along it.
struct Edge {
    guard: Expr,
    args: Vec<XVal>,
    store: Vec<Expr>,
}

/// The symbolic evaluator of one node's code.
#[derive(Clone)]
pub struct Extractor<'p> {
    program: &'p Program,
    user: &'p [String],
    specs: &'p Specs,
    /// Each set's members' locals, for invariants.
    members: &'p HashMap<String, HashMap<String, String>>,
    globals: HashMap<GlobalId, XVal>,
    owner: Owner,
    launcher: bool,
    /// Each ref's source name and the variable that holds it when it has to be named.
    cells: Vec<(String, String)>,
    /// Each ref's contents.
    store: Vec<Expr>,
    out: Vec<Stmt>,
    locals: HashMap<String, String>,
    used: HashMap<String, u32>,
    stack: Vec<FuncId>,
    env: Vec<XVal>,
    /// Whether the code being evaluated runs on every normal run of the node.
    total: bool,
    starts: Vec<Start>,
    sets: Vec<(String, Expr)>,
}

/// The name of the module a function belongs to.
fn module_of(name: &str) -> &str {
    name.split('.').next().unwrap_or("")
}

impl<'p> Extractor<'p> {
    /// An evaluator of `owner`'s code in `program` (whose user modules are `user`), the
    /// launcher's when `launcher`; invariants may speak of the `members`' locals.
    pub fn new(program: &'p Program, user: &'p [String], specs: &'p Specs, members: &'p HashMap<String, HashMap<String, String>>, owner: Owner, launcher: bool) -> Extractor<'p> {
        Extractor {
            program,
            user,
            specs,
            members,
            globals: known_globals(program),
            owner,
            launcher,
            cells: Vec::new(),
            store: Vec::new(),
            out: Vec::new(),
            locals: HashMap::new(),
            used: HashMap::new(),
            stack: Vec::new(),
            env: Vec::new(),
            total: true,
            starts: Vec::new(),
            sets: Vec::new(),
        }
    }

    /// Evaluates `func` with `env` and `args` and returns what it made. A node's refs end as
    /// named variables holding their final contents, so specifications can read them.
    pub fn run(mut self, func: FuncId, env: Vec<XVal>, args: Vec<XVal>) -> SyncResult<Extracted> {
        self.call(func, env, args, Place::of(self.program, self.program.func(func).line))?;
        for r in 0..self.cells.len() {
            let (source, var) = self.cells[r].clone();
            if source.is_empty() {
                continue;
            }
            let value = self.store[r].clone();
            let v = self.var(&var);
            if value != Expr::Var(v.clone()) {
                self.out.push(Stmt::Assign { var: v, value, at: None });
            }
            self.locals.insert(source, var);
        }
        Ok(Extracted { stmts: self.out, locals: self.locals, starts: self.starts, sets: self.sets })
    }

    fn var(&self, name: &str) -> Var {
        Var { owner: self.owner.clone(), name: name.to_string() }
    }

    /// A variable name of this owner not used yet, after `source`.
    fn fresh(&mut self, source: &str) -> String {
        let n = self.used.entry(source.to_string()).or_insert(0);
        *n += 1;
        if *n == 1 {
            source.to_string()
        } else {
            format!("{source}_{n}")
        }
    }

    fn is_user(&self, f: FuncId) -> bool {
        let m = module_of(&self.program.func(f).name);
        self.user.iter().any(|u| u == m)
    }

    fn call(&mut self, f: FuncId, env: Vec<XVal>, args: Vec<XVal>, at: Option<Place>) -> SyncResult<XVal> {
        if self.stack.contains(&f) {
            return Err(SyncError::new(format!("not supported yet: recursion in a node's code (`{}`)", self.program.func(f).name), at)
                .with_help("a verified node loops only with `List.iter` over a node set"));
        }
        if self.stack.len() > 64 {
            return Err(SyncError::new("calls nested too deeply to follow", at));
        }
        self.stack.push(f);
        let saved = std::mem::replace(&mut self.env, env);
        let result = self.body(f, args);
        self.env = saved;
        self.stack.pop();
        result
    }

    fn body(&mut self, f: FuncId, args: Vec<XVal>) -> SyncResult<XVal> {
        let func = &self.program.func(f);
        let shape = Shape::of(self.program, func)?;
        let mut vals: HashMap<anerisc_ir::ir::Var, XVal> = HashMap::new();
        for (v, x) in func.env.iter().zip(self.env.clone()) {
            vals.insert(*v, x);
        }
        let top = self.stack.len() == 1;
        for (v, x) in func.params.iter().zip(args) {
            let x = self.named(func, *v, x, top, Place::of(self.program, func.line));
            vals.insert(*v, x);
        }
        let mut incoming: HashMap<BlockId, Vec<Edge>> = HashMap::new();
        let mut returns: Vec<Edge> = Vec::new();
        let outer_total = self.total;
        for &b in &shape.order {
            if !shape.returns[b.0 as usize] {
                continue;
            }
            let block = &func.blocks[b.0 as usize];
            let at = Place::of(self.program, block.insts.iter().find_map(|i| i.line));
            self.total = outer_total && shape.total[b.0 as usize];
            let guard = if b.0 == 0 {
                Expr::Bool(true)
            } else {
                let edges = incoming.remove(&b).unwrap_or_default();
                if edges.is_empty() {
                    continue;
                }
                let (guard, params, store) = merge_edges(edges, at)?;
                self.store = store;
                for (p, x) in block.params.iter().zip(params) {
                    let x = self.named(func, *p, x, top, at);
                    vals.insert(*p, x);
                }
                guard
            };
            for inst in &block.insts {
                let value = self.inst(func, inst, &vals)?;
                if let Some(d) = inst.dest {
                    let value = self.named(func, d, value, top, Place::of(self.program, inst.line));
                    vals.insert(d, value);
                }
            }
            let get = |v: &anerisc_ir::ir::Var| vals.get(v).cloned().unwrap_or(XVal::Opaque("a value".into()));
            let mut go = |this: &mut Self, g: Expr, target: BlockId, args: Vec<XVal>| {
                if g == Expr::Bool(false) {
                    return;
                }
                if shape.returns[target.0 as usize] {
                    incoming.entry(target).or_default().push(Edge { guard: g, args, store: this.store.clone() });
                } else {
                    let (what, at) = failure_of(this.program, func, target);
                    this.out.push(Stmt::Assert { cond: not(g), what, at });
                }
            };
            match &block.term {
                Terminator::Jump(t) => go(self, guard, t.block, t.args.iter().map(get).collect()),
                Terminator::Branch(c, a, b2) => {
                    let c = self.term(get(c), at, "a condition")?;
                    go(self, and(guard.clone(), c.clone()), a.block, a.args.iter().map(get).collect());
                    go(self, and(guard, not(c)), b2.block, b2.args.iter().map(get).collect());
                }
                Terminator::Switch { value, cases, default } => {
                    let tested = get(value);
                    let mut none = Expr::Bool(true);
                    for (key, target) in cases {
                        let hit = match &tested {
                            XVal::Block(t, _) => Expr::Bool(matches!(key, anerisc_ir::ir::Key::Tag(k) if k == t)),
                            other => is(self.term(other.clone(), at, "a matched value")?, key),
                        };
                        go(self, and(guard.clone(), hit.clone()), *target, Vec::new());
                        none = and(none, not(hit));
                    }
                    if let Some(d) = default {
                        go(self, and(guard, none), *d, Vec::new());
                    }
                }
                Terminator::Return(v) => returns.push(Edge { guard, args: vec![get(v)], store: self.store.clone() }),
                Terminator::TryCall { .. } => {
                    return Err(SyncError::new("not supported yet: `try ... with` in a node's code", at));
                }
                Terminator::Unreachable => {}
            }
        }
        self.total = outer_total;
        if returns.is_empty() {
            return Ok(XVal::Opaque("a call that does not return".into()));
        }
        let (_, mut result, store) = merge_edges(returns, Place::of(self.program, func.line))?;
        self.store = store;
        Ok(result.pop().unwrap_or(XVal::Term(Expr::Unit)))
    }

    /// `value`, bound to IR variable `v`: when `v` has a source name, `top` (the role
    /// function's own code) and the code runs on every normal run, a statement names it.
    fn named(&mut self, func: &anerisc_ir::ir::Function, v: anerisc_ir::ir::Var, value: XVal, top: bool, at: Option<Place>) -> XVal {
        let Some(source) = func.vars[v.0 as usize].name.clone() else { return value };
        match value {
            XVal::Term(e) if top && self.total && !matches!(e, Expr::Addr(_)) => {
                if let Expr::Var(existing) = &e {
                    if existing.owner == self.owner && self.locals.get(&source) == Some(&existing.name) {
                        return XVal::Term(e);
                    }
                }
                let name = self.fresh(&source);
                let var = self.var(&name);
                self.out.push(Stmt::Assign { var: var.clone(), value: e, at });
                self.locals.insert(source, name);
                XVal::Term(Expr::Var(var))
            }
            XVal::Ref(r) if self.cells[r].0.is_empty() => {
                self.cells[r].0 = source;
                XVal::Ref(r)
            }
            other => other,
        }
    }

    /// The expression `x` is, or an error saying that the verifier does not follow `what`.
    fn term(&self, x: XVal, at: Option<Place>, what: &str) -> SyncResult<Expr> {
        match x {
            XVal::Term(e) => Ok(e),
            XVal::Opaque(o) => Err(SyncError::new(format!("not supported yet: {what} that depends on {o}"), at)
                .with_help("a verified system's messages and conditions are ints, bools, chars, strings, tuples and variants of those")),
            other => Err(SyncError::new(format!("not supported yet: {what} that is {}", describe(&other)), at)),
        }
    }

    /// A new arbitrary value of `ty`, assigned to a variable named after `name` (or `what`);
    /// an opaque value when `ty` is not an int, bool, char or string, or when the code does
    /// not run on every run of the node (the assignment would be conditional).
    fn arbitrary(&mut self, what: &str, ty: Ty, name: Option<&str>, at: Option<Place>) -> XVal {
        let sort = match ty {
            Ty::Int | Ty::Char => Sort::Int,
            Ty::Bool => Sort::Bool,
            Ty::Str => Sort::Str,
            _ => return XVal::Opaque(format!("`{what}`")),
        };
        if !self.total {
            return XVal::Opaque(format!("`{what}` under a condition"));
        }
        let fresh = self.fresh(name.unwrap_or_else(|| what.rsplit('.').next().unwrap_or(what)));
        if let Some(source) = name {
            self.locals.insert(source.to_string(), fresh.clone());
        }
        let var = self.var(&fresh);
        self.out.push(Stmt::Assign { var: var.clone(), value: Expr::Arbitrary { what: what.to_string(), sort }, at });
        XVal::Term(Expr::Var(var))
    }

    fn event_allowed(&self, what: &str, at: Option<Place>) -> SyncResult<()> {
        if self.total {
            Ok(())
        } else {
            Err(SyncError::new(format!("not supported yet: {what} under a condition"), at)
                .with_help("communicate on every run of the node: compute the message with the condition instead (`send_to mb dst (if c then A else B)`)"))
        }
    }

    fn inst(&mut self, func: &anerisc_ir::ir::Function, inst: &Inst, vals: &HashMap<anerisc_ir::ir::Var, XVal>) -> SyncResult<XVal> {
        let get = |v: &anerisc_ir::ir::Var| vals.get(v).cloned().unwrap_or(XVal::Opaque("a value".into()));
        let at = Place::of(self.program, inst.line);
        let dest_name = inst.dest.and_then(|d| func.vars[d.0 as usize].name.clone());
        let dest_ty = inst.dest.map(|d| func.ty(d)).unwrap_or(Ty::Unit);
        Ok(match &inst.kind {
            InstKind::Const(c) => match c {
                Const::Int(n) => XVal::Term(Expr::Int(*n)),
                Const::Bool(b) => XVal::Term(Expr::Bool(*b)),
                Const::Char(c) => XVal::Term(Expr::Char(*c)),
                Const::Unit => XVal::Term(Expr::Unit),
                Const::Str(s) => XVal::Term(Expr::Str(s.clone())),
                Const::Ctor(n) => XVal::Term(Expr::Ctor(*n)),
                Const::Float(_) => XVal::Opaque("a float".into()),
            },
            InstKind::Prim(p, args) => {
                let args: Vec<XVal> = args.iter().map(get).collect();
                self.prim(*p, args, dest_name.as_deref(), dest_ty, at)?
            }
            InstKind::Printf(kind, _, _) => match kind {
                anerisc_frontend::typed::PrintfKind::Sprintf => XVal::Opaque("a `Printf.sprintf` string".into()),
                _ => XVal::Term(Expr::Unit),
            },
            InstKind::Global(g) => self.globals.get(g).cloned().unwrap_or_else(|| XVal::Opaque(format!("`{}`", self.program.globals[g.0 as usize].name))),
            InstKind::SetGlobal(..) => XVal::Term(Expr::Unit),
            InstKind::Closure(f, caps) => XVal::Closure { func: *f, env: caps.iter().map(get).collect(), args: Vec::new() },
            InstKind::Sibling(f) => XVal::Closure { func: *f, env: self.env.clone(), args: Vec::new() },
            InstKind::Apply(c, args) => {
                let args = args.iter().map(get).collect();
                self.apply(get(c), args, dest_name.as_deref(), at)?
            }
            InstKind::Call(f, args) => {
                let args = args.iter().map(get).collect();
                self.direct(*f, Vec::new(), args, dest_name.as_deref(), at)?
            }
            InstKind::Make(tag, fields) => {
                let fields: Vec<XVal> = fields.iter().map(get).collect();
                match fields.iter().map(|x| if let XVal::Term(e) = x { Some(e.clone()) } else { None }).collect::<Option<Vec<_>>>() {
                    Some(es) => XVal::Term(Expr::Make(*tag, es)),
                    None => XVal::Block(*tag, fields),
                }
            }
            InstKind::Field(v, i) => match get(v) {
                XVal::Block(_, fields) => fields.get(*i as usize).cloned().unwrap_or(XVal::Opaque("a field".into())),
                XVal::Term(e) => XVal::Term(field(e, *i)),
                other => other,
            },
            InstKind::MakeExn(..) | InstKind::ExnArg(..) => XVal::Opaque("an exception".into()),
            InstKind::Fork(f, x) => {
                if !self.launcher {
                    return Err(SyncError::new("not supported yet: `fork` in a node's code", at).with_help("the launcher starts the nodes; a node's code is sequential"));
                }
                match get(f) {
                    XVal::Closure { func: g, env, mut args } => {
                        args.push(get(x));
                        self.start(g, env, args, at)?;
                    }
                    other => return Err(SyncError::new(format!("the launcher forks {}, not a role function", describe(&other)), at)),
                }
                XVal::Term(Expr::Unit)
            }
            InstKind::Chan { op, .. } => {
                return Err(SyncError::new(format!("not supported yet: reliable channels (`{}`) in a verified system", op.name()), at)
                    .with_help("nodes of a verified system talk through `System_code` mailboxes"))
            }
        })
    }

    fn prim(&mut self, p: Prim, args: Vec<XVal>, name: Option<&str>, ty: Ty, at: Option<Place>) -> SyncResult<XVal> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(XVal::Opaque("a value".into()));
        Ok(match p {
            Prim::Ref => {
                let init = self.term(arg(0), at, "a ref's contents")?;
                self.store.push(init);
                let var = name.map(|n| self.fresh(n)).unwrap_or_else(|| self.fresh("ref"));
                self.cells.push((name.unwrap_or("").to_string(), var));
                XVal::Ref(self.store.len() - 1)
            }
            Prim::Deref | Prim::Assign | Prim::Incr | Prim::Decr => {
                let XVal::Ref(r) = arg(0) else {
                    return Err(SyncError::new(format!("not supported yet: `{}` of a ref the verifier does not follow", p.name()), at));
                };
                match p {
                    Prim::Deref => return Ok(XVal::Term(self.store[r].clone())),
                    Prim::Assign => self.store[r] = self.term(arg(1), at, "a ref's contents")?,
                    _ => {
                        let one = Expr::Int(1);
                        let op = if p == Prim::Incr { Prim::AddInt } else { Prim::SubInt };
                        self.store[r] = Expr::Prim(op, vec![self.store[r].clone(), one]);
                    }
                }
                XVal::Term(Expr::Unit)
            }
            Prim::MakeAddress => {
                if !self.launcher {
                    return Err(SyncError::new("not supported yet: making an address in a node's code", at).with_help("the launcher makes every node's address"));
                }
                let Some(n) = name else {
                    return Err(SyncError::new("a node's address must be bound to a name in the launcher (`let coord = makeAddress ...`)", at));
                };
                XVal::Term(Expr::Addr(NodeRef::Node(n.to_string())))
            }
            Prim::Ignore => XVal::Term(Expr::Unit),
            Prim::Unsafe => match arg(0) {
                XVal::Closure { .. } => self.apply(arg(0), vec![XVal::Term(Expr::Unit)], name, at)?,
                _ => XVal::Term(Expr::Unit),
            },
            _ if ty == Ty::Unit && !p.is_network() => XVal::Term(Expr::Unit),
            _ if modelled(p) => {
                let mut es = Vec::new();
                for a in args {
                    match a {
                        XVal::Term(e) => es.push(e),
                        _ => return Ok(self.arbitrary(p.name(), ty, name, at)),
                    }
                }
                XVal::Term(Expr::Prim(p, es))
            }
            _ if p.is_network() => return Err(SyncError::new(format!("not supported yet: UDP primitive `{}` in a verified system", p.name()), at)
                .with_help("nodes of a verified system talk through `System_code` mailboxes")),
            Prim::ArrayGet if args.first() == Some(&XVal::Opaque("`argv`".into())) => self.arbitrary("Sys.argv", ty, name, at),
            _ => self.arbitrary(p.name(), ty, name, at),
        })
    }

    fn apply(&mut self, f: XVal, more: Vec<XVal>, name: Option<&str>, at: Option<Place>) -> SyncResult<XVal> {
        let XVal::Closure { func, env, mut args } = f else {
            return Err(SyncError::new(format!("not supported yet: applying {}", describe(&f)), at));
        };
        args.extend(more);
        let arity = self.program.func(func).params.len();
        if args.len() < arity {
            return Ok(XVal::Closure { func, env, args });
        }
        let rest = args.split_off(arity);
        let result = self.direct(func, env, args, name, at)?;
        if rest.is_empty() {
            Ok(result)
        } else {
            self.apply(result, rest, name, at)
        }
    }

    /// A call of `f` at full arity: a user function is evaluated in place (or, in the
    /// launcher, started as a node when it is given a mailbox); a library function must be
    /// one the verifier knows.
    fn direct(&mut self, f: FuncId, env: Vec<XVal>, args: Vec<XVal>, name: Option<&str>, at: Option<Place>) -> SyncResult<XVal> {
        if self.is_user(f) {
            if self.launcher && args.iter().any(|a| matches!(a, XVal::Mailbox(_))) {
                self.start(f, env, args, at)?;
                return Ok(XVal::Term(Expr::Unit));
            }
            return self.call(f, env, args, at);
        }
        let qualified = self.program.func(f).name.clone();
        match qualified.as_str() {
            "List.iter" => {
                let (body, list) = (args[0].clone(), args[1].clone());
                match list {
                    XVal::Set(set) => self.each(body, set, at),
                    other => Err(SyncError::new(format!("not supported yet: `List.iter` over {}", describe(&other)), at)
                        .with_help("a verified node loops only with `List.iter` over a node set")),
                }
            }
            "List.length" => match &args[0] {
                XVal::Set(set) => Ok(XVal::Term(Expr::SetSize(set.clone()))),
                other => Err(SyncError::new(format!("not supported yet: `List.length` of {}", describe(other)), at)),
            },
            "System_code.mailbox" => match &args[1] {
                XVal::Term(a @ Expr::Addr(_)) => Ok(XVal::Mailbox(a.clone())),
                other => Err(SyncError::new(format!("a mailbox must be made at a node's address, not at {}", describe(other)), at)),
            },
            "System_code.addresses" => {
                if !self.launcher {
                    return Err(SyncError::new("not supported yet: making a node set in a node's code", at));
                }
                let Some(n) = name else {
                    return Err(SyncError::new("a node set must be bound to a name in the launcher (`let parts = addresses ...`)", at));
                };
                let size = self.term(args[2].clone(), at, "a node set's size")?;
                self.sets.push((n.to_string(), size));
                Ok(XVal::Set(n.to_string()))
            }
            "System_code.send_to" => {
                self.event_allowed("a send", at)?;
                self.own_mailbox(&args[0], at)?;
                let to = self.term(args[1].clone(), at, "a destination")?;
                let msg = self.term(args[2].clone(), at, "a message")?;
                self.out.push(Stmt::Send { from: self.owner.clone(), to, msg, at });
                Ok(XVal::Term(Expr::Unit))
            }
            "System_code.receive" => {
                self.event_allowed("a receive", at)?;
                self.own_mailbox(&args[0], at)?;
                let (m, s) = (self.fresh("msg"), self.fresh("sender"));
                let (msg, sender) = (self.var(&m), self.var(&s));
                self.out.push(Stmt::Recv { node: self.owner.clone(), msg: msg.clone(), sender: sender.clone(), at });
                Ok(XVal::Term(Expr::Make(0, vec![Expr::Var(msg), Expr::Var(sender)])))
            }
            _ => Err(SyncError::new(format!("not supported yet: `{qualified}` in a verified system"), at)
                .with_help("a verified node uses primitives, its own functions, `List.iter` over a node set and `System_code`")),
        }
    }

    fn own_mailbox(&self, mb: &XVal, at: Option<Place>) -> SyncResult<()> {
        let XVal::Mailbox(addr) = mb else {
            return Err(SyncError::new(format!("a mailbox was expected, not {}", describe(mb)), at));
        };
        let mine = match (addr, &self.owner) {
            (Expr::Addr(NodeRef::Node(n)), Owner::Node(m)) => n == m,
            (Expr::Addr(NodeRef::Member(s, _)), Owner::Member { set, .. }) => s == set,
            _ => false,
        };
        if mine {
            Ok(())
        } else {
            Err(SyncError::new("a node uses another node's mailbox", at).with_help("give each node its own mailbox in the launcher"))
        }
    }

    /// The launcher starts `f env args`: a node, named by its mailbox's address.
    fn start(&mut self, func: FuncId, env: Vec<XVal>, args: Vec<XVal>, at: Option<Place>) -> SyncResult<()> {
        let boxes: Vec<&Expr> = args.iter().filter_map(|a| if let XVal::Mailbox(e) = a { Some(e) } else { None }).collect();
        let owner = match boxes.as_slice() {
            [Expr::Addr(NodeRef::Node(n))] => Owner::Node(n.clone()),
            [Expr::Addr(NodeRef::Member(set, index))] => match index.as_ref() {
                Expr::Var(Var { owner: Owner::Bound, name }) => Owner::Member { set: set.clone(), index: name.clone() },
                _ => return Err(SyncError::new("a node set's members are started in `List.iter (fun p -> fork ...) set`", at)),
            },
            [] => return Err(SyncError::new(format!("the launcher starts `{}` without a mailbox: a node is named by its mailbox", self.program.func(func).name), at)),
            _ => return Err(SyncError::new("a node is given two mailboxes", at)),
        };
        if self.starts.iter().any(|s| s.owner == owner) {
            return Err(SyncError::new("a node is started twice", at));
        }
        self.starts.push(Start { func, env, args, owner, at });
        Ok(())
    }

    /// `List.iter body set`: in the launcher, starts the set's members; in a node, a loop over
    /// the members in order (with the invariant written on it).
    fn each(&mut self, body: XVal, set: String, at: Option<Place>) -> SyncResult<XVal> {
        let XVal::Closure { func, .. } = &body else {
            return Err(SyncError::new(format!("not supported yet: `List.iter` with {}", describe(&body)), at));
        };
        let g = self.program.func(*func);
        let param = g.params.get(g.params.len().saturating_sub(1)).and_then(|p| g.vars[p.0 as usize].name.clone()).unwrap_or_else(|| "k".to_string());
        let index = self.fresh(&param);
        let member = XVal::Term(Expr::Addr(NodeRef::Member(set.clone(), Box::new(Expr::Var(Var { owner: Owner::Bound, name: index.clone() })))));
        if self.launcher {
            let before = self.out.len();
            self.apply(body, vec![member], None, at)?;
            if self.out.len() != before {
                return Err(SyncError::new("the launcher's loop over a node set may only start its members", at));
            }
            return Ok(XVal::Term(Expr::Unit));
        }
        self.event_allowed("a loop over a node set", at)?;
        // A first run finds the refs the body changes; they become named variables that the
        // loop updates (and its invariant speaks of).
        let mut probe = self.clone();
        probe.out.clear();
        probe.apply(body.clone(), vec![member.clone()], None, at)?;
        let changed: Vec<usize> = (0..self.store.len()).filter(|&r| probe.store[r] != self.store[r]).collect();
        for &r in &changed {
            let var = self.var(&self.cells[r].1.clone());
            let value = std::mem::replace(&mut self.store[r], Expr::Var(var.clone()));
            if value != Expr::Var(var.clone()) {
                self.out.push(Stmt::Assign { var, value, at });
            }
        }
        let outer = std::mem::take(&mut self.out);
        let locals = self.locals.clone();
        self.apply(body, vec![member], None, at)?;
        for &r in &changed {
            let var = self.var(&self.cells[r].1.clone());
            let value = std::mem::replace(&mut self.store[r], Expr::Var(var.clone()));
            if value != Expr::Var(var.clone()) {
                self.out.push(Stmt::Assign { var, value, at });
            }
        }
        self.locals = locals;
        let stmts = std::mem::replace(&mut self.out, outer);
        let invariant = match at.and_then(|at| self.specs.invariant_at(at.span)) {
            Some(source) => {
                let refs: HashMap<String, Expr> = self.cells.iter().zip(&self.store).filter(|((n, _), _)| !n.is_empty()).map(|((n, _), e)| (n.clone(), e.clone())).collect();
                Some(spec::invariant(source, &InvariantScope { set: set.clone(), refs, members: self.members }, self.specs)?)
            }
            None => None,
        };
        self.out.push(Stmt::Each { index, set, body: stmts, invariant, at });
        Ok(XVal::Term(Expr::Unit))
    }
}

/// The primitives the process language keeps as operations (Z3 models them); the others give
/// arbitrary values.
fn modelled(p: Prim) -> bool {
    use Prim::*;
    matches!(
        p,
        AddInt | SubInt | MulInt | DivInt | ModInt | NegInt | PlusInt | Succ | Pred | AbsInt | Eq | Ne | Lt | Gt | Le | Ge | Min | Max | Not | Concat | StrLength | StrEqual | CharEqual | Fst | Snd | MaxInt | MinInt
    )
}

/// What a value is, for diagnostics.
fn describe(x: &XVal) -> String {
    match x {
        XVal::Term(_) => "a value".into(),
        XVal::Closure { .. } => "a function".into(),
        XVal::Ref(_) => "a ref".into(),
        XVal::Set(s) => format!("the node set `{s}`"),
        XVal::Mailbox(_) => "a mailbox".into(),
        XVal::Block(..) => "a tuple holding a function or a mailbox".into(),
        XVal::Opaque(o) => o.clone(),
    }
}

/// The globals every module's initialiser sets to a function or a literal.
fn known_globals(program: &Program) -> HashMap<GlobalId, XVal> {
    let mut out = HashMap::new();
    for m in &program.modules {
        let init = program.func(m.init);
        let mut local: HashMap<anerisc_ir::ir::Var, XVal> = HashMap::new();
        for inst in init.blocks.iter().flat_map(|b| &b.insts) {
            match (&inst.kind, inst.dest) {
                (InstKind::Closure(f, caps), Some(d)) if caps.is_empty() => {
                    local.insert(d, XVal::Closure { func: *f, env: Vec::new(), args: Vec::new() });
                }
                (InstKind::Const(Const::Int(n)), Some(d)) => {
                    local.insert(d, XVal::Term(Expr::Int(*n)));
                }
                (InstKind::Const(Const::Bool(b)), Some(d)) => {
                    local.insert(d, XVal::Term(Expr::Bool(*b)));
                }
                (InstKind::Const(Const::Str(s)), Some(d)) => {
                    local.insert(d, XVal::Term(Expr::Str(s.clone())));
                }
                (InstKind::SetGlobal(g, v), _) => {
                    if let Some(x) = local.get(v) {
                        out.insert(*g, x.clone());
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The values along several edges meeting at one block: the condition of reaching it, its
/// arguments and the store, each an `if` over the edges' conditions.
fn merge_edges(mut edges: Vec<Edge>, at: Option<Place>) -> SyncResult<(Expr, Vec<XVal>, Vec<Expr>)> {
    let Some(last) = edges.pop() else {
        return Ok((Expr::Bool(false), Vec::new(), Vec::new()));
    };
    let (mut guard, mut args, mut store) = (last.guard, last.args, last.store);
    while let Some(e) = edges.pop() {
        args = e.args.into_iter().zip(args).map(|(a, b)| merge_values(&e.guard, a, b, at)).collect::<SyncResult<_>>()?;
        let common = e.store.len().min(store.len());
        let mut merged: Vec<Expr> = e.store[..common].iter().zip(&store[..common]).map(|(a, b)| ite(e.guard.clone(), a.clone(), b.clone())).collect();
        let longer = if e.store.len() > store.len() { &e.store } else { &store };
        merged.extend(longer[common..].iter().cloned());
        store = merged;
        guard = ite(e.guard, Expr::Bool(true), guard);
    }
    Ok((guard, args, store))
}

/// `if g then a else b` for extraction values.
fn merge_values(g: &Expr, a: XVal, b: XVal, at: Option<Place>) -> SyncResult<XVal> {
    Ok(match (a, b) {
        (a, b) if a == b => a,
        (XVal::Term(a), XVal::Term(b)) => XVal::Term(ite(g.clone(), a, b)),
        (XVal::Block(t, fa), XVal::Block(u, fb)) if t == u && fa.len() == fb.len() => {
            XVal::Block(t, fa.into_iter().zip(fb).map(|(x, y)| merge_values(g, x, y, at)).collect::<SyncResult<_>>()?)
        }
        (a, b) => return Err(SyncError::new(format!("not supported yet: {} or {} depending on a condition", describe(&a), describe(&b)), at)),
    })
}
