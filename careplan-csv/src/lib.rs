//! MS932 codec, CSV reader and writer, and file names for ケアプランデータ連携 files.
//!
//! Every type is at the crate root, at one path: the readers ([`Reader`] for raw records,
//! [`FileReader`] for a file of a kind, typed and checked), the writers ([`Writer`],
//! [`FileWriter`]), [`rewrite`], the file names ([`FileName`] and its parts) and the one
//! error type, [`Error`] (what went wrong: [`ErrorKind`]; a name that cannot be read or
//! built: [`ErrorKind::InvalidName`] with its [`NameFlaw`]). The MS932 codec is the
//! [`ms932`] module.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]

mod error;
mod file;
mod filename;
pub mod ms932;
mod parallel;
mod reader;
mod rewrite;
mod writer;

pub use error::{Error, ErrorKind, Refusal};
pub use file::{
    FileReader, FileReaderBuilder, FileWriter, FileWriterBuilder, Parsed, Records, Summary,
    TypedRecords,
};
pub use filename::{FileName, FileNameBuilder, NameFlaw, NamePart, NameStyle, Party, Sequence};
pub use reader::{LineBreak, RawRecords, Reader, ReaderBuilder};
pub use rewrite::{rewrite, rewrite_into_dir, PendingFile, Rewritten, PARALLEL_REWRITE_BYTES};
pub use writer::{Writer, WriterBuilder};
