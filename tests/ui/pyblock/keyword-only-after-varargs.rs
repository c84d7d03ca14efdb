// A parameter after `*args` is keyword-only.

fn main() {
    let _ = pyobj::pyblock! {
        def f(a, *args, b):
            return a + b
    };
}
