//! The command's JSON Lines fit together: what `convert to-json` and `import` print, the
//! workflow commands read as it is; repeated errors are said once; `export` writes one
//! archive per provider when asked.

mod common;

use std::path::{Path, PathBuf};

use common::{careplan, dir};

fn run(args: &[&str]) -> (i32, String, String) {
    careplan(args, b"")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A generated month of every kind with one service-ticket set (the first provider's: the
/// others hold the same users' rows again), in a folder and as a ZIP.
fn month(d: &Path) -> (PathBuf, PathBuf) {
    let folder = d.join("gen");
    let (code, out, err) = run(&["generate", "--users", "3", "--month", "202504", s(&folder)]);
    assert_eq!(code, 0, "{out}{err}");
    let mut w = careplan::bundle::ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files(&folder) {
        let ticket = ["UPPLAN_", "UPSIKYU_", "UPHOSOKU_202504"]
            .iter()
            .any(|p| name.starts_with(p));
        if ticket && !name.contains("_20250325093000.") {
            std::fs::remove_file(folder.join(&name)).unwrap();
        } else {
            w.add(&name, &bytes).unwrap();
        }
    }
    let zip = d.join("202504.zip");
    std::fs::write(&zip, w.finish().unwrap().into_inner()).unwrap();
    (zip, folder)
}

/// The file of `folder` whose name starts with `prefix_` and, if given, holds `month`.
fn file(folder: &Path, prefix: &str, month: &str) -> PathBuf {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let n = p.file_name().unwrap().to_str().unwrap();
            n.starts_with(&format!("{prefix}_{month}"))
        })
        .unwrap()
}

fn to_json(path: &Path, target: &Path) {
    let (code, json, err) = run(&["convert", "to-json", s(path)]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(target, json).unwrap();
}

fn export(table6: &Path, hosoku: &Path, extra: &[&str], out: &Path) -> (i32, String, String) {
    let mut args = vec![
        "export",
        "--month",
        "202504",
        "--from",
        "1310000001",
        "--table6",
        s(table6),
        "--hosoku",
        s(hosoku),
        "--unit-price",
        "10.00",
        "--sequence",
        "20250425093000",
        "--out",
        s(out),
    ];
    args.extend(extra);
    if !extra.contains(&"--lang") {
        args.extend(["--lang", "en"]);
    }
    run(&args)
}

/// The files of a folder, by name.
fn files(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_str().unwrap().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn export_reads_to_json_of_a_zip_as_it_is() {
    let d = dir("export-from-zip");
    let (zip, folder) = month(&d);
    // The month's 第6表 and 補足, each its own file of bare records.
    let (plan, hosoku) = (d.join("plan.jsonl"), d.join("hosoku.jsonl"));
    to_json(&file(&folder, "UPPLAN", "202504"), &plan);
    to_json(&file(&folder, "UPHOSOKU", "202504"), &hosoku);
    let bare = d.join("bare");
    let (code, _, err) = export(&plan, &hosoku, &[], &bare);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "", "bare records: nothing left out, nothing to say");

    // Every file of the ZIP in one stream, each line naming its file.
    let all = d.join("all.jsonl");
    to_json(&zip, &all);
    let from_zip = d.join("from-zip");
    let (code, _, err) = export(&all, &all, &[], &from_zip);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        files(&bare),
        files(&from_zip),
        "the same sets, byte for byte"
    );
    // The lines of other kinds: one note per option, never silently.
    let notes: Vec<&str> = err.lines().collect();
    assert_eq!(notes.len(), 2, "{err}");
    assert!(notes[0].contains("--table6 takes UPPLAN lines"), "{err}");
    assert!(notes[0].contains("UPJSK "), "{err}");
    assert!(notes[1].contains("--hosoku takes UPHOSOKU lines"), "{err}");
    assert!(
        notes[1].contains("UPHOSOKU_000000 3"),
        "the plan set's 補足 is not the month's: {err}"
    );

    // The lines of one file, filtered with grep as the user did.
    let grepped = d.join("p.jsonl");
    let text = std::fs::read_to_string(&all).unwrap();
    let upplan: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("\"file\":\"UPPLAN"))
        .collect();
    std::fs::write(&grepped, upplan.join("\n")).unwrap();
    let (code, _, err) = export(&grepped, &hosoku, &[], &d.join("grepped"));
    assert_eq!(code, 0, "{err}");
    assert_eq!(files(&bare), files(&d.join("grepped")));

    // In Japanese, the note too.
    let (code, _, err) = export(&all, &all, &["--lang", "ja"], &d.join("ja"));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("--table6 には UPPLAN の行だけを使います"),
        "{err}"
    );
}

