//! Snapshots of the heap: the seed's pictures, drawn from the real objects.
//!
//! ```text
//!   a = [1, 2, 3]          Stack: a ──► Heap: [1, 2, 3] ──► 1, 2, 3
//! ```
//!
//! A [`Snapshot`] is a copy, in plain data, of a part of this thread's heap: the objects
//! reachable from the handles it was given (its *roots*, each with a name), or every
//! object the collector tracks ([`Snapshot::all`], as `gc.get_objects()`) and what they
//! reach. For each object ([`Node`]) it records what the seed's levels talk about: its
//! type, a short label (a Python object's `repr`), its reference count, whether the
//! collector tracks it and in which generation, its size and pool size class, its weak
//! references, its finalizer's state; and the references between objects ([`Edge`]), as
//! their [`Trace`](crate::Trace) impls report them. So it works for any `Gc<T>` and for
//! Python objects alike.
//!
//! Two things are worked out from the graph, as a reader of the picture would:
//! - **cycles** (seed level 4): objects that can reach themselves through strong
//!   references (a strongly connected component of more than one object, or an object
//!   that refers to itself). [`Node::cycle`] numbers them.
//! - **garbage**: objects kept alive only by references from other garbage: what
//!   `gc.collect()` would free now. The snapshot applies the collector's own rule
//!   (`collector`): an object whose count is higher than the references the snapshot
//!   saw pointing at it is held from outside (a Rust variable, a frame, an object the
//!   snapshot does not include) and is alive, and so is everything it reaches; the rest
//!   is garbage. In a snapshot taken from roots alone everything is reachable from them,
//!   so only [`Snapshot::all`] can show garbage: a cycle whose names were dropped,
//!   before a collection finds it.
//!
//! ```
//! use std::cell::RefCell;
//! use pyobj::{Gc, Trace, gc, snapshot::Snapshot};
//!
//! #[derive(Trace)]
//! struct Node {
//!     next: RefCell<Option<Gc<Node>>>,
//! }
//!
//! let a = Gc::new(Node { next: RefCell::new(None) });
//! let b = Gc::new(Node { next: RefCell::new(Some(a.clone())) });
//! *a.next.borrow_mut() = Some(b.clone()); // a -> b -> a
//!
//! let picture = Snapshot::new().root("a", &a).capture();
//! assert_eq!(picture.nodes().len(), 2);
//! assert_eq!(picture.node(0).refcount, 2); // the name `a` and b's reference
//! assert!(picture.nodes().iter().all(|node| node.cycle == Some(0)));
//!
//! drop((a, b));
//! let everything = Snapshot::all().capture();
//! assert_eq!(everything.garbage().count(), 2); // found before the collector runs
//! assert_eq!(gc::collect(), 2);
//! ```
//!
//! # What taking a snapshot does to the heap
//! Nothing it leaves behind. While it walks, the snapshot holds a handle to every object
//! it has found (so no object can go away under it), and it reports each count without
//! its own handles. Automatic collection is paused while it runs (an allocation made
//! while labelling objects cannot start one). Labels of Python objects are their `repr`,
//! except for instances of classes defined in Python, whose `__repr__` is not called
//! (`<Point object>`); a builtin container's `repr` calls its items' `repr`, which may
//! be such a method. No edge is missed for a reason the snapshot can see, except one: an
//! object with a `RefCell` mutably borrowed right now shows no edges out of that cell
//! (as the collector, which then keeps the object).
//!
//! # Pictures
//! [`Snapshot::to_dot`] writes Graphviz's DOT language; [`Snapshot::to_svg`] draws the
//! seed's picture itself, with no outside program: the names on the left, grouped by
//! frame, with arrows into the heap; cycles in red, objects referred to more than once
//! with a double border, garbage greyed. [`Snapshot::chain_svg`] draws only the chain of
//! references from a name to one object, and [`Snapshot::filtered`] leaves out what a
//! picture does not need.
//!
//! # Leak hunting and pages
//! [`typestats`], [`count`] and [`Growth`] count the tracked objects by type and report
//! what grew since the last look, as objgraph does (seed level 10; from Python,
//! `import objgraph`). [`html_page`] puts [`Step`]s (a snapshot with the code, its current
//! line, the output and the collector's events) into one self-contained web page with a
//! slider (the tour's `--html`).

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::heap::with_heap;
use crate::object::{Header, IMMORTAL, flag};
use crate::pool::{ALIGNMENT, SMALL_REQUEST_THRESHOLD};
use crate::refcount::AnyGc;
use crate::trace::{Mode, Tracer};

mod analysis;
mod dot;
mod growth;
mod html;
mod svg;

