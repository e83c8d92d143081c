//! The service-ticket unit: 第6表 予定 is the parent of 第7表 and 利用者補足情報 by
//! 保険者番号 + 被保険者番号 + 対象年月.

use careplan_model::hosoku::{HosokuLink, HosokuRecord, PlanDate};
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Problem, Severity, TypedRecord};

use super::finding::{files_of, wrong_hosoku_link, FirstByKey, Spot};
use crate::keys::UserMonthKey;
use crate::loaded::{LoadedFile, LoadedUnit};

pub(super) fn check(unit: &LoadedUnit<'_>, out: &mut Vec<Problem>) {
    let plan_file = unit.file(FileKind::UsagePlan);
    let summary_file = unit.file(FileKind::UsageSummary);
    let hosoku_file = unit.file(FileKind::Hosoku);
    let month = unit.unit().month();

    let mut plan = FirstByKey::firsts_in(unit, Table6Record::KINDS, |f| &f.keys().user_months);
    // A 第6表 row that did not type (its own error) still has its user-month (No.2, No.3,
    // No.5): its 第7表 and 補足 are not orphans on top of that error.
    if let Some(f) = plan_file {
        plan.add_untyped(&f.keys().untyped_user_months);
    }
    let summary = FirstByKey::firsts_in(unit, Table7Record::KINDS, |f| &f.keys().user_months);
    let mut hosoku = FirstByKey::new();
    for file in files_of(unit, HosokuRecord::KINDS) {
        // A file named for the unit's month: a record of another month in No.63 is the
        // reader's MonthMismatch already (listed once, its repeats counted), not a second
        // message per record here.
        let named_for_month = month.is_some() && file.name().and_then(|n| n.month()) == month;
        for h in &file.keys().hosoku {
            let r = Spot {
                file,
                position: h.position,
            };
            match h.link {
                Some(HosokuLink::Usage(m)) => {
                    if month.is_some_and(|um| um != m) && !h.error_at_63 && !named_for_month {
                        out.push(wrong_link(&r, &h.found, month, 63, plan_file));
                    }
                    // Keyed by the file's month, as the 第6表 and 第7表 records are
                    // (loaded::index): a record of another month is the reader's problem.
                    let m = if named_for_month {
                        month.unwrap_or(m)
                    } else {
                        m
                    };
                    let key = UserMonthKey::new(h.insurer, h.insured, m);
                    hosoku.add(key, r, true, out);
                }
                Some(HosokuLink::Plan(_)) if !h.error_at_4 && !h.error_at_63 => {
                    out.push(wrong_link(&r, &h.found, month, 4, plan_file));
                }
                // Already reported by the reader, or No.4 and No.63 disagree (the
                // record's own rule says so).
                _ => {}
            }
        }
    }

    if plan_file.is_some() {
        summary.report_orphans(&plan, FileKind::UsagePlan, plan_file, Severity::Error, out);
        hosoku.report_orphans(&plan, FileKind::UsagePlan, plan_file, Severity::Error, out);
    }
    plan.report_missing_dependents(&hosoku, FileKind::Hosoku, hosoku_file, Severity::Error, out);
    plan.report_missing_dependents(
        &summary,
        FileKind::UsageSummary,
        summary_file,
        Severity::Warning,
        out,
    );
}

/// A 補足 record of a service ticket that links otherwise than to the unit's month: No.4
/// must be `00000000` and No.63 the month.
fn wrong_link(
    r: &Spot<'_>,
    found: &str,
    month: Option<YearMonth>,
    no: u16,
    plan_file: Option<&LoadedFile>,
) -> Problem {
    // The link of a 補足 sent with 第6表・第7表.
    let expected = format!(
        "No.4 {}, No.63 {}",
        PlanDate::FOR_USAGE,
        month.map_or_else(|| "YYYYMM".to_string(), |m| m.to_string())
    );
    wrong_hosoku_link(r, found, no, expected, plan_file)
}
