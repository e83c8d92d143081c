//! 介護予防サービス・支援計画書（別表）支援計画 — UPYOBO_SUB (介護予防支援等, spec
//! layouts/UPYOBO_SUB.tsv and layouts/_notes_yobo.md): one row of a plan's 課題, 支援計画 and
//! 利用サービス, 17 items. One 介護予防サービス・支援計画書 (UPYOBO) record has many rows; items
//! No.2–4 repeat its key ([`YoboPlanKey`]).
//!
//! Rows are numbered by three items the standard types フリーテキスト (length 2): No.5
//! 課題ＮＯ, No.10 支援計画ＮＯ (serial within a 課題) and No.14 利用サービスＮＯ (serial within
//! a 支援計画). They stay text here, as written; [`YoboPlanSubRecord::issue_number`] and its
//! siblings read them as numbers when they are (`parse_row_number`).
//!
//! The layout states no rule across the items of one record. Across the rows of one file
//! (checked by the file reader): within one plan (保険者番号 + 被保険者番号 + 計画作成(変更)日) the
//! triple (課題ＮＯ, 支援計画ＮＯ, 利用サービスＮＯ) identifies a row, so a repeated triple is a
//! [`DuplicateKey`](ProblemKind::DuplicateKey) of the mode's severity (spec
//! layouts/_notes_yobo.md, row structure). Numbers compare by value (`01` repeats `1`);
//! other text compares as written, without surrounding spaces.
//!
//! ```
//! use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
//! use careplan_model::{RawRecord, TypedRecord};
//! let raw = RawRecord::from_texts([
//!     "202407", "131045", "0123456789", "20250401", "1", "外出の機会が少ない", "", "", "",
//!     "1", "", "", "", "02", "介護予防通所介護", "○○デイサービス", "6カ月間",
//! ]);
//! let rec = YoboPlanSubRecord::from_raw(&raw).unwrap();
//! assert_eq!(rec.service_no, "02");
//! assert_eq!(rec.service_number(), Some(2));
//! assert_eq!(rec.key().to_string(), "131045/0123456789/20250401");
//! assert_eq!(rec.to_raw(), raw);
//! ```

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use crate::kind::FileKind;
use crate::problem::ProblemKind;
use crate::typed::{FileRules, RecordRules, RuleContext};
use crate::value::{CsvVersion, Date, InsuredNumber, InsurerNumber};
use crate::yobo_plan::YoboPlanKey;
use crate::{Position, Problem};

crate::typed_record! {
    /// A row of 介護予防サービス・支援計画書（別表）: one 利用サービス of one 支援計画 of one 課題.
    pub struct YoboPlanSubRecord for [YoboPlanSub] in "UPYOBO_SUB" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号 (that of the linked UPYOBO record).
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (that of the linked UPYOBO record).
        3 req insured: InsuredNumber,
        /// No.4 計画作成(変更)日 (that of the linked UPYOBO record).
        4 req plan_date: Date,
        /// No.5 課題ＮＯ (free text in the layout; see [`YoboPlanSubRecord::issue_number`]).
        5 text issue_no,
        /// No.6 総合的課題 (on the first row of its 課題 only).
        6 text overall_issue,
        /// No.7 課題に対する目標と具体策の提案.
        7 text proposal,
        /// No.8 具体策についての意向本人・家族.
        8 text intention,
        /// No.9 目標.
        9 text goal,
        /// No.10 支援計画ＮＯ (free text in the layout; see
        /// [`YoboPlanSubRecord::support_number`]).
        10 text support_no,
        /// No.11 【支援計画】目標についての支援のポイント (on the first row of its 支援計画 only).
        11 text support_point,
        /// No.12 【支援計画】本人等のセルフケアや家族の支援、インフォーマルサービス（民間サービス）.
        12 text self_care,
        /// No.13 【支援計画】介護保険サービス又は地域支援事業（総合事業のサービス）.
        13 text insurance_service,
        /// No.14 利用サービスＮＯ (free text in the layout; see
        /// [`YoboPlanSubRecord::service_number`]).
        14 text service_no,
        /// No.15 【利用サービス】サービス種別 (free text, e.g. 介護予防通所介護).
        15 text service_type,
        /// No.16 【利用サービス】事業所(利用先).
        16 text service_office,
        /// No.17 【利用サービス】期間 (free text, e.g. 6カ月間).
        17 text service_period,
    }
}

