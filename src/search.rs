//! The site's search index, split into small `.js` files under
//! `static/search/` that the browser loads on demand with `<script>` elements:
//! that works from `file://` (where a browser refuses `fetch`), inside an
//! unpacked bundle and behind a web server alike. Pagefind's chunked index is
//! the model for the size; its need for a web server is what this avoids.
//!
//! **Words.** Lower-cased, folded (accents and ñ dropped) and stemmed with
//! Snowball (Spanish, or English by the project's language). The index ships
//! its vocabulary, every folded word as written in the content with its stem,
//! so the browser needs no stemmer: a query word is folded and looked up
//! exactly, as the beginning of words (while the reader types) or, when
//! nothing matches, within one or two letters (a misspelling); its stem brings
//! every form ("afiliacion" finds "afiliación", "afiliaciones", "afiliados").
//!
//! **Ranking.** BM25F (Robertson and Zaragoza, "The Probabilistic Relevance
//! Framework: BM25 and Beyond", 2009): a document's fields count with weights
//! (its own heading, then its text, then the name of what it belongs to), term
//! frequency saturates (k1) and long documents are normalised (b). The score of
//! each (stem, document) pair is computed here, times a small prior by kind
//! (an entry or a unit above one of its parts), and shipped as an integer
//! "impact" (impact-ordered indexing): the browser only adds impacts. A clave
//! or a unit code is also indexed whole (`#9210-009-001`, `#7.3.1.1`) with an
//! impact no sum of words reaches, so typing it puts its entry first.
//!
//! **Files.** `index.js` (the table of shards, the manuals for the filters, the
//! stop words); `w*.js` vocabulary by ranges of words; `p*.js` postings by
//! ranges of stems (document numbers delta-coded); `d*.js` what a result shows
//! (address, title, where, text) by ranges of documents, each page's address
//! and the start of its results' titles written once per file. Each stays small, so
//! the first answer on a 10,000-unit site loads a few hundred kilobytes.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use crate::i18n::Lang;
use crate::text::{fold, fold_into};

/// Where the index goes in the site: every file under it is the index's.
pub const FOLDER: &str = "static/search/";
/// The file the page loads first.
pub const ENTRY: &str = "static/search/index.js";

/// One searchable thing: a unit, a function, an activity, a field, a term.
/// It borrows its texts: the writer reads a document once and keeps none of
/// it, so the caller need not copy the manual's name, the unit's name and
/// code into each of a unit's functions.
#[derive(Debug, Clone, Copy)]
pub struct SearchDoc<'a> {
    /// Path from the site root, with its anchor: `mo-dir/3.1/7.3.1.1.html#f10`.
    pub url: &'a str,
    /// What and where: "Formato 9210-009-001 · Aviso … · campo 5 Número …".
    pub title: &'a str,
    /// The manual and version: "Manual de Organización … · versión 3.1".
    pub context: &'a str,
    /// Its own name (a unit's, a field's label, an activity's actor): the
    /// field that weighs most.
    pub heading: &'a str,
    /// The name of what it belongs to (a field's form, a function's unit):
    /// weighs least, so "aviso inscripción número" finds field 5 of that form.
    pub parent: &'a str,
    /// Its text: searched, and shown (shortened) in the results.
    pub text: &'a str,
    /// A clave or unit code, found whole and first.
    pub code: Option<&'a str>,
    /// The clave or code of what it belongs to (a step's procedure, a
    /// function's unit): found whole too, after the entry itself, so that
    /// "9210-003-203 actividad 7" finds that step.
    pub owner_code: Option<&'a str>,
    pub kind: DocKind,
    /// Its manual (index into the facets given to `IndexWriter::finish`);
    /// `None` for the glossary.
    pub manual: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A procedure, form or guide.
    Entry,
    Unit,
    Term,
    Function,
    /// An activity, a field or a guide item.
    Part,
    Inciso,
    Section,
}

