//! Reading one large file on several threads, with the report a reading on one thread gives.
//!
//! The file is cut into parts at places where a record starts, each part is read by a
//! [`FileReader`] of its own, and the records come back to the caller's thread in the
//! file's order. The caller's thread is one of the readers: `threads(n)` starts `n - 1`
//! threads, and the caller reads a part itself whenever the part it is to take next is not
//! ready. A part it reads when that part is the one to take next (and always the last
//! part, which holds the rest of a file the scan stopped cutting) goes to the merge record
//! by record as it is read, never held whole in memory, and never crosses threads. What depends on the records before a part — its
//! byte offset, line and record numbers, the line break of the record before, the file's
//! CSVバージョン, service month and kind, the encoding — is found by a quick scan ahead of
//! the readers ([`Splitter`]) and given to the part's reader, so every position and every
//! problem is the one the reading from the start finds. What is counted across the file —
//! users, the rules across records (第7表 totals, keys that must be unique), the file's
//! problems past the first 1000 of a kind — is done on the caller's thread, record by
//! record, in order.
//!
//! A caller that only folds the records into a value ([`FileReaderBuilder::fold_file`], as
//! `careplan check` does with a file's keys and problems) has no record cross threads: the
//! reader of each part runs the counting and the rules across records on its part itself,
//! from nothing, folds the records into a value of its own, and the caller joins the parts
//! in order ([`Merge::absorb`]: users by runs, the rules' states through
//! `AnyFileRules::absorb`, problems said once per file). Where what a part found depends on
//! the records before it (a key that must be unique seen on both sides of the cut, say),
//! the join declines and the caller reads that part again itself, after them: the report
//! is still the one reader's.
//!
//! The scan finds where records start by quote parity, as `csv-core` tokenizes: a `"` at
//! the start of a field opens a quoted field, `""` inside one is a quote, a `"` elsewhere
//! is a character; CR and LF outside quotes end a record. MS932 trail bytes are never `"`,
//! `,`, CR or LF, so the bytes need not be decoded to be cut. Each part's reader then says
//! where its reading ended; when that is not where the next part was started from (a file
//! the scan reads otherwise than the reader, such as one cut inside a record), the rest of
//! the file is read again on the caller's thread from the last place known to be right
//! (leaving out the records of a part read on the caller's thread that were handed over
//! before its reader came to the wrong cut: it holds back only a record read up to the
//! part's last byte, until the part is known to end with a record's line break). The report is the
//! same either way; only the time differs.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

use careplan_model::__private::{AnyFileRules, RuleContext};
use careplan_model::{
    AnyRecord, FileKind, Layout, Location, Position, Problem, ProblemKind, Severity, SourceEncoding,
};

use crate::error::Error;
use crate::file::{
    absorb_versions, once_per_file, versions_join, FileReader, FileReaderBuilder, FileResume,
    Parsed, RepeatKey, Repeats, SharedRecord, Summary, UserKey, Users,
};
use crate::filename::FileName;
use crate::reader::{LineBreak, Resume, Scratch, MAX_REPORTS_PER_KIND};

/// The most records in one part: the records of a part wait in memory until the caller
/// takes them, so a file of short records is cut into parts of fewer bytes.
const PART_RECORDS: u64 = 2048;
/// The least size of the first part: the first buffer of a [`crate::Reader`].
const FIRST_PART: u64 = crate::reader::DEFAULT_CAPACITY as u64;
/// The buffer of the scan.
const SCAN_BUFFER: usize = 256 * 1024;
/// The longest line the scan looks at as a whole (to tell a line of spaces); a longer one
/// ends the cutting (the rest of the file is one part).
const SCAN_LINE: usize = 64 * 1024;

/// Where a file's bytes come from.
#[derive(Clone, Copy, Debug)]
enum Source<'a> {
    Slice(&'a [u8]),
    Path(&'a Path),
}

/// The bytes of a part of a file.
enum Input<'a> {
    Slice(&'a [u8]),
    File(io::Take<File>),
}

impl Read for Input<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Slice(s) => s.read(buf),
            Input::File(f) => f.read(buf),
        }
    }
}

impl<'a> Source<'a> {
    fn len(&self) -> io::Result<u64> {
        match self {
            Source::Slice(s) => Ok(s.len() as u64),
            Source::Path(p) => Ok(std::fs::metadata(p)?.len()),
        }
    }

    /// The bytes from `start` to `end` (to the end of the file for `None`).
    fn open(&self, start: u64, end: Option<u64>) -> io::Result<Input<'a>> {
        match *self {
            Source::Slice(s) => {
                let from = usize::try_from(start).unwrap_or(usize::MAX).min(s.len());
                let to = end
                    .map_or(s.len(), |e| usize::try_from(e).unwrap_or(usize::MAX))
                    .clamp(from, s.len());
                Ok(Input::Slice(s.get(from..to).unwrap_or_default()))
            }
            Source::Path(p) => {
                let mut f = File::open(p)?;
                f.seek(SeekFrom::Start(start))?;
                let len = end.map_or(u64::MAX, |e| e.saturating_sub(start));
                Ok(Input::File(f.take(len)))
            }
        }
    }
}

impl FileReaderBuilder {
    /// Reads the file at `path` to the end, giving each record to `each` in the file's
    /// order, and returns the file's summary; on [`threads`](FileReaderBuilder::threads)
    /// threads when the file is large enough to be worth cutting into parts.
    ///
    /// The records, their problems and positions and the summary are those of reading the
    /// file with one [`FileReader`] from start to end; the first error (I/O, a record over
    /// the size limit) ends the reading as it would there, after the records before it.
    /// Records are handed over on the calling thread; memory holds the records of a few
    /// parts (a few MiB), whatever the file's size.
    ///
    /// ```
    /// use careplan_csv::FileReaderBuilder;
    /// # let dir = std::env::temp_dir().join(format!("careplan-read-file-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV");
    /// let lines: String = (0..5000).map(|i| format!("202407,131001,{i:010},202504\r\n")).collect();
    /// std::fs::write(&path, lines).unwrap();
    /// let mut users = 0;
    /// let summary = FileReaderBuilder::new()
    ///     .threads(2)
    ///     .read_file(&path, |record| users += usize::from(record.problems().is_empty()))
    ///     .unwrap();
    /// assert_eq!((summary.records, summary.users, users), (5000, 5000, 5000));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn read_file(
        &self,
        path: impl AsRef<Path>,
        each: impl FnMut(Parsed<AnyRecord>),
    ) -> Result<Summary, Error> {
        in_path(path.as_ref(), |source, name| {
            run(self, source, name, PartJob::Records, &mut Each(each))
        })
    }

    /// Reads the file named `name` whose bytes are `data` as
    /// [`read_file`](FileReaderBuilder::read_file) does.
    ///
    /// ```
    /// use careplan_csv::FileReaderBuilder;
    /// let data: Vec<u8> = (0..5000)
    ///     .flat_map(|i| format!("202407,131001,{i:010},202504\r\n").into_bytes())
    ///     .collect();
    /// let name = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
    /// let mut lines = Vec::new();
    /// let summary = FileReaderBuilder::new()
    ///     .threads(2)
    ///     .read_slice(&data, name, |record| {
    ///         lines.push(record.typed().and_then(|r| r.origin()).map(|o| o.position().line()))
    ///     })
    ///     .unwrap();
    /// assert_eq!(summary.records, 5000);
    /// assert_eq!(lines[4999], Some(5000));
    /// ```
    pub fn read_slice(
        &self,
        data: &[u8],
        name: &str,
        each: impl FnMut(Parsed<AnyRecord>),
    ) -> Result<Summary, Error> {
        run(
            self,
            Source::Slice(data),
            name,
            PartJob::Records,
            &mut Each(each),
        )
    }
}

