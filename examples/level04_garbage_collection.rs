//! The seed's level 4 as a program: `cargo run --example level04_garbage_collection`.

#[path = "levels/level04_garbage_collection.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
