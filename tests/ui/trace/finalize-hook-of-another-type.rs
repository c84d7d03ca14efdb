// The finalizer hook is typed: a `Trace` impl cannot hand the vtable another type's
// finalizer (which would run on objects of this type, reading them as the other).
use pyobj::__private::FinalizeHook;
use pyobj::{Finalize, Gc, Trace, Tracer};

struct Other(String);

impl Trace for Other {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl Finalize for Other {
    fn finalize(_: &Gc<Self>) {}
}

struct Mine(u8);

impl Trace for Mine {
    const TRACKED: bool = false;
    const FINALIZE: Option<FinalizeHook<Self>> = Some(FinalizeHook::<Other>::of());
    fn trace(&self, _: &mut Tracer<'_>) {}
}

fn main() {
    let _ = Gc::new(Mine(1));
    let _ = Gc::new(Other(String::new()));
}
