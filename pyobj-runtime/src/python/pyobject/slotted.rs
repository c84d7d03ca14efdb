//! Instances that hold only their `__slots__` values.
//!
//! When a class and every class base declare `__slots__` without `"__dict__"` (and the
//! class derives from none of `list`, `dict` or an exception type), its instances can
//! have no attribute but the members the slots name. They are then one heap object
//! holding the class, the class's [`SlotLayout`] and one value per member, in member
//! order (the base's members first, as CPython lays out `__slots__`): no attribute
//! table, no names. A member descriptor knows its index among them.
//!
//! The object is `[header 16 | class 8 | layout 8 | values 8 × n]`: 32 + 8 × n bytes,
//! what CPython 3.11's `sys.getsizeof` reports for the same class (its 16-byte object
//! header and 16-byte collector header, then one pointer per slot). With `"__weakref__"`
//! in the slots CPython adds a pointer; here weak references live in the heap's table,
//! so the instance stays 8 bytes smaller.
//!
//! The slot count is a const parameter: one Rust type (and one type table, whose
//! `class_of` reads the class's table from the layout) per count up to
//! [`MAX_SLOTS`]; every one of them is seen as [`Slotted`] (the values as a slice):
//! the tables are one array, and a table's place in it names the Rust type to
//! downcast to. A class with more members keeps the general instance layout (the
//! members' values among the attributes, see the instance module).
//!
//! Reading a member from compiled code costs more than reading an attribute of a
//! general instance (the downcast goes through the table's place, and the path is a
//! call rather than inline): about a quarter more instructions on a loop that does
//! little else.

use super::Obj;
use super::cell::PyCell;
use super::instance::{AttrSite, same_text};
use super::typeobject::{OBJECT_TYPE, PyType};
use crate::exceptions::{PyErr, PyResult};
use crate::finalizer::Finalize;
use crate::refcount::Gc;
use crate::trace::{Trace, Tracer};

/// The most members an instance of the slotted layout holds.
pub(crate) const MAX_SLOTS: usize = 16;

/// What the instances of one slotted class share: the class's table and the members'
/// names, by index. Made once per class and leaked, as the class's table is.
///
/// Aligned so that an address leaves room for a member index in its low bits (an
/// [`AttrSite`] remembers both in one word).
#[repr(align(32))]
pub(crate) struct SlotLayout {
    /// The class's table (`type(obj)`).
    pub(crate) table: &'static PyType,
    /// The members, the base's first.
    names: Box<[Box<str>]>,
}

/// Every layout ever made, in any thread: leaked, never freed (as the class tables
/// are), kept reachable here.
static LAYOUTS: std::sync::Mutex<Vec<&'static SlotLayout>> = std::sync::Mutex::new(Vec::new());

impl SlotLayout {
    /// A leaked layout for the class whose table is `table`, with the members `names`
    /// (kept reachable in [`LAYOUTS`]).
    pub(crate) fn leak(table: &'static PyType, names: Vec<Box<str>>) -> &'static SlotLayout {
        let layout: &'static SlotLayout = Box::leak(Box::new(SlotLayout {
            table,
            names: names.into_boxed_slice(),
        }));
        LAYOUTS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(layout);
        layout
    }

    /// How many members the instances hold.
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    /// The index of the member `name`, if the instances have one.
    #[inline]
    fn find(&self, name: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|member| same_text(member.as_bytes(), name.as_bytes()))
    }

    /// The index of member `name` in this layout, remembered by `site` with the
    /// layout's address when it saw this layout last (a layout lives for ever, and a
    /// site names one attribute, so the index still holds); found and remembered
    /// otherwise.
    #[cfg_attr(not(debug_assertions), inline(always))]
    fn find_at_site(&'static self, name: &str, site: &AttrSite) -> Option<usize> {
        let address = std::ptr::from_ref(self).addr();
        let tagged = site.slotted_guess();
        if tagged & !SlotLayout::INDEX_BITS == address {
            return Some(tagged & SlotLayout::INDEX_BITS);
        }
        self.find_and_remember(name, site)
    }

    /// [`SlotLayout::find_at_site`] when the site remembers another layout.
    #[inline(never)]
    fn find_and_remember(&'static self, name: &str, site: &AttrSite) -> Option<usize> {
        let index = self.find(name)?;
        if index <= SlotLayout::INDEX_BITS {
            site.remember_slotted(std::ptr::from_ref(self).addr() | index);
        }
        Some(index)
    }

    /// The low bits of a layout's address an [`AttrSite`] uses for a member index.
    const INDEX_BITS: usize = align_of::<SlotLayout>() - 1;
}

const _: () = assert!(SlotLayout::INDEX_BITS >= MAX_SLOTS - 1);

