//! The plain UDP sockets of `Ast`: errors as values, datagrams both ways, receive timeouts
//! and per-socket fault injection.

use anerisc_runtime::net::{make_address, FaultConfig, NetError, UdpSock, MAX_DATAGRAM};

fn bound() -> UdpSock {
    let sock = UdpSock::new();
    sock.bind(make_address("127.0.0.1", 0).expect("address"))
        .expect("bind");
    sock.set_receive_timeout(10, 0).expect("timeout");
    sock
}

#[test]
fn bad_addresses_and_misuse_are_error_values() {
    assert!(matches!(
        make_address("300.1.1.1", 80),
        Err(NetError::BadAddress(_))
    ));
    assert!(matches!(
        make_address("localhost", 80),
        Err(NetError::BadAddress(_))
    ));
    assert!(matches!(
        make_address("127.0.0.1", 70_000),
        Err(NetError::BadAddress(_))
    ));
    assert!(matches!(
        make_address("127.0.0.1", -1),
        Err(NetError::BadAddress(_))
    ));
    let sock = UdpSock::new();
    assert!(matches!(sock.receive_from(), Err(NetError::NotBound)));
    assert!(matches!(
        sock.set_receive_timeout(-1, 0),
        Err(NetError::BadTimeout(-1, 0))
    ));
    let a = bound();
    let addr = a.local_addr().expect("bound");
    assert!(matches!(a.bind(addr), Err(NetError::AlreadyBound)));
    // The port is taken: binding a second socket there fails with an OS error.
    assert!(matches!(UdpSock::new().bind(addr), Err(NetError::Io(_))));
    let big = vec![0u8; MAX_DATAGRAM + 1];
    assert!(matches!(a.send_to(&big, addr), Err(NetError::TooLarge(_))));
    let msg = make_address("127.0.0.1", 99_999).unwrap_err().to_string();
    assert!(msg.contains("99999"), "{msg}");
}

#[test]
fn datagrams_travel_both_ways_and_unbound_senders_get_a_port() {
    let a = bound();
    let b = UdpSock::new();
    let a_addr = a.local_addr().expect("bound");
    assert_eq!(b.send_to(b"hello", a_addr).expect("send"), 5);
    let (msg, from) = a.receive_from().expect("receive").expect("a datagram");
    assert_eq!(msg, b"hello");
    assert_eq!(Some(from.port()), b.local_addr().map(|x| x.port()));
    b.set_receive_timeout(10, 0).expect("timeout");
    a.send_to(b"", from).expect("send");
    let (empty, _) = b.receive_from().expect("receive").expect("a datagram");
    assert!(empty.is_empty());
}

#[test]
fn receive_timeout_gives_none_and_dropping_faults_lose_everything() {
    let a = bound();
    a.set_receive_timeout(0, 50_000).expect("timeout");
    assert_eq!(a.receive_from().expect("receive"), None);
    let b = bound();
    b.set_faults(FaultConfig {
        drop: 1.0,
        ..FaultConfig::default()
    });
    for _ in 0..20 {
        assert_eq!(
            b.send_to(b"lost", a.local_addr().expect("bound"))
                .expect("send"),
            4
        );
    }
    assert_eq!(a.receive_from().expect("receive"), None);
    b.set_faults(FaultConfig {
        dup: 1.0,
        ..FaultConfig::default()
    });
    b.send_to(b"twice", a.local_addr().expect("bound"))
        .expect("send");
    for _ in 0..2 {
        assert_eq!(
            a.receive_from().expect("receive").expect("a copy").0,
            b"twice"
        );
    }
}
