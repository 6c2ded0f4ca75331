//! Numbers the rules and the writers must agree on: what a writer draws at
//! most, so that a rule can warn before it is cut.

/// The most character boxes a form field draws, on the site
/// (themes/default/templates/components.html) and in the PDF: a longer
/// `length` gets W-FORM-FIELD-LENGTH.
pub const MOST_BOXES: u32 = 60;

/// The most bytes of a text the PDF holds as one string (a bookmark, a
/// heading's title in the tags, a link's or a figure's description, the
/// metadata), counted as UTF-16, the widest way it is written. PDF/A allows
/// 32,767 bytes in a string; a figure's description (a flowchart said in
/// words) may be long and is kept whole up to this. A longer text (only a
/// broken one is) is cut here, with "…" (`cut_for_pdf`); the page itself
/// prints the whole text.
pub const MOST_PDF_STRING: usize = 32_000;

/// `text` cut to `MOST_PDF_STRING` bytes of UTF-16 (a byte-order mark
/// and the "…" included), at a character.
pub fn cut_for_pdf(text: &str) -> std::borrow::Cow<'_, str> {
    let budget = MOST_PDF_STRING - 2 * '…'.len_utf16() - 2;
    let mut used = 0;
    for (at, c) in text.char_indices() {
        used += 2 * c.len_utf16();
        if used > budget {
            return format!("{}…", &text[..at]).into();
        }
    }
    text.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(text: &str) -> usize {
        2 + 2 * text.encode_utf16().count()
    }

    #[test]
    fn a_pdf_string_is_cut_to_its_most_bytes() {
        assert_eq!(cut_for_pdf("corto"), "corto");
        for c in ["a", "ñ", "𝔸"] {
            let long = c.repeat(MOST_PDF_STRING);
            let cut = cut_for_pdf(&long);
            assert!(cut.ends_with('…'), "{c}");
            assert!(utf16_bytes(&cut) <= MOST_PDF_STRING, "{c}");
            assert!(utf16_bytes(&cut) > MOST_PDF_STRING - 8, "{c}");
        }
        let fits = "a".repeat(MOST_PDF_STRING / 2 - 4);
        assert_eq!(cut_for_pdf(&fits), fits);
    }
}
