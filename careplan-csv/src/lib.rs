//! MS932 codec, CSV reader and writer, and file names for ケアプランデータ連携 files.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod file;
pub mod filename;
pub mod ms932;
pub mod reader;
pub mod rewrite;
pub mod writer;

pub use careplan_model::Mode;
pub use error::{Error, ErrorKind, Refusal};
pub use file::{
    FileReader, FileReaderBuilder, FileWriter, FileWriterBuilder, Parsed, Records, Summary,
    TypedRecords,
};
pub use filename::{FileName, FileNameBuilder, NameError, NamePart, NameStyle, Party, Sequence};
pub use reader::{LineBreak, RawRecords, Reader, ReaderBuilder};
pub use rewrite::{rewrite, rewrite_into_dir, PendingFile, Rewritten};
pub use writer::{Writer, WriterBuilder};
