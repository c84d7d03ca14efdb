//! Classes made by `class` statements, and how their instances behave.
//!
//! A class is a heap object ([`PyClass`]: name, bases, method resolution order, an
//! ordered namespace of methods and class attributes): tracked by the collector, weakly referenceable, freed
//! when nothing refers to it.
//!
//! # One type table per class
//! Everything in the object model is keyed on [`PyType`]: `type_name()` in every error
//! text, `isinstance`/`issubclass` (`PyType::is_subtype`), `except` matching. So each
//! class gets its own table, built when the `class` statement runs: its name, its base's
//! table as base, and slots that dispatch to the class's dunder methods
//! (`__repr__`, `__eq__`, `__len__`, `__add__`, ...). Then nothing keyed on `PyType`
//! needs to know about classes.
//!
//! The table is `Box::leak`ed (a `PyType` must be `'static`) and recorded in a global
//! registry, so it stays reachable: **one table (about 260 bytes, plus about 170 for a
//! class with operator methods, plus 8 per entry of its MRO, plus its name) per executed `class` statement lives until
//! the process ends**, even after the class object is freed. A program that runs a
//! `class` statement in a loop grows by that much per iteration.
//!
//! From a table back to its class object: a thread-local map from the table's address to
//! the class object (not owning it; the entry goes when the class object is dropped).
//! [`PyType::to_object`] and `type(x)` use it.
//!
//! # Which slots a class's table has
//! A slot is filled when the class or a base defines the dunder when the `class`
//! statement runs (CPython's `fixup_slot_dispatchers`); the slot looks the method up at
//! each call, so redefining `A.__eq__` later works, but adding an operator method to a
//! class after its creation is not seen by the operator (CPython would update the slot).
//! `__repr__`, attribute access and attribute assignment are always dispatched.
//!
//! # Supported bases
//! Any number of bases, each another class, `object`, `list` or a builtin exception type
//! (the instances are then lists, or exception objects raisable as they are). Deriving
//! from another builtin type (`int`, `dict`, ...) raises `TypeError`.
//!
//! With several bases, the method resolution order (`__mro__`) is C3's, computed as
//! CPython's `mro_implementation` does, with its errors; attribute lookup, `super()`
//! and `isinstance` follow it. One difference: a builtin type (`list`) placed before a
//! class in the order is searched after the classes (its methods are found where the
//! classes have none). Not supported: descriptors
//! written in Python (`__get__`/`__set__`), metaclasses, `__index__`/`__int__`/
//! `__float__`, in-place operator methods (`__iadd__`), iteration through
//! `__getitem__`.
//!
//! # Descriptors
//! `staticmethod`, `classmethod` and `property` in a namespace behave as in CPython (see
//! the [`descriptor`](super::descriptor) module): [`class_getattr`] and the instance
//! attribute paths read them through their type's slots. A class's table records
//! whether the class or a base holds a data descriptor (`property`) or another
//! descriptor ([`PyType::descriptor_flags`]), so that the attribute paths of instances
//! of other classes never look at the class for their own attributes, nor at the type
//! of a class constant.
//! `super(A, obj)` is the [`superobject`](super::superobject) module's.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ptr::NonNull;
use std::sync::Mutex;

use super::function::call_with_first;
use super::instance::{
    AttrName, AttrSite, Attrs, PyInstance, instance_data, intern_key, key_is, same_text,
};
use super::typeobject::{
    BinaryFn, HashSlot, MethodFn, NumberMethods, OBJECT_TYPE, PyType, UnaryFn, as_type, object_repr,
};
use super::{Args, CompareOp, FunctionCode, Obj, PyBool, PyFunction, PyStr, hash_pointer};
use crate::exceptions::{BASE_EXCEPTION, PyErr, PyResult, STOP_ITERATION};
use crate::object::Header;
use crate::refcount::Gc;
use crate::trace::{Trace, Tracer};

/// A class made by a `class` statement (its type is `type`).
pub struct PyClass {
    table: &'static PyType,
    /// Whether the class derives from a builtin exception (its instances are exception
    /// objects): fixed, as the bases are.
    exception: bool,
    /// Whether the class derives from `list` (its instances are lists too).
    list: bool,
    /// Whether the class derives from `dict` (its instances are dicts too).
    dict: bool,
    qualname: Box<str>,
    /// `__base__`: the base whose layout the instances have (see [`best_base`]).
    base: Obj,
    /// `__bases__`, in the order the `class` statement gave them.
    bases: Box<[Obj]>,
    /// The method resolution order after the class itself (`__mro__[1:]`): classes
    /// and builtin type objects, as C3 linearization orders them.
    mro: Box<[Obj]>,
    /// Whether the instances have a `__dict__` (any attribute name): false when this
    /// class and every class base declare `__slots__` without `"__dict__"`.
    instance_dict: bool,
    /// Whether this class's own `__slots__` names members: its instances then have a
    /// layout of their own (CPython's `solid_base`), which another such base conflicts
    /// with.
    own_layout: bool,
    /// Whether a `__slots__` member of this class was replaced or deleted on the class:
    /// the instances' attributes may then hold values no member reads, so the
    /// attribute paths consult the class first ([`PyType::MEMBERS`]).
    members_changed: Cell<bool>,
    /// The `__slots__` members of the instances' layout: the base's (`__base__`), then
    /// this class's own, in the order a slotted instance holds their values.
    members: Box<[Box<str>]>,
    /// For a class whose instances hold only their members' values (no `__dict__`, no
    /// builtin base but `object`, at most [`MAX_SLOTS`](super::slotted::MAX_SLOTS)
    /// members): their layout (see the `slotted` module).
    slotted: Option<&'static super::slotted::SlotLayout>,
    namespace: Attrs,
    /// The names of the attributes set on instances, interned: an instance's new
    /// attribute takes its key from here instead of the intern table (CPython's classes
    /// share their instances' keys too).
    instance_keys: RefCell<Vec<SharedKey>>,
    /// Whether `instance_keys` holds every name any instance of this class has ever had
    /// (false once a name did not fit): then a name not among them is on no instance,
    /// and a method call need not look for it among the instance's attributes.
    keys_complete: Cell<bool>,
    /// What calling the class needs, looked up once per version of the class
    /// namespaces (see [`NAMESPACE_VERSION`]).
    creation: Creation,
    /// The class attributes read last (`A.X`), for reads that need no descriptor.
    attr_cache: ClassAttrCache,
}

/// What calling a class needs from its namespace and its bases', cached: plain cells, so
/// that reading it is a few loads (no borrow flag to keep).
#[derive(Default)]
struct Creation {
    /// [`NAMESPACE_VERSION`] when this was looked up; `None` while nothing is cached.
    version: Cell<Option<u64>>,
    /// `__init__`, if the class or a base defines it.
    init: Cell<Option<Obj>>,
    /// The code of `__init__` when it is a function (see [`Init::Function`]).
    code: Cell<Option<FunctionCode>>,
    /// Whether the class or a base defines `__del__`.
    finalizer: Cell<bool>,
}

impl Creation {
    /// The cached `__init__` and `__del__` test, if they were looked up at `version`.
    #[inline]
    fn get(&self, version: u64) -> Option<(Option<Init>, bool)> {
        if self.version.get() != Some(version) {
            return None;
        }
        // A new reference to the cached object (no user code runs meanwhile).
        let init = self.init.take();
        let copy = init.clone();
        self.init.set(init);
        let init = copy.map(|init| match self.code.get() {
            Some(code) => Init::Function(init, code),
            None => Init::Other(init),
        });
        Some((init, self.finalizer.get()))
    }

    /// Caches `init` and `finalizer` as looked up at `version`; the object cached before
    /// is given back, for the caller to drop.
    fn set(&self, version: u64, init: Option<&Init>, finalizer: bool) -> Option<Obj> {
        let (object, code) = match init {
            Some(Init::Function(object, code)) => (Some(object.clone()), Some(*code)),
            Some(Init::Other(object)) => (Some(object.clone()), None),
            None => (None, None),
        };
        let old = self.init.replace(object);
        self.code.set(code);
        self.finalizer.set(finalizer);
        self.version.set(Some(version));
        old
    }

    /// Forgets what is cached; the cached object is given back, for the caller to drop.
    fn take(&self) -> Option<Obj> {
        self.version.set(None);
        self.code.set(None);
        self.init.take()
    }
}

/// A class's `__init__`.
enum Init {
    /// A function (a `def`), called with the new instance first. Its code is kept
    /// beside it (a function's code never changes), so a call needs no downcast.
    Function(Obj, FunctionCode),
    /// Any other callable, called as it is (it does not bind).
    Other(Obj),
}

impl Init {
    fn new(init: Obj) -> Init {
        match init.downcast_ref::<PyFunction>().map(PyFunction::code) {
            Some(code) => Init::Function(init, code),
            None => Init::Other(init),
        }
    }

    /// Calls `__init__` for `instance` with the call's `args`.
    #[inline]
    fn call(&self, instance: &Obj, args: &Args<'_>) -> PyResult<Obj> {
        match self {
            Init::Function(func, code) => {
                // During `__init__` the instance and each argument have one count more
                // than the new frame's, as in CPython (the slot's call and the call's
                // argument tuple hold them): `sys.getrefcount` shows the same numbers.
                args.call_with_first(instance, true, |args| code(func, args))
            }
            Init::Other(init) => call_attribute(init, instance, args),
        }
    }
}

thread_local! {
    /// Changes whenever the namespace of any class of this thread changes after its
    /// creation (`A.x = v`, `del A.x`, a class cleared by the collector): a lookup
    /// cached under an older version is stale.
    static NAMESPACE_VERSION: Cell<u64> = const { Cell::new(0) };
}

#[inline]
fn namespace_version() -> u64 {
    NAMESPACE_VERSION.with(Cell::get)
}

fn namespace_changed() {
    NAMESPACE_VERSION.with(|version| version.set(version.get().wrapping_add(1)));
}

/// The entry a cache of `ways` entries valid for one [`NAMESPACE_VERSION`]
/// (`version`) fills next, in turn (`next`); if the namespaces changed since it was
/// filled, it forgets every entry first (`forget`).
fn next_entry(version: &Cell<u64>, next: &Cell<u8>, ways: usize, forget: impl FnOnce()) -> usize {
    let current = namespace_version();
    if version.get() != current {
        forget();
        version.set(current);
        next.set(0);
    }
    let slot = usize::from(next.get()) % ways;
    next.set(u8::try_from((slot + 1) % ways).unwrap_or(0));
    slot
}

/// The last few attributes read on a class that its namespaces (its own or a base's)
/// hold and that are returned as they are (no descriptor), by name: a read skips the
/// search through the class and its bases. Valid while [`NAMESPACE_VERSION`] has not
/// changed, so the value is still in the namespace that holds it (alive); no value is
/// owned.
#[derive(Default)]
struct ClassAttrCache {
    version: Cell<u64>,
    entries: [ClassAttrEntry; ClassAttrCache::WAYS],
    /// The entry the next new name replaces.
    next: Cell<u8>,
}

