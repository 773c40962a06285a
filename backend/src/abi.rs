//! The runtime's C ABI as the backend calls it: every symbol name and its signature, in
//! one place (`i` a 64-bit word, `f` a double; the return type after `>`).

/// A runtime function: its symbol and its signature, such as `"ii>i"`.
pub struct RtFn(pub &'static str, pub &'static str);

macro_rules! rt {
    ($($id:ident = $name:literal $sig:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`")]
            pub const $id: RtFn = RtFn($name, $sig);
        )*
    };
}

rt! {
    MAIN = "anerisc_main_large_stack" "iii>i";
    EXIT = "anerisc_exit" "i>";
    ALLOC = "anerisc_alloc" "ii>i";
    ALLOC_SMALL = "anerisc_alloc_small" "ii>i";
    ALLOC_FLOAT = "anerisc_alloc_float" "f>i";
    MODIFY = "anerisc_modify" "iii>i";
    REGISTER_GLOBAL_ROOT = "anerisc_register_global_root" "i>";
    REGISTER_PENDING_EXN = "anerisc_register_pending_exn" "i>";
    REGISTER_STACK_MAPS = "anerisc_register_stack_maps" "iii>";
    STRING_SUB = "anerisc_string_sub" "iii>i";
    STRING_CONCAT = "anerisc_string_concat" "ii>i";
    STRING_MAKE = "anerisc_string_make" "ii>i";
    STRING_OF_INT = "anerisc_string_of_int" "i>i";
    INT_OF_STRING = "anerisc_int_of_string" "i>i";
    INT_OF_STRING_OPT = "anerisc_int_of_string_opt" "i>i";
    FORMAT_INT = "anerisc_format_int" "ii>i";
    FORMAT_FLOAT = "anerisc_format_float" "if>i";
    FORMAT_STRING = "anerisc_format_string" "ii>i";
    STRING_OF_FLOAT = "anerisc_string_of_float" "f>i";
    FLOAT_OF_STRING = "anerisc_float_of_string" "i>i";
    COMPARE = "anerisc_compare" "ii>i";
    EQUAL = "anerisc_equal" "ii>i";
    NOTEQUAL = "anerisc_notequal" "ii>i";
    LESSTHAN = "anerisc_lessthan" "ii>i";
    LESSEQUAL = "anerisc_lessequal" "ii>i";
    GREATERTHAN = "anerisc_greaterthan" "ii>i";
    GREATEREQUAL = "anerisc_greaterequal" "ii>i";
    PRINT_STRING = "anerisc_print_string" "i>i";
    PRINT_ENDLINE = "anerisc_print_endline" "i>i";
    PRINT_INT = "anerisc_print_int" "i>i";
    PRINT_NEWLINE = "anerisc_print_newline" "i>i";
    PRERR_STRING = "anerisc_prerr_string" "i>i";
    PRERR_ENDLINE = "anerisc_prerr_endline" "i>i";
    FLUSH_STDOUT = "anerisc_flush_stdout" ">i";
    FORK = "anerisc_fork" "ii>i";
    YIELD = "anerisc_yield" ">i";
    SLEEPF = "anerisc_sleepf" "f>i";
    GETTIMEOFDAY = "anerisc_gettimeofday" "i>i";
    ARGV = "anerisc_argv" ">i";
    NEWLOCK = "anerisc_newlock" "i>i";
    TRY_ACQUIRE = "anerisc_try_acquire" "i>i";
    ACQUIRE = "anerisc_acquire" "i>i";
    RELEASE = "anerisc_release" "i>i";
    NEW_MONITOR = "anerisc_new_monitor" "i>i";
    MONITOR_TRY_ACQUIRE = "anerisc_monitor_try_acquire" "i>i";
    MONITOR_ACQUIRE = "anerisc_monitor_acquire" "i>i";
    MONITOR_RELEASE = "anerisc_monitor_release" "i>i";
    MONITOR_WAIT = "anerisc_monitor_wait" "i>i";
    MONITOR_SIGNAL = "anerisc_monitor_signal" "i>i";
    MONITOR_BROADCAST = "anerisc_monitor_broadcast" "i>i";
    UNCAUGHT = "anerisc_uncaught_exception" "iii>";
    THREAD_UNCAUGHT = "anerisc_thread_uncaught_exception" "iiii>i";
    LIST_APPEND = "anerisc_list_append" "ii>i";
    ARRAY_OF_LIST = "anerisc_array_of_list" "i>i";
    ARRAY_TO_LIST = "anerisc_array_to_list" "i>i";
    STRING_CONCAT_LIST = "anerisc_string_concat_list" "ii>i";
    STRING_SPLIT_ON_CHAR = "anerisc_string_split_on_char" "ii>i";
    STRING_ESCAPED = "anerisc_string_escaped" "i>i";
    STRING_INDEX_FROM_OPT = "anerisc_string_index_from_opt" "iii>i";
    FIND_FROM = "anerisc_find_from" "iii>i";
    BOOL_OF_STRING = "anerisc_bool_of_string" "i>i";
    SUBSTRING = "anerisc_substring" "iii>i";
    STRING_CASE = "anerisc_string_case" "ii>i";
    BOOL_OF_STRING_OPT = "anerisc_bool_of_string_opt" "i>i";
    STRING_INIT = "anerisc_string_init" "iii>i";
    STRING_MAP = "anerisc_string_map" "iii>i";
    STRING_MAPI = "anerisc_string_mapi" "iii>i";
    STRING_ITER = "anerisc_string_iter" "iiii>i";
    ARRAY_FOLD_LEFT = "anerisc_array_fold_left" "iiii>i";
    STRING_SEARCH = "anerisc_string_search" "iiii>i";
    STRING_SEARCH_OPT = "anerisc_string_search_opt" "iiii>i";
    STRING_TRIM = "anerisc_string_trim" "i>i";
    CHAR_ESCAPED = "anerisc_char_escaped" "i>i";
    FLOAT_OF_STRING_OPT = "anerisc_float_of_string_opt" "i>i";
    GETENV_OPT = "anerisc_getenv_opt" "i>i";
    READ_LINE = "anerisc_read_line" "i>i";
    RAND = "anerisc_rand" "i>i";
    ARRAY_INIT = "anerisc_array_init" "iii>i";
    ARRAY_ITER_MAP = "anerisc_array_iter_map" "iiii>i";
    UDP_SOCKET = "anerisc_udp_socket" "i>i";
    SOCKET_BIND = "anerisc_socket_bind" "ii>i";
    SEND_TO = "anerisc_send_to" "iii>i";
    RECEIVE_FROM = "anerisc_receive_from" "i>i";
    SET_RECEIVE_TIMEOUT = "anerisc_set_receive_timeout" "iii>i";
    SET_SEND_FAULT_FLAGS = "anerisc_set_send_fault_flags" "iii>i";
    MAKE_CLIENT_SKT = "anerisc_make_client_skt" "iii>i";
    MAKE_SERVER_SKT = "anerisc_make_server_skt" "iii>i";
    SERVER_LISTEN = "anerisc_server_listen" "i>i";
    ACCEPT = "anerisc_accept" "i>i";
    CONNECT = "anerisc_connect" "ii>i";
    CHAN_SEND = "anerisc_chan_send" "iii>i";
    CHAN_RECV = "anerisc_chan_recv" "ii>i";
    CHAN_TRY_RECV = "anerisc_chan_try_recv" "ii>i";
    POW = "pow" "ff>f";
    EXP = "exp" "f>f";
    LOG = "log" "f>f";
}
