//! The text front end of `pyblock!`: Python source *as written*, from a string literal
//! (`pyblock!(r#"..."#)`) or a file (`pyblock!(file "prog.py")`), read by a complete
//! Python 3 parser (`ruff_python_parser`) and converted into the same tree the inline
//! form produces ([`super::ast`]), so that scopes and code generation are shared.
//!
//! Every construct the parser accepts and `pyblock!` does not compile is an error that
//! names it, with the Python line and column; syntax errors are worded, classed and
//! placed as CPython's (the `syntax` module; `invalid syntax` where no text is known).
//! All errors of a block are reported together, each spanned on the literal or the path.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream, TokenTree};
use ruff_python_ast as py;
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::{Ranged, TextRange};

use super::Errors;
use super::ast::{
    BinOp, BoolOp, ClassDef, CmpOp, Comprehension, Constant, ExceptHandler, Expr, ExprKind, FPart,
    ForClause, FunctionDef, Ident, ImportAlias, IntValue, Keyword, Lambda, Origin, Param, Params,
    ScopeId, Stmt, StmtKind, Target, TargetKind, UnaryOp,
};
use super::modules;
use super::parse::{EXPR_TOO_DEEP, MAX_DEPTH};

mod asynchronous;
mod pattern;
mod syntax;

/// How deep brackets may nest in the text (CPython's tokenizer stops at 200 too).
const MAX_BRACKETS: usize = 200;

/// Python text the macro was given, with where it came from.
pub(crate) struct Text {
    /// The source.
    pub(crate) text: String,
    /// The span of the literal (or of the path literal): every error points there.
    pub(crate) span: Span,
    /// Where the lines are: a file, or the Rust file holding the literal.
    pub(crate) origin: Origin,
    /// Added to a Python line to give the line a traceback shows (the literal's own
    /// line, minus one, for the literal form; 0 for a file).
    pub(crate) line_base: usize,
}

/// The text form, if `input` is one: a lone string literal, or `file "path"`. Returns
/// `Ok(None)` for the inline token form.
pub(crate) fn text_input(input: &TokenStream) -> Result<Option<Text>, syn::Error> {
    // A literal passed through `macro_rules!` arrives in an invisible group.
    let trees: Vec<TokenTree> = input
        .clone()
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) if group.delimiter() == proc_macro2::Delimiter::None => {
                let mut inner = group.stream().into_iter();
                match (inner.next(), inner.next()) {
                    (Some(only @ TokenTree::Literal(_)), None) => only,
                    _ => TokenTree::Group(group),
                }
            }
            other => other,
        })
        .collect();
    match trees.as_slice() {
        [TokenTree::Literal(lit)] => {
            let Ok(lit) =
                syn::parse2::<syn::LitStr>(TokenStream::from(TokenTree::Literal(lit.clone())))
            else {
                return Ok(None);
            };
            let line = lit.span().start().line;
            Ok(Some(Text {
                text: lit.value(),
                span: lit.span(),
                origin: Origin::Rust,
                line_base: line.saturating_sub(1),
            }))
        }
        [TokenTree::Ident(kw), TokenTree::Literal(path)] if kw == "file" => {
            let lit: syn::LitStr = syn::parse2(TokenStream::from(TokenTree::Literal(path.clone())))
                .map_err(|_| {
                    syn::Error::new(
                        path.span(),
                        "pyblock!(file \"...\") takes the path as a string literal",
                    )
                })?;
            let written = lit.value();
            let absolute = resolve(&written);
            let text = std::fs::read_to_string(&absolute).map_err(|error| {
                syn::Error::new(
                    lit.span(),
                    format!("pyblock! cannot read `{}`: {error}", absolute.display()),
                )
            })?;
            Ok(Some(Text {
                text,
                span: lit.span(),
                origin: Origin::File {
                    written,
                    absolute: absolute.to_string_lossy().into_owned(),
                },
                line_base: 0,
            }))
        }
        _ => Ok(None),
    }
}

/// `written` relative to the calling crate's `CARGO_MANIFEST_DIR` (as `include_str!` is
/// relative to the file; a manifest-relative path reads the same from any module).
fn resolve(written: &str) -> PathBuf {
    let path = Path::new(written);
    if path.is_absolute() {
        return path.to_path_buf();
    }
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => Path::new(&dir).join(path),
        None => path.to_path_buf(),
    }
}

/// Parses and converts `text`; the statements and how many scopes they hold, or every
/// error found.
pub(crate) fn front(text: &Text, errors: &mut Errors) -> (Vec<Stmt>, usize) {
    let lines = Lines::new(&text.text);
    let mut conv = Conv {
        source: &text.text,
        lines,
        span: text.span,
        origin: &text.origin,
        line_base: text.line_base,
        next_scope: 1,
        depth: 0,
        in_class: None,
        method: None,
        withs: 0,
        matches: 0,
        errors,
    };
    if let Some(offset) = too_many_brackets(&text.text) {
        let at = conv.at(offset);
        conv.errors.add(
            conv.span,
            format!("{at}: SyntaxError: too many nested parentheses"),
        );
        return (Vec::new(), 1);
    }
    // A deep tree is dropped recursively: give the parser and the drop a stack of their
    // own (memory is reserved, and only touched as deep as the input goes).
    stacker::grow(256 << 20, || {
        let options = ParseOptions::from(Mode::Module).with_target_version(py::PythonVersion {
            major: 3,
            minor: 11,
        });
        let parsed = ruff_python_parser::parse_unchecked(&text.text, options);
        // CPython stops at the first syntax error; ruff recovers and finds more, which
        // are often consequences of the first.
        let first = parsed.errors().iter().min_by_key(|e| e.location.start());
        let first_unsupported = parsed
            .unsupported_syntax_errors()
            .iter()
            .min_by_key(|e| e.range.start());
        let failed = first.is_some() || first_unsupported.is_some();
        if let Some(error) = first {
            let found = syntax::cpython_error(&text.text, &parsed, error);
            let at = conv.at(found.offset);
            conv.errors.add(
                conv.span,
                format!("{at}: {}: {}", found.class, found.message),
            );
        } else if let Some(error) = first_unsupported {
            let at = conv.at(error.range.start().to_usize());
            conv.errors
                .add(conv.span, format!("{at}: SyntaxError: {error}"));
        }
        if failed {
            return (Vec::new(), 1);
        }
        let body = match parsed.syntax() {
            py::Mod::Module(module) => conv.stmts(&module.body),
            py::Mod::Expression(_) => Vec::new(),
        };
        (body, conv.next_scope)
    })
}

