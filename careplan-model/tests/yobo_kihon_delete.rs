//! 利用者基本情報_削除 (DLTKIHON) typed records: round trip, serde, required items and the
//! key of the UPKIHON record to delete. Fixtures are built here from spec
//! layouts/DLTKIHON.tsv.

mod common;

use careplan_model::yobo_kihon::KihonRecord;
use careplan_model::{FileKind, KihonDeleteRecord, RawRecord, TypedRecord};

use common::delete_round_trips;

const KIND: FileKind = FileKind::YoboKihonDelete;
const ROW: [&str; 4] = ["202407", "131045", "0123456789", "20250401"];

#[test]
fn a_record_is_valid_and_round_trips() {
    delete_round_trips::<KihonDeleteRecord>(
        KIND,
        &ROW,
        r#"{"version":"202407","insurer":"131045","insured":"0123456789","consultation_date":"20250401"}"#,
    );
}

#[test]
fn every_item_is_required() {
    common::every_item_is_required::<KihonDeleteRecord>(KIND, &ROW);
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
