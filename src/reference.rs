//! The reference links of spec §8 (`unit:7.3.1`, `fn:7.3.1.1/10c`, `form:…#field` …):
//! their grammar, and where they are written inside Markdown text.
//!
//! This module only parses; `check::references` decides whether a target exists,
//! and resolve (`resolve::targets`) turns them into links.

use pulldown_cmark::{Event, Parser, Tag};

/// The schemes norma resolves.
pub const SCHEMES: &[&str] = &["unit", "fn", "proc", "form", "guide", "term", "manual"];

/// A parsed reference target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    Unit {
        manual: Option<String>,
        code: String,
    },
    Function {
        manual: Option<String>,
        unit: String,
        number: usize,
        inciso: Option<String>,
    },
    Procedure {
        code: String,
        step: Option<String>,
    },
    Form {
        code: String,
        field: Option<String>,
    },
    Guide {
        code: String,
    },
    Term {
        term: String,
    },
    Manual {
        id: String,
    },
}

/// Why a destination with a norma scheme could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// `fn:` needs `UNIT/NUMBER`.
    FunctionShape,
    Empty,
}

/// The scheme of a link destination (`unit` in `unit:7.3.1`), if it has one.
pub fn scheme_of(destination: &str) -> Option<&str> {
    let (scheme, _) = destination.split_once(':')?;
    (!scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'))
    .then_some(scheme)
}

/// Parses a destination whose scheme is one of [`SCHEMES`]; `None` for other links
/// (web addresses, relative paths), which norma leaves alone.
pub fn parse(destination: &str) -> Option<Result<Reference, Malformed>> {
    let (scheme, rest) = destination.split_once(':')?;
    if !SCHEMES.contains(&scheme) {
        return None;
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(Err(Malformed::Empty));
    }
    let split_anchor = |s: &str| match s.split_once('#') {
        Some((a, b)) => (a.to_owned(), Some(b.to_owned()).filter(|b| !b.is_empty())),
        None => (s.to_owned(), None),
    };
    Some(Ok(match scheme {
        "unit" => match rest.split_once('/') {
            Some((manual, code)) => Reference::Unit {
                manual: Some(manual.to_owned()),
                code: code.to_owned(),
            },
            None => Reference::Unit {
                manual: None,
                code: rest.to_owned(),
            },
        },
        "fn" => {
            let parts: Vec<&str> = rest.split('/').collect();
            let (manual, unit, tail) = match parts.as_slice() {
                [unit, tail] => (None, *unit, *tail),
                [manual, unit, tail] => (Some((*manual).to_owned()), *unit, *tail),
                _ => return Some(Err(Malformed::FunctionShape)),
            };
            let digits: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
            let letters = &tail[digits.len()..];
            let Ok(number) = digits.parse::<usize>() else {
                return Some(Err(Malformed::FunctionShape));
            };
            if !letters.chars().all(|c| c.is_ascii_lowercase()) {
                return Some(Err(Malformed::FunctionShape));
            }
            Reference::Function {
                manual,
                unit: unit.to_owned(),
                number,
                inciso: (!letters.is_empty()).then(|| letters.to_owned()),
            }
        }
        "proc" => {
            let (code, step) = split_anchor(rest);
            Reference::Procedure { code, step }
        }
        "form" => {
            let (code, field) = split_anchor(rest);
            Reference::Form { code, field }
        }
        "guide" => Reference::Guide {
            code: rest.to_owned(),
        },
        "term" => Reference::Term {
            term: rest.to_owned(),
        },
        _ => Reference::Manual {
            id: rest.to_owned(),
        },
    }))
}

/// The links of a Markdown text with their words: (destination, label), in
/// order; code spans and code blocks skipped.
pub fn links(markdown: &str) -> Vec<(String, String)> {
    if !markdown.contains("](") {
        return Vec::new();
    }
    let mut out: Vec<(String, String)> = Vec::new();
    let mut depth = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                out.push((dest_url.into_string(), String::new()));
                depth += 1;
            }
            Event::End(pulldown_cmark::TagEnd::Link) => depth -= 1,
            Event::Text(t) | Event::Code(t) if depth > 0 => {
                if let Some((_, label)) = out.last_mut() {
                    label.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// References written as links that Markdown did not take as links, as they
/// stand in the text: `[](term:Expediente de personal)` (a destination with a
/// space must be written `<term:Expediente de personal>`). They would print as
/// they are, brackets and all.
pub fn unparsed_references(markdown: &str) -> Vec<String> {
    if !markdown.contains(']') || !markdown.contains('(') {
        return Vec::new();
    }
    // Runs of plain text, joined: Markdown may split them at the brackets.
    let mut runs = vec![String::new()];
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) => runs.last_mut().expect("one run").push_str(&t),
            _ => runs.push(String::new()),
        }
    }
    let mut found = Vec::new();
    for run in &runs {
        let mut rest = run.as_str();
        // Each "]" followed by "(", with or without spaces between (which
        // Markdown does not take as a link either).
        while let Some(at) = rest.find(']') {
            let gap = rest[at + 1..].len() - rest[at + 1..].trim_start().len();
            let Some(after) = rest[at + 1 + gap..].strip_prefix('(') else {
                rest = &rest[at + 1..];
                continue;
            };
            let scheme = after
                .split(':')
                .next()
                .unwrap_or("")
                .trim_start_matches('<');
            if after.contains(':') && SCHEMES.contains(&scheme) {
                // As written: up to its ")", or to the run's end without one.
                let end = after.find(')').map_or(after.len(), |e| e + 1);
                let start = rest[..at].rfind('[').unwrap_or(at);
                found.push(format!(
                    "{}]{}({}",
                    &rest[start..at],
                    &rest[at + 1..at + 1 + gap],
                    &after[..end]
                ));
            }
            rest = after;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_markdown_did_not_take_as_a_link_is_found() {
        assert_eq!(
            unparsed_references("Integrar el [](term:Expediente de personal) de cada persona."),
            vec!["[](term:Expediente de personal)".to_owned()]
        );
        assert_eq!(
            unparsed_references("Ver la [unidad](unit: 7.3) y la [](unit:7.3)."),
            vec!["[unidad](unit: 7.3)".to_owned()]
        );
        // A space between the brackets and the parenthesis.
        assert_eq!(
            unparsed_references("Informar a la [Dirección] (unit:5.1) cada mes."),
            vec!["[Dirección] (unit:5.1)".to_owned()]
        );
        assert!(unparsed_references("Integrar el [](<term:Expediente de personal>).").is_empty());
        assert!(unparsed_references("Los incisos [a] y [b] (véase arriba).").is_empty());
        assert!(unparsed_references("Ver [la página](https://x.y/a b).").is_empty());
    }

    #[test]
    fn parses_every_form_of_spec_section_8() {
        assert_eq!(
            parse("unit:7.3.1"),
            Some(Ok(Reference::Unit {
                manual: None,
                code: "7.3.1".into()
            }))
        );
        assert_eq!(
            parse("unit:mo-dir/7.3.1"),
            Some(Ok(Reference::Unit {
                manual: Some("mo-dir".into()),
                code: "7.3.1".into()
            }))
        );
        assert_eq!(
            parse("fn:7.3.1.1/10c"),
            Some(Ok(Reference::Function {
                manual: None,
                unit: "7.3.1.1".into(),
                number: 10,
                inciso: Some("c".into())
            }))
        );
        assert_eq!(
            parse("fn:mo-dir/7.2.1.2.1/14"),
            Some(Ok(Reference::Function {
                manual: Some("mo-dir".into()),
                unit: "7.2.1.2.1".into(),
                number: 14,
                inciso: None
            }))
        );
        assert_eq!(
            parse("proc:9210-003-202#registra"),
            Some(Ok(Reference::Procedure {
                code: "9210-003-202".into(),
                step: Some("registra".into())
            }))
        );
        assert_eq!(
            parse("form:9210-009-001#tipo"),
            Some(Ok(Reference::Form {
                code: "9210-009-001".into(),
                field: Some("tipo".into())
            }))
        );
        assert_eq!(
            parse("term:CONSAR"),
            Some(Ok(Reference::Term {
                term: "CONSAR".into()
            }))
        );
        assert_eq!(
            parse("manual:mo-dir"),
            Some(Ok(Reference::Manual {
                id: "mo-dir".into()
            }))
        );
        assert_eq!(parse("https://imss.gob.mx"), None);
        assert_eq!(parse("fn:7.3.1.1"), Some(Err(Malformed::FunctionShape)));
        assert_eq!(
            parse("fn:7.3.1.1/diez"),
            Some(Err(Malformed::FunctionShape))
        );
    }

    #[test]
    fn finds_links_but_not_code_spans() {
        let text = "Ver [](unit:7.3.1) y `[](unit:9.9)` y [la forma](form:9210-009-001).";
        assert_eq!(
            links(text),
            vec![
                ("unit:7.3.1".to_owned(), String::new()),
                ("form:9210-009-001".to_owned(), "la forma".to_owned())
            ]
        );
    }
}
