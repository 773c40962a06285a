//! C ABI functions of the native backend for networking: the UDP sockets of `Ast` and the
//! reliable channels of `Client_server_code`, through the Rust API of [`crate::net`].
//!
//! A UDP socket is a custom block owning a [`UdpSock`]. A client socket, server socket or
//! channel is a block of three fields: the custom block owning the resource, the serializer
//! for outgoing messages and the one for incoming messages (serializers are records whose
//! field 0 serializes and field 1 deserializes). Calls that can wait (receive, accept,
//! connect, `sendTo`) release the runtime lock while they wait; a channel's `send` does not
//! wait and keeps it. Network errors become
//! `Failure msg`; a negative receive timeout is `Invalid_argument "setReceiveTimeout"`, as
//! in OCaml. A deserializer's `Failure` on a received message comes out of `recv` and
//! `try_recv` with the message and the channel added ([`Channel::deserialize_failure`]).

use std::any::Any;
use std::net::SocketAddrV4;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Arc;

use crate::abi_backend::{finish, mutator, some_block, Apply1, EXN_TAG};
use crate::alloc::alloc;
use crate::custom::{alloc_custom, custom_get};
use crate::error::{RtError, RtResult};
use crate::net::faults::set_process_faults;
use crate::net::{make_address, Channel, ClientSocket, FaultConfig, NetError, ServerSocket, UdpSock};
use crate::roots::with_frame;
use crate::sched::{blocking, Mutator};
use crate::strings::{string_bytes, string_from_bytes};
use crate::value::{Value, UNIT};

/// The OCaml exception a network error becomes.
pub fn net_error(e: NetError) -> RtError {
    match e {
        NetError::BadTimeout(..) => RtError::invalid_argument("setReceiveTimeout"),
        e => RtError::failure(e.to_string()),
    }
}

/// The socket address of an address value (`makeAddress ip port`, a block of two fields).
fn address_of(m: &Mutator, a: Value) -> RtResult<SocketAddrV4> {
    if !a.is_block() {
        return Err(RtError::invalid_argument("not an address"));
    }
    // SAFETY: an address is a block of two fields.
    let (ip, port) = unsafe { (a.field(0), a.field(1)) };
    let ip = String::from_utf8_lossy(string_bytes(m, ip)?).into_owned();
    make_address(&ip, port.to_int()).map_err(net_error)
}

/// A new block of tag 0 holding `fields` (kept alive across the allocation).
fn block_of<const N: usize>(m: &mut Mutator, fields: [Value; N]) -> RtResult<Value> {
    with_frame(m, fields, |m, slots| {
        let b = alloc(m, 0, N)?;
        for i in 0..N {
            // SAFETY: a fresh block of `N` fields.
            unsafe { b.set_field(i, slots.get(i)) };
        }
        Ok(b)
    })
}

/// The address value of `a`.
fn address_value(m: &mut Mutator, a: SocketAddrV4) -> RtResult<Value> {
    let ip = string_from_bytes(m, a.ip().to_string().as_bytes())?;
    block_of(m, [ip, Value::of_int(a.port() as i64)])
}

/// The resource of type `T` of custom block `v`.
fn resource<T: Any + Send + Sync>(m: &mut Mutator, v: Value, what: &str) -> RtResult<Arc<T>> {
    custom_get::<T>(m, v).ok_or_else(|| RtError::invalid_argument(format!("not a {what}")))
}

/// The resource of type `T` of a socket or channel block (field 0).
fn endpoint<T: Any + Send + Sync>(m: &mut Mutator, v: Value, what: &str) -> RtResult<Arc<T>> {
    if !v.is_block() {
        return Err(RtError::invalid_argument(format!("not a {what}")));
    }
    // SAFETY: a socket or channel value is a block of three fields.
    resource(m, unsafe { v.field(0) }, what)
}

/// A socket or channel value owning `r`, with serializers `ser` (outgoing) and `deser`
/// (incoming).
fn endpoint_value<T: Any + Send + Sync>(m: &mut Mutator, r: T, ser: Value, deser: Value) -> RtResult<Value> {
    with_frame(m, [ser, deser], |m, slots| {
        let c = alloc_custom(m, Arc::new(r))?;
        block_of(m, [c, slots.get(0), slots.get(1)])
    })
}

/// Field `i` of block `v`.
fn field(v: Value, i: usize) -> RtResult<Value> {
    // SAFETY: `v` is a live block (checked) and `i` within its size (checked).
    unsafe {
        if v.is_block() && (i as u64) < v.header().size() {
            Ok(v.field(i))
        } else {
            Err(RtError::invalid_argument("malformed socket or serializer"))
        }
    }
}

