//! Specifications (docs/verification.md): the `[@invariant fun seen -> ...]` on loops over node
//! sets and the `[@@ensures ...]` on the launcher, read from the syntax tree and turned into
//! expressions of the process language over the nodes' variables.

use super::error::{SyncError, SyncErrorKind, SyncResult};
use super::prog::{Expr, Invariant, NodeRef, Owner, Place, Var};
use super::simplify::{ite, not};
use anerisc_ir::prim::Prim;
use anerisc_frontend::ast::{self, ExprKind, ItemKind, PatternKind, TypeDeclKind};
use anerisc_diag::span::Span;
use anerisc_ir::ir::Program;
use anerisc_frontend::visit::{walk_expr, Visitor};
use std::collections::HashMap;

/// A constant constructor is an immediate; a constructor with arguments is a block.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ctor {
    Constant(i64),
    Block(u32, usize),
}

/// An `[@invariant]` as written: the span of the expression it is attached to, where it is
/// written, and its payload.
#[derive(Debug, Clone)]
pub struct SourceInvariant {
    on: Span,
    at: Place,
    payload: ast::Expr,
}

/// The specifications of the system's file.
#[derive(Debug, Clone, Default)]
pub struct Specs {
    invariants: Vec<SourceInvariant>,
    ensures: Vec<(ast::Expr, Place)>,
    ctors: HashMap<String, Ctor>,
    /// For each top-level function, its `let x = y` aliases: the IR keeps only `y`'s name.
    aliases: HashMap<String, Vec<(String, String)>>,
}

/// Finds `let x = y in ...` (a new name for a local) in a function's body.
struct AliasFinder {
    found: Vec<(String, String)>,
}

impl Visitor for AliasFinder {
    fn visit_expr(&mut self, e: &ast::Expr) {
        if let ExprKind::Let(_, bindings, _) = &e.kind {
            for b in bindings {
                if let (PatternKind::Var(x), ExprKind::Var(y)) = (&b.pat.kind, &b.expr.kind) {
                    if y.modules.is_empty() {
                        self.found.push((x.name.clone(), y.name.name.clone()));
                    }
                }
            }
        }
        walk_expr(self, e)
    }
}

struct InvariantFinder<'a> {
    program: &'a Program,
    found: Vec<SourceInvariant>,
}

impl Visitor for InvariantFinder<'_> {
    fn visit_expr(&mut self, e: &ast::Expr) {
        for a in e.attrs.iter().filter(|a| a.name.name == "invariant") {
            if let Some(payload) = &a.payload {
                let at = Place { span: a.span, line: self.program.line(a.span) };
                self.found.push(SourceInvariant { on: e.span, at, payload: payload.clone() });
            }
        }
        walk_expr(self, e)
    }
}

impl Specs {
    /// The specifications of `module`, a module of `program`: invariants anywhere, ensures on
    /// the bindings of the last top-level `let`, and the constructors of its types.
    pub fn collect(module: &ast::Module, program: &Program) -> Specs {
        let mut finder = InvariantFinder { program, found: Vec::new() };
        anerisc_frontend::visit::walk_module(&mut finder, module);
        let mut ensures = Vec::new();
        if let Some(bindings) = module.items.iter().rev().find_map(|i| if let ItemKind::Let(_, b) = &i.kind { Some(b) } else { None }) {
            for a in bindings.iter().flat_map(|b| &b.attrs).filter(|a| a.name.name == "ensures") {
                if let Some(p) = &a.payload {
                    ensures.push((p.clone(), Place { span: a.span, line: program.line(a.span) }));
                }
            }
        }
        let mut ctors = HashMap::new();
        for item in &module.items {
            if let ItemKind::Type(decls) = &item.kind {
                for d in decls {
                    if let TypeDeclKind::Variant(cs) = &d.kind {
                        let (mut constant, mut block) = (0i64, 0u32);
                        for c in cs {
                            let ctor = if c.args.is_empty() {
                                constant += 1;
                                Ctor::Constant(constant - 1)
                            } else {
                                block += 1;
                                Ctor::Block(block - 1, c.args.len())
                            };
                            ctors.insert(c.name.name.clone(), ctor);
                        }
                    }
                }
            }
        }
        let mut aliases = HashMap::new();
        for item in &module.items {
            if let ItemKind::Let(_, bindings) = &item.kind {
                for b in bindings {
                    if let PatternKind::Var(f) = &b.pat.kind {
                        let mut finder = AliasFinder { found: Vec::new() };
                        finder.visit_expr(&b.expr);
                        aliases.insert(f.name.clone(), finder.found);
                    }
                }
            }
        }
        Specs { invariants: finder.found, ensures, ctors, aliases }
    }

