#!/usr/bin/env python3
"""pyperformance's programs through ``pyblock!``, next to CPython, in one command.

Usage (from anywhere; paths are taken relative to this file)::

    python3 benches/pyperformance/run.py [--programs a,b] [--runs 5] [--check-only]
                                         [--nuitka] [--timeout SECONDS]

What it does:

1. Creates, once, a scratch virtual environment ``target/pyperformance/venv`` and installs
   ``pyperformance==1.14.0`` into it. pyperformance's code is fetched at run time and never
   copied into this repository. If pip cannot reach its index the command prints a loud
   note and exits 0 ("skipped").
2. For each program of ``PROGRAMS`` it takes
   ``pyperformance/data-files/benchmarks/bm_<name>/run_benchmark.py`` from the venv, keeps
   everything before its ``if __name__ == "__main__":`` line unchanged, and replaces that
   block by a fixed-size driver (the ``DRIVERS`` table below): a function ``__bench_main()``
   that calls the benchmark the way pyperf's runner would, with a fixed loop count (sized
   for about 0.2-1 s in CPython), and prints a deterministic result (never a timing),
   followed by a call ``__bench_main()``. The result is
   ``target/pyperformance/programs/<name>.py``.
3. Runs each generated program with the venv's ``python3`` (the CPython 3.11 that made the
   venv; the venv only adds pyperf, which the programs import) and records its stdout as
   the expected output, ``target/pyperformance/expected/<name>.txt``.
4. Generates a cargo crate ``target/pyperformance/crate`` (outside /work/main's workspace:
   it has an empty ``[workspace]`` table) depending on this repository's ``pyobj``, with one
   binary target per program: ``src/bin/<name>.rs`` runs
   ``pyblock!(file "../programs/<name>.py")`` under ``pyobj::capture_stdout``. It builds
   them with ``cargo build --release --keep-going`` (``CARGO_TARGET_DIR`` is
   ``target/pyperformance/cargo-target``), so a program that fails to compile is reported
   as "does not compile" (with the compiler's first error; every error is in
   ``target/pyperformance/build/<name>.log``) and the others are still built and measured.
   A binary runs as ``<name> check`` (run once, print the program's stdout; a traceback
   goes to stderr with exit status 1) or ``<name> time N`` (run N times, print each run's
   wall time in ms).
5. Compares each built program's output with CPython's, exactly: "same output",
   "different output" (with a short diff) or "raises" (with the traceback's last line).
   Then, unless ``--check-only``, it times both sides: one warm-up run of each, then
   ``--runs`` runs alternating pyblock!, CPython, pyblock!, CPython, ... each in its own
   process.

What is timed: the execution of the whole program, inside the process, so process start-up
is excluded on both sides. For pyblock! the binary times the ``pyblock!`` block (the module
body: definitions, module-level code and the driver call); for CPython a small wrapper (this
script's ``--child`` mode) compiles the program first, imports the modules it imports (a
first import is not part of the benchmark: pyblock! resolves imports when it compiles), and
times ``exec`` of the compiled module body with ``time.perf_counter``. Both sides capture the
program's stdout, and neither times the teardown of the module's namespace.

The table gives, per program: whether it compiles, how its output compares, the median time
of pyblock! and of CPython, and the ratio CPython / pyblock! (above 1: pyblock! is faster),
with the geometric mean of the ratios over the programs that were timed. ``--nuitka`` adds a
column for Nuitka (module mode, installed into the venv with pip) and the ratio CPython /
Nuitka, timed the same way (the compiled module's import, which runs its body, timed in a
fresh process; its output is not compared).
The table is also written to ``target/pyperformance/report.txt``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import difflib
import importlib
import io
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

PYPERFORMANCE = "pyperformance==1.14.0"

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORK = REPO / "target" / "pyperformance"
VENV = WORK / "venv"
PROGRAMS_DIR = WORK / "programs"
EXPECTED_DIR = WORK / "expected"
BUILD_LOGS = WORK / "build"
CRATE = WORK / "crate"
CARGO_TARGET = WORK / "cargo-target"
NUITKA_DIR = WORK / "nuitka"
REPORT = WORK / "report.txt"

# The line that starts the block each program's driver replaces (either quote style).
MAIN_GUARD = re.compile(r"""^if __name__ == (['"])__main__\1:\s*$""")

# Words in pip's output when it could not reach its index (as opposed to a real error).
PIP_OFFLINE_HINTS = (
    "NewConnectionError",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "Connection refused",
    "ConnectTimeoutError",
    "ReadTimeoutError",
    "ProxyError",
    "SSLError",
    "No matching distribution found",
    "Could not find a version that satisfies",
)


@dataclasses.dataclass(frozen=True)
class Driver:
    """What replaces a program's ``if __name__ == "__main__":`` block.

    ``body`` is the body of ``__bench_main()``; ``defs`` (optional) is module-level code
    placed before it. Both avoid timings: what they print must be the same on every run.
    """

    why: str
    body: str
    defs: str = ""


# One entry per program. Each calls the function pyperf's runner calls (``bench_func``:
# the function with its arguments, once per loop; ``bench_time_func``: the function with
# ``loops`` first), with a fixed size, then prints something deterministic. CPython 3.11
# times (this machine) are in each ``why``.
DRIVERS: dict[str, Driver] = {
    "richards": Driver(
        "bench_func(Richards().run, 1) per loop; run(8) does the 8 loops (~360 ms)",
        """
        print(Richards().run(8))
        print(taskWorkArea.holdCount, taskWorkArea.qpktCount)
        """,
    ),
    "nbody": Driver(
        "bench_time_func(bench_nbody, 'sun', 20000); 1 loop of 80000 steps (~390 ms)",
        """
        bench_nbody(1, DEFAULT_REFERENCE, 80000)
        print(report_energy())
        """,
    ),
    "deltablue": Driver(
        "bench_func(delta_blue, 100) per loop; 100 loops (~360 ms)",
        """
        for i in range(100):
            delta_blue(100)
        print("delta_blue(100) x 100 done")
        """,
    ),
    "go": Driver(
        "bench_func(versus_cpu) per loop (it seeds random itself); 3 loops (~380 ms)",
        """
        for i in range(3):
            print(versus_cpu())
        """,
    ),
    "chaos": Driver(
        "main(runner, args) with a stand-in runner whose bench_func calls "
        "chaos.create_image_chaos 2 times, with the default arguments (~400 ms); "
        "the next random number shows the random stream was used the same way",
        """
        main(_BenchRunner(2), _BenchArgs())
        print(random.random())
        """,
        defs="""
        class _BenchRunner:
            # Stands in for pyperf.Runner: bench_func calls the function `loops` times.
            def __init__(self, loops):
                self.metadata = {}
                self.loops = loops

            def bench_func(self, name, func, width, height, iterations, filename, seed):
                for i in range(self.loops):
                    func(width, height, iterations, filename, seed)


        class _BenchArgs:
            # The command line's defaults, as pyperf's argument parser gives them.
            def __init__(self):
                self.thickness = DEFAULT_THICKNESS
                self.width = DEFAULT_WIDTH
                self.height = DEFAULT_HEIGHT
                self.iterations = DEFAULT_ITERATIONS
                self.filename = None
                self.rng_seed = DEFAULT_RNG_SEED
        """,
    ),
    "raytrace": Driver(
        "bench_time_func(bench_raytrace, 100, 100, None); 1 loop (~280 ms)",
        """
        bench_raytrace(1, DEFAULT_WIDTH, DEFAULT_HEIGHT, None)
        print("raytrace", DEFAULT_WIDTH, DEFAULT_HEIGHT, "done")
        """,
    ),
    "hexiom": Driver(
        "bench_time_func(main, 25); 60 loops (~370 ms); main checks the solution",
        """
        main(60, DEFAULT_LEVEL)
        print("hexiom level", DEFAULT_LEVEL, "solved")
        """,
    ),
    "float": Driver(
        "bench_func(benchmark, POINTS) per loop; 4 loops (~330 ms)",
        """
        for i in range(3):
            benchmark(POINTS)
        print(benchmark(POINTS))
        """,
    ),
    "nqueens": Driver(
        "bench_func(bench_n_queens, 8) per loop; 4 loops (~350 ms), then the count of solutions",
        """
        for i in range(3):
            bench_n_queens(8)
        print(len(list(n_queens(8))))
        """,
    ),
    "spectral_norm": Driver(
        "bench_time_func(bench_spectral_norm); 3 loops (~370 ms)",
        """
        bench_spectral_norm(3)
        print("spectral_norm", DEFAULT_N, "done")
        """,
    ),
    "fannkuch": Driver(
        "bench_func(fannkuch, DEFAULT_ARG) per loop; 1 loop (~380 ms)",
        """
        print(fannkuch(DEFAULT_ARG))
        """,
    ),
    "generators": Driver(
        "bench_time_func(bench_generators); 3 loops (~400 ms with the tree's construction)",
        """
        bench_generators(3)
        print(list(tree(range(10))))
        """,
    ),
    "coroutines": Driver(
        "bench_time_func(bench_coroutines); 15 loops (~350 ms)",
        """
        bench_coroutines(15)
        print("coroutines fibonacci(25) x 15 done")
        """,
    ),
    "deepcopy": Driver(
        "the three bench_time_func: benchmark 300, benchmark_reduce 30000 and "
        "benchmark_memo 3000 loops (~400 ms)",
        """
        benchmark(300)
        benchmark_reduce(30000)
        benchmark_memo(3000)
        print(copy.deepcopy(A('hello', [1, 2, 3], True)))
        """,
    ),
    "unpack_sequence": Driver(
        "bench_time_func(bench_all, inner_loops=400); 25000 loops (~330 ms)",
        """
        bench_all(25000)
        print("unpack_sequence x 25000 done")
        """,
    ),
    "gc_collect": Driver(
        "bench_time_func(benchamark_collection, CYCLES, LINKS); 70 loops (~350 ms)",
        """
        benchamark_collection(70, CYCLES, LINKS)
        print("gc_collect x 70 done")
        """,
    ),
    "gc_traversal": Driver(
        "bench_time_func(benchamark_collection, N_LEVELS); 20 loops (~330 ms)",
        """
        benchamark_collection(20, N_LEVELS)
        print("gc_traversal x 20 done")
        """,
    ),
}

PROGRAMS = list(DRIVERS)


# --------------------------------------------------------------------------------------
# Small helpers


def say(*parts: object) -> None:
    """Progress line, flushed at once (cargo and the children run in between)."""
    print(*parts, flush=True)


def loud(lines: list[str]) -> None:
    """A note that must not be missed."""
    bar = "!" * 78
    say(bar)
    for line in lines:
        say("!! " + line)
    say(bar)


def write_if_changed(path: Path, text: str) -> None:
    """Writes ``text`` unless the file already holds it (cargo rebuilds on a new mtime)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text() == text:
        return
    path.write_text(text)


def venv_python() -> Path:
    return VENV / "bin" / "python3"


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def run_process(command: list[str], timeout: float, cwd: Path | None = None):
    """Runs ``command``; ``(returncode or None on timeout, stdout, stderr)``."""
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            errors="replace",
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout or ""
        err = expired.stderr or ""
        if isinstance(out, bytes):
            out = out.decode(errors="replace")
        if isinstance(err, bytes):
            err = err.decode(errors="replace")
        return None, out, err
    return done.returncode, done.stdout, done.stderr


def describe_exit(code: int | None, stderr: str, timeout: float) -> str:
    """Words for a child that did not end well."""
    if code is None:
        return f"timeout after {timeout:g} s"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"crashes ({name})"
    if code == 101 and "panicked" in stderr:
        return "panics: " + shorten(first_line(stderr[stderr.find("panicked"):]), 100)
    return f"exits with status {code}: " + shorten(last_line(stderr), 100)


# --------------------------------------------------------------------------------------
# 1. The venv


def ensure_venv() -> bool:
    """Makes the venv with pyperformance; False (after a loud note) when pip is offline."""
    python = venv_python()
    if not python.exists():
        say(f"creating {VENV.relative_to(REPO)} ...")
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    check = subprocess.run(
        [str(python), "-c", "import pyperformance; print(pyperformance.__version__)"],
        capture_output=True,
        text=True,
    )
    wanted = PYPERFORMANCE.split("==")[1]
    if check.returncode == 0 and check.stdout.strip() == wanted:
        return True
    say(f"pip install {PYPERFORMANCE} into {VENV.relative_to(REPO)} ...")
    ok, output = pip_install([PYPERFORMANCE])
    if ok:
        return True
    if any(hint in output for hint in PIP_OFFLINE_HINTS):
        loud(
            [
                f"pip could not install {PYPERFORMANCE}: its package index is out of reach.",
                "The pyperformance comparison is SKIPPED (nothing was measured).",
                "pip said: " + shorten(last_line(output), 100),
            ]
        )
        say("skipped")
        return False
    say(output)
    raise SystemExit(f"pip install {PYPERFORMANCE} failed (see above)")


def pip_install(packages: list[str]) -> tuple[bool, str]:
    done = subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check",
         "--retries", "2", "--timeout", "30", *packages],
        capture_output=True,
        text=True,
    )
    return done.returncode == 0, done.stdout + done.stderr


def benchmarks_dir() -> Path:
    found = subprocess.run(
        [str(venv_python()), "-c",
         "import os, pyperformance; print(os.path.dirname(pyperformance.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(found.stdout.strip()) / "data-files" / "benchmarks"


# --------------------------------------------------------------------------------------
# 2. The generated programs


def generate_program(name: str, benchmarks: Path) -> Path:
    """``programs/<name>.py``: pyperformance's code up to its main block, then our driver."""
    source = (benchmarks / f"bm_{name}" / "run_benchmark.py").read_text()
    lines = source.splitlines(keepends=True)
    cut = next((i for i, line in enumerate(lines) if MAIN_GUARD.match(line)), None)
    if cut is None:
        raise SystemExit(f"bm_{name}/run_benchmark.py has no `if __name__ == '__main__':` line")
    kept = "".join(lines[:cut])
    if not kept.endswith("\n"):
        kept += "\n"
    driver = DRIVERS[name]
    text = kept
    note = (
        "Driver written by benches/pyperformance/run.py, in place of pyperformance's "
        f'`if __name__ == "__main__":` block: {driver.why}.'
    )
    text += textwrap.fill(note, 88, initial_indent="# ", subsequent_indent="# ") + "\n"
    if driver.defs.strip():
        text += textwrap.dedent(driver.defs).strip("\n") + "\n\n\n"
    body = textwrap.indent(textwrap.dedent(driver.body).strip("\n"), "    ")
    text += f"def __bench_main():\n{body}\n\n\n__bench_main()\n"
    path = PROGRAMS_DIR / f"{name}.py"
    write_if_changed(path, text)
    return path


# --------------------------------------------------------------------------------------
# 3. CPython's output


def expected_output(name: str, timeout: float) -> tuple[str | None, str]:
    """Runs the program with CPython; (its stdout, or None and why it failed)."""
    code, out, err = run_process(
        [str(venv_python()), str(PROGRAMS_DIR / f"{name}.py")], timeout, cwd=WORK
    )
    if code != 0:
        return None, describe_exit(code, err, timeout)
    write_if_changed(EXPECTED_DIR / f"{name}.txt", out)
    return out, ""


# --------------------------------------------------------------------------------------
# 4. The crate

CARGO_TOML = """\
# Generated by benches/pyperformance/run.py (rewritten on every run; edit that script).
# Not part of {repo}'s workspace: the empty [workspace] table makes it a root of its own.

[package]
name = "pyperformance-programs"
version = "0.0.0"
edition = "2024"
publish = false
autobins = false

[workspace]

[lib]
path = "src/lib.rs"

[dependencies]
pyobj = {{ path = "{pyobj}" }}

[profile.release]
opt-level = 3
{bins}"""

BIN_ENTRY = """
[[bin]]
name = "{name}"
path = "src/bin/{name}.rs"
"""

LIB_RS = """\
//! Generated by benches/pyperformance/run.py (rewritten on every run; edit that script).
//!
//! The command line shared by the binaries, one per pyperformance program:
//! `<program> check` runs the program once and prints what it printed (a traceback goes to
//! stderr, with exit status 1); `<program> time N` runs it N times and prints each run's
//! wall time in milliseconds, one a line (what the program printed is captured and
//! dropped).

use std::fmt::Display;
use std::io::Write;
use std::time::Instant;

/// The stack of the thread that runs the program (reserved, touched only as deep as the
/// program goes): deep Python recursion is deep Rust recursion.
const STACK_BYTES: usize = 1 << 30;

/// Runs the program `run` as the command line asks, then exits.
pub fn main<T: 'static, E: Display + 'static>(name: &'static str, run: fn() -> (Result<T, E>, String)) -> ! {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let times = match args.as_slice() {
        ["check"] => None,
        ["time", n] => match n.parse::<usize>() {
            Ok(n) if n > 0 => Some(n),
            _ => usage(name),
        },
        _ => usage(name),
    };
    let worker = std::thread::Builder::new()
        .name(name.to_string())
        .stack_size(STACK_BYTES)
        .spawn(move || match times {
            None => check(run),
            Some(n) => time(run, n),
        })
        .expect("a thread for the program");
    let code = worker.join().unwrap_or(101);
    let _ = std::io::stdout().flush();
    std::process::exit(code)
}

fn usage(name: &str) -> ! {
    eprintln!("usage: {name} check | {name} time N");
    std::process::exit(2)
}

fn check<T, E: Display>(run: fn() -> (Result<T, E>, String)) -> i32 {
    let (result, out) = run();
    print!("{out}");
    let _ = std::io::stdout().flush();
    match result {
        Ok(_) => 0,
        Err(error) => {
            eprintln!("{error}");
            1
        }
    }
}

fn time<T, E: Display>(run: fn() -> (Result<T, E>, String), n: usize) -> i32 {
    for _ in 0..n {
        let start = Instant::now();
        let (result, out) = run();
        let ms = start.elapsed().as_secs_f64() * 1e3;
        if let Err(error) = &result {
            eprint!("{out}");
            eprintln!("{error}");
            return 1;
        }
        // The namespace's teardown is not timed (CPython's side does not time it either).
        drop((result, out));
        println!("{ms:.3}");
    }
    0
}
"""

BIN_RS = """\
//! Generated by benches/pyperformance/run.py (rewritten on every run; edit that script):
//! pyperformance's `{name}` (`../programs/{name}.py`, relative to the crate's manifest),
//! compiled by `pyblock!`.

mod program {{
    /// Runs the program once: the block's result (its namespace, or the error whose
    /// `Display` is the Python traceback) and what it printed.
    pub fn run() -> (Result<impl Sized, impl std::fmt::Display>, String) {{
        pyobj::capture_stdout(|| pyobj::pyblock!(file "../programs/{name}.py"))
    }}
}}

fn main() {{
    pyperformance_programs::main("{name}", program::run)
}}
"""


def generate_crate() -> None:
    """The crate, with a binary for every program (``--programs`` only picks what to build)."""
    bins = "".join(BIN_ENTRY.format(name=name) for name in PROGRAMS)
    write_if_changed(
        CRATE / "Cargo.toml",
        CARGO_TOML.format(repo=REPO, pyobj=REPO.as_posix(), bins=bins),
    )
    write_if_changed(CRATE / "src" / "lib.rs", LIB_RS)
    for name in PROGRAMS:
        write_if_changed(CRATE / "src" / "bin" / f"{name}.rs", BIN_RS.format(name=name))
    for stale in (CRATE / "src" / "bin").glob("*.rs"):
        if stale.stem not in DRIVERS:
            stale.unlink()
    # Start from the repository's lock file: the same dependency versions as its own builds.
    lock = REPO / "Cargo.lock"
    if lock.exists():
        write_if_changed(CRATE / "Cargo.lock", lock.read_text())


@dataclasses.dataclass
class Build:
    """What cargo said about one program's binary."""

    executable: Path | None = None
    errors: list[str] = dataclasses.field(default_factory=list)  # first line of each
    rendered: list[str] = dataclasses.field(default_factory=list)  # the full messages

    def summary(self) -> str:
        if self.executable:
            return "compiles"
        if not self.errors:
            return "not built"
        more = f" (+{len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        return self.errors[0] + more

    def other_errors(self, limit: int = 6) -> list[str]:
        """The other errors' kinds (their text without the location), most frequent first."""
        counts: dict[str, int] = {}
        for error in self.errors[1:]:
            kind = LOCATION.sub("", error)
            counts[kind] = counts.get(kind, 0) + 1
        ordered = sorted(counts.items(), key=lambda item: -item[1])
        lines = [f"{kind}" + (f" (x{count})" if count > 1 else "") for kind, count in ordered]
        if len(lines) > limit:
            lines = lines[:limit] + [f"... and {len(lines) - limit} more kinds"]
        return lines


# `File "...", line N, column M: ` at the start of a pyblock! compile error.
LOCATION = re.compile(r'^File "[^"]*", line \d+(, column \d+)?: ')


def is_summary_error(text: str) -> bool:
    """rustc's closing lines, which repeat that there were errors."""
    return text.startswith(("aborting due to", "could not compile"))


def build(names: list[str]) -> dict[str, Build]:
    """``cargo build --release --keep-going`` of the programs' binaries, read from cargo's
    JSON messages: each binary's executable, or its own compile errors."""
    builds = {name: Build() for name in names}
    dependency_errors: list[str] = []
    command = ["cargo", "build", "--release", "--keep-going", "--message-format=json"]
    for name in names:
        command += ["--bin", name]
    env = dict(os.environ, CARGO_TARGET_DIR=str(CARGO_TARGET))
    say(f"cargo build --release ({len(names)} binaries, CARGO_TARGET_DIR="
        f"{CARGO_TARGET.relative_to(REPO)}) ...")
    started = time.monotonic()
    BUILD_LOGS.mkdir(parents=True, exist_ok=True)
    cargo_log = BUILD_LOGS / "cargo-stderr.log"
    with open(cargo_log, "w") as stderr:
        process = subprocess.Popen(
            command, cwd=CRATE, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue
            reason = message.get("reason")
            target = message.get("target") or {}
            name = target.get("name")
            is_ours = "bin" in target.get("kind", []) and name in builds
            if reason == "compiler-artifact" and is_ours and message.get("executable"):
                builds[name].executable = Path(message["executable"])
                say(f"  {name}: compiles")
            elif reason == "compiler-message":
                diagnostic = message.get("message") or {}
                if diagnostic.get("level") not in ("error", "error: internal compiler error"):
                    continue
                text = diagnostic.get("message", "")
                if is_summary_error(text):
                    continue
                if is_ours:
                    if not builds[name].errors:
                        say(f"  {name}: does not compile")
                    builds[name].errors.append(first_line(text))
                    builds[name].rendered.append(diagnostic.get("rendered") or text)
                else:
                    dependency_errors.append(f"{name}: {first_line(text)}")
        process.wait()
    say(f"cargo finished in {time.monotonic() - started:.0f} s (status {process.returncode})")
    for name, result in builds.items():
        if result.executable is None and not result.errors:
            if dependency_errors:
                why = "not built: a dependency does not compile: " + dependency_errors[0]
            else:
                why = "not built: cargo stopped, see " + str(cargo_log.relative_to(REPO))
                tail = last_line(cargo_log.read_text())
                if tail:
                    why += f" ({tail})"
            result.errors.append(why)
        (BUILD_LOGS / f"{name}.log").write_text(
            "\n".join(result.rendered) if result.rendered else result.summary() + "\n"
        )
    return builds


# --------------------------------------------------------------------------------------
# 5. Checks and timings


@dataclasses.dataclass
class Row:
    name: str
    compiles: str = "-"
    output: str = "-"
    detail: list[str] = dataclasses.field(default_factory=list)
    pyblock_ms: list[float] = dataclasses.field(default_factory=list)
    cpython_ms: list[float] = dataclasses.field(default_factory=list)
    nuitka_ms: list[float] = dataclasses.field(default_factory=list)
    nuitka_note: str = ""
    same: bool = False


def compare(row: Row, expected: str, executable: Path, timeout: float) -> bool:
    """Runs the binary once and compares its stdout with CPython's; True when it ran."""
    code, out, err = run_process([str(executable), "check"], timeout, cwd=WORK)
    if code == 1 and err.strip():
        row.output = "raises"
        row.detail.append("raises: " + last_line(err))
        return False
    if code != 0:
        row.output = describe_exit(code, err, timeout).split(":")[0]
        row.detail.append(describe_exit(code, err, timeout))
        return False
    if out == expected:
        row.output = "same output"
        row.same = True
    else:
        row.output = "different output"
        diff = list(
            difflib.unified_diff(
                expected.splitlines(), out.splitlines(), "CPython", "pyblock!", lineterm="", n=1
            )
        )
        shown = diff[:12]
        row.detail.append("different output:")
        row.detail += ["    " + shorten(line, 110) for line in shown]
        if len(diff) > len(shown):
            row.detail.append(f"    ... ({len(diff) - len(shown)} more diff lines)")
    return True


def time_once(command: list[str], timeout: float) -> tuple[float | None, str]:
    """One timed run in its own process: (ms, "") or (None, why)."""
    code, out, err = run_process(command, timeout, cwd=WORK)
    if code != 0:
        return None, describe_exit(code, err, timeout)
    try:
        return float(out.split()[-1]), ""
    except (IndexError, ValueError):
        return None, "no timing printed: " + shorten(out.strip(), 80)


def measure(row: Row, commands: dict[str, list[str]], runs: int, timeout: float) -> None:
    """A warm-up run of each side, then ``runs`` rounds alternating the sides."""
    samples = {"pyblock": row.pyblock_ms, "cpython": row.cpython_ms, "nuitka": row.nuitka_ms}
    failed: set[str] = set()
    for round_ in range(runs + 1):
        for side, command in commands.items():
            if side in failed:
                continue
            ms, why = time_once(command, timeout)
            if ms is None:
                failed.add(side)
                samples[side].clear()
                row.detail.append(f"{side} timing failed: {why}")
            elif round_ > 0:  # round 0 is the warm-up
                samples[side].append(ms)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def geometric_mean(values: list[float]) -> float | None:
    values = [value for value in values if value > 0]
    if not values:
        return None
    return math.exp(sum(math.log(value) for value in values) / len(values))


# --------------------------------------------------------------------------------------
# Nuitka (optional)


def nuitka_build(names: list[str], timeout: float) -> dict[str, Path | str]:
    """Compiles each program as a Nuitka extension module; its path, or why not."""
    ok, output = pip_install(["nuitka"])
    if not ok:
        why = "pip install nuitka failed: " + shorten(last_line(output), 60)
        loud([why, "The Nuitka column is left out."])
        return {name: why for name in names}
    built: dict[str, Path | str] = {}
    NUITKA_DIR.mkdir(parents=True, exist_ok=True)
    for name in names:
        # A module name of its own: `bm_float` rather than `float`.
        source = NUITKA_DIR / f"bm_{name}.py"
        write_if_changed(source, (PROGRAMS_DIR / f"{name}.py").read_text())
        for old in NUITKA_DIR.glob(f"bm_{name}.*.so"):
            if old.stat().st_mtime < source.stat().st_mtime:
                old.unlink()
        existing = sorted(NUITKA_DIR.glob(f"bm_{name}.*.so"))
        if existing:
            built[name] = existing[0]
            continue
        say(f"  nuitka --module {source.name} ...")
        code, out, err = run_process(
            [str(venv_python()), "-m", "nuitka", "--module", "--assume-yes-for-downloads",
             "--remove-output", f"--output-dir={NUITKA_DIR}", str(source)],
            timeout,
            cwd=NUITKA_DIR,
        )
        found = sorted(NUITKA_DIR.glob(f"bm_{name}.*.so"))
        if code == 0 and found:
            built[name] = found[0]
        else:
            built[name] = "nuitka failed: " + shorten(last_line(err or out), 80)
    return built


# --------------------------------------------------------------------------------------
# The CPython side's timing wrapper (`run.py --child ...`, run by the venv's python)


def import_what_it_imports(tree: ast.Module) -> None:
    """Imports the modules a program imports at its top level, so that their first import
    is not timed."""
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module != "__future__":
                importlib.import_module(node.module)


def child(mode: str, count: int, target: str) -> int:
    """Times ``count`` executions of a program's module body.

    ``mode`` is ``exec`` (``target`` is a generated .py: compile it, import what it
    imports, then time ``exec`` of the code in a fresh namespace) or ``import``
    (``target`` is a compiled extension module's directory and name, ``DIR:MODULE``: the
    import, which runs the module body, is timed; ``count`` must be 1). Prints one time in
    ms a line; the program's stdout is captured and dropped.
    """
    from time import perf_counter

    if mode == "exec":
        path = Path(target)
        source = path.read_text()
        tree = ast.parse(source, str(path))
        code = compile(tree, str(path), "exec")
        import_what_it_imports(tree)
        for _ in range(count):
            namespace = {"__name__": "__main__", "__file__": str(path)}
            captured = io.StringIO()
            start = perf_counter()
            with contextlib.redirect_stdout(captured):
                exec(code, namespace)
            ms = (perf_counter() - start) * 1e3
            del namespace
            print(f"{ms:.3f}", flush=True)
        return 0
    if mode == "import":
        directory, module = target.rsplit(":", 1)
        sys.path.insert(0, directory)
        # What the program imports is imported first (not timed), as for `exec`.
        import_what_it_imports(ast.parse(Path(directory, module + ".py").read_text()))
        captured = io.StringIO()
        start = perf_counter()
        with contextlib.redirect_stdout(captured):
            importlib.import_module(module)
        ms = (perf_counter() - start) * 1e3
        print(f"{ms:.3f}", flush=True)
        return 0
    raise SystemExit(f"unknown child mode {mode}")


# --------------------------------------------------------------------------------------
# The table


def fmt_ms(values: list[float]) -> str:
    value = median(values)
    return "-" if value is None else f"{value:.1f}"


def table(rows: list[Row], with_nuitka: bool, timed: bool) -> list[str]:
    header = ["program", "compiles?", "output", "pyblock! ms", "CPython ms", "ratio"]
    if with_nuitka:
        header += ["Nuitka ms", "CPython/Nuitka"]
    lines_: list[list[str]] = []
    ratios: list[float] = []
    same_ratios: list[float] = []
    nuitka_ratios: list[float] = []
    for row in rows:
        pyblock, cpython = median(row.pyblock_ms), median(row.cpython_ms)
        ratio = "-"
        if pyblock and cpython:
            ratios.append(cpython / pyblock)
            if row.same:
                same_ratios.append(cpython / pyblock)
            ratio = f"{cpython / pyblock:.2f}x"
        cells = [row.name, row.compiles, row.output, fmt_ms(row.pyblock_ms),
                 fmt_ms(row.cpython_ms), ratio]
        if with_nuitka:
            nuitka = median(row.nuitka_ms)
            nuitka_ratio = "-"
            if nuitka and cpython:
                nuitka_ratios.append(cpython / nuitka)
                nuitka_ratio = f"{cpython / nuitka:.2f}x"
            cells += [fmt_ms(row.nuitka_ms), nuitka_ratio]
        lines_.append(cells)
    widths = [max(len(cells[i]) for cells in [header, *lines_]) for i in range(len(header))]

    def render(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    out = [render(header), render(["-" * width for width in widths])]
    out += [render(cells) for cells in lines_]
    if timed:
        mean = geometric_mean(ratios)
        out.append("")
        if mean is None:
            out.append("geometric mean of the ratios: - (no program was timed)")
        else:
            out.append(
                f"geometric mean of the ratios (CPython / pyblock!, {len(ratios)} programs "
                f"timed): {mean:.2f}x"
            )
            if len(same_ratios) != len(ratios):
                same = geometric_mean(same_ratios)
                out.append(
                    "  over the programs with the same output only: "
                    + ("-" if same is None else f"{same:.2f}x ({len(same_ratios)} programs)")
                )
        if with_nuitka:
            nuitka_mean = geometric_mean(nuitka_ratios)
            out.append(
                "geometric mean of CPython / Nuitka: "
                + ("-" if nuitka_mean is None else f"{nuitka_mean:.2f}x")
            )
    return out


# --------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="pyperformance's programs through pyblock!, next to CPython "
        "(see this script's docstring).",
    )
    parser.add_argument("--programs", help="comma-separated subset of: " + ",".join(PROGRAMS))
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs of each side, after one warm-up (default 5)")
    parser.add_argument("--check-only", action="store_true",
                        help="build and compare outputs; time nothing")
    parser.add_argument("--nuitka", action="store_true",
                        help="add a Nuitka column (pip install nuitka into the venv)")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds allowed for one run of one program (default 300)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "N", "TARGET"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.programs:
        names = [name.strip() for name in args.programs.split(",") if name.strip()]
        unknown = [name for name in names if name not in DRIVERS]
        if unknown:
            parser.error(f"unknown program(s) {', '.join(unknown)}; known: {', '.join(PROGRAMS)}")
        args.names = names
    else:
        args.names = PROGRAMS
    if args.runs < 1 and not args.check_only:
        parser.error("--runs must be at least 1 (or use --check-only)")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.child:
        mode, count, target = args.child
        return child(mode, int(count), target)

    WORK.mkdir(parents=True, exist_ok=True)
    if not ensure_venv():
        return 0
    version = subprocess.run(
        [str(venv_python()), "-c", "import platform; print(platform.python_implementation(), "
         "platform.python_version())"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    say(f"{PYPERFORMANCE}, CPython side: {version} ({venv_python().relative_to(REPO)})")

    benchmarks = benchmarks_dir()
    for name in PROGRAMS:
        generate_program(name, benchmarks)
    say(f"programs written to {PROGRAMS_DIR.relative_to(REPO)}/")

    rows = {name: Row(name) for name in args.names}
    expected: dict[str, str] = {}
    say("CPython's outputs ...")
    for name in args.names:
        out, why = expected_output(name, args.timeout)
        if out is None:
            rows[name].detail.append("CPython: " + why)
            say(f"  {name}: CPython {why}")
        else:
            expected[name] = out

    generate_crate()
    builds = build(args.names)

    say("running ...")
    to_time: list[str] = []
    for name in args.names:
        row, result = rows[name], builds[name]
        if result.executable is None:
            row.compiles = "no"
            row.detail.insert(0, "does not compile: " + result.summary())
            others = result.other_errors()
            if others:
                row.detail.insert(1, "also: " + "; ".join(others))
            continue
        row.compiles = "yes"
        if name not in expected:
            row.output = "CPython fails"
            continue
        ran = compare(row, expected[name], result.executable, args.timeout)
        say(f"  {name}: {row.output}")
        if ran:
            to_time.append(name)

    nuitka: dict[str, Path | str] = {}
    if args.nuitka and not args.check_only and to_time:
        say("Nuitka (module mode) ...")
        nuitka = nuitka_build(to_time, max(args.timeout, 900))
    if not args.check_only:
        for name in to_time:
            say(f"timing {name} ({args.runs} runs each side, alternating) ...")
            commands = {
                "pyblock": [str(builds[name].executable), "time", "1"],
                "cpython": [str(venv_python()), str(Path(__file__).resolve()), "--child",
                            "exec", "1", str(PROGRAMS_DIR / f"{name}.py")],
            }
            compiled = nuitka.get(name)
            if isinstance(compiled, Path):
                commands["nuitka"] = [
                    str(venv_python()), str(Path(__file__).resolve()), "--child", "import",
                    "1", f"{compiled.parent}:bm_{name}",
                ]
            elif isinstance(compiled, str):
                rows[name].detail.append(compiled)
            measure(rows[name], commands, args.runs, args.timeout)

    report = table(list(rows.values()), bool(args.nuitka and not args.check_only),
                   not args.check_only)
    details = []
    for row in rows.values():
        if row.detail:
            details.append(f"{row.name}:")
            details += ["  " + line for line in row.detail]
    text = "\n".join(report)
    if details:
        text += "\n\nDetails (every compile error: target/pyperformance/build/<program>.log):\n"
        text += "\n".join(details)
    say("")
    say(text)
    REPORT.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
