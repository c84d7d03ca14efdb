//! CPython 3.11's wording of a syntax error, from the first error ruff's parser reports.
//!
//! ruff recovers from errors and words them its own way ("Expected a statement");
//! CPython stops at the first one, and its tokenizer finds some errors before its parser
//! does (unmatched brackets, malformed numbers). This module takes ruff's first error and
//! the source, and gives what `compile()` in CPython 3.11 raises: the exception class
//! (`SyntaxError` or `IndentationError`), the message, and the byte offset its
//! `lineno`/`offset` point at. Errors it has no specific text for keep ruff's position
//! and say `invalid syntax`, as CPython's generic error does.

use ruff_python_ast as py;
use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{LexicalErrorType as Lex, ParseError, ParseErrorType, Parsed};
use ruff_text_size::Ranged;

/// A syntax error as CPython reports it.
pub(super) struct CpythonError {
    /// Where `lineno` and `offset` point (a byte offset into the source).
    pub(super) offset: usize,
    /// `SyntaxError` or `IndentationError`.
    pub(super) class: &'static str,
    /// `e.msg`.
    pub(super) message: String,
}

impl CpythonError {
    fn syntax(offset: usize, message: impl Into<String>) -> CpythonError {
        CpythonError {
            offset,
            class: "SyntaxError",
            message: message.into(),
        }
    }

    fn indentation(offset: usize, message: impl Into<String>) -> CpythonError {
        CpythonError {
            offset,
            class: "IndentationError",
            message: message.into(),
        }
    }
}

/// CPython's error for `error`, the first one ruff found in `text`.
pub(super) fn cpython_error(
    text: &str,
    parsed: &Parsed<py::Mod>,
    error: &ParseError,
) -> CpythonError {
    let start = error.location.start().to_usize();
    let end = error.location.end().to_usize();
    let brackets = Brackets::scan(text, parsed);
    // The tokenizer's bracket errors come first when the parser got that far.
    if let Some((at, message)) = &brackets.mismatch
        && *at <= start
    {
        return CpythonError::syntax(*at, message.clone());
    }
    if let Some(found) = tokenizer_number_error(text, start) {
        return found;
    }
    let found = specific(text, parsed, error, start, end)
        .unwrap_or_else(|| CpythonError::syntax(start, "invalid syntax"));
    // A bracket left open at the end replaces the parser's errors when the parser ran
    // into the end of the text, or stopped on a later line than the bracket's (CPython's
    // `_PyPegen_tokenize_full_source_to_check_for_errors`); the tokenizer's own errors
    // stay.
    let from_tokenizer = match &error.error {
        ParseErrorType::Lexical(Lex::Eof) => false,
        ParseErrorType::Lexical(_) => true,
        _ => false,
    };
    match brackets.unclosed {
        Some((at, open))
            if !from_tokenizer
                && (text[end.min(text.len())..].trim().is_empty()
                    || line_of(text, next_code(text, start)) > line_of(text, at)) =>
        {
            CpythonError::syntax(at, format!("'{open}' was never closed"))
        }
        _ => found,
    }
}

