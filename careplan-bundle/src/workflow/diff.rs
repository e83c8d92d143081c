//! Plan against result: the 第6表 予定 rows a care office sent and the 実績 rows a provider
//! sent back, compared service by service.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use careplan_model::__private::item_ref;
use careplan_model::table6::Table6Record;
use careplan_model::value::{OfficeNumber, ServiceCode, ServiceKind, ServiceTime};
use careplan_model::{FileKind, Location, Problem, ProblemKind};
use serde::Serialize;

use crate::keys::UserMonthKey;

/// What differs between the plan a care office sent and the 実績 a provider sent back.
///
/// See [`Difference`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DifferenceKind {
    /// A result for a user-month nothing was planned for (once per user-month).
    NoPlan,
    /// A planned service without a result (No.10; No.15 when the code has no result at
    /// all), where the provider sent 実績 of that kind for the user-month.
    Missing,
    /// More results of a service code than planned (No.10).
    Extra,
    /// A result of a service code not planned for the user-month at that office (No.15).
    Code,
    /// Another day (No.10 サービス利用日).
    Date,
    /// Another start time (No.12 開始時刻).
    Start,
    /// Another end time (No.13 終了時刻).
    End,
    /// Another count (No.14 サービス回数).
    Count,
    /// Other units (No.8 単位数).
    Units,
}

impl DifferenceKind {
    /// The 第6表 item No. a difference of this kind is in.
    fn item(self) -> Option<u16> {
        match self {
            DifferenceKind::NoPlan => None,
            DifferenceKind::Code => Some(15),
            DifferenceKind::Missing | DifferenceKind::Extra | DifferenceKind::Date => Some(10),
            DifferenceKind::Start => Some(12),
            DifferenceKind::End => Some(13),
            DifferenceKind::Count => Some(14),
            DifferenceKind::Units => Some(8),
        }
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            DifferenceKind::Date => ("day", "サービス利用日"),
            DifferenceKind::Start => ("start", "開始時刻"),
            DifferenceKind::End => ("end", "終了時刻"),
            DifferenceKind::Count => ("count", "サービス回数"),
            DifferenceKind::Units => ("units", "単位数"),
            _ => ("service", "サービス"),
        }
    }
}

/// One difference between plan and result, as data: the user-month, the provider, the
/// planned row and the result row (either may be absent), what differs and where each row
/// is. [`Display`](fmt::Display) says it in English, [`message_ja`](Difference::message_ja)
/// in Japanese for care staff; [`to_problem`](Difference::to_problem) gives it as a
/// [`PlanResultDifference`](ProblemKind::PlanResultDifference) warning.
///
/// ```
/// use careplan_bundle::workflow::{DifferenceKind, ResultImport};
/// use careplan_bundle::FileSet;
/// use careplan_model::table6::Table6Record;
/// use careplan_model::{RawRecord, TypedRecord};
/// let row = |start: &str| Table6Record::from_raw(&RawRecord::from_texts([
///     "202407", "131001", "0000012345", "20250320", "202504", "0300000100", "", "250", "",
///     "20250401", "", start, "1100", "1", "111111", "", "", "", "", "0300000005", "", "", "0",
///     "0300000005", "",
/// ]));
/// let mut received = FileSet::new();
/// received.add_bytes(
///     "UPJSK_202504_0300000005_11_0300000100_43_20250501090000.CSV",
///     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1015,1100,1,\
///       111111,,,\"\",,0300000005,\"\",,0,0300000005,\r\n".to_vec(),
/// )?;
/// let report = ResultImport::new()
///     .plan_records("plan", row("1000"))
///     .run(&received);
/// let d = &report.differences[0];
/// assert_eq!(d.kind, DifferenceKind::Start);
/// assert_eq!(d.user.to_string(), "131001/0000012345/202504");
/// assert_eq!(d.provider.to_string(), "0300000005");
/// assert_eq!(d.plan.as_ref().map(|r| r.start.to_string()).as_deref(), Some("1000"));
/// assert_eq!(d.result.as_ref().map(|r| r.start.to_string()).as_deref(), Some("1015"));
/// assert_eq!(
///     d.to_string(),
///     "user 131001/0000012345, 202504, provider 0300000005: 111111 on 20250401: start 1015, planned 1000",
/// );
/// assert_eq!(
///     d.message_ja(),
///     "利用者 131001/0000012345 202504 事業所 0300000005: 111111（20250401）の開始時刻が予定の 1000 と違い 1015 です",
/// );
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Difference {
    /// What differs.
    pub kind: DifferenceKind,
    /// The 第6表 item No. it is in (No.15 サービスコード for a planned code with no result
    /// at all, No.10 for one occurrence missing).
    pub item: Option<u16>,
    /// The user-month.
    pub user: UserMonthKey,
    /// The office of the service (第6表 No.20).
    pub provider: OfficeNumber,
    /// The planned row (none for a result not planned).
    pub plan: Option<Table6Record>,
    /// The result row (none for a planned service without a result).
    pub result: Option<Table6Record>,
    /// Where the planned row is (for a result not planned: the user-month's or office's
    /// first planned row, when there is one).
    pub plan_at: Option<Location>,
    /// Where the result row is (for a service without a result: the first result of its
    /// kind).
    pub result_at: Option<Location>,
}

