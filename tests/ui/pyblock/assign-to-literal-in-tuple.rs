// Assignment to a literal inside a tuple target.

fn main() {
    let _ = pyobj::pyblock! {
        a, 2 = 1, 2
    };
}