/// One name a [`ClassAttrCache`] remembers.
#[derive(Default)]
struct ClassAttrEntry {
    /// The name (empty when the entry is unused: an empty name is never remembered).
    name: RefCell<Box<str>>,
    value: Cell<Option<NonNull<Header>>>,
}

impl ClassAttrCache {
    /// How many names a class remembers.
    const WAYS: usize = 4;

    /// The value remembered for `name`.
    #[inline]
    fn get(&self, name: &str) -> Option<Obj> {
        if self.version.get() != namespace_version() {
            return None;
        }
        self.find(name).map(|(value, _)| value)
    }

    /// [`ClassAttrCache::get`] looking first at the entry `site` names (where this
    /// name was found last), and teaching the site where it was found.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn get_at_site(&self, name: &str, site: &AttrSite) -> Option<Obj> {
        if self.version.get() != namespace_version() {
            return None;
        }
        let guess = site.guess();
        if let Some(entry) = self.entries.get(guess)
            && entry
                .name
                .try_borrow()
                .is_ok_and(|known| same_text(known.as_bytes(), name.as_bytes()))
        {
            // Alive: same version, so the namespace entry that holds it is unchanged.
            return entry.value.get().map(Obj::from_header);
        }
        let (value, index) = self.find(name)?;
        site.remember(index);
        Some(value)
    }

    /// The value remembered for `name` and its entry's index, for a cache whose
    /// version is current.
    #[inline]
    fn find(&self, name: &str) -> Option<(Obj, usize)> {
        // The remembered names are the cache's own copies: no other text shares their
        // address, so `same_text`'s shortcut on equal addresses cannot mislead it.
        let index = self.entries.iter().position(|entry| {
            entry
                .name
                .try_borrow()
                .is_ok_and(|known| same_text(known.as_bytes(), name.as_bytes()))
        })?;
        // Alive: same version, so the namespace entry that holds it is unchanged.
        let value = self.entries[index].value.get().map(Obj::from_header)?;
        Some((value, index))
    }

    fn put(&self, name: &str, value: &Obj) {
        if name.is_empty() {
            return;
        }
        let slot = next_entry(&self.version, &self.next, ClassAttrCache::WAYS, || {
            for entry in &self.entries {
                if let Ok(mut known) = entry.name.try_borrow_mut() {
                    *known = Box::default();
                }
                entry.value.set(None);
            }
        });
        let entry = &self.entries[slot];
        if let Ok(mut known) = entry.name.try_borrow_mut() {
            *known = name.into();
            entry.value.set(Some(value.header_ptr()));
        }
    }
}

/// A class namespace changed: every class of this thread forgets its cached
/// [`Creation`] now, so that a method deleted or replaced is not kept alive by a cache.
fn forget_creations() {
    namespace_changed();
    let headers: Vec<NonNull<Header>> = CLASS_OBJECTS
        .try_with(|objects| objects.borrow().values().copied().collect())
        .unwrap_or_default();
    // Every class is held first (dropping a cached `__init__` may free classes), then
    // the caches are emptied, then everything is dropped.
    let classes: Vec<Obj> = headers.into_iter().filter_map(Obj::revive).collect();
    let creations: Vec<Obj> = classes
        .iter()
        .filter_map(|class| class.downcast_ref::<PyClass>())
        .filter_map(|class| class.creation.take())
        .collect();
    drop(creations);
    drop(classes);
}

/// How many instance attribute names a class remembers.
const INSTANCE_KEYS: usize = 32;

/// An instance attribute name a class remembers: the interned str, and where a
/// `&'static str` spelling it was last seen.
///
/// Compiled code names attributes with string literals, so a store usually comes with
/// the very same `&'static str` as the previous one: comparing its address and length
/// with the remembered ones then replaces the comparison of the texts. That is exact
/// because a `&'static str` is never freed nor changed: two of them at the same address
/// with the same length have the same text. (Only addresses are kept, never followed.)
struct SharedKey {
    key: Gc<PyStr>,
    /// Address and length of a `&'static str` with the key's text; (0, 0) for none.
    spelled_at: Cell<(usize, usize)>,
}

impl SharedKey {
    fn new(key: Gc<PyStr>) -> SharedKey {
        SharedKey {
            key,
            spelled_at: Cell::new((0, 0)),
        }
    }

    /// Whether the key's text is `name`'s.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn is(&self, name: AttrName<'_>) -> bool {
        match name {
            AttrName::Static(text) => {
                let at = (text.as_ptr().addr(), text.len());
                if self.spelled_at.get() == at {
                    return true;
                }
                let same = key_is(&self.key, text);
                if same {
                    self.spelled_at.set(at);
                }
                same
            }
            AttrName::Other(text) => key_is(&self.key, text),
        }
    }
}

/// The interned name `name` for an attribute of an instance of `class`, if the class
/// knows it already; `position` is where the attribute goes among the instance's (the
/// name the class saw there first is tried first: instances of a class mostly set the
/// same attributes in the same order). Runs no user code.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn known_instance_key(
    class: &Obj,
    name: AttrName<'_>,
    position: usize,
) -> Option<Gc<PyStr>> {
    let class = class.downcast_ref::<PyClass>()?;
    let keys = class.instance_keys.try_borrow().ok()?;
    match keys.get(position) {
        Some(shared) if shared.is(name) => Some(shared.key.clone()),
        _ => find_key(&keys, name.text()),
    }
}

/// The key `name` among `keys`, wherever it is.
#[inline(never)]
fn find_key(keys: &[SharedKey], name: &str) -> Option<Gc<PyStr>> {
    keys.iter()
        .find(|shared| key_is(&shared.key, name))
        .map(|shared| shared.key.clone())
}

/// The interned name `name` for a new attribute of an instance of `class`, when
/// [`known_instance_key`] has none: the class then remembers it (up to
/// [`INSTANCE_KEYS`] names; past that, or if the list is busy, the class no longer
/// knows all its instances' names). Every new attribute of an instance takes its key
/// from here or from [`known_instance_key`].
///
/// A name the class learns changes [`NAMESPACE_VERSION`]: a [`MethodSite`] that found
/// no instance of the class could have the name forgets that.
pub(crate) fn instance_key(class: &Obj, name: &str) -> Gc<PyStr> {
    // Interning may run a collection: no borrow meanwhile.
    let key = intern_key(name);
    if let Some(class) = class.downcast_ref::<PyClass>() {
        let learned = match class.instance_keys.try_borrow_mut() {
            Ok(keys) if keys.iter().any(|known| key_is(&known.key, name)) => None,
            Ok(mut keys) if keys.len() < INSTANCE_KEYS => {
                keys.push(SharedKey::new(key.clone()));
                Some(true)
            }
            _ => Some(false),
        };
        // A name learned, or the list found incomplete for the first time.
        let changed = match learned {
            None => false,
            Some(true) => true,
            Some(false) => class.keys_complete.replace(false),
        };
        if changed {
            namespace_changed();
        }
    }
    key
}

/// Whether an instance of `class` may have an attribute `name`: false only when the
/// class knows every name its instances have had, and `name` is not one.
fn instances_may_have(class: &Obj, name: &str) -> bool {
    let Some(class) = class.downcast_ref::<PyClass>() else {
        return true;
    };
    if !class.keys_complete.get() {
        return true;
    }
    match class.instance_keys.try_borrow() {
        Ok(keys) => keys.iter().any(|known| key_is(&known.key, name)),
        Err(_) => true,
    }
}

/// Every class table ever made, in any thread: leaked, never freed (see the module
/// docs), kept reachable here.
static CLASS_TABLES: Mutex<Vec<&'static PyType>> = Mutex::new(Vec::new());

/// What else is leaked for the program's life with generated types (their names, field
/// lists, signatures): kept reachable from here, so that it is in use, not lost, for a
/// leak checker (Miri's) as for a reader.
static KEPT: Mutex<Kept> = Mutex::new(Kept {
    texts: Vec::new(),
    lists: Vec::new(),
    signatures: Vec::new(),
    tables: Vec::new(),
});

struct Kept {
    texts: Vec<&'static str>,
    lists: Vec<&'static [&'static str]>,
    signatures: Vec<&'static super::Signature>,
    tables: Vec<&'static PyType>,
}

fn kept() -> std::sync::MutexGuard<'static, Kept> {
    KEPT.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `text` for the rest of the program (a generated type's or function's name).
pub(crate) fn keep_text(text: String) -> &'static str {
    let text: &'static str = Box::leak(text.into_boxed_str());
    kept().texts.push(text);
    text
}

/// `names` for the rest of the program (a generated signature's parameters).
pub(crate) fn keep_names(names: Vec<&'static str>) -> &'static [&'static str] {
    let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
    kept().lists.push(names);
    names
}

/// `signature` for the rest of the program (a generated function's).
pub(crate) fn keep_signature(signature: super::Signature) -> &'static super::Signature {
    let signature: &'static super::Signature = Box::leak(Box::new(signature));
    kept().signatures.push(signature);
    signature
}

/// `table` for the rest of the program (a generated type's that is not a class's).
pub(crate) fn keep_table(table: PyType) -> &'static PyType {
    let table: &'static PyType = Box::leak(Box::new(table));
    kept().tables.push(table);
    table
}

thread_local! {
    /// This thread's class objects, by the address of their table. Borrowed references:
    /// a class removes its entry when it is dropped.
    static CLASS_OBJECTS: RefCell<HashMap<usize, NonNull<Header>>> =
        RefCell::new(HashMap::new());
}

impl PyClass {
    /// `__init__` (if any) and whether there is a `__del__`, for `cls` (this class's
    /// object): cached until a class namespace changes.
    #[inline]
    fn creation(&self, cls: &Obj) -> (Option<Init>, bool) {
        let version = namespace_version();
        match self.creation.get(version) {
            Some(cached) => cached,
            None => self.look_up_creation(cls, version),
        }
    }

    /// [`PyClass::creation`] when nothing is cached for `version`: looked up, then
    /// cached.
    #[inline(never)]
    fn look_up_creation(&self, cls: &Obj, version: u64) -> (Option<Init>, bool) {
        let init = class_lookup(cls, "__init__").map(Init::new);
        let finalizer = class_lookup(cls, "__del__").is_some();
        let old = self.creation.set(version, init.as_ref(), finalizer);
        drop(old);
        (init, finalizer)
    }

