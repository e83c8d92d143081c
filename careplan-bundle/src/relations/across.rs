//! Relations across units: 実績 sent back for a user-month links to the 第6表 予定 of the
//! same user-month (保険者番号 + 被保険者番号 + 対象年月), sent in an earlier unit.

use std::collections::BTreeSet;

use careplan_model::table6::Table6Record;
use careplan_model::{FileKind, Problem, Severity};

use super::finding::{missing_parent, untyped_records, FirstByKey};
use crate::keys::{raw_key, UserMonthKey};
use crate::loaded::LoadedUnit;
use crate::unit::UnitKind;

pub(super) fn results_against_plans(units: &[LoadedUnit<'_>]) -> Vec<(usize, Problem)> {
    let mut out = Vec::new();
    for (i, result) in units.iter().enumerate() {
        if result.kind() != Some(UnitKind::UsageResult) {
            continue;
        }
        let month = result.unit().month();
        let plans: Vec<&LoadedUnit<'_>> = units
            .iter()
            .filter(|p| {
                p.kind() == Some(UnitKind::ServiceTicket)
                    && p.unit().sender().office() == result.unit().receiver().office()
                    && p.unit().receiver().office() == result.unit().sender().office()
                    && p.unit().month() == month
            })
            .collect();
        // The latest plan sent, for the message.
        let Some(latest) = plans.last() else { continue };
        let mut planned: BTreeSet<UserMonthKey> = plans
            .iter()
            .flat_map(|p| p.records::<Table6Record>())
            .map(|r| UserMonthKey::of_table6(r.record))
            .collect();
        // 予定 rows that did not type still name their user-month (No.2, No.3, No.5).
        planned.extend(
            plans
                .iter()
                .flat_map(|p| untyped_records(p.file(FileKind::UsagePlan)))
                .filter_map(|raw| raw_key(raw, 5))
                .map(|(a, b, m)| UserMonthKey::new(a, b, m)),
        );
        let mut firsts = FirstByKey::new();
        let mut ignored = Vec::new();
        for r in result.records::<Table6Record>() {
            firsts.add(UserMonthKey::of_table6(r.record), r, false, &mut ignored);
        }
        for (key, r) in &firsts.first {
            if !planned.contains(key) {
                out.push((
                    i,
                    missing_parent(
                        r,
                        key,
                        FileKind::UsagePlan,
                        latest.file(FileKind::UsagePlan),
                        Severity::Warning,
                    ),
                ));
            }
        }
    }
    out
}
