//! `match` statements, rewritten into the statements the rest of the macro knows.
//!
//! ```text
//! match subject:                    __match0_subject = subject
//!     case [x, 1] if x > 0:         if ((__match0_v0 := <sequence of 2>) is not None
//!         body                              and ((__match0_x := __match0_v0[0]) is __match0_x)
//!     case _:                               and __match0_v0[1] == 1)
//!         other                         and (x := __match0_x,) and x > 0:
//!                                       body
//!                                   elif True:
//!                                       other
//! ```
//!
//! A pattern becomes a test that binds its captures to hidden names as it goes; when
//! the whole pattern matched, the captures are bound to their real names (before the
//! guard, as CPython does), so a case that fails half-way binds nothing. The patterns
//! that look inside the subject call the runtime's `match_sequence`, `match_mapping`
//! and `match_class`, which give `None` or the list of values the sub-patterns test.
//! The hidden names start with `__match` and a number, so they never meet a user's.

use ruff_python_ast as py;
use ruff_text_size::{Ranged, TextRange};

use super::super::ast::{
    BoolOp, CmpOp, Constant, Expr, ExprKind, IntValue, Stmt, StmtKind, Target, TargetKind,
};
use super::{CResult, Conv};

/// What a pattern is tested against: the stored subject, or an item of a hidden list a
/// helper gave (an expression made anew at each use: it is cheap and has no effect).
enum Subject {
    /// A (hidden) name.
    Name(String),
    /// `name[index]`.
    Item(String, usize),
}

/// What converting one case's pattern collects.
struct Case {
    /// The number of the `match` statement (names its hidden variables).
    statement: usize,
    /// The names the pattern captures, in order.
    captures: Vec<String>,
    /// Hidden variables used so far for the values of sub-patterns.
    values: usize,
}

impl Conv<'_, '_> {
    /// `match subject: case ...`, as an `if`/`elif` chain after the subject is stored.
    pub(super) fn match_stmt(&mut self, stmt: &py::StmtMatch, out: &mut Vec<Stmt>) -> CResult<()> {
        let statement = self.matches;
        self.matches += 1;
        let (line, column) = self
            .lines
            .locate(self.source, stmt.range.start().to_usize());
        let line = line + self.line_base;
        for (index, case) in stmt.cases.iter().enumerate() {
            if case.guard.is_none()
                && index + 1 < stmt.cases.len()
                && let Some(message) = unreachable_after(&case.pattern)
            {
                return Err(self.error(case.pattern.range(), format!("SyntaxError: {message}")));
            }
        }
        let subject = format!("__match{statement}_subject");
        let value = self.expr(&stmt.subject)?;
        let span = self.span;
        let make = |kind| Stmt {
            kind,
            span,
            line,
            column,
        };
        out.push(make(StmtKind::Assign {
            targets: vec![Target {
                kind: TargetKind::Name(self.name(&subject)),
                span,
            }],
            value,
        }));
        let mut chain: Vec<Stmt> = Vec::new();
        for case in stmt.cases.iter().rev() {
            let mut state = Case {
                statement,
                captures: Vec::new(),
                values: 0,
            };
            let mut tests =
                vec![self.pattern(&case.pattern, &Subject::Name(subject.clone()), &mut state)?];
            if !state.captures.is_empty() {
                // `(x := __match0_x, ...)`: a non-empty tuple, so always true.
                let binds = state
                    .captures
                    .iter()
                    .map(|name| {
                        Expr::new(
                            ExprKind::Named {
                                target: self.name(name),
                                value: Box::new(self.name_expr(&capture(statement, name))),
                            },
                            span,
                        )
                    })
                    .collect();
                tests.push(Expr::new(ExprKind::Tuple(binds), span));
            }
            if let Some(guard) = &case.guard {
                tests.push(self.expr(guard)?);
            }
            let test = all(tests, span);
            let (case_line, case_column) = self
                .lines
                .locate(self.source, case.range.start().to_usize());
            chain = vec![Stmt {
                kind: StmtKind::If {
                    test,
                    body: self.stmts(&case.body),
                    orelse: chain,
                },
                span,
                line: case_line + self.line_base,
                column: case_column,
            }];
        }
        out.extend(chain);
        Ok(())
    }

