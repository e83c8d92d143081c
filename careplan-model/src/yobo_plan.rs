//! 介護予防サービス・支援計画書 — UPYOBO (介護予防支援等, spec layouts/UPYOBO.tsv and
//! layouts/_notes_yobo.md): one plan per user and 計画作成(変更)日, 57 items.
//!
//! Its key, 保険者番号 + 被保険者番号 + 計画作成(変更)日 ([`YoboPlanKey`]), links the rows of
//! its 別表 ([`crate::yobo_plan_sub`]) to it and names the plan a
//! 介護予防サービス・支援計画書_削除 ([`YoboPlanDeleteRecord`](crate::YoboPlanDeleteRecord)) deletes.
//!
//! The rules across items checked here (spec layouts/UPYOBO.tsv):
//! - No.10 認定有効期間開始日 ≤ No.11 認定有効期間終了日: a warning
//!   ([`DateOrder`](ProblemKind::DateOrder)) when the period ends before it starts, marked
//!   [inferred](crate::Problem::inferred): the standard states no order; inferred from the item names;
//! - in each of the four 領域 (【運動・移動】 No.24–27, 【日常生活(家庭生活)】 No.28–31,
//!   【社会参加、対人関係・コミュニケーション】 No.32–35, 【健康管理】 No.36–39), a 課題の有無 of
//!   `1:有` with an empty 領域における課題（背景・原因） is a warning
//!   ([`MissingConditional`](ProblemKind::MissingConditional)).
//!
//! Across the records of one file (checked by the file reader): a [`YoboPlanKey`] appears once
//! ([`DuplicateKey`](ProblemKind::DuplicateKey), of the mode's severity).
//!
//! ```
//! use careplan_model::yobo_plan::{Domain, SupportLevel, YoboPlanRecord};
//! use careplan_model::yobo_kihon::Presence;
//! use careplan_model::{RawRecord, TypedRecord};
//! let mut items = vec![""; 57];
//! items[..5].copy_from_slice(&["202407", "131045", "0123456789", "20250401", "1"]);
//! items[7] = "山田 花子";
//! items[13] = "1";
//! items[25] = "1";
//! items[26] = "膝の痛みで外出が減っている";
//! items[42] = "3";
//! let raw = RawRecord::from_texts(items);
//! let rec = YoboPlanRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.support_level, Some(SupportLevel::Support1));
//! let motor = rec.area(Domain::Motor);
//! assert_eq!(motor.has_issue, Some(Presence::Yes));
//! assert_eq!(rec.programs[0].applicable_count, Some(3));
//! assert_eq!(rec.key().to_string(), "131045/0123456789/20250401");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::problem::{ProblemKind, Severity};
use crate::record::Field;
use crate::typed::{
    FieldSink, ItemGroup, ItemReader, ItemWriter, Keyed, RecordRules, RuleContext, UniqueKeys,
};
use crate::value::{
    CertificationStatus, CsvVersion, Date, InsuredNumber, InsurerNumber, PhoneNumber, PlanCategory,
};
use crate::yobo_kihon::{is_blank, item_label, Entrustment, Presence, YoboPlanKind};
use crate::Problem;

crate::code_enum! {
    /// 要支援状態区分 (No.14): its own one-digit set, unlike 要介護状態区分.
    pub enum SupportLevel {
        Support1 = "1" "要支援１",
        Support2 = "2" "要支援２",
        CommunitySupport = "3" "地域支援事業",
    }
}

crate::code_enum! {
    /// 事業プログラムの要否 (No.49–54).
    pub enum ProgramNeed { Needed = "1" "要", NotNeeded = "2" "否" }
}

