//! Writing rules from the federal technical guides: a function begins with a verb in
//! the infinitive; an acronym is explained in the glossary. Both are warnings whose
//! level norma.yaml's `lint` can change.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use crate::diagnostic::Diagnostics;
use crate::i18n::Lang;
use crate::load::Project;
use crate::source::{FileId, Loc};

use super::lang;
use super::texts::{TextKind, kept_for, locate, runs};

/// What the writing rules found in a run of texts (one unit's file, or one
/// other text): the findings of each text, in order, and the first place of
/// each acronym missing from the glossary and of each character the PDF
/// cannot print in the run, with how many times it appears there. Runs
/// merged in order give what one walk over every text gives.
#[derive(Clone, Default)]
pub(super) struct Found {
    local: Diagnostics,
    acronyms: Vec<(String, Loc, String, usize)>,
    unprintable: Vec<(char, Loc, String, usize)>,
}

/// `norma serve`'s findings of the last check, by unit file, and what they
/// were found against (the language and the glossary's terms).
pub(super) type Kept = ((Lang, u64), HashMap<FileId, Found>);

/// Runs the rules. With `kept` (see `super::Memo`), the texts of a unit
/// whose file has not changed since the load numbered `since` take what
/// was found in them last time; returns what the next check may keep.
pub(super) fn check(
    project: &Project,
    diags: &mut Diagnostics,
    kept: Option<(Kept, u64)>,
    keep: bool,
) -> Kept {
    let lang = lang(project);
    let terms: BTreeSet<&str> = project
        .glossary
        .iter()
        .map(|t| t.term.value.as_str())
        .collect();
    let key = {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        terms.hash(&mut h);
        (lang, h.finish())
    };
    let (mut last, since) = match kept {
        Some(((k, files), since)) if k == key => (files, since),
        _ => (HashMap::new(), 0),
    };
    let mut now: HashMap<FileId, Found> = HashMap::new();
    // First place each undefined acronym is used, and how many times.
    let mut acronyms: BTreeMap<String, (Loc, String, usize)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    // The same for characters the PDF cannot print.
    let mut unprintable: BTreeMap<char, (Loc, String, usize)> = BTreeMap::new();
    let mut char_order: Vec<char> = Vec::new();

    for run in runs(project) {
        let (file, kept) = kept_for(project, &run, since, &mut last);
        let found = kept.unwrap_or_else(|| {
            let mut found = Found::default();
            for text in &run.texts() {
                look(project, text, &terms, lang, &mut found);
            }
            found
        });
        diags.append(found.local.clone());
        for (word, at, what, count) in &found.acronyms {
            match acronyms.get_mut(word) {
                Some(entry) => entry.2 += count,
                None => {
                    acronyms.insert(word.clone(), (*at, what.clone(), *count));
                    order.push(word.clone());
                }
            }
        }
        for (c, at, what, count) in &found.unprintable {
            match unprintable.get_mut(c) {
                Some(entry) => entry.2 += count,
                None => {
                    unprintable.insert(*c, (*at, what.clone(), *count));
                    char_order.push(*c);
                }
            }
        }
        if let Some(file) = file.filter(|_| keep) {
            now.insert(file, found);
        }
    }
    report(lang, &acronyms, order, &unprintable, char_order, diags);
    (key, now)
}

