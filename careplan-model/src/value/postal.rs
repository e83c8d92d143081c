//! `PostalCode`: 郵便番号 written `XXX-XXXX`.

use std::fmt;
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};

/// A 郵便番号: three digits, an ASCII hyphen, four digits (`XXX-XXXX`, eight characters,
/// as the layouts state).
///
/// ```
/// use careplan_model::value::PostalCode;
/// let p: PostalCode = "100-0001".parse().unwrap();
/// assert_eq!(p.to_string(), "100-0001");
/// assert_eq!(p.value(), 1000001);
/// assert!("1000001".parse::<PostalCode>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PostalCode(u32);

impl PostalCode {
    /// The number of characters.
    pub const LEN: usize = 8;

    /// A postal code from its seven digits as a number, or `None` above 9999999.
    pub const fn new(value: u32) -> Option<PostalCode> {
        if value <= 9_999_999 {
            Some(PostalCode(value))
        } else {
            None
        }
    }

    /// The seven digits as a number.
    pub const fn value(self) -> u32 {
        self.0
    }

    /// Parses without allocating.
    pub(crate) fn scan(s: &str) -> Result<PostalCode, Flaw> {
        digits::check_len(s, PostalCode::LEN)?;
        let head = digits::digits(s, 0, 3)?;
        if s.as_bytes().get(3) != Some(&b'-') {
            return Err(digits::flaw_at(s, 3, "a hyphen"));
        }
        let tail = digits::digits(s, 4, s.len())?;
        Ok(PostalCode(u32::try_from(head * 10_000 + tail).unwrap_or(0)))
    }
}

impl fmt::Display for PostalCode {
    /// `XXX-XXXX`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:03}-{:04}", self.0 / 10_000, self.0 % 10_000)
    }
}

impl FromStr for PostalCode {
    type Err = ParseError;

    /// Parses `XXX-XXXX`.
    fn from_str(s: &str) -> Result<PostalCode, ParseError> {
        PostalCode::scan(s)
            .map_err(|flaw| ParseError::new("郵便番号 (postal code, XXX-XXXX)", s, flaw))
    }
}

super::serde_as_string!(PostalCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form() {
        assert_eq!(
            "001-0000".parse::<PostalCode>().unwrap().to_string(),
            "001-0000"
        );
        assert_eq!(
            "100－0001".parse::<PostalCode>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 4,
                found: '－',
                expected: "a hyphen"
            }
        );
        assert_eq!(
            "1000001".parse::<PostalCode>().unwrap_err().into_kind(),
            Flaw::Length {
                expected: 8,
                found: 7
            }
        );
        assert_eq!(PostalCode::new(10_000_000), None);
    }
}