/// A statement's position (its line, counted as [`ast::Stmt`]'s are, and 0-based
/// column) as an error message's prefix: `File "x.py", line 3, column 5`.
pub(crate) fn location(text: &Text, line: usize, column: usize) -> String {
    describe(&text.origin, line.saturating_sub(text.line_base), column)
}

/// `File "x.py", line 3, column 5` (or `Python line 3, column 5` for a string literal)
/// for a 1-based Python line and a 0-based column.
fn describe(origin: &Origin, line: usize, column: usize) -> String {
    match origin {
        Origin::File { written, .. } => {
            format!("File \"{written}\", line {line}, column {}", column + 1)
        }
        Origin::Rust => format!("Python line {line}, column {}", column + 1),
    }
}

/// Where the name `name` is first written in `text`, as an error message's prefix
/// (`File "x.py", line 3, column 5`): scope errors found after conversion carry only the
/// literal's span, and this puts the Python position back.
pub(crate) fn name_location(text: &Text, name: &str) -> Option<String> {
    let options = ParseOptions::from(Mode::Module);
    let parsed = ruff_python_parser::parse_unchecked(&text.text, options);
    let token = parsed.tokens().iter().find(|token| {
        token.kind() == ruff_python_ast::token::TokenKind::Name
            && text
                .text
                .get(token.range().start().to_usize()..token.range().end().to_usize())
                == Some(name)
    })?;
    let lines = Lines::new(&text.text);
    let (line, column) = lines.locate(&text.text, token.range().start().to_usize());
    Some(describe(&text.origin, line, column))
}

/// The byte offset where brackets first nest deeper than [`MAX_BRACKETS`], if they do
/// (strings and comments are skipped roughly: enough to bound the parser's depth).
fn too_many_brackets(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match (quote, byte) {
            (Some(_), b'\\') => i += 1,
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\n') => comment = false,
            (None, _) if comment => {}
            (None, b'#') => comment = true,
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'(' | b'[' | b'{') => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    return Some(i);
                }
            }
            (None, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Line starts, to turn byte offsets into lines and columns.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The 1-based line and 0-based column (in characters) of `offset`.
    fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = text
            .get(start..offset.min(text.len()))
            .map_or(0, |s| s.chars().count());
        (line, column)
    }
}

type CResult<T> = Result<T, syn::Error>;

struct Conv<'a, 'e> {
    source: &'a str,
    lines: Lines,
    span: Span,
    origin: &'a Origin,
    line_base: usize,
    next_scope: ScopeId,
    depth: usize,
    /// Converting a class body's own statements.
    in_class: Option<String>,
    /// Converting a method's body: its class's name and its first parameter, what a
    /// zero-argument `super()` stands for.
    method: Option<(String, String)>,
    /// `with` statements converted so far (names their hidden variables).
    withs: usize,
    /// `match` statements converted so far (names their hidden variables).
    matches: usize,
    errors: &'e mut Errors,
}

impl Conv<'_, '_> {
    /// "File "x.py", line 3, column 5" or "Python line 3, column 5" (1-based, as
    /// CPython's `SyntaxError.offset`).
    fn at(&self, offset: usize) -> String {
        let (line, column) = self.lines.locate(self.source, offset);
        describe(self.origin, line, column)
    }

    fn line(&self, range: TextRange) -> usize {
        self.lines.locate(self.source, range.start().to_usize()).0 + self.line_base
    }

    fn error(&self, range: TextRange, message: impl std::fmt::Display) -> syn::Error {
        let at = self.at(range.start().to_usize());
        syn::Error::new(self.span, format!("{at}: {message}"))
    }

    fn unsupported(&self, range: TextRange, what: &str) -> syn::Error {
        self.error(range, format!("pyblock! does not support {what}"))
    }

    fn new_scope(&mut self) -> ScopeId {
        let id = self.next_scope;
        self.next_scope += 1;
        id
    }

    fn ident(&self, id: &py::Identifier) -> Ident {
        Ident {
            name: id.id.to_string(),
            span: self.span,
        }
    }

    fn name(&self, name: &str) -> Ident {
        Ident::new(name, self.span)
    }

    // ---- statements ----

