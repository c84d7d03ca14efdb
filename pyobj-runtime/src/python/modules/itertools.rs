//! `import itertools`: CPython 3.11's iterator building blocks, native.
//!
//! - infinite: `count(start=0, step=1)`, `cycle(iterable)`, `repeat(object[, times])`;
//! - shortest input: `accumulate(iterable[, func], *, initial=None)`, `chain(*iterables)`
//!   and `chain.from_iterable(iterable)`, `compress(data, selectors)`,
//!   `dropwhile(predicate, iterable)`, `filterfalse(predicate, iterable)`,
//!   `groupby(iterable, key=None)`, `islice(iterable, [start,] stop[, step])`,
//!   `pairwise(iterable)`, `starmap(function, iterable)`, `takewhile(predicate,
//!   iterable)`, `tee(iterable, n=2)`, `zip_longest(*iterables, fillvalue=None)`;
//! - combinatoric: `product(*iterables, repeat=1)`, `permutations(iterable, r=None)`,
//!   `combinations(iterable, r)`, `combinations_with_replacement(iterable, r)`.
//!
//! Each is a type named as CPython's (`itertools.count`), lazy as CPython's (an input
//! is read only when an item is asked for; `chain(1)` fails at the first `next`), with
//! CPython's argument errors and the reprs of `count` and `repeat`.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let itertools = modules::import("itertools").unwrap();
//! let pairs = itertools
//!     .getattr("combinations").unwrap()
//!     .call(&[Obj::from("abc"), Obj::from(2)]).unwrap();
//! assert_eq!(
//!     Obj::list(pairs.to_vec().unwrap()).repr().unwrap(),
//!     "[('a', 'b'), ('a', 'c'), ('b', 'c')]"
//! );
//! let count = itertools.getattr("count").unwrap().call(&[Obj::from(5)]).unwrap();
//! count.next_item().unwrap();
//! assert_eq!(count.repr().unwrap(), "count(6)");
//! ```
//!
//! # What the collector sees
//! Every iterator holds its inputs (iterators, functions, saved items, pools) in
//! `RefCell`s that its `Trace` impl reports and its `drop_handles` empties, so an
//! iterator that ends up inside what it iterates (`it = cycle(l); l.append(it)`) is a
//! cycle the collector frees. No borrow is held while an input's `next` or a user
//! function runs: a re-entrant `next` finds the iterator as it is (a `tee` says
//! `RuntimeError: cannot re-enter the tee iterator`, as CPython's).
//!
//! Not provided: pickling (`__reduce__`, `__setstate__`), subclassing the types.

use std::cell::{Cell, RefCell};

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::int::{index_value, int_value};
use crate::pyobject::{Args, Method, Obj, PyBuiltinMethod, PyModule, PyTuple, PyType};
use crate::trace::{Trace, Tracer};

/// Makes the `itertools` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "itertools",
        [
            ("accumulate", ACCUMULATE_TYPE.to_object()),
            ("chain", CHAIN_TYPE.to_object()),
            ("combinations", COMBINATIONS_TYPE.to_object()),
            (
                "combinations_with_replacement",
                COMBINATIONS_WITH_REPLACEMENT_TYPE.to_object(),
            ),
            ("compress", COMPRESS_TYPE.to_object()),
            ("count", COUNT_TYPE.to_object()),
            ("cycle", CYCLE_TYPE.to_object()),
            ("dropwhile", DROPWHILE_TYPE.to_object()),
            ("filterfalse", FILTERFALSE_TYPE.to_object()),
            ("groupby", GROUPBY_TYPE.to_object()),
            ("islice", ISLICE_TYPE.to_object()),
            ("pairwise", PAIRWISE_TYPE.to_object()),
            ("permutations", PERMUTATIONS_TYPE.to_object()),
            ("product", PRODUCT_TYPE.to_object()),
            ("repeat", REPEAT_TYPE.to_object()),
            ("starmap", STARMAP_TYPE.to_object()),
            ("takewhile", TAKEWHILE_TYPE.to_object()),
            super::function("tee", tee),
            ("zip_longest", ZIP_LONGEST_TYPE.to_object()),
        ],
    )
}

// ---------------------------------------------------------------------------
// Shared pieces

/// Takes what a cell holds and drops it after the borrow ends.
fn clear<T: Default>(cell: &RefCell<T>) {
    if let Ok(mut value) = cell.try_borrow_mut() {
        let old = std::mem::take(&mut *value);
        drop(value);
        drop(old);
    }
}

/// Reports what a cell holds, or marks the trace incomplete if it is borrowed.
fn trace_cell<T: Trace>(cell: &RefCell<T>, tracer: &mut Tracer<'_>) {
    match cell.try_borrow() {
        Ok(value) => value.trace(tracer),
        Err(_) => tracer.incomplete = true,
    }
}

/// What a cell holds now (a clone: no borrow outlives the call).
fn get(cell: &RefCell<Option<Obj>>) -> Option<Obj> {
    cell.borrow().clone()
}

/// Replaces what a cell holds; the old value is dropped after the borrow.
fn set(cell: &RefCell<Option<Obj>>, value: Option<Obj>) {
    let old = cell.replace(value);
    drop(old);
}

/// The table of an iterator type of this module: iterates over itself.
const fn iterator(
    name: &'static str,
    new: fn(&'static PyType, &Args<'_>) -> PyResult<Obj>,
    next: fn(&Obj) -> PyResult<Option<Obj>>,
) -> PyType {
    PyType {
        name,
        new: Some(new),
        iter: Some(|obj| Ok(obj.clone())),
        next: Some(next),
        ..PyType::BLANK
    }
}

