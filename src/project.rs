//! norma.yaml: the institution, the site and PDF settings, the clave pattern and the
//! lint levels. Read before anything else, because its `language` decides the
//! language of every message that follows.

use std::collections::BTreeMap;

use crate::diagnostic::{Level, closest, did_you_mean};
use crate::source::Located;
use crate::yaml::read::Reader;
use crate::yaml::{Node, Value};

/// The settings of a project, from norma.yaml.
#[derive(Debug, Clone)]
pub struct Settings {
    pub institution: String,
    pub site_title: String,
    pub language: crate::i18n::Lang,
    pub base_url: String,
    pub theme: String,
    /// Where `theme:` is written, for a message about it.
    pub theme_at: Option<crate::source::Loc>,
    pub pdf: PdfSettings,
    /// The registration-key pattern every manual, procedure, form and guide code
    /// must match; `None` accepts any code.
    pub code_pattern: Option<Located<String>>,
    pub lint: BTreeMap<String, Level>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PdfSettings {
    pub paper: String,
    /// Top, right, bottom, left, in millimetres.
    pub margins_mm: [f32; 4],
    /// The standards every PDF claims and meets (`pdf.standards`): some of
    /// `PDF_STANDARDS`, in that order; both unless norma.yaml says otherwise.
    pub standards: Vec<String>,
}

/// The standards a PDF can claim: PDF/UA-1 (accessible) and PDF/A-2a
/// (archival, accessible level).
pub const PDF_STANDARDS: [&str; 2] = ["ua-1", "a-2a"];

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            paper: "letter".into(),
            margins_mm: [30.0, 20.0, 30.0, 20.0],
            standards: PDF_STANDARDS.map(String::from).to_vec(),
        }
    }
}

pub const SETTINGS_FIELDS: &[&str] = &[
    "institution",
    "site_title",
    "language",
    "base_url",
    "theme",
    "pdf",
    "code_pattern",
    "lint",
];

/// The language of this run set by the command line (`--lang`), above the
/// project's `language:`. Set once, before anything is loaded.
static LANGUAGE: std::sync::OnceLock<crate::i18n::Lang> = std::sync::OnceLock::new();

/// Sets this run's language whatever norma.yaml says (`norma --lang`).
pub fn set_language(lang: crate::i18n::Lang) {
    let _ = LANGUAGE.set(lang);
}

/// The language `--lang` set for this run, if it did.
pub fn language_set() -> Option<crate::i18n::Lang> {
    LANGUAGE.get().copied()
}

/// The `language` value, read before the rest so messages come out in it
/// (the command line's `--lang` instead, when given).
pub fn peek_language(node: &Node) -> crate::i18n::Lang {
    if let Some(lang) = LANGUAGE.get() {
        return *lang;
    }
    if let Value::Map(entries) = &node.value {
        for (key, value) in entries {
            if key.value == "language"
                && let Value::Text(t) = &value.value
                && t == "en"
            {
                return crate::i18n::Lang::En;
            }
        }
    }
    crate::i18n::Lang::Es
}

/// The language norma.yaml in `root` asks for, read on its own: the command
/// line speaks it before anything is loaded. Spanish when there is no
/// norma.yaml or it does not parse (loading it will say why).
pub fn language_at(root: &std::path::Path) -> crate::i18n::Lang {
    let path = root.join("norma.yaml");
    // No more than the loader reads (its MAX_FILE_BYTES, 10 MiB: a larger
    // norma.yaml is refused there).
    let mut text = String::new();
    let read = std::fs::File::open(&path).and_then(|file| {
        std::io::Read::read_to_string(&mut std::io::Read::take(file, 10 << 20), &mut text)
    });
    if read.is_err() {
        return crate::i18n::Lang::Es;
    }
    let mut sources = crate::source::Sources::default();
    let id = sources.add("norma.yaml".to_owned(), path, text);
    let mut ignored = crate::diagnostic::Diagnostics::default();
    crate::yaml::parse(sources.get(id), id, crate::i18n::Lang::Es, &mut ignored)
        .map_or(crate::i18n::Lang::Es, |node| peek_language(&node))
}

impl Settings {
    pub fn read(r: &mut Reader, node: &Node) -> Settings {
        let lang = r.lang;
        let mut settings = Settings {
            institution: String::new(),
            site_title: String::new(),
            language: lang,
            base_url: "/".into(),
            theme: "default".into(),
            theme_at: None,
            pdf: PdfSettings::default(),
            code_pattern: None,
            lint: BTreeMap::new(),
        };
        let what = lang.t(
            "la configuración del proyecto (norma.yaml)",
            "the project settings (norma.yaml)",
        );
        let Some(mut f) = r.fields(node, what) else {
            return settings;
        };
        settings.institution = r
            .required_text(&mut f, "institution")
            .map(|t| t.value)
            .unwrap_or_default();
        settings.site_title = r
            .optional_text(&mut f, "site_title")
            .map(|t| t.value)
            .unwrap_or_else(|| settings.institution.clone());
        r.choice(&mut f, "language", &["es", "en"], false);
        if let Some(base) = r.optional_text(&mut f, "base_url") {
            settings.base_url = base.value;
        }
        if let Some(theme) = r.optional_text(&mut f, "theme") {
            settings.theme = theme.value;
            settings.theme_at = Some(theme.at);
        }
        if let Some(pdf) = f.get("pdf") {
            settings.pdf = read_pdf(r, pdf);
        }
        settings.code_pattern = r.optional_text(&mut f, "code_pattern");
        if let Some(lint) = f.get("lint") {
            settings.lint = read_lint(r, lint);
        }
        r.finish(f, SETTINGS_FIELDS);
        settings
    }
}

