//! The error of an operation that could not go on: I/O, not a ZIP, an archive refused for
//! safety, a limit exceeded.
//!
//! Data that is merely wrong is not an error: it is a
//! [`Problem`], and reading goes on. An [`Error`] means the
//! operation stopped.

use std::fmt;
use std::io;

use careplan_model::{Position, Problem};

/// Why a name was refused, beyond traversal and absolute paths (which have their own
/// [`ErrorKind`] variants).
///
/// ```
/// use careplan_bundle::{ArchiveWriter, ErrorKind, NameIssue};
/// let mut w = ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
/// let err = w.add("202412\\UPPLAN.CSV", b"").unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::InvalidName { issue: NameIssue::Backslash }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameIssue {
    /// The name is empty, or only separators and `.` components.
    Empty,
    /// The name holds a control character (including NUL).
    ControlCharacter,
    /// A component holds `:`, which Windows reads as a drive or an alternate data stream.
    Colon,
    /// A name given to the writer holds `\`; write `/` between folder and file.
    Backslash,
    /// A name given to the writer has an empty, `.` or `..` component, or ends in `/`.
    NotPlain,
    /// A name given to the writer is one the reader skips (`__MACOSX/`, `._*`, `.DS_Store`,
    /// `Thumbs.db`, `desktop.ini`), so it would not come back.
    Reserved,
}

impl NameIssue {
    fn message_en(self) -> &'static str {
        match self {
            NameIssue::Empty => "the name is empty",
            NameIssue::ControlCharacter => "the name holds a control character",
            NameIssue::Colon => "the name holds ':', which Windows reads as a drive or a stream",
            NameIssue::Backslash => "the name holds '\\'; use '/' between folder and file",
            NameIssue::NotPlain => {
                "the name is not a plain file name or folder/name (empty, '.' or '..' part, or a trailing '/')"
            }
            NameIssue::Reserved => {
                "the name is one that readers skip (__MACOSX, ._*, .DS_Store, Thumbs.db, desktop.ini)"
            }
        }
    }

    fn message_ja(self) -> &'static str {
        match self {
            NameIssue::Empty => "名前が空です",
            NameIssue::ControlCharacter => "名前に制御文字が含まれています",
            NameIssue::Colon => "名前に「:」が含まれています（Windows ではドライブ名やストリームと解釈されます）",
            NameIssue::Backslash => "名前に「\\」が含まれています（フォルダとファイルの区切りは「/」にしてください）",
            NameIssue::NotPlain => {
                "ファイル名または「フォルダ/ファイル名」の形になっていません（空の部分、「.」「..」、末尾の「/」）"
            }
            NameIssue::Reserved => {
                "読み込み時に読み飛ばされる名前です（__MACOSX、._*、.DS_Store、Thumbs.db、desktop.ini）"
            }
        }
    }
}

impl fmt::Display for NameIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_en())
    }
}