    /// The name `text` as an expression.
    fn name_expr(&self, text: &str) -> Expr {
        Expr::new(ExprKind::Name(self.name(text)), self.span)
    }

    /// The expression of `subject`.
    fn subject(&self, subject: &Subject) -> Expr {
        match subject {
            Subject::Name(name) => self.name_expr(name),
            Subject::Item(name, index) => Expr::new(
                ExprKind::Subscript {
                    value: Box::new(self.name_expr(name)),
                    index: Box::new(self.literal(int(*index))),
                },
                self.span,
            ),
        }
    }

    /// A literal as an expression.
    fn literal(&self, value: Constant) -> Expr {
        Expr::new(ExprKind::Constant(value), self.span)
    }

    /// The test of `pattern` against `subject` (a name, or an item of a hidden list):
    /// true when it matches, binding its captures to their hidden names.
    fn pattern(
        &mut self,
        pattern: &py::Pattern,
        subject: &Subject,
        case: &mut Case,
    ) -> CResult<Expr> {
        self.enter(pattern.range())?;
        let test = self.pattern_inner(pattern, subject, case);
        self.leave();
        test
    }

    fn pattern_inner(
        &mut self,
        pattern: &py::Pattern,
        subject: &Subject,
        case: &mut Case,
    ) -> CResult<Expr> {
        let span = self.span;
        Ok(match pattern {
            py::Pattern::MatchValue(value) => {
                compare(self.subject(subject), CmpOp::Eq, self.expr(&value.value)?)
            }
            py::Pattern::MatchSingleton(singleton) => {
                let value = match singleton.value {
                    py::Singleton::None => Constant::None,
                    py::Singleton::True => Constant::Bool(true),
                    py::Singleton::False => Constant::Bool(false),
                };
                compare(self.subject(subject), CmpOp::Is, self.literal(value))
            }
            py::Pattern::MatchAs(as_pattern) => {
                let mut tests = Vec::new();
                if let Some(inner) = &as_pattern.pattern {
                    tests.push(self.pattern(inner, subject, case)?);
                }
                if let Some(name) = &as_pattern.name {
                    tests.push(self.capture(name.id.as_str(), as_pattern.range, subject, case)?);
                }
                all(tests, span)
            }
            py::Pattern::MatchStar(star) => {
                // Only inside a sequence pattern, which hands it the list of the rest.
                match &star.name {
                    Some(name) => self.capture(name.id.as_str(), star.range, subject, case)?,
                    None => self.literal(Constant::Bool(true)),
                }
            }
            py::Pattern::MatchOr(or) => {
                let before = case.captures.clone();
                let mut names: Option<Vec<String>> = None;
                let mut alternatives = Vec::new();
                for alternative in &or.patterns {
                    case.captures = before.clone();
                    alternatives.push(self.pattern(alternative, subject, case)?);
                    let mut bound = case.captures[before.len()..].to_vec();
                    bound.sort();
                    match &names {
                        Some(first) if *first != bound => {
                            return Err(self.error(
                                alternative.range(),
                                "SyntaxError: alternative patterns bind different names",
                            ));
                        }
                        Some(_) => {}
                        None => names = Some(bound),
                    }
                }
                let mut captures = before;
                captures.extend(names.unwrap_or_default());
                case.captures = captures;
                Expr::new(
                    ExprKind::BoolOp {
                        op: BoolOp::Or,
                        values: alternatives,
                    },
                    span,
                )
            }
            py::Pattern::MatchSequence(sequence) => self.sequence(sequence, subject, case)?,
            py::Pattern::MatchMapping(mapping) => self.mapping(mapping, subject, case)?,
            py::Pattern::MatchClass(class) => self.class(class, subject, case)?,
        })
    }

