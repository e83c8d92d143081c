//! 居宅サービス計画1表 — UP1KYO (care office → provider): the heading page of a care plan,
//! one record per plan (spec layouts/UP1KYO.tsv, 28 items).
//!
//! A plan is identified by 保険者番号 + 被保険者番号 + No.14 居宅サービス計画作成（変更）日
//! ([`PlanKey`]); 2表 ([`crate::plan2`]), 3表 ([`crate::plan3`]), the 削除 file
//! ([`Plan1DeleteRecord`](crate::Plan1DeleteRecord)) and 補足 refer to it by that key (spec README, relations).
//!
//! The rules across items checked here:
//! - No.19 認定有効期間開始日 is not later than No.20 認定有効期間終了日 (both given): a
//!   [`DateOrder`](ProblemKind::DateOrder) warning at No.19, marked
//!   [inferred](crate::Problem::inferred): the standard states no order; inferred from the item names (a period
//!   does not end before it starts).
//! - No.15 初回居宅サービス計画作成日 is not later than No.14 居宅サービス計画作成（変更）日:
//!   a [`DateOrder`](ProblemKind::DateOrder) warning at No.15, marked inferred. The
//!   standard states no such
//!   rule; it follows from the names: No.14 dates this plan, which is the first plan or a
//!   later change of it, so the first plan cannot have been made after it. A warning, not an
//!   error, because it is read from the names and the plan is still usable.
//! - No.26 その他理由 is given only when No.25 生活援助中心型の算定理由 is `3:その他`:
//!   an [`UnexpectedValue`](ProblemKind::UnexpectedValue) warning when it is given with
//!   another reason (or none), and a [`MissingConditional`](ProblemKind::MissingConditional)
//!   warning when the reason is `3:その他` and No.26 is empty. Both are read from the item's
//!   name (the layout's note on No.26: 算定理由がその他の場合の内容（項目名からの解釈）); the
//!   standard marks No.26 optional, hence warnings, marked inferred.
//!
//! The free texts (No.22 課題分析の結果, No.23 介護認定審査会の意見…, No.24 総合的な援助の
//! 方針, …) are kept exactly as read, commas, quotes and line breaks included.
//!
//! ```
//! use careplan_model::plan1::{LivingAssistanceReason, Plan1Record};
//! use careplan_model::{RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts([
//!     "202407", "131045", "0123456789", "20250301", "", "", "", "山田 花子", "居宅介護支援A",
//!     "", "", "", "0300000100", "20250301", "20240401", "21", "2", "20250215", "20250301",
//!     "20260228", "22", "本人は自宅での生活を続けたい", "", "週2回の訪問介護", "3",
//!     "日中独居のため", "0300000100", "",
//! ]);
//! let rec = Plan1Record::from_raw(&raw).unwrap();
//! assert_eq!(rec.living_assistance_reason, Some(LivingAssistanceReason::Other));
//! assert_eq!(rec.key().to_string(), "131045/0123456789/20250301");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::problem::{ProblemKind, Severity};
use crate::typed::{item_ref, RecordRules, RuleContext};
use crate::value::{
    CareLevel, CertificationStatus, Code, CsvVersion, Date, InsuredNumber, InsurerNumber,
    OfficeNumber, PlanCategory, PostalCode,
};
use crate::{FileKind, Problem};

crate::code_enum! {
    /// No.25 生活援助中心型の算定理由: why 生活援助 (household help) is the centre of the
    /// 訪問介護 in the plan.
    pub enum LivingAssistanceReason {
        LivingAlone = "1" "一人暮らし",
        FamilyUnable = "2" "家族等が障害、疾病等",
        Other = "3" "その他",
    }
}

/// The key of a care plan: 保険者番号 + 被保険者番号 + 居宅サービス計画作成（変更）日 (1表
/// No.2, No.3, No.14). 2表 and 3表 rows, the 1表 削除 record and 補足 name their plan by it.
///
/// Written `保険者番号/被保険者番号/作成（変更）日` by `Display` (for messages and logs).
///
/// ```
/// use careplan_model::plan1::PlanKey;
/// let key = PlanKey {
///     insurer: "131045".parse().unwrap(),
///     insured: "H123456789".parse().unwrap(),
///     plan_date: "20250301".parse().unwrap(),
/// };
/// assert_eq!(key.to_string(), "131045/H123456789/20250301");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PlanKey {
    /// 保険者番号.
    pub insurer: InsurerNumber,
    /// 被保険者番号.
    pub insured: InsuredNumber,
    /// 居宅サービス計画作成（変更）日.
    pub plan_date: Date,
}

