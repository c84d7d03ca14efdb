// `global` at module level is allowed, as in CPython (it changes nothing there), and
// names that are soft keywords in Python (`match`, `case`) stay usable as variables.

fn main() {
    let ns = pyobj::pyblock! {
        global x
        x = 1
        match = 2
        case = match + x
        def f():
            global x
            x = x + case
        f()
    }
    .unwrap();
    assert_eq!(ns.get("x").unwrap().repr().unwrap(), "4");
}
