//! Property: damaged files are read without panic, without loss and with the damage
//! reported where it is.
//!
//! Valid files of every CSV kind (1–4 records, see `strategies`) are damaged by one
//! mutation: a flipped byte, a dropped field, a duplicated field, an inserted `"`, a cut at
//! any byte, a byte pair turned into a 外字 (lead byte 0xF0–0xF9), or every CRLF turned into
//! LF. Each damaged file is read in strict and in lenient mode, and:
//!
//! 1. reading never panics and never returns an error (the only error reading can give on
//!    in-memory bytes, `RecordTooLarge`, is far away at these sizes);
//! 2. no record is lost silently. The records of the damaged bytes are counted by a small
//!    model of CSV written here ([`model`]: a quote opens a quoted field only at the start of
//!    a field, `""` is a quote inside one, CR, LF and CRLF end a record outside quotes, empty
//!    lines are no records, a record of spaces is a blank line). Then: model records =
//!    records returned (typed or raw) + header lines lenient mode skipped (each reported as
//!    `HeaderLine`); blank lines in the model = `BlankLine` problems; and the records
//!    returned start at the model's lines, in order. For the mutations that keep the
//!    records (all but the inserted quote and the cut) the model must also count exactly the
//!    records generated, and for the cut exactly those that start before it — counts that
//!    do not depend on the model at all;
//! 3. the damage is reported at its line (the line the damaged record starts on):
//!    - a 外字: a `Gaiji` problem;
//!    - a dropped or duplicated field: a `FieldCount` problem;
//!    - a flipped byte, where the new value is sure to be invalid: `0xFD`–`0xFF` anywhere
//!      (never MS932: `MalformedBytes`), a separator comma turned into anything else
//!      (`FieldCount`), or, in an item that is not free text, a byte no format of the
//!      standard accepts (outside `0-9 A-Z a-z - ( ) .`): some problem at that line. Other
//!      flips may make another valid value (a digit for a digit) and are checked by 1 and 2
//!      only;
//!    - CRLF → LF: a `LineEnding` problem at line 1;
//!    - an inserted `"`, or a cut that is not at a record boundary: some problem somewhere.

mod fixtures;
mod strategies;

use std::ops::Range;

use careplan::csv::{Parsed, Summary};
use careplan::model::{AnyRecord, Layout, Mode, Problem, ProblemKind};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;

use strategies::GenFile;

/// Cases per mutation.
const CASES: u32 = 128;
/// Records per file, at most.
const MAX_RECORDS: usize = 4;

// ---------------------------------------------------------------------------------------
// The valid file, record by record.

/// One record of the valid file: where its bytes are, its line, its fields.
#[derive(Clone, Debug)]
struct Rec {
    /// Byte range, without the CRLF that ends it.
    span: Range<usize>,
    /// The line it starts on (1-based).
    line: u64,
    /// Each field's value bytes (inside the quotes for a quoted field).
    fields: Vec<Range<usize>>,
    /// Each field's separator comma after it (none for the last field).
    commas: Vec<usize>,
    /// Whether each item is free text.
    text: Vec<bool>,
}

/// A valid file as bytes, with its records.
#[derive(Clone, Debug)]
struct Valid {
    name: String,
    bytes: Vec<u8>,
    recs: Vec<Rec>,
}

/// Counts line breaks: CRLF, CR and LF once each.
fn breaks(bytes: &[u8]) -> u64 {
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                n += 1;
                i += 1;
            }
            b'\r' | b'\n' => n += 1,
            _ => {}
        }
        i += 1;
    }
    n
}

/// The fields of one record in the standard's form (every quote of a quoted field doubled,
/// so quotes simply toggle): value ranges and separator positions, absolute.
fn fields(bytes: &[u8], span: Range<usize>) -> (Vec<Range<usize>>, Vec<usize>) {
    let mut out = Vec::new();
    let mut commas = Vec::new();
    let mut start = span.start;
    let mut quoted = false;
    for i in span.clone() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                out.push(start..i);
                commas.push(i);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(start..span.end);
    let out = out
        .into_iter()
        .map(|r| {
            if r.len() >= 2 && bytes[r.start] == b'"' {
                r.start + 1..r.end - 1
            } else {
                r
            }
        })
        .collect();
    (out, commas)
}

