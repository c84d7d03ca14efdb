// `return` at module level.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        return x
    };
}
