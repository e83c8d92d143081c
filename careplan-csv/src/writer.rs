//! Writing records in the standard's form: MS932, CRLF after every record, free text (and
//! only free text) between double quotes with inner quotes doubled.

use std::io::Write;

use careplan_model::__private::{same_bytes, FieldSink};
use careplan_model::{
    Field, ItemRef, Layout, Position, Problem, ProblemKind, RawRecord, SourceEncoding,
};

use crate::error::{Error, ErrorKind, Refusal};
use crate::ms932::{self, Substitution, Substitutions, Unmappable};

/// Options for a [`Writer`].
///
/// ```
/// use careplan_csv::WriterBuilder;
/// use careplan_model::RawRecord;
/// let mut w = WriterBuilder::new().quoting([false, true]).from_writer(Vec::new());
/// w.write_record(&RawRecord::from_texts(["202407", "山田 \"太郎\""])).unwrap();
/// let bytes = w.into_inner().unwrap();
/// assert_eq!(&bytes[..8], b"202407,\"");
/// assert!(bytes.ends_with(b"\"\"\"\r\n"));
/// ```
#[derive(Clone, Debug)]
pub struct WriterBuilder {
    substitutions: Substitutions,
    quoting: Option<Vec<bool>>,
    final_line_break: bool,
    file_name: Option<String>,
}

impl Default for WriterBuilder {
    fn default() -> WriterBuilder {
        WriterBuilder::new()
    }
}

impl WriterBuilder {
    /// The standard's form: the standard substitutions of variant characters, quoting as
    /// each record says, CRLF after every record.
    pub fn new() -> WriterBuilder {
        WriterBuilder {
            substitutions: Substitutions::default(),
            quoting: None,
            final_line_break: true,
            file_name: None,
        }
    }

    /// The substitutions made for characters MS932 cannot hold (by default the seven
    /// variant forms of spec OPEN_QUESTIONS 7). Each substitution made is reported.
    pub fn substitutions(&mut self, substitutions: Substitutions) -> &mut WriterBuilder {
        self.substitutions = substitutions;
        self
    }

    /// Which columns are free text and therefore quoted (one flag per item, in order) — as a
    /// layout marks them. Without it, each field is quoted as its record says.
    ///
    /// An empty free-text item read from a file as `,,` stays `,,` (spec OPEN_QUESTIONS 6:
    /// the form seen is kept); one built in memory is written `""`.
    pub fn quoting(&mut self, text_items: impl IntoIterator<Item = bool>) -> &mut WriterBuilder {
        self.quoting = Some(text_items.into_iter().collect());
        self
    }

    /// Whether the last record ends with CRLF (default `true`, the standard's form). Set it
    /// to what [`Reader::final_line_break`](crate::Reader::final_line_break) said to
    /// reproduce a file that lacked it.
    pub fn final_line_break(&mut self, yes: bool) -> &mut WriterBuilder {
        self.final_line_break = yes;
        self
    }

    /// The file name used in problems and errors.
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut WriterBuilder {
        self.file_name = Some(name.into());
        self
    }

    /// A writer into `w`.
    pub fn from_writer<W: Write>(&self, w: W) -> Writer<W> {
        Writer {
            w: Some(w),
            fields: RecordFields::new(self.substitutions.clone(), self.quoting.clone()),
            final_line_break: self.final_line_break,
            file_name: self.file_name.clone(),
            problems: Vec::new(),
            records: 0,
            header: false,
        }
    }
}

/// A writer of records in the standard's form over any `io::Write`.
///
/// Each record is encoded completely before any of it is written, so a record with a
/// character MS932 cannot hold is refused whole ([`ErrorKind::Unmappable`]) and the output
/// stays a valid file. A field that still holds the bytes it was read from is written with
/// those bytes, so reading then writing an unchanged file reproduces it byte for byte, even
/// for MS932 byte pairs that decode to the same character (spec OPEN_QUESTIONS 8).
#[derive(Debug)]
pub struct Writer<W: Write> {
    w: Option<W>,
    fields: RecordFields,
    final_line_break: bool,
    file_name: Option<String>,
    problems: Vec<Problem>,
    records: u64,
    /// Whether a header line was written (it is not a record).
    header: bool,
}

impl<W: Write> Writer<W> {
    /// A writer with default options.
    pub fn from_writer(w: W) -> Writer<W> {
        WriterBuilder::new().from_writer(w)
    }

    /// Writes one record. On an unmappable character nothing of the record is written.
    pub fn write_record(&mut self, record: &RawRecord) -> Result<(), Error> {
        self.begin_record(record.source());
        for field in record.fields() {
            self.fields.push(field);
        }
        self.end_record()
    }

    /// Writes a header line (the first line of a file lenient reading skipped as one),
    /// before any record: each field as it was read (quoted as it was, with the bytes it
    /// was read from), not counted as a record, so that a rewrite keeps every line.
    ///
    /// ```
    /// use careplan_csv::{Reader, WriterBuilder};
    /// let data = b"version,no\r\n202407,1\r\n";
    /// let mut rdr = Reader::from_reader(&data[..]);
    /// let records: Vec<_> = rdr.records().collect::<Result<_, _>>().unwrap();
    /// let mut w = WriterBuilder::new().from_writer(Vec::new());
    /// w.write_header(rdr.header().unwrap()).unwrap();
    /// w.write_record(&records[0]).unwrap();
    /// assert_eq!(w.records_written(), 1);
    /// assert_eq!(w.into_inner().unwrap(), data);
    /// ```
    pub fn write_header(&mut self, header: &RawRecord) -> Result<(), Error> {
        let quoting = self.fields.quoting.take();
        let admit = self.fields.admit.take();
        let written = self.write_record(header);
        self.fields.quoting = quoting;
        self.fields.admit = admit;
        written?;
        // A line, not a record: records are numbered from the next one.
        self.records = self.records.saturating_sub(1);
        self.header = true;
        Ok(())
    }

    /// Starts a record whose fields' source bytes were read in `source` (a typed record's
    /// origin may set it again); its fields are then pushed to [`Writer::fields`] and
    /// [`Writer::end_record`] writes it.
    pub(crate) fn begin_record(&mut self, source: SourceEncoding) {
        self.fields.begin(source);
        if (self.records > 0 || self.header) && !self.final_line_break {
            self.fields.buf.extend_from_slice(b"\r\n");
        }
    }

    /// The record begun by [`Writer::begin_record`], to push its fields.
    pub(crate) fn fields(&mut self) -> &mut RecordFields {
        &mut self.fields
    }