/// Writes the generated file, record by record, and finds its records and fields.
fn valid(file: &GenFile) -> Result<Valid, TestCaseError> {
    let kind = file.kind;
    let name = fixtures::name(kind);
    let typed: Vec<AnyRecord> = file
        .typed()
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| TestCaseError::fail("a generated record does not type"))?;
    let layout = Layout::for_version(kind, file.version).expect("a CSV kind");
    let text: Vec<bool> = layout.items.iter().map(|i| i.is_text()).collect();
    let mut bytes = Vec::new();
    let mut recs = Vec::new();
    for r in &typed {
        let (one, _) = strategies::write(kind, &name, std::slice::from_ref(r));
        prop_assert!(one.ends_with(b"\r\n"));
        let span = bytes.len()..bytes.len() + one.len() - 2;
        let line = 1 + breaks(&bytes);
        bytes.extend_from_slice(&one);
        let (fields, commas) = fields(&bytes, span.clone());
        prop_assert_eq!(fields.len(), text.len());
        recs.push(Rec {
            span,
            line,
            fields,
            commas,
            text: text.clone(),
        });
    }
    let (whole, _) = strategies::write(kind, &name, &typed);
    prop_assert!(whole == bytes, "records written one by one make the file");
    Ok(Valid { name, bytes, recs })
}

// ---------------------------------------------------------------------------------------
// The model of CSV.

/// What the model finds in some bytes.
#[derive(Debug, Default, PartialEq)]
struct Model {
    /// The line each data record starts on.
    lines: Vec<u64>,
    /// Blank lines: empty lines and records of spaces only.
    blanks: usize,
    /// Whether the bytes end inside a quoted field.
    open_quote: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Between,
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// Whether the bytes of a record are spaces only (` `, TAB, MS932 全角スペース 0x8140).
fn is_blank(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b' ' | b'\t', _) => i += 1,
            (0x81, Some(0x40)) => i += 2,
            _ => return false,
        }
    }
    true
}

/// The records of `bytes` as a plain CSV reader sees them.
fn model(bytes: &[u8]) -> Model {
    let mut m = Model::default();
    let mut state = State::Between;
    let mut line = 1u64;
    // Whether the next break outside a record ends one (else it is an empty line).
    let mut ends_record = false;
    let mut start = 0usize;
    let mut start_line = 1u64;
    let end_record = |m: &mut Model, start: usize, end: usize, start_line: u64| {
        if is_blank(&bytes[start..end]) {
            m.blanks += 1;
        } else {
            m.lines.push(start_line);
        }
    };
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        let is_break = b == b'\r' || b == b'\n';
        let break_len = if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        match state {
            State::Between => {
                if is_break {
                    if !ends_record {
                        m.blanks += 1;
                    }
                    ends_record = false;
                    line += 1;
                    i += break_len;
                } else {
                    start = i;
                    start_line = line;
                    state = State::StartField;
                }
                continue;
            }
            State::InQuoted if is_break => {
                line += 1;
                i += break_len;
                continue;
            }
            _ if is_break && state != State::InQuoted => {
                end_record(&mut m, start, i, start_line);
                state = State::Between;
                ends_record = true;
                continue;
            }
            State::StartField => {
                state = match b {
                    b'"' => State::InQuoted,
                    b',' => State::StartField,
                    _ => State::InField,
                }
            }
            State::InField => {
                if b == b',' {
                    state = State::StartField;
                }
            }
            State::InQuoted => {
                if b == b'"' {
                    state = State::QuoteInQuoted;
                }
            }
            State::QuoteInQuoted => {
                state = match b {
                    b'"' => State::InQuoted,
                    b',' => State::StartField,
                    _ => State::InField,
                }
            }
        }
        i += 1;
    }
    if state != State::Between {
        end_record(&mut m, start, bytes.len(), start_line);
    }
    m.open_quote = state == State::InQuoted;
    m
}

// ---------------------------------------------------------------------------------------
// Reading and the properties every damaged file has.

/// One read of a damaged file.
struct Read {
    mode: Mode,
    records: Vec<Parsed<AnyRecord>>,
    summary: Summary,
}

