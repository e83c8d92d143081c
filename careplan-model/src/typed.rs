//! Typed views: how each file kind's typed record is built on the one layout engine.
//!
//! A typed record (e.g. [`crate::table6::Table6Record`]) is declared with [`typed_record!`](crate::typed_record)
//! from its item list: item No., field name and value type. The macro writes the struct,
//! its serde derive and its two conversions, so a file kind's module holds only what is
//! particular to it (its code enumerations and cross-item rules).
//!
//! A record is made with its constructor `new`, which takes the items the layout requires
//! in item order (by type: parse them or build them from the value types) and leaves every
//! other item empty; the fields are public, so the optional items are set on the value:
//!
//! ```
//! use careplan_model::table6::Table6Record;
//! use careplan_model::TypedRecord;
//! use careplan_model::value::{Applicable, CsvVersion, ParseError};
//!
//! fn main() -> Result<(), ParseError> {
//!     let mut row = Table6Record::new(
//!         "131001".parse()?,     // No.2 保険者番号
//!         "0000012345".parse()?, // No.3 被保険者番号
//!         "20250320".parse()?,   // No.4 作成年月日
//!         "202504".parse()?,     // No.5 対象年月
//!         "1310000001".parse()?, // No.6 プラン担当業者コード
//!         250,                   // No.8 単位数
//!         "20250401".parse()?,   // No.10 サービス利用日
//!         "1000".parse()?,       // No.12 サービス開始時刻
//!         "1100".parse()?,       // No.13 サービス終了時刻
//!         1,                     // No.14 サービス回数
//!         "111111".parse()?,     // No.15 サービスコード
//!         "1310000002".parse()?, // No.20 サービス事業者コード
//!         Applicable::No,        // No.23 ３０日超区分
//!     );
//!     row.provider_name = "訪問介護 ひまわり".to_string();
//!     assert_eq!(row.version, CsvVersion::V202407);
//!     let raw = row.to_raw();
//!     assert_eq!(raw.text(20), Some("訪問介護 ひまわり"));
//!     assert_eq!(raw.text(8), Some("")); // No.9 前月までの短期入所利用日数: empty
//!     Ok(())
//! }
//! ```
//!
//! Conversions are lossless:
//! - [`TypedRecord::from_raw`] parses every item with its value type; it gives `None` when
//!   an item does not hold a value of its type (the layout engine says why), and the raw
//!   record is then kept, with its problems, instead.
//! - [`TypedRecord::to_raw`] writes every item in the standard's form, except that a value
//!   equal to the value the record was read with is written with the text and bytes it was
//!   read with. Reading then writing an unchanged record is therefore byte-exact (duplicate
//!   MS932 pairs, `""` vs empty, `01` vs `1` included), while a changed item is written in
//!   the standard's form.

use std::cell::Cell;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::kind::FileKind;
use crate::layout::{Layout, Scanned};
use crate::parties::NameParties;
use crate::problem::{ItemRef, Location, Problem, ProblemKind, Severity};
use crate::record::{Field, RawRecord, SourceEncoding};
use crate::value::{
    CsvVersion, Date, DayMask, Decimal, EquipmentCode, Generation, InsuredNumber, InsurerNumber,
    ItemText, OfficeNumber, ServiceCode, ServiceKind, ServiceTime, TimeOfDay, YearMonth,
};
use crate::{Mode, Position};

/// A typed record of one or more file kinds.
pub trait TypedRecord:
    Sized + Clone + fmt::Debug + PartialEq + Serialize + for<'de> Deserialize<'de>
{
    /// The kinds whose records this type views (第6表 予定 and 実績 share one type).
    const KINDS: &'static [FileKind];
    /// The 4.x layout the item numbers refer to.
    #[doc(hidden)]
    const LAYOUT: &'static str;
    /// Each field with the item No. it holds (in the 4.x numbering), in item order: the
    /// field names are the keys of the record's JSON form.
    const FIELDS: &'static [(u16, &'static str)];

    /// The typed record of `raw`, or `None` when an item does not hold a value of its type.
    fn from_raw(raw: &RawRecord) -> Option<Self>;

    /// The typed record of the record `items` reads (the file reader's way in: the record
    /// is shared with the typed record as its origin, not copied). The same as
    /// [`TypedRecord::from_raw`] of that record.
    #[doc(hidden)]
    fn from_items(items: &ItemReader<'_>) -> Option<Self> {
        Self::from_raw(items.raw())
    }

    /// The raw record in the standard's form (values unchanged since reading keep their
    /// original text and bytes).
    fn to_raw(&self) -> RawRecord;

    /// Writes the fields [`to_raw`](TypedRecord::to_raw) would hold, one by one, into
    /// `sink` (a file writer writes them without building the raw record); `scratch` is a
    /// buffer it may reuse. By default through `to_raw`.
    #[doc(hidden)]
    fn write_items<S: FieldSink>(&self, sink: &mut S, scratch: &mut Vec<u8>) {
        let _ = scratch;
        let raw = self.to_raw();
        sink.origin(raw.source(), raw.position());
        for field in raw.fields() {
            sink.put(field);
        }
    }

    /// The CSVバージョン of the record.
    fn version(&self) -> CsvVersion;

    /// Checks the rules across items of this record that the layout states (the file
    /// reader's rules; a record read or written is checked by the reader and writer).
    #[doc(hidden)]
    fn check(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>);

    /// The raw record this one was read from, if any.
    fn origin(&self) -> Option<&RawRecord>;
}

/// Where a record is, for the problems its rules find.
#[derive(Clone, Copy, Debug)]
pub struct RuleContext<'a> {
    /// The reading mode.
    pub mode: Mode,
    /// The file name.
    pub file: Option<&'a str>,
    /// The file kind.
    pub kind: FileKind,
    /// The layout the record follows.
    pub layout: &'static Layout,
    /// Where the record is.
    pub position: Position,
    /// The sender and receiver the file's name gives (none when unknown), for the rules
    /// that compare items with them.
    pub parties: NameParties,
}

