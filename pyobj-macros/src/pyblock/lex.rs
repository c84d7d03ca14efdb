//! From Rust tokens to Python tokens: comments dropped, punctuation joined into Python's
//! operators, literals read, triple-quoted strings put back together, and the top level cut
//! into logical lines with `NEWLINE`, `INDENT` and `DEDENT` as Python's tokenizer makes them.
//!
//! Rust has already grouped every bracket pair into one token tree, which is exactly
//! Python's rule that brackets join lines: a group spanning several lines is one part of a
//! logical line, and only the top level is cut into lines.

use proc_macro2::{Delimiter, LineColumn, Literal, Spacing, Span, TokenStream, TokenTree};

use super::Errors;
use super::ast::{Constant, IntValue};

/// How deep brackets may nest. CPython's tokenizer takes 200, but parsing each level
/// costs the macro about 16 KiB of stack in a debug build: 100 keeps it well inside the
/// compiler's. (The parser has its own limit on the rest of an expression's nesting.)
pub(crate) const MAX_GROUP_DEPTH: usize = 100;

/// The message for a bracket opened past [`MAX_GROUP_DEPTH`]: CPython's, with the limit.
pub(crate) const TOO_MANY_PARENS: &str =
    "too many nested parentheses (pyblock! allows 100 levels of brackets)";

/// How many levels of indentation CPython's tokenizer refuses (99 are the most it takes).
pub(crate) const MAX_INDENT: usize = 100;

/// CPython's message for a line indented [`MAX_INDENT`] levels deep.
pub(crate) const TOO_MANY_INDENTS: &str = "too many levels of indentation";

/// One Python token.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    /// What it is.
    pub(crate) kind: TokKind,
    /// Its span (for a group: the whole group).
    pub(crate) span: Span,
    /// Where it starts.
    pub(crate) start: LineColumn,
    /// Where it ends.
    pub(crate) end: LineColumn,
}

/// The kinds of Python tokens.
#[derive(Clone, Debug)]
pub(crate) enum TokKind {
    /// An identifier that is not a Python keyword (raw identifiers always are names).
    Name(String),
    /// A Python keyword (including `True`, `False`, `None`).
    Kw(&'static str),
    /// An operator or delimiter, as Python spells it.
    Op(&'static str),
    /// A number.
    Num(Constant),
    /// A string or bytes literal.
    Str(StrTok),
    /// `'name`: a Rust variable.
    RustVar(String),
    /// A bracketed group and its tokens.
    Group {
        /// Which brackets.
        delim: Delimiter,
        /// The tokens inside (comments dropped, no line tokens).
        toks: Vec<Tok>,
        /// The span of the closing bracket.
        close: Span,
    },
    /// End of a logical line.
    Newline,
    /// The next line is indented deeper.
    Indent,
    /// The next line is indented less (one per closed level).
    Dedent,
    /// End of input.
    End,
}

/// A string or bytes literal token.
#[derive(Clone, Debug)]
pub(crate) struct StrTok {
    /// Its value.
    pub(crate) value: Constant,
    /// Written exactly `""` or `b""`: may open or close a triple-quoted string.
    pub(crate) empty_quotes: bool,
}

/// Python's keywords; `match`, `case`, `type` are soft keywords and stay names.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Operators made of several Rust punctuation characters, longest first.
const OPS: &[&str] = &[
    "**=", "<<=", ">>=", "...", "**", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "/=",
    "%=", "&=", "|=", "^=", "@=", "->", ":=", "=>", "&&", "||", "..", "+", "-", "*", "/", "%", "<",
    ">", "=", "!", "~", "&", "|", "^", "@", ".", ",", ":", ";", "#", "$", "?", "'",
];

fn keyword(name: &str) -> Option<&'static str> {
    KEYWORDS.iter().copied().find(|kw| *kw == name)
}

fn op(text: &str) -> Option<&'static str> {
    OPS.iter().copied().find(|op| *op == text)
}

