//! Reference rules (spec §8): every `[](unit:…)`, `[](fn:…)`, `[](form:…)` … link in
//! Markdown, every `owner:` and every step document must point at something that
//! exists; an unknown target gets a hint with the closest existing one.

use crate::diagnostic::{Diagnostics, closest, did_you_mean};
use crate::i18n::Lang;
use crate::load::Project;
use crate::model::Manual;
use crate::reference::{self, Malformed, Reference, SCHEMES};
use std::collections::HashMap;

use crate::source::{FileId, Loc};

use super::index::Index;
use super::lang;
use super::texts::{Text, kept_for, locate, runs};

/// What to do about a reference Markdown did not take as a link: a space
/// between "]" and "(", a ")" missing after a reference, or spaces in the
/// destination.
fn malformed_hint(written: &str, inner: &str, lang: Lang) -> String {
    let (label, rest) = written.split_once(']').unwrap_or((written, ""));
    if rest.starts_with(char::is_whitespace) {
        let joined = format!("{label}]({inner})");
        return lang.t(
            format!("quite el espacio entre «]» y «(»: {joined}"),
            format!("take out the space between “]” and “(”: {joined}"),
        );
    }
    let inner = inner.trim();
    // `unit: 7.2`: the space after the kind is the slip.
    if let Some((scheme, rest)) = inner.split_once(':')
        && SCHEMES.contains(&scheme)
        && rest.starts_with(char::is_whitespace)
    {
        let joined = format!("{label}]({scheme}:{})", rest.trim_start());
        return lang.t(
            format!("quite el espacio después de «{scheme}:»: {joined}"),
            format!("take out the space after “{scheme}:”: {joined}"),
        );
    }
    // A term's name may hold spaces: the whole destination goes between < >.
    if inner.starts_with("term:") {
        return lang.t(
            format!("un término con espacios va entre < >: {label}](<{inner}>)"),
            format!("a term with spaces goes between < >: {label}](<{inner}>)"),
        );
    }
    let first = inner.split_whitespace().next().unwrap_or("");
    if first.len() < inner.len() && matches!(reference::parse(first), Some(Ok(_))) {
        return lang.t(
            format!("falta el «)» que cierra el enlace: escriba {label}]({first}) y siga el texto después"),
            format!("the “)” that closes the link is missing: write {label}]({first}) and go on with the text after it"),
        );
    }
    lang.t(
        format!("si el destino lleva espacios, escríbalo entre < >: {label}](<{inner}>)"),
        format!("if the destination has spaces, write it between < >: {label}](<{inner}>)"),
    )
}

/// Link schemes that are not norma's and are left alone.
const WEB_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp"];

/// What one run of texts holds for these rules, in text order: the findings
/// that depend on the text alone (a reference Markdown did not take as a
/// link), and each link with where it is and what holds it, to be checked
/// against the project.
#[derive(Clone)]
pub(super) struct Extracted {
    /// The manual the texts are in (a link without one points into it).
    manual: String,
    items: Vec<Item>,
}

#[derive(Clone)]
enum Item {
    Found(crate::diagnostic::Diagnostic),
    Link {
        destination: String,
        label: String,
        at: Loc,
        what: String,
    },
}

/// `norma serve`'s links of the last check, by unit file, and the language
/// their findings speak.
pub(super) type Kept = (Lang, HashMap<FileId, Extracted>);

