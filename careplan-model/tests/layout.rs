//! The layout engine against the layouts of the standard: tables, versions, and one broken
//! record per check. Every fixture is built here from the spec's tables.

mod common;

use careplan_model::__private::{validate, Context, Validator};
use careplan_model::value::{CsvVersion, Generation};
use careplan_model::{
    FileKind, Format, Layout, Mode, Position, Problem, ProblemKind, RawRecord, Severity,
};

use common::{record, TABLE6_VALID, UPSIKYU_VALID};

fn table6() -> &'static Layout {
    Layout::get("TABLE6").unwrap()
}

/// A 第6表 record with item No. `no` set to `value`, at line 12 of a file.
fn table6_with(no: usize, value: &str) -> RawRecord {
    let mut values = TABLE6_VALID;
    values[no - 1] = value;
    let mut r = record(table6(), &values);
    r.set_position(Position::new(2048, 12, 12));
    r
}

fn lenient() -> Context<'static> {
    Context::new(Mode::Lenient).with_kind(FileKind::UsagePlan)
}

fn strict() -> Context<'static> {
    Context::new(Mode::Strict).with_kind(FileKind::UsagePlan)
}

/// The only problem of `record` against 第6表.
fn only_problem(record: &RawRecord, ctx: &Context<'_>) -> Problem {
    let problems = validate(table6(), record, ctx);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.into_iter().next().unwrap()
}

// ---------------------------------------------------------------- tables

#[test]
fn every_layout_has_its_item_count() {
    let counts = [
        ("TABLE6", 25),
        ("UPSIKYU", 37),
        ("UPHOSOKU", 63),
        ("UP1KYO", 28),
        ("UP2KYO", 22),
        ("UP3KYO", 13),
        ("DLTPLAN", 4),
        ("DLTJSK", 6),
        ("DLT1KYO", 4),
        ("UPKIHON", 71),
        ("UPKIHON_SUB1", 7),
        ("UPKIHON_SUB2", 11),
        ("UPYOBO", 57),
        ("UPYOBO_SUB", 17),
        ("DLTKIHON", 4),
        ("DLTYOBO", 4),
    ];
    assert_eq!(Layout::all().len(), counts.len());
    for (name, n) in counts {
        let l = Layout::get(name).unwrap_or_else(|| panic!("no layout {name}"));
        assert_eq!(l.len(), n, "{name}");
        assert_eq!(l.generation, Generation::V4, "{name}");
        for (i, item) in l.items.iter().enumerate() {
            assert_eq!(usize::from(item.no), i + 1, "{name}");
            assert_eq!(item.column(), i);
        }
    }
}

#[test]
fn every_layout_starts_with_version_insurer_insured() {
    for l in Layout::all() {
        let first: Vec<(&str, Format)> = l.items[..3].iter().map(|i| (i.name, i.format)).collect();
        assert_eq!(
            first,
            [
                ("CSVバージョン", Format::YearMonth),
                ("保険者番号", Format::InsurerId),
                ("被保険者番号", Format::InsuredId)
            ],
            "{}",
            l.name
        );
        assert!(l.items[..3].iter().all(|i| i.required), "{}", l.name);
    }
}

#[test]
fn files_tsv_lists_only_layouts_the_library_has() {
    let files = include_str!("../layouts/FILES.tsv");
    let mut rows = files.lines();
    assert_eq!(
        rows.next(),
        Some("id\tname\tprefix\tlayout\tmonth_in_name\tsender\treceiver\tnotes")
    );
    let mut seen = 0;
    for row in rows.filter(|r| !r.is_empty()) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (id, prefix, layout) = (cols[0], cols[2], cols[3]);
        let kind = FileKind::from_prefix(prefix).unwrap_or_else(|| panic!("no kind {prefix}"));
        assert_eq!(kind.id(), id);
        if layout == "-" {
            assert!(kind.layout().is_none(), "{prefix}");
        } else {
            let stem = layout
                .strip_prefix("layouts/")
                .and_then(|l| l.strip_suffix(".tsv"))
                .unwrap_or_else(|| panic!("odd layout path {layout}"));
            assert!(
                Layout::get(stem).is_some(),
                "FILES.tsv lists {stem}, which the library does not have"
            );
            assert_eq!(kind.layout().map(|l| l.name), Some(stem), "{prefix}");
        }
        seen += 1;
    }
    assert_eq!(seen, FileKind::ALL.len());
}

