//! 第6表（サービス利用票）— UPPLAN (予定, care office → provider) and UPJSK (実績, provider →
//! care office). Both files share one layout (spec layouts/TABLE6.tsv): one record per
//! service line per day.
//!
//! The rules across items checked here (spec layouts/TABLE6.tsv notes):
//! - No.10 サービス利用日 lies in No.5 対象年月;
//! - No.11 日割対象日 marks only days No.5's month has;
//! - No.16 TAISコード or No.17 福祉用具届出コード is given when No.15's kind is 17 or 67
//!   (4.x records; 3.x records have neither item);
//! - No.12 開始時刻 and No.13 終了時刻 are both `9999` (時間表示の無いサービス) or both times.
//!
//! - No.19 明細判別コード: 「17以外の行は空」 — given on a line of another kind than 17 it is
//!   an error; on a 67 介護予防福祉用具貸与 line a warning (our reading: the sentence names
//!   17 only, but 67 is the same service for 要支援 and the 予防 files use this layout, so
//!   a number there is kept and reported, not refused). A number is from 1 (0 is an error);
//! - No.24 更新業者コード, when given: in 予定 the care office's number (equal to No.6), in
//!   実績 the provider's (equal to No.20);
//! - with the file name's parties (as the file reader gives them): in 予定, No.6 is the sender's
//!   office (the care office sends 予定); in 実績, No.20 is the sender's office and No.15's
//!   service kind the sender's kind (実績 is made per 事業所番号 + サービス種類).
//!
//! Across the records of a file (checked by the file reader): two 福祉用具貸与 lines of one user with the
//! same day, サービスコード and 単位数 need different No.19 numbers, and a user's numbers run
//! 1, 2, 3 … without a gap.
//!
//! That a file holds one service month (ファイル作成単位) is checked by the file reader.
//!
//! ```
//! use careplan_model::table6::Table6Record;
//! use careplan_model::{RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts([
//!     "202407", "131001", "0000012345", "20250320", "202504", "1310000001", "", "250", "",
//!     "20250401", "", "1000", "1100", "1", "111111", "", "", "", "", "1310000002", "",
//!     "", "0", "1310000001", "",
//! ]);
//! let rec = Table6Record::from_raw(&raw).unwrap();
//! assert_eq!(rec.service_date.to_string(), "20250401");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use foldhash::HashMap;

use crate::kind::FileKind;
use crate::problem::{ProblemKind, Severity};
use crate::typed::{push_cold, FileRules, RecordRules, RuleContext};
use crate::value::{
    Applicable, CsvVersion, Date, DayMask, DigitCode, EquipmentCode, InsuredNumber, InsurerNumber,
    OfficeNumber, ServiceCode, ServiceTime, YearMonth,
};
use crate::{Position, Problem};

crate::typed_record! {
    /// A record of 第6表: one service line on one day, planned (UPPLAN) or delivered (UPJSK).
    pub struct Table6Record for [UsagePlan, UsageResult] in "TABLE6" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 作成年月日.
        4 req created: Date,
        /// No.5 対象年月: the service month.
        5 req month: YearMonth,
        /// No.6 プラン担当業者コード: the care office's number.
        6 req care_office: OfficeNumber,
        /// No.7 プラン担当者名: the care manager.
        7 text care_manager,
        /// No.8 単位数 (after discount; negative for reductions).
        8 req units: i64,
        /// No.9 前月までの短期入所利用日数.
        9 opt short_stay_days_before: u32,
        /// No.10 サービス利用日: the planned or actual day.
        10 req service_date: Date,
        /// No.11 日割対象日: the days that can be billed pro rata.
        11 opt prorated_days: DayMask,
        /// No.12 サービス開始時刻.
        12 req start: ServiceTime,
        /// No.13 サービス終了時刻.
        13 req end: ServiceTime,
        /// No.14 サービス回数.
        14 req count: u32,
        /// No.15 サービスコード.
        15 req service_code: ServiceCode,
        /// No.16 TAISコード.
        16 opt tais_code: EquipmentCode,
        /// No.17 福祉用具届出コード.
        17 opt notified_code: EquipmentCode,
        /// No.18 用具名称（機種名）.
        18 text equipment_name,
        /// No.19 明細判別コード (福祉用具貸与 lines of the same code and units: 1, 2, 3 …).
        19 opt detail_no: u32,
        /// No.20 サービス事業者コード: the provider's number.
        20 req provider: OfficeNumber,
        /// No.21 サービス事業所名.
        21 text provider_name,
        /// No.22 サテライト枝番.
        22 opt satellite: DigitCode,
        /// No.23 ３０日超区分.
        23 req over_30_days: Applicable,
        /// No.24 更新業者コード.
        24 opt updater: OfficeNumber,
        /// No.25 識別子 (使用しない).
        25 unused,
    }
}

