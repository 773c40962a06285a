//! The few socket operations std does not offer: buffer sizes and a non-blocking receive.

use std::io;
use std::net::{Ipv4Addr, SocketAddrV4, UdpSocket};
use std::os::fd::AsRawFd;

/// Asks for kernel send and receive buffers of `bytes` each (the kernel may grant less).
pub(crate) fn set_buffer_sizes(sock: &UdpSocket, bytes: usize) {
    let value = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
    for option in [libc::SO_RCVBUF, libc::SO_SNDBUF] {
        // SAFETY: a valid socket descriptor and a pointer to a c_int of the given size.
        // A refusal only leaves the default size, so the result is ignored.
        unsafe {
            libc::setsockopt(
                sock.as_raw_fd(),
                libc::SOL_SOCKET,
                option,
                (&value as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            );
        }
    }
}

/// Receives one datagram if one is waiting, without blocking: `Ok(None)` when none is.
pub(crate) fn try_recv_from(
    sock: &UdpSocket,
    buf: &mut [u8],
) -> io::Result<Option<(usize, SocketAddrV4)>> {
    // SAFETY: zeroed sockaddr_in is a valid value of that plain C struct.
    let mut from: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
    // SAFETY: buf and from are valid for writes of the lengths passed.
    let n = unsafe {
        libc::recvfrom(
            sock.as_raw_fd(),
            buf.as_mut_ptr().cast(),
            buf.len(),
            libc::MSG_DONTWAIT,
            (&mut from as *mut libc::sockaddr_in).cast(),
            &mut len,
        )
    };
    if n < 0 {
        let e = io::Error::last_os_error();
        return match e.kind() {
            io::ErrorKind::WouldBlock => Ok(None),
            _ => Err(e),
        };
    }
    let ip = Ipv4Addr::from(u32::from_be(from.sin_addr.s_addr));
    Ok(Some((
        n as usize,
        SocketAddrV4::new(ip, u16::from_be(from.sin_port)),
    )))
}
