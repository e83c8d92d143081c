//! 居宅サービス計画2表 — UP2KYO (care office → provider): the needs, goals and services of a
//! care plan, one record per 課題/目標/援助内容 row (spec layouts/UP2KYO.tsv, 22 items).
//!
//! Rows belong to the 1表 of the same plan: 保険者番号 + 被保険者番号 + No.5
//! 居宅サービス計画作成（変更）日 ([`PlanKey`]). Each row is numbered by No.6 課題ＮＯ, No.8
//! 援助目標ＮＯ and No.13 援助内容ＮＯ ([`RowNumbers`]); goal numbers restart under each
//! 課題 and service numbers under each goal (the standard's example).
//!
//! The rule across items of one record (checked as the file is read):
//! - No.6 課題ＮＯ, No.8 援助目標ＮＯ and No.13 援助内容ＮＯ, when given, are 1–99 (their
//!   notes: 番号 1～99): an [`InvalidFormat`](ProblemKind::InvalidFormat) error naming the
//!   item. (The layout engine checks only that they are integers of at most 2 characters,
//!   so `0`, `00` and `-1` reach this rule.)
//!
//! The rules across the records of one file (checked by the file reader), per plan:
//! - rows are sorted by (課題ＮＯ, 援助目標ＮＯ, 援助内容ＮＯ) (the note under the standard's
//!   example): a row whose numbers are lower than the plan's previous row's is a
//!   [`RowOrder`](ProblemKind::RowOrder) warning naming both, in both modes, marked
//!   [inferred](crate::Problem::inferred): an example's note shows the order without stating
//!   it as a rule, and a receiver can sort the rows again without losing anything;
//! - no two rows of a plan have the same three numbers: a
//!   [`DuplicateKey`](ProblemKind::DuplicateKey) error naming both rows (spec PITFALLS: a
//!   receiver with a unique key on them fails the whole import).
//!
//! Rows without all three numbers have no place in that order and no key; these two file
//! rules pass them over.
//!
//! ```
//! use careplan_model::plan2::{InsuranceCoverage, Plan2Record};
//! use careplan_model::{RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts([
//!     "202407", "131045", "0123456789", "20250301", "20250301", "1", "一人で入浴できない",
//!     "1", "自宅で入浴できる", "週2回入浴する", "20250301～20260228", "20250301～20250831",
//!     "1", "入浴介助", "Y", "訪問介護", "0300000005", "ヘルパーステーションA", "週2回",
//!     "20250301～20250831", "0300000100", "",
//! ]);
//! let rec = Plan2Record::from_raw(&raw).unwrap();
//! assert_eq!(rec.insurance, Some(InsuranceCoverage::Covered));
//! assert_eq!(rec.row_numbers().unwrap().to_string(), "課題ＮＯ 1・援助目標ＮＯ 1・援助内容ＮＯ 1");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::plan1::PlanKey;
use crate::problem::{ProblemKind, Severity};
use crate::typed::{FileRules, RecordRules, RuleContext};
use crate::value::{CsvVersion, Date, InsuredNumber, InsurerNumber, OfficeNumber};
use crate::{Position, Problem};

crate::code_enum! {
    /// No.15 保険対象区分: whether the service is paid by the care insurance.
    pub enum InsuranceCoverage { Covered = "Y" "対象", NotCovered = "N" "対象外" }
}

crate::typed_record! {
    /// A record of 居宅サービス計画2表: one 課題/目標/援助内容 row of a plan.
    pub struct Plan2Record for [Plan2] in "UP2KYO" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 居宅計画書作成年月日.
        4 req created: Date,
        /// No.5 居宅サービス計画作成（変更）日: the plan's date (1表 No.14).
        5 req plan_date: Date,
        /// No.6 課題ＮＯ (1–99).
        6 opt issue_no: i64,
        /// No.7 課題: the need (生活全般の解決すべき課題).
        7 text issue,
        /// No.8 援助目標ＮＯ (1–99, restarting under each 課題).
        8 opt goal_no: i64,
        /// No.9 長期目標.
        9 text long_term_goal,
        /// No.10 短期目標.
        10 text short_term_goal,
        /// No.11 長期期間.
        11 text long_term_period,
        /// No.12 短期期間.
        12 text short_term_period,
        /// No.13 援助内容ＮＯ (1–99, restarting under each 援助目標).
        13 opt service_no: i64,
        /// No.14 サービス内容.
        14 text service_content,
        /// No.15 保険対象区分 (empty on rows outside the insurance, as in the standard's
        /// example).
        15 opt insurance: InsuranceCoverage,
        /// No.16 サービス種別.
        16 text service_type,
        /// No.17 サービス事業者コード: the provider's number.
        17 opt provider: OfficeNumber,
        /// No.18 サービス事業所名.
        18 text provider_name,
        /// No.19 頻度.
        19 text frequency,
        /// No.20 実施期間.
        20 text period,
        /// No.21 更新業者コード.
        21 opt updater: OfficeNumber,
        /// No.22 識別子 (使用しない).
        22 unused,
    }
}

