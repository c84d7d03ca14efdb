//! Scope analysis, as CPython's `symtable` does it, at compile time.
//!
//! Two passes over the tree. The first records, per scope, how each name is used (bound,
//! read, parameter, declared `global`/`nonlocal`) and reports the declaration errors and
//! misplaced `return`/`break`/`continue`. The second resolves every name top-down:
//! local, cell (a local that a nested function reads), free (a nested function's
//! reference to an enclosing function's local), global (bound at the top level of the
//! block, or declared `global` and bound somewhere) or builtin. Class bodies are scopes
//! whose names their methods do not see. A name bound nowhere in the block and not a
//! builtin is an error: the block is a closed world.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use proc_macro2::Span;

use super::Errors;
use super::ast::{
    Comprehension, Expr, ExprKind, FPart, Params, ScopeId, Stmt, StmtKind, Target, TargetKind,
};

/// The builtins a block may use without binding them. The runtime provides each.
pub(crate) const BUILTINS: &[&str] = &[
    "print",
    "len",
    "range",
    "id",
    "type",
    "isinstance",
    "hasattr",
    "getattr",
    "setattr",
    "int",
    "float",
    "str",
    "bytes",
    "repr",
    "bool",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "sorted",
    "sum",
    "min",
    "max",
    "abs",
    "any",
    "all",
    "enumerate",
    "zip",
    "hash",
    "iter",
    "next",
    "floordiv",
    "format",
    "staticmethod",
    "classmethod",
    "property",
    "super",
    "vars",
    "delattr",
    "ord",
    "chr",
    "bin",
    "oct",
    "hex",
    "ascii",
    "callable",
    "divmod",
    "pow",
    "round",
    "issubclass",
    "map",
    "filter",
    "reversed",
    "object",
    "NotImplemented",
    "BaseException",
    "Exception",
    "TypeError",
    "ValueError",
    "IndexError",
    "KeyError",
    "NameError",
    "UnboundLocalError",
    "AttributeError",
    "ZeroDivisionError",
    "AssertionError",
    "RuntimeError",
    "ReferenceError",
    "OverflowError",
    "StopIteration",
    "StopAsyncIteration",
    "GeneratorExit",
    "LookupError",
    "ArithmeticError",
    "RecursionError",
    "NotImplementedError",
    "MemoryError",
    "SystemError",
    "ImportError",
    "ModuleNotFoundError",
    "open",
    "OSError",
    "IOError",
    "EnvironmentError",
    "FileNotFoundError",
    "FileExistsError",
    "PermissionError",
    "IsADirectoryError",
    "NotADirectoryError",
];

/// Whether `name` is one of [`BUILTINS`].
pub(crate) fn is_builtin(name: &str) -> bool {
    BUILTINS.contains(&name)
}

/// The kinds of scopes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    /// The block itself: its names are the block's globals.
    Module,
    /// A `def`.
    Function,
    /// A `lambda`.
    Lambda,
    /// A class body.
    Class,
    /// A list, set or dict comprehension or a generator expression.
    Comprehension,
}

impl ScopeKind {
    /// Whether the scope is a function frame (its locals can be cells).
    pub(crate) fn is_function(self) -> bool {
        matches!(
            self,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        )
    }
}

/// What a name refers to in one scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    /// A local of this function or class body, not captured.
    Local,
    /// A local of this function captured by a nested scope: it lives in a cell.
    Cell,
    /// A local of an enclosing function, reached through its cell.
    Free,
    /// A global of the block (bound at its top level or declared `global` and bound).
    Global,
    /// A builtin (not bound as a global anywhere in the block).
    Builtin,
}

/// How a name is used in one scope.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Flags {
    /// Bound here: assigned, augmented, deleted, a `for` or `except ... as` target, a
    /// `def`/`class` name, an import, or a parameter.
    pub(crate) bound: bool,
    /// Read here.
    pub(crate) used: bool,
    /// A parameter.
    pub(crate) param: bool,
    /// Declared `global` here.
    pub(crate) global: bool,
    /// Declared `nonlocal` here.
    pub(crate) nonlocal: bool,
}

