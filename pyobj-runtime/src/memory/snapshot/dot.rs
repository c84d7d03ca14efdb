//! A snapshot in Graphviz's DOT language.

use std::fmt::Write;

use super::{EdgeKind, FinalizerState, Node, Snapshot};

/// The DOT text of `snapshot`: names on the left (`rankdir=LR`), one cluster per frame;
/// cycles red, shared objects with a double border, garbage grey and dashed.
pub(super) fn render(snapshot: &Snapshot) -> String {
    let holders = holders(snapshot);
    let mut out = String::from("digraph snapshot {\n");
    out.push_str("  rankdir=LR;\n  compound=true;\n");
    out.push_str("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"monospace\", fontsize=9];\n");
    for (number, frame) in snapshot.frames.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_frame{number} {{");
        let _ = writeln!(out, "    label={};", quote(&frame.name));
        out.push_str("    style=rounded; color=\"#4a6fa5\";\n");
        // The frame's own node: the object holding its names, or an invisible point.
        match frame.holder {
            Some(holder) => {
                let node = &snapshot.nodes[holder];
                let _ = writeln!(
                    out,
                    "    frame{number} [label={}, shape=plaintext];",
                    quote(&lines(node))
                );
            }
            None => {
                let _ = writeln!(out, "    frame{number} [shape=point, style=invis];");
            }
        }
        for (index, root) in snapshot.roots.iter().enumerate() {
            if root.frame == number {
                let _ = writeln!(
                    out,
                    "    root{index} [label={}, style=filled, fillcolor=\"#dbe7f6\"];",
                    quote(&root.name)
                );
            }
        }
        out.push_str("  }\n");
    }
    for node in &snapshot.nodes {
        if holders[node.id].is_none() {
            let _ = writeln!(
                out,
                "  n{} [label={}{}];",
                node.id,
                quote(&lines(node)),
                style(node)
            );
        }
    }
    // An arrow into a holder ends at its frame.
    let arrow = |out: &mut String, from: String, to: usize, weak: bool| {
        let mut attributes = Vec::new();
        let to = match holders[to] {
            Some(frame) => {
                attributes.push(format!("lhead=cluster_frame{frame}"));
                format!("frame{frame}")
            }
            None => format!("n{to}"),
        };
        if weak {
            attributes.push("style=dashed, label=\"weak\"".to_owned());
        }
        if attributes.is_empty() {
            let _ = writeln!(out, "  {from} -> {to};");
        } else {
            let _ = writeln!(out, "  {from} -> {to} [{}];", attributes.join(", "));
        }
    };
    for (index, root) in snapshot.roots.iter().enumerate() {
        arrow(&mut out, format!("root{index}"), root.node, false);
    }
    for edge in &snapshot.edges {
        // A holder's edges are drawn from its names.
        if holders[edge.from].is_none() {
            arrow(
                &mut out,
                format!("n{}", edge.from),
                edge.to,
                edge.kind == EdgeKind::Weak,
            );
        }
    }
    out.push_str("}\n");
    out
}

/// For each node, the frame it holds the names of, if any.
pub(super) fn holders(snapshot: &Snapshot) -> Vec<Option<usize>> {
    let mut holders = vec![None; snapshot.nodes.len()];
    for (number, frame) in snapshot.frames.iter().enumerate() {
        if let Some(holder) = frame.holder {
            holders[holder] = Some(number);
        }
    }
    holders
}

/// The lines of an object's box: type and label, count, state.
pub(super) fn lines(node: &Node) -> String {
    format!("{}: {}\n{}", node.type_name, node.label, state(node))
}

/// The count and the collector's view of an object, in one line:
/// `refcount 2 · gen 0 · 48 B` or `immortal · untracked · 32 B`.
pub(super) fn state(node: &Node) -> String {
    let mut state = if node.is_immortal() {
        String::from("immortal")
    } else {
        format!("refcount {}", node.refcount)
    };
    match node.generation {
        Some(3) => state.push_str(" · permanent"),
        Some(generation) => {
            let _ = write!(state, " · gen {generation}");
        }
        None => state.push_str(" · untracked"),
    }
    let _ = write!(state, " · {} B", node.block_size());
    if node.weak_count > 0 {
        let _ = write!(state, " · {} weak", node.weak_count);
    }
    match node.finalizer {
        FinalizerState::None => {}
        FinalizerState::Pending => state.push_str(" · finalizer"),
        FinalizerState::Finalized => state.push_str(" · finalized"),
    }
    if let Some(cycle) = node.cycle {
        let _ = write!(state, " · cycle {cycle}");
    }
    if node.garbage {
        state.push_str(" · garbage");
    }
    state
}

fn style(node: &Node) -> String {
    let mut style = String::new();
    if node.garbage {
        style.push_str(", style=\"filled,dashed\", fillcolor=\"#e6e6e6\", fontcolor=\"#777777\"");
    }
    if node.cycle.is_some() {
        style.push_str(", color=\"#c0392b\", penwidth=2");
    }
    if node.is_shared() {
        style.push_str(", peripheries=2");
    }
    style
}

/// `text` as a DOT string: quoted, with `"` and `\` escaped and newlines as `\n`.
fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn strings_are_quoted_with_escapes() {
        assert_eq!(quote(r#"'a"b\c'"#), r#""'a\"b\\c'""#);
        assert_eq!(quote("two\nlines"), r#""two\nlines""#);
    }
}