pub use growth::{Growth, count, format_growth, format_typestats, typestats};
pub use html::{Step, html_page};

/// How many characters of a label a snapshot keeps by default ([`Capture::label_width`]).
pub const DEFAULT_LABEL_WIDTH: usize = 40;

/// A picture of part of the heap: objects, the references between them and the names
/// that lead to them. Made by [`Snapshot::new`] or [`Snapshot::all`], then
/// [`Capture::capture`]; plain data afterwards (it holds no handle, so it keeps nothing
/// alive and can be kept, compared or sent to another thread).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    frames: Vec<Frame>,
    roots: Vec<Root>,
}

/// One object of a [`Snapshot`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Node {
    /// The object's number in this snapshot: its index in [`Snapshot::nodes`], in the
    /// order the walk found it (the roots' objects first). Not its address: the same
    /// program gives the same numbers.
    pub id: usize,
    /// The object's type: the Python type's name for a Python object (`list`, or the
    /// class's name), the Rust type's for any other (module paths left out:
    /// `Node<i64>`).
    pub type_name: String,
    /// The Rust type of the value, in full (`std::any::type_name`).
    pub rust_type: &'static str,
    /// A short description: a Python object's `repr` (shortened in the middle as
    /// `reprlib` does, `[0, 1, 2, ...7, 98, 99]`), or the label given by
    /// [`Capture::label_with`], or the type's name.
    pub label: String,
    /// The number of handles to the object, not counting the snapshot's own
    /// ([`Gc::strong_count`](crate::Gc::strong_count)); `u32::MAX` for an immortal object
    /// (small ints, `None`, `True`, `False`: [`Node::is_immortal`]), as CPython 3.12
    /// reports them.
    pub refcount: usize,
    /// Whether the collector tracks the object ([`gc::is_tracked`](crate::gc::is_tracked)).
    pub tracked: bool,
    /// The generation of a tracked object: 0, 1, 2, or 3 for the permanent generation
    /// (`gc.freeze()`). `None` for an untracked object.
    pub generation: Option<usize>,
    /// Bytes of the object, its 16-byte header included.
    pub size: usize,
    /// The pool size class of the object's block ([`pool`](crate::pool): blocks of
    /// `16 * (class + 1)` bytes); `None` for an object the pools do not serve (larger than
    /// [`SMALL_REQUEST_THRESHOLD`] bytes, over-aligned, or immortal).
    pub size_class: Option<usize>,
    /// The number of weak references to the object
    /// ([`Gc::weak_count`](crate::Gc::weak_count)).
    pub weak_count: usize,
    /// The state of the object's finalizer (PEP 442).
    pub finalizer: FinalizerState,
    /// The number of the reference cycle the object is part of, if it is in one: objects
    /// with the same number can all reach each other. Cycles are numbered from 0 in the
    /// order of their first object.
    pub cycle: Option<usize>,
    /// Whether the object is garbage: kept alive only by references from other garbage,
    /// so that a collection would free it (see the module's documentation).
    pub garbage: bool,
    /// How many references to the object the snapshot shows: strong edges from objects
    /// (itself included) plus the roots naming it that are not a holder's edges
    /// ([`Frame::holder`]). Two or more: the object is shared.
    pub referrers: usize,
    /// The object's address (Python's `id()`) when the snapshot was taken.
    pub address: usize,
}

impl Node {
    /// Whether the object is immortal (never freed: its count is pinned at `u32::MAX`).
    pub fn is_immortal(&self) -> bool {
        self.refcount == IMMORTAL as usize
    }

    /// Whether the snapshot shows more than one reference to the object.
    pub fn is_shared(&self) -> bool {
        self.referrers > 1
    }

    /// Bytes of the object's block: the size class's block size, or the object's own
    /// size when the pools do not serve it.
    pub fn block_size(&self) -> usize {
        self.size_class
            .map_or(self.size, |class| (class + 1) * ALIGNMENT)
    }
}

/// Where an object's finalizer ([`Finalize`](crate::Finalize)) stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FinalizerState {
    /// The object has no finalizer.
    None,
    /// The finalizer has not run yet.
    Pending,
    /// The finalizer has run (it never runs twice: the object was resurrected, or is
    /// about to be freed).
    Finalized,
}

/// A reference from one object to another, as its `Trace` impl reported it. An object
/// holding two handles to one object has two edges to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Edge {
    /// The id of the object holding the reference.
    pub from: usize,
    /// The id of the object referred to.
    pub to: usize,
    /// Strong (a handle, counted) or weak.
    pub kind: EdgeKind,
}

/// The kind of an [`Edge`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// A handle: part of the target's count.
    Strong,
    /// A weak reference ([`Weak`](crate::Weak), `weakref.ref`): not counted.
    Weak,
}

