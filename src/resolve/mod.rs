//! Resolve: a checked project → the `Document`. Decides, once, everything the writers
//! must agree on: page paths and anchors, the order of units, the organization
//! chart's tree, inciso labels, what a reference link points at and what an empty
//! link says, which words are glossary acronyms, and each manual's status today.
//!
//! It runs only on a project that `check` passed without errors, so a reference
//! that does not resolve here is not expected; if one slips through it is shown as
//! plain text rather than a broken link.

mod backrefs;
pub mod crossing;
pub mod diff;
mod entries;
pub mod markdown;
mod targets;
pub mod timeline;
mod versions;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::date::Date;
use crate::document::*;
use crate::i18n::Lang;
use crate::load::Project;
use crate::model::{self, Manual, SectionContent};
use crate::numbering::{code_order, path_safe};
use markdown::{Acronyms, Context};

use entries::{audience, form_doc, guide_doc, org_tree, procedure_doc, unit_doc};
use targets::Targets;
use versions::{keep_versions_in_force_and_upcoming, link_versions};

use crate::resolve::timeline::{Edition, Timeline};

/// Whether a manual is a draft (`status: draft`).
pub fn is_draft(m: &Manual) -> bool {
    m.status.as_ref().is_some_and(|s| s.value == "draft")
}

/// Whose copy of the publication a `Document` is: the public site (everyone),
/// or the bundle of the offices of one kind.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// Publish manuals with `status: draft` (never in a bundle).
    pub drafts: bool,
    /// The office kind a bundle is for (`estatal`, `regional` ...). With one,
    /// content whose `audience` leaves that kind out is absent (not hidden),
    /// and only the versions in force and upcoming are published. `None`: the
    /// public site, where such content is shown with its audience marked.
    pub office_kind: Option<&'a str>,
}

impl<'a> Scope<'a> {
    pub fn everyone(drafts: bool) -> Scope<'static> {
        Scope {
            drafts,
            office_kind: None,
        }
    }

    pub fn offices_of_kind(kind: &'a str) -> Scope<'a> {
        Scope {
            drafts: false,
            office_kind: Some(kind),
        }
    }

    /// Whether content with this `audience` is in this copy: everything is in
    /// the public site; a bundle has what names no audience or names its kind.
    pub fn reaches(&self, audience: &[crate::source::Located<String>]) -> bool {
        match self.office_kind {
            None => true,
            Some(kind) => audience.is_empty() || audience.iter().any(|a| a.value == kind),
        }
    }
}

/// The project as the writers see it, on the day `today`: every published
/// version of every manual (see `timeline`), each resolved against its
/// own content. Draft manuals are left out unless `drafts`; references to a
/// manual left out are shown as plain text, never as a link to a page that is not
/// published.
///
/// A version links to other manuals' versions this way: the current content of
/// `content/` links to the current content of the others when it is published in
/// this build, else to their version in force; a frozen release links to the
/// version in force of the others.
///
/// For the offices of one kind (see `Scope`) it is the same resolve, with the
/// content meant for other offices left out, so a bundle's pages, PDFs and
/// search index agree.
pub fn resolve(project: &Project, today: Date, scope: Scope) -> Document {
    resolve_keeping(project, today, scope, None, false).0
}

/// What one resolve decided that the next may reuse (`norma serve`): the
/// tables its links were resolved against, the glossary's acronyms, and the
/// document it made. See [`resolve_again`].
pub struct Reuse {
    frames: Frames,
    doc: Arc<Document>,
}

impl Reuse {
    /// `frames` with the document made beside them.
    pub fn new(frames: Frames, doc: Arc<Document>) -> Reuse {
        Reuse { frames, doc }
    }
}

/// Everything besides a unit's own file that its part of the document is
/// made from, as of one resolve.
pub struct Frames {
    /// The project's load (`Project::generation`).
    generation: u64,
    office_kind: Option<String>,
    lang: Lang,
    acronyms: Acronyms,
    tables: Vec<Targets>,
    /// (manual id, folder) of each edition → its table in `tables`.
    editions: BTreeMap<(String, String), usize>,
    /// (manual id, folder) of each edition → unit code → what making that
    /// unit asked of its table (`Asked`).
    asked: BTreeMap<(String, String), HashMap<String, Arc<Asked>>>,
}

