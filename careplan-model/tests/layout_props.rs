//! Properties of the layout engine over every layout: a record built from each item's
//! format validates clean, and no input makes the engine panic.

use careplan_model::__private::{validate, Context};
use careplan_model::value::{
    CsvVersion, DayMask, EquipmentCode, Hyphen, InsuredNumber, ServiceCode, ServiceKind, TimeOfDay,
    YearMonth,
};
use careplan_model::{FileKind, Format, Item, Layout, Mode, Position, ProblemKind, RawRecord};
use proptest::prelude::*;

/// A valid value for `item`, from its format alone.
fn sample(item: &Item) -> &'static str {
    if item.is_version() {
        return "202407";
    }
    match item.format {
        Format::YearMonth => "202504",
        Format::Date => "20250401",
        Format::Time => "0900",
        Format::Digits if item.is_office_number() => "0300000005",
        Format::Digits => "1",
        Format::Integer => "1",
        Format::Code => item.values[0].key,
        Format::InsurerId => "131045",
        Format::InsuredId => "0123456789",
        Format::Flags31 => "1111100000000000000000000000000",
        Format::Text if item.length.is_some() => "1",
        Format::Text => "テキスト, \"引用\"\r\n改行",
        Format::Unused => "",
        Format::ServiceKind => "11",
        Format::ServiceCode => "111111",
        Format::EquipmentCode => "00001-000010",
        Format::Decimal => "11.40",
        Format::Postal => "100-0001",
        Format::Phone => "03-0000-0000",
        _ => "",
    }
}

fn all_layouts() -> Vec<&'static Layout> {
    let mut all: Vec<&'static Layout> = Layout::all().iter().collect();
    all.push(Layout::get("TABLE6_V3").unwrap());
    all.push(Layout::get("UPSIKYU_V3").unwrap());
    all
}

fn sample_record(layout: &Layout) -> RawRecord {
    let mut r = RawRecord::new();
    for item in &layout.items {
        let v = sample(item);
        r.push_field(v, item.is_text() && !v.is_empty());
    }
    r
}

#[test]
fn a_record_of_sample_values_validates_clean_in_every_layout() {
    for layout in all_layouts() {
        let r = sample_record(layout);
        for mode in [Mode::Strict, Mode::Lenient] {
            let p = validate(layout, &r, &Context::new(mode));
            assert_eq!(p, vec![], "{}", layout.name);
        }
    }
}

#[test]
fn every_required_item_is_reported_when_empty() {
    for layout in all_layouts() {
        for item in layout.items.iter().filter(|i| i.required) {
            let mut r = RawRecord::new();
            for other in &layout.items {
                let v = if other.no == item.no {
                    ""
                } else {
                    sample(other)
                };
                r.push_field(v, other.is_text() && !v.is_empty());
            }
            let p = validate(layout, &r, &Context::new(Mode::Lenient));
            assert_eq!(p.len(), 1, "{} No.{}", layout.name, item.no);
            assert_eq!(p[0].kind, ProblemKind::MissingRequired);
            assert_eq!(p[0].location.item, Some(item.item_ref()));
        }
    }
}

#[test]
fn every_bounded_item_is_reported_when_too_long() {
    for layout in all_layouts() {
        for item in &layout.items {
            let Some(max) = item.length else { continue };
            let long = "1".repeat(usize::from(max) + 1);
            let mut r = RawRecord::new();
            for other in &layout.items {
                let v = if other.no == item.no {
                    long.as_str()
                } else {
                    sample(other)
                };
                r.push_field(v, other.is_text() && !v.is_empty());
            }
            let p = validate(layout, &r, &Context::new(Mode::Lenient));
            let too_long: Vec<_> = p
                .iter()
                .filter(|p| p.kind == ProblemKind::TooLong)
                .collect();
            assert_eq!(too_long.len(), 1, "{} No.{}", layout.name, item.no);
            assert_eq!(too_long[0].location.item.unwrap().no, item.no);
        }
    }
}

