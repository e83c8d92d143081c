//! 事業所番号 (office numbers) as they appear in file names.

use std::fmt;
use std::str::FromStr;

use super::error::{NameError, NamePart, Reason};

/// A 10-digit 事業所番号, kept digit for digit.
///
/// [`OfficeNumber::new`] accepts exactly ten ASCII digits. Lenient name reading also keeps
/// the 9-digit numbers of the standard's own §2.4 examples (LEGACY.md), so a name read that
/// way writes back as it was; [`is_standard`](OfficeNumber::is_standard) tells them apart,
/// and the builder refuses them.
///
/// ```
/// use careplan_csv::filename::OfficeNumber;
/// let n = OfficeNumber::new("0300000100")?;
/// assert_eq!(n.as_str(), "0300000100");
/// assert!(n.is_standard());
/// assert_eq!(
///     OfficeNumber::new("123456789").unwrap_err().to_string(),
///     "office number must be 10 digits, found 9: 123456789"
/// );
/// # Ok::<(), careplan_csv::filename::NameError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OfficeNumber {
    digits: [u8; 10],
    len: u8,
}

impl OfficeNumber {
    /// An office number from exactly ten ASCII digits.
    ///
    /// # Errors
    /// A [`NameError`] of part [`NamePart::Office`] naming what was found.
    pub fn new(digits: &str) -> Result<OfficeNumber, NameError> {
        OfficeNumber::read(digits, false)
    }

    /// Ten digits, or nine when `allow_nine` (lenient reading of the standard's typo).
    pub(crate) fn read(digits: &str, allow_nine: bool) -> Result<OfficeNumber, NameError> {
        let bytes = digits.as_bytes();
        let ok_len = bytes.len() == 10 || (allow_nine && bytes.len() == 9);
        if !ok_len || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(NameError::new(
                NamePart::Office,
                Reason::Digits { want: 10 },
                digits,
            ));
        }
        let mut out = [0u8; 10];
        for (slot, b) in out.iter_mut().zip(bytes) {
            *slot = *b;
        }
        Ok(OfficeNumber {
            digits: out,
            len: if bytes.len() == 10 { 10 } else { 9 },
        })
    }

    /// The digits as written.
    pub fn as_str(&self) -> &str {
        let digits = self.digits.get(..usize::from(self.len)).unwrap_or(&[]);
        std::str::from_utf8(digits).unwrap_or("")
    }

    /// Whether it has the standard's ten digits (false only for a 9-digit number kept by
    /// lenient reading).
    pub fn is_standard(&self) -> bool {
        self.len == 10
    }
}

impl fmt::Debug for OfficeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OfficeNumber({:?})", self.as_str())
    }
}

impl fmt::Display for OfficeNumber {
    /// The digits as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OfficeNumber {
    type Err = NameError;

    /// The same as [`OfficeNumber::new`].
    fn from_str(s: &str) -> Result<OfficeNumber, NameError> {
        OfficeNumber::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_digits_only_unless_lenient() {
        assert!(OfficeNumber::new("0300000100").is_ok());
        assert!(OfficeNumber::new("030000010").is_err());
        assert!(OfficeNumber::new("03000001000").is_err());
        assert!(OfficeNumber::new("03000001O0").is_err());
        assert!(OfficeNumber::new("０３００００１００").is_err());
        let nine = OfficeNumber::read("123456789", true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(nine.as_str(), "123456789");
        assert!(!nine.is_standard());
        assert!(OfficeNumber::read("12345678", true).is_err());
    }
}
