//! Buffered standard output and error, with OCaml's flushing rules: `print_endline`,
//! `print_newline` and `prerr_endline` flush, a buffer flushes when it reaches 64 KiB, and
//! both are flushed when the process ends.

use std::sync::{Mutex, MutexGuard};

use crate::error::{RtError, RtResult};
use crate::sched::{blocking, Mutator};
use crate::strings::string_bytes;
use crate::value::Value;

/// Size at which a channel's buffer is written out.
const BUFFER_LIMIT: usize = 64 * 1024;

/// One of the two standard output channels.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Channel {
    /// File descriptor 1.
    Stdout,
    /// File descriptor 2.
    Stderr,
}

static STDOUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static STDERR: Mutex<Vec<u8>> = Mutex::new(Vec::new());

impl Channel {
    fn cell(self) -> &'static Mutex<Vec<u8>> {
        match self {
            Channel::Stdout => &STDOUT,
            Channel::Stderr => &STDERR,
        }
    }

    fn buffer(self) -> MutexGuard<'static, Vec<u8>> {
        self.cell().lock().unwrap_or_else(|e| e.into_inner())
    }

    fn fd(self) -> libc::c_int {
        match self {
            Channel::Stdout => 1,
            Channel::Stderr => 2,
        }
    }
}

/// Appends `bytes` to the channel, flushing when the buffer is full or `flush` is set.
pub fn output(m: &mut Mutator, ch: Channel, bytes: &[u8], flush: bool) -> RtResult<()> {
    let full = {
        let mut buf = ch.buffer();
        buf.extend_from_slice(bytes);
        buf.len() >= BUFFER_LIMIT
    };
    if full || flush {
        blocking(m, || flush_channel(ch))
    } else {
        Ok(())
    }
}

/// Appends the string value `s` (and a newline when `newline` is set; that also flushes).
pub fn output_string(m: &mut Mutator, ch: Channel, s: Value, newline: bool) -> RtResult<()> {
    {
        let bytes = string_bytes(m, s)?;
        let mut buf = ch.buffer();
        buf.extend_from_slice(bytes);
        if newline {
            buf.push(b'\n');
        }
    }
    output(m, ch, b"", newline)
}

/// Writes out everything buffered on `ch` (without the runtime lock: it may block).
pub fn flush_channel(ch: Channel) -> RtResult<()> {
    let mut buf = ch.buffer();
    let r = write_all(ch.fd(), &buf);
    buf.clear();
    r.map_err(|e| RtError::sys_error(e.to_string()))
}

/// Writes out `ch`'s buffer unless another thread is using it (for fatal-error paths).
pub(crate) fn flush_if_free(ch: Channel) {
    if let Ok(mut buf) = ch.cell().try_lock() {
        let _ = write_all(ch.fd(), &buf);
        buf.clear();
    }
}

fn write_all(fd: libc::c_int, mut rest: &[u8]) -> std::io::Result<()> {
    while !rest.is_empty() {
        // SAFETY: writes from a valid slice to a file descriptor.
        let n = unsafe { libc::write(fd, rest.as_ptr() as *const libc::c_void, rest.len()) };
        if n < 0 {
            let err = std::io::Error::last_os_error();
            if err.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(err);
        }
        rest = &rest[n as usize..];
    }
    Ok(())
}

/// Flushes both channels, ignoring errors (used when the process ends).
pub fn flush_all() {
    let _ = flush_channel(Channel::Stdout);
    let _ = flush_channel(Channel::Stderr);
}
