// A `finally` whose body is not indented.

fn main() {
    let _ = pyobj::pyblock! {
        try:
            x = 1
        finally:
        x = 2
    };
}
