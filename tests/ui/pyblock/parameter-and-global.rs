// A parameter declared `global`.

fn main() {
    let _ = pyobj::pyblock! {
        def f(x):
            global x
    };
}
