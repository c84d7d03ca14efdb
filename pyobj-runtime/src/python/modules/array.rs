//! `import array`: CPython 3.11's `array.array`, a sequence of machine values.
//!
//! An array stores its items natively, in a `Vec` of the C type of its typecode
//! (64-bit Linux sizes):
//!
//! | typecode | C type | stored as | itemsize |
//! |---|---|---|---|
//! | `b`, `B` | signed / unsigned char | `i8`, `u8` | 1 |
//! | `u` | `wchar_t` (a 1-char str) | `u32` | 4 |
//! | `h`, `H` | short | `i16`, `u16` | 2 |
//! | `i`, `I` | int | `i32`, `u32` | 4 |
//! | `l`, `L`, `q`, `Q` | long, long long | `i64`, `u64` | 8 |
//! | `f`, `d` | float, double | `f32`, `f64` | 4, 8 |
//!
//! Storing an item converts it as CPython's `setitem` of that typecode does, with its
//! errors: `OverflowError: signed char is greater than maximum` (`b` checks the
//! `short` range first: `signed short integer is greater than maximum`), `unsigned
//! byte integer is less than minimum`, `unsigned short is greater than maximum`,
//! `signed integer is less than minimum`, `unsigned int is greater than maximum`,
//! `can't convert negative value to unsigned int`, `Python int too large to convert
//! to C long`, `int too big to convert`, `can't convert negative int to unsigned`;
//! `TypeError: 'float' object cannot be interpreted as an integer`, `must be real
//! number, not str`. A `float` item is rounded to `f32` (`array('f', [0.1])[0]` is
//! `0.10000000149011612`).
//!
//! What is there: `array(typecode[, initializer])` (a list, tuple, bytes, str for `u`,
//! an array, or any iterable), indexing and slicing (reading, assigning an array of
//! the same typecode, deleting; extended slices too), `len`, iteration, `in`, `+`,
//! `*`, comparisons (item by item, across typecodes), `repr` (`array('d', [1.0,
//! 2.0])`, `array('u', 'ab')`), the attributes `typecode` and `itemsize`, and the
//! methods `append`, `extend`, `insert`, `pop`, `remove`, `index`, `count`,
//! `reverse`, `byteswap`, `buffer_info`, `tolist`, `fromlist`, `tobytes`,
//! `frombytes`, `tounicode`, `fromunicode`, `__copy__`, `__deepcopy__` and
//! `__sizeof__`. The module also has `ArrayType` and `typecodes`.
//!
//! # Size
//! The buffer grows as CPython's does (`array_resize`: `newsize + newsize / 16 + 3`,
//! or `+ 7` from 8 items on; shrinking only by more than 16), and the `Vec`'s capacity
//! follows it, so `sys.getsizeof(a)` is CPython 3.11's on 64-bit Linux: 80 bytes (the
//! 64-byte object and the collector's 16-byte header) plus the allocated items times
//! the item size. `a.__sizeof__()` is the same without the 16 bytes.
//!
//! An array holds no handles: it is never tracked by the collector.
//!
//! ```
//! use pyobj::{Obj, modules};
//!
//! let array = modules::import("array").unwrap().getattr("array").unwrap();
//! let a = array.call(&[Obj::from("d"), Obj::list([Obj::from(1), Obj::from(2.5)])]).unwrap();
//! assert_eq!(a.repr().unwrap(), "array('d', [1.0, 2.5])");
//! let err = array.call(&[Obj::from("b"), Obj::list([Obj::from(300)])]).unwrap_err();
//! assert_eq!(err.to_string(), "OverflowError: signed char is greater than maximum");
//! ```

use std::cell::{Cell, RefCell};

use num_traits::Signed;

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::int::{IntValue, as_index, index_value, int_value};
use crate::pyobject::{
    Args, CompareOp, HashSlot, Method, Obj, PyBytes, PyFloat, PyList, PyModule, PySlice, PyTuple,
    PyType, instance_class,
};
use crate::trace::{Trace, Tracer};

/// The typecodes, in CPython's order (`array.typecodes`).
const TYPECODES: &str = "bBuhHiIlLqQfd";

/// The size of CPython's `arrayobject` (`a.__sizeof__()` of an empty array).
const OBJECT_SIZE: usize = 64;

/// The collector's header CPython puts in front of a tracked object (counted by
/// `sys.getsizeof`).
const GC_HEADER: usize = 16;

// ---------------------------------------------------------------------------
// Items.

