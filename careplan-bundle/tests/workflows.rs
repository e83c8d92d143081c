//! The four workflows of the seed manual end to end, with 4.1 and legacy names: the care
//! office's plan export and result import, the provider's plan import and result export.

mod common;

use careplan_bundle::build::Table7Builder;
use careplan_bundle::workflow::{PlanExport, PlanImport, ResultExport, ResultImport};
use careplan_bundle::{ArchiveReader, ErrorKind, FileSet, SequenceAllocator};
use careplan_csv::NameStyle;
use careplan_model::table6::Table6Record;
use careplan_model::{FileKind, Mode, Problem, ProblemKind, Severity};
use common::*;

const A: &str = "0000012345";
const B: &str = "0000067890";
const C: &str = "0000011111";

/// The care office's records of the month: A uses PROV and OTHER, B only OTHER.
fn month_records() -> (
    Vec<Table6Record>,
    Vec<careplan_model::table7::Table7Record>,
    Vec<careplan_model::hosoku::HosokuRecord>,
) {
    let t6s = vec![
        t6(A, "01", "111111", PROV),
        t6(B, "01", "151111", OTHER),
        t6(A, "02", "151111", OTHER),
        t6(A, "08", "111111", PROV),
    ];
    let t7s = vec![
        t7(A, PROV, "111111", "2", "500"),
        t7(A, OTHER, "151111", "1", "250"),
        t7(A, "9999999999", "999999", "3", "750"),
        t7(B, OTHER, "151111", "1", "250"),
        t7(B, "9999999999", "999999", "1", "250"),
    ];
    let hs = vec![hosoku_usage(A, MONTH), hosoku_usage(B, MONTH)];
    (t6s, t7s, hs)
}

fn plan_export(style: NameStyle) -> PlanExport {
    let (t6s, t7s, hs) = month_records();
    PlanExport::new(care(), MONTH.parse().unwrap())
        .receiver(prov())
        .sequence(seq("20250325100000"))
        .style(style)
        .table6(t6s)
        .table7(t7s)
        .hosoku(hs)
}

fn kinds(problems: &[Problem]) -> Vec<ProblemKind> {
    problems.iter().map(|p| p.kind).collect()
}

// --- 2-1 提供票(予定)出力 → 3-1 提供票(予定)取込 ----------------------------------------

#[test]
fn plan_export_to_plan_import_through_one_zip() {
    let export = plan_export(NameStyle::V41).build().unwrap();
    let names: Vec<&str> = export.files().iter().map(|f| f.display()).collect();
    assert_eq!(
        names,
        [
            "UPPLAN_202504_0300000100_43_0300000005_11_20250325100000.CSV",
            "UPSIKYU_202504_0300000100_43_0300000005_11_20250325100000.CSV",
            "UPHOSOKU_202504_0300000100_43_0300000005_11_20250325100000.CSV",
        ]
    );
    assert_eq!(
        export.sequence().map(|s| s.to_string()).as_deref(),
        Some("20250325100000")
    );
    assert_eq!(
        export
            .left_out()
            .iter()
            .map(|u| u.to_string())
            .collect::<Vec<_>>(),
        [format!("131001/{B}")]
    );
    assert!(export.problems().is_empty(), "{:?}", export.problems());
    // A's rows of both providers, grouped by user; B left out.
    let plan = export.file(FileKind::UsagePlan).unwrap();
    let rows: Vec<(String, String)> = plan
        .typed::<Table6Record>()
        .map(|r| (r.record.insured.to_string(), r.record.provider.to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            (A.into(), PROV.into()),
            (A.into(), OTHER.into()),
            (A.into(), PROV.into())
        ]
    );
    assert_eq!(
        export.file(FileKind::UsageSummary).unwrap().records().len(),
        3
    );
    assert_eq!(export.file(FileKind::Hosoku).unwrap().records().len(), 1);

    let zip = export.to_zip_in("ケアプラン連携_202504").unwrap();
    let r = ArchiveReader::new(std::io::Cursor::new(zip.clone())).unwrap();
    assert!(r
        .list()
        .iter()
        .all(|e| e.path.starts_with("ケアプラン連携_202504/")));

    let mut import = PlanImport::new(office(PROV));
    import.upload("予定.zip", zip).unwrap();
    assert!(import.pending().is_empty());
    let report = import.finish();
    assert!(!report.has_errors(), "{:?}", report.problems);
    assert!(report.problems.is_empty());
    assert_eq!(report.tickets.len(), 1);
    let ticket = &report.tickets[0];
    assert!(ticket.is_clean());
    assert_eq!(ticket.sender.to_string(), "0300000100_43");
    assert_eq!(ticket.month.map(|m| m.to_string()).as_deref(), Some(MONTH));
    assert_eq!(ticket.users.len(), 1);
    let user = &ticket.users[0];
    assert_eq!(user.key.to_string(), format!("131001/{A}/{MONTH}"));
    let days: Vec<String> = user
        .table6
        .iter()
        .map(|r| r.service_date.to_string())
        .collect();
    assert_eq!(
        days,
        ["20250401", "20250408"],
        "the provider's own services only"
    );
    assert_eq!(user.table7.len(), 1);
    assert_eq!(user.table7[0].provider.to_string(), PROV);
    assert!(user.hosoku.is_some());
}

