//! The tour's web pages (`--html DIR`): one page per seed level, each a few steps of the
//! level's central lines. A step runs the lines up to the one it highlights (its own
//! `pyblock!`, so the heap it shows is the heap those lines made), takes a [`Snapshot`] of
//! the block's names (or of every tracked object, where garbage is the point), and keeps
//! what the lines printed and what the collector did. Level 8 also has a page recorded
//! line by line (`level08-lines.html`, [`pyobj::recording`]).

use std::path::Path;

use pyobj::snapshot::{Growth, Snapshot, Step, format_growth, html_page};
use pyobj::{Namespace, PyResult, capture_stdout, gc, pyblock, recording};

/// What a step shows of the heap.
#[derive(Clone, Copy, PartialEq)]
enum Show {
    /// The objects the block's names reach.
    Names,
    /// Every object the collector tracks, and the names: garbage shows. Imported modules
    /// and what they reach are left out.
    All,
    /// The objects the names reach, but for names bound to modules (`import gc`).
    NamesButModules,
    /// The chain of references from a name to the last `[1, 2, 3]` list, as objgraph
    /// draws what keeps an object alive.
    ChainToLastList,
}

/// One step: its caption, the line of the page's source it highlights, what it shows,
/// and the source's lines up to that one as a program.
struct PageStep {
    caption: &'static str,
    line: usize,
    show: Show,
    run: fn() -> PyResult<Namespace>,
}

/// One page: its file name, title, the source shown, its steps.
struct Page {
    file: &'static str,
    title: &'static str,
    source: &'static str,
    steps: Vec<PageStep>,
}

/// Writes one page per level into `directory`; returns the files written.
pub(crate) fn write_pages(directory: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(directory)?;
    let mut written = Vec::new();
    for page in pages() {
        let steps: Vec<Step> = page
            .steps
            .iter()
            .map(|step| take_step(page.source, step))
            .collect();
        let path = directory.join(page.file);
        std::fs::write(&path, html_page(page.title, &steps))?;
        written.push(path);
    }
    let path = directory.join("level08-lines.html");
    let title = "Level 8, line by line: the frame of make_list() comes and goes";
    std::fs::write(&path, html_page(title, &level_8_by_line()))?;
    written.push(path);
    Ok(written)
}

/// Level 8 recorded line by line (`pyobj::recording`): the line hooks of
/// `pyblock!(trace ...)` take a step after every executed line, the function's included.
fn level_8_by_line() -> Vec<Step> {
    const SOURCE: &str =
        "def make_list():\n    x = [1, 2, 3]\n    return x\n\nlst = make_list()\ndel lst\n";
    gc::collect();
    let first = line!() + 3;
    let (result, recorded) = recording::record(|| {
        pyblock!(trace
            def make_list():
                x = [1, 2, 3]
                return x

            lst = make_list()
            del lst
        )
    });
    drop(result.unwrap_or_else(|error| panic!("level 8, line by line: {error}")));
    recorded
        .steps
        .iter()
        .map(|step| step.to_step(SOURCE, first as usize))
        .collect()
}

/// Runs a step's lines and takes its snapshot, with the output and the collector's work.
fn take_step(source: &str, step: &PageStep) -> Step {
    // Whatever earlier pages left for the collector goes first: each step starts clean.
    gc::collect();
    let before = gc::get_stats();
    let mut growth = Growth::new();
    if step.show == Show::ChainToLastList {
        growth.update();
    }
    let (result, output) = capture_stdout(step.run);
    let namespace = result.unwrap_or_else(|error| panic!("{}: {error}", step.caption));
    let snapshot = match step.show {
        Show::All => leave_out_modules(&Snapshot::all().roots(&namespace).capture()),
        Show::Names | Show::ChainToLastList => Snapshot::new().roots(&namespace).capture(),
        Show::NamesButModules => without_modules(&namespace),
    };
    let after = gc::get_stats();
    let collections: usize = after.iter().map(|s| s.collections).sum::<usize>()
        - before.iter().map(|s| s.collections).sum::<usize>();
    let collected: usize = after.iter().map(|s| s.collected).sum::<usize>()
        - before.iter().map(|s| s.collected).sum::<usize>();
    let mut events = format!(
        "{collections} collection(s) ran during these lines, {collected} object(s) collected\n"
    );
    let mut page_step = Step::new(step.caption, snapshot.clone());
    if step.show == Show::ChainToLastList {
        let grown = growth.update();
        events.push_str("objgraph-style growth since before the lines ran:\n");
        events.push_str(&format_growth(&grown));
        let last = snapshot
            .nodes()
            .iter()
            .rfind(|node| node.label == "[1, 2, 3]")
            .expect("a stored list");
        let (root, chain) = snapshot.chain_to(last.id).expect("a name leads to it");
        let names: Vec<&str> = chain
            .iter()
            .map(|&id| snapshot.node(id).label.as_str())
            .collect();
        events.push_str(&format!(
            "chain to the last list: {} -> {}\n",
            snapshot.roots()[root].name,
            names.join(" -> ")
        ));
        page_step = page_step.picture(snapshot.chain_svg(last.id).expect("a chain"));
    }
    drop(namespace);
    page_step
        .source(source, step.line)
        .output(output)
        .events(events)
}