impl Table6Record {
    /// The user's key: 保険者番号 + 被保険者番号.
    pub fn user(&self) -> crate::value::UserKey {
        crate::value::UserKey::new(self.insurer, self.insured)
    }

    /// Whether it is a 福祉用具貸与 line (service kind 17 or 67).
    pub fn is_welfare_equipment(&self) -> bool {
        self.service_code
            .kind()
            .is_some_and(|k| k.is_welfare_equipment())
    }

    /// A 予定 line as a care office writes its plan: `provider`'s service `code` of `units`
    /// for `user` on `date`, in the plan `care_office` made on `created`. The items the
    /// plan's lines share or leave as they are follow from these: No.5 対象年月 is `date`'s
    /// month, No.12/13 `9999` (時間表示の無いサービス: set [`start`](Table6Record::start) and
    /// [`end`](Table6Record::end) for a timed one), No.14 回数 1, No.23 ３０日超区分 not
    /// applicable, No.24 更新業者コード the care office (in 予定, the standard's value);
    /// every other item empty. [`Table6Record::new`] takes every required item.
    ///
    /// ```
    /// use careplan_model::table6::Table6Record;
    /// use careplan_model::value::ServiceTime;
    /// let mut visit = Table6Record::planned(
    ///     "1310000001".parse()?,        // No.6 the care office
    ///     "20250325".parse()?,          // No.4 作成年月日
    ///     "131001/0000012345".parse()?, // No.2/3 the user
    ///     "20250401".parse()?,          // No.10 サービス利用日
    ///     "111111".parse()?,            // No.15 サービスコード
    ///     250,                          // No.8 単位数
    ///     "1310000002".parse()?,        // No.20 the provider
    /// );
    /// assert_eq!(visit.month.to_string(), "202504");
    /// assert_eq!((visit.start, visit.count), (ServiceTime::Unspecified, 1));
    /// assert_eq!(visit.updater, Some(visit.care_office));
    /// visit.start = "1000".parse()?;
    /// visit.end = "1030".parse()?;
    /// # Ok::<(), careplan_model::value::ParseError>(())
    /// ```
    pub fn planned(
        care_office: OfficeNumber,
        created: Date,
        user: crate::value::UserKey,
        date: Date,
        code: ServiceCode,
        units: i64,
        provider: OfficeNumber,
    ) -> Table6Record {
        let mut line = Table6Record::new(
            user.insurer,
            user.insured,
            created,
            date.year_month(),
            care_office,
            units,
            date,
            ServiceTime::Unspecified,
            ServiceTime::Unspecified,
            1,
            code,
            provider,
            Applicable::No,
        );
        line.updater = Some(care_office);
        line
    }
}

