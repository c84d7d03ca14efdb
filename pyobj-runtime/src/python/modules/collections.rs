//! `import collections`: CPython 3.11's container types, native.
//!
//! - `deque([iterable[, maxlen]])`: a double-ended queue (`append`, `appendleft`, `pop`,
//!   `popleft`, `extend`, `extendleft`, `rotate`, `insert`, `remove`, `index`, `count`,
//!   `clear`, `copy`, `reverse`, the read-only `maxlen`), with items by position, `in`,
//!   comparisons between deques, `+` and `*`, and CPython's texts
//!   (`IndexError: pop from an empty deque`, `RuntimeError: deque mutated during
//!   iteration`).
//! - `defaultdict(default_factory, ...)`, `OrderedDict(...)` and `Counter(...)`: dict
//!   subclasses. Their instances are dicts (`isinstance(d, dict)`, every dict method),
//!   with what each adds: a missing key calls `default_factory` and stores its result;
//!   `move_to_end` and `popitem(last=...)`, and order-sensitive `==` between
//!   `OrderedDict`s; counts (missing keys count 0), `most_common`, `elements`,
//!   `update`/`subtract` that add and subtract, `total`, and the multiset operators
//!   `+ - | &`.
//! - `namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)`:
//!   a new tuple subclass whose fields are also attributes (`p.x`), with `_fields`,
//!   `_field_defaults`, `_make`, `_asdict`, `_replace` and the repr `Point(x=1, y=2)`.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let collections = modules::import("collections").unwrap();
//! let deque = collections.getattr("deque").unwrap();
//! let d = deque.call(&[Obj::list([Obj::from(1), Obj::from(2)])]).unwrap();
//! d.call_method("appendleft", &[Obj::from(0)]).unwrap();
//! assert_eq!(d.repr().unwrap(), "deque([0, 1, 2])");
//! let counter = collections.getattr("Counter").unwrap();
//! let c = counter.call(&[Obj::from("abracadabra")]).unwrap();
//! assert_eq!(
//!     c.call_method("most_common", &[Obj::from(2)]).unwrap().repr().unwrap(),
//!     "[('a', 5), ('b', 2)]"
//! );
//! ```
//!
//! # How the types are made
//! The containers are Rust types with static type tables named as CPython's
//! (`collections.deque`; a module's type names its module). The dict subclasses keep a
//! dict's table inside ([`PyDictSubclass`]), so that `dict`'s slots and methods work on
//! them unchanged. A namedtuple class is a type table made (and leaked, as a class
//! statement's is) when `namedtuple` is called, deriving from `tuple`; its instances
//! hold a tuple and forward the tuple operations to it.
//!
//! Not provided: `ChainMap`, `UserDict`, `UserList`, `UserString`; `deque`'s in-place
//! `+=` extends only through `extend` (`d += x` makes a new deque); the views of an
//! `OrderedDict` are dict views (`dict_keys([...])`, not `odict_keys([...])`).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use crate::exceptions::{NOT_IMPLEMENTED_ERROR, PyErr, PyResult, TYPE_ERROR};
use crate::pyobject::int::{as_index, index_value, int_value};
use crate::pyobject::types::{DICT_TYPE, TUPLE_TYPE};
use crate::pyobject::{
    Args, CompareOp, HashSlot, Method, MethodKind, NumberMethods, Obj, PyBuiltinFunction,
    PyBuiltinMethod, PyDictSubclass, PyModule, PyType, ReprGuard, Signature, as_dict,
    bind_arguments,
};
use crate::trace::{Trace, Tracer};

/// Makes the `collections` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "collections",
        [
            ("Counter", COUNTER_TYPE.to_object()),
            ("OrderedDict", ORDERED_DICT_TYPE.to_object()),
            ("abc", super::import("collections.abc")?),
            ("defaultdict", DEFAULTDICT_TYPE.to_object()),
            ("deque", DEQUE_TYPE.to_object()),
            (
                "namedtuple",
                PyBuiltinFunction::new_immortal("namedtuple", namedtuple),
            ),
        ],
    )
}

/// A method row of a type table.
const fn method(name: &'static str, call: fn(&Obj, &Args<'_>) -> PyResult<Obj>) -> Method {
    Method { name, call }
}

/// Takes what a cell holds and drops it after the borrow ends.
fn clear_cell<T: Default>(cell: &RefCell<T>) {
    if let Ok(mut value) = cell.try_borrow_mut() {
        let old = std::mem::take(&mut *value);
        drop(value);
        drop(old);
    }
}

// ---------------------------------------------------------------------------
// deque

/// The value of a `collections.deque`.
struct PyDeque {
    /// Borrowed only for one step that runs no user code.
    items: RefCell<VecDeque<Obj>>,
    maxlen: Option<usize>,
    /// Bumped by every mutation (CPython's `state`): iterators and searches check it.
    state: Cell<u64>,
}

impl PyDeque {
    fn new(maxlen: Option<usize>) -> PyDeque {
        PyDeque {
            items: RefCell::new(VecDeque::new()),
            maxlen,
            state: Cell::new(0),
        }
    }

    fn changed(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }

    fn len(&self) -> usize {
        self.items.borrow().len()
    }

    /// The item at `index`, if there is one now.
    fn get(&self, index: usize) -> Option<Obj> {
        self.items.borrow().get(index).cloned()
    }

    fn snapshot(&self) -> Vec<Obj> {
        self.items.borrow().iter().cloned().collect()
    }

    /// `append(item)`: at the right end, dropping the leftmost item when full.
    fn push_back(&self, item: Obj) {
        let dropped = {
            let mut items = self.items.borrow_mut();
            if self.maxlen == Some(0) {
                Some(item)
            } else {
                items.push_back(item);
                match self.maxlen {
                    Some(max) if items.len() > max => items.pop_front(),
                    _ => None,
                }
            }
        };
        self.changed();
        drop(dropped);
    }

    /// `appendleft(item)`: at the left end, dropping the rightmost item when full.
    fn push_front(&self, item: Obj) {
        let dropped = {
            let mut items = self.items.borrow_mut();
            if self.maxlen == Some(0) {
                Some(item)
            } else {
                items.push_front(item);
                match self.maxlen {
                    Some(max) if items.len() > max => items.pop_back(),
                    _ => None,
                }
            }
        };
        self.changed();
        drop(dropped);
    }

    /// Replaces every item (the old ones are dropped after the borrow).
    fn replace(&self, items: VecDeque<Obj>) {
        let old = self.items.replace(items);
        self.changed();
        drop(old);
    }
}

impl Trace for PyDeque {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DEQUE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.items.try_borrow() {
            Ok(items) => items.iter().for_each(|item| item.trace(tracer)),
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        clear_cell(&self.items);
    }
}

