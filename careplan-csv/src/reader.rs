//! Reading records from the bytes of a file.
//!
//! The tokenizer is `csv-core`, run field by field over the raw bytes: comma, quote, CR and
//! LF never occur inside an MS932 double-byte character, so the bytes can be split before
//! they are decoded. Around it, the reader keeps what `csv-core` does not say: whether each
//! field was quoted, the exact bytes of each value, where each record starts (byte, line,
//! record No.), which line break ended it, and every blank line, header line and stray
//! quote it met — each reported as a [`Problem`], never silently eaten.
//!
//! Memory does not grow with the file: one input buffer, one field buffer and the record
//! being filled are reused for every record.

use std::io::{self, Read};
use std::sync::Mutex;

use careplan_model::__private::same_bytes;
use careplan_model::{
    ItemRef, Location, Mode, Position, Problem, ProblemKind, RawRecord, Severity, SourceEncoding,
};
use csv_core::ReadFieldResult;

use crate::error::{Error, ErrorKind};
use crate::ms932;

/// The default size of the input buffer.
pub(crate) const DEFAULT_CAPACITY: usize = 64 * 1024;
/// The default limit on the bytes of one record.
pub(crate) const DEFAULT_MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;
/// What each field past the first [`FREE_FIELDS`] counts toward the record limit beyond
/// its bytes: about what a field costs in memory besides its text, so that a record of
/// empty fields (a line of commas) is held to the limit's memory too, not to fifty times it.
const FIELD_COST: usize = 48;
/// The fields of a record that count only their bytes: far more than any layout has (71
/// items at most), so that a record of the standard is never refused for its fields.
const FREE_FIELDS: usize = 1024;
/// How many problems of one kind are listed per file before the rest are only counted (and
/// one [`ProblemKind::NotListed`] problem at the end says how many).
pub(crate) const MAX_REPORTS_PER_KIND: usize = 1000;

/// A line break as found in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LineBreak {
    /// `\r\n`, the standard's form.
    CrLf,
    /// `\n` alone.
    Lf,
    /// `\r` alone.
    Cr,
}

impl LineBreak {
    /// `CRLF`, `LF` or `CR`.
    pub fn as_str(self) -> &'static str {
        match self {
            LineBreak::CrLf => "CRLF",
            LineBreak::Lf => "LF",
            LineBreak::Cr => "CR",
        }
    }
}

/// Options for a [`Reader`].
///
/// ```
/// use careplan_csv::ReaderBuilder;
/// use careplan_model::Mode;
/// let data = b"202407,131001,0000012345\r\n";
/// let mut rdr = ReaderBuilder::new().mode(Mode::Strict).file_name("x.CSV").from_reader(&data[..]);
/// let rec = rdr.records().next().unwrap().unwrap();
/// assert_eq!(rec.text(1), Some("131001"));
/// ```
#[derive(Clone, Debug)]
pub struct ReaderBuilder {
    mode: Mode,
    file_name: Option<String>,
    capacity: usize,
    max_record_bytes: usize,
    detect_header: bool,
}

impl Default for ReaderBuilder {
    fn default() -> ReaderBuilder {
        ReaderBuilder::new()
    }
}

impl ReaderBuilder {
    /// Lenient mode, no file name, default buffer and limits.
    pub fn new() -> ReaderBuilder {
        ReaderBuilder {
            mode: Mode::Lenient,
            file_name: None,
            capacity: DEFAULT_CAPACITY,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            detect_header: true,
        }
    }

    /// Strict (the standard to the letter) or lenient (real files, deviations reported).
    pub fn mode(&mut self, mode: Mode) -> &mut ReaderBuilder {
        self.mode = mode;
        self
    }

    /// The file name used in problems and errors.
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut ReaderBuilder {
        self.file_name = Some(name.into());
        self
    }

    /// The size of the input buffer (at least 1 KiB).
    pub fn buffer_capacity(&mut self, capacity: usize) -> &mut ReaderBuilder {
        self.capacity = capacity.max(1024);
        self
    }

    /// The largest record accepted, in bytes; a larger one (typically an unterminated quoted
    /// field swallowing the rest of the file) stops the read with
    /// [`ErrorKind::RecordTooLarge`], named at the line the record starts on. Blank lines
    /// between records are not part of a record and never count toward it. Each field past
    /// the 1024th (no layout has more than 71 items) counts 48 bytes more than its own
    /// (what it costs in memory), so a record's memory is bounded by the limit whatever its
    /// form. Default 16 MiB.
    pub fn max_record_bytes(&mut self, limit: usize) -> &mut ReaderBuilder {
        self.max_record_bytes = limit.max(64);
        self
    }

    /// Whether a first line that looks like a header is reported as one (default `true`).
    /// Lenient mode skips it (keeping it in [`Reader::header`]); strict mode returns it as a
    /// record with a [`ProblemKind::HeaderLine`] error. Turn it off for CSV data that is not
    /// a file of the standard.
    pub fn detect_header(&mut self, yes: bool) -> &mut ReaderBuilder {
        self.detect_header = yes;
        self
    }

    /// A reader over `rdr`.
    pub fn from_reader<R: Read>(&self, rdr: R) -> Reader<R> {
        self.reader_reusing(rdr, Scratch::default())
    }

    /// A reader over `rdr` that works in the buffers of a reader done with
    /// ([`Reader::take_scratch`]): the reader of each part of a file (see
    /// [`crate::parallel`]) allocates none of them afresh (new ones of 1 KiB and more, part
    /// after part, made glibc consolidate the thread's free chunks each time).
    pub(crate) fn reader_reusing<R: Read>(&self, rdr: R, scratch: Scratch) -> Reader<R> {
        let Scratch { mut out, decoded } = scratch;
        if out.len() < 1024 {
            out.resize(1024, 0);
        }
        // The values the reader before decoded are kept: a value's text is a function of
        // its MS932 bytes alone (only values decoded without a problem are kept), so the
        // next part of the file, where the same names come back, finds them.
        Reader {
            rdr,
            core: Core::new(),
            mode: self.mode,
            detect_header: self.detect_header,
            file_name: self.file_name.clone(),
            max_record_bytes: self.max_record_bytes,
            buf: Buffer::new(self.capacity),
            pos: 0,
            end: 0,
            eof: false,
            offset: 0,
            out,
            raw: Vec::new(),
            raw_start: 0,
            text: String::new(),
            spans: Vec::new(),
            decoded,
            record_at_once: true,
            gap: Vec::new(),
            line: 1,
            started: false,
            done: false,
            encoding: SourceEncoding::Ms932,
            encoding_open: false,
            detected: None,
            raw_records: 0,
            records: 0,
            prev_line: 0,
            terminated: false,
            record_line: 1,
            last_break: None,
            final_line_break: None,
            header: None,
            problems: Vec::new(),
            report_counts: Vec::new(),
            unlisted: Vec::new(),
        }
    }
}

/// A streaming reader of [`RawRecord`]s over any `io::Read`.
///
/// Each record keeps, per field, its decoded text, whether it was quoted and its original
/// bytes, plus its [`Position`]. Problems that concern one record (malformed bytes, 外字,
/// stray quotes) are attached to it; problems of the file's form (line breaks, blank lines,
/// a header line, the encoding) are kept by the reader: see [`Reader::problems`].
///
/// ```
/// use careplan_csv::ReaderBuilder;
/// use careplan_model::{Mode, ProblemKind};
/// // An LF file with a header line: lenient mode reads it and says what it forgave.
/// let data = "CSVバージョン,保険者番号\n202407,131001\n".as_bytes();
/// let mut rdr = ReaderBuilder::new().mode(Mode::Lenient).from_reader(data);
/// let records: Vec<_> = rdr.records().collect::<Result<_, _>>().unwrap();
/// assert_eq!(records.len(), 1);
/// assert_eq!(records[0].position().line(), 2);
/// let kinds: Vec<_> = rdr.problems().iter().map(|p| p.kind).collect();
/// assert!(kinds.contains(&ProblemKind::HeaderLine));
/// assert!(kinds.contains(&ProblemKind::LineEnding));
/// ```
#[derive(Debug)]
pub struct Reader<R> {
    rdr: R,
    core: Core,
    mode: Mode,
    detect_header: bool,
    file_name: Option<String>,
    max_record_bytes: usize,
    buf: Buffer,
    pos: usize,
    end: usize,
    eof: bool,
    /// Absolute offset of `buf[pos]`.
    offset: u64,
    /// Unescaped bytes of the current field.
    out: Vec<u8>,
    /// Raw input bytes consumed for the current field.
    raw: Vec<u8>,
    /// Absolute offset of `raw[0]`.
    raw_start: u64,
    text: String,
    /// The fields found by the record scanner (reused).
    spans: Vec<Span>,
    /// The last non-ASCII values (of at most [`DECODED_BYTES`]) decoded without a problem
    /// in each of the first [`DECODED_COLUMNS`] columns.
    decoded: Vec<DecodedColumn>,
    /// Whether whole canonical records may be read at once (off only in tests that compare
    /// it with the field-by-field path).
    record_at_once: bool,
    /// Line-break bytes between the last record's content and the next one's.
    gap: Vec<u8>,
    /// The line the scan is on.
    line: u64,
    started: bool,
    done: bool,
    encoding: SourceEncoding,
    /// Whether the encoding is still to be decided: every byte so far was ASCII and the input
    /// goes on. The first field holding a byte ≥ 0x80 decides it.
    encoding_open: bool,
    /// The [`ProblemKind::Utf8Encoding`] problem found in the record being read, reported
    /// once the record is numbered.
    detected: Option<Problem>,
    /// Records seen by the tokenizer, header and whitespace lines included.
    raw_records: u64,
    /// Data records returned.
    records: u64,
    /// The line of the previous raw record.
    prev_line: u64,
    /// Whether the line break that ends the previous raw record has been classified (the
    /// breaks after it are blank lines).
    terminated: bool,
    /// The line the record being read starts on.
    record_line: u64,
    last_break: Option<LineBreak>,
    final_line_break: Option<bool>,
    header: Option<RawRecord>,
    problems: Vec<Problem>,
    report_counts: Vec<(ProblemKind, usize)>,
    /// The problems counted past the first [`MAX_REPORTS_PER_KIND`] of their kind.
    unlisted: Vec<Unlisted>,
}

/// `csv-core` readers of readers dropped, kept for the next readers: building one (its
/// transition table) is most of the fixed cost of opening a file, so it is paid about once
/// per thread in a process, not once per file. (`csv_core::Reader`'s `Clone` does not copy
/// the whole table, so a built reader cannot simply be cloned.)
static CORES: Mutex<Vec<csv_core::Reader>> = Mutex::new(Vec::new());
/// How many [`CORES`] are kept at most.
const KEPT_CORES: usize = 64;

/// A `csv-core` reader of the form every reader reads (one kept, or a new one), going back
/// to [`CORES`] when dropped. (The reader's own type has no `Drop`: a `Reader<&[u8]>` may
/// be dropped after its bytes, as any value that only borrows them.)
#[derive(Debug)]
struct Core(csv_core::Reader);

impl Core {
    fn new() -> Core {
        let kept = CORES.lock().ok().and_then(|mut kept| kept.pop());
        Core(kept.unwrap_or_else(|| csv_core::ReaderBuilder::new().build()))
    }
}

impl Drop for Core {
    fn drop(&mut self) {
        let mut core = std::mem::take(&mut self.0);
        core.reset();
        if let Ok(mut kept) = CORES.lock() {
            if kept.len() < KEPT_CORES {
                kept.push(core);
            }
        }
    }
}

/// Input buffers of the default size of readers dropped, kept for the next readers: a new
/// one is zeroed, the largest fixed cost of a file after the `csv-core` table. A kept
/// buffer holds the bytes of an earlier file; a reader only looks at what it has filled.
static BUFFERS: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// A reader's input buffer, going back to [`BUFFERS`] when dropped.
#[derive(Debug, Default)]
struct Buffer(Vec<u8>);

impl Buffer {
    fn new(len: usize) -> Buffer {
        let kept = (len == DEFAULT_CAPACITY)
            .then(|| BUFFERS.lock().ok().and_then(|mut kept| kept.pop()))
            .flatten();
        Buffer(kept.unwrap_or_else(|| vec![0; len]))
    }
}

impl std::ops::Deref for Buffer {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl std::ops::DerefMut for Buffer {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        if self.0.len() != DEFAULT_CAPACITY {
            return;
        }
        if let Ok(mut kept) = BUFFERS.lock() {
            if kept.len() < KEPT_CORES {
                kept.push(std::mem::take(&mut self.0));
            }
        }
    }
}

/// Where a reader of part of a file takes up the reading (see [`Reader::resume`]): what the
/// reader of the file from its start knows at that place, a place where a record starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resume {
    /// The byte offset of the place.
    pub(crate) offset: u64,
    /// Its line.
    pub(crate) line: u64,
    /// The data records before it.
    pub(crate) records: u64,
    /// The line break of the last record before it.
    pub(crate) last_break: Option<LineBreak>,
    /// The encoding, `None` while it is still to be decided.
    pub(crate) encoding: Option<SourceEncoding>,
}

/// Problems of one kind and severity found past the first [`MAX_REPORTS_PER_KIND`] of their
/// kind: counted, not listed.
#[derive(Debug)]
struct Unlisted {
    kind: ProblemKind,
    severity: Severity,
    count: u64,
    /// Where the first of them is.
    first: Location,
    /// How many problems were listed when the first of them was found.
    listed_before: usize,
}

