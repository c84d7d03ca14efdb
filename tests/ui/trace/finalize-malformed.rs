use pyobj::Trace;

// `finalize` takes no value, and goes on the type, not on a field.
#[derive(Trace)]
#[trace(finalize = true)]
struct Valued {
    #[trace(finalize)]
    field: i64,
}

fn main() {}
