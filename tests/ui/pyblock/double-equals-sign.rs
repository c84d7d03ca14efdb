// `x = = 1`: the second `=` cannot start an expression.

fn main() {
    let _ = pyobj::pyblock! {
        x = = 1
    };
}
