//! 利用者基本情報_削除 (DLTKIHON) typed records: round trip, serde, required items and the
//! key of the UPKIHON record to delete. Fixtures are built here from spec
//! layouts/DLTKIHON.tsv.

use careplan_model::yobo_kihon::KihonRecord;
use careplan_model::{
    validate, Context, FileKind, KihonDeleteRecord, Mode, Origin, ProblemKind, RawRecord,
    RuleContext, TypedRecord,
};

const KIND: FileKind = FileKind::YoboKihonDelete;
const ROW: [&str; 4] = ["202407", "131045", "0123456789", "20250401"];

#[test]
fn a_record_is_valid_and_round_trips() {
    let layout = KIND.layout().unwrap();
    assert_eq!(layout.len(), 4);
    let raw = RawRecord::from_texts(ROW);
    assert!(validate(layout, &raw, &Context::new(Mode::Strict).with_kind(KIND)).is_empty());
    let rec = KihonDeleteRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw(), raw);
    let mut fresh = rec.clone();
    fresh.origin = Origin::none();
    assert_eq!(fresh.to_raw(), raw);
    let mut out = Vec::new();
    rec.check(&RuleContext::new(KIND).unwrap(), &mut out);
    assert!(out.is_empty());
    let json = serde_json::to_string(&rec).unwrap();
    assert_eq!(
        json,
        r#"{"version":"202407","insurer":"131045","insured":"0123456789","consultation_date":"20250401"}"#
    );
    assert_eq!(
        serde_json::from_str::<KihonDeleteRecord>(&json).unwrap(),
        rec
    );
}

#[test]
fn every_item_is_required() {
    let layout = KIND.layout().unwrap();
    for i in 0..4 {
        let mut t = ROW;
        t[i] = "";
        let raw = RawRecord::from_texts(t);
        let p = validate(layout, &raw, &Context::new(Mode::Lenient).with_kind(KIND));
        assert_eq!(
            p.iter().map(|p| p.kind).collect::<Vec<_>>(),
            vec![ProblemKind::MissingRequired]
        );
        assert!(KihonDeleteRecord::from_raw(&raw).is_none());
    }
}

#[test]
fn key_names_the_record_to_delete() {
    let mut kihon = vec![""; 71];
    kihon[..5].copy_from_slice(&["202407", "131045", "0123456789", "20250401", "1"]);
    kihon[15] = "2";
    kihon[16] = "19400101";
    let kihon = KihonRecord::from_raw(&RawRecord::from_texts(kihon)).unwrap();
    let del = KihonDeleteRecord::from_raw(&RawRecord::from_texts(ROW)).unwrap();
    assert_eq!(del.key(), kihon.key());
}
