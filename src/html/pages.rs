//! The pages of the site, each as a template and the plain values it gets
//! (docs/theme.md): the home page, the glossary, each manual's front page,
//! organization charts, units, procedures, forms, guides and changes, and the
//! pointer page of each manual's folder. What they all share (the crumbs, the
//! header's values, the print header) is here too.

use serde_json::{Value, json};
use tera::Context;

use crate::date::Date;
use crate::diagram::orgchart;
use crate::document::*;
use crate::i18n::Lang;
use crate::wording::long_date;

use super::rich::{self, PageWriter};
use super::{changes, entries, nav, sections, svg};

pub(super) struct Page {
    pub(super) path: String,
    pub(super) template: &'static str,
    pub(super) context: Context,
}

/// A date as templates see it: `iso` for `<time datetime>`, `text` to read.
#[derive(serde::Serialize)]
pub(super) struct DateView {
    iso: String,
    text: String,
}

impl DateView {
    pub(super) fn new(date: Date, lang: Lang) -> DateView {
        DateView {
            iso: date.to_string(),
            text: long_date(date, lang),
        }
    }
}

/// A CSS string literal for the print header: quotes, backslashes and line
/// breaks escaped, `<` written as a CSS escape so it cannot close the style.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Crumb {
    name: String,
    url: Option<SiteUrl>,
}

/// The context every page shares.
fn base_context(doc: &Document, w: &PageWriter, title: &str, crumbs: &[Crumb]) -> Context {
    let mut cx = Context::new();
    cx.insert("lang", doc.lang.code());
    cx.insert("site_title", &doc.site_title);
    cx.insert("institution", &doc.institution);
    cx.insert("page_title", title);
    cx.insert("root", &w.root());
    cx.insert("home_url", &w.url(&SiteUrl::page("index.html")));
    cx.insert("glossary_url", &w.url(&doc.glossary_url));
    cx.insert("recipient", &doc.recipient);
    cx.insert(
        "signing_key",
        &doc.signing_key.as_ref().map(|k| {
            serde_json::json!({
                "url": w.url(&SiteUrl::page(crate::keys::PUBLIC_FILE)),
                "fingerprint": k.fingerprint,
            })
        }),
    );
    #[derive(serde::Serialize)]
    struct CrumbView<'c> {
        name: &'c str,
        url: Option<String>,
    }
    let crumbs: Vec<CrumbView> = crumbs
        .iter()
        .map(|c| CrumbView {
            name: &c.name,
            url: c.url.as_ref().map(|u| w.url(u)),
        })
        .collect();
    cx.insert("crumbs", &crumbs);
    cx.insert("is_home", &false);
    cx.insert("print_css", "");
    cx.insert("banner", &Value::Null);
    cx.insert("versions", &Vec::<Value>::new());
    cx.insert("nav", &Value::Null);
    cx
}

fn home_crumb(doc: &Document) -> Crumb {
    Crumb {
        name: doc.lang.t("Inicio", "Home"),
        url: Some(SiteUrl::page("index.html")),
    }
}

