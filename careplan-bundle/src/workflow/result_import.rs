//! Care office, 提供票(実績)取込: the providers' 実績, validated and compared with the plans
//! the care office sent.

use std::collections::BTreeMap;

use careplan_csv::{Party, Sequence};
use careplan_model::table6::Table6Record;
use careplan_model::value::OfficeNumber;
use careplan_model::{FileKind, Location, Position, Problem, ProblemKind};
use serde::Serialize;

use super::diff::{compare, Difference, Row};
use super::not_taken_unit;
use crate::apply::ReceiverState;
use crate::keys::{ResultKey, UserMonthKey};
use crate::loaded::FileSet;
use crate::unit::UnitKind;

/// A 実績 row taken in, with where it came from.
///
/// See [`ResultImportReport`] for an example.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResultRow {
    /// The file, as displayed.
    pub file: String,
    /// Where in the file.
    pub position: Position,
    /// The sequence number of the unit.
    pub sequence: Sequence,
    /// The provider that sent it.
    pub sender: Party,
    /// The row.
    pub record: Table6Record,
}

/// What a result import found.
///
/// ```
/// use careplan_bundle::workflow::{DifferenceKind, ResultImport};
/// use careplan_bundle::FileSet;
/// let mut received = FileSet::new();
/// received.add_bytes(
///     "UPJSK_202504_0300000005_0300000100_20250501090000.CSV",
///     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000005,\r\n".to_vec(),
/// )?;
/// let report = ResultImport::new().run(&received);
/// let row = &report.results[0];
/// assert_eq!((row.sequence.as_str(), row.position.line()), ("20250501090000", 1));
/// assert_eq!(row.sender.to_string(), "0300000005");
/// assert_eq!(row.record.service_code.to_string(), "111111");
/// // No plan was given: the user-month has none.
/// assert_eq!(report.differences[0].kind, DifferenceKind::NoPlan);
/// assert_eq!(report.matched, 0);
/// // The legacy name is the only problem of the file.
/// assert!(!report.has_errors());
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ResultImportReport {
    /// The 実績 rows taken in: the latest of each user-month, office and kind.
    pub results: Vec<ResultRow>,
    /// The differences between plan and result, as data
    /// ([`Difference::to_problem`] gives each as a
    /// [`PlanResultDifference`](ProblemKind::PlanResultDifference) warning).
    pub differences: Vec<Difference>,
    /// The problems of the files read (records, files, units), the files left aside and
    /// the units addressed to another office.
    pub problems: Vec<Problem>,
    /// The result rows equal to their planned row.
    pub matched: usize,
}

impl ResultImportReport {
    /// Whether any problem of the files is an error (differences are not problems of the
    /// files).
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// The differences as [`PlanResultDifference`](ProblemKind::PlanResultDifference)
    /// warnings, e.g. to list them with the problems.
    pub fn difference_problems(&self) -> Vec<Problem> {
        self.differences
            .iter()
            .map(Difference::to_problem)
            .collect()
    }
}

/// A planned row, owned, with where it came from.
#[derive(Clone, Debug)]
struct PlanRow {
    location: Location,
    record: Table6Record,
    /// The 第6表 予定 file it was read from (none for a record given as such).
    source: Option<PlanSource>,
}

/// A 第6表 予定 file the plans were read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PlanSource {
    /// The file's number among the plan files read (across calls of `plans_from`).
    id: usize,
    /// The sequence number in its name.
    sequence: Option<Sequence>,
    /// The office it was sent to.
    receiver: Option<OfficeNumber>,
}

