//! Whole files: read a file of any kind as typed records (or raw records with their
//! problems), with its name, version, month and a summary; write typed records as a file of
//! the standard's form under its standard name.
//!
//! The flow of one file: bytes → [`Reader`] (CSV form, MS932) → layout engine (items) →
//! typed view (rules of the record) → rules across the file's records. Every record comes
//! out, typed or raw, with every problem found; nothing is skipped.

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use careplan_model::__private::{
    same_bytes, AnyFileRules, Context, ItemReader, NameParties, NameParty, RuleContext, Scanned,
    Validator, WithTyped,
};
use careplan_model::value::{CsvVersion, InsuredNumber, InsurerNumber, YearMonth};
use careplan_model::{
    AnyRecord, FileKind, Format, Item, ItemRef, Layout, Mode, Position, Problem, ProblemKind,
    RawRecord, Severity, SourceEncoding, TypedRecord,
};
use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::filename::{name_problem, parse_written, FileName, Written};
use crate::ms932::Substitutions;
use crate::reader::{Reader, ReaderBuilder, Resume, Scratch};
use crate::rewrite::PendingFile;
use crate::writer::{Admit, Writer, WriterBuilder};

/// A record as read: its typed view, or — when an item does not hold a value of its type —
/// the raw record. Both come with every problem found in the record.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Parsed<T> {
    /// The typed record and the problems found (warnings, and errors of rules that do not
    /// prevent typing, such as a date outside the month).
    Typed {
        /// The record.
        record: T,
        /// Its problems.
        problems: Vec<Problem>,
    },
    /// The raw record, kept whole, and the problems that kept it from being typed.
    Raw {
        /// The record as read.
        record: RawRecord,
        /// Its problems.
        problems: Vec<Problem>,
    },
}

impl<T> Parsed<T> {
    /// The problems of the record.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Parsed::Typed { problems, .. } | Parsed::Raw { problems, .. } => problems,
        }
    }

    /// The typed record, if the record could be typed.
    pub fn typed(&self) -> Option<&T> {
        match self {
            Parsed::Typed { record, .. } => Some(record),
            Parsed::Raw { .. } => None,
        }
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems().iter().any(Problem::is_error)
    }

    fn map<U>(
        self,
        f: impl FnOnce(T) -> Result<U, T>,
        to_raw: impl FnOnce(&T) -> RawRecord,
    ) -> Parsed<U> {
        match self {
            // The raw form is written only for a record that is not a `U`.
            Parsed::Typed { record, problems } => match f(record) {
                Ok(record) => Parsed::Typed { record, problems },
                Err(record) => Parsed::Raw {
                    record: to_raw(&record),
                    problems,
                },
            },
            Parsed::Raw { record, problems } => Parsed::Raw { record, problems },
        }
    }
}

/// What a file held, known once it has been read to the end.
#[derive(Clone, Debug, Default, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// The file name as given.
    pub name: String,
    /// The parsed file name, if it parsed.
    #[serde(skip)]
    pub file_name: Option<FileName>,
    /// The kind (from the name, the caller, or the content).
    pub kind: Option<FileKind>,
    /// The CSVバージョン of the first record.
    pub version: Option<CsvVersion>,
    /// The service month: the first record's 対象年月 (or 削除対象年月), else the name's.
    pub month: Option<YearMonth>,
    /// Records read.
    pub records: u64,
    /// Records that became typed records.
    pub typed: u64,
    /// Records kept raw.
    pub raw: u64,
    /// Distinct users (保険者番号 + 被保険者番号): exact for up to 16,384 users; beyond, users
    /// are counted as the records move from one to the next (see [`Summary::users_exact`]).
    pub users: u64,
    /// Whether [`Summary::users`] is an exact count of distinct users. A file of more than
    /// 16,384 users is counted by runs of consecutive records, so that memory stays
    /// bounded; the count is still exact when each user's records are together.
    pub users_exact: bool,
    /// Problems of error severity, records' and file's, those counted and not listed
    /// included (see [`Summary::suppressed`]).
    pub errors: u64,
    /// Problems of warning severity, records' and file's, those counted and not listed
    /// included (see [`Summary::suppressed`]).
    pub warnings: u64,
    /// Problems of the file's form counted in [`Summary::errors`] and [`Summary::warnings`]
    /// but not listed in [`Summary::problems`]: past the first 1000 of one kind, problems
    /// are only counted, and a [`ProblemKind::NotListed`] problem says how many more of
    /// that kind there were.
    pub suppressed: u64,
    /// The problems of the file as a whole (name, form, encoding, version and month mixing,
    /// rules across records seen at the end). Record problems come with each record.
    pub problems: Vec<Problem>,
    /// Whether the last record ended with a line break.
    pub final_line_break: Option<bool>,
    /// The encoding the file was read in.
    #[serde(skip)]
    pub encoding: Option<SourceEncoding>,
}

/// Options for a [`FileReader`].
///
/// ```
/// use careplan_csv::FileReaderBuilder;
/// use careplan_model::Mode;
/// let data = b"202407,131001,0000012345,202504\r\n";
/// let mut rdr = FileReaderBuilder::new()
///     .mode(Mode::Strict)
///     .from_reader(&data[..], "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV");
/// let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().unwrap();
/// assert_eq!(recs.len(), 1);
/// assert!(recs[0].problems().is_empty());
/// assert_eq!(rdr.summary().users, 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct FileReaderBuilder {
    mode: Mode,
    kind: Option<FileKind>,
    max_record_bytes: Option<usize>,
    /// Threads for [`FileReaderBuilder::read_file`] (0 or 1: read in the calling thread).
    threads: usize,
    /// The size of the parts a file is read in on several threads (0: the default).
    part_bytes: usize,
}

impl FileReaderBuilder {
    /// Lenient mode, the kind taken from the name.
    pub fn new() -> FileReaderBuilder {
        FileReaderBuilder::default()
    }

    /// Strict or lenient.
    pub fn mode(&mut self, mode: Mode) -> &mut FileReaderBuilder {
        self.mode = mode;
        self
    }

    /// The kind, when the name does not give it (or to override the name).
    pub fn kind(&mut self, kind: FileKind) -> &mut FileReaderBuilder {
        self.kind = Some(kind);
        self
    }

    /// The largest record accepted (see [`ReaderBuilder::max_record_bytes`]).
    pub fn max_record_bytes(&mut self, limit: usize) -> &mut FileReaderBuilder {
        self.max_record_bytes = Some(limit);
        self
    }

    /// How many threads [`FileReaderBuilder::read_file`] and
    /// [`FileReaderBuilder::read_slice`] read a large file on (default 1: the calling
    /// thread only). See [`FileReaderBuilder::read_file`].
    pub fn threads(&mut self, threads: usize) -> &mut FileReaderBuilder {
        self.threads = threads;
        self
    }

    /// The size of the parts a file is cut into for reading on several threads (default
    /// 256 KiB, at least 4 KiB; for tests and tuning).
    #[doc(hidden)]
    pub fn part_bytes(&mut self, bytes: usize) -> &mut FileReaderBuilder {
        self.part_bytes = bytes.max(4096);
        self
    }

    pub(crate) fn mode_of(&self) -> Mode {
        self.mode
    }

    pub(crate) fn threads_and_part(&self) -> (usize, usize) {
        // Parts of 256 KiB read 第7表 on two threads faster than parts of 512 KiB (the
        // read bench's typed_fold_2_threads: 253-265 against 216-246 MiB/s, alternately).
        let part = if self.part_bytes == 0 {
            256 * 1024
        } else {
            self.part_bytes
        };
        (self.threads.max(1), part)
    }

    /// Opens the file at `path`; its file name gives the kind.
    pub fn open(&self, path: impl AsRef<Path>) -> Result<FileReader<File>, Error> {
        let path = path.as_ref();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = File::open(path).map_err(|e| Error::from(e).in_file(Some(name.clone())))?;
        Ok(self.from_reader(file, &name))
    }

    /// A reader of the file named `name` whose bytes `rdr` gives.
    pub fn from_reader<R: Read>(&self, rdr: R, name: &str) -> FileReader<R> {
        self.reader_reusing(rdr, name, Scratch::default())
    }

    /// [`FileReaderBuilder::from_reader`], working in the buffers of a reader done with
    /// (see [`crate::reader::ReaderBuilder::reader_reusing`]).
    pub(crate) fn reader_reusing<R: Read>(
        &self,
        rdr: R,
        name: &str,
        scratch: Scratch,
    ) -> FileReader<R> {
        let mut rb = ReaderBuilder::new();
        rb.mode(self.mode).file_name(name);
        if let Some(limit) = self.max_record_bytes {
            rb.max_record_bytes(limit);
        }
        let mut problems = Vec::new();
        let mut written = Written::default();
        let file_name = match parse_written(name, self.mode) {
            Ok((n, name_problems, w)) => {
                problems.extend(name_problems);
                written = w;
                Some(n)
            }
            Err(flaw) => {
                let mut p = name_problem(&Error::from(flaw), name);
                if self.kind.is_some() {
                    p.severity = self.mode.deviation();
                }
                problems.push(p);
                None
            }
        };
        // The name's prefix names the kind even when a later part of the name is broken
        // (issue 13 §4): the records are checked as that kind, the name reported above.
        let kind = self
            .kind
            .or(file_name.as_ref().map(FileName::kind))
            .or_else(|| FileName::kind_of_prefix(name));
        let parties = file_name
            .as_ref()
            .map(|n| name_parties(n, written))
            .unwrap_or_default();
        FileReader {
            reader: rb.reader_reusing(rdr, scratch),
            mode: self.mode,
            name: name.to_string(),
            file_name,
            kind,
            layout: None,
            layout_of_version: None,
            version_text: None,
            mixed_versions: false,
            unknown_versions: Vec::new(),
            kind_tried: false,
            month_text: None,
            month_item: None,
            parties,
            repeats: Repeats::default(),
            rules: kind.map_or(AnyFileRules::None, AnyFileRules::for_kind),
            users: Users::default(),
            raw: SharedRecord::default(),
            scanned: Vec::new(),
            summary: Summary {
                name: name.to_string(),
                kind,
                users_exact: true,
                ..Summary::default()
            },
            pending: problems,
            finished: false,
            part: false,
            part_user: None,
            other_month: None,
        }
    }
}

/// What a reader of one part of a file takes up from the reading before it (see
/// [`FileReader::resume`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FileResume {
    pub(crate) reader: Resume,
    pub(crate) kind: Option<FileKind>,
    pub(crate) version_text: Option<String>,
    pub(crate) month_text: Option<String>,
}

