//! One mistake, one message (issue 13 §3): a fact of the whole file is said once, and a
//! record's mistake does not cascade onto the records after it. Fixtures are built from the
//! spec's layouts (DLTPLAN: CSVバージョン, 保険者番号, 被保険者番号, 削除対象年月; UPSIKYU:
//! 37 items).

mod common;

use careplan_csv::Parsed;
use careplan_model::Mode;
use careplan_model::{AnyRecord, Problem, ProblemKind, Severity};

use common::{file, line, read_all, UPPLAN};

const DELETE_NAME: &str = "DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
const TABLE7_NAME: &str = "UPSIKYU_202504_1310000001_43_1310000002_11_20250401093000.CSV";

fn kinds(problems: &[Problem]) -> Vec<ProblemKind> {
    problems.iter().map(|p| p.kind).collect()
}

fn delete_file(version: &str, users: usize) -> Vec<u8> {
    (0..users)
        .map(|i| format!("{version},131001,00000123{i:02},202504\r\n"))
        .collect::<String>()
        .into_bytes()
}

#[test]
fn an_unknown_version_is_said_once_per_file_with_its_count() {
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, summary) = read_all(mode, DELETE_NAME, &delete_file("201801", 5));
        assert_eq!(recs.len(), 5);
        assert!(recs.iter().all(|r| r.problems().is_empty()), "{mode:?}");
        let versions: Vec<&Problem> = summary
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::UnknownVersion)
            .collect();
        assert_eq!(versions.len(), 1, "{mode:?} {:?}", summary.problems);
        let p = versions[0];
        assert_eq!(p.count, Some(5));
        assert_eq!(p.location.line, Some(1));
        assert_eq!(p.found.as_deref(), Some("201801"));
        assert_eq!(p.severity, mode.deviation());
        assert!(
            p.message_en().ends_with("(in 5 records)"),
            "{}",
            p.message_en()
        );
        assert!(
            p.message_ja().ends_with("（5件のレコード）"),
            "{}",
            p.message_ja()
        );
        let counted = if mode == Mode::Strict {
            summary.errors
        } else {
            summary.warnings
        };
        assert_eq!(counted, 1);
    }
}

/// 202410 is the month 4.1 was published, which several writers put in No.1: its message
/// names 202407, the value 4.1 writes.
#[test]
fn version_202410_gets_a_hint_naming_202407() {
    let (recs, summary) = read_all(Mode::Lenient, DELETE_NAME, &delete_file("202410", 14));
    assert_eq!(recs.len(), 14);
    assert!(recs.iter().all(|r| r.typed().is_some()));
    let [p] = &summary.problems[..] else {
        panic!("{:?}", summary.problems);
    };
    assert_eq!(p.kind, ProblemKind::UnknownVersion);
    assert_eq!(p.count, Some(14));
    assert!(
        p.message_en().contains("4.1 writes 202407"),
        "{}",
        p.message_en()
    );
    assert!(
        p.message_ja().contains("4.1 は 202407 です"),
        "{}",
        p.message_ja()
    );
}

#[test]
fn a_strict_header_line_is_one_error_and_no_later_record_is_blamed() {
    let mut data = b"CSV_VERSION,INSURER,INSURED,MONTH\r\n".to_vec();
    data.extend(delete_file("202407", 3));
    let (recs, summary) = read_all(Mode::Strict, DELETE_NAME, &data);
    assert_eq!(recs.len(), 4);
    assert_eq!(kinds(recs[0].problems()), vec![ProblemKind::HeaderLine]);
    assert_eq!(recs[0].problems()[0].severity, Severity::Error);
    for r in &recs[1..] {
        assert!(r.problems().is_empty(), "{:?}", r.problems());
        assert!(r.typed().is_some());
    }
    assert_eq!(summary.errors, 1);
    assert_eq!(
        summary.version.map(|v| v.to_string()).as_deref(),
        Some("202407")
    );
}

