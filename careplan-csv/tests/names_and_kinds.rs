//! Names and kinds (issue 13 §4): the kind comes from the name's prefix whenever the prefix
//! is a known one, even when a later part of the name is broken; content decides only when
//! the prefix is unknown, and a file that fits no layout is still checked against the
//! layout it fits best.

mod common;

use careplan_model::Mode;
use careplan_model::{FileKind, ProblemKind, Severity};

use common::{file, read_all};

/// A 第6表 line planned and updated by 1310000002 (No.6, No.24), the sender in every name
/// here.
fn line(insured: &str, date: &str, extra: &[(usize, &str)]) -> String {
    let sender = [(6, "1310000002"), (24, "1310000002")];
    common::line(insured, date, &[&sender, extra].concat())
}

/// Names another implementation wrote, each broken after its prefix.
const BROKEN: [&str; 3] = [
    // The receiver left empty (PITFALLS: empty name segments).
    "UPJSK_202504_1310000002_11___20250401093000.CSV",
    // A browser's suffix for a second download of the same name.
    "UPJSK_202504_1310000002_11_1310000001_43_20250401093000(1).CSV",
    // A 9-digit office number (strict mode rejects it).
    "UPJSK_202504_131000002_11_1310000001_43_20250401093000.CSV",
];

#[test]
fn a_known_prefix_gives_the_kind_when_the_rest_of_the_name_is_broken() {
    let data = file(&[
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250402", &[]),
    ]);
    for name in BROKEN {
        let (recs, summary) = read_all(Mode::Strict, name, &data);
        assert_eq!(summary.kind, Some(FileKind::UsageResult), "{name}");
        assert_eq!(recs.len(), 2);
        assert!(
            recs.iter().all(|r| r.typed().is_some()),
            "{name}: every record is checked and typed as 第6表"
        );
        let kinds: Vec<_> = summary.problems.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [ProblemKind::InvalidFileName],
            "{name}: the name's problem, and no detection from content"
        );
        assert!(summary.problems[0].is_error());
        // The records are checked as the prefix's kind: a bad date is found.
        let bad = file(&[line("0000012345", "20250431", &[])]);
        let (recs, _) = read_all(Mode::Strict, name, &bad);
        assert!(recs[0].problems().iter().any(
            |p| p.kind == ProblemKind::InvalidDate && p.location.item.map(|i| i.no) == Some(10)
        ));
    }
}

#[test]
fn content_decides_only_when_the_prefix_is_unknown() {
    let data = file(&[line("0000012345", "20250401", &[])]);
    let (_, summary) = read_all(
        Mode::Lenient,
        "UPKHON_202504_1310000002_11_1310000001_43_20250401093000.CSV",
        &data,
    );
    let kinds: Vec<_> = summary.problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [ProblemKind::InvalidFileName, ProblemKind::KindFromContent]
    );
    assert_eq!(summary.kind, Some(FileKind::UsagePlan));
}

#[test]
fn a_file_that_fits_no_layout_is_checked_against_the_best_fitting_one() {
    // A 第6表 line with one item too many (a trailing comma) and a bad date: it fits no
    // layout, and 第6表 fits it best.
    let mut l = line("0000012345", "20250431", &[]);
    l.insert(l.len() - 2, ',');
    let data = file(&[l]);
    let (recs, summary) = read_all(Mode::Lenient, "export.csv", &data);
    assert_eq!(summary.kind, Some(FileKind::UsagePlan));
    let detected = summary
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::KindFromContent)
        .expect("detected");
    assert_eq!(detected.found.as_deref(), Some("UPPLAN"));
    // No layout fits: nothing is expected, and the messages say so in words.
    assert_eq!(detected.expected, None);
    assert!(detected
        .message_en()
        .contains("fits no layout, UPPLAN best"));
    assert!(detected.message_ja().contains("どのレイアウトにも合わず"));
    let found: Vec<_> = recs[0]
        .problems()
        .iter()
        .map(|p| (p.kind, p.severity, p.location.item.map(|i| i.no)))
        .collect();
    assert!(
        found.contains(&(ProblemKind::FieldCount, Severity::Error, None)),
        "{found:?}"
    );
    assert!(
        found.contains(&(ProblemKind::InvalidDate, Severity::Error, Some(10))),
        "the items are checked: {found:?}"
    );
}
