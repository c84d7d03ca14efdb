// A Rust local used without its quote: the inline form's error says how to read it.

fn main() {
    let total = 3;
    let _ = pyobj::pyblock! {
        doubled = total * 2
    };
    let _ = total;
}