/// A name the snapshot was given for an object: a root, drawn on the left of the
/// picture.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Root {
    /// The index of the frame the name belongs to, in [`Snapshot::frames`].
    pub frame: usize,
    /// The name.
    pub name: String,
    /// The id of the object it names.
    pub node: usize,
}

/// A group of names, drawn as one stack of name boxes: a frame of the seed's stack.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Frame {
    /// The frame's name (`"<module>"` for a block's globals); empty for the names given
    /// before any [`Capture::frame`].
    pub name: String,
    /// The id of the heap object whose references the names are, if they are one
    /// object's (a block's globals are a `module` object): its edges and the names are
    /// the same references, so the names are not counted again in
    /// [`Node::referrers`], and the pictures draw that object as the frame itself.
    pub holder: Option<usize>,
}

/// A handle a snapshot can start from ([`Capture::root`]): any [`Gc<T>`](crate::Gc),
/// unsized ones too (`Gc<dyn Trait>`, `Gc<str>`), an [`AnyGc`], a Python `Obj`.
pub trait RootHandle {
    /// A new handle to the object, type erased.
    fn to_any(&self) -> AnyGc;
}

impl<T: ?Sized> RootHandle for crate::Gc<T> {
    fn to_any(&self) -> AnyGc {
        crate::Gc::into_any(self.clone())
    }
}

impl RootHandle for AnyGc {
    fn to_any(&self) -> AnyGc {
        self.clone()
    }
}

/// Something that has names bound to objects, to give a snapshot as roots
/// ([`Capture::roots`]): a `pyblock!`'s `Namespace` (the Python layer) is one.
pub trait Roots {
    /// The name of the frame the names belong to.
    fn frame_name(&self) -> String;
    /// The names and the objects they are bound to, in order.
    fn named_handles(&self) -> Vec<(String, AnyGc)>;
    /// The heap object that holds the references the names stand for, if there is one
    /// (a block's globals object); `None` (the default) when the names are references of
    /// their own.
    fn holder(&self) -> Option<AnyGc> {
        None
    }
}

/// What a snapshot asks of the Python layer about an object whose header records a
/// Python type (ARCHITECTURE.md, "Layers": the core defines the interface, the layer
/// plugs in; `python::snapshot` implements it for the Python type table).
pub(crate) trait DescribeType {
    /// The object's type name and label, the label shortened to `width` characters
    /// ([`shorten`]).
    fn describe(&self, object: &AnyGc, width: usize) -> (String, String);
    /// The object's type name alone (no `repr`: nothing runs).
    fn type_name(&self, object: &AnyGc) -> String;
}

/// With the `python` feature off no object has a Python type.
#[cfg(not(feature = "python"))]
impl DescribeType for crate::object::PythonType {
    fn describe(&self, _: &AnyGc, _: usize) -> (String, String) {
        match *self {}
    }
    fn type_name(&self, _: &AnyGc) -> String {
        match *self {}
    }
}

/// A labeller given to [`Capture::label_with`].
type LabelFn<'a> = dyn Fn(&AnyGc) -> Option<String> + 'a;

/// A snapshot being set up: its roots and options. [`Capture::capture`] takes it.
#[must_use = "a snapshot is taken by `capture()`"]
pub struct Capture<'a> {
    /// Each root: its frame's index, its name, its object.
    roots: Vec<(usize, String, AnyGc)>,
    /// Each frame: its name and the object holding its names' references.
    frames: Vec<(String, Option<AnyGc>)>,
    /// The frame [`Capture::root`] adds to, once there is one.
    frame: Option<usize>,
    all: bool,
    labeller: Option<Box<LabelFn<'a>>>,
    width: usize,
    /// Objects one of whose handles is the caller's bookkeeping, not the program's
    /// ([`Capture::discount`]), each with a handle of the capture's.
    discounted: Vec<AnyGc>,
}

