//! A server with live channels under a flood of garbage, truncated frames, absurd numbers
//! and INITs from many ports: nothing crashes, the live channels keep working, and the
//! server's state stays bounded (no state per INIT; resident memory bounded).

mod net_common;
mod resident_memory;

use anerisc_runtime::net::FaultConfig;
use net_common::{any_port, connected_pair, raw_handshake, recv, server, WAIT};
use resident_memory::vm_rss_kib;
use std::net::{SocketAddrV4, UdpSocket};
use std::thread;
use std::time::Duration;

/// A small deterministic generator for the flood's contents.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// 100,000 datagrams: random bytes, truncated and corrupted frames, absurd numbers.
fn garbage_flood(target: SocketAddrV4) {
    let sock = UdpSocket::bind(any_port()).expect("bind");
    let valid: [&[u8]; 5] = [
        b"L_4_INIT0",
        b"L_6_COOKIE123",
        b"R_R_1_0hello",
        b"R_L_17",
        b"L_10_COOKIE-ACK0",
    ];
    let absurd: [&[u8]; 6] = [
        b"R_R_19_9999999999999999999x",
        b"R_R_2_-5x",
        b"R_L_-1",
        b"R_R_99999_1",
        b"L_4_INIT99999999999999999999",
        b"L_-4_INIT0",
    ];
    let mut rng = Lcg(42);
    let mut buf = vec![0u8; 2048];
    for i in 0..100_000u64 {
        let datagram: &[u8] = match i % 4 {
            0 => {
                let len = (rng.next() % 200) as usize;
                buf.iter_mut().take(len).for_each(|b| *b = rng.next() as u8);
                &buf[..len]
            }
            1 => {
                let frame = valid[(rng.next() % 5) as usize];
                &frame[..(rng.next() as usize % frame.len())]
            }
            2 => absurd[(rng.next() % 6) as usize],
            _ => {
                let frame = valid[(rng.next() % 5) as usize];
                buf[..frame.len()].copy_from_slice(frame);
                let at = rng.next() as usize % frame.len();
                buf[at] = rng.next() as u8;
                &buf[..frame.len()]
            }
        };
        // A full kernel buffer may refuse a datagram: that is part of a flood.
        let _ = sock.send_to(datagram, target);
    }
}

/// 10,000 INITs from 1,000 different ports.
fn init_flood(target: SocketAddrV4) {
    for _ in 0..1_000 {
        let sock = UdpSocket::bind(any_port()).expect("bind");
        for _ in 0..10 {
            let _ = sock.send_to(b"L_4_INIT0", target);
        }
    }
}

#[test]
fn flood_of_garbage_and_inits_leaves_live_channels_working_in_bounded_memory() {
    let server = server(FaultConfig::default());
    let target = server.local_addr();
    let pairs: Vec<_> = (0..2)
        .map(|_| connected_pair(&server, FaultConfig::default()))
        .collect();
    let live: Vec<_> = pairs
        .iter()
        .map(|(_, at_client, _)| at_client.clone())
        .collect();
    let handlers: Vec<_> = pairs
        .into_iter()
        .map(|(client, at_client, at_server)| {
            thread::spawn(move || {
                while let Some(msg) = at_server.recv_timeout(Duration::from_secs(1)) {
                    let n: u64 = String::from_utf8(msg).expect("utf8").parse().expect("int");
                    at_server
                        .send((n + 1).to_string().as_bytes())
                        .expect("send");
                }
                drop((client, at_client));
            })
        })
        .collect();
    let rss_before = vm_rss_kib();

    let floods = [
        thread::spawn(move || garbage_flood(target)),
        thread::spawn(move || init_flood(target)),
    ];
    let traffic: Vec<_> = live
        .into_iter()
        .map(|chan| {
            thread::spawn(move || {
                for i in 0..500u64 {
                    chan.send(i.to_string().as_bytes()).expect("send");
                    assert_eq!(recv(&chan), (i + 1).to_string().into_bytes(), "round {i}");
                }
            })
        })
        .collect();
    for t in traffic.into_iter().chain(floods) {
        t.join().expect("thread");
    }

    // A peer that sends absurd numbers on a live channel is counted, not obeyed.
    let raw = UdpSocket::bind(any_port()).expect("bind");
    raw.set_read_timeout(Some(WAIT)).expect("timeout");
    raw_handshake(&raw, target);
    let (absurd_end, _) = server.accept_timeout(WAIT).expect("accept raw peer");
    for frame in [
        &b"R_L_5"[..],
        b"R_L_-3",
        b"R_R_2_-1x",
        b"R_R_7_9999999y",
        b"R_R_1_0ok",
    ] {
        raw.send_to(frame, target).expect("send");
    }
    assert_eq!(recv(&absurd_end), b"ok");

    // A client connecting after the flood is served too.
    let addr = server.local_addr();
    let late = thread::spawn(move || {
        let client = anerisc_runtime::net::ClientSocket::bind(any_port()).expect("bind");
        let chan = client.connect_timeout(addr, WAIT).expect("connect");
        chan.send(b"41").expect("send");
        assert_eq!(recv(&chan), b"41!");
    });
    let (late_end, _) = server.accept_timeout(WAIT).expect("accept late client");
    let msg = recv(&late_end);
    late_end.send(&[msg, b"!".to_vec()].concat()).expect("send");
    late.join().expect("late client");
    for h in handlers {
        h.join().expect("handler");
    }

    let stats = server.stats();
    assert!(stats.malformed > 10_000, "{stats:?}");
    assert!(stats.unknown_peer > 0, "{stats:?}");
    assert_eq!((stats.absurd_ack, stats.absurd_seq), (2, 2), "{stats:?}");
    // The INITs left no state: only the four real peers hold channels, none waits.
    assert_eq!(server.connection_counts(), (4, 0));
    let growth = vm_rss_kib().saturating_sub(rss_before);
    assert!(growth < 64 * 1024, "resident memory grew by {growth} KiB");
}
