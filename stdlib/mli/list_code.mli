(* List_code: Aneris's lists encoded with options (needs OCaml's -rectypes). *)

type 'a alist = ('a * 'a alist) option

val list_nil : 'a alist
val list_cons : 'a -> 'a alist -> 'a alist
val list_head : 'a alist -> 'a option
val list_tail : 'a alist -> 'a alist
val list_fold : ('a -> 'b -> 'a) -> 'a -> 'b alist -> 'a
val list_iter : ('a -> unit) -> 'a alist -> unit
val list_iteri_loop : (int -> 'a -> unit) -> int -> 'a alist -> unit
val list_iteri : (int -> 'a -> unit) -> 'a alist -> unit
val list_mapi_loop : (int -> 'a -> 'b) -> int -> 'a alist -> 'b alist
val list_mapi : (int -> 'a -> 'b) -> 'a alist -> 'b alist
val list_map : ('a -> 'b) -> 'a alist -> 'b alist
val list_filter : ('a -> bool) -> 'a alist -> 'a alist
val list_length : 'a alist -> int
val list_nth : 'a alist -> int -> 'a option
val list_mem : 'a -> 'a alist -> bool
val list_find_remove : ('a -> bool) -> 'a alist -> ('a * 'a alist) option
val list_sub : int -> 'a alist -> 'a alist
val list_rev_aux : 'a alist -> 'a alist -> 'a alist
val list_rev : 'a alist -> 'a alist
val list_append : 'a alist -> 'a alist -> 'a alist
val list_is_empty : 'a alist -> bool
val list_forall : ('a -> bool) -> 'a alist -> bool
val list_make : int -> 'a -> 'a alist
val list_init : int -> (int -> 'a) -> 'a alist
val list_update : 'a alist -> int -> 'a -> 'a alist
val list_suf : int -> 'a alist -> 'a alist
val list_inf_ofs : int -> int -> 'a alist -> 'a alist
val list_inf : int -> int -> 'a alist -> 'a alist
val list_split : int -> 'a alist -> 'a alist * 'a alist