fn read_pdf(r: &mut Reader, node: &Node) -> PdfSettings {
    let mut pdf = PdfSettings::default();
    let what = r.lang.t(
        "la sección pdf de norma.yaml",
        "the pdf section of norma.yaml",
    );
    let Some(mut f) = r.fields(node, what) else {
        return pdf;
    };
    if let Some(paper) = r.choice(&mut f, "paper", &["letter", "legal", "a4"], false) {
        pdf.paper = paper.value;
    }
    if let Some(margins) = f.get("margins_mm") {
        let numbers: Vec<f32> = match &margins.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| match &n.value {
                    Value::Text(t) => t.parse::<f32>().ok().filter(|v| (0.0..=100.0).contains(v)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        match <[f32; 4]>::try_from(numbers) {
            Ok(m) => pdf.margins_mm = m,
            Err(_) => r.diags.error(
                "E-FIELD-TYPE",
                margins.at,
                r.lang.t(
                    "«margins_mm» debe ser una lista de cuatro números entre 0 y 100 (superior, derecho, inferior, izquierdo)",
                    "“margins_mm” must be a list of four numbers between 0 and 100 (top, right, bottom, left)",
                ),
                Some(r.lang.t("por ejemplo: margins_mm: [30, 20, 30, 20]", "for example: margins_mm: [30, 20, 30, 20]")),
            ),
        }
    }
    if let Some(standards) = f.get("standards") {
        match &standards.value {
            Value::Seq(items) => {
                let what = f.what.clone();
                let mut chosen = Vec::new();
                for item in items {
                    if let Value::Text(t) = &item.value {
                        let text = Located {
                            value: t.clone(),
                            at: item.at,
                        };
                        if r.check_choice(&text, "standards", &what, &PDF_STANDARDS) {
                            chosen.push(t.clone());
                        }
                    }
                }
                pdf.standards = PDF_STANDARDS
                    .iter()
                    .filter(|s| chosen.iter().any(|c| c == *s))
                    .map(|s| s.to_string())
                    .collect();
            }
            _ => r.diags.error(
                "E-FIELD-TYPE",
                standards.at,
                r.lang.t(
                    "«standards» debe ser una lista: [ua-1, a-2a] (lo predeterminado) o [] para no declarar ninguna norma",
                    "“standards” must be a list: [ua-1, a-2a] (the default) or [] to claim none",
                ),
                Some(r.lang.t("por ejemplo: standards: [ua-1, a-2a]", "for example: standards: [ua-1, a-2a]")),
            ),
        }
    }
    r.finish(f, &["paper", "margins_mm", "standards"]);
    pdf
}

fn read_lint(r: &mut Reader, node: &Node) -> BTreeMap<String, Level> {
    let mut levels = BTreeMap::new();
    let what = r.lang.t(
        "la sección lint de norma.yaml",
        "the lint section of norma.yaml",
    );
    let Some(f) = r.fields(node, what) else {
        return levels;
    };
    let Value::Map(entries) = &node.value else {
        return levels;
    };
    let what = f.what.clone();
    for (key, value) in entries {
        let Some(level) = r.text_node(value, &key.value, &what) else {
            continue;
        };
        if !r.check_choice(&level, &key.value, &what, &["error", "warning", "off"]) {
            continue;
        }
        let Some(severity) = crate::diagnostic::codes::severity(&key.value) else {
            let codes = crate::diagnostic::codes::ALL.iter().map(|c| c.code);
            let hint = match closest(&key.value, codes) {
                Some(best) => did_you_mean(r.lang, best),
                None => r.lang.t(
                    "los códigos están en docs/diagnostics.md",
                    "the codes are listed in docs/diagnostics.md",
                ),
            };
            r.diags.warning(
                "W-LINT-UNKNOWN",
                key.at,
                r.lang.t(
                    format!("«{}» no es un código de diagnóstico de norma", key.value),
                    format!("“{}” is not a norma diagnostic code", key.value),
                ),
                Some(hint),
            );
            continue;
        };
        // An error stays one: the content it stops would be published wrong
        // (a decision that "goes on to activity 0") or not at all (a file
        // that does not parse), with nothing said.
        if severity == crate::diagnostic::Severity::Error && level.value != "error" {
            r.diags.error(
                "E-FIELD-VALUE",
                level.at,
                r.lang.t(
                    format!("{} es un error y no puede ser «{}»: lo que detiene se publicaría mal o no se publicaría, sin aviso", key.value, level.value),
                    format!("{} is an error and cannot be “{}”: what it stops would be published wrong, or not at all, with nothing said", key.value, level.value),
                ),
                Some(r.lang.t(
                    "quite la línea y corrija el contenido que el error señala; «lint» cambia el nivel de los avisos (W-…), no el de los errores",
                    "delete the line and correct the content the error points at; “lint” changes the level of warnings (W-…), not of errors",
                )),
            );
            continue;
        }
        let level = match level.value.as_str() {
            "error" => Level::Error,
            "warning" => Level::Warning,
            _ => Level::Off,
        };
        levels.insert(key.value.clone(), level);
    }
    levels
}
