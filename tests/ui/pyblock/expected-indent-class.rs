// A `class` whose body is not indented.

fn main() {
    let _ = pyobj::pyblock! {
        class A:
        x = 1
    };
}
