//! `PyErr` (thread-local: `!Send`) into `pyobj_runtime::Error` (`Send + Sync + 'static`),
//! for Rust code whose errors cross threads or go into `Box<dyn Error + Send + Sync>`.

use std::error::Error as StdError;
use std::fmt;

use pyobj_runtime::exceptions::{INDEX_ERROR, ZERO_DIVISION_ERROR};
use pyobj_runtime::frame::Location;
use pyobj_runtime::{Error, Obj, PyErr, PyResult};

fn assert_send_sync_static<T: Send + Sync + 'static + StdError>() {}

#[test]
fn the_error_is_send_sync_static_and_a_std_error() {
    assert_send_sync_static::<Error>();
}

fn zero_division_with_traceback() -> PyErr {
    PyErr::new(&ZERO_DIVISION_ERROR, "division by zero")
        .with_location(Location {
            file: "src/main.rs",
            line: 9,
            function: "f",
        })
        .with_location(Location {
            file: "src/main.rs",
            line: 12,
            function: "<module>",
        })
}

#[test]
fn into_send_keeps_the_type_name_the_message_and_the_full_traceback() {
    let error = zero_division_with_traceback();
    let text = error.to_string();
    let sent = error.into_send();
    assert_eq!(sent.type_name(), "ZeroDivisionError");
    assert_eq!(sent.message(), "division by zero");
    assert_eq!(sent.to_string(), text);
    assert_eq!(
        sent.to_string(),
        "Traceback (most recent call last):\n  File \"src/main.rs\", line 12, in <module>\n  \
         File \"src/main.rs\", line 9, in f\nZeroDivisionError: division by zero"
    );
    assert_eq!(format!("{sent:?}"), text);
    assert!(sent.is("ArithmeticError") && sent.is("Exception") && sent.is("BaseException"));
    assert!(!sent.is("LookupError"));
}

#[test]
fn the_error_crosses_threads_with_its_text() {
    let sent = zero_division_with_traceback().into_send();
    let text = std::thread::spawn(move || format!("{sent}"))
        .join()
        .unwrap();
    assert!(text.ends_with("\nZeroDivisionError: division by zero"));
}

fn first_item(list: &Obj) -> PyResult<Obj> {
    list.get_item(&Obj::from(0))
}

/// `?` straight from a `PyResult`, into `pyobj_runtime::Error`.
fn first_as_error(list: &Obj) -> Result<i64, Error> {
    Ok(first_item(list)?.extract::<i64>()?)
}

/// Into `Box<dyn Error + Send + Sync>`, through `into_send`.
fn first_boxed(list: &Obj) -> Result<i64, Box<dyn StdError + Send + Sync>> {
    let item = first_item(list).map_err(PyErr::into_send)?;
    Ok(item.extract::<i64>().map_err(PyErr::into_send)?)
}

/// Into `Box<dyn Error + Send + Sync>`, from a function returning `Error`.
fn first_boxed_through_error(list: &Obj) -> Result<i64, Box<dyn StdError + Send + Sync>> {
    Ok(first_as_error(list)?)
}

#[test]
fn question_mark_works_into_error_and_into_a_send_sync_box() {
    let empty = Obj::list([]);
    let full = Obj::list([Obj::from(7)]);
    assert_eq!(first_as_error(&full), Ok(7));
    let error = first_as_error(&empty).unwrap_err();
    assert_eq!(error.to_string(), "IndexError: list index out of range");
    assert_eq!(first_boxed(&full).unwrap(), 7);
    for boxed in [
        first_boxed(&empty).unwrap_err(),
        first_boxed_through_error(&empty).unwrap_err(),
    ] {
        assert_eq!(boxed.to_string(), "IndexError: list index out of range");
        let error = boxed.downcast::<Error>().expect("an Error inside");
        assert_eq!(error.type_name(), "IndexError");
        assert!(error.is("LookupError"));
    }
}

/// An application's error enum, converting from `PyErr` through `Error`.
#[derive(Debug)]
enum AppError {
    Python(Error),
    Empty,
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Python(error) => write!(f, "python: {error}"),
            AppError::Empty => f.write_str("empty"),
        }
    }
}

impl StdError for AppError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            AppError::Python(error) => Some(error),
            AppError::Empty => None,
        }
    }
}

impl From<PyErr> for AppError {
    fn from(error: PyErr) -> Self {
        AppError::Python(error.into())
    }
}

fn app(list: &Obj) -> Result<i64, AppError> {
    if list.len()? == 0 {
        return Err(AppError::Empty);
    }
    let item = list.get_item(&Obj::from(1))?;
    Ok(item.extract::<i64>()?)
}

#[test]
fn question_mark_works_into_an_application_error_enum() {
    assert!(matches!(app(&Obj::list([])), Err(AppError::Empty)));
    let error = app(&Obj::list([Obj::from(1)])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "python: IndexError: list index out of range"
    );
    let source = error.source().unwrap().downcast_ref::<Error>().unwrap();
    assert_eq!(source.type_name(), "IndexError");
    // And the enum itself may leave the thread.
    let boxed: Box<dyn StdError + Send + Sync> = Box::new(error);
    std::thread::spawn(move || assert!(boxed.to_string().starts_with("python: ")))
        .join()
        .unwrap();
    assert!(PyErr::new(&INDEX_ERROR, "x").into_send().is("IndexError"));
}