/// Reads a row number written as free text (UPYOBO_SUB No.5, 10, 14): ASCII or full-width
/// digits, surrounding spaces ignored. `None` when the text is empty or not a number.
pub(crate) fn parse_row_number(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    t.chars().try_fold(0u32, |acc, c| {
        let digit = c.to_digit(10).or_else(|| {
            u32::from(c)
                .checked_sub(u32::from('０'))
                .filter(|d| *d <= 9)
        })?;
        acc.checked_mul(10)?.checked_add(digit)
    })
}

impl YoboPlanSubRecord {
    /// The key of the UPYOBO record the row belongs to: 保険者番号 + 被保険者番号 +
    /// 計画作成(変更)日.
    pub fn key(&self) -> YoboPlanKey {
        YoboPlanKey::new(self.insurer, self.insured, self.plan_date)
    }

    /// No.5 課題ＮＯ as a number, when it is one.
    pub fn issue_number(&self) -> Option<u32> {
        parse_row_number(&self.issue_no)
    }

    /// No.10 支援計画ＮＯ as a number, when it is one.
    pub fn support_number(&self) -> Option<u32> {
        parse_row_number(&self.support_no)
    }

    /// No.14 利用サービスＮＯ as a number, when it is one.
    pub fn service_number(&self) -> Option<u32> {
        parse_row_number(&self.service_no)
    }

    /// The row's three numbers, compared by value when they are numbers.
    fn row_key(&self) -> [RowNumber; 3] {
        [&self.issue_no, &self.support_no, &self.service_no].map(|t| match parse_row_number(t) {
            Some(n) => RowNumber::Number(n),
            None => RowNumber::Text(t.trim().to_string()),
        })
    }
}

impl RecordRules for YoboPlanSubRecord {}

/// A row number as compared for duplicates.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum RowNumber {
    Number(u32),
    Text(String),
}

