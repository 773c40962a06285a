//! Message types: the types a protocol step declares (docs/protocols.md), read from the step's
//! type expression.

use anerisc_frontend::ast::{TypeExpr, TypeExprKind};

/// A message type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MsgTy {
    /// `int`.
    Int,
    /// `bool`.
    Bool,
    /// `string`.
    Str,
    /// `unit`.
    Unit,
    /// `saddr` (not modelled by the encoding).
    Addr,
    /// `a * b`.
    Pair(Box<MsgTy>, Box<MsgTy>),
    /// `a option`.
    Option(Box<MsgTy>),
    /// `(a, b) sumTy`.
    Sum(Box<MsgTy>, Box<MsgTy>),
    /// `a alist` (Aneris's lists, what `list_serializer` produces): only the length is
    /// modelled.
    List(Box<MsgTy>),
}

impl MsgTy {
    /// The message type a (validated) type expression denotes, if it is one.
    pub fn of_type_expr(t: &TypeExpr) -> Option<MsgTy> {
        match &t.kind {
            TypeExprKind::Tuple(parts) if parts.len() == 2 => {
                Some(MsgTy::Pair(Box::new(MsgTy::of_type_expr(&parts[0])?), Box::new(MsgTy::of_type_expr(&parts[1])?)))
            }
            TypeExprKind::Constr(path, args) => {
                let arg = |i: usize| args.get(i).and_then(MsgTy::of_type_expr).map(Box::new);
                Some(match (path.name.name.as_str(), args.len()) {
                    ("int", 0) => MsgTy::Int,
                    ("bool", 0) => MsgTy::Bool,
                    ("string", 0) => MsgTy::Str,
                    ("unit", 0) => MsgTy::Unit,
                    ("saddr", 0) => MsgTy::Addr,
                    ("option", 1) => MsgTy::Option(arg(0)?),
                    ("alist", 1) => MsgTy::List(arg(0)?),
                    ("sumTy", 2) => MsgTy::Sum(arg(0)?, arg(1)?),
                    _ => return None,
                })
            }
            _ => None,
        }
    }

    /// True when an IR value of representation type `ty` can be a message of this type.
    pub fn admits(&self, ty: anerisc_ir::ir::Ty) -> bool {
        use anerisc_ir::ir::Ty;
        match self {
            MsgTy::Int => ty.fits(Ty::Int),
            MsgTy::Bool => ty.fits(Ty::Bool),
            MsgTy::Str => ty.fits(Ty::Str),
            MsgTy::Unit => ty.fits(Ty::Unit),
            _ => ty.fits(Ty::Data),
        }
    }
}

impl std::fmt::Display for MsgTy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MsgTy::Int => f.write_str("int"),
            MsgTy::Bool => f.write_str("bool"),
            MsgTy::Str => f.write_str("string"),
            MsgTy::Unit => f.write_str("unit"),
            MsgTy::Addr => f.write_str("saddr"),
            MsgTy::Pair(a, b) => write!(f, "({a} * {b})"),
            MsgTy::Option(a) => write!(f, "{a} option"),
            MsgTy::Sum(a, b) => write!(f, "({a}, {b}) sumTy"),
            MsgTy::List(a) => write!(f, "{a} alist"),
        }
    }
}
