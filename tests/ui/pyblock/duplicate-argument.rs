// The same parameter name twice.

fn main() {
    let _ = pyobj::pyblock! {
        def f(a, a):
            return a
    };
}
