//! 介護予防サービス・支援計画書 (UPYOBO) typed records against the layout of the standard:
//! round trips, serde, code sets, each rule broken, and the file rule. Fixtures are built
//! here from spec layouts/UPYOBO.tsv.

mod common;

use careplan_model::__private::{validate, AnyFileRules, Context, RuleContext};
use careplan_model::value::Code;
use careplan_model::value::{CertificationStatus, PlanCategory};
use careplan_model::yobo_kihon::{Entrustment, Presence, YoboPlanKind};
use careplan_model::yobo_plan::{
    Domain, Program, ProgramNeed, SupportLevel, YoboPlanKey, YoboPlanRecord,
};
use careplan_model::{
    FileKind, Format, Layout, Mode, Position, Problem, ProblemKind, RawRecord, Severity,
    TypedRecord,
};

use common::{round_trips, standard};

const KIND: FileKind = FileKind::YoboPlan;

fn layout() -> &'static Layout {
    KIND.layout().unwrap()
}

/// A valid record with every item filled (57 items).
fn full() -> Vec<&'static str> {
    vec![
        "202407",                 // 1 CSVバージョン
        "131045",                 // 2 保険者番号
        "0123456789",             // 3 被保険者番号
        "20250401",               // 4 計画作成(変更)日
        "1",                      // 5 計画種類
        "1",                      // 6 委託の有無
        "A-0001",                 // 7 整理番号
        "山田 花子",              // 8 利用者名
        "20241220",               // 9 認定年月日
        "20250101",               // 10 認定有効期間開始日
        "20251231",               // 11 認定有効期間終了日
        "54",                     // 12 計画書区分
        "1",                      // 13 認定状況区分
        "3",                      // 14 要支援状態区分
        "包括 太郎",              // 15 計画作成者氏名（地域包括支援センター担当者名）
        "居宅 次郎",              // 16 計画作成者氏名（担当介護支援専門員名）
        "○○居宅介護支援事業所",   // 17 計画作成者事業者・事業所名
        "東京都千代田区2-2",      // 18 計画作成者事業者・事業所住所
        "03-1111-2222",           // 19 計画作成者事業者・事業所電話番号
        "20240401",               // 20 初回作成日
        "○○地域包括支援センター", // 21 担当地域包括支援センター
        "毎朝散歩する",           // 22 目標とする生活(1日)
        "旅行に行く",             // 23 目標とする生活(1年)
        "杖歩行",                 // 24 【運動・移動】現在の状況
        "歩けるようになりたい",   // 25 【運動・移動】本人・家族の意欲・意向
        "1",                      // 26 【運動・移動】領域における課題の有無
        "膝の痛み",               // 27 【運動・移動】領域における課題（背景・原因）
        "家事は娘が行う",         // 28 【日常生活(家庭生活)】現在の状況
        "料理をしたい",           // 29 【日常生活(家庭生活)】本人・家族の意欲・意向
        "2",                      // 30 【日常生活(家庭生活)】領域における課題の有無
        "",                       // 31 【日常生活(家庭生活)】領域における課題（背景・原因）
        "外出が少ない",           // 32 【社会参加…】現在の状況
        "友人と会いたい",         // 33 【社会参加…】本人・家族の意欲・意向
        "1",                      // 34 【社会参加…】領域における課題の有無
        "交通手段がない",         // 35 【社会参加…】領域における課題（背景・原因）
        "高血圧",                 // 36 【健康管理】現在の状況
        "服薬を続ける",           // 37 【健康管理】本人・家族の意欲・意向
        "1",                      // 38 【健康管理】領域における課題の有無
        "飲み忘れ",               // 39 【健康管理】領域における課題（背景・原因）
        "血圧に注意",             // 40 健康状態の留意点
        "通所で運動",             // 41 妥当な支援の実施に向けた方針
        "自立した生活を続ける",   // 42 総合的な方針
        "3",                      // 43 該当数(運動不足)
        "0",                      // 44 該当数(栄養改善)
        "1",                      // 45 該当数(口腔内ケア)
        "2",                      // 46 該当数(閉じこもり予防)
        "0",                      // 47 該当数(物忘れ予防)
        "9",                      // 48 該当数(うつ予防)
        "1",                      // 49 要否(運動不足)
        "2",                      // 50 要否(栄養改善)
        "2",                      // 51 要否(口腔内ケア)
        "1",                      // 52 要否(閉じこもり予防)
        "2",                      // 53 要否(物忘れ予防)
        "1",                      // 54 要否(うつ予防)
        "計画に同意",             // 55 地域包括支援センター意見
        "20250402",               // 56 同意日
        "山田 花子",              // 57 同意者氏名
    ]
}

