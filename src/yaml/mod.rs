//! YAML text → a tree of located nodes, and ([`read`]) typed reading of them.
//!
//! serde-saphyr parses the text (with strict booleans, duplicate keys refused, and
//! budgets for depth and aliases) into [`Node`]s that remember where every value and
//! every key was written. Scalars are kept as text: `7.10` stays `"7.10"` and `NO`
//! stays `"NO"`; the typed reading in `yaml::read` decides what a scalar means. This
//! module knows nothing of manuals or units.

pub mod read;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Error as YamlError, Spanned};

use crate::diagnostic::Diagnostics;
use crate::i18n::Lang;
use crate::source::{FileId, Loc, Located, SourceFile};

/// The deepest nesting a content file may have. Real content stays under 10 levels.
pub const MAX_DEPTH: usize = 64;

/// A YAML value and where it was written.
#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub at: Loc,
}

#[derive(Debug, Clone)]
pub enum Value {
    /// `~`, `null` or nothing at all.
    Null,
    /// `true` or `false` (strict: `yes`, `no`, `on`, `NO` are text).
    Bool(bool),
    /// Any other scalar, as text. Numbers keep their spelling (`3.10`).
    Text(String),
    Seq(Vec<Node>),
    /// Keys in the order written.
    Map(Vec<(Located<String>, Node)>),
}

impl Node {
    /// What kind of YAML value this is, in words for a message.
    pub fn kind_name(&self, lang: Lang) -> String {
        match &self.value {
            Value::Null => lang.t("un valor vacío", "an empty value"),
            Value::Bool(_) => lang.t("un valor verdadero/falso", "a true/false value"),
            Value::Text(_) => lang.t("un texto", "a text"),
            Value::Seq(_) => lang.t("una lista", "a list"),
            Value::Map(_) => lang.t("un mapa de campos", "a mapping of fields"),
        }
    }
}

