//! From the type checker's types to IR representation types, and how constructors are
//! represented (immediates for constant constructors, tagged blocks for the others).

use crate::ir::Ty;
use anerisc_frontend::typing::decls::{DeclId, DeclKind, DeclSet, Decls};
use anerisc_frontend::typing::types::{Desc, TypeId, TypeStore};

/// How a constructor's values are represented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CtorRepr {
    /// `true` / `false`.
    Bool(bool),
    /// `()`.
    Unit,
    /// A constant constructor: its number among the constant constructors.
    Imm(i64),
    /// A constructor with arguments: its number among those, and how many it has.
    Block(u32, usize),
}

/// The type views of one module.
pub struct TypeView {
    /// The module's type nodes (a copy: expanding abbreviations adds nodes).
    pub store: TypeStore,
    /// Its declarations.
    pub decls: DeclSet,
    /// The library's declaration table number (where `int`, `bool`... live).
    pub library_table: u32,
}

impl TypeView {
    /// The representation type of `t`.
    pub fn ty(&mut self, t: TypeId) -> Ty {
        let t = self.store.expand_head(&self.decls, t);
        match self.store.desc(t) {
            Desc::Var(_) | Desc::Link(_) => Ty::Any,
            Desc::Arrow(..) => Ty::Fun,
            Desc::Tuple(_) => Ty::Data,
            Desc::Con(id, _) => {
                if id.table != self.library_table {
                    return Ty::Data;
                }
                match self.decls.decl(*id).name.as_str() {
                    "int" => Ty::Int,
                    "bool" => Ty::Bool,
                    "char" => Ty::Char,
                    "unit" => Ty::Unit,
                    "float" => Ty::Float,
                    "string" => Ty::Str,
                    "exn" => Ty::Exn,
                    _ => Ty::Data,
                }
            }
        }
    }

    /// Constructor `tag` of variant type `decl`.
    pub fn ctor(&self, decl: DeclId, tag: u32) -> CtorRepr {
        let d = self.decls.decl(decl);
        if decl.table == self.library_table {
            match d.name.as_str() {
                "bool" => return CtorRepr::Bool(tag == 1),
                "unit" => return CtorRepr::Unit,
                _ => {}
            }
        }
        let DeclKind::Variant(ctors) = &d.kind else { return CtorRepr::Imm(tag as i64) };
        let Some(me) = ctors.get(tag as usize) else { return CtorRepr::Imm(tag as i64) };
        let before = &ctors[..tag as usize];
        if me.args.is_empty() {
            CtorRepr::Imm(before.iter().filter(|c| c.args.is_empty()).count() as i64)
        } else {
            CtorRepr::Block(before.iter().filter(|c| !c.args.is_empty()).count() as u32, me.args.len())
        }
    }

    /// How many constructors variant type `decl` has.
    pub fn ctor_count(&self, decl: DeclId) -> usize {
        match &self.decls.decl(decl).kind {
            DeclKind::Variant(ctors) => ctors.len(),
            _ => usize::MAX,
        }
    }

    /// How many fields record type `decl` has.
    pub fn field_count(&self, decl: DeclId) -> usize {
        match &self.decls.decl(decl).kind {
            DeclKind::Record(fields) => fields.len(),
            _ => 0,
        }
    }
}