impl<R: Read> Reader<R> {
    /// A lenient reader with default options.
    pub fn from_reader(rdr: R) -> Reader<R> {
        ReaderBuilder::new().from_reader(rdr)
    }

    /// Takes up the reading at `at`, the place where the reader's input starts: a record of
    /// a file of which another reader read (or reads) what comes before. No BOM, encoding or
    /// header is looked for; positions go on from `at`.
    pub(crate) fn resume(&mut self, at: &Resume) {
        self.started = true;
        self.offset = at.offset;
        self.line = at.line;
        self.prev_line = at.line;
        self.records = at.records;
        // Not the start of the file: no header, no empty file; the line break before the
        // first record is the last record's.
        self.raw_records = 1;
        self.terminated = true;
        self.record_line = at.line;
        self.last_break = at.last_break;
        self.encoding = at.encoding.unwrap_or(SourceEncoding::Ms932);
        self.encoding_open = at.encoding.is_none();
    }

    /// The buffers this reader worked in, for the reader of another part of the file
    /// ([`ReaderBuilder::reader_reusing`]); this reader is done with.
    pub(crate) fn take_scratch(&mut self) -> Scratch {
        Scratch {
            out: std::mem::take(&mut self.out),
            decoded: std::mem::take(&mut self.decoded),
        }
    }

    /// Where a reader taking up the reading after this one's last record would start.
    pub(crate) fn resume_after(&self) -> Resume {
        Resume {
            offset: self.offset,
            line: self.line,
            records: self.records,
            last_break: self.last_break,
            encoding: (!self.encoding_open).then_some(self.encoding),
        }
    }

    /// The problems counted, not listed, so far: kind, severity, count, where the first is,
    /// and how many problems were listed when it was found.
    pub(crate) fn unlisted(
        &self,
    ) -> impl Iterator<Item = (ProblemKind, Severity, u64, &Location, usize)> {
        self.unlisted
            .iter()
            .map(|u| (u.kind, u.severity, u.count, &u.first, u.listed_before))
    }

    /// Reads the next record into `record` (cleared first). Returns `Ok(false)` at the end.
    ///
    /// A record with problems is still returned, with its problems attached; the only
    /// errors are I/O, [`ErrorKind::RecordTooLarge`] and [`ErrorKind::Utf16`] (a file that
    /// is not MS932 text at all).
    pub fn read_record(&mut self, record: &mut RawRecord) -> Result<bool, Error> {
        if self.done {
            record.clear();
            return Ok(false);
        }
        if !self.started {
            self.start()?;
        }
        // The usual record is read at once and numbered: the paths of anything else (the
        // tokenizer, blank and header lines, the end, errors) are out of line, so that the
        // code read for each record is short.
        loop {
            record.clear();
            let more = match self.read_raw(record) {
                Ok(more) => more,
                Err(e) => return Err(self.failed(e)),
            };
            if !more {
                self.at_end();
                return Ok(false);
            }
            if is_whitespace_line(record) {
                self.blank_record(record);
                continue;
            }
            if self.detect_header
                && self.records == 0
                && self.header.is_none()
                && looks_like_header(record)
            {
                if self.header_line(record) {
                    continue;
                }
                return Ok(true);
            }
            self.number(record);
            return Ok(true);
        }
    }

    /// The error `e` met while reading a record, the UTF-8 found in the line reported first.
    #[cold]
    #[inline(never)]
    fn failed(&mut self, e: Error) -> Error {
        self.report_detected(None);
        e
    }

    /// The end of the input: the problems only counted are listed.
    #[cold]
    #[inline(never)]
    fn at_end(&mut self) {
        self.done = true;
        self.list_unlisted();
    }

    /// A line of white space only: a blank line, reported, not a record.
    #[cold]
    #[inline(never)]
    fn blank_record(&mut self, record: &RawRecord) {
        self.report_detected(None);
        let p = Problem::new(ProblemKind::BlankLine, self.mode.deviation())
            .at_position(record.position());
        self.report(p);
    }

    /// A header line (spec OPEN_QUESTIONS 3) read as `record`: lenient mode reports and keeps
    /// it, and returns `true` (the next line is read); strict mode numbers it as a record with
    /// its problem, and returns `false` (the record is returned).
    #[cold]
    #[inline(never)]
    fn header_line(&mut self, record: &mut RawRecord) -> bool {
        let found = header_text(record);
        let p = Problem::new(ProblemKind::HeaderLine, self.mode.deviation())
            .at_position(record.position())
            // A data record starts with its CSVバージョン.
            .expected("YYYYMM")
            .found(found);
        if self.mode == Mode::Lenient {
            self.report_detected(None);
            self.report(p);
            self.header = Some(record.clone());
            return true;
        }
        self.number(record);
        record.add_problem(self.locate(p.at_position(record.position())));
        false
    }

    /// Numbers the data record just read: its position, the problems found in its bytes
    /// (before its number was known) and the UTF-8 found in it carry its record No.
    fn number(&mut self, record: &mut RawRecord) {
        self.records += 1;
        record.set_position(self.record_position(record));
        if !record.problems().is_empty() || self.detected.is_some() {
            self.number_problems(record);
        }
    }

    /// The record No. of the problems found in the record just numbered (and of the UTF-8
    /// found in it).
    #[cold]
    #[inline(never)]
    fn number_problems(&mut self, record: &mut RawRecord) {
        for p in record.problems_mut() {
            p.location.record = Some(self.records);
        }
        self.report_detected(Some(self.records));
    }