/// The rules that read one text, their findings put in `found`.
fn look(
    project: &Project,
    text: &super::texts::Text,
    terms: &BTreeSet<&str>,
    lang: Lang,
    found: &mut Found,
) {
    let diags = &mut found.local;
    if let Some(phrase) = placeholder(text.text) {
        let mut cursor = 0;
        let at = locate(project, text.at, phrase, &mut cursor);
        diags.warning(
            "W-PLACEHOLDER",
            at,
            lang.t(
                format!(
                    "{} conserva el texto de ejemplo «{phrase}…» de «norma new»",
                    text.what(lang)
                ),
                format!(
                    "{} keeps the sample text “{phrase}…” of “norma new”",
                    text.what(lang)
                ),
            ),
            Some(lang.t(
                "sustitúyalo por el texto oficial antes de publicar",
                "replace it with the official text before publishing",
            )),
        );
    }
    if let Some((at, line)) = swallowed_line(project, text) {
        let field = line.split(':').next().unwrap_or(line);
        let (es, en) = if line.starts_with('-') {
            (
                format!(
                    "la línea «{line}» parece una nueva entrada de lista, pero por su sangría quedó dentro de {}",
                    text.what(lang)
                ),
                format!(
                    "the line “{line}” looks like a new list entry, but its indentation put it inside {}",
                    text.what(lang)
                ),
            )
        } else {
            (
                format!(
                    "la línea «{line}» parece el campo «{field}», pero por su sangría quedó dentro del texto de {}",
                    text.what(lang)
                ),
                format!(
                    "the line “{line}” looks like the field “{field}”, but its indentation put it inside the text of {}",
                    text.what(lang)
                ),
            )
        };
        diags.warning(
            "W-TEXT-INDENT",
            at,
            lang.t(es, en),
            Some(lang.t(
                "alinee la línea con las de su nivel: un campo, con los demás campos («code:», «name:», «functions:»); una entrada de lista, con el «- » de las otras",
                "align the line with those of its level: a field with the other fields (“code:”, “name:”, “functions:”); a list entry with the “- ” of the others",
            )),
        );
    }
    if let Some(tag) = html_tag(text.text) {
        let mut cursor = 0;
        let at = locate(project, text.at, tag, &mut cursor);
        diags.warning(
            "W-HTML-TEXT",
            at,
            lang.t(
                format!(
                    "{} tiene la etiqueta HTML «{tag}»: se imprime tal cual, como texto",
                    text.what(lang)
                ),
                format!(
                    "{} holds the HTML tag “{tag}”: it prints as it is, as text",
                    text.what(lang)
                ),
            ),
            Some(lang.t(
                "los textos se escriben en Markdown: **negritas**, *cursivas*, [texto](unit:7.3.1); quite las etiquetas",
                "texts are written in Markdown: **bold**, *italics*, [text](unit:7.3.1); remove the tags",
            )),
        );
    }
    if text.kind == TextKind::Function {
        let first = first_word(text.text);
        if !is_infinitive(&first) {
            let mut cursor = 0;
            let at = if first.is_empty() {
                text.at
            } else {
                locate(project, text.at, &first, &mut cursor)
            };
            diags.warning(
                "W-FN-VERB",
                at,
                lang.t(
                    format!("{} no empieza con un verbo en infinitivo («{first}»)", text.what(lang)),
                    format!("{} does not begin with a verb in the infinitive (“{first}”)", text.what(lang)),
                ),
                Some(lang.t(
                    "las guías técnicas piden iniciar cada función con un verbo en infinitivo: Elaborar, Coordinar, Supervisar …",
                    "the technical guides ask that each function begin with a verb in the infinitive: Elaborar, Coordinar, Supervisar …",
                )),
            );
        }
    }
    if !text.text.is_ascii() {
        for c in text.text.chars().filter(|c| !crate::fonts::can_print(*c)) {
            match found.unprintable.iter_mut().find(|e| e.0 == c) {
                Some(entry) => entry.3 += 1,
                None => {
                    let mut cursor = 0;
                    let at = locate(project, text.at, c.encode_utf8(&mut [0; 4]), &mut cursor);
                    found.unprintable.push((c, at, text.what(lang), 1));
                }
            }
        }
    }
    for word in acronym_candidates(text.text) {
        if terms.contains(word) {
            continue;
        }
        match found.acronyms.iter_mut().find(|e| e.0 == word) {
            Some(entry) => entry.3 += 1,
            None => {
                let mut cursor = 0;
                let at = locate(project, text.at, word, &mut cursor);
                found
                    .acronyms
                    .push((word.to_owned(), at, text.what(lang), 1));
            }
        }
    }
}