#[test]
fn one_zip_per_provider_each_imported_and_answered_from_import_output() {
    let d = dir("import-answer");
    let (zip, _) = month(&d);
    let all = d.join("all.jsonl");
    to_json(&zip, &all);

    // One archive of every set: a provider's import refuses the other providers' files.
    let one = d.join("sets.zip");
    let (code, listed, err) = export(&all, &all, &[], &one);
    assert_eq!(code, 0, "{err}");
    let upplan = listed.lines().next().unwrap();
    let receiver: Vec<&str> = upplan.split('_').collect();
    let provider = receiver[4];
    let (code, _, err) = run(&["import", "--lang", "en", "--office", provider, s(&one)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("addressed to"), "{err}");

    // One archive per provider, named after its set.
    let per = d.join("per");
    let (code, listed, err) = export(&all, &all, &["--zip-per-provider"], &per);
    assert_eq!(code, 0, "{err}");
    let zips: Vec<&str> = listed.lines().collect();
    assert!(zips.len() >= 2, "{listed}");
    assert_eq!(
        zips[0],
        format!(
            "202504_1310000001_43_{provider}_{}_20250425093000.zip",
            receiver[5]
        )
    );
    assert!(zips[1].ends_with("_20250425093001.zip"), "{listed}");
    for z in &zips {
        assert!(per.join(z).is_file(), "{z}");
    }
    let mine = per.join(zips[0]);

    // import prints its lines; answer reads them as they are.
    let (code, imported, err) = run(&["import", "--lang", "en", "--office", provider, s(&mine)]);
    assert_eq!(code, 0, "{err}");
    assert!(imported.contains("\"kind\":\"UPHOSOKU\""), "{imported}");
    let imp = d.join("imp.jsonl");
    std::fs::write(&imp, &imported).unwrap();
    let answer = d.join("answer");
    let (code, out, err) = run(&[
        "answer",
        "--lang",
        "en",
        "--office",
        provider,
        "--records",
        s(&imp),
        "--sequence",
        "20250501100000",
        "--out",
        s(&answer),
        s(&mine),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("--records takes UPJSK, UPPLAN lines")
            && err.contains("UPHOSOKU 1")
            && err.contains("UPSIKYU 1"),
        "the 補足 and 第7表 lines said once: {err}"
    );
    let written = answer.join(out.trim());
    // No.24 of 実績 is the provider's number (spec TABLE6.tsv No.24).
    let (code, json, err) = run(&["convert", "to-json", s(&written)]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r["updater"], provider, "{r}");
        assert_eq!(r["provider"], provider, "{r}");
    }
    let (code, report, _) = run(&["check", "--strict", "--quiet", "--lang", "en", s(&written)]);
    assert_eq!(code, 0, "{report}");
    let (code, out, err) = run(&["diff", "--lang", "en", "--plan", s(&mine), s(&answer)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with(" as planned, 0 differences\n"), "{out}");

    // The same records unwrapped: No.24 the care office's, answered all the same.
    let bare: Vec<String> = imported
        .lines()
        .filter(|l| l.contains("\"kind\":\"UPPLAN\""))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["record"]["updater"], "1310000001");
            v["record"].to_string()
        })
        .collect();
    let unwrapped = d.join("mine.jsonl");
    std::fs::write(&unwrapped, bare.join("\n")).unwrap();
    let again = d.join("again");
    let (code, _, err) = run(&[
        "answer",
        "--office",
        provider,
        "--records",
        s(&unwrapped),
        "--sequence",
        "20250501100000",
        "--out",
        s(&again),
        s(&mine),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    assert_eq!(files(&answer), files(&again));

    // Every line of to-json of the month: its UPJSK lines are the 実績, the other
    // providers' records are left out with a note.
    let (code, _, err) = run(&[
        "answer",
        "--lang",
        "en",
        "--office",
        provider,
        "--records",
        s(&all),
        "--out",
        s(&d.join("from-all")),
        s(&mine),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--records takes UPJSK lines"), "{err}");
    assert!(err.contains("answer no set received"), "{err}");

    // A folder is needed for one archive per provider.
    let (code, _, err) = export(&all, &all, &["--zip-per-provider"], &d.join("x.zip"));
    assert_eq!(code, 2);
    assert!(err.contains("--zip-per-provider"), "{err}");
}

#[test]
fn the_same_error_on_many_lines_is_said_once() {
    let d = dir("grouped");
    let (_, folder) = month(&d);
    let plan = d.join("plan.jsonl");
    to_json(&file(&folder, "UPPLAN", "202504"), &plan);
    let hosoku = d.join("hosoku.jsonl");
    to_json(&file(&folder, "UPHOSOKU", "202504"), &hosoku);
    // A field no record has, on every line.
    let text = std::fs::read_to_string(&plan).unwrap();
    let lines = text.lines().count();
    assert!(lines > 10);
    let wrong: Vec<String> = text
        .lines()
        .map(|l| l.replacen('{', "{\"note\":1,", 1))
        .collect();
    let bad = d.join("bad.jsonl");
    std::fs::write(&bad, wrong.join("\n")).unwrap();
    let (code, _, err) = export(&bad, &hosoku, &[], &d.join("out"));
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "{}: lines 1–{lines} ({lines} lines): unknown field `note`",
            s(&bad)
        )),
        "{err}"
    );
    assert!(!d.join("out").exists());

    // A raw line (a record to-json could not type) is named by its line.
    let raw = d.join("raw.jsonl");
    let mut with_raw: Vec<&str> = text.lines().collect();
    with_raw.insert(2, "{\"file\":\"UPPLAN_202504_1310000001_43_1310000002_11_20250325093000.CSV\",\"raw\":[\"202407\"]}");
    std::fs::write(&raw, with_raw.join("\n")).unwrap();
    let (code, _, err) = export(&raw, &hosoku, &[], &d.join("out"));
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(": line 3: a \"raw\" line"), "{err}");
}

