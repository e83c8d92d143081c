//! Domain types of ケアプランデータ連携標準仕様 v4.1: file kinds, layouts as data, raw and
//! typed records, value types and the problems found in them.
//!
//! This crate knows nothing about bytes or files on disk; `careplan-csv` reads and writes
//! them and hands [`RawRecord`]s to the layout engine here.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod any;
pub mod hosoku;
#[doc(hidden)]
pub mod json_numbers;
pub mod kind;
pub mod layout;
pub mod mode;
pub mod plan1;
pub mod plan1_delete;
pub mod plan2;
pub mod plan3;
pub mod position;
pub mod problem;
pub mod record;
pub mod table6;
pub mod table6_plan_delete;
pub mod table6_result_delete;
pub mod table7;
pub mod typed;
pub mod value;
pub mod yobo_kihon;
pub mod yobo_kihon_delete;
pub mod yobo_kihon_sub1;
pub mod yobo_kihon_sub2;
pub mod yobo_plan;
pub mod yobo_plan_delete;
pub mod yobo_plan_sub;

pub use any::{AnyFileRules, AnyRecord};
pub use kind::{FileKind, Side};
pub use layout::{validate, CodeValue, Context, Format, Item, Layout, Validator};
pub use mode::Mode;
pub use position::Position;
pub use problem::{ItemRef, Location, Problem, ProblemKind, Severity};
pub use record::{Field, RawRecord, SourceEncoding};