impl Read {
    /// Every problem: the records' and the file's.
    fn problems(&self) -> impl Iterator<Item = &Problem> + '_ {
        self.records
            .iter()
            .flat_map(|r| r.problems())
            .chain(&self.summary.problems)
    }

    /// Whether a problem of `kind` (any kind if `None`) is located at `line`.
    fn has_at(&self, kind: Option<ProblemKind>, line: u64) -> bool {
        self.problems()
            .any(|p| p.location.line == Some(line) && (kind.is_none() || kind == Some(p.kind)))
    }

    fn count(&self, kind: ProblemKind) -> usize {
        self.problems().filter(|p| p.kind == kind).count()
    }
}

/// Reads `bytes` in both modes; checks properties 1 and 2 against the model.
fn read_both(valid: &Valid, bytes: &[u8]) -> Result<Vec<Read>, TestCaseError> {
    let m = model(bytes);
    let mut out = Vec::new();
    for mode in [Mode::Strict, Mode::Lenient] {
        let (records, summary) = strategies::read(bytes, &valid.name, mode)
            .map_err(|e| TestCaseError::fail(format!("{mode:?}: read error {e}")))?;
        let r = Read {
            mode,
            records,
            summary,
        };
        let headers = match mode {
            Mode::Lenient => r.count(ProblemKind::HeaderLine),
            _ => 0,
        };
        prop_assert!(headers <= 1, "{mode:?}: {headers} header lines");
        prop_assert_eq!(
            r.records.len() + headers,
            m.lines.len(),
            "{:?}: records returned + headers skipped = records in the bytes",
            mode
        );
        prop_assert_eq!(r.summary.records, r.records.len() as u64);
        prop_assert_eq!(r.summary.typed + r.summary.raw, r.summary.records);
        prop_assert_eq!(
            r.count(ProblemKind::BlankLine),
            m.blanks,
            "{:?}: blank lines",
            mode
        );
        let lines: Vec<u64> = r.records.iter().map(record_line).collect();
        prop_assert_eq!(&lines[..], &m.lines[headers..], "{:?}: record lines", mode);
        out.push(r);
    }
    Ok(out)
}

/// The line a record read starts on.
fn record_line(p: &Parsed<AnyRecord>) -> u64 {
    match p {
        Parsed::Typed { record, .. } => record.origin().map_or(0, |o| o.position().line()),
        Parsed::Raw { record, .. } => record.position().line(),
        _ => 0,
    }
}

/// The record (index) whose bytes include `pos`, separators and its CRLF included.
fn record_at(valid: &Valid, pos: usize) -> Option<usize> {
    valid
        .recs
        .iter()
        .position(|r| (r.span.start..r.span.end + 2).contains(&pos))
}

fn pick<T>(items: &[T], i: Index) -> &T {
    &items[i.index(items.len())]
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: strategies::cases(CASES),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The bytes a non-text item may hold in some format of the standard.
fn format_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'(' | b')' | b'.')
}

fn structural(b: u8) -> bool {
    matches!(b, b'"' | b'\r' | b'\n')
}

// ---------------------------------------------------------------------------------------
// The mutations.