/// The rules across the rows of one UPYOBO_SUB file: within one plan ([`YoboPlanKey`]), each
/// (課題ＮＯ, 支援計画ＮＯ, 利用サービスＮＯ) once. A repeated triple is a
/// [`DuplicateKey`](ProblemKind::DuplicateKey) of the mode's severity at No.5, whose
/// [`related`](crate::Problem::related) location is the earlier row.
///
/// The rows of a plan need not be adjacent. State is kept per plan and row number.
///
/// And, as the row structure asks (spec layouts/_notes_yobo.md; UPYOBO_SUB No.5 and No.10
/// notes: 「課題の各項目・支援計画の各項目は最初の行だけに入れ、以降の行は空」, 支援計画ＮＯ
/// and 利用サービスＮＯ numbered serially):
/// - No.6–9 (the 課題's text) on a row of a 課題 after its first row, and No.11–13 (the
///   支援計画's text) on a row of a 支援計画 after its first row, are an
///   [`UnexpectedValue`](ProblemKind::UnexpectedValue) of the mode's severity at the first
///   item given, naming the first row;
/// - the 支援計画ＮＯ of a 課題, and the 利用サービスＮＯ of a 支援計画, run 1, 2, 3 … without a
///   gap: a [`SerialGap`](ProblemKind::SerialGap) of the mode's severity at the 課題's (or
///   支援計画's) first row, at the end of the file. Numbers that are not numbers are left to
///   the duplicate check.
///
/// State is per plan and 課題/支援計画 (a position, a bit set and a flag each), besides the
/// row numbers of the duplicate check.
#[derive(Debug, Default)]
pub(crate) struct YoboPlanSubRules {
    seen: HashMap<YoboPlanKey, HashMap<[RowNumber; 3], Position>>,
    /// Per 課題: its first row and the 支援計画ＮＯ used (bit n for n, 1–127).
    issues: HashMap<(YoboPlanKey, RowNumber), Rows>,
    /// Per 支援計画: its first row and the 利用サービスＮＯ used.
    supports: HashMap<(YoboPlanKey, RowNumber, RowNumber), Rows>,
    /// Where the file is, for the problems found at the end.
    at_end: Option<(Option<String>, crate::Mode, &'static crate::Layout)>,
}

/// The rows of one 課題 or 支援計画 seen.
#[derive(Debug)]
struct Rows {
    /// The first row.
    first: Position,
    /// The numbers used on its rows (bit n for n, 1–127).
    bits: u128,
    /// Whether a row gave the 課題's (支援計画's) text: on a row but the first one, in the
    /// one reading of the file, that is a problem, so a part that saw it does not join a
    /// part before it that holds the first row ([`FileRules::absorb`]).
    text: bool,
}

/// The rows of each 課題 (支援計画) of a later part joined to those of the part before.
fn join_rows<K: std::hash::Hash + Eq>(rows: &mut HashMap<K, Rows>, later: HashMap<K, Rows>) {
    for (key, r) in later {
        match rows.entry(key) {
            Entry::Occupied(e) => {
                let mine = e.into_mut();
                mine.bits |= r.bits;
                mine.text |= r.text;
            }
            Entry::Vacant(e) => {
                e.insert(r);
            }
        }
    }
}

/// The bit of row number `n` (1–127), or 0.
fn bit(n: Option<u32>) -> u128 {
    match n {
        Some(n @ 1..=127) => 1u128 << n,
        _ => 0,
    }
}

/// The first number missing below the largest number used, and the next number used above
/// it, in `bits`.
fn gap(bits: u128) -> Option<(u32, u32)> {
    let max = 127u32.checked_sub(bits.leading_zeros())?;
    let missing = (1..max).find(|n| bits & (1u128 << n) == 0)?;
    let above = (missing + 1..=max).find(|n| bits & (1u128 << n) != 0)?;
    Some((missing, above))
}

impl YoboPlanSubRules {
    /// The rows of a 課題 or 支援計画 (`rows`, `None` for its first row) take a row whose
    /// text items are `items`: text given on a row after the first is a problem.
    fn take_row(
        rows: Option<&mut Rows>,
        items: [(u16, &str); 4],
        bit: u128,
        ctx: &RuleContext<'_>,
        out: &mut Vec<Problem>,
    ) -> Option<Rows> {
        let text = items
            .into_iter()
            .find(|(no, t)| *no > 0 && !t.trim().is_empty());
        let Some(rows) = rows else {
            return Some(Rows {
                first: ctx.position,
                bits: bit,
                text: text.is_some(),
            });
        };
        rows.bits |= bit;
        if let Some((no, text)) = text {
            rows.text = true;
            YoboPlanSubRules::later_row_text(no, text, rows.first, ctx, out);
        }
        None
    }

    /// Text `text` given at item No. `no` on a row of a 課題 or 支援計画 after its first row.
    fn later_row_text(
        no: u16,
        text: &str,
        first: Position,
        ctx: &RuleContext<'_>,
        out: &mut Vec<Problem>,
    ) {
        out.push(
            ctx.problem(ProblemKind::UnexpectedValue, ctx.mode.deviation(), no)
                .found(text.to_string())
                // Empty here: the text is given on the first row of its number (related).
                .expected("\"\"")
                .related(ctx.location_at(first, no)),
        );
    }
}

impl FileRules for YoboPlanSubRules {
    type Record = YoboPlanSubRecord;

