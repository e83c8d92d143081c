//! 利用者基本情報 (UPKIHON) typed records against the layout of the standard: round trips,
//! serde, code sets, each rule broken, and the file rule. Fixtures are built here from
//! spec layouts/UPKIHON.tsv.

mod common;

use careplan_model::__private::{AnyFileRules, RuleContext};
use careplan_model::value::Code;
use careplan_model::value::{Applicable, Sex};
use careplan_model::yobo_kihon::{
    ChecklistResult, ConsultationCount, ConsultationMethod, CurrentSituation, DementiaIndependence,
    DisabilityIndependence, Entrustment, KihonKey, KihonRecord, Presence, Residence, YoboCareLevel,
    YoboPlanKind,
};
use careplan_model::{
    FileKind, Format, Layout, Position, Problem, ProblemKind, RawRecord, Severity, TypedRecord,
};

use common::{round_trips, standard};

const KIND: FileKind = FileKind::YoboKihon;

fn layout() -> &'static Layout {
    KIND.layout().unwrap()
}

/// A valid record with every item filled (71 items).
fn full() -> Vec<&'static str> {
    vec![
        "202407",                                                            // 1 CSVバージョン
        "131045",                                                            // 2 保険者番号
        "0123456789",                                                        // 3 被保険者番号
        "20250401",                                                          // 4 相談日
        "2",                                                                 // 5 計画種類
        "2",                                                                 // 6 委託の有無
        "包括 太郎",                                                         // 7 作成担当者
        "03",                                                                // 8 相談方法
        "自宅訪問",          // 9 相談方法(その他の内容)
        "02",                // 10 相談回数
        "20250101",          // 11 前回相談日
        "02",                // 12 利用者の現況
        "○○病院に入院中",    // 13 利用者の現況(状況補足)
        "ﾔﾏﾀﾞ ﾊﾅｺ",           // 14 利用者氏名ﾌﾘｶﾞﾅ
        "山田 花子",         // 15 利用者氏名
        "2",                 // 16 利用者性別
        "19400101",          // 17 利用者生年月日
        "東京都千代田区1-1", // 18 利用者住所
        "03-0000-0000",      // 19 利用者電話番号
        "03-0000-0001",      // 20 利用者Fax番号
        "22",                // 21 障害高齢者の日常生活自立度
        "04",                // 22 認知症高齢者の日常生活自立度
        "13",                // 23 要介護状態区分
        "20250101",          // 24 認定有効期限開始日
        "20251231",          // 25 認定有効期間終了日
        "01",                // 26 前回の介護度
        "1",                 // 27 基本チェックリスト記入結果
        "20250315",          // 28 基本チェックリスト記入日
        "1",                 // 29 障害等認定(身障)
        "0",                 // 30 障害等認定(療育)
        "0",                 // 31 障害等認定(精神)
        "1",                 // 32 障害等認定(難病)
        "身体障害者手帳4級", // 33 障害等認定特記事項
        "06",                // 34 居住形態
        "3",                 // 35 自室の階数
        "1",                 // 36 住宅改修の有無
        "1",                 // 37 経済状況(国民年金)
        "0",                 // 38 経済状況(厚生年金)
        "0",                 // 39 経済状況(障害年金)
        "0",                 // 40 経済状況(生活保護)
        "年金月6万円",       // 41 経済状況詳細
        "山田 一郎",         // 42 来所者(相談者)氏名
        "東京都千代田区1-2", // 43 来所者(相談者)住所
        "090-0000-0000",     // 44 来所者(相談者)電話番号
        "長男",              // 45 来所者(相談者)続柄
        "山田 一郎",         // 46 1 緊急連絡先(氏名)
        "長男",              // 47 1 緊急連絡先(続柄)
        "東京都千代田区1-2", // 48 1 緊急連絡先(住所)
        "090-0000-0000",     // 49 1 緊急連絡先(電話番号)
        "鈴木 二子",         // 50 2 緊急連絡先(氏名)
        "長女",              // 51 2 緊急連絡先(続柄)
        "横浜市",            // 52 2 緊急連絡先(住所)
        "(045)000-0000",     // 53 2 緊急連絡先(電話番号)
        "",                  // 54 3 緊急連絡先(氏名)
        "",                  // 55 3 緊急連絡先(続柄)
        "",                  // 56 3 緊急連絡先(住所)
        "",                  // 57 3 緊急連絡先(電話番号)
        "",                  // 58 4 緊急連絡先(氏名)
        "",                  // 59 4 緊急連絡先(続柄)
        "",                  // 60 4 緊急連絡先(住所)
        "",                  // 61 4 緊急連絡先(電話番号)
        "UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.JPG", // 62
        "長男夫婦と同居",    // 63 家族関係等の状況
        "農業を営んできた",  // 64 今までの生活
        "日中は自宅で過ごす", // 65 １日の生活・すごし方(生活全般)
        "園芸",              // 66 趣味・楽しみ・特技
        "近所の友人と交流\r\nあり", // 67 友人・地域との関係
        "介護予防通所介護",  // 68 現在利用している公的サービス
        "配食サービス, 見守り", // 69 現在利用している非公的サービス
        "20250402",          // 70 同意日
        "山田 花子",         // 71 同意者氏名
    ]
}