impl RuleContext<'_> {
    /// A context for a record of `kind` in its 4.x layout, nowhere in particular.
    pub fn new(kind: FileKind) -> Option<RuleContext<'static>> {
        Some(RuleContext {
            mode: Mode::Lenient,
            file: None,
            kind,
            layout: kind.layout()?,
            position: Position::default(),
            parties: NameParties::default(),
        })
    }

    /// The same context with the parties of the file's name.
    ///
    /// ```
    /// use careplan_model::FileKind;
    /// use careplan_model::__private::{NameParties, NameParty, RuleContext};
    /// let parties = NameParties { sender: NameParty::parse("1310000001", Some("43")), receiver: None };
    /// let ctx = RuleContext::new(FileKind::UsagePlan).unwrap().with_parties(parties);
    /// assert_eq!(ctx.parties, parties);
    /// ```
    pub fn with_parties(self, parties: NameParties) -> Self {
        RuleContext { parties, ..self }
    }

    /// A problem about item No. `no` (by the 4.x numbering of the kind's layout).
    pub fn problem(&self, kind: ProblemKind, severity: Severity, no: u16) -> Problem {
        let item = self
            .layout
            .items
            .iter()
            .find(|i| i.no == self.number_in_layout(no))
            .map(|i| i.item_ref());
        let mut p = Problem::new(kind, severity)
            .at_position(self.position)
            .in_kind(self.kind);
        if let Some(f) = self.file {
            p = p.in_file(f);
        }
        match item {
            Some(item) => p.item(item),
            None => p,
        }
    }

    /// A problem about the record as a whole.
    pub fn record_problem(&self, kind: ProblemKind, severity: Severity) -> Problem {
        let mut p = Problem::new(kind, severity)
            .at_position(self.position)
            .in_kind(self.kind);
        if let Some(f) = self.file {
            p = p.in_file(f);
        }
        p
    }

    /// The location of the record.
    pub fn location(&self) -> Location {
        let mut l = Location {
            file: self.file.map(str::to_string),
            kind: Some(self.kind),
            ..Location::default()
        };
        l.line = Some(self.position.line());
        l.record = Some(self.position.record());
        l
    }

    /// The location of another row of the same file (the first of a duplicate key, the row a
    /// misplaced one follows), naming item No. `no`.
    pub fn location_at(&self, position: Position, no: u16) -> Location {
        Location {
            file: self.file.map(str::to_string),
            kind: Some(self.kind),
            line: Some(position.line()),
            record: (position.record() > 0).then_some(position.record()),
            byte: Some(position.byte()),
            item: self
                .layout
                .items
                .iter()
                .find(|i| i.no == self.number_in_layout(no))
                .map(|i| i.item_ref()),
        }
    }

    fn number_in_layout(&self, no: u16) -> u16 {
        let base = Layout::get(self.layout.name.trim_end_matches("_V3"));
        match base {
            Some(base) if base.name != self.layout.name => columns(self.layout, base)
                .get(usize::from(no).saturating_sub(1))
                .copied()
                .flatten()
                .map_or(0, |c| u16::try_from(c + 1).unwrap_or(0)),
            _ => no,
        }
    }
}

/// The 0-based column in `layout` of each item of `base` (by name), for layouts that drop
/// items (the 3.x 第6表 and 第7表).
fn columns(layout: &Layout, base: &Layout) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(base.len());
    let mut next = 0;
    for item in &base.items {
        match layout.items[next.min(layout.len())..]
            .iter()
            .position(|i| i.name == item.name)
        {
            Some(off) => {
                out.push(Some(next + off));
                next += off + 1;
            }
            None => out.push(None),
        }
    }
    out
}

/// The raw record a typed record was read from. Never compared, never serialized: two
/// records with equal values are equal however they were read.
///
/// The file reader shares the record it read with the typed record (a clone of the typed
/// record shares it too) and reads into it again once no typed record holds it.
///
/// ```
/// use careplan_model::{Origin, RawRecord};
/// let raw = RawRecord::from_texts(["202407", "131001"]);
/// assert_eq!(Origin::of(&raw).get(), Some(&raw));
/// assert!(Origin::none().get().is_none());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Origin(Option<Arc<RawRecord>>);

impl Origin {
    /// No origin: a record built in memory.
    pub fn none() -> Origin {
        Origin(None)
    }

    /// The origin `raw` (its problems are not kept).
    pub fn of(raw: &RawRecord) -> Origin {
        Origin(Some(Arc::new(raw.clone_without_problems())))
    }

    /// The origin `raw`, shared (the caller has taken its problems out).
    #[doc(hidden)]
    pub fn shared(raw: &Arc<RawRecord>) -> Origin {
        Origin(Some(Arc::clone(raw)))
    }

    /// The raw record, if any.
    pub fn get(&self) -> Option<&RawRecord> {
        self.0.as_deref()
    }
}

impl PartialEq for Origin {
    fn eq(&self, _: &Origin) -> bool {
        true
    }
}

impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Origin, D::Error> {
        Ok(Origin::none())
    }
}

/// The column of each item of the 4.x layout `base` in `layout` when `layout` is another
/// layout of the same kind (a 3.x form, which drops items), worked out once per pair;
/// `None` when the items are in the same columns.
fn column_map(layout: &'static Layout, base: &'static Layout) -> Option<&'static [Option<usize>]> {
    type Maps = Vec<(&'static Layout, &'static Layout, Vec<Option<usize>>)>;
    static MAPS: OnceLock<Maps> = OnceLock::new();
    if std::ptr::eq(layout, base) || layout.name == base.name {
        return None;
    }
    let maps = MAPS.get_or_init(|| {
        FileKind::ALL
            .iter()
            .filter_map(|&kind| {
                let base = kind.layout()?;
                let v3 = Layout::for_version(kind, CsvVersion::V202208)?;
                (v3.name != base.name).then(|| (v3, base, columns(v3, base)))
            })
            .collect()
    });
    match maps
        .iter()
        .find(|(l, b, _)| std::ptr::eq(*l, layout) && std::ptr::eq(*b, base))
    {
        Some((_, _, map)) => Some(map),
        // Not a pair of layouts of one kind: never asked for by the typed records.
        None => None,
    }
}

/// A value type of a typed record's item: parsed from the item's text, or taken from what
/// the layout engine's format check found in it ([`Scanned`]) when the file reader has
/// checked the record.
#[doc(hidden)]
pub trait ItemValue: FromStr {
    /// The value `scanned` gives, if it gives one of this type. It must equal
    /// `Self::from_str(text).ok()` for every text the engine finds `scanned` in: `None`
    /// means "parse the text", never "not a value". It gives no value of
    /// [`Scanned::Empty`] (an empty item is no value: [`ItemReader::opt_in`] relies on it).
    fn from_scanned(_scanned: &Scanned) -> Option<Self> {
        None
    }
}

/// Implements [`ItemValue`] for types taken from one form of [`Scanned`].
macro_rules! item_values {
    ($($ty:ty: $pat:pat => $value:expr;)+) => {
        $(
            impl ItemValue for $ty {
                fn from_scanned(scanned: &Scanned) -> Option<$ty> {
                    match *scanned {
                        $pat => $value,
                        _ => None,
                    }
                }
            }
        )+
    };
}

item_values! {
    CsvVersion: Scanned::YearMonth(m) => Some(CsvVersion::new(m));
    YearMonth: Scanned::YearMonth(m) => Some(m);
    // A file repeats a few days: each made once (`from_ymd_remembered`).
    Date: Scanned::Date { year, month, day } => Date::from_ymd_remembered(year, month, day);
    ServiceTime: Scanned::Time(t) => Some(t);
    TimeOfDay: Scanned::Time(t) => t.time();
    OfficeNumber: Scanned::Office(n) => Some(n);
    InsurerNumber: Scanned::Insurer(n) => Some(n);
    InsuredNumber: Scanned::Insured(n) => Some(n);
    DayMask: Scanned::DayMask(m) => Some(m);
    ServiceKind: Scanned::ServiceKind(k) => Some(k);
    ServiceCode: Scanned::ServiceCode(c) => Some(c);
    EquipmentCode: Scanned::EquipmentCode(c) => Some(c);
    Decimal: Scanned::Decimal(d) => Some(d);
    // `-` is not a sign of the unsigned types' `from_str`, not even in `-0`.
    i64: Scanned::Integer { value, .. } => Some(value);
    i32: Scanned::Integer { value, .. } => i32::try_from(value).ok();
    u32: Scanned::Integer { value, negative: false } => u32::try_from(value).ok();
    u16: Scanned::Integer { value, negative: false } => u16::try_from(value).ok();
    u8: Scanned::Integer { value, negative: false } => u8::try_from(value).ok();
}

impl ItemValue for crate::value::DigitCode {}
impl ItemValue for crate::value::PhoneNumber {}
impl ItemValue for crate::value::PostalCode {}

