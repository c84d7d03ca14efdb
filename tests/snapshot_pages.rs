//! Leak hunting and pages to step through: objgraph's counts and growth, the chain that
//! keeps an object alive as a picture, the web page built from snapshots (read as XML,
//! and loaded in a headless Chromium when one is installed), and the README's picture
//! kept up to date.

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::Command;

use pyobj::snapshot::{Growth, Snapshot, Step, count, format_growth, html_page, typestats};
use pyobj::{Gc, Trace, capture_stdout, gc, pyblock};

#[path = "../examples/levels/picture.rs"]
mod picture;

#[derive(Trace)]
struct Entry {
    next: RefCell<Option<Gc<Entry>>>,
}

fn entry() -> Gc<Entry> {
    Gc::new(Entry {
        next: RefCell::new(None),
    })
}

#[test]
fn growth_reports_only_the_types_past_their_peak_by_how_much() {
    let mut growth = Growth::new();
    growth.update();
    let mut kept: Vec<Gc<Entry>> = (0..3).map(|_| entry()).collect();
    assert_eq!(growth.update(), [("Entry".to_owned(), 3, 3)]);
    assert_eq!(count("Entry"), 3);
    // Down to one and up to three again: not past the peak, no growth.
    kept.truncate(1);
    assert!(growth.update().is_empty());
    kept.extend((0..2).map(|_| entry()));
    assert!(growth.update().is_empty());
    // Past it by two.
    kept.extend((0..2).map(|_| entry()));
    assert_eq!(growth.update(), [("Entry".to_owned(), 5, 2)]);
    assert_eq!(growth.peak("Entry"), 5);
    // A cycle nobody names is collected before counting: not a leak.
    let (a, b) = (entry(), entry());
    *a.next.borrow_mut() = Some(b.clone());
    *b.next.borrow_mut() = Some(a.clone());
    drop((a, b));
    assert!(growth.update().is_empty());
    assert_eq!(count("Entry"), 5);
}

#[test]
fn the_seed_level_10_leak_grows_by_one_list_per_call() {
    // The first run makes what any block makes once (the module object, builtins).
    drop(pyblock! { x = [] }.unwrap());
    let mut growth = Growth::new();
    growth.update();
    let namespace = pyblock! {
        global_data = []

        def store():
            x = [1, 2, 3]
            global_data.append(x)

        store()
        store()
        store()
    }
    .unwrap();
    let grown = growth.update();
    assert_eq!(
        format_growth(&grown),
        "list            4        +4\nfunction        1        +1\nmodule          1        +1\n"
    );
    let stats = typestats();
    // In this test's thread: the block's globals (a module), `store`, `global_data` and
    // the three lists it keeps.
    assert_eq!(stats[0], ("list".to_owned(), 4));
    assert_eq!(count("function"), 1);
    drop(namespace);
}

#[test]
fn python_code_hunts_the_leak_with_import_objgraph() {
    let (result, out) = capture_stdout(|| {
        pyblock! {
            import objgraph

            global_data = []

            def store():
                x = [1, 2, 3]
                global_data.append(x)

            objgraph.show_growth()
            print("--")
            store()
            store()
            objgraph.show_growth()
            print("--")
            objgraph.show_growth()
            print("--")
            store()
            print(objgraph.growth(limit=1), objgraph.count("list"))
            print(objgraph.most_common_types(limit=2))
            objgraph.show_most_common_types(limit=1)
        }
    });
    let namespace = result.unwrap();
    let mut parts = out.split("--\n");
    // The first look reports everything: the block's own objects, the module's.
    let first = parts.next().unwrap();
    assert!(first.contains("\nlist  "), "{first}");
    assert_eq!(parts.next(), Some("list        3        +2\n"));
    assert_eq!(parts.next(), Some(""));
    // `global_data` and its three lists; `count` also sees the list `growth` returned,
    // alive while the arguments of `print` are evaluated. The modules: the block's
    // globals and `objgraph`.
    let last = parts.next().unwrap();
    assert_eq!(
        last,
        "[('list', 4, 1)] 5\n[('list', 4), ('module', 2)]\nlist 4\n"
    );
    drop(namespace);
}