impl Snapshot {
    /// A snapshot of the objects reachable from the roots it will be given
    /// ([`Capture::root`]).
    #[expect(
        clippy::new_ret_no_self,
        reason = "`Snapshot::new().root(..).capture()`"
    )]
    pub fn new<'a>() -> Capture<'a> {
        Capture {
            roots: Vec::new(),
            frames: Vec::new(),
            frame: None,
            all: false,
            labeller: None,
            width: DEFAULT_LABEL_WIDTH,
            discounted: Vec::new(),
        }
    }

    /// A snapshot of every object the collector tracks (generations 0 to 2, as
    /// `gc.get_objects()`), what they reach, and the roots it will be given. Garbage
    /// shows in such a snapshot only.
    pub fn all<'a>() -> Capture<'a> {
        Capture {
            all: true,
            ..Snapshot::new()
        }
    }

    /// The objects, by id.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The object numbered `id`.
    ///
    /// # Panics
    /// If there is no such object (`id >= nodes().len()`).
    pub fn node(&self, id: usize) -> &Node {
        &self.nodes[id]
    }

    /// The references between the objects, in the order they were found: by the id of
    /// the object holding them, then as its `Trace` impl reports them.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// The names, in the order they were given.
    pub fn roots(&self) -> &[Root] {
        &self.roots
    }

    /// The frames the names belong to, in the order they were started.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// The object the first root called `name` names.
    pub fn root(&self, name: &str) -> Option<&Node> {
        let root = self.roots.iter().find(|root| root.name == name)?;
        self.nodes.get(root.node)
    }

    /// The objects `id` refers to with strong references, once per reference.
    pub fn referents(&self, id: usize) -> impl Iterator<Item = &Node> + '_ {
        self.edges
            .iter()
            .filter(move |edge| edge.from == id && edge.kind == EdgeKind::Strong)
            .map(|edge| &self.nodes[edge.to])
    }

    /// The garbage objects (see [`Node::garbage`]).
    pub fn garbage(&self) -> impl Iterator<Item = &Node> + '_ {
        self.nodes.iter().filter(|node| node.garbage)
    }

    /// The shortest chain of strong references from a root to object `id`: the root's
    /// index in [`Snapshot::roots`] and the ids along the chain, the root's object first
    /// and `id` last; `None` if no root leads to it. What keeps an object alive, as
    /// objgraph's `find_backref_chain` shows it (the seed's level 10: a leak is a chain
    /// from a name nobody meant to keep).
    pub fn chain_to(&self, id: usize) -> Option<(usize, Vec<usize>)> {
        analysis::chain_to(self, id)
    }

    /// The part of the snapshot [`Snapshot::chain_to`] finds: the root's name (alone in its
    /// frame) and the objects of the chain, each with the one reference to the next, ids
    /// renumbered from 0 along the chain. Each object keeps what the whole snapshot says
    /// of it (count, cycle, garbage). `None` if no root leads to `id`.
    pub fn chain(&self, id: usize) -> Option<Snapshot> {
        let (root, chain) = self.chain_to(id)?;
        let nodes = chain
            .iter()
            .enumerate()
            .map(|(new, &old)| Node {
                id: new,
                ..self.nodes[old].clone()
            })
            .collect();
        let edges = (1..chain.len())
            .map(|to| Edge {
                from: to - 1,
                to,
                kind: EdgeKind::Strong,
            })
            .collect();
        let root = &self.roots[root];
        Some(Snapshot {
            nodes,
            edges,
            frames: vec![Frame {
                name: self.frames[root.frame].name.clone(),
                holder: None,
            }],
            roots: vec![Root {
                frame: 0,
                name: root.name.clone(),
                node: 0,
            }],
        })
    }

    /// The part of the snapshot made of the objects `keep` accepts: the references between
    /// them, the names of them, and the frames of those names (a frame's holder is kept
    /// only if accepted). Ids are renumbered from 0 in the old order; each object keeps
    /// what the whole snapshot says of it (count, cycle, garbage). To leave out what
    /// does not matter for a picture (the objects of an imported module, say).
    pub fn filtered(&self, keep: impl Fn(&Node) -> bool) -> Snapshot {
        let mut new_id = vec![None; self.nodes.len()];
        let mut nodes = Vec::new();
        for node in &self.nodes {
            if keep(node) {
                new_id[node.id] = Some(nodes.len());
                nodes.push(Node {
                    id: nodes.len(),
                    ..node.clone()
                });
            }
        }
        let edges = self
            .edges
            .iter()
            .filter_map(|edge| {
                Some(Edge {
                    from: new_id[edge.from]?,
                    to: new_id[edge.to]?,
                    kind: edge.kind,
                })
            })
            .collect();
        let mut new_frame = vec![None; self.frames.len()];
        let mut frames = Vec::new();
        let mut roots = Vec::new();
        for root in &self.roots {
            let Some(node) = new_id[root.node] else {
                continue;
            };
            let frame = *new_frame[root.frame].get_or_insert_with(|| {
                let old = &self.frames[root.frame];
                frames.push(Frame {
                    name: old.name.clone(),
                    holder: old.holder.and_then(|holder| new_id[holder]),
                });
                frames.len() - 1
            });
            roots.push(Root {
                frame,
                name: root.name.clone(),
                node,
            });
        }
        Snapshot {
            nodes,
            edges,
            frames,
            roots,
        }
    }

    /// The part of the snapshot within `max_depth` references of the objects `ids`,
    /// following the references out of them (objgraph's `show_refs`): breadth first, at
    /// most `too_many` references taken out of each object (in the order its `Trace`
    /// reports them), objects in `ignore` never entered. The names of the kept objects
    /// stay (see [`Snapshot::filtered`]).
    pub fn refs(
        &self,
        ids: &[usize],
        max_depth: usize,
        too_many: usize,
        ignore: &[usize],
    ) -> Snapshot {
        self.within(ids, max_depth, too_many, ignore, false)
    }

    /// [`Snapshot::refs`] following references backwards, from the objects `ids` to what
    /// refers to them (objgraph's `show_backrefs`): what keeps them alive. Take the
    /// snapshot with [`Snapshot::all`] to see every referrer the collector tracks.
    pub fn backrefs(
        &self,
        ids: &[usize],
        max_depth: usize,
        too_many: usize,
        ignore: &[usize],
    ) -> Snapshot {
        self.within(ids, max_depth, too_many, ignore, true)
    }

    fn within(
        &self,
        ids: &[usize],
        max_depth: usize,
        too_many: usize,
        ignore: &[usize],
        backwards: bool,
    ) -> Snapshot {
        let mut next: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        for edge in &self.edges {
            let (from, to) = if backwards {
                (edge.to, edge.from)
            } else {
                (edge.from, edge.to)
            };
            if !next[from].contains(&to) {
                next[from].push(to);
            }
        }
        let mut depth: Vec<Option<usize>> = vec![None; self.nodes.len()];
        let mut queue = std::collections::VecDeque::new();
        for &id in ids {
            if id < depth.len() && depth[id].is_none() {
                depth[id] = Some(0);
                queue.push_back(id);
            }
        }
        while let Some(id) = queue.pop_front() {
            let here = depth[id].unwrap_or(0);
            if here >= max_depth {
                continue;
            }
            let mut taken = 0;
            for &other in &next[id] {
                if ignore.contains(&other) || taken >= too_many {
                    continue;
                }
                taken += 1;
                if depth[other].is_none() {
                    depth[other] = Some(here + 1);
                    queue.push_back(other);
                }
            }
        }
        self.filtered(|node| depth[node.id].is_some())
    }

    /// The picture of [`Snapshot::chain`] as SVG ([`Snapshot::to_svg`]): what keeps object
    /// `id` alive, from the name to the object, as objgraph's `show_chain` draws it.
    pub fn chain_svg(&self, id: usize) -> Option<String> {
        self.chain(id).map(|chain| chain.to_svg())
    }

    /// The picture of [`Snapshot::chain`] in DOT ([`Snapshot::to_dot`]).
    pub fn chain_dot(&self, id: usize) -> Option<String> {
        self.chain(id).map(|chain| chain.to_dot())
    }

    /// The number of objects of each type, most numerous first (ties by name), as
    /// objgraph's `show_most_common_types`.
    pub fn type_counts(&self) -> Vec<(&str, usize)> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for node in &self.nodes {
            *counts.entry(node.type_name.as_str()).or_default() += 1;
        }
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        counts
    }

    /// The picture in Graphviz's DOT language (`dot -Tsvg`): one box per object, one
    /// cluster of names per frame, the marks of [`Snapshot::to_svg`] as styles.
    pub fn to_dot(&self) -> String {
        dot::render(self)
    }

    /// The picture as an SVG document: frames of names on the left, objects in columns
    /// by their distance from the names, arrows for references (dashed for weak ones),
    /// and a legend. Cycles are red, shared objects have a double border, garbage is grey.
    pub fn to_svg(&self) -> String {
        svg::render(self)
    }
}

