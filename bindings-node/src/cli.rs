//! The `candescent` command line inside the addon: the npm package's `bin` (`npx candescent`)
//! runs the same program as the Rust binary.

use std::io::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

use napi_derive::napi;

/// The exit code of a Rust program that panicked.
const PANICKED: i32 = 101;

/// Runs the command line with these arguments (the program's name first) and returns its exit
/// code, writing to the process's standard output and error directly. It blocks the calling
/// thread until the command ends and gives Ctrl-C and `SIGTERM` their default action: call it
/// from a process that does nothing else, as the package's `bin` does.
///
/// ```js
/// process.exitCode = require('./native.cjs').runCli(['candescent', 'token']);
/// ```
#[napi]
pub fn run_cli(args: Vec<String>) -> i32 {
    stdio::default_signals();
    let _blocking = stdio::Blocking::new();
    let code = catch_unwind(AssertUnwindSafe(|| candescent_cli::run(args))).unwrap_or(PANICKED);
    // A program's exit flushes Rust's standard output; Node's exit does not.
    let _ = std::io::stdout().flush();
    code
}

#[cfg(unix)]
mod stdio {
    /// Node's handler of `SIGINT` and `SIGTERM` raises the signal again, expecting to have been
    /// reset to the default by then. A command that waits for the signal itself (`candescent
    /// emulator`) installs its own handler, which calls Node's, which raises the signal again:
    /// the process would spin on it forever instead of ending. With the default action before,
    /// the signal ends the process, or stops the emulator, as it does for the binary.
    pub fn default_signals() {
        for signal in [libc::SIGINT, libc::SIGTERM] {
            // SAFETY: setting a signal's disposition to the default is always sound.
            unsafe { libc::signal(signal, libc::SIG_DFL) };
        }
    }

    /// Standard input, output and error in blocking mode until dropped.
    ///
    /// Node puts a pipe in non-blocking mode when it opens `process.stdout` on it, and the
    /// mode belongs to the pipe, shared with every process writing to it: when `npx` (a Node
    /// process) has touched its own, ours inherits it. A full pipe then makes Rust's writes
    /// fail with `EAGAIN` instead of waiting for the reader, and a long export would stop
    /// half-written.
    pub struct Blocking([Option<libc::c_int>; 3]);

    impl Blocking {
        pub fn new() -> Self {
            let mut saved = [None; 3];
            for (fd, slot) in saved.iter_mut().enumerate() {
                let fd = fd as libc::c_int;
                // SAFETY: fcntl on a descriptor number only reads or sets its flags.
                let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
                if flags >= 0 && flags & libc::O_NONBLOCK != 0 {
                    // SAFETY: as above.
                    if unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } == 0 {
                        *slot = Some(flags);
                    }
                }
            }
            Blocking(saved)
        }
    }

    impl Drop for Blocking {
        fn drop(&mut self) {
            for (fd, flags) in self.0.iter().enumerate() {
                if let Some(flags) = flags {
                    // SAFETY: restores the flags read in `new` on the same descriptor.
                    unsafe { libc::fcntl(fd as libc::c_int, libc::F_SETFL, *flags) };
                }
            }
        }
    }
}

#[cfg(not(unix))]
mod stdio {
    pub fn default_signals() {}

    pub struct Blocking;

    impl Blocking {
        pub fn new() -> Self {
            Blocking
        }
    }
}