impl fmt::Display for PlanKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.insurer, self.insured, self.plan_date)
    }
}

crate::typed_record! {
    /// A record of 居宅サービス計画1表: the heading page of one care plan.
    pub struct Plan1Record for [Plan1] in "UP1KYO" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 作成年月日.
        4 req created: Date,
        /// No.5 利用者郵便番号.
        5 opt user_postal_code: PostalCode,
        /// No.6 利用者住所１.
        6 text user_address1,
        /// No.7 利用者住所２.
        7 text user_address2,
        /// No.8 居宅サービス計画作成者: the care manager's name.
        8 text_req planner,
        /// No.9 介護支援事業者名.
        9 text_req care_office_name,
        /// No.10 介護支援事業者郵便番号.
        10 opt care_office_postal_code: PostalCode,
        /// No.11 介護支援事業者住所１.
        11 text care_office_address1,
        /// No.12 介護支援事業者住所２.
        12 text care_office_address2,
        /// No.13 介護支援事業者コード: the care office's number.
        13 req care_office: OfficeNumber,
        /// No.14 居宅サービス計画作成（変更）日: the date that identifies the plan.
        14 req plan_date: Date,
        /// No.15 初回居宅サービス計画作成日.
        15 req first_plan_date: Date,
        /// No.16 計画書区分.
        16 opt category: PlanCategory,
        /// No.17 認定状況区分.
        17 opt certification: CertificationStatus,
        /// No.18 認定日.
        18 opt certified_on: Date,
        /// No.19 認定有効期間開始日.
        19 opt valid_from: Date,
        /// No.20 認定有効期間終了日.
        20 opt valid_to: Date,
        /// No.21 要介護状態区分.
        21 opt care_level: CareLevel,
        /// No.22 利用者及び家族の生活に対する意向を踏まえた課題分析の結果.
        22 text assessment,
        /// No.23 介護認定審査会の意見及びサービスの種類の指定.
        23 text committee_opinion,
        /// No.24 総合的な援助の方針.
        24 text support_policy,
        /// No.25 生活援助中心型の算定理由.
        25 opt living_assistance_reason: LivingAssistanceReason,
        /// No.26 その他理由: the reason when No.25 is `3:その他`.
        26 text other_reason,
        /// No.27 更新業者コード.
        27 opt updater: OfficeNumber,
        /// No.28 識別子 (使用しない).
        28 unused,
    }
}

impl Plan1Record {
    /// The plan's key: 保険者番号 + 被保険者番号 + 居宅サービス計画作成（変更）日.
    pub fn key(&self) -> PlanKey {
        PlanKey {
            insurer: self.insurer,
            insured: self.insured,
            plan_date: self.plan_date,
        }
    }

    /// The user's key: 保険者番号 + 被保険者番号.
    pub fn user(&self) -> crate::value::UserKey {
        crate::value::UserKey::new(self.insurer, self.insured)
    }
}

/// An item as messages name it: `No.25 生活援助中心型の算定理由`.
pub(crate) fn item_label(kind: FileKind, no: u16) -> String {
    match item_ref(kind, no) {
        Some(i) => format!("No.{} {}", i.no, i.name),
        None => format!("No.{no}"),
    }
}

/// A free text as a problem quotes it: in 「」, cut after 20 characters, line breaks shown
/// as `↵`.
pub(crate) fn quote_text(text: &str) -> String {
    const MAX: usize = 20;
    let mut out = String::from("「");
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        match c {
            '\r' => {}
            '\n' => out.push('↵'),
            c => out.push(c),
        }
    }
    out.push('」');
    out
}