/// Reads the items of a raw record for a typed record (used by [`typed_record!`]).
#[doc(hidden)]
pub struct ItemReader<'a> {
    raw: Source<'a>,
    /// What the layout engine found in each column (empty when the record was not checked).
    scanned: &'a [Scanned],
    map: Option<&'static [Option<usize>]>,
    /// The first item (4.x No.) found not to hold a value of its type.
    failed: Cell<Option<u16>>,
}

/// The record an [`ItemReader`] reads.
enum Source<'a> {
    /// Borrowed: the typed record gets a copy as its origin.
    Borrowed(&'a RawRecord),
    /// Shared with the file reader: the typed record shares it as its origin.
    Shared(Arc<RawRecord>),
}

impl<'a> ItemReader<'a> {
    /// A reader of `raw`, a record of `kind`.
    pub fn new(raw: &'a RawRecord, kind: FileKind) -> Option<ItemReader<'a>> {
        let layout = Layout::for_record(kind, raw)?;
        let map = ItemReader::map(raw, kind, layout)?;
        Some(ItemReader {
            raw: Source::Borrowed(raw),
            scanned: &[],
            map,
            failed: Cell::new(None),
        })
    }

    /// A reader of `raw`, a record of `kind` that follows `layout` (the layout
    /// [`Layout::for_record`] gives), whose typed record shares `raw` as its origin.
    /// `scanned` is what [`Validator::validate_scanned`](crate::layout::Validator::validate_scanned)
    /// of `layout` found in `raw`.
    pub fn shared(
        raw: Arc<RawRecord>,
        kind: FileKind,
        layout: &'static Layout,
        scanned: &'a [Scanned],
    ) -> Option<ItemReader<'a>> {
        let map = ItemReader::map(&raw, kind, layout)?;
        Some(ItemReader {
            raw: Source::Shared(raw),
            scanned,
            map,
            failed: Cell::new(None),
        })
    }

    /// The column map of `raw`, which follows `layout`, to the items of `kind`'s 4.x layout;
    /// `None` when `raw` does not have as many items as `layout`.
    fn map(
        raw: &RawRecord,
        kind: FileKind,
        layout: &'static Layout,
    ) -> Option<Option<&'static [Option<usize>]>> {
        if !kind.is_csv() || raw.len() != layout.len() {
            return None;
        }
        // Only a 3.x form maps its columns (`column_map`): a 4.x layout's record is read
        // column for column, found without looking the kind's layout up per record.
        if layout.generation != Generation::V3 {
            return Some(None);
        }
        Some(column_map(layout, kind.layout()?))
    }

    /// The record read.
    #[inline]
    pub fn raw(&self) -> &RawRecord {
        match &self.raw {
            Source::Borrowed(raw) => raw,
            Source::Shared(raw) => raw,
        }
    }

    /// The origin of the typed record: the shared record, or a copy of it.
    pub fn origin(&self) -> Origin {
        match &self.raw {
            Source::Shared(shared) => Origin::shared(shared),
            Source::Borrowed(raw) => Origin::of(raw),
        }
    }

    /// The column of item No. `no` (of the 4.x layout), if this version's layout has it.
    #[inline]
    fn column(&self, no: u16) -> Option<usize> {
        let i = usize::from(no).checked_sub(1)?;
        match self.map {
            None => Some(i),
            Some(m) => *m.get(i)?,
        }
    }

    /// The value the engine found at column `col`, if it gives one of type `T`.
    #[inline]
    fn scanned<T: ItemValue>(&self, col: usize) -> Option<T> {
        self.scanned.get(col).and_then(T::from_scanned)
    }

    /// A required value.
    #[inline(always)]
    pub fn req<T: ItemValue>(&self, no: u16) -> Option<T> {
        // The value the engine found, inline; parsing the text (an item whose value the
        // engine does not keep, or a record not checked) in a call of its own.
        if let Some(value) = self.column(no).and_then(|col| self.scanned(col)) {
            return Some(value);
        }
        self.req_parsed(no)
    }

    /// A required value parsed from its text: [`ItemReader::req`] when the engine found
    /// none.
    #[inline(never)]
    fn req_parsed<T: ItemValue>(&self, no: u16) -> Option<T> {
        let value = self
            .column(no)
            .and_then(|col| self.raw().text(col).and_then(|t| t.parse().ok()));
        if value.is_none() {
            self.fail(no);
        }
        value
    }

    /// The first item (its No. in the 4.x layout) found not to hold a value of its type,
    /// when the record could not be typed because of it.
    ///
    /// ```
    /// use careplan_model::table6::Table6Record;
    /// use careplan_model::__private::ItemReader;
    /// use careplan_model::{FileKind, RawRecord, TypedRecord};
    /// let mut texts = vec![
    ///     "202407", "131001", "0000012345", "20250320", "202504", "1310000001", "Yamada", "250",
    ///     "", "20250401", "", "1000", "1100", "1", "111111", "", "", "", "", "1310000002", "A",
    ///     "", "0", "1310000001", "",
    /// ];
    /// texts[13] = "-1"; // No.14 サービス回数: a count
    /// let raw = RawRecord::from_texts(texts);
    /// let items = ItemReader::new(&raw, FileKind::UsagePlan).unwrap();
    /// assert!(Table6Record::from_items(&items).is_none());
    /// assert_eq!(items.failed_item(), Some(14));
    /// ```
    pub fn failed_item(&self) -> Option<u16> {
        self.failed.get()
    }

    /// Notes that item No. `no` does not hold a value of its type (the first one is kept).
    #[inline]
    fn fail(&self, no: u16) {
        if self.failed.get().is_none() {
            self.failed.set(Some(no));
        }
    }

    /// An optional value: `Some(None)` when empty or absent from this version's layout,
    /// `None` when present but not a value of its type.
    #[inline(always)]
    pub fn opt<T: ItemValue>(&self, no: u16) -> Option<Option<T>> {
        let Some(col) = self.column(no) else {
            return Some(None);
        };
        match self.scanned.get(col) {
            Some(Scanned::Empty) => return Some(None),
            Some(found) => {
                if let Some(v) = T::from_scanned(found) {
                    return Some(Some(v));
                }
            }
            None => {}
        }
        self.opt_parsed(no, col)
    }

    /// An optional value parsed from the text of column `col`: [`ItemReader::opt`] when
    /// the engine found none (in a call of its own, as [`ItemReader::req_parsed`]).
    #[inline(never)]
    fn opt_parsed<T: ItemValue>(&self, no: u16, col: usize) -> Option<Option<T>> {
        let value = match self.raw().text(col) {
            None | Some("") => Some(None),
            Some(t) => t.parse().ok().map(Some),
        };
        if value.is_none() {
            self.fail(no);
        }
        value
    }

    /// What the engine found in the first `N` items, by item No. (`[no - 1]`), when the
    /// record follows the 4.x layout item for item and the engine checked it; otherwise
    /// `N` times [`Scanned::None`], so that every item is read from its text. A typed
    /// record looks at it once and reads each item from its slot with
    /// [`ItemReader::req_in`], [`ItemReader::opt_in`] and [`ItemReader::text_in`]: the same
    /// values as [`ItemReader::req`], [`ItemReader::opt`] and [`ItemReader::text_item`],
    /// without finding the column and its slot again per item.
    #[inline(always)]
    pub fn found<const N: usize>(&self) -> &'a [Scanned; N] {
        match (self.map, self.scanned.first_chunk::<N>()) {
            (None, Some(found)) => found,
            _ => &const { [Scanned::None; N] },
        }
    }

    /// A required value: [`ItemReader::req`] of item No. `no`, given its slot of
    /// [`ItemReader::found`].
    #[inline(always)]
    pub fn req_in<T: ItemValue>(&self, found: &Scanned, no: u16) -> Option<T> {
        match T::from_scanned(found) {
            Some(value) => Some(value),
            None => self.req_parsed(no),
        }
    }

    /// An optional value: [`ItemReader::opt`] of item No. `no`, given its slot of
    /// [`ItemReader::found`].
    #[inline(always)]
    pub fn opt_in<T: ItemValue>(&self, found: &Scanned, no: u16) -> Option<Option<T>> {
        // One test of the usual slot (a value, or empty: `from_scanned` gives no value of
        // an empty slot) rather than one for each, and only a slot that holds neither goes
        // to the text.
        let value = T::from_scanned(found);
        if value.is_some() || matches!(found, Scanned::Empty) {
            return Some(value);
        }
        self.opt_anew(no)
    }

    /// [`ItemReader::opt`] from the item's text (out of line).
    #[inline(never)]
    fn opt_anew<T: ItemValue>(&self, no: u16) -> Option<Option<T>> {
        match self.column(no) {
            Some(col) => self.opt_parsed(no, col),
            None => Some(None),
        }
    }

    /// A free-text value: [`ItemReader::text_item`] of item No. `no`, given its slot of
    /// [`ItemReader::found`].
    #[inline(always)]
    pub fn text_in(&self, found: &Scanned, no: u16) -> Option<String> {
        if let Scanned::Empty = found {
            return Some(String::new());
        }
        self.text_item(no)
    }

    /// A free-text value (empty allowed).
    #[inline]
    pub fn text_item(&self, no: u16) -> Option<String> {
        let Some(col) = self.column(no) else {
            return Some(String::new());
        };
        if matches!(self.scanned.get(col), Some(Scanned::Empty)) {
            return Some(String::new());
        }
        Some(self.raw().text(col).unwrap_or("").to_string())
    }
}

