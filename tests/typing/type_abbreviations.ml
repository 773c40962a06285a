(* Type abbreviations, parameterised ones, and abbreviations of other abbreviations. *)
type port = int
type address = string * port
type 'a handler = address -> 'a -> unit
type ('k, 'v) table = ('k * 'v) list
type routes = (string, address) table
type counter = int ref

let make_address (host : string) (p : port) : address = (host, p)

let log_handler : string handler = fun (host, p) msg ->
  print_endline (host ^ ":" ^ string_of_int p ^ " " ^ msg)

let register (t : ('k, 'v) table) (k : 'k) (v : 'v) : ('k, 'v) table = (k, v) :: t

let routes : routes = register [] "home" (make_address "127.0.0.1" 8080)

let hits : counter = ref 0

let route (r : routes) name =
  incr hits;
  List.assoc_opt name r

let host_of ((h, _) : address) = h

let () =
  match route routes "home" with
  | Some a -> log_handler a ("host " ^ host_of a)
  | None -> print_endline "no route"
