//! The JSON bridge (`careplan convert`): to-json then to-csv reproduces valid files byte for
//! byte, names what JSON cannot carry, and refuses characters MS932 cannot hold.

#[path = "../../tests/fixtures/mod.rs"]
mod fixtures;

use std::path::PathBuf;

use careplan::FileKind;

fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("careplan-convert-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let args = ["careplan", "convert"].iter().chain(args);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = careplan_cli::run(args, &mut &stdin[..], &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn to_json_then_to_csv_reproduces_every_valid_fixture() {
    let d = dir("roundtrip");
    let out_dir = d.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    for kind in FileKind::ALL
        .iter()
        .copied()
        .filter(|k| !fixtures::valid(*k).is_empty())
    {
        let name = fixtures::name(kind);
        let bytes = fixtures::encode(&fixtures::valid(kind));
        std::fs::write(d.join(&name), &bytes).unwrap();
        let (code, json, err) = run(
            &["to-json", "--strict", d.join(&name).to_str().unwrap()],
            b"",
        );
        assert_eq!(code, 0, "{kind:?}: {err}");
        assert!(err.is_empty(), "{kind:?}: {err}");
        assert_eq!(json.lines().count(), fixtures::valid(kind).len());
        assert!(!json.contains("\"raw\""), "{kind:?}: every record typed");
        let (code, _, err) = run(
            &[
                "to-csv",
                "--name",
                &name,
                "--out",
                out_dir.to_str().unwrap(),
            ],
            json.as_bytes(),
        );
        assert_eq!(code, 0, "{kind:?}: {err}");
        assert_eq!(
            std::fs::read(out_dir.join(&name)).unwrap(),
            bytes,
            "{kind:?}"
        );
    }
}

#[test]
fn json_field_names_are_english_and_listed_with_item_names() {
    let (code, out, _) = run(&["fields", "UPPLAN"], b"");
    assert_eq!(code, 0);
    assert!(
        out.lines().any(|l| l.starts_with("No.10 ")
            && l.contains("service_date")
            && l.contains("サービス利用日")),
        "{out}"
    );
    let d = dir("fields");
    let name = fixtures::name(FileKind::UsagePlan);
    std::fs::write(
        d.join(&name),
        fixtures::encode(&fixtures::valid(FileKind::UsagePlan)),
    )
    .unwrap();
    let (_, json, _) = run(&["to-json", d.join(&name).to_str().unwrap()], b"");
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!(first["service_date"], "20250401");
    assert_eq!(first["care_manager"], "山田 花子");
    assert_eq!(first["prorated_days"], serde_json::Value::Null);
}

#[test]
fn duplicate_ms932_pairs_are_named_and_come_back_in_their_windows_form() {
    let d = dir("twins");
    let name = fixtures::name(FileKind::UsagePlan);
    let line = fixtures::valid(FileKind::UsagePlan)[0].clone();
    let mut bytes = fixtures::encode(&[line]);
    // 山 (0x8E52) in No.7 becomes 纊 in its NEC-selected IBM form 0xED40.
    let at = bytes.windows(2).position(|w| w == [0x8E, 0x52]).unwrap();
    bytes[at..at + 2].copy_from_slice(&[0xED, 0x40]);
    std::fs::write(d.join(&name), &bytes).unwrap();
    let (code, json, err) = run(&["to-json", d.join(&name).to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(":1: No.7: 纊田 花子 holds MS932 bytes with a twin"),
        "{err}"
    );
    let (code, _, _) = run(
        &[
            "to-csv",
            "--name",
            &name,
            "--out",
            d.join("o").to_str().unwrap(),
        ],
        json.as_bytes(),
    );
    assert_eq!(code, 2, "the output folder does not exist");
    std::fs::create_dir_all(d.join("o")).unwrap();
    let (code, _, _) = run(
        &[
            "to-csv",
            "--name",
            &name,
            "--out",
            d.join("o").to_str().unwrap(),
        ],
        json.as_bytes(),
    );
    assert_eq!(code, 0);
    let back = std::fs::read(d.join("o").join(&name)).unwrap();
    let mut expected = bytes.clone();
    expected[at..at + 2].copy_from_slice(&[0xFA, 0x5C]);
    assert_eq!(back, expected);
}

#[test]
fn unmappable_characters_are_refused_and_variants_reported() {
    let d = dir("unmappable");
    let name = fixtures::name(FileKind::UsagePlan);
    std::fs::write(
        d.join(&name),
        fixtures::encode(&fixtures::valid(FileKind::UsagePlan)[..1]),
    )
    .unwrap();
    let (_, json, _) = run(&["to-json", d.join(&name).to_str().unwrap()], b"");
    let emoji = json.replace("山田 花子", "山田 😀");
    let (code, _, err) = run(
        &["to-csv", "--name", &name, "--out", d.to_str().unwrap()],
        emoji.as_bytes(),
    );
    assert_eq!(code, 1);
    assert!(err.contains("cannot be written in MS932"), "{err}");
    assert!(err.contains("not written"));
    let wave = json.replace("山田 花子", "山田 〜 花子");
    std::fs::remove_file(d.join(&name)).unwrap();
    let (code, _, err) = run(
        &["to-csv", "--name", &name, "--out", d.to_str().unwrap()],
        wave.as_bytes(),
    );
    assert_eq!(code, 0);
    assert!(err.contains("〜 (U+301C)"), "{err}");
    assert!(d.join(&name).exists());
}

#[test]
fn bad_input_is_an_error_with_its_line() {
    let name = fixtures::name(FileKind::UsagePlan);
    let d = dir("bad");
    let (code, _, err) = run(
        &["to-csv", "--name", &name, "--out", d.to_str().unwrap()],
        b"{\"version\":\"202407\"}\nnot json\n",
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("line 1:") && err.contains("line 2: not JSON"),
        "{err}"
    );
    let (code, _, _) = run(&["to-json", "/nonexistent/UPPLAN.CSV"], b"");
    assert_eq!(code, 2);
}
