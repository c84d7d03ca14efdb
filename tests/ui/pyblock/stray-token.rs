// Two expressions side by side on one line.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1 2
    };
}