#[test]
fn legacy_plan_export_to_plan_import_through_three_uploads() {
    // A pre-4.0 name for 2025-04 is an error in strict mode (the default of exports).
    let strict = plan_export(NameStyle::Legacy).build().unwrap_err();
    assert!(strict
        .problems()
        .iter()
        .any(|p| p.kind == ProblemKind::LegacyFileName && p.is_error()));
    let export = plan_export(NameStyle::Legacy)
        .mode(Mode::Lenient)
        .build()
        .unwrap();
    assert_eq!(
        export.files()[0].display(),
        "UPPLAN_202504_0300000100_0300000005_20250325100000.CSV"
    );
    assert_eq!(
        export.files()[2].display(),
        "UPHOSOKU_202504_0300000100_0300000005_20250325100000.CSV"
    );
    // The only warnings: the legacy names, one per file.
    assert_eq!(kinds(export.problems()), [ProblemKind::LegacyFileName; 3]);

    let mut import = PlanImport::new(office(PROV));
    let order = [2, 0, 1];
    let mut missing = Vec::new();
    for i in order {
        let f = &export.files()[i];
        import.upload(f.display(), f.bytes().to_vec()).unwrap();
        missing.push(
            import
                .pending()
                .first()
                .map(|p| p.missing.clone())
                .unwrap_or_default(),
        );
    }
    assert_eq!(
        missing,
        [
            vec![FileKind::UsagePlan, FileKind::UsageSummary],
            vec![FileKind::UsageSummary],
            vec![],
        ]
    );
    let report = import.finish();
    assert_eq!(report.tickets.len(), 1);
    assert_eq!(report.tickets[0].users[0].table6.len(), 2);
    assert!(report.tickets[0].problems.iter().all(|p| !p.is_error()));
}

#[test]
fn an_incomplete_set_is_not_imported() {
    let export = plan_export(NameStyle::V41).build().unwrap();
    let mut import = PlanImport::new(office(PROV));
    for f in &export.files()[..2] {
        import.upload(f.display(), f.bytes().to_vec()).unwrap();
    }
    assert_eq!(import.pending()[0].missing, [FileKind::Hosoku]);
    let report = import.finish();
    assert!(report.tickets.is_empty());
    assert!(report.has_errors());
    assert!(kinds(&report.problems).contains(&ProblemKind::MissingMember));
}

#[test]
fn a_set_for_another_office_and_other_files_are_left_aside() {
    let export = plan_export(NameStyle::V41).build().unwrap();
    let mut import = PlanImport::new(office(OTHER));
    import.upload("予定.zip", export.to_zip().unwrap()).unwrap();
    let jsk = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250501090000");
    import
        .upload(&jsk, file(&jsk, &[t6(A, "01", "111111", PROV)]))
        .unwrap();
    let report = import.finish();
    assert!(report.tickets.is_empty());
    assert_eq!(
        kinds(&report.problems),
        [ProblemKind::OtherReceiver, ProblemKind::NotTaken]
    );
    assert_eq!(report.problems[0].found.as_deref(), Some("0300000005_11"));
    assert_eq!(report.problems[0].expected.as_deref(), Some(OTHER));
    assert_eq!(
        report.problems[1].location.file.as_deref(),
        Some(jsk.as_str())
    );
}

#[test]
fn a_complete_set_with_broken_relations_is_imported_but_not_clean() {
    // Hand-made files: the 7表 has a user the 6表 lacks.
    let s = "20250325100000";
    let n6 = name(&format!("UPPLAN_{MONTH}"), V41_OUT, s);
    let n7 = name(&format!("UPSIKYU_{MONTH}"), V41_OUT, s);
    let nh = name(&format!("UPHOSOKU_{MONTH}"), V41_OUT, s);
    let mut t7s = t7_user(A, PROV, 1);
    t7s.extend(t7_user(C, PROV, 1));
    let mut import = PlanImport::new(office(PROV));
    import
        .upload(&n6, file(&n6, &[t6(A, "01", "111111", PROV)]))
        .unwrap();
    import.upload(&n7, file(&n7, &t7s)).unwrap();
    import
        .upload(&nh, file(&nh, &[hosoku_usage(A, MONTH)]))
        .unwrap();
    let report = import.finish();
    assert_eq!(report.tickets.len(), 1);
    assert!(!report.tickets[0].is_clean());
    assert_eq!(
        kinds(&report.tickets[0].problems),
        [ProblemKind::MissingParent]
    );
    assert_eq!(report.tickets[0].users.len(), 1);
}

