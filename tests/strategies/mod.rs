//! Proptest strategies for valid files of every CSV kind, built from the layouts themselves:
//! one engine, driven by each [`Item`]'s format, length, required mark and values.
//!
//! A generated record holds, per item:
//! - `yyyymm`, `yyyymmdd`: a real month or calendar day (leap days included), or a special
//!   value the item's row lists (`000000`, `00000000`); item No.1 is the file's CSVバージョン;
//! - `hhmm`: `0000`–`2359`, or `9999` where the row lists it;
//! - `digits`: exactly ten digits for a 事業所番号 ([`Item::is_office_number`]), otherwise
//!   one digit up to the item's length;
//! - `integer`: up to the item's length in characters, leading zeros included, negative
//!   only where the item's typed field is signed (found by probing, see [`Engine`]);
//! - `code`: a key of the item's values; `service_kind`, `service_code`: kinds of the table
//!   of service kinds, and the 第7表 subtotal and total forms where the row allows them;
//! - the fixed forms (`insurer_id`, `insured_id` with `H`, `flags31`, `equipment_code` with
//!   either hyphen, `decimal`, `postal`, `phone` with hyphens and parentheses);
//! - `text`: characters MS932 holds — ASCII (controls too), commas, quotes, CR, LF, spaces,
//!   half-width kana, kanji, full-width symbols and the NEC/IBM extensions — up to the
//!   item's length;
//! - optional items are empty about a quarter of the time; `unused` items always are.
//!
//! No rule across items is needed for a record to be typed; the one fixed up here is the
//! 利用者補足情報 pairing of No.4 and No.63 (one is a real value, the other its zeros), so that
//! most hosoku records are rule-clean as well.

#![allow(dead_code)]

use std::sync::OnceLock;

use careplan::csv::ms932::{decode_to_string, is_representable};
use careplan::csv::FileWriterBuilder;
use careplan::model::value::{CsvVersion, ServiceKind, SubtotalKind};
use careplan::model::{AnyRecord, FileKind, Format, Item, Layout, Mode, RawRecord};
use proptest::prelude::*;
use proptest::sample::select;

/// The number of cases: `PROPTEST_CASES` when set (for a longer search), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every kind of CSV file (17: every kind but the family-structure image).
pub fn csv_kinds() -> Vec<FileKind> {
    FileKind::ALL
        .iter()
        .copied()
        .filter(|k| k.is_csv())
        .collect()
}

/// A generated file: its kind, version and records (each one typed, as `from_raw` read it
/// from the generated texts).
#[derive(Clone, Debug)]
pub struct GenFile {
    /// The kind.
    pub kind: FileKind,
    /// The CSVバージョン of every record.
    pub version: CsvVersion,
    /// The records, as generated (free text marked quoted).
    pub raws: Vec<RawRecord>,
}

impl GenFile {
    /// The typed records, `None` for a generated record that does not type.
    pub fn typed(&self) -> Vec<Option<AnyRecord>> {
        self.raws
            .iter()
            .map(|r| AnyRecord::from_raw(self.kind, r))
            .collect()
    }
}

/// The bytes of `records` written as a file of `kind` named `name`, and the problems the
/// writer reported.
pub fn write(
    kind: FileKind,
    name: &str,
    records: &[AnyRecord],
) -> (Vec<u8>, Vec<careplan::model::Problem>) {
    let mut w = FileWriterBuilder::new().to_writer(Vec::new(), kind, name);
    for r in records {
        w.write_any(r).expect("generated text is MS932");
    }
    w.finish().expect("writing to a Vec")
}

