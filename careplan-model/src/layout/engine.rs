//! The layout engine: one generic check of any [`RawRecord`] against any [`Layout`].
//!
//! Per record it checks the item count, and per item the quoting, whether a required item is
//! filled, the length in characters, and the format (with the value parsers of
//! [`crate::value`]). Nothing is allocated unless a problem is found.

use crate::kind::FileKind;
use crate::mode::Mode;
use crate::problem::{Location, Problem, ProblemKind, Severity};
use crate::record::{Field, RawRecord};
use crate::value::CsvVersion;

use super::check::{check_fast, check_format, Fault, Scanned};
use super::format::Format;
use super::item::Item;
use super::Layout;

/// What the engine needs to know besides the record: the mode, and the file and kind to
/// name in problems.
///
/// ```
/// use careplan_model::__private::Context;
/// use careplan_model::{FileKind, Mode};
/// let ctx = Context::new(Mode::Strict)
///     .with_file("UPPLAN_202504_0300000100_43_0300000005_11_20250325120000.CSV")
///     .with_kind(FileKind::UsagePlan);
/// assert_eq!(ctx.mode(), Mode::Strict);
/// assert_eq!(ctx.kind(), Some(FileKind::UsagePlan));
/// assert!(ctx.file().unwrap().starts_with("UPPLAN_"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context<'a> {
    mode: Mode,
    file: Option<&'a str>,
    kind: Option<FileKind>,
}

impl<'a> Context<'a> {
    /// A context in `mode`, with no file name or kind.
    pub const fn new(mode: Mode) -> Context<'a> {
        Context {
            mode,
            file: None,
            kind: None,
        }
    }

    /// The same context naming the file `file` in problems.
    pub const fn with_file(self, file: &'a str) -> Context<'a> {
        Context {
            file: Some(file),
            ..self
        }
    }

    /// The same context naming the kind `kind` in problems (its table name: 第6表 …).
    pub const fn with_kind(self, kind: FileKind) -> Context<'a> {
        Context {
            kind: Some(kind),
            ..self
        }
    }

    /// The mode: a deviation from the standard's form is an error in strict mode and a
    /// warning in lenient mode.
    pub const fn mode(&self) -> Mode {
        self.mode
    }

    /// The file name, if given.
    pub const fn file(&self) -> Option<&'a str> {
        self.file
    }

    /// The file kind, if given.
    pub const fn kind(&self) -> Option<FileKind> {
        self.kind
    }
}

/// Checks `record` against `layout` and returns the problems found (none for a valid
/// record; the empty `Vec` does not allocate).
///
/// The checks, per item in order:
/// - **quoting** (spec OPEN_QUESTIONS 5): a quoted value of an item that is not free text
///   ([`QuotedNonText`](ProblemKind::QuotedNonText)), an unquoted free-text value
///   ([`UnquotedText`](ProblemKind::UnquotedText)); both deviations, of the mode's
///   severity. An empty item may be written bare or `""` either way (OPEN_QUESTIONS 6).
/// - **required**: an empty required item ([`MissingRequired`](ProblemKind::MissingRequired)).
/// - **length** in characters ([`TooLong`](ProblemKind::TooLong)); a value that is too long
///   is not checked further.
/// - **format** ([`InvalidFormat`](ProblemKind::InvalidFormat),
///   [`InvalidDate`](ProblemKind::InvalidDate), [`UnknownCode`](ProblemKind::UnknownCode),
///   [`UnusedNotEmpty`](ProblemKind::UnusedNotEmpty) (a warning),
///   [`UnknownVersion`](ProblemKind::UnknownVersion) for item No.1 (a deviation)). Special
///   values (`000000`, `00000000`, `9999`, `xxAAAA`, `999999` …) are accepted only in the
///   items whose layout row lists them.
///
/// A record with the wrong number of items gets a [`FieldCount`](ProblemKind::FieldCount)
/// problem (found and expected counts) first; then its items are checked in order up to the
/// first one that does not fit (spec PITFALLS: a row of 31 day columns is reported by its
/// count and its first misfit), which the `FieldCount` problem names as its `related`
/// location.
///
/// ```
/// use careplan_model::__private::{validate, Context};
/// use careplan_model::{FileKind, Mode, ProblemKind, RawRecord};
/// let layout = FileKind::UsagePlanDelete.layout().unwrap(); // DLTPLAN: 4 items
/// let ctx = Context::new(Mode::Lenient).with_kind(FileKind::UsagePlanDelete);
/// let ok = RawRecord::from_texts(["202407", "131045", "H123456789", "202504"]);
/// assert!(validate(layout, &ok, &ctx).is_empty());
/// let bad = RawRecord::from_texts(["202407", "131045", "H123456789", "202513"]);
/// let problems = validate(layout, &bad, &ctx);
/// assert_eq!(problems[0].kind, ProblemKind::InvalidDate);
/// assert_eq!(problems[0].message_ja(), "第6表予定削除 No.4 削除対象年月: 202513 は存在しない年月です");
/// ```
pub fn validate(layout: &Layout, record: &RawRecord, context: &Context<'_>) -> Vec<Problem> {
    let mut out = Vec::new();
    Validator::new(layout, *context).validate_into(record, &mut out);
    out
}

