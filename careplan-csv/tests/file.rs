//! Whole files: kind from the name, validation, summary, month and version rules, typed
//! iteration and byte-exact rewriting.

mod common;

use careplan_csv::{ErrorKind, FileReaderBuilder, FileWriterBuilder, Parsed};
use careplan_model::table6::Table6Record;
use careplan_model::{AnyRecord, FileKind, Mode, ProblemKind, Severity};

use common::{file, line, read_all, UPPLAN as NAME};

#[test]
fn a_valid_file_reads_clean_and_rewrites_byte_for_byte() {
    let data = file(&[
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250408", &[]),
        line("H123456789", "20250402", &[(12, "9999"), (13, "9999")]),
    ]);
    let (recs, summary) = read_all(Mode::Strict, NAME, &data);
    assert!(
        recs.iter().all(|r| r.problems().is_empty()),
        "{:?}",
        recs.iter().flat_map(|r| r.problems()).collect::<Vec<_>>()
    );
    assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    assert_eq!(
        (summary.records, summary.typed, summary.raw, summary.users),
        (3, 3, 0, 2)
    );
    assert_eq!(summary.kind, Some(FileKind::UsagePlan));
    assert_eq!(
        summary.version.map(|v| v.to_string()),
        Some("202407".into())
    );
    assert_eq!(summary.month.map(|m| m.to_string()), Some("202504".into()));
    assert_eq!((summary.errors, summary.warnings), (0, 0));

    let mut w = FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsagePlan, NAME);
    for r in &recs {
        w.write_any(r.typed().expect("typed")).unwrap();
    }
    let (bytes, problems) = w.finish().unwrap();
    assert!(problems.is_empty());
    assert_eq!(bytes, data);
}

#[test]
fn typed_iteration_gives_table6_records_and_refuses_other_kinds() {
    let data = file(&[line("0000012345", "20250401", &[])]);
    let mut rdr = FileReaderBuilder::new().from_reader(&data[..], NAME);
    let recs: Vec<Parsed<Table6Record>> = rdr
        .typed::<Table6Record>()
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        recs[0].typed().unwrap().provider_name,
        "ケアステーション「和」, 本店"
    );

    let name = "UPHOSOKU_202504_1310000001_43_1310000002_11_20250401093000.CSV";
    let mut rdr = FileReaderBuilder::new().from_reader(&data[..], name);
    let err = rdr.typed::<Table6Record>().unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::KindMismatch {
            found: Some(FileKind::Hosoku),
            ..
        }
    ));
}

#[test]
fn a_bad_date_is_reported_with_line_item_and_both_messages_and_the_record_kept() {
    let data = file(&[
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250230", &[]),
    ]);
    let (recs, summary) = read_all(Mode::Strict, NAME, &data);
    assert_eq!(recs.len(), 2);
    let Parsed::Raw { record, problems } = &recs[1] else {
        panic!("kept raw")
    };
    assert_eq!(record.text(9), Some("20250230"));
    let p = problems
        .iter()
        .find(|p| p.kind == ProblemKind::InvalidDate)
        .expect("invalid date");
    assert_eq!(
        p.message_ja(),
        "2行目 第6表 No.10 サービス利用日: 20250230 は存在しない日付です"
    );
    assert_eq!(
        p.message_en(),
        "line 2, 第6表 No.10 サービス利用日: 20250230 is not a date in the calendar"
    );
    assert_eq!(p.location.file.as_deref(), Some(NAME));
    assert_eq!(summary.raw, 1);
    assert!(summary.errors >= 1);
}

#[test]
fn one_month_per_file_and_the_names_month() {
    let data = file(&[
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250501", &[(5, "202505")]),
    ]);
    let (recs, _) = read_all(Mode::Lenient, NAME, &data);
    let p = recs[1]
        .problems()
        .iter()
        .find(|p| p.kind == ProblemKind::MonthMismatch)
        .expect("mixed months");
    assert_eq!(p.location.item.map(|i| i.no), Some(5));
    assert_eq!(p.found.as_deref(), Some("202505"));

    let other = "UPPLAN_202505_1310000001_43_1310000002_11_20250401093000.CSV";
    let data = file(&[line("0000012345", "20250401", &[])]);
    let (recs, _) = read_all(Mode::Lenient, other, &data);
    assert!(recs[0]
        .problems()
        .iter()
        .any(|p| p.kind == ProblemKind::MonthMismatch && p.severity == Severity::Error));
}

