//! 介護予防サービス・支援計画書（別表） (UPYOBO_SUB) typed records: round trips, serde, row
//! numbers, the link key, and the duplicate-row rule over several plans. Fixtures are built
//! here from spec layouts/UPYOBO_SUB.tsv and the row structure of layouts/_notes_yobo.md.

mod common;

use careplan_model::__private::{validate, AnyFileRules, Context, RuleContext};
use careplan_model::yobo_plan::{YoboPlanKey, YoboPlanRecord};
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::{
    FileKind, Layout, Mode, Position, Problem, ProblemKind, RawRecord, Severity, TypedRecord,
};

use common::{round_trips, standard};

const KIND: FileKind = FileKind::YoboPlanSub;

fn layout() -> &'static Layout {
    KIND.layout().unwrap()
}

/// A row of plan `date` with the three numbers `nos`; the 課題 and 支援計画 columns filled
/// when `first` (the first row of its 課題 / 支援計画).
fn row(date: &'static str, nos: [&'static str; 3], first: bool) -> Vec<&'static str> {
    let (a, b) = if first {
        (
            ["外出が少ない", "週1回外出する", "外出したい", "外出の習慣"],
            ["送迎付きで通う", "家族が送る", "通所型サービス"],
        )
    } else {
        (["", "", "", ""], ["", "", ""])
    };
    let mut t = vec!["202407", "131045", "0123456789", date, nos[0]];
    t.extend(a);
    t.push(nos[1]);
    t.extend(b);
    t.extend([nos[2], "介護予防通所介護", "○○デイサービス", "6カ月間"]);
    t
}

fn typed(t: &[&str]) -> YoboPlanSubRecord {
    YoboPlanSubRecord::from_raw(&standard(layout(), t)).unwrap()
}

#[test]
fn rows_are_valid_and_round_trip() {
    for t in [
        row("20250401", ["1", "1", "1"], true),
        row("20250401", ["1", "1", "2"], false),
    ] {
        let raw = standard(layout(), &t);
        assert_eq!(raw.len(), 17);
        round_trips::<YoboPlanSubRecord>(KIND, &raw);
    }
}

#[test]
fn numbers_stay_text_but_read_as_numbers() {
    let rec = typed(&row("20250401", ["01", "２", "未定"], true));
    assert_eq!(rec.issue_no, "01");
    assert_eq!(
        (
            rec.issue_number(),
            rec.support_number(),
            rec.service_number()
        ),
        (Some(1), Some(2), None)
    );
    assert_eq!(rec.to_raw().text(4), Some("01"));
    // Longer than the layout's 2 characters: the engine says so, the record still reads.
    let t = row("20250401", ["100", "1", "1"], true);
    let problems = validate(
        layout(),
        &standard(layout(), &t),
        &Context::new(Mode::Lenient).with_kind(KIND),
    );
    assert_eq!(
        problems.iter().map(|p| p.kind).collect::<Vec<_>>(),
        vec![ProblemKind::TooLong]
    );
    assert_eq!(typed(&t).issue_number(), Some(100));
}

#[test]
fn key_links_to_the_plan() {
    let mut plan = vec![""; 57];
    plan[..5].copy_from_slice(&["202407", "131045", "0123456789", "20250401", "1"]);
    let plan = YoboPlanRecord::from_raw(&RawRecord::from_texts(plan)).unwrap();
    let sub = typed(&row("20250401", ["1", "1", "1"], true));
    assert_eq!(sub.key(), plan.key());
    assert_ne!(
        typed(&row("20250402", ["1", "1", "1"], true)).key(),
        plan.key()
    );
}

#[test]
fn serde_json_round_trip() {
    let rec = typed(&row("20250401", ["1", "1", "1"], true));
    let json = serde_json::to_string(&rec).unwrap();
    assert!(json.contains("\"issue_no\":\"1\""));
    let back: YoboPlanSubRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    assert_eq!(
        back.to_raw(),
        standard(layout(), &row("20250401", ["1", "1", "1"], true))
    );
    let key: YoboPlanKey =
        serde_json::from_str(&serde_json::to_string(&rec.key()).unwrap()).unwrap();
    assert_eq!(key, rec.key());
}

fn run(rows: &[Vec<&str>], mode: Mode) -> Vec<Problem> {
    let mut rules = AnyFileRules::for_kind(KIND);
    let mut out = Vec::new();
    let mut ctx = RuleContext::new(KIND).unwrap();
    ctx.mode = mode;
    for (i, t) in rows.iter().enumerate() {
        let n = u64::try_from(i).unwrap() + 1;
        ctx.position = Position::new(n * 200, n, n);
        rules.record_of(&typed(t), &ctx, &mut out);
    }
    rules.finish(&mut out);
    out
}

#[test]
fn the_standard_row_structure_has_no_duplicates() {
    // Two 課題; the first with two 支援計画, the second 支援計画 with two 利用サービス. The
    // 課題's text is on its first row only, the 支援計画's on each 支援計画's first row.
    let mut second_support = row("20250401", ["1", "2", "1"], true);
    second_support[5..9].fill("");
    let rows = [
        row("20250401", ["1", "1", "1"], true),
        second_support,
        row("20250401", ["1", "2", "2"], false),
        row("20250401", ["2", "1", "1"], true),
        // Another plan of the same user reuses the numbers.
        row("20250501", ["1", "1", "1"], true),
    ];
    assert!(run(&rows, Mode::Strict).is_empty());
}

#[test]
fn repeated_numbers_within_a_plan_are_duplicates() {
    let rows = [
        row("20250401", ["1", "1", "1"], true),
        row("20250501", ["1", "1", "1"], true),
        row("20250401", ["1", "1", "2"], false),
        row("20250401", ["1", "1", "1"], false),
        row("20250501", ["１", "01", "1"], false),
        row("20250401", ["", "", ""], false),
        row("20250401", ["", "", ""], false),
    ];
    let out = run(&rows, Mode::Lenient);
    let located: Vec<_> = out
        .iter()
        .map(|p| {
            (
                p.kind,
                p.severity,
                p.location.line,
                p.related.as_deref().and_then(|r| r.line),
            )
        })
        .collect();
    assert_eq!(
        located,
        vec![
            (
                ProblemKind::DuplicateKey,
                Severity::Warning,
                Some(4),
                Some(1)
            ),
            (
                ProblemKind::DuplicateKey,
                Severity::Warning,
                Some(5),
                Some(2)
            ),
            (
                ProblemKind::DuplicateKey,
                Severity::Warning,
                Some(7),
                Some(6)
            ),
        ]
    );
    assert!(out.iter().all(|p| p.location.item.map(|i| i.no) == Some(5)));
    assert_eq!(
        out[0].message_en(),
        "line 4, 支援計画書別表 No.5 課題ＮＯ: key 131045/0123456789/20250401 (課題ＮＯ \"1\", 支援計画ＮＯ \"1\", 利用サービスＮＯ \"1\") repeats an earlier row"
    );
    assert_eq!(
        out[1].message_ja(),
        "5行目 支援計画書別表 No.5 課題ＮＯ: キー 131045/0123456789/20250501 (課題ＮＯ \"１\", 支援計画ＮＯ \"01\", 利用サービスＮＯ \"1\") が前の行と重複しています"
    );
    assert!(run(&rows, Mode::Strict)
        .iter()
        .all(|p| p.severity == Severity::Error));
}