impl Difference {
    /// The row the difference is told about: the result, or the plan when there is none.
    fn row(&self) -> Option<&Table6Record> {
        self.result.as_ref().or(self.plan.as_ref())
    }

    /// The item's value in the result and in the plan, for a difference of one item.
    pub fn values(&self) -> Option<(String, String)> {
        let (p, r) = (self.plan.as_ref()?, self.result.as_ref()?);
        Some(match self.kind {
            DifferenceKind::Date => (r.service_date.to_string(), p.service_date.to_string()),
            DifferenceKind::Start => (r.start.to_string(), p.start.to_string()),
            DifferenceKind::End => (r.end.to_string(), p.end.to_string()),
            DifferenceKind::Count => (r.count.to_string(), p.count.to_string()),
            DifferenceKind::Units => (r.units.to_string(), p.units.to_string()),
            _ => return None,
        })
    }

    fn service(&self) -> (String, String) {
        self.row().map_or_else(Default::default, |r| {
            (r.service_code.to_string(), r.service_date.to_string())
        })
    }

    /// The difference in Japanese, for care staff.
    pub fn message_ja(&self) -> String {
        let (code, date) = self.service();
        let head = format!(
            "利用者 {}/{} {} 事業所 {}",
            self.user.insurer, self.user.insured, self.user.month, self.provider
        );
        let what = match self.kind {
            DifferenceKind::NoPlan => {
                format!("予定のない月の実績があります（{code}（{date}））")
            }
            DifferenceKind::Missing => format!("予定の {code}（{date}）に実績がありません"),
            DifferenceKind::Extra => format!("{code}（{date}）の実績が予定より多くあります"),
            DifferenceKind::Code => {
                format!("{code}（{date}）はこの事業所の予定にないサービスです")
            }
            k => {
                let (result, plan) = self.values().unwrap_or_default();
                format!(
                    "{code}（{date}）の{}が予定の {plan} と違い {result} です",
                    k.names().1
                )
            }
        };
        format!("{head}: {what}")
    }

    /// The difference in English.
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The difference as a [`PlanResultDifference`](ProblemKind::PlanResultDifference)
    /// warning at the result row (at the planned row for a service without a result),
    /// the other row related, `found` the result's value and `expected` the plan's: values
    /// only, each said once (the rows' files and lines are the location and the related
    /// place). A service without a result has no `found` (`expected` the planned row); a
    /// result without a plan no `expected` (`found` the result's row, or the user-month
    /// for a month with no plan at all).
    pub fn to_problem(&self) -> Problem {
        let describe = |r: &Table6Record| {
            format!(
                "{} {} {}-{} ×{}",
                r.service_code, r.service_date, r.start, r.end, r.count
            )
        };
        let row = |r: &Option<Table6Record>| r.as_ref().map(describe);
        let (here, other, found, expected) = match self.kind {
            DifferenceKind::NoPlan => (&self.result_at, None, Some(self.user.to_string()), None),
            DifferenceKind::Missing => (
                &self.plan_at,
                self.result_at.as_ref(),
                None,
                row(&self.plan),
            ),
            DifferenceKind::Extra | DifferenceKind::Code => (
                &self.result_at,
                self.plan_at.as_ref(),
                row(&self.result),
                None,
            ),
            _ => {
                let (found, expected) = self.values().unwrap_or_default();
                (
                    &self.result_at,
                    self.plan_at.as_ref(),
                    Some(found),
                    Some(expected),
                )
            }
        };
        let mut p = Problem::warning(ProblemKind::PlanResultDifference)
            .at(here.clone().unwrap_or_default());
        if let Some(found) = found {
            p = p.found(found);
        }
        if let Some(expected) = expected {
            p = p.expected(expected);
        }
        if let Some(r) = other {
            p = p.related(r.clone());
        }
        match self.item.and_then(|no| item_ref(FileKind::UsageResult, no)) {
            Some(item) => p.item(item),
            None => p,
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (code, date) = self.service();
        write!(
            f,
            "user {}/{}, {}, provider {}: ",
            self.user.insurer, self.user.insured, self.user.month, self.provider
        )?;
        match self.kind {
            DifferenceKind::NoPlan => {
                write!(f, "a result ({code} on {date}) for a month with no plan")
            }
            DifferenceKind::Missing => write!(f, "{code} planned on {date} has no result"),
            DifferenceKind::Extra => write!(f, "{code} on {date} is more than planned"),
            DifferenceKind::Code => write!(f, "{code} on {date} was not planned at this office"),
            k => {
                let (result, plan) = self.values().unwrap_or_default();
                write!(
                    f,
                    "{code} on {date}: {} {result}, planned {plan}",
                    k.names().0
                )
            }
        }
    }
}

/// A row to compare, with where it is.
pub(crate) struct Row<'a> {
    pub(crate) location: Location,
    pub(crate) record: &'a Table6Record,
}

