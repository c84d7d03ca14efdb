// An `if` header followed by a line at the same level.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        if x:
        pass
    };
}