/// The tokens of the top level, cut into logical lines.
pub(crate) struct Lexed {
    /// The tokens, with `Newline`, `Indent`, `Dedent` and a final `End`.
    pub(crate) toks: Vec<Tok>,
    /// Each logical line's tokens' extent, for the `//` check.
    pub(crate) lines: Vec<LineExtent>,
    /// Lines are indented too deeply: the tokens stop before the first such line, and
    /// parsing them would only report consequences.
    pub(crate) too_deep: bool,
}

/// Where a logical line's tokens lie in the source.
#[derive(Clone, Debug)]
pub(crate) struct LineExtent {
    /// Start of its first token.
    pub(crate) start: LineColumn,
    /// End of its last token.
    pub(crate) end: LineColumn,
    /// Each token's start and span, to span an error on a given source line.
    pub(crate) marks: Vec<(LineColumn, Span)>,
}

/// Lexes the whole input of the macro.
pub(crate) fn lex(input: TokenStream, errors: &mut Errors) -> Lexed {
    let toks = convert(input, 0, errors);
    layout(toks, errors)
}

/// Converts one level of token trees (recursing into groups).
fn convert(stream: TokenStream, depth: usize, errors: &mut Errors) -> Vec<Tok> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    let mut toks = Vec::with_capacity(trees.len());
    let mut i = 0;
    while let Some(tree) = trees.get(i) {
        let span = tree.span();
        let (start, end) = (span.start(), span.end());
        match tree {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                // A comment: drop every tree that starts on this line.
                i += 1;
                while let Some(next) = trees.get(i) {
                    let next_start = next.span().start();
                    if next_start.line != start.line {
                        break;
                    }
                    if let TokenTree::Group(group) = next
                        && group.span().end().line != start.line
                    {
                        errors.add(
                            next.span(),
                            format!(
                                "a `#` comment must lex as Rust tokens whose brackets close on \
                                 its line, but this bracket closes on line {}",
                                group.span().end().line
                            ),
                        );
                    }
                    i += 1;
                }
                continue;
            }
            TokenTree::Punct(p) if p.as_char() == '\'' => {
                // `'name`: proc_macro2 gives a lifetime as `'` joint with an identifier.
                if p.spacing() == Spacing::Joint
                    && let Some(TokenTree::Ident(ident)) = trees.get(i + 1)
                {
                    let name = ident.to_string();
                    let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                    toks.push(Tok {
                        kind: TokKind::RustVar(name),
                        span,
                        start,
                        end: ident.span().end(),
                    });
                    i += 2;
                    continue;
                }
                toks.push(Tok {
                    kind: TokKind::Op("'"),
                    span,
                    start,
                    end,
                });
                i += 1;
            }
            TokenTree::Punct(_) => {
                let (op, len, last_span) = join_punct(&trees, i);
                toks.push(Tok {
                    kind: TokKind::Op(op),
                    span,
                    start,
                    end: last_span.end(),
                });
                i += len;
            }
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                let kind = match text.strip_prefix("r#") {
                    Some(raw) => TokKind::Name(raw.to_owned()),
                    None => match keyword(&text) {
                        Some(kw) => TokKind::Kw(kw),
                        None => TokKind::Name(text),
                    },
                };
                toks.push(Tok {
                    kind,
                    span,
                    start,
                    end,
                });
                i += 1;
            }
            TokenTree::Literal(lit) => {
                let text = lit.to_string();
                if let Some(positive) = text.strip_prefix('-') {
                    // A negative literal (only from tokens built by code, never from
                    // source): read it as `-` then the number.
                    toks.push(Tok {
                        kind: TokKind::Op("-"),
                        span,
                        start,
                        end: start,
                    });
                    let kind = number(positive).map_or_else(
                        |message| {
                            errors.add(span, message);
                            TokKind::Num(Constant::None)
                        },
                        TokKind::Num,
                    );
                    toks.push(Tok {
                        kind,
                        span,
                        start,
                        end,
                    });
                    i += 1;
                    continue;
                }
                let kind = match literal(lit) {
                    Ok(kind) => kind,
                    Err(message) => {
                        errors.add(span, message);
                        TokKind::Num(Constant::None)
                    }
                };
                // `.5`: Rust lexes `.` then `5`.
                if let TokKind::Num(Constant::Int(_)) = &kind
                    && let Some(prev) = toks.last()
                    && matches!(prev.kind, TokKind::Op("."))
                    && prev.end == start
                    && lit
                        .to_string()
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'_')
                {
                    let text = format!("0.{}", lit.to_string().replace('_', ""));
                    let value = text.parse::<f64>().unwrap_or(0.0);
                    if let Some(prev) = toks.last_mut() {
                        prev.kind = TokKind::Num(Constant::Float(value));
                        prev.end = end;
                    }
                    i += 1;
                    continue;
                }
                if let TokKind::Str(_) = &kind
                    && let Some(prev) = toks.last()
                    && prev.end == start
                    && let TokKind::Name(prefix) = &prev.kind
                    && matches!(
                        prefix.to_ascii_lowercase().as_str(),
                        "f" | "rf" | "fr" | "bf" | "fb"
                    )
                {
                    errors.add(
                        prev.span,
                        "pyblock! does not support f-strings: build the text with `+` and \
                         `str(...)`, as in `\"x = \" + str(x)`",
                    );
                    // Read on as if the prefix were not there.
                    toks.pop();
                }
                toks.push(Tok {
                    kind,
                    span,
                    start,
                    end,
                });
                i += 1;
            }
            TokenTree::Group(group) => {
                let inner = if depth >= MAX_GROUP_DEPTH {
                    errors.add(group.span_open(), TOO_MANY_PARENS);
                    Vec::new()
                } else {
                    convert(group.stream(), depth + 1, errors)
                };
                let delim = group.delimiter();
                if delim == Delimiter::None {
                    // An invisible group (from a `macro_rules!` fragment): its tokens are
                    // part of the line as if written there.
                    toks.extend(inner);
                } else {
                    toks.push(Tok {
                        kind: TokKind::Group {
                            delim,
                            toks: inner,
                            close: group.span_close(),
                        },
                        span,
                        start,
                        end,
                    });
                }
                i += 1;
            }
        }
    }
    join_triple_quotes(toks, errors)
}