/// What went wrong. The entry it concerns, when there is one, is on the [`Error`].
///
/// ```
/// use careplan_bundle::{ArchiveReader, ErrorKind};
/// let err = ArchiveReader::new(std::io::Cursor::new(b"202407,1\r\n".to_vec())).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::NotZip { .. }));
/// assert_eq!(err.entry(), None);
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing the underlying file failed.
    Io(io::Error),
    /// The input is not a ZIP archive this crate can read (no end record, split archive …).
    NotZip {
        /// What was found wrong, in English.
        detail: String,
    },
    /// The archive's structure contradicts itself (central directory, end record, offsets).
    Malformed {
        /// What was found wrong, in English.
        detail: String,
    },
    /// The data of an entry is damaged (checksum mismatch, broken deflate stream).
    CorruptEntry {
        /// What was found wrong, in English.
        detail: String,
    },
    /// The archive holds more entries than the limit.
    TooManyEntries {
        /// The number of entries in the archive.
        count: u64,
        /// The limit.
        limit: usize,
    },
    /// An entry name is longer than the limit (in bytes, as stored).
    NameTooLong {
        /// The length of the stored name in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// An entry name cannot be used.
    InvalidName {
        /// Why.
        issue: NameIssue,
    },
    /// An entry name climbs out of its folder with a `..` component.
    PathTraversal,
    /// An entry name is absolute (`/x`, `\x`, `C:\x`, `C:x`, `\\server\share`).
    AbsolutePath,
    /// An entry is encrypted; this crate reads no encrypted archives.
    Encrypted,
    /// An entry is a symbolic link.
    Symlink,
    /// An entry is a special file (device, FIFO, socket).
    SpecialFile {
        /// The Unix file mode stored for it.
        mode: u32,
    },
    /// An entry uses a compression method other than stored (0) or deflate (8).
    UnsupportedCompression {
        /// The method number from the archive.
        method: u16,
    },
    /// An entry's size is over the per-entry limit.
    EntryTooLarge {
        /// The entry's (declared) uncompressed size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The entries' sizes added up (up to and including the named entry) pass the limit.
    TotalTooLarge {
        /// The running total that passed the limit.
        total: u64,
        /// The limit.
        limit: u64,
    },
    /// An entry's declared compression ratio is beyond the limit (a ZIP bomb).
    RatioTooHigh {
        /// The declared uncompressed size.
        size: u64,
        /// The compressed size.
        compressed: u64,
        /// The limit of uncompressed bytes per compressed byte.
        limit: u64,
    },
    /// Two entries have the same name, ignoring case and `\` vs `/`, or a file has the
    /// name of a folder.
    DuplicateName {
        /// The name of the entry that came first.
        first: String,
    },
    /// An entry's data turned out larger than the size its header declares; reading stopped
    /// at the declared size.
    ExceedsDeclaredSize {
        /// The declared uncompressed size.
        declared: u64,
    },
    /// No entry has this index.
    NoSuchEntry {
        /// The index asked for.
        index: usize,
        /// The number of entries listed.
        len: usize,
    },
    /// A time a ZIP cannot hold (DOS times run from 1980 to 2107).
    InvalidTime {
        /// The time asked for, as text.
        time: String,
    },
    /// A file could not be read or written as CSV (I/O, a record over the size limit, a
    /// character MS932 cannot hold).
    Csv(Box<careplan_csv::Error>),
    /// A file name could not be built from the parts given.
    Name(Box<careplan_csv::Error>),
    /// Records given to a writer break the standard; nothing was written. The problems
    /// (errors and warnings) say where.
    InvalidRecords {
        /// The number of error-severity problems.
        errors: usize,
        /// The first error's message, in English.
        first: String,
        /// Every problem found, errors and warnings.
        problems: Vec<Problem>,
    },
}

impl fmt::Display for ErrorKind {
    /// The English sentence (the message of an [`Error`] of this kind, without its entry
    /// and file).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Io(e) => write!(f, "I/O error: {e}"),
            ErrorKind::NotZip { detail } => write!(
                f,
                "the input is not a readable ZIP archive ({detail})"
            ),
            ErrorKind::Malformed { detail } => write!(f, "the ZIP archive is malformed: {detail}"),
            ErrorKind::CorruptEntry { detail } => write!(f, "the data is damaged ({detail})"),
            ErrorKind::TooManyEntries { count, limit } => write!(
                f,
                "the archive holds {count} entries, more than the limit of {limit}"
            ),
            ErrorKind::NameTooLong { length, limit } => write!(
                f,
                "the name is {length} bytes long, more than the limit of {limit}"
            ),
            ErrorKind::InvalidName { issue } => write!(f, "the name cannot be used: {issue}"),
            ErrorKind::PathTraversal => write!(
                f,
                "the name climbs out of the archive with a '..' component (path traversal)"
            ),
            ErrorKind::AbsolutePath => write!(f, "the name is an absolute path"),
            ErrorKind::Encrypted => write!(
                f,
                "the entry is encrypted (password-protected), which is not supported"
            ),
            ErrorKind::Symlink => write!(f, "the entry is a symbolic link, which is not accepted"),
            ErrorKind::SpecialFile { mode } => write!(
                f,
                "the entry is a special file (Unix mode {mode:o}), not a regular file"
            ),
            ErrorKind::UnsupportedCompression { method } => write!(
                f,
                "the entry uses compression method {method}, which is not supported (only stored and deflate are)"
            ),
            ErrorKind::EntryTooLarge { limit, size } => write!(
                f,
                "the entry is {size} bytes uncompressed, more than the limit of {limit}"
            ),
            ErrorKind::TotalTooLarge { limit, total } => write!(
                f,
                "the uncompressed sizes add up to {total} bytes with this entry, more than the limit of {limit}"
            ),
            ErrorKind::RatioTooHigh { compressed, limit, size } => write!(
                f,
                "the entry declares {size} bytes from {compressed} compressed bytes, a ratio over the limit of {limit}:1 (ZIP bomb)"
            ),
            ErrorKind::DuplicateName { first } => write!(
                f,
                "the name is already used by {first:?} (names compare without regard to case)"
            ),
            ErrorKind::ExceedsDeclaredSize { declared } => write!(
                f,
                "the data is larger than the declared {declared} bytes; reading stopped there"
            ),
            ErrorKind::NoSuchEntry { index, len } => write!(
                f,
                "there is no entry {index}; the archive lists {len}"
            ),
            ErrorKind::InvalidTime { time } => write!(
                f,
                "{time} cannot be stored in a ZIP (years 1980 to 2107 only)"
            ),
            ErrorKind::Csv(e) => write!(f, "{e}"),
            ErrorKind::Name(e) => write!(f, "the file name cannot be built: {e}"),
            ErrorKind::InvalidRecords { errors, first, .. } => write!(
                f,
                "the records break the standard in {} (first: {first}); nothing was written",
                places(errors)
            ),
        }
    }
}

