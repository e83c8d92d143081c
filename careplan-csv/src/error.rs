//! The crate's one error: an operation that could not go on (I/O, limits, unmappable
//! output), or a file name that cannot be read or built.
//!
//! Data that is merely wrong is not an error: it is a [`Problem`](careplan_model::Problem)
//! attached to the record, and reading goes on.

use std::fmt;
use std::io;

use careplan_model::value::CsvVersion;
use careplan_model::{Layout, Position};

use crate::filename::NameFlaw;

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing failed.
    Io(io::Error),
    /// A record (or one unterminated quoted field) is larger than the configured limit.
    RecordTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// Records of one kind were asked of a file of another kind.
    KindMismatch {
        /// The kinds the caller's record type views.
        expected: &'static [careplan_model::FileKind],
        /// The file's kind, if known.
        found: Option<careplan_model::FileKind>,
    },
    /// The file is not a CSV file of the standard (the family-structure image).
    NotCsv,
    /// A character MS932 cannot hold, in a record being written or a text encoded
    /// ([`ms932::encode_into`](crate::ms932::encode_into)).
    Unmappable {
        /// The character. When it is part of a substitute, `replacing` names the character
        /// of the text it replaced.
        ch: char,
        /// The 1-based item No. of the field; 0 for a text that is no item of a record.
        item: usize,
        /// The item's name in the layout (empty when the writer knows no layout).
        name: &'static str,
        /// The 0-based character index in the field's text (of the replaced character, for
        /// a substitute).
        char_index: usize,
        /// The 0-based byte offset in the (UTF-8) text (of the replaced character, for a
        /// substitute).
        byte_index: usize,
        /// The character of the text whose substitute held `ch`, if `ch` came from a
        /// substitution table rather than from the text.
        replacing: Option<char>,
    },
    /// A record whose CSVバージョン (item No.1) is not a version of the standard: a
    /// [`FileWriter`](crate::FileWriter) writes only known versions.
    UnknownVersion {
        /// The version the record holds.
        found: String,
    },
    /// A record of another CSVバージョン than the file's first record: one file never mixes
    /// versions.
    MixedVersions {
        /// The version of the file's first record.
        first: String,
        /// The version of this record.
        found: String,
    },
    /// A record without fields, or of one empty field: it would be written as a blank line,
    /// which is not a record, and lost on reading.
    EmptyRecord,
    /// The file is UTF-16, not MS932: it cannot be read as a file of the standard.
    Utf16 {
        /// Big-endian (`FE FF`) rather than little-endian (`FF FE`).
        big_endian: bool,
        /// Whether it starts with a byte order mark.
        bom: bool,
    },
    /// A value that reading would reject, in a record being written: a number longer than
    /// its item, a line break or comma in an item that is not free text, a record over the
    /// size a reader accepts. Nothing of the record is written.
    InvalidValue {
        /// The 1-based item No.
        item: usize,
        /// The item's name in the layout (empty when the writer knows no layout).
        name: &'static str,
        /// The value, or an excerpt of it.
        found: Box<str>,
        /// Why a reader would reject it.
        reason: Refusal,
    },
    /// A file name that cannot be read ([`FileName::parse`](crate::FileName::parse)) or
    /// built ([`FileNameBuilder::build`](crate::FileNameBuilder::build)): which part is
    /// wrong, what the standard expects there and what was found.
    InvalidName(NameFlaw),
}

/// Why a writer refuses a value ([`ErrorKind::InvalidValue`]): what a reader would reject
/// in it.
///
/// ```
/// use careplan_csv::Refusal;
/// assert_eq!(Refusal::TooLong { max: 2 }.to_string(), "longer than the item's 2 characters");
/// assert_eq!(Refusal::TooLong { max: 2 }.message_ja(), "項目の長さ 2 文字を超えています");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// Longer than the item's length in the layout (TooLong on reading).
    TooLong {
        /// The item's length in characters.
        max: u16,
    },
    /// A line break, comma or double quote in an item that is not free text: only free text
    /// is quoted, so the value would split the record or its line on reading.
    Delimiter,
    /// The record would be larger than a reader accepts (the value is its largest item).
    RecordTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
}

impl Refusal {
    /// The reason in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            Refusal::TooLong { max } => format!("項目の長さ {max} 文字を超えています"),
            Refusal::Delimiter => {
                "フリーテキスト以外の項目に改行・カンマ・ダブルクォートは入れられません".to_string()
            }
            Refusal::RecordTooLarge { limit } => {
                format!("レコードが読み込みの上限 {limit} バイトを超えます")
            }
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::TooLong { max } => write!(f, "longer than the item's {max} characters"),
            Refusal::Delimiter => write!(
                f,
                "a line break, comma or quote in an item that is not free text"
            ),
            Refusal::RecordTooLarge { limit } => write!(
                f,
                "the record would be larger than the {limit} bytes a reader accepts"
            ),
        }
    }
}

