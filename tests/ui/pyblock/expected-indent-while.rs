// A `while` header at the end of the block: nothing follows it.

fn main() {
    let _ = pyobj::pyblock! {
        n = 0
        while n < 3:
    };
}
