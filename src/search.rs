//! The site's search index: written as a `.js` file (`static/search-index.js`) so
//! it loads from `file://` with a plain `<script>`, as mdBook does.
//!
//! Words are lower-cased, stemmed (Snowball, Spanish or English by the project's
//! language) and folded (accents and ñ dropped). The index ships its vocabulary:
//! every folded word as written in the content, mapped to its stem's postings. The
//! browser therefore needs no stemmer of its own: a query word is folded and looked
//! up (exactly, or as the beginning of words while the reader types), and its stem
//! brings every form: "afiliacion" finds "afiliación", "afiliaciones" and
//! "afiliados" alike.

use std::collections::{BTreeMap, HashMap};

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::i18n::Lang;
use crate::text::{fold, fold_into};

/// One searchable thing: a function, a unit, a section, a glossary term.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Path from the site root, with its anchor: `mo-dir/3.1/7.3.1.1.html#f10`.
    pub url: String,
    /// "7.3.1.1 · Función 10".
    pub title: String,
    /// Where it is: "Manual de Organización … 3.1".
    pub context: String,
    /// The text searched; shown (shortened) in the results.
    pub text: String,
    /// What it is, for ranking: a function ranks above a unit, a unit or a term
    /// above a front section.
    pub kind: DocKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DocKind {
    Function,
    Unit,
    Term,
    Section,
    Entry,
}

impl DocKind {
    fn key(self) -> &'static str {
        match self {
            DocKind::Function => "f",
            DocKind::Unit => "u",
            DocKind::Term => "t",
            DocKind::Section => "s",
            DocKind::Entry => "e",
        }
    }
}

/// Words too common to search for, sorted (looked up by binary search).
const STOP_ES: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "e", "el", "en", "es", "la", "las", "le", "lo", "los",
    "mas", "ni", "no", "o", "para", "pero", "por", "que", "se", "su", "sus", "u", "un", "una", "y",
    "ya",
];
const STOP_EN: &[&str] = &[
    "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "is", "of", "on", "or", "that",
    "the", "this", "to", "with",
];

#[derive(Serialize)]
struct IndexFile<'a> {
    /// `[url, title, context number, text, kind]`.
    docs: Vec<(&'a str, &'a str, usize, &'a str, &'a str)>,
    /// The contexts, each once: thousands of functions share a few.
    contexts: Vec<&'a str>,
    words: BTreeMap<&'a str, usize>,
    postings: Vec<&'a Vec<u32>>,
    stop: &'a [&'a str],
}

