//! 居宅サービス計画3表 — UP3KYO (care office → provider, new in 4.0): the weekly schedule
//! (週間サービス計画表) of a care plan (spec layouts/UP3KYO.tsv, 13 items).
//!
//! Rows belong to the 1表 of the same plan: 保険者番号 + 被保険者番号 + No.5
//! 居宅サービス計画作成（変更）日 ([`PlanKey`]). A row holds a service on a day of the week
//! (No.6 介護サービス内容, No.7 曜日, its times No.8/9), an everyday activity (No.10 主な
//! 日常生活上の活動, its times No.11/12) and the services not given weekly (No.13).
//!
//! The layout names both time pairs 開始時間/終了時間; here they are `service_start`/
//! `service_end` (No.8/9, the times of No.6) and `activity_start`/`activity_end` (No.11/12,
//! the times of No.10), as the layout's notes read them from the order of the items. The
//! times are [`TimeOfDay`]s: the layout lists no `9999` for them (unlike 第6表), so the
//! layout engine rejects `9999` and a 3表 record cannot hold it.
//!
//! The rules across items checked here:
//! - each time pair (No.8/9, No.11/12) is both given or both empty: an
//!   [`UnpairedTime`](ProblemKind::UnpairedTime) warning at the missing one, marked
//!   [inferred](crate::Problem::inferred) (the times are optional and paired only by their
//!   order; issue 13: not an error);
//! - a pair with a time needs its text (No.6 for No.8/9, No.10 for No.11/12), or nothing
//!   says what happens then: a [`MissingConditional`](ProblemKind::MissingConditional)
//!   warning at the text, marked inferred (read from the order of the items, the standard
//!   marks the texts optional).
//!
//! Times are `HHMM`; `2400` is the end of the day (the standard's axis ends at 24:00).
//!
//! An end earlier than its start is not a problem: a service may run past midnight.
//!
//! ```
//! use careplan_model::plan3::{Plan3Record, Weekday};
//! use careplan_model::{RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts([
//!     "202407", "131045", "0123456789", "20250301", "20250301", "訪問介護", "1", "0900",
//!     "1000", "起床", "0700", "0730", "福祉用具貸与（車いす）",
//! ]);
//! let rec = Plan3Record::from_raw(&raw).unwrap();
//! assert_eq!(rec.weekday, Some(Weekday::Monday));
//! assert_eq!(rec.service_start.unwrap().to_string(), "0900");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use crate::kind::FileKind;
use crate::plan1::{item_label, PlanKey};
use crate::problem::{ProblemKind, Severity};
use crate::typed::{RecordRules, RuleContext};
use crate::value::{CsvVersion, Date, InsuredNumber, InsurerNumber, TimeOfDay};
use crate::Problem;

crate::code_enum! {
    /// No.7 曜日: the day of the week of the row's service.
    pub enum Weekday {
        Monday = "1" "月曜日",
        Tuesday = "2" "火曜日",
        Wednesday = "3" "水曜日",
        Thursday = "4" "木曜日",
        Friday = "5" "金曜日",
        Saturday = "6" "土曜日",
        Sunday = "7" "日曜日",
    }
}

impl Weekday {
    /// The `chrono` weekday.
    ///
    /// ```
    /// use careplan_model::plan3::Weekday;
    /// assert_eq!(Weekday::Sunday.to_chrono(), chrono::Weekday::Sun);
    /// ```
    pub fn to_chrono(self) -> chrono::Weekday {
        match self {
            Weekday::Monday => chrono::Weekday::Mon,
            Weekday::Tuesday => chrono::Weekday::Tue,
            Weekday::Wednesday => chrono::Weekday::Wed,
            Weekday::Thursday => chrono::Weekday::Thu,
            Weekday::Friday => chrono::Weekday::Fri,
            Weekday::Saturday => chrono::Weekday::Sat,
            Weekday::Sunday => chrono::Weekday::Sun,
        }
    }

    /// The weekday of a `chrono` weekday.
    ///
    /// ```
    /// use careplan_model::plan3::Weekday;
    /// assert_eq!(Weekday::from_chrono(chrono::Weekday::Mon), Weekday::Monday);
    /// ```
    pub fn from_chrono(day: chrono::Weekday) -> Weekday {
        match day {
            chrono::Weekday::Mon => Weekday::Monday,
            chrono::Weekday::Tue => Weekday::Tuesday,
            chrono::Weekday::Wed => Weekday::Wednesday,
            chrono::Weekday::Thu => Weekday::Thursday,
            chrono::Weekday::Fri => Weekday::Friday,
            chrono::Weekday::Sat => Weekday::Saturday,
            chrono::Weekday::Sun => Weekday::Sunday,
        }
    }
}