/// The arguments of a builtin taking positional-or-keyword parameters `names` (the
/// last `names.len() - positional` keyword-only), the first `required` of them
/// required: each one's value if given, with the texts of CPython's argument parsers
/// (`count() takes at most 2 arguments (3 given)`, `'x' is an invalid keyword argument
/// for count()`, `repeat() missing required argument 'object' (pos 1)`).
pub(super) fn parse_args<'a, const N: usize>(
    args: &Args<'a>,
    function: &str,
    names: [&str; N],
    positional: usize,
    required: usize,
) -> PyResult<[Option<&'a Obj>; N]> {
    let given = args.positional();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if given.len() > positional {
        let kind = if positional < N { "positional " } else { "" };
        return Err(PyErr::type_error(format!(
            "{function}() takes at most {positional} {kind}argument{} ({} given)",
            plural(positional),
            given.len()
        )));
    }
    let total = given.len() + args.keywords().len();
    if total > N {
        let kind = if given.is_empty() { "keyword " } else { "" };
        return Err(PyErr::type_error(format!(
            "{function}() takes at most {N} {kind}argument{} ({total} given)",
            plural(N)
        )));
    }
    if let Some((key, _)) = args.keywords().iter().find(|(key, _)| !names.contains(key)) {
        return Err(PyErr::type_error(format!(
            "'{key}' is an invalid keyword argument for {function}()"
        )));
    }
    let mut values = [None; N];
    for (index, (value, name)) in values.iter_mut().zip(names).enumerate() {
        let by_name = args.keyword(name);
        *value = match (given.get(index), by_name) {
            (Some(_), Some(_)) => {
                return Err(PyErr::type_error(format!(
                    "argument for {function}() given by name ('{name}') and position ({})",
                    index + 1
                )));
            }
            (Some(value), None) | (None, Some(value)) => Some(value),
            (None, None) if index < required => {
                return Err(PyErr::type_error(format!(
                    "{function}() missing required argument '{name}' (pos {})",
                    index + 1
                )));
            }
            (None, None) => None,
        };
    }
    Ok(values)
}

/// `PyArg_UnpackTuple` with no keywords: `cycle expected 1 argument, got 2`.
fn exactly<'a, const N: usize>(args: &Args<'a>, function: &str) -> PyResult<&'a [Obj; N]> {
    args.between(function, N, N)?
        .try_into()
        .map_err(|_| PyErr::system_error("bad argument count"))
}

/// An `n` argument (a C `Py_ssize_t`): an int-like object that fits.
fn ssize(obj: &Obj) -> PyResult<isize> {
    index_value(obj)?
        .to_primitive::<isize>()
        .ok_or_else(|| PyErr::overflow_error("Python int too large to convert to C ssize_t"))
}

/// `tuple(iterable)` (CPython's `PySequence_Tuple`).
fn to_tuple(iterable: &Obj) -> PyResult<Obj> {
    if iterable.is_exact::<PyTuple>() {
        return Ok(iterable.clone());
    }
    Ok(Obj::tuple(iterable.to_vec()?))
}

/// The items of a tuple made by [`to_tuple`].
fn items(tuple: &Obj) -> &[Obj] {
    tuple
        .downcast_ref::<PyTuple>()
        .map_or(&[], PyTuple::as_slice)
}

/// A value that holds one `Option<Obj>` cell per field and nothing else to trace: the
/// `Trace` impl of such a type.
macro_rules! trace_cells {
    ($ty:ty, $table:expr, [$($cell:ident),*]) => {
        impl Trace for $ty {
            const TRACKED: bool = true;
            const PYTHON_TYPE: Option<&'static PyType> = Some(&$table);
            fn trace(&self, tracer: &mut Tracer<'_>) {
                $(trace_cell(&self.$cell, tracer);)*
            }
            fn drop_handles(&self) {
                $(clear(&self.$cell);)*
            }
        }
    };
}

// ---------------------------------------------------------------------------
// count, cycle, repeat

/// The value of an `itertools.count`: the next value and the step.
struct Count {
    current: RefCell<Option<Obj>>,
    step: RefCell<Option<Obj>>,
}

trace_cells!(Count, COUNT_TYPE, [current, step]);

/// `itertools.count(start=0, step=1)`.
static COUNT_TYPE: PyType = PyType {
    repr: Some(count_repr),
    ..iterator("itertools.count", count_new, count_next)
};

/// Whether `obj` is a number (CPython's `PyNumber_Check`).
fn is_number(obj: &Obj) -> bool {
    obj.py_type()
        .number_slot(|number| {
            (number.index.is_some() || number.int.is_some() || number.float.is_some()).then_some(())
        })
        .is_some()
}

fn count_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [start, step] = parse_args(args, "count", ["start", "step"], 2, 0)?;
    if start.is_some_and(|start| !is_number(start)) || step.is_some_and(|step| !is_number(step)) {
        return Err(PyErr::type_error("a number is required"));
    }
    let step = step.cloned().unwrap_or_else(|| Obj::from(1));
    // CPython counts in a machine integer when the start is an int and the step is 1,
    // so `count(True)` counts 1, 2, ...
    let start = match start {
        None => Obj::from(0),
        Some(start) if is_one(&step) && int_value(start).is_some() => Obj::int(index_value(start)?),
        Some(start) => start.clone(),
    };
    Ok(Obj::new(Count {
        current: RefCell::new(Some(start)),
        step: RefCell::new(Some(step)),
    }))
}

/// Whether `obj` is an int (or bool) equal to 1.
fn is_one(obj: &Obj) -> bool {
    int_value(obj).is_some()
        && index_value(obj).is_ok_and(|value| value.to_primitive::<i64>() == Some(1))
}

fn count_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let count = obj.value_as::<Count>()?;
    let (Some(current), Some(step)) = (get(&count.current), get(&count.step)) else {
        return Ok(None);
    };
    let next = current.add(&step)?;
    set(&count.current, Some(next));
    Ok(Some(current))
}

/// `count(5)`, `count(0, 2)`, `count(1.5, 1.0)`: the step is shown unless it is an
/// int equal to 1.
fn count_repr(obj: &Obj) -> PyResult<String> {
    let count = obj.value_as::<Count>()?;
    let (Some(current), Some(step)) = (get(&count.current), get(&count.step)) else {
        return Ok("count()".to_owned());
    };
    if is_one(&step) {
        Ok(format!("count({})", current.repr()?))
    } else {
        Ok(format!("count({}, {})", current.repr()?, step.repr()?))
    }
}

/// The value of an `itertools.cycle`: the iterator until it is exhausted, then the
/// saved items in turn.
struct Cycle {
    iterator: RefCell<Option<Obj>>,
    saved: RefCell<Vec<Obj>>,
    index: Cell<usize>,
}

trace_cells!(Cycle, CYCLE_TYPE, [iterator, saved]);

/// `itertools.cycle(iterable)`.
static CYCLE_TYPE: PyType = iterator("itertools.cycle", cycle_new, cycle_next);

fn cycle_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [iterable] = exactly(args, "cycle")?;
    Ok(Obj::new(Cycle {
        iterator: RefCell::new(Some(iterable.iter()?)),
        saved: RefCell::new(Vec::new()),
        index: Cell::new(0),
    }))
}

