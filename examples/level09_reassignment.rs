//! The seed's level 9 as a program: `cargo run --example level09_reassignment`.

#[path = "levels/level09_reassignment.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