/// A layout and a context, ready to check many records: see [`validate`].
///
/// ```
/// use careplan_model::__private::{Context, Validator};
/// use careplan_model::{FileKind, Mode, ProblemKind, RawRecord, Severity};
/// use careplan_model::value::CsvVersion;
/// let v = Validator::for_kind(FileKind::UsagePlanDelete, CsvVersion::V202407, Context::new(Mode::Lenient)).unwrap();
/// let r = RawRecord::from_texts(["202410", "131045", "H123456789", "202504"]);
/// let p = v.validate(&r);
/// assert_eq!(p[0].kind, ProblemKind::UnknownVersion);
/// assert_eq!(p[0].severity, Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Validator<'a> {
    layout: &'a Layout,
    context: Context<'a>,
}

impl<'a> Validator<'a> {
    /// A validator of `layout` in `context`.
    pub const fn new(layout: &'a Layout, context: Context<'a>) -> Validator<'a> {
        Validator { layout, context }
    }

    /// A validator for records of `kind` in CSVバージョン `version` (the layout of
    /// [`Layout::for_version`]); the context names `kind` unless it names a kind already.
    /// `None` for the family-structure image.
    pub fn for_kind(
        kind: FileKind,
        version: CsvVersion,
        context: Context<'a>,
    ) -> Option<Validator<'a>> {
        let layout = Layout::for_version(kind, version)?;
        let context = match context.kind {
            Some(_) => context,
            None => context.with_kind(kind),
        };
        Some(Validator::new(layout, context))
    }

    /// The layout.
    pub const fn layout(&self) -> &'a Layout {
        self.layout
    }

    /// The context.
    pub const fn context(&self) -> &Context<'a> {
        &self.context
    }

    /// Checks `record`: see [`validate`].
    pub fn validate(&self, record: &RawRecord) -> Vec<Problem> {
        let mut out = Vec::new();
        self.validate_into(record, &mut out);
        out
    }

    /// Checks `record` and appends the problems to `out`.
    pub fn validate_into(&self, record: &RawRecord, out: &mut Vec<Problem>) {
        self.check_record(record, out, &mut []);
    }

    /// Checks `record` like [`Validator::validate_into`], and keeps in `scanned` what the
    /// format check found in each item, by column ([`Scanned::Empty`] for the empty ones,
    /// [`Scanned::None`] for the items not checked), for the typed view, which then need not
    /// parse the items again.
    #[doc(hidden)]
    pub fn validate_scanned(
        &self,
        record: &RawRecord,
        out: &mut Vec<Problem>,
        scanned: &mut Vec<Scanned>,
    ) {
        if record.len() != self.layout.len() {
            scanned.clear();
            scanned.resize(record.len(), Scanned::None);
            self.check_record(record, out, scanned);
            return;
        }
        // The usual record, with as many items as the layout: every item is checked, in
        // one tight loop (the same checks as `check_record`'s). An item of the usual
        // shape is accepted on its bytes (`check_fast`); any other is checked on its text.
        // Each item's entry is written in the loop, so the entries of the record before
        // (of the same length, as the records of a file are) are not set to `None` first:
        // only the length is made the record's.
        scanned.resize(record.len(), Scanned::None);
        let items = self.layout.items.iter().zip(record.bytes_or_empty());
        for (i, ((item, field), found)) in items.zip(scanned.iter_mut()).enumerate() {
            let Some((bytes, quoted)) = field else {
                *found = Scanned::Empty;
                if item.required {
                    self.missing(record, item, out);
                }
                continue;
            };
            *found = Scanned::None;
            if item.quick(quoted, bytes.len()) && check_fast(item, bytes, found) {
                continue;
            }
            if item.quick_text(quoted) {
                continue;
            }
            self.check_item_outlined(item, record.field(i), record, out, found);
        }
    }

    /// Checks `record`, writing what each item holds into `found` by column (when it is
    /// long enough).
    fn check_record(&self, record: &RawRecord, out: &mut Vec<Problem>, found: &mut [Scanned]) {
        let mut spare = Scanned::None;
        let expected = self.layout.len();
        let count = record.len();
        let count_ok = count == expected;
        let start = out.len();
        let mut misfit = None;
        let items = self.layout.items.iter().zip(record.fields_or_empty());
        for (i, (item, field)) in items.enumerate() {
            let before = out.len();
            let found = match found.get_mut(i) {
                Some(f) => f,
                None => &mut spare,
            };
            self.check_item_outlined(item, field, record, out, found);
            if !count_ok
                && out
                    .get(before..)
                    .is_some_and(|new| new.iter().any(|p| is_misfit(p.kind)))
            {
                misfit = Some(item);
                break;
            }
        }
        if !count_ok {
            let mut p = Problem::error(ProblemKind::FieldCount)
                .at(self.location(record, None))
                .found(count.to_string())
                .expected(expected.to_string());
            if let Some(item) = misfit {
                p = p.related(self.location(record, Some(item)));
            }
            out.insert(start, p);
        }
    }

    /// [`Validator::check_item`] in a function of its own, for the ways that are not hot.
    #[inline(never)]
    fn check_item_outlined(
        &self,
        item: &Item,
        field: Option<Field<'_>>,
        record: &RawRecord,
        out: &mut Vec<Problem>,
        found: &mut Scanned,
    ) {
        self.check_item(item, field, record, out, found);
    }

    /// Checks one item (`None`: a field empty by where it is, see
    /// [`RawRecord::fields_or_empty`]), and writes what its format check found in it to
    /// `found`. Every problem is built out of line, so that the usual way through stays
    /// short.
    #[inline(always)]
    fn check_item(
        &self,
        item: &Item,
        field: Option<Field<'_>>,
        record: &RawRecord,
        out: &mut Vec<Problem>,
        found: &mut Scanned,
    ) {
        let Some(field) = field.filter(|f| !f.text.is_empty()) else {
            *found = Scanned::Empty;
            if item.required {
                self.missing(record, item, out);
            }
            return;
        };
        let text = field.text;
        if field.quoted != item.is_text() {
            self.quoting(text, field.quoted, record, item, out);
        }
        if let Some(max) = item.length {
            let max = usize::from(max);
            if text.len() > max && text.chars().count() > max {
                self.too_long(max, text, record, item, out);
                return;
            }
        }
        if let Err(fault) = check_format(item, text, found) {
            self.fault(fault, record, item, text, out);
        }
    }

    #[cold]
    #[inline(never)]
    fn missing(&self, record: &RawRecord, item: &Item, out: &mut Vec<Problem>) {
        out.push(self.problem(ProblemKind::MissingRequired, Severity::Error, record, item));
    }

    #[cold]
    #[inline(never)]
    fn quoting(
        &self,
        text: &str,
        quoted: bool,
        record: &RawRecord,
        item: &Item,
        out: &mut Vec<Problem>,
    ) {
        let kind = if quoted {
            ProblemKind::QuotedNonText
        } else {
            ProblemKind::UnquotedText
        };
        let p = self.problem(kind, self.context.mode.deviation(), record, item);
        out.push(p.found(text));
    }

    #[cold]
    #[inline(never)]
    fn too_long(
        &self,
        max: usize,
        text: &str,
        record: &RawRecord,
        item: &Item,
        out: &mut Vec<Problem>,
    ) {
        let p = self.problem(ProblemKind::TooLong, Severity::Error, record, item);
        out.push(p.expected(max.to_string()).found(text));
    }

    /// The problem of a format fault, with what was expected.
    #[cold]
    #[inline(never)]
    fn fault(
        &self,
        fault: Fault,
        record: &RawRecord,
        item: &Item,
        text: &str,
        out: &mut Vec<Problem>,
    ) {
        let severity = fault
            .severity
            .unwrap_or_else(|| self.context.mode.deviation());
        let expected = match fault.kind {
            ProblemKind::UnknownVersion => CsvVersion::KNOWN_LIST.to_string(),
            // The standard's table of service kinds (layouts/SERVICE_KINDS.tsv).
            ProblemKind::UnknownCode if item.format == Format::ServiceKind => {
                "SERVICE_KINDS".to_string()
            }
            _ => item.expected(),
        };
        let mut p = self.problem(fault.kind, severity, record, item);
        // The messages name the format in words instead of the notation of `expected`
        // (and an impossible date's format, so that a month is called a month).
        if matches!(
            fault.kind,
            ProblemKind::InvalidFormat | ProblemKind::InvalidDate
        ) || (fault.kind == ProblemKind::UnknownCode && item.format == Format::ServiceKind)
        {
            p = p.format(item.format);
        }
        out.push(p.expected(expected).found(text));
    }

    fn problem(
        &self,
        kind: ProblemKind,
        severity: Severity,
        record: &RawRecord,
        item: &Item,
    ) -> Problem {
        Problem::new(kind, severity).at(self.location(record, Some(item)))
    }

    /// Where: the file and kind of the context, the record's line, number and byte (when it
    /// came from a file), and the item.
    fn location(&self, record: &RawRecord, item: Option<&Item>) -> Location {
        let p = record.position();
        let from_file = p.line() > 0;
        Location {
            file: self.context.file.map(str::to_string),
            kind: self.context.kind,
            line: from_file.then_some(p.line()),
            record: (p.record() > 0).then_some(p.record()),
            byte: from_file.then_some(p.byte()),
            item: item.map(Item::item_ref),
        }
    }
}

