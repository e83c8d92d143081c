//! Entry names: decoding the stored bytes, checking and normalising paths, telling which
//! entries are skipped, and finding duplicates.

use std::collections::HashMap;
use std::fmt;

use encoding_rs::SHIFT_JIS;

use crate::error::{ErrorKind, NameIssue};

/// How an entry's stored name was turned into text.
///
/// ZIP names are bytes. Archives made by Japanese Windows often store them in MS932 without
/// the UTF-8 flag; macOS stores UTF-8 without the flag. The reader decodes:
/// flag set → UTF-8; Info-ZIP Unicode Path field → UTF-8 from it; plain ASCII → as is;
/// otherwise valid UTF-8 → UTF-8, else MS932. UTF-8 is tried before MS932 because MS932
/// text is almost never valid UTF-8 by chance, while UTF-8 Japanese (katakana especially)
/// often is valid MS932 and would come out as mojibake.
///
/// ```
/// use careplan_bundle::NameEncoding;
/// assert_eq!(NameEncoding::Ms932.to_string(), "MS932 (Shift_JIS), without the UTF-8 flag");
/// assert!(!NameEncoding::Ms932.is_declared());
/// assert!(NameEncoding::Ascii.is_declared());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NameEncoding {
    /// Plain ASCII (the standard's file names are ASCII).
    Ascii,
    /// UTF-8, as the entry's UTF-8 flag says.
    Utf8,
    /// UTF-8 from the Info-ZIP Unicode Path extra field (0x7075).
    UnicodePathField,
    /// UTF-8 without the UTF-8 flag (as macOS writes).
    Utf8Unflagged,
    /// MS932 (Shift_JIS) without the UTF-8 flag (as Japanese Windows writes).
    Ms932,
    /// Neither UTF-8 nor MS932; decoded as MS932 with U+FFFD for the bytes that do not fit.
    Lossy,
}

impl NameEncoding {
    /// Whether the archive itself says how the name is encoded (ASCII, UTF-8 flag, Unicode
    /// Path field), as opposed to a guess worth reporting.
    pub fn is_declared(self) -> bool {
        matches!(
            self,
            NameEncoding::Ascii | NameEncoding::Utf8 | NameEncoding::UnicodePathField
        )
    }

    /// A short Japanese description.
    pub fn describe_ja(self) -> &'static str {
        match self {
            NameEncoding::Ascii => "ASCII",
            NameEncoding::Utf8 => "UTF-8（UTF-8 フラグあり）",
            NameEncoding::UnicodePathField => "UTF-8（Unicode パス拡張フィールド）",
            NameEncoding::Utf8Unflagged => "UTF-8（UTF-8 フラグなし）",
            NameEncoding::Ms932 => "MS932（シフトJIS、UTF-8 フラグなし）",
            NameEncoding::Lossy => "不明な文字コード（読めない部分を � に置き換え）",
        }
    }
}

impl fmt::Display for NameEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameEncoding::Ascii => "ASCII",
            NameEncoding::Utf8 => "UTF-8 (UTF-8 flag set)",
            NameEncoding::UnicodePathField => "UTF-8 (Unicode Path extra field)",
            NameEncoding::Utf8Unflagged => "UTF-8, without the UTF-8 flag",
            NameEncoding::Ms932 => "MS932 (Shift_JIS), without the UTF-8 flag",
            NameEncoding::Lossy => {
                "an unknown encoding (bytes that fit neither UTF-8 nor MS932 became U+FFFD)"
            }
        })
    }
}

/// Decodes a stored name (see [`NameEncoding`] for the order of attempts).
pub(crate) fn decode_name(
    raw: &[u8],
    utf8_flag: bool,
    unicode_field: Option<&[u8]>,
) -> (String, NameEncoding) {
    if utf8_flag {
        if let Ok(s) = std::str::from_utf8(raw) {
            return (s.to_string(), NameEncoding::Utf8);
        }
    }
    if let Some(Ok(s)) = unicode_field.map(std::str::from_utf8) {
        return (s.to_string(), NameEncoding::UnicodePathField);
    }
    if raw.is_ascii() {
        // ASCII bytes are valid UTF-8.
        return (
            String::from_utf8_lossy(raw).into_owned(),
            NameEncoding::Ascii,
        );
    }
    if let Ok(s) = std::str::from_utf8(raw) {
        return (s.to_string(), NameEncoding::Utf8Unflagged);
    }
    let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(raw);
    let encoding = if had_errors {
        NameEncoding::Lossy
    } else {
        NameEncoding::Ms932
    };
    (text.into_owned(), encoding)
}