/// `collections.deque`.
static DEQUE_TYPE: PyType = PyType {
    name: "collections.deque",
    new: Some(deque_new),
    repr: Some(deque_repr),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(deque_richcompare),
    len: Some(|obj| Ok(deque_of(obj)?.len())),
    concat: Some(deque_concat),
    repeat: Some(deque_repeat),
    getitem: Some(deque_getitem),
    setitem: Some(deque_setitem),
    contains: Some(deque_contains),
    iter: Some(|obj| Ok(DequeIter::make(obj, false))),
    getattr: Some(|obj, name| {
        Ok(match name {
            "maxlen" => Some(deque_of(obj)?.maxlen.map_or_else(Obj::none, Obj::from)),
            _ => None,
        })
    }),
    weakrefable: true,
    methods: &[
        method("append", |obj, args| {
            deque_of(obj)?.push_back(args.one("deque.append")?.clone());
            Ok(Obj::none())
        }),
        method("appendleft", |obj, args| {
            deque_of(obj)?.push_front(args.one("deque.appendleft")?.clone());
            Ok(Obj::none())
        }),
        method("pop", |obj, args| {
            args.none("deque.pop")?;
            let deque = deque_of(obj)?;
            let item = deque.items.borrow_mut().pop_back();
            deque.changed();
            item.ok_or_else(|| PyErr::index_error("pop from an empty deque"))
        }),
        method("popleft", |obj, args| {
            args.none("deque.popleft")?;
            let deque = deque_of(obj)?;
            let item = deque.items.borrow_mut().pop_front();
            deque.changed();
            item.ok_or_else(|| PyErr::index_error("pop from an empty deque"))
        }),
        method("extend", |obj, args| {
            deque_extend(obj, args.one("deque.extend")?, false)
        }),
        method("extendleft", |obj, args| {
            deque_extend(obj, args.one("deque.extendleft")?, true)
        }),
        method("rotate", deque_rotate),
        method("clear", |obj, args| {
            args.none("deque.clear")?;
            deque_of(obj)?.replace(VecDeque::new());
            Ok(Obj::none())
        }),
        method("copy", |obj, args| {
            args.none("deque.copy")?;
            deque_copy(obj)
        }),
        method("__copy__", |obj, args| {
            args.none("deque.__copy__")?;
            deque_copy(obj)
        }),
        method("count", |obj, args| {
            let value = args.one("deque.count")?;
            let deque = deque_of(obj)?;
            let state = deque.state.get();
            let mut found = 0usize;
            let mut index = 0;
            while let Some(item) = deque.get(index) {
                if item.eq_item(value)? {
                    found += 1;
                }
                if deque.state.get() != state {
                    return Err(PyErr::runtime_error("deque mutated during iteration"));
                }
                index += 1;
            }
            Ok(Obj::from(found))
        }),
        method("index", deque_index),
        method("insert", deque_insert),
        method("remove", |obj, args| {
            let value = args.one("deque.remove")?;
            let deque = deque_of(obj)?;
            let index =
                find(deque, value, 0, usize::MAX, true)?.ok_or_else(|| not_in_deque(value))?;
            let removed = deque.items.borrow_mut().remove(index);
            deque.changed();
            drop(removed);
            Ok(Obj::none())
        }),
        method("reverse", |obj, args| {
            args.none("deque.reverse")?;
            let deque = deque_of(obj)?;
            deque.items.borrow_mut().make_contiguous().reverse();
            deque.changed();
            Ok(Obj::none())
        }),
        method("__reversed__", |obj, args| {
            args.none("deque.__reversed__")?;
            Ok(DequeIter::make(obj, true))
        }),
    ],
    ..PyType::BLANK
};

fn deque_of(obj: &Obj) -> PyResult<&PyDeque> {
    obj.downcast_ref::<PyDeque>().ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor requires a 'collections.deque' object but received a '{}'",
            obj.type_name()
        ))
    })
}

/// `deque(iterable=(), maxlen=None)`.
fn deque_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.only_keywords("deque", &["iterable", "maxlen"])?;
    let positional = args.positional();
    if positional.len() > 2 {
        return Err(PyErr::type_error(format!(
            "deque() takes at most 2 arguments ({} given)",
            positional.len()
        )));
    }
    let iterable = positional.first().or_else(|| args.keyword("iterable"));
    let maxlen = positional.get(1).or_else(|| args.keyword("maxlen"));
    let maxlen = match maxlen {
        None => None,
        Some(value) if value.is_none() => None,
        Some(value) => {
            if int_value(value).is_none() {
                return Err(PyErr::type_error("an integer is required"));
            }
            let number = index_value(value)?.to_primitive::<isize>().ok_or_else(|| {
                PyErr::overflow_error("Python int too large to convert to C ssize_t")
            })?;
            if number < 0 {
                return Err(PyErr::value_error("maxlen must be non-negative"));
            }
            Some(number.unsigned_abs())
        }
    };
    let deque = Obj::new(PyDeque::new(maxlen));
    if let Some(iterable) = iterable {
        deque_extend(&deque, iterable, false)?;
    }
    Ok(deque)
}

/// `deque([1, 2])`, `deque([1, 2], maxlen=3)`; `[...]` for a deque inside itself.
fn deque_repr(obj: &Obj) -> PyResult<String> {
    let deque = deque_of(obj)?;
    let Some(_guard) = ReprGuard::enter(obj) else {
        return Ok("[...]".to_owned());
    };
    let items = Obj::list(deque.snapshot()).repr()?;
    Ok(match deque.maxlen {
        Some(maxlen) => format!("deque({items}, maxlen={maxlen})"),
        None => format!("deque({items})"),
    })
}

/// Comparisons between deques, item by item (CPython's `deque_richcompare`).
fn deque_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let (Some(x), Some(y)) = (a.downcast_ref::<PyDeque>(), b.downcast_ref::<PyDeque>()) else {
        return Ok(Obj::not_implemented());
    };
    compare_items(&x.snapshot(), &y.snapshot(), op)
}

/// Lexicographic comparison of two runs of items: the first unequal pair decides,
/// else the lengths.
fn compare_items(a: &[Obj], b: &[Obj], op: CompareOp) -> PyResult<Obj> {
    if matches!(op, CompareOp::Eq | CompareOp::Ne) && a.len() != b.len() {
        return Ok(Obj::from(op == CompareOp::Ne));
    }
    for (x, y) in a.iter().zip(b) {
        if !x.eq_item(y)? {
            return match op {
                CompareOp::Eq => Ok(Obj::from(false)),
                CompareOp::Ne => Ok(Obj::from(true)),
                _ => x.rich_compare(y, op),
            };
        }
    }
    Ok(Obj::from(op.matches(a.len().cmp(&b.len()))))
}

/// `deque + deque`: a new deque (with the left one's `maxlen`).
fn deque_concat(a: &Obj, b: &Obj) -> PyResult<Obj> {
    if !b.is_exact::<PyDeque>() {
        return Err(PyErr::type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            b.type_name()
        )));
    }
    let copy = deque_copy(a)?;
    deque_extend(&copy, b, false)?;
    Ok(copy)
}

/// `deque * n`: a new deque of the items `n` times (the last `maxlen` of them).
fn deque_repeat(obj: &Obj, count: isize) -> PyResult<Obj> {
    let copy = deque_copy(obj)?;
    let deque = deque_of(&copy)?;
    let items = deque.snapshot();
    deque.replace(VecDeque::new());
    for _ in 0..count.max(0) {
        for item in &items {
            deque.push_back(item.clone());
        }
    }
    Ok(copy)
}

/// A position in a deque from an index object, or CPython's errors.
fn deque_position(deque: &PyDeque, key: &Obj) -> PyResult<usize> {
    let Some(index) = as_index(key)? else {
        return Err(PyErr::type_error(format!(
            "sequence index must be integer, not '{}'",
            key.type_name()
        )));
    };
    let len = deque.len() as isize;
    let index = if index < 0 { index + len } else { index };
    if (0..len).contains(&index) {
        Ok(index.unsigned_abs())
    } else {
        Err(PyErr::index_error("deque index out of range"))
    }
}

