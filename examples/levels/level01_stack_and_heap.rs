//! Level 1: two memory areas. Names live in frames (a call's frame is gone when the
//! function returns); the objects they name live on the heap.

use pyobj::{Namespace, PyResult, pyblock};

/// The level's title.
pub(crate) const TITLE: &str = "Level 1: the stack (frames of names) and the heap (objects)";

/// Runs the level: the seed's `demo()`, then a function whose local is freed when its
/// frame ends.
pub(crate) fn run() -> PyResult<Namespace> {
    pyblock! {
        def demo( ) :
            x = 10
            y = 20
            z = x + y

        demo()
        a = [ 1, 2, 3 ]
        print("a ->", a)

        class Tracked:
            def __init__(self, name):
                self.name = name
            def __del__(self):
                print("  [heap] freed", self.name)

        def demo2():
            t = Tracked("the object named by demo2's local t")
            print("demo2 is running; its frame holds t")

        demo2()
        print("demo2 returned: its frame is gone")
    }
}
