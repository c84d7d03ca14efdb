//! The tree of a `pyblock!`: Python's `ast` module, cut down to what the macro supports.
//!
//! Every node keeps the span of its first token (its `span`), so errors and the generated
//! code point at the Python source; statements also keep their line and column for
//! tracebacks. Names that open a scope (`def`, `class`, `lambda`, comprehensions) carry
//! the [`ScopeId`] under which [`super::scope`] files their symbol table.

use proc_macro2::Span;

use super::scope::Scopes;

/// Index of a scope in [`Scopes`]: 0 is the block itself, then every `def`, `lambda`,
/// `class` and comprehension in source order.
pub(crate) type ScopeId = usize;

/// A whole `pyblock! { ... }`: its statements and the symbol tables of its scopes.
pub(crate) struct Module {
    /// The top-level statements, in order.
    pub(crate) body: Vec<Stmt>,
    /// What each name means in each scope (filled by [`super::scope::analyze`]).
    pub(crate) scopes: Scopes,
    /// Where the code comes from, for tracebacks and rebuilds.
    pub(crate) origin: Origin,
}

/// Where a block's Python comes from.
#[derive(Clone, Debug, Default)]
pub(crate) enum Origin {
    /// Rust tokens or a string literal: tracebacks name the Rust file (`file!()`) and the
    /// statement lines are lines of that file.
    #[default]
    Rust,
    /// A Python file: tracebacks name it as written, statement lines are its own.
    File {
        /// The path as the user wrote it.
        written: String,
        /// The absolute path, so that the generated code depends on the file
        /// (`include_bytes!`) and the crate is rebuilt when it changes.
        absolute: String,
    },
}

/// An identifier as written, with its span.
#[derive(Clone, Debug)]
pub(crate) struct Ident {
    /// The name (a raw identifier `r#x` is stored as `x`).
    pub(crate) name: String,
    /// Where it is written.
    pub(crate) span: Span,
}

impl Ident {
    /// The identifier `name`, at `span` (for names the front ends write themselves).
    pub(crate) fn new(name: &str, span: Span) -> Ident {
        Ident {
            name: name.to_owned(),
            span,
        }
    }
}

/// One statement.
pub(crate) struct Stmt {
    /// What it does.
    pub(crate) kind: StmtKind,
    /// The span of its first token.
    pub(crate) span: Span,
    /// The line of its first token (1-based, in the Rust source file when the compiler runs
    /// the macro).
    pub(crate) line: usize,
    /// The column of its first token (0-based, in characters).
    pub(crate) column: usize,
}

