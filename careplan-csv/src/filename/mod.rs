//! File names of the standard: parsing, building and writing them.
//!
//! A name of ケアプランデータ連携標準仕様 v4.1 is
//!
//! ```text
//! PREFIX[_対象年月]_送信元事業所番号(10)_送信元サービス種類コード(2)_送信先事業所番号(10)_送信先サービス種類コード(2)_YYYYMMDDHHMMSS(14).CSV
//! ```
//!
//! with a 対象年月 for the monthly kinds only ([`FileKind::month_in_name`]) and, for the
//! family-structure image, a 4-digit 枝番 and `.JPG`:
//! `UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.JPG`.
//!
//! Three forms are read ([`NameStyle`]): the 4.1 form above; the legacy form without the
//! service-kind codes (pre-4.0 names, still shown by the seed manual), valid in both modes
//! and reported as a warning; and the 4.0 form with 3-digit "サービスコード" segments, read
//! in lenient mode only and reported.
//!
//! The choices this module makes where the standard leaves room:
//! - Case is ignored when reading, in both modes, and a name not in upper case is reported
//!   once, a warning in both modes, expecting the name upper case (OPEN_QUESTIONS 11,
//!   PITFALLS: case-sensitive receivers miss the file). Names are written upper case,
//!   `.CSV` — and `.JPG` for images: the rule text writes `.jpg` but its example `.JPG`, and
//!   upper case is the rule for writing names; an image's `.jpg` is not reported.
//! - A directory part (after the last `/` or `\`) is stripped before parsing. [`FileName`]
//!   holds the parts of the name, not the text it was read from; the problems of
//!   [`FileName::parse_with`] name the file as it was given.
//! - The prefix is the run of parts before the first part that starts with a digit, so
//!   `UPKIHON_SUB1_…` is never taken for `UPKIHON`, and `UPKIHON_SUB3_…` is an unknown
//!   prefix rather than a UPKIHON name with a strange part.
//! - The legacy form is read in both modes: it is a form the standard used, and the seed
//!   manual's names must be read. It is a warning, except in strict mode for service months
//!   (or sequence dates) from 2025-04 on, when 4.1's form applies: an error there. The
//!   standard's own typos (9-digit office numbers,
//!   15-digit sequence numbers) and the 4.0 form are errors in strict mode and warnings in
//!   lenient mode (LEGACY.md). A 9-digit office number is read as the number it writes
//!   (`123456789` is `0123456789`), so the name is written back with ten digits.
//! - Any service-kind code of SERVICE_KINDS.tsv is accepted for either party; an unknown
//!   one is an error in both modes (OPEN_QUESTIONS 9). Direction is never inferred from
//!   the codes (OPEN_QUESTIONS 10).
//!
//! The parts are the model's value types: the 対象年月 a [`YearMonth`] (`000000` is
//! `None`), the office numbers [`OfficeNumber`]s and the codes [`ServiceKind`]s of the one
//! table, SERVICE_KINDS.tsv.
//!
//! [`YearMonth`]: careplan_model::value::YearMonth
//! [`OfficeNumber`]: careplan_model::value::OfficeNumber
//! [`ServiceKind`]: careplan_model::value::ServiceKind
//!
//! ```
//! use careplan_csv::{FileName, NameStyle};
//! use careplan_model::value::YearMonth;
//! use careplan_model::FileKind;
//! let name = FileName::parse("UPPLAN_201912_0300000100_43_0300000005_11_20191025200201.CSV")?;
//! assert_eq!(name.kind(), FileKind::UsagePlan);
//! assert_eq!(name.month(), YearMonth::new(2019, 12));
//! assert_eq!(name.sender().office().to_string(), "0300000100");
//! assert_eq!(name.style(), NameStyle::V41);
//! assert_eq!(name.to_string(), "UPPLAN_201912_0300000100_43_0300000005_11_20191025200201.CSV");
//! # Ok::<(), careplan_csv::Error>(())
//! ```