    fn stmts(&mut self, body: &[py::Stmt]) -> Vec<Stmt> {
        let mut out = Vec::with_capacity(body.len());
        for stmt in body {
            // In a class body, `name: annotation [= value]` also records the annotation's
            // text in `__annotations__` (what `dataclasses` reads).
            if let py::Stmt::AnnAssign(ann) = stmt
                && self.in_class.is_some()
                && let py::Expr::Name(name) = &*ann.target
            {
                let text = self
                    .source
                    .get(
                        ann.annotation.range().start().to_usize()
                            ..ann.annotation.range().end().to_usize(),
                    )
                    .unwrap_or("")
                    .to_owned();
                let (line, column) = self.lines.locate(self.source, ann.range.start().to_usize());
                let span = self.span;
                let record = Stmt {
                    kind: StmtKind::Assign {
                        targets: vec![Target {
                            kind: TargetKind::Subscript {
                                value: Box::new(Expr::new(
                                    ExprKind::Name(self.name("__annotations__")),
                                    span,
                                )),
                                index: Box::new(Expr::new(
                                    ExprKind::Constant(Constant::Str(name.id.to_string())),
                                    span,
                                )),
                            },
                            span,
                        }],
                        value: Expr::new(ExprKind::Constant(Constant::Str(text)), span),
                    },
                    span,
                    line: line + self.line_base,
                    column,
                };
                out.push(record);
            }
            if let py::Stmt::For(each) = stmt
                && each.is_async
            {
                if let Err(error) = self.async_for_stmt(each, &mut out) {
                    self.errors.push(error);
                }
                continue;
            }
            if let py::Stmt::With(with) = stmt {
                if let Err(error) = self.with_stmt(with, &mut out) {
                    self.errors.push(error);
                }
                continue;
            }
            if let py::Stmt::Match(statement) = stmt {
                if let Err(error) = self.match_stmt(statement, &mut out) {
                    self.errors.push(error);
                }
                continue;
            }
            match self.stmt(stmt) {
                Ok(Some(stmt)) => out.push(stmt),
                Ok(None) => {}
                Err(error) => self.errors.push(error),
            }
        }
        out
    }

