//! Python programs of a chosen length for `pyblock!`'s expansion: the benchmark
//! (`benches/expand.rs`) times them, the growth tests (`src/pyblock/growth_tests.rs`)
//! count the tokens they expand to.
//!
//! A program is a sequence of chunks, each a realistic piece of code with its own names
//! (functions with loops and branches, a class, `try`/`except`/`finally`, closures,
//! comprehensions, lambdas, unpacking), so that every name is bound in the block and the
//! front end accepts it. Lines are indented with spaces from column 0, as the front end
//! reads them from token columns.

// Each user calls only some of the functions.
#![allow(dead_code)]

/// The chunks, in the order they repeat; `{i}` is replaced by the chunk's number.
const CHUNKS: [&str; 4] = [
    r#"def accumulate_{i}(n):
    total = 0
    for k in range(n):
        if k % 3 == 0:
            total += k * 2
        elif k % 3 == 1:
            total -= 1
        else:
            continue
    return total
result_{i} = accumulate_{i}(10 + {i})
"#,
    r#"class Node_{i}:
    count = 0
    def __init__(self, value):
        self.value = value
        self.children = []
    def add(self, child):
        self.children.append(child)
        return self
    def __repr__(self):
        return "Node(" + str(self.value) + ")"
root_{i} = Node_{i}(1).add(Node_{i}(2))
"#,
    r#"def safe_div_{i}(a, b):
    try:
        return a / b
    except ZeroDivisionError as e:
        print("error", e)
        return None
    finally:
        pass
values_{i} = [safe_div_{i}(x, x - 2) for x in range(4) if x != 1]
"#,
    r#"def counter_{i}():
    count = 0
    def step():
        nonlocal count
        count += 1
        return count
    return step
c_{i} = counter_{i}()
squares_{i} = {k: k * k for k in range(5) if k != 2}
evens_{i} = sorted({k for k in range(10) if k % 2 == 0})
n_{i} = 0
while n_{i} < 5 and not n_{i} in evens_{i}[1:]:
    n_{i} += 1
a_{i}, b_{i} = n_{i}, (lambda p, q=2: p + q)(c_{i}())
"#,
];

/// The lines of one round of the chunks: programs of a multiple of this length are whole
/// rounds, with no `pass` lines to make up the count.
pub(crate) fn round_lines() -> usize {
    CHUNKS.iter().map(|chunk| chunk.lines().count()).sum()
}

/// A program of exactly `lines` lines: whole chunks, then `pass` lines to make up the
/// count.
pub(crate) fn program(lines: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for i in 0.. {
        let chunk = CHUNKS[i % CHUNKS.len()].replace("{i}", &i.to_string());
        let chunk_lines = chunk.lines().count();
        if count + chunk_lines > lines {
            break;
        }
        out.push_str(&chunk);
        count += chunk_lines;
    }
    for _ in count..lines {
        out.push_str("pass\n");
    }
    out
}

/// `depth` functions, each defined inside the one before: each binds a local from its
/// parent's local (a cell of the parent, free in the child), the innermost returns its
/// own.
pub(crate) fn nested_functions(depth: usize) -> String {
    let mut out = String::from("v = 0\n");
    let mut parent = String::from("v");
    for level in 0..depth {
        let indent = "    ".repeat(level);
        out.push_str(&format!("{indent}def level_{level}():\n"));
        out.push_str(&format!("{indent}    v_{level} = {parent} + 1\n"));
        parent = format!("v_{level}");
    }
    let indent = "    ".repeat(depth);
    out.push_str(&format!("{indent}return {parent}\n"));
    for level in (0..depth.saturating_sub(1)).rev() {
        let indent = "    ".repeat(level + 1);
        out.push_str(&format!("{indent}return level_{}()\n", level + 1));
    }
    out.push_str("total = level_0()\n");
    out
}

/// `depth` `if` statements, each inside the one before, each with an `else`.
pub(crate) fn nested_ifs(depth: usize) -> String {
    let mut out = String::from("x = 0\n");
    for level in 0..depth {
        let indent = "    ".repeat(level);
        out.push_str(&format!("{indent}if x < {level} + 1:\n"));
        out.push_str(&format!("{indent}    x += 1\n"));
    }
    for level in (0..depth).rev() {
        let indent = "    ".repeat(level);
        out.push_str(&format!("{indent}else:\n"));
        out.push_str(&format!("{indent}    x -= 1\n"));
    }
    out
}
