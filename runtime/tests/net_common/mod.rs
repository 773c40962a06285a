//! Helpers shared by the networking tests: loopback endpoints and bounded waits.

#![allow(dead_code)] // each test file uses a different part

use anerisc_runtime::net::{Channel, ClientSocket, FaultConfig, ServerSocket};
use std::net::{Ipv4Addr, SocketAddrV4, UdpSocket};
use std::time::Duration;

/// The longest any single wait in a test may take.
pub const WAIT: Duration = Duration::from_secs(20);

/// A free loopback address.
pub fn any_port() -> SocketAddrV4 {
    SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)
}

/// Faults with a fixed seed.
pub fn faults(drop: f64, dup: f64, reorder: f64, seed: u64) -> FaultConfig {
    FaultConfig {
        drop,
        dup,
        reorder,
        seed: Some(seed),
        ..FaultConfig::default()
    }
}

/// A listening server on a free loopback port.
pub fn server(cfg: FaultConfig) -> ServerSocket {
    let server = ServerSocket::bind(any_port()).expect("bind server");
    server.set_faults(cfg);
    server.listen().expect("listen");
    server
}

/// A client connected to `server`, and the server's end of the channel.
pub fn connected_pair(server: &ServerSocket, cfg: FaultConfig) -> (ClientSocket, Channel, Channel) {
    let client = ClientSocket::bind(any_port()).expect("bind client");
    client.set_faults(cfg);
    let chan = client
        .connect_timeout(server.local_addr(), WAIT)
        .expect("connect");
    let (server_end, from) = server.accept_timeout(WAIT).expect("accept");
    assert_eq!(from, client.local_addr());
    (client, chan, server_end)
}

/// Receives the next message within [`WAIT`] or fails the test.
pub fn recv(chan: &Channel) -> Vec<u8> {
    chan.recv_timeout(WAIT)
        .expect("a message within the bounded wait")
}

/// The next datagram on a raw socket that is not one of `skip` (resends may come first).
pub fn next_datagram(sock: &UdpSocket, skip: &[&[u8]]) -> Vec<u8> {
    let mut buf = [0u8; 65536];
    loop {
        let (n, _) = sock
            .recv_from(&mut buf)
            .expect("a datagram within the bounded wait");
        if !skip.contains(&&buf[..n]) {
            return buf[..n].to_vec();
        }
    }
}

/// Plays the client's side of the handshake by hand on a raw socket.
pub fn raw_handshake(sock: &UdpSocket, server: SocketAddrV4) {
    sock.send_to(b"L_4_INIT0", server).expect("send INIT");
    let init_ack = next_datagram(sock, &[]);
    let cookie = init_ack.strip_prefix(b"L_8_INIT-ACK").expect("INIT-ACK");
    sock.send_to(&[&b"L_6_COOKIE"[..], cookie].concat(), server)
        .expect("send COOKIE");
    assert_eq!(next_datagram(sock, &[&init_ack]), b"L_10_COOKIE-ACK0");
}