    fn stmt(&mut self, stmt: &py::Stmt) -> CResult<Option<Stmt>> {
        let range = stmt.range();
        let (line, column) = self.lines.locate(self.source, range.start().to_usize());
        let kind = match stmt {
            py::Stmt::Expr(s) => StmtKind::Expr(self.expr(&s.value)?),
            py::Stmt::Pass(_) => StmtKind::Pass,
            py::Stmt::Break(_) => StmtKind::Break,
            py::Stmt::Continue(_) => StmtKind::Continue,
            py::Stmt::Return(s) => StmtKind::Return(self.opt_expr(s.value.as_deref())?),
            py::Stmt::Assign(s) => {
                let value = self.expr(&s.value)?;
                let targets = s
                    .targets
                    .iter()
                    .map(|t| self.target(t))
                    .collect::<CResult<_>>()?;
                StmtKind::Assign { targets, value }
            }
            py::Stmt::AnnAssign(s) => match &s.value {
                // `x: int = 1` binds; the annotation is not evaluated (as under
                // `from __future__ import annotations`).
                Some(value) => StmtKind::Assign {
                    targets: vec![self.target(&s.target)?],
                    value: self.expr(value)?,
                },
                None => StmtKind::Pass,
            },
            py::Stmt::AugAssign(s) => StmtKind::AugAssign {
                target: self.target(&s.target)?,
                op: self.bin_op(s.op, s.range)?,
                value: self.expr(&s.value)?,
            },
            py::Stmt::Delete(s) => StmtKind::Delete(
                s.targets
                    .iter()
                    .map(|t| self.target(t))
                    .collect::<CResult<_>>()?,
            ),
            py::Stmt::If(s) => {
                let test = self.expr(&s.test)?;
                let body = self.stmts(&s.body);
                let orelse = self.elif_else(&s.elif_else_clauses)?;
                StmtKind::If { test, body, orelse }
            }
            py::Stmt::While(s) => StmtKind::While {
                test: self.expr(&s.test)?,
                body: self.stmts(&s.body),
                orelse: self.stmts(&s.orelse),
            },
            py::Stmt::For(s) => {
                if s.is_async {
                    // Rewritten by `stmts` (see the `asynchronous` module).
                    return Err(self.unsupported(range, "`async for` here"));
                }
                StmtKind::For {
                    target: self.target(&s.target)?,
                    iter: self.expr(&s.iter)?,
                    body: self.stmts(&s.body),
                    orelse: self.stmts(&s.orelse),
                }
            }
            py::Stmt::FunctionDef(def) => {
                if let Some(params) = &def.type_params {
                    return Err(self.unsupported(params.range(), "type parameters"));
                }
                let decorators = self.decorators(&def.decorator_list)?;
                let params = self.params(&def.parameters)?;
                let scope = self.new_scope();
                let method = match (&self.in_class, params.args.first()) {
                    (Some(class), Some(first)) => Some((class.clone(), first.name.name.clone())),
                    _ => None,
                };
                let outer = (
                    self.in_class.take(),
                    std::mem::replace(&mut self.method, method),
                );
                let body = self.stmts(&def.body);
                (self.in_class, self.method) = outer;
                StmtKind::FunctionDef(Box::new(FunctionDef {
                    decorators,
                    name: self.ident(&def.name),
                    params,
                    body,
                    scope,
                    line: line + self.line_base,
                    is_async: def.is_async,
                }))
            }
            py::Stmt::ClassDef(class) => {
                let decorators = self.decorators(&class.decorator_list)?;
                if let Some(params) = &class.type_params {
                    return Err(self.unsupported(params.range(), "type parameters"));
                }
                let mut bases = Vec::new();
                if let Some(arguments) = &class.arguments {
                    if let Some(keyword) = arguments.keywords.first() {
                        return Err(
                            self.unsupported(keyword.range, "class keywords (`metaclass=...`)")
                        );
                    }
                    for base in &arguments.args {
                        if let py::Expr::Starred(starred) = base {
                            return Err(self.unsupported(starred.range, "unpacking in class bases"));
                        }
                        bases.push(self.expr(base)?);
                    }
                }
                let scope = self.new_scope();
                let outer = (
                    self.in_class.replace(class.name.id.to_string()),
                    self.method.take(),
                );
                let mut body = Vec::new();
                if class
                    .body
                    .iter()
                    .any(|stmt| matches!(stmt, py::Stmt::AnnAssign(_)))
                {
                    // CPython's SETUP_ANNOTATIONS: an empty dict before the body runs.
                    body.push(Stmt {
                        kind: StmtKind::Assign {
                            targets: vec![Target {
                                kind: TargetKind::Name(self.name("__annotations__")),
                                span: self.span,
                            }],
                            value: Expr::new(ExprKind::Dict(Vec::new()), self.span),
                        },
                        span: self.span,
                        line: line + self.line_base,
                        column,
                    });
                }
                body.extend(self.stmts(&class.body));
                (self.in_class, self.method) = outer;
                StmtKind::ClassDef(Box::new(ClassDef {
                    decorators,
                    name: self.ident(&class.name),
                    bases,
                    body,
                    scope,
                }))
            }
            py::Stmt::Global(s) => {
                StmtKind::Global(s.names.iter().map(|n| self.ident(n)).collect())
            }
            py::Stmt::Nonlocal(s) => {
                StmtKind::Nonlocal(s.names.iter().map(|n| self.ident(n)).collect())
            }
            py::Stmt::Import(s) => StmtKind::Import(
                s.names
                    .iter()
                    .map(|alias| self.import_alias(alias))
                    .collect::<CResult<_>>()?,
            ),
            py::Stmt::ImportFrom(s) => {
                let written = s.module.as_ref().map_or("", |m| m.id.as_str());
                if s.level > 0 {
                    return Err(self.unsupported(range, "relative imports"));
                }
                if written == "__future__" {
                    // Every future feature of 3.11 is on (annotations are never
                    // evaluated): accepted, binds nothing.
                    return Ok(None);
                }
                let Some(module) = modules::find(written) else {
                    return Err(self.error(range, modules::no_module(written)));
                };
                let mut names = Vec::with_capacity(s.names.len());
                for alias in &s.names {
                    let name = alias.name.id.as_str();
                    if name == "*" {
                        return Err(self.unsupported(alias.range, "`from ... import *`"));
                    }
                    if !module.attrs.contains(&name) {
                        return Err(self.error(alias.range, modules::no_name(module.name, name)));
                    }
                    names.push((
                        self.ident(&alias.name),
                        alias.asname.as_ref().map(|n| self.ident(n)),
                    ));
                }
                StmtKind::ImportFrom {
                    module: module.name,
                    names,
                }
            }
            py::Stmt::Assert(s) => StmtKind::Assert {
                test: self.expr(&s.test)?,
                msg: self.opt_expr(s.msg.as_deref())?,
            },
            py::Stmt::Raise(s) => {
                let exc = self.opt_expr(s.exc.as_deref())?;
                match (&s.cause, exc) {
                    (Some(cause), Some(exc)) => StmtKind::RaiseFrom {
                        exc,
                        cause: self.expr(cause)?,
                    },
                    (_, exc) => StmtKind::Raise(exc),
                }
            }
            py::Stmt::Try(s) => {
                if s.is_star {
                    return Err(self.unsupported(range, "`except*`"));
                }
                let body = self.stmts(&s.body);
                let mut handlers = Vec::new();
                for handler in &s.handlers {
                    let py::ExceptHandler::ExceptHandler(h) = handler;
                    handlers.push(ExceptHandler {
                        ty: self.opt_expr(h.type_.as_deref())?,
                        name: h.name.as_ref().map(|n| self.ident(n)),
                        body: self.stmts(&h.body),
                        span: self.span,
                        line: self.line(h.range),
                    });
                }
                StmtKind::Try {
                    body,
                    handlers,
                    orelse: self.stmts(&s.orelse),
                    finalbody: self.stmts(&s.finalbody),
                }
            }
            // Rewritten by `stmts`.
            py::Stmt::With(_) => return Err(self.unsupported(range, "`with` here")),
            // Rewritten by `stmts` (see the `pattern` module).
            py::Stmt::Match(_) => return Err(self.unsupported(range, "`match` here")),
            py::Stmt::TypeAlias(_) => return Err(self.unsupported(range, "`type` aliases")),
            py::Stmt::IpyEscapeCommand(_) => {
                return Err(self.error(range, "SyntaxError: invalid syntax"));
            }
        };
        Ok(Some(Stmt {
            kind,
            span: self.span,
            line: line + self.line_base,
            column,
        }))
    }