    /// `locals` of a node running `role`, with the names its `let x = y` aliases give: `x`
    /// names `y`'s variable when `y` is bound once (the IR keeps only `y`).
    pub fn with_aliases(&self, role: &str, mut locals: HashMap<String, String>) -> HashMap<String, String> {
        for (x, y) in self.aliases.get(role).into_iter().flatten() {
            if locals.contains_key(x) {
                continue;
            }
            if let Some(var) = locals.get(y).filter(|v| *v == y).cloned() {
                locals.insert(x.clone(), var);
            }
        }
        locals
    }

    /// The invariant written on the smallest expression that contains `span` (a `List.iter`
    /// call's).
    pub fn invariant_at(&self, span: Span) -> Option<&SourceInvariant> {
        let contains = |on: Span| on.file == span.file && on.start <= span.start && span.end <= on.end;
        self.invariants.iter().filter(|i| contains(i.on)).min_by_key(|i| i.on.end - i.on.start)
    }

    /// Whether the file has `[@@ensures]` on its launcher.
    pub fn has_ensures(&self) -> bool {
        !self.ensures.is_empty()
    }
}

/// What an invariant may speak of: the loop's set, its node's refs (their contents during the
/// loop), and the set members' locals.
pub struct InvariantScope<'a> {
    /// The set the loop goes over.
    pub set: String,
    /// The node's refs by source name, with their contents during the loop.
    pub refs: HashMap<String, Expr>,
    /// Each set's members' locals (source name → variable).
    pub members: &'a HashMap<String, HashMap<String, String>>,
}

/// What `[@@ensures]` may speak of: each node's and each set's locals.
pub struct SystemScope<'a> {
    /// Each singleton node's locals (source name → variable).
    pub nodes: &'a HashMap<String, HashMap<String, String>>,
    /// Each set's members' locals.
    pub members: &'a HashMap<String, HashMap<String, String>>,
}

/// A name bound inside a specification.
#[derive(Clone)]
enum Bound {
    /// A member of a set.
    Member(String),
    /// The members a loop over a set has handled so far (`seen`): the first `count`.
    Prefix(String, String),
}

struct Conv<'a> {
    specs: &'a Specs,
    nodes: Option<&'a HashMap<String, HashMap<String, String>>>,
    members: &'a HashMap<String, HashMap<String, String>>,
    refs: Option<&'a HashMap<String, Expr>>,
    bound: Vec<(String, Bound)>,
    /// Where the specification is written.
    at: Place,
}

/// The invariant `source` of a loop, over `scope`.
pub fn invariant(source: &SourceInvariant, scope: &InvariantScope, specs: &Specs) -> SyncResult<Invariant> {
    let ExprKind::Fun(params, body) = &source.payload.kind else {
        return Err(SyncError::new("an invariant is `fun seen -> condition`", Some(source.at)).of_kind(SyncErrorKind::Spec));
    };
    let [p] = params.as_slice() else {
        return Err(SyncError::new("an invariant is `fun seen -> condition`", Some(source.at)).of_kind(SyncErrorKind::Spec));
    };
    let seen = match &p.kind {
        PatternKind::Var(v) => v.name.clone(),
        _ => "_".to_string(),
    };
    let count = format!("{seen}#count");
    let mut conv = Conv { specs, nodes: None, members: scope.members, refs: Some(&scope.refs), bound: vec![(seen, Bound::Prefix(scope.set.clone(), count.clone()))], at: source.at };
    let cond = conv.expr(body)?;
    Ok(Invariant { count, cond, at: Some(source.at) })
}

/// The `[@@ensures]` conditions of the file, over `scope`.
pub fn ensures(specs: &Specs, scope: &SystemScope) -> SyncResult<Vec<(Expr, Option<Place>)>> {
    specs
        .ensures
        .iter()
        .map(|(e, at)| {
            let mut conv = Conv { specs, nodes: Some(scope.nodes), members: scope.members, refs: None, bound: Vec::new(), at: *at };
            Ok((conv.expr(e)?, Some(*at)))
        })
        .collect()
}

