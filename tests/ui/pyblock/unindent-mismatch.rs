// A dedent to a column that no enclosing block uses.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        if x:
                y = 2
            z = 3
    };
}
