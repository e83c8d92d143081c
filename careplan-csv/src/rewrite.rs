//! Writing files to disk so that a refused write leaves nothing behind, and rewriting a
//! file read through its records so that every line comes back.
//!
//! A file is written under a temporary name in the folder it goes to ([`PendingFile`]) and
//! takes its name only once every record was written: a record the writer refuses, an
//! input the reader cannot go on with, or a full disk leave no file — neither a partial
//! one under the final name, nor the temporary one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use careplan_model::{AnyRecord, Position, Problem, RawRecord};

use crate::error::{Error, ErrorKind};
use crate::file::{
    FileReader, FileReaderBuilder, FileWriter, FileWriterBuilder, Parsed, SharedRecord, Summary,
};
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
/// not. An unchanged valid file comes back byte for byte. It runs on the calling thread;
/// [`FileReaderBuilder::rewrite_file`] rewrites a large file on several.
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
pub fn rewrite<R: Read, W: Write>(mut rdr: FileReader<R>, mut w: W) -> Result<Rewritten<W>, Error> {
    let name = rdr.summary().name.clone();
    let in_file = |e: io::Error| Error::from(e).in_file(Some(name.clone()));
    let mut sink: Option<Sink<'_>> = None;
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
        let stop = fill(&mut rdr, &mut batch, wanted);
        if !batch.is_empty() {
            let s = match &mut sink {
                Some(s) => s,
                None => sink.insert(Sink::for_file(&rdr, &name, Spool::default())?),
            };
            typed += s.write_batch(&mut batch)?;
            s.spool().drain_into(&mut w).map_err(in_file)?;
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
    let (mut spool, problems) = match sink {
        Some(s) => s.finish()?,
        None => {
            // No record: the header line alone, if there was one.
            let mut s = Sink::Plain(plain(Spool::default(), &name));
            if let Some(h) = &header {
                s.write_header(h)?;
            }
            s.finish()?
        }
    };
    spool.drain_into(&mut w).map_err(in_file)?;
    end(w, summary, problems, typed, &name)
}

/// The end of a rewrite whose records are all in `w`: the final line break, if the file
/// had it.
fn end<W: Write>(
    mut w: W,
    summary: Summary,
    problems: Vec<Problem>,
    typed: u64,
    name: &str,
) -> Result<Rewritten<W>, Error> {
    let in_file = |e: io::Error| Error::from(e).in_file(Some(name.to_string()));
    if summary.final_line_break == Some(true) {
        w.write_all(b"\r\n").map_err(in_file)?;
    }
    w.flush().map_err(in_file)?;
    Ok(Rewritten {
        output: w,
        summary,
        problems,
        typed,
    })
}

impl FileReaderBuilder {
    /// Rewrites the file at `path` into `w` as [`rewrite`] does (the same bytes, summary
    /// and problems), on [`threads`](FileReaderBuilder::threads) threads when the file is
    /// large: each part of the file, as [`fold_file`](FileReaderBuilder::fold_file) cuts
    /// it, is read and written on the thread that takes it, into memory, and the parts'
    /// bytes go to `w` in order from the calling thread. Memory holds the parts read
    /// ahead, as many as `fold_file` lets the threads run ahead.
    ///
    /// A file of fewer than [`PARALLEL_REWRITE_BYTES`] bytes, one whose kind the reader
    /// does not know, or one whose first record does not set the file's layout and
    /// CSVバージョン (a header line read strictly, an unknown version) is rewritten on the
    /// calling thread by [`rewrite`]; so is any file `fold_file` reads on one thread (one
    /// whose first 64 KiB are all ASCII, say, as in the example below: its encoding is not
    /// known from them). Errors too are those of [`rewrite`]: the reader's, or a writer's
    /// at an earlier record.
    ///
    /// ```
    /// use careplan_csv::FileReaderBuilder;
    /// # let dir = std::env::temp_dir().join(format!("careplan-rewrite-file-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV");
    /// let lines: String = (0..40_000).map(|i| format!("202407,131001,{i:010},202504\r\n")).collect();
    /// std::fs::write(&path, &lines).unwrap();
    /// let done = FileReaderBuilder::new().threads(2).rewrite_file(&path, Vec::new())?;
    /// assert_eq!(done.output, lines.as_bytes());
    /// assert_eq!((done.summary.records, done.typed), (40_000, 40_000));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn rewrite_file<W: Write + Send>(
        &self,
        path: impl AsRef<Path>,
        w: W,
    ) -> Result<Rewritten<W>, Error> {
        let path = path.as_ref();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let in_file = |e: io::Error| Error::from(e).in_file(Some(name.clone()));
        let len = fs::metadata(path).map_err(in_file)?.len();
        let open = || -> Result<FileReader<BufReader<File>>, Error> {
            let f = File::open(path).map_err(in_file)?;
            Ok(self.from_reader(BufReader::new(f), &name))
        };
        let start = if self.threads_and_part().0 > 1 && len >= PARALLEL_REWRITE_BYTES {
            Start::of(open()?, &name)
        } else {
            None
        };
        match start {
            Some(start) => {
                start.rewrite(w, |init, fold, join| self.fold_file(path, init, fold, join))
            }
            None => rewrite(open()?, w),
        }
    }

    /// Rewrites the file named `name` whose bytes are `data` into `w` as
    /// [`rewrite_file`](FileReaderBuilder::rewrite_file) does.
    ///
    /// ```
    /// use careplan_csv::FileReaderBuilder;
    /// let data: Vec<u8> = (0..40_000)
    ///     .flat_map(|i| format!("202407,131001,{i:010},202504\r\n").into_bytes())
    ///     .collect();
    /// let name = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
    /// let done = FileReaderBuilder::new().threads(2).rewrite_slice(&data, name, Vec::new())?;
    /// assert_eq!(done.output, data);
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn rewrite_slice<W: Write + Send>(
        &self,
        data: &[u8],
        name: &str,
        w: W,
    ) -> Result<Rewritten<W>, Error> {
        let large = data.len() as u64 >= PARALLEL_REWRITE_BYTES;
        let start = if self.threads_and_part().0 > 1 && large {
            Start::of(self.from_reader(data, name), name)
        } else {
            None
        };
        match start {
            Some(start) => start.rewrite(w, |init, fold, join| {
                self.fold_slice(data, name, init, fold, join)
            }),
            None => rewrite(self.from_reader(data, name), w),
        }
    }
}