#[test]
fn the_chain_to_a_leaked_list_is_its_own_picture() {
    let namespace = pyblock! {
        global_data = []

        def store():
            x = [1, 2, 3]
            global_data.append(x)

        store()
        store()
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&namespace).capture();
    let last = snapshot
        .nodes()
        .iter()
        .rfind(|node| node.label == "[1, 2, 3]")
        .unwrap()
        .id;
    let chain = snapshot.chain(last).unwrap();
    let labels: Vec<&str> = chain
        .nodes()
        .iter()
        .map(|node| node.label.as_str())
        .collect();
    assert_eq!(labels, ["[[1, 2, 3], [1, 2, 3]]", "[1, 2, 3]"]);
    let edges: Vec<(usize, usize)> = chain.edges().iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(edges, [(0, 1)]);
    assert_eq!(chain.roots().len(), 1);
    assert_eq!(chain.roots()[0].name, "global_data");
    assert_eq!(chain.frames()[0].name, "<module>");
    // The counts are the whole heap's: the outer list is named once, the inner held once.
    let counts: Vec<usize> = chain.nodes().iter().map(|node| node.refcount).collect();
    assert_eq!(counts, [1, 1]);

    let svg = snapshot.chain_svg(last).unwrap();
    let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let texts: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text())
        .collect();
    assert!(texts.contains(&"global_data"));
    assert!(texts.contains(&"[[1, 2, 3], [1, 2, 3]]"));
    assert!(!texts.contains(&"store"));
    let objects = document
        .descendants()
        .filter(|node| node.attribute("class") == Some("object"))
        .count();
    assert_eq!(objects, 2);
    assert!(
        snapshot
            .chain_dot(last)
            .unwrap()
            .contains("root0 -> n0;\n  n0 -> n1;\n")
    );
    drop(namespace);
}

#[test]
fn a_filtered_snapshot_keeps_the_accepted_objects_their_edges_and_names() {
    let namespace = pyblock! {
        a = [1, 2, 3]
        b = "text"
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&namespace).capture();
    let lists = snapshot.filtered(|node| node.type_name == "list");
    assert_eq!(lists.nodes().len(), 1);
    assert_eq!(lists.node(0).label, "[1, 2, 3]");
    assert!(lists.edges().is_empty());
    let names: Vec<&str> = lists
        .roots()
        .iter()
        .map(|root| root.name.as_str())
        .collect();
    assert_eq!(names, ["a"]);
    // The frame's holder (the globals' module) was not accepted: no holder.
    assert_eq!(lists.frames()[0].holder, None);
    let with_ints = snapshot.filtered(|node| node.type_name != "str");
    assert_eq!(with_ints.nodes().len(), 5); // the list, 1, 2, 3 and the module
    assert_eq!(
        with_ints
            .edges()
            .iter()
            .filter(|edge| edge.from == 0)
            .count(),
        3
    );
    drop(namespace);
}

/// The page of the seed's level 3 in three steps, as the tour makes it.
fn level_3_page() -> String {
    let source = "a = [1, 2, 3]\nb = a\ndel a\n";
    let step = |caption: &str, line: usize, namespace: pyobj::Namespace| {
        let snapshot = Snapshot::new().roots(&namespace).capture();
        Step::new(caption, snapshot)
            .source(source, line)
            .output(format!("after line {line}\n"))
            .events("0 collections")
    };
    let steps = [
        step("one name", 1, pyblock! { a = [1, 2, 3] }.unwrap()),
        step(
            "two names",
            2,
            pyblock! {
                a = [1, 2, 3]
                b = a
            }
            .unwrap(),
        ),
        step(
            "del a & <back to one>",
            3,
            pyblock! {
                a = [1, 2, 3]
                b = a
                del a
            }
            .unwrap(),
        ),
    ];
    html_page("Level 3 <refcounts>", &steps)
}

/// The first element of class `class` in `section`.
fn part<'a, 'input>(
    section: roxmltree::Node<'a, 'input>,
    class: &str,
) -> roxmltree::Node<'a, 'input> {
    section
        .descendants()
        .find(|node| node.attribute("class") == Some(class))
        .unwrap_or_else(|| panic!(".{class}"))
}

/// The text of an element and its descendants.
fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|node| node.is_text())
        .filter_map(|node| node.text())
        .collect()
}

