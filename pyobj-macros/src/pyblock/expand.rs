//! The code generator of `pyblock!`: the checked tree becomes Rust against the runtime.
//!
//! Every path the generated code uses goes through `::pyobj::__private::pyblock`
//! (`__rt` below). The shape of the output:
//!
//! - The block is a closure run at once, returning `PyResult<Namespace>`. Its globals
//!   live in one `Globals` object (a slot per name, numbered in sorted order); the Rust
//!   variables the block reads as `'name` are copied into hidden slots when it starts.
//! - A `def` or `lambda` is a Rust `fn` item taking the function object and the call's
//!   arguments; it finds its globals (if its code names any) and closure cells through
//!   the function object.
//!   Its locals are Rust locals (`Option<Obj>`, `None` while unbound); locals captured
//!   by nested functions are cell objects.
//! - Statements that can raise end in `?` inside a closure whose result carries the
//!   error; a `try` body, handler, `else` and `finally` are each such a closure,
//!   returning a `Flow` that carries a `break`, `continue` or `return` out of it.
//! - Each statement first records its line; a function adds a traceback entry (file,
//!   line, name) to an error leaving it.
//!
//! The output grows linearly with the input: each node expands to a fixed pattern
//! around the expansion of its children.

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use super::ast::{
    BinOp, BoolOp, ClassDef, CmpOp, Comprehension, Constant, Expr, ExprKind, FPart, FunctionDef,
    IntValue, Lambda, Module, Origin, Params, ScopeId, Stmt, StmtKind, Target, TargetKind, UnaryOp,
};
use super::scope::{Resolution, Scope, ScopeKind};

/// The code of a checked block: an expression of type `PyResult<Namespace>`.
pub(crate) fn expand(module: &Module) -> TokenStream {
    expand_with(module, false)
}