/// A reader of one file of the standard, record by record, in constant memory.
///
/// See [`FileReaderBuilder`] for an example.
#[derive(Debug)]
pub struct FileReader<R> {
    reader: Reader<R>,
    mode: Mode,
    name: String,
    file_name: Option<FileName>,
    kind: Option<FileKind>,
    layout: Option<&'static Layout>,
    /// The layout found for the CSVバージョン last seen (found again only when it changes).
    layout_of_version: Option<(String, &'static Layout)>,
    version_text: Option<String>,
    /// Whether a record's CSVバージョン differed from the first record's.
    mixed_versions: bool,
    /// The unknown CSVバージョン values seen, each said once for the file at the end with
    /// its count (issue 13: a per-file fact is not repeated on every record).
    unknown_versions: Vec<(Problem, u64)>,
    /// Whether the kind was sought in the content (once, at the first record that is not a
    /// header line).
    kind_tried: bool,
    month_text: Option<String>,
    /// The 対象年月 item of the layout last seen (looked up once, not per record).
    month_item: Option<(&'static Layout, Option<&'static Item>)>,
    /// The sender and receiver of the name, for the record rules that compare with them.
    parties: NameParties,
    /// The record problems that say the same of every record (an item that is not the
    /// name's sender): listed once per file, counted after.
    repeats: Repeats,
    rules: AnyFileRules,
    users: Users,
    raw: SharedRecord,
    /// What the layout engine found in the items of the record read.
    scanned: Vec<Scanned>,
    summary: Summary,
    pending: Vec<Problem>,
    finished: bool,
    /// Whether this reader reads a part of a file for [`crate::parallel`]: the file's rules
    /// and the end of the file are left to the caller.
    part: bool,
    /// The user of the record read by the reader of a part.
    part_user: Option<UserKey>,
    /// The file's month, when the record read holds another in its month item (its
    /// [`ProblemKind::MonthMismatch`] says so): its dates are judged by both months.
    other_month: Option<String>,
}

impl FileReader<File> {
    /// Opens the file at `path` in lenient mode.
    pub fn open(path: impl AsRef<Path>) -> Result<FileReader<File>, Error> {
        FileReaderBuilder::new().open(path)
    }
}

impl<R: Read> FileReader<R> {
    /// The file's kind, once known (from the name or the caller at once; from the content
    /// after the first record).
    pub fn kind(&self) -> Option<FileKind> {
        self.kind
    }

    /// The parsed file name, if it parsed.
    pub fn file_name(&self) -> Option<&FileName> {
        self.file_name.as_ref()
    }

    /// The header line lenient mode skipped (reported as a [`ProblemKind::HeaderLine`]
    /// warning among the file's problems), kept as read, if the file had one.
    ///
    /// ```
    /// use careplan_csv::FileReaderBuilder;
    /// let data = b"version,no,insured\r\n202407,131001,0000012345,202504\r\n";
    /// let name = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
    /// let mut rdr = FileReaderBuilder::new().from_reader(&data[..], name);
    /// assert_eq!(rdr.records().count(), 1);
    /// let header = rdr.header().unwrap();
    /// assert_eq!(header.text(1), Some("no"));
    /// assert_eq!(header.position().line(), 1);
    /// ```
    pub fn header(&self) -> Option<&RawRecord> {
        self.reader.header()
    }

    /// The summary so far; complete once the records have been read to the end.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Reads to the end (if not there yet) and returns the summary.
    pub fn finish(mut self) -> Result<Summary, Error> {
        while self.next_record()?.is_some() {}
        Ok(self.summary)
    }

    /// Every record, typed as [`AnyRecord`] or raw.
    pub fn records(&mut self) -> Records<'_, R> {
        Records { rdr: self }
    }

    /// Every record as the typed record `T`, which must view this file's kind.
    pub fn typed<T: TypedRecord + TryFrom<AnyRecord, Error = AnyRecord>>(
        &mut self,
    ) -> Result<TypedRecords<'_, R, T>, Error> {
        match self.kind {
            Some(k) if T::KINDS.contains(&k) => Ok(TypedRecords {
                rdr: self,
                _t: std::marker::PhantomData,
            }),
            found => Err(Error::new(ErrorKind::KindMismatch {
                expected: T::KINDS,
                found,
            })
            .in_file(Some(self.name.clone()))),
        }
    }

    /// How many file-level problems the reader only counted, not listed, past the first
    /// 1000 of one kind (known once the records have been read to the end; each kind's count
    /// is also in a [`ProblemKind::NotListed`] problem of the summary).
    pub fn suppressed_problems(&self) -> u64 {
        self.reader.suppressed_problems()
    }

    /// Counts problems by severity. A [`ProblemKind::NotListed`] problem is not one: the
    /// problems it stands for are counted from the reader at the end.
    fn count(&mut self, problems: &[Problem]) {
        for p in problems.iter().filter(|p| p.kind != ProblemKind::NotListed) {
            match p.severity {
                Severity::Error => self.summary.errors += 1,
                Severity::Warning => self.summary.warnings += 1,
            }
        }
    }

    fn file_problems(&mut self, problems: Vec<Problem>) {
        self.count(&problems);
        self.summary.problems.extend(problems);
    }

    /// Reads the next record.
    pub fn next_record(&mut self) -> Result<Option<Parsed<AnyRecord>>, Error> {
        // The usual record's path is kept short: anything else (the end, a header line, a
        // record of no kind or layout, a new version, problems found by the reader) is out
        // of line.
        if self.finished {
            return Ok(None);
        }
        if !self.pending.is_empty() {
            self.pending_problems();
        }
        if self.kind == Some(FileKind::YoboKihonImage) {
            return Err(self.not_csv());
        }
        let raw = self.raw.unique();
        if !self.reader.read_record(raw)? {
            self.end();
            return Ok(None);
        }
        let mut problems = raw.take_problems();
        if problems.iter().any(|p| p.kind == ProblemKind::HeaderLine) {
            return Ok(Some(self.header_record(problems)));
        }
        if self.kind.is_none() && !self.kind_tried {
            self.kind_tried = true;
            self.detect_kind();
        }
        self.summary.records += 1;
        let kind = self.kind;
        let Some(kind) = kind else {
            return Ok(Some(self.kept_raw(problems)));
        };
        let version = self.raw.get().text(0);
        let cached = match &self.layout_of_version {
            Some((text, layout)) if version == Some(text.as_str()) => Some(*layout),
            _ => None,
        };
        let layout = match cached.or_else(|| self.layout_of_record(kind)) {
            Some(l) => l,
            None => return Ok(Some(self.kept_raw(problems))),
        };
        self.layout.get_or_insert(layout);
        if !problems.is_empty() {
            name_items(&mut problems, kind, layout);
        }
        let ctx = Context::new(self.mode)
            .with_file(&self.name)
            .with_kind(kind);
        Validator::new(layout, ctx).validate_scanned(
            self.raw.get(),
            &mut problems,
            &mut self.scanned,
        );
        self.once_per_file(&mut problems);
        self.check_version_and_month(kind, layout, cached.is_some(), &mut problems);
        self.count_user();
        let rctx = RuleContext {
            mode: self.mode,
            file: Some(&self.name),
            kind,
            layout,
            position: self.raw.get().position(),
            parties: self.parties,
        };
        let finish = Finish {
            rctx: &rctx,
            file_month: self.other_month.take(),
            rules: &mut self.rules,
            repeats: &mut self.repeats,
            summary: &mut self.summary,
            raw: &mut self.raw.current,
            problems,
        };
        let shared = Arc::clone(finish.raw_record());
        match ItemReader::shared(shared, kind, layout, &self.scanned) {
            Some(items) => AnyRecord::with_items(kind, items, finish),
            None => finish.not_typed(None),
        }
    }

    /// The problems of the file found before the record to read, counted and kept.
    #[cold]
    #[inline(never)]
    fn pending_problems(&mut self) {
        let p = std::mem::take(&mut self.pending);
        self.file_problems(p);
    }

    /// The error of a file that is not CSV (an image), which ends the reading.
    #[cold]
    #[inline(never)]
    fn not_csv(&mut self) -> Error {
        self.finished = true;
        Error::new(ErrorKind::NotCsv).in_file(Some(self.name.clone()))
    }

    /// A header line kept as a record (strict mode): one mistake, one message. Its items
    /// are names, not values, so they are not checked, and it gives the file neither its
    /// version nor its month.
    #[cold]
    #[inline(never)]
    fn header_record(&mut self, mut problems: Vec<Problem>) -> Parsed<AnyRecord> {
        self.summary.records += 1;
        self.summary.raw += 1;
        for p in &mut problems {
            p.location.kind = self.kind;
        }
        self.count(&problems);
        let record = self.raw.take();
        Parsed::Raw { record, problems }
    }

    /// The record read, kept raw with its `problems` (counted): it has no kind or no layout.
    #[cold]
    #[inline(never)]
    fn kept_raw(&mut self, problems: Vec<Problem>) -> Parsed<AnyRecord> {
        self.summary.raw += 1;
        self.count(&problems);
        let record = self.raw.take();
        Parsed::Raw { record, problems }
    }

    /// The layout of the record read, of a CSVバージョン other than the one last seen (kept
    /// as the one last seen).
    #[cold]
    #[inline(never)]
    fn layout_of_record(&mut self, kind: FileKind) -> Option<&'static Layout> {
        let raw = self.raw.get();
        let layout = Layout::for_record(kind, raw)?;
        if let Some(v) = raw.text(0) {
            self.layout_of_version = Some((v.to_string(), layout));
        }
        Some(layout)
    }

    /// Counts the user of the record read (保険者番号 + 被保険者番号, items No.2 and No.3),
    /// from the numbers the layout engine found when it found them.
    fn count_user(&mut self) {
        let key = match (self.scanned.get(1), self.scanned.get(2)) {
            (Some(Scanned::Insurer(a)), Some(Scanned::Insured(b))) => {
                Some(UserKey::Packed(pack_numbers(*a, *b)))
            }
            _ => self.user_of_texts(),
        };
        if self.part {
            // The caller counts the users of the whole file, in order.
            self.part_user = key;
        } else if let Some(key) = key {
            self.users.insert_key(key);
            self.summary.users = self.users.len();
            self.summary.users_exact = self.users.exact();
        }
    }

    /// The user of the record read, from the texts of items No.2 and No.3 (the layout
    /// engine found no numbers in them).
    #[cold]
    #[inline(never)]
    fn user_of_texts(&self) -> Option<UserKey> {
        let raw = self.raw.get();
        match (raw.text(1), raw.text(2)) {
            (Some(a), Some(b)) => Some(UserKey::of(a, b)),
            _ => None,
        }
    }

    /// The user of the record read by the reader of a part (see [`crate::parallel`]), if
    /// it has one as [`Summary::users`] counts them.
    pub(crate) fn take_user(&mut self) -> Option<UserKey> {
        self.part_user.take()
    }

    /// Detection of the kind from the first record, when neither the name's prefix nor the
    /// caller gave it: the kinds whose layout the record fits without an error. A record
    /// that fits no layout is checked against the one it fits best (its number of items
    /// closest to the record's, then the fewest errors), so that its items are still
    /// checked; the problem says it is a best fit.
    #[cold]
    #[inline(never)]
    fn detect_kind(&mut self) {
        let ctx = Context::new(Mode::Lenient);
        let raw = self.raw.get();
        // (kind, items off, errors) of every kind with a layout for the record's version.
        let scored: Vec<(FileKind, usize, usize)> = FileKind::ALL
            .iter()
            .filter_map(|k| {
                let l = Layout::for_record(*k, raw)?;
                let off = l.len().abs_diff(raw.len());
                let errors = match off {
                    0 => l
                        .validate(raw, &ctx)
                        .iter()
                        .filter(|p| p.is_error())
                        .count(),
                    _ => usize::MAX,
                };
                Some((*k, off, errors))
            })
            .collect();
        let fits: Vec<FileKind> = scored
            .iter()
            .filter(|(_, off, errors)| *off == 0 && *errors == 0)
            .map(|(k, _, _)| *k)
            .collect();
        let (first, expected) = match fits.first() {
            Some(first) => {
                // The kinds whose layout the first record fits.
                let candidates: Vec<&str> = fits.iter().map(|k| k.prefix()).collect();
                (*first, Some(candidates.join("|")))
            }
            None => {
                let Some(best) = scored.iter().min_by_key(|(_, off, errors)| (*off, *errors))
                else {
                    return;
                };
                // None fits: the kind whose layout fits best, with nothing expected (the
                // messages say that no layout fits).
                (best.0, None)
            }
        };
        self.kind = Some(first);
        self.summary.kind = Some(first);
        self.rules = AnyFileRules::for_kind(first);
        let mut p = Problem::new(ProblemKind::KindFromContent, self.mode.deviation())
            .in_file(self.name.clone())
            .at_line(self.raw.get().position().line())
            .found(first.prefix());
        if let Some(expected) = expected {
            p = p.expected(expected);
        }
        self.file_problems(vec![p]);
    }

    /// Takes the record's unknown-CSVバージョン problem out of its problems: an unknown value
    /// is said once for the file, at its first record, with the number of records that hold
    /// it (see [`FileReader::end`]). At most 16 distinct values are gathered; a 17th stays
    /// with its record.
    fn once_per_file(&mut self, problems: &mut Vec<Problem>) {
        // A part of a file leaves it to the reading of the whole (crate::parallel).
        if !self.part && !problems.is_empty() {
            once_per_file(&mut self.unknown_versions, problems);
        }
    }

    /// Checks that the record's CSVバージョン and service month are the file's (the first
    /// record's). `same_version`: the record's version is the text the layout was last
    /// found for, and that is the first record's (nothing to check).
    ///
    /// The usual record — the file's version, its layout's month item already found, the
    /// file's month written as the first record's — is seen here with one comparison; any
    /// other goes on to [`FileReader::check_version_and_month_fully`], which finds the same
    /// for it.
    #[inline(always)]
    fn check_version_and_month(
        &mut self,
        kind: FileKind,
        layout: &'static Layout,
        same_version: bool,
        problems: &mut Vec<Problem>,
    ) {
        if same_version && !self.mixed_versions {
            if let (Some((l, Some(item))), Some(known)) = (self.month_item, &self.month_text) {
                // Six bytes: compared in line, not by a call (`same_bytes`).
                let same = |m: &str| same_bytes(m.as_bytes(), known.as_bytes());
                if std::ptr::eq(l, layout) && self.raw.get().text(item.column()).is_some_and(same) {
                    return;
                }
            }
        }
        self.check_version_and_month_fully(kind, layout, same_version, problems);
    }

    #[cold]
    #[inline(never)]
    fn check_version_and_month_fully(
        &mut self,
        kind: FileKind,
        layout: &'static Layout,
        same_version: bool,
        problems: &mut Vec<Problem>,
    ) {
        let raw = self.raw.get();
        let version = if same_version && !self.mixed_versions {
            None
        } else {
            raw.text(0)
        };
        // A version that is not a YYYYMM value (empty, a header's name) has its own problem:
        // it does not become the file's, so later records are not all "mixed".
        if let Some(v) = version.filter(|v| v.parse::<CsvVersion>().is_ok()) {
            match &self.version_text {
                None => {
                    self.version_text = Some(v.to_string());
                    self.summary.version = v.parse().ok();
                }
                Some(first) if first != v => {
                    self.mixed_versions = true;
                    let ctx = RuleContext {
                        mode: self.mode,
                        file: Some(&self.name),
                        kind,
                        layout,
                        position: raw.position(),
                        parties: self.parties,
                    };
                    problems.push(
                        ctx.problem(ProblemKind::MixedVersions, Severity::Error, 1)
                            .found(v)
                            .expected(first.clone()),
                    );
                }
                Some(_) => {}
            }
        }
        let item = match self.month_item {
            Some((l, item)) if std::ptr::eq(l, layout) => item,
            _ => {
                let item = layout
                    .item_by_name("対象年月")
                    .or_else(|| layout.item_by_name("削除対象年月"));
                self.month_item = Some((layout, item));
                item
            }
        };
        let Some(item) = item else {
            return;
        };
        // A month that is not six digits (empty, a header's name) has its own problem, and
        // does not become the file's month (`000000` is a value of 補足 No.63).
        let Some(month) = raw
            .text(item.column())
            .filter(|m| m.len() == 6 && m.bytes().all(|b| b.is_ascii_digit()))
        else {
            return;
        };
        if self.month_text.as_deref() == Some(month) {
            return;
        }
        // The name's 対象年月 as written (`000000` for an unset one), for the kinds that
        // carry one.
        let name_month = self
            .file_name
            .as_ref()
            .filter(|n| n.kind().month_in_name())
            .map(|n| {
                (
                    n.month(),
                    n.month()
                        .map_or_else(|| "000000".to_string(), |m| m.to_string()),
                )
            });
        let problem = || {
            Problem::new(ProblemKind::MonthMismatch, Severity::Error)
                .at_position(raw.position())
                .in_file(self.name.clone())
                .in_kind(kind)
                .item(item.item_ref())
                .found(month)
        };
        match (&self.month_text, &name_month) {
            (None, _) => {
                let summary_month = month
                    .parse()
                    .ok()
                    .or(name_month.as_ref().and_then(|(m, _)| *m));
                // The file's month is the name's, when it gives one: a first record of
                // another month is that record's mistake (its dates judged by both months),
                // and the records after it are compared with the name's month. A name of
                // the wrong month makes every record differ: said once, the rest counted
                // (`Repeats`).
                let mut file_month = month.to_string();
                if let Some((_, nm)) = &name_month {
                    if nm != month {
                        problems.push(problem().expected(nm.clone()));
                        file_month.clone_from(nm);
                        self.other_month = Some(nm.clone());
                    }
                }
                self.summary.month = summary_month;
                self.month_text = Some(file_month);
                // A version is used from the service month it applies from (every layout's
                // No.1: 新しい版は、その適用年月に当たるサービス提供年月のデータから使う).
                // One file holds one version and one month: reported once, at the first
                // record.
                let version = self.version_text.as_deref().and_then(|v| v.parse().ok());
                if let (Some(v), Ok(m)) = (version, month.parse::<YearMonth>()) {
                    if CsvVersion::out_of_force(v, m) {
                        let ctx = RuleContext {
                            mode: self.mode,
                            file: Some(&self.name),
                            kind,
                            layout,
                            position: raw.position(),
                            parties: self.parties,
                        };
                        let in_force: Vec<String> = CsvVersion::in_force(m)
                            .iter()
                            .map(|v| v.to_string())
                            .collect();
                        problems.push(
                            ctx.problem(ProblemKind::VersionNotInForce, Severity::Error, 1)
                                .found(format!("{v} / {m}"))
                                .expected(in_force.join(", ")),
                        );
                    }
                }
            }
            (Some(first), _) => {
                problems.push(problem().expected(first.clone()));
                self.other_month = Some(first.clone());
            }
        }
    }

    /// Makes this reader the reader of the first part of a file (see [`crate::parallel`]):
    /// rules across records and the end of the file are the caller's.
    pub(crate) fn first_part(&mut self) {
        self.part = true;
        self.rules = AnyFileRules::None;
        // Repeats are folded across the whole file by the caller, not part by part.
        self.repeats.off = true;
    }

    /// Makes this reader the reader of a part of a file that takes up the reading at `at`:
    /// the file's problems so far (its name's) are the first part's.
    pub(crate) fn resume(&mut self, at: &FileResume) {
        self.first_part();
        self.pending.clear();
        self.kind = at.kind;
        self.summary.kind = at.kind;
        self.version_text.clone_from(&at.version_text);
        self.month_text.clone_from(&at.month_text);
        self.reader.resume(&at.reader);
    }

    /// What a reader taking up the reading after this one's last record starts from.
    pub(crate) fn resume_after(&self) -> FileResume {
        FileResume {
            reader: self.reader.resume_after(),
            kind: self.kind,
            version_text: self.version_text.clone(),
            month_text: self.month_text.clone(),
        }
    }

    /// The records this reader reads into, for the reader of another part of the file (see
    /// [`crate::parallel`]).
    pub(crate) fn take_records(&mut self) -> SharedRecord {
        std::mem::take(&mut self.raw)
    }

    /// Reads into `records` (those of the reader of another part of the file).
    pub(crate) fn read_into(&mut self, records: SharedRecord) {
        self.raw = records;
    }

    /// The reader of the bytes.
    pub(crate) fn raw_reader(&mut self) -> &mut Reader<R> {
        &mut self.reader
    }

    #[cold]
    #[inline(never)]
    fn end(&mut self) {
        self.finished = true;
        if self.part {
            return;
        }
        let mut problems: Vec<Problem> = std::mem::take(&mut self.unknown_versions)
            .into_iter()
            .map(|(p, n)| p.count(n))
            .collect();
        problems.extend(self.reader.take_problems());
        for p in &mut problems {
            p.location.kind = self.kind;
        }
        let mut end = Vec::new();
        self.rules.finish(&mut end);
        problems.extend(end);
        let (not_listed, counted) = self.repeats.finish(&self.name, self.kind);
        problems.extend(not_listed);
        self.file_problems(problems);
        self.summary.errors += self.reader.suppressed_of(Severity::Error) + counted.errors;
        self.summary.warnings += self.reader.suppressed_of(Severity::Warning) + counted.warnings;
        self.summary.suppressed = self.reader.suppressed_problems() + counted.total();
        self.summary.final_line_break = self.reader.final_line_break();
        self.summary.encoding = Some(self.reader.encoding());
        self.summary.file_name = self.file_name.clone();
        if self.summary.month.is_none() {
            if let Some(month) = self.file_name.as_ref().and_then(FileName::month) {
                self.summary.month = Some(month);
            }
        }
    }
}

