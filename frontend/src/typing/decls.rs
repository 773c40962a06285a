//! Type declarations (variants, records, abbreviations, abstract types), exceptions, and
//! the closed type schemes their bodies and library values are written in.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

/// A declared type: which table it is in, and where in that table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeclId {
    /// The [`DeclTable`] that owns it.
    pub table: u32,
    /// Its index there.
    pub index: u32,
}

/// A declared exception: the table that owns it and its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExnId {
    /// The [`DeclTable`] that owns it.
    pub table: u32,
    /// Its index in the table's exceptions.
    pub index: u32,
}

/// A closed type with numbered variables: library values, declaration bodies, the exported
/// top-level values of a checked module.
#[derive(Debug, Clone, PartialEq)]
pub enum Scheme {
    /// Variable number `i` (a declaration's `i`-th parameter in declaration bodies).
    Var(u32),
    /// A type constructor applied to arguments.
    Con(DeclId, Vec<Scheme>),
    /// A function type.
    Arrow(Box<Scheme>, Box<Scheme>),
    /// A tuple type.
    Tuple(Vec<Scheme>),
}

/// One constructor of a variant type, or an exception.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstrDecl {
    /// Its name.
    pub name: String,
    /// Its argument types (in terms of the type's parameters).
    pub args: Vec<Scheme>,
}

/// One field of a record type.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDecl {
    /// Its name.
    pub name: String,
    /// Its type (in terms of the record type's parameters).
    pub ty: Scheme,
}

/// What a declared type is.
#[derive(Debug, Clone, PartialEq)]
pub enum DeclKind {
    /// No definition visible (`type saddr`, `'a ref`, `int`).
    Abstract,
    /// An abbreviation for another type.
    Alias(Scheme),
    /// A variant type; constructors are numbered by position (their tag index).
    Variant(Vec<ConstrDecl>),
    /// A record type; fields are numbered by position.
    Record(Vec<FieldDecl>),
}

/// A declared type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDecl {
    /// Its name.
    pub name: String,
    /// The module that qualifies it in printed types (`Ast` in `Ast.saddr`), `None` when it
    /// is printed bare (built-in types, `Stdlib`'s, and the module being checked).
    pub module: Option<String>,
    /// The parameters' names (without the quote).
    pub params: Vec<String>,
    /// Its definition.
    pub kind: DeclKind,
    /// Per parameter: true when it is covariant (for the relaxed value restriction).
    pub covariant: Vec<bool>,
}

/// The types and exceptions declared by one module (or by the library).
#[derive(Debug, Clone)]
pub struct DeclTable {
    /// The table's unique number (the `table` of its [`DeclId`]s).
    pub id: u32,
    /// The declared types.
    pub decls: Vec<TypeDecl>,
    /// The declared exceptions, with the module that qualifies them.
    pub exceptions: Vec<(Option<String>, ConstrDecl)>,
}

static NEXT_TABLE: AtomicU32 = AtomicU32::new(1);

impl DeclTable {
    /// An empty table with a number no other table has.
    pub fn fresh() -> DeclTable {
        DeclTable { id: NEXT_TABLE.fetch_add(1, Ordering::Relaxed), decls: Vec::new(), exceptions: Vec::new() }
    }

    /// Adds a declaration and returns its id.
    pub fn push(&mut self, decl: TypeDecl) -> DeclId {
        self.decls.push(decl);
        DeclId { table: self.id, index: self.decls.len() as u32 - 1 }
    }

    /// Adds an exception and returns its id.
    pub fn push_exception(&mut self, module: Option<String>, exn: ConstrDecl) -> ExnId {
        self.exceptions.push((module, exn));
        ExnId { table: self.id, index: self.exceptions.len() as u32 - 1 }
    }
}

/// Looks declarations up by id.
pub trait Decls {
    /// The declaration `id` names.
    fn decl(&self, id: DeclId) -> &TypeDecl;
    /// The exception `id` names, with its qualifying module.
    fn exception(&self, id: ExnId) -> &(Option<String>, ConstrDecl);
}

impl Decls for DeclTable {
    fn decl(&self, id: DeclId) -> &TypeDecl {
        &self.decls[id.index as usize]
    }
    fn exception(&self, id: ExnId) -> &(Option<String>, ConstrDecl) {
        &self.exceptions[id.index as usize]
    }
}

/// Several tables: the library's, earlier modules', and the current module's.
#[derive(Debug, Clone, Default)]
pub struct DeclSet {
    /// The shared tables.
    pub tables: Vec<Arc<DeclTable>>,
}

impl DeclSet {
    fn table(&self, id: u32) -> &DeclTable {
        self.tables.iter().find(|t| t.id == id).expect("every DeclId belongs to a visible table")
    }
}

impl Decls for DeclSet {
    fn decl(&self, id: DeclId) -> &TypeDecl {
        &self.table(id.table).decls[id.index as usize]
    }
    fn exception(&self, id: ExnId) -> &(Option<String>, ConstrDecl) {
        &self.table(id.table).exceptions[id.index as usize]
    }
}