fn home_page(doc: &Document) -> Page {
    let w = PageWriter::new("index.html");
    let mut cx = base_context(doc, &w, &doc.site_title, &[]);
    cx.insert("is_home", &true);
    // One row per manual, the version its folder opens; in force first, then
    // upcoming, then drafts; by title within each.
    let mut manuals: Vec<&ManualDoc> = doc.manuals.iter().filter(|m| m.primary).collect();
    manuals.sort_by_key(|m| {
        (
            match m.status {
                VersionStatus::InForce => 0,
                VersionStatus::Upcoming => 1,
                VersionStatus::Draft => 2,
                VersionStatus::Superseded => 3,
            },
            m.title.clone(),
        )
    });
    let rows: Vec<Value> = manuals
        .iter()
        .map(|m| {
            json!({
                "title": m.title,
                "url": w.url(&m.url),
                "code": m.code,
                "version": m.version,
                "effective": m.effective.map(|d| DateView::new(d, doc.lang)),
                "status": m.status.key(),
                "status_label": crate::wording::status_label(m.status, doc.lang),
                "others": m.versions.iter().filter(|v| v.version != m.version).map(|v| json!({
                    "version": v.version,
                    "url": w.url(&v.url),
                    "status": v.status.key(),
                    "status_label": crate::wording::status_label(v.status, doc.lang),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    cx.insert("manuals", &rows);
    Page {
        path: "index.html".into(),
        template: "index.html",
        context: cx,
    }
}

fn glossary_page(doc: &Document) -> Page {
    let path = doc.glossary_url.path.as_str();
    let mut w = PageWriter::new(path);
    let title = doc.lang.t("Glosario", "Glossary");
    let mut cx = base_context(
        doc,
        &w,
        &title,
        &[
            home_crumb(doc),
            Crumb {
                name: title.clone(),
                url: None,
            },
        ],
    );
    let terms: Vec<Value> = doc
        .glossary
        .iter()
        .map(|t| {
            let definition = t.definition.as_ref().map(|d| w.rich(d)).unwrap_or_default();
            json!({
                "term": t.term,
                "anchor": t.anchor,
                "expansion": t.expansion,
                "definition_html": definition,
            })
        })
        .collect();
    cx.insert("terms", &terms);
    Page {
        path: path.into(),
        template: "glossary.html",
        context: cx,
    }
}

fn manual_crumbs(doc: &Document, m: &ManualDoc, here: Option<String>) -> Vec<Crumb> {
    let mut c = vec![
        home_crumb(doc),
        Crumb {
            name: format!("{} ({})", m.title, m.version),
            url: here.as_ref().map(|_| m.url.clone()),
        },
    ];
    if let Some(name) = here {
        c.push(Crumb { name, url: None });
    }
    c
}

/// What every page of a manual adds: the print header and footer, the banner of a
/// draft or a version not yet in force, the navigation (`unit`: the page is
/// that unit's, its place in `m.units`).
fn manual_context(
    doc: &Document,
    m: &ManualDoc,
    page: &str,
    unit: Option<usize>,
    cx: &mut Context,
) {
    let lang = doc.lang;
    let footer = lang.t(
        format!("Clave: {} · Versión {}", m.code, m.version),
        format!("Code: {} · Version {}", m.code, m.version),
    );
    let page_word = lang.t("Página ", "Page ");
    let of_word = lang.t(" de ", " of ");
    cx.insert(
        "print_css",
        &format!(
            "@page {{ @top-center {{ content: {}; }} @bottom-left {{ content: {}; }} @bottom-right {{ content: {} counter(page) {} counter(pages); }} }}",
            css_string(&m.header),
            css_string(&footer),
            css_string(&page_word),
            css_string(&of_word),
        ),
    );
    let in_force = m.in_force().filter(|v| v.version != m.version);
    let effective = m.effective.map(|d| long_date(d, lang)).unwrap_or_default();
    // A link from this page to the same page of another version, or to that
    // version's front page when it has no such page.
    let relative_page = page
        .strip_prefix(&format!("{}/", m.folder))
        .unwrap_or("index.html")
        .to_owned();
    // The page may have another name there (a unit with a new code); the
    // switcher then also says where this page's anchors went (`data-map`).
    let same_page = |v: &VersionRef| -> (String, bool) {
        match v.crossing.page(&relative_page) {
            Some(there) if v.pages.contains(&there) => (format!("{}/{there}", v.folder), true),
            _ => (v.url.path.clone(), false),
        }
    };
    let link_to = |v: &VersionRef| rich::relative(page, &SiteUrl::page(same_page(v).0));
    let in_force_link = in_force.map(|v| {
        json!({"url": link_to(v), "text": lang.t(
            format!("Consulte la versión {} vigente", v.version),
            format!("See version {}, in force", v.version),
        )})
    });
    let banner = match m.status {
        VersionStatus::Draft => Some(json!({"kind": "draft", "text": lang.t(
            "BORRADOR: este documento no ha sido autorizado y no tiene validez oficial.".to_owned(),
            "DRAFT: this document has not been authorized and has no official standing.".to_owned(),
        ), "link": in_force_link})),
        VersionStatus::Upcoming => Some(json!({"kind": "upcoming", "text": lang.t(
            format!("Esta versión entra en vigor el {effective}."),
            format!("This version comes into force on {effective}."),
        ), "link": in_force_link})),
        VersionStatus::Superseded => Some(json!({"kind": "superseded", "text": match in_force {
            Some(v) => lang.t(
                format!("Versión histórica: fue sustituida por la versión {}, en vigor desde el {}, y ya no tiene validez.", v.version, v.effective.map(|d| long_date(d, lang)).unwrap_or_default()),
                format!("Superseded version: replaced by version {}, in force since {}; it no longer applies.", v.version, v.effective.map(|d| long_date(d, lang)).unwrap_or_default()),
            ),
            None => lang.t(
                "Versión histórica: fue sustituida y ya no tiene validez.".to_owned(),
                "Superseded version: it no longer applies.".to_owned(),
            ),
        }, "link": in_force_link})),
        VersionStatus::InForce => None,
    };
    let versions: Vec<Value> = if m.versions.len() > 1 {
        m.versions
            .iter()
            .map(|v| {
                json!({
                    "version": v.version,
                    "status": v.status.key(),
                    "status_label": crate::wording::status_label(v.status, lang),
                    "url": link_to(v),
                    "same_page": same_page(v).1,
                    "map": v.crossing.map_of(&relative_page),
                    "current": v.version == m.version,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    cx.insert("versions", &versions);
    cx.insert("changes_url", &rich::relative(page, &m.changes_url));
    cx.insert("banner", &banner);
    cx.insert("nav", &nav::view(m, page, unit, &PageWriter::new(page)));
    #[derive(serde::Serialize)]
    struct ManualView<'d> {
        id: &'d str,
        title: &'d str,
        code: &'d str,
        version: &'d str,
        status: &'static str,
        status_label: &'static str,
        authorized: Option<DateView>,
        effective: Option<DateView>,
        supersedes: Option<&'d str>,
        audience: &'d [String],
        /// The PDF, relative to the manual's page.
        pdf: Option<String>,
    }
    cx.insert(
        "manual",
        &ManualView {
            id: &m.id,
            title: &m.title,
            code: &m.code,
            version: &m.version,
            status: m.status.key(),
            status_label: crate::wording::status_label(m.status, lang),
            authorized: m.authorized.map(|d| DateView::new(d, lang)),
            effective: m.effective.map(|d| DateView::new(d, lang)),
            supersedes: m.supersedes.as_deref(),
            audience: &m.audience,
            pdf: m.pdf.as_ref().map(|url| rich::relative(&m.url.path, url)),
        },
    );
}

/// One page to write, named before it is built: contexts are built on the worker
/// threads, in parallel, as the pages render.
pub(super) enum PageSpec<'d> {
    Home,
    Glossary,
    ManualPointer(&'d ManualDoc),
    ManualFront(&'d ManualDoc),
    Changes(&'d ManualDoc),
    OrgCharts(&'d ManualDoc),
    Unit(&'d ManualDoc, usize),
    Procedure(&'d ManualDoc, &'d ProcedureDoc),
    Form(&'d ManualDoc, &'d FormDoc),
    Guide(&'d ManualDoc, &'d GuideDoc),
}

impl PageSpec<'_> {
    /// Where the page goes, from the site root (`build_page` puts it there).
    pub(super) fn path<'a>(&'a self, doc: &'a Document) -> &'a str {
        match self {
            PageSpec::Home => "index.html",
            PageSpec::Glossary => &doc.glossary_url.path,
            PageSpec::ManualPointer(m) => &m.pointer_url.path,
            PageSpec::ManualFront(m) => &m.url.path,
            PageSpec::Changes(m) => &m.changes_url.path,
            PageSpec::OrgCharts(m) => &m.orgchart_url.path,
            PageSpec::Unit(m, i) => &m.units[*i].url.path,
            PageSpec::Procedure(_, p) => &p.url.path,
            PageSpec::Form(_, f) => &f.url.path,
            PageSpec::Guide(_, g) => &g.url.path,
        }
    }

    /// Whether the page is sure to be what it was when `since`'s earlier
    /// document was rendered.
    pub(super) fn unchanged_since(&self, doc: &Document, since: &Since) -> bool {
        let at = |m: &ManualDoc| doc.manuals.iter().position(|x| std::ptr::eq(x, m));
        // The navigation beside a page that is not a unit's lists the
        // top-level units.
        let nav_renamed = |m: &ManualDoc, at: usize| {
            since.manuals[at]
                .renamed
                .iter()
                .any(|&n| nav::shows(m, None, n))
        };
        match *self {
            // Neither shows anything of a manual's units; the pointer
            // only names the manual.
            PageSpec::Home | PageSpec::Glossary | PageSpec::ManualPointer(_) => true,
            // The contents name each unit and count its functions; the
            // charts (there and on their page) name the units.
            PageSpec::ManualFront(m) | PageSpec::OrgCharts(m) => {
                at(m).is_some_and(|at| !since.manuals[at].contents)
            }
            PageSpec::Changes(m) => {
                at(m).is_some_and(|at| !since.manuals[at].changes && !nav_renamed(m, at))
            }
            PageSpec::Unit(m, i) => at(m).is_some_and(|at| {
                let (was, is) = (&since.earlier.manuals[at].units[i], &m.units[i]);
                // A unit resolve took from the earlier document is the
                // same value.
                (std::sync::Arc::ptr_eq(was, is) || was == is)
                    && !since.manuals[at]
                        .renamed
                        .iter()
                        .any(|&n| unit_page_shows(m, i, n))
            }),
            PageSpec::Procedure(m, _) | PageSpec::Form(m, _) | PageSpec::Guide(m, _) => {
                at(m).is_some_and(|at| !nav_renamed(m, at))
            }
        }
    }
}

/// What changed between the document the cached pages were rendered from
/// and the one being rendered, when it has the same frame
/// (`Document::frame_since`): made once per render, asked per page.
pub(super) struct Since<'d> {
    earlier: &'d Document,
    manuals: Vec<ManualSince>,
}

struct ManualSince {
    /// The units renamed (their places in `units`).
    renamed: Vec<usize>,
    /// Its front page and its charts' page are made again: a unit was
    /// renamed or its functions counted anew.
    contents: bool,
    /// Its changes page is made again: what changed since the version
    /// before did.
    changes: bool,
}

impl<'d> Since<'d> {
    /// `None` when `doc` has another frame than `earlier`: every page is
    /// made again.
    pub(super) fn of(doc: &Document, earlier: &'d Document) -> Option<Since<'d>> {
        let renamed = doc.frame_since(earlier)?;
        let manuals = renamed
            .into_iter()
            .zip(doc.manuals.iter().zip(&earlier.manuals))
            .map(|(renamed, (now, then))| ManualSince {
                contents: !renamed.is_empty()
                    || now.org != then.org
                    || now
                        .units
                        .iter()
                        .zip(&then.units)
                        .any(|(a, b)| a.functions.len() != b.functions.len()),
                changes: now.diff != then.diff,
                renamed,
            })
            .collect();
        Some(Since { earlier, manuals })
    }
}

/// Whether the page of unit `i` shows the name of unit `n`: its own, the
/// units it reports to and that report to it, its neighbours in the pager
/// and those its navigation lists. It must say what `unit_page` shows
/// (tests/incremental.rs renames units and compares with a build from
/// nothing).
fn unit_page_shows(m: &ManualDoc, i: usize, n: usize) -> bool {
    let u = &m.units[i];
    n == i
        || n + 1 == i
        || i + 1 == n
        || u.parent == Some(n)
        || u.children.contains(&n)
        || nav::shows(m, Some(i), n)
}

pub(super) fn page_specs(doc: &Document) -> Vec<PageSpec<'_>> {
    let mut specs = vec![PageSpec::Home, PageSpec::Glossary];
    for m in &doc.manuals {
        if m.primary {
            specs.push(PageSpec::ManualPointer(m));
        }
        specs.push(PageSpec::ManualFront(m));
        specs.push(PageSpec::Changes(m));
        if !m.units.is_empty() {
            specs.push(PageSpec::OrgCharts(m));
        }
        specs.extend((0..m.units.len()).map(|i| PageSpec::Unit(m, i)));
        specs.extend(m.procedures.iter().map(|p| PageSpec::Procedure(m, p)));
        specs.extend(m.forms.iter().map(|f| PageSpec::Form(m, f)));
        specs.extend(m.guides.iter().map(|g| PageSpec::Guide(m, g)));
    }
    specs
}

pub(super) fn build_page(doc: &Document, spec: &PageSpec) -> Page {
    match *spec {
        PageSpec::Home => home_page(doc),
        PageSpec::Glossary => glossary_page(doc),
        PageSpec::ManualPointer(m) => manual_pointer_page(doc, m),
        PageSpec::ManualFront(m) => manual_front_page(doc, m),
        PageSpec::Changes(m) => changes_page(doc, m),
        PageSpec::OrgCharts(m) => orgchart_page(doc, m),
        PageSpec::Unit(m, i) => unit_page(doc, m, i, &m.units[i]),
        PageSpec::Procedure(m, p) => entry_page(
            doc,
            m,
            &p.url,
            &p.code,
            &p.name,
            "procedure.html",
            |w, cx| cx.insert("procedure", &entries::procedure(doc, p, w)),
        ),
        PageSpec::Form(m, f) => {
            entry_page(doc, m, &f.url, &f.code, &f.name, "form.html", |w, cx| {
                cx.insert("form", &entries::form(doc, f, w))
            })
        }
        PageSpec::Guide(m, g) => {
            entry_page(doc, m, &g.url, &g.code, &g.name, "guide.html", |w, cx| {
                cx.insert("guide", &entries::guide(doc, g, w))
            })
        }
    }
}

/// The manual's own folder page: a pointer to the version published here.
fn manual_pointer_page(doc: &Document, m: &ManualDoc) -> Page {
    let path = m.pointer_url.path.clone();
    let w = PageWriter::new(&path);
    let mut cx = base_context(doc, &w, &m.title, &manual_crumbs(doc, m, None));
    cx.insert("target", &w.url(&m.url));
    cx.insert("manual_title", &m.title);
    Page {
        path,
        template: "redirect.html",
        context: cx,
    }
}

/// `cambios.html`: what changed since the previous version.
fn changes_page(doc: &Document, m: &ManualDoc) -> Page {
    let lang = doc.lang;
    let path = m.changes_url.path.clone();
    let mut w = PageWriter::new(&path);
    let previous = m
        .diff
        .as_ref()
        .map(|d| d.from.as_str())
        .or(m.supersedes.as_deref());
    let heading = match previous {
        Some(v) => lang.t(
            format!("Cambios respecto de la versión {v}"),
            format!("Changes since version {v}"),
        ),
        None => lang.t("Cambios".to_owned(), "Changes".to_owned()),
    };
    let mut cx = base_context(
        doc,
        &w,
        &heading,
        &manual_crumbs(doc, m, Some(heading.clone())),
    );
    manual_context(doc, m, &path, None, &mut cx);
    cx.insert("heading", &heading);
    cx.insert("manual_url", &w.url(&m.url));
    cx.insert("changes", &changes::view(doc, m, &mut w));
    Page {
        path,
        template: "changes.html",
        context: cx,
    }
}

/// A manual's page: cover, contents, sections.
fn manual_front_page(doc: &Document, m: &ManualDoc) -> Page {
    let path = m.url.path.clone();
    let mut w = PageWriter::new(&path);
    let mut cx = base_context(doc, &w, &m.title, &manual_crumbs(doc, m, None));
    manual_context(doc, m, &path, None, &mut cx);
    let signatures: Vec<Value> = m.signatures.iter().map(|s| json!(s)).collect();
    cx.insert("signatures", &signatures);
    let mut contents = Vec::new();
    let mut sections = Vec::new();
    for s in &m.sections {
        // The contents hold every unit as a tree, its lower branches closed.
        let units = if matches!(s.body, SectionBody::Units) {
            nav::contents_tree(m, &w)
        } else {
            Vec::new()
        };
        contents.push(json!({
            "number": s.number, "title": s.title, "anchor": s.anchor, "units": units,
        }));
        sections.push(sections::section(doc, m, s, &mut w));
    }
    cx.insert("contents", &contents);
    cx.insert("sections", &sections);
    Page {
        path,
        template: "manual.html",
        context: cx,
    }
}

fn orgchart_page(doc: &Document, m: &ManualDoc) -> Page {
    let lang = doc.lang;
    let path = m.orgchart_url.path.clone();
    let w = PageWriter::new(&path);
    let title = lang.t("Organigramas", "Organization charts");
    let mut cx = base_context(doc, &w, &title, &manual_crumbs(doc, m, Some(title.clone())));
    manual_context(doc, m, &path, None, &mut cx);
    let charts: Vec<Value> = orgchart::charts(m)
        .iter()
        .map(|c| {
            let id = format!("org-{}", c.root);
            let name = m.unit(&c.root).map(|u| u.name.clone()).unwrap_or_default();
            json!({
                "id": id,
                "code": c.root,
                "name": name,
                "svg": svg::orgchart(c, m, &w, lang, &id),
            })
        })
        .collect();
    cx.insert("charts", &charts);
    Page {
        path,
        template: "orgchart.html",
        context: cx,
    }
}

pub(super) fn audience_label(doc: &Document, audience: &[String]) -> Option<String> {
    (!audience.is_empty()).then(|| {
        doc.lang.t(
            format!("Solo para oficinas de tipo: {}", audience.join(", ")),
            format!("Only for offices of kind: {}", audience.join(", ")),
        )
    })
}

/// What a unit page shows of a function; the template reads these fields.
#[derive(serde::Serialize)]
struct FunctionView<'d> {
    number: usize,
    anchor: &'d str,
    html: String,
    items: Vec<IncisoView<'d>>,
    citation: &'d str,
    audience: Option<String>,
    /// The guide items that supervise it: text and link.
    supervised_by: Vec<MentionView>,
}

/// Something that refers to a function, as its page links it.
#[derive(serde::Serialize)]
pub(super) struct MentionView {
    pub(super) text: String,
    /// `text` in runs, each clave apart (kept on one line by the template).
    pub(super) parts: Vec<rich::TextPart>,
    pub(super) url: String,
}

impl MentionView {
    pub(super) fn new(text: &str, url: String) -> MentionView {
        MentionView {
            text: text.to_owned(),
            parts: rich::text_parts(text),
            url,
        }
    }
}

#[derive(serde::Serialize)]
struct IncisoView<'d> {
    label: &'d str,
    anchor: &'d str,
    html: String,
    citation: &'d str,
    audience: Option<String>,
}

/// A link to a unit: its code, name and URL from the page.
#[derive(serde::Serialize)]
struct UnitLink<'d> {
    code: &'d str,
    name: &'d str,
    url: String,
}

#[derive(serde::Serialize)]
struct UnitView<'d> {
    code: &'d str,
    name: &'d str,
    objective_html: Option<String>,
    reports_to: Option<UnitLink<'d>>,
    children: Vec<UnitLink<'d>>,
    prev: Option<UnitLink<'d>>,
    next: Option<UnitLink<'d>>,
    manual_url: String,
    orgchart_url: String,
}

fn unit_page(doc: &Document, m: &ManualDoc, index: usize, u: &UnitDoc) -> Page {
    let path = u.url.path.clone();
    let mut w = PageWriter::new(&path);
    let title = format!("{} {}", u.code, u.name);
    let mut cx = base_context(
        doc,
        &w,
        &title,
        &manual_crumbs(doc, m, Some(u.code.clone())),
    );
    manual_context(doc, m, &path, Some(index), &mut cx);
    let objective_html = u.objective.as_ref().map(|o| w.rich(o));
    let functions: Vec<FunctionView> = u
        .functions
        .iter()
        .map(|f| FunctionView {
            number: f.number,
            anchor: &f.anchor,
            html: w.rich(&f.text),
            items: f
                .items
                .iter()
                .map(|i| IncisoView {
                    label: &i.label,
                    anchor: &i.anchor,
                    html: w.rich(&i.text),
                    citation: &i.citation,
                    audience: audience_label(doc, &i.audience),
                })
                .collect(),
            citation: &f.citation,
            audience: audience_label(doc, &f.audience),
            supervised_by: f
                .supervised_by
                .iter()
                .map(|m| MentionView::new(&m.text, w.url(&m.url)))
                .collect(),
        })
        .collect();
    fn link<'d>(w: &PageWriter, x: &'d UnitDoc) -> UnitLink<'d> {
        UnitLink {
            code: &x.code,
            name: &x.name,
            url: w.url(&x.url),
        }
    }
    let unit = UnitView {
        code: &u.code,
        name: &u.name,
        objective_html,
        reports_to: u.parent.map(|p| link(&w, &m.units[p])),
        children: u.children.iter().map(|&c| link(&w, &m.units[c])).collect(),
        prev: index
            .checked_sub(1)
            .and_then(|i| m.units.get(i))
            .map(|x| link(&w, x)),
        next: m.units.get(index + 1).map(|x| link(&w, x)),
        manual_url: w.url(&m.url),
        orgchart_url: w.url(&m.orgchart_url),
    };
    cx.insert("unit", &unit);
    cx.insert("functions", &functions);
    Page {
        path,
        template: "unit.html",
        context: cx,
    }
}

/// The page of a procedure, form or guide: `template` (which extends
/// `entry.html`), with the entry's own values that `values` adds.
fn entry_page(
    doc: &Document,
    m: &ManualDoc,
    url: &SiteUrl,
    code: &str,
    name: &str,
    template: &'static str,
    values: impl FnOnce(&mut PageWriter, &mut Context),
) -> Page {
    let path = url.path.clone();
    let mut w = PageWriter::new(&path);
    let mut cx = base_context(
        doc,
        &w,
        &format!("{code} {name}"),
        &manual_crumbs(doc, m, Some(code.to_owned())),
    );
    manual_context(doc, m, &path, None, &mut cx);
    cx.insert(
        "entry",
        &json!({"code": code, "name": name, "manual_url": w.url(&m.url)}),
    );
    values(&mut w, &mut cx);
    Page {
        path,
        template,
        context: cx,
    }
}