/// The longest operator starting at `trees[i]`: joint punctuation characters only.
fn join_punct(trees: &[TokenTree], i: usize) -> (&'static str, usize, Span) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut j = i;
    while let Some(TokenTree::Punct(p)) = trees.get(j) {
        if p.as_char() == '\'' || (p.as_char() == '#' && j > i) {
            break;
        }
        text.push(p.as_char());
        spans.push(p.span());
        j += 1;
        if p.spacing() != Spacing::Joint || text.len() == 3 {
            break;
        }
    }
    for len in (1..=text.len()).rev() {
        if let (Some(prefix), Some(span)) = (text.get(..len), spans.get(len - 1))
            && let Some(op) = op(prefix)
        {
            return (op, len, *span);
        }
    }
    let span = trees.get(i).map_or_else(Span::call_site, TokenTree::span);
    // A character Python has no operator for: keep it as `$`, which no rule accepts.
    ("$", 1, span)
}

/// Joins `""` `"x"` `""` (how Rust lexes `"""x"""`) back into one string; touching
/// literals inside such a run stand for `""` in the text.
fn join_triple_quotes(toks: Vec<Tok>, errors: &mut Errors) -> Vec<Tok> {
    if !toks
        .iter()
        .any(|tok| matches!(&tok.kind, TokKind::Str(s) if s.empty_quotes))
    {
        return toks;
    }
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut iter = toks.into_iter().peekable();
    while let Some(tok) = iter.next() {
        let opens = matches!(&tok.kind, TokKind::Str(s) if s.empty_quotes);
        if !opens {
            out.push(tok);
            continue;
        }
        // Gather the run of touching string literals.
        let mut run = vec![tok];
        while let Some(next) = iter.peek() {
            let touching = run.last().is_some_and(|last| last.end == next.start);
            if touching && matches!(next.kind, TokKind::Str(_)) {
                if let Some(next) = iter.next() {
                    run.push(next);
                }
            } else {
                break;
            }
        }
        let closes = run.len() >= 3
            && run
                .last()
                .is_some_and(|last| matches!(&last.kind, TokKind::Str(s) if s.empty_quotes));
        if !closes {
            out.extend(run);
            continue;
        }
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            continue;
        };
        let bytes = matches!(&first.kind, TokKind::Str(s) if matches!(s.value, Constant::Bytes(_)));
        let mut text = String::new();
        let middle = run.get(1..run.len() - 1).unwrap_or_default();
        for (k, part) in middle.iter().enumerate() {
            if k > 0 {
                text.push_str("\"\"");
            }
            match &part.kind {
                TokKind::Str(StrTok {
                    value: Constant::Str(s),
                    ..
                }) => text.push_str(s),
                _ => errors.add(part.span, "cannot mix bytes and nonbytes literals"),
            }
        }
        let value = if bytes {
            if !text.is_ascii() {
                errors.add(
                    first.span,
                    "bytes can only contain ASCII literal characters",
                );
            }
            Constant::Bytes(text.into_bytes())
        } else {
            Constant::Str(text)
        };
        out.push(Tok {
            kind: TokKind::Str(StrTok {
                value,
                empty_quotes: false,
            }),
            span: first.span,
            start: first.start,
            end: last.end,
        });
    }
    out
}

