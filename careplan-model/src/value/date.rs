//! Dates written `YYYYMMDD`, held as [`chrono::NaiveDate`].

use chrono::{Datelike, NaiveDate};

use super::digits;
use super::error::{Flaw, ParseError};
use super::year_month::days_in_month;

const WHAT: &str = "date (YYYYMMDD)";

/// Parses a date written `YYYYMMDD` (eight ASCII digits naming a day of the calendar).
///
/// The error names the part that is wrong: the length, a character, the month, or the day
/// (`20240230`: the day 30 is not between 1 and 29). Special values some items allow
/// (`00000000`) are not dates and do not parse.
pub(crate) fn parse_yyyymmdd(s: &str) -> Result<NaiveDate, ParseError> {
    scan_date(s).map_err(|flaw| ParseError::new(WHAT, s, flaw))
}

/// Parses `YYYYMMDD` without allocating.
pub(crate) fn scan_date(s: &str) -> Result<NaiveDate, Flaw> {
    let (year, month, day) = date_parts(s)?;
    NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day)).ok_or(
        Flaw::OutOfRange {
            part: "year",
            found: u32::from(year),
            min: 0,
            max: 9999,
        },
    )
}

/// Checks `YYYYMMDD` and returns year, month and day, a day of the calendar (the layout
/// engine stops here: every such day is a `NaiveDate`).
pub(crate) fn date_parts(s: &str) -> Result<(u16, u8, u8), Flaw> {
    match date_parts_fast(s.as_bytes()) {
        Some(parts) => Ok(parts),
        None => date_parts_careful(s),
    }
}

/// The fast path of [`date_parts`], on the text's bytes: `None` for any flaw.
#[inline(always)]
pub(crate) fn date_parts_fast(bytes: &[u8]) -> Option<(u16, u8, u8)> {
    let [hi, lo, month, day] = digits::pairs8(<[u8; 8]>::try_from(bytes).ok()?)?;
    let year = u16::from(hi) * 100 + u16::from(lo);
    let fits = day >= 1 && (day <= 28 || day <= days_in_month(year, month));
    ((1..=12).contains(&month) && fits).then_some((year, month, day))
}

/// [`date_parts`] step by step, for the flaw of a text the fast path rejected.
#[cold]
#[inline(never)]
fn date_parts_careful(s: &str) -> Result<(u16, u8, u8), Flaw> {
    digits::check_len(s, 8)?;
    let year = digits::digits(s, 0, 4)?;
    let month = digits::digits(s, 4, 6)?;
    let day = digits::digits(s, 6, 8)?;
    // Four and two digits always fit.
    let year = u16::try_from(year).unwrap_or(0);
    let month = u8::try_from(month).unwrap_or(0);
    let day = u8::try_from(day).unwrap_or(0);
    if !(1..=12).contains(&month) {
        return Err(Flaw::OutOfRange {
            part: "month",
            found: u32::from(month),
            min: 1,
            max: 12,
        });
    }
    let max = days_in_month(year, month);
    if !(1..=max).contains(&day) {
        return Err(Flaw::OutOfRange {
            part: "day",
            found: u32::from(day),
            min: 1,
            max: u32::from(max),
        });
    }
    Ok((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_date_parts_equal_the_careful_scan() {
        for year in [
            "0000", "0001", "1900", "2000", "2023", "2024", "2100", "9999",
        ] {
            for md in 0..10_000 {
                let s = format!("{year}{md:04}");
                assert_eq!(date_parts(&s), date_parts_careful(&s), "{s}");
            }
        }
        let alphabet = ['0', '1', '2', '3', '9', 'a', '/', '１', ' '];
        for s in digits::texts(&alphabet, 5, 4, 10, 200_000) {
            assert_eq!(date_parts(&s), date_parts_careful(&s), "{s:?}");
        }
    }

    #[test]
    fn real_dates_only() {
        assert!(parse_yyyymmdd("20240229").is_ok());
        assert!(parse_yyyymmdd("00010101").is_ok());
        assert_eq!(
            parse_yyyymmdd("20230229").unwrap_err().into_kind(),
            Flaw::OutOfRange {
                part: "day",
                found: 29,
                min: 1,
                max: 28
            }
        );
        assert_eq!(
            parse_yyyymmdd("20241301").unwrap_err().into_kind(),
            Flaw::OutOfRange {
                part: "month",
                found: 13,
                min: 1,
                max: 12
            }
        );
        assert_eq!(
            parse_yyyymmdd("00000000").unwrap_err().into_kind(),
            Flaw::OutOfRange {
                part: "month",
                found: 0,
                min: 1,
                max: 12
            }
        );
        assert_eq!(
            parse_yyyymmdd("2024/2/1").unwrap_err().into_kind(),
            Flaw::Character {
                position: 5,
                found: '/',
                expected: "a digit"
            }
        );
        assert_eq!(parse_yyyymmdd("").unwrap_err().into_kind(), Flaw::Empty);
    }

    #[test]
    fn round_trip() {
        for s in ["20191001", "20240229", "99991231", "00000101"] {
            assert_eq!(Date(parse_yyyymmdd(s).unwrap()).to_string(), s);
        }
    }
}

/// A day of the calendar written `YYYYMMDD`: a [`chrono::NaiveDate`] that reads and writes
/// (and serializes) in the standard's form.
///
/// ```
/// use careplan_model::value::Date;
/// let d: Date = "20250401".parse().unwrap();
/// assert_eq!(d.to_string(), "20250401");
/// assert_eq!(d.naive().to_string(), "2025-04-01");
/// assert!("20250431".parse::<Date>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// The date of a `NaiveDate`, if its year has four digits.
    pub fn new(date: NaiveDate) -> Option<Date> {
        (0..=9999).contains(&date.year()).then_some(Date(date))
    }

    /// The date `year-month-day`, if it is a day of the calendar.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Date> {
        NaiveDate::from_ymd_opt(i32::from(year), u32::from(month), u32::from(day))
            .and_then(Date::new)
    }

    /// [`Date::from_ymd`] of a day the layout engine found in an item, remembered per
    /// thread: a file's records repeat a few days (the file's 作成年月日, the month's
    /// service days), and each is made by `chrono` once, then found in a table of 32 days
    /// by its day of the month (the last day made of each wins its place). The same date
    /// as [`Date::from_ymd`], or none, whatever was asked before.
    #[inline]
    pub(crate) fn from_ymd_remembered(year: u16, month: u8, day: u8) -> Option<Date> {
        // Every year, month and day has its own key; no key is 0, the table's empty place.
        let key = 1 << 32 | u64::from(year) << 16 | u64::from(month) << 8 | u64::from(day);
        DAYS.with(|days| {
            let place = &days[usize::from(day) % DAYS_KEPT];
            match place.get() {
                (k, date) if k == key => Some(date),
                _ => {
                    let date = Date::from_ymd(year, month, day)?;
                    place.set((key, date));
                    Some(date)
                }
            }
        })
    }

    /// The `chrono` date.
    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// The year-month the date is in.
    pub fn year_month(self) -> super::YearMonth {
        match super::YearMonth::of(self.0) {
            Some(m) => m,
            // A Date's year has four digits (checked in `new` and by parsing).
            None => unreachable!("a Date's year is within 0-9999"),
        }
    }

    /// The day of the month (1-31).
    pub fn day(self) -> u8 {
        u8::try_from(self.0.day()).unwrap_or(1)
    }
}

