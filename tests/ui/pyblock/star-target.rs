// Star-unpacking in an assignment target.

fn main() {
    let _ = pyobj::pyblock! {
        a, *b = [1, 2, 3]
    };
}
