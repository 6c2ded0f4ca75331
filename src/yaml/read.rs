//! Typed reading of located YAML nodes, with the messages authors need.
//!
//! The model types (`model/`) read themselves from [`Node`]s through a [`Reader`]:
//! it checks types, required fields, unknown fields (with a "did you mean" hint),
//! dates and allowed values, reports every problem it finds instead of stopping at
//! the first, and names the thing being read as the author knows it ("la unidad
//! 7.3.1.1"), never as a serde path.

use crate::date::Date;
use crate::diagnostic::{Diagnostics, closest, did_you_mean};
use crate::i18n::Lang;
use crate::source::{Loc, Located};
use crate::yaml::{Node, Value};

/// Reads nodes into model values, collecting diagnostics.
pub struct Reader<'d> {
    pub lang: Lang,
    pub diags: &'d mut Diagnostics,
}

/// The fields of one YAML mapping, with a record of which were read.
pub struct Fields<'n> {
    pub at: Loc,
    entries: &'n [(Located<String>, Node)],
    used: Vec<bool>,
    /// The thing being read, as a message names it: "la unidad 7.3.1.1".
    pub what: String,
}

impl<'n> Fields<'n> {
    /// The value of a field, if written; marks it as known.
    pub fn get(&mut self, name: &str) -> Option<&'n Node> {
        let index = self.entries.iter().position(|(k, _)| k.value == name)?;
        self.used[index] = true;
        Some(&self.entries[index].1)
    }

    /// Whether a field is written, without reading it.
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.value == name)
    }

    /// Where a field's key is written, if it is.
    pub fn key_at(&self, name: &str) -> Option<Loc> {
        self.entries
            .iter()
            .find(|(k, _)| k.value == name)
            .map(|(k, _)| k.at)
    }

    pub fn set_what(&mut self, what: String) {
        self.what = what;
    }
}