impl FileReaderBuilder {
    /// Folds the records of the file at `path` into a value, on
    /// [`threads`](FileReaderBuilder::threads) threads when the file is large enough, each
    /// thread folding the records of the parts it reads where it reads them (no record
    /// crosses threads), and returns the value with the file's summary.
    ///
    /// `init` makes an empty value for a run of records, `fold` adds the next record of the
    /// run to it, and `join` adds the value of the run that follows to the value of the runs
    /// before it (runs are joined in the file's order). When `join(a, b)` of the values of two
    /// runs equals the value of folding both runs into one, the result is the value of
    /// folding every record into one `init()` value in order, as on one thread — as with
    /// rayon's `fold` and `reduce`. `init` is first called on the calling thread, before any
    /// part is read, for the value that is returned: every later run's value is joined into
    /// that first one. The records, their problems and positions and the summary
    /// in the value are those of reading the file with one [`FileReader`](crate::FileReader);
    /// the first error ends the reading as it would there.
    ///
    /// A part is folded before it is known whether its records depend on those before it
    /// (a key that must be unique found on both sides of the cut, say). When they do, that
    /// part's value is dropped, with the problems its records were given on their own, and
    /// the part is folded again on the calling thread into the value of the parts before
    /// it; parts read past the first error are dropped too. So `fold` may be called more
    /// than once for a record, and `init` and `fold` should change nothing but the value
    /// (no counter of records seen, no output): for one call per record, in the file's
    /// order, use [`read_file`](FileReaderBuilder::read_file).
    ///
    /// ```
    /// use careplan_csv::FileReaderBuilder;
    /// # let dir = std::env::temp_dir().join(format!("careplan-fold-file-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV");
    /// let lines: String = (0..5000).map(|i| format!("202407,131001,{i:010},202504\r\n")).collect();
    /// std::fs::write(&path, lines).unwrap();
    /// // The line numbers of the records without problems, in the file's order.
    /// let (lines, summary) = FileReaderBuilder::new()
    ///     .threads(2)
    ///     .fold_file(
    ///         &path,
    ///         Vec::new,
    ///         |lines: &mut Vec<u64>, record| {
    ///             if record.problems().is_empty() {
    ///                 lines.extend(record.typed().and_then(|r| r.origin()).map(|o| o.position().line()));
    ///             }
    ///         },
    ///         |lines, later| lines.extend(later),
    ///     )
    ///     .unwrap();
    /// assert_eq!((summary.records, lines.len()), (5000, 5000));
    /// assert!(lines.windows(2).all(|w| w[0] + 1 == w[1]));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn fold_file<S, I, F, J>(
        &self,
        path: impl AsRef<Path>,
        init: I,
        fold: F,
        join: J,
    ) -> Result<(S, Summary), Error>
    where
        S: Send,
        I: Fn() -> S + Sync,
        F: Fn(&mut S, Parsed<AnyRecord>) + Sync,
        J: FnMut(&mut S, S),
    {
        in_path(path.as_ref(), |source, name| {
            fold_source(self, source, name, init, fold, join)
        })
    }

    /// Folds the records of the file named `name` whose bytes are `data` as
    /// [`fold_file`](FileReaderBuilder::fold_file) does.
    ///
    /// ```
    /// use careplan_csv::FileReaderBuilder;
    /// let data: Vec<u8> = (0..5000)
    ///     .flat_map(|i| format!("202407,131001,{i:010},202504\r\n").into_bytes())
    ///     .collect();
    /// let name = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
    /// let (typed, summary) = FileReaderBuilder::new()
    ///     .threads(2)
    ///     .fold_slice(&data, name, || 0u64, |n, r| *n += u64::from(r.typed().is_some()), |n, m| *n += m)
    ///     .unwrap();
    /// assert_eq!((typed, summary.typed), (5000, 5000));
    /// ```
    pub fn fold_slice<S, I, F, J>(
        &self,
        data: &[u8],
        name: &str,
        init: I,
        fold: F,
        join: J,
    ) -> Result<(S, Summary), Error>
    where
        S: Send,
        I: Fn() -> S + Sync,
        F: Fn(&mut S, Parsed<AnyRecord>) + Sync,
        J: FnMut(&mut S, S),
    {
        fold_source(self, Source::Slice(data), name, init, fold, join)
    }
}

/// Reads the file at `path` with `read` (given its bytes and its name, the last part of
/// the path), an error naming the file.
fn in_path<T>(
    path: &Path,
    read: impl FnOnce(Source<'_>, &str) -> Result<T, Error>,
) -> Result<T, Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    read(Source::Path(path), &name).map_err(|e| {
        if e.file().is_some() {
            e
        } else {
            e.in_file(Some(name.clone()))
        }
    })
}

/// [`FileReaderBuilder::fold_file`] of the bytes of `source`.
fn fold_source<S, I, F, J>(
    builder: &FileReaderBuilder,
    source: Source<'_>,
    name: &str,
    init: I,
    fold: F,
    join: J,
) -> Result<(S, Summary), Error>
where
    S: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, Parsed<AnyRecord>) + Sync,
    J: FnMut(&mut S, S),
{
    let mut sink = Fold::new(&init, &fold, join);
    let job = PartJob::Fold {
        init: &init,
        fold: &fold,
    };
    let summary = run(builder, source, name, job, &mut sink)?;
    Ok((sink.value, summary))
}

/// What the caller does with the records: hands them over one by one
/// ([`FileReaderBuilder::read_file`]), or folds them ([`FileReaderBuilder::fold_file`]).
trait Sink {
    /// What the reader of a part that is not read on the caller's thread makes of its
    /// records (nothing, when they are handed over).
    type Value: Send;
    /// The next record, in the file's order.
    fn each(&mut self, p: Parsed<AnyRecord>);
    /// The value of the records of the next part, in the file's order.
    fn join(&mut self, later: Self::Value);
}

/// Records handed over one by one.
struct Each<F>(F);

impl<F: FnMut(Parsed<AnyRecord>)> Sink for Each<F> {
    type Value = ();
    fn each(&mut self, p: Parsed<AnyRecord>) {
        (self.0)(p)
    }
    fn join(&mut self, (): ()) {}
}

/// Records folded into a value.
struct Fold<'f, S, F, J> {
    value: S,
    fold: &'f F,
    join: J,
}

impl<'f, S, F, J> Fold<'f, S, F, J> {
    fn new(init: &impl Fn() -> S, fold: &'f F, join: J) -> Self {
        Fold {
            value: init(),
            fold,
            join,
        }
    }
}

impl<S: Send, F: Fn(&mut S, Parsed<AnyRecord>), J: FnMut(&mut S, S)> Sink for Fold<'_, S, F, J> {
    type Value = S;
    fn each(&mut self, p: Parsed<AnyRecord>) {
        (self.fold)(&mut self.value, p)
    }
    fn join(&mut self, later: S) {
        (self.join)(&mut self.value, later)
    }
}

/// What the reader of a part does with its records when the part is not read on the
/// caller's thread as the one it takes next.
enum PartJob<'f, S> {
    /// Keeps them, for the caller to hand over.
    Records,
    /// Folds them where they are read, into a value of its own; the caller joins it.
    Fold {
        init: &'f (dyn Fn() -> S + Sync),
        fold: &'f (dyn Fn(&mut S, Parsed<AnyRecord>) + Sync),
    },
}

impl<S> Clone for PartJob<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for PartJob<'_, S> {}

fn run<K: Sink>(
    builder: &FileReaderBuilder,
    source: Source<'_>,
    name: &str,
    job: PartJob<'_, K::Value>,
    sink: &mut K,
) -> Result<Summary, Error> {
    let (threads, part_bytes) = builder.threads_and_part();
    let len = source.len().map_err(Error::from)?;
    if threads > 1 && len >= 2 * part_bytes as u64 && len > 2 * FIRST_PART {
        if let Some(plan) = Plan::of(builder, source, name)? {
            return plan.read(builder, source, threads, part_bytes, job, sink);
        }
    }
    let mut rdr = builder.from_reader(source.open(0, None).map_err(Error::from)?, name);
    while let Some(p) = rdr.next_record()? {
        sink.each(p);
    }
    rdr.finish()
}

/// What the first record of a file says about the rest, for the readers of its parts.
#[derive(Debug)]
struct Plan {
    name: String,
    /// The kind, the CSVバージョン and month after the first record (and the encoding as
    /// decided then).
    after_first: FileResume,
    /// Whether lenient mode skipped a header line before the first record.
    header: bool,
}

impl Plan {
    /// The plan of a file worth reading in parts; `None` for a file read on one thread
    /// (no record, no kind, or not a CSV).
    fn of(
        builder: &FileReaderBuilder,
        source: Source<'_>,
        name: &str,
    ) -> Result<Option<Plan>, Error> {
        let mut first = builder.from_reader(source.open(0, None).map_err(Error::from)?, name);
        let is_header = |p: &Parsed<AnyRecord>| {
            p.problems()
                .iter()
                .any(|p| p.kind == ProblemKind::HeaderLine)
        };
        // The version and month are the first data record's: a header line kept as a
        // record (strict mode) gives neither.
        let kind = match first.next_record() {
            Ok(Some(p)) if is_header(&p) => match first.next_record() {
                Ok(Some(_)) => first.kind(),
                _ => None,
            },
            Ok(Some(_)) => first.kind(),
            _ => None,
        };
        if kind.is_none() || kind == Some(FileKind::YoboKihonImage) {
            return Ok(None);
        }
        // The encoding must be decided on the first buffer (it is, by any character that
        // is not ASCII there): a part's reader cannot decide it as the reader of the whole
        // file would, which looks on past the part's end.
        let after_first = first.resume_after();
        if after_first.reader.encoding.is_none() {
            return Ok(None);
        }
        Ok(Some(Plan {
            name: name.to_string(),
            after_first,
            header: first.header().is_some(),
        }))
    }

    /// Where the reading of the part `cut` takes up: the scan's place in the file, with the
    /// kind, CSVバージョン, month and encoding as the first record left them.
    fn resume_at(&self, cut: &Cut) -> FileResume {
        FileResume {
            reader: cut.at.clone(),
            ..self.after_first.clone()
        }
    }

