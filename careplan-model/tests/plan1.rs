//! 居宅サービス計画1表 (UP1KYO): the typed record against the layout of the standard. Every fixture is built here from the spec's tables.

mod common;

use careplan_model::__private::{validate, Context, RuleContext};
use careplan_model::plan1::{LivingAssistanceReason, Plan1Record};
use careplan_model::value::Code;
use careplan_model::value::{CareLevel, CertificationStatus, PlanCategory};
use careplan_model::{
    FileKind, Layout, Mode, Origin, Position, Problem, ProblemKind, RawRecord, Severity,
    TypedRecord,
};

use common::record;

/// The texts of a record's items (quoting aside).
fn texts(raw: &RawRecord) -> Vec<&str> {
    raw.fields().map(|f| f.text).collect()
}

fn layout() -> &'static Layout {
    FileKind::Plan1.layout().unwrap()
}

/// A valid 1表 record (28 items).
const VALID: [&str; 28] = [
    "202407",                        // 1 CSVバージョン
    "131045",                        // 2 保険者番号
    "0123456789",                    // 3 被保険者番号
    "20250301",                      // 4 作成年月日
    "100-0001",                      // 5 利用者郵便番号
    "東京都千代田区千代田1-1",       // 6 利用者住所１
    "",                              // 7 利用者住所２
    "山田 花子",                     // 8 居宅サービス計画作成者
    "居宅介護支援センターA",         // 9 介護支援事業者名
    "100-0002",                      // 10 介護支援事業者郵便番号
    "東京都千代田区皇居外苑1-1",     // 11 介護支援事業者住所１
    "",                              // 12 介護支援事業者住所２
    "0300000100",                    // 13 介護支援事業者コード
    "20250301",                      // 14 居宅サービス計画作成（変更）日
    "20240401",                      // 15 初回居宅サービス計画作成日
    "21",                            // 16 計画書区分
    "2",                             // 17 認定状況区分
    "20250215",                      // 18 認定日
    "20250301",                      // 19 認定有効期間開始日
    "20260228",                      // 20 認定有効期間終了日
    "22",                            // 21 要介護状態区分
    "本人は自宅での生活を続けたい",  // 22 課題分析の結果
    "",                              // 23 介護認定審査会の意見及びサービスの種類の指定
    "週2回の訪問介護で入浴を支える", // 24 総合的な援助の方針
    "3",                             // 25 生活援助中心型の算定理由
    "日中は独居のため",              // 26 その他理由
    "0300000100",                    // 27 更新業者コード
    "",                              // 28 識別子
];

/// Multi-line free text with commas, quotes and line breaks, as care managers write it.
const ASSESSMENT: &str =
    "本人：「家で暮らしたい」、妻：\"見守りが必要\",\r\n1. 入浴\r\n2. 買い物,掃除\r\n\r\n以上";
const OPINION: &str = "\"特になし\"";
const POLICY: &str = "一、安全に\n二、\"自分らしく\"\r\n三、家族の負担を軽く, 無理なく";

fn valid() -> RawRecord {
    record(layout(), &VALID)
}

fn with(no: usize, value: &str) -> RawRecord {
    let mut v = VALID;
    v[no - 1] = value;
    record(layout(), &v)
}

fn ctx() -> RuleContext<'static> {
    let mut ctx = RuleContext::new(FileKind::Plan1).unwrap();
    ctx.position = Position::new(1024, 3, 3);
    ctx
}

fn problems(raw: &RawRecord) -> Vec<Problem> {
    let rec = Plan1Record::from_raw(raw).unwrap();
    let mut out = Vec::new();
    rec.check(&ctx(), &mut out);
    out
}

fn only_problem(raw: &RawRecord) -> Problem {
    let p = problems(raw);
    assert_eq!(p.len(), 1, "{p:#?}");
    p.into_iter().next().unwrap()
}

#[test]
fn the_fixture_is_valid_for_the_layout_engine() {
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::Plan1);
    assert_eq!(validate(layout(), &valid(), &ctx), vec![]);
    assert!(problems(&valid()).is_empty());
}