fn cycle_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let cycle = obj.value_as::<Cycle>()?;
    if let Some(iterator) = get(&cycle.iterator) {
        if let Some(item) = iterator.next_item()? {
            cycle.saved.borrow_mut().push(item.clone());
            return Ok(Some(item));
        }
        set(&cycle.iterator, None);
    }
    let saved = cycle.saved.borrow();
    if saved.is_empty() {
        return Ok(None);
    }
    let index = cycle.index.get() % saved.len();
    cycle.index.set((index + 1) % saved.len());
    Ok(Some(saved[index].clone()))
}

/// The value of an `itertools.repeat`: the object and how many times are left
/// (`None`: forever).
struct Repeat {
    element: RefCell<Option<Obj>>,
    remaining: Cell<Option<usize>>,
}

trace_cells!(Repeat, REPEAT_TYPE, [element]);

/// `itertools.repeat(object[, times])`.
static REPEAT_TYPE: PyType = PyType {
    repr: Some(repeat_repr),
    methods: &[Method {
        name: "__length_hint__",
        call: |obj, args| {
            args.none("repeat.__length_hint__")?;
            match obj.value_as::<Repeat>()?.remaining.get() {
                Some(remaining) => Ok(Obj::from(remaining)),
                None => Err(PyErr::type_error("len() of unsized object")),
            }
        },
    }],
    ..iterator("itertools.repeat", repeat_new, repeat_next)
};

fn repeat_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [element, times] = parse_args(args, "repeat", ["object", "times"], 2, 1)?;
    let remaining = match times {
        None => None,
        Some(times) => Some(ssize(times)?.max(0).unsigned_abs()),
    };
    Ok(Obj::new(Repeat {
        element: RefCell::new(element.cloned()),
        remaining: Cell::new(remaining),
    }))
}

fn repeat_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let repeat = obj.value_as::<Repeat>()?;
    match repeat.remaining.get() {
        Some(0) => return Ok(None),
        Some(n) => repeat.remaining.set(Some(n - 1)),
        None => {}
    }
    Ok(get(&repeat.element))
}

/// `repeat('a')`, `repeat('a', 3)` (the times left).
fn repeat_repr(obj: &Obj) -> PyResult<String> {
    let repeat = obj.value_as::<Repeat>()?;
    let element = get(&repeat.element).map_or_else(|| Ok(String::new()), |e| e.repr())?;
    Ok(match repeat.remaining.get() {
        Some(remaining) => format!("repeat({element}, {remaining})"),
        None => format!("repeat({element})"),
    })
}

// ---------------------------------------------------------------------------
// accumulate, chain, compress, dropwhile, takewhile, filterfalse, starmap

/// The value of an `itertools.accumulate`: the iterator, the function (`None`: `+`),
/// the running total, and the initial value until it is given out.
struct Accumulate {
    iterator: RefCell<Option<Obj>>,
    func: RefCell<Option<Obj>>,
    total: RefCell<Option<Obj>>,
    initial: RefCell<Option<Obj>>,
}

trace_cells!(
    Accumulate,
    ACCUMULATE_TYPE,
    [iterator, func, total, initial]
);

/// `itertools.accumulate(iterable, func=None, *, initial=None)`.
static ACCUMULATE_TYPE: PyType = iterator("itertools.accumulate", accumulate_new, accumulate_next);

fn accumulate_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [iterable, func, initial] =
        parse_args(args, "accumulate", ["iterable", "func", "initial"], 2, 1)?;
    let iterable = iterable.ok_or_else(|| PyErr::system_error("missing iterable"))?;
    let some = |value: Option<&Obj>| value.filter(|value| !value.is_none()).cloned();
    Ok(Obj::new(Accumulate {
        iterator: RefCell::new(Some(iterable.iter()?)),
        func: RefCell::new(some(func)),
        total: RefCell::new(None),
        initial: RefCell::new(some(initial)),
    }))
}

fn accumulate_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<Accumulate>()?;
    if let Some(initial) = state.initial.take() {
        set(&state.total, Some(initial.clone()));
        return Ok(Some(initial));
    }
    let Some(iterator) = get(&state.iterator) else {
        return Ok(None);
    };
    let Some(value) = iterator.next_item()? else {
        return Ok(None);
    };
    let total = match get(&state.total) {
        None => value,
        Some(total) => match get(&state.func) {
            None => total.add(&value)?,
            Some(func) => func.call(&[total, value])?,
        },
    };
    set(&state.total, Some(total.clone()));
    Ok(Some(total))
}

/// The value of an `itertools.chain`: the iterator over the iterables, and the
/// iterator of the one being read.
struct Chain {
    source: RefCell<Option<Obj>>,
    active: RefCell<Option<Obj>>,
}

trace_cells!(Chain, CHAIN_TYPE, [source, active]);

/// `chain.from_iterable`, a class method.
static FROM_ITERABLE: Method = Method {
    name: "from_iterable",
    call: |_, args| {
        let iterable = args.one("chain.from_iterable")?;
        Ok(Obj::new(Chain {
            source: RefCell::new(Some(iterable.iter()?)),
            active: RefCell::new(None),
        }))
    },
};

/// `itertools.chain(*iterables)`, with `chain.from_iterable(iterable)`.
static CHAIN_TYPE: PyType = PyType {
    type_attr: Some(|ty, name| {
        Ok(match name {
            "from_iterable" => Some(PyBuiltinMethod::bind(ty.clone(), &FROM_ITERABLE)),
            _ => None,
        })
    }),
    ..iterator("itertools.chain", chain_new, chain_next)
};

fn chain_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("chain")?;
    Ok(Obj::new(Chain {
        source: RefCell::new(Some(Obj::tuple(args.positional().iter().cloned()).iter()?)),
        active: RefCell::new(None),
    }))
}

fn chain_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let chain = obj.value_as::<Chain>()?;
    while let Some(source) = get(&chain.source) {
        let active = match get(&chain.active) {
            Some(active) => active,
            None => {
                let next = source.next_item().and_then(|iterable| match iterable {
                    Some(iterable) => iterable.iter().map(Some),
                    None => Ok(None),
                });
                match next {
                    Ok(Some(active)) => {
                        set(&chain.active, Some(active.clone()));
                        active
                    }
                    Ok(None) => {
                        set(&chain.source, None);
                        return Ok(None);
                    }
                    Err(error) => {
                        set(&chain.source, None);
                        return Err(error);
                    }
                }
            }
        };
        if let Some(item) = active.next_item()? {
            return Ok(Some(item));
        }
        set(&chain.active, None);
    }
    Ok(None)
}

