//! Records in the standard's form, and valid records of the spec's layouts
//! (layouts/TABLE6.tsv, layouts/UPSIKYU.tsv, layouts/UP2KYO.tsv) item by item, for
//! careplan-model's integration tests.

#![allow(dead_code)]

use careplan_model::__private::{validate, Context, RuleContext};
use std::fmt::Debug;

use careplan_model::{FileKind, Item, Layout, Mode, ProblemKind, RawRecord, TypedRecord};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A record of `values` for `layout` as the standard writes it: free text (and only free
/// text) between quotes, empty free text too (`""`).
pub fn standard(layout: &Layout, values: &[&str]) -> RawRecord {
    quoted(layout, values, true)
}

/// A record of `values` for `layout` with free text between quotes and empty items bare.
pub fn record(layout: &Layout, values: &[&str]) -> RawRecord {
    quoted(layout, values, false)
}

fn quoted(layout: &Layout, values: &[&str], empty_quoted: bool) -> RawRecord {
    let mut r = RawRecord::new();
    for (i, v) in values.iter().enumerate() {
        let text = layout.items.get(i).is_some_and(Item::is_text);
        r.push_field(v, text && (empty_quoted || !v.is_empty()));
    }
    r
}

/// A valid 居宅サービス計画2表 record (22 items, layouts/UP2KYO.tsv): the first row of the
/// standard's example.
pub const PLAN2_VALID: [&str; 22] = [
    "202407",                 // 1 CSVバージョン
    "131045",                 // 2 保険者番号
    "0123456789",             // 3 被保険者番号
    "20250301",               // 4 居宅計画書作成年月日
    "20250301",               // 5 居宅サービス計画作成（変更）日
    "1",                      // 6 課題ＮＯ
    "一人で入浴できない",     // 7 課題
    "1",                      // 8 援助目標ＮＯ
    "自宅の浴室で入浴できる", // 9 長期目標
    "介助で週2回入浴する",    // 10 短期目標
    "2025/03/01～2026/02/28", // 11 長期期間
    "2025/03/01～2025/08/31", // 12 短期期間
    "1",                      // 13 援助内容ＮＯ
    "入浴介助",               // 14 サービス内容
    "Y",                      // 15 保険対象区分
    "訪問介護",               // 16 サービス種別
    "1234567890",             // 17 サービス事業者コード
    "ヘルパーステーションA",  // 18 サービス事業所名
    "週2回",                  // 19 頻度
    "2025/03/01～2025/08/31", // 20 実施期間
    "0300000100",             // 21 更新業者コード
    "",                       // 22 識別子
];

/// A valid 第6表 record (25 items) of CSVバージョン 202407.
pub const TABLE6_VALID: [&str; 25] = [
    "202407",     // 1 CSVバージョン
    "131045",     // 2 保険者番号
    "0123456789", // 3 被保険者番号
    "20250301",   // 4 作成年月日
    "202504",     // 5 対象年月
    "0300000100", // 6 プラン担当業者コード
    "山田 花子",  // 7 プラン担当者名
    "300",        // 8 単位数
    "",           // 9 前月までの短期入所利用日数
    "20250410",   // 10 サービス利用日
    "",           // 11 日割対象日
    "0900",       // 12 サービス開始時刻
    "1000",       // 13 サービス終了時刻
    "1",          // 14 サービス回数
    "111111",     // 15 サービスコード
    "",           // 16 TAISコード
    "",           // 17 福祉用具届出コード
    "",           // 18 用具名称（機種名）
    "",           // 19 明細判別コード
    "0300000005", // 20 サービス事業者コード
    "ケア事業所", // 21 サービス事業所名
    "",           // 22 サテライト枝番
    "0",          // 23 ３０日超区分
    "0300000100", // 24 更新業者コード
    "",           // 25 識別子
];

/// A valid 第7表 record (37 items): a 福祉用具貸与 row.
pub const UPSIKYU_VALID: [&str; 37] = [
    "202407",        // 1 CSVバージョン
    "131045",        // 2 保険者番号
    "H123456789",    // 3 被保険者番号 (生保単独)
    "20250301",      // 4 作成年月日
    "202504",        // 5 対象年月
    "福祉用具の店",  // 6 サービス事業所名
    "0300000005",    // 7 サービス事業所コード
    "",              // 8 サテライト枝番
    "171007",        // 9 サービスコード
    "00001－000010", // 10 TAISコード (the standard's example, full-width hyphen)
    "",              // 11 福祉用具届出コード
    "手すり",        // 12 用具名称（機種名）
    "300",           // 13 単位数
    "",              // 14 割引後率
    "",              // 15 割引後単位数
    "1",             // 16 回数／日数
    "300",           // 17 サービス単位金額
    "300",           // 18 給付管理単位数
    "",              // 19 種類支給限度基準超単位数
    "300",           // 20 種類支給限度基準内単位数
    "",              // 21 区分支給限度基準超単位数
    "300",           // 22 区分支給限度基準内単位数
    "11.40",         // 23 単位数単価
    "3420",          // 24 費用総額保険／事業対象分
    "90",            // 25 給付率
    "3078",          // 26 保険／事業費請求額
    "",              // 27 定額利用者負担単価金額
    "342",           // 28 利用者負担保険／事業対象分
    "0",             // 29 利用者負担（全額負担分）
    "",              // 30 前月までの利用日数
    "",              // 31 当月の計画利用日数
    "",              // 32 累積利用日数
    "0",             // 33 ３０日超区分
    "9999999999",    // 34 事業所コード
    "",              // 35 入力者コード
    "0300000100",    // 36 更新業者コード
    "",              // 37 識別子
];

/// The record of `values` with items replaced by No. (`extra`, in order).
pub fn with(values: &[&str], extra: &[(usize, &str)]) -> RawRecord {
    let mut texts = values.to_vec();
    for &(no, v) in extra {
        texts[no - 1] = v;
    }
    RawRecord::from_texts(texts)
}

/// What every typed record does with `raw`, a valid record of `kind` in the standard's
/// form: it validates clean in strict mode and types as `T` with no rule problem; the record
/// is written again as read; made afresh (from its JSON, so without the bytes it was read
/// from) it is the same record and is written in the standard's form — free text, and only
/// free text, quoted — which is `raw`.
pub fn round_trips<T>(kind: FileKind, raw: &RawRecord) -> T
where
    T: TypedRecord + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let layout = kind.layout().expect("a layout");
    let ctx = Context::new(Mode::Strict).with_kind(kind);
    assert_eq!(validate(layout, raw, &ctx), vec![], "{kind:?}");
    let rec = T::from_raw(raw).expect("a typed record");
    assert_eq!(&rec.to_raw(), raw);
    let mut problems = Vec::new();
    rec.check(&RuleContext::new(kind).expect("rules"), &mut problems);
    assert_eq!(problems, vec![], "{kind:?}");
    let json = serde_json::to_value(&rec).expect("serialized");
    let fresh: T = serde_json::from_value(json).expect("deserialized");
    assert_eq!(fresh, rec);
    assert!(fresh.origin().is_none());
    let written = fresh.to_raw();
    assert_eq!(&written, raw);
    for item in &layout.items {
        let quoted = written.field(item.column()).map(|f| f.quoted);
        assert_eq!(quoted, Some(item.is_text()), "{kind:?} No.{}", item.no);
    }
    rec
}

