//! The modules `import` may name. The runtime provides each one
//! (`pyobj_runtime::modules`); the macro knows their names and attributes, so that an
//! unknown module, or a name a module lacks, is a compile error rather than a run-time
//! `ImportError`.

/// A module the runtime provides.
pub(crate) struct KnownModule {
    /// Its name, as `import` writes it.
    pub(crate) name: &'static str,
    /// The names `from module import name` may take from it.
    pub(crate) attrs: &'static [&'static str],
}

/// Every module `import` accepts, in alphabetical order.
pub(crate) const MODULES: &[KnownModule] = &[
    KnownModule {
        name: "gc",
        attrs: &[
            "DEBUG_COLLECTABLE",
            "DEBUG_LEAK",
            "DEBUG_SAVEALL",
            "DEBUG_STATS",
            "callbacks",
            "collect",
            "disable",
            "enable",
            "freeze",
            "garbage",
            "get_count",
            "get_debug",
            "get_freeze_count",
            "get_objects",
            "get_referents",
            "get_referrers",
            "get_stats",
            "get_threshold",
            "is_finalized",
            "is_tracked",
            "isenabled",
            "set_debug",
            "set_threshold",
            "unfreeze",
        ],
    },
    KnownModule {
        name: "math",
        attrs: &[
            "acos",
            "acosh",
            "asin",
            "asinh",
            "atan",
            "atan2",
            "atanh",
            "cbrt",
            "ceil",
            "comb",
            "copysign",
            "cos",
            "cosh",
            "degrees",
            "dist",
            "e",
            "erf",
            "erfc",
            "exp",
            "exp2",
            "expm1",
            "fabs",
            "factorial",
            "floor",
            "fmod",
            "frexp",
            "fsum",
            "gamma",
            "gcd",
            "hypot",
            "inf",
            "isclose",
            "isfinite",
            "isinf",
            "isnan",
            "isqrt",
            "lcm",
            "ldexp",
            "lgamma",
            "log",
            "log10",
            "log1p",
            "log2",
            "modf",
            "nan",
            "nextafter",
            "perm",
            "pi",
            "pow",
            "prod",
            "radians",
            "remainder",
            "sin",
            "sinh",
            "sqrt",
            "tan",
            "tanh",
            "tau",
            "trunc",
            "ulp",
        ],
    },
    KnownModule {
        name: "pyperf",
        attrs: &["perf_counter"],
    },
    KnownModule {
        name: "random",
        attrs: &[
            "Random",
            "betavariate",
            "choice",
            "choices",
            "expovariate",
            "gammavariate",
            "gauss",
            "getrandbits",
            "getstate",
            "lognormvariate",
            "normalvariate",
            "paretovariate",
            "randbytes",
            "randint",
            "random",
            "randrange",
            "sample",
            "seed",
            "setstate",
            "shuffle",
            "triangular",
            "uniform",
            "vonmisesvariate",
            "weibullvariate",
        ],
    },
    KnownModule {
        name: "sys",
        attrs: &[
            "getrecursionlimit",
            "getrefcount",
            "getsizeof",
            "intern",
            "maxsize",
            "setrecursionlimit",
        ],
    },
    KnownModule {
        name: "time",
        attrs: &[
            "monotonic",
            "monotonic_ns",
            "perf_counter",
            "perf_counter_ns",
            "sleep",
            "time",
            "time_ns",
        ],
    },
    KnownModule {
        name: "weakref",
        attrs: &["ReferenceType", "ref"],
    },
];

/// The module named `name`, if the runtime has it.
pub(crate) fn find(name: &str) -> Option<&'static KnownModule> {
    MODULES.iter().find(|module| module.name == name)
}

/// The compile error for `import name` of a module the runtime lacks.
pub(crate) fn no_module(name: &str) -> String {
    let names: Vec<&str> = MODULES.iter().map(|module| module.name).collect();
    format!(
        "No module named '{name}': pyblock! provides {}",
        names.join(", ")
    )
}

/// The compile error for `from module import name` of a name the module lacks
/// (CPython's `ImportError` text).
pub(crate) fn no_name(module: &str, name: &str) -> String {
    format!("cannot import name '{name}' from '{module}'")
}
