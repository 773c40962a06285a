//! The primitives: every operation that is neither a channel operation nor `fork` (those
//! are instructions of their own), one row each in the table below, the single source of
//! what a primitive is: its text name, its signature, what it may do besides computing its
//! result (its [`Effects`]), how native code implements it ([`Native`]: inline, or a call
//! of a runtime function with its native signature) and the library values (`Stdlib.( + )`,
//! `String.length`, `Ast.newlock`...) it implements. `ADDING_A_PRIMITIVE.md` lists what a
//! new primitive needs besides its row.

use crate::ir::Ty;
use crate::ir::Ty::*;

/// What a primitive may do besides computing its result. The flags over-approximate: a
/// primitive marked as possibly raising or collecting may never do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effects {
    /// No side effect: it writes no mutable state that existed before it, does no input or
    /// output, neither blocks nor lets other threads run, and applies no closure (it may read
    /// mutable state, make new blocks and raise).
    pub pure: bool,
    /// May raise an exception (its own, or one of a closure it applies).
    pub raises: bool,
    /// May allocate, run the collector or let other threads run, other than to raise an
    /// exception with constant arguments (after which the caller is left at once). In
    /// native code a caller keeps its heap values across a collecting primitive; every
    /// runtime call is counted as collecting but those of `anerisc_modify` and
    /// `anerisc_argv`, which never collect.
    pub collects: bool,
    /// Never returns normally.
    pub diverges: bool,
}

impl Effects {
    /// No flag set.
    const NONE: Effects = Effects { pure: false, raises: false, collects: false, diverges: false };
}

/// A function of the runtime's C ABI (or the C library's) as native code calls it: its
/// symbol and its signature, such as `"ii>i"` (`i` a 64-bit word, `f` a double; the
/// result after `>`, nothing for a function that returns none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RtFn(pub &'static str, pub &'static str);

/// How native code implements a primitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    /// The backend emits its code itself (`backend/src/codegen/prims.rs`), which may call
    /// runtime functions of the backend's own table (`backend/src/abi.rs`).
    Inline,
    /// A call of this runtime function on the primitive's arguments (a float passed as a
    /// raw double where the signature says `f`, as a boxed word where it says `i`), whose
    /// result is the primitive's (a raw double for `f`, unit for none).
    Runtime(RtFn),
}

macro_rules! native {
    (inline) => {
        Native::Inline
    };
    (rt($symbol:literal, $signature:literal)) => {
        Native::Runtime(RtFn($symbol, $signature))
    };
}

macro_rules! prims {
    ($($variant:ident $name:literal [$($arg:ident),*] $ret:ident {$($effect:ident)*} $how:ident $(($symbol:literal, $signature:literal))? $(= $($lib:literal)|+)?;)*) => {
        /// A primitive operation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Prim {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Prim {
            /// Every primitive, in the table's order.
            pub const ALL: &'static [Prim] = &[$(Prim::$variant),*];

            /// The primitive's name in the text format.
            pub fn name(self) -> &'static str {
                match self { $(Prim::$variant => $name,)* }
            }

            /// Argument types and result type.
            pub fn signature(self) -> (&'static [Ty], Ty) {
                match self { $(Prim::$variant => (&[$($arg),*], $ret),)* }
            }

            /// What the primitive may do besides computing its result.
            pub const fn effects(self) -> Effects {
                match self { $(Prim::$variant => Effects { $($effect: true,)* ..Effects::NONE },)* }
            }

            /// How native code implements the primitive.
            pub const fn native(self) -> Native {
                match self { $(Prim::$variant => native!($how $(($symbol, $signature))?),)* }
            }

            /// The primitive a library value (`"Stdlib.+"`, `"String.length"`) is, if any.
            pub fn of_library(qualified: &str) -> Option<Prim> {
                match qualified {
                    $($($($lib)|+ => Some(Prim::$variant),)?)*
                    _ => None,
                }
            }

            /// The primitive named `name` in the text format (for `external` declarations).
            pub fn of_name(name: &str) -> Option<Prim> {
                match name { $($name => Some(Prim::$variant),)* _ => None }
            }
        }
    };
}

