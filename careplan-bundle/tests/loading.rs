//! Reading files into a set: folders (nested), ZIPs as care offices export them (files in
//! a folder, several units, other entries noted), uploads, names outside the standard;
//! writing a unit as a ZIP and reading back the same bytes.

mod common;

use std::io::Cursor;

use careplan_bundle::{ArchiveReader, ArchiveWriter, ErrorKind, UnitKind};
use careplan_bundle::{FileSet, LoadOptions};
use careplan_model::{FileKind, Mode, ProblemKind};
use common::*;

const A: &str = "0000012345";

fn ticket_files(parties: &str, seq: &str) -> Vec<(String, Vec<u8>)> {
    let n6 = name(&format!("UPPLAN_{MONTH}"), parties, seq);
    let n7 = name(&format!("UPSIKYU_{MONTH}"), parties, seq);
    let nh = name(&format!("UPHOSOKU_{MONTH}"), parties, seq);
    vec![
        (n6.clone(), file(&n6, &[t6(A, "01", "111111", PROV)])),
        (n7.clone(), file(&n7, &t7_user(A, PROV, 1))),
        (nh.clone(), file(&nh, &[hosoku_usage(A, MONTH)])),
    ]
}

fn zip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
    for (n, b) in entries {
        w.add(n, b).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_zip_with_two_units_in_a_folder_and_other_entries() {
    let mut entries: Vec<(String, Vec<u8>)> = ticket_files(V41_OUT, "20250325100000")
        .into_iter()
        .map(|(n, b)| (format!("202504/{n}"), b))
        .collect();
    entries.extend(
        ticket_files(LEGACY_OUT, "20250326100000")
            .into_iter()
            .map(|(n, b)| (format!("202504/resend/{n}"), b)),
    );
    entries.push(("202504/送信票.pdf".into(), b"%PDF".to_vec()));
    entries.push((
        "inner.zip".into(),
        zip(&ticket_files(V41_OUT, "20250327100000")),
    ));
    let mut set = FileSet::new();
    set.add_bytes("export.zip", zip(&entries)).unwrap();
    assert_eq!(set.files().len(), 6);
    assert!(set.files()[0]
        .display()
        .starts_with("export.zip/202504/UPPLAN_202504_"));
    let ignored: Vec<&str> = set
        .notes()
        .iter()
        .map(|p| p.found.as_deref().unwrap())
        .collect();
    assert_eq!(ignored, ["202504/送信票.pdf", "inner.zip"]);
    assert!(set
        .notes()
        .iter()
        .all(|p| p.kind == ProblemKind::IgnoredEntry && !p.is_error()));
    let units = set.units();
    assert_eq!(units.len(), 2);
    assert!(!units[0].unit().is_legacy());
    assert!(units[1].unit().is_legacy());
    for u in &units {
        assert_eq!(u.kind(), Some(UnitKind::ServiceTicket));
        assert!(u.problems().is_empty(), "{:?}", u.problems());
    }
}

#[test]
fn a_written_unit_reads_back_with_the_same_bytes() {
    let files = ticket_files(V41_OUT, "20250325100000");
    let set = set_of(files.clone());
    let units = set.units();
    for folder in [None, Some("202504")] {
        let bytes = units[0].to_zip(folder).unwrap();
        let mut r = ArchiveReader::new(Cursor::new(bytes.clone())).unwrap();
        let names: Vec<String> = r.list().iter().map(|e| e.path.clone()).collect();
        let expected: Vec<String> = files
            .iter()
            .map(|(n, _)| folder.map_or(n.clone(), |d| format!("{d}/{n}")))
            .collect();
        assert_eq!(names, expected);
        for (i, (_, original)) in files.iter().enumerate() {
            assert_eq!(&r.read_entry(i).unwrap(), original);
        }
        // And through a set again: the same unit, the same bytes.
        let mut back = FileSet::new();
        back.add_bytes("again.zip", bytes).unwrap();
        let again = back.units();
        assert_eq!(again.len(), 1);
        for (a, b) in again[0].files().zip(units[0].files()) {
            assert_eq!(a.bytes(), b.bytes());
            assert_eq!(a.name(), b.name());
        }
    }
    // Several units in one archive.
    let mut two = set_of(files);
    for (n, b) in ticket_files(V41_OUT, "20250326100000") {
        two.add_bytes(&n, b).unwrap();
    }
    let archive = two.to_zip(None).unwrap();
    let mut back = FileSet::new();
    back.add_bytes("two.zip", archive).unwrap();
    assert_eq!(back.units().len(), 2);
}

#[test]
fn folders_are_read_with_their_sub_folders_and_archives() {
    let d = temp_dir("folders");
    let sub = d.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let files = ticket_files(V41_OUT, "20250325100000");
    std::fs::write(d.join(&files[0].0), &files[0].1).unwrap();
    std::fs::write(sub.join(&files[1].0), &files[1].1).unwrap();
    std::fs::write(d.join("rest.zip"), zip(&files[2..])).unwrap();
    std::fs::write(d.join("memo.txt"), b"memo").unwrap();
    let mut set = FileSet::new();
    set.add_path(&d).unwrap();
    assert_eq!(set.files().len(), 3);
    assert_eq!(set.notes().len(), 1);
    assert!(set.notes()[0]
        .location
        .file
        .as_deref()
        .unwrap()
        .ends_with("memo.txt"));
    let units = set.units();
    assert_eq!(units.len(), 1);
    assert!(units[0].problems().is_empty());
    assert!(units[0]
        .file(FileKind::Hosoku)
        .unwrap()
        .display()
        .contains("rest.zip/UPHOSOKU_"));
}

#[test]
fn a_file_with_a_name_outside_the_standard_is_read_but_joins_no_unit() {
    let files = ticket_files(V41_OUT, "20250325100000");
    let mut set = FileSet::new();
    set.add_bytes("予定.csv", files[0].1.clone()).unwrap();
    assert_eq!(set.files().len(), 1);
    let f = &set.files()[0];
    assert!(f.name().is_none());
    assert_eq!(
        f.kind(),
        Some(FileKind::UsagePlan),
        "detected from the content"
    );
    assert!(f.problems().any(|p| p.kind == ProblemKind::InvalidFileName));
    assert_eq!(set.ungrouped().count(), 1);
    assert!(set.units().is_empty());
}

#[test]
fn strict_reading_takes_a_4_0_name_as_a_csv_and_reports_it() {
    let n = "UPPLAN_202504_0300000100_430_0300000005_110_20250325100000.CSV";
    let bytes = ticket_files(V41_OUT, "20250325100000").remove(0).1;
    let mut lenient = FileSet::new();
    lenient
        .add_bytes("x.zip", zip(&[(n.to_string(), bytes.clone())]))
        .unwrap();
    assert!(lenient.files()[0].name().is_some());
    assert_eq!(lenient.units().len(), 1);

    let mut strict = FileSet::with_options(LoadOptions::new().mode(Mode::Strict));
    strict
        .add_bytes("x.zip", zip(&[(n.to_string(), bytes)]))
        .unwrap();
    let f = &strict.files()[0];
    assert!(f.name().is_none());
    assert!(f.has_errors());
    assert!(strict.units().is_empty());
}

#[test]
fn a_refused_archive_adds_nothing_and_names_the_upload() {
    let mut set = FileSet::new();
    let err = set
        .add_bytes("broken.zip", b"PK\x03\x04 and nothing else".to_vec())
        .unwrap_err();
    assert_eq!(err.file(), Some("broken.zip"));
    assert!(matches!(
        err.kind(),
        ErrorKind::NotZip { .. } | ErrorKind::Malformed { .. }
    ));
    assert!(set.files().is_empty());
    let err = set.add_path("/nonexistent/careplan/x.zip").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Io(_)));
    assert_eq!(err.file(), Some("/nonexistent/careplan/x.zip"));
}

