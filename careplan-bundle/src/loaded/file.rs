//! One file of a set: its name, summary, problems and the keys the checks across files
//! need; its records and bytes read again from where it came when they are asked for.

use std::io::{self, Read};
use std::sync::{Arc, OnceLock};

use careplan_csv::{Error as CsvError, ErrorKind as CsvErrorKind, FileName};
use careplan_csv::{FileReaderBuilder, Parsed, Summary};
use careplan_model::{
    AnyRecord, FileKind, Location, Mode, Position, Problem, ProblemKind, Severity,
};

use super::index::{KeyIndex, KeyIndexBuilder};
use super::located::{position_of, FromAny, Located};
use super::source::Source;
use crate::error::{Error, ErrorKind};

/// The most record problems of one kind a file lists; past it they are counted, and one
/// [`NotListed`](ProblemKind::NotListed) problem per kind and severity says how many more
/// there were (as the file reader does for the file's own problems).
pub const MAX_LISTED_PER_KIND: u64 = 1000;

/// A file of a [`FileSet`](super::FileSet): the name it is shown by, its parsed name, the
/// reader's [`Summary`], every problem found, and the keys of its records that the checks
/// across files need ([`relations`](crate::relations)).
///
/// The records and bytes are not kept from the first reading (a file of 200 MB costs its
/// keys, not its records): [`records`](LoadedFile::records), [`typed`](LoadedFile::typed)
/// and [`bytes`](LoadedFile::bytes) read the file again from where it came (its path, its
/// archive entry, the bytes given) the first time they are called, and keep what they
/// read from then on. A set loaded with
/// [`LoadOptions::keep_records`](super::LoadOptions::keep_records) keeps the records from
/// the first reading instead (for input that cannot be read twice, such as standard
/// input).
///
/// A file whose name is not one of the standard is still read (its kind detected from
/// the content, the name reported); it has no [`name`](LoadedFile::name) and joins no
/// transmission unit. Record problems past [`MAX_LISTED_PER_KIND`] of one kind are counted
/// in one [`NotListed`](ProblemKind::NotListed) problem, so a file of garbage stays small.
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
/// assert_eq!(file.summary().users, 1);
/// assert!(!file.has_errors());
/// assert!(!file.records_kept());
/// // Read again from the bytes given, on demand.
/// assert_eq!(file.records().len(), 1);
/// assert_eq!(file.bytes(), &bytes[..]);
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct LoadedFile {
    display: String,
    name: Option<FileName>,
    mode: Mode,
    summary: Summary,
    /// The records' problems, as listed.
    problems: Vec<Problem>,
    keys: KeyIndex,
    /// The bytes read the first time.
    len: u64,
    source: Source,
    records: OnceLock<Result<Vec<Parsed<AnyRecord>>, Arc<Error>>>,
    bytes: OnceLock<Result<Vec<u8>, Arc<Error>>>,
}

impl LoadedFile {
    /// Reads `bytes` as the file `display` (a path, `archive.zip/folder/name`, an upload's
    /// name): the name is parsed from its last part, in `mode`. The bytes are kept (they
    /// are the file's source); the records are read again from them when asked for.
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
        let bytes = Arc::new(bytes);
        let mut input = &bytes[..];
        let source = Source::Bytes(Arc::clone(&bytes));
        read_stream(display.into(), &mut input, source, mode, false)
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

    /// The number of bytes read.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes as read: read again from the source the first time (empty if that fails;
    /// [`try_bytes`](LoadedFile::try_bytes) says why).
    pub fn bytes(&self) -> &[u8] {
        self.try_bytes().unwrap_or_default()
    }

    /// The bytes as read, read again from the source the first time.
    ///
    /// # Errors
    /// The source cannot be read again (a file removed, an input read once), or it no
    /// longer holds what was read.
    pub fn try_bytes(&self) -> Result<&[u8], &Error> {
        if let Source::Bytes(b) = &self.source {
            return Ok(b);
        }
        match self
            .bytes
            .get_or_init(|| self.read_bytes().map_err(Arc::new))
        {
            Ok(b) => Ok(b),
            Err(e) => Err(e),
        }
    }

    /// What the reader learnt of the file (counts, version, month, the file's problems).
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Whether the records were kept from the first reading (or have been read again).
    pub fn records_kept(&self) -> bool {
        self.records.get().is_some()
    }

    /// Every record, typed or raw, with its problems: read again from the source the first
    /// time (none if that fails; [`try_records`](LoadedFile::try_records) says why).
    pub fn records(&self) -> &[Parsed<AnyRecord>] {
        self.try_records().unwrap_or_default()
    }

    /// Every record, typed or raw, with its problems, read again from the source the first
    /// time.
    ///
    /// # Errors
    /// The source cannot be read again (a file removed, an input read once without
    /// [`keep_records`](super::LoadOptions::keep_records)), or it no longer holds what was
    /// read.
    pub fn try_records(&self) -> Result<&[Parsed<AnyRecord>], &Error> {
        match self
            .records
            .get_or_init(|| self.read_records().map_err(Arc::new))
        {
            Ok(r) => Ok(r),
            Err(e) => Err(e),
        }
    }

