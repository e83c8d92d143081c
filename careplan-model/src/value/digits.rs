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
#[inline]
pub(crate) fn fixed(s: &str, n: usize) -> Result<u64, Flaw> {
    match fixed_fast(s.as_bytes(), n) {
        Some(v) => Ok(v),
        None => fixed_careful(s, n),
    }
}

/// The fast path of [`fixed`], on the text's bytes: `None` for any flaw.
#[inline(always)]
pub(crate) fn fixed_fast(bytes: &[u8], n: usize) -> Option<u64> {
    if bytes.len() == n {
        value(bytes)
    } else {
        None
    }
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
#[inline(always)]
pub(crate) fn value(bytes: &[u8]) -> Option<u64> {
    // The first eight digits at once (事業所番号, 被保険者番号), then four at a time, then
    // the last one to three (most counts and amounts are short: one step, no loop).
    let (mut v, mut rest) = match bytes.split_first_chunk::<8>() {
        Some((&head, rest)) => {
            let [a, b, c, d] = pairs8(head)?;
            let hi = u64::from(a) * 100 + u64::from(b);
            (hi * 10_000 + u64::from(c) * 100 + u64::from(d), rest)
        }
        None => (0, bytes),
    };
    while let Some((&head, tail)) = rest.split_first_chunk::<4>() {
        let [a, b] = pairs4(head)?;
        v = v
            .wrapping_mul(10_000)
            .wrapping_add(u64::from(a) * 100 + u64::from(b));
        rest = tail;
    }
    let (scale, last) = match *rest {
        [] => (1, 0),
        [a] => (10, u64::from(one(a)?)),
        [a, b] => (100, u64::from(two(a, b)?)),
        [a, b, c] => (1000, u64::from(two(a, b)?) * 10 + u64::from(one(c)?)),
        // Four or more were taken above.
        _ => return None,
    };
    Some(v.wrapping_mul(scale).wrapping_add(last))
}

/// The value of one ASCII digit, `None` if it is not one.
#[inline]
fn one(a: u8) -> Option<u8> {
    let d = a.wrapping_sub(b'0');
    (d <= 9).then_some(d)
}

/// The values of the four pairs of ASCII digits in `bytes` (`"20250401"` → `[20, 25, 4,
/// 1]`), `None` unless all eight bytes are ASCII digits: eight bytes checked and combined
/// at once, as one number.
#[inline]
pub(crate) fn pairs8(bytes: [u8; 8]) -> Option<[u8; 4]> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = u64::from_le_bytes(bytes);
    // Each byte is a digit when its high nibble is 3, and still 3 once 6 is added (no byte
    // above '9'). A byte of 0xFA or more carries into the next one, but fails itself.
    let high = x & (0xF0 * ONES);
    let plus6 = (x.wrapping_add(6 * ONES) & (0xF0 * ONES)) >> 4;
    if high | plus6 != 0x33 * ONES {
        return None;
    }
    // The first character is the lowest byte: byte 2i becomes 10 × digit 2i + digit 2i+1.
    let d = x - 0x30 * ONES;
    let p = (d * 10 + (d >> 8)) & 0x00FF_00FF_00FF_00FF;
    let [a, _, b, _, c, _, e, _] = p.to_le_bytes();
    Some([a, b, c, e])
}

/// The values of the two pairs of ASCII digits in `bytes` (`"0930"` → `[9, 30]`), `None`
/// unless all four bytes are ASCII digits (as [`pairs8`]).
#[inline]
pub(crate) fn pairs4(bytes: [u8; 4]) -> Option<[u8; 2]> {
    const ONES: u32 = 0x0101_0101;
    let x = u32::from_le_bytes(bytes);
    let high = x & (0xF0 * ONES);
    let plus6 = (x.wrapping_add(6 * ONES) & (0xF0 * ONES)) >> 4;
    if high | plus6 != 0x33 * ONES {
        return None;
    }
    let d = x - 0x30 * ONES;
    let p = (d * 10 + (d >> 8)) & 0x00FF_00FF;
    let [a, _, b, _] = p.to_le_bytes();
    Some([a, b])
}