impl Table6Record {
    /// No.19 明細判別コード on one line: 「17以外の行は空」, and a number is from 1.
    fn detail_rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let Some(no) = self.detail_no else {
            return;
        };
        let kind = self.service_code.kind();
        match kind.map(|k| k.code()) {
            Some("17") => {}
            // The standard's words name 17 only; 67 is 17's service for 要支援 (a reading,
            // not the standard's words: an inferred warning, see the module docs).
            Some("67") => push_cold(out, || {
                ctx.problem(ProblemKind::UnexpectedValue, Severity::Warning, 19)
                    .found(format!("{no} ({})", self.service_code))
                    .expected("17")
                    .inferred()
            }),
            _ => {
                push_cold(out, || {
                    ctx.problem(ProblemKind::UnexpectedValue, Severity::Error, 19)
                        .found(format!("{no} ({})", self.service_code))
                        .expected("17")
                });
                return;
            }
        }
        if no == 0 {
            push_cold(out, || {
                ctx.problem(ProblemKind::InvalidFormat, Severity::Error, 19)
                    .found("0")
                    .expected("1, 2, 3 …")
            });
        }
    }

    /// No.24 更新業者コード, and the items that name the file's parties.
    fn party_rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let result = ctx.kind == FileKind::UsageResult;
        // No.24: 予定ファイルは居宅介護支援事業者の事業所番号、実績ファイルはサービス事業者の事業所番号.
        let (no, office) = if result {
            (20, self.provider)
        } else {
            (6, self.care_office)
        };
        if let Some(updater) = self.updater.filter(|u| *u != office) {
            push_cold(out, || {
                ctx.problem(ProblemKind::Inconsistent, Severity::Error, 24)
                    .found(updater.to_string())
                    .expected(format!("No.{no} {office}"))
            });
        }
        let Some(sender) = ctx.parties.sender else {
            return;
        };
        if !result {
            // 予定 is sent by the care office whose number No.6 holds. A 予防 sender (46
            // 介護予防支援, AF) may have entrusted the plan to a 居宅 (委託), whose number No.6
            // may then hold: the standard's words do not say so, so the mismatch there is
            // an inferred warning (RULES.md).
            if self.care_office != sender.office {
                push_cold(out, || {
                    let entrusted = sender.kind.is_some_and(|k| matches!(k.code(), "46" | "AF"));
                    let p = ctx
                        .problem(ProblemKind::SenderMismatch, Severity::Error, 6)
                        .found(self.care_office.to_string())
                        .expected(sender.office.to_string());
                    if entrusted {
                        p.inferred()
                    } else {
                        p
                    }
                });
            }
            return;
        }
        // 実績 is made per 事業所番号 + サービス種類 and sent by that provider: No.20 is the
        // sender's office, No.15's kind the sender's kind. The kind is a warning: the name's
        // kind segment is the only place the file's kind is given, and the standard's own
        // UPJSK example puts 43 there (LEGACY.md), which would make every line an error.
        if self.provider != sender.office {
            push_cold(out, || {
                ctx.problem(ProblemKind::SenderMismatch, Severity::Error, 20)
                    .found(self.provider.to_string())
                    .expected(sender.office.to_string())
            });
        }
        if let (Some(kind), Some(named)) = (self.service_code.kind(), sender.kind) {
            if kind != named {
                push_cold(out, || {
                    ctx.problem(ProblemKind::SenderMismatch, Severity::Warning, 15)
                        .found(format!("{} {}", kind.code(), kind.name_ja()))
                        .expected(format!("{} {}", named.code(), named.name_ja()))
                });
            }
        }
    }
}

impl RecordRules for Table6Record {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        self.detail_rules(ctx, out);
        self.party_rules(ctx, out);
        // Services of kinds the standard does not exchange are left out of both tables
        // (spec README; SERVICE_KINDS.tsv in_scope N), as DLTJSK's rule says too.
        if let Some(kind) = self.service_code.kind().filter(|k| !k.in_scope()) {
            // No `expected`: the kinds the standard exchanges are too many to list
            // (SERVICE_KINDS.tsv in_scope); the messages say it in words.
            push_cold(out, || {
                ctx.problem(ProblemKind::UnknownCode, Severity::Warning, 15)
                    .found(format!(
                        "{} ({} {})",
                        self.service_code,
                        kind,
                        kind.name_ja()
                    ))
            });
        }
        if !self.month.contains(self.service_date.naive()) {
            push_cold(out, || {
                ctx.problem(ProblemKind::DateOutsideMonth, Severity::Error, 10)
                    .found(self.service_date.to_string())
                    .expected(self.month.to_string())
            });
        }
        if let Some(mask) = self.prorated_days {
            if mask.first_day_beyond(self.month).is_some() {
                push_cold(out, || {
                    ctx.problem(ProblemKind::DayMaskBeyondMonth, Severity::Error, 11)
                        .found(mask.to_string())
                        // The number of days the month has; `found` shows the day.
                        .expected(self.month.days_in_month().to_string())
                });
            }
        }
        // 3.x records have no TAIS/届出 items (LEGACY.md): the rule is 4.x only.
        let v4 = self.version.generation() == crate::value::Generation::V4;
        if v4
            && self.is_welfare_equipment()
            && self.tais_code.is_none()
            && self.notified_code.is_none()
        {
            push_cold(out, || {
                ctx.problem(ProblemKind::EquipmentCodeMissing, Severity::Error, 16)
                    .found(self.service_code.to_string())
            });
        }
        let unspecified = (
            self.start == ServiceTime::Unspecified,
            self.end == ServiceTime::Unspecified,
        );
        if unspecified.0 != unspecified.1 {
            push_cold(out, || {
                ctx.problem(
                    ProblemKind::TimeInconsistent,
                    Severity::Error,
                    if unspecified.0 { 13 } else { 12 },
                )
                .found(format!("{}-{}", self.start, self.end))
                .expected("9999-9999|HHMM-HHMM")
            });
        }
    }
}