/// The statements `pyblock!` supports.
pub(crate) enum StmtKind {
    /// An expression evaluated for its effect.
    Expr(Expr),
    /// `a = b = value`: the targets in source order, then the value (evaluated first).
    Assign {
        /// One or more targets (chained assignment assigns each, left to right).
        targets: Vec<Target>,
        /// The value.
        value: Expr,
    },
    /// `target op= value`.
    AugAssign {
        /// A name, attribute or subscript.
        target: Target,
        /// The operator before `=`.
        op: BinOp,
        /// The right operand.
        value: Expr,
    },
    /// `del a, b[1], c.d`.
    Delete(Vec<Target>),
    /// `pass`.
    Pass,
    /// `if`; an `elif` is an `If` alone in `orelse`.
    If {
        /// The condition.
        test: Expr,
        /// Run when it is true.
        body: Vec<Stmt>,
        /// The `elif`/`else` part (empty when there is none).
        orelse: Vec<Stmt>,
    },
    /// `while test: body else: orelse`.
    While {
        /// The condition.
        test: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// Run when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `for target in iter: body else: orelse`.
    For {
        /// What each item is assigned to.
        target: Target,
        /// The iterable.
        iter: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// Run when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `def`.
    FunctionDef(Box<FunctionDef>),
    /// `class`.
    ClassDef(Box<ClassDef>),
    /// `return [value]`.
    Return(Option<Expr>),
    /// `global a, b`.
    Global(Vec<Ident>),
    /// `nonlocal a, b`.
    Nonlocal(Vec<Ident>),
    /// `import gc, sys as s`.
    Import(Vec<ImportAlias>),
    /// `from module import a, b as c`.
    ImportFrom {
        /// The module (one of [`super::modules::MODULES`]).
        module: &'static str,
        /// Each name taken from it, with its `as` name.
        names: Vec<(Ident, Option<Ident>)>,
    },
    /// `assert test[, msg]`.
    Assert {
        /// The condition.
        test: Expr,
        /// The message, evaluated only when the test fails.
        msg: Option<Expr>,
    },
    /// `try` with its handlers, `else` and `finally`.
    Try {
        /// The guarded block.
        body: Vec<Stmt>,
        /// The `except` clauses in order.
        handlers: Vec<ExceptHandler>,
        /// Run when the body raised nothing.
        orelse: Vec<Stmt>,
        /// Run in every case.
        finalbody: Vec<Stmt>,
    },
    /// `raise [exc]`.
    Raise(Option<Expr>),
    /// `raise exc from cause` (only from Python source text).
    RaiseFrom {
        /// The exception (a class or an instance).
        exc: Expr,
        /// Its `__cause__` (an exception, or `None`).
        cause: Expr,
    },
}

/// `@decorators def name(params): body`.
pub(crate) struct FunctionDef {
    /// The decorators, top first: evaluated before the function is made, applied
    /// bottom first (only from Python source text).
    pub(crate) decorators: Vec<Expr>,
    /// The function's name (bound in the enclosing scope).
    pub(crate) name: Ident,
    /// Its parameters; defaults are evaluated in the enclosing scope.
    pub(crate) params: Params,
    /// Its statements.
    pub(crate) body: Vec<Stmt>,
    /// Its scope.
    pub(crate) scope: ScopeId,
    /// The line of `def` (the function's first line in tracebacks).
    pub(crate) line: usize,
    /// `async def`: calling it makes a coroutine.
    pub(crate) is_async: bool,
}

/// `@decorators class Name(bases): body`.
pub(crate) struct ClassDef {
    /// The decorators, as for [`FunctionDef::decorators`].
    pub(crate) decorators: Vec<Expr>,
    /// The class name (bound in the enclosing scope).
    pub(crate) name: Ident,
    /// The base classes, evaluated in the enclosing scope.
    pub(crate) bases: Vec<Expr>,
    /// The class body (methods, class attributes).
    pub(crate) body: Vec<Stmt>,
    /// The class body's scope.
    pub(crate) scope: ScopeId,
}

/// Parameters of a `def` or `lambda`: positional ones (with defaults), then `*args`,
/// then `**kwargs`.
#[derive(Default)]
pub(crate) struct Params {
    /// Positional-or-keyword parameters in order.
    pub(crate) args: Vec<Param>,
    /// `*name`, if any.
    pub(crate) vararg: Option<Ident>,
    /// `**name`, if any (only from Python source text).
    pub(crate) kwarg: Option<Ident>,
    /// How many of `args`, from the first, are positional-only (before `/`).
    pub(crate) posonly: usize,
    /// The keyword-only parameters (after `*` or `*args`), with their defaults.
    pub(crate) kwonly: Vec<Param>,
}

/// One positional parameter.
pub(crate) struct Param {
    /// Its name.
    pub(crate) name: Ident,
    /// Its default value, evaluated once when the `def` runs.
    pub(crate) default: Option<Expr>,
}

/// One `except` clause.
pub(crate) struct ExceptHandler {
    /// The exception type (a class or a tuple of classes); `None` for a bare `except:`.
    pub(crate) ty: Option<Expr>,
    /// The `as` name.
    pub(crate) name: Option<Ident>,
    /// The handler's statements.
    pub(crate) body: Vec<Stmt>,
    /// The span of `except`.
    pub(crate) span: Span,
    /// The line of `except`.
    pub(crate) line: usize,
}

/// `import module [as name]`.
pub(crate) struct ImportAlias {
    /// Which module (one of [`super::modules::MODULES`]).
    pub(crate) module: &'static str,
    /// The module name as written.
    pub(crate) written: Ident,
    /// The `as` name, if any; the name bound is `asname` or else `written`.
    pub(crate) asname: Option<Ident>,
}

impl ImportAlias {
    /// The name the statement binds.
    pub(crate) fn bound(&self) -> &Ident {
        self.asname.as_ref().unwrap_or(&self.written)
    }
}

/// Something assigned to (or deleted): a `for` target, an assignment target, a `del` item.
pub(crate) struct Target {
    /// Its shape.
    pub(crate) kind: TargetKind,
    /// The span of its first token.
    pub(crate) span: Span,
}

/// The shapes of targets.
pub(crate) enum TargetKind {
    /// A name.
    Name(Ident),
    /// `value.attr`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: Ident,
    },
    /// `value[index]` (the index may be a [`ExprKind::Slice`] or a tuple of them).
    Subscript {
        /// The container.
        value: Box<Expr>,
        /// The key or slice.
        index: Box<Expr>,
    },
    /// `a, b` or `(a, b)`: unpacking.
    Tuple(Vec<Target>),
    /// `[a, b]`: unpacking.
    List(Vec<Target>),
    /// `*rest` inside a tuple or list target (only from Python source text).
    Starred(Box<Target>),
}

/// One expression.
pub(crate) struct Expr {
    /// What it computes.
    pub(crate) kind: ExprKind,
    /// The span of its first token (for a parenthesized expression, of the inner one).
    pub(crate) span: Span,
}

/// A literal.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Constant {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// An integer literal.
    Int(IntValue),
    /// A float literal.
    Float(f64),
    /// A string literal (adjacent literals already concatenated).
    Str(String),
    /// A bytes literal.
    Bytes(Vec<u8>),
}

