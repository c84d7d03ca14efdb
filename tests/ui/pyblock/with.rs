// `with` statements are not supported.

fn main() {
    let _ = pyobj::pyblock! {
        with open("f") as fh:
            pass
    };
}