/// The rules across the records of a 第6表 file, for No.19 明細判別コード (「サービスコードも
/// 単位数も同じなのに明細が異なる行に1からの連番」):
/// - two 福祉用具貸与 (17, and 67 read alike) lines of one user on the same day with the same
///   サービスコード and 単位数 need different numbers: a repeat (both empty, or the same
///   number) is a [`DuplicateKey`](ProblemKind::DuplicateKey) at No.19 naming the first line
///   (an error for 17, a warning for 67, whose lines the sentence does not name);
/// - a user's numbers run from 1 without a gap, whatever lines they group (numbers counted
///   per code and 単位数, per code or per user all give 1, 2, 3 … together): a gap is a
///   [`SerialGap`](ProblemKind::SerialGap) error at the user's first numbered line.
///
/// Memory: the same-day check looks at the lines of the user being read (a run of adjacent
/// records; a user whose lines are apart is checked run by run, never reported wrongly), at
/// most [`Table6Rules::RUN_LINES`] of them; the numbers are kept per user (a bit set). The
/// first run's lines are kept too, to join a part of the file read apart to the part before
/// it ([`FileRules::absorb`]). The maps hash with foldhash, seeded at random for each map
/// (minimally resistant to keys chosen to collide, and a few instructions per key).
#[derive(Debug, Default)]
pub(crate) struct Table6Rules {
    /// The user whose lines are being read.
    user: Option<crate::value::UserKey>,
    /// The 福祉用具貸与 lines of that user: (day, code, units, No.19) → the first line.
    lines: HashMap<LineKey, Position>,
    /// The first run's user and lines, once another user's line has ended it (until then
    /// the first run is `user` and `lines`).
    first_run: Option<(crate::value::UserKey, HashMap<LineKey, Position>)>,
    /// Per user, the No.19 numbers used (bit n for number n, 1–127) and where the first
    /// numbered line was.
    numbers: HashMap<crate::value::UserKey, (u128, Position)>,
    /// The file and layout, for the problems found at the end.
    file: Option<String>,
    layout: Option<(&'static crate::Layout, FileKind)>,
    mode: crate::Mode,
}

/// A 福祉用具貸与 line as the same-day check compares it: day, code, units and No.19.
type LineKey = (Date, ServiceCode, i64, Option<u32>);

impl Table6Rules {
    /// The most lines of one user the same-day check remembers.
    pub const RUN_LINES: usize = 4096;

    /// Ends the run being read (kept as the first run if it is) for `user`'s run of `lines`.
    fn end_run(&mut self, user: Option<crate::value::UserKey>, lines: HashMap<LineKey, Position>) {
        let ended = std::mem::replace(&mut self.lines, lines);
        if let (Some(ended_user), None) = (self.user, &self.first_run) {
            self.first_run = Some((ended_user, ended));
        }
        self.user = user;
    }
}

impl FileRules for Table6Rules {
    type Record = Table6Record;

    fn record(&mut self, record: &Table6Record, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let kind = record.service_code.kind();
        let code = kind.map(|k| k.code());
        if !matches!(code, Some("17" | "67")) {
            return;
        }
        if self.layout.is_none() {
            self.layout = Some((ctx.layout, ctx.kind));
            self.file = ctx.file.map(str::to_string);
            self.mode = ctx.mode;
        }
        let user = record.user();
        if self.user != Some(user) {
            match self.user {
                Some(ended) if self.first_run.is_none() => {
                    self.first_run = Some((ended, std::mem::take(&mut self.lines)));
                }
                _ => self.lines.clear(),
            }
            self.user = Some(user);
        }
        let key = (
            record.service_date,
            record.service_code,
            record.units,
            record.detail_no,
        );
        match self.lines.get(&key) {
            Some(first) => {
                let p = ctx
                    .problem(ProblemKind::DuplicateKey, Severity::Error, 19)
                    .found(format!(
                        "{} {} {} No.19 {}",
                        record.service_date,
                        record.service_code,
                        record.units,
                        record.detail_no.map_or(String::new(), |n| n.to_string())
                    ))
                    .related(ctx.location_at(*first, 19));
                // The standard's words name 17 only; for 67 (17's service for 要支援) the
                // rule is a reading: an inferred warning.
                out.push(if code == Some("17") { p } else { p.inferred() });
            }
            None if self.lines.len() < Table6Rules::RUN_LINES => {
                self.lines.insert(key, ctx.position);
            }
            None => {}
        }
        if let Some(n) = record.detail_no.filter(|n| (1..128).contains(n)) {
            let entry = self.numbers.entry(user).or_insert((0, ctx.position));
            entry.0 |= 1u128 << n;
        }
    }

