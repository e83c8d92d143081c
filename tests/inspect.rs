//! The `inspect` example's contract: what it prints, its JSON, `--rewrite`, exit statuses.

#[path = "../examples/inspect.rs"]
mod inspect;

use std::path::PathBuf;

use careplan::csv::ms932::{encode_to_vec, Substitutions};

const NAME: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

fn dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("careplan-inspect-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn table6_line(date: &str, code: &str) -> String {
    format!(
        "202407,131001,0000012345,20250320,202504,1310000001,\"山田 花子\",250,,{date},,1000,1100,1,{code},,,\"\",,1310000002,\"訪問介護「和」, 本店\",,0,1310000001,\r\n"
    )
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> Vec<u8> {
    let bytes = encode_to_vec(text, &Substitutions::none()).unwrap().0;
    std::fs::write(dir.join(name), &bytes).unwrap();
    bytes
}

fn run(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = inspect::run(&args, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn a_valid_folder_exits_zero_and_prints_its_summary() {
    let d = dir("valid");
    write(
        &d,
        NAME,
        &(table6_line("20250401", "111111") + &table6_line("20250402", "111111")),
    );
    let (code, out, _) = run(&[d.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(NAME));
    assert!(
        out.contains("kind: UPPLAN 第6表（サービス利用票）予定  version: 202407  month: 202504")
    );
    assert!(out.contains("sender: 1310000001_43  receiver: 1310000002_11"));
    assert!(out.contains("records: 2  users: 1  errors: 0  warnings: 0"));
}

#[test]
fn problems_are_printed_as_file_line_item_message_in_both_languages() {
    let d = dir("broken");
    write(
        &d,
        NAME,
        &(table6_line("20250401", "111111") + &table6_line("20250230", "111111")),
    );
    let path = d.join(NAME);
    let shown = path.display().to_string();
    let (code, out, _) = run(&["--lang", "ja", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "{shown}:2: No.10 サービス利用日: 20250230 は存在しない日付です"
        )),
        "{out}"
    );
    let (_, out, _) = run(&[path.to_str().unwrap()]);
    assert!(
        out.contains(&format!(
            "{shown}:2: No.10 サービス利用日: 20250230 is not a date in the calendar"
        )),
        "{out}"
    );
}

#[test]
fn json_report_has_the_documented_fields() {
    let d = dir("json");
    write(&d, NAME, &(table6_line("20250230", "111111")));
    let (code, out, _) = run(&["--json", "--strict", d.to_str().unwrap()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let f = &v["files"][0];
    for key in [
        "name", "kind", "version", "month", "records", "users", "problems",
    ] {
        assert!(!f[key].is_null(), "{key} missing in {f}");
    }
    assert_eq!(f["kind"], "UPPLAN");
    let p = &f["problems"][0];
    assert_eq!(p["severity"], "error");
    assert_eq!(p["code"], "invalid_date");
    assert_eq!(p["line"], 1);
    assert_eq!(p["record"], 1);
    assert_eq!(p["item"], 10);
    assert_eq!(p["item_name"], "サービス利用日");
    assert_eq!(p["expected"], "YYYYMMDD");
    assert_eq!(p["found"], "20250230");
    assert_eq!(
        p["message_ja"],
        "1行目 第6表 No.10 サービス利用日: 20250230 は存在しない日付です"
    );
    assert!(p["message_en"]
        .as_str()
        .unwrap()
        .contains("is not a date in the calendar"));
}

#[test]
fn rewrite_reproduces_a_valid_file_byte_for_byte_and_standardises_a_sloppy_one() {
    let d = dir("rewrite");
    let out_dir = d.join("out");
    let original = write(&d, NAME, &(table6_line("20250401", "111111")));
    let (code, _, err) = run(&[
        "--rewrite",
        out_dir.to_str().unwrap(),
        d.join(NAME).to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(out_dir.join(NAME)).unwrap(), original);

    let sloppy = table6_line("20250401", "111111")
        .replace("\r\n", "\n")
        .replace("\"山田 花子\"", "山田 花子");
    write(&d, NAME, &sloppy);
    let (code, out, _) = run(&[
        "--rewrite",
        out_dir.to_str().unwrap(),
        d.join(NAME).to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "lenient: warnings only\n{out}");
    assert!(out.contains("(warning)"));
    assert_eq!(std::fs::read(out_dir.join(NAME)).unwrap(), original);
}

#[test]
fn exit_two_when_an_input_cannot_be_read() {
    let (code, _, err) = run(&["/nonexistent/careplan/UPPLAN.CSV"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/careplan/UPPLAN.CSV"));
    let (code, _, err) = run(&["--lang"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage"));
}

#[test]
fn zip_archives_are_read() {
    let d = dir("zip");
    let bytes = encode_to_vec(&table6_line("20250401", "111111"), &Substitutions::none())
        .unwrap()
        .0;
    let mut w = careplan::bundle::ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
    w.add(&format!("export/{NAME}"), &bytes).unwrap();
    let zip = w.finish().unwrap().into_inner();
    std::fs::write(d.join("month.zip"), zip).unwrap();
    let (code, out, _) = run(&[d.join("month.zip").to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("month.zip/export/{NAME}")));
    assert!(out.contains("records: 1"));
}