/// Reads one Rust literal as a Python literal.
fn literal(lit: &Literal) -> Result<TokKind, String> {
    let text = lit.to_string();
    let first = text.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        return number(&text).map(TokKind::Num);
    }
    let (bytes, rest) = match text.strip_prefix('b') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    if rest.starts_with('c') || text.starts_with('c') {
        return Err("pyblock! does not support C string literals".into());
    }
    let empty_quotes = rest == "\"\"";
    let value = if let Some(raw) = rest.strip_prefix('r') {
        let hashes = raw.bytes().take_while(|b| *b == b'#').count();
        let close = format!("\"{}", "#".repeat(hashes));
        let body = raw
            .get(hashes..)
            .and_then(|s| s.strip_prefix('"'))
            .and_then(|s| s.strip_suffix(close.as_str()));
        match body {
            Some(body) => body.to_owned(),
            None => return Err(suffix_error()),
        }
    } else if let Some(quoted) = rest.strip_prefix('"') {
        let Some(body) = quoted.strip_suffix('"') else {
            return Err(suffix_error());
        };
        unescape(body).ok_or_else(|| "invalid escape in string literal".to_owned())?
    } else if let Some(quoted) = rest.strip_prefix('\'') {
        // A one-character `'c'` is a one-character string.
        let Some(body) = quoted.strip_suffix('\'') else {
            return Err(suffix_error());
        };
        unescape(body).ok_or_else(|| "invalid escape in character literal".to_owned())?
    } else {
        return Err("invalid syntax".into());
    };
    let value = if bytes {
        if !value.is_ascii() {
            return Err("bytes can only contain ASCII literal characters".into());
        }
        Constant::Bytes(value.into_bytes())
    } else {
        Constant::Str(value)
    };
    Ok(TokKind::Str(StrTok {
        value,
        empty_quotes,
    }))
}

fn suffix_error() -> String {
    "pyblock! does not support literal suffixes".into()
}