mod builder;
mod error;
mod month;
mod office;
mod parse;
mod party;
mod sequence;
mod service_kind;

use std::fmt;
use std::str::FromStr;

use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Mode, Problem};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

pub use builder::FileNameBuilder;
pub(crate) use error::name_problem;
pub use error::{NameFlaw, NamePart};
pub(crate) use parse::{parse_written, Written};
pub use party::Party;
pub use sequence::Sequence;

use party::KindSegment;

/// The form of a file name.
///
/// ```
/// use careplan_csv::{FileName, NameStyle};
/// let legacy = FileName::parse("UPPLAN_201912_0300000100_0300000005_20191025200201.CSV")?;
/// assert_eq!(legacy.style(), NameStyle::Legacy);
/// assert_eq!(NameStyle::default(), NameStyle::V41);
/// # Ok::<(), careplan_csv::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum NameStyle {
    /// The 4.1 form: each office number followed by its 2-character service-kind code.
    #[default]
    V41,
    /// The form before 4.0: office numbers only, no service-kind codes
    /// (`UPPLAN_201912_0300000100_0300000005_20191025200201.CSV`).
    Legacy,
    /// The 4.0 form: a 3-digit "サービスコード" segment after each office number.
    V40,
}

/// A file name of the standard, split into its parts.
///
/// Read one with [`FileName::parse`] (strict) or [`FileName::parse_with`] (either mode,
/// with the problems found), build one with [`FileName::builder`], and write it with
/// [`Display`](fmt::Display): upper case, `.CSV` (`.JPG` for images). Writing a parsed name
/// gives the same name in upper case; parsing a built name gives the same value.
///
/// ```
/// use careplan_csv::{FileName, Sequence};
/// use careplan_model::FileKind;
///
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     let name = FileName::builder(FileKind::UsagePlan)
///         .month("202504".parse()?)
///         .sender("0300000100".parse()?, "43".parse()?)
///         .receiver("0300000005".parse()?, "11".parse()?)
///         .sequence(Sequence::parse("20250320100000")?)
///         .build()?;
///     assert_eq!(name.to_string(), "UPPLAN_202504_0300000100_43_0300000005_11_20250320100000.CSV");
///     assert_eq!(FileName::parse(&name.to_string())?, name);
///     Ok(())
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileName {
    kind: FileKind,
    /// `None` for a kind without a month in its name, and for `000000`.
    month: Option<YearMonth>,
    sender: Party,
    receiver: Party,
    sequence: Sequence,
    branch: Option<u16>,
}