    /// Calls `f` with every record in order, without keeping them: the kept records when
    /// there are, else each record as it is read again from the source (so a file of any
    /// size is gone through in the memory of one record), for work such as writing the
    /// records again.
    ///
    /// ```
    /// use careplan_bundle::LoadedFile;
    /// use careplan_model::Mode;
    /// let file = LoadedFile::read(
    ///     "DLTPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV",
    ///     b"202407,131001,0000012345,202504\r\n202407,131001,0000012346,202504\r\n".to_vec(),
    ///     Mode::Strict,
    /// )?;
    /// let mut typed = 0;
    /// file.for_each_record(|r| typed += usize::from(r.typed().is_some()))?;
    /// assert_eq!(typed, 2);
    /// assert!(!file.records_kept());
    /// # Ok::<(), careplan_bundle::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`try_records`](LoadedFile::try_records).
    pub fn for_each_record(&self, mut f: impl FnMut(&Parsed<AnyRecord>)) -> Result<(), Error> {
        if let Some(kept) = self.records.get() {
            return match kept {
                Ok(records) => {
                    records.iter().for_each(f);
                    Ok(())
                }
                Err(e) => {
                    Err(Error::from(io::Error::other(e.to_string())).for_file(self.display.clone()))
                }
            };
        }
        self.stream(|r| f(&r))
    }

    /// Every problem of the file: the file's own, then the records', in order.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.summary.problems.iter().chain(self.problems.iter())
    }

    /// Whether any problem of the file is an error.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// How many keys of its records the file keeps for the checks across files.
    ///
    /// ```
    /// use careplan_bundle::LoadedFile;
    /// use careplan_model::Mode;
    /// // Two records of one user-month: one key.
    /// let file = LoadedFile::read(
    ///     "UPPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV",
    ///     [&b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000100,\r\n"[..]; 2].concat(),
    ///     Mode::Lenient,
    /// )?;
    /// assert_eq!(file.summary().records, 2);
    /// assert_eq!(file.key_count(), 1);
    /// # Ok::<(), careplan_bundle::Error>(())
    /// ```
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    pub(crate) fn keys(&self) -> &KeyIndex {
        &self.keys
    }

    /// The typed records of type `T`, with their positions. Raw records are left out
    /// (their problems say why they could not be typed).
    pub fn typed<T: FromAny>(&self) -> impl Iterator<Item = Located<'_, T>> {
        self.records().iter().filter_map(move |parsed| {
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
    pub(crate) fn raw_positions(&self) -> impl Iterator<Item = Position> + '_ {
        self.records()
            .iter()
            .filter(|r| r.typed().is_none())
            .map(position_of)
    }

    /// A location in the file: its displayed name, kind, and the line and record of
    /// `position` (none for the default position).
    pub fn location(&self, position: Position) -> Location {
        location_in(&self.display, self.kind(), position)
    }

    /// The location of the file as a whole.
    pub(crate) fn file_location(&self) -> Location {
        self.location(Position::default())
    }

    /// Lists at most `budget` of the problems of lines and records (the file's problems
    /// of no line, such as its name's, stay listed): the first `budget` in order, the file's
    /// own before the records', the others counted, with those already counted, in one
    /// [`NotListed`](ProblemKind::NotListed) problem per kind and severity that keeps the
    /// location of the first. Returns how many such problems are listed.
    pub(crate) fn list_at_most(&mut self, budget: u64) -> u64 {
        let own = list_at_most(&mut self.summary.problems, budget);
        own + list_at_most(&mut self.problems, budget - own)
    }

    /// Reads the records again from the source.
    fn read_records(&self) -> Result<Vec<Parsed<AnyRecord>>, Error> {
        let mut records = Vec::new();
        self.stream(|r| records.push(r))?;
        Ok(records)
    }

    /// Reads the records again from the source, one at a time, checking that the source
    /// still holds what was read.
    fn stream(&self, mut f: impl FnMut(Parsed<AnyRecord>)) -> Result<(), Error> {
        if !self.is_csv() {
            return Ok(());
        }
        let mode = self.mode;
        let read = self.source.read_again(|input| {
            let mut counted = Counted::new(input);
            let mut reader = FileReaderBuilder::new()
                .mode(mode)
                .from_reader(&mut counted, &self.display);
            let mut records = 0u64;
            while let Some(record) = reader.next_record()? {
                records += 1;
                f(record);
            }
            drop(reader);
            self.same_length(counted.count)?;
            if records != self.summary.records {
                return Err(self.changed(self.summary.records, records, "records"));
            }
            Ok(())
        });
        read.unwrap_or_else(|| Err(self.not_kept()))
    }

    /// Reads the bytes again from the source.
    fn read_bytes(&self) -> Result<Vec<u8>, Error> {
        let read = self.source.read_again(|input| {
            let mut out = Vec::new();
            input.read_to_end(&mut out)?;
            self.same_length(out.len() as u64)?;
            Ok(out)
        });
        read.unwrap_or_else(|| Err(self.not_kept()))
    }

    fn is_csv(&self) -> bool {
        self.name.as_ref().is_none_or(|n| n.kind().is_csv())
    }

    fn same_length(&self, now: u64) -> Result<(), Error> {
        if now == self.len {
            return Ok(());
        }
        Err(self.changed(self.len, now, "bytes"))
    }

    fn changed(&self, then: u64, now: u64, what: &str) -> Error {
        Error::from(io::Error::other(format!(
            "the file changed since it was read ({then} {what} then, {now} now)"
        )))
        .for_file(self.display.clone())
    }

    fn not_kept(&self) -> Error {
        Error::new(ErrorKind::Io(io::Error::other(
            "the records were not kept and the input cannot be read again \
             (load with LoadOptions::keep_records)",
        )))
        .for_file(self.display.clone())
    }
}

