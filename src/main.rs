//! The `barakcha` command line: a thin shell over the library.

mod cli;

fn main() {
    grow_heaps_in_large_steps();
    std::process::exit(cli::run());
}

/// glibc's malloc grows each thread's heap by at least 128 KB at a time, each step a
/// system call that every core must see; a render allocates some 15 MB over its few
/// milliseconds, so it made a hundred of them. Steps of 8 MB cost nothing in memory
/// (untouched pages are never resident) and took half a millisecond off a render.
fn grow_heaps_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a malloc parameter; called before any thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 8 << 20);
    }
}
