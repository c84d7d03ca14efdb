// `**kwargs` in a `def`.

fn main() {
    let _ = pyobj::pyblock! {
        def f(a, **kwargs):
            return a
    };
}
