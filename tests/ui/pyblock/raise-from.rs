// `raise ... from ...` is not supported.

fn main() {
    let _ = pyobj::pyblock! {
        try:
            x = 1 / 0
        except ZeroDivisionError as e:
            raise ValueError("bad") from e
    };
}
