//! Diagnostics: what every rule returns, and the three ways of printing them.
//!
//! A [`Diagnostic`] has a stable code (listed in docs/diagnostics.md), a severity,
//! a location, a message in plain words and, where it helps, a hint. Rules never
//! print; they push diagnostics into a [`Diagnostics`] list. The renderers here turn
//! the list into text for people (with the source line and a caret), JSON for
//! programs, or GitHub Actions annotations.

pub mod codes;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::i18n::Lang;
use crate::source::{Loc, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// How a rule is configured in norma.yaml's `lint` map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Off,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub at: Loc,
    pub message: String,
    pub hint: Option<String>,
}

/// The findings of one run, in the order rules raised them.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, code: &'static str, at: Loc, message: String, hint: Option<String>) {
        self.push(Diagnostic {
            code,
            severity: Severity::Error,
            at,
            message,
            hint,
        });
    }

    pub fn warning(&mut self, code: &'static str, at: Loc, message: String, hint: Option<String>) {
        self.push(Diagnostic {
            code,
            severity: Severity::Warning,
            at,
            message,
            hint,
        });
    }

    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.message = contract_spanish(&diagnostic.message);
        self.list.push(diagnostic);
    }

    /// Moves every finding of `other` into this list (already contracted).
    pub fn append(&mut self, mut other: Diagnostics) {
        self.list.append(&mut other.list);
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }

    /// The errors alone, in order (what the preview's overlay lists).
    pub fn errors(&self) -> Diagnostics {
        Diagnostics {
            list: self
                .list
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect(),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Applies the `lint` levels of norma.yaml: a configured rule becomes an error, a
    /// warning, or disappears. Only rules whose code is in the map are touched.
    pub fn apply_levels(&mut self, levels: &BTreeMap<String, Level>) {
        self.list.retain_mut(|d| match levels.get(d.code) {
            None => true,
            Some(Level::Off) => false,
            Some(Level::Error) => {
                d.severity = Severity::Error;
                true
            }
            Some(Level::Warning) => {
                d.severity = Severity::Warning;
                true
            }
        });
    }

    /// Sorts by file, line, column and code, and drops exact repeats, so that the
    /// output does not depend on the order in which rules or files ran.
    pub fn sort(&mut self, sources: &Sources) {
        self.list.sort_by(|a, b| {
            (
                sources.path(a.at.file),
                a.at.line,
                a.at.col,
                a.code,
                &a.message,
            )
                .cmp(&(
                    sources.path(b.at.file),
                    b.at.line,
                    b.at.col,
                    b.code,
                    &b.message,
                ))
        });
        self.list.dedup();
    }
}

/// Messages are put together from pieces ("el campo … de " + "el manual mo-dir");
/// Spanish contracts "de el" and "a el" to "del" and "al". Lower case only, so a
/// name such as "El Salvador" is left alone.
fn contract_spanish(message: &str) -> String {
    message
        .replace(" de el ", " del ")
        .replace(" a el ", " al ")
}

/// Which output `--format` asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
    hint: Option<&'a str>,
}

/// `--format json`: an array of {code, severity, file, line, column, message, hint}.
pub fn render_json(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.code,
            severity: d.severity,
            file: sources.path(d.at.file),
            line: d.at.line,
            column: d.at.col,
            message: &d.message,
            hint: d.hint.as_deref(),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

/// `--format github`: workflow commands that GitHub Actions shows as annotations.
pub fn render_github(diagnostics: &Diagnostics, sources: &Sources) -> String {
    let mut out = String::new();
    for d in diagnostics.iter() {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push('\n');
            message.push_str(hint);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            escape_github_property(sources.path(d.at.file)),
            d.at.line,
            d.at.col,
            escape_github_property(d.code),
            escape_github_data(&message)
        );
    }
    out
}

