//! The HTML writer: the `Document` → every file of the site (spec §10), in memory,
//! as path → bytes. It reads only the `Document` and the theme; the build step
//! decides where the files go. Pages are rendered with tera (autoescape on);
//! rich text arrives pre-rendered and escaped from `rich`.

mod changes;
mod entries;
pub(crate) mod rich;
mod sections;
mod svg;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use tera::Context;

use crate::date::Date;
use crate::diagram::orgchart;
use crate::document::*;
use crate::i18n::Lang;
use crate::progress::Stage;
use crate::search::{DocKind, SearchDoc};
use crate::theme::Theme;

pub use crate::wording::{labels, long_date, totals_sentence};
pub use rich::{PageWriter, escape_html, relative};

/// A page that failed to render: the template and tera's error.
#[derive(Debug)]
pub struct RenderError {
    pub page: String,
    pub error: tera::Error,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "could not render {}: {}", self.page, self.error)
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// The site's files: path from the site root → bytes. Sorted, so writing them is
/// deterministic.
pub type Files = BTreeMap<String, Vec<u8>>;

/// How many pages of each kind a build wrote, for the summary line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub pages: usize,
    /// Pages rendered by this build; the others came from the cache.
    pub rendered: usize,
}

/// Pages already rendered, with the context each was rendered from. A page's
/// HTML depends only on its template and its context, so `norma serve` renders
/// again only the pages whose context changed (the unit edited, the pages that
/// list it or link to it) and takes the others from here. Emptied when the
/// theme changes.
#[derive(Default)]
pub struct PageCache {
    pages: std::collections::HashMap<String, (Context, Vec<u8>)>,
}

impl PageCache {
    pub fn clear(&mut self) {
        self.pages.clear();
    }
}

struct Page {
    path: String,
    template: &'static str,
    context: Context,
}

/// Renders the whole site.
pub fn render_site(
    doc: &Document,
    theme: &Theme,
    progress: &(dyn Fn(Stage) + Sync),
) -> Result<(Files, Counts), RenderError> {
    render_site_cached(doc, theme, progress, None)
}