// Each row: the variant, the text name, argument types, result type, `{effects}`, `inline`
// or `rt(symbol, native signature)`, and the library values it implements.
prims! {
    AddInt "add" [Int, Int] Int {pure} inline = "Stdlib.+";
    SubInt "sub" [Int, Int] Int {pure} inline = "Stdlib.-";
    MulInt "mul" [Int, Int] Int {pure} inline = "Stdlib.*";
    DivInt "div" [Int, Int] Int {pure raises} inline = "Stdlib./";
    ModInt "mod" [Int, Int] Int {pure raises} inline = "Stdlib.mod";
    NegInt "neg" [Int] Int {pure} inline = "Stdlib.~-";
    PlusInt "plus" [Int] Int {pure} inline = "Stdlib.~+";
    Succ "succ" [Int] Int {pure} inline = "Stdlib.succ";
    Pred "pred" [Int] Int {pure} inline = "Stdlib.pred";
    AbsInt "abs" [Int] Int {pure} inline = "Stdlib.abs";
    Land "land" [Int, Int] Int {pure} inline = "Stdlib.land";
    Lor "lor" [Int, Int] Int {pure} inline = "Stdlib.lor";
    Lxor "lxor" [Int, Int] Int {pure} inline = "Stdlib.lxor";
    Lnot "lnot" [Int] Int {pure} inline = "Stdlib.lnot";
    Lsl "lsl" [Int, Int] Int {pure} inline = "Stdlib.lsl";
    Lsr "lsr" [Int, Int] Int {pure} inline = "Stdlib.lsr";
    Asr "asr" [Int, Int] Int {pure} inline = "Stdlib.asr";
    MaxInt "max_int" [] Int {pure} inline = "Stdlib.max_int";
    MinInt "min_int" [] Int {pure} inline = "Stdlib.min_int";
    AddFloat "fadd" [Float, Float] Float {pure collects} inline = "Stdlib.+.";
    SubFloat "fsub" [Float, Float] Float {pure collects} inline = "Stdlib.-.";
    MulFloat "fmul" [Float, Float] Float {pure collects} inline = "Stdlib.*.";
    DivFloat "fdiv" [Float, Float] Float {pure collects} inline = "Stdlib./.";
    PowFloat "fpow" [Float, Float] Float {pure collects} rt("pow", "ff>f") = "Stdlib.**";
    NegFloat "fneg" [Float] Float {pure collects} inline = "Stdlib.~-.";
    PlusFloat "fplus" [Float] Float {pure} inline = "Stdlib.~+.";
    Sqrt "sqrt" [Float] Float {pure collects} inline = "Stdlib.sqrt";
    Exp "exp" [Float] Float {pure collects} rt("exp", "f>f") = "Stdlib.exp";
    Log "log" [Float] Float {pure collects} rt("log", "f>f") = "Stdlib.log";
    Floor "floor" [Float] Float {pure collects} inline = "Stdlib.floor";
    Ceil "ceil" [Float] Float {pure collects} inline = "Stdlib.ceil";
    AbsFloat "fabs" [Float] Float {pure collects} inline = "Stdlib.abs_float";
    FloatOfInt "float_of_int" [Int] Float {pure collects} inline = "Stdlib.float" | "Stdlib.float_of_int";
    IntOfFloat "int_of_float" [Float] Int {pure} inline = "Stdlib.truncate" | "Stdlib.int_of_float";
    Infinity "infinity" [] Float {pure} inline = "Stdlib.infinity";
    NegInfinity "neg_infinity" [] Float {pure} inline = "Stdlib.neg_infinity";
    Nan "nan" [] Float {pure} inline = "Stdlib.nan";
    MaxFloat "max_float" [] Float {pure} inline = "Stdlib.max_float";
    MinFloat "min_float" [] Float {pure} inline = "Stdlib.min_float";
    Eq "eq" [Any, Any] Bool {pure raises collects} inline = "Stdlib.=";
    Ne "ne" [Any, Any] Bool {pure raises collects} inline = "Stdlib.<>";
    Lt "lt" [Any, Any] Bool {pure raises collects} inline = "Stdlib.<";
    Gt "gt" [Any, Any] Bool {pure raises collects} inline = "Stdlib.>";
    Le "le" [Any, Any] Bool {pure raises collects} inline = "Stdlib.<=";
    Ge "ge" [Any, Any] Bool {pure raises collects} inline = "Stdlib.>=";
    Compare "compare" [Any, Any] Int {pure raises collects} inline = "Stdlib.compare";
    Min "min" [Any, Any] Any {pure raises collects} inline = "Stdlib.min";
    Max "max" [Any, Any] Any {pure raises collects} inline = "Stdlib.max";
    PhysEq "phys_eq" [Any, Any] Bool {pure} inline = "Stdlib.==";
    PhysNe "phys_ne" [Any, Any] Bool {pure} inline = "Stdlib.!=";
    Not "not" [Bool] Bool {pure} inline = "Stdlib.not";
    Ignore "ignore" [Any] Unit {pure} inline = "Stdlib.ignore";
    Raise "raise" [Exn] Any {pure raises diverges} inline = "Stdlib.raise";
    Failwith "failwith" [Str] Any {pure raises collects diverges} inline = "Stdlib.failwith";
    InvalidArg "invalid_arg" [Str] Any {pure raises collects diverges} inline = "Stdlib.invalid_arg";
    Exit "exit" [Int] Any {collects diverges} rt("anerisc_exit", "i>") = "Stdlib.exit";
    Concat "concat" [Str, Str] Str {pure collects} rt("anerisc_string_concat", "ii>i") = "Stdlib.^";
    IntOfChar "int_of_char" [Char] Int {pure} inline = "Stdlib.int_of_char" | "Char.code";
    CharOfInt "char_of_int" [Int] Char {pure raises} inline = "Stdlib.char_of_int";
    CharChr "char_chr" [Int] Char {pure raises} inline = "Char.chr";
    StringOfBool "string_of_bool" [Bool] Str {pure} inline = "Stdlib.string_of_bool";
    BoolOfString "bool_of_string" [Str] Bool {pure raises collects} rt("anerisc_bool_of_string", "i>i") = "Stdlib.bool_of_string";
    BoolOfStringOpt "bool_of_string_opt" [Str] Data {pure collects} rt("anerisc_bool_of_string_opt", "i>i") = "Stdlib.bool_of_string_opt";
    StringOfInt "string_of_int" [Int] Str {pure collects} rt("anerisc_string_of_int", "i>i") = "Stdlib.string_of_int" | "Ast.stringOfInt" | "Ast.i2s";
    IntOfString "int_of_string" [Str] Int {pure raises collects} rt("anerisc_int_of_string", "i>i") = "Stdlib.int_of_string";
    IntOfStringOpt "int_of_string_opt" [Str] Data {pure collects} rt("anerisc_int_of_string_opt", "i>i") = "Stdlib.int_of_string_opt" | "Ast.intOfString" | "Ast.s2i";
    StringOfFloat "string_of_float" [Float] Str {pure collects} rt("anerisc_string_of_float", "f>i") = "Stdlib.string_of_float";
    FloatOfString "float_of_string" [Str] Float {pure raises collects} rt("anerisc_float_of_string", "i>i") = "Stdlib.float_of_string";
    FloatOfStringOpt "float_of_string_opt" [Str] Data {pure collects} rt("anerisc_float_of_string_opt", "i>i") = "Stdlib.float_of_string_opt";
    Fst "fst" [Data] Any {pure} inline = "Stdlib.fst";
    Snd "snd" [Data] Any {pure} inline = "Stdlib.snd";
    ListAppend "list_append" [Data, Data] Data {pure collects} rt("anerisc_list_append", "ii>i") = "Stdlib.@";
    PrintChar "print_char" [Char] Unit {raises collects} inline = "Stdlib.print_char";
    PrintString "print_string" [Str] Unit {raises collects} rt("anerisc_print_string", "i>i") = "Stdlib.print_string";
    PrintInt "print_int" [Int] Unit {raises collects} rt("anerisc_print_int", "i>i") = "Stdlib.print_int";
    PrintFloat "print_float" [Float] Unit {raises collects} inline = "Stdlib.print_float";
    PrintEndline "print_endline" [Str] Unit {raises collects} rt("anerisc_print_endline", "i>i") = "Stdlib.print_endline";
    PrintNewline "print_newline" [Unit] Unit {raises collects} rt("anerisc_print_newline", "i>i") = "Stdlib.print_newline";
    PrerrChar "prerr_char" [Char] Unit {raises collects} inline = "Stdlib.prerr_char";
    PrerrString "prerr_string" [Str] Unit {raises collects} rt("anerisc_prerr_string", "i>i") = "Stdlib.prerr_string";
    PrerrInt "prerr_int" [Int] Unit {raises collects} inline = "Stdlib.prerr_int";
    PrerrFloat "prerr_float" [Float] Unit {raises collects} inline = "Stdlib.prerr_float";
    PrerrEndline "prerr_endline" [Str] Unit {raises collects} rt("anerisc_prerr_endline", "i>i") = "Stdlib.prerr_endline";
    PrerrNewline "prerr_newline" [Unit] Unit {raises collects} inline = "Stdlib.prerr_newline";
    ReadLine "read_line" [Unit] Str {raises collects} inline = "Stdlib.read_line";
    Ref "ref" [Any] Data {pure collects} inline = "Stdlib.ref" | "Ast.ref";
    RefLbl "ref_lbl" [Str, Any] Data {pure collects} inline = "Ast.ref_lbl";
    Deref "deref" [Data] Any {pure} inline = "Stdlib.!" | "Ast.!";
    Assign "assign" [Data, Any] Unit {} inline = "Stdlib.:=" | "Ast.:=";
    Incr "incr" [Data] Unit {} inline = "Stdlib.incr";
    Decr "decr" [Data] Unit {} inline = "Stdlib.decr";
    Cas "cas" [Data, Any, Any] Bool {} inline = "Ast.cas";
    StrLength "string_length" [Str] Int {pure} inline = "String.length" | "Ast.strlen";
    StrGet "string_get" [Str, Int] Char {pure raises} inline = "String.get";
    StrMake "string_make" [Int, Char] Str {pure raises collects} inline = "String.make";
    StrInit "string_init" [Int, Fun] Str {raises collects} inline = "String.init";
    StrSub "string_sub" [Str, Int, Int] Str {pure raises collects} rt("anerisc_string_sub", "iii>i") = "String.sub";
    Substring "substring" [Str, Int, Int] Str {pure collects} rt("anerisc_substring", "iii>i") = "Ast.substring";
    StrConcat "string_concat" [Str, Data] Str {pure collects} rt("anerisc_string_concat_list", "ii>i") = "String.concat";
    StrEqual "string_equal" [Str, Str] Bool {pure collects} inline = "String.equal";
    StrCompare "string_compare" [Str, Str] Int {pure collects} inline = "String.compare";
    StrContains "string_contains" [Str, Char] Bool {pure collects} inline = "String.contains";
    StrContainsFrom "string_contains_from" [Str, Int, Char] Bool {pure raises collects} inline = "String.contains_from";
    StrIndex "string_index" [Str, Char] Int {pure raises collects} inline = "String.index";
    StrIndexOpt "string_index_opt" [Str, Char] Data {pure collects} inline = "String.index_opt";
    StrIndexFrom "string_index_from" [Str, Int, Char] Int {pure raises collects} inline = "String.index_from";
    StrIndexFromOpt "string_index_from_opt" [Str, Int, Char] Data {pure raises collects} rt("anerisc_string_index_from_opt", "iii>i") = "String.index_from_opt";
    FindFrom "find_from" [Str, Int, Char] Data {pure collects} rt("anerisc_find_from", "iii>i") = "Ast.findFrom";
    StrRindex "string_rindex" [Str, Char] Int {pure raises collects} inline = "String.rindex";
    StrRindexOpt "string_rindex_opt" [Str, Char] Data {pure collects} inline = "String.rindex_opt";
    StrSplitOnChar "string_split_on_char" [Char, Str] Data {pure collects} rt("anerisc_string_split_on_char", "ii>i") = "String.split_on_char";
    StrTrim "string_trim" [Str] Str {pure collects} rt("anerisc_string_trim", "i>i") = "String.trim";
    StrEscaped "string_escaped" [Str] Str {pure collects} rt("anerisc_string_escaped", "i>i") = "String.escaped";
    StrUppercase "string_uppercase" [Str] Str {pure collects} inline = "String.uppercase_ascii";
    StrLowercase "string_lowercase" [Str] Str {pure collects} inline = "String.lowercase_ascii";
    StrCapitalize "string_capitalize" [Str] Str {pure collects} inline = "String.capitalize_ascii";
    StrIter "string_iter" [Fun, Str] Unit {raises collects} inline = "String.iter";
    StrIteri "string_iteri" [Fun, Str] Unit {raises collects} inline = "String.iteri";
    StrMap "string_map" [Fun, Str] Str {raises collects} inline = "String.map";
    StrMapi "string_mapi" [Fun, Str] Str {raises collects} inline = "String.mapi";
    CharEscaped "char_escaped" [Char] Str {pure collects} rt("anerisc_char_escaped", "i>i") = "Char.escaped";
    CharLowercase "char_lowercase" [Char] Char {pure} inline = "Char.lowercase_ascii";
    CharUppercase "char_uppercase" [Char] Char {pure} inline = "Char.uppercase_ascii";
    CharCompare "char_compare" [Char, Char] Int {pure} inline = "Char.compare";
    CharEqual "char_equal" [Char, Char] Bool {pure} inline = "Char.equal";
    ArrayLength "array_length" [Data] Int {pure} inline = "Array.length";
    ArrayGet "array_get" [Data, Int] Any {pure raises} inline = "Array.get";
    ArraySet "array_set" [Data, Int, Any] Unit {raises} inline = "Array.set";
    ArrayMake "array_make" [Int, Any] Data {pure raises collects} inline = "Array.make";
    ArrayInit "array_init" [Int, Fun] Data {raises collects} inline = "Array.init";
    ArrayToList "array_to_list" [Data] Data {pure collects} rt("anerisc_array_to_list", "i>i") = "Array.to_list";
    ArrayOfList "array_of_list" [Data] Data {pure collects} rt("anerisc_array_of_list", "i>i") = "Array.of_list";
    ArrayIter "array_iter" [Fun, Data] Unit {raises collects} inline = "Array.iter";
    ArrayMap "array_map" [Fun, Data] Data {raises collects} inline = "Array.map";
    ArrayFoldLeft "array_fold_left" [Fun, Any, Data] Any {raises collects} inline = "Array.fold_left";
    Argv "argv" [] Data {pure} rt("anerisc_argv", ">i") = "Sys.argv";
    Time "time" [Unit] Float {pure collects} rt("anerisc_gettimeofday", "i>i") = "Sys.time" | "Unix.time" | "Unix.gettimeofday";
    GetenvOpt "getenv_opt" [Str] Data {pure collects} rt("anerisc_getenv_opt", "i>i") = "Sys.getenv_opt";
    Sleepf "sleepf" [Float] Unit {collects} rt("anerisc_sleepf", "f>i") = "Unix.sleepf";
    Sleep "sleep" [Int] Unit {collects} inline = "Unix.sleep";
    NewLock "newlock" [Unit] Data {pure collects} rt("anerisc_newlock", "i>i") = "Ast.newlock";
    TryAcquire "try_acquire" [Data] Bool {collects} rt("anerisc_try_acquire", "i>i") = "Ast.try_acquire";
    Acquire "acquire" [Data] Unit {collects} rt("anerisc_acquire", "i>i") = "Ast.acquire";
    Release "release" [Data] Unit {collects} rt("anerisc_release", "i>i") = "Ast.release";
    NewMonitor "new_monitor" [Unit] Data {pure collects} rt("anerisc_new_monitor", "i>i") = "Ast.new_monitor";
    MonitorTryAcquire "monitor_try_acquire" [Data] Bool {collects} rt("anerisc_monitor_try_acquire", "i>i") = "Ast.monitor_try_acquire";
    MonitorAcquire "monitor_acquire" [Data] Unit {collects} rt("anerisc_monitor_acquire", "i>i") = "Ast.monitor_acquire";
    MonitorRelease "monitor_release" [Data] Unit {collects} rt("anerisc_monitor_release", "i>i") = "Ast.monitor_release";
    MonitorSignal "monitor_signal" [Data] Unit {collects} rt("anerisc_monitor_signal", "i>i") = "Ast.monitor_signal";
    MonitorBroadcast "monitor_broadcast" [Data] Unit {collects} rt("anerisc_monitor_broadcast", "i>i") = "Ast.monitor_broadcast";
    MonitorWait "monitor_wait" [Data] Unit {collects} rt("anerisc_monitor_wait", "i>i") = "Ast.monitor_wait";
    Unsafe "unsafe" [Fun] Unit {raises collects} inline = "Ast.unsafe";
    Rand "rand" [Int] Int {raises collects} rt("anerisc_rand", "i>i") = "Ast.rand";
    MakeAddress "make_address" [Str, Int] Data {pure collects} inline = "Ast.makeAddress";
    IpOfAddress "ip_of_address" [Data] Str {pure} inline = "Ast.ip_of_address";
    PortOfAddress "port_of_address" [Data] Int {pure} inline = "Ast.port_of_address";
    AddressInfo "address_info" [Data] Data {pure} inline = "Ast.get_address_info";
    UdpSocket "udp_socket" [Unit] Data {raises collects} rt("anerisc_udp_socket", "i>i") = "Ast.udp_socket";
    SocketBind "socket_bind" [Data, Data] Unit {raises collects} rt("anerisc_socket_bind", "ii>i") = "Ast.socketBind";
    SendTo "send_to" [Data, Str, Data] Int {raises collects} rt("anerisc_send_to", "iii>i") = "Ast.sendTo";
    ReceiveFrom "receive_from" [Data] Data {raises collects} rt("anerisc_receive_from", "i>i") = "Ast.receiveFrom";
    SetReceiveTimeout "set_receive_timeout" [Data, Int, Int] Unit {raises collects} rt("anerisc_set_receive_timeout", "iii>i") = "Ast.setReceiveTimeout";
    SetSendFaultFlags "set_send_fault_flags" [Int, Int, Int] Unit {raises collects} rt("anerisc_set_send_fault_flags", "iii>i") = "Ast.set_send_fault_flags";
    MatchFailure "match_failure" [Str, Int, Int] Any {pure raises collects diverges} inline;
    AssertFailure "assert_failure" [Str, Int, Int] Any {pure raises collects diverges} inline;
}

