//! The 対象年月 of a file name.

use std::fmt;
use std::str::FromStr;

use super::error::{NameError, NamePart, Reason};

/// The 対象年月 segment of a file name: a real month (YYYYMM, month 01–12), or `000000`,
/// which only UPHOSOKU carries when it goes with 第1表/第2表/第3表 (a plan set, not a month).
///
/// Whether `Unset` is allowed depends on the file kind; [`FileName`](super::FileName)
/// parsing and building check it.
///
/// ```
/// use careplan_csv::filename::NameMonth;
/// assert_eq!(NameMonth::parse("201912")?, NameMonth::Month { year: 2019, month: 12 });
/// assert_eq!(NameMonth::parse("000000")?, NameMonth::Unset);
/// assert_eq!(NameMonth::new(2025, 4)?.to_string(), "202504");
/// assert!(NameMonth::parse("201913").is_err());
/// # Ok::<(), careplan_csv::filename::NameError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameMonth {
    /// A real month.
    Month {
        /// The year, 1–9999.
        year: u16,
        /// The month, 1–12.
        month: u8,
    },
    /// `000000`: UPHOSOKU sent with a plan set (第1表/第2表/第3表).
    Unset,
}

impl NameMonth {
    /// A real month.
    ///
    /// # Errors
    /// A [`NameError`] of part [`NamePart::Month`] when the month is not 1–12 or the year not
    /// 1–9999.
    pub fn new(year: u16, month: u8) -> Result<NameMonth, NameError> {
        let m = NameMonth::Month { year, month };
        m.check()?;
        Ok(m)
    }

    /// Reads six digits: `YYYYMM`, or `000000` for [`NameMonth::Unset`].
    ///
    /// # Errors
    /// A [`NameError`] of part [`NamePart::Month`] naming what was found.
    pub fn parse(text: &str) -> Result<NameMonth, NameError> {
        let b = text.as_bytes();
        if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
            return Err(NameError::new(
                NamePart::Month,
                Reason::Digits { want: 6 },
                text,
            ));
        }
        if text == "000000" {
            return Ok(NameMonth::Unset);
        }
        let year = text.get(..4).and_then(|s| s.parse::<u16>().ok());
        let month = text.get(4..).and_then(|s| s.parse::<u8>().ok());
        match (year, month) {
            (Some(year), Some(month)) => {
                let m = NameMonth::Month { year, month };
                m.check().map_err(|_| bad(text))?;
                Ok(m)
            }
            _ => Err(bad(text)),
        }
    }

    /// Whether it is `000000`.
    pub fn is_unset(self) -> bool {
        self == NameMonth::Unset
    }

    /// Checks the ranges of a `Month` (its fields are public, so a caller can build any).
    pub(crate) fn check(self) -> Result<(), NameError> {
        match self {
            NameMonth::Unset => Ok(()),
            NameMonth::Month { year, month } => {
                if (1..=9999).contains(&year) && (1..=12).contains(&month) {
                    Ok(())
                } else {
                    Err(bad(&format!("{year:04}{month:02}")))
                }
            }
        }
    }
}

fn bad(text: &str) -> NameError {
    NameError::new(NamePart::Month, Reason::BadMonth, text)
}

impl fmt::Display for NameMonth {
    /// `YYYYMM`, or `000000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameMonth::Month { year, month } => write!(f, "{year:04}{month:02}"),
            NameMonth::Unset => f.write_str("000000"),
        }
    }
}

impl FromStr for NameMonth {
    type Err = NameError;

    /// The same as [`NameMonth::parse`].
    fn from_str(s: &str) -> Result<NameMonth, NameError> {
        NameMonth::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        assert_eq!(
            NameMonth::parse("202501").map(|m| m.to_string()),
            Ok("202501".to_string())
        );
        assert!(NameMonth::parse("202500").is_err());
        assert!(NameMonth::parse("000001").is_err());
        assert!(NameMonth::parse("20251").is_err());
        assert!(NameMonth::parse("2025-1").is_err());
        assert!(NameMonth::new(2025, 13).is_err());
        assert!(NameMonth::new(0, 1).is_err());
        let e = NameMonth::parse("201913").unwrap_err();
        assert_eq!(
            e.to_string(),
            "month (対象年月) must be YYYYMM with a month from 01 to 12, found 201913"
        );
        assert_eq!(
            e.message_ja(),
            "対象年月は YYYYMM（月は01～12）です。201913 でした"
        );
    }
}