    /// The class's type table.
    pub fn table(&self) -> &'static PyType {
        self.table
    }

    /// `__name__`.
    pub fn name(&self) -> &'static str {
        self.table.name()
    }

    /// `__qualname__` (`"A"`, `"Outer.Inner"`, `"f.<locals>.A"`).
    pub fn qualname(&self) -> &str {
        &self.qualname
    }

    /// `__base__`: a class, or a builtin type object (`object`, `Exception`, ...).
    pub fn base(&self) -> &Obj {
        &self.base
    }

    /// `__bases__`, in the order the `class` statement gave them.
    pub fn bases(&self) -> &[Obj] {
        &self.bases
    }

    /// `__mro__` after the class itself: its bases and theirs, in the order attributes
    /// are looked up (C3 linearization, as CPython's).
    pub fn mro(&self) -> &[Obj] {
        &self.mro
    }

    /// Whether the instances have a `__dict__`: false when the class and its bases
    /// declare `__slots__` without `"__dict__"` (the instances then have only the
    /// attributes the slots name).
    pub fn instances_have_dict(&self) -> bool {
        self.instance_dict
    }

    /// Whether the class or a base declares `__slots__` members (whose values an
    /// instance keeps among its attributes, but outside its `__dict__`).
    pub(crate) fn has_members(&self) -> bool {
        self.own_layout
            || self.mro.iter().any(|base| {
                base.downcast_ref::<PyClass>()
                    .is_some_and(|base| base.own_layout)
            })
    }

    /// A new instance of this class (`cls`), deriving from none of `list`, `dict` or an
    /// exception type: its members' values only for a slotted class, else an instance
    /// with attributes; with a finalizer calling `__del__` if `finalizer`.
    pub(crate) fn new_plain_instance(&self, cls: &Obj, finalizer: bool) -> Obj {
        if let Some(layout) = self.slotted
            && let Some(instance) = super::slotted::new_object(cls.clone(), layout, finalizer)
        {
            return instance;
        }
        PyInstance::new_object(cls.clone(), self.table, finalizer)
    }

    /// Gives up knowing every name the instances have (an instance's `__dict__` can now
    /// be changed directly): method calls look at the instances' attributes again.
    pub(crate) fn forget_instance_keys(&self) {
        if self.keys_complete.replace(false) {
            namespace_changed();
        }
    }

    /// The attribute `name` of the class's own namespace (not of its bases).
    pub fn own_attr(&self, name: &str) -> Option<Obj> {
        self.namespace.get(name)
    }

    /// The names of the class's own namespace, in definition order.
    pub fn own_attr_names(&self) -> Vec<Obj> {
        self.namespace.names()
    }
}

/// The one vtable of every `PyClass` (a downcast is one comparison of addresses).
static PYCLASS_VTABLE: crate::refcount::StaticVTable<PyClass> =
    crate::refcount::StaticVTable::exclusive();

impl Trace for PyClass {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> = Some(PYCLASS_VTABLE.get());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&super::types::TYPE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.base.trace(tracer);
        for class in self.bases.iter().chain(self.mro.iter()) {
            class.trace(tracer);
        }
        self.namespace.trace(tracer);
        // Taken out and put back: tracing runs no user code.
        let init = self.creation.init.take();
        init.trace(tracer);
        self.creation.init.set(init);
    }
    fn drop_handles(&self) {
        namespace_changed();
        let creation = self.creation.take();
        drop(creation);
        self.namespace.drop_handles();
    }
}

impl Drop for PyClass {
    fn drop(&mut self) {
        // A method cached for this class (see `MethodSite`) must not be found again
        // through a new class made at the same address.
        namespace_changed();
        let key = std::ptr::from_ref(self.table).addr();
        let _ = CLASS_OBJECTS.try_with(|objects| objects.borrow_mut().remove(&key));
    }
}

/// The class object of a class table, if it is alive on this thread.
pub(crate) fn class_object(table: &'static PyType) -> Option<Obj> {
    let key = std::ptr::from_ref(table).addr();
    let header = CLASS_OBJECTS
        .try_with(|objects| objects.borrow().get(&key).copied())
        .ok()
        .flatten()?;
    // The entry leaves the map when the class is dropped, so the object is not freed;
    // a count of zero means it is being released.
    Obj::revive(header)
}

/// `name` looked up in `class`'s namespace, then its bases' (CPython's `_PyType_Lookup`
/// over the classes made by `class` statements).
///
/// The builtin types of the order are skipped: their attributes are the caller's.
pub(crate) fn class_lookup(class: &Obj, name: &str) -> Option<Obj> {
    let class = class.downcast_ref::<PyClass>()?;
    if let Some(value) = class.namespace.get(name) {
        return Some(value);
    }
    class
        .mro
        .iter()
        .filter_map(|entry| entry.downcast_ref::<PyClass>())
        .find_map(|class| class.namespace.get(name))
}

/// The first builtin type along the chain of bases (`object`, or an exception type).
pub(crate) fn builtin_base(ty: &'static PyType) -> &'static PyType {
    ty.mro().find(|ty| !ty.heap_type).unwrap_or(&OBJECT_TYPE)
}

impl Obj {
    /// A class (a `class` statement): `qualname` (`"A"`, `"Outer.Inner"`,
    /// `"f.<locals>.A"`; the name is its last dotted part), an optional base (`None` is
    /// `object`) and the namespace the class body made, in order (methods are function
    /// objects).
    ///
    /// As in CPython, a class that defines `__eq__` but not `__hash__` gets `__hash__ =
    /// None` (its instances are unhashable). A base that is not a class raises `TypeError:
    /// class base must be a class, not 'int'` (CPython's own text for `class A(1)` is an
    /// unhelpful `int() takes at most 2 arguments (3 given)`); a builtin base other than
    /// `object` and the exception types raises `TypeError: cannot subclass the builtin
    /// type 'list' (not supported)`.
    ///
    /// ```
    /// use pyobj::{Args, Obj, PyFunction, PyResult, Signature};
    ///
    /// // class A:
    /// //     def __init__(self, x): self.x = x
    /// static INIT: Signature = Signature::new(&["self", "x"]);
    /// fn init(f: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    ///     let [this, x] = PyFunction::of(f)?.bind_array(args)?;
    ///     this.setattr("x", &x)?;
    ///     Ok(Obj::none())
    /// }
    /// let a_class = Obj::new_class(
    ///     "A",
    ///     None,
    ///     vec![("__init__", Obj::new_function("A.__init__", &INIT, init, vec![], vec![]))],
    /// )
    /// .unwrap();
    /// assert_eq!(a_class.repr().unwrap(), "<class '__main__.A'>");
    /// let a = a_class.call(&[Obj::from(5)]).unwrap();
    /// assert_eq!(a.getattr("x").unwrap().repr().unwrap(), "5");
    /// assert!(a.py_type().to_object().is(&a_class)); // type(a) is A
    /// assert!(a.repr().unwrap().starts_with("<__main__.A object at 0x"));
    /// ```
    pub fn new_class(
        qualname: &str,
        base: Option<&Obj>,
        namespace: Vec<(&str, Obj)>,
    ) -> PyResult<Obj> {
        Obj::new_class_with_bases(qualname, base.map_or(&[], std::slice::from_ref), namespace)
    }

    /// [`Obj::new_class`] with any number of bases (none is `object`), as `class
    /// C(A, B):` makes it: the method resolution order is C3's, as CPython's
    /// (`C.__mro__`), and the instances have the layout of the base CPython would pick
    /// as `__base__`.
    ///
    /// CPython's errors: `TypeError: duplicate base class A`, `TypeError: Cannot create
    /// a consistent method resolution\norder (MRO) for bases A, B`, `TypeError: multiple
    /// bases have instance lay-out conflict` (two builtin bases of different layouts,
    /// such as `list` and an exception type).
    ///
    /// ```
    /// use pyobj::Obj;
    ///
    /// let a = Obj::new_class("A", None, vec![]).unwrap();
    /// let b = Obj::new_class("B", Some(&a), vec![]).unwrap();
    /// let c = Obj::new_class("C", Some(&a), vec![]).unwrap();
    /// let d = Obj::new_class_with_bases("D", &[b, c], vec![]).unwrap();
    /// let order = d.getattr("__mro__").unwrap().repr().unwrap();
    /// assert_eq!(
    ///     order,
    ///     "(<class '__main__.D'>, <class '__main__.B'>, <class '__main__.C'>, \
    ///      <class '__main__.A'>, <class 'object'>)"
    /// );
    /// ```
    pub fn new_class_with_bases(
        qualname: &str,
        bases: &[Obj],
        namespace: Vec<(&str, Obj)>,
    ) -> PyResult<Obj> {
        let bases: Vec<Obj> = if bases.is_empty() {
            vec![OBJECT_TYPE.to_object()]
        } else {
            bases.to_vec()
        };
        for base in &bases {
            check_base(base)?;
        }
        let name = qualname.rsplit('.').next().unwrap_or(qualname);
        let slots = match namespace.iter().find(|(key, _)| *key == "__slots__") {
            Some((_, slots)) => Some(Slots::read(slots, &namespace)?),
            None => None,
        };
        let mut namespace = namespace;
        let own_layout = slots
            .as_ref()
            .is_some_and(|slots| !slots.members.is_empty());
        let base = bases[best_base(&bases)?].clone();
        // The members of the layout: the base's, then this class's.
        let mut members: Vec<Box<str>> = base
            .downcast_ref::<PyClass>()
            .map(|base| base.members.to_vec())
            .unwrap_or_default();
        let mut member_objects = Vec::new();
        if let Some(slots) = &slots {
            for member in &slots.members {
                let object =
                    super::descriptor::PyMemberDescriptor::new_object(member, name, members.len());
                members.push(member.as_str().into());
                member_objects.push(object.clone());
                namespace.push((member.as_str(), object));
            }
        }
        let mro = linearize(&bases)?;
        let from_bases = |test: fn(&Obj) -> bool| bases.iter().any(test);
        let instance_dict = slots.as_ref().is_none_or(|slots| slots.dict)
            || from_bases(|base| match base.downcast_ref::<PyClass>() {
                Some(class) => class.instance_dict,
                None => as_type(base).is_some_and(|ty| ty.is_subtype(&BASE_EXCEPTION)),
            });
        let weakrefable = slots.as_ref().is_none_or(|slots| slots.weakref)
            || from_bases(|base| as_type(base).is_some_and(|ty| ty.weakrefable));
        // Properties learn their names (CPython's `__set_name__`); data descriptors make
        // the instances' attribute paths consult the class.
        let mut descriptors = bases
            .iter()
            .filter_map(as_type)
            .fold(0, |flags, table| flags | table.descriptor_flags());
        for (name, value) in &namespace {
            super::descriptor::set_name(value, name);
            descriptors |= super::descriptor::descriptor_flags(value);
        }
        if !instance_dict {
            // A store of a new name must check it against the members.
            descriptors |= PyType::MEMBERS;
        }
        if namespace.iter().any(|(name, _)| is_hook(name)) {
            descriptors |= PyType::HOOKS | PyType::DATA_DESCRIPTORS | PyType::DESCRIPTORS;
        }
        let namespace = Attrs::from_entries(namespace);
        if namespace.contains("__eq__") && !namespace.contains("__hash__") {
            namespace.set("__hash__", Obj::none());
        }
        let defines = |names: &[&str]| {
            names.iter().any(|name| {
                namespace.contains(name)
                    || mro
                        .iter()
                        .filter_map(|entry| entry.downcast_ref::<PyClass>())
                        .any(|class| class.namespace.contains(name))
            })
        };
        let base_table = as_type(&base).unwrap_or(&OBJECT_TYPE);
        let linear: Vec<&'static PyType> = mro.iter().filter_map(as_type).collect();
        let builtin = builtin_base(base_table);
        let slotted = !instance_dict
            && std::ptr::eq(builtin, &OBJECT_TYPE)
            && members.len() <= super::slotted::MAX_SLOTS;
        let table = build_table(name, base_table, linear, weakrefable, slotted, defines);
        table.set_descriptor_flags(descriptors);
        for member in &member_objects {
            if let Some(member) = member.downcast_ref::<super::PyMemberDescriptor>() {
                member.set_owner_table(table);
            }
        }
        let slotted = slotted.then(|| super::slotted::SlotLayout::leak(table, members.clone()));
        let class = Obj::new(PyClass {
            table,
            exception: table.is_subtype(&BASE_EXCEPTION),
            list: table.is_subtype(&super::list::LIST_TYPE),
            dict: table.is_subtype(&super::types::DICT_TYPE),
            qualname: qualname.into(),
            base,
            bases: bases.into_boxed_slice(),
            mro: mro.into_boxed_slice(),
            instance_dict,
            own_layout,
            members_changed: Cell::new(false),
            members: members.into_boxed_slice(),
            slotted,
            namespace,
            instance_keys: RefCell::new(Vec::new()),
            keys_complete: Cell::new(true),
            creation: Creation::default(),
            attr_cache: ClassAttrCache::default(),
        });
        if descriptors & PyType::MEMBERS != 0 && members_shadowed(&class) {
            table
                .set_descriptor_flags(descriptors | PyType::DATA_DESCRIPTORS | PyType::DESCRIPTORS);
        }
        let key = std::ptr::from_ref(table).addr();
        let header = class.header_ptr();
        let _ = CLASS_OBJECTS.try_with(|objects| objects.borrow_mut().insert(key, header));
        Ok(class)
    }

    /// The type table this object stands for, if it is a type object (a builtin type or
    /// a class): what `isinstance(x, obj)` tests against.
    pub fn as_type(&self) -> Option<&'static PyType> {
        as_type(self)
    }

    /// `issubclass(self, other)`: `TypeError: issubclass() arg 1 must be a class` (or
    /// `arg 2`) when one is not a type object.
    pub fn is_subclass(&self, other: &Obj) -> PyResult<bool> {
        let Some(ty) = as_type(self) else {
            return Err(PyErr::type_error("issubclass() arg 1 must be a class"));
        };
        let Some(other) = as_type(other) else {
            return Err(PyErr::type_error(
                "issubclass() arg 2 must be a class, a tuple of classes, or a union",
            ));
        };
        Ok(ty.is_subtype(other))
    }
}