impl FileName {
    /// Reads a name strictly: the 4.1 form or the legacy form, any case, an optional
    /// directory part. Warnings (a legacy name) are dropped; use
    /// [`parse_with`](FileName::parse_with) to see them.
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](crate::ErrorKind::InvalidName), its
    /// [`NameFlaw`] naming the first part that is wrong.
    ///
    /// ```
    /// use careplan_csv::FileName;
    /// let name = FileName::parse("in/up1kyo_0300000100_43_0300000005_11_20191025200201.csv")?;
    /// assert_eq!(name.to_string(), "UP1KYO_0300000100_43_0300000005_11_20191025200201.CSV");
    /// let err = FileName::parse("UPKHON_0300000100_43_0300000005_11_20191025200201.CSV");
    /// assert!(err.unwrap_err().to_string().starts_with("prefix must be one of UPHOSOKU, "));
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn parse(name: &str) -> Result<FileName, Error> {
        Ok(parse::parse(name, Mode::Strict).map(|(n, _)| n)?)
    }

    /// Reads a name in `mode`, returning the problems found with it.
    ///
    /// Both modes report a legacy name ([`ProblemKind::LegacyFileName`]): a warning in
    /// lenient mode, and in strict mode for a name of a service month (or, without a month,
    /// a sequence date) before 2025-04, when the pre-4.0 versions and their names applied;
    /// an error in strict mode from 2025-04 on, when 4.1's form is the standard's. Lenient
    /// mode also reads the standard's own typos — 9-digit office numbers (read as the
    /// number they write, `123456789` as `0123456789`), 15-digit sequence numbers
    /// (warnings of kind [`ProblemKind::InvalidFileName`]) — and the 4.0
    /// form (a [`ProblemKind::LegacyFileName`] warning); strict mode rejects them. The
    /// problems name the file as given in `name`.
    ///
    /// [`ProblemKind::LegacyFileName`]: careplan_model::ProblemKind::LegacyFileName
    /// [`ProblemKind::InvalidFileName`]: careplan_model::ProblemKind::InvalidFileName
    ///
    /// # Errors
    /// An [`Error`] of kind [`InvalidName`](crate::ErrorKind::InvalidName), its
    /// [`NameFlaw`] naming the first part that is wrong.
    ///
    /// ```
    /// use careplan_csv::FileName;
    /// use careplan_model::{Mode, ProblemKind};
    /// let typo = "UPPLAN_201912_123456789_43_0300000005_11_20191025200201.CSV";
    /// assert!(FileName::parse_with(typo, Mode::Strict).is_err());
    /// let (name, problems) = FileName::parse_with(typo, Mode::Lenient)?;
    /// assert_eq!(name.sender().office().to_string(), "0123456789");
    /// assert_eq!(problems[0].kind, ProblemKind::InvalidFileName);
    /// assert!(!problems[0].is_error());
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn parse_with(name: &str, mode: Mode) -> Result<(FileName, Vec<Problem>), Error> {
        Ok(parse::parse(name, mode)?)
    }

    /// The kind named by the prefix of `name` (`UPJSK_…` is 第6表 実績), even when a later
    /// part of the name is broken — an empty receiver, a browser's ` (1)` before the
    /// extension, a 9-digit office number: the prefix alone says what the records are, and
    /// the name's problem is reported on its own. `None` when the prefix is not a kind of
    /// the standard.
    ///
    /// ```
    /// use careplan_csv::FileName;
    /// use careplan_model::FileKind;
    /// let broken = "UPJSK_202504_1310000002_11___20250401093000.CSV";
    /// assert!(FileName::parse(broken).is_err());
    /// assert_eq!(FileName::kind_of_prefix(broken), Some(FileKind::UsageResult));
    /// let downloaded = "UPJSK_202504_1310000002_11_1310000001_43_20250401093000(1).CSV";
    /// assert_eq!(FileName::kind_of_prefix(downloaded), Some(FileKind::UsageResult));
    /// assert_eq!(FileName::kind_of_prefix("UPKHON_0300000100_43.CSV"), None);
    /// ```
    pub fn kind_of_prefix(name: &str) -> Option<FileKind> {
        parse::kind_of_prefix(name)
    }

    /// A builder for a name of `kind`; every part the kind has must be given.
    pub fn builder(kind: FileKind) -> FileNameBuilder {
        FileNameBuilder::new(kind)
    }

    /// A builder holding this name's parts, e.g. to name the 別表 of a UPKIHON file:
    /// `name.to_builder().kind(FileKind::YoboKihonSub1).build()`.
    pub fn to_builder(&self) -> FileNameBuilder {
        let mut b = FileNameBuilder::new(self.kind)
            .sender_party(self.sender)
            .receiver_party(self.receiver)
            .sequence(self.sequence)
            .style(self.style());
        if self.kind.month_in_name() {
            b = match self.month {
                Some(m) => b.month(m),
                None => b.month_unset(),
            };
        }
        if let Some(n) = self.branch {
            b = b.branch(n);
        }
        b
    }

    /// The name pattern of a kind in the standard's notation, as used in messages:
    /// `UPPLAN_対象年月(YYYYMM)_送信元事業所番号(10桁)_…_YYYYMMDDHHMMSS(14桁).CSV`.
    ///
    /// ```
    /// use careplan_csv::FileName;
    /// use careplan_model::FileKind;
    /// assert_eq!(
    ///     FileName::pattern(FileKind::Plan1),
    ///     "UP1KYO_送信元事業所番号(10桁)_送信元サービス種類コード(2桁)_送信先事業所番号(10桁)_送信先サービス種類コード(2桁)_YYYYMMDDHHMMSS(14桁).CSV"
    /// );
    /// ```
    pub fn pattern(kind: FileKind) -> String {
        pattern(kind)
    }

    /// The kind of file.
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// The 対象年月; `None` for `000000` (a UPHOSOKU sent with 第1表/第2表/第3表) and for
    /// the kinds whose names carry none ([`FileKind::month_in_name`] tells them apart).
    pub fn month(&self) -> Option<YearMonth> {
        self.month
    }

    /// The sender.
    pub fn sender(&self) -> &Party {
        &self.sender
    }

    /// The receiver.
    pub fn receiver(&self) -> &Party {
        &self.receiver
    }

    /// The ファイル連番.
    pub fn sequence(&self) -> Sequence {
        self.sequence
    }

    /// The 枝番 of a family-structure image (UPKIHON_IMAGE); `None` for other kinds.
    pub fn branch(&self) -> Option<u16> {
        self.branch
    }

    /// The form of the name.
    pub fn style(&self) -> NameStyle {
        match (self.sender.segment(), self.receiver.segment()) {
            (KindSegment::V40(_), _) | (_, KindSegment::V40(_)) => NameStyle::V40,
            (KindSegment::None, _) | (_, KindSegment::None) => NameStyle::Legacy,
            _ => NameStyle::V41,
        }
    }

    /// The extension as written: `CSV`, or `JPG` for the family-structure image.
    pub fn extension(&self) -> &'static str {
        extension(self.kind)
    }
}

