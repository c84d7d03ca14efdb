//! The seed's level 3 as a program: `cargo run --example level03_reference_counting`.

#[path = "levels/level03_reference_counting.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
