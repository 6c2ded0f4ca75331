//! When freed memory goes back to the system (mimalloc, the allocator
//! `main.rs` installs; with another allocator these calls change nothing).
//!
//! A build passes through stages that each free most of what the one before
//! made (the YAML text, the parsed content, the checks' tables, on threads
//! that end): memory given back to the system at once is taken again by the
//! next stage instead of adding to the peak. It costs time, the kernel
//! zeroing the pages taken again (measured 2026-12-04, 8 and 3 alternating
//! runs: 10,000 units 495 → 465 MB, 3.26 → 3.92 s; 1,000 units 110 → 75 MB,
//! 324 → 363 ms), so only a large project is built that way (`main.rs`).
//!
//! The peak is reached when the document is resolved, with the parsed
//! content still held. While pages render, memory only goes down (the
//! content is freed beside them) and the pages' own values are freed and
//! taken again thousands of times: returning them at once there cost a
//! tenth of the time and half a second of the kernel's time on 10,000 units
//! (3 alternating runs: system time 1.3–1.7 → 0.7–0.9 s) for the same peak
//! (464 against 465 MB), so the render waits `RENDER_DELAY_MS` again.

use std::sync::atomic::{AtomicBool, Ordering};

/// `mi_option_purge_delay` in `mi_option_e` (mimalloc.h, the same place in
/// its v2 and v3), which libmimalloc-sys does not name.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory waits while pages render (mimalloc v2's default).
const RENDER_DELAY_MS: std::ffi::c_long = 10;

static AT_ONCE: AtomicBool = AtomicBool::new(false);

/// From now on, memory freed goes back to the system at once. A
/// `MIMALLOC_PURGE_DELAY` in the environment is obeyed instead.
pub fn return_freed_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    AT_ONCE.store(true, Ordering::Relaxed);
    // SAFETY: setting an option is allowed at any time; it only changes when
    // freed pages are returned to the system.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

/// The render starts: if memory was being returned at once, it waits a
/// little again (see the module's note).
pub fn rendering() {
    if AT_ONCE.swap(false, Ordering::Relaxed) {
        // SAFETY: as in `return_freed_at_once`.
        unsafe {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, RENDER_DELAY_MS);
        }
    }
}