crate::typed_record! {
    /// A record of 介護予防サービス・支援計画書 (UPYOBO): one user's plan as made or changed on
    /// one day.
    pub struct YoboPlanRecord for [YoboPlan] in "UPYOBO" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 計画作成(変更)日: with No.2 and No.3 the record's key.
        4 req plan_date: Date,
        /// No.5 計画種類.
        5 req plan_kind: YoboPlanKind,
        /// No.6 委託の有無.
        6 opt entrustment: Entrustment,
        /// No.7 整理番号.
        7 text reference_no,
        /// No.8 利用者名.
        8 text_req user_name,
        /// No.9 認定年月日.
        9 opt certified_on: Date,
        /// No.10 認定有効期間開始日.
        10 opt certification_start: Date,
        /// No.11 認定有効期間終了日.
        11 opt certification_end: Date,
        /// No.12 計画書区分.
        12 opt plan_category: PlanCategory,
        /// No.13 認定状況区分.
        13 opt certification_status: CertificationStatus,
        /// No.14 要支援状態区分.
        14 opt support_level: SupportLevel,
        /// No.15 計画作成者氏名（地域包括支援センター担当者名）.
        15 text center_staff,
        /// No.16 計画作成者氏名（担当介護支援専門員名）.
        16 text care_manager,
        /// No.17 計画作成者事業者・事業所名 (other data may appear here, the standard warns).
        17 text office_name,
        /// No.18 計画作成者事業者・事業所住所.
        18 text office_address,
        /// No.19 計画作成者事業者・事業所電話番号.
        19 opt office_phone: PhoneNumber,
        /// No.20 初回作成日.
        20 opt first_created: Date,
        /// No.21 担当地域包括支援センター.
        21 text center,
        /// No.22 目標とする生活(1日).
        22 text goal_day,
        /// No.23 目標とする生活(1年).
        23 text goal_year,
        /// No.24–39 the four 領域 ([`Domain::ALL`] order), four items each: 現在の状況,
        /// 本人・家族の意欲・意向, 領域における課題の有無, 領域における課題（背景・原因）.
        /// The JSON form is an array of four objects.
        24 group areas: [Area; 4],
        /// No.40 健康状態の留意点.
        40 text health_notes,
        /// No.41 妥当な支援の実施に向けた方針.
        41 text support_policy,
        /// No.42 総合的な方針.
        42 text overall_policy,
        /// No.43–54 the six 事業プログラム areas ([`Program::ALL`] order): each one's
        /// 基本チェックリストの該当数 (No.43–48) and 事業プログラムの要否 (No.49–54). The JSON
        /// form is an array of six objects.
        43 group programs: [ProgramRow; 6],
        /// No.55 地域包括支援センター意見.
        55 text center_opinion,
        /// No.56 同意日.
        56 opt consent_date: Date,
        /// No.57 同意者氏名.
        57 text consenter,
    }
}

/// The key of a 介護予防サービス・支援計画書 record: 保険者番号 + 被保険者番号 +
/// 計画作成(変更)日. Its 別表 rows and 介護予防サービス・支援計画書_削除 records carry the same
/// three items to name their UPYOBO record.
///
/// It prints as `保険者番号/被保険者番号/計画作成(変更)日`.
///
/// ```
/// use careplan_model::yobo_plan::YoboPlanKey;
/// let key = YoboPlanKey::new("131045".parse().unwrap(), "H123456789".parse().unwrap(),
///     "20250401".parse().unwrap());
/// assert_eq!(key.to_string(), "131045/H123456789/20250401");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YoboPlanKey {
    /// 保険者番号.
    pub insurer: InsurerNumber,
    /// 被保険者番号.
    pub insured: InsuredNumber,
    /// 計画作成(変更)日.
    pub plan_date: Date,
}

impl YoboPlanKey {
    /// The key of these three items.
    pub fn new(insurer: InsurerNumber, insured: InsuredNumber, plan_date: Date) -> Self {
        YoboPlanKey {
            insurer,
            insured,
            plan_date,
        }
    }
}

impl fmt::Display for YoboPlanKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.insurer, self.insured, self.plan_date)
    }
}

/// One of the four 領域 (areas of life) of a 介護予防サービス・支援計画書.
///
/// ```
/// use careplan_model::yobo_plan::Domain;
/// assert_eq!(Domain::Social.name_ja(), "社会参加、対人関係・コミュニケーション");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// 運動・移動 (No.24–27).
    Motor,
    /// 日常生活(家庭生活) (No.28–31).
    DailyLife,
    /// 社会参加、対人関係・コミュニケーション (No.32–35).
    Social,
    /// 健康管理 (No.36–39).
    Health,
}

impl Domain {
    /// The four, in the order of the layout.
    pub const ALL: [Domain; 4] = [
        Domain::Motor,
        Domain::DailyLife,
        Domain::Social,
        Domain::Health,
    ];

