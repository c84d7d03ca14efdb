// Positional-only parameters are not supported.

fn main() {
    let _ = pyobj::pyblock! {
        def f(a, /, b):
            return a + b
    };
}
