//! Which traces a snapshot keeps (`Snapshot.filter_traces`): CPython's `Filter` (by file
//! name pattern, line, and domain) and `DomainFilter`, with `fnmatch`'s patterns.
//!
//! A filter *matches* a trace when the trace passes it: an inclusive filter when the
//! trace is what it names, an exclusive one when the trace is not. The snapshot keeps a
//! trace that some inclusive filter matches (when there is one) and every exclusive filter
//! matches.

use super::{Site, Trace};

/// Keeps (inclusive) or drops (exclusive) the traces made in files whose name matches a
/// pattern, optionally at one line and of one domain (`tracemalloc.Filter`).
///
/// The pattern is `fnmatch`'s: `*` any run of characters (`/` included), `?` any one,
/// `[seq]` one of `seq` (ranges such as `a-z` allowed), `[!seq]` one not in it; a
/// trailing `.pyc` of the pattern or the file name is read as `.py`, as CPython does.
/// Only the innermost frame is tested, unless [`all_frames`](Filter::all_frames) is set.
///
/// ```
/// use pyobj::tracemalloc::{Filter, Site, Trace, Traceback};
///
/// let trace = |file, line| Trace {
///     domain: 0,
///     size: 32,
///     traceback: Traceback::from(Site { file, line }),
/// };
/// let filter = Filter::new(true, "*/leaky_[a-z]*.py").lineno(3);
/// assert!(filter.matches(&trace("src/leaky_cache.py", 3)));
/// assert!(!filter.matches(&trace("src/leaky_cache.py", 4)));
/// assert!(!filter.matches(&trace("src/leaky_2.py", 3)));
/// assert!(!Filter::new(false, "*.py").matches(&trace("src/leaky_cache.py", 3)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    inclusive: bool,
    filename_pattern: String,
    lineno: Option<u32>,
    all_frames: bool,
    domain: Option<u64>,
}

impl Filter {
    /// A filter of the files matching `filename_pattern`, any line, any domain, the
    /// innermost frame only.
    pub fn new(inclusive: bool, filename_pattern: &str) -> Filter {
        Filter {
            inclusive,
            filename_pattern: normalize(filename_pattern).to_owned(),
            lineno: None,
            all_frames: false,
            domain: None,
        }
    }

    /// Only the frames at line `lineno`.
    #[must_use]
    pub fn lineno(mut self, lineno: u32) -> Filter {
        self.lineno = Some(lineno);
        self
    }

    /// Tests every frame of a traceback (some must match), not only the innermost.
    #[must_use]
    pub fn all_frames(mut self, all_frames: bool) -> Filter {
        self.all_frames = all_frames;
        self
    }

    /// Only the traces of `domain`.
    #[must_use]
    pub fn domain(mut self, domain: u64) -> Filter {
        self.domain = Some(domain);
        self
    }

    /// Whether it keeps what it names (`True`) or drops it.
    pub fn is_inclusive(&self) -> bool {
        self.inclusive
    }

    /// The pattern, with a trailing `.pyc` read as `.py` (`Filter.filename_pattern`).
    pub fn filename_pattern(&self) -> &str {
        &self.filename_pattern
    }

    /// The line, if only one.
    pub fn line(&self) -> Option<u32> {
        self.lineno
    }

    /// Whether every frame is tested.
    pub fn tests_all_frames(&self) -> bool {
        self.all_frames
    }

    /// The domain, if only one.
    pub fn only_domain(&self) -> Option<u64> {
        self.domain
    }

    /// Whether the frame is one the filter names (inclusive or not).
    fn names(&self, site: Site) -> bool {
        fnmatch(normalize(site.file), &self.filename_pattern)
            && self.lineno.is_none_or(|line| line == site.line)
    }

    /// Whether `trace` passes this filter.
    pub fn matches(&self, trace: &Trace) -> bool {
        let frames = trace.traceback.frames();
        let named = if self.all_frames {
            frames.iter().any(|&site| self.names(site))
        } else {
            self.names(frames[0])
        };
        let passes = named == self.inclusive;
        match self.domain {
            None => passes,
            Some(domain) if self.inclusive => passes && trace.domain == domain,
            Some(domain) => passes || trace.domain != domain,
        }
    }
}

/// Keeps (inclusive) or drops (exclusive) the traces of one domain
/// (`tracemalloc.DomainFilter`). pyobj's traces are all of domain 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DomainFilter {
    /// Whether it keeps the domain's traces (`true`) or drops them.
    pub inclusive: bool,
    /// The domain.
    pub domain: u64,
}

impl DomainFilter {
    /// Whether `trace` passes this filter.
    pub fn matches(&self, trace: &Trace) -> bool {
        (trace.domain == self.domain) == self.inclusive
    }
}

/// One of the filters [`Snapshot::filter_traces`](super::Snapshot::filter_traces) takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceFilter {
    /// By file, line and domain.
    Filter(Filter),
    /// By domain.
    Domain(DomainFilter),
}

impl TraceFilter {
    /// Whether it keeps what it names.
    pub fn inclusive(&self) -> bool {
        match self {
            TraceFilter::Filter(filter) => filter.inclusive,
            TraceFilter::Domain(filter) => filter.inclusive,
        }
    }