    /// `with a as x, b: body`, as the statements CPython's compiler runs for it:
    ///
    /// ```text
    /// manager = a
    /// exit = manager.__exit__
    /// x = manager.__enter__()
    /// ok = True
    /// try:
    ///     try:
    ///         body                  # (the next item, nested, when there are more)
    ///     except BaseException as error:
    ///         ok = False
    ///         if not exit(type(error), error, None):
    ///             raise
    /// finally:
    ///     if ok:
    ///         exit(None, None, None)
    /// ```
    ///
    /// The hidden names start with `__with` and a number, so they never meet a user's.
    /// `async with` is the same with `await manager.__aenter__()` and `await exit(...)`,
    /// `exit` being `manager.__aexit__`.
    fn with_stmt(&mut self, with: &py::StmtWith, out: &mut Vec<Stmt>) -> CResult<()> {
        let (enter_name, exit_name) = if with.is_async {
            ("__aenter__", "__aexit__")
        } else {
            ("__enter__", "__exit__")
        };
        let (line, column) = self
            .lines
            .locate(self.source, with.range.start().to_usize());
        let line = line + self.line_base;
        let mut body = self.stmts(&with.body);
        for item in with.items.iter().rev() {
            let n = self.withs;
            self.withs += 1;
            let manager = format!("__with{n}_manager");
            let exit = format!("__with{n}_exit");
            let ok = format!("__with{n}_ok");
            let error = format!("__with{n}_error");
            let value = self.expr(&item.context_expr)?;
            let vars = item
                .optional_vars
                .as_deref()
                .map(|vars| self.target(vars))
                .transpose()?;
            let span = self.span;
            let ident = |text: &str| Ident::new(text, span);
            let stmt = |kind| Stmt {
                kind,
                span,
                line,
                column,
            };
            let name = |text: &str| Expr::new(ExprKind::Name(ident(text)), span);
            let target = |text: &str| Target {
                kind: TargetKind::Name(ident(text)),
                span,
            };
            let constant = |value| Expr::new(ExprKind::Constant(value), span);
            let call = |func: Expr, args: Vec<Expr>| {
                Expr::new(
                    ExprKind::Call {
                        func: Box::new(func),
                        args,
                        keywords: Vec::new(),
                    },
                    span,
                )
            };
            let attr = |value: Expr, attr: &str| {
                Expr::new(
                    ExprKind::Attribute {
                        value: Box::new(value),
                        attr: ident(attr),
                    },
                    span,
                )
            };
            let mut inner = vec![
                stmt(StmtKind::Assign {
                    targets: vec![target(&manager)],
                    value,
                }),
                stmt(StmtKind::Assign {
                    targets: vec![target(&exit)],
                    value: attr(name(&manager), exit_name),
                }),
            ];
            let awaited = |value: Expr| {
                if with.is_async {
                    Expr::new(ExprKind::Await(Box::new(value)), span)
                } else {
                    value
                }
            };
            let enter = awaited(call(attr(name(&manager), enter_name), Vec::new()));
            inner.push(match vars {
                Some(vars) => stmt(StmtKind::Assign {
                    targets: vec![vars],
                    value: enter,
                }),
                None => stmt(StmtKind::Expr(enter)),
            });
            inner.push(stmt(StmtKind::Assign {
                targets: vec![target(&ok)],
                value: constant(Constant::Bool(true)),
            }));
            let exit_with_error = awaited(call(
                name(&exit),
                vec![
                    call(name("type"), vec![name(&error)]),
                    name(&error),
                    constant(Constant::None),
                ],
            ));
            let handler = ExceptHandler {
                ty: Some(name("BaseException")),
                name: Some(ident(&error)),
                body: vec![
                    stmt(StmtKind::Assign {
                        targets: vec![target(&ok)],
                        value: constant(Constant::Bool(false)),
                    }),
                    stmt(StmtKind::If {
                        test: Expr::new(
                            ExprKind::UnaryOp {
                                op: UnaryOp::Not,
                                operand: Box::new(exit_with_error),
                            },
                            span,
                        ),
                        body: vec![stmt(StmtKind::Raise(None))],
                        orelse: Vec::new(),
                    }),
                ],
                span,
                line,
            };
            let none = || constant(Constant::None);
            let exit_clean = awaited(call(name(&exit), vec![none(), none(), none()]));
            inner.push(stmt(StmtKind::Try {
                body: vec![stmt(StmtKind::Try {
                    body,
                    handlers: vec![handler],
                    orelse: Vec::new(),
                    finalbody: Vec::new(),
                })],
                handlers: Vec::new(),
                orelse: Vec::new(),
                finalbody: vec![stmt(StmtKind::If {
                    test: name(&ok),
                    body: vec![stmt(StmtKind::Expr(exit_clean))],
                    orelse: Vec::new(),
                })],
            }));
            body = inner;
        }
        out.extend(body);
        Ok(())
    }

    /// An `elif`/`else` chain as nested `If`s in `orelse`.
    fn elif_else(&mut self, clauses: &[py::ElifElseClause]) -> CResult<Vec<Stmt>> {
        let Some((first, rest)) = clauses.split_first() else {
            return Ok(Vec::new());
        };
        match &first.test {
            None => Ok(self.stmts(&first.body)),
            Some(test) => {
                self.enter(first.range)?;
                let (line, column) = self
                    .lines
                    .locate(self.source, first.range.start().to_usize());
                let test = self.expr(test);
                let body = self.stmts(&first.body);
                let orelse = self.elif_else(rest);
                self.leave();
                Ok(vec![Stmt {
                    kind: StmtKind::If {
                        test: test?,
                        body,
                        orelse: orelse?,
                    },
                    span: self.span,
                    line: line + self.line_base,
                    column,
                }])
            }
        }
    }

    fn import_alias(&self, alias: &py::Alias) -> CResult<ImportAlias> {
        let name = alias.name.id.as_str();
        let Some(module) = modules::find(name) else {
            return Err(self.error(alias.range, modules::no_module(name)));
        };
        Ok(ImportAlias {
            module: module.name,
            written: self.ident(&alias.name),
            asname: alias.asname.as_ref().map(|n| self.ident(n)),
        })
    }

    fn decorators(&mut self, list: &[py::Decorator]) -> CResult<Vec<Expr>> {
        list.iter().map(|d| self.expr(&d.expression)).collect()
    }

