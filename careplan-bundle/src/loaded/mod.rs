//! Files read for work across files: from paths, folders, ZIP archives, uploads and
//! streams ([`FileSet`]), each with its name, summary, problems and the keys of its records
//! ([`LoadedFile`]), grouped into transmission units ([`LoadedUnit`]).
//!
//! This is the layer the cross-file checks ([`relations`](crate::relations)), the
//! receiver's state ([`apply`](crate::apply)) and the workflows
//! ([`workflow`](crate::workflow)) work on. A file is streamed once through the file
//! reader of `careplan-csv` in the set's [`Mode`](careplan_model::Mode), and keeps what the
//! checks need: its summary, its problems, and the keys of its records (user-month, plan,
//! 補足 links, image names) with the position of their first record, so problems across
//! files can name both files and lines. Memory grows with the keys, not the records.
//!
//! Records are read again from where the file came (path, archive entry, bytes) when they
//! are asked for ([`LoadedFile::records`], [`LoadedUnit::records`] as [`Located`] records,
//! or one at a time with [`LoadedFile::for_each_record`]); a set can keep them from the
//! first reading instead ([`LoadOptions::keep_records`]). Files of a folder, entries of an
//! archive and units ([`relations::check_all`](crate::relations::check_all)) are read and
//! checked on every core, with the same result as on one.
//!
//! ```
//! use careplan_bundle::FileSet;
//! use careplan_model::UsagePlanDeleteRecord;
//! let mut set = FileSet::new();
//! set.add_bytes(
//!     "DLTPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV",
//!     b"202407,131001,0000012345,202504\r\n202407,131001,0000012346,202504\r\n".to_vec(),
//! )?;
//! let units = set.units();
//! let lines: Vec<u64> = units[0].records::<UsagePlanDeleteRecord>().map(|r| r.line()).collect();
//! assert_eq!(lines, [1, 2]);
//! # Ok::<(), careplan_bundle::Error>(())
//! ```

mod file;
mod index;
mod located;
mod set;
mod source;
mod unit;

pub use file::{LoadedFile, MAX_LISTED_PER_KIND};
pub use located::{FromAny, Located};
pub use set::{FileSet, LoadOptions, MAX_LISTED_IN_SET};
pub use unit::LoadedUnit;
