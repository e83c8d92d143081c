//! The ファイル連番: the 14-digit YYYYMMDDHHMMSS that names a transmission unit.

use std::fmt;
use std::str::FromStr;

use super::error::{NameFlaw, NamePart, Reason};
use crate::error::Error;

/// The ファイル連番 of a file name: 14 digits YYYYMMDDHHMMSS that are a real date and time.
///
/// Files sent together share it, and units are processed in its order, so `Sequence` is
/// [`Ord`]: earlier numbers sort first. It keeps its digits exactly.
///
/// Lenient name reading also keeps the 15-digit numbers of the standard's own §2.5 examples
/// (LEGACY.md) when their first 14 digits are a date and time;
/// [`is_standard`](Sequence::is_standard) tells them apart, they sort by their digits as
/// text, and the builder refuses them.
///
/// ```
/// use careplan_csv::Sequence;
/// let s = Sequence::parse("20191025200201")?;
/// assert_eq!(s, Sequence::from_datetime(2019, 10, 25, 20, 2, 1)?);
/// assert_eq!((s.year(), s.month(), s.day()), (2019, 10, 25));
/// assert_eq!(s.next().map(|n| n.to_string()).as_deref(), Some("20191025200202"));
/// assert!(s < s.next().unwrap());
/// assert!(Sequence::parse("20191325200201").is_err());
/// # Ok::<(), careplan_csv::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sequence {
    // ASCII digits, zero-padded after `len`: comparing the array compares the text.
    digits: [u8; 15],
    len: u8,
}

impl Sequence {
    /// Reads exactly 14 digits that are a real date and time.
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](crate::ErrorKind::InvalidName), of part
    /// [`NamePart::Sequence`], naming what was found.
    pub fn parse(text: &str) -> Result<Sequence, Error> {
        Ok(Sequence::read(text, false)?)
    }

    /// 14 digits, or 15 when `allow_fifteen` (lenient reading of the standard's typo).
    pub(crate) fn read(text: &str, allow_fifteen: bool) -> Result<Sequence, NameFlaw> {
        let bytes = text.as_bytes();
        let ok_len = bytes.len() == 14 || (allow_fifteen && bytes.len() == 15);
        if !ok_len || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(NameFlaw::new(
                NamePart::Sequence,
                Reason::Digits { want: 14 },
                text,
            ));
        }
        let mut digits = [0u8; 15];
        for (slot, b) in digits.iter_mut().zip(bytes) {
            *slot = *b;
        }
        let s = Sequence {
            digits,
            len: if bytes.len() == 14 { 14 } else { 15 },
        };
        if !s.is_real() {
            return Err(NameFlaw::new(NamePart::Sequence, Reason::BadSequence, text));
        }
        Ok(s)
    }

    /// The sequence number of a date and time.
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](crate::ErrorKind::InvalidName), of part
    /// [`NamePart::Sequence`], when it is not a real date and time
    /// with a year from 1 to 9999.
    pub fn from_datetime(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Result<Sequence, Error> {
        Sequence::parse(&format!(
            "{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}"
        ))
    }

    /// The sequence number one second later, in the standard's 14-digit form: a writer that
    /// builds several units in one run hands out distinct, increasing numbers with it
    /// (PITFALLS: two exports in the same second). `None` after 9999-12-31 23:59:59.
    pub fn next(&self) -> Option<Sequence> {
        let (mut y, mut mo, mut d, mut h, mut mi, mut s) = (
            self.year(),
            self.month(),
            self.day(),
            self.hour(),
            self.minute(),
            self.second(),
        );
        s += 1;
        if s == 60 {
            s = 0;
            mi += 1;
        }
        if mi == 60 {
            mi = 0;
            h += 1;
        }
        if h == 24 {
            h = 0;
            d += 1;
        }
        if d > days_in_month(y, mo) {
            d = 1;
            mo += 1;
        }
        if mo == 13 {
            mo = 1;
            y += 1;
        }
        if y > 9999 {
            return None;
        }
        Sequence::from_datetime(y, mo, d, h, mi, s).ok()
    }

    /// The digits as written.
    pub fn as_str(&self) -> &str {
        let digits = self.digits.get(..usize::from(self.len)).unwrap_or(&[]);
        std::str::from_utf8(digits).unwrap_or("")
    }

    /// Whether it has the standard's 14 digits (false only for a 15-digit number kept by
    /// lenient reading).
    pub fn is_standard(&self) -> bool {
        self.len == 14
    }

    /// The number of digits `from..from + 2` (or 4 for the year) as a value.
    fn num(&self, from: usize, len: usize) -> u16 {
        self.digits
            .iter()
            .skip(from)
            .take(len)
            .fold(0u16, |acc, b| {
                acc * 10 + u16::from(b.wrapping_sub(b'0') % 10)
            })
    }

    fn small(&self, from: usize) -> u8 {
        u8::try_from(self.num(from, 2)).unwrap_or(0)
    }

    /// The year (YYYY).
    pub fn year(&self) -> u16 {
        self.num(0, 4)
    }

    /// The month (1–12).
    pub fn month(&self) -> u8 {
        self.small(4)
    }

    /// The day of the month.
    pub fn day(&self) -> u8 {
        self.small(6)
    }

    /// The hour (0–23).
    pub fn hour(&self) -> u8 {
        self.small(8)
    }

    /// The minute (0–59).
    pub fn minute(&self) -> u8 {
        self.small(10)
    }

    /// The second (0–59).
    pub fn second(&self) -> u8 {
        self.small(12)
    }

    /// Whether the first 14 digits are a real date and time, year 1–9999.
    fn is_real(&self) -> bool {
        let (y, mo, d) = (self.year(), self.month(), self.day());
        y >= 1
            && (1..=12).contains(&mo)
            && d >= 1
            && d <= days_in_month(y, mo)
            && self.hour() < 24
            && self.minute() < 60
            && self.second() < 60
    }
}

