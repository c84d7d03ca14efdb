// F-strings: Rust 2021 reserves the `f"` prefix, the macro names the workaround.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        print(f"x = {x}")
    };
}