    /// Writes the record pushed since [`Writer::begin_record`], or refuses it whole.
    pub(crate) fn end_record(&mut self) -> Result<(), Error> {
        let pos = Position::new(0, 0, self.records + 1);
        if self.fields.refused.is_none() && self.fields.buf.len() > self.fields.limit {
            let (item, len) = longest_field(&self.fields.buf);
            self.fields.refused = Some((
                item,
                format!("({len} bytes)").into(),
                Refusal::RecordTooLarge {
                    limit: self.fields.limit,
                },
            ));
        }
        if let Some((item, found, reason)) = self.fields.refused.take() {
            self.fields.buf.clear();
            let kind = ErrorKind::InvalidValue {
                item,
                name: "",
                found,
                reason,
            };
            return Err(Error::new(kind).at(pos).in_file(self.file_name.clone()));
        }
        if let Some((item, u)) = self.fields.failed.take() {
            self.fields.buf.clear();
            let kind = ErrorKind::Unmappable {
                ch: u.ch,
                item,
                name: "",
                char_index: u.char_index,
                byte_index: u.byte_index,
                replacing: u.replacing,
            };
            return Err(Error::new(kind).at(pos).in_file(self.file_name.clone()));
        }
        if self.final_line_break {
            self.fields.buf.extend_from_slice(b"\r\n");
        }
        let w = self
            .w
            .as_mut()
            .ok_or_else(|| Error::new(ErrorKind::Io(std::io::ErrorKind::BrokenPipe.into())))?;
        w.write_all(&self.fields.buf)
            .map_err(|e| Error::from(e).in_file(self.file_name.clone()))?;
        let record = self.records + 1;
        for (item, s) in self.fields.made.drain(..) {
            let mut p = Problem::warning(ProblemKind::Substituted)
                .item(ItemRef {
                    no: u16::try_from(item).unwrap_or(u16::MAX),
                    name: "",
                })
                .found(format!("{} (U+{:04X})", s.from, s.from as u32))
                .expected(s.to);
            p.location.record = Some(record);
            if let Some(f) = &self.file_name {
                p = p.in_file(f.clone());
            }
            self.problems.push(p);
        }
        self.records = record;
        Ok(())
    }

    /// Sets which columns are free text (see [`WriterBuilder::quoting`]); `None` quotes each
    /// field as its record says.
    pub fn set_quoting(&mut self, text_items: Option<Vec<bool>>) {
        self.fields.quoting = text_items;
    }

    /// Sets what each column admits of a value made in memory (`None`: anything); a value
    /// read from a file is written as it was read.
    pub(crate) fn set_admit(&mut self, admit: Option<Vec<Admit>>) {
        self.fields.admit = admit;
    }

    /// Sets the largest record written, in bytes (a reader's limit).
    pub(crate) fn set_max_record_bytes(&mut self, limit: usize) {
        self.fields.limit = limit;
    }

    /// The substitutions (and other warnings) made so far, each with record and item.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Takes the problems out of the writer.
    pub fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    /// The number of records written.
    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// The underlying writer (`None` once it was lost to an error of its own).
    pub(crate) fn get_mut(&mut self) -> Option<&mut W> {
        self.w.as_mut()
    }

    /// A writer into `w` with this one's options and quoting, that has written nothing.
    /// See [`crate::FileWriter`]'s `continued`.
    pub(crate) fn continued<V: Write>(&self, w: V) -> Writer<V> {
        let mut fields = RecordFields::new(
            self.fields.substitutions.clone(),
            self.fields.quoting.clone(),
        );
        fields.admit = self.fields.admit.clone();
        fields.limit = self.fields.limit;
        Writer {
            w: Some(w),
            fields,
            final_line_break: self.final_line_break,
            file_name: self.file_name.clone(),
            problems: Vec::new(),
            records: 0,
            header: false,
        }
    }

    /// Whether it has written a line (a record or a header line).
    pub(crate) fn has_lines(&self) -> bool {
        self.records > 0 || self.header
    }

    /// Takes the count of records and the problems (numbered after this one's records) of
    /// `later`, a [`continued`](Writer::continued) writer of the records that follow; returns
    /// its underlying writer. The line break between this one's lines and `later`'s is the
    /// caller's to write (see [`Writer::has_lines`]).
    pub(crate) fn absorb<V: Write>(&mut self, mut later: Writer<V>) -> Option<V> {
        for mut p in later.problems.drain(..) {
            if let Some(record) = &mut p.location.record {
                *record += self.records;
            }
            self.problems.push(p);
        }
        self.records += later.records;
        later.w.take()
    }

    /// Flushes the underlying writer.
    pub fn flush(&mut self) -> Result<(), Error> {
        if let Some(w) = self.w.as_mut() {
            w.flush()?;
        }
        Ok(())
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(mut self) -> Result<W, Error> {
        self.flush()?;
        self.w
            .take()
            .ok_or_else(|| Error::new(ErrorKind::Io(std::io::ErrorKind::BrokenPipe.into())))
    }
}

/// The record being written: its fields encoded one after the other into one buffer, the
/// substitutions made, and the first character that could not be written.
#[derive(Debug)]
pub(crate) struct RecordFields {
    buf: Vec<u8>,
    substitutions: Substitutions,
    /// Whether a substitution applies to an ASCII character (ASCII text is then encoded).
    ascii_substitutions: bool,
    /// Whether a substitution applies to a character the encoder's table holds (see
    /// `ms932::substitutes_table_characters`).
    check_substitutions: bool,
    quoting: Option<Vec<bool>>,
    source: SourceEncoding,
    /// The 0-based column of the next field.
    index: usize,
    /// The substitutions made in the field being encoded.
    report: Vec<Substitution>,
    /// The substitutions made in the record, with the 1-based item No.
    made: Vec<(usize, Substitution)>,
    /// The first unmappable character, with the 1-based item No.
    failed: Option<(usize, Unmappable)>,
    scratch: Vec<u8>,
    /// The last texts the table encoded at each column, with their bytes.
    recent: Vec<Recent>,
    /// The last fields each column wrote from their source bytes, with what was written.
    verbatim: Vec<Verbatim>,
    /// What each column admits of a value made in memory (`None`: anything).
    admit: Option<Vec<Admit>>,
    /// The first value refused, with the 1-based item No.
    refused: Option<(usize, Box<str>, Refusal)>,
    /// Whether a character could not be written or a value was refused (`failed` or
    /// `refused` is set): the record's other fields are not encoded.
    stopped: bool,
    /// The largest record a reader accepts, in bytes.
    limit: usize,
}

/// What an item admits of a value made in memory: what reading it back would not reject
/// for its form (its length; a line break, comma or quote in an item that is not free
/// text). A value read from a file is written as it was read, so that a rewrite keeps it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Admit {
    text: bool,
    max: Option<u16>,
}

impl Admit {
    /// What each item of `layout` admits.
    pub(crate) fn of_layout(layout: &Layout) -> Vec<Admit> {
        layout
            .items
            .iter()
            .map(|i| Admit {
                text: i.is_text(),
                max: i.length,
            })
            .collect()
    }

    /// Why `text` (of the byte classes `class`) is refused, if it is.
    #[inline]
    fn refuses(self, text: &str, class: u8) -> Option<Refusal> {
        if !self.text && class & SPECIAL != 0 {
            return Some(Refusal::Delimiter);
        }
        match self.max {
            Some(max)
                if text.len() > usize::from(max) && text.chars().count() > usize::from(max) =>
            {
                Some(Refusal::TooLong { max })
            }
            _ => None,
        }
    }
}

/// The 1-based item No. and the length in bytes of the longest field of an encoded record.
fn longest_field(buf: &[u8]) -> (usize, usize) {
    let (mut item, mut start, mut quoted) = (1, 0, false);
    let mut longest = (1, 0);
    for (i, &b) in buf.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                if i - start > longest.1 {
                    longest = (item, i - start);
                }
                item += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    if buf.len() - start > longest.1 {
        longest = (item, buf.len() - start);
    }
    longest
}

impl FieldSink for RecordFields {
    fn origin(&mut self, source: SourceEncoding, _: Position) {
        self.source = source;
    }

    // Both inlined where a record's items are written (`ItemWriter`): the careful paths
    // are out of line, what is left is a few tests and a copy.
    #[inline(always)]
    fn put(&mut self, field: Field<'_>) {
        if field.text.is_empty() {
            self.push_empty(field);
            return;
        }
        self.push_text(field);
    }