/// The findings gathered over every text: each character the PDF cannot
/// print and each acronym missing from the glossary, once, where first used.
fn report(
    lang: Lang,
    acronyms: &BTreeMap<String, (Loc, String, usize)>,
    order: Vec<String>,
    unprintable: &BTreeMap<char, (Loc, String, usize)>,
    char_order: Vec<char>,
    diags: &mut Diagnostics,
) {
    for c in char_order {
        let (at, what, count) = &unprintable[&c];
        let more = if *count > 1 {
            lang.t(
                format!(" (aparece {count} veces)"),
                format!(" (found {count} times)"),
            )
        } else {
            String::new()
        };
        let code = format!("U+{:04X}", c as u32);
        // An invisible character is named («» would show nothing) and left
        // out of the PDF.
        if let Some((es, en)) = invisible_name(c) {
            diags.warning(
                "W-PDF-GLYPH",
                *at,
                lang.t(
                    format!("{what} tiene un carácter invisible, {es} ({code}), que el PDF omite{more}"),
                    format!("{what} holds an invisible character, {en} ({code}), which the PDF leaves out{more}"),
                ),
                Some(lang.t(
                    format!("suele llegar al copiar y pegar desde Word o una página web; bórrelo (en su editor, búsquelo como \\u{:04X})", c as u32),
                    format!("it usually comes from copying and pasting from Word or a web page; delete it (in your editor, search for \\u{:04X})", c as u32),
                )),
            );
            continue;
        }
        let (shown_es, shown_en) = (format!("«{c}» ({code})"), format!("“{c}” ({code})"));
        diags.warning(
            "W-PDF-GLYPH",
            *at,
            lang.t(
                format!("el carácter {shown_es} de {what} no está en la fuente del PDF: se imprimirá como un signo de interrogación («?»){more}"),
                format!("the character {shown_en} in {what} is not in the PDF's font: it will print as a question mark (“?”){more}"),
            ),
            Some(lang.t(
                "la fuente del PDF (Noto Sans) tiene el alfabeto latino y su puntuación; escriba el carácter de otra forma (por ejemplo «mayor o igual que» en lugar de «≥»)",
                "the PDF's font (Noto Sans) has the Latin alphabet and its punctuation; write the character another way (for instance “greater than or equal to” instead of “≥”)",
            )),
        );
    }

    for word in order {
        let (at, what, count) = &acronyms[&word];
        let more = if *count > 1 {
            lang.t(
                format!(" (se usa {count} veces)"),
                format!(" (used {count} times)"),
            )
        } else {
            String::new()
        };
        diags.warning(
            "W-GLOSSARY-MISSING",
            *at,
            lang.t(
                format!("el acrónimo {word} de {what} no está en el glosario{more}"),
                format!("the acronym {word} in {what} is not in the glossary{more}"),
            ),
            Some(lang.t(
                format!("agregue a content/glossary.yaml: «- term: {word}» con «expansion: …» (lo que significan sus letras)"),
                format!("add to content/glossary.yaml: “- term: {word}” with “expansion: …” (what its letters stand for)"),
            )),
        );
    }
}

/// Every field name norma reads, for `swallowed_line`.
const FIELDS: [&[&str]; 11] = [
    crate::model::unit::UNIT_FIELDS,
    crate::model::unit::FUNCTION_FIELDS,
    crate::model::unit::INCISO_FIELDS,
    crate::model::guide::GUIDE_FIELDS,
    crate::model::guide::ITEM_FIELDS,
    crate::model::procedure::PROCEDURE_FIELDS,
    crate::model::procedure::STEP_FIELDS,
    crate::model::form::FORM_FIELDS,
    crate::model::form::FIELD_FIELDS,
    crate::model::manual::MANUAL_FIELDS,
    &[
        "title", "generate", "file", "body", "version", "date", "summary",
    ],
];

