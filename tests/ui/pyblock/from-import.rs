// `from ... import` is not supported.

fn main() {
    let _ = pyobj::pyblock! {
        from sys import getrefcount
    };
}
