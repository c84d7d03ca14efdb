//! `import heapq`: CPython 3.11's heap queue, native, step for step.
//!
//! A heap is a plain list whose items satisfy `heap[k] <= heap[2*k+1]` and
//! `heap[k] <= heap[2*k+2]`: the smallest item is `heap[0]`. Two moves keep that true,
//! and every function is made of them, compared with `<` only (as CPython's
//! `Modules/_heapqmodule.c`), so that a list goes through the same states as in CPython:
//!
//! - *sift down* (`_siftdown(heap, start, pos)`): the item at `pos` moves towards the
//!   root, swapping with its parent while it is smaller than the parent. Used after an
//!   item is appended (`heappush`).
//! - *sift up* (`_siftup(heap, pos)`): the item at `pos` is replaced, all the way down
//!   to a leaf, by the smaller child each time (one comparison per level, between the
//!   two children), and then sifted down from there. This bottom-up form makes fewer
//!   comparisons than stopping as soon as the item fits, because the item that replaced
//!   the root came from a leaf and usually belongs near one. Used after the root is
//!   replaced (`heappop`, `heapreplace`, `heappushpop`) and by `heapify`, which sifts
//!   up every node that has a child, from the last one to the root (for lists of more
//!   than 2500 items in CPython's cache-friendly order: each subtree complete before
//!   its parent, the same moves in another order).
//!
//! If a comparison changes the list's length, `RuntimeError: list changed size during
//! iteration`. `nlargest`, `nsmallest` and `merge` follow `Lib/heapq.py`: the same
//! shortcuts (`min`/`max` for `n == 1`, `sorted` when `n >= len(iterable)`), the same
//! decorated tuples (`(elem, order)`, `(key, order, elem)`) on a max-heap or a min-heap,
//! so ties come out in the same order and the same comparisons are made. `merge`
//! returns a generator (`<generator object merge at 0x...>`) that keeps one
//! `[value, order, iterator]` entry per input on a heap.
//!
//! The max-heap helpers `_heapify_max`, `_heappop_max` and `_heapreplace_max` are
//! there too (CPython exposes them); the pure-Python `_siftdown`/`_siftup` are not.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let heapq = modules::import("heapq").unwrap();
//! let heap = Obj::list([5, 1, 4].map(Obj::from));
//! heapq.getattr("heapify").unwrap().call(&[heap.clone()]).unwrap();
//! heapq.getattr("heappush").unwrap().call(&[heap.clone(), Obj::from(0)]).unwrap();
//! assert_eq!(heap.repr().unwrap(), "[0, 1, 4, 5]");
//! let smallest = heapq.getattr("heappop").unwrap().call(&[heap.clone()]).unwrap();
//! assert_eq!(smallest.repr().unwrap(), "0");
//! ```

use crate::compiled::slice;
use crate::exceptions::{ATTRIBUTE_ERROR, PyErr, PyResult, TYPE_ERROR};
use crate::pyobject::int::{IntValue, index_value};
use crate::pyobject::types::LIST_TYPE;
use crate::pyobject::{
    Args, Channel, CompareOp, FrameBox, Obj, PyModule, Signature, bind_arguments, generator,
    yield_from, yield_value,
};

use super::function;

/// Makes the `heapq` module object.
pub(super) fn make() -> PyResult<Obj> {
    PyModule::new_object(
        "heapq",
        [
            function("_heapify_max", heapify_max),
            function("_heappop_max", heappop_max),
            function("_heapreplace_max", heapreplace_max),
            function("heapify", heapify),
            function("heappop", heappop),
            function("heappush", heappush),
            function("heappushpop", heappushpop),
            function("heapreplace", heapreplace),
            function("merge", merge),
            function("nlargest", nlargest),
            function("nsmallest", nsmallest),
        ],
    )
}

// ---------------------------------------------------------------------------
// The list, through list's own slots (a subclass's overrides are not called, as in
// CPython, which works on the list's array).

fn list_len(heap: &Obj) -> PyResult<usize> {
    (LIST_TYPE.len.expect("list has len"))(heap)
}

fn list_get(heap: &Obj, index: usize) -> PyResult<Obj> {
    (LIST_TYPE.getitem.expect("list has items"))(heap, &Obj::from(index))
}