#[test]
fn item_facts_read_from_the_tables() {
    let t6 = table6();
    assert!(t6.item(7).unwrap().is_text());
    assert!(!t6.item(8).unwrap().is_text());
    assert!(t6.item(20).unwrap().is_office_number());
    assert!(!t6.item(22).unwrap().is_office_number());
    let time = t6.item(12).unwrap();
    assert_eq!(
        time.value("9999").unwrap().meaning,
        "時間表示の無いサービス"
    );
    assert_eq!(t6.item_by_name("サービスコード").unwrap().no, 15);
    let r = t6.item(10).unwrap().item_ref();
    assert_eq!((r.no, r.name), (10, "サービス利用日"));
    assert!(t6.item(0).is_none() && t6.item(26).is_none());
}

// ---------------------------------------------------------------- versions

#[test]
fn v3_layouts_lack_the_equipment_items() {
    let v = CsvVersion::V202208;
    let t6 = Layout::for_version(FileKind::UsagePlan, v).unwrap();
    assert_eq!(
        (t6.name, t6.len(), t6.generation),
        ("TABLE6_V3", 22, Generation::V3)
    );
    assert_eq!(Layout::for_version(FileKind::UsageResult, v).unwrap(), t6);
    let t7 = Layout::for_version(FileKind::UsageSummary, v).unwrap();
    assert_eq!((t7.name, t7.len()), ("UPSIKYU_V3", 34));
    for l in [t6, t7] {
        for name in ["TAISコード", "福祉用具届出コード", "用具名称（機種名）"]
        {
            assert!(l.item_by_name(name).is_none(), "{} {name}", l.name);
        }
    }
    // items after サービスコード are three lower
    assert_eq!(t6.item_by_name("サービス事業者コード").unwrap().no, 17);
    assert_eq!(t7.item_by_name("回数／日数").unwrap().no, 13);
    assert_eq!(t7.item_by_name("回数／日数").unwrap().length, Some(2));
    for v in ["201910", "202003"] {
        let v: CsvVersion = v.parse().unwrap();
        assert_eq!(Layout::for_version(FileKind::UsagePlan, v), Some(t6));
    }
}

#[test]
fn v4_and_unknown_versions_use_the_current_layouts() {
    for v in ["202504", "202407", "202410", "202404"] {
        let v: CsvVersion = v.parse().unwrap();
        assert_eq!(
            Layout::for_version(FileKind::UsagePlan, v).unwrap().name,
            "TABLE6"
        );
        assert_eq!(
            Layout::for_version(FileKind::UsageSummary, v).unwrap().name,
            "UPSIKYU"
        );
    }
    // kinds without a 3.x form keep their table
    let v = CsvVersion::V201910;
    assert_eq!(
        Layout::for_version(FileKind::Hosoku, v).unwrap().name,
        "UPHOSOKU"
    );
    assert_eq!(Layout::for_version(FileKind::YoboKihonImage, v), None);
}

#[test]
fn a_202208_record_is_read_with_the_3x_layout() {
    let mut values: Vec<&str> = TABLE6_VALID.to_vec();
    values.drain(15..18);
    values[0] = "202208";
    let r = RawRecord::from_texts(&values);
    let layout = Layout::for_record(FileKind::UsagePlan, &r).unwrap();
    assert_eq!(layout.name, "TABLE6_V3");
    let r = record(layout, &values);
    assert_eq!(validate(layout, &r, &lenient()), vec![]);
    // The same record against the 4.x table is three items short.
    let p = validate(table6(), &r, &lenient());
    assert_eq!(p[0].kind, ProblemKind::FieldCount);
    assert_eq!(p[0].found.as_deref(), Some("22"));
    assert_eq!(p[0].expected.as_deref(), Some("25"));
}

