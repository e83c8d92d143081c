//! `YearMonth`: a month of the calendar written `YYYYMM` (対象年月, CSVバージョン …).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::digits;
use super::error::{Flaw, ParseError};

/// A month of the calendar: a year (0–9999) and a month (1–12), written `YYYYMM`.
///
/// Special values some items allow (`000000` in 利用者補足情報 No.63) are not months and do
/// not parse; the layout engine accepts them only where the layout lists them.
///
/// ```
/// use careplan_model::value::YearMonth;
/// use chrono::NaiveDate;
/// let m: YearMonth = "202402".parse().unwrap();
/// assert_eq!((m.year(), m.month()), (2024, 2));
/// assert_eq!(m.days_in_month(), 29);
/// assert!(m.contains(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
/// assert_eq!(m.to_string(), "202402");
/// assert_eq!(m.next().to_string(), "202403");
/// assert!("202413".parse::<YearMonth>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: u16,
    month: u8,
}

impl YearMonth {
    /// The month `month` (1–12) of `year` (0–9999), or `None` if either is out of range.
    pub const fn new(year: u16, month: u8) -> Option<YearMonth> {
        if year <= 9999 && month >= 1 && month <= 12 {
            Some(YearMonth { year, month })
        } else {
            None
        }
    }

    /// The month a date falls in, or `None` for a year outside 0–9999.
    pub fn of(date: NaiveDate) -> Option<YearMonth> {
        let year = u16::try_from(date.year()).ok()?;
        let month = u8::try_from(date.month()).ok()?;
        YearMonth::new(year, month)
    }

    /// The year.
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The number of days of the month (28–31).
    pub const fn days_in_month(self) -> u8 {
        days_in_month(self.year, self.month)
    }

