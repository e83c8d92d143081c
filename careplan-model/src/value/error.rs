//! The error of parsing a value: which value, the text, and which part of it is wrong.

use std::fmt;

use crate::Position;

/// What is wrong with a value's text: the part that failed and how.
///
/// A `Flaw` holds no heap data, so the layout engine can find one without allocating; the
/// text it concerns is kept by [`ParseError`].
///
/// ```
/// use careplan_model::value::{Flaw, YearMonth};
/// let err = "202413".parse::<YearMonth>().unwrap_err();
/// assert_eq!(
///     err.into_kind(),
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
    /// A value that is not one of an enumeration's codes.
    UnknownCode {
        /// The codes allowed, in the order the standard lists them.
        codes: &'static [&'static str],
    },
    /// A prefix that is not a file kind of the standard.
    UnknownKind,
    /// A word that is not in the vocabulary of the layout tables' `format` column.
    UnknownFormat,
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
            Flaw::UnknownCode { codes } => {
                write!(f, "it is not one of the codes {}", codes.join(", "))
            }
            Flaw::UnknownKind => f.write_str("it is not the prefix of a file kind of the standard"),
            Flaw::UnknownFormat => f.write_str("it is not a format word of the layout tables"),
        }
    }
}

/// The crate's one error: a text that is not a value of its type — a value type of the
/// standard, a code of an enumeration, a file kind's prefix or a layout's format word —
/// saying which type, the text, and what is wrong with it ([`kind`](ParseError::kind), a
/// [`Flaw`]).
///
/// ```
/// use careplan_model::value::{Flaw, InsuredNumber};
/// let err = "H12345678X".parse::<InsuredNumber>().unwrap_err();
/// assert_eq!(err.input(), "H12345678X");
/// assert_eq!(
///     err.to_string(),
///     "\"H12345678X\" is not a valid 被保険者番号 (insured number): \
///      the character 'X' at position 10 is not a digit"
/// );
/// assert!(matches!(err.kind(), Flaw::Character { position: 10, found: 'X', .. }));
/// assert_eq!(err.position(), None);
/// ```
///
/// The error is one pointer wide (its parts are boxed). [`Debug`](fmt::Debug) writes the
/// sentence of [`Display`](fmt::Display), so an error returned from `main` reads as a
/// message; `{:#?}` shows the parts.
///
/// ```
/// use careplan_model::value::{CareLevel, Flaw, ParseError};
/// let err = "26".parse::<CareLevel>().unwrap_err();
/// assert_eq!(
///     format!("{err:?}"),
///     "\"26\" is not a valid CareLevel: it is not one of the codes 06, 12, 13, 21, 22, 23, 24, 25"
/// );
/// assert!(format!("{err:#?}").contains("UnknownCode"));
/// assert_eq!(std::mem::size_of::<ParseError>(), std::mem::size_of::<usize>());
/// assert!(matches!(err.into_kind(), Flaw::UnknownCode { codes } if codes.len() == 8));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ParseError(Box<Inner>);

/// The parts of a [`ParseError`].
#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    what: &'static str,
    input: String,
    flaw: Flaw,
}

impl ParseError {
    /// An error for `input`, which is not a valid `what`.
    pub(crate) fn new(what: &'static str, input: &str, flaw: Flaw) -> ParseError {
        ParseError(Box::new(Inner {
            what,
            input: input.to_string(),
            flaw,
        }))
    }

    /// What was being parsed, in words (`"year-month (YYYYMM)"`).
    pub fn what(&self) -> &'static str {
        self.0.what
    }

    /// The text that did not parse.
    pub fn input(&self) -> &str {
        &self.0.input
    }

    /// What is wrong: which part of the text failed, and how.
    pub fn kind(&self) -> &Flaw {
        &self.0.flaw
    }

    /// What is wrong, taken out of the error.
    pub fn into_kind(self) -> Flaw {
        self.0.flaw
    }

    /// Where in a file: always `None`, since a value's text is parsed on its own. (Items
    /// of records read from a file are checked by the layout engine, whose
    /// [`Problem`](crate::Problem)s carry the line, record and item.) Present so that the
    /// errors of every careplan crate answer the same questions.
    pub fn position(&self) -> Option<Position> {
        None
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a valid {}: {}",
            self.0.input, self.0.what, self.0.flaw
        )
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("ParseError")
                .field("what", &self.0.what)
                .field("input", &self.0.input)
                .field("kind", &self.0.flaw)
                .finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl std::error::Error for ParseError {}

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
        assert_eq!(e.kind(), &Flaw::Empty);
        assert_eq!(e.to_string(), "\"abc\" is not a valid x: it is empty");
    }
}
