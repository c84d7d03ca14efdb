// A `Weak` points into this thread's heap too.
use pyobj::{Gc, Weak};

fn assert_send<T: Send>(_: T) {}

fn main() {
    let list = Gc::new(vec![1, 2, 3]);
    let weak: Weak<Vec<i32>> = Gc::downgrade(&list);
    assert_send(weak);
}