/// A location in the file shown as `display`, of `kind`, at the line and record of
/// `position` (none for the default position).
fn location_in(display: &str, kind: Option<FileKind>, position: Position) -> Location {
    let mut l = Location::in_file(display.to_string());
    l.kind = kind;
    if position.line() > 0 {
        l.line = Some(position.line());
    }
    if position.record() > 0 {
        l.record = Some(position.record());
    }
    l
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R> Counted<R> {
    fn new(inner: R) -> Counted<R> {
        Counted { inner, count: 0 }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// The records' problems of one file, the first [`MAX_LISTED_PER_KIND`] of each kind
/// listed, the others counted.
///
/// Each problem is numbered in the order it was added, so that the problems of a later run
/// of records can be added to those of the runs before it ([`absorb`](Listed::absorb)) with
/// the result of adding them one by one.
#[derive(Debug, Default)]
struct Listed {
    /// The problems listed, each with its number.
    problems: Vec<(u64, Problem)>,
    /// The problems added of each kind.
    counts: Vec<(ProblemKind, u64)>,
    /// Per kind and severity, the problems not listed, in the order of the first of them.
    unlisted: Vec<Unlisted>,
    /// The problems added.
    seen: u64,
}

/// The problems of one kind and severity past the listed ones: how many, and the number
/// and location of the first.
#[derive(Debug)]
struct Unlisted {
    kind: ProblemKind,
    severity: Severity,
    count: u64,
    first: u64,
    location: Location,
}

impl Listed {
    fn add(&mut self, p: &Problem) {
        let number = self.seen;
        self.seen += 1;
        let count = self.count(p.kind, 1);
        if count <= MAX_LISTED_PER_KIND || p.kind == ProblemKind::NotListed {
            self.problems.push((number, p.clone()));
        } else {
            self.unlist(number, 1, p.kind, p.severity, &p.location);
        }
    }

    /// Adds `more` problems of `kind` to its count; returns the count.
    fn count(&mut self, kind: ProblemKind, more: u64) -> u64 {
        match self.counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, c)) => {
                *c += more;
                *c
            }
            None => {
                self.counts.push((kind, more));
                more
            }
        }
    }

    /// The problems of `kind` added so far.
    fn counted(&self, kind: ProblemKind) -> u64 {
        self.counts
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, c)| *c)
    }

    /// Counts `count` problems of `kind` and `severity` not listed, the first of them the
    /// problem numbered `first`, at `location` (kept unless some of the kind and severity
    /// were counted before).
    fn unlist(
        &mut self,
        first: u64,
        count: u64,
        kind: ProblemKind,
        severity: Severity,
        location: &Location,
    ) {
        match self
            .unlisted
            .iter_mut()
            .find(|u| u.kind == kind && u.severity == severity)
        {
            // Some counted before: the first stays (in `absorb`, those `self` counted come
            // before `later`'s, and those `later` listed come before those it counted).
            Some(u) => u.count += count,
            None => self.unlisted.push(Unlisted {
                kind,
                severity,
                count,
                first,
                location: location.clone(),
            }),
        }
    }

    /// Adds the problems of the records read after those of `self` (`later`, from an
    /// empty `Listed`): the result is the one of adding every problem to one `Listed` in
    /// order.
    ///
    /// A problem `later` listed as the `j`-th of its kind stays listed when this one has
    /// listed or counted at most [`MAX_LISTED_PER_KIND`]` - j` of the kind; else it is
    /// counted with the others of its kind and severity (those `later` counted all come
    /// after it, being past the first [`MAX_LISTED_PER_KIND`] of the kind in `later`).
    /// The counts of a kind and severity keep the first location of the earliest problem
    /// counted, and are in the order of those firsts, as numbered.
    fn absorb(&mut self, later: Listed) {
        let offset = self.seen;
        // The counts of `self` are those before `later` until its counts are added, last.
        let mut listed_later: Vec<(ProblemKind, u64)> = Vec::new();
        for (number, p) in later.problems {
            let number = number + offset;
            if p.kind == ProblemKind::NotListed {
                self.problems.push((number, p));
                continue;
            }
            let j = match listed_later.iter_mut().find(|(k, _)| *k == p.kind) {
                Some((_, j)) => {
                    *j += 1;
                    *j
                }
                None => {
                    listed_later.push((p.kind, 1));
                    1
                }
            };
            if self.counted(p.kind) + j <= MAX_LISTED_PER_KIND {
                self.problems.push((number, p));
            } else {
                self.unlist(number, 1, p.kind, p.severity, &p.location);
            }
        }
        for u in later.unlisted {
            self.unlist(u.first + offset, u.count, u.kind, u.severity, &u.location);
        }
        self.unlisted.sort_by_key(|u| u.first);
        for (kind, count) in later.counts {
            self.count(kind, count);
        }
        self.seen += later.seen;
    }

    fn finish(self) -> Vec<Problem> {
        let mut problems: Vec<Problem> = self.problems.into_iter().map(|(_, p)| p).collect();
        for u in self.unlisted {
            problems.push(
                Problem::new(ProblemKind::NotListed, u.severity)
                    .at(u.location)
                    .found(u.count.to_string())
                    .expected(u.kind.code()),
            );
        }
        problems
    }
}

