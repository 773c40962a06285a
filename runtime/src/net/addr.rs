//! Socket addresses of the `Ast` API (`makeAddress ip port`), checked.

use super::NetError;
use std::net::{Ipv4Addr, SocketAddrV4};

/// Makes the address `ip:port`, or a `BadAddress` error naming what is wrong.
pub fn make_address(ip: &str, port: i64) -> Result<SocketAddrV4, NetError> {
    let parsed: Ipv4Addr = ip
        .parse()
        .map_err(|_| NetError::BadAddress(format!("{ip:?} is not an IPv4 address")))?;
    let port = u16::try_from(port)
        .map_err(|_| NetError::BadAddress(format!("port {port} is not in 0..65535")))?;
    Ok(SocketAddrV4::new(parsed, port))
}

/// The address a local thread can send to in order to reach a socket bound at `local`
/// (a wildcard bind is reached through loopback).
pub(crate) fn reachable(local: SocketAddrV4) -> SocketAddrV4 {
    if local.ip().is_unspecified() {
        SocketAddrV4::new(Ipv4Addr::LOCALHOST, local.port())
    } else {
        local
    }
}
