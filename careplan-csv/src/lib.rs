//! MS932 codec, CSV reader and writer, and file names for ケアプランデータ連携 files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ms932;

pub use careplan_model::Mode;