/// Lists at most `budget` of `problems` that are of a line (see
/// [`LoadedFile::list_at_most`]); returns how many of them are listed.
fn list_at_most(problems: &mut Vec<Problem>, budget: u64) -> u64 {
    let of_a_line = |p: &Problem| p.kind != ProblemKind::NotListed && p.location.line.is_some();
    let listed = problems.iter().filter(|p| of_a_line(p)).count() as u64;
    if listed <= budget {
        return listed;
    }
    let mut kept = Vec::new();
    // Per kind (its code) and severity: the problems counted, and the first one's
    // location (an earlier problem's, where some were counted before).
    let mut counted: Vec<(String, Severity, u64, Location)> = Vec::new();
    let mut count = |code: &str, severity, n: u64, location: &Location| match counted
        .iter_mut()
        .find(|(c, s, _, _)| c == code && *s == severity)
    {
        Some((_, _, c, _)) => *c += n,
        None => counted.push((code.to_string(), severity, n, location.clone())),
    };
    let mut left = budget;
    for p in std::mem::take(problems) {
        if p.kind == ProblemKind::NotListed {
            match (&p.expected, p.found.as_deref().and_then(|f| f.parse().ok())) {
                (Some(code), Some(n)) => count(code, p.severity, n, &p.location),
                _ => kept.push(p),
            }
        } else if !of_a_line(&p) {
            kept.push(p);
        } else if left > 0 {
            left -= 1;
            kept.push(p);
        } else {
            count(p.kind.code(), p.severity, 1, &p.location);
        }
    }
    counted.sort_by_key(|(_, _, _, l)| (l.line.unwrap_or(0), l.record.unwrap_or(0)));
    for (code, severity, n, location) in counted {
        kept.push(
            Problem::new(ProblemKind::NotListed, severity)
                .at(location)
                .found(n.to_string())
                .expected(code),
        );
    }
    *problems = kept;
    budget
}

