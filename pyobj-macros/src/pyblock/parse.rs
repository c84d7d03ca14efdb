//! A recursive-descent parser over the tokens of [`super::lex`], following CPython's
//! grammar and precedence, with CPython 3.11's error texts.
//!
//! A syntax error ends its statement only: the parser records it, skips to the end of the
//! logical line (and the block it opened, if any) and goes on, so one compilation reports
//! the errors of every line. Nesting is limited, so no input can exhaust the stack: the
//! lexer bounds brackets and blocks as CPython's tokenizer does, and the parser bounds the
//! rest of an expression's nesting ([`MAX_DEPTH`]) and `elif` chains ([`MAX_ELIFS`]).

use std::collections::HashSet;

use proc_macro2::{Delimiter, Span};

use super::Errors;
use super::ast::{
    BinOp, BoolOp, ClassDef, CmpOp, Comprehension, Constant, ExceptHandler, Expr, ExprKind,
    ForClause, FunctionDef, Ident, ImportAlias, Keyword, Lambda, Param, Params, ScopeId, Stmt,
    StmtKind, Target, TargetKind, UnaryOp,
};
use super::lex::{MAX_INDENT, Tok, TokKind};
use super::modules;

/// How deep an expression may nest, brackets aside (the lexer bounds those): each
/// operator, call, subscript, attribute access, `lambda` and conditional expression is a
/// level, a chain like `a + b + c` being nested to the left.
pub(crate) const MAX_DEPTH: usize = 200;

/// The message past [`MAX_DEPTH`].
pub(crate) const EXPR_TOO_DEEP: &str = "pyblock! expression is nested too deeply: more than \
    200 levels of operators, calls, subscripts, attribute accesses, lambdas or conditional \
    expressions";

/// How many `elif` branches may enclose one another (each nests the next in the tree).
pub(crate) const MAX_ELIFS: usize = 200;

/// The message past [`MAX_ELIFS`].
pub(crate) const ELIF_TOO_DEEP: &str =
    "pyblock! input is nested too deeply: more than 200 `elif` branches enclose this one";

type PResult<T> = Result<T, syn::Error>;

/// Parses the top level; returns the statements and how many scopes they hold (the block
/// itself included).
pub(crate) fn parse(toks: &[Tok], hint_floor_div: bool, errors: &mut Errors) -> (Vec<Stmt>, usize) {
    let mut parser = Parser {
        toks,
        pos: 0,
        close: None,
        depth: 0,
        elifs: 0,
        star_target: false,
        unindented: 0,
        next_scope: 1,
        hint_floor_div,
        errors,
    };
    let body = parser.file();
    (body, parser.next_scope)
}

struct Parser<'a, 'e> {
    toks: &'a [Tok],
    pos: usize,
    /// Inside a group: the closing bracket's span, reported for errors at its end.
    close: Option<Span>,
    /// Expression nesting, as [`MAX_DEPTH`] counts it.
    depth: usize,
    /// `elif` branches enclosing the current position.
    elifs: usize,
    /// Parsing the targets of an assignment: a `*` there is star-unpacking in a target.
    star_target: bool,
    /// Missing blocks being read from the unindented lines after their header.
    unindented: usize,
    next_scope: ScopeId,
    hint_floor_div: bool,
    errors: &'e mut Errors,
}

/// What a target is converted for: the wording of CPython's errors depends on it.
#[derive(Clone, Copy, PartialEq)]
enum TargetCtx {
    /// An assignment or `for` target (the only target of `target = value` is checked
    /// first by [`Parser::single_target_check`]).
    Assign,
    /// A `del` item.
    Del,
    /// The target of `op=`.
    Aug,
}

fn ident(tok: &Tok, name: &str) -> Ident {
    Ident {
        name: name.to_owned(),
        span: tok.span,
    }
}

fn stmt(kind: StmtKind, first: &Tok) -> Stmt {
    Stmt {
        kind,
        span: first.span,
        line: first.start.line,
        column: first.start.column,
    }
}

fn unsupported(span: Span, what: &str) -> syn::Error {
    syn::Error::new(span, format!("pyblock! does not support {what}"))
}

/// The augmented assignment operators.
fn aug_op(op: &str) -> Option<BinOp> {
    Some(match op {
        "+=" => BinOp::Add,
        "-=" => BinOp::Sub,
        "*=" => BinOp::Mult,
        "/=" => BinOp::Div,
        "%=" => BinOp::Mod,
        "**=" => BinOp::Pow,
        "<<=" => BinOp::LShift,
        ">>=" => BinOp::RShift,
        "&=" => BinOp::BitAnd,
        "|=" => BinOp::BitOr,
        "^=" => BinOp::BitXor,
        _ => return None,
    })
}

/// Binary operators by precedence (1 binds loosest); `@` is reported as unsupported.
fn bin_op(op: &str) -> Option<(BinOp, u8)> {
    Some(match op {
        "|" => (BinOp::BitOr, 1),
        "^" => (BinOp::BitXor, 2),
        "&" => (BinOp::BitAnd, 3),
        "<<" => (BinOp::LShift, 4),
        ">>" => (BinOp::RShift, 4),
        "+" => (BinOp::Add, 5),
        "-" => (BinOp::Sub, 5),
        "*" => (BinOp::Mult, 6),
        "/" => (BinOp::Div, 6),
        "%" => (BinOp::Mod, 6),
        _ => return None,
    })
}

/// CPython's name for an expression in "cannot assign to ..." messages.
fn expr_name(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::Name(_) => "name",
        ExprKind::RustVar(_) => "Rust variable",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda(_) => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } | ExprKind::BoolOp { .. } => "expression",
        ExprKind::GeneratorExp(_) => "generator expression",
        ExprKind::ListComp(_) => "list comprehension",
        ExprKind::SetComp(_) => "set comprehension",
        ExprKind::DictComp(_) => "dict comprehension",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::Bool(true)) => "True",
        ExprKind::Constant(Constant::Bool(false)) => "False",
        ExprKind::Constant(_) => "literal",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::Slice { .. } => "slice",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::Named { .. } => "named expression",
        ExprKind::Runtime { .. } => "function call",
    }
}

