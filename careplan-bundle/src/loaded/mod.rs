//! Files read into memory for work across files: from paths, folders, ZIP archives and
//! uploads ([`FileSet`]), each with its name, bytes, summary and records
//! ([`LoadedFile`]), grouped into transmission units ([`LoadedUnit`]).
//!
//! This is the layer the cross-file checks ([`relations`](crate::relations)), the
//! receiver's state ([`apply`](crate::apply)) and the workflows
//! ([`workflow`](crate::workflow)) work on. A file is read once, by the file reader of
//! `careplan-csv` in the set's [`Mode`](careplan_model::Mode); every record is kept,
//! typed or raw, with its problems and position, so problems across files can name both
//! files and lines ([`Located`]).
//!
//! ```
//! use careplan_bundle::loaded::FileSet;
//! use careplan_model::table6_plan_delete::UsagePlanDeleteRecord;
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
pub use located::{position_of, FromAny, Located};
pub use set::{FileSet, LoadOptions};
pub use unit::LoadedUnit;
