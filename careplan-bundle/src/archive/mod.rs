//! ZIP archives of care-plan files: safe reading with limits, deterministic writing.
//!
//! Care offices export a month as a ZIP of CSV files (UPHOSOKU, UPPLAN, UPSIKYU …), often
//! inside a folder, sometimes several transmission units in one archive. This module only
//! handles the archive: which files it holds, their bytes, and refusing archives that are
//! unsafe to open. Telling the files apart by name is the next layer's work.
//!
//! - [`ArchiveReader`] checks the whole central directory against [`ArchiveLimits`] and the
//!   safety rules before anything is extracted, then reads entries with bounded readers.
//! - [`ArchiveWriter`] deflates entries with plain names and a fixed [`ArchiveTime`], so
//!   the same files give the same bytes.

mod central;
mod limits;
mod name;
mod note;
mod reader;
mod writer;

pub use limits::ArchiveLimits;
pub use name::{NameEncoding, SkipReason};
pub use note::ArchiveNote;
pub(crate) use reader::error_from_io;
pub use reader::{ArchiveEntry, ArchiveReader, EntryReader};
pub use writer::{ArchiveTime, ArchiveWriter, ArchiveWriterBuilder};