#[test]
fn plan_export_refuses_records_that_break_the_standard() {
    // A row of another month.
    let err = plan_export(NameStyle::V41)
        .table6([{
            let mut r = t6(A, "10", "111111", PROV);
            r.month = "202505".parse().unwrap();
            r.service_date = "20250510".parse().unwrap();
            r
        }])
        .build()
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidRecords { errors: 1, .. }),
        "{err}"
    );
    let errors: Vec<&Problem> = err.problems().iter().filter(|p| p.is_error()).collect();
    // The reader: a month other than the file's. One mistake, one message: the row is
    // keyed by the file's month, so the relations do not add that A's 202505 has no 補足.
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].kind, ProblemKind::MonthMismatch);
    assert_eq!(errors[0].location.line, Some(4), "A's fourth row");
    assert!(err.to_string().contains("in 1 place"), "{err}");
    assert!(err.message_ja().contains("1 件"), "{}", err.message_ja());

    // No sequence number.
    let (t6s, t7s, hs) = month_records();
    let err = PlanExport::new(care(), MONTH.parse().unwrap())
        .receiver(prov())
        .table6(t6s)
        .table7(t7s)
        .hosoku(hs)
        .build()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Name(_)));

    // No receiver.
    let (t6s, t7s, hs) = month_records();
    let err = PlanExport::new(care(), MONTH.parse().unwrap())
        .sequence(seq("20250325100000"))
        .table6(t6s)
        .table7(t7s)
        .hosoku(hs)
        .build()
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Name(_)), "{err}");

    // No user of the receiver.
    let err = PlanExport::new(care(), MONTH.parse().unwrap())
        .receiver(party("0300000999", "13"))
        .sequence(seq("20250325100000"))
        .table6(month_records().0)
        .build()
        .unwrap_err();
    assert_eq!(kinds(err.problems()), [ProblemKind::EmptyFile]);

    // Everyone sent, with a 第7表 user the 第6表 lacks.
    let err = plan_export(NameStyle::V41)
        .all_users()
        .table7(t7_user(C, PROV, 1))
        .build()
        .unwrap_err();
    let errors: Vec<ProblemKind> = err
        .problems()
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.kind)
        .collect();
    assert_eq!(errors, [ProblemKind::MissingParent]);
}

#[test]
fn exports_of_one_run_take_distinct_sequence_numbers() {
    let mut alloc = SequenceAllocator::new(seq("20250325235959"));
    let (t6s, t7s, hs) = month_records();
    let first = PlanExport::new(care(), MONTH.parse().unwrap())
        .receiver(prov())
        .sequence_from(&mut alloc)
        .table6(t6s.clone())
        .table7(t7s.clone())
        .hosoku(hs.clone())
        .build()
        .unwrap();
    let second = PlanExport::new(care(), MONTH.parse().unwrap())
        .receiver(party(OTHER, "15"))
        .sequence_from(&mut alloc)
        .table6(t6s)
        .table7(t7s)
        .hosoku(hs)
        .build()
        .unwrap();
    assert_eq!(first.sequence().unwrap().as_str(), "20250325235959");
    assert_eq!(second.sequence().unwrap().as_str(), "20250326000000");
    assert!(
        second.left_out().is_empty(),
        "both users have a service of OTHER"
    );
}

#[test]
fn one_export_to_each_provider_of_the_plan_is_each_providers_own_export() {
    let (t6s, t7s, hs) = month_records();
    let all = PlanExport::new(care(), MONTH.parse().unwrap())
        .table6(t6s.clone())
        .table7(t7s.clone())
        .hosoku(hs.clone())
        .build_each(&mut SequenceAllocator::new(seq("20250325235959")))
        .unwrap();
    // PROV's line comes first (A on the 1st), then OTHER's (B on the 1st), each with the
    // next number: the same units as two exports made one by one.
    let mut alloc = SequenceAllocator::new(seq("20250325235959"));
    let one_by_one: Vec<_> = [prov(), party(OTHER, "15")]
        .into_iter()
        .map(|receiver| {
            PlanExport::new(care(), MONTH.parse().unwrap())
                .receiver(receiver)
                .sequence_from(&mut alloc)
                .table6(t6s.clone())
                .table7(t7s.clone())
                .hosoku(hs.clone())
                .build()
                .unwrap()
        })
        .collect();
    assert_eq!(all.len(), 2);
    for (each, one) in all.iter().zip(&one_by_one) {
        let names = |e: &careplan_bundle::workflow::Exported| -> Vec<String> {
            e.files().iter().map(|f| f.display().to_string()).collect()
        };
        assert_eq!(names(each), names(one));
        for (a, b) in each.files().iter().zip(one.files()) {
            assert_eq!(a.bytes(), b.bytes(), "{}", a.display());
        }
    }
    assert_eq!(
        all[1].files()[0].display(),
        "UPPLAN_202504_0300000100_43_0300000777_15_20250326000000.CSV"
    );

    // A provider of two kinds gets two units (one file per office and kind); legacy names
    // have no kind: one unit per office.
    let mut two_kinds = t6s;
    two_kinds.push(t6(A, "09", "131111", PROV)); // 訪問看護 at PROV too
    let export = PlanExport::new(care(), MONTH.parse().unwrap())
        .table6(two_kinds)
        .hosoku(hs)
        .table7_from(Table7Builder::new().default_unit_price("10.00".parse().unwrap()))
        // Legacy names for 2025-04 are errors in strict mode.
        .mode(Mode::Lenient);
    let receivers = |e: &PlanExport| -> Vec<String> {
        let mut alloc = SequenceAllocator::new(seq("20250325100000"));
        let all = e.build_each(&mut alloc).unwrap();
        all.iter()
            .map(|x| x.files()[0].name().unwrap().receiver().to_string())
            .collect()
    };
    assert_eq!(
        receivers(&export),
        ["0300000005_11", "0300000777_15", "0300000005_13"]
    );
    assert_eq!(
        receivers(&export.style(NameStyle::Legacy)),
        ["0300000005", "0300000777"]
    );
}

