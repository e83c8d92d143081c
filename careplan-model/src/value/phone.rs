//! `PhoneNumber`: a telephone or fax number (format `phone`).

use std::fmt;
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};

/// A telephone number as written: ASCII digits, hyphens and parentheses, with at least one
/// digit (`03-0000-0000`, `03(0000)0000`, `0300000000`).
///
/// The standard gives these items no format and does not mark them free text. Hyphens
/// appear in its examples; parentheses are the other common Japanese way of setting off the
/// area code, so they are accepted too. Spaces, `+` and full-width characters are not.
///
/// ```
/// use careplan_model::value::PhoneNumber;
/// let p: PhoneNumber = "03-0000-0000".parse().unwrap();
/// assert_eq!(p.as_str(), "03-0000-0000");
/// assert_eq!(p.digits().collect::<String>(), "0300000000");
/// assert!("03(0000)0000".parse::<PhoneNumber>().is_ok());
/// assert!("03 0000 0000".parse::<PhoneNumber>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Its digits, without hyphens and parentheses.
    pub fn digits(&self) -> impl Iterator<Item = char> + '_ {
        self.0.chars().filter(char::is_ascii_digit)
    }

    /// Checks the text without allocating.
    pub(crate) fn scan(s: &str) -> Result<(), Flaw> {
        if s.is_empty() {
            return Err(Flaw::Empty);
        }
        let mut any_digit = false;
        for (i, b) in s.bytes().enumerate() {
            match b {
                b'0'..=b'9' => any_digit = true,
                b'-' | b'(' | b')' => {}
                _ => return Err(digits::flaw_at(s, i, "a digit, a hyphen or a parenthesis")),
            }
        }
        if any_digit {
            Ok(())
        } else {
            Err(digits::flaw_at(s, 0, "a digit"))
        }
    }
}

impl fmt::Display for PhoneNumber {
    /// As written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PhoneNumber {
    type Err = ParseError;

    /// Parses digits, hyphens and parentheses.
    fn from_str(s: &str) -> Result<PhoneNumber, ParseError> {
        PhoneNumber::scan(s)
            .map(|()| PhoneNumber(s.to_string()))
            .map_err(|flaw| ParseError::new("電話番号 (phone number)", s, flaw))
    }
}

super::serde_as_string!(PhoneNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        for s in [
            "0300000000",
            "03-0000-0000",
            "(03)0000-0000",
            "090-1234-5678",
        ] {
            assert_eq!(s.parse::<PhoneNumber>().unwrap().to_string(), s);
        }
        assert_eq!(
            "03-0000-000０"
                .parse::<PhoneNumber>()
                .unwrap_err()
                .into_kind(),
            Flaw::Character {
                position: 12,
                found: '０',
                expected: "a digit, a hyphen or a parenthesis"
            }
        );
        assert_eq!(
            "--".parse::<PhoneNumber>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 1,
                found: '-',
                expected: "a digit"
            }
        );
        assert_eq!(
            "".parse::<PhoneNumber>().unwrap_err().into_kind(),
            Flaw::Empty
        );
    }
}