/// Runs the rules. With `kept` (see `super::Memo`), the texts of a unit
/// whose file has not changed since the load numbered `since` are not read
/// again: their links, as read last time, are checked against the project as
/// it is now. Returns what the next check may keep.
pub(super) fn check(
    project: &Project,
    index: &Index,
    diags: &mut Diagnostics,
    kept: Option<(Kept, u64)>,
    keep: bool,
) -> Kept {
    let lang = lang(project);
    let (mut last, since) = match kept {
        Some(((k, files), since)) if k == lang => (files, since),
        _ => (HashMap::new(), 0),
    };
    let mut now = HashMap::new();
    for run in runs(project) {
        let manual = run.manual();
        let (file, kept) = kept_for(project, &run, since, &mut last);
        let kept = kept.filter(|e| e.manual == manual.id.value);
        let extracted = kept.unwrap_or_else(|| Extracted {
            manual: manual.id.value.clone(),
            items: run
                .texts()
                .iter()
                .flat_map(|t| extract(project, t, lang))
                .collect(),
        });
        for item in &extracted.items {
            match item {
                Item::Found(d) => diags.push(d.clone()),
                Item::Link {
                    destination,
                    label,
                    at,
                    what,
                } => check_destination(
                    project,
                    (destination, label),
                    *at,
                    manual,
                    what,
                    index,
                    lang,
                    diags,
                ),
            }
        }
        if let Some(file) = file.filter(|_| keep) {
            now.insert(file, extracted);
        }
    }
    for manual in &project.manuals {
        let owners = manual
            .procedures
            .iter()
            .filter_map(|p| p.owner.as_ref())
            .chain(manual.forms.iter().filter_map(|f| f.owner.as_ref()))
            .chain(manual.guides.iter().filter_map(|g| g.owner.as_ref()));
        for owner in owners {
            let what = lang.t("el campo «owner»", "the “owner” field");
            match reference::parse(&owner.value) {
                Some(Ok(r @ Reference::Unit { .. })) => {
                    if let Err(unresolved) = resolve(&r, manual, index, lang) {
                        report_unknown(
                            project,
                            &owner.value,
                            (owner.at, None),
                            &what,
                            unresolved,
                            lang,
                            diags,
                        );
                    }
                }
                _ => diags.error(
                    "E-REF-MALFORMED",
                    owner.at,
                    lang.t(
                        format!(
                            "«owner» debe ser una referencia a una unidad, no «{}»",
                            owner.value
                        ),
                        format!(
                            "“owner” must be a reference to a unit, not “{}”",
                            owner.value
                        ),
                    ),
                    Some(lang.t(
                        "por ejemplo: owner: unit:mo-dir/7.2.1.2.1",
                        "for example: owner: unit:mo-dir/7.2.1.2.1",
                    )),
                ),
            }
        }
        for procedure in &manual.procedures {
            for step in &procedure.steps {
                for document in &step.documents {
                    // Free text names a document that is not a form ("Oficio de
                    // notificación"); a reference must resolve.
                    if let Some(Ok(Reference::Form { code, .. })) =
                        reference::parse(&document.value)
                        && !index.forms.contains_key(code.as_str())
                    {
                        unknown_form(
                            project, procedure, step, document, &code, index, lang, diags,
                        );
                    } else if let Some(meant) = reference::parse(&document.value)
                        .is_none()
                        .then(|| bare_reference(document.value.trim(), manual, index))
                        .flatten()
                    {
                        diags.warning(
                            "W-REF-BARE",
                            document.at,
                            lang.t(
                                format!(
                                    "«{}» en los documentos de la actividad «{}» del procedimiento {} es una clave escrita como texto: se imprime sin enlace ni nombre, y la relación de documentos la cuenta aparte",
                                    document.value, step.id.value, procedure.code.value
                                ),
                                format!(
                                    "“{}” in the documents of step “{}” of procedure {} is a clave written as text: it prints with no link nor name, and the list of documents counts it apart",
                                    document.value, step.id.value, procedure.code.value
                                ),
                            ),
                            Some(did_you_mean(lang, &meant)),
                        );
                    } else if reference::parse(&document.value).is_some() {
                        let what = lang.t(
                            format!(
                                "los documentos de la actividad «{}» del procedimiento {}",
                                step.id.value, procedure.code.value
                            ),
                            format!(
                                "the documents of step “{}” of procedure {}",
                                step.id.value, procedure.code.value
                            ),
                        );
                        check_destination(
                            project,
                            (&document.value, ""),
                            document.at,
                            manual,
                            &what,
                            index,
                            lang,
                            diags,
                        );
                    }
                }
            }
        }
    }
    (lang, now)
}

