//! The receiver's state and how units change it.

use std::collections::BTreeMap;

use careplan_csv::Sequence;
use careplan_model::hosoku::HosokuRecord;
use careplan_model::plan1::{Plan1Record, PlanKey};
use careplan_model::plan2::Plan2Record;
use careplan_model::plan3::Plan3Record;
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::OfficeNumber;
use careplan_model::yobo_kihon::{KihonKey, KihonRecord};
use careplan_model::yobo_kihon_sub2::KihonSub2Record;
use careplan_model::yobo_plan::{YoboPlanKey, YoboPlanRecord};
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::{
    FileKind, KihonDeleteRecord, KihonSub1Record, Plan1DeleteRecord, Problem, ProblemKind,
    Severity, UsagePlanDeleteRecord, UsageResultDeleteRecord, YoboPlanDeleteRecord,
};
use serde::{Serialize, Serializer};

use super::held::{HeldImage, HeldKihon, HeldPlan, HeldResult, HeldTicket, HeldYoboPlan};
use super::report::{Action, ApplyReport, Change, HeldKey};
use crate::keys::{hosoku_plan_key, plan2_key, plan3_key, ResultKey, UserMonthKey};
use crate::loaded::{LoadedUnit, Located};
use crate::relations::finding::missing_parent;
use crate::relations::yobo::{image_name, unnamed_images};
use crate::unit::UnitKind;

/// What a receiver holds after applying transmission units in order: an in-memory model
/// of the effect of an import, to inspect before committing it to a database.
///
/// Entries are keyed by the sender's office and the spec's keys ([`HeldKey`]): a
/// receiver holds what several senders sent, and a sender's delete removes only what that
/// sender sent. Applying a unit ([`apply`](ReceiverState::apply)):
///
/// | unit | effect |
/// |---|---|
/// | 第1表・第2表・第3表・補足 | each plan key it names is replaced by what the unit holds for it (第1表, 第2表 and 第3表 rows, 補足): a changed plan is simply resent |
/// | 第6表・第7表・補足 | each user-month it names is replaced (第6表 rows, 第7表 rows, 補足) |
/// | 第1表_削除 | deletes the plan: its 第1表, 第2表, 第3表 and 補足 |
/// | 第6表予定削除 | deletes the user-month's ticket: 第6表, 第7表 and 補足 |
/// | 実績 | each user-month, office (No.20) and kind (of No.15) it names is replaced: a correction resends every service of the file |
/// | 実績削除 | deletes by 保険者番号 + 被保険者番号 + 削除対象年月 + サービス事業者コード + サービス種類コード |
/// | 利用者基本情報 (± 支援計画書), 支援計画書 | each key is replaced with its 別表 rows (and the images its No.62 names; an image no record names is not held, a [`MissingParent`](ProblemKind::MissingParent) warning) |
/// | 利用者基本情報_削除, 支援計画書_削除 | deletes the record with its 別表 rows (and images) |
///
/// *Decisions.* The spec says a 第1表 delete removes its 第2表 and 第3表, and a 第6表 delete
/// its 第7表; the 補足 linked to them goes too, as it means nothing without its parent. The
/// standard prints nothing about what DLTKIHON and DLTYOBO take with them; FILES.tsv says
/// a 利用者基本情報 delete takes its 別表 and images, and the 支援計画書 delete is read the
/// same way. A delete of something not held is a
/// [`MissingParent`](ProblemKind::MissingParent) warning in the report.
///
/// Only the files that belong to the unit are applied, and only their typed records (the
/// others are listed in [`ApplyReport::not_applied`]); the unit's problems are the
/// caller's to weigh before applying ([`LoadedUnit::problems`]). Units are applied in the
/// order given: [`apply_all`](ReceiverState::apply_all) sorts them by sequence number, as
/// the spec processes them.
///
/// ```
/// use careplan_bundle::{Action, ReceiverState};
/// use careplan_bundle::FileSet;
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "UPJSK_202504_0300000005_11_0300000100_43_20250501090000.CSV",
///     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000005,\r\n".to_vec(),
/// )?;
/// set.add_bytes(
///     "DLTJSK_202504_0300000005_11_0300000100_43_20250502090000.CSV",
///     b"202407,131001,0000012345,202504,0300000005,11\r\n".to_vec(),
/// )?;
/// let mut state = ReceiverState::new();
/// let reports = state.apply_all(&set.units());
/// assert_eq!(reports[0].changes[0].action, Action::Added);
/// assert_eq!(reports[1].changes[0].action, Action::Deleted);
/// assert!(state.is_empty());
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
///
/// [`LoadedUnit::problems`]: crate::loaded::LoadedUnit::problems
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReceiverState {
    #[serde(skip_serializing_if = "Option::is_none")]
    receiver: Option<OfficeNumber>,
    #[serde(serialize_with = "values")]
    plans: BTreeMap<(OfficeNumber, PlanKey), HeldPlan>,
    #[serde(serialize_with = "values")]
    tickets: BTreeMap<(OfficeNumber, UserMonthKey), HeldTicket>,
    #[serde(serialize_with = "values")]
    results: BTreeMap<(OfficeNumber, ResultKey), HeldResult>,
    #[serde(serialize_with = "values")]
    kihon: BTreeMap<(OfficeNumber, KihonKey), HeldKihon>,
    #[serde(serialize_with = "values")]
    yobo_plans: BTreeMap<(OfficeNumber, YoboPlanKey), HeldYoboPlan>,
}

