//! Cross-file checks: each relation of the spec's keys, broken once, with the files and
//! lines each problem names; 4.1 and legacy names.

mod common;

use careplan_bundle::relations;
use careplan_bundle::FileSet;
use careplan_model::{Problem, ProblemKind, Severity};
use common::*;

const S1: &str = "20250325100000";
const A: &str = "0000012345";
const B: &str = "0000067890";

fn ticket_names(parties: &str, hosoku_month: &str) -> [String; 3] {
    [
        name(&format!("UPPLAN_{MONTH}"), parties, S1),
        name(&format!("UPSIKYU_{MONTH}"), parties, S1),
        name(&format!("UPHOSOKU_{hosoku_month}"), parties, S1),
    ]
}

/// A service-ticket unit of these records (4.1 names, 補足 named with the month).
fn ticket(
    t6s: &[careplan_model::table6::Table6Record],
    t7s: &[careplan_model::table7::Table7Record],
    hs: &[careplan_model::hosoku::HosokuRecord],
) -> (FileSet, [String; 3]) {
    ticket_named(ticket_names(V41_OUT, MONTH), t6s, t7s, hs)
}

fn ticket_named(
    names: [String; 3],
    t6s: &[careplan_model::table6::Table6Record],
    t7s: &[careplan_model::table7::Table7Record],
    hs: &[careplan_model::hosoku::HosokuRecord],
) -> (FileSet, [String; 3]) {
    let set = set_of(vec![
        (names[0].clone(), file(&names[0], t6s)),
        (names[1].clone(), file(&names[1], t7s)),
        (names[2].clone(), file(&names[2], hs)),
    ]);
    (set, names)
}

/// The relation problems of the set's only unit.
fn relation_problems(set: &FileSet) -> Vec<Problem> {
    let units = set.units();
    assert_eq!(units.len(), 1);
    relations::check_unit(&units[0])
}

fn user_a_rows() -> Vec<careplan_model::table6::Table6Record> {
    vec![t6(A, "01", "111111", PROV), t6(A, "08", "111111", PROV)]
}

fn related_file(p: &Problem) -> Option<&str> {
    p.related.as_ref().and_then(|r| r.file.as_deref())
}

#[test]
fn a_sound_ticket_has_no_problem_anywhere() {
    let (set, _) = ticket(
        &user_a_rows(),
        &t7_user(A, PROV, 2),
        &[hosoku_usage(A, MONTH)],
    );
    for f in set.files() {
        assert_eq!(
            f.problems().count(),
            0,
            "{}: {:?}",
            f.display(),
            f.problems().collect::<Vec<_>>()
        );
    }
    assert!(set.units()[0].problems().is_empty());
}

#[test]
fn a_table7_user_month_without_table6_names_both_files() {
    let mut t7s = t7_user(A, PROV, 2);
    t7s.extend(t7_user(B, PROV, 1));
    let (set, names) = ticket(&user_a_rows(), &t7s, &[hosoku_usage(A, MONTH)]);
    let problems = relation_problems(&set);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!(
        (p.kind, p.severity),
        (ProblemKind::MissingParent, Severity::Error)
    );
    assert_eq!(p.location.file.as_deref(), Some(names[1].as_str()));
    assert_eq!(p.location.line, Some(3));
    assert_eq!(related_file(p), Some(names[0].as_str()));
    assert_eq!(
        p.found.as_deref(),
        Some(
            // The key only: the file, line and table are the location's.
            format!("131001/{B}/202504").as_str()
        )
    );
    assert_eq!(p.expected.as_deref(), Some("第6表（サービス利用票）予定"));
    assert_eq!(
        p.message_ja(),
        // Each fact once: the place, the key, the table it lacks.
        format!(
            "3行目 第7表: 131001/{B}/202504 に対応する 第6表（サービス利用票）予定 がありません"
        )
    );
}

#[test]
fn a_hosoku_without_table6_is_a_missing_parent() {
    let (set, names) = ticket(
        &user_a_rows(),
        &t7_user(A, PROV, 2),
        &[hosoku_usage(A, MONTH), hosoku_usage(B, MONTH)],
    );
    let problems = relation_problems(&set);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].kind, ProblemKind::MissingParent);
    assert_eq!(
        problems[0].location.file.as_deref(),
        Some(names[2].as_str())
    );
    assert_eq!(problems[0].location.line, Some(2));
    assert_eq!(related_file(&problems[0]), Some(names[0].as_str()));
}

