//! Benchmark of the reliable channels next to a std TCP socket pair on loopback:
//! throughput for 16 B, 1 KiB and 8 KiB messages and request/response round trips, without
//! faults and under `drop=0.05`. Run in release mode: `bench/net_bench.sh`.

use anerisc_runtime::net::{Channel, ClientSocket, FaultConfig, ServerSocket};
use std::io::{BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddrV4, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);
/// Each throughput case runs this often; the best run counts (the machine is shared).
const RUNS: usize = 3;

fn loopback() -> SocketAddrV4 {
    SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)
}

/// A connected reliable channel pair (client end, server end) with the given faults.
fn channel_pair(cfg: FaultConfig) -> (ClientSocket, ServerSocket, Channel, Channel) {
    let server = ServerSocket::bind(loopback()).expect("bind");
    server.set_faults(cfg);
    server.listen().expect("listen");
    let client = ClientSocket::bind(loopback()).expect("bind");
    client.set_faults(cfg);
    let at_client = client
        .connect_timeout(server.local_addr(), WAIT)
        .expect("connect");
    let (at_server, _) = server.accept_timeout(WAIT).expect("accept");
    (client, server, at_client, at_server)
}

fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind(loopback()).expect("bind");
    let a = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
    let (b, _) = listener.accept().expect("accept");
    (a, b)
}

/// Seconds to carry `count` messages of `size` bytes over a reliable channel, and the
/// frames the sender resent and its retransmission timeouts.
fn channel_throughput(size: usize, count: usize, cfg: FaultConfig) -> (f64, (u64, u64)) {
    let (client, _s, tx, rx) = channel_pair(cfg);
    let msg = vec![b'x'; size];
    let start = Instant::now();
    let sender = thread::spawn(move || {
        for _ in 0..count {
            tx.send(&msg).expect("send");
        }
        tx
    });
    for _ in 0..count {
        let m = rx.recv_timeout(WAIT).expect("message");
        assert_eq!(m.len(), size);
    }
    let secs = start.elapsed().as_secs_f64();
    drop(sender.join());
    let stats = client.stats();
    (secs, (stats.retransmits, stats.timeouts))
}

/// Seconds to carry `count` length-prefixed messages of `size` bytes over TCP, one write
/// per message.
fn tcp_throughput(size: usize, count: usize) -> f64 {
    let (mut a, b) = tcp_pair();
    let mut frame = (size as u32).to_le_bytes().to_vec();
    frame.extend(std::iter::repeat_n(b'x', size));
    let start = Instant::now();
    let sender = thread::spawn(move || {
        for _ in 0..count {
            a.write_all(&frame).expect("write");
        }
    });
    let mut reader = BufReader::with_capacity(1 << 16, b);
    let mut body = vec![0u8; size];
    for _ in 0..count {
        let mut len = [0u8; 4];
        reader.read_exact(&mut len).expect("read");
        assert_eq!(u32::from_le_bytes(len) as usize, size);
        reader.read_exact(&mut body).expect("read");
    }
    let secs = start.elapsed().as_secs_f64();
    sender.join().expect("sender");
    secs
}

/// Round trips (µs) of 16-byte requests answered by an echo over a reliable channel.
fn channel_rtts(rounds: usize, cfg: FaultConfig) -> Vec<f64> {
    let (_c, _s, client, server) = channel_pair(cfg);
    let echo = thread::spawn(move || {
        for _ in 0..rounds {
            let m = server.recv_timeout(WAIT).expect("request");
            server.send(&m).expect("reply");
        }
        server
    });
    let msg = [b'r'; 16];
    let rtts = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            client.send(&msg).expect("send");
            client.recv_timeout(WAIT).expect("reply");
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    drop(echo.join());
    rtts
}

/// Round trips (µs) of 16-byte requests answered by an echo over TCP.
fn tcp_rtts(rounds: usize) -> Vec<f64> {
    let (mut a, mut b) = tcp_pair();
    a.set_nodelay(true).expect("nodelay");
    b.set_nodelay(true).expect("nodelay");
    let echo = thread::spawn(move || {
        let mut m = [0u8; 16];
        for _ in 0..rounds {
            b.read_exact(&mut m).expect("read");
            b.write_all(&m).expect("write");
        }
    });
    let mut m = [b'r'; 16];
    let rtts = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            a.write_all(&m).expect("write");
            a.read_exact(&mut m).expect("read");
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    echo.join().expect("echo");
    rtts
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn rtt_row(label: &str, mut rtts: Vec<f64>) {
    rtts.sort_by(f64::total_cmp);
    println!(
        "| {label:<34} | p50 {:>8.1} µs | p99 {:>8.1} µs |",
        percentile(&rtts, 0.5),
        percentile(&rtts, 0.99)
    );
}

fn main() {
    let drop5 = FaultConfig {
        drop: 0.05,
        seed: Some(5),
        ..FaultConfig::default()
    };
    let sizes = [(16usize, 200_000usize), (1024, 100_000), (8192, 20_000)];
    println!("Throughput: best of {RUNS} runs each; ratio = channel msg/s / TCP msg/s.");
    println!("| throughput          | channel msg/s | channel MB/s | resent / timeouts | TCP msg/s  | TCP MB/s | ratio |");
    println!("|---------------------|---------------|--------------|-------------------|------------|----------|-------|");
    for (label, cfg) in [("", FaultConfig::default()), (" drop=0.05", drop5)] {
        for &(size, count) in &sizes {
            let (ours, resent) = (0..RUNS)
                .map(|_| channel_throughput(size, count, cfg))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .expect("runs");
            let tcp = (0..RUNS)
                .map(|_| tcp_throughput(size, count))
                .fold(f64::MAX, f64::min);
            let mb = |secs: f64| (size * count) as f64 / secs / 1e6;
            println!(
                "| {:<19} | {:>13.0} | {:>12.1} | {:>17} | {:>10.0} | {:>8.1} | {:>5.2} |",
                format!("{size} B{label}"),
                count as f64 / ours,
                mb(ours),
                format!("{} / {}", resent.0, resent.1),
                count as f64 / tcp,
                mb(tcp),
                tcp / ours
            );
        }
    }
    println!();
    println!("| round trip, 16 B, 20000 rounds     |                 |                 |");
    println!("|------------------------------------|-----------------|-----------------|");
    rtt_row(
        "reliable channel",
        channel_rtts(20_000, FaultConfig::default()),
    );
    rtt_row("reliable channel, drop=0.05", channel_rtts(20_000, drop5));
    rtt_row("TCP (nodelay)", tcp_rtts(20_000));
}