#[test]
fn a_3x_summary_row_has_two_digit_counts() {
    let mut values: Vec<&str> = UPSIKYU_VALID.to_vec();
    values.drain(9..12);
    values[0] = "202003";
    let layout = Layout::for_version(FileKind::UsageSummary, CsvVersion::V202003).unwrap();
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::UsageSummary);
    assert_eq!(validate(layout, &record(layout, &values), &ctx), vec![]);
    values[12] = "100"; // No.13 回数／日数 (No.16 in 4.x)
    let p = validate(layout, &record(layout, &values), &ctx);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].kind, ProblemKind::TooLong);
    assert_eq!(p[0].location.item.unwrap().no, 13);
    assert_eq!(
        p[0].message_ja(),
        "第7表 No.13 回数／日数: 100 は長すぎます（2 文字まで）"
    );
}

#[test]
fn unknown_version_202410_is_reported_not_fatal() {
    let r = table6_with(1, "202410");
    let p = only_problem(&r, &lenient());
    assert_eq!(p.kind, ProblemKind::UnknownVersion);
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.location.item.unwrap().no, 1);
    assert_eq!(p.found.as_deref(), Some("202410"));
    assert_eq!(
        p.message_ja(),
        "12行目 第6表 No.1 CSVバージョン: CSVバージョン 202410 は版数4.1の発行年月で、CSVバージョンの値ではありません。4.1 は 202407 です"
    );
    assert_eq!(
        p.message_en(),
        "line 12, 第6表 No.1 CSVバージョン: CSV version 202410 is the month version 4.1 was published, not a version value: 4.1 writes 202407"
    );
    // Another unknown value gets the list of the known ones.
    let p = only_problem(&table6_with(1, "202411"), &lenient());
    assert_eq!(
        p.message_en(),
        "line 12, 第6表 No.1 CSVバージョン: CSV version 202411 is not a known version (expected 201910, 202003, 202208, 202504, 202407)"
    );
    assert_eq!(only_problem(&r, &strict()).severity, Severity::Error);
    let r = Validator::for_kind(
        FileKind::YoboPlan,
        CsvVersion::V202407,
        Context::new(Mode::Lenient),
    )
    .unwrap();
    assert_eq!(r.layout().name, "UPYOBO");
    assert_eq!(r.context().kind(), Some(FileKind::YoboPlan));
}

// ---------------------------------------------------------------- a valid record

#[test]
fn a_valid_table6_record_validates_clean_in_both_modes() {
    let r = table6_with(1, "202407");
    assert_eq!(validate(table6(), &r, &strict()), vec![]);
    assert_eq!(validate(table6(), &r, &lenient()), vec![]);
    let summary = Layout::get("UPSIKYU").unwrap();
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::UsageSummary);
    assert_eq!(
        validate(summary, &record(summary, &UPSIKYU_VALID), &ctx),
        vec![]
    );
}

#[test]
fn time_9999_and_seiho_numbers_are_valid() {
    let mut values = TABLE6_VALID;
    values[11] = "9999";
    values[12] = "9999";
    values[2] = "H123456789";
    assert_eq!(
        validate(table6(), &record(table6(), &values), &strict()),
        vec![]
    );
}

#[test]
fn empty_items_may_be_bare_or_quoted() {
    let mut r = RawRecord::new();
    for (i, v) in TABLE6_VALID.iter().enumerate() {
        // every empty item written "" and every empty free text bare: no problem either way
        let quoted = if v.is_empty() {
            !table6().items[i].is_text()
        } else {
            table6().items[i].is_text()
        };
        r.push_field(v, quoted);
    }
    assert_eq!(validate(table6(), &r, &strict()), vec![]);
}

// ---------------------------------------------------------------- one broken record per check