/// The numbers that place a 2表 row in its plan: No.6 課題ＮＯ, No.8 援助目標ＮＯ, No.13
/// 援助内容ＮＯ. Rows sort by them in this order (the derived `Ord`).
///
/// ```
/// use careplan_model::plan2::RowNumbers;
/// let a = RowNumbers { issue: 1, goal: 2, service: 1 };
/// let b = RowNumbers { issue: 2, goal: 1, service: 1 };
/// assert!(a < b);
/// assert_eq!(a.to_string(), "課題ＮＯ 1・援助目標ＮＯ 2・援助内容ＮＯ 1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RowNumbers {
    /// No.6 課題ＮＯ.
    pub issue: i64,
    /// No.8 援助目標ＮＯ.
    pub goal: i64,
    /// No.13 援助内容ＮＯ.
    pub service: i64,
}

impl fmt::Display for RowNumbers {
    /// `課題ＮＯ 1・援助目標ＮＯ 2・援助内容ＮＯ 1`, as problems name a row.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "課題ＮＯ {}・援助目標ＮＯ {}・援助内容ＮＯ {}",
            self.issue, self.goal, self.service
        )
    }
}

impl Plan2Record {
    /// The key of the plan the row belongs to.
    pub fn plan(&self) -> PlanKey {
        PlanKey {
            insurer: self.insurer,
            insured: self.insured,
            plan_date: self.plan_date,
        }
    }

    /// The row's three numbers, when all three are given.
    pub fn row_numbers(&self) -> Option<RowNumbers> {
        Some(RowNumbers {
            issue: self.issue_no?,
            goal: self.goal_no?,
            service: self.service_no?,
        })
    }
}

/// The range of 課題ＮＯ, 援助目標ＮＯ and 援助内容ＮＯ.
const NUMBER_RANGE: std::ops::RangeInclusive<i64> = 1..=99;

impl RecordRules for Plan2Record {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        for (no, value) in [(6, self.issue_no), (8, self.goal_no), (13, self.service_no)] {
            if let Some(v) = value.filter(|v| !NUMBER_RANGE.contains(v)) {
                out.push(
                    ctx.problem(ProblemKind::InvalidFormat, Severity::Error, no)
                        .found(v.to_string())
                        .expected("1-99"),
                );
            }
        }
    }
}

/// The rows seen so far of one plan.
#[derive(Debug, Default)]
struct PlanRows {
    /// The numbers and position of the plan's previous numbered row.
    last: Option<(RowNumbers, Position)>,
    /// Every numbered row's numbers, with the position of the first row that had them.
    seen: HashMap<RowNumbers, Position>,
}

/// The file rules of 居宅サービス計画2表: row order and unique row numbers within each plan
/// (see the module docs). Keeps, per plan, the numbers of its rows seen so far.
#[derive(Debug, Default)]
pub(crate) struct Plan2Order {
    plans: HashMap<PlanKey, PlanRows>,
}

impl FileRules for Plan2Order {
    type Record = Plan2Record;

    fn record(&mut self, record: &Plan2Record, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let Some(numbers) = record.row_numbers() else {
            return;
        };
        let at = |position: Position| RuleContext { position, ..*ctx }.location();
        let rows = self.plans.entry(record.plan()).or_default();
        if let Some((last, position)) = rows.last {
            if numbers < last {
                // Inferred: the order is shown by the note under the standard's example, not
                // stated as a rule, and a receiver can sort the rows again: a warning in both
                // modes (issue 13).
                out.push(
                    ctx.record_problem(ProblemKind::RowOrder, Severity::Warning)
                        .found(numbers.to_string())
                        .expected(last.to_string())
                        .related(at(position))
                        .inferred(),
                );
            }
        }
        match rows.seen.get(&numbers) {
            Some(first) => out.push(
                ctx.record_problem(ProblemKind::DuplicateKey, Severity::Error)
                    .found(numbers.to_string())
                    .related(at(*first)),
            ),
            None => {
                rows.seen.insert(numbers, ctx.position);
            }
        }
        rows.last = Some((numbers, ctx.position));
    }