#[test]
fn a_page_is_well_formed_with_one_section_per_step() {
    let page = level_3_page();
    assert!(page.starts_with("<!DOCTYPE html>\n"));
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(&page, options)
        .expect("the page is well-formed XML");
    let html = document.root_element();
    assert_eq!(html.tag_name().name(), "html");
    let find = |id: &str| {
        document
            .descendants()
            .find(|node| node.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("#{id}"))
    };
    assert_eq!(
        text_of(
            document
                .descendants()
                .find(|n| n.has_tag_name("title"))
                .unwrap()
        ),
        "Level 3 <refcounts>"
    );
    let slider = find("slider");
    assert_eq!(slider.attribute("type"), Some("range"));
    assert_eq!(slider.attribute("max"), Some("3"));
    find("prev");
    find("next");
    // Nothing is loaded from elsewhere.
    assert!(!page.contains(" src=") && !page.contains(" href="));
    assert!(!page.contains("<link"));

    let sections: Vec<_> = document
        .descendants()
        .filter(|node| node.attribute("class") == Some("step"))
        .collect();
    assert_eq!(sections.len(), 3);
    let third = find("step-3");
    assert_eq!(text_of(part(third, "caption")), "3. del a & <back to one>");
    assert_eq!(text_of(part(third, "line current")), "3del a");
    assert_eq!(text_of(part(third, "output")), "after line 3\n");
    assert_eq!(text_of(part(third, "events")), "0 collections");
    // Each step's picture is an SVG with the step's names.
    for (section, names) in sections.iter().zip([&["a"][..], &["a", "b"], &["b"]]) {
        let svg = section
            .descendants()
            .find(|node| node.has_tag_name(("http://www.w3.org/2000/svg", "svg")))
            .expect("an inline SVG");
        let roots: Vec<String> = svg
            .descendants()
            .filter(|node| node.attribute("class") == Some("root"))
            .map(text_of)
            .collect();
        assert_eq!(roots, names);
    }
    // The table: the list, three ints, the module; the list's count goes 1, 2, 1.
    let list_counts: Vec<String> = sections
        .iter()
        .map(|section| {
            let row = part(*section, "objects")
                .children()
                .filter(|node| node.has_tag_name("tr"))
                .nth(1)
                .expect("the first object's row");
            let cells: Vec<String> = row
                .children()
                .filter(|node| node.is_element())
                .map(text_of)
                .collect();
            assert_eq!(cells[1..3], ["list", "[1, 2, 3]"]);
            cells[3].clone()
        })
        .collect();
    assert_eq!(list_counts, ["1", "2", "1"]);
}

/// Chromium, if installed.
fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
}