/// The index as JavaScript, ready to write to `static/search-index.js`.
pub fn index_js(docs: &[SearchDoc], lang: Lang) -> String {
    let stemmer = Stemmer::create(match lang {
        Lang::Es => Algorithm::Spanish,
        Lang::En => Algorithm::English,
    });
    let stop = match lang {
        Lang::Es => STOP_ES,
        Lang::En => STOP_EN,
    };
    // folded word → stem number (STOP for a stop word); stem → docs that have it.
    const STOP: u32 = u32::MAX;
    let mut words: HashMap<String, u32, ahash::RandomState> = HashMap::default();
    let mut stems: HashMap<String, u32, ahash::RandomState> = HashMap::default();
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut folded = String::new();
    for (id, doc) in docs.iter().enumerate() {
        let id = id as u32;
        for text in [&doc.title, &doc.text] {
            for (_, word) in crate::text::words(text) {
                fold_into(word, &mut folded);
                let stem = match words.get(folded.as_str()) {
                    Some(&STOP) => continue,
                    Some(&stem) => stem,
                    None if stop.binary_search(&folded.as_str()).is_ok() => {
                        words.insert(folded.clone(), STOP);
                        continue;
                    }
                    None => {
                        let stem_text = fold(&stemmer.stem(&word.to_lowercase()));
                        let next = stems.len() as u32;
                        let stem = *stems.entry(stem_text).or_insert(next);
                        if stem as usize == postings.len() {
                            postings.push(Vec::new());
                        }
                        words.insert(folded.clone(), stem);
                        stem
                    }
                };
                let list = &mut postings[stem as usize];
                if list.last() != Some(&id) {
                    list.push(id);
                }
            }
        }
    }
    // Stems numbered in sorted order, so the file does not depend on hash order.
    let mut sorted: Vec<(&String, u32)> = stems.iter().map(|(s, &n)| (s, n)).collect();
    sorted.sort();
    let mut renumber = vec![0usize; sorted.len()];
    for (new, (_, old)) in sorted.iter().enumerate() {
        renumber[*old as usize] = new;
    }
    let mut contexts: Vec<&str> = Vec::new();
    let mut context_numbers: HashMap<&str, usize> = HashMap::new();
    let docs = docs
        .iter()
        .map(|d| {
            let next = contexts.len();
            let context = *context_numbers.entry(d.context.as_str()).or_insert(next);
            if context == next {
                contexts.push(&d.context);
            }
            (
                d.url.as_str(),
                d.title.as_str(),
                context,
                d.text.as_str(),
                d.kind.key(),
            )
        })
        .collect();
    let index = IndexFile {
        docs,
        contexts,
        words: words
            .iter()
            .filter(|&(_, &s)| s != STOP)
            .map(|(w, &s)| (w.as_str(), renumber[s as usize]))
            .collect(),
        postings: sorted
            .iter()
            .map(|(_, old)| &postings[*old as usize])
            .collect(),
        stop,
    };
    let mut out = b"window.NORMA_SEARCH_INDEX = ".to_vec();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    if index.serialize(&mut serializer).is_err() {
        return "window.NORMA_SEARCH_INDEX = {};\n".into();
    }
    out.extend_from_slice(b";\n");
    String::from_utf8(out).unwrap_or_default()
}

/// Compact JSON in which no string holds a `<`, so that `</script>` in the content
/// cannot end the script early when the index is read as JavaScript.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find('<') {
            writer.write_all(&rest.as_bytes()[..at])?;
            writer.write_all(b"\\u003c")?;
            rest = &rest[at + 1..];
        }
        writer.write_all(rest.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_ES.is_sorted());
        assert!(STOP_EN.is_sorted());
    }

    #[test]
    fn a_folded_query_word_reaches_the_stem_of_every_form() {
        let doc = |t: &str| SearchDoc {
            url: "u.html".into(),
            title: String::new(),
            context: String::new(),
            text: t.into(),
            kind: DocKind::Function,
        };
        let js = index_js(
            &[
                doc("Vigilar la afiliación."),
                doc("Las afiliaciones del día."),
            ],
            Lang::Es,
        );
        let json = js
            .trim_start_matches("window.NORMA_SEARCH_INDEX = ")
            .trim_end_matches(";\n");
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let a = &v["words"]["afiliacion"];
        let b = &v["words"]["afiliaciones"];
        assert_eq!(a, b, "both forms share one stem");
        let postings = &v["postings"][a.as_u64().unwrap() as usize];
        assert_eq!(postings, &serde_json::json!([0, 1]));
        assert!(v["words"].get("la").is_none(), "stop words are not indexed");
    }

    #[test]
    fn no_string_can_close_the_script_and_contexts_are_shared() {
        let doc = |t: &str| SearchDoc {
            url: "u.html".into(),
            title: "</script><script>alert(1)".into(),
            context: "Manual".into(),
            text: t.into(),
            kind: DocKind::Function,
        };
        let js = index_js(&[doc("a"), doc("b")], Lang::Es);
        assert!(!js.contains('<'), "{js}");
        let json = js
            .trim_start_matches("window.NORMA_SEARCH_INDEX = ")
            .trim_end_matches(";\n");
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["docs"][0][1], "</script><script>alert(1)");
        assert_eq!(v["contexts"], serde_json::json!(["Manual"]));
        assert_eq!(v["docs"][1][2], 0);
    }
}