/// An array's items, in a `Vec` of the C type of its typecode.
enum Items {
    I8(Vec<i8>),
    U8(Vec<u8>),
    I16(Vec<i16>),
    U16(Vec<u16>),
    I32(Vec<i32>),
    U32(Vec<u32>),
    I64(Vec<i64>),
    U64(Vec<u64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

/// Runs `$body` with `$v` bound to the `Vec` inside `$items`, whatever its type.
macro_rules! with_vec {
    ($items:expr, $v:ident => $body:expr) => {
        match $items {
            Items::I8($v) => $body,
            Items::U8($v) => $body,
            Items::I16($v) => $body,
            Items::U16($v) => $body,
            Items::I32($v) => $body,
            Items::U32($v) => $body,
            Items::I64($v) => $body,
            Items::U64($v) => $body,
            Items::F32($v) => $body,
            Items::F64($v) => $body,
        }
    };
}

/// Runs `$body` with `$a` and `$b` bound to the `Vec`s of two item stores of the same
/// type; `$other` if their types differ.
macro_rules! with_vecs {
    ($x:expr, $y:expr, $a:ident, $b:ident => $body:expr, $other:expr) => {
        match ($x, $y) {
            (Items::I8($a), Items::I8($b)) => $body,
            (Items::U8($a), Items::U8($b)) => $body,
            (Items::I16($a), Items::I16($b)) => $body,
            (Items::U16($a), Items::U16($b)) => $body,
            (Items::I32($a), Items::I32($b)) => $body,
            (Items::U32($a), Items::U32($b)) => $body,
            (Items::I64($a), Items::I64($b)) => $body,
            (Items::U64($a), Items::U64($b)) => $body,
            (Items::F32($a), Items::F32($b)) => $body,
            (Items::F64($a), Items::F64($b)) => $body,
            _ => $other,
        }
    };
}

impl Items {
    /// An empty store for `code` (a valid typecode), with room for `capacity` items.
    fn with_capacity(code: char, capacity: usize) -> Items {
        match code {
            'b' => Items::I8(Vec::with_capacity(capacity)),
            'B' => Items::U8(Vec::with_capacity(capacity)),
            'h' => Items::I16(Vec::with_capacity(capacity)),
            'H' => Items::U16(Vec::with_capacity(capacity)),
            'i' => Items::I32(Vec::with_capacity(capacity)),
            'u' | 'I' => Items::U32(Vec::with_capacity(capacity)),
            'l' | 'q' => Items::I64(Vec::with_capacity(capacity)),
            'L' | 'Q' => Items::U64(Vec::with_capacity(capacity)),
            'f' => Items::F32(Vec::with_capacity(capacity)),
            _ => Items::F64(Vec::with_capacity(capacity)),
        }
    }

    fn len(&self) -> usize {
        with_vec!(self, v => v.len())
    }

    /// A copy holding the items at `indices`, with exactly that many slots.
    fn pick(&self, indices: impl Iterator<Item = usize>) -> Items {
        with_vec!(self, v => {
            let mut picked = Vec::with_capacity(indices.size_hint().0);
            picked.extend(indices.filter_map(|i| v.get(i).copied()));
            picked.into()
        })
    }

    /// The item at `index`, copied out (made into an object once the borrow ends).
    fn get(&self, index: usize) -> Option<Raw> {
        match self {
            Items::I8(v) => v.get(index).copied().map(Raw::I8),
            Items::U8(v) => v.get(index).copied().map(Raw::U8),
            Items::I16(v) => v.get(index).copied().map(Raw::I16),
            Items::U16(v) => v.get(index).copied().map(Raw::U16),
            Items::I32(v) => v.get(index).copied().map(Raw::I32),
            Items::U32(v) => v.get(index).copied().map(Raw::U32),
            Items::I64(v) => v.get(index).copied().map(Raw::I64),
            Items::U64(v) => v.get(index).copied().map(Raw::U64),
            Items::F32(v) => v.get(index).copied().map(Raw::F32),
            Items::F64(v) => v.get(index).copied().map(Raw::F64),
        }
    }

    /// Inserts `value` (converted) at `index`.
    fn insert(&mut self, code: char, index: usize, value: &Obj) -> PyResult<()> {
        with_vec!(self, v => {
            let converted = Element::from_obj(value, code)?;
            v.insert(index.min(v.len()), converted);
            Ok(())
        })
    }

    /// Removes the items in `start..stop`.
    fn remove_range(&mut self, start: usize, stop: usize) {
        with_vec!(self, v => {
            v.drain(start..stop);
        })
    }

    /// The items as bytes, in the machine's order.
    fn to_bytes(&self) -> Vec<u8> {
        with_vec!(self, v => {
            let mut out = Vec::new();
            for &x in v {
                x.push_bytes(&mut out);
            }
            out
        })
    }

    /// Appends the items `bytes` holds (a whole number of items).
    fn extend_from_bytes(&mut self, bytes: &[u8]) {
        with_vec!(self, v => extend_from_bytes(v, bytes))
    }

    /// Makes the `Vec`'s capacity `allocated` (at least its length).
    fn fit(&mut self, allocated: usize) {
        with_vec!(self, v => fit(v, allocated))
    }
}

/// Appends to `v` the values `bytes` holds (a whole number of them).
fn extend_from_bytes<T: Element>(v: &mut Vec<T>, bytes: &[u8]) {
    v.extend(bytes.chunks_exact(size_of::<T>()).map(T::from_bytes));
}

/// One item copied out of an array.
#[derive(Clone, Copy)]
enum Raw {
    I8(i8),
    U8(u8),
    I16(i16),
    U16(u16),
    I32(i32),
    U32(u32),
    I64(i64),
    U64(u64),
    F32(f32),
    F64(f64),
}

impl Raw {
    /// The item as a Python object for the typecode `code`.
    fn to_obj(self, code: char) -> PyResult<Obj> {
        match self {
            Raw::I8(x) => x.to_obj(code),
            Raw::U8(x) => x.to_obj(code),
            Raw::I16(x) => x.to_obj(code),
            Raw::U16(x) => x.to_obj(code),
            Raw::I32(x) => x.to_obj(code),
            Raw::U32(x) => x.to_obj(code),
            Raw::I64(x) => x.to_obj(code),
            Raw::U64(x) => x.to_obj(code),
            Raw::F32(x) => x.to_obj(code),
            Raw::F64(x) => x.to_obj(code),
        }
    }
}

/// Makes `v`'s capacity `allocated` (at least its length).
fn fit<T>(v: &mut Vec<T>, allocated: usize) {
    let allocated = allocated.max(v.len());
    if v.capacity() < allocated {
        v.reserve_exact(allocated - v.len());
    } else if v.capacity() > allocated {
        v.shrink_to(allocated);
    }
}

/// A C value an array stores.
trait Element: ElementBytes + Copy + 'static {
    /// The value `obj` converts to for the typecode `code`, with CPython's errors.
    fn from_obj(obj: &Obj, code: char) -> PyResult<Self>;
    /// The value as a Python object for the typecode `code`.
    fn to_obj(self, code: char) -> PyResult<Obj>;
}

/// Implements [`Element`]'s byte handling, and `Into<Items>`, for a primitive type.
macro_rules! element_bytes {
    ($t:ty, $variant:ident, $bits:ty) => {
        impl From<Vec<$t>> for Items {
            fn from(v: Vec<$t>) -> Items {
                Items::$variant(v)
            }
        }

        impl ElementBytes for $t {
            fn push_bytes(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_ne_bytes());
            }
            fn from_bytes(bytes: &[u8]) -> Self {
                let mut raw = [0; size_of::<$t>()];
                raw.copy_from_slice(bytes);
                <$t>::from_ne_bytes(raw)
            }
            fn swapped(self) -> Self {
                <$t>::from_ne_bytes(
                    <$bits>::from_ne_bytes(self.to_ne_bytes())
                        .swap_bytes()
                        .to_ne_bytes(),
                )
            }
        }
    };
}

/// The byte handling of an [`Element`].
trait ElementBytes: Sized {
    /// Appends the value's bytes, in the machine's order.
    fn push_bytes(self, out: &mut Vec<u8>);
    /// The value of bytes in the machine's order (exactly its size).
    fn from_bytes(bytes: &[u8]) -> Self;
    /// The value with its bytes reversed.
    fn swapped(self) -> Self;
}