/// The errors CPython words its own way, if `error` is one.
fn specific(
    text: &str,
    parsed: &Parsed<py::Mod>,
    error: &ParseError,
    start: usize,
    end: usize,
) -> Option<CpythonError> {
    let found = match &error.error {
        ParseErrorType::Lexical(Lex::IndentationError) => {
            // CPython points past the end of the line.
            let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
            CpythonError::indentation(
                line_end,
                "unindent does not match any outer indentation level",
            )
        }
        ParseErrorType::UnexpectedIndentation => {
            // CPython's offset is the indentation's width (1-based: its last character).
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            let indent = text[line_start..]
                .bytes()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
                .count();
            CpythonError::indentation(line_start + indent.saturating_sub(1), "unexpected indent")
        }
        ParseErrorType::Lexical(Lex::UnclosedStringError) => {
            let rest = &text[start..];
            let quote = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let triple = quote.starts_with("'''") || quote.starts_with("\"\"\"");
            let (what, line) = if triple {
                (
                    "unterminated triple-quoted string literal",
                    line_of(text, text.trim_end().len()),
                )
            } else {
                ("unterminated string literal", line_of(text, start))
            };
            CpythonError::syntax(start, format!("{what} (detected at line {line})"))
        }
        ParseErrorType::Lexical(Lex::LineContinuationError) => CpythonError::syntax(
            start,
            "unexpected character after line continuation character",
        ),
        ParseErrorType::Lexical(Lex::UnrecognizedToken { tok }) => {
            if tok.is_ascii() {
                CpythonError::syntax(start, "invalid syntax")
            } else {
                CpythonError::syntax(
                    start,
                    format!("invalid character '{tok}' (U+{:04X})", u32::from(*tok)),
                )
            }
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Colon,
            found,
        } => {
            let tokens = Neighbours::at(parsed, start);
            if *found == TokenKind::Equal
                && let Some(name) = name_before(text, start)
            {
                CpythonError::syntax(
                    name,
                    "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                )
            } else if matches!(found, TokenKind::Comma | TokenKind::Rbrace)
                && tokens.innermost == Some(TokenKind::Lbrace)
                && let Some(key) = tokens.previous
            {
                CpythonError::syntax(key, "':' expected after dictionary key")
            } else {
                CpythonError::syntax(start, "expected ':'")
            }
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Else,
            ..
        } => {
            // At the start of the conditional expression: the token before its `if`.
            let at = if_expression_start(parsed, start)?;
            CpythonError::syntax(at, "expected 'else' after 'if' expression")
        }
        ParseErrorType::ExpectedToken {
            expected: TokenKind::Comma,
            found,
        } => {
            let tokens = Neighbours::at(parsed, start);
            if found.as_augmented_assign_operator().is_some() {
                // `a, b += 1`: the target is a tuple.
                let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
                let indent = text[line_start..].len() - text[line_start..].trim_start().len();
                CpythonError::syntax(
                    line_start + indent,
                    "'tuple' is an illegal expression for augmented assignment",
                )
            } else if tokens.innermost.is_some()
                && tokens.previous_is_element
                && is_expression_start(*found)
                && let Some(previous) = tokens.previous
            {
                CpythonError::syntax(previous, "invalid syntax. Perhaps you forgot a comma?")
            } else {
                return None;
            }
        }
        ParseErrorType::OtherError(message) => {
            if let Some(clause) = message.strip_prefix("Expected an indented block after ") {
                let line = header_line(text, start);
                CpythonError::indentation(
                    start,
                    format!(
                        "expected an indented block after {} on line {line}",
                        clause_name(clause)
                    ),
                )
            } else if message.starts_with("Expected `except` or `finally`") {
                // At the end of the `try` body's last line.
                let body_end = text[..start].trim_end().len();
                CpythonError::syntax(body_end, "expected 'except' or 'finally' block")
            } else {
                return None;
            }
        }
        ParseErrorType::SimpleStatementsOnSameLine => {
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            let statement = text[line_start..start].trim_start();
            let word = statement.split_whitespace().next().unwrap_or("");
            if (word == "print" || word == "exec") && statement.len() > word.len() {
                CpythonError::syntax(
                    line_start + (text[line_start..start].len() - statement.len()),
                    format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?"),
                )
            } else {
                return None;
            }
        }
        ParseErrorType::InvalidAssignmentTarget => {
            let kind = expr_name(&text[start..end])?;
            let after = text[end..].trim_start_matches([' ', '\t']);
            let one_equal = after.starts_with('=') && !after.starts_with("==");
            let rest_of_line = after.get(1..).unwrap_or("").lines().next().unwrap_or("");
            let plain = matches!(kind, "list" | "tuple" | "generator expression")
                || matches!(kind, "True" | "False" | "None");
            if one_equal && !plain && !has_assignment(rest_of_line) {
                CpythonError::syntax(
                    start,
                    format!("cannot assign to {kind} here. Maybe you meant '==' instead of '='?"),
                )
            } else {
                CpythonError::syntax(start, format!("cannot assign to {kind}"))
            }
        }
        ParseErrorType::InvalidDeleteTarget => CpythonError::syntax(
            start,
            format!("cannot delete {}", expr_name(&text[start..end])?),
        ),
        ParseErrorType::InvalidAugmentedAssignmentTarget => CpythonError::syntax(
            start,
            format!(
                "'{}' is an illegal expression for augmented assignment",
                expr_name(&text[start..end])?
            ),
        ),
        ParseErrorType::NonDefaultParamAfterDefaultParam => {
            CpythonError::syntax(start, "non-default argument follows default argument")
        }
        ParseErrorType::PositionalAfterKeywordArgument => CpythonError::syntax(
            closing_paren(text, end),
            "positional argument follows keyword argument",
        ),
        ParseErrorType::PositionalAfterKeywordUnpacking => CpythonError::syntax(
            closing_paren(text, end),
            "positional argument follows keyword argument unpacking",
        ),
        ParseErrorType::InvalidArgumentUnpackingOrder => CpythonError::syntax(
            start,
            "iterable argument unpacking follows keyword argument unpacking",
        ),
        ParseErrorType::UnparenthesizedGeneratorExpression => {
            CpythonError::syntax(start, "Generator expression must be parenthesized")
        }
        _ => return None,
    };
    Some(found)
}

/// What surrounds the token at an offset.
struct Neighbours {
    /// The innermost bracket open there, if any.
    innermost: Option<TokenKind>,
    /// Where the token before starts.
    previous: Option<usize>,
    /// Whether the token before is a one-token atom (a name, a number, a string) that
    /// starts an element (right after an opening bracket or a comma).
    previous_is_element: bool,
}

impl Neighbours {
    fn at(parsed: &Parsed<py::Mod>, offset: usize) -> Neighbours {
        let mut open = Vec::new();
        let mut before: [Option<(TokenKind, usize)>; 2] = [None, None];
        for token in parsed.tokens().iter() {
            let at = token.range().start().to_usize();
            if at >= offset {
                break;
            }
            match token.kind() {
                kind @ (TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace) => open.push(kind),
                TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                    open.pop();
                }
                _ => {}
            }
            if !token.kind().is_trivia() && token.kind() != TokenKind::NonLogicalNewline {
                before = [before[1], Some((token.kind(), at))];
            }
        }
        let atom = |kind: TokenKind| {
            matches!(
                kind,
                TokenKind::Name | TokenKind::Int | TokenKind::Float | TokenKind::String
            )
        };
        let element_start = |kind: Option<TokenKind>| {
            matches!(
                kind,
                Some(TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace | TokenKind::Comma)
            )
        };
        Neighbours {
            innermost: open.last().copied(),
            previous: before[1].map(|(_, at)| at),
            previous_is_element: before[1].is_some_and(|(kind, _)| atom(kind))
                && element_start(before[0].map(|(kind, _)| kind)),
        }
    }
}