/// A base a `class` statement may name: a class, `object`, `list` or an exception
/// type; `TypeError` otherwise.
fn check_base(base: &Obj) -> PyResult<()> {
    let Some(table) = as_type(base) else {
        return Err(PyErr::type_error(format!(
            "class base must be a class, not '{}'",
            base.type_name()
        )));
    };
    if !table.heap_type
        && !std::ptr::eq(table, &OBJECT_TYPE)
        && !std::ptr::eq(table, &super::list::LIST_TYPE)
        && !std::ptr::eq(table, &super::types::DICT_TYPE)
        && !table.is_subtype(&BASE_EXCEPTION)
    {
        return Err(PyErr::type_error(format!(
            "cannot subclass the builtin type '{}' (not supported)",
            table.name()
        )));
    }
    Ok(())
}

/// What a class's `__slots__` declares.
struct Slots {
    /// The member names, in order (without `__dict__` and `__weakref__`).
    members: Vec<String>,
    /// Whether `"__dict__"` is among them.
    dict: bool,
    /// Whether `"__weakref__"` is among them.
    weakref: bool,
}

impl Slots {
    /// Reads `__slots__` (a str, or an iterable of str) with CPython's errors:
    /// `TypeError: __slots__ items must be strings, not 'int'`, `ValueError: 'x' in
    /// __slots__ conflicts with class variable`.
    fn read(slots: &Obj, namespace: &[(&str, Obj)]) -> PyResult<Slots> {
        let items = match slots.as_str() {
            Some(_) => vec![slots.clone()],
            None => slots.to_vec()?,
        };
        let mut read = Slots {
            members: Vec::new(),
            dict: false,
            weakref: false,
        };
        for item in &items {
            let Some(text) = item.as_str() else {
                return Err(PyErr::type_error(format!(
                    "__slots__ items must be strings, not '{}'",
                    item.type_name()
                )));
            };
            if !is_identifier(text) {
                return Err(PyErr::type_error("__slots__ must be identifiers"));
            }
            match text {
                "__dict__" => read.dict = true,
                "__weakref__" => read.weakref = true,
                _ if namespace.iter().any(|(key, _)| *key == text) => {
                    return Err(PyErr::value_error(format!(
                        "'{text}' in __slots__ conflicts with class variable"
                    )));
                }
                _ => read.members.push(text.to_owned()),
            }
        }
        Ok(read)
    }
}

/// Whether `text` is a Python identifier (ASCII letters, digits, `_`; not starting with
/// a digit; other letters accepted as they are).
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || first.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// The type whose layout the instances of `base` (a checked base) have (CPython's
/// `solid_base`): the nearest class whose `__slots__` names members, else the builtin
/// type: `object`, `list`, or `BaseException` for every exception type (here they all
/// share one layout).
fn solid_base(base: &Obj) -> &'static PyType {
    if let Some(class) = base.downcast_ref::<PyClass>() {
        if class.own_layout {
            return class.table;
        }
        return solid_base(&class.base);
    }
    let builtin = as_type(base).map_or(&OBJECT_TYPE, builtin_base);
    if builtin.is_subtype(&BASE_EXCEPTION) {
        &BASE_EXCEPTION
    } else {
        builtin
    }
}

/// Which of `bases` (checked) gives the new class its layout and `__base__` (CPython's
/// `best_base`): the first whose layout derives from every other's; `TypeError:
/// multiple bases have instance lay-out conflict` when two layouts are unrelated.
fn best_base(bases: &[Obj]) -> PyResult<usize> {
    let mut winner: Option<(usize, &'static PyType)> = None;
    for (index, base) in bases.iter().enumerate() {
        let solid = solid_base(base);
        winner = match winner {
            Some((_, best)) if best.is_subtype(solid) => winner,
            Some((_, best)) if !solid.is_subtype(best) => {
                return Err(PyErr::type_error(
                    "multiple bases have instance lay-out conflict",
                ));
            }
            _ => Some((index, solid)),
        };
    }
    Ok(winner.map_or(0, |(index, _)| index))
}

/// Whether two type objects are the same type.
fn same_type(a: &Obj, b: &Obj) -> bool {
    match (as_type(a), as_type(b)) {
        (Some(a), Some(b)) => std::ptr::eq(a, b),
        _ => a.is(b),
    }
}

/// `base` followed by its method resolution order.
fn full_mro(base: &Obj) -> Vec<Obj> {
    match base.downcast_ref::<PyClass>() {
        Some(class) => std::iter::once(base.clone())
            .chain(class.mro.iter().cloned())
            .collect(),
        None => as_type(base).map_or_else(
            || vec![base.clone()],
            |table| table.mro().map(PyType::to_object).collect(),
        ),
    }
}

/// The method resolution order of a new class after the class itself: C3
/// linearization of `bases` (checked), as CPython's `mro_implementation`.
fn linearize(bases: &[Obj]) -> PyResult<Vec<Obj>> {
    for (index, base) in bases.iter().enumerate() {
        if bases[..index].iter().any(|other| same_type(other, base)) {
            return Err(PyErr::type_error(format!(
                "duplicate base class {}",
                type_name_of(base)
            )));
        }
    }
    if let [base] = bases {
        return Ok(full_mro(base));
    }
    // Each base's order, then the bases themselves; the merge repeatedly takes the
    // first head that is in no sequence's tail.
    let mut sequences: Vec<Vec<Obj>> = bases.iter().map(full_mro).collect();
    sequences.push(bases.to_vec());
    let mut next = vec![0; sequences.len()];
    let mut order = Vec::new();
    loop {
        let heads = sequences
            .iter()
            .zip(&next)
            .filter_map(|(sequence, &at)| sequence.get(at));
        let in_a_tail = |candidate: &Obj| {
            sequences.iter().zip(&next).any(|(sequence, &at)| {
                sequence
                    .get(at + 1..)
                    .is_some_and(|tail| tail.iter().any(|item| same_type(item, candidate)))
            })
        };
        let mut remaining = false;
        let mut chosen = None;
        for head in heads {
            remaining = true;
            if !in_a_tail(head) {
                chosen = Some(head.clone());
                break;
            }
        }
        let Some(chosen) = chosen else {
            if !remaining {
                return Ok(order);
            }
            return Err(mro_error(&sequences, &next));
        };
        for (sequence, at) in sequences.iter().zip(next.iter_mut()) {
            if sequence
                .get(*at)
                .is_some_and(|head| same_type(head, &chosen))
            {
                *at += 1;
            }
        }
        order.push(chosen);
    }
}

/// CPython's `TypeError` for bases C3 cannot order: the heads left, each once.
#[cold]
fn mro_error(sequences: &[Vec<Obj>], next: &[usize]) -> PyErr {
    let mut names: Vec<&str> = Vec::new();
    for (sequence, &at) in sequences.iter().zip(next) {
        if let Some(head) = sequence.get(at) {
            let name = type_name_of(head);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    PyErr::type_error(format!(
        "Cannot create a consistent method resolution\norder (MRO) for bases {}",
        names.join(", ")
    ))
}

/// The `__name__` of a type object.
fn type_name_of(ty: &Obj) -> &'static str {
    as_type(ty).map_or("?", PyType::name)
}

/// Builds, leaks and registers the table of a new class: `linear` is its method
/// resolution order after itself.
fn build_table(
    name: &str,
    base: &'static PyType,
    linear: Vec<&'static PyType>,
    weakrefable: bool,
    slotted: bool,
    defines: impl Fn(&[&str]) -> bool,
) -> &'static PyType {
    let name: &'static str = Box::leak(name.to_owned().into_boxed_str());
    let linear: &'static [&'static PyType] = Box::leak(linear.into_boxed_slice());
    let number = NUMBER_DUNDERS
        .iter()
        .any(|names| defines(names))
        .then(|| &*Box::leak(Box::new(number_methods(&defines))));
    let table: &'static PyType = Box::leak(Box::new(PyType {
        name,
        base: Some(base),
        linear,
        heap_type: true,
        repr: Some(slot_repr),
        str: defines(&["__str__"]).then_some(slot_str as _),
        hash: defines(&["__hash__"]).then_some(HashSlot::Value(slot_hash)),
        richcompare: defines(&["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"])
            .then_some(slot_richcompare as _),
        bool: defines(&["__bool__"]).then_some(slot_bool as _),
        len: defines(&["__len__"]).then_some(slot_len as _),
        number,
        getitem: defines(&["__getitem__"]).then_some(slot_getitem as _),
        setitem: defines(&["__setitem__", "__delitem__"]).then_some(slot_setitem as _),
        contains: defines(&["__contains__"]).then_some(slot_contains as _),
        iter: defines(&["__iter__"]).then_some(slot_iter as _),
        next: defines(&["__next__"]).then_some(slot_next as _),
        call: defines(&["__call__"]).then_some(slot_call as _),
        getattr: Some(if slotted {
            super::slotted::getattr
        } else {
            super::instance::instance_getattr
        }),
        setattr: Some(if slotted {
            super::slotted::setattr
        } else {
            super::instance::instance_setattr
        }),
        weakrefable,
        ..PyType::BLANK
    }));
    CLASS_TABLES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(table);
    table
}

