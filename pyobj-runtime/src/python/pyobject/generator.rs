//! Generators: what calling a `def` whose body holds `yield` returns.
//!
//! The seed says a function's frame is destroyed when the function returns. A generator
//! is the exception: its frame outlives the call, suspended at a `yield`, on the heap,
//! until the generator is exhausted, closed or freed.
//!
//! `pyblock!` compiles a generator function's body into a Rust `async` block: its locals
//! are the block's own variables, kept in the future between resumptions (the future is
//! the frame), and each `yield` is an `.await` on [`yield_value`], which hands the value
//! out through the generator's [`Channel`] and suspends. [`PyGenerator`] drives the
//! future by hand (a no-op waker: nothing else ever wakes it), one poll per `next`,
//! `send` or `throw`:
//!
//! ```text
//!  next(g) / g.send(v)        poll the body          the body
//!  ───────────────────►  ──────────────────────►  runs to its next `yield x`:
//!                                                    channel ← x, Pending
//!  ◄─── x  ◄───────────── Pending: take x
//!                                                  or returns r: Ready(Ok(r))
//!  ◄─── StopIteration(r)  Ready: the frame is dropped
//! ```
//!
//! `throw(e)` puts `e` in the channel, and the suspended `yield` raises it inside the
//! body. `close()` throws `GeneratorExit`. An unfinished generator that is freed is
//! closed first (its finalizer), so its `finally` blocks run, as CPython's do.
//!
//! # The frame on the heap, traced
//! Every local of a generator function lives where the generator object can see it,
//! as CPython's frame holds its locals in `f_localsplus`:
//! - a local no nested function captures is a slot of the [`Channel`] (a [`PyCell`]
//!   value inside the channel's own allocation, [`Channel::slot`]), which the body
//!   reads and writes as a cell; the generator traces each slot's value;
//! - a local a nested function captures is a cell object, and the body hands its cells
//!   to the channel when it starts ([`ChannelOf::hold_frame`]). The generator's trace
//!   reports each such cell twice, once for the channel's handle and once for the
//!   body's own (the body owns exactly one handle to each of its cells until it is
//!   dropped; both are the generator's).
//!
//! So the generator object knows what its suspended frame holds: it is tracked by the
//! collector, a generator caught in a cycle through its locals is collected (its
//! finalizer closes it first, running its `finally` blocks), and
//! `gc.get_referents(gen)` shows the locals' values and cells. When the body ends, the
//! slots are emptied and the cells let go with it.
//!
//! What the frame holds outside its named locals is not traced: the arguments before
//! the first `next` (the body has not started), the iterator of a `for` loop suspended
//! at a `yield`, the function object. Those count as referenced from outside, so a cycle
//! through them only is not collected: conservative, never wrong.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use smallvec::SmallVec;

pub use super::body::FrameBox;
use super::cell::PyCell;
use super::typeobject::{Method, PyType};
use super::{Args, Obj};
use crate::exceptions::{
    self, GENERATOR_EXIT, PyErr, PyResult, RUNTIME_ERROR, STOP_ITERATION, VALUE_ERROR,
};
use crate::finalizer::Finalize;
use crate::refcount::Gc;
use crate::trace::{Trace, Tracer};

/// The body of a generator: the compiled function's `async` block, on the heap in a
/// block this thread reuses ([`FrameBox::new`]).
pub type GeneratorBody = FrameBox;

/// What passes between a generator and its suspended body: the value yielded (body to
/// caller) or sent (caller to body), and an exception thrown in; and the frame's locals
/// (see the module docs). Shared by the generator and its body as `Rc<Channel>`.
pub type Channel = ChannelOf<[PyCell]>;

/// [`Channel`] with its slots as an array (`S = [PyCell; N]`) while it is made, or a
/// slice (`S = [PyCell]`) once it is shared.
pub struct ChannelOf<S: ?Sized> {
    value: Cell<Option<Obj>>,
    thrown: Cell<Option<PyErr>>,
    /// While the body is suspended in `yield from` (or `await`) on a generator or
    /// coroutine: that sub-generator (CPython's `gi_yieldfrom`), moved here from the
    /// body, so that resuming this generator resumes it directly ([`resume`]).
    delegate: Cell<Option<Obj>>,
    /// What the sub-generator did when [`resume`] resumed it directly and it did not
    /// yield (it returned or raised), for the body's `yield from` to take.
    delegated: Cell<Option<PyResult<Step>>>,
    /// The cells of the body's locals that nested functions capture, from its start to
    /// its end.
    frame: RefCell<SmallVec<[Obj; 4]>>,
    /// The body's other locals, one slot each (CPython's `f_localsplus`): owned by the
    /// generator, traced by it, emptied when the body ends.
    slots: S,
}