/// Reads a file from `input`: its summary, problems and keys, and its records when `keep`.
pub(crate) fn read_stream(
    display: String,
    input: &mut dyn Read,
    source: Source,
    mode: Mode,
    keep: bool,
) -> Result<LoadedFile, Error> {
    let parsed = FileName::parse_with(&display, mode);
    let name = parsed.as_ref().ok().map(|(n, _)| n.clone());
    let mut counted = Counted::new(input);
    let records = OnceLock::new();
    let bytes = OnceLock::new();
    let image = match &name {
        Some(n) => !n.kind().is_csv(),
        None => is_image_name(&display),
    };
    if image {
        // A family-structure image: nothing to read in it, but read through (an archive
        // entry is checked so), and kept when asked to and it cannot be read again. Its
        // name's problems (a 枝番 that is not 4 digits …) and a content that is not JPEG
        // are the file's.
        let mut head = [0u8; 4];
        let mut got = 0;
        while got < head.len() {
            match counted.read(&mut head[got..])? {
                0 => break,
                n => got += n,
            }
        }
        if keep && matches!(source, Source::Gone) {
            let mut all = head[..got].to_vec();
            counted.read_to_end(&mut all)?;
            let _ = bytes.set(Ok(all));
        } else {
            io::copy(&mut counted, &mut io::sink())?;
        }
        let mut summary = Summary::default();
        summary.name = display.clone();
        summary.file_name = name.clone();
        summary.kind = Some(FileKind::YoboKihonImage);
        summary.problems = image_problems(&display, &parsed, &head[..got]);
        for p in &summary.problems {
            match p.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
            }
        }
        let _ = records.set(Ok(Vec::new()));
        return Ok(LoadedFile {
            display,
            name,
            mode,
            summary,
            problems: Vec::new(),
            keys: KeyIndex::default(),
            len: counted.count,
            source,
            records,
            bytes,
        });
    }
    let mut reader = FileReaderBuilder::new()
        .mode(mode)
        .from_reader(&mut counted, &display);
    let mut gathered = Gathered::new(name.as_ref(), &display, keep);
    loop {
        // Looked at where it was returned: a record is about 1 KB, and moving it out of the
        // result (`?`, `while let`) copies it, twice.
        let next = reader.next_record();
        match &next {
            Ok(Some(record)) => gathered.add(record, reader.kind(), &display),
            Ok(None) => break,
            Err(_) => {}
        }
        match next {
            Ok(Some(record)) if keep => gathered.kept.push(record),
            Ok(_) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let summary = reader.finish()?;
    Ok(gathered.finish(display, name, mode, summary, counted.count, source))
}

/// Reads the file of the standard at `path` (shown as `display`, its name `name`) on
/// `threads` threads: the [`LoadedFile`] a reading on one thread gives.
///
/// When the records are not kept (a check), each thread gathers the keys and problems of
/// the parts it reads ([`FileReaderBuilder::fold_file`]), and the parts' [`Gathered`] are
/// joined in the file's order ([`Gathered::absorb`]); when they are kept, they are handed
/// over to this thread in order ([`FileReaderBuilder::read_file`]).
pub(crate) fn read_path_on_threads(
    display: String,
    name: FileName,
    path: &std::path::Path,
    mode: Mode,
    keep: bool,
    threads: usize,
    part_bytes: usize,
) -> Result<LoadedFile, Error> {
    let len = std::fs::metadata(path)
        .map_err(|e| Error::from(e).for_file(display.clone()))?
        .len();
    let kind = Some(name.kind());
    // The parallel reader names the file by the last part of its path: its problems are
    // given the name the file is shown by, as the reader of the whole path names them.
    let short = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let renamed = Renamed {
        from: &short,
        to: &display,
    };
    let renamed = &renamed;
    let shown = display.as_str();
    let mut builder = FileReaderBuilder::new();
    builder.mode(mode).threads(threads);
    if part_bytes > 0 {
        builder.part_bytes(part_bytes);
    }
    let read = if keep {
        let mut gathered = Gathered::new(Some(&name), &display, true);
        builder
            .read_file(path, |mut record| {
                renamed.record(&mut record);
                gathered.add(&record, kind, shown);
                gathered.kept.push(record);
            })
            .map(|summary| (gathered, summary))
    } else {
        builder.fold_file(
            path,
            || Gathered::new(Some(&name), shown, false),
            |gathered: &mut Gathered, mut record| {
                renamed.record(&mut record);
                gathered.add(&record, kind, shown);
            },
            Gathered::absorb,
        )
    };
    let (gathered, summary) = read.map_err(|e| Error::from(renamed.error(e)))?;
    let summary = renamed.summary(summary);
    let source = Source::Path(path.to_path_buf());
    Ok(gathered.finish(display, Some(name), mode, summary, len, source))
}

/// The name a reader gave a file (`from`) and the one it is shown by (`to`).
struct Renamed<'a> {
    from: &'a str,
    to: &'a str,
}

impl Renamed<'_> {
    fn needed(&self) -> bool {
        self.from != self.to
    }

    fn location(&self, l: &mut Location) {
        if l.file.as_deref() == Some(self.from) {
            l.file = Some(self.to.to_string());
        }
    }

    fn problem(&self, p: &mut Problem) {
        self.location(&mut p.location);
        if let Some(related) = p.related.as_deref_mut() {
            self.location(related);
        }
    }

    /// Gives the problems of `record` the name the file is shown by.
    fn record(&self, record: &mut Parsed<AnyRecord>) {
        if self.needed() {
            if let Parsed::Typed { problems, .. } | Parsed::Raw { problems, .. } = record {
                problems.iter_mut().for_each(|p| self.problem(p));
            }
        }
    }

    fn summary(&self, mut s: Summary) -> Summary {
        if self.needed() {
            s.name = self.to.to_string();
            s.problems.iter_mut().for_each(|p| self.problem(p));
        }
        s
    }

    fn error(&self, e: careplan_csv::Error) -> careplan_csv::Error {
        if self.needed() && e.file() == Some(self.from) {
            e.in_file(Some(self.to.to_string()))
        } else {
            e
        }
    }
}