impl<'a> Capture<'a> {
    /// Adds a root: `name` for the object `handle` refers to, in the current frame. Any
    /// handle will do ([`RootHandle`]): [`Gc<T>`](crate::Gc), [`AnyGc`], a Python `Obj`.
    pub fn root(mut self, name: impl Into<String>, handle: &impl RootHandle) -> Self {
        let frame = match self.frame {
            Some(frame) => frame,
            None => self.start_frame(String::new(), None),
        };
        self.roots.push((frame, name.into(), handle.to_any()));
        self
    }

    /// Starts a frame: the roots added after this belong to it (drawn as one stack of
    /// names, under its name).
    pub fn frame(mut self, name: impl Into<String>) -> Self {
        let frame = self.start_frame(name.into(), None);
        self.frame = Some(frame);
        self
    }

    /// Adds the names of `roots` (a `pyblock!` block's `Namespace`, of the Python layer) in a
    /// frame of their own; the frame in use before is used again after.
    pub fn roots(mut self, roots: &impl Roots) -> Self {
        let frame = self.start_frame(roots.frame_name(), roots.holder());
        for (name, handle) in roots.named_handles() {
            self.roots.push((frame, name, handle));
        }
        self
    }

    fn start_frame(&mut self, name: String, holder: Option<AnyGc>) -> usize {
        self.frames.push((name, holder));
        self.frames.len() - 1
    }

