//! 介護予防サービス・支援計画書_削除 (DLTYOBO) typed records: round trip, serde, required
//! items and the key of the UPYOBO record to delete. Fixtures are built here from spec
//! layouts/DLTYOBO.tsv.

mod common;

use careplan_model::yobo_plan::YoboPlanRecord;
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::{FileKind, RawRecord, TypedRecord, YoboPlanDeleteRecord};

use common::delete_round_trips;

const KIND: FileKind = FileKind::YoboPlanDelete;
const ROW: [&str; 4] = ["202407", "131045", "0123456789", "20250401"];

#[test]
fn a_record_is_valid_and_round_trips() {
    delete_round_trips::<YoboPlanDeleteRecord>(
        KIND,
        &ROW,
        r#"{"version":"202407","insurer":"131045","insured":"0123456789","plan_date":"20250401"}"#,
    );
}

#[test]
fn every_item_is_required() {
    common::every_item_is_required::<YoboPlanDeleteRecord>(KIND, &ROW);
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