/// The value of an `itertools.compress`: the data and the selectors, read in step.
struct Compress {
    data: RefCell<Option<Obj>>,
    selectors: RefCell<Option<Obj>>,
}

trace_cells!(Compress, COMPRESS_TYPE, [data, selectors]);

/// `itertools.compress(data, selectors)`.
static COMPRESS_TYPE: PyType = iterator("itertools.compress", compress_new, compress_next);

fn compress_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [data, selectors] = parse_args(args, "compress", ["data", "selectors"], 2, 2)?;
    let (Some(data), Some(selectors)) = (data, selectors) else {
        return Err(PyErr::system_error("missing argument"));
    };
    let data = data.iter()?;
    let selectors = selectors.iter()?;
    Ok(Obj::new(Compress {
        data: RefCell::new(Some(data)),
        selectors: RefCell::new(Some(selectors)),
    }))
}

fn compress_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<Compress>()?;
    let (Some(data), Some(selectors)) = (get(&state.data), get(&state.selectors)) else {
        return Ok(None);
    };
    loop {
        let Some(datum) = data.next_item()? else {
            return Ok(None);
        };
        let Some(selector) = selectors.next_item()? else {
            return Ok(None);
        };
        if selector.is_truthy()? {
            return Ok(Some(datum));
        }
    }
}

/// The value of `dropwhile`, `takewhile`, `filterfalse` and `starmap`: a function and
/// an iterator (and, for the first two, whether the predicate has failed yet).
struct Predicate {
    func: RefCell<Option<Obj>>,
    iterator: RefCell<Option<Obj>>,
    done: Cell<bool>,
}

impl Predicate {
    /// The function and the iterator of a `name(function, iterable)` call.
    fn make(args: &Args<'_>, name: &str, ty: &'static PyType) -> PyResult<Obj> {
        args.no_keywords(name)?;
        let [func, iterable] = args.positional_between(name, 2, 2)? else {
            return Err(PyErr::system_error("bad argument count"));
        };
        let value = Predicate {
            func: RefCell::new(Some(func.clone())),
            iterator: RefCell::new(Some(iterable.iter()?)),
            done: Cell::new(false),
        };
        Ok(if std::ptr::eq(ty, &TAKEWHILE_TYPE) {
            Obj::new(TakeWhile(value))
        } else if std::ptr::eq(ty, &FILTERFALSE_TYPE) {
            Obj::new(FilterFalse(value))
        } else if std::ptr::eq(ty, &STARMAP_TYPE) {
            Obj::new(StarMap(value))
        } else {
            Obj::new(DropWhile(value))
        })
    }

    /// The function and the iterator, unless the iterator was let go.
    fn parts(&self) -> Option<(Obj, Obj)> {
        Some((get(&self.func)?, get(&self.iterator)?))
    }
}

/// Four types over one [`Predicate`] value.
macro_rules! predicate_types {
    ($($value:ident, $table:ident, $name:literal, $next:ident;)*) => {$(
        #[doc = concat!("The value of an `itertools.", $name, "`.")]
        struct $value(Predicate);

        impl Trace for $value {
            const TRACKED: bool = true;
            const PYTHON_TYPE: Option<&'static PyType> = Some(&$table);
            fn trace(&self, tracer: &mut Tracer<'_>) {
                trace_cell(&self.0.func, tracer);
                trace_cell(&self.0.iterator, tracer);
            }
            fn drop_handles(&self) {
                clear(&self.0.func);
                clear(&self.0.iterator);
            }
        }

        #[doc = concat!("`itertools.", $name, "(function, iterable)`.")]
        static $table: PyType = iterator(
            concat!("itertools.", $name),
            |ty, args| Predicate::make(args, $name, ty),
            |obj| $next(&obj.value_as::<$value>()?.0),
        );
    )*};
}

predicate_types! {
    DropWhile, DROPWHILE_TYPE, "dropwhile", dropwhile_next;
    TakeWhile, TAKEWHILE_TYPE, "takewhile", takewhile_next;
    FilterFalse, FILTERFALSE_TYPE, "filterfalse", filterfalse_next;
    StarMap, STARMAP_TYPE, "starmap", starmap_next;
}

fn dropwhile_next(state: &Predicate) -> PyResult<Option<Obj>> {
    let Some((func, iterator)) = state.parts() else {
        return Ok(None);
    };
    loop {
        let Some(item) = iterator.next_item()? else {
            return Ok(None);
        };
        if state.done.get() {
            return Ok(Some(item));
        }
        if !func.call(std::slice::from_ref(&item))?.is_truthy()? {
            state.done.set(true);
            return Ok(Some(item));
        }
    }
}

fn takewhile_next(state: &Predicate) -> PyResult<Option<Obj>> {
    if state.done.get() {
        return Ok(None);
    }
    let Some((func, iterator)) = state.parts() else {
        return Ok(None);
    };
    let Some(item) = iterator.next_item()? else {
        return Ok(None);
    };
    if func.call(std::slice::from_ref(&item))?.is_truthy()? {
        return Ok(Some(item));
    }
    state.done.set(true);
    Ok(None)
}

fn filterfalse_next(state: &Predicate) -> PyResult<Option<Obj>> {
    let Some((func, iterator)) = state.parts() else {
        return Ok(None);
    };
    let truth = !func.is_none() && !func.is(&crate::pyobject::types::BOOL_TYPE.to_object());
    while let Some(item) = iterator.next_item()? {
        let keep = if truth {
            func.call(std::slice::from_ref(&item))?.is_truthy()?
        } else {
            item.is_truthy()?
        };
        if !keep {
            return Ok(Some(item));
        }
    }
    Ok(None)
}

fn starmap_next(state: &Predicate) -> PyResult<Option<Obj>> {
    let Some((func, iterator)) = state.parts() else {
        return Ok(None);
    };
    let Some(args) = iterator.next_item()? else {
        return Ok(None);
    };
    let args = to_tuple(&args)?;
    func.call(items(&args)).map(Some)
}

// ---------------------------------------------------------------------------
// groupby