#[test]
fn invalid_date_names_line_table_item_and_value() {
    let mut r = table6_with(10, "20240230");
    let ctx = lenient().with_file("UPPLAN_202504_0300000100_43_0300000005_11_20250325120000.CSV");
    let p = only_problem(&r, &ctx);
    assert_eq!(p.kind, ProblemKind::InvalidDate);
    assert_eq!(p.severity, Severity::Error);
    assert_eq!(
        p.message_ja(),
        "12行目 第6表 No.10 サービス利用日: 20240230 は存在しない日付です"
    );
    assert_eq!(
        p.message_en(),
        "line 12, 第6表 No.10 サービス利用日: 20240230 is not a date in the calendar"
    );
    assert_eq!(p.expected.as_deref(), Some("YYYYMMDD"));
    assert_eq!(p.found.as_deref(), Some("20240230"));
    let loc = &p.location;
    assert_eq!(
        (loc.line, loc.record, loc.byte, loc.kind),
        (Some(12), Some(12), Some(2048), Some(FileKind::UsagePlan))
    );
    assert_eq!(
        loc.file.as_deref(),
        Some("UPPLAN_202504_0300000100_43_0300000005_11_20250325120000.CSV")
    );
    assert!(p.to_string().starts_with("UPPLAN_202504_"));
    // a record built in memory has no line
    r.set_position(Position::default());
    let p = only_problem(&r, &lenient());
    assert_eq!((p.location.line, p.location.byte), (None, None));
    assert_eq!(
        p.message_ja(),
        "第6表 No.10 サービス利用日: 20240230 は存在しない日付です"
    );
}

#[test]
fn invalid_format() {
    // 2400 is the end of the day (the standard only says HHMM): 2460 is no time.
    assert!(validate(table6(), &table6_with(13, "2400"), &strict()).is_empty());
    let p = only_problem(&table6_with(12, "2460"), &lenient());
    assert_eq!(p.kind, ProblemKind::InvalidFormat);
    assert_eq!(p.location.item.unwrap().no, 12);
    assert_eq!(
        p.message_ja(),
        "12行目 第6表 No.12 サービス開始時刻: 2460 は 0000〜2359 または 2400 の時刻ではなく、9999 でもありません"
    );
    assert_eq!(
        p.message_en(),
        "line 12, 第6表 No.12 サービス開始時刻: 2460 is not a time of day from 0000 to 2359, or 2400, nor 9999"
    );
    let p = only_problem(&table6_with(20, "300000005"), &lenient());
    assert_eq!(p.kind, ProblemKind::InvalidFormat);
    assert_eq!(p.expected.as_deref(), Some("NNNNNNNNNN"));
    let p = only_problem(&table6_with(3, "H12345678"), &lenient());
    assert_eq!(
        (p.kind, p.location.item.unwrap().no),
        (ProblemKind::InvalidFormat, 3)
    );
}

#[test]
fn too_long_counts_characters() {
    let p = only_problem(&table6_with(14, "100"), &lenient());
    assert_eq!(p.kind, ProblemKind::TooLong);
    assert_eq!(p.expected.as_deref(), Some("2"));
    assert_eq!(
        p.message_ja(),
        "12行目 第6表 No.14 サービス回数: 100 は長すぎます（2 文字まで）"
    );
    assert_eq!(
        p.message_en(),
        "line 12, 第6表 No.14 サービス回数: 100 is too long: at most 2 characters"
    );
    // 12 characters written with a full-width hyphen take 14 bytes: not too long
    assert_eq!(
        validate(table6(), &table6_with(16, "00001－000010"), &strict()),
        vec![]
    );
}

#[test]
fn missing_required() {
    let p = only_problem(&table6_with(15, ""), &lenient());
    assert_eq!(p.kind, ProblemKind::MissingRequired);
    assert_eq!(
        p.message_ja(),
        "12行目 第6表 No.15 サービスコード: 必須項目が空です"
    );
    assert_eq!(
        p.message_en(),
        "line 12, 第6表 No.15 サービスコード: this required item is empty"
    );
}

#[test]
fn unknown_code_lists_the_codes() {
    let p = only_problem(&table6_with(23, "2"), &lenient());
    assert_eq!(p.kind, ProblemKind::UnknownCode);
    assert_eq!(
        p.message_ja(),
        "12行目 第6表 No.23 ３０日超区分: 2 は使えるコード（1、0）のどれでもありません"
    );
    assert_eq!(
        p.message_en(),
        "line 12, 第6表 No.23 ３０日超区分: 2 is not one of the codes 1, 0"
    );
    assert_eq!(
        p.expected.as_deref(),
        Some("1|0"),
        "the codes stay a value of the notation in JSON"
    );
}

