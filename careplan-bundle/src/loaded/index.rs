//! The keys of a file's records that the checks across files need, gathered while the
//! file is read, so that the records themselves need not be kept.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use careplan_csv::Parsed;
use careplan_model::hosoku::{HosokuLink, HosokuRecord};
use careplan_model::plan1::PlanKey;
use careplan_model::value::{InsuredNumber, InsurerNumber, YearMonth};
use careplan_model::yobo_kihon::KihonKey;
use careplan_model::yobo_plan::YoboPlanKey;
use careplan_model::{AnyRecord, FileKind, Position, Problem, RawRecord};

use super::located::position_of;
use crate::keys::{plan2_key, plan3_key, raw_key, UserMonthKey};

/// The first position of each key in one file, sorted by key.
pub(crate) type Firsts<K> = Box<[(K, Position)]>;

/// The first position of each key, while the file is read, with the key last added: the
/// records of one key mostly come together (a file is sorted by user), so a record of the
/// key before costs a comparison instead of a search of the map.
struct Building<K> {
    map: BTreeMap<K, Position>,
    last: Option<K>,
}

impl<K> Default for Building<K> {
    fn default() -> Building<K> {
        Building {
            map: BTreeMap::new(),
            last: None,
        }
    }
}

/// What the relations need of one 利用者補足情報 record.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct HosokuEntry {
    pub(crate) insurer: InsurerNumber,
    pub(crate) insured: InsuredNumber,
    pub(crate) link: Option<HosokuLink>,
    /// `No.4 …, No.63 …` as read, for messages.
    pub(crate) found: String,
    pub(crate) position: Position,
    /// Whether the reader found an error in No.4, in No.63.
    pub(crate) error_at_4: bool,
    pub(crate) error_at_63: bool,
}

/// The keys of one file's typed records (records the reader could not type have none).
///
/// Memory is bounded by keys (users, user-months, plans), not by records: a key is kept
/// once with its first position, except where every record of a key matters (第1表 and
/// 補足, one record per key, where a second one is a duplicate to report; 利用者基本情報's
/// image names).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct KeyIndex {
    /// 第6表 and 第7表: 保険者番号 + 被保険者番号 + 対象年月.
    pub(crate) user_months: Firsts<UserMonthKey>,
    /// 第1表, every record in order.
    pub(crate) plan1: Vec<(PlanKey, Position)>,
    /// 第2表 and 第3表.
    pub(crate) plan_rows: Firsts<PlanKey>,
    /// 利用者補足情報, every record in order.
    pub(crate) hosoku: Vec<HosokuEntry>,
    /// 利用者基本情報 and its 別表.
    pub(crate) kihon: Firsts<KihonKey>,
    /// 利用者基本情報's No.62 family-structure image names (trimmed, non-empty), in order.
    pub(crate) images: Vec<(KihonKey, String, Position)>,
    /// 介護予防サービス・支援計画書 and its 別表.
    pub(crate) yobo_plans: Firsts<YoboPlanKey>,
    /// The keys of parent records that did not type, read from their raw items
    /// (保険者番号, 被保険者番号 and the key's third item): a parent with an error of its
    /// own still has its children (issue 13 §3). 第6表 予定, 第1表, 利用者基本情報,
    /// 支援計画書, each sorted.
    pub(crate) untyped_user_months: Box<[UserMonthKey]>,
    pub(crate) untyped_plans: Box<[PlanKey]>,
    pub(crate) untyped_kihon: Box<[KihonKey]>,
    pub(crate) untyped_yobo_plans: Box<[YoboPlanKey]>,
    /// 実績 rows that do not name the parties of the file's name
    /// ([`relations::result`](crate::relations)), found as the file was read: one problem
    /// per item and value, at its first row, with the number of rows when more than one
    /// (one mistake, one message: a name or a writer that is wrong makes every row differ).
    pub(crate) row_problems: Vec<Problem>,
}

/// A [`KeyIndex`] while its file is read.
#[derive(Default)]
pub(crate) struct KeyIndexBuilder {
    user_months: Building<UserMonthKey>,
    plan1: Vec<(PlanKey, Position)>,
    plan_rows: Building<PlanKey>,
    hosoku: Vec<HosokuEntry>,
    kihon: Building<KihonKey>,
    images: Vec<(KihonKey, String, Position)>,
    yobo_plans: Building<YoboPlanKey>,
    untyped_user_months: BTreeSet<UserMonthKey>,
    untyped_plans: BTreeSet<PlanKey>,
    untyped_kihon: BTreeSet<KihonKey>,
    untyped_yobo_plans: BTreeSet<YoboPlanKey>,
    row_problems: Vec<Problem>,
    /// The file's month, as its name gives it (monthly kinds): the month of the user-month
    /// keys of its 第6表 and 第7表 records. A record of another month in No.5 is the
    /// reader's MonthMismatch; keyed by its own month it would also lack its 補足 and 第7表
    /// (or they their parent): one mistake, one message.
    pub(crate) name_month: Option<YearMonth>,
    /// Where each (item No., value found, value expected) of `row_problems` is.
    row_index: HashMap<RowKey, usize>,
}

