//! The allocator the `norbrief` command and the benchmarks use: mimalloc,
//! built without transparent huge pages (`no_thp`). A batch's memory is a
//! few tens of megabytes, which huge pages only round up (peak RSS 54 -> 26
//! MB) and zero in 2 MB pieces, at no measured gain in speed.
//!
//! The library does not install it; a program opts in with
//! `#[global_allocator] static GLOBAL: norbrief::alloc::Mimalloc = norbrief::alloc::Mimalloc;`.

/// mimalloc through its plain entry points where they suffice. The
/// `mimalloc` crate asks for every block through `mi_malloc_aligned`, whose
/// alignment test costs more than the allocation it guards; like the
/// standard library's own allocator, this asks for alignment only when a
/// type needs more than every block already has (8 bytes, a pointer's size,
/// on 64-bit systems; mimalloc's blocks are multiples of it).
#[derive(Debug, Clone, Copy, Default)]
pub struct Mimalloc;

/// The alignment of every block mimalloc hands out.
const MIN_ALIGN: usize = std::mem::size_of::<usize>();

// SAFETY: each method forwards to the mimalloc function for the same job;
// blocks from the plain functions are aligned to `MIN_ALIGN`, and the
// aligned ones are used whenever a layout asks for more. `mi_free` and
// `mi_realloc` accept blocks from either kind.
unsafe impl std::alloc::GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        if layout.align() <= MIN_ALIGN {
            mi_malloc(layout.size()).cast()
        } else {
            mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        if layout.align() <= MIN_ALIGN {
            mi_zalloc(layout.size()).cast()
        } else {
            mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        libmimalloc_sys::mi_free(ptr.cast());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        if layout.align() <= MIN_ALIGN {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::{GlobalAlloc, Layout};

    #[test]
    fn blocks_have_the_alignment_asked_for_and_keep_their_bytes() {
        let a = Mimalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 15, 16, 24, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).expect("layout");
                // SAFETY: the layouts have a non-zero size; every block is
                // freed once, with the layout (or new size) it was made for.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    p.write_bytes(0xA5, size);
                    let q = a.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "realloc {size}, align {align}");
                    assert!((0..size).all(|i| *q.add(i) == 0xA5));
                    a.dealloc(q, Layout::from_size_align(size * 3, align).expect("layout"));
                    let z = a.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