/// An instance of a slotted class: `V` is `[PyCell; N]` for the heap object and
/// `[PyCell]` ([`Slotted`]) for the view of any slot count. An empty cell is an unset
/// member.
#[repr(C)]
pub(crate) struct PySlotted<V: ?Sized> {
    class: Obj,
    layout: &'static SlotLayout,
    values: V,
}

/// A slotted instance of any slot count.
pub(crate) type Slotted = PySlotted<[PyCell]>;

impl Slotted {
    /// The class object.
    pub(crate) fn class(&self) -> &Obj {
        &self.class
    }

    /// The class's table.
    pub(crate) fn table(&self) -> &'static PyType {
        self.layout.table
    }

    /// The value cell of member `index`, if there is one.
    pub(crate) fn cell(&self, index: usize) -> Option<&PyCell> {
        self.values.get(index)
    }

    /// The members that are set, as names and values, in member order.
    fn items(&self) -> Vec<(&str, Obj)> {
        self.layout
            .names
            .iter()
            .zip(&self.values)
            .filter_map(|(name, cell)| Some((&**name, cell.get()?)))
            .collect()
    }
}

/// The members of `obj` that are set, names and values in member order, if `obj` is a
/// slotted instance (`copy` takes them as the state).
pub(crate) fn slotted_items(obj: &Obj) -> Option<Vec<(&str, Obj)>> {
    as_slotted(obj).map(Slotted::items)
}

/// `obj` as a slotted instance, if it is one.
#[inline(never)]
pub(crate) fn as_slotted(obj: &Obj) -> Option<&Slotted> {
    view(obj)
}

/// [`as_slotted`], inlined (for the paths of compiled code): one comparison of the
/// object's table with [`sized::TABLES`], whose place there is the slot count, then the
/// object viewed as a [`Slotted`] of that count (no downcast per count).
#[cfg_attr(not(debug_assertions), inline(always))]
fn view(obj: &Obj) -> Option<&Slotted> {
    let table = super::any_python_type(obj.as_any())?;
    let offset = std::ptr::from_ref(table)
        .addr()
        .wrapping_sub(sized::TABLES.as_ptr().addr());
    if offset >= size_of_val(&sized::TABLES) {
        return None;
    }
    let count = offset / size_of::<PyType>();
    let header = obj.as_any().header();
    // `TABLES[count]` is the Python type of `PySlotted<[PyCell; count]>` alone (each
    // `Trace` impl of `sizes!` names its own entry; no other type names an entry of that
    // static), so the object's value is a `PySlotted<[PyCell; count]>`, at the vtable's
    // `value_offset` from the header.
    // SAFETY: the handle keeps the object (header and vtable) live while borrowed.
    let offset_of_value = unsafe { header.as_ref() }.vtable().value_offset;
    // SAFETY: the value lies `value_offset` bytes into the object's block.
    let value = unsafe { header.cast::<u8>().add(offset_of_value) }.cast::<PyCell>();
    let slotted = std::ptr::slice_from_raw_parts(value.as_ptr(), count) as *const Slotted;
    // SAFETY: a pointer to a `PySlotted<[PyCell; count]>` with `count` as the slice
    // length is a `*const Slotted` to the same value: `PySlotted` is `repr(C)`, so the
    // sized and the unsized struct lay their fields out alike (what the coercion
    // `&PySlotted<[PyCell; N]>` to `&Slotted` does). It is live while `obj` is
    // borrowed, and values are only ever shared (`&`).
    Some(unsafe { &*slotted })
}

/// A new instance of `class` (a class object with the layout `layout`), every member
/// unset, with a finalizer calling `__del__` if `finalizer`; `None` when the layout
/// has more than [`MAX_SLOTS`] members.
pub(crate) fn new_object(class: Obj, layout: &'static SlotLayout, finalizer: bool) -> Option<Obj> {
    sized::new_object(class, layout, finalizer)
}