fn deque_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let deque = deque_of(obj)?;
    let position = deque_position(deque, key)?;
    deque
        .get(position)
        .ok_or_else(|| PyErr::index_error("deque index out of range"))
}

fn deque_setitem(obj: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let deque = deque_of(obj)?;
    let position = deque_position(deque, key)?;
    let old = {
        let mut items = deque.items.borrow_mut();
        match value {
            Some(value) => items
                .get_mut(position)
                .map(|slot| std::mem::replace(slot, value.clone())),
            None => items.remove(position),
        }
    };
    if value.is_none() {
        deque.changed();
    }
    drop(old);
    Ok(())
}

fn deque_contains(obj: &Obj, value: &Obj) -> PyResult<bool> {
    let deque = deque_of(obj)?;
    Ok(find(deque, value, 0, usize::MAX, false)?.is_some())
}

/// The first position in `start..stop` of an item equal to `value`; a mutation during
/// the search raises (`RuntimeError`, or `IndexError` for `remove`, as CPython).
fn find(
    deque: &PyDeque,
    value: &Obj,
    start: usize,
    stop: usize,
    removing: bool,
) -> PyResult<Option<usize>> {
    let state = deque.state.get();
    let mut index = start;
    while index < stop {
        let Some(item) = deque.get(index) else {
            break;
        };
        let equal = item.eq_item(value)?;
        if deque.state.get() != state {
            let message = "deque mutated during iteration";
            return Err(if removing {
                PyErr::index_error(message)
            } else {
                PyErr::runtime_error(message)
            });
        }
        if equal {
            return Ok(Some(index));
        }
        index += 1;
    }
    Ok(None)
}

/// `ValueError: 2 is not in deque`.
fn not_in_deque(value: &Obj) -> PyErr {
    match value.repr() {
        Ok(text) => PyErr::value_error(format!("{text} is not in deque")),
        Err(error) => error,
    }
}

/// `extend(iterable)` / `extendleft(iterable)`.
fn deque_extend(obj: &Obj, iterable: &Obj, left: bool) -> PyResult<Obj> {
    let deque = deque_of(obj)?;
    // Extending a deque with itself reads a copy of its items.
    let source = if iterable.is(obj) {
        Obj::list(deque.snapshot())
    } else {
        iterable.clone()
    };
    for item in source.try_iter()? {
        let item = item?;
        if left {
            deque.push_front(item);
        } else {
            deque.push_back(item);
        }
    }
    Ok(Obj::none())
}

/// `rotate(n=1)`: `n` steps to the right (to the left for a negative `n`).
fn deque_rotate(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("deque.rotate")?;
    let positional = args.positional_between("deque.rotate", 0, 1)?;
    let n = match positional.first() {
        Some(n) => as_index(n)?.ok_or_else(|| {
            PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                n.type_name()
            ))
        })?,
        None => 1,
    };
    let deque = deque_of(obj)?;
    {
        let mut items = deque.items.borrow_mut();
        let len = items.len() as isize;
        if len > 1 {
            let steps = n.rem_euclid(len).unsigned_abs();
            items.rotate_right(steps);
        }
    }
    deque.changed();
    Ok(Obj::none())
}

/// A new deque of the same items and `maxlen`.
fn deque_copy(obj: &Obj) -> PyResult<Obj> {
    let deque = deque_of(obj)?;
    let copy = PyDeque::new(deque.maxlen);
    *copy.items.borrow_mut() = deque.items.borrow().clone();
    Ok(Obj::new(copy))
}

/// A slice bound of `index(x, start, stop)`: clamped as CPython's
/// `_PyEval_SliceIndexNotNone`.
fn slice_bound(value: Option<&Obj>, default: usize, len: usize) -> PyResult<usize> {
    let Some(value) = value else {
        return Ok(default);
    };
    let index = match int_value(value) {
        Some(_) => index_value(value)?.to_primitive::<isize>(),
        None => Some(as_index(value)?.ok_or_else(|| {
            PyErr::type_error("slice indices must be integers or have an __index__ method")
        })?),
    };
    let index = index.unwrap_or(if value.lt(&Obj::from(0))? {
        isize::MIN
    } else {
        isize::MAX
    });
    let len = len as isize;
    let index = if index < 0 {
        (index + len).max(0)
    } else {
        index
    };
    Ok(index.min(len).unsigned_abs())
}

/// `index(x[, start[, stop]])`.
fn deque_index(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("deque.index")?;
    let positional = args.positional();
    if positional.is_empty() {
        return Err(PyErr::type_error(format!(
            "index() takes at least 1 argument ({} given)",
            positional.len()
        )));
    }
    if positional.len() > 3 {
        return Err(PyErr::type_error(format!(
            "index() takes at most 3 arguments ({} given)",
            positional.len()
        )));
    }
    let deque = deque_of(obj)?;
    let len = deque.len();
    let start = slice_bound(positional.get(1), 0, len)?;
    let stop = slice_bound(positional.get(2), len, len)?;
    match find(deque, &positional[0], start, stop, false)? {
        Some(index) => Ok(Obj::from(index)),
        None => Err(not_in_deque(&positional[0])),
    }
}

/// `insert(i, x)`: before position `i` (clamped, as `list.insert`).
fn deque_insert(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("deque.insert")?;
    let [index, value] = args.positional() else {
        return Err(PyErr::type_error(format!(
            "insert() takes exactly 2 arguments ({} given)",
            args.positional().len()
        )));
    };
    let index = as_index(index)?.ok_or_else(|| {
        PyErr::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            index.type_name()
        ))
    })?;
    let deque = deque_of(obj)?;
    let len = deque.len();
    if deque.maxlen == Some(len) {
        return Err(PyErr::index_error("deque already at its maximum size"));
    }
    let len = len as isize;
    let index = if index < 0 {
        (index + len).max(0)
    } else {
        index.min(len)
    };
    deque
        .items
        .borrow_mut()
        .insert(index.unsigned_abs(), value.clone());
    deque.changed();
    Ok(Obj::none())
}

/// An iterator over a deque, forward or reversed.
struct DequeIter {
    deque: RefCell<Option<Obj>>,
    /// Items yielded so far.
    position: Cell<usize>,
    /// The deque's `state` when iteration started.
    state: u64,
    reverse: bool,
}

impl DequeIter {
    fn make(obj: &Obj, reverse: bool) -> Obj {
        let state = obj
            .downcast_ref::<PyDeque>()
            .map_or(0, |deque| deque.state.get());
        Obj::new(DequeIter {
            deque: RefCell::new(Some(obj.clone())),
            position: Cell::new(0),
            state,
            reverse,
        })
    }
}

impl Trace for DequeIter {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&DEQUE_ITER_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.deque.trace(tracer);
    }
    fn drop_handles(&self) {
        clear_cell(&self.deque);
    }
}

/// The table of a deque iterator type named `name`.
const fn deque_iter_type(name: &'static str) -> PyType {
    PyType {
        name,
        class_of: Some(|obj| match obj.downcast_ref::<DequeIter>() {
            Some(it) if it.reverse => &DEQUE_REVERSE_ITER_TYPE,
            _ => &DEQUE_ITER_TYPE,
        }),
        iter: Some(|obj| Ok(obj.clone())),
        next: Some(deque_iter_next),
        ..PyType::BLANK
    }
}

