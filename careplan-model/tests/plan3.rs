//! 居宅サービス計画3表 (UP3KYO): the typed record against the layout of the standard. Every
//! fixture is built here from the spec's tables.

mod common;

use careplan_model::__private::{validate, Context, RuleContext};
use careplan_model::plan3::{Plan3Record, Weekday};
use careplan_model::value::Code;
use careplan_model::value::TimeOfDay;
use careplan_model::{
    FileKind, Layout, Mode, Origin, Position, Problem, ProblemKind, RawRecord, Severity,
    TypedRecord,
};

use common::record;

fn layout() -> &'static Layout {
    FileKind::Plan3.layout().unwrap()
}

/// A valid 3表 record (13 items).
const VALID: [&str; 13] = [
    "202407",                 // 1 CSVバージョン
    "131045",                 // 2 保険者番号
    "0123456789",             // 3 被保険者番号
    "20250301",               // 4 週間サービス計画表作成年月日
    "20250301",               // 5 居宅サービス計画作成（変更）日
    "訪問介護（身体介護）",   // 6 介護サービス内容
    "3",                      // 7 曜日
    "0930",                   // 8 開始時間
    "1030",                   // 9 終了時間
    "起床・朝食",             // 10 主な日常生活上の活動
    "0700",                   // 11 開始時間
    "0800",                   // 12 終了時間
    "福祉用具貸与（車いす）", // 13 週単位以外のサービス
];

fn with(changes: &[(usize, &str)]) -> RawRecord {
    let mut v = VALID;
    for (no, value) in changes {
        v[no - 1] = value;
    }
    record(layout(), &v)
}

fn problems(raw: &RawRecord) -> Vec<Problem> {
    let rec = Plan3Record::from_raw(raw).unwrap();
    let mut ctx = RuleContext::new(FileKind::Plan3).unwrap();
    ctx.position = Position::new(300, 2, 2);
    let mut out = Vec::new();
    rec.check(&ctx, &mut out);
    out
}

fn only_problem(raw: &RawRecord) -> Problem {
    let p = problems(raw);
    assert_eq!(p.len(), 1, "{p:#?}");
    p.into_iter().next().unwrap()
}

#[test]
fn the_fixture_is_valid_for_the_layout_engine() {
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::Plan3);
    assert_eq!(validate(layout(), &record(layout(), &VALID), &ctx), vec![]);
    assert!(problems(&record(layout(), &VALID)).is_empty());
}

#[test]
fn round_trip_and_the_two_time_pairs() {
    let raw = record(layout(), &VALID);
    let rec = Plan3Record::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw(), raw);
    assert_eq!(rec.weekday, Some(Weekday::Wednesday));
    assert_eq!(rec.service_start, TimeOfDay::new(9, 30));
    assert_eq!(rec.service_end, TimeOfDay::new(10, 30));
    assert_eq!(rec.activity_start, TimeOfDay::new(7, 0));
    assert_eq!(rec.activity_end, TimeOfDay::new(8, 0));
    assert_eq!(rec.other_services, "福祉用具貸与（車いす）");
    assert_eq!(rec.plan().to_string(), "131045/0123456789/20250301");

    let mut changed = rec.clone();
    changed.activity_end = TimeOfDay::new(8, 15);
    let out = changed.to_raw();
    assert_eq!(out.text(8), Some("1030"));
    assert_eq!(out.text(11), Some("0815"));
}

#[test]
fn a_fresh_record_has_every_item_and_the_standard_quoting() {
    let mut rec = Plan3Record::from_raw(&record(layout(), &VALID)).unwrap();
    rec.origin = Origin::none();
    let out = rec.to_raw();
    assert_eq!(out.len(), layout().len());
    for (field, item) in out.fields().zip(&layout().items) {
        assert_eq!(field.quoted, item.is_text(), "No.{} {}", item.no, item.name);
    }
    assert_eq!(out, record(layout(), &VALID));
}

#[test]
fn free_text_with_commas_quotes_and_line_breaks_round_trips() {
    let raw = with(&[
        (6, "訪問介護, \"身体\"\r\n（入浴）"),
        (13, "短期入所: 月1回,\n3泊"),
    ]);
    let rec = Plan3Record::from_raw(&raw).unwrap();
    assert_eq!(rec.service_content, "訪問介護, \"身体\"\r\n（入浴）");
    assert_eq!(rec.to_raw(), raw);
}

#[test]
fn serde_json_round_trip() {
    let rec = Plan3Record::from_raw(&record(layout(), &VALID)).unwrap();
    let json = serde_json::to_value(&rec).unwrap();
    assert_eq!(json["weekday"], "3");
    assert_eq!(json["service_start"], "0930");
    assert_eq!(json["activity_end"], "0800");
    let back: Plan3Record = serde_json::from_value(json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.to_raw(), record(layout(), &VALID));
}