/// The differences found and the number of result rows equal to their planned row.
pub(crate) struct Diff {
    pub(crate) differences: Vec<Difference>,
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

/// A difference of `kind` about `subject`: the planned and result rows (either may be
/// absent) and where the other side is told to be.
fn difference(
    kind: DifferenceKind,
    subject: &Table6Record,
    (plan, plan_at): (Option<&Row<'_>>, Option<&Location>),
    (result, result_at): (Option<&Row<'_>>, Option<&Location>),
) -> Difference {
    Difference {
        kind,
        item: kind.item(),
        user: UserMonthKey::of_table6(subject),
        provider: subject.provider,
        plan: plan.map(|r| r.record.clone()),
        result: result.map(|r| r.record.clone()),
        plan_at: plan.map(|r| &r.location).or(plan_at).cloned(),
        result_at: result.map(|r| &r.location).or(result_at).cloned(),
    }
}

/// Compares the results with the plans (see [`ResultImport`](super::ResultImport) for the
/// rules). `anchors`: where the plan of a user-month and office is, told for a result it
/// does not hold (the user-month's first planned row otherwise).
pub(crate) fn compare(
    plans: &[Row<'_>],
    results: &[Row<'_>],
    anchors: &BTreeMap<(UserMonthKey, OfficeNumber), Location>,
) -> Diff {
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
                DifferenceKind::NoPlan,
                r.record,
                (None, None),
                (Some(r), None),
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
                let mut d = difference(
                    DifferenceKind::Missing,
                    p.record,
                    (Some(p), None),
                    (None, Some(&cover.location)),
                );
                d.item = Some(15);
                out.differences.push(d);
            }
            continue;
        }
        if planned.is_empty() {
            let plan_at = anchors.get(&(um, provider)).unwrap_or(&first_plan.location);
            for r in done {
                out.differences.push(difference(
                    DifferenceKind::Code,
                    r.record,
                    (None, Some(plan_at)),
                    (Some(r), None),
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
            None => out.differences.push(difference(
                DifferenceKind::Extra,
                r.record,
                (None, planned.first().map(|p| &p.location)),
                (Some(r), None),
            )),
        }
    }
    for (j, p) in planned.iter().enumerate() {
        if !used.get(j).copied().unwrap_or(true) {
            out.differences.push(difference(
                DifferenceKind::Missing,
                p.record,
                (Some(p), None),
                (None, done.first().map(|r| &r.location)),
            ));
        }
    }
}

/// Compares a result row with its planned row, item by item: No.10 サービス利用日, No.12
/// 開始時刻, No.13 終了時刻, No.14 サービス回数 and No.8 単位数 (not when the result has 0:
/// 率加減算 units are optional in 実績 and 0 when they cannot be computed).
fn compare_pair(p: &Row<'_>, r: &Row<'_>, out: &mut Diff) {
    let (pr, rr) = (p.record, r.record);
    let kinds = [
        (DifferenceKind::Date, pr.service_date != rr.service_date),
        (DifferenceKind::Start, pr.start != rr.start),
        (DifferenceKind::End, pr.end != rr.end),
        (DifferenceKind::Count, pr.count != rr.count),
        (DifferenceKind::Units, rr.units != 0 && pr.units != rr.units),
    ];
    if kinds.iter().all(|(_, differs)| !differs) {
        out.matched += 1;
    }
    for (kind, differs) in kinds {
        if differs {
            out.differences
                .push(difference(kind, rr, (Some(p), None), (Some(r), None)));
        }
    }
}