/// An error of the CSV layer, with the position it happened at when known.
///
/// ```
/// use careplan_csv::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::RecordTooLarge { limit: 10 });
/// assert!(matches!(e.kind(), ErrorKind::RecordTooLarge { limit: 10 }));
/// assert_eq!(
///     e.to_string(),
///     "a record is larger than the limit of 10 bytes (its bytes, and 48 more for each item past the 1,024th)"
/// );
/// ```
///
/// The error is one pointer wide (its parts are boxed), so a `Result<T, Error>` stays
/// small. [`Debug`](fmt::Debug) writes the sentence of [`Display`](fmt::Display), so an
/// error returned from `main` reads as a message; `{:#?}` shows the parts.
///
/// ```
/// use careplan_csv::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::RecordTooLarge { limit: 10 });
/// assert!(format!("{e:?}").starts_with("a record is larger than the limit of 10 bytes"));
/// assert!(format!("{e:#?}").contains("RecordTooLarge"));
/// assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
/// assert!(matches!(e.into_kind(), ErrorKind::RecordTooLarge { limit: 10 }));
/// ```
pub struct Error(Box<Inner>);

/// The parts of an [`Error`].
#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    position: Option<Position>,
    file: Option<String>,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("Error")
                .field("kind", &self.0.kind)
                .field("position", &self.0.position)
                .field("file", &self.0.file)
                .finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl Error {
    /// An error of `kind`, nowhere in particular.
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner {
            kind,
            position: None,
            file: None,
        }))
    }

    /// Sets where it happened.
    pub fn at(mut self, position: Position) -> Error {
        self.0.position = Some(position);
        self
    }

    /// Sets the file it happened in.
    pub fn in_file(mut self, file: Option<String>) -> Error {
        self.0.file = file;
        self
    }

    /// Names the item of an unmappable character after `layout`'s item.
    pub(crate) fn with_item_name(mut self, layout: Option<&Layout>) -> Error {
        if let (
            ErrorKind::Unmappable { item, name, .. } | ErrorKind::InvalidValue { item, name, .. },
            Some(layout),
        ) = (&mut self.0.kind, layout)
        {
            if let Some(it) = u16::try_from(*item).ok().and_then(|no| layout.item(no)) {
                *name = it.name;
            }
        }
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// What went wrong, taken out of the error.
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// Where, when known.
    pub fn position(&self) -> Option<Position> {
        self.0.position
    }

    /// The file name, when known.
    pub fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }

    /// The message in Japanese, for care staff.
    pub fn message_ja(&self) -> String {
        let place = self.place_ja();
        let what = match &self.0.kind {
            ErrorKind::Io(e) => format!("ファイルの読み書きに失敗しました（{e}）"),
            ErrorKind::RecordTooLarge { limit } => {
                format!("レコードが上限 {limit} バイトを超えています（項目が多すぎるか、閉じていないダブルクォートがある可能性があります）")
            }
            ErrorKind::KindMismatch { expected, found } => format!(
                "ファイルの種類が {} で、求められた {} と違います",
                found.map_or("不明".to_string(), |k| k.name_ja().to_string()),
                expected
                    .iter()
                    .map(|k| k.name_ja())
                    .collect::<Vec<_>>()
                    .join("・")
            ),
            ErrorKind::NotCsv => "CSV ファイルではありません（家族構成の画像など）".to_string(),
            ErrorKind::Unmappable {
                ch,
                item,
                name,
                char_index,
                replacing,
                ..
            } => {
                let item = if *item == 0 {
                    String::new()
                } else {
                    format!("{} の ", item_label(*item, name))
                };
                let what = match replacing {
                    None => format!("{ch}（U+{:04X}）", *ch as u32),
                    Some(from) => format!(
                        "{from}（U+{:04X}）の置き換え {ch}（U+{:04X}）",
                        *from as u32, *ch as u32
                    ),
                };
                format!(
                    "{item}{}文字目 {what}は MS932 で表せないため出力できません",
                    char_index + 1
                )
            }
            ErrorKind::UnknownVersion { found } => format!(
                "No.1 CSVバージョン {found} は標準仕様のバージョン（{}）ではないため出力できません",
                CsvVersion::KNOWN_LIST
            ),
            ErrorKind::MixedVersions { first, found } => format!(
                "No.1 CSVバージョン {found} がファイルの最初のレコードのバージョン {first} と違うため出力できません（1つのファイルにバージョンを混在させません）"
            ),
            ErrorKind::EmptyRecord => {
                "項目のないレコードは空行になり、読むときに失われるため出力できません".to_string()
            }
            ErrorKind::Utf16 { big_endian, bom } => format!(
                "ファイルが UTF-16（{}、BOM {}）のため読めません。文字コードは MS932（Shift-JIS）です",
                if *big_endian { "ビッグエンディアン" } else { "リトルエンディアン" },
                if *bom { "あり" } else { "なし" }
            ),
            ErrorKind::InvalidValue {
                item,
                name,
                found,
                reason,
            } => format!(
                "{} の値 {found} は読み込むと誤りになるため出力できません（{}）",
                item_label(*item, name),
                reason.message_ja()
            ),
            ErrorKind::InvalidName(flaw) => flaw.message_ja(),
        };
        format!("{place}{what}")
    }

    /// The place in Japanese: the file, then the line of a record read (`12行目`) or the
    /// number of a record written (`3件目`).
    fn place_ja(&self) -> String {
        let mut s = String::new();
        if let Some(f) = &self.0.file {
            s.push_str(f);
            s.push(' ');
        }
        match self.0.position {
            Some(p) if p.line() > 0 => s.push_str(&format!("{}行目: ", p.line())),
            Some(p) if p.record() > 0 => s.push_str(&format!("{}件目: ", p.record())),
            _ => {}
        }
        s
    }
}