/// The care office's 提供票(実績)取込 (seed manual 2-2): read the UPJSK files (or ZIPs of
/// them) the providers sent, validate them, match them to the plans the care office sent,
/// and report the differences between plan and result.
///
/// - **Results.** Only 実績 files and their deletes are taken, as the manual's screen says
///   (UPJSK, DLTJSK; legacy or 4.1 names). A file whose name is not of the standard is
///   left aside with an [`IgnoredEntry`](ProblemKind::IgnoredEntry) warning; each file of
///   a unit of another kind with a [`NotTaken`](ProblemKind::NotTaken) warning, and the
///   unit's composition problems are reported. With
///   [`office`](ResultImport::office), units addressed to another office are not taken
///   ([`OtherReceiver`](ProblemKind::OtherReceiver)). Units are taken in sequence-number
///   order, as a [`ReceiverState`] applies them: a later 実績 of the same user-month,
///   office (No.20) and kind replaces an earlier one (a correction resends every service),
///   and a DLTJSK removes the 実績 of its key (保険者番号, 被保険者番号, 削除対象年月,
///   サービス事業者コード, サービス種類コード) sent before it; a DLTJSK of a 実績 not sent before
///   it is a [`MissingParent`](ProblemKind::MissingParent) warning. The results are the
///   latest state.
/// - **Plans.** The 第6表 予定 files the care office sent ([`plans_from`](ResultImport::plans_from):
///   its export ZIPs, read into a [`FileSet`]; a provider's 実績 is compared with the
///   latest file sent to that provider that holds the user-month, or the latest file that
///   holds it when none was sent to the provider) and/or the records from its own database
///   ([`plan_records`](ResultImport::plan_records)).
/// - **Matching.** A result row is matched to the planned rows of the same user-month,
///   office (No.20) and service code (No.15): first the same day and start time, then the
///   same day, then the rest in date order (a service moved to another day).
/// - **Differences** are values ([`Difference`]: the user-month, the provider, the planned
///   and the result row, what differs — [`DifferenceKind`](super::DifferenceKind) — and
///   where each row is; [`Difference::to_problem`] makes a
///   [`PlanResultDifference`](ProblemKind::PlanResultDifference) warning of one):
///   - a result for a user-month with no plan (`NoPlan`, once per user-month);
///   - a result of a service code not planned for the user-month at that office (`Code`,
///     No.15);
///   - more results of a code than planned (`Extra`, No.10), or planned services without a
///     result (`Missing`: No.10; No.15 when the code has no result at all) — only where
///     the provider sent 実績 of that kind for the user-month, as another kind's file may
///     not have come yet;
///   - a different day (`Date`, No.10), start (`Start`, No.12) or end time (`End`,
///     No.13), count (`Count`, No.14) or units (`Units`, No.8; not when the result's units
///     are 0: 率加減算 units are optional in 実績 and 0 when they cannot be computed), one
///     difference per item.
///
/// ```
/// use careplan_bundle::build::Table7Builder;
/// use careplan_bundle::workflow::{DifferenceKind, PlanExport, ResultExport, ResultImport};
/// use careplan_bundle::FileSet;
/// use careplan_csv::{Party, Sequence};
/// use careplan_model::hosoku::HosokuRecord;
/// use careplan_model::table6::Table6Record;
/// use careplan_model::value::{ParseError, Sex};
/// use careplan_model::ProblemKind;
/// // 訪問介護 (111111, 250 units) at 0300000005 on `date` from `start` to 11:00, in the
/// // plan the care office 0300000100 made on 2025-03-20.
/// let user = "131001/0000012345".parse()?;
/// let visit = |date: &str, start: &str| -> Result<Table6Record, ParseError> {
///     let (care, created) = ("0300000100".parse()?, "20250320".parse()?);
///     let (code, provider) = ("111111".parse()?, "0300000005".parse()?);
///     let mut r = Table6Record::planned(care, created, user, date.parse()?, code, 250, provider);
///     r.start = start.parse()?;
///     r.end = "1100".parse()?;
///     Ok(r)
/// };
/// let (month, born) = ("202504".parse()?, "19400101".parse()?);
/// let mut hosoku = HosokuRecord::for_month(user, month, "ﾔﾏﾀﾞ", "山田", Sex::Female, born);
/// hosoku.category_limit = Some(16765);
/// let care_office: Party = "0300000100_43".parse()?;
/// let provider: Party = "0300000005_11".parse()?;
/// let plan = PlanExport::new(care_office, month)
///     .receiver(provider)
///     .sequence(Sequence::parse("20250325100000")?)
///     .table6([visit("20250401", "1000")?, visit("20250408", "1000")?])
///     .hosoku([hosoku])
///     .table7_from(Table7Builder::new().default_unit_price("11.40".parse()?))
///     .build()?;
/// // The provider's 実績 (No.24 更新業者コード: the provider): the 8th started 15 minutes late.
/// let mut on_time = visit("20250401", "1000")?;
/// on_time.updater = Some(provider.office());
/// let mut late = visit("20250408", "1015")?;
/// late.updater = Some(provider.office());
/// let result = ResultExport::new(provider, care_office, month)
///     .sequence(Sequence::parse("20250501090000")?)
///     .records([on_time, late])
///     .build()?;
///
/// let mut sent = FileSet::new();
/// sent.add_bytes("plan.zip", plan.to_zip()?)?;
/// let mut received = FileSet::new();
/// received.add_bytes("result.zip", result.to_zip()?)?;
/// let report = ResultImport::new()
///     .office(care_office.office())
///     .plans_from(&sent)
///     .run(&received);
/// assert!(!report.has_errors());
/// assert_eq!(report.results.len(), 2);
/// assert_eq!(report.matched, 1);
/// let d = &report.differences[0];
/// assert_eq!(d.kind, DifferenceKind::Start);
/// assert_eq!(d.values(), Some(("1015".to_string(), "1000".to_string())));
/// assert_eq!(d.result_at.as_ref().and_then(|l| l.line), Some(2));
/// assert_eq!(d.plan_at.as_ref().and_then(|l| l.line), Some(2));
/// // As a problem: a warning at the result's No.12, the plan's row related.
/// let p = d.to_problem();
/// assert_eq!((p.kind, p.location.item.map(|i| i.no)), (ProblemKind::PlanResultDifference, Some(12)));
/// assert_eq!(p.found.as_deref(), Some("1015"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct ResultImport {
    own: Option<OfficeNumber>,
    plans: Vec<PlanRow>,
    /// The 第6表 予定 files read so far.
    plan_files: usize,
}

