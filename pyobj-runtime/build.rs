//! Tells the crate whether the compiler can evaluate `TypeId::of` in a constant
//! (Rust 1.91 and later): a vtable then holds its type's `TypeId` itself, and a checked
//! downcast compares two words instead of calling a function. Older compilers (down to
//! the crate's minimum, 1.88) keep the function; setting `PYOBJ_FN_TYPE_ID` at build
//! time picks that path on any compiler, to test it.

use std::process::Command;

fn main() {
    println!("cargo:rustc-check-cfg=cfg(pyobj_const_type_id)");
    println!("cargo:rerun-if-env-changed=RUSTC");
    println!("cargo:rerun-if-env-changed=PYOBJ_FN_TYPE_ID");
    if std::env::var_os("PYOBJ_FN_TYPE_ID").is_some() {
        return;
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok());
    if version
        .as_deref()
        .and_then(minor_version)
        .is_some_and(|minor| minor >= 91)
    {
        println!("cargo:rustc-cfg=pyobj_const_type_id");
    }
}

/// The minor version of a `rustc 1.MINOR.PATCH ...` line.
fn minor_version(line: &str) -> Option<u32> {
    let version = line.strip_prefix("rustc ")?.split(' ').next()?;
    let mut parts = version.split('.');
    if parts.next()? != "1" {
        return None;
    }
    parts.next()?.parse().ok()
}