/// Calling a class: a new instance, then `__init__` with the call's arguments.
#[inline]
pub(crate) fn call_class(cls: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    instantiate(cls.value_as::<PyClass>()?, cls, args)
}

/// [`call_class`] for a class already downcast (`class` is the value of `cls`).
fn instantiate(class: &PyClass, cls: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    let (init, finalizer) = class.creation(cls);
    let Some(init) = init else {
        return instantiate_without_init(class, cls, args, finalizer);
    };
    let instance = if class.exception {
        new_exception_instance(class, cls, args, finalizer)
    } else if class.list {
        super::list::PyListInstance::new_object(cls.clone(), class.table)
    } else if class.dict {
        super::dict::PyDictInstance::new_object(cls.clone(), class.table)
    } else {
        class.new_plain_instance(cls, finalizer)
    };
    // Dropped in this order: what `__init__` returned, `__init__`, then (on an error)
    // the instance.
    let outcome = {
        let init = init;
        match init.call(&instance, args) {
            Ok(result) if is_none(&result) => Ok(()),
            Ok(result) => Err(init_result_error(&result)),
            Err(error) => Err(error),
        }
    };
    outcome.map(|()| instance)
}

/// [`instantiate`] for a class without `__init__`: no arguments are accepted (an
/// exception class takes positional ones, its `args`).
#[inline(never)]
fn instantiate_without_init(
    class: &PyClass,
    cls: &Obj,
    args: &Args<'_>,
    finalizer: bool,
) -> PyResult<Obj> {
    let table = class.table;
    if class.exception {
        if !args.keywords().is_empty() {
            return Err(PyErr::type_error(format!(
                "{}() takes no keyword arguments",
                table.name()
            )));
        }
        return Ok(new_exception_instance(class, cls, args, finalizer));
    }
    if class.list {
        // `list.__init__`: at most one iterable, whose items it takes.
        let instance = super::list::PyListInstance::new_object(cls.clone(), table);
        if !args.keywords().is_empty() {
            return Err(PyErr::type_error(format!(
                "{}() takes no keyword arguments",
                table.name()
            )));
        }
        match args.positional() {
            [] => {}
            [iterable] => {
                instance.call_method("extend", std::slice::from_ref(iterable))?;
            }
            more => {
                return Err(PyErr::type_error(format!(
                    "list expected at most 1 argument, got {}",
                    more.len()
                )));
            }
        }
        return Ok(instance);
    }
    if class.dict {
        // `dict.__init__`: a mapping or iterable of pairs, and keywords, as `update`.
        let instance = super::dict::PyDictInstance::new_object(cls.clone(), table);
        instance.call_method_with("__init__", args)?;
        return Ok(instance);
    }
    if !args.positional().is_empty() || !args.keywords().is_empty() {
        return Err(PyErr::type_error(format!(
            "{}() takes no arguments",
            table.name()
        )));
    }
    Ok(class.new_plain_instance(cls, finalizer))
}

/// A new instance of a class deriving from a builtin exception: its `args` are the
/// call's positional arguments.
#[inline(never)]
fn new_exception_instance(class: &PyClass, cls: &Obj, args: &Args<'_>, finalizer: bool) -> Obj {
    crate::exceptions::new_class_instance(
        class.table,
        cls.clone(),
        args.positional().to_vec(),
        finalizer,
    )
}

/// `TypeError: __init__() should return None, not 'int'`.
#[cold]
#[inline(never)]
fn init_result_error(result: &Obj) -> PyErr {
    PyErr::type_error(format!(
        "__init__() should return None, not '{}'",
        result.type_name()
    ))
}

/// Whether `obj` is `None`: `Obj::is_none` as one comparison of addresses (`NoneType`'s
/// table is `None`'s alone), never a comparison of `TypeId`s.
#[inline]
fn is_none(obj: &Obj) -> bool {
    super::any_python_type(obj.as_any())
        .is_some_and(|ty| std::ptr::eq(ty, &super::singletons::NONE_TYPE))
}

/// `A.name`: the namespace of the class and its bases (read as on the class: a
/// `staticmethod` gives its function, a `classmethod` binds to `A`), then `__name__`,
/// `__qualname__`, `__module__`, `__base__`, `__bases__`, `__doc__`, `__dict__` (a
/// snapshot `dict` of the class's own namespace: CPython's is a live read-only
/// `mappingproxy`), and `object`'s `__init__` and `__new__` when the chain ends at
/// `object`.
#[inline]
pub(crate) fn class_getattr(cls: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let class = cls.value_as::<PyClass>()?;
    if let Some(value) = class.attr_cache.get(name) {
        return Ok(Some(value));
    }
    class_getattr_uncached(cls, class, name)
}

/// `cls.name` in generated code, when `cls` is a class object whose attribute cache
/// holds `name` (see [`class_getattr`]: for a class, its cache is looked at before
/// anything else), the entry `site` remembers looked at first; `None` for anything
/// else (the general path answers).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn cached_class_attr(cls: &Obj, name: &str, site: &AttrSite) -> Option<Obj> {
    cls.downcast_ref::<PyClass>()?
        .attr_cache
        .get_at_site(name, site)
}

/// [`class_getattr`] for a name the class's cache does not hold.
#[inline(never)]
fn class_getattr_uncached(cls: &Obj, class: &PyClass, name: &str) -> PyResult<Option<Obj>> {
    if let Some(value) = class_lookup(cls, name) {
        if class.table.descriptor_flags() & PyType::DESCRIPTORS == 0
            || value.is_exact::<PyFunction>()
            || !super::descriptor::has_descr_get(&value)
        {
            class.attr_cache.put(name, &value);
            return Ok(Some(value));
        }
        return super::descriptor::descr_get_other(value, None, cls).map(Some);
    }
    Ok(match name {
        "__name__" => Some(Obj::from(class.name())),
        "__qualname__" => Some(Obj::from(class.qualname())),
        "__module__" => Some(Obj::from("__main__")),
        "__base__" => Some(class.base.clone()),
        "__bases__" => Some(Obj::tuple(class.bases.iter().cloned())),
        "__mro__" => Some(Obj::tuple(
            std::iter::once(cls.clone()).chain(class.mro.iter().cloned()),
        )),
        "__doc__" => Some(Obj::none()),
        "__dict__" => Some(Obj::dict_from(
            class
                .namespace
                .entries()
                .into_iter()
                .map(|(key, value)| (Obj::from(key), value)),
        )?),
        _ if std::ptr::eq(builtin_base(class.table), &OBJECT_TYPE) => {
            super::typeobject::object_attribute(name, None)
        }
        _ => None,
    })
}

/// `A.name = value` / `del A.name`: the class's namespace (and the descriptor flags of
/// the class and its subclasses when a descriptor comes or may go).
pub(crate) fn class_setattr(cls: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    let class = cls.value_as::<PyClass>()?;
    // Before the old value goes (its release may run user code that calls methods):
    // no `MethodSite` may hand out a function of the namespace being changed.
    namespace_changed();
    if class
        .namespace
        .get(name)
        .is_some_and(|old| old.is_exact::<super::PyMemberDescriptor>())
    {
        class.members_changed.set(true);
    }
    match value {
        Some(value) => {
            let descriptor = super::descriptor::descriptor_flags(value) != 0;
            class.namespace.set(name, value.clone());
            forget_creations();
            if descriptor || class.table.descriptor_flags() != 0 {
                update_descriptor_flags(class.table);
            }
            Ok(())
        }
        None if class.namespace.remove(name) => {
            forget_creations();
            if class.table.descriptor_flags() != 0 {
                update_descriptor_flags(class.table);
            }
            Ok(())
        }
        None => Err(PyErr::no_attribute(cls, name)),
    }
}

/// A class's namespace changed: recomputes [`PyType::descriptor_flags`] for it and for
/// every class of this thread deriving from it (classes and their bases live on one
/// thread).
#[inline(never)]
fn update_descriptor_flags(changed: &'static PyType) {
    let headers: Vec<NonNull<Header>> = CLASS_OBJECTS
        .try_with(|objects| objects.borrow().values().copied().collect())
        .unwrap_or_default();
    let classes: Vec<Obj> = headers.into_iter().filter_map(Obj::revive).collect();
    for cls in &classes {
        if let Some(class) = cls.downcast_ref::<PyClass>()
            && class.table.is_subtype(changed)
        {
            class
                .table
                .set_descriptor_flags(chain_descriptor_flags(cls));
        }
    }
}

/// The descriptor flags of the namespaces of `cls` and the classes of its method
/// resolution order.
fn chain_descriptor_flags(cls: &Obj) -> u8 {
    let Some(class) = cls.downcast_ref::<PyClass>() else {
        return 0;
    };
    let no_dict = if class.instance_dict {
        0
    } else {
        PyType::MEMBERS
    };
    let flags = class
        .chain()
        .flat_map(|class| class.namespace.entries())
        .fold(no_dict, |flags, (key, value)| {
            let hook = if is_hook(key.as_str()) {
                PyType::HOOKS | PyType::DATA_DESCRIPTORS | PyType::DESCRIPTORS
            } else {
                0
            };
            flags | hook | super::descriptor::descriptor_flags(&value)
        });
    let changed = class.chain().any(|class| class.members_changed.get());
    if changed || flags & PyType::MEMBERS != 0 && members_shadowed(cls) {
        flags | PyType::DATA_DESCRIPTORS | PyType::DESCRIPTORS
    } else {
        flags
    }
}

/// Whether a `__slots__` member of `cls` or of a class of its method resolution order
/// is hidden from the instances by another attribute of the same name found first: a
/// read must then consult the class before the instance's attributes
/// ([`PyType::MEMBERS`]).
fn members_shadowed(cls: &Obj) -> bool {
    let Some(class) = cls.downcast_ref::<PyClass>() else {
        return false;
    };
    class
        .chain()
        .flat_map(|class| class.namespace.entries())
        .filter(|(_, value)| value.is_exact::<super::PyMemberDescriptor>())
        .any(|(key, member)| class_lookup(cls, key.as_str()).is_none_or(|found| !found.is(&member)))
}

