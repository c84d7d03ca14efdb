//! Frames: where names live (seed level 1, "the stack"; level 8, a function's memory
//! flow).
//!
//! Python code compiled by `pyblock!` keeps its names in two places:
//!
//! - A function's **locals** are Rust locals of the generated function (`Option<Obj>`,
//!   `None` while unbound), so a call's frame is a Rust stack frame: when the function
//!   returns, its locals are dropped and the objects they named lose one reference each,
//!   as in the seed's level 8. Locals that nested functions capture are cell objects
//!   instead.
//! - The block's **globals** live in one heap object, [`Globals`], with a slot per name
//!   (the names are known when the macro expands), so that functions can hold it and
//!   reach it after the block's own code has moved on. The block hands it to the user
//!   as a [`Namespace`]; when that is dropped, the globals are released in the order
//!   they were first bound, running finalizers, as at interpreter exit.
//!
//! Every call made through generated code enters one level of the recursion limit
//! ([`Frame::enter`]), so runaway recursion is a `RecursionError`, never a Rust stack
//! overflow.

use std::cell::{Cell, RefCell};
use std::fmt;

use crate::exceptions::{PyErr, PyResult};
use crate::pyobject::{Obj, PyType, RecursionGuard, enter_recursive_call};
use crate::refcount::Gc;
use crate::trace::{Trace, Tracer};

/// The globals of one `pyblock!` run: a slot per global name, in source order.
///
/// A heap object (a Python `module` named `__main__`), so that the functions a block
/// defines can refer to it; a function and its globals form a cycle, which dropping
/// the [`Namespace`] breaks.
pub struct Globals {
    names: &'static [&'static str],
    slots: Box<[Cell<Option<Obj>>]>,
    /// Slot indices in the order they were first bound.
    order: RefCell<Vec<u32>>,
}

impl Globals {
    /// Empty globals for the given names (slot `i` is `names[i]`).
    pub fn new(names: &'static [&'static str]) -> Gc<Globals> {
        Gc::new_at_line(Globals {
            names,
            slots: names.iter().map(|_| Cell::new(None)).collect(),
            order: RefCell::new(Vec::with_capacity(names.len())),
        })
    }

    /// The names of the slots.
    pub fn names(&self) -> &'static [&'static str] {
        self.names
    }

    fn slot(&self, index: usize) -> PyResult<&Cell<Option<Obj>>> {
        self.slots.get(index).ok_or_else(|| no_slot(index))
    }

    /// The value of global `index`, if it is bound.
    #[inline]
    pub fn get(&self, index: usize) -> Option<Obj> {
        let slot = self.slots.get(index)?;
        let value = slot.take();
        let copy = value.clone();
        slot.set(value);
        copy
    }

    /// Python's load of a global name: the slot's value, else the builtin of that
    /// name, else `NameError: name 'x' is not defined`.
    #[inline]
    pub fn load(&self, index: usize) -> PyResult<Obj> {
        if let Some(value) = self.get(index) {
            return Ok(value);
        }
        self.load_builtin(index)
    }

    #[cold]
    fn load_builtin(&self, index: usize) -> PyResult<Obj> {
        let name = self.names.get(index).copied().unwrap_or("?");
        crate::builtins::get(name).ok_or_else(|| PyErr::name_error(name))
    }

    /// Binds global `index` (`x = value` at the top level, or in a function that
    /// declared `global x`). The object it named before loses a reference.
    #[inline]
    pub fn store(&self, index: usize, value: Obj) -> PyResult<()> {
        let Some(slot) = self.slots.get(index) else {
            return Err(no_slot(index));
        };
        let old = slot.replace(Some(value));
        match old {
            Some(old) => drop(old),
            None => self.first_bound(index),
        }
        Ok(())
    }

    /// Records that global `index` was bound (if it is the first time).
    #[cold]
    fn first_bound(&self, index: usize) {
        let mut order = self.order.borrow_mut();
        let index = index as u32;
        if !order.contains(&index) {
            order.push(index);
        }
    }

    /// `del x` of a global: `NameError` if it is not bound.
    pub fn delete(&self, index: usize) -> PyResult<()> {
        let slot = self.slot(index)?;
        match slot.take() {
            Some(value) => {
                drop(value);
                Ok(())
            }
            None => Err(PyErr::name_error(
                self.names.get(index).copied().unwrap_or("?"),
            )),
        }
    }

    /// The bound globals, in the order they were first bound.
    pub fn items(&self) -> Vec<(&'static str, Obj)> {
        let order = self.order.borrow().clone();
        order
            .into_iter()
            .filter_map(|index| {
                let index = index as usize;
                Some((*self.names.get(index)?, self.get(index)?))
            })
            .collect()
    }

    /// The value bound to `name`, if any.
    pub fn lookup(&self, name: &str) -> Option<Obj> {
        let index = self.names.iter().position(|n| *n == name)?;
        self.get(index)
    }

    /// Unbinds every global, in the order they were first bound (the first-bound
    /// object is released first), as CPython clears a module at exit.
    pub fn release_all(&self) {
        let order = std::mem::take(&mut *self.order.borrow_mut());
        for index in order {
            if let Some(slot) = self.slots.get(index as usize) {
                drop(slot.take());
            }
        }
        for slot in &self.slots {
            drop(slot.take());
        }
    }
}

