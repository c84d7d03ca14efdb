//! The seed's level 2 as a program: `cargo run --example level02_everything_is_an_object`.

#[path = "levels/level02_everything_is_an_object.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