impl PyClass {
    /// This class, then the classes of its method resolution order (made by `class`
    /// statements: not the builtin types at its end).
    fn chain(&self) -> impl Iterator<Item = &PyClass> {
        std::iter::once(self).chain(
            self.mro
                .iter()
                .filter_map(|entry| entry.downcast_ref::<PyClass>()),
        )
    }
}

/// Whether `name` is one of the attribute hooks the instance paths consult
/// ([`PyType::HOOKS`]).
fn is_hook(name: &str) -> bool {
    matches!(name, "__getattr__" | "__setattr__" | "__delattr__")
}

/// Whether the class whose table is `table` defines `name` in its own namespace.
pub(crate) fn class_own_attr(table: &'static PyType, name: &str) -> bool {
    class_object(table)
        .and_then(|cls| {
            cls.downcast_ref::<PyClass>()
                .map(|class| class.namespace.contains(name))
        })
        .unwrap_or(false)
}

/// `object.__new__(cls)` for a class `cls` (not deriving from an exception): a new
/// instance, without calling `__init__`.
pub(crate) fn new_instance(cls: &Obj) -> PyResult<Obj> {
    let class = cls.value_as::<PyClass>()?;
    // Looked up here rather than through `PyClass::creation`, which stays inlined in
    // the one caller that matters (calling a class).
    let finalizer = class_lookup(cls, "__del__").is_some();
    Ok(class.new_plain_instance(cls, finalizer))
}

/// `obj.name(*args)` for an instance whose class defines `name` as a function (and the
/// instance does not shadow it): the call, without making a bound method.
///
/// A `staticmethod` or `classmethod` found there is called without making a bound
/// method too. An instance attribute of that name, or any other attribute of the class
/// (a property, a callable object), is read as `obj.name` and called. `None` when
/// neither the instance nor its class and bases have the attribute: then a method of
/// the builtin type the class derives from is what the call finds.
pub(crate) fn call_method_fast(obj: &Obj, name: &str, args: &Args<'_>) -> Option<PyResult<Obj>> {
    let class = match instance_data(obj) {
        Some(data) => {
            if data.attrs.contains(name) {
                return Some(call_attribute_read(obj, name, args));
            }
            &data.class
        }
        // A slotted instance has no attributes of its own: a member is found on the
        // class (and is not a function).
        None => super::slotted::as_slotted(obj)?.class(),
    };
    let func = class_lookup(class, name)?;
    match func.downcast_ref::<PyFunction>() {
        Some(function) => Some(call_function_with_first(function, &func, obj, args)),
        None => Some(
            super::descriptor::call_unwrapped(&func, class, args)
                .unwrap_or_else(|| call_attribute_read(obj, name, args)),
        ),
    }
}

/// `obj.name(*args)` the general way: the attribute read, then called.
#[inline(never)]
fn call_attribute_read(obj: &Obj, name: &str, args: &Args<'_>) -> PyResult<Obj> {
    obj.getattr(name)?.call_with(args)
}

/// A place in generated code that calls one method name (`obj.m(...)`), per thread: it
/// remembers the functions it found on the classes of the last few receivers
/// (`MethodSite::WAYS`), so a call on an instance of one of those classes skips the
/// search through the class and its bases (CPython's `LOAD_METHOD_WITH_VALUES` makes
/// the same bet for one class; a call site that sees a few subclasses, as a scheduler's
/// `task.run()` does, keeps one entry for each).
///
/// The memory is valid while `NAMESPACE_VERSION` has not changed: the version changes
/// when any class namespace of the thread changes and when a class is freed, so the
/// class at a remembered address is the same class, its namespace holds the same
/// function, and the function is alive. Nothing is owned: a site keeps no object alive.
pub struct MethodSite {
    version: Cell<u64>,
    entries: [MethodEntry; MethodSite::WAYS],
    /// The entry the next new class replaces.
    next: Cell<u8>,
    /// Where the name was found last in a module's dict (`random.random()`): a guess,
    /// checked against the entry's key at each use.
    module_position: Cell<usize>,
    /// The table of the builtin type of the last receiver that was not an instance of
    /// a class, with its method of this name (`items.append(x)`: list's `append`), or
    /// `None` when that type's objects are called another way. A builtin type's
    /// methods never change, so this needs no version.
    builtin: Cell<Option<(&'static PyType, Option<MethodFn>)>>,
    /// For an instance of a class deriving from list or dict whose class and bases
    /// have no attribute of this name: that class, with the builtin method its objects
    /// get (`self.items.append(x)` on a `class Stack(list)`), while
    /// `subclass_version` is the namespace version.
    subclass: Cell<Option<(NonNull<Header>, MethodFn)>>,
    subclass_version: Cell<u64>,
}

/// One class a [`MethodSite`] remembers.
struct MethodEntry {
    class: Cell<Option<NonNull<Header>>>,
    function: Cell<Option<NonNull<Header>>>,
    /// Whether an instance of the class may have an attribute of the method's name
    /// (see [`instances_may_have`]; the answer holds for the same version too).
    shadowable: Cell<bool>,
    /// Whether the receiver is the class itself (`A.f(...)`: `function` is the
    /// function, class method or static method found on it), not an instance of it.
    on_class: Cell<bool>,
}

impl MethodSite {
    /// How many classes a site remembers.
    const WAYS: usize = 4;

    /// A site that remembers nothing yet.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> MethodSite {
        MethodSite {
            version: Cell::new(0),
            entries: [const {
                MethodEntry {
                    class: Cell::new(None),
                    function: Cell::new(None),
                    shadowable: Cell::new(true),
                    on_class: Cell::new(false),
                }
            }; MethodSite::WAYS],
            next: Cell::new(0),
            module_position: Cell::new(0),
            builtin: Cell::new(None),
            subclass: Cell::new(None),
            subclass_version: Cell::new(0),
        }
    }

    /// The function remembered for `class` (`None`: the class has no function of the
    /// name), and whether an instance may shadow it, if the memory is still valid.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn lookup(&self, class: &Obj) -> Option<(Option<Obj>, bool)> {
        self.lookup_as(class, false)
    }

    /// [`MethodSite::lookup`] for a receiver that is the class itself (`on_class`) or an
    /// instance of it.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn lookup_as(&self, class: &Obj, on_class: bool) -> Option<(Option<Obj>, bool)> {
        if self.version.get() != namespace_version() {
            return None;
        }
        let class = Some(class.header_ptr());
        let entry = self
            .entries
            .iter()
            .find(|entry| entry.class.get() == class && entry.on_class.get() == on_class)?;
        // Alive: see the type's docs (same version, so the same namespace entry).
        let function = entry.function.get().map(Obj::from_header);
        Some((function, entry.shadowable.get()))
    }

    fn remember(&self, class: &Obj, function: Option<&Obj>, shadowable: bool) {
        self.remember_as(class, function, shadowable, false);
    }

    fn remember_as(&self, class: &Obj, function: Option<&Obj>, shadowable: bool, on_class: bool) {
        let slot = next_entry(&self.version, &self.next, MethodSite::WAYS, || {
            for entry in &self.entries {
                entry.class.set(None);
            }
        });
        let entry = &self.entries[slot];
        entry.class.set(Some(class.header_ptr()));
        entry.function.set(function.map(Obj::header_ptr));
        entry.shadowable.set(shadowable);
        entry.on_class.set(on_class);
    }
}

/// `obj.name(*positional, **keywords)` in generated code: for an instance that does
/// not shadow `name` with an attribute of its own, when its class (or a base) holds a
/// plain function `name`, that function found through `site`, called with `obj` first;
/// anything else as `obj.name(...)` is.
#[inline]
pub fn call_method_at(
    obj: &Obj,
    name: &'static str,
    positional: &[Obj],
    keywords: &[(&str, Obj)],
    site: &'static std::thread::LocalKey<MethodSite>,
) -> PyResult<Obj> {
    let args = Args::new(positional, keywords);
    if let Some(func) = plain_method(obj, name, site)
        && let Some(function) = func.downcast_ref::<PyFunction>()
    {
        return call_function_with_first(function, &func, obj, &args);
    }
    obj.call_method_with(name, &args)
}

/// [`call_method_at`] with the receiver first among the positional arguments
/// (`with_self[0]`), all owned by the call: a compiled function found for the
/// method takes them as its parameters (no second array, no count change per argument);
/// any other callee borrows them, and they are dropped after the call.
#[inline]
pub fn call_method_self_owned<const N: usize>(
    name: &'static str,
    with_self: [Obj; N],
    keywords: &[(&str, Obj)],
    site: &'static std::thread::LocalKey<MethodSite>,
) -> PyResult<Obj> {
    let owned = super::args::OwnedArgs::new(with_self);
    let [obj, rest @ ..] = owned.items() else {
        return Err(PyErr::system_error("a method call without its receiver"));
    };
    if let Some(func) = plain_method(obj, name, site)
        && let Some(function) = func.downcast_ref::<PyFunction>()
    {
        return (function.code())(&func, &owned.args(keywords));
    }
    if let Some(method) = builtin_method(obj, name, site) {
        return method(obj, &Args::new(rest, keywords));
    }
    call_method_self_other(
        obj,
        name,
        &owned.args(keywords),
        &owned.args_after_first(keywords),
        site,
    )
}

/// [`call_method_self_owned`] past the plain method: `with_self` is the call's
/// arguments, receiver first, and `rest` the same without the receiver, for a callee
/// that gets them so (either may be handed to one callee).
#[inline(never)]
fn call_method_self_other(
    obj: &Obj,
    name: &'static str,
    with_self: &Args<'_>,
    rest: &Args<'_>,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> PyResult<Obj> {
    if obj.is_exact::<PyClass>()
        && let Some(result) = call_on_class(obj, name, with_self, rest, site)
    {
        return result;
    }
    if let Some(method) = subclass_method(obj, name, site) {
        return method(obj, &Args::new(rest.positional(), rest.keywords()));
    }
    // `super().name(...)`: the function found after the class, called with the
    // instance first (no bound method).
    if let Some(result) = super::superobject::call_method(obj, name, rest) {
        return result;
    }
    if let Some(func) = module_function(obj, name, site) {
        // What `module.name` gives, called: no bound method is involved.
        return func.call_with(rest);
    }
    obj.call_method_with(name, &Args::new(rest.positional(), rest.keywords()))
}

/// The value of `module.name` for a module object whose dict holds `name` as an exact
/// str key, looked for first where `site` found it last.
fn module_function(
    obj: &Obj,
    name: &'static str,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> Option<Obj> {
    let module = obj.downcast_ref::<super::PyModule>()?;
    if name == "__dict__" {
        return None;
    }
    let dict = module.dict().downcast_ref::<super::PyDict>()?;
    let guess = site
        .try_with(|site| site.module_position.get())
        .unwrap_or(0);
    let (value, position) = dict.get_str_at(name, guess)?;
    let _ = site.try_with(|site| site.module_position.set(position));
    Some(value)
}

