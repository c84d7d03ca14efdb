// `//` starts a Rust comment, so the macro finds it in the source text and gives the workaround.

fn main() {
    let _ = pyobj::pyblock! {
        a = 7
        b = 2
        c = a // b
    };
}
