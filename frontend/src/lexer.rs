//! Turns source text into [`Token`]s with spans, reporting every lexing error.

use anerisc_diag::codes::Code;
use anerisc_diag::diagnostic::Diagnostic;
use anerisc_diag::span::{FileId, Span};
use crate::token::{LexError, Token};
use logos::Logos;

/// How many lexing errors one file reports before the lexer gives up.
const MAX_LEX_ERRORS: usize = 20;

/// The tokens of `src` with their spans, and the lexing errors found on the way.
///
/// `base` is added to every offset: it is the position of `src` inside file `file`, so text
/// taken from the middle of a file (a protocol attribute's string) gets spans in that file.
pub fn lex(file: FileId, src: &str, base: usize) -> (Vec<(Token<'_>, Span)>, Vec<Diagnostic>) {
    let mut tokens = Vec::with_capacity(src.len() / 4);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let span = |start: usize, end: usize| Span::new(file, base + start..base + end);
    let mut lexer = Token::lexer(src);
    let mut last_error_end = None;
    while let Some(result) = lexer.next() {
        let range = lexer.span();
        match result {
            Ok(token) => tokens.push((token, span(range.start, range.end))),
            // A run of characters that start no token is one error, not one per character.
            Err(LexError::UnexpectedCharacter) if last_error_end == Some(range.start) => {
                if let Some(d) = diagnostics.last_mut() {
                    if let Some(primary) = &mut d.primary {
                        primary.span.end = span(range.start, range.end).end;
                    }
                    d.message = "unexpected characters".to_string();
                }
                last_error_end = Some(range.end);
            }
            Err(error) => {
                if diagnostics.len() == MAX_LEX_ERRORS {
                    if let Some(d) = diagnostics.last_mut() {
                        d.notes.push(format!("stopped after {MAX_LEX_ERRORS} lexing errors; fix these first"));
                    }
                    break;
                }
                last_error_end = Some(range.end);
                diagnostics.push(lex_error(error, &src[range.clone()], span(range.start, range.end)));
            }
        }
    }
    (tokens, diagnostics)
}

/// The diagnostic for one lexing error covering `text` at `span`.
fn lex_error(error: LexError, text: &str, span: Span) -> Diagnostic {
    let opening = |len: usize| Span::new(span.file, span.range().start..span.range().start + len.min(span.range().len()));
    match error {
        LexError::UnexpectedCharacter => {
            let c = text.chars().next().unwrap_or('?');
            let d = Diagnostic::new(Code::UnexpectedCharacter, format!("unexpected character `{}`", c.escape_default()), span)
                .with_label("no token starts with this character");
            match c {
                '\'' => d.with_help("a character literal is one character or escape between quotes, like 'a' or '\\n'"),
                '$' | '%' | '\\' => d.with_help("remove it; OCaml has no token starting with this character"),
                _ if !c.is_ascii() => d.with_help("identifiers and symbols are ASCII; non-ASCII text can only appear inside strings and comments"),
                _ => d.with_help("remove or replace this character"),
            }
        }
        LexError::UnterminatedString => Diagnostic::new(Code::UnterminatedString, "this string literal is never closed", opening(1))
            .with_label("string starts here")
            .with_help("add a closing `\"`; a `\"` inside the string is written `\\\"`"),
        LexError::UnterminatedQuotedString => {
            let open_len = text.find('|').map_or(1, |i| i + 1);
            let id = &text[1..open_len.saturating_sub(1).max(1)];
            Diagnostic::new(Code::UnterminatedString, "this quoted string is never closed", opening(open_len))
                .with_label("quoted string starts here")
                .with_help(format!("close it with `|{id}}}`"))
        }
        LexError::UnterminatedComment => Diagnostic::new(Code::UnterminatedComment, "this comment is never closed", opening(2))
            .with_label("comment starts here")
            .with_help("add `*)`; comments nest, so every `(*` inside needs its own `*)`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(src: &str) -> Vec<Token<'_>> {
        let (tokens, diagnostics) = lex(FileId(0), src, 0);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        tokens.into_iter().map(|(t, _)| t).collect()
    }

    fn codes(src: &str) -> Vec<&'static str> {
        lex(FileId(0), src, 0).1.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn keywords_names_and_operators() {
        use Token::*;
        assert_eq!(
            tokens("let rec f x = x :: [] @ l |> g"),
            vec![Let, Rec, LIdent("f"), LIdent("x"), Equal, LIdent("x"), ColonColon, LBracket, RBracket, At, LIdent("l"), BarGreater, LIdent("g")]
        );
        assert_eq!(tokens("M.x <- 1.5e3"), vec![UIdent("M"), Dot, LIdent("x"), LeftArrow, Float("1.5e3")]);
        assert_eq!(tokens("a.(0) +. -1"), vec![LIdent("a"), Dot, LParen, Int("0"), RParen, PlusDot, Minus, Int("1")]);
    }

    #[test]
    fn chars_and_type_variables() {
        use Token::*;
        assert_eq!(tokens("'a' 'a '\\n' '\\065' 'b_1"), vec![Char("'a'"), TypeVar("a"), Char("'\\n'"), Char("'\\065'"), TypeVar("b_1")]);
    }

    #[test]
    fn nested_comments_and_strings_in_comments() {
        assert_eq!(tokens("1 (* a (* b *) \"*)\" c *) 2"), vec![Token::Int("1"), Token::Int("2")]);
    }

    #[test]
    fn quoted_strings_are_literal() {
        assert_eq!(tokens(r#"{| a "b" \n |} {id|x|}y|id}"#), vec![Token::QuotedString(r#" a "b" \n "#), Token::QuotedString("x|}y")]);
    }

    #[test]
    fn attributes_and_unsupported_keywords() {
        use Token::*;
        assert_eq!(tokens("[@@@protocol] [@p] [@@q] module"), vec![LBracketAtAtAt, LIdent("protocol"), RBracket, LBracketAt, LIdent("p"), RBracket, LBracketAtAt, LIdent("q"), RBracket, Unsupported("module")]);
    }

    #[test]
    fn errors_have_codes_and_lexing_goes_on() {
        assert_eq!(codes("let x = \\ in \"abc"), vec!["E0001", "E0002"]);
        assert_eq!(codes("(* (* *)"), vec!["E0003"]);
        assert_eq!(codes("{|abc"), vec!["E0002"]);
    }

    #[test]
    fn runs_of_bad_characters_are_one_error_and_errors_are_capped() {
        assert_eq!(codes("let x = $$$ in"), Vec::<&str>::new());
        assert_eq!(codes("let x = \\\\ in"), vec!["E0001"]);
        assert_eq!(codes(&"\\ a ".repeat(100)).len(), MAX_LEX_ERRORS);
    }

    #[test]
    fn spans_are_offset_by_base() {
        let (tokens, _) = lex(FileId(3), "ab", 10);
        assert_eq!(tokens[0].1, Span::new(FileId(3), 10..12));
    }
}