/// A provider of two kinds gets the users of each kind in that kind's unit only (spec README
/// "Output units": only users related to the receiver, an office number + service kind).
#[test]
fn each_providers_unit_holds_the_users_of_its_own_kind() {
    let plan = vec![
        t6(A, "01", "111111", PROV), // 訪問介護 at PROV
        t6(B, "02", "131111", PROV), // 訪問看護 at PROV
    ];
    let exports = PlanExport::new(care(), MONTH.parse().unwrap())
        .table6(plan)
        .hosoku([hosoku_usage(A, MONTH), hosoku_usage(B, MONTH)])
        .table7_from(Table7Builder::new().default_unit_price("10.00".parse().unwrap()))
        .build_each(&mut SequenceAllocator::new(seq("20250325100000")))
        .unwrap();
    let units: Vec<(String, Vec<String>)> = exports
        .iter()
        .map(|e| {
            let receiver = e.files()[0].name().unwrap().receiver().to_string();
            let left: Vec<String> = e.left_out().iter().map(|u| u.to_string()).collect();
            (receiver, left)
        })
        .collect();
    let key = |insured: &str| format!("131001/{insured}");
    assert_eq!(
        units,
        [
            ("0300000005_11".to_string(), vec![key(B)]),
            ("0300000005_13".to_string(), vec![key(A)]),
        ]
    );
}