impl Channel {
    /// A new channel with no slots, shared by a generator and its body.
    pub fn new() -> Rc<Channel> {
        Channel::with_slots::<0>()
    }

    /// A new channel with `N` empty slots for the body's locals, in one allocation (one
    /// a finished generator left, when this thread has one of that size: see
    /// [`Channel::recycle`]).
    #[inline]
    pub fn with_slots<const N: usize>() -> Rc<Channel> {
        if N < KEPT_SIZES
            && let Ok(Some(channel)) = KEPT.try_with(|kept| {
                kept.try_borrow_mut()
                    .ok()
                    .and_then(|mut kept| kept[N].pop())
            })
        {
            return channel;
        }
        Channel::make::<N>()
    }

    #[inline(never)]
    fn make<const N: usize>() -> Rc<Channel> {
        let sized: Rc<ChannelOf<[PyCell; N]>> = Rc::new(ChannelOf {
            value: Cell::new(None),
            thrown: Cell::new(None),
            delegate: Cell::new(None),
            delegated: Cell::new(None),
            frame: RefCell::new(SmallVec::new()),
            slots: [const { PyCell::empty() }; N],
        });
        sized
    }

    /// The slot of the body's local number `index` (below the `N` of
    /// [`Channel::with_slots`]: `pyblock!` numbers the slots), which the body reads and
    /// writes as a cell.
    #[inline(always)]
    pub fn slot(&self, index: usize) -> &PyCell {
        &self.slots[index]
    }

    /// Empties every slot (the frame's locals let go), one at a time: a value's release
    /// may run user code, which finds the slots after it already empty.
    fn clear_slots(&self) {
        for slot in &self.slots {
            drop(slot.take());
        }
    }

    /// Keeps `channel` (a finished generator's, which no one else holds) for the next
    /// generator of its size, emptied, as CPython keeps freed frames on a free list: a
    /// recursive generator or coroutine makes one per call.
    fn recycle(channel: &Rc<Channel>) {
        let size = channel.slots.len();
        if size >= KEPT_SIZES || Rc::strong_count(channel) != 1 || Rc::weak_count(channel) != 0 {
            return;
        }
        // Emptied first: the values' release may run user code (which finds no handle to
        // this channel anywhere).
        drop(channel.value.take());
        drop(channel.thrown.take());
        drop(channel.delegate.take());
        drop(channel.delegated.take());
        if let Some(frame) = channel.take_frame() {
            drop(frame);
        }
        channel.clear_slots();
        let _ = KEPT.try_with(|kept| {
            if let Ok(mut kept) = kept.try_borrow_mut()
                && kept[size].len() < KEPT_PER_SIZE
            {
                kept[size].push(Rc::clone(channel));
            }
        });
    }

    /// Takes the cells of the captured locals out, if there are any.
    fn take_frame(&self) -> Option<SmallVec<[Obj; 4]>> {
        let empty = self.frame.try_borrow().is_ok_and(|frame| frame.is_empty());
        (!empty).then(|| self.frame.take())
    }

    /// The body's locals, `cells`, for the generator to trace: the body keeps its own
    /// handle to each of them until it is dropped (see the module docs).
    pub fn hold_frame<const N: usize>(&self, cells: [Obj; N]) {
        if N == 0 {
            return;
        }
        let old = self.frame.replace(cells.into_iter().collect());
        drop(old);
    }
}

/// Channels are kept for reuse for generators of fewer slots than this.
const KEPT_SIZES: usize = 8;
/// How many channels of each size are kept.
const KEPT_PER_SIZE: usize = 64;

thread_local! {
    /// The channels finished generators left, by their number of slots.
    static KEPT: RefCell<[Vec<Rc<Channel>>; KEPT_SIZES]> =
        const { RefCell::new([const { Vec::new() }; KEPT_SIZES]) };
}

/// The future of one `yield`: hands `value` out and suspends; resumed, it gives the value
/// sent in (`None` for `next`) or raises the exception thrown in.
pub struct YieldFuture<'a> {
    channel: &'a Channel,
    value: Option<Obj>,
    suspended: bool,
}

