//! The few socket operations std does not offer: buffer sizes, batched and segmented sends
//! and receives, and waiting for a datagram with a timeout.

use std::io;
use std::net::{Ipv4Addr, SocketAddrV4, UdpSocket};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Sets an int socket option; returns whether the kernel accepted it.
fn set_int_option(sock: &UdpSocket, level: libc::c_int, name: libc::c_int, value: i32) -> bool {
    let value: libc::c_int = value;
    // SAFETY: a valid socket descriptor and a pointer to a c_int of the given size.
    let r = unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            level,
            name,
            (&value as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    r == 0
}

/// Asks for kernel send and receive buffers of `bytes` each (the kernel may grant less;
/// a refusal only leaves the default size).
pub(crate) fn set_buffer_sizes(sock: &UdpSocket, bytes: usize) {
    let value = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
    for option in [libc::SO_RCVBUF, libc::SO_SNDBUF] {
        set_int_option(sock, libc::SOL_SOCKET, option, value);
    }
}

/// `UDP_SEGMENT` and `UDP_GRO` of `<linux/udp.h>` (the libc crate lacks them for glibc).
const UDP_SEGMENT: libc::c_int = 103;
const UDP_GRO: libc::c_int = 104;
/// Datagrams one segmented send carries at most (the kernel's `UDP_MAX_SEGMENTS`).
const MAX_SEGMENTS: usize = 64;
/// The payload of one segmented send, at most (what one IPv4 datagram could carry).
const MAX_SEGMENTED: usize = 65_507;
/// Room for one control message carrying an int, in 8-byte words (aligned as cmsghdr).
const CONTROL_WORDS: usize = 4;

/// Asks the kernel to hand a run of datagrams that a local sender sent with segmentation
/// offload to this socket as one buffer, which `RecvBatch` splits again. Datagrams from
/// anywhere else arrive as usual. Returns whether the kernel agreed.
pub(crate) fn enable_gro(sock: &UdpSocket) -> bool {
    set_int_option(sock, libc::SOL_UDP, UDP_GRO, 1)
}

/// The runs of `batch` that can leave as one segmented send: equally long datagrams (the
/// last of a run may be shorter), within the kernel's limits. Returns run lengths.
fn runs(batch: &[&[u8]], segment: bool) -> Vec<usize> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < batch.len() {
        let size = batch[i].len();
        let mut total = size;
        let mut n = 1;
        while segment && size > 0 && i + n < batch.len() && n < MAX_SEGMENTS {
            let next = batch[i + n].len();
            if next > size || next == 0 || total + next > MAX_SEGMENTED {
                break;
            }
            total += next;
            n += 1;
            if next < size {
                break;
            }
        }
        runs.push(n);
        i += n;
    }
    runs
}

/// Sends every datagram of `batch` to `dst` with as few system calls as the kernel allows.
/// With `offload` set, runs of equally long datagrams go out as one buffer that the kernel
/// cuts into the same datagrams (UDP segmentation offload); if the kernel refuses that,
/// `offload` is cleared and the datagrams go out one by one.
pub(crate) fn send_batch(
    sock: &UdpSocket,
    batch: &[&[u8]],
    dst: SocketAddrV4,
    offload: &AtomicBool,
) -> io::Result<()> {
    let segment = offload.load(Ordering::Relaxed);
    let runs = runs(batch, segment);
    match send_runs(sock, batch, &runs, dst) {
        Ok(()) => Ok(()),
        Err((sent, e)) if segment && refused_offload(&e) => {
            offload.store(false, Ordering::Relaxed);
            let rest = &batch[runs[..sent].iter().sum::<usize>()..];
            send_runs(sock, rest, &vec![1; rest.len()], dst).map_err(|(_, e)| e)
        }
        Err((_, e)) => Err(e),
    }
}

/// Whether a send failed because the socket or route cannot segment.
fn refused_offload(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::EIO | libc::EOPNOTSUPP | libc::ENOPROTOOPT)
    )
}