/// The references in one text, as `Item`s.
fn extract(project: &Project, text: &Text, lang: Lang) -> Vec<Item> {
    let mut items = Vec::new();
    let mut diags = Diagnostics::default();
    let mut cursor = 0;
    for written in reference::unparsed_references(text.text) {
        let inner = written
            .split_once(']')
            .map_or("", |(_, d)| d.trim_start().trim_start_matches('('))
            .trim_end_matches(')');
        // Its first word: a folded YAML text may break the rest across lines.
        let needle = written.split_whitespace().next().unwrap_or("");
        let mut from = 0;
        let at = locate(project, text.at, needle, &mut from);
        diags.error(
            "E-REF-MALFORMED",
            at,
            lang.t(
                format!(
                    "«{written}» en {} no es un enlace: Markdown no lo toma como tal y se imprimiría tal cual",
                    text.what(lang)
                ),
                format!(
                    "“{written}” in {} is not a link: Markdown does not take it as one and it would print as written",
                    text.what(lang)
                ),
            ),
            Some(malformed_hint(&written, inner, lang)),
        );
    }
    items.extend(diags.iter().cloned().map(Item::Found));
    for (destination, label) in reference::links(text.text) {
        let at = locate(project, text.at, &destination, &mut cursor);
        items.push(Item::Link {
            destination,
            label,
            at,
            what: text.what(lang),
        });
    }
    items
}

/// The reference `written` stands for when it is a unit code of `manual` or
/// a clave of the project written without its scheme (`7.2.1.2.1`,
/// `9210-009-002`).
/// A unit number or a clave as written, with no kind: `7.2.1.9`,
/// `9210-003-203`, with an optional `#anchor`.
fn looks_like_code(written: &str) -> bool {
    let code = written.trim().split('#').next().unwrap_or("");
    code.starts_with(|c: char| c.is_ascii_digit())
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
}

fn bare_reference(written: &str, manual: &Manual, index: &Index) -> Option<String> {
    // A reference with its kind in capitals (`Form:9210-009-001`) is not one.
    if let Some((scheme, rest)) = written.split_once(':') {
        let lower = scheme.to_lowercase();
        if lower != scheme && SCHEMES.contains(&lower.as_str()) {
            return Some(format!("{lower}:{}", rest.trim()));
        }
    }
    let (code, anchor) = match written.split_once('#') {
        Some((c, a)) => (c, format!("#{a}")),
        None => (written, String::new()),
    };
    if index.units.contains_key(&(manual.id.value.as_str(), code)) {
        return Some(format!("unit:{code}"));
    }
    let scheme = if index.procedures.contains_key(code) {
        "proc"
    } else if index.forms.contains_key(code) {
        "form"
    } else if index.guides.contains_key(code) {
        "guide"
    } else {
        return None;
    };
    Some(format!("{scheme}:{code}{anchor}"))
}

/// A step's document names a form that is in no forms catalog of the project.
#[allow(clippy::too_many_arguments)]
fn unknown_form(
    project: &Project,
    procedure: &crate::model::Procedure,
    step: &crate::model::Step,
    document: &crate::source::Located<String>,
    code: &str,
    index: &Index,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    if project.lost_in(None) {
        return;
    }
    let hint = match closest(code, index.forms.keys().copied()) {
        Some(best) => lang.t(
            format!("¿quiso decir form:{best}?"),
            format!("did you mean form:{best}?"),
        ),
        None => lang.t(
            "declare el formato en un catálogo de formatos (kind: forms) o escriba el documento como texto libre",
            "declare the form in a forms catalog (kind: forms) or write the document as free text",
        ),
    };
    diags.error(
        "E-PROC-FORM",
        document.at,
        lang.t(
            format!(
                "la actividad «{}» del procedimiento {} usa el formato {code}, que no existe",
                step.id.value, procedure.code.value
            ),
            format!(
                "step “{}” of procedure {} uses form {code}, which does not exist",
                step.id.value, procedure.code.value
            ),
        ),
        Some(hint),
    );
}