#[test]
fn a_table6_user_without_hosoku_is_an_error_and_without_table7_a_warning() {
    let mut rows = user_a_rows();
    rows.push(t6(B, "02", "111111", PROV));
    let (set, names) = ticket(&rows, &t7_user(A, PROV, 2), &[hosoku_usage(A, MONTH)]);
    let problems = relation_problems(&set);
    let got: Vec<(ProblemKind, Severity, Option<u64>, Option<&str>)> = problems
        .iter()
        .map(|p| (p.kind, p.severity, p.location.line, related_file(p)))
        .collect();
    assert_eq!(
        got,
        [
            (
                ProblemKind::MissingDependent,
                Severity::Error,
                Some(3),
                Some(names[2].as_str())
            ),
            (
                ProblemKind::MissingDependent,
                Severity::Warning,
                Some(3),
                Some(names[1].as_str())
            ),
        ]
    );
    assert!(problems
        .iter()
        .all(|p| p.location.file.as_deref() == Some(names[0].as_str())));
    assert_eq!(
        problems[0].message_en(),
        format!("line 3, 第6表: 131001/{B}/202504 has no 利用者補足情報 sent with it")
    );
}

#[test]
fn a_missing_file_is_reported_once_by_the_unit_not_per_record() {
    let names = ticket_names(V41_OUT, MONTH);
    let set = set_of(vec![(names[0].clone(), file(&names[0], &user_a_rows()))]);
    let units = set.units();
    assert!(relations::check_unit(&units[0]).is_empty());
    let kinds: Vec<ProblemKind> = units[0].problems().iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [ProblemKind::MissingMember, ProblemKind::MissingMember]
    );
}

#[test]
fn a_hosoku_linked_to_a_plan_in_a_ticket_is_reported_once() {
    // Named with the month: the reader reports No.63 000000 against the name's month, and
    // the unit does not repeat it.
    let (set, names) = ticket(
        &user_a_rows(),
        &t7_user(A, PROV, 2),
        &[hosoku_plan(A, "20250301")],
    );
    let hosoku_file = set
        .files()
        .iter()
        .find(|f| f.display() == names[2])
        .unwrap();
    let reader: Vec<ProblemKind> = hosoku_file.problems().map(|p| p.kind).collect();
    assert_eq!(reader, [ProblemKind::MonthMismatch]);
    let problems = relation_problems(&set);
    assert_eq!(
        problems.iter().map(|p| p.kind).collect::<Vec<_>>(),
        [ProblemKind::MissingDependent],
        "the 第6表 user has no 補足 of the month"
    );

    // Named 000000: the name and No.63 agree, so the unit reports the link (No.4).
    let (set, names) = ticket_named(
        ticket_names(V41_OUT, "000000"),
        &user_a_rows(),
        &t7_user(A, PROV, 2),
        &[hosoku_plan(A, "20250301")],
    );
    let units = set.units();
    let composition: Vec<ProblemKind> = units[0].unit().problems().iter().map(|p| p.kind).collect();
    assert_eq!(composition, [ProblemKind::MixedMonths]);
    let problems = relations::check_unit(&units[0]);
    let p = problems
        .iter()
        .find(|p| p.kind == ProblemKind::Inconsistent)
        .unwrap();
    assert_eq!(p.location.file.as_deref(), Some(names[2].as_str()));
    assert_eq!(p.location.item.map(|i| i.no), Some(4));
    assert_eq!(p.found.as_deref(), Some("No.4 20250301, No.63 000000"));
    assert!(p
        .expected
        .as_deref()
        .unwrap()
        .starts_with("No.4 00000000, No.63 202504"));
    assert_eq!(related_file(p), Some(names[0].as_str()));
}

#[test]
fn a_hosoku_of_another_month_is_inconsistent_at_no_63() {
    let names = [
        name(&format!("UPPLAN_{MONTH}"), V41_OUT, S1),
        name(&format!("UPSIKYU_{MONTH}"), V41_OUT, S1),
        name("UPHOSOKU_202505", V41_OUT, S1),
    ];
    let (set, _) = ticket_named(
        names.clone(),
        &user_a_rows(),
        &t7_user(A, PROV, 2),
        &[hosoku_usage(A, "202505")],
    );
    let problems = relation_problems(&set);
    let p = problems
        .iter()
        .find(|p| p.kind == ProblemKind::Inconsistent)
        .unwrap();
    assert_eq!(p.location.item.map(|i| i.no), Some(63));
    assert_eq!(p.location.line, Some(1));
    assert_eq!(p.found.as_deref(), Some("No.4 00000000, No.63 202505"));
}

