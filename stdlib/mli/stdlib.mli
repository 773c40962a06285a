(* Stdlib: the module every program has opened implicitly.
   Types and values as in OCaml's Stdlib; only what the subset uses.
   Built into the type checker (not declared here): int, char, string, float, bool, unit,
   exn, 'a array, 'a list, 'a option. *)

(* References. In OCaml ['a ref] is the record [{ mutable contents : 'a }]; the subset has
   no mutable fields, so the type is abstract here and used through the functions below. *)
type 'a ref

exception Exit
exception Not_found
exception Failure of string
exception Invalid_argument of string
exception Match_failure of (string * int * int)
exception Assert_failure of (string * int * int)
exception Division_by_zero
exception End_of_file
exception Sys_error of string

val raise : exn -> 'a
val failwith : string -> 'a
val invalid_arg : string -> 'a
val exit : int -> 'a
val ignore : 'a -> unit

val ( = ) : 'a -> 'a -> bool
val ( <> ) : 'a -> 'a -> bool
val ( < ) : 'a -> 'a -> bool
val ( > ) : 'a -> 'a -> bool
val ( <= ) : 'a -> 'a -> bool
val ( >= ) : 'a -> 'a -> bool
val compare : 'a -> 'a -> int
val min : 'a -> 'a -> 'a
val max : 'a -> 'a -> 'a
val ( == ) : 'a -> 'a -> bool
val ( != ) : 'a -> 'a -> bool

val not : bool -> bool
val ( && ) : bool -> bool -> bool
val ( || ) : bool -> bool -> bool

val ( |> ) : 'a -> ('a -> 'b) -> 'b
val ( @@ ) : ('a -> 'b) -> 'a -> 'b

val ( ~- ) : int -> int
val ( ~+ ) : int -> int
val succ : int -> int
val pred : int -> int
val ( + ) : int -> int -> int
val ( - ) : int -> int -> int
val ( * ) : int -> int -> int
val ( / ) : int -> int -> int
val ( mod ) : int -> int -> int
val abs : int -> int
val max_int : int
val min_int : int
val ( land ) : int -> int -> int
val ( lor ) : int -> int -> int
val ( lxor ) : int -> int -> int
val lnot : int -> int
val ( lsl ) : int -> int -> int
val ( lsr ) : int -> int -> int
val ( asr ) : int -> int -> int

val ( ~-. ) : float -> float
val ( ~+. ) : float -> float
val ( +. ) : float -> float -> float
val ( -. ) : float -> float -> float
val ( *. ) : float -> float -> float
val ( /. ) : float -> float -> float
val ( ** ) : float -> float -> float
val sqrt : float -> float
val exp : float -> float
val log : float -> float
val floor : float -> float
val ceil : float -> float
val abs_float : float -> float
val float : int -> float
val float_of_int : int -> float
val truncate : float -> int
val int_of_float : float -> int
val infinity : float
val neg_infinity : float
val nan : float
val max_float : float
val min_float : float

val ( ^ ) : string -> string -> string
val int_of_char : char -> int
val char_of_int : int -> char
val string_of_bool : bool -> string
val bool_of_string : string -> bool
val bool_of_string_opt : string -> bool option
val string_of_int : int -> string
val int_of_string : string -> int
val int_of_string_opt : string -> int option
val string_of_float : float -> string
val float_of_string : string -> float
val float_of_string_opt : string -> float option

val fst : 'a * 'b -> 'a
val snd : 'a * 'b -> 'b
val ( @ ) : 'a list -> 'a list -> 'a list

val print_char : char -> unit
val print_string : string -> unit
val print_int : int -> unit
val print_float : float -> unit
val print_endline : string -> unit
val print_newline : unit -> unit
val prerr_char : char -> unit
val prerr_string : string -> unit
val prerr_int : int -> unit
val prerr_float : float -> unit
val prerr_endline : string -> unit
val prerr_newline : unit -> unit
val read_line : unit -> string

val ref : 'a -> 'a ref
val ( ! ) : 'a ref -> 'a
val ( := ) : 'a ref -> 'a -> unit
val incr : int ref -> unit
val decr : int ref -> unit
