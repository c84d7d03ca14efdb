//! The front end run on strings: proc_macro2's fallback with `span-locations` gives the
//! tokens real lines and columns, and the tests pass the same string as the source text.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use proc_macro2::TokenStream;

use super::ast::{
    BinOp, BoolOp, CmpOp, Constant, Expr, ExprKind, IntValue, Module, Params, Stmt, StmtKind,
    Target, TargetKind, UnaryOp,
};
use super::lex::{FLOOR_DIV, Source};
use super::scope::{Resolution, ScopeKind};
use super::{front_with_source, hint_rust_variables};

fn tokens(src: &str) -> TokenStream {
    src.parse().expect("the test source lexes as Rust tokens")
}

fn front(src: &str) -> Result<Module, syn::Error> {
    front_with_source(
        tokens(src),
        &Source {
            text: Some(src),
            end: None,
        },
    )
}

/// Each error as (line, message), in order.
fn errors_of(error: syn::Error) -> Vec<(usize, String)> {
    error
        .into_iter()
        .map(|e| (e.span().start().line, e.to_string()))
        .collect()
}

#[track_caller]
fn ok(src: &str) -> Module {
    match front(src) {
        Ok(module) => module,
        Err(error) => panic!("{src}\nfailed: {:?}", errors_of(error)),
    }
}

#[track_caller]
fn errors(src: &str) -> Vec<(usize, String)> {
    match front(src) {
        Ok(_) => panic!("{src}\nparsed, but an error was expected"),
        Err(error) => errors_of(error),
    }
}

/// Asserts that `src` fails with exactly one error: `message` on `line`.
#[track_caller]
fn assert_error(src: &str, line: usize, message: &str) {
    assert_eq!(
        errors(src),
        vec![(line, message.to_owned())],
        "source:\n{src}"
    );
}

// ---- a compact dump of the tree, to compare with expectations ----

fn op_text(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mult => "*",
        BinOp::Div => "/",
        BinOp::FloorDiv => "//",
        BinOp::Mod => "%",
        BinOp::Pow => "**",
        BinOp::LShift => "<<",
        BinOp::RShift => ">>",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::BitAnd => "&",
    }
}

fn cmp_text(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "==",
        CmpOp::NotEq => "!=",
        CmpOp::Lt => "<",
        CmpOp::LtE => "<=",
        CmpOp::Gt => ">",
        CmpOp::GtE => ">=",
        CmpOp::Is => "is",
        CmpOp::IsNot => "is-not",
        CmpOp::In => "in",
        CmpOp::NotIn => "not-in",
    }
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(" ")
}

fn dump_constant(constant: &Constant) -> String {
    match constant {
        Constant::None => "None".into(),
        Constant::Bool(b) => if *b { "True" } else { "False" }.into(),
        Constant::Int(IntValue::Small(v)) => v.to_string(),
        Constant::Int(IntValue::Big { radix, digits }) => format!("big{radix}:{digits}"),
        Constant::Float(v) => format!("{v:?}"),
        Constant::Str(s) => format!("{s:?}"),
        Constant::Bytes(b) => format!("b{:?}", String::from_utf8_lossy(b)),
    }
}

fn dump_params(params: &Params) -> String {
    let mut out: Vec<String> = params
        .args
        .iter()
        .map(|p| match &p.default {
            Some(d) => format!("{}={}", p.name.name, dump(d)),
            None => p.name.name.clone(),
        })
        .collect();
    if let Some(v) = &params.vararg {
        out.push(format!("*{}", v.name));
    }
    if let Some(v) = &params.kwarg {
        out.push(format!("**{}", v.name));
    }
    format!("[{}]", out.join(" "))
}

fn dump(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Name(n) => n.name.clone(),
        ExprKind::RustVar(n) => format!("'{}", n.name),
        ExprKind::Constant(c) => dump_constant(c),
        ExprKind::List(e) => format!("(list {})", list(e.iter().map(dump))),
        ExprKind::Tuple(e) => format!("(tuple {})", list(e.iter().map(dump))),
        ExprKind::Set(e) => format!("(set {})", list(e.iter().map(dump))),
        ExprKind::Dict(items) => format!(
            "(dict {})",
            list(
                items
                    .iter()
                    .map(|(k, v)| format!("{}:{}", dump(k), dump(v)))
            )
        ),
        ExprKind::ListComp(c)
        | ExprKind::SetComp(c)
        | ExprKind::DictComp(c)
        | ExprKind::GeneratorExp(c) => {
            let kind = match &expr.kind {
                ExprKind::ListComp(_) => "listcomp",
                ExprKind::SetComp(_) => "setcomp",
                ExprKind::DictComp(_) => "dictcomp",
                _ => "genexp",
            };
            let mut out = format!("({kind} {}", dump(&c.elt));
            if let Some(v) = &c.value {
                let _ = write!(out, ":{}", dump(v));
            }
            for g in &c.generators {
                let _ = write!(out, " for {} in {}", dump_target(&g.target), dump(&g.iter));
                for cond in &g.ifs {
                    let _ = write!(out, " if {}", dump(cond));
                }
            }
            out + ")"
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            let mut parts: Vec<String> = args.iter().map(dump).collect();
            parts.extend(keywords.iter().map(|k| match &k.name {
                Some(name) => format!("{}={}", name.name, dump(&k.value)),
                None => format!("**{}", dump(&k.value)),
            }));
            format!("(call {} {})", dump(func), parts.join(" "))
        }
        ExprKind::Attribute { value, attr } => format!("(. {} {})", dump(value), attr.name),
        ExprKind::Subscript { value, index } => format!("([] {} {})", dump(value), dump(index)),
        ExprKind::Slice { lower, upper, step } => {
            let part = |p: &Option<Box<Expr>>| p.as_deref().map_or("_".into(), dump);
            format!("(slice {} {} {})", part(lower), part(upper), part(step))
        }
        ExprKind::BinOp { left, op, right } => {
            format!("({} {} {})", op_text(*op), dump(left), dump(right))
        }
        ExprKind::UnaryOp { op, operand } => {
            let op = match op {
                UnaryOp::Not => "not",
                UnaryOp::USub => "neg",
                UnaryOp::UAdd => "pos",
                UnaryOp::Invert => "~",
            };
            format!("({op} {})", dump(operand))
        }
        ExprKind::BoolOp { op, values } => {
            let op = if *op == BoolOp::And { "and" } else { "or" };
            format!("({op} {})", list(values.iter().map(dump)))
        }
        ExprKind::Compare { left, ops } => format!(
            "(cmp {} {})",
            dump(left),
            list(
                ops.iter()
                    .map(|(op, e)| format!("{} {}", cmp_text(*op), dump(e)))
            )
        ),
        ExprKind::IfExp { test, body, orelse } => {
            format!("(if {} {} {})", dump(test), dump(body), dump(orelse))
        }
        ExprKind::Lambda(l) => format!("(lambda {} {})", dump_params(&l.params), dump(&l.body)),
        ExprKind::Starred(e) => format!("*{}", dump(e)),
        ExprKind::FString(parts) => format!("(f-string {})", parts.len()),
        ExprKind::Yield(value) => {
            format!("(yield {})", value.as_ref().map_or("-".into(), |v| dump(v)))
        }
        ExprKind::YieldFrom(value) => format!("(yield-from {})", dump(value)),
        ExprKind::Await(value) => format!("(await {})", dump(value)),
        ExprKind::Named { target, value } => format!("(:= {} {})", target.name, dump(value)),
        ExprKind::Runtime { func, args } => {
            format!("(__rt::{func} {})", list(args.iter().map(dump)))
        }
    }
}

fn dump_target(target: &Target) -> String {
    match &target.kind {
        TargetKind::Name(n) => n.name.clone(),
        TargetKind::Attribute { value, attr } => format!("(. {} {})", dump(value), attr.name),
        TargetKind::Subscript { value, index } => format!("([] {} {})", dump(value), dump(index)),
        TargetKind::Tuple(e) => format!("(tuple {})", list(e.iter().map(dump_target))),
        TargetKind::List(e) => format!("(list {})", list(e.iter().map(dump_target))),
        TargetKind::Starred(e) => format!("*{}", dump_target(e)),
    }
}

fn dump_body(body: &[Stmt]) -> String {
    format!(
        "{{{}}}",
        body.iter().map(dump_stmt).collect::<Vec<_>>().join("; ")
    )
}

fn dump_stmt(stmt: &Stmt) -> String {
    match &stmt.kind {
        StmtKind::Expr(e) => dump(e),
        StmtKind::Assign { targets, value } => format!(
            "{} = {}",
            targets
                .iter()
                .map(dump_target)
                .collect::<Vec<_>>()
                .join(" = "),
            dump(value)
        ),
        StmtKind::AugAssign { target, op, value } => {
            format!("{} {}= {}", dump_target(target), op_text(*op), dump(value))
        }
        StmtKind::Delete(t) => format!("del {}", list(t.iter().map(dump_target))),
        StmtKind::Pass => "pass".into(),
        StmtKind::If { test, body, orelse } => format!(
            "if {} {} else {}",
            dump(test),
            dump_body(body),
            dump_body(orelse)
        ),
        StmtKind::While { test, body, orelse } => format!(
            "while {} {} else {}",
            dump(test),
            dump_body(body),
            dump_body(orelse)
        ),
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
        } => format!(
            "for {} in {} {} else {}",
            dump_target(target),
            dump(iter),
            dump_body(body),
            dump_body(orelse)
        ),
        StmtKind::Break => "break".into(),
        StmtKind::Continue => "continue".into(),
        StmtKind::FunctionDef(def) => format!(
            "def {}{} {}",
            def.name.name,
            dump_params(&def.params),
            dump_body(&def.body)
        ),
        StmtKind::ClassDef(class) => format!(
            "class {}({}) {}",
            class.name.name,
            list(class.bases.iter().map(dump)),
            dump_body(&class.body)
        ),
        StmtKind::Return(v) => format!("return {}", v.as_ref().map_or("-".into(), dump)),
        StmtKind::Global(n) => format!("global {}", list(n.iter().map(|n| n.name.clone()))),
        StmtKind::Nonlocal(n) => {
            format!("nonlocal {}", list(n.iter().map(|n| n.name.clone())))
        }
        StmtKind::ImportFrom { module, names } => format!(
            "from {module} import {}",
            list(names.iter().map(|(n, a)| match a {
                Some(a) => format!("{}:{}", n.name, a.name),
                None => n.name.clone(),
            }))
        ),
        StmtKind::Import(a) => format!(
            "import {}",
            list(a.iter().map(|a| format!("{}:{}", a.module, a.bound().name)))
        ),
        StmtKind::Assert { test, msg } => format!(
            "assert {} {}",
            dump(test),
            msg.as_ref().map_or("-".into(), dump)
        ),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            let mut out = format!("try {}", dump_body(body));
            for h in handlers {
                let _ = write!(
                    out,
                    " except {} as {} {}",
                    h.ty.as_ref().map_or("-".into(), dump),
                    h.name.as_ref().map_or("-", |n| n.name.as_str()),
                    dump_body(&h.body)
                );
            }
            let _ = write!(
                out,
                " else {} finally {}",
                dump_body(orelse),
                dump_body(finalbody)
            );
            out
        }
        StmtKind::Raise(e) => format!("raise {}", e.as_ref().map_or("-".into(), dump)),
        StmtKind::RaiseFrom { exc, cause } => format!("raise {} from {}", dump(exc), dump(cause)),
    }
}

