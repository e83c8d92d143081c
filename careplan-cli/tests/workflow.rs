//! The seed manual's four screens as commands: a care office exports its month, a provider
//! imports it and answers, the care office compares the answer with its plan.

mod common;

use std::path::{Path, PathBuf};

use common::{careplan, dir};

fn run(args: &[&str]) -> (i32, String, String) {
    careplan(args, b"")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A generated month's 第6表, 第7表 and 補足 as the JSON Lines `convert to-json` prints.
fn month_as_json(d: &Path) -> [PathBuf; 3] {
    let g = d.join("generated");
    let (code, out, err) = run(&[
        "generate",
        "--users",
        "3",
        "--month",
        "202504",
        "--kinds",
        "ticket",
        s(&g),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    // The files of one set (one is sent to each provider): the first in name order.
    let mut written: Vec<PathBuf> = std::fs::read_dir(&g)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    written.sort();
    ["UPPLAN", "UPSIKYU", "UPHOSOKU"].map(|prefix| {
        let file = written
            .iter()
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with(&format!("{prefix}_"))
            })
            .unwrap();
        let (code, json, err) = run(&["convert", "to-json", s(file)]);
        assert_eq!(code, 0, "{err}");
        let target = d.join(format!("{prefix}.jsonl"));
        std::fs::write(&target, json).unwrap();
        target
    })
}

fn export(d: &Path, json: &[PathBuf; 3], extra: &[&str], out: &Path) -> (i32, String, String) {
    let mut args = vec![
        "export",
        "--month",
        "202504",
        "--from",
        "1310000001",
        "--table6",
        s(&json[0]),
        "--table7",
        s(&json[1]),
        "--hosoku",
        s(&json[2]),
        "--sequence",
        "20250425093000",
        "--out",
        s(out),
    ];
    args.extend(extra);
    let _ = d;
    run(&args)
}

#[test]
fn export_import_answer_diff() {
    let d = dir("month");
    let json = month_as_json(&d);

    // 2-1: one set per provider, each with its own sequence number, valid as read strictly.
    let zip = d.join("export.zip");
    let (code, out, err) = export(&d, &json, &[], &zip);
    assert_eq!(code, 0, "{out}{err}");
    let names: Vec<&str> = out.lines().collect();
    assert!(names.len() >= 6 && names.len().is_multiple_of(3), "{out}");
    assert_eq!(names[0].split('_').next(), Some("UPPLAN"));
    assert!(names[0].ends_with("_20250425093000.CSV"), "{out}");
    assert!(
        names[3].ends_with("_20250425093001.CSV"),
        "the next set, the next number: {out}"
    );
    let (code, report, _) = run(&["check", "--strict", "--quiet", "--lang", "en", s(&zip)]);
    assert_eq!(code, 0, "{report}");
    // The first set's receiver: NUMBER_KIND in the 4.1 name.
    let parts: Vec<&str> = names[0].split('_').collect();
    let (provider, kind) = (parts[4], parts[5]);

    // 3-1: the provider's records, each line naming its kind, set and user (the set for
    // that provider alone: `--to`).
    let one = d.join("one");
    let (code, _, _) = export(&d, &json, &["--to", &format!("{provider}_{kind}")], &one);
    assert_eq!(code, 0);
    let (code, lines, err) = run(&["import", "--office", provider, "--lang", "en", s(&one)]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().any(|l| l["kind"] == "UPHOSOKU"));
    assert!(lines.iter().any(|l| l["kind"] == "UPSIKYU"));
    let plan: Vec<&serde_json::Value> = lines.iter().filter(|l| l["kind"] == "UPPLAN").collect();
    assert!(!plan.is_empty());
    for l in &plan {
        assert_eq!(
            l["record"]["provider"], provider,
            "only the provider's own rows"
        );
        assert_eq!(l["sequence"], "20250425093000");
        assert_eq!(l["sender"], "1310000001_43");
        assert!(l["user"].as_str().unwrap().ends_with("/202504"));
    }

    // 3-2: the answer goes back from the provider to the care office, in the 4.1 style.
    let answer = d.join("answer");
    let (code, out, err) = run(&[
        "answer",
        "--office",
        provider,
        "--sequence",
        "20250501100000",
        "--out",
        s(&answer),
        s(&one),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        format!("UPJSK_202504_{provider}_{kind}_1310000001_43_20250501100000.CSV")
    );

    // 2-2: as planned, no difference.
    let (code, out, err) = run(&["diff", "--lang", "en", "--plan", s(&one), s(&answer)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.ends_with(" as planned, 0 differences\n"), "{out}");

    // A result that differs from the plan: exit 1, the difference named.
    let mut records: Vec<serde_json::Value> = plan.iter().map(|l| l["record"].clone()).collect();
    for r in &mut records {
        r["updater"] = serde_json::json!(provider);
    }
    records.pop();
    let given = d.join("results.jsonl");
    let text: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&given, text.join("\n")).unwrap();
    let fewer = d.join("fewer");
    let (code, _, err) = run(&[
        "answer",
        "--office",
        provider,
        "--records",
        s(&given),
        "--sequence",
        "20250501100000",
        "--out",
        s(&fewer),
        s(&one),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(&["diff", "--json", "--plan", s(&one), s(&fewer)]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("\"code\":\"plan_result_difference\""), "{out}");
    let d: serde_json::Value = serde_json::from_str(
        out.lines()
            .find(|l| l.contains("plan_result_difference"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(d["severity"], "warning");
    let data = &d["difference"];
    assert!(data["kind"].is_string(), "{d}");
    assert_eq!(data["provider"], provider);
    assert!(
        data["plan"].is_object(),
        "the planned row without a result: {d}"
    );
    assert!(data["result"].is_null(), "{d}");
}

#[test]
fn a_legacy_set_is_answered_with_a_legacy_name() {
    let d = dir("legacy");
    let json = month_as_json(&d);
    let sent = d.join("sent");
    let (code, out, err) = export(&d, &json, &["--legacy"], &sent);
    assert_eq!(code, 0, "{err}");
    let first = out.lines().next().unwrap();
    let parts: Vec<&str> = first.trim_end_matches(".CSV").split('_').collect();
    assert_eq!(parts.len(), 5, "a legacy name has no kinds: {first}");
    let provider = parts[3];
    let only = d.join("only");
    std::fs::create_dir_all(&only).unwrap();
    for name in out.lines().take(3) {
        std::fs::copy(sent.join(name), only.join(name)).unwrap();
    }
    let answer = d.join("answer.zip");
    let (code, out, err) = run(&[
        "answer",
        "--office",
        provider,
        "--sequence",
        "20250501100000",
        "--out",
        s(&answer),
        s(&only),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.trim(),
        format!("UPJSK_202504_{provider}_1310000001_20250501100000.CSV")
    );
    let (code, report, _) = run(&["check", "--quiet", "--lang", "en", s(&answer)]);
    assert!(code == 0, "{report}");
}

#[test]
fn an_export_that_breaks_the_standard_writes_nothing() {
    let d = dir("refused");
    let json = month_as_json(&d);
    // A 第6表 line for another month than the export's.
    let plan = std::fs::read_to_string(&json[0]).unwrap();
    std::fs::write(
        &json[0],
        plan.replacen("\"month\":\"202504\"", "\"month\":\"202505\"", 1),
    )
    .unwrap();
    let out = d.join("out.zip");
    let (code, _, err) = export(&d, &json, &[], &out);
    assert_eq!(code, 1, "{err}");
    assert!(!err.is_empty());
    assert!(!out.exists(), "a refused export leaves no file");
}

#[test]
fn bad_json_lines_are_named_by_line() {
    let d = dir("bad-json");
    let json = month_as_json(&d);
    std::fs::write(&json[2], "{\"version\": \"202407\"}\nnot json\n").unwrap();
    let (code, _, err) = export(&d, &json, &[], &d.join("out"));
    assert_eq!(code, 1);
    assert!(err.contains("UPHOSOKU.jsonl: line 1: "), "{err}");
    assert!(err.contains("UPHOSOKU.jsonl: line 2: "), "{err}");
    assert!(!d.join("out").exists());
}

#[test]
fn quiet_lists_no_file_written() {
    let d = dir("quiet");
    let json = month_as_json(&d);
    let out = d.join("out");
    let (code, listed, err) = export(&d, &json, &[], &out);
    assert_eq!(code, 0, "{err}");
    assert!(!listed.is_empty());
    let quiet = d.join("quiet");
    let (code, nothing, err) = export(&d, &json, &["--quiet"], &quiet);
    assert_eq!(code, 0, "{err}");
    assert_eq!(nothing, "");
    for name in listed.lines() {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(quiet.join(name)).unwrap()
        );
    }
}

/// The records of a file (`convert to-json`).
fn records_of(file: &Path) -> Vec<serde_json::Value> {
    let (code, json, err) = run(&["convert", "to-json", s(file)]);
    assert_eq!(code, 0, "{err}");
    json.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn table7_is_computed_from_the_plan_with_the_prices_and_rates_given() {
    let d = dir("built");
    let [table6, _, hosoku] = month_as_json(&d);
    let base = [
        "export",
        "--month",
        "202504",
        "--from",
        "1310000001",
        "--table6",
        s(&table6),
        "--hosoku",
        s(&hosoku),
        "--sequence",
        "20250425093000",
    ];
    // Without a price, nothing to compute with: said at once.
    let (code, _, err) = run(&[&base[..], &["--out", s(&d.join("none"))]].concat());
    assert_eq!(code, 2);
    assert!(err.contains("--unit-price"), "{err}");
    // --table7 and computed prices exclude each other.
    let (code, _, _) = run(&[
        &base[..],
        &[
            "--table7",
            s(&table6),
            "--unit-price",
            "10.00",
            "--out",
            "x",
        ],
    ]
    .concat());
    assert_eq!(code, 2);

    let out = d.join("out");
    let (code, names, err) =
        run(&[&base[..], &["--unit-price", "10.00", "--out", s(&out)]].concat());
    assert_eq!(code, 0, "{err}");
    let (code, report, _) = run(&["check", "--strict", "--quiet", "--lang", "en", s(&out)]);
    assert_eq!(code, 0, "what the builder made is clean: {report}");
    let summary = names.lines().find(|n| n.starts_with("UPSIKYU_")).unwrap();
    let rows = records_of(&out.join(summary));
    let user = format!(
        "{}/{}",
        rows[0]["insurer"].as_str().unwrap(),
        rows[0]["insured"].as_str().unwrap()
    );
    assert!(
        rows.iter().any(|r| r["service_code"] == "999999"),
        "the grand total"
    );
    let money =
        |r: &&serde_json::Value| !r["total_cost"].is_null() && r["service_code"] != "999999";
    for r in rows.iter().filter(money) {
        assert_eq!(r["unit_price"], "10.00");
        assert_eq!(r["benefit_rate"], 90, "the default 給付率");
    }

    // One user at 70 %: that user's money rows say so, and the claim follows.
    let rated = d.join("rated");
    let (code, _, err) = run(&[
        &base[..],
        &[
            "--unit-price",
            "10.00",
            "--rate",
            &format!("{user}=70"),
            "--out",
            s(&rated),
        ],
    ]
    .concat());
    assert_eq!(code, 0, "{err}");
    let rows = records_of(&rated.join(summary));
    let theirs: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| {
            format!(
                "{}/{}",
                r["insurer"].as_str().unwrap(),
                r["insured"].as_str().unwrap()
            ) == user
        })
        .filter(money)
        .collect();
    assert!(!theirs.is_empty());
    for r in theirs {
        assert_eq!(r["benefit_rate"], 70);
        let total = r["total_cost"].as_i64().unwrap();
        assert_eq!(r["claim"].as_i64().unwrap(), total * 70 / 100, "{r}");
    }
}

/// Two sets to one provider, the later with a visit moved: `answer` answers what `import`
/// applies — each user-month from its latest set — in one UPJSK for the provider's office
/// and kind (spec README "Output units"), not one answer per set received.
#[test]
fn a_replaced_set_is_not_answered() {
    let d = dir("replaced");
    let json = month_as_json(&d);
    let plan: Vec<serde_json::Value> = std::fs::read_to_string(&json[0])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The first timed visit: its provider and kind, and the plan with it moved to 06:00.
    let first = plan
        .iter()
        .position(|r| r["start"] != "9999")
        .expect("a timed visit");
    let provider = plan[first]["provider"].as_str().unwrap().to_string();
    let kind = plan[first]["service_code"].as_str().unwrap()[..2].to_string();
    let mut moved = plan.clone();
    moved[first]["start"] = serde_json::json!("0600");
    let changed = d.join("changed.jsonl");
    let text: Vec<String> = moved.iter().map(|r| r.to_string()).collect();
    std::fs::write(&changed, text.join("\n")).unwrap();

    let rev = d.join("rev");
    let to = format!("{provider}_{kind}");
    let (code, out, err) = export(&d, &json, &["--to", &to], &rev);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run(&[
        "export",
        "--month",
        "202504",
        "--from",
        "1310000001",
        "--to",
        &to,
        "--table6",
        s(&changed),
        "--table7",
        s(&json[1]),
        "--hosoku",
        s(&json[2]),
        "--sequence",
        "20250426093000",
        "--out",
        s(&rev),
    ]);
    assert_eq!(code, 0, "{out}{err}");

    let answer = d.join("answer");
    let (code, out, err) = run(&[
        "answer",
        "--office",
        &provider,
        "--sequence",
        "20250501090000",
        "--out",
        s(&answer),
        s(&rev),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out.trim(),
        format!("UPJSK_202504_{to}_1310000001_43_20250501090000.CSV"),
        "one answer"
    );
    let (code, lines, err) = run(&["convert", "to-json", s(&answer.join(out.trim()))]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let moved_row = rows
        .iter()
        .find(|r| {
            r["insured"] == plan[first]["insured"]
                && r["service_date"] == plan[first]["service_date"]
                && r["service_code"] == plan[first]["service_code"]
        })
        .expect("the moved visit answered");
    assert_eq!(moved_row["start"], "0600", "from the later set");
    let own = plan.iter().filter(|r| r["provider"] == provider.as_str());
    assert_eq!(rows.len(), own.count(), "each visit once");
}
