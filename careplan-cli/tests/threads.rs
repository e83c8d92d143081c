//! `careplan check` of a set whose 第6表 or 利用者補足情報 is large enough to be read on every
//! core (over 8 MiB and over its share of the bytes): the report on two threads is the one of
//! a single thread, byte for byte.

mod common;

use assert_cmd::Command;

/// `careplan check --json PATH` with rayon's pool of `threads`: the exit status and stdout.
fn check_json(path: &std::path::Path, threads: usize) -> (i32, String) {
    let out = Command::cargo_bin("careplan")
        .unwrap()
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("RAYON_NUM_THREADS", threads.to_string())
        .args(["check", "--json"])
        .arg(path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    (out.status.code().unwrap_or(-1), stdout)
}

#[test]
fn check_of_a_large_file_on_two_threads_reports_what_one_thread_reports() {
    use careplan::bundle::sample::{self, Table};
    use careplan::model::value::YearMonth;
    // The generator's 第6表 and 第7表 of 2,700 users, as one unit of the care office's
    // (`generate` sends a set to each provider, each with a part of the users).
    let d = common::dir("large");
    let month = YearMonth::new(2025, 4).unwrap();
    let plan = d.join(sample::file_name(Table::Upplan, month));
    let mut bytes = Vec::new();
    sample::upplan(2700, month, 1, &mut bytes).unwrap();
    std::fs::write(&plan, &bytes).unwrap();
    bytes.clear();
    sample::upsikyu(2700, month, 1, &mut bytes).unwrap();
    std::fs::write(d.join(sample::file_name(Table::Upsikyu, month)), &bytes).unwrap();
    // Problems throughout the plan, past the listed ones of their kind: every 5th line a
    // day that does not exist (202504 + 4x), every 20th followed by a line of three items,
    // every 97th by a blank line.
    let clean = std::fs::read(&plan).unwrap();
    let mut bytes = Vec::with_capacity(clean.len() + clean.len() / 8);
    for (i, line) in clean.split_inclusive(|b| *b == b'\n').enumerate() {
        let start = bytes.len();
        bytes.extend_from_slice(line);
        if i % 5 == 1 {
            if let Some(at) = line.windows(8).position(|w| w == b",,202504") {
                bytes[start + at + 8] = b'4';
            }
        }
        if i % 20 == 0 {
            bytes.extend_from_slice(b"202407,131001,0000012345\r\n");
        }
        if i % 97 == 0 {
            bytes.extend_from_slice(b"\r\n");
        }
    }
    std::fs::write(&plan, &bytes).unwrap();
    let total: u64 = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    // Read on both threads by `check` (its share of two cores, and 8 MiB at least).
    assert!(bytes.len() as u64 > (8 << 20) && bytes.len() as u64 > total / 2);

    same_on_one_and_two_threads(
        &d,
        &["invalid_date", "field_count", "blank_line", "not_listed"],
    );
    let _ = std::fs::remove_dir_all(&d);
}

/// Checks the folder `d` with one thread and two: both exit 1 with the same report, which
/// holds problems of every code of `codes`.
fn same_on_one_and_two_threads(d: &std::path::Path, codes: &[&str]) {
    let (code, one) = check_json(d, 1);
    assert_eq!(code, 1, "{}", &one.chars().take(2000).collect::<String>());
    let report: serde_json::Value = serde_json::from_str(&one).unwrap();
    let found: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["problems"].as_array().unwrap())
        .filter_map(|p| p["code"].as_str())
        .collect();
    for code in codes {
        assert!(found.contains(code), "{code}");
    }
    let (code, two) = check_json(d, 2);
    assert_eq!(code, 1);
    assert!(one == two, "the reports of one and two threads differ");
}

#[test]
fn check_of_a_large_file_folded_in_parts_on_two_threads_reports_what_one_thread_reports() {
    use careplan::bundle::sample;
    use careplan::model::FileKind;
    // 利用者補足情報 has no rules across records: the reader folds its parts where they are
    // read and `check` joins what each gathered. 32,000 records of the spec's samples,
    // each of its own user but every 3rd of user 0 again, every 3rd with a 生年月日 that
    // does not exist, every 20th followed by a line of three items, every 97th by a blank
    // line.
    let d = common::dir("folded");
    let samples = sample::records(FileKind::Hosoku);
    let mut text = String::new();
    for i in 0..32_000 {
        let user = if i % 3 == 2 { 0 } else { i };
        let mut line = samples[i % samples.len()].clone();
        for id in ["0000012345", "H123456789"] {
            line = line.replace(id, &format!("{user:010}"));
        }
        if i % 3 == 0 {
            line = line.replacen(",19400101,", ",19400231,", 1).replacen(
                ",19380515,",
                ",19380545,",
                1,
            );
        }
        text.push_str(&line);
        text.push_str("\r\n");
        if i % 20 == 0 {
            text.push_str("202407,131001,0000012345\r\n");
        }
        if i % 97 == 0 {
            text.push_str("\r\n");
        }
    }
    let (bytes, _) = careplan::csv::ms932::encode_to_vec(&text, &Default::default()).unwrap();
    assert!(bytes.len() > 8 << 20, "{}", bytes.len());
    std::fs::write(d.join(sample::name(FileKind::Hosoku)), &bytes).unwrap();
    same_on_one_and_two_threads(
        &d,
        &["invalid_date", "field_count", "blank_line", "not_listed"],
    );
    let _ = std::fs::remove_dir_all(&d);
}
