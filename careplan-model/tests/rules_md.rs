//! RULES.md lists every rule: every `ProblemKind` that the workspace's code raises appears
//! in one of its tables, every kind it names is a real one, every rule it marks
//! **inferred** is a warning (brief: an inferred check is a warning at most), and every
//! module whose code marks a problem inferred is where an inferred row is checked.
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

/// Whether a row's rule (or a part of it) is inferred, by its severity or source cell.
fn is_inferred_row(r: &[String]) -> bool {
    r[3].contains("inferred") || r[4].contains("inferred")
}

/// Every rule RULES.md marks inferred is a warning: where the severity cell splits the rule
/// (`error (17); warning, **inferred** for 67`), the part that says inferred is a warning;
/// otherwise an inferred source makes the whole row a warning.
#[test]
fn inferred_rules_are_warnings() {
    let mut inferred = 0;
    for r in rule_rows() {
        let (severity, source) = (&r[3], &r[4]);
        if severity.contains("inferred") {
            for part in severity.split(';').map(str::trim) {
                if part.contains("inferred") {
                    assert!(
                        part.starts_with("warning"),
                        "an inferred rule is a warning at most: {r:?}"
                    );
                    inferred += 1;
                }
            }
        } else if source.contains("inferred") {
            assert_eq!(
                severity, "warning",
                "an inferred rule is a warning at most: {r:?}"
            );
            inferred += 1;
        }
    }
    assert!(inferred >= 15, "{inferred} inferred rules");
}

/// The modules whose code marks a problem inferred (`.inferred()` outside comments and unit
/// tests), as `(module, file)`: a file's stem, or its folder's name for a `mod.rs`.
fn modules_marking_inferred() -> Vec<(String, PathBuf)> {
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
    let mut out = Vec::new();
    for f in files {
        if f.ends_with("src/problem.rs") {
            continue;
        }
        let text = fs::read_to_string(&f).unwrap();
        let code = match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => &text[..at],
            None => &text[..],
        };
        let marks = code.lines().any(|l| {
            let l = l.trim_start();
            !l.starts_with("//") && l.contains(".inferred()")
        });
        if marks {
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            let module = if stem == "mod" {
                let dir = f.parent().unwrap().file_name().unwrap();
                dir.to_string_lossy().into_owned()
            } else {
                stem
            };
            out.push((module, f));
        }
    }
    out
}

/// Every module that raises an inferred problem is the "checked in" place of a row RULES.md
/// marks inferred: an inferred problem never comes from a rule the table calls stated.
#[test]
fn every_inferred_problem_has_an_inferred_row() {
    let places: Vec<String> = rule_rows()
        .into_iter()
        .filter(|r| is_inferred_row(r))
        .map(|r| r[5].clone())
        .collect();
    let modules = modules_marking_inferred();
    assert!(modules.len() >= 8, "{modules:?}");
    for (module, file) in modules {
        let named = format!("{module}::");
        assert!(
            places.iter().any(|p| p.contains(&named)),
            "{} marks problems inferred, but no inferred row of RULES.md is checked in `{named}`",
            file.display()
        );
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
