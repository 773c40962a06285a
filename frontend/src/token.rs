//! The tokens of the subset, produced by [`crate::lexer`] with logos.
//!
//! Literal tokens keep their source text; the parser decodes them, so a token is a small
//! `Copy` value that the parser can clone freely while it backtracks.

use logos::Logos;
use std::fmt;

/// Why a piece of source text is not a token.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum LexError {
    /// A character that starts no token.
    #[default]
    UnexpectedCharacter,
    /// A `"` string without its closing quote.
    UnterminatedString,
    /// A `{id|` quoted string without its closing `|id}`.
    UnterminatedQuotedString,
    /// A `(*` comment without its closing `*)` (comments nest).
    UnterminatedComment,
}

/// One token. Keywords and symbols are unit variants; names and literals carry their text.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[logos(error = LexError)]
#[logos(skip r"[ \t\r\n\x0c]+")]
pub enum Token<'src> {
    /// `(*`: a comment, skipped by its callback (never emitted).
    #[token("(*", skip_comment)]
    Comment,

    #[token("and")] And,
    #[token("as")] As,
    #[token("assert")] Assert,
    #[token("begin")] Begin,
    #[token("do")] Do,
    #[token("done")] Done,
    #[token("downto")] Downto,
    #[token("else")] Else,
    #[token("end")] End,
    #[token("exception")] Exception,
    #[token("external")] External,
    #[token("false")] False,
    #[token("for")] For,
    #[token("fun")] Fun,
    #[token("function")] Function,
    #[token("if")] If,
    #[token("in")] In,
    #[token("let")] Let,
    #[token("match")] Match,
    #[token("of")] Of,
    #[token("open")] Open,
    #[token("or")] Or,
    #[token("rec")] Rec,
    #[token("then")] Then,
    #[token("to")] To,
    #[token("true")] True,
    #[token("try")] Try,
    #[token("type")] Type,
    #[token("val")] Val,
    #[token("when")] When,
    #[token("while")] While,
    #[token("with")] With,
    #[token("mod")] Mod,
    #[token("land")] Land,
    #[token("lor")] Lor,
    #[token("lxor")] Lxor,
    #[token("lsl")] Lsl,
    #[token("lsr")] Lsr,
    #[token("asr")] Asr,

    /// A keyword of OCaml that the subset does not support (`module`, `class`, `lazy`, ...).
    #[token("class", |lex| lex.slice())]
    #[token("constraint", |lex| lex.slice())]
    #[token("functor", |lex| lex.slice())]
    #[token("include", |lex| lex.slice())]
    #[token("inherit", |lex| lex.slice())]
    #[token("initializer", |lex| lex.slice())]
    #[token("lazy", |lex| lex.slice())]
    #[token("method", |lex| lex.slice())]
    #[token("module", |lex| lex.slice())]
    #[token("mutable", |lex| lex.slice())]
    #[token("new", |lex| lex.slice())]
    #[token("nonrec", |lex| lex.slice())]
    #[token("object", |lex| lex.slice())]
    #[token("private", |lex| lex.slice())]
    #[token("sig", |lex| lex.slice())]
    #[token("struct", |lex| lex.slice())]
    #[token("virtual", |lex| lex.slice())]
    Unsupported(&'src str),

    #[token("(")] LParen,
    #[token(")")] RParen,
    #[token("[")] LBracket,
    #[token("]")] RBracket,
    #[token("{")] LBrace,
    #[token("}")] RBrace,
    #[token("[|")] LBracketBar,
    #[token("|]")] BarRBracket,
    #[token("[@")] LBracketAt,
    #[token("[@@")] LBracketAtAt,
    #[token("[@@@")] LBracketAtAtAt,
    #[token("[%")] LBracketPercent,
    #[token("[%%")] LBracketPercentPercent,
    #[token(";")] Semi,
    #[token(";;")] SemiSemi,
    #[token(",")] Comma,
    #[token(".")] Dot,
    #[token("..")] DotDot,
    #[token(":")] Colon,
    #[token("::")] ColonColon,
    #[token(":=")] ColonEqual,
    #[token(":>")] ColonGreater,
    #[token("->")] Arrow,
    #[token("<-")] LeftArrow,
    #[token("|")] Bar,
    #[token("||")] BarBar,
    #[token("&")] Amper,
    #[token("&&")] AmperAmper,
    #[token("=")] Equal,
    #[token("==")] EqualEqual,
    #[token("<>")] LessGreater,
    #[token("!=")] BangEqual,
    #[token("<")] Less,
    #[token(">")] Greater,
    #[token("<=")] LessEqual,
    #[token(">=")] GreaterEqual,
    #[token("+")] Plus,
    #[token("-")] Minus,
    #[token("*")] Star,
    #[token("/")] Slash,
    #[token("+.")] PlusDot,
    #[token("-.")] MinusDot,
    #[token("*.")] StarDot,
    #[token("/.")] SlashDot,
    #[token("**")] StarStar,
    #[token("^")] Caret,
    #[token("@")] At,
    #[token("@@")] AtAt,
    #[token("|>")] BarGreater,
    #[token("!")] Bang,
    #[token("~-")] TildeMinus,
    #[token("~-.")] TildeMinusDot,
    #[token("~+")] TildePlus,
    #[token("~+.")] TildePlusDot,
    /// `~`: starts a labelled argument, which the subset does not support.
    #[token("~")] Tilde,
    /// `?`: starts an optional argument, which the subset does not support.
    #[token("?")] Question,
    /// `` ` ``: starts a polymorphic variant, which the subset does not support.
    #[token("`")] Backquote,
    /// `#`: method call or directive, which the subset does not support.
    #[token("#")] Hash,
    #[token("_", priority = 3)] Underscore,
    /// A user-defined infix operator such as `>>=` or `|>>`; its first character gives its
    /// precedence, as in OCaml.
    #[regex(r"[=<>|&$@^+\-*/%][!$%&*+\-./:<=>?@^|~]*", priority = 1)]
    InfixOp(&'src str),

    /// A lowercase name: a value, field, type or type-variable name.
    #[regex(r"[a-z_][A-Za-z0-9_']*")]
    LIdent(&'src str),
    /// A capitalised name: a constructor or module name.
    #[regex(r"[A-Z][A-Za-z0-9_']*")]
    UIdent(&'src str),
    /// A type variable `'a` (the text after the quote).
    #[regex(r"'[a-z_][A-Za-z0-9_']*", |lex| &lex.slice()[1..])]
    TypeVar(&'src str),
    /// An integer literal as written (decimal, `0x`, `0o` or `0b`, with `_`).
    #[regex(r"[0-9][0-9_]*|0[xX][0-9a-fA-F][0-9a-fA-F_]*|0[oO][0-7][0-7_]*|0[bB][01][01_]*")]
    Int(&'src str),
    /// A float literal as written.
    #[regex(r"[0-9][0-9_]*\.[0-9_]*([eE][+-]?[0-9][0-9_]*)?|[0-9][0-9_]*[eE][+-]?[0-9][0-9_]*")]
    Float(&'src str),
    /// A character literal, quotes included.
    #[regex(r"'([^\\'\n\r]|\\[\\'\x22ntbr ]|\\[0-9][0-9][0-9]|\\x[0-9a-fA-F][0-9a-fA-F]|\\o[0-3][0-7][0-7])'", priority = 10)]
    Char(&'src str),
    /// A `"..."` string literal, quotes included, escapes not yet decoded.
    #[token("\"", lex_string)]
    String(&'src str),
    /// The contents of a `{|...|}` or `{id|...|id}` quoted string (taken literally).
    #[regex(r"\{[a-z_]*\|", lex_quoted_string)]
    QuotedString(&'src str),
}

/// Skips a comment whose `(*` was just matched, including nested comments and string
/// literals inside it (a `"*)"` in a comment does not close it, as in OCaml).
fn skip_comment<'src>(lex: &mut logos::Lexer<'src, Token<'src>>) -> logos::FilterResult<(), LexError> {
    let rest = lex.remainder().as_bytes();
    let mut depth = 1usize;
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'(' if rest.get(i + 1) == Some(&b'*') => {
                depth += 1;
                i += 2;
            }
            b'*' if rest.get(i + 1) == Some(&b')') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    lex.bump(i);
                    return logos::FilterResult::Skip;
                }
            }
            b'"' => match string_end(&rest[i + 1..]) {
                Some(len) => i += len + 1,
                None => break,
            },
            _ => i += 1,
        }
    }
    lex.bump(rest.len());
    logos::FilterResult::Error(LexError::UnterminatedComment)
}

/// Length of a string literal's body plus its closing quote, given the text after the
/// opening quote; `None` when the closing quote is missing.
fn string_end(rest: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Finishes a `"` string literal: the token is the whole literal, quotes included.
fn lex_string<'src>(lex: &mut logos::Lexer<'src, Token<'src>>) -> Result<&'src str, LexError> {
    match string_end(lex.remainder().as_bytes()) {
        Some(len) => {
            lex.bump(len);
            Ok(lex.slice())
        }
        None => {
            lex.bump(lex.remainder().len());
            Err(LexError::UnterminatedString)
        }
    }
}

/// Finishes a `{id|` quoted string: finds the matching `|id}` and yields the text between.
fn lex_quoted_string<'src>(lex: &mut logos::Lexer<'src, Token<'src>>) -> Result<&'src str, LexError> {
    let opening = lex.slice();
    let id = &opening[1..opening.len() - 1];
    let closing = format!("|{id}}}");
    let rest = lex.remainder();
    match rest.find(&closing) {
        Some(at) => {
            lex.bump(at + closing.len());
            Ok(&rest[..at])
        }
        None => {
            lex.bump(rest.len());
            Err(LexError::UnterminatedQuotedString)
        }
    }
}

impl fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Token::LIdent(s) | Token::UIdent(s) | Token::Int(s) | Token::Float(s) | Token::InfixOp(s) => return write!(f, "`{s}`"),
            Token::Unsupported(s) => return write!(f, "keyword `{s}`"),
            Token::TypeVar(s) => return write!(f, "`'{s}`"),
            Token::Char(s) => return write!(f, "{s}"),
            Token::String(_) | Token::QuotedString(_) => return f.write_str("a string literal"),
            other => other.symbol(),
        };
        write!(f, "`{text}`")
    }
}

impl Token<'_> {
    /// The fixed source text of a keyword or symbol token (empty for names and literals).
    pub fn symbol(&self) -> &'static str {
        use Token::*;
        match self {
            Comment => "(*",
            And => "and", As => "as", Assert => "assert", Begin => "begin", Do => "do",
            Done => "done", Downto => "downto", Else => "else", End => "end",
            Exception => "exception", External => "external", False => "false", For => "for",
            Fun => "fun", Function => "function", If => "if", In => "in", Let => "let",
            Match => "match", Of => "of", Open => "open", Or => "or", Rec => "rec",
            Then => "then", To => "to", True => "true", Try => "try", Type => "type",
            Val => "val", When => "when", While => "while", With => "with", Mod => "mod",
            Land => "land", Lor => "lor", Lxor => "lxor", Lsl => "lsl", Lsr => "lsr", Asr => "asr",
            LParen => "(", RParen => ")", LBracket => "[", RBracket => "]", LBrace => "{",
            RBrace => "}", LBracketBar => "[|", BarRBracket => "|]", LBracketAt => "[@",
            LBracketAtAt => "[@@", LBracketAtAtAt => "[@@@", LBracketPercent => "[%",
            LBracketPercentPercent => "[%%", Semi => ";", SemiSemi => ";;", Comma => ",",
            Dot => ".", DotDot => "..", Colon => ":", ColonColon => "::", ColonEqual => ":=",
            ColonGreater => ":>", Arrow => "->", LeftArrow => "<-", Bar => "|", BarBar => "||",
            Amper => "&", AmperAmper => "&&", Equal => "=", EqualEqual => "==",
            LessGreater => "<>", BangEqual => "!=", Less => "<", Greater => ">",
            LessEqual => "<=", GreaterEqual => ">=", Plus => "+", Minus => "-", Star => "*",
            Slash => "/", PlusDot => "+.", MinusDot => "-.", StarDot => "*.", SlashDot => "/.",
            StarStar => "**", Caret => "^", At => "@", AtAt => "@@", BarGreater => "|>",
            Bang => "!", TildeMinus => "~-", TildeMinusDot => "~-.", TildePlus => "~+",
            TildePlusDot => "~+.", Tilde => "~", Question => "?", Backquote => "`", Hash => "#",
            Underscore => "_",
            InfixOp(_) | Unsupported(_) | LIdent(_) | UIdent(_) | TypeVar(_) | Int(_) | Float(_) | Char(_)
            | String(_) | QuotedString(_) => "",
        }
    }
}