/// Whether a problem shows that the item does not fit the layout's column (as opposed to a
/// deviation in how it is written, or a version the engine does not know).
fn is_misfit(kind: ProblemKind) -> bool {
    matches!(
        kind,
        ProblemKind::MissingRequired
            | ProblemKind::TooLong
            | ProblemKind::InvalidFormat
            | ProblemKind::InvalidDate
            | ProblemKind::UnknownCode
            | ProblemKind::UnusedNotEmpty
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileKind;

    /// The usual record's loop (items of the usual shape accepted on their bytes) finds the
    /// problems and values the item-by-item check of any record finds, quoting and lengths
    /// included.
    #[test]
    fn the_usual_loop_equals_the_item_by_item_check() {
        let mut pick = crate::value::digits::picker(0x2545_F491_4F6C_DD1D);
        let texts = [
            "",
            "0",
            "1",
            "-1",
            "12",
            "300",
            "1234567",
            "12345678901",
            "9999",
            "999999",
            "H123456789",
            "0123456789",
            "1310000001",
            "131001",
            "20250401",
            "20250230",
            "202504",
            "202410",
            "0930",
            "2400",
            "2460",
            "111111",
            "11AAAA",
            "21ZZZZ",
            "2A",
            "11.40",
            "00001-000010",
            "00001－000010",
            "x",
            "山田",
            "ﾍﾙﾊﾟｰｽﾃｰｼｮﾝ\"すずらん\"",
            "株式会社ﾌｸｼﾖｳｸﾞ, 東京営業所 第二",
            "1111100000000000000000000000000",
        ];
        let mut scanned = Vec::new();
        let layouts = [
            (FileKind::UsagePlan, "TABLE6"),
            (FileKind::UsagePlan, "TABLE6_V3"),
            (FileKind::UsageSummary, "UPSIKYU"),
            (FileKind::UsageSummary, "UPSIKYU_V3"),
            (FileKind::Hosoku, "UPHOSOKU"),
            (FileKind::Plan3, "UP3KYO"),
            (FileKind::YoboKihon, "UPKIHON"),
            (FileKind::YoboPlanSub, "UPYOBO_SUB"),
        ];
        for (kind, name) in layouts {
            let layout = Layout::get(name).unwrap();
            for mode in [Mode::Strict, Mode::Lenient] {
                let v = Validator::new(layout, Context::new(mode).with_kind(kind));
                for _ in 0..3000 {
                    let mut record = RawRecord::new();
                    for _ in 0..layout.len() {
                        record.push_field(texts[pick(texts.len())], pick(4) == 0);
                    }
                    let mut fast = Vec::new();
                    v.validate_scanned(&record, &mut fast, &mut scanned);
                    let (mut slow, mut found) = (Vec::new(), vec![Scanned::None; layout.len()]);
                    v.check_record(&record, &mut slow, &mut found);
                    assert_eq!(fast, slow, "{record:?}");
                    assert_eq!(scanned, found, "{record:?}");
                }
            }
        }
    }
}
