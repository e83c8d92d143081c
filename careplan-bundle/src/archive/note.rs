//! What the reader did with an archive that the caller should report: entries skipped and
//! names whose encoding was guessed.

use std::fmt;

use super::name::{NameEncoding, SkipReason};

/// Something the reader did that is not an error but should be shown to the user.
///
/// ```
/// use careplan_bundle::{ArchiveNote, SkipReason};
/// let note = ArchiveNote::Skipped {
///     path: "__MACOSX/._UPPLAN.CSV".into(),
///     reason: SkipReason::MacMetadata,
/// };
/// assert_eq!(
///     note.to_string(),
///     "skipped \"__MACOSX/._UPPLAN.CSV\": macOS metadata (__MACOSX, ._ files)"
/// );
/// assert!(note.message_ja().contains("読み飛ばしました"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArchiveNote {
    /// An entry that is not listed (a directory, macOS metadata, a desktop file).
    Skipped {
        /// Its normalised path (for a directory, without the trailing `/`).
        path: String,
        /// Why it was skipped.
        reason: SkipReason,
    },
    /// A listed entry whose name carried no encoding and was decoded by guessing.
    NameDecoded {
        /// Its normalised path, as decoded.
        path: String,
        /// How it was decoded.
        encoding: NameEncoding,
    },
}

impl ArchiveNote {
    /// The English message (the same as `Display`).
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The message in Japanese.
    pub fn message_ja(&self) -> String {
        match self {
            ArchiveNote::Skipped { path, reason } => format!(
                "「{}」は{}のため読み飛ばしました",
                path.escape_debug(),
                reason.describe_ja()
            ),
            ArchiveNote::NameDecoded { path, encoding } => format!(
                "「{}」の名前は文字コードの指定がないため {} として読みました",
                path.escape_debug(),
                encoding.describe_ja()
            ),
        }
    }
}

impl fmt::Display for ArchiveNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveNote::Skipped { path, reason } => write!(f, "skipped {path:?}: {reason}"),
            ArchiveNote::NameDecoded { path, encoding } => {
                write!(f, "the name {path:?} was decoded as {encoding}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_read_in_both_languages() {
        let note = ArchiveNote::NameDecoded {
            path: "計画/UPPLAN.CSV".into(),
            encoding: NameEncoding::Ms932,
        };
        assert_eq!(
            note.to_string(),
            "the name \"計画/UPPLAN.CSV\" was decoded as MS932 (Shift_JIS), without the UTF-8 flag"
        );
        assert_eq!(
            note.message_ja(),
            "「計画/UPPLAN.CSV」の名前は文字コードの指定がないため MS932（シフトJIS、UTF-8 フラグなし） として読みました"
        );
        let dir = ArchiveNote::Skipped {
            path: "202412".into(),
            reason: SkipReason::Directory,
        };
        assert_eq!(
            dir.message_ja(),
            "「202412」はフォルダのため読み飛ばしました"
        );
    }
}