/// Processes Rust's escapes (`\n \r \t \\ \0 \' \" \xHH \u{H}`, and `\` at the end of a
/// line, which skips the line break and the next line's leading whitespace).
fn unescape(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '\\' => out.push('\\'),
            '0' => out.push('\0'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let hi = chars.next()?.to_digit(16)?;
                let lo = chars.next()?.to_digit(16)?;
                out.push(char::from_u32(hi * 16 + lo)?);
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut value: u32 = 0;
                loop {
                    let c = chars.next()?;
                    if c == '}' {
                        break;
                    }
                    if c == '_' {
                        continue;
                    }
                    value = value.checked_mul(16)?.checked_add(c.to_digit(16)?)?;
                }
                out.push(char::from_u32(value)?);
            }
            '\n' | '\r' => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Reads an integer or float literal with Python's rules (Rust lexes a superset).
pub(crate) fn number(text: &str) -> Result<Constant, String> {
    let bytes = text.as_bytes();
    if let (Some(b'0'), Some(&p)) = (bytes.first(), bytes.get(1))
        && matches!(p.to_ascii_lowercase(), b'x' | b'o' | b'b')
    {
        let (radix, kind) = match p.to_ascii_lowercase() {
            b'x' => (16, "hexadecimal"),
            b'o' => (8, "octal"),
            _ => (2, "binary"),
        };
        let digits = text.get(2..).unwrap_or("");
        if let Some(bad) = digits
            .chars()
            .find(|c| *c != '_' && c.is_ascii_digit() && !c.is_digit(radix))
        {
            return Err(format!("invalid digit '{bad}' in {kind} literal"));
        }
        let valid = !digits.is_empty()
            && digits.chars().all(|c| c == '_' || c.is_digit(radix))
            && !digits.ends_with('_')
            && !digits.contains("__");
        if !valid {
            return Err(format!("invalid {kind} literal"));
        }
        return Ok(Constant::Int(int_value(&digits.replace('_', ""), radix)));
    }
    // Decimal: int part, optional fraction, optional exponent, then nothing.
    let mut pos = 0;
    let digits = |pos: &mut usize| {
        let from = *pos;
        while bytes
            .get(*pos)
            .is_some_and(|b| b.is_ascii_digit() || *b == b'_')
        {
            *pos += 1;
        }
        text.get(from..*pos).unwrap_or("")
    };
    let int_part = digits(&mut pos);
    let mut is_float = false;
    let mut parts = vec![int_part];
    if bytes.get(pos) == Some(&b'.') {
        is_float = true;
        pos += 1;
        let frac = digits(&mut pos);
        if !frac.is_empty() {
            parts.push(frac);
        }
    }
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        let save = pos;
        pos += 1;
        if matches!(bytes.get(pos), Some(b'+' | b'-')) {
            pos += 1;
        }
        let exp = digits(&mut pos);
        if exp.is_empty() {
            pos = save;
        } else {
            is_float = true;
            parts.push(exp);
        }
    }
    let suffix = text.get(pos..).unwrap_or("");
    if suffix == "j" || suffix == "J" {
        return Err("pyblock! does not support complex numbers".into());
    }
    let underscores_ok = parts
        .iter()
        .all(|part| !part.starts_with('_') && !part.ends_with('_') && !part.contains("__"));
    if !suffix.is_empty() || !underscores_ok {
        return Err("invalid decimal literal".into());
    }
    let clean = text.replace('_', "");
    if is_float {
        return clean
            .parse::<f64>()
            .map(Constant::Float)
            .map_err(|_| "invalid decimal literal".into());
    }
    if clean.len() > 1 && clean.starts_with('0') && clean.bytes().any(|b| b != b'0') {
        return Err(
            "leading zeros in decimal integer literals are not permitted; use an 0o \
                    prefix for octal integers"
                .into(),
        );
    }
    Ok(Constant::Int(int_value(&clean, 10)))
}