#[test]
fn code_enumerations_equal_the_layout() {
    let item = layout().item(7).unwrap();
    let ours: Vec<(&str, &str)> = Weekday::ALL
        .iter()
        .map(|c| (c.key(), c.meaning_ja()))
        .collect();
    let theirs: Vec<(&str, &str)> = item.values.iter().map(|v| (v.key, v.meaning)).collect();
    assert_eq!(ours, theirs);
}

#[test]
fn an_unpaired_time_names_the_missing_one() {
    let p = only_problem(&with(&[(9, "")]));
    assert_eq!(p.kind, ProblemKind::UnpairedTime);
    // The times are optional and paired only by their order: not an error (issue 13).
    assert_eq!(p.severity, Severity::Warning);
    assert!(p.inferred);
    assert_eq!(p.location.item.unwrap().no, 9);
    assert_eq!(
        p.message_ja(),
        "2行目 第3表 No.9 終了時間: No.8 開始時間 0930 に対応する No.9 終了時間 がありません（規格に明記のない推定による確認です）"
    );
    assert_eq!(
        p.message_en(),
        "line 2, 第3表 No.9 終了時間: No.8 開始時間 0930 has no matching No.9 終了時間 (inferred: the standard does not state this rule)"
    );
    let p = only_problem(&with(&[(11, "")]));
    assert_eq!(p.kind, ProblemKind::UnpairedTime);
    assert_eq!(p.location.item.unwrap().no, 11);
    assert_eq!(
        p.message_ja(),
        "2行目 第3表 No.11 開始時間: No.12 終了時間 0800 に対応する No.11 開始時間 がありません（規格に明記のない推定による確認です）"
    );
    assert_eq!(only_problem(&with(&[(8, "")])).location.item.unwrap().no, 8);
    assert_eq!(
        only_problem(&with(&[(12, "")])).location.item.unwrap().no,
        12
    );
    // Both empty is fine; an end before the start is fine (past midnight).
    assert!(problems(&with(&[(8, ""), (9, "")])).is_empty());
    assert!(problems(&with(&[(8, "2200"), (9, "0600")])).is_empty());
}

/// `2400` ends the day: the standard only says HHMM, and 第3表's axis ends at 24:00.
#[test]
fn twenty_four_hundred_ends_the_day() {
    for no in [9, 12] {
        let raw = with(&[(no, "2400")]);
        let ctx = Context::new(Mode::Strict).with_kind(FileKind::Plan3);
        assert!(validate(layout(), &raw, &ctx).is_empty(), "No.{no}");
        assert!(problems(&raw).is_empty(), "No.{no}");
        assert_eq!(Plan3Record::from_raw(&raw).unwrap().to_raw(), raw);
    }
    assert_eq!(
        Plan3Record::from_raw(&with(&[(9, "2400")]))
            .unwrap()
            .service_end
            .map(TimeOfDay::minutes_since_midnight),
        Some(1440)
    );
}

#[test]
fn times_need_their_text() {
    let p = only_problem(&with(&[(6, "")]));
    assert_eq!(p.kind, ProblemKind::MissingConditional);
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.location.item.unwrap().no, 6);
    assert_eq!(
        p.message_ja(),
        "2行目 第3表 No.6 介護サービス内容: No.8 開始時間 0930・No.9 終了時間 1030 のため必要な項目ですが、空です（規格に明記のない推定による確認です）"
    );
    let p = only_problem(&with(&[(10, "")]));
    assert_eq!(p.location.item.unwrap().no, 10);
    assert_eq!(
        p.message_en(),
        "line 2, 第3表 No.10 主な日常生活上の活動: this item is empty, but No.11 開始時間 0700・No.12 終了時間 0800 requires it (inferred: the standard does not state this rule)"
    );
    // A text without times, and a row with only 週単位以外のサービス, are fine.
    assert!(problems(&with(&[(8, ""), (9, "")])).is_empty());
    let only_other: Vec<(usize, &str)> = (6..=12).map(|no| (no, "")).collect();
    assert!(problems(&with(&only_other)).is_empty());
}

#[test]
fn no_9999_in_3hyo() {
    // The layout lists no 9999 for 3表's times: the engine rejects it, and the typed
    // record cannot hold it (the raw record is kept with the engine's problem).
    let raw = with(&[(8, "9999"), (9, "9999")]);
    let ctx = Context::new(Mode::Lenient).with_kind(FileKind::Plan3);
    let engine = validate(layout(), &raw, &ctx);
    assert_eq!(engine.len(), 2);
    assert!(engine.iter().all(|p| p.kind == ProblemKind::InvalidFormat));
    assert!(Plan3Record::from_raw(&raw).is_none());
}