/// The node as serde-saphyr hands it over, before positions are tied to a file.
enum RawValue {
    Null,
    Bool(bool),
    Number,
    Text(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<String>, Spanned<RawValue>)>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_none<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(b))
    }
    fn visit_u64<E>(self, _: u64) -> Result<RawValue, E> {
        Ok(RawValue::Number)
    }
    fn visit_i64<E>(self, _: i64) -> Result<RawValue, E> {
        Ok(RawValue::Number)
    }
    fn visit_u128<E>(self, _: u128) -> Result<RawValue, E> {
        Ok(RawValue::Number)
    }
    fn visit_i128<E>(self, _: i128) -> Result<RawValue, E> {
        Ok(RawValue::Number)
    }
    fn visit_f64<E>(self, _: f64) -> Result<RawValue, E> {
        Ok(RawValue::Number)
    }
    fn visit_str<E>(self, s: &str) -> Result<RawValue, E> {
        Ok(RawValue::Text(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<RawValue, E> {
        Ok(RawValue::Text(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(RawValue::Map(entries))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<RawValue, E> {
        Err(E::custom("binary values are not supported"))
    }
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_alias_expansions_per_anchor: 1_000,
        },
    }
}

/// Parses one file. On a YAML problem, reports it (with its own code) and returns
/// `None`: the file contributes nothing, the rest of the project is still checked.
/// A field written twice is the exception: it is reported, and the file is
/// read on with each field's first value, so that one repeated line (in
/// norma.yaml, say) does not lose the whole file and draw errors about
/// fields that are there.
pub fn parse(file: &SourceFile, id: FileId, lang: Lang, diags: &mut Diagnostics) -> Option<Node> {
    if file.text.trim().is_empty() {
        return Some(Node {
            value: Value::Null,
            at: Loc::file_start(id),
        });
    }
    match serde_saphyr::from_str_with_options::<Spanned<RawValue>>(&file.text, options()) {
        Ok(raw) => {
            let node = convert(raw, file, id);
            report_tags(&node, file, lang, diags);
            Some(node)
        }
        Err(error) => {
            report(&error, file, id, lang, diags);
            if !matches!(innermost(&error), YamlError::DuplicateMappingKey { .. }) {
                return None;
            }
            // Every pair handed over, the later ones dropped here (where
            // they are reported, but for the one already reported).
            let reported = error.location().map(|l| loc_of(&l, file, id));
            let mut options = options();
            options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
            let raw = serde_saphyr::from_str_with_options::<Spanned<RawValue>>(&file.text, options)
                .ok()?;
            let mut node = convert(raw, file, id);
            keep_first_of_each_key(&mut node, reported, lang, diags);
            report_tags(&node, file, lang, diags);
            Some(node)
        }
    }
}

/// Reports every value written after a YAML tag (`name: !Urgente revisar`):
/// the parser drops the tag, so its word would silently not be published.
/// The tag is the word just before where the value starts.
fn report_tags(node: &Node, file: &SourceFile, lang: Lang, diags: &mut Diagnostics) {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .for_each(|(_, value)| report_tags(value, file, lang, diags)),
        Value::Seq(items) => items
            .iter()
            .for_each(|item| report_tags(item, file, lang, diags)),
        _ => {}
    }
    let Some(offset) = node.at.offset.map(|o| o as usize) else {
        return;
    };
    let before = file.text.get(..offset).unwrap_or("").trim_end_matches(' ');
    let word_start = before.rfind([' ', '\n', '[', ',']).map_or(0, |i| i + 1);
    let word = &before[word_start..];
    if !word.starts_with('!') {
        return;
    }
    diags.error(
        "E-YAML-SYNTAX",
        file.loc_of_range(node.at.file, word_start, word.len()),
        lang.t(
            format!("«{word}» al inicio de un valor es una etiqueta de YAML: se descarta sin aviso, y el texto se publicaría sin esa palabra"),
            format!("“{word}” at the start of a value is a YAML tag: it is dropped silently, and the text would be published without that word"),
        ),
        Some(lang.t(
            "si es parte del texto, escriba el texto entre comillas simples ('!Urgente revisar'); norma no usa etiquetas",
            "if it is part of the text, put the text in single quotes ('!Urgent check'); norma uses no tags",
        )),
    );
}

/// Drops every later pair of a key written twice in one map, reporting it
/// (unless at `reported`), at every depth.
fn keep_first_of_each_key(
    node: &mut Node,
    reported: Option<Loc>,
    lang: Lang,
    diags: &mut Diagnostics,
) {
    match &mut node.value {
        Value::Map(entries) => {
            let mut seen = std::collections::HashSet::new();
            entries.retain(|(key, _)| {
                if seen.insert(key.value.clone()) {
                    return true;
                }
                if reported.is_none_or(|r| r.line != key.at.line || r.col != key.at.col) {
                    duplicate_key(&key.value, key.at, lang, diags);
                }
                false
            });
            for (_, value) in entries {
                keep_first_of_each_key(value, reported, lang, diags);
            }
        }
        Value::Seq(items) => {
            for item in items {
                keep_first_of_each_key(item, reported, lang, diags);
            }
        }
        _ => {}
    }
}

fn duplicate_key(key: &str, at: Loc, lang: Lang, diags: &mut Diagnostics) {
    diags.error(
        "E-YAML-DUPLICATE-KEY",
        at,
        lang.t(
            format!("el campo «{key}» está escrito dos veces"),
            format!("the field “{key}” is written twice"),
        ),
        Some(lang.t(
            "borre una de las dos líneas; YAML no permite repetir un campo en el mismo bloque",
            "delete one of the two lines; YAML does not allow the same field twice in one block",
        )),
    );
}

fn loc_of(location: &serde_saphyr::Location, file: &SourceFile, id: FileId) -> Loc {
    let span = location.span();
    let (offset, len) = match (span.byte_offset(), span.byte_len()) {
        (Some(o), Some(l)) if o < u32::MAX as u64 => (Some(o as u32), l as u32),
        _ => (None, 0),
    };
    if location.line() == 0 {
        return Loc::file_start(id);
    }
    let mut loc = Loc {
        file: id,
        line: location.line() as u32,
        col: location.column() as u32,
        offset,
        len,
    };
    // Positions of values inside a line are reported by serde-saphyr in characters;
    // recompute from the byte offset when known so both always agree.
    if let Some(o) = offset {
        let (line, col) = file.line_col(o as usize);
        loc.line = line;
        loc.col = col;
    }
    loc
}

fn convert(raw: Spanned<RawValue>, file: &SourceFile, id: FileId) -> Node {
    let at = loc_of(&raw.referenced, file, id);
    let value = match raw.value {
        RawValue::Null => Value::Null,
        RawValue::Bool(b) => Value::Bool(b),
        RawValue::Number => {
            // Keep the number as written: `3.10` is a version, not 3.1.
            let text = at
                .offset
                .and_then(|o| file.text.get(o as usize..(o + at.len) as usize))
                .map(|s| s.trim().to_owned())
                .unwrap_or_default();
            Value::Text(text)
        }
        RawValue::Text(s) => Value::Text(s),
        RawValue::Seq(items) => {
            Value::Seq(items.into_iter().map(|i| convert(i, file, id)).collect())
        }
        RawValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key_at = loc_of(&k.referenced, file, id);
                    (Located::new(k.value, key_at), convert(v, file, id))
                })
                .collect(),
        ),
    };
    Node { value, at }
}