/// `udp_socket ()`.
#[no_mangle]
pub extern "C" fn anerisc_udp_socket(_unit: Value) -> Value {
    let m = &mut mutator();
    let r = alloc_custom(m, Arc::new(UdpSock::new()));
    finish(m, r)
}

fn socket_bind(m: &mut Mutator, s: Value, addr: Value) -> RtResult<Value> {
    let sock = resource::<UdpSock>(m, s, "UDP socket")?;
    let a = address_of(m, addr)?;
    sock.bind(a).map_err(net_error)?;
    Ok(UNIT)
}

/// `socketBind s addr`.
#[no_mangle]
pub extern "C" fn anerisc_socket_bind(s: Value, addr: Value) -> Value {
    let m = &mut mutator();
    let r = socket_bind(m, s, addr);
    finish(m, r)
}

fn send_to(m: &mut Mutator, s: Value, msg: Value, addr: Value) -> RtResult<Value> {
    let sock = resource::<UdpSock>(m, s, "UDP socket")?;
    let bytes = string_bytes(m, msg)?.to_vec();
    let a = address_of(m, addr)?;
    let n = blocking(m, || sock.send_to(&bytes, a)).map_err(net_error)?;
    Ok(Value::of_int(n as i64))
}

/// `sendTo s msg addr`: the number of bytes sent.
#[no_mangle]
pub extern "C" fn anerisc_send_to(s: Value, msg: Value, addr: Value) -> Value {
    let m = &mut mutator();
    let r = send_to(m, s, msg, addr);
    finish(m, r)
}

fn receive_from(m: &mut Mutator, s: Value) -> RtResult<Value> {
    let sock = resource::<UdpSock>(m, s, "UDP socket")?;
    let Some((bytes, from)) = blocking(m, || sock.receive_from()).map_err(net_error)? else {
        return Ok(UNIT);
    };
    let text = string_from_bytes(m, &bytes)?;
    with_frame(m, [text], |m, slots| {
        let a = address_value(m, from)?;
        let pair = block_of(m, [slots.get(0), a])?;
        some_block(m, pair)
    })
}

/// `receiveFrom s`: `Some (message, sender)`, or `None` once the receive timeout passed.
#[no_mangle]
pub extern "C" fn anerisc_receive_from(s: Value) -> Value {
    let m = &mut mutator();
    let r = receive_from(m, s);
    finish(m, r)
}

fn set_receive_timeout(m: &mut Mutator, s: Value, sec: Value, usec: Value) -> RtResult<Value> {
    let sock = resource::<UdpSock>(m, s, "UDP socket")?;
    sock.set_receive_timeout(sec.to_int(), usec.to_int()).map_err(net_error)?;
    Ok(UNIT)
}

/// `setReceiveTimeout s sec usec`.
#[no_mangle]
pub extern "C" fn anerisc_set_receive_timeout(s: Value, sec: Value, usec: Value) -> Value {
    let m = &mut mutator();
    let r = set_receive_timeout(m, s, sec, usec);
    finish(m, r)
}

/// `set_send_fault_flags drop delay dup`: every later datagram of the process is dropped,
/// delayed and duplicated with these per-mille rates.
#[no_mangle]
pub extern "C" fn anerisc_set_send_fault_flags(drop: Value, delay: Value, dup: Value) -> Value {
    let r = FaultConfig::from_per_mille(drop.to_int(), delay.to_int(), dup.to_int()).map(|cfg| {
        set_process_faults(cfg);
        UNIT
    });
    finish(&mut mutator(), r.map_err(net_error))
}

/// A socket value bound at `addr` by `bind`, with its serializers.
fn make_skt<T: Any + Send + Sync>(ser: Value, deser: Value, addr: Value, bind: fn(SocketAddrV4) -> Result<T, NetError>) -> Value {
    let m = &mut mutator();
    let r = address_of(m, addr).and_then(|a| bind(a).map_err(net_error)).and_then(|s| endpoint_value(m, s, ser, deser));
    finish(m, r)
}

/// `make_client_skt ser deser addr`.
#[no_mangle]
pub extern "C" fn anerisc_make_client_skt(ser: Value, deser: Value, addr: Value) -> Value {
    make_skt(ser, deser, addr, ClientSocket::bind)
}

/// `make_server_skt ser deser addr`.
#[no_mangle]
pub extern "C" fn anerisc_make_server_skt(ser: Value, deser: Value, addr: Value) -> Value {
    make_skt(ser, deser, addr, ServerSocket::bind)
}