/// One name of one scope.
#[derive(Clone, Debug)]
pub(crate) struct Symbol {
    /// How it is used.
    pub(crate) flags: Flags,
    /// What it refers to.
    pub(crate) resolution: Resolution,
    /// Its first use, binding or declaration.
    pub(crate) span: Span,
}

/// One scope's symbol table.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    /// What opened it.
    pub(crate) kind: ScopeKind,
    /// The function or class name, `<lambda>`, `<listcomp>`, ... or `<module>`.
    pub(crate) name: String,
    /// The enclosing scope (`None` for the block).
    pub(crate) parent: Option<ScopeId>,
    /// The scopes directly inside, in source order.
    pub(crate) children: Vec<ScopeId>,
    /// Every name used in the scope.
    pub(crate) symbols: BTreeMap<String, Symbol>,
    /// Its parameters in order (`*args` last).
    pub(crate) params: Vec<String>,
    /// The locals captured by nested scopes, sorted (CPython's `co_cellvars`).
    pub(crate) cellvars: Vec<String>,
    /// A generator's or coroutine's other locals, in order: each is a slot of the
    /// generator's frame (read and written as a cell, [`Resolution::Cell`]), numbered
    /// by its position here.
    pub(crate) frame_slots: Vec<String>,
    /// The names it reaches in enclosing functions, sorted (CPython's `co_freevars`),
    /// including those only passed through to nested scopes.
    pub(crate) freevars: Vec<String>,
    /// Where it is opened.
    pub(crate) span: Span,
    /// A function whose body holds `yield`: calling it makes a generator.
    pub(crate) generator: bool,
    /// An `async def`: calling it makes a coroutine.
    pub(crate) coroutine: bool,
}

/// The symbol tables of a block, indexed by [`ScopeId`].
pub(crate) struct Scopes {
    /// Scope 0 is the block; the others in source order.
    pub(crate) scopes: Vec<Scope>,
    /// The block's globals: every name bound at its top level or declared `global` and
    /// bound in a function.
    pub(crate) globals: BTreeSet<String>,
}

impl Scopes {
    /// The scope `id`.
    pub(crate) fn get(&self, id: ScopeId) -> Option<&Scope> {
        self.scopes.get(id)
    }

    /// What `name` refers to in scope `id`.
    pub(crate) fn resolve(&self, id: ScopeId, name: &str) -> Option<Resolution> {
        Some(self.get(id)?.symbols.get(name)?.resolution)
    }
}

fn empty_scope(span: Span) -> Scope {
    Scope {
        kind: ScopeKind::Module,
        name: "<module>".into(),
        parent: None,
        children: Vec::new(),
        symbols: BTreeMap::new(),
        params: Vec::new(),
        cellvars: Vec::new(),
        frame_slots: Vec::new(),
        freevars: Vec::new(),
        span,
        generator: false,
        coroutine: false,
    }
}

/// Builds the symbol tables of `body` (which holds `scope_count` scopes), recording the
/// errors CPython's compiler would raise, and "name 'x' is not defined".
pub(crate) fn analyze(body: &[Stmt], scope_count: usize, errors: &mut Errors) -> Scopes {
    let span = body.first().map_or_else(Span::call_site, |stmt| stmt.span);
    let mut collector = Collector {
        scopes: (0..scope_count.max(1)).map(|_| empty_scope(span)).collect(),
        current: 0,
        in_loop: false,
        at: (0, 0),
        errors,
    };
    collector.stmts(body);
    let mut scopes = collector.scopes;
    let errors = collector.errors;

    // Resolve top-down (iteratively, so no input can exhaust the stack).
    resolve(&mut scopes, errors);

    // The globals, then the names that are neither bound nor builtins.
    let mut globals = BTreeSet::new();
    for (id, scope) in scopes.iter().enumerate() {
        for (name, symbol) in &scope.symbols {
            let module_binding = id == 0 && symbol.flags.bound;
            if module_binding || (symbol.flags.global && symbol.flags.bound) {
                globals.insert(name.clone());
            }
        }
    }
    for scope in &mut scopes {
        for (name, symbol) in &mut scope.symbols {
            if symbol.resolution != Resolution::Global || globals.contains(name) {
                continue;
            }
            if is_builtin(name) {
                symbol.resolution = Resolution::Builtin;
            } else if symbol.flags.used {
                errors.add(symbol.span, format!("name '{name}' is not defined"));
            }
        }
    }
    Scopes { scopes, globals }
}

