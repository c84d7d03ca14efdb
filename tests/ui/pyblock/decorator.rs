// Decorators are not supported.

fn main() {
    let _ = pyobj::pyblock! {
        def deco(f):
            return f
        @deco
        def g():
            pass
    };
}