/// The block parsed and dumped, one statement per line.
#[track_caller]
fn dumped(src: &str) -> Vec<String> {
    ok(src).body.iter().map(dump_stmt).collect()
}

/// One expression statement, dumped (the names it uses need not be bound).
#[track_caller]
fn expr(src: &str) -> String {
    let src = format!("def _(a, b, c, d, e, x, y, z, f, g, o, objs):\n    {src}\n");
    let module = ok(&src);
    let Some(StmtKind::FunctionDef(def)) = module.body.first().map(|s| &s.kind) else {
        panic!("no def");
    };
    let Some(StmtKind::Expr(e)) = def.body.first().map(|s| &s.kind) else {
        panic!("not an expression statement: {src}");
    };
    dump(e)
}

// ---- statements ----

#[test]
fn assignments_of_every_shape() {
    assert_eq!(
        dumped(
            "a = 1\n\
             a = b = []\n\
             a, b = b, a\n\
             (a, b) = [c, d] = 1, 2\n\
             [a, (b, c)] = x = (1, (2, 3))\n\
             x.y = a[0] = a[1:2] = 3\n\
             c = d = e = f = g = o = objs = y = z = 0\n"
        ),
        [
            "a = 1",
            "a = b = (list )",
            "(tuple a b) = (tuple b a)",
            "(tuple a b) = (list c d) = (tuple 1 2)",
            "(list a (tuple b c)) = x = (tuple 1 (tuple 2 3))",
            "(. x y) = ([] a 0) = ([] a (slice 1 2 _)) = 3",
            "c = d = e = f = g = o = objs = y = z = 0",
        ]
    );
}

#[test]
fn augmented_assignments_with_every_operator() {
    let src = "a = 1\na += 1\na -= 1\na *= 1\na /= 1\na %= 1\na **= 2\na <<= 1\na >>= 1\n\
               a &= 1\na |= 1\na ^= 1\nl = [1]\nl[0] += 1\nl.x -= 2\n";
    assert_eq!(
        dumped(src)[1..],
        [
            "a += 1",
            "a -= 1",
            "a *= 1",
            "a /= 1",
            "a %= 1",
            "a **= 2",
            "a <<= 1",
            "a >>= 1",
            "a &= 1",
            "a |= 1",
            "a ^= 1",
            "l = (list 1)",
            "([] l 0) += 1",
            "(. l x) -= 2",
        ]
    );
}

