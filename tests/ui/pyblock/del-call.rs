// `del` of a call.

fn main() {
    let _ = pyobj::pyblock! {
        def f():
            return 1
        del f()
    };
}
