//! Arbitrary bytes as a file: through the plain CSV reader in both modes, and through the
//! file reader under a valid name of the kind the second byte selects (typed views, rules of
//! the record and of the file, the summary). Typed records must survive to_raw/from_raw.
//!
//! The plain reader must also read the same records and problems whether the bytes come
//! at once or a few at a time (buffer refills at every position), and what it read must be
//! written by the writer as a file that reads back to the same texts.
//!
//! Input: byte 0 = options (bit 0 mode, bit 1 small buffer and record limit, bit 2 header
//! detection off, bit 3 no valid name: the kind is detected from the content, bits 4-7 the
//! chunk size - 1 of the piecewise read), byte 1 = kind, the rest = the file.
#![no_main]

use std::io::Read;

use careplan_csv::{FileReaderBuilder, Parsed, ReaderBuilder, WriterBuilder};
use careplan_fuzz::{assert_round_trip, file_name, kind, mode};
use careplan_model::{Field, Mode, Problem, RawRecord};
use libfuzzer_sys::fuzz_target;

/// Gives its bytes `chunk` at a time.
struct Chunked<'a> {
    data: &'a [u8],
    chunk: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.chunk.min(buf.len()).min(self.data.len());
        let (head, tail) = self.data.split_at(n);
        buf[..n].copy_from_slice(head);
        self.data = tail;
        Ok(n)
    }
}

/// A record as everything the reader says about it.
type Seen = (
    Vec<(String, bool, Option<Vec<u8>>)>,
    careplan_model::Position,
    Vec<Problem>,
);

fn seen(r: &RawRecord) -> Seen {
    let fields = r
        .fields()
        .map(|f: Field<'_>| (f.text.to_string(), f.quoted, f.raw.map(<[u8]>::to_vec)))
        .collect();
    (fields, r.position(), r.problems().to_vec())
}

/// Every record (or the error that stopped the read) and the file-level findings.
fn read_all<R: Read>(rb: &ReaderBuilder, input: R) -> (Vec<Result<Seen, String>>, String) {
    let mut rdr = rb.from_reader(input);
    let mut out = Vec::new();
    let mut record = RawRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => out.push(Ok(seen(&record))),
            Ok(false) => break,
            Err(e) => {
                out.push(Err(e.to_string()));
                break;
            }
        }
    }
    let file = format!(
        "{:?} {:?} {:?} {:?} {}",
        rdr.problems(),
        rdr.final_line_break(),
        rdr.encoding(),
        rdr.header(),
        rdr.suppressed_problems()
    );
    (out, file)
}

fuzz_target!(|data: &[u8]| {
    let [options, kind_byte, file @ ..] = data else {
        return;
    };
    let mode = mode(*options);
    let small = options & 2 != 0;

    // The plain reader: every record, then the file-level problems.
    let mut rb = ReaderBuilder::new();
    rb.mode(mode)
        .file_name("fuzz.CSV")
        .detect_header(options & 4 == 0);
    if small {
        rb.buffer_capacity(1024).max_record_bytes(4096);
    }
    let mut rdr = rb.from_reader(file);
    let mut record = RawRecord::new();
    let mut last_line = 0;
    while let Ok(true) = rdr.read_record(&mut record) {
        let p = record.position();
        assert!(
            p.line() >= last_line,
            "lines go backwards: {} after {last_line}",
            p.line()
        );
        last_line = p.line();
        for f in record.fields() {
            let _ = f.text.len();
        }
        for p in record.problems() {
            let _ = (p.to_string(), p.message_ja());
        }
    }
    for p in rdr.problems() {
        let _ = (p.to_string(), p.message_ja());
    }
    let _ = (rdr.final_line_break(), rdr.encoding(), rdr.header());

    // The same bytes a few at a time read the same.
    let chunk = usize::from(options >> 4) + 1;
    let whole = read_all(&rb, file);
    let piecewise = read_all(&rb, Chunked { data: file, chunk });
    assert_eq!(whole, piecewise, "reading {chunk} bytes at a time differs");

    // Written and read again (strictly, so the encoding is MS932), the texts are the same.
    let records: Vec<RawRecord> = {
        let mut rdr = rb.from_reader(file);
        rdr.records().map_while(Result::ok).collect()
    };
    let mut w = WriterBuilder::new().from_writer(Vec::new());
    if records.iter().all(|r| w.write_record(r).is_ok()) {
        let bytes = w.into_inner().expect("a Vec takes every byte");
        let mut again = ReaderBuilder::new();
        again.mode(Mode::Strict).detect_header(false);
        let mut rdr = again.from_reader(&bytes[..]);
        let back: Vec<RawRecord> = rdr.records().map_while(Result::ok).collect();
        let texts = |rs: &[RawRecord]| -> Vec<Vec<String>> {
            rs.iter()
                .map(|r| r.fields().map(|f| f.text.to_string()).collect())
                .collect()
        };
        assert_eq!(
            texts(&records),
            texts(&back),
            "written as {:?}",
            String::from_utf8_lossy(&bytes)
        );
    }

    // The file reader under a valid name of the selected kind (or a name that is none).
    let kind = kind(*kind_byte);
    let name = if options & 8 == 0 {
        file_name(kind)
    } else {
        "fuzz.CSV".to_string()
    };
    let mut fb = FileReaderBuilder::new();
    fb.mode(mode);
    if small {
        fb.max_record_bytes(4096);
    }
    let mut frdr = fb.from_reader(file, &name);
    let read_kind = frdr.kind();
    for parsed in frdr.records() {
        let Ok(parsed) = parsed else { break };
        for p in parsed.problems() {
            let _ = (p.to_string(), p.message_ja());
        }
        if let (Parsed::Typed { record, .. }, Some(k)) = (&parsed, read_kind) {
            assert_round_trip(k, record);
        }
    }
    let summary = frdr.summary();
    assert!(
        summary.typed + summary.raw == summary.records,
        "summary counts: {summary:?}"
    );
    for p in &summary.problems {
        let _ = (p.to_string(), p.message_ja());
    }
});
