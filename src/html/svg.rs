//! The organization chart's geometry drawn as inline SVG: real text (selectable,
//! searchable, read aloud), a title and description for assistive technology, and
//! each box a link to its unit's page.

use std::fmt::Write;

use super::rich::escape_html;

use crate::diagram::orgchart::Chart;
use crate::document::ManualDoc;
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
            b.y + 20.0,
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
            let _ = writeln!(
                s,
                "<a href=\"{}\" class=\"more\"><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text></a>",
                escape_html(&w.url(&manual.orgchart_url.with_anchor(format!("org-{}", b.code)))),
                b.x + b.width - 6.0,
                b.y + 20.0,
                escape_html(&lang.t("organigrama ↓", "chart ↓")),
            );
        }
    }
    s.push_str("</svg>");
    s
}
