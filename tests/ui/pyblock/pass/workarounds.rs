// The spellings the error messages recommend compile: `floordiv` for `//` and `//=`,
// `str(...)` concatenation for f-strings, a one-character `'c'` string, and comments
// whose text is valid Rust tokens.

fn main() {
    let ns = pyobj::pyblock! {
        a = 7
        b = 2
        c = floordiv(a, b)  # not a // b
        a = floordiv(a, b)
        s = "c = " + str(c) + 'x'
    }
    .unwrap();
    assert_eq!(ns.get("c").unwrap().repr().unwrap(), "3");
    assert_eq!(ns.get("a").unwrap().repr().unwrap(), "3");
    assert_eq!(ns.get("s").unwrap().repr().unwrap(), "'c = 3x'");
}
