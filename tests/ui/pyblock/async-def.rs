// Coroutines are not supported.

fn main() {
    let _ = pyobj::pyblock! {
        async def f():
            pass
    };
}
