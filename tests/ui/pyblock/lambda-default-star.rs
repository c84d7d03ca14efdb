// A lambda with `**` parameters.

fn main() {
    let _ = pyobj::pyblock! {
        f = lambda a, **kw: a
    };
}