/// [`FileReader::once_per_file`]: takes the record's unknown-CSVバージョン problem out of
/// `problems` into `unknown` (the file's, with their counts), for at most 16 distinct values.
/// How many distinct unknown CSVバージョン values [`once_per_file`] folds.
const DISTINCT_VERSIONS: usize = 16;

/// Whether what [`once_per_file`] folded of some records, from nothing, (`later`) was
/// folded as one folding of them after those `unknown` folded would have: at most
/// [`DISTINCT_VERSIONS`] values between them.
pub(crate) fn versions_join(unknown: &[(Problem, u64)], later: &[(Problem, u64)]) -> bool {
    let new = later
        .iter()
        .filter(|(p, _)| !unknown.iter().any(|(q, _)| q.found == p.found))
        .count();
    unknown.len() + new <= DISTINCT_VERSIONS
}

/// Takes `later` into `unknown`, once they are known to [`versions_join`].
pub(crate) fn absorb_versions(unknown: &mut Vec<(Problem, u64)>, later: Vec<(Problem, u64)>) {
    for (p, n) in later {
        match unknown.iter_mut().find(|(q, _)| q.found == p.found) {
            Some((_, m)) => *m += n,
            None => unknown.push((p, n)),
        }
    }
}

pub(crate) fn once_per_file(unknown: &mut Vec<(Problem, u64)>, problems: &mut Vec<Problem>) {
    const DISTINCT: usize = DISTINCT_VERSIONS;
    let Some(at) = problems
        .iter()
        .position(|p| p.kind == ProblemKind::UnknownVersion)
    else {
        return;
    };
    let found = problems.get(at).and_then(|p| p.found.clone());
    let seen = unknown.len();
    match unknown.iter_mut().find(|(first, _)| first.found == found) {
        Some((_, n)) => {
            *n += 1;
            problems.remove(at);
        }
        None if seen < DISTINCT => {
            let p = problems.remove(at);
            unknown.push((p, 1));
        }
        None => {}
    }
}

/// Gives the reader's `problems` of a record of `kind` read with `layout` their kind and
/// the names of their items.
#[cold]
#[inline(never)]
fn name_items(problems: &mut [Problem], kind: FileKind, layout: &Layout) {
    for p in problems {
        p.location.kind = Some(kind);
        if let Some(item) = &mut p.location.item {
            if item.name.is_empty() {
                if let Some(it) = layout.item(item.no) {
                    item.name = it.name;
                }
            }
        }
    }
}