/// The value of an `itertools.groupby`: the iterator, the key function, the key of
/// the group being given out (`tgtkey`), the item read last and its key, and which
/// `_grouper` may still read (CPython's `currgrouper`, by serial number).
struct GroupBy {
    iterator: RefCell<Option<Obj>>,
    keyfunc: RefCell<Option<Obj>>,
    target_key: RefCell<Option<Obj>>,
    current_key: RefCell<Option<Obj>>,
    current_value: RefCell<Option<Obj>>,
    current_grouper: Cell<u64>,
    groupers: Cell<u64>,
}

trace_cells!(
    GroupBy,
    GROUPBY_TYPE,
    [iterator, keyfunc, target_key, current_key, current_value]
);

/// `itertools.groupby(iterable, key=None)`.
static GROUPBY_TYPE: PyType = iterator("itertools.groupby", groupby_new, groupby_next);

fn groupby_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [iterable, key] = parse_args(args, "groupby", ["iterable", "key"], 2, 1)?;
    let iterable = iterable.ok_or_else(|| PyErr::system_error("missing iterable"))?;
    Ok(Obj::new(GroupBy {
        iterator: RefCell::new(Some(iterable.iter()?)),
        keyfunc: RefCell::new(key.filter(|key| !key.is_none()).cloned()),
        target_key: RefCell::new(None),
        current_key: RefCell::new(None),
        current_value: RefCell::new(None),
        current_grouper: Cell::new(0),
        groupers: Cell::new(0),
    }))
}

/// Reads the next item and its key; `false` when the iterator is exhausted.
fn groupby_step(state: &GroupBy) -> PyResult<bool> {
    let Some(iterator) = get(&state.iterator) else {
        return Ok(false);
    };
    let Some(value) = iterator.next_item()? else {
        return Ok(false);
    };
    let key = match get(&state.keyfunc) {
        Some(keyfunc) => keyfunc.call(std::slice::from_ref(&value))?,
        None => value.clone(),
    };
    set(&state.current_value, Some(value));
    set(&state.current_key, Some(key));
    Ok(true)
}

fn groupby_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<GroupBy>()?;
    state.current_grouper.set(0);
    // Skips to the next group.
    loop {
        match (get(&state.current_key), get(&state.target_key)) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(current), Some(target)) => {
                if !target.eq_item(&current)? {
                    break;
                }
            }
        }
        if !groupby_step(state)? {
            return Ok(None);
        }
    }
    let key = get(&state.current_key).ok_or_else(|| PyErr::system_error("groupby key"))?;
    set(&state.target_key, Some(key.clone()));
    let serial = state.groupers.get() + 1;
    state.groupers.set(serial);
    state.current_grouper.set(serial);
    let grouper = Obj::new(Grouper {
        parent: RefCell::new(Some(obj.clone())),
        target_key: RefCell::new(Some(key.clone())),
        serial,
    });
    Ok(Some(Obj::tuple([key, grouper])))
}

/// The value of an `itertools._grouper`: the items of one group, read through the
/// `groupby` until the key changes or the `groupby` moves on.
struct Grouper {
    parent: RefCell<Option<Obj>>,
    target_key: RefCell<Option<Obj>>,
    serial: u64,
}

trace_cells!(Grouper, GROUPER_TYPE, [parent, target_key]);

/// `itertools._grouper`.
static GROUPER_TYPE: PyType = PyType {
    new: None,
    ..iterator("itertools._grouper", |_, _| Ok(Obj::none()), grouper_next)
};

fn grouper_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let grouper = obj.value_as::<Grouper>()?;
    let (Some(parent), Some(target)) = (get(&grouper.parent), get(&grouper.target_key)) else {
        return Ok(None);
    };
    let state = parent.value_as::<GroupBy>()?;
    if state.current_grouper.get() != grouper.serial {
        return Ok(None);
    }
    if get(&state.current_value).is_none() && !groupby_step(state)? {
        return Ok(None);
    }
    let Some(current) = get(&state.current_key) else {
        return Ok(None);
    };
    if !target.eq_item(&current)? {
        return Ok(None);
    }
    let value = state.current_value.take();
    set(&state.current_key, None);
    Ok(value)
}

// ---------------------------------------------------------------------------
// islice, pairwise, zip_longest

/// The value of an `itertools.islice`: the iterator, the index of the next item to
/// give out, the stop (`None`: none), the step and how many items were read.
struct ISlice {
    iterator: RefCell<Option<Obj>>,
    next: Cell<usize>,
    stop: Option<usize>,
    step: usize,
    count: Cell<usize>,
}

trace_cells!(ISlice, ISLICE_TYPE, [iterator]);

/// `itertools.islice(iterable, stop)`, `islice(iterable, start, stop[, step])`.
static ISLICE_TYPE: PyType = iterator("itertools.islice", islice_new, islice_next);

fn islice_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("islice")?;
    let given = args.positional_between("islice", 2, 4)?;
    // `None` for an argument that is not an int in `0..=isize::MAX` (or a negative
    // one), as CPython's `PyNumber_AsSsize_t` with its error cleared.
    let number = |obj: &Obj| -> Option<isize> {
        if obj.is_none() {
            return None;
        }
        Some(
            index_value(obj)
                .ok()
                .and_then(|value| value.to_primitive::<isize>())
                .unwrap_or(-1),
        )
    };
    let stop_error = || {
        PyErr::value_error(
            "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        )
    };
    let (start, stop) = match given {
        [_, stop] => (0, number(stop).unwrap_or(-1)),
        [_, start, stop, ..] => (number(start).unwrap_or(0), number(stop).unwrap_or(-1)),
        _ => return Err(PyErr::system_error("bad argument count")),
    };
    let stop_given = match given {
        [_, stop] | [_, _, stop, ..] => !stop.is_none(),
        _ => false,
    };
    if stop_given && stop == -1 {
        return Err(stop_error());
    }
    if start < 0 || stop < -1 {
        return Err(PyErr::value_error(
            "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        ));
    }
    let step = match given.get(3) {
        Some(step) => number(step).unwrap_or(1),
        None => 1,
    };
    if step < 1 {
        return Err(PyErr::value_error(
            "Step for islice() must be a positive integer or None.",
        ));
    }
    let iterator = given[0].iter()?;
    Ok(Obj::new(ISlice {
        iterator: RefCell::new(Some(iterator)),
        next: Cell::new(start.unsigned_abs()),
        stop: (stop >= 0).then_some(stop.unsigned_abs()),
        step: step.unsigned_abs(),
        count: Cell::new(0),
    }))
}

fn islice_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<ISlice>()?;
    let Some(iterator) = get(&state.iterator) else {
        return Ok(None);
    };
    let result = (|| {
        while state.count.get() < state.next.get() {
            if iterator.next_item()?.is_none() {
                return Ok(None);
            }
            state.count.set(state.count.get() + 1);
        }
        if state.stop.is_some_and(|stop| state.count.get() >= stop) {
            return Ok(None);
        }
        let Some(item) = iterator.next_item()? else {
            return Ok(None);
        };
        state.count.set(state.count.get() + 1);
        let next = state.next.get().saturating_add(state.step);
        state.next.set(match state.stop {
            Some(stop) if next > stop => stop,
            _ => next,
        });
        Ok(Some(item))
    })();
    if !matches!(result, Ok(Some(_))) {
        set(&state.iterator, None);
    }
    result
}

/// The value of an `itertools.pairwise`: the iterator and the item read last.
struct Pairwise {
    iterator: RefCell<Option<Obj>>,
    old: RefCell<Option<Obj>>,
}

trace_cells!(Pairwise, PAIRWISE_TYPE, [iterator, old]);

/// `itertools.pairwise(iterable)`.
static PAIRWISE_TYPE: PyType = iterator("itertools.pairwise", pairwise_new, pairwise_next);

fn pairwise_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [iterable] = exactly(args, "pairwise")?;
    Ok(Obj::new(Pairwise {
        iterator: RefCell::new(Some(iterable.iter()?)),
        old: RefCell::new(None),
    }))
}

