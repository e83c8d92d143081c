//! RULES.md lists every rule: every `ProblemKind` that the workspace's code raises appears
//! in one of its tables, every kind it names is a real one, and every rule it marks
//! **inferred** is a warning (brief: an inferred check is a warning at most).
//!
//! The code is read as text: `ProblemKind::X` outside comments and outside `mod tests`.
//! Adding a rule of a new kind without a line in RULES.md fails here.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The variants of `ProblemKind`, from its definition.
fn variants() -> BTreeSet<String> {
    let text = fs::read_to_string(crate_dir().join("src/problem.rs")).unwrap();
    let start = text.find("pub enum ProblemKind {").unwrap();
    let body = &text[start..];
    let body = &body[..body.find("\n}").unwrap()];
    let found: BTreeSet<String> = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && !l.starts_with('#'))
        .filter_map(|l| l.strip_suffix(','))
        .filter(|l| l.chars().all(|c| c.is_ascii_alphanumeric()) && !l.is_empty())
        .map(str::to_string)
        .collect();
    assert!(found.len() > 40, "{found:?}");
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The kinds named as `ProblemKind::X` in `text`, comments and unit tests left out.
fn kinds_raised(text: &str, out: &mut BTreeSet<String>) {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    for line in code.lines() {
        let line = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        let mut rest = line;
        while let Some(at) = rest.find("ProblemKind::") {
            rest = &rest[at + "ProblemKind::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                out.insert(name);
            }
        }
    }
}

/// Every kind the code of the workspace's crates raises (problem.rs itself left out).
fn raised() -> BTreeSet<String> {
    let root = crate_dir().join("..");
    let mut files = Vec::new();
    for dir in [
        "careplan-model/src",
        "careplan-csv/src",
        "careplan-bundle/src",
        "src",
    ] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "the workspace's sources were not found");
    let mut kinds = BTreeSet::new();
    for f in files {
        if f.ends_with("src/problem.rs") {
            continue;
        }
        kinds_raised(&fs::read_to_string(&f).unwrap(), &mut kinds);
    }
    kinds
}

/// The rows of RULES.md's tables: their cells.
fn rows() -> Vec<Vec<String>> {
    let text = fs::read_to_string(crate_dir().join("RULES.md")).unwrap();
    text.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| file kind"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The kinds RULES.md documents: every kind named in a row of its tables (in its kind
/// column, or anywhere in the row for a table of another shape).
fn documented() -> BTreeSet<String> {
    let variants = variants();
    let mut found = BTreeSet::new();
    for r in rows() {
        for cell in &r {
            for word in cell.split(|c: char| !c.is_ascii_alphanumeric()) {
                if variants.contains(word) {
                    found.insert(word.to_string());
                }
            }
        }
    }
    found
}

/// The rows of the six-column tables (file kind, item, kind, severity, source, where).
fn rule_rows() -> Vec<Vec<String>> {
    rows().into_iter().filter(|r| r.len() == 6).collect()
}

#[test]
fn every_kind_raised_is_documented() {
    let documented = documented();
    let missing: Vec<String> = raised().difference(&documented).cloned().collect();
    assert!(
        missing.is_empty(),
        "ProblemKinds raised in the code but not in careplan-model/RULES.md: {missing:?}"
    );
}

#[test]
fn every_kind_column_names_a_kind() {
    let variants = variants();
    let rows = rule_rows();
    assert!(rows.len() > 60, "{}", rows.len());
    for r in rows {
        let kind = r[2].trim_matches('`');
        assert!(variants.contains(kind), "not a ProblemKind: {r:?}");
    }
}

#[test]
fn inferred_rules_are_warnings() {
    for r in rule_rows() {
        if r[4].contains("**inferred**") {
            assert_eq!(
                r[3], "warning",
                "an inferred rule is a warning at most: {r:?}"
            );
        }
    }
}

#[test]
fn the_scan_finds_kinds_in_code_only() {
    let mut found = BTreeSet::new();
    kinds_raised(
        "let p = Problem::error(ProblemKind::DateOrder); // ProblemKind::SlotGap\n\
         #[cfg(test)]\nmod tests { ProblemKind::EmptyArchive }",
        &mut found,
    );
    assert_eq!(found.into_iter().collect::<Vec<_>>(), ["DateOrder"]);
}