    #[inline(always)]
    fn put_plain(&mut self, field: Field<'_>) {
        // Plain text: ASCII without a byte that quotes, so its classes are none. Written as
        // it is unless an ASCII character is substituted, the rule quotes it, or it is a
        // value made in memory whose length is measured.
        let i = self.index;
        if self.stopped
            || self.ascii_substitutions
            || (field.raw.is_none() && self.admit.is_some())
            || self.quote_rule(i, field)
        {
            self.put_plain_carefully(field);
            return;
        }
        self.index = i + 1;
        push_separated(&mut self.buf, i > 0, field.text.as_bytes());
    }

    fn put_value<F: FnOnce(&mut Vec<u8>)>(
        &mut self,
        quoted: bool,
        plain: bool,
        scratch: &mut Vec<u8>,
        write: F,
    ) {
        let Some(i) = self.next_field() else { return };
        // Written in place: a value is nearly always ASCII, without a delimiter, quote or
        // line break, in an item that is not quoted, and then its text is its bytes.
        let start = self.buf.len();
        write(&mut self.buf);
        let class = match plain {
            true => 0,
            false => classify(self.buf.get(start..).unwrap_or_default()),
        };
        // The quoting rule looks at the text only for a field with source bytes: this one
        // has none.
        let field = Field {
            text: "",
            quoted,
            raw: None,
        };
        if class == 0 && !self.ascii_substitutions && !self.quote_rule(i, field) {
            // Plain ASCII: only its length can be refused, and a byte is a character.
            let written = self.buf.get(start..).unwrap_or_default();
            let max = self
                .admit
                .as_ref()
                .and_then(|a| a.get(i))
                .and_then(|a| a.max);
            if let Some(max) = max.filter(|m| written.len() > usize::from(*m)) {
                let text = std::str::from_utf8(written).unwrap_or_default();
                self.refused = Some((i + 1, excerpt(text), Refusal::TooLong { max }));
                self.stopped = true;
            }
            return;
        }
        // Otherwise encoded as any field.
        scratch.clear();
        scratch.extend_from_slice(self.buf.get(start..).unwrap_or_default());
        self.buf.truncate(start);
        // No source bytes: never written from them.
        let _ = match std::str::from_utf8(scratch) {
            Ok(text) => self.encode(i, Field { text, ..field }),
            // `ItemText` writes UTF-8: not reached.
            Err(_) => self.encode(
                i,
                Field {
                    text: &String::from_utf8_lossy(scratch),
                    ..field
                },
            ),
        };
    }
}

/// A delimiter, quote or line break: the field is quoted.
const SPECIAL: u8 = 1;
/// A double quote: doubled inside quotes.
const QUOTE: u8 = 2;
/// A byte of a non-ASCII character.
const NON_ASCII: u8 = 4;

/// The class of every byte (a `u8` index never leaves the table).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0x80;
    while b < 256 {
        t[b] = NON_ASCII;
        b += 1;
    }
    t[b',' as usize] = SPECIAL;
    t[b'\r' as usize] = SPECIAL;
    t[b'\n' as usize] = SPECIAL;
    t[b'"' as usize] = SPECIAL | QUOTE;
    t
};

/// The union of the classes of `bytes`.
#[inline(always)]
fn classify(bytes: &[u8]) -> u8 {
    if bytes.len() >= 4 && all_from_0x30_to_0x7f(bytes) {
        // Digits, letters and the punctuation from `0` up: no class (most values).
        return 0;
    }
    classify_bytes(bytes)
}

/// The union of the classes of `bytes`, byte by byte.
#[inline(always)]
fn classify_bytes(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |acc, &b| acc | CLASS[usize::from(b)])
}

/// `0x01` in every byte of a word.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// Whether no byte of `word` is below 0x30 (as `,`, `"`, CR and LF are) or from 0x80 up.
/// Exact: a borrow only leaves a byte below 0x30, which is itself found.
#[inline(always)]
fn word_from_0x30_to_0x7f(word: u64) -> bool {
    (word.wrapping_sub(LOW_BITS * 0x30) | word) & (LOW_BITS * 0x80) == 0
}

/// Whether every byte of `bytes` (at least four) is from 0x30 to 0x7F, looked at eight bytes
/// at a time; the last word overlaps the ones before it, and four to seven bytes are two
/// overlapping halves of one word.
#[inline(always)]
fn all_from_0x30_to_0x7f(bytes: &[u8]) -> bool {
    let n = bytes.len();
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes)
    };
    if n < 8 {
        let half = |at: usize| {
            bytes
                .get(at..at + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map(u32::from_le_bytes)
        };
        return match (half(0), half(n.wrapping_sub(4))) {
            (Some(lo), Some(hi)) => word_from_0x30_to_0x7f(u64::from(lo) | u64::from(hi) << 32),
            _ => false,
        };
    }
    let mut at = 0;
    while at + 8 < n {
        match word(at) {
            Some(w) if word_from_0x30_to_0x7f(w) => at += 8,
            _ => return false,
        }
    }
    word(n - 8).is_some_and(word_from_0x30_to_0x7f)
}

impl RecordFields {
    fn new(substitutions: Substitutions, quoting: Option<Vec<bool>>) -> RecordFields {
        let ascii_substitutions = substitutions.iter().any(|(c, _)| c.is_ascii());
        RecordFields {
            buf: Vec::with_capacity(4096),
            ascii_substitutions,
            check_substitutions: ms932::substitutes_table_characters(&substitutions),
            substitutions,
            quoting,
            source: SourceEncoding::None,
            index: 0,
            report: Vec::new(),
            made: Vec::new(),
            failed: None,
            scratch: Vec::new(),
            recent: Vec::new(),
            verbatim: Vec::new(),
            admit: None,
            refused: None,
            stopped: false,
            limit: crate::reader::DEFAULT_MAX_RECORD_BYTES,
        }
    }

    fn begin(&mut self, source: SourceEncoding) {
        self.buf.clear();
        self.made.clear();
        self.failed = None;
        self.refused = None;
        self.stopped = false;
        self.index = 0;
        self.source = source;
    }

    /// Encodes the next field (nothing more once a character could not be written).
    #[inline]
    pub(crate) fn push(&mut self, field: Field<'_>) {
        if field.text.is_empty() {
            self.push_empty(field);
            return;
        }
        if let Some(i) = self.next_field() {
            let _ = self.encode(i, field);
        }
    }

    /// Writes the next field, whose text is empty: nothing to encode, substitute or
    /// refuse, only the quotes of the rule.
    #[inline(always)]
    fn push_empty(&mut self, field: Field<'_>) {
        if let Some(i) = self.next_field() {
            if self.quote_rule(i, field) {
                self.buf.extend_from_slice(b"\"\"");
            }
        }
    }

    /// Encodes the next field, plain text that [`FieldSink::put_plain`] cannot write as it
    /// is.
    #[inline(never)]
    fn put_plain_carefully(&mut self, field: Field<'_>) {
        if let Some(i) = self.next_field() {
            let _ = self.encode_classified(i, field, 0);
        }
    }