impl ResultImport {
    /// An import with no plans yet, taking 実績 addressed to any office.
    pub fn new() -> ResultImport {
        ResultImport::default()
    }

    /// Takes only 実績 addressed to the care office `own`.
    pub fn office(mut self, own: OfficeNumber) -> ResultImport {
        self.own = Some(own);
        self
    }

    /// The plans sent, from the 第6表 予定 files of `set` (the care office's export ZIPs, one
    /// set per provider). A provider's 実績 is compared with the plan sent to it: of each
    /// user-month, the rows of the latest file sent to the provider's office (No.20) that
    /// holds the user-month; when none was sent to it, those of the latest file that holds
    /// the user-month, whatever office it was sent to (each difference's `plan_at` names
    /// the file compared with).
    pub fn plans_from(mut self, set: &FileSet) -> ResultImport {
        for f in set.files() {
            if f.kind() != Some(FileKind::UsagePlan) {
                continue;
            }
            let source = PlanSource {
                id: self.plan_files,
                sequence: f.name().map(|n| n.sequence()),
                receiver: f.name().map(|n| n.receiver().office()),
            };
            self.plan_files += 1;
            for r in f.typed::<Table6Record>() {
                self.plans.push(PlanRow {
                    location: r.location(),
                    record: r.record.clone(),
                    source: Some(source),
                });
            }
        }
        self
    }

    /// The plans sent, as records (e.g. from the care office's database), named `label`
    /// in problems: a record read from a file keeps its line, others are numbered.
    pub fn plan_records(
        mut self,
        label: &str,
        records: impl IntoIterator<Item = Table6Record>,
    ) -> ResultImport {
        for (i, record) in records.into_iter().enumerate() {
            let mut location = Location::in_file(label.to_string());
            location.kind = Some(FileKind::UsagePlan);
            let line = record
                .origin
                .get()
                .map(|o| o.position().line())
                .filter(|l| *l > 0);
            location.line = line;
            location.record = Some(i as u64 + 1);
            self.plans.push(PlanRow {
                location,
                record,
                source: None,
            });
        }
        self
    }

    /// Takes the 実績 of `results`, validated, and compares them with the plans.
    pub fn run(&self, results: &FileSet) -> ResultImportReport {
        let mut problems: Vec<Problem> = results.notes().to_vec();
        for f in results.ungrouped() {
            problems.extend(f.problems().cloned());
            problems.push(left_aside(f.display()));
        }
        // Units in sequence-number order (as `units` gives them), applied to a receiver's
        // state as it would be: a later 実績 of a user-month, office and kind replaces the
        // earlier, a DLTJSK removes it. The rows kept are those of the unit still held.
        let mut state = ReceiverState::new();
        let mut taken = Vec::new();
        for unit in results.units() {
            let u = unit.unit();
            let kind = unit.kind();
            if !matches!(
                kind,
                Some(UnitKind::UsageResult | UnitKind::UsageResultDelete)
            ) {
                problems.extend(not_taken_unit(&unit, TAKES));
                continue;
            }
            if let Some(own) = self.own.filter(|o| *o != u.receiver().office()) {
                let mut p = Problem::error(ProblemKind::OtherReceiver)
                    .found(u.receiver().to_string())
                    .expected(own.to_string());
                if let Some(f) = unit.files().next() {
                    p = p.at(f.file_location());
                }
                problems.push(p);
                continue;
            }
            problems.extend(unit.all_files().flat_map(|f| f.problems().cloned()));
            problems.extend(unit.problems());
            // A delete of a 実績 not held is a warning at the delete's record.
            problems.extend(state.apply(&unit).problems);
            if kind != Some(UnitKind::UsageResult) {
                continue;
            }
            for r in unit.records::<Table6Record>() {
                taken.push(ResultRow {
                    file: r.file.display().to_string(),
                    position: r.position,
                    sequence: u.sequence(),
                    sender: *u.sender(),
                    record: r.record.clone(),
                });
            }
        }
        taken.retain(|row| {
            ResultKey::of_row(&row.record).is_none_or(|key| {
                state
                    .result(row.sender.office(), key)
                    .is_some_and(|held| held.sequence == row.sequence)
            })
        });

        let offices: Vec<(UserMonthKey, OfficeNumber)> = taken
            .iter()
            .map(|row| (UserMonthKey::of_table6(&row.record), row.record.provider))
            .collect();
        let (plan_rows, anchors) = self.plans_sent(&offices);
        let diff = {
            let result_rows: Vec<Row<'_>> = taken
                .iter()
                .map(|row| Row {
                    location: result_location(row),
                    record: &row.record,
                })
                .collect();
            compare(&plan_rows, &result_rows, &anchors)
        };
        ResultImportReport {
            results: taken,
            differences: diff.differences,
            problems,
            matched: diff.matched,
        }
    }
}

