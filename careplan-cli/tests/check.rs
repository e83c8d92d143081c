//! `careplan check` (once the `inspect` example): what it prints, its JSON, `--rewrite`,
//! exit statuses, and the transmission units it groups the files into.

mod common;

use careplan::csv::ms932::{encode_to_vec, Substitutions};

use common::{careplan, dir};

const NAME: &str = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";

fn table6_line(date: &str, code: &str) -> String {
    format!(
        "202407,131001,0000012345,20250320,202504,1310000001,\"山田 花子\",250,,{date},,1000,1100,1,{code},,,\"\",,1310000002,\"訪問介護「和」, 本店\",,0,1310000001,\r\n"
    )
}

const SIKYU: &str = "UPSIKYU_202504_1310000001_43_1310000002_11_20250401093000.CSV";
const HOSOKU: &str = "UPHOSOKU_202504_1310000001_43_1310000002_11_20250401093000.CSV";

/// A 第7表 row of user `insured` (layouts/UPSIKYU.tsv): a service of 1310000002, or the
/// grand total.
fn table7_line(insured: &str, total: bool, count: u32) -> String {
    let units = (250 * count).to_string();
    let count = count.to_string();
    let (office, code, unit) = if total {
        ("9999999999", "999999", "0")
    } else {
        ("1310000002", "111111", "250")
    };
    let mut items = vec![
        "202407",
        "131001",
        insured,
        "20250320",
        "202504",
        "\"訪問介護A\"",
        office,
        "",
        code,
        "",
        "",
        "\"\"",
        unit,
        "",
        "",
        &count,
        &units,
        &units,
    ];
    items.extend([""; 14]);
    items.extend(["0", "9999999999", "", "1310000001", ""]);
    items.join(",") + "\r\n"
}

/// A 利用者補足情報 record of user `insured` sent with the 第6表 of 202504.
fn hosoku_line(insured: &str) -> String {
    let mut items = vec![
        "202407",
        "131001",
        insured,
        "00000000",
        "\"ﾔﾏﾀﾞ ﾊﾅｺ\"",
        "\"山田 花子\"",
        "2",
        "19400101",
        "",
        "\"\"",
        "\"\"",
    ];
    items.extend([""; 51]);
    items.push("202504");
    items.join(",") + "\r\n"
}

/// The 第7表 and 補足 that complete a unit of user 0000012345's two services.
fn companions() -> Vec<(&'static str, String)> {
    vec![
        (
            SIKYU,
            table7_line("0000012345", false, 2) + &table7_line("0000012345", true, 2),
        ),
        (HOSOKU, hosoku_line("0000012345")),
    ]
}

