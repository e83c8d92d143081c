//! One file read into memory: its name, bytes, summary and records.

use careplan_csv::FileName;
use careplan_csv::{FileReaderBuilder, Parsed, Summary};
use careplan_model::{AnyRecord, FileKind, Location, Mode, Position, Problem};

use super::located::{position_of, FromAny, Located};
use crate::error::Error;

/// A file read into memory for work across files: the name it is shown by, its parsed
/// name, its bytes, the reader's [`Summary`] and every record (typed or raw, with its
/// problems and position).
///
/// Its bytes are kept as read, so writing the file again (into a ZIP, to a folder) gives
/// the same bytes. A file whose name is not one of the standard is still read (its kind
/// detected from the content, the name reported); it has no [`name`](LoadedFile::name)
/// and joins no transmission unit.
///
/// ```
/// use careplan_bundle::LoadedFile;
/// use careplan_model::{FileKind, Mode};
/// let bytes = b"202407,131001,0000012345,202504\r\n".to_vec();
/// let file = LoadedFile::read(
///     "DLTPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV",
///     bytes.clone(),
///     Mode::Strict,
/// )?;
/// assert_eq!(file.kind(), Some(FileKind::UsagePlanDelete));
/// assert_eq!(file.records().len(), 1);
/// assert_eq!(file.summary().users, 1);
/// assert!(!file.has_errors());
/// assert_eq!(file.bytes(), &bytes[..]);
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct LoadedFile {
    display: String,
    name: Option<FileName>,
    bytes: Vec<u8>,
    summary: Summary,
    records: Vec<Parsed<AnyRecord>>,
}

impl LoadedFile {
    /// Reads `bytes` as the file `display` (a path, `archive.zip/folder/name`, an upload's
    /// name): the name is parsed from its last part, in `mode`.
    ///
    /// # Errors
    /// [`ErrorKind::Csv`](crate::ErrorKind::Csv) when the reader cannot go on (a record
    /// over the size limit). Data that breaks the standard is never an error: it is a
    /// problem of the file or of a record.
    pub fn read(
        display: impl Into<String>,
        bytes: Vec<u8>,
        mode: Mode,
    ) -> Result<LoadedFile, Error> {
        let display = display.into();
        let name = FileName::parse_with(&display, mode).ok().map(|(n, _)| n);
        if let Some(n) = name.as_ref().filter(|n| !n.kind().is_csv()) {
            // A family-structure image: kept as bytes, nothing to read.
            let mut summary = Summary::default();
            summary.name = display.clone();
            summary.file_name = Some(n.clone());
            summary.kind = Some(n.kind());
            return Ok(LoadedFile {
                display,
                name,
                bytes,
                summary,
                records: Vec::new(),
            });
        }
        let mut reader = FileReaderBuilder::new()
            .mode(mode)
            .from_reader(&bytes[..], &display);
        let mut records = Vec::new();
        while let Some(record) = reader.next_record()? {
            records.push(record);
        }
        let summary = reader.finish()?;
        Ok(LoadedFile {
            display,
            name,
            bytes,
            summary,
            records,
        })
    }

    /// The name the file is shown by: problems name it so.
    pub fn display(&self) -> &str {
        &self.display
    }

    /// The last part of the displayed name: the file name proper.
    pub fn file_name(&self) -> &str {
        self.display
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.display)
    }

    /// The parsed name; `None` when the name is not one of the standard.
    pub fn name(&self) -> Option<&FileName> {
        self.name.as_ref()
    }

    /// The kind: from the name, else detected from the content.
    pub fn kind(&self) -> Option<FileKind> {
        self.summary.kind
    }

    /// The bytes as read.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// What the reader learnt of the file (counts, version, month, the file's problems).
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Every record, typed or raw, with its problems.
    pub fn records(&self) -> &[Parsed<AnyRecord>] {
        &self.records
    }

    /// Every problem of the file: the file's own, then each record's, in order.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.summary
            .problems
            .iter()
            .chain(self.records.iter().flat_map(|r| r.problems().iter()))
    }

    /// Whether any problem of the file is an error.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// The typed records of type `T`, with their positions. Raw records are left out
    /// (their problems say why they could not be typed).
    pub fn typed<T: FromAny>(&self) -> impl Iterator<Item = Located<'_, T>> {
        self.records.iter().filter_map(move |parsed| {
            let record = T::from_any(parsed.typed()?)?;
            Some(Located {
                file: self,
                position: position_of(parsed),
                record,
                problems: parsed.problems(),
            })
        })
    }

    /// The positions of the records that could not be typed.
    pub fn raw_positions(&self) -> impl Iterator<Item = Position> + '_ {
        self.records
            .iter()
            .filter(|r| r.typed().is_none())
            .map(position_of)
    }

    /// A location in the file: its displayed name, kind, and the line and record of
    /// `position` (none for the default position).
    pub fn location(&self, position: Position) -> Location {
        let mut l = Location::in_file(self.display.clone());
        l.kind = self.kind();
        if position.line() > 0 {
            l.line = Some(position.line());
        }
        if position.record() > 0 {
            l.record = Some(position.record());
        }
        l
    }

    /// The location of the file as a whole.
    pub fn file_location(&self) -> Location {
        self.location(Position::default())
    }
}
