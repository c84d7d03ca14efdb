// A bare `except:` followed by another handler.

fn main() {
    let _ = pyobj::pyblock! {
        try:
            pass
        except:
            pass
        except ValueError:
            pass
    };
}
