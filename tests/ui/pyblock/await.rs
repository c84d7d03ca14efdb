// `await` outside `async def` is refused as unsupported.

fn main() {
    let _ = pyobj::pyblock! {
        def f(x):
            return await x
    };
}
