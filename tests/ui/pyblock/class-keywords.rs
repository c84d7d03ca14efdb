// Class keywords such as `metaclass=` are not supported.

fn main() {
    let _ = pyobj::pyblock! {
        class A(metaclass=type):
            pass
    };
}