fn ctx() -> RuleContext<'static> {
    let mut c = RuleContext::new(KIND).unwrap();
    c.position = Position::new(1000, 4, 3);
    c
}

fn rules(values: &[&str]) -> Vec<Problem> {
    let rec = KihonRecord::from_raw(&standard(layout(), values)).unwrap();
    let mut out = Vec::new();
    rec.check(&ctx(), &mut out);
    out
}

#[test]
fn a_full_record_is_valid_and_round_trips() {
    assert_eq!(layout().len(), 71);
    let rec: KihonRecord = round_trips(KIND, &standard(layout(), &full()));
    assert_eq!(
        rec.key(),
        KihonKey::new(rec.insurer, rec.insured, rec.consultation_date)
    );
    assert_eq!(rec.plan_kind, YoboPlanKind::PreventionCareManagement);
    assert_eq!(rec.entrustment, Some(Entrustment::Entrusted));
    assert_eq!(
        rec.dementia_independence,
        Some(DementiaIndependence::Rank2b)
    );
    assert_eq!(rec.previous_care_level, Some(YoboCareLevel::NotApplicable));
    assert_eq!(rec.residence, Some(Residence::OwnApartment));
    assert_eq!(rec.intractable_disease, Some(Applicable::Yes));
    assert_eq!(rec.community_relations, "近所の友人と交流\r\nあり");
    let contacts = rec.emergency_contacts();
    assert_eq!(contacts[1].phone.unwrap().as_str(), "(045)000-0000");
    assert!(contacts[2].is_empty() && contacts[3].is_empty());
}

#[test]
fn a_minimal_record_round_trips() {
    let mut t = vec![""; 71];
    t[..5].copy_from_slice(&["202404", "131045", "H123456789", "20240101", "1"]);
    t[13] = "ｱ";
    t[14] = "あ";
    t[15] = "1";
    t[16] = "19300101";
    let raw = RawRecord::from_texts(&t);
    let rec = KihonRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.version.to_string(), "202404");
    assert_eq!(rec.sex, Sex::Male);
    assert_eq!(rec.consultation_method, None);
    assert_eq!(rec.to_raw(), raw);
    assert!(rules(&t).is_empty());
}

#[test]
fn changed_values_are_written_in_the_standard_form() {
    let mut t = full();
    t[34] = "03";
    let raw = RawRecord::from_texts(&t);
    let mut rec = KihonRecord::from_raw(&raw).unwrap();
    assert_eq!(rec.to_raw().text(34), Some("03"));
    rec.room_floor = Some(4);
    rec.consultation_method_other = "電話".to_string();
    let out = rec.to_raw();
    assert_eq!(out.text(34), Some("4"));
    assert_eq!(out.text(8), Some("電話"));
    assert!(out.field(8).unwrap().quoted);
    // Unchanged free text keeps its (unquoted) form.
    assert!(!out.field(6).unwrap().quoted);
}

#[test]
fn serde_json_round_trip() {
    let rec = KihonRecord::from_raw(&standard(layout(), &full())).unwrap();
    let json = serde_json::to_string(&rec).unwrap();
    assert!(json.contains("\"consultation_method\":\"03\""));
    assert!(json.contains("\"dementia_independence\":\"04\""));
    assert!(json.contains("\"certification_start\":\"20250101\""));
    let back: KihonRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    assert!(back.origin().is_none());
    assert_eq!(back.to_raw(), standard(layout(), &full()));
    let key = serde_json::to_string(&rec.key()).unwrap();
    assert_eq!(
        key,
        r#"{"insurer":"131045","insured":"0123456789","consultation_date":"20250401"}"#
    );
    assert_eq!(serde_json::from_str::<KihonKey>(&key).unwrap(), rec.key());
}

/// The keys and meanings of a code enumeration.
fn pairs<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    meaning: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|c| (key(*c), meaning(*c))).collect()
}

