// A `Gc` cannot move to another thread: its heap and its count belong to this one.
use pyobj::Gc;

fn main() {
    let list = Gc::new(vec![1, 2, 3]);
    std::thread::spawn(move || {
        println!("{:?}", *list);
    });
}
