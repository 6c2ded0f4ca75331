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
pub mod markdown;
mod targets;
pub mod timeline;

use std::collections::BTreeMap;

use crate::date::Date;
use crate::document::*;
use crate::i18n::Lang;
use crate::load::Project;
use crate::model::{self, Manual, SectionContent};
use crate::numbering::{code_order, path_safe};
use markdown::{Acronyms, Context};

use targets::Targets;

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
/// version of every manual (see `release::timeline`), each resolved against its
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
            manual_doc(project, m, &cx, targets, lang, edition.status, scope)
        })
        .collect();
    backrefs::fill(&mut manuals, lang);
    link_versions(&mut manuals, &timeline);
    if scope.office_kind.is_some() {
        keep_versions_in_force_and_upcoming(&mut manuals);
    }
    // The glossary's own links resolve against the current content.
    let targets = Targets::collect(
        project,
        &primary.values().copied().collect::<Vec<_>>(),
        lang,
        scope,
    );

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

    Document {
        lang,
        institution: project.settings.institution.clone(),
        site_title: project.settings.site_title.clone(),
        today,
        pdf: crate::document::PdfPage {
            paper: project.settings.pdf.paper.clone(),
            margins_mm: project.settings.pdf.margins_mm,
        },
        manuals,
        glossary,
        glossary_url: SiteUrl::page(targets::GLOSSARY_PAGE),
        office_kind: scope.office_kind.map(str::to_owned),
        recipient: None,
        signing_key: project.public_key.as_ref().map(PublicKeyDoc::of),
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

/// Each edition learns the other versions of its manual (newest first), whether
/// it is the one `public/<manual>/` opens, and what changed since the version
/// before it. `manuals` arrive in timeline order: by id, oldest version first.
fn link_versions(manuals: &mut [ManualDoc], timeline: &Timeline) {
    let refs: Vec<VersionRef> = manuals.iter().map(VersionRef::of).collect();
    let mut diffs: Vec<Option<crate::document::changes::ManualDiff>> = vec![None; manuals.len()];
    for i in 1..manuals.len() {
        if manuals[i - 1].id == manuals[i].id {
            diffs[i] = Some(crate::resolve::diff::diff(&manuals[i - 1], &manuals[i]));
        }
    }
    // Where each edition's pages and functions are in each other edition of
    // its manual, walking the diffs between adjacent versions.
    let places: Vec<Vec<(String, String)>> = manuals
        .iter()
        .map(crate::resolve::diff::places_of)
        .collect();
    let crossing = |i: usize, j: usize| -> crate::document::crossing::Crossing {
        use crate::resolve::crossing::{Step, cross};
        let step = |k: usize, forward: bool| {
            let diff = diffs[k].as_ref().expect("adjacent editions of one manual");
            Step::of(diff, &manuals[k - 1].folder, &manuals[k].folder, forward)
        };
        let steps: Vec<Step> = if i < j {
            (i + 1..=j).map(|k| step(k, true)).collect()
        } else {
            (j + 1..=i).rev().map(|k| step(k, false)).collect()
        };
        let pages: Vec<String> = refs[i].pages.iter().cloned().collect();
        cross(&pages, &places[i], &steps)
    };
    let crossings: Vec<Vec<VersionRef>> = (0..manuals.len())
        .map(|i| {
            let mut versions: Vec<VersionRef> = Vec::new();
            for (j, r) in refs.iter().enumerate() {
                if r.id == manuals[i].id {
                    let mut r = r.clone();
                    if j != i {
                        r.crossing = crossing(i, j);
                    }
                    versions.push(r);
                }
            }
            versions.reverse();
            versions
        })
        .collect();
    for ((i, m), versions) in manuals.iter_mut().enumerate().zip(crossings) {
        m.primary = timeline
            .primary(&m.id)
            .is_some_and(|e| e.version() == m.version);
        m.versions = versions;
        m.diff = diffs[i].take();
    }
}

/// A bundle carries the versions in force and upcoming only. The superseded
/// ones were resolved all the same, so that what changed since them
/// (`cambios.html`, the PDF's annex) is still said; here they leave, and so do
/// the links into them.
fn keep_versions_in_force_and_upcoming(manuals: &mut Vec<ManualDoc>) {
    let kept =
        |status: VersionStatus| matches!(status, VersionStatus::InForce | VersionStatus::Upcoming);
    let gone: Vec<String> = manuals
        .iter()
        .filter(|m| !kept(m.status))
        .map(|m| format!("{}/", m.folder))
        .collect();
    manuals.retain(|m| kept(m.status));
    for m in manuals.iter_mut() {
        m.versions.retain(|v| kept(v.status));
        if let Some(diff) = &mut m.diff {
            diff.forget_links_into(&gone);
        }
    }
}

/// Case- and accent-insensitive order for terms ("Órgano" beside "Organismo").
fn sort_key(text: &str) -> (String, String) {
    (crate::text::fold(text), text.to_owned())
}

fn manual_doc(
    project: &Project,
    m: &Manual,
    cx: &Context,
    targets: &Targets,
    lang: Lang,
    status: VersionStatus,
    scope: Scope,
) -> ManualDoc {
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

    let mut units: Vec<&model::Unit> = m.units.iter().collect();
    units.sort_by_key(|u| code_order(&u.code.value));
    let mut units: Vec<UnitDoc> =
        crate::parallel::map(&units, |u| unit_doc(m, u, cx, targets, lang, scope));
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

    ManualDoc {
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
    }
}

fn audience(a: &model::Audience) -> Vec<String> {
    a.iter().map(|x| x.value.clone()).collect()
}

fn unit_doc(
    m: &Manual,
    u: &model::Unit,
    cx: &Context,
    targets: &Targets,
    lang: Lang,
    scope: Scope,
) -> UnitDoc {
    let code = u.code.value.clone();
    let url = targets::unit_url(m, &code);
    // Numbers and labels are the official ones, given before anything is left
    // out: a bundle without function 12 goes from 11 to 13, as cited in law.
    let functions = u
        .functions
        .iter()
        .enumerate()
        .filter(|(_, f)| scope.reaches(&f.audience))
        .map(|(i, f)| {
            let number = i + 1;
            let anchor = format!("f{number}");
            let items = f
                .labels()
                .into_iter()
                .zip(&f.items)
                .filter(|(_, item)| scope.reaches(&item.audience))
                .map(|(label, item)| IncisoDoc {
                    anchor: format!("f{number}{label}"),
                    citation: lang.t(
                        format!("función {number}, inciso {label}) de la unidad {code}"),
                        format!("function {number}, item {label}) of unit {code}"),
                    ),
                    label,
                    text: markdown::inline(&item.text.value, cx),
                    audience: audience(&item.audience),
                })
                .collect();
            FunctionDoc {
                number,
                id: f.id.as_ref().map(|i| i.value.clone()),
                anchor,
                text: markdown::inline(&f.text.value, cx),
                items,
                audience: audience(&f.audience),
                citation: lang.t(
                    format!("función {number} de la unidad {code}"),
                    format!("function {number} of unit {code}"),
                ),
                supervised_by: Vec::new(),
            }
        })
        .collect();
    let section_parent = code
        .rsplit_once('.')
        .map(|(p, _)| p.to_owned())
        .filter(|p| targets.has_unit(&m.id.value, p));
    UnitDoc {
        depth: code.matches('.').count(),
        name: u.name.value.clone(),
        objective: u.objective.as_ref().map(|o| markdown::inline(&o.value, cx)),
        functions,
        url,
        reports_to: u
            .reports_to
            .as_ref()
            .map(|r| r.value.clone())
            .filter(|r| targets.has_unit(&m.id.value, r))
            .or(section_parent),
        parent: None,
        children: Vec::new(),
        code,
    }
}

/// The chart's tree: each unit under the unit it reports to; units that report to
/// none are the roots. Fills each unit's `parent` and `children` on the way. A
/// cycle (refused by check) cannot loop here: each unit is placed once.
fn org_tree(units: &mut [UnitDoc]) -> Vec<OrgNode> {
    let index: BTreeMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.as_str(), i))
        .collect();
    let mut parents: Vec<Option<usize>> = vec![None; units.len()];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    let mut roots = Vec::new();
    for (i, u) in units.iter().enumerate() {
        match u.reports_to.as_deref().and_then(|p| index.get(p)) {
            Some(&p) if p != i => {
                children[p].push(i);
                parents[i] = Some(p);
            }
            _ => roots.push(i),
        }
    }
    for (i, u) in units.iter_mut().enumerate() {
        u.parent = parents[i];
        u.children = children[i].clone();
    }
    let mut placed = vec![false; units.len()];
    fn build(i: usize, children: &[Vec<usize>], placed: &mut [bool]) -> OrgNode {
        placed[i] = true;
        let mut nodes = Vec::new();
        for &c in &children[i] {
            if !placed[c] {
                nodes.push(build(c, children, placed));
            }
        }
        OrgNode {
            unit: i,
            children: nodes,
        }
    }
    let mut tree: Vec<OrgNode> = roots
        .into_iter()
        .map(|r| build(r, &children, &mut placed))
        .collect();
    // Units caught in a cycle have no root; show them at the top rather than lose them.
    for i in 0..units.len() {
        if !placed[i] {
            tree.push(build(i, &children, &mut placed));
        }
    }
    tree
}

