//! A snapshot drawn as SVG, in the seed's layout: the stack on the left (each frame a
//! stack of name boxes), the heap on the right, arrows from names to objects and from
//! objects to objects.
//!
//! The layout is layered, as a reader of the seed's pictures expects: an object's
//! column is its distance (in references) from the names, so `a -> [1, 2, 3] -> 1` reads
//! left to right. Objects no name leads to (in [`Snapshot::all`](super::Snapshot::all))
//! start columns of their own at the left of the heap. Within a column, objects are put
//! in the order of the objects and names pointing at them (one pass of the barycenter
//! heuristic), which keeps most arrows from crossing. References that go back to an
//! earlier column (cycles, weak references to a parent) are drawn as arcs below the
//! boxes, those within a column as arcs on its left. A frame whose names are one object's
//! references (a block's globals, a `module`) is that object: its box in the heap is the
//! frame, and arrows to it end there.

use std::fmt::Write;

use super::dot::{holders, state};
use super::{EdgeKind, Node, Snapshot};

const CHAR_WIDTH: f64 = 7.2;
const LINE_HEIGHT: f64 = 16.0;
const PAD: f64 = 8.0;
const BOX_HEIGHT: f64 = 2.0 * LINE_HEIGHT + PAD;
const NAME_HEIGHT: f64 = 26.0;
const MARGIN: f64 = 20.0;
const TOP: f64 = 50.0;
const COLUMN_GAP: f64 = 80.0;
const ROW_GAP: f64 = 24.0;

const ARROW: &str = "#333333";
const CYCLE: &str = "#c0392b";
const GARBAGE_FILL: &str = "#e6e6e6";
const GARBAGE_TEXT: &str = "#777777";
const OBJECT_FILL: &str = "#fff8e1";
const NAME_FILL: &str = "#dbe7f6";
const FRAME_STROKE: &str = "#4a6fa5";

/// Where a box is: its left, top and width (all boxes of a kind have one height).
#[derive(Clone, Copy, Default)]
struct Place {
    x: f64,
    y: f64,
    width: f64,
}

/// The SVG document of `snapshot`.
pub(super) fn render(snapshot: &Snapshot) -> String {
    let holders = holders(snapshot);
    let mut svg = Svg::default();
    let (names, frames, stack_right, stack_bottom) = place_names(snapshot, &mut svg.body);
    let heap_left = stack_right + COLUMN_GAP;
    let (mut objects, heap_right, heap_bottom) = place_objects(snapshot, &holders, heap_left);
    // A holder is drawn as its frame: arrows to it end there.
    for (id, frame) in holders.iter().enumerate() {
        if let Some(frame) = frame {
            objects[id] = frames[*frame];
        }
    }

    // Arrows first, so that boxes are drawn over their ends' curves.
    for (root, place) in snapshot.roots.iter().zip(&names) {
        let (x1, y1) = (place.x + place.width, place.y + NAME_HEIGHT / 2.0);
        svg.arrow_to(
            x1,
            y1,
            objects[root.node],
            holders[root.node].is_some(),
            ARROW,
            false,
        );
    }
    for edge in &snapshot.edges {
        // A holder's edges are drawn from its names.
        if holders[edge.from].is_some() {
            continue;
        }
        let (from, to) = (&snapshot.nodes[edge.from], &snapshot.nodes[edge.to]);
        let strong = edge.kind == EdgeKind::Strong;
        let color = if strong && from.cycle.is_some() && from.cycle == to.cycle {
            CYCLE
        } else {
            ARROW
        };
        let (a, b) = (objects[edge.from], objects[edge.to]);
        if edge.from == edge.to {
            svg.self_loop(a, color, !strong);
        } else if b.x > a.x || holders[edge.to].is_some() {
            let (x1, y1) = (a.x + a.width, a.y + BOX_HEIGHT / 2.0);
            let (x1, y1) = if b.x > a.x { (x1, y1) } else { (a.x, y1) };
            svg.arrow_to(x1, y1, b, holders[edge.to].is_some(), color, !strong);
        } else if b.x == a.x {
            svg.arc_left(a, b, color, !strong);
        } else {
            svg.arc_below(a, b, color, !strong);
        }
    }
    for node in &snapshot.nodes {
        if holders[node.id].is_none() {
            svg.object(node, objects[node.id]);
        }
    }

    let legend_top = stack_bottom.max(heap_bottom) + 2.0 * ROW_GAP;
    let legend_bottom = svg.legend(MARGIN, legend_top);
    let width = (heap_right + MARGIN).max(stack_right + MARGIN).max(560.0);
    let height = legend_bottom + MARGIN;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="monospace" font-size="12">"#
    );
    out.push_str("<defs>");
    for (id, color) in [("arrow", ARROW), ("arrow-cycle", CYCLE)] {
        let _ = write!(
            out,
            r#"<marker id="{id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>"#
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="{MARGIN}" y="{:.1}" font-weight="bold" font-size="14">Stack</text>"#,
        TOP - 24.0
    );
    let _ = writeln!(
        out,
        r#"<text x="{heap_left:.1}" y="{:.1}" font-weight="bold" font-size="14">Heap</text>"#,
        TOP - 24.0
    );
    out.push_str(&svg.body);
    out.push_str("</svg>\n");
    out
}

