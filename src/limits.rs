//! Numbers the rules and the writers must agree on: what a writer draws at
//! most, so that a rule can warn before it is cut.

/// The most character boxes a form field draws, on the site
/// (themes/default/templates/components.html) and in the PDF: a longer
/// `length` gets W-FORM-FIELD-LENGTH.
pub const MOST_BOXES: u32 = 60;

/// The most characters of a text the PDF holds as one string: a bookmark, a
/// heading's title in the tags, a link's or a figure's description, the
/// metadata. PDF/A allows 32,767 bytes in a string (two or four a character
/// in UTF-16), and no reader shows more than a line or two of a bookmark;
/// the page itself prints the whole text. A longer one is cut here, with
/// "…" (`cut_for_pdf`).
pub const MOST_PDF_STRING: usize = 2_000;

/// `text` cut to `MOST_PDF_STRING` characters, with "…" when cut.
pub fn cut_for_pdf(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MOST_PDF_STRING) {
        None => text.into(),
        Some((at, _)) => format!("{}…", &text[..at]).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_string_is_cut_to_its_most_characters() {
        assert_eq!(cut_for_pdf("corto"), "corto");
        let long = "ñ".repeat(MOST_PDF_STRING + 5);
        let cut = cut_for_pdf(&long);
        assert_eq!(cut.chars().count(), MOST_PDF_STRING + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(
            cut_for_pdf(&"a".repeat(MOST_PDF_STRING)).len(),
            MOST_PDF_STRING
        );
    }
}