/// One `sendmmsg` message per run (segmented if longer than one); on failure, how many
/// runs went out before it.
fn send_runs(
    sock: &UdpSocket,
    batch: &[&[u8]],
    runs: &[usize],
    dst: SocketAddrV4,
) -> Result<(), (usize, io::Error)> {
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
    let mut controls = vec![[0u64; CONTROL_WORDS]; runs.len()];
    let mut headers = Vec::with_capacity(runs.len());
    let mut start = 0;
    for (&n, control) in runs.iter().zip(controls.iter_mut()) {
        // SAFETY: zeroed mmsghdr is a valid value of that plain C struct.
        let mut h: libc::mmsghdr = unsafe { std::mem::zeroed() };
        h.msg_hdr.msg_name = (&mut to as *mut libc::sockaddr_in).cast();
        h.msg_hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        h.msg_hdr.msg_iov = iovecs[start..].as_mut_ptr();
        h.msg_hdr.msg_iovlen = n;
        if n > 1 {
            let segment = batch[start].len() as u16;
            // SAFETY: `control` is aligned for cmsghdr and has room for one holding a u16;
            // the header points at it with its length set, as CMSG_FIRSTHDR requires.
            unsafe {
                h.msg_hdr.msg_control = control.as_mut_ptr().cast();
                h.msg_hdr.msg_controllen = libc::CMSG_SPACE(2) as usize;
                let c = libc::CMSG_FIRSTHDR(&h.msg_hdr);
                (*c).cmsg_level = libc::SOL_UDP;
                (*c).cmsg_type = UDP_SEGMENT;
                (*c).cmsg_len = libc::CMSG_LEN(2) as usize;
                std::ptr::write_unaligned(libc::CMSG_DATA(c).cast::<u16>(), segment);
            }
        }
        headers.push(h);
        start += n;
    }
    let mut done = 0;
    while done < headers.len() {
        let rest = &mut headers[done..];
        // SAFETY: every header points at live iovecs, live datagrams, its control buffer
        // and `to`.
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
            return Err((done, e));
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
    controls: Vec<[u64; CONTROL_WORDS]>,
    /// The datagram size of a slot that holds a run of them (0: one datagram).
    segments: Vec<usize>,
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
            controls: vec![[0; CONTROL_WORDS]; slots],
            segments: vec![0; slots],
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
            .zip(self.controls.iter_mut())
            .map(|((iov, addr), control)| {
                // SAFETY: zeroed mmsghdr is a valid value of that plain C struct.
                let mut h: libc::mmsghdr = unsafe { std::mem::zeroed() };
                h.msg_hdr.msg_name = (addr as *mut libc::sockaddr_in).cast();
                h.msg_hdr.msg_namelen = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
                h.msg_hdr.msg_iov = iov;
                h.msg_hdr.msg_iovlen = 1;
                h.msg_hdr.msg_control = control.as_mut_ptr().cast();
                h.msg_hdr.msg_controllen = std::mem::size_of_val(control);
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
        for (i, h) in headers.iter().enumerate().take(n as usize) {
            self.lens[i] = h.msg_len as usize;
            self.segments[i] = segment_size(&h.msg_hdr);
        }
        Ok(n as usize)
    }

    /// The datagrams of the first `count` slots of the last `receive`, with their senders
    /// (a slot holding a segmented run yields each of its datagrams).
    pub fn datagrams(&self, count: usize) -> impl Iterator<Item = (&[u8], SocketAddrV4)> {
        (0..count).flat_map(move |i| {
            let a = &self.addrs[i];
            let from = SocketAddrV4::new(
                Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)),
                u16::from_be(a.sin_port),
            );
            let bytes = &self.data[i * self.slot..i * self.slot + self.lens[i]];
            let size = match self.segments[i] {
                0 => bytes.len().max(1),
                n => n,
            };
            bytes
                .chunks(size)
                .chain(bytes.is_empty().then_some(bytes))
                .map(move |d| (d, from))
        })
    }
}

/// The segment size the kernel reports for a received run of datagrams (0: none).
fn segment_size(h: &libc::msghdr) -> usize {
    // SAFETY: the kernel filled the header's control buffer and set its length; the
    // CMSG_* walk stays within it.
    unsafe {
        let mut c = libc::CMSG_FIRSTHDR(h);
        while !c.is_null() {
            if (*c).cmsg_level == libc::SOL_UDP && (*c).cmsg_type == UDP_GRO {
                let size = std::ptr::read_unaligned(libc::CMSG_DATA(c).cast::<libc::c_int>());
                return usize::try_from(size).unwrap_or(0);
            }
            c = libc::CMSG_NXTHDR(h, c);
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn bound() -> (UdpSocket, SocketAddrV4) {
        let sock = UdpSocket::bind("127.0.0.1:0").expect("bind");
        sock.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let addr = match sock.local_addr().expect("addr") {
            std::net::SocketAddr::V4(a) => a,
            other => panic!("not IPv4: {other}"),
        };
        (sock, addr)
    }

    /// Runs of equal datagrams (with a shorter last one) and a lone longer one.
    fn sample() -> Vec<Vec<u8>> {
        let mut batch: Vec<Vec<u8>> = (0..5u8).map(|i| vec![b'a' + i; 100]).collect();
        batch.push(b"short".to_vec());
        batch.push(vec![b'z'; 300]);
        batch
    }

    #[test]
    fn runs_respect_sizes_and_limits() {
        let batch = sample();
        let refs: Vec<&[u8]> = batch.iter().map(Vec::as_slice).collect();
        assert_eq!(runs(&refs, true), vec![6, 1]);
        assert_eq!(runs(&refs, false), vec![1; 7]);
        let many = vec![[7u8; 10].as_slice(); 150];
        assert_eq!(runs(&many, true), vec![64, 64, 22]);
    }

    #[test]
    fn segmented_batches_arrive_as_the_same_datagrams() {
        let batch = sample();
        let refs: Vec<&[u8]> = batch.iter().map(Vec::as_slice).collect();
        let (tx, _) = bound();
        let offload = AtomicBool::new(true);

        // A plain receiver (an Aneris node) gets each datagram on its own.
        let (plain, plain_addr) = bound();
        send_batch(&tx, &refs, plain_addr, &offload).expect("send");
        let mut buf = [0u8; 2048];
        for expected in &batch {
            let (n, _) = plain.recv_from(&mut buf).expect("datagram");
            assert_eq!(&buf[..n], expected.as_slice());
        }

        // A receiver that accepts runs whole splits them into the same datagrams.
        let (gro, gro_addr) = bound();
        let whole = enable_gro(&gro);
        send_batch(&tx, &refs, gro_addr, &offload).expect("send");
        let mut rb = RecvBatch::new(8, MAX_SEGMENTED + 1);
        let mut got: Vec<Vec<u8>> = Vec::new();
        let mut slots = 0;
        while got.len() < batch.len() {
            let n = rb.receive(&gro, true).expect("receive");
            slots += n;
            got.extend(rb.datagrams(n).map(|(d, _)| d.to_vec()));
        }
        assert_eq!(got, batch);
        if whole && offload.load(Ordering::Relaxed) {
            assert!(slots < batch.len(), "{slots} slots");
        }
    }
}
