// A contraction in a comment: `don't` is a reserved prefix since Rust 2021, so Rust rejects it before the macro runs.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1  # don't
    };
}
