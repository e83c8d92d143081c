//! What careplan-cli's integration tests share: a fresh folder per test, the `careplan`
//! command run in process, and the errors of a `careplan check --json` report.

#![allow(dead_code)]

use std::path::PathBuf;

/// A fresh, empty folder for `test`, named after the test file and the process.
pub fn dir(test: &str) -> PathBuf {
    let crate_name = env!("CARGO_CRATE_NAME");
    let d = std::env::temp_dir().join(format!(
        "careplan-{crate_name}-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs `careplan ARGS` in this process with `stdin` as standard input: the exit status,
/// standard output and standard error.
pub fn careplan<S: AsRef<str>>(args: &[S], stdin: &[u8]) -> (i32, String, String) {
    let all = std::iter::once("careplan").chain(args.iter().map(AsRef::as_ref));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = careplan_cli::run(all, &mut &stdin[..], &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// The errors of a `careplan check --json` report: those of its files, then those of its
/// units (composition and the relations between files).
pub fn report_errors(report: &serde_json::Value) -> Vec<serde_json::Value> {
    ["files", "units"]
        .iter()
        .flat_map(|k| report[k].as_array().cloned().unwrap_or_default())
        .flat_map(|f| f["problems"].as_array().cloned().unwrap_or_default())
        .filter(|p| p["severity"] == "error")
        .collect()
}
