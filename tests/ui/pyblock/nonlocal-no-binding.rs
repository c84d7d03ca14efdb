// `nonlocal` naming a variable no enclosing function binds.

fn main() {
    let _ = pyobj::pyblock! {
        def f():
            def g():
                nonlocal x
                x = 1
            return g
    };
}