/// A line of a YAML text, after its first, that YAML took into the text
/// because of its indentation but that reads as YAML the author meant apart:
/// a field norma knows (`functions:` under an `objective: >-` block) or a
/// list entry (`- Supervisar…` one space deeper than the entry above it,
/// which YAML joins to that entry). A literal block (`|`) may hold a
/// Markdown list, so only fields count there. Returns where the line starts
/// and the line.
fn swallowed_line<'p>(project: &'p Project, text: &super::texts::Text) -> Option<(Loc, &'p str)> {
    let file = project.sources.get(text.at.file);
    if !(file.path.ends_with(".yaml") || file.path.ends_with(".yml")) {
        return None;
    }
    let start = text.at.offset? as usize;
    let span = file.text.get(start..start + text.at.len as usize)?;
    let first_end = span.find('\n')? + 1;
    // The block's indicator, on the line before its first line of text.
    let before = file.text[..start].trim_end();
    let literal =
        span.starts_with('|') || ["|", "|-", "|+"].iter().any(|mark| before.ends_with(mark));
    let mut offset = start + first_end;
    for line in span[first_end..].split_inclusive('\n') {
        let bare = line.trim();
        let indent = line.len() - line.trim_start().len();
        let field = bare.split_once(':').is_some_and(|(key, rest)| {
            (rest.is_empty() || rest.starts_with(' '))
                && FIELDS.iter().any(|names| names.contains(&key))
        });
        let entry = !literal && (bare.starts_with("- ") || bare == "-");
        if field || entry {
            let at = file.loc_of_range(text.at.file, offset + indent, bare.len());
            return Some((at, bare));
        }
        offset += line.len();
    }
    None
}

/// The first word of a text, without Markdown emphasis or punctuation.
fn first_word(text: &str) -> String {
    text.split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_owned()
}

/// Whether a word looks like a Spanish infinitive: ends in -ar, -er or -ir (or -ír),
/// optionally followed by enclitic pronouns (Coordinarse, Someterlos).
pub fn is_infinitive(word: &str) -> bool {
    // Lower case, with the accent an infinitive can carry dropped (Reír → reir).
    let w: String = word
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            c => c,
        })
        .collect();
    const CLITICS: &[&str] = &[
        "", "se", "lo", "la", "los", "las", "le", "les", "selo", "sela", "selos", "selas",
    ];
    CLITICS.iter().any(|clitic| {
        w.strip_suffix(clitic).is_some_and(|stem| {
            stem.chars().count() > 2
                && (stem.ends_with("ar") || stem.ends_with("er") || stem.ends_with("ir"))
        })
    })
}

/// Words of three or more capital letters (CONSAR, OOAD), outside link targets,
/// that are not roman numerals.
fn acronym_candidates(text: &str) -> Vec<&str> {
    let mut link_targets: Option<Vec<(usize, usize)>> = None;
    split_words(text)
        .filter(|(_, word)| {
            word.chars().nth(2).is_some()
                && word.chars().all(char::is_uppercase)
                && !word.chars().all(|c| "IVXLCDM".contains(c))
        })
        .filter(|(offset, _)| {
            // Most texts have no candidate: the link targets are found only for those
            // that do.
            !link_targets
                .get_or_insert_with(|| link_target_spans(text))
                .iter()
                .any(|(s, e)| (*s..*e).contains(offset))
        })
        .map(|(_, word)| word)
        .collect()
}

/// Byte ranges of Markdown link destinations: the inside of "](...)".
fn link_target_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(pos) = text[i..].find("](") {
        let start = i + pos + 2;
        let end = text[start..].find(')').map_or(text.len(), |e| start + e);
        spans.push((start, end));
        i = end;
    }
    spans
}

