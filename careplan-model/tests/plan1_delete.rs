//! 居宅サービス計画1表_削除 (DLT1KYO): the typed record against the layout of the standard.
//! Every fixture is built here from the spec's tables.

mod common;

use careplan_model::plan1::PlanKey;
use careplan_model::{FileKind, Plan1DeleteRecord, RawRecord, TypedRecord};

use common::delete_round_trips;

const VALID: [&str; 4] = [
    "202407",     // 1 CSVバージョン
    "131045",     // 2 保険者番号
    "H123456789", // 3 被保険者番号 (生保単独)
    "20250301",   // 4 居宅サービス計画作成（変更）日
];

#[test]
fn round_trip_serde_and_key() {
    let rec = delete_round_trips::<Plan1DeleteRecord>(
        FileKind::Plan1Delete,
        &VALID,
        r#"{"version":"202407","insurer":"131045","insured":"H123456789","plan_date":"20250301"}"#,
    );
    assert_eq!(
        rec.key(),
        PlanKey {
            insurer: "131045".parse().unwrap(),
            insured: "H123456789".parse().unwrap(),
            plan_date: "20250301".parse().unwrap(),
        }
    );
}

#[test]
fn every_item_is_required() {
    common::every_item_is_required::<Plan1DeleteRecord>(FileKind::Plan1Delete, &VALID);
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