    fn record(
        &mut self,
        record: &YoboPlanSubRecord,
        ctx: &RuleContext<'_>,
        out: &mut Vec<Problem>,
    ) {
        if self.at_end.is_none() {
            self.at_end = Some((ctx.file.map(str::to_string), ctx.mode, ctx.layout));
        }
        let [issue, support, _] = record.row_key();
        let issue_key = (record.key(), issue.clone());
        let items = [
            (6, record.overall_issue.as_str()),
            (7, record.proposal.as_str()),
            (8, record.intention.as_str()),
            (9, record.goal.as_str()),
        ];
        let bits = bit(record.support_number());
        let rows = self.issues.get_mut(&issue_key);
        if let Some(first) = YoboPlanSubRules::take_row(rows, items, bits, ctx, out) {
            self.issues.insert(issue_key, first);
        }
        let support_key = (record.key(), issue, support);
        let items = [
            (11, record.support_point.as_str()),
            (12, record.self_care.as_str()),
            (13, record.insurance_service.as_str()),
            (0, ""),
        ];
        let bits = bit(record.service_number());
        let rows = self.supports.get_mut(&support_key);
        if let Some(first) = YoboPlanSubRules::take_row(rows, items, bits, ctx, out) {
            self.supports.insert(support_key, first);
        }
        let plan = self.seen.entry(record.key()).or_default();
        match plan.get(&record.row_key()) {
            Some(first) => out.push(
                ctx.problem(ProblemKind::DuplicateKey, ctx.mode.deviation(), 5)
                    .found(format!(
                        "{} (課題ＮＯ {:?}, 支援計画ＮＯ {:?}, 利用サービスＮＯ {:?})",
                        record.key(),
                        record.issue_no,
                        record.support_no,
                        record.service_no
                    ))
                    .related(ctx.location_at(*first, 5)),
            ),
            None => {
                plan.insert(record.row_key(), ctx.position);
            }
        }
    }

    /// Joins unless a plan's row numbers repeat across the cut, or a 課題 (支援計画) whose
    /// first row is here has its text given on a row of `later` (a problem naming the first
    /// row, which `later` did not see). The number sets join exactly.
    fn absorb(&mut self, later: Self) -> bool {
        let repeated = later.seen.iter().any(|(plan, rows)| {
            self.seen
                .get(plan)
                .is_some_and(|mine| rows.keys().any(|k| mine.contains_key(k)))
        });
        if repeated
            || later
                .issues
                .iter()
                .any(|(k, r)| r.text && self.issues.contains_key(k))
            || later
                .supports
                .iter()
                .any(|(k, r)| r.text && self.supports.contains_key(k))
        {
            return false;
        }
        if self.at_end.is_none() {
            self.at_end = later.at_end;
        }
        for (plan, rows) in later.seen {
            match self.seen.entry(plan) {
                Entry::Occupied(e) => e.into_mut().extend(rows),
                Entry::Vacant(e) => {
                    e.insert(rows);
                }
            }
        }
        join_rows(&mut self.issues, later.issues);
        join_rows(&mut self.supports, later.supports);
        true
    }