/// Whether the receiver's office number of `name` is written in `display` (the name the
/// file is shown by) as the ten digits it is, not as the 9-digit typo lenient reading pads.
fn receiver_as_written(name: &FileName, display: &str) -> bool {
    let base = display.rsplit(['/', '\\']).next().unwrap_or(display);
    let office = name.receiver().office().to_string();
    base.split(['_', '.']).any(|part| part == office)
}

/// What a [`LoadedFile`] keeps of its records, gathered as they are read.
struct Gathered {
    keys: KeyIndexBuilder,
    /// The name, when the file is of 実績: its rows are checked against the parties of
    /// the name as they come. Not when the name wrote the receiver's office number with
    /// nine digits (the standard's typo, read padded and reported on the name): the rows
    /// are not compared with a number the name does not hold (one mistake, one message).
    results_name: Option<FileName>,
    listed: Listed,
    keep: bool,
    /// The records, when kept (pushed by the reading loop, which alone moves a record).
    kept: Vec<Parsed<AnyRecord>>,
}

impl Gathered {
    fn new(name: Option<&FileName>, display: &str, keep: bool) -> Gathered {
        let mut keys = KeyIndexBuilder::default();
        keys.name_month = name
            .filter(|n| n.kind().month_in_name())
            .and_then(FileName::month);
        Gathered {
            keys,
            results_name: name
                .filter(|n| n.kind() == FileKind::UsageResult && receiver_as_written(n, display))
                .cloned(),
            listed: Listed::default(),
            keep,
            kept: Vec::new(),
        }
    }

    /// One record of a file of `kind` shown as `display` (taken by reference: a record is
    /// large, and moved only when it is kept).
    fn add(&mut self, record: &Parsed<AnyRecord>, kind: Option<FileKind>, display: &str) {
        self.keys.add(record, kind);
        if let (Some(n), Some(AnyRecord::Table6(r))) = (&self.results_name, record.typed()) {
            let at = location_in(display, Some(FileKind::UsageResult), position_of(record));
            for p in crate::relations::result::row_problems(n, r, &at) {
                self.keys.add_row_problem(p);
            }
        }
        for p in record.problems() {
            self.listed.add(p);
        }
    }

    /// Adds what was gathered of the records read after those of `self` (`later`, of the
    /// same file, from [`Gathered::new`]): the result is what one `Gathered` fed every record
    /// in order gives ([`KeyIndexBuilder::absorb`], [`Listed::absorb`]).
    fn absorb(&mut self, later: Gathered) {
        self.keys.absorb(later.keys);
        self.listed.absorb(later.listed);
        self.kept.extend(later.kept);
    }

    fn finish(
        self,
        display: String,
        name: Option<FileName>,
        mode: Mode,
        summary: Summary,
        len: u64,
        source: Source,
    ) -> LoadedFile {
        let records = OnceLock::new();
        if self.keep {
            let _ = records.set(Ok(self.kept));
        }
        LoadedFile {
            display,
            name,
            mode,
            summary,
            problems: self.listed.finish(),
            keys: self.keys.finish(),
            len,
            source,
            records,
            bytes: OnceLock::new(),
        }
    }
}

/// Whether a name that is not of the standard is meant as a family-structure image: its
/// last part starts with `UPKIHON_IMAGE_` or ends with `.jpg`/`.jpeg` (any case). Such a
/// file is kept as bytes with its name's problem, never read as CSV.
pub(crate) fn is_image_name(display: &str) -> bool {
    let base = display.rsplit(['/', '\\']).next().unwrap_or(display);
    let upper = base.to_ascii_uppercase();
    upper.starts_with("UPKIHON_IMAGE_") || upper.ends_with(".JPG") || upper.ends_with(".JPEG")
}

