//! Unit rules: code shape, the units section number, section parents, `reports_to`
//! and its cycles, function ids, and the official inciso labels.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostics, closest, did_you_mean};
use crate::i18n::Lang;
use crate::load::Project;
use crate::model::unit::letter;
use crate::model::{Function, Manual, Unit};

use super::lang;

pub fn check(project: &Project, diags: &mut Diagnostics) {
    let lang = lang(project);
    for manual in &project.manuals {
        if manual.units.is_empty() {
            continue;
        }
        let codes: BTreeSet<&str> = manual.units.iter().map(|u| u.code.value.as_str()).collect();
        check_units_section(manual, lang, diags);
        for unit in &manual.units {
            if !check_code_shape(unit, lang, diags) {
                continue;
            }
            if !project.lost_in(None) {
                check_parent(project, manual, unit, &codes, lang, diags);
                check_reports_to(unit, &codes, lang, diags);
            }
            // After an error in its file (a misspelt «functions») this would
            // only repeat it.
            if !project.files_with_errors.contains(&unit.file) && unit.functions.is_empty() {
                diags.warning(
                    "W-UNIT-NO-FUNCTIONS",
                    unit.at,
                    lang.t(
                        format!("la unidad {} no tiene funciones: se publicaría sin su apartado «Funciones»", unit.code.value),
                        format!("unit {} has no functions: it would be published without its “Funciones” part", unit.code.value),
                    ),
                    Some(lang.t(
                        "escriba sus funciones en «functions:», una por línea empezando con «- »",
                        "write its functions under “functions:”, one per line starting with “- ”",
                    )),
                );
            }
            check_function_ids(unit, lang, diags);
            for (i, function) in unit.functions.iter().enumerate() {
                check_incisos(unit, i + 1, function, lang, diags);
                // "…en las materias siguientes:" with its incisos written as
                // functions of their own, below it.
                if function.items.is_empty() && function.text.value.trim_end().ends_with(':') {
                    diags.warning(
                        "W-FN-NO-INCISOS",
                        function.text.at,
                        lang.t(
                            format!("la función {} de {} termina en «:» pero no tiene incisos: se imprimiría anunciando una lista que no sigue", i + 1, unit.code.value),
                            format!("function {} of {} ends in “:” but has no items: it would print announcing a list that does not follow", i + 1, unit.code.value),
                        ),
                        Some(lang.t(
                            "si las funciones que siguen son sus incisos, escríbalas bajo «items:» de esta función («- text: …» y debajo «items:» con un «- » por inciso); si no, termine el texto con «.»",
                            "if the functions after it are its items, write them under this function's “items:” (“- text: …” and below it “items:” with one “- ” per item); if not, end the text with “.”",
                        )),
                    );
                }
            }
        }
        check_cycles(manual, &codes, lang, diags);
    }
}

/// Parts of a unit code: `7.3.1.1` → [7, 3, 1, 1].
fn code_parts(code: &str) -> Option<Vec<u32>> {
    crate::numbering::version_numbers(code)
}

fn check_code_shape(unit: &Unit, lang: Lang, diags: &mut Diagnostics) -> bool {
    let code = &unit.code.value;
    match code_parts(code) {
        // 7.3.01 would be a unit beside 7.3.1, read by everyone as the same.
        Some(parts)
            if parts.len() >= 2 && code.split('.').any(|p| p.len() > 1 && p.starts_with('0')) =>
        {
            let plain: Vec<String> = parts.iter().map(u32::to_string).collect();
            let plain = plain.join(".");
            diags.error(
                "E-UNIT-CODE",
                unit.code.at,
                lang.t(
                    format!("el código de unidad «{code}» tiene un número que empieza con cero: se leería como {plain}, pero sería otra unidad"),
                    format!("unit code “{code}” has a number that starts with zero: it would read as {plain}, but be another unit"),
                ),
                Some(lang.t(
                    format!("escriba «{plain}»"),
                    format!("write “{plain}”"),
                )),
            );
            false
        }
        Some(parts) if parts.len() >= 2 => true,
        _ => {
            diags.error(
                "E-UNIT-CODE",
                unit.code.at,
                lang.t(
                    format!("«{}» no es un código de unidad: se esperan números separados por puntos, como 7.3.1.1", unit.code.value),
                    format!("“{}” is not a unit code: numbers separated by dots are expected, such as 7.3.1.1", unit.code.value),
                ),
                Some(lang.t(
                    "el código es el número de la unidad en el manual; el primer número es el de la sección de funciones",
                    "the code is the unit's number in the manual; its first number is that of the functions section",
                )),
            );
            false
        }
    }
}

