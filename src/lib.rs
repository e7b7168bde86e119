//! ganvas: a desktop laboratory for generative adversarial networks.
//!
//! Three rooms with one-way traffic: [`gan`] (the engine), [`worker`] (the training
//! thread) and [`ui`] (the egui views); [`cli`] parses the command line.

pub mod cli;
pub mod gan;
pub mod ui;
pub mod worker;

/// Allocator tuning shared by the binary and the benchmarks, which both use mimalloc.
pub mod allocator {
    /// mimalloc's `mi_option_purge_delay` (15 in the mimalloc 2.x that
    /// libmimalloc-sys 0.1 bundles).
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

    /// Keeps freed pages mapped instead of returning them to the OS after 10 ms:
    /// training frees and reallocates the same activation buffers every step, and
    /// re-faulting zeroed pages cost 5–15% of an MNIST step.
    pub fn keep_freed_pages() {
        // SAFETY: sets one integer option; mimalloc documents options as settable at
        // any time, and we do it at start-up.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    }
}