/// `yield value` in a generator's body (the generated code awaits it).
pub fn yield_value(channel: &Channel, value: Obj) -> YieldFuture<'_> {
    YieldFuture {
        channel,
        value: Some(value),
        suspended: false,
    }
}

impl Future for YieldFuture<'_> {
    type Output = PyResult<Obj>;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<PyResult<Obj>> {
        if !self.suspended {
            self.suspended = true;
            let value = self.value.take();
            self.channel.value.set(value);
            return Poll::Pending;
        }
        if let Some(error) = self.channel.thrown.take() {
            return Poll::Ready(Err(error));
        }
        Poll::Ready(Ok(self.channel.value.take().unwrap_or_else(Obj::none)))
    }
}

/// Where a generator is in its life.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// Made, its body not started.
    Created,
    /// Suspended at a `yield`.
    Suspended,
    /// Its body is running (a `next` from inside it is an error).
    Running,
    /// Returned, raised or closed: its frame is gone.
    Finished,
}

/// The value of a generator object.
pub struct PyGenerator {
    body: RefCell<Option<GeneratorBody>>,
    channel: Rc<Channel>,
    state: Cell<State>,
    qualname: &'static str,
}

/// The vtable of every `PyGenerator` without a finalizer (a downcast is one comparison of
/// addresses; one with a finalizer is recognized by its `TypeId`).
static PYGENERATOR_VTABLE: crate::refcount::StaticVTable<PyGenerator> =
    crate::refcount::StaticVTable::shared();

impl Trace for PyGenerator {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> =
        Some(PYGENERATOR_VTABLE.get_shared());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&GENERATOR_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        let Ok(frame) = self.channel.frame.try_borrow() else {
            tracer.incomplete = true;
            return;
        };
        // The channel's handle and the body's: the frame is emptied when the body goes.
        for cell in frame.iter() {
            cell.trace(tracer);
            cell.trace(tracer);
        }
        // The slots are the generator's alone, and so is the sub-generator of a
        // suspended `yield from` (moved to the channel while the body is suspended).
        for slot in &self.channel.slots {
            slot.trace(tracer);
        }
        let delegate = self.channel.delegate.take();
        delegate.trace(tracer);
        self.channel.delegate.set(delegate);
    }
    fn drop_handles(&self) {
        // The collector breaks a cycle: the frame, then the body go (after the borrows;
        // the frame first, as in `finish`).
        let frame = self.channel.take_frame();
        let body = self
            .body
            .try_borrow_mut()
            .ok()
            .and_then(|mut body| body.take());
        if body.is_some() {
            self.state.set(State::Finished);
        }
        drop(body);
        drop(frame);
        drop(self.channel.delegate.take());
        // The body held no handle to the slots' values: they go last.
        self.channel.clear_slots();
    }
}

impl Drop for PyGenerator {
    fn drop(&mut self) {
        // The body goes first (it holds the channel's other handle), then the channel is
        // kept for the next generator.
        drop(self.body.get_mut().take());
        Channel::recycle(&self.channel);
    }
}

impl Finalize for PyGenerator {
    /// An unfinished generator is closed: its `finally` blocks run; an exception that
    /// escapes is reported as unraisable, as CPython's generator finalizer does.
    fn finalize(this: &Gc<Self>) {
        if matches!(this.state.get(), State::Suspended) {
            let obj = Obj::from(this.clone());
            if let Err(error) = close(&obj, this) {
                exceptions::write_unraisable(&error, Some(&obj));
            }
        }
    }
}

/// A generator over `body`, which talks to it through `channel` (what calling a
/// generator function returns). `qualname` names it in its repr.
pub fn generator(qualname: &'static str, channel: Rc<Channel>, body: GeneratorBody) -> Obj {
    Obj::from(Gc::with_finalizer(PyGenerator {
        body: RefCell::new(Some(body)),
        channel,
        state: Cell::new(State::Created),
        qualname,
    }))
}

/// One resumption's outcome.
pub(crate) enum Step {
    /// The body yielded this value.
    Yielded(Obj),
    /// The body returned this value (the generator is finished).
    Returned(Obj),
}

fn generator_of(obj: &Obj) -> PyResult<&PyGenerator> {
    match obj.downcast_ref::<PyCoroutine>() {
        Some(coroutine) => Ok(&coroutine.0),
        None => obj.value_as::<PyGenerator>(),
    }
}