fn layout_pairs(no: u16) -> Vec<(&'static str, &'static str)> {
    layout()
        .item(no)
        .unwrap()
        .values
        .iter()
        .map(|v| (v.key, v.meaning))
        .collect()
}

#[test]
fn code_sets_equal_the_layout() {
    let mut checked = Vec::new();
    let mut same = |nos: &[u16], codes: Vec<(&'static str, &'static str)>| {
        for no in nos {
            assert_eq!(layout_pairs(*no), codes, "No.{no}");
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
        &[8],
        pairs(
            ConsultationMethod::ALL,
            ConsultationMethod::key,
            ConsultationMethod::meaning_ja,
        ),
    );
    same(
        &[10],
        pairs(
            ConsultationCount::ALL,
            ConsultationCount::key,
            ConsultationCount::meaning_ja,
        ),
    );
    same(
        &[12],
        pairs(
            CurrentSituation::ALL,
            CurrentSituation::key,
            CurrentSituation::meaning_ja,
        ),
    );
    same(&[16], pairs(Sex::ALL, Sex::key, Sex::meaning_ja));
    same(
        &[21],
        pairs(
            DisabilityIndependence::ALL,
            DisabilityIndependence::key,
            DisabilityIndependence::meaning_ja,
        ),
    );
    same(
        &[22],
        pairs(
            DementiaIndependence::ALL,
            DementiaIndependence::key,
            DementiaIndependence::meaning_ja,
        ),
    );
    same(
        &[23, 26],
        pairs(
            YoboCareLevel::ALL,
            YoboCareLevel::key,
            YoboCareLevel::meaning_ja,
        ),
    );
    same(
        &[27],
        pairs(
            ChecklistResult::ALL,
            ChecklistResult::key,
            ChecklistResult::meaning_ja,
        ),
    );
    same(
        &[29, 30, 31, 32, 37, 38, 39, 40],
        pairs(Applicable::ALL, Applicable::key, Applicable::meaning_ja),
    );
    same(
        &[34],
        pairs(Residence::ALL, Residence::key, Residence::meaning_ja),
    );
    same(
        &[36],
        pairs(Presence::ALL, Presence::key, Presence::meaning_ja),
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

fn located(p: &[Problem]) -> Vec<(ProblemKind, Severity, u16)> {
    p.iter()
        .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
        .collect()
}

#[test]
fn consultation_method_other_needs_its_details() {
    let mut t = full();
    t[8] = "";
    let p = rules(&t);
    assert_eq!(
        located(&p),
        vec![(ProblemKind::MissingConditional, Severity::Warning, 9)]
    );
    assert_eq!(
        p[0].message_ja(),
        "4行目 利用者基本情報 No.9 相談方法(その他の内容): No.8 相談方法 = 03:その他 のため必要な項目ですが、空です"
    );
    assert_eq!(
        p[0].message_en(),
        "line 4, 利用者基本情報 No.9 相談方法(その他の内容): this item is empty, but No.8 相談方法 = 03:その他 requires it"
    );
    assert_eq!(p[0].location.record, Some(3));
}

#[test]
fn details_without_other_are_unexpected() {
    let mut t = full();
    t[7] = "01";
    let p = rules(&t);
    assert_eq!(
        located(&p),
        vec![(ProblemKind::UnexpectedValue, Severity::Warning, 9)]
    );
    assert_eq!(p[0].found.as_deref(), Some("自宅訪問"));
    assert_eq!(
        p[0].message_en(),
        "line 4, 利用者基本情報 No.9 相談方法(その他の内容): 自宅訪問 is given, but this item is used only when No.8 相談方法 = 03:その他 (01:来所) (inferred: the standard does not state this rule)"
    );
}

#[test]
fn in_hospital_needs_a_supplement() {
    let mut t = full();
    t[12] = "";
    let p = rules(&t);
    assert_eq!(
        located(&p),
        vec![(ProblemKind::MissingConditional, Severity::Warning, 13)]
    );
    assert_eq!(
        p[0].message_ja(),
        "4行目 利用者基本情報 No.13 利用者の現況(状況補足): No.12 利用者の現況 = 02:入院又は入所中 のため必要な項目ですが、空です"
    );
}

#[test]
fn certification_period_must_not_end_before_it_starts() {
    let mut t = full();
    t[23] = "20260101";
    let p = rules(&t);
    assert_eq!(
        located(&p),
        vec![(ProblemKind::DateOrder, Severity::Warning, 24)]
    );
    assert_eq!(
        p[0].message_en(),
        "line 4, 利用者基本情報 No.24 認定有効期限開始日: 20260101 is later than No.25 認定有効期間終了日 20251231 (inferred: the standard does not state this rule)"
    );
    assert_eq!(
        p[0].message_ja(),
        "4行目 利用者基本情報 No.24 認定有効期限開始日: 20260101 が No.25 認定有効期間終了日 20251231 より後の日付です（規格に明記のない推定による確認です）"
    );
}

#[test]
fn image_name_must_look_like_an_image_file() {
    let mut t = full();
    t[61] = "family.jpeg";
    let p = rules(&t);
    assert_eq!(
        located(&p),
        vec![(ProblemKind::InvalidFormat, Severity::Warning, 62)]
    );
    assert_eq!(
        p[0].message_ja(),
        "4行目 利用者基本情報 No.62 家族構成 画像ファイル名: family.jpeg は UPKIHON_IMAGE_…_NNNN.jpg ではありません"
    );
    assert_eq!(
        p[0].message_en(),
        "line 4, 利用者基本情報 No.62 家族構成 画像ファイル名: family.jpeg is not UPKIHON_IMAGE_…_NNNN.jpg"
    );
}

#[test]
fn every_rule_at_once() {
    let mut t = full();
    t[8] = "";
    t[12] = "";
    t[24] = "20241231";
    t[61] = "x";
    let kinds: Vec<_> = located(&rules(&t))
        .into_iter()
        .map(|(k, _, no)| (k, no))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ProblemKind::MissingConditional, 9),
            (ProblemKind::MissingConditional, 13),
            (ProblemKind::DateOrder, 24),
            (ProblemKind::InvalidFormat, 62),
        ]
    );
}