fn rich_list(items: &[crate::source::Located<String>], cx: &Context) -> Vec<Rich> {
    items
        .iter()
        .map(|i| markdown::inline(&i.value, cx))
        .collect()
}

fn procedure_doc(
    folder: &str,
    p: &model::Procedure,
    cx: &Context,
    targets: &Targets,
    scope: Scope,
) -> ProcedureDoc {
    let shown = shown_steps(p, scope);
    let actor_name = |id: &str| {
        p.actors
            .iter()
            .find(|a| a.id.value == id)
            .map(|a| a.name.value.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    ProcedureDoc {
        code: p.code.value.clone(),
        name: p.name.value.clone(),
        url: SiteUrl::page(format!("{folder}/{}.html", p.code.value)),
        objective: p.objective.as_ref().map(|o| markdown::inline(&o.value, cx)),
        scope: p.scope.as_ref().map(|o| markdown::inline(&o.value, cx)),
        basis: rich_list(&p.basis, cx),
        // Policies keep their official numbers, like functions.
        policies: p
            .policies
            .iter()
            .enumerate()
            .filter(|(_, pol)| scope.reaches(&pol.audience))
            .map(|(i, pol)| PolicyDoc {
                number: i + 1,
                text: markdown::inline(&pol.text.value, cx),
                audience: audience(&pol.audience),
            })
            .collect(),
        definitions: rich_list(&p.definitions, cx),
        actors: p
            .actors
            .iter()
            .map(|a| (a.id.value.clone(), a.name.value.clone()))
            .collect(),
        steps: p
            .steps
            .iter()
            .enumerate()
            .filter(|(i, _)| shown[*i].is_some())
            .map(|(_, s)| s)
            .enumerate()
            .map(|(i, s)| StepDoc {
                number: i + 1,
                anchor: s.id.value.clone(),
                actor: s
                    .actor
                    .as_ref()
                    .map(|a| actor_name(&a.value))
                    .unwrap_or_default(),
                lane: s
                    .actor
                    .as_ref()
                    .and_then(|a| p.actors.iter().position(|x| x.id.value == a.value))
                    .unwrap_or(0),
                document_codes: s.documents.iter().map(|d| form_code(&d.value)).collect(),
                supervised_by: Vec::new(),
                action: s
                    .action
                    .as_ref()
                    .map(|a| markdown::inline(&a.value, cx))
                    .unwrap_or_default(),
                documents: s
                    .documents
                    .iter()
                    .map(|d| targets.document_mention(&d.value, cx))
                    .collect(),
                decision: s.decide.as_ref().map(|d| {
                    (
                        d.question
                            .as_ref()
                            .map(|q| markdown::inline(&q.value, cx))
                            .unwrap_or_default(),
                        d.branches
                            .iter()
                            .map(|b| {
                                (
                                    b.when.value.clone(),
                                    landing(p, &shown, b.goto.value.as_str()).unwrap_or(0),
                                )
                            })
                            .collect(),
                    )
                }),
                goto: s
                    .goto
                    .as_ref()
                    .and_then(|g| landing(p, &shown, g.value.as_str())),
                end: s.end,
                audience: audience(&s.audience),
            })
            .collect(),
        documents: Vec::new(),
        annexes: rich_list(&p.annexes, cx),
        owner: owner(p.owner.as_ref(), cx),
        audience: audience(&p.audience),
    }
    .with_documents()
}

/// The number each step has in this copy, by its place in `p.steps`: `None`
/// for a step whose audience leaves this copy's offices out. The steps shown
/// are numbered 1, 2, 3 ... as the flowchart draws them (a step is not cited
/// in law the way a function is, and the chart's arrows follow the numbers).
pub(crate) fn shown_steps(p: &model::Procedure, scope: Scope) -> Vec<Option<usize>> {
    let mut number = 0;
    p.steps
        .iter()
        .map(|s| {
            scope.reaches(&s.audience).then(|| {
                number += 1;
                number
            })
        })
        .collect()
}

/// Where a jump to the step `id` lands in this copy: that step's number, or,
/// when the step is left out, the number of the first shown step the flow
/// reaches from it (its `goto`, else the next step; check makes sure a step
/// with an audience neither decides nor ends, so it always has one).
fn landing(p: &model::Procedure, shown: &[Option<usize>], id: &str) -> Option<usize> {
    let mut at = p.steps.iter().position(|s| s.id.value == id)?;
    for _ in 0..p.steps.len() {
        if let Some(number) = shown[at] {
            return Some(number);
        }
        let step = &p.steps[at];
        at = match &step.goto {
            Some(g) => p.steps.iter().position(|s| s.id.value == g.value)?,
            None => at + 1,
        };
        if at >= p.steps.len() {
            return None;
        }
    }
    None
}

/// The clave of a step document written as a form reference (`form:9210-009-001`).
fn form_code(written: &str) -> Option<String> {
    match crate::reference::parse(written.trim()) {
        Some(Ok(crate::reference::Reference::Form { code, .. })) => Some(code),
        _ => None,
    }
}

/// An `owner:` reference as the unit's name and page.
fn owner(
    written: Option<&crate::source::Located<String>>,
    cx: &Context,
) -> Option<(String, SiteUrl)> {
    let (target, name) = (cx.resolve)(&written?.value)?;
    match target {
        crate::document::Target::Site(url) => Some((crate::document::plain_text(&name), url)),
        _ => None,
    }
}

impl ProcedureDoc {
    /// Collects the "Relación de documentos que intervienen" from the steps.
    fn with_documents(mut self) -> ProcedureDoc {
        let mut documents: Vec<crate::document::DocumentUse> = Vec::new();
        for step in &self.steps {
            for (text, code) in step.documents.iter().zip(&step.document_codes) {
                let key = crate::document::plain_text(text);
                match documents
                    .iter_mut()
                    .find(|d| crate::document::plain_text(&d.text) == key)
                {
                    Some(d) => {
                        if !d.steps.contains(&step.number) {
                            d.steps.push(step.number);
                        }
                    }
                    None => documents.push(crate::document::DocumentUse {
                        text: text.clone(),
                        code: code.clone(),
                        steps: vec![step.number],
                    }),
                }
            }
        }
        self.documents = documents;
        self
    }
}

fn form_doc(folder: &str, f: &model::Form, cx: &Context) -> FormDoc {
    let mut number = 0;
    FormDoc {
        code: f.code.value.clone(),
        name: f.name.value.clone(),
        url: SiteUrl::page(format!("{folder}/{}.html", f.code.value)),
        purpose: f.purpose.as_ref().map(|p| markdown::inline(&p.value, cx)),
        owner: owner(f.owner.as_ref(), cx),
        sections: f
            .sections
            .iter()
            .map(|s| FormSectionDoc {
                title: s.title.value.clone(),
                fields: s
                    .fields
                    .iter()
                    .map(|field| {
                        number += 1;
                        FormFieldDoc {
                            number,
                            anchor: field.id.value.clone(),
                            label: field.label.value.clone(),
                            kind: field
                                .kind
                                .as_ref()
                                .map(|k| k.value.clone())
                                .unwrap_or_else(|| "text".into()),
                            length: field.length.as_ref().map(|l| l.value),
                            required: field.required,
                            options: field.options.iter().map(|o| o.value.clone()).collect(),
                            instructions: field
                                .instructions
                                .as_ref()
                                .map(|i| markdown::inline(&i.value, cx)),
                        }
                    })
                    .collect(),
            })
            .collect(),
        copies: f
            .copies
            .iter()
            .map(|c| (c.copy.value.clone(), c.recipient.value.clone()))
            .collect(),
        used_by: Vec::new(),
        audience: f.audience.iter().map(|a| a.value.clone()).collect(),
    }
}

fn guide_doc(folder: &str, g: &model::Guide, cx: &Context, scope: Scope) -> GuideDoc {
    let mut number = 0;
    GuideDoc {
        code: g.code.value.clone(),
        name: g.name.value.clone(),
        url: SiteUrl::page(format!("{folder}/{}.html", g.code.value)),
        owner: owner(g.owner.as_ref(), cx),
        audience: audience(&g.audience),
        scale: g.scale.iter().map(|s| s.value.clone()).collect(),
        sections: g
            .sections
            .iter()
            .map(|s| GuideSectionDoc {
                title: s.title.value.clone(),
                // Items keep the numbers of the full guide.
                items: s
                    .items
                    .iter()
                    .filter_map(|item| {
                        number += 1;
                        if !scope.reaches(&item.audience) {
                            return None;
                        }
                        Some(GuideItemDoc {
                            number,
                            anchor: format!("r{number}"),
                            text: markdown::inline(&item.check.value, cx),
                            evidence: item
                                .evidence
                                .as_ref()
                                .map(|e| markdown::inline(&e.value, cx)),
                            basis: rich_list(&item.basis, cx),
                            audience: audience(&item.audience),
                        })
                    })
                    .collect(),
            })
            .collect(),
    }
}
