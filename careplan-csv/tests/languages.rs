//! Each message in its own language, `expected`/`found` holding values (issue 13 §3:
//! "message_ja is Japanese only and message_en English only; expected/found hold values,
//! not bilingual prose").
//!
//! The corpus: for every file kind with a layout, records whose every item breaks its
//! format (two sets of bad values, so that each format meets both its format check and its
//! special cases), read in both modes; and 第6表 records that break the rules across items.
//! Every problem raised must hold to these rules:
//!
//! - `expected` and `found` are never bilingual: not Japanese (kana, kanji, full-width
//!   forms) and an English word (three or more lower-case ASCII letters) together.
//! - `message_en` holds Japanese only as the standard's own names: the item's name and the
//!   table's name in the place, the layouts' item names and code meanings, and the value
//!   found as the data holds it. Once those are taken out, no hiragana is left (a Japanese
//!   sentence cannot be written without it).
//! - `message_ja` holds no English word once the value found is taken out (notations such
//!   as `YYYYMMDD`, `MS932`, `CRLF` are upper case; file extensions after a `.` are names).

mod common;

use std::collections::BTreeSet;

use careplan_model::{FileKind, Format, Mode, Problem};

use common::{file, line, read_all, UPPLAN};

/// A bad value for an item of `format`: two sets (`second` picks the other).
fn bad(format: Format, second: bool) -> &'static str {
    match (format, second) {
        (Format::YearMonth, false) => "202513",
        (Format::YearMonth, true) => "2025A",
        (Format::Date, false) => "20250230",
        (Format::Date, true) => "2025023",
        (Format::Time, false) => "2460",
        (Format::Time, true) => "1A",
        (Format::Digits, _) => "A",
        (Format::Integer, false) => "A",
        (Format::Integer, true) => "1-",
        (Format::Code, _) => "Z",
        (Format::InsurerId, _) => "1A",
        (Format::InsuredId, _) => "H1",
        (Format::Flags31, _) => "2",
        // Free text not in quotes (UnquotedText), and a quoted one with a control character.
        (Format::Text, false) => "abc",
        (Format::Text, true) => "\"a\u{1}b\"",
        (Format::Unused, _) => "1",
        (Format::ServiceKind, false) => "ZZ",
        (Format::ServiceKind, true) => "z",
        (Format::ServiceCode, _) => "11AB",
        (Format::EquipmentCode, _) => "1-2",
        (Format::Decimal, _) => "1.234",
        (Format::Postal, _) => "1234567",
        (Format::Phone, _) => "0A",
        _ => "?",
    }
}

/// A name of the standard for `kind`, sender 1310000001 (43), receiver 1310000002 (11).
fn name_of(kind: FileKind) -> String {
    let month = if kind.month_in_name() { "_202504" } else { "" };
    format!(
        "{}{month}_1310000001_43_1310000002_11_20250401093000.CSV",
        kind.prefix()
    )
}

/// Every problem of reading `data` as `name` in both modes.
fn problems_of(name: &str, data: &[u8], out: &mut Vec<Problem>) {
    for mode in [Mode::Strict, Mode::Lenient] {
        let (recs, summary) = read_all(mode, name, data);
        for r in &recs {
            out.extend(r.problems().iter().cloned());
        }
        out.extend(summary.problems);
    }
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF9F}')
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c)
}

/// An English word: three or more lower-case ASCII letters, not an extension after `.`.
fn english_word(s: &str) -> Option<String> {
    let mut run = String::new();
    let mut after_dot = false;
    let mut prev = ' ';
    for c in s.chars().chain([' ']) {
        if c.is_ascii_lowercase() {
            if run.is_empty() {
                after_dot = prev == '.';
            }
            run.push(c);
        } else {
            if run.len() >= 3 && !after_dot && !c.is_ascii_alphanumeric() {
                return Some(run);
            }
            run.clear();
        }
        prev = c;
    }
    None
}

