// `yield` makes a generator, which is not supported.

fn main() {
    let _ = pyobj::pyblock! {
        def gen():
            yield 1
    };
}
