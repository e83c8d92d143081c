//! 利用者基本情報（別表1） (UPKIHON_SUB1) typed records: round trips, serde and the link key
//! to UPKIHON. Fixtures are built here from spec layouts/UPKIHON_SUB1.tsv.

mod common;

use careplan_model::yobo_kihon::{KihonKey, KihonRecord};
use careplan_model::KihonSub1Record;
use careplan_model::{validate, Context, FileKind, Layout, Mode, RawRecord};
use careplan_model::{Origin, RuleContext, TypedRecord};

use common::standard;

const KIND: FileKind = FileKind::YoboKihonSub1;

fn layout() -> &'static Layout {
    KIND.layout().unwrap()
}

const ROW: [&str; 7] = [
    "202407",
    "131045",
    "0123456789",
    "20250401",
    "12:00",
    "昼食\r\n(自分で準備)",
    "長男夫婦は仕事, 不在",
];

#[test]
fn a_row_is_valid_and_round_trips() {
    let raw = standard(layout(), &ROW);
    assert_eq!(layout().len(), 7);
    let problems = validate(layout(), &raw, &Context::new(Mode::Strict).with_kind(KIND));
    assert!(problems.is_empty(), "{problems:?}");
    let rec = KihonSub1Record::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw(), raw);
    assert_eq!(rec.user_activity, "昼食\r\n(自分で準備)");
    let mut fresh = rec.clone();
    fresh.origin = Origin::none();
    let written = fresh.to_raw();
    assert_eq!(written, raw);
    for item in &layout().items {
        assert_eq!(written.field(item.column()).unwrap().quoted, item.is_text());
    }
    let mut out = Vec::new();
    rec.check(&RuleContext::new(KIND).unwrap(), &mut out);
    assert!(out.is_empty());
}

#[test]
fn serde_json_round_trip() {
    let rec = KihonSub1Record::from_raw(&standard(layout(), &ROW)).unwrap();
    let json = serde_json::to_string(&rec).unwrap();
    assert!(json.contains("\"time\":\"12:00\""));
    let back: KihonSub1Record = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.to_raw(), standard(layout(), &ROW));
}

#[test]
fn key_links_to_the_basic_information() {
    let mut kihon = vec![""; 71];
    kihon[..5].copy_from_slice(&["202407", "131045", "0123456789", "20250401", "1"]);
    kihon[15] = "1";
    kihon[16] = "19400101";
    let kihon = KihonRecord::from_raw(&RawRecord::from_texts(kihon)).unwrap();
    let rec = KihonSub1Record::from_raw(&standard(layout(), &ROW)).unwrap();
    let key: KihonKey = rec.key();
    assert_eq!(key, kihon.key());
    let mut other = ROW;
    other[3] = "20250402";
    assert_ne!(
        KihonSub1Record::from_raw(&standard(layout(), &other))
            .unwrap()
            .key(),
        key
    );
}
