// Only `gc`, `sys` and `weakref` can be imported; the message lists them.

fn main() {
    let _ = pyobj::pyblock! {
        import os
    };
}
