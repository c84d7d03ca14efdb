// A name bound nowhere: the error points at the use.

fn main() {
    let _ = pyobj::pyblock! {
        def f():
            return undefined_name + 1
        print(f())
    };
}