/// The end of [`FileReader::next_record`] for a record checked by the layout engine: the
/// rules of the typed record, or the raw record, and the counts. Its result is built where
/// it is returned, with the typed record of its own type: the `AnyRecord` it becomes is
/// large, and is not moved about. It is itself moved on each record (into
/// `AnyRecord::with_items`, then into `typed`), so it holds the record's [`RuleContext`] by
/// reference: kept to a few words, it is moved by a few stores rather than by a call to
/// `memcpy`.
struct Finish<'a> {
    rctx: &'a RuleContext<'a>,
    /// The file's month, when the record's month item holds another (see
    /// [`judged_by_both_months`]).
    file_month: Option<String>,
    rules: &'a mut AnyFileRules,
    repeats: &'a mut Repeats,
    summary: &'a mut Summary,
    raw: &'a mut Arc<RawRecord>,
    problems: Vec<Problem>,
}

impl Finish<'_> {
    fn raw_record(&self) -> &Arc<RawRecord> {
        self.raw
    }

    fn count(summary: &mut Summary, problems: &[Problem]) {
        for p in problems {
            match p.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
            }
        }
    }
}

impl WithTyped for Finish<'_> {
    type Output = Result<Option<Parsed<AnyRecord>>, Error>;

    fn typed<T: TypedRecord + 'static>(mut self, record: T) -> Self::Output
    where
        AnyRecord: From<T>,
    {
        record.check(self.rctx, &mut self.problems);
        if let Some(month) = &self.file_month {
            judged_by_both_months(self.rctx, self.raw, month, &mut self.problems);
        }
        self.rules.record_of(&record, self.rctx, &mut self.problems);
        self.repeats.filter(&mut self.problems);
        self.summary.typed += 1;
        Finish::count(self.summary, &self.problems);
        Ok(Some(Parsed::Typed {
            record: AnyRecord::from(record),
            problems: self.problems,
        }))
    }

    fn not_typed(mut self, item: Option<u16>) -> Self::Output {
        // A record that fits its layout but is not typed is never handed over without a
        // word: the item that holds no value of its type is named (a negative count, a
        // literal `xxAAAA`).
        if !self.problems.iter().any(Problem::is_error) {
            let p = untyped(self.rctx, self.raw, item);
            self.problems.push(p);
        }
        let independent = independent_rules(self.rctx, self.raw, &self.problems);
        self.problems.extend(independent);
        // Rules across records that needed it say once that they could not be checked.
        self.rules
            .not_typed(self.raw, self.rctx, &mut self.problems);
        self.summary.raw += 1;
        Finish::count(self.summary, &self.problems);
        // No typed record holds it: the record is taken out, not copied.
        let record = std::mem::take(Arc::make_mut(self.raw));
        Ok(Some(Parsed::Raw {
            record,
            problems: self.problems,
        }))
    }
}

/// The problems of a record that judge a date by the record's month item
/// ([`ProblemKind::DateOutsideMonth`], [`ProblemKind::DayMaskBeyondMonth`]), when that
/// month is not the file's `month` (its [`ProblemKind::MonthMismatch`] is the record's):
/// one mistake, one message. A date of the file's month is not blamed for the record's
/// wrong month, nor a date of the record's month for the file's; a date outside both is
/// reported against the file's month.
fn judged_by_both_months(
    rctx: &RuleContext<'_>,
    raw: &RawRecord,
    month: &str,
    problems: &mut Vec<Problem>,
) {
    const BY_MONTH: [ProblemKind; 2] = [
        ProblemKind::DateOutsideMonth,
        ProblemKind::DayMaskBeyondMonth,
    ];
    if !problems.iter().any(|p| BY_MONTH.contains(&p.kind)) {
        return;
    }
    let item = problems
        .iter()
        .find(|p| p.kind == ProblemKind::MonthMismatch)
        .and_then(|p| p.location.item)
        .map(|i| usize::from(i.no));
    let by_record: Vec<(ProblemKind, Option<u16>)> = problems
        .iter()
        .filter(|p| BY_MONTH.contains(&p.kind))
        .map(|p| (p.kind, p.location.item.map(|i| i.no)))
        .collect();
    problems.retain(|p| !BY_MONTH.contains(&p.kind));
    let Some(item) = item else {
        return;
    };
    let texts = raw
        .fields()
        .enumerate()
        .map(|(i, f)| if i + 1 == item { month } else { f.text });
    let Some(record) = AnyRecord::from_raw(rctx.kind, &RawRecord::from_texts(texts)) else {
        return;
    };
    let mut found = Vec::new();
    record.check(rctx, &mut found);
    problems.extend(
        found
            .into_iter()
            .filter(|p| by_record.contains(&(p.kind, p.location.item.map(|i| i.no)))),
    );
}

/// The rules of a record that did not type which do not depend on its bad items (issue 13:
/// one bad item does not hide the record's other mistakes).
///
/// The record is typed again with its bad items empty — only when each is optional, as an
/// empty required item does not type either — and its rules are run. A problem is kept when
/// it names none of the bad items (where it is, or the condition it states) and is of a kind
/// that only a value present raises (a date out of order or outside the month, a number out
/// of range, a code the rule refuses …): a rule that fires on an empty item (a conditional
/// item missing, an unpaired time, a slot gap, a total) could be firing on the emptied one.
fn independent_rules(
    rctx: &RuleContext<'_>,
    raw: &RawRecord,
    problems: &[Problem],
) -> Vec<Problem> {
    let mut bad: Vec<u16> = problems
        .iter()
        .filter(|p| p.is_error())
        .filter_map(|p| p.location.item.map(|i| i.no))
        .collect();
    bad.sort_unstable();
    bad.dedup();
    let optional = |no: &u16| rctx.layout.item(*no).is_some_and(|i| !i.required);
    if bad.is_empty() || !bad.iter().all(optional) {
        return Vec::new();
    }
    let texts = raw.fields().enumerate().map(|(i, f)| {
        let no = u16::try_from(i + 1).unwrap_or(u16::MAX);
        if bad.binary_search(&no).is_ok() {
            ""
        } else {
            f.text
        }
    });
    let Some(record) = AnyRecord::from_raw(rctx.kind, &RawRecord::from_texts(texts)) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    record.check(rctx, &mut found);
    let names_bad = |p: &Problem| {
        p.location.item.is_some_and(|i| bad.contains(&i.no))
            || bad.iter().any(|no| {
                let label = format!("No.{no} ");
                p.expected.as_deref().is_some_and(|e| e.contains(&label))
                    || p.found.as_deref().is_some_and(|f| f.contains(&label))
            })
    };
    found.retain(|p| {
        matches!(
            p.kind,
            ProblemKind::DateOrder
                | ProblemKind::DateOutsideMonth
                | ProblemKind::DayMaskBeyondMonth
                | ProblemKind::InvalidFormat
                | ProblemKind::SpecialRowValue
                | ProblemKind::UnknownCode
        ) && !names_bad(p)
    });
    found
}

/// The problem of a record that fits its layout and was not typed, at item No. `item` (of
/// the 4.x layout) when it is known.
fn untyped(rctx: &RuleContext<'_>, raw: &RawRecord, item: Option<u16>) -> Problem {
    let Some(no) = item else {
        // No item to name: the record as a whole is not one of the kind (its prefix).
        return rctx
            .record_problem(ProblemKind::InvalidFormat, Severity::Error)
            .expected(rctx.kind.prefix());
    };
    let p = rctx.problem(ProblemKind::InvalidFormat, Severity::Error, no);
    let at = p.location.item.map(|i| i.no);
    let layout_item = at.and_then(|n| rctx.layout.item(n));
    let text = at
        .and_then(|n| raw.text(usize::from(n).saturating_sub(1)))
        .unwrap_or_default();
    let p = match layout_item {
        // A count or amount the record's type holds from 0 up: digits, no sign.
        Some(it) if it.format == Format::Integer && text.starts_with('-') => {
            p.format(Format::Digits).expected(Format::Digits.notation())
        }
        Some(it) if it.format == Format::Code => p.expected(it.expected()),
        Some(it) => p.format(it.format).expected(it.expected()),
        None => p,
    };
    p.found(text)
}

/// The parties of a parsed name, as the record rules compare them. A party whose office
/// number the name wrote with nine digits (read padded to ten, and reported as the name's
/// warning) gives none: the records are not compared with a number the name does not hold
/// (one mistake, one message; careplan-model `parties`).
fn name_parties(name: &FileName, written: Written) -> NameParties {
    let party = |p: &crate::filename::Party, padded: bool| {
        (!padded).then(|| NameParty {
            office: p.office(),
            kind: p.kind(),
        })
    };
    NameParties {
        sender: party(name.sender(), written.sender_padded),
        receiver: party(name.receiver(), written.receiver_padded),
    }
}

/// Record problems that state one fact of the whole file when they repeat: an item that
/// is not the sender the name gives ([`ProblemKind::SenderMismatch`]), a month that is not
/// the name's ([`ProblemKind::MonthMismatch`]) says the same of every record when the name
/// or the writer is wrong. The first problem of each item and
/// value found is listed; the others are counted, and one [`ProblemKind::NotListed`]
/// problem at the end of the file says how many. Memory is bounded: at most
/// [`Repeats::KEYS`] distinct items and values are remembered; past them every such
/// problem is listed.
#[derive(Debug, Default)]
pub(crate) struct Repeats {
    /// Each (kind, item No., found) listed, with how many more were counted.
    seen: Vec<(RepeatKey, u64)>,
    /// Those known to have been listed before the records folded here (by the folding of
    /// the records before them, for a part of a file folded on its own: see
    /// [`Repeats::knowing`]): counted, not listed again.
    known: Vec<RepeatKey>,
    /// Passes every problem: the reader of a part of a file leaves the folding to the
    /// caller, which sees the whole file ([`crate::parallel`]).
    off: bool,
    /// The first of them: where the first problem not listed was.
    first: Option<Problem>,
    counted: Counted,
}

/// Problems counted and not listed, by severity.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Counted {
    pub(crate) errors: u64,
    pub(crate) warnings: u64,
}

impl Counted {
    pub(crate) fn total(self) -> u64 {
        self.errors + self.warnings
    }
}

/// What [`Repeats`] tells repeated problems by: kind, item No., value found.
pub(crate) type RepeatKey = (ProblemKind, u16, String);

impl Repeats {
    const KEYS: usize = 256;
    const KINDS: [ProblemKind; 2] = [ProblemKind::SenderMismatch, ProblemKind::MonthMismatch];

    /// A folding of records that follow records whose folding listed `known` (some of
    /// what it listed): the problems of those are counted here, as one folding of all
    /// the records counts them, so that the two join ([`Repeats::joins`]) although the
    /// same fact is found on both sides.
    pub(crate) fn knowing(known: Vec<RepeatKey>) -> Repeats {
        Repeats {
            known,
            ..Repeats::default()
        }
    }

    /// What this folding listed.
    pub(crate) fn listed(&self) -> impl ExactSizeIterator<Item = &RepeatKey> {
        self.seen.iter().map(|(k, _)| k)
    }

