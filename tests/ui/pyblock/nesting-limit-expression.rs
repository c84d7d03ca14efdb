// An expression nested past the macro's own limit (200 levels of operators): CPython has no syntax error for it.

fn main() {
    let _ = pyobj::pyblock! {
        x = ---------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------1
    };
}
