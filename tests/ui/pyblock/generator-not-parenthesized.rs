// A generator expression beside another argument.

fn main() {
    let _ = pyobj::pyblock! {
        print(1, x for x in range(3))
    };
}
