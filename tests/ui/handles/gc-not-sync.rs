// A `Gc` cannot be shared between threads either.
use pyobj::Gc;

fn assert_sync<T: Sync>(_: &T) {}

fn main() {
    let list = Gc::new(vec![1, 2, 3]);
    assert_sync(&list);
}
