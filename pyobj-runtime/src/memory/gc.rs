//! Python's `gc` module, for this thread's heap.
//!
//! ```
//! use std::cell::RefCell;
//! use pyobj::{gc, Gc, Trace, Tracer};
//!
//! struct List(RefCell<Vec<Gc<List>>>);
//! impl Trace for List {
//!     const TRACKED: bool = true;
//!     fn trace(&self, t: &mut Tracer<'_>) { self.0.trace(t) }
//!     fn drop_handles(&self) { self.0.drop_handles() }
//! }
//!
//! assert!(gc::is_enabled());                     // print(gc.isenabled())  # True
//! let a = Gc::new(List(RefCell::new(vec![])));  // a = []
//! let b = Gc::new(List(RefCell::new(vec![])));  // b = []
//! a.0.borrow_mut().push(b.clone());              // a.append(b)
//! b.0.borrow_mut().push(a.clone());              // b.append(a)
//! drop((a, b));                                  // del a, b
//! assert_eq!(gc::collect(), 2);                  // gc.collect()  # 2
//! ```

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::ptr::NonNull;
use std::rc::Rc;

use crate::collector::{self, Kind};
pub use crate::generation::GenerationStats;
use crate::generation::{Deferred, NUM_GENERATIONS};
use crate::heap::{Heap, with_heap};
use crate::object::{Header, PERMANENT, flag};
use crate::refcount::{AnyGc, Gc};
use crate::trace::{Mode, Trace, Tracer};
use crate::unraisable::ReportOnDrop;
pub use crate::unraisable::{
    Unraisable, UnraisableHook, default_unraisable_hook, reset_unraisable_hook, set_unraisable_hook,
};

/// Print statistics during collection (to stderr, in CPython's words).
pub const DEBUG_STATS: u32 = 1;
/// Print the collectable objects found.
pub const DEBUG_COLLECTABLE: u32 = 2;
/// Print the uncollectable objects found.
pub const DEBUG_UNCOLLECTABLE: u32 = 4;
/// Save all unreachable objects in [`garbage`] instead of freeing them.
///
/// This holds for the last collection of an exiting thread too (see [`set_debug`]): with
/// this flag set when the thread ends, the cycles it would free are saved in a
/// `gc.garbage` that nobody reads again, and never freed.
pub const DEBUG_SAVEALL: u32 = 32;
/// What a program looking for leaks wants: `DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE |
/// DEBUG_SAVEALL`.
pub const DEBUG_LEAK: u32 = DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | DEBUG_SAVEALL;

/// A bad argument, with CPython's `ValueError` text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcError {
    /// `collect_generation` with a generation above 2.
    InvalidGeneration,
    /// `get_objects` with a generation above 2.
    GenerationOutOfRange,
}

impl fmt::Display for GcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GcError::InvalidGeneration => f.write_str("invalid generation"),
            GcError::GenerationOutOfRange => write!(
                f,
                "generation parameter must be less than the number of available generations ({NUM_GENERATIONS})"
            ),
        }
    }
}

impl std::error::Error for GcError {}

/// Anything that is a handle to an object: [`Gc<T>`] and [`AnyGc`].
pub trait Handle {
    /// The handle, type erased.
    fn as_any(&self) -> &AnyGc;
}

impl<T: Trace + 'static> Handle for Gc<T> {
    fn as_any(&self) -> &AnyGc {
        // SAFETY: `Gc<T>` and `AnyGc` are both `repr(transparent)` over a non-null pointer
        // to the object, and an `AnyGc` reference does nothing a `Gc<T>` could not.
        unsafe { &*(self as *const Gc<T>).cast::<AnyGc>() }
    }
}

impl Handle for AnyGc {
    fn as_any(&self) -> &AnyGc {
        self
    }
}

fn header_of(handle: &impl Handle) -> NonNull<Header> {
    handle.as_any().header()
}

fn object_of(handle: &impl Handle) -> &Header {
    // SAFETY: a handle keeps its object live for as long as it is borrowed.
    unsafe { header_of(handle).as_ref() }
}

