//! Where `print` writes: the thread's standard-output sink.
//!
//! By default `print` writes to the process's standard output, as CPython's does.
//! [`capture_stdout`] redirects this thread's `print`s into a buffer for the length of
//! a closure and hands back what was printed: tests check a program's output with it,
//! and captures nest (an inner capture takes what is printed inside it; the outer one
//! sees the rest).
//!
//! ```
//! use pyobj::{Obj, builtins, capture_stdout};
//!
//! let print = builtins::get("print").unwrap();
//! let ((), out) = capture_stdout(|| {
//!     print.call(&[Obj::from("hello"), Obj::from(42)]).unwrap(); // print('hello', 42)
//! });
//! assert_eq!(out, "hello 42\n");
//! ```

use std::cell::RefCell;
use std::io::Write;

thread_local! {
    /// The buffers of the active captures, innermost last; empty: the process's stdout.
    static CAPTURES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Writes `text` to this thread's sink: the innermost capture, or the process's
/// standard output.
///
/// Errors writing to the process's standard output (a closed pipe) are ignored, as
/// they would be reported nowhere useful.
pub fn write_stdout(text: &str) {
    let captured = CAPTURES
        .try_with(|captures| match captures.borrow_mut().last_mut() {
            Some(buffer) => {
                buffer.push_str(text);
                true
            }
            None => false,
        })
        .unwrap_or(false);
    if !captured {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
}

/// What the innermost capture ([`capture_stdout`]) holds so far; empty without one.
pub(crate) fn captured_text() -> String {
    CAPTURES
        .try_with(|captures| captures.borrow().last().cloned().unwrap_or_default())
        .unwrap_or_default()
}

/// Runs `f` with this thread's `print`s captured, and returns its result with what it
/// printed.
///
/// Captures nest. If `f` panics, the capture ends (what was printed is dropped) and
/// the previous sink is back in place before the panic goes on.
pub fn capture_stdout<R>(f: impl FnOnce() -> R) -> (R, String) {
    /// Ends the capture it started, even on a panic.
    struct Capture {
        depth: usize,
    }
    impl Capture {
        fn finish(&mut self) -> String {
            CAPTURES
                .try_with(|captures| {
                    let mut captures = captures.borrow_mut();
                    // Captures end in the reverse order of their start; anything left
                    // above this one (never, barring a leaked guard) is dropped with it.
                    let mut text = String::new();
                    while captures.len() > self.depth {
                        text = captures.pop().unwrap_or_default();
                    }
                    text
                })
                .unwrap_or_default()
        }
    }
    impl Drop for Capture {
        fn drop(&mut self) {
            self.finish();
        }
    }

    let depth = CAPTURES
        .try_with(|captures| {
            let mut captures = captures.borrow_mut();
            captures.push(String::new());
            captures.len() - 1
        })
        .unwrap_or(usize::MAX);
    let mut capture = Capture { depth };
    let result = f();
    let text = capture.finish();
    (result, text)
}