/// `"1 place"` or `"N places"`.
fn places(n: &usize) -> String {
    if *n == 1 {
        "1 place".to_string()
    } else {
        format!("{n} places")
    }
}

impl ErrorKind {
    fn message_ja(&self) -> String {
        match self {
            ErrorKind::Io(e) => format!("ファイルの読み書きに失敗しました（{e}）"),
            ErrorKind::NotZip { detail } => {
                format!("ZIP ファイルとして読み取れません（{detail}）")
            }
            ErrorKind::Malformed { detail } => {
                format!("ZIP ファイルの構造が壊れています（{detail}）")
            }
            ErrorKind::CorruptEntry { detail } => format!("データが壊れています（{detail}）"),
            ErrorKind::TooManyEntries { count, limit } => {
                format!("ZIP 内の項目数 {count} が上限 {limit} を超えています")
            }
            ErrorKind::NameTooLong { length, limit } => {
                format!("名前が長すぎます（{length} バイト、上限 {limit} バイト）")
            }
            ErrorKind::InvalidName { issue } => {
                format!("この名前は使えません: {}", issue.message_ja())
            }
            ErrorKind::PathTraversal => {
                "名前に「..」が含まれ、ZIP のフォルダの外を指しています（パストラバーサル）"
                    .to_string()
            }
            ErrorKind::AbsolutePath => {
                "名前が絶対パス（/ や \\ や C:\\ で始まる）になっています".to_string()
            }
            ErrorKind::Encrypted => {
                "暗号化（パスワード付き）されています。パスワードなしの ZIP で受け渡してください"
                    .to_string()
            }
            ErrorKind::Symlink => "シンボリックリンクは受け付けません".to_string(),
            ErrorKind::SpecialFile { mode } => {
                format!("通常のファイルではありません（Unix の種別 {mode:o}）")
            }
            ErrorKind::UnsupportedCompression { method } => format!(
                "対応していない圧縮方式（方式番号 {method}）です。通常の ZIP（無圧縮または Deflate）にしてください"
            ),
            ErrorKind::EntryTooLarge { size, limit } => {
                format!("展開後のサイズ {size} バイトが上限 {limit} バイトを超えています")
            }
            ErrorKind::TotalTooLarge { total, limit } => format!(
                "この項目までの展開後の合計サイズ {total} バイトが上限 {limit} バイトを超えています"
            ),
            ErrorKind::RatioTooHigh {
                size,
                compressed,
                limit,
            } => format!(
                "圧縮率が異常です（{compressed} バイトから {size} バイトに展開、上限 {limit} 倍）。ZIP 爆弾の可能性があります"
            ),
            ErrorKind::DuplicateName { first } => format!(
                "「{}」と同じ名前です（大文字・小文字は区別しません）",
                first.escape_debug()
            ),
            ErrorKind::ExceedsDeclaredSize { declared } => format!(
                "展開すると記録されたサイズ {declared} バイトを超えるため、そこで読み込みを止めました（ZIP が壊れているか改ざんされています）"
            ),
            ErrorKind::NoSuchEntry { index, len } => {
                format!("{index} 番の項目はありません（項目数 {len}）")
            }
            ErrorKind::InvalidTime { time } => format!(
                "{time} は ZIP に記録できない日時です（1980年から2107年までにしてください）"
            ),
            ErrorKind::Csv(e) => e.message_ja(),
            ErrorKind::Name(e) => format!("ファイル名を作れません: {}", e.message_ja()),
            ErrorKind::InvalidRecords {
                errors, problems, ..
            } => {
                let first = problems
                    .iter()
                    .find(|p| p.is_error())
                    .map(Problem::message_ja)
                    .unwrap_or_default();
                format!(
                    "レコードに標準仕様に反する箇所が {errors} 件あるため出力しませんでした（最初の箇所: {first}）"
                )
            }
        }
    }
}