/// `_collections._deque_iterator`.
static DEQUE_ITER_TYPE: PyType = deque_iter_type("_collections._deque_iterator");

/// `_collections._deque_reverse_iterator`.
static DEQUE_REVERSE_ITER_TYPE: PyType = deque_iter_type("_collections._deque_reverse_iterator");

fn deque_iter_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let it = obj.value_as::<DequeIter>()?;
    let Some(deque_obj) = it.deque.borrow().clone() else {
        return Ok(None);
    };
    let deque = deque_of(&deque_obj)?;
    if deque.state.get() != it.state {
        // Raised again at each call, as CPython's.
        return Err(PyErr::runtime_error("deque mutated during iteration"));
    }
    let position = it.position.get();
    let len = deque.len();
    let item = if position < len {
        deque.get(if it.reverse {
            len - 1 - position
        } else {
            position
        })
    } else {
        None
    };
    match item {
        Some(item) => {
            it.position.set(position + 1);
            Ok(Some(item))
        }
        None => {
            clear_cell(&it.deque);
            Ok(None)
        }
    }
}

// ---------------------------------------------------------------------------
// The dict subclasses: defaultdict, OrderedDict, Counter.

/// The instance of a dict subclass behind `obj`.
fn subclass_of(obj: &Obj) -> PyResult<&PyDictSubclass> {
    obj.value_as::<PyDictSubclass>()
}

/// A new instance of the dict subclass `ty` (keeping `extra`), filled as
/// `dict.update(*args, **keywords)` fills a dict.
fn new_filled(
    ty: &'static PyType,
    extra: Option<Obj>,
    positional: &[Obj],
    keywords: &[(&str, Obj)],
) -> PyResult<Obj> {
    let obj = PyDictSubclass::new_object(ty, extra);
    obj.call_method_with("update", &Args::new(positional, keywords))?;
    Ok(obj)
}

/// The dict's own repr (`{...}` for a dict inside itself).
fn plain_dict_repr(obj: &Obj) -> PyResult<String> {
    match DICT_TYPE.repr {
        Some(repr) => repr(obj),
        None => Err(PyErr::system_error("dict has no repr")),
    }
}

/// `collections.defaultdict`.
static DEFAULTDICT_TYPE: PyType = PyType {
    name: "collections.defaultdict",
    base: Some(&DICT_TYPE),
    new: Some(defaultdict_new),
    repr: Some(defaultdict_repr),
    getitem: Some(defaultdict_getitem),
    getattr: Some(|obj, name| {
        Ok(match name {
            "default_factory" => Some(subclass_of(obj)?.extra().unwrap_or_else(Obj::none)),
            _ => None,
        })
    }),
    setattr: Some(|obj, name, value| match name {
        "default_factory" => {
            subclass_of(obj)?.set_extra(value.filter(|value| !value.is_none()).cloned());
            Ok(())
        }
        _ => Err(PyErr::no_attribute(obj, name)),
    }),
    methods: &[
        method("__missing__", |obj, args| {
            missing(obj, args.one("defaultdict.__missing__")?)
        }),
        method("copy", |obj, args| {
            args.none("defaultdict.copy")?;
            defaultdict_copy(obj)
        }),
        method("__copy__", |obj, args| {
            args.none("defaultdict.__copy__")?;
            defaultdict_copy(obj)
        }),
    ],
    ..PyType::BLANK
};

/// `defaultdict(default_factory=None, /, *args, **kwargs)`.
fn defaultdict_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let (factory, rest) = match args.positional() {
        [] => (None, &[][..]),
        [factory, rest @ ..] => (Some(factory), rest),
    };
    let factory = factory.filter(|factory| !factory.is_none());
    if let Some(factory) = factory
        && factory.py_type().lookup(|ty| ty.call).is_none()
    {
        return Err(PyErr::type_error("first argument must be callable or None"));
    }
    if rest.len() > 1 {
        return Err(PyErr::type_error(format!(
            "dict expected at most 1 argument, got {}",
            rest.len()
        )));
    }
    new_filled(&DEFAULTDICT_TYPE, factory.cloned(), rest, args.keywords())
}

/// `defaultdict(<class 'list'>, {'a': [1]})`.
fn defaultdict_repr(obj: &Obj) -> PyResult<String> {
    let factory = match subclass_of(obj)?.extra() {
        None => "None".to_owned(),
        Some(factory) => match ReprGuard::enter(&factory) {
            Some(_guard) => factory.repr()?,
            None => "...".to_owned(),
        },
    };
    Ok(format!("defaultdict({factory}, {})", plain_dict_repr(obj)?))
}

/// `d[key]`: the value, or `__missing__(key)`.
fn defaultdict_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    match subclass_of(obj)?.dict().get(key)? {
        Some(value) => Ok(value),
        None => missing(obj, key),
    }
}

/// `__missing__(key)`: `KeyError` without a factory, else `d[key] = factory()`.
fn missing(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let Some(factory) = subclass_of(obj)?.extra() else {
        return Err(PyErr::key_error(key.clone()));
    };
    let value = factory.call(&[])?;
    obj.set_item(key, &value)?;
    Ok(value)
}

fn defaultdict_copy(obj: &Obj) -> PyResult<Obj> {
    let factory = subclass_of(obj)?.extra();
    new_filled(&DEFAULTDICT_TYPE, factory, std::slice::from_ref(obj), &[])
}

/// `collections.OrderedDict`.
static ORDERED_DICT_TYPE: PyType = PyType {
    name: "collections.OrderedDict",
    base: Some(&DICT_TYPE),
    new: Some(|_, args| {
        if args.positional().len() > 1 {
            return Err(PyErr::type_error(format!(
                "expected at most 1 arguments, got {}",
                args.positional().len()
            )));
        }
        new_filled(&ORDERED_DICT_TYPE, None, args.positional(), args.keywords())
    }),
    repr: Some(ordered_dict_repr),
    richcompare: Some(ordered_dict_richcompare),
    methods: &[
        method("move_to_end", ordered_dict_move_to_end),
        method("popitem", ordered_dict_popitem),
        method("copy", |obj, args| {
            args.none("OrderedDict.copy")?;
            new_filled(&ORDERED_DICT_TYPE, None, std::slice::from_ref(obj), &[])
        }),
        method("__copy__", |obj, args| {
            args.none("OrderedDict.__copy__")?;
            new_filled(&ORDERED_DICT_TYPE, None, std::slice::from_ref(obj), &[])
        }),
    ],
    ..PyType::BLANK
};

/// `OrderedDict([('a', 1)])`, `OrderedDict()`; `...` for a dict inside itself.
fn ordered_dict_repr(obj: &Obj) -> PyResult<String> {
    let dict = subclass_of(obj)?.dict();
    let Some(_guard) = ReprGuard::enter(obj) else {
        return Ok("...".to_owned());
    };
    let items = dict.items();
    if items.is_empty() {
        return Ok("OrderedDict()".to_owned());
    }
    let pairs = Obj::list(
        items
            .into_iter()
            .map(|(key, value)| Obj::tuple([key, value])),
    );
    Ok(format!("OrderedDict({})", pairs.repr()?))
}

