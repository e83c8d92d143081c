//! 第6表実績削除 (DLTJSK) through the public API.

use careplan_model::{
    validate, Context, FileKind, Mode, Origin, Position, RawRecord, RuleContext, Severity,
    TypedRecord, UsageResultDeleteRecord,
};

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
    let raw = RawRecord::from_texts(texts("A2"));
    let rec = UsageResultDeleteRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw(), raw);
    let mut fresh = rec.clone();
    fresh.origin = Origin::none();
    let layout = FileKind::UsageResultDelete.layout().unwrap();
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::UsageResultDelete);
    assert!(validate(layout, &fresh.to_raw(), &ctx).is_empty());
    let json = serde_json::to_string(&rec).unwrap();
    assert!(
        json.ends_with(r#""provider":"1310000002","kind":"A2"}"#),
        "{json}"
    );
    assert_eq!(
        serde_json::from_str::<UsageResultDeleteRecord>(&json).unwrap(),
        rec
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