    /// A reader of the part `cut`, reading into what `kept` holds, taking up the reading at
    /// `at`; `None` when the part's bytes cannot be had.
    fn part_reader<'s>(
        &self,
        builder: &FileReaderBuilder,
        source: Source<'s>,
        cut: &Cut,
        at: &FileResume,
        kept: &mut Kept,
    ) -> Option<FileReader<Input<'s>>> {
        let input = source.open(cut.start, cut.end).ok()?;
        let mut rdr = kept.reader(builder, input, &self.name);
        if cut.index == 0 {
            rdr.first_part();
        } else {
            rdr.resume(at);
        }
        Some(rdr)
    }

    fn read<K: Sink>(
        self,
        builder: &FileReaderBuilder,
        source: Source<'_>,
        threads: usize,
        part_bytes: usize,
        job: PartJob<'_, K::Value>,
        sink: &mut K,
    ) -> Result<Summary, Error> {
        let splitter = Splitter::new(
            source.open(0, None).map_err(Error::from)?,
            part_bytes as u64,
            self.header,
            self.after_first.reader.encoding,
        );
        self.read_cut_by(builder, source, threads, splitter, job, sink)
    }

    /// Reads the file in the parts `splitter` cuts, on `threads` threads (the calling
    /// thread one of them).
    fn read_cut_by<K: Sink>(
        self,
        builder: &FileReaderBuilder,
        source: Source<'_>,
        threads: usize,
        splitter: Splitter<'_>,
        job: PartJob<'_, K::Value>,
        sink: &mut K,
    ) -> Result<Summary, Error> {
        let shared = Shared {
            state: Mutex::new(Dispatch {
                splitter,
                last: None,
                taken: 0,
                consumed: 0,
            }),
            changed: Condvar::new(),
            stop: AtomicBool::new(false),
            // Parts read ahead of the caller hold their records, unless they are folded:
            // a folded part holds what it found (keys, users), and the readers may run
            // further ahead, not to wait on the caller while it joins a part.
            limit: match job {
                PartJob::Records => threads + 1,
                PartJob::Fold { .. } => 4 * threads,
            },
            spare: Mutex::new(Vec::new()),
            listed: Mutex::new(Listed::default()),
        };
        let (tx, rx) = mpsc::channel::<PartRead<K::Value>>();
        std::thread::scope(|scope| {
            // The calling thread reads parts too (when no part it is to take next is
            // ready): `threads` readers in all, not `threads` readers and a caller
            // competing with them for the cores.
            for _ in 1..threads {
                let tx = tx.clone();
                let shared = &shared;
                let plan = &self;
                scope.spawn(move || work(builder, source, plan, shared, job, &tx));
            }
            drop(tx);
            let result = self.merge(builder, source, &shared, &rx, job, sink);
            shared.stop.store(true, Ordering::Relaxed);
            shared.changed.notify_all();
            result
        })
    }

    /// The caller's side: takes the parts in order, checks that each starts where the one
    /// before ended, and hands over their records (or joins their folded values). While
    /// the part to take next is not ready, it reads the next part itself; the part to take
    /// next, when it reads it, goes to the merge record by record as it is read (so does
    /// the last part, which may be the whole rest of a file the scan could not cut: memory
    /// stays bounded). A part whose folded value cannot be joined as one folding of the
    /// file would have it (see [`Merge::absorb`]) is read again here, record by record.
    fn merge<K: Sink>(
        &self,
        builder: &FileReaderBuilder,
        source: Source<'_>,
        shared: &Shared<'_>,
        rx: &mpsc::Receiver<PartRead<K::Value>>,
        job: PartJob<'_, K::Value>,
        sink: &mut K,
    ) -> Result<Summary, Error> {
        let mut merge = Merge::new(builder, &self.name, self.after_first.kind);
        let mut waiting: BTreeMap<usize, PartRead<K::Value>> = BTreeMap::new();
        let mut next = 0usize;
        let mut before: Option<FileResume> = None;
        // The records this thread's readers read into, from part to part.
        let mut kept = Kept::new(shared);
        let mut readers = true;
        let stop = || {
            shared.stop.store(true, Ordering::Relaxed);
            shared.changed.notify_all();
        };
        loop {
            let Some(mut part) = waiting.remove(&next) else {
                if readers {
                    match rx.try_recv() {
                        Ok(part) => {
                            waiting.insert(part.index, part);
                            continue;
                        }
                        Err(mpsc::TryRecvError::Empty) => {}
                        Err(mpsc::TryRecvError::Disconnected) => readers = false,
                    }
                }
                // The part to take next is not ready: read a part here, unless the parts
                // are all handed out (or as far ahead as they may go).
                match shared.claim_here(next) {
                    Some(cut) if cut.index == next => {
                        let at = self.resume_at(&cut);
                        let starts_right = match &before {
                            None => cut.index == 0,
                            Some(end) => *end == at,
                        };
                        if !starts_right {
                            stop();
                            return self.rest(builder, source, merge, before, 0, sink);
                        }
                        match self.stream(builder, source, cut, at, &mut kept, &mut merge, sink)? {
                            Streamed::Read { end, last } => {
                                next += 1;
                                before = Some(end);
                                if last {
                                    return Ok(merge.finish());
                                }
                                shared.learn(&merge);
                                shared.consumed(next);
                            }
                            Streamed::Again { skip } => {
                                stop();
                                return self.rest(builder, source, merge, before, skip, sink);
                            }
                        }
                        continue;
                    }
                    Some(cut) => match read_cut(builder, source, self, shared, cut, job, &mut kept)
                    {
                        Some(part) => {
                            waiting.insert(part.index, part);
                            continue;
                        }
                        None => {
                            stop();
                            return self.rest(builder, source, merge, before, 0, sink);
                        }
                    },
                    None => {}
                }
                if !readers {
                    // Every reader stopped without the part (the input failed them): read
                    // the rest here.
                    stop();
                    return self.rest(builder, source, merge, before, 0, sink);
                }
                match rx.recv() {
                    Ok(part) => {
                        waiting.insert(part.index, part);
                    }
                    Err(_) => readers = false,
                }
                continue;
            };
            let starts_right = match &before {
                None => part.index == 0,
                Some(end) => *end == part.at,
            };
            // A part other than the last must end with a record's line break; else it was
            // cut inside a record.
            let ends_right = part.last || part.error || part.clean;
            if !starts_right || !ends_right {
                stop();
                return self.rest(builder, source, merge, before, 0, sink);
            }
            let last = part.last;
            let end = part.end.clone();
            match part.folded.take() {
                None => {
                    let batch = merge.part(part, &mut |p| sink.each(p))?;
                    shared.give_back(batch);
                }
                Some(folded) => {
                    let Folded {
                        merge: later,
                        value,
                        error,
                    } = *folded;
                    if let Some(e) = error {
                        // The first error of the file ends the reading, as on one thread.
                        return Err(e);
                    }
                    if merge.absorb(later) {
                        sink.join(value);
                        merge.part_end(part);
                    } else {
                        // The part's records depend on records before it (a key seen on
                        // both sides, say): read it again here, after them.
                        drop(value);
                        let cut = Cut {
                            index: part.index,
                            start: part.at.reader.offset,
                            end: Some(part.end.reader.offset),
                            at: part.at.reader.clone(),
                        };
                        let at = part.at.clone();
                        match self.stream(builder, source, cut, at, &mut kept, &mut merge, sink)? {
                            Streamed::Read { .. } => {}
                            Streamed::Again { skip } => {
                                stop();
                                return self.rest(builder, source, merge, before, skip, sink);
                            }
                        }
                    }
                }
            }
            next += 1;
            before = Some(end);
            if last {
                return Ok(merge.finish());
            }
            shared.learn(&merge);
            shared.consumed(next);
        }
    }

    /// Reads the part `cut`, the one the merge takes next, starting at `at` (where the part
    /// before ended), handing each record to the merge as it is read — but for one read up
    /// to the part's last byte, which waits until the part is known to end with a record's
    /// line break (else the cut was inside it).
    #[allow(clippy::too_many_arguments)]
    fn stream<K: Sink>(
        &self,
        builder: &FileReaderBuilder,
        source: Source<'_>,
        cut: Cut,
        at: FileResume,
        kept: &mut Kept,
        merge: &mut Merge,
        sink: &mut K,
    ) -> Result<Streamed, Error> {
        let Some(mut rdr) = self.part_reader(builder, source, &cut, &at, kept) else {
            return Ok(Streamed::Again { skip: 0 });
        };
        let mut held: Option<(Parsed<AnyRecord>, Found)> = None;
        let mut handed = 0u64;
        let (part, failed): (PartRead<()>, _) = read_part(
            &mut rdr,
            cut.index,
            at,
            cut.end.is_none(),
            None,
            |p, found, consumed| {
                if let Some((p, found)) = held.take() {
                    merge.record(p, found, &mut |p| sink.each(p));
                    handed += 1;
                }
                // A record its reader read past before the part's end is whole; only one
                // that reaches the end may have been cut short there.
                if cut.end.is_some_and(|end| consumed >= end) {
                    held = Some((p, found));
                } else {
                    merge.record(p, found, &mut |p| sink.each(p));
                    handed += 1;
                }
            },
        );
        kept.keep(&mut rdr);
        if part.last || part.error || part.clean {
            if let Some((p, found)) = held.take() {
                merge.record(p, found, &mut |p| sink.each(p));
            }
            if let Some(e) = failed {
                return Err(e);
            }
            let end = part.end.clone();
            let last = part.last;
            merge.part_end(part);
            return Ok(Streamed::Read { end, last });
        }
        // Cut inside a record (as the reader reads it): the last record read is not whole.
        Ok(Streamed::Again { skip: handed })
    }

    /// Reads the rest of the file on this thread, taking up the reading where `before`
    /// ended (the start of the file for `None`); the first `skip` records read there were
    /// handed over already.
    fn rest<K: Sink>(
        &self,
        builder: &FileReaderBuilder,
        source: Source<'_>,
        mut merge: Merge,
        before: Option<FileResume>,
        mut skip: u64,
        sink: &mut K,
    ) -> Result<Summary, Error> {
        let start = before.as_ref().map_or(0, |b| b.reader.offset);
        let input = source.open(start, None).map_err(Error::from)?;
        let mut rdr = builder.from_reader(input, &self.name);
        match &before {
            Some(at) => rdr.resume(at),
            None => rdr.first_part(),
        }
        let index = merge.parts;
        let at = before.unwrap_or_else(|| self.after_first.clone());
        // The records go to the caller as they are read: the rest of a file may be most
        // of it, and memory holds one record at a time, as on one thread.
        let (part, failed): (PartRead<()>, _) =
            read_part(&mut rdr, index, at, true, None, |p, found, _| {
                if skip > 0 {
                    skip -= 1;
                } else {
                    merge.record(p, found, &mut |p| sink.each(p));
                }
            });
        if let Some(e) = failed {
            return Err(e);
        }
        merge.part_end(part);
        Ok(merge.finish())
    }
}