/// `==` between two `OrderedDict`s also compares the order; with any other dict, as
/// dicts.
fn ordered_dict_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let both_ordered = [a, b]
        .iter()
        .all(|obj| obj.py_type().is_subtype(&ORDERED_DICT_TYPE));
    let compare = DICT_TYPE
        .richcompare
        .ok_or_else(|| PyErr::system_error("dict has no comparison"))?;
    if !both_ordered || !matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return compare(a, b, op);
    }
    let result = compare(a, b, CompareOp::Eq)?;
    let mut equal = result.is_truthy()?;
    if equal {
        let (Some(x), Some(y)) = (as_dict(a), as_dict(b)) else {
            return Ok(Obj::not_implemented());
        };
        for (left, right) in x.keys().iter().zip(y.keys()) {
            if !left.eq_item(&right)? {
                equal = false;
                break;
            }
        }
    }
    Ok(Obj::from(equal == (op == CompareOp::Eq)))
}

/// Binds `(key, last=True)` of `move_to_end`, or `(last=True)` of `popitem`.
fn key_and_last<'a>(
    name: &str,
    args: &Args<'a>,
    with_key: bool,
) -> PyResult<(Option<&'a Obj>, bool)> {
    let params: &[&str] = if with_key {
        &["key", "last"]
    } else {
        &["last"]
    };
    let positional = args.positional();
    let given = positional.len() + args.keywords().len();
    if given > params.len() {
        return Err(PyErr::type_error(format!(
            "{name}() takes at most {} argument{} ({given} given)",
            params.len(),
            if params.len() == 1 { "" } else { "s" }
        )));
    }
    args.only_keywords(name, params)?;
    let value = |index: usize| {
        positional
            .get(index)
            .or_else(|| args.keyword(params[index]))
    };
    let key = if with_key {
        Some(value(0).ok_or_else(|| {
            PyErr::type_error(format!("{name}() missing required argument 'key' (pos 1)"))
        })?)
    } else {
        None
    };
    let last = match value(params.len() - 1) {
        Some(last) => last.is_truthy()?,
        None => true,
    };
    Ok((key, last))
}

/// `move_to_end(key, last=True)`.
fn ordered_dict_move_to_end(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let (key, last) = key_and_last("move_to_end", args, true)?;
    let key = key.ok_or_else(|| PyErr::system_error("no key"))?;
    if subclass_of(obj)?.dict().move_to_end(key, last)? {
        Ok(Obj::none())
    } else {
        Err(PyErr::key_error(key.clone()))
    }
}

/// `popitem(last=True)`: the last (or first) item, removed.
fn ordered_dict_popitem(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let (_, last) = key_and_last("popitem", args, false)?;
    match subclass_of(obj)?.dict().pop_item(last) {
        Some((key, value)) => Ok(Obj::tuple([key, value])),
        None => Err(PyErr::key_error(Obj::from("dictionary is empty"))),
    }
}

/// `collections.Counter`.
static COUNTER_TYPE: PyType = PyType {
    name: "Counter",
    base: Some(&DICT_TYPE),
    new: Some(counter_new),
    repr: Some(counter_repr),
    richcompare: Some(counter_richcompare),
    getitem: Some(|obj, key| Ok(subclass_of(obj)?.dict().get(key)?.unwrap_or_else(zero))),
    setitem: Some(counter_setitem),
    number: Some(&COUNTER_NUMBER),
    type_attr: Some(|_, name| {
        Ok(match name {
            "__module__" => Some(Obj::from("collections")),
            _ => None,
        })
    }),
    methods: &[
        method("__missing__", |_, args| {
            args.one("Counter.__missing__")?;
            Ok(zero())
        }),
        method("most_common", counter_most_common),
        method("elements", |obj, args| {
            args.none("Counter.elements")?;
            counter_elements(obj)
        }),
        method("total", |obj, args| {
            args.none("Counter.total")?;
            let mut total = zero();
            for value in subclass_of(obj)?.dict().values() {
                total = total.add(&value)?;
            }
            Ok(total)
        }),
        method("update", |obj, args| {
            counter_update(obj, "Counter.update", args, false)
        }),
        method("subtract", |obj, args| {
            counter_update(obj, "Counter.subtract", args, true)
        }),
        method("copy", |obj, args| {
            args.none("Counter.copy")?;
            counter_copy(obj)
        }),
        method("__copy__", |obj, args| {
            args.none("Counter.__copy__")?;
            counter_copy(obj)
        }),
        method("fromkeys", |_, _| {
            Err(PyErr::new(
                &NOT_IMPLEMENTED_ERROR,
                "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.",
            ))
        }),
    ],
    // A class method, as in CPython: `Counter.fromkeys('ab')` raises its error too.
    method_kinds: &[("fromkeys", MethodKind::Class)],
    ..PyType::BLANK
};

/// The multiset operators of `Counter`.
static COUNTER_NUMBER: NumberMethods = NumberMethods {
    add: Some(|a, b| counter_binary(a, b, CounterOp::Add)),
    sub: Some(|a, b| counter_binary(a, b, CounterOp::Sub)),
    or: Some(|a, b| counter_binary(a, b, CounterOp::Or)),
    and: Some(|a, b| counter_binary(a, b, CounterOp::And)),
    pos: Some(|obj| counter_unary(obj, false)),
    neg: Some(|obj| counter_unary(obj, true)),
    ..NumberMethods::NONE
};

fn zero() -> Obj {
    Obj::from(0)
}

fn is_counter(obj: &Obj) -> bool {
    obj.py_type().is_subtype(&COUNTER_TYPE)
}

/// `Counter(iterable=None, /, **kwds)`.
fn counter_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let obj = PyDictSubclass::new_object(&COUNTER_TYPE, None);
    if args.positional().len() > 1 {
        return Err(PyErr::type_error(format!(
            "Counter.__init__() takes from 1 to 2 positional arguments but {} were given",
            args.positional().len() + 1
        )));
    }
    counter_update(&obj, "Counter.update", args, false)?;
    Ok(obj)
}

/// `Counter({'a': 2, 'b': 1})` in `most_common` order (insertion order if the counts
/// do not compare), `Counter()` when empty.
fn counter_repr(obj: &Obj) -> PyResult<String> {
    let dict = subclass_of(obj)?.dict();
    if dict.is_empty() {
        return Ok("Counter()".to_owned());
    }
    let Some(_guard) = ReprGuard::enter(obj) else {
        return Ok("...".to_owned());
    };
    let items = match most_common(obj, None) {
        Ok(items) => items,
        Err(error) if error.is_instance(&TYPE_ERROR) => dict.items(),
        Err(error) => return Err(error),
    };
    let plain = Obj::dict_from(items)?;
    Ok(format!("Counter({})", plain.repr()?))
}

/// `c[key] = value` / `del c[key]` (deleting a missing key is no error).
fn counter_setitem(obj: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let set = DICT_TYPE
        .setitem
        .ok_or_else(|| PyErr::system_error("dict has no setitem"))?;
    if value.is_none() && subclass_of(obj)?.dict().get(key)?.is_none() {
        return Ok(());
    }
    set(obj, key, value)
}

/// The items sorted by count, largest first (ties in insertion order), the first `n`.
fn most_common(obj: &Obj, n: Option<usize>) -> PyResult<Vec<(Obj, Obj)>> {
    let mut items = subclass_of(obj)?.dict().items();
    sort_by_count(&mut items)?;
    if let Some(n) = n {
        items.truncate(n);
    }
    Ok(items)
}