element_bytes!(i8, I8, u8);
element_bytes!(u8, U8, u8);
element_bytes!(i16, I16, u16);
element_bytes!(u16, U16, u16);
element_bytes!(i32, I32, u32);
element_bytes!(u32, U32, u32);
element_bytes!(i64, I64, u64);
element_bytes!(u64, U64, u64);
element_bytes!(f32, F32, u32);
element_bytes!(f64, F64, u64);

/// Implements [`Element`] for an integer type: `convert` turns the exact int into the
/// value (or raises).
macro_rules! int_element {
    ($t:ty, $convert:expr) => {
        impl Element for $t {
            fn from_obj(obj: &Obj, code: char) -> PyResult<Self> {
                let value = item_index(obj)?;
                let convert: fn(&IntValue, char) -> PyResult<$t> = $convert;
                convert(&value, code)
            }
            fn to_obj(self, _: char) -> PyResult<Obj> {
                Ok(Obj::from(self))
            }
        }
    };
}

/// Whether an int is negative.
fn is_negative(value: &IntValue) -> bool {
    match value {
        IntValue::Small(small) => *small < 0,
        IntValue::Big(big) => big.is_negative(),
    }
}

/// `OverflowError`.
fn overflow(message: &str) -> PyErr {
    PyErr::overflow_error(message)
}

/// A C `long` (`PyArg_Parse`'s first step for `b`, `B`, `h`, `H`, `i`, `l`).
fn c_long(value: &IntValue) -> PyResult<i64> {
    value
        .to_primitive::<i64>()
        .ok_or_else(|| overflow("Python int too large to convert to C long"))
}

/// A `long` in `min..=max`, or the overflow errors `"{what} is less than minimum"` /
/// `"{what} is greater than maximum"`.
fn in_range(value: i64, min: i64, max: i64, what: &str) -> PyResult<i64> {
    if value < min {
        Err(overflow(&format!("{what} is less than minimum")))
    } else if value > max {
        Err(overflow(&format!("{what} is greater than maximum")))
    } else {
        Ok(value)
    }
}

/// A C `short` (`PyArg_Parse`'s `h`).
fn c_short(value: &IntValue) -> PyResult<i64> {
    in_range(
        c_long(value)?,
        i16::MIN.into(),
        i16::MAX.into(),
        "signed short integer",
    )
}

/// A C `int` (`PyArg_Parse`'s `i`).
fn c_int(value: &IntValue) -> PyResult<i64> {
    in_range(
        c_long(value)?,
        i32::MIN.into(),
        i32::MAX.into(),
        "signed integer",
    )
}

/// A C `unsigned long` (`PyLong_AsUnsignedLong`).
fn c_unsigned_long(value: &IntValue) -> PyResult<u64> {
    if is_negative(value) {
        return Err(overflow("can't convert negative value to unsigned int"));
    }
    value
        .to_primitive::<u64>()
        .ok_or_else(|| overflow("Python int too large to convert to C unsigned long"))
}

int_element!(i8, |value, _| {
    let value = in_range(c_short(value)?, -128, 127, "signed char")?;
    Ok(value as i8)
});
int_element!(u8, |value, _| {
    Ok(in_range(c_long(value)?, 0, 255, "unsigned byte integer")? as u8)
});
int_element!(i16, |value, _| Ok(c_short(value)? as i16));
int_element!(u16, |value, _| {
    Ok(in_range(c_int(value)?, 0, 65535, "unsigned short")? as u16)
});
int_element!(i32, |value, _| Ok(c_int(value)? as i32));
int_element!(i64, |value, code| {
    if code == 'l' {
        c_long(value)
    } else {
        value
            .to_primitive::<i64>()
            .ok_or_else(|| overflow("int too big to convert"))
    }
});
int_element!(u64, |value, code| {
    if code == 'L' {
        return c_unsigned_long(value);
    }
    if is_negative(value) {
        return Err(overflow("can't convert negative int to unsigned"));
    }
    value
        .to_primitive::<u64>()
        .ok_or_else(|| overflow("int too big to convert"))
});

/// `u32` holds `I` (an unsigned int) and `u` (a `wchar_t`: a 1-char str).
impl Element for u32 {
    fn from_obj(obj: &Obj, code: char) -> PyResult<Self> {
        if code == 'u' {
            let mut chars = obj.as_str().map(str::chars);
            return match chars.as_mut().map(|chars| (chars.next(), chars.next())) {
                Some((Some(c), None)) => Ok(u32::from(c)),
                _ => Err(PyErr::type_error("array item must be unicode character")),
            };
        }
        let value = c_unsigned_long(&item_index(obj)?)?;
        u32::try_from(value).map_err(|_| overflow("unsigned int is greater than maximum"))
    }
    fn to_obj(self, code: char) -> PyResult<Obj> {
        if code == 'u' {
            // `PyUnicode_FromOrdinal`'s error (a lone surrogate, which a Rust `char`
            // cannot hold, raises it too).
            let c = char::from_u32(self)
                .ok_or_else(|| PyErr::value_error("chr() arg not in range(0x110000)"))?;
            return Ok(Obj::from(c.to_string()));
        }
        Ok(Obj::from(self))
    }
}

/// The character of a `wchar_t`, or `ValueError: character U+ffffffff is not in range
/// [U+0000; U+10ffff]` (also for a lone surrogate, which a Rust `char` cannot hold).
fn wchar(value: u32) -> PyResult<char> {
    char::from_u32(value).ok_or_else(|| {
        PyErr::value_error(format!(
            "character U+{value:x} is not in range [U+0000; U+10ffff]"
        ))
    })
}

/// Calls the special method `name` of an instance of a class that defines it (the
/// runtime's classes do not fill the `__index__` and `__float__` slots); `None` for
/// any other object.
fn class_dunder(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    if instance_class(obj).is_none() || obj.py_type().to_object().getattr(name).is_err() {
        return Ok(None);
    }
    obj.call_method(name, &[]).map(Some)
}

/// `operator.index(obj)` (`_PyNumber_Index`): an int, a bool, an object whose type has
/// `__index__`, or an instance of a class defining it.
fn item_index(obj: &Obj) -> PyResult<IntValue> {
    if int_value(obj).is_none()
        && obj.py_type().number_slot(|n| n.index).is_none()
        && let Some(result) = class_dunder(obj, "__index__")?
    {
        return match int_value(&result) {
            Some(_) => index_value(&result),
            None => Err(PyErr::type_error(format!(
                "__index__ returned non-int (type {})",
                result.type_name()
            ))),
        };
    }
    index_value(obj)
}