/// Where the items of a typed record are written, field by field: a [`RawRecord`]
/// ([`TypedRecord::to_raw`]), or a file writer's record being encoded
/// ([`TypedRecord::write_items`]). Used by [`typed_record!`](crate::typed_record).
///
/// ```
/// use careplan_model::__private::FieldSink;
/// use careplan_model::{Field, Position, RawRecord, SourceEncoding};
/// let mut raw = RawRecord::new();
/// raw.origin(SourceEncoding::Ms932, Position::new(0, 1, 1));
/// raw.put(Field { text: "131001", quoted: false, raw: None });
/// raw.put_value(false, true, &mut Vec::new(), |buf| buf.extend_from_slice(b"250"));
/// assert_eq!(raw.text(0), Some("131001"));
/// assert_eq!(raw.text(1), Some("250"));
/// assert_eq!(raw.source(), SourceEncoding::Ms932);
/// ```
#[doc(hidden)]
pub trait FieldSink {
    /// The encoding the source bytes of the fields to come were read in, and where their
    /// record was read: called before the first field when the record has an origin.
    fn origin(&mut self, source: SourceEncoding, position: Position);

    /// Appends a field.
    fn put(&mut self, field: Field<'_>);

    /// Appends a field whose text is [plain](crate::value::is_plain) (a promise the sink
    /// may rely on).
    fn put_plain(&mut self, field: Field<'_>) {
        self.put(field);
    }

    /// Appends a field built in memory (no source bytes) whose text `write` appends, as
    /// UTF-8, to the buffer it is given: the sink's own, or `scratch`. `plain` promises
    /// that the text is [plain](crate::value::is_plain).
    fn put_value<F: FnOnce(&mut Vec<u8>)>(
        &mut self,
        quoted: bool,
        plain: bool,
        scratch: &mut Vec<u8>,
        write: F,
    );
}

impl FieldSink for RawRecord {
    fn origin(&mut self, source: SourceEncoding, position: Position) {
        self.set_source(source);
        self.set_position(position);
    }

    fn put(&mut self, field: Field<'_>) {
        self.push(field);
    }

    fn put_value<F: FnOnce(&mut Vec<u8>)>(
        &mut self,
        quoted: bool,
        _plain: bool,
        scratch: &mut Vec<u8>,
        write: F,
    ) {
        scratch.clear();
        write(scratch);
        match std::str::from_utf8(scratch) {
            Ok(text) => self.push_field(text, quoted),
            // `ItemText` writes UTF-8: not reached.
            Err(_) => self.push_field(&String::from_utf8_lossy(scratch), quoted),
        }
    }
}

/// Writes the items of a typed record, field by field, into a [`FieldSink`] (used by
/// [`typed_record!`]).
#[doc(hidden)]
pub struct ItemWriter<'s, S: FieldSink, O> {
    columns: Columns<'s, S, O>,
    /// A reused buffer for a value's text.
    scratch: &'s mut Vec<u8>,
}

/// Where the next field goes: the layout, the record it was read from and the sink.
struct Columns<'s, S: FieldSink, O> {
    layout: &'static Layout,
    map: Option<&'static [Option<usize>]>,
    /// The fields of the record it was read from, from the next column on.
    origin: Option<O>,
    out: &'s mut S,
    /// The number of fields written.
    written: usize,
}

impl<'a, 's, S: FieldSink> ItemWriter<'s, S, ()> {
    /// A writer of a record of `kind` in CSVバージョン `version` into `out` (`scratch` is a
    /// buffer it may reuse).
    #[allow(clippy::new_ret_no_self)]
    pub fn new(
        kind: FileKind,
        version: CsvVersion,
        origin: Option<&'a RawRecord>,
        out: &'s mut S,
        scratch: &'s mut Vec<u8>,
    ) -> ItemWriter<'s, S, impl Iterator<Item = Field<'a>> + 'a> {
        let (layout, map) = match WritePlan::of(kind, version) {
            Some(plan) => (plan.layout, plan.map.as_deref()),
            // Every kind has a plan; this arm is not reached.
            None => (empty_layout(), None),
        };
        if let Some(o) = origin {
            out.origin(o.source(), o.position());
        }
        ItemWriter {
            columns: Columns {
                layout,
                map,
                origin: origin.map(RawRecord::fields),
                out,
                written: 0,
            },
            scratch,
        }
    }
}

impl<'a, S: FieldSink, O: Iterator<Item = Field<'a>>> Columns<'_, S, O> {
    #[inline]
    fn column(&self, no: u16) -> Option<usize> {
        let i = usize::from(no).checked_sub(1)?;
        match &self.map {
            None => Some(i),
            Some(m) => *m.get(i)?,
        }
    }

    fn is_text(&self, col: usize) -> bool {
        self.layout.items.get(col).is_some_and(|i| i.is_text())
    }

    /// The column of item `no` when it is the next one to write (then counted written),
    /// and the field the record was read with at that column.
    #[inline]
    fn next(&mut self, no: u16) -> Option<(usize, Option<Field<'a>>)> {
        let col = self.column(no)?;
        if col != self.written {
            return None;
        }
        self.written += 1;
        // Columns are written in order: the next origin field is the one at `col`.
        Some((col, self.origin.as_mut().and_then(Iterator::next)))
    }

    /// Writes an empty item at `no`: the field read there if it was empty (as read, `,,`
    /// or `,"",`), else an empty field quoted as the layout says. What
    /// [`Columns::put_text`] writes of an empty text, without comparing texts: most
    /// records leave several items empty (an optional value not given, an item the
    /// standard does not use).
    #[inline(never)]
    fn put_empty(&mut self, no: u16) {
        self.put_unless_read(no, "", str::is_empty);
    }

    /// Writes `text` at item `no`, unless the original field held the same text (the same
    /// value: a free text, or an empty item).
    ///
    /// One copy for every item of every record (not inlined), so that the code a record's
    /// items run stays small.
    #[inline(never)]
    fn put_text(&mut self, no: u16, text: &str) {
        self.put_unless_read(no, text, |read| {
            crate::value::same_bytes(read.as_bytes(), text.as_bytes())
        });
    }

    /// Writes `text` at item `no` quoted as the layout says, or the field read there, as it
    /// was read, when `same` says its text is `text`: the body of [`Columns::put_text`] and
    /// [`Columns::put_empty`], each with its own test of the text read.
    #[inline(always)]
    fn put_unless_read(&mut self, no: u16, text: &str, same: impl Fn(&str) -> bool) {
        let Some((col, origin)) = self.next(no) else {
            return;
        };
        match origin {
            Some(f) if same(f.text) => self.out.put(f),
            _ => {
                let quoted = self.is_text(col);
                self.out.put(Field {
                    text,
                    quoted,
                    raw: None,
                });
            }
        }
    }
}