#[test]
fn del_pass_global_nonlocal_import_assert_raise() {
    let src = "\
import gc, sys as system
import weakref
a = b = c = [1]
del a, b
del c[0], gc.x
pass
assert a, \"message\"
assert b
raise
raise ValueError(\"bad\")
def f():
    global g
    g = 1
    n = 0
    def h():
        nonlocal n
        n += 1
";
    assert_eq!(
        dumped(src),
        [
            "import gc:gc sys:system",
            "import weakref:weakref",
            "a = b = c = (list 1)",
            "del a b",
            "del ([] c 0) (. gc x)",
            "pass",
            "assert a \"message\"",
            "assert b -",
            "raise -",
            "raise (call ValueError \"bad\")",
            "def f[] {global g; g = 1; n = 0; def h[] {nonlocal n; n += 1}}",
        ]
    );
}

#[test]
fn if_elif_else_and_one_line_bodies() {
    let src = "\
x = 1
if x < 0:
    y = -1
elif x == 0:
    y = 0
elif x == 1: y = 1; z = 1
else:
    y = 2
if x: pass
";
    assert_eq!(
        dumped(src)[1..],
        [
            "if (cmp x < 0) {y = (neg 1)} else {if (cmp x == 0) {y = 0} else {if (cmp x == 1) \
             {y = 1; z = 1} else {y = 2}}}",
            "if x {pass} else {}",
        ]
    );
}

#[test]
fn loops_with_break_continue_and_else() {
    let src = "\
i = 0
while i < 10:
    i += 1
    if i == 2:
        continue
    if i == 5:
        break
else:
    pass
for a, b in [(1, 2)]:
    break
else:
    i = 0
for (k, v) in {}:
    for [p, q] in []:
        continue
for x in 1, 2:
    pass
";
    assert_eq!(
        dumped(src)[1..],
        [
            "while (cmp i < 10) {i += 1; if (cmp i == 2) {continue} else {}; if (cmp i == 5) \
             {break} else {}} else {pass}",
            "for (tuple a b) in (list (tuple 1 2)) {break} else {i = 0}",
            "for (tuple k v) in (dict ) {for (list p q) in (list ) {continue} else {}} else {}",
            "for x in (tuple 1 2) {pass} else {}",
        ]
    );
}

#[test]
fn functions_defaults_varargs_keywords_closures_recursion() {
    let src = "\
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)
def f(a, b=1, *rest):
    return a, b, rest
def counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc
f(1, b=2)
f(*[1, 2])
def g(): return
";
    assert_eq!(
        dumped(src),
        [
            "def fib[n] {if (cmp n < 2) {return n} else {}; return (+ (call fib (- n 1)) \
             (call fib (- n 2)))}",
            "def f[a b=1 *rest] {return (tuple a b rest)}",
            "def counter[] {count = 0; def inc[step=1] {nonlocal count; count += step; return \
             count}; return inc}",
            "(call f 1 b=2)",
            "(call f *(list 1 2))",
            "def g[] {return -}",
        ]
    );
}

#[test]
fn classes_with_bases_methods_and_attributes() {
    let src = "\
class A:
    pass
class Node(A, object):
    count = 0
    def __init__(self, value):
        self.value = value
        self.next = None
    def get(self):
        return self.value
class E(Exception): pass
";
    assert_eq!(
        dumped(src),
        [
            "class A() {pass}",
            "class Node(A object) {count = 0; def __init__[self value] {(. self value) = value; \
             (. self next) = None}; def get[self] {return (. self value)}}",
            "class E(Exception) {pass}",
        ]
    );
}

#[test]
fn try_except_else_finally() {
    let src = "\
try:
    x = 1
except ValueError:
    pass
except (TypeError, KeyError) as e:
    raise e
except Exception as e:
    pass
except:
    raise
else:
    x = 2
finally:
    x = 3
try:
    pass
finally:
    pass
";
    assert_eq!(
        dumped(src),
        [
            "try {x = 1} except ValueError as - {pass} except (tuple TypeError KeyError) as e \
             {raise e} except Exception as e {pass} except - as - {raise -} else {x = 2} finally \
             {x = 3}",
            "try {pass} else {} finally {pass}",
        ]
    );
}

#[test]
fn statements_keep_line_and_column() {
    let module = ok("x = 1\nif x:\n    y = 2\n");
    let lines: Vec<(usize, usize)> = module.body.iter().map(|s| (s.line, s.column)).collect();
    assert_eq!(lines, [(1, 0), (2, 0)]);
    let Some(StmtKind::If { body, .. }) = module.body.get(1).map(|s| &s.kind) else {
        panic!("if");
    };
    assert_eq!(body.first().map(|s| (s.line, s.column)), Some((3, 4)));
}

#[test]
fn the_base_indentation_is_the_first_line() {
    assert_eq!(dumped("        x = 1\n        y = x\n"), ["x = 1", "y = x"]);
}

#[test]
fn semicolons_separate_simple_statements() {
    assert_eq!(dumped("a = 1; b = 2;\nc = a"), ["a = 1", "b = 2", "c = a"]);
}

// ---- expressions ----

#[test]
fn precedence_follows_python() {
    assert_eq!(expr("a + b * c"), "(+ a (* b c))");
    assert_eq!(expr("a - b - c"), "(- (- a b) c)");
    assert_eq!(expr("a ** b ** c"), "(** a (** b c))");
    assert_eq!(expr("-a ** b"), "(neg (** a b))");
    assert_eq!(expr("a ** -b"), "(** a (neg b))");
    assert_eq!(
        expr("a | b ^ c & d << e + f * g"),
        "(| a (^ b (& c (<< d (+ e (* f g))))))"
    );
    assert_eq!(expr("a << b >> c"), "(>> (<< a b) c)");
    assert_eq!(expr("a % b / c * d"), "(* (/ (% a b) c) d)");
    assert_eq!(expr("~a + +b"), "(+ (~ a) (pos b))");
    assert_eq!(expr("not a == b"), "(not (cmp a == b))");
    assert_eq!(expr("a or b and not c"), "(or a (and b (not c)))");
    assert_eq!(expr("a and b and c or d"), "(or (and a b c) d)");
    assert_eq!(expr("a if b else c if d else e"), "(if b a (if d c e))");
    assert_eq!(expr("a | b == c"), "(cmp (| a b) == c)");
    assert_eq!(expr("(a + b) * c"), "(* (+ a b) c)");
    assert_eq!(expr("not not a"), "(not (not a))");
    assert_eq!(expr("- - a"), "(neg (neg a))");
}

#[test]
fn comparisons_chain_and_read_two_word_operators() {
    assert_eq!(expr("a < b <= c"), "(cmp a < b <= c)");
    assert_eq!(expr("a == b != c > d >= e"), "(cmp a == b != c > d >= e)");
    assert_eq!(expr("a is b"), "(cmp a is b)");
    assert_eq!(expr("a is not b"), "(cmp a is-not b)");
    assert_eq!(expr("a in b"), "(cmp a in b)");
    assert_eq!(expr("a not in b"), "(cmp a not-in b)");
    assert_eq!(expr("a in b not in c"), "(cmp a in b not-in c)");
}

#[test]
fn displays_and_comprehensions() {
    assert_eq!(expr("[]"), "(list )");
    assert_eq!(expr("[1, 2,]"), "(list 1 2)");
    assert_eq!(expr("()"), "(tuple )");
    assert_eq!(expr("(1,)"), "(tuple 1)");
    assert_eq!(expr("(1)"), "1");
    assert_eq!(expr("{}"), "(dict )");
    assert_eq!(expr("{1: 2, a: b,}"), "(dict 1:2 a:b)");
    assert_eq!(expr("{1, 2}"), "(set 1 2)");
    assert_eq!(expr("{1,}"), "(set 1)");
    assert_eq!(
        expr("[x * y for x in a for y in b if x if y]"),
        "(listcomp (* x y) for x in a for y in b if x if y)"
    );
    assert_eq!(
        expr("{k: v for k, v in a}"),
        "(dictcomp k:v for (tuple k v) in a)"
    );
    assert_eq!(expr("{x for x in a if x}"), "(setcomp x for x in a if x)");
    // A generator expression is the generator function CPython makes of it, called
    // with an iterator over the first iterable.
    assert_eq!(
        expr("(x for x in a)"),
        "(call (lambda [__genexpr_iterator] None) (call iter a))"
    );
    assert_eq!(
        expr("any(x is o for o in objs)"),
        "(call any (call (lambda [__genexpr_iterator] None) (call iter objs)))"
    );
    assert_eq!(
        expr("[a if b else c for x in y if d or e]"),
        "(listcomp (if b a c) for x in y if (or d e))"
    );
}

#[test]
fn calls_attributes_subscripts_slices() {
    assert_eq!(expr("f(a, key=1)"), "(call f a key=1)");
    assert_eq!(expr("f()"), "(call f )");
    assert_eq!(expr("f(a,)"), "(call f a)");
    assert_eq!(expr("f(a)(b).c[d]"), "([] (. (call (call f a) b) c) d)");
    assert_eq!(expr("a[1:2:3]"), "([] a (slice 1 2 3))");
    assert_eq!(expr("a[::2]"), "([] a (slice _ _ 2))");
    assert_eq!(expr("a[:]"), "([] a (slice _ _ _))");
    assert_eq!(expr("a[1:]"), "([] a (slice 1 _ _))");
    assert_eq!(expr("a[:-1]"), "([] a (slice _ (neg 1) _))");
    assert_eq!(expr("a[1, 2:3]"), "([] a (tuple 1 (slice 2 3 _)))");
    assert_eq!(expr("a.b.c"), "(. (. a b) c)");
    assert_eq!(expr("f (a)"), "(call f a)");
}

#[test]
fn lambdas() {
    assert_eq!(expr("lambda: 1"), "(lambda [] 1)");
    assert_eq!(expr("lambda x, y=1: x + y"), "(lambda [x y=1] (+ x y))");
    assert_eq!(expr("lambda *a: a"), "(lambda [*a] a)");
    assert_eq!(expr("lambda x: lambda: x"), "(lambda [x] (lambda [] x))");
    assert_eq!(expr("lambda x: a if x else b"), "(lambda [x] (if x a b))");
}

#[test]
fn numbers() {
    assert_eq!(expr("0"), "0");
    assert_eq!(expr("1_000_000"), "1000000");
    assert_eq!(expr("0x1F"), "31");
    assert_eq!(expr("0XfF"), "255");
    assert_eq!(expr("0o17"), "15");
    assert_eq!(expr("0b1010"), "10");
    assert_eq!(expr("0x_ff"), "255");
    assert_eq!(expr("00"), "0");
    assert_eq!(expr("9223372036854775807"), "9223372036854775807");
    assert_eq!(expr("9223372036854775808"), "big10:9223372036854775808");
    assert_eq!(
        expr("123456789012345678901234567890123456789012345"),
        "big10:123456789012345678901234567890123456789012345"
    );
    assert_eq!(
        expr("0xFFFF_FFFF_FFFF_FFFF_FFFF"),
        "big16:ffffffffffffffffffff"
    );
    assert_eq!(
        expr("-9223372036854775808"),
        "(neg big10:9223372036854775808)"
    );
    assert_eq!(expr("1.5"), "1.5");
    assert_eq!(expr("1."), "1.0");
    assert_eq!(expr(".5"), "0.5");
    assert_eq!(expr("1e5"), "100000.0");
    assert_eq!(expr("1.5e-3"), "0.0015");
    assert_eq!(expr("2E3"), "2000.0");
    assert_eq!(expr("1_0.2_5"), "10.25");
    assert_eq!(expr("-1"), "(neg 1)");
    assert_eq!(expr("a - -1"), "(- a (neg 1))");
}

#[test]
fn strings_bytes_and_names_of_constants() {
    assert_eq!(expr("\"hello\""), "\"hello\"");
    assert_eq!(expr("\"a\\nb\\x41\\u{e9}\""), "\"a\\nbAé\"");
    assert_eq!(expr("r\"a\\n\""), "\"a\\\\n\"");
    assert_eq!(expr("r#\"say \"hi\"\"#"), "\"say \\\"hi\\\"\"");
    assert_eq!(expr("'c'"), "\"c\"");
    assert_eq!(expr("'\\n'"), "\"\\n\"");
    assert_eq!(expr("b\"ab\""), "b\"ab\"");
    assert_eq!(expr("b'a'"), "b\"a\"");
    assert_eq!(expr("\"a\" \"b\"  'c'"), "\"abc\"");
    assert_eq!(expr("\"a\"\"b\""), "\"ab\"");
    assert_eq!(expr("b\"a\" b\"b\""), "b\"ab\"");
    assert_eq!(expr("True"), "True");
    assert_eq!(expr("False"), "False");
    assert_eq!(expr("None"), "None");
}

#[test]
fn triple_quoted_strings_are_joined_back() {
    assert_eq!(expr("\"\"\"doc\"\"\""), "\"doc\"");
    assert_eq!(expr("\"\"\"\"\"\""), "\"\"");
    assert_eq!(expr("\"\"\"a\"\"b\"\"\""), "\"a\\\"\\\"b\"");
    assert_eq!(expr("b\"\"\"x\"\"\""), "b\"x\"");
    // Multi-line, inside a function, as a docstring.
    let module = ok("def f():\n    \"\"\"Line one.\n    Line two.\n    \"\"\"\n    return 1\n");
    let Some(StmtKind::FunctionDef(def)) = module.body.first().map(|s| &s.kind) else {
        panic!("def");
    };
    let first = def.body.first().map(dump_stmt);
    assert_eq!(
        first.as_deref(),
        Some("\"Line one.\\n    Line two.\\n    \"")
    );
    assert_eq!(def.body.len(), 2);
    // Separated by spaces it is Python's implicit concatenation: the same value.
    assert_eq!(expr("\"\" \"x\" \"\""), "\"x\"");
}

#[test]
fn rust_variables_and_raw_identifiers() {
    assert_eq!(expr("'value + 1"), "(+ 'value 1)");
    assert_eq!(expr("f('a, 'b)"), "(call f 'a 'b)");
    assert_eq!(
        dumped("r#match = 1\nr#match += 1"),
        ["match = 1", "match += 1"]
    );
    assert_eq!(
        dumped("match = 1\ntype = match"),
        ["match = 1", "type = match"]
    );
}

#[test]
fn comments_run_to_the_end_of_the_line() {
    let src = "\
# a comment line
x = 1  # a comment with (brackets) and \"quotes\"
    # an indented comment does not indent
y = [1,  # inside brackets
     2]  # after them
# it 's a lifetime to Rust, and 'c' a char literal: both lex
";
    assert_eq!(dumped(src), ["x = 1", "y = (list 1 2)"]);
}

#[test]
fn the_seed_snippets_parse() {
    // The seed's code blocks, in the document's order (the diagram `a ----> [10]` and the
    // prose lines inside the fences left out): each parses alone, and together they
    // pass the scope checks.
    let snippets = [
        "def demo( ) :  \n    x = 10  \n    y = 20  \n    z = x + y\n",
        "a = [ 1, 2, 3 ]\n",
        "x = 10\ns = \"hello\"\nlst = [1, 2, 3]\n",
        "a = 10\nb = a\n",
        "a = [1, 2, 3]\n",
        "b = a\n",
        "del a\n",
        "del b\n",
        "a = []  \nb = []  \n  \na.append(b)  \nb.append(a)\n",
        "del a  \ndel b\n",
        "import gc  \nprint(gc.isenabled())    # True\n",
        "gc.collect()\n",
        "a = 100\nb = 100\nprint(a is b)    # True\n",
        "a = 1000\nb = 1000\nprint(a is b)    # Usually False\n",
        "s1 = \"hello\"\ns2 = \"hello\"\nprint(s1 is s2)  # Often True\n",
        "def make_list():\n    x = [1,2,3]\n    return x\n",
        "lst = make_list()\n",
        "a = [1,2,3]\na = [4,5,6]\n",
        "global_data = []  \n  \ndef store():  \n    x = [1,2,3]  \n    global_data.append(x)\n",
        "store()\n",
    ];
    let mut all = String::new();
    for snippet in snippets {
        let mut errors = super::Errors::default();
        let lexed = super::lex::lex(tokens(snippet), &mut errors);
        let _ = super::parse::parse(&lexed.toks, false, &mut errors);
        assert!(errors.is_empty(), "{snippet}");
        all.push_str(snippet);
    }
    ok(&all);
}

// ---- scopes ----

#[test]
fn scopes_resolve_like_symtable() {
    let src = "\
counter = 0
def outer(a):
    b = 1
    c = 2
    def inner():
        nonlocal c
        c += 1
        return a + b + counter + len([])
    class K:
        b = 3
        def m(self):
            return b
    return inner
def setter():
    global made
    made = 1
print(made)
";
    let module = ok(src);
    let scopes = &module.scopes;
    let outer = scopes.get(1).expect("outer");
    assert_eq!(outer.kind, ScopeKind::Function);
    assert_eq!(outer.name, "outer");
    assert_eq!(outer.cellvars, ["a", "b", "c"]);
    assert!(outer.freevars.is_empty());
    assert_eq!(scopes.resolve(1, "inner"), Some(Resolution::Local));
    let inner = scopes.get(2).expect("inner");
    assert_eq!(inner.freevars, ["a", "b", "c"]);
    assert_eq!(scopes.resolve(2, "counter"), Some(Resolution::Global));
    assert_eq!(scopes.resolve(2, "len"), Some(Resolution::Builtin));
    assert_eq!(scopes.resolve(2, "c"), Some(Resolution::Free));
    // The class body has its own `b`; the method sees the function's `b`.
    let class = scopes.get(3).expect("K");
    assert_eq!(class.kind, ScopeKind::Class);
    assert_eq!(scopes.resolve(3, "b"), Some(Resolution::Local));
    assert_eq!(class.freevars, ["b"]);
    assert_eq!(scopes.resolve(4, "b"), Some(Resolution::Free));
    assert_eq!(
        scopes.get(4).map(|s| s.params.clone()),
        Some(vec!["self".to_owned()])
    );
    // `global made` in a function makes `made` a global of the block.
    assert!(scopes.globals.contains("made"));
    assert_eq!(scopes.resolve(0, "made"), Some(Resolution::Global));
    assert_eq!(scopes.resolve(5, "made"), Some(Resolution::Global));
    assert_eq!(scopes.resolve(0, "print"), Some(Resolution::Builtin));
}

#[test]
fn comprehensions_and_lambdas_are_scopes() {
    let src = "\
def f(n):
    xs = [i * n for i in range(n)]
    g = lambda k: k + n
    return xs, g
";
    let module = ok(src);
    let scopes = &module.scopes;
    assert_eq!(
        scopes.get(1).map(|s| s.cellvars.clone()),
        Some(vec!["n".to_owned()])
    );
    let comp = scopes.get(2).expect("listcomp");
    assert_eq!(comp.kind, ScopeKind::Comprehension);
    assert_eq!(scopes.resolve(2, "i"), Some(Resolution::Local));
    assert_eq!(scopes.resolve(2, "n"), Some(Resolution::Free));
    // The first iterable is evaluated outside: `range` is used by `f`.
    assert_eq!(scopes.resolve(1, "range"), Some(Resolution::Builtin));
    assert_eq!(scopes.resolve(2, "range"), None);
    assert_eq!(scopes.get(3).map(|s| s.kind), Some(ScopeKind::Lambda));
    assert_eq!(scopes.resolve(3, "k"), Some(Resolution::Local));
}

#[test]
fn shadowing_a_builtin_makes_a_global() {
    let module = ok("def len(x):\n    return 0\nprint(len([]))\n");
    assert_eq!(module.scopes.resolve(0, "len"), Some(Resolution::Global));
    assert_eq!(module.scopes.resolve(0, "print"), Some(Resolution::Builtin));
}

// ---- errors: indentation ----

#[test]
fn indentation_errors() {
    assert_error("x = 1\n  y = 2\n", 2, "unexpected indent");
    assert_error("if x:\n    a = 1\n        b = 2\n", 3, "unexpected indent");
    assert_error(
        "x = 1\nif x:\n    a = 1\n  b = 2\n",
        4,
        "unindent does not match any outer indentation level",
    );
    assert_error(
        "    x = 1\n  y = 2\n",
        2,
        "unindent does not match any outer indentation level",
    );
}

#[test]
fn expected_an_indented_block_after_each_statement() {
    let cases = [
        ("x = 1\nif x:\nx = 2\n", "'if' statement on line 2"),
        (
            "x = 1\nif x:\n    pass\nelif x:\nx = 2\n",
            "'elif' statement on line 4",
        ),
        (
            "x = 1\nif x:\n    pass\nelse:\nx = 2\n",
            "'else' statement on line 4",
        ),
        ("x = 1\nwhile x:\nx = 2\n", "'while' statement on line 2"),
        ("x = 1\nfor y in x:\nx = 2\n", "'for' statement on line 2"),
        ("x = 1\ndef f():\nx = 2\n", "function definition on line 2"),
        ("x = 1\nclass C:\nx = 2\n", "class definition on line 2"),
        ("x = 1\ntry:\nx = 2\n", "'try' statement on line 2"),
    ];
    for (src, what) in cases {
        assert_error(
            src,
            src.lines().count(),
            &format!("expected an indented block after {what}"),
        );
    }
    assert_error(
        "try:\n    pass\nexcept ValueError:\npass\n",
        4,
        "expected an indented block after 'except' statement on line 3",
    );
    assert_error(
        "try:\n    pass\nfinally:\npass\n",
        4,
        "expected an indented block after 'finally' statement on line 3",
    );
    // The lines after the header are read as the block, up to the next clause: the
    // clauses still parse, and the missing block is the only error, as in CPython.
    let only_the_missing_block = [
        (
            "try:\nx = 1\nexcept ValueError:\n    pass\n",
            2,
            "'try' statement on line 1",
        ),
        (
            "try:\nx = 1\nfinally:\n    pass\n",
            2,
            "'try' statement on line 1",
        ),
        (
            "x = 1\nif x:\nx = 2\nelif x:\n    pass\nelse:\n    pass\n",
            3,
            "'if' statement on line 2",
        ),
        (
            "x = 1\nwhile x:\nx = 2\nelse:\n    pass\n",
            3,
            "'while' statement on line 2",
        ),
        (
            "def f():\n    try:\n    x = 1\n    except ValueError:\n        pass\n    return 1\n",
            3,
            "'try' statement on line 2",
        ),
        (
            "x = 1\nif x:\nif x:\nx = 2\nelse:\n    pass\n",
            3,
            "'if' statement on line 2",
        ),
    ];
    for (src, line, what) in only_the_missing_block {
        let errs = errors(src);
        assert_eq!(
            errs.first(),
            Some(&(line, format!("expected an indented block after {what}"))),
            "{src}"
        );
        if !src.starts_with("x = 1\nif x:\nif") {
            assert_eq!(errs.len(), 1, "{src}\n{errs:?}");
        }
    }
    // Later errors are still reported.
    assert_eq!(
        errors("try:\nx = 1\nexcept ValueError:\n    pass\ny = = 1\n"),
        [
            (
                2,
                "expected an indented block after 'try' statement on line 1".to_owned()
            ),
            (5, "invalid syntax".to_owned()),
        ]
    );
}

// ---- errors: syntax ----

#[test]
fn syntax_errors_in_cpython_words() {
    let cases: &[(&str, usize, &str)] = &[
        ("x = = 1", 1, "invalid syntax"),
        ("x = 1 2", 1, "invalid syntax"),
        ("x = 1\nif x\n    pass", 2, "expected ':'"),
        ("x = 1\nwhile x\n    pass", 2, "expected ':'"),
        ("def f()\n    pass", 1, "expected ':'"),
        ("class C\n    pass", 1, "expected ':'"),
        (
            "x = 1\nif x = 1:\n    pass",
            2,
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        ),
        (
            "x = [1 2]",
            1,
            "invalid syntax. Perhaps you forgot a comma?",
        ),
        (
            "print(1 2)",
            1,
            "invalid syntax. Perhaps you forgot a comma?",
        ),
        ("x = 1 if 2", 1, "expected 'else' after 'if' expression"),
        ("x = {1: 2, 3}", 1, "':' expected after dictionary key"),
        ("else:\n    pass", 1, "invalid syntax"),
        (
            "try:\n    pass\nx = 1",
            3,
            "expected 'except' or 'finally' block",
        ),
        (
            "x = 1\nprint x",
            2,
            "Missing parentheses in call to 'print'. Did you mean print(...)?",
        ),
        (
            "1 = x",
            1,
            "cannot assign to literal here. Maybe you meant '==' instead of '='?",
        ),
        (
            "x = 1\nlen(x) = 1",
            2,
            "cannot assign to function call here. Maybe you meant '==' instead of '='?",
        ),
        (
            "x = 1\nx + 1 = 2",
            2,
            "cannot assign to expression here. Maybe you meant '==' instead of '='?",
        ),
        ("x = 1\n(x, 1) = 2", 2, "cannot assign to literal"),
        // The last item of a tuple written without brackets is read as CPython's parser
        // reads it: `item = value` as a mistyped comparison.
        (
            "a, 2 = 1, 2",
            1,
            "cannot assign to literal here. Maybe you meant '==' instead of '='?",
        ),
        (
            "a = 1\na, (2) = 1, 2",
            2,
            "cannot assign to literal here. Maybe you meant '==' instead of '='?",
        ),
        (
            "1, 2 = 1",
            1,
            "cannot assign to literal here. Maybe you meant '==' instead of '='?",
        ),
        (
            "a = 1\n2, a.b = 1",
            2,
            "cannot assign to attribute here. Maybe you meant '==' instead of '='?",
        ),
        (
            "a = 1\n2, a = 1",
            2,
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        ),
        ("a, 2, = 1, 2", 1, "cannot assign to literal"),
        ("(a, 2) = 1, 2", 1, "cannot assign to literal"),
        ("[a, 2] = 1, 2", 1, "cannot assign to literal"),
        ("a, [2] = 1, 2", 1, "cannot assign to literal"),
        ("a = 1\n2, [a] = 1", 2, "cannot assign to literal"),
        ("a, None = 1", 1, "cannot assign to None"),
        ("a, 2 = b = 1", 1, "cannot assign to literal"),
        ("b = 1\na, 2 = not b", 2, "cannot assign to literal"),
        ("a, 2 = lambda: 1", 1, "cannot assign to literal"),
        ("b = 1\n1 = not b", 2, "cannot assign to literal"),
        ("for a, 1 in []:\n    pass", 1, "cannot assign to literal"),
        ("for (a, 1) in []:\n    pass", 1, "cannot assign to literal"),
        ("None = 1", 1, "cannot assign to None"),
        ("True = 1", 1, "cannot assign to True"),
        ("x = 1\nx < 1 = 2", 2, "cannot assign to comparison"),
        ("x = 1\nnot x = 2", 2, "cannot assign to expression"),
        (
            "x = 1\nx if x else x = 2",
            2,
            "cannot assign to conditional expression",
        ),
        ("lambda: 1 = 1", 1, "cannot assign to lambda"),
        (
            "{} = 1",
            1,
            "cannot assign to dict literal here. Maybe you meant '==' instead of '='?",
        ),
        ("x = y = 1 = 2", 1, "cannot assign to literal"),
        ("x = 1\ndel x + 1", 2, "cannot delete expression"),
        ("del 1", 1, "cannot delete literal"),
        (
            "x = 1\nlen(x) += 1",
            2,
            "'function call' is an illegal expression for augmented assignment",
        ),
        (
            "a = b = 1\na, b += 1",
            2,
            "'tuple' is an illegal expression for augmented assignment",
        ),
        ("for 1 in []:\n    pass", 1, "cannot assign to literal"),
        (
            "print(end=1, 2)",
            1,
            "positional argument follows keyword argument",
        ),
        ("print(end=1, end=2)", 1, "keyword argument repeated: end"),
        (
            "x = []\nprint(a for a in x, 1)",
            2,
            "Generator expression must be parenthesized",
        ),
        (
            "print(1 + 1 = 2)",
            1,
            "expression cannot contain assignment, perhaps you meant \"==\"?",
        ),
        (
            "def f(a=1, b):\n    pass",
            1,
            "non-default argument follows default argument",
        ),
        (
            "def f(a, a):\n    pass",
            1,
            "duplicate argument 'a' in function definition",
        ),
        (
            "def f(*a, *b):\n    pass",
            1,
            "* argument may appear only once",
        ),
        (
            "x = 0777",
            1,
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        ),
        ("x = 1abc", 1, "invalid decimal literal"),
        (
            "x = \"a\" b\"b\"",
            1,
            "cannot mix bytes and nonbytes literals",
        ),
        (
            "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass",
            3,
            "default 'except:' must be last",
        ),
        ("x = []\nx[] = 1", 2, "invalid syntax"),
        ("x = 1 +", 1, "invalid syntax"),
        ("x = (1 +)", 1, "invalid syntax"),
    ];
    for (src, line, message) in cases {
        assert_error(src, *line, message);
    }
}

#[test]
fn number_literals_rust_lexes_but_python_refuses() {
    // Rust's lexer refuses these before the macro runs; the reader still words them as
    // CPython does, for tokens built by other means.
    use super::lex::number;
    assert_eq!(
        number("0b102"),
        Err("invalid digit '2' in binary literal".to_owned())
    );
    assert_eq!(
        number("0o8"),
        Err("invalid digit '8' in octal literal".to_owned())
    );
    assert_eq!(number("0x"), Err("invalid hexadecimal literal".to_owned()));
    assert_eq!(
        number("0x1__0"),
        Err("invalid hexadecimal literal".to_owned())
    );
    assert_eq!(number("1__0"), Err("invalid decimal literal".to_owned()));
    assert_eq!(number("1_"), Err("invalid decimal literal".to_owned()));
    assert_eq!(number("1e"), Err("invalid decimal literal".to_owned()));
}

#[test]
fn unsupported_constructs_are_named() {
    let cases: &[(&str, usize, &str)] = &[
        ("x = 1\nwith x:\n    pass", 2, "`with` statements"),
        (
            "async def f():\n    pass",
            1,
            "`async` functions and statements",
        ),
        ("def f():\n    yield 1", 2, "`yield`"),
        ("def f():\n    x = yield", 2, "`yield`"),
        ("def f():\n    await x", 2, "`await`"),
        ("x = 1\n@x\ndef f():\n    pass", 2, "decorators"),
        (
            "x = 1\nmatch x:\n    case 1:\n        pass",
            2,
            "`match` statements",
        ),
        (
            "a, b = 1, 2\n*a, b = [1, 2]",
            2,
            "star-unpacking in targets",
        ),
        ("a, *b = [1, 2, 3]", 1, "star-unpacking in targets"),
        ("[a, *b] = [1, 2, 3]", 1, "star-unpacking in targets"),
        ("x = a, *b = [1, 2, 3]", 1, "star-unpacking in targets"),
        ("x = [1]\nx = 1, *x", 2, "star-unpacking (`*a`) here"),
        ("x = [1]\ny = x = 1, *x", 2, "star-unpacking (`*a`) here"),
        ("x = [1]\nx[0].y = [*x]", 2, "star-unpacking (`*a`) here"),
        (
            "x = [1]\nprint([*x]).a = 1",
            2,
            "star-unpacking (`*a`) here",
        ),
        ("f = lambda x=1: [*x]", 1, "star-unpacking (`*a`) here"),
        (
            "x = [1]\nfor *a, b in x:\n    pass",
            2,
            "star-unpacking in targets",
        ),
        ("x = (y := 1)", 1, "assignment expressions (`:=`)"),
        ("def f(**kw):\n    pass", 1, "`**kwargs` parameters"),
        ("def f(a, *, b):\n    pass", 1, "keyword-only parameters"),
        ("def f(*a, b):\n    pass", 1, "keyword-only parameters"),
        ("def f(a: int):\n    pass", 1, "annotations"),
        ("def f() -> int:\n    pass", 1, "annotations"),
        ("x: int = 1", 1, "annotations"),
        ("x = 1\nprint(**x)", 2, "`**` arguments"),
        ("x = {**{}}", 1, "`**` unpacking in dict displays"),
        ("x = [*[]]", 1, "star-unpacking (`*a`) here"),
        (
            "x = 1\nraise ValueError() from x",
            2,
            "`raise ... from ...`",
        ),
        ("x = 1\ny = x @ x", 2, "the `@` operator"),
        ("x = ...", 1, "`...` (Ellipsis)"),
        (
            "class C(metaclass=type):\n    pass",
            1,
            "class keywords (`metaclass=...`)",
        ),
        ("x = 1j", 1, "complex numbers"),
        ("x = 1u8", 1, "invalid decimal literal"),
    ];
    for (src, line, what) in cases {
        let expected = if what.starts_with("invalid") {
            (*what).to_owned()
        } else {
            format!("pyblock! does not support {what}")
        };
        assert_error(src, *line, &expected);
    }
    assert_error(
        "x = f\"a{b}\"",
        1,
        "pyblock! does not support f-strings: build the text with `+` and `str(...)`, as in \
         `\"x = \" + str(x)`",
    );
}

#[test]
fn imports_of_modules_the_runtime_lacks_are_refused() {
    let provided: Vec<&str> = super::modules::MODULES.iter().map(|m| m.name).collect();
    // The message lists the table, which is kept in alphabetical order.
    assert!(provided.is_sorted(), "{provided:?}");
    let provided = provided.join(", ");
    assert_error(
        "import os",
        1,
        &format!("No module named 'os': pyblock! provides {provided}"),
    );
    assert_error(
        "import gc.x",
        1,
        &format!("No module named 'gc.x': pyblock! provides {provided}"),
    );
    assert_error(
        "from gc import collected",
        1,
        "cannot import name 'collected' from 'gc'",
    );
    assert_eq!(
        dumped("from gc import collect, get_count as count\nfrom __future__ import annotations"),
        ["from gc import collect get_count:count", "pass"]
    );
}

#[test]
fn rust_variables_cannot_be_assigned() {
    assert_error(
        "'x = 1",
        1,
        "pyblock! cannot assign to the Rust variable `'x`: assign a Python name instead",
    );
}

// ---- errors: scopes ----

#[test]
fn scope_errors_in_cpython_words() {
    let cases: &[(&str, usize, &str)] = &[
        ("return 1", 1, "'return' outside function"),
        ("class C:\n    return 1", 2, "'return' outside function"),
        ("break", 1, "'break' outside loop"),
        ("continue", 1, "'continue' not properly in loop"),
        (
            "while True:\n    def f():\n        break",
            3,
            "'break' outside loop",
        ),
        (
            "for x in []:\n    pass\nelse:\n    continue",
            4,
            "'continue' not properly in loop",
        ),
        (
            "nonlocal x",
            1,
            "nonlocal declaration not allowed at module level",
        ),
        (
            "def f():\n    nonlocal x",
            2,
            "no binding for nonlocal 'x' found",
        ),
        (
            "class C:\n    nonlocal x",
            2,
            "no binding for nonlocal 'x' found",
        ),
        (
            "x = 1\ndef f():\n    nonlocal x",
            3,
            "no binding for nonlocal 'x' found",
        ),
        // On the declaration, not on a later binding or use.
        (
            "def f():\n    def g():\n        nonlocal x\n        x = 1\n    return g",
            3,
            "no binding for nonlocal 'x' found",
        ),
        (
            "def f():\n    def g():\n        nonlocal x\n        print(x)\n    return g",
            3,
            "no binding for nonlocal 'x' found",
        ),
        (
            "x = 1\ndef f():\n    print(x)\n    global x",
            4,
            "name 'x' is used prior to global declaration",
        ),
        (
            "def f():\n    x = 1\n    global x",
            3,
            "name 'x' is assigned to before global declaration",
        ),
        (
            "x = 1\nglobal x",
            2,
            "name 'x' is assigned to before global declaration",
        ),
        (
            "def f(x):\n    global x",
            2,
            "name 'x' is parameter and global",
        ),
        (
            "def f(x):\n    nonlocal x",
            2,
            "name 'x' is parameter and nonlocal",
        ),
        (
            "def g():\n    x = 1\n    def f():\n        print(x)\n        nonlocal x",
            5,
            "name 'x' is used prior to nonlocal declaration",
        ),
        (
            "def g():\n    x = 1\n    def f():\n        x = 2\n        nonlocal x",
            5,
            "name 'x' is assigned to before nonlocal declaration",
        ),
        (
            "def g():\n    x = 1\n    def f():\n        global x\n        nonlocal x",
            5,
            "name 'x' is nonlocal and global",
        ),
        ("print(undefined)", 1, "name 'undefined' is not defined"),
        (
            "def f():\n    return missing + 1",
            2,
            "name 'missing' is not defined",
        ),
        (
            "class C:\n    x = 1\n    def m(self):\n        return x",
            4,
            "name 'x' is not defined",
        ),
        (
            "x = [y for y in range(3)]\nprint(y)",
            2,
            "name 'y' is not defined",
        ),
        (
            "def f():\n    global g\n    return g",
            3,
            "name 'g' is not defined",
        ),
    ];
    for (src, line, message) in cases {
        assert_error(src, *line, message);
    }
}

#[test]
fn the_inline_form_hints_at_rust_variables() {
    let hinted = |src: &str| match front(src) {
        Ok(_) => panic!("{src}\nparsed, but an error was expected"),
        Err(error) => errors_of(hint_rust_variables(error)),
    };
    assert_eq!(
        hinted("return\nprint(count)\nprint(nope + 1)\n"),
        [
            (1, "'return' outside function".to_owned()),
            (
                2,
                "name 'count' is not defined (for the Rust variable `count`, write `'count`)"
                    .to_owned()
            ),
            (
                3,
                "name 'nope' is not defined (for the Rust variable `nope`, write `'nope`)"
                    .to_owned()
            ),
        ]
    );
    // A Rust keyword cannot be a Rust variable: no hint.
    assert_eq!(
        hinted("print(fn)\n"),
        [(1, "name 'fn' is not defined".to_owned())]
    );
}

#[test]
fn errors_of_several_lines_are_reported_together() {
    let src = "\
x = = 1
y = 2
z = (1 2)
def f():
    return
return
print(nope)
";
    // Syntax errors stop before the scope checks (as CPython's compiler does).
    assert_eq!(
        errors(src),
        [
            (1, "invalid syntax".to_owned()),
            (3, "invalid syntax. Perhaps you forgot a comma?".to_owned()),
        ]
    );
    assert_eq!(
        errors("return\nbreak\nprint(nope)\n"),
        [
            (1, "'return' outside function".to_owned()),
            (2, "'break' outside loop".to_owned()),
            (3, "name 'nope' is not defined".to_owned()),
        ]
    );
    // A broken compound statement skips its block, without an "unexpected indent".
    assert_eq!(
        errors("x = 1\nif x\n    y = 2\n    z = 3\nw = = 4\n"),
        [
            (2, "expected ':'".to_owned()),
            (5, "invalid syntax".to_owned()),
        ]
    );
}

// ---- `//` ----

#[test]
fn floor_division_is_found_in_the_source_text() {
    assert_error("x = 7 // 2\n", 1, FLOOR_DIV);
    assert_error("x = 7\nx //= 2\n", 2, FLOOR_DIV);
    assert_error("x = 7\ny = [x,\n     x // 2\n]\n", 3, FLOOR_DIV);
    assert_error("x = 7\nif x // 2:\n    pass\n", 2, FLOOR_DIV);
    // Not in strings, nor in `#` comments.
    ok("x = \"a // b\"\ny = r\"//\"  # see http://example.com\nz = '/'\n");
    ok("x = \"\"\"a\n// b\"\"\"\n");
}

#[test]
fn floor_division_without_the_source_file() {
    let run = |src: &str| {
        front_with_source(
            tokens(src),
            &Source {
                text: None,
                end: None,
            },
        )
        .map_err(errors_of)
    };
    // Inside a bracket spanning lines, the group's own source text shows it.
    let err = run("x = 7\ny = [x,\n     x // 2\n]\n")
        .err()
        .expect("an error");
    assert_eq!(err.first().map(|e| e.1.as_str()), Some(FLOOR_DIV));
    // A line cut short by it gets the hint with its syntax error.
    let err = run("x = 7\nif x // 2:\n    pass\n")
        .err()
        .expect("an error");
    assert_eq!(err.first().map(|e| e.0), Some(2));
    assert!(
        err.first().is_some_and(|e| e.1.contains("floordiv(a, b)")),
        "{err:?}"
    );
}

#[test]
fn text_after_the_invocation_is_not_scanned() {
    let src = "x = 1 } // a Rust comment after the macro";
    let tokens: TokenStream = "x = 1".parse().expect("lexes");
    let result = front_with_source(
        tokens,
        &Source {
            text: Some(src),
            end: Some(proc_macro2::LineColumn { line: 1, column: 6 }),
        },
    );
    assert!(result.is_ok());
}

#[test]
fn comment_brackets_must_close_on_their_line() {
    let errs = errors("x = 1  # (open\n  close)\ny = x\n");
    assert_eq!(errs.first().map(|e| e.0), Some(1));
    assert!(
        errs.first().is_some_and(|e| e.1.contains("`#` comment")),
        "{errs:?}"
    );
}

// ---- robustness ----

#[test]
fn negative_literals_built_by_code_read_as_minus_and_number() {
    use proc_macro2::{Literal, TokenTree};
    let mut stream = tokens("x = ");
    stream.extend([TokenTree::Literal(Literal::i64_unsuffixed(-5))]);
    let module = front_with_source(
        stream,
        &Source {
            text: None,
            end: None,
        },
    )
    .map_err(errors_of)
    .expect("parses");
    assert_eq!(
        module.body.iter().map(dump_stmt).collect::<Vec<_>>(),
        ["x = (neg 5)"]
    );
}

#[test]
fn print_followed_by_an_operator_is_an_expression() {
    assert_eq!(dumped("print -1"), ["(- print 1)"]);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    use super::lex::{TOO_MANY_INDENTS, TOO_MANY_PARENS};
    use super::parse::{ELIF_TOO_DEEP, EXPR_TOO_DEEP};
    for (open, close, message) in [
        ("(", ")", TOO_MANY_PARENS),
        ("[", "]", TOO_MANY_PARENS),
        ("f(", ")", TOO_MANY_PARENS),
        ("-", "", EXPR_TOO_DEEP),
        ("not ", "", EXPR_TOO_DEEP),
        ("lambda: ", "", EXPR_TOO_DEEP),
        ("1 if 1 else ", "", EXPR_TOO_DEEP),
    ] {
        let src = format!("x = {}1{}\n", open.repeat(400), close.repeat(400));
        assert_error(&src, 1, message);
    }
    let chain = format!("x = 1{}\n", " + 1".repeat(1000));
    assert_error(&chain, 1, EXPR_TOO_DEEP);
    let attrs = format!("x = 1\ny = x{}\n", ".a".repeat(1000));
    assert_error(&attrs, 2, EXPR_TOO_DEEP);
    let elifs = format!(
        "x = 1\nif x:\n    pass\n{}",
        "elif x:\n    pass\n".repeat(300)
    );
    assert_error(&elifs, 2 + 2 * 201, ELIF_TOO_DEEP);
    // Blocks: CPython's tokenizer takes 99 levels of indentation and stops at the 100th.
    let blocks = |levels: usize| {
        let mut src = String::new();
        for depth in 0..levels {
            let _ = writeln!(src, "{}if True:", " ".repeat(depth));
        }
        let _ = writeln!(src, "{}pass", " ".repeat(levels));
        let _ = writeln!(src, "x = = 1");
        src
    };
    assert_error(&blocks(100), 101, TOO_MANY_INDENTS);
    assert_error(&blocks(300), 101, TOO_MANY_INDENTS);
    assert_error(&blocks(99), 101, "invalid syntax");
    // The limits are not shared: 99 blocks, 100 brackets and 200 levels of operators
    // together take about 3 MiB of stack in a debug build, more than a test thread's
    // 2 MiB: run on 8 MiB, the stack of the compiler's main thread.
    let mut src = blocks(99).replace("pass\nx = = 1\n", "");
    let _ = writeln!(
        src,
        "x = {}{}1{}",
        "-(".repeat(100),
        "-".repeat(100),
        ")".repeat(100)
    );
    let parsed = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || front(&src).is_ok())
        .map(|thread| thread.join());
    assert!(matches!(parsed, Ok(Ok(true))));
    ok(&format!("x = {}1\n", "-".repeat(200)));
    assert_error(&format!("x = {}1\n", "-".repeat(201)), 1, EXPR_TOO_DEEP);
    ok(&format!("x = {}1{}\n", "[".repeat(100), "]".repeat(100)));
    assert_error(
        &format!("x = {}1{}\n", "[".repeat(101), "]".repeat(101)),
        1,
        TOO_MANY_PARENS,
    );
    ok(&format!(
        "x = 1\nif x:\n    pass\n{}",
        "elif x:\n    pass\n".repeat(200)
    ));
}

