//! Numbers as the manuals write them: dotted unit codes (`7.3.1.1`) and
//! version numbers (`3.1`) in their natural order, and names made safe for a
//! file or URL segment.

/// Dotted numbers (`3`, `3.1`, `10.0.2`) as a list, for ordering versions.
pub fn version_numbers(text: &str) -> Option<Vec<u32>> {
    text.split('.')
        .map(|p| p.parse::<u32>().ok().filter(|_| !p.is_empty()))
        .collect()
}

/// Units sort by their numbers: 7.2 before 7.10.
pub fn code_order(code: &str) -> Vec<(u64, String)> {
    code.split('.')
        .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_owned()))
        .collect()
}

/// Keeps letters, digits, `.`, `-` and `_`; anything else becomes `-`, so a name
/// is a safe file name and URL segment as it is.
pub fn path_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}
