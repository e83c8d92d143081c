//! What is wrong with a file name: which part, what the standard expects there and what was
//! found, in English and in Japanese. A name that cannot be read is an [`Error`] of kind
//! [`ErrorKind::InvalidName`] holding its [`NameFlaw`].

use std::fmt;

use careplan_model::{FileKind, Problem, ProblemKind};
use serde::Serialize;

use crate::error::{Error, ErrorKind};

/// A part of a file name, as named in a [`NameFlaw`].
///
/// ```
/// use careplan_csv::{ErrorKind, FileName, NamePart};
/// let err = FileName::parse("UPPLAN_201912_123456789_43_0300000005_11_20191025200201.CSV")
///     .unwrap_err();
/// let ErrorKind::InvalidName(flaw) = err.kind() else { panic!("{err}") };
/// assert_eq!(flaw.part(), NamePart::SenderOffice);
/// assert_eq!(NamePart::SenderOffice.name_ja(), "送信元事業所番号");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NamePart {
    /// The file-kind prefix (`UPPLAN`, `UPKIHON_SUB1` …).
    Prefix,
    /// The 対象年月 (YYYYMM, or `000000` for UPHOSOKU).
    Month,
    /// The sender's 10-digit 事業所番号.
    SenderOffice,
    /// The sender's 2-character サービス種類コード.
    SenderKind,
    /// The receiver's 10-digit 事業所番号.
    ReceiverOffice,
    /// The receiver's 2-character サービス種類コード.
    ReceiverKind,
    /// The 14-digit ファイル連番 (YYYYMMDDHHMMSS).
    Sequence,
    /// The 4-digit 枝番 of a family-structure image.
    Branch,
    /// The extension (`.CSV`, `.JPG`).
    Extension,
    /// The name as a whole: the number and order of its parts.
    Structure,
    /// An office number outside a name (a [`Party`](super::Party) read from its text),
    /// where it is not known whose it is.
    Office,
    /// A service-kind code outside a name (a [`Party`](super::Party) read from its text,
    /// or [`Party::v40`](super::Party::v40)).
    ServiceKind,
}

impl NamePart {
    /// The part in English, as used in messages (`sender office number`).
    pub fn name_en(self) -> &'static str {
        match self {
            NamePart::Prefix => "prefix",
            NamePart::Month => "month (対象年月)",
            NamePart::SenderOffice => "sender office number",
            NamePart::SenderKind => "sender service-kind code",
            NamePart::ReceiverOffice => "receiver office number",
            NamePart::ReceiverKind => "receiver service-kind code",
            NamePart::Sequence => "file sequence number",
            NamePart::Branch => "branch number",
            NamePart::Extension => "extension",
            NamePart::Structure => "file name",
            NamePart::Office => "office number",
            NamePart::ServiceKind => "service-kind code",
        }
    }

    /// The part in Japanese, as the standard names it (`送信元事業所番号`).
    pub fn name_ja(self) -> &'static str {
        match self {
            NamePart::Prefix => "ファイル名の先頭（ファイル種類）",
            NamePart::Month => "対象年月",
            NamePart::SenderOffice => "送信元事業所番号",
            NamePart::SenderKind => "送信元サービス種類コード",
            NamePart::ReceiverOffice => "送信先事業所番号",
            NamePart::ReceiverKind => "送信先サービス種類コード",
            NamePart::Sequence => "ファイル連番",
            NamePart::Branch => "枝番",
            NamePart::Extension => "拡張子",
            NamePart::Structure => "ファイル名",
            NamePart::Office => "事業所番号",
            NamePart::ServiceKind => "サービス種類コード",
        }
    }

    /// What the standard expects in this part, in the standard's own notation
    /// (`送信元事業所番号(10桁)`).
    fn expected(self) -> String {
        match self {
            NamePart::Month => "対象年月(YYYYMM)".to_string(),
            NamePart::SenderOffice | NamePart::ReceiverOffice | NamePart::Office => {
                format!("{}(10桁)", self.name_ja())
            }
            NamePart::SenderKind | NamePart::ReceiverKind | NamePart::ServiceKind => {
                format!("{}(2桁)", self.name_ja())
            }
            NamePart::Sequence => "ファイル連番 YYYYMMDDHHMMSS(14桁)".to_string(),
            NamePart::Branch => "枝番(4桁)".to_string(),
            NamePart::Prefix => known_prefixes(),
            NamePart::Extension | NamePart::Structure => self.name_ja().to_string(),
        }
    }
}

impl fmt::Display for NamePart {
    /// The English name of the part.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_en())
    }
}

