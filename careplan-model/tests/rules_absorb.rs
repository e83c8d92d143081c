//! The rules across a file's records read in parts and joined (`AnyFileRules::absorb`, the
//! parallel reader's join): for every cut of a record sequence, the part before the cut and
//! the part after it are each read on a fresh state, the later state is absorbed into the
//! earlier one, and the problems and the end-of-file problems must be those of one state fed
//! every record in order. When `absorb` declines, the earlier state must be unchanged: the
//! later records are fed to it again and the same must hold.
//!
//! Fixtures are built from the spec's layouts (layouts/TABLE6.tsv, UPSIKYU.tsv, UP2KYO.tsv,
//! UPYOBO_SUB.tsv, UPYOBO.tsv, UPKIHON.tsv) item by item.

mod common;

use careplan_model::__private::{AnyFileRules, RuleContext};
use careplan_model::yobo_kihon::KihonRecord;
use careplan_model::yobo_plan::YoboPlanRecord;
use careplan_model::{AnyRecord, FileKind, Mode, Position, Problem, ProblemKind, RawRecord};
use proptest::prelude::*;

use common::{record, standard, with, PLAN2_VALID, TABLE6_VALID, UPSIKYU_VALID};

/// A record of the file: typed, or one that did not become a typed record.
#[derive(Clone, Debug)]
enum Row {
    Typed(Box<AnyRecord>),
    Raw(RawRecord),
}

/// A file's name, for the problems' locations.
const FILE: &str = "UPPLAN_0300000100_43_0300000005_11_20250301120000.CSV";

/// The context of the record at index `i` of the file (line and record `i + 1`).
fn ctx(kind: FileKind, i: usize, mode: Mode) -> RuleContext<'static> {
    let mut ctx = RuleContext::new(kind).unwrap();
    ctx.mode = mode;
    ctx.file = Some(FILE);
    let n = u64::try_from(i).unwrap();
    ctx.position = Position::new(n * 150, n + 1, n + 1);
    ctx
}

/// Feeds `rows`, the file's records from index `start` on, to `rules`.
fn feed(
    rules: &mut AnyFileRules,
    kind: FileKind,
    rows: &[Row],
    start: usize,
    mode: Mode,
) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let ctx = ctx(kind, start + i, mode);
        match row {
            Row::Typed(r) => rules.record(r, &ctx, &mut out),
            Row::Raw(r) => rules.not_typed(r, &ctx, &mut out),
        }
    }
    out
}

fn finish(mut rules: AnyFileRules) -> Vec<Problem> {
    let mut out = Vec::new();
    rules.finish(&mut out);
    out
}

/// What one state fed every record finds: the records' problems and the end's.
fn whole(kind: FileKind, rows: &[Row], mode: Mode) -> (Vec<Problem>, Vec<Problem>) {
    let mut rules = AnyFileRules::for_kind(kind);
    let during = feed(&mut rules, kind, rows, 0, mode);
    (during, finish(rules))
}

/// Reads `rows` in the parts `cuts` makes (ascending indices), each part on a fresh state
/// absorbed in order into the first part's, a declined part read again on the joined state;
/// asserts the problems equal one reading's, and gives whether each join was taken.
fn read_in_parts(kind: FileKind, rows: &[Row], cuts: &[usize], mode: Mode) -> Vec<bool> {
    let (p, f) = whole(kind, rows, mode);
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(rows.len());
    let mut acc = AnyFileRules::for_kind(kind);
    let mut problems = feed(&mut acc, kind, &rows[..bounds[1]], 0, mode);
    let mut joined = Vec::new();
    for w in bounds[1..].windows(2) {
        let (start, end) = (w[0], w[1]);
        let mut later = AnyFileRules::for_kind(kind);
        let found = feed(&mut later, kind, &rows[start..end], start, mode);
        if acc.absorb(later) {
            problems.extend(found);
            joined.push(true);
        } else {
            problems.extend(feed(&mut acc, kind, &rows[start..end], start, mode));
            joined.push(false);
        }
    }
    assert_eq!(problems, p, "{kind:?} cuts {cuts:?}: the records' problems");
    assert_eq!(finish(acc), f, "{kind:?} cuts {cuts:?}: the end's problems");
    joined
}

