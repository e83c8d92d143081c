//! Plan against result: the 第6表 予定 rows a care office sent and the 実績 rows a provider
//! sent back, compared service by service.

use std::collections::{BTreeMap, BTreeSet};

use careplan_model::table6::Table6Record;
use careplan_model::typed::item_ref;
use careplan_model::value::{OfficeNumber, ServiceCode, ServiceKind, ServiceTime};
use careplan_model::{FileKind, Location, Problem, ProblemKind};

use crate::keys::UserMonthKey;

/// A row to compare, with where it is.
pub(crate) struct Row<'a> {
    pub(crate) location: Location,
    /// `FILE:LINE`, for messages.
    pub(crate) at: String,
    pub(crate) record: &'a Table6Record,
}

/// The differences found and the number of result rows equal to their planned row.
pub(crate) struct Diff {
    pub(crate) differences: Vec<Problem>,
    pub(crate) matched: usize,
}

type Group = (UserMonthKey, OfficeNumber, ServiceCode);

/// Whether a planned and a result row are the same service occurrence, by one rule.
type SameService = fn(&Table6Record, &Table6Record) -> bool;

fn group_of(r: &Table6Record) -> Group {
    (UserMonthKey::of_table6(r), r.provider, r.service_code)
}

fn time_key(t: ServiceTime) -> u16 {
    t.time().map_or(u16::MAX, |t| t.minutes_since_midnight())
}

fn sort_key(r: &Row<'_>) -> (careplan_model::value::Date, u16) {
    (r.record.service_date, time_key(r.record.start))
}

fn difference(
    at: &Location,
    related: Option<&Location>,
    found: String,
    expected: String,
) -> Problem {
    let mut p = Problem::warning(ProblemKind::PlanResultDifference)
        .at(at.clone())
        .found(found)
        .expected(expected);
    if let Some(r) = related {
        p = p.related(r.clone());
    }
    p
}

fn with_item(p: Problem, no: u16) -> Problem {
    match item_ref(FileKind::UsageResult, no) {
        Some(item) => p.item(item),
        None => p,
    }
}

fn describe(r: &Table6Record) -> String {
    format!(
        "{} {} {}-{} ×{}",
        r.service_code, r.service_date, r.start, r.end, r.count
    )
}

/// Compares the results with the plans (see [`ResultImport`](super::ResultImport) for the
/// rules).
pub(crate) fn compare(plans: &[Row<'_>], results: &[Row<'_>]) -> Diff {
    let mut planned_months: BTreeMap<UserMonthKey, &Row<'_>> = BTreeMap::new();
    let mut plan_groups: BTreeMap<Group, Vec<&Row<'_>>> = BTreeMap::new();
    for p in plans {
        planned_months
            .entry(UserMonthKey::of_table6(p.record))
            .or_insert(p);
        plan_groups.entry(group_of(p.record)).or_default().push(p);
    }
    let mut result_groups: BTreeMap<Group, Vec<&Row<'_>>> = BTreeMap::new();
    let mut covered: BTreeMap<(UserMonthKey, OfficeNumber, Option<ServiceKind>), &Row<'_>> =
        BTreeMap::new();
    for r in results {
        result_groups.entry(group_of(r.record)).or_default().push(r);
        let key = group_of(r.record);
        covered.entry((key.0, key.1, key.2.kind())).or_insert(r);
    }
    let mut out = Diff {
        differences: Vec::new(),
        matched: 0,
    };

    // Results of a user-month nothing was planned for: one difference per user-month.
    let mut unplanned: BTreeSet<UserMonthKey> = BTreeSet::new();
    for r in results {
        let um = UserMonthKey::of_table6(r.record);
        if !planned_months.contains_key(&um) && unplanned.insert(um) {
            out.differences.push(difference(
                &r.location,
                None,
                format!("{um} ({})", r.at),
                format!("第6表 予定 {um}: 予定なし / no plan for the user-month"),
            ));
        }
    }

    let groups: BTreeSet<Group> = plan_groups
        .keys()
        .chain(result_groups.keys())
        .copied()
        .collect();
    for group in groups {
        let (um, provider, code) = group;
        let Some(first_plan) = planned_months.get(&um) else {
            continue;
        };
        let mut planned: Vec<&Row<'_>> = plan_groups.get(&group).cloned().unwrap_or_default();
        let mut done: Vec<&Row<'_>> = result_groups.get(&group).cloned().unwrap_or_default();
        planned.sort_by_key(|r| sort_key(r));
        done.sort_by_key(|r| sort_key(r));
        if done.is_empty() {
            // Planned, no result: only where the provider sent 実績 of the kind for the
            // user-month (another kind's file may not have come yet).
            let Some(cover) = covered.get(&(um, provider, code.kind())) else {
                continue;
            };
            for p in planned {
                out.differences.push(with_item(
                    difference(
                        &p.location,
                        Some(&cover.location),
                        format!("実績なし / no result ({})", cover.at),
                        format!("{} ({})", describe(p.record), p.at),
                    ),
                    15,
                ));
            }
            continue;
        }
        if planned.is_empty() {
            for r in done {
                out.differences.push(with_item(
                    difference(
                        &r.location,
                        Some(&first_plan.location),
                        describe(r.record),
                        format!(
                            "予定なし / not planned for {um} at {provider} ({})",
                            first_plan.at
                        ),
                    ),
                    15,
                ));
            }
            continue;
        }
        pair(&planned, &done, &mut out);
    }
    out
}