    fn params(&mut self, params: &py::Parameters) -> CResult<Params> {
        let mut seen = std::collections::HashSet::new();
        for param in params.iter() {
            let name = param.name();
            if !seen.insert(name.as_str()) {
                return Err(self.error(
                    name.range(),
                    format!(
                        "SyntaxError: duplicate argument '{}' in function definition",
                        name.as_str()
                    ),
                ));
            }
        }
        let mut args = Vec::with_capacity(params.posonlyargs.len() + params.args.len());
        for param in params.posonlyargs.iter().chain(&params.args) {
            args.push(Param {
                name: self.ident(&param.parameter.name),
                default: self.opt_expr(param.default.as_deref())?,
            });
        }
        let mut kwonly = Vec::with_capacity(params.kwonlyargs.len());
        for param in &params.kwonlyargs {
            kwonly.push(Param {
                name: self.ident(&param.parameter.name),
                default: self.opt_expr(param.default.as_deref())?,
            });
        }
        Ok(Params {
            args,
            vararg: params.vararg.as_ref().map(|p| self.ident(&p.name)),
            kwarg: params.kwarg.as_ref().map(|p| self.ident(&p.name)),
            posonly: params.posonlyargs.len(),
            kwonly,
        })
    }

    // ---- targets ----

    fn target(&mut self, expr: &py::Expr) -> CResult<Target> {
        let kind = match expr {
            py::Expr::Name(name) => TargetKind::Name(self.name(name.id.as_str())),
            py::Expr::Attribute(a) => TargetKind::Attribute {
                value: Box::new(self.expr(&a.value)?),
                attr: self.ident(&a.attr),
            },
            py::Expr::Subscript(s) => TargetKind::Subscript {
                value: Box::new(self.expr(&s.value)?),
                index: Box::new(self.expr(&s.slice)?),
            },
            py::Expr::Tuple(t) => TargetKind::Tuple(self.targets(&t.elts, t.range)?),
            py::Expr::List(l) => TargetKind::List(self.targets(&l.elts, l.range)?),
            py::Expr::Starred(s) => TargetKind::Starred(Box::new(self.target(&s.value)?)),
            other => {
                return Err(self.error(other.range(), "SyntaxError: cannot assign to expression"));
            }
        };
        Ok(Target {
            kind,
            span: self.span,
        })
    }

    fn targets(&mut self, elts: &[py::Expr], range: TextRange) -> CResult<Vec<Target>> {
        self.enter(range)?;
        let result = elts.iter().map(|e| self.target(e)).collect();
        self.leave();
        result
    }

    // ---- expressions ----

    fn enter(&mut self, range: TextRange) -> CResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Err(self.error(range, EXPR_TOO_DEEP));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn opt_expr(&mut self, expr: Option<&py::Expr>) -> CResult<Option<Expr>> {
        expr.map(|e| self.expr(e)).transpose()
    }

    fn boxed(&mut self, expr: &py::Expr) -> CResult<Box<Expr>> {
        self.expr(expr).map(Box::new)
    }

    fn exprs(&mut self, exprs: &[py::Expr]) -> CResult<Vec<Expr>> {
        exprs.iter().map(|e| self.expr(e)).collect()
    }

    fn expr(&mut self, expr: &py::Expr) -> CResult<Expr> {
        self.enter(expr.range())?;
        let result = self.expr_inner(expr);
        self.leave();
        Ok(Expr::new(result?, self.span))
    }

