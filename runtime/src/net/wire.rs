//! The Aneris reliable-communication wire format, encoded and decoded byte by byte.
//!
//! A datagram is `gen_msg_ser` of Aneris: a sum whose left side is a handshake pair
//! `(tag, n)` and whose right side is a sum of an acknowledgement `n` and a data frame
//! `(seq, body)`. With Aneris's serializers (`"L_"`/`"R_"` sum tags, `"<len>_<a><b>"` pairs,
//! decimal ints) that is:
//!
//! | frame | bytes |
//! |---|---|
//! | handshake | `L_` len(tag) `_` tag decimal(n) |
//! | ack | `R_L_` decimal(n) |
//! | data | `R_R_` len(decimal(seq)) `_` decimal(seq) body |

use std::io::Write;
use std::sync::Arc;

/// The four handshake tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `INIT`, sent by a client with number 0.
    Init,
    /// `INIT-ACK`, the server's answer carrying a cookie.
    InitAck,
    /// `COOKIE`, the client echoing the cookie.
    Cookie,
    /// `COOKIE-ACK`, the server's confirmation, with number 0.
    CookieAck,
}

impl Tag {
    /// The tag's text on the wire.
    pub fn text(self) -> &'static str {
        match self {
            Tag::Init => "INIT",
            Tag::InitAck => "INIT-ACK",
            Tag::Cookie => "COOKIE",
            Tag::CookieAck => "COOKIE-ACK",
        }
    }

    fn from_text(text: &[u8]) -> Option<Tag> {
        [Tag::Init, Tag::InitAck, Tag::Cookie, Tag::CookieAck]
            .into_iter()
            .find(|t| t.text().as_bytes() == text)
    }
}

/// A decoded datagram; the body of a data frame borrows from the datagram.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame<'a> {
    /// A handshake message and its number.
    Handshake(Tag, i64),
    /// A cumulative acknowledgement: the next sequence number the sender expects.
    Ack(i64),
    /// A data frame: its sequence number and the serialized message.
    Data(i64, &'a [u8]),
}

/// Why a datagram is not a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// Encodes a handshake message.
pub fn handshake(tag: Tag, n: i64) -> Vec<u8> {
    let text = tag.text();
    let mut out = Vec::with_capacity(32);
    // Writing to a Vec cannot fail.
    let _ = write!(out, "L_{}_{}{}", text.len(), text, n);
    out
}

/// Encodes a cumulative acknowledgement.
pub fn ack(next_expected: u64) -> Vec<u8> {
    let mut digits = Decimal::default();
    [&b"R_L_"[..], digits.of(next_expected)].concat()
}

/// Encodes a data frame.
pub fn data(seq: u64, body: &[u8]) -> Vec<u8> {
    let mut header = DataHeader::default();
    [header.of(seq), body].concat()
}

/// Encodes a data frame into a shared buffer (one allocation, one copy of the body).
pub(crate) fn data_shared(seq: u64, body: &[u8]) -> Arc<[u8]> {
    let mut header = DataHeader::default();
    let head = header.of(seq);
    let mut frame = Arc::<[u8]>::new_uninit_slice(head.len() + body.len());
    match Arc::get_mut(&mut frame) {
        Some(buf) => {
            let (front, back) = buf.split_at_mut(head.len());
            front.write_copy_of_slice(head);
            back.write_copy_of_slice(body);
            // SAFETY: every byte of the buffer was written just above.
            unsafe { frame.assume_init() }
        }
        // A fresh `Arc` has no other owner; this only keeps the function total.
        None => Arc::from(data(seq, body)),
    }
}

/// Room for the decimal digits of a `u64`.
#[derive(Default)]
struct Decimal([u8; 20]);

impl Decimal {
    /// The decimal digits of `n`, as `string_of_int` writes a non-negative int.
    fn of(&mut self, mut n: u64) -> &[u8] {
        let mut start = self.0.len();
        loop {
            start -= 1;
            self.0[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                return &self.0[start..];
            }
        }
    }
}

/// Room for a data frame's header, `R_R_` len(seq) `_` seq.
#[derive(Default)]
struct DataHeader {
    buf: [u8; 32],
    digits: Decimal,
}

