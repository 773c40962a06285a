//! A validated protocol as a graph of numbered nodes, so that protocol states are small
//! comparable values: unfolding `mu` follows edges, and every state is normalised to the
//! step (or `end`) that comes next.

use crate::smt::msg::MsgTy;
use anerisc_frontend::ast::Expr;
use anerisc_frontend::protocol::syntax::{Direction, Protocol, ProtocolKind};
use anerisc_diag::span::Span;

/// A node of a protocol graph (an index into [`Graph::nodes`]).
pub type NodeId = usize;

/// One message of the conversation.
#[derive(Debug, Clone)]
pub struct StepNode {
    /// Who sends it, seen from the client.
    pub direction: Direction,
    /// The binder later predicates use.
    pub binder: String,
    /// The message type.
    pub ty: MsgTy,
    /// What must hold of it, if anything.
    pub pred: Option<Expr>,
    /// The step in the declaration (for diagnostics).
    pub span: Span,
    /// The rest of the conversation.
    pub next: NodeId,
}

/// A node.
#[derive(Debug, Clone)]
pub enum Node {
    /// A message, then the rest.
    Step(Box<StepNode>),
    /// `mu X. body`.
    Mu(NodeId),
    /// `X`: back to the `mu` that binds it.
    Back(NodeId),
    /// `end`.
    End,
}

/// A protocol as a graph; node 0 is the start.
#[derive(Debug, Clone)]
pub struct Graph {
    /// The protocol's name.
    pub name: String,
    /// Its nodes.
    pub nodes: Vec<Node>,
}

/// Why a protocol cannot be turned into a graph.
pub type GraphError = String;

impl Graph {
    /// The graph of a validated protocol `body` named `name`.
    pub fn build(name: &str, body: &Protocol) -> Result<Graph, GraphError> {
        let mut g = Graph { name: name.to_string(), nodes: Vec::new() };
        g.add(body, &mut Vec::new())?;
        Ok(g)
    }

    fn add(&mut self, p: &Protocol, mus: &mut Vec<(String, NodeId)>) -> Result<NodeId, GraphError> {
        let id = self.nodes.len();
        self.nodes.push(Node::End);
        let node = match &p.kind {
            ProtocolKind::End => Node::End,
            ProtocolKind::Name(x) => match mus.iter().rev().find(|(n, _)| *n == x.name) {
                Some((_, mu)) => Node::Back(*mu),
                None => return Err(format!("`{}` is not a recursion variable in scope", x.name)),
            },
            ProtocolKind::Mu(x, body) => {
                mus.push((x.name.clone(), id));
                let b = self.add(body, mus)?;
                mus.pop();
                Node::Mu(b)
            }
            ProtocolKind::Step(s) => {
                let ty = MsgTy::of_type_expr(&s.ty).ok_or_else(|| "a message type the checker does not know".to_string())?;
                let next = self.add(&s.next, mus)?;
                Node::Step(Box::new(StepNode { direction: s.direction, binder: s.binder.name.clone(), ty, pred: s.pred.clone(), span: p.span, next }))
            }
        };
        self.nodes[id] = node;
        Ok(id)
    }

    /// The step or `end` reached from `n` by unfolding `mu`s (`None` for a `mu` that
    /// reaches itself without a message, such as `mu X. X`).
    pub fn head(&self, mut n: NodeId) -> Option<NodeId> {
        for _ in 0..=self.nodes.len() {
            match &self.nodes[n] {
                Node::Mu(b) => n = *b,
                Node::Back(m) => n = *m,
                Node::Step(_) | Node::End => return Some(n),
            }
        }
        None
    }

    /// The step at `n`, if `n` is one.
    pub fn step(&self, n: NodeId) -> Option<&StepNode> {
        match &self.nodes[n] {
            Node::Step(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    /// True when `n` (a head) is a point where a conversation may rest: `end`, or the top
    /// of a `mu`.
    pub fn is_boundary(&self, n: NodeId) -> bool {
        matches!(self.nodes[n], Node::End)
            || self.nodes.iter().enumerate().any(|(i, node)| matches!(node, Node::Mu(_)) && self.head(i) == Some(n))
    }

    /// The binders in scope at node `n` (of its enclosing steps), with their types.
    pub fn scope(&self, n: NodeId) -> Vec<(String, MsgTy)> {
        let mut out = Vec::new();
        self.scope_from(0, n, &mut out);
        out
    }

    fn scope_from(&self, at: NodeId, target: NodeId, out: &mut Vec<(String, MsgTy)>) -> bool {
        if at == target {
            return true;
        }
        match &self.nodes[at] {
            Node::Mu(b) => self.scope_from(*b, target, out),
            Node::Step(s) => {
                out.push((s.binder.clone(), s.ty.clone()));
                if self.scope_from(s.next, target, out) {
                    return true;
                }
                out.pop();
                false
            }
            Node::Back(_) | Node::End => false,
        }
    }

    /// The text of a step, as declared (`!(s : string)`), for messages.
    pub fn describe(&self, n: NodeId) -> String {
        match &self.nodes[n] {
            Node::Step(s) => {
                let d = if s.direction == Direction::Send { '!' } else { '?' };
                format!("{d}({} : {})", s.binder, s.ty)
            }
            _ => "end".into(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use anerisc_frontend::parser::parse_protocol_declarations;
    use anerisc_diag::span::FileId;

    /// The graph of `text` (one declaration `name = protocol`).
    pub(crate) fn graph(text: &str) -> Graph {
        let decls = parse_protocol_declarations(FileId(0), text, 0).expect("parses");
        Graph::build(&decls[0].name.name, &decls[0].body).expect("builds")
    }

    #[test]
    fn echo_unfolds_to_its_first_step_and_rests_at_the_top() {
        let g = graph("echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec");
        let first = g.head(0).unwrap();
        assert_eq!(g.describe(first), "!(s : string)");
        let second = g.head(g.step(first).unwrap().next).unwrap();
        assert_eq!(g.describe(second), "?(n : int)");
        assert_eq!(g.head(g.step(second).unwrap().next), Some(first));
        assert!(g.is_boundary(first));
        assert!(!g.is_boundary(second));
        let names: Vec<String> = g.scope(g.step(second).unwrap().next).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["s", "n"]);
    }

    #[test]
    fn degenerate_recursion_has_no_head() {
        let g = graph("p = mu x. x");
        assert_eq!(g.head(0), None);
    }
}