/// Places and draws the frames and their names; returns each root's box, each frame's
/// title box (where arrows to its holder end), the stack's right edge and its bottom.
fn place_names(snapshot: &Snapshot, out: &mut String) -> (Vec<Place>, Vec<Place>, f64, f64) {
    // A frame's title: its name, then the object holding its names, if any.
    let titles: Vec<Vec<String>> = snapshot
        .frames
        .iter()
        .map(|frame| {
            let mut title = Vec::new();
            if !frame.name.is_empty() {
                title.push(frame.name.clone());
            }
            if let Some(holder) = frame.holder {
                let node = &snapshot.nodes[holder];
                title.push(format!("{} · {}", node.type_name, state(node)));
            }
            title
        })
        .collect();
    let widest = snapshot
        .roots
        .iter()
        .map(|root| root.name.chars().count())
        .chain(titles.iter().flatten().map(|line| line.chars().count()))
        .max()
        .unwrap_or(0);
    let width = (widest as f64 * CHAR_WIDTH + 2.0 * PAD).max(60.0);
    let mut places = vec![Place::default(); snapshot.roots.len()];
    let mut frames = Vec::with_capacity(snapshot.frames.len());
    let mut y = TOP;
    for (number, (frame, title)) in snapshot.frames.iter().zip(&titles).enumerate() {
        let top = y;
        frames.push(Place {
            x: MARGIN,
            y: top,
            width: width + 2.0 * PAD,
        });
        y += title.len() as f64 * LINE_HEIGHT + PAD;
        let mut names = String::new();
        for (index, root) in snapshot.roots.iter().enumerate() {
            if root.frame != number {
                continue;
            }
            let place = Place {
                x: MARGIN + PAD,
                y,
                width,
            };
            places[index] = place;
            let _ = writeln!(
                names,
                r#"<g class="root"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{NAME_HEIGHT}" fill="{NAME_FILL}" stroke="{FRAME_STROKE}"/><text x="{:.1}" y="{:.1}">{}</text></g>"#,
                place.x,
                place.y,
                place.width,
                place.x + PAD,
                place.y + NAME_HEIGHT / 2.0 + 4.0,
                escape(&root.name)
            );
            y += NAME_HEIGHT;
        }
        let bottom = y + PAD;
        // A holder in a cycle (a module and its functions) has its frame drawn red.
        let in_cycle = frame
            .holder
            .is_some_and(|holder| snapshot.nodes[holder].cycle.is_some());
        let (class, stroke) = match (frame.holder.is_some(), in_cycle) {
            (false, _) => ("frame", FRAME_STROKE),
            (true, false) => ("frame holder", FRAME_STROKE),
            (true, true) => ("frame holder cycle", CYCLE),
        };
        let _ = writeln!(
            out,
            r#"<g class="{class}"><rect x="{MARGIN}" y="{top:.1}" width="{:.1}" height="{:.1}" rx="6" fill="none" stroke="{stroke}"/>"#,
            width + 2.0 * PAD,
            bottom - top
        );
        for (line, text) in title.iter().enumerate() {
            let (style, size) = if line == 0 && !frame.name.is_empty() {
                (r#" font-style="italic""#, 12)
            } else {
                ("", 10)
            };
            let _ = writeln!(
                out,
                r#"<text x="{:.1}" y="{:.1}" font-size="{size}"{style}>{}</text>"#,
                MARGIN + PAD,
                top + (line + 1) as f64 * LINE_HEIGHT,
                escape(text)
            );
        }
        out.push_str(&names);
        out.push_str("</g>\n");
        y = bottom + ROW_GAP;
    }
    (places, frames, MARGIN + width + 2.0 * PAD, y)
}

/// Places every object but the holders of frames: column by distance from the names,
/// rows in barycenter order. Returns the boxes by id, the heap's right edge and its
/// bottom.
fn place_objects(
    snapshot: &Snapshot,
    holders: &[Option<usize>],
    left: f64,
) -> (Vec<Place>, f64, f64) {
    let count = snapshot.nodes.len();
    let mut successors = vec![Vec::new(); count];
    let mut predecessors = vec![Vec::new(); count];
    for edge in &snapshot.edges {
        if holders[edge.from].is_none() && holders[edge.to].is_none() {
            successors[edge.from].push(edge.to);
            predecessors[edge.to].push(edge.from);
        }
    }
    // Columns: breadth first from the named objects, then from each object not reached.
    let mut column = vec![usize::MAX; count];
    let mut queue = std::collections::VecDeque::new();
    let starts = snapshot.roots.iter().map(|root| root.node).chain(0..count);
    for start in starts {
        if column[start] != usize::MAX || holders[start].is_some() {
            continue;
        }
        column[start] = 0;
        queue.push_back(start);
        while let Some(id) = queue.pop_front() {
            for &next in &successors[id] {
                if column[next] == usize::MAX {
                    column[next] = column[id] + 1;
                    queue.push_back(next);
                }
            }
        }
    }
    let columns = column
        .iter()
        .copied()
        .filter(|&column| column != usize::MAX)
        .max()
        .map_or(0, |last| last + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for id in 0..count {
        if column[id] != usize::MAX {
            members[column[id]].push(id);
        }
    }
    // Rows: the first column in the order of the names, each next one by the mean row of
    // the objects in earlier columns pointing at it.
    let mut row = vec![0.0_f64; count];
    let first_name = |id: usize| {
        snapshot
            .roots
            .iter()
            .position(|root| root.node == id)
            .unwrap_or(usize::MAX)
    };
    for (index, ids) in members.iter_mut().enumerate() {
        if index == 0 {
            ids.sort_by_key(|&id| (first_name(id), id));
        } else {
            let mean = |id: usize| {
                let rows: Vec<f64> = predecessors[id]
                    .iter()
                    .filter(|&&from| column[from] < index)
                    .map(|&from| row[from])
                    .collect();
                if rows.is_empty() {
                    f64::MAX
                } else {
                    rows.iter().sum::<f64>() / rows.len() as f64
                }
            };
            let mut keyed: Vec<(f64, usize)> = ids.iter().map(|&id| (mean(id), id)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *ids = keyed.into_iter().map(|(_, id)| id).collect();
        }
        for (position, &id) in ids.iter().enumerate() {
            row[id] = position as f64;
        }
    }
    let mut places = vec![Place::default(); count];
    let mut x = left;
    let mut bottom = TOP;
    for ids in &members {
        let width = ids
            .iter()
            .map(|&id| box_width(&snapshot.nodes[id]))
            .fold(0.0, f64::max);
        let mut y = TOP;
        for &id in ids {
            places[id] = Place {
                x,
                y,
                width: box_width(&snapshot.nodes[id]),
            };
            y += BOX_HEIGHT + ROW_GAP;
        }
        bottom = bottom.max(y);
        x += width + COLUMN_GAP;
    }
    (places, x - COLUMN_GAP, bottom)
}

fn box_width(node: &Node) -> f64 {
    let (first, second) = texts(node);
    let chars = first.chars().count().max(second.chars().count());
    chars as f64 * CHAR_WIDTH + 2.0 * PAD
}

/// The two lines of an object's box: its label, then its type and state.
fn texts(node: &Node) -> (String, String) {
    (
        node.label.clone(),
        format!("{} · {}", node.type_name, state(node)),
    )
}

/// The drawing under way, in drawing order (later over earlier).
#[derive(Default)]
struct Svg {
    body: String,
}

impl Svg {
    fn path(&mut self, d: &str, color: &str, dashed: bool) {
        let dash = if dashed {
            r#" stroke-dasharray="5,4""#
        } else {
            ""
        };
        let marker = if color == CYCLE {
            "arrow-cycle"
        } else {
            "arrow"
        };
        let _ = writeln!(
            self.body,
            r#"<path d="{d}" fill="none" stroke="{color}" stroke-width="1.3"{dash} marker-end="url(#{marker})"/>"#
        );
    }

    /// An arrow from left to right.
    fn curve(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, color: &str, dashed: bool) {
        let bend = ((x2 - x1) / 2.0).max(20.0);
        let d = format!(
            "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
            x1 + bend,
            x2 - bend
        );
        self.path(&d, color, dashed);
    }

    /// An arrow from `(x1, y1)` to the box `to`: to its left side, or for a frame (the
    /// holder of names, on the left) to its right side, below its title.
    fn arrow_to(&mut self, x1: f64, y1: f64, to: Place, frame: bool, color: &str, dashed: bool) {
        if frame {
            let (x2, y2) = (to.x + to.width, to.y + LINE_HEIGHT);
            let d = format!(
                "M{x1:.1},{y1:.1} C{:.1},{y1:.1} {:.1},{y2:.1} {x2:.1},{y2:.1}",
                x1 - 60.0,
                x2 + 60.0
            );
            self.path(&d, color, dashed);
        } else {
            self.curve(x1, y1, to.x, to.y + BOX_HEIGHT / 2.0, color, dashed);
        }
    }

    /// An arrow from an object back to its own box.
    fn self_loop(&mut self, at: Place, color: &str, dashed: bool) {
        let x = at.x + at.width;
        let (y1, y2) = (at.y + BOX_HEIGHT * 0.25, at.y + BOX_HEIGHT * 0.75);
        let d = format!(
            "M{x:.1},{y1:.1} C{:.1},{:.1} {:.1},{:.1} {x:.1},{y2:.1}",
            x + 40.0,
            y1 - 16.0,
            x + 40.0,
            y2 + 16.0
        );
        self.path(&d, color, dashed);
    }

    /// An arrow to another object of the same column: an arc on their left.
    fn arc_left(&mut self, from: Place, to: Place, color: &str, dashed: bool) {
        let (x, y1, y2) = (from.x, from.y + BOX_HEIGHT * 0.7, to.y + BOX_HEIGHT * 0.3);
        let bend = x - 30.0 - (y1 - y2).abs().min(200.0) / 8.0;
        let d = format!("M{x:.1},{y1:.1} C{bend:.1},{y1:.1} {bend:.1},{y2:.1} {x:.1},{y2:.1}");
        self.path(&d, color, dashed);
    }

    /// An arrow to an object in a column to the left: an arc under both.
    fn arc_below(&mut self, from: Place, to: Place, color: &str, dashed: bool) {
        let (x1, y1) = (from.x + from.width / 2.0, from.y + BOX_HEIGHT);
        let (x2, y2) = (to.x + to.width / 2.0 + 12.0, to.y + BOX_HEIGHT);
        let depth = y1.max(y2) + ROW_GAP * 1.5;
        let d = format!("M{x1:.1},{y1:.1} C{x1:.1},{depth:.1} {x2:.1},{depth:.1} {x2:.1},{y2:.1}");
        self.path(&d, color, dashed);
    }

    /// An object's box: a double border if shared, red if in a cycle, grey if garbage.
    fn object(&mut self, node: &Node, at: Place) {
        let (first, second) = texts(node);
        let mut class = String::from("object");
        let (fill, text, mut stroke, mut extra) = if node.garbage {
            class.push_str(" garbage");
            (
                GARBAGE_FILL,
                GARBAGE_TEXT,
                "#999999",
                r#" stroke-dasharray="4,3""#,
            )
        } else {
            (OBJECT_FILL, "#000000", "#8a6d3b", "")
        };
        let mut width = 1.0;
        if node.cycle.is_some() {
            class.push_str(" cycle");
            stroke = CYCLE;
            width = 2.0;
        }
        if node.is_shared() {
            class.push_str(" shared");
        }
        if node.garbage && node.cycle.is_some() {
            extra = r#" stroke-dasharray="6,3""#;
        }
        let _ = writeln!(
            self.body,
            r#"<g class="{class}" id="n{}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{BOX_HEIGHT}" rx="3" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{extra}/>"#,
            node.id, at.x, at.y, at.width
        );
        if node.is_shared() {
            let _ = writeln!(
                self.body,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="2" fill="none" stroke="{stroke}" stroke-width="{width}"{extra}/>"#,
                at.x + 3.0,
                at.y + 3.0,
                at.width - 6.0,
                BOX_HEIGHT - 6.0
            );
        }
        let _ = writeln!(
            self.body,
            r#"<text x="{:.1}" y="{:.1}" fill="{text}" font-weight="bold">{}</text><text x="{:.1}" y="{:.1}" fill="{text}" font-size="10">{}</text></g>"#,
            at.x + PAD,
            at.y + PAD + 10.0,
            escape(&first),
            at.x + PAD,
            at.y + PAD + LINE_HEIGHT + 10.0,
            escape(&second)
        );
    }

    /// The legend: what each mark means. Returns its bottom.
    fn legend(&mut self, x: f64, top: f64) -> f64 {
        let entries: [(&str, &str, &str, f64, &str); 4] = [
            (
                OBJECT_FILL,
                "#8a6d3b",
                "",
                1.0,
                "an object: label, type, count, generation, block size",
            ),
            (
                OBJECT_FILL,
                CYCLE,
                "",
                2.0,
                "in a reference cycle (red arrows: the cycle's references)",
            ),
            (
                GARBAGE_FILL,
                "#999999",
                r#" stroke-dasharray="4,3""#,
                1.0,
                "garbage: only garbage refers to it, gc.collect() would free it",
            ),
            (
                OBJECT_FILL,
                "#8a6d3b",
                "",
                1.0,
                "shared: two or more references shown (double border)",
            ),
        ];
        let _ = writeln!(
            self.body,
            r#"<g class="legend"><text x="{x:.1}" y="{top:.1}" font-weight="bold">Legend</text>"#
        );
        let mut y = top + 10.0;
        for (index, (fill, stroke, extra, width, text)) in entries.into_iter().enumerate() {
            let _ = writeln!(
                self.body,
                r#"<rect x="{x:.1}" y="{y:.1}" width="28" height="16" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{extra}/>"#
            );
            if index == 3 {
                let _ = writeln!(
                    self.body,
                    r#"<rect x="{:.1}" y="{:.1}" width="22" height="10" fill="none" stroke="{stroke}"/>"#,
                    x + 3.0,
                    y + 3.0
                );
            }
            let _ = writeln!(
                self.body,
                r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                x + 40.0,
                y + 12.0,
                escape(text)
            );
            y += 22.0;
        }
        let _ = writeln!(
            self.body,
            r#"<path d="M{x:.1},{:.1} L{:.1},{:.1}" stroke="{ARROW}" stroke-dasharray="5,4" marker-end="url(#arrow)"/><text x="{:.1}" y="{:.1}">a weak reference (not counted)</text></g>"#,
            y + 8.0,
            x + 28.0,
            y + 8.0,
            x + 40.0,
            y + 12.0
        );
        y + 22.0
    }
}

/// `text` as XML character data or attribute value: markup characters as entities, and
/// the control characters XML 1.0 does not allow as U+FFFD.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{0}"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\u{FFFD}"
        );
    }
}