/// The error itself, without the wrappers serde-saphyr adds for snippets and aliases.
fn innermost(error: &YamlError) -> &YamlError {
    let mut current = error.without_snippet();
    while let YamlError::AliasError { error, .. } = current {
        current = error.without_snippet();
    }
    current
}

fn report(error: &YamlError, file: &SourceFile, id: FileId, lang: Lang, diags: &mut Diagnostics) {
    let inner = innermost(error);
    let mut at = error
        .location()
        .map(|l| loc_of(&l, file, id))
        .unwrap_or_else(|| Loc::file_start(id));
    let detail = parser_message(inner);
    if detail.contains("tab") {
        // The parser reports where the scalar before the tab started; point at the
        // tab itself, which is what the author has to delete.
        at = first_indenting_tab(file, id, at.line).unwrap_or(at);
    }
    match inner {
        YamlError::DuplicateMappingKey { key, .. } => {
            duplicate_key(key.as_deref().unwrap_or_default(), at, lang, diags);
        }
        // `---` starts a second document: one file holds one thing.
        YamlError::Budget {
            breach: serde_saphyr::budget::BudgetBreach::Documents { .. },
            ..
        } => {
            let at = second_document(file, id).unwrap_or(at);
            diags.error(
                "E-YAML-SYNTAX",
                at,
                lang.t(
                    "el archivo no es YAML válido: la línea «---» empieza un segundo documento, y cada archivo tiene uno solo",
                    "the file is not valid YAML: the line “---” starts a second document, and each file holds one",
                ),
                Some(lang.t(
                    "quite la línea «---»; si debajo hay otra unidad, otro procedimiento u otro formato, páselo a un archivo propio",
                    "delete the “---” line; if another unit, procedure or form follows, move it to a file of its own",
                )),
            );
        }
        YamlError::Budget { .. }
        | YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => {
            let (es, en) = if detail.contains("Depth") {
                (
                    format!("el archivo tiene más de {MAX_DEPTH} niveles de anidación"),
                    format!("the file has more than {MAX_DEPTH} levels of nesting"),
                )
            } else {
                (
                    "las anclas y alias (& y *) del archivo se multiplican más allá del límite"
                        .to_owned(),
                    "the file's anchors and aliases (& and *) multiply beyond the limit".to_owned(),
                )
            };
            diags.error(
                "E-YAML-LIMIT",
                at,
                lang.t(es, en),
                Some(lang.t(
                    format!("el contenido normativo no necesita más de {MAX_DEPTH} niveles de anidación ni anclas (&) que se multipliquen; simplifique la estructura"),
                    format!("normative content needs no more than {MAX_DEPTH} levels of nesting nor anchors (&) that multiply; simplify the structure"),
                )),
            );
        }
        _ if detail.contains("recursion limit") => {
            diags.error(
                "E-YAML-LIMIT",
                at,
                lang.t(
                    format!("el archivo tiene demasiados niveles de anidación (más de {MAX_DEPTH})"),
                    format!("the file is nested too deeply (more than {MAX_DEPTH} levels)"),
                ),
                Some(lang.t(
                    "revise los corchetes y la sangría; el contenido normativo no necesita tantos niveles",
                    "check the brackets and the indentation; normative content needs no such depth",
                )),
            );
        }
        _ => {
            // A bracket or a quotation mark left open is found by the parser
            // lines later, in other words: point at the opening instead.
            let error_offset = at
                .offset
                .map(|o| o as usize)
                .unwrap_or_else(|| line_start(&file.text, at.line));
            if let Some((opening, offset)) = unclosed(&file.text, error_offset) {
                let closing = match opening {
                    '[' => ']',
                    '{' => '}',
                    other => other,
                };
                diags.error(
                    "E-YAML-SYNTAX",
                    file.loc_of_range(id, offset, 1),
                    lang.t(
                        format!("el archivo no es YAML válido: este «{opening}» no se cierra"),
                        format!("the file is not valid YAML: this “{opening}” is never closed"),
                    ),
                    Some(lang.t(
                        format!("cierre el «{opening}» con «{closing}» donde termina el valor, o quítelo si no hacía falta"),
                        format!("close the “{opening}” with “{closing}” where the value ends, or delete it if it was not needed"),
                    )),
                );
                return;
            }
            // Markdown at the start of a text (`- **Dirigir** …`, `- [la
            // unidad](unit:7.3) …`) or a text that starts with quotes and goes
            // on after them: YAML reads the first character as its own.
            let starts = (!inner_quotes(&file.text, error_offset))
                .then(|| starts_as_yaml(&file.text, error_offset))
                .flatten();
            if let Some((offset, first)) = starts {
                let (es, en) = match first {
                    '*' => (
                        "YAML lee «*» al inicio como un alias (*nombre)",
                        "YAML reads “*” at the start as an alias (*name)",
                    ),
                    '&' => (
                        "YAML lee «&» al inicio como un ancla (&nombre)",
                        "YAML reads “&” at the start as an anchor (&name)",
                    ),
                    '!' => (
                        "YAML lee «!» al inicio como una etiqueta de tipo",
                        "YAML reads “!” at the start as a type tag",
                    ),
                    '[' | '{' => (
                        "YAML lee «[» al inicio como el principio de una lista",
                        "YAML reads “[” at the start as the start of a list",
                    ),
                    '`' => (
                        "YAML no admite «`» al inicio de un valor",
                        "YAML does not allow “`” at the start of a value",
                    ),
                    _ => (
                        "YAML lee el texto entre las primeras comillas como el valor entero, y lo que sigue queda fuera",
                        "YAML reads the text between the first quotes as the whole value, and what follows is left out",
                    ),
                };
                diags.error(
                    "E-YAML-SYNTAX",
                    file.loc_of_range(id, offset, first.len_utf8()),
                    lang.t(
                        format!("el archivo no es YAML válido: este texto empieza con «{first}», y {es}"),
                        format!("the file is not valid YAML: this text starts with “{first}”, and {en}"),
                    ),
                    Some(lang.t(
                        "escriba el texto en un bloque: «>-» al final de la línea y el texto en la línea siguiente, con dos espacios más de sangría; o entre comillas simples ('**Dirigir** la política'), dobladas si el texto las lleva ('la ''Zona''')",
                        "write the text as a block: “>-” at the end of the line and the text on the next line, indented two spaces more; or in single quotes ('**Direct** the policy'), doubled if the text has them ('the ''Zone''')",
                    )),
                );
                return;
            }
            let indented = continuation(&file.text, error_offset);
            diags.error(
                "E-YAML-SYNTAX",
                at,
                lang.t(
                    format!("el archivo no es YAML válido: {}", spanish_detail(&detail)),
                    format!("the file is not valid YAML: {detail}"),
                ),
                Some(if inner_quotes(&file.text, error_offset) {
                    lang.t(
                        "el texto entre comillas lleva comillas dentro, que lo cierran antes de tiempo: use «» dentro (name: \"Coordinación «Zona Centro»\"), o comillas simples por fuera (name: 'Coordinación \"Zona Centro\"')",
                        "the quoted text has quotes inside, which end it too soon: use other quotes inside, or single quotes outside (name: 'Coordination \"Central Zone\"')",
                    )
                } else if indented {
                    lang.t(
                        "esta línea tiene más sangría que la anterior: si es un campo, quite los espacios de más al inicio; si continúa un texto, escriba el texto en un bloque «>-»",
                        "this line is indented more than the one before: if it is a field, delete the extra spaces at its start; if it continues a text, write the text in a “>-” block",
                    )
                } else {
                    syntax_hint(&detail, lang)
                }),
            );
        }
    }
}