/// Sorts `items` by their counts, largest first, keeping the order of equal counts (as
/// `sorted(items, key=itemgetter(1), reverse=True)`): a merge sort whose comparisons,
/// `<` between counts, may raise.
fn sort_by_count(items: &mut Vec<(Obj, Obj)>) -> PyResult<()> {
    if items.len() < 2 {
        return Ok(());
    }
    let mut right = items.split_off(items.len() / 2);
    sort_by_count(items)?;
    sort_by_count(&mut right)?;
    let left = std::mem::take(items);
    items.reserve(left.len() + right.len());
    let (mut left, mut right) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(a), Some(b)) = (left.peek(), right.peek()) {
        // The right run's item goes first only when its count is strictly larger.
        let take_right = a.1.lt(&b.1)?;
        let next = if take_right {
            right.next()
        } else {
            left.next()
        };
        items.extend(next);
    }
    items.extend(left);
    items.extend(right);
    Ok(())
}

/// `most_common(n=None)`.
fn counter_most_common(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["self", "n"]);
    let mut positional = vec![obj.clone()];
    positional.extend_from_slice(args.positional());
    let values = bind_arguments(
        "Counter.most_common",
        &SIGNATURE,
        &[Obj::none()],
        &Args::new(&positional, args.keywords()),
    )?;
    let n = match &values[1] {
        n if n.is_none() => None,
        n => {
            // `heapq.nlargest(n, ...)` slices its sorted items with `n`.
            let n = as_index(n)?.ok_or_else(|| {
                PyErr::type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )
            })?;
            Some(n.max(0).unsigned_abs())
        }
    };
    let items = most_common(obj, n)?;
    Ok(Obj::list(
        items
            .into_iter()
            .map(|(key, count)| Obj::tuple([key, count])),
    ))
}

/// `elements()`: each key as many times as its count (an iterator).
fn counter_elements(obj: &Obj) -> PyResult<Obj> {
    let mut out = Vec::new();
    for (key, count) in subclass_of(obj)?.dict().items() {
        let times = as_index(&count)?.ok_or_else(|| {
            PyErr::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                count.type_name()
            ))
        })?;
        for _ in 0..times.max(0) {
            out.push(key.clone());
        }
    }
    Obj::list(out).iter()
}

/// `update(iterable=None, /, **kwds)` (counts added) or `subtract(...)` (counts
/// subtracted): from a mapping's counts or an iterable's elements, then from the
/// keywords (a mapping), as CPython's `Counter.update` and `Counter.subtract`.
fn counter_update(obj: &Obj, qualname: &str, args: &Args<'_>, subtract: bool) -> PyResult<Obj> {
    if args.positional().len() > 1 {
        return Err(PyErr::type_error(format!(
            "{qualname}() takes from 1 to 2 positional arguments but {} were given",
            args.positional().len() + 1
        )));
    }
    if let Some(source) = args.positional().first().filter(|source| !source.is_none()) {
        match as_dict(source) {
            Some(mapping) => update_from_mapping(obj, mapping.items(), subtract)?,
            None => {
                let one = Obj::from(1);
                for element in source.try_iter()? {
                    let element = element?;
                    let current = subclass_of(obj)?.dict().get(&element)?.unwrap_or_else(zero);
                    let new = if subtract {
                        current.sub(&one)?
                    } else {
                        current.add(&one)?
                    };
                    obj.set_item(&element, &new)?;
                }
            }
        }
    }
    if !args.keywords().is_empty() {
        let items = args
            .keywords()
            .iter()
            .map(|(key, value)| (Obj::from(*key), value.clone()))
            .collect();
        update_from_mapping(obj, items, subtract)?;
    }
    Ok(Obj::none())
}

/// The mapping part of [`counter_update`]: `self[elem] = count + self.get(elem, 0)`
/// (`self.get(elem, 0) - count` to subtract); an empty counter takes the counts as
/// they are (CPython's fast path, `dict.update`).
fn update_from_mapping(obj: &Obj, items: Vec<(Obj, Obj)>, subtract: bool) -> PyResult<()> {
    let set = DICT_TYPE
        .setitem
        .ok_or_else(|| PyErr::system_error("dict has no setitem"))?;
    let copy = !subtract && subclass_of(obj)?.dict().is_empty();
    for (key, count) in items {
        let new = if copy {
            count
        } else {
            let current = subclass_of(obj)?.dict().get(&key)?.unwrap_or_else(zero);
            if subtract {
                current.sub(&count)?
            } else {
                count.add(&current)?
            }
        };
        set(obj, &key, Some(&new))?;
    }
    Ok(())
}

fn counter_copy(obj: &Obj) -> PyResult<Obj> {
    let copy = PyDictSubclass::new_object(&COUNTER_TYPE, None);
    let set = DICT_TYPE
        .setitem
        .ok_or_else(|| PyErr::system_error("dict has no setitem"))?;
    for (key, value) in subclass_of(obj)?.dict().items() {
        set(&copy, &key, Some(&value))?;
    }
    Ok(copy)
}

#[derive(Clone, Copy)]
enum CounterOp {
    Add,
    Sub,
    Or,
    And,
}

/// `a + b`, `a - b`, `a | b`, `a & b` between counters: a new counter of the positive
/// results (CPython's `Counter.__add__` ...).
fn counter_binary(a: &Obj, b: &Obj, op: CounterOp) -> PyResult<Obj> {
    if !is_counter(a) || !is_counter(b) {
        return Ok(Obj::not_implemented());
    }
    let (left, right) = (subclass_of(a)?.dict(), subclass_of(b)?.dict());
    let result = PyDictSubclass::new_object(&COUNTER_TYPE, None);
    let positive = |value: &Obj| value.compare(&zero(), CompareOp::Gt);
    for (key, count) in left.items() {
        let other = right.get(&key)?.unwrap_or_else(zero);
        let new = match op {
            CounterOp::Add => count.add(&other)?,
            CounterOp::Sub => count.sub(&other)?,
            CounterOp::Or => {
                if count.lt(&other)? {
                    other
                } else {
                    count
                }
            }
            CounterOp::And => {
                if count.lt(&other)? {
                    count
                } else {
                    other
                }
            }
        };
        if positive(&new)? {
            result.set_item(&key, &new)?;
        }
    }
    if matches!(op, CounterOp::Add | CounterOp::Sub | CounterOp::Or) {
        for (key, count) in right.items() {
            if left.get(&key)?.is_some() {
                continue;
            }
            match op {
                CounterOp::Sub => {
                    if count.lt(&zero())? {
                        result.set_item(&key, &zero().sub(&count)?)?;
                    }
                }
                _ => {
                    if positive(&count)? {
                        result.set_item(&key, &count)?;
                    }
                }
            }
        }
    }
    Ok(result)
}

/// `+c` (the positive counts) and `-c` (the negated negative counts).
fn counter_unary(obj: &Obj, negate: bool) -> PyResult<Obj> {
    let result = PyDictSubclass::new_object(&COUNTER_TYPE, None);
    for (key, count) in subclass_of(obj)?.dict().items() {
        if negate {
            if count.lt(&zero())? {
                result.set_item(&key, &zero().sub(&count)?)?;
            }
        } else if count.compare(&zero(), CompareOp::Gt)? {
            result.set_item(&key, &count)?;
        }
    }
    Ok(result)
}