#[test]
fn a_page_steps_in_a_headless_browser() {
    let Some(browser) = chromium() else {
        eprintln!(
            "!!! SKIPPED a_page_steps_in_a_headless_browser: no Chromium at /usr/bin/chromium \
             (apt-get install -y chromium) !!!"
        );
        return;
    };
    let directory = std::env::temp_dir().join(format!("pyobj-page-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let page = directory.join("level03.html");
    std::fs::write(&page, level_3_page()).unwrap();
    let dump = |fragment: &str| {
        let profile = directory.join(format!("profile{fragment}"));
        let output = Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("--dump-dom")
            .arg(format!("file://{}{fragment}", page.display()))
            .output()
            .expect("Chromium runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    // The script ran: one step shown, the others hidden, the position written.
    let first = dump("");
    assert!(first.contains(r#"<body data-current="1">"#), "{first}");
    assert!(first.contains(r#"<span id="position">step 1 of 3</span>"#));
    assert!(first.contains(r#"id="step-1" data-step="1">"#));
    assert!(first.contains(r#"id="step-2" data-step="2" hidden="">"#));
    // The fragment picks the step.
    let third = dump("#step=3");
    assert!(third.contains(r#"<body data-current="3">"#), "{third}");
    assert!(third.contains(r#"<span id="position">step 3 of 3</span>"#));
    assert!(third.contains(r#"id="step-3" data-step="3">"#));
    assert!(third.contains(r#"id="step-1" data-step="1" hidden="">"#));
    // Out of range: the last step.
    let past = dump("#step=9");
    assert!(past.contains(r#"<body data-current="3">"#));
    let _ = std::fs::remove_dir_all(&directory);
}

#[test]
fn the_readme_picture_is_up_to_date() {
    let committed = include_str!("../docs/seed-level-4.svg");
    let drawn = picture::seed_level_4();
    assert!(
        committed == drawn,
        "docs/seed-level-4.svg is stale: refresh it with\n    \
         cargo run --example snapshot -- --readme docs/seed-level-4.svg"
    );
    let document = roxmltree::Document::parse(committed).expect("well-formed SVG");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    let _ = gc::collect();
}

/// objgraph's `show_refs` and `show_backrefs`: the objects within `max_depth` references
/// from or to the objects given (the list holding them left out), as DOT (returned, or
/// written to a `.dot` file) or as pyobj's SVG (a `.svg` file), with objgraph's message.
#[test]
fn show_refs_and_show_backrefs_draw_the_references_from_and_to_objects() {
    let directory = std::env::temp_dir().join(format!("pyobj-show-refs-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let dot_path = directory
        .join("backrefs.dot")
        .to_string_lossy()
        .into_owned();
    let svg_path = directory.join("refs.svg").to_string_lossy().into_owned();
    let (result, out) = capture_stdout(|| {
        pyblock! {
            import objgraph
            leaf = [1.5]
            holder = {"leaf": leaf}
            top = [holder, leaf]
            print(objgraph.show_refs([top], max_depth=1), end="")
            objgraph.show_backrefs([leaf], max_depth=1, filename='dot_path)
            objgraph.show_refs(top, filename='svg_path)
            try:
                objgraph.show_refs(top, filename="x.png")
            except ValueError as error:
                print(error)
        }
    });
    let namespace = result.unwrap();
    const HEAD: &str = "digraph snapshot {\n  rankdir=LR;\n  compound=true;\n  \
        node [shape=box, fontname=\"monospace\", fontsize=10];\n  \
        edge [fontname=\"monospace\", fontsize=9];\n  subgraph cluster_frame0 {\n    \
        label=\"\";\n    style=rounded; color=\"#4a6fa5\";\n    \
        frame0 [shape=point, style=invis];\n    \
        root0 [label=\"objs[0]\", style=filled, fillcolor=\"#dbe7f6\"];\n  }\n";
    // From `top`, one reference deep: the dict and the list it holds, not the float.
    let refs = format!(
        "{HEAD}  n0 [label=\"list: [{{'leaf': [1.5]}}, [1.5]]\\nrefcount 2 · gen 0 · 64 B\", peripheries=2];\n  \
         n1 [label=\"dict: {{'leaf': [1.5]}}\\nrefcount 2 · gen 0 · 96 B\"];\n  \
         n2 [label=\"list: [1.5]\\nrefcount 3 · gen 0 · 64 B\", peripheries=2];\n  \
         root0 -> n0;\n  n0 -> n1;\n  n0 -> n2;\n  n1 -> n2;\n}}\n"
    );
    assert_eq!(
        out,
        format!(
            "{refs}Graph written to {dot_path} (4 nodes)\n\
             Graph written to {svg_path} (4 nodes)\n\
             show_refs: pyobj writes .dot and .svg files, not 'x.png'\n"
        )
    );
    // To `leaf`: what refers to it (the block's globals, the dict, the outer list; the
    // list given to `show_backrefs` is left out but counted).
    let backrefs = format!(
        "{HEAD}  n0 [label=\"list: [1.5]\\nrefcount 4 · gen 0 · 64 B\", peripheries=2];\n  \
         n1 [label=\"module: <module '__main__'>\\nrefcount 1 · gen 0 · 80 B\"];\n  \
         n2 [label=\"dict: {{'leaf': [1.5]}}\\nrefcount 2 · gen 0 · 96 B\", peripheries=2];\n  \
         n3 [label=\"list: [{{'leaf': [1.5]}}, [1.5]]\\nrefcount 1 · gen 0 · 64 B\"];\n  \
         root0 -> n0;\n  n1 -> n2;\n  n1 -> n0;\n  n1 -> n3;\n  n2 -> n0;\n  n3 -> n2;\n  \
         n3 -> n0;\n}}\n"
    );
    assert_eq!(std::fs::read_to_string(&dot_path).unwrap(), backrefs);
    // `top` alone is the list of objects (as in objgraph): its items are drawn, with what
    // they reach.
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("objs[0]") && svg.contains("objs[1]"));
    drop(namespace);
    std::fs::remove_dir_all(&directory).unwrap();
}