    /// Keeps the first problem of each (kind, item, value) of [`Repeats::KINDS`] in
    /// `problems`, and counts the others instead.
    pub(crate) fn filter(&mut self, problems: &mut Vec<Problem>) {
        if self.off || !problems.iter().any(|p| Repeats::KINDS.contains(&p.kind)) {
            return;
        }
        problems.retain(|p| {
            if !Repeats::KINDS.contains(&p.kind) {
                return true;
            }
            let key = (
                p.kind,
                p.location.item.map_or(0, |i| i.no),
                p.found.clone().unwrap_or_default(),
            );
            let seen = match self.seen.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => {
                    *n += 1;
                    true
                }
                None => self.known.contains(&key),
            };
            match seen {
                true => {
                    match p.severity {
                        Severity::Error => self.counted.errors += 1,
                        Severity::Warning => self.counted.warnings += 1,
                    }
                    if self.first.is_none() {
                        self.first = Some(p.clone());
                    }
                    false
                }
                false => {
                    if self.seen.len() + self.known.len() < Repeats::KEYS {
                        self.seen.push((key, 0));
                    }
                    true
                }
            }
        });
    }

    /// Whether the folding of the records that follow those `self` folded, made from
    /// nothing as `self` was (knowing some of what `self` listed), kept and counted every
    /// problem as one folding of all the records would have: no (kind, item, value) that
    /// `later` listed listed by `self`, all it knew listed by `self`, and no more than
    /// [`Repeats::KEYS`] between them.
    pub(crate) fn joins(&self, later: &Repeats) -> bool {
        let listed = |key: &RepeatKey| self.seen.iter().any(|(s, _)| s == key);
        self.off == later.off
            && self.known.is_empty()
            && self.seen.len() + later.seen.len() <= Repeats::KEYS
            && later.known.iter().all(listed)
            && !later.seen.iter().any(|(k, _)| listed(k))
    }

    /// Takes in `later`, once it is known to [`join`](Repeats::joins).
    pub(crate) fn absorb(&mut self, later: Repeats) {
        self.seen.extend(later.seen);
        if self.first.is_none() {
            self.first = later.first;
        }
        self.counted.errors += later.counted.errors;
        self.counted.warnings += later.counted.warnings;
    }

    /// The [`ProblemKind::NotListed`] problem of the file, if problems were counted, and
    /// the counts.
    pub(crate) fn finish(
        &mut self,
        file: &str,
        kind: Option<FileKind>,
    ) -> (Option<Problem>, Counted) {
        let counted = std::mem::take(&mut self.counted);
        let Some(first) = self.first.take() else {
            return (None, counted);
        };
        let mut p = Problem::new(ProblemKind::NotListed, first.severity)
            .in_file(file)
            .found(counted.total().to_string())
            .expected(first.kind.code());
        if let Some(kind) = kind {
            p = p.in_kind(kind);
        }
        if let Some(item) = first.location.item {
            p = p.item(item);
        }
        (Some(p), counted)
    }
}

/// The record being read, shared with the typed record made of it (as its origin) instead
/// of copied, and read into again once no typed record holds it.
///
/// A caller that drops each record before reading the next (the usual loop) has every
/// record read into the same buffers. One that keeps records makes the reader take another
/// record each time: one of the last few it handed out that is no longer held, or a new one.
#[derive(Debug, Default)]
pub(crate) struct SharedRecord {
    current: Arc<RawRecord>,
    /// Records handed out before the current one, perhaps still held, the oldest first (at
    /// most [`SharedRecord::KEPT`], or `keep`).
    handed_out: VecDeque<Arc<RawRecord>>,
    /// How many records handed out are kept to be read into again, when more than
    /// [`SharedRecord::KEPT`]: the reader of a part of a file hands out the records of a
    /// whole part before the caller lets them go (see [`crate::parallel`]).
    keep: usize,
}

impl SharedRecord {
    /// How many records handed out are looked at again for one no longer held.
    const KEPT: usize = 4;

    /// Records to read into that keep up to `keep` records handed out, to read into again
    /// once they are let go.
    pub(crate) fn keeping(keep: usize) -> SharedRecord {
        SharedRecord {
            keep,
            ..SharedRecord::default()
        }
    }

    /// The record to read into: the current one, unless a typed record still holds it.
    #[inline]
    fn unique(&mut self) -> &mut RawRecord {
        if Arc::get_mut(&mut self.current).is_none() {
            self.another();
        }
        // Unique unless no record was free: then a copy (sized like the record held, so
        // that reading into it does not grow it step by step) becomes the current one.
        Arc::make_mut(&mut self.current)
    }

    /// Makes another record the current one, as a typed record still holds it: one of the
    /// records handed out that is no longer held, if any.
    #[cold]
    #[inline(never)]
    fn another(&mut self) {
        // Records are mostly let go in the order they were handed out: the oldest are
        // looked at.
        let free = self
            .handed_out
            .iter_mut()
            .take(Self::KEPT)
            .position(|r| Arc::get_mut(r).is_some());
        let held = match free.and_then(|i| self.handed_out.remove(i)) {
            Some(next) => std::mem::replace(&mut self.current, next),
            None => Arc::clone(&self.current),
        };
        if self.handed_out.len() >= self.keep.max(Self::KEPT) {
            self.handed_out.pop_front();
        }
        self.handed_out.push_back(held);
    }

    /// The record read.
    fn get(&self) -> &RawRecord {
        &self.current
    }

    /// The record read, taken out (it is kept raw: no typed record holds it).
    fn take(&mut self) -> RawRecord {
        std::mem::take(Arc::make_mut(&mut self.current))
    }
}

/// The distinct users of a file (保険者番号 + 被保険者番号), for [`Summary::users`].
///
/// The usual numbers — six digits, and ten digits or `H` + nine digits — are packed into one
/// `u64` (8 bytes a user, nothing allocated per record); any other texts are kept as text.
/// A pair always takes the same form, so the count is exact — up to [`Users::TRACKED`]
/// users. Beyond that, so that memory does not grow with the file, a user is counted each
/// time the records move on to a user not among those tracked (exact when each user's
/// records follow one another, as the standard's 出力単位 has them: one record set per
/// user), and [`Summary::users_exact`] says so.
#[derive(Debug, Default)]
pub(crate) struct Users {
    /// Hashed with foldhash (a few instructions for a `u64`), seeded at random for each set
    /// (minimally resistant to keys chosen to collide).
    packed: foldhash::HashSet<u64>,
    other: HashSet<String>,
    /// The previous record's key: a user's records usually follow one another.
    last: Option<UserKey>,
    /// Users counted by runs once the sets are full.
    beyond: u64,
}

/// A user (保険者番号 + 被保険者番号) as [`Users`] tells them apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UserKey {
    Packed(u64),
    Other(String),
}

impl UserKey {
    /// The user of the texts of items No.2 and No.3.
    pub(crate) fn of(insurer: &str, insured: &str) -> UserKey {
        match pack_user(insurer, insured) {
            Some(k) => UserKey::Packed(k),
            // Length-prefixed, so no two pairs give the same text.
            None => UserKey::Other(format!("{}:{insurer}{insured}", insurer.len())),
        }
    }
}

impl Users {
    /// How many users are tracked exactly (about 300 KiB).
    const TRACKED: usize = 16_384;

    #[cfg(test)]
    fn insert(&mut self, insurer: &str, insured: &str) {
        self.insert_key(UserKey::of(insurer, insured));
    }

    /// Counts `key`'s user. The usual record, of the user of the record before, costs a
    /// comparison here; a change of user goes on to [`Users::insert_new`].
    #[inline(always)]
    pub(crate) fn insert_key(&mut self, key: UserKey) {
        if self.last.as_ref() == Some(&key) {
            return;
        }
        self.insert_new(key);
    }

    #[inline(never)]
    fn insert_new(&mut self, key: UserKey) {
        let known = match &key {
            UserKey::Packed(k) => self.packed.contains(k),
            UserKey::Other(k) => self.other.contains(k),
        };
        if !known {
            if self.packed.len() + self.other.len() < Self::TRACKED {
                match &key {
                    UserKey::Packed(k) => {
                        self.packed.insert(*k);
                    }
                    UserKey::Other(k) => {
                        self.other.insert(k.clone());
                    }
                }
            } else {
                self.beyond += 1;
            }
        }
        self.last = Some(key);
    }

    pub(crate) fn len(&self) -> u64 {
        (self.packed.len() + self.other.len()) as u64 + self.beyond
    }

    pub(crate) fn exact(&self) -> bool {
        self.beyond == 0
    }
}

/// `insurer` (6 digits) and `insured` (10 digits, or `H` + 9 digits) packed into 55 bits:
/// insurer · 2^35 + H · 2^34 + digits. `None` for any other form.
fn pack_user(insurer: &str, insured: &str) -> Option<u64> {
    fn digits(bytes: &[u8]) -> Option<u64> {
        bytes.iter().try_fold(0u64, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
        })
    }
    let insurer = match insurer.as_bytes() {
        b if b.len() == 6 => digits(b)?,
        _ => return None,
    };
    let (h, number) = match insured.as_bytes() {
        [b'H', rest @ ..] if rest.len() == 9 => (1, digits(rest)?),
        b if b.len() == 10 => (0, digits(b)?),
        _ => return None,
    };
    Some(insurer << 35 | h << 34 | number)
}

/// The numbers `pack_user` packs, parsed: the same key as `pack_user` of their texts.
fn pack_numbers(insurer: InsurerNumber, insured: InsuredNumber) -> u64 {
    u64::from(insurer.value()) << 35 | u64::from(insured.is_seiho()) << 34 | insured.digits()
}

/// The records of a [`FileReader`] as [`AnyRecord`]s.
#[derive(Debug)]
pub struct Records<'r, R> {
    rdr: &'r mut FileReader<R>,
}

impl<R: Read> Iterator for Records<'_, R> {
    type Item = Result<Parsed<AnyRecord>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.rdr.next_record() {
            Ok(Some(p)) => Some(Ok(p)),
            Ok(None) => None,
            Err(e) => {
                self.rdr.finished = true;
                Some(Err(e))
            }
        }
    }
}

/// The records of a [`FileReader`] as typed records `T`.
#[derive(Debug)]
pub struct TypedRecords<'r, R, T> {
    rdr: &'r mut FileReader<R>,
    _t: std::marker::PhantomData<T>,
}

impl<R: Read, T: TypedRecord + TryFrom<AnyRecord, Error = AnyRecord>> Iterator
    for TypedRecords<'_, R, T>
{
    type Item = Result<Parsed<T>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.rdr.next_record() {
            Ok(Some(p)) => Some(Ok(p.map(T::try_from, AnyRecord::to_raw))),
            Ok(None) => None,
            Err(e) => {
                self.rdr.finished = true;
                Some(Err(e))
            }
        }
    }
}

/// Options for a [`FileWriter`].
#[derive(Clone, Debug, Default)]
pub struct FileWriterBuilder {
    substitutions: Option<Substitutions>,
    final_line_break: Option<bool>,
    max_record_bytes: Option<usize>,
}

impl FileWriterBuilder {
    /// The standard's form.
    pub fn new() -> FileWriterBuilder {
        FileWriterBuilder::default()
    }

    /// Substitutions for characters MS932 cannot hold (see [`WriterBuilder::substitutions`]).
    pub fn substitutions(&mut self, s: Substitutions) -> &mut FileWriterBuilder {
        self.substitutions = Some(s);
        self
    }

    /// Whether the last record ends with CRLF (default yes).
    pub fn final_line_break(&mut self, yes: bool) -> &mut FileWriterBuilder {
        self.final_line_break = Some(yes);
        self
    }

    /// The largest record written, in bytes: the limit of the reader that will read the
    /// file (default the reader's, 16 MiB; see [`FileReaderBuilder::max_record_bytes`]). A
    /// larger record is refused, naming its largest item.
    pub fn max_record_bytes(&mut self, limit: usize) -> &mut FileWriterBuilder {
        self.max_record_bytes = Some(limit);
        self
    }

    /// Starts the file `name` in `dir`, written under a temporary name
    /// ([`PendingFile`]): it takes its name on [`FileWriter::commit`], and a writer dropped
    /// without it (a record refused, an error) leaves no file.
    pub fn create(
        &self,
        dir: impl AsRef<Path>,
        name: &FileName,
    ) -> Result<FileWriter<PendingFile>, Error> {
        let file_name = name.to_string();
        let path = dir.as_ref().join(&file_name);
        let f = PendingFile::create(&path)
            .map_err(|e| Error::from(e).in_file(Some(file_name.clone())))?;
        Ok(self.to_writer(f, name.kind(), &file_name))
    }