fn int_value(digits: &str, radix: u32) -> IntValue {
    match i64::from_str_radix(digits, radix) {
        Ok(value) => IntValue::Small(value),
        Err(_) => {
            let trimmed = digits.trim_start_matches('0');
            IntValue::Big {
                radix,
                digits: if trimmed.is_empty() { "0" } else { trimmed }.to_ascii_lowercase(),
            }
        }
    }
}

/// Cuts the top level into logical lines and adds Python's line tokens.
fn layout(toks: Vec<Tok>, errors: &mut Errors) -> Lexed {
    let mut out = Vec::with_capacity(toks.len() + 16);
    let mut lines = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut prev: Option<(LineColumn, Span)> = None;
    let mut current: Option<LineExtent> = None;
    let mut too_deep = false;
    for tok in toks {
        let new_line = prev.is_none_or(|(end, _)| tok.start.line > end.line);
        if new_line {
            if let Some((end, span)) = prev {
                out.push(Tok {
                    kind: TokKind::Newline,
                    span,
                    start: end,
                    end,
                });
            }
            if let Some(line) = current.take() {
                lines.push(line);
            }
            let column = tok.start.column;
            match stack.last().copied() {
                None => stack.push(column),
                Some(top) if column > top => {
                    if stack.len() >= MAX_INDENT {
                        // As CPython's tokenizer, stop at the line.
                        errors.add(tok.span, TOO_MANY_INDENTS);
                        too_deep = true;
                        break;
                    }
                    stack.push(column);
                    out.push(line_tok(TokKind::Indent, &tok));
                }
                Some(top) if column < top => {
                    while stack.last().is_some_and(|top| column < *top) && stack.len() > 1 {
                        stack.pop();
                        out.push(line_tok(TokKind::Dedent, &tok));
                    }
                    if stack.last() != Some(&column) {
                        errors.add(
                            tok.span,
                            "unindent does not match any outer indentation level",
                        );
                    }
                }
                Some(_) => {}
            }
            current = Some(LineExtent {
                start: tok.start,
                end: tok.end,
                marks: Vec::new(),
            });
        }
        if let Some(line) = &mut current {
            line.end = tok.end;
            mark(&mut line.marks, &tok);
        }
        prev = Some((tok.end, tok.span));
        out.push(tok);
    }
    let (end, span) = prev.unwrap_or((LineColumn { line: 0, column: 0 }, Span::call_site()));
    if prev.is_some() && !too_deep {
        out.push(Tok {
            kind: TokKind::Newline,
            span,
            start: end,
            end,
        });
    }
    if let Some(line) = current.take() {
        lines.push(line);
    }
    for _ in 1..stack.len() {
        out.push(Tok {
            kind: TokKind::Dedent,
            span,
            start: end,
            end,
        });
    }
    out.push(Tok {
        kind: TokKind::End,
        span,
        start: end,
        end,
    });
    Lexed {
        toks: out,
        lines,
        too_deep,
    }
}

/// Records where `tok` and the tokens inside it start, in source order.
fn mark(marks: &mut Vec<(LineColumn, Span)>, tok: &Tok) {
    let mut stack = vec![tok];
    while let Some(tok) = stack.pop() {
        marks.push((tok.start, tok.span));
        if let TokKind::Group { toks, .. } = &tok.kind {
            stack.extend(toks.iter().rev());
        }
    }
}

fn line_tok(kind: TokKind, at: &Tok) -> Tok {
    Tok {
        kind,
        span: at.span,
        start: at.start,
        end: at.start,
    }
}

/// Where Python source text can be read, to find the `//` Rust dropped as a comment.
pub(crate) struct Source<'a> {
    /// The text of the file the tokens' lines refer to, when it can be read.
    pub(crate) text: Option<&'a str>,
    /// Where the macro invocation ends: text after it is Rust, not the block.
    pub(crate) end: Option<LineColumn>,
}

