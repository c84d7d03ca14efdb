// Syntax errors in separate statements are reported together.

fn main() {
    let _ = pyobj::pyblock! {
        x = = 1
        if x:
        pass
        y = 1 2
    };
}