/// Days in a month of the Gregorian calendar (0 for a month outside 1–12).
fn days_in_month(year: u16, month: u8) -> u8 {
    careplan_model::value::YearMonth::new(year, month).map_or(0, |m| m.days_in_month())
}

impl fmt::Debug for Sequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sequence({:?})", self.as_str())
    }
}

impl fmt::Display for Sequence {
    /// The digits as written (14 for every standard number).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Sequence {
    type Err = Error;

    /// The same as [`Sequence::parse`].
    fn from_str(s: &str) -> Result<Sequence, Error> {
        Sequence::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str) -> Sequence {
        Sequence::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn calendar_is_checked() {
        assert!(Sequence::parse("20240229235959").is_ok());
        assert!(Sequence::parse("20230229000000").is_err());
        assert!(Sequence::parse("19000229000000").is_err());
        assert!(Sequence::parse("20000229000000").is_ok());
        assert!(Sequence::parse("20191025240000").is_err());
        assert!(Sequence::parse("20191025236000").is_err());
        assert!(Sequence::parse("20191025235960").is_err());
        assert!(Sequence::parse("00001025235959").is_err());
        assert!(Sequence::parse("20191000000000").is_err());
        assert!(Sequence::parse("2019102520020").is_err());
        assert!(Sequence::parse("2019102520020A").is_err());
        let e = Sequence::parse("20191325200201").unwrap_err();
        assert_eq!(
            e.to_string(),
            "file sequence number must be a real date and time in 14 digits (year, month, day, hour, minute, second), found 20191325200201"
        );
    }

    #[test]
    fn next_carries_through_every_field() {
        assert_eq!(seq("20191025200259").next(), Some(seq("20191025200300")));
        assert_eq!(seq("20191025235959").next(), Some(seq("20191026000000")));
        assert_eq!(seq("20240228235959").next(), Some(seq("20240229000000")));
        assert_eq!(seq("20230228235959").next(), Some(seq("20230301000000")));
        assert_eq!(seq("20191231235959").next(), Some(seq("20200101000000")));
        assert_eq!(seq("99991231235959").next(), None);
    }

    #[test]
    fn fifteen_digits_only_when_lenient() {
        assert!(Sequence::parse("201911110102233").is_err());
        let s = Sequence::read("201911110102233", true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.as_str(), "201911110102233");
        assert!(!s.is_standard());
        assert_eq!(s.next(), Some(seq("20191111010224")));
        assert!(seq("20191111010223") < s);
        assert!(s < seq("20191111010224"));
        assert!(Sequence::read("209911310102233", true).is_err());
    }

    #[test]
    fn order_is_chronological() {
        let mut v = [
            seq("20200101000000"),
            seq("20191025200201"),
            seq("20191025200200"),
        ];
        v.sort();
        let texts: Vec<String> = v.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            texts,
            ["20191025200200", "20191025200201", "20200101000000"]
        );
    }
}
