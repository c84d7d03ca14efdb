// The `@` operator is not supported.

fn main() {
    let _ = pyobj::pyblock! {
        a = [1]
        b = a @ a
    };
}
