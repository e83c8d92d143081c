//! The JSON bridge (`careplan convert`): to-json then to-csv reproduces valid files byte for
//! byte, names what JSON cannot carry, and refuses characters MS932 cannot hold.

/// A valid file of each kind: the library's samples (`careplan::bundle::sample`).
mod fixtures {
    pub use careplan::bundle::sample::name;
    use careplan::model::FileKind;

    /// The records of the sample of `kind`, as text in the standard's form.
    pub fn valid(kind: FileKind) -> Vec<String> {
        careplan::bundle::sample::records(kind)
    }

    /// MS932 bytes of `lines` (CRLF added).
    pub fn encode(lines: &[String]) -> Vec<u8> {
        let text: String = lines.iter().map(|l| format!("{l}\r\n")).collect();
        let none = careplan::csv::ms932::Substitutions::none();
        careplan::csv::ms932::encode_to_vec(&text, &none).unwrap().0
    }
}

mod common;

use std::io::Read;

use careplan::model::FileKind;

use common::{careplan, dir};

fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    careplan(&[&["convert"], args].concat(), stdin)
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

/// The entries of a ZIP, by name.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut r = careplan::bundle::ArchiveReader::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    let list = r.list().to_vec();
    let mut out: Vec<(String, Vec<u8>)> = list
        .iter()
        .enumerate()
        .map(|(i, e)| (e.file_name.clone(), r.read_entry(i).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn a_zip_is_one_stream_each_line_naming_its_file_and_comes_back_whole() {
    let d = dir("zip");
    let month = d.join("month.zip");
    let args = [
        "careplan",
        "generate",
        "--users",
        "2",
        "--month",
        "202504",
        "--kinds",
        "ticket,result",
        month.to_str().unwrap(),
    ];
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(
        careplan_cli::run(args, &mut &b""[..], &mut out, &mut err),
        0
    );
    let original = entries(&std::fs::read(&month).unwrap());

    let (code, json, err) = run(&["to-json", month.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    let mut named: Vec<String> = Vec::new();
    for line in json.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = v["file"].as_str().unwrap().to_string();
        assert!(v["record"].is_object(), "{line}");
        if !named.contains(&file) {
            named.push(file);
        }
    }
    named.sort();
    let names: Vec<String> = original.iter().map(|(n, _)| n.clone()).collect();
    assert_eq!(
        named, names,
        "every file's records, each line naming its file"
    );
    // The record's keys keep the items' order (No.1 CSVバージョン first).
    assert!(json
        .lines()
        .next()
        .unwrap()
        .contains(",\"record\":{\"version\":"));

    // Back: one ZIP with the same files, byte for byte; the same from standard input.
    let back = d.join("back.zip");
    let (code, _, err) = run(
        &["to-csv", "--out", back.to_str().unwrap()],
        json.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(entries(&std::fs::read(&back).unwrap()), original);
    let zip = std::fs::read(&month).unwrap();
    let (code, from_stdin, _) = run(&["to-json", "-"], &zip);
    assert_eq!(code, 0);
    assert_eq!(
        from_stdin.replace("-/", ""),
        json.replace(&format!("{}/", month.display()), "")
    );

    // Or a folder of files (one that is there).
    let folder = d.join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    let (code, _, err) = run(
        &["to-csv", "--out", folder.to_str().unwrap()],
        json.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    for (name, bytes) in &original {
        assert_eq!(&std::fs::read(folder.join(name)).unwrap(), bytes, "{name}");
    }
}

#[test]
fn one_file_through_standard_input_and_output() {
    let d = dir("stdio");
    let kind = FileKind::UsagePlan;
    let name = fixtures::name(kind);
    let bytes = fixtures::encode(&fixtures::valid(kind));
    std::fs::write(d.join(&name), &bytes).unwrap();
    let (code, json, _) = run(&["to-json", d.join(&name).to_str().unwrap()], b"");
    assert_eq!(code, 0);
    let args = [
        "careplan", "convert", "to-csv", "--name", &name, "--out", "-",
    ];
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = careplan_cli::run(args, &mut json.as_bytes(), &mut out, &mut err);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    assert_eq!(out, bytes, "the file's bytes on standard output");
}

#[test]
fn a_line_without_its_file_is_refused_when_no_name_is_given() {
    let d = dir("no-name");
    let (code, _, err) = run(
        &["to-csv", "--out", d.join("x.zip").to_str().unwrap()],
        b"{\"version\": \"202407\"}\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("line 1: "), "{err}");
    assert!(!d.join("x.zip").exists());
}

#[test]
fn to_csv_writes_only_inside_its_folder_whatever_the_lines_name() {
    let d = dir("inside");
    let name = fixtures::name(FileKind::UsagePlanDelete);
    let file = d.join(&name);
    std::fs::write(
        &file,
        fixtures::encode(&fixtures::valid(FileKind::UsagePlanDelete)),
    )
    .unwrap();
    let (code, json, err) = run(&["to-json", file.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
    let record = json.lines().next().unwrap();
    let out = d.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let outside = d.join("elsewhere").join(&name);
    for named in [
        format!("../{name}"),
        outside.to_str().unwrap().to_string(),
        format!("sub/../../{name}"),
    ] {
        let line = format!(
            "{{\"file\":{},\"record\":{record}}}\n",
            serde_json::json!(named)
        );
        let (code, _, err) = run(
            &["to-csv", "--lang", "en", "--out", out.to_str().unwrap()],
            line.as_bytes(),
        );
        assert_eq!(code, 2, "{named}: {err}");
        assert!(err.contains("must stay inside"), "{named}: {err}");
    }
    let written = std::fs::read_dir(&out).unwrap().count();
    assert!(
        !outside.exists() && written == 0,
        "nothing written anywhere"
    );
    // A folder inside the output folder is fine.
    let line = format!("{{\"file\":\"sub/{name}\",\"record\":{record}}}\n");
    let (code, _, err) = run(&["to-csv", "--out", out.to_str().unwrap()], line.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(out.join("sub").join(&name).is_file());
}

/// An output whose reader has gone (`| head`): every write fails as a closed pipe does.
struct Closed;

impl std::io::Write for Closed {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn to_json_into_a_closed_pipe_stops_quietly_and_streams_standard_input() {
    let bytes = fixtures::encode(&fixtures::valid(FileKind::UsagePlanDelete));
    let mut err = Vec::new();
    let args = ["careplan", "convert", "to-json", "-"];
    let status = careplan_cli::run(args, &mut &bytes[..], &mut Closed, &mut err);
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&err));
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
    // A line past the record limit on standard input: refused having read about the limit
    // (it was read whole first).
    let mut line = std::io::repeat(b'a').take(1 << 30);
    let mut input = std::io::BufReader::new(&mut line);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let status = careplan_cli::run(args, &mut input, &mut out, &mut err);
    assert_eq!(status, 2, "{}", String::from_utf8_lossy(&err));
    let left = line.limit();
    assert!(
        (1 << 30) - left < 20 << 20,
        "read {} bytes",
        (1 << 30) - left
    );
}