/// The value of two ASCII digits, `None` if either is not one.
#[inline]
pub(crate) fn two(a: u8, b: u8) -> Option<u8> {
    let (a, b) = (a.wrapping_sub(b'0'), b.wrapping_sub(b'0'));
    (a <= 9 && b <= 9).then(|| a * 10 + b)
}

/// Numbers below `n` (0 for `n` = 0) drawn from `seed` by xorshift: the same ones for the
/// same seed, for tests that pick among cases.
#[cfg(test)]
pub(crate) fn picker(seed: u64) -> impl FnMut(usize) -> usize {
    let mut x = seed;
    move |n| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        usize::try_from(x % n.max(1) as u64).unwrap_or(0)
    }
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
    let mut next = picker(0x9E37_79B9_7F4A_7C15);
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

    /// The pairs of two digits, one byte at a time.
    fn pairs_slowly(bytes: &[u8]) -> Option<Vec<u8>> {
        bytes
            .chunks(2)
            .map(|p| match p {
                [a, b] => two(*a, *b),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn pairs_at_once_equal_pairs_one_by_one() {
        // Every byte at every place of four, among the others' edge values.
        let edges = [
            0x00, 0x2F, b'0', b'5', b'9', 0x3A, 0x3F, 0x40, 0x80, 0xC0, 0xF9, 0xFA, 0xFF,
        ];
        for b in 0..=255u8 {
            for e in edges {
                for place in 0..4 {
                    let mut four = [e; 4];
                    four[place] = b;
                    let got = pairs4(four).map(|p| p.to_vec());
                    assert_eq!(got, pairs_slowly(&four), "{four:?}");
                    let mut eight = [b'7'; 8];
                    eight[place * 2] = b;
                    eight[7 - place] = e;
                    let got = pairs8(eight).map(|p| p.to_vec());
                    assert_eq!(got, pairs_slowly(&eight), "{eight:?}");
                }
            }
        }
        // Every four digits, and every four digits twice over.
        for n in 0..10_000u32 {
            let four: [u8; 4] = format!("{n:04}").into_bytes().try_into().unwrap();
            assert_eq!(pairs4(four).map(|p| p.to_vec()), pairs_slowly(&four));
            let eight: [u8; 8] = format!("{n:04}{:04}", 9999 - n)
                .into_bytes()
                .try_into()
                .unwrap();
            assert_eq!(pairs8(eight).map(|p| p.to_vec()), pairs_slowly(&eight));
        }
    }

    #[test]
    fn values_in_parts_equal_values_one_by_one() {
        let slowly = |bytes: &[u8]| {
            bytes.iter().try_fold(0u64, |v, &b| {
                let d = b.wrapping_sub(b'0');
                (d <= 9).then(|| v.wrapping_mul(10).wrapping_add(u64::from(d)))
            })
        };
        let alphabet = ['0', '1', '9', '5', 'a', '/', ':', '１'];
        for s in texts(&alphabet, 4, 4, 19, 100_000) {
            assert_eq!(value(s.as_bytes()), slowly(s.as_bytes()), "{s:?}");
        }
        // Every length the parts cut differently (eight, fours, a tail of one to three),
        // with a wrong byte at every place.
        for len in 0..=19 {
            let digits: Vec<u8> = (0..len).map(|i| b"7310942856"[i % 10]).collect();
            assert_eq!(value(&digits), slowly(&digits), "{len}");
            for place in 0..len {
                for wrong in [b'/', b':', b'a', 0x82] {
                    let mut bad = digits.clone();
                    bad[place] = wrong;
                    assert_eq!(value(&bad), None, "{len} {place}");
                }
            }
        }
    }

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
