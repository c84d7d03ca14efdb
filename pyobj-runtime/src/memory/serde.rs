//! Handing a graph to another thread: serde's `Serialize` and `Deserialize` for
//! [`Gc<T>`](crate::Gc) (feature `serde`), with shared objects kept.
//!
//! Handles are `!Send`: each thread has its own heap. The one supported way to move a
//! graph of objects to another thread is to serialize it on one side and rebuild it on
//! the other (through a channel, a file, a socket). The rebuilt graph has the same
//! shape: two handles to one object come back as two handles to one object.
//!
//! # Ids, and the scope that gives them their meaning
//! Inside a [`Graph`] (or [`with_shared_ids`]), the first time an object is met it is
//! written whole, as `{"new": value}` in JSON; each later handle to it is written
//! `{"ref": n}`, where `n` counts the objects written whole before it in this scope (0,
//! 1, 2, ...). Reading does the same count, so `n` names the same object on both sides,
//! as long as both sides open the scope around the same value: serialize a
//! `Graph<Vec<Gc<Node>>>`, deserialize a `Graph<Vec<Gc<Node>>>`.
//!
//! A `Gc` serialized or deserialized outside such a scope is an error (the ids would
//! have no common start): wrap the value in [`Graph`].
//!
//! # Cycles are refused
//! A `Gc<T>` is rebuilt by making its `T` first (generic `Deserialize`) and putting it
//! on the heap after: an object cannot be named from inside its own value. So a cycle
//! through `Gc<T>` handles is refused when it is serialized, with an error that says so
//! (`cannot serialize a cycle of Gc handles: ...`). Python objects (`Obj`, in the Python
//! layer) keep their cycles through lists and dicts, which can be made empty first.
//!
//! ```
//! use pyobj::Gc;
//! use pyobj::serde_graph::Graph;
//!
//! let shared = Gc::new(String::from("shared"));
//! let pair = vec![shared.clone(), shared];
//! let text = serde_json::to_string(&Graph(&pair)).unwrap();
//! assert_eq!(text, r#"[{"new":"shared"},{"ref":0}]"#);
//!
//! let Graph(back): Graph<Vec<Gc<String>>> = serde_json::from_str(&text).unwrap();
//! assert_eq!(*back[0], "shared");
//! assert!(Gc::ptr_eq(&back[0], &back[1])); // one object, two handles
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::ptr::NonNull;

use ::serde::de::{self, Deserialize, Deserializer, EnumAccess, VariantAccess, Visitor};
use ::serde::ser::{self, Serialize, Serializer};

use crate::object::Header;
use crate::refcount::{AnyGc, Gc};
use crate::trace::Trace;

/// A value whose handles are serialized (or deserialized) with shared ids: the scope in
/// which `{"ref": n}` means "the `n`-th object written whole".
///
/// It is transparent: `Graph(value)` is written as `value` is, and read back the same
/// way. Open it on both sides around the same type. A `Graph` inside another one (or
/// inside [`with_shared_ids`]) uses the outer scope's ids.
///
/// ```
/// use pyobj::{Gc, gc};
/// use pyobj::serde_graph::Graph;
///
/// let a = Gc::new(7_i64);
/// let text = serde_json::to_string(&Graph((a.clone(), a))).unwrap();
/// assert_eq!(text, r#"[{"new":7},{"ref":0}]"#);
///
/// // On another thread, the same shape comes back.
/// let same = std::thread::spawn(move || {
///     let Graph((x, y)): Graph<(Gc<i64>, Gc<i64>)> = serde_json::from_str(&text).unwrap();
///     Gc::ptr_eq(&x, &y)
/// })
/// .join()
/// .unwrap();
/// assert!(same);
///
/// // Outside a `Graph`, a handle is refused.
/// let error = serde_json::to_string(&Gc::new(1_i64)).unwrap_err();
/// assert!(error.to_string().starts_with("a Gc<i64> can be serialized or deserialized only inside"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Graph<T>(pub T);

impl<T: Serialize> Serialize for Graph<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let _scope = ScopeGuard::enter();
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Graph<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let _scope = ScopeGuard::enter();
        T::deserialize(deserializer).map(Graph)
    }
}

/// Runs `f` with shared ids: every handle serialized or deserialized inside it (by any
/// number of serializer calls) counts in one scope, as inside one [`Graph`]. For formats
/// that write several values in a row, or to serialize a value you cannot wrap.
///
/// ```
/// use pyobj::Gc;
/// use pyobj::serde_graph::with_shared_ids;
///
/// let a = Gc::new(String::from("a"));
/// let (first, second) = with_shared_ids(|| {
///     (serde_json::to_string(&a).unwrap(), serde_json::to_string(&a).unwrap())
/// });
/// assert_eq!((first.as_str(), second.as_str()), (r#"{"new":"a"}"#, r#"{"ref":0}"#));
///
/// let (x, y): (Gc<String>, Gc<String>) = with_shared_ids(|| {
///     (serde_json::from_str(&first).unwrap(), serde_json::from_str(&second).unwrap())
/// });
/// assert!(Gc::ptr_eq(&x, &y));
/// ```
pub fn with_shared_ids<R>(f: impl FnOnce() -> R) -> R {
    let _scope = ScopeGuard::enter();
    f()
}