/// A stored name made safe: `/`-separated, no `.` or empty components, no trailing `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryPath {
    pub(crate) path: String,
    pub(crate) is_dir: bool,
}

fn is_drive_prefix(name: &str) -> bool {
    let mut chars = name.chars();
    matches!((chars.next(), chars.next()), (Some(d), Some(':')) if d.is_ascii_alphabetic())
}

/// Checks a decoded stored name and normalises it. `\` counts as a separator (Windows
/// tools write it), so traversal and absolute paths are found whichever separator is used.
pub(crate) fn normalise_stored(name: &str) -> Result<EntryPath, ErrorKind> {
    if name.chars().any(char::is_control) {
        return Err(ErrorKind::InvalidName {
            issue: NameIssue::ControlCharacter,
        });
    }
    let slashed = name.replace('\\', "/");
    if slashed.starts_with('/') || is_drive_prefix(&slashed) {
        return Err(ErrorKind::AbsolutePath);
    }
    let mut parts = Vec::new();
    for part in slashed.split('/') {
        match part {
            ".." => return Err(ErrorKind::PathTraversal),
            "" | "." => {}
            _ if part.contains(':') => {
                return Err(ErrorKind::InvalidName {
                    issue: NameIssue::Colon,
                })
            }
            _ => parts.push(part),
        }
    }
    let is_dir = slashed.ends_with('/');
    if parts.is_empty() && !is_dir {
        return Err(ErrorKind::InvalidName {
            issue: NameIssue::Empty,
        });
    }
    Ok(EntryPath {
        path: parts.join("/"),
        is_dir,
    })
}

/// Checks a name given to the writer: a plain file name or `folder/name`, with the reader's
/// rules and no sloppiness (no `\`, no `.` or empty parts, no trailing `/`).
pub(crate) fn validate_plain(name: &str) -> Result<(), ErrorKind> {
    if name.is_empty() {
        return Err(ErrorKind::InvalidName {
            issue: NameIssue::Empty,
        });
    }
    if name.contains('\\') {
        return Err(ErrorKind::InvalidName {
            issue: NameIssue::Backslash,
        });
    }
    let checked = normalise_stored(name)?;
    if checked.is_dir || checked.path != name {
        return Err(ErrorKind::InvalidName {
            issue: NameIssue::NotPlain,
        });
    }
    if skip_reason(&checked).is_some() {
        return Err(ErrorKind::InvalidName {
            issue: NameIssue::Reserved,
        });
    }
    Ok(())
}

/// Why an entry is skipped rather than listed.
///
/// ```
/// use careplan_bundle::SkipReason;
/// assert_eq!(SkipReason::Directory.to_string(), "a directory");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SkipReason {
    /// A directory entry (the files in it are listed).
    Directory,
    /// macOS metadata: `__MACOSX/…` or an AppleDouble `._name` file.
    MacMetadata,
    /// A file the desktop makes by itself: `.DS_Store`, `Thumbs.db`, `desktop.ini`.
    SystemFile,
}

impl SkipReason {
    /// A short Japanese description.
    pub fn describe_ja(self) -> &'static str {
        match self {
            SkipReason::Directory => "フォルダ",
            SkipReason::MacMetadata => "macOS の付属情報（__MACOSX、._ で始まるファイル）",
            SkipReason::SystemFile => {
                "OS が自動で作るファイル（.DS_Store、Thumbs.db、desktop.ini）"
            }
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::Directory => "a directory",
            SkipReason::MacMetadata => "macOS metadata (__MACOSX, ._ files)",
            SkipReason::SystemFile => {
                "a file the desktop makes by itself (.DS_Store, Thumbs.db, desktop.ini)"
            }
        })
    }
}