/// A C double (`PyFloat_AsDouble`): a float, an int, or an object with `__float__`
/// (`TypeError: Foo.__float__ returned non-float (type int)` otherwise), else with
/// `__index__`.
fn c_double(obj: &Obj) -> PyResult<f64> {
    if let Some(value) = crate::pyobject::float::as_f64(obj)? {
        return Ok(value);
    }
    if let Some(float) = obj.py_type().number_slot(|n| n.float) {
        return float(obj);
    }
    if let Some(result) = class_dunder(obj, "__float__")? {
        return match result.downcast_ref::<PyFloat>() {
            Some(value) => Ok(value.value()),
            None => Err(PyErr::type_error(format!(
                "{}.__float__ returned non-float (type {})",
                obj.type_name(),
                result.type_name()
            ))),
        };
    }
    if obj.py_type().number_slot(|n| n.index).is_some()
        || obj
            .py_type()
            .to_object()
            .getattr("__index__")
            .is_ok_and(|_| instance_class(obj).is_some())
    {
        return Obj::int(item_index(obj)?).extract::<f64>();
    }
    Err(PyErr::type_error(format!(
        "must be real number, not {}",
        obj.type_name()
    )))
}

impl Element for f32 {
    fn from_obj(obj: &Obj, _: char) -> PyResult<Self> {
        Ok(c_double(obj)? as f32)
    }
    fn to_obj(self, _: char) -> PyResult<Obj> {
        Ok(Obj::from(f64::from(self)))
    }
}

impl Element for f64 {
    fn from_obj(obj: &Obj, _: char) -> PyResult<Self> {
        c_double(obj)
    }
    fn to_obj(self, _: char) -> PyResult<Obj> {
        Ok(Obj::from(self))
    }
}

/// The size of one item of typecode `code`.
fn itemsize(code: char) -> usize {
    match code {
        'b' | 'B' => 1,
        'h' | 'H' => 2,
        'u' | 'i' | 'I' | 'f' => 4,
        _ => 8,
    }
}

/// CPython's `array_resize`: the allocation after the size goes from `size` to
/// `newsize`, with `allocated` slots now (0: no buffer).
fn resized(allocated: usize, size: usize, newsize: usize) -> usize {
    if allocated > 0 && allocated >= newsize && size < newsize + 16 {
        return allocated;
    }
    if newsize == 0 {
        return 0;
    }
    (newsize >> 4) + if size < 8 { 3 } else { 7 } + newsize
}

// ---------------------------------------------------------------------------
// The array object.

/// The value of an `array.array` object.
pub(super) struct PyArray {
    /// The typecode.
    code: char,
    /// Borrowed for one step at a time, never while user code runs (converting an item
    /// may call `__index__` or `__float__`: it is done before the borrow).
    items: RefCell<Items>,
    /// The slots CPython would have allocated (`ob_alloc`); the `Vec`'s capacity
    /// follows it.
    allocated: Cell<usize>,
}

impl Trace for PyArray {
    const TRACKED: bool = false;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&ARRAY_TYPE);
    fn trace(&self, _: &mut Tracer<'_>) {}
}

impl PyArray {
    /// An array of typecode `code` holding `items`, allocated exactly
    /// (`newarrayobject`).
    fn new(code: char, mut items: Items) -> PyArray {
        let len = items.len();
        items.fit(len);
        PyArray {
            code,
            items: RefCell::new(items),
            allocated: Cell::new(len),
        }
    }

    fn len(&self) -> usize {
        self.items.borrow().len()
    }

    /// The item at `index` as a Python object.
    fn item(&self, index: usize) -> Option<PyResult<Obj>> {
        // Copied out first: making the object may run a collection, and finalizers.
        let raw = self.items.borrow().get(index)?;
        Some(raw.to_obj(self.code))
    }

    /// The items as Python objects.
    fn objects(&self) -> PyResult<Vec<Obj>> {
        let copy = self.items.borrow().pick(0..self.len());
        (0..copy.len())
            .filter_map(|i| copy.get(i))
            .map(|raw| raw.to_obj(self.code))
            .collect()
    }

    /// Runs `change` on the items after accounting a size change to `newsize` as
    /// `array_resize` does (the `Vec` gets room first, and gives back what CPython
    /// would after).
    fn resize_with<R>(&self, newsize: usize, change: impl FnOnce(&mut Items) -> R) -> R {
        let mut items = self.items.borrow_mut();
        let allocated = resized(self.allocated.get(), items.len(), newsize);
        self.allocated.set(allocated);
        items.fit(allocated);
        let result = change(&mut items);
        items.fit(allocated);
        result
    }

    /// `ins1`: `value` converted, then inserted at `index` (clamped to the length).
    fn insert(&self, index: usize, value: &Obj) -> PyResult<()> {
        // Converted first (it may run `__index__`): a bad value changes nothing.
        let mut one = Items::with_capacity(self.code, 1);
        one.insert(self.code, 0, value)?;
        let len = self.len();
        self.resize_with(
            len + 1,
            |items| with_vecs!(items, &one, v, w => v.insert(index.min(v.len()), w[0]), ()),
        );
        Ok(())
    }

    /// `array_del_slice`: removes the items in `start..stop`.
    fn delete(&self, start: usize, stop: usize) {
        let len = self.len();
        let stop = stop.min(len);
        if start >= stop {
            return;
        }
        self.resize_with(len - (stop - start), |items| {
            items.remove_range(start, stop)
        });
    }

    /// `extend` with the items of another array of the same typecode.
    fn extend_array(&self, other: &PyArray) -> PyResult<()> {
        if other.code != self.code {
            return Err(PyErr::type_error("can only extend with array of same kind"));
        }
        let copy = other.items.borrow().pick(0..other.len());
        let newsize = self.len() + copy.len();
        self.resize_with(
            newsize,
            |items| with_vecs!(items, &copy, v, w => v.extend_from_slice(w), ()),
        );
        Ok(())
    }

    /// `array_iter_extend`: the items of `iterable` appended one by one.
    fn extend_iter(&self, iterable: &Obj) -> PyResult<()> {
        for item in iterable.try_iter()? {
            self.insert(usize::MAX, &item?)?;
        }
        Ok(())
    }

