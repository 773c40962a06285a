//! Runtime errors as values, and how the C ABI hands them to compiled code as pending
//! OCaml exceptions.

use std::fmt;

/// The OCaml exception a runtime error becomes in compiled code.
#[repr(u64)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ErrorKind {
    /// `Failure msg` (for example `int_of_string`, out of memory).
    Failure = 1,
    /// `Invalid_argument msg` (for example `String.sub`, `index out of bounds`).
    InvalidArgument = 2,
    /// `Sys_error msg` (an output error).
    SysError = 3,
}

/// A runtime error: the exception kind and its message.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RtError {
    /// Which exception it becomes.
    pub kind: ErrorKind,
    /// The exception's string argument.
    pub message: String,
}

impl RtError {
    /// A `Failure msg` error.
    pub fn failure(msg: impl Into<String>) -> RtError {
        RtError {
            kind: ErrorKind::Failure,
            message: msg.into(),
        }
    }

    /// An `Invalid_argument msg` error.
    pub fn invalid_argument(msg: impl Into<String>) -> RtError {
        RtError {
            kind: ErrorKind::InvalidArgument,
            message: msg.into(),
        }
    }

    /// A `Sys_error msg` error.
    pub fn sys_error(msg: impl Into<String>) -> RtError {
        RtError {
            kind: ErrorKind::SysError,
            message: msg.into(),
        }
    }
}

impl fmt::Display for RtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.kind {
            ErrorKind::Failure => "Failure",
            ErrorKind::InvalidArgument => "Invalid_argument",
            ErrorKind::SysError => "Sys_error",
        };
        write!(f, "{name}({:?})", self.message)
    }
}

impl std::error::Error for RtError {}

/// The result of a runtime operation.
pub type RtResult<T> = Result<T, RtError>;
