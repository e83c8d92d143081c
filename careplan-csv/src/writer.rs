//! Writing records in the standard's form: MS932, CRLF after every record, free text (and
//! only free text) between double quotes with inner quotes doubled.

use std::io::Write;

use careplan_model::{Field, ItemRef, Problem, ProblemKind, RawRecord, SourceEncoding};

use crate::error::{Error, ErrorKind};
use crate::ms932::{self, Substitution, Substitutions};

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
            substitutions: self.substitutions.clone(),
            quoting: self.quoting.clone(),
            final_line_break: self.final_line_break,
            file_name: self.file_name.clone(),
            buf: Vec::with_capacity(4096),
            report: Vec::new(),
            problems: Vec::new(),
            records: 0,
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
    substitutions: Substitutions,
    quoting: Option<Vec<bool>>,
    final_line_break: bool,
    file_name: Option<String>,
    buf: Vec<u8>,
    report: Vec<Substitution>,
    problems: Vec<Problem>,
    records: u64,
}

impl<W: Write> Writer<W> {
    /// A writer with default options.
    pub fn from_writer(w: W) -> Writer<W> {
        WriterBuilder::new().from_writer(w)
    }

    /// Writes one record. On an unmappable character nothing of the record is written.
    pub fn write_record(&mut self, record: &RawRecord) -> Result<(), Error> {
        self.buf.clear();
        if self.records > 0 && !self.final_line_break {
            self.buf.extend_from_slice(b"\r\n");
        }
        let mut new_problems = Vec::new();
        for (i, field) in record.fields().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            let quote = self.quote(i, field);
            if quote {
                self.buf.push(b'"');
            }
            let start = self.buf.len();
            self.report.clear();
            match reusable_bytes(record.source(), field) {
                Some(raw) => self.buf.extend_from_slice(raw),
                None => {
                    if let Err(u) = ms932::encode_into(
                        field.text,
                        &self.substitutions,
                        &mut self.buf,
                        &mut self.report,
                    ) {
                        self.buf.clear();
                        let kind = ErrorKind::Unmappable {
                            ch: u.ch,
                            item: i + 1,
                            char_index: u.char_index,
                        };
                        let pos = careplan_model::Position::new(0, 0, self.records + 1);
                        return Err(Error::new(kind).at(pos).in_file(self.file_name.clone()));
                    }
                }
            }
            if quote {
                double_quotes(&mut self.buf, start);
                self.buf.push(b'"');
            }
            for s in self.report.drain(..) {
                let mut p = Problem::warning(ProblemKind::Substituted)
                    .item(ItemRef {
                        no: u16::try_from(i + 1).unwrap_or(u16::MAX),
                        name: "",
                    })
                    .found(format!("{} (U+{:04X})", s.from, s.from as u32))
                    .expected(s.to.clone());
                p.location.record = Some(self.records + 1);
                if let Some(f) = &self.file_name {
                    p = p.in_file(f.clone());
                }
                new_problems.push(p);
            }
        }
        if self.final_line_break {
            self.buf.extend_from_slice(b"\r\n");
        }
        let w = self
            .w
            .as_mut()
            .ok_or_else(|| Error::new(ErrorKind::Io(std::io::ErrorKind::BrokenPipe.into())))?;
        w.write_all(&self.buf)
            .map_err(|e| Error::from(e).in_file(self.file_name.clone()))?;
        self.problems.extend(new_problems);
        self.records += 1;
        Ok(())
    }

    fn quote(&self, i: usize, field: Field<'_>) -> bool {
        let by_rule = match &self.quoting {
            Some(cols) => {
                let text_item = cols.get(i).copied().unwrap_or(field.quoted);
                // OPEN_QUESTIONS 6: an empty free-text item read bare stays bare.
                if text_item && field.text.is_empty() && field.raw.is_some() && !field.quoted {
                    false
                } else {
                    text_item
                }
            }
            None => field.quoted,
        };
        // Never break the file: a value holding a delimiter, quote or line break is quoted
        // whatever the rule says (validation reports such a value in a non-text item).
        by_rule
            || field
                .text
                .bytes()
                .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    }

    /// Sets which columns are free text (see [`WriterBuilder::quoting`]); `None` quotes each
    /// field as its record says.
    pub fn set_quoting(&mut self, text_items: Option<Vec<bool>>) {
        self.quoting = text_items;
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

/// The bytes a field was read from, when they can be written again: MS932 source bytes that
/// still decode, without any issue, to the field's text.
fn reusable_bytes<'a>(source: SourceEncoding, field: Field<'a>) -> Option<&'a [u8]> {
    let raw = field.raw?;
    if source != SourceEncoding::Ms932 {
        return None;
    }
    if raw.is_ascii() {
        return (raw == field.text.as_bytes()).then_some(raw);
    }
    let mut text = String::with_capacity(raw.len() * 2);
    let issues = ms932::decode_into(raw, &mut text);
    (issues.is_empty() && text == field.text).then_some(raw)
}

/// Doubles every `"` in `buf[start..]`.
fn double_quotes(buf: &mut Vec<u8>, start: usize) {
    let n = buf[start..].iter().filter(|&&b| b == b'"').count();
    if n == 0 {
        return;
    }
    let value: Vec<u8> = buf.split_off(start);
    buf.reserve(value.len() + n);
    for b in value {
        buf.push(b);
        if b == b'"' {
            buf.push(b'"');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let data = b"202407,\"\xED\x40\",\"\xFA\x5C\",\x87\x90,,\"\"\r\n";
        let mut rdr = ReaderBuilder::new().from_reader(&data[..]);
        let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(recs[0].text(1), recs[0].text(2));
        let out = write(&recs, Some(vec![false, true, true, false, true, true]));
        assert_eq!(out, data);
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
                char_index: 0
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