#[test]
fn a_month_or_a_user_that_changes_and_comes_back_is_seen_at_each_record() {
    // The file's month, then another (each time it comes), between records of the file's;
    // users that change and come back: the usual record is checked by a shorter way
    // than a change, and both must find what one way finds.
    let months = [
        "202504", "202504", "202505", "202504", "202505", "202505", "202504",
    ];
    let insured = ["0000012345", "0000012345", "0000012346", "0000012345"];
    let lines: Vec<String> = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let day = format!("{m}{:02}", i + 1);
            line(insured[i % insured.len()], &day, &[(5, m)])
        })
        .collect();
    let (recs, summary) = read_all(Mode::Lenient, NAME, &file(&lines));
    let mismatched: Vec<usize> = recs
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.problems()
                .iter()
                .any(|p| p.kind == ProblemKind::MonthMismatch)
        })
        .map(|(i, _)| i + 1)
        .collect();
    // Each is found; the repeats of one value (records 5 and 6) are counted, not listed
    // again (one fact, one message: `Repeats`).
    assert_eq!(mismatched, [3]);
    assert_eq!(summary.errors, 3, "{:?}", summary.problems);
    let counted = summary
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::NotListed)
        .and_then(|p| p.found.clone());
    assert_eq!(counted.as_deref(), Some("2"));
    assert_eq!((summary.users, summary.users_exact), (2, true));
}

#[test]
fn one_version_per_file() {
    let data = file(&[
        line("0000012345", "20250401", &[]),
        line("0000012345", "20250402", &[(1, "202504")]),
    ]);
    let (recs, _) = read_all(Mode::Lenient, NAME, &data);
    let p = recs[1]
        .problems()
        .iter()
        .find(|p| p.kind == ProblemKind::MixedVersions)
        .expect("mixed");
    assert_eq!(p.message_ja(), "2行目 第6表 No.1 CSVバージョン: CSVバージョン 202504 が先頭レコードの 202407 と違います。1ファイルに複数の版を混ぜられません");
}

#[test]
fn the_kind_is_detected_from_content_when_the_name_says_nothing() {
    let data = file(&[line("0000012345", "20250401", &[])]);
    let (recs, summary) = read_all(Mode::Lenient, "export.csv", &data);
    assert_eq!(summary.kind, Some(FileKind::UsagePlan));
    assert!(recs[0].typed().is_some());
    let kinds: Vec<_> = summary.problems.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        vec![ProblemKind::InvalidFileName, ProblemKind::KindFromContent]
    );
    assert_eq!(summary.problems[1].found.as_deref(), Some("UPPLAN"));
}

/// A pre-4.0 name (no service-kind codes) is read in both modes. For 2025-04 on, when 4.1's
/// form applies, strict mode reports it as an error, lenient mode as a warning.
#[test]
fn legacy_names_work() {
    let data = file(&[line("0000012345", "20250401", &[])]);
    for (mode, severity) in [
        (Mode::Strict, Severity::Error),
        (Mode::Lenient, Severity::Warning),
    ] {
        let (recs, summary) = read_all(
            mode,
            "UPPLAN_202504_1310000001_1310000002_20250401093000.CSV",
            &data,
        );
        assert!(recs[0].problems().is_empty());
        assert_eq!(
            summary
                .problems
                .iter()
                .map(|p| (p.kind, p.severity))
                .collect::<Vec<_>>(),
            vec![(ProblemKind::LegacyFileName, severity)]
        );
    }
}

#[test]
fn the_family_image_is_not_a_csv() {
    let name = "UPKIHON_IMAGE_0300000100_43_0300000005_11_20191025200201_0001.JPG";
    let mut rdr = FileReaderBuilder::new().from_reader(&b"\xff\xd8\xff"[..], name);
    let err = rdr.records().next().unwrap().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::NotCsv));
}

#[test]
fn a_first_record_with_a_bad_version_is_read_and_its_version_reported() {
    let data = file(&[
        line(
            "0000012345",
            "20250401",
            &[(1, "2024-07"), (2, ""), (3, "")],
        ),
        line("0000012345", "20250402", &[]),
    ]);
    let mut rdr = FileReaderBuilder::new().from_reader(&data[..], NAME);
    let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().expect("readable");
    assert_eq!(recs.len(), 2);
    assert!(rdr.header().is_none());
    let p = recs[0]
        .problems()
        .iter()
        .find(|p| p.location.item.map(|i| i.no) == Some(1))
        .expect("the version is reported");
    assert_eq!(p.found.as_deref(), Some("2024-07"));
    assert_eq!(p.location.line, Some(1));
    assert!(!rdr
        .summary()
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::HeaderLine));
}