    /// Whether `trace` passes it.
    pub fn matches(&self, trace: &Trace) -> bool {
        match self {
            TraceFilter::Filter(filter) => filter.matches(trace),
            TraceFilter::Domain(filter) => filter.matches(trace),
        }
    }
}

impl From<Filter> for TraceFilter {
    fn from(filter: Filter) -> TraceFilter {
        TraceFilter::Filter(filter)
    }
}

impl From<DomainFilter> for TraceFilter {
    fn from(filter: DomainFilter) -> TraceFilter {
        TraceFilter::Domain(filter)
    }
}

/// A file name as CPython's filters compare it: `x.pyc` is `x.py` (its `normcase` does
/// nothing on POSIX systems).
fn normalize(name: &str) -> &str {
    name.strip_suffix(".pyc")
        .map_or(name, |stem| &name[..stem.len() + 3])
}

/// One piece of a pattern.
enum Piece {
    /// `*`.
    Any,
    /// `?`.
    One,
    /// `[...]`: one character of these ranges, or (negated) of none of them.
    Class(bool, Vec<(char, char)>),
    /// Itself.
    Char(char),
}

/// The pieces of an `fnmatch` pattern. A `[` without its `]` is itself; in a class, a
/// `]` right after `[` or `[!` is one of its characters, a `-` between two characters
/// a range (a reversed one matches nothing), anywhere else itself.
fn pieces(pattern: &str) -> Vec<Piece> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '*' => {
                if !matches!(pieces.last(), Some(Piece::Any)) {
                    pieces.push(Piece::Any);
                }
            }
            '?' => pieces.push(Piece::One),
            '[' => {
                let mut j = i;
                if chars.get(j) == Some(&'!') {
                    j += 1;
                }
                if chars.get(j) == Some(&']') {
                    j += 1;
                }
                let Some(close) = chars[j.min(chars.len())..].iter().position(|&c| c == ']') else {
                    pieces.push(Piece::Char('['));
                    continue;
                };
                let end = j + close;
                let negated = chars.get(i) == Some(&'!');
                let body = &chars[i + usize::from(negated)..end];
                let mut ranges = Vec::new();
                let mut k = 0;
                while k < body.len() {
                    if k + 2 < body.len() && body[k + 1] == '-' {
                        ranges.push((body[k], body[k + 2]));
                        k += 3;
                    } else {
                        ranges.push((body[k], body[k]));
                        k += 1;
                    }
                }
                pieces.push(Piece::Class(negated, ranges));
                i = end + 1;
            }
            c => pieces.push(Piece::Char(c)),
        }
    }
    pieces
}

impl Piece {
    /// Whether this piece (not `*`) takes `c`.
    fn takes(&self, c: char) -> bool {
        match self {
            Piece::Any | Piece::One => true,
            Piece::Char(own) => *own == c,
            Piece::Class(negated, ranges) => {
                ranges.iter().any(|&(low, high)| low <= c && c <= high) != *negated
            }
        }
    }
}

/// Whether all of `name` matches `pattern` (`fnmatch.fnmatchcase`): the pieces in order,
/// a `*` taking as few characters as it can and one more each time what follows fails.
pub(crate) fn fnmatch(name: &str, pattern: &str) -> bool {
    let pieces = pieces(pattern);
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    // The last `*` seen and the character where what follows it was tried.
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pieces.get(p) {
            Some(Piece::Any) => {
                star = Some((p, n));
                p += 1;
            }
            Some(piece) if piece.takes(name[n]) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((at, from)) => {
                    p = at + 1;
                    n = from + 1;
                    star = Some((at, from + 1));
                }
                None => return false,
            },
        }
    }
    pieces[p..].iter().all(|piece| matches!(piece, Piece::Any))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_fnmatch_matches_them() {
        // Each from CPython 3.11: fnmatch.fnmatchcase(name, pattern).
        let cases = [
            ("a/b/x.py", "*.py", true),
            ("a/b/x.py", "x.py", false),
            ("a/b/x.py", "*/x.p?", true),
            ("a/b/x.py", "*x.p[xy]", true),
            ("a/b/x.py", "*x.p[!y]", false),
            ("a/b/x.py", "*[a-c]/x.py", true),
            ("a/b/x.py", "*[c-a]/x.py", false),
            ("a]", "[]]]", false),
            ("]", "[]]", true),
            ("[x", "[x", true),
            ("a-", "a[-]", true),
            ("ab", "a[!]]", true),
            ("", "*", true),
            ("abc", "a**c", true),
            ("abcabd", "*ab?", true),
            ("x.py", "x.py*", true),
            ("a", "[!c-a]", true),
            ("b", "[a-]", false),
            ("-", "[a-]", true),
        ];
        for (name, pattern, expected) in cases {
            assert_eq!(fnmatch(name, pattern), expected, "{name} {pattern}");
        }
        assert_eq!(normalize("x.pyc"), "x.py");
        assert_eq!(Filter::new(true, "a/x.pyc").filename_pattern(), "a/x.py");
    }
}