/// Where the value on the line at `offset` starts with a character YAML
/// takes as its own when the author meant text: `*`, `&`, `!`, a backtick,
/// a Markdown link or a bracket followed by more words, or quotes closed
/// before the text ends. Returns that character's offset and the character.
fn starts_as_yaml(text: &str, offset: usize) -> Option<(usize, char)> {
    let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    // The value: after the list's "- " or after "name: ".
    let (value, at) = if let Some(item) = rest.strip_prefix("- ") {
        let item_indent = item.len() - item.trim_start().len();
        (item.trim_start(), indent + 2 + item_indent)
    } else if let Some((key, v)) = rest.split_once(": ") {
        if key.contains(' ') && !key.starts_with('"') {
            return None;
        }
        let v_indent = v.len() - v.trim_start().len();
        (v.trim_start(), indent + key.len() + 2 + v_indent)
    } else {
        return None;
    };
    let value = value.trim_end();
    let first = value.chars().next()?;
    let more_after = |end: usize| {
        let after = value[end..].trim_start();
        !after.is_empty() && !after.starts_with('#') && !after.starts_with(',')
    };
    let bad = match first {
        '*' | '&' | '!' | '`' => true,
        // A list or a map ends the value: more words after it are text.
        '[' => value.find(']').is_some_and(|end| more_after(end + 1)),
        '{' => value.find('}').is_some_and(|end| more_after(end + 1)),
        '"' | '\'' => {
            // The closing quote (not an escaped or a doubled one), then more words.
            let mut end = None;
            let mut chars = value.char_indices().skip(1).peekable();
            while let Some((i, c)) = chars.next() {
                if first == '"' && c == '\\' {
                    chars.next();
                } else if c == first {
                    if first == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                        chars.next();
                    } else {
                        end = Some(i);
                        break;
                    }
                }
            }
            end.is_some_and(|end| more_after(end + 1))
        }
        _ => false,
    };
    bad.then_some((start + at, first))
}

