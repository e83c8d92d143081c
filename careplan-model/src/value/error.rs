//! The error of parsing a value: which value, the text, and which part of it is wrong.

use std::fmt;

/// What is wrong with a value's text: the part that failed and how.
///
/// A `Flaw` holds no heap data, so the layout engine can find one without allocating; the
/// text it concerns is kept by [`ParseError`].
///
/// ```
/// use careplan_model::value::{Flaw, YearMonth};
/// let err = "202413".parse::<YearMonth>().unwrap_err();
/// assert_eq!(
///     err.flaw(),
///     Flaw::OutOfRange { part: "month", found: 13, min: 1, max: 12 }
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Flaw {
    /// The text is empty.
    Empty,
    /// The text has the wrong number of characters.
    Length {
        /// The number of characters the form has (the most it may have, for open lengths).
        expected: usize,
        /// The number of characters found.
        found: usize,
    },
    /// A character that may not stand where it stands.
    Character {
        /// The 1-based position of the character (in characters).
        position: usize,
        /// The character found.
        found: char,
        /// What may stand there, in words (`"a digit"`, `"0 or 1"`, `"a hyphen"`).
        expected: &'static str,
    },
    /// A number out of its range (a month 13, a day 30 in February, a minute 60).
    OutOfRange {
        /// The part of the value (`"month"`, `"day"`, `"hour"`, `"minute"`).
        part: &'static str,
        /// The number found.
        found: u32,
        /// The smallest allowed.
        min: u32,
        /// The largest allowed.
        max: u32,
    },
    /// A two-character service-kind code that is not in the table of service kinds.
    UnknownServiceKind {
        /// The two characters found.
        found: [char; 2],
    },
    /// A CSVバージョン that is not one of the standard's versions.
    UnknownVersion,
}

impl fmt::Display for Flaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Flaw::Empty => f.write_str("it is empty"),
            Flaw::Length { expected, found } => {
                write!(f, "it has {found} characters, expected {expected}")
            }
            Flaw::Character {
                position,
                found,
                expected,
            } => write!(
                f,
                "the character {found:?} at position {position} is not {expected}"
            ),
            Flaw::OutOfRange {
                part,
                found,
                min,
                max,
            } => write!(f, "the {part} {found} is not between {min} and {max}"),
            Flaw::UnknownServiceKind { found: [a, b] } => {
                write!(
                    f,
                    "the service kind {a}{b} is not in the table of service kinds"
                )
            }
            Flaw::UnknownVersion => f.write_str("it is not one of the standard's CSV versions"),
        }
    }
}

/// The error of parsing a value type from text: which type, the text, and the [`Flaw`].
///
/// ```
/// use careplan_model::value::InsuredNumber;
/// let err = "H12345678X".parse::<InsuredNumber>().unwrap_err();
/// assert_eq!(err.input(), "H12345678X");
/// assert_eq!(
///     err.to_string(),
///     "\"H12345678X\" is not a valid 被保険者番号 (insured number): \
///      the character 'X' at position 10 is not a digit"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a valid {what}: {flaw}")]
pub struct ParseError {
    what: &'static str,
    input: String,
    flaw: Flaw,
}

impl ParseError {
    /// An error for `input`, which is not a valid `what`.
    pub(crate) fn new(what: &'static str, input: &str, flaw: Flaw) -> ParseError {
        ParseError {
            what,
            input: input.to_string(),
            flaw,
        }
    }

    /// What was being parsed, in words (`"year-month (YYYYMM)"`).
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The text that did not parse.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Which part is wrong, and how.
    pub fn flaw(&self) -> Flaw {
        self.flaw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flaws_read_as_sentences() {
        assert_eq!(Flaw::Empty.to_string(), "it is empty");
        assert_eq!(
            Flaw::Length {
                expected: 6,
                found: 5
            }
            .to_string(),
            "it has 5 characters, expected 6"
        );
        assert_eq!(
            Flaw::OutOfRange {
                part: "day",
                found: 30,
                min: 1,
                max: 29
            }
            .to_string(),
            "the day 30 is not between 1 and 29"
        );
        assert_eq!(
            Flaw::UnknownServiceKind { found: ['9', '9'] }.to_string(),
            "the service kind 99 is not in the table of service kinds"
        );
    }

    #[test]
    fn error_keeps_input_and_flaw() {
        let e = ParseError::new("x", "abc", Flaw::Empty);
        assert_eq!(e.what(), "x");
        assert_eq!(e.input(), "abc");
        assert_eq!(e.flaw(), Flaw::Empty);
        assert_eq!(e.to_string(), "\"abc\" is not a valid x: it is empty");
    }
}
