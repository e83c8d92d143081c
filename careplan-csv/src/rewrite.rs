//! Writing files to disk so that a refused write leaves nothing behind, and rewriting a
//! file read through its records so that every line comes back.
//!
//! A file is written under a temporary name in the folder it goes to ([`PendingFile`]) and
//! takes its name only once every record was written: a record the writer refuses, an
//! input the reader cannot go on with, or a full disk leave no file — neither a partial
//! one under the final name, nor the temporary one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use careplan_model::{AnyRecord, Problem, RawRecord};

use crate::error::{Error, ErrorKind};
use crate::file::{FileReader, FileWriter, FileWriterBuilder, Parsed, SharedRecord, Summary};
use crate::writer::{Writer, WriterBuilder};

/// A file being written under a temporary name in its folder (`.NAME.PID-N.part`), renamed
/// to its name by [`commit`](PendingFile::commit). Dropped without a commit, it removes
/// the temporary file: nothing is left.
///
/// ```
/// use std::io::Write;
/// use careplan_csv::PendingFile;
/// let dir = std::env::temp_dir().join(format!("careplan-pending-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("A.CSV");
/// let mut f = PendingFile::create(&path)?;
/// f.write_all(b"202407,1\r\n")?;
/// assert!(!path.exists(), "not under its name before the commit");
/// f.commit()?;
/// assert_eq!(std::fs::read(&path)?, b"202407,1\r\n");
///
/// let mut g = PendingFile::create(dir.join("B.CSV"))?;
/// g.write_all(b"half a file")?;
/// drop(g); // refused: nothing is left
/// assert!(!dir.join("B.CSV").exists());
/// assert_eq!(std::fs::read_dir(&dir)?.count(), 1);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct PendingFile {
    file: Option<BufWriter<File>>,
    temp: PathBuf,
    path: PathBuf,
}

/// Distinguishes the temporary names of one process.
static PENDING: AtomicU64 = AtomicU64::new(0);

impl PendingFile {
    /// Starts the file that will be `path`, under a temporary name in the same folder (so
    /// that the rename is not a copy across file systems).
    pub fn create(path: impl AsRef<Path>) -> io::Result<PendingFile> {
        let path = path.as_ref().to_path_buf();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let n = PENDING.fetch_add(1, Ordering::Relaxed);
        let temp = path.with_file_name(format!(".{name}.{}-{n}.part", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        Ok(PendingFile {
            file: Some(BufWriter::new(file)),
            temp,
            path,
        })
    }

    /// The name the file takes on [`commit`](PendingFile::commit).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes out what is buffered and gives the file its name (replacing a file of that
    /// name). On an error, nothing is left.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let Some(buffered) = self.file.take() else {
            return Err(io::ErrorKind::BrokenPipe.into());
        };
        let done = buffered
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|f| f.sync_all())
            .and_then(|()| fs::rename(&self.temp, &self.path));
        match done {
            Ok(()) => Ok(std::mem::take(&mut self.path)),
            Err(e) => {
                let _ = fs::remove_file(&self.temp);
                Err(e)
            }
        }
    }
}

impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::ErrorKind::BrokenPipe.into()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if let Some(f) = self.file.take() {
            // Not committed: the file is given up.
            drop(f);
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// What a rewrite wrote: the reader's summary of the file read, and the writer's problems
/// (substitutions made, what kept raw records from the standard's form).
#[derive(Debug)]
#[non_exhaustive]
pub struct Rewritten<W> {
    /// Where the file went: the writer given, or the path of the file written.
    pub output: W,
    /// The file as read.
    pub summary: Summary,
    /// What writing it reported.
    pub problems: Vec<Problem>,
    /// How many records were written through their typed items (the others, records that
    /// failed validation or of a file whose kind is not known, from their raw form).
    pub typed: u64,
}

/// Reads the rest of `rdr` and writes the file again into `w` through its records: a record
/// that typed without an error through its typed items
/// ([`write_any`](crate::FileWriter::write_any): each value with the bytes it was read
/// with), a record that failed validation as it was read (passed on with
/// [`write_raw`](crate::FileWriter::write_raw): quoted as its layout says, what keeps it
/// from the standard's form reported), the header line lenient reading skipped (see
/// [`FileReader::header`]) where it was, and the final line break as the file had it or
/// not. An unchanged valid file comes back byte for byte.
///
/// # Errors
/// What stops the reader (see [`FileReader::next_record`]) or the writer: then `w` holds
/// part of the file; write to a [`PendingFile`] (as [`rewrite_into_dir`] does) so that
/// nothing is left.
///
/// ```
/// use careplan_csv::rewrite;
/// use careplan_csv::FileReaderBuilder;
/// let data = b"version,no,insured,month\r\n202407,131001,0000012345,202504";
/// let name = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
/// let rdr = FileReaderBuilder::new().from_reader(&data[..], name);
/// let done = rewrite(rdr, Vec::new())?;
/// assert_eq!(done.output, data, "the header line and the missing final line break kept");
/// assert_eq!(done.summary.records, 1);
/// assert_eq!(done.typed, 1, "written through its typed items");
/// # Ok::<(), careplan_csv::Error>(())
/// ```
pub fn rewrite<R: Read, W: Write>(mut rdr: FileReader<R>, w: W) -> Result<Rewritten<W>, Error> {
    let name = rdr.summary().name.clone();
    // Each line break is written before the next line; the last one at the end, if the
    // file had it.
    let mut b = FileWriterBuilder::new();
    b.final_line_break(false);
    let mut out = Some(w);
    let mut sink: Option<Sink<W>> = None;
    let mut typed = 0u64;
    // Records are read a batch at a time, then written: the reader's code and the writer's
    // each stay in the processor's instruction cache for a batch, where one record read
    // then written at a time fetched both again for every record. The reader reads into
    // the records of the batch before, once they are written.
    rdr.read_into(SharedRecord::keeping(BATCH));
    let mut batch: Vec<Next> = Vec::with_capacity(BATCH + 1);
    loop {
        // The first batch is the first record alone: what the file is written as (its
        // kind, or lines as read) is decided on what the reader knows once it has read one
        // record, as when each record was written as it was read.
        let wanted = if sink.is_none() { 1 } else { BATCH };
        fill(&mut rdr, &mut batch, wanted);
        // What stopped the reader, if it stopped: the batch's last entry.
        let stop = match batch.last() {
            Some(Ok(Some(_))) | None => None,
            Some(_) => batch.pop(),
        };
        if !batch.is_empty() {
            let s = match &mut sink {
                Some(s) => s,
                None => {
                    // The kind may come from the content: known once the first record is
                    // read.
                    let w = out.take().ok_or_else(gone)?;
                    let mut s = match rdr.kind() {
                        Some(kind) => Sink::File(b.to_writer(w, kind, &name)),
                        None => Sink::Plain(plain(w, &name)),
                    };
                    if let Some(h) = rdr.header() {
                        s.write_header(h)?;
                    }
                    sink.insert(s)
                }
            };
            // Written where they are, then dropped together: a record is not moved out of
            // the batch to be written.
            for next in &batch {
                if let Ok(Some(parsed)) = next {
                    typed += u64::from(s.write_parsed(parsed)?);
                }
            }
            batch.clear();
        }
        // What stopped the reader comes after the records read before it were written, as
        // when each record was written as it was read.
        match stop {
            None => {}
            Some(Ok(_)) => break,
            Some(Err(e)) => return Err(e),
        }
    }
    let header = rdr.header().cloned();
    let summary = rdr.finish()?;
    let (mut w, problems) = match sink {
        Some(s) => s.finish()?,
        None => {
            // No record: the header line alone, if there was one.
            let mut s = Sink::Plain(plain(out.take().ok_or_else(gone)?, &name));
            if let Some(h) = &header {
                s.write_header(h)?;
            }
            s.finish()?
        }
    };
    if summary.final_line_break == Some(true) {
        w.write_all(b"\r\n")
            .map_err(|e| Error::from(e).in_file(Some(name.clone())))?;
    }
    Ok(Rewritten {
        output: w,
        summary,
        problems,
        typed,
    })
}

/// [`rewrite`] into the folder `dir`, under the file's own name (the last part of the name
/// `rdr` was given), through a [`PendingFile`]: the file appears only when the whole
/// rewrite succeeded; on an error nothing is left in `dir`.
///
/// ```
/// use careplan_csv::rewrite_into_dir;
/// use careplan_csv::FileReaderBuilder;
/// let dir = std::env::temp_dir().join(format!("careplan-rewrite-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let data = b"202407,131001,0000012345,202504\r\n";
/// let name = "in/DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
/// let rdr = FileReaderBuilder::new().from_reader(&data[..], name);
/// let done = rewrite_into_dir(rdr, &dir)?;
/// assert_eq!(done.output, dir.join("DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV"));
/// assert_eq!(std::fs::read(&done.output).unwrap(), data);
/// std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), careplan_csv::Error>(())
/// ```
pub fn rewrite_into_dir<R: Read>(
    rdr: FileReader<R>,
    dir: impl AsRef<Path>,
) -> Result<Rewritten<PathBuf>, Error> {
    let name = rdr.summary().name.clone();
    let base = crate::filename::base_name(&name).to_string();
    let in_file = |e: io::Error| Error::from(e).in_file(Some(base.clone()));
    let pending = PendingFile::create(dir.as_ref().join(&base)).map_err(in_file)?;
    // On an error the pending file is dropped, and with it the temporary file.
    let done = rewrite(rdr, pending)?;
    let path = done.output.commit().map_err(in_file)?;
    Ok(Rewritten {
        output: path,
        summary: done.summary,
        problems: done.problems,
        typed: done.typed,
    })
}

/// Where a rewrite writes: a file of a known kind, or — when the kind is not known — lines
/// as they were read.
enum Sink<W: Write> {
    File(FileWriter<W>),
    Plain(Writer<W>),
}

impl<W: Write> Sink<W> {
    fn write_header(&mut self, header: &RawRecord) -> Result<(), Error> {
        match self {
            Sink::File(w) => w.write_header(header),
            Sink::Plain(w) => w.write_header(header),
        }
    }

    /// Writes a record that typed without an error through its typed items; returns whether
    /// it was. A record the typed writer refuses before writing anything (a CSVバージョン
    /// not the file's: the reader's problems say so) and any record of a file whose kind is
    /// not known go on raw.
    fn write_typed(&mut self, record: &AnyRecord) -> Result<bool, Error> {
        if let Sink::File(w) = self {
            match w.write_any(record) {
                Ok(()) => return Ok(true),
                Err(e)
                    if !matches!(
                        e.kind(),
                        ErrorKind::UnknownVersion { .. } | ErrorKind::MixedVersions { .. }
                    ) =>
                {
                    return Err(e)
                }
                Err(_) => {}
            }
        }
        self.write_as_read(record)?;
        Ok(false)
    }

    /// Writes a typed record as it was read: the record it was read from, if it holds it.
    fn write_as_read(&mut self, record: &AnyRecord) -> Result<(), Error> {
        match record.origin() {
            Some(origin) => self.write_raw(origin),
            None => self.write_raw(&record.to_raw()),
        }
    }

    /// Writes a record as read: through its typed items if it typed without an error
    /// (returns whether it was), else as it was read.
    fn write_parsed(&mut self, parsed: &Parsed<AnyRecord>) -> Result<bool, Error> {
        match parsed {
            Parsed::Typed { record, problems } if !problems.iter().any(Problem::is_error) => {
                self.write_typed(record)
            }
            // A record that failed validation goes on as it was read, whatever it holds.
            Parsed::Typed { record, .. } => {
                self.write_as_read(record)?;
                Ok(false)
            }
            Parsed::Raw { record, .. } => {
                self.write_raw(record)?;
                Ok(false)
            }
        }
    }

    fn write_raw(&mut self, record: &RawRecord) -> Result<(), Error> {
        match self {
            Sink::File(w) => w.write_raw(record),
            Sink::Plain(w) => w.write_record(record),
        }
    }

    fn finish(self) -> Result<(W, Vec<Problem>), Error> {
        match self {
            Sink::File(w) => w.finish(),
            Sink::Plain(mut w) => {
                let problems = w.take_problems();
                Ok((w.into_inner()?, problems))
            }
        }
    }
}

/// How many records [`rewrite`] reads before it writes them.
const BATCH: usize = 64;

/// What [`FileReader::next_record`] gave: a record, none left, or what stopped the reader.
type Next = Result<Option<Parsed<AnyRecord>>, Error>;

/// Reads records into `batch` until it holds `wanted` records, or the reader stops: then
/// its last entry says why (none left, or the error). Each entry is kept as the reader
/// gave it, so that a record (some 500 bytes) is moved once, into the batch, and not
/// again out of the reader's result.
fn fill<R: Read>(rdr: &mut FileReader<R>, batch: &mut Vec<Next>, wanted: usize) {
    while batch.len() < wanted {
        batch.push(rdr.next_record());
        if !matches!(batch.last(), Some(Ok(Some(_)))) {
            return;
        }
    }
}

/// A writer of lines as they were read (each line break before the next line).
fn plain<W: Write>(w: W, name: &str) -> Writer<W> {
    WriterBuilder::new()
        .final_line_break(false)
        .file_name(name)
        .from_writer(w)
}

/// The error of a writer used up (not reached).
fn gone() -> Error {
    Error::new(ErrorKind::Io(io::ErrorKind::BrokenPipe.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileReaderBuilder;
    use careplan_model::Mode;

    const NAME: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

    /// A 第6表 予定 line of the month 202504 on `date`, its free text (No.7, 18, 21) quoted.
    fn line(date: &str) -> String {
        format!(
            "202407,131001,0000012345,20250320,202504,1310000001,\"山田 花子\",250,,{date},,\
             1000,1100,1,111111,,,\"\",,1310000002,\"訪問介護「和」, 本店\",,0,1310000001,\r\n"
        )
    }

    fn ms932(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        crate::ms932::encode_into(
            text,
            &crate::ms932::Substitutions::none(),
            &mut out,
            &mut scratch,
        )
        .unwrap_or_else(|e| panic!("MS932: {e:?}"));
        out
    }

    /// Records that typed without an error go through the typed writer; one that did not
    /// type, and one that typed with an error (a date outside the month), from their raw
    /// form; a header line lenient reading skipped is kept: every byte comes back.
    #[test]
    fn clean_records_are_written_typed_and_the_others_raw() {
        let clean = [line("20250401"), line("20250408"), line("20250415")].concat();
        for (mode, text, typed) in [
            (Mode::Strict, clean.clone(), 3),
            (
                Mode::Lenient,
                format!("CSVバージョン,保険者番号\r\n{clean}"),
                3,
            ),
            (
                Mode::Strict,
                [
                    line("20250401"),
                    line("2025041X"),
                    line("20250501"),
                    line("20250415"),
                ]
                .concat(),
                2,
            ),
        ] {
            let data = ms932(&text);
            let mut b = FileReaderBuilder::new();
            b.mode(mode);
            let done = rewrite(b.from_reader(&data[..], NAME), Vec::new())
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(done.output, data, "{text}");
            assert_eq!(done.typed, typed, "{text}");
            assert_eq!(done.summary.records, 3 + u64::from(typed == 2), "{text}");
        }
    }

    /// A file of more records than a batch, some of which fail validation, comes back byte
    /// for byte with the same count of typed records as read one by one; a record that
    /// stops the reader after a few batches gives the reader's own error.
    #[test]
    fn batches_keep_every_line_and_the_readers_error() {
        let lines: Vec<String> = (0..3 * BATCH + 5)
            .map(|i| match i % 7 {
                3 => line("2025041X"),
                5 => line("20250501"),
                _ => line(&format!("202504{:02}", 1 + i % 28)),
            })
            .collect();
        let data = ms932(&lines.concat());
        let done = rewrite(
            FileReaderBuilder::new().from_reader(&data[..], NAME),
            Vec::new(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(done.output, data);
        let clean = (0..lines.len()).filter(|i| !matches!(i % 7, 3 | 5)).count();
        assert_eq!(done.typed, clean as u64);
        assert_eq!(done.summary.records, lines.len() as u64);

        // A record past the record limit, in the third batch.
        let mut long = lines.clone();
        long[2 * BATCH + 3] = format!("{}\r\n", "9".repeat(600));
        let data = ms932(&long.concat());
        let read = || {
            let mut b = FileReaderBuilder::new();
            b.max_record_bytes(512);
            b.from_reader(&data[..], NAME)
        };
        let mut one_by_one = read();
        let expected = loop {
            match one_by_one.next_record() {
                Ok(Some(_)) => {}
                Ok(None) => panic!("the long record stops the reader"),
                Err(e) => break e.to_string(),
            }
        };
        match rewrite(read(), Vec::new()) {
            Ok(_) => panic!("the long record stops the rewrite"),
            Err(e) => assert_eq!(e.to_string(), expected),
        }
    }

    /// A strict read of a file whose name does not give its kind, with a header line: the
    /// header comes back as a record before the kind is found in the content, so the file
    /// is written as lines as read, every one of them, none through typed items — decided
    /// on the first record, not on the kind the reader learns from the records after it.
    #[test]
    fn what_the_file_is_written_as_is_decided_on_its_first_record() {
        let lines = [line("20250401"), line("20250408"), line("20250415")].concat();
        let data = ms932(&format!("CSVバージョン,保険者番号\r\n{lines}"));
        let mut b = FileReaderBuilder::new();
        b.mode(Mode::Strict);
        let done = rewrite(b.from_reader(&data[..], "plan.csv"), Vec::new())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(done.output, data);
        assert_eq!(done.typed, 0, "lines as read");
        assert!(done.problems.is_empty(), "{:?}", done.problems);
        assert_eq!(done.summary.records, 4);
    }
}
