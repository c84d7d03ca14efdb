// A parameter without default after one with a default.

fn main() {
    let _ = pyobj::pyblock! {
        def f(a=1, b):
            return a + b
    };
}
