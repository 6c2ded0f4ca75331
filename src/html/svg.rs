//! The organization chart's and the flowchart's geometry drawn as inline SVG: real text (selectable,
//! searchable, read aloud), a title and description for assistive technology, and
//! each box a link to its unit's page.

use std::fmt::Write;

use super::rich::escape_html;

use crate::diagram::flowchart::{Anchor, FlowPage, Kind, PathPoint, Style};
use crate::diagram::orgchart::Chart;
use crate::document::{ManualDoc, ProcedureDoc, plain_text};
use crate::i18n::Lang;

use super::rich::PageWriter;

pub fn orgchart(chart: &Chart, manual: &ManualDoc, w: &PageWriter, lang: Lang, id: &str) -> String {
    let root = manual.unit(&chart.root);
    let root_name = root.map(|u| u.name.as_str()).unwrap_or_default();
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"orgchart\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"group\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>",
        w = chart.width,
        h = chart.height,
        title = escape_html(&lang.t(
            format!("Organigrama de {} {}", chart.root, root_name),
            format!("Organization chart of {} {}", chart.root, root_name),
        )),
        desc = escape_html(&lang.t(
            format!(
                "{} unidades; cada recuadro lleva a la página de la unidad.",
                chart.boxes.len()
            ),
            format!(
                "{} units; each box links to the unit's page.",
                chart.boxes.len()
            ),
        )),
    );
    for line in &chart.lines {
        let points: Vec<String> = line.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = writeln!(
            s,
            "<polyline class=\"edge\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    for b in &chart.boxes {
        let unit = &manual.units[b.unit];
        let href = w.url(&unit.url);
        let class = if b.is_root { "unit root" } else { "unit" };
        let _ = write!(
            s,
            "<a href=\"{}\" class=\"{class}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\"/>",
            escape_html(&href),
            b.x,
            b.y,
            b.width,
            b.height
        );
        let tx = b.x + 8.0;
        let _ = write!(
            s,
            "<text x=\"{tx:.1}\" y=\"{:.1}\"><tspan class=\"code\">{}</tspan>",
            b.baseline(0),
            escape_html(&b.code)
        );
        for line in &b.lines {
            let _ = write!(
                s,
                "<tspan x=\"{tx:.1}\" dy=\"15\">{}</tspan>",
                escape_html(line)
            );
        }
        s.push_str("</text></a>\n");
        if b.has_own_chart {
            // On the box's last line, kept free for it by the geometry.
            let _ = writeln!(
                s,
                "<a href=\"{}\" class=\"more\"><text x=\"{tx:.1}\" y=\"{:.1}\">{}</text></a>",
                escape_html(&w.url(&manual.orgchart_url.with_anchor(format!("org-{}", b.code)))),
                b.baseline(b.lines.len() + 1),
                escape_html(&lang.t("Ver su organigrama ↓", "See its chart ↓")),
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// An outline as an SVG path.
fn path_data(points: &[PathPoint]) -> String {
    let mut d = String::new();
    let mut controls: Vec<&PathPoint> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        if p.control {
            controls.push(p);
            continue;
        }
        if i == 0 {
            let _ = write!(d, "M{:.1} {:.1}", p.x, p.y);
        } else if let [a, b] = controls[..] {
            let _ = write!(
                d,
                "C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
                a.x, a.y, b.x, b.y, p.x, p.y
            );
        } else {
            let _ = write!(d, "L{:.1} {:.1}", p.x, p.y);
        }
        controls.clear();
    }
    d.push('Z');
    d
}

/// A procedure's flowchart (one page: the screen has no page breaks) as inline
/// SVG; each activity links to its row in the activities table.
pub fn flowchart(
    chart: &FlowPage,
    style: &Style,
    p: &ProcedureDoc,
    lang: Lang,
    id: &str,
) -> String {
    let mut s = String::new();
    let decisions = p.steps.iter().filter(|s| s.decision.is_some()).count();
    let actors: Vec<&str> = p.actors.iter().map(|(_, name)| name.as_str()).collect();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flowchart\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\" role=\"group\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>\
         <defs><marker id=\"{id}-arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L8 4L0 8Z\"/></marker></defs>",
        w = chart.width,
        h = chart.height,
        title = escape_html(&lang.t(
            format!("Diagrama de flujo del procedimiento {} {}", p.code, p.name),
            format!("Flowchart of procedure {} {}", p.code, p.name),
        )),
        desc = escape_html(&lang.t(
            format!(
                "{} actividades y {decisions} decisiones en {} carriles, uno por responsable: {}. Cada actividad lleva a su renglón en la descripción de actividades.",
                p.steps.len(),
                actors.len(),
                actors.join("; ")
            ),
            format!(
                "{} steps and {decisions} decisions in {} lanes, one per actor: {}. Each step links to its row in the activities table.",
                p.steps.len(),
                actors.len(),
                actors.join("; ")
            ),
        )),
    );
    // Lanes: titles across the top, separators down the page.
    for lane in &chart.lanes {
        let _ = write!(
            s,
            "<rect class=\"lane-head\" x=\"{:.1}\" y=\"0\" width=\"{:.1}\" height=\"{:.1}\"/><rect class=\"lane\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
            lane.x,
            lane.w,
            chart.head,
            lane.x,
            chart.head,
            lane.w,
            chart.height - chart.head
        );
        let top = (chart.head - lane.lines.len() as f32 * style.leading) / 2.0 + style.size * 0.8;
        let _ = write!(
            s,
            "<text class=\"actor\" text-anchor=\"middle\" font-size=\"{}\">",
            style.size
        );
        for (k, line) in lane.lines.iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"{:.1}\" y=\"{:.1}\">{}</tspan>",
                lane.x + lane.w / 2.0,
                top + k as f32 * style.leading,
                escape_html(line)
            );
        }
        s.push_str("</text>\n");
    }
    for edge in &chart.edges {
        let points: Vec<String> = edge
            .points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let class = if edge.dotted { "link" } else { "flow" };
        let marker = if edge.arrow {
            format!(" marker-end=\"url(#{id}-arrow)\"")
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "<polyline class=\"{class}\" points=\"{}\"{marker}/>",
            points.join(" ")
        );
    }
    for symbol in &chart.symbols {
        let class = match symbol.kind {
            Kind::Terminal => "terminal",
            Kind::Activity => "activity",
            Kind::Decision => "decision",
            Kind::Document => "document",
            Kind::OffPage => "offpage",
        };
        let href = match (symbol.kind, symbol.step.and_then(|i| p.steps.get(i))) {
            (Kind::Activity | Kind::OffPage, Some(step)) => Some(format!("#{}", step.anchor)),
            _ => None,
        };
        if let Some(href) = &href {
            let _ = write!(s, "<a href=\"{}\">", escape_html(href));
        }
        // The whole text, for a box that shows only its beginning and for
        // assistive technology.
        let step = symbol.step.and_then(|i| p.steps.get(i));
        let full = match (symbol.kind, step) {
            (Kind::Activity, Some(step)) => {
                Some(format!("{}. {}", step.number, plain_text(&step.action)))
            }
            (Kind::Decision, Some(step)) => step.decision.as_ref().map(|(q, _)| plain_text(q)),
            _ => None,
        };
        if let Some(full) = full {
            let _ = write!(s, "<title>{}</title>", escape_html(&full));
        }
        let _ = write!(
            s,
            "<path class=\"{class}\" d=\"{}\"/>",
            path_data(&symbol.outline())
        );
        let leading = if symbol.size < style.size {
            symbol.size * 1.2
        } else {
            style.leading
        };
        let top = symbol.text_top(leading) + symbol.size * 0.8;
        let left = symbol.kind == Kind::Activity;
        let _ = write!(
            s,
            "<text class=\"{class}-text\" font-size=\"{}\"{}>",
            symbol.size,
            if left { "" } else { " text-anchor=\"middle\"" }
        );
        for (k, line) in symbol.lines.iter().enumerate() {
            let x = if left {
                symbol.x + 5.0
            } else {
                symbol.x + symbol.w / 2.0
            };
            let _ = write!(
                s,
                "<tspan x=\"{x:.1}\" y=\"{:.1}\">",
                top + k as f32 * leading
            );
            if k == 0
                && let Some(n) = &symbol.number
            {
                let _ = write!(s, "<tspan class=\"number\">{}</tspan> ", escape_html(n));
            }
            let _ = write!(s, "{}</tspan>", escape_html(line));
        }
        s.push_str("</text>");
        if href.is_some() {
            s.push_str("</a>");
        }
        s.push('\n');
    }
    for label in &chart.labels {
        let anchor = match label.anchor {
            Anchor::Start => "start",
            Anchor::End => "end",
        };
        let _ = writeln!(
            s,
            "<text class=\"branch\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-size=\"{}\">{}</text>",
            label.x,
            label.baseline,
            style.small,
            escape_html(&label.text)
        );
    }
    s.push_str("</svg>");
    s
}
