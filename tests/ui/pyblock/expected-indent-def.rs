// A `def` whose body is not indented; the line number is the header's.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1

        def f():
        return x
    };
}