/// Where the conditional expression whose `else` is missing at `offset` starts, when
/// its body is one token (the token before the last `if` before `offset`).
fn if_expression_start(parsed: &Parsed<py::Mod>, offset: usize) -> Option<usize> {
    let mut previous = None;
    let mut found = None;
    for token in parsed.tokens().iter() {
        let at = token.range().start().to_usize();
        if at >= offset {
            break;
        }
        if token.kind() == TokenKind::If {
            found = previous;
        }
        if !token.kind().is_trivia() {
            previous = Some(at);
        }
    }
    found
}

/// Whether a token of this kind can start an expression (an atom).
fn is_expression_start(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Name | TokenKind::Int | TokenKind::Float | TokenKind::String
    )
}

/// The offset of the first character at or after `offset` that is not white space or
/// a comment (where the token the parser stopped on starts).
fn next_code(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with('#') {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return at;
        }
    }
}

/// The 1-based line of `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line of the compound statement whose body was expected at `offset`: the last
/// line before it that holds code.
fn header_line(text: &str, offset: usize) -> usize {
    let before = &text[..offset.min(text.len())];
    before
        .lines()
        .collect::<Vec<_>>()
        .iter()
        .rposition(|content| {
            let code = content.trim();
            !code.is_empty() && !code.starts_with('#')
        })
        .map_or(1, |index| index + 1)
}