/// `A.name(...)` for a class `A` (the receiver of `with_self`, whose arguments without
/// it are `rest`) whose namespace or bases hold a function, a class method or a static
/// method `name`, found through `site`: called without a bound method (a class method
/// gets `A` first, as it is already), as `type.__getattribute__` then the call would;
/// `None` for anything else (nothing is called).
#[inline(never)]
fn call_on_class(
    cls: &Obj,
    name: &'static str,
    with_self: &Args<'_>,
    rest: &Args<'_>,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> Option<PyResult<Obj>> {
    let found = match site
        .try_with(|site| site.lookup_as(cls, true))
        .ok()
        .flatten()
    {
        Some((Some(found), _)) => found,
        Some((None, _)) => return None,
        None => {
            let found = class_lookup(cls, name)?;
            let kind = found.is_exact::<PyFunction>()
                || found.is_exact::<super::PyClassMethod>()
                || found.is_exact::<super::PyStaticMethod>();
            if !kind {
                return None;
            }
            let _ = site.try_with(|site| site.remember_as(cls, Some(&found), false, true));
            found
        }
    };
    if let Some(function) = found.downcast_ref::<PyFunction>() {
        return Some((function.code())(&found, rest));
    }
    if let Some(method) = found.downcast_ref::<super::PyClassMethod>() {
        let func = method.function();
        return Some(match func.downcast_ref::<PyFunction>() {
            Some(function) => (function.code())(func, with_self),
            None => func.call_with(with_self),
        });
    }
    let method = found.downcast_ref::<super::PyStaticMethod>()?;
    Some(method.function().call_with(rest))
}

/// The method `obj.name(...)` calls when `obj` is an object of a builtin type (a list,
/// a dict, a str...) whose table has a method `name`, found through `site`: what
/// [`Obj::call_method_with`] would call. `None` for an instance of a class, a class or
/// a module (their attributes come first), and when the type has no such method.
#[cfg_attr(not(debug_assertions), inline(always))]
fn builtin_method(
    obj: &Obj,
    name: &'static str,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> Option<MethodFn> {
    let table = super::any_python_type(obj.as_any())?;
    if table.heap_type || table.class_of.is_some() {
        return None;
    }
    match site.try_with(|site| site.builtin.get()) {
        Ok(Some((remembered, method))) if std::ptr::eq(remembered, table) => method,
        _ => builtin_method_to_remember(table, name, site),
    }
}

/// [`builtin_method`] when `site` does not remember `table`: the type's method
/// `name`, remembered. Never for a class or a module (`type` and `module` tables),
/// whose attributes come before their type's methods.
#[inline(never)]
fn builtin_method_to_remember(
    table: &'static PyType,
    name: &'static str,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> Option<MethodFn> {
    let attributes_first = std::ptr::eq(table, &super::types::TYPE_TYPE)
        || std::ptr::eq(table, &super::module::MODULE_TYPE);
    let method = match attributes_first {
        true => None,
        false => table.method(name).map(|method| method.call),
    };
    let _ = site.try_with(|site| site.builtin.set(Some((table, method))));
    method
}

/// The builtin method `obj.name(...)` calls when `obj` is an instance of a class
/// deriving from list or dict, and neither the instance, nor its class, nor a base
/// class has an attribute `name` (so the method comes from the builtin type, as
/// [`Obj::call_method_with`] would find it), through `site`.
fn subclass_method(
    obj: &Obj,
    name: &'static str,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> Option<MethodFn> {
    let data = match obj.downcast_ref::<super::PyListInstance>() {
        Some(instance) => instance.data(),
        None => obj.downcast_ref::<super::PyDictInstance>()?.data(),
    };
    if data.attrs.contains(name) {
        return None;
    }
    let class = data.class.header_ptr();
    let version = namespace_version();
    let remembered = site
        .try_with(|site| match site.subclass.get() {
            Some((known, method)) if known == class && site.subclass_version.get() == version => {
                Some(method)
            }
            _ => None,
        })
        .ok()
        .flatten();
    if remembered.is_some() {
        return remembered;
    }
    if class_lookup(&data.class, name).is_some() {
        return None;
    }
    let method = obj.py_type().method(name)?.call;
    let _ = site.try_with(|site| {
        site.subclass.set(Some((class, method)));
        site.subclass_version.set(version);
    });
    Some(method)
}

/// The function `obj.name(...)` calls when `obj` is an instance whose class (or a
/// base) holds a plain function `name`, and the instance has no attribute of that name:
/// found through `site`.
#[cfg_attr(not(debug_assertions), inline(always))]
fn plain_method(
    obj: &Obj,
    name: &'static str,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> Option<Obj> {
    // Other descriptors of the class do not matter: the site remembers only a plain
    // function found for `name` (a non-data descriptor, which only the instance's own
    // attribute overrides, checked below), and `__getattr__` is consulted only when
    // nothing is found.
    let Some(instance) = obj.downcast_ref::<PyInstance>() else {
        return slotted_method(obj, name, site);
    };
    instance_method(instance.data(), name, site)
}

/// [`plain_method`] for an instance with a class and attributes (`data`).
#[cfg_attr(not(debug_assertions), inline(always))]
fn instance_method(
    data: &super::InstanceData,
    name: &'static str,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> Option<Obj> {
    let cached = site
        .try_with(|site| site.lookup(&data.class))
        .ok()
        .flatten();
    let (func, shadowable) = match cached {
        Some((func, shadowable)) => (func, shadowable),
        None => method_to_remember(&data.class, name, site),
    };
    // The instance's own attribute of that name would win over the class's.
    if shadowable && data.attrs.contains(name) {
        return None;
    }
    func
}

/// [`plain_method`] for an object that is not a plain instance: as for one for an
/// instance of a class deriving from list or dict (its class's functions come before
/// the builtin type's methods); the function of a slotted instance's class (which no
/// attribute of the instance can shadow: a member of that name would be found on the
/// class first).
#[inline(never)]
fn slotted_method(
    obj: &Obj,
    name: &'static str,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> Option<Obj> {
    if let Some(instance) = obj.downcast_ref::<super::PyListInstance>() {
        return instance_method(instance.data(), name, site);
    }
    if let Some(instance) = obj.downcast_ref::<super::PyDictInstance>() {
        return instance_method(instance.data(), name, site);
    }
    let class = super::slotted::as_slotted(obj)?.class();
    let cached = site.try_with(|site| site.lookup(class)).ok().flatten();
    match cached {
        Some((func, _)) => func,
        None => method_to_remember(class, name, site).0,
    }
}

/// The class's function `name` for a [`MethodSite`] to remember (and whether
/// instances may shadow it): found through the class and its bases. What is there
/// instead of a function, or that nothing is, is remembered as no function (such a
/// call takes the general path, without this search each time).
#[inline(never)]
fn method_to_remember(
    class: &Obj,
    name: &str,
    site: &'static std::thread::LocalKey<MethodSite>,
) -> (Option<Obj>, bool) {
    let shadowable = instances_may_have(class, name);
    let func = class_lookup(class, name).filter(|func| func.is_exact::<PyFunction>());
    let _ = site.try_with(|site| site.remember(class, func.as_ref(), shadowable));
    (func, shadowable)
}

/// Calls an attribute found on a class for `obj`: a function gets `obj` first (it binds);
/// a descriptor is read through `obj` first (a `staticmethod` unwraps, a `classmethod`
/// binds to the class); any other callable is called as it is.
fn call_attribute(func: &Obj, obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    match func.downcast_ref::<PyFunction>() {
        Some(function) => call_function_with_first(function, func, obj, args),
        None => call_descriptor(func, obj, args),
    }
}

/// [`call_attribute`] for an attribute that is not a function.
#[inline(never)]
fn call_descriptor(attr: &Obj, obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    if !super::descriptor::has_descr_get(attr) {
        return attr.call_with(args);
    }
    let owner = match super::instance::instance_class(obj) {
        Some(class) => class.clone(),
        None => obj.py_type().to_object(),
    };
    super::descriptor::descr_get(attr.clone(), Some(obj), &owner)?.call_with(args)
}

/// Calls `function` (the value of the function object `func`) with `first` prepended to
/// the arguments: [`call_with_first`] for a function already downcast.
#[inline]
pub(crate) fn call_function_with_first(
    function: &PyFunction,
    func: &Obj,
    first: &Obj,
    args: &Args<'_>,
) -> PyResult<Obj> {
    call_code_with_first(function.code(), func, first, args)
}

/// Calls `code` (the code of the function object `func`) with `first` prepended to the
/// arguments.
#[inline]
fn call_code_with_first(
    code: FunctionCode,
    func: &Obj,
    first: &Obj,
    args: &Args<'_>,
) -> PyResult<Obj> {
    match args.positional() {
        [] => code(
            func,
            &Args::new(std::slice::from_ref(first), args.keywords()),
        ),
        _ => call_code_with_first_and_more(code, func, first, args),
    }
}

/// [`call_code_with_first`] when the call has positional arguments (its caller handles
/// the call without any).
#[inline(never)]
fn call_code_with_first_and_more(
    code: FunctionCode,
    func: &Obj,
    first: &Obj,
    args: &Args<'_>,
) -> PyResult<Obj> {
    let keywords = args.keywords();
    match args.positional() {
        [a] => code(func, &Args::new(&[first.clone(), a.clone()], keywords)),
        [a, b] => code(
            func,
            &Args::new(&[first.clone(), a.clone(), b.clone()], keywords),
        ),
        _ => call_with_first(func, first, args),
    }
}

/// The special method `name` of `obj`'s class (looked up on the class, not the
/// instance, as CPython does for dunders).
fn special(obj: &Obj, name: &str) -> Option<Obj> {
    match super::instance::instance_class(obj) {
        Some(class) => class_lookup(class, name),
        None => {
            let ty = obj.py_type();
            if ty.heap_type {
                class_lookup(&ty.to_object(), name)
            } else {
                None
            }
        }
    }
}

/// Calls the special method `name` of `obj` with `args`, if the class has one.
fn call_special(obj: &Obj, name: &str, args: &[Obj]) -> Option<PyResult<Obj>> {
    let func = special(obj, name)?;
    Some(call_attribute(&func, obj, &Args::positional_only(args)))
}

/// The text a `__repr__`/`__str__` returned, or `TypeError: __repr__ returned
/// non-string (type int)`.
fn text_result(result: Obj, name: &str) -> PyResult<String> {
    match result.as_str() {
        Some(text) => Ok(text.to_owned()),
        None => Err(PyErr::type_error(format!(
            "{name} returned non-string (type {})",
            result.type_name()
        ))),
    }
}

/// `repr(obj)`: `__repr__`, else `<__main__.A object at 0x...>` (or the builtin base's
/// repr: `MyError('x')`).
fn slot_repr(obj: &Obj) -> PyResult<String> {
    if let Some(result) = call_special(obj, "__repr__", &[]) {
        return text_result(result?, "__repr__");
    }
    let builtin = builtin_base(obj.py_type());
    if std::ptr::eq(builtin, &OBJECT_TYPE) {
        return object_repr(obj);
    }
    builtin.lookup(|ty| ty.repr).unwrap_or(object_repr)(obj)
}