#[test]
fn the_header_line_skipped_is_kept_on_the_file_reader() {
    let mut lines = vec!["CSVバージョン,保険者番号,被保険者番号\r\n".to_string()];
    lines.push(line("0000012345", "20250401", &[]));
    let data = file(&lines);
    let mut rdr = FileReaderBuilder::new().from_reader(&data[..], NAME);
    let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().expect("readable");
    assert_eq!(recs.len(), 1);
    let header = rdr.header().expect("the header line");
    assert_eq!(header.text(0), Some("CSVバージョン"));
    assert_eq!(header.text(2), Some("被保険者番号"));
    assert_eq!(header.position().line(), 1);
    let summary = rdr.finish().expect("readable");
    assert!(summary
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::HeaderLine && p.severity == Severity::Warning));
}

#[test]
fn the_summary_counts_the_problems_not_listed() {
    let mut lines = vec![line("0000012345", "20250401", &[])];
    lines.extend(std::iter::repeat_n("\r\n".to_string(), 1500));
    lines.push(line("0000012345", "20250402", &[]));
    let data = file(&lines);
    for (mode, errors, warnings) in [(Mode::Strict, 1500, 0), (Mode::Lenient, 0, 1500)] {
        let mut rdr = FileReaderBuilder::new()
            .mode(mode)
            .from_reader(&data[..], NAME);
        let recs: Vec<_> = rdr.records().collect::<Result<_, _>>().expect("readable");
        assert_eq!(recs.len(), 2);
        assert!(recs.iter().all(|r| r.problems().is_empty()));
        assert_eq!(rdr.suppressed_problems(), 500);
        let summary = rdr.finish().expect("readable");
        assert_eq!((summary.errors, summary.warnings), (errors, warnings));
        assert_eq!(summary.suppressed, 500);
        let kinds: Vec<_> = summary.problems.iter().map(|p| p.kind).collect();
        assert_eq!(kinds.len(), 1001);
        assert_eq!(kinds[999], ProblemKind::BlankLine);
        assert_eq!(kinds[1000], ProblemKind::NotListed);
        assert_eq!(summary.problems[1000].found.as_deref(), Some("500"));
        assert_eq!(
            summary.problems[1000].location.kind,
            Some(FileKind::UsagePlan)
        );
    }
}

/// Each problem of a record: kind, severity and item No.
fn kinds_at(parsed: &Parsed<AnyRecord>) -> Vec<(ProblemKind, Severity, Option<u16>)> {
    parsed
        .problems()
        .iter()
        .map(|p| (p.kind, p.severity, p.location.item.map(|i| i.no)))
        .collect()
}

/// A record that fits its layout but whose item holds no value of its type (a negative
/// count) comes back raw with an error naming the item, never raw without a word.
#[test]
fn a_record_that_fits_but_is_not_typed_names_the_item() {
    for (no, name) in [(9u16, "前月までの短期入所利用日数"), (14, "サービス回数")]
    {
        let data = file(&[
            line("0000012345", "20250401", &[]),
            line("0000012345", "20250402", &[(usize::from(no), "-1")]),
        ]);
        for mode in [Mode::Strict, Mode::Lenient] {
            let (recs, summary) = read_all(mode, NAME, &data);
            assert!(matches!(recs[0], Parsed::Typed { .. }));
            let Parsed::Raw { problems, .. } = &recs[1] else {
                panic!("typed: {:?}", recs[1]);
            };
            assert_eq!(problems.len(), 1, "{problems:?}");
            let p = &problems[0];
            assert_eq!(
                (p.kind, p.severity),
                (ProblemKind::InvalidFormat, Severity::Error)
            );
            assert_eq!(p.location.item.map(|i| (i.no, i.name)), Some((no, name)));
            assert_eq!((p.location.line, p.location.record), (Some(2), Some(2)));
            assert_eq!(
                p.message_ja(),
                format!("2行目 第6表 No.{no} {name}: -1 は半角数字ではありません")
            );
            assert_eq!(
                p.message_en(),
                format!("line 2, 第6表 No.{no} {name}: -1 is not digits")
            );
            assert_eq!((summary.typed, summary.raw, summary.errors), (1, 1, 1));
        }
    }
}

