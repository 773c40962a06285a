//! Custom blocks: heap values that own a runtime resource (a lock, a monitor, ...). The
//! resource is dropped when the collector finds the block dead.

use std::any::Any;
use std::sync::Arc;

use crate::alloc::alloc_uninit;
use crate::error::RtResult;
use crate::sched::Mutator;
use crate::value::{Value, CUSTOM_TAG};

/// What a custom block owns.
type Resource = Arc<dyn Any + Send + Sync>;

/// Allocates a custom block owning `resource`.
pub fn alloc_custom(m: &mut Mutator, resource: Resource) -> RtResult<Value> {
    let v = alloc_uninit(m, CUSTOM_TAG, 1)?;
    let boxed: *mut Resource = Box::into_raw(Box::new(resource));
    // SAFETY: `v` has one raw field.
    unsafe { v.set_raw_field(0, boxed as u64) };
    m.state().heap.young_customs.push(v);
    Ok(v)
}

/// The resource of type `T` owned by `v`, or `None` when `v` is not such a custom block.
pub fn custom_get<T: Any + Send + Sync>(_m: &mut Mutator, v: Value) -> Option<Arc<T>> {
    if !v.is_block() {
        return None;
    }
    // SAFETY: `v` is a live block (the lock is held); a custom block's field 0 is the
    // pointer stored by `alloc_custom`.
    unsafe {
        let h = v.header();
        if h.tag() != CUSTOM_TAG || h.size() != 1 {
            return None;
        }
        let r = &*(v.raw_field(0) as *const Resource);
        Arc::clone(r).downcast::<T>().ok()
    }
}

/// Drops the resource of a dead custom block.
///
/// # Safety
/// `v` must be a custom block made by [`alloc_custom`], finalised once.
pub(crate) unsafe fn finalize(v: Value) {
    drop(Box::from_raw(v.raw_field(0) as *mut Resource));
}
