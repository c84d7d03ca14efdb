//! The seed's level 7 as a program: `cargo run --example level07_string_interning`.

#[path = "levels/level07_string_interning.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
