//! `EquipmentCode`: a TAISコード or 福祉用具届出コード, five digits, a hyphen, six digits.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};

/// Which hyphen an [`EquipmentCode`] is written with.
///
/// ```
/// use careplan_model::value::Hyphen;
/// assert_eq!(Hyphen::FullWidth.as_char(), '－');
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Hyphen {
    /// `-` (U+002D), the hyphen of the other codes of the standard.
    #[default]
    Ascii,
    /// `－` (U+FF0D, MS932 0x817C), the hyphen of the standard's own example (`00001－000010`).
    FullWidth,
}

impl Hyphen {
    /// The character.
    pub const fn as_char(self) -> char {
        match self {
            Hyphen::Ascii => '-',
            Hyphen::FullWidth => '－',
        }
    }
}

/// A TAISコード or 福祉用具届出コード (第6表 No.16/17, 第7表 No.10/11): five digits, a
/// hyphen, six digits (`00001-000010`), twelve characters.
///
/// The standard's example prints a full-width hyphen (`00001－000010`) while codes elsewhere
/// use the ASCII one, so both are accepted and neither is reported; the code remembers which
/// it was written with, so it is written back the same way. Two codes that differ only in
/// the hyphen are equal.
///
/// ```
/// use careplan_model::value::{EquipmentCode, Hyphen};
/// let a: EquipmentCode = "00001－000010".parse().unwrap();
/// let b: EquipmentCode = "00001-000010".parse().unwrap();
/// assert_eq!(a.hyphen(), Hyphen::FullWidth);
/// assert_eq!(a, b);
/// assert_eq!(a.to_string(), "00001－000010");
/// assert_eq!(a.with_hyphen(Hyphen::Ascii).to_string(), "00001-000010");
/// assert!("00001000010".parse::<EquipmentCode>().is_err());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct EquipmentCode {
    left: u32,
    right: u32,
    hyphen: Hyphen,
}

impl EquipmentCode {
    /// The number of characters.
    pub const LEN: usize = 12;

    /// A code from its two parts (at most five and six digits) and hyphen.
    pub const fn new(left: u32, right: u32, hyphen: Hyphen) -> Option<EquipmentCode> {
        if left <= 99_999 && right <= 999_999 {
            Some(EquipmentCode {
                left,
                right,
                hyphen,
            })
        } else {
            None
        }
    }

    /// The five-digit part.
    pub const fn left(self) -> u32 {
        self.left
    }

    /// The six-digit part.
    pub const fn right(self) -> u32 {
        self.right
    }

    /// The hyphen it is written with.
    pub const fn hyphen(self) -> Hyphen {
        self.hyphen
    }

    /// The same code written with another hyphen.
    pub const fn with_hyphen(self, hyphen: Hyphen) -> EquipmentCode {
        EquipmentCode { hyphen, ..self }
    }

    /// Parses without allocating.
    pub(crate) fn scan(s: &str) -> Result<EquipmentCode, Flaw> {
        digits::check_len(s, EquipmentCode::LEN)?;
        let left = digits::digits(s, 0, 5)?;
        let rest = s.get(5..).unwrap_or("");
        let (hyphen, at) = if rest.starts_with('-') {
            (Hyphen::Ascii, 6)
        } else if rest.starts_with('－') {
            (Hyphen::FullWidth, 5 + '－'.len_utf8())
        } else {
            return Err(digits::flaw_at(s, 5, "a hyphen"));
        };
        let right = digits::digits(s, at, s.len())?;
        Ok(EquipmentCode {
            left: u32::try_from(left).unwrap_or(0),
            right: u32::try_from(right).unwrap_or(0),
            hyphen,
        })
    }
}

impl PartialEq for EquipmentCode {
    /// Equal when the digits are; the hyphen is only how it is written.
    fn eq(&self, other: &EquipmentCode) -> bool {
        (self.left, self.right) == (other.left, other.right)
    }
}

impl Eq for EquipmentCode {}

impl Hash for EquipmentCode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.left, self.right).hash(state);
    }
}

impl PartialOrd for EquipmentCode {
    fn partial_cmp(&self, other: &EquipmentCode) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for EquipmentCode {
    fn cmp(&self, other: &EquipmentCode) -> Ordering {
        (self.left, self.right).cmp(&(other.left, other.right))
    }
}

impl fmt::Display for EquipmentCode {
    /// The code with the hyphen it was written with.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:05}{}{:06}",
            self.left,
            self.hyphen.as_char(),
            self.right
        )
    }
}

impl FromStr for EquipmentCode {
    type Err = ParseError;

    /// Parses `NNNNN-NNNNNN` with an ASCII or a full-width hyphen.
    fn from_str(s: &str) -> Result<EquipmentCode, ParseError> {
        EquipmentCode::scan(s).map_err(|flaw| {
            ParseError::new("TAISコード / 福祉用具届出コード (equipment code)", s, flaw)
        })
    }
}

super::serde_as_string!(EquipmentCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_hyphens_round_trip() {
        for s in ["00001-000010", "00001－000010", "99999-999999"] {
            assert_eq!(s.parse::<EquipmentCode>().unwrap().to_string(), s);
        }
        let c: EquipmentCode = "12345-678901".parse().unwrap();
        assert_eq!((c.left(), c.right()), (12345, 678901));
        assert_eq!(EquipmentCode::new(100_000, 0, Hyphen::Ascii), None);
    }

    #[test]
    fn rejects_with_the_part() {
        assert_eq!(
            "00001_000010"
                .parse::<EquipmentCode>()
                .unwrap_err()
                .into_kind(),
            Flaw::Character {
                position: 6,
                found: '_',
                expected: "a hyphen"
            }
        );
        assert_eq!(
            "00001ー000010"
                .parse::<EquipmentCode>()
                .unwrap_err()
                .into_kind(),
            Flaw::Character {
                position: 6,
                found: 'ー',
                expected: "a hyphen"
            }
        );
        assert_eq!(
            "0001-0000100"
                .parse::<EquipmentCode>()
                .unwrap_err()
                .into_kind(),
            Flaw::Character {
                position: 5,
                found: '-',
                expected: "a digit"
            }
        );
        assert_eq!(
            "00001-00001"
                .parse::<EquipmentCode>()
                .unwrap_err()
                .into_kind(),
            Flaw::Length {
                expected: 12,
                found: 11
            }
        );
    }

    #[test]
    fn serde_keeps_the_hyphen() {
        let c: EquipmentCode = serde_json::from_str("\"00001－000010\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"00001－000010\"");
    }
}