/// The characters outside ASCII that MS932 holds and gives back unchanged: every
/// double-byte character (outside the 外字 rows) and the half-width kana.
pub fn ms932_chars() -> &'static [char] {
    static CHARS: OnceLock<Vec<char>> = OnceLock::new();
    CHARS.get_or_init(|| {
        let mut out = Vec::new();
        let mut push = |bytes: &[u8]| {
            let (text, issues) = decode_to_string(bytes);
            let mut chars = text.chars();
            if let (true, Some(c), None) = (issues.is_empty(), chars.next(), chars.next()) {
                if !c.is_ascii() && is_representable(c) && !out.contains(&c) {
                    out.push(c);
                }
            }
        };
        for b in 0xA1..=0xDFu8 {
            push(&[b]);
        }
        for lead in (0x81..=0x9Fu8).chain(0xE0..=0xEF).chain(0xFA..=0xFC) {
            for trail in (0x40..=0x7Eu8).chain(0x80..=0xFC) {
                push(&[lead, trail]);
            }
        }
        out
    })
}

/// One character of free text.
fn text_char() -> impl Strategy<Value = char> {
    let pool = ms932_chars();
    let kana: Vec<char> = pool
        .iter()
        .copied()
        .filter(|c| ('\u{FF61}'..='\u{FF9F}').contains(c))
        .collect();
    prop_oneof![
        4 => (0x20u8..0x7F).prop_map(char::from),
        2 => select(vec![',', '"', '\r', '\n', ' ', '\u{3000}', '\t']),
        1 => (0u8..0x80).prop_map(char::from),
        2 => select(kana),
        4 => select(pool.to_vec()),
    ]
}

/// Free text of at most `max` characters (at least one when `required`).
fn text(max: Option<u16>, required: bool) -> BoxedStrategy<String> {
    let max = max.map_or(24, usize::from);
    let min = usize::from(required).min(max);
    prop::collection::vec(text_char(), min..=max)
        .prop_map(|cs| cs.into_iter().collect())
        .boxed()
}

/// A string of `len` ASCII digits.
fn digits(len: std::ops::RangeInclusive<usize>) -> BoxedStrategy<String> {
    prop::collection::vec(0u8..10, len)
        .prop_map(|ds| ds.into_iter().map(|d| char::from(b'0' + d)).collect())
        .boxed()
}

fn year() -> BoxedStrategy<u16> {
    prop_oneof![3 => 1990u16..=2100, 1 => 0u16..=9999].boxed()
}

fn days_in_month(year: u16, month: u8) -> u8 {
    careplan::model::value::YearMonth::new(year, month).map_or(31, |m| m.days_in_month())
}

/// A real month, `YYYYMM`.
pub fn year_month() -> BoxedStrategy<String> {
    (year(), 1u8..=12)
        .prop_map(|(y, m)| format!("{y:04}{m:02}"))
        .boxed()
}

/// A day of the calendar, `YYYYMMDD`.
pub fn date() -> BoxedStrategy<String> {
    (year(), 1u8..=12, any::<prop::sample::Index>())
        .prop_map(|(y, m, d)| {
            let day = d.index(usize::from(days_in_month(y, m))) + 1;
            format!("{y:04}{m:02}{day:02}")
        })
        .boxed()
}

fn time() -> BoxedStrategy<String> {
    (0u8..24, 0u8..60)
        .prop_map(|(h, m)| format!("{h:02}{m:02}"))
        .boxed()
}

fn service_kinds() -> Vec<&'static str> {
    ServiceKind::all().map(|k| k.code()).collect()
}