/// 補足 records of another month in a 補足 named for the unit's month: the reader's
/// MonthMismatch says it (once, the repeats counted), and the unit does not say it again
/// on every record at No.63 (one mistake, one message).
#[test]
fn hosoku_records_of_another_month_in_a_file_named_for_the_unit_are_the_readers_alone() {
    let (set, names) = ticket(
        &user_a_rows(),
        &t7_user(A, PROV, 2),
        &[hosoku_usage(A, "202505"), hosoku_usage(B, "202505")],
    );
    let hosoku_file = set
        .files()
        .iter()
        .find(|f| f.display() == names[2])
        .unwrap();
    let mut reader: Vec<&str> = hosoku_file.problems().map(|p| p.kind.code()).collect();
    reader.sort_unstable();
    assert_eq!(
        reader,
        ["month_mismatch", "not_listed"],
        "{:?}",
        hosoku_file.problems().collect::<Vec<_>>()
    );
    let problems = relation_problems(&set);
    assert!(
        !problems
            .iter()
            .any(|p| p.kind == ProblemKind::Inconsistent
                && p.location.item.map(|i| i.no) == Some(63)),
        "{problems:?}"
    );
}

/// A 第6表 or 第7表 record of another month in No.5 than its file's name is the reader's
/// MonthMismatch; its user-month is the file's, so it does not also lack its 補足 and
/// 第7表, nor they their parent (one mistake, one message).
#[test]
fn a_record_of_another_month_keeps_the_user_month_of_its_file() {
    let mut rows = user_a_rows();
    rows.push(t6_with(A, "15", "111111", PROV, &[(5, "202505")]));
    let (set, names) = ticket(&rows, &t7_user(A, PROV, 2), &[hosoku_usage(A, MONTH)]);
    let plan_file = set
        .files()
        .iter()
        .find(|f| f.display() == names[0])
        .unwrap();
    let reader: Vec<ProblemKind> = plan_file.problems().map(|p| p.kind).collect();
    assert_eq!(reader, [ProblemKind::MonthMismatch]);
    let problems = relation_problems(&set);
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn two_hosoku_records_of_one_user_month_are_a_duplicate_key() {
    let (set, names) = ticket(
        &user_a_rows(),
        &t7_user(A, PROV, 2),
        &[hosoku_usage(A, MONTH), hosoku_usage(A, MONTH)],
    );
    let problems = relation_problems(&set);
    assert_eq!(problems.len(), 1);
    let p = &problems[0];
    assert_eq!(p.kind, ProblemKind::DuplicateKey);
    assert_eq!(p.location.line, Some(2));
    assert_eq!(
        p.found.as_deref(),
        Some(format!("131001/{A}/202504").as_str())
    );
    let related = p.related.as_ref().unwrap();
    assert_eq!(
        (related.file.as_deref(), related.line),
        (Some(names[2].as_str()), Some(1))
    );
}

#[test]
fn legacy_names_are_checked_the_same_way() {
    let mut t7s = t7_user(A, PROV, 2);
    t7s.extend(t7_user(B, PROV, 1));
    let (set, names) = ticket_named(
        ticket_names(LEGACY_OUT, MONTH),
        &user_a_rows(),
        &t7s,
        &[hosoku_usage(A, MONTH)],
    );
    assert!(set.units()[0].unit().is_legacy());
    let problems = relation_problems(&set);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::MissingParent);
    assert_eq!(
        problems[0].location.file.as_deref(),
        Some(names[1].as_str())
    );
}

// --- plan documents ---------------------------------------------------------------

const D1: &str = "20250301";
const D2: &str = "20250315";

fn plan_names(hosoku_month: &str) -> [String; 4] {
    [
        name("UP1KYO", V41_OUT, S1),
        name("UP2KYO", V41_OUT, S1),
        name("UP3KYO", V41_OUT, S1),
        name(&format!("UPHOSOKU_{hosoku_month}"), V41_OUT, S1),
    ]
}