proptest! {
    #![proptest_config(config())]

    /// A flipped byte.
    #[test]
    fn flipped_byte(file in strategies::any_file(MAX_RECORDS), at in any::<Index>(), mask in 1u8..=255) {
        let v = valid(&file)?;
        let pos = at.index(v.bytes.len());
        let old = v.bytes[pos];
        let new = old ^ mask;
        let mut bytes = v.bytes.clone();
        bytes[pos] = new;
        let reads = read_both(&v, &bytes)?;
        // A comma before a quoted field makes the quote a character when it goes: the
        // quoted field's commas and line breaks then split the record.
        let opens_quote = old == b',' && v.bytes.get(pos + 1) == Some(&b'"');
        if structural(old) || structural(new) || opens_quote {
            return Ok(());
        }
        prop_assert_eq!(model(&bytes).lines.len(), v.recs.len(), "the records are kept");
        let r = record_at(&v, pos).expect("every byte is in a record");
        let rec = &v.recs[r];
        let field = rec.fields.iter().position(|f| f.contains(&pos));
        let sure = if matches!(new, 0xFD..=0xFF) {
            Some(ProblemKind::MalformedBytes)
        } else if rec.commas.contains(&pos) {
            Some(ProblemKind::FieldCount)
        } else {
            None
        };
        let non_text_bad = field.is_some_and(|f| !rec.text[f] && !format_byte(new));
        for read in &reads {
            if let Some(kind) = sure {
                prop_assert!(
                    read.has_at(Some(kind), rec.line),
                    "{:?}: no {:?} at line {} for 0x{:02X} → 0x{:02X} at byte {}",
                    read.mode, kind, rec.line, old, new, pos
                );
            }
            if non_text_bad {
                prop_assert!(
                    read.has_at(None, rec.line),
                    "{:?}: nothing at line {} for 0x{:02X} → 0x{:02X} in item No.{}",
                    read.mode, rec.line, old, new, field.map_or(0, |f| f + 1)
                );
            }
        }
    }

    /// A field dropped: its value and one comma.
    #[test]
    fn dropped_field(file in strategies::any_file(MAX_RECORDS), rec in any::<Index>(), field in any::<Index>()) {
        let v = valid(&file)?;
        let rec = pick(&v.recs, rec);
        let f = field.index(rec.fields.len());
        // The field with its quotes, and the comma after it (before it for the last one).
        // The field (quotes included) and the comma after it, or before it for the last.
        let (from, to) = match rec.commas.get(f) {
            Some(c) => (if f == 0 { rec.span.start } else { rec.commas[f - 1] + 1 }, c + 1),
            None => (rec.commas[f - 1], rec.span.end),
        };
        let mut bytes = v.bytes.clone();
        bytes.drain(from..to);
        let reads = read_both(&v, &bytes)?;
        prop_assert_eq!(model(&bytes).lines.len(), v.recs.len());
        for read in &reads {
            prop_assert!(read.has_at(Some(ProblemKind::FieldCount), rec.line),
                "{:?}: no FieldCount at line {} (item No.{} dropped)", read.mode, rec.line, f + 1);
        }
    }

    /// A field duplicated: a copy of it (quotes included) and a comma inserted after it.
    #[test]
    fn duplicated_field(file in strategies::any_file(MAX_RECORDS), rec in any::<Index>(), field in any::<Index>()) {
        let v = valid(&file)?;
        let rec = pick(&v.recs, rec);
        let f = field.index(rec.fields.len());
        let value = &rec.fields[f];
        let from = if f == 0 { rec.span.start } else { rec.commas[f - 1] + 1 };
        let to = rec.commas.get(f).copied().unwrap_or(rec.span.end);
        prop_assert!(from <= value.start && value.end <= to);
        let mut copy = v.bytes[from..to].to_vec();
        copy.push(b',');
        let mut bytes = v.bytes.clone();
        bytes.splice(from..from, copy);
        let reads = read_both(&v, &bytes)?;
        prop_assert_eq!(model(&bytes).lines.len(), v.recs.len());
        for read in &reads {
            prop_assert!(read.has_at(Some(ProblemKind::FieldCount), rec.line),
                "{:?}: no FieldCount at line {} (item No.{} duplicated)", read.mode, rec.line, f + 1);
        }
    }

    /// A `"` inserted anywhere.
    #[test]
    fn inserted_quote(file in strategies::any_file(MAX_RECORDS), at in any::<Index>()) {
        let v = valid(&file)?;
        let pos = at.index(v.bytes.len() + 1);
        let mut bytes = v.bytes.clone();
        bytes.insert(pos, b'"');
        let reads = read_both(&v, &bytes)?;
        for read in &reads {
            prop_assert!(read.problems().next().is_some(),
                "{:?}: a quote inserted at byte {} is not reported", read.mode, pos);
        }
    }

    /// The file cut short at any byte.
    #[test]
    fn cut_short(file in strategies::any_file(MAX_RECORDS), at in any::<Index>()) {
        let v = valid(&file)?;
        let len = at.index(v.bytes.len() + 1);
        let bytes = &v.bytes[..len];
        let reads = read_both(&v, bytes)?;
        let started = v.recs.iter().filter(|r| r.span.start < len).count();
        prop_assert_eq!(model(bytes).lines.len(), started, "records started before the cut");
        let boundary = len == 0 || v.recs.iter().any(|r| r.span.end + 2 == len);
        if !boundary {
            for read in &reads {
                prop_assert!(read.problems().next().is_some(),
                    "{:?}: a cut at byte {} is not reported", read.mode, len);
            }
        }
    }

    /// A byte pair at a character boundary inside a value turned into a 外字.
    #[test]
    fn gaiji(file in strategies::any_file(MAX_RECORDS), at in any::<Index>(),
             lead in 0xF0u8..=0xF9, trail in prop::sample::select((0x40u8..=0x7E).chain(0x80..=0xFC).collect::<Vec<_>>())) {
        let v = valid(&file)?;
        // Character boundaries: the file is valid MS932, so lead bytes tell.
        let mut starts = Vec::new();
        let mut i = 0;
        while i < v.bytes.len() {
            starts.push(i);
            i += if matches!(v.bytes[i], 0x81..=0x9F | 0xE0..=0xFC) { 2 } else { 1 };
        }
        let spots: Vec<(usize, usize)> = starts
            .into_iter()
            .filter_map(|s| {
                let r = record_at(&v, s)?;
                let rec = &v.recs[r];
                let inside = rec.fields.iter().any(|f| f.contains(&s) && f.contains(&(s + 1)));
                (inside && !v.bytes[s..s + 2].contains(&b'"')).then_some((s, r))
            })
            .collect();
        prop_assume!(!spots.is_empty());
        let (pos, r) = *pick(&spots, at);
        let mut bytes = v.bytes.clone();
        bytes[pos] = lead;
        bytes[pos + 1] = trail;
        let reads = read_both(&v, &bytes)?;
        prop_assert_eq!(model(&bytes).lines.len(), v.recs.len());
        for read in &reads {
            prop_assert!(read.has_at(Some(ProblemKind::Gaiji), v.recs[r].line),
                "{:?}: no Gaiji at line {} for byte {}", read.mode, v.recs[r].line, pos);
        }
    }

    /// Every CRLF turned into LF.
    #[test]
    fn crlf_to_lf(file in strategies::any_file(MAX_RECORDS)) {
        let v = valid(&file)?;
        let mut bytes = Vec::with_capacity(v.bytes.len());
        let mut i = 0;
        while i < v.bytes.len() {
            if v.bytes[i] == b'\r' && v.bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            bytes.push(v.bytes[i]);
            i += 1;
        }
        let reads = read_both(&v, &bytes)?;
        prop_assert_eq!(model(&bytes).lines.len(), v.recs.len());
        for read in &reads {
            prop_assert!(read.has_at(Some(ProblemKind::LineEnding), 1), "{:?}: no LineEnding at line 1", read.mode);
        }
    }
}