fn escape_github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(text: &str) -> String {
    escape_github_data(text)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// Terminal styling for the human renderer; all empty when colour is off.
struct Style {
    error: &'static str,
    warning: &'static str,
    accent: &'static str,
    bold: &'static str,
    reset: &'static str,
}

const COLOR: Style = Style {
    error: "\x1b[1;31m",
    warning: "\x1b[1;33m",
    accent: "\x1b[1;34m",
    bold: "\x1b[1m",
    reset: "\x1b[0m",
};

const PLAIN: Style = Style {
    error: "",
    warning: "",
    accent: "",
    bold: "",
    reset: "",
};

/// For people: each finding with its code, location, the source line with a caret
/// under the column, and a help line; then a one-line summary.
pub fn render_human(
    diagnostics: &Diagnostics,
    sources: &Sources,
    lang: Lang,
    color: bool,
    preface: &str,
) -> String {
    let style = if color { &COLOR } else { &PLAIN };
    let mut out = String::new();
    for d in diagnostics.iter() {
        render_one(&mut out, d, sources, lang, style);
        out.push('\n');
    }
    out.push_str(preface);
    out.push_str(&summary_line(diagnostics, lang));
    out.push('\n');
    out
}

fn render_one(out: &mut String, d: &Diagnostic, sources: &Sources, lang: Lang, s: &Style) {
    let (label, color) = match d.severity {
        Severity::Error => ("error", s.error),
        Severity::Warning => (
            if lang == Lang::Es { "aviso" } else { "warning" },
            s.warning,
        ),
    };
    let file = sources.get(d.at.file);
    let _ = writeln!(
        out,
        "{color}{label}[{}]{reset}{bold}: {}{reset}",
        d.code,
        d.message,
        reset = s.reset,
        bold = s.bold
    );
    let line_number = d.at.line.to_string();
    let gutter = " ".repeat(line_number.len());
    let _ = writeln!(
        out,
        "{gutter}{}-->{} {}:{}:{}",
        s.accent, s.reset, file.path, d.at.line, d.at.col
    );
    if let Some(text) = file.line_text(d.at.line).filter(|_| !file.text.is_empty()) {
        let text = text.replace('\t', " ");
        let (text, caret_start) = clip_line(&text, (d.at.col as usize).saturating_sub(1));
        let width = underline_width(&text, caret_start, d.at.len as usize);
        let _ = writeln!(out, "{gutter} {}|{}", s.accent, s.reset);
        let _ = writeln!(out, "{}{line_number} |{} {text}", s.accent, s.reset);
        let _ = writeln!(
            out,
            "{gutter} {}|{} {}{color}{}{}",
            s.accent,
            s.reset,
            " ".repeat(caret_start),
            "^".repeat(width),
            s.reset
        );
    }
    if let Some(hint) = &d.hint {
        let help = if lang == Lang::Es { "ayuda" } else { "help" };
        let _ = writeln!(
            out,
            "{gutter} {}={} {}{help}:{} {hint}",
            s.accent, s.reset, s.bold, s.reset
        );
    }
}

/// Long lines are shown as a window around the column, so the caret stays on screen.
fn clip_line(line: &str, col: usize) -> (String, usize) {
    const WIDTH: usize = 100;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return (line.to_owned(), col);
    }
    let start = col
        .saturating_sub(WIDTH / 2)
        .min(chars.len().saturating_sub(WIDTH));
    let end = (start + WIDTH).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    (out, col - start + usize::from(start > 0))
}

/// How many carets go under a value: its length in characters, clipped to the line,
/// at least one.
fn underline_width(line: &str, start_col: usize, len_bytes: usize) -> usize {
    let rest: String = line.chars().skip(start_col).collect();
    let mut bytes = 0;
    let mut chars = 0;
    for c in rest.chars() {
        if bytes >= len_bytes {
            break;
        }
        bytes += c.len_utf8();
        chars += 1;
    }
    chars.max(1)
}

pub fn summary_line(diagnostics: &Diagnostics, lang: Lang) -> String {
    let errors = diagnostics.count(Severity::Error);
    let warnings = diagnostics.count(Severity::Warning);
    match lang {
        Lang::Es => format!(
            "{} {}, {} {}",
            errors,
            if errors == 1 { "error" } else { "errores" },
            warnings,
            if warnings == 1 { "aviso" } else { "avisos" }
        ),
        Lang::En => format!(
            "{} {}, {} {}",
            errors,
            if errors == 1 { "error" } else { "errors" },
            warnings,
            if warnings == 1 { "warning" } else { "warnings" }
        ),
    }
}

