//! The error of an operation that could not go on (I/O, limits, unmappable output).
//!
//! Data that is merely wrong is not an error: it is a [`Problem`](careplan_model::Problem)
//! attached to the record, and reading goes on.

use std::fmt;
use std::io;

use careplan_model::Position;

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
    /// A character MS932 cannot hold, in a record being written.
    Unmappable {
        /// The character.
        ch: char,
        /// The 1-based item No. of the field.
        item: usize,
        /// The 0-based character index in the field's text.
        char_index: usize,
    },
}

/// An error of the CSV layer, with the position it happened at when known.
///
/// ```
/// use careplan_csv::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::RecordTooLarge { limit: 10 });
/// assert!(matches!(e.kind(), ErrorKind::RecordTooLarge { limit: 10 }));
/// assert_eq!(e.to_string(), "a record is larger than the limit of 10 bytes");
/// ```
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    position: Option<Position>,
    file: Option<String>,
}

impl Error {
    /// An error of `kind`, nowhere in particular.
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            position: None,
            file: None,
        }
    }

    /// Sets where it happened.
    pub fn at(mut self, position: Position) -> Error {
        self.position = Some(position);
        self
    }

    /// Sets the file it happened in.
    pub fn in_file(mut self, file: Option<String>) -> Error {
        self.file = file;
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Where, when known.
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The file name, when known.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The message in Japanese, for care staff.
    pub fn message_ja(&self) -> String {
        let place = self.place_ja();
        let what = match &self.kind {
            ErrorKind::Io(e) => format!("ファイルの読み書きに失敗しました（{e}）"),
            ErrorKind::RecordTooLarge { limit } => {
                format!("レコードが上限 {limit} バイトを超えています（閉じていないダブルクォートの可能性があります）")
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
                char_index,
            } => format!(
                "No.{item} の {}文字目 {ch}（U+{:04X}）は MS932 で表せないため出力できません",
                char_index + 1,
                *ch as u32
            ),
        };
        format!("{place}{what}")
    }

    fn place_ja(&self) -> String {
        let mut s = String::new();
        if let Some(f) = &self.file {
            s.push_str(f);
            s.push(' ');
        }
        if let Some(p) = self.position {
            s.push_str(&format!("{}行目: ", p.line()));
        }
        s
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(p) = self.position {
            write!(
                f,
                "line {} (record {}, byte {}): ",
                p.line(),
                p.record(),
                p.byte()
            )?;
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "I/O error: {e}"),
            ErrorKind::RecordTooLarge { limit } => {
                write!(f, "a record is larger than the limit of {limit} bytes")
            }
            ErrorKind::KindMismatch { expected, found } => write!(
                f,
                "the file is {}, not {}",
                found.map_or("of an unknown kind".to_string(), |k| k.prefix().to_string()),
                expected.iter().map(|k| k.prefix()).collect::<Vec<_>>().join(" or ")
            ),
            ErrorKind::NotCsv => write!(f, "the file is not a CSV file of the standard"),
            ErrorKind::Unmappable { ch, item, char_index } => write!(
                f,
                "item No.{item}: character {ch:?} (U+{:04X}) at index {char_index} cannot be written in MS932",
                *ch as u32
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
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