    /// `frombytes`: the items `bytes` holds appended.
    fn extend_bytes(&self, bytes: &[u8]) -> PyResult<()> {
        let size = itemsize(self.code);
        if !bytes.len().is_multiple_of(size) {
            return Err(PyErr::value_error(
                "bytes length not a multiple of item size",
            ));
        }
        let n = bytes.len() / size;
        if n > 0 {
            let newsize = self.len() + n;
            self.resize_with(newsize, |items| items.extend_from_bytes(bytes));
        }
        Ok(())
    }

    /// `sys.getsizeof(a)` in CPython 3.11 on 64-bit Linux.
    fn sizeof(&self) -> usize {
        OBJECT_SIZE + self.allocated.get() * itemsize(self.code)
    }
}

/// The array behind `obj`.
fn array_of(obj: &Obj) -> PyResult<&PyArray> {
    obj.downcast_ref::<PyArray>().ok_or_else(|| {
        PyErr::type_error(format!(
            "descriptor requires a 'array.array' object but received a '{}'",
            obj.type_name()
        ))
    })
}

/// A new array object.
fn new_array(code: char, items: Items) -> Obj {
    Obj::new(PyArray::new(code, items))
}

/// `sys.getsizeof(obj)` if `obj` is an array: CPython 3.11's number (see the module
/// docs).
pub(crate) fn getsizeof(obj: &Obj) -> Option<usize> {
    obj.downcast_ref::<PyArray>()
        .map(|array| GC_HEADER + array.sizeof())
}

/// `array.array` (CPython's `tp_name` is `array.array`, which its errors show; its
/// `repr` shows `array`).
static ARRAY_TYPE: PyType = PyType {
    name: "array.array",
    new: Some(array_new),
    repr: Some(array_repr),
    hash: Some(HashSlot::Unhashable),
    richcompare: Some(array_richcompare),
    len: Some(|obj| Ok(array_of(obj)?.len())),
    concat: Some(array_concat),
    repeat: Some(array_repeat),
    getitem: Some(array_getitem),
    setitem: Some(array_setitem),
    contains: Some(|obj, value| Ok(find(array_of(obj)?, value, 0, isize::MAX)?.is_some())),
    iter: Some(|obj| {
        array_of(obj)?;
        Ok(Obj::new(PyArrayIterator {
            array: RefCell::new(Some(obj.clone())),
            index: Cell::new(0),
        }))
    }),
    getattr: Some(array_getattr),
    weakrefable: true,
    methods: ARRAY_METHODS,
    ..PyType::BLANK
};

/// The methods of `array.array`.
static ARRAY_METHODS: &[Method] = &[
    Method {
        name: "append",
        call: |obj, args| {
            let value = args.one("array.append")?;
            array_of(obj)?.insert(usize::MAX, value)?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "buffer_info",
        call: |obj, args| {
            args.none("array.buffer_info")?;
            let array = array_of(obj)?;
            let address = if array.allocated.get() == 0 {
                0
            } else {
                with_vec!(&*array.items.borrow(), v => v.as_ptr().addr())
            };
            Ok(Obj::tuple([Obj::from(address), Obj::from(array.len())]))
        },
    },
    Method {
        name: "byteswap",
        call: |obj, args| {
            args.none("array.byteswap")?;
            with_vec!(&mut *array_of(obj)?.items.borrow_mut(), v => {
                for x in v.iter_mut() {
                    *x = x.swapped();
                }
            });
            Ok(Obj::none())
        },
    },
    Method {
        name: "__copy__",
        call: |obj, args| {
            args.none("array.__copy__")?;
            copy_array(obj)
        },
    },
    Method {
        name: "count",
        call: |obj, args| {
            let value = args.one("array.count")?;
            let array = array_of(obj)?;
            let mut count = 0;
            let mut index = 0;
            while let Some(item) = array.item(index) {
                if item?.eq_item(value)? {
                    count += 1;
                }
                index += 1;
            }
            Ok(Obj::from(count))
        },
    },
    Method {
        name: "__deepcopy__",
        call: |obj, args| {
            args.one("array.__deepcopy__")?;
            copy_array(obj)
        },
    },
    Method {
        name: "extend",
        call: |obj, args| {
            args.no_keywords("array.extend")?;
            let [iterable] = args.positional() else {
                return Err(PyErr::type_error(format!(
                    "extend() takes exactly 1 positional argument ({} given)",
                    args.positional().len()
                )));
            };
            let array = array_of(obj)?;
            match iterable.downcast_ref::<PyArray>() {
                Some(other) => array.extend_array(other)?,
                None => array.extend_iter(iterable)?,
            }
            Ok(Obj::none())
        },
    },
    Method {
        name: "fromlist",
        call: array_fromlist,
    },
    Method {
        name: "frombytes",
        call: |obj, args| {
            let buffer = args.one("array.frombytes")?;
            let Some(bytes) = buffer.downcast_ref::<PyBytes>() else {
                return Err(PyErr::type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    buffer.type_name()
                )));
            };
            array_of(obj)?.extend_bytes(bytes.as_bytes())?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "fromunicode",
        call: |obj, args| {
            let text = args.one("array.fromunicode")?;
            let Some(text) = text.as_str() else {
                return Err(PyErr::type_error(format!(
                    "fromunicode() argument must be str, not {}",
                    text.type_name()
                )));
            };
            let array = array_of(obj)?;
            if array.code != 'u' {
                return Err(PyErr::value_error(
                    "fromunicode() may only be called on unicode type arrays",
                ));
            }
            let chars: Vec<u32> = text.chars().map(u32::from).collect();
            if !chars.is_empty() {
                let newsize = array.len() + chars.len();
                array.resize_with(newsize, |items| {
                    if let Items::U32(v) = items {
                        v.extend_from_slice(&chars);
                    }
                });
            }
            Ok(Obj::none())
        },
    },
    Method {
        name: "index",
        call: array_index,
    },
    Method {
        name: "insert",
        call: |obj, args| {
            args.no_keywords("array.insert")?;
            let positional = args.positional_between("insert", 2, 2)?;
            let index = ssize(&positional[0])?;
            let array = array_of(obj)?;
            let len = array.len() as isize;
            let index = if index < 0 {
                (index + len).max(0)
            } else {
                index.min(len)
            };
            array.insert(index as usize, &positional[1])?;
            Ok(Obj::none())
        },
    },
    Method {
        name: "pop",
        call: |obj, args| {
            args.no_keywords("array.pop")?;
            let index = match args.positional_between("pop", 0, 1)?.first() {
                Some(index) => ssize(index)?,
                None => -1,
            };
            let array = array_of(obj)?;
            let len = array.len();
            if len == 0 {
                return Err(PyErr::index_error("pop from empty array"));
            }
            let index = if index < 0 {
                index + len as isize
            } else {
                index
            };
            if index < 0 || index as usize >= len {
                return Err(PyErr::index_error("pop index out of range"));
            }
            let index = index as usize;
            let item = array.item(index).unwrap_or_else(|| Ok(Obj::none()))?;
            array.delete(index, index + 1);
            Ok(item)
        },
    },
    Method {
        name: "remove",
        call: |obj, args| {
            let value = args.one("array.remove")?;
            let array = array_of(obj)?;
            match find(array, value, 0, isize::MAX)? {
                Some(index) => {
                    array.delete(index, index + 1);
                    Ok(Obj::none())
                }
                None => Err(PyErr::value_error("array.remove(x): x not in array")),
            }
        },
    },
    Method {
        name: "reverse",
        call: |obj, args| {
            args.none("array.reverse")?;
            with_vec!(&mut *array_of(obj)?.items.borrow_mut(), v => v.reverse());
            Ok(Obj::none())
        },
    },
    Method {
        name: "tolist",
        call: |obj, args| {
            args.none("array.tolist")?;
            Ok(Obj::list(array_of(obj)?.objects()?))
        },
    },
    Method {
        name: "tobytes",
        call: |obj, args| {
            args.none("array.tobytes")?;
            let bytes = array_of(obj)?.items.borrow().to_bytes();
            Ok(Obj::bytes(&bytes))
        },
    },
    Method {
        name: "tounicode",
        call: |obj, args| {
            args.none("array.tounicode")?;
            let array = array_of(obj)?;
            if array.code != 'u' {
                return Err(PyErr::value_error(
                    "tounicode() may only be called on unicode type arrays",
                ));
            }
            Ok(Obj::from(unicode_text(array)?))
        },
    },
    Method {
        name: "__sizeof__",
        call: |obj, args| {
            args.none("array.__sizeof__")?;
            Ok(Obj::from(array_of(obj)?.sizeof()))
        },
    },
];