impl Reader<'_> {
    /// Opens a mapping; a list or a text where fields were expected is reported.
    pub fn fields<'n>(&mut self, node: &'n Node, what: impl Into<String>) -> Option<Fields<'n>> {
        let what = what.into();
        match &node.value {
            Value::Map(entries) if looks_like_text_with_colon(entries) => {
                self.diags.error(
                    "E-FIELD-TYPE",
                    node.at,
                    self.lang.t(
                        format!("{what} parece un texto con «: » que YAML leyó como un campo"),
                        format!("{what} looks like a text with “: ” that YAML read as a field"),
                    ),
                    Some(self.lang.t(
                        "escriba el texto entre comillas dobles o en un bloque «>-» en la línea siguiente",
                        "put the text in double quotes, or in a “>-” block on the next line",
                    )),
                );
                None
            }
            Value::Map(entries) => Some(Fields {
                at: node.at,
                entries,
                used: vec![false; entries.len()],
                what,
            }),
            _ => {
                let found = node.kind_name(self.lang);
                self.diags.error(
                    "E-FIELD-TYPE",
                    node.at,
                    self.lang.t(
                        format!("se esperaban los campos de {what}, pero se encontró {found}"),
                        format!("expected the fields of {what}, found {found}"),
                    ),
                    Some(match &node.value {
                        // `- [Coordinar la cobranza]`: a text in brackets.
                        Value::Seq(_) => self.lang.t(
                            "si es un texto, quite los corchetes «[ ]» (YAML lee [ … ] como una lista) o escríbalo entre comillas",
                            "if it is a text, remove the brackets “[ ]” (YAML reads [ … ] as a list) or put it in quotes",
                        ),
                        // `-` with nothing after it.
                        Value::Null => self.lang.t(
                            "escriba el texto después del «- », o borre la línea si sobra",
                            "write the text after the “- ”, or delete the line if it is not needed",
                        ),
                        _ => self.lang.t(
                            "escriba un campo por línea con la forma «nombre: valor»",
                            "write one field per line as “name: value”",
                        ),
                    }),
                );
                None
            }
        }
    }

    /// Reports the fields nobody read, with the closest known name as a hint.
    pub fn finish(&mut self, fields: Fields, known: &[&str]) {
        for (index, (key, _)) in fields.entries.iter().enumerate() {
            if fields.used[index] {
                continue;
            }
            let name = &key.value;
            let hint = match closest(name, known.iter().copied()) {
                Some(best) => did_you_mean(self.lang, best),
                None => self.lang.t(
                    format!("los campos admitidos aquí son: {}", known.join(", ")),
                    format!("the fields allowed here are: {}", known.join(", ")),
                ),
            };
            self.diags.error(
                "E-FIELD-UNKNOWN",
                key.at,
                self.lang.t(
                    format!("campo desconocido «{name}» en {}", fields.what),
                    format!("unknown field “{name}” in {}", fields.what),
                ),
                Some(hint),
            );
        }
    }

    fn missing(&mut self, fields: &Fields, name: &str) {
        // A misspelt field (`txt` for `text`) is reported once, as unknown with a
        // "did you mean" hint, not a second time as missing.
        let misspelt = fields
            .entries
            .iter()
            .any(|(k, _)| closest(&k.value, [name]).is_some());
        if misspelt {
            return;
        }
        self.diags.error(
            "E-FIELD-MISSING",
            fields.at,
            self.lang.t(
                format!("falta el campo obligatorio «{name}» en {}", fields.what),
                format!("the required field “{name}” is missing in {}", fields.what),
            ),
            Some(self.lang.t(
                format!("agregue una línea «{name}: …»"),
                format!("add a line “{name}: …”"),
            )),
        );
    }

    fn wrong_type(
        &mut self,
        node: &Node,
        field: &str,
        what: &str,
        expected_es: &str,
        expected_en: &str,
    ) {
        let found = node.kind_name(self.lang);
        let hint = match (&node.value, expected_en) {
            (Value::Seq(_), "a text") => Some(self.lang.t(
                "si el texto lleva comas, quite los corchetes [ ] o escríbalo entre comillas",
                "if the text has commas, remove the brackets [ ] or put it in quotes",
            )),
            (Value::Map(_), "a text") => Some(self.lang.t(
                "si el texto contiene «: », escríbalo entre comillas o use un bloque «>-»",
                "if the text contains “: ”, put it in quotes or use a “>-” block",
            )),
            (Value::Text(t), "true or false") => {
                let word = t.trim().to_lowercase();
                let yes = ["sí", "si", "yes", "verdadero", "cierto", "1"].contains(&word.as_str());
                let no = ["no", "falso", "0"].contains(&word.as_str());
                Some(match (yes, no) {
                    (true, _) => self.lang.t(
                        format!("escriba «{field}: true» (en YAML, «{t}» es un texto; el «sí» se escribe true)"),
                        format!("write “{field}: true” (“{t}” is a text in YAML: yes is written true)"),
                    ),
                    (_, true) => self.lang.t(
                        format!("escriba «{field}: false», o quite la línea (en YAML, «{t}» es un texto; el «no» se escribe false)"),
                        format!("write “{field}: false”, or delete the line (“{t}” is a text in YAML: no is written false)"),
                    ),
                    _ => self.lang.t(
                        format!("escriba «{field}: true» (sí) o «{field}: false» (no)"),
                        format!("write “{field}: true” or “{field}: false”"),
                    ),
                })
            }
            _ => None,
        };
        self.diags.error(
            "E-FIELD-TYPE",
            node.at,
            self.lang.t(
                format!("el campo «{field}» de {what} debe ser {expected_es}, pero es {found}"),
                format!("the field “{field}” of {what} must be {expected_en}, but it is {found}"),
            ),
            hint,
        );
    }

    /// A text value (any scalar but null). `true`/`false` are refused: where a text
    /// is expected they are almost always a mistake.
    pub fn text_node(&mut self, node: &Node, field: &str, what: &str) -> Option<Located<String>> {
        match &node.value {
            Value::Text(t) => Some(Located::new(t.clone(), node.at)),
            Value::Null => {
                self.empty(node, field, what);
                None
            }
            _ => {
                self.wrong_type(node, field, what, "un texto", "a text");
                None
            }
        }
    }

    /// A required field written empty (`name:`, `name: ""`, `name: "  "`).
    fn empty(&mut self, node: &Node, field: &str, what: &str) {
        self.diags.error(
            "E-FIELD-TYPE",
            node.at,
            self.lang.t(
                format!("el campo «{field}» de {what} está vacío"),
                format!("the field “{field}” of {what} is empty"),
            ),
            Some(self.lang.t(
                "escriba el valor después de los dos puntos",
                "write the value after the colon",
            )),
        );
    }

    /// A required text: an empty one, or one of spaces, is refused as a
    /// missing value would be (a unit named "" makes a page titled with
    /// its code alone and links to it that show nothing).
    pub fn required_text(&mut self, f: &mut Fields, name: &str) -> Option<Located<String>> {
        match f.get(name) {
            Some(node) => {
                let what = f.what.clone();
                let text = self.text_node(node, name, &what)?;
                if text.value.trim().is_empty() {
                    self.empty(node, name, &what);
                    return None;
                }
                Some(text)
            }
            None => {
                self.missing(f, name);
                None
            }
        }
    }

    pub fn optional_text(&mut self, f: &mut Fields, name: &str) -> Option<Located<String>> {
        let node = f.get(name)?;
        if matches!(node.value, Value::Null) {
            return None;
        }
        let what = f.what.clone();
        self.text_node(node, name, &what)
    }

    /// A list whose items are read by `item`; a missing field is an empty list.
    pub fn list<T>(
        &mut self,
        f: &mut Fields,
        name: &str,
        mut item: impl FnMut(&mut Self, &Node, usize) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = f.get(name) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| item(self, n, i))
                .collect(),
            Value::Null => Vec::new(),
            _ => {
                let what = f.what.clone();
                self.wrong_type(
                    node,
                    name,
                    &what,
                    "una lista (líneas que empiezan con «- »)",
                    "a list (lines starting with “- ”)",
                );
                Vec::new()
            }
        }
    }

    /// A list of texts; a single text is accepted as a list of one.
    pub fn text_list(&mut self, f: &mut Fields, name: &str) -> Vec<Located<String>> {
        let what = f.what.clone();
        if let Some(Node {
            value: Value::Text(t),
            at,
        }) = f.get(name)
        {
            return vec![Located::new(t.clone(), *at)];
        }
        self.list(f, name, |r, n, _| r.text_node(n, name, &what))
    }

    /// A list of short labels (a choice's options, a guide's scale, office
    /// kinds): as `text_list`, but one text with commas in it is an error,
    /// not a list of one: `options: Alta, Baja` would print one check box
    /// labelled "Alta, Baja".
    pub fn label_list(&mut self, f: &mut Fields, name: &str) -> Vec<Located<String>> {
        let labels = self.text_list(f, name);
        if let (
            Some(Node {
                value: Value::Text(t),
                at,
            }),
            [_],
        ) = (f.get(name), labels.as_slice())
        {
            let parts: Vec<&str> = t.split(',').map(str::trim).collect();
            if parts.len() > 1 && parts.iter().all(|p| !p.is_empty()) {
                let as_list = parts.join(", ");
                self.diags.error(
                    "E-LIST-AS-TEXT",
                    *at,
                    self.lang.t(
                        format!(
                            "«{name}» de {} es un solo texto con comas: se publicaría como una sola opción, «{}»",
                            f.what,
                            t.trim()
                        ),
                        format!(
                            "“{name}” of {} is one text with commas: it would be published as a single option, “{}”",
                            f.what,
                            t.trim()
                        ),
                    ),
                    Some(self.lang.t(
                        format!("escriba la lista entre corchetes, «{name}: [{as_list}]», o cada opción en su línea, empezando con «- »"),
                        format!("write the list in brackets, “{name}: [{as_list}]”, or each option on its own line, starting with “- ”"),
                    )),
                );
            }
        }
        labels
    }

    pub fn optional_bool(&mut self, f: &mut Fields, name: &str) -> Option<Located<bool>> {
        let node = f.get(name)?;
        match &node.value {
            Value::Bool(b) => Some(Located::new(*b, node.at)),
            Value::Null => None,
            _ => {
                let what = f.what.clone();
                self.wrong_type(node, name, &what, "true o false", "true or false");
                None
            }
        }
    }

    pub fn optional_number(&mut self, f: &mut Fields, name: &str) -> Option<Located<u32>> {
        let node = f.get(name)?;
        let what = f.what.clone();
        match &node.value {
            Value::Text(t) => match t.parse::<u32>() {
                Ok(n) => Some(Located::new(n, node.at)),
                // A number, but below zero.
                Err(_) if t.trim().parse::<i64>().is_ok() => {
                    self.diags.error(
                        "E-FIELD-VALUE",
                        node.at,
                        self.lang.t(
                            format!("«{name}» de {what} es {t}: debe ser un número entero mayor que 0"),
                            format!("“{name}” of {what} is {t}: it must be a whole number greater than 0"),
                        ),
                        Some(self.lang.t(
                            format!("escriba el número sin signo, por ejemplo «{name}: {}»", t.trim().trim_start_matches('-')),
                            format!("write the number without a sign, for instance “{name}: {}”", t.trim().trim_start_matches('-')),
                        )),
                    );
                    None
                }
                // A number with decimals (`11.5`): a length counts characters.
                Err(_)
                    if t.contains('.')
                        && t.trim()
                            .parse::<f64>()
                            .is_ok_and(|n| n.is_finite() && n > 0.0) =>
                {
                    let t = t.trim();
                    let n = t.parse::<f64>().unwrap_or(1.0);
                    let (below, above) = (n.floor() as u64, n.ceil() as u64);
                    let example = |or: &str| match below {
                        0 => format!("«{name}: {above}»"),
                        _ => format!("«{name}: {below}» {or} «{name}: {above}»"),
                    };
                    self.diags.error(
                        "E-FIELD-VALUE",
                        node.at,
                        self.lang.t(
                            format!("«{name}» de {what} es {t}, un número con decimales: debe ser un número entero"),
                            format!("“{name}” of {what} is {t}, a number with decimals: it must be a whole number"),
                        ),
                        Some(self.lang.t(
                            format!("escriba un número sin decimales, por ejemplo {}", example("o")),
                            format!("write a number without decimals, for instance {}", example("or").replace('«', "“").replace('»', "”")),
                        )),
                    );
                    None
                }
                Err(_) => {
                    self.wrong_type(node, name, &what, "un número entero", "a whole number");
                    None
                }
            },
            Value::Null => None,
            _ => {
                self.wrong_type(node, name, &what, "un número entero", "a whole number");
                None
            }
        }
    }

    /// A date written as YYYY-MM-DD.
    pub fn date(&mut self, f: &mut Fields, name: &str, required: bool) -> Option<Located<Date>> {
        let text = if required {
            self.required_text(f, name)?
        } else {
            self.optional_text(f, name)?
        };
        match Date::parse(text.value.trim()) {
            Some(date) => Some(Located::new(date, text.at)),
            None => {
                self.diags.error(
                    "E-DATE-INVALID",
                    text.at,
                    self.lang.t(
                        format!("la fecha «{}» del campo «{name}» de {} no es válida", text.value, f.what),
                        format!("the date “{}” in the field “{name}” of {} is not valid", text.value, f.what),
                    ),
                    Some(self.lang.t(
                        "escriba la fecha como AAAA-MM-DD, por ejemplo 2025-04-01, y verifique que el día exista",
                        "write the date as YYYY-MM-DD, for example 2025-04-01, and check that the day exists",
                    )),
                );
                None
            }
        }
    }

    /// One of a fixed set of words (`kind: organization`), with the closest as a hint.
    pub fn choice(
        &mut self,
        f: &mut Fields,
        name: &str,
        allowed: &[&str],
        required: bool,
    ) -> Option<Located<String>> {
        let text = if required {
            self.required_text(f, name)?
        } else {
            self.optional_text(f, name)?
        };
        let what = f.what.clone();
        self.check_choice(&text, name, &what, allowed)
            .then_some(text)
    }

    pub fn check_choice(
        &mut self,
        text: &Located<String>,
        name: &str,
        what: &str,
        allowed: &[&str],
    ) -> bool {
        if allowed.contains(&text.value.as_str()) {
            return true;
        }
        let list = allowed.join(", ");
        let hint = match closest(&text.value, allowed.iter().copied()) {
            Some(best) => self.lang.t(
                format!("¿quiso decir «{best}»? Valores admitidos: {list}"),
                format!("did you mean “{best}”? Allowed values: {list}"),
            ),
            None => self.lang.t(
                format!("valores admitidos: {list}"),
                format!("allowed values: {list}"),
            ),
        };
        self.diags.error(
            "E-FIELD-VALUE",
            text.at,
            self.lang.t(
                format!(
                    "«{}» no es un valor admitido para «{name}» en {what}",
                    text.value
                ),
                format!(
                    "“{}” is not an allowed value for “{name}” in {what}",
                    text.value
                ),
            ),
            Some(hint),
        );
        false
    }
}

/// A one-entry mapping whose key has spaces: `- Informar a su superior: el jefe.`
/// No field name of norma has a space, so this is text that contained ": ".
fn looks_like_text_with_colon(entries: &[(Located<String>, Node)]) -> bool {
    matches!(entries, [(key, Node { value: Value::Text(_) | Value::Null, .. })] if key.value.trim().contains(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert!(Date::parse("2025-04-01").is_some());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2025-13-01").is_none());
        assert!(Date::parse("2025-4-1").is_none());
        assert!(Date::parse("01/04/2025").is_none());
        assert!(Date::parse("２025-04-01").is_none());
    }
}