    /// A writer of a file of `kind` named `name` into `w`.
    pub fn to_writer<W: Write>(&self, w: W, kind: FileKind, name: &str) -> FileWriter<W> {
        let mut wb = WriterBuilder::new();
        wb.file_name(name);
        if let Some(s) = &self.substitutions {
            wb.substitutions(s.clone());
        }
        if let Some(f) = self.final_line_break {
            wb.final_line_break(f);
        }
        let mut writer = wb.from_writer(w);
        if let Some(limit) = self.max_record_bytes {
            writer.set_max_record_bytes(limit);
        }
        FileWriter {
            writer,
            kind,
            name: name.to_string(),
            layout: None,
            version: None,
            scratch: Vec::new(),
            problems: Vec::new(),
            unknown_versions: Vec::new(),
        }
    }
}

/// A writer of one file of the standard: free text quoted as the layout says, CRLF, MS932,
/// unchanged values written with the bytes they were read with.
///
/// ```
/// use careplan_csv::{FileReaderBuilder, FileWriterBuilder};
/// use careplan_model::FileKind;
/// let data = b"202407,131001,0000012345,20250320,202504,1310000001,\"Yamada\",250,,\
///              20250401,,1000,1100,1,111111,,,\"\",,1310000002,\"A\",,0,1310000001,\r\n";
/// let name = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
/// let mut rdr = FileReaderBuilder::new().from_reader(&data[..], name);
/// let mut w = FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsagePlan, name);
/// for rec in rdr.records() {
///     if let Some(r) = rec.unwrap().typed() {
///         w.write_any(r).unwrap();
///     }
/// }
/// let (bytes, problems) = w.finish().unwrap();
/// assert_eq!(bytes, data);
/// assert!(problems.is_empty());
/// ```
///
/// Typed records ([`write`](FileWriter::write), [`write_any`](FileWriter::write_any)) are
/// refused, with an error and nothing written, when their CSVバージョン is not a version of
/// the standard or differs from the file's first record's:
///
/// ```
/// use careplan_csv::{ErrorKind, FileWriterBuilder};
/// use careplan_model::table6::Table6Record;
/// use careplan_model::{FileKind, RawRecord, TypedRecord};
/// let raw = RawRecord::from_texts([
///     "202407", "131001", "0000012345", "20250320", "202504", "1310000001", "Yamada", "250", "",
///     "20250401", "", "1000", "1100", "1", "111111", "", "", "", "", "1310000002", "A", "", "0",
///     "1310000001", "",
/// ]);
/// let mut rec = Table6Record::from_raw(&raw).unwrap();
/// rec.version = "202410".parse().unwrap(); // the 4.1 publication month, not a version
/// let name = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
/// let mut w = FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsagePlan, name);
/// let err = w.write(&rec).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::UnknownVersion { .. }));
/// assert!(err.message_ja().contains("1件目: No.1 CSVバージョン 202410"));
/// ```
///
/// A raw record ([`write_raw`](FileWriter::write_raw)) is written as it is given, since that
/// is how a record that failed validation is passed on; what keeps it from the standard's
/// form (its version, its number of items) is reported among [`finish`](FileWriter::finish)'s
/// problems. Only a record that would vanish (no items, or one empty item: a blank line) is
/// refused.
#[derive(Debug)]
pub struct FileWriter<W: Write> {
    writer: Writer<W>,
    kind: FileKind,
    name: String,
    /// The layout of the file's first record, which quotes the file.
    layout: Option<&'static Layout>,
    /// The CSVバージョン of the file's first record.
    version: Option<CsvVersion>,
    /// A reused buffer for the text of a typed record's values.
    scratch: Vec<u8>,
    /// What kept raw records written from the standard's form.
    problems: Vec<Problem>,
    /// Each unknown CSVバージョン of raw records written: the index of its problem (said
    /// once, at its first record) and how many records hold it.
    unknown_versions: Vec<(usize, u64)>,
}

impl<W: Write> FileWriter<W> {
    /// Writes a typed record; refuses one whose version is unknown or not the file's (see
    /// [`FileWriter`]).
    pub fn write<T: TypedRecord>(&mut self, record: &T) -> Result<(), Error> {
        self.admit_version(record.version())?;
        if self.layout.is_none() {
            // The first record chooses the layout the file is quoted by.
            return self.write_record(&record.to_raw());
        }
        // The fields `to_raw` would hold, encoded as they come.
        self.writer.begin_record(SourceEncoding::None);
        record.write_items(self.writer.fields(), &mut self.scratch);
        let written = self.writer.end_record();
        written.map_err(|e| e.with_item_name(self.layout))
    }

    /// Writes a record of any kind; refuses one whose version is unknown or not the file's
    /// (see [`FileWriter`]).
    pub fn write_any(&mut self, record: &AnyRecord) -> Result<(), Error> {
        // Each kind through its own items, as `write` does: no `RawRecord` in between.
        match record {
            AnyRecord::Hosoku(r) => self.write(&**r),
            AnyRecord::Table6(r) => self.write(r),
            AnyRecord::Table7(r) => self.write(r),
            AnyRecord::UsagePlanDelete(r) => self.write(r),
            AnyRecord::UsageResultDelete(r) => self.write(r),
            AnyRecord::Plan1(r) => self.write(r),
            AnyRecord::Plan1Delete(r) => self.write(r),
            AnyRecord::Plan2(r) => self.write(r),
            AnyRecord::Plan3(r) => self.write(r),
            AnyRecord::YoboKihon(r) => self.write(&**r),
            AnyRecord::YoboKihonSub1(r) => self.write(r),
            AnyRecord::YoboKihonSub2(r) => self.write(r),
            AnyRecord::YoboKihonDelete(r) => self.write(r),
            AnyRecord::YoboPlan(r) => self.write(&**r),
            AnyRecord::YoboPlanSub(r) => self.write(r),
            AnyRecord::YoboPlanDelete(r) => self.write(r),
            other => {
                self.admit_version(other.version())?;
                self.write_record(&other.to_raw())
            }
        }
    }

    /// Writes a raw record as it is given, quoted as the layout of its version says; what
    /// keeps it from the standard's form is reported by [`finish`](FileWriter::finish).
    /// Refuses a record without items or of one empty item, which would be a blank line.
    pub fn write_raw(&mut self, record: &RawRecord) -> Result<(), Error> {
        self.refuse_blank(record)?;
        let number = self.next_record();
        let version = record.text(0).unwrap_or_default();
        match version.parse::<CsvVersion>() {
            Ok(v) if v.is_known() => match self.version {
                Some(first) if first != v => self.report(
                    Problem::error(ProblemKind::MixedVersions)
                        .expected(first.to_string())
                        .found(version),
                    number,
                    1,
                ),
                Some(_) => {}
                None => self.version = Some(v),
            },
            _ => {
                // A fact of the file, said once per value with its count (issue 13 §3).
                let problems = &self.problems;
                let seen = self.unknown_versions.iter_mut().find(|(at, _)| {
                    problems.get(*at).and_then(|p| p.found.as_deref()) == Some(version)
                });
                match seen {
                    Some((_, n)) => *n += 1,
                    None => {
                        self.unknown_versions.push((self.problems.len(), 1));
                        self.report(
                            Problem::error(ProblemKind::UnknownVersion)
                                .expected(CsvVersion::KNOWN_LIST)
                                .found(version),
                            number,
                            1,
                        );
                    }
                }
            }
        }
        // The record's own layout, else the file's, says how many items it has.
        let own = Layout::for_record(self.kind, record);
        if let Some(l) = own.or(self.layout) {
            if record.len() != l.len() {
                let p = Problem::error(ProblemKind::FieldCount)
                    .expected(l.len().to_string())
                    .found(record.len().to_string());
                self.report(p, number, 0);
            }
        }
        let other_layout = matches!((self.layout, own), (Some(a), Some(b)) if !std::ptr::eq(a, b));
        if other_layout {
            // A record of another layout (a version the file does not hold, reported
            // above) is quoted as its own layout says.
            self.writer.set_quoting(own.map(quoting));
            self.writer.set_admit(own.map(Admit::of_layout));
            let written = self.write_record(record);
            self.writer.set_quoting(self.layout.map(quoting));
            self.writer.set_admit(self.layout.map(Admit::of_layout));
            return written;
        }
        self.write_record(record)
    }

    /// Writes `record` (not blank: a typed record's items, or a raw record
    /// [`write_raw`](FileWriter::write_raw) checked), choosing the file's layout by it when
    /// it is the first.
    fn write_record(&mut self, record: &RawRecord) -> Result<(), Error> {
        if self.layout.is_none() {
            self.layout = Layout::for_record(self.kind, record);
            self.writer.set_quoting(self.layout.map(quoting));
            self.writer.set_admit(self.layout.map(Admit::of_layout));
        }
        let written = self.writer.write_record(record);
        written.map_err(|e| e.with_item_name(self.layout))
    }

    /// Refuses a record that would be written as a blank line: no items, or one empty item.
    fn refuse_blank(&self, record: &RawRecord) -> Result<(), Error> {
        if record.is_empty() || (record.len() == 1 && record.text(0) == Some("")) {
            return Err(Error::new(ErrorKind::EmptyRecord)
                .at(Position::new(0, 0, self.next_record()))
                .in_file(Some(self.name.clone())));
        }
        Ok(())
    }

    /// Accepts a typed record's version: a version of the standard, the same as the file's
    /// first record's.
    #[inline]
    fn admit_version(&mut self, version: CsvVersion) -> Result<(), Error> {
        if self.version == Some(version) {
            // The usual record: the file's version, known since the first record.
            return Ok(());
        }
        let refused = if !version.is_known() {
            ErrorKind::UnknownVersion {
                found: version.to_string(),
            }
        } else {
            match self.version {
                Some(first) if first != version => ErrorKind::MixedVersions {
                    first: first.to_string(),
                    found: version.to_string(),
                },
                Some(_) => return Ok(()),
                None => {
                    self.version = Some(version);
                    return Ok(());
                }
            }
        };
        Err(Error::new(refused)
            .at(Position::new(0, 0, self.next_record()))
            .in_file(Some(self.name.clone())))
    }

    /// The number of the record about to be written.
    fn next_record(&self) -> u64 {
        self.writer.records_written() + 1
    }