/// The known prefixes, comma separated, in the order of spec FILES.tsv.
pub(crate) fn known_prefixes() -> String {
    FileKind::ALL
        .iter()
        .map(|k| k.prefix())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a part is wrong; each reason has an English and a Japanese sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Reason {
    /// Not `want` ASCII digits.
    Digits { want: usize },
    /// A part the builder was not given.
    Missing,
    /// A monthly kind's name without its month.
    MissingMonth { kind: FileKind },
    /// A month in the name of a kind that has none.
    UnexpectedMonth { kind: FileKind },
    /// Six digits that are not a month (month 00 or 13, year 0000).
    BadMonth,
    /// `000000` on a kind other than UPHOSOKU.
    UnsetMonth { kind: FileKind },
    /// A kind segment of the wrong length.
    KindLength,
    /// A 3-digit segment of the 4.0 form where 4.1 has a 2-character code (strict mode).
    V40Segment,
    /// A 2-character code that is not in SERVICE_KINDS.
    UnknownKind,
    /// 14 digits that are not a date and time.
    BadSequence,
    /// A UPKIHON_IMAGE name without its branch number.
    MissingBranch,
    /// A branch number on a kind other than UPKIHON_IMAGE.
    UnexpectedBranch { kind: FileKind },
    /// The wrong extension for the kind.
    Extension { want: &'static str },
    /// A prefix that is not a kind of the standard.
    UnknownPrefix,
    /// The wrong number of parts after the prefix.
    Segments {
        kind: FileKind,
        count: usize,
        with_month: bool,
    },
    /// An empty part (two underscores in a row) where the parts do not line up.
    EmptySegment,
    /// Nothing at all.
    EmptyName,
}

/// What is wrong with a file name: the part, what the standard expects there, and what was
/// found. The [`Error`] of a name that cannot be read or built holds it
/// ([`ErrorKind::InvalidName`]); it is not an error type of its own.
///
/// [`Display`](fmt::Display) gives an English sentence, [`message_ja`](NameFlaw::message_ja)
/// the Japanese one; [`expected`](NameFlaw::expected) is written in the standard's own
/// notation (`送信元事業所番号(10桁)`), so it reads the same in both languages.
///
/// ```
/// use careplan_csv::{ErrorKind, FileName, NamePart};
/// let err = FileName::parse("UPPLAN_201912_123456789_43_0300000005_11_20191025200201.CSV")
///     .unwrap_err();
/// assert_eq!(err.to_string(), "sender office number must be 10 digits, found 9: 123456789");
/// let ErrorKind::InvalidName(flaw) = err.into_kind() else { unreachable!() };
/// assert_eq!(flaw.part(), NamePart::SenderOffice);
/// assert_eq!(flaw.found(), "123456789");
/// assert_eq!(flaw.expected(), "送信元事業所番号(10桁)");
/// assert_eq!(flaw.to_string(), "sender office number must be 10 digits, found 9: 123456789");
/// assert_eq!(flaw.message_ja(), "送信元事業所番号は10桁の数字です。9桁でした: 123456789");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameFlaw {
    part: NamePart,
    reason: Reason,
    expected: String,
    found: String,
}

impl NameFlaw {
    /// An error in `part` for `reason`; `found` is the text found there.
    pub(crate) fn new(part: NamePart, reason: Reason, found: impl Into<String>) -> NameFlaw {
        let expected = match &reason {
            Reason::MissingMonth { kind }
            | Reason::UnexpectedMonth { kind }
            | Reason::Segments { kind, .. } => super::pattern(*kind),
            Reason::UnsetMonth { .. } => "対象年月(YYYYMM)".to_string(),
            Reason::MissingBranch => part.expected(),
            Reason::UnexpectedBranch { kind } => super::pattern(*kind),
            Reason::Extension { want } => format!(".{want}"),
            Reason::EmptySegment | Reason::EmptyName => NamePart::Structure.expected(),
            _ => part.expected(),
        };
        NameFlaw {
            part,
            reason,
            expected,
            found: found.into(),
        }
    }

    /// The same error, said of another part (an office number read as the sender's).
    pub(crate) fn for_part(self, part: NamePart) -> NameFlaw {
        NameFlaw::new(part, self.reason, self.found)
    }

    /// Overrides the expected text.
    pub(crate) fn expecting(mut self, expected: impl Into<String>) -> NameFlaw {
        self.expected = expected.into();
        self
    }

    /// Which part of the name is wrong.
    pub fn part(&self) -> NamePart {
        self.part
    }

    /// What the standard expects there, in its own notation: `送信元事業所番号(10桁)`, `.CSV`,
    /// the list of known prefixes, or the name pattern of the kind.
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// The text found there, as written (empty when the part is missing or empty).
    pub fn found(&self) -> &str {
        &self.found
    }

    /// The message in Japanese, e.g. 「送信元事業所番号は10桁の数字です。9桁でした: 123456789」.
    pub fn message_ja(&self) -> String {
        let part = self.part.name_ja();
        let found = &self.found;
        match &self.reason {
            Reason::Digits { want } => {
                format!("{part}は{want}桁の数字です。{}", describe_ja(found))
            }
            Reason::Missing => {
                format!("{part}がありません。ファイル名のすべての部分が必要です")
            }
            Reason::MissingMonth { kind } => format!(
                "対象年月がありません。{kind} のファイル名には先頭の次に6桁の対象年月が必要です"
            ),
            Reason::UnexpectedMonth { kind } => {
                format!("{kind} のファイル名に対象年月は付けません。{found} がありました")
            }
            Reason::BadMonth => {
                format!("対象年月は6桁の年月（月は01～12）です。{found} でした")
            }
            Reason::UnsetMonth { kind } => format!(
                "対象年月 000000 は UPHOSOKU だけに使えます。{kind} のファイル名にありました"
            ),
            Reason::KindLength => {
                format!("{part}は2桁です。{}", describe_ja(found))
            }
            Reason::V40Segment => format!(
                "{part}は2桁のサービス種類コードです。4.0形式の3桁のサービスコード {found} でした"
            ),
            Reason::UnknownKind => {
                format!("{part} {found} は標準仕様のサービス種類コードにありません")
            }
            Reason::BadSequence => {
                format!("ファイル連番は実在する日時を年月日時分秒の14桁で表したものです。{found} でした")
            }
            Reason::MissingBranch => {
                "UPKIHON_IMAGE のファイル名は4桁の枝番で終わります。枝番がありません".to_string()
            }
            Reason::UnexpectedBranch { kind } => format!(
                "枝番を付けるのは UPKIHON_IMAGE だけです。{kind} のファイル名に {found} がありました"
            ),
            Reason::Extension { want } => {
                if found.is_empty() {
                    format!("拡張子は .{want} です。拡張子がありません")
                } else {
                    format!("拡張子は .{want} です。.{found} でした")
                }
            }
            Reason::UnknownPrefix => {
                let list = known_prefixes();
                if found.is_empty() {
                    format!("ファイル名の先頭は {list} のいずれかです。ありませんでした")
                } else {
                    format!("ファイル名の先頭は {list} のいずれかです。{found} でした")
                }
            }
            Reason::Segments {
                kind,
                count,
                with_month,
            } => {
                let (full, legacy) = counts(*kind, *with_month);
                format!(
                    "{kind} のファイル名は先頭の後に{full}個の部分（サービス種類コードのない旧形式は{legacy}個）が必要です。{count}個でした: {found}"
                )
            }
            Reason::EmptySegment => format!(
                "ファイル名に空の部分（アンダースコアの連続）があります。すべての部分が必要です: {found}"
            ),
            Reason::EmptyName => "ファイル名が空です".to_string(),
        }
    }

    /// This flaw as a [`Problem`] of kind [`ProblemKind::InvalidFileName`], error severity,
    /// located in `file`. When nothing was found (a missing or empty part), the problem's
    /// `found` is the file name itself.
    pub fn to_problem(&self, file: &str) -> Problem {
        let found = if self.found.is_empty() {
            super::base_name(file)
        } else {
            &self.found
        };
        Problem::error(ProblemKind::InvalidFileName)
            .in_file(file)
            .expected(self.expected.clone())
            .found(found)
    }
}

/// How many parts follow the prefix in the 4.1 form and in the legacy form.
fn counts(kind: FileKind, with_month: bool) -> (usize, usize) {
    let extra = usize::from(with_month) + usize::from(kind == FileKind::YoboKihonImage);
    (5 + extra, 3 + extra)
}

/// `found 9: 123456789`, `found an empty segment`, `found 03000A0100, which is not all digits`.
fn describe_en(found: &str) -> String {
    if found.is_empty() {
        "found an empty segment".to_string()
    } else if found.bytes().all(|b| b.is_ascii_digit()) {
        format!("found {}: {found}", found.chars().count())
    } else {
        format!("found {found}, which is not all digits")
    }
}

/// The Japanese of [`describe_en`].
fn describe_ja(found: &str) -> String {
    if found.is_empty() {
        "空でした".to_string()
    } else if found.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}桁でした: {found}", found.chars().count())
    } else {
        format!("数字以外を含んでいます: {found}")
    }
}