    /// Labels objects with `labeller` when it returns `Some` (a Rust value's fields, say,
    /// through [`AnyGc::downcast_ref`]); the others keep their usual label.
    pub fn label_with(mut self, labeller: impl Fn(&AnyGc) -> Option<String> + 'a) -> Self {
        self.labeller = Some(Box::new(labeller));
        self
    }

    /// How many characters of a label to keep (at least 5; [`DEFAULT_LABEL_WIDTH`] unless
    /// set); longer ones are cut in the middle.
    pub fn label_width(mut self, width: usize) -> Self {
        self.width = width.max(5);
        self
    }

    /// Leaves one handle to `handle`'s object out of its count: a handle its caller keeps
    /// for its own bookkeeping (the step recorder's handle to a running block's globals),
    /// which the program does not hold, as the snapshot leaves out its own.
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    pub(crate) fn discount(mut self, handle: &impl RootHandle) -> Self {
        self.discounted.push(handle.to_any());
        self
    }

    /// Takes the snapshot.
    pub fn capture(self) -> Snapshot {
        let _paused = PauseCollection::new();
        let Capture {
            roots,
            frames,
            all,
            labeller,
            width,
            discounted,
            ..
        } = self;
        let mut walk = Walk::default();
        let mut named = Vec::with_capacity(roots.len());
        for (frame, name, handle) in roots {
            let node = walk.add(handle.clone());
            walk.own[node] += 1; // the root's handle, dropped after the counts are read
            named.push((Root { frame, name, node }, handle));
        }
        walk.trace_pending();
        // The holders after what the names lead to: the named objects get the first ids.
        let mut held = Vec::with_capacity(frames.len());
        for (name, holder) in frames {
            let node = holder.map(|holder| {
                let node = walk.add(holder.clone());
                walk.own[node] += 1;
                (node, holder)
            });
            held.push((name, node));
        }
        walk.trace_pending();
        for handle in &discounted {
            let node = walk.add(handle.clone());
            // The caller's handle, and this one, kept until the counts are read.
            walk.own[node] += 2;
        }
        walk.trace_pending();
        if all {
            for object in tracked_objects() {
                walk.add(object);
                walk.trace_pending();
            }
        }
        let nodes = walk.describe(labeller.as_deref(), width);
        // Counts read, the handles go: each object is back to the count it had.
        let Walk { edges, handles, .. } = walk;
        let roots = named.into_iter().map(|(root, _handle)| root).collect();
        let frames = held
            .into_iter()
            .map(|(name, holder)| Frame {
                name,
                holder: holder.map(|(node, _handle)| node),
            })
            .collect();
        drop(handles);
        drop(discounted);
        let mut snapshot = Snapshot {
            nodes,
            edges,
            frames,
            roots,
        };
        analysis::mark(&mut snapshot);
        snapshot
    }
}

/// The walk of a capture: the objects found (each with one handle of the snapshot's),
/// and the edges between them.
#[derive(Default)]
struct Walk {
    /// A handle to each object found, by id.
    handles: Vec<AnyGc>,
    /// How many handles to each object the snapshot holds (its own, and the roots').
    own: Vec<usize>,
    /// Ids by address.
    ids: HashMap<usize, usize>,
    /// The next object to trace.
    next: usize,
    edges: Vec<Edge>,
}

impl Walk {
    /// The id of `object`, found now or before (then the extra handle is dropped: the
    /// walk's own keeps the object alive).
    fn add(&mut self, object: AnyGc) -> usize {
        let next = self.handles.len();
        let id = *self.ids.entry(AnyGc::addr(&object)).or_insert(next);
        if id == next {
            self.handles.push(object);
            self.own.push(1);
        }
        id
    }

    /// Traces every object found and not traced yet, breadth first, adding what they
    /// refer to.
    fn trace_pending(&mut self) {
        let mut strong = Vec::new();
        let mut weak = Vec::new();
        while self.next < self.handles.len() {
            let from = self.next;
            self.next += 1;
            crate::gc::trace(
                &self.handles[from],
                &mut Tracer::new(Mode::Snapshot {
                    strong: &mut strong,
                    weak: &mut weak,
                }),
            );
            for (kind, target) in strong
                .drain(..)
                .map(|target| (EdgeKind::Strong, target))
                .chain(weak.drain(..).map(|target| (EdgeKind::Weak, target)))
            {
                let to = self.add(target);
                self.edges.push(Edge { from, to, kind });
            }
        }
    }

