//! The raw record: what a line of a file held, field by field, before any layout is applied.
//!
//! A [`RawRecord`] is the unit that is never lost. Whatever fails to become a typed record is
//! still available as a `RawRecord` together with its [`Problem`]s.

use crate::position::Position;
use crate::problem::Problem;

/// The encoding the bytes of a record were read in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceEncoding {
    /// Built in memory: no source bytes.
    #[default]
    None,
    /// MS932 (Windows-31J), the standard's encoding.
    Ms932,
    /// UTF-8 (a lenient read of a file that was not MS932). Its bytes are never reused on write.
    Utf8,
}

/// One field of a [`RawRecord`], borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// Whether the field was enclosed in double quotes.
    pub quoted: bool,
    /// The bytes of the value as read (quotes removed, `""` unescaped), when the field came
    /// from a file and still holds the value read. Writers reuse them to keep MS932 byte
    /// pairs that decode to the same character (spec OPEN_QUESTIONS 8).
    pub raw: Option<&'a [u8]>,
}

/// A record as read from (or about to be written to) a file: its fields, where it was, and
/// the problems found in it so far.
///
/// Fields are stored contiguously (like `csv::ByteRecord`), so reading into one reused
/// `RawRecord` allocates nothing once its buffers have grown.
///
/// ```
/// use careplan_model::RawRecord;
/// let mut r = RawRecord::new();
/// r.push_field("202407", false);
/// r.push_field("山田 太郎", true);
/// assert_eq!(r.len(), 2);
/// assert_eq!(r.text(1), Some("山田 太郎"));
/// assert!(r.field(1).unwrap().quoted);
/// ```
#[derive(Clone, Debug, Default)]
pub struct RawRecord {
    /// The fields' texts. Fields read as a run of ASCII values share one stretch of the
    /// record as read (separators included), so each column says where its text is.
    text: String,
    /// Source bytes of the fields whose bytes differ from their text.
    raw: Vec<u8>,
    /// One entry per field.
    cols: Vec<Column>,
    position: Position,
    source: SourceEncoding,
    problems: Vec<Problem>,
}

/// Where a field's text and source bytes are (`Copy`, so a record clones its columns with
/// one copy).
#[derive(Clone, Copy, Debug)]
struct Column {
    /// The text is `text[start..end]`.
    start: usize,
    end: usize,
    /// With [`Source::Bytes`], the source bytes are `raw[raw_start..raw_end]`.
    raw_start: usize,
    raw_end: usize,
    source: Source,
    quoted: bool,
}

/// Where a field's source bytes are kept.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// Built in memory: none.
    None,
    /// The same bytes as its text (ASCII, most items): kept once, as the text.
    Text,
    /// In the record's byte buffer.
    Bytes,
}

impl Column {
    fn text(start: usize, end: usize, source: Source, quoted: bool) -> Column {
        Column {
            start,
            end,
            raw_start: 0,
            raw_end: 0,
            source,
            quoted,
        }
    }
}

impl PartialEq for RawRecord {
    /// Two raw records are equal when their fields (text and quoting) are equal; position,
    /// source bytes and problems are not compared.
    fn eq(&self, other: &RawRecord) -> bool {
        self.len() == other.len()
            && self
                .fields()
                .zip(other.fields())
                .all(|(a, b)| a.text == b.text && a.quoted == b.quoted)
    }
}

impl RawRecord {
    /// An empty record.
    pub fn new() -> RawRecord {
        RawRecord::default()
    }