    /// Joins unless the user whose lines end this part begins `later` and a line of
    /// `later`'s first run repeats one of this run's (a repeat across the cut), or the run's
    /// lines together exceed [`Table6Rules::RUN_LINES`] (the one reading would have stopped
    /// remembering them elsewhere). The numbers per user join exactly.
    fn absorb(&mut self, mut later: Self) -> bool {
        let Some(later_first) = later.first_run.as_ref().map(|(u, _)| *u).or(later.user) else {
            // No 福祉用具貸与 line in `later`: its state is the default.
            return true;
        };
        let spans = self.user == Some(later_first);
        if spans {
            let first_lines = match &later.first_run {
                Some((_, lines)) => lines,
                None => &later.lines,
            };
            if self.lines.len() + first_lines.len() > Table6Rules::RUN_LINES
                || first_lines.keys().any(|k| self.lines.contains_key(k))
            {
                return false;
            }
        }
        if self.layout.is_none() {
            self.layout = later.layout;
            self.file = later.file.take();
            self.mode = later.mode;
        }
        for (user, (bits, at)) in later.numbers {
            let entry = self.numbers.entry(user).or_insert((0, at));
            entry.0 |= bits;
        }
        match (spans, later.first_run) {
            // One run from here to `later`'s end.
            (true, None) => self.lines.extend(later.lines),
            // The run here ends in `later`, which ends with runs of its own.
            (true, Some((_, first_lines))) => {
                self.lines.extend(first_lines);
                self.end_run(later.user, later.lines);
            }
            // `later` begins another user's run (or the first run of the file).
            (false, later_first_run) => {
                if self.user.is_none() {
                    self.first_run = later_first_run;
                }
                self.end_run(later.user, later.lines);
            }
        }
        true
    }

    fn finish(&mut self, out: &mut Vec<Problem>) {
        self.lines.clear();
        self.user = None;
        self.first_run = None;
        let Some((layout, kind)) = self.layout else {
            return;
        };
        let mut gaps: Vec<(Position, u32, u32)> = self
            .numbers
            .values()
            .filter_map(|&(bits, at)| {
                // Numbers 1..=max all used: bits 1..=max set.
                let max = 127 - bits.leading_zeros();
                let missing = (1..max).find(|n| bits & (1u128 << n) == 0)?;
                let above = (missing + 1..=max).find(|n| bits & (1u128 << n) != 0)?;
                Some((at, above, missing))
            })
            .collect();
        gaps.sort_by_key(|g| g.0.byte());
        for (at, above, missing) in gaps {
            let ctx = RuleContext {
                mode: self.mode,
                file: self.file.as_deref(),
                kind,
                layout,
                position: at,
                parties: crate::parties::NameParties::default(),
            };
            out.push(
                ctx.problem(ProblemKind::SerialGap, Severity::Error, 19)
                    .found(above.to_string())
                    .expected(missing.to_string()),
            );
        }
        self.numbers.clear();
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::parties::{NameParties, NameParty};
    use crate::typed::TypedRecord;
    use crate::RawRecord;

    pub(crate) fn texts() -> Vec<&'static str> {
        vec![
            "202407",
            "131001",
            "0000012345",
            "20250320",
            "202504",
            "1310000001",
            "山田 花子",
            "250",
            "",
            "20250401",
            "",
            "1000",
            "1100",
            "1",
            "111111",
            "",
            "",
            "",
            "",
            "1310000002",
            "訪問介護A",
            "",
            "0",
            "1310000001",
            "",
        ]
    }

    fn check(rec: &Table6Record) -> Vec<ProblemKind> {
        let ctx = RuleContext::new(FileKind::UsagePlan).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out.iter().map(|p| p.kind).collect()
    }