    /// Binds `subject` to the hidden name of the capture `name`: a test that is always
    /// true. CPython's `SyntaxError: multiple assignments to name 'x' in pattern`.
    fn capture(
        &self,
        name: &str,
        range: TextRange,
        subject: &Subject,
        case: &mut Case,
    ) -> CResult<Expr> {
        if case.captures.iter().any(|known| known == name) {
            return Err(self.error(
                range,
                format!("SyntaxError: multiple assignments to name '{name}' in pattern"),
            ));
        }
        case.captures.push(name.to_owned());
        let hidden = capture(case.statement, name);
        let bind = Expr::new(
            ExprKind::Named {
                target: self.name(&hidden),
                value: Box::new(self.subject(subject)),
            },
            self.span,
        );
        Ok(compare(bind, CmpOp::Is, self.name_expr(&hidden)))
    }

    /// `(__match0_v1 := __rt::helper(args)) is not None and sub-tests...`: a pattern
    /// whose sub-patterns test the items of the list the helper gives.
    fn through_helper(
        &mut self,
        helper: &'static str,
        args: Vec<Expr>,
        parts: &[&py::Pattern],
        case: &mut Case,
    ) -> CResult<Expr> {
        let span = self.span;
        let hidden = format!("__match{}_v{}", case.statement, case.values);
        case.values += 1;
        let call = Expr::new(ExprKind::Runtime { func: helper, args }, span);
        let bind = Expr::new(
            ExprKind::Named {
                target: self.name(&hidden),
                value: Box::new(call),
            },
            span,
        );
        let mut tests = vec![compare(bind, CmpOp::IsNot, self.literal(Constant::None))];
        for (index, part) in parts.iter().enumerate() {
            let item = Subject::Item(hidden.clone(), index);
            tests.push(self.pattern(part, &item, case)?);
        }
        Ok(all(tests, span))
    }

    /// `[p, *rest, q]` / `(p, q)`.
    fn sequence(
        &mut self,
        sequence: &py::PatternMatchSequence,
        subject: &Subject,
        case: &mut Case,
    ) -> CResult<Expr> {
        let stars: Vec<usize> = sequence
            .patterns
            .iter()
            .enumerate()
            .filter(|(_, part)| matches!(part, py::Pattern::MatchStar(_)))
            .map(|(index, _)| index)
            .collect();
        if stars.len() > 1 {
            return Err(self.error(
                sequence.range,
                "SyntaxError: multiple starred names in sequence pattern",
            ));
        }
        let count = sequence.patterns.len();
        let (before, after) = match stars.first() {
            Some(&star) => (star, count - star - 1),
            None => (count, 0),
        };
        let args = vec![
            self.subject(subject),
            self.literal(int(before)),
            self.literal(int(after)),
            self.literal(Constant::Bool(!stars.is_empty())),
        ];
        let parts: Vec<&py::Pattern> = sequence.patterns.iter().collect();
        self.through_helper("match_sequence", args, &parts, case)
    }

    /// `{key: p, ..., **rest}`.
    fn mapping(
        &mut self,
        mapping: &py::PatternMatchMapping,
        subject: &Subject,
        case: &mut Case,
    ) -> CResult<Expr> {
        let mut keys = Vec::new();
        let mut literals: Vec<Constant> = Vec::new();
        for key in &mapping.keys {
            let key = self.expr(key)?;
            if let ExprKind::Constant(value) = &key.kind {
                if !literals.contains(value) {
                    literals.push(value.clone());
                    keys.push(key);
                    continue;
                }
                return Err(self.error(
                    mapping.range,
                    format!(
                        "SyntaxError: mapping pattern checks duplicate key ({})",
                        constant_repr(value)
                    ),
                ));
            }
            keys.push(key);
        }
        let span = self.span;
        let args = vec![
            self.subject(subject),
            Expr::new(ExprKind::Tuple(keys), span),
            self.literal(Constant::Bool(mapping.rest.is_some())),
        ];
        let mut parts: Vec<&py::Pattern> = mapping.patterns.iter().collect();
        // `**rest` captures the helper's last item.
        let rest = mapping.rest.as_ref().map(|name| {
            py::Pattern::MatchStar(py::PatternMatchStar {
                range: name.range,
                node_index: Default::default(),
                name: Some(name.clone()),
            })
        });
        if let Some(rest) = &rest {
            parts.push(rest);
        }
        self.through_helper("match_mapping", args, &parts, case)
    }

