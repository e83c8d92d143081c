//! Issue 14's "Done when": the quickstart builds a month's set with the builders and
//! `PlanExport` in under 80 lines of its own code, and a provider answer and a diff in under
//! 40 more. This holds it there, counted as rustfmt lays it out (CI's `cargo fmt --check`
//! sees to the layout; no `#[rustfmt::skip]` may pack lines).
//!
//! Own code: every line that is not blank, not a comment (`//`, `///`, `//!`) and not a
//! `use` line. Parts 2 and 3 run from the `// 2.` comment to the end of `main`; part 1 is
//! all the rest: the constants, `main` up to `// 2.`, and the helpers.

/// Lines of own code: (part 1, parts 2 and 3).
fn count(source: &str) -> Result<(usize, usize), String> {
    let (mut first, mut rest) = (0, 0);
    let mut in_rest = false;
    let mut in_main = false;
    let mut markers = Vec::new();
    for line in source.lines() {
        let text = line.trim();
        if line.starts_with("fn main(") {
            in_main = true;
        }
        if in_main {
            for m in ["// 1.", "// 2.", "// 3."] {
                if text.starts_with(m) {
                    markers.push(m);
                }
            }
            if text.starts_with("// 2.") {
                in_rest = true;
            }
        }
        let comment = text.starts_with("//");
        if !text.is_empty() && !comment && !text.starts_with("use ") {
            if in_rest {
                rest += 1;
            } else {
                first += 1;
            }
        }
        // The end of `main`: its closing brace, at the start of a line.
        if in_main && line == "}" {
            in_main = false;
            in_rest = false;
        }
    }
    if markers != ["// 1.", "// 2.", "// 3."] {
        return Err(format!("main's part markers are {markers:?}"));
    }
    Ok((first, rest))
}

#[test]
fn the_quickstart_stays_under_80_and_40_lines_of_its_own_code() {
    let source = include_str!("../examples/quickstart.rs");
    assert!(
        !source.contains("rustfmt::skip") && !source.contains("#![rustfmt"),
        "the quickstart is counted as rustfmt lays it out"
    );
    let (first, rest) = count(source).unwrap();
    assert!(
        first < 80,
        "part 1 (plan, 補足, 第7表, PlanExport): {first} lines"
    );
    assert!(
        rest < 40,
        "parts 2 and 3 (answer, differences): {rest} lines"
    );
}

#[test]
fn the_count_takes_code_and_leaves_comments_uses_and_blank_lines() {
    let source = "\
//! Doc.
use a::b;

const X: u8 = 1; // counted
/// Doc of a helper.
fn main() {
    // 1. Part one.
    let a = 1;

    // 2. Part two.
    let b = 2;
    // 3. Part three.
    let c = 3;
}

fn helper() {
    // A comment.
}
";
    // Part 1: const, `fn main() {`, `let a`, `fn helper() {`, its `}`; parts 2–3: `let b`,
    // `let c`, main's `}`.
    assert_eq!(count(source), Ok((5, 3)));
    assert!(count("fn main() {\n    // 1.\n}\n").is_err());
}
