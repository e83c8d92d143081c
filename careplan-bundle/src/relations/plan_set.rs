//! The plan-documents unit: 第1表 is the parent of 第2表, 第3表 and 利用者補足情報 by
//! 保険者番号 + 被保険者番号 + 居宅サービス計画作成（変更）日.

use careplan_model::hosoku::{HosokuLink, HosokuRecord, TargetMonth};
use careplan_model::plan1::Plan1Record;
use careplan_model::plan2::Plan2Record;
use careplan_model::plan3::Plan3Record;
use careplan_model::typed::item_ref;
use careplan_model::{FileKind, Problem, ProblemKind, Severity};

use super::finding::{missing_dependent, untyped_records, FirstByKey};
use crate::keys::{plan2_key, plan3_key, raw_key};
use crate::loaded::LoadedUnit;

/// What No.4 holds in a plan set.
const PLAN_DATE: &str = "第1表の居宅サービス計画作成（変更）日";
/// Which 補足 records the rule is for.
const SENT_WITH: &str = "第1表・第2表と送る利用者補足情報 / sent with 第1表・第2表";

pub(super) fn check(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    let plan1_file = unit.file(FileKind::Plan1);
    let hosoku_file = unit.file(FileKind::Hosoku);

    let mut plans = FirstByKey::new();
    for r in unit.records::<Plan1Record>() {
        plans.add(r.record.key(), r, true, out);
    }
    // A 第1表 that did not type (its own error) still has its plan's key (No.2, No.3,
    // No.14): its 第2表, 第3表 and 補足 are not orphans on top of that error.
    for raw in untyped_records(plan1_file) {
        if let Some((insurer, insured, plan_date)) = raw_key(raw, 14) {
            plans.add_untyped(careplan_model::plan1::PlanKey {
                insurer,
                insured,
                plan_date,
            });
        }
    }
    let mut rows2 = FirstByKey::new();
    for r in unit.records::<Plan2Record>() {
        rows2.add(plan2_key(r.record), r, false, out);
    }
    let mut rows3 = FirstByKey::new();
    for r in unit.records::<Plan3Record>() {
        rows3.add(plan3_key(r.record), r, false, out);
    }
    let mut hosoku = FirstByKey::new();
    for r in unit.records::<HosokuRecord>() {
        match r.record.link() {
            Some(HosokuLink::Plan(plan_date)) => {
                let key = careplan_model::plan1::PlanKey {
                    insurer: r.record.insurer,
                    insured: r.record.insured,
                    plan_date,
                };
                hosoku.add(key, r, true, out);
            }
            Some(HosokuLink::Usage(_)) if !r.has_error_at(4) && !r.has_error_at(63) => {
                let mut p = Problem::error(ProblemKind::Inconsistent)
                    .at(r.location())
                    .found(format!(
                        "No.4 {}, No.63 {}",
                        r.record.plan_date, r.record.month
                    ))
                    .expected(format!(
                        "No.4 {PLAN_DATE}, No.63 {} ({SENT_WITH})",
                        TargetMonth::FOR_PLAN
                    ));
                if let Some(item) = item_ref(FileKind::Hosoku, 63) {
                    p = p.item(item);
                }
                if let Some(f) = plan1_file {
                    p = p.related(f.file_location());
                }
                out.push(p);
            }
            _ => {}
        }
    }

    if plan1_file.is_some() {
        rows2.report_orphans(&plans, FileKind::Plan1, plan1_file, Severity::Error, out);
        rows3.report_orphans(&plans, FileKind::Plan1, plan1_file, Severity::Error, out);
        hosoku.report_orphans(&plans, FileKind::Plan1, plan1_file, Severity::Error, out);
    }
    if hosoku_file.is_some() {
        for (key, r) in &plans.first {
            if !hosoku.contains(key) {
                out.push(missing_dependent(
                    r,
                    key,
                    FileKind::Hosoku,
                    hosoku_file,
                    Severity::Warning,
                ));
            }
        }
    }
}
