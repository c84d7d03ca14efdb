// `**` unpacking in a call.

fn main() {
    let _ = pyobj::pyblock! {
        d = {"sep": "-"}
        print(1, 2, **d)
    };
}