/// Pairs the planned and result rows of one service code of a user-month: same day and
/// start first, then same day, then the rest in date order; compares each pair and
/// reports the rows left over.
fn pair(planned: &[&Row<'_>], done: &[&Row<'_>], out: &mut Diff) {
    let mut used = vec![false; planned.len()];
    let mut partner: Vec<Option<usize>> = vec![None; done.len()];
    let passes: [SameService; 2] = [
        |p, r| p.service_date == r.service_date && p.start == r.start,
        |p, r| p.service_date == r.service_date,
    ];
    for same in passes {
        for (i, r) in done.iter().enumerate() {
            if partner.get(i).copied().flatten().is_some() {
                continue;
            }
            let found = planned
                .iter()
                .enumerate()
                .find(|(j, p)| !used.get(*j).copied().unwrap_or(true) && same(p.record, r.record))
                .map(|(j, _)| j);
            if let Some(j) = found {
                if let (Some(u), Some(slot)) = (used.get_mut(j), partner.get_mut(i)) {
                    *u = true;
                    *slot = Some(j);
                }
            }
        }
    }
    // The rest, in date order: a service moved to another day.
    let free: Vec<usize> = (0..planned.len())
        .filter(|j| !used.get(*j).copied().unwrap_or(true))
        .collect();
    let mut free = free.into_iter();
    for slot in partner.iter_mut().filter(|s| s.is_none()) {
        match free.next() {
            Some(j) => {
                *slot = Some(j);
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
            }
            None => break,
        }
    }
    for (i, r) in done.iter().enumerate() {
        match partner
            .get(i)
            .copied()
            .flatten()
            .and_then(|j| planned.get(j))
        {
            Some(p) => compare_pair(p, r, out),
            None => out.differences.push(with_item(
                difference(
                    &r.location,
                    planned.first().map(|p| &p.location),
                    describe(r.record),
                    "予定なし / more than planned".to_string(),
                ),
                10,
            )),
        }
    }
    for (j, p) in planned.iter().enumerate() {
        if !used.get(j).copied().unwrap_or(true) {
            out.differences.push(with_item(
                difference(
                    &p.location,
                    done.first().map(|r| &r.location),
                    "実績なし / no result".to_string(),
                    format!("{} ({})", describe(p.record), p.at),
                ),
                10,
            ));
        }
    }
}

/// Compares a result row with its planned row, item by item: No.10 サービス利用日, No.12
/// 開始時刻, No.13 終了時刻, No.14 サービス回数 and No.8 単位数 (not when the result has 0:
/// 率加減算 units are optional in 実績 and 0 when they cannot be computed).
fn compare_pair(p: &Row<'_>, r: &Row<'_>, out: &mut Diff) {
    let (pr, rr) = (p.record, r.record);
    let mut items: Vec<(u16, String, String)> = Vec::new();
    if pr.service_date != rr.service_date {
        items.push((10, rr.service_date.to_string(), pr.service_date.to_string()));
    }
    if pr.start != rr.start {
        items.push((12, rr.start.to_string(), pr.start.to_string()));
    }
    if pr.end != rr.end {
        items.push((13, rr.end.to_string(), pr.end.to_string()));
    }
    if pr.count != rr.count {
        items.push((14, rr.count.to_string(), pr.count.to_string()));
    }
    if rr.units != 0 && pr.units != rr.units {
        items.push((8, rr.units.to_string(), pr.units.to_string()));
    }
    if items.is_empty() {
        out.matched += 1;
    }
    for (no, found, expected) in items {
        out.differences.push(with_item(
            difference(
                &r.location,
                Some(&p.location),
                found,
                format!("{expected} ({})", p.at),
            ),
            no,
        ));
    }
}
