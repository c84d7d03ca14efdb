//! The seed's level 8 as a program: `cargo run --example level08_function_memory_flow`.

#[path = "levels/level08_function_memory_flow.rs"]
mod level;

fn main() {
    println!("{}", level::TITLE);
    if let Err(error) = level::run() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