fn check_units_section(manual: &Manual, lang: Lang, diags: &mut Diagnostics) {
    let Some(section) = manual.generated_section("units") else {
        let first = &manual.units[0];
        diags.error(
            "E-UNIT-SECTION",
            first.code.at,
            lang.t(
                format!("el manual {} tiene unidades pero ninguna sección con «generate: units»", manual.id.value),
                format!("manual {} has units but no section with “generate: units”", manual.id.value),
            ),
            Some(lang.t(
                "agregue en manual.yaml la sección de funciones, por ejemplo «- title: Funciones» con «generate: units»",
                "add the functions section to manual.yaml, for example “- title: Funciones” with “generate: units”",
            )),
        );
        return;
    };
    let number = section.number as u32;
    let title = &section.title.value;
    for unit in &manual.units {
        let Some(parts) = code_parts(&unit.code.value) else {
            continue;
        };
        if parts.first() != Some(&number) {
            let mut fixed = vec![number.to_string()];
            fixed.extend(parts.iter().skip(1).map(|p| p.to_string()));
            diags.error(
                "E-UNIT-SECTION",
                unit.code.at,
                lang.t(
                    format!("la unidad {} debe empezar con {number}: la sección «{title}» es la número {number}", unit.code.value),
                    format!("unit {} must start with {number}: section “{title}” is number {number}", unit.code.value),
                ),
                Some(lang.t(
                    format!("¿quiso decir {}? Si se agregó o quitó una sección, renumere las unidades", fixed.join(".")),
                    format!("did you mean {}? If a section was added or removed, renumber the units", fixed.join(".")),
                )),
            );
        }
    }
}

fn parent_of(code: &str) -> Option<&str> {
    let (parent, _) = code.rsplit_once('.')?;
    parent.contains('.').then_some(parent)
}

fn check_parent(
    project: &Project,
    manual: &Manual,
    unit: &Unit,
    codes: &BTreeSet<&str>,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    let Some(parent) = parent_of(&unit.code.value) else {
        return;
    };
    if codes.contains(parent) {
        return;
    }
    // The parent's file is there with another code in it (edited by
    // mistake): creating it again is not the fix.
    let file_name = format!("{parent}.yaml");
    let holder = manual.units.iter().find(|u| {
        let path = &project.sources.get(u.file).path;
        path.rsplit(['/', '\\']).next() == Some(file_name.as_str())
    });
    let hint = match holder {
        Some(other) => lang.t(
            format!(
                "{} tiene el código {}: si es la unidad {parent}, corrija allí su código; si no, corrija el de esta unidad",
                project.sources.get(other.file).path,
                other.code.value
            ),
            format!(
                "{} holds code {}: if it is unit {parent}, correct its code there; if not, correct this unit's",
                project.sources.get(other.file).path,
                other.code.value
            ),
        ),
        None => lang.t(
            format!("cree la unidad {parent} (units/{parent}.yaml) o corrija el código"),
            format!("create unit {parent} (units/{parent}.yaml) or correct the code"),
        ),
    };
    diags.error(
        "E-UNIT-PARENT",
        unit.code.at,
        lang.t(
            format!(
                "la unidad {} depende de la {parent}, que no existe",
                unit.code.value
            ),
            format!(
                "unit {} belongs under {parent}, which does not exist",
                unit.code.value
            ),
        ),
        Some(hint),
    );
}

fn check_reports_to(unit: &Unit, codes: &BTreeSet<&str>, lang: Lang, diags: &mut Diagnostics) {
    let Some(target) = &unit.reports_to else {
        return;
    };
    if target.value == unit.code.value {
        diags.error(
            "E-UNIT-CYCLE",
            target.at,
            lang.t(
                format!("la unidad {} no puede reportar a sí misma", unit.code.value),
                format!("unit {} cannot report to itself", unit.code.value),
            ),
            Some(lang.t(
                "escriba en «reports_to» el código de la unidad de la que depende, o quite la línea para que dependa de la unidad de su sección",
                "write in “reports_to” the code of the unit it depends on, or remove the line so it depends on its section's unit",
            )),
        );
        return;
    }
    if codes.contains(target.value.as_str()) {
        return;
    }
    let hint = match closest(&target.value, codes.iter().copied()) {
        Some(best) => lang.t(
            format!("¿quiso decir {best}?"),
            format!("did you mean {best}?"),
        ),
        None => lang.t(
            "reports_to lleva el código de otra unidad de este manual",
            "reports_to takes the code of another unit of this manual",
        ),
    };
    diags.error(
        "E-UNIT-REPORTS-TO",
        target.at,
        lang.t(
            format!(
                "la unidad {} reporta a {}, que no existe en este manual",
                unit.code.value, target.value
            ),
            format!(
                "unit {} reports to {}, which does not exist in this manual",
                unit.code.value, target.value
            ),
        ),
        Some(hint),
    );
}

