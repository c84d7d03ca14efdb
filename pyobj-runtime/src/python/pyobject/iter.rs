//! Iterators: the iterator objects of lists, tuples and strings, and [`PyIterator`], a
//! Python iterator seen as a Rust `Iterator`.
//!
//! A list iterator reads the list by position each time (`for x in a: a.append(x)`
//! keeps going, as in CPython), and lets go of the list once exhausted.

use std::cell::{Cell, RefCell};

use super::typeobject::PyType;
use super::{Obj, PyList, PyStr, PyTuple};
use crate::exceptions::PyResult;
use crate::trace::{Trace, Tracer};

/// A Python iterator as a Rust iterator of `PyResult<Obj>` (from [`Obj::try_iter`]).
///
/// After an error, the Python iterator is not asked again.
pub struct PyIterator {
    iterator: Option<Obj>,
}

impl PyIterator {
    pub(crate) fn new(iterator: Obj) -> PyIterator {
        PyIterator {
            iterator: Some(iterator),
        }
    }
}

impl Iterator for PyIterator {
    type Item = PyResult<Obj>;

    fn next(&mut self) -> Option<PyResult<Obj>> {
        let iterator = self.iterator.as_ref()?;
        match iterator.next_item() {
            Ok(Some(item)) => Some(Ok(item)),
            Ok(None) => {
                self.iterator = None;
                None
            }
            Err(error) => {
                self.iterator = None;
                Some(Err(error))
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SeqKind {
    List,
    Tuple,
    Str,
}

/// The iterator object of a list, tuple or str (`list_iterator`, `tuple_iterator`,
/// `str_ascii_iterator`/`str_iterator`).
pub struct PySeqIter {
    seq: RefCell<Option<Obj>>,
    kind: SeqKind,
    /// The next position (a byte offset for a str).
    position: Cell<usize>,
}

impl PySeqIter {
    fn make(seq: Obj, kind: SeqKind) -> Obj {
        Obj::new(PySeqIter {
            seq: RefCell::new(Some(seq)),
            kind,
            position: Cell::new(0),
        })
    }

    pub(crate) fn new_list(list: Obj) -> Obj {
        PySeqIter::make(list, SeqKind::List)
    }

    pub(crate) fn new_tuple(tuple: Obj) -> Obj {
        PySeqIter::make(tuple, SeqKind::Tuple)
    }

    pub(crate) fn new_str(text: Obj) -> Obj {
        PySeqIter::make(text, SeqKind::Str)
    }

    fn next(&self) -> PyResult<Option<Obj>> {
        let Some(seq) = self.seq.borrow().clone() else {
            return Ok(None);
        };
        let position = self.position.get();
        let item = match self.kind {
            SeqKind::List => super::list::as_list(&seq)
                .map_or_else(|| seq.value_as::<PyList>(), Ok)?
                .snapshot_item(position)
                .map(|item| (item, 1)),
            SeqKind::Tuple => seq
                .value_as::<PyTuple>()?
                .as_slice()
                .get(position)
                .map(|item| (item.clone(), 1)),
            SeqKind::Str => {
                let text = seq.value_as::<PyStr>()?.as_str();
                text[position.min(text.len())..].chars().next().map(|c| {
                    let mut buffer = [0; 4];
                    (Obj::from(&*c.encode_utf8(&mut buffer)), c.len_utf8())
                })
            }
        };
        match item {
            Some((item, advance)) => {
                self.position.set(position + advance);
                Ok(Some(item))
            }
            None => {
                let old = self.seq.borrow_mut().take();
                drop(old);
                Ok(None)
            }
        }
    }
}

impl PyList {
    /// The item at `index`, if there is one now.
    pub(crate) fn snapshot_item(&self, index: usize) -> Option<Obj> {
        super::sequence::Sequence::get(self, index)
    }
}

impl Trace for PySeqIter {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&LIST_ITERATOR_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.seq.trace(tracer);
    }
    fn drop_handles(&self) {
        let old = self
            .seq
            .try_borrow_mut()
            .ok()
            .and_then(|mut seq| seq.take());
        drop(old);
    }
}

const fn iterator_type(name: &'static str) -> PyType {
    PyType {
        name,
        class_of: Some(class_of),
        iter: Some(|obj| Ok(obj.clone())),
        next: Some(|obj| obj.value_as::<PySeqIter>()?.next()),
        ..PyType::BLANK
    }
}

fn class_of(obj: &Obj) -> &'static PyType {
    let Some(it) = obj.downcast_ref::<PySeqIter>() else {
        return &LIST_ITERATOR_TYPE;
    };
    match it.kind {
        SeqKind::List => &LIST_ITERATOR_TYPE,
        SeqKind::Tuple => &TUPLE_ITERATOR_TYPE,
        SeqKind::Str => {
            let ascii = it
                .seq
                .try_borrow()
                .ok()
                .and_then(|seq| seq.as_ref().and_then(|seq| seq.as_str().map(str::is_ascii)))
                .unwrap_or(true);
            if ascii {
                &STR_ASCII_ITERATOR_TYPE
            } else {
                &STR_ITERATOR_TYPE
            }
        }
    }
}

static LIST_ITERATOR_TYPE: PyType = iterator_type("list_iterator");
static TUPLE_ITERATOR_TYPE: PyType = iterator_type("tuple_iterator");
static STR_ASCII_ITERATOR_TYPE: PyType = iterator_type("str_ascii_iterator");
static STR_ITERATOR_TYPE: PyType = iterator_type("str_iterator");