#[test]
fn a_300_line_program_is_fast() {
    let mut src = String::from("total = 0\nitems = []\n");
    for i in 0..60 {
        let _ = write!(
            src,
            "def f{i}(a, b=1, *rest):\n    x = [a * k for k in range(b) if k % 2]\n    \
             for y in x:\n        items.append(y + {i})\n    return len(items) + sum(x)\n\
             total += f{i}({i}, b={i})\n"
        );
    }
    assert!(src.lines().count() >= 300);
    let start = std::time::Instant::now();
    for _ in 0..5 {
        ok(&src);
    }
    let each = start.elapsed() / 5;
    assert!(
        each < std::time::Duration::from_millis(500),
        "{each:?} per parse"
    );
}

/// Runs the whole macro on `tokens` (the front end, then the code generator on what it
/// accepts) and checks it neither panics nor fails without a span.
fn no_panic(tokens: TokenStream, text: Option<&str>) {
    let result = catch_unwind(AssertUnwindSafe(|| {
        front_with_source(tokens, &Source { text, end: None })
            .map(|module| super::expand::expand(&module))
    }));
    match result {
        Ok(Ok(code)) => assert!(!code.is_empty()),
        Ok(Err(error)) => assert!(error.into_iter().count() > 0),
        Err(_) => panic!("the macro panicked"),
    }
}

