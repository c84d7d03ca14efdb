//! The seed's level 6 as a program: `cargo run --example level06_small_int_cache`.

#[path = "levels/level06_small_int_cache.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
