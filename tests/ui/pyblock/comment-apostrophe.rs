// A comment whose text is not valid Rust tokens: Rust's error, before the macro.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1  # 'hello'
    };
}
