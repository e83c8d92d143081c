//! The plan-documents unit: 第1表 is the parent of 第2表, 第3表 and 利用者補足情報 by
//! 保険者番号 + 被保険者番号 + 居宅サービス計画作成（変更）日.

use careplan_model::hosoku::{HosokuLink, HosokuRecord, TargetMonth};
use careplan_model::plan1::{Plan1Record, PlanKey};
use careplan_model::plan2::Plan2Record;
use careplan_model::plan3::Plan3Record;
use careplan_model::{FileKind, Problem, Severity, TypedRecord};

use super::finding::{files_of, wrong_hosoku_link, FirstByKey, Spot};
use crate::loaded::LoadedUnit;

/// What No.4 holds in a plan set: 第1表's No.14 居宅サービス計画作成（変更）日.
const PLAN_DATE: &str = "第1表 No.14";

pub(super) fn check(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    let plan1_file = unit.file(FileKind::Plan1);
    let hosoku_file = unit.file(FileKind::Hosoku);

    let mut plans = FirstByKey::new();
    for file in files_of(unit, Plan1Record::KINDS) {
        for &(key, position) in &file.keys().plan1 {
            plans.add(key, Spot { file, position }, true, out);
        }
    }
    // A 第1表 that did not type (its own error) still has its plan's key (No.2, No.3,
    // No.14): its 第2表, 第3表 and 補足 are not orphans on top of that error.
    if let Some(f) = plan1_file {
        plans.add_untyped(&f.keys().untyped_plans);
    }
    let rows2 = FirstByKey::firsts_in(unit, Plan2Record::KINDS, |f| &f.keys().plan_rows);
    let rows3 = FirstByKey::firsts_in(unit, Plan3Record::KINDS, |f| &f.keys().plan_rows);
    let mut hosoku = FirstByKey::new();
    for file in files_of(unit, HosokuRecord::KINDS) {
        for h in &file.keys().hosoku {
            let r = Spot {
                file,
                position: h.position,
            };
            match h.link {
                Some(HosokuLink::Plan(plan_date)) => {
                    let key = PlanKey {
                        insurer: h.insurer,
                        insured: h.insured,
                        plan_date,
                    };
                    hosoku.add(key, r, true, out);
                }
                Some(HosokuLink::Usage(_)) if !h.error_at_4 && !h.error_at_63 => {
                    let expected = format!("No.4 {PLAN_DATE}, No.63 {}", TargetMonth::FOR_PLAN);
                    out.push(wrong_hosoku_link(&r, &h.found, 63, expected, plan1_file));
                }
                _ => {}
            }
        }
    }

    if plan1_file.is_some() {
        rows2.report_orphans(&plans, FileKind::Plan1, plan1_file, Severity::Error, out);
        rows3.report_orphans(&plans, FileKind::Plan1, plan1_file, Severity::Error, out);
        hosoku.report_orphans(&plans, FileKind::Plan1, plan1_file, Severity::Error, out);
    }
    plans.report_missing_dependents(
        &hosoku,
        FileKind::Hosoku,
        hosoku_file,
        Severity::Warning,
        out,
    );
}
