//! Reliable channels under heavy loss, duplication and reordering: every message arrives
//! exactly once and in order, in both directions, and many clients share one server.

mod net_common;

use anerisc_runtime::net::Channel;
use net_common::{any_port, connected_pair, faults, recv, server, WAIT};
use std::thread;

fn send_numbers(chan: Channel, count: u32) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for i in 0..count {
            chan.send(format!("m{i}").as_bytes()).expect("send");
        }
    })
}

fn expect_numbers(chan: Channel, count: u32) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for i in 0..count {
            assert_eq!(recv(&chan), format!("m{i}").into_bytes(), "message {i}");
        }
    })
}

#[test]
fn hundred_thousand_each_way_under_drop_dup_reorder() {
    const N: u32 = 100_000;
    let cfg = faults(0.3, 0.2, 0.3, 7);
    let server = server(cfg);
    let (client, at_client, at_server) = connected_pair(&server, cfg);
    let workers = [
        send_numbers(at_client.clone(), N),
        send_numbers(at_server.clone(), N),
        expect_numbers(at_client.clone(), N),
        expect_numbers(at_server.clone(), N),
    ];
    for w in workers {
        w.join().expect("worker");
    }
    // Exactly once: nothing beyond the N messages shows up, although duplicates arrived.
    assert_eq!(at_client.try_recv(), None);
    assert_eq!(at_server.try_recv(), None);
    let (c, s) = (client.stats(), server.stats());
    assert!(c.duplicates > 0 && s.duplicates > 0, "{c:?} {s:?}");
    assert!(c.retransmits > 0 && s.retransmits > 0, "{c:?} {s:?}");
}

#[test]
fn sixty_four_clients_request_response_under_drop() {
    const CLIENTS: usize = 64;
    const ROUNDS: u64 = 1_000;
    let cfg = faults(0.1, 0.0, 0.0, 11);
    let server = server(cfg);
    let addr = server.local_addr();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|k| {
            thread::spawn(move || {
                let client = anerisc_runtime::net::ClientSocket::bind(any_port()).expect("bind");
                client.set_faults(faults(0.1, 0.0, 0.0, 100 + k as u64));
                let chan = client.connect_timeout(addr, WAIT).expect("connect");
                for i in 0..ROUNDS {
                    let x = (k as u64) * 1_000_000 + i;
                    chan.send(x.to_string().as_bytes()).expect("send");
                    let reply = String::from_utf8(recv(&chan)).expect("utf8");
                    assert_eq!(reply, (2 * x + 1).to_string(), "client {k} round {i}");
                }
                drop(chan);
                client
            })
        })
        .collect();
    let mut handlers = Vec::new();
    for _ in 0..CLIENTS {
        let (chan, _) = server.accept_timeout(WAIT).expect("accept");
        handlers.push(thread::spawn(move || {
            for _ in 0..ROUNDS {
                let req = String::from_utf8(recv(&chan)).expect("utf8");
                let x: u64 = req.parse().expect("number");
                chan.send((2 * x + 1).to_string().as_bytes()).expect("send");
            }
            chan
        }));
    }
    let _clients: Vec<_> = clients
        .into_iter()
        .map(|c| c.join().expect("client"))
        .collect();
    let _chans: Vec<_> = handlers
        .into_iter()
        .map(|h| h.join().expect("handler"))
        .collect();
    assert_eq!(server.connection_counts(), (CLIENTS, 0));
    assert!(server.stats().retransmits > 0);
}

#[test]
fn a_server_whose_reader_stopped_reading_still_answers_handshakes_and_data() {
    let cfg = faults(0.0, 0.0, 0.0, 1);
    let server = server(cfg);
    let (_client, at_client, at_server) = connected_pair(&server, cfg);
    // A thread waits in recv when the message arrives, so it is handed the socket ...
    let reader = thread::spawn(move || {
        let first = recv(&at_server);
        (at_server, first)
    });
    thread::sleep(std::time::Duration::from_millis(50));
    at_client.send(b"first").expect("send");
    let (at_server, first) = reader.join().expect("reader");
    assert_eq!(first, b"first");
    // ... and then stops reading: the endpoint must still answer a new client's handshake
    // and take in more frames than one window holds.
    let (_client2, at_client2, at_server2) = connected_pair(&server, cfg);
    for i in 0..1_000u32 {
        at_client.send(&i.to_le_bytes()).expect("send");
    }
    at_client2.send(b"second").expect("send");
    assert_eq!(recv(&at_server2), b"second");
    for i in 0..1_000u32 {
        assert_eq!(recv(&at_server), i.to_le_bytes(), "message {i}");
    }
    assert_eq!(at_server.try_recv(), None);
}

#[test]
fn a_deserializer_failure_names_the_message_and_both_ends_of_the_channel() {
    let cfg = faults(0.0, 0.0, 0.0, 3);
    let server = server(cfg);
    let (client, at_client, at_server) = connected_pair(&server, cfg);
    let (c, s) = (client.local_addr(), server.local_addr());
    assert_eq!(
        at_server.deserialize_failure(b"Serialization_code: prod_serializer: malformed pair", b"12_a\"b\n"),
        format!("Serialization_code: prod_serializer: malformed pair (message \"12_a\\\"b\\n\" on channel {s} <-> {c})")
    );
    // Long messages are cut after 32 bytes; the other end names its addresses the other way.
    let long = [b'x'; 40];
    assert_eq!(
        at_client.deserialize_failure(b"why", &long),
        format!("why (message \"{}\"... on channel {c} <-> {s})", "x".repeat(32))
    );
}