/// The standard's names: every layout's item names and code meanings, and the tables'
/// names, longest first (so that a longer name is taken out before a part of it).
fn standard_names() -> Vec<String> {
    let mut names = BTreeSet::new();
    for kind in FileKind::ALL {
        names.insert(kind.label_ja().to_string());
        names.insert(kind.name_ja().to_string());
        if let Some(layout) = kind.layout() {
            for item in &layout.items {
                names.insert(item.name.to_string());
                for v in &item.values {
                    names.insert(v.meaning.to_string());
                }
            }
        }
    }
    let mut names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names
}

/// The language rules of the module docs, for `p`; the broken rule, if any.
fn language_fault(p: &Problem, names: &[String]) -> Option<String> {
    for (what, value) in [("expected", &p.expected), ("found", &p.found)] {
        if let Some(v) = value {
            if v.chars().any(is_japanese) {
                if let Some(word) = english_word(v) {
                    return Some(format!("{what} {v:?} is bilingual (\"{word}\")"));
                }
            }
        }
    }
    let found = p.found.as_deref().unwrap_or("");
    let mut en = p.message_en();
    if !found.is_empty() {
        en = en.replace(found, "");
    }
    for n in names {
        en = en.replace(n.as_str(), "");
    }
    if en.chars().any(is_hiragana) {
        return Some(format!(
            "message_en holds Japanese beyond the standard's names: {}",
            p.message_en()
        ));
    }
    let mut ja = p.message_ja();
    if !found.is_empty() {
        ja = ja.replace(found, "");
    }
    if let Some(word) = english_word(&ja) {
        return Some(format!(
            "message_ja holds the English word \"{word}\": {}",
            p.message_ja()
        ));
    }
    None
}

/// Every file kind's records with every item bad, and 第6表 records breaking its rules.
fn corpus() -> Vec<Problem> {
    let mut out = Vec::new();
    for kind in FileKind::ALL {
        let Some(layout) = kind.layout() else {
            continue;
        };
        let lines: Vec<String> = [false, true]
            .into_iter()
            .map(|second| {
                let items: Vec<&str> = layout.items.iter().map(|i| bad(i.format, second)).collect();
                items.join(",") + "\r\n"
            })
            .collect();
        problems_of(&name_of(kind), &file(&lines), &mut out);
    }
    // 第6表's rules across items: times, day mask, kinds, No.19, equipment, month.
    let lines = [
        line("0000000001", "20250401", &[(13, "9999")]),
        line(
            "0000000002",
            "20250401",
            &[(11, "1111111111111111111111111111111")],
        ),
        line("0000000003", "20250401", &[(15, "731111")]),
        line(
            "0000000004",
            "20250401",
            &[(15, "671001"), (16, "00001-000010"), (19, "1")],
        ),
        line("0000000005", "20250401", &[(19, "1")]),
        line("0000000006", "20250401", &[(15, "171001")]),
        line("0000000007", "20250501", &[(5, "202505")]),
        line("0000000008", "20250401", &[(1, "202410")]),
    ];
    problems_of(UPPLAN, &file(&lines), &mut out);
    // A pre-4.0 name, a name the kind is detected from, and a 30-day month's day mask.
    let legacy = "UPPLAN_202504_1310000001_1310000002_20250401093000.CSV";
    problems_of(
        legacy,
        &file(&[line("0000000009", "20250401", &[])]),
        &mut out,
    );
    problems_of(
        "export.csv",
        &file(&[line("0000000010", "20250431", &[])]),
        &mut out,
    );
    out
}

