//! 利用者補足情報 (UPHOSOKU) through the public API: conversions, serde, rules.

use careplan_model::__private::{validate, Context, RuleContext};
use careplan_model::hosoku::{HosokuLink, HosokuRecord, KindLimit, PlanDate, TargetMonth};
use careplan_model::{FileKind, Mode, Origin, Position, ProblemKind, RawRecord, TypedRecord};

/// A record sent with 第6表/第7表 (No.4 00000000, No.63 the month), slot 1 used.
fn texts() -> Vec<&'static str> {
    let mut t = vec![
        "202407",
        "131001",
        "H123456789",
        "00000000",
        "ヤマダ ハナコ",
        "山田 \"花子\"",
        "2",
        "19400101",
        "100-0001",
        "東京都千代田区千代田1-1",
        "",
        "03-0000-0000",
        "20250301",
        "20250301",
        "20260228",
        "2",
        "20250301",
        "22",
        "19705",
        "11",
        "10000",
        "9000",
        "0",
    ];
    t.extend([""; 32]);
    t.extend(["0", "", "", "", "1310000001", "", "", "202504"]);
    t
}

fn record() -> HosokuRecord {
    HosokuRecord::from_raw(&RawRecord::from_texts(texts())).unwrap()
}

#[test]
fn a_fresh_record_is_written_in_the_standard_form() {
    let raw = RawRecord::from_texts(texts());
    let rec = HosokuRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw(), raw);
    let mut fresh = rec.clone();
    fresh.origin = Origin::none();
    let out = fresh.to_raw();
    let layout = FileKind::Hosoku.layout().unwrap();
    assert_eq!(out.len(), layout.len());
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::Hosoku);
    assert_eq!(validate(layout, &out, &ctx), vec![]);
    assert_eq!(HosokuRecord::from_raw(&out), Some(rec));
}

#[test]
fn serde_keeps_the_special_values() {
    let rec = record();
    let json = serde_json::to_string(&rec).unwrap();
    assert!(json.contains("\"plan_date\":\"00000000\""), "{json}");
    assert!(json.contains("\"month\":\"202504\""), "{json}");
    let back: HosokuRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.plan_date, PlanDate::ForUsage);
    assert_eq!(back.to_raw().text(3), Some("00000000"));
}

#[test]
fn link_and_slots() {
    let mut rec = record();
    assert_eq!(
        rec.link(),
        Some(HosokuLink::Usage("202504".parse().unwrap()))
    );
    assert_eq!(
        rec.kind_limits().collect::<Vec<_>>(),
        vec![KindLimit {
            kind: "11".parse().unwrap(),
            limit: 10000,
            units: 9000,
            over: 0
        }]
    );
    rec.plan_date = PlanDate::Date("20250320".parse().unwrap());
    rec.month = TargetMonth::ForPlan;
    assert_eq!(
        rec.link(),
        Some(HosokuLink::Plan("20250320".parse().unwrap()))
    );
    let raw = rec.to_raw();
    assert_eq!(
        (raw.text(3), raw.text(62)),
        (Some("20250320"), Some("000000"))
    );
}

#[test]
fn rules_name_the_item_in_both_languages() {
    let mut t = texts();
    t[47] = "15";
    let rec = HosokuRecord::from_raw(&RawRecord::from_texts(&t)).unwrap();
    let mut ctx = RuleContext::new(FileKind::Hosoku).unwrap();
    ctx.file = Some("UPHOSOKU_202504_1310000001_43_1310000002_11_20250320120000.CSV");
    ctx.position = Position::new(0, 1, 1);
    let mut out = Vec::new();
    rec.check(&ctx, &mut out);
    let kinds: Vec<_> = out
        .iter()
        .map(|p| (p.kind, p.location.item.unwrap().no))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ProblemKind::SlotGap, 48),
            (ProblemKind::MissingRequired, 49),
            (ProblemKind::MissingRequired, 50),
            (ProblemKind::MissingRequired, 51),
        ]
    );
    assert_eq!(
        out[0].message_ja(),
        "1行目 利用者補足情報 No.48 ８サービス種類コード: 第8枠が空の第2枠の後に設定されています。第1枠から順に詰めて設定します"
    );
    assert!(out[0].to_string().starts_with("UPHOSOKU_202504_"));
}