/// What making one unit asked of its edition's table of targets: the link
/// destinations its texts resolved, and the codes whose existence decided
/// its parent (`entries::unit_doc`; in a project that passed the checks
/// they exist, so this part only guards the rule). A unit whose file did not change is
/// made the same from a changed table when the table answers these the
/// same: a renamed unit then makes again only the units whose links show
/// its name, not every unit of the manual.
#[derive(Default)]
struct Asked {
    links: Vec<String>,
    units: Vec<String>,
}

impl Asked {
    /// Whether `before` and `now` answer the same for a unit of `manual`.
    fn same_in(&self, before: &Targets, now: &Targets, manual: &str) -> bool {
        self.links
            .iter()
            .all(|d| before.resolve(d, manual) == now.resolve(d, manual))
            && self
                .units
                .iter()
                .all(|c| before.has_unit(manual, c) == now.has_unit(manual, c))
    }
}

/// `resolve`, taking from `last` the units whose file has not changed since
/// it was made, when everything else they are made from is as it was then:
/// the same table of link targets for their manual's version, the same
/// glossary acronyms, language and copy. What a unit's part depends on
/// besides its file is exactly that (`entries::unit_doc`), so the result is
/// the one `resolve` gives (tests/incremental.rs compares them). Returns what
/// the next call may reuse, to be paired with the document once it is kept.
pub fn resolve_again(
    project: &Project,
    today: Date,
    scope: Scope,
    last: Option<&Reuse>,
) -> (Document, Frames) {
    resolve_keeping(project, today, scope, last, true)
}