    /// An iterator over the records, each a fresh [`RawRecord`].
    pub fn records(&mut self) -> RawRecords<'_, R> {
        RawRecords { rdr: self }
    }

    /// Problems of the file's form found so far: line breaks, blank lines, a header line, a
    /// missing final line break, the encoding. Complete once the reader has returned
    /// `Ok(false)`; then, for each kind of which more than 1000 were found, a
    /// [`ProblemKind::NotListed`] problem ends the list and says how many more there were.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Takes the file-level problems out of the reader.
    pub fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    /// How many file-level problems were only counted, not listed in
    /// [`problems`](Reader::problems), after the first 1000 of one kind.
    pub fn suppressed_problems(&self) -> u64 {
        self.unlisted.iter().map(|u| u.count).sum()
    }

    /// How many of the [`suppressed_problems`](Reader::suppressed_problems) are of
    /// `severity`.
    pub(crate) fn suppressed_of(&self, severity: Severity) -> u64 {
        self.unlisted
            .iter()
            .filter(|u| u.severity == severity)
            .map(|u| u.count)
            .sum()
    }

    /// The encoding the file is read in: MS932, or UTF-8 once lenient mode detected a UTF-8
    /// file (at the start, or — when the first buffer held only ASCII — at the first field
    /// that does not).
    pub fn encoding(&self) -> SourceEncoding {
        self.encoding
    }

    /// Whether the last record ended with a line break (known at the end of the file), so a
    /// rewrite can reproduce the file exactly.
    pub fn final_line_break(&self) -> Option<bool> {
        self.final_line_break
    }

    /// The header line lenient mode skipped, if any.
    pub fn header(&self) -> Option<&RawRecord> {
        self.header.as_ref()
    }

    /// The number of data records returned so far.
    pub fn records_read(&self) -> u64 {
        self.records
    }

    /// The reading mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The file name given to the builder.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    fn record_position(&self, record: &RawRecord) -> Position {
        let p = record.position();
        Position::new(p.byte(), p.line(), self.records)
    }

    fn locate(&self, p: Problem) -> Problem {
        match &self.file_name {
            Some(f) => p.in_file(f.clone()),
            None => p,
        }
    }

    #[cold]
    #[inline(never)]
    fn report(&mut self, p: Problem) {
        let p = self.locate(p);
        let count = match self.report_counts.iter_mut().find(|(k, _)| *k == p.kind) {
            Some((_, c)) => {
                *c += 1;
                *c
            }
            None => {
                self.report_counts.push((p.kind, 1));
                1
            }
        };
        if count <= MAX_REPORTS_PER_KIND {
            self.problems.push(p);
        } else {
            self.count_unlisted(p);
        }
    }

    /// Counts a problem found past the first [`MAX_REPORTS_PER_KIND`] of its kind.
    fn count_unlisted(&mut self, p: Problem) {
        let same = |u: &&mut Unlisted| u.kind == p.kind && u.severity == p.severity;
        match self.unlisted.iter_mut().find(same) {
            Some(u) => u.count += 1,
            None => self.unlisted.push(Unlisted {
                kind: p.kind,
                severity: p.severity,
                count: 1,
                first: p.location,
                listed_before: self.problems.len(),
            }),
        }
    }

    /// Ends the file's problems with one [`ProblemKind::NotListed`] problem for each kind
    /// and severity of which problems were only counted: of that severity, where the first
    /// of them is, saying how many there were (`found`) and of which kind (`expected`, its
    /// code).
    fn list_unlisted(&mut self) {
        for u in &self.unlisted {
            let p = Problem::new(ProblemKind::NotListed, u.severity)
                .at(u.first.clone())
                .found(u.count.to_string())
                .expected(u.kind.code());
            self.problems.push(p);
        }
    }

    /// Reports the UTF-8 found in the record just read, if any, in the data record `record`
    /// (`None` for a line that is not a data record).
    fn report_detected(&mut self, record: Option<u64>) {
        if let Some(mut p) = self.detected.take() {
            p.location.record = record;
            self.report(p);
        }
    }

    fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind)
            .at(Position::new(self.offset, self.line, self.records + 1))
            .in_file(self.file_name.clone())
    }

    /// Refills the buffer; sets `eof` when the input is exhausted.
    fn fill(&mut self) -> Result<(), Error> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.pos = 0;
        }
        while self.end < self.buf.len() {
            let n = match self.rdr.read(&mut self.buf[self.end..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.error(ErrorKind::Io(e))),
            };
            if n == 0 {
                self.eof = true;
                break;
            }
            self.end += n;
            // One successful read is enough, except while the encoding is to be decided (at
            // the start, and while every byte so far was ASCII): it is decided on a full
            // buffer.
            if self.started && !self.encoding_open {
                break;
            }
        }
        Ok(())
    }

    /// Looks at the start of the file: BOM and encoding (spec OPEN_QUESTIONS 4). A start of
    /// ASCII only (or of ASCII and a character cut by the buffer's end), with more input to
    /// come, leaves the encoding open.
    #[cold]
    #[inline(never)]
    fn start(&mut self) -> Result<(), Error> {
        self.fill()?;
        self.started = true;
        let window = &self.buf[..self.end];
        if let Some((big_endian, bom)) = utf16(window) {
            // Not a file of MS932 text at all: every byte pair would be read as garbage.
            return Err(Error::new(ErrorKind::Utf16 { big_endian, bom })
                .at(Position::new(0, 1, 1))
                .in_file(self.file_name.clone()));
        }
        if window.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.pos = 3;
            self.offset = 3;
            let p = Problem::new(ProblemKind::Utf8Bom, self.mode.deviation())
                .at_byte(0)
                .at_line(1);
            if self.mode == Mode::Lenient {
                self.encoding = SourceEncoding::Utf8;
            }
            self.report(p);
            return Ok(());
        }
        if !self.eof && utf8_sequences(window, false) == Some((0, 0, 0)) {
            // Nothing to decide on yet (ASCII, perhaps ending with the start of a character
            // cut by the buffer's end): the first field that is not ASCII decides.
            self.encoding_open = true;
            return Ok(());
        }
        if looks_like_utf8(window, self.eof) {
            let p = self.detected_utf8().at_byte(0).at_line(1);
            self.report(p);
        }
        Ok(())
    }

    /// The problem of a file found to be UTF-8; lenient mode reads on as UTF-8, strict mode
    /// as MS932.
    fn detected_utf8(&mut self) -> Problem {
        if self.mode == Mode::Lenient {
            self.encoding = SourceEncoding::Utf8;
        }
        Problem::new(ProblemKind::Utf8Encoding, self.mode.deviation())
    }

    /// [`Reader::settle_encoding`] at the first value not ASCII of a record read at once
    /// (field `k`, `value` followed by `rest` in the input): out of line, as it happens
    /// once in a file.
    #[cold]
    #[inline(never)]
    fn settle_encoding_at(
        &mut self,
        record: &mut RawRecord,
        value: &[u8],
        rest: &[u8],
        k: usize,
        value_start: u64,
    ) {
        let utf8 = looks_like_utf8_after(value, rest, self.eof);
        let item = ItemRef {
            no: u16::try_from(k + 1).unwrap_or(u16::MAX),
            name: "",
        };
        self.settle_encoding(utf8, record, item, value_start);
    }

    /// Decides the encoding left open at the start, at the first field holding a byte
    /// ≥ 0x80 (`utf8`: what [`looks_like_utf8_after`] says of its value and the rest of the
    /// buffer). A UTF-8 file is reported at the record's line and the field's item and
    /// first byte (`value_start`); lenient mode reads this field and the rest as UTF-8.
    #[cold]
    #[inline(never)]
    fn settle_encoding(
        &mut self,
        utf8: bool,
        record: &mut RawRecord,
        item: ItemRef,
        value_start: u64,
    ) {
        self.encoding_open = false;
        if !utf8 {
            return;
        }
        let p = self
            .detected_utf8()
            .at_line(record.position().line())
            .at_byte(value_start)
            .item(item);
        self.detected = Some(p);
        record.set_source(self.encoding);
    }

    /// Reads one record as the tokenizer sees it. Returns `Ok(false)` at the end.
    #[inline]
    fn read_raw(&mut self, record: &mut RawRecord) -> Result<bool, Error> {
        self.skip_breaks()?;
        if self.read_canonical(record) {
            return Ok(true);
        }
        self.read_tokenized(record)
    }

    /// Reads one record through the tokenizer, field by field: what [`Reader::read_canonical`]
    /// leaves (the first record, a record cut by the buffer, irregular quoting, control
    /// characters, the end of the input …). Returns `Ok(false)` at the end.
    #[cold]
    #[inline(never)]
    fn read_tokenized(&mut self, record: &mut RawRecord) -> Result<bool, Error> {
        let mut index = 0usize;
        let mut nout = 0usize;
        let mut record_bytes = 0usize;
        self.raw.clear();
        self.raw_start = self.offset;
        let record_start = self.offset;
        loop {
            if self.pos == self.end && !self.eof {
                self.fill()?;
            }
            let input = &self.buf[self.pos..self.end];
            let (res, nin, n) = self.core.0.read_field(input, &mut self.out[nout..]);
            self.raw.extend_from_slice(&input[..nin]);
            self.pos += nin;
            self.offset += nin as u64;
            nout += n;
            record_bytes += nin;
            // Each field ended counts its cost too (checked at a field's end only, so that
            // where the read stops does not depend on how the input came in).
            let cost = match res {
                ReadFieldResult::Field { .. } => (index + 1)
                    .saturating_sub(FREE_FIELDS)
                    .saturating_mul(FIELD_COST),
                _ => 0,
            };
            if record_bytes.saturating_add(cost) > self.max_record_bytes {
                // Named at the line and byte the record starts at (blank lines before it
                // were taken apart and never count toward the limit).
                let at = Position::new(record_start, self.record_line, self.records + 1);
                return Err(Error::new(ErrorKind::RecordTooLarge {
                    limit: self.max_record_bytes,
                })
                .at(at)
                .in_file(self.file_name.clone()));
            }
            match res {
                ReadFieldResult::InputEmpty => {}
                ReadFieldResult::OutputFull => {
                    let len = self.out.len();
                    self.out.resize(len * 2, 0);
                }
                ReadFieldResult::Field { record_end } => {
                    self.finish_field(record, index, nout, record_end);
                    index += 1;
                    nout = 0;
                    self.raw.clear();
                    self.raw_start = self.offset;
                    if record_end {
                        self.raw_records += 1;
                        return Ok(true);
                    }
                }
                ReadFieldResult::End => {
                    let rest = std::mem::take(&mut self.raw);
                    self.gap.extend_from_slice(&rest);
                    self.raw = rest;
                    self.raw.clear();
                    self.end_of_file();
                    return Ok(false);
                }
            }
        }
    }

    fn finish_field(
        &mut self,
        record: &mut RawRecord,
        index: usize,
        nout: usize,
        record_end: bool,
    ) {
        let raw = std::mem::take(&mut self.raw);
        let mut content: &[u8] = &raw;
        let mut start = self.raw_start;
        if index == 0 {
            let lead = content
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            self.gap.extend_from_slice(&content[..lead]);
            self.process_gap();
            content = &content[lead..];
            start += lead as u64;
            record.set_position(Position::new(start, self.line, 0));
            record.set_source(self.encoding);
            self.prev_line = self.line;
        }
        let mut trailing: &[u8] = &[];
        // A quoted field still open at the end of the input keeps its trailing line breaks:
        // they are part of its value, not the end of the record.
        if record_end && !ends_inside_quotes(content) {
            let keep = content.len()
                - content
                    .iter()
                    .rev()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
            trailing = &content[keep..];
            content = &content[..keep];
        } else if content.last() == Some(&b',') {
            content = &content[..content.len() - 1];
        }
        let value = self.out.get(..nout).unwrap_or_default();
        let quoted = content.first() == Some(&b'"');
        let value_start = start + u64::from(quoted);
        let item = ItemRef {
            no: u16::try_from(index + 1).unwrap_or(u16::MAX),
            name: "",
        };
        if self.encoding_open && !value.is_ascii() {
            let rest = self.buf.get(self.pos..self.end).unwrap_or_default();
            let utf8 = looks_like_utf8_after(value, rest, self.eof);
            self.settle_encoding(utf8, record, item, value_start);
        }
        let value = self.out.get(..nout).unwrap_or_default();
        let canonical = is_canonical(content, value, quoted);
        if !canonical {
            let p = Problem::new(ProblemKind::IrregularQuoting, self.mode.deviation())
                .at_position(record.position())
                .at_byte(start)
                .item(item)
                // Quoted with inner quotes doubled, or bare.
                .expected("\"…\"|…")
                .found(lossy_excerpt(content, self.encoding));
            record.add_problem(self.locate(p));
        }
        if let Some(at) = control_at(content) {
            let p = control_problem(content.get(at).copied().unwrap_or_default())
                .at_position(record.position())
                .at_byte(start + at as u64)
                .item(item);
            record.add_problem(self.locate(p));
        }
        // Only a quoted field can hold a line break: the tokenizer ends an unquoted field,
        // and its record, at the first CR or LF.
        if quoted {
            let absorbed = absorbed_lines(content, !canonical);
            if absorbed > 0 {
                let p = Problem::error(ProblemKind::AbsorbedLines)
                    .at_position(record.position())
                    .at_byte(start)
                    .item(item)
                    .found(line_range(self.line + 1, absorbed));
                record.add_problem(self.locate(p));
            }
            self.line += count_breaks(content);
        }
        let out = std::mem::take(&mut self.out);
        self.push_value(
            record,
            index,
            out.get(..nout).unwrap_or_default(),
            quoted,
            value_start,
        );
        self.out = out;
        self.gap.extend_from_slice(trailing);
        self.raw = raw;
    }

    /// Decodes a field's value and appends it to `record`, with its problems (malformed
    /// bytes, 外字) located at `value_start`.
    fn push_value(
        &mut self,
        record: &mut RawRecord,
        index: usize,
        value: &[u8],
        quoted: bool,
        value_start: u64,
    ) {
        if self.encoding != SourceEncoding::Utf8 && value.is_ascii() {
            // ASCII is the same in MS932 (most items: dates, codes, numbers): no decoding,
            // and no copy through the text buffer.
            if let Ok(text) = std::str::from_utf8(value) {
                record.push_field_with_raw(text, value, quoted);
                return;
            }
        }
        let item = ItemRef {
            no: u16::try_from(index + 1).unwrap_or(u16::MAX),
            name: "",
        };
        self.text.clear();
        match self.encoding {
            SourceEncoding::Utf8 => match std::str::from_utf8(value) {
                Ok(s) => self.text.push_str(s),
                Err(_) => {
                    self.text.push_str(&String::from_utf8_lossy(value));
                    let p = Problem::error(ProblemKind::MalformedBytes)
                        .at_position(record.position())
                        .at_byte(value_start)
                        .item(item)
                        .expected("UTF-8")
                        .found(lossy_excerpt(value, self.encoding));
                    record.add_problem(self.locate(p));
                }
            },
            _ => {
                // The same bytes as one of the last values decoded in this column (a user's
                // name and office repeat on every line of a 第6表, the providers' names of a
                // user's lines in turn) give the same text.
                let kept = value.len() <= DECODED_BYTES;
                if kept && index >= self.decoded.len() && index < DECODED_COLUMNS {
                    self.decoded.resize_with(index + 1, DecodedColumn::default);
                }
                if let Some(column) = self.decoded.get_mut(index).filter(|_| kept) {
                    if let Some(text) = column.find(value) {
                        record.push_field_with_raw(text, value, quoted);
                        return;
                    }
                    if let Some(text) = column.decode(value) {
                        record.push_field_with_raw(text, value, quoted);
                        return;
                    }
                    // Decoded again below, with its problems; never reused.
                }
                for issue in ms932::decode_into(value, &mut self.text) {
                    let p = Problem::new(issue.kind.problem_kind(), Severity::Error)
                        .at_position(record.position())
                        .at_byte(value_start + issue.offset as u64)
                        .item(item)
                        .expected("MS932")
                        .found(hex(&issue.bytes));
                    record.add_problem(self.locate(p));
                }
            }
        }
        record.push_field_with_raw(&self.text, value, quoted);
    }

    /// Appends a run of plain fields (ASCII, nothing to unescape) found by the scanner: one
    /// UTF-8 check and one copy for the run.
    fn push_run(&mut self, record: &mut RawRecord, input: &[u8], run: &[Span], base: u64) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        let from = first.from as usize;
        let to = (last.to as usize).max(from);
        match input.get(from..to).map(std::str::from_utf8) {
            // Every span of the run lies within it.
            Some(Ok(chunk)) => record.push_fields_read_at(
                chunk,
                from,
                run.iter()
                    .map(|s| (s.from as usize, s.to as usize, s.quoted())),
            ),
            // Not reached (the scanner found only ASCII bytes): decode field by field.
            _ => {
                for s in run {
                    let value = input.get(s.range()).unwrap_or_default();
                    let index = record.len();
                    let value_start = base + u64::from(s.from);
                    self.push_value(record, index, value, s.quoted(), value_start);
                }
            }
        }
    }

    /// The record-at-once path: when the buffer holds a whole record of canonical fields
    /// (bare without `"`, or quoted with inner quotes doubled) after a first record read by
    /// the tokenizer, reads it in one scan and returns `true`. The tokenizer is left as it
    /// was: between records, every state it can be in (`EndRecord`, `CRLF`) skips line
    /// breaks and starts the next record the same way. Anything else (a record cut by the
    /// end of the buffer, irregular quoting, the end of the file, a record over the limit,
    /// a record of more than [`SCANNED_FIELDS`] fields) returns `false` without consuming anything, and the field-by-field path reads it,
    /// problems included.
    fn read_canonical(&mut self, record: &mut RawRecord) -> bool {
        if self.raw_records == 0 || !self.record_at_once {
            return false;
        }
        let mut spans = std::mem::take(&mut self.spans);
        if spans.len() < SCANNED_FIELDS {
            spans.resize(SCANNED_FIELDS, Span::default());
        }
        let input = self.buf.get(self.pos..self.end).unwrap_or_default();
        let Some(RecordScan {
            lead,
            term,
            all,
            fields,
            marks: scanned_marks,
        }) = scan_record(input, &mut spans)
        else {
            self.spans = spans;
            return false;
        };
        let found = spans.get(..fields).unwrap_or_default();
        let consumed = term + 1;
        // A control character, or a line in a quoted value that starts as a record does
        // (lines a stray quote absorbed), is reported by the field-by-field reading.
        // At most SCANNED_FIELDS fields, all free of the per-field cost (see below).
        if consumed > self.max_record_bytes
            || all & CONTROL != 0
            || (all & BREAKS != 0 && absorbs_lines(input, found))
        {
            self.spans = spans;
            return false;
        }
        // The buffer's bytes (not the buffer, which goes back to the kept ones when
        // dropped) are taken while the fields are pushed.
        let buf = std::mem::take(&mut self.buf.0);
        let mut out = std::mem::take(&mut self.out);
        let input = buf.get(self.pos..self.end).unwrap_or_default();
        let base = self.offset;
        // The line breaks before the record were taken and classified before the scan
        // (`skip_breaks`), unless the input started with them.
        if lead > 0 {
            gather(&mut self.gap, input.get(..lead).unwrap_or_default());
            self.process_gap();
        }
        record.set_position(Position::new(base + lead as u64, self.line, 0));
        record.set_source(self.encoding);
        self.prev_line = self.line;
        let found = spans.get(..fields).unwrap_or_default();
        if all & BREAKS != 0 {
            self.line += lines_in_values(input, found);
        }
        // ASCII values without doubled quotes are their own text: each run of them is
        // checked as UTF-8 once and kept as one stretch of the record. A record of such
        // fields only (a 第7表 total row, most delete records) is one run: the loop has
        // nothing to look at, and the run after it takes every field.
        let mut run_first = 0;
        // The fields that are not plain: those of the first 64 marked by the scanner, the
        // others looked at one by one.
        let mixed = all & (ESCAPED | NON_ASCII) != 0;
        let mut marks = if mixed { scanned_marks } else { 0 };
        let rest = if mixed {
            found.get(64..).unwrap_or_default()
        } else {
            &[][..]
        };
        let beyond = rest
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.plain())
            .map(|(k, _)| k + 64);
        let marked = std::iter::from_fn(|| {
            let k = marks.trailing_zeros() as usize;
            marks &= marks.wrapping_sub(1);
            (k < 64).then_some(k)
        });
        for k in marked.chain(beyond) {
            let Some(span) = found.get(k) else {
                continue;
            };
            if run_first < k {
                self.push_run(
                    record,
                    input,
                    found.get(run_first..k).unwrap_or_default(),
                    base,
                );
            }
            run_first = k + 1;
            let inner = input.get(span.range()).unwrap_or_default();
            let value = if span.flags & ESCAPED != 0 {
                out.clear();
                unescape_into(inner, &mut out);
                &out[..]
            } else {
                inner
            };
            let value_start = base + u64::from(span.from);
            if self.encoding_open && span.flags & NON_ASCII != 0 {
                // What follows the value differs from the field-by-field reading's rest in
                // ASCII bytes only (the closing quote and separator), which do not change
                // the answer.
                let rest = input.get(span.to as usize..).unwrap_or_default();
                self.settle_encoding_at(record, value, rest, k, value_start);
            }
            self.push_value(record, k, value, span.quoted(), value_start);
        }
        if run_first < found.len() {
            self.push_run(
                record,
                input,
                found.get(run_first..).unwrap_or_default(),
                base,
            );
        }
        gather(&mut self.gap, input.get(term..consumed).unwrap_or_default());
        self.pos += consumed;
        self.offset += consumed as u64;
        self.raw_records += 1;
        self.buf.0 = buf;
        self.out = out;
        self.spans = spans;
        true
    }

    /// Takes the line breaks before the next record out of the input, into the gap, and
    /// classifies them as they come: blank lines never count toward the record-size limit,
    /// and memory stays bounded however many there are. When a record follows, the gap is
    /// classified whole and the record's line is known before any of it is read.
    fn skip_breaks(&mut self) -> Result<(), Error> {
        loop {
            if self.pos == self.end {
                if self.eof {
                    return Ok(());
                }
                self.fill()?;
                if self.pos == self.end {
                    return Ok(());
                }
            }
            let input = self.buf.get(self.pos..self.end).unwrap_or_default();
            let n = input
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            gather(&mut self.gap, input.get(..n).unwrap_or_default());
            self.pos += n;
            self.offset += n as u64;
            if self.pos < self.end {
                // A record comes next.
                self.process_gap();
                return Ok(());
            }
            if self.gap.len() >= GAP_BYTES {
                self.drain_gap(false);
            }
        }
    }

    /// Classifies the line breaks between the previous record and the next one.
    fn process_gap(&mut self) {
        if self.raw_records > 0 && !self.terminated && self.gap == b"\r\n" {
            // The usual case: one CRLF, the standard's line break.
            self.gap.clear();
            self.line_break_of_previous(LineBreak::CrLf);
        } else if !self.gap.is_empty() {
            self.drain_gap(true);
        }
        // The next record's own line break is still to come.
        self.terminated = false;
        self.record_line = self.line;
    }

    /// Classifies the line breaks gathered in the gap: the first after a record ends it, the
    /// others are blank lines. Unless the gap is `complete` (what follows is not a line
    /// break), a CR at its end stays, since an LF may follow it.
    #[cold]
    #[inline(never)]
    fn drain_gap(&mut self, complete: bool) {
        let keep = usize::from(!complete && self.gap.last() == Some(&b'\r'));
        let upto = self.gap.len() - keep;
        let breaks = parse_breaks(self.gap.get(..upto).unwrap_or_default());
        self.gap.drain(..upto);
        for brk in breaks {
            if self.raw_records > 0 && !self.terminated {
                self.line_break_of_previous(brk);
            } else {
                let p =
                    Problem::new(ProblemKind::BlankLine, self.mode.deviation()).at_line(self.line);
                self.report(p);
                self.line += 1;
            }
        }
    }

    fn line_break_of_previous(&mut self, brk: LineBreak) {
        if brk != LineBreak::CrLf && self.last_break != Some(brk) {
            self.line_ending(brk);
        }
        self.last_break = Some(brk);
        self.terminated = true;
        self.line += 1;
    }

    /// The standard does not print its line ending (OPEN_QUESTIONS 1): CRLF is the
    /// convention, so LF and CR are a warning in both modes, never an error.
    #[cold]
    #[inline(never)]
    fn line_ending(&mut self, brk: LineBreak) {
        let p = Problem::warning(ProblemKind::LineEnding)
            .at_line(self.prev_line)
            .expected("CRLF")
            .found(brk.as_str());
        self.report(p);
    }

    fn end_of_file(&mut self) {
        self.drain_gap(true);
        if self.raw_records == 0 {
            let p = Problem::warning(ProblemKind::EmptyFile);
            self.report(p);
            return;
        }
        if self.terminated {
            self.final_line_break = Some(true);
        } else {
            self.final_line_break = Some(false);
            // The standard does not say whether the last line ends with a break
            // (OPEN_QUESTIONS 2): a warning in both modes.
            let p = Problem::warning(ProblemKind::MissingFinalLineBreak).at_line(self.prev_line);
            self.report(p);
        }
    }
}