/// Every single cut (0..=n): whether each joined. Every pair of cuts is read too.
fn every_cut(kind: FileKind, rows: &[Row], mode: Mode) -> Vec<bool> {
    let n = rows.len();
    for k1 in 0..=n {
        for k2 in k1..=n {
            read_in_parts(kind, rows, &[k1, k2], mode);
        }
    }
    (0..=n)
        .map(|k| read_in_parts(kind, rows, &[k], mode)[0])
        .collect()
}

/// The kinds of the problems of one reading (records', then the end's).
fn kinds(kind: FileKind, rows: &[Row], mode: Mode) -> Vec<ProblemKind> {
    let (p, f) = whole(kind, rows, mode);
    p.iter().chain(&f).map(|p| p.kind).collect()
}

fn typed(kind: FileKind, raw: &RawRecord) -> Row {
    Row::Typed(Box::new(
        AnyRecord::from_raw(kind, raw).expect("a typed record"),
    ))
}

// --- UniqueKeys: 介護予防支援計画書 (UPYOBO) and 利用者基本情報 (UPKIHON) ---

/// A UPYOBO record of plan `date` of insured `insured` (No.2–5 and No.8, the items the
/// layout requires).
fn yobo_plan(insured: &str, date: &str) -> Row {
    let rec = YoboPlanRecord::new(
        "131045".parse().unwrap(),
        insured.parse().unwrap(),
        date.parse().unwrap(),
        "1".parse().unwrap(),
        "山田 花子",
    );
    Row::Typed(Box::new(rec.into()))
}

/// A UPKIHON record of consultation `date` of insured `insured` (the items required).
fn kihon(insured: &str, date: &str) -> Row {
    let rec = KihonRecord::new(
        "131045".parse().unwrap(),
        insured.parse().unwrap(),
        date.parse().unwrap(),
        "1".parse().unwrap(),
        "ヤマダ ハナコ",
        "山田 花子",
        "2".parse().unwrap(),
        "19400101".parse().unwrap(),
    );
    Row::Typed(Box::new(rec.into()))
}

#[test]
fn unique_keys_join_unless_a_key_repeats_across_the_cut() {
    for (kind, make) in [
        (FileKind::YoboPlan, yobo_plan as fn(&str, &str) -> Row),
        (FileKind::YoboKihon, kihon),
    ] {
        let rows = [
            make("0000000001", "20250401"),
            make("0000000002", "20250401"),
            make("0000000001", "20250501"),
            make("0000000003", "20250401"),
        ];
        // Distinct keys: every cut joins.
        for mode in [Mode::Strict, Mode::Lenient] {
            assert_eq!(every_cut(kind, &rows, mode), [true; 5], "{kind:?}");
        }
        // Rows 1 and 4 share a key: a cut between them declines, others join.
        let mut dup = rows.to_vec();
        dup.push(make("0000000002", "20250401"));
        assert_eq!(kinds(kind, &dup, Mode::Strict), [ProblemKind::DuplicateKey]);
        assert_eq!(
            every_cut(kind, &dup, Mode::Strict),
            [true, true, false, false, false, true],
            "{kind:?}"
        );
        // Repeats within one part join (the part reported them itself): rows 4 and 5
        // share row 1's key, so only the cuts before row 1 or after row 5 join.
        let mut twice = dup.clone();
        twice.push(make("0000000002", "20250401"));
        assert_eq!(
            every_cut(kind, &twice, Mode::Lenient),
            [true, true, false, false, false, false, true],
            "{kind:?}"
        );
    }
}

#[test]
fn rules_of_two_kinds_never_join_and_no_rules_always_do() {
    let mut plan = AnyFileRules::for_kind(FileKind::YoboPlan);
    assert!(!plan.absorb(AnyFileRules::for_kind(FileKind::YoboKihon)));
    assert!(!plan.absorb(AnyFileRules::for_kind(FileKind::Plan3)));
    let mut none = AnyFileRules::for_kind(FileKind::Plan3);
    assert!(none.absorb(AnyFileRules::for_kind(FileKind::Plan1)));
    assert!(!none.absorb(AnyFileRules::for_kind(FileKind::YoboPlan)));
}

// --- 居宅サービス計画2表 (UP2KYO): per plan, row order and unique row numbers ---

