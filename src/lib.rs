//! # careplan
//!
//! Read, validate and write the files of ケアプランデータ連携標準仕様 v4.1 (Japan's care-plan
//! data exchange): MS932 CSV files with strict names, exchanged every month between
//! 居宅介護支援事業所 and サービス事業所.
//!
//! This facade re-exports the three crates of the workspace:
//! - [`model`] (`careplan-model`): file kinds, layouts as data, value types, typed records,
//!   problems.
//! - [`csv`] (`careplan-csv`): the MS932 codec, the CSV reader and writer, file names.
//! - [`bundle`] (`careplan-bundle`): transmission units, cross-file checks, ZIP archives and
//!   the workflows of a care office and a provider.
//!
//! Start with the [`tutorial`]; the [`cookbook`] has recipes for common tasks.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]

pub mod cookbook;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub mod tutorial;

pub use careplan_bundle as bundle;
pub use careplan_csv as csv;
pub use careplan_model as model;
