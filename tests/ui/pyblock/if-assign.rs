// `=` where a condition is expected.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        if x = 1:
            pass
    };
}