impl DocKind {
    fn key(self) -> &'static str {
        match self {
            DocKind::Entry => "e",
            DocKind::Unit => "u",
            DocKind::Term => "t",
            DocKind::Function => "f",
            DocKind::Part => "p",
            DocKind::Inciso => "i",
            DocKind::Section => "s",
        }
    }

    /// The prior: what a reader most likely means when the words tie.
    fn prior(self) -> f32 {
        match self {
            DocKind::Entry => 1.3,
            DocKind::Unit => 1.25,
            DocKind::Term => 1.2,
            DocKind::Function => 1.1,
            DocKind::Part => 1.0,
            DocKind::Inciso => 0.95,
            DocKind::Section => 0.9,
        }
    }
}

/// A manual version, for the filters: by kind, and the versions in force by
/// default.
#[derive(Debug, Clone)]
pub struct ManualFacet {
    pub title: String,
    /// organization | procedures | forms | supervision.
    pub kind: String,
    pub version: String,
    /// In force (or, for a manual with no version in force, the one shown).
    pub current: bool,
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

/// Field weights of BM25F.
const HEADING: f32 = 3.0;
const TEXT: f32 = 1.0;
const PARENT: f32 = 0.4;
/// BM25's saturation and length normalisation, the usual values.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Scores are shipped times this, rounded, in one byte (a word's BM25F score
/// stays under about 40).
const SCALE: f32 = 6.0;
/// The impact of a clave or unit code: the highest a byte holds; the browser
/// multiplies the impacts of a `#` word by `CODE_WEIGHT`, above any sum of
/// words.
const CODE_IMPACT: u8 = 255;
/// The impact of the code of what a document belongs to.
const OWNER_CODE_IMPACT: u8 = 100;
/// The frequencies that mark a document's own code and its owner's.
const OWN: f32 = -1.0;
const OWNER: f32 = -2.0;
pub const CODE_WEIGHT: u32 = 1000;
/// Target sizes of the shards, in bytes.
const WORDS_SHARD: usize = 24 * 1024;
const POSTINGS_SHARD: usize = 96 * 1024;
const DOCS_SHARD: usize = 24 * 1024;
/// What a result shows of a long text (the whole text is searched).
const SHOWN_TEXT: usize = 1200;

/// Builds the index from documents handed to it one at a time, in manual
/// order (the glossary's last), and hands each of its files to `put` (path
/// from the site root, all under `FOLDER`; bytes) as soon as it is made. A
/// document is read once and not kept: its result row goes into the result
/// shard being filled, its words into the postings.
pub struct IndexWriter<'p> {
    vocabulary: Vocabulary,
    /// Per stem: (document, weighted term frequency), documents ascending.
    postings: Vec<Vec<(u32, f32)>>,
    /// Per document: its weighted length and its kind's prior.
    lengths: Vec<f32>,
    priors: Vec<f32>,
    /// Documents per manual, for the filters' ranges.
    per_manual: Vec<usize>,
    /// A document's (stem, weight) per word, merged by stem once it is read.
    counts: Vec<(u32, f32)>,
    folded: String,
    /// The last owner's name read, and its stems.
    parent: (String, Vec<u32>),
    results: ResultShard,
    result_starts: Vec<usize>,
    put: &'p mut dyn FnMut(String, Vec<u8>),
}

/// Folded words and their stems, numbered as they are first seen.
struct Vocabulary {
    stemmer: Stemmer,
    stop: &'static [&'static str],
    /// folded word → stem number (NONE for a stop word).
    words: HashMap<String, u32, ahash::RandomState>,
    /// stem text → number.
    stems: HashMap<String, u32, ahash::RandomState>,
}

const NONE: u32 = u32::MAX;

impl Vocabulary {
    /// The stem number of `word` (`None`: a stop word), a new stem (with its
    /// empty postings) if unseen.
    fn stem_of(
        &mut self,
        word: &str,
        folded: &mut String,
        postings: &mut Vec<Vec<(u32, f32)>>,
    ) -> Option<u32> {
        fold_into(word, folded);
        match self.words.get(folded.as_str()) {
            Some(&NONE) => None,
            Some(&stem) => Some(stem),
            None if self.stop.binary_search(&folded.as_str()).is_ok() => {
                self.words.insert(folded.clone(), NONE);
                None
            }
            None => {
                let stem_text = fold(&self.stemmer.stem(&word.to_lowercase()));
                let stem = number(&mut self.stems, stem_text, postings);
                self.words.insert(folded.clone(), stem);
                Some(stem)
            }
        }
    }
}