    /// Every object's type, label, count and state, read now.
    fn describe(&self, labeller: Option<&LabelFn<'_>>, width: usize) -> Vec<Node> {
        // The labels first: they may run user code (a `repr`, the labeller), which may
        // change counts; the states are read after, all at one moment.
        let labels: Vec<(String, String)> = self
            .handles
            .iter()
            .map(|object| describe(object, labeller, width))
            .collect();
        labels
            .into_iter()
            .zip(&self.handles)
            .zip(&self.own)
            .enumerate()
            .map(|(id, (((type_name, label), object), &own))| {
                let header = object.header();
                // SAFETY: the walk's handle keeps the object live.
                let state = unsafe { header.as_ref() };
                node(id, state, own, type_name, label, object)
            })
            .collect()
    }
}

/// The type name and label of `object`.
fn describe(object: &AnyGc, labeller: Option<&LabelFn<'_>>, width: usize) -> (String, String) {
    let state = header_of(object);
    if let Some(label) = labeller.and_then(|labeller| labeller(object)) {
        return (short_type_name(state.type_name()), shorten(&label, width));
    }
    if let Some(python_type) = state.vtable().python_type {
        // A `repr` raises `PyErr`s, which the Python layer turns into a placeholder; a
        // panic there would be a bug of the runtime's, still no reason to lose the picture.
        if let Ok(described) =
            catch_unwind(AssertUnwindSafe(|| python_type.describe(object, width)))
        {
            return described;
        }
    }
    let name = short_type_name(state.type_name());
    (name.clone(), name)
}

/// The type name of `object`, as [`Node::type_name`] gives it.
fn type_name_of(object: &AnyGc) -> String {
    let state = header_of(object);
    match state.vtable().python_type {
        Some(python_type) => python_type.type_name(object),
        None => short_type_name(state.type_name()),
    }
}

fn header_of(object: &AnyGc) -> &Header {
    // SAFETY: a handle keeps its object live.
    unsafe { object.header().as_ref() }
}

/// The node of one object, its state read from its header.
fn node(
    id: usize,
    state: &Header,
    own: usize,
    type_name: String,
    label: String,
    object: &AnyGc,
) -> Node {
    let rc = state.rc.get();
    let refcount = if rc == IMMORTAL {
        IMMORTAL as usize
    } else {
        (rc as usize).saturating_sub(own)
    };
    let tracked = state.has(flag::TRACKED);
    // SAFETY: a live object of this vtable (the walk's handle).
    let layout = unsafe { state.vtable().layout_of(object.header()) };
    let pooled =
        rc != IMMORTAL && layout.size() <= SMALL_REQUEST_THRESHOLD && layout.align() <= ALIGNMENT;
    let finalizer = if state.has(flag::FINALIZED) {
        FinalizerState::Finalized
    } else if state.has(flag::FINALIZER) {
        FinalizerState::Pending
    } else {
        FinalizerState::None
    };
    Node {
        id,
        type_name,
        rust_type: state.type_name(),
        label,
        refcount,
        tracked,
        generation: tracked.then(|| state.generation()),
        size: layout.size(),
        size_class: pooled.then(|| (layout.size().max(1) - 1) / ALIGNMENT),
        weak_count: crate::weakref::weak_count_of(object.header()),
        finalizer,
        cycle: None,
        garbage: false,
        referrers: 0,
        address: AnyGc::addr(object),
    }
}

/// Handles to the objects `gc.get_objects()` lists, less those being released (count
/// zero: a release put off in the trashcan), which no handle may be made to.
fn tracked_objects() -> Vec<AnyGc> {
    with_heap(|heap| {
        let mut objects = Vec::new();
        let mut keep = |object: std::ptr::NonNull<Header>| {
            // SAFETY: listed and walked objects are live.
            let state = unsafe { object.as_ref() };
            if state.rc.get() != 0 {
                objects.push(AnyGc::from_borrowed(object));
            }
        };
        for young in &heap.generations.young {
            young.iter().copied().for_each(&mut keep);
        }
        heap.for_each_object(|object| {
            // SAFETY: the pools report live objects only.
            let state = unsafe { object.as_ref() };
            if state.has(flag::TRACKED) && state.generation() == 2 {
                keep(object);
            }
        });
        objects
    })
}

/// Automatic collection off while a snapshot is taken (labels may allocate); the old
/// setting back when dropped, also on a panic.
struct PauseCollection {
    was_enabled: bool,
}

impl PauseCollection {
    fn new() -> Self {
        let was_enabled = crate::gc::is_enabled();
        crate::gc::disable();
        PauseCollection { was_enabled }
    }
}

