//! How diagrams look: shapes and colours of node kinds, colours of relation families, line
//! styles of confidence levels, page sizes (size, resolution, fonts, wrapping) and the Graphviz
//! layout engines.

use crate::views::diagram::{DiagramShape, NodeStyle};

/// Graphviz layout engines. The DOT names the one it was made for (`layout=`), so `dot -Tpng`
/// lays it out with that engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Layered, for paths and chains.
    Dot,
    /// Spring model, for neighbourhoods (the subject pinned in the middle).
    Neato,
    /// Multiscale spring model, for large graphs.
    Sfdp,
    /// Spring model that keeps clusters.
    Fdp,
    /// Radial, the subject in the middle and each step out one ring further.
    Twopi,
    /// Circular.
    Circo,
}

impl Layout {
    /// The engine's name in Graphviz.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Sfdp => "sfdp",
            Layout::Fdp => "fdp",
            Layout::Twopi => "twopi",
            Layout::Circo => "circo",
        }
    }

    /// The engine that suits a diagram: `dot` for paths and for clusters, `neato` for a
    /// neighbourhood and for small graphs, `sfdp` for large ones.
    pub fn for_diagram(shape: DiagramShape, nodes: usize, clustered: bool) -> Layout {
        match shape {
            DiagramShape::Paths => Layout::Dot,
            _ if clustered => Layout::Dot,
            DiagramShape::Neighbourhood => Layout::Neato,
            DiagramShape::Graph if nodes > 80 => Layout::Sfdp,
            DiagramShape::Graph => Layout::Neato,
        }
    }
}

/// The page a picture is made for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PageSize {
    /// An A4 page in landscape, with margins.
    #[default]
    A4,
    /// An A3 page in landscape, with margins.
    A3,
    /// A screen 1200 pixels wide.
    Screen,
}

/// What a page size sets: the drawing's largest size, the resolution of bitmaps, font sizes
/// and the width labels wrap at.
#[derive(Debug, Clone, Copy)]
pub struct PageLook {
    /// Largest width and height of the drawing, in inches (Graphviz scales down to fit).
    pub inches: (f32, f32),
    /// Pixels per inch of PNG output (`--render png` passes it to Graphviz; SVG and PDF keep
    /// Graphviz's 72 points per inch, so the page size holds).
    pub dpi: u32,
    /// Font size of node labels, in points.
    pub node_font: f32,
    /// Font size of edge labels, in points.
    pub edge_font: f32,
    /// Font size of the legend and the footnotes, in points.
    pub small_font: f32,
    /// Characters per line before a label wraps.
    pub wrap: usize,
}

impl PageSize {
    /// The settings of this page size.
    pub fn look(self) -> PageLook {
        match self {
            PageSize::A4 => {
                PageLook { inches: (10.7, 7.2), dpi: 150, node_font: 11.0, edge_font: 8.5, small_font: 8.0, wrap: 22 }
            }
            PageSize::A3 => {
                PageLook { inches: (15.3, 10.5), dpi: 150, node_font: 12.0, edge_font: 9.5, small_font: 9.0, wrap: 26 }
            }
            PageSize::Screen => {
                PageLook { inches: (12.5, 8.3), dpi: 96, node_font: 12.0, edge_font: 9.5, small_font: 9.0, wrap: 24 }
            }
        }
    }
}

