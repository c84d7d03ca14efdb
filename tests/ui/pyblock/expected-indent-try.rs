// A `try` whose body is not indented.

fn main() {
    let _ = pyobj::pyblock! {
        try:
        x = 1
        except ValueError:
            pass
    };
}