#[test]
fn mac_leftovers_are_noted_and_folders_are_not() {
    let files = ticket_files(V41_OUT, "20250325100000");
    let entries = vec![
        (format!("202504/{}", files[0].0), files[0].1.clone()),
        (
            format!("__MACOSX/202504/._{}", files[0].0),
            b"\x00\x05\x16\x07".to_vec(),
        ),
    ];
    // The archive writer refuses the names macOS adds; the zip crate writes them.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (n, b) in &entries {
        w.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, b).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let mut set = FileSet::new();
    set.add_bytes("mac.zip", bytes).unwrap();
    assert_eq!(set.files().len(), 1);
    assert_eq!(set.notes().len(), 1);
    assert_eq!(set.notes()[0].kind, ProblemKind::IgnoredEntry);
    assert!(set.notes()[0]
        .found
        .as_deref()
        .unwrap()
        .starts_with("__MACOSX/"));
}

#[test]
fn an_archive_that_gives_no_file_is_an_error_naming_it() {
    use careplan_bundle::workflow::{PlanImport, ResultImport};
    let empty = zip::ZipWriter::new(Cursor::new(Vec::new()))
        .finish()
        .unwrap()
        .into_inner();
    let mut import = PlanImport::new(office(PROV));
    import.upload("202504.zip", empty.clone()).unwrap();
    let report = import.finish();
    assert!(report.tickets.is_empty());
    assert!(report.has_errors());
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let p = &report.problems[0];
    assert_eq!(p.kind, ProblemKind::EmptyArchive);
    assert_eq!(p.location.file.as_deref(), Some("202504.zip"));
    assert!(
        p.message_en().contains("the archive holds no file to read"),
        "{}",
        p.message_en()
    );
    assert!(
        p.message_ja()
            .contains("アーカイブに読み込めるファイルがありません"),
        "{}",
        p.message_ja()
    );
    assert_eq!(p.to_string(), format!("202504.zip: {}", p.message_en()));

    let mut set = FileSet::new();
    set.add_bytes("r.zip", empty).unwrap();
    let report = ResultImport::new().run(&set);
    assert!(report.has_errors());
    assert_eq!(
        report.problems.iter().map(|p| p.kind).collect::<Vec<_>>(),
        [ProblemKind::EmptyArchive]
    );

    // Only a folder and a macOS leftover: the leftover is noted, and the archive too.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.add_directory("202504", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.start_file("__MACOSX/._x", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut w, b"\x00\x05").unwrap();
    let dirs = w.finish().unwrap().into_inner();
    let mut set = FileSet::new();
    set.add_bytes("d.zip", dirs).unwrap();
    assert!(set.files().is_empty());
    let kinds: Vec<ProblemKind> = set.notes().iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [ProblemKind::IgnoredEntry, ProblemKind::EmptyArchive]
    );
    let p = &set.notes()[1];
    assert!(p.is_error());
    assert_eq!(p.location.file.as_deref(), Some("d.zip"));
    // `found` holds the counts; the messages name them, each in its own language.
    assert_eq!(p.found.as_deref(), Some("1, 1"));
    assert!(p
        .message_en()
        .contains("(folders, entries left aside: 1, 1)"));
    assert!(p
        .message_ja()
        .contains("（フォルダ、対象外のエントリ: 1, 1）"));

    // An archive with a file gives no such problem.
    let mut set = FileSet::new();
    set.add_bytes("ok.zip", zip(&ticket_files(V41_OUT, "20250325100000")))
        .unwrap();
    assert!(set.notes().is_empty());
}

