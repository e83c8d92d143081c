//! Transmission units, cross-file checks and ZIP archives for ケアプランデータ連携 files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod apply;
pub mod archive;
pub mod error;
pub mod keys;
pub mod loaded;
pub mod relations;
pub mod unit;
pub mod workflow;

pub use apply::{ApplyReport, ReceiverState};
pub use archive::{
    ArchiveEntry, ArchiveLimits, ArchiveNote, ArchiveReader, ArchiveTime, ArchiveWriter,
    ArchiveWriterBuilder, EntryReader, NameEncoding, SkipReason,
};
pub use error::{Error, ErrorKind, NameIssue};
pub use loaded::{FileSet, LoadOptions, LoadedFile, LoadedUnit};
pub use unit::{
    group, Member, MemberStatus, Presence, SequenceAllocator, Slot, Unit, UnitBuilder, UnitKind,
};