/// The generator state of a generator or coroutine object.
fn driven(obj: &Obj) -> Option<&PyGenerator> {
    obj.downcast_ref::<PyGenerator>().or_else(|| {
        obj.downcast_ref::<PyCoroutine>()
            .map(|coroutine| &coroutine.0)
    })
}

/// The value of a coroutine object (what calling an `async def` returns): a generator
/// underneath, driven by `send`/`throw`/`close` and by `await`, but not iterable.
pub struct PyCoroutine(PyGenerator);

/// The vtable of every `PyCoroutine` without a finalizer (a downcast is one comparison of
/// addresses; one with a finalizer is recognized by its `TypeId`).
static PYCOROUTINE_VTABLE: crate::refcount::StaticVTable<PyCoroutine> =
    crate::refcount::StaticVTable::shared();

impl Trace for PyCoroutine {
    const STATIC_VTABLE: Option<crate::refcount::VTableOf<Self>> =
        Some(PYCOROUTINE_VTABLE.get_shared());
    const TRACKED: bool = true;
    const PYTHON_TYPE: Option<&'static PyType> = Some(&COROUTINE_TYPE);
    fn trace(&self, tracer: &mut Tracer<'_>) {
        self.0.trace(tracer);
    }
    fn drop_handles(&self) {
        self.0.drop_handles();
    }
}

impl Finalize for PyCoroutine {
    fn finalize(this: &Gc<Self>) {
        if matches!(this.0.state.get(), State::Suspended) {
            let obj = Obj::from(this.clone());
            if let Err(error) = close(&obj, &this.0) {
                exceptions::write_unraisable(&error, Some(&obj));
            }
        }
    }
}

/// A coroutine over `body` (what calling an `async def` function returns).
pub fn coroutine(qualname: &'static str, channel: Rc<Channel>, body: GeneratorBody) -> Obj {
    coroutine_in(State::Created, qualname, channel, body)
}

/// A coroutine object in `state` (a new one, or one whose body [`await_call`] started
/// and which suspended).
fn coroutine_in(
    state: State,
    qualname: &'static str,
    channel: Rc<Channel>,
    body: GeneratorBody,
) -> Obj {
    Obj::from(Gc::with_finalizer(PyCoroutine(PyGenerator {
        body: RefCell::new(Some(body)),
        channel,
        state: Cell::new(state),
        qualname,
    })))
}

/// The type of coroutine objects.
pub(crate) static COROUTINE_TYPE: PyType = PyType {
    name: "coroutine",
    repr: Some(|obj| {
        Ok(format!(
            "<coroutine object {} at {:#x}>",
            generator_of(obj)?.qualname,
            obj.id()
        ))
    }),
    getattr: Some(generator_getattr),
    methods: GENERATOR_METHODS,
    weakrefable: true,
    ..PyType::BLANK
};

/// An `async def`'s code up to the coroutine object: the arguments bound into the
/// body's frame, and the body, for the coroutine object to drive, or for
/// [`await_call`] to run without one.
pub type CoroutineStart = fn(&Obj, &Args<'_>) -> PyResult<(Rc<Channel>, GeneratorBody)>;

/// `await func(*args)` in a coroutine's body. When `func` is an `async def` compiled
/// by `pyblock!`, its body runs at once, as [`await_value`]'s first step would run it,
/// but without a coroutine object: one is made only if the body suspends (it awaits
/// something that yields), and then it is awaited as any other. A body that returns
/// or raises without suspending (a recursive `await fib(n - 1)`) costs no object, no
/// finalizer and no resumption. What the program sees is the same: the arguments are
/// bound (and their errors raised) by the call, the result or the exception (PEP 479
/// applied, the traceback through the callee's line) is the `await`'s. The object
/// that is not made is one no code could have reached: the caller awaits it at once.
/// Anything else is called, then awaited.
pub async fn await_call<const N: usize>(
    channel: &Channel,
    func: &Obj,
    args: [Obj; N],
) -> PyResult<Obj> {
    let Some(function) = func.downcast_ref::<super::PyFunction>() else {
        return await_value(channel, crate::compiled::call_owned(func, args, &[])?).await;
    };
    let Some(start) = function.coroutine_start() else {
        return await_value(channel, crate::compiled::call_owned(func, args, &[])?).await;
    };
    let owned = super::args::OwnedArgs::new(args);
    let (inner, mut body) = start(func, &owned.args(&[]))?;
    drop(owned);
    inner.value.set(Some(Obj::none()));
    match body.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(result) => {
            // What `finish` and the object's drop do, in their order: the frame's
            // cells, the body, then the slots' values (emptied by `recycle`, or
            // dropped with the channel if it is not kept).
            let frame = inner.take_frame();
            drop(body);
            drop(frame);
            Channel::recycle(&inner);
            result.map_err(pep479_coroutine)
        }
        Poll::Pending => {
            let yielded = inner.value.take().unwrap_or_else(Obj::none);
            let coroutine = coroutine_in(State::Suspended, function.qualname(), inner, body);
            delegate(channel, coroutine, Some(yielded)).await
        }
    }
}