fn write_companions(dir: &std::path::Path) {
    for (name, text) in companions() {
        write(dir, name, &text);
    }
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> Vec<u8> {
    let bytes = encode_to_vec(text, &Substitutions::none()).unwrap().0;
    std::fs::write(dir.join(name), &bytes).unwrap();
    bytes
}

/// Runs `careplan check ARGS` (in English unless `--lang` is given).
fn run(args: &[&str]) -> (i32, String, String) {
    run_with_stdin(args, b"")
}

/// Runs `careplan check ARGS` with `stdin` as standard input.
fn run_with_stdin(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut all = vec!["check"];
    if !args.contains(&"--lang") {
        all.extend(["--lang", "en"]);
    }
    all.extend(args);
    careplan(&all, stdin)
}

#[test]
fn a_valid_folder_exits_zero_and_prints_its_summary() {
    let d = dir("valid");
    write(
        &d,
        NAME,
        &(table6_line("20250401", "111111") + &table6_line("20250402", "111111")),
    );
    write_companions(&d);
    let (code, out, _) = run(&[d.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(
        "unit 20250401093000 1310000001_43 → 1310000002_11  第6表・第7表・利用者補足情報  month: 202504"
    ));
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
    assert_eq!(v["schema"], 1, "the report's form is versioned");
    for key in ["units", "notes", "archive_notes", "skipped", "unreadable"] {
        assert!(v[key].is_array(), "{key} missing in the report");
    }
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
fn json_fields_come_in_the_order_of_their_names() {
    // The report's text is stable: each object's fields sorted by name, as in every
    // report so far, so that reports can be compared line by line.
    let d = dir("json-order");
    write(&d, NAME, &(table6_line("20250230", "111111")));
    let (_, out, _) = run(&["--json", d.to_str().unwrap()]);
    let keys_at = |indent: usize| -> Vec<String> {
        let prefix = format!("{}\"", " ".repeat(indent));
        out.lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter_map(|l| l.split_once('"').map(|(k, _)| k.to_string()))
            .collect()
    };
    // Each object's keys, from one of `firsts` to the next, are sorted.
    let sorted_runs = |keys: &[String], firsts: &[&str]| {
        let mut objects = 0;
        let mut run: Vec<&String> = Vec::new();
        let end = firsts[0].to_string();
        for k in keys.iter().chain(std::iter::once(&end)) {
            if firsts.contains(&k.as_str()) && !run.is_empty() {
                assert!(run.windows(2).all(|w| w[0] < w[1]), "{run:?}");
                objects += 1;
                run.clear();
            }
            run.push(k);
        }
        assert!(objects >= firsts.len(), "{keys:?}");
    };
    let top = keys_at(2);
    assert_eq!(
        top,
        [
            "archive_notes",
            "files",
            "notes",
            "schema",
            "skipped",
            "units",
            "unreadable"
        ]
    );
    // A file's fields and a unit's, then a problem's.
    sorted_runs(&keys_at(6), &["errors", "files"]);
    let problem = keys_at(10);
    assert_eq!(problem.first().map(String::as_str), Some("code"));
    sorted_runs(&problem, &["code"]);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn rewrite_reproduces_a_valid_file_byte_for_byte_and_standardises_a_sloppy_one() {
    let d = dir("rewrite");
    let out_dir = dir("rewrite-out");
    let original = write(
        &d,
        NAME,
        &(table6_line("20250401", "111111") + &table6_line("20250402", "111111")),
    );
    write_companions(&d);
    let (code, _, err) = run(&["--rewrite", out_dir.to_str().unwrap(), d.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(out_dir.join(NAME)).unwrap(), original);

    let sloppy = (table6_line("20250401", "111111") + &table6_line("20250402", "111111"))
        .replace("\r\n", "\n")
        .replace("\"山田 花子\"", "山田 花子");
    write(&d, NAME, &sloppy);
    let (code, out, _) = run(&["--rewrite", out_dir.to_str().unwrap(), d.to_str().unwrap()]);
    assert_eq!(code, 0, "lenient: warnings only\n{out}");
    assert!(out.contains("(warning)"));
    assert_eq!(std::fs::read(out_dir.join(NAME)).unwrap(), original);
}

#[test]
fn rewrite_never_writes_over_the_file_read_nor_over_a_file_it_wrote() {
    let d = dir("rewrite-self");
    let sloppy = (table6_line("20250401", "111111") + &table6_line("20250402", "111111"))
        .replace("\r\n", "\n");
    let original = write(&d, NAME, &sloppy);
    write_companions(&d);
    // Into the folder read: every file would be written over itself.
    let (code, out, _) = run(&["--rewrite", d.to_str().unwrap(), d.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("would be written over itself"), "{out}");
    assert_eq!(std::fs::read(d.join(NAME)).unwrap(), original, "unchanged");

    // Two inputs of one name: the first is written, the second is not written over it.
    let (a, b, out_dir) = (dir("rewrite-a"), dir("rewrite-b"), dir("rewrite-ab-out"));
    let first = write(&a, NAME, &table6_line("20250401", "111111"));
    write(&b, NAME, &table6_line("20250402", "111111"));
    let paths = [a.join(NAME), b.join(NAME)];
    let (code, out, _) = run(&[
        "--rewrite",
        out_dir.to_str().unwrap(),
        paths[0].to_str().unwrap(),
        paths[1].to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("a file of the same name was already written"),
        "{out}"
    );
    assert_eq!(std::fs::read(out_dir.join(NAME)).unwrap(), first);
}

/// A file larger than `PARALLEL_REWRITE_BYTES` is rewritten on every core: the file
/// written is the one-thread rewrite's, byte for byte, and the writer's problems (a record
/// of another CSVバージョン, quoted as its own layout) name the file as the report shows it.
#[test]
fn a_large_file_is_rewritten_on_every_core_as_on_one() {
    let d = dir("rewrite-large");
    let out_dir = dir("rewrite-large-out");
    let lines: String = (0..careplan::csv::PARALLEL_REWRITE_BYTES / 150 + 1)
        .map(|i| {
            let line = table6_line(&format!("202504{:02}", 1 + i % 28), "111111");
            match i % 1000 {
                700 => line.replacen("202407", "202208", 1),
                _ => line,
            }
            .replace("\r\n", "\n")
        })
        .collect();
    let original = write(&d, NAME, &lines);
    assert!(original.len() as u64 >= careplan::csv::PARALLEL_REWRITE_BYTES);
    write_companions(&d);
    let (_, out, err) = run(&[
        "--json",
        "--rewrite",
        out_dir.to_str().unwrap(),
        d.to_str().unwrap(),
    ]);
    let one = careplan::csv::rewrite(
        careplan::csv::FileReaderBuilder::new().from_reader(&original[..], NAME),
        Vec::new(),
    )
    .unwrap();
    let written = std::fs::read(out_dir.join(NAME)).unwrap();
    assert!(
        written == one.output,
        "the one-thread rewrite's bytes\n{err}"
    );
    assert!(written.len() > original.len(), "CRLF for LF");
    let shown = d.join(NAME).display().to_string();
    // The problems of the mixed versions in the report: the reader's, then with the
    // writer's.
    let mixed = |out: &str| -> Vec<serde_json::Value> {
        let report: serde_json::Value = serde_json::from_str(out).unwrap();
        let file = report["files"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["name"] == shown.as_str()))
            .cloned()
            .unwrap_or_else(|| panic!("{shown} in {out}"));
        let problems = file["problems"].as_array().cloned().unwrap_or_default();
        problems
            .into_iter()
            .filter(|p| p["code"] == "mixed_versions")
            .collect()
    };
    let (_, read_only, _) = run(&["--json", d.to_str().unwrap()]);
    let written = one
        .problems
        .iter()
        .filter(|p| p.kind == careplan::model::ProblemKind::MixedVersions)
        .count();
    assert!(written > 0);
    let with_rewrite = mixed(&out);
    assert_eq!(with_rewrite.len(), mixed(&read_only).len() + written);
    for p in with_rewrite {
        assert_eq!(p["file"], shown.as_str(), "{p}");
    }
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::remove_dir_all(&out_dir);
}

#[test]
fn exit_two_when_an_input_cannot_be_read() {
    let (code, _, err) = run(&["/nonexistent/careplan/UPPLAN.CSV"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/careplan/UPPLAN.CSV"));
    let (code, _, err) = run(&["--lang"]);
    assert_eq!(code, 2);
    assert!(err.contains("--lang") && err.contains("ja, en"), "{err}");
}

#[test]
fn zip_archives_are_read() {
    let d = dir("zip");
    let bytes = encode_to_vec(&table6_line("20250401", "111111"), &Substitutions::none())
        .unwrap()
        .0;
    let mut w = careplan::bundle::ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
    w.add(&format!("export/{NAME}"), &bytes).unwrap();
    for (name, text) in companions() {
        let bytes = encode_to_vec(&text, &Substitutions::none()).unwrap().0;
        w.add(&format!("export/{name}"), &bytes).unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    std::fs::write(d.join("month.zip"), zip).unwrap();
    let (code, out, _) = run(&[d.join("month.zip").to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("month.zip/export/{NAME}")));
    assert!(out.contains("records: 1"));
    // Named otherwise, an archive given by its path is still read as one (by its first
    // bytes), and rewritten entry by entry.
    std::fs::rename(d.join("month.zip"), d.join("month.bin")).unwrap();
    let out_dir = dir("zip-rewritten");
    let given = d.join("month.bin");
    let (code, out, _) = run(&[
        "--rewrite",
        out_dir.to_str().unwrap(),
        given.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("month.bin/export/{NAME}")), "{out}");
    assert_eq!(std::fs::read(out_dir.join(NAME)).unwrap(), bytes);
}

#[test]
fn a_file_alone_is_an_incomplete_unit() {
    let d = dir("alone");
    write(&d, NAME, &table6_line("20250401", "111111"));
    let path = d.join(NAME);
    let shown = path.display().to_string();
    let (code, out, _) = run(&["--lang", "ja", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("エラー: 0  警告: 0"),
        "the file itself is sound"
    );
    assert!(out.contains("送信単位 20250401093000 1310000001_43 → 1310000002_11"));
    assert!(out.contains(&format!(
        "{shown}: 送信単位に 第7表（サービス利用票別表） (UPSIKYU_202504) がありません"
    )));
}

#[test]
fn json_units_carry_their_parties_files_and_cross_file_problems() {
    let d = dir("units");
    write(
        &d,
        NAME,
        &(table6_line("20250401", "111111") + &table6_line("20250402", "111111")),
    );
    // The 第7表 also holds a user the 第6表 lacks.
    let sikyu = table7_line("0000012345", false, 2)
        + &table7_line("0000012345", true, 2)
        + &table7_line("0000099999", false, 1)
        + &table7_line("0000099999", true, 1);
    write(&d, SIKYU, &sikyu);
    write(&d, HOSOKU, &hosoku_line("0000012345"));
    std::fs::write(d.join("readme.txt"), b"notes").unwrap();
    let (code, out, _) = run(&["--json", d.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["errors"] == 0));
    let units = v["units"].as_array().unwrap();
    assert_eq!(units.len(), 1);
    let u = &units[0];
    assert_eq!(u["sequence"], "20250401093000");
    assert_eq!(u["sender"], "1310000001_43");
    assert_eq!(u["receiver"], "1310000002_11");
    assert_eq!(u["kind"], "service_ticket");
    assert_eq!(u["month"], "202504");
    assert_eq!(u["files"].as_array().unwrap().len(), 3);
    let problems = u["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!(p["code"], "missing_parent");
    assert_eq!(p["severity"], "error");
    assert_eq!(p["line"], 3);
    assert!(p["file"].as_str().unwrap().ends_with(SIKYU));
    assert!(p["related"]["file"].as_str().unwrap().ends_with(NAME));
    assert!(p["message_ja"]
        .as_str()
        .unwrap()
        .contains("131001/0000099999/202504 に対応する 第6表（サービス利用票）予定 がありません"));
    // The folder's readme.txt is not read, and not reported.
    assert!(v["notes"].as_array().unwrap().is_empty());
}

#[test]
fn results_without_a_plan_are_reported_across_units() {
    let d = dir("across");
    write(&d, NAME, &table6_line("20250401", "111111"));
    write(
        &d,
        SIKYU,
        &(table7_line("0000012345", false, 1) + &table7_line("0000012345", true, 1)),
    );
    write(&d, HOSOKU, &hosoku_line("0000012345"));
    let result = "UPJSK_202504_1310000002_11_1310000001_43_20250501090000.CSV";
    write(
        &d,
        result,
        // 実績: No.24 更新業者コード is the provider (TABLE6 No.24).
        &(table6_line("20250401", "111111")
            + &table6_line("20250402", "111111").replace("0000012345", "0000099999"))
            .replace(",0,1310000001,", ",0,1310000002,"),
    );
    let (code, out, _) = run(&[d.to_str().unwrap()]);
    assert_eq!(code, 0, "a warning only\n{out}");
    let shown = d.join(result).display().to_string();
    assert!(
        out.contains("unit 20250501090000 1310000002_11 → 1310000001_43  第6表実績"),
        "{out}"
    );
    assert!(
        // The key once; the plan's file is the related place.
        out.contains(&format!(
            "{shown}:2: 131001/0000099999/202504 has no matching 第6表（サービス利用票）予定 (see "
        )),
        "{out}"
    );
}

#[test]
fn zip_entries_left_aside_are_noted() {
    let d = dir("notes");
    let mut w = careplan::bundle::ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
    let bytes = encode_to_vec(&table6_line("20250401", "111111"), &Substitutions::none())
        .unwrap()
        .0;
    w.add(&format!("export/{NAME}"), &bytes).unwrap();
    w.add("export/送付状.pdf", b"%PDF").unwrap();
    std::fs::write(d.join("m.zip"), w.finish().unwrap().into_inner()).unwrap();
    let (_, out, _) = run(&["--json", d.join("m.zip").to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["code"], "ignored_entry");
    assert_eq!(notes[0]["severity"], "warning");
    assert_eq!(notes[0]["found"], "export/送付状.pdf");
}

#[test]
fn standard_input_is_read_as_a_file_or_a_zip() {
    let bytes = encode_to_vec(&table6_line("20250230", "111111"), &Substitutions::none())
        .unwrap()
        .0;
    let (code, out, err) = run_with_stdin(&["--json", "--stdin-name", NAME, "-"], &bytes);
    assert_eq!(code, 1, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"][0]["name"], NAME);
    assert_eq!(v["files"][0]["kind"], "UPPLAN");
    assert_eq!(v["files"][0]["records"], 1);
    assert_eq!(v["files"][0]["problems"][0]["code"], "invalid_date");

    // A ZIP on standard input: its entries are read, shown under `-`.
    let mut zip = careplan::bundle::ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
    zip.add(NAME, &bytes).unwrap();
    let zip = zip.finish().unwrap().into_inner();
    let (code, out, _) = run_with_stdin(&["--json", "-"], &zip);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"][0]["name"], format!("-/{NAME}"));

    // Without a name, standard input has none of the standard: said, not guessed silently.
    let (code, out, _) = run_with_stdin(&["--json", "-"], &bytes);
    assert_eq!(code, 1);
    assert!(out.contains("invalid_file_name"), "{out}");
}

#[test]
fn standard_input_among_paths_is_reported_where_it_is_named() {
    let d = dir("stdin-among");
    let line = table6_line("20250401", "111111");
    let (a, b) = ("a.csv", "b.csv");
    write(&d, a, &line);
    write(&d, b, &line);
    let bytes = encode_to_vec(&line, &Substitutions::none()).unwrap().0;
    let (pa, pb) = (d.join(a), d.join(b));
    let (pa, pb) = (pa.to_str().unwrap(), pb.to_str().unwrap());
    for (args, order) in [
        ([pa, "-", pb], [pa, NAME, pb]),
        (["-", pb, pa], [NAME, pb, pa]),
        ([pa, pb, "-"], [pa, pb, NAME]),
    ] {
        let mut all = vec!["--json", "--stdin-name", NAME];
        all.extend(args);
        let (_, out, err) = run_with_stdin(&all, &bytes);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let names: Vec<&str> = v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, order, "{err}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn an_archive_that_yields_no_file_exits_one() {
    let d = dir("empty-zip");
    let mut zip = careplan::bundle::ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
    zip.add("readme.txt", b"not a file of the standard")
        .unwrap();
    std::fs::write(d.join("upload.zip"), zip.finish().unwrap().into_inner()).unwrap();
    let (code, out, _) = run(&["--json", d.join("upload.zip").to_str().unwrap()]);
    assert_eq!(code, 1, "the empty_archive error counts: {out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["code"].as_str())
        .collect();
    assert!(codes.contains(&"empty_archive"), "{codes:?}");
}

#[test]
fn quiet_prints_the_problems_only() {
    let d = dir("quiet");
    write(&d, NAME, &table6_line("20250230", "111111"));
    let (code, out, _) = run(&["--quiet", d.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!out.contains("records:"), "no summary: {out}");
    assert!(
        !out.lines().any(|l| l.starts_with("unit ")),
        "no unit header: {out}"
    );
    assert!(
        out.contains(":1: No.10 サービス利用日: "),
        "the problem is printed: {out}"
    );
    let (code, out, _) = run(&["--quiet", d.join(NAME).to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.lines().all(|l| l.contains(": ")), "{out}");
}

#[cfg(unix)]
#[test]
fn a_folder_walk_follows_no_folder_link_and_opens_no_fifo() {
    let d = dir("walk");
    let inside = d.join("inside");
    let outside = dir("walk-outside");
    std::fs::create_dir_all(&inside).unwrap();
    write(&outside, NAME, &table6_line("20250230", "111111"));
    std::os::unix::fs::symlink(&outside, inside.join("link")).unwrap();
    std::os::unix::fs::symlink(&d, inside.join("loop")).unwrap();
    let fifo = inside.join("UPPLAN_202504_1310000001_43_1310000002_11_20250401093001.CSV");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let fifo_made = made.is_ok_and(|s| s.success());
    let (code, out, err) = run(&["--json", d.to_str().unwrap()]);
    assert_eq!(code, 1, "nothing read: nothing checked: {out}{err}");
    assert!(err.contains("nothing checked"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 0, "{out}");
    let noted = out.to_string();
    assert!(
        noted.contains(&inside.join("link").display().to_string()),
        "{out}"
    );
    assert!(
        noted.contains(&inside.join("loop").display().to_string()),
        "{out}"
    );
    if fifo_made {
        assert!(noted.contains(&fifo.display().to_string()), "{out}");
    }
    // The same in text, in Japanese.
    let (_, out, _) = run(&["--lang", "ja", d.to_str().unwrap()]);
    assert!(out.contains("シンボリックリンク"), "{out}");
}

#[test]
fn rewrite_reads_archive_entries_and_standard_input_again_and_keeps_a_header_line() {
    let bytes = encode_to_vec(
        &(table6_line("20250401", "111111") + &table6_line("20250402", "111111")),
        &Substitutions::none(),
    )
    .unwrap()
    .0;
    let d = dir("rewrite-sources");
    let mut zip = careplan::bundle::ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
    zip.add(&format!("202504/{NAME}"), &bytes).unwrap();
    std::fs::write(d.join("m.zip"), zip.finish().unwrap().into_inner()).unwrap();
    let from_zip = dir("rewrite-from-zip");
    let (code, _, err) = run(&[
        "--rewrite",
        from_zip.to_str().unwrap(),
        d.join("m.zip").to_str().unwrap(),
    ]);
    assert_ne!(code, 2, "{err}");
    assert_eq!(std::fs::read(from_zip.join(NAME)).unwrap(), bytes);

    // A header line that lenient reading skipped comes back where it was.
    let with_header = [b"version,insurer,insured\r\n".to_vec(), bytes.clone()].concat();
    let from_stdin = dir("rewrite-from-stdin");
    let (code, _, err) = run_with_stdin(
        &[
            "--rewrite",
            from_stdin.to_str().unwrap(),
            "--stdin-name",
            NAME,
            "-",
        ],
        &with_header,
    );
    assert_ne!(code, 2, "{err}");
    assert_eq!(std::fs::read(from_stdin.join(NAME)).unwrap(), with_header);
    let left: Vec<_> = std::fs::read_dir(&from_stdin).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left");
}

#[test]
fn json_problems_carry_inferred_and_count_as_the_model_serialises_them() {
    // Issue 13 §1: an inferred warning is marked as such; §3: an unknown CSVバージョン is
    // said once per file with the number of records it concerns. Both reach `--json`.
    let d = dir("json-inferred-count");
    // TABLE6 No.19 names 17 only: a number on a 67 line is an inferred warning (RULES.md).
    let mut text =
        table6_line("20250401", "671111").replacen(",\"\",,1310000002", ",\"\",1,1310000002", 1);
    // Two records in version 202410, the 4.1 publication month, not a CSVバージョン.
    text += &table6_line("20250402", "111111").replacen("202407,", "202410,", 1);
    text += &table6_line("20250403", "111111").replacen("202407,", "202410,", 1);
    write(&d, NAME, &text);
    let (_, out, _) = run(&["--json", d.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let problems = v["files"][0]["problems"].as_array().unwrap();
    let inferred: Vec<_> = problems.iter().filter(|p| p["inferred"] == true).collect();
    assert!(
        inferred
            .iter()
            .any(|p| p["item"] == 19 && p["severity"] == "warning"),
        "{out}"
    );
    let versions: Vec<_> = problems
        .iter()
        .filter(|p| p["code"] == "unknown_version")
        .collect();
    assert_eq!(versions.len(), 1, "one version message per file: {out}");
    assert_eq!(versions[0]["count"], 2, "{out}");
    // The fields are left out where they say nothing, as `Problem` serialises them.
    for p in problems {
        assert_ne!(p["inferred"], false, "{p}");
        if p["code"] != "unknown_version" {
            assert!(p.get("count").is_none(), "{p}");
        }
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_folder_with_nothing_to_check_is_not_a_success() {
    let d = dir("nothing");
    std::fs::write(d.join("readme.txt"), "not a file of the standard").unwrap();
    let (code, out, err) = run(&[d.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("nothing checked"), "{err}");
    let (code, _, err) = run(&["--lang", "ja", d.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("何も検証していません"), "{err}");
}
