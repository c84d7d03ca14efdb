// `a //= b` is cut the same way.

fn main() {
    let _ = pyobj::pyblock! {
        a = 7
        b = 2
        a //= b
    };
}