    /// The first day of the month.
    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(i32::from(self.year), u32::from(self.month), 1)
    }

    /// The last day of the month.
    pub fn last_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(
            i32::from(self.year),
            u32::from(self.month),
            u32::from(self.days_in_month()),
        )
    }

    /// The day `day` of the month, or `None` if the month has no such day.
    pub fn day(self, day: u8) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(i32::from(self.year), u32::from(self.month), u32::from(day))
    }

    /// Whether `date` falls in this month.
    pub fn contains(self, date: NaiveDate) -> bool {
        i32::from(self.year) == date.year() && u32::from(self.month) == date.month()
    }

    /// The following month (December 9999 stays put).
    pub const fn next(self) -> YearMonth {
        if self.month == 12 {
            if self.year >= 9999 {
                self
            } else {
                YearMonth {
                    year: self.year + 1,
                    month: 1,
                }
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The preceding month (January of year 0 stays put).
    pub const fn prev(self) -> YearMonth {
        if self.month == 1 {
            if self.year == 0 {
                self
            } else {
                YearMonth {
                    year: self.year - 1,
                    month: 12,
                }
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The number as written, e.g. `202407`.
    pub const fn as_number(self) -> u32 {
        self.year as u32 * 100 + self.month as u32
    }

    /// Parses `YYYYMM` without allocating; the error is the flaw only.
    pub(crate) fn scan(s: &str) -> Result<YearMonth, Flaw> {
        match YearMonth::scan_fast(s.as_bytes()) {
            Some(month) => Ok(month),
            None => YearMonth::scan_careful(s),
        }
    }

    /// The fast path of [`YearMonth::scan`], on the text's bytes: `None` for any flaw.
    #[inline(always)]
    pub(crate) fn scan_fast(bytes: &[u8]) -> Option<YearMonth> {
        let &[a, b, c, d, e, f] = bytes else {
            return None;
        };
        let ([hi, lo], month) = (digits::pairs4([a, b, c, d])?, digits::two(e, f)?);
        (1..=12).contains(&month).then(|| YearMonth {
            year: u16::from(hi) * 100 + u16::from(lo),
            month,
        })
    }

    /// [`YearMonth::scan`] step by step, for the flaw of a text the fast path rejected.
    #[cold]
    #[inline(never)]
    fn scan_careful(s: &str) -> Result<YearMonth, Flaw> {
        digits::check_len(s, 6)?;
        let year = digits::digits(s, 0, 4)?;
        let month = digits::digits(s, 4, 6)?;
        match (u16::try_from(year), u8::try_from(month)) {
            (Ok(year), Ok(month)) if (1..=12).contains(&month) => Ok(YearMonth { year, month }),
            _ => Err(Flaw::OutOfRange {
                part: "month",
                found: u32::try_from(month).unwrap_or(u32::MAX),
                min: 1,
                max: 12,
            }),
        }
    }
}

/// Whether `year` is a leap year of the Gregorian calendar.
pub(crate) const fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days of `month` (1–12) in `year`.
pub(crate) const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 => {
            if is_leap(year) {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for YearMonth {
    /// `YYYYMM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = ParseError;

    /// Parses `YYYYMM`: six ASCII digits, the month 01–12.
    fn from_str(s: &str) -> Result<YearMonth, ParseError> {
        YearMonth::scan(s).map_err(|flaw| ParseError::new("year-month (YYYYMM)", s, flaw))
    }
}

super::serde_as_string!(YearMonth);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_scan_equals_the_careful_scan() {
        for n in 0..1_000_000 {
            let s = format!("{n:06}");
            assert_eq!(YearMonth::scan(&s), YearMonth::scan_careful(&s), "{s}");
        }
        let alphabet = ['0', '1', '2', '9', 'a', '-', '１', ' '];
        for s in digits::texts(&alphabet, 4, 4, 8, 100_000) {
            assert_eq!(YearMonth::scan(&s), YearMonth::scan_careful(&s), "{s:?}");
        }
    }

    #[test]
    fn parses_and_prints() {
        let m: YearMonth = "000101".parse().unwrap();
        assert_eq!((m.year(), m.month()), (1, 1));
        assert_eq!(m.to_string(), "000101");
        assert_eq!("202407".parse::<YearMonth>().unwrap().as_number(), 202407);
    }

    #[test]
    fn rejects_with_the_part() {
        let e = "202400".parse::<YearMonth>().unwrap_err();
        assert_eq!(
            *e.kind(),
            Flaw::OutOfRange {
                part: "month",
                found: 0,
                min: 1,
                max: 12
            }
        );
        assert_eq!(
            "000000".parse::<YearMonth>().unwrap_err().into_kind(),
            Flaw::OutOfRange {
                part: "month",
                found: 0,
                min: 1,
                max: 12
            }
        );
        assert_eq!(
            "2024-1".parse::<YearMonth>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 5,
                found: '-',
                expected: "a digit"
            }
        );
        assert_eq!(
            "20241".parse::<YearMonth>().unwrap_err().into_kind(),
            Flaw::Length {
                expected: 6,
                found: 5
            }
        );
    }

    #[test]
    fn month_lengths() {
        let ml = |s: &str| s.parse::<YearMonth>().unwrap().days_in_month();
        assert_eq!(ml("202402"), 29);
        assert_eq!(ml("202302"), 28);
        assert_eq!(ml("190002"), 28);
        assert_eq!(ml("200002"), 29);
        assert_eq!(ml("202404"), 30);
        assert_eq!(ml("202412"), 31);
    }

    #[test]
    fn neighbours_and_dates() {
        let m = YearMonth::new(2024, 12).unwrap();
        assert_eq!(m.next(), YearMonth::new(2025, 1).unwrap());
        assert_eq!(m.next().prev(), m);
        assert_eq!(YearMonth::new(2024, 13), None);
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2024, 12, 31));
        assert_eq!(m.day(32), None);
        let d = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        assert!(!m.contains(d));
        assert_eq!(YearMonth::of(d), Some(m.next()));
    }

    #[test]
    fn serde_as_string() {
        let m = YearMonth::new(2024, 7).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"202407\"");
        assert_eq!(serde_json::from_str::<YearMonth>("\"202407\"").unwrap(), m);
        assert!(serde_json::from_str::<YearMonth>("\"202413\"").is_err());
    }
}
