// `nonlocal` at module level, as CPython refuses it.

fn main() {
    let _ = pyobj::pyblock! {
        nonlocal x
        x = 1
    };
}