#[allow(clippy::too_many_arguments)]
fn check_destination(
    project: &Project,
    (destination, label): (&str, &str),
    at: Loc,
    manual: &Manual,
    what: &str,
    index: &Index,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    match reference::parse(destination) {
        None => {
            let Some(scheme) = reference::scheme_of(destination) else {
                // A unit code or a clave written without its kind: a relative
                // address to nowhere that would print as nothing.
                if let Some(meant) = bare_reference(destination.trim(), manual, index) {
                    diags.error(
                        "E-REF-MALFORMED",
                        at,
                        lang.t(
                            format!("«{destination}» en {what} no dice qué es: sin «unit:», «proc:», «form:» o «guide:» no es una referencia y el enlace no llevaría a ninguna parte"),
                            format!("“{destination}” in {what} does not say what it is: without “unit:”, “proc:”, “form:” or “guide:” it is not a reference and the link would lead nowhere"),
                        ),
                        Some(did_you_mean(lang, &meant)),
                    );
                } else if label.trim().is_empty() || looks_like_code(destination) {
                    // The same, to a number that is nothing in the project: it
                    // would print as nothing (or as its label) with a link to
                    // nowhere, and no reader could tell.
                    let code = destination.trim();
                    diags.error(
                        "E-REF-MALFORMED",
                        at,
                        lang.t(
                            format!("«{destination}» en {what} no dice qué es ni hay unidad, procedimiento, formato o guía con ese número: el enlace no llevaría a ninguna parte"),
                            format!("“{destination}” in {what} does not say what it is, and no unit, procedure, form or guide has that number: the link would lead nowhere"),
                        ),
                        Some(lang.t(
                            format!("escriba el tipo y revise el número: [](unit:{code}) para una unidad, [](proc:…), [](form:…) o [](guide:…) para una clave"),
                            format!("write its kind and check the number: [](unit:{code}) for a unit, [](proc:…), [](form:…) or [](guide:…) for a clave"),
                        )),
                    );
                }
                return;
            };
            if WEB_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
                return;
            }
            let hint = match closest(scheme, SCHEMES.iter().copied()) {
                Some(best) => lang.t(
                    format!("¿quiso decir «{best}:»?"),
                    format!("did you mean “{best}:”?"),
                ),
                None => lang.t(
                    format!(
                        "las referencias de norma empiezan con: {}",
                        SCHEMES.join(":, ") + ":"
                    ),
                    format!("norma references start with: {}", SCHEMES.join(":, ") + ":"),
                ),
            };
            diags.error(
                "E-REF-MALFORMED",
                at,
                lang.t(
                    format!("«{destination}» en {what} no es un tipo de referencia de norma"),
                    format!("“{destination}” in {what} is not a kind of norma reference"),
                ),
                Some(hint),
            );
        }
        Some(Err(malformed)) => {
            let example = match malformed {
                Malformed::FunctionShape => lang.t(
                    "una función se cita como fn:UNIDAD/NÚMERO, con inciso opcional: fn:7.3.1.1/10 o fn:7.3.1.1/10c",
                    "a function is cited as fn:UNIT/NUMBER, with an optional item: fn:7.3.1.1/10 or fn:7.3.1.1/10c",
                ),
                Malformed::Empty => lang.t(
                    "escriba el destino después de los dos puntos, por ejemplo unit:7.3.1",
                    "write the target after the colon, for example unit:7.3.1",
                ),
            };
            diags.error(
                "E-REF-MALFORMED",
                at,
                lang.t(
                    format!("la referencia «{destination}» en {what} está mal escrita"),
                    format!("the reference “{destination}” in {what} is malformed"),
                ),
                Some(example),
            );
        }
        Some(Ok(r)) => {
            if let Err((message, hint)) = resolve(&r, manual, index, lang) {
                // The link's own words name the unit it meant (after a
                // renumbering, 5.4 is now 5.5): that beats the nearest code.
                let hint = named_unit(&r, label, manual, index, lang).or(hint);
                let file = entry_file(project, &r, manual, index);
                report_unknown(
                    project,
                    destination,
                    (at, file),
                    what,
                    (message, hint),
                    lang,
                    diags,
                );
            }
        }
    }
}

