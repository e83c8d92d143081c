//! `InsurerNumber`: the 6-digit 保険者番号.

use std::fmt;
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};

/// A 保険者番号: exactly six ASCII digits (the municipality that insures the person).
///
/// Only the 被保険者番号 has an `H` form for 生保単独 (see
/// [`InsuredNumber`](super::InsuredNumber)); no layout note gives the 保険者番号 one.
///
/// ```
/// use careplan_model::value::InsurerNumber;
/// let n: InsurerNumber = "131045".parse().unwrap();
/// assert_eq!(n.to_string(), "131045");
/// assert_eq!(n.prefecture(), 13);
/// assert!("H31045".parse::<InsurerNumber>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InsurerNumber(u32);

impl InsurerNumber {
    /// The number of digits.
    pub const LEN: usize = 6;

    /// The number from its value (0–999999), or `None` if it has more than six digits.
    pub const fn new(value: u32) -> Option<InsurerNumber> {
        if value <= 999_999 {
            Some(InsurerNumber(value))
        } else {
            None
        }
    }

    /// The number as an integer.
    pub const fn value(self) -> u32 {
        self.0
    }

    /// The first two digits: the prefecture code (都道府県番号).
    pub const fn prefecture(self) -> u8 {
        (self.0 / 10_000) as u8
    }

    /// Parses six digits without allocating.
    pub(crate) fn scan(s: &str) -> Result<InsurerNumber, Flaw> {
        digits::fixed(s, InsurerNumber::LEN).map(|v| InsurerNumber(v as u32))
    }

    /// The fast path of [`InsurerNumber::scan`], on the text's bytes: `None` for any flaw.
    #[inline(always)]
    pub(crate) fn scan_fast(bytes: &[u8]) -> Option<InsurerNumber> {
        digits::fixed_fast(bytes, InsurerNumber::LEN).map(|v| InsurerNumber(v as u32))
    }
}

impl fmt::Display for InsurerNumber {
    /// Six digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl FromStr for InsurerNumber {
    type Err = ParseError;

    /// Parses exactly six ASCII digits.
    fn from_str(s: &str) -> Result<InsurerNumber, ParseError> {
        InsurerNumber::scan(s)
            .map_err(|flaw| ParseError::new("保険者番号 (insurer number)", s, flaw))
    }
}

super::serde_as_string!(InsurerNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits() {
        assert_eq!(
            "010017".parse::<InsurerNumber>().unwrap().to_string(),
            "010017"
        );
        assert_eq!(
            "01001".parse::<InsurerNumber>().unwrap_err().into_kind(),
            Flaw::Length {
                expected: 6,
                found: 5
            }
        );
        assert_eq!(
            "H10017".parse::<InsurerNumber>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 1,
                found: 'H',
                expected: "a digit"
            }
        );
        assert_eq!(InsurerNumber::new(1_000_000), None);
    }
}