    fn finish(&mut self, _out: &mut Vec<Problem>) {
        self.plans.clear();
    }

    /// Joins unless a plan of `later` repeats row numbers seen here, or its first row in
    /// `later` (the one whose numbers `later` kept with the earliest position) comes before
    /// the plan's last row here in the order: both are problems only rows of both sides show.
    fn absorb(&mut self, later: Self) -> bool {
        for (plan, rows) in &later.plans {
            let Some(mine) = self.plans.get(plan) else {
                continue;
            };
            if rows.seen.keys().any(|n| mine.seen.contains_key(n)) {
                return false;
            }
            let first = rows.seen.iter().min_by_key(|(_, at)| **at).map(|(n, _)| *n);
            if let (Some((last, _)), Some(first)) = (mine.last, first) {
                if first < last {
                    return false;
                }
            }
        }
        if self.plans.is_empty() {
            self.plans = later.plans;
            return true;
        }
        for (plan, rows) in later.plans {
            match self.plans.entry(plan) {
                Entry::Vacant(e) => {
                    e.insert(rows);
                }
                Entry::Occupied(e) => {
                    let mine = e.into_mut();
                    mine.seen.extend(rows.seen);
                    if rows.last.is_some() {
                        mine.last = rows.last;
                    }
                }
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::FileKind;
    use crate::RawRecord;

    fn texts() -> Vec<&'static str> {
        vec![
            "202407",
            "131045",
            "0123456789",
            "20250301",
            "20250301",
            "1",
            "一人で入浴できない",
            "1",
            "自宅で入浴できる",
            "週2回入浴する",
            "20250301～20260228",
            "20250301～20250831",
            "1",
            "入浴介助",
            "Y",
            "訪問介護",
            "0300000005",
            "ヘルパーステーションA",
            "週2回",
            "20250301～20250831",
            "0300000100",
            "",
        ]
    }

    fn check(t: &[&str]) -> Vec<(ProblemKind, u16)> {
        let rec = Plan2Record::from_raw(&RawRecord::from_texts(t)).unwrap();
        let ctx = RuleContext::new(FileKind::Plan2).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out.iter()
            .map(|p| (p.kind, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let rec = Plan2Record::from_raw(&raw).unwrap();
        assert!(check(&texts()).is_empty());
        assert_eq!(rec.to_raw(), raw);
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 22);
        assert!(out.field(6).unwrap().quoted && !out.field(5).unwrap().quoted);
    }

    #[test]
    fn numbers_are_1_to_99() {
        for (i, no) in [(5, 6), (7, 8), (12, 13)] {
            for bad in ["0", "00", "-1"] {
                let mut t = texts();
                t[i] = bad;
                assert_eq!(check(&t), vec![(ProblemKind::InvalidFormat, no)], "{bad}");
            }
            let mut t = texts();
            t[i] = "99";
            assert!(check(&t).is_empty());
            t[i] = "";
            assert!(check(&t).is_empty());
        }
    }

    #[test]
    fn leading_zeros_are_kept() {
        let mut t = texts();
        t[5] = "01";
        let raw = RawRecord::from_texts(&t);
        let rec = Plan2Record::from_raw(&raw).unwrap();
        assert_eq!(rec.issue_no, Some(1));
        assert_eq!(rec.to_raw(), raw);
    }

    #[test]
    fn incomplete_numbers_have_no_row_numbers() {
        let mut t = texts();
        t[7] = "";
        let rec = Plan2Record::from_raw(&RawRecord::from_texts(&t)).unwrap();
        assert_eq!(rec.row_numbers(), None);
        let mut rules = Plan2Order::default();
        let ctx = RuleContext::new(FileKind::Plan2).unwrap();
        let mut out = Vec::new();
        rules.record(&rec, &ctx, &mut out);
        rules.record(&rec, &ctx, &mut out);
        assert!(out.is_empty());
    }
}