/// `await value` in a coroutine's body: a coroutine is driven to its end (its yields
/// passed out, sends and throws passed in), an object with `__await__` through the
/// iterator that returns; the result is the awaited value's return value.
pub async fn await_value(channel: &Channel, value: Obj) -> PyResult<Obj> {
    if let Some(coroutine) = value.downcast_ref::<PyCoroutine>() {
        // The first step of `yield from`, inline: most awaited coroutines finish
        // without suspending, and then no delegation is set up.
        let first = resume(&value, &coroutine.0, Obj::none(), None);
        return match outcome(first)? {
            Ok(result) => Ok(result),
            Err(yielded) => delegate(channel, value, Some(yielded)).await,
        };
    }
    if value.hasattr("__await__")? {
        let iterator = value.call_method("__await__", &[])?;
        return yield_from(channel, iterator).await;
    }
    Err(PyErr::type_error(format!(
        "object {} can't be used in 'await' expression",
        value.type_name()
    )))
}

/// Resumes `generator` with `sent` (or `thrown`) and runs its body to the next `yield`
/// or its end.
pub(crate) fn resume(
    obj: &Obj,
    generator: &PyGenerator,
    sent: Obj,
    thrown: Option<PyErr>,
) -> PyResult<Step> {
    match generator.state.get() {
        State::Running => return Err(PyErr::new(&VALUE_ERROR, "generator already executing")),
        State::Finished => {
            return match thrown {
                Some(error) => Err(error),
                None => Ok(Step::Returned(Obj::none())),
            };
        }
        State::Created => {
            if let Some(error) = thrown {
                // Thrown before it started: the body never runs.
                finish_resumed(obj, generator);
                return Err(error);
            }
            if !sent.is_none() {
                return Err(PyErr::type_error(
                    "can't send non-None value to a just-started generator",
                ));
            }
        }
        State::Suspended => {
            if thrown.is_none()
                && let Some(inner) = generator.channel.delegate.take()
            {
                return resume_delegate(obj, generator, inner, sent);
            }
        }
    }
    poll_body(obj, generator, sent, thrown)
}

/// [`resume`] of a generator suspended in `yield from` (or `await`) on the generator
/// `inner`: `inner` is resumed directly (the body in between is not polled; its `yield
/// from` would only pass the value down and the one yielded up), this generator running
/// meanwhile, as CPython's is. Only when `inner` returns or raises is the body polled, to
/// take that outcome.
fn resume_delegate(obj: &Obj, generator: &PyGenerator, inner: Obj, sent: Obj) -> PyResult<Step> {
    let Some(inner_generator) = driven(&inner) else {
        generator.channel.delegate.set(Some(inner));
        return poll_body(obj, generator, sent, None);
    };
    // One level of recursion per generator in the chain, as CPython's frames are: a
    // chain deeper than the limit raises `RecursionError`, in the body of the
    // generator whose sub-generator could not be resumed. (The stack is not probed:
    // these Rust frames are small, and the limit bounds them.)
    let step = match super::recursion::enter_unprobed() {
        Ok(_depth) => {
            generator.state.set(State::Running);
            let step = resume(&inner, inner_generator, sent, None);
            generator.state.set(State::Suspended);
            step
        }
        Err(error) => Err(error),
    };
    generator.channel.delegate.set(Some(inner));
    if let Ok(Step::Yielded(value)) = step {
        return Ok(Step::Yielded(value));
    }
    generator.channel.delegated.set(Some(step));
    poll_body(obj, generator, Obj::none(), None)
}

