// Augmented assignment to a call.

fn main() {
    let _ = pyobj::pyblock! {
        def f():
            return 1
        f() += 1
    };
}