/// What tells a row's problem from another: the item, the value found and the one expected.
type RowKey = (Option<u16>, Option<String>, Option<String>);

fn first<K: Ord + Copy>(building: &mut Building<K>, key: K, position: Position) {
    if building.last == Some(key) {
        return;
    }
    building.last = Some(key);
    building.map.entry(key).or_insert(position);
}

/// Adds to `earlier` the first positions of the records read after its own: a key of both
/// keeps its earlier position, as one `Building` fed both runs in order would. The key last
/// added becomes the later run's (either is in the map with its first position, so the
/// shortcut of [`first`] gives the same result after it).
///
/// The smaller map goes into the larger (a part's keys into those of the file so far: the
/// cost is of the part's keys, not of the file's at every part).
fn join<K: Ord>(earlier: &mut Building<K>, mut later: Building<K>) {
    if earlier.map.len() >= later.map.len() {
        for (key, position) in later.map {
            earlier.map.entry(key).or_insert(position);
        }
    } else {
        // The earlier position replaces the later one of a key of both.
        later.map.extend(std::mem::take(&mut earlier.map));
        earlier.map = later.map;
    }
    if later.last.is_some() {
        earlier.last = later.last;
    }
}

/// Adds `other`'s keys to `set`, the smaller set into the larger.
fn union<K: Ord>(set: &mut BTreeSet<K>, mut other: BTreeSet<K>) {
    if set.len() < other.len() {
        std::mem::swap(set, &mut other);
    }
    set.extend(other);
}

fn sorted<K>(building: Building<K>) -> Firsts<K> {
    building.map.into_iter().collect()
}

fn error_at(problems: &[Problem], no: u16) -> bool {
    problems
        .iter()
        .any(|p| p.is_error() && p.location.item.is_some_and(|i| i.no == no))
}

impl KeyIndexBuilder {
    /// Takes the keys of one record as read from a file of `kind`.
    pub(crate) fn add(&mut self, parsed: &Parsed<AnyRecord>, kind: Option<FileKind>) {
        let any = match parsed {
            Parsed::Typed { record, .. } => record,
            Parsed::Raw { record, .. } => return self.add_untyped(record, kind),
            _ => return,
        };
        let at = position_of(parsed);
        let of_file = |mut key: UserMonthKey, month: Option<YearMonth>| {
            if let Some(m) = month {
                key.month = m;
            }
            key
        };
        match any {
            AnyRecord::Table6(r) => {
                let key = of_file(UserMonthKey::of_table6(r), self.name_month);
                first(&mut self.user_months, key, at)
            }
            AnyRecord::Table7(r) => {
                let key = of_file(UserMonthKey::of_table7(r), self.name_month);
                first(&mut self.user_months, key, at)
            }
            AnyRecord::Plan1(r) => self.plan1.push((r.key(), at)),
            AnyRecord::Plan2(r) => first(&mut self.plan_rows, plan2_key(r), at),
            AnyRecord::Plan3(r) => first(&mut self.plan_rows, plan3_key(r), at),
            AnyRecord::Hosoku(r) => self.hosoku.push(hosoku_entry(r, parsed.problems(), at)),
            AnyRecord::YoboKihon(r) => {
                first(&mut self.kihon, r.key(), at);
                let named = r.family_image.trim();
                if !named.is_empty() {
                    self.images.push((r.key(), named.to_string(), at));
                }
            }
            AnyRecord::YoboKihonSub1(r) => first(&mut self.kihon, r.key(), at),
            AnyRecord::YoboKihonSub2(r) => first(&mut self.kihon, r.key(), at),
            AnyRecord::YoboPlan(r) => first(&mut self.yobo_plans, r.key(), at),
            AnyRecord::YoboPlanSub(r) => first(&mut self.yobo_plans, r.key(), at),
            _ => {}
        }
    }

    /// The key of a parent record that did not type, when its key items hold values.
    fn add_untyped(&mut self, raw: &RawRecord, kind: Option<FileKind>) {
        match kind {
            Some(FileKind::UsagePlan) => {
                if let Some((insurer, insured, month)) = raw_key(raw, 5) {
                    let month = self.name_month.unwrap_or(month);
                    self.untyped_user_months
                        .insert(UserMonthKey::new(insurer, insured, month));
                }
            }
            Some(FileKind::Plan1) => {
                if let Some((insurer, insured, plan_date)) = raw_key(raw, 14) {
                    self.untyped_plans.insert(PlanKey {
                        insurer,
                        insured,
                        plan_date,
                    });
                }
            }
            Some(FileKind::YoboKihon) => {
                if let Some((insurer, insured, date)) = raw_key(raw, 4) {
                    self.untyped_kihon
                        .insert(KihonKey::new(insurer, insured, date));
                }
            }
            Some(FileKind::YoboPlan) => {
                if let Some((insurer, insured, date)) = raw_key(raw, 4) {
                    self.untyped_yobo_plans
                        .insert(YoboPlanKey::new(insurer, insured, date));
                }
            }
            _ => {}
        }
    }