/// `build_each` refuses, before taking a number, what it cannot send: a plan without a
/// line of a kind exchanged, and 4.0 names (their 3-digit codes are not in a plan).
#[test]
fn build_each_refuses_an_empty_plan_and_4_0_names_without_taking_a_number() {
    let (t6s, t7s, hs) = month_records();
    let mut alloc = SequenceAllocator::new(seq("20250325100000"));
    let err = PlanExport::new(care(), MONTH.parse().unwrap())
        .table6(t6s)
        .table7(t7s)
        .hosoku(hs.clone())
        .style(NameStyle::V40)
        .build_each(&mut alloc)
        .unwrap_err();
    assert!(
        matches!(err.kind(), careplan_bundle::ErrorKind::Name(_)),
        "{err:?}"
    );
    assert_eq!(alloc.peek(), Some(seq("20250325100000")));
    let err = PlanExport::new(care(), MONTH.parse().unwrap())
        .hosoku(hs)
        .build_each(&mut alloc)
        .unwrap_err();
    match err.kind() {
        careplan_bundle::ErrorKind::InvalidRecords { problems, .. } => {
            assert_eq!(kinds(problems), [ProblemKind::EmptyFile]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(alloc.peek(), Some(seq("20250325100000")));
}

// --- 3-2 提供票(実績)出力 → 2-2 提供票(実績)取込 ----------------------------------------

fn result_row(insured: &str, day: &str, code: &str, start: &str, end: &str) -> Table6Record {
    let mut r = t6_at(insured, day, code, PROV, start, end);
    r.updater = Some(PROV.parse().unwrap());
    r
}

/// The plan the care office sent for A: four services of PROV, one of OTHER.
fn sent_plan() -> FileSet {
    let t6s = vec![
        t6_at(A, "01", "111111", PROV, "1000", "1100"),
        t6_at(A, "03", "112222", PROV, "0900", "1000"),
        t6_at(A, "08", "111111", PROV, "1000", "1100"),
        t6_at(A, "15", "111111", PROV, "1000", "1100"),
        t6(A, "02", "151111", OTHER),
    ];
    let t7s = vec![
        t7(A, PROV, "111111", "3", "750"),
        t7(A, PROV, "112222", "1", "250"),
        t7(A, PROV, "11AAAA", "4", "1000"),
        t7(A, OTHER, "151111", "1", "250"),
        t7(A, "9999999999", "999999", "5", "1250"),
    ];
    let export = PlanExport::new(care(), MONTH.parse().unwrap())
        .receiver(prov())
        .sequence(seq("20250325100000"))
        .table6(t6s)
        .table7(t7s)
        .hosoku([hosoku_usage(A, MONTH)])
        .build()
        .unwrap();
    let mut sent = FileSet::new();
    sent.add_bytes("sent.zip", export.to_zip().unwrap())
        .unwrap();
    sent
}

fn results() -> Vec<Table6Record> {
    vec![
        result_row(A, "01", "111111", "1000", "1100"), // as planned
        result_row(A, "03", "112222", "0930", "1000"), // started later
        result_row(A, "09", "111111", "1000", "1100"), // the 8th's service, a day late
        result_row(A, "05", "113333", "1000", "1100"), // not planned
        result_row(C, "01", "111111", "1000", "1100"), // a user with no plan
    ]
}

fn find<'a>(d: &'a [Problem], no: u16, found: &str) -> &'a Problem {
    d.iter()
        .find(|p| p.location.item.map(|i| i.no) == Some(no) && p.found.as_deref() == Some(found))
        .unwrap_or_else(|| panic!("no difference at No.{no} found {found}: {d:#?}"))
}

fn check_differences(
    report: &careplan_bundle::workflow::ResultImportReport,
    result_file: &str,
    plan_file: &str,
) {
    assert!(!report.has_errors(), "{:?}", report.problems);
    assert_eq!(report.results.len(), 5);
    assert_eq!(report.matched, 1);
    // As data: what differs, with both rows.
    use careplan_bundle::workflow::DifferenceKind as K;
    let mut kinds: Vec<K> = report.differences.iter().map(|d| d.kind).collect();
    kinds.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(kinds, [K::Code, K::Date, K::Missing, K::NoPlan, K::Start]);
    let of = |k: K| report.differences.iter().find(|d| d.kind == k).unwrap();
    // The day moved: both rows, the plan's 8th and the result's 9th, for the provider.
    let moved = of(K::Date);
    assert_eq!(moved.provider.to_string(), PROV);
    assert_eq!(moved.user.to_string(), format!("131001/{A}/202504"));
    assert_eq!(
        moved.values(),
        Some(("20250409".to_string(), "20250408".to_string()))
    );
    assert_eq!(
        moved.message_ja(),
        format!("利用者 131001/{A} 202504 事業所 {PROV}: 111111（20250409）のサービス利用日が予定の 20250408 と違い 20250409 です")
    );
    // The 15th planned, not done: the plan only; a code not planned: the result only.
    let missing = of(K::Missing);
    assert!(missing.plan.is_some() && missing.result.is_none());
    assert_eq!(
        missing.to_string(),
        format!(
            "user 131001/{A}, 202504, provider {PROV}: 111111 planned on 20250415 has no result"
        )
    );
    let code = of(K::Code);
    assert!(code.plan.is_none() && code.result.is_some());
    assert_eq!(code.item, Some(15));
    // C's month has no plan at all.
    assert_eq!(of(K::NoPlan).user.insured.to_string(), C);
    assert!(report
        .differences
        .iter()
        .all(|d| d.plan.is_some() || d.result.is_some()));
    let d = &report.difference_problems();
    assert!(d
        .iter()
        .all(|p| p.kind == ProblemKind::PlanResultDifference && p.severity == Severity::Warning));
    let at = |p: &Problem| (p.location.file.clone().unwrap_or_default(), p.location.line);
    let rel = |p: &Problem| {
        p.related
            .as_ref()
            .map(|r| (r.file.clone().unwrap_or_default(), r.line))
    };

    // No plan for C's month: once, at C's row (line 5, after A's four).
    let none = d.iter().find(|p| p.location.item.is_none()).unwrap();
    assert_eq!(at(none), (result_file.to_string(), Some(5)));
    assert!(none
        .found
        .as_deref()
        .unwrap()
        .starts_with(&format!("131001/{C}/202504")));

    // Start time: result line 2, plan line 2 (the 3rd, 0900).
    let start = find(d, 12, "0930");
    assert_eq!(at(start), (result_file.to_string(), Some(2)));
    assert_eq!(rel(start), Some((plan_file.to_string(), Some(2))));
    // The plan's value only: its row is the related place.
    assert_eq!(start.expected.as_deref(), Some("0900"));

    // Moved day: result 09 (line 3) paired with the plan of the 8th (line 3).
    let day = find(d, 10, "20250409");
    assert_eq!(rel(day), Some((plan_file.to_string(), Some(3))));
    assert_eq!(day.expected.as_deref(), Some("20250408"));
    assert_eq!(
        day.message_en(),
        "line 3, 第6表実績 No.10 サービス利用日: result 20250409 differs from plan 20250408"
    );
    assert_eq!(
        day.message_ja(),
        "3行目 第6表実績 No.10 サービス利用日: 実績 20250409 が予定 20250408 と異なります"
    );

    // The 15th has no result: reported at the plan's row (line 4).
    let missing = d
        .iter()
        .find(|p| p.location.file.as_deref() == Some(plan_file))
        .unwrap();
    assert_eq!(missing.location.line, Some(4));
    // No result: nothing found, the planned row expected, in words of each language.
    assert_eq!(missing.found, None);
    let ja = missing.message_ja();
    assert!(
        ja.contains("に実績がありません") && !ja.contains("no result"),
        "{ja}"
    );

    // A code not planned: at the result (line 4), No.15.
    let extra = d
        .iter()
        .find(|p| p.found.as_deref().is_some_and(|f| f.starts_with("113333")))
        .unwrap();
    assert_eq!(at(extra), (result_file.to_string(), Some(4)));
    assert_eq!(extra.location.item.map(|i| i.no), Some(15));

    // OTHER's planned service: OTHER sent no 実績, so nothing is said of it.
    assert_eq!(d.len(), 5, "{d:#?}");
}

#[test]
fn result_export_to_result_import_with_every_difference() {
    let export = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250501090000"))
        .records(results())
        .build()
        .unwrap();
    let result_name = "UPJSK_202504_0300000005_11_0300000100_43_20250501090000.CSV";
    assert_eq!(export.files()[0].display(), result_name);
    assert!(export.problems().is_empty(), "{:?}", export.problems());
    // Grouped by user: C's row comes last as given.
    let mut received = FileSet::new();
    received
        .add_bytes("実績.zip", export.to_zip().unwrap())
        .unwrap();
    let report = ResultImport::new()
        .office(office(CARE))
        .plans_from(&sent_plan())
        .run(&received);
    check_differences(
        &report,
        &format!("実績.zip/{result_name}"),
        &format!("sent.zip/UPPLAN_202504_{V41_OUT}_20250325100000.CSV"),
    );
}

#[test]
fn legacy_results_against_plan_records_from_a_database() {
    let export = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250501090000"))
        .style(NameStyle::Legacy)
        // A pre-4.0 name for 2025-04 is an error in strict mode.
        .mode(Mode::Lenient)
        .records(results())
        .build()
        .unwrap();
    let name = "UPJSK_202504_0300000005_0300000100_20250501090000.CSV";
    assert_eq!(export.files()[0].display(), name);
    let mut received = FileSet::new();
    received
        .add_bytes(name, export.files()[0].bytes().to_vec())
        .unwrap();
    // The plan as the care office's database holds it: records built in memory.
    let plan: Vec<Table6Record> = sent_plan()
        .files()
        .iter()
        .filter(|f| f.kind() == Some(FileKind::UsagePlan))
        .flat_map(|f| {
            f.typed::<Table6Record>().map(|r| {
                let mut rec = r.record.clone();
                rec.origin = careplan_model::Origin::none();
                rec
            })
        })
        .collect();
    let report = ResultImport::new().plan_records("db", plan).run(&received);
    assert_eq!(report.matched, 1);
    assert_eq!(report.differences.len(), 5);
    let problems = report.difference_problems();
    let start = find(&problems, 12, "0930");
    let related = start.related.as_ref().unwrap();
    assert_eq!(
        (related.file.as_deref(), related.line, related.record),
        (Some("db"), None, Some(2))
    );
    assert_eq!(start.expected.as_deref(), Some("0900"));
}

#[test]
fn a_corrected_result_replaces_the_first_and_other_files_are_left_aside() {
    let first = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250501090000"))
        .records(results())
        .build()
        .unwrap();
    // The correction resends A's services of kind 11, now as planned.
    let corrected = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250502090000"))
        .records([
            result_row(A, "01", "111111", "1000", "1100"),
            result_row(A, "03", "112222", "0900", "1000"),
            result_row(A, "08", "111111", "1000", "1100"),
            result_row(A, "15", "111111", "1000", "1100"),
        ])
        .build()
        .unwrap();
    let mut received = FileSet::new();
    received
        .add_bytes("1.zip", first.to_zip().unwrap())
        .unwrap();
    received
        .add_bytes("2.zip", corrected.to_zip().unwrap())
        .unwrap();
    let stray = name("UPKIHON", V41_BACK, "20250503090000");
    received
        .add_bytes(&stray, file(&stray, &[kihon(C, "20250401", "")]))
        .unwrap();
    let report = ResultImport::new().plans_from(&sent_plan()).run(&received);
    assert_eq!(
        report.results.len(),
        5,
        "A's four corrected rows and C's row"
    );
    assert_eq!(report.matched, 4);
    assert_eq!(report.differences.len(), 1, "{:#?}", report.differences);
    assert_eq!(kinds(&report.problems), [ProblemKind::NotTaken]);
    let p = &report.problems[0];
    assert_eq!(p.location.file.as_deref(), Some(stray.as_str()));
    assert!(!p.is_error());
    assert!(
        p.message_en().contains(
            "this import takes only the files of the transmission units 第6表実績, 第6表実績削除"
        ),
        "{}",
        p.message_en()
    );
    assert!(
        p.message_ja().contains(
            "この取込で取り込むのは 第6表実績、第6表実績削除 の送信単位のファイルだけです"
        ),
        "{}",
        p.message_ja()
    );
}

#[test]
fn plan_documents_sent_with_a_ticket_sequence_are_reported_not_called_foreign() {
    // A care office gave its plan set and its service ticket one sequence number: the
    // files make one unit, of plan documents, with the ticket's files stray in it.
    let parties = V41_OUT;
    let sq = "20250325100000";
    let d = "20250301";
    let mut uploads: Vec<(String, Vec<u8>)> = Vec::new();
    let n = name("UP1KYO", parties, sq);
    uploads.push((n.clone(), file(&n, &[plan1(A, d)])));
    let n = name("UP2KYO", parties, sq);
    uploads.push((n.clone(), file(&n, &[plan2(A, d, "1")])));
    let n = name("UP3KYO", parties, sq);
    uploads.push((n.clone(), file(&n, &[plan3(A, d)])));
    let n = name("UPHOSOKU_000000", parties, sq);
    uploads.push((n.clone(), file(&n, &[hosoku_plan(A, d)])));
    let n = name(&format!("UPPLAN_{MONTH}"), parties, sq);
    uploads.push((n.clone(), file(&n, &[t6(A, "01", "111111", PROV)])));
    let n = name(&format!("UPSIKYU_{MONTH}"), parties, sq);
    uploads.push((n.clone(), file(&n, &t7_user(A, PROV, 1))));
    let n = name(&format!("UPHOSOKU_{MONTH}"), parties, sq);
    uploads.push((n.clone(), file(&n, &[hosoku_usage(A, MONTH)])));

    let mut import = PlanImport::new(office(PROV));
    for (n, b) in &uploads {
        import.upload(n, b.clone()).unwrap();
    }
    let report = import.finish();
    assert!(report.tickets.is_empty());
    assert!(
        report.has_errors(),
        "the unit's composition errors are kept"
    );
    let ks = kinds(&report.problems);
    assert!(ks.contains(&ProblemKind::StrayMember), "{ks:?}");
    assert!(ks.contains(&ProblemKind::DuplicateMember), "{ks:?}");
    assert!(!ks.contains(&ProblemKind::IgnoredEntry), "{ks:?}");
    let notes: Vec<&Problem> = report
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::NotTaken)
        .collect();
    assert_eq!(notes.len(), 7);
    for p in &notes {
        let file = p.location.file.as_deref().unwrap_or_default();
        assert!(uploads.iter().any(|(n, _)| n == file), "{file}");
        let en = p.message_en();
        assert!(!en.contains("not a file of the standard"), "{en}");
        // The file is the location, not repeated in the message.
        assert!(!en.contains(file), "{en}");
        assert!(
            en.contains("of a 第1表・第2表・第3表・利用者補足情報 transmission unit"),
            "{en}"
        );
        assert!(
            en.contains(
                "takes only the files of the transmission units 第6表・第7表・利用者補足情報"
            ),
            "{en}"
        );
        let ja = p.message_ja();
        assert_eq!(
            ja,
            "第1表・第2表・第3表・利用者補足情報 の送信単位のこのファイルは取り込みませんでした。この取込で取り込むのは 第6表・第7表・利用者補足情報 の送信単位のファイルだけです"
        );
    }

    // The result import says the same of them.
    let report = ResultImport::new().run(import.files());
    assert!(report.results.is_empty());
    assert!(report.has_errors());
    assert!(kinds(&report.problems).contains(&ProblemKind::StrayMember));
    assert_eq!(
        report
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::NotTaken)
            .count(),
        7
    );
}