fn slot_str(obj: &Obj) -> PyResult<String> {
    if let Some(result) = call_special(obj, "__str__", &[]) {
        return text_result(result?, "__str__");
    }
    match builtin_base(obj.py_type()).lookup(|ty| ty.str) {
        Some(str) => str(obj),
        None => obj.repr(),
    }
}

fn unhashable(obj: &Obj) -> PyErr {
    PyErr::type_error(format!("unhashable type: '{}'", obj.type_name()))
}

fn slot_hash(obj: &Obj) -> PyResult<i64> {
    match special(obj, "__hash__") {
        Some(hash) if hash.is_none() => Err(unhashable(obj)),
        Some(hash) => {
            let result = call_attribute(&hash, obj, &Args::new(&[], &[]))?;
            if super::int::int_value(&result).is_none() {
                return Err(PyErr::type_error(
                    "__hash__ method should return an integer",
                ));
            }
            result.hash()
        }
        None => match builtin_base(obj.py_type()).lookup(|ty| ty.hash) {
            Some(HashSlot::Value(hash)) => hash(obj),
            Some(HashSlot::Unhashable) => Err(unhashable(obj)),
            Some(HashSlot::Identity) | None => Ok(hash_pointer(obj.id())),
        },
    }
}

fn slot_richcompare(a: &Obj, b: &Obj, op: CompareOp) -> PyResult<Obj> {
    let name = match op {
        CompareOp::Lt => "__lt__",
        CompareOp::Le => "__le__",
        CompareOp::Eq => "__eq__",
        CompareOp::Ne => "__ne__",
        CompareOp::Gt => "__gt__",
        CompareOp::Ge => "__ge__",
    };
    if let Some(result) = call_special(a, name, std::slice::from_ref(b)) {
        return result;
    }
    // `object.__ne__` inverts `__eq__` (through this slot).
    match builtin_base(a.py_type()).lookup(|ty| ty.richcompare) {
        Some(compare) => compare(a, b, op),
        None => Ok(Obj::not_implemented()),
    }
}

fn slot_bool(obj: &Obj) -> PyResult<bool> {
    if let Some(result) = call_special(obj, "__bool__", &[]) {
        let result = result?;
        return match result.downcast_ref::<PyBool>() {
            Some(value) => Ok(value.value()),
            None => Err(PyErr::type_error(format!(
                "__bool__ should return bool, returned {}",
                result.type_name()
            ))),
        };
    }
    match obj.py_type().lookup(|ty| ty.len) {
        Some(len) => Ok(len(obj)? != 0),
        None => Ok(true),
    }
}

fn slot_len(obj: &Obj) -> PyResult<usize> {
    let Some(result) = call_special(obj, "__len__", &[]) else {
        return Err(PyErr::type_error(format!(
            "object of type '{}' has no len()",
            obj.type_name()
        )));
    };
    let result = result?;
    let value = super::int::index_value(&result)?;
    match value.to_primitive::<isize>() {
        None => Err(PyErr::overflow_error(format!(
            "cannot fit '{}' into an index-sized integer",
            result.type_name()
        ))),
        Some(n) => {
            usize::try_from(n).map_err(|_| PyErr::value_error("__len__() should return >= 0"))
        }
    }
}

fn slot_getitem(obj: &Obj, key: &Obj) -> PyResult<Obj> {
    call_special(obj, "__getitem__", std::slice::from_ref(key)).unwrap_or_else(|| {
        Err(PyErr::type_error(format!(
            "'{}' object is not subscriptable",
            obj.type_name()
        )))
    })
}

fn slot_setitem(obj: &Obj, key: &Obj, value: Option<&Obj>) -> PyResult<()> {
    let result = match value {
        Some(value) => call_special(obj, "__setitem__", &[key.clone(), value.clone()])
            .unwrap_or_else(|| {
                Err(PyErr::type_error(format!(
                    "'{}' object does not support item assignment",
                    obj.type_name()
                )))
            }),
        None => call_special(obj, "__delitem__", std::slice::from_ref(key)).unwrap_or_else(|| {
            Err(PyErr::type_error(format!(
                "'{}' object doesn't support item deletion",
                obj.type_name()
            )))
        }),
    };
    result.map(drop)
}

fn slot_contains(obj: &Obj, item: &Obj) -> PyResult<bool> {
    if let Some(result) = call_special(obj, "__contains__", std::slice::from_ref(item)) {
        return result?.is_truthy();
    }
    if special(obj, "__iter__").is_none() {
        return Err(PyErr::type_error(format!(
            "argument of type '{}' is not iterable",
            obj.type_name()
        )));
    }
    for element in obj.try_iter()? {
        if element?.eq_item(item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn slot_iter(obj: &Obj) -> PyResult<Obj> {
    let Some(result) = call_special(obj, "__iter__", &[]) else {
        return Err(PyErr::type_error(format!(
            "'{}' object is not iterable",
            obj.type_name()
        )));
    };
    let iterator = result?;
    if iterator.py_type().lookup(|ty| ty.next).is_none() {
        return Err(PyErr::type_error(format!(
            "iter() returned non-iterator of type '{}'",
            iterator.type_name()
        )));
    }
    Ok(iterator)
}

fn slot_next(obj: &Obj) -> PyResult<Option<Obj>> {
    match call_special(obj, "__next__", &[]) {
        Some(Ok(item)) => Ok(Some(item)),
        Some(Err(error)) if error.is_instance(&STOP_ITERATION) => Ok(None),
        Some(Err(error)) => Err(error),
        None => Err(PyErr::type_error(format!(
            "'{}' object is not an iterator",
            obj.type_name()
        ))),
    }
}

fn slot_call(obj: &Obj, args: &Args<'_>) -> PyResult<Obj> {
    match special(obj, "__call__") {
        Some(call) => call_attribute(&call, obj, args),
        None => Err(PyErr::type_error(format!(
            "'{}' object is not callable",
            obj.type_name()
        ))),
    }
}

/// CPython's `SLOT1BINFULL`: `v op w` for a class's operands. Called once per operation
/// (the protocol does not call it again for `w`'s side): `v.__op__(w)`, then
/// `w.__rop__(v)` if `w`'s class is another class; `w.__rop__(v)` first if `w`'s class
/// derives from `v`'s.
fn binary_dunder(v: &Obj, w: &Obj, name: &str, rname: &str) -> PyResult<Obj> {
    let (tv, tw) = (v.py_type(), w.py_type());
    let mut do_other = tw.heap_type && !std::ptr::eq(tv, tw);
    if tv.heap_type {
        if do_other
            && tw.is_subtype(tv)
            && let Some(result) = call_special(w, rname, std::slice::from_ref(v))
        {
            let result = result?;
            if !result.is_not_implemented() {
                return Ok(result);
            }
            do_other = false;
        }
        if let Some(result) = call_special(v, name, std::slice::from_ref(w)) {
            let result = result?;
            if !result.is_not_implemented() || !do_other {
                return Ok(result);
            }
        }
    }
    if do_other && let Some(result) = call_special(w, rname, std::slice::from_ref(v)) {
        return result;
    }
    Ok(Obj::not_implemented())
}

macro_rules! binary_slots {
    ($($slot:ident = $name:literal, $rname:literal;)*) => {
        $(
            fn $slot(v: &Obj, w: &Obj) -> PyResult<Obj> {
                binary_dunder(v, w, $name, $rname)
            }
        )*
    };
}

binary_slots! {
    slot_add = "__add__", "__radd__";
    slot_sub = "__sub__", "__rsub__";
    slot_mul = "__mul__", "__rmul__";
    slot_truediv = "__truediv__", "__rtruediv__";
    slot_floordiv = "__floordiv__", "__rfloordiv__";
    slot_mod = "__mod__", "__rmod__";
    slot_divmod = "__divmod__", "__rdivmod__";
    slot_pow = "__pow__", "__rpow__";
    slot_lshift = "__lshift__", "__rlshift__";
    slot_rshift = "__rshift__", "__rrshift__";
    slot_and = "__and__", "__rand__";
    slot_or = "__or__", "__ror__";
    slot_xor = "__xor__", "__rxor__";
}

fn unary_dunder(obj: &Obj, name: &str, what: &str) -> PyResult<Obj> {
    call_special(obj, name, &[]).unwrap_or_else(|| {
        Err(PyErr::type_error(format!(
            "bad operand type for {what}: '{}'",
            obj.type_name()
        )))
    })
}

fn slot_neg(obj: &Obj) -> PyResult<Obj> {
    unary_dunder(obj, "__neg__", "unary -")
}

fn slot_pos(obj: &Obj) -> PyResult<Obj> {
    unary_dunder(obj, "__pos__", "unary +")
}

fn slot_invert(obj: &Obj) -> PyResult<Obj> {
    unary_dunder(obj, "__invert__", "unary ~")
}

fn slot_abs(obj: &Obj) -> PyResult<Obj> {
    unary_dunder(obj, "__abs__", "abs()")
}

/// The number dunders, by slot (a slot is filled if any of its names is defined).
static NUMBER_DUNDERS: [&[&str]; 17] = [
    &["__add__", "__radd__"],
    &["__sub__", "__rsub__"],
    &["__mul__", "__rmul__"],
    &["__truediv__", "__rtruediv__"],
    &["__floordiv__", "__rfloordiv__"],
    &["__mod__", "__rmod__"],
    &["__divmod__", "__rdivmod__"],
    &["__pow__", "__rpow__"],
    &["__lshift__", "__rlshift__"],
    &["__rshift__", "__rrshift__"],
    &["__and__", "__rand__"],
    &["__or__", "__ror__"],
    &["__xor__", "__rxor__"],
    &["__neg__"],
    &["__pos__"],
    &["__invert__"],
    &["__abs__"],
];

/// The number slots of a class that defines the dunders `defines` accepts.
fn number_methods(defines: &impl Fn(&[&str]) -> bool) -> NumberMethods {
    let binary = |index: usize, slot: BinaryFn| defines(NUMBER_DUNDERS[index]).then_some(slot);
    let unary = |index: usize, slot: UnaryFn| defines(NUMBER_DUNDERS[index]).then_some(slot);
    NumberMethods {
        add: binary(0, slot_add),
        sub: binary(1, slot_sub),
        mul: binary(2, slot_mul),
        truediv: binary(3, slot_truediv),
        floordiv: binary(4, slot_floordiv),
        rem: binary(5, slot_mod),
        divmod: binary(6, slot_divmod),
        pow: binary(7, slot_pow),
        lshift: binary(8, slot_lshift),
        rshift: binary(9, slot_rshift),
        and: binary(10, slot_and),
        or: binary(11, slot_or),
        xor: binary(12, slot_xor),
        neg: unary(13, slot_neg),
        pos: unary(14, slot_pos),
        invert: unary(15, slot_invert),
        abs: unary(16, slot_abs),
        ..NumberMethods::NONE
    }
}
