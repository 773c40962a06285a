//! Expressions, with OCaml's precedence and associativity (lowest first):
//! `let`/`match`/`fun`/`function`/`try` (extend as far right as possible), `;`, `if`,
//! `:=`, `,`, `||`, `&&`, comparisons and `|>`, `@ ^ @@`, `::`, `+ -`, `* / mod land ...`,
//! `** lsl lsr asr`, unary minus, application, `!`, `.field` and `.(i)`.

use super::common::{builtin_path, constant, lident, operator_value, path, qualifiers, span, uident};
use super::literal::INT_LIMIT;
use super::pattern::{pattern_rules, PatternRules};
use super::types::type_rules;
use super::{Extra, Rule, Tokens};
use crate::ast::{
    Attribute, Binding, Case, Constant, Direction, Expr, ExprKind, Ident, Path, Pattern, PatternKind, RecFlag, TypeExpr,
};
use anerisc_diag::span::{FileId, Span};
use crate::token::Token;
use chumsky::pratt::{infix, left, prefix, right};
use chumsky::prelude::*;

/// Every rule of the expression grammar that items also need.
pub(crate) struct ExprRules<'a> {
    /// A whole expression, sequences included.
    pub seq: Rule<'a, Expr>,
    /// `rec? binding and binding ...` after `let`.
    pub bindings: Rule<'a, (RecFlag, Vec<Binding>)>,
    /// The inside of an attribute after its opening bracket: `name payload? ]`.
    pub attribute_body: Rule<'a, Attribute>,
    /// Type expressions.
    pub ty: Rule<'a, TypeExpr>,
    /// Constructor arguments in declarations (`of int list * string`).
    pub constructor_arg: Rule<'a, TypeExpr>,
}

/// An expression of `kind` at `span` without attributes.
pub(crate) fn mk(kind: ExprKind, span: Span) -> Expr {
    Expr { kind, span, attrs: Vec::new() }
}

/// `op` applied to `args`, spanning `whole`.
fn apply_operator(op: &str, op_span: Span, args: Vec<Expr>, whole: Span) -> Expr {
    let f = mk(ExprKind::Var(builtin_path(op, op_span)), op_span);
    mk(ExprKind::Apply(Box::new(f), args), whole)
}

/// The constructor `name` applied to `arg` (if any) at `span`.
fn construct(name: &str, arg: Option<Expr>, span: Span) -> Expr {
    mk(ExprKind::Construct(builtin_path(name, span), arg.map(Box::new)), span)
}

/// `[e1; ...; en]` as `::` cells ending in `[]`.
fn list_expr(items: Vec<Expr>, whole: Span) -> Expr {
    let end = Span { start: whole.end.saturating_sub(1), ..whole };
    items.into_iter().rev().fold(construct("[]", None, end), |tail, head| {
        let span = head.span.to(whole);
        construct("::", Some(mk(ExprKind::Tuple(vec![head, tail]), span)), span)
    })
}

/// `- e`: a negative literal when `e` is a number literal, else `~-` / `~-.` applied.
fn negate(float: bool, op_span: Span, e: Expr, whole: Span) -> Expr {
    match e.kind {
        ExprKind::Const(Constant::Int(n)) if !float && e.attrs.is_empty() && n <= INT_LIMIT => {
            mk(ExprKind::Const(Constant::Int(n.wrapping_neg())), whole)
        }
        ExprKind::Const(Constant::Float(f)) if e.attrs.is_empty() => mk(ExprKind::Const(Constant::Float(-f)), whole),
        _ => apply_operator(if float { "~-." } else { "~-" }, op_span, vec![e], whole),
    }
}