/// A value of `item` that its format accepts (never empty).
fn filled(item: &Item, signed: bool) -> BoxedStrategy<String> {
    let len = item.length.map(usize::from);
    let core = match item.format {
        Format::YearMonth => year_month(),
        Format::Date => date(),
        Format::Time => time(),
        Format::Digits if item.is_office_number() => digits(10..=10),
        Format::Digits => digits(1..=len.unwrap_or(10)),
        Format::Integer => {
            let max = len.unwrap_or(9);
            if signed && max >= 2 {
                prop_oneof![
                    3 => digits(1..=max),
                    1 => digits(1..=max - 1).prop_map(|d| format!("-{d}")),
                ]
                .boxed()
            } else {
                digits(1..=max)
            }
        }
        Format::Code => select(
            item.values
                .iter()
                .map(|v| v.key.to_string())
                .collect::<Vec<_>>(),
        )
        .boxed(),
        Format::InsurerId => digits(6..=6),
        Format::InsuredId => {
            prop_oneof![digits(10..=10), digits(9..=9).prop_map(|d| format!("H{d}")),].boxed()
        }
        Format::Flags31 => prop::collection::vec(prop::bool::ANY, 31)
            .prop_map(|bs| bs.into_iter().map(|b| if b { '1' } else { '0' }).collect())
            .boxed(),
        Format::Text => text(item.length, item.required),
        Format::Unused => Just(String::new()).boxed(),
        Format::ServiceKind => select(service_kinds()).prop_map(str::to_string).boxed(),
        Format::ServiceCode => {
            let mut forms: Vec<BoxedStrategy<String>> =
                vec![(select(service_kinds()), digits(4..=4))
                    .prop_map(|(k, d)| format!("{k}{d}"))
                    .boxed()];
            for s in SubtotalKind::ALL {
                if item.allows_subtotal(s) {
                    forms.push(
                        select(service_kinds())
                            .prop_map(move |k| format!("{k}{}", s.suffix()))
                            .boxed(),
                    );
                }
            }
            if item.allows_grand_total() {
                forms.push(Just("999999".to_string()).boxed());
            }
            prop::strategy::Union::new(forms).boxed()
        }
        Format::EquipmentCode => (digits(5..=5), prop::bool::ANY, digits(6..=6))
            .prop_map(|(l, full, r)| format!("{l}{}{r}", if full { '－' } else { '-' }))
            .boxed(),
        Format::Decimal => {
            let int = len.map_or(2, |l| l.saturating_sub(3).max(1));
            (digits(1..=int), digits(2..=2))
                .prop_map(|(i, f)| format!("{i}.{f}"))
                .boxed()
        }
        Format::Postal => (digits(3..=3), digits(4..=4))
            .prop_map(|(a, b)| format!("{a}-{b}"))
            .boxed(),
        Format::Phone => {
            let max = len.unwrap_or(15);
            (
                digits(1..=1),
                prop::collection::vec(select(b"0123456789-()".to_vec()), 0..max),
            )
                .prop_map(|(d, rest)| {
                    let mut s = d;
                    s.extend(rest.into_iter().map(char::from));
                    s
                })
                .boxed()
        }
        // A format added later: the test that fails names it.
        other => panic!("no strategy for format {other}"),
    };
    // Special values the row lists (000000, 00000000, 9999, 9999999999); the 第7表 forms
    // of service codes are patterns, handled above.
    let specials: Vec<String> = match item.format {
        Format::Code | Format::ServiceCode => Vec::new(),
        _ => item.values.iter().map(|v| v.key.to_string()).collect(),
    };
    if specials.is_empty() {
        core
    } else {
        prop_oneof![4 => core, 1 => select(specials)].boxed()
    }
}

/// A value of `item`: empty a quarter of the time when the item is optional.
fn item_value(item: &Item, signed: bool) -> BoxedStrategy<String> {
    let value = filled(item, signed);
    if item.required || item.format == Format::Unused {
        value
    } else {
        prop_oneof![3 => value, 1 => Just(String::new())].boxed()
    }
}

/// A value of `item` its typed field accepts, with no randomness: the probe's baseline.
fn baseline_value(item: &Item) -> String {
    match item.format {
        Format::YearMonth => "202504",
        Format::Date => "20250401",
        Format::Time => "1000",
        Format::Digits if item.is_office_number() => "1310000001",
        Format::Digits | Format::Integer => "1",
        Format::Code => item.values.first().map_or("", |v| v.key),
        Format::InsurerId => "131001",
        Format::InsuredId => "0000012345",
        Format::Flags31 => "0000000000000000000000000000000",
        Format::Text => "a",
        Format::Unused => "",
        Format::ServiceKind => "11",
        Format::ServiceCode => "111111",
        Format::EquipmentCode => "00001-000010",
        Format::Decimal => "10.00",
        Format::Postal => "100-0001",
        Format::Phone => "03-0000-0000",
        other => panic!("no baseline for format {other}"),
    }
    .to_string()
}

