// Assignment expressions.

fn main() {
    let _ = pyobj::pyblock! {
        if (n := 10) > 5:
            print(n)
    };
}