/// Runs a full collection. Returns the number of unreachable objects found, as
/// `gc.collect()` does (0 if a collection is already running).
///
/// # Panics
/// A panic in user code that the collection runs (a `Trace` or `Drop` impl, a
/// finalizer, a weak-reference or gc callback) is caught; the collection completes, with
/// every object accounted for; then the **first** such panic is resumed, out of this
/// call. Any later one is handed to the unraisable hook ([`set_unraisable_hook`]), as
/// `Exception ignored in: <T object at 0x...>`.
///
/// Collections nobody called never unwind: an automatic collection (started by an
/// allocation, [`Gc::new`](crate::Gc::new) among them) and the last collection of an
/// exiting thread hand every panic to the unraisable hook and go on, as CPython hands
/// exceptions raised in `__del__` and gc callbacks to `sys.unraisablehook`. So do the
/// releases of an exiting thread, once its heap's exit guard has run.
///
/// # `Trace` impls that report too many edges
/// When the traces of the gathered objects report more references to an object than
/// its count (CPython asserts against this in debug builds: "refcount is too small"),
/// some `Trace` impl reports a handle twice or one it does not own. The collector then
/// keeps that object, and everything it reaches, alive for this collection (it is not
/// counted), and reports it to the unraisable hook:
///
/// ```text
/// Exception ignored in garbage collection: <my_crate::Node object at 0x7f3a5c01a010>
/// SystemError: refcount is too small
/// ```
///
/// ([`Unraisable::type_name`] names the Rust type.) What cannot be detected: an extra
/// edge to an object that has an uncounted outside reference of its own (the extra
/// edge and the outside reference cancel out, so the object looks exactly like garbage
/// held by garbage), and an extra edge to an object outside the collected generations
/// (its count is not looked at). Such an object may still have its cells cleared
/// ([`Trace::drop_handles`]), never be freed while a handle exists.
pub fn collect() -> usize {
    collector::collect(NUM_GENERATIONS - 1, Kind::Explicit)
}

/// Collects generations `0..=generation` (`gc.collect(generation)`). Panics and
/// over-reported edges as for [`collect`].
pub fn collect_generation(generation: usize) -> Result<usize, GcError> {
    if generation >= NUM_GENERATIONS {
        return Err(GcError::InvalidGeneration);
    }
    Ok(collector::collect(generation, Kind::Explicit))
}

/// Turns automatic collection on.
///
/// During a collection (called from a `Trace` or `Drop` impl, a finalizer or a callback
/// that the collection runs) it takes effect at once: it only decides when later
/// collections start, and none starts before this one ends. The same holds for
/// [`disable`], [`set_threshold`] and [`set_debug`]; [`freeze`] and [`unfreeze`] are
/// deferred instead.
pub fn enable() {
    with_heap(|heap| {
        heap.generations.enabled = true;
        heap.generations.refresh_trigger();
    });
}

/// Turns automatic collection off (`gc.collect()` still works). During a collection:
/// as [`enable`].
pub fn disable() {
    with_heap(|heap| {
        heap.generations.enabled = false;
        heap.generations.refresh_trigger();
    });
}

/// Whether automatic collection is on.
#[doc(alias = "isenabled")]
pub fn is_enabled() -> bool {
    with_heap(|heap| heap.generations.enabled)
}

/// The current collection counts `(count0, count1, count2)`.
pub fn get_count() -> (usize, usize, usize) {
    with_heap(|heap| {
        let [a, b, c] = heap.generations.count;
        (a, b, c)
    })
}

/// The collection thresholds (`(2000, 10, 10)` by default, as CPython 3.13).
pub fn get_threshold() -> (usize, usize, usize) {
    with_heap(|heap| {
        let [a, b, c] = heap.generations.threshold;
        (a, b, c)
    })
}

/// Sets the collection thresholds; `None` leaves one unchanged. A `threshold0` of 0
/// turns automatic collection off. During a collection: as [`enable`] (the new
/// thresholds are what [`get_threshold`] returns at once).
pub fn set_threshold(threshold0: usize, threshold1: Option<usize>, threshold2: Option<usize>) {
    with_heap(|heap| {
        let threshold = &mut heap.generations.threshold;
        threshold[0] = threshold0;
        threshold[1] = threshold1.unwrap_or(threshold[1]);
        threshold[2] = threshold2.unwrap_or(threshold[2]);
        heap.generations.refresh_trigger();
    });
}

