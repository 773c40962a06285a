//! Counterexamples in the program's terms: the values of the system's variables
//! (`coord.all_yes = false, parts[0].vote = true`) read back from Z3's model, constructors
//! and addresses put back together from their terms.

use super::val::Val;
use crate::smt::value::SVal;

/// How a shown value is laid out over its leaves (internal leaf names).
enum Layout {
    Leaf(String),
    Unit,
    Data { imm: String, num: String, fields: Vec<Layout> },
    Addr { who: String, index: String },
}

/// One shown variable.
struct Item {
    name: String,
    /// The set and index when the item is a member's variable (hidden past the set's size).
    member: Option<(String, i64)>,
    layout: Layout,
}

/// The variables a counterexample shows, and how to print them from the model's values.
pub struct Shown {
    leaves: Vec<(String, SVal)>,
    items: Vec<Item>,
    /// The names of the nodes, then of the sets (an address's `who` indexes it).
    who: Vec<String>,
    /// Where the sets start in `who`.
    first_set: usize,
}

impl Shown {
    /// Nothing shown yet, for a system of these nodes then these sets.
    pub fn new(who: Vec<String>, first_set: usize) -> Shown {
        Shown { leaves: Vec::new(), items: Vec::new(), who, first_set }
    }

    /// The name under which the size of `set` is shown.
    pub fn size_name(set: &str) -> String {
        format!("size {set}")
    }

    /// Shows `v` as `name` (a member's variable when `member` is given).
    pub fn add(&mut self, name: String, member: Option<(String, i64)>, v: &Val) {
        let layout = self.layout(v);
        self.items.push(Item { name, member, layout });
    }

    /// The leaves the prover must evaluate.
    pub fn leaves(&self) -> &[(String, SVal)] {
        &self.leaves
    }

    fn leaf(&mut self, v: SVal) -> String {
        let name = format!("#{}", self.leaves.len());
        self.leaves.push((name.clone(), v));
        name
    }

    fn layout(&mut self, v: &Val) -> Layout {
        match v {
            Val::Int(i) => Layout::Leaf(self.leaf(SVal::Int(i.clone()))),
            Val::Bool(b) => Layout::Leaf(self.leaf(SVal::Bool(b.clone()))),
            Val::Str(s) => Layout::Leaf(self.leaf(SVal::Str(s.clone()))),
            Val::Unit => Layout::Unit,
            Val::Data { imm, num, fields } => Layout::Data {
                imm: self.leaf(SVal::Bool(imm.clone())),
                num: self.leaf(SVal::Int(num.clone())),
                fields: fields.iter().map(|f| self.layout(f)).collect(),
            },
            Val::Addr { who, index } => Layout::Addr { who: self.leaf(SVal::Int(who.clone())), index: self.leaf(SVal::Int(index.clone())) },
        }
    }

    /// The shown variables' values, from the model's values of the leaves; a member past its
    /// set's size is left out.
    pub fn render(&self, values: &[(String, String)]) -> Vec<(String, String)> {
        let value = |leaf: &str| values.iter().find(|(n, _)| n == leaf).map(|(_, v)| v.clone()).unwrap_or_else(|| "?".into());
        let mut out: Vec<(String, String)> = Vec::new();
        for item in &self.items {
            if let Some((set, j)) = &item.member {
                let size = out.iter().find(|(n, _)| *n == Shown::size_name(set)).and_then(|(_, v)| v.parse::<i64>().ok());
                if size.is_some_and(|n| *j >= n) {
                    continue;
                }
            }
            out.push((item.name.clone(), self.text(&item.layout, &value)));
        }
        out
    }

    fn text(&self, layout: &Layout, value: &dyn Fn(&str) -> String) -> String {
        match layout {
            Layout::Leaf(l) => value(l),
            Layout::Unit => "()".into(),
            Layout::Data { imm, num, fields } => {
                let num = value(num);
                if value(imm) == "true" {
                    return format!("ctor {num}");
                }
                let parts: Vec<String> = fields.iter().map(|f| self.text(f, value)).collect();
                if num == "0" && parts.len() >= 2 {
                    format!("({})", parts.join(", "))
                } else if parts.is_empty() {
                    format!("tag {num}")
                } else {
                    format!("tag {num}({})", parts.join(", "))
                }
            }
            Layout::Addr { who, index } => {
                let name = value(who).parse::<usize>().ok().and_then(|w| self.who.get(w).map(|n| (w, n)));
                match name {
                    Some((w, n)) if w < self.first_set => n.clone(),
                    Some((_, n)) => format!("{n}[{}]", value(index)),
                    None => "no address".into(),
                }
            }
        }
    }
}