/// Which kind of handle an id names. The two kinds count separately: typed handles
/// (`Gc<T>`) and the dynamically typed objects of the layer above (which counts only
/// its containers).
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "python"), allow(dead_code))] // `Dynamic`: the Python layer's
pub(crate) enum Space {
    /// `Gc<T>` handles.
    Handles = 0,
    /// Dynamically typed objects.
    Dynamic = 1,
}

/// What serializing knows of an object met in this scope.
#[cfg_attr(not(feature = "python"), allow(dead_code))] // the id of `InProgress`: the Python layer's
pub(crate) enum Visit {
    /// Met for the first time: write it whole; it is the object of this id.
    First,
    /// Written whole already, under this id.
    Done(u64),
    /// Being written: met again from inside its own value (a cycle), under this id.
    InProgress(u64),
}

/// What deserializing finds under an id.
pub(crate) enum Found {
    /// The object.
    Ready(AnyGc),
    /// An object whose value is still being read (a reference from inside it).
    Pending,
    /// No object was read under this id yet.
    Unknown,
}

/// An object being (or written) in this scope.
struct Written {
    id: u64,
    done: bool,
    /// Keeps the object alive, so that its address is not reused during the scope.
    _object: AnyGc,
}

/// The ids of one kind of handle.
#[derive(Default)]
struct Table {
    /// Serializing: objects met, by the address of their header.
    written: HashMap<usize, Written>,
    /// Serializing: the number of objects written whole.
    count: u64,
    /// Deserializing: the objects read, by id (`None` while being read).
    read: Vec<Option<AnyGc>>,
}

/// The thread's scope of shared ids.
#[derive(Default)]
struct Scope {
    /// Open `Graph`s and `with_shared_ids` calls on this thread.
    depth: usize,
    tables: [Table; 2],
}

thread_local! {
    static SCOPE: RefCell<Scope> = RefCell::new(Scope::default());
}

/// Opens the scope (or enters the one open); the outermost guard's drop ends it and
/// lets go of every object it held.
struct ScopeGuard;

impl ScopeGuard {
    fn enter() -> ScopeGuard {
        SCOPE.with(|scope| scope.borrow_mut().depth += 1);
        ScopeGuard
    }
}

impl Drop for ScopeGuard {
    fn drop(&mut self) {
        let tables = SCOPE.try_with(|scope| {
            let mut scope = scope.borrow_mut();
            scope.depth -= 1;
            (scope.depth == 0).then(|| std::mem::take(&mut scope.tables))
        });
        // The handles are dropped after the borrow ends: a release may run user code
        // (a `Drop`, a finalizer) that serializes again.
        drop(tables);
    }
}

/// Runs `f` on the table of `space`, or returns `None` outside a scope.
fn with_table<R>(space: Space, f: impl FnOnce(&mut Table) -> R) -> Option<R> {
    SCOPE.with(|scope| {
        let mut scope = scope.borrow_mut();
        (scope.depth > 0).then(|| f(&mut scope.tables[space as usize]))
    })
}

/// Serializing: records that `object` is met; `None` outside a scope. An object met for
/// the first time is held until the scope ends and takes the next id.
pub(crate) fn visit(space: Space, object: NonNull<Header>) -> Option<Visit> {
    with_table(space, |table| {
        let key = object.addr().get();
        if let Some(written) = table.written.get(&key) {
            return if written.done {
                Visit::Done(written.id)
            } else {
                Visit::InProgress(written.id)
            };
        }
        let id = table.count;
        table.count += 1;
        let written = Written {
            id,
            done: false,
            // Only a count is taken: no user code runs.
            _object: AnyGc::from_borrowed(object),
        };
        table.written.insert(key, written);
        Visit::First
    })
}

/// Serializing: `object`, met first by [`visit`], is written whole.
pub(crate) fn finish(space: Space, object: NonNull<Header>) {
    with_table(space, |table| {
        if let Some(written) = table.written.get_mut(&object.addr().get()) {
            written.done = true;
        }
    });
}

/// Deserializing: the id of the next object read whole, reserved until [`fill`]; `None`
/// outside a scope.
pub(crate) fn reserve(space: Space) -> Option<u64> {
    with_table(space, |table| {
        table.read.push(None);
        table.read.len() as u64 - 1
    })
}

/// Deserializing: `object` is the one read under `id`.
pub(crate) fn fill(space: Space, id: u64, object: AnyGc) {
    let old = with_table(space, |table| {
        table
            .read
            .get_mut(id as usize)
            .and_then(|slot| slot.replace(object))
    });
    // Dropped after the borrow ends (there is none: each id is filled once).
    drop(old);
}