/// Handles to the tracked objects of `generation` (0, 1 or 2), or of all three.
pub fn get_objects(generation: Option<usize>) -> Result<Vec<AnyGc>, GcError> {
    if generation.is_some_and(|generation| generation >= NUM_GENERATIONS) {
        return Err(GcError::GenerationOutOfRange);
    }
    let wanted = |g: usize| generation.is_none_or(|wanted| wanted == g);
    Ok(with_heap(|heap| {
        let mut objects = Vec::new();
        for (g, young) in heap.generations.young.iter().enumerate() {
            if wanted(g) {
                objects.extend(young.iter().map(|&object| AnyGc::from_borrowed(object)));
            }
        }
        if wanted(2) {
            heap.for_each_object(|object| {
                // SAFETY: the pools report live objects only.
                let state = unsafe { object.as_ref() };
                if state.has(flag::TRACKED) && state.generation() == 2 {
                    objects.push(AnyGc::from_borrowed(object));
                }
            });
        }
        objects
    }))
}

/// The objects that hold a handle to `target` (`gc.get_referrers`).
pub fn get_referrers(target: &impl Handle) -> Vec<AnyGc> {
    let target = header_of(target);
    let everything = get_objects(None).unwrap_or_default();
    everything
        .into_iter()
        .filter(|object| {
            let mut tracer = Tracer::new(Mode::Find {
                target,
                found: false,
            });
            trace(object, &mut tracer);
            matches!(tracer.mode, Mode::Find { found: true, .. })
        })
        .collect()
}

/// The objects `object` holds handles to, as its `Trace` impl reports them
/// (`gc.get_referents`).
pub fn get_referents(object: &impl Handle) -> Vec<AnyGc> {
    let mut found = Vec::new();
    trace(object.as_any(), &mut Tracer::new(Mode::Collect(&mut found)));
    found
}

/// Runs `object`'s [`Trace::trace`] with `tracer`.
pub(crate) fn trace(object: &AnyGc, tracer: &mut Tracer<'_>) {
    let header = object.header();
    // SAFETY: the handle keeps the object live.
    let trace_value = unsafe { header.as_ref() }.vtable().trace;
    // SAFETY: a live object of the vtable's type.
    unsafe { trace_value(header, tracer) }
}

/// Whether the collector tracks `object` (false for types that cannot hold handles).
pub fn is_tracked(object: &impl Handle) -> bool {
    object_of(object).has(flag::TRACKED)
}

/// Whether the object's finalizer has run (PEP 442).
pub fn is_finalized(object: &impl Handle) -> bool {
    object_of(object).has(flag::FINALIZED)
}

/// Moves every tracked object into the permanent generation, which collections ignore.
///
/// During a collection (called from a `Trace` or `Drop` impl, a finalizer or a callback
/// that the collection runs) the move is **deferred** until the collection ends: moving
/// the objects it has gathered would hide them from it. [`get_freeze_count`] tells the
/// count from before until then. Calls of [`freeze`] and [`unfreeze`] during one
/// collection are applied in the order they were made, when it ends.
pub fn freeze() {
    with_heap(|heap| {
        if heap.generations.collecting {
            heap.generations.deferred.push(Deferred::Freeze);
        } else {
            freeze_now(heap);
        }
    });
}

/// [`freeze`], outside a collection.
pub(crate) fn freeze_now(heap: &mut Heap) {
    {
        let mut old = Vec::new();
        heap.for_each_object(|object| {
            // SAFETY: the pools report live objects only.
            let state = unsafe { object.as_ref() };
            if state.has(flag::TRACKED) && state.generation() == 2 {
                old.push(object);
            }
        });
        let generations = &mut heap.generations;
        let young = std::mem::take(&mut generations.young);
        for object in young.into_iter().flatten().chain(old) {
            // SAFETY: listed and walked objects are live.
            let state = unsafe { object.as_ref() };
            state.set_generation(PERMANENT);
            state.gc.set(0);
            generations.permanent += 1;
        }
        generations.old = 0;
        generations.count = [0; NUM_GENERATIONS];
    }
}

