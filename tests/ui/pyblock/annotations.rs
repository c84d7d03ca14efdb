// Parameter annotations are not supported.

fn main() {
    let _ = pyobj::pyblock! {
        def f(x: int):
            return x
    };
}