/// Whether a quoted value of `fields` (spans in `input`) holds lines a stray quote absorbed
/// ([`absorbed_lines`]): out of line, as few records hold a line break.
#[cold]
#[inline(never)]
fn absorbs_lines(input: &[u8], fields: &[Span]) -> bool {
    fields.iter().any(|s| {
        s.flags & BREAKS != 0 && absorbed_lines(input.get(s.range()).unwrap_or_default(), false) > 0
    })
}

/// How many line breaks the values of `fields` (spans in `input`) hold: out of line, as
/// few records hold a line break.
#[cold]
#[inline(never)]
fn lines_in_values(input: &[u8], fields: &[Span]) -> u64 {
    fields
        .iter()
        .filter(|s| s.flags & BREAKS != 0)
        .map(|s| count_breaks(input.get(s.range()).unwrap_or_default()))
        .sum()
}

/// Appends line-break bytes to `gap`: none, or one pushed (the usual CR or LF between
/// records), without the call that copying a slice makes.
#[inline]
fn gather(gap: &mut Vec<u8>, bytes: &[u8]) {
    match bytes {
        [] => {}
        [b] => gap.push(*b),
        _ => gap.extend_from_slice(bytes),
    }
}

/// An iterator over the records of a [`Reader`].
#[derive(Debug)]
pub struct RawRecords<'r, R> {
    rdr: &'r mut Reader<R>,
}

impl<R: Read> Iterator for RawRecords<'_, R> {
    type Item = Result<RawRecord, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = RawRecord::new();
        match self.rdr.read_record(&mut record) {
            Ok(true) => Some(Ok(record)),
            Ok(false) => None,
            Err(e) => {
                self.rdr.done = true;
                Some(Err(e))
            }
        }
    }
}

/// The buffers a reader works in, passed from a reader done with to a new one
/// ([`ReaderBuilder::reader_reusing`]).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Unescaped bytes of a field.
    out: Vec<u8>,
    /// The last values decoded per column (kept for the new reader).
    decoded: Vec<DecodedColumn>,
}

/// A value's MS932 bytes and the text they decode to.
#[derive(Debug, Default)]
struct Decoded {
    /// Empty when nothing is kept (an empty value is ASCII and never decoded).
    bytes: Vec<u8>,
    /// The first bytes of `bytes` ([`head`]), compared before the bytes are.
    head: u64,
    text: String,
}

/// The first eight bytes of `bytes` as a word (zero-filled past the end): two values with
/// different heads differ, so most values looked for are told apart from one kept without
/// comparing their bytes (a call for a name of more than 16 bytes).
#[inline]
fn head(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(first) => u64::from_le_bytes(*first),
        None => last_word(bytes).unwrap_or(0),
    }
}

/// How many values each column keeps decoded: the providers' names of a 第7表 take turns
/// among more than four (a user's offices, then the next user's), and each decoded again
/// costs more than looking through the values kept.
const DECODED_WAYS: usize = 16;

/// The last values decoded without a problem in one column (the oldest replaced).
#[derive(Debug, Default)]
struct DecodedColumn {
    /// At most [`DECODED_WAYS`], made as they are first used: a reader of a small file
    /// makes (and drops) only the ways it uses, and the search is a loop over them, not
    /// the ways unrolled.
    ways: Vec<Decoded>,
    next: usize,
    /// The way last found or decoded, looked at first (a user's name on each of the
    /// user's lines).
    last: usize,
}

impl DecodedColumn {
    /// The text of `bytes`, if kept.
    fn find(&mut self, bytes: &[u8]) -> Option<&str> {
        let first = head(bytes);
        let same =
            |d: &Decoded| d.head == first && !d.bytes.is_empty() && same_bytes(&d.bytes, bytes);
        if !self.ways.get(self.last).is_some_and(same) {
            self.last = self.ways.iter().position(same)?;
        }
        self.ways.get(self.last).map(|d| d.text.as_str())
    }

    /// Decodes `bytes` in place of the oldest value kept; `None` (nothing kept) when they
    /// do not decode without a problem.
    fn decode(&mut self, bytes: &[u8]) -> Option<&str> {
        let at = self.next % DECODED_WAYS;
        self.next = (at + 1) % DECODED_WAYS;
        if self.ways.len() <= at {
            self.ways.resize_with(at + 1, Decoded::default);
        }
        self.last = at;
        let way = self.ways.get_mut(at)?;
        way.text.clear();
        way.bytes.clear();
        if ms932::decode_into(bytes, &mut way.text).is_empty() {
            way.bytes.extend_from_slice(bytes);
            way.head = head(bytes);
            Some(way.text.as_str())
        } else {
            way.text.clear();
            None
        }
    }
}

/// How many fields a record read at once ([`scan_record`]) may have: far more than any
/// layout's items (71 at most); a wider record is read by the tokenizer.
const SCANNED_FIELDS: usize = 256;
// Every field of a record read at once counts only its bytes toward the record limit.
const _: () = assert!(SCANNED_FIELDS <= FREE_FIELDS);

/// How many line-break bytes between records are gathered before they are classified.
const GAP_BYTES: usize = 64 * 1024;

/// How many columns keep their last decoded value (every layout's items fit).
const DECODED_COLUMNS: usize = 128;

/// The longest value kept (names and short texts; a long free text is rarely repeated, and
/// the memory kept stays small whatever the file holds: at most 128 columns of
/// [`DECODED_WAYS`] values of 256 bytes of source, 512 KiB, and about three times that of
/// text).
const DECODED_BYTES: usize = 256;

/// A field found by [`scan_record`]: its value is `input[from..to]` (inside the quotes of
/// a quoted field; offsets in a record's first `u32::MAX` bytes).
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    from: u32,
    to: u32,
    /// [`QUOTED`], [`ESCAPED`], [`BREAKS`], [`NON_ASCII`].
    flags: u8,
}

/// Enclosed in quotes.
const QUOTED: u8 = 1;
/// Holds a doubled quote (the value must be unescaped).
const ESCAPED: u8 = 2;
/// Holds a CR or LF (quoted fields only).
const BREAKS: u8 = 4;
/// Holds a byte ≥ 0x80.
const NON_ASCII: u8 = 8;
/// Holds a C0 control character other than CR and LF.
const CONTROL: u8 = 16;

impl Span {
    fn quoted(&self) -> bool {
        self.flags & QUOTED != 0
    }

    /// Where the value is in the input.
    #[inline]
    fn range(&self) -> std::ops::Range<usize> {
        self.from as usize..self.to as usize
    }

    /// Whether the value is its own text: ASCII, nothing to unescape.
    #[inline]
    fn plain(&self) -> bool {
        self.flags & (ESCAPED | NON_ASCII) == 0
    }
}

/// `0x01` in every byte of a word.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The high bit of every byte of `word` that equals `c`, and no other bit.
#[inline]
fn bytes_equal(word: u64, c: u8) -> u64 {
    let t = word ^ (LOW_BITS * u64::from(c));
    // Bit 7 of a byte of `(t & 0x7F) + 0x7F | t` is set exactly when the byte of `t` is not
    // zero; no carry crosses a byte.
    !((((t & !HIGH_BITS).wrapping_add(!HIGH_BITS)) | t) | !HIGH_BITS)
}

/// The eight bytes of `input` at `at` as a little-endian word (byte `at + j` in bits
/// `8j..8j + 8`), zero-filled past the end; `None` when `at` is past the end.
#[inline]
fn word_at(input: &[u8], at: usize) -> Option<u64> {
    let rest = input.get(at..)?;
    match rest.first_chunk::<8>() {
        Some(bytes) => Some(u64::from_le_bytes(*bytes)),
        None => last_word(rest),
    }
}

/// [`word_at`] for the last bytes of the input (fewer than eight): out of line, so that the
/// scans' loops hold only the usual case.
#[cold]
#[inline(never)]
fn last_word(rest: &[u8]) -> Option<u64> {
    if rest.is_empty() {
        return None;
    }
    let mut bytes = [0u8; 8];
    for (slot, b) in bytes.iter_mut().zip(rest) {
        *slot = *b;
    }
    Some(u64::from_le_bytes(bytes))
}

/// The high bit of the lowest byte of `word` below 0x20 (a control character, CR and LF
/// among them), and perhaps of bytes above it, which a borrow reaches: exact for the
/// lowest, the only one looked at.
#[inline]
fn bytes_below_0x20(word: u64) -> u64 {
    word.wrapping_sub(LOW_BITS * 0x20) & !word & HIGH_BITS
}

