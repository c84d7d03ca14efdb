// Two expressions side by side inside a call.

fn main() {
    let _ = pyobj::pyblock! {
        print(1 2)
    };
}