#[test]
fn a_later_result_delete_removes_the_result_and_a_delete_of_nothing_sent_is_reported() {
    let jsk = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250501090000");
    // Before any 実績: nothing to delete yet.
    let early = name(&format!("DLTJSK_{MONTH}"), V41_BACK, "20250430090000");
    let del = name(&format!("DLTJSK_{MONTH}"), V41_BACK, "20250502090000");
    let mut received = FileSet::new();
    received
        .add_bytes(
            &jsk,
            file(&jsk, &[result_row(A, "01", "111111", "1000", "1100")]),
        )
        .unwrap();
    received
        .add_bytes(&del, file(&del, &[result_delete(A, MONTH, PROV, "11")]))
        .unwrap();
    received
        .add_bytes(&early, file(&early, &[result_delete(A, MONTH, PROV, "11")]))
        .unwrap();
    let report = ResultImport::new().office(office(CARE)).run(&received);
    assert!(report.results.is_empty(), "{:#?}", report.results);
    assert!(report.differences.is_empty());
    assert!(!report.has_errors());
    assert_eq!(kinds(&report.problems), [ProblemKind::MissingParent]);
    let p = &report.problems[0];
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(
        (p.location.file.as_deref(), p.location.line),
        (Some(early.as_str()), Some(1))
    );
    // The same as the receiver's state.
    let mut state = careplan_bundle::ReceiverState::new();
    let applied = state.apply_all(&received.units());
    assert_eq!(state.results().count(), 0);
    assert_eq!(applied[0].problems, report.problems);

    // A 実績 resent after the delete is taken again.
    let again = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250503090000");
    received
        .add_bytes(
            &again,
            file(&again, &[result_row(A, "02", "111111", "1000", "1100")]),
        )
        .unwrap();
    let report = ResultImport::new().run(&received);
    assert_eq!(report.results.len(), 1);
    assert_eq!(report.results[0].file, again);
    assert_eq!(report.results[0].sequence.as_str(), "20250503090000");
}

