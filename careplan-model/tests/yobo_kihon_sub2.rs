//! 利用者基本情報（別表2） (UPKIHON_SUB2) typed records: round trips, serde, code sets and
//! the link key to UPKIHON. Fixtures are built here from spec layouts/UPKIHON_SUB2.tsv.

mod common;

use careplan_model::value::Code;
use careplan_model::yobo_kihon::KihonKey;
use careplan_model::yobo_kihon_sub2::{Course, DoctorRole, KihonSub2Record};
use careplan_model::{FileKind, Format, Layout, RawRecord, TypedRecord};

use common::{round_trips, standard};

const KIND: FileKind = FileKind::YoboKihonSub2;

fn layout() -> &'static Layout {
    KIND.layout().unwrap()
}

const ROW: [&str; 11] = [
    "202407",
    "131045",
    "H123456789",
    "20250401",
    "2023/6",
    "変形性膝関節症",
    "○○整形外科 △△医師",
    "1",
    "03-0000-0000",
    "03",
    "リハビリ \"週2回\"",
];

#[test]
fn a_row_is_valid_and_round_trips() {
    assert_eq!(layout().len(), 11);
    let rec: KihonSub2Record = round_trips(KIND, &standard(layout(), &ROW));
    assert_eq!(rec.doctor_role, Some(DoctorRole::AttendingPhysician));
    assert_eq!(rec.course, Some(Course::Other));
    assert_eq!(
        rec.institution_phone.as_ref().unwrap().as_str(),
        "03-0000-0000"
    );
    assert_eq!(
        rec.key(),
        KihonKey::new(
            "131045".parse().unwrap(),
            "H123456789".parse().unwrap(),
            "20250401".parse().unwrap()
        )
    );
}

#[test]
fn empty_optional_items_read_as_none() {
    let mut t = ROW;
    t[7] = "";
    t[8] = "";
    t[9] = "";
    let raw = RawRecord::from_texts(t);
    let rec = KihonSub2Record::from_raw(&raw).unwrap();
    assert_eq!((rec.doctor_role, rec.course), (None, None));
    assert!(rec.institution_phone.is_none());
    assert_eq!(rec.to_raw(), raw);
}

#[test]
fn serde_json_round_trip() {
    let rec = KihonSub2Record::from_raw(&standard(layout(), &ROW)).unwrap();
    let json = serde_json::to_string(&rec).unwrap();
    assert!(json.contains("\"doctor_role\":\"1\""));
    assert!(json.contains("\"course\":\"03\""));
    let back: KihonSub2Record = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.to_raw(), standard(layout(), &ROW));
}

#[test]
fn code_sets_equal_the_layout() {
    let values = |no: u16| -> Vec<(&str, &str)> {
        layout()
            .item(no)
            .unwrap()
            .values
            .iter()
            .map(|v| (v.key, v.meaning))
            .collect()
    };
    let roles: Vec<_> = DoctorRole::ALL
        .iter()
        .map(|c| (c.key(), c.meaning_ja()))
        .collect();
    let courses: Vec<_> = Course::ALL
        .iter()
        .map(|c| (c.key(), c.meaning_ja()))
        .collect();
    assert_eq!(values(8), roles);
    assert_eq!(values(10), courses);
    let code_items: Vec<u16> = layout()
        .items
        .iter()
        .filter(|i| i.format == Format::Code)
        .map(|i| i.no)
        .collect();
    assert_eq!(code_items, vec![8, 10]);
}
