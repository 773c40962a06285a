//! Networking in native code: `examples/echo.ml` built with `anerisc build`, its
//! server and client run as separate processes on 127.0.0.1 (with and without faults
//! injected by `ANERIS_NET_FAULTS`), the RPC bank of `bank_rpc.ml` serving two clients, a
//! reliable channel carrying many messages in order under faults, and a UDP program
//! compared with the interpreter. Ports are free ports
//! found by binding port 0; every wait is bounded and every process started is killed.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use support::{free_port, run_bounded, Outcome, Running, ANERISC};

/// How long building a program may take.
const BUILD_LIMIT: Duration = Duration::from_secs(120);
/// How long one run of a program may take.
const RUN_LIMIT: Duration = Duration::from_secs(30);
/// Faults on every datagram of both processes.
const FAULTS: &str = "drop=0.2,dup=0.1,reorder=0.2,delay=0.05,delay_ms=5";

/// A folder of its own for one test.
fn scratch(test: &str) -> PathBuf {
    support::scratch("native-net", test)
}

/// Builds `src` natively into `dir`.
fn build(src: &Path, dir: &Path) -> PathBuf {
    let exe = dir.join(src.file_stem().expect("a file name"));
    support::anerisc_build(src, &exe, BUILD_LIMIT);
    exe
}

/// Builds `examples/NAME.ml` natively into `dir`.
fn example_exe(name: &str, dir: &Path) -> PathBuf {
    build(&Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/{name}.ml")), dir)
}

/// Starts `exe server 127.0.0.1 PORT` (output discarded); killed when dropped.
fn start_server(exe: &Path, port: u16, faults: Option<&str>) -> Running {
    let mut server = Command::new(exe);
    server.args(["server", "127.0.0.1", &port.to_string()]).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    if let Some(f) = faults {
        server.env("ANERIS_NET_FAULTS", f);
    }
    Running(server.spawn().expect("start the server"))
}

/// Runs the echo server and then a client sending `carpe` and `diem`; the client's outcome.
fn echo_round(exe: &Path, faults: Option<&str>) -> Outcome {
    let (srv, clt) = (free_port(), free_port());
    let _server = start_server(exe, srv, faults);
    let mut client = Command::new(exe);
    client.args(["client", "127.0.0.1", &clt.to_string(), "127.0.0.1", &srv.to_string(), "carpe", "diem"]);
    if let Some(f) = faults {
        client.env("ANERIS_NET_FAULTS", f);
    }
    run_bounded(client, RUN_LIMIT).expect("the echo client did not finish in time")
}

#[test]
fn echo_server_and_client_talk_natively() {
    let dir = scratch("echo");
    let exe = example_exe("echo", &dir);
    let out = echo_round(&exe, None);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out, Outcome { stdout: "5 4\n".into(), stderr: String::new(), code: Some(0) });
}

#[test]
fn echo_survives_dropped_duplicated_and_reordered_datagrams() {
    let dir = scratch("echo-faults");
    let exe = example_exe("echo", &dir);
    let outs: Vec<Outcome> = (0..3).map(|_| echo_round(&exe, Some(FAULTS))).collect();
    let _ = std::fs::remove_dir_all(&dir);
    for out in outs {
        assert_eq!(out, Outcome { stdout: "5 4\n".into(), stderr: String::new(), code: Some(0) });
    }
}

#[test]
fn the_rpc_bank_serves_clients_one_after_the_other_natively() {
    let dir = scratch("bank");
    let exe = example_exe("bank_rpc", &dir);
    let srv = free_port();
    let server = start_server(&exe, srv, None);
    let client = |faults: Option<&str>| {
        let mut c = Command::new(&exe);
        c.args(["client", "127.0.0.1", &free_port().to_string(), "127.0.0.1", &srv.to_string(), "5"]);
        if let Some(f) = faults {
            c.env("ANERIS_NET_FAULTS", f);
        }
        run_bounded(c, RUN_LIMIT).expect("the bank client did not finish in time")
    };
    let first = client(None);
    let second = client(Some(FAULTS));
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(first, Outcome { stdout: "15\n".into(), stderr: String::new(), code: Some(0) });
    assert_eq!(second, Outcome { stdout: "30\n".into(), stderr: String::new(), code: Some(0) });
}

/// A server thread and a client in one process: 300 messages each way through a reliable
/// channel, checked in order.
const IN_ORDER: &str = r#"open Ast
open Serialization_code
open Client_server_code