/// Moves the permanent generation back into the oldest generation. During a collection:
/// deferred until it ends, as [`freeze`].
pub fn unfreeze() {
    with_heap(|heap| {
        if heap.generations.collecting {
            heap.generations.deferred.push(Deferred::Unfreeze);
        } else {
            unfreeze_now(heap);
        }
    });
}

/// [`unfreeze`], outside a collection.
pub(crate) fn unfreeze_now(heap: &mut Heap) {
    {
        heap.for_each_object(|object| {
            // SAFETY: the pools report live objects only.
            let state = unsafe { object.as_ref() };
            if state.has(flag::TRACKED) && state.generation() == PERMANENT {
                state.set_generation(2);
            }
        });
        let generations = &mut heap.generations;
        generations.old += std::mem::take(&mut generations.permanent);
    }
}

/// The number of objects in the permanent generation.
pub fn get_freeze_count() -> usize {
    with_heap(|heap| heap.generations.permanent)
}

/// Per-generation statistics since the thread's heap was made.
pub fn get_stats() -> [GenerationStats; NUM_GENERATIONS] {
    with_heap(|heap| heap.generations.stats)
}

/// Sets the debugging flags (`DEBUG_*`). During a collection: as [`enable`]; the
/// running collection read its flags when it started, after the callbacks'
/// [`Phase::Start`] (so a change made there applies to it, as in CPython).
///
/// # At thread exit
/// The last collection of an exiting thread obeys the flags set then, [`DEBUG_SAVEALL`]
/// included: it finds the thread's garbage and saves every unreachable object in
/// `gc.garbage` instead of freeing it, as any collection with that flag does. That list
/// is itself a thread-local of the exiting thread, never read again, so those objects
/// are **never freed**: their `Drop` impls do not run, and their memory stays allocated
/// after the thread ends. Nothing is printed about it (CPython is silent too: its
/// shutdown warning about `gc.garbage` is skipped under `DEBUG_SAVEALL`). Clear the flag
/// before the thread ends to have its cycles freed.
pub fn set_debug(flags: u32) {
    with_heap(|heap| heap.generations.debug = flags);
}

/// The debugging flags.
pub fn get_debug() -> u32 {
    with_heap(|heap| heap.generations.debug)
}

/// When a callback is called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Before a collection.
    Start,
    /// After a collection.
    Stop,
}

impl Phase {
    /// `"start"` or `"stop"`, as CPython passes them.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::Stop => "stop",
        }
    }
}

/// What a callback is told (CPython's `info` dict).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallbackInfo {
    /// The oldest generation collected.
    pub generation: usize,
    /// Objects collected (0 at [`Phase::Start`]).
    pub collected: usize,
    /// Objects found uncollectable (0 at [`Phase::Start`]).
    pub uncollectable: usize,
}

/// Identifies a registered callback, to remove it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallbackId(u64);

type Callback = Rc<dyn Fn(Phase, &CallbackInfo)>;

/// The registered callbacks, dropped at thread exit without unwinding.
type Callbacks = ReportOnDrop<Vec<(CallbackId, Callback)>>;

thread_local! {
    static CALLBACKS: RefCell<(u64, Callbacks)> = const {
        RefCell::new((0, ReportOnDrop { value: Vec::new(), name: "<gc callbacks>" }))
    };
    /// `gc.garbage`: the one storage of the saved objects. [`garbage`], [`take_garbage`]
    /// and the collector use it; the Python layer puts its list object here when Python
    /// code first reads `gc.garbage`, so that `gc.garbage.clear()` from Python and
    /// [`take_garbage`] from Rust act on one thing.
    ///
    /// Dropped at thread exit with [`ReportOnDrop`]: a panicking `Drop` of a saved object
    /// is reported, not unwound into the thread-local's destructor.
    static GARBAGE: RefCell<ReportOnDrop<Option<Rc<dyn GarbageStore>>>> = const {
        RefCell::new(ReportOnDrop { value: None, name: "<gc.garbage>" })
    };
}

/// Registers a callback called before and after every collection (`gc.callbacks`).
pub fn add_callback(callback: impl Fn(Phase, &CallbackInfo) + 'static) -> CallbackId {
    CALLBACKS.with(|callbacks| {
        let (next, list) = &mut *callbacks.borrow_mut();
        *next += 1;
        let id = CallbackId(*next);
        list.value.push((id, Rc::new(callback)));
        id
    })
}

