//! The seed's level 5 as a program: `cargo run --example level05_memory_pool`.

#[path = "levels/level05_memory_pool.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
