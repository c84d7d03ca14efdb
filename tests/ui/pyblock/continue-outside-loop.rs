// `continue` outside a loop.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        if x:
            continue
    };
}
