//! Numbers as the manuals write them: dotted unit codes (`7.3.1.1`) and
//! version numbers (`3.1`) in their natural order, and names made safe for a
//! file or URL segment.

/// Dotted numbers (`3`, `3.1`, `10.0.2`) as a list, for ordering versions.
pub fn version_numbers(text: &str) -> Option<Vec<u32>> {
    text.split('.')
        .map(|p| p.parse::<u32>().ok().filter(|_| !p.is_empty()))
        .collect()
}

/// Whether `code` is a well-formed unit code: two or more dotted numbers,
/// none with a leading zero (`7.3.1`, not `7.3.01` nor `7`).
pub fn is_unit_code(code: &str) -> bool {
    code.contains('.')
        && code.split('.').all(|p| {
            // Digits only, and `0` alone or no leading zero.
            (p == "0" || !p.starts_with('0'))
                && !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok()
        })
}

/// Units sort by their numbers: 7.2 before 7.10.
pub fn code_order(code: &str) -> Vec<(u64, String)> {
    code.split('.')
        .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_owned()))
        .collect()
}

/// Two codes in the order of `code_order`, without making either key (a
/// lookup by code compares many codes with one).
pub fn compare_codes(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(p: &str) -> (u64, &str) {
        (p.parse::<u64>().unwrap_or(u64::MAX), p)
    }
    a.split('.').map(key).cmp(b.split('.').map(key))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_code_is_two_or_more_numbers_without_leading_zeros() {
        for good in ["7.3", "7.3.1", "10.0.2", "7.10"] {
            assert!(is_unit_code(good), "{good}");
        }
        for bad in [
            "7",
            "7.3.01",
            "07.4",
            "7..1",
            "7.3.",
            "7.a",
            "7.+1",
            "",
            "7.99999999999",
        ] {
            assert!(!is_unit_code(bad), "{bad}");
        }
    }

    #[test]
    fn comparing_two_codes_orders_them_as_their_keys_do() {
        let codes = [
            "7",
            "7.1",
            "7.2",
            "7.10",
            "7.1.1",
            "7.01",
            "7.a",
            "7.",
            "",
            "10",
            "7.1.10",
            "7.1.9",
            "18446744073709551616",
            "7.b.1",
        ];
        for a in codes {
            for b in codes {
                assert_eq!(
                    compare_codes(a, b),
                    code_order(a).cmp(&code_order(b)),
                    "{a:?} against {b:?}"
                );
            }
        }
    }
}