/// A record of a delete layout (DLTPLAN, DLTJSK, DLT1KYO, DLTKIHON, DLTYOBO: every item
/// required, no free text) of `row` [round trips](round_trips), and its JSON is `json`.
pub fn delete_round_trips<T>(kind: FileKind, row: &[&str], json: &str) -> T
where
    T: TypedRecord + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let rec: T = round_trips(kind, &RawRecord::from_texts(row.iter().copied()));
    assert_eq!(serde_json::to_string(&rec).expect("serialized"), json);
    rec
}

/// Every item of `row` is required: emptied, it is the record's one problem
/// (MissingRequired), and the record does not type as `T`.
pub fn every_item_is_required<T: TypedRecord>(kind: FileKind, row: &[&str]) {
    let layout = kind.layout().expect("a layout");
    for i in 0..row.len() {
        let mut t = row.to_vec();
        t[i] = "";
        let raw = RawRecord::from_texts(t);
        let p = validate(layout, &raw, &Context::new(Mode::Lenient).with_kind(kind));
        let kinds: Vec<ProblemKind> = p.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![ProblemKind::MissingRequired],
            "{kind:?} No.{}",
            i + 1
        );
        assert!(T::from_raw(&raw).is_none(), "{kind:?} No.{}", i + 1);
    }
}