/// Deserializing: the object read under `id`; `None` outside a scope.
pub(crate) fn find(space: Space, id: u64) -> Option<Found> {
    with_table(space, |table| {
        match usize::try_from(id).ok().and_then(|id| table.read.get(id)) {
            Some(Some(object)) => Found::Ready(object.clone()),
            Some(None) => Found::Pending,
            None => Found::Unknown,
        }
    })
}

/// The message for a handle serialized or deserialized outside a scope.
pub(crate) fn outside_scope(what: &str) -> String {
    format!(
        "{what} can be serialized or deserialized only inside pyobj::serde_graph::Graph or \
         with_shared_ids, the scope that gives shared objects their ids: wrap the value in \
         Graph on both sides"
    )
}

/// The message for a reference to an id that names no object read yet.
pub(crate) fn unknown_id(id: u64) -> String {
    format!("{{\"ref\": {id}}} names no object read before it in this Graph")
}

/// `std::any::type_name::<T>()` without the paths (`Node`, not `my_crate::graph::Node`).
fn short_type_name<T: ?Sized>() -> String {
    short(std::any::type_name::<T>())
}

/// A Rust type's name without the paths of its types (`Vec<Gc<Node>>`).
fn short(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut word = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(""));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or(""));
    out
}

/// `{"new": value}` the first time an object is met in the scope, `{"ref": n}` after;
/// an error outside a [`Graph`] (or [`with_shared_ids`]), and for a cycle.
impl<T: ?Sized + Serialize> Serialize for Gc<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let object = Gc::header(self);
        match visit(Space::Handles, object) {
            None => Err(ser::Error::custom(outside_scope(&format!(
                "a Gc<{}>",
                short_type_name::<T>()
            )))),
            Some(Visit::Done(id)) => serializer.serialize_newtype_variant("Gc", 1, "ref", &id),
            Some(Visit::InProgress(_)) => Err(ser::Error::custom(format!(
                "cannot serialize a cycle of Gc handles: a Gc<{}> is reached again from \
                 inside its own value, and Deserialize can put an object on the heap only \
                 after its contents",
                short_type_name::<T>()
            ))),
            Some(Visit::First) => {
                let written = serializer.serialize_newtype_variant("Gc", 0, "new", &**self);
                finish(Space::Handles, object);
                written
            }
        }
    }
}

/// Reads what `Serialize` wrote: `{"new": value}` puts a new object on the heap (with
/// [`Gc::new`]), `{"ref": n}` is one more handle to the `n`-th.
impl<'de, T: Trace + Deserialize<'de> + 'static> Deserialize<'de> for Gc<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_enum("Gc", VARIANTS, GcVisitor(PhantomData))
    }
}

const VARIANTS: &[&str] = &["new", "ref"];

struct GcVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Trace + Deserialize<'de> + 'static> Visitor<'de> for GcVisitor<T> {
    type Value = Gc<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "a Gc<{}>: new or ref", short_type_name::<T>())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Gc<T>, A::Error> {
        let (tag, variant) = data.variant::<Tag>()?;
        let what = || format!("a Gc<{}>", short_type_name::<T>());
        match tag {
            Tag::New => {
                let id = reserve(Space::Handles)
                    .ok_or_else(|| de::Error::custom(outside_scope(&what())))?;
                let value: T = variant.newtype_variant()?;
                let object = Gc::new(value);
                fill(Space::Handles, id, Gc::into_any(object.clone()));
                Ok(object)
            }
            Tag::Ref => {
                let id: u64 = variant.newtype_variant()?;
                match find(Space::Handles, id) {
                    None => Err(de::Error::custom(outside_scope(&what()))),
                    Some(Found::Ready(object)) => object.downcast::<T>().map_err(|object| {
                        de::Error::custom(format!(
                            "{{\"ref\": {id}}} names a Gc<{}>, not a Gc<{}>",
                            short(object.type_name()),
                            short_type_name::<T>()
                        ))
                    }),
                    Some(Found::Pending) => Err(de::Error::custom(format!(
                        "{{\"ref\": {id}}} names a Gc<{}> from inside its own value (a \
                         cycle), which cannot be rebuilt",
                        short_type_name::<T>()
                    ))),
                    Some(Found::Unknown) => Err(de::Error::custom(unknown_id(id))),
                }
            }
        }
    }
}

/// The variant of a serialized `Gc`.
enum Tag {
    New,
    Ref,
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl Visitor<'_> for TagVisitor {
            type Value = Tag;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("`new` or `ref`")
            }
            fn visit_u64<E: de::Error>(self, index: u64) -> Result<Tag, E> {
                match index {
                    0 => Ok(Tag::New),
                    1 => Ok(Tag::Ref),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(index), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Tag, E> {
                match name {
                    "new" => Ok(Tag::New),
                    "ref" => Ok(Tag::Ref),
                    _ => Err(E::unknown_variant(name, VARIANTS)),
                }
            }
        }
        deserializer.deserialize_identifier(TagVisitor)
    }
}