/// Renders the site, taking from `cache` every page whose context has not
/// changed since it was rendered, and leaving in it what this build rendered.
/// With a cache (`norma serve`) the search index is left out: the preview
/// publishes the pages first and builds the index after (see `search_index`).
pub fn render_site_cached(
    doc: &Document,
    theme: &Theme,
    progress: &(dyn Fn(Stage) + Sync),
    cache: Option<&mut PageCache>,
) -> Result<(Files, Counts), RenderError> {
    let specs = page_specs(doc);
    progress(Stage::Rendering { pages: specs.len() });
    let keep = cache.is_some();
    let previous = cache.as_deref();
    // The search index is built on its own thread while the pages render.
    let (rendered, index) = std::thread::scope(|scope| {
        let index = (!keep).then(|| scope.spawn(|| search_index(doc)));
        let rendered = render_pages(doc, theme, &specs, progress, previous, keep);
        // A panic while indexing is passed on, never an empty index.
        let index = index.map(|i| i.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (rendered, index)
    });
    let pages = rendered?;
    let counts = Counts {
        pages: specs.len(),
        rendered: pages.iter().filter(|p| p.rendered).count(),
    };
    let mut files = Files::new();
    let mut next = PageCache::default();
    for page in pages {
        if let Some(context) = page.context {
            next.pages
                .insert(page.path.clone(), (context, page.html.clone()));
        }
        files.insert(page.path, page.html);
    }
    if let Some(cache) = cache {
        *cache = next;
    }
    for (name, bytes) in &theme.statics {
        files.insert(format!("static/{name}"), bytes.clone());
    }
    if let Some(index) = index {
        files.insert(SEARCH_INDEX.into(), index);
    }
    files.insert("versions.json".into(), versions_json(doc).into_bytes());
    if let Some(key) = &doc.signing_key {
        files.insert(
            crate::keys::PUBLIC_FILE.into(),
            key.text.clone().into_bytes(),
        );
    }
    Ok((files, counts))
}

/// Where the search index goes in the site.
pub const SEARCH_INDEX: &str = "static/search-index.js";

/// The search index of the whole site (`static/search-index.js`).
pub fn search_index(doc: &Document) -> Vec<u8> {
    crate::search::index_js(&search_docs(doc), doc.lang).into_bytes()
}

/// A page as `render_pages` leaves it.
struct RenderedPage {
    path: String,
    html: Vec<u8>,
    /// Kept for the cache (`norma serve`).
    context: Option<Context>,
    /// Rendered now, not taken from the cache.
    rendered: bool,
}

/// Builds and renders pages on every core (`parallel::map_each`: each page
/// handed out alone, so a large page does not hold up a share); the result
/// does not depend on the order. A page whose context equals the one in
/// `previous` is not rendered again. A worker that panics passes its panic
/// on (the pipeline reports it); it never drops its pages silently.
fn render_pages(
    doc: &Document,
    theme: &Theme,
    specs: &[PageSpec],
    progress: &(dyn Fn(Stage) + Sync),
    previous: Option<&PageCache>,
    keep: bool,
) -> Result<Vec<RenderedPage>, RenderError> {
    crate::parallel::map_each(specs, |spec| {
        let page = build_page(doc, spec);
        #[cfg(test)]
        faults::on_page(&page.path);
        let cached = previous
            .and_then(|c| c.pages.get(&page.path))
            .filter(|(context, _)| *context == page.context);
        let (html, rendered) = match cached {
            Some((_, html)) => (html.clone(), false),
            None => {
                let html = theme
                    .tera
                    .render(page.template, &page.context)
                    .map_err(|error| RenderError {
                        page: page.path.clone(),
                        error,
                    })?;
                (html.into_bytes(), true)
            }
        };
        progress(Stage::PageDone);
        Ok(RenderedPage {
            path: page.path,
            html,
            context: keep.then_some(page.context),
            rendered,
        })
    })
    .into_iter()
    .collect()
}

/// A fault injected in a render worker, for the pipeline's test that a
/// panic stops the build and publishes nothing.
#[cfg(test)]
pub(crate) mod faults {
    use std::sync::Mutex;

    /// The page whose rendering panics, when set.
    pub static PANIC_ON: Mutex<Option<String>> = Mutex::new(None);

    pub fn on_page(path: &str) {
        let chosen = PANIC_ON.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if chosen.as_deref() == Some(path) {
            panic!("fallo inyectado al generar {path}");
        }
    }
}

/// A date as templates see it: `iso` for `<time datetime>`, `text` to read.
#[derive(serde::Serialize)]
struct DateView {
    iso: String,
    text: String,
}

impl DateView {
    fn new(date: Date, lang: Lang) -> DateView {
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
                "status_label": m.status.label(doc.lang),
                "others": m.versions.iter().filter(|v| v.version != m.version).map(|v| json!({
                    "version": v.version,
                    "url": w.url(&v.url),
                    "status": v.status.key(),
                    "status_label": v.status.label(doc.lang),
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
/// draft or a version not yet in force.
fn manual_context(doc: &Document, m: &ManualDoc, page: &str, cx: &mut Context) {
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
                    "status_label": v.status.label(lang),
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
            status_label: m.status.label(lang),
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
enum PageSpec<'d> {
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

fn page_specs(doc: &Document) -> Vec<PageSpec<'_>> {
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

fn build_page(doc: &Document, spec: &PageSpec) -> Page {
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
    let w = PageWriter::new(&path);
    let heading = match &m.diff {
        Some(d) => lang.t(
            format!("Cambios respecto de la versión {}", d.from),
            format!("Changes since version {}", d.from),
        ),
        None => lang.t("Cambios".to_owned(), "Changes".to_owned()),
    };
    let mut cx = base_context(
        doc,
        &w,
        &heading,
        &manual_crumbs(doc, m, Some(heading.clone())),
    );
    manual_context(doc, m, &path, &mut cx);
    cx.insert("heading", &heading);
    cx.insert("manual_url", &w.url(&m.url));
    cx.insert("changes", &changes::view(doc, m, &w));
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
    manual_context(doc, m, &path, &mut cx);
    let signatures: Vec<Value> = m.signatures.iter().map(|s| json!(s)).collect();
    cx.insert("signatures", &signatures);
    let mut contents = Vec::new();
    let mut sections = Vec::new();
    for s in &m.sections {
        // The contents name the upper levels; the section lists every unit.
        let units: Vec<Value> = if matches!(s.body, SectionBody::Units) {
            m.units
                .iter()
                .filter(|u| u.depth <= 2)
                .map(|u| json!({"code": u.code, "name": u.name, "url": w.url(&u.url), "depth": u.depth}))
                .collect()
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
    manual_context(doc, m, &path, &mut cx);
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

/// What the search finds: glossary terms, the front sections written in
/// Markdown, units and functions (with their incisos).
fn search_docs(doc: &Document) -> Vec<SearchDoc> {
    let lang = doc.lang;
    let mut out = Vec::new();
    let glossary = lang.t("Glosario", "Glossary");
    for t in &doc.glossary {
        out.push(SearchDoc {
            url: format!("{}#{}", t.url.path, t.anchor),
            title: t.term.clone(),
            context: glossary.clone(),
            text: [
                t.expansion.clone().unwrap_or_default(),
                t.definition
                    .as_ref()
                    .map(|d| plain_text(d))
                    .unwrap_or_default(),
            ]
            .join(" ")
            .trim()
            .to_owned(),
            kind: DocKind::Term,
        });
    }
    for m in &doc.manuals {
        let context_line = format!(
            "{} · {} {}",
            m.title,
            lang.t("versión", "version"),
            m.version
        );
        for s in &m.sections {
            if let SectionBody::Markdown(blocks) = &s.body {
                out.push(SearchDoc {
                    url: format!("{}#{}", m.url.path, s.anchor),
                    title: format!("{}. {}", s.number, s.title),
                    context: context_line.clone(),
                    text: crate::document::plain_text_of(blocks),
                    kind: DocKind::Section,
                });
            }
        }
        for u in &m.units {
            out.push(SearchDoc {
                url: u.url.path.clone(),
                title: format!("{} {}", u.code, u.name),
                context: context_line.clone(),
                text: u
                    .objective
                    .as_ref()
                    .map(|o| plain_text(o))
                    .unwrap_or_default(),
                kind: DocKind::Unit,
            });
            let unit_context = format!("{} · {}", u.name, context_line);
            for f in &u.functions {
                let mut text = plain_text(&f.text);
                for i in &f.items {
                    text.push_str(&format!(" {}) {}", i.label, plain_text(&i.text)));
                }
                out.push(SearchDoc {
                    url: format!("{}#{}", u.url.path, f.anchor),
                    title: format!(
                        "{} · {} {}",
                        u.code,
                        lang.t("Función", "Function"),
                        f.number
                    ),
                    context: unit_context.clone(),
                    text,
                    kind: DocKind::Function,
                });
            }
        }
    }
    out
}

fn audience_label(doc: &Document, audience: &[String]) -> Option<String> {
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
struct MentionView {
    text: String,
    url: String,
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
    manual_context(doc, m, &path, &mut cx);
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
                .map(|m| MentionView {
                    text: m.text.clone(),
                    url: w.url(&m.url),
                })
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
    manual_context(doc, m, &path, &mut cx);
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

/// `versions.json`: every manual and every version with its dates and status,
/// newest version first; `url` is the manual's folder page, which opens the
/// version in force.
fn versions_json(doc: &Document) -> String {
    let manuals: Vec<Value> = doc
        .manuals
        .iter()
        .filter(|m| m.primary)
        .map(|m| {
            let versions: Vec<Value> = m
                .versions
                .iter()
                .map(|v| {
                    json!({
                        "version": v.version,
                        "status": v.status.key(),
                        "authorized": v.authorized.map(|d| d.to_string()),
                        "effective": v.effective.map(|d| d.to_string()),
                        "supersedes": v.supersedes,
                        "url": v.url.path,
                        "changes": v.changes_url.path,
                        "pdf": v.pdf.as_ref().map(|p| p.path.clone()),
                    })
                })
                .collect();
            json!({
                "id": m.id,
                "title": m.title,
                "code": m.code,
                "kind": m.kind,
                "url": m.pointer_url.path,
                "in_force": m.in_force().map(|v| v.version.clone()),
                "versions": versions,
            })
        })
        .collect();
    let value = json!({
        "site_title": doc.site_title,
        "institution": doc.institution,
        "date": doc.today.to_string(),
        "manuals": manuals,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