/// 第7表 No.9 written as the standard's pattern `xxAAAA` itself (where `xx` stands for a
/// service kind) is not a service code: reported at No.9, not passed over.
#[test]
fn a_subtotal_code_written_as_its_pattern_is_reported() {
    let name = "UPSIKYU_202504_1310000001_43_1310000002_11_20250401093000.CSV";
    let row = |code: &str| {
        format!("202407,131001,0000012345,20250320,202504,\"\",9999999999,,{code},,,\"\",0,,,1,1000,1000,,,0,1000,,11400,,10260,,1140,0,,,,0,9999999999,,1310000001,\r\n")
    };
    let data = file(&[row("xxAAAA")]);
    let (recs, _) = read_all(Mode::Strict, name, &data);
    let errors: Vec<_> = recs[0]
        .problems()
        .iter()
        .filter(|p| p.is_error())
        .map(|p| (p.kind, p.location.item.map(|i| i.no)))
        .collect();
    assert!(
        errors.contains(&(ProblemKind::InvalidFormat, Some(9))),
        "{:?}",
        recs[0].problems()
    );
    assert!(matches!(recs[0], Parsed::Raw { .. }));
}

/// A 第6表 line of a kind the standard does not exchange (73 小規模多機能型居宅介護) is read,
/// with a warning at No.15.
#[test]
fn a_service_of_a_kind_outside_the_exchange_is_a_warning() {
    let data = file(&[line("0000012345", "20250401", &[(15, "731111")])]);
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, _) = read_all(mode, NAME, &data);
        assert!(matches!(recs[0], Parsed::Typed { .. }));
        let found = kinds_at(&recs[0]);
        assert_eq!(
            found,
            [(ProblemKind::UnknownCode, Severity::Warning, Some(15))]
        );
        assert!(recs[0].problems()[0]
            .message_ja()
            .contains("731111 (73 小規模多機能型居宅介護)"));
    }
    let (recs, _) = read_all(
        Mode::Strict,
        NAME,
        &file(&[line("0000012345", "20250401", &[])]),
    );
    assert!(recs[0].problems().is_empty());
}

/// No.19 明細判別コード is for 福祉用具貸与 lines only (「17以外の行は空」): given on another
/// line, an error; on a 67 介護予防福祉用具貸与 line, a warning (the reading in RULES.md).
#[test]
fn a_detail_number_on_a_line_that_is_not_equipment_is_an_error() {
    let data = file(&[line("0000012345", "20250401", &[(19, "1")])]);
    let (recs, _) = read_all(Mode::Strict, NAME, &data);
    let found = kinds_at(&recs[0]);
    assert_eq!(
        found,
        [(ProblemKind::UnexpectedValue, Severity::Error, Some(19))]
    );
    assert!(matches!(recs[0], Parsed::Typed { .. }));
    let data = file(&[line(
        "0000012345",
        "20250401",
        &[(15, "671001"), (16, "00001-000010"), (19, "1")],
    )]);
    let (recs, _) = read_all(Mode::Strict, NAME, &data);
    assert_eq!(
        kinds_at(&recs[0]),
        [(ProblemKind::UnexpectedValue, Severity::Warning, Some(19))]
    );
}

/// A name not in upper case is a warning of the file, once, in both modes — not one per
/// record, and not one per part when the file is read on several threads (OPEN_QUESTIONS
/// 11, PITFALLS).
#[test]
fn a_name_not_in_upper_case_is_one_warning_of_the_file() {
    let lines: Vec<String> = (1..=100)
        .map(|i| line(&format!("{i:010}"), "20250401", &[]))
        .collect();
    let data = file(&lines);
    let lower = "in/upplan_202504_1310000001_43_1310000002_11_20250401093000.csv";
    let case = |problems: &[careplan_model::Problem]| {
        problems
            .iter()
            .filter(|p| p.kind == ProblemKind::InvalidFileName)
            .map(|p| (p.severity, p.expected.clone()))
            .collect::<Vec<_>>()
    };
    let want = vec![(Severity::Warning, Some(NAME.to_string()))];
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, summary) = read_all(mode, lower, &data);
        assert_eq!(case(&summary.problems), want, "{mode:?}");
        assert!(recs.iter().all(|r| r.problems().is_empty()), "{mode:?}");
        assert_eq!((summary.errors, summary.warnings), (0, 1), "{mode:?}");

        let mut records = 0;
        let summary = FileReaderBuilder::new()
            .mode(mode)
            .threads(2)
            .part_bytes(1024)
            .read_slice(&data, lower, |r| {
                assert!(r.problems().is_empty());
                records += 1;
            })
            .unwrap();
        assert_eq!(records, 100);
        assert!(data.len() > 3 * 4096, "several parts");
        assert_eq!(case(&summary.problems), want, "{mode:?} on two threads");
        assert_eq!((summary.errors, summary.warnings), (0, 1), "{mode:?}");
    }
    // The same name upper case: nothing.
    let (_, summary) = read_all(Mode::Strict, NAME, &data);
    assert!(summary.problems.is_empty(), "{:?}", summary.problems);
}