#[cold]
fn no_slot(index: usize) -> PyErr {
    PyErr::system_error(format!("no global slot {index}"))
}

impl Trace for Globals {
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&GLOBALS_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        for slot in &self.slots {
            let value = slot.take();
            value.trace(tracer);
            slot.set(value);
        }
    }
    fn drop_handles(&self) {
        for slot in &self.slots {
            drop(slot.take());
        }
    }
}

/// The globals as a Python object: the module `__main__`.
static GLOBALS_TYPE: PyType = PyType {
    name: "module",
    repr: Some(|_| Ok("<module '__main__'>".to_owned())),
    getattr: Some(|obj, name| {
        Ok(obj
            .downcast_ref::<Globals>()
            .and_then(|globals| globals.lookup(name)))
    }),
    weakrefable: true,
    ..PyType::BLANK
};

/// The final globals of a `pyblock!` run (`Ok(ns)`): read them by name; dropping it
/// releases them in the order they were first bound.
///
/// ```
/// use pyobj::frame::{Globals, Namespace};
/// use pyobj::Obj;
///
/// static NAMES: [&str; 2] = ["a", "b"];
/// let globals = Globals::new(&NAMES);
/// globals.store(0, Obj::from(1)).unwrap();
/// let ns = Namespace::new(globals);
/// assert_eq!(ns.get("a").unwrap().repr().unwrap(), "1");
/// assert!(ns.get("b").is_none()); // never bound
/// assert!(ns.get("c").is_none()); // not a global of the block
/// ```
pub struct Namespace {
    globals: Gc<Globals>,
}

impl Namespace {
    /// The namespace over a block's globals.
    pub fn new(globals: Gc<Globals>) -> Namespace {
        Namespace { globals }
    }

    /// The object the global `name` is bound to at the end of the block.
    pub fn get(&self, name: &str) -> Option<Obj> {
        self.globals.lookup(name)
    }

    /// The globals object (the block's `module`).
    pub(crate) fn globals(&self) -> &Gc<Globals> {
        &self.globals
    }

    /// The bound globals, in the order they were first bound.
    pub fn items(&self) -> Vec<(&'static str, Obj)> {
        self.globals.items()
    }
}

impl Drop for Namespace {
    /// The block ends, as an interpreter exits: `weakref.finalize`s registered with
    /// `atexit` run, then the globals are released, first-bound first.
    fn drop(&mut self) {
        crate::modules::block_exit_begin();
        self.globals.release_all();
        crate::modules::block_exit_end();
    }
}

impl fmt::Debug for Namespace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.items() {
            map.entry(&name, &value);
        }
        map.finish()
    }
}

/// Where a line of Python code is in the Rust source (for tracebacks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// The Rust file (`file!()` at the macro's call site).
    pub file: &'static str,
    /// The line of the Python statement in that file.
    pub line: u32,
    /// The Python function running it (`<module>` for the block's top level).
    pub function: &'static str,
}

/// One call's frame, as far as the runtime sees it: a level of the recursion limit.
pub struct Frame {
    _depth: RecursionGuard,
}

impl Frame {
    /// Enters a call: `RecursionError: maximum recursion depth exceeded` past the
    /// recursion limit.
    #[inline]
    pub fn enter() -> PyResult<Frame> {
        Ok(Frame {
            _depth: enter_recursive_call("")?,
        })
    }
}