/// A raw record of `texts`, free text marked quoted as the layout says.
pub fn raw_record(layout: &Layout, texts: &[String]) -> RawRecord {
    let mut r = RawRecord::new();
    for (item, t) in layout.items.iter().zip(texts) {
        r.push_field(t, item.is_text());
    }
    r
}

/// The generator of one kind in one version: the layout and, per item, whether a negative
/// integer types. The typed records do not say which integer fields are signed (`i64`) and
/// which are counts (`u32`, `u8`), so the engine asks: it builds a baseline record that
/// types and tries `-1` in each integer item.
#[derive(Clone, Debug)]
pub struct Engine {
    kind: FileKind,
    version: CsvVersion,
    layout: &'static Layout,
    signed: Vec<bool>,
}

impl Engine {
    /// The engine of `kind` in `version`.
    pub fn new(kind: FileKind, version: CsvVersion) -> Engine {
        let layout = Layout::for_version(kind, version).expect("a CSV kind");
        let mut base: Vec<String> = layout.items.iter().map(baseline_value).collect();
        base[0] = version.to_string();
        let baseline = raw_record(layout, &base);
        assert!(
            AnyRecord::from_raw(kind, &baseline).is_some(),
            "{kind:?} {version}: the baseline record does not type: {baseline:?}"
        );
        let signed = layout
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.format == Format::Integer && {
                    let mut t = base.clone();
                    t[i] = "-1".to_string();
                    AnyRecord::from_raw(kind, &raw_record(layout, &t)).is_some()
                }
            })
            .collect();
        Engine {
            kind,
            version,
            layout,
            signed,
        }
    }

    /// Valid records of the kind in the version.
    pub fn record(&self) -> BoxedStrategy<RawRecord> {
        let items: Vec<BoxedStrategy<String>> = self
            .layout
            .items
            .iter()
            .zip(&self.signed)
            .enumerate()
            .map(|(i, (item, signed))| {
                if i == 0 {
                    Just(self.version.to_string()).boxed()
                } else {
                    item_value(item, *signed)
                }
            })
            .collect();
        let layout = self.layout;
        let texts = fix_up(self.kind, items.boxed());
        texts.prop_map(move |t| raw_record(layout, &t)).boxed()
    }
}

/// The rules across items that generation fixes up (see the module docs).
fn fix_up(kind: FileKind, texts: BoxedStrategy<Vec<String>>) -> BoxedStrategy<Vec<String>> {
    match kind {
        FileKind::Hosoku => (texts, prop::bool::ANY, date(), year_month())
            .prop_map(|(mut t, plan, d, m)| {
                // No.4 居宅サービス計画作成（変更）日 and No.63 対象年月.
                if plan {
                    t[3] = d;
                    t[62] = "000000".to_string();
                } else {
                    t[3] = "00000000".to_string();
                    t[62] = m;
                }
                t
            })
            .boxed(),
        _ => texts,
    }
}

/// Valid files of `kind`: one known CSVバージョン, 1 to `max` records.
pub fn file(kind: FileKind, max: usize) -> BoxedStrategy<GenFile> {
    select(CsvVersion::KNOWN.to_vec())
        .prop_flat_map(move |version| {
            let engine = Engine::new(kind, version);
            prop::collection::vec(engine.record(), 1..=max).prop_map(move |raws| GenFile {
                kind,
                version,
                raws,
            })
        })
        .boxed()
}

/// Valid files of any CSV kind.
pub fn any_file(max: usize) -> BoxedStrategy<GenFile> {
    select(csv_kinds())
        .prop_flat_map(move |k| file(k, max))
        .boxed()
}

/// Reads `bytes` as the file `name` in `mode`: every record, and the summary.
pub fn read(
    bytes: &[u8],
    name: &str,
    mode: Mode,
) -> Result<
    (
        Vec<careplan::csv::Parsed<AnyRecord>>,
        careplan::csv::Summary,
    ),
    careplan::csv::Error,
> {
    let mut rdr = careplan::csv::FileReaderBuilder::new()
        .mode(mode)
        .from_reader(bytes, name);
    let recs = rdr.records().collect::<Result<Vec<_>, _>>()?;
    let summary = rdr.finish()?;
    Ok((recs, summary))
}
