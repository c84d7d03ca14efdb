//! The `serde` feature: `Gc<T>` and `Obj` serialized with their sharing kept, cycles
//! through `Gc<T>` refused, Python lists and dicts rebuilt with their cycles, graphs
//! handed to another thread.
//!
//! `cargo test --features serde --test serde_graph`

#![cfg(feature = "serde")]

use std::cell::RefCell;
use std::sync::mpsc;

use pyobj::serde_graph::{Graph, with_shared_ids};
use pyobj::{Gc, Obj, PyList, Trace, gc, pyblock};
use serde::{Deserialize, Serialize};

/// A tree node whose children may be shared (an acyclic graph).
#[derive(Trace, Serialize, Deserialize, Debug)]
struct Node {
    name: String,
    children: Vec<Gc<Node>>,
}

fn node(name: &str, children: &[&Gc<Node>]) -> Gc<Node> {
    Gc::new(Node {
        name: name.into(),
        children: children.iter().map(|&child| child.clone()).collect(),
    })
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(&Graph(value)).unwrap()
}

fn from_json<T: for<'de> Deserialize<'de>>(text: &str) -> T {
    serde_json::from_str::<Graph<T>>(text).unwrap().0
}

#[test]
fn a_shared_object_is_written_once_and_read_back_as_one_object() {
    let leaf = node("leaf", &[]);
    let left = node("left", &[&leaf]);
    let right = node("right", &[&leaf]);
    let root = node("root", &[&left, &right, &leaf]);
    drop((leaf, left, right));
    let text = to_json(&root);
    assert_eq!(
        text,
        r#"{"new":{"name":"root","children":[{"new":{"name":"left","children":[{"new":{"name":"leaf","children":[]}}]}},{"new":{"name":"right","children":[{"ref":2}]}},{"ref":2}]}}"#
    );

    let back: Gc<Node> = from_json(&text);
    let [left, right, leaf] = &back.children[..] else {
        panic!("three children: {back:?}");
    };
    assert_eq!(
        (
            back.name.as_str(),
            left.name.as_str(),
            right.name.as_str(),
            leaf.name.as_str()
        ),
        ("root", "left", "right", "leaf")
    );
    assert!(Gc::ptr_eq(&left.children[0], leaf));
    assert!(Gc::ptr_eq(&right.children[0], leaf));
    assert!(!Gc::ptr_eq(left, right));
    // left's, right's and root's handles: as many as in the graph that was written.
    assert_eq!(Gc::strong_count(leaf), 3);
    assert_eq!(Gc::strong_count(&back), 1);
    // Written again, the rebuilt graph gives the same text.
    assert_eq!(to_json(&back), text);
}

#[test]
fn handles_at_the_top_level_share_ids_within_one_graph() {
    let a = Gc::new(String::from("a"));
    let b = Gc::new(String::from("b"));
    let handles = vec![a.clone(), b.clone(), a.clone(), b, a];
    let text = to_json(&handles);
    assert_eq!(
        text,
        r#"[{"new":"a"},{"new":"b"},{"ref":0},{"ref":1},{"ref":0}]"#
    );
    let back: Vec<Gc<String>> = from_json(&text);
    assert_eq!(
        back.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        ["a", "b", "a", "b", "a"]
    );
    assert!(Gc::ptr_eq(&back[0], &back[2]) && Gc::ptr_eq(&back[0], &back[4]));
    assert!(Gc::ptr_eq(&back[1], &back[3]));
    assert_eq!(
        (Gc::strong_count(&back[0]), Gc::strong_count(&back[1])),
        (3, 2)
    );
}

