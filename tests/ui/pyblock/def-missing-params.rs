// `def f(:` — Rust needs the bracket closed, so the parameters hold a stray `:`.

fn main() {
    let _ = pyobj::pyblock! {
        def f(:):
            pass
    };
}
