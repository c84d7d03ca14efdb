//! Snapshots as one web page to step through: for each step, the code with the line just
//! run highlighted, the picture of the heap, the table of its objects, what the program
//! printed so far and what the collector did.
//!
//! The page is self-contained (the pictures are inline SVG, the style and the script are
//! in the page: it loads nothing) and well-formed XML as well as HTML, so that a test can
//! read it with an XML parser. A range slider and buttons (or the arrow keys) move between
//! the steps; the address's fragment names the step shown (`page.html#step=3`), so a step
//! can be linked to. Without the script (or before it runs) every step is shown, one
//! after the other.

use std::fmt::Write;

use super::Snapshot;
use super::dot::state;
use super::svg::escape;

/// One step of a page ([`html_page`]): a caption, a snapshot, and optionally the source
/// with the line just run, the output so far and the collector's events.
#[derive(Clone, Debug)]
pub struct Step {
    caption: String,
    snapshot: Snapshot,
    picture: Option<String>,
    source: String,
    line: Option<usize>,
    output: String,
    events: String,
}

impl Step {
    /// A step showing `snapshot` (its picture and its objects) under `caption`.
    pub fn new(caption: impl Into<String>, snapshot: Snapshot) -> Step {
        Step {
            caption: caption.into(),
            snapshot,
            picture: None,
            source: String::new(),
            line: None,
            output: String::new(),
            events: String::new(),
        }
    }

    /// The program's source, with line `line` (counted from 1) highlighted: the line
    /// that just ran. A `line` of 0 highlights none.
    pub fn source(mut self, text: impl Into<String>, line: usize) -> Step {
        self.source = text.into();
        self.line = (line > 0).then_some(line);
        self
    }

    /// What the program printed so far.
    pub fn output(mut self, text: impl Into<String>) -> Step {
        self.output = text.into();
        self
    }

    /// What the collector did (collections, objects found), as text.
    pub fn events(mut self, text: impl Into<String>) -> Step {
        self.events = text.into();
        self
    }

    /// An SVG document to show instead of the snapshot's own picture (the table still
    /// lists the snapshot's objects): [`Snapshot::chain_svg`], say.
    pub fn picture(mut self, svg: impl Into<String>) -> Step {
        self.picture = Some(svg.into());
        self
    }

    /// The step's snapshot.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }
}

