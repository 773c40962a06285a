//! Networking: the reliable-channel operations the library does not write in OCaml, as
//! calls of the runtime (`runtime/src/abi_net.rs`), which releases the runtime lock while a
//! call waits and applies a channel's serializers through `anerisc_apply1_c` (the UDP
//! primitives of `Ast` are runtime calls of the primitive table, compiled as all are).

use super::func::FnGen;
use crate::abi::{self, RtFn};
use crate::BackendError;
use anerisc_ir::ir::{ChanOp, Var};
use cranelift_codegen::ir::Value;

impl FnGen<'_, '_, '_> {
    /// A reliable-channel operation without an OCaml implementation in the library.
    pub fn chan_op(&mut self, op: ChanOp, args: &[Var]) -> Result<Value, BackendError> {
        let (f, serializes): (&RtFn, bool) = match op {
            ChanOp::MakeClientSkt => (&abi::MAKE_CLIENT_SKT, false),
            ChanOp::MakeServerSkt => (&abi::MAKE_SERVER_SKT, false),
            ChanOp::ServerListen => (&abi::SERVER_LISTEN, false),
            ChanOp::Accept => (&abi::ACCEPT, false),
            ChanOp::Connect => (&abi::CONNECT, false),
            ChanOp::Send => (&abi::CHAN_SEND, true),
            ChanOp::Recv => (&abi::CHAN_RECV, true),
            ChanOp::TryRecv => (&abi::CHAN_TRY_RECV, true),
            ChanOp::RpcServe | ChanOp::RpcServeOpt | ChanOp::RpcConnect | ChanOp::RpcRequest => {
                return self.unsupported(&format!("the channel operation `{}` without its library implementation", op.name()))
            }
        };
        if !serializes {
            return self.rt_on(f, args);
        }
        let apply = self.apply1_c()?;
        let mut vs: Vec<Value> = args.iter().map(|v| self.use_(*v)).collect();
        vs.push(apply);
        self.rt_checked(f, &vs)
    }
}
