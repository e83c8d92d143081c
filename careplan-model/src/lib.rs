//! Domain types of ケアプランデータ連携標準仕様 v4.1: file kinds, layouts as data, raw and
//! typed records, value types and the problems found in them.
//!
//! This crate knows nothing about bytes or files on disk; `careplan-csv` reads and writes
//! them and hands [`RawRecord`]s to the layout engine here.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]

mod any;
pub mod hosoku;
mod json_numbers;
mod kind;
mod layout;
mod mode;
mod parties;
pub mod plan1;
mod plan1_delete;
pub mod plan2;
pub mod plan3;
mod position;
mod problem;
mod record;
pub mod table6;
mod table6_plan_delete;
mod table6_result_delete;
pub mod table7;
mod typed;
pub mod value;
pub mod yobo_kihon;
mod yobo_kihon_delete;
mod yobo_kihon_sub1;
pub mod yobo_kihon_sub2;
pub mod yobo_plan;
mod yobo_plan_delete;
pub mod yobo_plan_sub;

pub use any::AnyRecord;
pub use kind::{FileKind, Side};
pub use layout::{CodeValue, Format, Item, Layout};
pub use mode::Mode;
pub use plan1_delete::Plan1DeleteRecord;
pub use position::Position;
pub use problem::{ItemRef, Location, Problem, ProblemKind, Severity};
pub use record::{Field, RawRecord, SourceEncoding};
pub use table6_plan_delete::UsagePlanDeleteRecord;
pub use table6_result_delete::{ResultDeleteKey, UsageResultDeleteRecord};
pub use typed::{Origin, TypedRecord};
pub use yobo_kihon_delete::KihonDeleteRecord;
pub use yobo_kihon_sub1::KihonSub1Record;
pub use yobo_plan_delete::YoboPlanDeleteRecord;

pub(crate) use typed::typed_record;
pub(crate) use value::code_enum;

/// What the sibling crates (`careplan-csv`'s reader and writer, `careplan-bundle`'s checks)
/// use of this crate's plumbing: not part of the API, and may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::any::{AnyFileRules, WithTyped};
    pub use crate::layout::{validate, Context, Scanned, Validator};
    pub use crate::parties::{NameParties, NameParty};
    pub use crate::typed::{item_ref, RuleContext};
    pub use crate::typed::{FieldSink, ItemReader};
    pub use crate::value::item_text::{is_plain, same_bytes, ItemText};
}