/// The model on files whose records are known.
#[test]
fn model_counts_records_lines_and_blanks() {
    let m = model(b"1,\"a\r\nb\",2\r\n\r\n  \r\n3,\"\"\"\"\n4");
    assert_eq!(m.lines, vec![1, 5, 6]);
    assert_eq!(m.blanks, 2);
    let m = model(b"\r\n\r\n1\r2\r\n");
    assert_eq!(m.lines, vec![3, 4]);
    assert_eq!(m.blanks, 2);
    // A quote in an unquoted field is a character; after a closing quote, text goes on.
    let m = model(b"1,a\"b\r\n\"x\"y\r\nz\"\r\n");
    assert_eq!(m.lines, vec![1, 2, 3]);
    assert_eq!(model(b"").lines, Vec::<u64>::new());
    let m = model(b"1,\"open\r\n2\r\n");
    assert_eq!(m.lines, vec![1]);
    assert!(m.open_quote);
    assert!(!model(b"1,\"closed\"\r\n").open_quote);
}

/// Regression (found by `cut_short`): a file cut inside a quoted field whose value ends
/// with line breaks. The breaks are part of the value, not the record's line break and
/// blank lines after it (`Reader::finish_field` once moved them into the gap between
/// records).
#[test]
fn breaks_inside_an_unterminated_quoted_field_are_not_blank_lines() {
    let data = b"1,\"a\r\r";
    let mut rdr = careplan::csv::ReaderBuilder::new()
        .mode(Mode::Strict)
        .from_reader(&data[..]);
    let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].text(1), Some("a\r\r"));
    let kinds: Vec<ProblemKind> = rdr.problems().iter().map(|p| p.kind).collect();
    assert!(!kinds.contains(&ProblemKind::BlankLine), "{kinds:?}");
    assert!(!kinds.contains(&ProblemKind::LineEnding), "{kinds:?}");
    assert_eq!(rdr.final_line_break(), Some(false));
}
