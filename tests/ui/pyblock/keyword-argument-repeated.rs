// The same keyword twice in a call.

fn main() {
    let _ = pyobj::pyblock! {
        print(1, sep="-", sep="+")
    };
}