fn list_set(heap: &Obj, index: usize, value: &Obj) -> PyResult<()> {
    (LIST_TYPE.setitem.expect("list has items"))(heap, &Obj::from(index), Some(value))
}

fn list_call(heap: &Obj, name: &str, args: &[Obj]) -> PyResult<Obj> {
    let method = LIST_TYPE.method(name).expect("a list method");
    (method.call)(heap, &Args::positional_only(args))
}

fn swap(heap: &Obj, a: usize, b: usize) -> PyResult<()> {
    let (x, y) = (list_get(heap, a)?, list_get(heap, b)?);
    list_set(heap, a, &y)?;
    list_set(heap, b, &x)
}

fn size_changed() -> PyErr {
    PyErr::runtime_error("list changed size during iteration")
}

// ---------------------------------------------------------------------------
// The two moves

/// Which item a heap keeps at its root.
#[derive(Clone, Copy)]
enum Order {
    /// The smallest (`heapq`'s heaps).
    Min,
    /// The largest (`_heapify_max` and friends; `nsmallest`'s work heap).
    Max,
}

impl Order {
    /// Whether `x` belongs above `y`: `x < y` for a min-heap, `y < x` for a max-heap
    /// (CPython's operand order in each).
    fn above(self, x: &Obj, y: &Obj) -> PyResult<bool> {
        match self {
            Order::Min => x.compare(y, CompareOp::Lt),
            Order::Max => y.compare(x, CompareOp::Lt),
        }
    }
}

/// Moves the item at `pos` up towards `start` while it belongs above its parent.
fn sift_down(heap: &Obj, start: usize, mut pos: usize, order: Order) -> PyResult<()> {
    let size = list_len(heap)?;
    if pos >= size {
        return Err(PyErr::index_error("list index out of range"));
    }
    while pos > start {
        let parent_pos = (pos - 1) >> 1;
        let item = list_get(heap, pos)?;
        let parent = list_get(heap, parent_pos)?;
        let above = order.above(&item, &parent)?;
        if size != list_len(heap)? {
            return Err(size_changed());
        }
        if !above {
            break;
        }
        swap(heap, parent_pos, pos)?;
        pos = parent_pos;
    }
    Ok(())
}

/// Moves the better child up into `pos` until a leaf is reached, then sifts the item
/// that was at `pos` down from that leaf.
fn sift_up(heap: &Obj, mut pos: usize, order: Order) -> PyResult<()> {
    let end = list_len(heap)?;
    let start = pos;
    if pos >= end {
        return Err(PyErr::index_error("list index out of range"));
    }
    let limit = end >> 1; // the first position without a child
    while pos < limit {
        let mut child = 2 * pos + 1;
        if child + 1 < end {
            let left = list_get(heap, child)?;
            let right = list_get(heap, child + 1)?;
            if !order.above(&left, &right)? {
                child += 1;
            }
            if end != list_len(heap)? {
                return Err(size_changed());
            }
        }
        swap(heap, child, pos)?;
        pos = child;
    }
    sift_down(heap, start, pos, order)
}

/// Makes the whole list a heap.
fn heapify_list(heap: &Obj, order: Order) -> PyResult<()> {
    let n = list_len(heap)?;
    if n > 2500 {
        return heapify_cache_friendly(heap, n, order);
    }
    for pos in (0..n / 2).rev() {
        sift_up(heap, pos, order)?;
    }
    Ok(())
}

/// CPython's order for big lists: the same sift-ups as [`heapify_list`], each
/// subtree finished while it is still in cache. After a left child (odd position) is
/// sifted, its parent's two subtrees are heaps, so the parent is sifted next.
fn heapify_cache_friendly(heap: &Obj, n: usize, order: Order) -> PyResult<()> {
    let m = n >> 1; // the first position without a child
    let leftmost = top_bit(m + 1) - 1; // the leftmost position in `m`'s row
    let half = m >> 1; // the parent of `m`
    let sift_chain = |mut pos: usize| -> PyResult<()> {
        loop {
            sift_up(heap, pos, order)?;
            if pos & 1 == 0 {
                return Ok(());
            }
            pos >>= 1;
        }
    };
    for pos in (half..leftmost).rev() {
        sift_chain(pos)?;
    }
    for pos in (leftmost..m).rev() {
        sift_chain(pos)?;
    }
    Ok(())
}