/// The result shard being filled: its contexts, its pages and its rows, as
/// JSON.
#[derive(Default)]
struct ResultShard {
    contexts: Vec<String>,
    /// `(page, head)`: a page's address without its anchor, and the start
    /// its results' titles share (a unit's code and name, before the
    /// " · función 6" of each of its functions). Written once per shard,
    /// not on every row: on 10,000 units the address and title repeated on
    /// each function's row were a third of the index.
    pages: Vec<(String, String)>,
    rows: Vec<u8>,
    /// The shard's size as counted for its limit, and its documents.
    size: usize,
    first: usize,
    count: usize,
}

impl<'p> IndexWriter<'p> {
    pub fn new(lang: Lang, put: &'p mut dyn FnMut(String, Vec<u8>)) -> IndexWriter<'p> {
        IndexWriter {
            vocabulary: Vocabulary {
                stemmer: Stemmer::create(match lang {
                    Lang::Es => Algorithm::Spanish,
                    Lang::En => Algorithm::English,
                }),
                stop: match lang {
                    Lang::Es => STOP_ES,
                    Lang::En => STOP_EN,
                },
                words: HashMap::default(),
                stems: HashMap::default(),
            },
            postings: Vec::new(),
            lengths: Vec::new(),
            priors: Vec::new(),
            per_manual: Vec::new(),
            counts: Vec::new(),
            folded: String::new(),
            parent: (String::new(), Vec::new()),
            results: ResultShard::default(),
            result_starts: Vec::new(),
            put,
        }
    }

    /// Reads one document into the index.
    pub fn add(&mut self, doc: SearchDoc) {
        let id = self.lengths.len();
        if let Some(m) = doc.manual {
            let m = m as usize;
            if self.per_manual.len() <= m {
                self.per_manual.resize(m + 1, 0);
            }
            self.per_manual[m] += 1;
        }
        self.add_result(id, &doc);
        let Self {
            vocabulary,
            postings,
            counts,
            folded,
            parent,
            ..
        } = self;
        counts.clear();
        let mut length = 0.0;
        for (text, weight) in [(doc.heading, HEADING), (doc.text, TEXT)] {
            for (_, word) in crate::text::words(text) {
                if let Some(stem) = vocabulary.stem_of(word, folded, postings) {
                    counts.push((stem, weight));
                    length += weight;
                }
            }
        }
        // The owner's name repeats over all its parts (a unit's functions, a
        // form's fields): its stems are read once.
        if doc.parent != parent.0 {
            parent.0.clear();
            parent.0.push_str(doc.parent);
            parent.1.clear();
            for (_, word) in crate::text::words(doc.parent) {
                if let Some(stem) = vocabulary.stem_of(word, folded, postings) {
                    parent.1.push(stem);
                }
            }
        }
        counts.extend(parent.1.iter().map(|&stem| (stem, PARENT)));
        length += PARENT * parent.1.len() as f32;
        // Codes whole, each a word of its own that is its own stem: a
        // negative frequency marks it for the code impacts below.
        for (code, mark) in [(doc.owner_code, OWNER), (doc.code, OWN)] {
            let Some(code) = code else { continue };
            let key = format!("#{}", fold(code.trim()));
            let stem = match vocabulary.words.get(&key) {
                Some(&stem) => stem,
                None => {
                    let stem = number(&mut vocabulary.stems, key.clone(), postings);
                    vocabulary.words.insert(key, stem);
                    stem
                }
            };
            // A mark, not a frequency (no word is a "#" code: the stem is
            // the code's alone).
            counts.push((stem, mark));
        }
        counts.sort_unstable_by_key(|&(s, _)| s);
        let mut k = 0;
        while k < counts.len() {
            let (stem, mut tf) = counts[k];
            k += 1;
            while k < counts.len() && counts[k].0 == stem {
                tf += counts[k].1;
                k += 1;
            }
            postings[stem as usize].push((id as u32, tf));
        }
        self.lengths.push(length);
        self.priors.push(doc.kind.prior());
    }

    /// Adds the document's row to the result shard being filled, first
    /// writing that shard out when it is full.
    fn add_result(&mut self, id: usize, d: &SearchDoc) {
        if self.results.count > 0 && self.results.size >= DOCS_SHARD {
            self.flush_results();
        }
        let shard = &mut self.results;
        if shard.count == 0 {
            shard.first = id;
        }
        let context = match shard.contexts.iter().position(|c| *c == d.context) {
            Some(n) => n,
            None => {
                shard.contexts.push(d.context.to_owned());
                shard.contexts.len() - 1
            }
        };
        let (page, anchor) = d.url.split_at(d.url.find('#').unwrap_or(d.url.len()));
        // A page's results come one after another: its first row names the
        // page, the others point at it.
        let page_at = match shard.pages.last() {
            Some((p, head)) if p == page && d.title.starts_with(head.as_str()) => {
                shard.pages.len() - 1
            }
            _ => {
                let head = d.title.split_once(" · ").map_or(d.title, |(h, _)| h);
                shard.size += page.len() + head.len() + 8;
                shard.pages.push((page.to_owned(), head.to_owned()));
                shard.pages.len() - 1
            }
        };
        let tail = &d.title[shard.pages[page_at].1.len()..];
        let text = shown(d.text);
        shard.size += anchor.len() + tail.len() + text.len() + 20;
        if shard.count > 0 {
            shard.rows.push(b',');
        }
        let row = (page_at, anchor, tail, context, text, d.kind.key());
        write_json(&mut shard.rows, &row);
        shard.count += 1;
    }

    /// Writes the result shard being filled: `{"c": [contexts…], "p":
    /// [[page, head]…], "d": [[page, anchor, tail, context, text, kind]…]}`;
    /// a result's address is its page's address and its anchor, its title
    /// its page's head and its tail.
    fn flush_results(&mut self) {
        let shard = std::mem::take(&mut self.results);
        let name = format!("d{}", self.result_starts.len());
        let mut out = shard_start(&name, shard.rows.len() + 64);
        out.extend_from_slice(b"{\"c\":");
        write_json(&mut out, &shard.contexts);
        out.extend_from_slice(b",\"p\":");
        write_json(&mut out, &shard.pages);
        out.extend_from_slice(b",\"d\":[");
        out.extend_from_slice(&shard.rows);
        out.extend_from_slice(b"]}");
        out.extend_from_slice(SHARD_END);
        (self.put)(format!("{FOLDER}{name}.js"), out);
        self.result_starts.push(shard.first);
    }

    /// Writes the vocabulary, the postings and the table of shards, with
    /// `manuals` (the facets, in the documents' manual order) for the filters.
    pub fn finish(mut self, manuals: &[ManualFacet]) {
        if self.results.count > 0 {
            self.flush_results();
        }
        let Vocabulary {
            words, stems, stop, ..
        } = self.vocabulary;
        let mut postings = self.postings;
        // Stems renumbered in sorted order, so nothing depends on hash order.
        let mut order: Vec<(&str, u32)> = stems.iter().map(|(s, &n)| (s.as_str(), n)).collect();
        order.sort_unstable();
        let mut renumber = vec![0u32; order.len()];
        for (new, (_, old)) in order.iter().enumerate() {
            renumber[*old as usize] = new as u32;
        }

        // Impacts: BM25F per (stem, document), times the document's prior.
        let (lengths, priors) = (&self.lengths, &self.priors);
        let n = lengths.len().max(1) as f32;
        let average = (lengths.iter().sum::<f32>() / n).max(1.0);
        let impacts: Vec<Vec<(u32, u8)>> = order
            .iter()
            .map(|(_, old)| {
                // Taken: each stem's list is dropped as its impacts are made.
                let list = std::mem::take(&mut postings[*old as usize]);
                let df = list.len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                list.into_iter()
                    .map(|(d, tf)| {
                        if tf == OWN {
                            return (d, CODE_IMPACT);
                        }
                        if tf == OWNER {
                            return (d, OWNER_CODE_IMPACT);
                        }
                        let norm = K1 * (1.0 - B + B * lengths[d as usize] / average);
                        let score = idf * tf * (K1 + 1.0) / (tf + norm);
                        let prior = priors[d as usize];
                        (d, (score * prior * SCALE).round().clamp(1.0, 255.0) as u8)
                    })
                    .collect()
            })
            .collect();
        drop(postings);

        let mut vocabulary: Vec<(&str, u32)> = words
            .iter()
            .filter(|&(_, &s)| s != NONE)
            .map(|(w, &s)| (w.as_str(), renumber[s as usize]))
            .collect();
        vocabulary.sort_unstable();

        let put = self.put;
        let word_starts = write_word_shards(&vocabulary, put);
        let posting_starts = write_posting_shards(&impacts, put);
        // `[title, kind, version, current, first document, end]` per manual.
        let mut first = 0;
        let ranges: Vec<serde_json::Value> = manuals
            .iter()
            .enumerate()
            .map(|(n, m)| {
                let count = self.per_manual.get(n).copied().unwrap_or(0);
                let range = serde_json::json!([
                    m.title,
                    m.kind,
                    m.version,
                    m.current as u8,
                    first,
                    first + count
                ]);
                first += count;
                range
            })
            .collect();
        let meta = serde_json::json!({
            "n": lengths.len(),
            "stop": stop,
            "w": word_starts,
            "p": posting_starts,
            "d": self.result_starts,
            "code": CODE_WEIGHT,
            "m": ranges,
        });
        put(ENTRY.to_owned(), shard("index", &meta));
    }
}

/// The number of `stem`, a new one (with its empty postings) if unseen.
fn number(
    stems: &mut HashMap<String, u32, ahash::RandomState>,
    stem: String,
    postings: &mut Vec<Vec<(u32, f32)>>,
) -> u32 {
    let next = stems.len() as u32;
    let n = *stems.entry(stem).or_insert(next);
    if n as usize == postings.len() {
        postings.push(Vec::new());
    }
    n
}

/// Vocabulary shards: `[[words…], [stems…]]`, words sorted. Returns the first
/// word of each shard.
fn write_word_shards(
    vocabulary: &[(&str, u32)],
    put: &mut dyn FnMut(String, Vec<u8>),
) -> Vec<String> {
    let mut starts = Vec::new();
    let mut at = 0;
    while at < vocabulary.len() {
        let mut size = 0;
        let mut end = at;
        while end < vocabulary.len() && (end == at || size < WORDS_SHARD) {
            size += vocabulary[end].0.len() + 8;
            end += 1;
        }
        let part = &vocabulary[at..end];
        let words: Vec<&str> = part.iter().map(|(w, _)| *w).collect();
        let stems: Vec<u32> = part.iter().map(|(_, s)| *s).collect();
        let name = format!("w{}", starts.len());
        put(format!("{FOLDER}{name}.js"), shard(&name, &(words, stems)));
        starts.push(vocabulary[at].0.to_owned());
        at = end;
    }
    starts
}

/// Postings shards: per stem of the range, a base64 string of its postings,
/// each the gap from the previous document (from 0 for the first) as a LEB128
/// varint and then its impact as one byte. Returns the first stem of each
/// shard.
fn write_posting_shards(
    impacts: &[Vec<(u32, u8)>],
    put: &mut dyn FnMut(String, Vec<u8>),
) -> Vec<usize> {
    use base64::Engine;
    let mut starts = Vec::new();
    let mut at = 0;
    let mut bytes = Vec::new();
    while at < impacts.len() {
        let mut out = String::from("[");
        let mut end = at;
        while end < impacts.len() && (end == at || out.len() < POSTINGS_SHARD) {
            if end > at {
                out.push(',');
            }
            bytes.clear();
            let mut last = 0;
            for &(d, impact) in &impacts[end] {
                let mut gap = d - last;
                last = d;
                while gap >= 0x80 {
                    bytes.push((gap as u8 & 0x7f) | 0x80);
                    gap >>= 7;
                }
                bytes.push(gap as u8);
                bytes.push(impact);
            }
            out.push('"');
            base64::engine::general_purpose::STANDARD.encode_string(&bytes, &mut out);
            out.push('"');
            end += 1;
        }
        out.push(']');
        let name = format!("p{}", starts.len());
        put(format!("{FOLDER}{name}.js"), raw_shard(&name, &out));
        starts.push(at);
        at = end;
    }
    starts
}

/// The text a result shows: whole, or its first `SHOWN_TEXT` bytes cut at a
/// space.
fn shown(text: &str) -> &str {
    if text.len() <= SHOWN_TEXT {
        return text;
    }
    let mut cut = SHOWN_TEXT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match text[..cut].rfind(' ') {
        Some(space) if space > SHOWN_TEXT / 2 => &text[..space],
        _ => &text[..cut],
    }
}

/// A shard as a script that files its data under its name.
fn shard(name: &str, value: &impl serde::Serialize) -> Vec<u8> {
    let mut out = shard_start(name, 0);
    write_json(&mut out, value);
    out.extend_from_slice(SHARD_END);
    out
}

/// `value` as compact, script-safe JSON at the end of `out`.
fn write_json(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    let mut serializer = serde_json::Serializer::with_formatter(out, ScriptSafe);
    // Plain values always serialize.
    let _ = value.serialize(&mut serializer);
}

fn raw_shard(name: &str, json: &str) -> Vec<u8> {
    let mut out = shard_start(name, json.len());
    out.extend_from_slice(json.as_bytes());
    out.extend_from_slice(SHARD_END);
    out
}

/// The script's words before the shard's data, in a buffer with room for
/// `room` more bytes.
fn shard_start(name: &str, room: usize) -> Vec<u8> {
    const START: &str = "(window.NORMA_SEARCH_SHARDS=window.NORMA_SEARCH_SHARDS||{})[\"";
    let mut out = Vec::with_capacity(START.len() + name.len() + 3 + room + SHARD_END.len());
    out.extend_from_slice(START.as_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\"]=");
    out
}

const SHARD_END: &[u8] = b";\n";

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
    use std::collections::BTreeMap;

