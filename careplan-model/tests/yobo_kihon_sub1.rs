//! 利用者基本情報（別表1） (UPKIHON_SUB1) typed records: round trips, serde and the link key
//! to UPKIHON. Fixtures are built here from spec layouts/UPKIHON_SUB1.tsv.

mod common;

use careplan_model::yobo_kihon::{KihonKey, KihonRecord};
use careplan_model::{FileKind, KihonSub1Record, Layout, RawRecord, TypedRecord};

use common::{round_trips, standard};

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
    assert_eq!(layout().len(), 7);
    let rec: KihonSub1Record = round_trips(KIND, &standard(layout(), &ROW));
    assert_eq!(rec.user_activity, "昼食\r\n(自分で準備)");
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