/// How the caller's reading of the part it takes next ended.
enum Streamed {
    /// Read to its end, which is where the part after it starts (`last`: the file's).
    Read { end: FileResume, last: bool },
    /// Not as cut (or not readable): the file is to be read again from the part's start
    /// on, the first `skip` records having been handed over.
    Again { skip: u64 },
}

/// What the readers of the parts share: the scan, and how far the caller has taken the
/// parts (no reader runs more than `limit` parts ahead of it).
struct Shared<'a> {
    state: Mutex<Dispatch<'a>>,
    changed: Condvar,
    stop: AtomicBool,
    limit: usize,
    /// The lists of records the caller has emptied, for the readers to fill again (a list
    /// holds a part's records: grown once, not for every part).
    spare: Mutex<Vec<Batch>>,
    /// What the parts the caller has taken said once for the file, for a part folded
    /// after them to count again instead of saying it (see [`Listed`]).
    listed: Mutex<Listed>,
}

/// What the parts of a file taken so far said once for the file: the repeated problems
/// they listed ([`Repeats::knowing`]) and the unknown CSVバージョン values (each with the
/// problem of its first record). A part folded on its own counts them as known (as one
/// reading would), so that it joins the parts before it although the same fact is found
/// on both sides.
#[derive(Clone, Default)]
struct Listed {
    repeats: Vec<RepeatKey>,
    versions: Vec<Problem>,
}

/// The records of a part, in order, each with what its reader found (its user, its
/// layout); the last one an error when the reading ended with one.
type Batch = Vec<(Result<Parsed<AnyRecord>, Error>, Found)>;

/// What the reader of a part finds out about a record for the caller's merge (the users,
/// the rules across records), so that the caller need not look into the record's text
/// again: on another thread, that text is no longer in the caller's cache.
#[derive(Debug)]
struct Found {
    /// The record's user, as the reader of the whole file counts users.
    user: Option<UserKey>,
    /// The layout of the record's CSVバージョン; `None` for a header line kept as a record,
    /// a record of no kind or of a version without a layout.
    layout: Option<&'static Layout>,
    position: Position,
}

/// The layouts a reader of parts finds records' CSVバージョン in (the last one found kept).
struct Layouts {
    kind: Option<FileKind>,
    last: Option<(String, &'static Layout)>,
}

impl Layouts {
    fn new(kind: Option<FileKind>) -> Layouts {
        Layouts { kind, last: None }
    }

    /// What the merge needs of `parsed`, whose user is `user`: its layout, found as the
    /// reader of the whole file finds it (by the kind and the record's CSVバージョン).
    fn found(&mut self, parsed: &Parsed<AnyRecord>, user: Option<UserKey>) -> Found {
        let raw = match parsed {
            Parsed::Typed { record, .. } => record.origin(),
            Parsed::Raw { record, .. } => Some(record),
        };
        let position = raw.map(|r| r.position()).unwrap_or_default();
        // A header line kept as a record (strict mode) is not a user's, and no rule sees it.
        let header = parsed
            .problems()
            .iter()
            .any(|p| p.kind == ProblemKind::HeaderLine);
        let layout = match (self.kind, raw, header) {
            (Some(kind), Some(raw), false) => {
                let version = raw.text(0);
                let cached = match &self.last {
                    Some((text, layout)) if version == Some(text.as_str()) => Some(*layout),
                    _ => None,
                };
                let layout = cached.or_else(|| Layout::for_record(kind, raw));
                if let (Some(layout), None, Some(v)) = (layout, cached, version) {
                    self.last = Some((v.to_string(), layout));
                }
                layout
            }
            _ => None,
        };
        Found {
            user,
            layout,
            position,
        }
    }
}

struct Dispatch<'a> {
    splitter: Splitter<'a>,
    /// The last part, once cut: the caller's to read (it may hold the rest of a file the
    /// scan could not cut, which the caller reads without holding its records).
    last: Option<Cut>,
    /// Parts handed to readers.
    taken: usize,
    /// Parts the caller has taken.
    consumed: usize,
}