/// `server_listen skt`.
#[no_mangle]
pub extern "C" fn anerisc_server_listen(skt: Value) -> Value {
    let m = &mut mutator();
    let r = endpoint::<ServerSocket>(m, skt, "server socket").and_then(|s| s.listen().map_err(net_error)).map(|()| UNIT);
    finish(m, r)
}

fn accept(m: &mut Mutator, skt: Value) -> RtResult<Value> {
    let srv = endpoint::<ServerSocket>(m, skt, "server socket")?;
    with_frame(m, [skt], |m, slots| {
        let (chan, from) = blocking(m, || srv.accept()).map_err(net_error)?;
        let skt = slots.get(0);
        let c = endpoint_value(m, chan, field(skt, 1)?, field(skt, 2)?)?;
        slots.set(0, c);
        let a = address_value(m, from)?;
        block_of(m, [slots.get(0), a])
    })
}

/// `accept skt`: a new channel and the client's address (waits for a client).
#[no_mangle]
pub extern "C" fn anerisc_accept(skt: Value) -> Value {
    let m = &mut mutator();
    let r = accept(m, skt);
    finish(m, r)
}

fn connect(m: &mut Mutator, skt: Value, addr: Value) -> RtResult<Value> {
    let client = endpoint::<ClientSocket>(m, skt, "client socket")?;
    let a = address_of(m, addr)?;
    with_frame(m, [skt], |m, slots| {
        let chan = blocking(m, || client.connect(a)).map_err(net_error)?;
        let skt = slots.get(0);
        endpoint_value(m, chan, field(skt, 1)?, field(skt, 2)?)
    })
}

/// `connect skt addr`: a channel to the server at `addr` (waits for the handshake).
#[no_mangle]
pub extern "C" fn anerisc_connect(skt: Value, addr: Value) -> Value {
    let m = &mut mutator();
    let r = connect(m, skt, addr);
    finish(m, r)
}

/// The word 0, without a runtime error: the exception a closure raised is pending in
/// compiled code (see [`Apply1`]).
const RAISED: Value = Value(0);

fn chan_send(m: &mut Mutator, chan: Value, v: Value, apply: Apply1) -> RtResult<Value> {
    let ch = endpoint::<Channel>(m, chan, "channel")?;
    let serialize = field(field(chan, 1)?, 0)?;
    let msg = apply(serialize, v);
    if msg == RAISED {
        return Ok(RAISED);
    }
    // The runtime lock stays held: a channel's `send` never waits for the network (it
    // queues the frame and transmits what the window allows), and giving the lock up
    // would queue this thread behind every other one that wants it.
    ch.send(string_bytes(m, msg)?).map_err(net_error)?;
    Ok(UNIT)
}

/// `send chan v`: serializes `v` with the channel's outgoing serializer (called through
/// `apply`) and sends it, keeping the runtime lock.
#[no_mangle]
pub extern "C" fn anerisc_chan_send(chan: Value, v: Value, apply: Apply1) -> Value {
    let m = &mut mutator();
    let r = chan_send(m, chan, v, apply);
    finish(m, r)
}

/// The word where compiled code keeps its pending exception (null before the program
/// registers it).
static PENDING_EXN: AtomicPtr<Value> = AtomicPtr::new(ptr::null_mut());

/// Registers `slot`, the word where compiled code keeps its pending exception, as a global
/// root, and remembers it so that `recv` can add context to a deserializer's `Failure`.
///
/// # Safety
/// As [`crate::abi::anerisc_register_global_root`].
#[no_mangle]
pub unsafe extern "C" fn anerisc_register_pending_exn(slot: *mut Value) {
    crate::abi::anerisc_register_global_root(slot);
    PENDING_EXN.store(slot, Ordering::Release);
}

/// The message of the pending exception of compiled code if it is `Failure msg`.
fn pending_failure(m: &Mutator) -> Option<Vec<u8>> {
    let slot = PENDING_EXN.load(Ordering::Acquire);
    if slot.is_null() {
        return None;
    }
    // SAFETY: a registered slot holds a valid value; an exception block has its number in
    // field 0 (`Failure` is 0) and its arguments after it.
    unsafe {
        let exn = *slot;
        let is_failure = exn.is_block() && exn.header().tag() == EXN_TAG && exn.header().size() == 2 && exn.field(0).to_int() == 0;
        if !is_failure {
            return None;
        }
        string_bytes(m, exn.field(1)).ok().map(<[u8]>::to_vec)
    }
}