    /// `Class(p, ..., name=p, ...)`.
    fn class(
        &mut self,
        class: &py::PatternMatchClass,
        subject: &Subject,
        case: &mut Case,
    ) -> CResult<Expr> {
        let span = self.span;
        let names = class
            .arguments
            .keywords
            .iter()
            .map(|keyword| self.literal(Constant::Str(keyword.attr.id.to_string())))
            .collect();
        let args = vec![
            self.subject(subject),
            self.expr(&class.cls)?,
            self.literal(int(class.arguments.patterns.len())),
            Expr::new(ExprKind::Tuple(names), span),
        ];
        let parts: Vec<&py::Pattern> = class
            .arguments
            .patterns
            .iter()
            .chain(
                class
                    .arguments
                    .keywords
                    .iter()
                    .map(|keyword| &keyword.pattern),
            )
            .collect();
        self.through_helper("match_class", args, &parts, case)
    }
}

/// The hidden name of the capture `name` in the `match` statement `statement`.
fn capture(statement: usize, name: &str) -> String {
    format!("__match{statement}_{name}")
}

/// An int literal.
fn int(value: usize) -> Constant {
    Constant::Int(IntValue::Small(i64::try_from(value).unwrap_or(i64::MAX)))
}

/// `left op right`.
fn compare(left: Expr, op: CmpOp, right: Expr) -> Expr {
    let span = left.span;
    Expr::new(
        ExprKind::Compare {
            left: Box::new(left),
            ops: vec![(op, right)],
        },
        span,
    )
}

/// `a and b and ...` (`True` for none, the test itself for one).
fn all(mut tests: Vec<Expr>, span: proc_macro2::Span) -> Expr {
    match tests.len() {
        0 => Expr::new(ExprKind::Constant(Constant::Bool(true)), span),
        1 => tests.remove(0),
        _ => Expr::new(
            ExprKind::BoolOp {
                op: BoolOp::And,
                values: tests,
            },
            span,
        ),
    }
}

/// CPython's `SyntaxError` text when a case without a guard matches everything, so the
/// cases after it can never run: `name capture 'x' makes remaining patterns
/// unreachable`, `wildcard makes remaining patterns unreachable`.
fn unreachable_after(pattern: &py::Pattern) -> Option<String> {
    match pattern {
        py::Pattern::MatchAs(as_pattern) => match (&as_pattern.pattern, &as_pattern.name) {
            (None, Some(name)) => Some(format!(
                "name capture '{}' makes remaining patterns unreachable",
                name.id
            )),
            (None, None) => Some("wildcard makes remaining patterns unreachable".to_owned()),
            (Some(inner), _) => unreachable_after(inner),
        },
        py::Pattern::MatchOr(or) => or.patterns.iter().find_map(unreachable_after),
        _ => None,
    }
}

/// A literal key's `repr` in CPython's duplicate-key message.
fn constant_repr(value: &Constant) -> String {
    match value {
        Constant::None => "None".to_owned(),
        Constant::Bool(true) => "True".to_owned(),
        Constant::Bool(false) => "False".to_owned(),
        Constant::Int(IntValue::Small(n)) => n.to_string(),
        Constant::Str(text) if !text.contains('\'') => format!("'{text}'"),
        Constant::Str(text) => format!("\"{text}\""),
        other => format!("{other:?}"),
    }
}
