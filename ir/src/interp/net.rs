//! Network primitives and reliable-channel operations, through the runtime crate's Rust API
//! (`anerisc_runtime::net`): UDP sockets, and channel endpoints that keep the serializers
//! they were made with (`send` applies `s_ser`, `recv` applies `s_deser`).

use super::value::Value;
use super::{Interp, Unwind, R};
use crate::ir::ChanOp;
use crate::prim::Prim;
use anerisc_runtime::abi_net::net_error;
use anerisc_runtime::net::faults::set_process_faults;
use anerisc_runtime::net::{make_address, Channel, ClientSocket, FaultConfig, NetError, ServerSocket, UdpSock};
use std::net::SocketAddrV4;
use std::sync::Arc;

/// A network object held by a program.
pub enum Native {
    /// A plain UDP socket.
    Udp(UdpSock),
    /// A client socket and its serializers (outgoing, incoming).
    Client(ClientSocket, Value, Value),
    /// A server socket and its serializers (outgoing, incoming).
    Server(ServerSocket, Value, Value),
    /// A channel and its serializers (outgoing, incoming).
    Chan(Channel, Value, Value),
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Native::Udp(_) => "<udp socket>",
            Native::Client(..) => "<client socket>",
            Native::Server(..) => "<server socket>",
            Native::Chan(..) => "<channel>",
        })
    }
}

/// An address value (`makeAddress ip port`).
pub fn address_value(a: SocketAddrV4) -> Value {
    Value::block(0, vec![Value::str(a.ip().to_string()), Value::Int(a.port() as i64)])
}

impl Interp {
    fn net_error(&self, e: NetError) -> Unwind {
        self.rt_error(net_error(e))
    }

    fn address(&self, v: &Value) -> R<SocketAddrV4> {
        match v {
            Value::Block(_, f) => match (&f[0], &f[1]) {
                (Value::Str(ip), Value::Int(port)) => make_address(&String::from_utf8_lossy(ip), *port).map_err(|e| self.net_error(e)),
                _ => Err(Unwind::Fatal("internal error: malformed address".into())),
            },
            _ => Err(Unwind::Fatal("internal error: malformed address".into())),
        }
    }

