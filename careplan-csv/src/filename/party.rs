//! The sender and the receiver of a file: office number and service-kind code.

use std::fmt;
use std::str::FromStr;

use careplan_model::value::{OfficeNumber, ServiceKind};

use super::error::{NameFlaw, NamePart, Reason};
use crate::error::Error;

/// What follows an office number in a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum KindSegment {
    /// Nothing: the legacy (pre-4.0) form.
    None,
    /// The 4.1 form: a 2-character service-kind code.
    Kind(ServiceKind),
    /// The 4.0 form: a 3-digit "サービスコード" segment, kept as written.
    V40([u8; 3]),
}

/// The sender or the receiver of a file: its 事業所番号 and, in 4.1 names, its
/// サービス種類コード.
///
/// Names are read as written: which party is the care office and which the provider is
/// never inferred from the codes (the standard's UPJSK example gives the provider sender
/// kind 43; OPEN_QUESTIONS 10).
///
/// ```
/// use careplan_csv::Party;
/// use careplan_model::value::ServiceKind;
/// let office = "0300000100".parse()?;
/// let p = Party::new(office, "43".parse()?);
/// assert_eq!(p.office().to_string(), "0300000100");
/// assert_eq!(p.kind().map(ServiceKind::code), Some("43"));
/// assert_eq!(p.to_string(), "0300000100_43");
/// let legacy = Party::legacy(office);
/// assert_eq!(legacy.kind(), None);
/// assert_eq!(legacy.to_string(), "0300000100");
/// // Parsed from what it writes.
/// assert_eq!("0300000100_43".parse::<Party>().ok(), Some(p));
/// # Ok::<(), careplan_model::value::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Party {
    office: OfficeNumber,
    segment: KindSegment,
}

impl Party {
    /// A party of a 4.1 name: office number and service-kind code.
    pub fn new(office: OfficeNumber, kind: ServiceKind) -> Party {
        Party {
            office,
            segment: KindSegment::Kind(kind),
        }
    }

    /// A party of a legacy (pre-4.0) name: the office number alone.
    pub fn legacy(office: OfficeNumber) -> Party {
        Party {
            office,
            segment: KindSegment::None,
        }
    }

    /// A party of a 4.0 name: the office number and a 3-digit サービスコード segment.
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](crate::ErrorKind::InvalidName), of part
    /// [`NamePart::ServiceKind`], when `code` is not three ASCII digits.
    ///
    /// ```
    /// use careplan_csv::Party;
    /// let p = Party::v40("0300000100".parse().unwrap(), "430")?;
    /// assert_eq!(p.v40_code(), Some("430"));
    /// assert_eq!(p.kind(), None);
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn v40(office: OfficeNumber, code: &str) -> Result<Party, Error> {
        Ok(Party::read_v40(office, code)?)
    }

    /// [`Party::v40`], or what is wrong with `code`.
    pub(crate) fn read_v40(office: OfficeNumber, code: &str) -> Result<Party, NameFlaw> {
        match code.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => Ok(Party {
                office,
                segment: KindSegment::V40([*a, *b, *c]),
            }),
            _ => Err(
                NameFlaw::new(NamePart::ServiceKind, Reason::Digits { want: 3 }, code)
                    .expecting("サービスコード(3桁)"),
            ),
        }
    }

    pub(crate) fn with_segment(office: OfficeNumber, segment: KindSegment) -> Party {
        Party { office, segment }
    }

    pub(crate) fn segment(&self) -> KindSegment {
        self.segment
    }

    /// The 事業所番号.
    pub fn office(&self) -> OfficeNumber {
        self.office
    }

    /// The 2-character サービス種類コード; `None` in legacy and 4.0 names.
    pub fn kind(&self) -> Option<ServiceKind> {
        match self.segment {
            KindSegment::Kind(k) => Some(k),
            _ => None,
        }
    }

    /// The 3-digit segment of a 4.0 name, as written; `None` otherwise.
    pub fn v40_code(&self) -> Option<&str> {
        match &self.segment {
            KindSegment::V40(d) => std::str::from_utf8(d).ok(),
            _ => None,
        }
    }
}

impl FromStr for Party {
    type Err = Error;

    /// Parses a party as a name writes it: `0300000100_43` (4.1), `0300000100` (legacy) or
    /// `0300000100_430` (4.0), the office number of ten digits.
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](crate::ErrorKind::InvalidName) naming the part
    /// ([`NamePart::Office`] or [`NamePart::ServiceKind`]) that is wrong.
    fn from_str(s: &str) -> Result<Party, Error> {
        let office = s.split_once('_').map_or(s, |(office, _)| office);
        // Strict: the lenient reading of names accepts a 9-digit office number.
        super::office::read_office(office, false)?;
        Ok(super::parse::party_from_str(s)?)
    }
}

impl fmt::Display for Party {
    /// The party as it appears in a name: `0300000100_43`, `0300000100` (legacy) or
    /// `0300000100_430` (4.0).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.office)?;
        match self.segment {
            KindSegment::None => Ok(()),
            KindSegment::Kind(k) => write!(f, "_{k}"),
            KindSegment::V40(_) => write!(f, "_{}", self.v40_code().unwrap_or("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_party_parses_what_it_writes_and_only_a_ten_digit_office() {
        for text in ["0300000100_43", "0300000100", "0300000100_430"] {
            assert_eq!(text.parse::<Party>().unwrap().to_string(), text);
        }
        let part = |text: &str| match text.parse::<Party>().unwrap_err().into_kind() {
            ErrorKind::InvalidName(flaw) => flaw.part(),
            other => panic!("{other:?}"),
        };
        // Nine digits pass a lenient reading of a name, not a party given as a value.
        assert_eq!(part("030000010_43"), NamePart::Office);
        assert_eq!(part("0300000100_4X"), NamePart::ServiceKind);
    }
}
