//! Handing out sequence numbers to the units a writer builds in one run.

use std::iter::FusedIterator;

use careplan_csv::{Error, Sequence};
use chrono::{Datelike, NaiveDateTime, Timelike};

/// Hands out distinct, strictly increasing sequence numbers (ファイル連番), one per unit,
/// starting from a given time.
///
/// Files of one unit share a sequence number and different units must not, or the
/// receiver merges them (PITFALLS: two exports in the same second). A writer that builds
/// several units in one run takes a number from the allocator for each: the first is the
/// start time, each next one a second later ([`Sequence::next`]), so a run of many units
/// runs ahead of the clock. [`skip_past`](SequenceAllocator::skip_past) moves past numbers
/// already used (the last run's, the files already in an outbox).
///
/// It is an [`Iterator`]; it ends only after 9999-12-31 23:59:59.
///
/// ```
/// use careplan_bundle::SequenceAllocator;
/// use careplan_csv::Sequence;
/// let mut seq = SequenceAllocator::new(Sequence::parse("20241125235959")?);
/// assert_eq!(seq.next().map(|s| s.to_string()).as_deref(), Some("20241125235959"));
/// assert_eq!(seq.next().map(|s| s.to_string()).as_deref(), Some("20241126000000"));
/// // The previous run got as far as 10 seconds past midnight.
/// seq.skip_past(Sequence::parse("20241126000010")?);
/// assert_eq!(seq.next().map(|s| s.to_string()).as_deref(), Some("20241126000011"));
/// # Ok::<(), careplan_csv::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct SequenceAllocator {
    next: Option<Sequence>,
}

impl SequenceAllocator {
    /// An allocator whose first number is `start`. A 15-digit number kept by lenient reading
    /// is never handed out: the first number is then the next 14-digit one after it.
    pub fn new(start: Sequence) -> SequenceAllocator {
        let next = if start.is_standard() {
            Some(start)
        } else {
            start.next()
        };
        SequenceAllocator { next }
    }

    /// An allocator whose first number is the second of `time` (fractions dropped), e.g. the
    /// local time of the export.
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](careplan_csv::ErrorKind::InvalidName) when the year is outside 1–9999.
    ///
    /// ```
    /// use careplan_bundle::SequenceAllocator;
    /// use chrono::NaiveDate;
    /// let time = NaiveDate::from_ymd_opt(2024, 11, 25)
    ///     .and_then(|d| d.and_hms_milli_opt(10, 0, 0, 999))
    ///     .unwrap();
    /// let mut seq = SequenceAllocator::from_datetime(time)?;
    /// assert_eq!(seq.peek().map(|s| s.to_string()).as_deref(), Some("20241125100000"));
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn from_datetime(time: NaiveDateTime) -> Result<SequenceAllocator, Error> {
        // A year that does not fit u16 becomes 0, which `from_datetime` refuses.
        let year = u16::try_from(time.year()).unwrap_or(0);
        let small = |v: u32| u8::try_from(v).unwrap_or(u8::MAX);
        let start = Sequence::from_datetime(
            year,
            small(time.month()),
            small(time.day()),
            small(time.hour()),
            small(time.minute()),
            // A leap second (60) is taken as 59.
            small(time.second().min(59)),
        )?;
        Ok(SequenceAllocator::new(start))
    }

    /// An allocator whose first number is the current second in Japan (JST, UTC+9, the
    /// time the standard's sequence numbers are written in), from the system clock: an
    /// export run takes its numbers from here without reading the clock itself.
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](careplan_csv::ErrorKind::InvalidName) when the system clock is past the year 9999 (a clock before 1970
    /// reads as 1970-01-01 00:00:00).
    ///
    /// ```
    /// use careplan_bundle::SequenceAllocator;
    /// let mut seq = SequenceAllocator::now()?;
    /// let first = seq.next().unwrap();
    /// assert!(first.as_str() > "20250101000000");
    /// assert!(seq.next().unwrap() > first);
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn now() -> Result<SequenceAllocator, Error> {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(-1, |d| i64::try_from(d.as_secs()).unwrap_or(-1));
        SequenceAllocator::at_unix_seconds(since_epoch)
    }

    /// The allocator of [`now`](SequenceAllocator::now) for the clock reading `seconds`
    /// since 1970-01-01 00:00:00 UTC.
    fn at_unix_seconds(seconds: i64) -> Result<SequenceAllocator, Error> {
        const JST: i64 = 9 * 3600;
        let time = (seconds >= 0)
            .then(|| chrono::DateTime::from_timestamp(seconds.saturating_add(JST), 0))
            .flatten()
            .map(|t| t.naive_utc())
            .unwrap_or_default();
        // A clock before 1970 reads as 1970-01-01 00:00:00 (the default).
        SequenceAllocator::from_datetime(time)
    }

    /// The number the next call to [`next`](Iterator::next) hands out, without taking it.
    pub fn peek(&self) -> Option<Sequence> {
        self.next
    }

    /// Makes every later number greater than `taken`, a number already in use.
    pub fn skip_past(&mut self, taken: Sequence) {
        if self.next.is_some_and(|n| n <= taken) {
            self.next = taken.next();
        }
    }
}

impl Iterator for SequenceAllocator {
    type Item = Sequence;

    /// The next number: distinct from and greater than every number handed out before.
    fn next(&mut self) -> Option<Sequence> {
        let current = self.next?;
        self.next = current.next();
        Some(current)
    }
}

impl FusedIterator for SequenceAllocator {}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str) -> Sequence {
        Sequence::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn now_is_japan_time() {
        // 2025-03-25 01:00:00 UTC is 10:00 in Japan.
        let a = SequenceAllocator::at_unix_seconds(1_742_864_400).unwrap();
        assert_eq!(a.peek(), Some(seq("20250325100000")));
        // 15:30 UTC is after midnight in Japan.
        let a = SequenceAllocator::at_unix_seconds(1_742_916_600).unwrap();
        assert_eq!(a.peek(), Some(seq("20250326003000")));
    }

    #[test]
    fn ends_at_the_last_second() {
        let mut a = SequenceAllocator::new(seq("99991231235958"));
        assert_eq!(a.next(), Some(seq("99991231235958")));
        assert_eq!(a.next(), Some(seq("99991231235959")));
        assert_eq!(a.next(), None);
        assert_eq!(a.next(), None);
        a.skip_past(seq("20000101000000"));
        assert_eq!(a.peek(), None);
    }

    #[test]
    fn skip_past_never_goes_back() {
        let mut a = SequenceAllocator::new(seq("20241125100000"));
        a.skip_past(seq("20241125090000"));
        assert_eq!(a.peek(), Some(seq("20241125100000")));
        a.skip_past(seq("20241125100000"));
        assert_eq!(a.peek(), Some(seq("20241125100001")));
    }
}