/// Serializes a map as the sequence of its values (which carry their keys).
fn values<K, V: Serialize, S: Serializer>(map: &BTreeMap<K, V>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(map.values())
}

impl ReceiverState {
    /// An empty state that accepts units addressed to any office.
    pub fn new() -> ReceiverState {
        ReceiverState::default()
    }

    /// An empty state of the office `receiver`: units addressed to another office are not
    /// applied ([`OtherReceiver`](ProblemKind::OtherReceiver)).
    pub fn for_receiver(receiver: OfficeNumber) -> ReceiverState {
        ReceiverState {
            receiver: Some(receiver),
            ..ReceiverState::default()
        }
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
            && self.tickets.is_empty()
            && self.results.is_empty()
            && self.kihon.is_empty()
            && self.yobo_plans.is_empty()
    }

    /// The care plans held, by sender and key.
    pub fn plans(&self) -> impl Iterator<Item = &HeldPlan> {
        self.plans.values()
    }

    /// The plan of `key` from `sender`.
    pub fn plan(&self, sender: OfficeNumber, key: PlanKey) -> Option<&HeldPlan> {
        self.plans.get(&(sender, key))
    }

    /// The service tickets held, by sender and user-month.
    pub fn tickets(&self) -> impl Iterator<Item = &HeldTicket> {
        self.tickets.values()
    }

    /// The ticket of `key` from `sender`.
    pub fn ticket(&self, sender: OfficeNumber, key: UserMonthKey) -> Option<&HeldTicket> {
        self.tickets.get(&(sender, key))
    }

    /// The 実績 held, by sender, user-month, office and kind.
    pub fn results(&self) -> impl Iterator<Item = &HeldResult> {
        self.results.values()
    }

    /// The 実績 of `key` from `sender`.
    pub fn result(&self, sender: OfficeNumber, key: ResultKey) -> Option<&HeldResult> {
        self.results.get(&(sender, key))
    }

    /// The 利用者基本情報 held.
    pub fn kihon(&self) -> impl Iterator<Item = &HeldKihon> {
        self.kihon.values()
    }

    /// The 介護予防サービス・支援計画書 held.
    pub fn yobo_plans(&self) -> impl Iterator<Item = &HeldYoboPlan> {
        self.yobo_plans.values()
    }

