//! MS932 codec, CSV reader and writer, and file names for ケアプランデータ連携 files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod filename;
pub mod ms932;

pub use careplan_model::Mode;
pub use filename::{
    FileName, FileNameBuilder, NameError, NameMonth, NamePart, NameStyle, OfficeNumber, Party,
    Sequence, ServiceKindCode,
};