/// The days [`Date::from_ymd_remembered`] keeps per thread.
const DAYS_KEPT: usize = 32;

thread_local! {
    /// The last day made of each day of the month (`day % 32`), by its key (0: none yet).
    static DAYS: [std::cell::Cell<(u64, Date)>; DAYS_KEPT] =
        const { [const { std::cell::Cell::new((0, Date(NaiveDate::MIN))) }; DAYS_KEPT] };
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl std::str::FromStr for Date {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Date, ParseError> {
        parse_yyyymmdd(s).map(Date)
    }
}

super::serde_as_string!(Date);

#[cfg(test)]
mod remembered_days {
    use super::*;

    /// Remembered days are `chrono`'s, asked in any order: every day of ordinary, leap and
    /// century years, each twice in a row and again after the others (found in the table,
    /// or put out of its place by a day of another month), and texts that are no day
    /// (month 0 or 13, day 0 or past the month's end, every u8) give none.
    #[test]
    fn remembered_days_are_chronos_days() {
        let years = [
            0,
            1,
            1900,
            2000,
            2023,
            2024,
            2025,
            2100,
            9999,
            10_000,
            u16::MAX,
        ];
        let mut asked = 0;
        for _ in 0..2 {
            for year in years {
                for month in 0..=u8::MAX {
                    for day in 0..=u8::MAX {
                        let chrono = NaiveDate::from_ymd_opt(
                            i32::from(year),
                            u32::from(month),
                            u32::from(day),
                        )
                        .filter(|d| d.year() <= 9999);
                        for _ in 0..2 {
                            let remembered = Date::from_ymd_remembered(year, month, day);
                            assert_eq!(remembered.map(Date::naive), chrono, "{year} {month} {day}");
                            assert_eq!(remembered, Date::from_ymd(year, month, day));
                            asked += usize::from(chrono.is_some());
                        }
                    }
                }
            }
        }
        // Every day of the nine years of four digits, twice, twice over.
        assert_eq!(asked, 4 * (6 * 365 + 3 * 366));
        // Two days of one place taken in turn (the 1st of two months).
        for _ in 0..3 {
            for month in [3, 4] {
                let date = Date::from_ymd_remembered(2025, month, 1).map(Date::naive);
                assert_eq!(date, NaiveDate::from_ymd_opt(2025, u32::from(month), 1));
            }
        }
    }
}

#[cfg(test)]
mod parse_yyyymmdd_examples {
    #[test]
    fn parse_yyyymmdd_example() {
        use super::parse_yyyymmdd;
        use crate::value::Flaw;
        use chrono::NaiveDate;
        assert_eq!(
            parse_yyyymmdd("20240229").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        let err = parse_yyyymmdd("20240230").unwrap_err();
        assert_eq!(
            err.into_kind(),
            Flaw::OutOfRange {
                part: "day",
                found: 30,
                min: 1,
                max: 29
            }
        );
    }
}