/// The index of the first `"`, control character (CR and LF among them) or (with `high`)
/// non-ASCII byte at or after `from`.
#[inline]
fn next_in_quotes(input: &[u8], mut from: usize, high: bool) -> Option<usize> {
    let high = if high { HIGH_BITS } else { 0 };
    loop {
        let word = word_at(input, from)?;
        let found = bytes_equal(word, b'"') | bytes_below_0x20(word) | (word & high);
        if found != 0 {
            return Some(from + (found.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
}

/// What [`scan_record`] found: how many line-break bytes lead the record, where its
/// terminating CR or LF is, the flags of all its fields or-ed, how many fields it has and
/// which of its first 64 are not plain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RecordScan {
    lead: usize,
    term: usize,
    all: u8,
    fields: usize,
    /// Bit `k` set when field `k` (of the first 64) is not plain ([`Span::plain`]).
    marks: u64,
}

/// Scans one record at the start of `input`: line breaks left before it, then fields that
/// are each in the standard's form (bare without `"`, or quoted with every inner `"`
/// doubled and the closing `"` right before a `,`, CR or LF), ended by a CR or LF. Fills
/// the first of `spans` with its fields; `None` when the record is not whole in `input`, a
/// field is not in that form, or the record has more fields than `spans` holds (or does
/// not end within the first `u32::MAX` bytes) — exactly the cases where the caller must
/// let the tokenizer decide.
///
/// Bytes are looked at eight at a time, to find the next byte that matters.
fn scan_record(input: &[u8], spans: &mut [Span]) -> Option<RecordScan> {
    // Offsets are kept as `u32`: a record ending past that is left to the tokenizer (and
    // to the record limit), so that every offset below fits.
    let input = input.get(..u32::MAX as usize).unwrap_or(input);
    // Every field's flags, or-ed.
    let mut all = 0u8;
    let mut fields = 0;
    let mut marks = 0u64;
    let lead = input
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    let mut i = lead;
    loop {
        let start = i;
        let mut flags = 0u8;
        let mut word = word_at(input, i)?;
        let mut b;
        let span;
        if word as u8 == b'"' {
            flags = QUOTED;
            i += 1;
            loop {
                i = next_in_quotes(input, i, flags & NON_ASCII == 0)?;
                b = *input.get(i)?;
                i += 1;
                match b {
                    b'"' => {
                        b = *input.get(i)?;
                        match b {
                            b'"' => {
                                flags |= ESCAPED;
                                i += 1;
                            }
                            b',' | b'\r' | b'\n' => break,
                            _ => return None,
                        }
                    }
                    b'\r' | b'\n' => flags |= BREAKS,
                    0x00..=0x1F => flags |= CONTROL,
                    _ => flags |= NON_ASCII,
                }
            }
            // Within the quotes.
            span = Span {
                from: (start + 1) as u32,
                to: (i - 1) as u32,
                flags,
            };
        } else {
            // The first byte below 0x30 (which `,`, `"`, CR and LF are) or from 0x80 up is
            // where to look (exact for the lowest such byte: a borrow only runs upwards).
            // Zero-filled bytes past the end land here too, and the next word is then past
            // the end.
            let mut found = (word.wrapping_sub(LOW_BITS * 0x30) | word) & HIGH_BITS;
            while found == 0 {
                i += 8;
                word = word_at(input, i)?;
                found = (word.wrapping_sub(LOW_BITS * 0x30) | word) & HIGH_BITS;
            }
            let k = found.trailing_zeros() / 8;
            b = (word >> (k * 8)) as u8;
            i += k as usize;
            if b == b',' {
                // Most fields: plain, and another follows.
                *spans.get_mut(fields)? = Span {
                    from: start as u32,
                    to: i as u32,
                    flags: 0,
                };
                fields += 1;
                i += 1;
                continue;
            }
            // The record's end, or anything else (punctuation, a byte from 0x80 up, a
            // control character, a quote), looked at out of line.
            if !matches!(b, b'\r' | b'\n') {
                let (end, last, more) = bare_rest(input, i)?;
                i = end;
                b = last;
                flags = more;
            }
            span = Span {
                from: start as u32,
                to: i as u32,
                flags,
            };
        }
        if !span.plain() {
            marks |= 1u64.checked_shl(fields as u32).unwrap_or(0);
        }
        *spans.get_mut(fields)? = span;
        fields += 1;
        all |= flags;
        if b == b',' {
            i += 1;
        } else {
            return Some(RecordScan {
                lead,
                term: i,
                all,
                fields,
                marks,
            });
        }
    }
}

/// The rest of a bare field from `at`, a byte that is not a separator, byte by byte: where
/// the field ends (its `,`, CR or LF), that byte and the field's flags ([`NON_ASCII`],
/// [`CONTROL`]); `None` at a quote or when the input ends first.
#[cold]
#[inline(never)]
fn bare_rest(input: &[u8], at: usize) -> Option<(usize, u8, u8)> {
    let mut flags = 0u8;
    for (i, &b) in input.get(at..)?.iter().enumerate() {
        match b {
            b',' | b'\r' | b'\n' => return Some((at + i, b, flags)),
            b'"' => return None,
            0x80.. => flags |= NON_ASCII,
            0x00..=0x1F => flags |= CONTROL,
            _ => {}
        }
    }
    None
}

/// Appends the value of a canonical quoted field's inner bytes, each `""` as one `"`:
/// copied a stretch at a time, up to and with each quote, the quote after it left out.
fn unescape_into(inner: &[u8], out: &mut Vec<u8>) {
    let mut rest = inner;
    while let Some(at) = rest.iter().position(|&b| b == b'"') {
        let (head, tail) = rest.split_at(at + 1);
        out.extend_from_slice(head);
        rest = tail.strip_prefix(b"\"").unwrap_or(tail);
    }
    out.extend_from_slice(rest);
}

/// Whether `content` (the raw bytes of a field) is exactly the standard CSV form of
/// `value`: bare without any quote, or enclosed in quotes with every inner quote doubled.
fn is_canonical(content: &[u8], value: &[u8], quoted: bool) -> bool {
    if !quoted {
        // One pass (fields are short: cheaper than a comparison and a search).
        return content.len() == value.len()
            && content
                .iter()
                .zip(value)
                .all(|(&c, &v)| c == v && v != b'"');
    }
    let Some(inner) = content
        .strip_prefix(b"\"")
        .and_then(|c| c.strip_suffix(b"\""))
    else {
        return false;
    };
    let mut escaped = inner.iter();
    for &b in value {
        if escaped.next() != Some(&b) {
            return false;
        }
        if b == b'"' && escaped.next() != Some(&b'"') {
            return false;
        }
    }
    escaped.next().is_none()
}

/// Whether a field's raw bytes end inside a quoted value that was never closed, following
/// the states `csv-core` goes through for this dialect: a `"` opens a quoted value only at
/// the start of the field; inside, `""` is an escaped quote and a lone `"` closes it; after
/// that, quotes are ordinary bytes.
fn ends_inside_quotes(content: &[u8]) -> bool {
    #[derive(PartialEq)]
    enum State {
        Start,
        Quoted,
        QuoteInQuoted,
        Bare,
    }
    let mut state = State::Start;
    for &b in content {
        state = match (state, b) {
            (State::Start, b'"') => State::Quoted,
            (State::Start, _) => State::Bare,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::QuoteInQuoted, _) | (State::Bare, _) => State::Bare,
        };
    }
    state == State::Quoted
}

/// Where the first C0 control character other than CR and LF is in a field's raw bytes.
/// (Every byte below 0x20 is a character of its own, in MS932 as in UTF-8: trail bytes are
/// 0x40 and up.)
fn control_at(content: &[u8]) -> Option<usize> {
    content
        .iter()
        .position(|&b| b < 0x20 && b != b'\r' && b != b'\n')
}

/// The problem of a control character in a value: a warning in both modes. The standard
/// names no rule on them (MS932 holds them); they are reported because such bytes are
/// damage or the mark of a binary file, never text a care office typed (inferred).
fn control_problem(b: u8) -> Problem {
    let name = match b {
        0x00 => "NUL ",
        0x09 => "TAB ",
        0x1A => "EOF (Ctrl-Z) ",
        0x1B => "ESC ",
        _ => "",
    };
    Problem::warning(ProblemKind::ControlCharacter)
        .found(format!("{name}U+{:04X}", u32::from(b)))
        .inferred()
}

/// How many lines after its first a quoted field's raw bytes ran into, when they are lines
/// a stray quote absorbed: when the quoting of the field is `irregular` (a quote that
/// closed somewhere in a later line), or when one of those lines starts as a record of the
/// standard does (six digits of a CSVバージョン and a comma) — free text with a line break
/// does not. A line break at the very end (a field left open at the end of the file) opens
/// no line.
fn absorbed_lines(content: &[u8], irregular: bool) -> u64 {
    let mut lines = 0;
    let mut record_like = false;
    let mut i = 0;
    while let Some(&b) = content.get(i) {
        i += 1;
        if b != b'\r' && b != b'\n' {
            continue;
        }
        if b == b'\r' && content.get(i) == Some(&b'\n') {
            i += 1;
        }
        let rest = content.get(i..).unwrap_or_default();
        if rest.is_empty() {
            break;
        }
        lines += 1;
        record_like |= rest.len() > 6
            && rest.iter().take(6).all(u8::is_ascii_digit)
            && rest.get(6) == Some(&b',');
    }
    if irregular || record_like {
        lines
    } else {
        0
    }
}

/// `5`, or `5-7` for three lines from line 5.
fn line_range(first: u64, count: u64) -> String {
    match count {
        0 | 1 => first.to_string(),
        n => format!("{first}-{}", first + n - 1),
    }
}

/// Splits a run of `\r`/`\n` bytes into line breaks.
fn parse_breaks(gap: &[u8]) -> Vec<LineBreak> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < gap.len() {
        match (gap[i], gap.get(i + 1)) {
            (b'\r', Some(b'\n')) => {
                out.push(LineBreak::CrLf);
                i += 2;
            }
            (b'\r', _) => {
                out.push(LineBreak::Cr);
                i += 1;
            }
            _ => {
                out.push(LineBreak::Lf);
                i += 1;
            }
        }
    }
    out
}

/// Counts line breaks inside a (quoted) field: CRLF, CR and LF each count once.
fn count_breaks(bytes: &[u8]) -> u64 {
    let mut n = 0;
    let mut prev_cr = false;
    for &b in bytes {
        match b {
            b'\r' => {
                n += 1;
                prev_cr = true;
            }
            b'\n' => {
                if !prev_cr {
                    n += 1;
                }
                prev_cr = false;
            }
            _ => prev_cr = false,
        }
    }
    n
}

/// Whether `record` is a line of spaces, tabs and full-width spaces only, unquoted.
///
/// The usual record, of more than one field, is told in line; a record of one field is
/// looked at out of line.
#[inline]
fn is_whitespace_line(record: &RawRecord) -> bool {
    record.len() == 1 && only_white_space(record)
}

/// Whether the first field of `record` is unquoted white space only.
#[inline(never)]
fn only_white_space(record: &RawRecord) -> bool {
    record.field(0).is_some_and(|f| {
        !f.quoted
            && f.text
                .chars()
                .all(|c| c == ' ' || c == '\t' || c == '\u{3000}')
    })
}

/// A first line that is a header (spec OPEN_QUESTIONS 3): item names (CSVバージョン,
/// 保険者番号, 被保険者番号 …) where a data record has numbers. Its first item is not empty
/// and none of its first four items holds a digit, ASCII or full-width: no layout's first four
/// item names do, and a data record has digits there even when damaged (a version written
/// `2024-07` or `R06.07` with items No.2 and No.3 empty), so such a line is returned as a
/// record, and the layout reports its version.
fn looks_like_header(record: &RawRecord) -> bool {
    let has_digit = |t: &str| {
        t.chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    record.text(0).is_some_and(|t| !t.is_empty())
        && !record.fields().take(4).any(|f| has_digit(f.text))
}

fn header_text(record: &RawRecord) -> String {
    let mut s: String = record
        .fields()
        .take(4)
        .map(|f| f.text)
        .collect::<Vec<_>>()
        .join(",");
    if record.len() > 4 {
        s.push_str(",…");
    }
    s
}

/// Whether the start of a file is UTF-16: `(big_endian, bom)`. A byte order mark (`FF FE`,
/// `FE FF`) says so; without one, the text of a file of the standard starts with ASCII
/// (the CSVバージョン), which UTF-16 writes with a zero byte in every other place — a byte
/// MS932 text never holds there. Decided on the first 64 byte pairs.
fn utf16(window: &[u8]) -> Option<(bool, bool)> {
    match window {
        [0xFF, 0xFE, ..] => return Some((false, true)),
        [0xFE, 0xFF, ..] => return Some((true, true)),
        _ => {}
    }
    let pairs: Vec<(u8, u8)> = window
        .chunks_exact(2)
        .take(64)
        .map(|p| (p[0], p[1]))
        .collect();
    if pairs.len() < 2 {
        return None;
    }
    let zeros = |first: bool| {
        pairs
            .iter()
            .filter(|(a, b)| {
                if first {
                    *a == 0 && *b != 0
                } else {
                    *b == 0 && *a != 0
                }
            })
            .count()
    };
    // Most pairs an ASCII character with its zero byte.
    let mostly = |n: usize| n * 4 >= pairs.len() * 3;
    match (mostly(zeros(true)), mostly(zeros(false))) {
        (true, false) => Some((true, false)),
        (false, true) => Some((false, false)),
        _ => None,
    }
}

/// Whether the start of a file is UTF-8 rather than MS932 (spec OPEN_QUESTIONS 4): valid
/// UTF-8 whose multi-byte characters are mostly kana, kanji and full- or half-width forms,
/// as Japanese text is in UTF-8 (three bytes each), at least two of them ([`mostly_japanese`]).
/// MS932 bytes can form valid UTF-8 sequences (two half-width kana such as ﾏｷ, 0xCF 0xB7,
/// are `Ϸ`; a kanji and a half-width kana may be three bytes of another script), so these
/// alone never make a file UTF-8.
fn looks_like_utf8(window: &[u8], eof: bool) -> bool {
    if window.is_ascii() {
        return false;
    }
    utf8_sequences(window, eof).is_some_and(mostly_japanese)
}

/// [`looks_like_utf8`] of a field's whole `value` followed by the `rest` of the buffer,
/// which may end inside a character when the input goes on (`eof` false): how the encoding
/// left open at the start is decided at the first field that is not ASCII.
fn looks_like_utf8_after(value: &[u8], rest: &[u8], eof: bool) -> bool {
    match (utf8_sequences(value, true), utf8_sequences(rest, eof)) {
        (Some(a), Some(b)) => mostly_japanese((a.0 + b.0, a.1 + b.1, a.2 + b.2)),
        _ => false,
    }
}

/// Whether multi-byte characters, counted as (two-byte, kana and kanji, other longer ones),
/// are mostly kana and kanji, as Japanese text is in UTF-8, and at least two of them.
///
/// MS932 bytes may be UTF-8 too: a kanji whose second byte is from 0x80 to 0xBF followed by
/// a half-width katakana is three bytes of UTF-8 (`痼｡`, E1 80 A1, is U+1021, a Myanmar
/// letter; `窶｡`, E2 80 A1, is `‡`). Characters of other scripts count against UTF-8, and
/// one character alone does not decide: the standard's encoding is MS932, and a file that
/// reads as MS932 is not called UTF-8 on the strength of one character.
fn mostly_japanese((two, japanese, other): (usize, usize, usize)) -> bool {
    japanese >= 2 && japanese >= two + other
}

/// Whether `c` is kana or kanji, or a full- or half-width form: the three-byte characters
/// Japanese text in UTF-8 is mostly made of.
fn japanese(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xFF01..=0xFF9F
    )
}

/// How many two-byte characters, longer ones of Japanese text ([`japanese`]) and longer ones
/// of other scripts `window` holds as UTF-8, or `None` when it is not UTF-8. A sequence cut
/// at the end is fine if more input follows (`eof` false).
fn utf8_sequences(window: &[u8], eof: bool) -> Option<(usize, usize, usize)> {
    let valid = match std::str::from_utf8(window) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() && !eof => {
            std::str::from_utf8(window.get(..e.valid_up_to())?).ok()?
        }
        Err(_) => return None,
    };
    let (mut two, mut japanese_chars, mut other) = (0usize, 0usize, 0usize);
    for c in valid.chars() {
        match c.len_utf8() {
            1 => {}
            2 => two += 1,
            _ if japanese(c) => japanese_chars += 1,
            _ => other += 1,
        }
    }
    Some((two, japanese_chars, other))
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::from("0x");
    for b in bytes {
        s.push_str(&format!("{b:02X}"));
    }
    s
}

