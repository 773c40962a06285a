(* Shim of Aneris's reliable channels, speaking Aneris's wire format.
   Interface: stdlib/mli/client_server_code.mli.

   Every datagram of a socket is one of
     InjL (tag, n)             handshake: ("INIT", 0), ("INIT-ACK", cookie),
                               ("COOKIE", cookie), ("COOKIE-ACK", 0)
     InjR (InjL ack)           cumulative acknowledgement: the next sequence number expected
     InjR (InjR (seq, body))   data frame, numbered from 0 in each direction
   serialized with Serialization_code's sum and product serializers.

   Each channel keeps its unacknowledged frames; a retransmission thread resends them when
   no acknowledgement has made progress for a timeout that doubles (up to a bound) while
   nothing is acknowledged and returns to its base when something is. The receiving side
   delivers frames in order, keeps frames that arrive early until the gap is filled, drops
   duplicates, and acknowledges every data frame. Messages are kept as received and
   deserialized by [recv]/[try_recv], which add the message and the channel to a [Failure]
   of the deserializer, as the anerisc runtime does. *)

open Ast
open Serialization_code

type 'a frame =
  | Handshake of string * int
  | Ack of int
  | Data of int * 'a

let frame_ser body_ser frame =
  let control = prod_ser string_ser int_ser in
  let transfer = sum_ser int_ser (prod_ser int_ser body_ser) in
  match frame with
  | Handshake (tag, n) -> sum_ser control transfer (InjL (tag, n))
  | Ack n -> sum_ser control transfer (InjR (InjL n))
  | Data (seq, body) -> sum_ser control transfer (InjR (InjR (seq, body)))

let frame_deser s =
  match sum_deser (prod_deser string_deser int_deser)
          (sum_deser int_deser (prod_deser int_deser string_deser)) s with
  | InjL (tag, n) -> Some (Handshake (tag, n))
  | InjR (InjL n) -> Some (Ack n)
  | InjR (InjR (seq, body)) -> Some (Data (seq, body))
  | exception _ -> None

(* Timing of retransmissions, in seconds. *)
let base_timeout = 0.05
let max_timeout = 1.0

(* How far ahead of the next expected frame a receiver keeps frames that arrive early. *)
let max_early = 4096

type ('a, 'b) skt = {
  sock : socket;
  local : saddr;  (* the address it is bound at *)
  ser : 'a -> string;
  deser : string -> 'b;
}

type ('a, 'b) chan_descr = {
  skt : ('a, 'b) skt;
  peer : saddr;
  lock : Mutex.t;
  changed : Condition.t;
  (* sending side *)
  mutable next_seq : int;
  mutable acked : int;  (* every frame below this number is acknowledged *)
  unacked : (int * string) Queue.t;  (* encoded frames [acked, next_seq) *)
  mutable timeout : float;
  mutable progress : bool;  (* an acknowledgement advanced since the last check *)
  (* receiving side *)
  mutable expected : int;
  early : (int, string) Hashtbl.t;  (* frames that arrived ahead of [expected] *)
  inbox : string Queue.t;  (* messages not deserialized yet *)
}

type ('a, 'b) client_skt = ('a, 'b) skt

type ('a, 'b) peer_state =
  | Cookie_sent of int
  | Connected of int * ('a, 'b) chan_descr

type ('a, 'b) listening = {
  peers : (saddr, ('a, 'b) peer_state) Hashtbl.t;
  pending : (('a, 'b) chan_descr * saddr) Queue.t;
  pending_lock : Mutex.t;
  pending_changed : Condition.t;
}

type ('a, 'b) server_skt = {
  server : ('a, 'b) skt;
  mutable listening : ('a, 'b) listening option;
}

let make_skt ser deser addr =
  let sock = udp_socket () in
  socketBind sock addr;
  { sock; local = addr; ser = ser.s_ser; deser = deser.s_deser }

let make_client_skt ser deser addr = make_skt ser deser addr
let make_server_skt ser deser addr = { server = make_skt ser deser addr; listening = None }

let send_frame skt peer frame = ignore (sendTo skt.sock (frame_ser skt.ser frame) peer)

let with_lock lock f =
  Mutex.lock lock;
  match f () with
  | v -> Mutex.unlock lock; v
  | exception e -> Mutex.unlock lock; raise e

(* Resends the unacknowledged frames of [c] whenever a timeout passes without progress. *)
let rec retransmit_loop c =
  let timeout = with_lock c.lock (fun () -> c.timeout) in
  Thread.delay timeout;
  let frames =
    with_lock c.lock (fun () ->
        if c.progress || Queue.is_empty c.unacked then begin
          c.progress <- false;
          c.timeout <- base_timeout;
          []
        end
        else begin
          c.timeout <- Float.min max_timeout (c.timeout *. 2.);
          List.of_seq (Seq.map snd (Queue.to_seq c.unacked))
        end)
  in
  List.iter (fun encoded -> ignore (sendTo c.skt.sock encoded c.peer)) frames;
  retransmit_loop c

let new_channel skt peer =
  let c = {
    skt; peer; lock = Mutex.create (); changed = Condition.create ();
    next_seq = 0; acked = 0; unacked = Queue.create (); timeout = base_timeout;
    progress = false; expected = 0; early = Hashtbl.create 8; inbox = Queue.create ();
  } in
  ignore (Thread.create retransmit_loop c);
  c