impl Drop for PauseCollection {
    fn drop(&mut self) {
        if self.was_enabled {
            crate::gc::enable();
        }
    }
}

/// A Rust type's name without module paths: `alloc::vec::Vec<my::Node>` is
/// `Vec<Node>`.
pub(crate) fn short_type_name(full: &str) -> String {
    let mut short = String::with_capacity(full.len());
    let mut segment = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            segment.push(c);
        } else {
            short.push_str(segment.rsplit("::").next().unwrap_or_default());
            segment.clear();
            short.push(c);
        }
    }
    short.push_str(segment.rsplit("::").next().unwrap_or_default());
    short
}

/// `text` in at most `width` characters: a longer text keeps its start and its end around
/// `...`, as Python's `reprlib` shortens a `repr` (`'abcdefghij'` in 9 is `'ab...ij'`).
pub(crate) fn shorten(text: &str, width: usize) -> String {
    let count = text.chars().count();
    if count <= width {
        return text.to_owned();
    }
    let head = width.saturating_sub(3) / 2;
    let tail = width.saturating_sub(3) - head;
    let mut short: String = text.chars().take(head).collect();
    short.push_str("...");
    short.extend(text.chars().skip(count - tail));
    short
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::*;
    use crate::{Gc, Trace, Weak};

    /// A node that holds strong and weak references, traced by hand (the runtime's own
    /// tests cannot use the derive).
    struct Link {
        next: RefCell<Vec<Gc<Link>>>,
        back: RefCell<Option<Weak<Link>>>,
    }

    impl Trace for Link {
        const TRACKED: bool = true;
        fn trace(&self, tracer: &mut Tracer<'_>) {
            self.next.trace(tracer);
            self.back.trace(tracer);
        }
        fn drop_handles(&self) {
            self.next.drop_handles();
            self.back.drop_handles();
        }
    }

    fn link() -> Gc<Link> {
        Gc::new(Link {
            next: RefCell::new(Vec::new()),
            back: RefCell::new(None),
        })
    }

    #[test]
    fn a_snapshot_reads_counts_edges_and_garbage_and_changes_no_count() {
        let (a, b) = (link(), link());
        a.next.borrow_mut().push(b.clone());
        *b.back.borrow_mut() = Some(Gc::downgrade(&a));
        let number = Gc::new(5_u64);
        let snapshot = Snapshot::new().root("a", &a).root("n", &number).capture();
        assert_eq!((Gc::strong_count(&a), Gc::strong_count(&b)), (1, 2));
        let counts: Vec<usize> = snapshot.nodes().iter().map(|node| node.refcount).collect();
        assert_eq!(counts, [1, 1, 2]); // `b` is named here and held by `a`
        assert_eq!(snapshot.node(0).weak_count, 1);
        // A `u64` object is 24 bytes (the header and the value): a 32-byte block.
        assert_eq!(
            (snapshot.node(1).size, snapshot.node(1).size_class),
            (24, Some(1))
        );
        let edges: Vec<_> = snapshot
            .edges()
            .iter()
            .map(|e| (e.from, e.to, e.kind))
            .collect();
        assert_eq!(edges, [(0, 2, EdgeKind::Strong), (2, 0, EdgeKind::Weak)]);

        // A cycle nobody names: garbage in `all()`, until collected.
        let (c, d) = (link(), link());
        c.next.borrow_mut().push(d.clone());
        d.next.borrow_mut().push(c.clone());
        drop((c, d));
        let everything = Snapshot::all().root("a", &a).capture();
        let garbage: Vec<usize> = everything.garbage().map(|node| node.id).collect();
        assert_eq!(garbage.len(), 2);
        assert!(
            garbage
                .iter()
                .all(|&id| everything.node(id).cycle == Some(0))
        );
        assert_eq!(crate::gc::collect(), 2);
        assert!(Snapshot::all().capture().garbage().next().is_none());
    }

    #[test]
    fn type_names_lose_their_module_paths() {
        assert_eq!(short_type_name("alloc::string::String"), "String");
        assert_eq!(
            short_type_name("alloc::vec::Vec<my::Node<i64>>"),
            "Vec<Node<i64>>"
        );
        assert_eq!(
            short_type_name("(i64, core::cell::Cell<u8>)"),
            "(i64, Cell<u8>)"
        );
        assert_eq!(short_type_name("[u8]"), "[u8]");
    }

    #[test]
    fn long_labels_are_cut_in_the_middle_as_reprlib_does() {
        assert_eq!(shorten("'abcdefghij'", 9), "'ab...ij'");
        assert_eq!(shorten("short", 9), "short");
        assert_eq!(shorten("ééééééééééé", 7), "éé...éé");
    }
}