/// A heap object of `N` members.
fn make<const N: usize>(class: Obj, layout: &'static SlotLayout, finalizer: bool) -> Obj
where
    PySlotted<[PyCell; N]>: Trace,
{
    let value = PySlotted {
        class,
        layout,
        values: [const { PyCell::empty() }; N],
    };
    if finalizer {
        Obj::from(Gc::with_finalizer(value))
    } else {
        Obj::new(value)
    }
}

/// The table of the Rust type of `N` members: `type(obj)` is the class's table.
const fn slotted_type<const N: usize>() -> PyType
where
    PySlotted<[PyCell; N]>: Trace,
{
    PyType {
        name: "object",
        class_of: Some(|obj| {
            obj.downcast_ref::<PySlotted<[PyCell; N]>>()
                .map_or(&OBJECT_TYPE, |instance| instance.layout.table)
        }),
        weakrefable: true,
        ..PyType::BLANK
    }
}

/// The Rust types of each slot count, their tables and the constructor choosing one.
macro_rules! sizes {
    ($($n:literal)*) => {
        mod sized {
            use super::*;

            /// The tables, by slot count.
            pub(super) static TABLES: [PyType; MAX_SLOTS + 1] = [$(slotted_type::<$n>()),*];

            $(
                impl Trace for PySlotted<[PyCell; $n]> {
                    const TRACKED: bool = true;
                    const PYTHON_TYPE: Option<&'static PyType> = Some(&TABLES[$n]);
                    fn trace(&self, tracer: &mut Tracer<'_>) {
                        trace_values(&self.class, &self.values, tracer);
                    }
                    fn drop_handles(&self) {
                        drop_values(&self.values);
                    }
                }
            )*

            /// [`new_object`](super::new_object).
            pub(super) fn new_object(
                class: Obj,
                layout: &'static SlotLayout,
                finalizer: bool,
            ) -> Option<Obj> {
                Some(match layout.len() {
                    $($n => make::<$n>(class, layout, finalizer),)*
                    _ => return None,
                })
            }
        }
    };
}

sizes!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Traces the class and the values.
fn trace_values(class: &Obj, values: &[PyCell], tracer: &mut Tracer<'_>) {
    class.trace(tracer);
    for value in values {
        value.trace(tracer);
    }
}

/// Empties every member (the collector breaking a cycle); each value is dropped after
/// its cell is empty.
fn drop_values(values: &[PyCell]) {
    for value in values {
        let old = value.take();
        drop(old);
    }
}

impl<const N: usize> Finalize for PySlotted<[PyCell; N]>
where
    PySlotted<[PyCell; N]>: Trace,
{
    /// Calls `__del__`; an exception it raises is reported, not propagated.
    fn finalize(this: &Gc<Self>) {
        let obj = Obj::from(this.clone());
        super::instance::call_del(&obj, &this.class);
    }
}

/// Whether the class's table lets a member name be read or stored at its index without
/// a class lookup: no data descriptor other than unshadowed members, no hook.
#[cfg_attr(not(debug_assertions), inline(always))]
fn plain(table: &PyType) -> bool {
    table.descriptor_flags() & (PyType::DATA_DESCRIPTORS | PyType::HOOKS) == 0
}

/// The `getattr` slot of a slotted class's table: a member's value (`AttributeError:
/// 'P' object has no attribute 'x'` while it is unset), else the class chain, else
/// `__getattr__`.
pub(crate) fn getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let Some(instance) = as_slotted(obj) else {
        return super::instance::instance_getattr(obj, name);
    };
    let table = instance.table();
    if plain(table)
        && let Some(index) = instance.layout.find(name)
    {
        return member_value(obj, instance, index, name).map(Some);
    }
    if table.descriptor_flags() & PyType::HOOKS != 0 {
        return super::instance::getattr_hooked(obj, &instance.class, name, || {
            generic_getattr(obj, instance, name)
        });
    }
    generic_getattr(obj, instance, name)
}

/// The value of member `index` (named `name`), or CPython's `AttributeError`.
#[inline]
fn member_value(obj: &Obj, instance: &Slotted, index: usize, name: &str) -> PyResult<Obj> {
    match instance.values[index].get() {
        Some(value) => Ok(value),
        None => Err(PyErr::no_attribute(obj, name)),
    }
}

/// `object.__getattribute__` for a slotted instance: the class chain (members are data
/// descriptors there), then what every object has.
pub(crate) fn generic_getattr(obj: &Obj, instance: &Slotted, name: &str) -> PyResult<Option<Obj>> {
    match super::class::class_lookup(&instance.class, name) {
        Some(found) => super::descriptor::descr_get(found, Some(obj), &instance.class).map(Some),
        None => Ok(super::typeobject::object_attribute(name, Some(obj))),
    }
}

/// The `setattr` slot of a slotted class's table: `__setattr__` or `__delattr__` if
/// the class defines it, else [`generic_setattr`].
pub(crate) fn setattr(obj: &Obj, name: &str, value: Option<&Obj>) -> PyResult<()> {
    let Some(instance) = as_slotted(obj) else {
        return super::instance::instance_setattr(obj, name, value);
    };
    if instance.table().descriptor_flags() & PyType::HOOKS != 0
        && let Some(result) = super::instance::setattr_hook(obj, &instance.class, name, value)
    {
        return result;
    }
    generic_setattr(obj, instance, name, value)
}