#[test]
fn results_for_another_care_office_are_not_taken() {
    let export = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250501090000"))
        .records(results())
        .build()
        .unwrap();
    let report = ResultImport::new()
        .office(office("0300000200"))
        .plans_from(&sent_plan())
        .run(export.set());
    assert!(report.results.is_empty());
    assert!(report.has_errors());
    assert_eq!(kinds(&report.problems), [ProblemKind::OtherReceiver]);
}

#[test]
fn result_export_refuses_rows_of_another_care_office_and_warns_of_another_kind() {
    let mut foreign = result_row(A, "01", "111111", "1000", "1100");
    foreign.care_office = "0300000200".parse().unwrap();
    let err = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250501090000"))
        .records([
            result_row(A, "02", "111111", "1000", "1100"),
            foreign.clone(),
        ])
        .build()
        .unwrap_err();
    let p = err.problems().iter().find(|p| p.is_error()).unwrap();
    assert_eq!(p.kind, ProblemKind::Inconsistent);
    assert_eq!(
        (p.location.line, p.location.item.map(|i| i.no)),
        (Some(2), Some(6))
    );
    // A check of the same file, written without the export, reports the same problem.
    let name = "UPJSK_202504_0300000005_11_0300000100_43_20250501090000.CSV";
    let mut w =
        careplan_csv::FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsageResult, name);
    w.write(&result_row(A, "02", "111111", "1000", "1100"))
        .unwrap();
    w.write(&foreign).unwrap();
    let mut set = FileSet::new();
    set.add_bytes(name, w.finish().unwrap().0).unwrap();
    let checked = set.units()[0].problems();
    assert_eq!(checked.iter().find(|q| q.is_error()), Some(p));

    let export = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250501090000"))
        .records([result_row(A, "02", "A21111", "1000", "1100")])
        .build()
        .unwrap();
    assert_eq!(export.problems().len(), 1, "{:?}", export.problems());
    let w = &export.problems()[0];
    assert_eq!(
        (w.kind, w.severity),
        (ProblemKind::SenderMismatch, Severity::Warning)
    );
    assert_eq!(w.location.item.map(|i| i.no), Some(15));
}