/// An error of the bundle layer, naming the archive entry it concerns when there is one.
///
/// ```
/// use careplan_bundle::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::PathTraversal).for_entry("../evil.CSV");
/// assert!(matches!(e.kind(), ErrorKind::PathTraversal));
/// assert_eq!(e.entry(), Some("../evil.CSV"));
/// assert_eq!(
///     e.to_string(),
///     "entry \"../evil.CSV\": the name climbs out of the archive with a '..' component (path traversal)"
/// );
/// assert!(e.message_ja().starts_with("ZIP 内の「../evil.CSV」: "));
/// ```
///
/// The error is one pointer wide (its parts are boxed). [`Debug`](fmt::Debug) writes the
/// sentence of [`Display`](fmt::Display), so an error returned from `main` reads as a
/// message; `{:#?}` shows the parts. [`source`](std::error::Error::source) chains to the
/// CSV layer's error, a name's error or the I/O error underneath.
///
/// ```
/// use careplan_bundle::{Error, ErrorKind};
/// let e = Error::new(ErrorKind::PathTraversal).for_entry("../evil.CSV");
/// assert_eq!(format!("{e:?}"), e.to_string());
/// assert!(format!("{e:#?}").contains("PathTraversal"));
/// assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
/// assert!(matches!(e.into_kind(), ErrorKind::PathTraversal));
/// ```
pub struct Error(Box<Inner>);

