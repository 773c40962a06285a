//! The runtime's C ABI as the backend calls it: the symbol and signature of every runtime
//! function the backend's own code calls (`i` a 64-bit word, `f` a double; the return type
//! after `>`). The runtime functions that implement primitives are on the primitives' rows
//! (`anerisc_ir::prim`); those the backend's code calls too are taken from there.
//! `tests/runtime_abi.rs` checks both tables against the runtime's exported functions.

use anerisc_ir::prim::{Native, Prim};
pub use anerisc_ir::prim::RtFn;

macro_rules! rt {
    ($($id:ident = $name:literal $sig:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`")]
            pub const $id: RtFn = RtFn($name, $sig);
        )*

        /// Every function of this table.
        pub const ALL: &[RtFn] = &[$($id),*];
    };
}

/// The runtime function of primitive `p`; evaluated at compile time (a primitive without
/// one is a build error).
const fn of_prim(p: Prim) -> RtFn {
    match p.native() {
        Native::Runtime(f) => f,
        Native::Inline => panic!("the primitive is compiled inline: it has no runtime function"),
    }
}

/// The runtime function of `Prim::Concat`.
pub const STRING_CONCAT: RtFn = of_prim(Prim::Concat);
/// The runtime function of `Prim::StringOfInt`.
pub const STRING_OF_INT: RtFn = of_prim(Prim::StringOfInt);
/// The runtime function of `Prim::StringOfFloat`.
pub const STRING_OF_FLOAT: RtFn = of_prim(Prim::StringOfFloat);
/// The runtime function of `Prim::PrintString`.
pub const PRINT_STRING: RtFn = of_prim(Prim::PrintString);
/// The runtime function of `Prim::PrerrString`.
pub const PRERR_STRING: RtFn = of_prim(Prim::PrerrString);
/// The runtime function of `Prim::PrerrEndline`.
pub const PRERR_ENDLINE: RtFn = of_prim(Prim::PrerrEndline);
/// The runtime function of `Prim::Exit`.
pub const EXIT: RtFn = of_prim(Prim::Exit);
/// The runtime function of `Prim::Sleepf`.
pub const SLEEPF: RtFn = of_prim(Prim::Sleepf);

rt! {
    MAIN = "anerisc_main_large_stack" "iii>i";
    ALLOC = "anerisc_alloc" "ii>i";
    ALLOC_SMALL = "anerisc_alloc_small" "ii>i";
    ALLOC_FLOAT = "anerisc_alloc_float" "f>i";
    MODIFY = "anerisc_modify" "iii>i";
    REGISTER_GLOBAL_ROOT = "anerisc_register_global_root" "i>";
    REGISTER_PENDING_EXN = "anerisc_register_pending_exn" "i>";
    REGISTER_STACK_MAPS = "anerisc_register_stack_maps" "iii>";
    STRING_MAKE = "anerisc_string_make" "ii>i";
    FORMAT_INT = "anerisc_format_int" "ii>i";
    FORMAT_FLOAT = "anerisc_format_float" "if>i";
    FORMAT_STRING = "anerisc_format_string" "ii>i";
    COMPARE = "anerisc_compare" "ii>i";
    EQUAL = "anerisc_equal" "ii>i";
    NOTEQUAL = "anerisc_notequal" "ii>i";
    LESSTHAN = "anerisc_lessthan" "ii>i";
    LESSEQUAL = "anerisc_lessequal" "ii>i";
    GREATERTHAN = "anerisc_greaterthan" "ii>i";
    GREATEREQUAL = "anerisc_greaterequal" "ii>i";
    FLUSH_STDOUT = "anerisc_flush_stdout" ">i";
    FORK = "anerisc_fork" "ii>i";
    YIELD = "anerisc_yield" ">i";
    UNCAUGHT = "anerisc_uncaught_exception" "iii>";
    THREAD_UNCAUGHT = "anerisc_thread_uncaught_exception" "iiii>i";
    STRING_CASE = "anerisc_string_case" "ii>i";
    STRING_INIT = "anerisc_string_init" "iii>i";
    STRING_MAP = "anerisc_string_map" "iii>i";
    STRING_MAPI = "anerisc_string_mapi" "iii>i";
    STRING_ITER = "anerisc_string_iter" "iiii>i";
    ARRAY_FOLD_LEFT = "anerisc_array_fold_left" "iiii>i";
    STRING_SEARCH = "anerisc_string_search" "iiii>i";
    STRING_SEARCH_OPT = "anerisc_string_search_opt" "iiii>i";
    READ_LINE = "anerisc_read_line" "i>i";
    ARRAY_INIT = "anerisc_array_init" "iii>i";
    ARRAY_ITER_MAP = "anerisc_array_iter_map" "iiii>i";
    MAKE_CLIENT_SKT = "anerisc_make_client_skt" "iii>i";
    MAKE_SERVER_SKT = "anerisc_make_server_skt" "iii>i";
    SERVER_LISTEN = "anerisc_server_listen" "i>i";
    ACCEPT = "anerisc_accept" "i>i";
    CONNECT = "anerisc_connect" "ii>i";
    CHAN_SEND = "anerisc_chan_send" "iii>i";
    CHAN_RECV = "anerisc_chan_recv" "ii>i";
    CHAN_TRY_RECV = "anerisc_chan_try_recv" "ii>i";
}
