// The `match` statement is not supported (while `match` stays a usable name).

fn main() {
    let _ = pyobj::pyblock! {
        match = 1
        match match:
            case 1:
                pass
    };
}