/// `resolve_again`; what each unit asks of its table (`Asked`) is noted
/// only when `ask` (the frames are kept): a build that keeps nothing does
/// not pay for it.
fn resolve_keeping(
    project: &Project,
    today: Date,
    scope: Scope,
    last: Option<&Reuse>,
    ask: bool,
) -> (Document, Frames) {
    let lang = project.settings.language;
    let mut timeline = Timeline::plan(project, today, scope.drafts);
    if scope.office_kind.is_some() {
        timeline.retain(|e| scope.reaches(&e.manual.audience));
    }
    let acronyms = Acronyms::new(project.glossary.iter().filter_map(|t| {
        let expansion = t.expansion.as_ref()?;
        Some((t.term.value.clone(), expansion.value.clone()))
    }));

    let primary: BTreeMap<&str, &Manual> = timeline
        .manuals
        .keys()
        .filter_map(|id| Some((id.as_str(), timeline.primary(id)?.manual)))
        .collect();
    let current: BTreeMap<&str, &Manual> = timeline
        .editions()
        .filter(|e| e.release.is_none())
        .map(|e| (e.manual.id.value.as_str(), e.manual))
        .collect();
    let mut tables: Vec<(Vec<*const Manual>, Targets)> = Vec::new();
    let mut table_of = Vec::new();
    for edition in timeline.editions() {
        let set = link_set(edition, &primary, &current);
        let key: Vec<*const Manual> = set.iter().map(|m| *m as *const Manual).collect();
        let index = match tables.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                tables.push((key, Targets::collect(project, &set, lang, scope)));
                tables.len() - 1
            }
        };
        table_of.push(index);
    }
    let editions: Vec<&Edition> = timeline.editions().collect();
    let last = last.filter(|r| {
        r.frames.lang == lang
            && r.frames.office_kind.as_deref() == scope.office_kind
            && r.frames.acronyms == acronyms
    });
    let mut asked = BTreeMap::new();
    let mut manuals: Vec<ManualDoc> = editions
        .iter()
        .zip(&table_of)
        .map(|(edition, &table)| {
            let targets = &tables[table].1;
            let m = edition.manual;
            let resolve = |dest: &str| targets.resolve(dest, &m.id.value);
            let cx = Context {
                resolve: &resolve,
                acronyms: &acronyms,
            };
            let earlier = last.and_then(|r| Earlier::of(r, m, targets));
            let (doc, of_units) = manual_doc(
                project,
                m,
                &cx,
                targets,
                edition.status,
                scope,
                earlier,
                ask,
            );
            asked.insert((m.id.value.clone(), targets::manual_folder(m)), of_units);
            doc
        })
        .collect();
    backrefs::fill(&mut manuals, lang);
    link_versions(&mut manuals, &timeline);
    if scope.office_kind.is_some() {
        keep_versions_in_force_and_upcoming(&mut manuals);
    }
    // The glossary's own links resolve against the current content: the
    // table of an edition that sees the same manuals when there is one.
    let glossary_set: Vec<&Manual> = primary.values().copied().collect();
    let glossary_key: Vec<*const Manual> =
        glossary_set.iter().map(|m| *m as *const Manual).collect();
    let collected;
    let targets = match tables.iter().find(|(k, _)| *k == glossary_key) {
        Some((_, t)) => t,
        None => {
            collected = Targets::collect(project, &glossary_set, lang, scope);
            &collected
        }
    };

    let glossary_cx_resolve = |dest: &str| targets.resolve(dest, "");
    let no_acronyms = Acronyms::default();
    let cx = Context {
        resolve: &glossary_cx_resolve,
        acronyms: &no_acronyms,
    };
    let mut glossary: Vec<TermDoc> = project
        .glossary
        .iter()
        .map(|t| TermDoc {
            term: t.term.value.clone(),
            anchor: targets::term_anchor(&t.term.value),
            url: SiteUrl::page(targets::GLOSSARY_PAGE)
                .with_anchor(targets::term_anchor(&t.term.value)),
            expansion: t.expansion.as_ref().map(|e| e.value.clone()),
            definition: t
                .definition
                .as_ref()
                .map(|d| markdown::inline(&d.value, &cx)),
        })
        .collect();
    glossary.sort_by_key(|t| sort_key(&t.term));

    let editions = editions
        .iter()
        .zip(&table_of)
        .map(|(e, &t)| {
            (
                (e.manual.id.value.clone(), targets::manual_folder(e.manual)),
                t,
            )
        })
        .collect();
    let frames = Frames {
        generation: project.generation,
        office_kind: scope.office_kind.map(str::to_owned),
        lang,
        acronyms,
        tables: tables.into_iter().map(|(_, t)| t).collect(),
        editions,
        asked,
    };
    let doc = Document {
        lang,
        institution: project.settings.institution.clone(),
        site_title: project.settings.site_title.clone(),
        today,
        pdf: crate::document::PdfPage {
            paper: project.settings.pdf.paper.clone(),
            margins_mm: project.settings.pdf.margins_mm,
            standards: project.settings.pdf.standards.clone(),
        },
        manuals,
        glossary,
        glossary_url: SiteUrl::page(targets::GLOSSARY_PAGE),
        office_kind: scope.office_kind.map(str::to_owned),
        recipient: None,
        signing_key: project.public_key.as_ref().map(PublicKeyDoc::of),
    };
    (doc, frames)
}

/// The units of one manual's version as the last resolve made them, with
/// the table of targets they were made from (the other conditions are
/// checked once, in `resolve_again`).
struct Earlier<'r> {
    units: HashMap<&'r str, &'r Arc<UnitDoc>>,
    asked: Option<&'r HashMap<String, Arc<Asked>>>,
    /// The table then, unless it equals the table now.
    before: Option<&'r Targets>,
    generation: u64,
}

