// An `else` of an `if` whose body is not indented.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        if x:
            pass
        else:
        x = 2
    };
}
