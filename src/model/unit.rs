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
        let mut f = r.fields(node, r.lang.t("la unidad", "the unit"))?;
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
            return Some(Function {
                at: node.at,
                id: None,
                text: Located::new(text.clone(), node.at),
                items: Vec::new(),
                audience: Vec::new(),
            });
        }
        let mut f = r.fields(node, what.clone())?;
        let id = r.optional_text(&mut f, "id");
        let text = r.required_text(&mut f, "text");
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
            return Some(Inciso {
                at: node.at,
                label: None,
                text: Located::new(text.clone(), node.at),
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
        Some(Inciso {
            at,
            label,
            text: text?,
            audience,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::letter;

    #[test]
    fn incisos_are_lettered_like_a_spreadsheet() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(2), "c");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
    }
}