/// A 2表 row of the plan of `insured` numbered `issue`-`goal`-`service` (empty: no number).
fn plan2(insured: &str, [issue, goal, service]: [&str; 3]) -> Row {
    let layout = FileKind::Plan2.layout().unwrap();
    let mut v = PLAN2_VALID;
    v[2] = insured;
    v[5] = issue;
    v[7] = goal;
    v[12] = service;
    typed(FileKind::Plan2, &record(layout, &v))
}

#[test]
fn plan2_plans_spanning_the_cut_join() {
    const A: &str = "0000000001";
    const B: &str = "0000000002";
    // The standard's example numbering for two plans, interleaved, one unnumbered row.
    let rows = [
        plan2(A, ["1", "1", "1"]),
        plan2(A, ["1", "1", "2"]),
        plan2(B, ["1", "1", "1"]),
        plan2(A, ["1", "1", "3"]),
        plan2(A, ["", "", ""]),
        plan2(B, ["1", "2", "1"]),
        plan2(A, ["1", "2", "1"]),
        plan2(A, ["2", "1", "1"]),
        plan2(B, ["2", "1", "1"]),
    ];
    assert_eq!(kinds(FileKind::Plan2, &rows, Mode::Strict), []);
    assert_eq!(every_cut(FileKind::Plan2, &rows, Mode::Strict), [true; 10]);
}

#[test]
fn plan2_a_repeat_or_a_step_back_across_the_cut_declines() {
    const A: &str = "0000000001";
    let rows = [
        plan2(A, ["1", "1", "1"]),
        plan2(A, ["1", "1", "2"]),
        plan2(A, ["1", "1", "1"]), // a repeat, and a step back (RowOrder)
        plan2(A, ["1", "2", "1"]),
        plan2(A, ["1", "1", "3"]), // a step back only
    ];
    assert_eq!(
        kinds(FileKind::Plan2, &rows, Mode::Strict),
        [
            ProblemKind::RowOrder,
            ProblemKind::DuplicateKey,
            ProblemKind::RowOrder
        ]
    );
    // Cuts 1 and 2 split the repeat; 3 and 4 put a step back right after the cut (its
    // previous row on the other side).
    assert_eq!(
        every_cut(FileKind::Plan2, &rows, Mode::Strict),
        [true, false, false, true, false, true]
    );
}

// --- 第6表 (UPPLAN): 福祉用具貸与 lines of a user's run, No.19 numbers per user ---

/// A 第6表 line of `insured` on `day` (of April 2025) with service code `code`, `units`
/// and No.19 `detail`; a 福祉用具貸与 line names its product (No.16 TAISコード).
fn table6(insured: &str, day: &str, code: &str, units: &str, detail: &str) -> Row {
    let kind = FileKind::UsagePlan;
    let date = format!("202504{day}");
    let tais = if code.starts_with("17") || code.starts_with("67") {
        "00001-000010"
    } else {
        ""
    };
    let mut t = TABLE6_VALID;
    t[2] = insured;
    t[7] = units;
    t[9] = &date;
    t[14] = code;
    t[15] = tais;
    t[18] = detail;
    typed(kind, &standard(kind.layout().unwrap(), &t))
}

const U1: &str = "0000000001";
const U2: &str = "0000000002";

#[test]
fn table6_a_users_run_spanning_the_cut_joins() {
    let kind = FileKind::UsagePlan;
    // U1's lines (one run: the 訪問介護 line between does not end it), U2's, U1's again.
    let rows = [
        table6(U1, "01", "171001", "300", "1"),
        table6(U1, "01", "171001", "300", "2"),
        table6(U1, "01", "111111", "300", ""),
        table6(U1, "02", "171001", "300", ""),
        table6(U1, "01", "672001", "300", ""),
        table6(U2, "01", "171001", "300", ""),
        table6(U2, "01", "171001", "250", ""),
        table6(U1, "01", "171001", "300", "3"),
        table6(U1, "03", "171001", "300", "4"),
    ];
    assert_eq!(kinds(kind, &rows, Mode::Strict), []);
    assert_eq!(every_cut(kind, &rows, Mode::Strict), [true; 10]);
    // U1's numbers 1, 2, 4 over the file: the gap is seen at the end, whatever the parts.
    let mut gap = rows.to_vec();
    gap.remove(7);
    assert_eq!(kinds(kind, &gap, Mode::Strict), [ProblemKind::SerialGap]);
    assert_eq!(every_cut(kind, &gap, Mode::Lenient), [true; 9]);
}

