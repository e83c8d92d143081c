//! Transmission units, cross-file checks and ZIP archives for ケアプランデータ連携 files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod archive;
pub mod error;
pub mod unit;

pub use archive::{
    ArchiveEntry, ArchiveLimits, ArchiveNote, ArchiveReader, ArchiveTime, ArchiveWriter,
    ArchiveWriterBuilder, EntryReader, NameEncoding, SkipReason,
};
pub use error::{Error, ErrorKind, NameIssue};
pub use unit::{
    group, Member, MemberStatus, Presence, SequenceAllocator, Slot, Unit, UnitBuilder, UnitKind,
};
