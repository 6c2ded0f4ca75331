//! A paragraph of styled text → justified lines: words measured in their faces,
//! Spanish (or English) hyphenation points from `hypher`, and the Knuth–Plass
//! breaker choosing where the lines end. The lines keep their spaces as text
//! (so the PDF's text extracts with its words apart) and say how much each
//! space must stretch or shrink.

use super::linebreak::{self, Item, Params};
use crate::fonts::{Face, Fonts};
use crate::i18n::Lang;

/// A piece of text in one face.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub face: Face,
    /// The link this text belongs to: an index into the caller's list of targets.
    pub link: Option<u32>,
}

impl Span {
    pub fn new(text: impl Into<String>, face: Face) -> Span {
        Span {
            text: text.into(),
            face,
            link: None,
        }
    }
}

/// What a line is made of, left to right.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text {
        text: String,
        face: Face,
        width: f32,
        link: Option<u32>,
    },
    /// A space of natural width `natural` set at `width`.
    Space {
        face: Face,
        natural: f32,
        width: f32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub pieces: Vec<Piece>,
}

impl Line {
    pub fn width(&self) -> f32 {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text { width, .. } | Piece::Space { width, .. } => *width,
            })
            .sum()
    }

    /// The words of link `id` on this line, with the spaces between them.
    pub fn link_text(&self, id: u32) -> String {
        let mut out = String::new();
        let mut gap = false;
        for piece in &self.pieces {
            match piece {
                Piece::Text {
                    text,
                    link: Some(l),
                    ..
                } if *l == id => {
                    if gap && !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(text);
                    gap = false;
                }
                Piece::Space { .. } => gap = true,
                Piece::Text { .. } => {}
            }
        }
        out
    }

    /// The line's text as a reader copies it.
    pub fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text { text, .. } => text.as_str(),
                Piece::Space { .. } => " ",
            })
            .collect()
    }
}

/// What one item of the breaker stands for (text borrowed from the spans).
enum Source<'a> {
    Text(&'a str, Face, Option<u32>),
    Space(Face),
    /// A hyphenation point; the hyphen is drawn in this face if the line breaks here.
    Hyphen(Face),
    Nothing,
}

/// A hard line break inside a span's text (U+2028 LINE SEPARATOR).
pub const LINE_BREAK: char = '\u{2028}';

/// Words shorter than this are not hyphenated; each side of a break keeps at
/// least two letters (hypher's own bounds).
const MIN_HYPHENATED: usize = 6;

/// Lays `spans` out at `size` points in lines of `width(n)` points (the n-th
/// line). With `justify`, every line but the last fills its width.
pub fn lay_out(
    spans: &[Span],
    size: f32,
    fonts: &Fonts,
    lang: Lang,
    width: &dyn Fn(usize) -> f32,
    justify: bool,
) -> Vec<Line> {
    let (mut items, sources) = items_of(spans, size, fonts, lang, justify, width(0));
    if items.is_empty() {
        return Vec::new();
    }
    linebreak::finish(&mut items);
    let mut sources = sources;
    sources.extend([Source::Nothing, Source::Nothing, Source::Nothing]);
    let params = if justify {
        Params::default()
    } else {
        // Ragged right: lines are never stretched, so only their length counts.
        Params {
            tolerance: f32::INFINITY,
            ..Params::default()
        }
    };
    let breaks = linebreak::break_lines(&items, width, params);
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for (n, b) in breaks.iter().enumerate() {
        let last = n + 1 == breaks.len();
        // The last line keeps its natural spacing, unless the breaker chose to
        // squeeze it to fit.
        let ratio = if justify && (!last || b.ratio < 0.0) {
            b.ratio
        } else {
            0.0
        };
        let ratio = ratio.clamp(-1.0, 8.0);
        let mut pieces: Vec<Piece> = Vec::new();
        for (item, source) in items[start..b.at].iter().zip(&sources[start..b.at]) {
            match (item, source) {
                (Item::Box { width }, Source::Text(text, face, link)) => {
                    push_text(&mut pieces, text, *face, *width, *link)
                }
                (
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                    Source::Space(face),
                ) => {
                    // Spaces at the start of a line are dropped, as in print.
                    if pieces.is_empty() {
                        continue;
                    }
                    let set = if ratio >= 0.0 {
                        width + ratio * stretch
                    } else {
                        width + ratio * shrink
                    };
                    pieces.push(Piece::Space {
                        face: *face,
                        natural: *width,
                        width: set,
                    });
                }
                _ => {}
            }
        }
        if let (Item::Penalty { width, .. }, Source::Hyphen(face)) = (&items[b.at], &sources[b.at])
            && *width > 0.0
        {
            let link = match pieces.last() {
                Some(Piece::Text { link, .. }) => *link,
                _ => None,
            };
            // The hyphen of a word broken at the line's end is U+00AD: the
            // font draws it as "-", and a reader or a copy knows the word
            // goes on (a "-" written in the text stays "-").
            push_text(&mut pieces, "\u{AD}", *face, *width, link);
        }
        while matches!(pieces.last(), Some(Piece::Space { .. })) {
            pieces.pop();
        }
        lines.push(Line { pieces });
        start = b.at + 1;
    }
    lines
}

