// `break` outside a loop; a loop around the function does not count.

fn main() {
    let _ = pyobj::pyblock! {
        for i in range(3):
            def f():
                break
    };
}