#[test]
fn unused_item_with_a_value_is_a_warning() {
    let p = only_problem(&table6_with(25, "1"), &strict());
    assert_eq!(p.kind, ProblemKind::UnusedNotEmpty);
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(
        p.message_ja(),
        "12行目 第6表 No.25 識別子: 使用しない項目に値 1 があります"
    );
}

#[test]
fn quoting_deviations_are_errors_in_strict_and_warnings_in_lenient_mode() {
    // No.8 単位数 quoted
    let mut r = table6_with(1, "202407");
    r.set_quoted(7, true);
    let p = only_problem(&r, &strict());
    assert_eq!(
        (p.kind, p.severity),
        (ProblemKind::QuotedNonText, Severity::Error)
    );
    assert_eq!(p.location.item.unwrap().no, 8);
    assert_eq!(
        p.message_ja(),
        "12行目 第6表 No.8 単位数: 300 がダブルクォートで囲まれています。囲むのはフリーテキストだけです"
    );
    assert_eq!(only_problem(&r, &lenient()).severity, Severity::Warning);
    // No.7 プラン担当者名 (free text) bare
    let mut r = table6_with(1, "202407");
    r.set_quoted(6, false);
    let p = only_problem(&r, &strict());
    assert_eq!(
        (p.kind, p.severity),
        (ProblemKind::UnquotedText, Severity::Error)
    );
    assert_eq!(
        p.message_en(),
        "line 12, 第6表 No.7 プラン担当者名: free text 山田 花子 is not enclosed in double quotes"
    );
    assert_eq!(only_problem(&r, &lenient()).severity, Severity::Warning);
}

#[test]
fn quoting_and_format_are_both_reported() {
    let mut r = table6_with(10, "20240230");
    r.set_quoted(9, true);
    let kinds: Vec<ProblemKind> = validate(table6(), &r, &lenient())
        .iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(
        kinds,
        [ProblemKind::QuotedNonText, ProblemKind::InvalidDate]
    );
}

#[test]
fn field_count_names_the_first_misfit_item() {
    // PITFALLS: one row per service with 31 day columns instead of one record per date
    let mut values: Vec<&str> = TABLE6_VALID[..9].to_vec();
    let days: Vec<&str> = (1..=31)
        .map(|d| if d % 7 == 1 { "1" } else { "" })
        .collect();
    values.extend(&days);
    values.extend(&TABLE6_VALID[10..]);
    assert_eq!(values.len(), 55);
    let mut r = record(table6(), &values);
    r.set_position(Position::new(0, 3, 3));
    let p = validate(table6(), &r, &lenient());
    assert_eq!(p.len(), 2, "{p:#?}");
    assert_eq!(p[0].kind, ProblemKind::FieldCount);
    assert_eq!(p[0].severity, Severity::Error);
    assert_eq!(
        p[0].message_ja(),
        "3行目 第6表: 項目数が 55 です。25 項目のはずです"
    );
    assert_eq!(
        p[0].message_en(),
        "line 3, 第6表: the record has 55 items, expected 25"
    );
    let misfit = p[0].related.as_ref().unwrap().item.unwrap();
    assert_eq!((misfit.no, misfit.name), (10, "サービス利用日"));
    assert_eq!(p[1].kind, ProblemKind::InvalidFormat);
    assert_eq!(
        p[1].message_ja(),
        "3行目 第6表 No.10 サービス利用日: 1 は年月日ではありません"
    );
}

#[test]
fn field_count_without_a_misfit() {
    // one item short at the end: every item that is there fits
    let r = record(table6(), &TABLE6_VALID[..24]);
    let p = validate(table6(), &r, &lenient());
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].kind, ProblemKind::FieldCount);
    assert_eq!(
        (p[0].found.as_deref(), p[0].expected.as_deref()),
        (Some("24"), Some("25"))
    );
    assert!(p[0].related.is_none());
    // an empty record
    let p = validate(table6(), &RawRecord::new(), &lenient());
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].found.as_deref(), Some("0"));
}