// --- streamed: keys kept, records read again --------------------------------------------

#[test]
fn records_are_read_again_from_the_path_the_entry_or_the_bytes_when_asked_for() {
    let d = temp_dir("again");
    let files = ticket_files(V41_OUT, "20250325100000");
    std::fs::write(d.join(&files[0].0), &files[0].1).unwrap();
    std::fs::write(d.join("rest.zip"), zip(&files[1..2])).unwrap();
    let mut set = FileSet::new();
    set.add_path(&d).unwrap();
    set.add_bytes(&files[2].0, files[2].1.clone()).unwrap();
    assert_eq!(set.files().len(), 3);
    for (f, (_, bytes)) in set.files().iter().zip(&files) {
        assert!(!f.records_kept(), "{}", f.display());
        assert_eq!(f.bytes(), &bytes[..]);
        assert_eq!(f.records().len() as u64, f.summary().records);
        assert!(f.records_kept());
    }
    // The workflows' view: typed records of the unit, each with its line.
    let units = set.units();
    let rows: Vec<u64> = units[0]
        .records::<careplan_model::table6::Table6Record>()
        .map(|r| r.line())
        .collect();
    assert_eq!(rows, [1]);
}

#[test]
fn a_file_changed_since_it_was_read_is_said_not_read_silently() {
    let d = temp_dir("changed");
    let (n, bytes) = ticket_files(V41_OUT, "20250325100000").remove(0);
    let path = d.join(&n);
    std::fs::write(&path, &bytes).unwrap();
    let mut set = FileSet::new();
    set.add_path(&path).unwrap();
    std::fs::write(&path, [&bytes[..], &bytes[..]].concat()).unwrap();
    let f = &set.files()[0];
    let e = f.try_records().unwrap_err();
    assert!(e.to_string().contains("changed since it was read"), "{e}");
    assert!(f.records().is_empty());
    assert!(f.try_bytes().is_err());
}