    /// Applies units in sequence-number order (the order of `units` for equal numbers),
    /// returning a report per unit in that order.
    pub fn apply_all(&mut self, units: &[LoadedUnit<'_>]) -> Vec<ApplyReport> {
        let mut order: Vec<&LoadedUnit<'_>> = units.iter().collect();
        order.sort_by_key(|u| u.unit().sequence());
        order.into_iter().map(|u| self.apply(u)).collect()
    }

    /// Applies one unit (see the [type](ReceiverState) for what each kind does).
    pub fn apply(&mut self, unit: &LoadedUnit<'_>) -> ApplyReport {
        let u = unit.unit();
        let mut report = ApplyReport {
            sequence: u.sequence(),
            sender: *u.sender(),
            receiver: *u.receiver(),
            kind: u.kind(),
            applied: false,
            changes: Vec::new(),
            problems: Vec::new(),
            not_applied: Vec::new(),
        };
        if let Some(own) = self.receiver.filter(|o| *o != u.receiver().office()) {
            let mut p = Problem::error(ProblemKind::OtherReceiver)
                .found(u.receiver().to_string())
                .expected(own.to_string());
            if let Some(f) = unit.files().next() {
                p = p.at(f.file_location());
            }
            report.problems.push(p);
            return report;
        }
        let Some(kind) = u.kind() else {
            return report;
        };
        for f in unit.files() {
            report
                .not_applied
                .extend(f.raw_positions().map(|p| f.location(p)));
        }
        let mut ctx = Ctx {
            sender: u.sender().office(),
            sequence: u.sequence(),
            report: &mut report,
        };
        match kind {
            UnitKind::PlanDocuments => self.apply_plans(unit, &mut ctx),
            UnitKind::ServiceTicket => self.apply_tickets(unit, &mut ctx),
            UnitKind::Plan1Delete => self.delete_plans(unit, &mut ctx),
            UnitKind::UsagePlanDelete => self.delete_tickets(unit, &mut ctx),
            UnitKind::UsageResult => self.apply_results(unit, &mut ctx),
            UnitKind::UsageResultDelete => self.delete_results(unit, &mut ctx),
            UnitKind::Kihon | UnitKind::KihonAndYoboPlan | UnitKind::YoboPlan => {
                self.apply_kihon(unit, &mut ctx);
                self.apply_yobo_plans(unit, &mut ctx);
            }
            UnitKind::KihonDelete => self.delete_kihon(unit, &mut ctx),
            UnitKind::YoboPlanDelete => self.delete_yobo_plans(unit, &mut ctx),
        }
        report.applied = true;
        report
    }

    fn apply_plans(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        let mut sent: BTreeMap<PlanKey, HeldPlan> = BTreeMap::new();
        let new = |k: PlanKey| HeldPlan::new(ctx.sender, k, ctx.sequence);
        for r in unit.records::<Plan1Record>() {
            let e = sent.entry(r.record.key()).or_insert_with_key(|k| new(*k));
            e.plan1.get_or_insert_with(|| r.record.clone());
        }
        for r in unit.records::<Plan2Record>() {
            let e = sent
                .entry(plan2_key(r.record))
                .or_insert_with_key(|k| new(*k));
            e.plan2.push(r.record.clone());
        }
        for r in unit.records::<Plan3Record>() {
            let e = sent
                .entry(plan3_key(r.record))
                .or_insert_with_key(|k| new(*k));
            e.plan3.push(r.record.clone());
        }
        for r in unit.records::<HosokuRecord>() {
            if let Some(key) = hosoku_plan_key(r.record) {
                let e = sent.entry(key).or_insert_with_key(|k| new(*k));
                e.hosoku.get_or_insert_with(|| r.record.clone());
            }
        }
        for (key, held) in sent {
            let k = (ctx.sender, key);
            let action = replace(&mut self.plans, k, held);
            ctx.change(action, HeldKey::Plan { sender: k.0, key });
        }
    }

    fn apply_tickets(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        let mut sent: BTreeMap<UserMonthKey, HeldTicket> = BTreeMap::new();
        let new = |k: UserMonthKey| HeldTicket::new(ctx.sender, k, ctx.sequence);
        for r in unit.records::<Table6Record>() {
            let e = sent
                .entry(UserMonthKey::of_table6(r.record))
                .or_insert_with_key(|k| new(*k));
            e.table6.push(r.record.clone());
        }
        for r in unit.records::<Table7Record>() {
            let e = sent
                .entry(UserMonthKey::of_table7(r.record))
                .or_insert_with_key(|k| new(*k));
            e.table7.push(r.record.clone());
        }
        for r in unit.records::<HosokuRecord>() {
            if let Some(key) = UserMonthKey::of_hosoku(r.record) {
                let e = sent.entry(key).or_insert_with_key(|k| new(*k));
                e.hosoku.get_or_insert_with(|| r.record.clone());
            }
        }
        for (key, held) in sent {
            let k = (ctx.sender, key);
            let action = replace(&mut self.tickets, k, held);
            ctx.change(action, HeldKey::Ticket { sender: k.0, key });
        }
    }

    fn apply_results(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        let mut sent: BTreeMap<ResultKey, HeldResult> = BTreeMap::new();
        for r in unit.records::<Table6Record>() {
            match ResultKey::of_row(r.record) {
                Some(key) => sent
                    .entry(key)
                    .or_insert_with(|| HeldResult::new(ctx.sender, key, ctx.sequence))
                    .rows
                    .push(r.record.clone()),
                // 999999 has no kind: the row cannot be filed.
                None => ctx.report.not_applied.push(r.location()),
            }
        }
        for (key, held) in sent {
            let k = (ctx.sender, key);
            let action = replace(&mut self.results, k, held);
            ctx.change(action, HeldKey::Result { sender: k.0, key });
        }
    }

    fn apply_kihon(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        let mut sent: BTreeMap<KihonKey, HeldKihon> = BTreeMap::new();
        let new = |k: KihonKey| HeldKihon::new(ctx.sender, k, ctx.sequence);
        let images: Vec<HeldImage> = unit
            .files()
            .filter(|f| f.kind() == Some(FileKind::YoboKihonImage))
            .map(|f| HeldImage {
                name: image_name(f),
                bytes: f.bytes().to_vec(),
            })
            .collect();
        // An image no record names is not held: say so.
        ctx.report.problems.extend(unnamed_images(unit));
        for r in unit.records::<KihonRecord>() {
            let e = sent.entry(r.record.key()).or_insert_with_key(|k| new(*k));
            if e.kihon.is_none() {
                let named = r.record.family_image.trim().to_uppercase();
                e.images.extend(
                    images
                        .iter()
                        .filter(|i| !named.is_empty() && i.name == named)
                        .cloned(),
                );
                e.kihon = Some(r.record.clone());
            }
        }
        for r in unit.records::<KihonSub1Record>() {
            let e = sent.entry(r.record.key()).or_insert_with_key(|k| new(*k));
            e.sub1.push(r.record.clone());
        }
        for r in unit.records::<KihonSub2Record>() {
            let e = sent.entry(r.record.key()).or_insert_with_key(|k| new(*k));
            e.sub2.push(r.record.clone());
        }
        for (key, held) in sent {
            let k = (ctx.sender, key);
            let action = replace(&mut self.kihon, k, held);
            ctx.change(action, HeldKey::Kihon { sender: k.0, key });
        }
    }

    fn apply_yobo_plans(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        let mut sent: BTreeMap<YoboPlanKey, HeldYoboPlan> = BTreeMap::new();
        let new = |k: YoboPlanKey| HeldYoboPlan::new(ctx.sender, k, ctx.sequence);
        for r in unit.records::<YoboPlanRecord>() {
            let e = sent.entry(r.record.key()).or_insert_with_key(|k| new(*k));
            e.plan.get_or_insert_with(|| r.record.clone());
        }
        for r in unit.records::<YoboPlanSubRecord>() {
            let e = sent.entry(r.record.key()).or_insert_with_key(|k| new(*k));
            e.sub.push(r.record.clone());
        }
        for (key, held) in sent {
            let k = (ctx.sender, key);
            let action = replace(&mut self.yobo_plans, k, held);
            ctx.change(action, HeldKey::YoboPlan { sender: k.0, key });
        }
    }

    fn delete_plans(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        for r in unit.records::<Plan1DeleteRecord>() {
            let key = r.record.key();
            let held = HeldKey::Plan {
                sender: ctx.sender,
                key,
            };
            let removed = self.plans.remove(&(ctx.sender, key)).is_some();
            ctx.deleted(removed, held, &r, &key, FileKind::Plan1);
        }
    }

    fn delete_tickets(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        for r in unit.records::<UsagePlanDeleteRecord>() {
            let key = UserMonthKey::of_plan_delete(r.record);
            let held = HeldKey::Ticket {
                sender: ctx.sender,
                key,
            };
            let removed = self.tickets.remove(&(ctx.sender, key)).is_some();
            ctx.deleted(removed, held, &r, &key, FileKind::UsagePlan);
        }
    }

    fn delete_results(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        for r in unit.records::<UsageResultDeleteRecord>() {
            let key = ResultKey::of_delete(r.record);
            let held = HeldKey::Result {
                sender: ctx.sender,
                key,
            };
            let removed = self.results.remove(&(ctx.sender, key)).is_some();
            ctx.deleted(removed, held, &r, &key, FileKind::UsageResult);
        }
    }

    fn delete_kihon(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        for r in unit.records::<KihonDeleteRecord>() {
            let key = r.record.key();
            let held = HeldKey::Kihon {
                sender: ctx.sender,
                key,
            };
            let removed = self.kihon.remove(&(ctx.sender, key)).is_some();
            ctx.deleted(removed, held, &r, &key, FileKind::YoboKihon);
        }
    }

    fn delete_yobo_plans(&mut self, unit: &LoadedUnit<'_>, ctx: &mut Ctx<'_>) {
        for r in unit.records::<YoboPlanDeleteRecord>() {
            let key = r.record.key();
            let held = HeldKey::YoboPlan {
                sender: ctx.sender,
                key,
            };
            let removed = self.yobo_plans.remove(&(ctx.sender, key)).is_some();
            ctx.deleted(removed, held, &r, &key, FileKind::YoboPlan);
        }
    }
}

/// The unit being applied.
struct Ctx<'r> {
    sender: OfficeNumber,
    sequence: Sequence,
    report: &'r mut ApplyReport,
}

impl Ctx<'_> {
    fn change(&mut self, action: Action, key: HeldKey) {
        self.report.changes.push(Change { action, key });
    }

    /// A delete done, or a warning that there was nothing to delete.
    fn deleted<T>(
        &mut self,
        removed: bool,
        held: HeldKey,
        r: &Located<'_, T>,
        key: &dyn std::fmt::Display,
        target: FileKind,
    ) {
        if removed {
            self.change(Action::Deleted, held);
        } else {
            let mut p = missing_parent(r, key, target, None, Severity::Warning);
            p.expected = Some(format!(
                "{} {key} (受信済み / held, from {})",
                target.name_ja(),
                self.sender
            ));
            self.report.problems.push(p);
        }
    }
}

/// Puts `held` at `key`: added or replaced.
fn replace<K: Ord, V>(map: &mut BTreeMap<K, V>, key: K, held: V) -> Action {
    match map.insert(key, held) {
        Some(_) => Action::Replaced,
        None => Action::Added,
    }
}