/// Comparisons between counters, missing counts being zero (3.10+): `==`, and
/// inclusion for `<=`, `<`, `>=`, `>`. With other objects, `NotImplemented`.
fn counter_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    if !is_counter(a) || !is_counter(b) {
        return Ok(Obj::not_implemented());
    }
    let all = |op: CompareOp| -> PyResult<bool> {
        let (x, y) = (subclass_of(a)?.dict(), subclass_of(b)?.dict());
        for source in [x, y] {
            for key in source.keys() {
                let left = x.get(&key)?.unwrap_or_else(zero);
                let right = y.get(&key)?.unwrap_or_else(zero);
                if !left.compare(&right, op)? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    };
    let result = match op {
        CompareOp::Eq => all(CompareOp::Eq)?,
        CompareOp::Ne => !all(CompareOp::Eq)?,
        CompareOp::Le => all(CompareOp::Le)?,
        CompareOp::Ge => all(CompareOp::Ge)?,
        CompareOp::Lt => all(CompareOp::Le)? && !all(CompareOp::Eq)?,
        CompareOp::Gt => all(CompareOp::Ge)? && !all(CompareOp::Eq)?,
    };
    Ok(Obj::from(result))
}

// ---------------------------------------------------------------------------
// namedtuple

/// What a namedtuple class knows: its fields and their defaults.
struct NamedTupleSpec {
    /// The class's table (leaked, as a class statement's).
    table: &'static PyType,
    fields: &'static [&'static str],
    /// `_cls` then the fields: the parameters of `__new__`.
    signature: &'static Signature,
    /// `Point.__new__`, for the argument errors.
    new_qualname: &'static str,
    /// `Point._replace`.
    replace_qualname: &'static str,
    /// The defaults of the last fields.
    defaults: Vec<Obj>,
    /// `__module__`.
    module: Obj,
}

thread_local! {
    /// The namedtuple classes made on this thread, by their tables. The entries stay
    /// (as the tables do): a class object is immortal once made.
    static NAMEDTUPLES: RefCell<Vec<std::rc::Rc<NamedTupleSpec>>> =
        const { RefCell::new(Vec::new()) };
}

/// The spec of the namedtuple class whose table is `table`.
fn spec_of(table: &'static PyType) -> PyResult<std::rc::Rc<NamedTupleSpec>> {
    NAMEDTUPLES
        .try_with(|specs| {
            specs
                .borrow()
                .iter()
                .find(|spec| std::ptr::eq(spec.table, table))
                .cloned()
        })
        .ok()
        .flatten()
        .ok_or_else(|| PyErr::system_error("not a namedtuple class"))
}

/// An instance of a namedtuple class: a tuple, and its class's table.
struct NamedTuple {
    table: &'static PyType,
    /// A `tuple` object.
    items: Obj,
}

impl Trace for NamedTuple {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&NAMEDTUPLE_INSTANCE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.items.trace(tracer);
    }
}

/// The vtable's type of every namedtuple instance; `class_of` gives each its class.
static NAMEDTUPLE_INSTANCE_TYPE: PyType = PyType {
    name: "tuple",
    base: Some(&TUPLE_TYPE),
    class_of: Some(|obj| {
        obj.downcast_ref::<NamedTuple>()
            .map_or(&TUPLE_TYPE, |instance| instance.table)
    }),
    ..PyType::BLANK
};

/// The tuple of a namedtuple instance (or `obj` itself when it is another object).
fn inner(obj: &Obj) -> &Obj {
    match obj.downcast_ref::<NamedTuple>() {
        Some(instance) => &instance.items,
        None => obj,
    }
}

/// A slot of `tuple`, or a `SystemError`.
fn tuple_slot<S>(get: impl Fn(&PyType) -> Option<S>) -> PyResult<S> {
    get(&TUPLE_TYPE).ok_or_else(|| PyErr::system_error("tuple lacks a slot"))
}

/// The methods of every namedtuple class.
static NAMEDTUPLE_METHODS: &[Method] = &[
    method("_asdict", |obj, args| {
        args.none("_asdict")?;
        let spec = spec_of(obj.py_type())?;
        let items = inner(obj).to_vec()?;
        Obj::dict_from(spec.fields.iter().map(|field| Obj::from(*field)).zip(items))
    }),
    method("_replace", namedtuple_replace),
    method("__getnewargs__", |obj, args| {
        args.none("__getnewargs__")?;
        Ok(Obj::tuple(inner(obj).to_vec()?))
    }),
    method("count", |obj, args| {
        inner(obj).call_method_with("count", args)
    }),
    method("index", |obj, args| {
        inner(obj).call_method_with("index", args)
    }),
];

/// The table of a new namedtuple class.
fn namedtuple_table(name: &'static str) -> &'static PyType {
    crate::pyobject::keep_table(PyType {
        name,
        base: Some(&TUPLE_TYPE),
        new: Some(namedtuple_new),
        repr: Some(namedtuple_repr),
        hash: Some(HashSlot::Value(|obj| inner(obj).hash())),
        richcompare: Some(|a, b, op| {
            if !a.is_instance(&TUPLE_TYPE) || !b.is_instance(&TUPLE_TYPE) {
                return Ok(Obj::not_implemented());
            }
            tuple_slot(|ty| ty.richcompare)?(inner(a), inner(b), op)
        }),
        len: Some(|obj| inner(obj).len()),
        concat: Some(|a, b| tuple_slot(|ty| ty.concat)?(inner(a), inner(b))),
        repeat: Some(|obj, count| tuple_slot(|ty| ty.repeat)?(inner(obj), count)),
        getitem: Some(|obj, key| inner(obj).get_item(key)),
        contains: Some(|obj, item| inner(obj).contains(item)),
        iter: Some(|obj| inner(obj).iter()),
        getattr: Some(namedtuple_getattr),
        setattr: Some(namedtuple_setattr),
        methods: NAMEDTUPLE_METHODS,
        type_attr: Some(namedtuple_class_attr),
        ..PyType::BLANK
    })
}

/// `Point(x, y)`: binds the fields as `__new__`'s parameters.
fn namedtuple_new(ty: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let spec = spec_of(ty)?;
    let mut positional = Vec::with_capacity(args.positional().len() + 1);
    positional.push(ty.to_object());
    positional.extend_from_slice(args.positional());
    let mut values = bind_arguments(
        spec.new_qualname,
        spec.signature,
        &spec.defaults,
        &Args::new(&positional, args.keywords()),
    )?;
    values.remove(0);
    Ok(make_instance(ty, values))
}

/// An instance of the namedtuple class `table` holding `items`.
fn make_instance(table: &'static PyType, items: Vec<Obj>) -> Obj {
    let items = Obj::tuple(items);
    Obj::new(NamedTuple { table, items })
}

/// `Point(x=1, y=2)`.
fn namedtuple_repr(obj: &Obj) -> PyResult<String> {
    let spec = spec_of(obj.py_type())?;
    let items = inner(obj).to_vec()?;
    let mut parts = Vec::with_capacity(items.len());
    for (field, item) in spec.fields.iter().zip(&items) {
        parts.push(format!("{field}={}", item.repr()?));
    }
    Ok(format!("{}({})", spec.table.name(), parts.join(", ")))
}

/// `p.x`, `p._fields`, `p._field_defaults`.
fn namedtuple_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let spec = spec_of(obj.py_type())?;
    if let Some(index) = spec.fields.iter().position(|field| *field == name) {
        return inner(obj).get_item(&Obj::from(index)).map(Some);
    }
    namedtuple_common_attr(&spec, name)
}

