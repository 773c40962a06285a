//! The primitives' semantics, as OCaml's: 63-bit wrapping integers, structural comparison,
//! strings, conversions, printing, references, arrays, locks and monitors.

use super::printf::string_of_float;
use super::value::{compare, equal, physical_equal, Lock, Value};
use super::{Interp, Unwind, R};
use crate::prim::Prim;
use anerisc_runtime::abi_strings::{char_escaped, search, trim, Search};
use std::cmp::Ordering;
use std::sync::{Arc, Mutex};

/// Wraps to 63 bits, as OCaml's tagged integers do.
fn wrap(n: i64) -> i64 {
    (n << 1) >> 1
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(n) => *n,
        _ => 0,
    }
}

fn float(v: &Value) -> f64 {
    match v {
        Value::Float(x) => *x,
        _ => 0.0,
    }
}

fn bytes(v: &Value) -> Arc<Vec<u8>> {
    match v {
        Value::Str(s) => s.clone(),
        _ => Arc::new(Vec::new()),
    }
}

fn opt(v: Option<Value>) -> Value {
    v.map_or(Value::Int(0), Value::some)
}

/// `int_of_string`: decimal, `0x`, `0o`, `0b`, with `_` separators and a sign.
fn parse_int(s: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(s).ok()?;
    let (neg, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, digits) = match rest.get(..2) {
        Some("0x" | "0X") => (16, &rest[2..]),
        Some("0o" | "0O") => (8, &rest[2..]),
        Some("0b" | "0B") => (2, &rest[2..]),
        _ => (10, rest),
    };
    if digits.is_empty() || digits.starts_with('_') {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let magnitude = u64::from_str_radix(&clean, radix).ok()?;
    let limit = 1u64 << 62;
    if radix == 10 {
        if magnitude > limit || (magnitude == limit && !neg) {
            return None;
        }
        let n = magnitude as i64;
        Some(if neg { -n } else { n })
    } else {
        if magnitude >= limit << 1 {
            return None;
        }
        let n = wrap(magnitude as i64);
        Some(if neg { wrap(n.wrapping_neg()) } else { n })
    }
}

/// Two-integer primitives computed without building an argument vector (the interpreter's
/// hot path); `None` for the others (and for division by zero, which raises).
pub(super) fn int_fast_path(p: Prim, x: i64, y: i64) -> Option<Value> {
    Some(match p {
        Prim::AddInt => Value::Int(wrap(x.wrapping_add(y))),
        Prim::SubInt => Value::Int(wrap(x.wrapping_sub(y))),
        Prim::MulInt => Value::Int(wrap(x.wrapping_mul(y))),
        Prim::Eq => Value::bool(x == y),
        Prim::Ne => Value::bool(x != y),
        Prim::Lt => Value::bool(x < y),
        Prim::Le => Value::bool(x <= y),
        Prim::Gt => Value::bool(x > y),
        Prim::Ge => Value::bool(x >= y),
        _ => return None,
    })
}

/// `r`, the outcome of primitive `p`, unless the primitive table says `p` cannot have had
/// it (an exception from a primitive that does not raise, a return from one that diverges):
/// then an internal error.
fn as_the_table_says(p: Prim, r: R<Value>) -> R<Value> {
    let e = p.effects();
    let wrong = match &r {
        Err(Unwind::Exn(_)) if !e.raises => "raised an exception",
        Ok(_) if e.diverges => "returned",
        _ => return r,
    };
    Err(Unwind::Fatal(format!("internal error: the primitive {} {wrong}, which the primitive table says it cannot", p.name())))
}

/// A string with OCaml's escapes (`String.escaped`, `%S`): the runtime's, so both agree.
pub(super) use anerisc_runtime::strings::escaped;

impl Interp {
    fn cmp(&self, a: &Value, b: &Value) -> R<Ordering> {
        compare(a, b).map_err(|_| self.invalid_arg("compare: functional value"))
    }

    fn eq(&self, a: &Value, b: &Value) -> R<bool> {
        equal(a, b).map_err(|_| self.invalid_arg("compare: functional value"))
    }

    /// An order test with IEEE semantics on floats (`nan < x` is false).
    fn order(&self, a: &Value, b: &Value, test: fn(Ordering) -> bool) -> R<Value> {
        if let (Value::Float(x), Value::Float(y)) = (a, b) {
            return Ok(Value::bool(x.partial_cmp(y).is_some_and(test)));
        }
        Ok(Value::bool(test(self.cmp(a, b)?)))
    }

    /// Byte `c` searched in `s` as the runtime searches it for compiled code.
    fn search(&self, s: &[u8], from: i64, c: i64, how: Search) -> R<Option<i64>> {
        search(s, from, c as u8, how).map(|found| found.map(|k| k as i64)).map_err(|e| self.rt_error(e))
    }

    fn lock_of(&self, v: &Value) -> R<Arc<Lock>> {
        match v {
            Value::Lock(l) => Ok(l.clone()),
            _ => Err(Unwind::Fatal("internal error: not a lock".into())),
        }
    }

    fn poisoned() -> Unwind {
        Unwind::Fatal("internal error: a lock was poisoned".into())
    }

    fn acquire(&self, l: &Lock) -> R<()> {
        let mut held = l.held.lock().map_err(|_| Self::poisoned())?;
        while *held {
            held = l.released.wait(held).map_err(|_| Self::poisoned())?;
        }
        *held = true;
        Ok(())
    }

    fn release(&self, l: &Lock) -> R<()> {
        *l.held.lock().map_err(|_| Self::poisoned())? = false;
        l.released.notify_one();
        Ok(())
    }

    fn try_acquire(&self, l: &Lock) -> R<bool> {
        let mut held = l.held.lock().map_err(|_| Self::poisoned())?;
        Ok(!std::mem::replace(&mut *held, true))
    }

    fn array(&self, v: &Value) -> R<Arc<Mutex<Vec<Value>>>> {
        match v {
            Value::Array(a) => Ok(a.clone()),
            _ => Err(Unwind::Fatal("internal error: not an array".into())),
        }
    }

    fn reference(&self, v: &Value) -> R<Arc<Mutex<Value>>> {
        match v {
            Value::Ref(r) => Ok(r.clone()),
            _ => Err(Unwind::Fatal("internal error: not a reference".into())),
        }
    }

    fn map_string(self: &Arc<Self>, f: &Value, s: &[u8], indexed: bool) -> R<Vec<u8>> {
        let mut out = Vec::with_capacity(s.len());
        for (i, &c) in s.iter().enumerate() {
            let args = if indexed { vec![Value::Int(i as i64), Value::Int(c as i64)] } else { vec![Value::Int(c as i64)] };
            out.push(int(&self.apply(f, args)?) as u8);
        }
        Ok(out)
    }

    /// Runs primitive `p` on `a`; in debug builds, its outcome is checked against the
    /// primitive table's [`Effects`](crate::prim::Effects), which the backend relies on.
    pub(super) fn prim(self: &Arc<Self>, p: Prim, a: Vec<Value>) -> R<Value> {
        let r = self.run_prim(p, a);
        if cfg!(debug_assertions) {
            return as_the_table_says(p, r);
        }
        r
    }

    /// The outcome of primitive `p` on `a`, as OCaml's.
    fn run_prim(self: &Arc<Self>, p: Prim, a: Vec<Value>) -> R<Value> {
        use Prim::*;
        let i = |k: usize| int(&a[k]);
        let f = |k: usize| float(&a[k]);
        let s = |k: usize| bytes(&a[k]);
        Ok(match p {
            AddInt => Value::Int(wrap(i(0).wrapping_add(i(1)))),
            SubInt => Value::Int(wrap(i(0).wrapping_sub(i(1)))),
            MulInt => Value::Int(wrap(i(0).wrapping_mul(i(1)))),
            DivInt | ModInt => {
                if i(1) == 0 {
                    return Err(self.exn(5, vec![]));
                }
                Value::Int(wrap(if p == DivInt { i(0).wrapping_div(i(1)) } else { i(0).wrapping_rem(i(1)) }))
            }
            NegInt => Value::Int(wrap(i(0).wrapping_neg())),
            PlusInt => Value::Int(i(0)),
            Succ => Value::Int(wrap(i(0).wrapping_add(1))),
            Pred => Value::Int(wrap(i(0).wrapping_sub(1))),
            AbsInt => Value::Int(wrap(i(0).wrapping_abs())),
            Land => Value::Int(i(0) & i(1)),
            Lor => Value::Int(i(0) | i(1)),
            Lxor => Value::Int(i(0) ^ i(1)),
            Lnot => Value::Int(!i(0)),
            Lsl => Value::Int(wrap(i(0).wrapping_shl(i(1) as u32))),
            Lsr => Value::Int(wrap((((i(0) as u64) & (u64::MAX >> 1)) >> (i(1) as u32 & 63)) as i64)),
            Asr => Value::Int(i(0) >> (i(1).clamp(0, 63) as u32)),
            MaxInt => Value::Int((1i64 << 62) - 1),
            MinInt => Value::Int(-(1i64 << 62)),
            AddFloat => Value::Float(f(0) + f(1)),
            SubFloat => Value::Float(f(0) - f(1)),
            MulFloat => Value::Float(f(0) * f(1)),
            DivFloat => Value::Float(f(0) / f(1)),
            PowFloat => Value::Float(f(0).powf(f(1))),
            NegFloat => Value::Float(-f(0)),
            PlusFloat => Value::Float(f(0)),
            Sqrt => Value::Float(f(0).sqrt()),
            Exp => Value::Float(f(0).exp()),
            Log => Value::Float(f(0).ln()),
            Floor => Value::Float(f(0).floor()),
            Ceil => Value::Float(f(0).ceil()),
            AbsFloat => Value::Float(f(0).abs()),
            FloatOfInt => Value::Float(i(0) as f64),
            IntOfFloat => Value::Int(wrap(f(0) as i64)),
            Infinity => Value::Float(f64::INFINITY),
            NegInfinity => Value::Float(f64::NEG_INFINITY),
            Nan => Value::Float(f64::NAN),
            MaxFloat => Value::Float(f64::MAX),
            MinFloat => Value::Float(f64::MIN_POSITIVE),
            Eq => Value::bool(self.eq(&a[0], &a[1])?),
            Ne => Value::bool(!self.eq(&a[0], &a[1])?),
            Lt => self.order(&a[0], &a[1], |o| o == Ordering::Less)?,
            Gt => self.order(&a[0], &a[1], |o| o == Ordering::Greater)?,
            Le => self.order(&a[0], &a[1], |o| o != Ordering::Greater)?,
            Ge => self.order(&a[0], &a[1], |o| o != Ordering::Less)?,
            Compare => Value::Int(self.cmp(&a[0], &a[1])? as i64),
            Min => if self.cmp(&a[0], &a[1])? == Ordering::Greater { a[1].clone() } else { a[0].clone() },
            Max => if self.cmp(&a[0], &a[1])? == Ordering::Less { a[1].clone() } else { a[0].clone() },
            PhysEq => Value::bool(physical_equal(&a[0], &a[1])),
            PhysNe => Value::bool(!physical_equal(&a[0], &a[1])),
            Not => Value::bool(i(0) == 0),
            Ignore => Value::UNIT,
            Raise => return Err(Unwind::Exn(a[0].clone())),
            Failwith => return Err(self.exn(0, vec![a[0].clone()])),
            InvalidArg => return Err(self.exn(2, vec![a[0].clone()])),
            Exit => {
                self.out.flush_all();
                return Err(Unwind::Exit(i(0) as i32));
            }
            MatchFailure => return Err(self.exn(3, vec![Value::block(0, a)])),
            AssertFailure => return Err(self.exn(4, vec![Value::block(0, a)])),
            Concat => Value::str([s(0).as_slice(), s(1).as_slice()].concat()),
            IntOfChar => Value::Int(i(0)),
            CharOfInt | CharChr => {
                if !(0..=255).contains(&i(0)) {
                    return Err(self.invalid_arg(if p == CharOfInt { "char_of_int" } else { "Char.chr" }));
                }
                Value::Int(i(0))
            }
            StringOfBool => Value::str(if i(0) != 0 { "true" } else { "false" }),
            BoolOfString | BoolOfStringOpt => {
                let b = match s(0).as_slice() {
                    b"true" => Some(true),
                    b"false" => Some(false),
                    _ => None,
                };
                match (p, b) {
                    (BoolOfString, Some(b)) => Value::bool(b),
                    (BoolOfString, None) => return Err(self.invalid_arg("bool_of_string")),
                    (_, b) => opt(b.map(Value::bool)),
                }
            }
            StringOfInt => Value::str(i(0).to_string()),
            IntOfString => Value::Int(parse_int(&s(0)).ok_or_else(|| self.failure("int_of_string"))?),
            IntOfStringOpt => opt(parse_int(&s(0)).map(Value::Int)),
            StringOfFloat => Value::str(string_of_float(f(0))),
            FloatOfString => Value::Float(anerisc_runtime::format::parse_float(&s(0)).ok_or_else(|| self.failure("float_of_string"))?),
            FloatOfStringOpt => opt(anerisc_runtime::format::parse_float(&s(0)).map(Value::Float)),
            Fst | Snd => match &a[0] {
                Value::Block(_, fs) => fs[if p == Fst { 0 } else { 1 }].clone(),
                _ => return Err(Unwind::Fatal("internal error: fst/snd of a non-pair".into())),
            },
            ListAppend => {
                let mut items = a[0].to_vec();
                items.reverse();
                items.into_iter().fold(a[1].clone(), |tl, hd| Value::block(0, vec![hd, tl]))
            }
            PrintChar => self.print(&[i(0) as u8], false),
            PrintString => self.print(&s(0), false),
            PrintInt => self.print(i(0).to_string().as_bytes(), false),
            PrintFloat => self.print(&string_of_float(f(0)), false),
            PrintEndline => self.print(&[s(0).as_slice(), b"\n"].concat(), true),
            PrintNewline => self.print(b"\n", true),
            PrerrChar => self.eprint(&[i(0) as u8]),
            PrerrString => self.eprint(&s(0)),
            PrerrInt => self.eprint(i(0).to_string().as_bytes()),
            PrerrFloat => self.eprint(&string_of_float(f(0))),
            PrerrEndline => self.eprint(&[s(0).as_slice(), b"\n"].concat()),
            PrerrNewline => self.eprint(b"\n"),
            ReadLine => {
                self.out.flush_all();
                let mut line = String::new();
                match std::io::stdin().read_line(&mut line) {
                    Ok(0) | Err(_) => return Err(self.exn(6, vec![])),
                    Ok(_) => Value::str(line.trim_end_matches('\n')),
                }
            }
            Ref => Value::Ref(Arc::new(Mutex::new(a[0].clone()))),
            RefLbl => Value::Ref(Arc::new(Mutex::new(a[1].clone()))),
            Deref => self.reference(&a[0])?.lock().map_err(|_| Self::poisoned())?.clone(),
            Assign => {
                *self.reference(&a[0])?.lock().map_err(|_| Self::poisoned())? = a[1].clone();
                Value::UNIT
            }
            Incr | Decr => {
                let r = self.reference(&a[0])?;
                let mut v = r.lock().map_err(|_| Self::poisoned())?;
                *v = Value::Int(wrap(int(&v) + if p == Incr { 1 } else { -1 }));
                Value::UNIT
            }
            Cas => {
                let r = self.reference(&a[0])?;
                let mut v = r.lock().map_err(|_| Self::poisoned())?;
                if physical_equal(&v, &a[1]) {
                    *v = a[2].clone();
                    Value::bool(true)
                } else {
                    Value::bool(false)
                }
            }
            StrLength => Value::Int(s(0).len() as i64),
            StrGet => Value::Int(*s(0).get(i(1) as usize).filter(|_| i(1) >= 0).ok_or_else(|| self.invalid_arg("index out of bounds"))? as i64),
            StrMake => {
                if i(0) < 0 {
                    return Err(self.invalid_arg("Bytes.create"));
                }
                Value::str(vec![i(1) as u8; i(0) as usize])
            }
            StrInit => {
                if i(0) < 0 {
                    return Err(self.invalid_arg("Bytes.create"));
                }
                let mut out = Vec::new();
                for k in 0..i(0) {
                    out.push(int(&self.apply(&a[1], vec![Value::Int(k)])?) as u8);
                }
                Value::str(out)
            }
            StrSub => {
                let (t, start, len) = (s(0), i(1), i(2));
                if start < 0 || len < 0 || (start + len) as usize > t.len() {
                    return Err(self.invalid_arg("String.sub / Bytes.sub"));
                }
                Value::str(t[start as usize..(start + len) as usize].to_vec())
            }
            StrConcat => {
                let parts: Vec<Vec<u8>> = a[1].to_vec().iter().map(|v| bytes(v).to_vec()).collect();
                Value::str(parts.join(s(0).as_slice()))
            }
            Substring => {
                let (t, start, len) = (s(0), i(1), i(2));
                if start < 0 || len < 0 || (start + len) as usize > t.len() {
                    Value::str("")
                } else {
                    Value::str(t[start as usize..(start + len) as usize].to_vec())
                }
            }
            FindFrom => opt(self.search(&s(0), i(1), i(2), Search::ForwardLenient)?.map(Value::Int)),
            StrEqual => Value::bool(s(0) == s(1)),
            StrCompare => Value::Int(s(0).cmp(&s(1)) as i64),
            StrContains => Value::bool(s(0).contains(&(i(1) as u8))),
            StrContainsFrom => Value::bool(self.search(&s(0), i(1), i(2), Search::of_code(1))?.is_some()),
            StrIndex => Value::Int(self.search(&s(0), 0, i(1), Search::of_code(0))?.ok_or_else(|| self.exn(1, vec![]))?),
            StrIndexOpt => opt(self.search(&s(0), 0, i(1), Search::of_code(2))?.map(Value::Int)),
            StrIndexFrom => Value::Int(self.search(&s(0), i(1), i(2), Search::of_code(0))?.ok_or_else(|| self.exn(1, vec![]))?),
            StrIndexFromOpt => opt(self.search(&s(0), i(1), i(2), Search::of_code(2))?.map(Value::Int)),
            StrRindex | StrRindexOpt => {
                let found = self.search(&s(0), 0, i(1), Search::Backward)?.map(Value::Int);
                if p == StrRindexOpt {
                    opt(found)
                } else {
                    found.ok_or_else(|| self.exn(1, vec![]))?
                }
            }
            StrSplitOnChar => Value::list(s(1).split(|&b| b as i64 == i(0)).map(|part| Value::str(part.to_vec())).collect()),
            StrTrim => Value::str(trim(&s(0)).to_vec()),
            StrEscaped => Value::str(escaped(&s(0))),
            StrUppercase => Value::str(s(0).to_ascii_uppercase()),
            StrLowercase => Value::str(s(0).to_ascii_lowercase()),
            StrCapitalize => {
                let mut t = s(0).to_vec();
                if let Some(c) = t.first_mut() {
                    *c = c.to_ascii_uppercase();
                }
                Value::str(t)
            }
            StrIter | StrIteri => {
                for (k, &c) in s(1).iter().enumerate() {
                    let args = if p == StrIteri { vec![Value::Int(k as i64), Value::Int(c as i64)] } else { vec![Value::Int(c as i64)] };
                    self.apply(&a[0], args)?;
                }
                Value::UNIT
            }
            StrMap => Value::str(self.map_string(&a[0], &s(1), false)?),
            StrMapi => Value::str(self.map_string(&a[0], &s(1), true)?),
            CharEscaped => Value::str(char_escaped(i(0) as u8)),
            CharLowercase => Value::Int((i(0) as u8).to_ascii_lowercase() as i64),
            CharUppercase => Value::Int((i(0) as u8).to_ascii_uppercase() as i64),
            CharCompare => Value::Int(i(0) - i(1)),
            CharEqual => Value::bool(i(0) == i(1)),
            ArrayLength => Value::Int(self.array(&a[0])?.lock().map_err(|_| Self::poisoned())?.len() as i64),
            ArrayGet => {
                let arr = self.array(&a[0])?;
                let arr = arr.lock().map_err(|_| Self::poisoned())?;
                arr.get(i(1) as usize).filter(|_| i(1) >= 0).cloned().ok_or_else(|| self.invalid_arg("index out of bounds"))?
            }
            ArraySet => {
                let arr = self.array(&a[0])?;
                let mut arr = arr.lock().map_err(|_| Self::poisoned())?;
                let k = i(1);
                let slot = arr.get_mut(k as usize).filter(|_| k >= 0).ok_or_else(|| self.invalid_arg("index out of bounds"))?;
                *slot = a[2].clone();
                Value::UNIT
            }
            ArrayMake => {
                if i(0) < 0 {
                    return Err(self.invalid_arg("Array.make"));
                }
                Value::Array(Arc::new(Mutex::new(vec![a[1].clone(); i(0) as usize])))
            }
            ArrayInit => {
                if i(0) < 0 {
                    return Err(self.invalid_arg("Array.init"));
                }
                let mut out = Vec::new();
                for k in 0..i(0) {
                    out.push(self.apply(&a[1], vec![Value::Int(k)])?);
                }
                Value::Array(Arc::new(Mutex::new(out)))
            }
            ArrayToList => Value::list(self.array(&a[0])?.lock().map_err(|_| Self::poisoned())?.clone()),
            ArrayOfList => Value::Array(Arc::new(Mutex::new(a[0].to_vec()))),
            ArrayIter | ArrayMap => {
                let items = self.array(&a[1])?.lock().map_err(|_| Self::poisoned())?.clone();
                let mut out = Vec::new();
                for x in items {
                    out.push(self.apply(&a[0], vec![x])?);
                }
                if p == ArrayIter {
                    Value::UNIT
                } else {
                    Value::Array(Arc::new(Mutex::new(out)))
                }
            }
            ArrayFoldLeft => {
                let items = self.array(&a[2])?.lock().map_err(|_| Self::poisoned())?.clone();
                let mut acc = a[1].clone();
                for x in items {
                    acc = self.apply(&a[0], vec![acc, x])?;
                }
                acc
            }
            Argv => self.argv.clone(),
            Time => Value::Float(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())),
            GetenvOpt => opt(std::env::var_os(String::from_utf8_lossy(&s(0)).as_ref()).map(|v| Value::str(v.to_string_lossy().as_bytes().to_vec()))),
            Sleepf => {
                std::thread::sleep(std::time::Duration::from_secs_f64(f(0).max(0.0)));
                Value::UNIT
            }
            Sleep => {
                std::thread::sleep(std::time::Duration::from_secs(i(0).max(0) as u64));
                Value::UNIT
            }
            NewLock | NewMonitor => Value::Lock(Arc::new(Lock::default())),
            TryAcquire | MonitorTryAcquire => Value::bool(self.try_acquire(&*self.lock_of(&a[0])?)?),
            Acquire | MonitorAcquire => {
                self.acquire(&*self.lock_of(&a[0])?)?;
                Value::UNIT
            }
            Release | MonitorRelease => {
                self.release(&*self.lock_of(&a[0])?)?;
                Value::UNIT
            }
            MonitorSignal => {
                self.lock_of(&a[0])?.signal.notify_one();
                Value::UNIT
            }
            MonitorBroadcast => {
                self.lock_of(&a[0])?.signal.notify_all();
                Value::UNIT
            }
            MonitorWait => {
                let l = self.lock_of(&a[0])?;
                let mut held = l.held.lock().map_err(|_| Self::poisoned())?;
                *held = false;
                l.released.notify_one();
                held = l.signal.wait(held).map_err(|_| Self::poisoned())?;
                while *held {
                    held = l.released.wait(held).map_err(|_| Self::poisoned())?;
                }
                *held = true;
                Value::UNIT
            }
            Unsafe => {
                self.apply(&a[0], vec![Value::UNIT])?;
                Value::UNIT
            }
            Rand => {
                if i(0) <= 0 {
                    return Err(self.invalid_arg("Random.int"));
                }
                let mut st = self.rng.lock().map_err(|_| Self::poisoned())?;
                *st ^= *st << 13;
                *st ^= *st >> 7;
                *st ^= *st << 17;
                Value::Int((*st % i(0) as u64) as i64)
            }
            MakeAddress => Value::block(0, vec![a[0].clone(), a[1].clone()]),
            IpOfAddress | PortOfAddress => match &a[0] {
                Value::Block(_, fs) => fs[if p == IpOfAddress { 0 } else { 1 }].clone(),
                _ => return Err(Unwind::Fatal("internal error: not an address".into())),
            },
            AddressInfo => a[0].clone(),
            UdpSocket | SocketBind | SendTo | ReceiveFrom | SetReceiveTimeout | SetSendFaultFlags => self.udp_prim(p, &a)?,
        })
    }

    fn print(&self, b: &[u8], flush: bool) -> Value {
        self.out.out(b, flush);
        Value::UNIT
    }

    fn eprint(&self, b: &[u8]) -> Value {
        self.out.err(b);
        Value::UNIT
    }
}