/// Follows "reports to" (explicit, else the section parent) from every unit; a unit
/// met twice on one walk closes a cycle. Each cycle is reported once, at the
/// `reports_to` of its smallest code.
fn check_cycles(manual: &Manual, codes: &BTreeSet<&str>, lang: Lang, diags: &mut Diagnostics) {
    let by_code: BTreeMap<&str, &Unit> = manual
        .units
        .iter()
        .map(|u| (u.code.value.as_str(), &**u))
        .collect();
    let boss = |code: &str| -> Option<&str> {
        let unit = by_code.get(code)?;
        match &unit.reports_to {
            Some(t) if codes.contains(t.value.as_str()) && t.value != unit.code.value => {
                Some(by_code.get_key_value(t.value.as_str())?.0)
            }
            Some(_) => None,
            None => parent_of(code).and_then(|p| by_code.get_key_value(p).map(|(k, _)| *k)),
        }
    };
    let mut reported: BTreeSet<Vec<&str>> = BTreeSet::new();
    for &start in by_code.keys() {
        let mut path = vec![start];
        let mut current = start;
        while let Some(next) = boss(current) {
            if let Some(pos) = path.iter().position(|&c| c == next) {
                let mut cycle: Vec<&str> = path[pos..].to_vec();
                let min = cycle
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, c)| **c)
                    .map(|(i, _)| i)
                    .unwrap_or(0);
                cycle.rotate_left(min);
                if reported.insert(cycle.clone()) {
                    let unit = by_code[cycle[0]];
                    let shown = cycle
                        .iter()
                        .chain(std::iter::once(&cycle[0]))
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" → ");
                    let at = cycle
                        .iter()
                        .find_map(|c| by_code[c].reports_to.as_ref().map(|r| r.at))
                        .unwrap_or(unit.code.at);
                    diags.error(
                        "E-UNIT-CYCLE",
                        at,
                        lang.t(
                            format!("las líneas de mando forman un ciclo: {shown}"),
                            format!("the reporting lines form a cycle: {shown}"),
                        ),
                        Some(lang.t(
                            "en el organigrama cada unidad reporta a una superior; corrija uno de los «reports_to»",
                            "in the organization chart each unit reports to a higher one; correct one of the “reports_to”",
                        )),
                    );
                }
                break;
            }
            path.push(next);
            current = next;
        }
    }
}

fn check_function_ids(unit: &Unit, lang: Lang, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, function) in unit.functions.iter().enumerate() {
        let Some(id) = &function.id else { continue };
        if let Some(first) = seen.get(id.value.as_str()) {
            diags.error(
                "E-FN-ID-DUPLICATE",
                id.at,
                lang.t(
                    format!("la función {} de la unidad {} repite el id «{}» de la función {first}", i + 1, unit.code.value, id.value),
                    format!("function {} of unit {} repeats the id “{}” of function {first}", i + 1, unit.code.value, id.value),
                ),
                Some(lang.t(
                    "el id identifica a la función entre versiones; cada función necesita uno distinto",
                    "the id identifies the function across versions; each function needs its own",
                )),
            );
        } else {
            seen.insert(&id.value, i + 1);
        }
    }
}

/// The most missing incisos a W-FN-INCISO-GAP lists one by one.
const MOST_LISTED: usize = 8;

/// Index of a label among a, b, ..., z, aa ...; `None` for labels that are not letters.
fn letter_index(label: &str) -> Option<usize> {
    let label = label.trim().trim_end_matches(')');
    if label.is_empty() || !label.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    // Checked: a label of many letters (pasted text) is no position at all.
    let mut n = 0usize;
    for c in label.bytes() {
        n = n.checked_mul(26)?.checked_add((c - b'a') as usize + 1)?;
    }
    Some(n - 1)
}