(* Handles an acknowledgement or a data frame that arrived on channel [c]. *)
let on_channel_frame c = function
  | Ack n ->
      with_lock c.lock (fun () ->
          while c.acked < n && not (Queue.is_empty c.unacked) do
            ignore (Queue.pop c.unacked);
            c.acked <- c.acked + 1
          done;
          c.progress <- true)
  | Data (seq, body) ->
      let ack =
        with_lock c.lock (fun () ->
            if seq > c.expected && seq < c.expected + max_early then
              Hashtbl.replace c.early seq body
            else if seq = c.expected then begin
              Queue.push body c.inbox;
              c.expected <- c.expected + 1;
              let rec deliver_early () =
                match Hashtbl.find_opt c.early c.expected with
                | Some next ->
                    Hashtbl.remove c.early c.expected;
                    Queue.push next c.inbox;
                    c.expected <- c.expected + 1;
                    deliver_early ()
                | None -> ()
              in
              deliver_early ();
              Condition.broadcast c.changed
            end;
            c.expected)
      in
      send_frame c.skt c.peer (Ack ack)
  | Handshake _ -> ()

let rec receive_frame skt =
  match receiveFrom skt.sock with
  | Some (msg, from) -> (
      match frame_deser msg with
      | Some frame -> (frame, from)
      | None -> receive_frame skt)
  | None -> receive_frame skt

(* The server's receive loop: the handshake of new clients and the frames of connected ones. *)
let rec serve_listening srv l =
  let frame, from = receive_frame srv in
  (match (Hashtbl.find_opt l.peers from, frame) with
   | (None, Handshake ("INIT", 0)) ->
       let cookie = rand 1073741823 in
       Hashtbl.replace l.peers from (Cookie_sent cookie);
       send_frame srv from (Handshake ("INIT-ACK", cookie))
   | (Some (Cookie_sent cookie), Handshake ("INIT", 0)) ->
       send_frame srv from (Handshake ("INIT-ACK", cookie))
   | (Some (Cookie_sent cookie), Handshake ("COOKIE", n)) when n = cookie ->
       let c = new_channel srv from in
       Hashtbl.replace l.peers from (Connected (cookie, c));
       send_frame srv from (Handshake ("COOKIE-ACK", 0));
       with_lock l.pending_lock (fun () ->
           Queue.push (c, from) l.pending;
           Condition.signal l.pending_changed)
   | (Some (Connected (cookie, _)), Handshake ("COOKIE", n)) when n = cookie ->
       send_frame srv from (Handshake ("COOKIE-ACK", 0))
   | (Some (Connected (_, c)), ((Ack _ | Data _) as f)) -> on_channel_frame c f
   | _ -> ());
  serve_listening srv l

let server_listen s =
  match s.listening with
  | Some _ -> invalid_arg "server_listen: the socket is already listening"
  | None ->
      let l = {
        peers = Hashtbl.create 16; pending = Queue.create ();
        pending_lock = Mutex.create (); pending_changed = Condition.create ();
      } in
      s.listening <- Some l;
      ignore (Thread.create (serve_listening s.server) l)

let accept s =
  match s.listening with
  | None -> invalid_arg "accept: the socket is not listening"
  | Some l ->
      with_lock l.pending_lock (fun () ->
          while Queue.is_empty l.pending do
            Condition.wait l.pending_changed l.pending_lock
          done;
          Queue.pop l.pending)

(* One handshake step of the client: sends [request] until [srv] answers with [reply_tag],
   and returns the number of that answer. *)
let handshake_step skt srv request reply_tag =
  let rec attempt timeout =
    send_frame skt srv request;
    setReceiveTimeout skt.sock 0 (int_of_float (timeout *. 1e6));
    let rec await () =
      match receiveFrom skt.sock with
      | None -> attempt (Float.min max_timeout (timeout *. 2.))
      | Some (msg, from) -> (
          match frame_deser msg with
          | Some (Handshake (tag, n)) when tag = reply_tag && from = srv -> n
          | _ -> await ())
    in
    await ()
  in
  attempt base_timeout

let rec client_receive_loop c =
  let frame, from = receive_frame c.skt in
  if from = c.peer then on_channel_frame c frame;
  client_receive_loop c

let connect skt srv =
  let cookie = handshake_step skt srv (Handshake ("INIT", 0)) "INIT-ACK" in
  ignore (handshake_step skt srv (Handshake ("COOKIE", cookie)) "COOKIE-ACK");
  setReceiveTimeout skt.sock 0 0;
  let c = new_channel skt srv in
  ignore (Thread.create client_receive_loop c);
  c

let send c v =
  let encoded =
    with_lock c.lock (fun () ->
        let seq = c.next_seq in
        c.next_seq <- seq + 1;
        let encoded = frame_ser c.skt.ser (Data (seq, v)) in
        Queue.push (seq, encoded) c.unacked;
        encoded)
  in
  ignore (sendTo c.skt.sock encoded c.peer)

(* How many bytes of a message that cannot be deserialized a failure shows. *)
let message_shown = 32

let address_text a = ip_of_address a ^ ":" ^ string_of_int (port_of_address a)

(* Deserializes [msg], received on [c]; a [Failure] of the deserializer names the start of
   the message and the channel's two addresses. *)
let deserialize c msg =
  try c.skt.deser msg
  with Failure why ->
    let shown = String.sub msg 0 (min message_shown (String.length msg)) in
    let more = if String.length msg > message_shown then "..." else "" in
    failwith (Printf.sprintf "%s (message \"%s\"%s on channel %s <-> %s)" why (String.escaped shown) more
                (address_text c.skt.local) (address_text c.peer))

let try_recv c = Option.map (deserialize c) (with_lock c.lock (fun () -> Queue.take_opt c.inbox))

let recv c =
  deserialize c
    (with_lock c.lock (fun () ->
         while Queue.is_empty c.inbox do
           Condition.wait c.changed c.lock
         done;
         Queue.pop c.inbox))
