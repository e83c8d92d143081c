//! Transmission units, cross-file checks, ZIP archives and the workflows of a care office
//! and a provider, for ケアプランデータ連携 files.
//!
//! - [`archive`]: ZIP read (with limits and safety checks) and deterministic write.
//! - [`unit`](mod@unit): grouping files into transmission units by name, and their composition.
//! - [`loaded`]: files streamed from paths, folders, ZIPs, uploads and streams
//!   ([`FileSet`]), keeping the keys of their records, grouped into units ([`LoadedUnit`]).
//! - [`relations`]: cross-file checks on the spec's keys, each problem naming both files.
//! - [`apply`]: what a receiver holds after applying units in order ([`ReceiverState`]).
//! - [`build`]: files computed from the plan: 第7表 and the 補足 limit slots
//!   ([`Table7Builder`](build::Table7Builder)).
//! - [`workflow`]: 提供票(予定)出力, 提供票(実績)取込, 提供票(予定)取込, 提供票(実績)出力.
//! - [`keys`]: the keys that link records across files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod apply;
pub mod archive;
pub mod build;
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