#[test]
fn table6_a_repeated_line_across_the_cut_declines() {
    let kind = FileKind::UsagePlan;
    let rows = [
        table6(U1, "01", "171001", "300", ""),
        table6(U1, "02", "171001", "300", ""),
        table6(U1, "01", "171001", "300", ""), // repeats line 1: an error
        table6(U2, "01", "671001", "300", "1"),
        table6(U2, "01", "671001", "300", "1"), // repeats line 4 (67): a warning
        table6(U1, "01", "171001", "300", ""),  // U1's run anew: no repeat
    ];
    let (p, _) = whole(kind, &rows, Mode::Strict);
    let found: Vec<_> = p.iter().map(|p| (p.kind, p.location.line)).collect();
    assert_eq!(
        found,
        [
            (ProblemKind::DuplicateKey, Some(3)),
            (ProblemKind::DuplicateKey, Some(5))
        ]
    );
    assert_eq!(
        every_cut(kind, &rows, Mode::Strict),
        [true, false, false, true, false, true, true]
    );
}

#[test]
fn table6_a_run_longer_than_the_memory_joins_only_where_one_reading_remembers() {
    let kind = FileKind::UsagePlan;
    // One user's distinct lines (by 単位数) beyond RUN_LINES (4096), then the last repeated:
    // one reading no longer remembers it, a part beginning after line 2,000 would.
    let mut rows: Vec<Row> = (1..=4098)
        .map(|u| table6(U1, "01", "171001", &u.to_string(), ""))
        .collect();
    rows.push(table6(U1, "01", "171001", "4098", ""));
    assert_eq!(kinds(kind, &rows, Mode::Strict), []);
    assert_eq!(read_in_parts(kind, &rows, &[2000], Mode::Strict), [false]);
    assert_eq!(read_in_parts(kind, &rows, &[4098], Mode::Strict), [false]);
    assert_eq!(read_in_parts(kind, &rows, &[0], Mode::Strict), [true]);
    // Another user's run after the cut joins whatever the run before held.
    let mut other = rows[..4098].to_vec();
    other.push(table6(U2, "01", "171001", "4098", ""));
    assert_eq!(read_in_parts(kind, &other, &[4098], Mode::Strict), [true]);
}

// --- 第7表 (UPSIKYU): per user-month, groups by office and kind, subtotals, grand totals ---

/// A 第7表 row of `insured` (from the spec layout's 福祉用具貸与 detail row), the items
/// `set` (No., text) changed.
fn table7(insured: &str, set: &[(usize, &str)]) -> RawRecord {
    let mut t = UPSIKYU_VALID;
    t[2] = insured;
    with(&t, set)
}

/// The summed items of a row worth `units`: No.17–22 units, No.24–29 yen (units × 10, 90 %
/// claimed).
fn amounts(units: i64) -> Vec<(usize, String)> {
    let yen = units * 10;
    [
        (17, units),
        (18, units),
        (19, 0),
        (20, units),
        (21, 0),
        (22, units),
        (24, yen),
        (26, yen / 10 * 9),
        (28, yen / 10),
        (29, 0),
    ]
    .into_iter()
    .map(|(no, v)| (no, v.to_string()))
    .collect()
}

/// A detail row of `insured` at `office` with service code `code`, worth `units`.
fn detail(insured: &str, office: &str, code: &str, units: i64) -> Row {
    let mut set: Vec<(usize, String)> = vec![
        (7, office.to_string()),
        (9, code.to_string()),
        (13, units.to_string()),
    ];
    if !code.starts_with("17") {
        set.extend([(10, String::new()), (12, String::new())]);
    }
    set.extend(amounts(units));
    let set: Vec<(usize, &str)> = set.iter().map(|(n, v)| (*n, v.as_str())).collect();
    typed(FileKind::UsageSummary, &table7(insured, &set))
}