/// The problems of a family-structure image (spec layouts/_notes_yobo.md: 「JPEG形式」, name
/// `…_YYYYMMDDHHMMSS_枝番（4桁）.jpg`): the name's, and an error when the bytes do not start
/// with the JPEG signature (SOI `FF D8` and a marker `FF`).
fn image_problems(
    display: &str,
    parsed: &Result<(FileName, Vec<Problem>), CsvError>,
    bytes: &[u8],
) -> Vec<Problem> {
    let mut out = match parsed {
        Ok((_, problems)) => problems.clone(),
        Err(e) => {
            let p = match e.kind() {
                CsvErrorKind::InvalidName(flaw) => flaw.to_problem(display),
                _ => Problem::error(ProblemKind::InvalidFileName)
                    .in_file(display)
                    .found(e.to_string()),
            };
            vec![p.in_kind(FileKind::YoboKihonImage)]
        }
    };
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        let head: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02X}")).collect();
        out.push(
            Problem::error(ProblemKind::InvalidFormat)
                .in_file(display)
                .in_kind(FileKind::YoboKihonImage)
                // The first bytes (none for an empty file) against JPEG's signature.
                .found(head.join(" "))
                .expected("FF D8 FF"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    /// The insured numbers of the sample records, each replaced by a user's own.
    const SAMPLE_USERS: [&str; 5] = [
        "0000012345",
        "H123456789",
        "0000023456",
        "0000034567",
        "0000067890",
    ];

    /// `n` records of `kind` made from its sample records (spec layouts): users of a few
    /// records each, user 0 coming back every 11th record (keys met again after others),
    /// and, at some records, a day that does not exist (20250431, 20250438), another
    /// 居宅介護支援事業所 (1310000009 for 1310000001: 実績 rows not naming the name's
    /// receiver), a time that is not `HHMM` (an untyped 予定 with its key), a 被保険者番号
    /// one digit short.
    fn records(kind: FileKind, n: usize) -> (String, Vec<Parsed<AnyRecord>>) {
        let samples = sample::records(kind);
        let mut text = String::new();
        for i in 0..n {
            let mut line = samples[i % samples.len()].clone();
            let user = if i % 11 == 10 { 0 } else { i / 3 };
            for id in SAMPLE_USERS {
                line = line.replace(id, &format!("{user:010}"));
            }
            if i % 10 < 4 {
                line = line.replacen(",2025040", ",2025043", 1);
            }
            if i % 5 == 2 {
                line = line.replacen(",1310000001,", ",1310000009,", 1);
            }
            if i % 4 == 3 {
                line = line.replacen(",1000,1100,", ",1000,11x0,", 1);
            }
            if i % 13 == 6 {
                line = line.replacen(&format!(",{user:010},"), &format!(",{user:09},"), 1);
            }
            text.push_str(&line);
            text.push_str("\r\n");
        }
        let (bytes, _) = careplan_csv::ms932::encode_to_vec(&text, &Default::default()).unwrap();
        let name = sample::name(kind);
        let mut out = Vec::new();
        FileReaderBuilder::new()
            .mode(Mode::Lenient)
            .read_slice(&bytes, &name, |p| out.push(p))
            .unwrap();
        assert_eq!(out.len(), n, "{kind:?}");
        (name, out)
    }

    fn gathered(name: &str, records: &[Parsed<AnyRecord>]) -> Gathered {
        let parsed = FileName::parse(name).unwrap();
        let mut g = Gathered::new(Some(&parsed), name, false);
        for r in records {
            g.add(r, Some(parsed.kind()), name);
        }
        g
    }

    fn finished(g: Gathered) -> (KeyIndex, Vec<Problem>) {
        (g.keys.finish(), g.listed.finish())
    }

    #[test]
    fn gathered_runs_joined_in_order_give_what_one_gathered_gives_at_every_cut() {
        let kinds = [
            FileKind::UsageResult,
            FileKind::UsagePlan,
            FileKind::Plan1,
            FileKind::Plan2,
            FileKind::Hosoku,
            FileKind::YoboKihon,
            FileKind::YoboPlan,
        ];
        let mut seen = (0, 0, 0, 0, 0);
        for kind in kinds {
            let n = 3400;
            let (name, records) = records(kind, n);
            let whole = finished(gathered(&name, &records));
            // What the test exercises: problems past the cap, untyped parents with their
            // keys, 実績 rows naming another office, keys of every record kept (1表, 補足).
            let not_listed = whole.1.iter().filter(|p| p.kind == ProblemKind::NotListed);
            seen.0 += not_listed.count();
            seen.1 += whole.0.untyped_user_months.len() + whole.0.untyped_plans.len();
            seen.1 += whole.0.untyped_kihon.len() + whole.0.untyped_yobo_plans.len();
            seen.2 += whole.0.row_problems.len();
            seen.3 += whole.0.plan1.len() + whole.0.hosoku.len() + whole.0.images.len();
            seen.4 += whole.0.user_months.len() + whole.0.plan_rows.len();
            let cuts = (0..=n)
                .step_by(89)
                .chain([1, 999, 1000, 1001, 1500, n - 1, n]);
            for k in cuts {
                let mut g = gathered(&name, &records[..k]);
                g.absorb(gathered(&name, &records[k..]));
                assert!(finished(g) == whole, "{kind:?} cut at {k}");
            }
            // Three runs, joined left to right and right to left.
            for (a, b) in [(0, 0), (400, 1400), (1000, 2000), (1999, 2001), (n, n)] {
                let mut left = gathered(&name, &records[..a]);
                left.absorb(gathered(&name, &records[a..b]));
                left.absorb(gathered(&name, &records[b..]));
                assert!(finished(left) == whole, "{kind:?} cuts at {a}, {b}");
                let mut right = gathered(&name, &records[a..b]);
                right.absorb(gathered(&name, &records[b..]));
                let mut left = gathered(&name, &records[..a]);
                left.absorb(right);
                assert!(finished(left) == whole, "{kind:?} cuts at {a}, {b}");
                // Fed on after a join (as the reader's caller does with a part it reads
                // itself).
                let mut left = gathered(&name, &records[..a]);
                left.absorb(gathered(&name, &records[a..b]));
                records[b..]
                    .iter()
                    .for_each(|r| left.add(r, Some(kind), &name));
                assert!(
                    finished(left) == whole,
                    "{kind:?} cut at {a}, fed on from {b}"
                );
            }
        }
        // 20250431 past the cap in the four files of dated records, DuplicateKey in two.
        assert!(
            seen.0 >= 6 && seen.1 > 0 && seen.2 > 0 && seen.3 > 0 && seen.4 > 0,
            "{seen:?}"
        );
    }

    /// Every cut of `problems` (at a step, and at `more`), and three runs at `triples`:
    /// the runs' `Listed` joined give what one `Listed` fed every problem gives.
    fn assert_joins_as_one(problems: &[Problem], step: usize, more: &[usize]) {
        let fed = |range: std::ops::Range<usize>| {
            let mut l = Listed::default();
            problems[range].iter().for_each(|p| l.add(p));
            l
        };
        let n = problems.len();
        let whole = fed(0..n).finish();
        for k in (0..=n).step_by(step).chain(more.iter().copied()) {
            let mut l = fed(0..k);
            l.absorb(fed(k..n));
            assert!(l.finish() == whole, "cut at {k}");
        }
        for (i, a) in more.iter().copied().enumerate() {
            for b in more[i..].iter().copied() {
                let mut l = fed(0..a);
                l.absorb(fed(a..b));
                l.absorb(fed(b..n));
                assert!(l.finish() == whole, "cuts at {a}, {b}");
                let mut later = fed(a..b);
                later.absorb(fed(b..n));
                let mut l = fed(0..a);
                l.absorb(later);
                assert!(
                    l.finish() == whole,
                    "cuts at {a}, {b} joined from the right"
                );
                // Fed on after a join (as the reader's caller does with a part it reads
                // itself).
                let mut l = fed(0..a);
                l.absorb(fed(a..b));
                problems[b..].iter().for_each(|p| l.add(p));
                assert!(l.finish() == whole, "cut at {a}, fed on from {b}");
            }
        }
    }

    fn problem(kind: ProblemKind, severity: Severity, line: usize) -> Problem {
        Problem::new(kind, severity)
            .at(Location::in_file("f.CSV"))
            .at_line(line as u64 + 1)
    }

    #[test]
    fn listed_runs_joined_give_what_one_listed_gives_with_severities_and_caps() {
        use ProblemKind::{FieldCount, InvalidDate, NotListed, TooLong};
        // Kinds past the cap at different records, each with both severities, some problems
        // of the kind NotListed (always listed).
        let problems: Vec<Problem> = (0..5000)
            .map(|i| {
                let kind = match i % 7 {
                    0..=2 => InvalidDate,
                    3 | 4 => FieldCount,
                    5 if i % 70 == 5 => NotListed,
                    _ => TooLong,
                };
                let severity = if (i / 3) % 5 == 0 || i > 4500 {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                problem(kind, severity, i)
            })
            .collect();
        let mut one = Listed::default();
        problems.iter().for_each(|p| one.add(p));
        let counted = one
            .finish()
            .into_iter()
            .filter(|p| p.found.is_some())
            .count();
        assert_eq!(counted, 6);
        assert_joins_as_one(&problems, 11, &[1000, 1001, 2333, 2334, 3499, 4999]);
    }

    #[test]
    fn listed_runs_joined_keep_the_counts_in_the_order_of_their_first_unlisted_problem() {
        use ProblemKind::{FieldCount, InvalidDate};
        // 990 dates, 1,005 field counts (the last 5 unlisted), 20 dates (the last 10
        // unlisted), 30 field counts: the field counts' first unlisted problem comes before
        // the dates', though a run from the 990th lists dates past the cap of the whole.
        let blocks = [
            (InvalidDate, 990),
            (FieldCount, 1005),
            (InvalidDate, 20),
            (FieldCount, 30),
        ];
        let problems: Vec<Problem> = blocks
            .iter()
            .flat_map(|(kind, n)| std::iter::repeat_n(*kind, *n))
            .enumerate()
            .map(|(i, kind)| {
                let severity = if i % 4 == 0 {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                problem(kind, severity, i)
            })
            .collect();
        let mut one = Listed::default();
        problems.iter().for_each(|p| one.add(p));
        let counted: Vec<(Option<String>, Severity)> = one
            .finish()
            .into_iter()
            .filter(|p| p.found.is_some())
            .map(|p| (p.expected, p.severity))
            .collect();
        let (date, field) = (
            Some("invalid_date".to_string()),
            Some("field_count".to_string()),
        );
        assert_eq!(
            counted,
            [
                (field.clone(), Severity::Error),
                (field, Severity::Warning),
                (date.clone(), Severity::Error),
                (date, Severity::Warning),
            ]
        );
        assert_joins_as_one(&problems, 7, &[500, 990, 991, 1995, 2000, 2015]);
    }
}