impl fmt::Display for FileName {
    /// The name, upper case: `UPPLAN_201912_0300000100_43_0300000005_11_20191025200201.CSV`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.prefix())?;
        if self.kind.month_in_name() {
            match self.month {
                Some(m) => write!(f, "_{m}")?,
                None => write!(f, "_{}", month::UNSET)?,
            }
        }
        write!(f, "_{}_{}_{}", self.sender, self.receiver, self.sequence)?;
        if let Some(n) = self.branch {
            write!(f, "_{n:04}")?;
        }
        write!(f, ".{}", self.extension())
    }
}

impl FromStr for FileName {
    type Err = Error;

    /// The same as [`FileName::parse`] (strict).
    fn from_str(s: &str) -> Result<FileName, Error> {
        FileName::parse(s)
    }
}

/// The extension of a kind, upper case.
fn extension(kind: FileKind) -> &'static str {
    if kind.is_csv() {
        "CSV"
    } else {
        "JPG"
    }
}

/// The name pattern of a kind in the standard's notation.
pub(crate) fn pattern(kind: FileKind) -> String {
    let mut s = kind.prefix().to_string();
    if kind.month_in_name() {
        s.push_str("_対象年月(YYYYMM)");
    }
    s.push_str("_送信元事業所番号(10桁)_送信元サービス種類コード(2桁)_送信先事業所番号(10桁)_送信先サービス種類コード(2桁)_YYYYMMDDHHMMSS(14桁)");
    if kind == FileKind::YoboKihonImage {
        s.push_str("_枝番(4桁)");
    }
    s.push('.');
    s.push_str(extension(kind));
    s
}

/// The name without any directory part (after the last `/` or `\`).
pub(crate) fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// Serde as a string: serialized with `Display`, deserialized with the given reader.
macro_rules! serde_as_string {
    ($ty:ty, $read:expr) => {
        impl Serialize for $ty {
            /// Serialized as its text.
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            /// Deserialized from its text.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                let read: fn(&str) -> Result<$ty, NameFlaw> = $read;
                read(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

// Deserialization accepts what serialization writes: values kept by lenient reading (a
// 15-digit sequence number, a 4.0 name) deserialize too.
serde_as_string!(FileName, |s| parse::parse(s, Mode::Lenient).map(|(n, _)| n));
serde_as_string!(Sequence, |s| Sequence::read(s, true));
serde_as_string!(Party, parse::party_from_str);