    /// The name between 【】 in the item names.
    pub fn name_ja(self) -> &'static str {
        match self {
            Domain::Motor => "運動・移動",
            Domain::DailyLife => "日常生活(家庭生活)",
            Domain::Social => "社会参加、対人関係・コミュニケーション",
            Domain::Health => "健康管理",
        }
    }

    /// The No. of its first item (現在の状況); the next three follow.
    #[doc(hidden)]
    pub fn first_item(self) -> u16 {
        match self {
            Domain::Motor => 24,
            Domain::DailyLife => 28,
            Domain::Social => 32,
            Domain::Health => 36,
        }
    }
}

/// The four items of one 領域 of a plan ([`YoboPlanRecord::areas`]).
///
/// ```
/// use careplan_model::yobo_plan::{Area, Domain, YoboPlanRecord};
/// let mut plan = YoboPlanRecord::new(
///     "131045".parse().unwrap(), "0123456789".parse().unwrap(), "20250401".parse().unwrap(),
///     "1".parse().unwrap(), "山田 花子",
/// );
/// plan.areas[2] = Area { status: "外出が少ない".into(), ..Area::default() };
/// assert_eq!(plan.area(Domain::Social).status, "外出が少ない");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// 現在の状況.
    pub status: String,
    /// 本人・家族の意欲・意向.
    pub intention: String,
    /// 領域における課題の有無.
    pub has_issue: Option<Presence>,
    /// 領域における課題（背景・原因）.
    pub issue: String,
}

impl ItemGroup for [Area; 4] {
    fn read(r: &ItemReader<'_>, first: u16) -> Option<[Area; 4]> {
        let mut areas: [Area; 4] = Default::default();
        for (i, area) in (0u16..).zip(&mut areas) {
            let no = first + 4 * i;
            *area = Area {
                status: r.text_item(no)?,
                intention: r.text_item(no + 1)?,
                has_issue: r.opt(no + 2)?,
                issue: r.text_item(no + 3)?,
            };
        }
        Some(areas)
    }

    fn write<'a, S: FieldSink, O: Iterator<Item = Field<'a>>>(
        &self,
        w: &mut ItemWriter<'_, S, O>,
        first: u16,
    ) {
        for (i, area) in (0u16..).zip(self) {
            let no = first + 4 * i;
            w.text_item(no, &area.status);
            w.text_item(no + 1, &area.intention);
            w.opt(no + 2, &area.has_issue);
            w.text_item(no + 3, &area.issue);
        }
    }
}

/// One of the six 事業プログラム areas of the 基本チェックリスト.
///
/// ```
/// use careplan_model::yobo_plan::Program;
/// assert_eq!(Program::OralCare.name_ja(), "口腔内ケア");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// 運動不足 (No.43, No.49).
    Exercise,
    /// 栄養改善 (No.44, No.50).
    Nutrition,
    /// 口腔内ケア (No.45, No.51).
    OralCare,
    /// 閉じこもり予防 (No.46, No.52).
    Withdrawal,
    /// 物忘れ予防 (No.47, No.53).
    Memory,
    /// うつ予防 (No.48, No.54).
    Depression,
}

impl Program {
    /// The six, in the order of the layout.
    pub const ALL: [Program; 6] = [
        Program::Exercise,
        Program::Nutrition,
        Program::OralCare,
        Program::Withdrawal,
        Program::Memory,
        Program::Depression,
    ];

    /// The name in parentheses in the item names.
    pub fn name_ja(self) -> &'static str {
        match self {
            Program::Exercise => "運動不足",
            Program::Nutrition => "栄養改善",
            Program::OralCare => "口腔内ケア",
            Program::Withdrawal => "閉じこもり予防",
            Program::Memory => "物忘れ予防",
            Program::Depression => "うつ予防",
        }
    }

    fn index(self) -> u16 {
        match self {
            Program::Exercise => 0,
            Program::Nutrition => 1,
            Program::OralCare => 2,
            Program::Withdrawal => 3,
            Program::Memory => 4,
            Program::Depression => 5,
        }
    }

    /// The No. of its 基本チェックリストの該当数 item.
    #[doc(hidden)]
    pub fn count_item(self) -> u16 {
        43 + self.index()
    }

    /// The No. of its 事業プログラムの要否 item.
    #[doc(hidden)]
    pub fn need_item(self) -> u16 {
        49 + self.index()
    }
}

