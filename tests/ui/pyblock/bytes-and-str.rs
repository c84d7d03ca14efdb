// Implicit concatenation of bytes and str.

fn main() {
    let _ = pyobj::pyblock! {
        s = b"a" "b"
    };
}