/// The least size of a file [`FileReaderBuilder::rewrite_file`] rewrites on several
/// threads (a smaller one is not worth them).
pub const PARALLEL_REWRITE_BYTES: u64 = 1 << 20;

/// What the first record of a file rewritten on several threads tells the writers of its
/// parts: the writer it left (its layout, CSVバージョン and options), and the header line
/// lenient reading skipped before it.
struct Start {
    first: FileWriter<Spool<'static>>,
    header: Option<RawRecord>,
}

/// A part of a file rewritten on several threads: its bytes (or, for the value of the
/// records the calling thread joins the others to, the file's output), and how many
/// records went through their typed items.
struct Part<'w> {
    sink: Sink<'w>,
    typed: u64,
}

/// The first error of the writers of a file rewritten on several threads, by the number of
/// the record it stopped at (the reader's number of the record, which is the writer's:
/// every record read is written), so that the error returned is the one the rewrite on one
/// thread meets first, whichever thread met it first.
struct Failure {
    first: Mutex<Option<(u64, Error)>>,
    /// The record of `first` (`u64::MAX`: none): the records after it are not written.
    at: AtomicU64,
}

impl Failure {
    fn new() -> Failure {
        Failure {
            first: Mutex::new(None),
            at: AtomicU64::new(u64::MAX),
        }
    }

    /// A writer stopped at `record` with `error`.
    fn at(&self, record: u64, error: Error) {
        let mut first = self
            .first
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if first.as_ref().is_none_or(|(r, _)| record < *r) {
            *first = Some((record, error));
        }
        self.at.fetch_min(record, Ordering::Relaxed);
    }

    /// Whether `record` comes after the record a writer stopped at.
    fn skips(&self, record: u64) -> bool {
        record > self.at.load(Ordering::Relaxed)
    }

    fn failed(&self) -> bool {
        self.at.load(Ordering::Relaxed) != u64::MAX
    }

