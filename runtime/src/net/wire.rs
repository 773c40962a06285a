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
    let mut out = Vec::with_capacity(24);
    let _ = write!(out, "R_L_{next_expected}");
    out
}

/// Encodes a data frame.
pub fn data(seq: u64, body: &[u8]) -> Vec<u8> {
    let digits = seq.to_string();
    let mut out = Vec::with_capacity(body.len() + 32);
    let _ = write!(out, "R_R_{}_{}", digits.len(), digits);
    out.extend_from_slice(body);
    out
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
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Malformed);
    }
    let magnitude: i64 = std::str::from_utf8(digits)
        .map_err(|_| Malformed)?
        .parse()
        .map_err(|_| Malformed)?;
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
}