    fn expr_inner(&mut self, expr: &py::Expr) -> CResult<ExprKind> {
        let range = expr.range();
        Ok(match expr {
            py::Expr::Name(name) => ExprKind::Name(self.name(name.id.as_str())),
            py::Expr::NoneLiteral(_) => ExprKind::Constant(Constant::None),
            py::Expr::BooleanLiteral(b) => ExprKind::Constant(Constant::Bool(b.value)),
            py::Expr::NumberLiteral(n) => ExprKind::Constant(match &n.value {
                py::Number::Int(int) => Constant::Int(int_value(int)),
                py::Number::Float(value) => Constant::Float(*value),
                py::Number::Complex { .. } => {
                    return Err(self.unsupported(range, "complex numbers"));
                }
            }),
            py::Expr::StringLiteral(s) => {
                ExprKind::Constant(Constant::Str(s.value.to_str().to_owned()))
            }
            py::Expr::BytesLiteral(b) => {
                ExprKind::Constant(Constant::Bytes(b.value.bytes().collect()))
            }
            py::Expr::FString(f) => {
                let mut parts = Vec::new();
                for part in f.value.iter() {
                    match part {
                        py::FStringPart::Literal(literal) => {
                            parts.push(FPart::Literal(literal.value.to_string()));
                        }
                        py::FStringPart::FString(fstring) => {
                            self.fstring_parts(&fstring.elements, &mut parts)?;
                        }
                    }
                }
                ExprKind::FString(parts)
            }
            py::Expr::TString(_) => return Err(self.unsupported(range, "t-strings")),
            py::Expr::EllipsisLiteral(_) => return Err(self.unsupported(range, "`...` (Ellipsis)")),
            py::Expr::List(l) => ExprKind::List(self.exprs(&l.elts)?),
            py::Expr::Tuple(t) => ExprKind::Tuple(self.exprs(&t.elts)?),
            py::Expr::Set(s) => ExprKind::Set(self.exprs(&s.elts)?),
            py::Expr::Dict(d) => {
                let mut pairs = Vec::with_capacity(d.items.len());
                for item in &d.items {
                    let Some(key) = &item.key else {
                        return Err(self.unsupported(item.value.range(), "`**` in dict displays"));
                    };
                    pairs.push((self.expr(key)?, self.expr(&item.value)?));
                }
                ExprKind::Dict(pairs)
            }
            py::Expr::ListComp(c) => {
                ExprKind::ListComp(self.comprehension(&c.elt, None, &c.generators)?)
            }
            py::Expr::SetComp(c) => {
                ExprKind::SetComp(self.comprehension(&c.elt, None, &c.generators)?)
            }
            py::Expr::Generator(c) => self.generator_expression(c)?,
            py::Expr::DictComp(c) => {
                let Some(key) = &c.key else {
                    return Err(self.unsupported(range, "`**` in dict comprehensions"));
                };
                ExprKind::DictComp(self.comprehension(key, Some(&c.value), &c.generators)?)
            }
            py::Expr::Call(call) => {
                let func = self.boxed(&call.func)?;
                let mut args = self.exprs(&call.arguments.args)?;
                // `super()` in a method is `super(Class, self)`: the class by its name
                // (CPython reads a `__class__` cell; the same class unless the name is
                // rebound).
                if let (ExprKind::Name(name), true, Some((class, first))) = (
                    &func.kind,
                    args.is_empty() && call.arguments.keywords.is_empty(),
                    &self.method,
                ) && name.name == "super"
                {
                    args = vec![
                        Expr::new(ExprKind::Name(self.name(class)), self.span),
                        Expr::new(ExprKind::Name(self.name(first)), self.span),
                    ];
                }
                let mut keywords = Vec::with_capacity(call.arguments.keywords.len());
                for keyword in &call.arguments.keywords {
                    keywords.push(Keyword {
                        name: keyword.arg.as_ref().map(|name| self.ident(name)),
                        value: self.expr(&keyword.value)?,
                    });
                }
                ExprKind::Call {
                    func,
                    args,
                    keywords,
                }
            }
            py::Expr::Attribute(a) => ExprKind::Attribute {
                value: self.boxed(&a.value)?,
                attr: self.ident(&a.attr),
            },
            py::Expr::Subscript(s) => ExprKind::Subscript {
                value: self.boxed(&s.value)?,
                index: self.boxed(&s.slice)?,
            },
            py::Expr::Slice(s) => ExprKind::Slice {
                lower: s.lower.as_deref().map(|e| self.boxed(e)).transpose()?,
                upper: s.upper.as_deref().map(|e| self.boxed(e)).transpose()?,
                step: s.step.as_deref().map(|e| self.boxed(e)).transpose()?,
            },
            py::Expr::BinOp(b) => ExprKind::BinOp {
                left: self.boxed(&b.left)?,
                op: self.bin_op(b.op, range)?,
                right: self.boxed(&b.right)?,
            },
            py::Expr::UnaryOp(u) => ExprKind::UnaryOp {
                op: match u.op {
                    py::UnaryOp::Not => UnaryOp::Not,
                    py::UnaryOp::USub => UnaryOp::USub,
                    py::UnaryOp::UAdd => UnaryOp::UAdd,
                    py::UnaryOp::Invert => UnaryOp::Invert,
                },
                operand: self.boxed(&u.operand)?,
            },
            py::Expr::BoolOp(b) => ExprKind::BoolOp {
                op: match b.op {
                    py::BoolOp::And => BoolOp::And,
                    py::BoolOp::Or => BoolOp::Or,
                },
                values: self.exprs(&b.values)?,
            },
            py::Expr::Compare(c) => {
                let left = self.boxed(&c.left)?;
                let mut ops = Vec::with_capacity(c.ops.len());
                for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
                    ops.push((cmp_op(*op), self.expr(right)?));
                }
                ExprKind::Compare { left, ops }
            }
            py::Expr::If(i) => ExprKind::IfExp {
                test: self.boxed(&i.test)?,
                body: self.boxed(&i.body)?,
                orelse: self.boxed(&i.orelse)?,
            },
            py::Expr::Lambda(l) => {
                let params = match &l.parameters {
                    Some(params) => self.params(params)?,
                    None => Params::default(),
                };
                let scope = self.new_scope();
                let outer = (self.in_class.take(), self.method.take());
                let body = self.expr(&l.body);
                (self.in_class, self.method) = outer;
                let body = body?;
                ExprKind::Lambda(Box::new(Lambda {
                    params,
                    body,
                    scope,
                    line: self.line(range),
                    name: "<lambda>",
                    statements: Vec::new(),
                }))
            }
            py::Expr::Starred(s) => ExprKind::Starred(self.boxed(&s.value)?),
            py::Expr::Named(n) => {
                let py::Expr::Name(name) = &*n.target else {
                    return Err(self.error(
                        n.range,
                        "SyntaxError: cannot use assignment expressions with this target",
                    ));
                };
                ExprKind::Named {
                    target: self.name(name.id.as_str()),
                    value: self.boxed(&n.value)?,
                }
            }
            py::Expr::Await(a) => ExprKind::Await(self.boxed(&a.value)?),
            py::Expr::Yield(y) => {
                ExprKind::Yield(y.value.as_deref().map(|v| self.boxed(v)).transpose()?)
            }
            py::Expr::YieldFrom(y) => ExprKind::YieldFrom(self.boxed(&y.value)?),
            py::Expr::IpyEscapeCommand(_) => {
                return Err(self.error(range, "SyntaxError: invalid syntax"));
            }
        })
    }

    /// A generator expression, as CPython compiles it
    /// ([`Comprehension::into_generator_call`]): the first iterable converted in the
    /// enclosing context, the rest as the body of a function (no method's `super()`).
    fn generator_expression(&mut self, c: &py::ExprGenerator) -> CResult<ExprKind> {
        let (line, column) = self.lines.locate(self.source, c.range.start().to_usize());
        let line = line + self.line_base;
        let Some(first) = c.generators.first() else {
            return Err(self.error(c.range, "SyntaxError: invalid syntax"));
        };
        let first_iter = self.expr(&first.iter)?;
        let scope = self.new_scope();
        let outer = (self.in_class.take(), self.method.take());
        let result = (|| {
            let mut clauses = Vec::with_capacity(c.generators.len());
            for (index, clause) in c.generators.iter().enumerate() {
                if clause.is_async {
                    return Err(self.unsupported(clause.range, "`async for` in comprehensions"));
                }
                let iter = if index == 0 {
                    Expr::new(ExprKind::Constant(Constant::None), self.span)
                } else {
                    self.expr(&clause.iter)?
                };
                clauses.push(ForClause {
                    target: self.target(&clause.target)?,
                    iter,
                    ifs: self.exprs(&clause.ifs)?,
                    span: self.span,
                });
            }
            Ok((self.expr(&c.elt)?, clauses))
        })();
        (self.in_class, self.method) = outer;
        let (elt, mut generators) = result?;
        if let Some(clause) = generators.first_mut() {
            clause.iter = first_iter;
        }
        let comprehension = Comprehension {
            elt,
            value: None,
            generators,
            scope,
        };
        Ok(comprehension.into_generator_call(self.span, line, column))
    }

    /// The parts of an f-string's elements (or of a format spec's), appended to `out`.
    fn fstring_parts(
        &mut self,
        elements: &[py::InterpolatedStringElement],
        out: &mut Vec<FPart>,
    ) -> CResult<()> {
        for element in elements {
            match element {
                py::InterpolatedStringElement::Literal(literal) => {
                    out.push(FPart::Literal(literal.value.to_string()));
                }
                py::InterpolatedStringElement::Interpolation(field) => {
                    let mut conversion = match field.conversion {
                        py::ConversionFlag::None => None,
                        py::ConversionFlag::Str => Some('s'),
                        py::ConversionFlag::Repr => Some('r'),
                        py::ConversionFlag::Ascii => Some('a'),
                    };
                    // `f"{x=}"` writes the expression's text, then its repr unless a
                    // conversion or spec says otherwise.
                    if let Some(debug) = &field.debug_text {
                        out.push(FPart::Literal(debug.as_str().to_owned()));
                        if conversion.is_none() && field.format_spec.is_none() {
                            conversion = Some('r');
                        }
                    }
                    let mut spec = Vec::new();
                    if let Some(format_spec) = &field.format_spec {
                        self.enter(format_spec.range)?;
                        let result = self.fstring_parts(&format_spec.elements, &mut spec);
                        self.leave();
                        result?;
                    }
                    out.push(FPart::Value {
                        value: self.boxed(&field.expression)?,
                        conversion,
                        spec,
                    });
                }
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        elt: &py::Expr,
        value: Option<&py::Expr>,
        generators: &[py::Comprehension],
    ) -> CResult<Box<Comprehension>> {
        let mut clauses = Vec::with_capacity(generators.len());
        // The first iterable belongs to the enclosing scope; the scope id is taken
        // after it, as the inline parser does.
        let mut scope = None;
        for generator in generators {
            if generator.is_async {
                return Err(self.unsupported(generator.range, "`async for` in comprehensions"));
            }
            let iter = self.expr(&generator.iter)?;
            if scope.is_none() {
                scope = Some(self.new_scope());
            }
            clauses.push(ForClause {
                target: self.target(&generator.target)?,
                iter,
                ifs: self.exprs(&generator.ifs)?,
                span: self.span,
            });
        }
        let scope = scope.unwrap_or_else(|| self.new_scope());
        Ok(Box::new(Comprehension {
            elt: self.expr(elt)?,
            value: value.map(|v| self.expr(v)).transpose()?,
            generators: clauses,
            scope,
        }))
    }

    fn bin_op(&self, op: py::Operator, range: TextRange) -> CResult<BinOp> {
        Ok(match op {
            py::Operator::Add => BinOp::Add,
            py::Operator::Sub => BinOp::Sub,
            py::Operator::Mult => BinOp::Mult,
            py::Operator::Div => BinOp::Div,
            py::Operator::FloorDiv => BinOp::FloorDiv,
            py::Operator::Mod => BinOp::Mod,
            py::Operator::Pow => BinOp::Pow,
            py::Operator::LShift => BinOp::LShift,
            py::Operator::RShift => BinOp::RShift,
            py::Operator::BitOr => BinOp::BitOr,
            py::Operator::BitXor => BinOp::BitXor,
            py::Operator::BitAnd => BinOp::BitAnd,
            py::Operator::MatMult => return Err(self.unsupported(range, "the `@` operator")),
        })
    }
}

fn cmp_op(op: py::CmpOp) -> CmpOp {
    match op {
        py::CmpOp::Eq => CmpOp::Eq,
        py::CmpOp::NotEq => CmpOp::NotEq,
        py::CmpOp::Lt => CmpOp::Lt,
        py::CmpOp::LtE => CmpOp::LtE,
        py::CmpOp::Gt => CmpOp::Gt,
        py::CmpOp::GtE => CmpOp::GtE,
        py::CmpOp::Is => CmpOp::Is,
        py::CmpOp::IsNot => CmpOp::IsNot,
        py::CmpOp::In => CmpOp::In,
        py::CmpOp::NotIn => CmpOp::NotIn,
    }
}

/// An int literal's value: an `i64`, or its digits for the runtime's bigint.
fn int_value(int: &py::Int) -> IntValue {
    if let Some(value) = int.as_i64() {
        return IntValue::Small(value);
    }
    // The literal as written (`0x_FF...`, `1_000...`): prefix and underscores removed.
    let written = int.to_string().replace('_', "").to_ascii_lowercase();
    let (radix, digits) = match written.get(..2) {
        Some("0x") => (16, &written[2..]),
        Some("0o") => (8, &written[2..]),
        Some("0b") => (2, &written[2..]),
        _ => (10, written.as_str()),
    };
    IntValue::Big {
        radix,
        digits: digits.to_owned(),
    }
}
