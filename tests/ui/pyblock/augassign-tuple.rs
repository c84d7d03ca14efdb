// Augmented assignment to a tuple.

fn main() {
    let _ = pyobj::pyblock! {
        a = 1
        b = 2
        a, b += 1, 2
    };
}
