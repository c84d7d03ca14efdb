// An unclosed bracket never reaches the macro: Rust rejects the token stream first.

fn main() {
    let _ = pyobj::pyblock! {
        x = (1, 2]
    };
}
