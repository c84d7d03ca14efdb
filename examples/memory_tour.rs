//! A Python program as written, compiled by `pyblock!(file ...)`: run it with
//! `cargo run --release --example memory_tour` and compare with
//! `python3 examples/python/memory_tour.py` (the same lines).

fn main() {
    match pyobj::pyblock!(file "examples/python/memory_tour.py") {
        Ok(_namespace) => {}
        Err(error) => eprintln!("{error}"),
    }
}
