// A positional argument after a keyword argument.

fn main() {
    let _ = pyobj::pyblock! {
        print(sep="-", 1)
    };
}
