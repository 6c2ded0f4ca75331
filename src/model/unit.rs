//! Organizational units, their functions and incisos (`units/*.yaml`).

use crate::source::{FileId, Loc, Located};
use crate::yaml::read::Reader;
use crate::yaml::{Node, Value};

use super::Audience;

#[derive(Debug, Clone)]
pub struct Unit {
    pub file: FileId,
    pub at: Loc,
    /// Hierarchical number as cited: `7.3.1.1`.
    pub code: Located<String>,
    pub name: Located<String>,
    pub objective: Option<Located<String>>,
    pub reports_to: Option<Located<String>>,
    pub functions: Vec<Function>,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub at: Loc,
    pub id: Option<Located<String>>,
    /// Inline Markdown.
    pub text: Located<String>,
    pub items: Vec<Inciso>,
    pub audience: Audience,
}

#[derive(Debug, Clone)]
pub struct Inciso {
    pub at: Loc,
    /// The official letter when written (`c`); otherwise lettered by position.
    pub label: Option<Located<String>>,
    pub text: Located<String>,
    pub audience: Audience,
}

pub const UNIT_FIELDS: &[&str] = &["code", "name", "objective", "reports_to", "functions"];
pub const FUNCTION_FIELDS: &[&str] = &["id", "text", "items", "audience"];
pub const INCISO_FIELDS: &[&str] = &["label", "text", "audience"];

impl Unit {
    pub fn read(r: &mut Reader, node: &Node, file: FileId) -> Option<Unit> {
        let mut f = r.fields(
            node,
            r.lang
                .t("la unidad de este archivo", "the unit in this file"),
        )?;
        let code = r.required_text(&mut f, "code");
        if let Some(code) = &code {
            f.set_what(r.lang.t(
                format!("la unidad {}", code.value),
                format!("unit {}", code.value),
            ));
        }
        let name = r.required_text(&mut f, "name");
        let objective = r.optional_text(&mut f, "objective");
        let reports_to = r.optional_text(&mut f, "reports_to");
        let unit_code = code.as_ref().map(|c| c.value.clone()).unwrap_or_default();
        let functions = r.list(&mut f, "functions", |r, n, i| {
            Function::read(r, n, &unit_code, i + 1)
        });
        let at = f.at;
        r.finish(f, UNIT_FIELDS);
        Some(Unit {
            file,
            at,
            code: code?,
            name: name?,
            objective,
            reports_to,
            functions,
        })
    }
}

impl Function {
    fn read(r: &mut Reader, node: &Node, unit: &str, number: usize) -> Option<Function> {
        let what = r.lang.t(
            format!("la función {number} de la unidad {unit}"),
            format!("function {number} of unit {unit}"),
        );
        if let Value::Text(text) = &node.value {
            let text = Located::new(text.clone(), node.at);
            return Some(Function {
                at: node.at,
                id: None,
                text: function_text(r, text, &what, number),
                items: Vec::new(),
                audience: Vec::new(),
            });
        }
        let mut f = r.fields(node, what.clone())?;
        let id = r.optional_text(&mut f, "id");
        let text = r
            .required_text(&mut f, "text")
            .map(|t| function_text(r, t, &what, number));
        let items = r.list(&mut f, "items", |r, n, i| Inciso::read(r, n, &what, i));
        let audience = r.label_list(&mut f, "audience");
        let at = f.at;
        r.finish(f, FUNCTION_FIELDS);
        Some(Function {
            at,
            id,
            text: text?,
            items,
            audience,
        })
    }

    /// The inciso labels as printed: explicit labels as written, others lettered
    /// a, b, c ... by position.
    pub fn labels(&self) -> Vec<String> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, item)| match &item.label {
                Some(label) => label.value.clone(),
                None => letter(i),
            })
            .collect()
    }
}

/// The letter of the inciso at `index` (0 → a, 25 → z, 26 → aa).
pub fn letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl Inciso {
    fn read(r: &mut Reader, node: &Node, function: &str, index: usize) -> Option<Inciso> {
        if let Value::Text(text) = &node.value {
            let text = Located::new(text.clone(), node.at);
            let (text, label) = inciso_text(r, text, None, function, index);
            return Some(Inciso {
                at: node.at,
                label,
                text,
                audience: Vec::new(),
            });
        }
        let what = r.lang.t(
            format!("el inciso {} de {function}", index + 1),
            format!("item {} of {function}", index + 1),
        );
        let mut f = r.fields(node, what)?;
        let label = r.optional_text(&mut f, "label");
        if let Some(label) = &label {
            let l = label.value.trim_end_matches(')');
            f.set_what(r.lang.t(
                format!("el inciso {l}) de {function}"),
                format!("item {l}) of {function}"),
            ));
        }
        let text = r.required_text(&mut f, "text");
        let audience = r.label_list(&mut f, "audience");
        let at = f.at;
        r.finish(f, INCISO_FIELDS);
        let (text, label) = inciso_text(r, text?, label, function, index);
        Some(Inciso {
            at,
            label,
            text,
            audience,
        })
    }
}

