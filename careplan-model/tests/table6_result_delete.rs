//! 第6表実績削除 (DLTJSK) through the public API.

mod common;

use careplan_model::__private::RuleContext;
use careplan_model::{
    FileKind, Position, RawRecord, Severity, TypedRecord, UsageResultDeleteRecord,
};

use common::delete_round_trips;

fn texts(kind: &'static str) -> Vec<&'static str> {
    vec![
        "202407",
        "131001",
        "0000012345",
        "202504",
        "1310000002",
        kind,
    ]
}

#[test]
fn round_trip_and_serde() {
    delete_round_trips::<UsageResultDeleteRecord>(
        FileKind::UsageResultDelete,
        &texts("A2"),
        r#"{"version":"202407","insurer":"131001","insured":"0000012345","month":"202504","provider":"1310000002","kind":"A2"}"#,
    );
}

#[test]
fn every_item_is_required() {
    common::every_item_is_required::<UsageResultDeleteRecord>(
        FileKind::UsageResultDelete,
        &texts("A2"),
    );
}

#[test]
fn an_out_of_scope_kind_is_a_warning() {
    let rec = UsageResultDeleteRecord::from_raw(&RawRecord::from_texts(texts("73"))).unwrap();
    let mut ctx = RuleContext::new(FileKind::UsageResultDelete).unwrap();
    ctx.position = Position::new(0, 4, 4);
    let mut out = Vec::new();
    rec.check(&ctx, &mut out);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].severity, Severity::Warning);
    assert_eq!(
        out[0].message_ja(),
        "4行目 第6表実績削除 No.6 サービス種類コード: 73 小規模多機能型居宅介護 は連携対象のサービス種類ではありません"
    );
    assert_eq!(
        out[0].message_en(),
        "line 4, 第6表実績削除 No.6 サービス種類コード: 73 小規模多機能型居宅介護 is not of a kind the standard exchanges"
    );
    assert_eq!(out[0].expected, None);
    let rec = UsageResultDeleteRecord::from_raw(&RawRecord::from_texts(texts("11"))).unwrap();
    let mut out = Vec::new();
    rec.check(&ctx, &mut out);
    assert!(out.is_empty());
}