/// For a unit or function reference that leads nowhere, the unit of the
/// manual whose name the link's words are, as a hint.
fn named_unit(
    r: &Reference,
    label: &str,
    here: &Manual,
    index: &Index,
    lang: Lang,
) -> Option<String> {
    let Reference::Unit { manual, .. } = r else {
        return None;
    };
    let words = crate::text::fold(label.trim());
    if words.chars().count() < 6 {
        return None;
    }
    let manual = manual.as_deref().unwrap_or(here.id.value.as_str());
    let prefix = if manual == here.id.value {
        String::new()
    } else {
        format!("{manual}/")
    };
    let (_, unit) = index
        .units
        .iter()
        .filter(|((m, _), _)| *m == manual)
        .map(|(_, u)| {
            (
                strsim::jaro_winkler(&words, &crate::text::fold(&u.name.value)),
                u,
            )
        })
        .filter(|(score, _)| *score > 0.93)
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    Some(lang.t(
        format!(
            "el texto del enlace nombra la unidad {}, «{}»: ¿quiso decir unit:{prefix}{}?",
            unit.code.value, unit.name.value, unit.code.value
        ),
        format!(
            "the link's words name unit {}, “{}”: did you mean unit:{prefix}{}?",
            unit.code.value, unit.name.value, unit.code.value
        ),
    ))
}

/// The file of the entry whose part a reference names (the unit of a
/// function, the procedure of a step, the form of a field), or the
/// glossary's for a term: a part missing from it may be lost in an error
/// of that file (`Project::lost_in`).
fn entry_file(project: &Project, r: &Reference, here: &Manual, index: &Index) -> Option<FileId> {
    match r {
        Reference::Function { manual, unit, .. } => {
            let manual = manual.as_deref().unwrap_or(&here.id.value);
            index.units.get(&(manual, unit.as_str())).map(|u| u.file)
        }
        Reference::Procedure {
            code,
            step: Some(_),
        } => index.procedures.get(code.as_str()).map(|p| p.file),
        Reference::Form {
            code,
            field: Some(_),
        } => index.forms.get(code.as_str()).map(|f| f.file),
        Reference::Term { .. } => project
            .files_with_errors
            .iter()
            .copied()
            .find(|f| project.sources.get(*f).path == "content/glossary.yaml"),
        _ => None,
    }
}

/// A reference that leads nowhere, unless its target may be lost in a file
/// with an error (`file`: see `entry_file`).
fn report_unknown(
    project: &Project,
    destination: &str,
    (at, file): (Loc, Option<FileId>),
    what: &str,
    (message, hint): Unresolved,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    if project.lost_in(file) {
        return;
    }
    diags.error(
        "E-REF-UNKNOWN",
        at,
        lang.t(
            format!("la referencia «{destination}» en {what} no lleva a nada: {message}"),
            format!("the reference “{destination}” in {what} leads nowhere: {message}"),
        ),
        hint,
    );
}

fn suggest_code(lang: Lang, best: Option<&str>, prefix: &str) -> Option<String> {
    best.map(|b| {
        lang.t(
            format!("¿quiso decir {prefix}{b}?"),
            format!("did you mean {prefix}{b}?"),
        )
    })
}

type Unresolved = (String, Option<String>);