/// The text of a `u` array.
fn unicode_text(array: &PyArray) -> PyResult<String> {
    let chars = match &*array.items.borrow() {
        Items::U32(v) => v.clone(),
        _ => Vec::new(),
    };
    chars.into_iter().map(wchar).collect()
}

/// `a.__copy__()`: a new array with the same items, allocated exactly.
fn copy_array(obj: &Obj) -> PyResult<Obj> {
    let array = array_of(obj)?;
    let items = array.items.borrow().pick(0..array.len());
    Ok(new_array(array.code, items))
}

/// A `Py_ssize_t` argument: `OverflowError: Python int too large to convert to C
/// ssize_t` when it does not fit.
fn ssize(obj: &Obj) -> PyResult<isize> {
    index_value(obj)?
        .to_primitive::<isize>()
        .ok_or_else(|| overflow("Python int too large to convert to C ssize_t"))
}

/// The index of the first item equal to `value` in `start..stop` (negative bounds
/// count from the end, as `list.index`'s).
fn find(array: &PyArray, value: &Obj, start: isize, stop: isize) -> PyResult<Option<usize>> {
    let len = array.len() as isize;
    let start = if start < 0 {
        (start + len).max(0)
    } else {
        start
    };
    let stop = if stop < 0 { stop + len } else { stop };
    let mut index = start;
    // The length is read again each time: a comparison may change the array.
    while index < stop && index < array.len() as isize {
        if let Some(item) = array.item(index as usize)
            && item?.eq_item(value)?
        {
            return Ok(Some(index as usize));
        }
        index += 1;
    }
    Ok(None)
}

/// A slice index argument of `index` (`_PyEval_SliceIndexNotNone`): an int clamped to
/// the `isize` range.
fn slice_index(obj: &Obj) -> PyResult<isize> {
    if int_value(obj).is_none() && obj.py_type().number_slot(|n| n.index).is_none() {
        return Err(PyErr::type_error(
            "slice indices must be integers or have an __index__ method",
        ));
    }
    let value = index_value(obj)?;
    Ok(value
        .to_primitive::<isize>()
        .unwrap_or(if is_negative(&value) {
            isize::MIN
        } else {
            isize::MAX
        }))
}

/// `index(v, start=0, stop=sys.maxsize)`.
fn array_index(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("array.index")?;
    let positional = args.positional_between("index", 1, 3)?;
    let start = positional.get(1).map(slice_index).transpose()?.unwrap_or(0);
    let stop = positional
        .get(2)
        .map(slice_index)
        .transpose()?
        .unwrap_or(isize::MAX);
    match find(array_of(obj)?, &positional[0], start, stop)? {
        Some(index) => Ok(Obj::from(index)),
        None => Err(PyErr::value_error("array.index(x): x not in array")),
    }
}

/// `fromlist(list)`: every item converted, or none appended.
fn array_fromlist(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let list = args.one("array.fromlist")?;
    let Some(list) = list.downcast_ref::<PyList>() else {
        return Err(PyErr::type_error("arg must be list"));
    };
    let values = list.snapshot();
    let array = array_of(obj)?;
    if values.is_empty() {
        return Ok(Obj::none());
    }
    let mut converted = Items::with_capacity(array.code, values.len());
    let mut failure = None;
    for (i, value) in values.iter().enumerate() {
        if let Err(error) = converted.insert(array.code, i, value) {
            failure = Some(error);
            break;
        }
    }
    let old_size = array.len();
    array.resize_with(old_size + values.len(), |items| {
        if failure.is_none() {
            with_vecs!(items, &converted, v, w => v.extend_from_slice(w), ());
        }
    });
    if let Some(error) = failure {
        // CPython grew the array first, then shrinks it back on the error.
        let grown = old_size + values.len();
        let allocated = resized(array.allocated.get(), grown, old_size);
        array.allocated.set(allocated);
        array.items.borrow_mut().fit(allocated);
        return Err(error);
    }
    Ok(Obj::none())
}