/// A 9-digit office number in the name (the standard's typo, read padded to ten digits in
/// lenient mode) is the name's warning alone: the records are not compared with the padded
/// number, which neither the name nor the records hold (one mistake, one message).
#[test]
fn a_nine_digit_sender_in_the_name_is_not_compared_with_the_records() {
    let lines: Vec<String> = (1..=5)
        .map(|i| line(&format!("{i:010}"), "20250401", &[]))
        .collect();
    let data = file(&lines);
    let all = |recs: &[Parsed<AnyRecord>], summary: &careplan_csv::Summary| {
        let mut kinds: Vec<ProblemKind> = summary.problems.iter().map(|p| p.kind).collect();
        kinds.extend(recs.iter().flat_map(|r| r.problems()).map(|p| p.kind));
        kinds
    };
    let nine = "UPPLAN_202504_131000001_43_1310000002_11_20250401093000.CSV";
    let (recs, summary) = read_all(Mode::Lenient, nine, &data);
    assert_eq!(all(&recs, &summary), vec![ProblemKind::InvalidFileName]);
    assert_eq!((summary.errors, summary.warnings), (0, 1));
    // The rule is there: a ten-digit sender the records do not name is a mismatch.
    let other = "UPPLAN_202504_1310000009_43_1310000002_11_20250401093000.CSV";
    let (recs, summary) = read_all(Mode::Lenient, other, &data);
    assert!(
        all(&recs, &summary).contains(&ProblemKind::SenderMismatch),
        "{:?}",
        all(&recs, &summary)
    );
}

/// A record whose No.5 is not the file's month is that one mistake: its date, of the
/// file's month, is not also blamed for being outside the record's month — whether the
/// record is the first or a later one. A date outside both months is a mistake of its own,
/// said against the file's month. A name of the wrong month (every record differs) is said
/// once, the other records counted.
#[test]
fn a_wrong_month_on_a_record_is_one_message() {
    let kinds = |recs: &[Parsed<AnyRecord>]| -> Vec<(usize, ProblemKind)> {
        recs.iter()
            .enumerate()
            .flat_map(|(i, r)| r.problems().iter().map(move |p| (i + 1, p.kind)))
            .collect()
    };
    let lines = |wrong: usize, date: &str| -> Vec<u8> {
        file(
            &(1..=4)
                .map(|i| {
                    if i == wrong {
                        line("0000012345", date, &[(5, "202505")])
                    } else {
                        line("0000012345", &format!("2025040{i}"), &[])
                    }
                })
                .collect::<Vec<_>>(),
        )
    };
    for wrong in [1, 3] {
        let (recs, summary) = read_all(Mode::Lenient, NAME, &lines(wrong, "20250405"));
        assert_eq!(
            kinds(&recs),
            vec![(wrong, ProblemKind::MonthMismatch)],
            "record {wrong}"
        );
        assert_eq!(summary.errors, 1, "{:?}", summary.problems);
        // A date of the record's month: the same one mistake.
        let (recs, _) = read_all(Mode::Lenient, NAME, &lines(wrong, "20250505"));
        assert_eq!(kinds(&recs), vec![(wrong, ProblemKind::MonthMismatch)]);
        // A date of neither month: its own mistake, against the file's month.
        let (recs, _) = read_all(Mode::Lenient, NAME, &lines(wrong, "20250605"));
        assert_eq!(
            kinds(&recs),
            vec![
                (wrong, ProblemKind::MonthMismatch),
                (wrong, ProblemKind::DateOutsideMonth)
            ]
        );
        let p = &recs[wrong - 1].problems()[1];
        assert_eq!(p.expected.as_deref(), Some("202504"));
        assert_eq!(p.found.as_deref(), Some("20250605"));
    }

    // The name's month is wrong: record 1 says it, the others are counted.
    let other = "UPPLAN_202505_1310000001_43_1310000002_11_20250401093000.CSV";
    let (recs, summary) = read_all(Mode::Lenient, other, &lines(0, ""));
    assert_eq!(kinds(&recs), vec![(1, ProblemKind::MonthMismatch)]);
    let file_problems: Vec<_> = summary
        .problems
        .iter()
        .map(|p| (p.kind, p.found.clone()))
        .collect();
    assert_eq!(
        file_problems,
        vec![(ProblemKind::NotListed, Some("3".to_string()))]
    );
    assert_eq!(summary.errors, 4);
}
