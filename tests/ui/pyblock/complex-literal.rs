// Complex numbers are not supported.

fn main() {
    let _ = pyobj::pyblock! {
        z = 1j
    };
}