#[test]
fn a_stream_read_once_keeps_its_records_only_when_asked_to() {
    let (n, bytes) = ticket_files(V41_OUT, "20250325100000").remove(0);
    let mut once = FileSet::new();
    once.add_reader(&n, &bytes[..]).unwrap();
    let f = &once.files()[0];
    assert_eq!(f.summary().records, 1);
    assert_eq!(f.key_count(), 1);
    assert!(f.try_records().is_err());
    assert!(f.try_bytes().is_err());

    let mut kept = FileSet::with_options(LoadOptions::new().keep_records(true));
    kept.add_reader(&n, &bytes[..]).unwrap();
    assert!(kept.files()[0].records_kept());
    assert_eq!(kept.files()[0].records().len(), 1);

    // A ZIP on a stream is an archive.
    let mut z = FileSet::new();
    z.add_reader("-", &zip(&ticket_files(V41_OUT, "20250325100000"))[..])
        .unwrap();
    assert_eq!(z.files().len(), 3);
    assert!(z.files().iter().all(|f| !f.records().is_empty()));
}

#[test]
fn an_archive_that_gives_no_file_makes_the_set_one_with_errors() {
    let d = temp_dir("empty-archive");
    let files = ticket_files(V41_OUT, "20250325100000");
    std::fs::write(d.join(&files[0].0), &files[0].1).unwrap();
    std::fs::write(
        d.join("empty.zip"),
        zip(&[("readme.txt".to_string(), b"hello".to_vec())]),
    )
    .unwrap();
    let mut set = FileSet::new();
    set.add_path(&d).unwrap();
    assert!(set.files().iter().all(|f| !f.has_errors()));
    let errors: Vec<ProblemKind> = set
        .notes()
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.kind)
        .collect();
    assert_eq!(errors, [ProblemKind::EmptyArchive]);
    assert!(set.has_errors());

    let mut fine = FileSet::new();
    fine.add_bytes(&files[0].0, files[0].1.clone()).unwrap();
    assert!(!fine.has_errors());
}

