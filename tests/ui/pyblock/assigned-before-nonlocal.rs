// A name assigned in a function before its `nonlocal` declaration.

fn main() {
    let _ = pyobj::pyblock! {
        def f():
            x = 1
            def g():
                x = 2
                nonlocal x
            return g
    };
}