    /// Encodes the next field, whose text is not empty.
    ///
    /// A field read from MS932 bytes that the column wrote from its source bytes a little
    /// before (the same bytes, the same text, quoted by the same rule: a user's name on each
    /// of the user's lines, the providers' names in turn) is written as it was then, without
    /// classifying, checking and quoting it again.
    #[inline(never)]
    fn push_text(&mut self, field: Field<'_>) {
        let Some(i) = self.next_field() else { return };
        let Some(raw) = field.raw.filter(|_| self.source == SourceEncoding::Ms932) else {
            self.encode(i, field);
            return;
        };
        let quote = self.quote_rule(i, field);
        if let Some(written) = self
            .verbatim
            .get(i)
            .and_then(|v| v.find(raw, field.text, quote))
        {
            push_short(&mut self.buf, written);
            return;
        }
        let start = self.buf.len();
        if !self.encode(i, field) || i >= REMEMBERED_COLUMNS || field.text.len() > REMEMBERED_BYTES
        {
            return;
        }
        if self.verbatim.len() <= i {
            self.verbatim.resize_with(i + 1, Default::default);
        }
        if let (Some(v), Some(written)) = (self.verbatim.get_mut(i), self.buf.get(start..)) {
            v.keep(raw, field.text, quote, written);
        }
    }

    /// Starts the next field: its 0-based column, after the delimiter; `None` once a
    /// character could not be written.
    #[inline]
    fn next_field(&mut self) -> Option<usize> {
        if self.stopped {
            return None;
        }
        let i = self.index;
        self.index += 1;
        if i > 0 {
            self.buf.push(b',');
        }
        Some(i)
    }

    /// Encodes `field`, the field at column `i`; `true` when it was written from its
    /// source bytes (see [`RecordFields::encode_classified`]).
    #[inline(always)]
    fn encode(&mut self, i: usize, field: Field<'_>) -> bool {
        self.encode_classified(i, field, classify(field.text.as_bytes()))
    }

    /// Encodes `field`, the field at column `i`, whose bytes are of the classes `class`.
    ///
    /// `true` when it was written from its source bytes because its text is not ASCII (or
    /// an ASCII character is substituted) and they are reusable: then what was written
    /// depends only on those bytes, the text, and whether the rule quotes it (the
    /// substitutions do not change).
    #[inline(always)]
    fn encode_classified(&mut self, i: usize, field: Field<'_>, class: u8) -> bool {
        if field.raw.is_none() {
            if let Some(a) = self.admit.as_ref().and_then(|a| a.get(i)) {
                if let Some(reason) = a.refuses(field.text, class) {
                    self.refused = Some((i + 1, excerpt(field.text), reason));
                    self.stopped = true;
                    return false;
                }
            }
        }
        // Never break the file: a value holding a delimiter, quote or line break is quoted
        // whatever the rule says (validation reports such a value in a non-text item).
        let quote = self.quote_rule(i, field) || class & SPECIAL != 0;
        if quote {
            self.buf.push(b'"');
        }
        let start = self.buf.len();
        let mut substituted = false;
        let mut reused = false;
        if class & NON_ASCII == 0 && !self.ascii_substitutions {
            // ASCII text is its own MS932 bytes, and the only bytes that decode to it
            // without an issue: reusable source bytes are the same bytes.
            self.buf.extend_from_slice(field.text.as_bytes());
        } else if self.reuse(i, field, start) {
            reused = true;
        } else if !self.encode_by_table(i, field.text, start) {
            // The careful encoder: substitutions, and characters MS932 cannot hold.
            self.buf.truncate(start);
            self.report.clear();
            if let Err(u) = ms932::encode_text(
                field.text,
                &self.substitutions,
                &mut self.buf,
                &mut self.report,
            ) {
                self.failed = Some((i + 1, u));
                self.stopped = true;
                return false;
            }
            substituted = !self.report.is_empty();
            self.made.extend(self.report.drain(..).map(|s| (i + 1, s)));
        }
        if quote {
            // A substitute may hold a quote the text did not.
            if class & QUOTE != 0 || substituted {
                double_quotes(&mut self.buf, start, &mut self.scratch);
            }
            self.buf.push(b'"');
        } else if substituted && holds_special(self.buf.get(start..).unwrap_or_default()) {
            // A substitute brought a delimiter, quote or line break the text did not hold:
            // the field is quoted after all, so that the file does not break.
            self.buf.insert(start, b'"');
            double_quotes(&mut self.buf, start + 1, &mut self.scratch);
            self.buf.push(b'"');
        }
        reused
    }

    /// Encodes `text`, the text of column `i` written from `start` on, with the encoder's
    /// table alone (see `ms932::encode_by_table`): `false`, with part of it written, when
    /// the careful encoder must do it.
    ///
    /// The last texts encoded at each column are remembered with their bytes: names repeat
    /// from record to record (a user's care manager, the providers' names of a user's lines
    /// in turn), and the table's bytes depend on the text alone (the substitutions do not
    /// change).
    #[inline]
    fn encode_by_table(&mut self, i: usize, text: &str, start: usize) -> bool {
        if let Some(bytes) = self.recent.get(i).and_then(|r| r.find(text)) {
            self.buf.extend_from_slice(bytes);
            return true;
        }
        if !ms932::encode_by_table(
            text,
            &self.substitutions,
            self.check_substitutions,
            &mut self.buf,
        ) {
            return false;
        }
        // Short texts of the first columns only: what is kept stays small whatever is written.
        if text.len() > REMEMBERED_BYTES || i >= REMEMBERED_COLUMNS {
            return true;
        }
        if self.recent.len() <= i {
            self.recent.resize_with(i + 1, Default::default);
        }
        if let (Some(recent), Some(written)) = (self.recent.get_mut(i), self.buf.get(start..)) {
            recent.keep(text, written);
        }
        true
    }

    /// Writes the bytes `field`, at column `i`, was read from, when they can be written again (see
    /// [`reusable_bytes`]); `false` (nothing written) when they cannot.
    ///
    /// Most are the bytes the table encoder writes for the text: then they are written
    /// without decoding them (the table's bytes decode, without an issue, to the text).
    fn reuse(&mut self, i: usize, field: Field<'_>, start: usize) -> bool {
        let Some(raw) = field.raw.filter(|_| self.source == SourceEncoding::Ms932) else {
            return false;
        };
        if self.encode_by_table(i, field.text, start)
            && self.buf.get(start..).is_some_and(|b| same_bytes(b, raw))
        {
            return true;
        }
        self.buf.truncate(start);
        match reusable_bytes(self.source, field) {
            Some(raw) => {
                self.buf.extend_from_slice(raw);
                true
            }
            None => false,
        }
    }

    /// Whether the rule (the layout's free-text items, or the field's own flag) quotes
    /// field `i`.
    #[inline]
    fn quote_rule(&self, i: usize, field: Field<'_>) -> bool {
        match &self.quoting {
            // OPEN_QUESTIONS 6: an empty item read from a file keeps the form it was read
            // in, `,,` or `,"",`, whether it is free text or not.
            Some(_) if field.raw.is_some() && field.text.is_empty() => field.quoted,
            Some(cols) => cols.get(i).copied().unwrap_or(field.quoted),
            None => field.quoted,
        }
    }
}

/// The bytes a field was read from, when they can be written again: MS932 source bytes that
/// still decode, without any issue, to the field's text.
fn reusable_bytes<'a>(source: SourceEncoding, field: Field<'a>) -> Option<&'a [u8]> {
    let raw = field.raw?;
    if source != SourceEncoding::Ms932 {
        return None;
    }
    if raw.is_ascii() {
        return same_bytes(raw, field.text.as_bytes()).then_some(raw);
    }
    let mut text = String::with_capacity(raw.len() * 2);
    let issues = ms932::decode_into(raw, &mut text);
    (issues.is_empty() && text == field.text).then_some(raw)
}

