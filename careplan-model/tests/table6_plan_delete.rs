//! 第6表予定削除 (DLTPLAN) through the public API.

use careplan_model::{
    validate, Context, FileKind, Mode, Origin, RawRecord, RuleContext, TypedRecord,
    UsagePlanDeleteRecord,
};

#[test]
fn round_trip_serde_and_no_rules() {
    let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504"]);
    let rec = UsagePlanDeleteRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw(), raw);
    let mut fresh = rec.clone();
    fresh.origin = Origin::none();
    let out = fresh.to_raw();
    let layout = FileKind::UsagePlanDelete.layout().unwrap();
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::UsagePlanDelete);
    assert!(validate(layout, &out, &ctx).is_empty());
    let json = serde_json::to_string(&rec).unwrap();
    assert_eq!(
        json,
        r#"{"version":"202407","insurer":"131001","insured":"0000012345","month":"202504"}"#
    );
    assert_eq!(
        serde_json::from_str::<UsagePlanDeleteRecord>(&json).unwrap(),
        rec
    );
    let mut problems = Vec::new();
    rec.check(
        &RuleContext::new(FileKind::UsagePlanDelete).unwrap(),
        &mut problems,
    );
    assert!(problems.is_empty());
}

#[test]
fn a_changed_month_is_written() {
    let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504"]);
    let mut rec = UsagePlanDeleteRecord::from_raw(&raw).unwrap();
    rec.month = rec.month.next();
    assert_eq!(rec.to_raw().text(3), Some("202505"));
    assert_eq!(rec.to_raw().text(2), Some("0000012345"));
}