const VALID_PROGRAMS: &[&str] = &[
    "x = 1\nif x:\n    y = [i for i in range(3)]\nelse:\n    y = {1: 2}\n",
    "def f(a, b=2, *c):\n    nonlocal_ = a ** -b\n    return lambda q: q + a\nprint(f(1)(2))\n",
    "class A(object):\n    n = 0\n    def m(self, k):\n        self.n += k\n        return self.n\n",
    "try:\n    x = 1 // 2\nexcept (ValueError, TypeError) as e:\n    raise\nfinally:\n    pass\n",
    "a, b = 1, 2\nwhile a < 10:\n    a, b = b, a + b\n    if a == 5: break\nelse:\n    pass\n",
    "import gc\nimport sys as s\nx = [1, 2, 3]\ndel x[0], x[1:]\nassert not x, \"msg\"\n",
    "x = \"\"\"doc\"\"\"\ny = 'c' + \"s\" + r\"raw\"\nz = b\"by\"\nw = x[1:2:3] if y else z\n",
];

mod properties {
    use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenTree};
    use proptest::prelude::*;

    use super::{VALID_PROGRAMS, no_panic, tokens};

    /// Random token trees: names, keywords, operators, literals, nested groups.
    fn token_tree() -> impl Strategy<Value = TokenTree> {
        let leaf = prop_oneof![
            prop::sample::select(vec![
                "x", "y", "if", "else", "elif", "def", "class", "for", "in", "not", "is", "lambda",
                "return", "while", "try", "except", "finally", "import", "gc", "del", "global",
                "nonlocal", "pass", "break", "continue", "True", "None", "and", "or", "print",
                "len", "async", "with", "yield", "match", "f", "b", "r", "as", "raise",
            ])
            .prop_map(|name| TokenTree::Ident(Ident::new(name, Span::call_site()))),
            (
                prop::sample::select(vec![
                    '+', '-', '*', '/', '%', '<', '>', '=', '!', '~', '&', '|', '^', '@', '.', ',',
                    ':', ';', '#', '$', '?', '\'',
                ]),
                any::<bool>()
            )
                .prop_map(|(c, joint)| {
                    let spacing = if joint {
                        Spacing::Joint
                    } else {
                        Spacing::Alone
                    };
                    TokenTree::Punct(Punct::new(c, spacing))
                }),
            any::<i64>().prop_map(|v| TokenTree::Literal(Literal::i64_unsuffixed(v))),
            any::<u128>().prop_map(|v| TokenTree::Literal(Literal::u128_suffixed(v))),
            any::<f64>().prop_map(|v| TokenTree::Literal(Literal::f64_unsuffixed(
                if v.is_finite() { v } else { 0.5 }
            ))),
            ".{0,8}".prop_map(|s| TokenTree::Literal(Literal::string(&s))),
            any::<char>().prop_map(|c| TokenTree::Literal(Literal::character(c))),
            prop::collection::vec(any::<u8>(), 0..4)
                .prop_map(|b| TokenTree::Literal(Literal::byte_string(&b))),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            (
                prop::sample::select(vec![
                    Delimiter::Parenthesis,
                    Delimiter::Bracket,
                    Delimiter::Brace,
                    Delimiter::None,
                ]),
                prop::collection::vec(inner, 0..6),
            )
                .prop_map(|(delim, trees)| {
                    TokenTree::Group(Group::new(delim, trees.into_iter().collect()))
                })
        })
    }

    /// Pieces of Python that random concatenations turn into odd programs.
    const PYTHON_WORDS: &[&str] = &[
        "def ",
        "f",
        "(",
        ")",
        ":",
        "\n",
        "    ",
        "yield ",
        "return ",
        "x",
        " = ",
        "1",
        "'",
        "\"",
        "f'{",
        "}",
        "[",
        "]",
        "{",
        "lambda ",
        "for ",
        " in ",
        "if ",
        "else",
        "class ",
        "async ",
        "await ",
        "with ",
        " as ",
        "*",
        "**",
        ",",
        "try:",
        "except",
        "finally:",
        "@",
        "import ",
        "from ",
        "global ",
        "nonlocal ",
        "\\",
        "#",
        ":=",
        "match ",
        "case ",
        "\t",
        "(((",
        ")))",
        "not ",
        "-",
        "//",
        "%",
        "\"\"\"",
        "b'",
        "r'",
        "0x",
        "1e9",
    ];

    /// Every Python file the integration tests compile.
    const PYTHON_FILES: &[&str] = &[
        include_str!("../../../tests/python/source_forms.py"),
        include_str!("../../../tests/python/kwargs.py"),
        include_str!("../../../tests/python/decorators_with.py"),
        include_str!("../../../tests/python/fstrings.py"),
        include_str!("../../../tests/python/builtins.py"),
        include_str!("../../../tests/python/generators.py"),
        include_str!("../../../tests/python/genexpr.py"),
        include_str!("../../../tests/python/coroutines.py"),
        include_str!("../../../tests/python/unpacking.py"),
        include_str!("../../../tests/python/walrus.py"),
        include_str!("../../../tests/python/fast_paths.py"),
        include_str!("../../../tests/python/params.py"),
        include_str!("../../../tests/python/slices.py"),
        include_str!("../../../tests/python/caches.py"),
    ];

    /// The text front end on `text`, as a file: whatever it returns, it must return.
    fn text_front_no_panic(text: &str) {
        let text = super::super::source::Text {
            text: text.to_owned(),
            span: proc_macro2::Span::call_site(),
            origin: super::super::ast::Origin::File {
                written: "fuzz.py".into(),
                absolute: "fuzz.py".into(),
            },
            line_base: 0,
        };
        if let Ok(module) = super::super::front_text(&text) {
            let _ = super::super::expand::expand(&module);
        }
    }

    /// An edit of a valid program's source text.
    #[derive(Clone, Debug)]
    enum Edit {
        DeleteWord(usize),
        DuplicateWord(usize),
        SwapWords(usize, usize),
        Indent(usize, usize),
        Dedent(usize),
        JoinLines(usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            any::<usize>().prop_map(Edit::DeleteWord),
            any::<usize>().prop_map(Edit::DuplicateWord),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapWords(a, b)),
            (any::<usize>(), 1..9usize).prop_map(|(a, n)| Edit::Indent(a, n)),
            any::<usize>().prop_map(Edit::Dedent),
            any::<usize>().prop_map(Edit::JoinLines),
        ]
    }

    /// Applies the edits to lines of whitespace-separated words.
    fn apply(program: &str, edits: &[Edit]) -> String {
        let mut lines: Vec<(usize, Vec<String>)> = program
            .lines()
            .map(|line| {
                let indent = line.len() - line.trim_start().len();
                (indent, line.split_whitespace().map(str::to_owned).collect())
            })
            .collect();
        for edit in edits {
            let count = lines.len().max(1);
            match *edit {
                Edit::DeleteWord(i) | Edit::DuplicateWord(i) => {
                    if let Some((_, words)) = lines.get_mut(i % count)
                        && !words.is_empty()
                    {
                        let w = (i / count) % words.len();
                        if matches!(edit, Edit::DeleteWord(_)) {
                            words.remove(w);
                        } else if let Some(word) = words.get(w).cloned() {
                            words.insert(w, word);
                        }
                    }
                }
                Edit::SwapWords(a, b) => {
                    let (la, lb) = (a % count, b % count);
                    let wa = lines.get(la).map_or(0, |l| l.1.len());
                    let wb = lines.get(lb).map_or(0, |l| l.1.len());
                    if wa > 0 && wb > 0 {
                        let x = lines[la].1[(a / count) % wa].clone();
                        let y = lines[lb].1[(b / count) % wb].clone();
                        lines[la].1[(a / count) % wa] = y;
                        lines[lb].1[(b / count) % wb] = x;
                    }
                }
                Edit::Indent(i, n) => {
                    if let Some(line) = lines.get_mut(i % count) {
                        line.0 += n;
                    }
                }
                Edit::Dedent(i) => {
                    if let Some(line) = lines.get_mut(i % count) {
                        line.0 = line.0.saturating_sub(4);
                    }
                }
                Edit::JoinLines(i) => {
                    let i = i % count;
                    if i + 1 < lines.len() {
                        let next = lines.remove(i + 1);
                        lines[i].1.extend(next.1);
                    }
                }
            }
        }
        lines
            .iter()
            .map(|(indent, words)| format!("{}{}\n", " ".repeat(*indent), words.join(" ")))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn random_token_streams_never_panic(trees in prop::collection::vec(token_tree(), 0..40)) {
            no_panic(trees.into_iter().collect(), None);
        }

        /// The text forms: any text (random bytes read as UTF-8, lossily) gives a
        /// result or errors, never a panic.
        #[test]
        fn random_text_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            text_front_no_panic(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn random_python_fragments_never_panic(
            words in prop::collection::vec(prop::sample::select(PYTHON_WORDS), 0..60),
        ) {
            text_front_no_panic(&words.concat());
        }

        #[test]
        fn mutated_python_files_never_panic(
            program in prop::sample::select(PYTHON_FILES),
            edits in prop::collection::vec(edit(), 1..6),
        ) {
            text_front_no_panic(&apply(program, &edits));
        }

        #[test]
        fn mutated_programs_never_panic(
            program in prop::sample::select(VALID_PROGRAMS),
            edits in prop::collection::vec(edit(), 1..6),
        ) {
            let src = apply(program, &edits);
            // Some edits make text Rust cannot lex (a split raw string): skip those.
            if let Ok(stream) = src.parse() {
                no_panic(stream, Some(&src));
                no_panic(tokens(&src), None);
            }
        }
    }
}

