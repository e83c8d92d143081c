//! Integers: counts and amounts of units (format `integer`).

use super::digits;
use super::error::Flaw;

/// The most digits an integer item may have here (the layouts allow at most 7).
const MAX_DIGITS: usize = 18;

/// Parses an integer item (単位数, 回数, 日数, amounts) without allocating: ASCII digits,
/// optionally after a minus sign `-`.
///
/// The standard says only 整数 (integer). A sign is accepted because 減算 (reduction)
/// services carry negative units in practice (第6表 No.8 puts a 共生型 reduction on the
/// first day of the month); `+`, spaces, separators and full-width digits are not.
#[inline(always)]
pub(crate) fn scan_integer(s: &str) -> Result<i64, Flaw> {
    match scan_integer_fast(s.as_bytes()) {
        Some(v) => Ok(v),
        None => scan_integer_careful(s),
    }
}

/// The fast path of [`scan_integer`], on the text's bytes: `None` for any flaw.
#[inline(always)]
pub(crate) fn scan_integer_fast(bytes: &[u8]) -> Option<i64> {
    let (negative, number) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    if number.is_empty() || number.len() > MAX_DIGITS {
        return None;
    }
    let v = i64::try_from(digits::value(number)?).ok()?;
    Some(if negative { -v } else { v })
}

/// [`scan_integer`] step by step, for the flaw of a text the fast path rejected.
#[cold]
#[inline(never)]
fn scan_integer_careful(s: &str) -> Result<i64, Flaw> {
    let negative = s.starts_with('-');
    let start = usize::from(negative);
    if s.len() <= start {
        return Err(if negative {
            Flaw::Length {
                expected: 2,
                found: 1,
            }
        } else {
            Flaw::Empty
        });
    }
    if s.len() - start > MAX_DIGITS {
        return Err(Flaw::Length {
            expected: MAX_DIGITS + start,
            found: s.chars().count(),
        });
    }
    let v = digits::digits(s, start, s.len())?;
    // At most 18 digits: fits an i64.
    let v = i64::try_from(v).unwrap_or(i64::MAX);
    Ok(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_scan_equals_the_careful_scan() {
        let alphabet = ['0', '1', '9', '-', '+', 'a', ' ', '１'];
        for s in digits::texts(&alphabet, 3, 5, 22, 200_000) {
            assert_eq!(scan_integer(&s), scan_integer_careful(&s), "{s:?}");
        }
    }

    #[test]
    fn integers() {
        assert_eq!(scan_integer("0300"), Ok(300));
        assert_eq!(scan_integer("-93"), Ok(-93));
        assert!(scan_integer("+1").is_err());
        assert!(scan_integer("1,000").is_err());
        assert_eq!(scan_integer("0"), Ok(0));
        assert_eq!(scan_integer("-0"), Ok(0));
        assert_eq!(
            scan_integer("999999999999999999"),
            Ok(999_999_999_999_999_999)
        );
        assert_eq!(scan_integer(""), Err(Flaw::Empty));
        assert_eq!(
            scan_integer("-"),
            Err(Flaw::Length {
                expected: 2,
                found: 1
            })
        );
        assert_eq!(
            scan_integer("1 0"),
            Err(Flaw::Character {
                position: 2,
                found: ' ',
                expected: "a digit"
            })
        );
        assert_eq!(
            scan_integer("--1"),
            Err(Flaw::Character {
                position: 2,
                found: '-',
                expected: "a digit"
            })
        );
        assert!(scan_integer("1234567890123456789").is_err());
    }
}
