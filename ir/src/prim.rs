//! The primitives: every operation that is neither a channel operation nor `fork` (those
//! are instructions of their own). Each has a text name, a signature, and the library
//! values (`Stdlib.( + )`, `String.length`, `Ast.newlock`...) it implements.

use crate::ir::Ty;
use crate::ir::Ty::*;

macro_rules! prims {
    ($($variant:ident $name:literal [$($arg:ident),*] $ret:ident $(= $($lib:literal)|+)?;)*) => {
        /// A primitive operation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Prim {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl Prim {
            /// The primitive's name in the text format.
            pub fn name(self) -> &'static str {
                match self { $(Prim::$variant => $name,)* }
            }

            /// Argument types and result type.
            pub fn signature(self) -> (&'static [Ty], Ty) {
                match self { $(Prim::$variant => (&[$($arg),*], $ret),)* }
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

prims! {
    AddInt "add" [Int, Int] Int = "Stdlib.+";
    SubInt "sub" [Int, Int] Int = "Stdlib.-";
    MulInt "mul" [Int, Int] Int = "Stdlib.*";
    DivInt "div" [Int, Int] Int = "Stdlib./";
    ModInt "mod" [Int, Int] Int = "Stdlib.mod";
    NegInt "neg" [Int] Int = "Stdlib.~-";
    PlusInt "plus" [Int] Int = "Stdlib.~+";
    Succ "succ" [Int] Int = "Stdlib.succ";
    Pred "pred" [Int] Int = "Stdlib.pred";
    AbsInt "abs" [Int] Int = "Stdlib.abs";
    Land "land" [Int, Int] Int = "Stdlib.land";
    Lor "lor" [Int, Int] Int = "Stdlib.lor";
    Lxor "lxor" [Int, Int] Int = "Stdlib.lxor";
    Lnot "lnot" [Int] Int = "Stdlib.lnot";
    Lsl "lsl" [Int, Int] Int = "Stdlib.lsl";
    Lsr "lsr" [Int, Int] Int = "Stdlib.lsr";
    Asr "asr" [Int, Int] Int = "Stdlib.asr";
    MaxInt "max_int" [] Int = "Stdlib.max_int";
    MinInt "min_int" [] Int = "Stdlib.min_int";
    AddFloat "fadd" [Float, Float] Float = "Stdlib.+.";
    SubFloat "fsub" [Float, Float] Float = "Stdlib.-.";
    MulFloat "fmul" [Float, Float] Float = "Stdlib.*.";
    DivFloat "fdiv" [Float, Float] Float = "Stdlib./.";
    PowFloat "fpow" [Float, Float] Float = "Stdlib.**";
    NegFloat "fneg" [Float] Float = "Stdlib.~-.";
    PlusFloat "fplus" [Float] Float = "Stdlib.~+.";
    Sqrt "sqrt" [Float] Float = "Stdlib.sqrt";
    Exp "exp" [Float] Float = "Stdlib.exp";
    Log "log" [Float] Float = "Stdlib.log";
    Floor "floor" [Float] Float = "Stdlib.floor";
    Ceil "ceil" [Float] Float = "Stdlib.ceil";
    AbsFloat "fabs" [Float] Float = "Stdlib.abs_float";
    FloatOfInt "float_of_int" [Int] Float = "Stdlib.float" | "Stdlib.float_of_int";
    IntOfFloat "int_of_float" [Float] Int = "Stdlib.truncate" | "Stdlib.int_of_float";
    Infinity "infinity" [] Float = "Stdlib.infinity";
    NegInfinity "neg_infinity" [] Float = "Stdlib.neg_infinity";
    Nan "nan" [] Float = "Stdlib.nan";
    MaxFloat "max_float" [] Float = "Stdlib.max_float";
    MinFloat "min_float" [] Float = "Stdlib.min_float";
    Eq "eq" [Any, Any] Bool = "Stdlib.=";
    Ne "ne" [Any, Any] Bool = "Stdlib.<>";
    Lt "lt" [Any, Any] Bool = "Stdlib.<";
    Gt "gt" [Any, Any] Bool = "Stdlib.>";
    Le "le" [Any, Any] Bool = "Stdlib.<=";
    Ge "ge" [Any, Any] Bool = "Stdlib.>=";
    Compare "compare" [Any, Any] Int = "Stdlib.compare";
    Min "min" [Any, Any] Any = "Stdlib.min";
    Max "max" [Any, Any] Any = "Stdlib.max";
    PhysEq "phys_eq" [Any, Any] Bool = "Stdlib.==";
    PhysNe "phys_ne" [Any, Any] Bool = "Stdlib.!=";
    Not "not" [Bool] Bool = "Stdlib.not";
    Ignore "ignore" [Any] Unit = "Stdlib.ignore";
    Raise "raise" [Exn] Any = "Stdlib.raise";
    Failwith "failwith" [Str] Any = "Stdlib.failwith";
    InvalidArg "invalid_arg" [Str] Any = "Stdlib.invalid_arg";
    Exit "exit" [Int] Any = "Stdlib.exit";
    Concat "concat" [Str, Str] Str = "Stdlib.^";
    IntOfChar "int_of_char" [Char] Int = "Stdlib.int_of_char" | "Char.code";
    CharOfInt "char_of_int" [Int] Char = "Stdlib.char_of_int";
    CharChr "char_chr" [Int] Char = "Char.chr";
    StringOfBool "string_of_bool" [Bool] Str = "Stdlib.string_of_bool";
    BoolOfString "bool_of_string" [Str] Bool = "Stdlib.bool_of_string";
    BoolOfStringOpt "bool_of_string_opt" [Str] Data = "Stdlib.bool_of_string_opt";
    StringOfInt "string_of_int" [Int] Str = "Stdlib.string_of_int" | "Ast.stringOfInt" | "Ast.i2s";
    IntOfString "int_of_string" [Str] Int = "Stdlib.int_of_string";
    IntOfStringOpt "int_of_string_opt" [Str] Data = "Stdlib.int_of_string_opt" | "Ast.intOfString" | "Ast.s2i";
    StringOfFloat "string_of_float" [Float] Str = "Stdlib.string_of_float";
    FloatOfString "float_of_string" [Str] Float = "Stdlib.float_of_string";
    FloatOfStringOpt "float_of_string_opt" [Str] Data = "Stdlib.float_of_string_opt";
    Fst "fst" [Data] Any = "Stdlib.fst";
    Snd "snd" [Data] Any = "Stdlib.snd";
    ListAppend "list_append" [Data, Data] Data = "Stdlib.@";
    PrintChar "print_char" [Char] Unit = "Stdlib.print_char";
    PrintString "print_string" [Str] Unit = "Stdlib.print_string";
    PrintInt "print_int" [Int] Unit = "Stdlib.print_int";
    PrintFloat "print_float" [Float] Unit = "Stdlib.print_float";
    PrintEndline "print_endline" [Str] Unit = "Stdlib.print_endline";
    PrintNewline "print_newline" [Unit] Unit = "Stdlib.print_newline";
    PrerrChar "prerr_char" [Char] Unit = "Stdlib.prerr_char";
    PrerrString "prerr_string" [Str] Unit = "Stdlib.prerr_string";
    PrerrInt "prerr_int" [Int] Unit = "Stdlib.prerr_int";
    PrerrFloat "prerr_float" [Float] Unit = "Stdlib.prerr_float";
    PrerrEndline "prerr_endline" [Str] Unit = "Stdlib.prerr_endline";
    PrerrNewline "prerr_newline" [Unit] Unit = "Stdlib.prerr_newline";
    ReadLine "read_line" [Unit] Str = "Stdlib.read_line";
    Ref "ref" [Any] Data = "Stdlib.ref" | "Ast.ref";
    RefLbl "ref_lbl" [Str, Any] Data = "Ast.ref_lbl";
    Deref "deref" [Data] Any = "Stdlib.!" | "Ast.!";
    Assign "assign" [Data, Any] Unit = "Stdlib.:=" | "Ast.:=";
    Incr "incr" [Data] Unit = "Stdlib.incr";
    Decr "decr" [Data] Unit = "Stdlib.decr";
    Cas "cas" [Data, Any, Any] Bool = "Ast.cas";
    StrLength "string_length" [Str] Int = "String.length" | "Ast.strlen";
    StrGet "string_get" [Str, Int] Char = "String.get";
    StrMake "string_make" [Int, Char] Str = "String.make";
    StrInit "string_init" [Int, Fun] Str = "String.init";
    StrSub "string_sub" [Str, Int, Int] Str = "String.sub";
    Substring "substring" [Str, Int, Int] Str = "Ast.substring";
    StrConcat "string_concat" [Str, Data] Str = "String.concat";
    StrEqual "string_equal" [Str, Str] Bool = "String.equal";
    StrCompare "string_compare" [Str, Str] Int = "String.compare";
    StrContains "string_contains" [Str, Char] Bool = "String.contains";
    StrContainsFrom "string_contains_from" [Str, Int, Char] Bool = "String.contains_from";
    StrIndex "string_index" [Str, Char] Int = "String.index";
    StrIndexOpt "string_index_opt" [Str, Char] Data = "String.index_opt";
    StrIndexFrom "string_index_from" [Str, Int, Char] Int = "String.index_from";
    StrIndexFromOpt "string_index_from_opt" [Str, Int, Char] Data = "String.index_from_opt";
    FindFrom "find_from" [Str, Int, Char] Data = "Ast.findFrom";
    StrRindex "string_rindex" [Str, Char] Int = "String.rindex";
    StrRindexOpt "string_rindex_opt" [Str, Char] Data = "String.rindex_opt";
    StrSplitOnChar "string_split_on_char" [Char, Str] Data = "String.split_on_char";
    StrTrim "string_trim" [Str] Str = "String.trim";
    StrEscaped "string_escaped" [Str] Str = "String.escaped";
    StrUppercase "string_uppercase" [Str] Str = "String.uppercase_ascii";
    StrLowercase "string_lowercase" [Str] Str = "String.lowercase_ascii";
    StrCapitalize "string_capitalize" [Str] Str = "String.capitalize_ascii";
    StrIter "string_iter" [Fun, Str] Unit = "String.iter";
    StrIteri "string_iteri" [Fun, Str] Unit = "String.iteri";
    StrMap "string_map" [Fun, Str] Str = "String.map";
    StrMapi "string_mapi" [Fun, Str] Str = "String.mapi";
    CharEscaped "char_escaped" [Char] Str = "Char.escaped";
    CharLowercase "char_lowercase" [Char] Char = "Char.lowercase_ascii";
    CharUppercase "char_uppercase" [Char] Char = "Char.uppercase_ascii";
    CharCompare "char_compare" [Char, Char] Int = "Char.compare";
    CharEqual "char_equal" [Char, Char] Bool = "Char.equal";
    ArrayLength "array_length" [Data] Int = "Array.length";
    ArrayGet "array_get" [Data, Int] Any = "Array.get";
    ArraySet "array_set" [Data, Int, Any] Unit = "Array.set";
    ArrayMake "array_make" [Int, Any] Data = "Array.make";
    ArrayInit "array_init" [Int, Fun] Data = "Array.init";
    ArrayToList "array_to_list" [Data] Data = "Array.to_list";
    ArrayOfList "array_of_list" [Data] Data = "Array.of_list";
    ArrayIter "array_iter" [Fun, Data] Unit = "Array.iter";
    ArrayMap "array_map" [Fun, Data] Data = "Array.map";
    ArrayFoldLeft "array_fold_left" [Fun, Any, Data] Any = "Array.fold_left";
    Argv "argv" [] Data = "Sys.argv";
    Time "time" [Unit] Float = "Sys.time" | "Unix.time" | "Unix.gettimeofday";
    GetenvOpt "getenv_opt" [Str] Data = "Sys.getenv_opt";
    Sleepf "sleepf" [Float] Unit = "Unix.sleepf";
    Sleep "sleep" [Int] Unit = "Unix.sleep";
    NewLock "newlock" [Unit] Data = "Ast.newlock";
    TryAcquire "try_acquire" [Data] Bool = "Ast.try_acquire";
    Acquire "acquire" [Data] Unit = "Ast.acquire";
    Release "release" [Data] Unit = "Ast.release";
    NewMonitor "new_monitor" [Unit] Data = "Ast.new_monitor";
    MonitorTryAcquire "monitor_try_acquire" [Data] Bool = "Ast.monitor_try_acquire";
    MonitorAcquire "monitor_acquire" [Data] Unit = "Ast.monitor_acquire";
    MonitorRelease "monitor_release" [Data] Unit = "Ast.monitor_release";
    MonitorSignal "monitor_signal" [Data] Unit = "Ast.monitor_signal";
    MonitorBroadcast "monitor_broadcast" [Data] Unit = "Ast.monitor_broadcast";
    MonitorWait "monitor_wait" [Data] Unit = "Ast.monitor_wait";
    Unsafe "unsafe" [Fun] Unit = "Ast.unsafe";
    Rand "rand" [Int] Int = "Ast.rand";
    MakeAddress "make_address" [Str, Int] Data = "Ast.makeAddress";
    IpOfAddress "ip_of_address" [Data] Str = "Ast.ip_of_address";
    PortOfAddress "port_of_address" [Data] Int = "Ast.port_of_address";
    AddressInfo "address_info" [Data] Data = "Ast.get_address_info";
    UdpSocket "udp_socket" [Unit] Data = "Ast.udp_socket";
    SocketBind "socket_bind" [Data, Data] Unit = "Ast.socketBind";
    SendTo "send_to" [Data, Str, Data] Int = "Ast.sendTo";
    ReceiveFrom "receive_from" [Data] Data = "Ast.receiveFrom";
    SetReceiveTimeout "set_receive_timeout" [Data, Int, Int] Unit = "Ast.setReceiveTimeout";
    SetSendFaultFlags "set_send_fault_flags" [Int, Int, Int] Unit = "Ast.set_send_fault_flags";
    MatchFailure "match_failure" [Str, Int, Int] Any;
    AssertFailure "assert_failure" [Str, Int, Int] Any;
}

impl Prim {
    /// True for primitives that never return normally.
    pub fn diverges(self) -> bool {
        matches!(self, Prim::Raise | Prim::Failwith | Prim::InvalidArg | Prim::Exit | Prim::MatchFailure | Prim::AssertFailure)
    }

    /// True for the network primitives (UDP sockets and addresses).
    pub fn is_network(self) -> bool {
        matches!(
            self,
            Prim::UdpSocket | Prim::SocketBind | Prim::SendTo | Prim::ReceiveFrom | Prim::SetReceiveTimeout | Prim::SetSendFaultFlags
        )
    }
}