impl ResultImport {
    /// The planned rows each provider's 実績 is compared with: the records given as such,
    /// and of each user-month and office (No.20) the rows of the file chosen for them (see
    /// [`plans_from`](ResultImport::plans_from)). With them, for each user-month and office
    /// of `results`, where its plan is (the first row of the user-month in the file chosen),
    /// for a result the plan does not hold.
    fn plans_sent(
        &self,
        results: &[(UserMonthKey, OfficeNumber)],
    ) -> (
        Vec<Row<'_>>,
        BTreeMap<(UserMonthKey, OfficeNumber), Location>,
    ) {
        // Each user-month's files, in the order read, with the first row of it in each.
        let mut files: BTreeMap<UserMonthKey, Vec<(PlanSource, &Location)>> = BTreeMap::new();
        for p in &self.plans {
            let Some(source) = p.source else { continue };
            let held = files.entry(UserMonthKey::of_table6(&p.record)).or_default();
            if !held.iter().any(|(s, _)| s.id == source.id) {
                held.push((source, &p.location));
            }
        }
        // The latest file (the first of equal numbers) sent to `office`, or of any office.
        let chosen = |um: &UserMonthKey, office: OfficeNumber| {
            let held = files.get(um)?;
            let latest = |to_office: bool| {
                held.iter()
                    .filter(|(s, _)| !to_office || s.receiver == Some(office))
                    .fold(
                        None,
                        |best: Option<&(PlanSource, &Location)>, f| match best {
                            Some(b) if b.0.sequence >= f.0.sequence => Some(b),
                            _ => Some(f),
                        },
                    )
            };
            latest(true).or_else(|| latest(false))
        };
        let rows = self
            .plans
            .iter()
            .filter(|p| {
                p.source.is_none_or(|source| {
                    chosen(&UserMonthKey::of_table6(&p.record), p.record.provider)
                        .is_some_and(|(c, _)| c.id == source.id)
                })
            })
            .map(|p| Row {
                location: p.location.clone(),
                record: &p.record,
            })
            .collect();
        let mut anchors = BTreeMap::new();
        for &(um, office) in results {
            if let Some((_, at)) = chosen(&um, office) {
                anchors.entry((um, office)).or_insert_with(|| (*at).clone());
            }
        }
        (rows, anchors)
    }
}

/// Where a result row is.
fn result_location(row: &ResultRow) -> Location {
    let mut l = Location::in_file(row.file.clone());
    l.kind = Some(FileKind::UsageResult);
    if row.position.line() > 0 {
        l.line = Some(row.position.line());
    }
    if row.position.record() > 0 {
        l.record = Some(row.position.record());
    }
    l
}

/// What the result import takes: the files of the result units (UPJSK_YYYYMM,
/// DLTJSK_YYYYMM), named as the units are ([`UnitKind::name_ja`](crate::UnitKind::name_ja)).
const TAKES: &str = "第6表実績, 第6表実績削除";

/// A file whose name is not of the standard.
fn left_aside(display: &str) -> Problem {
    Problem::warning(ProblemKind::IgnoredEntry)
        .in_file(display.to_string())
        .found(display.to_string())
        .expected("UPJSK, DLTJSK")
}