/// The value of an integer literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IntValue {
    /// It fits an `i64`.
    Small(i64),
    /// A bigger one, kept as text for the runtime: digits without underscores or prefix.
    Big {
        /// 2, 8, 10 or 16.
        radix: u32,
        /// The digits (`0-9`, `a-f` lowercase), no sign.
        digits: String,
    },
}

/// The expressions `pyblock!` supports.
pub(crate) enum ExprKind {
    /// A Python name (local, global, free or builtin: see [`super::scope`]).
    Name(Ident),
    /// `'name`: the Rust variable `name` of the code around the macro, converted with
    /// `IntoObj` by the generated code.
    RustVar(Ident),
    /// A literal.
    Constant(Constant),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `(a, b)` or `a, b`.
    Tuple(Vec<Expr>),
    /// `{a, b}`.
    Set(Vec<Expr>),
    /// `{k: v}`: keys and values in order.
    Dict(Vec<(Expr, Expr)>),
    /// `[elt for ...]`.
    ListComp(Box<Comprehension>),
    /// `{elt for ...}`.
    SetComp(Box<Comprehension>),
    /// `{key: value for ...}`: `elt` is the key, `value` the value.
    DictComp(Box<Comprehension>),
    /// `(elt for ...)`, also as the sole argument of a call.
    GeneratorExp(Box<Comprehension>),
    /// `func(args, keywords)`.
    Call {
        /// The callee.
        func: Box<Expr>,
        /// Positional arguments (some may be [`ExprKind::Starred`]) in order.
        args: Vec<Expr>,
        /// `name=value` arguments in order.
        keywords: Vec<Keyword>,
    },
    /// `value.attr`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: Ident,
    },
    /// `value[index]`.
    Subscript {
        /// The container.
        value: Box<Expr>,
        /// The key, a [`ExprKind::Slice`], or a tuple of either.
        index: Box<Expr>,
    },
    /// `lower:upper:step`, only as (part of) a subscript's index.
    Slice {
        /// Start (`None` when omitted).
        lower: Option<Box<Expr>>,
        /// Stop.
        upper: Option<Box<Expr>>,
        /// Step.
        step: Option<Box<Expr>>,
    },
    /// `left op right`.
    BinOp {
        /// Left operand.
        left: Box<Expr>,
        /// Operator.
        op: BinOp,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `op operand`.
    UnaryOp {
        /// Operator.
        op: UnaryOp,
        /// Operand.
        operand: Box<Expr>,
    },
    /// `a and b and c` / `a or b`: two or more values.
    BoolOp {
        /// `and` or `or`.
        op: BoolOp,
        /// The operands, evaluated left to right until one decides.
        values: Vec<Expr>,
    },
    /// `left op1 c1 op2 c2 ...` (a chained comparison).
    Compare {
        /// The first operand.
        left: Box<Expr>,
        /// Each operator with its right operand.
        ops: Vec<(CmpOp, Expr)>,
    },
    /// `body if test else orelse`.
    IfExp {
        /// The condition.
        test: Box<Expr>,
        /// Value when true.
        body: Box<Expr>,
        /// Value when false.
        orelse: Box<Expr>,
    },
    /// `lambda params: body`.
    Lambda(Box<Lambda>),
    /// `*value`, only as a call argument.
    Starred(Box<Expr>),
    /// `f"text {value!r:spec}"` (only from Python source text): the parts in order.
    FString(Vec<FPart>),
    /// `yield [value]` (only from Python source text): makes its function a generator.
    Yield(Option<Box<Expr>>),
    /// `yield from iterable`.
    YieldFrom(Box<Expr>),
    /// `await value` (only in an `async def`).
    Await(Box<Expr>),
    /// `name := value` (only from Python source text): binds and gives the value.
    Named {
        /// The name bound.
        target: Ident,
        /// The value.
        value: Box<Expr>,
    },
    /// A call of one of the runtime's helpers for statements the source front end
    /// rewrites (`match`): `__rt::func(&[args])`. Python code cannot write it.
    Runtime {
        /// The helper's name in the runtime's `compiled` module.
        func: &'static str,
        /// Its arguments, evaluated in order.
        args: Vec<Expr>,
    },
}