    /// The first error and its record, taken.
    fn take(&self) -> Option<(u64, Error)> {
        self.first
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

/// Which of the reader's error `read` and the first writer's error (with the record it
/// stopped at) a rewrite on one thread meets first: the reader's, at the record it could
/// not read, unless a writer stopped at an earlier record (or the reader's error is not
/// of a record: the reader failed after the records it had read).
fn first_error(read: Error, written: Option<(u64, Error)>) -> Error {
    match (read.position(), written) {
        (Some(p), Some((record, e))) if record < p.record() => e,
        (None, Some((_, e))) => e,
        _ => read,
    }
}

/// The number of the record `parsed` (the reader's).
fn record_of(parsed: &Parsed<AnyRecord>) -> u64 {
    let raw = match parsed {
        Parsed::Typed { record, .. } => record.origin(),
        Parsed::Raw { record, .. } => Some(record),
    };
    raw.map_or(0, |r| r.position().record())
}

/// The output of a file rewritten on several threads, which the calling thread's
/// [`Part`] writes into once it holds more than a chunk, and the joins of the other
/// parts in order.
type Output<'w> = Mutex<dyn Write + Send + 'w>;

impl Start {
    /// Reads the first record with `rdr`; `None` when the file is to be rewritten on one
    /// thread (see [`FileReaderBuilder::rewrite_file`]).
    fn of<R: Read>(mut rdr: FileReader<R>, name: &str) -> Option<Start> {
        let first = rdr.next_record().ok()??;
        let mut sink = Sink::for_file(&rdr, name, Spool::default()).ok()?;
        sink.write_parsed(&first).ok()?;
        match sink {
            Sink::File(w) if w.settled() => Some(Start {
                first: w,
                header: rdr.header().cloned(),
            }),
            _ => None,
        }
    }

    /// Rewrites the file into `w` through `fold` (the builder's `fold_file` or
    /// `fold_slice` of the file, given `init`, `fold` and `join`).
    fn rewrite<W, F>(self, w: W, fold: F) -> Result<Rewritten<W>, Error>
    where
        W: Write + Send,
        F: for<'w> FnOnce(
            &(dyn Fn() -> Part<'w> + Sync),
            &(dyn Fn(&mut Part<'w>, Parsed<AnyRecord>) + Sync),
            &mut dyn FnMut(&mut Part<'w>, Part<'w>),
        ) -> Result<(Part<'w>, Summary), Error>,
    {
        let name = self.first.name().to_string();
        let out: Mutex<W> = Mutex::new(w);
        let output: &Output<'_> = &out;
        let failure = Failure::new();
        // The first value made is the calling thread's, which the parts are joined to
        // (`fold_file` makes it before any part's, and the reading on one thread folds
        // into it): it writes the file's output.
        let given = AtomicBool::new(false);
        let init = || {
            let caller = !given.swap(true, Ordering::Relaxed);
            let spool = Spool {
                buf: Vec::new(),
                out: caller.then_some(output),
            };
            let mut sink = self.first.continued(spool);
            if let (Some(h), true) = (&self.header, caller) {
                if let Err(e) = sink.write_header(h) {
                    failure.at(0, e);
                }
            }
            Part {
                sink: Sink::File(sink),
                typed: 0,
            }
        };
        let write = |part: &mut Part<'_>, parsed: Parsed<AnyRecord>| {
            let record = record_of(&parsed);
            if failure.skips(record) {
                return;
            }
            match part.sink.write_parsed(&parsed) {
                Ok(typed) => part.typed += u64::from(typed),
                // A part's writer numbers its records from its first: the error is given
                // the record's number in the file, as one writer numbers it.
                Err(e) if e.position().is_some() => {
                    failure.at(record, e.at(Position::new(0, 0, record)));
                }
                Err(e) => failure.at(record, e),
            }
        };
        let mut join = |mine: &mut Part<'_>, later: Part<'_>| mine.join(later, output, &failure);
        let folded = fold(&init, &write, &mut join);
        // Whichever the rewrite on one thread meets first: the reader's error, or a
        // writer's at an earlier record.
        let (part, summary) = match (folded, failure.take()) {
            (Ok(done), None) => done,
            (Ok(_), Some((_, e))) => return Err(e),
            (Err(e), written) => return Err(first_error(e, written)),
        };
        let Part { sink, typed } = part;
        let (mut spool, problems) = sink.finish()?;
        spool
            .flush_out()
            .map_err(|e| Error::from(e).in_file(Some(name.clone())))?;
        drop(spool);
        let w = out
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        end(w, summary, problems, typed, &name)
    }
}

impl Part<'_> {
    /// Takes the records of the part that follows (its bytes written to `output` after
    /// these), as one writer of both would have written them.
    /// After a writer's error, nothing more is written: the rewrite fails.
    fn join(&mut self, later: Part<'_>, output: &Output<'_>, failure: &Failure) {
        if failure.failed() {
            return;
        }
        // Every part's sink is a file's (made by `init`).
        let (Sink::File(mine), Sink::File(theirs)) = (&mut self.sink, later.sink) else {
            return;
        };
        let before = mine.records_written();
        let written = match mine.get_mut() {
            Some(spool) => spool.flush_out(),
            None => Ok(()),
        };
        // Each part's writer starts its first line without the line break that comes
        // before a line: written here, between the lines before and the part's.
        let between = mine.has_lines() && theirs.has_lines();
        let bytes = mine.absorb(theirs).map(|s| s.buf).unwrap_or_default();
        let written = written.and_then(|()| {
            let mut out = output
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if between {
                out.write_all(b"\r\n")?;
            }
            out.write_all(&bytes)
        });
        match written {
            Ok(()) => {
                self.typed += later.typed;
                #[cfg(test)]
                tests::JOINED.with(|j| j.set(j.get() + 1));
            }
            Err(e) => failure.at(
                before + 1,
                Error::from(e).in_file(Some(mine.name().to_string())),
            ),
        }
    }
}

/// Where a rewrite's writer puts its bytes: kept until the caller writes them
/// ([`Spool::drain_into`]), or, for the calling thread's part of a file rewritten on
/// several threads, written to the output once more than a chunk.
#[derive(Default)]
struct Spool<'w> {
    buf: Vec<u8>,
    out: Option<&'w Output<'w>>,
}

impl std::fmt::Debug for Spool<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spool")
            .field("bytes", &self.buf.len())
            .finish_non_exhaustive()
    }
}

