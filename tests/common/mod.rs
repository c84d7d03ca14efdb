//! What several integration tests share.

/// Runs a Python file (a path relative to the crate's root) through `pyblock!` and
/// gives what it printed, followed by its traceback if it raised.
macro_rules! run {
    ($path:literal) => {{
        let (result, out) = ::pyobj::capture_stdout(|| ::pyobj::pyblock!(file $path));
        match result {
            Ok(_) => out,
            Err(error) => format!("{out}{error}"),
        }
    }};
}

pub(crate) use run;