/// Adds text to the line, joined to the piece before when it has the same face
/// (the syllables of one word become one piece again).
fn push_text(pieces: &mut Vec<Piece>, text: &str, face: Face, width: f32, link: Option<u32>) {
    if let Some(Piece::Text {
        text: before,
        face: f,
        width: w,
        link: l,
    }) = pieces.last_mut()
        && *f == face
        && *l == link
    {
        before.push_str(text);
        *w += width;
        return;
    }
    pieces.push(Piece::Text {
        text: text.to_owned(),
        face,
        width,
        link,
    });
}

fn items_of<'a>(
    spans: &'a [Span],
    size: f32,
    fonts: &Fonts,
    lang: Lang,
    justify: bool,
    measure: f32,
) -> (Vec<Item>, Vec<Source<'a>>) {
    // Ragged lines (headings, names, cells) are not hyphenated: they have
    // room to spare, and a name cut in two reads badly.
    let hyphen_lang = justify.then_some(match lang {
        Lang::Es => hypher::Lang::Spanish,
        Lang::En => hypher::Lang::English,
    });
    let mut items = Vec::new();
    let mut sources = Vec::new();
    let mut pending_space: Option<Face> = None;
    let mut after_single_letter = false;
    for span in spans {
        let mut rest = span.text.as_str();
        while !rest.is_empty() {
            let space_at = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, after) = rest.split_at(space_at);
            if !word.is_empty() {
                if let Some(face) = pending_space.take()
                    && !items.is_empty()
                {
                    let space = fonts.width(face, " ", size);
                    if after_single_letter && lang == Lang::Es {
                        // «a», «y», «o», «e», «u» do not end a line in Spanish
                        // print: the space after them does not break.
                        items.push(Item::Penalty {
                            width: 0.0,
                            penalty: linebreak::NEVER,
                            flagged: false,
                        });
                        sources.push(Source::Nothing);
                    }
                    items.push(Item::Glue {
                        width: space,
                        stretch: space * 0.6,
                        // A ragged line never squeezes its spaces.
                        shrink: if justify { space * 0.3 } else { 0.0 },
                    });
                    sources.push(Source::Space(face));
                }
                push_word(
                    word,
                    (span.face, span.link),
                    (size, measure),
                    fonts,
                    hyphen_lang,
                    &mut items,
                    &mut sources,
                );
                let mut letters = word.chars();
                after_single_letter =
                    letters.next().is_some_and(char::is_alphabetic) && letters.next().is_none();
            }
            let trimmed = after.trim_start();
            if after[..after.len() - trimmed.len()].contains(LINE_BREAK) && !items.is_empty() {
                // A hard break: the line ends here, unjustified.
                items.push(Item::Glue {
                    width: 0.0,
                    stretch: 100_000.0,
                    shrink: 0.0,
                });
                sources.push(Source::Nothing);
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: linebreak::ALWAYS,
                    flagged: false,
                });
                sources.push(Source::Nothing);
                pending_space = None;
            } else if trimmed.len() != after.len() {
                pending_space = Some(span.face);
            }
            rest = trimmed;
        }
    }
    (items, sources)
}

/// U+00AD, where a word may be broken with a hyphen.
pub const SOFT_HYPHEN: char = '\u{AD}';

/// U+200B, where a word may be broken with nothing drawn.
pub const ZERO_WIDTH_SPACE: char = '\u{200B}';