#[test]
fn an_empty_first_version_does_not_make_every_later_record_mixed() {
    let mut data = b",131001,0000012300,202504\r\n".to_vec();
    data.extend(delete_file("202407", 3));
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, summary) = read_all(mode, DELETE_NAME, &data);
        assert_eq!(
            kinds(recs[0].problems()),
            vec![ProblemKind::MissingRequired]
        );
        for r in &recs[1..] {
            assert!(r.problems().is_empty(), "{mode:?} {:?}", r.problems());
        }
        assert_eq!(summary.errors, 1, "{mode:?}");
    }
}

/// A 訪問介護 row at office 1310000002 (`code`), with 単位数 `units` and サービス単位金額
/// `amount` (No.13 and No.17); special rows carry 0 in No.13.
fn table7_row(code: &str, office: &str, units: &str, amount: &str) -> String {
    let mut items = vec![""; 37];
    items[..9].copy_from_slice(&[
        "202407",
        "131001",
        "0000012345",
        "20250320",
        "202504",
        "\"訪問介護A\"",
        office,
        "",
        code,
    ]);
    items[11] = "\"\"";
    items[12] = units;
    items[15] = "1";
    items[16] = amount;
    items[32] = "0";
    items[33] = "9999999999";
    items.join(",") + "\r\n"
}

/// One 第7表 detail row whose amount is not a number: its own error, and one warning that
/// the user's totals could not be checked — not a missing subtotal and mismatching totals.
#[test]
fn one_bad_table7_row_does_not_cascade_into_total_errors() {
    let good = [
        table7_row("111111", "1310000002", "250", "1000"),
        table7_row("112111", "1310000002", "250", "1000"),
        table7_row("11AAAA", "1310000002", "0", "2000"),
        table7_row("999999", "9999999999", "0", "2000"),
    ];
    let (_, summary) = read_all(Mode::Strict, TABLE7_NAME, &file(&good));
    assert_eq!(summary.errors, 0, "{:?}", summary.problems);
    let mut bad = good.clone();
    bad[1] = table7_row("112111", "1310000002", "250", "1,000").replace("1,000", "\"1,000\"");
    let (recs, summary) = read_all(Mode::Strict, TABLE7_NAME, &file(&bad));
    assert_eq!(recs.len(), 4);
    assert!(recs[1].typed().is_none());
    assert!(recs[1].has_errors());
    assert_eq!(
        kinds(&summary.problems),
        vec![ProblemKind::NotChecked],
        "{:?}",
        summary.problems
    );
    let p = &summary.problems[0];
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.location.line, Some(2));
    let record_errors: usize = recs
        .iter()
        .map(|r| r.problems().iter().filter(|p| p.is_error()).count())
        .sum();
    assert_eq!(summary.errors as usize, record_errors);
}

/// A record with one bad optional item is kept raw with that item's error, and its rules
/// that do not depend on the item are still checked (a date outside the month).
#[test]
fn a_bad_item_does_not_hide_the_records_other_mistakes() {
    let lines = [
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250501", &[(19, "x")]),
        line("0000012345", "20250402", &[(19, "x")]),
    ];
    let (recs, _) = read_all(Mode::Strict, UPPLAN, &file(&lines));
    assert!(recs[0].problems().is_empty(), "{:?}", recs[0].problems());
    let found = |r: &Parsed<AnyRecord>| {
        r.problems()
            .iter()
            .map(|p| (p.kind, p.location.item.map(|i| i.no)))
            .collect::<Vec<_>>()
    };
    assert!(recs[1].typed().is_none());
    assert_eq!(
        found(&recs[1]),
        vec![
            (ProblemKind::InvalidFormat, Some(19)),
            (ProblemKind::DateOutsideMonth, Some(10))
        ]
    );
    // The rules that fire on an empty item are not run on the emptied one.
    assert_eq!(
        found(&recs[2]),
        vec![(ProblemKind::InvalidFormat, Some(19))]
    );
}
