// A `for` header whose body is not indented.

fn main() {
    let _ = pyobj::pyblock! {
        for i in range(3):
        print(i)
    };
}
