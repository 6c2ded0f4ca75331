//! Words in text: runs of letters and digits with their offsets (the search
//! index, the spelling rules), and folding to lower case without accents
//! ("Afiliación" → "afiliacion") so a search or a sort ignores them.

/// The words of a text with their byte offsets: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    runs(text, char::is_alphanumeric)
}

/// The runs of characters that pass `keep`, with their byte offsets. ASCII is
/// read byte by byte without decoding: most of the text is.
pub fn runs(text: &str, keep: impl Fn(char) -> bool) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let (c, len) = char_at(text, at)?;
            if keep(c) {
                break;
            }
            at += len;
        }
        let start = at;
        while let Some((c, len)) = char_at(text, at) {
            if !keep(c) {
                break;
            }
            at += len;
        }
        Some((start, &text[start..at]))
    })
}

/// The character at byte `at` and its length; ASCII without decoding.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((byte as char, 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Lower case without accents: "Afiliación" → "afiliacion", "Año" → "ano".
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect()
}

/// One lower-case letter without its accent.
fn fold_char(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

/// Lower-cases and folds `word` into `out` (cleared first), without allocating.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    // Most words are ASCII: copied whole and lower-cased in place.
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase().map(fold_char));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits_with_their_offsets() {
        let found: Vec<(usize, &str)> = words("¿Afiliación, del IMSS-2024? ñandú").collect();
        assert_eq!(
            found,
            vec![
                (2, "Afiliación"),
                (15, "del"),
                (19, "IMSS"),
                (24, "2024"),
                (30, "ñandú")
            ]
        );
        assert_eq!(words(" ,; ").count(), 0);
    }

    #[test]
    fn folding_drops_case_and_accents() {
        assert_eq!(fold("Afiliación"), "afiliacion");
        assert_eq!(fold("AÑO Güero"), "ano guero");
        let mut out = String::from("left over");
        for word in ["IMSS", "Afiliación", "AÑO", "x2Y", ""] {
            fold_into(word, &mut out);
            assert_eq!(out, fold(word), "{word}");
        }
    }
}