#[test]
fn a_refused_export_shows_every_problem_at_its_place() {
    let d = dir("refused");
    let (_, folder) = month(&d);
    let (plan, hosoku) = (d.join("plan.jsonl"), d.join("hosoku.jsonl"));
    to_json(&file(&folder, "UPPLAN", "202504"), &plan);
    to_json(&file(&folder, "UPHOSOKU", "202504"), &hosoku);
    // Every user's 第6表 for another month than their 補足: no 補足 for 第7表's limits.
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replace("\"month\":\"202504\"", "\"month\":\"202505\""),
    )
    .unwrap();
    let (code, _, err) = export(&plan, &hosoku, &[], &d.join("out"));
    assert_eq!(code, 1, "{err}");
    let problems: Vec<&str> = (err.lines())
        .filter(|l| l.contains("202505 has no 利用者補足情報"))
        .collect();
    let users = std::fs::read_to_string(&hosoku).unwrap().lines().count();
    assert_eq!(problems.len(), users, "every user, once: {err}");
    for l in &problems {
        assert!(l.starts_with(s(&plan)), "said at the inputs: {l}");
    }
    assert!(!err.lines().any(|l| l.starts_with(": ")), "{err}");
    assert!(err.ends_with("(above)\n"), "{err}");

    // In Japanese, the message asking for a price.
    let (code, _, err) = run(&[
        "export",
        "--lang",
        "ja",
        "--month",
        "202504",
        "--from",
        "1310000001",
        "--table6",
        s(&plan),
        "--hosoku",
        s(&hosoku),
        "--out",
        s(&d.join("none")),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("第7表を作るには単位数単価が必要です"),
        "{err}"
    );
}

#[test]
fn to_json_prints_problems_as_check_does_in_the_language_asked() {
    let d = dir("to-json-lang");
    let (_, folder) = month(&d);
    let upplan = file(&folder, "UPPLAN", "202504");
    let name = upplan.file_name().unwrap().to_str().unwrap().to_string();
    // The first record's service date (No.10) outside the month.
    let bytes = std::fs::read(&upplan).unwrap();
    let end = bytes.windows(2).position(|w| w == b"\r\n").unwrap();
    let mut fields: Vec<Vec<u8>> = bytes[..end]
        .split(|b| *b == b',')
        .map(<[u8]>::to_vec)
        .collect();
    assert!(fields[9].starts_with(b"202504"));
    fields[9] = b"20250501".to_vec();
    let mut changed = fields.join(&b',');
    changed.extend_from_slice(&bytes[end..]);
    let bad = d.join(&name);
    std::fs::write(&bad, &changed).unwrap();

    let (_, check, _) = run(&["check", "--quiet", "--lang", "ja", s(&bad)]);
    let (code, _, err) = run(&["convert", "to-json", "--lang", "ja", s(&bad)]);
    assert_eq!(code, 1, "{err}");
    let line = err.lines().next().unwrap();
    assert!(line.starts_with(&format!("{}:1: No.10 ", s(&bad))), "{err}");
    assert!(check.contains(line), "as check prints it:\n{check}\n{err}");
    let (_, _, en) = run(&["convert", "to-json", "--lang", "en", s(&bad)]);
    assert_ne!(en, err, "English when asked");
}

