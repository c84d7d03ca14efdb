// Scope errors anywhere in the block are reported together.

fn main() {
    let _ = pyobj::pyblock! {
        def f():
            return y
        break
        print(z)
        def g():
            nonlocal w
    };
}