/// `array(typecode[, initializer])`.
fn array_new(_: &'static PyType, args: &Args<'_>) -> PyResult<Obj> {
    args.no_keywords("array.array")?;
    let positional = args.positional();
    match positional.len() {
        0 => {
            return Err(PyErr::type_error(
                "array() takes at least 1 argument (0 given)",
            ));
        }
        1 | 2 => {}
        n => {
            return Err(PyErr::type_error(format!(
                "array() takes at most 2 arguments ({n} given)"
            )));
        }
    }
    let code = positional[0]
        .as_str()
        .and_then(|text| {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        })
        .ok_or_else(|| {
            PyErr::type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                positional[0].type_name()
            ))
        })?;
    let mut initial = positional.get(1);
    if let Some(value) = initial
        && code != 'u'
    {
        if value.as_str().is_some() {
            return Err(PyErr::type_error(format!(
                "cannot use a str to initialize an array with typecode '{code}'"
            )));
        }
        if value
            .downcast_ref::<PyArray>()
            .is_some_and(|a| a.code == 'u')
        {
            return Err(PyErr::type_error(format!(
                "cannot use a unicode array to initialize an array with typecode '{code}'"
            )));
        }
    }
    let mut iterable = None;
    if let Some(value) = initial {
        let direct = value.is_exact::<PyList>()
            || value.is_exact::<PyTuple>()
            || value.is_exact::<PyBytes>()
            || (code == 'u' && value.as_str().is_some())
            || value
                .downcast_ref::<PyArray>()
                .is_some_and(|a| a.code == code);
        if !direct {
            iterable = Some(value.iter()?);
            initial = None;
        }
    }
    if !TYPECODES.contains(code) {
        return Err(PyErr::value_error(
            "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
        ));
    }
    let array = match initial {
        None => PyArray::new(code, Items::with_capacity(code, 0)),
        Some(value) => {
            if let Some(bytes) = value.downcast_ref::<PyBytes>() {
                let array = PyArray::new(code, Items::with_capacity(code, 0));
                array.extend_bytes(bytes.as_bytes())?;
                array
            } else if let Some(text) = value.as_str() {
                let chars: Vec<u32> = text.chars().map(u32::from).collect();
                PyArray::new(code, Items::U32(chars))
            } else if let Some(other) = value.downcast_ref::<PyArray>() {
                PyArray::new(code, other.items.borrow().pick(0..other.len()))
            } else {
                let values = value.to_vec()?;
                let mut items = Items::with_capacity(code, values.len());
                for (i, value) in values.iter().enumerate() {
                    items.insert(code, i, value)?;
                }
                PyArray::new(code, items)
            }
        }
    };
    if let Some(iterator) = iterable {
        array.extend_iter(&iterator)?;
    }
    Ok(Obj::new(array))
}

/// `array('d')`, `array('d', [1.0, 2.0])`, `array('u', 'ab')`.
fn array_repr(obj: &Obj) -> PyResult<String> {
    let array = array_of(obj)?;
    if array.len() == 0 {
        return Ok(format!("array('{}')", array.code));
    }
    let items = if array.code == 'u' {
        Obj::from(unicode_text(array)?)
    } else {
        Obj::list(array.objects()?)
    };
    Ok(format!("array('{}', {})", array.code, items.repr()?))
}

/// Comparisons of two arrays: the first unequal pair of items decides, else the
/// lengths; `NotImplemented` for anything else.
fn array_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let (Some(x), Some(y)) = (a.downcast_ref::<PyArray>(), b.downcast_ref::<PyArray>()) else {
        return Ok(Obj::not_implemented());
    };
    let (xlen, ylen) = (x.len(), y.len());
    if xlen != ylen && matches!(op, CompareOp::Eq | CompareOp::Ne) {
        return Ok(Obj::from(op == CompareOp::Ne));
    }
    let mut index = 0;
    loop {
        let (Some(xi), Some(yi)) = (x.item(index), y.item(index)) else {
            return Ok(Obj::from(op.matches(xlen.cmp(&ylen))));
        };
        let (xi, yi) = (xi?, yi?);
        if !xi.eq_item(&yi)? {
            return match op {
                CompareOp::Eq => Ok(Obj::from(false)),
                CompareOp::Ne => Ok(Obj::from(true)),
                _ => xi.rich_compare(&yi, op),
            };
        }
        index += 1;
    }
}

/// `a + b`: a new array (`b` an array of the same typecode).
fn array_concat(a: &Obj, b: &Obj) -> PyResult<Obj> {
    let x = array_of(a)?;
    let Some(y) = b.downcast_ref::<PyArray>() else {
        return Err(PyErr::type_error(format!(
            "can only append array (not \"{}\") to array",
            b.type_name()
        )));
    };
    if x.code != y.code {
        return Err(PyErr::type_error(
            "bad argument type for built-in operation",
        ));
    }
    let mut items = x.items.borrow().pick(0..x.len());
    let other = y.items.borrow().pick(0..y.len());
    with_vecs!(&mut items, &other, v, w => v.extend_from_slice(w), ());
    Ok(new_array(x.code, items))
}

/// `a * n`: a new array of `n` copies of the items (none for `n <= 0`).
fn array_repeat(obj: &Obj, count: isize) -> PyResult<Obj> {
    let array = array_of(obj)?;
    let len = array.len();
    let count = count.max(0) as usize;
    let total = len
        .checked_mul(count)
        .ok_or_else(|| PyErr::new(&crate::exceptions::MEMORY_ERROR, ""))?;
    let items = array
        .items
        .borrow()
        .pick((0..total).map(|i| i % len.max(1)));
    Ok(new_array(array.code, items))
}

/// `a[i]` and `a[i:j:k]`.
fn array_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    let array = array_of(obj)?;
    if let Some(index) = as_index(key)? {
        let len = array.len() as isize;
        let index = if index < 0 { index + len } else { index };
        if index < 0 || index >= len {
            return Err(PyErr::index_error("array index out of range"));
        }
        return array
            .item(index as usize)
            .unwrap_or_else(|| Err(PyErr::index_error("array index out of range")));
    }
    let Some(slice) = key.downcast_ref::<PySlice>() else {
        return Err(PyErr::type_error("array indices must be integers"));
    };
    let indices = slice.indices(array.len())?;
    let items = array.items.borrow().pick(indices.iter());
    Ok(new_array(array.code, items))
}