/// Runs the body of `generator` to its next `yield` or its end, resumed with `sent` (or
/// `thrown`).
#[inline(always)]
fn poll_body(
    obj: &Obj,
    generator: &PyGenerator,
    sent: Obj,
    thrown: Option<PyErr>,
) -> PyResult<Step> {
    generator.channel.value.set(Some(sent));
    generator.channel.thrown.set(thrown);
    generator.state.set(State::Running);
    let polled = {
        let mut body = generator.body.borrow_mut();
        match body.as_mut() {
            Some(future) => future.poll(&mut Context::from_waker(Waker::noop())),
            None => Poll::Ready(Ok(Obj::none())),
        }
    };
    match polled {
        Poll::Pending => {
            generator.state.set(State::Suspended);
            Ok(Step::Yielded(
                generator.channel.value.take().unwrap_or_else(Obj::none),
            ))
        }
        Poll::Ready(result) => {
            finish_resumed(obj, generator);
            match result {
                Ok(value) => Ok(Step::Returned(value)),
                Err(error) if obj.is_exact::<PyCoroutine>() => Err(pep479_coroutine(error)),
                Err(error) => Err(pep479(error)),
            }
        }
    }
}

/// PEP 479: a `StopIteration` leaving a generator's body would end the loop driving it
/// silently, so it becomes `RuntimeError: generator raised StopIteration`; any other
/// error leaves as it is.
pub(crate) fn pep479(error: PyErr) -> PyErr {
    if error.is_instance(&STOP_ITERATION) {
        PyErr::new(&RUNTIME_ERROR, "generator raised StopIteration")
    } else {
        error
    }
}

/// [`pep479`] for a coroutine's body, with CPython's text for it.
fn pep479_coroutine(error: PyErr) -> PyErr {
    if error.is_instance(&STOP_ITERATION) {
        PyErr::new(&RUNTIME_ERROR, "coroutine raised StopIteration")
    } else {
        error
    }
}

/// Marks the generator finished and drops its frame (after the borrow: dropping the
/// frame releases its locals, which may run finalizers).
/// [`finish`] for the generator object `obj` when its body ended: its finalizer (which
/// closes a suspended generator) has nothing left to do, and is given up, so that the
/// object's release takes the shorter path.
fn finish_resumed(obj: &Obj, generator: &PyGenerator) {
    finish(generator);
    crate::finalizer::disarm(obj.header());
}

fn finish(generator: &PyGenerator) {
    generator.state.set(State::Finished);
    // The frame leaves the channel before the body goes: dropping the body may run a
    // collection, whose trace must not count the body's handles any more.
    let frame = generator.channel.take_frame();
    let body = generator.body.borrow_mut().take();
    drop(body);
    drop(frame);
    drop(generator.channel.delegate.take());
    // The body held no handle to the slots' values: they go last.
    generator.channel.clear_slots();
}

/// `StopIteration(value)` for a generator that returned `value`.
fn stop_iteration(value: Obj) -> PyErr {
    if value.is_none() {
        PyErr::with_args(&STOP_ITERATION, vec![])
    } else {
        PyErr::with_args(&STOP_ITERATION, vec![value])
    }
}

/// `next(gen)` for a generator `obj`: its next value, or `StopIteration` carrying the
/// value its body returned (`None` if `obj` is not a generator).
pub(crate) fn next_of_generator(obj: &Obj) -> Option<PyResult<Obj>> {
    let generator = obj.downcast_ref::<PyGenerator>()?;
    Some(match resume(obj, generator, Obj::none(), None) {
        Ok(Step::Yielded(value)) => Ok(value),
        Ok(Step::Returned(value)) => Err(stop_iteration(value)),
        Err(error) => Err(error),
    })
}

/// `gen.send(value)`.
fn send(obj: &Obj, value: Obj) -> PyResult<Obj> {
    match resume(obj, generator_of(obj)?, value, None)? {
        Step::Yielded(value) => Ok(value),
        Step::Returned(value) => Err(stop_iteration(value)),
    }
}

