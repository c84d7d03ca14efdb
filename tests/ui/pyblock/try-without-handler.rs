// A `try` with neither `except` nor `finally`.

fn main() {
    let _ = pyobj::pyblock! {
        try:
            pass
        x = 1
    };
}
