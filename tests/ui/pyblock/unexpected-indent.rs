// A line indented deeper than the block it is in, with no header before it.

fn main() {
    let _ = pyobj::pyblock! {
        x = 1
            y = 2
    };
}
