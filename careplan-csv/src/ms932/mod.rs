//! The MS932 (Windows-31J) codec: explicit about malformed bytes, 外字 and characters MS932
//! cannot hold. Nothing is ever replaced without a report.

mod decode;
mod encode;

pub use decode::{decode_into, DecodeIssue, DecodeIssueKind};
pub use encode::{encode_into, Substitution, Substitutions, Unmappable};