impl fmt::Display for NameFlaw {
    /// The message in English, e.g. `sender office number must be 10 digits, found 9: 123456789`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = self.part.name_en();
        let found = &self.found;
        match &self.reason {
            Reason::Digits { want } => {
                write!(f, "{part} must be {want} digits, {}", describe_en(found))
            }
            Reason::Missing => write!(
                f,
                "{part} is missing; every part of a file name is required"
            ),
            Reason::MissingMonth { kind } => write!(
                f,
                "month (対象年月) is missing: {kind} names carry a year and month of 6 digits after the prefix"
            ),
            Reason::UnexpectedMonth { kind } => {
                write!(f, "{kind} names carry no month (対象年月), found {found}")
            }
            Reason::BadMonth => write!(
                f,
                "month (対象年月) must be 6 digits of a year and a month from 01 to 12, found {found}"
            ),
            Reason::UnsetMonth { kind } => write!(
                f,
                "month 000000 is only allowed for UPHOSOKU, found it in a {kind} name"
            ),
            Reason::KindLength => {
                let d = if found.is_empty() {
                    "found an empty segment".to_string()
                } else {
                    format!("found {}: {found}", found.chars().count())
                };
                write!(f, "{part} must be 2 characters, {d}")
            }
            Reason::V40Segment => write!(
                f,
                "{part} must be a 2-character service-kind code, found the 3-digit service code {found} of the 4.0 form"
            ),
            Reason::UnknownKind => write!(
                f,
                "{part} must be a service-kind code of the standard, found unknown code {found}"
            ),
            Reason::BadSequence => write!(
                f,
                "file sequence number must be a real date and time in 14 digits (year, month, day, hour, minute, second), found {found}"
            ),
            Reason::MissingBranch => write!(
                f,
                "UPKIHON_IMAGE names end with a 4-digit branch number, found none"
            ),
            Reason::UnexpectedBranch { kind } => write!(
                f,
                "only UPKIHON_IMAGE names carry a branch number, found {found} for {kind}"
            ),
            Reason::Extension { want } => {
                if found.is_empty() {
                    write!(f, "extension must be .{want}, found none")
                } else {
                    write!(f, "extension must be .{want}, found .{found}")
                }
            }
            Reason::UnknownPrefix => {
                let list = known_prefixes();
                if found.is_empty() {
                    write!(f, "prefix must be one of {list}, found nothing")
                } else {
                    write!(f, "prefix must be one of {list}, found {found}")
                }
            }
            Reason::Segments {
                kind,
                count,
                with_month,
            } => {
                let (full, legacy) = counts(*kind, *with_month);
                write!(
                    f,
                    "a {kind} name must have {full} parts after the prefix ({legacy} in the legacy form without service-kind codes), found {count}: {found}"
                )
            }
            Reason::EmptySegment => write!(
                f,
                "the name has an empty part (two underscores in a row); every part is required: {found}"
            ),
            Reason::EmptyName => f.write_str("the file name is empty"),
        }
    }
}