fn plan_set(
    hosoku_month: &str,
    p1: &[careplan_model::plan1::Plan1Record],
    p2: &[careplan_model::plan2::Plan2Record],
    p3: &[careplan_model::plan3::Plan3Record],
    hs: &[careplan_model::hosoku::HosokuRecord],
) -> (FileSet, [String; 4]) {
    let names = plan_names(hosoku_month);
    let set = set_of(vec![
        (names[0].clone(), file(&names[0], p1)),
        (names[1].clone(), file(&names[1], p2)),
        (names[2].clone(), file(&names[2], p3)),
        (names[3].clone(), file(&names[3], hs)),
    ]);
    (set, names)
}

#[test]
fn a_sound_plan_set_has_no_problem() {
    let (set, _) = plan_set(
        "000000",
        &[plan1(A, D1)],
        &[plan2(A, D1, "1"), plan2(A, D1, "2")],
        &[plan3(A, D1)],
        &[hosoku_plan(A, D1)],
    );
    for f in set.files() {
        assert_eq!(
            f.problems().count(),
            0,
            "{:?}",
            f.problems().collect::<Vec<_>>()
        );
    }
    assert!(set.units()[0].problems().is_empty());
}

#[test]
fn plan_rows_and_hosoku_without_their_table1_are_missing_parents() {
    let (set, names) = plan_set(
        "000000",
        &[plan1(A, D1)],
        &[plan2(A, D1, "1"), plan2(A, D2, "1"), plan2(A, D2, "2")],
        &[plan3(A, D1), plan3(A, D2)],
        &[hosoku_plan(A, D1), hosoku_plan(B, D1)],
    );
    let problems = relation_problems(&set);
    let got: Vec<(ProblemKind, &str, Option<u64>, Option<&str>)> = problems
        .iter()
        .map(|p| {
            (
                p.kind,
                p.location.file.as_deref().unwrap(),
                p.location.line,
                related_file(p),
            )
        })
        .collect();
    let parent = Some(names[0].as_str());
    assert_eq!(
        got,
        [
            (
                ProblemKind::MissingParent,
                names[1].as_str(),
                Some(2),
                parent
            ),
            (
                ProblemKind::MissingParent,
                names[2].as_str(),
                Some(2),
                parent
            ),
            (
                ProblemKind::MissingParent,
                names[3].as_str(),
                Some(2),
                parent
            ),
        ]
    );
    assert_eq!(problems[0].expected.as_deref(), Some("居宅サービス計画1表"));
    assert_eq!(
        problems[0].found.as_deref(),
        Some(format!("131001/{A}/{D2}").as_str())
    );
}

#[test]
fn a_plan_without_hosoku_is_a_warning_and_a_repeated_plan_an_error() {
    let (set, names) = plan_set(
        "000000",
        &[plan1(A, D1), plan1(B, D1), plan1(A, D1)],
        &[plan2(A, D1, "1")],
        &[plan3(A, D1)],
        &[hosoku_plan(A, D1)],
    );
    let problems = relation_problems(&set);
    let got: Vec<(ProblemKind, Severity, Option<u64>)> = problems
        .iter()
        .map(|p| (p.kind, p.severity, p.location.line))
        .collect();
    assert_eq!(
        got,
        [
            (ProblemKind::DuplicateKey, Severity::Error, Some(3)),
            (ProblemKind::MissingDependent, Severity::Warning, Some(2)),
        ]
    );
    assert_eq!(problems[0].related.as_ref().and_then(|r| r.line), Some(1));
    assert_eq!(related_file(&problems[1]), Some(names[3].as_str()));
}

#[test]
fn a_hosoku_with_a_month_in_a_plan_set_is_inconsistent_at_no_63() {
    let (set, names) = plan_set(
        MONTH,
        &[plan1(A, D1)],
        &[plan2(A, D1, "1")],
        &[plan3(A, D1)],
        &[hosoku_usage(A, MONTH)],
    );
    let units = set.units();
    assert!(units[0]
        .unit()
        .problems()
        .iter()
        .any(|p| p.kind == ProblemKind::MixedMonths));
    let problems = relations::check_unit(&units[0]);
    let p = problems
        .iter()
        .find(|p| p.kind == ProblemKind::Inconsistent)
        .unwrap();
    assert_eq!(p.location.file.as_deref(), Some(names[3].as_str()));
    assert_eq!(p.location.item.map(|i| i.no), Some(63));
    assert_eq!(related_file(p), Some(names[0].as_str()));
}