impl RecordRules for Plan1Record {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let kind = FileKind::Plan1;
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to) {
            if from > to {
                // Inferred: the standard states no order; inferred from the item names
                // (認定有効期間 開始日/終了日: a period does not end before it starts).
                out.push(
                    ctx.problem(ProblemKind::DateOrder, Severity::Warning, 19)
                        .found(from.to_string())
                        .expected(format!("{} {to}", item_label(kind, 20)))
                        .inferred(),
                );
            }
        }
        if self.first_plan_date > self.plan_date {
            // Inferred from the names (see the module docs), not stated.
            out.push(
                ctx.problem(ProblemKind::DateOrder, Severity::Warning, 15)
                    .found(self.first_plan_date.to_string())
                    .expected(format!("{} {}", item_label(kind, 14), self.plan_date))
                    .inferred(),
            );
        }
        let other = LivingAssistanceReason::Other;
        let condition = format!("{} {}:{}", item_label(kind, 25), other, other.meaning_ja());
        // Inferred from No.26's name (the layout's note: 項目名からの解釈), not stated.
        match (self.living_assistance_reason, self.other_reason.is_empty()) {
            (Some(LivingAssistanceReason::Other), true) => out.push(
                ctx.problem(ProblemKind::MissingConditional, Severity::Warning, 26)
                    .expected(condition)
                    .inferred(),
            ),
            (reason, false) if reason != Some(other) => out.push(
                ctx.problem(ProblemKind::UnexpectedValue, Severity::Warning, 26)
                    .found(quote_text(&self.other_reason))
                    .expected(condition)
                    .inferred(),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::RawRecord;

    fn texts() -> Vec<&'static str> {
        vec![
            "202407",
            "131045",
            "0123456789",
            "20250301",
            "100-0001",
            "東京都千代田区",
            "",
            "山田 花子",
            "居宅介護支援A",
            "",
            "",
            "",
            "0300000100",
            "20250301",
            "20240401",
            "21",
            "2",
            "20250215",
            "20250301",
            "20260228",
            "22",
            "本人は自宅での生活を続けたい",
            "",
            "週2回の訪問介護",
            "",
            "",
            "0300000100",
            "",
        ]
    }

    fn rec(t: &[&str]) -> Plan1Record {
        Plan1Record::from_raw(&RawRecord::from_texts(t)).unwrap()
    }

    fn check(rec: &Plan1Record) -> Vec<(ProblemKind, Severity, u16)> {
        let ctx = RuleContext::new(FileKind::Plan1).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out.iter()
            .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let r = Plan1Record::from_raw(&raw).unwrap();
        assert!(check(&r).is_empty());
        assert_eq!(r.to_raw(), raw);
        assert_eq!(r.care_level, Some(CareLevel::Care2));
        assert_eq!(r.category, Some(PlanCategory::Continuing));
        let mut fresh = r.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 28);
        assert!(out.field(7).unwrap().quoted && !out.field(13).unwrap().quoted);
    }

    #[test]
    fn certification_period_order() {
        let mut t = texts();
        t[18] = "20260301";
        assert_eq!(
            check(&rec(&t)),
            vec![(ProblemKind::DateOrder, Severity::Warning, 19)]
        );
        t[19] = "20260301";
        assert!(check(&rec(&t)).is_empty());
        t[19] = "";
        assert!(check(&rec(&t)).is_empty());
    }

    #[test]
    fn first_plan_not_after_this_plan() {
        let mut t = texts();
        t[14] = "20250302";
        assert_eq!(
            check(&rec(&t)),
            vec![(ProblemKind::DateOrder, Severity::Warning, 15)]
        );
        t[14] = "20250301";
        assert!(check(&rec(&t)).is_empty());
    }

    #[test]
    fn other_reason_only_with_other() {
        let mut t = texts();
        t[24] = "3";
        assert_eq!(
            check(&rec(&t)),
            vec![(ProblemKind::MissingConditional, Severity::Warning, 26)]
        );
        t[25] = "日中独居";
        assert!(check(&rec(&t)).is_empty());
        t[24] = "1";
        assert_eq!(
            check(&rec(&t)),
            vec![(ProblemKind::UnexpectedValue, Severity::Warning, 26)]
        );
        t[24] = "";
        assert_eq!(
            check(&rec(&t)),
            vec![(ProblemKind::UnexpectedValue, Severity::Warning, 26)]
        );
    }

    #[test]
    fn quoted_text_is_short_and_on_one_line() {
        assert_eq!(quote_text("a\r\nb"), "「a↵b」");
        assert_eq!(
            quote_text("一二三四五六七八九十一二三四五六七八九十一"),
            "「一二三四五六七八九十一二三四五六七八九十…」"
        );
    }
}