#[test]
fn records_that_do_not_fit_their_types_stay_raw() {
    for (i, bad) in [
        (3, "2025041"),
        (4, "3"),
        (7, "3"),
        (20, "10"),
        (22, "06"),
        (34, "三"),
    ] {
        let mut t = full();
        t[i] = bad;
        assert!(
            KihonRecord::from_raw(&RawRecord::from_texts(&t)).is_none(),
            "No.{} {bad}",
            i + 1
        );
    }
    assert!(KihonRecord::from_raw(&RawRecord::from_texts(&full()[..70])).is_none());
}

#[test]
fn file_rule_each_key_once() {
    let a = standard(layout(), &full());
    let mut other_day = full();
    other_day[3] = "20250402";
    let b = standard(layout(), &other_day);
    let mut other_user = full();
    other_user[2] = "0123456780";
    let c = standard(layout(), &other_user);
    let records: Vec<KihonRecord> = [&a, &b, &c, &a, &b]
        .iter()
        .map(|r| KihonRecord::from_raw(r).unwrap())
        .collect();
    let mut rules = AnyFileRules::for_kind(KIND);
    let mut out = Vec::new();
    let mut ctx = RuleContext::new(KIND).unwrap();
    ctx.file = Some("UPKIHON_0300000100_43_0300000005_11_20191025200201.CSV");
    for (i, r) in records.iter().enumerate() {
        let n = u64::try_from(i).unwrap() + 1;
        ctx.position = Position::new(n * 500, n, n);
        rules.record_of(r, &ctx, &mut out);
    }
    rules.finish(&mut out);
    assert_eq!(out.len(), 2);
    assert!(out
        .iter()
        .all(|p| p.kind == ProblemKind::DuplicateKey && p.severity == Severity::Warning));
    assert_eq!(out[0].location.line, Some(4));
    assert_eq!(out[0].related.as_deref().unwrap().line, Some(1));
    assert_eq!(out[1].related.as_deref().unwrap().line, Some(2));
    assert_eq!(
        out[0].message_ja(),
        "4行目 利用者基本情報 No.4 相談日: キー 131045/0123456789/20250401 が前の行と重複しています"
    );
    assert_eq!(
        out[1].to_string(),
        "UPKIHON_0300000100_43_0300000005_11_20191025200201.CSV: line 5, 利用者基本情報 No.4 相談日: key 131045/0123456789/20250402 repeats an earlier row"
    );
}

#[test]
fn every_version_uses_the_one_4x_layout() {
    // The 予防 files were added in 第4版, so they have only the 71-item table: whatever its
    // CSVバージョン says (whether the value is known is the layout engine's concern).
    for version in ["201910", "202208", "202404", "202504", "202407"] {
        let mut t = full();
        t[0] = version;
        let raw = standard(layout(), &t);
        assert_eq!(Layout::for_record(KIND, &raw).unwrap().name, "UPKIHON");
        let rec = KihonRecord::from_raw(&raw).unwrap();
        assert_eq!(rec.version.to_string(), version);
        assert_eq!(rec.to_raw(), raw);
    }
}