#[test]
fn round_trip() {
    let raw = valid();
    let rec = Plan1Record::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw(), raw);
    assert_eq!(rec.category, Some(PlanCategory::Continuing));
    assert_eq!(rec.certification, Some(CertificationStatus::Certified));
    assert_eq!(rec.care_level, Some(CareLevel::Care2));
    assert_eq!(
        rec.living_assistance_reason,
        Some(LivingAssistanceReason::Other)
    );
    assert_eq!(rec.planner, "山田 花子");
    assert_eq!(rec.key().to_string(), "131045/0123456789/20250301");
}

#[test]
fn a_fresh_record_has_every_item_and_the_standard_quoting() {
    let mut rec = Plan1Record::from_raw(&valid()).unwrap();
    rec.origin = Origin::none();
    let out = rec.to_raw();
    assert_eq!(out.len(), layout().len());
    for (field, item) in out.fields().zip(&layout().items) {
        assert_eq!(field.quoted, item.is_text(), "No.{} {}", item.no, item.name);
    }
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::Plan1);
    assert_eq!(validate(layout(), &out, &ctx), vec![]);
    assert_eq!(Plan1Record::from_raw(&out).unwrap(), rec);
}

#[test]
fn multi_line_free_text_round_trips_exactly() {
    let mut v = VALID;
    v[21] = ASSESSMENT;
    v[22] = OPINION;
    v[23] = POLICY;
    v[25] = "独居, \"日中\"\r\n家族は遠方";
    let raw = record(layout(), &v);
    let rec = Plan1Record::from_raw(&raw).unwrap();
    assert_eq!(rec.assessment, ASSESSMENT);
    assert_eq!(rec.committee_opinion, OPINION);
    assert_eq!(rec.support_policy, POLICY);
    assert_eq!(rec.to_raw(), raw);

    // Changing another item keeps the texts exactly.
    let mut changed = rec.clone();
    changed.care_level = Some(CareLevel::Care3);
    let out = changed.to_raw();
    assert_eq!(out.text(20), Some("23"));
    assert_eq!(out.text(21), Some(ASSESSMENT));
    assert_eq!(out.text(23), Some(POLICY));

    // So does a record built without an origin, and one that went through JSON (both
    // written in the standard's form: empty free text as `""`).
    let mut fresh = rec.clone();
    fresh.origin = Origin::none();
    assert_eq!(texts(&fresh.to_raw()), texts(&raw));
    let json = serde_json::to_string(&rec).unwrap();
    let back: Plan1Record = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.to_raw(), fresh.to_raw());
    assert_eq!(back.to_raw().text(21), Some(ASSESSMENT));
}