fn check_incisos(
    unit: &Unit,
    number: usize,
    function: &Function,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    if function.items.iter().all(|i| i.label.is_none()) {
        return;
    }
    let code = &unit.code.value;
    let labels = function.labels();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut previous: Option<usize> = None;
    for (item, label) in function.items.iter().zip(&labels) {
        let at = item.label.as_ref().map(|l| l.at).unwrap_or(item.at);
        let shown = label.trim_end_matches(')');
        if !seen.insert(shown.to_owned()) {
            diags.error(
                "E-FN-INCISO-DUPLICATE",
                at,
                lang.t(
                    format!(
                        "el inciso {shown}) aparece dos veces en la función {number} de {code}"
                    ),
                    format!("item {shown}) appears twice in function {number} of {code}"),
                ),
                Some(lang.t(
                    "cada inciso se cita por su letra; dos incisos no pueden tener la misma",
                    "each item is cited by its letter; two items cannot share one",
                )),
            );
            continue;
        }
        // A capital letter: the official labels are lower case.
        let lower = shown.to_lowercase();
        if shown.chars().all(|c| c.is_ascii_uppercase()) && !shown.is_empty() {
            diags.warning(
                "W-FN-INCISO-LABEL",
                at,
                lang.t(
                    format!("el inciso «{shown}» de la función {number} de {code} está en mayúscula: los incisos se letran en minúscula"),
                    format!("item “{shown}” of function {number} of {code} is in capitals: items are lettered in lower case"),
                ),
                Some(did_you_mean(lang, &lower)),
            );
        }
        let Some(index) = letter_index(&lower) else {
            continue;
        };
        let expected = previous.map_or(0, |p| p + 1);
        if index > expected {
            // A few missing letters are listed; a long gap (a label such as
            // «zzzz») is said by its ends, never spelled out letter by letter.
            let count = index - expected;
            let list = if count <= MOST_LISTED {
                (expected..index)
                    .map(|i| format!("{})", letter(i)))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                let (first, last) = (letter(expected), letter(index - 1));
                lang.t(
                    format!("de {first}) a {last}) ({count} incisos)"),
                    format!("from {first}) to {last}) ({count} items)"),
                )
            };
            diags.warning(
                "W-FN-INCISO-GAP",
                at,
                if count == 1 {
                    lang.t(
                        format!("falta el inciso {list} en la función {number} de {code}"),
                        format!("item {list} is missing in function {number} of {code}"),
                    )
                } else {
                    lang.t(
                        format!("faltan los incisos {list} en la función {number} de {code}"),
                        format!("items {list} are missing in function {number} of {code}"),
                    )
                },
                Some(lang.t(
                    "las letras oficiales se conservan tal como están escritas; si la omisión es intencional (así está en el documento autorizado), puede desactivar este aviso con «lint: {W-FN-INCISO-GAP: off}»",
                    "the official letters are kept exactly as written; if the gap is intentional (the authorized document has it), you can turn this warning off with “lint: {W-FN-INCISO-GAP: off}”",
                )),
            );
        } else if previous.is_some_and(|p| index <= p) {
            let before = letter(previous.unwrap_or(0));
            diags.warning(
                "W-FN-INCISO-ORDER",
                at,
                lang.t(
                    format!("el inciso {shown}) está después del {before}) en la función {number} de {code}"),
                    format!("item {shown}) comes after {before}) in function {number} of {code}"),
                ),
                Some(lang.t(
                    "ordene los incisos alfabéticamente; las letras se conservan tal como están escritas",
                    "put the items in alphabetical order; the letters are kept as written",
                )),
            );
        }
        previous = Some(previous.map_or(index, |p| p.max(index)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_drop_the_last_number() {
        assert_eq!(parent_of("7.3.1.1"), Some("7.3.1"));
        assert_eq!(parent_of("7.3"), None);
    }

    #[test]
    fn letters_count_like_labels() {
        assert_eq!(letter_index("a"), Some(0));
        assert_eq!(letter_index("c)"), Some(2));
        assert_eq!(letter_index("aa"), Some(26));
        assert_eq!(letter_index("1"), None);
        // Pasted text is no position, not an overflow (issue #24, the fuzzer).
        assert_eq!(letter_index(&"x".repeat(10_000)), None);
    }
}
