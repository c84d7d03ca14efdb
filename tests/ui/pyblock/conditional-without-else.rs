// A conditional expression without `else`.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        y = 2 if x
    };
}
