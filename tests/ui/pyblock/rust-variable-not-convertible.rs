// A Rust variable whose type has no Python counterpart: the error points at the `'name`
// that reads it.

#[derive(Clone)]
struct Meters(f64);

fn main() {
    let distance = Meters(1.5);
    let count = 2;
    let _ = pyobj::pyblock! {
        print('count)
        total = 'distance
    };
}