/// Whether a reference's target exists; if not, what is wrong and a hint.
fn resolve(r: &Reference, here: &Manual, index: &Index, lang: Lang) -> Result<(), Unresolved> {
    let manual_of = |id: &Option<String>| -> Result<&str, Unresolved> {
        match id {
            None => Ok(here.id.value.as_str()),
            Some(id) if index.manuals.contains_key(id.as_str()) => Ok(index
                .manuals
                .get_key_value(id.as_str())
                .map(|(k, _)| *k)
                .unwrap_or("")),
            Some(id) => Err((
                lang.t(
                    format!("el manual «{id}» no existe"),
                    format!("manual “{id}” does not exist"),
                ),
                suggest_code(lang, closest(id, index.manuals.keys().copied()), ""),
            )),
        }
    };
    let unit_in = |manual: &str, code: &str| -> Result<&crate::model::Unit, Unresolved> {
        if let Some(unit) = index.units.get(&(manual, code)) {
            return Ok(unit);
        }
        let codes = index.unit_codes(manual);
        let mut hint = suggest_code(lang, closest_unit(code, codes.iter().copied()), "");
        if manual == here.id.value
            && let Some((other, _)) = index.units.keys().find(|(m, c)| *c == code && *m != manual)
        {
            hint = Some(lang.t(
                format!("la unidad {code} está en el manual {other}: escriba {other}/{code}"),
                format!("unit {code} is in manual {other}: write {other}/{code}"),
            ));
        }
        Err((
            lang.t(
                format!("no existe la unidad {code} en el manual {manual}"),
                format!("unit {code} does not exist in manual {manual}"),
            ),
            hint,
        ))
    };
    match r {
        Reference::Unit { manual, code } => {
            let manual = manual_of(manual)?;
            unit_in(manual, code).map(|_| ())
        }
        Reference::Function {
            manual,
            unit,
            number,
            inciso,
        } => {
            let manual = manual_of(manual)?;
            let unit = unit_in(manual, unit)?;
            let code = &unit.code.value;
            let count = unit.functions.len();
            let Some(function) = number.checked_sub(1).and_then(|i| unit.functions.get(i)) else {
                return Err((
                    lang.t(
                        format!("la unidad {code} tiene {count} funciones; no existe la función {number}"),
                        format!("unit {code} has {count} functions; there is no function {number}"),
                    ),
                    None,
                ));
            };
            if let Some(inciso) = inciso {
                let labels = function.labels();
                let plain: Vec<&str> = labels.iter().map(|l| l.trim_end_matches(')')).collect();
                if !plain.contains(&inciso.as_str()) {
                    let list = if plain.is_empty() {
                        lang.t("la función no tiene incisos", "the function has no items")
                    } else {
                        let shown: Vec<String> = plain.iter().map(|l| format!("{l})")).collect();
                        lang.t(
                            format!("sus incisos son {}", shown.join(", ")),
                            format!("its items are {}", shown.join(", ")),
                        )
                    };
                    return Err((
                        lang.t(
                            format!("la función {number} de {code} no tiene inciso {inciso})"),
                            format!("function {number} of {code} has no item {inciso})"),
                        ),
                        Some(list),
                    ));
                }
            }
            Ok(())
        }
        Reference::Procedure { code, step } => {
            let Some(p) = index.procedures.get(code.as_str()) else {
                return Err((
                    lang.t(
                        format!("no existe el procedimiento {code}"),
                        format!("procedure {code} does not exist"),
                    ),
                    suggest_code(
                        lang,
                        closest(code, index.procedures.keys().copied()),
                        "proc:",
                    ),
                ));
            };
            if let Some(step) = step
                && !p.steps.iter().any(|s| &s.id.value == step)
            {
                // The printed number of an activity: steps are cited by id.
                if let Ok(n) = step.parse::<usize>()
                    && let Some(s) = n.checked_sub(1).and_then(|i| p.steps.get(i))
                {
                    let hint = if s.explicit_id {
                        lang.t(
                            format!(
                                "la actividad {n} tiene el id «{}»: escriba proc:{code}#{}",
                                s.id.value, s.id.value
                            ),
                            format!(
                                "step {n} has the id “{}”: write proc:{code}#{}",
                                s.id.value, s.id.value
                            ),
                        )
                    } else {
                        lang.t(
                            format!("dé a la actividad {n} un id (por ejemplo «id: revisa-solicitud») y cítela con él: proc:{code}#revisa-solicitud"),
                            format!("give step {n} an id (for example “id: review-request”) and cite it with it: proc:{code}#review-request"),
                        )
                    };
                    return Err((
                        lang.t(
                            format!("«#{step}» cita la actividad por su número; en una referencia las actividades se citan por su id, que no cambia si se insertan otras"),
                            format!("“#{step}” cites the step by its number; a reference cites steps by their id, which does not change when others are inserted"),
                        ),
                        Some(hint),
                    ));
                }
                return Err((
                    lang.t(
                        format!("el procedimiento {code} no tiene la actividad «{step}»"),
                        format!("procedure {code} has no step “{step}”"),
                    ),
                    suggest_code(
                        lang,
                        closest(step, p.steps.iter().map(|s| s.id.value.as_str())),
                        "",
                    ),
                ));
            }
            Ok(())
        }
        Reference::Form { code, field } => {
            let Some(f) = index.forms.get(code.as_str()) else {
                return Err((
                    lang.t(
                        format!("no existe el formato {code}"),
                        format!("form {code} does not exist"),
                    ),
                    suggest_code(lang, closest(code, index.forms.keys().copied()), "form:"),
                ));
            };
            if let Some(field) = field {
                let ids = || {
                    f.sections
                        .iter()
                        .flat_map(|s| &s.fields)
                        .map(|x| x.id.value.as_str())
                };
                if !ids().any(|id| id == field) {
                    return Err((
                        lang.t(
                            format!("el formato {code} no tiene el campo «{field}»"),
                            format!("form {code} has no field “{field}”"),
                        ),
                        suggest_code(lang, closest(field, ids()), ""),
                    ));
                }
            }
            Ok(())
        }
        Reference::Guide { code } => match index.guides.contains_key(code.as_str()) {
            true => Ok(()),
            false => Err((
                lang.t(
                    format!("no existe la guía {code}"),
                    format!("guide {code} does not exist"),
                ),
                suggest_code(lang, closest(code, index.guides.keys().copied()), "guide:"),
            )),
        },
        Reference::Term { term } => match index.terms.contains_key(term.as_str()) {
            true => Ok(()),
            false => Err((
                lang.t(
                    format!("el término «{term}» no está en el glosario"),
                    format!("term “{term}” is not in the glossary"),
                ),
                suggest_code(lang, closest(term, index.terms.keys().copied()), "term:").or_else(
                    || {
                        Some(lang.t(
                            "agréguelo a content/glossary.yaml",
                            "add it to content/glossary.yaml",
                        ))
                    },
                ),
            )),
        },
        Reference::Manual { id } => manual_of(&Some(id.clone())).map(|_| ()),
    }
}