/// `gen.close()`: `GeneratorExit` thrown in; the body must not yield again.
fn close(obj: &Obj, generator: &PyGenerator) -> PyResult<Obj> {
    let _ = obj;
    match generator.state.get() {
        State::Created => {
            finish(generator);
            return Ok(Obj::none());
        }
        State::Finished => return Ok(Obj::none()),
        State::Suspended | State::Running => {}
    }
    let exit = PyErr::with_args(&GENERATOR_EXIT, vec![]);
    match resume(obj, generator, Obj::none(), Some(exit)) {
        Ok(Step::Yielded(_)) => Err(PyErr::new(
            &RUNTIME_ERROR,
            "generator ignored GeneratorExit",
        )),
        Ok(Step::Returned(_)) => Ok(Obj::none()),
        Err(error) if error.is_instance(&GENERATOR_EXIT) || error.is_instance(&STOP_ITERATION) => {
            Ok(Obj::none())
        }
        Err(error) => Err(error),
    }
}

/// The exception `gen.throw(...)` raises in the body: an exception instance, or a type
/// (with an optional value) instantiated.
fn thrown_error(args: &Args<'_>) -> PyResult<PyErr> {
    let positional = args.positional();
    let Some(first) = positional.first() else {
        return Err(PyErr::type_error(
            "throw expected at least 1 argument, got 0",
        ));
    };
    if positional.len() > 3 {
        return Err(PyErr::type_error(format!(
            "throw expected at most 3 arguments, got {}",
            positional.len()
        )));
    }
    if let Some(ty) = first.as_type() {
        let value = positional.get(1).filter(|v| !v.is_none());
        let instance = match value {
            Some(value) if value.as_type().is_none() && value.py_type().is_subtype(ty) => {
                value.clone()
            }
            Some(value) => first.call(std::slice::from_ref(value))?,
            None => first.call(&[])?,
        };
        if !instance.py_type().is_subtype(&exceptions::BASE_EXCEPTION) {
            return Err(PyErr::type_error(
                "exceptions must derive from BaseException",
            ));
        }
        return Ok(PyErr::from_value(instance));
    }
    if first.py_type().is_subtype(&exceptions::BASE_EXCEPTION) {
        return Ok(PyErr::from_value(first.clone()));
    }
    Err(PyErr::type_error(
        "exceptions must be classes or instances deriving from BaseException, not ".to_owned()
            + first.type_name(),
    ))
}

/// The type of generator objects.
pub(crate) static GENERATOR_TYPE: PyType = PyType {
    name: "generator",
    repr: Some(|obj| {
        Ok(format!(
            "<generator object {} at {:#x}>",
            generator_of(obj)?.qualname,
            obj.id()
        ))
    }),
    iter: Some(|obj| Ok(obj.clone())),
    next: Some(
        |obj| match resume(obj, generator_of(obj)?, Obj::none(), None)? {
            Step::Yielded(value) => Ok(Some(value)),
            Step::Returned(_) => Ok(None),
        },
    ),
    getattr: Some(generator_getattr),
    methods: GENERATOR_METHODS,
    weakrefable: true,
    ..PyType::BLANK
};

/// `__name__`, `__qualname__`, `gi_running`, `gi_suspended` (`cr_running`, ... on a
/// coroutine).
fn generator_getattr(obj: &Obj, name: &str) -> PyResult<Option<Obj>> {
    let generator = generator_of(obj)?;
    let state = generator.state.get();
    Ok(match name {
        "__name__" => Some(Obj::from(
            generator
                .qualname
                .rsplit('.')
                .next()
                .unwrap_or(generator.qualname),
        )),
        "__qualname__" => Some(Obj::from(generator.qualname)),
        "gi_running" | "cr_running" => Some(Obj::from(state == State::Running)),
        "gi_suspended" | "cr_suspended" => Some(Obj::from(state == State::Suspended)),
        _ => None,
    })
}

static GENERATOR_METHODS: &[Method] = &[
    Method {
        name: "send",
        call: |obj, args| send(obj, args.one("send")?.clone()),
    },
    Method {
        name: "throw",
        call: |obj, args| {
            let error = thrown_error(args)?;
            match resume(obj, generator_of(obj)?, Obj::none(), Some(error))? {
                Step::Yielded(value) => Ok(value),
                Step::Returned(value) => Err(stop_iteration(value)),
            }
        },
    },
    Method {
        name: "close",
        call: |obj, args| {
            args.none("close")?;
            close(obj, generator_of(obj)?)
        },
    },
];

/// What `yield from` sends into its sub-iterator next.
enum Input {
    Send(Obj),
    Throw(PyErr),
}