    /// Keeps a problem of the raw record `record` (at item No. `no`, or the record when 0).
    fn report(&mut self, mut p: Problem, record: u64, no: u16) {
        p.location.record = Some(record);
        if no > 0 {
            p.location.item = Some(ItemRef { no, name: "" });
        }
        self.problems.push(p.in_file(self.name.clone()));
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The underlying writer (`None` once it was lost to an error of its own).
    pub(crate) fn get_mut(&mut self) -> Option<&mut W> {
        self.writer.get_mut()
    }

    /// Whether the file's first record has chosen its layout and CSVバージョン: from then
    /// on, what the writer makes of a record depends on nothing but them (and the problems
    /// already said), so that the records that follow may be written by
    /// [`continued`](FileWriter::continued) writers.
    pub(crate) fn settled(&self) -> bool {
        self.layout.is_some() && self.version.is_some()
    }

    /// A writer into `w` of records that follow what this one wrote, with this one's
    /// options, layout and CSVバージョン, that has written nothing: its records are
    /// numbered from 1 and its problems said for itself, until
    /// [`absorb`](FileWriter::absorb) takes them after this one's.
    pub(crate) fn continued<V: Write>(&self, w: V) -> FileWriter<V> {
        FileWriter {
            writer: self.writer.continued(w),
            kind: self.kind,
            name: self.name.clone(),
            layout: self.layout,
            version: self.version,
            scratch: Vec::new(),
            problems: Vec::new(),
            unknown_versions: Vec::new(),
        }
    }

    /// How many records it has written.
    pub(crate) fn records_written(&self) -> u64 {
        self.writer.records_written()
    }

    /// Whether it has written a line (a record or a header line): a line it writes next
    /// starts with a line break, when line breaks come before lines.
    pub(crate) fn has_lines(&self) -> bool {
        self.writer.has_lines()
    }

    /// Takes what `later`, a [`continued`](FileWriter::continued) writer of the records
    /// that follow this one's, wrote: its count of records, and its problems, numbered
    /// after this one's records, an unknown CSVバージョン this one has said already counted
    /// with it (said once per file, issue 13 §3). Returns `later`'s underlying writer
    /// (with the bytes it was given); the line break between this one's lines and
    /// `later`'s, if line breaks come before lines, is the caller's to write.
    pub(crate) fn absorb<V: Write>(&mut self, later: FileWriter<V>) -> Option<V> {
        let offset = self.writer.records_written();
        let theirs = later.unknown_versions;
        for (i, mut p) in later.problems.into_iter().enumerate() {
            if let Some(record) = &mut p.location.record {
                *record += offset;
            }
            if let Some(&(_, n)) = theirs.iter().find(|(at, _)| *at == i) {
                let problems = &self.problems;
                let mine = self.unknown_versions.iter_mut().find(|(at, _)| {
                    problems.get(*at).and_then(|q| q.found.as_deref()) == p.found.as_deref()
                });
                if let Some((_, count)) = mine {
                    *count += n;
                    continue;
                }
                self.unknown_versions.push((self.problems.len(), n));
            }
            self.problems.push(p);
        }
        self.writer.absorb(later.writer)
    }

    /// Writes the header line a file had (see [`FileReader::header`]) before its records,
    /// as it was read, so that a rewrite keeps every line; it is not a record.
    pub fn write_header(&mut self, header: &RawRecord) -> Result<(), Error> {
        self.writer.write_header(header)
    }

    /// Flushes and returns the underlying writer and the problems of what was written: the
    /// substitutions made (warnings) and what kept raw records from the standard's form
    /// (errors), each naming the record and item, in the order of the records.
    pub fn finish(mut self) -> Result<(W, Vec<Problem>), Error> {
        for (at, n) in std::mem::take(&mut self.unknown_versions) {
            if let Some(p) = self.problems.get_mut(at).filter(|_| n > 1) {
                *p = std::mem::replace(p, Problem::error(ProblemKind::UnknownVersion)).count(n);
            }
        }
        let mut problems = self.writer.take_problems();
        problems.append(&mut self.problems);
        problems.sort_by_key(|p| p.location.record);
        for p in &mut problems {
            p.location.kind = Some(self.kind);
            if let (Some(item), Some(layout)) = (&mut p.location.item, self.layout) {
                if let Some(it) = layout.item(item.no) {
                    item.name = it.name;
                }
            }
        }
        Ok((self.writer.into_inner()?, problems))
    }
}

impl FileWriter<PendingFile> {
    /// Finishes the file and gives it its name (see [`FileWriterBuilder::create`]): the
    /// problems of what was written, as [`finish`](FileWriter::finish) returns them.
    ///
    /// ```
    /// use careplan_csv::{FileName, FileReaderBuilder, FileWriterBuilder};
    /// let dir = std::env::temp_dir().join(format!("careplan-commit-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let name: FileName = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV".parse().unwrap();
    /// let data = b"202407,131001,0000012345,202504\r\n";
    /// let mut rdr = FileReaderBuilder::new().from_reader(&data[..], &name.to_string());
    /// let mut w = FileWriterBuilder::new().create(&dir, &name)?;
    /// for r in rdr.records() {
    ///     w.write_any(r?.typed().unwrap())?;
    /// }
    /// assert!(!dir.join(name.to_string()).exists());
    /// w.commit()?;
    /// assert_eq!(std::fs::read(dir.join(name.to_string())).unwrap(), data);
    /// std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), careplan_csv::Error>(())
    /// ```
    pub fn commit(self) -> Result<Vec<Problem>, Error> {
        let name = self.name.clone();
        let (file, problems) = self.finish()?;
        file.commit()
            .map_err(|e| Error::from(e).in_file(Some(name)))?;
        Ok(problems)
    }
}

/// Which items of `layout` are free text, quoted.
fn quoting(layout: &Layout) -> Vec<bool> {
    layout.items.iter().map(|i| i.is_text()).collect()
}

#[cfg(test)]
mod writer_tests {
    use careplan_model::table6::Table6Record;
    use careplan_model::table7::Table7Record;
    use careplan_model::Origin;

    use super::*;

    const UPPLAN: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
    const UPSIKYU: &str = "UPSIKYU_202504_1310000001_43_1310000002_11_20250401093000.CSV";

    /// What writing `records` gives: the bytes, the problems and the refused records' errors,
    /// written with [`FileWriter::write`] (`direct`) or through each record's `to_raw`.
    fn written<T: TypedRecord>(
        kind: FileKind,
        name: &str,
        records: &[T],
        subs: &Substitutions,
        direct: bool,
    ) -> (Vec<u8>, String, Vec<String>) {
        let mut b = FileWriterBuilder::new();
        b.substitutions(subs.clone());
        let mut w = b.to_writer(Vec::new(), kind, name);
        let mut errors = Vec::new();
        for r in records {
            let res = match direct {
                true => w.write(r),
                false => w.write_raw(&r.to_raw()),
            };
            if let Err(e) = res {
                errors.push(format!("{e} {e:?}"));
            }
        }
        let (bytes, problems) = w.finish().unwrap();
        (bytes, format!("{problems:?}"), errors)
    }

    /// Records read from `data` (lenient), typed.
    fn read<T: TypedRecord + TryFrom<AnyRecord, Error = AnyRecord>>(
        data: &[u8],
        name: &str,
    ) -> Vec<T> {
        let mut rdr = FileReaderBuilder::new()
            .mode(Mode::Lenient)
            .from_reader(data, name);
        let typed = rdr.typed::<T>().unwrap();
        typed
            .map(|p| p.unwrap().typed().cloned().expect("typed"))
            .collect()
    }

    /// The records read, the same records changed (some of them built in memory), and
    /// both in one file.
    fn variants<T: TypedRecord>(records: Vec<T>, change: impl Fn(&mut T, usize)) -> Vec<Vec<T>> {
        let mut changed = records.clone();
        for (i, r) in changed.iter_mut().enumerate() {
            change(r, i);
        }
        let mut mixed = records.clone();
        mixed.extend(changed.iter().cloned());
        vec![records, changed, mixed]
    }