#[test]
fn every_problem_speaks_each_language_in_its_own_message() {
    let names = standard_names();
    let problems = corpus();
    assert!(problems.len() > 200, "{}", problems.len());
    let faults: Vec<String> = problems
        .iter()
        .filter_map(|p| language_fault(p, &names).map(|f| format!("{:?}: {f}", p.kind)))
        .collect();
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// The corpus meets every format: a problem is raised at an item of each.
#[test]
fn the_corpus_meets_every_format() {
    let mut met = BTreeSet::new();
    for p in corpus() {
        let (Some(kind), Some(item)) = (p.location.kind, p.location.item) else {
            continue;
        };
        if let Some(i) = kind.layout().and_then(|l| l.item(item.no)) {
            met.insert(i.format.word());
        }
    }
    let all: BTreeSet<&str> = Format::ALL.iter().map(|f| f.word()).collect();
    assert_eq!(met, all);
}

/// A format problem's `expected` is the format's notation, and its messages name the format
/// in words, each in its own language, without the notation care staff do not read.
#[test]
fn a_format_problem_expects_a_notation_and_says_it_in_words() {
    let problems = corpus();
    let p = problems
        .iter()
        .find(|p| p.format == Some(Format::InsurerId))
        .expect("an insurer number problem");
    assert_eq!(p.expected.as_deref(), Some("NNNNNN"));
    assert!(p
        .message_en()
        .ends_with("1A is not an insurer number of 6 digits"));
    assert!(p
        .message_ja()
        .ends_with("1A は半角数字6桁の保険者番号ではありません"));
}

#[test]
fn the_rules_of_the_test_hold_what_they_say() {
    assert_eq!(
        english_word("半角数字6桁 (6 digits)"),
        Some("digits".to_string())
    );
    assert_eq!(english_word("UPKIHON_IMAGE_…_NNNN.jpg"), None);
    assert_eq!(english_word("XXNNNN|xxAAAA|999999"), None);
    let names = standard_names();
    let bilingual = Problem::error(careplan_model::ProblemKind::InvalidFormat)
        .found("1A")
        .expected("半角数字6桁 (6 digits)");
    assert!(language_fault(&bilingual, &names).is_some());
    let japanese_in_en = Problem::error(careplan_model::ProblemKind::InvalidFormat)
        .found("0")
        .expected("1からの連番");
    assert!(language_fault(&japanese_in_en, &names).is_some());
    let english_in_ja = Problem::error(careplan_model::ProblemKind::InvalidFormat)
        .found("0")
        .expected("a number from 1");
    assert!(language_fault(&english_in_ja, &names).is_some());
}

/// Whether the item cell of a RULES.md row (`19`, `8, 9, 11, 12`, `6–9, 11–13`, `any`, `–`)
/// covers item `no` (`None`: a problem of no item).
fn item_cell_covers(cell: &str, no: Option<u16>) -> bool {
    let Some(no) = no else {
        return matches!(cell, "–" | "-" | "any");
    };
    if cell == "any" {
        return true;
    }
    cell.split(',').map(str::trim).any(|part| {
        let bounds: Vec<u16> = part
            .split(['–', '-'])
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        match bounds[..] {
            [one] => one == no,
            [from, to] => (from..=to).contains(&no),
            _ => false,
        }
    })
}

/// Every inferred problem of the corpus is a rule RULES.md marks inferred, for its file
/// kind, item and kind (careplan-model/tests/rules_md.rs checks that those rows are
/// warnings).
#[test]
fn every_inferred_problem_of_the_corpus_is_an_inferred_row_of_rules_md() {
    let rules = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../careplan-model/RULES.md"),
    )
    .expect("RULES.md");
    let rows: Vec<Vec<String>> = rules
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .filter(|r: &Vec<String>| r.len() == 6)
        .collect();
    let inferred: Vec<Problem> = corpus().into_iter().filter(|p| p.inferred).collect();
    // The corpus's inferred rules: a control character in a value, No.19 on a 67 line.
    let kinds: BTreeSet<String> = inferred.iter().map(|p| format!("{:?}", p.kind)).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["ControlCharacter", "UnexpectedValue"]
    );
    for p in &inferred {
        let prefix = p.location.kind.map_or("any", |k| k.prefix());
        let no = p.location.item.map(|i| i.no);
        let code = format!("`{:?}`", p.kind);
        let row = rows.iter().find(|r| {
            let kinds_ok = r[0] == "any" || r[0].split(", ").any(|k| k == prefix);
            kinds_ok
                && item_cell_covers(&r[1], no)
                && r[2] == code
                && (r[3].contains("inferred") || r[4].contains("inferred"))
        });
        assert!(
            row.is_some(),
            "an inferred {code} at {prefix} No.{no:?} has no inferred row in RULES.md"
        );
    }
}