fn rules(values: &[&str]) -> Vec<Problem> {
    let rec = YoboPlanRecord::from_raw(&standard(layout(), values)).unwrap();
    let mut ctx = RuleContext::new(KIND).unwrap();
    ctx.position = Position::new(0, 2, 2);
    let mut out = Vec::new();
    rec.check(&ctx, &mut out);
    out
}

fn located(p: &[Problem]) -> Vec<(ProblemKind, Severity, u16)> {
    p.iter()
        .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
        .collect()
}

#[test]
fn a_full_record_is_valid_and_round_trips() {
    assert_eq!(layout().len(), 57);
    let rec: YoboPlanRecord = round_trips(KIND, &standard(layout(), &full()));
    assert_eq!(rec.plan_kind, YoboPlanKind::PreventionSupport);
    assert_eq!(rec.entrustment, Some(Entrustment::InHouse));
    assert_eq!(
        rec.plan_category,
        Some(PlanCategory::FirstReferralContinuing)
    );
    assert_eq!(
        rec.certification_status,
        Some(CertificationStatus::Applying)
    );
    assert_eq!(rec.support_level, Some(SupportLevel::CommunitySupport));
    assert_eq!(rec.office_phone.as_ref().unwrap().as_str(), "03-1111-2222");
    assert_eq!(
        rec.key(),
        YoboPlanKey::new(rec.insurer, rec.insured, rec.plan_date)
    );
    let areas = &rec.areas;
    assert_eq!(areas[2].status, "外出が少ない");
    assert_eq!(areas[2].issue, "交通手段がない");
    assert_eq!(areas[1].has_issue, Some(Presence::No));
    assert_eq!(rec.area(Domain::Social), &areas[2]);
    let programs = rec.programs;
    assert_eq!(rec.program(Program::Depression), programs[5]);
    assert_eq!(
        programs.map(|p| p.applicable_count.unwrap()),
        [3, 0, 1, 2, 0, 9]
    );
    assert_eq!(programs[3].need, Some(ProgramNeed::Needed));
    assert_eq!(programs[4].need, Some(ProgramNeed::NotNeeded));
}

#[test]
fn the_worked_example_version_reads() {
    let mut t = vec![""; 57];
    t[..5].copy_from_slice(&["202404", "131045", "H123456789", "20240101", "2"]);
    t[7] = "あ";
    let raw = RawRecord::from_texts(&t);
    let rec = YoboPlanRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.version.to_string(), "202404");
    assert_eq!(rec.to_raw(), raw);
    assert!(rules(&t).is_empty());
    // The example's 6-digit 計画作成(変更)日 is not a date.
    t[3] = "202401";
    assert!(YoboPlanRecord::from_raw(&RawRecord::from_texts(&t)).is_none());
}

#[test]
fn serde_json_round_trip() {
    let rec = YoboPlanRecord::from_raw(&standard(layout(), &full())).unwrap();
    let json = serde_json::to_string(&rec).unwrap();
    assert!(json.contains("\"support_level\":\"3\""));
    // The repeating groups are arrays, in the layout's order.
    assert!(json.contains("\"programs\":[{\"applicable_count\":3,\"need\":\"1\"}"));
    assert!(json.contains("{\"applicable_count\":9,\"need\":"));
    assert!(json.contains("\"areas\":[{\"status\":"));
    let back: YoboPlanRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.to_raw(), standard(layout(), &full()));
    let key = serde_json::to_string(&rec.key()).unwrap();
    assert_eq!(
        serde_json::from_str::<YoboPlanKey>(&key).unwrap(),
        rec.key()
    );
}

fn pairs<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    meaning: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|c| (key(*c), meaning(*c))).collect()
}

#[test]
fn code_sets_equal_the_layout() {
    let mut checked = Vec::new();
    let mut same = |nos: &[u16], codes: Vec<(&'static str, &'static str)>| {
        for no in nos {
            let item = layout().item(*no).unwrap();
            let layout: Vec<_> = item.values.iter().map(|v| (v.key, v.meaning)).collect();
            assert_eq!(layout, codes, "No.{no}");
            checked.push(*no);
        }
    };
    same(
        &[5],
        pairs(
            YoboPlanKind::ALL,
            YoboPlanKind::key,
            YoboPlanKind::meaning_ja,
        ),
    );
    same(
        &[6],
        pairs(Entrustment::ALL, Entrustment::key, Entrustment::meaning_ja),
    );
    same(
        &[12],
        pairs(
            PlanCategory::ALL,
            PlanCategory::key,
            PlanCategory::meaning_ja,
        ),
    );
    same(
        &[13],
        pairs(
            CertificationStatus::ALL,
            CertificationStatus::key,
            CertificationStatus::meaning_ja,
        ),
    );
    same(
        &[14],
        pairs(
            SupportLevel::ALL,
            SupportLevel::key,
            SupportLevel::meaning_ja,
        ),
    );
    same(
        &[26, 30, 34, 38],
        pairs(Presence::ALL, Presence::key, Presence::meaning_ja),
    );
    same(
        &[49, 50, 51, 52, 53, 54],
        pairs(ProgramNeed::ALL, ProgramNeed::key, ProgramNeed::meaning_ja),
    );
    checked.sort_unstable();
    let code_items: Vec<u16> = layout()
        .items
        .iter()
        .filter(|i| i.format == Format::Code)
        .map(|i| i.no)
        .collect();
    assert_eq!(checked, code_items);
}

