//! The seed's level 10 as a program: `cargo run --example level10_memory_leaks`.

#[path = "levels/level10_memory_leaks.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
