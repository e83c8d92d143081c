//! Transmission units, cross-file checks, ZIP archives and the workflows of a care office
//! and a provider, for ケアプランデータ連携 files.
//!
//! The plumbing's types are at the crate root, at one path:
//! - ZIP read (with limits and safety checks) and deterministic write: [`ArchiveReader`],
//!   [`ArchiveWriter`].
//! - Grouping files into transmission units by name, and their composition: [`group`],
//!   [`Unit`], [`UnitKind`], [`SequenceAllocator`].
//! - Files streamed from paths, folders, ZIPs, uploads and streams ([`FileSet`]), keeping
//!   the keys of their records, grouped into units ([`LoadedUnit`]).
//! - What a receiver holds after applying units in order ([`ReceiverState`], [`ApplyReport`]).
//! - The one error type, [`Error`] (what went wrong: [`ErrorKind`]).
//!
//! The modules hold what a vendor reaches for by task:
//! - [`relations`]: cross-file checks on the spec's keys, each problem naming both files.
//! - [`build`]: files computed from the plan: 第7表 and the 補足 limit slots
//!   ([`Table7Builder`](build::Table7Builder)).
//! - [`workflow`]: 提供票(予定)出力, 提供票(実績)取込, 提供票(予定)取込, 提供票(実績)出力.
//! - [`keys`]: the keys that link records across files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]

mod apply;
mod archive;
pub mod build;
mod error;
pub mod keys;
mod loaded;
pub mod relations;
pub mod sample;
mod unit;
pub mod workflow;

pub use apply::{
    Action, ApplyReport, Change, HeldImage, HeldKey, HeldKihon, HeldPlan, HeldResult, HeldTicket,
    HeldYoboPlan, ReceiverState,
};
pub use archive::{
    ArchiveEntry, ArchiveLimits, ArchiveNote, ArchiveReader, ArchiveTime, ArchiveWriter,
    ArchiveWriterBuilder, EntryReader, NameEncoding, SkipReason,
};
pub use error::{Error, ErrorKind, NameIssue};
pub use loaded::{
    FileSet, FromAny, LoadOptions, LoadedFile, LoadedUnit, Located, MAX_LISTED_IN_SET,
    MAX_LISTED_PER_KIND,
};
pub use unit::{
    group, Member, MemberStatus, Presence, SequenceAllocator, Slot, Unit, UnitBuilder, UnitKind,
};
