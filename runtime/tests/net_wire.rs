//! Byte-exact wire format against a hand-written Aneris peer: the expected datagrams are
//! spelled out from the format in docs/language.md (Aneris's sum and pair serializers), not
//! produced by the runtime's encoder.

mod net_common;

use anerisc_runtime::net::{ClientSocket, ServerSocket};
use net_common::{any_port, next_datagram, recv, WAIT};
use std::net::{SocketAddrV4, UdpSocket};

/// A raw UDP socket standing in for a node built from the Aneris OCaml sources.
fn raw_peer() -> UdpSocket {
    let sock = UdpSocket::bind(any_port()).expect("bind raw");
    sock.set_read_timeout(Some(WAIT)).expect("timeout");
    sock
}

fn addr_of(sock: &UdpSocket) -> SocketAddrV4 {
    match sock.local_addr().expect("addr") {
        std::net::SocketAddr::V4(a) => a,
        other => panic!("not IPv4: {other}"),
    }
}

#[test]
fn server_side_handshake_acks_and_data_are_byte_exact() {
    let server = ServerSocket::bind(any_port()).expect("bind");
    server.listen().expect("listen");
    let srv = server.local_addr();
    let peer = raw_peer();

    // INIT is the pair ("INIT", 0) under the left sum tag: "L_" "4_" "INIT" "0".
    peer.send_to(b"L_4_INIT0", srv).expect("send");
    let init_ack = next_datagram(&peer, &[]);
    let prefix = b"L_8_INIT-ACK";
    assert!(
        init_ack.starts_with(prefix),
        "{:?}",
        String::from_utf8_lossy(&init_ack)
    );
    let cookie = std::str::from_utf8(&init_ack[prefix.len()..]).expect("ascii");
    let value: u64 = cookie.parse().expect("a decimal cookie");
    assert!(value < 1_073_741_823);

    // The same INIT again gets the same cookie: the server keeps no state per INIT.
    peer.send_to(b"L_4_INIT0", srv).expect("send");
    assert_eq!(next_datagram(&peer, &[]), init_ack);

    // A wrong cookie is ignored; the right one completes the handshake.
    let wrong = if value == 0 {
        "1".to_string()
    } else {
        (value - 1).to_string()
    };
    peer.send_to(format!("L_6_COOKIE{wrong}").as_bytes(), srv)
        .expect("send");
    peer.send_to(format!("L_6_COOKIE{cookie}").as_bytes(), srv)
        .expect("send");
    assert_eq!(next_datagram(&peer, &[]), b"L_10_COOKIE-ACK0");
    let (chan, from) = server.accept_timeout(WAIT).expect("accept");
    assert_eq!(from, addr_of(&peer));
    assert_eq!(server.stats().bad_cookie, 1);

    // Data frame 0 from the server: "R_" "R_" then the pair (0, "hello"): "1_" "0" "hello".
    chan.send(b"hello").expect("send");
    assert_eq!(next_datagram(&peer, &[]), b"R_R_1_0hello");
    peer.send_to(b"R_L_1", srv).expect("ack");

    // Data frames 0 and 1 from the peer; each is acknowledged with the next number expected.
    peer.send_to(b"R_R_1_0world", srv).expect("data");
    assert_eq!(recv(&chan), b"world");
    // (A resend of "hello" may cross the acknowledgement; it is skipped.)
    assert_eq!(next_datagram(&peer, &[b"R_R_1_0hello"]), b"R_L_1");
    peer.send_to(b"R_R_1_1x_y", srv).expect("data");
    assert_eq!(recv(&chan), b"x_y");
    assert_eq!(next_datagram(&peer, &[b"R_R_1_0hello"]), b"R_L_2");

    // Frame 10 of the server: the sequence number has two digits, so its length is 2.
    for i in 1..=10 {
        chan.send(format!("{i}").as_bytes()).expect("send");
    }
    let mut seen = Vec::new();
    while seen.len() < 10 {
        let d = next_datagram(&peer, &[b"R_R_1_0hello"]);
        if !seen.contains(&d) {
            seen.push(d);
        }
    }
    assert_eq!(seen[0], b"R_R_1_11");
    assert_eq!(seen[9], b"R_R_2_1010");
}

#[test]
fn client_side_handshake_and_data_are_byte_exact() {
    let peer = raw_peer();
    let srv = addr_of(&peer);
    let client = ClientSocket::bind(any_port()).expect("bind");
    let client_addr = client.local_addr();
    let connecting = std::thread::spawn(move || {
        let chan = client.connect_timeout(srv, WAIT).expect("connect");
        (client, chan)
    });
    assert_eq!(next_datagram(&peer, &[]), b"L_4_INIT0");
    peer.send_to(b"L_8_INIT-ACK12345", client_addr)
        .expect("init-ack");
    assert_eq!(next_datagram(&peer, &[b"L_4_INIT0"]), b"L_6_COOKIE12345");
    peer.send_to(b"L_10_COOKIE-ACK0", client_addr)
        .expect("cookie-ack");
    let (_client, chan) = connecting.join().expect("connect thread");

    chan.send(b"ping").expect("send");
    let handshake: [&[u8]; 2] = [b"L_4_INIT0", b"L_6_COOKIE12345"];
    assert_eq!(next_datagram(&peer, &handshake), b"R_R_1_0ping");
    peer.send_to(b"R_R_1_0pong", client_addr).expect("data");
    assert_eq!(recv(&chan), b"pong");
    assert_eq!(
        next_datagram(&peer, &[b"L_4_INIT0", b"L_6_COOKIE12345", b"R_R_1_0ping"]),
        b"R_L_1"
    );
}
