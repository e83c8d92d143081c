//! Rules the standard states that need the file as a whole: the CSVバージョン in force for
//! the service month, and the items that must name the file's sender (issue 13 §2).

mod common;

use careplan_csv::{Parsed, Summary};
use careplan_model::Mode;
use careplan_model::{AnyRecord, Problem, ProblemKind, Severity};

/// One 第6表 line (layouts/TABLE6.tsv) of the care office 1310000001 for the provider
/// 1310000002 in service month `month`, on its day `day`, with items replaced by No.
fn line(month: &str, day: &str, extra: &[(usize, &str)]) -> String {
    let date = format!("{month}{day}");
    common::line("0000012345", &date, &[&[(5, month)], extra].concat())
}

/// The same line in the 3.x layout (22 items: no TAIS, 届出コード, 用具名称; LEGACY.md).
fn line_v3(month: &str, day: &str) -> String {
    let l = line(month, day, &[(1, "202208")]);
    let mut items: Vec<&str> = l.trim_end().split(',').collect();
    items.drain(15..18);
    items.join(",") + "\r\n"
}

fn read(mode: Mode, name: &str, lines: &[String]) -> (Vec<Parsed<AnyRecord>>, Summary) {
    common::read_all(mode, name, &common::file(lines))
}

fn all(recs: &[Parsed<AnyRecord>], summary: &Summary) -> Vec<Problem> {
    recs.iter()
        .flat_map(|r| r.problems().iter().cloned())
        .chain(summary.problems.iter().cloned())
        .collect()
}

fn of(problems: &[Problem], kind: ProblemKind) -> Vec<(Severity, Option<u16>, Option<u64>)> {
    problems
        .iter()
        .filter(|p| p.kind == kind)
        .map(|p| (p.severity, p.location.item.map(|i| i.no), p.location.line))
        .collect()
}

/// Every layout's No.1: 新しい版は、その適用年月に当たるサービス提供年月のデータから使う
/// (LEGACY.md: 4.0/4.1 from service month 2025-04).
#[test]
fn a_version_is_used_from_its_service_month_once_per_file() {
    let name = |m: &str| format!("UPPLAN_{m}_1310000001_43_1310000002_11_20250401093000.CSV");
    // 4.1 records for 2025-03: an error at No.1, once for the file.
    let lines = [line("202503", "01", &[]), line("202503", "02", &[])];
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, summary) = read(mode, &name("202503"), &lines);
        let p = all(&recs, &summary);
        assert_eq!(
            of(&p, ProblemKind::VersionNotInForce),
            [(Severity::Error, Some(1), Some(1))],
            "{p:?}"
        );
        let v = p
            .iter()
            .find(|p| p.kind == ProblemKind::VersionNotInForce)
            .unwrap();
        assert_eq!(v.found.as_deref(), Some("202407 / 202503"));
        assert_eq!(v.expected.as_deref(), Some("202208"));
        assert!(
            v.message_ja().contains("No.1 CSVバージョン"),
            "{}",
            v.message_ja()
        );
    }
    // 3.x records for 2025-04: an error too.
    let (recs, summary) = read(
        Mode::Strict,
        &name("202504"),
        &[line_v3("202504", "01"), line_v3("202504", "02")],
    );
    let p = all(&recs, &summary);
    assert_eq!(
        of(&p, ProblemKind::VersionNotInForce),
        [(Severity::Error, Some(1), Some(1))],
        "{p:?}"
    );
    assert!(matches!(recs[0], Parsed::Typed { .. }));
    // Each in force: clean.
    let (recs, summary) = read(Mode::Strict, &name("202503"), &[line_v3("202503", "01")]);
    assert!(
        all(&recs, &summary).is_empty(),
        "{:?}",
        all(&recs, &summary)
    );
    let (recs, summary) = read(Mode::Strict, &name("202504"), &[line("202504", "01", &[])]);
    assert!(all(&recs, &summary).is_empty());
}

/// 第6表 No.6 プラン担当業者コード is the care office, which sends 予定: a name whose sender
/// is another office makes every line disagree, reported once for the file with a count.
#[test]
fn a_plan_from_another_office_than_no6_is_reported_once() {
    let name = "UPPLAN_202504_1310000009_43_1310000002_11_20250401093000.CSV";
    let lines: Vec<String> = (1..=5)
        .map(|d| line("202504", &format!("{d:02}"), &[]))
        .collect();
    let (recs, summary) = read(Mode::Strict, name, &lines);
    let p = all(&recs, &summary);
    assert_eq!(
        of(&p, ProblemKind::SenderMismatch),
        [(Severity::Error, Some(6), Some(1))],
        "{p:?}"
    );
    let more = p.iter().find(|p| p.kind == ProblemKind::NotListed).unwrap();
    assert_eq!(more.found.as_deref(), Some("4"));
    assert_eq!(more.expected.as_deref(), Some("sender_mismatch"));
    assert_eq!(summary.errors, 5);
    assert!(summary
        .problems
        .iter()
        .all(|p| p.kind == ProblemKind::NotListed));
}

/// 実績 files are made per 事業所番号 + サービス種類: No.20 is the sender's office and each
/// line's kind the sender's kind (a 訪問看護 line in a file named for 訪問介護).
#[test]
fn result_lines_name_the_sender_office_and_kind() {
    let name = "UPJSK_202504_1310000002_11_1310000001_43_20250501090000.CSV";
    let ok = line("202504", "01", &[(24, "1310000002")]);
    let other_office = line("202504", "02", &[(20, "1310000003"), (24, "1310000003")]);
    let other_kind = line("202504", "03", &[(15, "131111"), (24, "1310000002")]);
    let (recs, summary) = read(Mode::Strict, name, &[ok, other_office, other_kind]);
    let p = all(&recs, &summary);
    assert_eq!(
        of(&p, ProblemKind::SenderMismatch),
        [
            (Severity::Error, Some(20), Some(2)),
            (Severity::Warning, Some(15), Some(3))
        ],
        "{p:?}"
    );
    assert!(recs[0].problems().is_empty());
}

/// A pre-4.0 name: the form of the versions that apply before service month 2025-04 (a
/// warning then, in both modes); from 2025-04 on, an error in strict mode only. Kinds
/// without a month go by the sequence date.
#[test]
fn a_pre_4_name_is_an_error_in_strict_mode_from_2025_04() {
    use careplan_csv::FileName;
    for (name, strict) in [
        (
            "UPPLAN_202504_1310000001_1310000002_20250401093000.CSV",
            Severity::Error,
        ),
        (
            "UPPLAN_202503_1310000001_1310000002_20250301093000.CSV",
            Severity::Warning,
        ),
        (
            "UP1KYO_1310000001_1310000002_20250401093000.CSV",
            Severity::Error,
        ),
        (
            "UP1KYO_1310000001_1310000002_20250331093000.CSV",
            Severity::Warning,
        ),
    ] {
        for (mode, severity) in [(Mode::Strict, strict), (Mode::Lenient, Severity::Warning)] {
            let (_, problems) = FileName::parse_with(name, mode).expect("read in both modes");
            let found: Vec<_> = problems.iter().map(|p| (p.kind, p.severity)).collect();
            assert_eq!(
                found,
                [(ProblemKind::LegacyFileName, severity)],
                "{name} {mode:?}"
            );
        }
    }
}