fn any_layout() -> impl Strategy<Value = &'static Layout> {
    proptest::sample::select(all_layouts())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any fields, any count, any quoting: problems, never a panic; every problem names the
    /// record's line and an item of the layout or none.
    #[test]
    fn the_engine_never_panics(
        layout in any_layout(),
        fields in proptest::collection::vec(("\\PC{0,14}|[0-9A-Z\\-－.H]{0,14}", any::<bool>()), 0..80),
        strict in any::<bool>(),
    ) {
        let mut r = RawRecord::new();
        for (text, quoted) in &fields {
            r.push_field(text, *quoted);
        }
        r.set_position(Position::new(10, 2, 1));
        let mode = if strict { Mode::Strict } else { Mode::Lenient };
        let ctx = Context::new(mode).with_kind(FileKind::UsagePlan).with_file("x.CSV");
        for p in validate(layout, &r, &ctx) {
            prop_assert_eq!(p.location.line, Some(2));
            if let Some(item) = p.location.item {
                prop_assert_eq!(layout.item(item.no).map(|i| i.name), Some(item.name));
            }
            prop_assert!(!p.message_ja().is_empty());
            prop_assert!(!p.message_en().is_empty());
        }
    }

    /// A record that validates clean against its layout keeps doing so when a field count is
    /// right and each value comes from the value types' own printing.
    #[test]
    fn printed_values_validate(
        year in 1900u16..2100,
        month in 1u8..=12,
        hour in 0u8..24,
        minute in 0u8..60,
        days in proptest::collection::vec(1u8..=31, 0..31),
        left in 0u32..100_000,
        right in 0u32..1_000_000,
        full_width in any::<bool>(),
        seiho in any::<bool>(),
        n in 0u32..1_000_000_000,
    ) {
        let layout = Layout::get("TABLE6").unwrap();
        let ym = YearMonth::new(year, month).unwrap();
        let date = ym.last_day().unwrap();
        let time = TimeOfDay::new(hour, minute).unwrap();
        let mask = DayMask::from_days(days).unwrap();
        let hyphen = if full_width { Hyphen::FullWidth } else { Hyphen::Ascii };
        let equipment = EquipmentCode::new(left, right, hyphen).unwrap();
        let insured = if seiho {
            InsuredNumber::seiho(n).unwrap()
        } else {
            InsuredNumber::insured(u64::from(n)).unwrap()
        };
        let code = ServiceCode::Service {
            kind: ServiceKind::new("17").unwrap(),
            item: careplan_model::value::ServiceItemCode::new((n % 10_000) as u16).unwrap(),
        };
        let mut r = sample_record(layout);
        let mut values: Vec<(String, bool)> = r.fields().map(|f| (f.text.to_string(), f.quoted)).collect();
        values[0].0 = CsvVersion::default().to_string();
        values[2].0 = insured.to_string();
        values[4].0 = ym.to_string();
        values[9].0 = careplan_model::value::Date::new(date).unwrap().to_string();
        values[10].0 = mask.to_string();
        values[11].0 = time.to_string();
        values[14].0 = code.to_string();
        values[15].0 = equipment.to_string();
        r.clear();
        for (t, q) in &values {
            r.push_field(t, *q);
        }
        prop_assert_eq!(validate(layout, &r, &Context::new(Mode::Strict)), vec![]);
        // and every printed value parses back to itself
        prop_assert_eq!(values[2].0.parse::<InsuredNumber>().unwrap(), insured);
        prop_assert_eq!(values[10].0.parse::<DayMask>().unwrap(), mask);
        prop_assert_eq!(values[15].0.parse::<EquipmentCode>().unwrap().hyphen(), hyphen);
        prop_assert_eq!(values[14].0.parse::<ServiceCode>().unwrap(), code);
    }
}