/// `yield from iterable` in a generator's body: every value of the sub-iterator is
/// yielded out, every value sent or exception thrown in is passed down (to a generator's
/// `send`/`throw`, or to an iterator's methods of those names), and the result is the
/// sub-iterator's return value (`StopIteration.value`).
pub async fn yield_from(channel: &Channel, iterable: Obj) -> PyResult<Obj> {
    // A coroutine is awaited as it is (it is not iterable).
    let iterator = if iterable.downcast_ref::<PyCoroutine>().is_some() {
        iterable
    } else {
        iterable.iter()?
    };
    delegate(channel, iterator, None).await
}

/// A step of a sub-iterator, as `yield from` reads it: its return value (`Ok`), or the
/// value it yielded (`Err`); a `StopIteration` it raised is a return.
#[inline]
fn outcome(step: PyResult<Step>) -> PyResult<Result<Obj, Obj>> {
    match step {
        Ok(Step::Yielded(value)) => Ok(Err(value)),
        Ok(Step::Returned(value)) => Ok(Ok(value)),
        Err(error) if error.is_instance(&STOP_ITERATION) => Ok(Ok(error
            .value()
            .getattr("value")
            .unwrap_or_else(|_| Obj::none()))),
        Err(error) => Err(error),
    }
}

/// The loop of `yield from iterator`, from its first step (`yielded`: the first step was
/// taken already and yielded this value).
async fn delegate(channel: &Channel, iterator: Obj, yielded: Option<Obj>) -> PyResult<Obj> {
    let mut iterator = iterator;
    let mut input = match yielded {
        Some(value) => suspend(channel, &mut iterator, value).await?,
        None => Input::Send(Obj::none()),
    };
    loop {
        let step = match (input, driven(&iterator)) {
            // Resumed directly (`resume_delegate`): the sub-generator's step is taken.
            (_, Some(_)) if let Some(step) = channel.delegated.take() => step,
            (input, Some(generator)) => {
                // A level of recursion per generator in the chain (see `resume_delegate`),
                // with the stack's end checked: the chain is being built.
                let _depth = super::enter_recursive_call("")?;
                match input {
                    Input::Send(value) => resume(&iterator, generator, value, None),
                    Input::Throw(error) => resume(&iterator, generator, Obj::none(), Some(error)),
                }
            }
            (Input::Send(value), None) if value.is_none() => match iterator.next_item() {
                Ok(Some(item)) => Ok(Step::Yielded(item)),
                Ok(None) => Ok(Step::Returned(Obj::none())),
                Err(error) => Err(error),
            },
            (Input::Send(value), None) => iterator
                .call_method("send", std::slice::from_ref(&value))
                .map(Step::Yielded),
            (Input::Throw(error), None) => {
                if error.is_instance(&GENERATOR_EXIT) {
                    if iterator.hasattr("close")? {
                        iterator.call_method("close", &[])?;
                    }
                    return Err(error);
                }
                if !iterator.hasattr("throw")? {
                    return Err(error);
                }
                iterator
                    .call_method("throw", &[error.into_value()])
                    .map(Step::Yielded)
            }
        };
        let value = match outcome(step)? {
            Ok(result) => return Ok(result),
            Err(value) => value,
        };
        // A generator or coroutine waits in the channel while the body is suspended:
        // the next `send` resumes it directly (`resume_delegate`).
        input = suspend(channel, &mut iterator, value).await?;
    }
}

/// Yields `value` out of `yield from iterator` and suspends; what the body is resumed
/// with. A generator or coroutine `iterator` waits in the channel meanwhile, so that the
/// next `send` resumes it directly ([`resume_delegate`]).
async fn suspend(channel: &Channel, iterator: &mut Obj, value: Obj) -> PyResult<Input> {
    let resumed = if driven(iterator).is_some() {
        channel
            .delegate
            .set(Some(std::mem::replace(iterator, Obj::none())));
        let resumed = yield_value(channel, value).await;
        match channel.delegate.take() {
            Some(delegate) => *iterator = delegate,
            // Only the collector takes it (with the body, which so never resumes).
            None => {
                return Err(PyErr::new(
                    &RUNTIME_ERROR,
                    "generator lost its sub-iterator",
                ));
            }
        }
        resumed
    } else {
        yield_value(channel, value).await
    };
    Ok(match resumed {
        Ok(sent) => Input::Send(sent),
        Err(error) => Input::Throw(error),
    })
}