/// The highest set bit of `n` (1 for 0 and 1).
fn top_bit(n: usize) -> usize {
    if n <= 1 {
        1
    } else {
        1 << (usize::BITS - 1 - n.leading_zeros())
    }
}

/// `heappop`: the root; the last item takes its place and is sifted up.
fn pop_root(heap: &Obj, order: Order) -> PyResult<Obj> {
    if list_len(heap)? == 0 {
        return Err(PyErr::index_error("index out of range"));
    }
    let last = list_call(heap, "pop", &[])?;
    if list_len(heap)? == 0 {
        return Ok(last);
    }
    let root = list_get(heap, 0)?;
    list_set(heap, 0, &last)?;
    sift_up(heap, 0, order)?;
    Ok(root)
}

/// `heapreplace`: the root, replaced by `item` (sifted up).
fn replace_root(heap: &Obj, item: &Obj, order: Order) -> PyResult<Obj> {
    if list_len(heap)? == 0 {
        return Err(PyErr::index_error("index out of range"));
    }
    let root = list_get(heap, 0)?;
    list_set(heap, 0, item)?;
    sift_up(heap, 0, order)?;
    Ok(root)
}

// ---------------------------------------------------------------------------
// The functions

/// The heap argument: a list (`heappop() argument must be list, not tuple`).
fn heap_arg<'a>(heap: &'a Obj, name: &str, argument: &str) -> PyResult<&'a Obj> {
    if heap.is_instance(&LIST_TYPE) {
        Ok(heap)
    } else {
        Err(PyErr::type_error(format!(
            "{name}() {argument} must be list, not {}",
            heap.type_name()
        )))
    }
}

/// A one-argument function's heap.
fn one_heap<'a>(name: &str, args: &Args<'a>) -> PyResult<&'a Obj> {
    heap_arg(args.one(&format!("_heapq.{name}"))?, name, "argument")
}

/// A two-argument function's heap and item.
fn heap_and_item<'a>(name: &str, args: &Args<'a>) -> PyResult<(&'a Obj, &'a Obj)> {
    args.no_keywords(&format!("_heapq.{name}"))?;
    match args.positional_between(name, 2, 2)? {
        [heap, item] => Ok((heap_arg(heap, name, "argument 1")?, item)),
        _ => Err(PyErr::system_error("heapq: argument count checked above")),
    }
}

/// `heappush(heap, item)`.
fn heappush(args: &Args<'_>) -> PyResult<Obj> {
    let (heap, item) = heap_and_item("heappush", args)?;
    list_call(heap, "append", std::slice::from_ref(item))?;
    let last = list_len(heap)? - 1;
    sift_down(heap, 0, last, Order::Min)?;
    Ok(Obj::none())
}

/// `heappop(heap)`: the smallest item (`IndexError: index out of range` when empty).
fn heappop(args: &Args<'_>) -> PyResult<Obj> {
    pop_root(one_heap("heappop", args)?, Order::Min)
}

/// `heapify(heap)`.
fn heapify(args: &Args<'_>) -> PyResult<Obj> {
    heapify_list(one_heap("heapify", args)?, Order::Min)?;
    Ok(Obj::none())
}

/// `heapreplace(heap, item)`: pop, then push (the heap never shrinks).
fn heapreplace(args: &Args<'_>) -> PyResult<Obj> {
    let (heap, item) = heap_and_item("heapreplace", args)?;
    replace_root(heap, item, Order::Min)
}

/// `heappushpop(heap, item)`: push, then pop: `item` itself when the root is not
/// smaller.
fn heappushpop(args: &Args<'_>) -> PyResult<Obj> {
    let (heap, item) = heap_and_item("heappushpop", args)?;
    if list_len(heap)? == 0 {
        return Ok(item.clone());
    }
    let top = list_get(heap, 0)?;
    if !top.compare(item, CompareOp::Lt)? {
        return Ok(item.clone());
    }
    replace_root(heap, item, Order::Min)
}

/// `_heapify_max(heap)`.
fn heapify_max(args: &Args<'_>) -> PyResult<Obj> {
    heapify_list(one_heap("_heapify_max", args)?, Order::Max)?;
    Ok(Obj::none())
}

/// `_heappop_max(heap)`.
fn heappop_max(args: &Args<'_>) -> PyResult<Obj> {
    pop_root(one_heap("_heappop_max", args)?, Order::Max)
}