impl<'a> Shared<'a> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Dispatch<'a>> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many records a reader of parts keeps to read into again: those of the parts it
    /// reads ahead of the caller (at most `limit` parts besides the one the caller is at)
    /// are handed out before they are let go.
    fn keep(&self) -> usize {
        (self.limit + 1).saturating_mul(PART_RECORDS as usize)
    }

    /// The next part for a reader thread to read, waiting while the parts read are as far
    /// ahead of the caller as they may go; `None` once every part but the last is handed
    /// out (the last is the caller's), or when the reading stops.
    fn claim(&self) -> Option<Cut> {
        let mut state = self.lock();
        loop {
            if self.stop.load(Ordering::Relaxed) || state.last.is_some() {
                return None;
            }
            if state.taken < state.consumed + self.limit {
                break;
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        let cut = state.splitter.next_part()?;
        state.taken += 1;
        if cut.end.is_none() {
            state.last = Some(cut);
            drop(state);
            self.changed.notify_all();
            return None;
        }
        Some(cut)
    }

    /// The next part for the caller to read, `next` being the part it takes next: the last
    /// part only when it is `next`; `None` when no part may be read now.
    fn claim_here(&self, next: usize) -> Option<Cut> {
        let mut state = self.lock();
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        if let Some(last) = state.last.take() {
            if last.index == next {
                return Some(last);
            }
            state.last = Some(last);
            return None;
        }
        if state.taken >= state.consumed + self.limit {
            return None;
        }
        let cut = state.splitter.next_part()?;
        state.taken += 1;
        if cut.end.is_none() && cut.index != next {
            state.last = Some(cut);
            drop(state);
            self.changed.notify_all();
            return None;
        }
        Some(cut)
    }

    /// What the parts taken so far said once for the file, for a part folded next.
    fn listed(&self) -> Listed {
        self.listed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Learns what the parts taken so far (merged in `merge`) said once for the file
    /// (it is only ever added to).
    fn learn(&self, merge: &Merge) {
        let mut listed = self
            .listed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let repeats = merge.repeats.listed();
        if repeats.len() != listed.repeats.len() {
            listed.repeats = repeats.cloned().collect();
        }
        if merge.unknown_versions.len() != listed.versions.len() {
            listed.versions = merge
                .unknown_versions
                .iter()
                .map(|(p, _)| p.clone())
                .collect();
        }
    }

    /// The caller has taken the parts before `next`: the readers may read on.
    fn consumed(&self, next: usize) {
        self.lock().consumed = next;
        self.changed.notify_all();
    }

    /// An empty list to hold a part's records.
    fn batch(&self) -> Batch {
        self.spare
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop()
            .unwrap_or_default()
    }

    /// Gives back a list the caller has emptied (as many are kept as parts can be read
    /// ahead).
    fn give_back(&self, batch: Batch) {
        let mut spare = self
            .spare
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if spare.len() <= self.limit {
            spare.push(batch);
        }
    }
}

/// A part of the file as its reader read it.
struct PartRead<S> {
    index: usize,
    /// Where the part's reader took up the reading.
    at: FileResume,
    /// Where it ended.
    end: FileResume,
    last: bool,
    /// Whether the last record ended with a line break.
    clean: bool,
    /// Whether the reading ended with an error (the last of `records`).
    error: bool,
    records: Batch,
    /// The part's records folded (a [`PartJob::Fold`]), instead of `records`.
    folded: Option<Box<Folded<S>>>,
    /// The file's problems the part's [`FileReader`] found itself (the file name's, the
    /// kind found from the content: the first part's only).
    file_problems: Vec<Problem>,
    /// The problems of the file's form its reader listed, and those it counted only.
    listed: Vec<Problem>,
    unlisted: Vec<(ProblemKind, Severity, u64, Location, usize)>,
    summary: Summary,
    file_name: Option<FileName>,
    final_line_break: Option<bool>,
    encoding: SourceEncoding,
}

/// The records of a part folded where they were read: what one folding of the file would
/// have found of them (users, rules across records, problems said once for the file) as
/// far as the part alone tells, and the caller's value.
struct Folded<S> {
    merge: Merge,
    value: S,
    /// The error the reading of the part ended with.
    error: Option<Error>,
}

/// A reader's loop: takes the next part, reads it, sends it.
fn work<S>(
    builder: &FileReaderBuilder,
    source: Source<'_>,
    plan: &Plan,
    shared: &Shared<'_>,
    job: PartJob<'_, S>,
    tx: &mpsc::Sender<PartRead<S>>,
) {
    let mut kept = Kept::new(shared);
    while let Some(cut) = shared.claim() {
        let Some(part) = read_cut(builder, source, plan, shared, cut, job, &mut kept) else {
            // The caller reads the rest itself.
            shared.stop.store(true, Ordering::Relaxed);
            shared.changed.notify_all();
            return;
        };
        if tx.send(part).is_err() {
            return;
        }
    }
}

/// What a thread's reader of a part leaves to the reader of its next part: the records to
/// read into again (those let go), the buffers it worked in.
struct Kept {
    records: SharedRecord,
    scratch: Scratch,
}

impl Kept {
    fn new(shared: &Shared<'_>) -> Kept {
        Kept {
            records: SharedRecord::keeping(shared.keep()),
            scratch: Scratch::default(),
        }
    }

    /// A reader of a part, reading into what was kept.
    fn reader<R: Read>(
        &mut self,
        builder: &FileReaderBuilder,
        input: R,
        name: &str,
    ) -> FileReader<R> {
        let mut rdr = builder.reader_reusing(input, name, std::mem::take(&mut self.scratch));
        rdr.read_into(std::mem::take(&mut self.records));
        rdr
    }

    /// Keeps what the reader of a part leaves.
    fn keep<R: Read>(&mut self, rdr: &mut FileReader<R>) {
        self.records = rdr.take_records();
        self.scratch = rdr.raw_reader().take_scratch();
    }
}

/// Reads the part `cut` into a list of records, reading into `records` (the records let go
/// are read into again), or folds them as `job` says; `None` when its bytes cannot be had.
fn read_cut<S>(
    builder: &FileReaderBuilder,
    source: Source<'_>,
    plan: &Plan,
    shared: &Shared<'_>,
    cut: Cut,
    job: PartJob<'_, S>,
    kept: &mut Kept,
) -> Option<PartRead<S>> {
    let at = plan.resume_at(&cut);
    let mut rdr = plan.part_reader(builder, source, &cut, &at, kept)?;
    let (index, last, stop) = (cut.index, cut.end.is_none(), Some(&shared.stop));
    let part = match job {
        PartJob::Records => {
            let mut batch = shared.batch();
            let (mut part, error) = read_part(&mut rdr, index, at, last, stop, |p, found, _| {
                batch.push((Ok(p), found))
            });
            if let Some(e) = error {
                let found = Found {
                    user: None,
                    layout: None,
                    position: Position::default(),
                };
                batch.push((Err(e), found));
            }
            part.records = batch;
            part
        }
        PartJob::Fold { init, fold } => {
            let mut merge = Merge::new(builder, &plan.name, plan.after_first.kind);
            merge.users_by_runs();
            let listed = shared.listed();
            merge.repeats = Repeats::knowing(listed.repeats);
            // The unknown versions known: their problems are counted (none so far), as
            // one reading counts them; a part that finds a value they do not hold lists it.
            merge.unknown_versions = listed.versions.into_iter().map(|p| (p, 0)).collect();
            let mut value = init();
            let (mut part, error) = read_part(&mut rdr, index, at, last, stop, |p, found, _| {
                merge.record(p, found, &mut |p| fold(&mut value, p))
            });
            // What the end of the file would find of the part's own keys, found here.
            merge.rules.settle();
            part.folded = Some(Box::new(Folded {
                merge,
                value,
                error,
            }));
            part
        }
    };
    kept.keep(&mut rdr);
    Some(part)
}

/// Reads a part to its end (or its first error, returned with the part).
///
/// Each record goes to `sink` as it is read, with what was found of it and the bytes read
/// up to its end (absolute). The record is handed over as the reader returned it, not
/// wrapped in a `Result` on the way: a record is large, and each move copies it.
fn read_part<R: Read, S>(
    rdr: &mut FileReader<R>,
    index: usize,
    at: FileResume,
    last: bool,
    stop: Option<&AtomicBool>,
    mut sink: impl FnMut(Parsed<AnyRecord>, Found, u64),
) -> (PartRead<S>, Option<Error>) {
    let mut error = None;
    let mut layouts = Layouts::new(at.kind);
    loop {
        if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            break;
        }
        match rdr.next_record() {
            Ok(Some(p)) => {
                let found = layouts.found(&p, rdr.take_user());
                let consumed = rdr.raw_reader().resume_after().offset;
                sink(p, found, consumed);
            }
            Ok(None) => break,
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let end = rdr.resume_after();
    let file_name = rdr.file_name().cloned();
    let summary = rdr.summary().clone();
    let reader = rdr.raw_reader();
    let final_line_break = reader.final_line_break();
    let encoding = reader.encoding();
    let listed: Vec<Problem> = reader
        .take_problems()
        .into_iter()
        .filter(|p| p.kind != ProblemKind::NotListed)
        .collect();
    let unlisted = reader
        .unlisted()
        .map(|(k, s, n, first, before)| (k, s, n, first.clone(), before))
        .collect();
    let part = PartRead {
        index,
        at,
        end,
        last,
        clean: final_line_break == Some(true),
        error: error.is_some(),
        records: Vec::new(),
        folded: None,
        file_problems: summary.problems.clone(),
        listed,
        unlisted,
        summary,
        file_name,
        final_line_break,
        encoding,
    };
    (part, error)
}

/// The report being put together on the caller's thread, part by part.
struct Merge {
    mode: careplan_model::Mode,
    name: String,
    kind: Option<FileKind>,
    summary: Summary,
    rules: AnyFileRules,
    users: Users,
    /// The users of a part folded on its own, run by run (a user's records usually follow
    /// one another), for the caller to count in order ([`Merge::users_by_runs`]).
    user_runs: Option<Vec<UserKey>>,
    /// The unknown CSVバージョン values, said once for the file with their counts.
    unknown_versions: Vec<(Problem, u64)>,
    /// Parts merged.
    parts: usize,
    /// Problems of the file's form, as one reader of the whole file lists them.
    listed: Vec<Problem>,
    counts: Vec<(ProblemKind, usize)>,
    unlisted: Vec<(ProblemKind, Severity, u64, Location)>,
    /// Problems that state one fact of the file when they repeat, folded over the whole
    /// file as its one reader folds them (the parts' readers pass them all).
    repeats: Repeats,
    final_line_break: Option<bool>,
    encoding: Option<SourceEncoding>,
}

impl Merge {
    fn new(builder: &FileReaderBuilder, name: &str, kind: Option<FileKind>) -> Merge {
        Merge {
            mode: builder.mode_of(),
            name: name.to_string(),
            kind,
            summary: Summary {
                name: name.to_string(),
                kind,
                users_exact: true,
                ..Summary::default()
            },
            rules: kind.map_or(AnyFileRules::None, AnyFileRules::for_kind),
            users: Users::default(),
            user_runs: None,
            unknown_versions: Vec::new(),
            parts: 0,
            listed: Vec::new(),
            counts: Vec::new(),
            unlisted: Vec::new(),
            repeats: Repeats::default(),
            final_line_break: None,
            encoding: None,
        }
    }

    /// Keeps the users of the records as runs instead of counting them: the merge of a part
    /// folded on its own, whose users are counted by the caller, after those before it
    /// (a part holds at most [`PART_RECORDS`] records, and so as many runs).
    fn users_by_runs(&mut self) {
        self.user_runs = Some(Vec::new());
    }

    /// Takes in the merge of the records that follow those merged here, made from nothing
    /// on another thread ([`PartJob::Fold`]): true when its records' problems and what it
    /// found are what this merge would have found of them (the rules across records, the
    /// problems folded once for the file, see [`AnyFileRules::absorb`],
    /// [`Repeats::joins`]); then this merge is as if it had merged them itself. Else false,
    /// this merge unchanged, and the part is to be merged again record by record.
    fn absorb(&mut self, later: Merge) -> bool {
        if !self.repeats.joins(&later.repeats)
            || !versions_join(&self.unknown_versions, &later.unknown_versions)
            || !self.rules.absorb(later.rules)
        {
            return false;
        }
        self.repeats.absorb(later.repeats);
        absorb_versions(&mut self.unknown_versions, later.unknown_versions);
        for user in later.user_runs.into_iter().flatten() {
            self.users.insert_key(user);
        }
        self.summary.users = self.users.len();
        self.summary.users_exact = self.users.exact();
        let (s, l) = (&mut self.summary, later.summary);
        s.records += l.records;
        s.typed += l.typed;
        s.raw += l.raw;
        s.errors += l.errors;
        s.warnings += l.warnings;
        true
    }

    fn count(&mut self, problems: &[Problem]) {
        for p in problems.iter().filter(|p| p.kind != ProblemKind::NotListed) {
            match p.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
            }
        }
    }

    /// Takes a part: its records (handed over), its problems, what it found. Returns the
    /// emptied list of records.
    fn part<S>(
        &mut self,
        mut part: PartRead<S>,
        each: &mut impl FnMut(Parsed<AnyRecord>),
    ) -> Result<Batch, Error> {
        let mut records = std::mem::take(&mut part.records);
        for (record, found) in records.drain(..) {
            self.record(record?, found, each);
        }
        self.part_end(part);
        Ok(records)
    }

    /// Takes what a part found besides its records (those were taken one by one): its
    /// problems, its place in the file. Nothing here bears on the records' own problems
    /// or counts, so it may come after them.
    fn part_end<S>(&mut self, part: PartRead<S>) {
        self.parts += 1;
        if part.index == 0 {
            self.count(&part.file_problems);
            self.summary.problems.extend(part.file_problems);
            self.summary.file_name = part.file_name;
            self.summary.kind = part.summary.kind;
        }
        if self.summary.version.is_none() {
            self.summary.version = part.summary.version;
        }
        if self.summary.month.is_none() {
            self.summary.month = part.summary.month;
        }
        let mut unlisted = part.unlisted.into_iter().peekable();
        for (i, p) in part.listed.into_iter().enumerate() {
            while let Some(u) = unlisted.next_if(|u| u.4 <= i) {
                self.count_unlisted(u.0, u.1, u.2, u.3);
            }
            self.report(p);
        }
        for u in unlisted {
            self.count_unlisted(u.0, u.1, u.2, u.3);
        }
        self.final_line_break = part.final_line_break;
        self.encoding = Some(part.encoding);
    }

    /// A problem of the file's form, listed or counted as the reader of the whole file
    /// does ([`MAX_REPORTS_PER_KIND`] of a kind listed).
    fn report(&mut self, p: Problem) {
        let count = match self.counts.iter_mut().find(|(k, _)| *k == p.kind) {
            Some((_, c)) => {
                *c += 1;
                *c
            }
            None => {
                self.counts.push((p.kind, 1));
                1
            }
        };
        if count <= MAX_REPORTS_PER_KIND {
            self.listed.push(p);
        } else {
            self.count_unlisted(p.kind, p.severity, 1, p.location);
        }
    }

    fn count_unlisted(&mut self, kind: ProblemKind, severity: Severity, n: u64, first: Location) {
        if let Some((_, c)) = self.counts.iter_mut().find(|(k, _)| *k == kind) {
            *c = c.saturating_add(usize::try_from(n).unwrap_or(usize::MAX).saturating_sub(1));
        }
        match self
            .unlisted
            .iter_mut()
            .find(|u| u.0 == kind && u.1 == severity)
        {
            Some(u) => u.2 += n,
            None => self.unlisted.push((kind, severity, n, first)),
        }
    }

    /// A record in the file's order: the users and the rules across records, as the reader
    /// of the whole file counts and checks them, then the caller's.
    fn record(
        &mut self,
        mut parsed: Parsed<AnyRecord>,
        found: Found,
        each: &mut impl FnMut(Parsed<AnyRecord>),
    ) {
        if let (Some(kind), Some(layout)) = (self.kind, found.layout) {
            let (record, raw, problems) = match &mut parsed {
                Parsed::Typed { record, problems } => (Some(&*record), None, problems),
                Parsed::Raw { record, problems } => (None, Some(&*record), problems),
            };
            once_per_file(&mut self.unknown_versions, problems);
            // The part's reader found the user where the reader of the whole file counts
            // one: with the layout found.
            if let Some(user) = found.user {
                match &mut self.user_runs {
                    Some(runs) => {
                        if runs.last() != Some(&user) {
                            runs.push(user);
                        }
                    }
                    None => {
                        self.users.insert_key(user);
                        self.summary.users = self.users.len();
                        self.summary.users_exact = self.users.exact();
                    }
                }
            }
            if !matches!(self.rules, AnyFileRules::None) {
                let ctx = RuleContext {
                    mode: self.mode,
                    file: Some(&self.name),
                    kind,
                    layout,
                    position: found.position,
                    // The file rules compare records with each other, not with the name's
                    // parties (the record rules had them).
                    parties: Default::default(),
                };
                match (record, raw) {
                    (Some(record), _) => self.rules.record(record, &ctx, problems),
                    // A record of a layout that did not type: the rules that needed it
                    // say so, as the reader of the whole file has them say.
                    (None, Some(raw)) => self.rules.not_typed(raw, &ctx, problems),
                    (None, None) => {}
                }
            }
        }
        if let Parsed::Typed { problems, .. } = &mut parsed {
            self.repeats.filter(problems);
        }
        self.summary.records += 1;
        match &parsed {
            Parsed::Typed { .. } => self.summary.typed += 1,
            Parsed::Raw { .. } => self.summary.raw += 1,
        }
        let problems = parsed.problems();
        for p in problems {
            match p.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
            }
        }
        each(parsed);
    }

    /// The end of the file: its problems, as the reader of the whole file ends them.
    fn finish(mut self) -> Summary {
        let mut problems: Vec<Problem> = std::mem::take(&mut self.unknown_versions)
            .into_iter()
            .map(|(p, n)| p.count(n))
            .collect();
        problems.append(&mut self.listed);
        for (kind, severity, count, first) in &self.unlisted {
            problems.push(
                Problem::new(ProblemKind::NotListed, *severity)
                    .at(first.clone())
                    .found(count.to_string())
                    .expected(kind.code()),
            );
        }
        for p in &mut problems {
            p.location.kind = self.kind;
        }
        let mut end = Vec::new();
        self.rules.finish(&mut end);
        problems.extend(end);
        let (not_listed, counted) = self.repeats.finish(&self.name, self.kind);
        problems.extend(not_listed);
        self.count(&problems);
        self.summary.problems.extend(problems);
        for (_, severity, count, _) in &self.unlisted {
            match severity {
                Severity::Error => self.summary.errors += count,
                Severity::Warning => self.summary.warnings += count,
            }
        }
        self.summary.errors += counted.errors;
        self.summary.warnings += counted.warnings;
        self.summary.suppressed = self.unlisted.iter().map(|u| u.2).sum::<u64>() + counted.total();
        self.summary.final_line_break = self.final_line_break;
        self.summary.encoding = self.encoding;
        if self.summary.month.is_none() {
            if let Some(month) = self.summary.file_name.as_ref().and_then(FileName::month) {
                self.summary.month = Some(month);
            }
        }
        self.summary
    }
}

/// Whether the line break `b` (CR or LF) after the byte `before` ends a line, as the
/// reader counts lines: CR LF once (at the CR), CR or LF alone once.
fn new_line(b: u8, before: Option<u8>) -> bool {
    b == b'\r' || before != Some(b'\r')
}

/// The line break that starts with `b` (CR or LF), `next` the byte after it.
fn line_break(b: u8, next: Option<u8>) -> LineBreak {
    match (b, next) {
        (b'\r', Some(b'\n')) => LineBreak::CrLf,
        (b'\r', _) => LineBreak::Cr,
        _ => LineBreak::Lf,
    }
}

/// The search of the cut scan for `"`, CR and LF: memchr's, a vector of bytes at a time,
/// made once for the scan (its search of three bytes builds its vectors on every call).
#[derive(Clone, Copy, Debug)]
struct Specials {
    /// AVX2's, where the processor has it; else memchr's own choice on every call.
    #[cfg(target_arch = "x86_64")]
    avx2: Option<memchr::arch::x86_64::avx2::memchr::Three>,
}

impl Specials {
    fn new() -> Specials {
        Specials {
            #[cfg(target_arch = "x86_64")]
            avx2: memchr::arch::x86_64::avx2::memchr::Three::new(b'"', b'\r', b'\n'),
        }
    }

    /// The search without a vector made in advance (for the tests of both).
    #[cfg(test)]
    fn portable() -> Specials {
        Specials {
            #[cfg(target_arch = "x86_64")]
            avx2: None,
        }
    }

    /// The first `"`, CR or LF in `buf` from `from`.
    fn next(&self, buf: &[u8], from: usize) -> Option<usize> {
        let rest = buf.get(from..)?;
        #[cfg(target_arch = "x86_64")]
        if let Some(three) = &self.avx2 {
            return three.find(rest).map(|j| from + j);
        }
        memchr::memchr3(b'"', b'\r', b'\n', rest).map(|j| from + j)
    }
}

/// A part as cut: its bytes and where its reader takes up the reading.
#[derive(Debug)]
struct Cut {
    index: usize,
    start: u64,
    /// `None`: to the end of the file.
    end: Option<u64>,
    at: Resume,
}

/// The scan that cuts a file into parts where records start, knowing at each cut the line,
/// the number of data records before it and the line break of the record before, as the
/// [`crate::Reader`] reading from the start counts them.
struct Splitter<'a> {
    input: Input<'a>,
    /// The bytes at hand: a file's read into a buffer of the scan's, a slice's all of them
    /// where they are (nothing to copy).
    buf: Cow<'a, [u8]>,
    /// The bytes in `buf`; `buf[0]` is at `base` in the file.
    len: usize,
    base: u64,
    /// Where the scan is (absolute).
    at: u64,
    eof: bool,
    part_bytes: u64,
    encoding: Option<SourceEncoding>,
    quoted: bool,
    /// Where the record being scanned starts (absolute), if one is.
    record: Option<u64>,
    lines: u64,
    /// Data records ended so far (a lenient header line not counted).
    records: u64,
    /// Whether a lenient header line is still to be left out of the count.
    header: bool,
    last_break: Option<LineBreak>,
    /// The start of the part to be handed out next.
    next: Option<Resume>,
    index: usize,
    /// Whether the cutting stopped (the rest of the file is the last part).
    done: bool,
    /// Bytes each cut is moved on by, into the record there (for tests of the reading of
    /// parts not cut where records start; 0 otherwise).
    shift: u64,
    /// Every `"`, CR and LF taken one by one by [`Splitter::find`] (for the tests that
    /// compare [`Splitter::scan_buffered`] with it).
    one_by_one: bool,
    specials: Specials,
}

