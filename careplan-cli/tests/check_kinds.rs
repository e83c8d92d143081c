//! `careplan check` over every kind's fixtures: it reads every kind and its JSON report names each.
//! (The fixtures of all kinds share one sequence number, so together they are not a valid
//! transmission unit: the unit problems are reported, and are checked in careplan-cli/tests/check.rs.)

#[path = "../../tests/fixtures/mod.rs"]
mod fixtures;

mod common;

use careplan::model::FileKind;

use common::careplan;

fn run(args: &[String]) -> (i32, String) {
    let (code, out, _) = careplan(&[&["check".to_string()], args].concat(), b"");
    (code, out)
}

#[test]
fn every_kind_is_read_and_named_in_the_json_report() {
    let dir = common::dir("every-kind");
    let kinds: Vec<FileKind> = FileKind::ALL
        .iter()
        .copied()
        .filter(|k| k.is_csv())
        .collect();
    for kind in &kinds {
        std::fs::write(
            dir.join(fixtures::name(*kind)),
            fixtures::encode(&fixtures::valid(*kind)),
        )
        .unwrap();
    }
    let (code, out) = run(&[
        "--json".into(),
        "--strict".into(),
        dir.display().to_string(),
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files = report["files"].as_array().unwrap();
    for kind in &kinds {
        let f = files
            .iter()
            .find(|f| f["kind"] == kind.prefix())
            .unwrap_or_else(|| panic!("{} missing from {out}", kind.prefix()));
        assert_eq!(f["kind_name"], kind.name_ja());
        assert_eq!(f["records"], fixtures::valid(*kind).len());
        let problems = f["problems"].as_array().unwrap();
        assert!(
            problems.iter().all(|p| p["severity"] == "warning"),
            "{}: {problems:?}",
            kind.prefix()
        );
    }
    let units = report["units"].as_array().unwrap();
    assert!(!units.is_empty(), "the files are grouped into units");
    assert_eq!(
        code, 1,
        "one sequence number for every kind is not a valid unit"
    );

    let broken = fixtures::all_broken()
        .into_iter()
        .find(|b| b.kind == FileKind::YoboPlan)
        .unwrap();
    std::fs::write(
        dir.join(fixtures::name(FileKind::YoboPlan)),
        fixtures::encode(&broken.lines),
    )
    .unwrap();
    let (code, out) = run(&["--lang".into(), "ja".into(), dir.display().to_string()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("UPYOBO_") && out.contains("認定有効期間開始日"),
        "{out}"
    );
}