/// A number or letter pasted at the start of a text, as a word processor's
/// list leaves it ("1. ", "12) ", "c) "): the label and the length of the
/// prefix, spaces included.
fn pasted_label(text: &str, letters: bool) -> Option<(String, usize)> {
    let label_len = text
        .find(|c: char| {
            if letters {
                !c.is_ascii_lowercase()
            } else {
                !c.is_ascii_digit()
            }
        })
        .unwrap_or(text.len());
    let label = &text[..label_len];
    if label.is_empty() || label.len() > if letters { 2 } else { 3 } {
        return None;
    }
    let rest = &text[label_len..];
    let marks: &[char] = if letters { &[')'] } else { &['.', ')'] };
    let after = rest.strip_prefix(marks)?;
    let body = after.trim_start();
    if body.len() == after.len() || body.is_empty() {
        return None;
    }
    Some((label.to_owned(), text.len() - body.len()))
}

/// A function's text without a number pasted before it, which norma would
/// print after its own ("3. 1. Programar"): taken out, with a warning.
fn function_text(
    r: &mut Reader,
    text: Located<String>,
    what: &str,
    number: usize,
) -> Located<String> {
    let Some((pasted, len)) = pasted_label(&text.value, false) else {
        return text;
    };
    let prefix = text.value[..len].trim_end().to_owned();
    let other = pasted != number.to_string();
    r.diags.warning(
        "W-LABEL-PASTED",
        text.at,
        r.lang.t(
            format!(
                "{what} empieza con «{prefix}», un número escrito a mano: norma numera las funciones por su orden, así que se quitó del texto{}",
                if other { format!(" (la función se imprime como {number}, no como {pasted})") } else { String::new() }
            ),
            format!(
                "{what} starts with “{prefix}”, a number typed by hand: norma numbers functions by their order, so it was taken out of the text{}",
                if other { format!(" (the function prints as {number}, not {pasted})") } else { String::new() }
            ),
        ),
        Some(r.lang.t(
            format!("borre «{prefix}» del principio del texto; el orden de la lista da el número"),
            format!("delete “{prefix}” at the start of the text; the list's order gives the number"),
        )),
    );
    Located::new(text.value[len..].to_owned(), text.at)
}

/// An inciso's text without a letter pasted before it ("c) Sueldos"), which
/// norma would print after its own ("a) c) Sueldos"): taken out, with a
/// warning; without a `label`, the pasted letter is the official one.
fn inciso_text(
    r: &mut Reader,
    text: Located<String>,
    label: Option<Located<String>>,
    function: &str,
    index: usize,
) -> (Located<String>, Option<Located<String>>) {
    let Some((pasted, len)) = pasted_label(&text.value, true) else {
        return (text, label);
    };
    let prefix = text.value[..len].trim_end().to_owned();
    let printed = match &label {
        Some(l) => l.value.trim_end_matches(')').to_owned(),
        None => letter(index),
    };
    let (kept, label) = match label {
        Some(l) => (false, Some(l)),
        None if pasted != printed => (true, Some(Located::new(pasted.clone(), text.at))),
        None => (false, None),
    };
    let what = r.lang.t(
        format!("el inciso {printed}) de {function}"),
        format!("item {printed}) of {function}"),
    );
    r.diags.warning(
        "W-LABEL-PASTED",
        text.at,
        r.lang.t(
            format!(
                "{what} empieza con «{prefix}», una letra escrita a mano: norma pone la letra de cada inciso, así que se quitó del texto{}",
                if kept { format!(" y se tomó «{pasted})» como su letra oficial") } else { String::new() }
            ),
            format!(
                "{what} starts with “{prefix}”, a letter typed by hand: norma letters each item, so it was taken out of the text{}",
                if kept { format!(" and “{pasted})” was taken as its official letter") } else { String::new() }
            ),
        ),
        Some(if pasted == printed {
            r.lang.t(
                format!("borre «{prefix}» del texto: norma ya pone esa letra"),
                format!("delete “{prefix}” from the text: norma prints that letter already"),
            )
        } else {
            r.lang.t(
                format!("borre «{prefix}» del texto; una letra oficial distinta de la que toca por orden se escribe aparte, con «label: {pasted}»"),
                format!("delete “{prefix}” from the text; an official letter other than the one its place gives is written apart, as “label: {pasted}”"),
            )
        }),
    );
    (Located::new(text.value[len..].to_owned(), text.at), label)
}

#[cfg(test)]
mod tests {
    use super::{letter, pasted_label};

    #[test]
    fn a_pasted_number_or_letter_is_recognised_and_nothing_else() {
        assert_eq!(pasted_label("1. Programar", false), Some(("1".into(), 3)));
        assert_eq!(
            pasted_label("12)  Programar", false),
            Some(("12".into(), 5))
        );
        assert_eq!(pasted_label("c) Sueldos", true), Some(("c".into(), 3)));
        // Not a label: a year, a text that starts with a number, a word.
        assert_eq!(pasted_label("2025 es el año", false), None);
        assert_eq!(pasted_label("1.5 veces", false), None);
        assert_eq!(pasted_label("Programar", false), None);
        assert_eq!(pasted_label("a la persona", true), None);
        assert_eq!(pasted_label("abc) x", true), None);
        assert_eq!(pasted_label("1.", false), None);
    }

    #[test]
    fn incisos_are_lettered_like_a_spreadsheet() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(2), "c");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
    }
}
