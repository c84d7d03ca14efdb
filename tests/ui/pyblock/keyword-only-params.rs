// A bare `*` before keyword-only parameters.

fn main() {
    let _ = pyobj::pyblock! {
        def f(a, *, b):
            return a + b
    };
}
