//! `async for`, rewritten into the statements the rest of the macro knows (`async
//! with` is the `with` rewrite with awaits, in the parent module).

use ruff_python_ast as py;

use super::super::ast::{
    Constant, ExceptHandler, Expr, ExprKind, Stmt, StmtKind, Target, TargetKind,
};
use super::{CResult, Conv};

impl Conv<'_, '_> {
    /// `async for target in iterable: body else: orelse`, as the steps CPython runs:
    ///
    /// ```text
    /// iterator = iterable.__aiter__()
    /// running = True
    /// while running:
    ///     try:
    ///         item = await iterator.__anext__()
    ///     except StopAsyncIteration:
    ///         running = False
    ///     if running:
    ///         target = item
    ///         body                  # `break` leaves the loop, skipping `else`
    /// else:
    ///     orelse
    /// ```
    ///
    /// The hidden names start with `__afor` and a number, so they never meet a user's.
    pub(super) fn async_for_stmt(
        &mut self,
        each: &py::StmtFor,
        out: &mut Vec<Stmt>,
    ) -> CResult<()> {
        let n = self.withs;
        self.withs += 1;
        let (line, column) = self
            .lines
            .locate(self.source, each.range.start().to_usize());
        let line = line + self.line_base;
        let span = self.span;
        let iterator = format!("__afor{n}_iterator");
        let running = format!("__afor{n}_running");
        let item = format!("__afor{n}_item");
        let iterable = self.expr(&each.iter)?;
        let target = self.target(&each.target)?;
        let body = self.stmts(&each.body);
        let orelse = self.stmts(&each.orelse);
        let stmt = |kind| Stmt {
            kind,
            span,
            line,
            column,
        };
        let name = |text: &str| Expr::new(ExprKind::Name(self.name(text)), span);
        let store = |text: &str| Target {
            kind: TargetKind::Name(self.name(text)),
            span,
        };
        let method_call = |object: Expr, method: &str| {
            Expr::new(
                ExprKind::Call {
                    func: Box::new(Expr::new(
                        ExprKind::Attribute {
                            value: Box::new(object),
                            attr: self.name(method),
                        },
                        span,
                    )),
                    args: Vec::new(),
                    keywords: Vec::new(),
                },
                span,
            )
        };
        let flag = |value: bool| Expr::new(ExprKind::Constant(Constant::Bool(value)), span);
        let next = Expr::new(
            ExprKind::Await(Box::new(method_call(name(&iterator), "__anext__"))),
            span,
        );
        let mut step = vec![stmt(StmtKind::Assign {
            targets: vec![target],
            value: name(&item),
        })];
        step.extend(body);
        let loop_body = vec![
            stmt(StmtKind::Try {
                body: vec![stmt(StmtKind::Assign {
                    targets: vec![store(&item)],
                    value: next,
                })],
                handlers: vec![ExceptHandler {
                    ty: Some(name("StopAsyncIteration")),
                    name: None,
                    body: vec![stmt(StmtKind::Assign {
                        targets: vec![store(&running)],
                        value: flag(false),
                    })],
                    span,
                    line,
                }],
                orelse: Vec::new(),
                finalbody: Vec::new(),
            }),
            stmt(StmtKind::If {
                test: name(&running),
                body: step,
                orelse: Vec::new(),
            }),
        ];
        out.push(stmt(StmtKind::Assign {
            targets: vec![store(&iterator)],
            value: method_call(iterable, "__aiter__"),
        }));
        out.push(stmt(StmtKind::Assign {
            targets: vec![store(&running)],
            value: flag(true),
        }));
        out.push(stmt(StmtKind::While {
            test: name(&running),
            body: loop_body,
            orelse,
        }));
        Ok(())
    }
}