    #[test]
    fn typed_records_are_written_as_their_raw_records_are() {
        // 4.x and 3.x 第6表 lines: duplicate pairs (0xED40 纊, 0x8790 ≒), `""` and empty
        // free text, `01` for 1, quotes and commas, half-width kana.
        let v4 = |count: &str, name: &[u8], provider: &[u8]| {
            let mut l = b"202407,131001,0000012345,20250320,202504,1310000001,".to_vec();
            l.extend_from_slice(name);
            l.extend_from_slice(b",250,,20250401,,1000,1100,");
            l.extend_from_slice(count.as_bytes());
            l.extend_from_slice(b",171001,00001-000010,,\"\",,1310000002,");
            l.extend_from_slice(provider);
            l.extend_from_slice(b",,0,1310000001,\r\n");
            l
        };
        let v3 = b"202208,131001,0000012345,20250320,202504,1310000001,\"\x8E\x52\",250,,\
                   20250401,,9999,9999,1,111111,,1310000002,\"\xB1\",,0,1310000001,\r\n"
            .to_vec();
        let data4 = [
            v4("1", b"\"\xED\x40\x87\x90\"", b"\"A \"\"B\"\", C\""),
            v4("01", b"\"\"", b"\"\xB1\xB2\xED\x40\""),
            v4("2", b"", b"\"\x8E\x52\x87\x90\x93\x63\""),
            v4("3", b"\"\x87\x90\"", b"\"\""),
        ]
        .concat();
        let subs_tables = [
            Substitutions::standard(),
            Substitutions::none(),
            Substitutions::standard().with('髙', "高"),
        ];
        let names = ["山田 花子", "1〜2", "a\"b", "", "纊≒", "ｱ😀", "髙橋"];
        for data in [data4, v3] {
            let read: Vec<Table6Record> = read(&data, UPPLAN);
            assert!(!read.is_empty());
            let change = |r: &mut Table6Record, i: usize| {
                r.care_manager = names[i % names.len()].to_string();
                r.count += 1;
                if i.is_multiple_of(2) {
                    r.provider_name = names[(i + 3) % names.len()].to_string();
                    r.origin = Origin::none();
                }
            };
            for (round, records) in variants(read, change).into_iter().enumerate() {
                for subs in &subs_tables {
                    let direct = written(FileKind::UsagePlan, UPPLAN, &records, subs, true);
                    let raw = written(FileKind::UsagePlan, UPPLAN, &records, subs, false);
                    assert_eq!(direct, raw, "round {round}");
                    if round == 0 && subs == &Substitutions::standard() {
                        assert_eq!(direct.0, data, "a rewrite is byte-exact");
                    }
                }
            }
        }

        // 第7表: 37 items, free text with a comma and quotes.
        let row = b"202407,131001,0000012345,20250320,202504,\"\x8E\x96\x8B\xC6\x8F\x8A, \"\"A\"\"\",\
                    1310000002,,111111,,,,250,,,4,1000,1000,,,,,,,,,,,,,,,0,9999999999,,1310000001,\r\n";
        let read: Vec<Table7Record> = read(row, UPSIKYU);
        assert_eq!(read.len(), 1);
        let change = |r: &mut Table7Record, i: usize| {
            r.provider_name = names[i % names.len()].to_string();
            r.origin = Origin::none();
        };
        for records in variants(read, change) {
            for subs in &subs_tables {
                let direct = written(FileKind::UsageSummary, UPSIKYU, &records, subs, true);
                let raw = written(FileKind::UsageSummary, UPSIKYU, &records, subs, false);
                assert_eq!(direct, raw);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DLTPLAN: &str = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

    /// Twelve 第6表予定削除 records, each of its own user.
    fn delete_records() -> Vec<u8> {
        (0..12)
            .flat_map(|i| format!("202407,131001,{i:010},202504\r\n").into_bytes())
            .collect()
    }

    fn insured(record: &AnyRecord) -> Option<String> {
        record.origin()?.text(2).map(str::to_string)
    }

    #[test]
    fn records_kept_keep_their_origin() {
        let data = delete_records();
        let mut rdr = FileReaderBuilder::new().from_reader(&data[..], DLTPLAN);
        // All kept.
        let all: Vec<_> = rdr.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(all.len(), 12);
        for (i, p) in all.iter().enumerate() {
            let rec = p.typed().unwrap();
            assert_eq!(insured(rec), Some(format!("{i:010}")));
            assert!(rec.origin().unwrap().problems().is_empty());
        }
        // Some kept, some dropped, in several patterns.
        for keep_every in [2, 3, 5] {
            let mut rdr = FileReaderBuilder::new().from_reader(&data[..], DLTPLAN);
            let mut kept = Vec::new();
            let mut i = 0;
            while let Some(p) = rdr.next_record().unwrap() {
                let rec = p.typed().unwrap().clone();
                assert_eq!(insured(&rec), Some(format!("{i:010}")));
                if i % keep_every == 0 {
                    kept.push((i, rec));
                }
                i += 1;
            }
            for (i, rec) in &kept {
                assert_eq!(insured(rec), Some(format!("{i:010}")), "{keep_every}");
            }
        }
    }

    #[test]
    fn every_record_of_another_version_is_reported() {
        let versions = [
            "202407", "202407", "202504", "202504", "202407", "202208", "202504",
        ];
        let data: Vec<u8> = versions
            .iter()
            .flat_map(|v| format!("{v},131001,0000012345,202504\r\n").into_bytes())
            .collect();
        let mut rdr = FileReaderBuilder::new().from_reader(&data[..], DLTPLAN);
        let mixed: Vec<bool> = rdr
            .records()
            .map(|p| {
                p.unwrap()
                    .problems()
                    .iter()
                    .any(|p| p.kind == ProblemKind::MixedVersions)
            })
            .collect();
        let expected: Vec<bool> = versions.iter().map(|v| *v != versions[0]).collect();
        assert_eq!(mixed, expected);
        assert_eq!(rdr.summary().version, versions[0].parse().ok());
    }

    #[test]
    fn records_dropped_before_the_next_share_one_buffer() {
        let data = delete_records();
        let mut rdr = FileReaderBuilder::new().from_reader(&data[..], DLTPLAN);
        let mut addresses = HashSet::new();
        while let Some(p) = rdr.next_record().unwrap() {
            let origin = p.typed().and_then(AnyRecord::origin).unwrap();
            addresses.insert(std::ptr::from_ref(origin) as usize);
        }
        assert_eq!(addresses.len(), 1);
    }

    #[test]
    fn numbers_found_pack_as_their_texts() {
        let mut n = 0;
        for insurer in ["000000", "131016", "999999", "13101", "13101x", "１31016"] {
            for insured in [
                "0000000000",
                "0001000000",
                "H001000000",
                "9999999999",
                "H999999999",
                "h001000000",
                "000100000",
                "HH01000000",
            ] {
                let parsed = insurer
                    .parse::<InsurerNumber>()
                    .ok()
                    .zip(insured.parse().ok());
                if let Some((a, b)) = parsed {
                    assert_eq!(Some(pack_numbers(a, b)), pack_user(insurer, insured));
                    n += 1;
                }
            }
        }
        assert_eq!(n, 15);
    }

    #[test]
    fn user_keys_are_exact() {
        assert_eq!(pack_user("000000", "0000000000"), Some(0));
        let a = pack_user("131016", "0001000000");
        let h = pack_user("131016", "H001000000");
        assert!(a.is_some() && h.is_some() && a != h);
        assert_ne!(
            pack_user("999999", "9999999999"),
            pack_user("999999", "H999999999")
        );
        assert_eq!(pack_user("13101", "0001000000"), None);
        assert_eq!(pack_user("131016", "000100000"), None);
        assert_eq!(pack_user("131016", "h001000000"), None);
        assert_eq!(pack_user("13101x", "0001000000"), None);

        let mut users = Users::default();
        for (a, b) in [
            ("131016", "0001000000"),
            ("131016", "0001000000"),
            ("131024", "0001000000"),
            ("131016", "0001000000"), // again, after another user
            ("131016", "H001000000"),
            ("1310", "16"),
            ("13101", "6"), // the same characters split elsewhere: another pair
            ("1310", "16"),
            ("", ""),
        ] {
            users.insert(a, b);
        }
        assert_eq!(users.len(), 6);
    }
    #[test]
    fn users_beyond_the_tracked_count_are_counted_by_runs() {
        let mut users = Users::default();
        let n = Users::TRACKED + 10;
        for i in 0..n {
            let insured = format!("{i:010}");
            users.insert("131001", &insured);
            users.insert("131001", &insured);
        }
        assert_eq!(users.len(), n as u64);
        assert!(!users.exact());
        // A tracked user coming back is still known; an untracked one counts again.
        users.insert("131001", "0000000000");
        users.insert("131001", &format!("{:010}", n - 1));
        assert_eq!(users.len(), n as u64 + 1);
        assert_eq!(users.packed.len(), Users::TRACKED);
    }
}

#[cfg(test)]
mod writer_checks {
    use careplan_model::table6::Table6Record;

    use super::*;

    const UPPLAN: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
    /// A valid 第6表 record (No.9 empty and written `""`, as some senders do).
    const LINE: &[u8] = b"202407,131001,0000012345,20250320,202504,1310000001,\"Yamada\",250,\"\",\
        20250401,,1000,1100,1,111111,,,\"\",,1310000002,\"A\",,0,1310000001,\r\n";

    fn writer() -> FileWriter<Vec<u8>> {
        FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsagePlan, UPPLAN)
    }

    fn typed(data: &[u8]) -> Vec<AnyRecord> {
        let mut rdr = FileReaderBuilder::new()
            .mode(Mode::Strict)
            .from_reader(data, UPPLAN);
        let mut out = Vec::new();
        for parsed in rdr.records() {
            let parsed = parsed.unwrap();
            assert!(parsed.problems().is_empty(), "{:?}", parsed.problems());
            out.push(parsed.typed().cloned().expect("typed"));
        }
        out
    }

    /// The 第6表 record of `data`'s first line.
    fn table6(data: &[u8]) -> Table6Record {
        match typed(data).swap_remove(0) {
            AnyRecord::Table6(r) => r,
            other => panic!("not a 第6表 record: {other:?}"),
        }
    }

    /// OPEN_QUESTIONS 6: an empty non-text item read as `""` is written back as `""`, by
    /// every way of writing a record read.
    #[test]
    fn an_empty_item_read_quoted_is_rewritten_quoted() {
        let records = typed(LINE);
        let mut w = writer();
        w.write_any(&records[0]).unwrap();
        assert_eq!(w.finish().unwrap().0, LINE);
        let AnyRecord::Table6(r) = &records[0] else {
            panic!("not a 第6表 record")
        };
        let mut w = writer();
        w.write(r).unwrap();
        w.write(r).unwrap();
        assert_eq!(w.finish().unwrap().0, [LINE, LINE].concat());
    }

    /// PITFALLS: writers take only known versions, and one file never mixes versions.
    #[test]
    fn typed_records_of_unknown_or_other_versions_are_refused() {
        let r = &table6(LINE);
        let mut unknown: Table6Record = r.clone();
        unknown.version = "202410".parse().unwrap();
        let mut old = r.clone();
        old.version = "202208".parse().unwrap();
        let mut w = writer();
        let e = w.write(&unknown).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::UnknownVersion { found } if found == "202410"));
        assert_eq!(
            e.to_string(),
            format!("{UPPLAN}: record 1: item No.1 CSVバージョン 202410 is not a version of the standard (201910, 202003, 202208, 202504, 202407), so the record is not written")
        );
        w.write(r).unwrap();
        let e = w.write_any(&AnyRecord::Table6(old)).unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::MixedVersions { first, found } if first == "202407" && found == "202208"
        ));
        assert!(e.message_ja().starts_with(&format!("{UPPLAN} 2件目: No.1 CSVバージョン 202208 がファイルの最初のレコードのバージョン 202407 と違う")), "{}", e.message_ja());
        let (bytes, problems) = w.finish().unwrap();
        assert_eq!(
            bytes, LINE,
            "only the record of the file's version is written"
        );
        assert!(problems.is_empty());
    }

    /// A raw record is written as given, its departures from the standard's form reported;
    /// one of another version is quoted as its own layout says.
    #[test]
    fn raw_records_are_written_and_what_is_not_standard_is_reported() {
        let v3: CsvVersion = "202208".parse().unwrap();
        let old = Layout::for_version(FileKind::UsagePlan, v3).unwrap();
        let current = Layout::for_version(FileKind::UsagePlan, CsvVersion::default()).unwrap();
        assert_ne!(old.len(), current.len());
        let texts = |layout: &Layout, version: &str| {
            let mut r =
                RawRecord::from_texts(
                    (0..layout.len()).map(|i| if i == 0 { version } else { "1" }),
                );
            for (i, item) in layout.items.iter().enumerate() {
                r.set_quoted(i, item.is_text());
            }
            r
        };
        let as_written = |layout: &Layout, version: &str| {
            let fields: Vec<String> = (0..layout.len())
                .map(|i| match (i, layout.items[i].is_text()) {
                    (0, _) => version.to_string(),
                    (_, true) => "\"1\"".to_string(),
                    (_, false) => "1".to_string(),
                })
                .collect();
            format!("{}\r\n", fields.join(","))
        };
        let mut w = writer();
        w.write_raw(&texts(current, "202407")).unwrap();
        w.write_raw(&texts(old, "202208")).unwrap();
        w.write_raw(&RawRecord::from_texts(["202407", "131001"]))
            .unwrap();
        w.write_raw(&texts(current, "2024-7")).unwrap();
        for empty in [RawRecord::new(), RawRecord::from_texts([""])] {
            let e = w.write_raw(&empty).unwrap_err();
            assert!(matches!(e.kind(), ErrorKind::EmptyRecord), "{e}");
            assert!(e.to_string().contains("record 5: "), "{e}");
        }
        let (bytes, problems) = w.finish().unwrap();
        let expected = [
            as_written(current, "202407"),
            as_written(old, "202208"),
            "202407,131001\r\n".to_string(),
            as_written(current, "2024-7"),
        ]
        .concat();
        assert_eq!(String::from_utf8(bytes).unwrap(), expected);
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.kind, p.location.record, p.location.item.map(|i| i.no)))
            .collect();
        assert_eq!(
            found,
            [
                (ProblemKind::MixedVersions, Some(2), Some(1)),
                (ProblemKind::FieldCount, Some(3), None),
                (ProblemKind::UnknownVersion, Some(4), Some(1)),
            ]
        );
        assert!(problems.iter().all(|p| p.is_error()));
        assert_eq!(
            problems[1].to_string(),
            format!("{UPPLAN}: record 3, 第6表: the record has 2 items, expected 25")
        );
        assert!(problems[0]
            .message_ja()
            .starts_with("2件目 第6表 No.1 CSVバージョン: "));
    }

    /// Each substitution says which record it was made in.
    #[test]
    fn substitutions_name_their_record() {
        let r = &table6(LINE);
        let mut wavy = r.clone();
        wavy.care_manager = "x〜y".to_string();
        let mut w = writer();
        w.write(&wavy).unwrap();
        w.write(&wavy).unwrap();
        let (_, problems) = w.finish().unwrap();
        let ja: Vec<String> = problems.iter().map(Problem::message_ja).collect();
        assert_eq!(
            ja,
            [
                "1件目 第6表 No.7 プラン担当者名: 〜 (U+301C) を ～ に置き換えて出力しました",
                "2件目 第6表 No.7 プラン担当者名: 〜 (U+301C) を ～ に置き換えて出力しました"
            ]
        );
        assert!(problems[1]
            .message_en()
            .starts_with("record 2, 第6表 No.7 プラン担当者名: "));
    }

    /// A character MS932 cannot hold names the record and the item, in both languages.
    #[test]
    fn an_unmappable_character_names_the_record_and_the_item() {
        let r = &table6(LINE);
        let mut bad = r.clone();
        bad.care_manager = "x𠮷y".to_string();
        for direct in [true, false] {
            let mut w = writer();
            w.write(r).unwrap();
            let e = match direct {
                true => w.write(&bad),
                false => w.write_any(&AnyRecord::Table6(bad.clone())),
            }
            .unwrap_err();
            assert_eq!(
                e.message_ja(),
                format!("{UPPLAN} 2件目: No.7 プラン担当者名 の 2文字目 𠮷（U+20BB7）は MS932 で表せないため出力できません")
            );
            assert_eq!(
                e.to_string(),
                format!("{UPPLAN}: record 2: item No.7 プラン担当者名: character '𠮷' (U+20BB7) at index 1 cannot be written in MS932")
            );
        }
    }
}
