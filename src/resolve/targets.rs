//! Where every referable thing lives in the site and what it is called: units,
//! functions and incisos, procedures and their steps, forms and their fields,
//! guides, glossary terms, manuals. Reference links (`unit:7.3.1`, `fn:7.3.1.1/10c`)
//! are resolved against this table.

use std::collections::{BTreeMap, BTreeSet};

use crate::document::{Inline, Rich, SiteUrl, Target};
use crate::i18n::Lang;
use crate::load::Project;
use crate::model::Manual;
use crate::numbering::path_safe;
use crate::reference::{self, Reference};
use crate::resolve::markdown::{self, Context};

/// A unit's page, its name, and the inciso labels of each function.
/// A function left out of this copy has `None`.
type UnitTarget = (SiteUrl, String, Vec<Option<Vec<String>>>);

/// The glossary page, shared by every manual.
pub const GLOSSARY_PAGE: &str = "glosario.html";

#[derive(PartialEq)]
pub struct Targets {
    lang: Lang,
    /// manual id → (front page, title)
    manuals: BTreeMap<String, (SiteUrl, String)>,
    /// (manual id, unit code) → (page, name, inciso labels per function)
    units: BTreeMap<(String, String), UnitTarget>,
    /// clave → (page, name, anchors it has)
    /// Procedures, forms and guides by clave: page, name, and the text an empty
    /// link to each step or field gets, by anchor.
    entries: BTreeMap<String, (SiteUrl, String, BTreeMap<String, String>)>,
    terms: BTreeSet<String>,
}

/// `mo-dir/3.1`: the folder of a manual's version in the site.
pub fn manual_folder(m: &Manual) -> String {
    let version = m.version.as_ref().map(|v| v.value.as_str()).unwrap_or("0");
    format!("{}/{}", path_safe(&m.id.value), path_safe(version))
}

/// The page of a unit: `mo-dir/3.1/7.3.1.1.html`.
pub fn unit_url(m: &Manual, code: &str) -> SiteUrl {
    SiteUrl::page(format!("{}/{}.html", manual_folder(m), path_safe(code)))
}

/// The glossary anchor of a term: `t-CONSAR`.
pub fn term_anchor(term: &str) -> String {
    format!("t-{}", path_safe(term))
}

impl Targets {
    /// The table for a set of manual versions: one version of each manual, the
    /// one this set's links point at.
    ///
    /// What `scope` leaves out is not in the table, so a link to it is shown as
    /// plain text in that copy (a state office's bundle does not link to a
    /// function only the regional ones have).
    pub fn collect(
        project: &Project,
        manuals: &[&Manual],
        lang: Lang,
        scope: super::Scope,
    ) -> Targets {
        let mut t = Targets {
            lang,
            manuals: BTreeMap::new(),
            units: BTreeMap::new(),
            entries: BTreeMap::new(),
            terms: project
                .glossary
                .iter()
                .map(|t| t.term.value.clone())
                .collect(),
        };
        for m in manuals.iter().copied() {
            let folder = manual_folder(m);
            let title = m
                .title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default();
            t.manuals.insert(
                m.id.value.clone(),
                (SiteUrl::page(format!("{folder}/index.html")), title),
            );
            for u in &m.units {
                t.units.insert(
                    (m.id.value.clone(), u.code.value.clone()),
                    (
                        unit_url(m, &u.code.value),
                        u.name.value.clone(),
                        u.functions
                            .iter()
                            .map(|f| {
                                if !scope.reaches(&f.audience) {
                                    return None;
                                }
                                let shown = f.items.iter().map(|i| scope.reaches(&i.audience));
                                Some(
                                    f.labels()
                                        .into_iter()
                                        .zip(shown)
                                        .filter_map(|(label, shown)| shown.then_some(label))
                                        .collect(),
                                )
                            })
                            .collect(),
                    ),
                );
            }
            for p in m.procedures.iter().filter(|p| scope.reaches(&p.audience)) {
                let shown = super::entries::shown_steps(p, scope);
                t.entries.insert(
                    p.code.value.clone(),
                    (
                        SiteUrl::page(format!("{folder}/{}.html", p.code.value)),
                        p.name.value.clone(),
                        p.steps
                            .iter()
                            .zip(&shown)
                            .filter_map(|(s, number)| {
                                let number = (*number)?;
                                let text = lang.t(
                                    format!(
                                        "actividad {number} del procedimiento {}",
                                        p.code.value
                                    ),
                                    format!("step {number} of procedure {}", p.code.value),
                                );
                                Some((s.id.value.clone(), text))
                            })
                            .collect(),
                    ),
                );
            }
            for f in m.forms.iter().filter(|f| scope.reaches(&f.audience)) {
                t.entries.insert(
                    f.code.value.clone(),
                    (
                        SiteUrl::page(format!("{folder}/{}.html", f.code.value)),
                        f.name.value.clone(),
                        f.sections
                            .iter()
                            .flat_map(|s| &s.fields)
                            .enumerate()
                            .map(|(i, field)| {
                                let text = lang.t(
                                    format!(
                                        "campo {} «{}» del formato {}",
                                        i + 1,
                                        field.label.value,
                                        f.code.value
                                    ),
                                    format!(
                                        "field {} “{}” of form {}",
                                        i + 1,
                                        field.label.value,
                                        f.code.value
                                    ),
                                );
                                (field.id.value.clone(), text)
                            })
                            .collect(),
                    ),
                );
            }
            for g in m.guides.iter().filter(|g| scope.reaches(&g.audience)) {
                t.entries.insert(
                    g.code.value.clone(),
                    (
                        SiteUrl::page(format!("{folder}/{}.html", g.code.value)),
                        g.name.value.clone(),
                        BTreeMap::new(),
                    ),
                );
            }
        }
        t
    }

