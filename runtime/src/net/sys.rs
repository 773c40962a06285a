//! The few socket operations std does not offer: buffer sizes and a non-blocking receive.

use std::io;
use std::net::{Ipv4Addr, SocketAddrV4, UdpSocket};
use std::os::fd::AsRawFd;
use std::time::Duration;

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

/// Sends every datagram of `batch` to `dst` with as few system calls as the kernel allows.
pub(crate) fn send_batch(sock: &UdpSocket, batch: &[&[u8]], dst: SocketAddrV4) -> io::Result<()> {
    // SAFETY: zeroed sockaddr_in is a valid value of that plain C struct.
    let mut to: libc::sockaddr_in = unsafe { std::mem::zeroed() };
    to.sin_family = libc::AF_INET as libc::sa_family_t;
    to.sin_port = dst.port().to_be();
    to.sin_addr.s_addr = u32::from(*dst.ip()).to_be();
    let mut iovecs: Vec<libc::iovec> = batch
        .iter()
        .map(|d| libc::iovec {
            iov_base: d.as_ptr() as *mut libc::c_void,
            iov_len: d.len(),
        })
        .collect();
    let mut headers: Vec<libc::mmsghdr> = iovecs
        .iter_mut()
        .map(|iov| {
            // SAFETY: zeroed msghdr/mmsghdr are valid values of these plain C structs.
            let mut h: libc::mmsghdr = unsafe { std::mem::zeroed() };
            h.msg_hdr.msg_name = (&mut to as *mut libc::sockaddr_in).cast();
            h.msg_hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
            h.msg_hdr.msg_iov = iov;
            h.msg_hdr.msg_iovlen = 1;
            h
        })
        .collect();
    let mut done = 0;
    while done < headers.len() {
        let rest = &mut headers[done..];
        // SAFETY: every header points at a live iovec, a live datagram and `to`.
        let n = unsafe {
            libc::sendmmsg(
                sock.as_raw_fd(),
                rest.as_mut_ptr(),
                rest.len() as libc::c_uint,
                0,
            )
        };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        done += n as usize;
    }
    Ok(())
}

/// Waits until a datagram can be received or `timeout` passes: `Ok(true)` if one can.
pub(crate) fn wait_readable(sock: &UdpSocket, timeout: Duration) -> io::Result<bool> {
    let mut fd = libc::pollfd {
        fd: sock.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ts = libc::timespec {
        tv_sec: timeout.as_secs() as libc::time_t,
        tv_nsec: timeout.subsec_nanos() as libc::c_long,
    };
    // SAFETY: one valid pollfd and a valid timespec; no signal mask.
    let n = unsafe { libc::ppoll(&mut fd, 1, &ts, std::ptr::null()) };
    match n {
        n if n < 0 => {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                Ok(false)
            } else {
                Err(e)
            }
        }
        0 => Ok(false),
        _ => Ok(true),
    }
}

/// Buffers for receiving many datagrams with one `recvmmsg` call.
pub(crate) struct RecvBatch {
    data: Vec<u8>,
    slot: usize,
    addrs: Vec<libc::sockaddr_in>,
    lens: Vec<usize>,
}

impl RecvBatch {
    /// Room for `slots` datagrams of up to `slot` bytes each.
    pub fn new(slots: usize, slot: usize) -> RecvBatch {
        RecvBatch {
            data: vec![0; slots * slot],
            slot,
            // SAFETY: zeroed sockaddr_in is a valid value of that plain C struct.
            addrs: vec![unsafe { std::mem::zeroed() }; slots],
            lens: vec![0; slots],
        }
    }

    /// Receives up to the batch's capacity: waits for the first datagram if `wait`, then
    /// takes whatever else is already there. Returns how many arrived (0: none waiting).
    pub fn receive(&mut self, sock: &UdpSocket, wait: bool) -> io::Result<usize> {
        let slots = self.lens.len();
        let mut iovecs: Vec<libc::iovec> = self
            .data
            .chunks_mut(self.slot)
            .map(|c| libc::iovec {
                iov_base: c.as_mut_ptr().cast(),
                iov_len: c.len(),
            })
            .collect();
        let mut headers: Vec<libc::mmsghdr> = iovecs
            .iter_mut()
            .zip(self.addrs.iter_mut())
            .map(|(iov, addr)| {
                // SAFETY: zeroed mmsghdr is a valid value of that plain C struct.
                let mut h: libc::mmsghdr = unsafe { std::mem::zeroed() };
                h.msg_hdr.msg_name = (addr as *mut libc::sockaddr_in).cast();
                h.msg_hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
                h.msg_hdr.msg_iov = iov;
                h.msg_hdr.msg_iovlen = 1;
                h
            })
            .collect();
        let flags = if wait {
            libc::MSG_WAITFORONE
        } else {
            libc::MSG_DONTWAIT
        };
        // SAFETY: every header points at a live iovec into `data` and a live address slot.
        let n = unsafe {
            libc::recvmmsg(
                sock.as_raw_fd(),
                headers.as_mut_ptr(),
                slots as libc::c_uint,
                flags,
                std::ptr::null_mut(),
            )
        };
        if n < 0 {
            let e = io::Error::last_os_error();
            return match e.kind() {
                io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted => Ok(0),
                _ => Err(e),
            };
        }
        for (len, h) in self.lens.iter_mut().zip(&headers).take(n as usize) {
            *len = h.msg_len as usize;
        }
        Ok(n as usize)
    }

    /// The `i`-th datagram of the last `receive` and its sender.
    pub fn datagram(&self, i: usize) -> (&[u8], SocketAddrV4) {
        let start = i * self.slot;
        let a = &self.addrs[i];
        let from = SocketAddrV4::new(
            Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)),
            u16::from_be(a.sin_port),
        );
        (&self.data[start..start + self.lens[i]], from)
    }
}
