//! Helpers shared by the networking tests: loopback endpoints and bounded waits.

#![allow(dead_code)] // each test file uses a different part

use anerisc_runtime::net::{Channel, ClientSocket, FaultConfig, ServerSocket};
use std::net::{Ipv4Addr, SocketAddrV4};
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