#[test]
fn certification_period_must_not_end_before_it_starts() {
    let mut t = full();
    t[9] = "20260101";
    let p = rules(&t);
    assert_eq!(
        located(&p),
        vec![(ProblemKind::DateOrder, Severity::Warning, 10)]
    );
    assert_eq!(
        p[0].message_ja(),
        "2行目 支援計画書 No.10 認定有効期間開始日: 20260101 が No.11 認定有効期間終了日 20251231 より後の日付です（規格に明記のない推定による確認です）"
    );
    // Equal dates, or one side missing, are fine.
    t[9] = "20251231";
    assert!(rules(&t).is_empty());
    t[10] = "";
    t[9] = "20991231";
    assert!(rules(&t).is_empty());
}

#[test]
fn each_area_with_an_issue_needs_its_text() {
    for (has, text) in [(25, 26), (29, 30), (33, 34), (37, 38)] {
        let mut t = full();
        t[has] = "1";
        t[text] = "";
        let p = rules(&t);
        let no = u16::try_from(text).unwrap() + 1;
        assert_eq!(
            located(&p),
            vec![(ProblemKind::MissingConditional, Severity::Warning, no)]
        );
        assert!(p[0]
            .expected
            .as_deref()
            .unwrap()
            .ends_with("領域における課題の有無 = 1:有"));
    }
    let mut t = full();
    t[26] = "";
    let p = rules(&t);
    assert_eq!(
        p[0].message_ja(),
        "2行目 支援計画書 No.27 【運動・移動】領域における課題（背景・原因）: No.26 【運動・移動】領域における課題の有無 = 1:有 のため必要な項目ですが、空です（規格に明記のない推定による確認です）"
    );
    assert_eq!(
        p[0].message_en(),
        "line 2, 支援計画書 No.27 【運動・移動】領域における課題（背景・原因）: this item is empty, but No.26 【運動・移動】領域における課題の有無 = 1:有 requires it (inferred: the standard does not state this rule)"
    );
    // 有無 empty or 2:無: no rule.
    t[25] = "";
    assert!(rules(&t).is_empty());
}

#[test]
fn checklist_counts_are_one_digit_integers() {
    let mut t = full();
    t[42] = "10";
    let raw = standard(layout(), &t);
    let problems = validate(layout(), &raw, &Context::new(Mode::Lenient).with_kind(KIND));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::TooLong);
    t[42] = "a";
    assert!(YoboPlanRecord::from_raw(&standard(layout(), &t)).is_none());
}

#[test]
fn file_rule_each_key_once() {
    let mut other = full();
    other[3] = "20250501";
    let rows = [full(), other.clone(), full(), other];
    let mut rules = AnyFileRules::for_kind(KIND);
    let mut out = Vec::new();
    let mut ctx = RuleContext::new(KIND).unwrap();
    ctx.mode = Mode::Strict;
    for (i, t) in rows.iter().enumerate() {
        let n = u64::try_from(i).unwrap() + 1;
        ctx.position = Position::new(n * 100, n, n);
        rules.record_of(
            &YoboPlanRecord::from_raw(&standard(layout(), t)).unwrap(),
            &ctx,
            &mut out,
        );
    }
    rules.finish(&mut out);
    assert_eq!(
        located(&out),
        vec![
            (ProblemKind::DuplicateKey, Severity::Error, 4),
            (ProblemKind::DuplicateKey, Severity::Error, 4),
        ]
    );
    assert_eq!(out[0].found.as_deref(), Some("131045/0123456789/20250401"));
    assert_eq!(out[0].related.as_deref().unwrap().line, Some(1));
    assert_eq!(out[1].related.as_deref().unwrap().line, Some(2));
    assert_eq!(
        out[1].message_ja(),
        "4行目 支援計画書 No.4 計画作成(変更)日: キー 131045/0123456789/20250501 が前の行と重複しています"
    );
}