#[test]
fn the_valid_programs_of_the_property_test_are_valid() {
    for program in VALID_PROGRAMS {
        if program.contains("//") {
            assert_eq!(
                errors(program).first().map(|e| e.1.as_str()),
                Some(FLOOR_DIV)
            );
        } else {
            ok(program);
        }
    }
}

#[test]
fn the_entry_point_works_without_a_source_file() {
    // Outside the compiler there is no file to read: the tokens alone are used.
    let module = super::front(tokens("x = 1\nif x:\n    y = [x]\n")).map_err(errors_of);
    assert_eq!(module.map(|m| m.body.len()).ok(), Some(2));
    let errs = super::front(tokens("x = 1\n  y = 2\n"))
        .map_err(errors_of)
        .err();
    assert_eq!(errs, Some(vec![(2, "unexpected indent".to_owned())]));
}

/// The messages of the text front end on `src` (a file named `prog.py`).
fn text_errors(src: &str) -> Vec<String> {
    let text = super::source::Text {
        text: src.to_owned(),
        span: proc_macro2::Span::call_site(),
        origin: super::ast::Origin::File {
            written: "prog.py".into(),
            absolute: "prog.py".into(),
        },
        line_base: 0,
    };
    match super::front_text(&text) {
        Ok(_) => Vec::new(),
        Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn text_errors_name_the_python_file_line_and_column() {
    assert_eq!(
        text_errors("x = 1\nprint(y)\n"),
        ["File \"prog.py\", line 2, column 7: name 'y' is not defined"]
    );
    assert_eq!(
        text_errors("def f(:\n    pass\n"),
        ["File \"prog.py\", line 1, column 7: SyntaxError: invalid syntax"]
    );
    assert_eq!(
        text_errors("a = 1\n  b = 2\n"),
        ["File \"prog.py\", line 2, column 2: IndentationError: unexpected indent"]
    );
    let provided: Vec<&str> = super::modules::MODULES.iter().map(|m| m.name).collect();
    assert_eq!(
        text_errors("import os\nclass A(metaclass=type):\n    pass\n"),
        [
            format!(
                "File \"prog.py\", line 1, column 8: No module named 'os': pyblock! provides {}",
                provided.join(", ")
            ),
            "File \"prog.py\", line 2, column 9: pyblock! does not support class keywords \
             (`metaclass=...`)"
                .to_owned(),
        ]
    );
    assert_eq!(
        text_errors("s = 'unterminated\n"),
        [
            "File \"prog.py\", line 1, column 5: SyntaxError: unterminated string literal (detected at line 1)"
        ]
    );
}

/// CPython's compile-time errors of `match` statements, at CPython's line and column.
#[test]
fn match_statements_give_cpythons_syntax_errors() {
    let cases = [
        (
            "match 1:\n case x: pass\n case 2: pass\n",
            "line 2, column 7: SyntaxError: name capture 'x' makes remaining patterns unreachable",
        ),
        (
            "match 1:\n case _: pass\n case 2: pass\n",
            "line 2, column 7: SyntaxError: wildcard makes remaining patterns unreachable",
        ),
        (
            "match 1:\n case [x] | y: pass\n",
            "line 2, column 13: SyntaxError: alternative patterns bind different names",
        ),
        (
            "match 1:\n case [x, x]: pass\n",
            "line 2, column 11: SyntaxError: multiple assignments to name 'x' in pattern",
        ),
        (
            "match {}:\n case {'a': 1, 'a': 2}: pass\n",
            "line 2, column 7: SyntaxError: mapping pattern checks duplicate key ('a')",
        ),
    ];
    for (source, expected) in cases {
        assert_eq!(
            text_errors(source),
            [format!("File \"prog.py\", {expected}")],
            "{source}"
        );
    }
    // A guard makes a capture refutable; the last case may be irrefutable.
    assert!(text_errors("match 1:\n case x if x: pass\n case _: pass\n").is_empty());
}

/// Syntax errors as CPython 3.11 reports them, pinned: `compile(src, "prog.py", "exec")`
/// raises them with these `lineno`, `offset`, class and `msg` (`offset` is 1-based, as
/// pyblock!'s column). Not reproduced (pyblock! says `invalid syntax`, at ruff's
/// position): 3.11's f-string errors (`f'{}'`: "f-string: empty expression not
/// allowed"), and "Perhaps you forgot a comma?" when the element before is not one
/// token (`print('x' 'y' z)`).
#[test]
fn syntax_errors_give_cpythons_texts_lines_and_columns() {
    let cases: &[(&str, &str)] = &[
        (
            "def f(:\n    pass\n",
            "File \"prog.py\", line 1, column 7: SyntaxError: invalid syntax",
        ),
        (
            "a = 1\n  b = 2\n",
            "File \"prog.py\", line 2, column 2: IndentationError: unexpected indent",
        ),
        (
            "s = 'unterminated\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: unterminated string literal (detected at line 1)",
        ),
        (
            "if x\n    pass\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: expected ':'",
        ),
        (
            "print('a'\n",
            "File \"prog.py\", line 1, column 6: SyntaxError: '(' was never closed",
        ),
        (
            "x = (1, 2\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: '(' was never closed",
        ),
        (
            "x = [1, 2\ny = 3\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: '[' was never closed",
        ),
        (
            "x = 1)\n",
            "File \"prog.py\", line 1, column 6: SyntaxError: unmatched ')'",
        ),
        (
            "x = }\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: unmatched '}'",
        ),
        (
            "def f():\nreturn 1\n",
            "File \"prog.py\", line 2, column 1: IndentationError: expected an indented block after function definition on line 1",
        ),
        (
            "if True:\n    x = 1\n   y = 2\n",
            "File \"prog.py\", line 3, column 9: IndentationError: unindent does not match any outer indentation level",
        ),
        (
            "for x in range(3)\n    pass\n",
            "File \"prog.py\", line 1, column 18: SyntaxError: expected ':'",
        ),
        (
            "while True\n    pass\n",
            "File \"prog.py\", line 1, column 11: SyntaxError: expected ':'",
        ),
        (
            "class A\n    pass\n",
            "File \"prog.py\", line 1, column 8: SyntaxError: expected ':'",
        ),
        (
            "x = = 1\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: invalid syntax",
        ),
        (
            "1 = x\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?",
        ),
        (
            "f() = 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?",
        ),
        (
            "x + 1 = 2\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?",
        ),
        (
            "del f()\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: cannot delete function call",
        ),
        (
            "x = 1 +\n",
            "File \"prog.py\", line 1, column 8: SyntaxError: invalid syntax",
        ),
        (
            "print 'hello'\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
        ),
        (
            "else:\n    pass\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: invalid syntax",
        ),
        (
            "try:\n    pass\n",
            "File \"prog.py\", line 2, column 9: SyntaxError: expected 'except' or 'finally' block",
        ),
        (
            "x = 5 6\n",
            "File \"prog.py\", line 1, column 7: SyntaxError: invalid syntax",
        ),
        (
            "def f(a=1, b):\n    pass\n",
            "File \"prog.py\", line 1, column 12: SyntaxError: non-default argument follows default argument",
        ),
        (
            "f(a=1, 2)\n",
            "File \"prog.py\", line 1, column 9: SyntaxError: positional argument follows keyword argument",
        ),
        (
            "f(**k, *a)\n",
            "File \"prog.py\", line 1, column 8: SyntaxError: iterable argument unpacking follows keyword argument unpacking",
        ),
        (
            "return 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: 'return' outside function",
        ),
        (
            "break\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: 'break' outside loop",
        ),
        (
            "continue\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: 'continue' not properly in loop",
        ),
        (
            "yield 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: 'yield' outside function",
        ),
        (
            "x = 'a' 'b\n",
            "File \"prog.py\", line 1, column 9: SyntaxError: unterminated string literal (detected at line 1)",
        ),
        (
            "s = \"\"\"abc\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: unterminated triple-quoted string literal (detected at line 1)",
        ),
        (
            "x = 0777\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        ),
        (
            "x = 1__0\n",
            "File \"prog.py\", line 1, column 6: SyntaxError: invalid decimal literal",
        ),
        (
            "x = $\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: invalid syntax",
        ),
        (
            "lambda x: yield\n",
            "File \"prog.py\", line 1, column 11: SyntaxError: invalid syntax",
        ),
        (
            "import\n",
            "File \"prog.py\", line 1, column 7: SyntaxError: invalid syntax",
        ),
        (
            "from x import\n",
            "File \"prog.py\", line 1, column 14: SyntaxError: invalid syntax",
        ),
        (
            "with open(f) as :\n    pass\n",
            "File \"prog.py\", line 1, column 17: SyntaxError: invalid syntax",
        ),
        (
            "x: int: 1\n",
            "File \"prog.py\", line 1, column 7: SyntaxError: invalid syntax",
        ),
        (
            "def f(x, x):\n    pass\n",
            "File \"prog.py\", line 1, column 10: SyntaxError: duplicate argument 'x' in function definition",
        ),
        (
            "nonlocal x\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: nonlocal declaration not allowed at module level",
        ),
        (
            "def f():\n    global x\n    x = 1\n    global x\n",
            "File \"prog.py\", line 4, column 5: SyntaxError: name 'x' is assigned to before global declaration",
        ),
        (
            "a, b += 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: 'tuple' is an illegal expression for augmented assignment",
        ),
        (
            "(a, b) += 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: 'tuple' is an illegal expression for augmented assignment",
        ),
        (
            "[x for x in 1, 2]\n",
            "File \"prog.py\", line 1, column 14: SyntaxError: invalid syntax",
        ),
        (
            "f(x for x in y, 1)\n",
            "File \"prog.py\", line 1, column 3: SyntaxError: Generator expression must be parenthesized",
        ),
        (
            "x = {1: 2, 3}\n",
            "File \"prog.py\", line 1, column 12: SyntaxError: ':' expected after dictionary key",
        ),
        (
            "True = 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: cannot assign to True",
        ),
        (
            "None = 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: cannot assign to None",
        ),
        (
            "def None(): pass\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: invalid syntax",
        ),
        (
            "async = 1\n",
            "File \"prog.py\", line 1, column 7: SyntaxError: invalid syntax",
        ),
        (
            "if x = 1:\n    pass\n",
            "File \"prog.py\", line 1, column 4: SyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        ),
        (
            "a b\n",
            "File \"prog.py\", line 1, column 3: SyntaxError: invalid syntax",
        ),
        (
            "print(1 2)\n",
            "File \"prog.py\", line 1, column 7: SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        ),
        (
            "def f()\n    pass\n",
            "File \"prog.py\", line 1, column 8: SyntaxError: expected ':'",
        ),
        (
            "x = [1, 2,, 3]\n",
            "File \"prog.py\", line 1, column 11: SyntaxError: invalid syntax",
        ),
        (
            "\tif True:\n        pass\n",
            "File \"prog.py\", line 1, column 1: IndentationError: unexpected indent",
        ),
        (
            "  b = 2\n",
            "File \"prog.py\", line 1, column 2: IndentationError: unexpected indent",
        ),
        (
            "if x:\n        pass\n  y\n",
            "File \"prog.py\", line 3, column 4: IndentationError: unindent does not match any outer indentation level",
        ),
        (
            "def f():\n    x = 1\n        y = 2\n",
            "File \"prog.py\", line 3, column 8: IndentationError: unexpected indent",
        ),
        (
            "[1] = x\n",
            "File \"prog.py\", line 1, column 2: SyntaxError: cannot assign to literal",
        ),
        (
            "a.b() = 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?",
        ),
        (
            "x, f() = 1\n",
            "File \"prog.py\", line 1, column 4: SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?",
        ),
        (
            "f() = g() = 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: cannot assign to function call",
        ),
        (
            "for 1 in x: pass\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: cannot assign to literal",
        ),
        (
            "f() += 1\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: 'function call' is an illegal expression for augmented assignment",
        ),
        (
            "del 1\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: cannot delete literal",
        ),
        (
            "del (a, f())\n",
            "File \"prog.py\", line 1, column 9: SyntaxError: cannot delete function call",
        ),
        (
            "x = [1, (2\n",
            "File \"prog.py\", line 1, column 9: SyntaxError: '(' was never closed",
        ),
        (
            "x = (1]\n",
            "File \"prog.py\", line 1, column 7: SyntaxError: closing parenthesis ']' does not match opening parenthesis '('",
        ),
        (
            "x = (1,\n2]\n",
            "File \"prog.py\", line 2, column 2: SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1",
        ),
        (
            "foo(\n",
            "File \"prog.py\", line 1, column 4: SyntaxError: '(' was never closed",
        ),
        (
            "for x in y:\npass\n",
            "File \"prog.py\", line 2, column 1: IndentationError: expected an indented block after 'for' statement on line 1",
        ),
        (
            "class A:\nx=1\n",
            "File \"prog.py\", line 2, column 1: IndentationError: expected an indented block after class definition on line 1",
        ),
        (
            "if x:\npass\n",
            "File \"prog.py\", line 2, column 1: IndentationError: expected an indented block after 'if' statement on line 1",
        ),
        (
            "while x:\npass\n",
            "File \"prog.py\", line 2, column 1: IndentationError: expected an indented block after 'while' statement on line 1",
        ),
        (
            "with a:\npass\n",
            "File \"prog.py\", line 2, column 1: IndentationError: expected an indented block after 'with' statement on line 1",
        ),
        (
            "try:\npass\n",
            "File \"prog.py\", line 2, column 1: IndentationError: expected an indented block after 'try' statement on line 1",
        ),
        (
            "try:\n    pass\nexcept:\npass\n",
            "File \"prog.py\", line 4, column 1: IndentationError: expected an indented block after 'except' statement on line 3",
        ),
        (
            "if x:\n    pass\nelse:\npass\n",
            "File \"prog.py\", line 4, column 1: IndentationError: expected an indented block after 'else' statement on line 3",
        ),
        (
            "if x:\n    pass\nelif y:\npass\n",
            "File \"prog.py\", line 4, column 1: IndentationError: expected an indented block after 'elif' statement on line 3",
        ),
        (
            "try:\n    pass\nfinally:\npass\n",
            "File \"prog.py\", line 4, column 1: IndentationError: expected an indented block after 'finally' statement on line 3",
        ),
        (
            "x = 'abc\ny = 2\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: unterminated string literal (detected at line 1)",
        ),
        (
            "s = '''abc\n\nx = 1\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: unterminated triple-quoted string literal (detected at line 3)",
        ),
        (
            "x = 09\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        ),
        (
            "x = 1_\n",
            "File \"prog.py\", line 1, column 6: SyntaxError: invalid decimal literal",
        ),
        (
            "x = 1a\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: invalid decimal literal",
        ),
        (
            "x = 0x\n",
            "File \"prog.py\", line 1, column 6: SyntaxError: invalid hexadecimal literal",
        ),
        (
            "x = €\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: invalid character '€' (U+20AC)",
        ),
        (
            "lambda x, x: 1\n",
            "File \"prog.py\", line 1, column 11: SyntaxError: duplicate argument 'x' in function definition",
        ),
        (
            "def f(a, *, a): pass\n",
            "File \"prog.py\", line 1, column 13: SyntaxError: duplicate argument 'a' in function definition",
        ),
        (
            "f(a=1, *b, 2)\n",
            "File \"prog.py\", line 1, column 13: SyntaxError: positional argument follows keyword argument",
        ),
        (
            "f(**a, 2)\n",
            "File \"prog.py\", line 1, column 9: SyntaxError: positional argument follows keyword argument unpacking",
        ),
        (
            "exec 'x'\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?",
        ),
        (
            "print x\n",
            "File \"prog.py\", line 1, column 1: SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
        ),
        (
            "x = 1 if y\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: expected 'else' after 'if' expression",
        ),
        (
            "def f(x):\n  return\n y\n",
            "File \"prog.py\", line 3, column 3: IndentationError: unindent does not match any outer indentation level",
        ),
        (
            "x = [1, 2\ny\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: '[' was never closed",
        ),
        (
            "x = [1, 2\ny]\n",
            "File \"prog.py\", line 1, column 9: SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        ),
        (
            "f(1\n2)\n",
            "File \"prog.py\", line 1, column 3: SyntaxError: invalid syntax. Perhaps you forgot a comma?",
        ),
        (
            "f(1 2\n",
            "File \"prog.py\", line 1, column 2: SyntaxError: '(' was never closed",
        ),
        (
            "x = [1, 2\ndef g(): pass\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: '[' was never closed",
        ),
        (
            "x = (1,\n\nprint(2)\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: '(' was never closed",
        ),
        (
            "x = (1 +\n",
            "File \"prog.py\", line 1, column 5: SyntaxError: '(' was never closed",
        ),
        (
            "f(a=1, 2\n",
            "File \"prog.py\", line 1, column 2: SyntaxError: '(' was never closed",
        ),
        (
            "def f():\n    return 1\n    yield\nclass C:\n    return 2\n",
            "File \"prog.py\", line 5, column 5: SyntaxError: 'return' outside function",
        ),
        (
            "while x:\n    def f():\n        break\n",
            "File \"prog.py\", line 3, column 9: SyntaxError: 'break' outside loop",
        ),
        (
            "x = 1\nglobal x\n",
            "File \"prog.py\", line 2, column 1: SyntaxError: name 'x' is assigned to before global declaration",
        ),
    ];
    let mut wrong = Vec::new();
    for (src, expected) in cases {
        let got = text_errors(src);
        if got.first().map(String::as_str) != Some(*expected) {
            wrong.push(format!(
                "{src:?}\n  cpython: {expected}\n  pyblock: {got:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// The generated code of `src`, as text.
fn generated(src: &str) -> String {
    super::expand::expand(&ok(src)).to_string()
}

#[test]
fn a_builtin_called_with_a_generator_expression_runs_it_inline() {
    // Each collecting builtin: the inline path, guarded by the name still being the
    // builtin, with the generator as the fallback.
    for name in [
        "tuple", "list", "set", "sum", "any", "all", "min", "max", "sorted",
    ] {
        let code = generated(&format!("def f(xs):\n    return {name}(x for x in xs)\n"));
        assert!(code.contains("Collector"), "{name}: {code}");
        assert!(code.contains("genexpr_error"), "{name}");
    }
    // Other calls, keywords, or a genexpr whose local a nested function captures: a
    // generator, as before.
    for src in [
        "def f(xs):\n    return dict(x for x in xs)\n",
        "def f(xs):\n    return sorted((x for x in xs), reverse=True)\n",
        "def f(xs):\n    return sum((x for x in xs), 10)\n",
        "def f(xs):\n    return list((lambda: x) for x in xs)\n",
        "def f(xs):\n    sum = len\n    return sum(x for x in xs)\n",
    ] {
        assert!(!generated(src).contains("Collector"), "{src}");
    }
}

#[test]
fn assignment_expressions_in_comprehensions_have_cpythons_errors() {
    for (src, line, message) in [
        (
            "class A:\n    x = [(y := 1) for i in range(2)]\n",
            2,
            "assignment expression within a comprehension cannot be used in a class body",
        ),
        (
            "[(i := 1) for i in range(2)]\n",
            1,
            "assignment expression cannot rebind comprehension iteration variable 'i'",
        ),
        (
            "def f():\n    return list((i := 1) for i in range(2))\n",
            2,
            "assignment expression cannot rebind comprehension iteration variable 'i'",
        ),
    ] {
        let errors = text_errors(src);
        assert_eq!(errors.len(), 1, "{src}: {errors:?}");
        assert!(
            errors[0].starts_with(&format!("File \"prog.py\", line {line}, "))
                && errors[0].ends_with(&format!("SyntaxError: {message}")),
            "{src}: {errors:?}"
        );
    }
}

/// Line hooks only where asked for: `trace` alone before the code (or before the text
/// forms' string or `file`) makes each statement call `line_hook` and each function hold a
/// `LineFrame`; without it the generated code names neither.
#[test]
fn line_hooks_are_generated_only_when_the_block_asks_for_them() {
    let src = "def f(n):\n    return n\nx = f(1)\n";
    let plain = generated(src);
    assert!(!plain.contains("line_hook") && !plain.contains("LineFrame"));
    let hooked = super::expand::expand_with(&ok(src), true).to_string();
    assert_eq!(hooked.matches("line_hook").count(), 3, "{hooked}"); // one per statement
    assert_eq!(hooked.matches("LineFrame :: function").count(), 1);
    assert_eq!(hooked.matches("LineFrame :: module").count(), 1);
    // A generator's body is no `LineFrame` but gives its caller's line back on suspending.
    let generator = super::front_text(&super::source::Text {
        text: "def g():\n    yield 1\n".to_owned(),
        span: proc_macro2::Span::call_site(),
        origin: super::ast::Origin::Rust,
        line_base: 0,
    })
    .unwrap_or_else(|error| panic!("{error}"));
    let plain = super::expand::expand(&generator).to_string();
    assert!(!plain.contains("LineRestoring") && !plain.contains("line_hook"));
    let hooked = super::expand::expand_with(&generator, true).to_string();
    assert_eq!(hooked.matches("LineRestoring :: new").count(), 1);
    assert!(!hooked.contains("LineFrame :: function"));

    let asks = |tokens: &str| super::line_hooks(tokens.parse().unwrap());
    let (on, rest) = asks("trace \"x = 1\"");
    assert!(on);
    assert_eq!(rest.to_string(), "\"x = 1\"");
    let (on, rest) = asks("trace file \"x.py\"");
    assert!(on);
    assert_eq!(rest.to_string(), "file \"x.py\"");
    let (on, rest) = asks("trace\nx = 1");
    assert!(on);
    assert_eq!(rest.to_string(), "x = 1");
    // `trace` as a name of the code, on its first line, is not a request.
    for code in ["trace = 1", "trace(1)", "trace . x = 1", "x = trace"] {
        let (on, rest) = asks(code);
        assert!(!on, "{code}");
        assert_eq!(
            rest.to_string(),
            code.parse::<TokenStream>().unwrap().to_string()
        );
    }
}