#[test]
fn record_problems_past_a_thousand_of_one_kind_are_counted_not_listed() {
    use careplan_bundle::MAX_LISTED_PER_KIND;
    // 1,500 records of the wrong item count: a problem per record.
    let n = name(&format!("DLTPLAN_{MONTH}"), V41_OUT, "20250325100000");
    let bytes = b"202407,131001,0000012345\r\n".repeat(1500);
    let mut set = FileSet::new();
    set.add_bytes(&n, bytes).unwrap();
    let f = &set.files()[0];
    assert_eq!(f.summary().records, 1500);
    let mut by_kind: Vec<(ProblemKind, u64)> = Vec::new();
    for p in f.problems() {
        match by_kind.iter_mut().find(|(k, _)| *k == p.kind) {
            Some((_, c)) => *c += 1,
            None => by_kind.push((p.kind, 1)),
        }
    }
    let not_listed: Vec<_> = f
        .problems()
        .filter(|p| p.kind == ProblemKind::NotListed)
        .collect();
    assert!(!not_listed.is_empty(), "{by_kind:?}");
    for (kind, count) in &by_kind {
        if *kind != ProblemKind::NotListed {
            assert!(*count <= MAX_LISTED_PER_KIND, "{kind:?}: {count}");
        }
    }
    let counted: u64 = not_listed
        .iter()
        .map(|p| p.found.as_deref().unwrap().parse::<u64>().unwrap())
        .sum();
    assert!(counted >= 500, "{counted}");
    // The summary counts every one.
    assert!(f.summary().errors >= 1500);
    // The records themselves still have all theirs.
    assert!(f.records().iter().all(|r| !r.problems().is_empty()));
}

#[test]
fn checking_units_reads_no_record_again() {
    let mut files = ticket_files(V41_OUT, "20250325100000");
    let back = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250501090000");
    // A row naming another care office: reported on the unit, from the first reading.
    let mut row = t6(A, "01", "111111", PROV);
    row.care_office = "0300000777".parse().unwrap();
    files.push((back.clone(), file(&back, &[row])));
    let set = common::set_of(files);
    let units = set.units();
    let problems = careplan_bundle::relations::check_all(&units);
    let result = units
        .iter()
        .position(|u| u.kind() == Some(UnitKind::UsageResult))
        .unwrap();
    assert!(
        problems[result]
            .iter()
            .any(|p| p.kind == ProblemKind::Inconsistent && p.location.line == Some(1)),
        "{problems:?}"
    );
    assert!(set.files().iter().all(|f| !f.records_kept()));
}

