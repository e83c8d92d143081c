//! `DayMask`: the 31-character 0/1 day mask of 第6表 No.11 日割対象日.

use std::fmt;
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};
use super::year_month::YearMonth;

/// The 日割対象日 mask: 31 characters, the n-th is `1` when day n of the month can be billed
/// pro rata, `0` otherwise (`1111100000000000000000000000000` = days 1–5).
///
/// A mask may mark days 29–31 that a given month lacks; [`DayMask::fits`] checks that
/// against the record's month.
///
/// ```
/// use careplan_model::value::{DayMask, YearMonth};
/// let m: DayMask = "1111100000000000000000000000000".parse().unwrap();
/// assert!(m.day(1) && m.day(5) && !m.day(6));
/// assert_eq!(m.days().collect::<Vec<_>>(), vec![1, 2, 3, 4, 5]);
/// assert_eq!(m.to_string(), "1111100000000000000000000000000");
/// let feb: YearMonth = "202502".parse().unwrap();
/// assert!(m.fits(feb));
/// let late = DayMask::from_days([30]).unwrap();
/// assert_eq!(late.first_day_beyond(feb), Some(30));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct DayMask {
    /// Bit n-1 is day n.
    bits: u32,
}

impl DayMask {
    /// The number of characters of the mask.
    pub const LEN: usize = 31;

    /// A mask of no days (`000…0`).
    pub const NONE: DayMask = DayMask { bits: 0 };

    /// A mask of the given days (each 1–31), or `None` if a day is out of range.
    pub fn from_days<I: IntoIterator<Item = u8>>(days: I) -> Option<DayMask> {
        let mut bits = 0u32;
        for d in days {
            if !(1..=31).contains(&d) {
                return None;
            }
            bits |= 1 << (d - 1);
        }
        Some(DayMask { bits })
    }

    /// Whether day `day` (1–31) is marked; `false` for any other number.
    pub const fn day(self, day: u8) -> bool {
        day >= 1 && day <= 31 && self.bits & (1 << (day - 1)) != 0
    }

    /// The marked days, in order.
    pub fn days(self) -> impl Iterator<Item = u8> {
        (1..=31u8).filter(move |&d| self.day(d))
    }

    /// The number of marked days.
    pub const fn count(self) -> u32 {
        self.bits.count_ones()
    }

    /// Whether no day is marked.
    pub const fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The first marked day that `month` does not have (29–31), if any.
    pub fn first_day_beyond(self, month: YearMonth) -> Option<u8> {
        let len = month.days_in_month();
        self.days().find(|&d| d > len)
    }

    /// Whether every marked day exists in `month`.
    pub fn fits(self, month: YearMonth) -> bool {
        self.first_day_beyond(month).is_none()
    }

    /// Parses the 31 characters without allocating.
    pub(crate) fn scan(s: &str) -> Result<DayMask, Flaw> {
        digits::check_len(s, DayMask::LEN)?;
        let mut bits = 0u32;
        for (i, b) in s.bytes().enumerate() {
            match b {
                b'0' => {}
                b'1' => bits |= 1 << i,
                _ => return Err(digits::flaw_at(s, i, "0 or 1")),
            }
        }
        Ok(DayMask { bits })
    }
}

impl fmt::Display for DayMask {
    /// 31 characters of `0` and `1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = [b'0'; DayMask::LEN];
        for d in self.days() {
            if let Some(c) = s.get_mut(usize::from(d) - 1) {
                *c = b'1';
            }
        }
        f.write_str(std::str::from_utf8(&s).unwrap_or_default())
    }
}

impl FromStr for DayMask {
    type Err = ParseError;

    /// Parses exactly 31 characters of `0` and `1`.
    fn from_str(s: &str) -> Result<DayMask, ParseError> {
        DayMask::scan(s).map_err(|flaw| ParseError::new("day mask (31 × 0/1)", s, flaw))
    }
}

super::serde_as_string!(DayMask);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        let s = "1000000000000000000000000000001";
        let m: DayMask = s.parse().unwrap();
        assert_eq!(m.days().collect::<Vec<_>>(), vec![1, 31]);
        assert_eq!(m.count(), 2);
        assert_eq!(m.to_string(), s);
        assert_eq!(DayMask::NONE.to_string(), "0".repeat(31));
        assert!(DayMask::NONE.is_empty());
        assert!(!m.day(0) && !m.day(32));
    }

    #[test]
    fn rejects_with_the_part() {
        assert_eq!(
            "111".parse::<DayMask>().unwrap_err().into_kind(),
            Flaw::Length {
                expected: 31,
                found: 3
            }
        );
        let bad = format!("{}2{}", "0".repeat(9), "0".repeat(21));
        assert_eq!(
            bad.parse::<DayMask>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 10,
                found: '2',
                expected: "0 or 1"
            }
        );
        assert_eq!(DayMask::from_days([0]), None);
        assert_eq!(DayMask::from_days([32]), None);
    }

    #[test]
    fn month_lengths() {
        let m = DayMask::from_days([29]).unwrap();
        assert!(m.fits(YearMonth::new(2024, 2).unwrap()));
        assert_eq!(
            m.first_day_beyond(YearMonth::new(2023, 2).unwrap()),
            Some(29)
        );
        let m = DayMask::from_days([31]).unwrap();
        assert!(!m.fits(YearMonth::new(2024, 4).unwrap()));
        assert!(m.fits(YearMonth::new(2024, 5).unwrap()));
    }
}