/// `_heapreplace_max(heap, item)`.
fn heapreplace_max(args: &Args<'_>) -> PyResult<Obj> {
    let (heap, item) = heap_and_item("_heapreplace_max", args)?;
    replace_root(heap, item, Order::Max)
}

// ---------------------------------------------------------------------------
// nlargest, nsmallest

/// `nlargest(n, iterable, key=None)`.
fn nlargest(args: &Args<'_>) -> PyResult<Obj> {
    select(args, true)
}

/// `nsmallest(n, iterable, key=None)`.
fn nsmallest(args: &Args<'_>) -> PyResult<Obj> {
    select(args, false)
}

/// A builtin function by name.
fn builtin(name: &str) -> PyResult<Obj> {
    crate::builtins::get(name)
        .ok_or_else(|| PyErr::system_error(format!("no builtin named {name}")))
}

/// `heapq.nlargest` (`largest`) or `heapq.nsmallest`, as `Lib/heapq.py` does them.
fn select(args: &Args<'_>, largest: bool) -> PyResult<Obj> {
    static SIGNATURE: Signature = Signature::new(&["n", "iterable", "key"]);
    let name = if largest { "nlargest" } else { "nsmallest" };
    let [n, iterable, key]: [Obj; 3] = bind_arguments(name, &SIGNATURE, &[Obj::none()], args)?
        .try_into()
        .map_err(|_| PyErr::system_error("bad signature"))?;

    // n == 1: min() or max().
    if n.compare(&Obj::from(1), CompareOp::Eq)? {
        let it = iterable.iter()?;
        let sentinel = Obj::list([]);
        let keywords = [("default", sentinel.clone()), ("key", key)];
        let result = builtin(if largest { "max" } else { "min" })?
            .call_with(&Args::new(std::slice::from_ref(&it), &keywords))?;
        return Ok(if result.is(&sentinel) {
            Obj::list([])
        } else {
            Obj::list([result])
        });
    }

    // n >= len(iterable): sorted().
    match iterable.len() {
        Ok(size) => {
            if n.compare(&Obj::from(size), CompareOp::Ge)? {
                let mut keywords = vec![("key", key)];
                if largest {
                    keywords.push(("reverse", Obj::from(true)));
                }
                let sorted = builtin("sorted")?
                    .call_with(&Args::new(std::slice::from_ref(&iterable), &keywords))?;
                return sorted.get_item(&slice(None, Some(n), None));
            }
        }
        Err(error) if error.is_instance(&TYPE_ERROR) || error.is_instance(&ATTRIBUTE_ERROR) => {}
        Err(error) => return Err(error),
    }

    // The first n items, decorated with their order, on a heap whose root is the
    // one to drop next: a max-heap for nsmallest, a min-heap for nlargest. Orders
    // count up from 0 (nsmallest) or down from 0 (nlargest), so ties keep their input
    // order after the final sort.
    let it = iterable.iter()?;
    let (limit, mut order) = if largest {
        let negated = n.neg()?;
        (index_value(&negated)?, negated)
    } else {
        (index_value(&n)?, n.clone())
    };
    let limit = match limit {
        IntValue::Small(limit) => limit,
        IntValue::Big(big) if big.sign() == num_bigint::Sign::Minus => i64::MIN,
        IntValue::Big(_) => i64::MAX,
    };
    let count = if largest {
        limit.saturating_neg()
    } else {
        limit
    }
    .max(0);
    let key = (!key.is_none()).then_some(key);
    let result = Obj::list([]);
    let mut index = 0i64;
    while index < count {
        let Some(elem) = it.next_item()? else { break };
        let rank = Obj::from(if largest { -index } else { index });
        let entry = match &key {
            None => Obj::tuple([elem, rank]),
            Some(key) => Obj::tuple([key.call(std::slice::from_ref(&elem))?, rank, elem]),
        };
        list_call(&result, "append", &[entry])?;
        index += 1;
    }
    if list_len(&result)? == 0 {
        return Ok(result);
    }
    let heap_order = if largest { Order::Min } else { Order::Max };
    heapify_list(&result, heap_order)?;
    let first = Obj::from(0);
    let mut top = list_get(&result, 0)?.get_item(&first)?;
    let one = Obj::from(1);
    while let Some(elem) = it.next_item()? {
        let compared = match &key {
            None => elem.clone(),
            Some(key) => key.call(std::slice::from_ref(&elem))?,
        };
        let replaces = if largest {
            top.compare(&compared, CompareOp::Lt)?
        } else {
            compared.compare(&top, CompareOp::Lt)?
        };
        if replaces {
            let entry = match &key {
                None => Obj::tuple([elem, order.clone()]),
                Some(_) => Obj::tuple([compared, order.clone(), elem]),
            };
            replace_root(&result, &entry, heap_order)?;
            top = list_get(&result, 0)?.get_item(&first)?;
            order = if largest {
                order.sub(&one)?
            } else {
                order.add(&one)?
            };
        }
    }
    let reverse = [("reverse", Obj::from(true))];
    let sort_keywords: &[(&str, Obj)] = if largest { &reverse } else { &[] };
    result.call_method_with("sort", &Args::new(&[], sort_keywords))?;
    let position = Obj::from(if key.is_some() { 2 } else { 0 });
    let items = result
        .to_vec()?
        .iter()
        .map(|entry| entry.get_item(&position))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Obj::list(items))
}