    /// Adds the keys of the records read after this builder's own (`later`, of the same
    /// file): the index is the one a single builder fed every record in order gives — a
    /// key's first position is the earlier one, the lists of every record (第1表, 補足,
    /// image names, 実績 row problems) follow on in order, untyped parents join.
    pub(crate) fn absorb(&mut self, later: KeyIndexBuilder) {
        join(&mut self.user_months, later.user_months);
        self.plan1.extend(later.plan1);
        join(&mut self.plan_rows, later.plan_rows);
        self.hosoku.extend(later.hosoku);
        join(&mut self.kihon, later.kihon);
        self.images.extend(later.images);
        join(&mut self.yobo_plans, later.yobo_plans);
        union(&mut self.untyped_user_months, later.untyped_user_months);
        union(&mut self.untyped_plans, later.untyped_plans);
        union(&mut self.untyped_kihon, later.untyped_kihon);
        union(&mut self.untyped_yobo_plans, later.untyped_yobo_plans);
        for p in later.row_problems {
            self.add_row_problem(p);
        }
    }

    /// Takes a row's problem against the parties of the file's name: the first of its item
    /// and values is kept, the others counted in it ([`Problem::count`], left unset for
    /// one row). A problem already counting rows (of a later part of the file) adds them.
    pub(crate) fn add_row_problem(&mut self, p: Problem) {
        let key = (
            p.location.item.map(|i| i.no),
            p.found.clone(),
            p.expected.clone(),
        );
        let rows = p.count.unwrap_or(1);
        match self.row_index.get(&key) {
            Some(&i) => {
                if let Some(first) = self.row_problems.get_mut(i) {
                    first.count = Some(first.count.unwrap_or(1) + rows);
                }
            }
            None => {
                self.row_index.insert(key, self.row_problems.len());
                self.row_problems.push(p);
            }
        }
    }

    /// The index, each key's first position sorted by key.
    pub(crate) fn finish(self) -> KeyIndex {
        KeyIndex {
            user_months: sorted(self.user_months),
            plan1: self.plan1,
            plan_rows: sorted(self.plan_rows),
            hosoku: self.hosoku,
            kihon: sorted(self.kihon),
            images: self.images,
            yobo_plans: sorted(self.yobo_plans),
            untyped_user_months: self.untyped_user_months.into_iter().collect(),
            untyped_plans: self.untyped_plans.into_iter().collect(),
            untyped_kihon: self.untyped_kihon.into_iter().collect(),
            untyped_yobo_plans: self.untyped_yobo_plans.into_iter().collect(),
            row_problems: self.row_problems,
        }
    }
}

impl KeyIndex {
    /// How many keys are kept (records of 第1表 and 補足, image names included).
    pub(crate) fn len(&self) -> usize {
        self.user_months.len()
            + self.plan1.len()
            + self.plan_rows.len()
            + self.hosoku.len()
            + self.kihon.len()
            + self.images.len()
            + self.yobo_plans.len()
            + self.untyped_user_months.len()
            + self.untyped_plans.len()
            + self.untyped_kihon.len()
            + self.untyped_yobo_plans.len()
    }
}

fn hosoku_entry(r: &HosokuRecord, problems: &[Problem], position: Position) -> HosokuEntry {
    HosokuEntry {
        insurer: r.insurer,
        insured: r.insured,
        link: r.link(),
        found: format!("No.4 {}, No.63 {}", r.plan_date, r.month),
        position,
        error_at_4: error_at(problems, 4),
        error_at_63: error_at(problems, 63),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_keeps_each_keys_first_position_when_keys_come_back() {
        let mut b = Building::default();
        let at = |line| Position::new(line * 100, line, line);
        for (key, line) in [(2u32, 1), (2, 2), (1, 3), (2, 4), (1, 5), (3, 6), (3, 7)] {
            first(&mut b, key, at(line));
        }
        let firsts = sorted(b);
        assert_eq!(&firsts[..], &[(1, at(3)), (2, at(1)), (3, at(6))]);
    }

    #[test]
    fn joined_firsts_are_those_of_one_building_at_every_cut() {
        let at = |line| Position::new(line * 100, line, line);
        // Keys that come back, runs of one key across a cut, a key only after it.
        let keys = [2u32, 2, 1, 2, 2, 1, 3, 3, 4, 1, 4, 4, 5, 2];
        let fed = |range: std::ops::Range<usize>| {
            let mut b = Building::default();
            for i in range {
                first(&mut b, keys[i], at(i as u64 + 1));
            }
            b
        };
        let whole = sorted(fed(0..keys.len()));
        for k in 0..=keys.len() {
            let mut b = fed(0..k);
            join(&mut b, fed(k..keys.len()));
            // Fed on after the join (the key last added is right).
            first(&mut b, 6, at(99));
            first(&mut b, 2, at(100));
            let mut one = fed(0..keys.len());
            first(&mut one, 6, at(99));
            first(&mut one, 2, at(100));
            assert_eq!(sorted(b), sorted(one), "cut at {k}");
            let mut b = fed(0..k);
            join(&mut b, fed(k..keys.len()));
            assert_eq!(sorted(b), whole, "cut at {k}");
        }
    }
}