crate::typed_record! {
    /// A record of 居宅サービス計画3表: one row of the weekly schedule.
    pub struct Plan3Record for [Plan3] in "UP3KYO" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 週間サービス計画表作成年月日.
        4 req created: Date,
        /// No.5 居宅サービス計画作成（変更）日: the plan's date (1表 No.14).
        5 req plan_date: Date,
        /// No.6 介護サービス内容.
        6 text service_content,
        /// No.7 曜日.
        7 opt weekday: Weekday,
        /// No.8 開始時間: the start of No.6's service.
        8 opt service_start: TimeOfDay,
        /// No.9 終了時間: the end of No.6's service.
        9 opt service_end: TimeOfDay,
        /// No.10 主な日常生活上の活動.
        10 text activity,
        /// No.11 開始時間: the start of No.10's activity.
        11 opt activity_start: TimeOfDay,
        /// No.12 終了時間: the end of No.10's activity.
        12 opt activity_end: TimeOfDay,
        /// No.13 週単位以外のサービス.
        13 text other_services,
    }
}

impl Plan3Record {
    /// The key of the plan the row belongs to.
    pub fn plan(&self) -> PlanKey {
        PlanKey {
            insurer: self.insurer,
            insured: self.insured,
            plan_date: self.plan_date,
        }
    }
}

/// Checks one time pair: both or neither, and its text when it has a time.
fn check_pair(
    ctx: &RuleContext<'_>,
    text: (u16, &str),
    start: (u16, Option<TimeOfDay>),
    end: (u16, Option<TimeOfDay>),
    out: &mut Vec<Problem>,
) {
    let kind = FileKind::Plan3;
    let label = |no: u16, t: TimeOfDay| format!("{} {t}", item_label(kind, no));
    match (start.1, end.1) {
        // Inferred: the standard marks both times optional and pairs them only by their
        // order (the layout's notes: 並びからの解釈); a start without an end is not an error.
        (Some(s), None) => out.push(
            ctx.problem(ProblemKind::UnpairedTime, Severity::Warning, end.0)
                .found(label(start.0, s))
                .expected(item_label(kind, end.0))
                .inferred(),
        ),
        (None, Some(e)) => out.push(
            ctx.problem(ProblemKind::UnpairedTime, Severity::Warning, start.0)
                .found(label(end.0, e))
                .expected(item_label(kind, start.0))
                .inferred(),
        ),
        _ => {}
    }
    if text.1.is_empty() && (start.1.is_some() || end.1.is_some()) {
        let times: Vec<String> = [start, end]
            .iter()
            .filter_map(|(no, t)| t.map(|t| label(*no, t)))
            .collect();
        out.push(
            ctx.problem(ProblemKind::MissingConditional, Severity::Warning, text.0)
                .expected(times.join("・"))
                .inferred(),
        );
    }
}

impl RecordRules for Plan3Record {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        check_pair(
            ctx,
            (6, &self.service_content),
            (8, self.service_start),
            (9, self.service_end),
            out,
        );
        check_pair(
            ctx,
            (10, &self.activity),
            (11, self.activity_start),
            (12, self.activity_end),
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::value::Code;
    use crate::RawRecord;

    fn texts() -> Vec<&'static str> {
        vec![
            "202407",
            "131045",
            "0123456789",
            "20250301",
            "20250301",
            "訪問介護",
            "1",
            "0900",
            "1000",
            "起床",
            "0700",
            "0730",
            "",
        ]
    }

    fn check(t: &[&str]) -> Vec<(ProblemKind, Severity, u16)> {
        let rec = Plan3Record::from_raw(&RawRecord::from_texts(t)).unwrap();
        let ctx = RuleContext::new(FileKind::Plan3).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        out.iter()
            .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let rec = Plan3Record::from_raw(&raw).unwrap();
        assert!(check(&texts()).is_empty());
        assert_eq!(rec.to_raw(), raw);
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 13);
        assert!(out.field(5).unwrap().quoted && !out.field(7).unwrap().quoted);
    }

    #[test]
    fn unpaired_times_name_the_missing_one() {
        for (i, missing) in [(7, 8), (8, 9), (10, 11), (11, 12)] {
            let mut t = texts();
            t[i] = "";
            assert_eq!(
                check(&t),
                vec![(ProblemKind::UnpairedTime, Severity::Warning, missing)]
            );
        }
    }

    #[test]
    fn times_need_their_text() {
        let mut t = texts();
        t[5] = "";
        assert_eq!(
            check(&t),
            vec![(ProblemKind::MissingConditional, Severity::Warning, 6)]
        );
        let mut t = texts();
        t[9] = "";
        t[11] = "";
        assert_eq!(
            check(&t),
            vec![
                (ProblemKind::UnpairedTime, Severity::Warning, 12),
                (ProblemKind::MissingConditional, Severity::Warning, 10)
            ]
        );
        let mut t = texts();
        for i in [5, 6, 7, 8, 9, 10, 11] {
            t[i] = "";
        }
        t[12] = "福祉用具貸与";
        assert!(check(&t).is_empty());
    }

    #[test]
    fn no_9999_in_3hyo() {
        let mut t = texts();
        t[7] = "9999";
        assert!(Plan3Record::from_raw(&RawRecord::from_texts(&t)).is_none());
    }

    #[test]
    fn weekdays_match_chrono() {
        for d in Weekday::ALL {
            assert_eq!(Weekday::from_chrono(d.to_chrono()), *d);
        }
    }
}