fn pairwise_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<Pairwise>()?;
    let Some(iterator) = get(&state.iterator) else {
        return Ok(None);
    };
    let old = match get(&state.old) {
        Some(old) => old,
        None => {
            let Some(old) = iterator.next_item()? else {
                set(&state.iterator, None);
                return Ok(None);
            };
            set(&state.old, Some(old.clone()));
            old
        }
    };
    let Some(new) = iterator.next_item()? else {
        set(&state.iterator, None);
        set(&state.old, None);
        return Ok(None);
    };
    set(&state.old, Some(new.clone()));
    Ok(Some(Obj::tuple([old, new])))
}

/// The value of an `itertools.zip_longest`: one iterator per iterable (`None` once
/// exhausted), how many are not, and the fill value.
struct ZipLongest {
    iterators: RefCell<Vec<Option<Obj>>>,
    active: Cell<usize>,
    fillvalue: RefCell<Option<Obj>>,
}

trace_cells!(ZipLongest, ZIP_LONGEST_TYPE, [iterators, fillvalue]);

/// `itertools.zip_longest(*iterables, fillvalue=None)`.
static ZIP_LONGEST_TYPE: PyType =
    iterator("itertools.zip_longest", zip_longest_new, zip_longest_next);

fn zip_longest_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let fillvalue = match args.keywords() {
        [] => Obj::none(),
        [("fillvalue", value)] => value.clone(),
        _ => {
            return Err(PyErr::type_error(
                "zip_longest() got an unexpected keyword argument",
            ));
        }
    };
    let iterators = args
        .positional()
        .iter()
        .map(|iterable| iterable.iter().map(Some))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Obj::new(ZipLongest {
        active: Cell::new(iterators.len()),
        iterators: RefCell::new(iterators),
        fillvalue: RefCell::new(Some(fillvalue)),
    }))
}

fn zip_longest_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let state = obj.value_as::<ZipLongest>()?;
    let iterators = state.iterators.borrow().clone();
    if iterators.is_empty() || state.active.get() == 0 {
        return Ok(None);
    }
    let fillvalue = get(&state.fillvalue).unwrap_or_else(Obj::none);
    let mut result = Vec::with_capacity(iterators.len());
    for (index, iterator) in iterators.iter().enumerate() {
        let Some(iterator) = iterator else {
            result.push(fillvalue.clone());
            continue;
        };
        let next = iterator.next_item();
        match next {
            Ok(Some(item)) => result.push(item),
            Ok(None) if state.active.get() > 1 => {
                state.active.set(state.active.get() - 1);
                result.push(fillvalue.clone());
                let old = state
                    .iterators
                    .borrow_mut()
                    .get_mut(index)
                    .and_then(Option::take);
                drop(old);
            }
            Ok(None) => {
                state.active.set(0);
                return Ok(None);
            }
            Err(error) => {
                state.active.set(0);
                return Err(error);
            }
        }
    }
    Ok(Some(Obj::tuple(result)))
}

// ---------------------------------------------------------------------------
// tee

/// How many items one [`TeeData`] block holds (CPython's `LINKCELLS`).
const LINK_CELLS: usize = 57;

/// The value of an `itertools._tee_dataobject`: a block of the items read from the
/// shared iterator, and the next block once this one is full. The `_tee` objects
/// hold the block they read from; a block no `_tee` reaches any more is freed.
struct TeeData {
    iterator: RefCell<Option<Obj>>,
    values: RefCell<Vec<Obj>>,
    next: RefCell<Option<Obj>>,
    running: Cell<bool>,
}

trace_cells!(TeeData, TEE_DATA_TYPE, [iterator, values, next]);

/// `itertools._tee_dataobject`.
static TEE_DATA_TYPE: PyType = PyType {
    name: "itertools._tee_dataobject",
    ..PyType::BLANK
};

impl TeeData {
    fn make(iterator: Obj) -> Obj {
        Obj::new(TeeData {
            iterator: RefCell::new(Some(iterator)),
            values: RefCell::new(Vec::new()),
            next: RefCell::new(None),
            running: Cell::new(false),
        })
    }

    /// The item at `index` of this block, read from the iterator if it is the next.
    fn item(&self, index: usize) -> PyResult<Option<Obj>> {
        if let Some(value) = self.values.borrow().get(index) {
            return Ok(Some(value.clone()));
        }
        if self.running.get() {
            return Err(PyErr::runtime_error("cannot re-enter the tee iterator"));
        }
        let Some(iterator) = get(&self.iterator) else {
            return Ok(None);
        };
        self.running.set(true);
        let value = iterator.next_item();
        self.running.set(false);
        let Some(value) = value? else {
            return Ok(None);
        };
        self.values.borrow_mut().push(value.clone());
        Ok(Some(value))
    }

