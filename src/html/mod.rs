//! The HTML writer: the `Document` → every file of the site (spec §10), in memory,
//! as path → bytes. It reads the `Document`, the wording, the theme and the
//! diagrams' layout (never the loader, the model or the rules); the
//! pipeline decides where the files go. Pages are rendered with tera
//! (autoescape on) from plain values: `pages.rs` makes each page's values,
//! `entries.rs`, `sections.rs` and `changes.rs` those of procedures, forms,
//! guides, sections and changes; rich text arrives pre-rendered and escaped
//! from `rich`; `search_docs.rs` says what the search index holds. Here: the
//! render itself, on every core, with `norma serve`'s page cache.

mod changes;
mod entries;
mod nav;
mod pages;
pub(crate) mod rich;
mod search_docs;
mod sections;
mod svg;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use tera::Context;

use crate::document::*;
use crate::progress::Stage;
use crate::theme::Theme;

pub use rich::{PageWriter, escape_html, relative};

use pages::{PageSpec, build_page, page_specs};
use search_docs::search_docs;

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
        files.extend(index);
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

/// The search index of the whole site: its files under `static/search/`
/// (`crate::search::FOLDER`).
pub fn search_index(doc: &Document) -> Files {
    crate::search::index_files(&search_docs(doc), doc.lang)
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
