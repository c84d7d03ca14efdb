//! Hands a graph of objects to another thread (feature `serde`).
//!
//! Handles are `!Send`: each thread has its own heap. The supported way to move a graph
//! is to serialize it on one thread and rebuild it on the other. Inside a
//! `pyobj::serde_graph::Graph` shared objects are written once and referred to after,
//! so the rebuilt graph has the same shape.
//!
//! ```text
//! cargo run --example graph_to_thread --features serde
//! ```

use std::sync::mpsc;
use std::thread;

use pyobj::serde_graph::Graph;
use pyobj::{Gc, Obj, PyList, Trace};
use serde::{Deserialize, Serialize};

/// A build step and the steps it waits for. Two steps may wait for one step: the
/// graph shares it.
#[derive(Trace, Serialize, Deserialize)]
struct Step {
    name: String,
    after: Vec<Gc<Step>>,
}

fn step(name: &str, after: &[&Gc<Step>]) -> Gc<Step> {
    Gc::new(Step {
        name: name.into(),
        after: after.iter().map(|&step| step.clone()).collect(),
    })
}

fn main() {
    // This thread: `fetch` is shared by `parse` and `check`.
    let fetch = step("fetch", &[]);
    let parse = step("parse", &[&fetch]);
    let check = step("check", &[&fetch]);
    let report = step("report", &[&parse, &check]);
    drop((parse, check));
    println!(
        "sender:   fetch has {} handles (parse's and check's, and ours)",
        Gc::strong_count(&fetch)
    );
    drop(fetch);

    // A Python list that holds a shared dict twice, and itself (a cycle).
    let point = Obj::dict_from([(Obj::from("x"), Obj::from(1))]).unwrap();
    let python = Obj::list([point.clone(), point]);
    let list = python.downcast_ref::<PyList>().unwrap();
    list.append(python.clone());

    let steps = serde_json::to_string(&Graph(&report)).unwrap();
    let objects = serde_json::to_string(&Graph(&python)).unwrap();
    println!("sender:   {steps}");
    println!("sender:   {objects}");

    let (send, receive) = mpsc::channel::<(String, String)>();
    let receiver = thread::spawn(move || {
        let (steps, objects) = receive.recv().unwrap();
        let Graph(report): Graph<Gc<Step>> = serde_json::from_str(&steps).unwrap();
        let (parse, check) = (&report.after[0], &report.after[1]);
        let fetch = &parse.after[0];
        println!(
            "receiver: {} waits for {} and {}, which both wait for {}",
            report.name, parse.name, check.name, fetch.name
        );
        println!(
            "receiver: one fetch? {} ({} handles: parse's and check's)",
            Gc::ptr_eq(&parse.after[0], &check.after[0]),
            Gc::strong_count(fetch)
        );

        let Graph(python): Graph<Obj> = serde_json::from_str(&objects).unwrap();
        let items = python.downcast_ref::<PyList>().unwrap().snapshot();
        println!(
            "receiver: {} (one dict? {}; the list holds itself? {})",
            python.repr().unwrap(),
            items[0].is(&items[1]),
            items[2].is(&python)
        );
    });
    send.send((steps, objects)).unwrap();
    receiver.join().unwrap();
}