/// Removes a callback. Returns whether it was registered.
pub fn remove_callback(id: CallbackId) -> bool {
    let removed = CALLBACKS.with(|callbacks| {
        let list = &mut callbacks.borrow_mut().1.value;
        let at = list.iter().position(|(other, _)| *other == id)?;
        Some(list.remove(at))
    });
    removed.is_some()
}

/// Calls the callbacks; `run` catches what they throw.
pub(crate) fn run_callbacks(
    phase: Phase,
    generation: usize,
    collected: usize,
    uncollectable: usize,
    run: &mut dyn FnMut(&mut dyn FnMut()) -> Option<()>,
) {
    let list: Vec<Callback> = CALLBACKS
        .try_with(|callbacks| {
            callbacks
                .borrow()
                .1
                .value
                .iter()
                .map(|(_, f)| f.clone())
                .collect()
        })
        .unwrap_or_default();
    let info = CallbackInfo {
        generation,
        collected,
        uncollectable,
    };
    for callback in list {
        run(&mut || callback(phase, &info));
    }
}

/// Where `gc.garbage` keeps its objects: the core's own list of handles, or the Python
/// layer's list object once Python code has asked for `gc.garbage`.
pub(crate) trait GarbageStore {
    /// Appends the objects, in order.
    fn save(&self, objects: Vec<AnyGc>);
    /// Handles to the objects, in order.
    fn snapshot(&self) -> Vec<AnyGc>;
    /// Empties the store (the objects are dropped with no borrow of it held).
    fn clear(&self);
    /// The store itself, for the layer that made it to recognize it.
    #[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
    fn as_any(&self) -> &dyn Any;
}

/// The core's store: a plain list of handles.
#[derive(Default)]
struct Handles(RefCell<Vec<AnyGc>>);

impl GarbageStore for Handles {
    fn save(&self, objects: Vec<AnyGc>) {
        self.0.borrow_mut().extend(objects);
    }

    fn snapshot(&self) -> Vec<AnyGc> {
        self.0.borrow().clone()
    }

    fn clear(&self) {
        let taken = std::mem::take(&mut *self.0.borrow_mut());
        drop(taken);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// This thread's `gc.garbage` store (the core's own until another is put in its place;
/// `None` once the thread is exiting).
pub(crate) fn garbage_store() -> Option<Rc<dyn GarbageStore>> {
    GARBAGE
        .try_with(|garbage| {
            garbage
                .borrow_mut()
                .value
                .get_or_insert_with(|| Rc::new(Handles::default()))
                .clone()
        })
        .ok()
}

/// Puts `store` in the place of this thread's `gc.garbage` store, moving the objects the
/// old one holds into it. Returns `false` once the thread is exiting.
#[cfg_attr(not(feature = "python"), allow(dead_code))] // used by the Python layer
pub(crate) fn replace_garbage_store(store: Rc<dyn GarbageStore>) -> bool {
    let Ok(old) = GARBAGE.try_with(|garbage| garbage.borrow_mut().value.replace(store.clone()))
    else {
        return false;
    };
    if let Some(old) = old {
        store.save(old.snapshot());
        old.clear();
    }
    true
}

/// Handles to the objects in `gc.garbage`: uncollectable cycles, and with
/// [`DEBUG_SAVEALL`] every unreachable object found.
pub fn garbage() -> Vec<AnyGc> {
    garbage_store().map_or_else(Vec::new, |store| store.snapshot())
}

/// Empties `gc.garbage` and returns what it held (`gc.garbage.clear()`).
pub fn take_garbage() -> Vec<AnyGc> {
    let Some(store) = garbage_store() else {
        return Vec::new();
    };
    let taken = store.snapshot();
    // The old items are dropped after the store's borrow ends.
    store.clear();
    taken
}

/// Adds objects to `gc.garbage`. After the thread-local is gone (thread exit), the
/// handles are simply dropped.
pub(crate) fn save_garbage(objects: Vec<AnyGc>) {
    if let Some(store) = garbage_store() {
        store.save(objects);
    }
}