    /// The block after this (full) one, made on first use.
    fn next_block(&self) -> PyResult<Obj> {
        if let Some(next) = get(&self.next) {
            return Ok(next);
        }
        let iterator = get(&self.iterator).ok_or_else(|| PyErr::system_error("tee data"))?;
        let next = TeeData::make(iterator);
        set(&self.next, Some(next.clone()));
        Ok(next)
    }
}

/// The value of an `itertools._tee`: the block it reads and its index there.
struct Tee {
    data: RefCell<Option<Obj>>,
    index: Cell<usize>,
}

trace_cells!(Tee, TEE_TYPE, [data]);

/// `itertools._tee(iterable)`.
static TEE_TYPE: PyType = PyType {
    methods: &[Method {
        name: "__copy__",
        call: |obj, args| {
            args.none("_tee.__copy__")?;
            tee_copy(obj)
        },
    }],
    weakrefable: true,
    ..iterator("itertools._tee", tee_new, tee_next)
};

fn tee_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("_tee")?;
    let [iterable] = args.positional_between("_tee", 1, 1)? else {
        return Err(PyErr::system_error("bad argument count"));
    };
    tee_from(iterable)
}

/// A `_tee` over `iterable`: a copy if its iterator is a `_tee`, else a new one.
fn tee_from(iterable: &Obj) -> PyResult<Obj> {
    let iterator = iterable.iter()?;
    if iterator.is_exact::<Tee>() {
        return tee_copy(&iterator);
    }
    Ok(Obj::new(Tee {
        data: RefCell::new(Some(TeeData::make(iterator))),
        index: Cell::new(0),
    }))
}

/// `t.__copy__()`: a `_tee` at the same place.
fn tee_copy(obj: &Obj) -> PyResult<Obj> {
    let tee = obj.value_as::<Tee>()?;
    Ok(Obj::new(Tee {
        data: RefCell::new(get(&tee.data)),
        index: Cell::new(tee.index.get()),
    }))
}

fn tee_next(obj: &Obj) -> PyResult<Option<Obj>> {
    let tee = obj.value_as::<Tee>()?;
    let Some(mut data) = get(&tee.data) else {
        return Ok(None);
    };
    if tee.index.get() >= LINK_CELLS {
        data = data.value_as::<TeeData>()?.next_block()?;
        set(&tee.data, Some(data.clone()));
        tee.index.set(0);
    }
    let value = data.value_as::<TeeData>()?.item(tee.index.get())?;
    if value.is_some() {
        tee.index.set(tee.index.get() + 1);
    }
    Ok(value)
}

/// `itertools.tee(iterable, n=2)`: a tuple of `n` independent iterators.
fn tee(args: &Args<'_>) -> PyResult<Obj> {
    if !args.keywords().is_empty() {
        return Err(PyErr::type_error(
            "itertools.tee() takes no keyword arguments",
        ));
    }
    let given = args.positional_between("tee", 1, 2)?;
    let n = match given.get(1) {
        Some(n) => ssize(n)?,
        None => 2,
    };
    if n < 0 {
        return Err(PyErr::value_error("n must be >= 0"));
    }
    let mut tees = Vec::with_capacity(n.unsigned_abs());
    if n == 0 {
        return Ok(Obj::tuple(tees));
    }
    // An iterator that can copy itself (a `_tee`) is the first result as it is.
    let iterator = given[0].iter()?;
    let first = if iterator.hasattr("__copy__")? {
        iterator
    } else {
        tee_from(&iterator)?
    };
    tees.push(first.clone());
    for _ in 1..n {
        tees.push(first.call_method("__copy__", &[])?);
    }
    Ok(Obj::tuple(tees))
}

// ---------------------------------------------------------------------------
// product, permutations, combinations, combinations_with_replacement

/// The state of a combinatoric iterator: its pools (tuples), the indices of the last
/// result, and whether it has started or stopped.
struct Combinatoric {
    pools: RefCell<Vec<Obj>>,
    indices: RefCell<Vec<usize>>,
    /// `permutations`' cycles.
    cycles: RefCell<Vec<usize>>,
    r: usize,
    started: Cell<bool>,
    stopped: Cell<bool>,
}

impl Combinatoric {
    fn new(pools: Vec<Obj>, r: usize) -> Combinatoric {
        Combinatoric {
            pools: RefCell::new(pools),
            indices: RefCell::new(Vec::new()),
            cycles: RefCell::new(Vec::new()),
            r,
            started: Cell::new(false),
            stopped: Cell::new(false),
        }
    }

    /// Stops for good (and lets go of the pools).
    fn stop(&self) -> PyResult<Option<Obj>> {
        self.stopped.set(true);
        clear(&self.pools);
        Ok(None)
    }

    /// The result for the current indices: `pool[indices[i]]` for each `i` (all from
    /// the one pool unless `per_index_pool`).
    fn result(&self, per_index_pool: bool, count: usize) -> Obj {
        let pools = self.pools.borrow();
        let indices = self.indices.borrow();
        let items: Vec<Obj> = indices[..count]
            .iter()
            .enumerate()
            .map(|(position, &index)| {
                let pool = if per_index_pool {
                    &pools[position]
                } else {
                    &pools[0]
                };
                items(pool)[index].clone()
            })
            .collect();
        drop((pools, indices));
        Obj::tuple(items)
    }

    /// The length of pool `index`.
    fn pool_len(&self, index: usize) -> usize {
        self.pools
            .borrow()
            .get(index)
            .map_or(0, |pool| items(pool).len())
    }
}

/// Four types over one [`Combinatoric`] value.
macro_rules! combinatoric_types {
    ($($value:ident, $table:ident, $name:literal, $new:ident, $next:ident;)*) => {$(
        #[doc = concat!("The value of an `itertools.", $name, "`.")]
        struct $value(Combinatoric);

        impl Trace for $value {
            const TRACKED: bool = true;
            const PYTHON_TYPE: Option<&'static PyType> = Some(&$table);
            fn trace(&self, tracer: &mut Tracer<'_>) {
                trace_cell(&self.0.pools, tracer);
            }
            fn drop_handles(&self) {
                clear(&self.0.pools);
            }
        }

        #[doc = concat!("`itertools.", $name, "`.")]
        static $table: PyType = iterator(
            concat!("itertools.", $name),
            $new,
            |obj| {
                let state = &obj.value_as::<$value>()?.0;
                if state.stopped.get() {
                    return Ok(None);
                }
                $next(state)
            },
        );
    )*};
}