/// A special row of `insured` at `office`: `code` a subtotal (`17AAAA` …) or `999999`,
/// giving `units` (No.13 0 and No.10–12 empty, as on every special row).
fn special(insured: &str, office: &str, code: &str, units: i64) -> Row {
    let mut set: Vec<(usize, String)> = vec![
        (7, office.to_string()),
        (9, code.to_string()),
        (10, String::new()),
        (12, String::new()),
        (13, "0".to_string()),
    ];
    set.extend(amounts(units));
    let set: Vec<(usize, &str)> = set.iter().map(|(n, v)| (*n, v.as_str())).collect();
    typed(FileKind::UsageSummary, &table7(insured, &set))
}

/// A row of `insured` that does not become a typed record (No.17 holds no number); with
/// `known` false its user-month is not known either (No.2 holds no 保険者番号).
fn untyped(insured: &str, known: bool) -> Row {
    let set: &[(usize, &str)] = if known {
        &[(17, "x")]
    } else {
        &[(17, "x"), (2, "x")]
    };
    Row::Raw(table7(insured, set))
}

const O1: &str = "0300000005";
const O2: &str = "0300000006";
const ALL9: &str = "9999999999";
const U3: &str = "0000000003";

#[test]
fn table7_user_months_spanning_the_cut_join() {
    let kind = FileKind::UsageSummary;
    let rows = [
        detail(U1, O1, "171001", 100),
        detail(U1, O1, "171002", 200),
        special(U1, O1, "17AAAA", 300),
        detail(U1, O2, "111111", 50),
        detail(U2, O1, "171001", 100),
        special(U1, ALL9, "999999", 350),
        special(U2, ALL9, "999999", 100),
    ];
    assert_eq!(kinds(kind, &rows, Mode::Strict), []);
    assert_eq!(every_cut(kind, &rows, Mode::Strict), [true; 8]);
    // A subtotal and a grand total that do not add up, and a group without its subtotal:
    // found at the end, whatever the parts.
    let mut wrong = rows.to_vec();
    wrong[2] = special(U1, O1, "17AAAA", 310);
    wrong.insert(5, detail(U2, O1, "171002", 100));
    let (_, f) = whole(kind, &wrong, Mode::Strict);
    let mut found: Vec<_> = f.iter().map(|p| (p.kind, p.location.line)).collect();
    found.dedup();
    assert_eq!(
        found,
        [
            (ProblemKind::TotalMismatch, Some(3)), // U1's 17AAAA: 310, not 300
            (ProblemKind::TotalMismatch, Some(7)), // U1's 999999: 350, not 360
            (ProblemKind::MissingTotalRow, Some(5)), // U2's two 17 rows at O1
            (ProblemKind::TotalMismatch, Some(8)), // U2's 999999: 100, not 200
        ]
    );
    assert_eq!(every_cut(kind, &wrong, Mode::Strict), [true; 9]);
}

#[test]
fn table7_rows_not_typed_join_with_their_user_month() {
    let kind = FileKind::UsageSummary;
    let rows = [
        untyped(U1, false), // before any user: the first user-month's
        detail(U1, O1, "171001", 100),
        untyped(U1, false), // the last row's user-month (U1)
        special(U1, ALL9, "999999", 100),
        detail(U2, O1, "171001", 100),
        special(U2, ALL9, "999999", 100),
        untyped(U3, true),  // its own user-month, U3
        untyped(U3, false), // the last row's: U3
        detail(U3, O1, "171001", 100),
        special(U3, ALL9, "999999", 100),
    ];
    let (p, f) = whole(kind, &rows, Mode::Lenient);
    assert_eq!(p, []);
    let found: Vec<_> = f
        .iter()
        .map(|p| (p.kind, p.location.line, p.found.clone()))
        .collect();
    assert_eq!(
        found,
        [
            (ProblemKind::NotChecked, Some(1), Some("2".to_string())),
            (ProblemKind::NotChecked, Some(7), Some("2".to_string())),
        ]
    );
    assert_eq!(every_cut(kind, &rows, Mode::Lenient), [true; 11]);
    // Rows of unknown user-month alone at the start of the file: a part of them alone joins.
    let lead = [
        untyped(U1, false),
        untyped(U1, false),
        detail(U1, O1, "171001", 100),
    ];
    assert_eq!(every_cut(kind, &lead, Mode::Lenient), [true; 4]);
}

