//! Primitives: integer arithmetic on tagged words inline, floats unboxed and reboxed,
//! comparisons inline on immediates (the runtime's structural comparison otherwise),
//! strings, printing and the rest through the runtime; and `Printf` with a literal format.

use super::alloc;
use super::func::{bargs, FnGen};
use super::mem;
use crate::abi::{self, RtFn};
use crate::layout::{self, tagged};
use crate::BackendError;
use anerisc_frontend::typed::{FormatPiece, PrintfKind};
use anerisc_ir::ir::{Ty, Var};
use super::analysis::raises_or_collects;
use anerisc_ir::prim::{Native, Prim};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types::F64, types::I64, InstBuilder, Value};
use cranelift_module::Module;

/// Predefined exception numbers (see `PREDEFINED_EXCEPTIONS` in the IR's lowering).
const FAILURE: u32 = 0;
const NOT_FOUND: u32 = 1;
const INVALID_ARGUMENT: u32 = 2;
const MATCH_FAILURE: u32 = 3;
const ASSERT_FAILURE: u32 = 4;
const DIVISION_BY_ZERO: u32 = 5;
const END_OF_FILE: u32 = 6;

impl FnGen<'_, '_, '_> {
    fn bool_of(&mut self, c: Value) -> Value {
        let ext = self.b.ins().uextend(I64, c);
        let two = self.b.ins().ishl_imm_s(ext, 1);
        let v = self.b.ins().iadd_imm_s(two, 1);
        self.conds.insert(v, c);
        v
    }

    fn untag(&mut self, v: Value) -> Value {
        self.b.ins().sshr_imm_s(v, 1)
    }

    fn retag(&mut self, v: Value) -> Value {
        let s = self.b.ins().ishl_imm_s(v, 1);
        self.b.ins().iadd_imm_s(s, 1)
    }

    /// The raw double of a boxed float.
    fn unbox(&mut self, v: Value) -> Value {
        self.b.ins().load(F64, mem(), v, 0)
    }

    /// The raw double of float variable `v`: kept from its definition, loaded from its box
    /// otherwise.
    pub(super) fn float_in(&mut self, v: Var) -> Value {
        if let Some(x) = self.raw.get(&v) {
            return *x;
        }
        let a = self.use_(v);
        self.unbox(a)
    }

    /// The result `x` of a float primitive: kept as the raw double of the variable it
    /// defines, boxed too unless the plan keeps that variable raw only (then no value).
    fn float_out(&mut self, x: Value) -> Result<Option<Value>, BackendError> {
        if let Some(d) = self.dest {
            self.raw.insert(d, x);
            if self.plan.raw[d.0 as usize] {
                return Ok(None);
            }
        }
        self.boxf(x).map(Some)
    }

    /// Boxes a double: bumps the nursery inline, calls the runtime only when it is full.
    fn boxf(&mut self, x: Value) -> Result<Value, BackendError> {
        let join = self.b.create_block();
        let v = self.b.append_block_param(join, I64);
        let regs = self.regs()?;
        let slow = self.b.create_block();
        let fast = alloc::bump(&mut self.b, regs, layout::DOUBLE_TAG, 1, slow);
        self.b.ins().store(mem(), x, fast, 0);
        self.b.ins().jump(join, &bargs(&[fast]));
        self.b.switch_to_block(slow);
        let r = self.rt_checked(&abi::ALLOC_FLOAT, &[x])?;
        self.b.ins().jump(join, &bargs(&[r]));
        self.b.switch_to_block(join);
        Ok(v)
    }

    /// True when `v` is a ref kept in its variable (which holds its contents).
    fn local_ref(&self, v: Var) -> bool {
        self.plan.local_ref[v.0 as usize]
    }

    /// True when `v` is a local ref whose variable holds a raw double (see `floats.rs`).
    fn raw_ref(&self, v: Var) -> bool {
        self.local_ref(v) && self.plan.raw[v.0 as usize]
    }

    fn unit(&mut self) -> Value {
        self.b.ins().iconst(I64, layout::UNIT)
    }

    fn str_const(&mut self, s: &[u8]) -> Result<Value, BackendError> {
        let d = self.g.string(s)?;
        Ok(self.static_value(d))
    }

    /// Calls a runtime function on the arguments' current values.
    pub(super) fn rt_on(&mut self, f: &RtFn, args: &[Var]) -> Result<Value, BackendError> {
        let vs: Vec<Value> = args.iter().map(|v| self.use_(*v)).collect();
        self.rt_checked(f, &vs)
    }

    fn immediate_args(&self, args: &[Var]) -> bool {
        args.iter().any(|v| matches!(self.f.ty(*v), Ty::Int | Ty::Bool | Ty::Char | Ty::Unit))
    }

    fn float_args(&self, args: &[Var]) -> bool {
        args.iter().any(|v| self.f.ty(*v) == Ty::Float)
    }

    /// A comparison: inline on immediates and floats, the runtime's otherwise.
    fn comparison(&mut self, args: &[Var], icc: IntCC, fcc: FloatCC, rt: &RtFn) -> Result<Value, BackendError> {
        let (a, b) = (self.use_(args[0]), self.use_(args[1]));
        if self.immediate_args(args) {
            let c = self.b.ins().icmp(icc, a, b);
            return Ok(self.bool_of(c));
        }
        if self.float_args(args) {
            let (x, y) = (self.float_in(args[0]), self.float_in(args[1]));
            let c = self.b.ins().fcmp(fcc, x, y);
            return Ok(self.bool_of(c));
        }
        if self.maybe_immediate_args(args) {
            let inline = move |s: &mut Self, a, b| {
                let c = s.b.ins().icmp(icc, a, b);
                s.bool_of(c)
            };
            return self.unless_immediates(a, b, inline, rt);
        }
        self.rt_checked(rt, &[a, b])
    }

    /// True when every argument may be an immediate at run time (polymorphic values and
    /// data, which includes constant constructors).
    fn maybe_immediate_args(&self, args: &[Var]) -> bool {
        args.iter().all(|v| matches!(self.f.ty(*v), Ty::Any | Ty::Data))
    }

    /// `inline(a, b)` when both words are immediates, the runtime's `rt(a, b)` otherwise.
    fn unless_immediates(&mut self, a: Value, b: Value, inline: impl Fn(&mut Self, Value, Value) -> Value, rt: &RtFn) -> Result<Value, BackendError> {
        let both = self.b.ins().band(a, b);
        let imm = self.b.ins().band_imm_s(both, 1);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let join = self.b.create_block();
        let r = self.b.append_block_param(join, I64);
        self.b.ins().brif(imm, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        let x = inline(self, a, b);
        self.b.ins().jump(join, &bargs(&[x]));
        self.b.switch_to_block(slow);
        let y = self.rt_checked(rt, &[a, b])?;
        self.b.ins().jump(join, &bargs(&[y]));
        self.b.switch_to_block(join);
        Ok(r)
    }

    /// `compare` of two immediates: the tagged -1, 0 or 1.
    fn compare_immediates(&mut self, a: Value, b: Value) -> Value {
        let gt = self.b.ins().icmp(IntCC::SignedGreaterThan, a, b);
        let lt = self.b.ins().icmp(IntCC::SignedLessThan, a, b);
        let gt = self.b.ins().uextend(I64, gt);
        let lt = self.b.ins().uextend(I64, lt);
        let d = self.b.ins().isub(gt, lt);
        self.retag(d)
    }

    fn division(&mut self, args: &[Var], rem: bool) -> Result<Value, BackendError> {
        let d = self.use_(args[1]);
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, d, layout::UNIT);
        let bad = self.b.create_block();
        let ok = self.b.create_block();
        self.b.ins().brif(zero, bad, &[], ok, &[]);
        self.b.set_cold_block(bad);
        self.b.switch_to_block(bad);
        self.raise_predefined(DIVISION_BY_ZERO, None)?;
        self.b.ins().jump(ok, &[]);
        self.b.switch_to_block(ok);
        let (a, d) = (self.use_(args[0]), self.use_(args[1]));
        let (x, y) = (self.untag(a), self.untag(d));
        // -2^62 / -1 fits in 64 bits; the retag wraps it as OCaml does.
        let r = if rem { self.b.ins().srem(x, y) } else { self.b.ins().sdiv(x, y) };
        Ok(self.retag(r))
    }

    fn float_binop(&mut self, args: &[Var], op: fn(&mut FnGen, Value, Value) -> Value) -> Result<Option<Value>, BackendError> {
        let (x, y) = (self.float_in(args[0]), self.float_in(args[1]));
        let r = op(self, x, y);
        self.float_out(r)
    }

    fn float_unop(&mut self, args: &[Var], op: fn(&mut FnGen, Value) -> Value) -> Result<Option<Value>, BackendError> {
        let x = self.float_in(args[0]);
        let r = op(self, x);
        self.float_out(r)
    }

    fn float_const(&mut self, x: f64) -> Result<Value, BackendError> {
        let d = self.g.float(x)?;
        Ok(self.static_value(d))
    }

    /// Bounds check of index `i` (tagged) against `len` (untagged); raises
    /// `Invalid_argument "index out of bounds"`.
    fn bounds(&mut self, i: Value, len: Value) -> Result<(), BackendError> {
        let k = self.untag(i);
        let outside = self.b.ins().icmp(IntCC::UnsignedGreaterThanOrEqual, k, len);
        self.invalid_if(outside, "index out of bounds")
    }

    /// Raises `Invalid_argument msg` when `bad` is true.
    fn invalid_if(&mut self, bad: Value, msg: &str) -> Result<(), BackendError> {
        self.raise_if(bad, INVALID_ARGUMENT, Some(msg))
    }

    /// Raises predefined exception `id` (with `msg` as its argument, if any) when `bad` is true.
    fn raise_if(&mut self, bad: Value, id: u32, msg: Option<&str>) -> Result<(), BackendError> {
        let ok = self.b.create_block();
        let fail = self.b.create_block();
        self.b.ins().brif(bad, fail, &[], ok, &[]);
        self.b.set_cold_block(fail);
        self.b.switch_to_block(fail);
        self.raise_predefined(id, msg)?;
        self.b.ins().jump(ok, &[]);
        self.b.switch_to_block(ok);
        Ok(())
    }

    fn block_size(&mut self, v: Value) -> Value {
        let h = self.b.ins().load(I64, mem(), v, -8);
        self.b.ins().ushr_imm_s(h, 10)
    }

    /// Prints with `print` after converting with `convert` (for `print_int` on stderr...).
    fn print_via(&mut self, args: &[Var], convert: &RtFn, print: &RtFn) -> Result<Value, BackendError> {
        let s = self.rt_on(convert, args)?;
        self.rt_checked(print, &[s])
    }

    fn char_string(&mut self, c: Value) -> Result<Value, BackendError> {
        let one = self.b.ins().iconst(I64, tagged(1));
        self.rt_checked(&abi::STRING_MAKE, &[one, c])
    }

    fn float_to_string(&mut self, args: &[Var]) -> Result<Value, BackendError> {
        let x = self.float_in(args[0]);
        self.rt_checked(&abi::STRING_OF_FLOAT, &[x])
    }

    /// Compiles primitive `p` applied to `args`.
    pub fn prim(&mut self, p: Prim, args: &[Var]) -> Result<Option<Value>, BackendError> {
        use Prim::*;
        let arg = |s: &mut Self, i: usize| s.use_(args[i]);
        let v = match p {
            AddInt => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let s = self.b.ins().iadd(a, b);
                self.b.ins().iadd_imm_s(s, -1)
            }
            SubInt => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let s = self.b.ins().isub(a, b);
                self.b.ins().iadd_imm_s(s, 1)
            }
            MulInt => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let x = self.b.ins().iadd_imm_s(a, -1);
                let y = self.untag(b);
                let m = self.b.ins().imul(x, y);
                self.b.ins().iadd_imm_s(m, 1)
            }
            DivInt => self.division(args, false)?,
            ModInt => self.division(args, true)?,
            NegInt => {
                let a = arg(self, 0);
                let two = self.b.ins().iconst(I64, 2);
                self.b.ins().isub(two, a)
            }
            PlusInt | IntOfChar => arg(self, 0),
            Succ => {
                let a = arg(self, 0);
                self.b.ins().iadd_imm_s(a, 2)
            }
            Pred => {
                let a = arg(self, 0);
                self.b.ins().iadd_imm_s(a, -2)
            }
            AbsInt => {
                let a = arg(self, 0);
                let two = self.b.ins().iconst(I64, 2);
                let n = self.b.ins().isub(two, a);
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, a, 0);
                self.b.ins().select(neg, n, a)
            }
            Land => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                self.b.ins().band(a, b)
            }
            Lor => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                self.b.ins().bor(a, b)
            }
            Lxor => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let x = self.b.ins().bxor(a, b);
                self.b.ins().bor_imm_s(x, 1)
            }
            Lnot => {
                let a = arg(self, 0);
                self.b.ins().bxor_imm_s(a, -2)
            }
            Lsl => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let k = self.untag(b);
                let x = self.b.ins().iadd_imm_s(a, -1);
                let s = self.b.ins().ishl(x, k);
                self.b.ins().bor_imm_s(s, 1)
            }
            Lsr => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let k = self.untag(b);
                let s = self.b.ins().ushr(a, k);
                self.b.ins().bor_imm_s(s, 1)
            }
            Asr => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let k = self.untag(b);
                let zero = self.b.ins().iconst(I64, 0);
                let max = self.b.ins().iconst(I64, 63);
                let k = self.b.ins().smax(k, zero);
                let k = self.b.ins().smin(k, max);
                let s = self.b.ins().sshr(a, k);
                self.b.ins().bor_imm_s(s, 1)
            }
            MaxInt => self.b.ins().iconst(I64, tagged((1i64 << 62) - 1)),
            MinInt => self.b.ins().iconst(I64, tagged(-(1i64 << 62))),
            AddFloat => return self.float_binop(args, |s, x, y| s.b.ins().fadd(x, y)),
            SubFloat => return self.float_binop(args, |s, x, y| s.b.ins().fsub(x, y)),
            MulFloat => return self.float_binop(args, |s, x, y| s.b.ins().fmul(x, y)),
            DivFloat => return self.float_binop(args, |s, x, y| s.b.ins().fdiv(x, y)),
            NegFloat => return self.float_unop(args, |s, x| s.b.ins().fneg(x)),
            PlusFloat => arg(self, 0),
            Sqrt => return self.float_unop(args, |s, x| s.b.ins().sqrt(x)),
            Floor => return self.float_unop(args, |s, x| s.b.ins().floor(x)),
            Ceil => return self.float_unop(args, |s, x| s.b.ins().ceil(x)),
            AbsFloat => return self.float_unop(args, |s, x| s.b.ins().fabs(x)),
            FloatOfInt => {
                let a = arg(self, 0);
                let n = self.untag(a);
                let x = self.b.ins().fcvt_from_sint(F64, n);
                return self.float_out(x);
            }
            IntOfFloat => {
                let x = self.float_in(args[0]);
                let n = self.b.ins().fcvt_to_sint_sat(I64, x);
                self.retag(n)
            }
            Infinity => self.float_const(f64::INFINITY)?,
            NegInfinity => self.float_const(f64::NEG_INFINITY)?,
            Nan => self.float_const(f64::NAN)?,
            MaxFloat => self.float_const(f64::MAX)?,
            MinFloat => self.float_const(f64::MIN_POSITIVE)?,
            Eq => self.comparison(args, IntCC::Equal, FloatCC::Equal, &abi::EQUAL)?,
            Ne => self.comparison(args, IntCC::NotEqual, FloatCC::NotEqual, &abi::NOTEQUAL)?,
            Lt => self.comparison(args, IntCC::SignedLessThan, FloatCC::LessThan, &abi::LESSTHAN)?,
            Gt => self.comparison(args, IntCC::SignedGreaterThan, FloatCC::GreaterThan, &abi::GREATERTHAN)?,
            Le => self.comparison(args, IntCC::SignedLessThanOrEqual, FloatCC::LessThanOrEqual, &abi::LESSEQUAL)?,
            Ge => self.comparison(args, IntCC::SignedGreaterThanOrEqual, FloatCC::GreaterThanOrEqual, &abi::GREATEREQUAL)?,
            Compare | StrCompare => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                if self.immediate_args(args) {
                    self.compare_immediates(a, b)
                } else if self.maybe_immediate_args(args) {
                    self.unless_immediates(a, b, Self::compare_immediates, &abi::COMPARE)?
                } else {
                    self.rt_checked(&abi::COMPARE, &[a, b])?
                }
            }
            Min | Max => {
                let c = self.rt_on(&abi::COMPARE, args)?;
                let (a, b) = (arg(self, 0), arg(self, 1));
                let cc = if p == Min { IntCC::SignedGreaterThan } else { IntCC::SignedLessThan };
                let pick_b = self.b.ins().icmp_imm_s(cc, c, layout::UNIT);
                self.b.ins().select(pick_b, b, a)
            }
            PhysEq | CharEqual => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let c = self.b.ins().icmp(IntCC::Equal, a, b);
                self.bool_of(c)
            }
            PhysNe => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let c = self.b.ins().icmp(IntCC::NotEqual, a, b);
                self.bool_of(c)
            }
            StrEqual => self.rt_on(&abi::EQUAL, args)?,
            CharCompare => {
                let (a, b) = (arg(self, 0), arg(self, 1));
                let d = self.b.ins().isub(a, b);
                self.b.ins().iadd_imm_s(d, 1)
            }
            Not => {
                let a = arg(self, 0);
                let four = self.b.ins().iconst(I64, 4);
                self.b.ins().isub(four, a)
            }
            Ignore => self.unit(),
            Raise => {
                let e = arg(self, 0);
                self.raise(e)?;
                self.unit()
            }
            Failwith | InvalidArg => {
                let e = self.exn_value(if p == Failwith { FAILURE } else { INVALID_ARGUMENT }, args)?;
                self.raise(e)?;
                self.unit()
            }
            MatchFailure | AssertFailure => self.match_failure(p, args)?,
            CharOfInt | CharChr => {
                let a = arg(self, 0);
                let k = self.untag(a);
                let out = self.b.ins().icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, k, 256);
                self.invalid_if(out, if p == CharOfInt { "char_of_int" } else { "Char.chr" })?;
                arg(self, 0)
            }
            StringOfBool => {
                let a = arg(self, 0);
                let t = self.str_const(b"true")?;
                let f = self.str_const(b"false")?;
                let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, a, layout::UNIT);
                self.b.ins().select(c, t, f)
            }
            Deref if self.raw_ref(args[0]) => {
                let x = arg(self, 0);
                return self.float_out(x);
            }
            Deref if self.local_ref(args[0]) => arg(self, 0),
            Fst | Deref => {
                let a = arg(self, 0);
                self.b.ins().load(I64, mem(), a, 0)
            }
            Snd => {
                let a = arg(self, 0);
                self.b.ins().load(I64, mem(), a, 8)
            }
            PrintChar => {
                let c = arg(self, 0);
                let s = self.char_string(c)?;
                self.rt_checked(&abi::PRINT_STRING, &[s])?
            }
            PrintFloat => {
                let s = self.float_to_string(args)?;
                self.rt_checked(&abi::PRINT_STRING, &[s])?
            }
            PrerrChar => {
                let c = arg(self, 0);
                let s = self.char_string(c)?;
                self.rt_checked(&abi::PRERR_STRING, &[s])?
            }
            PrerrInt => self.print_via(args, &abi::STRING_OF_INT, &abi::PRERR_STRING)?,
            PrerrFloat => {
                let s = self.float_to_string(args)?;
                self.rt_checked(&abi::PRERR_STRING, &[s])?
            }
            PrerrNewline => {
                let nl = self.str_const(b"\n")?;
                self.rt_checked(&abi::PRERR_STRING, &[nl])?
            }
            Ref if self.dest.is_some_and(|d| self.raw_ref(d)) => self.float_in(args[0]),
            Ref if self.dest.is_some_and(|d| self.local_ref(d)) => arg(self, 0),
            Ref => self.make(0, args)?,
            RefLbl => self.make(0, &args[1..])?,
            Assign if self.local_ref(args[0]) => {
                let x = if self.raw_ref(args[0]) { self.float_in(args[1]) } else { arg(self, 1) };
                self.def(args[0], x);
                self.unit()
            }
            Incr | Decr if self.local_ref(args[0]) => {
                let x = arg(self, 0);
                let y = self.b.ins().iadd_imm_s(x, if p == Incr { 2 } else { -2 });
                self.def(args[0], y);
                self.unit()
            }
            Assign => {
                let (r, x) = (arg(self, 0), arg(self, 1));
                let zero = self.b.ins().iconst(I64, 0);
                self.rt(&abi::MODIFY, &[r, zero, x])?
            }
            Incr | Decr => {
                let r = arg(self, 0);
                let x = self.b.ins().load(I64, mem(), r, 0);
                let y = self.b.ins().iadd_imm_s(x, if p == Incr { 2 } else { -2 });
                self.b.ins().store(mem(), y, r, 0);
                self.unit()
            }
            Cas => {
                let (r, old) = (arg(self, 0), arg(self, 1));
                let cur = self.b.ins().load(I64, mem(), r, 0);
                let same = self.b.ins().icmp(IntCC::Equal, cur, old);
                let yes = self.b.create_block();
                let join = self.b.create_block();
                self.b.append_block_param(join, I64);
                let f = self.b.ins().iconst(I64, layout::UNIT);
                self.b.ins().brif(same, yes, &[], join, &super::func::bargs(&[f]));
                self.b.switch_to_block(yes);
                let (r, new) = (arg(self, 0), arg(self, 2));
                let zero = self.b.ins().iconst(I64, 0);
                self.rt(&abi::MODIFY, &[r, zero, new])?;
                let t = self.b.ins().iconst(I64, layout::TRUE);
                self.b.ins().jump(join, &super::func::bargs(&[t]));
                self.b.switch_to_block(join);
                self.b.block_params(join)[0]
            }
            StrLength => {
                let s = arg(self, 0);
                let n = self.b.ins().load(I64, mem(), s, 0);
                self.retag(n)
            }
            StrGet => {
                let (s, i) = (arg(self, 0), arg(self, 1));
                let n = self.b.ins().load(I64, mem(), s, 0);
                self.bounds(i, n)?;
                let (s, i) = (arg(self, 0), arg(self, 1));
                let k = self.untag(i);
                let addr = self.b.ins().iadd(s, k);
                let c = self.b.ins().uload8(I64, mem(), addr, 8);
                self.retag(c)
            }
            StrMake => {
                let n = arg(self, 0);
                let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
                self.invalid_if(neg, "Bytes.create")?;
                self.rt_on(&abi::STRING_MAKE, args)?
            }
            MakeAddress => self.make(0, args)?,
            IpOfAddress => {
                let a = arg(self, 0);
                self.b.ins().load(I64, mem(), a, 0)
            }
            PortOfAddress => {
                let a = arg(self, 0);
                self.b.ins().load(I64, mem(), a, 8)
            }
            AddressInfo => arg(self, 0),
            ArrayLength => {
                let a = arg(self, 0);
                let n = self.block_size(a);
                self.retag(n)
            }
            ArrayGet => {
                let (a, i) = (arg(self, 0), arg(self, 1));
                let n = self.block_size(a);
                self.bounds(i, n)?;
                let (a, i) = (arg(self, 0), arg(self, 1));
                let k = self.untag(i);
                let off = self.b.ins().ishl_imm_s(k, 3);
                let addr = self.b.ins().iadd(a, off);
                self.b.ins().load(I64, mem(), addr, 0)
            }
            ArraySet => {
                let (a, i) = (arg(self, 0), arg(self, 1));
                let n = self.block_size(a);
                self.bounds(i, n)?;
                let (a, i, x) = (arg(self, 0), arg(self, 1), arg(self, 2));
                let k = self.untag(i);
                self.rt(&abi::MODIFY, &[a, k, x])?
            }
            ArrayMake => self.array_make(args)?,
            Sleep => {
                let a = arg(self, 0);
                let n = self.untag(a);
                let x = self.b.ins().fcvt_from_sint(F64, n);
                self.rt(&abi::SLEEPF, &[x])?
            }
            Unsafe => {
                let f = arg(self, 0);
                let unit = self.unit();
                let r = self.apply_values(f, &[unit], false)?;
                self.reload();
                self.check(r)?;
                self.unit()
            }
            CharLowercase | CharUppercase => {
                let a = arg(self, 0);
                let k = self.untag(a);
                let (lo, hi, delta) = if p == CharLowercase { (b'A', b'Z', 32) } else { (b'a', b'z', -32) };
                let off = self.b.ins().iadd_imm_s(k, -(lo as i64));
                let inside = self.b.ins().icmp_imm_s(IntCC::UnsignedLessThanOrEqual, off, (hi - lo) as i64);
                let moved = self.b.ins().iadd_imm_s(a, 2 * delta);
                self.b.ins().select(inside, moved, a)
            }
            StrUppercase | StrLowercase | StrCapitalize => {
                let how = self.b.ins().iconst(I64, tagged(match p { StrUppercase => 0, StrLowercase => 1, _ => 2 }));
                let s = arg(self, 0);
                self.rt_checked(&abi::STRING_CASE, &[s, how])?
            }
            StrInit | StrMap | StrMapi | StrIter | StrIteri | ArrayInit | ArrayIter | ArrayMap | ArrayFoldLeft => {
                let apply = self.apply1_c()?;
                let mut vs: Vec<Value> = args.iter().map(|v| self.use_(*v)).collect();
                let f = match p {
                    StrInit => &abi::STRING_INIT,
                    StrMap => &abi::STRING_MAP,
                    StrMapi => &abi::STRING_MAPI,
                    StrIter | StrIteri => {
                        vs.push(self.b.ins().iconst(I64, if p == StrIteri { layout::TRUE } else { layout::UNIT }));
                        &abi::STRING_ITER
                    }
                    ArrayInit => &abi::ARRAY_INIT,
                    ArrayFoldLeft => &abi::ARRAY_FOLD_LEFT,
                    _ => {
                        vs.push(self.b.ins().iconst(I64, tagged((p == ArrayMap) as i64)));
                        &abi::ARRAY_ITER_MAP
                    }
                };
                vs.push(apply);
                let r = self.rt_checked(f, &vs)?;
                if p == ArrayIter { self.unit() } else { r }
            }
            StrContains | StrContainsFrom | StrIndex | StrIndexFrom | StrRindex | StrIndexOpt | StrRindexOpt => self.string_search(p, args)?,
            ReadLine => {
                let line = self.rt_on(&abi::READ_LINE, args)?;
                let eof = self.b.ins().icmp_imm_s(IntCC::Equal, line, layout::UNIT);
                self.raise_if(eof, END_OF_FILE, None)?;
                line
            }
            _ => return self.runtime_prim(p, args),
        };
        Ok(Some(v))
    }

    /// A primitive implemented by a call of its runtime function (`Native::Runtime`): floats
    /// passed and returned as raw doubles where its signature says `f`, the result tested
    /// for an exception when the primitive may raise or collect.
    fn runtime_prim(&mut self, p: Prim, args: &[Var]) -> Result<Option<Value>, BackendError> {
        let Native::Runtime(f) = p.native() else {
            return Err(BackendError::Codegen(format!("the primitive {} has neither code of its own nor a runtime function", p.name())));
        };
        let (params, ret) = f.1.split_once('>').unwrap_or((f.1, ""));
        let mut vs = Vec::with_capacity(args.len());
        for (v, c) in args.iter().zip(params.chars()) {
            vs.push(if c == 'f' { self.float_in(*v) } else { self.use_(*v) });
        }
        match ret {
            "f" => {
                let x = self.rt(&f, &vs)?;
                self.float_out(x)
            }
            "i" if raises_or_collects(p) => self.rt_checked(&f, &vs).map(Some),
            _ => self.rt(&f, &vs).map(Some),
        }
    }

    /// The searches for a char in a string (`contains`, `index`, `rindex` and their
    /// `_from` / `_opt` forms) through `anerisc_string_search`, which returns -1 when the
    /// char is absent: `Not_found` is raised here.
    fn string_search(&mut self, p: Prim, args: &[Var]) -> Result<Value, BackendError> {
        use Prim::*;
        // The runtime's search numbers: 0 index_from, 1 contains_from, 3 rindex.
        let how = match p {
            StrContainsFrom | StrContains => 1,
            StrRindex | StrRindexOpt => 3,
            _ => 0,
        };
        let s = self.use_(args[0]);
        let (from, c) = if matches!(p, StrContainsFrom | StrIndexFrom) {
            (self.use_(args[1]), self.use_(args[2]))
        } else {
            (self.b.ins().iconst(I64, tagged(0)), self.use_(args[1]))
        };
        let how = self.b.ins().iconst(I64, tagged(how));
        if matches!(p, StrIndexOpt | StrRindexOpt) {
            return self.rt_checked(&abi::STRING_SEARCH_OPT, &[s, from, c, how]);
        }
        let r = self.rt_checked(&abi::STRING_SEARCH, &[s, from, c, how])?;
        if matches!(p, StrContains | StrContainsFrom) {
            let found = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, tagged(-1));
            return Ok(self.bool_of(found));
        }
        let missing = self.b.ins().icmp_imm_s(IntCC::Equal, r, tagged(-1));
        self.raise_if(missing, NOT_FOUND, None)?;
        Ok(r)
    }

    /// Code for something the backend cannot compile yet: when reached, it reports
    /// `error: not supported yet: WHAT` on stderr and ends the program with status 2 (the
    /// library is compiled with every program, so a compile-time error would reject
    /// programs that never use it).
    pub fn unsupported(&mut self, what: &str) -> Result<Value, BackendError> {
        let msg = self.str_const(format!("error: not supported yet: {what}").as_bytes())?;
        self.rt(&abi::PRERR_ENDLINE, &[msg])?;
        let two = self.b.ins().iconst(I64, tagged(2));
        self.rt(&abi::EXIT, &[two])?;
        Ok(self.unit())
    }

    /// The address of `anerisc_apply1_c`, the C entry the runtime calls closures through.
    pub(super) fn apply1_c(&mut self) -> Result<Value, BackendError> {
        let id = self.g.apply1_c()?;
        let fr = self.g.module.declare_func_in_func(id, self.b.func);
        Ok(self.b.ins().func_addr(I64, fr))
    }

    /// `Match_failure (file, line, col)` / `Assert_failure (...)`, raised.
    fn match_failure(&mut self, p: Prim, args: &[Var]) -> Result<Value, BackendError> {
        let e = self.alloc(layout::EXN_TAG, 2)?;
        let id = if p == Prim::MatchFailure { MATCH_FAILURE } else { ASSERT_FAILURE };
        let idv = self.b.ins().iconst(I64, tagged(id as i64));
        self.b.ins().store(mem(), idv, e, 0);
        let unit = self.unit();
        self.b.ins().store(mem(), unit, e, 8);
        // The triple's fields are immediates or static strings: no root needed for `e`
        // beyond this allocation, which happens before `e` is used again.
        let p_addr = self.data_addr(self.g.pending);
        self.b.ins().store(mem(), e, p_addr, 0);
        let t = self.make(0, args)?;
        let p_addr = self.data_addr(self.g.pending);
        let e = self.b.ins().load(I64, mem(), p_addr, 0);
        self.b.ins().store(mem(), t, e, 8);
        self.raise(e)?;
        Ok(self.unit())
    }

    /// `Array.make n x`.
    fn array_make(&mut self, args: &[Var]) -> Result<Value, BackendError> {
        let n = self.use_(args[0]);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, n, 0);
        self.invalid_if(neg, "Array.make")?;
        let n = self.use_(args[0]);
        let k = self.untag(n);
        let tag = self.b.ins().iconst(I64, 0);
        let a = self.rt_checked(&abi::ALLOC, &[tag, k])?;
        // Fill through the barrier (big arrays are old from birth); the array is kept in
        // the pending-exception word, a root, while the loop calls the runtime.
        let p_addr = self.data_addr(self.g.pending);
        self.b.ins().store(mem(), a, p_addr, 0);
        let head = self.b.create_block();
        self.b.append_block_param(head, I64);
        let body = self.b.create_block();
        let done = self.b.create_block();
        let zero = self.b.ins().iconst(I64, 0);
        self.b.ins().jump(head, &super::func::bargs(&[zero]));
        self.b.switch_to_block(head);
        let i = self.b.block_params(head)[0];
        let n = self.use_(args[0]);
        let k = self.untag(n);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, i, k);
        self.b.ins().brif(more, body, &[], done, &[]);
        self.b.switch_to_block(body);
        let p_addr = self.data_addr(self.g.pending);
        let a = self.b.ins().load(I64, mem(), p_addr, 0);
        let x = self.use_(args[1]);
        self.rt(&abi::MODIFY, &[a, i, x])?;
        let i1 = self.b.ins().iadd_imm_s(i, 1);
        self.b.ins().jump(head, &super::func::bargs(&[i1]));
        self.b.switch_to_block(done);
        let p_addr = self.data_addr(self.g.pending);
        let a = self.b.ins().load(I64, mem(), p_addr, 0);
        let unit = self.unit();
        self.b.ins().store(mem(), unit, p_addr, 0);
        Ok(a)
    }

    /// `Printf.printf` / `eprintf` / `sprintf` with a literal format.
    pub fn printf(&mut self, kind: PrintfKind, pieces: &[FormatPiece], args: &[Var]) -> Result<Value, BackendError> {
        let mut acc: Option<Value> = None;
        let mut flush = false;
        let mut next = args.iter();
        let mut text = Vec::new();
        let mut parts: Vec<Result<Vec<u8>, (String, char, Var)>> = Vec::new();
        for p in pieces {
            match p {
                FormatPiece::Text(t) => text.extend_from_slice(t),
                FormatPiece::Flush => flush = true,
                FormatPiece::Conversion { conv, flags, width, precision } => {
                    if !text.is_empty() {
                        parts.push(Ok(std::mem::take(&mut text)));
                    }
                    let v = *next.next().ok_or_else(|| BackendError::Codegen("printf without its argument".into()))?;
                    let mut spec = format!("%{flags}");
                    if let Some(w) = width {
                        spec.push_str(&w.to_string());
                    }
                    if let Some(p) = precision {
                        spec.push_str(&format!(".{p}"));
                    }
                    parts.push(Err((spec, *conv, v)));
                }
            }
        }
        if !text.is_empty() {
            parts.push(Ok(text));
        }
        // The accumulated string is kept in the pending-exception word (a root) between calls.
        for part in parts {
            let s = match part {
                Ok(t) => self.str_const(&t)?,
                Err((spec, conv, v)) => self.conversion(&spec, conv, v)?,
            };
            let s = match acc {
                None => s,
                Some(_) => {
                    let p_addr = self.data_addr(self.g.pending);
                    let prev = self.b.ins().load(I64, mem(), p_addr, 0);
                    self.rt_checked(&abi::STRING_CONCAT, &[prev, s])?
                }
            };
            let p_addr = self.data_addr(self.g.pending);
            self.b.ins().store(mem(), s, p_addr, 0);
            acc = Some(s);
        }
        let s = match acc {
            Some(_) => {
                let p_addr = self.data_addr(self.g.pending);
                let s = self.b.ins().load(I64, mem(), p_addr, 0);
                let unit = self.unit();
                self.b.ins().store(mem(), unit, p_addr, 0);
                s
            }
            None => self.str_const(b"")?,
        };
        Ok(match kind {
            PrintfKind::Sprintf => s,
            PrintfKind::Printf => {
                self.rt_checked(&abi::PRINT_STRING, &[s])?;
                if flush {
                    self.rt(&abi::FLUSH_STDOUT, &[])?;
                }
                self.unit()
            }
            PrintfKind::Eprintf => {
                self.rt_checked(&abi::PRERR_STRING, &[s])?;
                self.unit()
            }
        })
    }

    fn conversion(&mut self, spec: &str, conv: char, v: Var) -> Result<Value, BackendError> {
        // Strings, chars and bools take a width and `-` only (as the interpreter does).
        let spec = if matches!(conv, 's' | 'c' | 'b' | 'B') { spec.split('.').next().unwrap_or(spec) } else { spec };
        let full = format!("{spec}{conv}");
        let fmt = self.str_const(full.as_bytes())?;
        let x = self.use_(v);
        match conv {
            'd' | 'i' | 'x' | 'X' | 'o' | 'u' => self.rt_checked(&abi::FORMAT_INT, &[fmt, x]),
            'f' | 'e' | 'E' | 'g' | 'G' | 'F' => {
                let d = self.float_in(v);
                self.rt_checked(&abi::FORMAT_FLOAT, &[fmt, d])
            }
            's' => self.rt_checked(&abi::FORMAT_STRING, &[fmt, x]),
            'c' => {
                let s = self.char_string(x)?;
                let fmt = self.str_const(format!("{spec}s").as_bytes())?;
                self.rt_checked(&abi::FORMAT_STRING, &[fmt, s])
            }
            'b' | 'B' => {
                let t = self.str_const(b"true")?;
                let f = self.str_const(b"false")?;
                let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, x, layout::UNIT);
                let s = self.b.ins().select(c, t, f);
                let fmt = self.str_const(format!("{spec}s").as_bytes())?;
                self.rt_checked(&abi::FORMAT_STRING, &[fmt, s])
            }
            other => Err(BackendError::Unsupported(format!("the printf conversion %{other} in native code"))),
        }
    }
}