/// The bytes the calling thread's [`Spool`] holds before it writes them.
const CHUNK: usize = 64 * 1024;

impl Spool<'_> {
    fn drain_into<W: Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }

    /// Writes what it holds to its output, if it has one.
    fn flush_out(&mut self) -> io::Result<()> {
        if let Some(out) = self.out {
            let mut out = out
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

impl Write for Spool<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.flush_out()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
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
enum Sink<'w> {
    File(FileWriter<Spool<'w>>),
    Plain(Writer<Spool<'w>>),
}

impl<'w> Sink<'w> {
    /// The sink of the file `rdr` reads, into `spool`, once `rdr` has read a record (the
    /// kind may come from the content), the header line lenient reading skipped written.
    fn for_file<R: Read>(
        rdr: &FileReader<R>,
        name: &str,
        spool: Spool<'w>,
    ) -> Result<Sink<'w>, Error> {
        // Each line break is written before the next line; the last one at the end, if
        // the file had it.
        let mut b = FileWriterBuilder::new();
        b.final_line_break(false);
        let mut s = match rdr.kind() {
            Some(kind) => Sink::File(b.to_writer(spool, kind, name)),
            None => Sink::Plain(plain(spool, name)),
        };
        if let Some(h) = rdr.header() {
            s.write_header(h)?;
        }
        Ok(s)
    }

    /// Where the bytes written go.
    fn spool(&mut self) -> &mut Spool<'w> {
        let spool = match self {
            Sink::File(w) => w.get_mut(),
            Sink::Plain(w) => w.get_mut(),
        };
        match spool {
            Some(s) => s,
            // The writers give their writer up only in `finish`, which takes the sink.
            None => unreachable!("a sink's writer is there until it finishes"),
        }
    }

    /// Writes the records of `batch` (see [`Sink::write_parsed`]) and empties it; returns
    /// how many were written through their typed items.
    fn write_batch(&mut self, batch: &mut Vec<Next>) -> Result<u64, Error> {
        let mut typed = 0;
        // Written where they are, then dropped together: a record is not moved out of
        // the batch to be written.
        for next in batch.iter() {
            if let Ok(Some(parsed)) = next {
                typed += u64::from(self.write_parsed(parsed)?);
            }
        }
        batch.clear();
        Ok(typed)
    }

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

    fn finish(self) -> Result<(Spool<'w>, Vec<Problem>), Error> {
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
/// returns why (none left, or the error). Each record is kept as the reader gave it, so
/// that a record (some 500 bytes) is moved once, into the batch, and not again out of the
/// reader's result.
fn fill<R: Read>(rdr: &mut FileReader<R>, batch: &mut Vec<Next>, wanted: usize) -> Option<Next> {
    while batch.len() < wanted {
        batch.push(rdr.next_record());
        if !matches!(batch.last(), Some(Ok(Some(_)))) {
            return batch.pop();
        }
    }
    None
}

/// A writer of lines as they were read (each line break before the next line).
fn plain<W: Write>(w: W, name: &str) -> Writer<W> {
    WriterBuilder::new()
        .final_line_break(false)
        .file_name(name)
        .from_writer(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileReaderBuilder;
    use careplan_model::Mode;

    const NAME: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

    thread_local! {
        /// The parts a rewrite on several threads joined on this thread.
        pub(super) static JOINED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

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

    /// The error a rewrite on several threads returns is the one met first on one thread:
    /// the reader's at record 102 before a writer's at 140, a writer's at 101 before it.
    #[test]
    fn the_error_at_the_earlier_record_is_returned() {
        let read = || Error::new(ErrorKind::EmptyRecord).at(Position::new(15_554, 102, 102));
        let written = |record| Error::new(ErrorKind::EmptyRecord).at(Position::new(0, 0, record));
        for (at, expected) in [(140, 102), (101, 101), (102, 102)] {
            let e = first_error(read(), Some((at, written(at))));
            assert_eq!(e.position().map(|p| p.record()), Some(expected), "{at}");
        }
        assert_eq!(first_error(read(), None).position(), read().position());
        let io = Error::from(io::Error::other("gone"));
        let e = first_error(io, Some((7, written(7))));
        assert_eq!(e.position().map(|p| p.record()), Some(7));
    }

    /// A writer that fails part of the way through a rewrite on several threads gives its
    /// error (no hang, no panic), as on one thread.
    #[test]
    fn a_failing_writer_stops_a_rewrite_on_several_threads() {
        struct Failing(usize);
        impl Write for Failing {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                if self.0 < bytes.len() {
                    return Err(io::Error::other("disk full"));
                }
                self.0 -= bytes.len();
                Ok(bytes.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let lines: Vec<String> = (0..1 + (PARALLEL_REWRITE_BYTES as usize) / 150)
            .map(|i| line(&format!("202504{:02}", 1 + i % 28)))
            .collect();
        let data = ms932(&lines.concat());
        for (threads, room) in [(1, 100_000), (2, 10), (2, 100_000), (2, data.len() - 10)] {
            let mut b = FileReaderBuilder::new();
            b.threads(threads).part_bytes(4096);
            match b.rewrite_slice(&data, NAME, Failing(room)) {
                Ok(_) => panic!("{threads} threads, {room} bytes: the writer fails"),
                Err(e) => assert!(
                    matches!(e.kind(), ErrorKind::Io(io) if io.to_string() == "disk full"),
                    "{threads} threads, {room} bytes: {e}"
                ),
            }
        }
    }

    /// A file of more than [`PARALLEL_REWRITE_BYTES`] rewritten on several threads, from a
    /// slice and from a file on disk, in parts of 4 KiB: the same bytes, summary, typed
    /// count and writer's problems (numbered as one writer numbers them, an unknown
    /// CSVバージョン said once with its count) as the rewrite on one thread; the same error
    /// for a record that stops the reader.
    #[test]
    fn a_rewrite_on_several_threads_is_the_rewrite_on_one() {
        let dir =
            std::env::temp_dir().join(format!("careplan-rewrite-parallel-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let records = 1 + (PARALLEL_REWRITE_BYTES as usize) / 150;
        let lines = |odd: &dyn Fn(usize) -> Option<String>| -> Vec<String> {
            (0..records)
                .map(|i| odd(i).unwrap_or_else(|| line(&format!("202504{:02}", 1 + i % 28))))
                .collect()
        };
        let clean = lines(&|_| None);
        // Records that fail validation (kept raw), an unknown and another known
        // CSVバージョン (said by the writer) in many parts.
        let faulty = lines(&|i| match i % 997 {
            3 => Some(line("2025041X")),
            500 => Some(line("20250401").replacen("202407", "199901", 1)),
            700 => Some(line("20250401").replacen("202407", "202208", 1)),
            _ => None,
        });
        let mut long = clean.clone();
        long[records / 2] = format!("{}\r\n", "9".repeat(600));
        let mut no_final_break = clean.concat();
        no_final_break.truncate(no_final_break.len() - 2);
        // A record the writer refuses (one empty item: a blank line), alone, before the
        // long record the reader stops at, and after it.
        let blank = "\"\"\r\n".to_string();
        let mut refused = clean.clone();
        refused[records / 2] = blank.clone();
        let mut refused_first = long.clone();
        refused_first[101] = blank.clone();
        let mut long_first = clean.clone();
        long_first[101] = format!("{}\r\n", "9".repeat(600));
        long_first[140] = blank;
        // A file in UTF-8 (read leniently) with a character MS932 cannot hold.
        let mut unmappable = clean.clone();
        unmappable[records / 2] = unmappable[records / 2].replace("山田 花子", "山田 한");
        let header = format!("CSVバージョン,保険者番号\r\n{}", clean.concat());
        let cases = [
            (Mode::Strict, ms932(&clean.concat())),
            (Mode::Lenient, ms932(&header)),
            (Mode::Strict, ms932(&header)),
            (Mode::Lenient, ms932(&faulty.concat())),
            (Mode::Strict, ms932(&faulty.concat())),
            (Mode::Lenient, ms932(&no_final_break)),
            (Mode::Lenient, ms932(&long.concat())),
            (Mode::Lenient, ms932(&refused.concat())),
            (Mode::Lenient, ms932(&refused_first.concat())),
            (Mode::Lenient, ms932(&long_first.concat())),
            (Mode::Lenient, unmappable.concat().into_bytes()),
        ];
        for (case, (mode, data)) in cases.into_iter().enumerate() {
            let path = dir.join(NAME);
            fs::write(&path, &data).unwrap_or_else(|e| panic!("{e}"));
            let mut b = FileReaderBuilder::new();
            b.mode(mode).max_record_bytes(512);
            let one = rewrite(b.from_reader(&data[..], NAME), Vec::new());
            b.threads(3).part_bytes(4096);
            JOINED.with(|j| j.set(0));
            let from_slice = b.rewrite_slice(&data, NAME, Vec::new());
            let joined_slice = JOINED.with(|j| j.replace(0));
            let from_file = b.rewrite_file(&path, Vec::new());
            let joined_file = JOINED.with(|j| j.replace(0));
            // The first record of a strict file with a header line is the header line: its
            // CSVバージョン is no version, and the file is rewritten on one thread.
            if case != 2 && one.is_ok() {
                assert!(
                    joined_slice > 0 && joined_file > 0,
                    "case {case}: on several threads"
                );
            }
            for several in [from_slice, from_file] {
                match (&one, several) {
                    (Ok(one), Ok(several)) => {
                        if several.output != one.output {
                            let at = several
                                .output
                                .iter()
                                .zip(&one.output)
                                .position(|(a, b)| a != b)
                                .unwrap_or(several.output.len().min(one.output.len()));
                            let around = |b: &[u8]| {
                                String::from_utf8_lossy(
                                    &b[at.saturating_sub(60)..(at + 60).min(b.len())],
                                )
                                .into_owned()
                            };
                            panic!(
                                "case {case}: the bytes differ at {at} (lengths {} / {}):\n{}\n---\n{}",
                                several.output.len(),
                                one.output.len(),
                                around(&several.output),
                                around(&one.output)
                            );
                        }
                        assert_eq!(several.typed, one.typed, "case {case}");
                        assert_eq!(
                            format!("{:?}", several.summary),
                            format!("{:?}", one.summary),
                            "case {case}"
                        );
                        assert_eq!(
                            format!("{:?}", several.problems),
                            format!("{:?}", one.problems),
                            "case {case}"
                        );
                    }
                    (Err(one), Err(several)) => {
                        assert_eq!(several.to_string(), one.to_string(), "case {case}");
                    }
                    (one, several) => panic!("case {case}: {one:?} / {several:?}"),
                }
            }
            if let (7.., Ok(done)) = (case, &one) {
                panic!("case {case}: the rewrite fails: {:?}", done.summary);
            }
            if case == 4 {
                let Ok(one) = &one else {
                    panic!("the faulty file is rewritten")
                };
                let unknown: Vec<_> = one
                    .problems
                    .iter()
                    .filter(|p| p.kind == careplan_model::ProblemKind::UnknownVersion)
                    .collect();
                assert_eq!(unknown.len(), 1, "said once: {unknown:?}");
                assert!(
                    one.output == data,
                    "the faulty file comes back byte for byte"
                );
            }
        }
        fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
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