const STYLE: &str = "
body { font-family: sans-serif; margin: 1em 2em; color: #222; }
nav { position: sticky; top: 0; background: #fff; padding: 0.5em 0; border-bottom: 1px solid #ccc; }
nav input { width: 20em; vertical-align: middle; }
.step { border-top: 1px solid #ccc; margin-top: 1em; }
.columns { display: flex; gap: 2em; align-items: flex-start; flex-wrap: wrap; }
.code, pre { font-family: monospace; font-size: 13px; }
.code { background: #f7f7f7; padding: 0.5em; white-space: pre; min-width: 24em; }
.code .line { display: block; }
.code .number { color: #999; display: inline-block; width: 3em; text-align: right; margin-right: 1em; }
.code .current { background: #ffe58a; font-weight: bold; }
.picture { overflow-x: auto; max-width: 100%; }
pre.output, pre.events { background: #f7f7f7; padding: 0.5em; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; font-family: monospace; }
tr.garbage { color: #777; background: #eee; }
tr.cycle td.label { color: #c0392b; }
";

/// Shows one step at a time: the fragment's `step=N`, or the first; the slider, the
/// buttons and the arrow keys move. (No `<` or `&` in it: the page stays well-formed XML.)
const SCRIPT: &str = "
(function () {
  var steps = document.querySelectorAll('section.step');
  var slider = document.getElementById('slider');
  var position = document.getElementById('position');
  function show(n) {
    n = Math.max(1, Math.min(steps.length, n));
    steps.forEach(function (step, index) { step.hidden = index + 1 !== n; });
    slider.value = n;
    position.textContent = 'step ' + n + ' of ' + steps.length;
    document.body.setAttribute('data-current', String(n));
    if (history.replaceState) { history.replaceState(null, '', '#step=' + n); }
  }
  function current() { return Number(slider.value); }
  var wanted = /step=([0-9]+)/.exec(location.hash);
  show(wanted ? Number(wanted[1]) : 1);
  slider.addEventListener('input', function () { show(current()); });
  document.getElementById('prev').addEventListener('click', function () { show(current() - 1); });
  document.getElementById('next').addEventListener('click', function () { show(current() + 1); });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowLeft') { show(current() - 1); }
    if (event.key === 'ArrowRight') { show(current() + 1); }
  });
  window.addEventListener('hashchange', function () {
    var asked = /step=([0-9]+)/.exec(location.hash);
    if (asked) { show(Number(asked[1])); }
  });
})();
";

/// One HTML page titled `title` that steps through `steps` (see the module's
/// documentation): a slider, previous and next buttons, and for each step its caption,
/// the code with its line highlighted, the picture, the objects (id, type, label, count,
/// generation and the rest of their state), the output and the collector's events.
///
/// Each step is a `<section class="step" id="step-N">` (N from 1); its parts have the
/// classes `caption`, `code` (the highlighted line: `line current`), `picture`,
/// `objects`, `output`, `events`.
pub fn html_page(title: &str, steps: &[Step]) -> String {
    let title = escape(title);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body data-current=\"0\">\n<h1>{title}</h1>"
    );
    let _ = writeln!(
        out,
        "<nav><button id=\"prev\" type=\"button\">&#9664; previous</button> <input id=\"slider\" type=\"range\" min=\"1\" max=\"{}\" value=\"1\"/> <button id=\"next\" type=\"button\">next &#9654;</button> <span id=\"position\">{} steps</span></nav>",
        steps.len().max(1),
        steps.len()
    );
    for (index, step) in steps.iter().enumerate() {
        write_step(&mut out, index + 1, step);
    }
    let _ = writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>");
    out
}

fn write_step(out: &mut String, number: usize, step: &Step) {
    let _ = writeln!(
        out,
        "<section class=\"step\" id=\"step-{number}\" data-step=\"{number}\">\n<h2 class=\"caption\">{number}. {}</h2>\n<div class=\"columns\">",
        escape(&step.caption)
    );
    if !step.source.is_empty() {
        out.push_str("<div class=\"code\">");
        for (index, line) in step.source.lines().enumerate() {
            let class = if step.line == Some(index + 1) {
                "line current"
            } else {
                "line"
            };
            let _ = write!(
                out,
                "<span class=\"{class}\" data-line=\"{}\"><span class=\"number\">{}</span>{}</span>",
                index + 1,
                index + 1,
                escape(line)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("<div class=\"picture\">\n");
    match &step.picture {
        Some(svg) => out.push_str(svg),
        None => out.push_str(&step.snapshot.to_svg()),
    }
    out.push_str("</div>\n</div>\n");
    write_objects(out, &step.snapshot);
    for (class, heading, text) in [
        ("output", "Output", &step.output),
        ("events", "Collector", &step.events),
    ] {
        let _ = writeln!(
            out,
            "<h3>{heading}</h3>\n<pre class=\"{class}\">{}</pre>",
            escape(text)
        );
    }
    out.push_str("</section>\n");
}

/// The table of a snapshot's objects, and the count of each type.
fn write_objects(out: &mut String, snapshot: &Snapshot) {
    let counts: Vec<String> = snapshot
        .type_counts()
        .into_iter()
        .map(|(name, count)| format!("{count} {name}"))
        .collect();
    let _ = writeln!(
        out,
        "<h3>Objects</h3>\n<p class=\"counts\">{} object{}: {}</p>\n<table class=\"objects\">\n<tr><th>id</th><th>type</th><th>label</th><th>refcount</th><th>generation</th><th>state</th></tr>",
        snapshot.nodes().len(),
        if snapshot.nodes().len() == 1 { "" } else { "s" },
        escape(&counts.join(", "))
    );
    for node in snapshot.nodes() {
        let mut class = Vec::new();
        if node.garbage {
            class.push("garbage");
        }
        if node.cycle.is_some() {
            class.push("cycle");
        }
        let refcount = if node.is_immortal() {
            "immortal".to_owned()
        } else {
            node.refcount.to_string()
        };
        let generation = match node.generation {
            Some(3) => "permanent".to_owned(),
            Some(generation) => generation.to_string(),
            None => "untracked".to_owned(),
        };
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td class=\"label\">{}</td><td>{refcount}</td><td>{generation}</td><td>{}</td></tr>",
            class.join(" "),
            node.id,
            escape(&node.type_name),
            escape(&node.label),
            escape(&state(node))
        );
    }
    out.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::{Step, html_page};
    use crate::snapshot::Snapshot;

    #[test]
    fn a_page_has_a_slider_and_one_section_per_step_with_its_line_highlighted() {
        let steps = [
            Step::new("first", Snapshot::default()).source("a = 1\nb = a < 2\n", 1),
            Step::new("second & last", Snapshot::default())
                .source("a = 1\nb = a < 2\n", 2)
                .output("True\n")
                .events("0 collections"),
        ];
        let page = html_page("<title>", &steps);
        assert!(page.starts_with("<!DOCTYPE html>\n<html "));
        assert!(page.contains("<title>&lt;title&gt;</title>"));
        assert!(page.contains(r#"<input id="slider" type="range" min="1" max="2" value="1"/>"#));
        assert_eq!(page.matches("<section class=\"step\"").count(), 2);
        assert_eq!(page.matches("<svg ").count(), 2);
        assert!(page.contains(r#"<h2 class="caption">2. second &amp; last</h2>"#));
        assert!(page.contains(
            r#"<span class="line current" data-line="2"><span class="number">2</span>b = a &lt; 2</span>"#
        ));
        assert!(page.contains(
            r#"<pre class="output">True
</pre>"#
        ));
        // The script keeps the page well-formed XML: no `<` or `&` in it.
        let script = &page[page.find("<script>").unwrap() + 8..page.find("</script>").unwrap()];
        assert!(!script.contains('<') && !script.contains('&'));
    }
}