impl<'a, S: FieldSink, O: Iterator<Item = Field<'a>>> ItemWriter<'_, S, O> {
    /// A required value.
    ///
    /// Only the call is inlined where the record's items are written: every item of every
    /// record goes through one copy of the writing code (`ItemWriter::value`), the value
    /// seen through `WrittenValue`, so that the code a record's items run stays small
    /// (it shares the instruction cache with the reader's when a file is rewritten).
    #[inline(always)]
    pub fn req<T: FromStr + ItemText + PartialEq>(&mut self, no: u16, value: &T) {
        self.value(no, value, T::PLAIN);
    }

    /// A required value at item `no`, whose texts are all plain when `plain`: the field read
    /// there when `value` is its text (the same text is the same value: a value's text
    /// parses back to it), else the value's own text.
    #[inline(never)]
    fn value(&mut self, no: u16, value: &dyn WrittenValue, plain: bool) {
        let Some((col, origin)) = self.columns.next(no) else {
            return;
        };
        if let Some(f) = origin {
            if value.is_text_of(f.text.as_bytes(), self.scratch) {
                match plain {
                    true => self.columns.out.put_plain(f),
                    false => self.columns.out.put(f),
                }
                return;
            }
        }
        self.changed(col, origin, value, plain);
    }

    /// A required value at column `col` that is not the text of the field read there
    /// (`origin`), if there was one.
    #[inline(never)]
    fn changed(
        &mut self,
        col: usize,
        origin: Option<Field<'a>>,
        value: &dyn WrittenValue,
        plain: bool,
    ) {
        if let Some(f) = origin {
            if value.parses_from(f.text) {
                self.columns.out.put(f);
                return;
            }
        }
        let quoted = self.columns.is_text(col);
        self.columns
            .out
            .put_value(quoted, plain, self.scratch, |buf| value.push_text(buf));
    }

    /// An optional value.
    #[inline(always)]
    pub fn opt<T: FromStr + ItemText + PartialEq>(&mut self, no: u16, value: &Option<T>) {
        match value {
            Some(v) => self.req(no, v),
            None => self.columns.put_empty(no),
        }
    }

    /// A free-text value.
    #[inline(always)]
    pub fn text_item(&mut self, no: u16, value: &str) {
        self.columns.put_text(no, value);
    }

    /// An item the standard does not use: written empty.
    #[inline(always)]
    pub fn unused(&mut self, no: u16) {
        self.columns.put_empty(no);
    }
}

/// A value as [`ItemWriter`] writes it, whatever its type: what it needs of
/// [`ItemText`], `FromStr` and `PartialEq`, called through one pointer per value type, so
/// that the writing code is not repeated for each.
trait WrittenValue {
    /// Whether `text` is the value's text ([`ItemText::is_text_of`]).
    fn is_text_of(&self, text: &[u8], scratch: &mut Vec<u8>) -> bool;

    /// Whether `text` parses to the value.
    fn parses_from(&self, text: &str) -> bool;

    /// Appends the value's text ([`ItemText::push_text`]).
    fn push_text(&self, out: &mut Vec<u8>);
}

impl<T: FromStr + ItemText + PartialEq> WrittenValue for T {
    fn is_text_of(&self, text: &[u8], scratch: &mut Vec<u8>) -> bool {
        ItemText::is_text_of(self, text, scratch)
    }

    fn parses_from(&self, text: &str) -> bool {
        text.parse::<T>().ok().as_ref() == Some(self)
    }

    fn push_text(&self, out: &mut Vec<u8>) {
        ItemText::push_text(self, out)
    }
}

/// The layout a kind's typed records of one generation are written in, and the column of
/// each 4.x item No. in it (for the 3.x layouts that drop items).
struct WritePlan {
    layout: &'static Layout,
    map: Option<Vec<Option<usize>>>,
}

impl WritePlan {
    /// The plan of `kind`'s records in `version`, found once per kind and generation.
    fn of(kind: FileKind, version: CsvVersion) -> Option<&'static WritePlan> {
        static PLANS: OnceLock<Vec<[WritePlan; 2]>> = OnceLock::new();
        let plans = PLANS.get_or_init(|| {
            FileKind::ALL
                .iter()
                .map(|&kind| {
                    [CsvVersion::V202208, CsvVersion::V202407].map(|v| {
                        // A kind without a layout (the family-structure image) has no
                        // typed record: its plan is never used.
                        WritePlan::new(kind, v).unwrap_or_else(|| WritePlan {
                            layout: empty_layout(),
                            map: None,
                        })
                    })
                })
                .collect()
        });
        // The layout depends on the version's generation alone (`Layout::for_version`).
        let generation = usize::from(version.generation() != Generation::V3);
        plans.get(kind as usize)?.get(generation)
    }

    /// The plan of `kind`'s records in `version`, or `None` for a kind without a layout.
    fn new(kind: FileKind, version: CsvVersion) -> Option<WritePlan> {
        let base = kind.layout()?;
        let layout = Layout::for_version(kind, version).unwrap_or(base);
        Some(WritePlan {
            layout,
            map: (layout.name != base.name).then(|| columns(layout, base)),
        })
    }
}

#[cfg(test)]
mod write_plan_tests {
    use super::*;

    #[test]
    fn plans_are_the_layouts_found_per_version() {
        let unknown = "209912".parse::<CsvVersion>().unwrap();
        for kind in FileKind::ALL {
            for version in CsvVersion::KNOWN.into_iter().chain([unknown]) {
                let plan = WritePlan::of(kind, version).unwrap();
                match (Layout::for_version(kind, version), kind.layout()) {
                    (Some(layout), Some(base)) => {
                        assert_eq!(plan.layout.name, layout.name, "{kind:?} {version}");
                        let map = (layout.name != base.name).then(|| columns(layout, base));
                        assert_eq!(plan.map, map, "{kind:?} {version}");
                    }
                    _ => assert!(plan.map.is_none()),
                }
            }
        }
        // The 3.x 第6表 drops No.16–18.
        let plan = WritePlan::of(FileKind::UsagePlan, CsvVersion::V202208).unwrap();
        assert_eq!(plan.layout.name, "TABLE6_V3");
        assert_eq!(plan.map.as_deref().and_then(|m| m.get(15)), Some(&None));
    }

    /// The fields of `raw`: text, quoting and source bytes.
    fn fields(raw: &RawRecord) -> Vec<(String, bool, Option<Vec<u8>>)> {
        raw.fields()
            .map(|f| (f.text.to_string(), f.quoted, f.raw.map(<[u8]>::to_vec)))
            .collect()
    }

