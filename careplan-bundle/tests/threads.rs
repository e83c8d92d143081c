//! A large file read on several threads, cut into many parts: the file's summary, problems,
//! keys and the checks across files are those of one thread, whether the records are kept
//! (handed over in order) or not (each part's keys and problems gathered where it is read,
//! then joined in the file's order).

mod common;

use careplan_bundle::sample::{self, Table};
use careplan_bundle::{FileSet, LoadOptions};
use careplan_model::value::YearMonth;
use careplan_model::FileKind;

/// A generated 第6表 予定 of about `bytes` (users of many lines: keys met again and again),
/// with problems throughout: every 5th line a day that does not exist (`202504` + `4x`, an
/// untyped record whose key is read from its items), every 20th line followed by a line of
/// three items (FieldCount, past the listed ones), every 97th by a blank line (a warning in
/// lenient mode), and every 7th line of another 居宅介護支援事業所 in No.6 (1310000009).
fn upplan_with_problems(bytes: usize) -> Vec<u8> {
    let month = YearMonth::new(2025, 4).unwrap();
    let clean = sample::sized(Table::Upplan, bytes, month, 15);
    let mut out = Vec::with_capacity(clean.len() + clean.len() / 8);
    for (i, line) in clean.split_inclusive(|b| *b == b'\n').enumerate() {
        let start = out.len();
        out.extend_from_slice(line);
        if i % 5 == 1 {
            // No.9 is empty, No.10 the day of service.
            if let Some(at) = line.windows(8).position(|w| w == b",,202504") {
                out[start + at + 8] = b'4';
            }
        }
        if i % 7 == 3 {
            if let Some(at) = line.windows(19).position(|w| w == b",202504,1310000001,") {
                out[start + at + 17] = b'9';
            }
        }
        if i % 20 == 0 {
            out.extend_from_slice(b"202407,131001,0000012345\r\n");
        }
        if i % 97 == 0 {
            out.extend_from_slice(b"\r\n");
        }
    }
    out
}

/// What a set read with `options` from `path` reports: each file's name, length, summary,
/// problems and key count, and every problem of the checks across files; with the records
/// read again (or as kept) counted.
fn report(options: LoadOptions, path: &std::path::Path) -> (String, usize) {
    let mut set = FileSet::with_options(options);
    set.add_path(path).unwrap();
    let out = common::set_report(&set);
    let records = set.files()[0].records().len();
    (out, records)
}

#[test]
fn a_file_of_megabytes_in_small_parts_on_threads_gives_what_one_thread_gives() {
    let dir = common::temp_dir("parts");
    let bytes = upplan_with_problems(2 << 20);
    let month = YearMonth::new(2025, 4).unwrap();
    let plan = dir.join(sample::file_name(Table::Upplan, month));
    std::fs::write(&plan, &bytes).unwrap();
    // The same lines as a provider's 実績 to the care office (the layout is 第6表's): rows
    // naming another care office in No.6 are problems of the unit, found as the file is
    // read; rows of other providers than the name's sender, one fact of the file.
    let result = dir.join("UPJSK_202504_1310000003_11_1310000001_43_20250325093001.CSV");
    std::fs::write(&result, &bytes).unwrap();
    for path in [&plan, &result] {
        let (one, records) = report(LoadOptions::new(), path);
        for kind in ["InvalidDate", "FieldCount", "BlankLine", "NotListed"] {
            assert!(
                one.contains(kind),
                "{kind}\n{}",
                one.chars().take(4000).collect::<String>()
            );
        }
        assert!(records > 10_000, "{records}");
        for (threads, keep) in [(2, false), (3, false), (2, true)] {
            let options = LoadOptions::new()
                .threads(threads)
                .part_bytes(64 << 10)
                .keep_records(keep);
            let (many, again) = report(options, path);
            assert!(
                one == many,
                "{threads} threads, records kept {keep}: {}",
                path.display()
            );
            assert_eq!(records, again);
        }
    }
    let (result_report, _) = report(LoadOptions::new(), &result);
    assert!(
        result_report.contains("1310000009"),
        "rows naming another care office"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file of `kind` of `n` records made from its sample records (spec layouts), each of a
/// user of its own but every 3rd of user 0 again (a key met again after others), with
/// `corrupt` applied to record `i`, and after every 20th a line of three items.
fn from_samples(kind: FileKind, n: usize, corrupt: impl Fn(usize, String) -> String) -> Vec<u8> {
    let samples = sample::records(kind);
    let mut text = String::new();
    for i in 0..n {
        let user = if i % 3 == 2 { 0 } else { i };
        let mut line = samples[i % samples.len()].clone();
        for id in ["0000012345", "H123456789"] {
            line = line.replace(id, &format!("{user:010}"));
        }
        text.push_str(&corrupt(i, line));
        text.push_str("\r\n");
        if i % 20 == 0 {
            text.push_str("202407,131001,0000012345\r\n");
        }
    }
    careplan_csv::ms932::encode_to_vec(&text, &Default::default())
        .unwrap()
        .0
}

#[test]
fn files_whose_parts_are_folded_apart_and_joined_give_what_one_thread_gives() {
    // Kinds without rules across records, whose parts the reader folds on their own
    // threads and joins (利用者補足情報: every record's keys kept in order; 第3表: each
    // plan's first position), with problems past the listed ones of their kind.
    let dir = common::temp_dir("joined");
    let hosoku = from_samples(FileKind::Hosoku, 7000, |i, line| {
        if i % 3 == 0 {
            // A 生年月日 that does not exist.
            line.replacen(",19400101,", ",19400231,", 1)
                .replacen(",19380515,", ",19380545,", 1)
        } else {
            line
        }
    });
    let plan3 = from_samples(FileKind::Plan3, 12000, |i, line| {
        if i % 4 == 1 {
            line.replacen(",0930,1600,", ",0930,16x0,", 1)
        } else {
            line
        }
    });
    for (kind, bytes) in [(FileKind::Hosoku, hosoku), (FileKind::Plan3, plan3)] {
        assert!(bytes.len() > 1 << 20, "{kind:?} {}", bytes.len());
        let path = dir.join(sample::name(kind));
        std::fs::write(&path, &bytes).unwrap();
        let (one, records) = report(LoadOptions::new(), &path);
        for code in ["FieldCount", "NotListed"] {
            assert!(one.contains(code), "{kind:?} {code}");
        }
        for (threads, keep) in [(2, false), (3, false), (2, true)] {
            let options = LoadOptions::new()
                .threads(threads)
                .part_bytes(32 << 10)
                .keep_records(keep);
            let (many, again) = report(options, &path);
            assert!(
                one == many,
                "{kind:?} on {threads} threads, records kept {keep}"
            );
            assert_eq!(records, again);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