impl<'r> Earlier<'r> {
    fn of(last: &'r Reuse, m: &Manual, targets: &Targets) -> Option<Earlier<'r>> {
        let folder = targets::manual_folder(m);
        let key = (m.id.value.clone(), folder.clone());
        let table = &last.frames.tables[*last.frames.editions.get(&key)?];
        // A folder two versions shared would make the match ambiguous.
        let mut same = last.doc.manuals.iter().filter(|d| d.folder == folder);
        let (doc, None) = (same.next()?, same.next()) else {
            return None;
        };
        Some(Earlier {
            units: doc.units.iter().map(|u| (u.code.as_str(), u)).collect(),
            asked: last.frames.asked.get(&key),
            before: (table != targets).then_some(table),
            generation: last.frames.generation,
        })
    }

    /// The unit `u` as made last time, and what making it asked, when its
    /// file has not changed since and the table answers those questions as
    /// it did (`Asked`): shared with the last document. Its place in the
    /// chart and its back references are those of last time; `org_tree` and
    /// `backrefs::fill` set them again, copying the unit only where they
    /// changed.
    fn unit(
        &self,
        project: &Project,
        u: &model::Unit,
        m: &Manual,
        now: &Targets,
    ) -> Option<(Arc<UnitDoc>, Arc<Asked>)> {
        if !project.unchanged_since(u.file, self.generation) {
            return None;
        }
        let code = u.code.value.as_str();
        let doc = self.units.get(code)?;
        let asked = self.asked?.get(code)?;
        if let Some(before) = self.before
            && !asked.same_in(before, now, &m.id.value)
        {
            return None;
        }
        Some((Arc::clone(doc), Arc::clone(asked)))
    }
}

/// The manuals one edition's links see (see `resolve`); editions that see the
/// same set share one table of targets.
fn link_set<'p>(
    edition: &Edition<'p>,
    primary: &BTreeMap<&str, &'p Manual>,
    current: &BTreeMap<&str, &'p Manual>,
) -> Vec<&'p Manual> {
    primary
        .iter()
        .map(|(id, in_force)| {
            if *id == edition.manual.id.value {
                edition.manual
            } else if edition.release.is_none() {
                current.get(id).copied().unwrap_or(in_force)
            } else {
                in_force
            }
        })
        .collect()
}

/// Case- and accent-insensitive order for terms ("Órgano" beside "Organismo").
fn sort_key(text: &str) -> (String, String) {
    (crate::text::fold(text), text.to_owned())
}