#[test]
fn a_large_file_read_on_several_threads_gives_what_one_thread_gives() {
    // A 実績 file in a sub-folder (shown by its path, not its name alone), of 3,000 users,
    // some rows of a day outside the month, a record of the wrong item count, a blank
    // line and records of one user split by the cuts.
    let dir = temp_dir("threads");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let n = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250401090000");
    let rows: Vec<_> = (0..3000u32)
        .flat_map(|k| {
            let insured = format!("{k:010}");
            [
                t6(&insured, "01", "111111", PROV),
                t6(&insured, "02", "111111", PROV),
            ]
        })
        .collect();
    let clean = file(&n, &rows);
    let lines: Vec<&[u8]> = clean.split_inclusive(|b| *b == b'\n').collect();
    let mut bytes = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i == 2500 {
            bytes.extend_from_slice(b"202407,131001,0000012345\r\n\r\n");
        }
        let start = bytes.len();
        bytes.extend_from_slice(line);
        if i % 194 == 0 {
            // A user's first row (the 1st of a month of 30 days), made the 31st.
            let at = line.windows(10).position(|w| w == b",20250401,").unwrap();
            bytes[start + at + 7] = b'3';
        }
    }
    assert!(bytes.len() > 512 * 1024, "{}", bytes.len());
    std::fs::write(sub.join(&n), &bytes).unwrap();
    std::fs::write(dir.join(&n), &bytes).unwrap();

    let report = |options: LoadOptions, path: &std::path::Path| {
        let mut set = FileSet::with_options(options);
        set.add_path(path).unwrap();
        let out = common::set_report(&set);
        let mut again = 0;
        set.files()[0].for_each_record(|_| again += 1).unwrap();
        (out, again)
    };
    for path in [dir.as_path(), sub.join(&n).as_path()] {
        let (one, again) = report(LoadOptions::new(), path);
        assert!(one.contains("sub/UPJSK_"), "{one}");
        for kind in ["FieldCount", "BlankLine", "20250431"] {
            assert!(one.contains(kind), "{kind}\n{one}");
        }
        assert_eq!(again, 6001);
        for threads in [2, 3] {
            let options = LoadOptions::new().threads(threads).part_bytes(4096);
            let (many, again) = report(options, path);
            assert!(one == many, "{threads} threads:\n{one}\n---\n{many}");
            assert_eq!(again, 6001);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repeated_sender_mismatches_read_on_several_threads_give_what_one_thread_gives() {
    // 実績 rows naming another provider than the name's sender: one fact of the file, listed
    // once and counted, on one thread.
    let dir = temp_dir("threads-mismatch");
    let n = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250401090000");
    let rows: Vec<_> = (0..3000u32)
        .flat_map(|k| {
            let to = if k % 97 == 0 { OTHER } else { PROV };
            let insured = format!("{k:010}");
            [
                t6(&insured, "01", "111111", to),
                t6(&insured, "02", "111111", to),
            ]
        })
        .collect();
    std::fs::write(dir.join(&n), file(&n, &rows)).unwrap();
    let report = |options: LoadOptions| {
        let mut set = FileSet::with_options(options);
        set.add_path(dir.join(&n)).unwrap();
        let f = &set.files()[0];
        let problems: Vec<String> = f.problems().map(|p| format!("{p:?}")).collect();
        (format!("{:?}", f.summary()), problems)
    };
    let one = report(LoadOptions::new());
    assert!(
        one.1.iter().any(|p| p.contains("SenderMismatch")),
        "{one:#?}"
    );
    let two = report(LoadOptions::new().threads(2).part_bytes(4096));
    assert!(one == two, "{one:#?}\n---\n{two:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 実績 file whose every row names another care office than its name's receiver gets one
/// problem with the number of rows, not one per row; a receiver the name wrote with nine
/// digits (read padded, the name's warning) is not compared with the rows at all (one
/// mistake, one message).
#[test]
fn rows_against_the_name_are_one_problem_per_value_and_none_against_a_nine_digit_number() {
    let problems_of = |back: &str, rows: Vec<careplan_model::table6::Table6Record>| {
        let set = common::set_of(vec![(back.to_string(), file(back, &rows))]);
        let units = set.units();
        let mut problems: Vec<_> = careplan_bundle::relations::check_all(&units)
            .into_iter()
            .flatten()
            .filter(|p| p.kind == ProblemKind::Inconsistent)
            .collect();
        for f in set.files() {
            problems.extend(
                f.summary()
                    .problems
                    .iter()
                    .filter(|p| p.kind != ProblemKind::MissingParent)
                    .cloned(),
            );
        }
        problems
    };
    let rows = |office: &str| {
        ["01", "02", "03"]
            .iter()
            .map(|day| {
                let mut row = t6(A, day, "111111", PROV);
                row.care_office = office.parse().unwrap();
                row
            })
            .collect::<Vec<_>>()
    };
    let back = name(&format!("UPJSK_{MONTH}"), V41_BACK, "20250501090000");
    let found = problems_of(&back, rows("0300000777"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].kind, ProblemKind::Inconsistent);
    assert_eq!(found[0].location.line, Some(1));
    assert_eq!(found[0].count, Some(3));
    assert_eq!(found[0].found.as_deref(), Some("0300000777"));
    assert!(found[0].message_en().ends_with("(in 3 records)"));

    // The name's receiver written 300000777: its warning only.
    let nine = name(
        &format!("UPJSK_{MONTH}"),
        "0300000005_11_300000777_43",
        "20250501090000",
    );
    let found = problems_of(&nine, rows("0300000100"));
    let kinds: Vec<_> = found.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, vec![ProblemKind::InvalidFileName], "{found:?}");
}