impl DataHeader {
    /// The header of data frame `seq`.
    fn of(&mut self, seq: u64) -> &[u8] {
        let digits = self.digits.of(seq);
        let mut len = Decimal::default();
        let parts = [&b"R_R_"[..], len.of(digits.len() as u64), b"_", digits];
        let mut at = 0;
        for part in parts {
            self.buf[at..at + part.len()].copy_from_slice(part);
            at += part.len();
        }
        &self.buf[..at]
    }
}

/// Decodes a datagram, rejecting anything an Aneris peer could not have sent.
pub fn decode(bytes: &[u8]) -> Result<Frame<'_>, Malformed> {
    match bytes {
        [b'L', b'_', rest @ ..] => {
            let (tag, number) = split_pair(rest)?;
            let tag = Tag::from_text(tag).ok_or(Malformed)?;
            Ok(Frame::Handshake(tag, int(number)?))
        }
        [b'R', b'_', b'L', b'_', rest @ ..] => Ok(Frame::Ack(int(rest)?)),
        [b'R', b'_', b'R', b'_', rest @ ..] => {
            let (seq, body) = split_pair(rest)?;
            Ok(Frame::Data(int(seq)?, body))
        }
        _ => Err(Malformed),
    }
}

/// Splits `"<len>_<first><rest>"` into `first` and `rest`.
fn split_pair(bytes: &[u8]) -> Result<(&[u8], &[u8]), Malformed> {
    let underscore = bytes.iter().position(|&b| b == b'_').ok_or(Malformed)?;
    let len = usize::try_from(int(&bytes[..underscore])?).map_err(|_| Malformed)?;
    let rest = &bytes[underscore + 1..];
    if len > rest.len() {
        return Err(Malformed);
    }
    Ok(rest.split_at(len))
}

/// A decimal OCaml int (63 bits) as `string_of_int` writes it.
fn int(bytes: &[u8]) -> Result<i64, Malformed> {
    let (negative, digits) = match bytes {
        [b'-', digits @ ..] => (true, digits),
        digits => (false, digits),
    };
    if digits.is_empty() || digits.len() > 19 {
        return Err(Malformed);
    }
    let mut magnitude: i64 = 0;
    for &d in digits {
        if !d.is_ascii_digit() {
            return Err(Malformed);
        }
        magnitude = magnitude
            .checked_mul(10)
            .and_then(|m| m.checked_add(i64::from(d - b'0')))
            .ok_or(Malformed)?;
    }
    let value = if negative { -magnitude } else { magnitude };
    const OCAML_MAX: i64 = (1 << 62) - 1;
    if (-OCAML_MAX - 1..=OCAML_MAX).contains(&value) {
        Ok(value)
    } else {
        Err(Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_truncations() {
        let frames = [handshake(Tag::InitAck, 77), ack(12), data(123, b"x_y")];
        for bytes in &frames {
            assert!(decode(bytes).is_ok());
            for cut in 0..bytes.len() - 1 {
                if let Ok(Frame::Data(_, body)) = decode(&bytes[..cut]) {
                    assert!(body.len() < 3);
                }
            }
        }
        assert_eq!(decode(b"R_R_5_1x"), Err(Malformed));
        assert_eq!(decode(b"R_L_99999999999999999999"), Err(Malformed));
        assert_eq!(decode(b"L_4_INIX0"), Err(Malformed));
    }

    #[test]
    fn encodes_numbers_as_string_of_int() {
        assert_eq!(ack(0), b"R_L_0");
        assert_eq!(ack(u64::MAX), b"R_L_18446744073709551615");
        assert_eq!(data(0, b"hello"), b"R_R_1_0hello");
        assert_eq!(data(10, b"x"), b"R_R_2_10x");
        for seq in [0, 9, 10, 1_234_567, u64::MAX] {
            assert_eq!(&*data_shared(seq, b"body"), data(seq, b"body").as_slice());
        }
        assert_eq!(&*data_shared(123, b""), b"R_R_3_123");
        assert_eq!(int(b"4611686018427387903"), Ok((1 << 62) - 1));
        assert_eq!(int(b"-4611686018427387904"), Ok(-(1 << 62)));
        assert_eq!(int(b"4611686018427387904"), Err(Malformed));
        assert_eq!(int(b"9223372036854775808"), Err(Malformed));
        assert_eq!(int(b"-"), Err(Malformed));
        assert_eq!(int(b"1a"), Err(Malformed));
    }
}