#[test]
fn table7_a_total_row_on_both_sides_of_the_cut_declines() {
    let kind = FileKind::UsageSummary;
    let rows = [
        detail(U1, O1, "171001", 100),
        special(U1, ALL9, "999999", 100),
        detail(U2, O1, "171001", 100),
        special(U2, O1, "17AAAA", 100),
        special(U1, ALL9, "999999", 100), // U1's second grand total
        special(U2, O1, "17AAAA", 100),   // U2's second 17AAAA at O1
        special(U2, O2, "17AAAA", 100),   // another office's: no repeat
        special(U2, ALL9, "999999", 200),
    ];
    let (p, _) = whole(kind, &rows, Mode::Strict);
    let found: Vec<_> = p.iter().map(|p| (p.kind, p.location.line)).collect();
    assert_eq!(
        found,
        [
            (ProblemKind::DuplicateKey, Some(5)),
            (ProblemKind::DuplicateKey, Some(6))
        ]
    );
    assert_eq!(
        every_cut(kind, &rows, Mode::Strict),
        [true, true, false, false, false, false, true, true, true]
    );
}

#[test]
fn table7_sums_that_could_saturate_decline() {
    let kind = FileKind::UsageSummary;
    // Units near i64::MAX: one reading saturates the sum, then takes a row off it.
    let big = i64::MAX / 10 - 1;
    let rows = [
        detail(U1, O1, "171001", big),
        detail(U1, O1, "171001", big),
        detail(U1, O1, "171001", -big),
        detail(U2, O1, "171001", 100),
    ];
    assert_eq!(
        every_cut(kind, &rows, Mode::Strict),
        [true, false, false, true, true]
    );
}

// --- 介護予防サービス・支援計画書（別表） (UPYOBO_SUB): rows of a plan's 課題 and 支援計画 ---

/// A UPYOBO_SUB row of the plan of `insured` (dated 2025-04-01) numbered `nos` (課題ＮＯ,
/// 支援計画ＮＯ, 利用サービスＮＯ), the 課題's text (No.6–9) given when `issue_text`, the
/// 支援計画's (No.11–13) when `support_text` (the first row of each, by the row structure of
/// layouts/_notes_yobo.md).
fn yobo_sub(insured: &str, nos: [&str; 3], issue_text: bool, support_text: bool) -> Row {
    let kind = FileKind::YoboPlanSub;
    let issue = ["外出が少ない", "週1回外出する", "外出したい", "外出の習慣"];
    let support = ["送迎付きで通う", "家族が送る", "通所型サービス"];
    let mut t = vec!["202407", "131045", insured, "20250401", nos[0]];
    t.extend(if issue_text { issue } else { [""; 4] });
    t.push(nos[1]);
    t.extend(if support_text { support } else { [""; 3] });
    t.extend([nos[2], "介護予防通所介護", "○○デイサービス", "6カ月間"]);
    typed(kind, &standard(kind.layout().unwrap(), &t))
}

#[test]
fn yobo_sub_a_plans_rows_spanning_the_cut_join() {
    let kind = FileKind::YoboPlanSub;
    let rows = [
        yobo_sub(U1, ["1", "1", "1"], true, true),
        yobo_sub(U1, ["1", "1", "2"], false, false),
        yobo_sub(U2, ["1", "1", "1"], true, true),
        yobo_sub(U1, ["1", "2", "1"], false, true),
        yobo_sub(U1, ["2", "1", "1"], true, true),
        yobo_sub(U1, ["1", "2", "2"], false, false),
        yobo_sub(U2, ["1", "1", "2"], false, false),
    ];
    assert_eq!(kinds(kind, &rows, Mode::Strict), []);
    assert_eq!(every_cut(kind, &rows, Mode::Strict), [true; 8]);
    // 利用サービスＮＯ 1, 3 of U1's 支援計画 1-1: a gap, at the end, whatever the parts.
    let mut gap = rows.to_vec();
    gap[1] = yobo_sub(U1, ["1", "1", "3"], false, false);
    assert_eq!(kinds(kind, &gap, Mode::Lenient), [ProblemKind::SerialGap]);
    assert_eq!(every_cut(kind, &gap, Mode::Lenient), [true; 8]);
}