impl<'a> Splitter<'a> {
    fn new(
        input: Input<'a>,
        part_bytes: u64,
        header: bool,
        encoding: Option<SourceEncoding>,
    ) -> Splitter<'a> {
        let (buf, len, eof) = match input {
            Input::Slice(s) => (Cow::Borrowed(s), s.len(), true),
            Input::File(_) => (Cow::Owned(vec![0; SCAN_BUFFER]), 0, false),
        };
        Splitter {
            input,
            buf,
            len,
            base: 0,
            at: 0,
            eof,
            part_bytes,
            encoding,
            quoted: false,
            record: None,
            lines: 0,
            records: 0,
            header,
            last_break: None,
            next: Some(Resume {
                offset: 0,
                line: 1,
                records: 0,
                last_break: None,
                encoding,
            }),
            index: 0,
            done: false,
            shift: 0,
            one_by_one: false,
            specials: Specials::new(),
        }
    }

    /// The byte at `at` (absolute), reading on as needed; `None` at the end of the file
    /// (or when the input fails: the cutting stops there).
    fn byte(&mut self, at: u64) -> Option<u8> {
        loop {
            if at < self.base {
                return None;
            }
            {
                if let Some(b) = usize::try_from(at - self.base)
                    .ok()
                    .and_then(|i| self.buf.get(..self.len)?.get(i))
                {
                    return Some(*b);
                }
            }
            if self.eof || !self.refill(at) {
                return None;
            }
        }
    }

    /// Reads more, keeping the bytes from the record being scanned (when not too far
    /// back) and the one before `at`. Returns false when nothing more comes.
    fn refill(&mut self, at: u64) -> bool {
        let keep_from = match self.record {
            Some(r) if at.saturating_sub(r) < SCAN_LINE as u64 => r.min(at.saturating_sub(1)),
            _ => at.saturating_sub(1),
        }
        .max(self.base);
        let drop = usize::try_from(keep_from - self.base)
            .unwrap_or(self.len)
            .min(self.len);
        // A slice's bytes are all at hand (its scan is at the end of the file here): only a
        // file's buffer is read into.
        let buf = self.buf.to_mut();
        buf.copy_within(drop..self.len, 0);
        self.len -= drop;
        self.base += drop as u64;
        if self.len == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        loop {
            match self.input.read(&mut buf[self.len..]) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.len += n;
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => {
                    self.eof = true;
                    return false;
                }
            }
        }
    }

    /// The next part, cut at the first place where a record starts past `part_bytes`
    /// bytes or [`PART_RECORDS`] records; `None` once the last part has been handed out.
    fn next_part(&mut self) -> Option<Cut> {
        let start = self.next.take()?;
        let index = self.index;
        self.index += 1;
        if self.done {
            return Some(Cut {
                index,
                start: start.offset,
                end: None,
                at: start,
            });
        }
        let cut = self.scan(start.offset, start.records);
        let end = cut.as_ref().map(|c| c.offset);
        self.next = cut;
        if end.is_none() {
            self.done = true;
        }
        Some(Cut {
            index,
            start: start.offset,
            end,
            at: start,
        })
    }

    /// Scans from where it is to the next cut past `from` + `part_bytes` bytes (or
    /// [`PART_RECORDS`] records past `records`), returning where the reader of the part
    /// after it starts; `None` at the end of the file, or when the scan cannot tell.
    fn scan(&mut self, from: u64, records: u64) -> Option<Resume> {
        if self.at == 0 {
            // The start of the file is where a record starts.
            match self.byte(0) {
                Some(b'\r' | b'\n') | None => {}
                Some(_) => self.record = Some(0),
            }
        }
        loop {
            if let Some(cut) = self.scan_buffered(from, records) {
                return Some(cut);
            }
            let (i, b) = self.find()?;
            if self.quoted {
                if b == b'"' {
                    if self.byte(i + 1) == Some(b'"') {
                        self.at = i + 2;
                    } else {
                        self.quoted = false;
                        self.at = i + 1;
                    }
                } else {
                    self.count_break(i, b);
                    self.at = i + 1;
                }
                continue;
            }
            if b == b'"' {
                if self.record == Some(i) || (i > 0 && self.byte(i - 1) == Some(b',')) {
                    self.quoted = true;
                }
                self.at = i + 1;
                continue;
            }
            // A line break outside quotes: the end of a record, or a blank line.
            self.count_break(i, b);
            let next = self.byte(i + 1);
            if let Some(r) = self.record.take() {
                if !self.whitespace_line(r, i)? {
                    if self.header {
                        self.header = false;
                    } else {
                        self.records += 1;
                    }
                }
                self.last_break = Some(line_break(b, next));
            }
            self.at = i + 1;
            match next {
                None => return None,
                Some(b'\r' | b'\n') => {}
                Some(_) => {
                    let start = i + 1;
                    self.record = Some(start);
                    if let Some(cut) = self.cut_at(start, from, records) {
                        return Some(cut);
                    }
                }
            }
        }
    }

    /// Where the part after the one begun at `from` (after `records` records) starts, when
    /// it is to start at the record starting at `start`: past `part_bytes` bytes or
    /// [`PART_RECORDS`] records.
    fn cut_at(&self, start: u64, from: u64, records: u64) -> Option<Resume> {
        // The first part holds at least the first buffer, on which the reader of the
        // whole file decides the encoding.
        let long = start - from >= self.part_bytes && start > FIRST_PART;
        let many = self.records - records >= PART_RECORDS && start > FIRST_PART;
        (long || many).then(|| Resume {
            offset: start + self.shift,
            line: self.lines + 1,
            records: self.records,
            last_break: self.last_break,
            encoding: self.encoding,
        })
    }

    /// The scan of [`Splitter::scan`] in the bytes at hand, as long as each `"`, CR and
    /// LF it meets is of the usual forms and the bytes around it are in the buffer: quotes
    /// that open, close or double a quoted value, line breaks inside quoted values, and
    /// line breaks that end a record that is not a line of spaces (nor the header line).
    /// It stops before anything else, for [`Splitter::scan`] to take that one step; the
    /// place, counts and state are then those of taking every step there. Returns the cut
    /// when it comes to one.
    fn scan_buffered(&mut self, from: u64, records: u64) -> Option<Resume> {
        if self.one_by_one || self.header {
            return None;
        }
        let base = self.base;
        let mut p = usize::try_from(self.at.checked_sub(base)?).ok()?;
        loop {
            let buf = self.buf.get(..self.len)?;
            // The byte where the search would start is often one (the quote closing `""`,
            // the LF of CR LF): looked at first, before a search.
            let here = matches!(buf.get(p), Some(b'"' | b'\r' | b'\n')).then_some(p);
            let Some(i) = here.or_else(|| self.specials.next(buf, p)) else {
                // Nothing to take in the rest of the buffer.
                self.at = base + buf.len().max(p) as u64;
                return None;
            };
            let at = base + i as u64;
            self.at = at;
            // The byte after (a doubled quote, CR LF, a blank line) and the one before (a
            // field's start, CR LF) are looked at: at the buffer's ends, the step is
            // `scan`'s.
            let (Some(&b), Some(&next), Some(&before)) = (
                buf.get(i),
                buf.get(i + 1),
                i.checked_sub(1).and_then(|j| buf.get(j)),
            ) else {
                return None;
            };
            if self.quoted {
                if b == b'"' {
                    if next == b'"' {
                        p = i + 2;
                    } else {
                        self.quoted = false;
                        p = i + 1;
                    }
                } else {
                    self.lines += u64::from(new_line(b, Some(before)));
                    p = i + 1;
                }
                continue;
            }
            if b == b'"' {
                if self.record == Some(at) || before == b',' {
                    self.quoted = true;
                }
                p = i + 1;
                continue;
            }
            // A line break outside quotes: the end of a record, or a blank line. A record
            // that may be a line of spaces is left to `scan`.
            if let Some(r) = self.record {
                let first = usize::try_from(r.checked_sub(base)?)
                    .ok()
                    .and_then(|j| buf.get(j));
                match first {
                    Some(b' ' | b'\t' | 0x81 | 0xE3) | None => return None,
                    Some(_) => {}
                }
            }
            self.lines += u64::from(new_line(b, Some(before)));
            if self.record.take().is_some() {
                self.records += 1;
                self.last_break = Some(line_break(b, Some(next)));
            }
            p = i + 1;
            self.at = at + 1;
            if next != b'\r' && next != b'\n' {
                let start = at + 1;
                self.record = Some(start);
                if let Some(cut) = self.cut_at(start, from, records) {
                    return Some(cut);
                }
            }
        }
    }

    /// The next `"`, CR or LF from where the scan is, and where it is; `None` at the end.
    fn find(&mut self) -> Option<(u64, u8)> {
        loop {
            let from = usize::try_from(self.at.checked_sub(self.base)?).ok()?;
            if let Some(hay) = self.buf.get(from..self.len) {
                if let Some(j) = memchr::memchr3(b'"', b'\r', b'\n', hay) {
                    let i = self.at + j as u64;
                    return hay.get(j).map(|b| (i, *b));
                }
            }
            self.at = self.base + self.len as u64;
            if self.eof || !self.refill(self.at) {
                return None;
            }
        }
    }

    /// Counts a line break as the reader does: CR LF once, CR or LF alone once.
    fn count_break(&mut self, i: u64, b: u8) {
        let before = i.checked_sub(1).and_then(|j| self.byte(j));
        self.lines += u64::from(new_line(b, before));
    }

    /// Whether the record from `start` to `end` is a line of spaces, tabs and full-width
    /// spaces only (which the reader skips); `None` when the scan cannot tell (the line is
    /// no longer in the buffer).
    fn whitespace_line(&mut self, start: u64, end: u64) -> Option<bool> {
        if !matches!(self.byte(start), Some(b' ' | b'\t' | 0x81 | 0xE3)) {
            return Some(false);
        }
        let from = usize::try_from(start.checked_sub(self.base)?).ok()?;
        let to = usize::try_from(end.checked_sub(self.base)?).ok()?;
        let line = self.buf.get(from..to)?;
        let wide: &[u8] = match self.encoding {
            Some(SourceEncoding::Utf8) => &[0xE3, 0x80, 0x80],
            _ => &[0x81, 0x40],
        };
        let mut rest = line;
        while let Some((&b, tail)) = rest.split_first() {
            rest = match b {
                b' ' | b'\t' => tail,
                _ if rest.starts_with(wide) => rest.get(wide.len()..).unwrap_or_default(),
                _ => return Some(false),
            };
        }
        Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use careplan_model::Mode;

    const NAME: &str = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

    /// A 第6表 delete file of `n` records, with one quoted name (so that the first buffer
    /// decides the encoding).
    fn data(n: u64) -> Vec<u8> {
        let mut out = b"202407,131001,0000000000,202504,\"\x8E\x52\"\r\n".to_vec();
        for i in 1..n {
            out.extend_from_slice(format!("202407,131001,{:010},202504\r\n", i / 3).as_bytes());
        }
        out
    }

    fn one_thread(builder: &FileReaderBuilder, data: &[u8]) -> (Vec<Parsed<AnyRecord>>, String) {
        let mut records = Vec::new();
        let summary = builder
            .read_slice(data, NAME, |p| records.push(p))
            .map_err(|e| e.to_string());
        (records, format!("{summary:?}"))
    }

    /// Parts cut `shift` bytes into a record, read on `threads` threads.
    fn cut_wrong(
        builder: &FileReaderBuilder,
        data: &[u8],
        threads: usize,
        shift: u64,
        fold: bool,
    ) -> (Vec<Parsed<AnyRecord>>, String) {
        let source = Source::Slice(data);
        let plan = Plan::of(builder, source, NAME)
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("a plan"));
        let mut splitter = Splitter::new(
            Input::Slice(data),
            4096,
            plan.header,
            plan.after_first.reader.encoding,
        );
        splitter.shift = shift;
        let mut records = Vec::new();
        let summary = if fold {
            let (init, fold) = (Vec::new, |v: &mut Vec<_>, p| v.push(p));
            let job = PartJob::Fold {
                init: &init,
                fold: &fold,
            };
            let mut sink = Fold::new(&init, &fold, |v: &mut Vec<_>, later| v.extend(later));
            let summary = plan.read_cut_by(builder, source, threads, splitter, job, &mut sink);
            records = sink.value;
            summary
        } else {
            let mut sink = Each(|p| records.push(p));
            plan.read_cut_by(
                builder,
                source,
                threads,
                splitter,
                PartJob::Records,
                &mut sink,
            )
        };
        (records, format!("{:?}", summary.map_err(|e| e.to_string())))
    }

    /// The calling thread hands over the records of the part it takes next as it reads
    /// them; when that part turns out to end inside a record (a cut the reader does not
    /// agree with), the file is read again from the part's start, the records already
    /// handed over left out: every record comes once, and the report is one thread's.
    #[test]
    fn a_part_cut_inside_a_record_is_read_again_without_repeating_a_record() {
        let mut builder = FileReaderBuilder::new();
        builder.mode(Mode::Strict);
        let data = data(30_000);
        let one = one_thread(&builder, &data);
        assert_eq!(one.0.len(), 30_000);
        for (threads, fold) in [(1, false), (2, false), (3, false), (2, true), (3, true)] {
            for shift in [0, 3] {
                let many = cut_wrong(&builder, &data, threads, shift, fold);
                assert_eq!(
                    one.0.len(),
                    many.0.len(),
                    "{threads} threads, shift {shift}, fold {fold}"
                );
                for (i, (a, b)) in one.0.iter().zip(&many.0).enumerate() {
                    assert_eq!(
                        a, b,
                        "{threads} threads, shift {shift}, fold {fold}: record {i}"
                    );
                }
                assert_eq!(
                    one.1, many.1,
                    "{threads} threads, shift {shift}, fold {fold}"
                );
            }
        }
    }
}

