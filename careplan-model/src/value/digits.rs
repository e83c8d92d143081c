//! Scanning ASCII digits inside a value's text, with the position of the first wrong
//! character for the error. Shared by the value types; nothing here allocates.

use super::error::Flaw;

/// Checks that `s` has `n` characters: `Empty` for an empty text, `Length` for another count.
///
/// Counting characters is skipped when the byte length already matches (the digit scan that
/// follows reports a non-ASCII character by its position).
pub(crate) fn check_len(s: &str, n: usize) -> Result<(), Flaw> {
    if s.is_empty() {
        return Err(Flaw::Empty);
    }
    if s.len() == n {
        return Ok(());
    }
    let found = s.chars().count();
    if found == n {
        Ok(())
    } else {
        Err(Flaw::Length { expected: n, found })
    }
}

/// The character that contains byte `i` of `s`, and its 1-based position in characters.
pub(crate) fn char_at_byte(s: &str, i: usize) -> (usize, char) {
    let start = (0..=i.min(s.len()))
        .rev()
        .find(|&j| s.is_char_boundary(j))
        .unwrap_or(0);
    let position = s.get(..start).map_or(0, |p| p.chars().count()) + 1;
    let found = s
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or('\u{FFFD}');
    (position, found)
}

/// A `Character` flaw for byte `i` of `s`.
pub(crate) fn flaw_at(s: &str, i: usize, expected: &'static str) -> Flaw {
    let (position, found) = char_at_byte(s, i);
    Flaw::Character {
        position,
        found,
        expected,
    }
}

/// The value of the ASCII digits at bytes `start..end` of `s` (at most 19 digits).
///
/// A byte that is not an ASCII digit gives a `Character` flaw naming its position in `s`.
pub(crate) fn digits(s: &str, start: usize, end: usize) -> Result<u64, Flaw> {
    let Some(part) = s.as_bytes().get(start..end) else {
        return Err(flaw_at(s, start.min(s.len()), "a digit"));
    };
    let mut value: u64 = 0;
    for (j, &b) in part.iter().enumerate() {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return Err(flaw_at(s, start + j, "a digit"));
        }
        value = value.wrapping_mul(10).wrapping_add(u64::from(d));
    }
    Ok(value)
}

/// The value of `s`, which must be exactly `n` ASCII digits (`n` ≤ 19).
pub(crate) fn fixed(s: &str, n: usize) -> Result<u64, Flaw> {
    if s.len() == n {
        if let Some(v) = value(s.as_bytes()) {
            return Ok(v);
        }
    }
    fixed_careful(s, n)
}

/// [`fixed`] step by step, for the flaw of a text the fast path rejected.
#[cold]
#[inline(never)]
fn fixed_careful(s: &str, n: usize) -> Result<u64, Flaw> {
    check_len(s, n)?;
    digits(s, 0, s.len())
}

/// The value of `bytes` when every byte is an ASCII digit (at most 19 bytes, which the
/// callers check), `None` otherwise.
///
/// The fast path of the value parsers: it says nothing about what is wrong, so a parser
/// that gets `None` goes on to its careful path, which finds the flaw.
#[inline]
pub(crate) fn value(bytes: &[u8]) -> Option<u64> {
    let mut v: u64 = 0;
    for &b in bytes {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v.wrapping_mul(10).wrapping_add(u64::from(d));
    }
    Some(v)
}

/// The value of two ASCII digits, `None` if either is not one.
#[inline]
pub(crate) fn two(a: u8, b: u8) -> Option<u8> {
    let (a, b) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (a <= 9 && b <= 9).then(|| a * 10 + b)
}

/// Texts to compare a parser's fast path with its careful path on: every text of up to
/// `exhaustive` characters over `alphabet`, then `count` random texts (a fixed seed) of up to
/// `max_len` characters, mostly of the alphabet's first `common` characters (digits, say),
/// with the odd other one.
#[cfg(test)]
pub(crate) fn texts(
    alphabet: &[char],
    common: usize,
    exhaustive: usize,
    max_len: usize,
    count: usize,
) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut level = vec![String::new()];
    for _ in 0..exhaustive {
        level = level
            .iter()
            .flat_map(|p| alphabet.iter().map(move |c| format!("{p}{c}")))
            .collect();
        out.extend(level.iter().cloned());
    }
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        usize::try_from(x % n.max(1) as u64).unwrap_or(0)
    };
    for _ in 0..count {
        let len = next(max_len + 1);
        let s: String = (0..len)
            .map(|_| {
                let i = if next(8) == 0 {
                    next(alphabet.len())
                } else {
                    next(common)
                };
                alphabet[i]
            })
            .collect();
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_fixed_digits_equal_the_careful_scan() {
        let alphabet = ['0', '1', '5', '9', 'a', ' ', '-', '１', '/', 'H'];
        for s in texts(&alphabet, 4, 5, 12, 50_000) {
            for n in [1, 4, 5, 6, 10] {
                assert_eq!(fixed(&s, n), fixed_careful(&s, n), "{s:?} {n}");
            }
        }
        assert_eq!(fixed("0123456789", 10), Ok(123_456_789));
    }

    #[test]
    fn fixed_digits() {
        assert_eq!(fixed("0300000100", 10), Ok(300000100));
        assert_eq!(fixed("", 3), Err(Flaw::Empty));
        assert_eq!(
            fixed("12", 3),
            Err(Flaw::Length {
                expected: 3,
                found: 2
            })
        );
        assert_eq!(
            fixed("1a3", 3),
            Err(Flaw::Character {
                position: 2,
                found: 'a',
                expected: "a digit"
            })
        );
        // full-width digits: the right number of characters, but not ASCII digits
        assert_eq!(
            fixed("１２３", 3),
            Err(Flaw::Character {
                position: 1,
                found: '１',
                expected: "a digit"
            })
        );
    }

    #[test]
    fn position_of_a_multibyte_char() {
        assert_eq!(char_at_byte("ab漢c", 3), (3, '漢'));
        assert_eq!(char_at_byte("ab漢c", 4), (3, '漢'));
        assert_eq!(char_at_byte("ab漢c", 5), (4, 'c'));
    }
}