/// A value as named in a refusal: whole when short, else its first 40 characters and `…`.
fn excerpt(text: &str) -> Box<str> {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or_default()).into(),
        None => text.into(),
    }
}

/// How many columns remember the last texts they encoded.
const REMEMBERED_COLUMNS: usize = 128;
/// How many texts a column remembers.
const REMEMBERED_TEXTS: usize = 4;

/// The last texts the table encoded at one column, with their bytes (the oldest replaced).
#[derive(Debug, Default)]
struct Recent {
    texts: [(String, Vec<u8>); REMEMBERED_TEXTS],
    /// The slot the next text goes to.
    next: usize,
}

impl Recent {
    /// The bytes of `text`, if it is remembered.
    #[inline]
    fn find(&self, text: &str) -> Option<&[u8]> {
        self.texts
            .iter()
            .find(|(t, _)| same_bytes(t.as_bytes(), text.as_bytes()))
            .map(|(_, b)| b.as_slice())
    }

    /// Remembers `text` and its bytes in place of the oldest.
    fn keep(&mut self, text: &str, bytes: &[u8]) {
        if let Some((t, b)) = self.texts.get_mut(self.next) {
            t.clear();
            t.push_str(text);
            b.clear();
            b.extend_from_slice(bytes);
        }
        self.next = (self.next + 1) % REMEMBERED_TEXTS;
    }
}
/// The last fields one column wrote from their source bytes (the oldest replaced).
#[derive(Debug, Default)]
struct Verbatim {
    fields: [WrittenField; REMEMBERED_TEXTS],
    /// The slot the next field goes to.
    next: usize,
}

/// A field written from its source bytes: the bytes and text it was read with, whether the
/// rule quoted it, and what was written (quotes included).
#[derive(Debug, Default)]
struct WrittenField {
    raw: Vec<u8>,
    text: String,
    quote: bool,
    written: Vec<u8>,
}

impl Verbatim {
    /// What was written for a field of `raw` and `text` the rule quotes (`quote`) or not,
    /// if it is remembered. A slot not yet used holds an empty text, which a field given
    /// here never has.
    #[inline]
    fn find(&self, raw: &[u8], text: &str, quote: bool) -> Option<&[u8]> {
        self.fields
            .iter()
            .find(|f| {
                f.quote == quote
                    && same_words(&f.raw, raw)
                    && same_words(f.text.as_bytes(), text.as_bytes())
            })
            .map(|f| f.written.as_slice())
    }

    /// Remembers a field and what was written for it in place of the oldest.
    fn keep(&mut self, raw: &[u8], text: &str, quote: bool, written: &[u8]) {
        if let Some(f) = self.fields.get_mut(self.next) {
            f.raw.clear();
            f.raw.extend_from_slice(raw);
            f.text.clear();
            f.text.push_str(text);
            f.quote = quote;
            f.written.clear();
            f.written.extend_from_slice(written);
        }
        self.next = (self.next + 1) % REMEMBERED_TEXTS;
    }
}

/// The longest text remembered (names and short texts).
const REMEMBERED_BYTES: usize = 256;

/// Appends a delimiter when `separated`, then `bytes`. A field is short (six bytes on
/// average in 第6表): up to 15 bytes it is copied in at most two overlapping moves of a
/// fixed size, which cost less than the call to the C library's `memcpy` that
/// `extend_from_slice` makes for a length known only at run time.
#[inline(always)]
fn push_separated(buf: &mut Vec<u8>, separated: bool, bytes: &[u8]) {
    let n = bytes.len();
    if n > 15 {
        if separated {
            buf.push(b',');
        }
        buf.extend_from_slice(bytes);
        return;
    }
    let at = buf.len();
    // Sixteen bytes reserved and filled with delimiters: the first is the delimiter, and
    // the ones after the field are cut off.
    buf.extend_from_slice(&[b','; 16]);
    let from = at + usize::from(separated);
    if let Some(to) = buf.get_mut(from..from + n) {
        copy_short(to, bytes);
    }
    buf.truncate(from + n);
}

/// Appends `bytes`: from 16 to 32 bytes (a name, quoted) in two overlapping moves of 16
/// bytes, without the call to `memcpy` (see [`push_separated`]).
#[inline(always)]
fn push_short(buf: &mut Vec<u8>, bytes: &[u8]) {
    let n = bytes.len();
    if !(16..=32).contains(&n) {
        buf.extend_from_slice(bytes);
        return;
    }
    let at = buf.len();
    buf.extend_from_slice(&[0; 32]);
    if let (Some(to), Some(from)) = (buf.get_mut(at..at + 16), bytes.get(..16)) {
        to.copy_from_slice(from);
    }
    if let (Some(to), Some(from)) = (buf.get_mut(at + n - 16..at + n), bytes.get(n - 16..)) {
        to.copy_from_slice(from);
    }
    buf.truncate(at + n);
}

/// Whether `a` and `b` hold the same bytes: from 8 to 32 bytes (names) compared eight at
/// a time here, without the call to `memcmp` that `==` makes.
#[inline(always)]
fn same_words(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if !(8..=32).contains(&n) {
        return same_bytes(a, b);
    }
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_le_bytes)
    };
    // Whole words from the start, then the last word (overlapping the one before).
    let mut at = 0;
    while at + 8 < n {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, n - 8) == word(b, n - 8)
}

/// Copies `from` into `to` (the same length, up to 15 bytes) by fixed-size moves.
#[inline(always)]
fn copy_short(to: &mut [u8], from: &[u8]) {
    let n = from.len().min(to.len());
    if n >= 8 {
        if let (Some(a), Some(b)) = (to.get_mut(..8), from.get(..8)) {
            a.copy_from_slice(b);
        }
        if let (Some(a), Some(b)) = (to.get_mut(n - 8..n), from.get(n - 8..n)) {
            a.copy_from_slice(b);
        }
    } else if n >= 4 {
        if let (Some(a), Some(b)) = (to.get_mut(..4), from.get(..4)) {
            a.copy_from_slice(b);
        }
        if let (Some(a), Some(b)) = (to.get_mut(n - 4..n), from.get(n - 4..n)) {
            a.copy_from_slice(b);
        }
    } else {
        for (a, b) in to.iter_mut().zip(from) {
            *a = *b;
        }
    }
}