#[cfg(test)]
mod scan_tests {
    use super::*;

    /// A file of records of every form the scan meets: quoted values with doubled quotes
    /// and line breaks, stray quotes, MS932 text, blank lines and lines of spaces, CR LF,
    /// LF and CR alone.
    fn messy(seed: u64, bytes: usize) -> Vec<u8> {
        let mut x = seed | 1;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let mut out = Vec::new();
        while out.len() < bytes {
            for f in 0..1 + next(8) {
                if f > 0 {
                    out.push(b',');
                }
                match next(12) {
                    0 => out.extend_from_slice(b"\"a\"\"b\"\"c\""),
                    1 => out.extend_from_slice(b"\"x\r\ny\""),
                    2 => out.extend_from_slice(b"\"z\nw\rv\""),
                    3 => out.extend_from_slice(b"ab\"c"),
                    4 => out.extend_from_slice(b"\"\x8E\x52\x81\x40\""),
                    5 => out.extend_from_slice(b"\x81\x40\x8E\x52"),
                    6 => out.extend_from_slice(b"\"\""),
                    7 => out.extend_from_slice(b" \t"),
                    _ => out.extend_from_slice(b"202407"),
                }
            }
            match next(10) {
                0 => out.extend_from_slice(b"\n"),
                1 => out.extend_from_slice(b"\r"),
                2 => out.extend_from_slice(b"\r\n\r\n"),
                3 => out.extend_from_slice(b"\r\n \t\r\n"),
                4 => out.extend_from_slice(b"\r\n\x81\x40\r\n"),
                _ => out.extend_from_slice(b"\r\n"),
            }
        }
        out
    }