    /// A record of unquoted fields built from texts (handy in tests and examples).
    pub fn from_texts<I, S>(texts: I) -> RawRecord
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut r = RawRecord::new();
        for t in texts {
            r.push_field(t.as_ref(), false);
        }
        r
    }

    /// Removes every field and problem, keeping the allocated buffers.
    #[inline]
    pub fn clear(&mut self) {
        self.text.clear();
        self.raw.clear();
        self.cols.clear();
        self.problems.clear();
        self.position = Position::default();
        self.source = SourceEncoding::None;
    }

    /// Appends a field built in memory (no source bytes).
    pub fn push_field(&mut self, text: &str, quoted: bool) {
        let start = self.text.len();
        self.text.push_str(text);
        self.cols
            .push(Column::text(start, self.text.len(), Source::None, quoted));
    }

    /// Appends a field read from a file, with the bytes it was decoded from.
    #[doc(hidden)]
    pub fn push_field_with_raw(&mut self, text: &str, raw: &[u8], quoted: bool) {
        let start = self.text.len();
        self.text.push_str(text);
        let mut col = Column::text(start, self.text.len(), Source::Text, quoted);
        if text.as_bytes() != raw {
            col.source = Source::Bytes;
            col.raw_start = self.raw.len();
            self.raw.extend_from_slice(raw);
            col.raw_end = self.raw.len();
        }
        self.cols.push(col);
    }

    /// Appends a field read from a file whose source bytes are the bytes of its text (an
    /// ASCII value): the same as [`push_field_with_raw`](RawRecord::push_field_with_raw)
    /// with `text.as_bytes()`, without comparing them.
    ///
    /// ```
    /// use careplan_model::RawRecord;
    /// let mut r = RawRecord::new();
    /// r.push_field_as_read("131001", false);
    /// assert_eq!(r.field(0).unwrap().raw, Some(&b"131001"[..]));
    /// ```
    #[doc(hidden)]
    pub fn push_field_as_read(&mut self, text: &str, quoted: bool) {
        let start = self.text.len();
        self.text.push_str(text);
        self.cols
            .push(Column::text(start, self.text.len(), Source::Text, quoted));
    }

    /// Appends a run of fields read from a file whose source bytes are the bytes of their
    /// text (ASCII values without doubled quotes), keeping the stretch of the record they
    /// were read from once: `chunk` is that stretch as read (separators and quotes
    /// included) and each field is given by the range of its value in `chunk` and whether
    /// it was quoted. The same as one
    /// [`push_field_as_read`](RawRecord::push_field_as_read) per field, in one copy.
    ///
    /// A range that is not within `chunk` is cut to it; a field whose range does not fall
    /// on character boundaries reads as empty.
    ///
    /// ```
    /// use careplan_model::RawRecord;
    /// let mut r = RawRecord::new();
    /// r.push_fields_as_read(r#"202407,"",131001"#, [(0..6, false), (8..8, true), (10..16, false)]);
    /// assert_eq!(r.len(), 3);
    /// assert_eq!(r.text(2), Some("131001"));
    /// assert!(r.field(1).unwrap().quoted);
    /// assert_eq!(r.field(0).unwrap().raw, Some(&b"202407"[..]));
    /// ```
    #[doc(hidden)]
    #[inline(always)]
    pub fn push_fields_as_read<I>(&mut self, chunk: &str, fields: I)
    where
        I: IntoIterator<Item = (std::ops::Range<usize>, bool)>,
    {
        let base = self.text.len();
        self.text.push_str(chunk);
        let len = chunk.len();
        self.cols.extend(fields.into_iter().map(|(range, quoted)| {
            // Within the chunk: the text buffer checks the boundaries when it is read.
            let end = range.end.min(len);
            let start = range.start.min(end);
            Column::text(base + start, base + end, Source::Text, quoted)
        }));
    }

    /// Appends a run of fields read from a file whose source bytes are the bytes of their
    /// text, as [`push_fields_as_read`](RawRecord::push_fields_as_read) does, each field
    /// given by where its value is in the input `chunk` was cut from (`chunk` starting at
    /// `offset` in it) and whether it was quoted: the reader passes the offsets it found
    /// without making them relative to the chunk, and nothing is cut. Each range must lie
    /// within the chunk; one that does not reads as the record's text at those places, or
    /// as empty (never a panic).
    ///
    /// ```
    /// use careplan_model::RawRecord;
    /// // The chunk is input[100..116] of the input it was read from.
    /// let mut r = RawRecord::new();
    /// r.push_fields_read_at(r#"202407,"",131001"#, 100, [(100, 106, false), (108, 108, true), (110, 116, false)]);
    /// assert_eq!(r.len(), 3);
    /// assert_eq!(r.text(2), Some("131001"));
    /// assert!(r.field(1).unwrap().quoted);
    /// assert_eq!(r.field(0).unwrap().raw, Some(&b"202407"[..]));
    /// ```
    #[doc(hidden)]
    #[inline(always)]
    pub fn push_fields_read_at<I>(&mut self, chunk: &str, offset: usize, fields: I)
    where
        I: IntoIterator<Item = (usize, usize, bool)>,
    {
        // A field at `at` in the input is at `at - offset` in the chunk, and the chunk at
        // the text's end: one addition (wrapping: `offset` may be past the text's end).
        let shift = self.text.len().wrapping_sub(offset);
        self.text.push_str(chunk);
        self.cols
            .extend(fields.into_iter().map(|(from, to, quoted)| {
                Column::text(
                    from.wrapping_add(shift),
                    to.wrapping_add(shift),
                    Source::Text,
                    quoted,
                )
            }));
    }

    /// Appends a field copied from another record's field (text, quoting and source bytes).
    #[doc(hidden)]
    pub fn push(&mut self, field: Field<'_>) {
        match field.raw {
            Some(raw) => self.push_field_with_raw(field.text, raw, field.quoted),
            None => self.push_field(field.text, field.quoted),
        }
    }

    /// The number of fields.
    #[inline]
    pub fn len(&self) -> usize {
        self.cols.len()
    }

    /// Whether the record has no fields.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.cols.is_empty()
    }

    /// The field at 0-based column `i` (item No. `i + 1`).
    #[inline]
    pub fn field(&self, i: usize) -> Option<Field<'_>> {
        self.cols.get(i).map(|col| self.field_of(col))
    }

    #[inline]
    fn field_of(&self, col: &Column) -> Field<'_> {
        let text = self.text.get(col.start..col.end).unwrap_or_default();
        let raw = match col.source {
            Source::None => None,
            Source::Text => Some(text.as_bytes()),
            Source::Bytes => self.raw.get(col.raw_start..col.raw_end),
        };
        Field {
            text,
            quoted: col.quoted,
            raw,
        }
    }

    /// The decoded text at 0-based column `i` (without building the rest of the field).
    #[inline]
    pub fn text(&self, i: usize) -> Option<&str> {
        let col = self.cols.get(i)?;
        Some(self.text.get(col.start..col.end).unwrap_or_default())
    }

    /// The text of item No. `no` (1-based, as the standard numbers items).
    pub fn item(&self, no: usize) -> Option<&str> {
        no.checked_sub(1).and_then(|i| self.text(i))
    }

    /// Iterates over the fields.
    #[inline]
    pub fn fields(&self) -> impl ExactSizeIterator<Item = Field<'_>> + '_ {
        self.cols.iter().map(move |col| self.field_of(col))
    }

    /// Iterates over the fields as [`fields`](RawRecord::fields) does, with `None` for a
    /// field whose text is empty by where it is alone (nothing to look at): the layout
    /// engine checks an empty item without its text. A field given as `Some` may still be
    /// empty.
    ///
    /// ```
    /// use careplan_model::RawRecord;
    /// let r = RawRecord::from_texts(["131001", "", "x"]);
    /// let texts: Vec<_> = r.fields_or_empty().map(|f| f.map(|f| f.text)).collect();
    /// assert_eq!(texts, [Some("131001"), None, Some("x")]);
    /// ```
    #[doc(hidden)]
    #[inline]
    pub fn fields_or_empty(&self) -> impl ExactSizeIterator<Item = Option<Field<'_>>> + '_ {
        self.cols
            .iter()
            .map(move |col| (col.start < col.end).then(|| self.field_of(col)))
    }

    /// The fields' bytes (of their texts) and quoting, `None` for a field empty by where it
    /// is, as [`fields_or_empty`](RawRecord::fields_or_empty) gives them but without
    /// making each one a `str`: the layout engine checks most items on their bytes.
    ///
    /// ```
    /// use careplan_model::RawRecord;
    /// let r = RawRecord::from_texts(["131001", "", "x"]);
    /// let bytes: Vec<_> = r.bytes_or_empty().map(|f| f.map(|(b, _)| b)).collect();
    /// assert_eq!(bytes, [Some(&b"131001"[..]), None, Some(&b"x"[..])]);
    /// ```
    #[doc(hidden)]
    #[inline]
    pub fn bytes_or_empty(&self) -> impl ExactSizeIterator<Item = Option<(&[u8], bool)>> + '_ {
        let text = self.text.as_bytes();
        self.cols.iter().map(move |col| {
            (col.start < col.end)
                .then(|| (text.get(col.start..col.end).unwrap_or_default(), col.quoted))
        })
    }

    /// Sets whether field `i` is written between quotes. Does nothing if there is no such field.
    #[doc(hidden)]
    pub fn set_quoted(&mut self, i: usize, quoted: bool) {
        if let Some(col) = self.cols.get_mut(i) {
            col.quoted = quoted;
        }
    }

    /// Where the record starts in its file.
    #[inline]
    pub fn position(&self) -> Position {
        self.position
    }

    /// Sets where the record starts.
    #[doc(hidden)]
    #[inline]
    pub fn set_position(&mut self, position: Position) {
        self.position = position;
    }

    /// The encoding its bytes were read in.
    pub fn source(&self) -> SourceEncoding {
        self.source
    }

    /// Sets the encoding its bytes were read in.
    #[doc(hidden)]
    #[inline]
    pub fn set_source(&mut self, source: SourceEncoding) {
        self.source = source;
    }

    /// The problems found in this record (by the reader and, once validated, by the layout).
    #[inline]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Attaches a problem.
    #[doc(hidden)]
    pub fn add_problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// The problems, to amend them (the file reader fills in item names and the file kind).
    #[doc(hidden)]
    #[inline]
    pub fn problems_mut(&mut self) -> &mut Vec<Problem> {
        &mut self.problems
    }

    /// Takes the problems out of the record.
    #[doc(hidden)]
    #[inline]
    pub fn take_problems(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.problems)
    }

    /// A copy of the fields, position and source encoding, without the problems (cheaper
    /// than `clone` followed by [`take_problems`](RawRecord::take_problems)).
    pub(crate) fn clone_without_problems(&self) -> RawRecord {
        RawRecord {
            text: self.text.clone(),
            raw: self.raw.clone(),
            cols: self.cols.clone(),
            position: self.position,
            source: self.source,
            problems: Vec::new(),
        }
    }

    /// Whether any attached problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.is_error())
    }

    /// Builds a record of `new` texts that keeps, for every field whose text equals the
    /// field at the same column of `self`, the source bytes (and quoting) of `self`.
    ///
    /// This is how a typed record that was read and not changed is written back byte for
    /// byte, while a changed field is written in the standard's form.
    #[doc(hidden)]
    pub fn merged_with_origin(&self, new: &RawRecord) -> RawRecord {
        let mut out = RawRecord::new();
        out.source = self.source;
        for (i, f) in new.fields().enumerate() {
            match self.field(i) {
                Some(old) if old.text == f.text && self.source == SourceEncoding::Ms932 => out
                    .push(Field {
                        text: f.text,
                        quoted: f.quoted,
                        raw: old.raw,
                    }),
                _ => out.push_field(f.text, f.quoted),
            }
        }
        out.position = self.position;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProblemKind;

    #[test]
    fn fields_round_trip_and_keep_raw() {
        let mut r = RawRecord::new();
        r.push_field_with_raw("纊", &[0xED, 0x40], true);
        r.push_field("", false);
        r.push_field("x", false);
        assert_eq!(r.len(), 3);
        assert_eq!(r.field(0).unwrap().raw, Some(&[0xED, 0x40][..]));
        assert_eq!(r.field(1).unwrap().text, "");
        assert_eq!(r.field(2).unwrap().raw, None);
        assert!(r.field(3).is_none());
        assert_eq!(r.item(3), Some("x"));
        assert_eq!(r.item(0), None);
    }

    #[test]
    fn merge_keeps_bytes_only_for_unchanged_fields() {
        let mut old = RawRecord::new();
        old.set_source(SourceEncoding::Ms932);
        old.push_field_with_raw("纊", &[0xED, 0x40], true);
        old.push_field_with_raw("a", b"a", false);
        let new = RawRecord::from_texts(["纊", "b"]);
        let m = old.merged_with_origin(&new);
        assert_eq!(m.field(0).unwrap().raw, Some(&[0xED, 0x40][..]));
        assert_eq!(m.field(1).unwrap().raw, None);
        assert_eq!(m.text(1), Some("b"));
    }

    #[test]
    fn ascii_source_bytes_are_kept_once_and_read_back() {
        let mut r = RawRecord::new();
        r.push_field_with_raw("131001", b"131001", false);
        r.push_field_with_raw("山", &[0x8E, 0x52], true);
        r.push_field_with_raw("", b"", false);
        assert_eq!(r.raw, vec![0x8E, 0x52]);
        let raws: Vec<_> = r.fields().map(|f| f.raw).collect();
        assert_eq!(
            raws,
            [
                Some(&b"131001"[..]),
                Some(&[0x8E, 0x52][..]),
                Some(&b""[..])
            ]
        );
        assert_eq!(r.field(0).unwrap().raw, Some(&b"131001"[..]));
        let c = r.clone_without_problems();
        assert_eq!(c.field(1).unwrap().raw, Some(&[0x8E, 0x52][..]));
    }

    #[test]
    fn fields_as_read_are_cut_to_their_chunk() {
        let mut r = RawRecord::from_texts(["x"]);
        // The last but one range ends with the chunk; the last is reversed.
        let reversed = 4.."abc".len();
        r.push_fields_as_read(
            "ab,cd",
            [
                (0..2, false),
                (3..9, true),
                (7..9, false),
                (4..5, false),
                (reversed, false),
            ],
        );
        let texts: Vec<_> = r.fields().map(|f| (f.text, f.quoted, f.raw)).collect();
        assert_eq!(
            texts,
            [
                ("x", false, None),
                ("ab", false, Some(&b"ab"[..])),
                ("cd", true, Some(&b"cd"[..])),
                ("", false, Some(&b""[..])),
                ("d", false, Some(&b"d"[..])),
                ("", false, Some(&b""[..])),
            ]
        );
    }

    proptest::proptest! {
        /// Fields pushed by where they are in the input the chunk was cut from are the
        /// fields pushed by where they are in the chunk: texts, quoting, source bytes, and
        /// what was in the record before, for every run of ranges within the chunk.
        #[test]
        fn fields_read_at_their_offsets_equal_fields_as_read(
            before in proptest::collection::vec("[a-z0-9]{0,4}", 0..3),
            chunk in "[ -~]{0,40}",
            offset in 0usize..1000,
            cuts in proptest::collection::vec((0usize..41, 0usize..41, proptest::bool::ANY), 0..12),
        ) {
            let len = chunk.len();
            let ranges: Vec<_> = cuts
                .iter()
                .map(|&(a, b, quoted)| (a.min(b).min(len), a.max(b).min(len), quoted))
                .collect();
            let mut relative = RawRecord::from_texts(&before);
            relative.push_fields_as_read(&chunk, ranges.iter().map(|&(a, b, q)| (a..b, q)));
            let mut absolute = RawRecord::from_texts(&before);
            absolute.push_fields_read_at(
                &chunk,
                offset,
                ranges.iter().map(|&(a, b, q)| (a + offset, b + offset, q)),
            );
            let fields = |r: &RawRecord| -> Vec<(String, bool, Option<Vec<u8>>)> {
                r.fields()
                    .map(|f| (f.text.to_owned(), f.quoted, f.raw.map(<[u8]>::to_vec)))
                    .collect()
            };
            proptest::prop_assert_eq!(fields(&absolute), fields(&relative));
        }
    }

    #[test]
    fn clone_without_problems_keeps_the_fields_and_drops_the_problems() {
        let mut r = RawRecord::from_texts(["202407"]);
        r.add_problem(Problem::error(ProblemKind::MalformedBytes));
        let c = r.clone_without_problems();
        assert_eq!(c, r);
        assert!(c.problems().is_empty());
        assert!(!r.problems().is_empty());
    }

    #[test]
    fn clear_resets_everything() {
        let mut r = RawRecord::from_texts(["a", "b"]);
        r.set_position(Position::new(1, 2, 3));
        r.clear();
        assert!(r.is_empty());
        assert_eq!(r.position(), Position::default());
    }
}
