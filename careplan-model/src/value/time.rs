//! Service times written `HHMM`, and `9999` for a service shown without a time.

use std::fmt;
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};

/// A time of day, 00:00–23:59, or 24:00 (the end of the day), written `HHMM`.
///
/// `2400` parses: the standard only says `HHMM`, and its 第3表 (週間サービス計画表) has an
/// axis that ends at 24:00, so a service or an activity that ends at midnight may be written
/// `2400` (issue 13: rejecting it was a false alarm). `0000` is still the start of the day.
///
/// ```
/// use careplan_model::value::TimeOfDay;
/// let t: TimeOfDay = "0930".parse().unwrap();
/// assert_eq!((t.hour(), t.minute()), (9, 30));
/// assert_eq!(t.minutes_since_midnight(), 570);
/// assert_eq!(t.to_string(), "0930");
/// let end: TimeOfDay = "2400".parse().unwrap();
/// assert_eq!(end.minutes_since_midnight(), 1440);
/// assert!("2401".parse::<TimeOfDay>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
}

impl TimeOfDay {
    /// The time `hour`:`minute`, or `None` outside 00:00–23:59 and 24:00.
    pub const fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        if (hour < 24 && minute < 60) || (hour == 24 && minute == 0) {
            Some(TimeOfDay { hour, minute })
        } else {
            None
        }
    }

    /// The hour, 0–23 (24 for 24:00).
    pub const fn hour(self) -> u8 {
        self.hour
    }

    /// The minute, 0–59.
    pub const fn minute(self) -> u8 {
        self.minute
    }

    /// Minutes since midnight, 0–1440.
    pub const fn minutes_since_midnight(self) -> u16 {
        self.hour as u16 * 60 + self.minute as u16
    }

    /// Parses `HHMM` without allocating.
    pub(crate) fn scan(s: &str) -> Result<TimeOfDay, Flaw> {
        match TimeOfDay::scan_fast(s.as_bytes()) {
            Some(t) => Ok(t),
            None => TimeOfDay::scan_careful(s),
        }
    }

    /// The fast path of [`TimeOfDay::scan`], on the text's bytes: `None` for any flaw.
    #[inline(always)]
    pub(crate) fn scan_fast(bytes: &[u8]) -> Option<TimeOfDay> {
        let [hour, minute] = digits::pairs4(<[u8; 4]>::try_from(bytes).ok()?)?;
        ((hour <= 23 && minute <= 59) || (hour == 24 && minute == 0))
            .then_some(TimeOfDay { hour, minute })
    }

    /// [`TimeOfDay::scan`] step by step, for the flaw of a text the fast path rejected.
    #[cold]
    #[inline(never)]
    fn scan_careful(s: &str) -> Result<TimeOfDay, Flaw> {
        digits::check_len(s, 4)?;
        let hour = digits::digits(s, 0, 2)?;
        let minute = digits::digits(s, 2, 4)?;
        // Two digits always fit.
        let hour = u8::try_from(hour).unwrap_or(u8::MAX);
        let minute = u8::try_from(minute).unwrap_or(u8::MAX);
        if hour == 24 {
            return if minute == 0 {
                Ok(TimeOfDay { hour, minute })
            } else {
                Err(Flaw::OutOfRange {
                    part: "minute",
                    found: u32::from(minute),
                    min: 0,
                    max: 0,
                })
            };
        }
        if hour > 24 {
            return Err(Flaw::OutOfRange {
                part: "hour",
                found: u32::from(hour),
                min: 0,
                max: 24,
            });
        }
        if minute > 59 {
            return Err(Flaw::OutOfRange {
                part: "minute",
                found: u32::from(minute),
                min: 0,
                max: 59,
            });
        }
        Ok(TimeOfDay { hour, minute })
    }
}

impl fmt::Display for TimeOfDay {
    /// `HHMM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}{:02}", self.hour, self.minute)
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseError;

    /// Parses `HHMM`, 0000–2359 or 2400.
    fn from_str(s: &str) -> Result<TimeOfDay, ParseError> {
        TimeOfDay::scan(s).map_err(|flaw| ParseError::new("time (HHMM)", s, flaw))
    }
}

super::serde_as_string!(TimeOfDay);

/// A service start or end time (第6表 No.12/13): a time of day, or `9999` for a service that
/// is shown without a time (時間表示の無いサービス).
///
/// Whether `9999` is allowed depends on the item: the layout engine accepts it only where
/// the layout lists it (第6表 No.12/13, not 第3表's times).
///
/// ```
/// use careplan_model::value::{ServiceTime, TimeOfDay};
/// assert_eq!("9999".parse::<ServiceTime>().unwrap(), ServiceTime::Unspecified);
/// let t: ServiceTime = "1400".parse().unwrap();
/// assert_eq!(t, ServiceTime::At(TimeOfDay::new(14, 0).unwrap()));
/// assert_eq!(t.time().map(|t| t.hour()), Some(14));
/// assert_eq!(ServiceTime::Unspecified.to_string(), "9999");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServiceTime {
    /// A time of day.
    At(TimeOfDay),
    /// `9999`: the service is shown without a time.
    Unspecified,
}

