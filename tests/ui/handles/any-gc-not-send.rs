// The type-erased handle is bound to its thread as well.
use pyobj::{AnyGc, Gc};

fn assert_send<T: Send>(_: T) {}

fn main() {
    let any: AnyGc = Gc::into_any(Gc::new(1_i64));
    assert_send(any);
}