/// The `---` line that starts a file's second document (one at the very
/// start, before any content, only marks the first).
fn second_document(file: &SourceFile, id: FileId) -> Option<Loc> {
    let mut offset = 0;
    let mut content = false;
    for line in file.text.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare.starts_with("--- ") {
            if content {
                return Some(file.loc_of_range(id, offset, 3));
            }
        } else if !bare.trim_start().is_empty()
            && !bare.trim_start().starts_with('#')
            && !bare.starts_with('%')
        {
            content = true;
        }
        offset += line.len();
    }
    None
}

/// Whether the line at `offset` holds a value in double quotes with more
/// double quotes inside (`name: "Coordinación "Zona Centro""`).
fn inner_quotes(text: &str, offset: usize) -> bool {
    let offset = crate::source::floor_char_boundary(text, offset.min(text.len()));
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or("");
    let value = line
        .split_once(": ")
        .map_or(line.trim_start().trim_start_matches("- "), |(_, v)| v)
        .trim();
    value.starts_with('"') && value.replace("\\\"", "").matches('"').count() >= 3
}

/// The first tab used as indentation at or after `line`.
fn first_indenting_tab(file: &SourceFile, id: FileId, line: u32) -> Option<Loc> {
    let mut offset = 0;
    for (index, text) in file.text.split_inclusive('\n').enumerate() {
        if index + 1 >= line as usize {
            let indent = text.len() - text.trim_start_matches([' ', '\t']).len();
            if let Some(tab) = text[..indent].find('\t') {
                return Some(file.loc_of_range(id, offset + tab, 1));
            }
        }
        offset += text.len();
    }
    None
}

/// The parser's own words, without the position it appends (we print that ourselves).
fn parser_message(error: &YamlError) -> String {
    let text = error.to_string();
    let text = match text.find(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.lines().next().unwrap_or("").trim().to_owned()
}

/// The parser's words for what it found, in Spanish.
fn spanish_detail(detail: &str) -> String {
    let d = detail.to_lowercase();
    let said = if d.contains("tab") {
        "hay un tabulador donde YAML espera espacios"
    } else if d.contains("mapping values are not allowed") {
        "aquí no puede empezar un campo («nombre: valor»)"
    } else if d.contains("illegal placement of ':'") {
        "hay unos «:» fuera de lugar"
    } else if d.contains("only valid inside a block") {
        "hay un «-» de lista fuera de lugar"
    } else if d.contains("expected '-'") {
        "la sangría de esta línea no es la de los elementos de la lista"
    } else if d.contains("expected key") {
        "la sangría de esta línea no es la de los campos de arriba"
    } else if d.contains("escape") {
        "entre comillas dobles, «\\» empieza una secuencia de escape, y esta no existe"
    } else if d.contains("quote") {
        "unas comillas no se cierran como se esperaba"
    } else if d.contains("end of stream") {
        "el archivo termina antes de que se cierre lo que abrió"
    } else if d.contains("unexpected character") {
        let c = detail
            .split('`')
            .nth(1)
            .map(|c| c.trim_end_matches('\''))
            .unwrap_or("");
        return format!("el carácter «{c}» no puede empezar un valor");
    } else if d.contains("indentation") {
        "la sangría de esta línea no corresponde"
    } else {
        "la estructura del archivo no se entiende a partir de aquí"
    };
    said.to_owned()
}

/// Byte offset where the 1-based `line` starts.
fn line_start(text: &str, line: u32) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum()
}

