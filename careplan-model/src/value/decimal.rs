//! `Decimal`: a number with two decimals (第7表 No.23 単位数単価, `99.99`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};

/// A non-negative number written with a decimal point and two decimals, the `99.99` form of
/// 単位数単価 (`11.40`, `10.00`).
///
/// The value is held in hundredths; the number of integer digits as written is kept so that
/// `011.40` prints back as read. Two decimals that differ only in leading zeros are equal.
///
/// ```
/// use careplan_model::value::Decimal;
/// let d: Decimal = "11.40".parse().unwrap();
/// assert_eq!(d.hundredths(), 1140);
/// assert_eq!(d.to_string(), "11.40");
/// assert_eq!(Decimal::from_hundredths(1000).unwrap().to_string(), "10.00");
/// assert!("11.4".parse::<Decimal>().is_err());
/// assert!("1140".parse::<Decimal>().is_err());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Decimal {
    hundredths: u32,
    int_digits: u8,
}

impl Decimal {
    /// The most integer digits a `Decimal` holds.
    pub const MAX_INT_DIGITS: usize = 7;

    /// A decimal from its value in hundredths (at most 9999999.99), written with as few
    /// integer digits as it needs (at least one).
    pub fn from_hundredths(hundredths: u32) -> Option<Decimal> {
        if hundredths > 999_999_999 {
            return None;
        }
        let mut int_digits = 1u8;
        let mut int = hundredths / 100;
        while int >= 10 {
            int /= 10;
            int_digits += 1;
        }
        Some(Decimal {
            hundredths,
            int_digits,
        })
    }

    /// The value in hundredths (`11.40` → 1140).
    pub const fn hundredths(self) -> u32 {
        self.hundredths
    }

    /// The value as a float (for display and arithmetic that tolerates rounding).
    pub fn to_f64(self) -> f64 {
        f64::from(self.hundredths) / 100.0
    }

    /// The fast path of [`Decimal::scan`] for the standard's form, `99.99` (two digits, a
    /// point, two digits), on the text's bytes: `None` for any other text, which
    /// [`Decimal::scan`] decides.
    #[inline(always)]
    pub(crate) fn scan_fast(bytes: &[u8]) -> Option<Decimal> {
        let &[a, b, b'.', c, d] = bytes else {
            return None;
        };
        let [int, frac] = digits::pairs4([a, b, c, d])?;
        Some(Decimal {
            hundredths: u32::from(int) * 100 + u32::from(frac),
            int_digits: 2,
        })
    }

    /// Parses without allocating.
    pub(crate) fn scan(s: &str) -> Result<Decimal, Flaw> {
        if s.is_empty() {
            return Err(Flaw::Empty);
        }
        let Some(dot) = s.len().checked_sub(3).filter(|&d| d > 0) else {
            return Err(Flaw::Length {
                expected: 4,
                found: s.chars().count(),
            });
        };
        if dot > Decimal::MAX_INT_DIGITS {
            return Err(Flaw::Length {
                expected: Decimal::MAX_INT_DIGITS + 3,
                found: s.chars().count(),
            });
        }
        let int = digits::digits(s, 0, dot)?;
        if s.as_bytes().get(dot) != Some(&b'.') {
            return Err(digits::flaw_at(s, dot, "a decimal point"));
        }
        let frac = digits::digits(s, dot + 1, s.len())?;
        Ok(Decimal {
            hundredths: u32::try_from(int * 100 + frac).unwrap_or(0),
            int_digits: u8::try_from(dot).unwrap_or(1),
        })
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Decimal) -> bool {
        self.hundredths == other.hundredths
    }
}

impl Eq for Decimal {}

impl Hash for Decimal {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.hundredths.hash(state);
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        self.hundredths.cmp(&other.hundredths)
    }
}

impl Decimal {
    /// The length of its text (as [`Display`](fmt::Display) writes it), without writing it.
    pub(crate) fn text_len(&self) -> usize {
        let whole = self.hundredths / 100;
        let digits = whole.checked_ilog10().map_or(1, |d| d as usize + 1);
        digits.max(usize::from(self.int_digits)) + 3
    }
}