/// A word as boxes, one per syllable, with a hyphenation point between them.
/// Punctuation around the word stays with its first or last syllable.
fn push_word<'a>(
    word: &'a str,
    (face, link): (Face, Option<u32>),
    (size, measure): (f32, f32),
    fonts: &Fonts,
    lang: Option<hypher::Lang>,
    items: &mut Vec<Item>,
    sources: &mut Vec<Source<'a>>,
) {
    if word.contains(ZERO_WIDTH_SPACE) {
        // A zero-width space (pasted from a web page or a word processor):
        // the word may break there, with nothing drawn.
        let mut pieces = word
            .split(ZERO_WIDTH_SPACE)
            .filter(|p| !p.is_empty())
            .peekable();
        while let Some(piece) = pieces.next() {
            push_word(
                piece,
                (face, link),
                (size, measure),
                fonts,
                lang,
                items,
                sources,
            );
            if pieces.peek().is_some() {
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: 0.0,
                    flagged: false,
                });
                sources.push(Source::Nothing);
            }
        }
        return;
    }
    if word.contains(SOFT_HYPHEN) {
        // The author's own break points (a soft hyphen, often pasted from a
        // word processor): the word may break there, with a hyphen drawn only
        // at a line's end, and nowhere else (as TeX does with \-).
        let hyphen = fonts.width(face, "-", size);
        let mut pieces = word.split(SOFT_HYPHEN).filter(|p| !p.is_empty()).peekable();
        while let Some(piece) = pieces.next() {
            push_unhyphenated(piece, (face, link), (size, measure), fonts, items, sources);
            if pieces.peek().is_some() {
                items.push(Item::Penalty {
                    width: hyphen,
                    penalty: 50.0,
                    flagged: true,
                });
                sources.push(Source::Hyphen(face));
            }
        }
        return;
    }
    let letters_start = word.find(char::is_alphabetic);
    let letters_end = word
        .rfind(char::is_alphabetic)
        .map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8));
    let hyphenate = match (letters_start, letters_end, lang) {
        (Some(s), Some(e), Some(_)) => {
            let core = &word[s..e];
            core.chars().count() >= MIN_HYPHENATED
                && core.chars().all(char::is_alphabetic)
                && !core.chars().all(char::is_uppercase)
        }
        _ => false,
    };
    let push_box = |items: &mut Vec<Item>, sources: &mut Vec<Source<'a>>, text: &'a str| {
        items.push(Item::Box {
            width: fonts.width(face, text, size),
        });
        sources.push(Source::Text(text, face, link));
    };
    let Some(lang) = lang.filter(|_| hyphenate) else {
        push_unhyphenated(word, (face, link), (size, measure), fonts, items, sources);
        return;
    };
    let (s, e) = (
        letters_start.unwrap_or(0),
        letters_end.unwrap_or(word.len()),
    );
    let core = &word[s..e];
    let lower = core.to_lowercase();
    // Syllables of the lower-cased word, mapped back onto the word as written
    // (lower-casing keeps the length of Spanish letters).
    let syllables: Vec<usize> = if lower.len() == core.len() {
        hypher::hyphenate(&lower, lang).map(str::len).collect()
    } else {
        vec![core.len()]
    };
    let hyphen = fonts.width(face, "-", size);
    let mut at = 0;
    for (i, len) in syllables.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == syllables.len();
        let from = if first { 0 } else { s + at };
        let to = if last { word.len() } else { s + at + len };
        let piece = &word[from..to];
        if fonts.width(face, piece, size) > measure {
            // A syllable wider than the line (a long word hyphenation finds
            // no break in, "xxxx…" pasted): cut between characters rather
            // than run past the margin (issue #24).
            push_unhyphenated(piece, (face, link), (size, measure), fonts, items, sources);
        } else {
            push_box(items, sources, piece);
        }
        if !last {
            items.push(Item::Penalty {
                width: hyphen,
                penalty: 50.0,
                flagged: true,
            });
            sources.push(Source::Hyphen(face));
        }
        at += len;
    }
}

