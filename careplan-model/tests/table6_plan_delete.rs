//! 第6表予定削除 (DLTPLAN) through the public API.

mod common;

use careplan_model::{FileKind, RawRecord, TypedRecord, UsagePlanDeleteRecord};

use common::delete_round_trips;

const ROW: [&str; 4] = ["202407", "131001", "0000012345", "202504"];

#[test]
fn round_trip_serde_and_no_rules() {
    delete_round_trips::<UsagePlanDeleteRecord>(
        FileKind::UsagePlanDelete,
        &ROW,
        r#"{"version":"202407","insurer":"131001","insured":"0000012345","month":"202504"}"#,
    );
}

#[test]
fn every_item_is_required() {
    common::every_item_is_required::<UsagePlanDeleteRecord>(FileKind::UsagePlanDelete, &ROW);
}

#[test]
fn a_changed_month_is_written() {
    let raw = RawRecord::from_texts(ROW);
    let mut rec = UsagePlanDeleteRecord::from_raw(&raw).unwrap();
    rec.month = rec.month.next();
    assert_eq!(rec.to_raw().text(3), Some("202505"));
    assert_eq!(rec.to_raw().text(2), Some("0000012345"));
}