/// The shared tables plus the table being filled by the module under check.
pub struct Scoped<'a> {
    /// Tables of the library and earlier modules.
    pub shared: &'a DeclSet,
    /// The current module's table.
    pub own: &'a DeclTable,
}

impl Decls for Scoped<'_> {
    fn decl(&self, id: DeclId) -> &TypeDecl {
        if id.table == self.own.id {
            self.own.decl(id)
        } else {
            self.shared.decl(id)
        }
    }
    fn exception(&self, id: ExnId) -> &(Option<String>, ConstrDecl) {
        if id.table == self.own.id {
            self.own.exception(id)
        } else {
            self.shared.exception(id)
        }
    }
}

/// The ids of the built-in types, which the library table declares first.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinIds {
    /// `int`
    pub int: DeclId,
    /// `char`
    pub char: DeclId,
    /// `string`
    pub string: DeclId,
    /// `float`
    pub float: DeclId,
    /// `bool` (`false`, `true`)
    pub bool: DeclId,
    /// `unit` (`()`)
    pub unit: DeclId,
    /// `exn`
    pub exn: DeclId,
    /// `'a list` (`[]`, `::`)
    pub list: DeclId,
    /// `'a option` (`None`, `Some`)
    pub option: DeclId,
    /// `'a array`
    pub array: DeclId,
}

impl BuiltinIds {
    /// The ids in table `table` (see [`builtin_table`]).
    pub fn new(table: u32) -> BuiltinIds {
        let id = |index| DeclId { table, index };
        BuiltinIds {
            int: id(0),
            char: id(1),
            string: id(2),
            float: id(3),
            bool: id(4),
            unit: id(5),
            exn: id(6),
            list: id(7),
            option: id(8),
            array: id(9),
        }
    }
}

/// A table numbered `id` holding the built-in types, in [`BuiltinIds`] order.
pub fn builtin_table(id: u32) -> DeclTable {
    let ids = BuiltinIds::new(id);
    let simple = |name: &str, kind: DeclKind| TypeDecl {
        name: name.to_string(),
        module: None,
        params: Vec::new(),
        kind,
        covariant: Vec::new(),
    };
    let constr = |name: &str, args: Vec<Scheme>| ConstrDecl { name: name.to_string(), args };
    let param = |name: &str, kind: DeclKind, covariant: bool| TypeDecl {
        name: name.to_string(),
        module: None,
        params: vec!["a".to_string()],
        kind,
        covariant: vec![covariant],
    };
    let a = Scheme::Var(0);
    let list_a = Scheme::Con(ids.list, vec![a.clone()]);
    let decls = vec![
        simple("int", DeclKind::Abstract),
        simple("char", DeclKind::Abstract),
        simple("string", DeclKind::Abstract),
        simple("float", DeclKind::Abstract),
        simple("bool", DeclKind::Variant(vec![constr("false", vec![]), constr("true", vec![])])),
        simple("unit", DeclKind::Variant(vec![constr("()", vec![])])),
        simple("exn", DeclKind::Abstract),
        param("list", DeclKind::Variant(vec![constr("[]", vec![]), constr("::", vec![a.clone(), list_a])]), true),
        param("option", DeclKind::Variant(vec![constr("None", vec![]), constr("Some", vec![a])]), true),
        param("array", DeclKind::Abstract, false),
    ];
    DeclTable { id, decls, exceptions: Vec::new() }
}

/// Whether parameter `param` occurs only covariantly in `s`; the declarations of the group
/// being defined (table `own_table` from index `first_own` on) are assumed covariant.
pub fn only_covariant(decls: &dyn Decls, own_table: u32, first_own: u32, s: &Scheme, param: u32, positive: bool) -> bool {
    let recur = |s: &Scheme, positive: bool| only_covariant(decls, own_table, first_own, s, param, positive);
    match s {
        Scheme::Var(i) => *i != param || positive,
        Scheme::Arrow(a, b) => recur(a, false) && recur(b, positive),
        Scheme::Tuple(items) => items.iter().all(|i| recur(i, positive)),
        Scheme::Con(d, args) => {
            let in_group = d.table == own_table && d.index >= first_own;
            args.iter().enumerate().all(|(i, a)| {
                let covariant = in_group || decls.decl(*d).covariant.get(i).copied().unwrap_or(false);
                if covariant {
                    recur(a, positive)
                } else {
                    !mentions(a, param)
                }
            })
        }
    }
}

/// True when variable `param` occurs in `s`.
pub fn mentions(s: &Scheme, param: u32) -> bool {
    match s {
        Scheme::Var(i) => *i == param,
        Scheme::Arrow(a, b) => mentions(a, param) || mentions(b, param),
        Scheme::Tuple(items) | Scheme::Con(_, items) => items.iter().any(|i| mentions(i, param)),
    }
}
