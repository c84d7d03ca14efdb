// An `elif` whose body is not indented.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
        if x == 0:
            pass
        elif x == 1:
        x = 2
    };
}
