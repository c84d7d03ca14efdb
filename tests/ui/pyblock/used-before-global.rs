// A name used in a function before its `global` declaration.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        def f():
            print(x)
            global x
            x = 2
    };
}