impl fmt::Display for Decimal {
    /// As written: integer digits, `.`, two decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = usize::from(self.int_digits);
        write!(
            f,
            "{:0width$}.{:02}",
            self.hundredths / 100,
            self.hundredths % 100
        )
    }
}

impl FromStr for Decimal {
    type Err = ParseError;

    /// Parses digits, `.`, and exactly two digits.
    fn from_str(s: &str) -> Result<Decimal, ParseError> {
        Decimal::scan(s).map_err(|flaw| ParseError::new("decimal (99.99)", s, flaw))
    }
}

super::serde_as_string!(Decimal);

#[cfg(test)]
mod tests {
    /// The fast path finds what the careful scan finds, in every text it takes; it takes
    /// the standard's form.
    #[test]
    fn the_fast_scan_equals_the_scan() {
        let alphabet = ['1', '0', '9', '.', '5', 'a', '/', ':', '-', '．'];
        let mut taken = 0;
        let every = (0..10_000).map(|n| format!("{:02}.{:02}", n / 100, n % 100));
        for t in crate::value::digits::texts(&alphabet, 4, 5, 8, 100_000)
            .into_iter()
            .chain(every)
        {
            if let Some(fast) = Decimal::scan_fast(t.as_bytes()) {
                let slow = Decimal::scan(&t);
                assert_eq!(slow, Ok(fast), "{t:?}");
                assert_eq!(slow.map(|d| d.int_digits), Ok(fast.int_digits), "{t:?}");
                taken += 1;
            }
        }
        assert!(taken > 10_000, "{taken}");
        assert_eq!(Decimal::scan_fast(b"11.40"), Decimal::from_hundredths(1140));
        assert_eq!(Decimal::scan_fast(b"9.40"), None);
    }

    /// `text_len` is the length of the text `Display` writes.
    #[test]
    fn text_len_is_the_length_written() {
        for text in [
            "0.00",
            "00.50",
            "10.00",
            "11.40",
            "9.99",
            "099.99",
            "1234567.89",
            "0000001.00",
        ] {
            let d: super::Decimal = text.parse().unwrap();
            assert_eq!(d.text_len(), d.to_string().len(), "{text}");
        }
        for h in (0..2_000_000u32).step_by(7) {
            let d = super::Decimal::from_hundredths(h).unwrap();
            assert_eq!(d.text_len(), d.to_string().len(), "{h}");
        }
    }

    use super::*;

    #[test]
    fn forms() {
        for s in ["0.00", "10.00", "11.40", "011.40", "9999999.99"] {
            assert_eq!(s.parse::<Decimal>().unwrap().to_string(), s);
        }
        assert_eq!(
            "011.40".parse::<Decimal>().unwrap(),
            "11.40".parse::<Decimal>().unwrap()
        );
        assert_eq!(Decimal::from_hundredths(5).unwrap().to_string(), "0.05");
        assert_eq!(Decimal::from_hundredths(1_000_000_000), None);
        assert!(("11.40".parse::<Decimal>().unwrap().to_f64() - 11.4).abs() < 1e-9);
    }

    #[test]
    fn rejects_with_the_part() {
        assert_eq!(
            "1140".parse::<Decimal>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 2,
                found: '1',
                expected: "a decimal point"
            }
        );
        assert_eq!(
            ".40".parse::<Decimal>().unwrap_err().into_kind(),
            Flaw::Length {
                expected: 4,
                found: 3
            }
        );
        assert_eq!(
            "-1.40".parse::<Decimal>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 1,
                found: '-',
                expected: "a digit"
            }
        );
        assert_eq!(
            "11.4a".parse::<Decimal>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 5,
                found: 'a',
                expected: "a digit"
            }
        );
        assert_eq!(
            "12345678.00".parse::<Decimal>().unwrap_err().into_kind(),
            Flaw::Length {
                expected: 10,
                found: 11
            }
        );
    }
}