    /// What the index is built from: documents grouped by manual, in manual order,
    /// the glossary's (no manual) last.
    #[derive(Debug, Clone, Default)]
    struct SearchInput {
        docs: Vec<Doc>,
        manuals: Vec<ManualFacet>,
    }

    /// The index's files, by path from the site root (all under `FOLDER`).
    fn index_files(input: &SearchInput, lang: Lang) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut put = |path, bytes| {
            files.insert(path, bytes);
        };
        let mut writer = IndexWriter::new(lang, &mut put);
        for doc in &input.docs {
            writer.add(doc.view());
        }
        writer.finish(&input.manuals);
        files
    }

    /// A `SearchDoc` that owns its texts.
    #[derive(Debug, Clone)]
    struct Doc {
        url: String,
        title: String,
        context: String,
        heading: String,
        parent: String,
        text: String,
        code: Option<String>,
        owner_code: Option<String>,
        kind: DocKind,
        manual: Option<u32>,
    }

    impl Doc {
        fn view(&self) -> SearchDoc<'_> {
            SearchDoc {
                url: &self.url,
                title: &self.title,
                context: &self.context,
                heading: &self.heading,
                parent: &self.parent,
                text: &self.text,
                code: self.code.as_deref(),
                owner_code: self.owner_code.as_deref(),
                kind: self.kind,
                manual: self.manual,
            }
        }
    }

    fn doc(heading: &str, text: &str) -> Doc {
        Doc {
            url: "u.html".into(),
            title: heading.into(),
            context: "Manual".into(),
            heading: heading.into(),
            parent: String::new(),
            text: text.into(),
            code: None,
            owner_code: None,
            kind: DocKind::Function,
            manual: Some(0),
        }
    }

    fn input(docs: Vec<Doc>) -> SearchInput {
        SearchInput {
            docs,
            manuals: vec![ManualFacet {
                title: "Manual".into(),
                kind: "organization".into(),
                version: "1.0".into(),
                current: true,
            }],
        }
    }

    /// The data of one shard file.
    fn data(files: &BTreeMap<String, Vec<u8>>, name: &str) -> serde_json::Value {
        let text = std::str::from_utf8(&files[&format!("{FOLDER}{name}.js")]).unwrap();
        let json = text
            .split_once("]=")
            .unwrap()
            .1
            .trim_end()
            .trim_end_matches(';');
        serde_json::from_str(json).unwrap()
    }

    /// The stem of a vocabulary word and its postings `(document, impact)`.
    fn lookup(files: &BTreeMap<String, Vec<u8>>, word: &str) -> Option<Vec<(u64, u64)>> {
        let meta = data(files, "index");
        let w = data(files, "w0");
        assert_eq!(
            meta["w"].as_array().unwrap().len(),
            1,
            "one vocabulary shard"
        );
        let at = w[0].as_array().unwrap().iter().position(|x| x == word)?;
        let stem = w[1][at].as_u64().unwrap();
        let list = data(files, "p0")[stem as usize].clone();
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(list.as_str().unwrap())
            .unwrap();
        let mut out = Vec::new();
        let (mut doc, mut at) = (0u64, 0);
        while at < bytes.len() {
            let (mut gap, mut shift) = (0u64, 0);
            loop {
                let b = bytes[at];
                at += 1;
                gap |= u64::from(b & 0x7f) << shift;
                shift += 7;
                if b < 0x80 {
                    break;
                }
            }
            doc += gap;
            out.push((doc, u64::from(bytes[at])));
            at += 1;
        }
        Some(out)
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_ES.is_sorted());
        assert!(STOP_EN.is_sorted());
    }

    #[test]
    fn a_folded_query_word_reaches_the_stem_of_every_form() {
        let files = index_files(
            &input(vec![
                doc("", "Vigilar la afiliación."),
                doc("", "Las afiliaciones del día."),
            ]),
            Lang::Es,
        );
        let a = lookup(&files, "afiliacion").unwrap();
        let b = lookup(&files, "afiliaciones").unwrap();
        assert_eq!(a, b, "both forms share one stem");
        assert_eq!(a.iter().map(|p| p.0).collect::<Vec<_>>(), vec![0, 1]);
        assert!(lookup(&files, "la").is_none(), "stop words are not indexed");
    }

    #[test]
    fn a_word_in_the_heading_outweighs_the_same_word_in_the_text() {
        let files = index_files(
            &input(vec![
                doc("", "Registrar el aviso de inscripción del trabajador."),
                doc(
                    "Aviso de inscripción",
                    "Registrar los datos del trabajador.",
                ),
                doc("", "Otra cosa."),
            ]),
            Lang::Es,
        );
        let aviso = lookup(&files, "aviso").unwrap();
        assert_eq!(aviso.len(), 2);
        assert!(aviso[1].1 > aviso[0].1, "{aviso:?}");
    }

    #[test]
    fn a_code_is_indexed_whole_with_an_impact_above_any_sum_of_words() {
        let mut form = doc("Aviso de inscripción", "");
        form.code = Some("9210-009-001".into());
        let files = index_files(&input(vec![doc("", "Ver 9210-009-001."), form]), Lang::Es);
        assert_eq!(
            lookup(&files, "#9210-009-001").unwrap(),
            vec![(1, u64::from(CODE_IMPACT))]
        );
        assert_eq!(
            lookup(&files, "9210").unwrap().len(),
            1,
            "the words of the code too"
        );
    }

    #[test]
    fn shards_stay_small_and_cover_everything_in_order() {
        let docs: Vec<Doc> = (0..20000)
            .map(|n| {
                doc(
                    &format!("Unidad {n}"),
                    &format!("Coordinar la tarea número t{n} del área a{}", n % 97),
                )
            })
            .collect();
        let files = index_files(&input(docs), Lang::Es);
        let meta = data(&files, "index");
        for (kind, limit) in [("w", WORDS_SHARD), ("p", POSTINGS_SHARD), ("d", DOCS_SHARD)] {
            let starts = meta[kind].as_array().unwrap();
            assert!(starts.len() > 1, "{kind}: more than one shard");
            for n in 0..starts.len() {
                let bytes = &files[&format!("{FOLDER}{kind}{n}.js")];
                assert!(bytes.len() < limit * 2, "{kind}{n}: {} bytes", bytes.len());
            }
        }
        let firsts: Vec<&str> = meta["w"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert!(firsts.is_sorted());
        assert_eq!(
            meta["m"][0],
            serde_json::json!(["Manual", "organization", "1.0", 1, 0, 20000])
        );
        let last = meta["d"].as_array().unwrap().len() - 1;
        let rows = data(&files, &format!("d{last}"))["d"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(meta["d"][last].as_u64().unwrap() as usize + rows, 20000);
    }

    #[test]
    fn no_string_can_close_the_script_and_contexts_are_shared() {
        let mut d = doc("</script><script>alert(1)", "a");
        d.title = "</script><script>alert(1)".into();
        let files = index_files(&input(vec![d.clone(), d]), Lang::Es);
        for (path, bytes) in &files {
            assert!(!bytes.contains(&b'<'), "{path}");
        }
        let docs = data(&files, "d0");
        assert_eq!(results(&files, "d0")[0].1, "</script><script>alert(1)");
        assert_eq!(docs["c"], serde_json::json!(["Manual"]));
        assert_eq!(docs["d"][1][3], 0);
    }

    /// The rows of a result shard as search.js reads them: (address,
    /// title, context number, text, kind).
    fn results(
        files: &BTreeMap<String, Vec<u8>>,
        name: &str,
    ) -> Vec<(String, String, u64, String, String)> {
        let shard = data(files, name);
        let text = |v: &serde_json::Value| v.as_str().unwrap().to_owned();
        shard["d"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                let page = &shard["p"][row[0].as_u64().unwrap() as usize];
                (
                    text(&page[0]) + row[1].as_str().unwrap(),
                    text(&page[1]) + row[2].as_str().unwrap(),
                    row[3].as_u64().unwrap(),
                    text(&row[4]),
                    text(&row[5]),
                )
            })
            .collect()
    }

    #[test]
    fn a_page_is_written_once_per_shard_and_every_row_reads_back_whole() {
        let part = |url: &str, title: &str| {
            let mut d = doc(title, "Coordinar.");
            d.url = url.into();
            d.title = title.into();
            d
        };
        let docs = vec![
            part("mo/7.1.html", "7.1 Dirección · función 1"),
            part("mo/7.1.html#f1a", "7.1 Dirección · función 1, inciso a)"),
            part("mo/7.1.html#f2", "7.1 Dirección · función 2"),
            // The same page, a title that does not start as the others.
            part("mo/7.1.html#x", "Otra cosa"),
            part("mo/7.2.html", "7.2 Unidad"),
            part("mo/7.2.html#f1", "7.2 Unidad · función 1"),
            part("glosario.html#t-imss", "IMSS"),
            part("glosario.html#t-lss", "LSS"),
        ];
        let files = index_files(&input(docs.clone()), Lang::Es);
        let read = results(&files, "d0");
        assert_eq!(read.len(), docs.len());
        for (row, d) in read.iter().zip(&docs) {
            assert_eq!((&row.0, &row.1), (&d.url, &d.title));
        }
        let pages = data(&files, "d0")["p"].clone();
        assert_eq!(
            pages,
            serde_json::json!([
                ["mo/7.1.html", "7.1 Dirección"],
                ["mo/7.1.html", "Otra cosa"],
                ["mo/7.2.html", "7.2 Unidad"],
                ["glosario.html", "IMSS"],
                ["glosario.html", "LSS"]
            ])
        );
    }
}