/// The first pass: how each scope uses each name.
struct Collector<'e> {
    scopes: Vec<Scope>,
    current: ScopeId,
    in_loop: bool,
    /// The line and column of the statement being looked at (see [`Collector::syntax`]).
    at: (usize, usize),
    errors: &'e mut Errors,
}

impl Collector<'_> {
    /// Records one of CPython's compile-time `SyntaxError`s at `span`, located at the
    /// statement being looked at (the text forms then say its Python line and column).
    fn syntax(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.add_syntax(span, self.at, message);
    }

    fn symbol(&mut self, name: &str, span: Span) -> Option<&mut Symbol> {
        let scope = self.scopes.get_mut(self.current)?;
        Some(
            scope
                .symbols
                .entry(name.to_owned())
                .or_insert_with(|| Symbol {
                    flags: Flags::default(),
                    resolution: Resolution::Global,
                    span,
                }),
        )
    }

    fn bind(&mut self, name: &str, span: Span) {
        if let Some(symbol) = self.symbol(name, span) {
            let flags = symbol.flags;
            // "no binding for nonlocal" points at the declaration.
            if !flags.bound && !flags.used && !flags.nonlocal {
                symbol.span = span;
            }
            symbol.flags.bound = true;
        }
    }

    fn use_name(&mut self, name: &str, span: Span) {
        if let Some(symbol) = self.symbol(name, span) {
            let flags = symbol.flags;
            if !flags.used && !flags.nonlocal {
                // Errors about this name point at its first use.
                symbol.span = span;
            }
            symbol.flags.used = true;
        }
    }

    fn kind(&self) -> ScopeKind {
        self.scopes
            .get(self.current)
            .map_or(ScopeKind::Module, |scope| scope.kind)
    }

    /// Enters scope `id`, runs `f`, comes back.
    fn in_scope(
        &mut self,
        id: ScopeId,
        kind: ScopeKind,
        name: &str,
        span: Span,
        f: impl FnOnce(&mut Self),
    ) {
        while self.scopes.len() <= id {
            self.scopes.push(empty_scope(span));
        }
        let parent = self.current;
        if let Some(scope) = self.scopes.get_mut(id) {
            scope.kind = kind;
            scope.name = name.to_owned();
            scope.parent = Some(parent);
            scope.span = span;
        }
        if let Some(scope) = self.scopes.get_mut(parent) {
            scope.children.push(id);
        }
        let in_loop = std::mem::replace(&mut self.in_loop, false);
        self.current = id;
        f(self);
        self.current = parent;
        self.in_loop = in_loop;
    }

    fn params(&mut self, params: &Params) {
        let mut names = Vec::new();
        for param in &params.args {
            names.push(param.name.name.clone());
        }
        names.extend(params.vararg.iter().map(|name| name.name.clone()));
        names.extend(params.kwonly.iter().map(|param| param.name.name.clone()));
        names.extend(params.kwarg.iter().map(|name| name.name.clone()));
        let all = params
            .args
            .iter()
            .map(|param| &param.name)
            .chain(&params.vararg)
            .chain(params.kwonly.iter().map(|param| &param.name))
            .chain(&params.kwarg);
        for name in all {
            self.bind(&name.name, name.span);
            if let Some(symbol) = self.symbol(&name.name, name.span) {
                symbol.flags.param = true;
            }
        }
        if let Some(scope) = self.scopes.get_mut(self.current) {
            scope.params = names;
        }
    }

    /// A `yield` in the current scope: its function becomes a generator; elsewhere it is
    /// CPython's syntax error.
    fn yield_here(&mut self, span: Span, what: &str) {
        let Some(scope) = self.scopes.get_mut(self.current) else {
            return;
        };
        match scope.kind {
            ScopeKind::Function | ScopeKind::Lambda if scope.coroutine => {
                self.errors.add(
                    span,
                    "pyblock! does not support asynchronous generators (`yield` in `async def`)",
                );
            }
            ScopeKind::Function | ScopeKind::Lambda => scope.generator = true,
            ScopeKind::Comprehension => {
                let kind = match scope.name.as_str() {
                    "<listcomp>" => "list comprehension",
                    "<setcomp>" => "set comprehension",
                    "<dictcomp>" => "dict comprehension",
                    _ => "generator expression",
                };
                self.syntax(span, format!("'{what}' inside {kind}"));
            }
            ScopeKind::Module | ScopeKind::Class => {
                self.syntax(span, format!("'{what}' outside function"));
            }
        }
    }

    fn fstring(&mut self, parts: &[FPart]) {
        for part in parts {
            if let FPart::Value { value, spec, .. } = part {
                self.expr(value);
                self.fstring(spec);
            }
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn loop_body(&mut self, body: &[Stmt]) {
        let in_loop = std::mem::replace(&mut self.in_loop, true);
        self.stmts(body);
        self.in_loop = in_loop;
    }

    fn stmt(&mut self, stmt: &Stmt) {
        self.at = (stmt.line, stmt.column);
        match &stmt.kind {
            StmtKind::Expr(expr) => self.expr(expr),
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                for target in targets {
                    self.target(target);
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target);
                self.expr(value);
            }
            StmtKind::Delete(targets) => {
                for target in targets {
                    self.target(target);
                }
            }
            StmtKind::Pass => {}
            StmtKind::If { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.loop_body(body);
                self.stmts(orelse);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter);
                self.target(target);
                self.loop_body(body);
                self.stmts(orelse);
            }
            StmtKind::Break => {
                if !self.in_loop {
                    self.syntax(stmt.span, "'break' outside loop");
                }
            }
            StmtKind::Continue => {
                if !self.in_loop {
                    self.syntax(stmt.span, "'continue' not properly in loop");
                }
            }
            StmtKind::FunctionDef(def) => {
                for decorator in &def.decorators {
                    self.expr(decorator);
                }
                for param in def.params.args.iter().chain(&def.params.kwonly) {
                    if let Some(default) = &param.default {
                        self.expr(default);
                    }
                }
                self.bind(&def.name.name, def.name.span);
                self.in_scope(
                    def.scope,
                    ScopeKind::Function,
                    &def.name.name,
                    stmt.span,
                    |this| {
                        if let Some(scope) = this.scopes.get_mut(def.scope) {
                            scope.coroutine = def.is_async;
                        }
                        this.params(&def.params);
                        this.stmts(&def.body);
                    },
                );
            }
            StmtKind::ClassDef(class) => {
                for decorator in &class.decorators {
                    self.expr(decorator);
                }
                for base in &class.bases {
                    self.expr(base);
                }
                self.bind(&class.name.name, class.name.span);
                self.in_scope(
                    class.scope,
                    ScopeKind::Class,
                    &class.name.name,
                    stmt.span,
                    |this| this.stmts(&class.body),
                );
            }
            StmtKind::Return(value) => {
                if self.kind() != ScopeKind::Function {
                    self.syntax(stmt.span, "'return' outside function");
                }
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            StmtKind::Global(names) => {
                for name in names {
                    self.declare(name.name.as_str(), stmt.span, true);
                }
            }
            StmtKind::Nonlocal(names) => {
                if self.current == 0 {
                    self.syntax(
                        stmt.span,
                        "nonlocal declaration not allowed at module level",
                    );
                    return;
                }
                for name in names {
                    self.declare(name.name.as_str(), stmt.span, false);
                }
            }
            StmtKind::Import(aliases) => {
                for alias in aliases {
                    let bound = alias.bound();
                    self.bind(&bound.name, bound.span);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for (name, asname) in names {
                    let bound = asname.as_ref().unwrap_or(name);
                    self.bind(&bound.name, bound.span);
                }
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(msg) = msg {
                    self.expr(msg);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body);
                for handler in handlers {
                    if let Some(ty) = &handler.ty {
                        self.expr(ty);
                    }
                    if let Some(name) = &handler.name {
                        self.bind(&name.name, name.span);
                    }
                    self.stmts(&handler.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::Raise(exc) => {
                if let Some(exc) = exc {
                    self.expr(exc);
                }
            }
            StmtKind::RaiseFrom { exc, cause } => {
                self.expr(exc);
                self.expr(cause);
            }
        }
    }

    /// Whether `scope` is a comprehension's or a generator expression's.
    fn is_comprehension(&self, scope: ScopeId) -> bool {
        self.scopes.get(scope).is_some_and(|info| {
            info.kind == ScopeKind::Comprehension
                || (info.kind == ScopeKind::Lambda && info.name == "<genexpr>")
        })
    }

    /// The target of `name := value`. Inside comprehensions and generator expressions it
    /// binds in the nearest enclosing scope that is neither (PEP 572): a local of that
    /// function, reached from the comprehensions in between as `nonlocal` (a cell), or a
    /// global at module level; in a class body it is CPython's syntax error.
    fn bind_named(&mut self, name: &str, span: Span) {
        let mut between = Vec::new();
        let mut scope = self.current;
        while self.is_comprehension(scope) {
            between.push(scope);
            match self.scopes.get(scope).and_then(|info| info.parent) {
                Some(parent) => scope = parent,
                None => break,
            }
        }
        if between.is_empty() {
            return self.bind(name, span);
        }
        let kind = self.scopes.get(scope).map(|info| info.kind);
        if kind == Some(ScopeKind::Class) {
            return self.syntax(
                span,
                "assignment expression within a comprehension cannot be used in a class body",
            );
        }
        let global = kind == Some(ScopeKind::Module);
        let current = self.current;
        for &inner in &between {
            self.current = inner;
            if let Some(symbol) = self.symbol(name, span) {
                if symbol.flags.bound && !symbol.flags.nonlocal && !symbol.flags.global {
                    // Bound here already: an iteration variable of the comprehension.
                    self.current = current;
                    return self.syntax(
                        span,
                        format!(
                            "assignment expression cannot rebind comprehension iteration variable '{name}'"
                        ),
                    );
                }
                if global {
                    symbol.flags.global = true;
                } else {
                    symbol.flags.nonlocal = true;
                }
                symbol.flags.bound = true;
            }
        }
        self.current = scope;
        self.bind(name, span);
        self.current = current;
    }

    /// `global name` (`global` true) or `nonlocal name`, with CPython's checks; `span` is
    /// the statement's, where CPython reports its errors.
    fn declare(&mut self, name: &str, span: Span, global: bool) {
        let existing = self
            .scopes
            .get(self.current)
            .and_then(|scope| scope.symbols.get(name))
            .map(|symbol| symbol.flags);
        let which = if global { "global" } else { "nonlocal" };
        if let Some(flags) = existing {
            let message = if flags.param {
                Some(format!("name '{name}' is parameter and {which}"))
            } else if flags.used {
                Some(format!(
                    "name '{name}' is used prior to {which} declaration"
                ))
            } else if flags.bound {
                Some(format!(
                    "name '{name}' is assigned to before {which} declaration"
                ))
            } else if (global && flags.nonlocal) || (!global && flags.global) {
                Some(format!("name '{name}' is nonlocal and global"))
            } else {
                None
            };
            if let Some(message) = message {
                self.syntax(span, message);
                return;
            }
        }
        if let Some(symbol) = self.symbol(name, span) {
            symbol.span = span;
            if global {
                symbol.flags.global = true;
            } else {
                symbol.flags.nonlocal = true;
            }
        }
    }

    fn target(&mut self, target: &Target) {
        match &target.kind {
            TargetKind::Name(name) => self.bind(&name.name, name.span),
            TargetKind::Attribute { value, .. } => self.expr(value),
            TargetKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index);
            }
            TargetKind::Tuple(elts) | TargetKind::List(elts) => {
                for elt in elts {
                    self.target(elt);
                }
            }
            TargetKind::Starred(inner) => self.target(inner),
        }
    }

    fn comprehension(&mut self, comp: &Comprehension, name: &str, span: Span) {
        let mut generators = comp.generators.iter();
        let first = generators.next();
        if let Some(first) = first {
            self.expr(&first.iter);
        }
        self.in_scope(comp.scope, ScopeKind::Comprehension, name, span, |this| {
            if let Some(first) = first {
                this.target(&first.target);
                for cond in &first.ifs {
                    this.expr(cond);
                }
            }
            for clause in generators {
                this.expr(&clause.iter);
                this.target(&clause.target);
                for cond in &clause.ifs {
                    this.expr(cond);
                }
            }
            this.expr(&comp.elt);
            if let Some(value) = &comp.value {
                this.expr(value);
            }
        });
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Name(name) => self.use_name(&name.name, name.span),
            ExprKind::RustVar(_) | ExprKind::Constant(_) => {}
            ExprKind::List(elts) | ExprKind::Tuple(elts) | ExprKind::Set(elts) => {
                for elt in elts {
                    self.expr(elt);
                }
            }
            ExprKind::Dict(items) => {
                for (key, value) in items {
                    self.expr(key);
                    self.expr(value);
                }
            }
            ExprKind::ListComp(comp) => self.comprehension(comp, "<listcomp>", expr.span),
            ExprKind::SetComp(comp) => self.comprehension(comp, "<setcomp>", expr.span),
            ExprKind::DictComp(comp) => self.comprehension(comp, "<dictcomp>", expr.span),
            ExprKind::GeneratorExp(comp) => self.comprehension(comp, "<genexpr>", expr.span),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func);
                for arg in args {
                    self.expr(arg);
                }
                for keyword in keywords {
                    self.expr(&keyword.value);
                }
            }
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, index } => {
                self.expr(value);
                self.expr(index);
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.expr(part);
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Starred(value) => self.expr(value),
            ExprKind::FString(parts) => self.fstring(parts),
            ExprKind::Yield(value) => {
                self.yield_here(expr.span, "yield");
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            ExprKind::YieldFrom(value) => {
                self.yield_here(expr.span, "yield from");
                self.expr(value);
            }
            ExprKind::Runtime { args, .. } => {
                for arg in args {
                    self.expr(arg);
                }
            }
            ExprKind::Named { target, value } => {
                self.expr(value);
                self.bind_named(&target.name, target.span);
            }
            ExprKind::Await(value) => {
                let coroutine = self.scopes.get(self.current).is_some_and(|s| s.coroutine);
                if !coroutine {
                    let message = match self.kind() {
                        ScopeKind::Function | ScopeKind::Lambda => "'await' outside async function",
                        _ => "'await' outside function",
                    };
                    self.syntax(expr.span, message);
                }
                self.expr(value);
            }
            ExprKind::BoolOp { values, .. } => {
                for value in values {
                    self.expr(value);
                }
            }
            ExprKind::Compare { left, ops } => {
                self.expr(left);
                for (_, right) in ops {
                    self.expr(right);
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Lambda(lambda) => {
                for param in lambda.params.args.iter().chain(&lambda.params.kwonly) {
                    if let Some(default) = &param.default {
                        self.expr(default);
                    }
                }
                self.in_scope(
                    lambda.scope,
                    ScopeKind::Lambda,
                    lambda.name,
                    expr.span,
                    |this| {
                        this.params(&lambda.params);
                        this.expr(&lambda.body);
                        this.stmts(&lambda.statements);
                    },
                );
            }
        }
    }
}

/// The second pass: resolves each scope's names given the names its enclosing functions
/// bind, marks cells, and collects free variables bottom-up. Iterative: a pre-order walk
/// computes what each scope sees, a post-order walk propagates free names.
fn resolve(scopes: &mut [Scope], errors: &mut Errors) {
    let count = scopes.len();
    // bound[id]: the names of enclosing functions visible from scope id.
    let mut visible: Vec<HashSet<String>> = vec![HashSet::new(); count];
    let mut order = Vec::with_capacity(count);
    let mut stack = vec![0usize];
    let mut seen = vec![false; count];
    while let Some(id) = stack.pop() {
        if seen.get(id).copied().unwrap_or(true) {
            continue;
        }
        if let Some(flag) = seen.get_mut(id) {
            *flag = true;
        }
        order.push(id);
        let Some(scope) = scopes.get_mut(id) else {
            continue;
        };
        let bound = visible.get(id).cloned().unwrap_or_default();
        let is_module = id == 0;
        // The block's names are globals, not visible as enclosing locals; a class
        // passes on what its enclosing functions bind, but not its own names.
        let mut for_children = if is_module {
            HashSet::new()
        } else {
            bound.clone()
        };
        for (name, symbol) in &mut scope.symbols {
            let flags = symbol.flags;
            symbol.resolution = if flags.global {
                for_children.remove(name);
                Resolution::Global
            } else if flags.nonlocal {
                if !bound.contains(name) {
                    errors.add(
                        symbol.span,
                        format!("no binding for nonlocal '{name}' found"),
                    );
                }
                Resolution::Free
            } else if flags.bound {
                if is_module {
                    Resolution::Global
                } else {
                    if scope.kind.is_function() {
                        for_children.insert(name.clone());
                    }
                    Resolution::Local
                }
            } else if !is_module && bound.contains(name) {
                Resolution::Free
            } else {
                Resolution::Global
            };
        }
        for child in scope.children.iter().rev() {
            if let Some(slot) = visible.get_mut(*child) {
                slot.clone_from(&for_children);
            }
            stack.push(*child);
        }
    }
    // Post-order: each scope's free names, children first.
    let mut free: Vec<BTreeSet<String>> = vec![BTreeSet::new(); count];
    for &id in order.iter().rev() {
        let Some(scope) = scopes.get_mut(id) else {
            continue;
        };
        let mut child_free = BTreeSet::new();
        for child in &scope.children {
            if let Some(names) = free.get(*child) {
                child_free.extend(names.iter().cloned());
            }
        }
        let mut own: BTreeSet<String> = scope
            .symbols
            .iter()
            .filter(|(_, symbol)| symbol.resolution == Resolution::Free)
            .map(|(name, _)| name.clone())
            .collect();
        let mut cells = Vec::new();
        for name in child_free {
            let symbol = scope.symbols.get_mut(&name);
            match symbol {
                Some(symbol)
                    if scope.kind.is_function()
                        && matches!(symbol.resolution, Resolution::Local | Resolution::Cell) =>
                {
                    symbol.resolution = Resolution::Cell;
                    cells.push(name);
                }
                Some(symbol) if scope.kind == ScopeKind::Class => {
                    // A class local keeps its meaning in the class body; the method's
                    // reference passes through the class to the enclosing function.
                    if symbol.resolution == Resolution::Global {
                        symbol.resolution = Resolution::Free;
                    }
                    own.insert(name);
                }
                Some(symbol) => {
                    symbol.resolution = Resolution::Free;
                    own.insert(name);
                }
                None => {
                    own.insert(name);
                }
            }
        }
        if scope.generator || scope.coroutine {
            // A generator's frame outlives the call, on the heap: every local is a slot
            // of the frame (or a cell, if captured), which the generator object holds
            // and traces while it is suspended.
            for (name, symbol) in scope.symbols.iter_mut() {
                if symbol.resolution == Resolution::Local {
                    symbol.resolution = Resolution::Cell;
                    scope.frame_slots.push(name.clone());
                }
            }
        }
        if id == 0 {
            own.clear();
        }
        scope.cellvars = cells;
        scope.freevars = own.iter().cloned().collect();
        if let Some(slot) = free.get_mut(id) {
            *slot = own;
        }
    }
}
