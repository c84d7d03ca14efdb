// Assignment to a literal.

fn main() {
    let _ = pyobj::pyblock! {
        1 = x
    };
}