#[test]
fn serde_json_round_trip() {
    let rec = Plan1Record::from_raw(&valid()).unwrap();
    let json = serde_json::to_value(&rec).unwrap();
    assert_eq!(json["plan_date"], "20250301");
    assert_eq!(json["care_level"], "22");
    assert_eq!(json["living_assistance_reason"], "3");
    assert_eq!(json["user_address2"], "");
    assert!(json.get("origin").is_none());
    let back: Plan1Record = serde_json::from_value(json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(texts(&back.to_raw()), VALID);
}

#[test]
fn code_enumerations_equal_the_layout() {
    fn same<T: Copy + ToString>(no: u16, all: &[T], meaning: fn(T) -> &'static str) {
        let item = layout().item(no).unwrap();
        let ours: Vec<(String, &str)> = all.iter().map(|c| (c.to_string(), meaning(*c))).collect();
        let theirs: Vec<(String, &str)> = item
            .values
            .iter()
            .map(|v| (v.key.to_string(), v.meaning))
            .collect();
        assert_eq!(ours, theirs, "No.{no} {}", item.name);
    }
    same(16, PlanCategory::ALL, PlanCategory::meaning_ja);
    same(
        17,
        CertificationStatus::ALL,
        CertificationStatus::meaning_ja,
    );
    same(21, CareLevel::ALL, CareLevel::meaning_ja);
    same(
        25,
        LivingAssistanceReason::ALL,
        LivingAssistanceReason::meaning_ja,
    );
}

#[test]
fn certification_period_ends_after_it_starts() {
    let p = only_problem(&with(19, "20260301"));
    assert_eq!(p.kind, ProblemKind::DateOrder);
    // The standard states no order of the two dates: an inferred warning (issue 13).
    assert_eq!(p.severity, Severity::Warning);
    assert!(p.inferred);
    assert_eq!(p.location.item.unwrap().no, 19);
    assert_eq!(p.location.line, Some(3));
    assert_eq!(
        p.message_ja(),
        "3行目 第1表 No.19 認定有効期間開始日: 20260301 が No.20 認定有効期間終了日 20260228 より後の日付です（規格に明記のない推定による確認です）"
    );
    assert_eq!(
        p.message_en(),
        "line 3, 第1表 No.19 認定有効期間開始日: 20260301 is later than No.20 認定有効期間終了日 20260228 (inferred: the standard does not state this rule)"
    );
    // One day, and either date missing, are fine.
    assert!(problems(&with(20, "20250301")).is_empty());
    assert!(problems(&with(20, "")).is_empty());
    assert!(problems(&with(19, "")).is_empty());
}

#[test]
fn first_plan_is_not_after_this_plan() {
    let p = only_problem(&with(15, "20250401"));
    assert_eq!(p.kind, ProblemKind::DateOrder);
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.location.item.unwrap().no, 15);
    assert_eq!(
        p.message_ja(),
        "3行目 第1表 No.15 初回居宅サービス計画作成日: 20250401 が No.14 居宅サービス計画作成（変更）日 20250301 より後の日付です（規格に明記のない推定による確認です）"
    );
    assert!(problems(&with(15, "20250301")).is_empty());
}

#[test]
fn other_reason_goes_with_reason_3() {
    let p = only_problem(&with(26, ""));
    assert_eq!(p.kind, ProblemKind::MissingConditional);
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.location.item.unwrap().no, 26);
    assert_eq!(
        p.message_ja(),
        "3行目 第1表 No.26 その他理由: No.25 生活援助中心型の算定理由 3:その他 のため必要な項目ですが、空です（規格に明記のない推定による確認です）"
    );
    assert_eq!(
        p.message_en(),
        "line 3, 第1表 No.26 その他理由: this item is empty, but No.25 生活援助中心型の算定理由 3:その他 requires it (inferred: the standard does not state this rule)"
    );

    for reason in ["1", "2", ""] {
        let p = only_problem(&with(25, reason));
        assert_eq!(p.kind, ProblemKind::UnexpectedValue, "{reason}");
        assert_eq!(p.severity, Severity::Warning);
        assert_eq!(p.location.item.unwrap().no, 26);
        assert_eq!(
            p.message_ja(),
            "3行目 第1表 No.26 その他理由: 「日中は独居のため」 が入っていますが、この項目は No.25 生活援助中心型の算定理由 3:その他 の場合だけ使います（規格に明記のない推定による確認です）"
        );
        assert!(p
            .message_en()
            .contains("is given, but this item is used only when"));
    }
    let mut v = VALID;
    v[24] = "1";
    v[25] = "";
    assert!(problems(&record(layout(), &v)).is_empty());
}

#[test]
fn a_record_that_does_not_fit_is_not_typed() {
    assert!(Plan1Record::from_raw(&with(21, "6")).is_none());
    assert!(Plan1Record::from_raw(&with(25, "4")).is_none());
    assert!(Plan1Record::from_raw(&with(14, "20250230")).is_none());
    assert!(Plan1Record::from_raw(&record(layout(), &VALID[..27])).is_none());
}

#[test]
fn older_versions_share_the_layout() {
    for version in ["201910", "202003", "202208"] {
        let raw = with(1, version);
        let rec = Plan1Record::from_raw(&raw).unwrap();
        assert_eq!(rec.version.to_string(), version);
        assert_eq!(rec.to_raw(), raw);
    }
}