impl From<NameFlaw> for Error {
    fn from(flaw: NameFlaw) -> Error {
        Error::new(ErrorKind::InvalidName(flaw))
    }
}

/// The problem of a name that could not be read ([`NameFlaw::to_problem`]), located in
/// `file`.
pub(crate) fn name_problem(error: &Error, file: &str) -> Problem {
    match error.kind() {
        ErrorKind::InvalidName(flaw) => flaw.to_problem(file),
        _ => Problem::error(ProblemKind::InvalidFileName)
            .in_file(file)
            .found(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_messages_in_both_languages() {
        let e = NameFlaw::new(
            NamePart::ReceiverOffice,
            Reason::Digits { want: 10 },
            "03000A0100",
        );
        assert_eq!(
            e.to_string(),
            "receiver office number must be 10 digits, found 03000A0100, which is not all digits"
        );
        assert_eq!(
            e.message_ja(),
            "送信先事業所番号は10桁の数字です。数字以外を含んでいます: 03000A0100"
        );
        let e = NameFlaw::new(NamePart::Branch, Reason::Digits { want: 4 }, "");
        assert_eq!(
            e.to_string(),
            "branch number must be 4 digits, found an empty segment"
        );
        assert_eq!(e.message_ja(), "枝番は4桁の数字です。空でした");
        assert_eq!(e.expected(), "枝番(4桁)");
    }

    #[test]
    fn to_problem_uses_the_file_name_when_nothing_was_found() {
        let e = NameFlaw::new(NamePart::Sequence, Reason::Missing, "");
        let p = e.to_problem("dir/UPPLAN_x.CSV");
        assert_eq!(p.kind, ProblemKind::InvalidFileName);
        assert!(p.is_error());
        assert_eq!(p.found.as_deref(), Some("UPPLAN_x.CSV"));
        assert_eq!(p.location.file.as_deref(), Some("dir/UPPLAN_x.CSV"));
        assert_eq!(
            p.expected.as_deref(),
            Some("ファイル連番 YYYYMMDDHHMMSS(14桁)")
        );
    }

    #[test]
    fn for_part_recomputes_expected() {
        let e = NameFlaw::new(NamePart::Office, Reason::Digits { want: 10 }, "1")
            .for_part(NamePart::SenderOffice);
        assert_eq!(e.part(), NamePart::SenderOffice);
        assert_eq!(e.expected(), "送信元事業所番号(10桁)");
    }
}