combinatoric_types! {
    Product, PRODUCT_TYPE, "product", product_new, product_next;
    Permutations, PERMUTATIONS_TYPE, "permutations", permutations_new, permutations_next;
    Combinations, COMBINATIONS_TYPE, "combinations", combinations_new, combinations_next;
    CombinationsWithReplacement, COMBINATIONS_WITH_REPLACEMENT_TYPE,
        "combinations_with_replacement", cwr_new, cwr_next;
}

fn product_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [repeat] = parse_args(
        &Args::new(&[], args.keywords()),
        "product",
        ["repeat"],
        0,
        0,
    )?;
    let repeat = match repeat {
        Some(repeat) => ssize(repeat)?,
        None => 1,
    };
    if repeat < 0 {
        return Err(PyErr::value_error("repeat argument cannot be negative"));
    }
    let iterables = if repeat == 0 { &[] } else { args.positional() };
    let pools = iterables
        .iter()
        .map(to_tuple)
        .collect::<PyResult<Vec<Obj>>>()?;
    let mut all = Vec::with_capacity(pools.len() * repeat.unsigned_abs());
    for _ in 0..repeat {
        all.extend(pools.iter().cloned());
    }
    let count = all.len();
    Ok(Obj::new(Product(Combinatoric::new(all, count))))
}

fn product_next(state: &Combinatoric) -> PyResult<Option<Obj>> {
    let count = state.r;
    if !state.started.get() {
        state.started.set(true);
        if (0..count).any(|index| state.pool_len(index) == 0) {
            return state.stop();
        }
        *state.indices.borrow_mut() = vec![0; count];
        return Ok(Some(state.result(true, count)));
    }
    let mut rolled_over = true;
    for position in (0..count).rev() {
        let len = state.pool_len(position);
        let mut indices = state.indices.borrow_mut();
        indices[position] += 1;
        if indices[position] == len {
            indices[position] = 0;
        } else {
            rolled_over = false;
            break;
        }
    }
    if rolled_over {
        return state.stop();
    }
    Ok(Some(state.result(true, count)))
}

/// An `r` argument that must not be negative.
fn non_negative(r: isize) -> PyResult<usize> {
    if r < 0 {
        return Err(PyErr::value_error("r must be non-negative"));
    }
    Ok(r.unsigned_abs())
}

fn permutations_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let [iterable, r] = parse_args(args, "permutations", ["iterable", "r"], 2, 1)?;
    let iterable = iterable.ok_or_else(|| PyErr::system_error("missing iterable"))?;
    let pool = to_tuple(iterable)?;
    let n = items(&pool).len();
    let r = match r {
        Some(r) if !r.is_none() => {
            if int_value(r).is_none() {
                return Err(PyErr::type_error("Expected int as r"));
            }
            non_negative(ssize(r)?)?
        }
        _ => n,
    };
    let state = Combinatoric::new(vec![pool], r);
    *state.indices.borrow_mut() = (0..n).collect();
    *state.cycles.borrow_mut() = (0..r.min(n)).map(|i| n - i).collect();
    Ok(Obj::new(Permutations(state)))
}

fn permutations_next(state: &Combinatoric) -> PyResult<Option<Obj>> {
    let n = state.pool_len(0);
    let r = state.r;
    if !state.started.get() {
        state.started.set(true);
        if r > n {
            return state.stop();
        }
        return Ok(Some(state.result(false, r)));
    }
    if n == 0 {
        return state.stop();
    }
    let mut done = true;
    {
        let mut indices = state.indices.borrow_mut();
        let mut cycles = state.cycles.borrow_mut();
        for i in (0..r).rev() {
            cycles[i] -= 1;
            if cycles[i] == 0 {
                indices[i..].rotate_left(1);
                cycles[i] = n - i;
            } else {
                let j = cycles[i];
                indices.swap(i, n - j);
                done = false;
                break;
            }
        }
    }
    if done {
        return state.stop();
    }
    Ok(Some(state.result(false, r)))
}

/// `(iterable, r)` of `combinations` and `combinations_with_replacement`.
fn combinations_args(args: &Args<'_>, name: &str) -> PyResult<(Obj, usize)> {
    let [iterable, r] = parse_args(args, name, ["iterable", "r"], 2, 2)?;
    let (Some(iterable), Some(r)) = (iterable, r) else {
        return Err(PyErr::system_error("missing argument"));
    };
    let pool = to_tuple(iterable)?;
    let r = non_negative(ssize(r)?)?;
    Ok((pool, r))
}

fn combinations_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let (pool, r) = combinations_args(args, "combinations")?;
    let state = Combinatoric::new(vec![pool], r);
    *state.indices.borrow_mut() = (0..r).collect();
    Ok(Obj::new(Combinations(state)))
}

fn combinations_next(state: &Combinatoric) -> PyResult<Option<Obj>> {
    let n = state.pool_len(0);
    let r = state.r;
    if !state.started.get() {
        state.started.set(true);
        if r > n {
            return state.stop();
        }
        return Ok(Some(state.result(false, r)));
    }
    {
        let mut indices = state.indices.borrow_mut();
        let Some(i) = (0..r).rev().find(|&i| indices[i] != i + n - r) else {
            drop(indices);
            return state.stop();
        };
        indices[i] += 1;
        for j in i + 1..r {
            indices[j] = indices[j - 1] + 1;
        }
    }
    Ok(Some(state.result(false, r)))
}

fn cwr_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    let (pool, r) = combinations_args(args, "combinations_with_replacement")?;
    let state = Combinatoric::new(vec![pool], r);
    *state.indices.borrow_mut() = vec![0; r];
    Ok(Obj::new(CombinationsWithReplacement(state)))
}

fn cwr_next(state: &Combinatoric) -> PyResult<Option<Obj>> {
    let n = state.pool_len(0);
    let r = state.r;
    if !state.started.get() {
        state.started.set(true);
        if n == 0 && r > 0 {
            return state.stop();
        }
        return Ok(Some(state.result(false, r)));
    }
    {
        let mut indices = state.indices.borrow_mut();
        let Some(i) = (0..r).rev().find(|&i| indices[i] != n - 1) else {
            drop(indices);
            return state.stop();
        };
        let index = indices[i] + 1;
        indices[i..].fill(index);
    }
    Ok(Some(state.result(false, r)))
}