    /// An empty item is written by `put_empty` as `put_text` writes an empty text: over a
    /// 第6表 record read with every form of field at every column (empty, empty in quotes,
    /// a value, a value in quotes, one read from other bytes), and with none, in the 4.x
    /// and the 3.x layout (No.16–18 dropped), every item written empty.
    #[test]
    fn an_empty_item_is_written_as_an_empty_text() {
        let forms: [(&str, &[u8], bool); 5] = [
            ("", b"", false),
            ("", b"", true),
            ("250", b"250", false),
            ("250", b"250", true),
            ("ｱ", b"\xb1", true),
        ];
        for version in [CsvVersion::V202407, CsvVersion::V202208] {
            let len = WritePlan::of(FileKind::UsagePlan, version)
                .unwrap()
                .layout
                .len();
            for shift in 0..forms.len() {
                let mut origin = RawRecord::new();
                origin.set_source(SourceEncoding::Ms932);
                for col in 0..len {
                    let (text, raw, quoted) = forms[(col + shift) % forms.len()];
                    origin.push_field_with_raw(text, raw, quoted);
                }
                for origin in [Some(&origin), None] {
                    let write = |empty: bool| {
                        let (mut out, mut scratch) = (RawRecord::new(), Vec::new());
                        let mut w = ItemWriter::new(
                            FileKind::UsagePlan,
                            version,
                            origin,
                            &mut out,
                            &mut scratch,
                        );
                        for no in 1..=25 {
                            match empty {
                                true => w.columns.put_empty(no),
                                false => w.columns.put_text(no, ""),
                            }
                        }
                        fields(&out)
                    };
                    let written = write(true);
                    assert_eq!(written.len(), len, "{version} {shift}");
                    assert_eq!(written, write(false), "{version} {shift} {origin:?}");
                }
            }
        }
    }
}

#[cfg(test)]
mod item_reader_tests {
    use super::*;
    use crate::layout::{Context, Validator};
    use crate::table6::Table6Record;
    use crate::table7::Table7Record;

    /// A record's items read from the engine's slots ([`ItemReader::found`]) give the record
    /// and the failed item that reading every item from its text gives, item by item wrong.
    fn same_both_ways<R: TypedRecord + fmt::Debug>(kind: FileKind, valid: &[&str]) {
        let texts = [
            "",
            "0",
            "1",
            "-1",
            "-0",
            "12",
            "300",
            "9999",
            "999999",
            "H123456789",
            "1.5",
            "11.40",
            "x",
            "20250230",
            "20250401",
            "202504",
            "202410",
            "111111",
            "11AAAA",
            "1310000001",
            "０",
            "\u{3042}",
        ];
        let mut scanned = Vec::new();
        let (mut typed, mut failed) = (0, 0);
        for i in 0..valid.len() {
            for t in texts {
                let mut items = valid.to_vec();
                items[i] = t;
                let raw = Arc::new(RawRecord::from_texts(&items));
                let layout = Layout::for_record(kind, &raw).unwrap();
                let mut problems = Vec::new();
                Validator::new(layout, Context::new(Mode::Lenient)).validate_scanned(
                    &raw,
                    &mut problems,
                    &mut scanned,
                );
                let fast = ItemReader::shared(Arc::clone(&raw), kind, layout, &scanned).unwrap();
                let slow = ItemReader::new(&raw, kind).unwrap();
                let (a, b) = (R::from_items(&fast), R::from_items(&slow));
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "No.{} {t:?}", i + 1);
                assert_eq!(fast.failed_item(), slow.failed_item(), "No.{} {t:?}", i + 1);
                typed += usize::from(a.is_some());
                failed += usize::from(a.is_none());
            }
        }
        assert!(typed > 0 && failed > 0, "{typed} {failed}");
    }

    /// No value type takes a value from an empty slot: [`ItemReader::opt_in`] tells an
    /// empty slot from a value by it.
    #[test]
    fn an_empty_slot_gives_no_value() {
        use crate::hosoku::{PlanDate, TargetMonth};
        fn none<T: ItemValue>() -> bool {
            T::from_scanned(&Scanned::Empty).is_none()
        }
        assert!(none::<CsvVersion>() && none::<YearMonth>() && none::<TargetMonth>());
        assert!(none::<Date>() && none::<PlanDate>() && none::<ServiceTime>());
        assert!(none::<TimeOfDay>() && none::<OfficeNumber>() && none::<InsurerNumber>());
        assert!(none::<InsuredNumber>() && none::<DayMask>() && none::<ServiceKind>());
        assert!(none::<ServiceCode>() && none::<EquipmentCode>() && none::<Decimal>());
        assert!(none::<i64>() && none::<i32>() && none::<u32>() && none::<u16>());
        assert!(none::<u8>() && none::<crate::value::DigitCode>());
        assert!(none::<crate::value::PhoneNumber>() && none::<crate::value::PostalCode>());
    }

    /// The column map found without looking the kind's layout up (a 4.x layout maps
    /// nothing) is the one worked out from the kind's layout, for every kind and layout.
    #[test]
    fn column_maps_equal_the_maps_of_the_kinds_layouts() {
        let layouts = Layout::all().iter().chain(
            ["TABLE6_V3", "UPSIKYU_V3"]
                .iter()
                .filter_map(|n| Layout::get(n)),
        );
        let mut mapped = 0;
        for layout in layouts {
            let raw = RawRecord::from_texts(vec![""; layout.len()]);
            let short = RawRecord::from_texts(vec![""; layout.len() - 1]);
            for kind in FileKind::ALL {
                let general = kind.layout().map(|base| column_map(layout, base));
                assert_eq!(
                    ItemReader::map(&raw, kind, layout),
                    general,
                    "{kind:?} {}",
                    layout.name
                );
                assert_eq!(ItemReader::map(&short, kind, layout), None);
                mapped += usize::from(matches!(general, Some(Some(_))));
            }
        }
        // TABLE6_V3 for UPPLAN and UPJSK, UPSIKYU_V3 for UPSIKYU.
        assert_eq!(mapped, 3);
    }

    #[test]
    fn items_read_from_the_engines_slots_equal_items_read_from_their_texts() {
        same_both_ways::<Table6Record>(FileKind::UsagePlan, &crate::table6::tests::texts());
        same_both_ways::<Table7Record>(FileKind::UsageSummary, &crate::table7::tests::texts());
    }
}

fn empty_layout() -> &'static Layout {
    // Only reached for kinds without a layout, which have no typed record.
    Layout::all()
        .first()
        .unwrap_or_else(|| unreachable!("the embedded layouts are never empty"))
}