let count = 300
let words = prod_serializer int_serializer string_serializer

let rec serve c k =
  if k > 0 then begin
    let (i, text) = recv c in
    send c (i * 10 + String.length text);
    serve c (k - 1)
  end

let () =
  let here i = makeAddress "127.0.0.1" (int_of_string Sys.argv.(i)) in
  let server = make_server_skt int_serializer words (here 1) in
  server_listen server;
  fork (fun () -> serve (fst (accept server)) count) ();
  let chan = connect (make_client_skt words int_serializer (here 2)) (here 1) in
  List.iter (fun i -> send chan (i, string_of_int i)) (List.init count (fun i -> i + 1));
  let rec check i =
    if i <= count then begin
      let answer = recv chan in
      if answer <> i * 10 + String.length (string_of_int i) then failwith "out of order";
      check (i + 1)
    end
  in
  check 1;
  (match try_recv chan with None -> print_endline "nothing more" | Some _ -> print_endline "unexpected message");
  print_endline "in order"
"#;

#[test]
fn a_channel_delivers_every_message_in_order_under_faults() {
    let dir = scratch("in-order");
    let src = dir.join("in_order.ml");
    std::fs::write(&src, IN_ORDER).expect("write the program");
    let exe = build(&src, &dir);
    let mut run = Command::new(&exe);
    run.args([free_port().to_string(), free_port().to_string()]).env("ANERIS_NET_FAULTS", FAULTS);
    let out = run_bounded(run, RUN_LIMIT).expect("the channel program did not finish in time");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out, Outcome { stdout: "nothing more\nin order\n".into(), stderr: String::new(), code: Some(0) });
}

/// Two UDP sockets of one process: a ping and a pong, a receive timeout, errors, and a
/// thread blocked in `receiveFrom` while the main thread sends (the blocked receive must
/// not hold the runtime).
const UDP: &str = r#"open Ast
let () =
  let port i = int_of_string Sys.argv.(i) in
  let a = makeAddress "127.0.0.1" (port 1) in
  let b = makeAddress "127.0.0.1" (port 2) in
  let sa = udp_socket () in
  let sb = udp_socket () in
  socketBind sa a;
  socketBind sb b;
  setReceiveTimeout sb 5 0;
  Printf.printf "sent %d bytes\n" (sendTo sa "ping" b);
  (match receiveFrom sb with
   | Some (msg, from) ->
     Printf.printf "b got %s from a: %b\n" msg (port_of_address from = port 1 && ip_of_address from = "127.0.0.1")
   | None -> print_endline "b got nothing");
  setReceiveTimeout sa 5 0;
  ignore (sendTo sb "pong" a);
  (match receiveFrom sa with Some (msg, _) -> Printf.printf "a got %s\n" msg | None -> print_endline "a got nothing");
  setReceiveTimeout sa 0 100000;
  (match receiveFrom sa with Some _ -> print_endline "a got something" | None -> print_endline "a timed out");
  (try socketBind sa a with Failure _ -> print_endline "second bind refused");
  (try setReceiveTimeout sa (-1) 0 with Invalid_argument _ | Failure _ -> print_endline "negative timeout refused");
  setReceiveTimeout sb 0 0;
  fork (fun () ->
    match receiveFrom sb with
    | Some (msg, _) -> print_endline ("thread got " ^ msg)
    | None -> print_endline "thread got nothing") ();
  Unix.sleepf 0.2;
  ignore (sendTo sa "late" b)
"#;

#[test]
fn udp_sockets_work_natively_as_in_the_interpreter() {
    let dir = scratch("udp");
    let src = dir.join("udp.ml");
    std::fs::write(&src, UDP).expect("write the program");
    let exe = build(&src, &dir);
    let expected = "sent 4 bytes\nb got ping from a: true\na got pong\na timed out\nsecond bind refused\nnegative timeout refused\nthread got late\n";
    let mut native = Command::new(&exe);
    native.args([free_port().to_string(), free_port().to_string()]);
    let native = run_bounded(native, RUN_LIMIT).expect("the native UDP program did not finish in time");
    let mut interp = Command::new(ANERISC);
    interp.args(["run", "--interp"]).arg(&src).arg("--").args([free_port().to_string(), free_port().to_string()]);
    let interp = run_bounded(interp, RUN_LIMIT).expect("the interpreted UDP program did not finish in time");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(native, Outcome { stdout: expected.into(), stderr: String::new(), code: Some(0) });
    assert_eq!(native, interp);
}