/// `No.7 プラン担当者名`, or `No.7` when the name is not known.
fn item_label(item: usize, name: &str) -> String {
    if name.is_empty() {
        format!("No.{item}")
    } else {
        format!("No.{item} {name}")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.0.file {
            write!(f, "{file}: ")?;
        }
        match self.0.position {
            Some(p) if p.line() > 0 => write!(
                f,
                "line {} (record {}, byte {}): ",
                p.line(),
                p.record(),
                p.byte()
            )?,
            // A record being written has no line yet.
            Some(p) if p.record() > 0 => write!(f, "record {}: ", p.record())?,
            _ => {}
        }
        match &self.0.kind {
            ErrorKind::Io(e) => write!(f, "I/O error: {e}"),
            ErrorKind::RecordTooLarge { limit } => {
                write!(
                    f,
                    "a record is larger than the limit of {limit} bytes (its bytes, and 48 \
                     more for each item past the 1,024th)"
                )
            }
            ErrorKind::KindMismatch { expected, found } => write!(
                f,
                "the file is {}, not {}",
                found.map_or("of an unknown kind".to_string(), |k| k.prefix().to_string()),
                expected.iter().map(|k| k.prefix()).collect::<Vec<_>>().join(" or ")
            ),
            ErrorKind::NotCsv => write!(f, "the file is not a CSV file of the standard"),
            ErrorKind::Unmappable {
                ch,
                item,
                name,
                char_index,
                replacing,
                ..
            } => {
                if *item > 0 {
                    write!(f, "item {}: ", item_label(*item, name))?;
                }
                match replacing {
                    None => write!(
                        f,
                        "character {ch:?} (U+{:04X}) at index {char_index} cannot be written in MS932",
                        *ch as u32
                    ),
                    Some(from) => write!(
                        f,
                        "character {from:?} (U+{:04X}) at index {char_index} has a substitute holding {ch:?} (U+{:04X}), which cannot be written in MS932",
                        *from as u32,
                        *ch as u32
                    ),
                }
            }
            ErrorKind::UnknownVersion { found } => write!(
                f,
                "item No.1 CSVバージョン {found} is not a version of the standard ({}), so the record is not written",
                CsvVersion::KNOWN_LIST
            ),
            ErrorKind::MixedVersions { first, found } => write!(
                f,
                "item No.1 CSVバージョン {found} differs from {first}, the version of the file's first record; one file never mixes versions, so the record is not written"
            ),
            ErrorKind::EmptyRecord => write!(
                f,
                "a record without items would be written as a blank line, which is not a record, so it is not written"
            ),
            ErrorKind::Utf16 { big_endian, bom } => write!(
                f,
                "the file is UTF-16 ({}-endian, {} byte order mark), not MS932 as the standard requires: it cannot be read",
                if *big_endian { "big" } else { "little" },
                if *bom { "with a" } else { "without a" }
            ),
            ErrorKind::InvalidValue {
                item,
                name,
                found,
                reason,
            } => write!(
                f,
                "item {}: {found} would be rejected on reading ({reason}), so the record is not written",
                item_label(*item, name)
            ),
            ErrorKind::InvalidName(flaw) => write!(f, "{flaw}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}