    fn finish(&mut self, out: &mut Vec<Problem>) {
        self.seen.clear();
        let issues = std::mem::take(&mut self.issues);
        let supports = std::mem::take(&mut self.supports);
        let Some((file, mode, layout)) = self.at_end.take() else {
            return;
        };
        let mut gaps: Vec<(Position, u16, u32, u32)> = issues
            .into_values()
            .filter_map(|r| gap(r.bits).map(|(m, a)| (r.first, 10, m, a)))
            .chain(
                supports
                    .into_values()
                    .filter_map(|r| gap(r.bits).map(|(m, a)| (r.first, 14, m, a))),
            )
            .collect();
        gaps.sort_by_key(|g| (g.0.byte(), g.1));
        for (position, no, missing, above) in gaps {
            let ctx = RuleContext {
                mode,
                file: file.as_deref(),
                kind: FileKind::YoboPlanSub,
                layout,
                position,
                parties: crate::parties::NameParties::default(),
            };
            out.push(
                ctx.problem(ProblemKind::SerialGap, mode.deviation(), no)
                    .found(above.to_string())
                    .expected(missing.to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typed::{Origin, TypedRecord};
    use crate::{Mode, RawRecord, Severity};

    fn row(date: &str, nos: [&str; 3]) -> YoboPlanSubRecord {
        let mut t = vec![""; 17];
        t[..4].copy_from_slice(&["202407", "131045", "0123456789", date]);
        t[4] = nos[0];
        t[9] = nos[1];
        t[13] = nos[2];
        t[14] = "介護予防通所介護";
        YoboPlanSubRecord::from_raw(&RawRecord::from_texts(t)).unwrap()
    }

    #[test]
    fn round_trip_and_numbers() {
        let rec = row("20250401", ["1", "１０", "x"]);
        assert_eq!(rec.issue_number(), Some(1));
        assert_eq!(rec.support_number(), Some(10));
        assert_eq!(rec.service_number(), None);
        assert_eq!(rec.to_raw(), rec.origin.get().unwrap().clone());
        let ctx = RuleContext::new(FileKind::YoboPlanSub).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        assert!(out.is_empty());
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), 17);
        assert!((4..17).all(|i| out.field(i).unwrap().quoted));
        assert!((0..4).all(|i| !out.field(i).unwrap().quoted));
    }

    #[test]
    fn row_numbers() {
        assert_eq!(parse_row_number("99"), Some(99));
        assert_eq!(parse_row_number("　3　"), Some(3));
        assert_eq!(parse_row_number("99999999999"), None);
        assert_eq!(parse_row_number("一"), None);
        assert_eq!(parse_row_number("-1"), None);
    }

    fn run(rows: &[YoboPlanSubRecord], mode: Mode) -> Vec<Problem> {
        let mut rules = YoboPlanSubRules::default();
        let mut out = Vec::new();
        let mut ctx = RuleContext::new(FileKind::YoboPlanSub).unwrap();
        ctx.mode = mode;
        ctx.file = Some("UPYOBO_SUB_0300000100_43_0300000005_11_20191025200201.CSV");
        for (i, r) in rows.iter().enumerate() {
            let n = u64::try_from(i).unwrap() + 1;
            ctx.position = Position::new(n * 100, n, n);
            rules.record(r, &ctx, &mut out);
        }
        rules.finish(&mut out);
        out
    }

    #[test]
    fn duplicate_triples_within_a_plan() {
        let rows = [
            row("20250401", ["1", "1", "1"]),
            row("20250401", ["1", "1", "2"]),
            row("20250501", ["1", "1", "1"]),
            row("20250401", ["1", "2", "1"]),
            row("20250401", ["01", "1", " 2"]),
            row("20250501", ["1", "1", "1"]),
        ];
        let out = run(&rows, Mode::Lenient);
        assert_eq!(out.len(), 2);
        let p = &out[0];
        assert_eq!(p.kind, ProblemKind::DuplicateKey);
        assert_eq!(p.severity, Severity::Warning);
        assert_eq!(p.location.line, Some(5));
        assert_eq!(p.location.item.map(|i| i.no), Some(5));
        let related = p.related.as_deref().unwrap();
        assert_eq!(related.line, Some(2));
        assert_eq!(related.record, Some(2));
        assert_eq!(related.item.map(|i| i.no), Some(5));
        assert_eq!(
            related.file.as_deref(),
            Some("UPYOBO_SUB_0300000100_43_0300000005_11_20191025200201.CSV")
        );
        assert_eq!(
            p.message_ja(),
            "5行目 支援計画書別表 No.5 課題ＮＯ: キー 131045/0123456789/20250401 (課題ＮＯ \"01\", 支援計画ＮＯ \"1\", 利用サービスＮＯ \" 2\") が前の行と重複しています"
        );
        assert_eq!(out[1].location.line, Some(6));
        assert_eq!(out[1].related.as_deref().unwrap().line, Some(3));
        let strict = run(&rows, Mode::Strict);
        assert!(strict.iter().all(|p| p.severity == Severity::Error));
    }

    /// A row with the 課題 text (No.6) and 支援計画 text (No.11) given or not.
    fn texts_row(nos: [&str; 3], issue_text: &str, support_text: &str) -> YoboPlanSubRecord {
        let mut t = vec![""; 17];
        t[..4].copy_from_slice(&["202407", "131045", "0123456789", "20250401"]);
        t[4] = nos[0];
        t[5] = issue_text;
        t[9] = nos[1];
        t[10] = support_text;
        t[13] = nos[2];
        YoboPlanSubRecord::from_raw(&RawRecord::from_texts(t)).unwrap()
    }

    fn kinds(out: &[Problem]) -> Vec<(ProblemKind, u16, Option<u64>)> {
        out.iter()
            .map(|p| (p.kind, p.location.item.map_or(0, |i| i.no), p.location.line))
            .collect()
    }

    #[test]
    fn issue_and_support_text_on_their_first_row_only() {
        let good = [
            texts_row(["1", "1", "1"], "外出の機会が少ない", "週1回の外出"),
            texts_row(["1", "1", "2"], "", ""),
            texts_row(["1", "2", "1"], "", "家族と買い物"),
            texts_row(["2", "1", "1"], "転倒の不安", "歩行訓練"),
        ];
        assert!(run(&good, Mode::Strict).is_empty());
        let repeated = [
            texts_row(["1", "1", "1"], "外出の機会が少ない", "週1回の外出"),
            texts_row(["1", "1", "2"], "外出の機会が少ない", ""),
            texts_row(["1", "1", "3"], "", "週1回の外出"),
        ];
        let out = run(&repeated, Mode::Strict);
        assert_eq!(
            kinds(&out),
            [
                (ProblemKind::UnexpectedValue, 6, Some(2)),
                (ProblemKind::UnexpectedValue, 11, Some(3))
            ]
        );
        assert!(out.iter().all(|p| p.severity == Severity::Error));
        assert_eq!(out[0].related.as_deref().unwrap().line, Some(1));
        assert!(run(&repeated, Mode::Lenient)
            .iter()
            .all(|p| p.severity == Severity::Warning));
    }

    #[test]
    fn support_and_service_numbers_are_serial() {
        let rows = [
            texts_row(["1", "1", "1"], "", ""),
            texts_row(["1", "3", "1"], "", ""),
            texts_row(["2", "1", "1"], "", ""),
            texts_row(["2", "1", "3"], "", ""),
            texts_row(["2", "2", "1"], "", ""),
        ];
        let out = run(&rows, Mode::Strict);
        assert_eq!(
            kinds(&out),
            [
                (ProblemKind::SerialGap, 10, Some(1)),
                (ProblemKind::SerialGap, 14, Some(3))
            ]
        );
        assert_eq!(out[0].found.as_deref(), Some("3"));
        assert_eq!(out[0].expected.as_deref(), Some("2"));
    }

    #[test]
    fn state_is_cleared_at_the_end() {
        let r = row("20250401", ["1", "1", "1"]);
        let mut rules = YoboPlanSubRules::default();
        let ctx = RuleContext::new(FileKind::YoboPlanSub).unwrap();
        let mut out = Vec::new();
        rules.record(&r, &ctx, &mut out);
        rules.finish(&mut out);
        rules.record(&r, &ctx, &mut out);
        assert!(out.is_empty());
    }
}

#[cfg(test)]
mod parse_row_number_examples {
    #[test]
    fn parse_row_number_example() {
        use crate::yobo_plan_sub::parse_row_number;
        assert_eq!(parse_row_number("01"), Some(1));
        assert_eq!(parse_row_number(" １２"), Some(12));
        assert_eq!(parse_row_number(""), None);
        assert_eq!(parse_row_number("1-2"), None);
    }
}