/// The longest excerpt of raw bytes in a problem, in bytes.
const EXCERPT_BYTES: usize = 60;

/// A short, printable excerpt of raw bytes for a problem's `found`, decoded in the
/// `encoding` the file is read in and cut between characters.
fn lossy_excerpt(bytes: &[u8], encoding: SourceEncoding) -> String {
    let cut = bytes
        .get(..excerpt_end(bytes, encoding))
        .unwrap_or_default();
    let mut text = match encoding {
        SourceEncoding::Utf8 => String::from_utf8_lossy(cut).into_owned(),
        _ => {
            let mut text = String::new();
            let _ = ms932::decode_into(cut, &mut text);
            text
        }
    };
    if cut.len() < bytes.len() {
        text.push('…');
    }
    text
}

/// Where an excerpt of at most [`EXCERPT_BYTES`] of `bytes` ends: not inside a character
/// (a UTF-8 sequence, an MS932 double-byte pair).
fn excerpt_end(bytes: &[u8], encoding: SourceEncoding) -> usize {
    if bytes.len() <= EXCERPT_BYTES {
        return bytes.len();
    }
    let mut end = 0;
    match encoding {
        SourceEncoding::Utf8 => {
            // Back over the continuation bytes (10xxxxxx) of a character the cut falls in.
            end = EXCERPT_BYTES;
            for _ in 0..3 {
                match bytes.get(end) {
                    Some(b) if b & 0xC0 == 0x80 => end -= 1,
                    _ => break,
                }
            }
        }
        _ => {
            // From the start: a lead byte takes the next byte with it.
            while let Some(&b) = bytes.get(end) {
                let width = if matches!(b, 0x81..=0x9F | 0xE0..=0xFC) {
                    2
                } else {
                    1
                };
                if end + width > EXCERPT_BYTES {
                    break;
                }
                end += width;
            }
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    fn read(mode: Mode, data: &[u8]) -> (Vec<RawRecord>, Vec<Problem>, Option<bool>) {
        let mut rdr = ReaderBuilder::new()
            .mode(mode)
            .buffer_capacity(1024)
            .from_reader(data);
        let recs: Vec<RawRecord> = rdr.records().collect::<Result<_, _>>().unwrap();
        let probs = rdr.take_problems();
        (recs, probs, rdr.final_line_break())
    }

    fn kinds(p: &[Problem]) -> Vec<ProblemKind> {
        p.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn a_kept_buffer_shows_nothing_of_the_file_read_in_it_before() {
        let long = "202407,131001,0000012345,202504\r\n".repeat(100);
        for data in [long.as_bytes(), b"202407,1".as_slice(), b"".as_slice()] {
            let mut rdr = ReaderBuilder::new().from_reader(data);
            let records: Vec<RawRecord> = rdr.records().collect::<Result<_, _>>().unwrap();
            let fields: usize = records.iter().map(RawRecord::len).sum();
            let expected = match data.len() {
                0 => 0,
                8 => 2,
                _ => 400,
            };
            assert_eq!(fields, expected, "{}", String::from_utf8_lossy(data));
        }
    }

    #[test]
    fn standard_file_has_no_problems() {
        let data = b"202407,\"a,b\",1\r\n202407,\"x\"\"y\",\r\n";
        let (recs, probs, fin) = read(Mode::Strict, data);
        assert!(probs.is_empty(), "{probs:?}");
        assert_eq!(fin, Some(true));
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].text(1), Some("a,b"));
        assert!(recs[0].field(1).unwrap().quoted);
        assert!(!recs[0].field(2).unwrap().quoted);
        assert_eq!(recs[1].text(1), Some("x\"y"));
        assert_eq!(recs[1].text(2), Some(""));
        assert_eq!(recs[1].position(), Position::new(16, 2, 2));
        assert!(recs.iter().all(|r| r.problems().is_empty()));
    }

    #[test]
    fn multi_line_field_advances_lines() {
        let data = b"1,\"a\r\nb\nc\"\r\n2\r\n";
        let (recs, probs, _) = read(Mode::Strict, data);
        assert!(probs.is_empty());
        assert_eq!(recs[0].text(1), Some("a\r\nb\nc"));
        assert_eq!(recs[1].position().line(), 4);
        assert_eq!(recs[1].position().record(), 2);
    }

    #[test]
    fn canonical_forms() {
        assert!(is_canonical(b"202407", b"202407", false));
        assert!(is_canonical(b"", b"", false));
        assert!(!is_canonical(b"ab\"c", b"ab\"c", false));
        assert!(!is_canonical(b"abc", b"abd", false));
        assert!(!is_canonical(b"abc", b"ab", false));
        assert!(is_canonical(b"\"a\"\"b\"", b"a\"b", true));
        assert!(is_canonical(b"\"\"", b"", true));
        assert!(!is_canonical(b"\"a\"b\"", b"a\"b", true));
        assert!(!is_canonical(b"\"a\"b", b"ab", true));
    }

    #[test]
    fn lines_are_counted_in_quoted_fields_only() {
        // A bare field with a stray quote ends at the line break; a quoted one spans it.
        let data = b"1,ab\"c\r\n2,\"x\r\ny\"z\r\n3,\"p\nq\",\r\n4\r\n";
        let (recs, _, _) = read(Mode::Lenient, data);
        let lines: Vec<u64> = recs.iter().map(|r| r.position().line()).collect();
        assert_eq!(lines, [1, 2, 4, 6]);
        assert_eq!(recs[0].text(1), Some("ab\"c"));
        assert_eq!(recs[1].text(1), Some("x\r\nyz"));
    }

    #[test]
    fn lf_cr_and_mixed_endings_are_reported_once_per_change() {
        let (recs, probs, _) = read(Mode::Lenient, b"1\n2\n3\r\n4\n");
        assert_eq!(recs.len(), 4);
        assert_eq!(
            kinds(&probs),
            vec![ProblemKind::LineEnding, ProblemKind::LineEnding]
        );
        assert_eq!(probs[0].location.line, Some(1));
        assert_eq!(probs[1].location.line, Some(4));
        assert_eq!(probs[0].severity, Severity::Warning);
        let (recs, probs, _) = read(Mode::Strict, b"1\r2\r");
        assert_eq!(recs.len(), 2);
        assert_eq!(probs[0].found.as_deref(), Some("CR"));
        // A convention, not a rule (OPEN_QUESTIONS 1): a warning in strict mode too.
        assert_eq!(probs[0].severity, Severity::Warning);
    }

    #[test]
    fn blank_lines_and_missing_final_break() {
        let (recs, probs, fin) = read(Mode::Lenient, b"1\r\n\r\n2\r\n\r\n\r\n");
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].position().line(), 3);
        assert_eq!(kinds(&probs), vec![ProblemKind::BlankLine; 3]);
        assert_eq!(
            probs
                .iter()
                .map(|p| p.location.line.unwrap())
                .collect::<Vec<_>>(),
            vec![2, 4, 5]
        );
        assert_eq!(fin, Some(true));
        let (recs, probs, fin) = read(Mode::Strict, b"1\r\n2");
        assert_eq!(recs.len(), 2);
        assert_eq!(fin, Some(false));
        assert_eq!(kinds(&probs), vec![ProblemKind::MissingFinalLineBreak]);
        assert_eq!(probs[0].severity, Severity::Warning);
    }

    #[test]
    fn header_line_lenient_skips_strict_keeps() {
        let data = b"version,no\r\n202407,1\r\n";
        let (recs, _, _) = read(Mode::Lenient, b"x202407,131001,1\r\n");
        assert_eq!(recs.len(), 1, "a damaged data record is not a header");
        let (recs, probs, _) = read(Mode::Lenient, data);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].position().record(), 1);
        assert_eq!(kinds(&probs), vec![ProblemKind::HeaderLine]);
        assert_eq!(probs[0].found.as_deref(), Some("version,no"));
        let (recs, probs, _) = read(Mode::Strict, data);
        assert!(probs.is_empty());
        assert_eq!(recs.len(), 2);
        assert_eq!(kinds(recs[0].problems()), vec![ProblemKind::HeaderLine]);
        assert!(recs[0].has_errors());
    }

    #[test]
    fn stray_and_unterminated_quotes_are_reported() {
        let (recs, _, _) = read(Mode::Lenient, b"1,ab\"c,\"x\"y\r\n");
        let ks = kinds(recs[0].problems());
        assert_eq!(
            ks,
            vec![ProblemKind::IrregularQuoting, ProblemKind::IrregularQuoting]
        );
        assert_eq!(recs[0].problems()[0].location.item.unwrap().no, 2);
        let (recs, _, _) = read(Mode::Lenient, b"1,\"abc\r\n");
        assert_eq!(recs.len(), 1);
        assert_eq!(
            kinds(recs[0].problems()),
            vec![ProblemKind::IrregularQuoting]
        );
    }

    #[test]
    fn bom_and_utf8() {
        let data = "\u{feff}202407,\"山田\"\r\n".as_bytes();
        let (recs, probs, _) = read(Mode::Lenient, data);
        assert_eq!(recs[0].text(1), Some("山田"));
        assert_eq!(recs[0].source(), SourceEncoding::Utf8);
        assert_eq!(recs[0].position().byte(), 3);
        assert_eq!(kinds(&probs), vec![ProblemKind::Utf8Bom]);
        let (_, probs, _) = read(Mode::Strict, data);
        assert_eq!(probs[0].severity, Severity::Error);
        let (recs, probs, _) = read(Mode::Lenient, "202407,\"山田\"\r\n".as_bytes());
        assert_eq!(recs[0].text(1), Some("山田"));
        assert_eq!(kinds(&probs), vec![ProblemKind::Utf8Encoding]);
    }

    /// A reader that gives at most three bytes a read.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(3).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// The records and problems of `data` read through a [`Trickle`] with a 1 KiB buffer.
    fn read_trickled(mode: Mode, data: &[u8]) -> (Vec<RawRecord>, Vec<Problem>) {
        let mut rdr = ReaderBuilder::new()
            .mode(mode)
            .buffer_capacity(1024)
            .from_reader(Trickle(data));
        let recs: Vec<RawRecord> = rdr.records().collect::<Result<_, _>>().unwrap();
        (recs, rdr.take_problems())
    }

    #[test]
    fn an_encoding_left_open_is_decided_at_the_first_field_that_is_not_ascii() {
        let mut data = b"1,\"ab\",2\r\n".repeat(200);
        data.extend_from_slice("3,\"x\",\"山田\"\r\n4,\"田\"\r\n".as_bytes());
        for (mode, severity, text) in [
            (Mode::Lenient, Severity::Warning, "山田"),
            (Mode::Strict, Severity::Error, "螻ｱ逕ｰ"),
        ] {
            let (recs, probs, _) = read(mode, &data);
            assert_eq!(recs.len(), 202);
            assert_eq!(recs[200].text(2), Some(text));
            assert_eq!(kinds(&probs), vec![ProblemKind::Utf8Encoding]);
            assert_eq!(probs[0].severity, severity);
            assert_eq!(probs[0].location.line, Some(201));
            assert_eq!(probs[0].location.record, Some(201));
            assert_eq!(probs[0].location.item.map(|i| i.no), Some(3));
            assert_eq!(probs[0].location.byte, Some(200 * 10 + 7));
            // The records before it are ASCII, read the same either way.
            assert_eq!(recs[199].source(), SourceEncoding::Ms932);
            let after = match mode {
                Mode::Lenient => SourceEncoding::Utf8,
                _ => SourceEncoding::Ms932,
            };
            assert_eq!((recs[200].source(), recs[201].source()), (after, after));
        }
    }

    #[test]
    fn a_first_buffer_ending_inside_its_first_character_leaves_the_encoding_open() {
        // 1022 bytes of ASCII, then 山田 in UTF-8: the 1 KiB buffer ends inside 山.
        let mut data = b"1,\"ab\",2\r\n".repeat(101);
        data.extend_from_slice("3,\"abcdefghi山田\"\r\n".as_bytes());
        assert_eq!(data.get(1022..1025), Some("山".as_bytes()));
        let (recs, probs, _) = read(Mode::Lenient, &data);
        assert_eq!(recs[101].text(1), Some("abcdefghi山田"));
        assert_eq!(kinds(&probs), vec![ProblemKind::Utf8Encoding]);
        assert_eq!(probs[0].location.line, Some(102));
        assert_eq!(probs[0].location.item.map(|i| i.no), Some(2));
    }

    #[test]
    fn an_encoding_left_open_is_decided_on_a_full_buffer() {
        // 闃田 in MS932 is also valid UTF-8 (芓c); the next record's 山田 is not.
        let mut data = b"1,\"ab\",2\r\n".repeat(200);
        data.extend_from_slice(b"3,\"\xe8\x8a\x93\x63\"\r\n4,\"\x8e\x52\x93\x63\"\r\n");
        let (recs, probs) = read_trickled(Mode::Lenient, &data);
        assert!(probs.is_empty(), "{probs:?}");
        assert_eq!(recs[200].text(1), Some("闃田"));
        assert_eq!(recs[201].text(1), Some("山田"));
    }

    #[test]
    fn ms932_half_width_kana_that_is_also_valid_utf8_stays_ms932() {
        // ﾏｷ in MS932 is 0xCF 0xB7, which is also the UTF-8 of Ϸ.
        let (recs, probs, _) = read(Mode::Strict, b"202407,\"\xcf\xb7\"\r\n");
        assert!(probs.is_empty(), "{probs:?}");
        assert_eq!(recs[0].text(1), Some("ﾏｷ"));
    }

    /// MS932 text whose bytes are also UTF-8 of a script Japanese text does not use stays
    /// MS932: 痼｡ is E1 80 A1, the UTF-8 of U+1021 (a Myanmar letter). UTF-8 of kana and
    /// kanji is still taken for UTF-8, a few characters of another script among them too.
    #[test]
    fn ms932_that_is_also_utf8_of_another_script_stays_ms932() {
        let (recs, probs, _) = read(Mode::Strict, b"202407,\"\xe1\x80\xa1\"\r\n");
        assert!(probs.is_empty(), "{probs:?}");
        assert_eq!(recs[0].text(1), Some("痼｡"));
        let (recs, _, _) = read(Mode::Lenient, "202407,\"山田 ꯀ\"\r\n".as_bytes());
        assert_eq!(recs[0].text(1), Some("山田 ꯀ"));
        let (_, probs, _) = read(Mode::Strict, "202407,\"山田\"\r\n".as_bytes());
        assert!(
            probs.iter().any(|p| p.kind == ProblemKind::Utf8Encoding),
            "{probs:?}"
        );
    }

    #[test]
    fn ends_inside_quotes_follows_the_tokenizer() {
        for (raw, open) in [
            (&b"\"a\r\r"[..], true),
            (b"\"a\"\"b", true),
            (b"\"a\"", false),
            (b"\"a\"\"\"", false),
            (b"\"ab\"c\"", false),
            (b"ab\"c", false),
            (b"", false),
        ] {
            assert_eq!(ends_inside_quotes(raw), open, "{raw:?}");
        }
    }

    #[test]
    fn small_buffers_and_long_fields() {
        let long = "ア".repeat(3000);
        let mut data = Vec::new();
        for i in 0..50 {
            data.extend_from_slice(format!("{i},\"").as_bytes());
            let (enc, _, _) = encoding_rs::SHIFT_JIS.encode(&long);
            data.extend_from_slice(&enc);
            data.extend_from_slice(b"\"\r\n");
        }
        let (recs, probs, _) = read(Mode::Strict, &data);
        assert!(probs.is_empty());
        assert_eq!(recs.len(), 50);
        assert_eq!(recs[49].text(1), Some(long.as_str()));
        assert_eq!(recs[49].position().line(), 50);
    }

    #[test]
    fn record_limit_is_an_error() {
        let mut data = b"1,\"".to_vec();
        data.extend(std::iter::repeat_n(b'a', 10_000));
        let mut rdr = ReaderBuilder::new()
            .max_record_bytes(1000)
            .from_reader(&data[..]);
        let err = rdr.records().find_map(|r| r.err()).unwrap();
        assert!(matches!(
            err.kind(),
            ErrorKind::RecordTooLarge { limit: 1000 }
        ));
    }

    #[test]
    fn a_record_of_empty_fields_counts_their_memory_toward_the_limit() {
        // 2000 commas: 2001 empty fields, 2003 bytes with the line break, and 977 fields
        // past the free ones, 48 bytes more each in memory.
        let mut data = vec![b','; 2000];
        data.extend_from_slice(b"\r\n");
        // (The line break counts a byte or two, depending on how it is taken apart.)
        let cost = (2001 - FREE_FIELDS) * FIELD_COST;
        let mut rdr = ReaderBuilder::new()
            .max_record_bytes(2000 + cost - 8)
            .from_reader(&data[..]);
        let err = rdr.records().find_map(|r| r.err()).unwrap();
        assert!(matches!(err.kind(), ErrorKind::RecordTooLarge { .. }));
        let mut rdr = ReaderBuilder::new()
            .max_record_bytes(2003 + cost)
            .from_reader(&data[..]);
        assert_eq!(rdr.records().next().unwrap().unwrap().len(), 2001);
    }

    /// Everything a read yields, as text: records (fields, positions, problems), the
    /// reader's problems, the final line break, and an error if any.
    fn trace(data: &[u8], mode: Mode, capacity: usize, at_once: bool) -> String {
        let mut rdr = ReaderBuilder::new()
            .mode(mode)
            .buffer_capacity(capacity)
            .max_record_bytes(200)
            .from_reader(data);
        rdr.record_at_once = at_once;
        let mut out = String::new();
        let mut record = RawRecord::new();
        loop {
            match rdr.read_record(&mut record) {
                Ok(true) => {
                    let fields: Vec<_> = record.fields().collect();
                    out.push_str(&format!(
                        "{:?} {fields:?} {:?} {:?}\n",
                        record.position(),
                        record.source(),
                        record.problems()
                    ));
                }
                Ok(false) => break,
                Err(e) => {
                    out.push_str(&format!("error {e:?}\n"));
                    break;
                }
            }
        }
        out.push_str(&format!(
            "{:?} {:?} {:?} {:?}",
            rdr.problems(),
            rdr.final_line_break(),
            rdr.header(),
            rdr.encoding()
        ));
        out
    }

    #[test]
    fn records_read_at_once_equal_the_field_by_field_reading() {
        let alphabet: [&[u8]; 15] = [
            b"a",
            b"1",
            b",",
            b",",
            b"\"",
            b"\"\"",
            b"\r",
            b"\n",
            b"\r\n",
            b"\x8e\x52",
            b"\x80",
            b"\xf0\x40",
            b"\x82",
            b" ",
            "山".as_bytes(),
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut checked = 0;
        let mut found_late = 0;
        for case in 0..3000 {
            let mut data = Vec::new();
            // Whether the first buffer is all ASCII (the encoding is decided later), and
            // whether the bytes after it are UTF-8 only.
            let late = case % 4 == 3;
            let utf8_only = late && case % 8 == 7;
            if late {
                data.extend_from_slice(&b"1,\"ab\",2\r\n".repeat(120));
            } else if case % 3 == 0 {
                data.extend_from_slice(b"202407,\"\x8e\x52\x93\x63\",1\r\n");
            } else if case % 3 == 1 && case % 2 == 0 {
                // A UTF-8 file (lenient mode reads it as UTF-8).
                data.extend_from_slice("\u{feff}202407,\"山田\",1\r\n".as_bytes());
            }
            let len = (next() % 120) as usize;
            for _ in 0..len {
                let mut piece = alphabet[(next() % alphabet.len() as u64) as usize];
                if utf8_only && !piece.is_ascii() {
                    piece = "山".as_bytes();
                }
                data.extend_from_slice(piece);
            }
            for mode in [Mode::Lenient, Mode::Strict] {
                let fast = trace(&data, mode, 1024, true);
                assert_eq!(fast, trace(&data, mode, 1024, false), "{data:?}");
                if late && fast.contains("Utf8Encoding") {
                    found_late += 1;
                }
                checked += 1;
            }
        }
        assert!(found_late > 200, "{found_late}");
        // Long inputs cross the buffer's end.
        let mut data = Vec::new();
        for i in 0..400 {
            data.extend_from_slice(format!("{i},\"a\"\"b\",\"x\r\ny\",").as_bytes());
            data.extend_from_slice(b"\x8e\x52\r\n");
            if i % 50 == 0 {
                data.extend_from_slice(b"\n\r\n7,ab\"c\r");
            }
        }
        assert_eq!(
            trace(&data, Mode::Lenient, 1024, true),
            trace(&data, Mode::Lenient, 1024, false)
        );
        assert_eq!(checked, 6000);
    }

    /// Wide records (130 and 276 fields) read at once the same as field by field, whichever of
    /// their fields are not plain (MS932 text, doubled quotes): runs of plain fields
    /// before, between and after them, or none.
    #[test]
    fn wide_records_read_at_once_equal_the_field_by_field_reading() {
        let read = |data: &[u8], at_once: bool| {
            let mut rdr = ReaderBuilder::new().from_reader(data);
            rdr.record_at_once = at_once;
            let mut out = Vec::new();
            let mut record = RawRecord::new();
            while rdr.read_record(&mut record).expect("readable") {
                let fields: Vec<_> = record.fields().map(|f| format!("{f:?}")).collect();
                out.push((
                    fields,
                    record.position(),
                    format!("{:?}", record.problems()),
                ));
            }
            (out, format!("{:?}", rdr.problems()))
        };
        let not_plain: [&[usize]; 7] = [
            &[],
            &[0, 5, 63],
            &[64, 65, 99, 129],
            &[1, 62, 63, 64, 100],
            &[10, 70],
            // None among the 64 the scanner marks.
            &[80],
            // Wider than the scanner holds: read by the tokenizer.
            &[3, 200, SCANNED_FIELDS + 10],
        ];
        for (n, marks) in not_plain.iter().enumerate() {
            let width = if n == 6 { SCANNED_FIELDS + 20 } else { 130 };
            let mut data = Vec::new();
            // A first record for the tokenizer, then the wide ones.
            data.extend_from_slice(b"202407,1\r\n");
            for line in 0..3 {
                for k in 0..width {
                    if k > 0 {
                        data.push(b',');
                    }
                    if marks.contains(&k) {
                        match (k + line) % 3 {
                            0 => data.extend_from_slice(b"\"\x8e\x52\x93\x63\""),
                            1 => data.extend_from_slice(b"\"a\"\"b\""),
                            _ => data.extend_from_slice(b"\x8e\x52"),
                        }
                    } else {
                        data.extend_from_slice(format!("{k}").as_bytes());
                    }
                }
                data.extend_from_slice(b"\r\n");
            }
            let (at_once, problems) = read(&data, true);
            assert_eq!((at_once.clone(), problems), read(&data, false), "{n}");
            assert_eq!(at_once.len(), 4);
            for (k, field) in at_once[1].0.iter().enumerate() {
                let plain = field.contains(&format!("text: \"{k}\""));
                assert_eq!(plain, !marks.contains(&k), "{n} {k}: {field}");
            }
        }
    }

    #[test]
    fn the_scanner_accepts_canonical_records_only() {
        let mut spans = Vec::new();
        // The scanner's answer as (lead, terminator, flags), its fields in `spans`.
        let scan_record = |input: &[u8], spans: &mut Vec<Span>| {
            let mut all = vec![Span::default(); SCANNED_FIELDS];
            let scanned = scan_record(input, &mut all)?;
            all.truncate(scanned.fields);
            *spans = all;
            Some((scanned.lead, scanned.term, scanned.all))
        };
        assert_eq!(
            scan_record(b"\r\na,\"b\"\"c\",\r\n", &mut spans),
            Some((2, 11, QUOTED | ESCAPED))
        );
        assert_eq!(spans.len(), 3);
        assert_eq!(spans[1].flags, QUOTED | ESCAPED);
        assert_eq!(spans[2].range(), 11..11);
        assert!(spans.iter().all(|s| s.flags & NON_ASCII == 0));
        assert_eq!(
            scan_record(b"1,\"\x8e\x52\",\xb1\n", &mut spans),
            Some((0, 8, QUOTED | NON_ASCII))
        );
        let ascii: Vec<bool> = spans.iter().map(|s| s.flags & NON_ASCII == 0).collect();
        assert_eq!(ascii, [true, false, false]);
        assert_eq!(scan_record(b"a,b", &mut spans), None, "no terminator");
        assert_eq!(scan_record(b"a,b\"c\n", &mut spans), None, "stray quote");
        assert_eq!(
            scan_record(b"\"a\"b\n", &mut spans),
            None,
            "text after the quote"
        );
        assert_eq!(scan_record(b"\"a\n", &mut spans), None, "unterminated");
        assert_eq!(
            scan_record(b"\"a\nb\"\n", &mut spans),
            Some((0, 5, QUOTED | BREAKS))
        );
        assert_eq!(spans[0].flags, QUOTED | BREAKS);
        // Long fields cross words; punctuation below 0x30 is not a separator.
        let long = b"12345678901234567-890.12 /x,\"abcdefgh\x8e\x52ijklmnop\"\"q\"\r\n";
        assert_eq!(
            scan_record(long, &mut spans),
            Some((0, 51, QUOTED | ESCAPED | NON_ASCII))
        );
        assert_eq!((spans[0].to, spans[0].flags), (27, 0));
        assert_eq!(
            (spans[1].from, spans[1].flags),
            (29, QUOTED | ESCAPED | NON_ASCII)
        );
        // A record cut anywhere is not whole.
        for cut in 0..long.len() - 1 {
            assert_eq!(scan_record(&long[..cut], &mut spans), None, "{cut}");
        }
        let mut out = Vec::new();
        unescape_into(b"a\"\"b\"\"\"\"", &mut out);
        assert_eq!(out, b"a\"b\"\"");
    }

    /// A scan's answer: lead, terminator, flags or-ed, each field's range and flags.
    type Scan = (usize, usize, u8, Vec<(Range<usize>, u8)>);

    /// What [`scan_record`] finds, found a byte at a time.
    fn scan_byte_by_byte(input: &[u8]) -> Option<Scan> {
        let lead = input
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let (mut i, mut all, mut fields) = (lead, 0, Vec::new());
        loop {
            let start = i;
            let mut flags = 0;
            let range = if *input.get(i)? == b'"' {
                flags = QUOTED;
                i += 1;
                loop {
                    let b = *input.get(i)?;
                    i += 1;
                    match b {
                        b'"' => match *input.get(i)? {
                            b'"' => {
                                flags |= ESCAPED;
                                i += 1;
                            }
                            b',' | b'\r' | b'\n' => break,
                            _ => return None,
                        },
                        b'\r' | b'\n' => flags |= BREAKS,
                        0x00..=0x1F => flags |= CONTROL,
                        0x80.. => flags |= NON_ASCII,
                        _ => {}
                    }
                }
                start + 1..i - 1
            } else {
                loop {
                    match *input.get(i)? {
                        b',' | b'\r' | b'\n' => break,
                        b'"' => return None,
                        0x00..=0x1F => flags |= CONTROL,
                        0x80.. => flags |= NON_ASCII,
                        _ => {}
                    }
                    i += 1;
                }
                start..i
            };
            fields.push((range, flags));
            all |= flags;
            if input.get(i) == Some(&b',') {
                i += 1;
            } else {
                return Some((lead, i, all, fields));
            }
        }
    }

    /// The scanner, eight bytes at a time, finds what a byte-at-a-time scan finds: in
    /// every text of up to five bytes of separators, quotes, line breaks, punctuation,
    /// control, MS932 and zero bytes, and in many longer ones crossing words.
    #[test]
    fn the_scanner_finds_what_a_byte_by_byte_scan_finds() {
        const BYTES: [u8; 10] = [b',', b'"', b'\r', b'\n', b'a', b'.', 0x8E, 0x01, 0x00, b'9'];
        let mut spans = vec![Span::default(); SCANNED_FIELDS];
        let mut check = |input: &[u8]| {
            let words = scan_record(input, &mut spans).map(|s| {
                let fields: Vec<_> = spans[..s.fields]
                    .iter()
                    .map(|f| (f.range(), f.flags))
                    .collect();
                // The marks are the first 64 fields that are not plain, and no others.
                let marks = spans[..s.fields.min(64)]
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !f.plain())
                    .fold(0u64, |m, (k, _)| m | 1 << k);
                assert_eq!(s.marks, marks, "{input:?}");
                (s.lead, s.term, s.all, fields)
            });
            assert_eq!(words, scan_byte_by_byte(input), "{input:?}");
        };
        let mut input = Vec::new();
        for len in 0..=5u32 {
            for mut n in 0..BYTES.len().pow(len) {
                input.clear();
                for _ in 0..len {
                    input.push(BYTES[n % BYTES.len()]);
                    n /= BYTES.len();
                }
                check(&input);
            }
        }
        // Longer records: fields of ASCII now and then broken by the other bytes.
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            input.clear();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 48) as usize;
            let mut bits = seed;
            for k in 0..len {
                if k % 8 == 0 {
                    bits = bits.rotate_left(29) ^ seed;
                }
                let pick = (bits >> (k % 8 * 8)) as u8;
                input.push(match pick % 16 {
                    0..=9 => b'0' + pick % 10,
                    _ => BYTES[usize::from(pick / 16) % BYTES.len()],
                });
            }
            input.extend_from_slice(b"\r\n");
            check(&input);
            check(&input[..len]);
        }
    }

    /// A record of more fields than the scanner holds is left to the tokenizer; one of as
    /// many is scanned.
    #[test]
    fn the_scanner_holds_a_bounded_number_of_fields() {
        let mut spans = vec![Span::default(); SCANNED_FIELDS];
        let record = |fields: usize| {
            let mut r = vec![b','; fields - 1];
            r.extend_from_slice(b"\r\n");
            r
        };
        let scanned = scan_record(&record(SCANNED_FIELDS), &mut spans);
        assert_eq!(scanned.map(|s| s.fields), Some(SCANNED_FIELDS));
        assert_eq!(scan_record(&record(SCANNED_FIELDS + 1), &mut spans), None);
    }

    /// Unescaping a stretch at a time gives what unescaping byte by byte gives (each `""`
    /// as one `"`, a lone `"` kept), for every text of up to seven bytes of `"`, ASCII and
    /// an MS932 pair's bytes.
    #[test]
    fn unescaping_by_stretches_equals_byte_by_byte() {
        fn byte_by_byte(inner: &[u8]) -> Vec<u8> {
            let mut out = Vec::new();
            let mut quote = false;
            for &b in inner {
                if b == b'"' && quote {
                    quote = false;
                    continue;
                }
                quote = b == b'"';
                out.push(b);
            }
            out
        }
        let alphabet = [b'"', b'a', 0x8e, 0x52];
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        let mut checked = 0;
        for _ in 0..7 {
            let mut longer = Vec::new();
            for t in &texts {
                for &b in &alphabet {
                    let mut n = t.clone();
                    n.push(b);
                    longer.push(n);
                }
            }
            for t in &longer {
                let mut out = b"kept".to_vec();
                unescape_into(t, &mut out);
                let mut expected = b"kept".to_vec();
                expected.extend(byte_by_byte(t));
                assert_eq!(out, expected, "{t:?}");
                checked += 1;
            }
            texts = longer;
        }
        assert_eq!(checked, (1..=7).map(|n| 4usize.pow(n)).sum::<usize>());
    }

    /// A value repeated in a column is reused from the last decode: the same text and
    /// source bytes, and a value with a problem reports it on every record.
    #[test]
    fn repeated_values_read_the_same_every_time() {
        let mut data = Vec::new();
        for value in [
            &b"\x8e\x52\x93\x63"[..], // 山田
            b"\x8e\x52\x93\x63",
            b"\xf0\x40", // 外字
            b"\xf0\x40",
            b"\x8e\x52\x93\x63",
            b"\xed\x40", // 纊 (NEC-selected IBM), then its IBM twin
            b"\xfa\x5c",
            b"\x8e\x52",
        ] {
            data.extend_from_slice(b"1,\"");
            data.extend_from_slice(value);
            data.extend_from_slice(b"\"\r\n");
        }
        let (records, _, _) = read(Mode::Strict, &data);
        let seen: Vec<_> = records
            .iter()
            .map(|r| {
                let f = r.field(1).unwrap();
                (
                    f.text.to_string(),
                    f.raw.unwrap().to_vec(),
                    kinds(r.problems()),
                )
            })
            .collect();
        let yamada = ("山田".to_string(), vec![0x8e, 0x52, 0x93, 0x63], vec![]);
        let gaiji = (
            "\u{E000}".to_string(),
            vec![0xf0, 0x40],
            vec![ProblemKind::Gaiji],
        );
        assert_eq!(
            seen,
            [
                yamada.clone(),
                yamada.clone(),
                gaiji.clone(),
                gaiji,
                yamada,
                ("纊".to_string(), vec![0xed, 0x40], vec![]),
                ("纊".to_string(), vec![0xfa, 0x5c], vec![]),
                ("山".to_string(), vec![0x8e, 0x52], vec![]),
            ]
        );
    }

    /// Values kept side by side that begin alike (the same first eight bytes, the same
    /// length) or are shorter than a word are each found with their own text, never
    /// another's.
    #[test]
    fn values_alike_at_their_start_keep_their_own_texts() {
        // 山田太郎 (8 bytes), 山田太郎一 and 山田太郎二 (10: the same first eight), 山田太
        // (6) and 山 (2).
        let names: [&[u8]; 5] = [
            b"\x8e\x52\x93\x63\x91\xbe\x98\x59",
            b"\x8e\x52\x93\x63\x91\xbe\x98\x59\x88\xea",
            b"\x8e\x52\x93\x63\x91\xbe\x98\x59\x93\xf1",
            b"\x8e\x52\x93\x63\x91\xbe",
            b"\x8e\x52",
        ];
        let texts = ["山田太郎", "山田太郎一", "山田太郎二", "山田太", "山"];
        let mut data = Vec::new();
        for i in 0..20 {
            data.extend_from_slice(b"1,\"");
            data.extend_from_slice(names[(i * 3) % 5]);
            data.extend_from_slice(b"\"\r\n");
        }
        let (records, _, _) = read(Mode::Strict, &data);
        for (i, r) in records.iter().enumerate() {
            assert_eq!(r.text(1), Some(texts[(i * 3) % 5]), "record {i}");
        }
        let mut column = DecodedColumn::default();
        for (name, text) in names.iter().zip(texts) {
            assert_eq!(column.decode(name), Some(text));
        }
        for (name, text) in names.iter().zip(texts).rev() {
            assert_eq!(column.find(name), Some(text));
        }
        assert_eq!(column.find(b"\x8e\x52\x93\x63\x91\xbe\x98"), None);
    }

    /// Values that take turns in a column (the providers of a user's lines, seven in a
    /// 第7表 of the bench's data) are each kept decoded, and read the same as when decoded
    /// afresh.
    #[test]
    fn values_taking_turns_are_kept_side_by_side() {
        let names: [&[u8]; 7] = [
            b"\x8e\x52\x93\x63",
            b"\x97\xe9\x96\xd8",
            b"\xb1\xb2",
            b"\x8d\xb2\x93\xa1",
            b"\x93\x63\x92\x86",
            b"\x8d\x82\x8b\xb4",
            b"\xb6\xb7",
        ];
        let mut data = Vec::new();
        for i in 0..28 {
            data.extend_from_slice(b"1,\"");
            data.extend_from_slice(names[i % 7]);
            data.extend_from_slice(b"\"\r\n");
        }
        let (records, _, _) = read(Mode::Strict, &data);
        let texts: Vec<_> = records
            .iter()
            .map(|r| r.text(1).unwrap_or_default().to_string())
            .collect();
        assert_eq!(
            texts[..7],
            ["山田", "鈴木", "ｱｲ", "佐藤", "田中", "高橋", "ｶｷ"]
        );
        assert_eq!(texts[21..], texts[..7]);
        let mut rdr = ReaderBuilder::new().from_reader(&data[..]);
        let mut record = RawRecord::new();
        while rdr.read_record(&mut record).unwrap() {}
        let column = &mut rdr.decoded[1];
        for name in names {
            assert!(column.find(name).is_some(), "{name:?} kept");
        }
    }

    /// A long value is decoded every time (not kept), and reads the same.
    #[test]
    fn long_repeated_values_are_decoded_each_time() {
        let value: Vec<u8> = [0x8e, 0x52].repeat(DECODED_BYTES);
        let mut data = Vec::new();
        for _ in 0..3 {
            data.extend_from_slice(b"1,\"");
            data.extend_from_slice(&value);
            data.extend_from_slice(b"\"\r\n");
        }
        let (records, _, _) = read(Mode::Strict, &data);
        assert_eq!(records.len(), 3);
        for r in &records {
            assert_eq!(r.text(1), Some("山".repeat(DECODED_BYTES).as_str()));
            assert_eq!(r.field(1).unwrap().raw, Some(&value[..]));
        }
        let mut rdr = ReaderBuilder::new().from_reader(&data[..]);
        let mut record = RawRecord::new();
        while rdr.read_record(&mut record).unwrap() {}
        assert!(rdr
            .decoded
            .iter()
            .all(|c| c.ways.iter().all(|d| d.bytes.is_empty())));
    }

    #[test]
    fn excerpts_end_between_characters() {
        let utf8 = SourceEncoding::Utf8;
        let ms932 = SourceEncoding::Ms932;
        assert_eq!(excerpt_end("山".repeat(30).as_bytes(), utf8), 60);
        assert_eq!(
            excerpt_end(format!("a{}", "山".repeat(30)).as_bytes(), utf8),
            58
        );
        // Not UTF-8: at most three bytes are given back.
        assert_eq!(excerpt_end(&[0x80; 100], utf8), 57);
        let mut pairs = b"a".to_vec();
        pairs.extend_from_slice(&b"\x8e\x52".repeat(40));
        assert_eq!(excerpt_end(&pairs, ms932), 59);
        assert_eq!(excerpt_end(&pairs[1..], ms932), 60);
        assert_eq!(
            excerpt_end(&b"\xb1".repeat(70), ms932),
            60,
            "half-width kana"
        );
        assert_eq!(excerpt_end(&pairs[..60], ms932), 60, "short: all of it");
        assert_eq!(
            lossy_excerpt(&pairs, ms932),
            format!("a{}…", "山".repeat(29))
        );
    }

    #[test]
    fn empty_input() {
        let (recs, probs, fin) = read(Mode::Strict, b"");
        assert!(recs.is_empty());
        assert_eq!(kinds(&probs), vec![ProblemKind::EmptyFile]);
        assert_eq!(fin, None);
    }
}