/// The unit code likely meant by `code`: one of the same depth that differs
/// in one number (7.2.1.3.1 for 7.2.1.2.1), the closest of those. Closeness
/// of letters alone would offer a deleted unit's parent (7.2.1.2 for
/// 7.2.1.2.1), another unit, and the author would point every reference there.
fn closest_unit<'a>(code: &str, codes: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let parts: Vec<&str> = code.split('.').collect();
    // A unit whose own code is wrong (`7.3.01`, an error of its own) is
    // never offered.
    let near = codes
        .into_iter()
        .filter(|c| {
            let other: Vec<&str> = c.split('.').collect();
            other.len() == parts.len()
                && other.iter().zip(&parts).filter(|(a, b)| a != b).count() == 1
        })
        .filter(|c| crate::numbering::is_unit_code(c));
    closest(code, near)
}

#[cfg(test)]
mod closest_unit_tests {
    use super::closest_unit;

    #[test]
    fn a_missing_unit_is_offered_a_sibling_typo_never_its_parent() {
        let codes = ["7.2", "7.2.1", "7.2.1.2", "7.2.1.3.1", "7.3.1.1"];
        assert_eq!(closest_unit("7.2.1.2.1", codes), Some("7.2.1.3.1"));
        assert_eq!(closest_unit("7.2.1.2.1", ["7.2.1.2", "7.2.1"]), None);
        assert_eq!(closest_unit("7.3.1.2", codes), Some("7.3.1.1"));
        assert_eq!(closest_unit("9.9.9.9", codes), None);
        assert_eq!(closest_unit("7.3.1", ["7.3.01", "7.3.2"]), Some("7.3.2"));
        assert_eq!(closest_unit("7.3.1", ["7.3.01"]), None);
    }
}