/// Whether MS932 bytes hold a delimiter, quote or line break (only ASCII bytes can: trail
/// bytes are 0x40 and up).
fn holds_special(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// Doubles every `"` in `buf[start..]` (`scratch` is a reused buffer).
fn double_quotes(buf: &mut Vec<u8>, start: usize, scratch: &mut Vec<u8>) {
    let Some(value) = buf.get(start..) else {
        return;
    };
    if !value.contains(&b'"') {
        return;
    }
    scratch.clear();
    scratch.extend_from_slice(value);
    buf.truncate(start);
    // The runs between quotes copied whole, each quote written twice.
    for (k, run) in scratch.split(|&b| b == b'"').enumerate() {
        if k > 0 {
            buf.extend_from_slice(b"\"\"");
        }
        buf.extend_from_slice(run);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Comparing and copying by words gives what `==` and `extend_from_slice` give, for
    /// every length up to 40 and a difference at every place.
    #[test]
    fn comparing_and_copying_by_words_equals_by_bytes() {
        for n in 0..=40usize {
            let a: Vec<u8> = (0..n).map(|k| (k * 7 + 1) as u8).collect();
            assert!(same_words(&a, &a.clone()));
            for at in 0..n {
                let mut b = a.clone();
                b[at] ^= 0x80;
                assert!(!same_words(&a, &b), "{n} {at}");
            }
            assert!(!same_words(&a, &[a.clone(), vec![0]].concat()));
            let mut buf = b"x".to_vec();
            push_short(&mut buf, &a);
            assert_eq!(buf, [&b"x"[..], &a].concat());
        }
    }

    /// The word-at-a-time classification gives the byte-by-byte one for every byte at
    /// every place of values of every length up to 40, among digits and letters.
    #[test]
    fn classifying_by_words_equals_classifying_by_bytes() {
        let mut checked = 0;
        for len in 0..=40usize {
            for at in 0..len {
                for b in 0..=255u8 {
                    let mut value: Vec<u8> = (0..len).map(|k| b"0123456789AZaz~"[k % 15]).collect();
                    value[at] = b;
                    assert_eq!(classify(&value), classify_bytes(&value), "{value:?}");
                    checked += 1;
                }
            }
            let plain: Vec<u8> = (0..len).map(|k| b'0' + (k % 10) as u8).collect();
            assert_eq!(classify(&plain), 0);
        }
        assert_eq!(checked, 256 * (40 * 41 / 2));
        // Two bytes that matter, anywhere.
        for len in 4..=17usize {
            for i in 0..len {
                for j in 0..len {
                    for (x, y) in [(b',', 0x80), (b'"', b'\n'), (0x2F, 0x30), (0x7F, 0x2C)] {
                        let mut value = vec![b'5'; len];
                        value[i] = x;
                        value[j] = y;
                        assert_eq!(classify(&value), classify_bytes(&value), "{value:?}");
                    }
                }
            }
        }
    }
    use crate::ReaderBuilder;

    fn write(records: &[RawRecord], quoting: Option<Vec<bool>>) -> Vec<u8> {
        let mut b = WriterBuilder::new();
        if let Some(q) = quoting {
            b.quoting(q);
        }
        let mut w = b.from_writer(Vec::new());
        for r in records {
            w.write_record(r).unwrap();
        }
        w.into_inner().unwrap()
    }

    /// What a sequence of writes gave: the bytes, the substitutions (record, item, character,
    /// replacement) and the refused records (record, item, character, character index).
    type Written = (
        Vec<u8>,
        Vec<(u64, usize, char, String)>,
        Vec<(u64, usize, char, usize)>,
    );

    /// The writer as it was before the field-at-a-time encoder (decode the source bytes to
    /// decide whether to reuse them, encode every field with `encode_into`, quote by
    /// the text): the reference the fast paths are compared with.
    fn reference_write(
        records: &[RawRecord],
        quoting: Option<&[bool]>,
        substitutions: &Substitutions,
        final_line_break: bool,
    ) -> Written {
        let mut out = Vec::new();
        let mut made = Vec::new();
        let mut errors = Vec::new();
        let mut written = 0u64;
        'records: for record in records {
            let mut buf = Vec::new();
            if written > 0 && !final_line_break {
                buf.extend_from_slice(b"\r\n");
            }
            let mut new_made = Vec::new();
            for (i, field) in record.fields().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                let by_rule = match quoting {
                    // An empty item read from a file, in the form it was read in.
                    Some(_) if field.raw.is_some() && field.text.is_empty() => field.quoted,
                    Some(cols) => cols.get(i).copied().unwrap_or(field.quoted),
                    None => field.quoted,
                };
                let quote = by_rule
                    || field
                        .text
                        .bytes()
                        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
                let mut value = Vec::new();
                let mut report = Vec::new();
                match reusable_bytes(record.source(), field) {
                    Some(raw) => value.extend_from_slice(raw),
                    None => {
                        if let Err(u) =
                            ms932::encode_text(field.text, substitutions, &mut value, &mut report)
                        {
                            errors.push((written + 1, i + 1, u.ch, u.char_index));
                            continue 'records;
                        }
                    }
                }
                // A substitute may bring a delimiter, quote or line break.
                let quote = quote || (!report.is_empty() && holds_special(&value));
                if quote {
                    buf.push(b'"');
                    for b in value {
                        buf.push(b);
                        if b == b'"' {
                            buf.push(b'"');
                        }
                    }
                    buf.push(b'"');
                } else {
                    buf.extend_from_slice(&value);
                }
                for s in report {
                    new_made.push((written + 1, i + 1, s.from, s.to));
                }
            }
            if final_line_break {
                buf.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(&buf);
            made.extend(new_made);
            written += 1;
        }
        (out, made, errors)
    }

    /// A small deterministic generator (xorshift).
    struct Gen(u64);

    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }
    }

    /// Generated records: ASCII values, delimiters, quotes and line breaks, kanji, kana,
    /// half-width kana, IBM and NEC duplicates, variant forms, characters MS932 cannot hold,
    /// with and without source bytes (right, duplicate, wrong, UTF-8).
    fn generated_records(g: &mut Gen, n: usize) -> Vec<RawRecord> {
        const PIECES: &[&str] = &[
            "131001",
            "",
            "0",
            "a",
            ",",
            "\"",
            "\r\n",
            "\n",
            "山田",
            "花子",
            "ｱｲｳ",
            "髙",
            "纊",
            "≒",
            "〜",
            "−",
            "－",
            "—",
            "¢",
            "😀",
            "é",
            "¥",
            "‾",
            "\u{E000}",
            "\u{80}",
            "~",
            "　",
            "Ω",
            "①",
            "~x",
        ];
        let mut out: Vec<RawRecord> = Vec::with_capacity(n);
        for _ in 0..n {
            // Texts repeat at the same column from record to record, as names do.
            let previous: Vec<String> = out
                .last()
                .map(|r| r.fields().map(|f| f.text.to_string()).collect())
                .unwrap_or_default();
            let mut r = RawRecord::new();
            r.set_source(*g.pick(&[
                SourceEncoding::Ms932,
                SourceEncoding::Ms932,
                SourceEncoding::Utf8,
                SourceEncoding::None,
            ]));
            for col in 0..g.below(6) {
                let mut text = String::new();
                for _ in 0..g.below(4) {
                    text.push_str(g.pick::<&str>(PIECES));
                }
                if let (0, Some(again)) = (g.below(2), previous.get(col)) {
                    text = again.clone();
                }
                let quoted = g.below(2) == 0;
                match g.below(5) {
                    0 => r.push_field(&text, quoted),
                    1 => {
                        // The right bytes when MS932 holds the text (duplicates as read).
                        let mut raw = Vec::new();
                        let _ = ms932::encode_into(
                            &text,
                            &Substitutions::none(),
                            &mut raw,
                            &mut Vec::new(),
                        );
                        if g.below(3) == 0 {
                            raw = raw
                                .chunks(2)
                                .flat_map(|c| match c {
                                    [0xFA, 0x5C] => vec![0xED, 0x40],
                                    [0x81, 0xE0] => vec![0x87, 0x90],
                                    c => c.to_vec(),
                                })
                                .collect();
                        }
                        r.push_field_with_raw(&text, &raw, quoted);
                    }
                    2 => r.push_field_with_raw(&text, text.as_bytes(), quoted),
                    3 => r.push_field_with_raw(&text, b"x\x8E\x52", quoted),
                    _ => r.push_field_with_raw(&text, &[0xED, 0x40], quoted),
                }
            }
            out.push(r);
        }
        out
    }

    #[test]
    fn fields_are_written_as_the_reference_writer_writes_them() {
        let mut g = Gen(0x9E37_79B9_7F4A_7C15);
        let tables = [
            Substitutions::standard(),
            Substitutions::none(),
            Substitutions::standard().with('~', "～"),
            Substitutions::standard().with('😀', "\"q,"),
            Substitutions::standard().with('髙', "高").with('é', "e"),
        ];
        for round in 0..3000 {
            let n = 1 + g.below(4);
            let records = generated_records(&mut g, n);
            let subs = g.pick(&tables).clone();
            let quoting: Option<Vec<bool>> = match g.below(3) {
                0 => None,
                _ => Some((0..g.below(7)).map(|_| g.below(2) == 0).collect()),
            };
            let final_line_break = g.below(4) != 0;
            let expected = reference_write(&records, quoting.as_deref(), &subs, final_line_break);

            let mut b = WriterBuilder::new();
            b.substitutions(subs)
                .final_line_break(final_line_break)
                .file_name("F.CSV");
            if let Some(q) = &quoting {
                b.quoting(q.clone());
            }
            let mut w = b.from_writer(Vec::new());
            let mut errors = Vec::new();
            for r in &records {
                if let Err(e) = w.write_record(r) {
                    let ErrorKind::Unmappable {
                        ch,
                        item,
                        char_index,
                        ..
                    } = e.kind()
                    else {
                        panic!("{e}");
                    };
                    errors.push((w.records_written() + 1, *item, *ch, *char_index));
                }
            }
            let made: Vec<_> = w
                .problems()
                .iter()
                .map(|p| {
                    let found = p.found.clone().unwrap_or_default();
                    (
                        p.location.record.unwrap_or(0),
                        usize::from(p.location.item.map_or(0, |i| i.no)),
                        found.chars().next().unwrap_or(' '),
                        p.expected.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let out = w.into_inner().unwrap();
            assert_eq!(
                (out, made, errors),
                expected,
                "round {round}: {records:?} {quoting:?}"
            );
        }
    }

    #[test]
    fn values_written_in_place_are_written_as_fields_are() {
        let texts = [
            "20250401",
            "",
            "1,2",
            "a\"b",
            "00001－000010",
            "〜",
            "😀",
            "~",
            "x\r\n",
        ];
        let tables = [
            Substitutions::standard(),
            Substitutions::none().with('~', "～"),
            Substitutions::standard().with('😀', "\"q\""),
        ];
        let quotings = [None, Some(vec![false, true]), Some(vec![true])];
        for subs in &tables {
            for quoting in &quotings {
                for quoted in [false, true] {
                    for text in texts {
                        let run = |in_place: bool| {
                            let mut b = WriterBuilder::new();
                            b.substitutions(subs.clone());
                            if let Some(q) = quoting {
                                b.quoting(q.clone());
                            }
                            let mut w = b.from_writer(Vec::new());
                            w.begin_record(SourceEncoding::None);
                            for _ in 0..2 {
                                let field = Field {
                                    text,
                                    quoted,
                                    raw: None,
                                };
                                match in_place {
                                    true => w.fields().put_value(
                                        quoted,
                                        careplan_model::__private::is_plain(text),
                                        &mut Vec::new(),
                                        |buf| buf.extend_from_slice(text.as_bytes()),
                                    ),
                                    false => w.fields().put(field),
                                }
                            }
                            let result = w.end_record().map_err(|e| e.to_string());
                            (result, w.problems().to_vec(), w.into_inner().unwrap())
                        };
                        assert_eq!(run(true), run(false), "{text:?} {quoted} {quoting:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn plain_fields_are_written_as_fields_are() {
        let tables = [
            Substitutions::standard(),
            Substitutions::none().with('1', "１"),
        ];
        for subs in &tables {
            for quoting in [None, Some(vec![false, true]), Some(vec![true])] {
                for (text, raw) in [
                    ("20250401", None),
                    ("20250401", Some(&b"20250401"[..])),
                    ("", Some(&b""[..])),
                    ("", None),
                    ("1", Some(&b"2"[..])),
                ] {
                    for quoted in [false, true] {
                        let run = |plain: bool| {
                            let mut b = WriterBuilder::new();
                            b.substitutions(subs.clone());
                            if let Some(q) = &quoting {
                                b.quoting(q.clone());
                            }
                            let mut w = b.from_writer(Vec::new());
                            w.begin_record(SourceEncoding::Ms932);
                            for _ in 0..2 {
                                let field = Field { text, quoted, raw };
                                match plain {
                                    true => w.fields().put_plain(field),
                                    false => w.fields().put(field),
                                }
                            }
                            let result = w.end_record().map_err(|e| e.to_string());
                            (result, w.problems().to_vec(), w.into_inner().unwrap())
                        };
                        assert_eq!(run(true), run(false), "{text:?} {raw:?} {quoted}");
                    }
                }
            }
        }
    }

    #[test]
    fn only_ascii_bytes_decode_to_ascii_text_without_an_issue() {
        // The writer writes ASCII text as it is, whatever source bytes the field has: that
        // is right only if no other bytes decode cleanly to ASCII text.
        let mut text = String::new();
        for a in 0x80..=0xFFu8 {
            for bytes in std::iter::once(vec![a]).chain((0..=0xFFu8).map(|b| vec![a, b])) {
                text.clear();
                let issues = ms932::decode_into(&bytes, &mut text);
                assert!(!issues.is_empty() || !text.is_ascii(), "{bytes:x?}");
            }
        }
    }

    #[test]
    fn quotes_text_only_and_doubles_quotes() {
        let r = RawRecord::from_texts(["202407", "a\"b,c\r\nd", "", "12"]);
        let out = write(&[r], Some(vec![false, true, true, false]));
        assert_eq!(out, b"202407,\"a\"\"b,c\r\nd\",\"\",12\r\n");
    }

    #[test]
    fn never_breaks_the_file_for_a_non_text_item() {
        let r = RawRecord::from_texts(["1,2"]);
        assert_eq!(write(&[r], Some(vec![false])), b"\"1,2\"\r\n");
    }

    #[test]
    fn rewrite_keeps_duplicate_pairs_and_empty_forms() {
        // 0xED40 (NEC-selected IBM) and 0xFA5C (IBM) both decode to 纊; 0x8790 and 0x81E0 to ≒.
        // Empty items read bare or quoted keep that form, free text (the last two) or not
        // (the two before).
        let data = b"202407,\"\xED\x40\",\"\xFA\x5C\",\x87\x90,,\"\",,\"\"\r\n";
        let mut rdr = ReaderBuilder::new().from_reader(&data[..]);
        let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(recs[0].text(1), recs[0].text(2));
        let quoting = vec![false, true, true, false, false, false, true, true];
        let out = write(&recs, Some(quoting.clone()));
        assert_eq!(out, data);
        // Built in memory, an empty item follows the rule.
        let built = RawRecord::from_texts(["202407", "a", "b", "c", "", "", "", ""]);
        assert_eq!(
            write(&[built], Some(quoting)),
            b"202407,\"a\",\"b\",c,,,\"\",\"\"\r\n"
        );
    }

    /// A record read, some of its values then changed: the changed items are written from
    /// the values (a number, an empty optional item given a value, free text), every other
    /// item with the bytes it was read with.
    #[test]
    fn changed_values_of_a_record_read_are_written_from_the_values() {
        use careplan_model::table6::Table6Record;
        use careplan_model::{FileKind, TypedRecord};
        let raw = RawRecord::from_texts([
            "202407",
            "131001",
            "0000012345",
            "20250320",
            "202504",
            "1310000001",
            "Yamada",
            "250",
            "",
            "20250401",
            "",
            "1000",
            "1100",
            "1",
            "111111",
            "",
            "",
            "",
            "",
            "1310000002",
            "A",
            "",
            "0",
            "1310000001",
            "",
        ]);
        let rec = Table6Record::from_raw(&raw).unwrap();
        let name = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
        let file = |recs: &[&Table6Record]| {
            let mut w =
                crate::FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsagePlan, name);
            for r in recs {
                w.write(*r).unwrap();
            }
            w.finish().unwrap().0
        };
        let data = file(&[&rec, &rec]);
        let mut rdr = crate::FileReaderBuilder::new().from_reader(&data[..], name);
        let read: Vec<Table6Record> = rdr
            .typed::<Table6Record>()
            .unwrap()
            .map(|p| p.unwrap().typed().cloned().unwrap())
            .collect();
        assert_eq!(file(&[&read[0], &read[1]]), data);
        let mut changed = read[1].clone();
        changed.units = 300;
        changed.short_stay_days_before = Some(5);
        changed.care_manager = "Sato".into();
        let text = String::from_utf8(data.clone()).unwrap();
        let (first, second) = text.split_at(text.len() / 2);
        let expected = format!(
            "{first}{}",
            second.replacen("\"Yamada\",250,,", "\"Sato\",300,5,", 1)
        );
        assert_ne!(expected, text);
        assert_eq!(
            String::from_utf8(file(&[&read[0], &changed])).unwrap(),
            expected
        );
    }

    /// A column writes a field again as it wrote it from its source bytes only when the
    /// bytes, the text and the quoting rule are the same: the same text from the other
    /// byte pair of a duplicate, the same bytes with another text (bytes that no longer
    /// decode to it), a field the rule quotes no longer, each is written as the reference
    /// writer writes it.
    #[test]
    fn fields_written_again_are_written_as_the_first_time() {
        let ms932 = |text: &str| {
            let mut raw = Vec::new();
            let _ = ms932::encode_into(text, &Substitutions::none(), &mut raw, &mut Vec::new());
            raw
        };
        let name = "渡辺 \"ナベ\" 真理";
        let fields: Vec<(&str, Vec<u8>, bool)> = vec![
            (name, ms932(name), true),
            (name, ms932(name), true),
            (name, ms932(name), false),
            ("纊,", vec![0xED, 0x40, b','], false),
            ("纊,", vec![0xFA, 0x5C, b','], false),
            ("纊,", vec![0xED, 0x40, b','], false),
            // The bytes of 山田 given with another text: encoded from the text.
            ("山口", ms932("山田"), true),
            ("山田", ms932("山田"), true),
            ("山口", ms932("山田"), true),
            ("ｱｲｳ", ms932("ｱｲｳ"), false),
            ("ｱｲｳ", ms932("ｱｲｳ"), false),
            (name, ms932(name), true),
        ];
        let records: Vec<RawRecord> = fields
            .iter()
            .map(|(text, raw, quoted)| {
                let mut r = RawRecord::new();
                r.set_source(SourceEncoding::Ms932);
                r.push_field("1", false);
                r.push_field_with_raw(text, raw, *quoted);
                r
            })
            .collect();
        for quoting in [None, Some(vec![false, true]), Some(vec![false, false])] {
            let expected = reference_write(
                &records,
                quoting.as_deref(),
                &Substitutions::standard(),
                true,
            );
            let out = write(&records, quoting.clone());
            assert_eq!(out, expected.0, "{quoting:?}");
        }
        // The rule changed between two writes of the same field.
        let mut w = WriterBuilder::new()
            .quoting(vec![false, true])
            .from_writer(Vec::new());
        let again = &records[9];
        w.write_record(again).unwrap();
        w.set_quoting(Some(vec![false, false]));
        w.write_record(again).unwrap();
        assert_eq!(
            w.into_inner().unwrap(),
            b"1,\"\xB1\xB2\xB3\"\r\n1,\xB1\xB2\xB3\r\n"
        );
    }

    #[test]
    fn changed_text_is_encoded_and_bom_source_is_not_reused() {
        let mut r = RawRecord::new();
        r.set_source(SourceEncoding::Utf8);
        r.push_field_with_raw("ア", "ア".as_bytes(), true);
        assert_eq!(write(&[r], None), b"\"\x83\x41\"\r\n");
    }

    #[test]
    fn unmappable_refuses_the_whole_record() {
        let mut w = WriterBuilder::new().from_writer(Vec::new());
        w.write_record(&RawRecord::from_texts(["ok"])).unwrap();
        let err = w
            .write_record(&RawRecord::from_texts(["a", "😀"]))
            .unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::Unmappable {
                ch: '😀',
                item: 2,
                name: "",
                char_index: 0,
                ..
            }
        ));
        assert_eq!(w.into_inner().unwrap(), b"ok\r\n");
    }

    #[test]
    fn variant_characters_are_substituted_and_reported() {
        let mut w = WriterBuilder::new()
            .file_name("F.CSV")
            .from_writer(Vec::new());
        w.write_record(&RawRecord::from_texts(["a", "1〜2"]))
            .unwrap();
        let p = &w.problems()[0];
        assert_eq!(p.kind, ProblemKind::Substituted);
        assert_eq!(p.location.item.map(|i| i.no), Some(2));
        assert_eq!(p.location.record, Some(1));
        assert_eq!(p.found.as_deref(), Some("〜 (U+301C)"));
        assert_eq!(p.expected.as_deref(), Some("～"));
        assert_eq!(w.into_inner().unwrap(), b"a,1\x81\x602\r\n");
    }

    #[test]
    fn custom_substitutions_apply() {
        let mut b = WriterBuilder::new();
        b.substitutions(Substitutions::standard().with('𠮷', "吉"));
        let mut w = b.from_writer(Vec::new());
        w.write_record(&RawRecord::from_texts(["𠮷田"])).unwrap();
        assert_eq!(w.problems().len(), 1);
        assert_eq!(w.into_inner().unwrap(), b"\x8b\x67\x93\x63\r\n");
    }

    /// A substitute that holds a delimiter, quote or line break quotes a field the rule
    /// leaves bare, so the file still has one field there.
    #[test]
    fn a_substitute_with_a_delimiter_is_quoted() {
        let mut b = WriterBuilder::new();
        b.substitutions(
            Substitutions::standard()
                .with('𠮷', "吉,\"")
                .with('①', "(1)"),
        );
        b.quoting(vec![false, false, false]);
        let mut w = b.from_writer(Vec::new());
        w.write_record(&RawRecord::from_texts(["𠮷田", "①", "x"]))
            .unwrap();
        assert_eq!(w.problems().len(), 2);
        assert_eq!(
            w.into_inner().unwrap(),
            b"\"\x8b\x67,\"\"\x93\x63\",(1),x\r\n"
        );
    }

    #[test]
    fn without_final_line_break() {
        let mut b = WriterBuilder::new();
        b.final_line_break(false);
        let mut w = b.from_writer(Vec::new());
        w.write_record(&RawRecord::from_texts(["1"])).unwrap();
        w.write_record(&RawRecord::from_texts(["2"])).unwrap();
        assert_eq!(w.into_inner().unwrap(), b"1\r\n2");
    }
}