/// A word set without hyphens: one box, or, when it is wider than the line
/// (a web address, a long code), pieces that may break after `/ . - _ ? & = #`
/// and, as a last resort, between any two characters, so that nothing runs
/// past the margin. No hyphen is drawn at such a break.
fn push_unhyphenated<'a>(
    word: &'a str,
    (face, link): (Face, Option<u32>),
    (size, measure): (f32, f32),
    fonts: &Fonts,
    items: &mut Vec<Item>,
    sources: &mut Vec<Source<'a>>,
) {
    let width = |text: &str| fonts.width(face, text, size);
    if width(word) <= measure {
        items.push(Item::Box { width: width(word) });
        sources.push(Source::Text(word, face, link));
        return;
    }
    let mut pieces: Vec<(&'a str, f32)> = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        let end = i + c.len_utf8();
        if "/.-_?&=#".contains(c) && end < word.len() {
            pieces.push((&word[start..end], 50.0));
            start = end;
        }
    }
    pieces.push((&word[start..], 0.0));
    let last = pieces.len() - 1;
    for (n, (piece, penalty)) in pieces.into_iter().enumerate() {
        // A piece still too wide is cut between characters, at a high cost.
        let mut from = 0;
        let mut run = 0.0;
        for (i, c) in piece.char_indices() {
            let w = width(c.encode_utf8(&mut [0; 4]));
            if run + w > measure && i > from {
                items.push(Item::Box { width: run });
                sources.push(Source::Text(&piece[from..i], face, link));
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: 500.0,
                    flagged: false,
                });
                sources.push(Source::Nothing);
                from = i;
                run = 0.0;
            }
            run += w;
        }
        items.push(Item::Box { width: run });
        sources.push(Source::Text(&piece[from..], face, link));
        if n < last {
            items.push(Item::Penalty {
                width: 0.0,
                penalty,
                flagged: false,
            });
            sources.push(Source::Nothing);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<Span> {
        vec![Span::new(text, Face::Regular)]
    }

    const TEXT: &str = "Coordinar el registro de los créditos fiscales a favor del Instituto \
        y la recaudación de ingresos por cuotas, así como coordinar el diseño y la operación \
        de las aplicaciones informáticas que los soportan, para el control del trámite de \
        cobro en el Sistema Nacional.";

    #[test]
    fn justified_lines_fill_the_measure_and_keep_every_word() {
        let fonts = Fonts::default_family().unwrap();
        let lines = lay_out(&plain(TEXT), 10.0, &fonts, Lang::Es, &|_| 220.0, true);
        assert!(lines.len() >= 4, "{lines:?}");
        for line in &lines[..lines.len() - 1] {
            assert!(
                (line.width() - 220.0).abs() < 0.5,
                "{}: {}",
                line.text(),
                line.width()
            );
        }
        let joined: String = lines
            .iter()
            .map(|l| {
                let t = l.text();
                match t.strip_suffix('\u{AD}') {
                    Some(cut) => cut.to_owned(),
                    None => t + " ",
                }
            })
            .collect();
        assert_eq!(joined.trim_end(), TEXT);
    }

    #[test]
    fn faces_change_within_a_line_and_spaces_stay_text() {
        let fonts = Fonts::default_family().unwrap();
        let spans = vec![
            Span::new("la ", Face::Regular),
            Span::new("Coordinación", Face::Bold),
            Span::new(", hoy", Face::Regular),
        ];
        let lines = lay_out(&spans, 10.0, &fonts, Lang::Es, &|_| 400.0, true);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text(), "la Coordinación, hoy");
        assert!(lines[0].pieces.iter().any(
            |p| matches!(p, Piece::Text { face: Face::Bold, text, .. } if text == "Coordinación")
        ));
    }

    #[test]
    fn no_line_is_wider_than_its_measure_not_even_the_last() {
        let fonts = Fonts::default_family().unwrap();
        let texts = [
            TEXT,
            "Revisar las solicitudes de servicio para la adecuación de las herramientas informáticas, conforme a la normatividad vigente.",
            "Coordinar el intercambio de información con la CONSAR, PROCESAR, AFORES e INFONAVIT para generar y dar seguimiento a las acciones necesarias para su corrección.",
        ];
        for text in texts {
            for width in (120..480).step_by(3) {
                let width = width as f32;
                for line in lay_out(&plain(text), 10.0, &fonts, Lang::Es, &|_| width, true) {
                    assert!(
                        line.width() <= width + 0.01,
                        "{} is {} wide in {width}",
                        line.text(),
                        line.width()
                    );
                }
            }
        }
    }

    #[test]
    fn a_web_address_breaks_after_a_slash_and_keeps_every_character() {
        let fonts = Fonts::default_family().unwrap();
        let url = "https://www.imss.gob.mx/patrones/cuotas-obrero-patronales/consulta-de-adeudos-y-creditos-fiscales";
        let text = format!("Consulte {url} antes del pago.");
        for justify in [true, false] {
            let lines = lay_out(&plain(&text), 10.0, &fonts, Lang::Es, &|_| 200.0, justify);
            assert!(lines.iter().all(|l| l.width() <= 200.01), "{lines:?}");
            let joined: String = lines.iter().map(Line::text).collect::<Vec<_>>().join("");
            assert!(
                joined.replace(' ', "").contains(&url.replace(' ', "")),
                "{joined}"
            );
        }
    }

    #[test]
    fn a_one_letter_word_does_not_end_a_line() {
        let fonts = Fonts::default_family().unwrap();
        let text = "Dirigir la operación de las unidades a su cargo y evaluar el cumplimiento de sus programas de trabajo, a partir de los informes y a solicitud de la persona titular.";
        for width in (150..400).step_by(5) {
            for line in lay_out(
                &plain(text),
                10.0,
                &fonts,
                Lang::Es,
                &|_| width as f32,
                true,
            ) {
                let last = line.text().rsplit(' ').next().unwrap_or("").to_owned();
                assert!(!["a", "y", "o"].contains(&last.as_str()), "{}", line.text());
            }
        }
    }

    #[test]
    fn ragged_lines_are_never_stretched() {
        let fonts = Fonts::default_family().unwrap();
        let lines = lay_out(&plain(TEXT), 10.0, &fonts, Lang::Es, &|_| 220.0, false);
        for line in &lines {
            for p in &line.pieces {
                if let Piece::Space { natural, width, .. } = p {
                    assert!((natural - width).abs() < 0.001);
                }
            }
            assert!(line.width() <= 220.5);
        }
    }

    #[test]
    fn a_zero_width_space_is_a_break_that_draws_nothing() {
        let fonts = Fonts::default_family().unwrap();
        let text = "registros\u{200B}contables\u{200B}de\u{200B}las\u{200B}cuentas\u{200B}por\u{200B}cobrar\u{200B}del\u{200B}Instituto";
        let lines = lay_out(&plain(text), 10.0, &fonts, Lang::Es, &|_| 90.0, true);
        assert!(
            lines.len() > 1,
            "{:?}",
            lines.iter().map(|l| l.text()).collect::<Vec<_>>()
        );
        let joined: String = lines.iter().map(|l| l.text()).collect();
        assert_eq!(
            joined,
            "registroscontablesdelascuentasporcobrardelInstituto"
        );
        for line in &lines {
            assert!(line.width() <= 90.5, "{}", line.text());
            assert!(
                !line.text().ends_with('-'),
                "no hyphen at a zero-width space: {}",
                line.text()
            );
        }
    }

    #[test]
    fn a_soft_hyphen_in_the_text_is_a_break_and_prints_only_at_a_lines_end() {
        let fonts = Fonts::default_family().unwrap();
        let text = "La Sub\u{AD}delegación y la Coordi\u{AD}nación de Afi\u{AD}liación";
        for justify in [true, false] {
            // Room for everything: no hyphen anywhere.
            let lines = lay_out(&plain(text), 10.0, &fonts, Lang::Es, &|_| 400.0, justify);
            assert_eq!(lines.len(), 1);
            assert_eq!(
                lines[0].text(),
                "La Subdelegación y la Coordinación de Afiliación"
            );
            // A narrow measure: a line may end at the author's break, with
            // the hyphen there and only there.
            let lines = lay_out(&plain(text), 10.0, &fonts, Lang::Es, &|_| 70.0, justify);
            for line in &lines {
                let t = line.text();
                let inner = t.strip_suffix(SOFT_HYPHEN).unwrap_or(&t);
                assert!(!inner.contains(SOFT_HYPHEN), "{t:?}");
            }
            let joined: String = lines
                .iter()
                .map(|l| {
                    let t = l.text();
                    match t.strip_suffix(SOFT_HYPHEN) {
                        Some(cut) => cut.to_owned(),
                        None => format!("{t} "),
                    }
                })
                .collect();
            assert_eq!(
                joined.trim(),
                "La Subdelegación y la Coordinación de Afiliación"
            );
        }
    }
}
