//! The stable diagnostic codes, with the text `anerisc explain CODE` prints for each.
//!
//! A code never changes meaning once released; new problems get new codes. Codes starting
//! with `E` are errors, `W` warnings and `N` notes (their default severity).

use crate::diagnostic::Severity;

macro_rules! codes {
    ($( $variant:ident = $code:literal, $sev:ident, $title:literal, $explain:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( #[doc = $title] $variant, )* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code as printed (`E0301`).
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The severity a diagnostic with this code has unless a flag changes it.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// One line saying what the code is about.
            pub fn title(self) -> &'static str {
                match self { $( Code::$variant => $title, )* }
            }

            /// A paragraph explaining the problem and how to fix it, with an example.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$variant => $explain, )* }
            }
        }
    };
}

codes! {
    UnexpectedCharacter = "E0001", Error, "a character that starts no token",
"The lexer met a character that cannot start any token of the language, for example a
stray `$` or a non-ASCII character outside a string or comment. Remove it, or put it
inside a string literal.

    let price = 5$          (* error: `$` starts no token *)
    let price = 5           (* fixed *)";

    UnterminatedString = "E0002", Error, "a string literal is never closed",
"A string literal (`\"...\"` or a quoted string `{|...|}` / `{id|...|id}`) reaches the end of
the file without its closing delimiter. Close it where the text ends; a quoted string
must be closed by the same identifier it was opened with.

    let s = \"hello         (* error: no closing quote *)
    let s = \"hello\"        (* fixed *)";

    UnterminatedComment = "E0003", Error, "a comment is never closed",
"A comment opened with `(*` is not closed by a matching `*)` before the end of the file.
Comments nest in OCaml, so every `(*` inside a comment needs its own `*)`.

    (* outer (* inner *)     (* error: the outer comment is still open *)
    (* outer (* inner *) *)  (* fixed *)";

    InvalidLiteral = "E0004", Error, "a malformed literal or escape sequence",
"A character literal, escape sequence or number is not well formed: a char literal holds
exactly one character or escape (`'a'`, `'\\n'`, `'\\065'`), escapes are those of OCaml
(`\\\\ \\\" \\' \\n \\t \\b \\r \\  \\ddd \\xhh \\o...`), and an integer literal must fit in 63 bits.

    let c = 'ab'            (* error: two characters *)
    let c = 'a'             (* fixed *)";

    UnexpectedToken = "E0101", Error, "the parser expected something else here",
"The tokens do not form a valid phrase of the language at this point. The message lists
what the parser expected. A frequent cause is a missing `in` after a local `let`, or a
`;` where the previous expression should have ended.

    let f x = let y = x + 1 y * 2     (* error: expected `in` *)
    let f x = let y = x + 1 in y * 2  (* fixed *)";

    UnclosedDelimiter = "E0102", Error, "a delimiter is never closed",
"An opening `(`, `[`, `{`, `begin` or `[@` has no matching closing delimiter. The report
shows where it was opened. Add the closing delimiter where the enclosed phrase ends.

    let xs = [1; 2; 3       (* error: `[` is never closed *)
    let xs = [1; 2; 3]      (* fixed *)";

    NotSupported = "E0103", Error, "a construct of OCaml that anerisc does not support",
"The construct is valid OCaml but outside the subset anerisc compiles: functors,
first-class modules, objects and classes, GADTs, polymorphic variants, labelled and
optional arguments, lazy values and mutable record fields. Rewrite it with the subset,
for example a `ref` instead of a mutable field, or positional instead of labelled arguments.

    let f ~x = x + 1        (* error: labelled arguments are not supported *)
    let f x = x + 1         (* fixed *)";

    UnboundValue = "E0201", Error, "a name that is not defined",
"The value named here is not defined at this point: not by a `let` above it, not by a
pattern, and not by an opened library module. Names are case-sensitive and a `let` is
visible only after it (use `let rec` for recursion). The report suggests a close name
when there is one.

    let total = sum [1; 2]                        (* error: `sum` is unbound *)
    let total = List.fold_left (+) 0 [1; 2]       (* fixed *)";

    UnboundConstructor = "E0202", Error, "a constructor that is not defined",
"No type in scope declares this constructor. Declare it in a `type` definition, open the
library module that declares it (`open Ast` gives `InjL`/`InjR`), or fix its spelling.

    let x = Injl 1          (* error: did you mean `InjL`? *)
    let x = InjL 1          (* fixed, with `open Ast` *)";

    UnboundType = "E0203", Error, "a type name that is not defined",
"The type named in an annotation or a declaration is not defined. Declare it, open the
module that declares it, or qualify it (`Ast.saddr`).

    let f (x : strng) = x   (* error: did you mean `string`? *)
    let f (x : string) = x  (* fixed *)";

    UnboundModule = "E0204", Error, "a module that cannot be found",
"The module is neither a library module nor a file `name.ml` in the folder of the file that
names it or in a folder given with `-I DIR`. Check the spelling, or add the folder with `-I`.

    open Serialisation_code   (* error: did you mean `Serialization_code`? *)
    open Serialization_code   (* fixed *)";

    UnboundField = "E0205", Error, "a record field that is not defined",
"No record type in scope has a field of this name. Check the spelling, or declare the
record type before its first use.

    type p = { x : int }
    let f r = r.y           (* error: no field `y` *)
    let f r = r.x           (* fixed *)";

    ModuleCycle = "E0206", Error, "modules that depend on each other in a cycle",
"Files of a program are compiled in dependency order, so a module cannot refer, directly
or through others, to itself. Move the shared definitions into a third module that both
open.

    (* a.ml *) let x = B.y      (* b.ml *) let y = A.x   (* error: cycle A -> B -> A *)";

    DuplicateBinding = "E0207", Error, "a name defined twice where it must be unique",
"A variable is bound several times in one pattern, or a constructor, field, type or
parameter is declared twice in one definition. Rename one of them.

    let f (x, x) = x        (* error: `x` is bound twice *)
    let f (x, y) = x        (* fixed *)";

    UnboundTypeVariable = "E0208", Error, "a type variable that is not a parameter",
"A type declaration mentions a type variable that is not one of its parameters. Add it to
the parameters of the type.

    type t = 'a list        (* error: `'a` is unbound *)
    type 'a t = 'a list     (* fixed *)";

    IoError = "E0209", Error, "a file that cannot be read",
"anerisc could not read a source file: it does not exist, is not readable, or is not
UTF-8 text. Check the path given on the command line or the module's file name.";

    TypeMismatch = "E0301", Error, "an expression has a different type than expected",
"The expression has one type but its context needs another. The report shows both types
and, where it helps, the place that forced the expected type. Convert explicitly
(`string_of_int`, `float_of_int`, ...) or fix the expression; OCaml never converts
implicitly.

    let s = \"n = \" ^ 3                 (* error: expected string, found int *)
    let s = \"n = \" ^ string_of_int 3   (* fixed *)";

    ConstructorArity = "E0302", Error, "a constructor applied to the wrong number of arguments",
"A constructor takes exactly the arguments its declaration lists, in one tuple:
`B of int * string` takes two, a constant constructor takes none.

    type t = A | B of int * string
    let x = B 1             (* error: B expects 2 arguments *)
    let x = B (1, \"one\")    (* fixed *)";

    TypeArity = "E0303", Error, "a type constructor applied to the wrong number of types",
"A parameterised type needs exactly as many type arguments as it has parameters
(`int list`, `(int, string) sumTy`), and a type without parameters takes none.

    let f (x : list) = x     (* error: list expects 1 argument *)
    let f (x : int list) = x (* fixed *)";

    RecursiveType = "E0304", Error, "a value would need an infinitely large type",
"Inference found a type that would contain itself, such as `'a = 'a list`. This usually
means a function is applied to itself or a list is consed onto itself by mistake. Only the
recursive abbreviations that OCaml's `-rectypes` allows through a declared type (such as
`type 'a alist = ('a * 'a alist) option`) are accepted.

    let rec f x = f         (* error: f : 'a -> 'a -> 'a -> ... *)
    let rec f x = f x       (* fixed *)";

    NotAFunction = "E0305", Error, "a value that is not a function is applied",
"The expression is applied to an argument but its type is not a function type, or a
function is given more arguments than it takes. A missing `;` or missing parentheses
around an argument are common causes.

    let x = print_int 1 2          (* error: print_int takes one argument *)
    let x = print_int (1 + 2)      (* fixed *)";

    BadFormat = "E0306", Error, "a Printf format string that does not fit",
"A `Printf.printf`/`sprintf`/`eprintf` format must be a string literal whose conversions
(`%d %i %s %b %c %f %g %x %%`, with flags, width and precision) are valid; each conversion
takes one argument of its type.

    Printf.printf \"%d\\n\" \"ten\"  (* error: %d expects an int *)
    Printf.printf \"%s\\n\" \"ten\"  (* fixed *)";

    RecordFields = "E0307", Error, "a record expression with wrong or missing fields",
"A record expression must give every field of its type exactly once (or use
`{ r with f = v }`), and all its fields must belong to the same record type.

    type p = { x : int; y : int }
    let o = { x = 0 }          (* error: field y is missing *)
    let o = { x = 0; y = 0 }   (* fixed *)";

    OrPatternVariables = "E0308", Error, "the sides of an or-pattern bind different variables",
"Both sides of `p1 | p2` must bind the same variables with the same types, because the
body uses them whichever side matched.

    | InjL x | InjR _ -> x      (* error: x is not bound on the right *)
    | InjL x | InjR x -> x      (* fixed, when both carry the same type *)";

    ProtocolSyntax = "E0401", Error, "a protocol that does not parse",
"A `[@@@protocol {| name = ... |}]` declaration must follow the grammar of docs/protocols.md:
`!(x : ty) {pred}. P`, `?(x : ty) {pred}. P`, `mu X. P`, `X`, `end`, or the name of a
protocol declared earlier.

    [@@@protocol {| p = !(x : int) end |}]     (* error: expected `.` after the step *)
    [@@@protocol {| p = !(x : int). end |}]    (* fixed *)";

    ProtocolUnboundName = "E0402", Error, "a protocol predicate names something not in scope",
"A predicate may use the binders of the steps before it (and its own), literals and the
operations docs/protocols.md lists. A binder of a later step, or a program variable, is not in
scope, nor is an unbound recursion variable.

    !(k : int). ?(v : int) {v = 2 * w}. end    (* error: `w` is not a binder *)
    !(k : int). ?(v : int) {v = 2 * k}. end    (* fixed *)";

    ProtocolPredicateType = "E0403", Error, "a protocol predicate that is ill-typed",
"A predicate must be a well-typed boolean expression over the binders, which have the
types their steps declare.

    !(s : string) {s > 0}. end                 (* error: s is a string *)
    !(s : string) {String.length s > 0}. end   (* fixed *)";

    UnknownProtocol = "E0404", Error, "a protocol name that is not declared",
"`[@protocol name]` must name a protocol declared by an earlier `[@@@protocol {| name = ... |}]`
in the same file.

    make_client_skt s1 s2 a [@protocol echoo]   (* error: did you mean `echo`? *)";

    DuplicateProtocol = "E0405", Error, "a protocol declared twice",
"Each protocol name may be declared once per file. Rename one of the two declarations.";

    ProtocolMessageType = "E0406", Error, "a protocol step with a type no serializer produces",
"Message types are those the serializers produce: int, bool, string, unit, saddr, pairs,
sums, options and lists of these. Functions, references and other types cannot travel.

    !(f : int -> int). end     (* error: functions cannot be sent *)";

    SessionWrongDirection = "E0501", Error, "a channel operation in the wrong direction",
"Each `send` and `recv` must happen where the channel's protocol allows it: a `send` where the
protocol expects this endpoint to receive (or the reverse), or any operation after `end`, is
an error that names the step due. Remember that a server follows the dual of the protocol.

    (* echo = mu rec. !(s : string). ?(n : int). rec, on the client: *)
    let n = recv c in send c \"hi\"     (* error: the client must send first *)
    send c \"hi\"; let n = recv c in ... (* fixed *)";

    SessionMessageType = "E0502", Error, "a message whose type is not the protocol step's",
"The value sent, or the variable receiving, must have the type the protocol step declares;
usually the socket's serializers and the protocol disagree. A socket made with
`[@protocol p]` is checked as a whole: a client sends the first serializer's type at `!`
steps and receives the second's at `?` steps; a server does the opposite.

    (* p = !(x : int). end *)
    make_client_skt string_serializer int_serializer a [@protocol p]   (* error *)
    make_client_skt int_serializer int_serializer a [@protocol p]      (* fixed *)";

    SessionUnfinished = "E0503", Error, "a conversation left unfinished",
"A function that owns a channel (it made it with `connect`/`accept`, or was given it by
`fork`) must not return in the middle of a conversation: the channel must be at `end` or at
the top of its protocol's `mu`.

    (* p = !(x : int). ?(y : int). end *)
    let run c = send c 1              (* error: ?(y : int) is still due *)
    let run c = send c 1; ignore (recv c)   (* fixed *)";

    SessionUseAfterHandOver = "E0504", Error, "a channel used after `fork` handed it over",
"A channel has one owner at a time. `fork f c` gives `c` to the new thread; the parent must
not use it afterwards.

    fork serve c; send c 1     (* error: c belongs to the forked thread *)
    fork serve c               (* fixed: only the thread uses c *)";

    SessionRecursionState = "E0505", Error, "recursion or a loop at a different protocol state",
"A recursive function that carries a channel must reach its recursive call at the state it
started in (the top of a `mu`); a loop must end each iteration where it began. Otherwise the
checker cannot give the function one protocol state.

    (* p = mu r. !(x : int). ?(y : int). r *)
    let rec go c = send c 1; go c                     (* error: ?(y) is due at the call *)
    let rec go c = send c 1; ignore (recv c); go c    (* fixed *)";

    SessionRefinement = "E0506", Error, "a protocol refinement that cannot be proven",
"At each `send`, the protocol step's predicate must follow from what is known on that path:
received predicates, branch conditions and definitions. Z3 decides; the report shows the
predicate, the step that declares it, and a counterexample in source names.

    (* echo = mu rec. !(s : string). ?(n : int) {n = String.length s}. rec *)
    send c (String.length req + 1)   (* error: counterexample s = \"\", n = 1 *)
    send c (String.length req)       (* fixed *)";

    SessionSendAhead = "E0507", Error, "a send ahead of a receive it depends on",
"Sends never block, so an endpoint may send before receiving what the protocol puts first,
but not when the step sent depends on a value not yet received, and not more than 64
messages ahead.

    (* p = ?(k : int). !(v : int) {v = 2 * k}. end *)
    send c 4; let k = recv c in ...   (* error: v's step mentions k *)
    let k = recv c in send c (2 * k)  (* fixed *)";

    SessionPathsDisagree = "E0508", Error, "paths that join with different protocol states",
"Where the branches of an `if` or `match` meet again (or where a function returns), every
channel must be at the same protocol state on every path.

    if b then send c 1;  send c 2       (* error: one path sent once, the other twice *)
    send c (if b then 1 else 0); ...    (* fixed *)";

    SessionNotFollowed = "E0509", Error, "a channel the protocol checker cannot follow",
"The checker follows channels held in local variables and passed directly to known
functions. A channel stored in a data structure or a global, given to an unknown function,
or returned from a function, is rejected rather than left unchecked.

    let pair = (c, 1) in ...      (* error: the channel is stored in a tuple *)
    use_channel c 1               (* fixed: pass it directly *)";

    SyncUnsupported = "E0601", Error, "a node's code outside what `anerisc verify` handles",
"`anerisc verify` synchronizes a system (docs/verification.md): each node's code must be
straight-line apart from `if`/`match` on values and `List.iter` loops over a node set,
communicate through `System_code` mailboxes on every run (not under a condition), and use
values the verifier models (ints, bools, chars, strings, tuples and variants of those,
addresses, refs). The message names the construct; rewrite it, e.g. compute a message with the condition:

    if ok then send_to mb coord Yes else send_to mb coord No   (* error *)
    send_to mb coord (if ok then Yes else No)                  (* fixed *)";

    SyncRace = "E0602", Error, "a receive that messages from two senders could reach (a race)",
"Pretend synchrony replaces each send/receive pair by an assignment, which needs one possible
sender for each receive. When two nodes may both be the next to send to a node, the order in
which their messages arrive decides what it does: a race. Make one sender wait for the other
(for example for an answer), or gather the messages of a node set in a `List.iter` loop.

    (* client1 and client2 both send to server, which receives twice: error *)";

    SyncUnmatched = "E0603", Error, "a receive no message reaches, or a message no one receives",
"After synchronization every receive must be matched with a send and every message sent
must be received. A receive that waits forever (a missing ack, a loop expecting a message
from each member that the members do not send) or a message left unreceived is an error;
the report shows where every node is waiting.

    List.iter (fun _ -> ignore (receive mb)) parts   (* error when members do not answer *)";

    SyncSpec = "E0604", Error, "a specification `anerisc verify` cannot read",
"`[@@ensures ...]` and `[@invariant fun seen -> ...]` are OCaml expressions over nodes'
locals (`coord.decision`, `p.vote`), refs (`!acks`, invariants only), `List.for_all` /
`List.exists` over a node set or `seen`, `List.length`, constructors, comparisons,
arithmetic, `&&`, `||`, `not` and `if`. The message names what it could not read.

    [@@ensures List.for_all (fun p -> p.decision = coord.decision) parts]";

    SyncRefuted = "E0605", Error, "a system property, invariant or assert that does not hold",
"Z3 found values for which an obligation of the synchronized system fails: a `[@@ensures]`,
an invariant that is false before its loop or not kept by an iteration, or an `assert`, a
`failwith` or a match failure that can be reached. The report gives the counterexample.
Fix the program, or the invariant when it is too weak to carry the proof.

    (* commit when any participant voted yes: the ensures is refuted *)";

    NonExhaustiveMatch = "W0001", Warning, "a match that does not cover every value",
"Some values of the matched type are handled by no case; the report shows one. At run time
such a value raises `Match_failure`. Add the missing case, or a final `| _ -> ...` when the
remaining values really need no special handling.

    match o with Some x -> x           (* warning: None is not matched *)
    match o with Some x -> x | None -> 0";

    UnusedVariable = "W0002", Warning, "a variable that is never used",
"A `let` or pattern binds a variable that nothing uses. Remove it, or prefix it with an
underscore (`_x`) to say the value is deliberately ignored.

    let f x y = x + 1       (* warning: y is unused *)
    let f x _y = x + 1      (* fixed *)";

    UnusedMatchCase = "W0003", Warning, "a match case that can never be reached",
"Every value this case matches is already matched by the cases above it, so it never runs.
Remove it, or move it above the case that hides it.

    match n with _ -> 0 | 1 -> 1     (* warning: the second case is unused *)";

    AssertUnproven = "W0501", Warning, "an assert that could not be proven",
"anerisc tries to prove each `assert` from the facts on its paths (branch conditions,
definitions, and what protocols promise about received values). When Z3 cannot, the report
gives a counterexample; the assert stays in the program and is checked at run time.
`anerisc check --deny-unproven` makes this an error.

    let n = recv c in assert (n > 0)   (* warning, unless the protocol says {n > 0} *)";

    ProtocolsNotChecked = "N0001", Note, "protocols were parsed but not checked",
"anerisc checks channels against their protocols on the IR. When a program uses a construct
the lowering to the IR does not support yet, its protocol declarations and attachments are
still parsed and validated, but its channels are not checked; this note says so and names
the construct. Rewrite that construct (the note gives its line) to have the program checked.
For example `let rec ones = 1 :: ones` (a recursive value that is not a function) in a
program with `[@@@protocol ...]` gives this note; a function `let rec ones () = ...` does not.";
    UncheckedSocket = "N0501", Note, "a socket without a protocol",
"A socket made without `[@protocol name]` is not checked: its channels may send and receive
anything in any order. `anerisc check --deny-unchecked` makes this an error. Attach a
protocol to check it:

    make_client_skt s_ser r_ser addr [@protocol echo]";
}

impl Code {
    /// Looks a code up by its printed form, case-insensitively (`e0301` finds `E0301`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_sorted() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(names.len(), sorted.len(), "duplicate code");
    }

    #[test]
    fn prefix_matches_severity() {
        for c in Code::ALL {
            let expected = match &c.as_str()[..1] {
                "E" => Severity::Error,
                "W" => Severity::Warning,
                _ => Severity::Note,
            };
            assert_eq!(c.severity(), expected, "{}", c.as_str());
        }
    }

    #[test]
    fn every_code_has_an_explanation_with_text() {
        for c in Code::ALL {
            assert!(c.explanation().len() > 80, "{} explanation too short", c.as_str());
        }
    }

    #[test]
    fn parse_is_case_insensitive() {
        assert_eq!(Code::parse("e0301"), Some(Code::TypeMismatch));
        assert_eq!(Code::parse("E9999"), None);
    }
}
