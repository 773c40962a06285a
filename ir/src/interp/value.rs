//! The interpreter's values (OCaml's uniform representation: immediates and shared heap
//! blocks) and polymorphic comparison with OCaml's order.

use crate::ir::{ExnId, FuncId};
use std::cmp::Ordering;
use std::sync::{Arc, Condvar, Mutex};

/// A run-time value.
#[derive(Clone, Debug)]
pub enum Value {
    /// Immediates: ints, bools (0/1), chars, `()` (0), constant constructors.
    Int(i64),
    /// A float.
    Float(f64),
    /// An immutable string.
    Str(Arc<Vec<u8>>),
    /// A tagged block (tuples, records, constructors with arguments).
    Block(u32, Arc<Vec<Value>>),
    /// A reference cell.
    Ref(Arc<Mutex<Value>>),
    /// An array.
    Array(Arc<Mutex<Vec<Value>>>),
    /// A closure, possibly partially applied.
    Closure(Arc<Closure>),
    /// An exception.
    Exn(ExnId, Arc<Vec<Value>>),
    /// A lock or monitor.
    Lock(Arc<Lock>),
    /// A socket or channel of the runtime's network layer.
    Native(Arc<super::net::Native>),
}

/// A closure: a function, its environment, and the arguments given so far.
#[derive(Debug)]
pub struct Closure {
    /// The function.
    pub func: FuncId,
    /// Its captured variables.
    pub env: Arc<Vec<Value>>,
    /// Arguments of a partial application.
    pub args: Vec<Value>,
}

/// A lock (`Ast.newlock`) or monitor (`Ast.new_monitor`).
#[derive(Debug, Default)]
pub struct Lock {
    /// Whether it is held.
    pub held: Mutex<bool>,
    /// Signalled when it is released.
    pub released: Condvar,
    /// Signalled by `monitor_signal` / `monitor_broadcast`.
    pub signal: Condvar,
}

impl Value {
    /// `()`.
    pub const UNIT: Value = Value::Int(0);

    /// A boolean.
    pub fn bool(b: bool) -> Value {
        Value::Int(b as i64)
    }

    /// A string.
    pub fn str(bytes: impl Into<Vec<u8>>) -> Value {
        Value::Str(Arc::new(bytes.into()))
    }

    /// A block.
    pub fn block(tag: u32, fields: Vec<Value>) -> Value {
        Value::Block(tag, Arc::new(fields))
    }

    /// `Some v`.
    pub fn some(v: Value) -> Value {
        Value::block(0, vec![v])
    }

    /// An OCaml list of the values.
    pub fn list(items: Vec<Value>) -> Value {
        items.into_iter().rev().fold(Value::Int(0), |tl, hd| Value::block(0, vec![hd, tl]))
    }

    /// The elements of an OCaml list.
    pub fn to_vec(&self) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cur = self.clone();
        while let Value::Block(_, f) = cur {
            out.push(f[0].clone());
            cur = f[1].clone();
        }
        out
    }
}

/// Why two values cannot be compared.
pub struct Incomparable;

/// OCaml's `compare` (total: `nan` equals itself and is below every float).
pub fn compare(a: &Value, b: &Value) -> Result<Ordering, Incomparable> {
    use Value::*;
    Ok(match (a, b) {
        (Int(x), Int(y)) => x.cmp(y),
        (Int(_), _) => Ordering::Less,
        (_, Int(_)) => Ordering::Greater,
        (Float(x), Float(y)) => match x.partial_cmp(y) {
            Some(o) => o,
            None => x.is_nan().cmp(&y.is_nan()).reverse(),
        },
        (Str(x), Str(y)) => x.cmp(y),
        (Block(t1, f1), Block(t2, f2)) => {
            if t1 != t2 {
                return Ok(t1.cmp(t2));
            }
            if f1.len() != f2.len() {
                return Ok(f1.len().cmp(&f2.len()));
            }
            for (x, y) in f1.iter().zip(f2.iter()) {
                let o = compare(x, y)?;
                if o != Ordering::Equal {
                    return Ok(o);
                }
            }
            Ordering::Equal
        }
        (Ref(x), Ref(y)) => {
            if Arc::ptr_eq(x, y) {
                return Ok(Ordering::Equal);
            }
            let xv = x.lock().map_err(|_| Incomparable)?.clone();
            let yv = y.lock().map_err(|_| Incomparable)?.clone();
            compare(&xv, &yv)?
        }
        (Array(x), Array(y)) => {
            let xv = x.lock().map_err(|_| Incomparable)?.clone();
            let yv = y.lock().map_err(|_| Incomparable)?.clone();
            if xv.len() != yv.len() {
                return Ok(xv.len().cmp(&yv.len()));
            }
            for (p, q) in xv.iter().zip(&yv) {
                let o = compare(p, q)?;
                if o != Ordering::Equal {
                    return Ok(o);
                }
            }
            Ordering::Equal
        }
        (Exn(e1, a1), Exn(e2, a2)) => {
            if e1 != e2 {
                return Ok(e1.cmp(e2));
            }
            compare(&Value::Block(0, a1.clone()), &Value::Block(0, a2.clone()))?
        }
        (Closure(_), _) | (_, Closure(_)) | (Lock(_), _) | (_, Lock(_)) | (Native(_), _) | (_, Native(_)) => return Err(Incomparable),
        _ => rank(a).cmp(&rank(b)),
    })
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Int(_) => 0,
        Value::Block(..) | Value::Ref(_) | Value::Array(_) => 1,
        Value::Exn(..) => 2,
        Value::Float(_) => 3,
        Value::Str(_) => 4,
        Value::Closure(_) | Value::Lock(_) | Value::Native(_) => 5,
    }
}

/// OCaml's `=`: structural, with IEEE equality on floats (`nan <> nan`).
pub fn equal(a: &Value, b: &Value) -> Result<bool, Incomparable> {
    use Value::*;
    match (a, b) {
        (Float(x), Float(y)) => Ok(x == y),
        (Block(t1, f1), Block(t2, f2)) => {
            if t1 != t2 || f1.len() != f2.len() {
                return Ok(false);
            }
            for (x, y) in f1.iter().zip(f2.iter()) {
                if !equal(x, y)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        _ => Ok(compare(a, b)? == Ordering::Equal),
    }
}

/// OCaml's `==`.
pub fn physical_equal(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => Arc::ptr_eq(x, y),
        (Block(_, x), Block(_, y)) => Arc::ptr_eq(x, y),
        (Ref(x), Ref(y)) => Arc::ptr_eq(x, y),
        (Array(x), Array(y)) => Arc::ptr_eq(x, y),
        (Closure(x), Closure(y)) => Arc::ptr_eq(x, y),
        (Exn(_, x), Exn(_, y)) => Arc::ptr_eq(x, y),
        (Lock(x), Lock(y)) => Arc::ptr_eq(x, y),
        (Native(x), Native(y)) => Arc::ptr_eq(x, y),
        (Float(x), Float(y)) => x.to_bits() == y.to_bits(),
        _ => false,
    }
}