/// `snapshot` without the modules (but the block's globals) and what they reach: the
/// thread's imported modules (`gc`, `sys`) are many objects that do not matter here.
fn leave_out_modules(snapshot: &Snapshot) -> Snapshot {
    let globals = snapshot.frames().iter().find_map(|frame| frame.holder);
    let mut module_part = vec![false; snapshot.nodes().len()];
    let mut stack: Vec<usize> = snapshot
        .nodes()
        .iter()
        .filter(|node| node.type_name == "module" && Some(node.id) != globals)
        .map(|node| node.id)
        .collect();
    while let Some(id) = stack.pop() {
        if !std::mem::replace(&mut module_part[id], true) {
            stack.extend(snapshot.referents(id).map(|node| node.id));
        }
    }
    snapshot.filtered(|node| !module_part[node.id])
}

/// The names of `namespace` not bound to modules, and what they reach.
fn without_modules(namespace: &Namespace) -> Snapshot {
    let mut capture = Snapshot::new().frame("<module>");
    for (name, object) in namespace.items() {
        if object.py_type().name() != "module" {
            capture = capture.root(name, &object);
        }
    }
    capture.capture()
}

#[expect(
    clippy::too_many_lines,
    reason = "the pages' programs, one after the other"
)]
fn pages() -> Vec<Page> {
    vec![
        Page {
            file: "level01.html",
            title: "Level 1: the stack (frames of names) and the heap (objects)",
            source: "def demo():\n    x = 10\n    y = 20\n    z = x + y\n\ndemo()\na = [1, 2, 3]\n",
            steps: vec![
                PageStep {
                    caption: "demo() ran and returned: its frame, with x, y and z, is gone; the module's names remain",
                    line: 6,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            def demo():
                                x = 10
                                y = 20
                                z = x + y

                            demo()
                        }
                    },
                },
                PageStep {
                    caption: "a names a list on the heap, which refers to three small ints",
                    line: 7,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            def demo():
                                x = 10
                                y = 20
                                z = x + y

                            demo()
                            a = [1, 2, 3]
                        }
                    },
                },
            ],
        },
        Page {
            file: "level02.html",
            title: "Level 2: everything is an object; names refer to objects",
            source: "x = 10\ns = \"hello\"\nlst = [1, 2, 3]\na = 10\nb = a\n",
            steps: vec![
                PageStep {
                    caption: "an int, a str and a list: three objects, each with its type",
                    line: 3,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            x = 10
                            s = "hello"
                            lst = [1, 2, 3]
                        }
                    },
                },
                PageStep {
                    caption: "b = a copies the reference: x, a and b all name the one cached 10",
                    line: 5,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            x = 10
                            s = "hello"
                            lst = [1, 2, 3]
                            a = 10
                            b = a
                        }
                    },
                },
            ],
        },
        Page {
            file: "level03.html",
            title: "Level 3: reference counting frees at zero",
            source: "a = [1, 2, 3]\nb = a\ndel a\ndel b\n",
            steps: vec![
                PageStep {
                    caption: "one name: the list's count is 1",
                    line: 1,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = [1, 2, 3]
                        }
                    },
                },
                PageStep {
                    caption: "two names: the count is 2",
                    line: 2,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = [1, 2, 3]
                            b = a
                        }
                    },
                },
                PageStep {
                    caption: "del a: the count is 1",
                    line: 3,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = [1, 2, 3]
                            b = a
                            del a
                        }
                    },
                },
                PageStep {
                    caption: "del b: the count reached 0 and the list was freed at once",
                    line: 4,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = [1, 2, 3]
                            b = a
                            del a
                            del b
                        }
                    },
                },
            ],
        },
        Page {
            file: "level04.html",
            title: "Level 4: the cycle collector",
            source: "a = []\nb = []\na.append(b)\nb.append(a)\ndel a\ndel b\nimport gc\nprint(gc.collect())\n",
            steps: vec![
                PageStep {
                    caption: "two empty lists, one name each",
                    line: 2,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = []
                            b = []
                        }
                    },
                },
                PageStep {
                    caption: "each list refers to the other: a cycle, counts 2",
                    line: 4,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = []
                            b = []
                            a.append(b)
                            b.append(a)
                        }
                    },
                },
                PageStep {
                    caption: "names deleted: counts 1, never 0; every tracked object shown: the cycle is garbage",
                    line: 6,
                    show: Show::All,
                    run: || {
                        pyblock! {
                            a = []
                            b = []
                            a.append(b)
                            b.append(a)
                            del a
                            del b
                        }
                    },
                },
                PageStep {
                    caption: "gc.collect() found the two lists and freed them (the module gc, and all it refers to, left out of the picture)",
                    line: 8,
                    show: Show::NamesButModules,
                    run: || {
                        pyblock! {
                            a = []
                            b = []
                            a.append(b)
                            b.append(a)
                            del a
                            del b
                            import gc
                            print(gc.collect())
                        }
                    },
                },
            ],
        },
        Page {
            file: "level05.html",
            title: "Level 5: memory pools",
            source: "a = [1, 2, 3]\nb = (1.5, \"text\")\nc = 1.5\n",
            steps: vec![PageStep {
                caption: "each object is one block of its size class (the B column: the block's bytes)",
                line: 3,
                show: Show::Names,
                run: || {
                    pyblock! {
                        a = [1, 2, 3]
                        b = (1.5, "text")
                        c = 1.5
                    }
                },
            }],
        },
        Page {
            file: "level06.html",
            title: "Level 6: the small-int cache",
            source: "a = 256\nb = 256\nc = 1000\nd = 1000\n",
            steps: vec![
                PageStep {
                    caption: "256 is cached: a and b name the one immortal object",
                    line: 2,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = 256
                            b = 256
                        }
                    },
                },
                PageStep {
                    caption: "1000 is not: each literal made a new int",
                    line: 4,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = 256
                            b = 256
                            c = 1000
                            d = 1000
                        }
                    },
                },
            ],
        },
        Page {
            file: "level07.html",
            title: "Level 7: string interning",
            source: "a = \"hello\"\nb = \"hello\"\nc = \"\".join([\"hel\", \"lo\"])\n",
            steps: vec![PageStep {
                caption: "the literals are one interned string; the joined one is another object",
                line: 3,
                show: Show::Names,
                run: || {
                    pyblock! {
                        a = "hello"
                        b = "hello"
                        c = "".join(["hel", "lo"])
                    }
                },
            }],
        },
        Page {
            file: "level08.html",
            title: "Level 8: memory flow in a function",
            source: "def make_list():\n    x = [1, 2, 3]\n    return x\n\nlst = make_list()\ndel lst\n",
            steps: vec![
                PageStep {
                    caption: "the frame of make_list() is gone with x; lst names the list, count 1",
                    line: 5,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            def make_list():
                                x = [1, 2, 3]
                                return x

                            lst = make_list()
                        }
                    },
                },
                PageStep {
                    caption: "del lst: the count reached 0, the list is destroyed",
                    line: 6,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            def make_list():
                                x = [1, 2, 3]
                                return x

                            lst = make_list()
                            del lst
                        }
                    },
                },
            ],
        },
        Page {
            file: "level09.html",
            title: "Level 9: reassignment makes garbage, freed at once",
            source: "a = [1, 2, 3]\na = [4, 5, 6]\n",
            steps: vec![
                PageStep {
                    caption: "a names [1, 2, 3]",
                    line: 1,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = [1, 2, 3]
                        }
                    },
                },
                PageStep {
                    caption: "a rebound: [1, 2, 3] lost its only reference and was freed",
                    line: 2,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            a = [1, 2, 3]
                            a = [4, 5, 6]
                        }
                    },
                },
            ],
        },
        Page {
            file: "level10.html",
            title: "Level 10: leaks are references you keep",
            source: "global_data = []\n\ndef store():\n    x = [1, 2, 3]\n    global_data.append(x)\n\nstore()\nstore()\nstore()\n",
            steps: vec![
                PageStep {
                    caption: "one call: its x is gone, its list is not: global_data holds it",
                    line: 7,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            global_data = []

                            def store():
                                x = [1, 2, 3]
                                global_data.append(x)

                            store()
                        }
                    },
                },
                PageStep {
                    caption: "three calls, three lists kept alive",
                    line: 9,
                    show: Show::Names,
                    run: || {
                        pyblock! {
                            global_data = []

                            def store():
                                x = [1, 2, 3]
                                global_data.append(x)

                            store()
                            store()
                            store()
                        }
                    },
                },
                PageStep {
                    caption: "what keeps the last list alive: the chain from a name to it (objgraph's question)",
                    line: 9,
                    show: Show::ChainToLastList,
                    run: || {
                        pyblock! {
                            global_data = []

                            def store():
                                x = [1, 2, 3]
                                global_data.append(x)

                            store()
                            store()
                            store()
                        }
                    },
                },
            ],
        },
    ]
}