/// Deserializes `bytes` with the incoming serializer of channel `ch`, in slot 0 of `slots`;
/// a `Failure` of the deserializer becomes one that names the message and the channel.
fn deserialize(m: &mut Mutator, ch: &Channel, slots: crate::roots::Slots, bytes: &[u8], apply: Apply1) -> RtResult<Value> {
    let text = string_from_bytes(m, bytes)?;
    let deserialize = field(field(slots.get(0), 2)?, 1)?;
    let v = apply(deserialize, text);
    if v == RAISED {
        if let Some(why) = pending_failure(m) {
            return Err(RtError::failure(ch.deserialize_failure(&why, bytes)));
        }
    }
    Ok(v)
}

fn chan_recv(m: &mut Mutator, chan: Value, apply: Apply1, wait: bool) -> RtResult<Value> {
    let ch = endpoint::<Channel>(m, chan, "channel")?;
    with_frame(m, [chan], |m, slots| {
        // A message already delivered is taken without giving the runtime lock up.
        let bytes = match ch.take_delivered() {
            Some(bytes) => Some(bytes),
            None if wait => Some(blocking(m, || ch.recv())),
            None => ch.try_recv(),
        };
        let Some(bytes) = bytes else { return Ok(UNIT) };
        let v = deserialize(m, &ch, slots, &bytes, apply)?;
        if wait || v == RAISED {
            Ok(v)
        } else {
            some_block(m, v)
        }
    })
}

/// `recv chan`: waits for the next message and deserializes it (through `apply`).
#[no_mangle]
pub extern "C" fn anerisc_chan_recv(chan: Value, apply: Apply1) -> Value {
    let m = &mut mutator();
    let r = chan_recv(m, chan, apply, true);
    finish(m, r)
}

/// `try_recv chan`: `Some` of the next message if one has arrived, `None` otherwise.
#[no_mangle]
pub extern "C" fn anerisc_chan_try_recv(chan: Value, apply: Apply1) -> Value {
    let m = &mut mutator();
    let r = chan_recv(m, chan, apply, false);
    finish(m, r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sched::attach;
    use std::net::Ipv4Addr;

    fn text(m: &Mutator, v: Value) -> String {
        String::from_utf8_lossy(string_bytes(m, v).unwrap()).into_owned()
    }

    #[test]
    fn errors_become_ocaml_exceptions() {
        assert_eq!(net_error(NetError::BadTimeout(-1, 0)), RtError::invalid_argument("setReceiveTimeout"));
        assert_eq!(net_error(NetError::AlreadyBound), RtError::failure("socketBind: the socket is already bound"));
    }

    #[test]
    fn addresses_convert_both_ways() {
        attach(|m| {
            let a = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 4242);
            let v = address_value(m, a).unwrap();
            // SAFETY: an address block of two fields.
            assert_eq!((text(m, unsafe { v.field(0) }), unsafe { v.field(1) }.to_int()), ("127.0.0.1".into(), 4242));
            assert_eq!(address_of(m, v).unwrap(), a);
            assert!(address_of(m, Value::of_int(3)).is_err());
            let ip = string_from_bytes(m, b"not an ip").unwrap();
            let bad = block_of(m, [ip, Value::of_int(1)]).unwrap();
            assert_eq!(address_of(m, bad).unwrap_err().kind, crate::error::ErrorKind::Failure);
        })
        .unwrap();
    }

    #[test]
    fn a_datagram_goes_from_one_socket_to_another() {
        attach(|m| {
            let any = address_value(m, SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
            let receiver = anerisc_udp_socket(UNIT);
            assert_eq!(anerisc_socket_bind(receiver, any), UNIT);
            assert_eq!(anerisc_socket_bind(receiver, any), Value(0), "a second bind must raise");
            let to = resource::<UdpSock>(m, receiver, "UDP socket").unwrap().local_addr().unwrap();
            let to = address_value(m, to).unwrap();
            let sender = anerisc_udp_socket(UNIT);
            let msg = string_from_bytes(m, b"ping").unwrap();
            assert_eq!(anerisc_send_to(sender, msg, to).to_int(), 4);
            assert_eq!(anerisc_set_receive_timeout(receiver, Value::of_int(5), Value::of_int(0)), UNIT);
            let got = anerisc_receive_from(receiver);
            // SAFETY: `Some (message, sender)`.
            let (msg, from) = unsafe { (got.field(0).field(0), got.field(0).field(1)) };
            assert_eq!(text(m, msg), "ping");
            let from = address_of(m, from).unwrap();
            assert_eq!(Some(from), resource::<UdpSock>(m, sender, "UDP socket").unwrap().local_addr().map(|a| SocketAddrV4::new(Ipv4Addr::LOCALHOST, a.port())));
            assert_eq!(anerisc_set_receive_timeout(receiver, Value::of_int(0), Value::of_int(1000)), UNIT);
            assert_eq!(anerisc_receive_from(receiver), UNIT, "nothing more arrives: None");
        })
        .unwrap();
    }
}
