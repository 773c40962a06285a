//! The practical limit for the RPC benchmark: a plain request/response loop over TCP on
//! loopback (Nagle off), a server thread per connection answering each 8-byte request with
//! an 8-byte reply. Prints what `bank_bench client` prints: requests, seconds, round-trip
//! p50 and p99 in microseconds.
//!
//!     rustc -O tcp_loop.rs && ./tcp_loop CLIENTS REQUESTS

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Instant;

fn serve(mut s: TcpStream) {
    let mut balance: u64 = 0;
    let mut buf = [0u8; 8];
    while s.read_exact(&mut buf).is_ok() {
        balance += u64::from_le_bytes(buf);
        if s.write_all(&balance.to_le_bytes()).is_err() {
            return;
        }
    }
}

fn client(port: u16, count: usize) -> Vec<u64> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_nodelay(true).expect("nodelay");
    let mut buf = [0u8; 8];
    (0..count)
        .map(|_| {
            let t0 = Instant::now();
            s.write_all(&1u64.to_le_bytes()).expect("write");
            s.read_exact(&mut buf).expect("read");
            t0.elapsed().as_micros() as u64
        })
        .collect()
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("a number")).collect();
    let (clients, requests) = (args[0], args[1]);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for s in listener.incoming().flatten() {
            s.set_nodelay(true).expect("nodelay");
            std::thread::spawn(move || serve(s));
        }
    });
    let start = Instant::now();
    let per = requests / clients;
    let workers: Vec<_> = (0..clients).map(|_| std::thread::spawn(move || client(port, per))).collect();
    let mut all: Vec<u64> = workers.into_iter().flat_map(|w| w.join().expect("client")).collect();
    let seconds = start.elapsed().as_secs_f64();
    all.sort_unstable();
    let n = all.len();
    println!("{n} {seconds:.3} {} {}", all[n / 2], all[n * 99 / 100]);
}