/// The attributes a namedtuple class and its instances share.
fn namedtuple_common_attr(spec: &NamedTupleSpec, name: &str) -> PyResult<Option<Obj>> {
    Ok(match name {
        "_fields" => Some(Obj::tuple(
            spec.fields.iter().map(|field| Obj::from(*field)),
        )),
        "_field_defaults" => {
            let first = spec.fields.len() - spec.defaults.len();
            Some(Obj::dict_from(
                spec.fields[first..]
                    .iter()
                    .map(|field| Obj::from(*field))
                    .zip(spec.defaults.iter().cloned()),
            )?)
        }
        _ => None,
    })
}

/// `p.x = 1`: `AttributeError: can't set attribute` for a field; instances have no
/// other attributes.
fn namedtuple_setattr(obj: &Obj, name: &str, _: Option<&Obj>) -> PyResult<()> {
    let spec = spec_of(obj.py_type())?;
    if spec.fields.contains(&name) {
        return Err(PyErr::attribute_error("can't set attribute"));
    }
    Err(PyErr::no_attribute(obj, name))
}

/// `_make(iterable)`, a method of the class.
static MAKE: Method = method("_make", |cls, args| {
    let iterable = args.one("_make")?;
    let Some(ty) = cls.as_type() else {
        return Err(PyErr::system_error("_make of a non-class"));
    };
    let spec = spec_of(ty)?;
    let items = iterable.to_vec()?;
    if items.len() != spec.fields.len() {
        return Err(PyErr::type_error(format!(
            "Expected {} arguments, got {}",
            spec.fields.len(),
            items.len()
        )));
    }
    Ok(make_instance(ty, items))
});

/// `Point._fields`, `Point._make`, `Point.__module__`, `Point.__doc__`.
fn namedtuple_class_attr(cls: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let Some(ty) = cls.as_type() else {
        return Ok(None);
    };
    let spec = spec_of(ty)?;
    Ok(match name {
        "_make" => Some(PyBuiltinMethod::bind(cls.clone(), &MAKE)),
        "__module__" => Some(spec.module.clone()),
        "__doc__" => Some(Obj::from(format!(
            "{}({})",
            ty.name(),
            spec.fields.join(", ")
        ))),
        _ => namedtuple_common_attr(&spec, name)?,
    })
}

/// `_replace(**kwargs)`: a new instance with some fields replaced.
fn namedtuple_replace(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let ty = obj.py_type();
    let spec = spec_of(ty)?;
    if !args.positional().is_empty() {
        let given = args.positional().len() + 1;
        return Err(PyErr::type_error(format!(
            "{}() takes 1 positional argument but {given} were given",
            spec.replace_qualname
        )));
    }
    let mut items = inner(obj).to_vec()?;
    let mut unexpected = Vec::new();
    for (key, value) in args.keywords() {
        match spec.fields.iter().position(|field| field == key) {
            Some(index) if index < items.len() => items[index] = value.clone(),
            _ => unexpected.push(Obj::from(*key)),
        }
    }
    if !unexpected.is_empty() {
        return Err(PyErr::value_error(format!(
            "Got unexpected field names: {}",
            Obj::list(unexpected).repr()?
        )));
    }
    Ok(make_instance(ty, items))
}

/// Python 3.11's keywords (`keyword.kwlist`).
const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// `str.isidentifier()` (letters approximated by Unicode's alphabetic class).
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first == '_' || first.is_alphabetic() => {
            chars.all(|c| c == '_' || c.is_alphanumeric())
        }
        _ => false,
    }
}

/// `namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)`.
fn namedtuple(args: &Args<'_>) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["typename", "field_names"]);
    let mut rename = false;
    let mut defaults = None;
    let mut module = None;
    let mut others = Vec::new();
    for (key, value) in args.keywords() {
        match *key {
            "rename" => rename = value.is_truthy()?,
            "defaults" => defaults = Some(value.clone()).filter(|value| !value.is_none()),
            "module" => module = Some(value.clone()).filter(|value| !value.is_none()),
            _ => others.push((*key, value.clone())),
        }
    }
    let [typename, field_names] = <[Obj; 2]>::try_from(bind_arguments(
        "namedtuple",
        &SIGNATURE,
        &[],
        &Args::new(args.positional(), &others),
    )?)
    .map_err(|_| PyErr::system_error("bad signature"))?;
    let typename = typename.str()?;
    let mut fields: Vec<String> = match field_names.as_str() {
        Some(text) => text
            .replace(',', " ")
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        None => field_names
            .to_vec()?
            .iter()
            .map(Obj::str)
            .collect::<PyResult<_>>()?,
    };
    if rename {
        let mut seen: Vec<String> = Vec::new();
        for (index, name) in fields.iter_mut().enumerate() {
            let original = name.clone();
            if !is_identifier(name)
                || KEYWORDS.contains(&name.as_str())
                || name.starts_with('_')
                || seen.contains(name)
            {
                *name = format!("_{index}");
            }
            seen.push(original);
        }
    }
    for name in std::iter::once(&typename).chain(&fields) {
        let quoted = Obj::from(name.as_str()).repr()?;
        if !is_identifier(name) {
            return Err(PyErr::value_error(format!(
                "Type names and field names must be valid identifiers: {quoted}"
            )));
        }
        if KEYWORDS.contains(&name.as_str()) {
            return Err(PyErr::value_error(format!(
                "Type names and field names cannot be a keyword: {quoted}"
            )));
        }
    }
    let mut seen: Vec<&String> = Vec::new();
    for name in &fields {
        if name.starts_with('_') && !rename {
            return Err(PyErr::value_error(format!(
                "Field names cannot start with an underscore: {}",
                Obj::from(name.as_str()).repr()?
            )));
        }
        if seen.contains(&name) {
            return Err(PyErr::value_error(format!(
                "Encountered duplicate field name: {}",
                Obj::from(name.as_str()).repr()?
            )));
        }
        seen.push(name);
    }
    let defaults = match defaults {
        Some(defaults) => defaults.to_vec()?,
        None => Vec::new(),
    };
    if defaults.len() > fields.len() {
        return Err(PyErr::type_error(
            "Got more default values than field names",
        ));
    }
    let leak = crate::pyobject::keep_text;
    let name = leak(typename.clone());
    let fields = crate::pyobject::keep_names(fields.into_iter().map(leak).collect());
    let params = crate::pyobject::keep_names(
        std::iter::once("_cls")
            .chain(fields.iter().copied())
            .collect(),
    );
    let spec = NamedTupleSpec {
        table: namedtuple_table(name),
        fields,
        signature: crate::pyobject::keep_signature(Signature::new(params)),
        new_qualname: leak(format!("{typename}.__new__")),
        replace_qualname: leak(format!("{typename}._replace")),
        defaults,
        module: module.unwrap_or_else(|| Obj::from("__main__")),
    };
    let table = spec.table;
    NAMEDTUPLES
        .try_with(|specs| specs.borrow_mut().push(std::rc::Rc::new(spec)))
        .map_err(|_| PyErr::system_error("namedtuple during thread exit"))?;
    Ok(table.to_object())
}