#[test]
fn end_count_units_and_extra_results_are_differences_as_data() {
    // Issue 14 §4: what differs, for each item the comparison reads (No.13, No.14, No.8)
    // and a result beyond the plan's lines of a code (No.10).
    let mut rows = vec![
        result_row(A, "01", "111111", "1000", "1130"), // ended later
        result_row(A, "03", "112222", "0900", "1000"),
        result_row(A, "08", "111111", "1000", "1100"),
        result_row(A, "15", "111111", "1000", "1100"),
        result_row(A, "22", "111111", "1000", "1100"), // one more than planned
    ];
    rows[1].count = 2; // twice on the 3rd
    rows[2].units += 50; // other units on the 8th
    let export = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250501090000"))
        .mode(Mode::Lenient)
        .records(rows)
        .build()
        .unwrap();
    let mut received = FileSet::new();
    received
        .add_bytes("r.zip", export.to_zip().unwrap())
        .unwrap();
    let report = ResultImport::new()
        .office(office(CARE))
        .plans_from(&sent_plan())
        .run(&received);
    use careplan_bundle::workflow::DifferenceKind as K;
    let mut kinds: Vec<K> = report.differences.iter().map(|d| d.kind).collect();
    kinds.sort_by_key(|k| format!("{k:?}"));
    assert_eq!(
        kinds,
        [K::Count, K::End, K::Extra, K::Units],
        "{:#?}",
        report.differences
    );
    assert_eq!(report.matched, 1, "the 15th as planned");
    let of = |k: K| report.differences.iter().find(|d| d.kind == k).unwrap();
    assert_eq!(
        of(K::End).values(),
        Some(("1130".to_string(), "1100".to_string()))
    );
    assert_eq!(
        of(K::Count).values(),
        Some(("2".to_string(), "1".to_string()))
    );
    let extra = of(K::Extra);
    assert!(extra.plan.is_none() && extra.result.is_some());
    assert!(
        extra.to_string().contains("is more than planned"),
        "{extra}"
    );
}

/// The care office sends one set to each provider, every set with all of the user's
/// services (spec README "Output units"): a provider's 実績 is compared with the set sent
/// to that provider, not with the latest set sent to anyone; when no set was sent to it,
/// with the latest set that holds the user, whose file `plan_at` names.
#[test]
fn results_are_compared_with_the_set_sent_to_their_provider() {
    let (t6s, t7s, hs) = month_records();
    let sets = PlanExport::new(care(), MONTH.parse().unwrap())
        .table6(t6s.clone())
        .table7(t7s.clone())
        .hosoku(hs.clone())
        .build_each(&mut SequenceAllocator::new(seq("20250325100000")))
        .unwrap();
    let names: Vec<&str> = sets.iter().map(|e| e.files()[0].display()).collect();
    assert_eq!(
        names,
        [
            "UPPLAN_202504_0300000100_43_0300000005_11_20250325100000.CSV",
            "UPPLAN_202504_0300000100_43_0300000777_15_20250325100001.CSV",
        ]
    );
    let mut sent = FileSet::new();
    for (i, e) in sets.iter().enumerate() {
        sent.add_bytes(&format!("sets{i}.zip"), e.to_zip().unwrap())
            .unwrap();
    }
    // PROV's visit of the 8th began at 10:15, not 10:00.
    let answer = ResultExport::new(prov(), care(), MONTH.parse().unwrap())
        .sequence(seq("20250501090000"))
        .records([
            result_row(A, "01", "111111", "1000", "1100"),
            result_row(A, "08", "111111", "1015", "1100"),
            result_row(A, "09", "111111", "1000", "1100"), // not planned that often
        ])
        .build()
        .unwrap();
    let mut received = FileSet::new();
    received
        .add_bytes("ans.zip", answer.to_zip().unwrap())
        .unwrap();
    let plan_files = |report: &careplan_bundle::workflow::ResultImportReport| -> Vec<String> {
        report
            .differences
            .iter()
            .map(|d| {
                d.plan_at
                    .as_ref()
                    .and_then(|l| l.file.clone())
                    .unwrap_or_default()
            })
            .collect()
    };
    let report = ResultImport::new()
        .office(office(CARE))
        .plans_from(&sent)
        .run(&received);
    assert!(!report.has_errors(), "{:?}", report.problems);
    assert_eq!(report.matched, 1);
    let to_prov = "sets0.zip/UPPLAN_202504_0300000100_43_0300000005_11_20250325100000.CSV";
    assert_eq!(plan_files(&report), [to_prov, to_prov]);
    let start = &report.differences[0];
    assert_eq!(start.plan_at.as_ref().and_then(|l| l.line), Some(3));
    // The problem points at that row of that file (its related place).
    let related = start.to_problem().related;
    assert_eq!(
        related.as_ref().and_then(|l| l.file.as_deref()),
        Some(to_prov)
    );
    assert_eq!(related.as_ref().and_then(|l| l.line), Some(3));

    // Only OTHER's set sent: PROV's 実績 is compared with it, and the difference says so.
    let mut only_other = FileSet::new();
    only_other
        .add_bytes("other.zip", sets[1].to_zip().unwrap())
        .unwrap();
    let report = ResultImport::new()
        .office(office(CARE))
        .plans_from(&only_other)
        .run(&received);
    let to_other = "other.zip/UPPLAN_202504_0300000100_43_0300000777_15_20250325100001.CSV";
    assert_eq!(plan_files(&report), [to_other, to_other]);
    assert_eq!(report.matched, 1);
}
