// `from module import name` of a name the module lacks: CPython's ImportError text.

fn main() {
    let _ = pyobj::pyblock! {
        from sys import getrefcounts
    };
}