#[test]
fn generate_counts_in_words_and_is_silent_when_quiet() {
    let d = dir("generate");
    let (code, out, err) = run(&[
        "generate",
        "--users",
        "1",
        "--kinds",
        "ticket",
        s(&d.join("a")),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(" records, 1 user\n"), "{out}");
    assert!(!out.contains("1 users"), "{out}");
    assert!(out.ends_with("\n0 errors\n"), "{out}");
    let (code, out, err) = run(&["generate", "-q", "--users", "1", s(&d.join("b"))]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    let (code, out, _) = run(&[
        "generate",
        "--lang",
        "ja",
        "--users",
        "2",
        "--kinds",
        "ticket",
        s(&d.join("c")),
    ]);
    assert_eq!(code, 0);
    let files = out.split(' ').next().unwrap_or_default();
    assert!(files.parse::<u32>().is_ok_and(|n| n % 3 == 0), "{out}");
    assert!(out.contains(" 個のファイルを"), "{out}");
}

#[test]
fn help_lists_every_line_form_where_lines_are_read() {
    for command in [&["export"][..], &["answer"], &["convert", "to-csv"]] {
        let args: Vec<&str> = command.iter().copied().chain(["--help"]).collect();
        let (code, out, _) = run(&args);
        assert_eq!(code, 0);
        assert!(
            out.contains("{\"file\": NAME, \"record\": {…}}"),
            "{command:?}: {out}"
        );
        assert!(out.contains("\"kind\""), "{command:?}: {out}");
        assert!(out.contains("\"\" when empty"), "{command:?}: {out}");
    }
    let (_, answer, _) = run(&["answer", "--help"]);
    assert!(answer.contains("No.24"), "{answer}");
    let (_, top, _) = run(&["--help"]);
    assert!(!top.contains("inspect"), "{top}");
    // Each command's -q says what it silences there.
    let (_, check, _) = run(&["check", "--help"]);
    let (_, diff, _) = run(&["diff", "--help"]);
    assert!(check.contains("Print only the problems"), "{check}");
    assert!(!check.contains("list the files written"), "{check}");
    assert!(diff.contains("count of results"), "{diff}");
    assert!(!diff.contains("Print only the problems"), "{diff}");
}

#[test]
fn to_csv_with_a_name_takes_the_lines_of_its_kind_in_any_form() {
    let d = dir("to-csv-forms");
    let (zip, folder) = month(&d);
    let upplan = file(&folder, "UPPLAN", "202504");
    let name = upplan.file_name().unwrap().to_str().unwrap().to_string();
    let (code, all, err) = run(&["convert", "to-json", s(&zip)]);
    assert_eq!(code, 0, "{err}");
    // Every line of the ZIP: the UPPLAN lines make the file again, byte for byte.
    let out = d.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (code, _, err) = careplan(
        &[
            "convert",
            "to-csv",
            "--lang",
            "en",
            "--name",
            &name,
            "--out",
            s(&out),
        ],
        all.as_bytes(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read(out.join(&name)).unwrap(),
        std::fs::read(&upplan).unwrap()
    );
    assert_eq!(err.lines().count(), 1, "one note: {err}");
    assert!(
        err.contains(&format!("--name {name} takes UPPLAN lines")),
        "{err}"
    );
    // Only lines of other kinds: no empty file.
    let summary: Vec<&str> = all
        .lines()
        .filter(|l| l.contains("\"file\":\"UPSIKYU"))
        .collect();
    let (code, written, err) = careplan(
        &[
            "convert", "to-csv", "--lang", "en", "--name", &name, "--out", "-",
        ],
        summary.join("\n").as_bytes(),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(written, "");
    assert!(err.contains("nothing written"), "{err}");
}