/// A part of an f-string.
pub(crate) enum FPart {
    /// Text as it is.
    Literal(String),
    /// `{value!conversion:spec}`.
    Value {
        /// The expression.
        value: Box<Expr>,
        /// `s`, `r` or `a`, if given.
        conversion: Option<char>,
        /// The format spec, itself an f-string's parts (it may hold `{width}`).
        spec: Vec<FPart>,
    },
}

/// `name=value` or `**mapping` in a call.
pub(crate) struct Keyword {
    /// The parameter name; `None` for `**mapping` (only from Python source text).
    pub(crate) name: Option<Ident>,
    /// The argument.
    pub(crate) value: Expr,
}

/// `lambda params: body`.
pub(crate) struct Lambda {
    /// Its parameters.
    pub(crate) params: Params,
    /// The returned expression.
    pub(crate) body: Expr,
    /// Its scope.
    pub(crate) scope: ScopeId,
    /// The line of `lambda`.
    pub(crate) line: usize,
    /// `<lambda>`, or `<genexpr>` for a generator expression compiled as the generator
    /// function CPython makes of it.
    pub(crate) name: &'static str,
    /// For `<genexpr>`: the body as statements (its `for` clauses, `if`s and `yield`);
    /// `body` is then unused.
    pub(crate) statements: Vec<Stmt>,
}