#[test]
fn two_graphs_have_ids_of_their_own() {
    let a = Gc::new(5_i64);
    assert_eq!(to_json(&a), r#"{"new":5}"#);
    assert_eq!(to_json(&a), r#"{"new":5}"#);
    // `with_shared_ids` makes several calls one scope.
    let texts = with_shared_ids(|| {
        [
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&Graph(&a)).unwrap(), // a nested Graph: the same scope
        ]
    });
    assert_eq!(texts, [r#"{"new":5}"#, r#"{"ref":0}"#]);
    let (x, y): (Gc<i64>, Gc<i64>) = with_shared_ids(|| {
        (
            serde_json::from_str(&texts[0]).unwrap(),
            serde_json::from_str(&texts[1]).unwrap(),
        )
    });
    assert!(Gc::ptr_eq(&x, &y));
    assert_eq!(*x, 5);
}

#[test]
fn a_handle_outside_a_graph_is_refused() {
    let error = serde_json::to_string(&Gc::new(vec![1_u8])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "a Gc<Vec<u8>> can be serialized or deserialized only inside \
         pyobj::serde_graph::Graph or with_shared_ids, the scope that gives shared objects \
         their ids: wrap the value in Graph on both sides"
    );
    let error = serde_json::from_str::<Gc<i64>>(r#"{"new":1}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "a Gc<i64> can be serialized or deserialized only inside pyobj::serde_graph::Graph \
         or with_shared_ids, the scope that gives shared objects their ids: wrap the value \
         in Graph on both sides"
    );
}

/// A node that may be in a cycle.
#[derive(Trace, Serialize, Deserialize)]
struct Link {
    name: String,
    next: RefCell<Option<Gc<Link>>>,
}

#[test]
fn a_cycle_of_handles_is_refused_with_an_error_that_names_it() {
    let a = Gc::new(Link {
        name: "a".into(),
        next: RefCell::new(None),
    });
    let b = Gc::new(Link {
        name: "b".into(),
        next: RefCell::new(Some(a.clone())),
    });
    // Acyclic: fine.
    assert_eq!(
        to_json(&b),
        r#"{"new":{"name":"b","next":{"new":{"name":"a","next":null}}}}"#
    );
    *a.next.borrow_mut() = Some(b.clone());
    let error = serde_json::to_string(&Graph(&a)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot serialize a cycle of Gc handles: a Gc<Link> is reached again from inside its \
         own value, and Deserialize can put an object on the heap only after its contents"
    );
    // The scope was closed by the error: the next graph starts from id 0.
    *a.next.borrow_mut() = None;
    assert_eq!(to_json(&a), r#"{"new":{"name":"a","next":null}}"#);
    drop((a, b));
    assert_eq!(gc::collect(), 0);
}

#[test]
fn bad_references_are_reported() {
    let read = |text: &str| {
        serde_json::from_str::<Graph<Gc<Link>>>(text)
            .map(drop)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        read(r#"{"new":{"name":"a","next":{"ref":0}}}"#),
        "{\"ref\": 0} names a Gc<Link> from inside its own value (a cycle), which cannot be \
         rebuilt at line 1 column 35"
    );
    assert_eq!(
        read(r#"{"ref":3}"#),
        "{\"ref\": 3} names no object read before it in this Graph"
    );
    assert_eq!(
        read(r#"{"old":1}"#),
        "unknown variant `old`, expected `new` or `ref` at line 1 column 6"
    );
    let error = serde_json::from_str::<Graph<(Gc<i64>, Gc<String>)>>(r#"[{"new":1},{"ref":0}]"#)
        .map(drop)
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "{\"ref\": 0} names a Gc<i64>, not a Gc<String> at line 1 column 19"
    );
}

#[test]
fn a_graph_goes_to_another_thread_through_a_channel() {
    let shared = node("shared", &[]);
    let root = node("root", &[&shared, &shared]);
    drop(shared);
    let (send, receive) = mpsc::channel::<String>();
    let (answer, answers) = mpsc::channel::<(String, bool, usize)>();
    let receiver = std::thread::spawn(move || {
        let root: Gc<Node> = from_json(&receive.recv().unwrap());
        let (first, second) = (&root.children[0], &root.children[1]);
        answer
            .send((
                first.name.clone(),
                Gc::ptr_eq(first, second),
                Gc::strong_count(first),
            ))
            .unwrap();
    });
    send.send(to_json(&root)).unwrap();
    receiver.join().unwrap();
    assert_eq!(answers.recv().unwrap(), ("shared".into(), true, 2));
}

// ---------------------------------------------------------------------------------------
// Python objects.
// ---------------------------------------------------------------------------------------

fn obj_json(obj: &Obj) -> String {
    to_json(obj)
}

fn obj_back(text: &str) -> Obj {
    from_json(text)
}

#[test]
fn scalars_are_plain_values_and_need_no_graph() {
    let values = [
        (Obj::none(), "null", "None"),
        (Obj::from(true), "true", "True"),
        (Obj::from(-7), "-7", "-7"),
        (Obj::from(1.5), "1.5", "1.5"),
        (Obj::from(2.0), "2.0", "2.0"),
        (Obj::from("é\"x"), r#""é\"x""#, r#"'é"x'"#),
        (
            Obj::from(num_bigint_value()),
            r#"{"int":"-123456789012345678901234567890"}"#,
            "-123456789012345678901234567890",
        ),
        (Obj::from(f64::NAN), r#"{"float":"nan"}"#, "nan"),
        (Obj::from(f64::INFINITY), r#"{"float":"inf"}"#, "inf"),
        (Obj::from(f64::NEG_INFINITY), r#"{"float":"-inf"}"#, "-inf"),
        (
            Obj::bytes(b"hi\x00"),
            r#"{"bytes":[104,105,0]}"#,
            r"b'hi\x00'",
        ),
    ];
    for (obj, json, repr) in values {
        assert_eq!(serde_json::to_string(&obj).unwrap(), json);
        let back: Obj = serde_json::from_str(json).unwrap();
        assert_eq!(back.repr().unwrap(), repr);
        assert_eq!(back.type_name(), obj.type_name());
    }
    // An int past `i64` written by another program as a plain number.
    let big: Obj = serde_json::from_str("18446744073709551615").unwrap();
    assert_eq!(big.repr().unwrap(), "18446744073709551615");
}

fn num_bigint_value() -> i128 {
    -123_456_789_012_345_678_901_234_567_890
}

#[test]
fn containers_keep_their_types() {
    let ns = pyblock! {
        value = [1, (2, "three"), {"k": [None], 4: b"x"}, {5}, frozenset([6])]
    }
    .unwrap();
    let value = ns.get("value").unwrap();
    let text = obj_json(&value);
    assert_eq!(
        text,
        r#"{"list":[1,{"tuple":[2,"three"]},{"dict":[["k",{"list":[null]}],[4,{"bytes":[120]}]]},{"set":[5]},{"frozenset":[6]}]}"#
    );
    let back = obj_back(&text);
    assert_eq!(
        back.repr().unwrap(),
        "[1, (2, 'three'), {'k': [None], 4: b'x'}, {5}, frozenset({6})]"
    );
    assert!(back.eq(&value).unwrap());
}

#[test]
fn shared_containers_and_cycles_through_lists_and_dicts_are_kept() {
    let ns = pyblock! {
        point = {"x": 1}
        pair = (point, point)
        graph = [point, pair, pair]
        graph.append(graph)
        point["graph"] = graph
    }
    .unwrap();
    let graph = ns.get("graph").unwrap();
    let text = obj_json(&graph);
    assert_eq!(
        text,
        r#"{"list":[{"dict":[["x",1],["graph",{"ref":0}]]},{"tuple":[{"ref":1},{"ref":1}]},{"ref":2},{"ref":0}]}"#
    );
    drop(ns);

    let back = obj_back(&text);
    let items = back.downcast_ref::<PyList>().unwrap().snapshot();
    let point = &items[0];
    let pair = items[1]
        .downcast_ref::<pyobj::PyTuple>()
        .unwrap()
        .as_slice();
    assert!(pair[0].is(point) && pair[1].is(point));
    assert!(items[1].is(&items[2]));
    assert!(items[3].is(&back));
    assert!(point.get_item(&Obj::from("graph")).unwrap().is(&back));
    assert_eq!(
        back.repr().unwrap(),
        "[{'x': 1, 'graph': [...]}, ({'x': 1, 'graph': [...]}, {'x': 1, 'graph': [...]}), \
         ({'x': 1, 'graph': [...]}, {'x': 1, 'graph': [...]}), [...]]"
    );
    drop((items, back));
    // The rebuilt cycle is garbage once dropped: the list, the dict and the tuple.
    assert_eq!(gc::collect(), 3);
}

#[test]
fn a_cycle_only_a_tuple_could_close_is_refused() {
    let ns = pyblock! {
        inner = []
        outer = (inner,)
        inner.append(outer)
    }
    .unwrap();
    // From the tuple, the cycle comes back to the tuple before it is made.
    let error = serde_json::to_string(&Graph(ns.get("outer").unwrap())).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot serialize a cycle through a 'tuple' object: it is reached again from inside \
         itself, and only a list or a dict can be rebuilt before its items"
    );
    // From the list, it comes back to the list, which exists before its items.
    let text = obj_json(&ns.get("inner").unwrap());
    assert_eq!(text, r#"{"list":[{"tuple":[{"ref":0}]}]}"#);
    let back = obj_back(&text);
    assert_eq!(back.repr().unwrap(), "[([...],)]");
    // Written by hand, a tuple that contains itself is refused when read.
    let error = serde_json::from_str::<Graph<Obj>>(r#"{"tuple":[{"ref":0}]}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "{\"ref\": 0} names a tuple, set or frozenset from inside itself (a cycle), which \
         cannot be rebuilt at line 1 column 19"
    );
}

#[test]
fn other_objects_are_refused_by_type() {
    let ns = pyblock! {
        def function():
            pass
        class Point:
            pass
        class Stack(list):
            pass
        point = Point()
        stack = Stack()
        items = [1, function]
    }
    .unwrap();
    let refuse = |name: &str| {
        serde_json::to_string(&Graph(ns.get(name).unwrap()))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(refuse("function"), "cannot serialize 'function' object");
    assert_eq!(refuse("point"), "cannot serialize 'Point' object");
    assert_eq!(refuse("stack"), "cannot serialize 'Stack' object");
    assert_eq!(refuse("Point"), "cannot serialize 'type' object");
    assert_eq!(refuse("items"), "cannot serialize 'function' object");
}

#[test]
fn a_container_outside_a_graph_is_refused_and_bad_input_is_reported() {
    let list = Obj::list([Obj::from(1)]);
    assert_eq!(
        serde_json::to_string(&list).unwrap_err().to_string(),
        "a 'list' object can be serialized or deserialized only inside \
         pyobj::serde_graph::Graph or with_shared_ids, the scope that gives shared objects \
         their ids: wrap the value in Graph on both sides"
    );
    let read = |text: &str| {
        serde_json::from_str::<Graph<Obj>>(text)
            .map(drop)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        read(r#"{"dict":[[[1],2]]}"#),
        "TypeError: unhashable type: 'list' at line 1 column 17"
    );
    assert_eq!(
        read(r#"{"int":"12x"}"#),
        "invalid value: string \"12x\", expected an int in decimal at line 1 column 13"
    );
    assert_eq!(
        read(r#"{"lst":[]}"#),
        "unknown variant `lst`, expected one of `int`, `float`, `bytes`, `list`, `tuple`, \
         `dict`, `set`, `frozenset`, `ref` at line 1 column 6"
    );
    assert_eq!(
        read(r#"{"list":[],"tuple":[]}"#),
        "a tagged Python object is a map of one entry; `list` has more at line 1 column 18"
    );
    // A bare sequence is a list.
    let back = obj_back("[1, [2]]");
    assert_eq!(back.repr().unwrap(), "[1, [2]]");
    assert!(back.is_exact::<PyList>());
}

#[test]
fn python_objects_go_to_another_thread() {
    let ns = pyblock! {
        shared = ["shared"]
        value = {"a": shared, "b": shared}
    }
    .unwrap();
    let text = obj_json(&ns.get("value").unwrap());
    let answer = std::thread::spawn(move || {
        let back = obj_back(&text);
        let a = back.get_item(&Obj::from("a")).unwrap();
        let b = back.get_item(&Obj::from("b")).unwrap();
        (back.repr().unwrap(), a.is(&b))
    })
    .join()
    .unwrap();
    assert_eq!(
        answer,
        ("{'a': ['shared'], 'b': ['shared']}".to_owned(), true)
    );
}
