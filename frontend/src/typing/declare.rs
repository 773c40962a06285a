//! Type declarations and exceptions: translated to the module's [`DeclTable`](super::decls::DeclTable)
//! and brought into scope (types, constructors, fields).

use super::checker::Checker;
use super::decls::{only_covariant, ConstrDecl, DeclId, DeclKind, Decls, ExnId, FieldDecl, Scheme, TypeDecl};
use crate::ast::{self, Ident, TypeDeclKind};
use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use crate::typed::{ConstrRef, FieldRef};

impl Checker<'_> {
    fn duplicates<'i>(&mut self, idents: impl IntoIterator<Item = &'i Ident>, what: &str) {
        let mut seen: Vec<&Ident> = Vec::new();
        for i in idents {
            if let Some(first) = seen.iter().find(|s| s.name == i.name) {
                let first_span = first.span;
                self.error(
                    Diagnostic::new(Code::DuplicateBinding, format!("the {what} `{}` is defined twice", i.name), i.span)
                        .with_label("defined again here")
                        .with_secondary(first_span, "first defined here"),
                );
            } else {
                seen.push(i);
            }
        }
    }

    /// Declares a `type ... and ...` group; returns the new declarations' ids.
    pub fn declare_types(&mut self, group: &[ast::TypeDecl]) -> Vec<DeclId> {
        self.duplicates(group.iter().map(|d| &d.name), "type");
        let module = self.qualifier.clone();
        let mut ids = Vec::new();
        for d in group {
            self.duplicates(d.params.iter(), "type parameter");
            let id = self.own.push(TypeDecl {
                name: d.name.name.clone(),
                module: module.clone(),
                params: d.params.iter().map(|p| p.name.clone()).collect(),
                kind: DeclKind::Abstract,
                covariant: vec![false; d.params.len()],
            });
            self.env.types.insert(d.name.name.clone(), id);
            ids.push(id);
        }
        let first_own = ids.first().map(|i| i.index).unwrap_or(0) as usize;
        for (d, id) in group.iter().zip(&ids) {
            let params: Vec<String> = d.params.iter().map(|p| p.name.clone()).collect();
            let kind = match &d.kind {
                TypeDeclKind::Abstract => DeclKind::Abstract,
                TypeDeclKind::Alias(t) => DeclKind::Alias(self.decl_scheme(t, &params, None)),
                TypeDeclKind::Variant(cs) => {
                    self.duplicates(cs.iter().map(|c| &c.name), "constructor");
                    DeclKind::Variant(
                        cs.iter()
                            .map(|c| ConstrDecl {
                                name: c.name.name.clone(),
                                args: c.args.iter().map(|a| self.decl_scheme(a, &params, None)).collect(),
                            })
                            .collect(),
                    )
                }
                TypeDeclKind::Record(fs) => {
                    self.duplicates(fs.iter().map(|f| &f.name), "field");
                    DeclKind::Record(
                        fs.iter().map(|f| FieldDecl { name: f.name.name.clone(), ty: self.decl_scheme(&f.ty, &params, None) }).collect(),
                    )
                }
            };
            self.own.decls[id.index as usize].kind = kind;
        }
        for (d, id) in group.iter().zip(&ids) {
            let covariant = self.covariance(*id, first_own);
            self.own.decls[id.index as usize].covariant = covariant;
            if self.cyclic(*id) {
                self.error(
                    Diagnostic::new(Code::RecursiveType, format!("the type abbreviation `{}` is cyclic", d.name.name), d.span)
                        .with_label("this abbreviation expands to itself")
                        .with_help("put a type constructor (a variant, a record, `option`, ...) between the type and itself"),
                );
                self.own.decls[id.index as usize].kind = DeclKind::Abstract;
            }
            self.bring_into_scope(*id);
        }
        ids
    }

    fn covariance(&self, id: DeclId, first_own: usize) -> Vec<bool> {
        let decls = self.decls();
        let d = decls.decl(id);
                let schemes: Vec<&Scheme> = match &d.kind {
            DeclKind::Abstract => return vec![false; d.params.len()],
            DeclKind::Alias(s) => vec![s],
            DeclKind::Variant(cs) => cs.iter().flat_map(|c| c.args.iter()).collect(),
            DeclKind::Record(fs) => fs.iter().map(|f| &f.ty).collect(),
        };
        (0..d.params.len())
            .map(|i| schemes.iter().all(|s| only_covariant(&decls, self.own.id, first_own as u32, s, i as u32, true)))
            .collect()
    }

    /// True when an abbreviation expands to itself at its head.
    fn cyclic(&self, id: DeclId) -> bool {
        let decls = self.decls();
        let mut seen = vec![id];
        let mut cur = id;
        loop {
            let DeclKind::Alias(Scheme::Con(next, _)) = &decls.decl(cur).kind else { return false };
            if seen.contains(next) {
                return true;
            }
            seen.push(*next);
            cur = *next;
        }
    }

    fn bring_into_scope(&mut self, id: DeclId) {
        let kind = self.own.decls[id.index as usize].kind.clone();
        match kind {
            DeclKind::Variant(cs) => {
                for (tag, c) in cs.iter().enumerate() {
                    self.env.constrs.insert(c.name.clone(), ConstrRef::Variant { decl: id, tag: tag as u32 });
                }
            }
            DeclKind::Record(fs) => {
                for (index, f) in fs.iter().enumerate() {
                    self.env.fields.insert(f.name.clone(), FieldRef { decl: id, index: index as u32 });
                }
            }
            DeclKind::Abstract | DeclKind::Alias(_) => {}
        }
    }

    /// Declares `exception E [of t]`.
    pub fn declare_exception(&mut self, c: &ast::ConstructorDecl) -> ExnId {
        let args = c.args.iter().map(|a| self.decl_scheme(a, &[], None)).collect();
        let id = self.own.push_exception(self.qualifier.clone(), ConstrDecl { name: c.name.name.clone(), args });
        self.env.constrs.insert(c.name.name.clone(), ConstrRef::Exception(id));
        id
    }
}