/// The two items of one 事業プログラム area of a plan ([`YoboPlanRecord::programs`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramRow {
    /// 基本チェックリストの該当数.
    pub applicable_count: Option<u8>,
    /// 事業プログラムの要否.
    pub need: Option<ProgramNeed>,
}

impl ItemGroup for [ProgramRow; 6] {
    fn read(r: &ItemReader<'_>, first: u16) -> Option<[ProgramRow; 6]> {
        let mut rows = [ProgramRow::default(); 6];
        for (i, row) in (0u16..).zip(&mut rows) {
            row.applicable_count = r.opt(first + i)?;
        }
        for (i, row) in (0u16..).zip(&mut rows) {
            row.need = r.opt(first + 6 + i)?;
        }
        Some(rows)
    }

    fn write<'a, S: FieldSink, O: Iterator<Item = Field<'a>>>(
        &self,
        w: &mut ItemWriter<'_, S, O>,
        first: u16,
    ) {
        // Items are written in item order: the six counts, then the six needs.
        for (i, row) in (0u16..).zip(self) {
            w.opt(first + i, &row.applicable_count);
        }
        for (i, row) in (0u16..).zip(self) {
            w.opt(first + 6 + i, &row.need);
        }
    }
}

impl YoboPlanRecord {
    /// The record's key: 保険者番号 + 被保険者番号 + 計画作成(変更)日.
    pub fn key(&self) -> YoboPlanKey {
        YoboPlanKey::new(self.insurer, self.insured, self.plan_date)
    }

    /// The items of 領域 `domain`.
    pub fn area(&self, domain: Domain) -> &Area {
        let i = Domain::ALL.iter().position(|d| *d == domain).unwrap_or(0);
        &self.areas[i]
    }

    /// The items of 事業プログラム area `program`.
    pub fn program(&self, program: Program) -> ProgramRow {
        self.programs[usize::from(program.index())]
    }
}

impl RecordRules for YoboPlanRecord {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        if let (Some(start), Some(end)) = (self.certification_start, self.certification_end) {
            if end < start {
                // Inferred: the standard states no order; inferred from the item names
                // (認定有効期間 開始日/終了日: a period does not end before it starts).
                out.push(
                    ctx.problem(ProblemKind::DateOrder, Severity::Warning, 10)
                        .found(start.to_string())
                        .expected(format!("{} {end}", item_label(ctx, 11)))
                        .inferred(),
                );
            }
        }
        for (domain, area) in Domain::ALL.into_iter().zip(&self.areas) {
            if area.has_issue == Some(Presence::Yes) && is_blank(&area.issue) {
                let first = domain.first_item();
                out.push(
                    ctx.problem(
                        ProblemKind::MissingConditional,
                        Severity::Warning,
                        first + 3,
                    )
                    .expected(format!("{} = 1:有", item_label(ctx, first + 2)))
                    // Inferred from the items' names: the standard marks the 課題 text
                    // optional and states no tie to 課題の有無.
                    .inferred(),
                );
            }
        }
    }
}

/// The rules across the records of one UPYOBO file: each [`YoboPlanKey`] once, since the
/// 別表 and 介護予防サービス・支援計画書_削除 name a plan by it. A repeated key is a
/// [`DuplicateKey`](ProblemKind::DuplicateKey) of the mode's severity, related to the first
/// record with that key.
pub(crate) type YoboPlanRules = UniqueKeys<YoboPlanRecord>;

impl Keyed for YoboPlanRecord {
    type Key = YoboPlanKey;
    const KEY_ITEM: u16 = 4;