    fn native<'a>(&self, v: &'a Value) -> R<&'a Native> {
        match v {
            Value::Native(n) => Ok(n),
            _ => Err(Unwind::Fatal("internal error: not a socket or channel".into())),
        }
    }

    /// A UDP primitive.
    pub(super) fn udp_prim(self: &Arc<Self>, p: Prim, a: &[Value]) -> R<Value> {
        if p == Prim::UdpSocket {
            return Ok(Value::Native(Arc::new(Native::Udp(UdpSock::new()))));
        }
        if p == Prim::SetSendFaultFlags {
            let rate = |v: &Value| if let Value::Int(n) = v { *n } else { 0 };
            let faults = FaultConfig::from_per_mille(rate(&a[0]), rate(&a[1]), rate(&a[2])).map_err(|e| self.net_error(e))?;
            set_process_faults(faults);
            return Ok(Value::UNIT);
        }
        let Native::Udp(sock) = self.native(&a[0])? else {
            return Err(Unwind::Fatal("internal error: not a UDP socket".into()));
        };
        let int = |v: &Value| if let Value::Int(n) = v { *n } else { 0 };
        Ok(match p {
            Prim::SocketBind => {
                sock.bind(self.address(&a[1])?).map_err(|e| self.net_error(e))?;
                Value::UNIT
            }
            Prim::SendTo => {
                let Value::Str(msg) = &a[1] else { return Err(Unwind::Fatal("internal error: sendTo of a non-string".into())) };
                Value::Int(sock.send_to(msg, self.address(&a[2])?).map_err(|e| self.net_error(e))? as i64)
            }
            Prim::ReceiveFrom => match sock.receive_from().map_err(|e| self.net_error(e))? {
                Some((bytes, from)) => Value::some(Value::block(0, vec![Value::str(bytes), address_value(from)])),
                None => Value::Int(0),
            },
            Prim::SetReceiveTimeout => {
                sock.set_receive_timeout(int(&a[1]), int(&a[2])).map_err(|e| self.net_error(e))?;
                Value::UNIT
            }
            _ => return Err(Unwind::Fatal(format!("internal error: {} is not a UDP primitive", p.name()))),
        })
    }

    fn field(v: &Value, i: usize) -> R<Value> {
        match v {
            Value::Block(_, f) if f.len() > i => Ok(f[i].clone()),
            _ => Err(Unwind::Fatal("internal error: malformed serializer".into())),
        }
    }

    /// Applies channel `c`'s deserializer to `bytes`; its `Failure` names the message and
    /// the channel as the runtime's does in compiled code.
    fn deserialize(self: &Arc<Self>, c: &Channel, deser: &Value, bytes: Vec<u8>) -> R<Value> {
        let text = Value::str(bytes);
        match self.apply(&Self::field(deser, 1)?, vec![text.clone()]) {
            Err(Unwind::Exn(Value::Exn(id, args))) if id.0 == 0 => match (args.first(), &text) {
                (Some(Value::Str(why)), Value::Str(bytes)) => Err(self.failure(&c.deserialize_failure(why, bytes))),
                _ => Err(Unwind::Exn(Value::Exn(id, args))),
            },
            r => r,
        }
    }

    /// A reliable-channel operation the library does not write in OCaml.
    pub(super) fn chan_op(self: &Arc<Self>, op: ChanOp, a: &[Value]) -> R<Value> {
        let wrap = |n: Native| Value::Native(Arc::new(n));
        Ok(match op {
            ChanOp::MakeClientSkt => wrap(Native::Client(ClientSocket::bind(self.address(&a[2])?).map_err(|e| self.net_error(e))?, a[0].clone(), a[1].clone())),
            ChanOp::MakeServerSkt => wrap(Native::Server(ServerSocket::bind(self.address(&a[2])?).map_err(|e| self.net_error(e))?, a[0].clone(), a[1].clone())),
            ChanOp::ServerListen => match self.native(&a[0])? {
                Native::Server(s, _, _) => {
                    s.listen().map_err(|e| self.net_error(e))?;
                    Value::UNIT
                }
                _ => return Err(Unwind::Fatal("internal error: server_listen on a non-server socket".into())),
            },
            ChanOp::Accept => match self.native(&a[0])? {
                Native::Server(s, ser, deser) => {
                    let (c, from) = s.accept().map_err(|e| self.net_error(e))?;
                    Value::block(0, vec![wrap(Native::Chan(c, ser.clone(), deser.clone())), address_value(from)])
                }
                _ => return Err(Unwind::Fatal("internal error: accept on a non-server socket".into())),
            },
            ChanOp::Connect => match self.native(&a[0])? {
                Native::Client(s, ser, deser) => {
                    let c = s.connect(self.address(&a[1])?).map_err(|e| self.net_error(e))?;
                    wrap(Native::Chan(c, ser.clone(), deser.clone()))
                }
                _ => return Err(Unwind::Fatal("internal error: connect on a non-client socket".into())),
            },
            ChanOp::Send | ChanOp::Recv | ChanOp::TryRecv => {
                let Native::Chan(c, ser, deser) = self.native(&a[0])? else {
                    return Err(Unwind::Fatal("internal error: not a channel".into()));
                };
                match op {
                    ChanOp::Send => {
                        let Value::Str(bytes) = self.apply(&Self::field(ser, 0)?, vec![a[1].clone()])? else {
                            return Err(Unwind::Fatal("internal error: a serializer returned a non-string".into()));
                        };
                        c.send(&bytes).map_err(|e| self.net_error(e))?;
                        Value::UNIT
                    }
                    ChanOp::Recv => self.deserialize(c, deser, c.recv())?,
                    _ => match c.try_recv() {
                        Some(bytes) => Value::some(self.deserialize(c, deser, bytes)?),
                        None => Value::Int(0),
                    },
                }
            }
            ChanOp::RpcServe | ChanOp::RpcServeOpt | ChanOp::RpcConnect | ChanOp::RpcRequest => {
                return Err(Unwind::Fatal(format!("internal error: {} has no OCaml implementation in the library", op.name())))
            }
        })
    }
}
