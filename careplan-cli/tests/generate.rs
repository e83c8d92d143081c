//! `careplan generate`: valid (it checks itself), deterministic, CSVs or a ZIP.

mod common;

use std::path::Path;

use common::{careplan, report_errors};

fn run(args: &[&str]) -> (i32, String, String) {
    careplan(&[&["generate"], args].concat(), b"")
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_valid_deterministic_month_of_every_kind() {
    let base = std::env::temp_dir().join(format!("careplan-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (a, b) = (base.join("a"), base.join("b"));
    let (code, out, err) = run(&[
        "--users",
        "4",
        "--month",
        "202602",
        "--seed",
        "9",
        a.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("0 errors\n"), "{out}");
    let written = files(&a);
    for prefix in [
        "UPPLAN_202602",
        "UPSIKYU_202602",
        "UPHOSOKU_202602",
        "UPJSK_202602",
        "UP1KYO_",
        "UP2KYO_",
        "UP3KYO_",
        "UPHOSOKU_000000",
        "UPKIHON_",
        "UPKIHON_SUB1_",
        "UPKIHON_SUB2_",
        "UPYOBO_",
        "UPYOBO_SUB_",
        "DLTPLAN_",
        "DLT1KYO_",
        "DLTJSK_",
        "DLTKIHON_",
        "DLTYOBO_",
    ] {
        assert!(
            written.iter().any(|(n, _)| n.starts_with(prefix)),
            "{prefix} missing"
        );
    }
    assert_eq!(
        run(&[
            "--users",
            "4",
            "--month",
            "202602",
            "--seed",
            "9",
            b.to_str().unwrap()
        ])
        .0,
        0
    );
    assert_eq!(written, files(&b), "same arguments, same bytes");
    let (code, _, _) = run(&[
        "--users",
        "4",
        "--month",
        "202602",
        "--seed",
        "10",
        base.join("c").to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert_ne!(written, files(&base.join("c")), "another seed, other data");
}

#[test]
fn a_zip_and_a_choice_of_kinds() {
    let zip = std::env::temp_dir().join(format!("careplan-generate-{}.zip", std::process::id()));
    let (code, out, _) = run(&[
        "--users",
        "2",
        "--month",
        "202504",
        "--kinds",
        "ticket,result",
        zip.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    let mut set = careplan::bundle::FileSet::new();
    set.add_path(&zip).unwrap();
    assert!(set.files().iter().all(|f| !f.has_errors()));
    assert!(set.files().iter().all(|f| {
        let n = f.file_name();
        n.starts_with("UPPLAN")
            || n.starts_with("UPSIKYU")
            || n.starts_with("UPHOSOKU")
            || n.starts_with("UPJSK")
    }));
}

#[test]
fn bad_arguments_exit_two() {
    assert_eq!(run(&["--users", "0", "--month", "202504", "x"]).0, 2);
    assert_eq!(run(&["--users", "2", "--month", "202513", "x"]).0, 2);
    assert_eq!(
        run(&[
            "--users",
            "2",
            "--month",
            "202504",
            "--kinds",
            "everything",
            "x"
        ])
        .0,
        2
    );
    assert_eq!(run(&["--users", "2", "--month", "202504"]).0, 2);
}

/// Without `--month`, the month is 2025-04, the first in which the files' CSV version
/// 202407 is in force, and everything reads clean; an earlier month, whose files would have
/// errors, is refused with the reason.
#[test]
fn the_default_month_is_one_where_the_files_are_clean() {
    let dir = std::env::temp_dir().join(format!("careplan-generate-d-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (code, out, err) = run(&["--users", "3", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with("0 errors\n"), "{out}");
    let written = files(&dir);
    assert!(written.iter().any(|(n, _)| n.starts_with("UPPLAN_202504_")));
    let _ = std::fs::remove_dir_all(&dir);
    let (code, _, err) = run(&["--users", "3", "--month", "202407", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("in force from service month 202504"), "{err}");
    assert!(!dir.exists(), "nothing written");
}

/// The errors `careplan check --strict --json` reports for `path`: in its files and in
/// their units, one set to each provider (composition and the relations between 第6表,
/// 第7表 and 補足).
fn check_errors(path: &Path) -> Vec<serde_json::Value> {
    let (_, out, _) = careplan(
        &["check", "--strict", "--json", path.to_str().unwrap()],
        b"",
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let units = v["units"].as_array().map_or(0, Vec::len);
    assert!(units > 1, "a set to each provider: {}", v["units"]);
    report_errors(&v)
}

/// The builder's 第7表 for every kind mix the generator makes (the months and seeds of
/// tests/table7_generated.rs, 250 users each) is clean under the whole check, not only the
/// file reader: with its 第6表 and 補足, as one transmission unit.
#[test]
fn the_generated_month_s_table7_is_clean_under_careplan_check() {
    for (month, seed) in [("202504", "7"), ("202602", "11")] {
        let d =
            std::env::temp_dir().join(format!("careplan-generate-{}-{month}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        let args = ["--users", "250", "--month", month, "--seed", seed];
        let (code, out, err) =
            run(&[&args[..], &["--kinds", "ticket", d.to_str().unwrap()]].concat());
        assert_eq!(code, 0, "{out}{err}");
        let written = files(&d);
        assert!(written.iter().any(|(n, _)| n.starts_with("UPSIKYU_")));
        let errors = check_errors(&d);
        assert!(errors.is_empty(), "{month}: {errors:#?}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