    fn key(&self) -> YoboPlanKey {
        YoboPlanRecord::key(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::FileKind;
    use crate::Position;
    use crate::RawRecord;

    fn texts() -> Vec<&'static str> {
        let mut t = vec![""; 57];
        t[..8].copy_from_slice(&[
            "202407",
            "131045",
            "0123456789",
            "20250401",
            "2",
            "1",
            "A-001",
            "山田 花子",
        ]);
        t[9] = "20250101";
        t[10] = "20251231";
        t[11] = "52";
        t[12] = "2";
        t[13] = "2";
        t[18] = "03-0000-0000";
        t[25] = "1";
        t[26] = "膝の痛み";
        t[29] = "2";
        t[42] = "0";
        t[47] = "9";
        t[48] = "1";
        t[53] = "2";
        t
    }

    fn check(t: &[&str]) -> Vec<Problem> {
        let rec = YoboPlanRecord::from_raw(&RawRecord::from_texts(t)).unwrap();
        let mut ctx = RuleContext::new(FileKind::YoboPlan).unwrap();
        ctx.position = Position::new(0, 1, 1);
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out
    }

    fn kinds(t: &[&str]) -> Vec<(ProblemKind, Severity, u16)> {
        check(t)
            .iter()
            .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let rec = YoboPlanRecord::from_raw(&raw).unwrap();
        assert!(check(&texts()).is_empty());
        assert_eq!(rec.to_raw(), raw);
        assert_eq!(rec.plan_category, Some(PlanCategory::FirstContinuing));
        assert_eq!(
            rec.certification_status,
            Some(CertificationStatus::Certified)
        );
        let p = rec.programs;
        assert_eq!(p[0].applicable_count, Some(0));
        assert_eq!(p[5].applicable_count, Some(9));
        assert_eq!(p[0].need, Some(ProgramNeed::Needed));
        assert_eq!(p[5].need, Some(ProgramNeed::NotNeeded));
        assert_eq!(rec.program(Program::OralCare), p[2]);
        assert_eq!(rec.areas[1].has_issue, Some(Presence::No));
        assert_eq!(rec.area(Domain::DailyLife), &rec.areas[1]);
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 57);
        assert!(out.field(7).unwrap().quoted && out.field(56).unwrap().quoted);
        assert!(!out.field(18).unwrap().quoted && !out.field(42).unwrap().quoted);
    }

    #[test]
    fn certification_period() {
        let mut t = texts();
        t[10] = "20241231";
        assert_eq!(
            kinds(&t),
            vec![(ProblemKind::DateOrder, Severity::Warning, 10)]
        );
        assert_eq!(
            check(&t)[0].message_en(),
            "line 1, 支援計画書 No.10 認定有効期間開始日: 20250101 is later than No.11 認定有効期間終了日 20241231 (inferred: the standard does not state this rule)"
        );
    }

    #[test]
    fn issue_marked_present_needs_its_text() {
        let mut t = texts();
        t[26] = "";
        t[29] = "1";
        t[33] = "1";
        t[34] = "地域の集まりに参加していない";
        t[37] = "1";
        t[38] = " ";
        assert_eq!(
            kinds(&t),
            vec![
                (ProblemKind::MissingConditional, Severity::Warning, 27),
                (ProblemKind::MissingConditional, Severity::Warning, 31),
                (ProblemKind::MissingConditional, Severity::Warning, 39),
            ]
        );
        assert_eq!(
            check(&t)[2].message_ja(),
            "1行目 支援計画書 No.39 【健康管理】領域における課題（背景・原因）: No.38 【健康管理】領域における課題の有無 = 1:有 のため必要な項目ですが、空です（規格に明記のない推定による確認です）"
        );
        // 2:無 with an empty text is fine.
        let mut t = texts();
        t[25] = "2";
        t[26] = "";
        assert!(check(&t).is_empty());
    }

    #[test]
    fn checklist_counts_are_small_integers() {
        let mut t = texts();
        t[43] = "x";
        assert!(YoboPlanRecord::from_raw(&RawRecord::from_texts(&t)).is_none());
        t[43] = "-1";
        assert!(YoboPlanRecord::from_raw(&RawRecord::from_texts(&t)).is_none());
    }

    #[test]
    fn domains_and_programs_match_the_layout() {
        let layout = FileKind::YoboPlan.layout().unwrap();
        for d in Domain::ALL {
            for off in 0..4 {
                let name = layout.item(d.first_item() + off).unwrap().name;
                assert!(name.starts_with(&format!("【{}】", d.name_ja())), "{name}");
            }
        }
        for p in Program::ALL {
            let count = layout.item(p.count_item()).unwrap().name;
            let need = layout.item(p.need_item()).unwrap().name;
            assert_eq!(
                count,
                format!("基本チェックリストの該当数({})", p.name_ja())
            );
            assert_eq!(need, format!("事業プログラムの要否({})", p.name_ja()));
        }
    }
}