/// Builds the expression grammar for `file`.
pub(crate) fn expr_rules<'a>(file: FileId) -> ExprRules<'a> {
    let sp = move |s: SimpleSpan| span(file, s);
    let types = type_rules(file);
    let ty = types.full.clone();
    let PatternRules { simple: simple_pattern, full: pattern } = pattern_rules(file, ty.clone());

    let bindings_slot = std::cell::RefCell::new(None);
    let attribute_slot = std::cell::RefCell::new(None);
    let (bindings_out, attribute_out) = (&bindings_slot, &attribute_slot);
    let ty_out = ty.clone();
    let seq = recursive(move |seq: Recursive<dyn Parser<'a, Tokens<'a>, Expr, Extra<'a>> + 'a>| {
        // The level below `;`: no sequence unless parenthesised. Defined later, used early.
        let mut no_seq = Recursive::declare();

        // --- attributes ----------------------------------------------------------------
        let attribute_name = lident(file)
            .or(uident(file))
            .separated_by(just(Token::Dot))
            .at_least(1)
            .collect::<Vec<Ident>>()
            .map(|parts| {
                let span = parts[0].span.to(parts[parts.len() - 1].span);
                let name = parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(".");
                Ident { name, span }
            });
        let attribute_body = attribute_name
            .then(seq.clone().or_not())
            .then_ignore(just(Token::RBracket))
            .map_with(move |(name, payload), e| Attribute { name, payload, span: sp(e.span()) })
            .boxed();
        *attribute_out.borrow_mut() = Some(attribute_body.clone());
        let postfix_attributes = just(Token::LBracketAt).ignore_then(attribute_body.clone()).repeated().collect::<Vec<_>>();

        // --- simple expressions ----------------------------------------------------------
        let literal = constant().map(ExprKind::Const);
        let keyword_constructor = select! { Token::True => "true", Token::False => "false" }
            .map_with(move |name, e| ExprKind::Construct(builtin_path(name, sp(e.span())), None));
        let unit = just(Token::LParen)
            .then(just(Token::RParen))
            .or(just(Token::Begin).then(just(Token::End)))
            .map_with(move |_, e| ExprKind::Construct(builtin_path("()", sp(e.span())), None));
        let operator = operator_value(file).map(|name| ExprKind::Var(path(Vec::new(), name)));
        let parenthesised = seq
            .clone()
            .then(just(Token::Colon).ignore_then(ty.clone()).or_not())
            .delimited_by(just(Token::LParen), just(Token::RParen))
            .map(|(e, t): (Expr, Option<TypeExpr>)| match t {
                Some(t) => ExprKind::Constraint(Box::new(e), t),
                None => e.kind,
            });
        let begin_end = seq.clone().delimited_by(just(Token::Begin), just(Token::End)).map(|e: Expr| e.kind);
        let list = no_seq
            .clone()
            .separated_by(just(Token::Semi))
            .allow_trailing()
            .collect::<Vec<Expr>>()
            .delimited_by(just(Token::LBracket), just(Token::RBracket))
            .map_with(move |items, e| list_expr(items, sp(e.span())).kind);
        let field_path = qualifiers(file).then(lident(file)).map(|(m, n)| path(m, n));
        let field_binding = field_path
            .clone()
            .then(just(Token::Equal).ignore_then(no_seq.clone()).or_not())
            .map(|(field, value): (Path, Option<Expr>)| {
                let value = value.unwrap_or_else(|| mk(ExprKind::Var(path(Vec::new(), field.name.clone())), field.span));
                (field, value)
            });
        // `simple` is defined below; `{ e with ... }` needs it, so it is declared first.
        let mut simple = Recursive::declare();
        let record = simple
            .clone()
            .then_ignore(just(Token::With))
            .or_not()
            .then(field_binding.separated_by(just(Token::Semi)).allow_trailing().at_least(1).collect::<Vec<_>>())
            .delimited_by(just(Token::LBrace), just(Token::RBrace))
            .map(|(base, fields): (Option<Expr>, Vec<(Path, Expr)>)| ExprKind::Record(fields, base.map(Box::new)));
        let qualified = qualifiers(file)
            .then(choice((
                lident(file).or(operator_value(file)).map(|name| (Some(name), None, None)),
                uident(file).map(|name| (None, Some(name), None)),
                seq.clone().delimited_by(just(Token::LParen), just(Token::RParen)).map(|e| (None, None, Some(e))),
            )))
            .try_map(|(mut modules, (value, constr, opened)): (Vec<Ident>, _), s| match (value, constr, opened) {
                (Some(name), _, _) => Ok(ExprKind::Var(path(modules, name))),
                (_, Some(name), _) => Ok(ExprKind::Construct(path(modules, name), None)),
                (_, _, Some(body)) => match modules.pop() {
                    Some(name) => Ok(ExprKind::LetOpen(path(modules, name), Box::new(body))),
                    None => Err(Rich::custom(s, "expected a module name before `.(`")),
                },
                _ => Err(Rich::custom(s, "expected a name")),
            });
        let bang = just(Token::Bang)
            .map_with(move |_, e| sp(e.span()))
            .then(simple.clone())
            .map_with(move |(op, arg), e| apply_operator("!", op, vec![arg], sp(e.span())).kind);
        let atom = choice((literal, keyword_constructor, unit, operator, parenthesised, begin_end, list, record, qualified, bang))
            .map_with(move |kind, e| mk(kind, sp(e.span())))
            .labelled("an expression");
        enum Postfix {
            Field(Path),
            Index(Expr),
        }
        let postfix = just(Token::Dot).ignore_then(
            field_path
                .map(Postfix::Field)
                .or(seq.clone().delimited_by(just(Token::LParen), just(Token::RParen)).map(Postfix::Index)),
        );
        simple.define(
            atom.foldl_with(postfix.repeated(), move |e, post, x| {
                let kind = match post {
                    Postfix::Field(f) => ExprKind::Field(Box::new(e), f),
                    Postfix::Index(i) => ExprKind::ArrayGet(Box::new(e), Box::new(i)),
                };
                mk(kind, sp(x.span()))
            })
            .boxed(),
        );

        // --- application -----------------------------------------------------------------
        let assert = just(Token::Assert)
            .ignore_then(simple.clone())
            .map_with(move |e, x| mk(ExprKind::Assert(Box::new(e)), sp(x.span())));
        let application = simple
            .clone()
            .then(simple.clone().repeated().collect::<Vec<Expr>>())
            .map_with(move |(head, mut args), e| {
                if args.is_empty() {
                    return head;
                }
                let whole = sp(e.span());
                match head.kind {
                    ExprKind::Construct(c, None) if head.attrs.is_empty() => {
                        let first = args.remove(0);
                        let constructed = mk(ExprKind::Construct(c, Some(Box::new(first))), head.span.to(whole));
                        if args.is_empty() {
                            constructed
                        } else {
                            mk(ExprKind::Apply(Box::new(constructed), args), whole)
                        }
                    }
                    _ => mk(ExprKind::Apply(Box::new(head), args), whole),
                }
            });
        let applied = assert.or(application).then(postfix_attributes).map_with(move |(mut e, attrs), x| {
            if !attrs.is_empty() {
                e.span = sp(x.span());
                e.attrs.extend(attrs);
            }
            e
        });

        // --- forms that extend as far right as possible ---------------------------------
        let case = pattern
            .clone()
            .then(just(Token::When).ignore_then(no_seq.clone()).or_not())
            .then_ignore(just(Token::Arrow))
            .then(seq.clone())
            .map(|((pat, guard), body)| Case { pat, guard, body });
        let cases = just(Token::Bar)
            .or_not()
            .ignore_then(case.separated_by(just(Token::Bar)).at_least(1).collect::<Vec<Case>>())
            .boxed();
        let return_type = just(Token::Colon).ignore_then(ty.clone()).or_not();
        let function_binding = lident(file)
            .or(operator_value(file))
            .then(simple_pattern.clone().repeated().at_least(1).collect::<Vec<Pattern>>())
            .then(return_type.clone())
            .then_ignore(just(Token::Equal))
            .then(seq.clone())
            .map(|(((name, params), ret), body): (((Ident, Vec<Pattern>), Option<TypeExpr>), Expr)| {
                let body_span = body.span;
                let body = match ret {
                    Some(t) => mk(ExprKind::Constraint(Box::new(body), t), body_span),
                    None => body,
                };
                let whole = name.span.to(body_span);
                let pat = Pattern { kind: PatternKind::Var(name.clone()), span: name.span };
                (pat, mk(ExprKind::Fun(params, Box::new(body)), whole))
            });
        let value_binding = pattern
            .clone()
            .then(return_type)
            .then_ignore(just(Token::Equal))
            .then(seq.clone())
            .map(|((pat, annotation), body): ((Pattern, Option<TypeExpr>), Expr)| {
                let body = match annotation {
                    Some(t) => {
                        let s = body.span;
                        mk(ExprKind::Constraint(Box::new(body), t), s)
                    }
                    None => body,
                };
                (pat, body)
            });
        let item_attributes = just(Token::LBracketAtAt).ignore_then(attribute_body.clone()).repeated().collect::<Vec<_>>();
        let binding = function_binding
            .or(value_binding)
            .then(item_attributes)
            .map_with(move |((pat, expr), attrs), e| Binding { pat, expr, span: sp(e.span()), attrs });
        let bindings = just(Token::Rec)
            .or_not()
            .map(|r| if r.is_some() { RecFlag::Recursive } else { RecFlag::NonRecursive })
            .then(binding.separated_by(just(Token::And)).at_least(1).collect::<Vec<Binding>>())
            .boxed();
        *bindings_out.borrow_mut() = Some(bindings.clone());
        let let_in = just(Token::Let)
            .ignore_then(bindings)
            .then_ignore(just(Token::In))
            .then(seq.clone())
            .map(|((rec, bindings), body)| ExprKind::Let(rec, bindings, Box::new(body)));
        let let_open = just(Token::Let)
            .ignore_then(just(Token::Open))
            .ignore_then(qualifiers(file).then(uident(file)).map(|(m, n)| path(m, n)))
            .then_ignore(just(Token::In))
            .then(seq.clone())
            .map(|(m, body)| ExprKind::LetOpen(m, Box::new(body)));
        let match_with = just(Token::Match)
            .ignore_then(seq.clone())
            .then_ignore(just(Token::With))
            .then(cases.clone())
            .map(|(scrutinee, cases)| ExprKind::Match(Box::new(scrutinee), cases));
        let try_with = just(Token::Try)
            .ignore_then(seq.clone())
            .then_ignore(just(Token::With))
            .then(cases.clone())
            .map(|(body, cases)| ExprKind::Try(Box::new(body), cases));
        let function = just(Token::Function).ignore_then(cases).map(ExprKind::Function);
        let fun = just(Token::Fun)
            .ignore_then(simple_pattern.clone().repeated().at_least(1).collect::<Vec<Pattern>>())
            .then_ignore(just(Token::Arrow))
            .then(seq.clone())
            .map(|(params, body)| ExprKind::Fun(params, Box::new(body)));
        let if_then_else = just(Token::If)
            .ignore_then(seq.clone())
            .then_ignore(just(Token::Then))
            .then(no_seq.clone())
            .then(just(Token::Else).ignore_then(no_seq.clone()).or_not())
            .map(|((c, t), f): ((Expr, Expr), Option<Expr>)| ExprKind::If(Box::new(c), Box::new(t), f.map(Box::new)));
        let while_loop = just(Token::While)
            .ignore_then(seq.clone())
            .then(seq.clone().delimited_by(just(Token::Do), just(Token::Done)))
            .map(|(c, body)| ExprKind::While(Box::new(c), Box::new(body)));
        let loop_variable = lident(file).or(just(Token::Underscore).map_with(move |_, e| Ident { name: "_".into(), span: sp(e.span()) }));
        let for_loop = just(Token::For)
            .ignore_then(loop_variable)
            .then_ignore(just(Token::Equal))
            .then(seq.clone())
            .then(select! { Token::To => Direction::Up, Token::Downto => Direction::Down })
            .then(seq.clone())
            .then(seq.clone().delimited_by(just(Token::Do), just(Token::Done)))
            .map(|((((i, from), dir), to), body)| ExprKind::For(i, Box::new(from), dir, Box::new(to), Box::new(body)));
        let greedy = choice((let_open, let_in, match_with, try_with, function, fun, if_then_else, while_loop, for_loop))
            .map_with(move |kind, e| mk(kind, sp(e.span())));

        // --- operators -------------------------------------------------------------------
        // An operator of one precedence level: one of `tokens`, or a user-defined operator
        // whose first characters are one of `custom` (and not one of `except`).
        let op = move |tokens: &'static [(Token<'static>, &'static str)], custom: &'static [&'static str], except: &'static [&'static str]| {
            let name = move |t: &Token<'a>| -> Option<&'a str> {
                match t {
                    Token::InfixOp(s) if custom.iter().any(|c| s.starts_with(c)) && !except.iter().any(|x| s.starts_with(x)) => Some(*s),
                    _ => tokens.iter().find(|(k, _)| k == t).map(|(_, name)| *name),
                }
            };
            select! { t if name(&t).is_some() => name(&t).unwrap_or_default() }.map_with(move |name, e| (name, sp(e.span())))
        };
        let binary = move |l: Expr, (name, op_span): (&'a str, Span), r: Expr, e: &mut chumsky::input::MapExtra<'a, '_, Tokens<'a>, Extra<'a>>| {
            apply_operator(name, op_span, vec![l, r], span(file, e.span()))
        };
        let operators = greedy.or(applied).pratt((
            infix(right(2), op(&[(Token::BarBar, "||"), (Token::Or, "||")], &[], &[]), binary),
            infix(right(3), op(&[(Token::AmperAmper, "&&"), (Token::Amper, "&&")], &[], &[]), binary),
            infix(
                left(4),
                op(&[
                    (Token::Equal, "="),
                    (Token::EqualEqual, "=="),
                    (Token::LessGreater, "<>"),
                    (Token::BangEqual, "!="),
                    (Token::Less, "<"),
                    (Token::Greater, ">"),
                    (Token::LessEqual, "<="),
                    (Token::GreaterEqual, ">="),
                    (Token::BarGreater, "|>"),
                ], &["=", "<", ">", "|", "&", "$"], &[]),
                binary,
            ),
            infix(right(5), op(&[(Token::At, "@"), (Token::Caret, "^"), (Token::AtAt, "@@")], &["@", "^"], &[]), binary),
            infix(right(6), op(&[(Token::ColonColon, "::")], &[], &[]), move |l: Expr, _, r: Expr, e| {
                let whole = sp(e.span());
                construct("::", Some(mk(ExprKind::Tuple(vec![l, r]), whole)), whole)
            }),
            infix(
                left(7),
                op(&[(Token::Plus, "+"), (Token::Minus, "-"), (Token::PlusDot, "+."), (Token::MinusDot, "-.")], &["+", "-"], &[]),
                binary,
            ),
            infix(
                left(8),
                op(&[
                    (Token::Star, "*"),
                    (Token::Slash, "/"),
                    (Token::StarDot, "*."),
                    (Token::SlashDot, "/."),
                    (Token::Mod, "mod"),
                    (Token::Land, "land"),
                    (Token::Lor, "lor"),
                    (Token::Lxor, "lxor"),
                ], &["*", "/", "%"], &["**"]),
                binary,
            ),
            infix(
                right(9),
                op(&[(Token::StarStar, "**"), (Token::Lsl, "lsl"), (Token::Lsr, "lsr"), (Token::Asr, "asr")], &["**"], &[]),
                binary,
            ),
            prefix(10, op(&[(Token::Minus, "-"), (Token::MinusDot, "-.")], &[], &[]), move |(name, op_span): (&str, Span), arg: Expr, e| {
                negate(name == "-.", op_span, arg, sp(e.span()))
            }),
        ));
        let tuple = operators
            .separated_by(just(Token::Comma))
            .at_least(1)
            .collect::<Vec<Expr>>()
            .map_with(move |mut parts, e| {
                if parts.len() == 1 {
                    parts.remove(0)
                } else {
                    mk(ExprKind::Tuple(parts), sp(e.span()))
                }
            });
        let assignment = tuple
            .clone()
            .then(just(Token::ColonEqual).map_with(move |_, e| sp(e.span())).then(no_seq.clone()).or_not())
            .map_with(move |(target, value), e| match value {
                Some((op_span, value)) => apply_operator(":=", op_span, vec![target, value], sp(e.span())),
                None => target,
            });
        no_seq.define(assignment.boxed());

        no_seq
            .clone()
            .then(just(Token::Semi).ignore_then(seq.or_not()).or_not())
            .map_with(move |(first, rest), e| match rest {
                Some(Some(rest)) => mk(ExprKind::Sequence(Box::new(first), Box::new(rest)), sp(e.span())),
                _ => first,
            })
            .labelled("an expression")
            .boxed()
    })
    .boxed();
    ExprRules {
        seq,
        bindings: bindings_slot.take().expect("the expression grammar defines bindings"),
        attribute_body: attribute_slot.take().expect("the expression grammar defines attributes"),
        ty: ty_out,
        constructor_arg: types.applied,
    }
}

/// A whole expression.
pub(crate) fn expr<'a>(file: FileId) -> Rule<'a, Expr> {
    expr_rules(file).seq
}
