// A single-quoted string of several characters is not a Rust token: Rust's error.

fn main() {
    let _ = pyobj::pyblock! {
        s = 'ab'
    };
}