impl<'a> Parser<'a, '_> {
    // ---- cursor ----

    fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, ahead: usize) -> Option<&'a Tok> {
        self.toks.get(self.pos + ahead)
    }

    fn kind(&self) -> Option<&'a TokKind> {
        self.peek().map(|tok| &tok.kind)
    }

    fn bump(&mut self) -> Option<&'a Tok> {
        let tok = self.toks.get(self.pos);
        if tok.is_some() {
            self.pos += 1;
        }
        tok
    }

    fn at_op(&self, op: &str) -> bool {
        matches!(self.kind(), Some(TokKind::Op(o)) if *o == op)
    }

    fn at_kw(&self, kw: &str) -> bool {
        matches!(self.kind(), Some(TokKind::Kw(k)) if *k == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let found = self.at_op(op);
        if found {
            self.pos += 1;
        }
        found
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let found = self.at_kw(kw);
        if found {
            self.pos += 1;
        }
        found
    }

    /// The span errors at the current position point at.
    fn here(&self) -> Span {
        match (self.peek(), self.close) {
            (Some(tok), _) => tok.span,
            (None, Some(close)) => close,
            (None, None) => self
                .toks
                .last()
                .map_or_else(Span::call_site, |tok| tok.span),
        }
    }

    /// An error at the current token. Without the source file, a line that ends too
    /// early may have lost its end to `//`: the message says so.
    fn error(&self, message: impl std::fmt::Display) -> syn::Error {
        if self.hint_floor_div && matches!(self.kind(), Some(TokKind::Newline)) {
            return syn::Error::new(
                self.here(),
                format!(
                    "{message} (if this line holds `//`, Rust dropped the rest of it as a \
                     comment: write `floordiv(a, b)` instead of `a // b`)"
                ),
            );
        }
        syn::Error::new(self.here(), message)
    }

    /// "invalid syntax" at the current token.
    fn unexpected(&self) -> syn::Error {
        if matches!(self.kind(), Some(TokKind::Indent)) {
            return self.error("unexpected indent");
        }
        self.error("invalid syntax")
    }

    fn expect_op(&mut self, op: &str) -> PResult<()> {
        if self.eat_op(op) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn expect_colon(&mut self) -> PResult<()> {
        if self.eat_op(":") {
            Ok(())
        } else if self.at_op(":=") {
            Err(unsupported(self.here(), "assignment expressions (`:=`)"))
        } else {
            Err(self.error("expected ':'"))
        }
    }

    fn name(&mut self) -> PResult<Ident> {
        match self.peek() {
            Some(
                tok @ Tok {
                    kind: TokKind::Name(name),
                    ..
                },
            ) => {
                self.pos += 1;
                Ok(ident(tok, name))
            }
            _ => Err(self.unexpected()),
        }
    }

    fn eat_newline(&mut self) {
        if matches!(self.kind(), Some(TokKind::Newline)) {
            self.pos += 1;
        }
    }

    /// At the end of a simple statement.
    fn at_stmt_end(&self) -> bool {
        matches!(
            self.kind(),
            None | Some(TokKind::Newline | TokKind::End | TokKind::Op(";"))
        )
    }

    /// Whether the current token may start an expression.
    fn starts_expr(&self) -> bool {
        match self.kind() {
            Some(
                TokKind::Name(_)
                | TokKind::Num(_)
                | TokKind::Str(_)
                | TokKind::RustVar(_)
                | TokKind::Group { .. },
            ) => true,
            Some(TokKind::Kw(kw)) => matches!(
                *kw,
                "True" | "False" | "None" | "not" | "lambda" | "await" | "yield"
            ),
            Some(TokKind::Op(op)) => matches!(*op, "-" | "+" | "~" | "*" | "..."),
            _ => false,
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(EXPR_TOO_DEEP));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn new_scope(&mut self) -> ScopeId {
        let id = self.next_scope;
        self.next_scope += 1;
        id
    }

    /// Runs `f` on the tokens of the group `tok`, which it must consume entirely.
    fn in_group<T>(&mut self, tok: &'a Tok, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let TokKind::Group { toks, close, .. } = &tok.kind else {
            return Err(syn::Error::new(tok.span, "invalid syntax"));
        };
        let saved = (self.toks, self.pos, self.close);
        self.toks = toks;
        self.pos = 0;
        self.close = Some(*close);
        let result = f(self).and_then(|value| {
            if self.pos < self.toks.len() {
                if self.starts_expr() {
                    Err(self.error("invalid syntax. Perhaps you forgot a comma?"))
                } else {
                    Err(self.unexpected())
                }
            } else {
                Ok(value)
            }
        });
        (self.toks, self.pos, self.close) = saved;
        result
    }

    // ---- statements ----

    fn file(&mut self) -> Vec<Stmt> {
        let mut body = Vec::new();
        loop {
            match self.kind() {
                None | Some(TokKind::End) => break,
                Some(TokKind::Newline | TokKind::Dedent) => self.pos += 1,
                Some(TokKind::Indent) => {
                    self.errors.add(self.here(), "unexpected indent");
                    self.skip_block();
                }
                Some(_) => self.statement_or_recover(&mut body),
            }
        }
        body
    }

    /// Skips an indented block starting at `Indent`.
    fn skip_block(&mut self) {
        let mut level = 0usize;
        while let Some(tok) = self.peek() {
            match tok.kind {
                TokKind::Indent => level += 1,
                TokKind::Dedent => {
                    level = level.saturating_sub(1);
                    if level == 0 {
                        self.pos += 1;
                        return;
                    }
                }
                TokKind::End => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn statement_or_recover(&mut self, out: &mut Vec<Stmt>) {
        let (depth, elifs) = (self.depth, self.elifs);
        let start = self.pos;
        if let Err(error) = self.statement(out) {
            self.errors.push(error);
            (self.depth, self.elifs, self.star_target) = (depth, elifs, false);
            // Skip the rest of the logical line, and the block it opened.
            while let Some(tok) = self.peek() {
                match tok.kind {
                    TokKind::Newline => {
                        self.pos += 1;
                        break;
                    }
                    TokKind::End => break,
                    TokKind::Indent | TokKind::Dedent if self.pos > start => break,
                    _ => self.pos += 1,
                }
            }
            if matches!(self.kind(), Some(TokKind::Indent)) {
                self.skip_block();
            }
            if self.pos == start {
                self.pos += 1;
            }
        }
    }

    fn statement(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        let Some(first) = self.peek() else {
            return Err(self.unexpected());
        };
        match &first.kind {
            TokKind::Kw("if") => out.push(self.if_stmt()?),
            TokKind::Kw("while") => out.push(self.while_stmt()?),
            TokKind::Kw("for") => out.push(self.for_stmt()?),
            TokKind::Kw("try") => out.push(self.try_stmt()?),
            TokKind::Kw("def") => out.push(self.def_stmt()?),
            TokKind::Kw("class") => out.push(self.class_stmt()?),
            TokKind::Kw("with") => return Err(unsupported(first.span, "`with` statements")),
            TokKind::Kw("async") => {
                return Err(unsupported(first.span, "`async` functions and statements"));
            }
            TokKind::Op("@") => return Err(unsupported(first.span, "decorators")),
            TokKind::Name(name) if name == "match" && self.line_ends_with_colon() => {
                return Err(unsupported(first.span, "`match` statements"));
            }
            _ => self.simple_stmts(out)?,
        }
        Ok(())
    }

    /// Whether the logical line from here ends with `:` (a `match` statement's header).
    fn line_ends_with_colon(&self) -> bool {
        let rest = self.toks.get(self.pos..).unwrap_or_default();
        let line = rest
            .iter()
            .take_while(|tok| !matches!(tok.kind, TokKind::Newline | TokKind::End));
        matches!(line.last().map(|tok| &tok.kind), Some(TokKind::Op(":")))
            && !matches!(self.peek_at(1).map(|tok| &tok.kind), Some(TokKind::Op(_)))
    }

    /// Simple statements separated by `;`, up to the end of the line.
    fn simple_stmts(&mut self, out: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            out.push(self.simple_stmt()?);
            if self.eat_op(";") {
                if matches!(self.kind(), Some(TokKind::Newline | TokKind::End) | None) {
                    break;
                }
                continue;
            }
            break;
        }
        match self.kind() {
            Some(TokKind::Newline) => {
                self.pos += 1;
                Ok(())
            }
            None | Some(TokKind::End) => Ok(()),
            _ => Err(self.unexpected()),
        }
    }

    fn simple_stmt(&mut self) -> PResult<Stmt> {
        let Some(first) = self.peek() else {
            return Err(self.unexpected());
        };
        let kind = match &first.kind {
            TokKind::Kw("pass") => {
                self.pos += 1;
                StmtKind::Pass
            }
            TokKind::Kw("break") => {
                self.pos += 1;
                StmtKind::Break
            }
            TokKind::Kw("continue") => {
                self.pos += 1;
                StmtKind::Continue
            }
            TokKind::Kw("return") => {
                self.pos += 1;
                if self.at_stmt_end() {
                    StmtKind::Return(None)
                } else {
                    StmtKind::Return(Some(self.star_expressions()?))
                }
            }
            TokKind::Kw("raise") => {
                self.pos += 1;
                if self.at_stmt_end() {
                    StmtKind::Raise(None)
                } else {
                    let exc = self.expr()?;
                    if self.at_kw("from") {
                        return Err(unsupported(self.here(), "`raise ... from ...`"));
                    }
                    StmtKind::Raise(Some(exc))
                }
            }
            TokKind::Kw(kw @ ("global" | "nonlocal")) => {
                self.pos += 1;
                let mut names = vec![self.name()?];
                while self.eat_op(",") {
                    names.push(self.name()?);
                }
                if *kw == "global" {
                    StmtKind::Global(names)
                } else {
                    StmtKind::Nonlocal(names)
                }
            }
            TokKind::Kw("del") => {
                self.pos += 1;
                let mut targets = Vec::new();
                loop {
                    let expr = self.expr()?;
                    targets.push(self.to_target(expr, TargetCtx::Del)?);
                    if !self.eat_op(",") || self.at_stmt_end() {
                        break;
                    }
                }
                StmtKind::Delete(targets)
            }
            TokKind::Kw("import") => {
                self.pos += 1;
                let mut names = Vec::new();
                loop {
                    names.push(self.import_alias()?);
                    if !self.eat_op(",") {
                        break;
                    }
                }
                StmtKind::Import(names)
            }
            TokKind::Kw("from") => {
                self.pos += 1;
                self.import_from()?
            }
            TokKind::Kw("assert") => {
                self.pos += 1;
                let test = self.expr()?;
                let msg = if self.eat_op(",") {
                    Some(self.expr()?)
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            TokKind::Kw("yield") => return Err(unsupported(first.span, "`yield`")),
            TokKind::Kw("await") => return Err(unsupported(first.span, "`await`")),
            TokKind::Kw("with") => return Err(unsupported(first.span, "`with` statements")),
            TokKind::Kw(
                "if" | "while" | "for" | "try" | "def" | "class" | "else" | "elif" | "except"
                | "finally" | "async",
            ) => return Err(self.unexpected()),
            _ => return self.expr_stmt(first),
        };
        Ok(stmt(kind, first))
    }

    fn import_alias(&mut self) -> PResult<ImportAlias> {
        let written = self.name()?;
        let mut full = written.name.clone();
        while self.eat_op(".") {
            full.push('.');
            full.push_str(&self.name()?.name);
        }
        let Some(module) = modules::find(&full) else {
            return Err(syn::Error::new(written.span, modules::no_module(&full)));
        };
        let asname = if self.eat_kw("as") {
            Some(self.name()?)
        } else {
            None
        };
        Ok(ImportAlias {
            module: module.name,
            written,
            asname,
        })
    }

    /// `from module import a, b as c` (after `from`).
    fn import_from(&mut self) -> PResult<StmtKind> {
        let first = self.name()?;
        let mut full = first.name.clone();
        while self.eat_op(".") {
            full.push('.');
            full.push_str(&self.name()?.name);
        }
        if !self.eat_kw("import") {
            return Err(self.unexpected());
        }
        let module = modules::find(&full);
        let mut names = Vec::new();
        let parse_names = |p: &mut Self, names: &mut Vec<(Ident, Option<Ident>)>| -> PResult<()> {
            loop {
                let name = p.name()?;
                let asname = if p.eat_kw("as") {
                    Some(p.name()?)
                } else {
                    None
                };
                names.push((name, asname));
                if !p.eat_op(",") || p.peek().is_none() || p.at_stmt_end() {
                    return Ok(());
                }
            }
        };
        match self.peek() {
            Some(
                group @ Tok {
                    kind:
                        TokKind::Group {
                            delim: Delimiter::Parenthesis,
                            ..
                        },
                    ..
                },
            ) => {
                self.pos += 1;
                self.in_group(group, |p| parse_names(p, &mut names))?;
            }
            Some(Tok {
                kind: TokKind::Op("*"),
                span,
                ..
            }) => return Err(unsupported(*span, "`from ... import *`")),
            _ => parse_names(self, &mut names)?,
        }
        if full == "__future__" {
            return Ok(StmtKind::Pass);
        }
        let Some(module) = module else {
            return Err(syn::Error::new(first.span, modules::no_module(&full)));
        };
        for (name, _) in &names {
            if !module.attrs.contains(&name.name.as_str()) {
                return Err(syn::Error::new(
                    name.span,
                    modules::no_name(module.name, &name.name),
                ));
            }
        }
        Ok(StmtKind::ImportFrom {
            module: module.name,
            names,
        })
    }

    /// How many `=` of an assignment the statement from here holds: the items before
    /// them are targets.
    fn assignment_eqs(&self) -> usize {
        self.toks
            .get(self.pos..)
            .unwrap_or_default()
            .iter()
            .take_while(|tok| {
                !matches!(
                    tok.kind,
                    TokKind::Newline | TokKind::End | TokKind::Op(";") | TokKind::Kw("lambda")
                )
            })
            .filter(|tok| matches!(tok.kind, TokKind::Op("=")))
            .count()
    }

    fn expr_stmt(&mut self, first: &'a Tok) -> PResult<Stmt> {
        let mut targets_left = self.assignment_eqs();
        let start = self.pos;
        self.star_target = targets_left > 0;
        let expr = self.star_expressions()?;
        let first_end = self.pos;
        if self.at_op("=") {
            let mut items = vec![expr];
            let mut value_start = self.pos + 1;
            while self.eat_op("=") {
                if self.at_op("=") {
                    return Err(self.unexpected());
                }
                targets_left = targets_left.saturating_sub(1);
                self.star_target = targets_left > 0;
                value_start = self.pos;
                items.push(self.star_expressions()?);
            }
            self.star_target = false;
            let value = items.pop().ok_or_else(|| self.unexpected())?;
            if let [target] = items.as_slice() {
                self.single_target_check(target, start..first_end, value_start)?;
            }
            let targets = items
                .into_iter()
                .map(|item| self.to_target(item, TargetCtx::Assign))
                .collect::<PResult<Vec<_>>>()?;
            return Ok(stmt(StmtKind::Assign { targets, value }, first));
        }
        self.star_target = false;
        if let Some(TokKind::Op(op)) = self.kind()
            && let Some(bin) = aug_op(op)
        {
            let target = self.to_target(expr, TargetCtx::Aug)?;
            self.pos += 1;
            let value = self.star_expressions()?;
            return Ok(stmt(
                StmtKind::AugAssign {
                    target,
                    op: bin,
                    value,
                },
                first,
            ));
        }
        if self.at_op(":") {
            return Err(unsupported(self.here(), "annotations"));
        }
        if self.at_op(":=") {
            return Err(unsupported(self.here(), "assignment expressions (`:=`)"));
        }
        if let ExprKind::Name(name) = &expr.kind
            && name.name == "print"
            && matches!(
                self.kind(),
                Some(
                    TokKind::Name(_)
                        | TokKind::Num(_)
                        | TokKind::Str(_)
                        | TokKind::RustVar(_)
                        | TokKind::Kw("True" | "False" | "None")
                )
            )
        {
            return Err(syn::Error::new(
                expr.span,
                "Missing parentheses in call to 'print'. Did you mean print(...)?",
            ));
        }
        Ok(stmt(StmtKind::Expr(expr), first))
    }

    /// The block after a compound statement's `:`.
    fn block(&mut self, what: &str, header: &Tok) -> PResult<Vec<Stmt>> {
        Ok(self.block_or_missing(what, header)?.0)
    }

    /// [`Self::block`], and whether the block was missing ("expected an indented block",
    /// recorded). The statements that follow at the header's level, up to a clause
    /// keyword (`elif`, `else`, `except`, `finally`), are then read as the block, so that
    /// the clauses after it still parse and the missing block is the only error.
    fn block_or_missing(&mut self, what: &str, header: &Tok) -> PResult<(Vec<Stmt>, bool)> {
        if !matches!(self.kind(), Some(TokKind::Newline)) {
            let mut body = Vec::new();
            self.simple_stmts(&mut body)?;
            return Ok((body, false));
        }
        self.pos += 1;
        if !matches!(self.kind(), Some(TokKind::Indent)) {
            self.errors.add(
                self.here(),
                format!(
                    "expected an indented block after {what} on line {}",
                    header.start.line
                ),
            );
            // Blocks read this way nest without indentation: bounded as the lexer
            // bounds indented ones.
            if self.unindented >= MAX_INDENT {
                return Ok((Vec::new(), true));
            }
            self.unindented += 1;
            let body = self.statements(true);
            self.unindented -= 1;
            return Ok((body, true));
        }
        self.pos += 1;
        // The lexer bounds how deep blocks nest.
        Ok((self.statements(false), false))
    }

    /// The statements of a block, up to its `Dedent` (consumed) or, for a missing block
    /// (`unindented`), up to a clause keyword or the end of the enclosing block.
    fn statements(&mut self, unindented: bool) -> Vec<Stmt> {
        let mut body = Vec::new();
        loop {
            match self.kind() {
                Some(TokKind::Dedent) if unindented => break,
                Some(TokKind::Kw("elif" | "else" | "except" | "finally")) if unindented => break,
                Some(TokKind::Dedent) => {
                    self.pos += 1;
                    break;
                }
                None | Some(TokKind::End) => break,
                Some(TokKind::Newline) => self.pos += 1,
                Some(TokKind::Indent) => {
                    self.errors.add(self.here(), "unexpected indent");
                    self.skip_block();
                }
                Some(_) => self.statement_or_recover(&mut body),
            }
        }
        body
    }

    /// A condition (of `if`, `elif`, `while`): an expression, with CPython's hint for `=`.
    fn condition(&mut self) -> PResult<Expr> {
        let test = self.expr()?;
        if self.at_op("=") {
            return Err(syn::Error::new(
                test.span,
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            ));
        }
        Ok(test)
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        let Some(header) = self.bump() else {
            return Err(self.unexpected());
        };
        let what = if matches!(header.kind, TokKind::Kw("elif")) {
            "'elif' statement"
        } else {
            "'if' statement"
        };
        let test = self.condition()?;
        self.expect_colon()?;
        let body = self.block(what, header)?;
        let orelse = self.else_part(true)?;
        Ok(stmt(StmtKind::If { test, body, orelse }, header))
    }

    /// `elif ...` (when allowed) or `else: ...` after a block, or nothing.
    fn else_part(&mut self, elif: bool) -> PResult<Vec<Stmt>> {
        if elif && self.at_kw("elif") {
            if self.elifs >= MAX_ELIFS {
                // The rest of the chain would only repeat the error.
                self.errors.push(self.error(ELIF_TOO_DEEP));
                while self.at_kw("elif") || self.at_kw("else") {
                    while !matches!(self.kind(), None | Some(TokKind::Newline | TokKind::End)) {
                        self.pos += 1;
                    }
                    self.eat_newline();
                    if matches!(self.kind(), Some(TokKind::Indent)) {
                        self.skip_block();
                    }
                }
                return Ok(Vec::new());
            }
            self.elifs += 1;
            let nested = self.if_stmt();
            self.elifs -= 1;
            return Ok(vec![nested?]);
        }
        if let Some(header) = self.peek()
            && matches!(header.kind, TokKind::Kw("else"))
        {
            self.pos += 1;
            self.expect_colon()?;
            return self.block("'else' statement", header);
        }
        Ok(Vec::new())
    }

    fn while_stmt(&mut self) -> PResult<Stmt> {
        let Some(header) = self.bump() else {
            return Err(self.unexpected());
        };
        let test = self.condition()?;
        self.expect_colon()?;
        let body = self.block("'while' statement", header)?;
        let orelse = self.else_part(false)?;
        Ok(stmt(StmtKind::While { test, body, orelse }, header))
    }

    fn for_stmt(&mut self) -> PResult<Stmt> {
        let Some(header) = self.bump() else {
            return Err(self.unexpected());
        };
        let target = self.target_list()?;
        if !self.eat_kw("in") {
            return Err(self.unexpected());
        }
        let iter = self.star_expressions()?;
        self.expect_colon()?;
        let body = self.block("'for' statement", header)?;
        let orelse = self.else_part(false)?;
        Ok(stmt(
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            },
            header,
        ))
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let Some(header) = self.bump() else {
            return Err(self.unexpected());
        };
        self.expect_colon()?;
        let (body, missing) = self.block_or_missing("'try' statement", header)?;
        let mut handlers: Vec<ExceptHandler> = Vec::new();
        while let Some(except) = self.peek()
            && matches!(except.kind, TokKind::Kw("except"))
        {
            self.pos += 1;
            if let Some(bare) = handlers.iter().find(|handler| handler.ty.is_none()) {
                return Err(syn::Error::new(bare.span, "default 'except:' must be last"));
            }
            if self.at_op("*") {
                return Err(unsupported(self.here(), "`except*`"));
            }
            let (ty, name) = if self.at_op(":") {
                (None, None)
            } else {
                let ty = self.expr()?;
                if self.at_op(",") {
                    return Err(syn::Error::new(
                        ty.span,
                        "multiple exception types must be parenthesized",
                    ));
                }
                let name = if self.eat_kw("as") {
                    Some(self.name()?)
                } else {
                    None
                };
                (Some(ty), name)
            };
            self.expect_colon()?;
            let body = self.block("'except' statement", except)?;
            handlers.push(ExceptHandler {
                ty,
                name,
                body,
                span: except.span,
                line: except.start.line,
            });
        }
        let orelse = if handlers.is_empty() {
            Vec::new()
        } else {
            self.else_part(false)?
        };
        let finalbody = match self.peek() {
            Some(finally) if matches!(finally.kind, TokKind::Kw("finally")) => {
                self.pos += 1;
                self.expect_colon()?;
                self.block("'finally' statement", finally)?
            }
            // After a missing block, the error is that one.
            _ if handlers.is_empty() && !missing => {
                return Err(self.error("expected 'except' or 'finally' block"));
            }
            _ => Vec::new(),
        };
        Ok(stmt(
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
            header,
        ))
    }

    fn def_stmt(&mut self) -> PResult<Stmt> {
        let Some(header) = self.bump() else {
            return Err(self.unexpected());
        };
        let name = self.name()?;
        let params = match self.peek() {
            Some(
                group @ Tok {
                    kind:
                        TokKind::Group {
                            delim: Delimiter::Parenthesis,
                            ..
                        },
                    ..
                },
            ) => {
                self.pos += 1;
                self.in_group(group, |p| p.params(false))?
            }
            _ => return Err(self.unexpected()),
        };
        if self.at_op("->") {
            return Err(unsupported(self.here(), "annotations"));
        }
        self.expect_colon()?;
        let scope = self.new_scope();
        let body = self.block("function definition", header)?;
        Ok(stmt(
            StmtKind::FunctionDef(Box::new(FunctionDef {
                decorators: Vec::new(),
                name,
                params,
                body,
                scope,
                line: header.start.line,
                is_async: false,
            })),
            header,
        ))
    }

    fn class_stmt(&mut self) -> PResult<Stmt> {
        let Some(header) = self.bump() else {
            return Err(self.unexpected());
        };
        let name = self.name()?;
        let mut bases = Vec::new();
        if let Some(
            group @ Tok {
                kind:
                    TokKind::Group {
                        delim: Delimiter::Parenthesis,
                        ..
                    },
                ..
            },
        ) = self.peek()
        {
            self.pos += 1;
            bases = self.in_group(group, |p| {
                let mut bases = Vec::new();
                while p.peek().is_some() {
                    if p.at_op("*") || p.at_op("**") {
                        return Err(unsupported(p.here(), "unpacking in class bases"));
                    }
                    if matches!(p.kind(), Some(TokKind::Name(_)))
                        && matches!(p.peek_at(1).map(|t| &t.kind), Some(TokKind::Op("=")))
                    {
                        return Err(unsupported(p.here(), "class keywords (`metaclass=...`)"));
                    }
                    bases.push(p.expr()?);
                    if !p.eat_op(",") {
                        break;
                    }
                }
                Ok(bases)
            })?;
        }
        self.expect_colon()?;
        let scope = self.new_scope();
        let body = self.block("class definition", header)?;
        Ok(stmt(
            StmtKind::ClassDef(Box::new(ClassDef {
                decorators: Vec::new(),
                name,
                bases,
                body,
                scope,
            })),
            header,
        ))
    }

    /// Parameters of a `def` (the whole group) or a `lambda` (up to `:`).
    fn params(&mut self, lambda: bool) -> PResult<Params> {
        let mut args: Vec<Param> = Vec::new();
        let mut vararg: Option<Ident> = None;
        let mut seen = HashSet::new();
        loop {
            if self.peek().is_none() || (lambda && self.at_op(":")) {
                break;
            }
            let Some(tok) = self.peek() else { break };
            match &tok.kind {
                TokKind::Op("*") => {
                    self.pos += 1;
                    if !matches!(self.kind(), Some(TokKind::Name(_))) {
                        return Err(unsupported(tok.span, "keyword-only parameters"));
                    }
                    let name = self.name()?;
                    if vararg.is_some() {
                        return Err(syn::Error::new(
                            name.span,
                            "* argument may appear only once",
                        ));
                    }
                    if !seen.insert(name.name.clone()) {
                        return Err(duplicate_argument(&name));
                    }
                    if !lambda && self.at_op(":") {
                        return Err(unsupported(self.here(), "annotations"));
                    }
                    vararg = Some(name);
                }
                TokKind::Op("**") => return Err(unsupported(tok.span, "`**kwargs` parameters")),
                TokKind::Op("/") => {
                    return Err(unsupported(tok.span, "positional-only parameters (`/`)"));
                }
                TokKind::Name(_) => {
                    let name = self.name()?;
                    if vararg.is_some() {
                        return Err(unsupported(name.span, "keyword-only parameters"));
                    }
                    if !lambda && self.at_op(":") {
                        return Err(unsupported(self.here(), "annotations"));
                    }
                    let default = if self.eat_op("=") {
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    if default.is_none() && args.iter().any(|arg| arg.default.is_some()) {
                        return Err(syn::Error::new(
                            name.span,
                            "non-default argument follows default argument",
                        ));
                    }
                    if !seen.insert(name.name.clone()) {
                        return Err(duplicate_argument(&name));
                    }
                    args.push(Param { name, default });
                }
                _ => return Err(self.unexpected()),
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(Params {
            args,
            vararg,
            ..Params::default()
        })
    }

    // ---- targets ----

    /// `for` targets: `bitor`-level expressions separated by commas, up to `in`.
    fn target_list(&mut self) -> PResult<Target> {
        let mut items = Vec::new();
        let mut trailing_comma;
        loop {
            if self.at_op("*") {
                return Err(unsupported(self.here(), "star-unpacking in targets"));
            }
            items.push(self.binary(1)?);
            trailing_comma = self.eat_op(",");
            if !trailing_comma || self.at_kw("in") {
                break;
            }
        }
        if items.len() == 1 && !trailing_comma {
            let item = items.pop().ok_or_else(|| self.unexpected())?;
            return self.to_target(item, TargetCtx::Assign);
        }
        let span = items.first().map_or_else(|| self.here(), |item| item.span);
        let elts = items
            .into_iter()
            .map(|item| self.to_target(item, TargetCtx::Assign))
            .collect::<PResult<Vec<_>>>()?;
        Ok(Target {
            kind: TargetKind::Tuple(elts),
            span,
        })
    }

    /// CPython's error for `target = value` with a single target, when it names the
    /// element just before `=` (the target itself, or the last item of a tuple written
    /// without brackets or trailing comma): CPython's parser first tries `element = value`
    /// as a mistyped comparison, if both sides are `bitwise_or` expressions. `target` spans
    /// the tokens `range`; the value starts at token `value_start`. Otherwise the error is
    /// [`Self::to_target`]'s, on the first element that cannot be assigned.
    fn single_target_check(
        &self,
        target: &Expr,
        range: std::ops::Range<usize>,
        value_start: usize,
    ) -> PResult<()> {
        if assignable(target) {
            return Ok(());
        }
        if matches!(
            self.toks.get(value_start).map(|tok| &tok.kind),
            Some(TokKind::Kw("not" | "lambda" | "yield" | "await") | TokKind::Op("*"))
        ) {
            return Ok(());
        }
        let toks = self.toks.get(range).unwrap_or_default();
        let before_eq = toks.last().map(|tok| &tok.kind);
        let last = match &target.kind {
            ExprKind::Tuple(elts) if toks.len() > 1 => {
                if matches!(before_eq, Some(TokKind::Op(","))) {
                    return Ok(());
                }
                match elts.last() {
                    Some(last) => last,
                    None => return Ok(()),
                }
            }
            _ => target,
        };
        let message = match &last.kind {
            ExprKind::Name(_) if matches!(before_eq, Some(TokKind::Name(_))) => {
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".to_owned()
            }
            // Not `bitwise_or` expressions, or excluded by CPython's rule.
            ExprKind::Tuple(_)
            | ExprKind::List(_)
            | ExprKind::GeneratorExp(_)
            | ExprKind::Compare { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::UnaryOp {
                op: UnaryOp::Not, ..
            }
            | ExprKind::IfExp { .. }
            | ExprKind::Lambda(_)
            | ExprKind::Starred(_)
            | ExprKind::RustVar(_)
            | ExprKind::Constant(Constant::None | Constant::Bool(_)) => return Ok(()),
            _ => format!(
                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                expr_name(last)
            ),
        };
        Err(syn::Error::new(last.span, message))
    }

    /// Converts an expression parsed on the left of `=` (or after `del`, `for`) into a
    /// target, with CPython's error when it cannot be one.
    fn to_target(&self, expr: Expr, ctx: TargetCtx) -> PResult<Target> {
        let span = expr.span;
        let kind = match expr.kind {
            ExprKind::Name(name) => TargetKind::Name(name),
            ExprKind::Attribute { value, attr } => TargetKind::Attribute { value, attr },
            ExprKind::Subscript { value, index } => TargetKind::Subscript { value, index },
            ExprKind::Tuple(elts) if ctx != TargetCtx::Aug => {
                let inner = if ctx == TargetCtx::Del {
                    TargetCtx::Del
                } else {
                    TargetCtx::Assign
                };
                TargetKind::Tuple(
                    elts.into_iter()
                        .map(|elt| self.to_target(elt, inner))
                        .collect::<PResult<_>>()?,
                )
            }
            ExprKind::List(elts) if ctx != TargetCtx::Aug => {
                let inner = if ctx == TargetCtx::Del {
                    TargetCtx::Del
                } else {
                    TargetCtx::Assign
                };
                TargetKind::List(
                    elts.into_iter()
                        .map(|elt| self.to_target(elt, inner))
                        .collect::<PResult<_>>()?,
                )
            }
            ExprKind::Starred(_) if ctx != TargetCtx::Del && ctx != TargetCtx::Aug => {
                return Err(unsupported(span, "star-unpacking in targets"));
            }
            ExprKind::RustVar(var) => {
                return Err(syn::Error::new(
                    span,
                    format!(
                        "pyblock! cannot assign to the Rust variable `'{}`: assign a Python \
                         name instead",
                        var.name
                    ),
                ));
            }
            kind => {
                let expr = Expr { kind, span };
                let name = expr_name(&expr);
                let message = match ctx {
                    TargetCtx::Del => format!("cannot delete {name}"),
                    TargetCtx::Aug => {
                        format!("'{name}' is an illegal expression for augmented assignment")
                    }
                    TargetCtx::Assign => format!("cannot assign to {name}"),
                };
                return Err(syn::Error::new(span, message));
            }
        };
        Ok(Target { kind, span })
    }

    // ---- expressions ----

    /// `expr (, expr)* [,]`: a tuple when there is a comma.
    fn star_expressions(&mut self) -> PResult<Expr> {
        let first = self.star_expr()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let span = first.span;
        let mut elts = vec![first];
        while self.eat_op(",") {
            if !self.starts_expr() {
                break;
            }
            elts.push(self.star_expr()?);
        }
        Ok(Expr::new(ExprKind::Tuple(elts), span))
    }

    /// An expression, or `*expr` (refused outside calls).
    fn star_expr(&mut self) -> PResult<Expr> {
        if self.at_op("*") {
            let what = if self.star_target {
                "star-unpacking in targets"
            } else {
                "star-unpacking (`*a`) here"
            };
            return Err(unsupported(self.here(), what));
        }
        self.expr()
    }

    /// A full expression: `lambda`, or `a if c else b`.
    fn expr(&mut self) -> PResult<Expr> {
        if self.at_kw("lambda") {
            self.enter()?;
            let lambda = self.lambda();
            self.leave();
            return lambda;
        }
        let body = self.or_test()?;
        if !self.eat_kw("if") {
            return Ok(body);
        }
        let test = self.or_test()?;
        if !self.eat_kw("else") {
            return Err(syn::Error::new(
                body.span,
                "expected 'else' after 'if' expression",
            ));
        }
        self.enter()?;
        let orelse = self.expr();
        self.leave();
        let orelse = orelse?;
        let span = body.span;
        Ok(Expr::new(
            ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
            span,
        ))
    }

    fn lambda(&mut self) -> PResult<Expr> {
        let span = self.here();
        let line = self.peek().map_or(0, |tok| tok.start.line);
        self.pos += 1;
        let params = self.params(true)?;
        self.expect_colon()?;
        let scope = self.new_scope();
        let body = self.expr()?;
        Ok(Expr::new(
            ExprKind::Lambda(Box::new(Lambda {
                params,
                body,
                scope,
                line,
                name: "<lambda>",
                statements: Vec::new(),
            })),
            span,
        ))
    }

    fn bool_op(
        &mut self,
        kw: &str,
        op: BoolOp,
        next: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let first = next(self)?;
        if !self.at_kw(kw) {
            return Ok(first);
        }
        let span = first.span;
        let mut values = vec![first];
        while self.eat_kw(kw) {
            values.push(next(self)?);
        }
        Ok(Expr::new(ExprKind::BoolOp { op, values }, span))
    }

    fn or_test(&mut self) -> PResult<Expr> {
        self.bool_op("or", BoolOp::Or, Self::and_test)
    }

    fn and_test(&mut self) -> PResult<Expr> {
        self.bool_op("and", BoolOp::And, Self::not_test)
    }

    fn not_test(&mut self) -> PResult<Expr> {
        if self.at_kw("not") {
            let span = self.here();
            self.pos += 1;
            self.enter()?;
            let operand = self.not_test();
            self.leave();
            return Ok(Expr::new(
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(operand?),
                },
                span,
            ));
        }
        self.comparison()
    }

    fn comp_op(&self) -> Option<(CmpOp, usize)> {
        let second = self.peek_at(1).map(|tok| &tok.kind);
        Some(match self.kind()? {
            TokKind::Op("==") => (CmpOp::Eq, 1),
            TokKind::Op("!=") => (CmpOp::NotEq, 1),
            TokKind::Op("<") => (CmpOp::Lt, 1),
            TokKind::Op("<=") => (CmpOp::LtE, 1),
            TokKind::Op(">") => (CmpOp::Gt, 1),
            TokKind::Op(">=") => (CmpOp::GtE, 1),
            TokKind::Kw("in") => (CmpOp::In, 1),
            TokKind::Kw("not") if matches!(second, Some(TokKind::Kw("in"))) => (CmpOp::NotIn, 2),
            TokKind::Kw("is") if matches!(second, Some(TokKind::Kw("not"))) => (CmpOp::IsNot, 2),
            TokKind::Kw("is") => (CmpOp::Is, 1),
            _ => return None,
        })
    }

    fn comparison(&mut self) -> PResult<Expr> {
        let left = self.binary(1)?;
        let mut ops = Vec::new();
        while let Some((op, len)) = self.comp_op() {
            self.pos += len;
            ops.push((op, self.binary(1)?));
        }
        if ops.is_empty() {
            return Ok(left);
        }
        let span = left.span;
        Ok(Expr::new(
            ExprKind::Compare {
                left: Box::new(left),
                ops,
            },
            span,
        ))
    }

    /// Binary operators from `|` (precedence 1) to `*` (6), by precedence climbing.
    fn binary(&mut self, min: u8) -> PResult<Expr> {
        let mut left = self.factor()?;
        let depth = self.depth;
        let result = loop {
            let Some(TokKind::Op(op)) = self.kind() else {
                break Ok(left);
            };
            if *op == "@" {
                break Err(unsupported(self.here(), "the `@` operator"));
            }
            let Some((bin, prec)) = bin_op(op) else {
                break Ok(left);
            };
            if prec < min {
                break Ok(left);
            }
            self.pos += 1;
            // A long chain nests to the left: it counts as depth.
            if let Err(error) = self.enter() {
                break Err(error);
            }
            let right = match self.binary(prec + 1) {
                Ok(right) => right,
                Err(error) => break Err(error),
            };
            let span = left.span;
            left = Expr::new(
                ExprKind::BinOp {
                    left: Box::new(left),
                    op: bin,
                    right: Box::new(right),
                },
                span,
            );
        };
        self.depth = depth;
        result
    }

    fn factor(&mut self) -> PResult<Expr> {
        let op = match self.kind() {
            Some(TokKind::Op("-")) => UnaryOp::USub,
            Some(TokKind::Op("+")) => UnaryOp::UAdd,
            Some(TokKind::Op("~")) => UnaryOp::Invert,
            _ => return self.power(),
        };
        let span = self.here();
        self.pos += 1;
        self.enter()?;
        let operand = self.factor();
        self.leave();
        Ok(Expr::new(
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand?),
            },
            span,
        ))
    }

    fn power(&mut self) -> PResult<Expr> {
        let base = self.primary()?;
        if !self.eat_op("**") {
            return Ok(base);
        }
        self.enter()?;
        let exponent = self.factor();
        self.leave();
        let span = base.span;
        Ok(Expr::new(
            ExprKind::BinOp {
                left: Box::new(base),
                op: BinOp::Pow,
                right: Box::new(exponent?),
            },
            span,
        ))
    }

    /// An atom followed by attributes, calls and subscripts.
    fn primary(&mut self) -> PResult<Expr> {
        let mut expr = self.atom()?;
        let depth = self.depth;
        let result = loop {
            let Some(tok) = self.peek() else {
                break Ok(expr);
            };
            let span = expr.span;
            let next = match &tok.kind {
                TokKind::Op(".") => {
                    self.pos += 1;
                    match self.name() {
                        Ok(attr) => Ok(ExprKind::Attribute {
                            value: Box::new(expr),
                            attr,
                        }),
                        Err(error) => Err(error),
                    }
                }
                TokKind::Group {
                    delim: Delimiter::Parenthesis,
                    ..
                } => {
                    self.pos += 1;
                    // Arguments are values, even in a target.
                    let star_target = std::mem::replace(&mut self.star_target, false);
                    let args = self.in_group(tok, Self::call_args);
                    self.star_target = star_target;
                    args.map(|(args, keywords)| ExprKind::Call {
                        func: Box::new(expr),
                        args,
                        keywords,
                    })
                }
                TokKind::Group {
                    delim: Delimiter::Bracket,
                    ..
                } => {
                    self.pos += 1;
                    let star_target = std::mem::replace(&mut self.star_target, false);
                    let index = self.in_group(tok, Self::subscript);
                    self.star_target = star_target;
                    index.map(|index| ExprKind::Subscript {
                        value: Box::new(expr),
                        index: Box::new(index),
                    })
                }
                _ => break Ok(expr),
            };
            match next.and_then(|kind| self.enter().map(|()| kind)) {
                Ok(kind) => expr = Expr::new(kind, span),
                Err(error) => break Err(error),
            }
        };
        self.depth = depth;
        result
    }

    fn call_args(&mut self) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let mut args: Vec<Expr> = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        while let Some(tok) = self.peek() {
            match &tok.kind {
                TokKind::Op("*") => {
                    self.pos += 1;
                    let value = self.expr()?;
                    args.push(Expr::new(ExprKind::Starred(Box::new(value)), tok.span));
                }
                TokKind::Op("**") => return Err(unsupported(tok.span, "`**` arguments")),
                TokKind::Name(name)
                    if matches!(self.peek_at(1).map(|t| &t.kind), Some(TokKind::Op("="))) =>
                {
                    self.pos += 2;
                    if keywords
                        .iter()
                        .any(|kw| kw.name.as_ref().is_some_and(|n| n.name == *name))
                    {
                        return Err(syn::Error::new(
                            tok.span,
                            format!("keyword argument repeated: {name}"),
                        ));
                    }
                    let value = self.expr()?;
                    keywords.push(Keyword {
                        name: Some(ident(tok, name)),
                        value,
                    });
                }
                _ => {
                    let value = self.expr()?;
                    if self.at_kw("for") {
                        let genexp = self.generator_expression(value)?;
                        if !args.is_empty() || !keywords.is_empty() || self.at_op(",") {
                            return Err(syn::Error::new(
                                genexp.span,
                                "Generator expression must be parenthesized",
                            ));
                        }
                        args.push(genexp);
                        continue;
                    }
                    if self.at_op("=") {
                        return Err(syn::Error::new(
                            value.span,
                            "expression cannot contain assignment, perhaps you meant \"==\"?",
                        ));
                    }
                    if !keywords.is_empty() {
                        return Err(syn::Error::new(
                            value.span,
                            "positional argument follows keyword argument",
                        ));
                    }
                    args.push(value);
                }
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok((args, keywords))
    }

    /// The inside of `x[...]`: an index, a slice, or a tuple of them.
    fn subscript(&mut self) -> PResult<Expr> {
        let first = self.slice_item()?;
        if !self.at_op(",") {
            return Ok(first);
        }
        let span = first.span;
        let mut elts = vec![first];
        while self.eat_op(",") {
            if self.peek().is_none() {
                break;
            }
            elts.push(self.slice_item()?);
        }
        Ok(Expr::new(ExprKind::Tuple(elts), span))
    }

    fn slice_item(&mut self) -> PResult<Expr> {
        let span = self.here();
        let lower = if self.at_op(":") {
            None
        } else {
            let expr = self.expr()?;
            if !self.at_op(":") {
                return Ok(expr);
            }
            Some(Box::new(expr))
        };
        self.expect_op(":")?;
        let bound = |p: &mut Self| -> PResult<Option<Box<Expr>>> {
            if p.peek().is_none() || p.at_op(":") || p.at_op(",") {
                Ok(None)
            } else {
                Ok(Some(Box::new(p.expr()?)))
            }
        };
        let upper = bound(self)?;
        let step = if self.eat_op(":") { bound(self)? } else { None };
        Ok(Expr::new(ExprKind::Slice { lower, upper, step }, span))
    }

    /// `for ... in ... if ...` clauses after `elt` (and `value` for a dict).
    /// `(elt for ...)`, lazy as CPython's: the generator function it is
    /// ([`Comprehension::into_generator_call`]), at the position of its element.
    fn generator_expression(&mut self, elt: Expr) -> PResult<Expr> {
        let (line, column) = self
            .peek()
            .map_or((0, 0), |tok| (tok.start.line, tok.start.column));
        let comprehension = self.comprehension(elt, None, ExprKind::GeneratorExp)?;
        let span = comprehension.span;
        match comprehension.kind {
            ExprKind::GeneratorExp(comp) => Ok(Expr::new(
                comp.into_generator_call(span, line, column),
                span,
            )),
            kind => Ok(Expr::new(kind, span)),
        }
    }

    fn comprehension(
        &mut self,
        elt: Expr,
        value: Option<Expr>,
        make: fn(Box<Comprehension>) -> ExprKind,
    ) -> PResult<Expr> {
        let span = elt.span;
        let mut generators = Vec::new();
        let scope = self.new_scope();
        while let Some(tok) = self.peek() {
            if matches!(tok.kind, TokKind::Kw("async")) {
                return Err(unsupported(tok.span, "asynchronous comprehensions"));
            }
            if !matches!(tok.kind, TokKind::Kw("for")) {
                break;
            }
            self.pos += 1;
            let target = self.target_list()?;
            if !self.eat_kw("in") {
                return Err(self.unexpected());
            }
            let iter = self.or_test()?;
            let mut ifs = Vec::new();
            while self.eat_kw("if") {
                ifs.push(self.or_test()?);
            }
            generators.push(ForClause {
                target,
                iter,
                ifs,
                span: tok.span,
            });
        }
        Ok(Expr::new(
            make(Box::new(Comprehension {
                elt,
                value,
                generators,
                scope,
            })),
            span,
        ))
    }

    /// Comma-separated expressions up to the end of a group.
    fn display_items(&mut self, first: Expr) -> PResult<Vec<Expr>> {
        let mut elts = vec![first];
        while self.eat_op(",") {
            if self.peek().is_none() {
                break;
            }
            elts.push(self.star_expr()?);
        }
        Ok(elts)
    }

    fn atom(&mut self) -> PResult<Expr> {
        let Some(tok) = self.peek() else {
            return Err(self.unexpected());
        };
        let span = tok.span;
        let kind = match &tok.kind {
            TokKind::Name(name) => {
                self.pos += 1;
                ExprKind::Name(ident(tok, name))
            }
            TokKind::RustVar(name) => {
                self.pos += 1;
                ExprKind::RustVar(ident(tok, name))
            }
            TokKind::Num(value) => {
                self.pos += 1;
                ExprKind::Constant(value.clone())
            }
            TokKind::Str(_) => ExprKind::Constant(self.strings()?),
            TokKind::Kw("True") => {
                self.pos += 1;
                ExprKind::Constant(Constant::Bool(true))
            }
            TokKind::Kw("False") => {
                self.pos += 1;
                ExprKind::Constant(Constant::Bool(false))
            }
            TokKind::Kw("None") => {
                self.pos += 1;
                ExprKind::Constant(Constant::None)
            }
            TokKind::Kw("yield") => return Err(unsupported(span, "`yield`")),
            TokKind::Kw("await") => return Err(unsupported(span, "`await`")),
            TokKind::Op("...") => return Err(unsupported(span, "`...` (Ellipsis)")),
            TokKind::Op("*") => return Err(unsupported(span, "star-unpacking (`*a`) here")),
            TokKind::Group { delim, .. } => {
                self.pos += 1;
                return match delim {
                    Delimiter::Parenthesis => self.in_group(tok, |p| p.paren(span)),
                    Delimiter::Bracket => self.in_group(tok, |p| p.bracket(span)),
                    Delimiter::Brace => self.in_group(tok, |p| p.brace(span)),
                    Delimiter::None => Err(syn::Error::new(span, "invalid syntax")),
                };
            }
            _ => return Err(self.unexpected()),
        };
        Ok(Expr::new(kind, span))
    }

    /// Adjacent string literals, concatenated.
    fn strings(&mut self) -> PResult<Constant> {
        let mut value: Option<Constant> = None;
        while let Some(tok) = self.peek() {
            let TokKind::Str(s) = &tok.kind else { break };
            self.pos += 1;
            value = Some(match (value, &s.value) {
                (None, v) => v.clone(),
                (Some(Constant::Str(mut a)), Constant::Str(b)) => {
                    a.push_str(b);
                    Constant::Str(a)
                }
                (Some(Constant::Bytes(mut a)), Constant::Bytes(b)) => {
                    a.extend_from_slice(b);
                    Constant::Bytes(a)
                }
                _ => {
                    return Err(syn::Error::new(
                        tok.span,
                        "cannot mix bytes and nonbytes literals",
                    ));
                }
            });
        }
        value.ok_or_else(|| self.unexpected())
    }

    fn paren(&mut self, span: Span) -> PResult<Expr> {
        if self.peek().is_none() {
            return Ok(Expr::new(ExprKind::Tuple(Vec::new()), span));
        }
        if self.at_kw("yield") {
            return Err(unsupported(self.here(), "`yield`"));
        }
        let first = self.star_expr()?;
        if self.at_kw("for") {
            return self.generator_expression(first);
        }
        if self.at_op(":=") {
            return Err(unsupported(self.here(), "assignment expressions (`:=`)"));
        }
        if !self.at_op(",") {
            return Ok(first);
        }
        Ok(Expr::new(ExprKind::Tuple(self.display_items(first)?), span))
    }

    fn bracket(&mut self, span: Span) -> PResult<Expr> {
        if self.peek().is_none() {
            return Ok(Expr::new(ExprKind::List(Vec::new()), span));
        }
        let first = self.star_expr()?;
        if self.at_kw("for") {
            let mut comp = self.comprehension(first, None, ExprKind::ListComp)?;
            comp.span = span;
            return Ok(comp);
        }
        Ok(Expr::new(ExprKind::List(self.display_items(first)?), span))
    }

    fn brace(&mut self, span: Span) -> PResult<Expr> {
        if self.peek().is_none() {
            return Ok(Expr::new(ExprKind::Dict(Vec::new()), span));
        }
        if self.at_op("**") {
            return Err(unsupported(self.here(), "`**` unpacking in dict displays"));
        }
        let first = self.star_expr()?;
        if self.eat_op(":") {
            let value = self.expr()?;
            if self.at_kw("for") {
                let mut comp = self.comprehension(first, Some(value), ExprKind::DictComp)?;
                comp.span = span;
                return Ok(comp);
            }
            let mut items = vec![(first, value)];
            while self.eat_op(",") {
                if self.peek().is_none() {
                    break;
                }
                if self.at_op("**") {
                    return Err(unsupported(self.here(), "`**` unpacking in dict displays"));
                }
                let key = self.expr()?;
                if !self.eat_op(":") {
                    return Err(syn::Error::new(
                        key.span,
                        "':' expected after dictionary key",
                    ));
                }
                items.push((key, self.expr()?));
            }
            return Ok(Expr::new(ExprKind::Dict(items), span));
        }
        if self.at_kw("for") {
            let mut comp = self.comprehension(first, None, ExprKind::SetComp)?;
            comp.span = span;
            return Ok(comp);
        }
        Ok(Expr::new(ExprKind::Set(self.display_items(first)?), span))
    }
}

/// Whether `expr` can be assigned to (star-unpacking aside, refused when parsed).
fn assignable(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => true,
        ExprKind::Tuple(elts) | ExprKind::List(elts) => elts.iter().all(assignable),
        _ => false,
    }
}

fn duplicate_argument(name: &Ident) -> syn::Error {
    syn::Error::new(
        name.span,
        format!("duplicate argument '{}' in function definition", name.name),
    )
}