// --- 介護予防 ----------------------------------------------------------------------

const IMAGE: &str = "UPKIHON_IMAGE_0300000100_43_0300000005_11_20250325100000_0001.JPG";

#[test]
fn kihon_tables_and_images_link_to_their_kihon() {
    let n = |head: &str| name(head, V41_OUT, S1);
    let files = vec![
        (
            n("UPKIHON"),
            file(
                &n("UPKIHON"),
                &[
                    kihon(A, D1, IMAGE),
                    kihon(B, D1, "UPKIHON_IMAGE_x_0002.JPG"),
                ],
            ),
        ),
        (
            n("UPKIHON_SUB1"),
            file(&n("UPKIHON_SUB1"), &[kihon_sub1(A, D1), kihon_sub1(A, D2)]),
        ),
        (
            n("UPKIHON_SUB2"),
            file(&n("UPKIHON_SUB2"), &[kihon_sub2(B, D2)]),
        ),
        (
            IMAGE.to_string(),
            b"\xFF\xD8\xFF\xE0 not really a JPEG".to_vec(),
        ),
    ];
    let set = set_of(files);
    let units = set.units();
    assert_eq!(units.len(), 1);
    assert!(
        units[0].unit().problems().is_empty(),
        "{:?}",
        units[0].unit().problems()
    );
    let problems = relations::check_unit(&units[0]);
    let got: Vec<(ProblemKind, Severity, String, Option<u64>)> = problems
        .iter()
        .map(|p| {
            (
                p.kind,
                p.severity,
                p.location.file.clone().unwrap(),
                p.location.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                ProblemKind::MissingParent,
                Severity::Error,
                n("UPKIHON_SUB1"),
                Some(2)
            ),
            (
                ProblemKind::MissingParent,
                Severity::Error,
                n("UPKIHON_SUB2"),
                Some(1)
            ),
            (
                ProblemKind::MissingDependent,
                Severity::Warning,
                n("UPKIHON"),
                Some(2)
            ),
        ]
    );
    assert_eq!(related_file(&problems[2]), Some(IMAGE));
}

#[test]
fn a_yobo_plan_table_without_its_plan_is_a_missing_parent() {
    let n = |head: &str| name(head, V41_OUT, S1);
    let set = set_of(vec![
        (n("UPYOBO"), file(&n("UPYOBO"), &[yobo(A, D1)])),
        (
            n("UPYOBO_SUB"),
            file(&n("UPYOBO_SUB"), &[yobo_sub(A, D1), yobo_sub(A, D2)]),
        ),
    ]);
    let problems = relation_problems(&set);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].kind, ProblemKind::MissingParent);
    assert_eq!(problems[0].location.line, Some(2));
    assert_eq!(related_file(&problems[0]), Some(n("UPYOBO").as_str()));
}

// --- across units ------------------------------------------------------------------

#[test]
fn a_result_user_month_without_a_plan_is_reported_on_the_result_unit() {
    let (mut set, names) = ticket(
        &user_a_rows(),
        &t7_user(A, PROV, 2),
        &[hosoku_usage(A, MONTH)],
    );
    let result_name = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250501090000");
    let rows = vec![t6(A, "01", "111111", PROV), t6(B, "03", "111111", PROV)];
    set.add_bytes(&result_name, file(&result_name, &rows))
        .unwrap();
    let units = set.units();
    assert_eq!(units.len(), 2);
    let across = relations::check_across(&units);
    assert_eq!(across.len(), 1, "{across:?}");
    let (i, p) = &across[0];
    assert_eq!(units[*i].unit().sequence().as_str(), "20250501090000");
    assert_eq!(
        (p.kind, p.severity),
        (ProblemKind::MissingParent, Severity::Warning)
    );
    assert_eq!(p.location.file.as_deref(), Some(result_name.as_str()));
    assert_eq!(p.location.line, Some(2));
    assert_eq!(related_file(p), Some(names[0].as_str()));

    // Without plans for the parties and month at hand, nothing is said.
    let alone = set_of(vec![(result_name.clone(), file(&result_name, &rows))]);
    assert!(relations::check_across(&alone.units()).is_empty());
}