/// `object.__setattr__` for a slotted instance: a member's value stored or deleted
/// (`AttributeError: x` when it is unset), a data descriptor of the class, or
/// `AttributeError: 'P' object has no attribute 'z'` (there is no `__dict__`).
pub(crate) fn generic_setattr(
    obj: &Obj,
    instance: &Slotted,
    name: &str,
    value: Option<&Obj>,
) -> PyResult<()> {
    if plain(instance.table())
        && let Some(index) = instance.layout.find(name)
    {
        return set_member(&instance.values[index], name, value);
    }
    if let Some(found) = super::class::class_lookup(&instance.class, name)
        && let Some(result) = super::descriptor::descr_set(&found, obj, value)
    {
        return result;
    }
    Err(PyErr::no_attribute(obj, name))
}

/// Stores `value` in a member's `cell`, or empties it (`del`): `AttributeError: x`
/// (the member's `name`) when it is empty already.
pub(crate) fn set_member(cell: &PyCell, name: &str, value: Option<&Obj>) -> PyResult<()> {
    match value {
        Some(value) => {
            cell.set(value.clone());
            Ok(())
        }
        None => match cell.take() {
            Some(old) => {
                drop(old);
                Ok(())
            }
            None => Err(PyErr::attribute_error(name)),
        },
    }
}

/// `obj.name` in generated code for a slotted instance whose class lets the member
/// be read by index: its value, at the index `site` remembers (inlined into the code;
/// `None` for anything else, including an unset member).
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn load_member(obj: &Obj, name: &'static str, site: &AttrSite) -> Option<Obj> {
    let instance = view(obj)?;
    if !plain(instance.table()) {
        return None;
    }
    let index = instance.layout.find_at_site(name, site)?;
    instance.values.get(index)?.get()
}

/// `obj.name` in generated code when `obj` is not a plain instance and
/// [`load_member`] had no answer: a class attribute its class's cache holds
/// (`Strength.REQUIRED`), a module's attribute (`math.pi`); anything else the general
/// way.
#[inline(never)]
pub(crate) fn load_attr(obj: &Obj, name: &'static str, site: &AttrSite) -> PyResult<Obj> {
    // Each cache answers only for its own type (a class, a module), never for a
    // slotted instance.
    if let Some(value) = super::class::cached_class_attr(obj, name, site) {
        return Ok(value);
    }
    if let Some(value) = super::module::cached_module_attr(obj, name, site) {
        return Ok(value);
    }
    load_attr_general(obj, name)
}

/// [`load_attr`]'s general path, apart so that the fast one stays small.
#[inline(never)]
fn load_attr_general(obj: &Obj, name: &'static str) -> PyResult<Obj> {
    obj.getattr(name)
}

/// `obj.name = value` in generated code when `obj` is not a plain instance: a slotted
/// instance's member stored at the index `site` remembers (inlined into the code); the
/// value back otherwise.
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn store_attr(obj: &Obj, name: &str, value: Obj, site: &AttrSite) -> Result<(), Obj> {
    match view(obj) {
        Some(instance) if plain(instance.table()) => {
            match instance
                .layout
                .find_at_site(name, site)
                .and_then(|index| instance.values.get(index))
            {
                Some(cell) => {
                    cell.set(value);
                    Ok(())
                }
                None => Err(value),
            }
        }
        _ => Err(value),
    }
}

#[cfg(test)]
mod tests {
    use super::super::cell::PyCell;
    use super::super::{Obj, getsizeof};
    use super::{PySlotted, as_slotted};

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_slotted_class_makes_instances_of_its_members_values_only() {
        let slots = Obj::tuple([Obj::from("x"), Obj::from("y")]);
        let class = Obj::new_class("P", None, vec![("__slots__", slots)]).unwrap();
        let p = class.call(&[]).unwrap();
        assert!(as_slotted(&p).is_some());
        assert_eq!(getsizeof(&p), 48);
        assert!(p.py_type().to_object().is(&class));
        let error = p.getattr("x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "AttributeError: 'P' object has no attribute 'x'"
        );
        p.setattr("x", &Obj::from(1)).unwrap();
        p.setattr("y", &p).unwrap();
        assert_eq!(p.getattr("x").unwrap().repr().unwrap(), "1");
        assert!(p.getattr("y").unwrap().is(&p));
        let error = p.setattr("z", &Obj::from(1)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "AttributeError: 'P' object has no attribute 'z'"
        );
        p.delattr("x").unwrap();
        let error = p.delattr("x").unwrap_err();
        assert_eq!(error.to_string(), "AttributeError: x");
        // The cycle through `y` is the collector's to break.
        drop(p);
        assert!(crate::gc::collect() >= 1);
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn an_instance_is_two_words_and_one_per_member() {
        // With the 16-byte header: 32 + 8 × n bytes, CPython 3.11's `sys.getsizeof`.
        assert_eq!(size_of::<PySlotted<[PyCell; 0]>>(), 16);
        assert_eq!(size_of::<PySlotted<[PyCell; 2]>>(), 32);
        assert_eq!(size_of::<PySlotted<[PyCell; 5]>>(), 56);
    }
}
