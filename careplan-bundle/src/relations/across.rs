//! Relations across units: 実績 sent back for a user-month links to the 第6表 予定 of the
//! same user-month (保険者番号 + 被保険者番号 + 対象年月), sent in an earlier unit.
//!
//! The 予定 units are indexed once by parties and month, and the user-months of each
//! group gathered once, so the check costs the keys of the units, not the product of
//! the number of result units and plan units.

use std::collections::{BTreeMap, BTreeSet};

use careplan_model::table6::Table6Record;
use careplan_model::value::OfficeNumber;
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Problem, Severity, TypedRecord};

use super::finding::{files_of, missing_parent, FirstByKey};
use crate::keys::UserMonthKey;
use crate::loaded::LoadedUnit;
use crate::unit::UnitKind;

/// A group of 予定 units: care office (sender), provider (receiver), month.
type Group = (OfficeNumber, OfficeNumber, Option<YearMonth>);

/// The 予定 units of one group, and the user-months they plan (gathered when a result
/// asks for them).
struct Plans {
    /// The latest plan unit sent, for the message.
    latest: usize,
    units: Vec<usize>,
    planned: Option<BTreeSet<UserMonthKey>>,
}

pub(super) fn results_against_plans(units: &[LoadedUnit<'_>]) -> Vec<(usize, Problem)> {
    let mut groups: BTreeMap<Group, Plans> = BTreeMap::new();
    for (i, p) in units.iter().enumerate() {
        if p.kind() != Some(UnitKind::ServiceTicket) {
            continue;
        }
        let group = (
            p.unit().sender().office(),
            p.unit().receiver().office(),
            p.unit().month(),
        );
        let plans = groups.entry(group).or_insert_with(|| Plans {
            latest: i,
            units: Vec::new(),
            planned: None,
        });
        plans.latest = i;
        plans.units.push(i);
    }
    let mut out = Vec::new();
    for (i, result) in units.iter().enumerate() {
        if result.kind() != Some(UnitKind::UsageResult) {
            continue;
        }
        let group = (
            result.unit().receiver().office(),
            result.unit().sender().office(),
            result.unit().month(),
        );
        let Some(plans) = groups.get_mut(&group) else {
            continue;
        };
        let planned = plans.planned.get_or_insert_with(|| {
            let of_units = || plans.units.iter().filter_map(|&p| units.get(p));
            let mut planned: BTreeSet<UserMonthKey> = of_units()
                .flat_map(|p| files_of(p, Table6Record::KINDS).collect::<Vec<_>>())
                .flat_map(|f| f.keys().user_months.iter().map(|(k, _)| *k))
                .collect();
            // 予定 rows that did not type still name their user-month (No.2, No.3, No.5).
            planned.extend(
                of_units()
                    .filter_map(|p| p.file(FileKind::UsagePlan))
                    .flat_map(|f| f.keys().untyped_user_months.iter().copied()),
            );
            planned
        });
        let latest = units.get(plans.latest);
        let firsts = FirstByKey::firsts_in(result, Table6Record::KINDS, |f| &f.keys().user_months);
        for (key, r) in &firsts.first {
            if !planned.contains(key) {
                out.push((
                    i,
                    missing_parent(
                        r,
                        key,
                        FileKind::UsagePlan,
                        latest.and_then(|l| l.file(FileKind::UsagePlan)),
                        Severity::Warning,
                    ),
                ));
            }
        }
    }
    out
}
