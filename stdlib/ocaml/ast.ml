(* Shim of the AnerisLang primitives over OCaml's Unix and threads libraries.
   Its interface is stdlib/mli/ast.mli. *)

type ('a, 'b) sumTy = InjL of 'a | InjR of 'b

type 'a serializer = { s_ser : 'a -> string; s_deser : string -> 'a }

type saddr = { ip : string; port : int }

type socket = Unix.file_descr

type lock = Mutex.t

type monitor = { mon_lock : Mutex.t; mon_cond : Condition.t }

(* Threads started by [fork]. The process waits for all of them before it ends, as an
   anerisc program does. *)
let forked = ref []
let forked_lock = Mutex.create ()

let fork f x =
  let t = Thread.create f x in
  Mutex.lock forked_lock;
  forked := t :: !forked;
  Mutex.unlock forked_lock

let rec wait_for_forked_threads () =
  Mutex.lock forked_lock;
  let pending = !forked in
  forked := [];
  Mutex.unlock forked_lock;
  if pending <> [] then begin
    List.iter Thread.join pending;
    wait_for_forked_threads ()
  end

let () =
  at_exit (fun () ->
      flush_all ();
      wait_for_forked_threads ())

let ref = Stdlib.ref
let ref_lbl _label v = Stdlib.ref v
let ( ! ) = Stdlib.( ! )
let ( := ) = Stdlib.( := )

let cas_lock = Mutex.create ()

let cas r expected v =
  Mutex.lock cas_lock;
  let swapped = !r == expected in
  if swapped then r := v;
  Mutex.unlock cas_lock;
  swapped

let newlock () = Mutex.create ()
let try_acquire l = Mutex.try_lock l
let acquire l = Mutex.lock l
let release l = Mutex.unlock l

let new_monitor () = { mon_lock = Mutex.create (); mon_cond = Condition.create () }
let monitor_try_acquire m = Mutex.try_lock m.mon_lock
let monitor_acquire m = Mutex.lock m.mon_lock
let monitor_release m = Mutex.unlock m.mon_lock
let monitor_signal m = Condition.signal m.mon_cond
let monitor_broadcast m = Condition.broadcast m.mon_cond
let monitor_wait m = Condition.wait m.mon_cond m.mon_lock

let unsafe f = ignore (f ())

let findFrom s start c =
  if start < 0 || start > String.length s then None else String.index_from_opt s start c

let substring s start len =
  if start < 0 || len < 0 || start + len > String.length s then "" else String.sub s start len

let strlen = String.length
let stringOfInt = string_of_int
let intOfString = int_of_string_opt
let i2s = string_of_int
let s2i = int_of_string_opt

let makeAddress ip port = { ip; port }
let ip_of_address a = a.ip
let port_of_address a = a.port
let get_address_info a = (a.ip, a.port)

let to_sockaddr a = Unix.ADDR_INET (Unix.inet_addr_of_string a.ip, a.port)

let of_sockaddr = function
  | Unix.ADDR_INET (ip, port) -> { ip = Unix.string_of_inet_addr ip; port }
  | Unix.ADDR_UNIX path -> { ip = path; port = 0 }

let udp_socket () = Unix.socket Unix.PF_INET Unix.SOCK_DGRAM 0

let socketBind s a = Unix.bind s (to_sockaddr a)

let max_datagram = 65536

let rec receiveFrom s =
  let buffer = Bytes.create max_datagram in
  match Unix.recvfrom s buffer 0 max_datagram [] with
  | (n, from) -> Some (Bytes.sub_string buffer 0 n, of_sockaddr from)
  | exception Unix.Unix_error ((Unix.EAGAIN | Unix.EWOULDBLOCK), _, _) -> None
  | exception Unix.Unix_error (Unix.EINTR, _, _) -> receiveFrom s

let setReceiveTimeout s seconds microseconds =
  if seconds < 0 || microseconds < 0 then invalid_arg "setReceiveTimeout";
  Unix.setsockopt_float s Unix.SO_RCVTIMEO
    (float_of_int seconds +. (float_of_int microseconds /. 1e6))

let () = Random.self_init ()

let random_lock = Mutex.create ()

let rand bound =
  Mutex.lock random_lock;
  let r = Random.int bound in
  Mutex.unlock random_lock;
  r

let send_datagram s msg a =
  try Unix.sendto_substring s msg 0 (String.length msg) [] (to_sockaddr a)
  with Unix.Unix_error _ -> 0

(* Fault simulation: rates per mille. *)
let sendTo_sim_flag = Stdlib.ref false
let drop_rate = Stdlib.ref 20
let delay_rate = Stdlib.ref 10
let dup_rate = Stdlib.ref 20

let set_send_fault_flags drop delay dup =
  drop_rate := drop;
  delay_rate := delay;
  dup_rate := dup

let send_with_faults s msg a =
  let r = rand 1000 in
  if r < !drop_rate then String.length msg
  else if r < !drop_rate + !dup_rate then begin
    ignore (send_datagram s msg a);
    send_datagram s msg a
  end
  else if r < !drop_rate + !dup_rate + !delay_rate then begin
    ignore (Thread.create (fun () -> Thread.delay 0.01; ignore (send_datagram s msg a)) ());
    String.length msg
  end
  else send_datagram s msg a

let sendTo s msg a = if !sendTo_sim_flag then send_with_faults s msg a else send_datagram s msg a