#[test]
fn validate_into_appends_after_existing_problems() {
    let v = Validator::new(table6(), lenient());
    let mut out = vec![Problem::warning(ProblemKind::LineEnding)];
    v.validate_into(&record(table6(), &TABLE6_VALID[..24]), &mut out);
    assert_eq!(out.len(), 2);
    assert_eq!(out[1].kind, ProblemKind::FieldCount);
    v.validate_into(&table6_with(1, "202407"), &mut out);
    assert_eq!(out.len(), 2);
}

// ---------------------------------------------------------------- other formats and rows

#[test]
fn summary_special_rows() {
    let summary = Layout::get("UPSIKYU").unwrap();
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::UsageSummary);
    let with = |no: usize, v: &'static str| {
        let mut values = UPSIKYU_VALID;
        values[no - 1] = v;
        validate(summary, &record(summary, &values), &ctx)
    };
    for code in ["17AAAA", "17EEEE", "17ZZZZ", "999999"] {
        assert_eq!(with(9, code), vec![], "{code}");
    }
    let p = with(9, "17XXXX");
    assert_eq!(
        (p[0].kind, p[0].location.item.unwrap().no),
        (ProblemKind::InvalidFormat, 9)
    );
    assert_eq!(
        p[0].expected.as_deref(),
        Some("XXNNNN|xxAAAA|xxEEEE|xxZZZZ|999999")
    );
    // equipment codes with either hyphen; decimals
    assert_eq!(with(10, "00001-000010"), vec![]);
    assert_eq!(with(10, "00001000010")[0].kind, ProblemKind::InvalidFormat);
    assert_eq!(with(23, "11.4")[0].kind, ProblemKind::InvalidFormat);
    assert_eq!(with(16, "100"), vec![]); // 3 digits in 4.x
    assert_eq!(with(16, "1000")[0].kind, ProblemKind::TooLong);
    // table 6 does not allow the subtotal forms
    let p = only_problem(&table6_with(15, "11AAAA"), &lenient());
    assert_eq!(p.kind, ProblemKind::InvalidFormat);
    assert_eq!(p.expected.as_deref(), Some("XXNNNN"));
}

#[test]
fn day_mask() {
    assert_eq!(
        validate(
            table6(),
            &table6_with(11, "1111100000000000000000000000000"),
            &strict()
        ),
        vec![]
    );
    let p = only_problem(
        &table6_with(11, "111110000000000000000000000000"),
        &lenient(),
    );
    assert_eq!(p.kind, ProblemKind::InvalidFormat);
    assert_eq!(p.expected.as_deref(), Some("0|1 ×31"));
}

#[test]
fn hosoku_special_values_and_other_formats() {
    let l = FileKind::Hosoku.layout().unwrap();
    let ctx = Context::new(Mode::Strict).with_kind(FileKind::Hosoku);
    let mut values = vec![""; 63];
    values[..8].copy_from_slice(&[
        "202407",
        "131045",
        "0123456789",
        "00000000",
        "ヤマダ ハナコ",
        "山田 花子",
        "2",
        "19400101",
    ]);
    values[8] = "100-0001";
    values[11] = "03-0000-0000";
    values[19] = "2A";
    values[62] = "202504";
    assert_eq!(validate(l, &record(l, &values), &ctx), vec![]);
    values[62] = "000000";
    values[3] = "20250301";
    assert_eq!(validate(l, &record(l, &values), &ctx), vec![]);
    let check = |no: usize, v: &'static str| {
        let mut vs = values.clone();
        vs[no - 1] = v;
        let p = validate(l, &record(l, &vs), &ctx);
        assert_eq!(p.len(), 1, "{p:#?}");
        (p[0].kind, p[0].location.item.unwrap().no)
    };
    assert_eq!(check(9, "1000001"), (ProblemKind::InvalidFormat, 9));
    assert_eq!(check(12, "03 0000 0000"), (ProblemKind::InvalidFormat, 12));
    let mut vs = values.clone();
    vs[11] = "03(0000)0000";
    assert_eq!(validate(l, &record(l, &vs), &ctx), vec![]);
    assert_eq!(check(20, "99"), (ProblemKind::UnknownCode, 20));
    assert_eq!(check(7, "3"), (ProblemKind::UnknownCode, 7));
    assert_eq!(check(8, "19410229"), (ProblemKind::InvalidDate, 8));
}
