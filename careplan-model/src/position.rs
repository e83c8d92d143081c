//! Where something is in a file: byte offset, line and record number.

use serde::{Deserialize, Serialize};

/// The position of a record (or of a problem) in a file.
///
/// All three counters are what a person would use to find the place: `byte` is the
/// 0-based offset of the first byte, `line` the 1-based physical line (a line break
/// inside a quoted free-text item starts a new line), and `record` the 1-based
/// number of the data record (a skipped header line or blank line is not a record).
///
/// ```
/// use careplan_model::Position;
/// let p = Position::new(120, 3, 2);
/// assert_eq!((p.byte(), p.line(), p.record()), (120, 3, 2));
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Position {
    byte: u64,
    line: u64,
    record: u64,
}

impl Position {
    /// A position from its byte offset (0-based), line (1-based) and record number (1-based).
    pub const fn new(byte: u64, line: u64, record: u64) -> Position {
        Position { byte, line, record }
    }

    /// The 0-based byte offset.
    pub const fn byte(&self) -> u64 {
        self.byte
    }

    /// The 1-based line number.
    pub const fn line(&self) -> u64 {
        self.line
    }

    /// The 1-based record number (0 before the first record).
    pub const fn record(&self) -> u64 {
        self.record
    }
}