    /// The parts `data` is cut into, its bytes scanned where they are or (`file`) read
    /// from a file into the scan's buffer.
    fn cuts(data: &[u8], header: bool, one_by_one: bool, file: Option<&Path>) -> Vec<String> {
        let input = match file {
            Some(path) => {
                std::fs::write(path, data).unwrap_or_else(|e| panic!("{e}"));
                let f = File::open(path).unwrap_or_else(|e| panic!("{e}"));
                Input::File(f.take(u64::MAX))
            }
            None => Input::Slice(data),
        };
        let mut s = Splitter::new(input, 4096, header, Some(SourceEncoding::Ms932));
        s.one_by_one = one_by_one;
        let mut out = Vec::new();
        while let Some(cut) = s.next_part() {
            out.push(format!("{cut:?}"));
        }
        out
    }

    /// The scan in the buffer cuts where the scan of one `"`, CR or LF at a time cuts, with
    /// the same lines, records and line breaks, across buffer refills (a file read into
    /// the scan's buffer) and in a slice's bytes where they are.
    #[test]
    fn the_scan_in_the_buffer_cuts_as_the_scan_step_by_step() {
        let path = std::env::temp_dir().join(format!("careplan-scan-{}", std::process::id()));
        for seed in 1..12 {
            let data = messy(seed, 700 * 1024);
            for header in [false, true] {
                let one = cuts(&data, header, true, None);
                assert!(one.len() > 100, "seed {seed}: {} parts", one.len());
                assert_eq!(
                    one,
                    cuts(&data, header, false, None),
                    "seed {seed}, header {header}"
                );
                assert_eq!(
                    one,
                    cuts(&data, header, false, Some(&path)),
                    "seed {seed}, header {header}, from a file"
                );
                assert_eq!(
                    one,
                    cuts(&data, header, true, Some(&path)),
                    "seed {seed}, header {header}, from a file, step by step"
                );
            }
        }
        let _ = std::fs::remove_file(&path);
    }

    /// The search for the next `"`, CR or LF (AVX2's where the processor has it, and the
    /// portable one) finds what a search byte by byte finds, in haystacks shorter and
    /// longer than a vector.
    #[test]
    fn the_next_quote_or_line_break_is_found_as_byte_by_byte() {
        for specials in [Specials::new(), Specials::portable()] {
            let next_special = |buf: &[u8], from| specials.next(buf, from);
            let data = b"0123456789abcdef\"x\ry\nz";
            assert_eq!(next_special(data, 0), Some(16));
            assert_eq!(next_special(data, 17), Some(18));
            assert_eq!(next_special(data, 19), Some(20));
            assert_eq!(next_special(data, 21), None);
            assert_eq!(next_special(data, 24), None);
            assert_eq!(next_special(data, 99), None);
            // Bytes near them that are none of them.
            assert_eq!(next_special(b"\x0B\x0E\x21\x23\"", 0), Some(4));
            assert_eq!(
                next_special(b" \t!\x00\x1F \t! !\t\x0C\x0B\x09\x0E\x21\"", 0),
                Some(16)
            );
            // Every byte value at every place, from every start, in haystacks of a word,
            // of less than a vector and of several.
            for len in [17, 40, 100] {
                for b in 0..=255u8 {
                    for at in 0..len {
                        let mut hay = vec![b'x'; len];
                        hay[at] = b;
                        for from in [0, 1, at.saturating_sub(1), at, at + 1] {
                            let expected = hay
                                .iter()
                                .skip(from)
                                .position(|&c| matches!(c, b'"' | b'\r' | b'\n'))
                                .map(|j| from + j);
                            assert_eq!(
                                next_special(&hay, from),
                                expected,
                                "byte {b:#x} at {at} of {len}, from {from}"
                            );
                        }
                    }
                }
            }
        }
    }
}