/// The parts of an [`Error`].
#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    entry: Option<String>,
    file: Option<String>,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("Error")
                .field("kind", &self.0.kind)
                .field("entry", &self.0.entry)
                .field("file", &self.0.file)
                .finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl Error {
    /// An error of `kind`, concerning no entry in particular.
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner {
            kind,
            entry: None,
            file: None,
        }))
    }

    /// Names the archive entry the error concerns (the name as stored in the archive).
    pub fn for_entry(mut self, entry: impl Into<String>) -> Error {
        self.0.entry = Some(entry.into());
        self
    }

    /// Names the file (a path, an archive, an upload) the error concerns.
    ///
    /// ```
    /// use careplan_bundle::{Error, ErrorKind};
    /// let e = Error::new(ErrorKind::Encrypted).for_file("in/month.zip").for_entry("a.CSV");
    /// assert_eq!(e.file(), Some("in/month.zip"));
    /// assert!(e.to_string().starts_with("in/month.zip: entry \"a.CSV\": "));
    /// assert!(e.message_ja().starts_with("in/month.zip: ZIP 内の「a.CSV」: "));
    /// ```
    pub fn for_file(mut self, file: impl Into<String>) -> Error {
        self.0.file = Some(file.into());
        self
    }

    /// What went wrong, taken out of the error.
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// The file concerned, when there is one.
    pub fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }

    /// The error of records that break the standard, from the problems found.
    pub(crate) fn invalid_records(problems: Vec<Problem>) -> Error {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let first = problems
            .iter()
            .find(|p| p.is_error())
            .map(ToString::to_string)
            .unwrap_or_default();
        Error::new(ErrorKind::InvalidRecords {
            errors,
            first,
            problems,
        })
    }

    /// The problems of [`ErrorKind::InvalidRecords`]; empty for other kinds.
    pub fn problems(&self) -> &[Problem] {
        match &self.0.kind {
            ErrorKind::InvalidRecords { problems, .. } => problems,
            _ => &[],
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The archive entry concerned, when there is one.
    pub fn entry(&self) -> Option<&str> {
        self.0.entry.as_deref()
    }

    /// Where in a file it happened, when the CSV layer's error underneath knows
    /// ([`ErrorKind::Csv`]); `None` for the errors of archives, names and records given to
    /// a writer, which concern an entry or a file as a whole.
    ///
    /// ```
    /// use careplan_bundle::{Error, ErrorKind};
    /// use careplan_model::Position;
    /// let csv = careplan_csv::Error::new(careplan_csv::ErrorKind::RecordTooLarge { limit: 10 })
    ///     .at(Position::new(120, 3, 3));
    /// let e = Error::from(csv);
    /// assert_eq!(e.position().map(|p| p.line()), Some(3));
    /// assert_eq!(Error::new(ErrorKind::Encrypted).position(), None);
    /// ```
    pub fn position(&self) -> Option<Position> {
        match &self.0.kind {
            ErrorKind::Csv(e) | ErrorKind::Name(e) => e.position(),
            _ => None,
        }
    }

    /// The English message (the same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The message in Japanese, for care staff.
    pub fn message_ja(&self) -> String {
        let mut s = String::new();
        if let Some(file) = &self.0.file {
            s.push_str(file);
            s.push_str(": ");
        }
        if let Some(entry) = &self.0.entry {
            s.push_str(&format!("ZIP 内の「{}」: ", entry.escape_debug()));
        }
        s.push_str(&self.0.kind.message_ja());
        s
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.0.file {
            write!(f, "{file}: ")?;
        }
        if let Some(entry) = &self.0.entry {
            write!(f, "entry {entry:?}: ")?;
        }
        write!(f, "{}", self.0.kind)
    }
}

impl std::error::Error for Error {
    /// The CSV layer's error (itself chained to the I/O error underneath), or the I/O
    /// error.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Csv(e) | ErrorKind::Name(e) => Some(&**e),
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

impl From<careplan_csv::Error> for Error {
    /// The CSV layer's error: [`ErrorKind::Name`] for a file name that cannot be built,
    /// [`ErrorKind::Csv`] otherwise.
    fn from(e: careplan_csv::Error) -> Error {
        match e.kind() {
            careplan_csv::ErrorKind::InvalidName(_) => Error::new(ErrorKind::Name(Box::new(e))),
            _ => Error::new(ErrorKind::Csv(Box::new(e))),
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<ErrorKind> {
        vec![
            ErrorKind::Io(io::Error::other("disk gone")),
            ErrorKind::NotZip {
                detail: "no end record".into(),
            },
            ErrorKind::Malformed {
                detail: "offsets overlap".into(),
            },
            ErrorKind::CorruptEntry {
                detail: "checksum".into(),
            },
            ErrorKind::TooManyEntries {
                count: 11,
                limit: 10,
            },
            ErrorKind::NameTooLong {
                length: 2000,
                limit: 1024,
            },
            ErrorKind::InvalidName {
                issue: NameIssue::Colon,
            },
            ErrorKind::PathTraversal,
            ErrorKind::AbsolutePath,
            ErrorKind::Encrypted,
            ErrorKind::Symlink,
            ErrorKind::SpecialFile { mode: 0o010644 },
            ErrorKind::UnsupportedCompression { method: 12 },
            ErrorKind::EntryTooLarge {
                size: 2000,
                limit: 1000,
            },
            ErrorKind::TotalTooLarge {
                total: 2000,
                limit: 1000,
            },
            ErrorKind::RatioTooHigh {
                size: 1_000_000,
                compressed: 100,
                limit: 200,
            },
            ErrorKind::DuplicateName {
                first: "a.CSV".into(),
            },
            ErrorKind::ExceedsDeclaredSize { declared: 10 },
            ErrorKind::NoSuchEntry { index: 3, len: 2 },
            ErrorKind::InvalidTime {
                time: "1970-01-01 00:00:00".into(),
            },
            ErrorKind::Csv(Box::new(careplan_csv::Error::new(
                careplan_csv::ErrorKind::RecordTooLarge { limit: 10 },
            ))),
            ErrorKind::Name(Box::new(
                careplan_csv::FileName::parse("UPPLAN.CSV")
                    .expect_err("not a name of the standard"),
            )),
            Error::invalid_records(vec![Problem::error(
                careplan_model::ProblemKind::InvalidDate,
            )
            .found("20250230")])
            .into_kind(),
        ]
    }

    #[test]
    fn every_kind_has_distinct_english_and_japanese_messages() {
        let kinds = every_kind();
        let mut en = std::collections::HashSet::new();
        let mut ja = std::collections::HashSet::new();
        for kind in kinds {
            let e = Error::new(kind);
            let m_en = e.to_string();
            let m_ja = e.message_ja();
            assert!(!m_en.is_empty() && !m_ja.is_empty());
            assert_ne!(m_en, m_ja);
            assert!(!m_ja.is_ascii(), "not Japanese: {m_ja}");
            assert!(en.insert(m_en.clone()), "duplicate message {m_en}");
            assert!(ja.insert(m_ja.clone()), "duplicate message {m_ja}");
        }
    }

    #[test]
    fn every_name_issue_has_both_messages() {
        for issue in [
            NameIssue::Empty,
            NameIssue::ControlCharacter,
            NameIssue::Colon,
            NameIssue::Backslash,
            NameIssue::NotPlain,
            NameIssue::Reserved,
        ] {
            assert!(issue.message_en().is_ascii());
            assert!(!issue.message_ja().is_ascii());
        }
    }

    #[test]
    fn one_place_is_not_places() {
        let kind = |errors| ErrorKind::InvalidRecords {
            errors,
            first: "x".to_string(),
            problems: Vec::new(),
        };
        assert!(kind(1).to_string().contains("in 1 place (first: x)"));
        assert!(kind(2).to_string().contains("in 2 places (first: x)"));
    }

    #[test]
    fn entry_names_are_escaped_in_messages() {
        let e = Error::new(ErrorKind::Encrypted).for_entry("a\u{0}b");
        assert!(e.to_string().starts_with("entry \"a\\0b\": "));
        assert!(e.message_ja().contains("a\\0b"));
    }

    #[test]
    fn errors_stay_small() {
        assert!(
            std::mem::size_of::<Error>() <= 128,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn io_errors_keep_their_source() {
        let e = Error::from(io::Error::other("disk gone"));
        let source = std::error::Error::source(&e).map(|s| s.to_string());
        assert_eq!(source.as_deref(), Some("disk gone"));
    }
}