#[test]
fn yobo_sub_a_repeat_or_a_later_rows_text_across_the_cut_declines() {
    let kind = FileKind::YoboPlanSub;
    let rows = [
        yobo_sub(U1, ["1", "1", "1"], true, true),
        yobo_sub(U1, ["1", "1", "2"], false, false),
        yobo_sub(U1, ["1", "1", "2"], false, false), // repeats row 2
        yobo_sub(U1, ["1", "2", "1"], true, true),   // the 課題's text again
        yobo_sub(U2, ["1", "1", "1"], true, true),
        yobo_sub(U2, ["1", "1", "2"], false, true), // the 支援計画's text again
    ];
    assert_eq!(
        kinds(kind, &rows, Mode::Strict),
        [
            ProblemKind::DuplicateKey,
            ProblemKind::UnexpectedValue,
            ProblemKind::UnexpectedValue
        ]
    );
    assert_eq!(
        every_cut(kind, &rows, Mode::Strict),
        [true, false, false, false, true, false, true]
    );
}

// --- The sequences of every kind at random ---

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn table6_random_lines_join_as_one_reading(
        picks in proptest::collection::vec((0..3usize, 0..2usize, 0..4usize, 0..2usize, 0..4usize), 0..14)
    ) {
        let users = [U1, U2, "0000000003"];
        let codes = ["171001", "671001", "111111", "172001"];
        let details = ["", "1", "2", "3"];
        let rows: Vec<Row> = picks
            .iter()
            .map(|&(u, d, c, n, x)| {
                table6(users[u], ["01", "02"][d], codes[c], ["300", "250"][n], details[x])
            })
            .collect();
        every_cut(FileKind::UsagePlan, &rows, Mode::Strict);
    }

    #[test]
    fn yobo_sub_random_rows_join_as_one_reading(
        picks in proptest::collection::vec((0..2usize, 0..3usize, 0..3usize, 0..3usize, any::<bool>(), any::<bool>()), 0..14)
    ) {
        let users = [U1, U2];
        let nos = ["1", "2", "3"];
        let rows: Vec<Row> = picks
            .iter()
            .map(|&(u, a, b, c, x, y)| yobo_sub(users[u], [nos[a], nos[b], nos[c]], x, y))
            .collect();
        every_cut(FileKind::YoboPlanSub, &rows, Mode::Lenient);
    }

    #[test]
    fn table7_random_rows_join_as_one_reading(
        picks in proptest::collection::vec((0..3usize, 0..2usize, 0..8usize, 0..3usize), 0..14)
    ) {
        let users = [U1, U2, U3];
        let offices = [O1, O2];
        let rows: Vec<Row> = picks
            .iter()
            .map(|&(u, o, c, v)| {
                let units = [100, 200, 300][v];
                match c {
                    0 => detail(users[u], offices[o], "171001", units),
                    1 => detail(users[u], offices[o], "111111", units),
                    2 => special(users[u], offices[o], "17AAAA", units),
                    3 => special(users[u], offices[o], "17EEEE", units),
                    4 => special(users[u], ALL9, "999999", units),
                    5 => untyped(users[u], true),
                    6 => untyped(users[u], false),
                    _ => detail(users[u], offices[o], "171001", -units),
                }
            })
            .collect();
        every_cut(FileKind::UsageSummary, &rows, Mode::Strict);
    }

    #[test]
    fn unique_keys_random_rows_join_as_one_reading(
        picks in proptest::collection::vec((0..3usize, 0..2usize), 0..12),
        kihon_kind in any::<bool>(),
    ) {
        let users = [U1, U2, U3];
        let dates = ["20250401", "20250501"];
        let (kind, make) = if kihon_kind {
            (FileKind::YoboKihon, kihon as fn(&str, &str) -> Row)
        } else {
            (FileKind::YoboPlan, yobo_plan as fn(&str, &str) -> Row)
        };
        let rows: Vec<Row> = picks.iter().map(|&(u, d)| make(users[u], dates[d])).collect();
        every_cut(kind, &rows, Mode::Lenient);
    }

    #[test]
    fn plan2_random_rows_join_as_one_reading(
        picks in proptest::collection::vec((0..3usize, 0..3usize, 0..3usize, 0..3usize), 0..14)
    ) {
        let nos = ["1", "2", ""];
        let users = ["0000000001", "0000000002", "0000000003"];
        let rows: Vec<Row> = picks
            .iter()
            .map(|&(u, a, b, c)| plan2(users[u], [nos[a], nos[b], nos[c]]))
            .collect();
        every_cut(FileKind::Plan2, &rows, Mode::Strict);
    }
}