/// The hint for a likely typo: «¿quiso decir «functions»?».
pub fn did_you_mean(lang: Lang, best: &str) -> String {
    lang.t(
        format!("¿quiso decir «{best}»?"),
        format!("did you mean “{best}”?"),
    )
}

/// Field names and values of norma (English) as a Spanish-speaking author
/// may write them in Spanish, folded (lower case, no accents, `_` for
/// spaces). A word may stand for several: the one among the candidates is
/// taken.
const SPANISH: &[(&str, &str)] = &[
    ("nombre", "name"),
    ("codigo", "code"),
    ("clave", "code"),
    ("funciones", "functions"),
    ("funcion", "functions"),
    ("objetivo", "objective"),
    ("incisos", "items"),
    ("inciso", "items"),
    ("reactivos", "items"),
    ("texto", "text"),
    ("titulo", "title"),
    ("tipo", "type"),
    ("tipo", "kind"),
    ("clase", "kind"),
    ("version", "version"),
    ("fecha", "date"),
    ("etiqueta", "label"),
    ("longitud", "length"),
    ("largo", "length"),
    ("secciones", "sections"),
    ("escala", "scale"),
    ("audiencia", "audience"),
    ("destinatarios", "audience"),
    ("fundamento", "basis"),
    ("evidencia", "evidence"),
    ("documentos", "documents"),
    ("proposito", "purpose"),
    ("responsable", "actor"),
    ("responsable", "owner"),
    ("propietario", "owner"),
    ("reporta_a", "reports_to"),
    ("depende_de", "reports_to"),
    ("copias", "copies"),
    ("idioma", "language"),
    ("lenguaje", "language"),
    ("institucion", "institution"),
    ("archivos", "files"),
    ("verificar", "check"),
    ("revisar", "check"),
    ("hacer", "do"),
    ("accion", "do"),
    ("carta", "letter"),
    ("oficio", "legal"),
    ("organizacion", "organization"),
    ("procedimientos", "procedures"),
    ("formatos", "forms"),
    ("formularios", "forms"),
    ("supervision", "supervision"),
    ("numero", "number"),
    ("opcion", "choice"),
    ("opciones", "choice"),
    ("seleccion", "choice"),
    ("casilla", "checkbox"),
    ("casilla_de_verificacion", "checkbox"),
    ("firma", "signature"),
    ("area_de_texto", "textarea"),
    ("espanol", "es"),
    ("ingles", "en"),
    ("aviso", "warning"),
    ("advertencia", "warning"),
    ("apagado", "off"),
    ("desactivado", "off"),
];

/// The closest of `candidates` to `word`, if it is close enough to be a
/// likely typo, or if `word` is the Spanish for it (`nombre` for `name`,
/// `carta` for `letter`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let folded = crate::text::fold(word.trim()).replace([' ', '-'], "_");
    if let Some(english) = SPANISH
        .iter()
        .filter(|(es, _)| *es == folded)
        .find_map(|(_, en)| candidates.iter().find(|c| *c == en))
    {
        return Some(english);
    }
    let word_lower = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&word_lower, &candidate.to_lowercase());
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn a_spanish_name_finds_the_english_one_among_the_candidates() {
        assert_eq!(closest("nombre", ["code", "name"]), Some("name"));
        assert_eq!(closest("Código", ["code", "name"]), Some("code"));
        assert_eq!(closest("carta", ["letter", "legal", "a4"]), Some("letter"));
        assert_eq!(
            closest("casilla de verificación", ["text", "checkbox"]),
            Some("checkbox")
        );
        // One Spanish word for two fields: the one allowed here.
        assert_eq!(closest("responsable", ["actor", "do"]), Some("actor"));
        assert_eq!(closest("responsable", ["code", "owner"]), Some("owner"));
        // Not among the candidates: nothing, rather than a wrong guess.
        assert_eq!(closest("carta", ["es", "en"]), None);
        // Typos are still found.
        assert_eq!(closest("nmae", ["code", "name"]), Some("name"));
    }
}