/// Declares a typed record from its item list. See the module docs.
///
/// Each line is `No. req field: Type` (a required value), `No. opt field: Type` (an
/// optional value), `No. text field` (free text), `No. text_req field` (free text the layout
/// requires), `No. group field: Type` (a repeating group of items from No. on, held as one
/// value, e.g. an array, of a type implementing [`ItemGroup`]) or `No. unused` (使用しない),
/// each with its doc comment. The macro writes a
/// constructor `new` taking the required values and required free texts in item order
/// (No.1 CSVバージョン excepted: 4.1's `202407`), with every other item empty, or the
/// value given as `No. opt field: Type = value` (a fixed value the layout states). Item No.1 must be `1 req version: CsvVersion`. Items are listed in order,
/// every item of the layout once (each kind's tests check it).
macro_rules! typed_record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident for [$($kind:ident),+] in $layout:literal { $($body:tt)* }
    ) => {
        $crate::typed_record!(@struct [$(#[$meta])*] $name [] $($body)*);
        $crate::typed_record!(@new $name [] [] $($body)*);
        $crate::typed_record!(@impl $name [$($kind),+] $layout $($body)*);
    };

    // The constructor, one item at a time: the required items are its parameters.
    (@new $name:ident [$($p:tt)*] [$($i:tt)*]) => {
        impl $name {
            /// A record of its required items, given in item order (the CSVバージョン
            /// excepted): every optional item is empty, every free text not required is
            /// empty, and No.1 CSVバージョン is [`CsvVersion::default`](crate::value::CsvVersion::default)
            /// (4.1's `202407`). The fields are public: set the others on the value made.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($p)*) -> $name {
                $name { $($i)* origin: $crate::typed::Origin::none() }
            }
        }
    };
    (@new $name:ident $p:tt [$($i:tt)*] $(#[$f:meta])* 1 req version : $ty:ty $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@new $name $p [$($i)* version: <$ty as ::core::default::Default>::default(),] $($($rest)*)?);
    };
    (@new $name:ident [$($p:tt)*] [$($i:tt)*] $(#[$f:meta])* $no:literal req $field:ident : $ty:ty $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@new $name [$($p)* $field: $ty,] [$($i)* $field,] $($($rest)*)?);
    };
    (@new $name:ident $p:tt [$($i:tt)*] $(#[$f:meta])* $no:literal opt $field:ident : $ty:ty = $def:expr $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@new $name $p [$($i)* $field: $def,] $($($rest)*)?);
    };
    (@new $name:ident $p:tt [$($i:tt)*] $(#[$f:meta])* $no:literal opt $field:ident : $ty:ty $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@new $name $p [$($i)* $field: None,] $($($rest)*)?);
    };
    (@new $name:ident $p:tt [$($i:tt)*] $(#[$f:meta])* $no:literal text $field:ident $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@new $name $p [$($i)* $field: String::new(),] $($($rest)*)?);
    };
    (@new $name:ident [$($p:tt)*] [$($i:tt)*] $(#[$f:meta])* $no:literal text_req $field:ident $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@new $name [$($p)* $field: impl Into<String>,] [$($i)* $field: $field.into(),] $($($rest)*)?);
    };
    (@new $name:ident $p:tt [$($i:tt)*] $(#[$f:meta])* $no:literal group $field:ident : $ty:ty $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@new $name $p [$($i)* $field: <$ty as ::core::default::Default>::default(),] $($($rest)*)?);
    };
    (@new $name:ident $p:tt $i:tt $(#[$f:meta])* $no:literal unused $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@new $name $p $i $($($rest)*)?);
    };

    // The struct, one item at a time.
    (@struct [$($meta:tt)*] $name:ident [$($acc:tt)*]) => {
        $($meta)*
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        // The JSON bridge: a key that is no item is an error naming it (issue 13 §5).
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($acc)*
            /// The raw record this one was read from (not serialized, not compared).
            #[serde(skip)]
            pub origin: $crate::typed::Origin,
        }
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] $(#[$f:meta])* $no:literal req $field:ident : $ty:ty $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@struct $m $name [$($acc)* $(#[$f])* #[serde(deserialize_with = "crate::json_numbers::deserialize")] pub $field: $ty,] $($($rest)*)?);
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] $(#[$f:meta])* $no:literal opt $field:ident : $ty:ty $(= $def:expr)? $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@struct $m $name [$($acc)* $(#[$f])* #[serde(default, deserialize_with = "crate::json_numbers::deserialize")] pub $field: Option<$ty>,] $($($rest)*)?);
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] $(#[$f:meta])* $no:literal text $field:ident $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@struct $m $name [$($acc)* $(#[$f])* pub $field: String,] $($($rest)*)?);
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] $(#[$f:meta])* $no:literal text_req $field:ident $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@struct $m $name [$($acc)* $(#[$f])* pub $field: String,] $($($rest)*)?);
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] $(#[$f:meta])* $no:literal group $field:ident : $ty:ty $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@struct $m $name [$($acc)* $(#[$f])* pub $field: $ty,] $($($rest)*)?);
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] $(#[$f:meta])* $no:literal unused $(, $($rest:tt)*)?) => {
        $crate::typed_record!(@struct $m $name [$($acc)*] $($($rest)*)?);
    };

    // The conversions.
    (@impl $name:ident [$($kind:ident),+] $layout:literal
        $( $(#[$f:meta])* $no:literal $how:ident $($field:ident $(: $ty:ty $(= $def:expr)?)?)? ),+ $(,)?
    ) => {
        impl $crate::typed::TypedRecord for $name {
            const KINDS: &'static [$crate::FileKind] = &[$($crate::FileKind::$kind),+];
            const LAYOUT: &'static str = $layout;
            const FIELDS: &'static [(u16, &'static str)] = &[$( $( ($no, stringify!($field)), )? )+];

            fn from_raw(raw: &$crate::RawRecord) -> Option<Self> {
                let r = $crate::typed::ItemReader::new(raw, Self::KINDS[0])?;
                Self::from_items(&r)
            }

            fn from_items(r: &$crate::typed::ItemReader<'_>) -> Option<Self> {
                // What the engine found, by item No., looked at once.
                let s = r.found::<{ $crate::typed::last_no(&[$($no),+]) }>();
                $( $( let $field = $crate::typed_record!(@read r s $no $how $($ty)?); )? )+
                Some($name { $( $($field,)? )+ origin: r.origin() })
            }

            fn to_raw(&self) -> $crate::RawRecord {
                let mut raw = $crate::RawRecord::new();
                self.write_items(&mut raw, &mut Vec::new());
                raw
            }

            fn write_items<S: $crate::typed::FieldSink>(&self, sink: &mut S, scratch: &mut Vec<u8>) {
                let mut w = $crate::typed::ItemWriter::new(
                    Self::KINDS[0],
                    self.version,
                    self.origin.get(),
                    sink,
                    scratch,
                );
                $( $crate::typed_record!(@write w self $no $how $($field)?); )+
            }

            fn version(&self) -> $crate::value::CsvVersion {
                self.version
            }

            fn check(&self, ctx: &$crate::typed::RuleContext<'_>, out: &mut Vec<$crate::Problem>) {
                $crate::typed::RecordRules::rules(self, ctx, out)
            }

            fn origin(&self) -> Option<&$crate::RawRecord> {
                self.origin.get()
            }
        }
    };
    (@read $r:ident $s:ident $no:literal req $($t:ty)?) => { $r.req_in(&$s[$no - 1], $no)? };
    (@read $r:ident $s:ident $no:literal opt $($t:ty)?) => { $r.opt_in(&$s[$no - 1], $no)? };
    (@read $r:ident $s:ident $no:literal group $t:ty) => { <$t as $crate::typed::ItemGroup>::read($r, $no)? };
    (@read $r:ident $s:ident $no:literal text) => { $r.text_in(&$s[$no - 1], $no)? };
    (@read $r:ident $s:ident $no:literal text_req) => { $r.text_in(&$s[$no - 1], $no)? };
    (@write $w:ident $s:ident $no:literal req $field:ident) => { $w.req($no, &$s.$field) };
    (@write $w:ident $s:ident $no:literal opt $field:ident) => { $w.opt($no, &$s.$field) };
    (@write $w:ident $s:ident $no:literal text $field:ident) => { $w.text_item($no, &$s.$field) };
    (@write $w:ident $s:ident $no:literal text_req $field:ident) => { $w.text_item($no, &$s.$field) };
    (@write $w:ident $s:ident $no:literal group $field:ident) => { $crate::typed::ItemGroup::write(&$s.$field, &mut $w, $no) };
    (@write $w:ident $s:ident $no:literal unused) => { $w.unused($no) };
}
pub(crate) use typed_record;

/// The greatest of a typed record's item Nos. (its items are listed in order; a group's
/// first No. stands for it): how many slots of [`ItemReader::found`] its reading looks at.
#[doc(hidden)]
pub const fn last_no(nos: &[u16]) -> usize {
    let mut last = 0;
    let mut i = 0;
    while i < nos.len() {
        if nos[i] > last {
            last = nos[i];
        }
        i += 1;
    }
    last as usize
}

/// A repeating group of a layout's items held as one field of a typed record (補足's nine
/// 種類支給限度 slots as `[LimitSlot; 9]`, UPYOBO's four 領域 as `[Area; 4]`): declared
/// `No. group field: Type` in [`typed_record!`](crate::typed_record), read from and written
/// to the items from No. `first` on. The record's JSON form holds the field under its name,
/// and [`TypedRecord::FIELDS`] lists it once, with its first item No.
#[doc(hidden)]
pub trait ItemGroup: Sized + Default {
    /// The group read from the items from No. `first` on, or `None` when an item does not
    /// hold a value of its type.
    fn read(r: &ItemReader<'_>, first: u16) -> Option<Self>;

    /// Writes the group's items, in item order, from No. `first` on.
    fn write<'a, S: FieldSink, O: Iterator<Item = Field<'a>>>(
        &self,
        w: &mut ItemWriter<'_, S, O>,
        first: u16,
    );
}

/// The rules across items of one record of a kind, as its layout states them. A kind with
/// none implements it with the default (no rule).
pub(crate) trait RecordRules {
    /// Checks the rules, pushing each problem found.
    fn rules(&self, _ctx: &RuleContext<'_>, _out: &mut Vec<Problem>) {}
}

/// Pushes the problem `make` builds onto `out`, in a function of its own marked cold: a
/// record's rules test their conditions in line and build a problem (its texts, its
/// formatting) only when one is found, so that the code they run on every record stays
/// short and together, and the code that builds problems is kept apart from it.
#[cold]
#[inline(never)]
pub(crate) fn push_cold(out: &mut Vec<Problem>, make: impl FnOnce() -> Problem) {
    out.push(make());
}

/// An item's reference by No. in a kind's 4.x layout (for rules and tests).
pub fn item_ref(kind: FileKind, no: u16) -> Option<ItemRef> {
    kind.layout()?.item(no).map(|i| i.item_ref())
}

/// Rules across the records of one file of a kind (第7表 totals, 第2表 row order …). The
/// file reader feeds it every typed record in order, then calls [`FileRules::finish`].
/// State is per user or per key, never per record, so memory does not grow with the file.
pub(crate) trait FileRules: Default {
    /// The record type it checks.
    type Record: TypedRecord;

    /// Looks at the next record.
    fn record(&mut self, record: &Self::Record, ctx: &RuleContext<'_>, out: &mut Vec<Problem>);

    /// Learns of a record of the file that did not become a typed record (its own problems
    /// say why), so that a rule that needed it can say once that it could not be checked
    /// instead of reporting the record's absence as further mistakes. By default nothing.
    fn not_typed(&mut self, raw: &RawRecord, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let _ = (raw, ctx, out);
    }

    /// The end of the file: reports what could only be seen at the end.
    fn finish(&mut self, out: &mut Vec<Problem>);

    /// The records of a part read apart are all in (the parallel reader, on the part's
    /// thread, before the part is joined with [`absorb`](FileRules::absorb)): work of
    /// [`finish`](FileRules::finish) whose result cannot change may be done here, kept
    /// for `finish` to give as it would have found it. By default nothing.
    fn settle(&mut self) {}

    /// Joins the state of the records that follow (the parallel reader reads a file in
    /// parts, each part's records fed to a state of its own, and joins the parts' states
    /// in file order).
    ///
    /// `self` is the state after [`record`](FileRules::record) and
    /// [`not_typed`](FileRules::not_typed) were called for records r1..rk, starting from
    /// `Default`; `later` is the state after records rk+1..rn, starting from `Default`
    /// (positions are absolute, the file's). Neither has had [`finish`](FileRules::finish)
    /// called. When it returns `true`:
    /// - `self` is now exactly the state one value would have after r1..rn in order, so
    ///   `finish` gives the same problems;
    /// - the problems `later` reported while reading rk+1..rn are exactly those the one
    ///   value would have reported for rk+1..rn.
    ///
    /// When it cannot guarantee both (a key repeated across the cut, a row order or a
    /// text rule that needs rows of both sides, a cap on a run's memory crossed, or the
    /// state to decide gone), it returns `false` and leaves `self` unchanged: the caller
    /// then feeds rk+1..rn to `self` again. `false` is always correct but costs a second
    /// reading, so it is kept for what real files rarely hold: a user, user-month or plan
    /// whose rows span the cut joins with `true` when no problem depends on rows of both
    /// sides.
    fn absorb(&mut self, later: Self) -> bool;
}

/// A record whose key must be unique within its file (利用者基本情報 by 保険者番号 +
/// 被保険者番号 + 相談日, 支援計画書 by 計画作成(変更)日 …): the 別表 and delete files link to a
/// record by that key, so a repeated key makes the link ambiguous.
pub(crate) trait Keyed: TypedRecord {
    /// The key.
    type Key: std::hash::Hash + Eq + fmt::Display;
    /// The item No. a duplicate is reported at (the key's distinguishing item).
    const KEY_ITEM: u16;
    /// The record's key.
    fn key(&self) -> Self::Key;
}

/// The rule across a file's records that each record's [`Keyed::key`] appears once: a
/// repeat is [`ProblemKind::DuplicateKey`] (severity by the reading mode), with
/// [`Problem::related`] naming the first row. One position is kept per key.
#[derive(Debug)]
pub(crate) struct UniqueKeys<R: Keyed> {
    seen: std::collections::HashMap<R::Key, Position>,
}

impl<R: Keyed> Default for UniqueKeys<R> {
    fn default() -> UniqueKeys<R> {
        UniqueKeys {
            seen: std::collections::HashMap::new(),
        }
    }
}

impl<R: Keyed> FileRules for UniqueKeys<R> {
    type Record = R;

    fn record(&mut self, record: &R, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let key = record.key();
        match self.seen.get(&key) {
            Some(first) => out.push(
                ctx.problem(ProblemKind::DuplicateKey, ctx.mode.deviation(), R::KEY_ITEM)
                    .found(key.to_string())
                    .related(ctx.location_at(*first, R::KEY_ITEM)),
            ),
            None => {
                self.seen.insert(key, ctx.position);
            }
        }
    }

    fn finish(&mut self, _out: &mut Vec<Problem>) {
        self.seen.clear();
    }

    /// Joins when no key of `later` was seen here (a repeat across the cut is a problem
    /// `later` could not see); `later`'s own repeats named its own first rows, which are
    /// the file's first rows of those keys.
    fn absorb(&mut self, later: Self) -> bool {
        if later.seen.keys().any(|k| self.seen.contains_key(k)) {
            return false;
        }
        if self.seen.is_empty() {
            self.seen = later.seen;
        } else {
            self.seen.extend(later.seen);
        }
        true
    }
}
