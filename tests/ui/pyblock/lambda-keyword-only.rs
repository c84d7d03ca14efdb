// A lambda with keyword-only parameters.

fn main() {
    let _ = pyobj::pyblock! {
        f = lambda a, *, b: a + b
    };
}
