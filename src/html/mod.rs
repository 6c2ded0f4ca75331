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

use crate::document::*;
use crate::progress::Stage;
use crate::theme::Theme;

pub use rich::{PageWriter, escape_html, relative};

use pages::{PageSpec, Since, build_page, page_specs};
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

/// Pages already rendered. In a document of the same frame, a page of a unit
/// whose content did not change is taken from here without even making its
/// context; any other page is made and rendered again, and a page that comes
/// out as it was keeps sharing the bytes held here. (Each page's context
/// was kept here once, to compare before rendering: on 10,000 units that
/// held about 0.8 GB, to save a render that costs a tenth of making the
/// context.) Emptied when the theme changes.
#[derive(Default)]
pub struct PageCache {
    pages: std::collections::HashMap<String, Shared>,
    /// The document those pages were rendered from, once the caller has
    /// handed it back (`remember`): a page of a unit whose content did not
    /// change, in a document of the same frame, is taken without even making
    /// its context (`Document::frame_since`).
    document: Option<std::sync::Arc<Document>>,
}

impl PageCache {
    pub fn clear(&mut self) {
        self.pages.clear();
        self.document = None;
    }

    /// The document the cached pages were rendered from.
    pub fn remember(&mut self, document: std::sync::Arc<Document>) {
        self.document = Some(document);
    }
}

/// Where the files of a render go as they are made: a folder being written
/// (`norma build`, so the site is never held whole in memory) or a map kept
/// in memory ([`MemorySink`]: `norma serve`, `norma package`). Called from
/// every render worker at once; the order of calls carries no meaning.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>);

    /// A file whose bytes are shared with a cache (`norma serve`'s pages):
    /// a sink that can keep them shared need not copy them.
    fn put_shared(&self, path: String, bytes: Shared) {
        self.put(path, std::sync::Arc::unwrap_or_clone(bytes));
    }
}

/// A file's bytes, shared between the pages being served and the page cache.
pub type Shared = std::sync::Arc<Vec<u8>>;

/// The site's files with their bytes shared (`norma serve`): a page taken
/// from the cache is not copied, and telling whether it changed starts by
/// asking whether it is the same bytes.
pub type SharedFiles = BTreeMap<String, Shared>;

/// A [`Sink`] that keeps every file in memory: as they come
/// (`MemorySink`, `norma package`) or shared ([`SharedSink`], `norma serve`).
pub struct MemorySink<B = Vec<u8>>(std::sync::Mutex<BTreeMap<String, B>>);

/// The files in memory with their bytes shared.
pub type SharedSink = MemorySink<Shared>;

impl<B> Default for MemorySink<B> {
    fn default() -> Self {
        MemorySink(std::sync::Mutex::default())
    }
}

impl<B> MemorySink<B> {
    pub fn into_files(self) -> BTreeMap<String, B> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn insert(&self, path: String, bytes: B) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
    }
}

impl Sink for MemorySink {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.insert(path, bytes);
    }
}

impl Sink for SharedSink {
    fn put(&self, path: String, bytes: Vec<u8>) {
        self.insert(path, Shared::new(bytes));
    }

    fn put_shared(&self, path: String, bytes: Shared) {
        self.insert(path, bytes);
    }
}

