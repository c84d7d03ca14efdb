//! Heap snapshots: the seed's pictures taken from the real heap. Each test builds one of
//! the seed's small graphs and checks what the snapshot shows of it: the objects, their
//! counts and states, the references, cycles, garbage, and the pictures drawn from it.

use std::cell::RefCell;

use pyobj::snapshot::{EdgeKind, FinalizerState, Node, Snapshot};
use pyobj::{AnyGc, Finalize, Gc, Trace, Weak, gc, pyblock};

/// `(from, to)` of every strong edge.
fn strong_edges(snapshot: &Snapshot) -> Vec<(usize, usize)> {
    snapshot
        .edges()
        .iter()
        .filter(|edge| edge.kind == EdgeKind::Strong)
        .map(|edge| (edge.from, edge.to))
        .collect()
}

fn labels(snapshot: &Snapshot) -> Vec<&str> {
    snapshot
        .nodes()
        .iter()
        .map(|node| node.label.as_str())
        .collect()
}

/// The text of every `<text>` element of an SVG document, which must be well-formed.
fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .map(|node| node.text().unwrap_or_default().to_owned())
        .collect()
}

/// The classes of the `<g>` element of object `id` in an SVG document.
fn svg_classes(svg: &str, id: usize) -> String {
    let document = roxmltree::Document::parse(svg).unwrap();
    let wanted = format!("n{id}");
    document
        .descendants()
        .find(|node| node.attribute("id") == Some(wanted.as_str()))
        .and_then(|node| node.attribute("class"))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_list_of_three_small_ints_is_one_list_and_three_immortal_ints() {
    // Seed level 1: `a = [1, 2, 3]`: Stack: a ----> Heap: [1, 2, 3]
    let ns = pyblock! {
        a = [1, 2, 3]
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&ns).capture();

    // The named objects first, then what they refer to, then the globals object.
    assert_eq!(
        labels(&snapshot),
        ["[1, 2, 3]", "1", "2", "3", "<module '__main__'>"]
    );
    let list = snapshot.root("a").unwrap();
    assert_eq!(list.id, 0);
    assert_eq!(list.type_name, "list");
    assert_eq!(list.refcount, 1); // the global `a`
    assert!(list.tracked);
    assert_eq!(list.generation, Some(0));
    assert!(list.size_class.is_some());
    assert_eq!(list.weak_count, 0);
    assert_eq!(list.finalizer, FinalizerState::None);
    assert_eq!((list.cycle, list.garbage, list.referrers), (None, false, 1));
    // Small ints are immortal (seed level 6): outside the pools, never counted, untracked.
    for int in &snapshot.nodes()[1..4] {
        assert_eq!(int.type_name, "int");
        assert!(int.is_immortal());
        assert_eq!(int.refcount, u32::MAX as usize);
        assert_eq!(
            (int.tracked, int.generation, int.size_class),
            (false, None, None)
        );
    }
    // The globals are a `module` object holding the list: the name `a` is its reference
    // (so the list has one referrer, not two).
    assert_eq!(strong_edges(&snapshot), [(0, 1), (0, 2), (0, 3), (4, 0)]);
    let root = &snapshot.roots()[0];
    assert_eq!((root.frame, root.name.as_str(), root.node), (0, "a", 0));
    let frame = &snapshot.frames()[0];
    assert_eq!((frame.name.as_str(), frame.holder), ("<module>", Some(4)));
    assert_eq!(snapshot.node(4).type_name, "module");
}

#[test]
fn two_names_for_one_object_show_a_count_of_two() {
    // Seed level 3: `b = a`: ref count = 2.
    let ns = pyblock! {
        a = [1, 2, 3]
        b = a
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&ns).capture();
    let a = snapshot.root("a").unwrap();
    assert_eq!(a.id, snapshot.root("b").unwrap().id);
    assert_eq!(a.refcount, 2);
    assert_eq!(a.referrers, 2);
    assert!(a.is_shared());
    assert_eq!(snapshot.nodes().len(), 5);
}

#[test]
fn taking_a_snapshot_leaves_every_count_as_it_was() {
    let ns = pyblock! {
        a = [[1000], "text", 2.5]
    }
    .unwrap();
    let a = ns.get("a").unwrap();
    let before = a.refcount();
    let snapshot = Snapshot::new().root("a", &a).roots(&ns).capture();
    assert_eq!(a.refcount(), before);
    // The snapshot reports the counts without its own handles: `a` here and the global.
    assert_eq!(snapshot.root("a").unwrap().refcount, before);
    assert_eq!(snapshot.root("a").unwrap().refcount, 2);
    assert_eq!(
        labels(&snapshot),
        [
            "[[1000], 'text', 2.5]",
            "[1000]",
            "'text'",
            "2.5",
            "1000",
            "<module '__main__'>"
        ]
    );
}

#[test]
fn a_list_that_contains_itself_is_a_self_cycle() {
    let ns = pyblock! {
        a = []
        a.append(a)
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&ns).capture();
    assert_eq!(snapshot.nodes().len(), 2); // the list and the globals
    let a = snapshot.node(0);
    assert_eq!(a.label, "[[...]]");
    assert_eq!(a.refcount, 2);
    assert_eq!(a.cycle, Some(0));
    assert_eq!(strong_edges(&snapshot), [(0, 0), (1, 0)]);
    assert!(!a.garbage);
}

#[test]
fn two_lists_that_hold_each_other_are_one_cycle() {
    // Seed level 4: a.append(b); b.append(a).
    let ns = pyblock! {
        a = []
        b = []
        a.append(b)
        b.append(a)
        c = [a]
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&ns).capture();
    let (a, b, c) = (
        snapshot.root("a").unwrap(),
        snapshot.root("b").unwrap(),
        snapshot.root("c").unwrap(),
    );
    assert_eq!((a.cycle, b.cycle, c.cycle), (Some(0), Some(0), None));
    assert_eq!((a.refcount, b.refcount, c.refcount), (3, 2, 1));
    assert_eq!(snapshot.nodes().len(), 4);
    assert_eq!(snapshot.garbage().count(), 0);
}

#[test]
fn the_chain_that_keeps_a_leaked_object_alive() {
    // Seed level 10: the list made in `store` stays in `global_data`.
    let ns = pyblock! {
        global_data = []
        def store():
            x = [1, 2, 3]
            global_data.append(x)
        store()
        other = [global_data]
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&ns).capture();
    let leaked = snapshot
        .nodes()
        .iter()
        .find(|node| node.label == "[1, 2, 3]")
        .unwrap();
    let (root, chain) = snapshot.chain_to(leaked.id).unwrap();
    assert_eq!(snapshot.roots()[root].name, "global_data");
    let chain: Vec<&str> = chain
        .iter()
        .map(|&id| snapshot.node(id).label.as_str())
        .collect();
    assert_eq!(chain, ["[[1, 2, 3]]", "[1, 2, 3]"]);
    // The globals object is kept by the function `store`, which holds its globals.
    let module = snapshot.frames()[0].holder.unwrap();
    let (root, chain) = snapshot.chain_to(module).unwrap();
    assert_eq!(snapshot.roots()[root].name, "store");
    assert_eq!(chain, [snapshot.root("store").unwrap().id, module]);
}

#[derive(Trace)]
struct Tree {
    name: &'static str,
    children: RefCell<Vec<Gc<Tree>>>,
    parent: RefCell<Option<Weak<Tree>>>,
}

fn tree(name: &'static str) -> Gc<Tree> {
    Gc::new(Tree {
        name,
        children: RefCell::new(Vec::new()),
        parent: RefCell::new(None),
    })
}

fn adopt(parent: &Gc<Tree>, child: &Gc<Tree>) {
    parent.children.borrow_mut().push(child.clone());
    *child.parent.borrow_mut() = Some(Gc::downgrade(parent));
}

fn tree_label(object: &AnyGc) -> Option<String> {
    object
        .downcast_ref::<Tree>()
        .map(|tree| tree.name.to_owned())
}

#[test]
fn a_rust_graph_is_seen_through_its_derived_trace() {
    let root = tree("root");
    let (left, right) = (tree("left"), tree("right"));
    adopt(&root, &left);
    adopt(&root, &right);
    let shared = Gc::new(7_i64);

    let snapshot = Snapshot::new()
        .frame("main")
        .root("root", &root)
        .root("seven", &shared)
        .label_with(tree_label)
        .capture();

    assert_eq!(labels(&snapshot), ["root", "i64", "left", "right"]);
    let node = snapshot.node(0);
    assert_eq!(node.type_name, "Tree");
    assert!(node.rust_type.ends_with("::Tree"));
    assert_eq!(node.refcount, 1);
    assert_eq!(node.weak_count, 2); // the children's `parent`
    assert_eq!(node.cycle, None); // weak references make no cycle
    let seven = snapshot.node(1);
    assert_eq!(
        (seven.tracked, seven.generation, seven.refcount),
        (false, None, 1)
    );
    assert_eq!(seven.size, 24);
    assert_eq!((seven.size_class, seven.block_size()), (Some(1), 32));
    let edges: Vec<_> = snapshot
        .edges()
        .iter()
        .map(|edge| (edge.from, edge.to, edge.kind))
        .collect();
    assert_eq!(
        edges,
        [
            (0, 2, EdgeKind::Strong),
            (0, 3, EdgeKind::Strong),
            (2, 0, EdgeKind::Weak),
            (3, 0, EdgeKind::Weak),
        ]
    );
    assert_eq!(snapshot.frames().len(), 1);
    assert_eq!(snapshot.frames()[0].name, "main");
    assert!(snapshot.roots().iter().all(|root| root.frame == 0));
    assert_eq!(snapshot.type_counts(), [("Tree", 3), ("i64", 1)]);
    assert_eq!(Gc::strong_count(&left), 2);
}

#[test]
fn a_cycle_whose_names_are_gone_is_garbage_until_collected() {
    let a = tree("a");
    let b = tree("b");
    a.children.borrow_mut().push(b.clone());
    b.children.borrow_mut().push(a.clone());
    let kept = tree("kept");
    kept.children.borrow_mut().push(kept.clone()); // a cycle still named
    drop((a, b));

    let snapshot = Snapshot::all()
        .root("kept", &kept)
        .label_with(tree_label)
        .capture();
    let garbage: Vec<&str> = snapshot.garbage().map(|node| node.label.as_str()).collect();
    assert_eq!(garbage, ["a", "b"]);
    let cycles: Vec<(&str, Option<usize>)> = snapshot
        .nodes()
        .iter()
        .map(|node| (node.label.as_str(), node.cycle))
        .collect();
    assert_eq!(cycles, [("kept", Some(0)), ("a", Some(1)), ("b", Some(1))]);
    assert!(snapshot.root("kept").is_some_and(|node| !node.garbage));
    // No name leads to garbage.
    assert_eq!(snapshot.chain_to(1), None);
    assert_eq!(snapshot.chain_to(0), Some((0, vec![0])));

    assert_eq!(gc::collect(), 2);
    let after = Snapshot::all().label_with(tree_label).capture();
    assert_eq!(labels(&after), ["kept"]);
    assert_eq!(after.garbage().count(), 0);
}

#[test]
fn python_garbage_is_found_by_the_collectors_rule() {
    let ns = pyblock! {
        a = []
        b = [a, "only the garbage holds me"]
        a.append(b)
        keep = [1000]
        del a, b
    }
    .unwrap();
    let snapshot = Snapshot::all().roots(&ns).capture();
    let mut garbage: Vec<(&str, &str)> = snapshot
        .garbage()
        .map(|node| (node.type_name.as_str(), node.label.as_str()))
        .collect();
    garbage.sort_unstable();
    assert_eq!(
        garbage,
        [
            ("list", "[[[...], 'only the garbage holds me']]"),
            ("list", "[[[...]], 'only the garbage holds me']"),
            ("str", "'only the garbage holds me'"),
        ]
    );
    assert!(!snapshot.root("keep").unwrap().garbage);
    assert_eq!(gc::collect(), 2);
}

#[test]
fn no_collection_runs_while_a_snapshot_is_taken() {
    let a = tree("a");
    a.children.borrow_mut().push(tree("b"));
    // A collection at every allocation, and a labeller that allocates.
    gc::set_threshold(1, None, None);
    let collections = || gc::get_stats()[0].collections;
    let before = collections();
    let snapshot = Snapshot::new()
        .root("a", &a)
        .label_with(|object| {
            let made = Gc::new(tree("made while labelling"));
            Some(format!(
                "{} ({})",
                tree_label(object)?,
                Gc::strong_count(&made)
            ))
        })
        .capture();
    assert_eq!(collections(), before);
    assert_eq!(labels(&snapshot), ["a (1)", "b (1)"]);
    assert!(gc::is_enabled());
    drop(tree("after")); // automatic collection is back on
    assert!(collections() > before);

    gc::disable();
    let _ = Snapshot::new().root("a", &a).capture();
    assert!(!gc::is_enabled(), "a snapshot turns nothing on");
    gc::enable();
}

struct Noisy;

impl Finalize for Noisy {
    fn finalize(_: &Gc<Self>) {}
}

impl Trace for Noisy {
    const TRACKED: bool = false;
    fn trace(&self, _: &mut pyobj::Tracer<'_>) {}
}

#[test]
fn a_finalizer_shows_as_pending() {
    let object = Gc::with_finalizer(Noisy);
    let plain = Gc::new(Noisy);
    let snapshot = Snapshot::new()
        .root("x", &object)
        .root("y", &plain)
        .capture();
    assert_eq!(snapshot.node(0).finalizer, FinalizerState::Pending);
    assert_eq!(snapshot.node(1).finalizer, FinalizerState::None);
    assert_eq!(snapshot.node(0).type_name, "Noisy");
}

#[test]
fn a_long_chain_is_walked_without_recursion() {
    let mut head = tree("0");
    for _ in 0..20_000 {
        let next = tree("link");
        next.children.borrow_mut().push(head);
        head = next;
    }
    let snapshot = Snapshot::new().root("head", &head).capture();
    assert_eq!(snapshot.nodes().len(), 20_001);
    assert!(
        snapshot
            .nodes()
            .iter()
            .all(|node: &Node| node.cycle.is_none())
    );
    assert!(snapshot.nodes()[1..].iter().all(|node| node.refcount == 1));
}

#[test]
fn long_reprs_are_shortened_in_the_middle() {
    let ns = pyblock! {
        xs = list(range(100))
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&ns).label_width(20).capture();
    assert_eq!(snapshot.root("xs").unwrap().label, "[0, 1, 2..., 98, 99]");
    assert_eq!(snapshot.nodes().len(), 102); // the list, 100 ints, the globals
}

#[test]
fn instances_of_python_classes_are_labelled_without_running_their_repr() {
    let ns = pyblock! {
        class Point:
            def __init__(self, x):
                self.x = x
            def __repr__(self):
                raise ValueError("not called")
        p = Point([1])
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&ns).capture();
    let p = snapshot.root("p").unwrap();
    assert_eq!(
        (p.type_name.as_str(), p.label.as_str()),
        ("Point", "<Point object>")
    );
    assert!(snapshot.referents(p.id).any(|node| node.label == "[1]"));
}

#[test]
fn the_svg_is_well_formed_and_shows_names_objects_and_marks() {
    let ns = pyblock! {
        a = []
        b = [a, "<&>"]
        a.append(b)
        c = b
    }
    .unwrap();
    let snapshot = Snapshot::new().roots(&ns).capture();
    let svg = snapshot.to_svg();
    let texts = svg_texts(&svg);
    for expected in [
        "Stack",
        "Heap",
        "<module>",
        "a",
        "b",
        "c",
        "[[[...], '<&>']]",
        "'<&>'",
    ] {
        assert!(
            texts.iter().any(|text| text == expected),
            "{expected:?} in {texts:?}"
        );
    }
    assert!(
        texts
            .iter()
            .any(|text| text.starts_with("list · refcount 2 · gen 0"))
    );
    let b = snapshot.root("b").unwrap().id;
    assert_eq!(svg_classes(&svg, b), "object cycle shared");
    // `a` is named and referred to by `b`: two arrows, shared too.
    let a = snapshot.root("a").unwrap().id;
    assert_eq!(svg_classes(&svg, a), "object cycle shared");
    let text = snapshot
        .nodes()
        .iter()
        .find(|node| node.type_name == "str")
        .unwrap()
        .id;
    assert_eq!(svg_classes(&svg, text), "object");
}

#[test]
fn garbage_is_greyed_in_the_svg() {
    let a = tree("a");
    a.children.borrow_mut().push(a.clone());
    drop(a);
    let snapshot = Snapshot::all().label_with(tree_label).capture();
    let svg = snapshot.to_svg();
    let texts = svg_texts(&svg);
    assert!(texts.iter().any(|text| text == "a"));
    assert!(
        texts
            .iter()
            .any(|text| text.ends_with("· cycle 0 · garbage"))
    );
    assert_eq!(svg_classes(&svg, 0), "object garbage cycle");
    gc::collect();
}

#[test]
fn the_dot_text_has_a_cluster_per_frame_and_a_box_per_object() {
    let ns = pyblock! {
        a = [1, 2, 3]
        s = "say \"hi\""
    }
    .unwrap();
    let x = Gc::new(1.5_f64);
    let snapshot = Snapshot::new()
        .roots(&ns)
        .frame("rust")
        .root("x", &x)
        .capture();
    let dot = snapshot.to_dot();
    assert!(dot.starts_with("digraph snapshot {\n"));
    assert!(dot.ends_with("}\n"));
    assert!(dot.contains("  subgraph cluster_frame0 {\n    label=\"<module>\";"));
    assert!(dot.contains("  subgraph cluster_frame1 {\n    label=\"rust\";"));
    assert!(dot.contains("    root0 [label=\"a\", "));
    // The globals object is drawn as its frame, the names as its references.
    assert!(
        dot.contains("    frame0 [label=\"module: <module '__main__'>\\nrefcount 1 · gen 0 · ")
    );
    assert!(!dot.contains("  n6 -> "));
    assert!(dot.contains("  n0 [label=\"list: [1, 2, 3]\\nrefcount 1 · gen 0 · "));
    assert!(dot.contains("  n1 [label=\"str: 'say \\\"hi\\\"'\\nrefcount 1 · untracked · "));
    assert!(dot.contains("  n2 [label=\"f64: f64\\nrefcount 1 · untracked · 32 B\"];"));
    assert!(dot.contains("  root0 -> n0;\n  root1 -> n1;\n  root2 -> n2;\n"));
    assert!(dot.contains("  n0 -> n3;\n  n0 -> n4;\n  n0 -> n5;\n"));
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
}
