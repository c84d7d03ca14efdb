// A name both `nonlocal` and `global`.

fn main() {
    let _ = pyobj::pyblock! {
        def f():
            x = 1
            def g():
                global x
                nonlocal x
            return g
    };
}