impl Conv<'_> {
    fn error(&self, what: impl Into<String>) -> SyncError {
        SyncError::new(format!("in a specification: {}", what.into()), Some(self.at))
            .of_kind(SyncErrorKind::Spec)
            .with_help("a specification uses `node.x`, `p.x`, `!r` (invariants), `List.for_all`/`List.exists` over a node set or `seen`, `List.length`, constructors, `max_int`, `min_int`, comparisons, arithmetic and `&&`, `||`, `not`, `if`")
    }

    fn lookup(&self, name: &str) -> Option<Bound> {
        self.bound.iter().rev().find(|(n, _)| n == name).map(|(_, b)| b.clone())
    }

    fn expr(&mut self, e: &ast::Expr) -> SyncResult<Expr> {
        Ok(match &e.kind {
            ExprKind::Const(c) => match c {
                ast::Constant::Int(n) => Expr::Int(*n),
                ast::Constant::Char(c) => Expr::Char(*c),
                ast::Constant::String(s) => Expr::Str(s.clone()),
                ast::Constant::Float(_) => return Err(self.error("floats are not supported")),
            },
            ExprKind::Constraint(inner, _) => self.expr(inner)?,
            ExprKind::Construct(path, arg) => self.construct(&path.name.name, arg.as_deref())?,
            ExprKind::Tuple(parts) => Expr::Make(0, parts.iter().map(|p| self.expr(p)).collect::<SyncResult<_>>()?),
            ExprKind::If(c, a, Some(b)) => ite(self.expr(c)?, self.expr(a)?, self.expr(b)?),
            ExprKind::Var(path) if path.modules.is_empty() => match self.lookup(&path.name.name) {
                Some(Bound::Member(set)) => Expr::Addr(NodeRef::Member(set, Box::new(Expr::Var(Var { owner: Owner::Bound, name: path.name.name.clone() })))),
                Some(Bound::Prefix(..)) => return Err(self.error(format!("`{}` is a list of members: use it in `List.for_all`, `List.exists` or `List.length`", path.name.name))),
                None => match (self.nodes, path.name.name.as_str()) {
                    (Some(nodes), name) if nodes.contains_key(name) => Expr::Addr(NodeRef::Node(name.to_string())),
                    (_, "max_int") => Expr::Prim(Prim::MaxInt, Vec::new()),
                    (_, "min_int") => Expr::Prim(Prim::MinInt, Vec::new()),
                    (_, name) => return Err(self.error(format!("unknown name `{name}`"))),
                },
            },
            ExprKind::Field(target, f) => self.local(target, &f.name.name)?,
            ExprKind::Apply(f, args) => self.apply(f, args)?,
            _ => return Err(self.error("this kind of expression is not supported")),
        })
    }

    fn construct(&mut self, name: &str, arg: Option<&ast::Expr>) -> SyncResult<Expr> {
        Ok(match (name, arg) {
            ("true", None) => Expr::Bool(true),
            ("false", None) => Expr::Bool(false),
            ("()", None) => Expr::Unit,
            _ => match (self.specs.ctors.get(name), arg) {
                (Some(Ctor::Constant(n)), None) => Expr::Ctor(*n),
                (Some(Ctor::Block(tag, arity)), Some(a)) => {
                    let fields = match (&a.kind, arity) {
                        (ExprKind::Tuple(parts), n) if *n > 1 => parts.iter().map(|p| self.expr(p)).collect::<SyncResult<_>>()?,
                        _ => vec![self.expr(a)?],
                    };
                    Expr::Make(*tag, fields)
                }
                _ => return Err(self.error(format!("unknown constructor `{name}` (only the file's own variant types)"))),
            },
        })
    }

    /// `target.x`: a local of a node or of a bound member.
    fn local(&mut self, target: &ast::Expr, x: &str) -> SyncResult<Expr> {
        let ExprKind::Var(path) = &target.kind else {
            return Err(self.error("`.x` reads a node's local: write `node.x` or `p.x`"));
        };
        let who = path.name.name.clone();
        let (owner, locals) = match self.lookup(&who) {
            Some(Bound::Member(set)) => (Owner::Member { set: set.clone(), index: who.clone() }, self.members.get(&set)),
            Some(Bound::Prefix(..)) => return Err(self.error(format!("`{who}` is a list of members"))),
            None => (Owner::Node(who.clone()), self.nodes.and_then(|n| n.get(&who))),
        };
        let Some(locals) = locals else {
            return Err(self.error(format!("`{who}` is not a node")));
        };
        match locals.get(x) {
            Some(name) => Ok(Expr::Var(Var { owner, name: name.clone() })),
            None => Err(self.error(format!("`{who}` has no local `{x}` (its role function binds none on every run)"))),
        }
    }

    /// The set a quantifier or `List.length` ranges over: a node set, or `seen`.
    fn range(&self, e: &ast::Expr) -> SyncResult<(String, Option<Box<Expr>>)> {
        if let ExprKind::Var(p) = &e.kind {
            let name = &p.name.name;
            match self.lookup(name) {
                Some(Bound::Prefix(set, count)) => return Ok((set, Some(Box::new(Expr::Var(Var { owner: Owner::Bound, name: count }))))),
                None if self.members.contains_key(name) => return Ok((name.clone(), None)),
                _ => {}
            }
        }
        Err(self.error("a quantifier ranges over a node set or over `seen`"))
    }

    fn apply(&mut self, f: &ast::Expr, args: &[ast::Expr]) -> SyncResult<Expr> {
        let ExprKind::Var(path) = &f.kind else {
            return Err(self.error("only operators and `List.for_all`, `List.exists`, `List.length`, `String.length` can be applied"));
        };
        let qualified: String = path.modules.iter().map(|m| format!("{}.", m.name)).chain([path.name.name.clone()]).collect();
        let two = |this: &mut Self, p: Prim| -> SyncResult<Expr> {
            match args {
                [a, b] => Ok(Expr::Prim(p, vec![this.expr(a)?, this.expr(b)?])),
                _ => Err(this.error(format!("`{qualified}` takes two arguments"))),
            }
        };
        Ok(match qualified.as_str() {
            "+" => two(self, Prim::AddInt)?,
            "-" => two(self, Prim::SubInt)?,
            "*" => two(self, Prim::MulInt)?,
            "/" => two(self, Prim::DivInt)?,
            "mod" => two(self, Prim::ModInt)?,
            "=" | "==" => two(self, Prim::Eq)?,
            "<>" | "!=" => two(self, Prim::Ne)?,
            "<" => two(self, Prim::Lt)?,
            ">" => two(self, Prim::Gt)?,
            "<=" => two(self, Prim::Le)?,
            ">=" => two(self, Prim::Ge)?,
            "^" => two(self, Prim::Concat)?,
            "&&" => match args {
                [a, b] => ite(self.expr(a)?, self.expr(b)?, Expr::Bool(false)),
                _ => return Err(self.error("`&&` takes two arguments")),
            },
            "||" => match args {
                [a, b] => ite(self.expr(a)?, Expr::Bool(true), self.expr(b)?),
                _ => return Err(self.error("`||` takes two arguments")),
            },
            "not" => match args {
                [a] => not(self.expr(a)?),
                _ => return Err(self.error("`not` takes one argument")),
            },
            "String.length" => match args {
                [a] => Expr::Prim(Prim::StrLength, vec![self.expr(a)?]),
                _ => return Err(self.error("`String.length` takes one argument")),
            },
            "!" => match (args, self.refs) {
                ([ast::Expr { kind: ExprKind::Var(r), .. }], Some(refs)) if r.modules.is_empty() => match refs.get(&r.name.name) {
                    Some(e) => e.clone(),
                    None => return Err(self.error(format!("`{}` is not a ref of the loop's node", r.name.name))),
                },
                _ => return Err(self.error("`!r` reads a ref of the loop's node (in invariants only; in `[@@ensures]` write `node.r`)")),
            },
            "List.length" => match args {
                [l] => match self.range(l)? {
                    (_, Some(count)) => *count,
                    (set, None) => Expr::SetSize(set),
                },
                _ => return Err(self.error("`List.length` takes one argument")),
            },
            "List.for_all" | "List.exists" => {
                let [pred, l] = args else {
                    return Err(self.error(format!("`{qualified}` takes a function and a list")));
                };
                let (set, upto) = self.range(l)?;
                let ExprKind::Fun(params, body) = &pred.kind else {
                    return Err(self.error(format!("`{qualified}` takes `fun p -> condition`")));
                };
                let index = match params.as_slice() {
                    [ast::Pattern { kind: PatternKind::Var(v), .. }] => v.name.clone(),
                    _ => return Err(self.error(format!("`{qualified}` takes `fun p -> condition`"))),
                };
                self.bound.push((index.clone(), Bound::Member(set.clone())));
                let body = self.expr(body);
                self.bound.pop();
                let body = Box::new(body?);
                if qualified == "List.for_all" {
                    Expr::Forall { index, set, upto, body }
                } else {
                    Expr::Exists { index, set, upto, body }
                }
            }
            other => return Err(self.error(format!("`{other}` is not supported"))),
        })
    }
}
