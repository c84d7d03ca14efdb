//! The seed's level 1 as a program: `cargo run --example level01_stack_and_heap`.

#[path = "levels/level01_stack_and_heap.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
