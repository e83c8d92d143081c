//! The crate docs document every problem code the library can report, and the report's
//! schema number is the one `check --json` writes.

const DOCS: &str = include_str!("../src/lib.rs");
const PROBLEMS: &str = include_str!("../../careplan-model/src/problem.rs");

#[test]
fn every_problem_code_is_documented() {
    // The body of `ProblemKind::code`: one `Variant => "code",` a line.
    let start = PROBLEMS.find("pub fn code(self)").unwrap();
    let end = start + PROBLEMS[start..].find("\n    }\n").unwrap();
    let codes: Vec<&str> = PROBLEMS[start..end]
        .split("=> \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(codes.len() > 50, "{codes:?}");
    for code in codes {
        assert!(
            DOCS.contains(&format!("//! | `{code}` |")),
            "problem code {code} is not in careplan-cli's crate docs"
        );
    }
}

#[test]
fn the_documented_schema_is_the_one_written() {
    assert!(DOCS.contains("schema 1"));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = careplan_cli::run(
        ["careplan", "check", "--json", "-"],
        &mut &b""[..],
        &mut out,
        &mut err,
    );
    assert_ne!(code, 2, "{}", String::from_utf8_lossy(&err));
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["schema"], 1);
}