#[allow(clippy::too_many_arguments)]
fn manual_doc(
    project: &Project,
    m: &Manual,
    cx: &Context,
    targets: &Targets,
    status: VersionStatus,
    scope: Scope,
    earlier: Option<Earlier>,
    ask: bool,
) -> (ManualDoc, HashMap<String, Arc<Asked>>) {
    let lang = project.settings.language;
    let text = |t: &Option<crate::source::Located<String>>| {
        t.as_ref().map(|t| t.value.clone()).unwrap_or_default()
    };
    let folder = targets::manual_folder(m);
    let title = text(&m.title);
    let header = m
        .header
        .as_ref()
        .map(|h| h.value.clone())
        .unwrap_or_else(|| title.to_uppercase());

    let sections = m
        .sections
        .iter()
        .map(|s| SectionDoc {
            number: s.number,
            title: s.title.value.clone(),
            anchor: format!("s{}", s.number),
            body: match &s.content {
                SectionContent::Body(body) => {
                    SectionBody::Markdown(markdown::blocks(&body.value, cx, 2))
                }
                SectionContent::File { source, .. } => SectionBody::Markdown(
                    source
                        .map(|id| markdown::blocks(&project.sources.get(id).text, cx, 2))
                        .unwrap_or_default(),
                ),
                SectionContent::Generate(g) => match g.value.as_str() {
                    "orgchart" => SectionBody::OrgChart,
                    "units" => SectionBody::Units,
                    "procedures" => SectionBody::Procedures,
                    "forms" => SectionBody::Forms,
                    "guides" => SectionBody::Guides,
                    "glossary" => SectionBody::Glossary,
                    _ => SectionBody::Changes,
                },
                SectionContent::Empty => SectionBody::Markdown(Vec::new()),
            },
        })
        .collect();

    let mut units: Vec<&model::Unit> = m.units.iter().map(|u| &**u).collect();
    units.sort_by_cached_key(|u| code_order(&u.code.value));
    let made: Vec<(Arc<UnitDoc>, Arc<Asked>)> = crate::parallel::map(&units, |u| {
        earlier
            .as_ref()
            .and_then(|e| e.unit(project, u, m, targets))
            .unwrap_or_else(|| {
                if !ask {
                    let doc = unit_doc(m, u, cx, targets, lang, scope);
                    return (Arc::new(doc), Arc::default());
                }
                // What the unit asks of the table, for the next resolve.
                let links = std::sync::Mutex::new(Vec::new());
                let resolve = |dest: &str| {
                    lock(&links).push(dest.to_owned());
                    (cx.resolve)(dest)
                };
                let recording = Context {
                    resolve: &resolve,
                    acronyms: cx.acronyms,
                };
                let doc = unit_doc(m, u, &recording, targets, lang, scope);
                let code = &u.code.value;
                let section_parent = code.rsplit_once('.').map(|(p, _)| p.to_owned());
                let reports_to = u.reports_to.as_ref().map(|r| r.value.clone());
                let asked = Asked {
                    links: std::mem::take(&mut *lock(&links)),
                    units: section_parent.into_iter().chain(reports_to).collect(),
                };
                (Arc::new(doc), Arc::new(asked))
            })
    });
    let asked: HashMap<String, Arc<Asked>> = made
        .iter()
        .filter(|_| ask)
        .map(|(doc, asked)| (doc.code.clone(), Arc::clone(asked)))
        .collect();
    let mut units: Vec<Arc<UnitDoc>> = made.into_iter().map(|(doc, _)| doc).collect();
    let org = org_tree(&mut units);

    let mut changes: Vec<ChangeDoc> = m
        .changes
        .iter()
        .map(|c| ChangeDoc {
            version: c.version.value.clone(),
            date: c.date.as_ref().map(|d| d.value),
            summary: markdown::inline(&c.summary.value, cx),
        })
        .collect();
    changes.sort_by(|a, b| {
        crate::numbering::version_numbers(&b.version)
            .cmp(&crate::numbering::version_numbers(&a.version))
    });

    let procedures = m
        .procedures
        .iter()
        .filter(|p| scope.reaches(&p.audience))
        .map(|p| procedure_doc(&folder, p, cx, targets, scope))
        .collect();
    let forms = m
        .forms
        .iter()
        .filter(|f| scope.reaches(&f.audience))
        .map(|f| form_doc(&folder, f, cx))
        .collect();
    let guides = m
        .guides
        .iter()
        .filter(|g| scope.reaches(&g.audience))
        .map(|g| guide_doc(&folder, g, cx, scope))
        .collect();

    let doc = ManualDoc {
        id: m.id.value.clone(),
        kind: text(&m.kind),
        title,
        code: text(&m.code),
        version: text(&m.version),
        status,
        authorized: m.authorized.as_ref().map(|d| d.value),
        effective: m.effective.as_ref().map(|d| d.value),
        supersedes: m.supersedes.as_ref().map(|s| s.value.clone()),
        header,
        audience: audience(&m.audience),
        signatures: m
            .signatures
            .iter()
            .map(|s| SignatureDoc {
                role: s.role.value.clone(),
                name: s.name.value.clone(),
                position: s.position.as_ref().map(|p| p.value.clone()),
            })
            .collect(),
        sections,
        units,
        number_tree: Default::default(),
        org,
        procedures,
        forms,
        guides,
        changes,
        url: SiteUrl::page(format!("{folder}/index.html")),
        orgchart_url: SiteUrl::page(format!("{folder}/organigrama.html")),
        pdf: Some(SiteUrl::page(format!(
            "{folder}/{}-{}.pdf",
            m.id.value,
            text(&m.version)
        ))),
        changes_url: SiteUrl::page(format!("{folder}/cambios.html")),
        pointer_url: SiteUrl::page(format!("{}/index.html", path_safe(&m.id.value))),
        primary: false,
        versions: Vec::new(),
        diff: None,
        folder,
    };
    (doc, asked)
}

/// A lock whose holder may have panicked: what it holds is still whole.
fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
