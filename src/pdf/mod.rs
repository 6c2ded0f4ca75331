//! The PDF writer: the `Document` → one PDF per manual version, set by norma's
//! own layout and written, tagged and checked against PDF/UA-1 and PDF/A-2a by
//! krilla in the last step (`write`).
//!
//! The steps: `manual` says what the manual holds and `compose` turns it into
//! bands (lines of justified, hyphenated paragraphs from `paragraph`, broken by
//! `linebreak`, measured by `fonts`); `flow` breaks the bands into pages; `draw`
//! draws each page with its header and footer once every destination's page is
//! known; `write` makes the file, keeping the structure tree in `tags`.

pub mod compose;
pub mod draw;
pub mod entries;
pub mod flow;
pub mod linebreak;
pub mod manual;
pub mod paragraph;
mod tags;
pub mod write;

use crate::document::{Document, ManualDoc, SiteUrl, VersionStatus};
use crate::fonts::Fonts;
use compose::Composer;
use draw::{Chrome, Geometry};
use write::{Bookmark, Meta, PageSize};

/// Millimetres to points.
const MM: f32 = 72.0 / 25.4;

/// The page size of norma.yaml's `pdf.paper`.
pub fn paper(name: &str) -> PageSize {
    match name {
        "legal" => PageSize {
            width: 612.0,
            height: 1008.0,
        },
        "a4" => PageSize {
            width: 595.28,
            height: 841.89,
        },
        _ => PageSize::LETTER,
    }
}

/// A finished PDF and what a summary says of it.
pub struct Pdf {
    pub path: String,
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// A PDF that could not be made: a fault of norma's, not of the content (the
/// fonts in the binary are damaged, or what was drawn breaks a rule of the
/// standards the PDF claims). Names the PDF's path in the site and what
/// krilla found.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfFailed {
    pub path: String,
    pub reasons: Vec<String>,
}

impl std::fmt::Display for PdfFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "could not make the PDF {}", self.path)?;
        if !self.reasons.is_empty() {
            write!(f, ": {}", self.reasons.join("; "))?;
        }
        Ok(())
    }
}

impl std::error::Error for PdfFailed {}

/// The PDF of one manual, written at `path` of the site.
pub fn render_manual(
    doc: &Document,
    manual: &ManualDoc,
    path: &str,
    fonts: &Fonts,
) -> Result<Pdf, PdfFailed> {
    let [top, right, bottom, left] = doc.pdf.margins_mm.map(|m| m * MM);
    let geometry = Geometry {
        page: paper(&doc.pdf.paper),
        margins: [top, right, bottom, left],
    };
    let mut composer = Composer::new(fonts, doc.lang, geometry.width(), geometry.height());
    composer.landscape = (geometry.landscape().width(), geometry.landscape().height());
    if let Some(diff) = &manual.diff {
        composer.marks = std::sync::Arc::new(diff.marks.clone());
    }
    manual::compose(&mut composer, doc, manual);
    let Composer {
        bands,
        links,
        outline,
        ..
    } = composer;
    let pages = flow::paginate_sized(bands, |style| geometry.of(style).height());
    let places = draw::places(&pages, &geometry);
    let lang = doc.lang;
    let draft = (manual.status == VersionStatus::Draft).then_some(match lang {
        crate::i18n::Lang::Es => "BORRADOR",
        crate::i18n::Lang::En => "DRAFT",
    });
    // The running header's second line, page by page: the procedure, form
    // or guide that starts on the page, else the one that runs on to it.
    let mut current = String::new();
    let running: Vec<String> = pages
        .iter()
        .map(|page| {
            let mut first = None;
            for placed in &page.bands {
                if let Some(r) = &placed.band.running {
                    first.get_or_insert_with(|| r.clone());
                    current = r.clone();
                }
            }
            first.unwrap_or_else(|| current.clone())
        })
        .collect();
    let chrome = Chrome {
        header: &manual.header,
        running,
        footer: format!(
            "{}: {} · {} {}",
            lang.t("Clave", "Key"),
            manual.code,
            lang.t("Versión", "Version"),
            manual.version
        ),
        draft,
        lang,
        path,
    };
    let total = pages.len();
    let bookmarks: Vec<Bookmark> = outline
        .into_iter()
        .filter_map(|m| {
            let &(page, y) = places.get(&m.dest)?;
            Some(Bookmark {
                title: m.title,
                level: m.level,
                page,
                y,
            })
        })
        .collect();
    // The date in the file is the manual's own: authorized, else in force,
    // else the build's day (SOURCE_DATE_EPOCH when set).
    let date = manual.authorized.or(manual.effective).unwrap_or(doc.today);
    let id = format!("{}-{}", manual.id, manual.version);
    let meta = Meta {
        title: &manual.title,
        author: &doc.institution,
        subject: &manual.code,
        lang: match lang {
            crate::i18n::Lang::Es => "es-MX",
            crate::i18n::Lang::En => "en",
        },
        id: &id,
        date,
        standards: &doc.pdf.standards,
    };
    let sizes: Vec<PageSize> = pages.iter().map(|p| geometry.of(p.style).page).collect();
    let bytes = write::save(&sizes, fonts, &meta, &bookmarks, |n, canvas| {
        draw::draw(
            canvas, n, &pages[n], total, &geometry, &chrome, &places, &links, fonts,
        )
    })
    .map_err(|reasons| PdfFailed {
        path: path.to_owned(),
        reasons,
    })?;
    Ok(Pdf {
        path: path.to_owned(),
        bytes,
        pages: total,
    })
}

/// The PDF at `path` of the site of `doc`, alone (`norma serve` prints one
/// when it is asked for); `None` when no manual has its PDF there.
pub fn render_at(doc: &Document, path: &str) -> Option<Result<Pdf, PdfFailed>> {
    let manual = doc
        .manuals
        .iter()
        .find(|m| m.pdf.as_ref().is_some_and(|u| u.path == path))?;
    let Some(fonts) = Fonts::default_family() else {
        return Some(Err(PdfFailed {
            path: path.to_owned(),
            reasons: vec!["the embedded fonts do not read".into()],
        }));
    };
    Some(render_manual(doc, manual, path, &fonts))
}

/// The PDF of every manual that has a place for one (`ManualDoc::pdf`), on
/// every core: the manuals side by side, and inside each the pages.
pub fn render_all(doc: &Document) -> Result<Vec<Pdf>, PdfFailed> {
    let manuals: Vec<(&ManualDoc, &SiteUrl)> = doc
        .manuals
        .iter()
        .filter_map(|m| Some((m, m.pdf.as_ref()?)))
        .collect();
    let Some((_, first)) = manuals.first() else {
        return Ok(Vec::new());
    };
    // The fonts are part of the binary and the tests parse them: they cannot
    // fail here unless the binary itself is damaged.
    let Some(fonts) = Fonts::default_family() else {
        return Err(PdfFailed {
            path: first.path.clone(),
            reasons: vec!["the embedded fonts do not read".into()],
        });
    };
    crate::parallel::map_each(&manuals, |(m, url)| {
        render_manual(doc, m, &url.path, &fonts)
    })
    .into_iter()
    .collect()
}
