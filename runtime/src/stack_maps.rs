//! Roots in the native frames of compiled code, found through Cranelift's stack maps.
//!
//! Compiled functions keep their heap values in their own stack frames across calls (no
//! shadow-stack frame). For each call site keeping any, the program's table says where: the
//! call's return address, the frame's size (frame pointer minus stack pointer while the
//! frame is active) and the offsets of the values from the stack pointer. Before calling the
//! runtime, compiled code stores its stack and frame pointers in `anerisc_regs`; a collection
//! walks the frame-pointer chain from there, frame by frame, while return addresses are in
//! the program's code.
//!
//! The table, as compiled code lays it out (64-bit words): the number of functions, then for
//! each its code address, its number of call sites and for each call site its return
//! address's offset in the function, its frame size, its number of values and their offsets.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::value::Value;

/// Where the heap values of the frame active at one call site are.
struct CallSite {
    /// Frame pointer minus stack pointer.
    frame_size: usize,
    /// Offsets of the values from the stack pointer.
    offsets: Box<[u32]>,
}

/// The program's code range and its call sites by return address.
struct StackMaps {
    code: std::ops::Range<usize>,
    sites: HashMap<usize, CallSite>,
}

static STACK_MAPS: OnceLock<StackMaps> = OnceLock::new();

/// Reads the table at `table` for the code between `code_start` and `code_end`.
///
/// # Safety
/// `table` must point to a table laid out as described in the module documentation.
unsafe fn read(table: *const u64, code_start: usize, code_end: usize) -> StackMaps {
    let mut at = table;
    let mut next = || {
        let w = *at;
        at = at.add(1);
        w
    };
    let mut sites = HashMap::new();
    for _ in 0..next() {
        let function = next() as usize;
        for _ in 0..next() {
            let return_address = function + next() as usize;
            let frame_size = next() as usize;
            let offsets = (0..next()).map(|_| next() as u32).collect();
            sites.insert(return_address, CallSite { frame_size, offsets });
        }
    }
    StackMaps { code: code_start..code_end, sites }
}

/// Registers the program's stack maps (once, at start-up, before any collection).
///
/// # Safety
/// As for [`read`]; the code range must be the program's.
#[no_mangle]
pub unsafe extern "C" fn anerisc_register_stack_maps(table: *const u64, code_start: usize, code_end: usize) {
    let maps = read(table, code_start, code_end);
    let _ = STACK_MAPS.set(maps);
}

/// Visits the heap values kept in the compiled frames of one stretch of native stack: from
/// the frame whose stack and frame pointers are `sp` and `fp` (recorded by compiled code
/// just before it called the runtime; 0 when it has not) outwards, while return addresses
/// are in the program's code.
///
/// # Safety
/// `sp` and `fp` must be those of a compiled frame still active, below which the frames
/// are intact.
pub(crate) unsafe fn for_each_frame_slot(sp: usize, fp: usize, visit: &mut dyn FnMut(*mut Value)) {
    let Some(maps) = STACK_MAPS.get() else { return };
    if sp == 0 {
        return;
    }
    // The return address of the call this frame is making, and the frame's pointer.
    let (mut ra, mut fp) = (*((sp - 8) as *const usize), fp);
    while maps.code.contains(&ra) {
        if let Some(site) = maps.sites.get(&ra) {
            let sp = fp - site.frame_size;
            for off in site.offsets.iter() {
                visit((sp + *off as usize) as *mut Value);
            }
        }
        ra = *((fp + 8) as *const usize);
        fp = *(fp as *const usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_gives_each_call_site_by_its_return_address() {
        // Two functions at 0x1000 and 0x2000: the first with one call site keeping values at
        // 8 and 16 in a frame of 48 bytes, the second with none.
        let table: [u64; 10] = [2, 0x1000, 1, 0x24, 48, 2, 8, 16, 0x2000, 0];
        // SAFETY: the table is laid out as documented.
        let maps = unsafe { read(table.as_ptr(), 0x1000, 0x3000) };
        assert_eq!(maps.sites.len(), 1);
        let site = &maps.sites[&0x1024];
        assert_eq!((site.frame_size, &*site.offsets), (48, &[8u32, 16][..]));
        assert!(maps.code.contains(&0x2fff) && !maps.code.contains(&0x3000));
    }
}