/// The message for a `//` found in a line of the block.
pub(crate) const FLOOR_DIV: &str = "pyblock! cannot see `//`: Rust drops the rest of the line as \
     a comment; write `floordiv(a, b)` instead of `a // b`, and `a = floordiv(a, b)` instead \
     of `a //= b`";

/// Looks for `//` outside strings in each logical line's source, and in the source text of
/// every multi-line group when the file cannot be read.
pub(crate) fn floor_division(lexed: &Lexed, source: &Source<'_>, top: &[Tok], errors: &mut Errors) {
    if let Some(text) = source.text {
        let file_lines: Vec<&str> = text.lines().collect();
        for line in &lexed.lines {
            let first = line.start.line.saturating_sub(1);
            let last = line.end.line.saturating_sub(1);
            let mut scanned = String::new();
            for (index, text) in file_lines.iter().enumerate().take(last + 1).skip(first) {
                let mut text: String = (*text).to_owned();
                if let Some(end) = source.end
                    && end.line == index + 1
                {
                    text = text.chars().take(end.column).collect();
                }
                if index == first {
                    text = text.chars().skip(line.start.column).collect();
                }
                scanned.push_str(&text);
                scanned.push('\n');
            }
            if let Some(offset_line) = find_floor_div(&scanned) {
                let at_line = line.start.line + offset_line;
                let span = line
                    .marks
                    .iter()
                    .rev()
                    .find(|(start, _)| start.line == at_line)
                    .or_else(|| {
                        line.marks
                            .iter()
                            .rev()
                            .find(|(start, _)| start.line < at_line)
                    })
                    .or(line.marks.first())
                    .map_or_else(Span::call_site, |(_, span)| *span);
                errors.add(span, FLOOR_DIV);
            }
        }
    } else {
        let mut stack: Vec<&Tok> = top.iter().collect();
        while let Some(tok) = stack.pop() {
            if let TokKind::Group { toks, .. } = &tok.kind {
                if tok.start.line != tok.end.line
                    && let Some(text) = tok.span.source_text()
                    && find_floor_div(&text).is_some()
                {
                    errors.add(tok.span, FLOOR_DIV);
                    continue;
                }
                stack.extend(toks.iter());
            }
        }
    }
}

/// The line (0-based, within `text`) of the first `//` outside strings and `#` comments.
fn find_floor_div(text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut line = 0;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = at(i);
        match c {
            '\n' => line += 1,
            '#' => {
                while i < chars.len() && at(i) != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if at(i + 1) == '/' => return Some(line),
            '/' if at(i + 1) == '*' => {
                // A Rust block comment: skip it, it is not `//`.
                i += 2;
                while i < chars.len() && !(at(i) == '*' && at(i + 1) == '/') {
                    if at(i) == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i += 2;
                continue;
            }
            'r' if !at(i.wrapping_sub(1)).is_alphanumeric()
                && at(i.wrapping_sub(1)) != '_'
                && (at(i + 1) == '"' || at(i + 1) == '#') =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while at(j) == '#' {
                    hashes += 1;
                    j += 1;
                }
                if at(j) == '"' {
                    j += 1;
                    loop {
                        if j >= chars.len() {
                            return None;
                        }
                        if at(j) == '\n' {
                            line += 1;
                        }
                        if at(j) == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                            j += 1 + hashes;
                            break;
                        }
                        j += 1;
                    }
                    i = j;
                    continue;
                }
            }
            '"' => {
                i += 1;
                while i < chars.len() && at(i) != '"' {
                    if at(i) == '\\' {
                        i += 1;
                    }
                    if at(i) == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
            '\'' => {
                // A char literal `'c'` or `'\n'`; otherwise a lifetime's quote.
                if at(i + 1) == '\\' {
                    i += 2;
                    while i < chars.len() && at(i) != '\'' && at(i) != '\n' {
                        i += 1;
                    }
                } else if at(i + 2) == '\'' {
                    i += 2;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
