// Python 2's print statement.

fn main() {
    let _ = pyobj::pyblock! {
        print "hello"
    };
}