/// Renders the site into `out`, taking from `cache` every page whose context
/// has not changed since it was rendered, and leaving in it what this build
/// rendered. With a cache (`norma serve`) the search index is left out: the
/// preview publishes the pages first and builds the index after (see
/// `search_index`). Each page goes to `out` as soon as it is rendered.
pub fn render_site_cached(
    doc: &Document,
    theme: &Theme,
    progress: &(dyn Fn(Stage) + Sync),
    cache: Option<&mut PageCache>,
    out: &dyn Sink,
) -> Result<Counts, RenderError> {
    let specs = page_specs(doc);
    progress(Stage::Rendering { pages: specs.len() });
    let keep = cache.is_some();
    let previous = cache.as_deref();
    // What changed since the cached pages, when the frame is the same.
    let since = previous
        .and_then(|c| c.document.as_deref())
        .and_then(|earlier| Since::of(doc, earlier));
    // The search index is built on its own thread while the pages render.
    let (rendered, indexed) = std::thread::scope(|scope| {
        let index = (!keep).then(|| scope.spawn(|| write_search_index(doc, out)));
        let rendered = render_pages(
            doc,
            theme,
            &specs,
            progress,
            previous,
            since.as_ref(),
            keep,
            out,
        );
        // A panic while indexing is passed on, never an empty index.
        let indexed = index.map(|i| i.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (rendered, indexed)
    });
    let _ = indexed;
    let pages = rendered?;
    let counts = Counts {
        pages: specs.len(),
        rendered: pages.iter().filter(|p| p.rendered).count(),
    };
    if let Some(cache) = cache {
        cache.pages = pages
            .into_iter()
            .filter_map(|p| Some((p.path, p.html?)))
            .collect();
        // Until the caller hands back the document these pages are of.
        cache.document = None;
    }
    for (name, bytes) in &theme.statics {
        out.put(format!("static/{name}"), bytes.clone());
    }
    out.put("versions.json".into(), versions_json(doc).into_bytes());
    if let Some(key) = &doc.signing_key {
        out.put(
            crate::keys::PUBLIC_FILE.into(),
            key.text.clone().into_bytes(),
        );
    }
    Ok(counts)
}

/// The search index's files written into `out` as each is made.
/// The search index of the whole site, each file handed to `out` as soon as
/// it is made.
pub fn write_search_index(doc: &Document, out: &dyn Sink) {
    let mut put = |path, bytes| out.put(path, bytes);
    let mut writer = crate::search::IndexWriter::new(doc.lang, &mut put);
    let manuals = search_docs(doc, &mut writer);
    writer.finish(&manuals);
}

/// The search index of the whole site: its files under `static/search/`
/// (`crate::search::FOLDER`).
pub fn search_index(doc: &Document) -> Files {
    let sink = MemorySink::default();
    write_search_index(doc, &sink);
    sink.into_files()
}

/// What `render_pages` keeps of a page once it is in the sink.
struct RenderedPage {
    path: String,
    /// The page, kept for the cache (`norma serve`).
    html: Option<Shared>,
    /// Rendered now, not taken from the cache.
    rendered: bool,
}

/// Builds and renders pages on every core (`parallel::map_each`: each page
/// handed out alone, so a large page does not hold up a share) and puts each
/// into `out` when it is done; the result does not depend on the order. A
/// page whose context equals the one in `previous` is not rendered again. A
/// worker that panics passes its panic on (the pipeline reports it); it
/// never drops its pages silently.
#[allow(clippy::too_many_arguments)]
fn render_pages(
    doc: &Document,
    theme: &Theme,
    specs: &[PageSpec],
    progress: &(dyn Fn(Stage) + Sync),
    previous: Option<&PageCache>,
    since: Option<&Since>,
    keep: bool,
    out: &dyn Sink,
) -> Result<Vec<RenderedPage>, RenderError> {
    crate::parallel::map_each(specs, |spec| {
        // Sure to be unchanged: taken whole, its context not even made.
        if let (Some(cache), Some(since)) = (previous, since)
            && spec.unchanged_since(doc, since)
            && let Some(html) = cache.pages.get(spec.path(doc))
        {
            out.put_shared(spec.path(doc).to_owned(), html.clone());
            progress(Stage::PageDone);
            return Ok(RenderedPage {
                path: spec.path(doc).to_owned(),
                html: Some(html.clone()),
                rendered: false,
            });
        }
        let page = build_page(doc, spec);
        debug_assert_eq!(page.path, spec.path(doc));
        #[cfg(test)]
        faults::on_page(&page.path);
        let html = theme
            .tera
            .render(page.template, &page.context)
            .map_err(|error| RenderError {
                page: page.path.clone(),
                error,
            })?
            .into_bytes();
        let kept = if keep {
            // Unchanged: the bytes the cache holds are shared, not held twice.
            let html = match previous.and_then(|c| c.pages.get(&page.path)) {
                Some(before) if **before == html => before.clone(),
                _ => Shared::new(html),
            };
            out.put_shared(page.path.clone(), html.clone());
            Some(html)
        } else {
            out.put(page.path.clone(), html);
            None
        };
        progress(Stage::PageDone);
        Ok(RenderedPage {
            html: kept,
            path: page.path,
            rendered: true,
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
