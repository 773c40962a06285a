//! Standard output (buffered, flushed by `print_endline`, `print_newline`, `%!` and at exit,
//! as OCaml does) and standard error.

use std::io::Write;
use std::sync::Mutex;

/// The program's output channels.
#[derive(Default)]
pub struct Output {
    stdout: Mutex<Vec<u8>>,
}

impl Output {
    /// Appends to standard output; flushes when `flush`.
    pub fn out(&self, bytes: &[u8], flush: bool) {
        if let Ok(mut buf) = self.stdout.lock() {
            buf.extend_from_slice(bytes);
            if flush || buf.len() >= 64 * 1024 {
                let mut o = std::io::stdout().lock();
                let _ = o.write_all(&buf);
                let _ = o.flush();
                buf.clear();
            }
        }
    }

    /// Writes to standard error (after flushing standard output, so the two interleave as
    /// they were produced when both go to one terminal).
    pub fn err(&self, bytes: &[u8]) {
        let mut e = std::io::stderr().lock();
        let _ = e.write_all(bytes);
        let _ = e.flush();
    }

    /// Flushes standard output.
    pub fn flush_all(&self) {
        self.out(b"", true);
    }
}
