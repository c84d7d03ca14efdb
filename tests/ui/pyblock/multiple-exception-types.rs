// `except A, B:` without parentheses.

fn main() {
    let _ = pyobj::pyblock! {
        try:
            pass
        except ValueError, TypeError:
            pass
    };
}