/// Whether the line at `offset` is indented more than the line before it,
/// which starts a field: a field written one level too deep, or a text's
/// continuation the parser took for a field.
fn continuation(text: &str, offset: usize) -> bool {
    let start = text[..crate::source::floor_char_boundary(text, offset)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let Some(before_end) = start.checked_sub(1) else {
        return false;
    };
    let before_start = text[..before_end].rfind('\n').map_or(0, |i| i + 1);
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let line = text[start..].lines().next().unwrap_or("");
    let before = &text[before_start..before_end];
    let before_is_field = before
        .trim_start()
        .split_once(": ")
        .is_some_and(|(key, value)| !key.contains(' ') && !value.trim().is_empty());
    before_is_field && indent(line) > indent(before) && line.trim_start().contains(": ")
}

/// The last "[", "{" or quotation mark that is still open at `offset`, with
/// its byte offset: brackets that open a value (after ": ", "- ", another
/// bracket or a comma) and quotes that start one, skipping comments.
fn unclosed(text: &str, offset: usize) -> Option<(char, usize)> {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut quote: Option<(char, usize)> = None;
    // Whether the next character starts a value.
    let mut at_value = true;
    let mut chars = text[..crate::source::floor_char_boundary(text, offset)]
        .char_indices()
        .peekable();
    while let Some((i, c)) = chars.next() {
        if let Some((q, _)) = quote {
            if c == q {
                if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                } else {
                    quote = None;
                    at_value = false;
                }
            } else if c == '\\' && q == '"' {
                chars.next();
            }
            continue;
        }
        match c {
            '#' if at_value || text[..i].ends_with(' ') => {
                // A comment, to the end of the line.
                for (_, n) in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                at_value = true;
            }
            '"' | '\'' if at_value => quote = Some((c, i)),
            '[' | '{' if at_value || !open.is_empty() => {
                open.push((c, i));
                at_value = true;
            }
            ']' | '}' if !open.is_empty() => {
                open.pop();
                at_value = false;
            }
            ',' if !open.is_empty() => at_value = true,
            ':' | '-' if chars.peek().is_some_and(|&(_, n)| n == ' ' || n == '\n') => {
                at_value = true;
            }
            '\n' => at_value = true,
            ' ' | '\t' => {}
            _ => at_value = false,
        }
    }
    // A quote still open outlives the line it started on only as a quoted
    // scalar running on: the parser says so at the end.
    quote.or_else(|| open.last().copied())
}

/// A plain-words hint for the YAML mistakes authors make most.
fn syntax_hint(detail: &str, lang: Lang) -> String {
    if detail.contains("unexpected character") {
        lang.t(
            "un valor que empieza con «@», «`», «%», «|» o «>» sin ser un bloque va entre comillas: name: \"@Oficina\"",
            "a value that starts with “@”, “`”, “%”, “|” or “>” without being a block goes in quotes: name: \"@Office\"",
        )
    } else if detail.contains("tab") {
        lang.t(
            "YAML no admite tabuladores para sangrar: use espacios (dos por nivel)",
            "YAML does not allow tabs for indentation: use spaces (two per level)",
        )
    } else if detail.contains("':'") || detail.contains("mapping values") {
        lang.t(
            "si el texto contiene «: », escríbalo entre comillas o use un bloque `|` o `>-`",
            "if the text contains “: ”, put it in quotes or use a `|` or `>-` block",
        )
    } else if detail.contains("escape") {
        lang.t(
            "escriba el texto entre comillas simples, donde «\\» es una letra más ('C:\\Oficios'), o escriba «\\\\» por cada «\\»",
            "put the text in single quotes, where “\\” is a plain character ('C:\\Letters'), or write “\\\\” for each “\\”",
        )
    } else if detail.contains("quote") || detail.contains("quoted") {
        lang.t(
            "falta cerrar unas comillas",
            "a quotation mark is not closed",
        )
    } else if detail.contains("flow") || detail.contains(']') || detail.contains('}') {
        lang.t(
            "revise que cada «[» y «{» tenga su cierre «]» o «}»",
            "check that every “[” and “{” has its closing “]” or “}”",
        )
    } else {
        lang.t(
            "revise la sangría (espacios al inicio de la línea) de esta línea y de la anterior",
            "check the indentation (spaces at the start of the line) of this line and the one before",
        )
    }
}