/// [`expand`], with line hooks when `hooks` (`pyblock!(trace ...)`): see [`Gen::hooks`].
pub(crate) fn expand_with(module: &Module, hooks: bool) -> TokenStream {
    let mut rust_vars = BTreeMap::new();
    for stmt in &module.body {
        collect_rust_vars_stmt(stmt, &mut rust_vars);
    }
    let mut slots: Vec<String> = module.scopes.globals.iter().cloned().collect();
    let first_hidden = slots.len();
    slots.extend(rust_vars.keys().map(|name| format!("'{name}")));
    let generator = Gen {
        module,
        slots: &slots,
        uses_globals: std::cell::Cell::new(false),
        hooks,
    };
    let names = slots.iter().map(String::as_str);
    let count = slots.len();
    let copy_vars = rust_vars.iter().enumerate().map(|(i, (name, &at))| {
        let index = first_hidden + i;
        // Located at the `'name` (its first use), resolved at the call site: a type
        // that cannot be converted is reported there, naming the variable as written.
        let at = Span::call_site().located_at(at);
        let var = proc_macro2::Ident::new(name, at);
        let value = quote_spanned!(at=> __rt::rust_variable(&#var));
        quote! {
            __g.store(#index, #value)?;
        }
    });
    let ctx = Ctx::new(0, ClosureKind::Module);
    let body = generator.stmts(&module.body, &ctx);
    let first_line = module.body.first().map_or(0, |stmt| stmt.line as u32);
    let allow = allow_generated_lints();
    let module_frame = generator.frame_hook(quote!(__rt::LineFrame::module(&__g)));
    // A Python file names itself in tracebacks, and the crate depends on it.
    let (file, depend) = match &module.origin {
        Origin::Rust => (quote!(::core::file!()), quote!()),
        Origin::File { written, absolute } => {
            let written = lit_str(written);
            let absolute = lit_str(absolute);
            (
                quote!(#written),
                quote!(
                    const _: &[u8] = ::core::include_bytes!(#absolute);
                ),
            )
        }
    };
    quote! {
        {
            #depend
            #allow
            let __result = (|| -> ::pyobj::__private::pyblock::PyResult<::pyobj::__private::pyblock::Namespace> {
                use ::pyobj::__private::pyblock as __rt;
                static __NAMES: [&str; #count] = [#(#names),*];
                const __FILE: &str = #file;
                let __g = __rt::Globals::new(&__NAMES);
                #module_frame
                let mut __line: u32 = #first_line;
                let __run = (|| -> __rt::PyResult<()> {
                    #(#copy_vars)*
                    #body
                    Ok(())
                })();
                match __run {
                    Ok(()) => Ok(__rt::Namespace::new(__g)),
                    Err(__error) => {
                        let __error = __rt::traceback(__error, __FILE, __line, "<module>");
                        drop(__rt::Namespace::new(__g));
                        Err(__error)
                    }
                }
            })();
            __result
        }
    }
}

/// How many statements of one body are compiled together at most: a longer body is
/// split into parts of this many (see `Gen::outlined_part`).
const PART_STATEMENTS: usize = 32;

/// What the innermost closure returns, which decides how `return`, `break` and
/// `continue` leave it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ClosureKind {
    /// The block's top level: `PyResult<()>`.
    Module,
    /// A function body: `PyResult<Obj>`.
    Function,
    /// A `try` part: `PyResult<Flow>`.
    Flow,
}

/// Where the code being generated is.
#[derive(Clone)]
struct Ctx {
    /// The Python scope (whose symbol table resolves names).
    scope: ScopeId,
    /// The innermost closure's kind.
    closure: ClosureKind,
    /// The loops enclosing this point: (break label, continue label, inside the current
    /// closure).
    loops: Vec<(syn::Lifetime, syn::Lifetime, bool)>,
    /// The variable holding the exception an `except` clause handles (for a bare
    /// `raise`).
    handling: Option<proc_macro2::Ident>,
    /// The class namespace variable, in a class body.
    class_ns: Option<proc_macro2::Ident>,
    /// Inside a generator's body: closures are `async` and awaited, so that a `yield`
    /// (an `.await`) may sit in them.
    generator: bool,
    /// Inside a generator expression run inline (`Gen::inline_genexpr`): the scope's
    /// frame slots are plain Rust locals, as no generator frame holds them.
    plain_slots: bool,
}

impl Ctx {
    fn new(scope: ScopeId, closure: ClosureKind) -> Ctx {
        Ctx {
            scope,
            closure,
            loops: Vec::new(),
            handling: None,
            class_ns: None,
            generator: false,
            plain_slots: false,
        }
    }

    /// `body` run in a closure returning `ty`, called at once: an `async` closure
    /// awaited inside a generator.
    fn closure(&self, ty: TokenStream, body: TokenStream) -> TokenStream {
        if self.generator {
            quote!((async || -> #ty { #body })().await)
        } else {
            quote!((|| -> #ty { #body })())
        }
    }

    /// The same place, inside a new `try` closure.
    fn in_flow_closure(&self) -> Ctx {
        let mut ctx = self.clone();
        ctx.closure = ClosureKind::Flow;
        for entry in &mut ctx.loops {
            entry.2 = false;
        }
        ctx
    }
}

struct Gen<'a> {
    module: &'a Module,
    /// The global slots: the block's globals, sorted, then the hidden `'name` slots.
    slots: &'a [String],
    /// Whether the code generated since the current function's body began names the
    /// globals (`__g`): a function whose code does not skips looking them up.
    uses_globals: std::cell::Cell<bool>,
    /// Line hooks (`pyblock!(trace ...)`): each statement calls `__rt::line_hook` after
    /// recording its line, and the block and each function (not a generator) hold a
    /// `__rt::LineFrame` while they run. Without them nothing of the kind is emitted.
    hooks: bool,
}

thread_local! {
    static COUNTER: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn next_number() -> usize {
    COUNTER.with(|c| {
        let n = c.get();
        c.set(n + 1);
        n
    })
}

/// A fresh identifier: `prefix` and a number.
fn fresh(prefix: &str) -> proc_macro2::Ident {
    format_ident!("{}{}", prefix, next_number())
}

/// A fresh loop label: `'` `prefix` and a number.
fn fresh_label(prefix: &str) -> syn::Lifetime {
    syn::Lifetime::new(&format!("'{prefix}{}", next_number()), Span::call_site())
}

fn local_ident(name: &str) -> proc_macro2::Ident {
    format_ident!("__l_{}", name)
}

fn cell_ident(name: &str) -> proc_macro2::Ident {
    format_ident!("__c_{}", name)
}

fn lit_str(text: &str) -> proc_macro2::Literal {
    proc_macro2::Literal::string(text)
}

impl Gen<'_> {
    fn scope_kind(&self, scope: ScopeId) -> ScopeKind {
        self.module
            .scopes
            .get(scope)
            .map_or(ScopeKind::Module, |s| s.kind)
    }

    fn global_index(&self, name: &str) -> Option<usize> {
        self.slots.iter().position(|slot| slot == name)
    }

    /// The nearest enclosing scope that is a Rust function (a `def`, a `lambda`, or the
    /// block): comprehensions and class bodies run inline in it.
    fn fn_scope(&self, mut scope: ScopeId) -> ScopeId {
        loop {
            match self.scope_kind(scope) {
                ScopeKind::Module | ScopeKind::Function | ScopeKind::Lambda => return scope,
                ScopeKind::Class | ScopeKind::Comprehension => {
                    match self.module.scopes.get(scope).and_then(|s| s.parent) {
                        Some(parent) => scope = parent,
                        None => return 0,
                    }
                }
            }
        }
    }

    /// The cell object of `name` as seen from `scope`: a cell variable of an inline
    /// scope or of the Rust function, or one of the function's closure cells.
    fn cell_ref(&self, scope: ScopeId, name: &str) -> TokenStream {
        let mut current = scope;
        while let Some(info) = self.module.scopes.get(current) {
            if info.cellvars.iter().any(|cell| cell == name)
                || info.frame_slots.iter().any(|slot| slot == name)
            {
                let ident = cell_ident(name);
                return quote!(#ident);
            }
            match info.kind {
                ScopeKind::Class | ScopeKind::Comprehension => match info.parent {
                    Some(parent) => current = parent,
                    None => break,
                },
                _ => {
                    if let Some(index) = info.freevars.iter().position(|free| free == name) {
                        return quote!(__free[#index]);
                    }
                    break;
                }
            }
        }
        let message = lit_str(&format!("no cell for '{name}'"));
        quote!(__rt::missing_cell(#message)?)
    }

    fn resolution(&self, scope: ScopeId, name: &str) -> Resolution {
        self.module
            .scopes
            .resolve(scope, name)
            .unwrap_or(Resolution::Global)
    }

    /// How `name` is reached at `ctx`: its resolution in `ctx`'s scope, except that a
    /// frame slot of a generator expression run inline is a plain local.
    fn resolve(&self, ctx: &Ctx, name: &str) -> Resolution {
        let resolution = self.resolution(ctx.scope, name);
        if ctx.plain_slots
            && resolution == Resolution::Cell
            && self
                .module
                .scopes
                .get(ctx.scope)
                .is_some_and(|info| info.frame_slots.iter().any(|slot| slot == name))
        {
            return Resolution::Local;
        }
        resolution
    }

    /// A load of a global or builtin `name` (Python's `LOAD_GLOBAL`).
    /// `code`, which names the globals (`__g`): records that the current function uses
    /// them.
    fn globals(&self, code: TokenStream) -> TokenStream {
        self.uses_globals.set(true);
        code
    }

    /// The code of a function's body, made by `make`, and whether it names the globals
    /// (the enclosing code's record is kept apart meanwhile).
    fn function_body(&self, make: impl FnOnce() -> TokenStream) -> (TokenStream, bool) {
        let outer = self.uses_globals.replace(false);
        let body = make();
        let uses = self.uses_globals.replace(outer);
        (body, uses)
    }

    fn load_global(&self, name: &str) -> TokenStream {
        let text = lit_str(name);
        match self.global_index(name) {
            Some(index) => self.globals(quote!(__g.load(#index)?)),
            None => quote!({
                ::std::thread_local! {
                    static __SITE: __rt::BuiltinSite = const { __rt::BuiltinSite::new() };
                }
                __rt::builtin(&__SITE, #text)?
            }),
        }
    }

    /// The class body's namespace variable, when the code is directly in a class body
    /// (where names are looked up in the namespace first, as `LOAD_NAME` does).
    fn class_namespace<'c>(&self, ctx: &'c Ctx) -> Option<&'c proc_macro2::Ident> {
        if self.scope_kind(ctx.scope) == ScopeKind::Class {
            ctx.class_ns.as_ref()
        } else {
            None
        }
    }

    /// The value of the name `name` (an `Obj`).
    fn load_name(&self, name: &str, span: Span, ctx: &Ctx) -> TokenStream {
        let text = lit_str(name);
        let class_ns = self.class_namespace(ctx);
        let resolution = self.resolve(ctx, name);
        let load = match resolution {
            // A class body's own name: its namespace, then the globals and builtins.
            Resolution::Local if class_ns.is_some() => self.load_global(name),
            Resolution::Local => {
                let ident = local_ident(name);
                quote!(__rt::load_local(&#ident, #text)?)
            }
            Resolution::Cell => {
                let cell = self.cell_ref(ctx.scope, name);
                quote!(__rt::cell_get(&#cell, #text)?)
            }
            Resolution::Free => {
                let cell = self.cell_ref(ctx.scope, name);
                quote!(__rt::free_get(&#cell, #text)?)
            }
            Resolution::Global | Resolution::Builtin => self.load_global(name),
        };
        let load = match class_ns {
            Some(ns) if resolution != Resolution::Cell => {
                quote!(match #ns.get(#text) { Some(__v) => __v, None => #load })
            }
            _ => load,
        };
        respan(load, span)
    }

    /// A borrowed operand: a local is borrowed in place, anything else is evaluated
    /// into a temporary (an expression of type `&Obj`).
    /// An arithmetic expression as a `__rt::Num` value: its intermediate results stay
    /// unboxed numbers when they are ints or floats ([`is_arith`] says which nodes are
    /// computed here); the operands are evaluated, and the operators applied, in
    /// CPython's order.
    fn num(&self, expr: &Expr, ctx: &Ctx) -> TokenStream {
        match &expr.kind {
            ExprKind::BinOp { left, op, right } if let Some(op) = arith_op(*op) => {
                let a = self.num(left, ctx);
                let b = self.num(right, ctx);
                quote!({ let __a = #a; let __b = #b; __rt::num(__a, __b, __rt::Arith::#op)? })
            }
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand,
            } => {
                let value = self.num(operand, ctx);
                quote!(__rt::num_neg(#value)?)
            }
            ExprKind::Constant(Constant::Int(IntValue::Small(n))) => quote!(__rt::Num::Int(#n)),
            ExprKind::Constant(Constant::Float(value)) if value.is_finite() => {
                let lit = proc_macro2::Literal::f64_suffixed(*value);
                quote!(__rt::Num::Float(#lit))
            }
            _ => {
                let value = self.operand(expr, ctx);
                quote!(__rt::Num::of_ref(#value))
            }
        }
    }

    fn operand(&self, expr: &Expr, ctx: &Ctx) -> TokenStream {
        if let ExprKind::Name(ident) = &expr.kind
            && self.resolve(ctx, &ident.name) == Resolution::Local
            && !matches!(
                self.scope_kind(ctx.scope),
                ScopeKind::Class | ScopeKind::Module
            )
        {
            let local = local_ident(&ident.name);
            let text = lit_str(&ident.name);
            return quote!(__rt::local(&#local, #text)?);
        }
        let value = self.expr(expr, ctx);
        quote!(&#value)
    }

    /// Binds `name` to `value` (an `Obj` expression).
    fn store_name(&self, name: &str, value: TokenStream, ctx: &Ctx) -> TokenStream {
        let text = lit_str(name);
        match self.resolve(ctx, name) {
            Resolution::Local => {
                if let Some(ns) = self.class_namespace(ctx) {
                    quote!(#ns.set(#text, #value);)
                } else {
                    let ident = local_ident(name);
                    quote!(__rt::store_local(&mut #ident, #value);)
                }
            }
            Resolution::Cell | Resolution::Free => {
                let cell = self.cell_ref(ctx.scope, name);
                quote!(__rt::cell_set(&#cell, #value);)
            }
            Resolution::Global | Resolution::Builtin => match self.global_index(name) {
                Some(index) => self.globals(quote!(__g.store(#index, #value)?;)),
                None => quote!(return Err(__rt::name_error(#text));),
            },
        }
    }

    /// The deletion of `name`, as an expression of type `PyResult<()>`.
    fn deletion(&self, name: &str, ctx: &Ctx) -> TokenStream {
        let text = lit_str(name);
        match self.resolve(ctx, name) {
            Resolution::Local => match self.class_namespace(ctx) {
                Some(ns) => quote!(#ns.delete(#text)),
                None => {
                    let ident = local_ident(name);
                    quote!(__rt::delete_local(&mut #ident, #text))
                }
            },
            resolution @ (Resolution::Cell | Resolution::Free) => {
                let cell = self.cell_ref(ctx.scope, name);
                let free = resolution == Resolution::Free;
                quote!(__rt::cell_delete(&#cell, #text, #free))
            }
            Resolution::Global | Resolution::Builtin => match self.global_index(name) {
                Some(index) => self.globals(quote!(__g.delete(#index))),
                None => quote!(Err::<(), _>(__rt::name_error(#text))),
            },
        }
    }

    /// `del name`.
    fn delete_name(&self, name: &str, ctx: &Ctx) -> TokenStream {
        let deletion = self.deletion(name, ctx);
        quote!(#deletion?;)
    }

    /// Unbinds `name` if it is bound (the end of an `except ... as name` clause).
    fn unbind_name(&self, name: &str, ctx: &Ctx) -> TokenStream {
        let deletion = self.deletion(name, ctx);
        quote!(let _ = #deletion;)
    }

    // ----- statements -------------------------------------------------------------

    fn stmts(&self, stmts: &[Stmt], ctx: &Ctx) -> TokenStream {
        let mut out = TokenStream::new();
        if stmts.len() > PART_STATEMENTS && !ctx.generator {
            for part in stmts.chunks(PART_STATEMENTS) {
                out.extend(self.outlined_part(part, ctx));
            }
            return out;
        }
        for stmt in stmts {
            out.extend(self.stmt(stmt, ctx));
        }
        out
    }

    /// `stmts`, part of a long body, compiled as a function of its own
    /// (`__rt::outlined`): a closure returning a `Flow` for `return`, `break` and
    /// `continue`, as a `try` part does. The Rust compiler's work on one function grows
    /// faster than the function, so a long body is given to it in parts of bounded
    /// size, and the cost of a program stays linear in its length.
    fn outlined_part(&self, stmts: &[Stmt], ctx: &Ctx) -> TokenStream {
        let inner = ctx.in_flow_closure();
        let mut body = TokenStream::new();
        for stmt in stmts {
            body.extend(self.stmt(stmt, &inner));
        }
        let flow = self.dispatch_flow(quote!(__flow), ctx);
        quote! {
            let __flow = __rt::outlined(|| -> __rt::PyResult<__rt::Flow> {
                #body
                Ok(__rt::Flow::Normal)
            })?;
            #flow
        }
    }

    /// `a, b = x, y`: the values are computed, then assigned left to right, with no
    /// tuple made in between (CPython's compiler swaps them on its stack the same way).
    fn parallel_assign(&self, targets: &[Target], value: &Expr, ctx: &Ctx) -> Option<TokenStream> {
        let [target] = targets else {
            return None;
        };
        let (TargetKind::Tuple(items) | TargetKind::List(items)) = &target.kind else {
            return None;
        };
        let (ExprKind::Tuple(values) | ExprKind::List(values)) = &value.kind else {
            return None;
        };
        if items.len() != values.len()
            || items
                .iter()
                .any(|t| matches!(t.kind, TargetKind::Starred(_)))
            || values
                .iter()
                .any(|v| matches!(v.kind, ExprKind::Starred(_)))
        {
            return None;
        }
        let vars: Vec<_> = (0..values.len())
            .map(|i| format_ident!("__item{}", i))
            .collect();
        let mut out = TokenStream::new();
        for (var, value) in vars.iter().zip(values) {
            let value = self.expr(value, ctx);
            out.extend(quote!(let #var: __rt::Obj = #value;));
        }
        for (var, item) in vars.iter().zip(items) {
            out.extend(self.assign(item, quote!(#var), ctx));
        }
        Some(quote!({ #out }))
    }

    fn stmt(&self, stmt: &Stmt, ctx: &Ctx) -> TokenStream {
        let line = stmt.line as u32;
        let code = match &stmt.kind {
            StmtKind::Expr(expr) => {
                let value = self.expr(expr, ctx);
                quote!(drop(#value);)
            }
            StmtKind::Assign { targets, value } => {
                if let Some(code) = self.parallel_assign(targets, value, ctx) {
                    return self.line_and(line, stmt, code);
                }
                let value = self.expr(value, ctx);
                let mut out = quote!(let __value: __rt::Obj = #value;);
                let last = targets.len().saturating_sub(1);
                for (i, target) in targets.iter().enumerate() {
                    let v = if i == last {
                        quote!(__value)
                    } else {
                        quote!(::core::clone::Clone::clone(&__value))
                    };
                    out.extend(self.assign(target, v, ctx));
                }
                quote!({ #out })
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value, ctx),
            StmtKind::Delete(targets) => {
                let mut out = TokenStream::new();
                for target in targets {
                    out.extend(self.delete(target, ctx));
                }
                out
            }
            StmtKind::Pass => quote!(),
            StmtKind::If { test, body, orelse } => {
                let test = self.truth(test, ctx);
                let body = self.stmts(body, ctx);
                if orelse.is_empty() {
                    quote!(if #test { #body })
                } else {
                    let orelse = self.stmts(orelse, ctx);
                    quote!(if #test { #body } else { #orelse })
                }
            }
            StmtKind::While { test, body, orelse } => {
                let test = self.truth(test, ctx);
                self.loop_stmt(
                    quote!(),
                    |cont| quote!(if !(#test) { break #cont; }),
                    body,
                    orelse,
                    ctx,
                )
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let it = fresh("__it");
                let iterable = self.operand(iter, ctx);
                let assign = self.assign(target, quote!(__item), ctx);
                self.loop_stmt(
                    quote!(let mut #it = __rt::ForIter::new(#iterable)?;),
                    |cont| {
                        quote! {
                            let ::core::option::Option::Some(__item) = #it.next()? else { break #cont; };
                            #assign
                        }
                    },
                    body,
                    orelse,
                    ctx,
                )
            }
            StmtKind::Break => self.jump(ctx, true),
            StmtKind::Continue => self.jump(ctx, false),
            StmtKind::FunctionDef(def) => self.function_def(def, ctx),
            StmtKind::ClassDef(class) => self.class_def(class, ctx),
            StmtKind::Return(value) => {
                let value = match value {
                    Some(value) => self
                        .return_local(value, ctx)
                        .unwrap_or_else(|| self.expr(value, ctx)),
                    None => quote!(__rt::none()),
                };
                self.return_value(value, ctx)
            }
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => quote!(),
            StmtKind::ImportFrom { module, names } => {
                let text = lit_str(module);
                let mut out = quote!(let __module = __rt::import(#text)?;);
                for (name, asname) in names {
                    let attr = lit_str(&name.name);
                    let bound = asname.as_ref().unwrap_or(name);
                    out.extend(self.store_name(
                        &bound.name,
                        quote!(__rt::import_from(&__module, #text, #attr)?),
                        ctx,
                    ));
                }
                quote!({ #out })
            }
            StmtKind::Import(aliases) => {
                let mut out = TokenStream::new();
                for alias in aliases {
                    let module = lit_str(alias.module);
                    out.extend(self.store_name(
                        &alias.bound().name,
                        quote!(__rt::import(#module)?),
                        ctx,
                    ));
                }
                out
            }
            StmtKind::Assert { test, msg } => {
                let test = self.truth(test, ctx);
                let msg = match msg {
                    Some(msg) => {
                        let msg = self.expr(msg, ctx);
                        quote!(::core::option::Option::Some(#msg))
                    }
                    None => quote!(::core::option::Option::None),
                };
                quote!(if !(#test) { return Err(__rt::assertion_error(#msg)); })
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(body, handlers, orelse, finalbody, ctx),
            StmtKind::Raise(value) => match value {
                Some(value) => {
                    let value = self.expr(value, ctx);
                    quote!(return Err(__rt::raise(#value));)
                }
                None => match &ctx.handling {
                    Some(error) => quote!(return Err(::core::clone::Clone::clone(&#error));),
                    None => quote!(return Err(__rt::no_active_exception());),
                },
            },
            StmtKind::RaiseFrom { exc, cause } => {
                let exc = self.expr(exc, ctx);
                let cause = self.expr(cause, ctx);
                quote!(return Err(__rt::raise_from(#exc, #cause)?);)
            }
        };
        self.line_and(line, stmt, code)
    }

    /// The Rust locals of `targets` if each is a plain local name of a function (not
    /// a cell, not in a class body) and no name repeats.
    fn distinct_local_slots(
        &self,
        targets: &[Target],
        ctx: &Ctx,
    ) -> Option<Vec<proc_macro2::Ident>> {
        if self.class_namespace(ctx).is_some() {
            return None;
        }
        let mut names: Vec<&str> = Vec::with_capacity(targets.len());
        for target in targets {
            let TargetKind::Name(ident) = &target.kind else {
                return None;
            };
            if self.resolve(ctx, &ident.name) != Resolution::Local
                || names.contains(&ident.name.as_str())
            {
                return None;
            }
            names.push(&ident.name);
        }
        Some(names.into_iter().map(local_ident).collect())
    }

    /// The bounds of a slice index (`a[lo:hi:step]`), each an `Option<Obj>` expression.
    fn slice_parts(
        &self,
        index: &Expr,
        ctx: &Ctx,
    ) -> Option<(TokenStream, TokenStream, TokenStream)> {
        let ExprKind::Slice { lower, upper, step } = &index.kind else {
            return None;
        };
        let part = |part: &Option<Box<Expr>>| match part {
            Some(e) => {
                let e = self.expr(e, ctx);
                quote!(::core::option::Option::Some(#e))
            }
            None => quote!(::core::option::Option::None),
        };
        Some((part(lower), part(upper), part(step)))
    }

    /// A statement's code, after it records its line (and calls the line hook).
    fn line_and(&self, line: u32, stmt: &Stmt, code: TokenStream) -> TokenStream {
        let code = respan(code, stmt.span);
        let hook = if self.hooks {
            quote!(__rt::line_hook(__FILE, #line);)
        } else {
            TokenStream::new()
        };
        quote! {
            __line = #line;
            #hook
            #code
        }
    }

    /// `let __line_frame = #frame;` with line hooks, nothing without.
    fn frame_hook(&self, frame: TokenStream) -> TokenStream {
        if self.hooks {
            quote!(let __line_frame = #frame;)
        } else {
            TokenStream::new()
        }
    }

    /// `break` (`is_break`) or `continue`.
    fn jump(&self, ctx: &Ctx, is_break: bool) -> TokenStream {
        match ctx.loops.last() {
            Some((brk, cont, true)) => {
                if is_break {
                    quote!(break #brk;)
                } else {
                    quote!(continue #cont;)
                }
            }
            Some((_, _, false)) => {
                if is_break {
                    quote!(return Ok(__rt::Flow::Break);)
                } else {
                    quote!(return Ok(__rt::Flow::Continue);)
                }
            }
            // The scope check rejects a `break` outside a loop.
            None => quote!(),
        }
    }

    /// `return x` of a plain local straight from the function's body (not from a `try`
    /// part, whose `finally` may still read it): the local is moved out instead of
    /// copied, since the function's locals are dropped as it returns anyway.
    fn return_local(&self, value: &Expr, ctx: &Ctx) -> Option<TokenStream> {
        let ExprKind::Name(ident) = &value.kind else {
            return None;
        };
        if ctx.closure != ClosureKind::Function
            || self.resolve(ctx, &ident.name) != Resolution::Local
            || self.scope_kind(ctx.scope) != ScopeKind::Function
        {
            return None;
        }
        let local = local_ident(&ident.name);
        let text = lit_str(&ident.name);
        Some(respan(
            quote!(__rt::take_local(&mut #local, #text)?),
            value.span,
        ))
    }

    fn return_value(&self, value: TokenStream, ctx: &Ctx) -> TokenStream {
        match ctx.closure {
            ClosureKind::Function => quote!(return Ok(#value);),
            ClosureKind::Flow => quote!(return Ok(__rt::Flow::Return(#value));),
            // The scope check rejects `return` outside a function.
            ClosureKind::Module => quote!(drop(#value);),
        }
    }

    /// Carries a `Flow` out of a finished `try` statement.
    fn dispatch_flow(&self, flow: TokenStream, ctx: &Ctx) -> TokenStream {
        let brk = self.jump(ctx, true);
        let cont = self.jump(ctx, false);
        let ret = self.return_value(quote!(__v), ctx);
        quote! {
            match #flow {
                __rt::Flow::Normal => {}
                __rt::Flow::Break => { #brk }
                __rt::Flow::Continue => { #cont }
                __rt::Flow::Return(__v) => { #ret }
            }
        }
    }

    fn try_stmt(
        &self,
        body: &[Stmt],
        handlers: &[super::ast::ExceptHandler],
        orelse: &[Stmt],
        finalbody: &[Stmt],
        ctx: &Ctx,
    ) -> TokenStream {
        let inner = ctx.in_flow_closure();
        let body = self.stmts(body, &inner);
        let flow = quote!(__rt::PyResult<__rt::Flow>);
        let body = ctx.closure(flow.clone(), quote!(#body Ok(__rt::Flow::Normal)));
        let mut code = quote! {
            let __r: __rt::PyResult<__rt::Flow> = #body;
        };
        if !handlers.is_empty() || !orelse.is_empty() {
            let orelse_arm = if orelse.is_empty() {
                quote!()
            } else {
                let orelse = self.stmts(orelse, &inner);
                let orelse = ctx.closure(flow.clone(), quote!(#orelse Ok(__rt::Flow::Normal)));
                quote! {
                    Ok(__rt::Flow::Normal) => #orelse,
                }
            };
            let error = fresh("__error");
            let mut chain = quote!(Err(::core::clone::Clone::clone(&#error)));
            for handler in handlers.iter().rev() {
                let mut handler_ctx = inner.clone();
                handler_ctx.handling = Some(error.clone());
                let handler_body = self.stmts(&handler.body, &handler_ctx);
                let (bind, unbind) = match &handler.name {
                    Some(name) => (
                        self.store_name(&name.name, quote!(__rt::error_value(&#error)), &inner),
                        self.unbind_name(&name.name, &inner),
                    ),
                    None => (quote!(), quote!()),
                };
                let handler_run =
                    ctx.closure(flow.clone(), quote!(#handler_body Ok(__rt::Flow::Normal)));
                let run = quote! {
                    #bind
                    let __h = #handler_run;
                    #unbind
                    return __h;
                };
                let line = handler.line as u32;
                chain = match &handler.ty {
                    None => quote!({ #run }),
                    Some(ty) => {
                        let ty = self.expr(ty, &inner);
                        quote! {
                            __line = #line;
                            if __rt::exception_matches(&#error, &#ty)? {
                                #run
                            }
                            #chain
                        }
                    }
                };
            }
            let chain = ctx.closure(flow.clone(), chain);
            code.extend(quote! {
                let __r: __rt::PyResult<__rt::Flow> = match __r {
                    #orelse_arm
                    Err(#error) => #chain,
                    __other => __other,
                };
            });
        }
        if !finalbody.is_empty() {
            let finalbody = self.stmts(finalbody, &inner);
            let finalbody = ctx.closure(flow, quote!(#finalbody Ok(__rt::Flow::Normal)));
            code.extend(quote! {
                let __r: __rt::PyResult<__rt::Flow> = match #finalbody {
                    Ok(__rt::Flow::Normal) => __r,
                    __other => __other,
                };
            });
        }
        let dispatch = self.dispatch_flow(quote!(__r?), ctx);
        quote!({ #code #dispatch })
    }

    /// Assigns `value` (an `Obj` expression, evaluated once) to a target.
    fn assign(&self, target: &Target, value: TokenStream, ctx: &Ctx) -> TokenStream {
        match &target.kind {
            TargetKind::Name(ident) => self.store_name(&ident.name, value, ctx),
            TargetKind::Attribute {
                value: object,
                attr,
            } => {
                let object = self.operand(object, ctx);
                let attr = lit_str(&attr.name);
                quote!({
                    static __SITE: __rt::AttrSite = __rt::AttrSite::new();
                    let __v: __rt::Obj = #value;
                    __rt::store_attr_at(#object, #attr, __v, &__SITE)?;
                })
            }
            TargetKind::Subscript {
                value: object,
                index,
            } => {
                let object = self.operand(object, ctx);
                if let Some((lower, upper, step)) = self.slice_parts(index, ctx) {
                    return quote!({
                        let __v: __rt::Obj = #value;
                        __rt::set_slice(#object, #lower, #upper, #step, __v)?;
                    });
                }
                if let Some(n) = int_literal(index) {
                    return quote!({ let __v: __rt::Obj = #value; __rt::setitem_int(#object, #n, __v)?; });
                }
                let index = self.expr(index, ctx);
                quote!({ let __v: __rt::Obj = #value; __rt::setitem(#object, &#index, __v)?; })
            }
            TargetKind::Tuple(items) | TargetKind::List(items) => {
                let count = items.len();
                let parts = fresh("__parts");
                let star = items
                    .iter()
                    .position(|item| matches!(item.kind, TargetKind::Starred(_)));
                let unpacked = match star {
                    Some(before) => {
                        let after = count - before - 1;
                        quote!(__rt::unpack_ex(#value, #before, #after)?)
                    }
                    None => quote!(__rt::unpack(#value, #count)?),
                };
                if star.is_none()
                    && let Some(slots) = self.distinct_local_slots(items, ctx)
                {
                    // Every target a different plain local: one call unpacks and stores
                    // (the code per statement stays small; the loop is in the runtime).
                    return quote!(__rt::unpack_into(#value, [#(&mut #slots),*])?;);
                }
                if star.is_none() {
                    // A fixed count: the items in an array, no `Vec`.
                    let vars: Vec<_> = (0..count).map(|i| format_ident!("__part{}", i)).collect();
                    let mut out = quote!(let [#(#vars),*] = __rt::unpack_array::<#count>(#value)?;);
                    for (var, item) in vars.iter().zip(items) {
                        out.extend(self.assign(item, quote!(#var), ctx));
                    }
                    return quote!({ #out });
                }
                let mut out = quote!(let mut #parts = #unpacked.into_iter(););
                for item in items {
                    let next = quote!(#parts.next().map_or_else(|| Err(__rt::unpack_error()), Ok)?);
                    out.extend(self.assign(item, next, ctx));
                }
                quote!({ #out })
            }
            // The starred item's list, made by `unpack_ex`.
            TargetKind::Starred(inner) => self.assign(inner, value, ctx),
        }
    }

    fn delete(&self, target: &Target, ctx: &Ctx) -> TokenStream {
        match &target.kind {
            TargetKind::Name(ident) => self.delete_name(&ident.name, ctx),
            TargetKind::Attribute { value, attr } => {
                let object = self.operand(value, ctx);
                let attr = lit_str(&attr.name);
                quote!((#object).delattr(#attr)?;)
            }
            TargetKind::Subscript { value, index } => {
                let object = self.operand(value, ctx);
                let index = self.expr(index, ctx);
                quote!((#object).del_item(&#index)?;)
            }
            TargetKind::Tuple(items) | TargetKind::List(items) => {
                let mut out = TokenStream::new();
                for item in items {
                    out.extend(self.delete(item, ctx));
                }
                out
            }
            TargetKind::Starred(_) => {
                quote!(return Err(__rt::syntax_error("cannot delete starred"));)
            }
        }
    }

    fn aug_assign(&self, target: &Target, op: BinOp, value: &Expr, ctx: &Ctx) -> TokenStream {
        // An arithmetic right side stays an unboxed number until the operation.
        let fused = arith_op(op).is_some() && is_arith(value);
        let op = inplace_op(op);
        let (value, inplace) = if fused {
            (
                self.num(value, ctx),
                quote!(__rt::inplace_num(&__current, __rhs, #op)?),
            )
        } else {
            (
                self.expr(value, ctx),
                quote!(__rt::inplace(&__current, &__rhs, #op)?),
            )
        };
        match &target.kind {
            TargetKind::Name(ident) => {
                let current = self.load_name(&ident.name, ident.span, ctx);
                let store = self.store_name(&ident.name, inplace, ctx);
                quote!({ let __current: __rt::Obj = #current; let __rhs = #value; #store })
            }
            TargetKind::Attribute {
                value: object,
                attr,
            } => {
                let object = self.expr(object, ctx);
                let attr = lit_str(&attr.name);
                quote!({
                    let __object: __rt::Obj = #object;
                    static __SITE: __rt::AttrSite = __rt::AttrSite::new();
                    let __current = __rt::load_attr(&__object, #attr, &__SITE)?;
                    let __rhs = #value;
                    let __result = #inplace;
                    drop(__current);
                    __rt::store_attr_at(&__object, #attr, __result, &__SITE)?;
                })
            }
            TargetKind::Subscript {
                value: object,
                index,
            } => {
                let object = self.expr(object, ctx);
                if let Some(n) = int_literal(index) {
                    return quote!({
                        let __object: __rt::Obj = #object;
                        let __current = __rt::getitem_int(&__object, #n)?;
                        let __rhs = #value;
                        let __result = #inplace;
                        drop(__current);
                        __rt::setitem_int(&__object, #n, __result)?;
                    });
                }
                let index = self.expr(index, ctx);
                quote!({
                    let __object: __rt::Obj = #object;
                    let __key: __rt::Obj = #index;
                    let __current = __rt::getitem(&__object, &__key)?;
                    let __rhs = #value;
                    let __result = #inplace;
                    drop(__current);
                    __rt::setitem(&__object, &__key, __result)?;
                })
            }
            // The parser accepts only a name, attribute or subscript here.
            TargetKind::Tuple(_) | TargetKind::List(_) | TargetKind::Starred(_) => {
                quote!(return Err(__rt::syntax_error("illegal expression for augmented assignment"));)
            }
        }
    }

    /// The qualified name of a function or class defined in `scope`'s parent, named
    /// `name`.
    fn qualname(&self, scope: ScopeId, name: &str) -> String {
        let mut parts = vec![name.to_owned()];
        let mut current = self.module.scopes.get(scope).and_then(|s| s.parent);
        while let Some(id) = current {
            let Some(info) = self.module.scopes.get(id) else {
                break;
            };
            match info.kind {
                ScopeKind::Module => break,
                ScopeKind::Class => parts.push(info.name.clone()),
                ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension => {
                    parts.push(format!("{}.<locals>", info.name));
                }
            }
            current = info.parent;
        }
        parts.reverse();
        parts.join(".")
    }

    /// A function object for a `def` or `lambda` body, made at this point.
    fn function_object(
        &self,
        name: &str,
        scope: ScopeId,
        params: &Params,
        line: usize,
        (body, uses_globals): (TokenStream, bool),
        ctx: &Ctx,
    ) -> TokenStream {
        let Some(info) = self.module.scopes.get(scope) else {
            return quote!(return Err(__rt::syntax_error("unknown scope")));
        };
        let qualname = lit_str(&self.qualname(scope, name));
        let code = fresh("__code_");
        let param_names: Vec<_> = params.args.iter().map(|p| lit_str(&p.name.name)).collect();
        let param_count = param_names.len();
        let has_varargs = params.vararg.is_some();
        let has_varkw = params.kwarg.is_some();
        let posonly = params.posonly;
        let kwonly_names: Vec<_> = params
            .kwonly
            .iter()
            .map(|p| lit_str(&p.name.name))
            .collect();
        let slots =
            param_count + usize::from(has_varargs) + params.kwonly.len() + usize::from(has_varkw);
        let kwdefaults: Vec<_> = params
            .kwonly
            .iter()
            .map(|p| match &p.default {
                Some(d) => {
                    let d = self.expr(d, ctx);
                    quote!(::core::option::Option::Some(#d))
                }
                None => quote!(::core::option::Option::None),
            })
            .collect();
        let defaults: Vec<_> = params
            .args
            .iter()
            .filter_map(|p| p.default.as_ref())
            .map(|d| self.expr(d, ctx))
            .collect();
        let closure = self.closure_cells(info, ctx);
        // Parameters, then the other locals, each a Rust local or a cell.
        let mut setup = TokenStream::new();
        let all_params: Vec<String> = params
            .args
            .iter()
            .map(|p| p.name.name.clone())
            .chain(params.vararg.iter().map(|v| v.name.clone()))
            .chain(params.kwonly.iter().map(|p| p.name.name.clone()))
            .chain(params.kwarg.iter().map(|v| v.name.clone()))
            .collect();
        let arg_vars: Vec<_> = (0..slots).map(|i| format_ident!("__arg{}", i)).collect();
        for (param, var) in all_params.iter().zip(&arg_vars) {
            if let Some(index) = info.frame_slots.iter().position(|slot| slot == param) {
                let cell = cell_ident(param);
                setup
                    .extend(quote!(let #cell = __chan.slot(#index); __rt::cell_set(&#cell, #var);));
            } else if info.cellvars.contains(param) {
                let cell = cell_ident(param);
                setup.extend(
                    quote!(let #cell = __rt::new_cell(::core::option::Option::Some(#var));),
                );
            } else {
                let local = local_ident(param);
                setup.extend(quote!(let mut #local: ::core::option::Option<__rt::Obj> = ::core::option::Option::Some(#var);));
            }
        }
        setup.extend(self.declare_locals(scope, &all_params));
        // CPython clears a frame's fast locals in order, parameters first, when the
        // call returns: the values the call handed over are released in the order they
        // were passed (Rust would drop its locals in reverse).
        let release = self.plain_locals_in_order(info, &all_params);
        let fn_name = lit_str(name);
        let line = line as u32;
        // A body that never names the globals (no global load or store, no nested
        // `def`) skips looking them up.
        let sig = fresh("__SIGNATURE");
        let enter = if uses_globals {
            quote!(let (__frame, __g, __free, [#(#arg_vars),*]) = __rt::enter::<#slots>(__func, __args, &#sig)?;)
        } else {
            quote!(let (__frame, __free, [#(#arg_vars),*]) = __rt::enter_local::<#slots>(__func, __args, &#sig)?;)
        };
        let allow = allow_generated_lints();
        let make = if info.coroutine {
            quote!(__rt::coroutine)
        } else {
            quote!(__rt::generator)
        };
        let function_frame = self.frame_hook(quote!(__rt::LineFrame::function(#fn_name)));
        // A generator's body gives its caller's line back whenever it suspends.
        let line_restoring = if self.hooks {
            quote!(__rt::LineRestoring::new)
        } else {
            TokenStream::new()
        };
        let frame_cells: Vec<_> = info.cellvars.iter().map(|name| cell_ident(name)).collect();
        let slot_count = info.frame_slots.len();
        let hold_frame = if frame_cells.is_empty() {
            TokenStream::new()
        } else {
            quote!(__chan.hold_frame([#(__rt::CellObject::to_obj(&#frame_cells)),*]);)
        };
        // A coroutine's code up to its object, for an `await` of a call to it
        // (`__rt::await_call`), and its code, which wraps what that makes.
        let start = fresh("__start");
        let (code_head, code_tail, wrapper) = if info.coroutine {
            (
                quote!(fn #start(__func: &__rt::Obj, __args: &__rt::Args<'_>) -> __rt::PyResult<(::std::rc::Rc<__rt::Channel>, __rt::GeneratorBody)>),
                quote!(Ok((__channel, __body))),
                quote! {
                    fn #code(__func: &__rt::Obj, __args: &__rt::Args<'_>) -> __rt::PyResult<__rt::Obj> {
                        let (__channel, __body) = #start(__func, __args)?;
                        Ok(#make(#qualname, __channel, __body))
                    }
                },
            )
        } else {
            (
                quote!(fn #code(__func: &__rt::Obj, __args: &__rt::Args<'_>) -> __rt::PyResult<__rt::Obj>),
                quote!(Ok(#make(#qualname, __channel, __body))),
                TokenStream::new(),
            )
        };
        let code_fn = if info.generator || info.coroutine {
            // A generator: the arguments are bound now (their errors raised by the
            // call), the body becomes a future the generator object drives.
            quote! {
                #code_head {
                    let [#(#arg_vars),*] = __rt::bind_generator::<#slots>(__func, __args, &#sig)?;
                    let __function: __rt::Obj = ::core::clone::Clone::clone(__func);
                    let __channel = __rt::Channel::with_slots::<#slot_count>();
                    let __body_channel = ::std::rc::Rc::clone(&__channel);
                    let __body: __rt::GeneratorBody = __rt::FrameBox::new(move || #line_restoring(async move {
                        let __chan: &__rt::Channel = &__body_channel;
                        let (__g, __free) = match __rt::generator_scope(&__function) {
                            Ok(__scope) => __scope,
                            Err(__e) => return Err(__e),
                        };
                        #setup
                        #hold_frame
                        let mut __line: u32 = #line;
                        let __r: __rt::PyResult<__rt::Obj> =
                            (async || -> __rt::PyResult<__rt::Obj> { #body })().await;
                        __r.map_err(|__e| __rt::traceback(__e, __FILE, __line, #fn_name))
                    }));
                    #code_tail
                }
                #wrapper
            }
        } else {
            quote! {
                fn #code(__func: &__rt::Obj, __args: &__rt::Args<'_>) -> __rt::PyResult<__rt::Obj> {
                    #enter
                    #function_frame
                    #setup
                    let mut __line: u32 = #line;
                    let __r = (|| -> __rt::PyResult<__rt::Obj> {
                        #body
                    })();
                    #(drop(#release);)*
                    __r.map_err(|__e| __rt::traceback(__e, __FILE, __line, #fn_name))
                }
            }
        };
        let make_function = if params.kwonly.is_empty() {
            quote!(__rt::function(#qualname, &#sig, #code, ::std::vec![#(#defaults),*], ::std::vec![#(#closure),*], &__g))
        } else {
            quote!(__rt::function_kw(
                #qualname,
                &#sig,
                #code,
                (::std::vec![#(#defaults),*], ::std::vec![#(#kwdefaults),*]),
                ::std::vec![#(#closure),*],
                &__g,
            ))
        };
        let make_function = if info.coroutine {
            quote!(__rt::with_coroutine_start(#make_function, #start))
        } else {
            make_function
        };
        let function = quote! {
            {
                static #sig: __rt::Signature = __rt::Signature {
                    params: &[#(#param_names),*],
                    posonly: #posonly,
                    varargs: #has_varargs,
                    kwonly: &[#(#kwonly_names),*],
                    varkw: #has_varkw,
                };
                #allow
                #code_fn
                #make_function
            }
        };
        self.globals(function)
    }

    /// The cells a function of scope `info` closes over (its free variables), as
    /// `Obj` expressions read at `ctx`, in `co_freevars` order.
    fn closure_cells(&self, info: &super::scope::Scope, ctx: &Ctx) -> Vec<TokenStream> {
        info.freevars
            .iter()
            .map(|free| {
                let cell = self.cell_ref(ctx.scope, free);
                quote!(__rt::CellObject::to_obj(&#cell))
            })
            .collect()
    }

    /// Declarations of a scope's locals and cells other than `skip` (its parameters).
    /// The Rust locals of a function's plain (not cell) variables, parameters first in
    /// their order, then the others as `declare_locals` declares them.
    fn plain_locals_in_order(&self, info: &Scope, params: &[String]) -> Vec<proc_macro2::Ident> {
        let plain = |name: &String| {
            info.symbols
                .get(name)
                .is_some_and(|symbol| matches!(symbol.resolution, Resolution::Local))
                && !info.cellvars.contains(name)
                && !info.frame_slots.contains(name)
        };
        let others = info.symbols.keys().filter(|name| !params.contains(name));
        params
            .iter()
            .chain(others)
            .filter(|name| plain(name))
            .map(|name| local_ident(name))
            .collect()
    }

    fn declare_locals(&self, scope: ScopeId, skip: &[String]) -> TokenStream {
        let mut out = TokenStream::new();
        let Some(info) = self.module.scopes.get(scope) else {
            return out;
        };
        for (name, symbol) in &info.symbols {
            if skip.contains(name) {
                continue;
            }
            match symbol.resolution {
                Resolution::Local => {
                    let local = local_ident(name);
                    out.extend(quote!(let mut #local: ::core::option::Option<__rt::Obj> = ::core::option::Option::None;));
                }
                Resolution::Cell => {
                    let cell = cell_ident(name);
                    match info.frame_slots.iter().position(|slot| slot == name) {
                        Some(index) => out.extend(quote!(let #cell = __chan.slot(#index);)),
                        None => out.extend(
                            quote!(let #cell = __rt::new_cell(::core::option::Option::None);),
                        ),
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Whether `scope` is a generator function's or a coroutine's (its body is an
    /// `async` block).
    fn is_generator(&self, scope: ScopeId) -> bool {
        self.module
            .scopes
            .get(scope)
            .is_some_and(|s| s.generator || s.coroutine)
    }

    fn function_def(&self, def: &FunctionDef, ctx: &Ctx) -> TokenStream {
        let mut body_ctx = Ctx::new(def.scope, ClosureKind::Function);
        body_ctx.generator = self.is_generator(def.scope);
        let body = self.function_body(|| {
            let body = self.stmts(&def.body, &body_ctx);
            quote! {
                #body
                Ok(__rt::none())
            }
        });
        let function =
            self.function_object(&def.name.name, def.scope, &def.params, def.line, body, ctx);
        let function = self.decorated(&def.decorators, function, ctx);
        self.store_name(&def.name.name, function, ctx)
    }

    /// `value` passed through `decorators`: each evaluated first, top to bottom, then
    /// applied bottom to top (as CPython's compiler orders them).
    fn decorated(&self, decorators: &[Expr], value: TokenStream, ctx: &Ctx) -> TokenStream {
        if decorators.is_empty() {
            return value;
        }
        let vars: Vec<_> = (0..decorators.len())
            .map(|i| format_ident!("__decorator{}", i))
            .collect();
        let evaluate = decorators.iter().zip(&vars).map(|(decorator, var)| {
            let decorator = self.expr(decorator, ctx);
            quote!(let #var: __rt::Obj = #decorator;)
        });
        let apply = vars
            .iter()
            .rev()
            .map(|var| quote!(let __value = __rt::call(&#var, &[__value], &[])?;));
        quote!({
            #(#evaluate)*
            let __value: __rt::Obj = #value;
            #(#apply)*
            __value
        })
    }

    fn lambda(&self, lambda: &Lambda, ctx: &Ctx) -> TokenStream {
        let mut body_ctx = Ctx::new(lambda.scope, ClosureKind::Function);
        body_ctx.generator = self.is_generator(lambda.scope);
        let body = self.function_body(|| {
            if lambda.statements.is_empty() {
                let value = self.expr(&lambda.body, &body_ctx);
                quote!(Ok(#value))
            } else {
                let body = self.stmts(&lambda.statements, &body_ctx);
                quote!(#body Ok(__rt::none()))
            }
        });
        self.function_object(
            lambda.name,
            lambda.scope,
            &lambda.params,
            lambda.line,
            body,
            ctx,
        )
    }

    fn class_def(&self, class: &ClassDef, ctx: &Ctx) -> TokenStream {
        let bases: Vec<_> = class.bases.iter().map(|b| self.expr(b, ctx)).collect();
        let ns = fresh("__class_ns");
        let mut body_ctx = ctx.clone();
        body_ctx.scope = class.scope;
        body_ctx.class_ns = Some(ns.clone());
        let cells = self.declare_locals_cells_only(class.scope);
        let body = self.stmts(&class.body, &body_ctx);
        let name = lit_str(&class.name.name);
        let qualname = lit_str(&self.qualname(class.scope, &class.name.name));
        let value = quote! {
            {
                let __bases: ::std::vec::Vec<__rt::Obj> = ::std::vec![#(#bases),*];
                let #ns = __rt::ClassNamespace::new();
                #cells
                #body
                __rt::class(#name, #qualname, __bases, #ns)?
            }
        };
        let value = self.decorated(&class.decorators, value, ctx);
        self.store_name(&class.name.name, value, ctx)
    }

    fn declare_locals_cells_only(&self, scope: ScopeId) -> TokenStream {
        let mut out = TokenStream::new();
        if let Some(info) = self.module.scopes.get(scope) {
            for name in &info.cellvars {
                let cell = cell_ident(name);
                out.extend(quote!(let #cell = __rt::new_cell(::core::option::Option::None);));
            }
        }
        out
    }

    // ----- expressions ------------------------------------------------------------

    /// A condition as a Rust `bool` (Python's truth test).
    fn truth(&self, expr: &Expr, ctx: &Ctx) -> TokenStream {
        match &expr.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => {
                let inner = self.truth(operand, ctx);
                quote!(!(#inner))
            }
            ExprKind::BoolOp { op, values } => {
                let parts: Vec<_> = values.iter().map(|v| self.truth(v, ctx)).collect();
                match op {
                    BoolOp::And => quote!((#(#parts)&&*)),
                    BoolOp::Or => quote!((#(#parts)||*)),
                }
            }
            ExprKind::Compare { left, ops } if ops.len() == 1 => {
                let (op, right) = &ops[0];
                let a = self.operand(left, ctx);
                let b = self.operand(right, ctx);
                match op {
                    CmpOp::Is => quote!(__rt::Obj::is(#a, #b)),
                    CmpOp::IsNot => quote!(!__rt::Obj::is(#a, #b)),
                    CmpOp::In => quote!({ let __a = #a; (#b).contains(__a)? }),
                    CmpOp::NotIn => quote!({ let __a = #a; !(#b).contains(__a)? }),
                    _ => {
                        let op = compare_op(*op);
                        quote!({ let __a = #a; __rt::compare_bool(__a, #b, #op)? })
                    }
                }
            }
            ExprKind::Constant(Constant::Bool(value)) => quote!(#value),
            _ => {
                let value = self.operand(expr, ctx);
                quote!(__rt::truthy(#value)?)
            }
        }
    }

    /// An expression's value: an expression of type `Obj`.
    fn expr(&self, expr: &Expr, ctx: &Ctx) -> TokenStream {
        let code = match &expr.kind {
            ExprKind::Name(ident) => return self.load_name(&ident.name, ident.span, ctx),
            ExprKind::RustVar(ident) => {
                let key = format!("'{}", ident.name);
                match self.global_index(&key) {
                    Some(index) => self.globals(quote!(__g.load(#index)?)),
                    None => quote!(__rt::none()),
                }
            }
            ExprKind::Constant(constant) => constant_code(constant),
            ExprKind::List(items) => {
                let items = self.display_items(items, ctx);
                quote!(__rt::list(#items))
            }
            ExprKind::Tuple(items) => {
                let items = self.display_items(items, ctx);
                quote!(__rt::tuple(#items))
            }
            ExprKind::Set(items) => {
                let items: Vec<_> = items.iter().map(|i| self.expr(i, ctx)).collect();
                quote!(__rt::set(::std::vec![#(#items),*])?)
            }
            ExprKind::Dict(pairs) => {
                let pairs: Vec<_> = pairs
                    .iter()
                    .map(|(k, v)| {
                        let k = self.expr(k, ctx);
                        let v = self.expr(v, ctx);
                        quote!((#k, #v))
                    })
                    .collect();
                quote!(__rt::dict(::std::vec![#(#pairs),*])?)
            }
            ExprKind::ListComp(comp) => self.comprehension(comp, CompKind::List, ctx),
            ExprKind::SetComp(comp) => self.comprehension(comp, CompKind::Set, ctx),
            ExprKind::DictComp(comp) => self.comprehension(comp, CompKind::Dict, ctx),
            ExprKind::GeneratorExp(comp) => {
                let list = self.comprehension(comp, CompKind::List, ctx);
                quote!(__rt::iter(&#list)?)
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords, ctx),
            ExprKind::Attribute { value, attr } => {
                let object = self.operand(value, ctx);
                let attr = lit_str(&attr.name);
                quote!({
                    static __SITE: __rt::AttrSite = __rt::AttrSite::new();
                    __rt::load_attr(#object, #attr, &__SITE)?
                })
            }
            ExprKind::Subscript { value, index } => {
                let object = self.operand(value, ctx);
                if let Some((lower, upper, step)) = self.slice_parts(index, ctx) {
                    return respan(
                        quote!({ let __o = #object; __rt::get_slice(__o, #lower, #upper, #step)? }),
                        expr.span,
                    );
                }
                if let Some(n) = int_literal(index) {
                    return quote!({ let __o = #object; __rt::getitem_int(__o, #n)? });
                }
                let index = self.operand(index, ctx);
                quote!({ let __o = #object; __rt::getitem(__o, #index)? })
            }
            ExprKind::Slice { lower, upper, step } => {
                let part = |part: &Option<Box<Expr>>| match part {
                    Some(e) => {
                        let e = self.expr(e, ctx);
                        quote!(::core::option::Option::Some(#e))
                    }
                    None => quote!(::core::option::Option::None),
                };
                let (lower, upper, step) = (part(lower), part(upper), part(step));
                quote!(__rt::slice(#lower, #upper, #step))
            }
            ExprKind::BinOp { left, op, right }
                if arith_op(*op).is_some() && (is_arith(left) || is_arith(right)) =>
            {
                let tree = self.num(expr, ctx);
                quote!(__rt::Num::into_obj(#tree))
            }
            ExprKind::BinOp { left, op, right } => {
                let a = self.operand(left, ctx);
                let b = self.operand(right, ctx);
                let method = binary_method(*op);
                // The arithmetic CPython specializes goes through the inline fast paths.
                match op {
                    BinOp::Add
                    | BinOp::Sub
                    | BinOp::Mult
                    | BinOp::Div
                    | BinOp::FloorDiv
                    | BinOp::Mod
                    | BinOp::Pow => {
                        quote!({ let __a = #a; let __b = #b; __rt::#method(__a, __b)? })
                    }
                    _ => quote!({ let __a = #a; let __b = #b; __a.#method(__b)? }),
                }
            }
            ExprKind::UnaryOp { op, operand } => match op {
                UnaryOp::Not => {
                    let truth = self.truth(operand, ctx);
                    quote!(__rt::bool(!(#truth)))
                }
                UnaryOp::USub => {
                    // `-5` is the constant -5, as CPython folds it.
                    if let ExprKind::Constant(Constant::Int(IntValue::Small(n))) = &operand.kind {
                        let n = n.wrapping_neg();
                        quote!(__rt::int(#n))
                    } else if is_arith(operand) {
                        let tree = self.num(expr, ctx);
                        quote!(__rt::Num::into_obj(#tree))
                    } else {
                        let value = self.operand(operand, ctx);
                        quote!(__rt::neg(#value)?)
                    }
                }
                UnaryOp::UAdd => {
                    let value = self.operand(operand, ctx);
                    quote!((#value).pos()?)
                }
                UnaryOp::Invert => {
                    let value = self.operand(operand, ctx);
                    quote!((#value).invert()?)
                }
            },
            ExprKind::BoolOp { op, values } => {
                let mut iter = values.iter().rev();
                let Some(last) = iter.next() else {
                    return quote!(__rt::none());
                };
                let mut code = self.expr(last, ctx);
                for value in iter {
                    let value = self.expr(value, ctx);
                    code = match op {
                        BoolOp::And => quote!({
                            let __v: __rt::Obj = #value;
                            if __rt::truthy(&__v)? { #code } else { __v }
                        }),
                        BoolOp::Or => quote!({
                            let __v: __rt::Obj = #value;
                            if __rt::truthy(&__v)? { __v } else { #code }
                        }),
                    };
                }
                code
            }
            ExprKind::Compare { left, ops } => self.compare(left, ops, ctx),
            ExprKind::IfExp { test, body, orelse } => {
                let test = self.truth(test, ctx);
                let body = self.expr(body, ctx);
                let orelse = self.expr(orelse, ctx);
                quote!(if #test { #body } else { #orelse })
            }
            ExprKind::Lambda(lambda) => self.lambda(lambda, ctx),
            ExprKind::Starred(_) => {
                quote!(return Err(__rt::syntax_error("can't use starred expression here")))
            }
            ExprKind::Yield(value) => {
                let value = match value {
                    Some(value) => self.expr(value, ctx),
                    None => quote!(__rt::none()),
                };
                quote!(__rt::yield_value(__chan, #value).await?)
            }
            ExprKind::YieldFrom(value) => {
                let value = self.expr(value, ctx);
                quote!(__rt::yield_from(__chan, #value).await?)
            }
            ExprKind::Await(value) => {
                if let Some(direct) = self.await_call(value, ctx) {
                    return direct;
                }
                let value = self.expr(value, ctx);
                quote!(__rt::await_value(__chan, #value).await?)
            }
            ExprKind::Named { target, value } => {
                let value = self.expr(value, ctx);
                let store = self.store_name(
                    &target.name,
                    quote!(::core::clone::Clone::clone(&__named)),
                    ctx,
                );
                quote!({ let __named: __rt::Obj = #value; #store __named })
            }
            ExprKind::Runtime { func, args } => {
                let func = format_ident!("{}", func);
                let args: Vec<_> = args.iter().map(|arg| self.expr(arg, ctx)).collect();
                quote!(__rt::#func(&[#(#args),*])?)
            }
            ExprKind::FString(parts) => {
                let build = self.fstring(parts, &format_ident!("__text"), ctx);
                quote!({
                    let mut __text = ::std::string::String::new();
                    #build
                    __rt::Obj::from(__text)
                })
            }
        };
        respan(code, expr.span)
    }

    /// Code appending an f-string's parts to the `String` named `out`: each field
    /// converted (`!r`, `!s`, `!a`), then formatted with its spec (built first, as it
    /// may hold fields of its own), as CPython's `FORMAT_VALUE` does.
    fn fstring(&self, parts: &[FPart], out: &proc_macro2::Ident, ctx: &Ctx) -> TokenStream {
        let mut code = TokenStream::new();
        for part in parts {
            match part {
                FPart::Literal(text) => {
                    let text = lit_str(text);
                    code.extend(quote!(#out.push_str(#text);));
                }
                FPart::Value {
                    value,
                    conversion,
                    spec,
                } => {
                    let value = self.expr(value, ctx);
                    let conversion = conversion.map_or(0u8, |c| c as u8);
                    let spec_var = fresh("__spec");
                    let spec_code = self.fstring(spec, &spec_var, ctx);
                    code.extend(quote!({
                        let __value: __rt::Obj = #value;
                        let mut #spec_var = ::std::string::String::new();
                        #spec_code
                        __rt::format_field(&mut #out, &__value, #conversion, &#spec_var)?;
                    }));
                }
            }
        }
        code
    }

    /// A `while` or `for` loop: `setup` runs once, `head` (given the loop's label) starts
    /// each pass and breaks out when the loop is done, then the body; `orelse` runs
    /// unless a `break` left the loop (the outer label).
    fn loop_stmt(
        &self,
        setup: TokenStream,
        head: impl FnOnce(&syn::Lifetime) -> TokenStream,
        body: &[Stmt],
        orelse: &[Stmt],
        ctx: &Ctx,
    ) -> TokenStream {
        let brk = fresh_label("__break");
        let cont = fresh_label("__loop");
        let head = head(&cont);
        let mut inner = ctx.clone();
        inner.loops.push((brk.clone(), cont.clone(), true));
        let body = self.stmts(body, &inner);
        let orelse = self.stmts(orelse, ctx);
        quote! {
            #brk: {
                #setup
                #cont: loop {
                    #head
                    #body
                }
                #orelse
            }
        }
    }

    /// The items of a list or tuple display, as an array expression (no `Vec` on the way
    /// to the object; the parser refuses `*iterable` in a display).
    fn display_items(&self, items: &[Expr], ctx: &Ctx) -> TokenStream {
        let items = items.iter().map(|i| self.expr(i, ctx));
        quote!([#(#items),*])
    }

    /// Call arguments with `*iterable` parts, as a `Vec<Obj>` expression.
    fn star_items(&self, items: &[Expr], ctx: &Ctx) -> TokenStream {
        let mut out = quote!(let mut __items: ::std::vec::Vec<__rt::Obj> = ::std::vec::Vec::new(););
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    let inner = self.operand(inner, ctx);
                    out.extend(quote!(__rt::extend(&mut __items, #inner)?;));
                }
                _ => {
                    let value = self.expr(item, ctx);
                    out.extend(quote!(__items.push(#value);));
                }
            }
        }
        quote!({ #out __items })
    }

    /// `await f(a, b)`, a call with positional arguments only of anything but a
    /// method: `__rt::await_call`, which runs an `async def`'s body without making its
    /// coroutine object unless the body suspends. `None` for any other awaited value.
    fn await_call(&self, value: &Expr, ctx: &Ctx) -> Option<TokenStream> {
        let ExprKind::Call {
            func,
            args,
            keywords,
        } = &value.kind
        else {
            return None;
        };
        let plain = keywords.is_empty()
            && !matches!(func.kind, ExprKind::Attribute { .. })
            && args
                .iter()
                .all(|arg| !matches!(arg.kind, ExprKind::Starred(_) | ExprKind::GeneratorExp(_)));
        if !plain {
            return None;
        }
        let callee = self.operand(func, ctx);
        let items = args.iter().map(|arg| self.expr(arg, ctx));
        Some(quote!({
            let __f = #callee;
            __rt::await_call(__chan, __f, [#(#items),*]).await?
        }))
    }

    fn call(
        &self,
        func: &Expr,
        args: &[Expr],
        keywords: &[super::ast::Keyword],
        ctx: &Ctx,
    ) -> TokenStream {
        if let Some(inline) = self.inline_genexpr(func, args, keywords, ctx) {
            return inline;
        }
        let starred = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)));
        let items: Vec<_> = if starred {
            Vec::new()
        } else {
            args.iter().map(|a| self.expr(a, ctx)).collect()
        };
        let positional = if starred {
            let items = self.star_items(args, ctx);
            quote!(&#items)
        } else {
            quote!(&[#(#items),*])
        };
        let named: Vec<_> = keywords
            .iter()
            .filter_map(|k| {
                let name = lit_str(&k.name.as_ref()?.name);
                let value = self.expr(&k.value, ctx);
                Some(quote!((#name, #value)))
            })
            .collect();
        // `**mapping` arguments: the keywords are merged at run time.
        let mappings: Vec<_> = keywords
            .iter()
            .filter(|k| k.name.is_none())
            .map(|k| self.expr(&k.value, ctx))
            .collect();
        if !mappings.is_empty() {
            let callee = match &func.kind {
                ExprKind::Attribute { value, attr } => {
                    let object = self.operand(value, ctx);
                    let attr = lit_str(&attr.name);
                    quote!(&__rt::Obj::getattr(#object, #attr)?)
                }
                _ => self.operand(func, ctx),
            };
            return quote!({
                let __f = #callee;
                __rt::call_with_mappings(__f, #positional, &[#(#named),*], &[#(#mappings),*])?
            });
        }
        // `obj.method(...)` calls the method without making a bound method.
        if let ExprKind::Attribute { value, attr } = &func.kind {
            let attr = lit_str(&attr.name);
            // The receiver goes first in the arguments' array, the call's own: the
            // method's code takes them as they are.
            if !starred {
                let receiver = self.expr(value, ctx);
                return quote!({
                    ::std::thread_local! {
                        static __SITE: __rt::MethodSite = const { __rt::MethodSite::new() };
                    }
                    __rt::call_method_self_owned(
                        #attr, [#receiver, #(#items),*], &[#(#named),*], &__SITE,
                    )?
                });
            }
            let object = self.operand(value, ctx);
            return quote!({
                ::std::thread_local! {
                    static __SITE: __rt::MethodSite = const { __rt::MethodSite::new() };
                }
                let __o = #object;
                __rt::call_method_at(__o, #attr, #positional, &[#(#named),*], &__SITE)?
            });
        }
        let callee = self.operand(func, ctx);
        if !starred {
            // The arguments are the call's own: a compiled callee takes them.
            return quote!({
                let __f = #callee;
                __rt::call_owned(__f, [#(#items),*], &[#(#named),*])?
            });
        }
        quote!({ let __f = #callee; __rt::call(__f, #positional, &[#(#named),*])? })
    }

    /// `tuple(elt for x in xs ...)`, and the same call of `list`, `set`, `sum`, `any`,
    /// `all`, `min`, `max` or `sorted`: when the name is still the builtin at run time,
    /// the generator expression runs inline, its items handed straight to what the
    /// builtin makes of them (`__rt::Collector`), with no generator object and no
    /// resumption per item. Nothing observable differs: the first iterable is evaluated
    /// where the call is, the clauses in the expression's own scope (its locals are plain
    /// Rust locals here, gone when it ends, as the generator's frame would be), an error
    /// raised by the expression gets its `<genexpr>` line and PEP 479's conversion, and an
    /// error raised by taking an item (`set`'s hash, `sum`'s `+`) is the builtin's.
    /// Otherwise (the name rebound) the generator is made and the callee called with it.
    /// `None` when the call is not of that shape, or the expression needs a real frame
    /// (a nested scope capturing one of its locals).
    fn inline_genexpr(
        &self,
        func: &Expr,
        args: &[Expr],
        keywords: &[super::ast::Keyword],
        ctx: &Ctx,
    ) -> Option<TokenStream> {
        let ExprKind::Name(callee) = &func.kind else {
            return None;
        };
        let collector = match callee.name.as_str() {
            "tuple" => quote!(Tuple),
            "list" => quote!(List),
            "set" => quote!(Set),
            "sum" => quote!(Sum),
            "any" => quote!(Any),
            "all" => quote!(All),
            "min" => quote!(Min),
            "max" => quote!(Max),
            "sorted" => quote!(Sorted),
            _ => return None,
        };
        let ([argument], []) = (args, keywords) else {
            return None;
        };
        let ExprKind::Call {
            func: maker,
            args: maker_args,
            keywords: maker_keywords,
        } = &argument.kind
        else {
            return None;
        };
        let (ExprKind::Lambda(lambda), [iterator], []) = (
            &maker.kind,
            maker_args.as_slice(),
            maker_keywords.as_slice(),
        ) else {
            return None;
        };
        if lambda.name != "<genexpr>"
            || !matches!(
                self.resolve(ctx, &callee.name),
                Resolution::Global | Resolution::Builtin
            )
            || self.class_namespace(ctx).is_some()
        {
            return None;
        }
        let info = self.module.scopes.get(lambda.scope)?;
        if !info.cellvars.is_empty() {
            return None;
        }
        let mut inner = Ctx::new(lambda.scope, ClosureKind::Function);
        inner.plain_slots = true;
        let body = self.inline_genexpr_body(&lambda.statements, true, &inner)?;
        let locals: Vec<_> = info
            .frame_slots
            .iter()
            .map(|name| local_ident(name))
            .collect();
        let closure = self.closure_cells(info, ctx);
        let load = self.load_name(&callee.name, callee.span, ctx);
        let iterator = self.expr(iterator, ctx);
        let general = self.expr(maker, ctx);
        let line = lambda.line as u32;
        Some(quote!({
            let __callee: __rt::Obj = #load;
            let __first: __rt::Obj = #iterator;
            ::std::thread_local! {
                static __SITE: __rt::BuiltinSite = const { __rt::BuiltinSite::new() };
            }
            if __rt::Collector::#collector.is(&__callee, &__SITE)? {
                let __free: &[__rt::Obj] = &[#(#closure),*];
                #(let mut #locals: ::core::option::Option<__rt::Obj> = ::core::option::Option::None;)*
                let mut __sink = __rt::Collector::#collector.start()?;
                let mut __taken: ::core::option::Option<__rt::PyErr> = ::core::option::Option::None;
                let __made: __rt::PyResult<()> = (|| -> __rt::PyResult<()> {
                    #body
                    Ok(())
                })();
                #(drop(#locals);)*
                if let Err(__e) = __made {
                    Err::<(), __rt::PyErr>(__rt::genexpr_error(__e, __FILE, #line))?;
                }
                if let ::core::option::Option::Some(__e) = __taken {
                    Err::<(), __rt::PyErr>(__e)?;
                }
                __sink.finish()?
            } else {
                let __maker: __rt::Obj = #general;
                __rt::call(&__callee, &[__rt::call(&__maker, &[__first], &[])?], &[])?
            }
        }))
    }

    /// The statements of a generator expression's function (`for` clauses, `if`s and the
    /// `yield` at the bottom, as `Comprehension::into_generator_call` makes them) as
    /// loops feeding `__sink`; the outermost loop reads `__first`. `None` for any other
    /// shape.
    fn inline_genexpr_body(
        &self,
        body: &[Stmt],
        outermost: bool,
        ctx: &Ctx,
    ) -> Option<TokenStream> {
        let [statement] = body else {
            return None;
        };
        match &statement.kind {
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } if orelse.is_empty() => {
                let iterable = if outermost {
                    quote!(__first)
                } else {
                    self.expr(iter, ctx)
                };
                let it = fresh("__it");
                let assign = self.assign(target, quote!(__item), ctx);
                let inner = self.inline_genexpr_body(body, false, ctx)?;
                Some(quote! {
                    let mut #it = __rt::ForIter::new(&#iterable)?;
                    while let ::core::option::Option::Some(__item) = #it.next()? {
                        #assign
                        #inner
                    }
                })
            }
            StmtKind::If { test, body, orelse } if orelse.is_empty() && !outermost => {
                let test = self.truth(test, ctx);
                let inner = self.inline_genexpr_body(body, false, ctx)?;
                Some(quote!(if #test { #inner }))
            }
            StmtKind::Expr(Expr {
                kind: ExprKind::Yield(Some(element)),
                ..
            }) if !outermost => {
                let element = self.expr(element, ctx);
                Some(quote! {
                    let __element: __rt::Obj = #element;
                    if !__sink.push(__element, &mut __taken) {
                        return Ok(());
                    }
                })
            }
            _ => None,
        }
    }

    fn compare(&self, left: &Expr, ops: &[(CmpOp, Expr)], ctx: &Ctx) -> TokenStream {
        // a < b < c: each operand evaluated once, stopping at the first false result.
        let mut operands = vec![self.expr(left, ctx)];
        operands.extend(ops.iter().map(|(_, e)| self.expr(e, ctx)));
        let vars: Vec<_> = (0..operands.len())
            .map(|i| format_ident!("__cmp{}", i))
            .collect();
        let mut code: Option<TokenStream> = None;
        for (i, (op, _)) in ops.iter().enumerate().rev() {
            let a = &vars[i];
            let b = &vars[i + 1];
            let rhs = &operands[i + 1];
            let result = compare_code(*op, quote!(&#a), quote!(&#b));
            code = Some(match code {
                None => quote!({ let #b: __rt::Obj = #rhs; #result }),
                Some(rest) => quote!({
                    let #b: __rt::Obj = #rhs;
                    let __res: __rt::Obj = #result;
                    if __rt::truthy(&__res)? { #rest } else { __res }
                }),
            });
        }
        let first = &operands[0];
        let v0 = &vars[0];
        let rest = code.unwrap_or_else(|| quote!(#v0));
        quote!({ let #v0: __rt::Obj = #first; #rest })
    }

    fn comprehension(&self, comp: &Comprehension, kind: CompKind, ctx: &Ctx) -> TokenStream {
        let mut inner_ctx = ctx.clone();
        inner_ctx.scope = comp.scope;
        inner_ctx.class_ns = None;
        let acc = fresh("__acc");
        let element = match kind {
            CompKind::List => {
                let elt = self.expr(&comp.elt, &inner_ctx);
                quote!(__rt::list_append(&#acc, #elt)?;)
            }
            CompKind::Set => {
                let elt = self.expr(&comp.elt, &inner_ctx);
                quote!(__rt::set_add(&#acc, #elt)?;)
            }
            CompKind::Dict => {
                let key = self.expr(&comp.elt, &inner_ctx);
                let value = match &comp.value {
                    Some(value) => self.expr(value, &inner_ctx),
                    None => quote!(__rt::none()),
                };
                quote!({ let __k: __rt::Obj = #key; let __v: __rt::Obj = #value; #acc.set_item(&__k, &__v)?; })
            }
        };
        let mut code = element;
        for (i, clause) in comp.generators.iter().enumerate().rev() {
            let it = fresh("__it");
            // The first iterable is evaluated in the enclosing scope.
            let iterable = if i == 0 {
                quote!(__first)
            } else {
                let e = self.expr(&clause.iter, &inner_ctx);
                quote!(#e)
            };
            let assign = self.assign(&clause.target, quote!(__item), &inner_ctx);
            let conds: Vec<_> = clause
                .ifs
                .iter()
                .map(|c| self.truth(c, &inner_ctx))
                .collect();
            let body = if conds.is_empty() {
                code
            } else {
                quote!(if #(#conds)&&* { #code })
            };
            code = quote! {
                let mut #it = __rt::ForIter::new(&#iterable)?;
                while let ::core::option::Option::Some(__item) = #it.next()? {
                    #assign
                    #body
                }
            };
        }
        let first = match comp.generators.first() {
            Some(clause) => self.expr(&clause.iter, ctx),
            None => quote!(__rt::list([])),
        };
        let locals = self.declare_locals(comp.scope, &[]);
        let new = match kind {
            CompKind::List => quote!(__rt::list([])),
            CompKind::Set => quote!(__rt::set(::std::vec::Vec::new())?),
            CompKind::Dict => quote!(__rt::dict(::std::vec::Vec::new())?),
        };
        quote!({
            let __first: __rt::Obj = #first;
            let #acc: __rt::Obj = #new;
            #locals
            #code
            #acc
        })
    }
}

/// The lints generated code may trip in the user's crate (names kept as written in
/// Python, locals assigned but not read again, code after a `return`, ...).
fn allow_generated_lints() -> TokenStream {
    quote! {
        #[allow(
            unused_mut,
            unused_variables,
            unused_assignments,
            unreachable_code,
            unused_parens,
            unused_braces,
            non_snake_case,
            clippy::all
        )]
    }
}

#[derive(Clone, Copy)]
enum CompKind {
    List,
    Set,
    Dict,
}

/// The value of an int literal that fits an `i64` (`0`, `-1`: CPython folds the sign
/// into the constant), for the subscripts that need no int object for it.
fn int_literal(expr: &Expr) -> Option<i64> {
    match &expr.kind {
        ExprKind::Constant(Constant::Int(IntValue::Small(n))) => Some(*n),
        ExprKind::UnaryOp {
            op: UnaryOp::USub,
            operand,
        } => match &operand.kind {
            ExprKind::Constant(Constant::Int(IntValue::Small(n))) => n.checked_neg(),
            _ => None,
        },
        _ => None,
    }
}

/// The comparison `a op b` on `&Obj` expressions, as an `Obj` expression.
fn compare_code(op: CmpOp, a: TokenStream, b: TokenStream) -> TokenStream {
    match op {
        CmpOp::Is => quote!(__rt::bool(__rt::Obj::is(#a, #b))),
        CmpOp::IsNot => quote!(__rt::bool(!__rt::Obj::is(#a, #b))),
        CmpOp::In => quote!(__rt::bool((#b).contains(#a)?)),
        CmpOp::NotIn => quote!(__rt::bool(!(#b).contains(#a)?)),
        _ => {
            let op = compare_op(op);
            quote!(__rt::rich_compare(#a, #b, #op)?)
        }
    }
}

fn compare_op(op: CmpOp) -> TokenStream {
    match op {
        CmpOp::Eq => quote!(__rt::CompareOp::Eq),
        CmpOp::NotEq => quote!(__rt::CompareOp::Ne),
        CmpOp::Lt => quote!(__rt::CompareOp::Lt),
        CmpOp::LtE => quote!(__rt::CompareOp::Le),
        CmpOp::Gt => quote!(__rt::CompareOp::Gt),
        CmpOp::GtE => quote!(__rt::CompareOp::Ge),
        // Not rich comparisons; `compare_code` handles them.
        CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn => quote!(__rt::CompareOp::Eq),
    }
}

fn binary_method(op: BinOp) -> proc_macro2::Ident {
    let name = match op {
        BinOp::Add => "add",
        BinOp::Sub => "sub",
        BinOp::Mult => "mul",
        BinOp::Div => "truediv",
        BinOp::FloorDiv => "floordiv",
        BinOp::Mod => "rem",
        BinOp::Pow => "pow",
        BinOp::LShift => "lshift",
        BinOp::RShift => "rshift",
        BinOp::BitOr => "bitor",
        BinOp::BitXor => "bitxor",
        BinOp::BitAnd => "bitand",
    };
    proc_macro2::Ident::new(name, Span::call_site())
}

/// The variant `op` is named by in `__rt::InplaceOp`, and for the arithmetic operators
/// in `__rt::Arith` too (the two enums share those names).
fn operator_variant(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "Add",
        BinOp::Sub => "Sub",
        BinOp::Mult => "Mul",
        BinOp::Div => "TrueDiv",
        BinOp::FloorDiv => "FloorDiv",
        BinOp::Mod => "Rem",
        BinOp::Pow => "Pow",
        BinOp::LShift => "LShift",
        BinOp::RShift => "RShift",
        BinOp::BitOr => "Or",
        BinOp::BitXor => "Xor",
        BinOp::BitAnd => "And",
    }
}

fn inplace_op(op: BinOp) -> TokenStream {
    let ident = proc_macro2::Ident::new(operator_variant(op), Span::call_site());
    quote!(__rt::InplaceOp::#ident)
}

/// The `__rt::Arith` operator for `op`, if it is one with fast paths.
fn arith_op(op: BinOp) -> Option<proc_macro2::Ident> {
    match op {
        BinOp::Add
        | BinOp::Sub
        | BinOp::Mult
        | BinOp::Div
        | BinOp::FloorDiv
        | BinOp::Mod
        | BinOp::Pow => Some(proc_macro2::Ident::new(
            operator_variant(op),
            Span::call_site(),
        )),
        _ => None,
    }
}

/// Whether `expr` is an arithmetic operation whose result can stay an unboxed number
/// inside a larger expression (`Gen::num`): a binary operator with fast paths, or
/// `-x` (not of an int literal, which is a constant).
fn is_arith(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::BinOp { op, .. } => arith_op(*op).is_some(),
        ExprKind::UnaryOp {
            op: UnaryOp::USub,
            operand,
        } => !matches!(
            operand.kind,
            ExprKind::Constant(Constant::Int(IntValue::Small(_)))
        ),
        _ => false,
    }
}

fn constant_code(constant: &Constant) -> TokenStream {
    match constant {
        Constant::None => quote!(__rt::none()),
        Constant::Bool(value) => quote!(__rt::bool(#value)),
        Constant::Int(IntValue::Small(n)) => quote!(__rt::int(#n)),
        Constant::Int(IntValue::Big { radix, digits }) => {
            let digits = lit_str(digits);
            quote!(__rt::big_int(#digits, #radix)?)
        }
        Constant::Float(value) => {
            let lit = proc_macro2::Literal::f64_suffixed(*value);
            if value.is_finite() {
                quote!(__rt::float(#lit))
            } else {
                quote!(__rt::float(::core::f64::INFINITY))
            }
        }
        Constant::Str(text) => {
            let lit = lit_str(text);
            quote!(__rt::str(#lit))
        }
        Constant::Bytes(bytes) => {
            let lit = proc_macro2::Literal::byte_string(bytes);
            quote!(__rt::bytes(#lit))
        }
    }
}

/// Gives every token of `code` without a better span the span of its Python source, so
/// type errors in generated code point at the Python line.
fn respan(code: TokenStream, span: Span) -> TokenStream {
    let _ = span;
    quote_spanned!(Span::call_site()=> #code)
}

fn collect_rust_vars_stmt(stmt: &Stmt, out: &mut BTreeMap<String, Span>) {
    let mut exprs: Vec<&Expr> = Vec::new();
    let mut stmts: Vec<&Stmt> = Vec::new();
    match &stmt.kind {
        StmtKind::Expr(e) | StmtKind::Return(Some(e)) | StmtKind::Raise(Some(e)) => exprs.push(e),
        StmtKind::RaiseFrom { exc, cause } => {
            exprs.push(exc);
            exprs.push(cause);
        }
        StmtKind::Assign { targets, value } => {
            exprs.push(value);
            for t in targets {
                collect_rust_vars_target(t, out);
            }
        }
        StmtKind::AugAssign { target, value, .. } => {
            exprs.push(value);
            collect_rust_vars_target(target, out);
        }
        StmtKind::Delete(targets) => {
            for t in targets {
                collect_rust_vars_target(t, out);
            }
        }
        StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
            exprs.push(test);
            stmts.extend(body);
            stmts.extend(orelse);
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => {
            collect_rust_vars_target(target, out);
            exprs.push(iter);
            stmts.extend(body);
            stmts.extend(orelse);
        }
        StmtKind::FunctionDef(def) => {
            exprs.extend(&def.decorators);
            exprs.extend(
                def.params
                    .args
                    .iter()
                    .chain(&def.params.kwonly)
                    .filter_map(|p| p.default.as_ref()),
            );
            stmts.extend(&def.body);
        }
        StmtKind::ClassDef(class) => {
            exprs.extend(&class.decorators);
            exprs.extend(&class.bases);
            stmts.extend(&class.body);
        }
        StmtKind::Assert { test, msg } => {
            exprs.push(test);
            exprs.extend(msg);
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            stmts.extend(body);
            for h in handlers {
                exprs.extend(&h.ty);
                stmts.extend(&h.body);
            }
            stmts.extend(orelse);
            stmts.extend(finalbody);
        }
        _ => {}
    }
    for e in exprs {
        collect_rust_vars_expr(e, out);
    }
    for s in stmts {
        collect_rust_vars_stmt(s, out);
    }
}

fn collect_rust_vars_target(target: &Target, out: &mut BTreeMap<String, Span>) {
    match &target.kind {
        TargetKind::Name(_) => {}
        TargetKind::Attribute { value, .. } => collect_rust_vars_expr(value, out),
        TargetKind::Subscript { value, index } => {
            collect_rust_vars_expr(value, out);
            collect_rust_vars_expr(index, out);
        }
        TargetKind::Tuple(items) | TargetKind::List(items) => {
            for t in items {
                collect_rust_vars_target(t, out);
            }
        }
        TargetKind::Starred(inner) => collect_rust_vars_target(inner, out),
    }
}

fn collect_rust_vars_expr(expr: &Expr, out: &mut BTreeMap<String, Span>) {
    // An explicit stack: no input can exhaust the macro's own stack here.
    let mut stack = vec![expr];
    while let Some(expr) = stack.pop() {
        match &expr.kind {
            ExprKind::RustVar(ident) => {
                // The first use in source order is the one kept (the walk's own order
                // differs): the span of a type error.
                out.entry(ident.name.clone())
                    .and_modify(|span: &mut Span| {
                        let (old, new) = (span.start(), ident.span.start());
                        if (new.line, new.column) < (old.line, old.column) {
                            *span = ident.span;
                        }
                    })
                    .or_insert(ident.span);
            }
            ExprKind::Name(_) | ExprKind::Constant(_) => {}
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
                stack.extend(items);
            }
            ExprKind::Dict(pairs) => {
                for (k, v) in pairs {
                    stack.push(k);
                    stack.push(v);
                }
            }
            ExprKind::ListComp(comp)
            | ExprKind::SetComp(comp)
            | ExprKind::DictComp(comp)
            | ExprKind::GeneratorExp(comp) => {
                stack.push(&comp.elt);
                stack.extend(&comp.value);
                for clause in &comp.generators {
                    stack.push(&clause.iter);
                    stack.extend(&clause.ifs);
                    collect_rust_vars_target(&clause.target, out);
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                stack.push(func);
                stack.extend(args);
                stack.extend(keywords.iter().map(|k| &k.value));
            }
            ExprKind::Attribute { value, .. } => stack.push(value),
            ExprKind::Subscript { value, index } => {
                stack.push(value);
                stack.push(index);
            }
            ExprKind::Slice { lower, upper, step } => {
                stack.extend(lower.as_deref());
                stack.extend(upper.as_deref());
                stack.extend(step.as_deref());
            }
            ExprKind::BinOp { left, right, .. } => {
                stack.push(left);
                stack.push(right);
            }
            ExprKind::UnaryOp { operand, .. } => stack.push(operand),
            ExprKind::BoolOp { values, .. } => stack.extend(values),
            ExprKind::Compare { left, ops } => {
                stack.push(left);
                stack.extend(ops.iter().map(|(_, e)| e));
            }
            ExprKind::IfExp { test, body, orelse } => {
                stack.push(test);
                stack.push(body);
                stack.push(orelse);
            }
            ExprKind::Lambda(lambda) => {
                stack.push(&lambda.body);
                stack.extend(lambda.params.args.iter().filter_map(|p| p.default.as_ref()));
            }
            ExprKind::Starred(inner) => stack.push(inner),
            ExprKind::FString(parts) => fstring_values(parts, &mut stack),
            ExprKind::Yield(value) => stack.extend(value.as_deref()),
            ExprKind::YieldFrom(value) | ExprKind::Await(value) => stack.push(value),
            ExprKind::Named { value, .. } => stack.push(value),
            ExprKind::Runtime { args, .. } => stack.extend(args),
        }
    }
}

/// The expressions of an f-string's fields, spec fields included.
fn fstring_values<'a>(parts: &'a [FPart], out: &mut Vec<&'a Expr>) {
    for part in parts {
        if let FPart::Value { value, spec, .. } = part {
            out.push(value);
            fstring_values(spec, out);
        }
    }
}