/// Words made only of letters, with their byte offsets.
fn split_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    crate::text::runs(text, char::is_alphabetic)
}

/// The name of a character that shows nothing (pasted from a word
/// processor or a web page), in Spanish and English.
fn invisible_name(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '\u{200B}' => ("espacio de ancho cero", "zero-width space"),
        '\u{200C}' => ("separador de ancho cero", "zero-width non-joiner"),
        '\u{200D}' => ("unión de ancho cero", "zero-width joiner"),
        '\u{2060}' => ("unión de palabras", "word joiner"),
        '\u{2061}'..='\u{2064}' => ("operador invisible", "invisible operator"),
        '\u{FEFF}' => ("marca de orden de bytes (BOM)", "byte order mark (BOM)"),
        '\u{200E}' | '\u{200F}' => ("marca de dirección del texto", "text direction mark"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            ("control de dirección del texto", "text direction control")
        }
        _ => return None,
    })
}

/// The first HTML tag in `text` (`<b>`, `</p>`, `<script src="…">`, `<br/>`):
/// a `<` with a letter or `/` and a letter after it, up to its `>`. A `<` in
/// prose ("edad < 18", "<https://…>") is not one.
fn html_tag(text: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(at) = text[from..].find('<').map(|i| from + i) {
        let rest = &text[at + 1..];
        let name = rest.strip_prefix('/').unwrap_or(rest);
        let letters = name
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let starts = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let after = name[letters..].chars().next();
        if starts
            && matches!(after, Some('>' | ' ' | '/'))
            && !name.starts_with("http")
            && let Some(end) = text[at..].find('>')
        {
            return Some(&text[at..at + end + 1]);
        }
        from = at + 1;
    }
    None
}

/// The sample phrases `norma new` writes for the author to replace, as they
/// start (the scaffold's own texts, src/scaffold).
const PLACEHOLDERS: &[&str] = &[
    "Escriba aquí",
    "Escribir aquí",
    "escribir aquí",
    "Nombre oficial de la unidad",
    "Nombre oficial del formato",
];

/// The first sample phrase of `norma new` left in a text.
fn placeholder(text: &str) -> Option<&'static str> {
    if !text.contains("aquí") && !text.contains("Nombre oficial") {
        return None;
    }
    PLACEHOLDERS.iter().copied().find(|p| text.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_tags_are_found_and_prose_is_not() {
        assert_eq!(html_tag("Las <b>claves</b> de"), Some("<b>"));
        assert_eq!(html_tag("fin.<script>alert(1)</script>"), Some("<script>"));
        assert_eq!(html_tag("una línea<br/>otra"), Some("<br/>"));
        assert_eq!(html_tag("</p> al final"), Some("</p>"));
        assert_eq!(html_tag("si la edad es < 18 años o > 65"), None);
        assert_eq!(html_tag("vea <https://www.imss.gob.mx>"), None);
    }

    #[test]
    fn recognizes_infinitives() {
        for verb in [
            "Elaborar",
            "Coadyuvar",
            "Dirigir",
            "Someter",
            "Recabar",
            "Coordinarse",
            "Someterlos",
            "Reír",
        ] {
            assert!(is_infinitive(verb), "{verb}");
        }
        for word in ["Elaboración", "Las", "Registro", "Trámite", "Marco", ""] {
            assert!(!is_infinitive(word), "{word}");
        }
    }

    #[test]
    fn finds_acronyms_but_not_link_targets_or_roman_numerals() {
        let text = "Con la CONSAR, [el IMSS](term:IMSS) y el Título III; ver [](unit:ABC).";
        assert_eq!(acronym_candidates(text), vec!["CONSAR", "IMSS"]);
    }

    #[test]
    fn first_word_drops_markdown() {
        assert_eq!(first_word("**Elaborar** las políticas"), "Elaborar");
        assert_eq!(first_word("Recabar, analizar y comentar"), "Recabar");
    }
}