impl ServiceTime {
    /// The text of [`ServiceTime::Unspecified`].
    pub const UNSPECIFIED: &'static str = "9999";

    /// The time of day, if there is one.
    pub const fn time(self) -> Option<TimeOfDay> {
        match self {
            ServiceTime::At(t) => Some(t),
            ServiceTime::Unspecified => None,
        }
    }

    /// Whether it is `9999`.
    pub const fn is_unspecified(self) -> bool {
        matches!(self, ServiceTime::Unspecified)
    }

    /// Parses `HHMM` or `9999` without allocating.
    pub(crate) fn scan(s: &str) -> Result<ServiceTime, Flaw> {
        if s.as_bytes() == b"9999" {
            Ok(ServiceTime::Unspecified)
        } else {
            TimeOfDay::scan(s).map(ServiceTime::At)
        }
    }
}

impl fmt::Display for ServiceTime {
    /// `HHMM`, or `9999`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceTime::At(t) => t.fmt(f),
            ServiceTime::Unspecified => f.write_str(ServiceTime::UNSPECIFIED),
        }
    }
}

impl FromStr for ServiceTime {
    type Err = ParseError;

    /// Parses `HHMM` (0000–2359, 2400) or `9999`.
    fn from_str(s: &str) -> Result<ServiceTime, ParseError> {
        ServiceTime::scan(s).map_err(|flaw| ParseError::new("service time (HHMM or 9999)", s, flaw))
    }
}

super::serde_as_string!(ServiceTime);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_scan_equals_the_careful_scan() {
        let alphabet = ['0', '1', '2', '3', '5', '6', '9', ':', 'a', '１'];
        for s in digits::texts(&alphabet, 7, 5, 7, 50_000) {
            assert_eq!(TimeOfDay::scan(&s), TimeOfDay::scan_careful(&s), "{s:?}");
        }
        assert_eq!(ServiceTime::UNSPECIFIED.as_bytes(), b"9999");
    }

    #[test]
    fn times_of_day() {
        assert_eq!(
            "0000"
                .parse::<TimeOfDay>()
                .unwrap()
                .minutes_since_midnight(),
            0
        );
        assert_eq!(
            "2359"
                .parse::<TimeOfDay>()
                .unwrap()
                .minutes_since_midnight(),
            1439
        );
        // 24:00, the end of the day (the standard only says HHMM; 第3表's axis ends there).
        assert_eq!(
            "2400"
                .parse::<TimeOfDay>()
                .unwrap()
                .minutes_since_midnight(),
            1440
        );
        assert_eq!("2400".parse::<TimeOfDay>().unwrap().to_string(), "2400");
        assert_eq!(
            "2401".parse::<TimeOfDay>().unwrap_err().into_kind(),
            Flaw::OutOfRange {
                part: "minute",
                found: 1,
                min: 0,
                max: 0
            }
        );
        assert_eq!(
            "2500".parse::<TimeOfDay>().unwrap_err().into_kind(),
            Flaw::OutOfRange {
                part: "hour",
                found: 25,
                min: 0,
                max: 24
            }
        );
        assert_eq!(
            "1260".parse::<TimeOfDay>().unwrap_err().into_kind(),
            Flaw::OutOfRange {
                part: "minute",
                found: 60,
                min: 0,
                max: 59
            }
        );
        assert_eq!(
            "9:30".parse::<TimeOfDay>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 2,
                found: ':',
                expected: "a digit"
            }
        );
        assert_eq!(TimeOfDay::new(24, 0).map(|t| t.hour()), Some(24));
        assert_eq!(TimeOfDay::new(24, 1), None);
    }

    #[test]
    fn service_times() {
        assert_eq!(
            "9999".parse::<ServiceTime>().unwrap(),
            ServiceTime::Unspecified
        );
        assert!("9999".parse::<ServiceTime>().unwrap().is_unspecified());
        assert_eq!(
            "9998".parse::<ServiceTime>().unwrap_err().into_kind(),
            Flaw::OutOfRange {
                part: "hour",
                found: 99,
                min: 0,
                max: 24
            }
        );
        for s in ["0000", "0930", "2359", "9999"] {
            assert_eq!(s.parse::<ServiceTime>().unwrap().to_string(), s);
        }
        let t = "0930".parse::<ServiceTime>().unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"0930\"");
        assert_eq!(
            serde_json::from_str::<ServiceTime>("\"9999\"").unwrap(),
            ServiceTime::Unspecified
        );
    }
}