/// `a[i] = v`, `a[i:j:k] = other`, `del a[i]`, `del a[i:j:k]`.
fn array_setitem(obj: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let array = array_of(obj)?;
    if let Some(index) = as_index(key)? {
        let len = array.len() as isize;
        let index = if index < 0 { index + len } else { index };
        if index < 0 || index >= len {
            return Err(PyErr::index_error("array assignment index out of range"));
        }
        let index = index as usize;
        return match value {
            Some(value) => {
                let mut one = Items::with_capacity(array.code, 1);
                one.insert(array.code, 0, value)?;
                let mut items = array.items.borrow_mut();
                with_vecs!(&mut *items, &one, v, w => {
                    if let Some(slot) = v.get_mut(index) {
                        *slot = w[0];
                    }
                }, ());
                Ok(())
            }
            None => {
                array.delete(index, index + 1);
                Ok(())
            }
        };
    }
    let Some(slice) = key.downcast_ref::<PySlice>() else {
        return Err(PyErr::type_error("array indices must be integers"));
    };
    let indices = slice.indices(array.len())?;
    // The new items, copied first (`a[:] = a` reads `a` before it changes).
    let new_items = match value {
        None => None,
        Some(value) => {
            let Some(other) = value.downcast_ref::<PyArray>() else {
                return Err(PyErr::type_error(format!(
                    "can only assign array (not \"{}\") to array slice",
                    value.type_name()
                )));
            };
            if other.code != array.code {
                return Err(PyErr::type_error(
                    "bad argument type for built-in operation",
                ));
            }
            Some(other.items.borrow().pick(0..other.len()))
        }
    };
    let needed = new_items.as_ref().map_or(0, Items::len);
    let size = array.len();
    if indices.step == 1 {
        let start = indices.start.clamp(0, size as isize) as usize;
        let stop = (indices.stop.max(0) as usize).clamp(start, size);
        let replaced = stop - start;
        let newsize = size + needed - replaced;
        let splice = |items: &mut Items| {
            items.remove_range(start, stop);
            if let Some(new_items) = &new_items {
                with_vecs!(items, new_items, v, w => {
                    v.splice(start..start, w.iter().copied());
                }, ());
            }
        };
        if replaced != needed {
            array.resize_with(newsize, splice);
        } else {
            splice(&mut array.items.borrow_mut());
        }
        return Ok(());
    }
    match new_items {
        None => {
            let mut doomed: Vec<usize> = indices.iter().collect();
            doomed.sort_unstable();
            array.resize_with(size - indices.length, |items| {
                with_vec!(items, v => {
                    let mut k = 0;
                    let mut position = 0;
                    v.retain(|_| {
                        let keep = doomed.get(k) != Some(&position);
                        if !keep {
                            k += 1;
                        }
                        position += 1;
                        keep
                    });
                })
            });
            Ok(())
        }
        Some(new_items) => {
            if needed != indices.length {
                return Err(PyErr::value_error(format!(
                    "attempt to assign array of size {needed} to extended slice of size {}",
                    indices.length
                )));
            }
            let mut items = array.items.borrow_mut();
            with_vecs!(&mut *items, &new_items, v, w => {
                for (i, &x) in indices.iter().zip(w.iter()) {
                    if let Some(slot) = v.get_mut(i) {
                        *slot = x;
                    }
                }
            }, ());
            Ok(())
        }
    }
}

/// `typecode` and `itemsize`.
fn array_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let array = array_of(obj)?;
    Ok(match name {
        "typecode" => Some(Obj::from(array.code.to_string())),
        "itemsize" => Some(Obj::from(itemsize(array.code))),
        _ => None,
    })
}

// ---------------------------------------------------------------------------
// Iteration.

/// An iterator over an array (`array.arrayiterator`): it holds the array until it is
/// exhausted.
struct PyArrayIterator {
    array: RefCell<Option<Obj>>,
    index: Cell<usize>,
}

impl Trace for PyArrayIterator {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&ARRAY_ITERATOR_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        match self.array.try_borrow() {
            Ok(array) => array.trace(tracer),
            Err(_) => tracer.incomplete = true,
        }
    }
    fn drop_handles(&self) {
        let old = self
            .array
            .try_borrow_mut()
            .map(|mut array| array.take())
            .ok()
            .flatten();
        drop(old);
    }
}

/// `array.arrayiterator`.
static ARRAY_ITERATOR_TYPE: PyType = PyType {
    name: "array.arrayiterator",
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(|obj| {
        let iterator = obj.value_as::<PyArrayIterator>()?;
        let Some(array) = iterator.array.borrow().clone() else {
            return Ok(None);
        };
        let index = iterator.index.get();
        match array_of(&array)?.item(index) {
            Some(item) => {
                iterator.index.set(index + 1);
                item.map(Some)
            }
            None => {
                let old = iterator.array.borrow_mut().take();
                drop(old);
                Ok(None)
            }
        }
    }),
    ..PyType::BLANK
};

// ---------------------------------------------------------------------------
// The module.

/// Makes the `array` module object.
pub(super) fn make() -> PyResult<Obj> {
    let array = ARRAY_TYPE.to_object();
    PyModule::new_object(
        "array",
        [
            ("ArrayType", array.clone()),
            ("array", array),
            ("typecodes", Obj::from(TYPECODES)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_follows_cpython() {
        // `array('b')` appended to one by one: 0, 4, 8, 16, 25, 34, 44 slots.
        let mut allocated = 0;
        let mut seen = vec![];
        for size in 0..40 {
            allocated = resized(allocated, size, size + 1);
            if seen.last() != Some(&allocated) {
                seen.push(allocated);
            }
        }
        assert_eq!(seen, [4, 8, 16, 25, 34, 44]);
        // Shrinking by less than 16 keeps the buffer; by more, reallocates.
        assert_eq!(resized(102, 100, 99), 102);
        assert_eq!(resized(102, 100, 10), 17);
        assert_eq!(resized(5, 5, 0), 5);
        assert_eq!(resized(0, 0, 0), 0);
    }

    #[test]
    fn the_vec_capacity_follows_the_allocation() {
        let array = PyArray::new('d', Items::with_capacity('d', 0));
        for k in 0..10 {
            array.insert(usize::MAX, &Obj::from(k)).unwrap();
            let capacity = with_vec!(&*array.items.borrow(), v => v.capacity());
            assert_eq!(capacity, array.allocated.get());
        }
        assert_eq!(array.allocated.get(), 16);
    }

    #[test]
    fn byteswap_reverses_the_bytes() {
        assert_eq!(0x0102_0304_u32.swapped(), 0x0403_0201);
        assert_eq!(1.0_f64.swapped().swapped(), 1.0);
        assert_eq!((-2_i16).swapped(), i16::from_ne_bytes([0xff, 0xfe]));
    }
}