    pub fn has_unit(&self, manual: &str, code: &str) -> bool {
        self.units
            .contains_key(&(manual.to_owned(), code.to_owned()))
    }

    /// A reference destination written in `manual`: its target and the text an
    /// empty link gets. `None` when it does not resolve (check reports that).
    pub fn resolve(&self, destination: &str, manual: &str) -> Option<(Target, Rich)> {
        let text = |s: String| vec![Inline::Text(s)];
        let lang = self.lang;
        let reference = reference::parse(destination)?.ok()?;
        Some(match reference {
            Reference::Unit { manual: m, code } => {
                let m = m.as_deref().unwrap_or(manual);
                let (url, name, _) = self.units.get(&(m.to_owned(), code))?;
                (Target::Site(url.clone()), text(name.clone()))
            }
            Reference::Function {
                manual: m,
                unit,
                number,
                inciso,
            } => {
                let m = m.as_deref().unwrap_or(manual);
                let (url, _, labels) = self.units.get(&(m.to_owned(), unit.clone()))?;
                let function_labels = labels.get(number.checked_sub(1)?)?.as_ref()?;
                match inciso {
                    Some(label) => {
                        if !function_labels.contains(&label) {
                            return None;
                        }
                        (
                            Target::Site(url.with_anchor(format!("f{number}{label}"))),
                            text(lang.t(
                                format!("función {number}, inciso {label}) de la unidad {unit}"),
                                format!("function {number}, item {label}) of unit {unit}"),
                            )),
                        )
                    }
                    None => (
                        Target::Site(url.with_anchor(format!("f{number}"))),
                        text(lang.t(
                            format!("función {number} de la unidad {unit}"),
                            format!("function {number} of unit {unit}"),
                        )),
                    ),
                }
            }
            Reference::Procedure { code, step: anchor }
            | Reference::Form {
                code,
                field: anchor,
            } => {
                let (url, name, anchors) = self.entries.get(&code)?;
                match anchor {
                    Some(a) if anchors.contains_key(&a) => {
                        let label = anchors.get(&a).cloned().unwrap_or_default();
                        (Target::Site(url.with_anchor(a)), text(label))
                    }
                    Some(_) => return None,
                    None => (Target::Site(url.clone()), text(name.clone())),
                }
            }
            Reference::Guide { code } => {
                let (url, name, _) = self.entries.get(&code)?;
                (Target::Site(url.clone()), text(name.clone()))
            }
            Reference::Term { term } => {
                if !self.terms.contains(&term) {
                    return None;
                }
                (
                    Target::Site(SiteUrl::page(GLOSSARY_PAGE).with_anchor(term_anchor(&term))),
                    text(term),
                )
            }
            Reference::Manual { id } => {
                let (url, title) = self.manuals.get(&id)?;
                (Target::Site(url.clone()), text(title.clone()))
            }
        })
    }

    /// A step's `documents:` entry: a bare reference (`form:1000-009-001`) becomes
    /// a link with the target's code and name; free text ("Oficio de
    /// observaciones") stays as written, read as Markdown.
    pub fn document_mention(&self, written: &str, cx: &Context) -> Rich {
        if reference::parse(written.trim()).is_some()
            && let Some((target, name)) = (cx.resolve)(written.trim())
        {
            {
                let code = written
                    .split_once(':')
                    .map(|(_, c)| c.split('#').next().unwrap_or(c))
                    .unwrap_or(written);
                let mut children = vec![Inline::Text(format!("{code} "))];
                children.extend(name);
                return vec![Inline::Link {
                    target: Box::new(target),
                    children,
                }];
            }
        }
        markdown::inline(written, cx)
    }
}