impl Prim {
    /// True for primitives that never return normally.
    pub fn diverges(self) -> bool {
        self.effects().diverges
    }

    /// True for the network primitives (UDP sockets and addresses).
    pub fn is_network(self) -> bool {
        matches!(
            self,
            Prim::UdpSocket | Prim::SocketBind | Prim::SendTo | Prim::ReceiveFrom | Prim::SetReceiveTimeout | Prim::SetSendFaultFlags
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_signatures_fit_the_primitives_signatures() {
        for p in Prim::ALL {
            let Native::Runtime(RtFn(symbol, signature)) = p.native() else { continue };
            let (params, ret) = signature.split_once('>').unwrap_or_else(|| panic!("{symbol}: `{signature}` has no `>`"));
            let (args, result) = p.signature();
            assert_eq!(params.len(), args.len(), "{symbol} takes one native parameter per argument of `{}`", p.name());
            for (c, t) in params.chars().zip(args) {
                assert!(c == 'i' || (c == 'f' && *t == Float), "{symbol}: parameter `{c}` for an argument of type {}", t.name());
            }
            assert!(matches!(ret, "" | "i") || (ret == "f" && result == Float), "{symbol}: result `{ret}` for type {}", result.name());
        }
    }

    #[test]
    fn every_primitive_is_found_by_its_name() {
        for p in Prim::ALL {
            assert_eq!(Prim::of_name(p.name()), Some(*p));
        }
    }
}
