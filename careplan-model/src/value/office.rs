//! `OfficeNumber`: the 10-digit 事業所番号 (サービス事業者コード, 更新業者コード …).

use std::fmt;
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};

/// A 事業所番号: exactly ten ASCII digits, leading zeros significant.
///
/// The items that hold one are named …事業者コード, …事業所コード, …業者コード or
/// 同意書受付業者 in the layouts. `9999999999` (ALL9, the grand-total row of 第7表) is ten
/// digits and parses like any other number.
///
/// ```
/// use careplan_model::value::OfficeNumber;
/// let n: OfficeNumber = "0300000100".parse().unwrap();
/// assert_eq!(n.to_string(), "0300000100");
/// assert!(!n.is_all_nines());
/// assert!("123456789".parse::<OfficeNumber>().is_err()); // 9 digits: a typo of the standard's examples
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OfficeNumber(u64);

impl OfficeNumber {
    /// The number of digits.
    pub const LEN: usize = 10;

    /// `9999999999`, the ALL9 value of 第7表's grand-total row.
    pub const ALL_NINES: OfficeNumber = OfficeNumber(9_999_999_999);

    /// The number from its value (0–9999999999), or `None` if it has more than ten digits.
    pub const fn new(value: u64) -> Option<OfficeNumber> {
        if value <= 9_999_999_999 {
            Some(OfficeNumber(value))
        } else {
            None
        }
    }

    /// The number as an integer (leading zeros are lost; use `Display` for the text).
    pub const fn value(self) -> u64 {
        self.0
    }

    /// Whether it is `9999999999`.
    pub const fn is_all_nines(self) -> bool {
        self.0 == OfficeNumber::ALL_NINES.0
    }

    /// Parses ten digits without allocating.
    pub(crate) fn scan(s: &str) -> Result<OfficeNumber, Flaw> {
        digits::fixed(s, OfficeNumber::LEN).map(OfficeNumber)
    }

    /// The fast path of [`OfficeNumber::scan`], on the text's bytes: `None` for any flaw.
    #[inline(always)]
    pub(crate) fn scan_fast(bytes: &[u8]) -> Option<OfficeNumber> {
        digits::fixed_fast(bytes, OfficeNumber::LEN).map(OfficeNumber)
    }
}

impl fmt::Display for OfficeNumber {
    /// Ten digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:010}", self.0)
    }
}

impl FromStr for OfficeNumber {
    type Err = ParseError;

    /// Parses exactly ten ASCII digits.
    fn from_str(s: &str) -> Result<OfficeNumber, ParseError> {
        OfficeNumber::scan(s).map_err(|flaw| ParseError::new("事業所番号 (office number)", s, flaw))
    }
}

super::serde_as_string!(OfficeNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_digits() {
        assert_eq!("0000000001".parse::<OfficeNumber>().unwrap().value(), 1);
        assert!("9999999999".parse::<OfficeNumber>().unwrap().is_all_nines());
        assert_eq!(
            "03000001000"
                .parse::<OfficeNumber>()
                .unwrap_err()
                .into_kind(),
            Flaw::Length {
                expected: 10,
                found: 11
            }
        );
        assert_eq!(OfficeNumber::new(10_000_000_000), None);
        assert_eq!(OfficeNumber::new(7).unwrap().to_string(), "0000000007");
        let n: OfficeNumber = serde_json::from_str("\"0300000005\"").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"0300000005\"");
    }
}