/// Shape, fill colour and style of a node kind.
pub fn node_look(style: NodeStyle) -> (&'static str, &'static str, &'static str) {
    // (shape, fill colour, extra style)
    match style {
        NodeStyle::State => ("doubleoctagon", "#9ecae1", "filled"),
        NodeStyle::Bloc => ("hexagon", "#c6dbef", "filled"),
        NodeStyle::Firm => ("box", "#fdd0a2", "filled"),
        NodeStyle::FirmGroup => ("box", "#fdd0a2", "filled,dashed"),
        NodeStyle::PublicBody => ("house", "#d9d9d9", "filled"),
        NodeStyle::Military => ("house", "#a1a1a1", "filled"),
        NodeStyle::Faction => ("ellipse", "#fcbba1", "filled,dashed"),
        NodeStyle::Group => ("ellipse", "#fee0d2", "filled,dashed"),
        NodeStyle::Person => ("ellipse", "#c7e9c0", "filled"),
        NodeStyle::ThinkTank => ("tab", "#dadaeb", "filled"),
        NodeStyle::Media => ("note", "#efedf5", "filled"),
        NodeStyle::WeaponSystem => ("octagon", "#fc9272", "filled"),
        NodeStyle::Good => ("component", "#fff7bc", "filled"),
        NodeStyle::Facility => ("cylinder", "#bcbddc", "filled"),
        NodeStyle::Document => ("folder", "#f0f0f0", "filled"),
        NodeStyle::Event => ("cds", "#fdae6b", "filled"),
        NodeStyle::Place => ("oval", "#f7f7f7", "filled"),
        NodeStyle::Sanction => ("octagon", "#cb181d", "filled"),
        NodeStyle::Fact => ("box", "#ffffff", "filled,rounded"),
        NodeStyle::Other => ("ellipse", "#ffffff", "filled"),
    }
}

/// Colour of a relation family's edges.
pub fn family_colour(family: Option<&str>) -> &'static str {
    match family {
        Some("supply") => "#2171b5",
        Some("transit") => "#41b6c4",
        Some("sanction") => "#cb181d",
        Some("influence") => "#6a51a3",
        Some("support") => "#238b45",
        Some("membership") => "#737373",
        Some("production") => "#8c510a",
        Some("statement") => "#e7298a",
        Some("location") => "#969696",
        Some("diplomacy") => "#1b9e77",
        Some("event") => "#d95f02",
        _ => "#000000",
    }
}

/// Line style for a confidence level: solid for documented and reported, lighter for an
/// analyst's assessment, dashed for an official claim, dotted for what is only alleged.
pub fn confidence_style(confidence: Option<&str>) -> (&'static str, &'static str) {
    // (style, pen width)
    match confidence {
        Some("documented") => ("solid", "2.2"),
        Some("reported") => ("solid", "1.3"),
        Some("assessed") => ("solid", "0.8"),
        Some("claimed") => ("dashed", "1"),
        Some("alleged") => ("dotted", "1.2"),
        _ => ("dashed", "0.6"),
    }
}

/// The line the legend draws for a confidence level, in characters of the same weight and dash.
pub(super) fn confidence_sample(confidence: Option<&str>) -> &'static str {
    match confidence {
        Some("documented") => "━━━",
        Some("reported") => "───",
        Some("assessed") => "╶─╴",
        Some("claimed") => "╌╌╌",
        Some("alleged") => "┈┈┈",
        _ => "- - -",
    }
}

/// Text wrapped so no line is longer than `width` characters where it can be helped: a long
/// line breaks first between its " · " parts, then at spaces (longer words stay whole);
/// existing line breaks are kept.
pub fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if line.chars().count() <= width {
            lines.push(line.to_owned());
            continue;
        }
        let mut current = String::new();
        for part in line.split(" · ") {
            let joined = if current.is_empty() { part.to_owned() } else { format!("{current} · {part}") };
            if joined.chars().count() <= width {
                current = joined;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            for word in part.split(' ') {
                if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                    lines.push(std::mem::take(&mut current));
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
        }
        lines.push(current);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_breaks() {
        assert_eq!(
            wrap("Military-Industrial Complex and State-Owned Enterprises", 22),
            "Military-Industrial\nComplex and\nState-Owned\nEnterprises"
        );
        assert_eq!(wrap("supplied\n8 supply flows · 2015–2024", 40), "supplied\n8 supply flows · 2015–2024");
        assert_eq!(wrap("中华人民共和国", 3), "中华人民共和国");
        assert_eq!(wrap("8 supply flows · 2015–2024 · documented", 30), "8 supply flows · 2015–2024\ndocumented");
    }
}