// ---------------------------------------------------------------------------
// merge

/// `merge(*iterables, key=None, reverse=False)`: a generator of the items of the
/// (each sorted) iterables, in order.
fn merge(args: &Args<'_>) -> PyResult<Obj> {
    if let Some((name, _)) = args
        .keywords()
        .iter()
        .find(|(name, _)| !matches!(*name, "key" | "reverse"))
    {
        return Err(PyErr::type_error(format!(
            "merge() got an unexpected keyword argument '{name}'"
        )));
    }
    let iterables = args.positional().to_vec();
    let key = args.keyword("key").filter(|key| !key.is_none()).cloned();
    let reverse = args
        .keyword("reverse")
        .cloned()
        .unwrap_or_else(|| Obj::from(false));
    let channel = Channel::new();
    let body_channel = channel.clone();
    let body =
        FrameBox::new(
            move || async move { merge_body(&body_channel, iterables, key, reverse).await },
        );
    Ok(generator("merge", channel, body))
}

/// The body of `merge`'s generator (`Lib/heapq.py`'s loop): a heap of
/// `[value, order, iterator]` entries (`[key, order, value, iterator]` with a key);
/// the root's value is yielded and replaced by its iterator's next one, an exhausted
/// iterator's entry is popped, and the last iterator left is yielded from directly.
async fn merge_body(
    channel: &Channel,
    iterables: Vec<Obj>,
    key: Option<Obj>,
    reverse: Obj,
) -> PyResult<Obj> {
    let (order, direction) = if reverse.is_truthy()? {
        (Order::Max, -1i64)
    } else {
        (Order::Min, 1)
    };
    let heap = Obj::list([]);
    for (index, iterable) in iterables.iter().enumerate() {
        let it = iterable.iter()?;
        let Some(value) = it.next_item()? else {
            continue;
        };
        let rank = Obj::from(i64::try_from(index).unwrap_or(i64::MAX) * direction);
        let entry = match &key {
            None => Obj::list([value, rank, it]),
            Some(key) => Obj::list([key.call(std::slice::from_ref(&value))?, rank, value, it]),
        };
        list_call(&heap, "append", &[entry])?;
    }
    heapify_list(&heap, order)?;
    let (value_at, iterator_at) = if key.is_some() { (2, 3) } else { (0, 2) };
    while list_len(&heap)? > 1 {
        loop {
            let entry = list_get(&heap, 0)?;
            let value = entry.get_item(&Obj::from(value_at))?;
            let it = entry.get_item(&Obj::from(iterator_at))?;
            yield_value(channel, value).await?;
            let Some(next) = it.next_item()? else {
                pop_root(&heap, order)?;
                break;
            };
            if let Some(key) = &key {
                entry.set_item(&Obj::from(0), &key.call(std::slice::from_ref(&next))?)?;
            }
            entry.set_item(&Obj::from(value_at), &next)?;
            replace_root(&heap, &entry, order)?;
        }
    }
    if list_len(&heap)? == 1 {
        let entry = list_get(&heap, 0)?;
        let value = entry.get_item(&Obj::from(value_at))?;
        let it = entry.get_item(&Obj::from(iterator_at))?;
        drop(entry);
        drop(heap);
        yield_value(channel, value).await?;
        yield_from(channel, it).await?;
    }
    Ok(Obj::none())
}
