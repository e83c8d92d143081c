//! 居宅サービス計画1表_削除 (DLT1KYO): the typed record against the layout of the standard.
//! Every fixture is built here from the spec's tables.

use careplan_model::plan1::PlanKey;
use careplan_model::{
    validate, Context, FileKind, Layout, Mode, Origin, Plan1DeleteRecord, RawRecord, RuleContext,
    TypedRecord,
};

fn layout() -> &'static Layout {
    FileKind::Plan1Delete.layout().unwrap()
}

const VALID: [&str; 4] = [
    "202407",     // 1 CSVバージョン
    "131045",     // 2 保険者番号
    "H123456789", // 3 被保険者番号 (生保単独)
    "20250301",   // 4 居宅サービス計画作成（変更）日
];

#[test]
fn round_trip_and_key() {
    let raw = RawRecord::from_texts(VALID);
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::Plan1Delete);
    assert_eq!(validate(layout(), &raw, &ctx), vec![]);
    let rec = Plan1DeleteRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw(), raw);
    assert_eq!(
        rec.key(),
        PlanKey {
            insurer: "131045".parse().unwrap(),
            insured: "H123456789".parse().unwrap(),
            plan_date: "20250301".parse().unwrap(),
        }
    );
    let mut out = Vec::new();
    rec.check(&RuleContext::new(FileKind::Plan1Delete).unwrap(), &mut out);
    assert!(out.is_empty());
}

#[test]
fn a_fresh_record_has_every_item_unquoted() {
    let mut rec = Plan1DeleteRecord::from_raw(&RawRecord::from_texts(VALID)).unwrap();
    rec.origin = Origin::none();
    let out = rec.to_raw();
    assert_eq!(out.len(), layout().len());
    assert!(out.fields().all(|f| !f.quoted));
    assert_eq!(out, RawRecord::from_texts(VALID));
}

#[test]
fn serde_json_round_trip() {
    let rec = Plan1DeleteRecord::from_raw(&RawRecord::from_texts(VALID)).unwrap();
    let json = serde_json::to_string(&rec).unwrap();
    assert_eq!(
        json,
        r#"{"version":"202407","insurer":"131045","insured":"H123456789","plan_date":"20250301"}"#
    );
    let back: Plan1DeleteRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.to_raw(), RawRecord::from_texts(VALID));
}

#[test]
fn a_record_that_does_not_fit_is_not_typed() {
    let mut v = VALID;
    v[3] = "";
    assert!(Plan1DeleteRecord::from_raw(&RawRecord::from_texts(v)).is_none());
    v[3] = "20250229";
    assert!(Plan1DeleteRecord::from_raw(&RawRecord::from_texts(v)).is_none());
    assert!(Plan1DeleteRecord::from_raw(&RawRecord::from_texts(&VALID[..3])).is_none());
}