#[test]
fn an_image_no_kihon_names_is_reported_naming_the_image_and_the_kihon_file() {
    let n = |head: &str| name(head, V41_OUT, S1);
    let unnamed = "UPKIHON_IMAGE_0300000100_43_0300000005_11_20250325100000_0002.JPG";
    let set = set_of(vec![
        (
            n("UPKIHON"),
            file(&n("UPKIHON"), &[kihon(A, D1, IMAGE), kihon(B, D1, "")]),
        ),
        (IMAGE.to_string(), b"\xFF\xD8\xFF1".to_vec()),
        (unnamed.to_string(), b"\xFF\xD8\xFF2".to_vec()),
    ]);
    let units = set.units();
    assert_eq!(units.len(), 1);
    let problems = units[0].problems();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let p = &problems[0];
    assert_eq!(
        (p.kind, p.severity),
        (ProblemKind::MissingParent, Severity::Warning)
    );
    assert_eq!(p.location.file.as_deref(), Some(unnamed));
    assert_eq!(related_file(p), Some(n("UPKIHON").as_str()));
    // The UPKIHON file is the related place, not repeated in the message.
    for m in [p.message_en(), p.message_ja()] {
        assert!(m.contains(unnamed), "{m}");
        assert!(!m.contains(&n("UPKIHON")), "{m}");
        assert!(m.contains("No.62"), "{m}");
    }

    // The receiver holds only the named image, and says why the other is not held.
    let mut state = careplan_bundle::ReceiverState::new();
    let report = state.apply(&units[0]);
    assert!(report.applied);
    assert_eq!(report.problems, problems);
    let held: Vec<&str> = state
        .kihon()
        .flat_map(|k| k.images.iter().map(|i| i.name.as_str()))
        .collect();
    assert_eq!(held, [IMAGE]);
}

/// A 第6表 row that does not type (a date not in the calendar) has its own error; its
/// user-month is still read from its raw items, so its 第7表 and 補足 are not orphans on top
/// of that error (issue 13 §3).
#[test]
fn a_parent_that_does_not_type_still_has_its_children() {
    let names = ticket_names(V41_OUT, MONTH);
    let mut plan = file(&names[0], &[t6(A, "01", "111111", PROV)]);
    let at = plan.windows(10).position(|w| w == b",20250401,").unwrap();
    plan[at + 7..at + 9].copy_from_slice(b"31");
    let set = set_of(vec![
        (names[0].clone(), plan),
        (names[1].clone(), file(&names[1], &t7_user(A, PROV, 2))),
        (names[2].clone(), file(&names[2], &[hosoku_usage(A, MONTH)])),
    ]);
    let t6_file = set
        .files()
        .iter()
        .find(|f| f.display() == names[0])
        .unwrap();
    assert_eq!(
        t6_file
            .problems()
            .map(|p| (p.kind, p.severity))
            .collect::<Vec<_>>(),
        vec![(ProblemKind::InvalidDate, Severity::Error)]
    );
    assert_eq!(relation_problems(&set), vec![]);
}

// --- on every core ------------------------------------------------------------------

/// Month-sets of `units` care-office units, each with its own users, and 実績 sent back
/// for some of them; broken in several ways so that every check has something to say.
fn generated_month(dir: &std::path::Path, units: usize) {
    let mut zipped = careplan_bundle::ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..units {
        let seq = format!("20250325{:02}{:02}00", 10 + k / 60, k % 60);
        let users: Vec<String> = (0..3 + k % 4)
            .map(|u| format!("{:010}", 1000 * k + u + 1))
            .collect();
        let mut t6s = Vec::new();
        let mut t7s = Vec::new();
        let mut hs = Vec::new();
        for (u, user) in users.iter().enumerate() {
            t6s.push(t6(user, "01", "111111", PROV));
            t6s.push(t6(user, "08", "111111", PROV));
            if !(k % 6 == 1 && u == 0) {
                t7s.extend(t7_user(user, PROV, 2));
            }
            if !(k % 5 == 0 && u == 1) {
                hs.push(hosoku_usage(user, MONTH));
            }
            if k % 7 == 3 && u == 0 {
                hs.push(hosoku_usage(user, MONTH));
            }
        }
        let names = [
            name(&format!("UPPLAN_{MONTH}"), V41_OUT, &seq),
            name(&format!("UPSIKYU_{MONTH}"), V41_OUT, &seq),
            name(&format!("UPHOSOKU_{MONTH}"), V41_OUT, &seq),
        ];
        let bytes = [
            file(&names[0], &t6s),
            file(&names[1], &t7s),
            file(&names[2], &hs),
        ];
        for (n, b) in names.iter().zip(&bytes) {
            if k % 4 == 2 {
                zipped.add(&format!("sets/{n}"), b).unwrap();
            } else {
                std::fs::write(dir.join(n), b).unwrap();
            }
        }
        if k % 3 == 0 {
            let back = format!("20250501{:02}{:02}00", 10 + k / 60, k % 60);
            let result = name(&format!("UPJSK_{MONTH}"), V41_BACK, &back);
            let mut rows = vec![t6(&users[0], "01", "111111", PROV)];
            // A user the care office did not plan.
            rows.push(t6(&format!("{:010}", 1000 * k + 999), "02", "111111", PROV));
            std::fs::write(dir.join(&result), file(&result, &rows)).unwrap();
        }
    }
    std::fs::write(
        dir.join("zipped.zip"),
        zipped.finish().unwrap().into_inner(),
    )
    .unwrap();
    std::fs::write(dir.join("memo.txt"), b"not a file of the standard").unwrap();
}

