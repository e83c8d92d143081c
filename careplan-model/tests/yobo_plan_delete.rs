//! 介護予防サービス・支援計画書_削除 (DLTYOBO) typed records: round trip, serde, required
//! items and the key of the UPYOBO record to delete. Fixtures are built here from spec
//! layouts/DLTYOBO.tsv.

use careplan_model::yobo_plan::YoboPlanRecord;
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::{
    validate, Context, FileKind, Mode, Origin, ProblemKind, RawRecord, RuleContext, TypedRecord,
    YoboPlanDeleteRecord,
};

const KIND: FileKind = FileKind::YoboPlanDelete;
const ROW: [&str; 4] = ["202407", "131045", "0123456789", "20250401"];

#[test]
fn a_record_is_valid_and_round_trips() {
    let layout = KIND.layout().unwrap();
    assert_eq!(layout.len(), 4);
    let raw = RawRecord::from_texts(ROW);
    assert!(validate(layout, &raw, &Context::new(Mode::Strict).with_kind(KIND)).is_empty());
    let rec = YoboPlanDeleteRecord::from_raw(&raw).unwrap();
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
        r#"{"version":"202407","insurer":"131045","insured":"0123456789","plan_date":"20250401"}"#
    );
    assert_eq!(
        serde_json::from_str::<YoboPlanDeleteRecord>(&json).unwrap(),
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
        assert!(YoboPlanDeleteRecord::from_raw(&raw).is_none());
    }
}

#[test]
fn key_names_the_plan_and_its_rows() {
    let mut plan = vec![""; 57];
    plan[..5].copy_from_slice(&["202407", "131045", "0123456789", "20250401", "1"]);
    let plan = YoboPlanRecord::from_raw(&RawRecord::from_texts(plan)).unwrap();
    let mut sub = vec![""; 17];
    sub[..4].copy_from_slice(&ROW);
    let sub = YoboPlanSubRecord::from_raw(&RawRecord::from_texts(sub)).unwrap();
    let del = YoboPlanDeleteRecord::from_raw(&RawRecord::from_texts(ROW)).unwrap();
    assert_eq!(del.key(), plan.key());
    assert_eq!(del.key(), sub.key());
}