/// Whether an entry is skipped, and why.
pub(crate) fn skip_reason(entry: &EntryPath) -> Option<SkipReason> {
    if entry.is_dir {
        return Some(SkipReason::Directory);
    }
    let first = entry.path.split('/').next().unwrap_or("");
    let last = entry.path.rsplit('/').next().unwrap_or("");
    if first.eq_ignore_ascii_case("__MACOSX") || last.starts_with("._") {
        return Some(SkipReason::MacMetadata);
    }
    if [".DS_Store", "Thumbs.db", "desktop.ini"]
        .iter()
        .any(|n| last.eq_ignore_ascii_case(n))
    {
        return Some(SkipReason::SystemFile);
    }
    None
}

/// The last component of a normalised path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The names seen so far, compared without regard to case, to find two entries that would
/// land on the same file (or a file where a folder is).
#[derive(Debug, Default)]
pub(crate) struct NameSet {
    /// Folded file path → the path as first seen.
    files: HashMap<String, String>,
    /// Folded folder path → the entry path that first used it.
    folders: HashMap<String, String>,
}

impl NameSet {
    /// Adds a normalised path; on a clash, returns the path that came first.
    pub(crate) fn insert(&mut self, entry: &EntryPath) -> Result<(), String> {
        let key = entry.path.to_lowercase();
        let mut parents = Vec::new();
        let mut end = 0;
        while let Some(pos) = key.get(end..).and_then(|rest| rest.find('/')) {
            parents.push(key.get(..end + pos).unwrap_or_default().to_string());
            end += pos + 1;
        }
        for parent in &parents {
            if let Some(first) = self.files.get(parent) {
                return Err(first.clone());
            }
        }
        if let Some(first) = self.files.get(&key) {
            return Err(first.clone());
        }
        if entry.is_dir {
            if key.is_empty() {
                return Ok(());
            }
            self.folders
                .entry(key)
                .or_insert_with(|| entry.path.clone());
        } else {
            if let Some(first) = self.folders.get(&key) {
                return Err(first.clone());
            }
            self.files.insert(key, entry.path.clone());
        }
        for parent in parents {
            self.folders
                .entry(parent)
                .or_insert_with(|| entry.path.clone());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str, is_dir: bool) -> EntryPath {
        EntryPath {
            path: p.to_string(),
            is_dir,
        }
    }

    #[test]
    fn names_decode_by_flag_field_ascii_utf8_then_ms932() {
        let ms932 = SHIFT_JIS.encode("計画表/UPPLAN.CSV").0.into_owned();
        assert_eq!(
            decode_name(&ms932, false, None),
            ("計画表/UPPLAN.CSV".to_string(), NameEncoding::Ms932)
        );
        assert_eq!(
            decode_name("ケアプラン".as_bytes(), false, None),
            ("ケアプラン".to_string(), NameEncoding::Utf8Unflagged),
            "UTF-8 katakana is also valid MS932; UTF-8 must win"
        );
        assert_eq!(
            decode_name("ケアプラン".as_bytes(), true, None).1,
            NameEncoding::Utf8
        );
        assert_eq!(
            decode_name(b"UPPLAN.CSV", false, None),
            ("UPPLAN.CSV".to_string(), NameEncoding::Ascii)
        );
        assert_eq!(
            decode_name(b"x.CSV", false, Some("表.CSV".as_bytes())),
            ("表.CSV".to_string(), NameEncoding::UnicodePathField)
        );
        // Flag set but not UTF-8: fall back to guessing.
        assert_eq!(decode_name(&ms932, true, None).1, NameEncoding::Ms932);
        let (text, enc) = decode_name(&[0x82, 0xA0, 0xFF], false, None);
        assert_eq!(enc, NameEncoding::Lossy);
        assert!(text.starts_with('あ') && text.contains('\u{FFFD}'));
    }

    #[test]
    fn ms932_trail_byte_5c_is_not_a_separator() {
        // 表 is 0x95 0x5C in MS932: decoding comes before `\` handling.
        let raw = SHIFT_JIS.encode("表.CSV").0.into_owned();
        let (text, _) = decode_name(&raw, false, None);
        assert_eq!(
            normalise_stored(&text).ok().map(|p| p.path),
            Some("表.CSV".into())
        );
    }

    #[test]
    fn stored_names_are_normalised() {
        let ok = |n: &str| normalise_stored(n).expect(n);
        assert_eq!(ok("a/b.CSV"), path("a/b.CSV", false));
        assert_eq!(ok("a\\b.CSV"), path("a/b.CSV", false));
        assert_eq!(ok("./a//b.CSV"), path("a/b.CSV", false));
        assert_eq!(ok("a/"), path("a", true));
        assert_eq!(ok("./"), path("", true));
        assert_eq!(ok("..a/b..CSV"), path("..a/b..CSV", false));
    }

    #[test]
    fn unsafe_stored_names_are_refused() {
        let err = |n: &str| normalise_stored(n).expect_err(n);
        for n in ["../x", "a/../../x", "..\\x", "a\\..\\x", "a/.."] {
            assert!(matches!(err(n), ErrorKind::PathTraversal), "{n}");
        }
        for n in [
            "/etc/x",
            "\\x",
            "C:\\x",
            "c:x",
            "C:/x",
            "\\\\server\\share\\x",
            "//s/x",
        ] {
            assert!(matches!(err(n), ErrorKind::AbsolutePath), "{n}");
        }
        assert!(matches!(
            err("a/b:c"),
            ErrorKind::InvalidName {
                issue: NameIssue::Colon
            }
        ));
        assert!(matches!(
            err("a\u{0}b"),
            ErrorKind::InvalidName {
                issue: NameIssue::ControlCharacter
            }
        ));
        assert!(matches!(
            err(""),
            ErrorKind::InvalidName {
                issue: NameIssue::Empty
            }
        ));
    }

    #[test]
    fn writer_names_must_be_plain() {
        assert!(validate_plain("UPPLAN_202412.CSV").is_ok());
        assert!(validate_plain("202412/UPPLAN_202412.CSV").is_ok());
        let issue = |n: &str| match validate_plain(n) {
            Err(ErrorKind::InvalidName { issue }) => Some(issue),
            _ => None,
        };
        assert_eq!(issue("a\\b"), Some(NameIssue::Backslash));
        assert_eq!(issue("a//b"), Some(NameIssue::NotPlain));
        assert_eq!(issue("./a"), Some(NameIssue::NotPlain));
        assert_eq!(issue("a/"), Some(NameIssue::NotPlain));
        assert_eq!(issue(""), Some(NameIssue::Empty));
        assert_eq!(issue("__MACOSX/a"), Some(NameIssue::Reserved));
        assert_eq!(issue("Thumbs.db"), Some(NameIssue::Reserved));
        assert!(matches!(
            validate_plain("../a"),
            Err(ErrorKind::PathTraversal)
        ));
        assert!(matches!(validate_plain("/a"), Err(ErrorKind::AbsolutePath)));
    }

    #[test]
    fn skipped_entries_are_recognised() {
        assert_eq!(skip_reason(&path("a", true)), Some(SkipReason::Directory));
        assert_eq!(
            skip_reason(&path("__MACOSX/a/._b.CSV", false)),
            Some(SkipReason::MacMetadata)
        );
        assert_eq!(
            skip_reason(&path("a/._b.CSV", false)),
            Some(SkipReason::MacMetadata)
        );
        assert_eq!(
            skip_reason(&path("a/.ds_store", false)),
            Some(SkipReason::SystemFile)
        );
        assert_eq!(
            skip_reason(&path("THUMBS.DB", false)),
            Some(SkipReason::SystemFile)
        );
        assert_eq!(skip_reason(&path("a/UPPLAN.CSV", false)), None);
    }

    #[test]
    fn name_set_finds_clashes_without_regard_to_case() {
        let mut set = NameSet::default();
        assert!(set.insert(&path("dir", true)).is_ok());
        assert!(
            set.insert(&path("Dir", true)).is_ok(),
            "repeated folders are harmless"
        );
        assert!(set.insert(&path("dir/a.CSV", false)).is_ok());
        assert_eq!(
            set.insert(&path("DIR/A.csv", false)),
            Err("dir/a.CSV".into())
        );
        assert_eq!(set.insert(&path("dir", false)), Err("dir".into()));
        assert!(set.insert(&path("x/y.CSV", false)).is_ok());
        assert_eq!(set.insert(&path("X", false)), Err("x/y.CSV".into()));
        assert!(set.insert(&path("f", false)).is_ok());
        assert_eq!(set.insert(&path("f/g", false)), Err("f".into()));
        assert_eq!(set.insert(&path("F", true)), Err("f".into()));
    }
}