/// Everything a check of `dir` reports, as text.
fn report_of(dir: &std::path::Path) -> (String, usize) {
    let mut set = FileSet::new();
    set.add_path(dir).unwrap();
    let mut out = String::new();
    for f in set.files() {
        out.push_str(&format!("{} {:?}\n", f.display(), f.summary()));
        for p in f.problems() {
            out.push_str(&format!("  {p:?}\n"));
        }
    }
    out.push_str(&format!("{:?}\n{:?}\n", set.notes(), set.archive_notes()));
    let units = set.units();
    let mut count = 0;
    for (u, problems) in units.iter().zip(relations::check_all(&units)) {
        out.push_str(&format!("{:?}\n", u.unit()));
        for p in problems {
            count += 1;
            out.push_str(&format!("  {p:?}\n"));
        }
    }
    (out, count)
}

#[test]
fn a_check_on_every_core_reports_what_a_check_on_one_thread_reports() {
    let dir = std::env::temp_dir().join(format!("careplan-relations-{}-cores", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    generated_month(&dir, 40);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| report_of(&dir))
    };
    let (one, count) = on(1);
    // Missing 補足 and 第7表, duplicate 補足, 実績 without 予定: something to compare.
    assert!(count >= 30, "{count} problems\n{one}");
    for kind in ["MissingDependent", "DuplicateKey", "MissingParent"] {
        assert!(one.contains(kind), "{kind}\n{one}");
    }
    for threads in [2, 4, 7] {
        let (many, _) = on(threads);
        assert!(one == many, "{threads} threads differ");
    }
    // And the lists are each unit's own problems, then those across units.
    let mut set = FileSet::new();
    set.add_path(&dir).unwrap();
    let units = set.units();
    let mut by_unit: Vec<Vec<Problem>> = units.iter().map(|u| u.problems()).collect();
    for (i, p) in relations::check_across(&units) {
        by_unit[i].push(p);
    }
    assert_eq!(relations::check_all(&units), by_unit);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn results_are_matched_with_every_plan_of_their_parties_and_month_and_no_other() {
    // Two plans to PROV: A in the first, B in the second; a plan to OTHER for C.
    let plan = |seq: &str, to: &str, user: &str| {
        let parties = format!("{CARE}_43_{to}_11");
        let n = name(&format!("UPPLAN_{MONTH}"), &parties, seq);
        let b = file(&n, &[t6(user, "01", "111111", to)]);
        (n, b)
    };
    let back = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250501090000");
    let rows = [
        t6(A, "01", "111111", PROV),
        t6(B, "02", "111111", PROV),
        t6("0000000003", "03", "111111", PROV),
    ];
    let set = set_of(vec![
        plan("20250325100000", PROV, A),
        plan("20250326100000", PROV, B),
        plan("20250327100000", OTHER, "0000000003"),
        (back.clone(), file(&back, &rows)),
    ]);
    let units = set.units();
    let across = relations::check_across(&units);
    // Only C: planned, but for another provider.
    assert_eq!(across.len(), 1, "{across:#?}");
    let (i, p) = &across[0];
    assert_eq!(units[*i].unit().sequence().as_str(), "20250501090000");
    assert_eq!(p.location.line, Some(3));
    // Named against the latest plan of the parties.
    assert_eq!(
        related_file(p),
        Some(name(&format!("UPPLAN_{MONTH}"), V41_OUT, "20250326100000").as_str())
    );
}