/// Reads a local: its value, or `UnboundLocalError` when it is not bound (before its
/// first assignment, or after `del`).
#[inline]
pub fn load_local(slot: &Option<Obj>, name: &str) -> PyResult<Obj> {
    match slot {
        Some(value) => Ok(value.clone()),
        None => Err(PyErr::unbound_local_error(name)),
    }
}

/// Moves a local out for `return x`, the function's last use of it: its value, or
/// `UnboundLocalError` when it is not bound.
#[inline]
pub fn take_local(slot: &mut Option<Obj>, name: &str) -> PyResult<Obj> {
    match slot.take() {
        Some(value) => Ok(value),
        None => Err(PyErr::unbound_local_error(name)),
    }
}

/// `del x` of a local: `UnboundLocalError` when it is not bound.
pub fn delete_local(slot: &mut Option<Obj>, name: &str) -> PyResult<()> {
    match slot.take() {
        Some(value) => {
            drop(value);
            Ok(())
        }
        None => Err(PyErr::unbound_local_error(name)),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::*;
    use crate::pyobject::PyList;
    use crate::weakref::Weak;

    static NAMES: [&str; 4] = ["a", "b", "len", "c"];

    #[test]
    fn load_store_delete_with_python_errors() {
        let globals = Globals::new(&NAMES);
        assert_eq!(
            globals.load(0).unwrap_err().to_string(),
            "NameError: name 'a' is not defined"
        );
        globals.store(0, Obj::from(5)).unwrap();
        assert_eq!(globals.load(0).unwrap().repr().unwrap(), "5");
        // An unbound global that names a builtin is the builtin.
        assert_eq!(
            globals.load(2).unwrap().repr().unwrap(),
            "<built-in function len>"
        );
        globals.delete(0).unwrap();
        assert_eq!(
            globals.delete(0).unwrap_err().to_string(),
            "NameError: name 'a' is not defined"
        );
        assert!(globals.store(9, Obj::none()).is_err());
        let mut local = None;
        assert_eq!(
            load_local(&local, "x").unwrap_err().to_string(),
            "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value"
        );
        local = Some(Obj::from(1));
        assert_eq!(load_local(&local, "x").unwrap().repr().unwrap(), "1");
        delete_local(&mut local, "x").unwrap();
        assert!(delete_local(&mut local, "x").is_err());
    }

    #[test]
    fn namespace_releases_globals_first_bound_first() {
        let log = Rc::new(RefCell::new(Vec::new()));
        let globals = Globals::new(&NAMES);
        let mut weaks = Vec::new();
        // Bound in the order c, a, b.
        for (index, name) in [(3, "c"), (0, "a"), (1, "b")] {
            let list = Obj::list([]).downcast::<PyList>().ok().unwrap();
            let log = Rc::clone(&log);
            weaks.push(Weak::with_callback(&list, move || {
                log.borrow_mut().push(name)
            }));
            globals.store(index, Obj::from(list)).unwrap();
        }
        // Rebinding does not move a name in the order.
        globals.store(3, Obj::from(7)).unwrap();
        let ns = Namespace::new(globals);
        assert_eq!(log.borrow().as_slice(), ["c"]);
        let names: Vec<_> = ns.items().into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["c", "a", "b"]);
        assert_eq!(format!("{ns:?}"), r#"{"c": 7, "a": [], "b": []}"#);
        drop(ns);
        assert_eq!(log.borrow().as_slice(), ["c", "a", "b"]);
        assert!(weaks.iter().all(|weak| weak.upgrade().is_none()));
    }

    #[test]
    fn a_function_held_by_its_globals_is_freed_when_the_namespace_goes() {
        // globals -> list -> globals: dropping the namespace clears the slots, which
        // breaks the cycle without a collection.
        let globals = Globals::new(&NAMES);
        let list = Obj::list([Obj::from(Gc::clone(&globals))]);
        globals.store(0, list.clone()).unwrap();
        let weak = Gc::downgrade(&globals);
        drop(list);
        drop(Namespace::new(globals));
        assert!(weak.upgrade().is_none());
    }

    #[test]
    fn frames_stop_runaway_recursion() {
        fn recurse() -> PyResult<()> {
            let _frame = Frame::enter()?;
            recurse()
        }
        assert_eq!(
            recurse().unwrap_err().to_string(),
            "RecursionError: maximum recursion depth exceeded"
        );
        // Every level was given back.
        assert!(Frame::enter().is_ok());
    }
}