    #[test]
    fn a_planned_line_is_the_record_the_layout_reads_with_the_plans_defaults() {
        let mut line = Table6Record::planned(
            "1310000001".parse().unwrap(),
            "20250320".parse().unwrap(),
            "131001/0000012345".parse().unwrap(),
            "20250401".parse().unwrap(),
            "111111".parse().unwrap(),
            250,
            "1310000002".parse().unwrap(),
        );
        // Untimed until set: No.12/13 9999, and the record is valid as it is.
        assert_eq!(line.to_raw().text(12), Some("9999"));
        assert_eq!(check(&line), []);
        line.start = "1000".parse().unwrap();
        line.end = "1100".parse().unwrap();
        // No.7 and No.21 are free texts the texts() record fills; the rest is the same.
        let mut expected = texts();
        expected[6] = "";
        expected[20] = "";
        let raw = line.to_raw();
        let written: Vec<&str> = (0..25).filter_map(|i| raw.text(i)).collect();
        assert_eq!(written, expected);
    }

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let rec = Table6Record::from_raw(&raw).unwrap();
        assert!(check(&rec).is_empty());
        assert_eq!(rec.to_raw(), raw);
        let mut fresh = rec.clone();
        fresh.origin = crate::typed::Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 25);
        assert!(out.field(6).unwrap().quoted && !out.field(7).unwrap().quoted);
    }

    #[test]
    fn each_rule() {
        let mut t = texts();
        t[9] = "20250501";
        assert_eq!(
            check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()),
            vec![ProblemKind::DateOutsideMonth]
        );
        let mut t = texts();
        t[4] = "202502";
        t[9] = "20250201";
        t[10] = "1111111111111111111111111111110";
        assert_eq!(
            check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()),
            vec![ProblemKind::DayMaskBeyondMonth]
        );
        let mut t = texts();
        t[14] = "171001";
        assert_eq!(
            check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()),
            vec![ProblemKind::EquipmentCodeMissing]
        );
        t[15] = "00001-000010";
        assert!(check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()).is_empty());
        let mut t = texts();
        t[12] = "9999";
        assert_eq!(
            check(&Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()),
            vec![ProblemKind::TimeInconsistent]
        );
    }

    /// An end before the start is no problem: TABLE6 No.12/13 state only HHMM or 9999 (both
    /// or neither), no order, and a service may run past midnight (2300-0100).
    #[test]
    fn an_end_before_the_start_is_not_a_problem() {
        for (start, end) in [("1130", "1000"), ("2300", "0100"), ("1000", "1000")] {
            let mut t = texts();
            t[11] = start;
            t[12] = end;
            let rec = Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap();
            assert!(check(&rec).is_empty(), "{start}-{end}");
        }
    }

    fn problems(kind: FileKind, t: &[&str], sender: Option<(&str, &str)>) -> Vec<Problem> {
        let ctx = RuleContext::new(kind).unwrap().with_parties(NameParties {
            sender: sender.and_then(|(o, k)| NameParty::parse(o, Some(k))),
            receiver: None,
        });
        let mut out = Vec::new();
        Table6Record::from_raw(&RawRecord::from_texts(t))
            .unwrap()
            .check(&ctx, &mut out);
        out
    }

    fn at(p: &[Problem]) -> Vec<(ProblemKind, Severity, u16)> {
        p.iter()
            .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    #[test]
    fn detail_code_is_for_17_only_and_from_1() {
        // TABLE6 No.19: 17以外の行は空.
        let mut t = texts();
        t[18] = "1";
        assert_eq!(
            at(&problems(FileKind::UsagePlan, &t, None)),
            [(ProblemKind::UnexpectedValue, Severity::Error, 19)]
        );
        t[14] = "671001";
        t[15] = "00001-000010";
        assert_eq!(
            at(&problems(FileKind::UsagePlan, &t, None)),
            [(ProblemKind::UnexpectedValue, Severity::Warning, 19)]
        );
        t[14] = "171001";
        assert!(problems(FileKind::UsagePlan, &t, None).is_empty());
        t[18] = "0";
        assert_eq!(
            at(&problems(FileKind::UsagePlan, &t, None)),
            [(ProblemKind::InvalidFormat, Severity::Error, 19)]
        );
    }

    #[test]
    fn updater_is_the_care_office_in_plans_and_the_provider_in_results() {
        // TABLE6 No.24: 予定ファイルは居宅介護支援事業者、実績ファイルはサービス事業者の事業所番号.
        let t = texts();
        assert!(problems(FileKind::UsagePlan, &t, None).is_empty());
        let p = problems(FileKind::UsageResult, &t, None);
        assert_eq!(at(&p), [(ProblemKind::Inconsistent, Severity::Error, 24)]);
        assert_eq!(p[0].expected.as_deref(), Some("No.20 1310000002"));
        let mut t = texts();
        t[23] = "1310000002";
        assert!(problems(FileKind::UsageResult, &t, None).is_empty());
        assert_eq!(
            at(&problems(FileKind::UsagePlan, &t, None)),
            [(ProblemKind::Inconsistent, Severity::Error, 24)]
        );
        t[23] = "";
        assert!(problems(FileKind::UsagePlan, &t, None).is_empty());
    }

    #[test]
    fn plan_care_office_is_the_sender() {
        let t = texts();
        let me = Some(("1310000001", "43"));
        assert!(problems(FileKind::UsagePlan, &t, me).is_empty());
        let other = Some(("1310000009", "43"));
        let p = problems(FileKind::UsagePlan, &t, other);
        assert_eq!(at(&p), [(ProblemKind::SenderMismatch, Severity::Error, 6)]);
        assert_eq!(p[0].found.as_deref(), Some("1310000001"));
        assert_eq!(p[0].expected.as_deref(), Some("1310000009"));
        // A 地域包括支援センター may entrust the plan (委託): inferred, a warning.
        assert_eq!(
            at(&problems(
                FileKind::UsagePlan,
                &t,
                Some(("1310000009", "46"))
            )),
            [(ProblemKind::SenderMismatch, Severity::Warning, 6)]
        );
    }

    #[test]
    fn result_lines_are_the_senders_office_and_kind() {
        let mut t = texts();
        t[23] = "1310000002";
        let me = Some(("1310000002", "11"));
        assert!(problems(FileKind::UsageResult, &t, me).is_empty());
        assert_eq!(
            at(&problems(
                FileKind::UsageResult,
                &t,
                Some(("1310000003", "11"))
            )),
            [(ProblemKind::SenderMismatch, Severity::Error, 20)]
        );
        // A 訪問看護 line in a file named for 訪問介護.
        t[14] = "131111";
        let p = problems(FileKind::UsageResult, &t, me);
        assert_eq!(
            at(&p),
            [(ProblemKind::SenderMismatch, Severity::Warning, 15)]
        );
        assert!(p[0].found.as_deref().unwrap().starts_with("13 "));
        // 予定 files hold every provider's lines.
        t[23] = "1310000001";
        assert!(problems(FileKind::UsagePlan, &t, Some(("1310000001", "43"))).is_empty());
    }

    fn equipment(user: &str, day: &str, units: &str, no: &str) -> Table6Record {
        let mut t = texts();
        t[2] = user;
        t[7] = units;
        t[9] = day;
        t[14] = "171007";
        t[15] = "00001-000010";
        t[18] = no;
        Table6Record::from_raw(&RawRecord::from_texts(&t)).unwrap()
    }

    fn file_problems(records: &[Table6Record]) -> Vec<Problem> {
        let mut ctx = RuleContext::new(FileKind::UsagePlan).unwrap();
        let (mut rules, mut out) = (Table6Rules::default(), Vec::new());
        for (i, r) in records.iter().enumerate() {
            let n = u64::try_from(i).unwrap() + 1;
            ctx.position = Position::new(n * 100, n, n);
            rules.record(r, &ctx, &mut out);
        }
        rules.finish(&mut out);
        out
    }

    fn file_rules(records: &[Table6Record]) -> Vec<(ProblemKind, Severity, u64)> {
        file_problems(records)
            .iter()
            .map(|p| (p.kind, p.severity, p.location.line.unwrap_or(0)))
            .collect()
    }

    #[test]
    fn same_day_equipment_lines_need_different_numbers() {
        let a = "0000012345";
        let b = "0000099999";
        // 手すり 居室分=1, 廊下分=2 (the standard's example), on two days: clean.
        let good = [
            equipment(a, "20250401", "300", "1"),
            equipment(a, "20250401", "300", "2"),
            equipment(a, "20250402", "300", "1"),
            equipment(a, "20250402", "300", "2"),
            equipment(b, "20250401", "300", ""),
            equipment(b, "20250401", "250", ""),
        ];
        assert!(file_rules(&good).is_empty());
        let twice = [
            equipment(a, "20250401", "300", ""),
            equipment(a, "20250401", "300", ""),
            equipment(b, "20250401", "300", "1"),
            equipment(b, "20250401", "300", "1"),
        ];
        assert_eq!(
            file_rules(&twice),
            [
                (ProblemKind::DuplicateKey, Severity::Error, 2),
                (ProblemKind::DuplicateKey, Severity::Error, 4)
            ]
        );
    }

    /// The readings of No.19 and No.6 that are not the standard's words (RULES.md marks them
    /// inferred) carry `inferred` on the problem; the stated rules beside them do not.
    #[test]
    fn readings_beyond_the_words_are_inferred() {
        let inferred = |p: &[Problem]| {
            p.iter()
                .map(|p| (p.kind, p.severity, p.inferred))
                .collect::<Vec<_>>()
        };
        // No.19 on a 67 line: the standard names 17 only.
        let mut t = texts();
        t[14] = "671001";
        t[15] = "00001-000010";
        t[18] = "1";
        assert_eq!(
            inferred(&problems(FileKind::UsagePlan, &t, None)),
            [(ProblemKind::UnexpectedValue, Severity::Warning, true)]
        );
        // On a line of another kind, the standard's words: an error, not inferred.
        t[14] = "111111";
        t[15] = "";
        assert_eq!(
            inferred(&problems(FileKind::UsagePlan, &t, None)),
            [(ProblemKind::UnexpectedValue, Severity::Error, false)]
        );
        // Two same-day 67 lines with the same code, units and number: inferred; 17: stated.
        let mut lines = [
            equipment("0000012345", "20250401", "300", ""),
            equipment("0000012345", "20250401", "300", ""),
        ];
        assert_eq!(
            inferred(&file_problems(&lines)),
            [(ProblemKind::DuplicateKey, Severity::Error, false)]
        );
        for line in &mut lines {
            line.service_code = "671007".parse().unwrap();
        }
        assert_eq!(
            inferred(&file_problems(&lines)),
            [(ProblemKind::DuplicateKey, Severity::Warning, true)]
        );
        // No.6 other than a 46/AF sender's office: the 委託 reading is inferred.
        let t = texts();
        for (kind, expected) in [
            ("46", (ProblemKind::SenderMismatch, Severity::Warning, true)),
            ("AF", (ProblemKind::SenderMismatch, Severity::Warning, true)),
            ("43", (ProblemKind::SenderMismatch, Severity::Error, false)),
        ] {
            assert_eq!(
                inferred(&problems(
                    FileKind::UsagePlan,
                    &t,
                    Some(("1310000009", kind))
                )),
                [expected],
                "{kind}"
            );
        }
    }

    #[test]
    fn numbers_run_from_1_per_user_wherever_the_lines_are() {
        let a = "0000012345";
        let b = "0000099999";
        let rows = [
            equipment(a, "20250401", "300", "2"),
            equipment(b, "20250401", "300", "1"),
            equipment(a, "20250401", "250", "1"),
            equipment(b, "20250401", "300", "3"),
        ];
        // a: 1, 2 (apart, and over two unit values): clean; b: 1, 3: 2 is missing.
        assert_eq!(
            file_rules(&rows),
            [(ProblemKind::SerialGap, Severity::Error, 2)]
        );
    }

    #[test]
    fn value_equal_items_keep_their_text() {
        let mut t = texts();
        t[13] = "01";
        let raw = RawRecord::from_texts(&t);
        let mut rec = Table6Record::from_raw(&raw).unwrap();
        assert_eq!(rec.to_raw().text(13), Some("01"));
        rec.count = 2;
        assert_eq!(rec.to_raw().text(13), Some("2"));
    }

    #[test]
    fn version_3_records_have_22_items() {
        let mut t = texts();
        t[0] = "202208";
        t.drain(15..18);
        let raw = RawRecord::from_texts(&t);
        let rec = Table6Record::from_raw(&raw).unwrap();
        assert_eq!(rec.provider.to_string(), "1310000002");
        assert_eq!(rec.to_raw(), raw);
        assert!(Table6Record::from_raw(&RawRecord::from_texts(&texts()[..24])).is_none());
    }
}