/// ruff's name of a clause (`` `for` statement ``) as CPython words it.
fn clause_name(clause: &str) -> String {
    match clause {
        "function definition" => clause.to_owned(),
        "`class` definition" => "class definition".to_owned(),
        _ => {
            let keyword = clause.split('`').nth(1).unwrap_or(clause);
            format!("'{keyword}' statement")
        }
    }
}

/// The start of the name right before the `=` at `offset`, if a name is there.
fn name_before(text: &str, offset: usize) -> Option<usize> {
    let before = text[..offset].trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()?
        .0;
    let name = &before[start..];
    let first = name.chars().next()?;
    (first.is_alphabetic() || first == '_').then_some(start)
}

/// Whether `line` holds an assignment's `=` (not `==`, `<=`, `>=`, `!=`, `:=`, nor an
/// augmented assignment's), outside brackets and strings.
fn has_assignment(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut depth = 0usize;
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'#') => return false,
            (None, b'(' | b'[' | b'{') => depth += 1,
            (None, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b'=') if depth == 0 => {
                let previous = i.checked_sub(1).map(|p| bytes[p]);
                let next = bytes.get(i + 1);
                let joined = matches!(
                    previous,
                    Some(
                        b'=' | b'<'
                            | b'>'
                            | b'!'
                            | b':'
                            | b'+'
                            | b'-'
                            | b'*'
                            | b'/'
                            | b'%'
                            | b'&'
                            | b'|'
                            | b'^'
                            | b'@'
                    )
                );
                if !joined && next != Some(&b'=') {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The offset of the `)` closing the call whose arguments go on at `offset` (CPython
/// reports argument-order errors at the last token it read).
fn closing_paren(text: &str, offset: usize) -> usize {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate().skip(offset) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => return i,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    offset
}

/// CPython's name of the expression `source` (its `_PyPegen_get_expr_name`).
fn expr_name(source: &str) -> Option<&'static str> {
    use py::Expr;
    let parsed = ruff_python_parser::parse_expression(source).ok()?;
    Some(match parsed.expr() {
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Lambda(_) => "lambda",
        Expr::Call(_) => "function call",
        Expr::BoolOp(_) | Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::Generator(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::FString(_) | Expr::TString(_) => "f-string expression",
        Expr::Compare(_) => "comparison",
        Expr::If(_) => "conditional expression",
        Expr::Named(_) => "named expression",
        Expr::NoneLiteral(_) => "None",
        Expr::BooleanLiteral(value) if value.value => "True",
        Expr::BooleanLiteral(_) => "False",
        Expr::EllipsisLiteral(_) => "ellipsis",
        _ => "literal",
    })
}

/// CPython's tokenizer errors for a malformed number at or right before `offset`: ruff
/// reads `1_` or `1a` as a number followed by a name, and `0777` as a bad literal.
fn tokenizer_number_error(text: &str, offset: usize) -> Option<CpythonError> {
    // The number token around `offset`: back over digits, letters, `_` and `.`.
    let bytes = text.as_bytes();
    let mut begin = offset.min(bytes.len());
    while begin > 0
        && (bytes[begin - 1].is_ascii_alphanumeric() || matches!(bytes[begin - 1], b'_' | b'.'))
    {
        begin -= 1;
    }
    if !bytes.get(begin)?.is_ascii_digit() {
        return None;
    }
    let mut end = begin;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'_' | b'.'))
    {
        end += 1;
    }
    if end <= offset && offset != begin {
        return None;
    }
    let word = &text[begin..end];
    if ruff_python_parser::parse_expression(word).is_ok() {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    if let Some(digits) = lower.strip_prefix("0x") {
        // At the `x` when no digit follows, else at the first character that is not one.
        let at = match digits.find(|c: char| !c.is_ascii_hexdigit() && c != '_') {
            _ if digits.is_empty() => begin + 1,
            Some(bad) => begin + 2 + bad,
            None => begin + 2 + digits.len(),
        };
        return Some(CpythonError::syntax(at, "invalid hexadecimal literal"));
    }
    let digits_only = word.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if digits_only && word.starts_with('0') && !word.trim_start_matches(['0', '_']).is_empty() {
        return Some(CpythonError::syntax(
            begin,
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        ));
    }
    // The first character that cannot go on the number (`_` not followed by a digit, a
    // letter); CPython points at it, or at the number when it is a letter.
    let mut at = begin;
    let word_bytes = word.as_bytes();
    for (i, &b) in word_bytes.iter().enumerate() {
        if b == b'_' && !word_bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            at = begin + i;
            break;
        }
        if b.is_ascii_alphabetic() && !matches!(b, b'e' | b'E' | b'j' | b'J') {
            at = begin;
            break;
        }
    }
    Some(CpythonError::syntax(at, "invalid decimal literal"))
}

/// What the tokenizer finds about brackets: the first closing bracket that matches no
/// opening one (with CPython's message), and the innermost bracket left open at the end.
struct Brackets {
    mismatch: Option<(usize, String)>,
    unclosed: Option<(usize, char)>,
}

impl Brackets {
    fn scan(text: &str, parsed: &Parsed<py::Mod>) -> Brackets {
        let mut open: Vec<(usize, char)> = Vec::new();
        let mut mismatch = None;
        // CPython 3.11 reads an f-string as one token: its braces are not brackets.
        let mut fstring = 0usize;
        for token in parsed.tokens().iter() {
            let at = token.range().start().to_usize();
            match token.kind() {
                TokenKind::FStringStart | TokenKind::TStringStart => fstring += 1,
                TokenKind::FStringEnd | TokenKind::TStringEnd => {
                    fstring = fstring.saturating_sub(1)
                }
                _ if fstring > 0 => {}
                TokenKind::Lpar => open.push((at, '(')),
                TokenKind::Lsqb => open.push((at, '[')),
                TokenKind::Lbrace => open.push((at, '{')),
                kind @ (TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace) => {
                    let close = match kind {
                        TokenKind::Rpar => ')',
                        TokenKind::Rsqb => ']',
                        _ => '}',
                    };
                    match open.pop() {
                        None => {
                            mismatch = Some((at, format!("unmatched '{close}'")));
                            break;
                        }
                        Some((_, opened))
                            if matches!((opened, close), ('(', ')') | ('[', ']') | ('{', '}')) => {}
                        Some((opened_at, opened)) => {
                            let opened_line = line_of(text, opened_at);
                            let note = if opened_line == line_of(text, at) {
                                String::new()
                            } else {
                                format!(" on line {opened_line}")
                            };
                            mismatch = Some((
                                at,
                                format!(
                                    "closing parenthesis '{close}' does not match opening \
                                     parenthesis '{opened}'{note}"
                                ),
                            ));
                            break;
                        }
                    }
                }
                _ => {}
            }
        }
        let unclosed = if mismatch.is_none() {
            open.last().copied()
        } else {
            None
        };
        Brackets { mismatch, unclosed }
    }
}