/// A comprehension: the element and its `for`/`if` clauses. The first clause's iterable
/// is evaluated in the enclosing scope; the rest runs in the comprehension's own scope.
pub(crate) struct Comprehension {
    /// The element (the key for a dict comprehension).
    pub(crate) elt: Expr,
    /// The value for a dict comprehension.
    pub(crate) value: Option<Expr>,
    /// The `for` clauses, outermost first (at least one).
    pub(crate) generators: Vec<ForClause>,
    /// The comprehension's scope.
    pub(crate) scope: ScopeId,
}

impl Comprehension {
    /// A generator expression as CPython compiles it: a generator function of one
    /// parameter, called with an iterator over the first `for` clause's iterable
    /// (evaluated where the expression is, at once); the clauses run inside, lazily. The
    /// function's scope is the comprehension's; its statements are at `line` and
    /// `column`.
    ///
    /// ```text
    /// (elt for x in xs if c for y in ys)   →   <genexpr>(iter(xs)) where
    ///     def <genexpr>(it):
    ///         for x in it:
    ///             if c:
    ///                 for y in ys:
    ///                     yield elt
    /// ```
    pub(crate) fn into_generator_call(self, span: Span, line: usize, column: usize) -> ExprKind {
        const ITERATOR: &str = "__genexpr_iterator";
        let name = |text: &str| Ident::new(text, span);
        let stmt = |kind| Stmt {
            kind,
            span,
            line,
            column,
        };
        let mut body = vec![stmt(StmtKind::Expr(Expr::new(
            ExprKind::Yield(Some(Box::new(self.elt))),
            span,
        )))];
        let mut first_iter = None;
        for (index, clause) in self.generators.into_iter().enumerate().rev() {
            for condition in clause.ifs.into_iter().rev() {
                body = vec![stmt(StmtKind::If {
                    test: condition,
                    body,
                    orelse: Vec::new(),
                })];
            }
            let iter = if index == 0 {
                first_iter = Some(clause.iter);
                Expr::new(ExprKind::Name(name(ITERATOR)), span)
            } else {
                clause.iter
            };
            body = vec![stmt(StmtKind::For {
                target: clause.target,
                iter,
                body,
                orelse: Vec::new(),
            })];
        }
        let function = Expr::new(
            ExprKind::Lambda(Box::new(Lambda {
                params: Params {
                    args: vec![Param {
                        name: name(ITERATOR),
                        default: None,
                    }],
                    ..Params::default()
                },
                body: Expr::new(ExprKind::Constant(Constant::None), span),
                scope: self.scope,
                line,
                name: "<genexpr>",
                statements: body,
            })),
            span,
        );
        let first_iter = first_iter.unwrap_or_else(|| Expr::new(ExprKind::Tuple(Vec::new()), span));
        let iterator = Expr::new(
            ExprKind::Call {
                func: Box::new(Expr::new(ExprKind::Name(name("iter")), span)),
                args: vec![first_iter],
                keywords: Vec::new(),
            },
            span,
        );
        ExprKind::Call {
            func: Box::new(function),
            args: vec![iterator],
            keywords: Vec::new(),
        }
    }
}

/// `for target in iter if cond1 if cond2`.
pub(crate) struct ForClause {
    /// What each item is assigned to.
    pub(crate) target: Target,
    /// The iterable.
    pub(crate) iter: Expr,
    /// The conditions.
    pub(crate) ifs: Vec<Expr>,
    /// The span of `for`.
    pub(crate) span: Span,
}

/// Binary operators (also the operator of an augmented assignment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mult,
    /// `/`
    Div,
    /// `//` (only from Python source text: Rust drops it from tokens as a comment)
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    /// `not`
    Not,
    /// `-`
    USub,
    /// `+`
    UAdd,
    /// `~`
    Invert,
}

/// `and` / `or`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BoolOp {
    /// `and`
    And,
    /// `or`
    Or,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}

impl Expr {
    /// An expression of `kind` at `span`.
    pub(crate) fn new(kind: ExprKind, span: Span) -> Self {
        Expr { kind, span }
    }
}
