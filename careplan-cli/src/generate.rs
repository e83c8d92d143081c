//! `careplan generate`: a realistic, valid, deterministic data set for benches, demos and
//! tests.
//!
//! Writes one care office's month as the files of the standard — into a folder, or as a ZIP.
//! The kinds pick the transmission units:
//! - `ticket`: 第6表 (UPPLAN), 第7表 (UPSIKYU) and 利用者補足情報 (UPHOSOKU) for the month;
//! - `result`: 第6表 実績 (UPJSK), one file from each provider in the plan;
//! - `plan`: 第1表, 第2表, 第3表 and the 補足 of a plan set (UPHOSOKU_000000);
//! - `yobo`: 利用者基本情報 with its 別表1/2, and 介護予防サービス・支援計画書 with its 別表;
//! - `delete`: one of each delete file (DLTPLAN, DLT1KYO, DLTJSK, DLTKIHON, DLTYOBO).
//!
//! The same arguments always give the same bytes. 第6表 and 第7表 come from the benches'
//! generator (benches/support/gen.rs); the other kinds are the spec-built fixtures of
//! tests/fixtures, given each user's numbers and a name in kanji (髙 included) with its
//! reading in half-width kana. Everything written is read back in strict mode — every file,
//! every transmission unit and the relations between files — and any error exits 1.

// The spec-built fixtures and the benches' generator are shared with the tests and benches
// of the facade crate: one copy of each, in the workspace.
#[path = "../../tests/fixtures/mod.rs"]
mod fixtures;
#[path = "../../benches/support/gen.rs"]
mod gen;

use std::io::Write;
use std::path::PathBuf;

use careplan::bundle::{FileSet, LoadOptions, SequenceAllocator};
use careplan::csv::{FileName, FileReaderBuilder, FileWriterBuilder, Party, Sequence};
use careplan::model::table6::Table6Record;
use careplan::model::value::YearMonth;
use careplan::model::{FileKind, Mode};

use crate::cli::{GenKind, GenerateArgs};
use crate::output::Target;
use crate::Console;

/// The 地域包括支援センター that sends the 予防 files, and their receiver.
const CENTER: (&str, &str) = ("1310000099", "46");
const YOBO_PROVIDER: (&str, &str) = ("1310000005", "A6");

struct Options {
    users: usize,
    month: YearMonth,
    seed: u64,
    kinds: Vec<GenKind>,
    out: PathBuf,
}

/// Runs `generate`; returns the exit status.
pub(crate) fn run(args: &GenerateArgs, quiet: bool, console: &mut Console<'_>) -> i32 {
    let month = match args.month.parse::<YearMonth>() {
        Ok(m) => m,
        Err(e) => {
            let _ = writeln!(console.err, "--month {}: {e}", args.month);
            return 2;
        }
    };
    let opts = Options {
        users: args.users as usize,
        month,
        seed: args.seed,
        kinds: args.kinds.clone(),
        out: args.out.clone(),
    };
    let files = match build(&opts) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(console.err, "{e}");
            return 1;
        }
    };
    if let Err(e) = Target::new(&opts.out).save(&files, console.out) {
        let _ = writeln!(console.err, "{e}");
        return 2;
    }
    if !quiet {
        let _ = writeln!(
            console.out,
            "wrote {} files to {}",
            files.len(),
            opts.out.display()
        );
    }
    verify(&files, console.out)
}

type Files = Vec<(String, Vec<u8>)>;

fn build(o: &Options) -> Result<Files, Box<dyn std::error::Error>> {
    let mut files: Files = Vec::new();
    let prev = o.month.prev();
    let mut seq = SequenceAllocator::new(Sequence::from_datetime(
        prev.year(),
        prev.month(),
        25,
        9,
        30,
        0,
    )?);
    let month_text = o.month.to_string();

    // The plan of the month (benches/support/gen.rs), and who is in it.
    let mut upplan = Vec::new();
    gen::upplan(o.users, o.month, o.seed, &mut upplan)?;
    let mut upsikyu = Vec::new();
    gen::upsikyu(o.users, o.month, o.seed, &mut upsikyu)?;
    let plan_name = gen::file_name(gen::Table::Upplan, o.month);
    let mut lines: Vec<Table6Record> = Vec::new();
    let mut rdr = FileReaderBuilder::new()
        .mode(Mode::Strict)
        .from_reader(&upplan[..], &plan_name);
    for p in rdr.typed::<Table6Record>()? {
        if let Some(r) = p?.typed() {
            lines.push(r.clone());
        }
    }
    let mut users: Vec<(String, String)> = Vec::new();
    for l in &lines {
        let u = (l.insurer.to_string(), l.insured.to_string());
        if users.last() != Some(&u) && !users.contains(&u) {
            users.push(u);
        }
    }
    let party = |office: &str, kind: &str| -> Result<Party, Box<dyn std::error::Error>> {
        Ok(Party::new(office.parse()?, kind.parse()?))
    };
    let care_office = party(gen::CARE_OFFICE, "43")?;
    let name = |kind: FileKind,
                month: Option<YearMonth>,
                from: &Party,
                to: &Party,
                s: Sequence|
     -> Result<String, Box<dyn std::error::Error>> {
        let mut b = FileName::builder(kind)
            .sender_party(*from)
            .receiver_party(*to)
            .sequence(s);
        // A kind with a month in its name and no month given: `000000`.
        if kind.month_in_name() {
            b = match month {
                Some(m) => b.month(m),
                None => b.month_unset(),
            };
        }
        Ok(b.build()?.to_string())
    };
    let month = o.month;
    let home_care = party("1310000002", "11")?;

    if o.kinds.contains(&GenKind::Ticket) {
        let s = seq.next().ok_or("sequence")?;
        files.push((
            name(
                FileKind::UsagePlan,
                Some(month),
                &care_office,
                &home_care,
                s,
            )?,
            upplan.clone(),
        ));
        files.push((
            name(
                FileKind::UsageSummary,
                Some(month),
                &care_office,
                &home_care,
                s,
            )?,
            upsikyu,
        ));
        let hosoku: Vec<String> = users
            .iter()
            .enumerate()
            .map(|(i, (ins, insd))| hosoku_line(i, o.seed, ins, insd, "00000000", &month_text))
            .collect();
        files.push((
            name(FileKind::Hosoku, Some(month), &care_office, &home_care, s)?,
            fixtures::encode(&hosoku),
        ));
    }
    if o.kinds.contains(&GenKind::Result) {
        let mut offices: Vec<(String, String)> = Vec::new();
        for l in &lines {
            let o = (
                l.provider.to_string(),
                l.service_code.to_string()[..2].to_string(),
            );
            if !offices.iter().any(|x| x.0 == o.0) {
                offices.push(o);
            }
        }
        for (office, kind) in offices {
            let s = seq.next().ok_or("sequence")?;
            let file = name(
                FileKind::UsageResult,
                Some(month),
                &party(&office, &kind)?,
                &care_office,
                s,
            )?;
            let mut w =
                FileWriterBuilder::new().to_writer(Vec::new(), FileKind::UsageResult, &file);
            for l in lines.iter().filter(|l| l.provider.to_string() == office) {
                let mut r = l.clone();
                r.updater = Some(l.provider);
                w.write(&r)?;
            }
            files.push((file, w.finish()?.0));
        }
    }
    let plan_date = fixtures::items(&fixtures::valid(FileKind::Plan1)[0])[13].clone();
    if o.kinds.contains(&GenKind::Plan) {
        let s = seq.next().ok_or("sequence")?;
        for kind in [FileKind::Plan1, FileKind::Plan2, FileKind::Plan3] {
            files.push((
                name(kind, None, &care_office, &home_care, s)?,
                fixtures::encode(&per_user(kind, &users)),
            ));
        }
        let hosoku: Vec<String> = users
            .iter()
            .enumerate()
            .map(|(i, (ins, insd))| hosoku_line(i, o.seed, ins, insd, &plan_date, "000000"))
            .collect();
        files.push((
            name(FileKind::Hosoku, None, &care_office, &home_care, s)?,
            fixtures::encode(&hosoku),
        ));
    }
    let (center, yobo_provider) = (
        party(CENTER.0, CENTER.1)?,
        party(YOBO_PROVIDER.0, YOBO_PROVIDER.1)?,
    );
    if o.kinds.contains(&GenKind::Yobo) {
        let s = seq.next().ok_or("sequence")?;
        for kind in [
            FileKind::YoboKihon,
            FileKind::YoboKihonSub1,
            FileKind::YoboKihonSub2,
            FileKind::YoboPlan,
            FileKind::YoboPlanSub,
        ] {
            files.push((
                name(kind, None, &center, &yobo_provider, s)?,
                fixtures::encode(&per_user(kind, &users)),
            ));
        }
    }
    if o.kinds.contains(&GenKind::Delete) {
        let (ins, insd) = &users[0];
        let first = lines.first().ok_or("an empty plan")?;
        let kihon_date = fixtures::items(&fixtures::valid(FileKind::YoboKihon)[0])[3].clone();
        let yobo_date = fixtures::items(&fixtures::valid(FileKind::YoboPlan)[0])[3].clone();
        let provider = party(
            &first.provider.to_string(),
            &first.service_code.to_string()[..2],
        )?;
        let deletes = [
            (
                FileKind::UsagePlanDelete,
                Some(month),
                &care_office,
                &home_care,
                format!("202407,{ins},{insd},{month_text}"),
            ),
            (
                FileKind::Plan1Delete,
                None,
                &care_office,
                &home_care,
                format!("202407,{ins},{insd},{plan_date}"),
            ),
            (
                FileKind::UsageResultDelete,
                Some(month),
                &provider,
                &care_office,
                format!(
                    "202407,{ins},{insd},{month_text},{},{}",
                    first.provider,
                    &first.service_code.to_string()[..2]
                ),
            ),
            (
                FileKind::YoboKihonDelete,
                None,
                &center,
                &yobo_provider,
                format!("202407,{ins},{insd},{kihon_date}"),
            ),
            (
                FileKind::YoboPlanDelete,
                None,
                &center,
                &yobo_provider,
                format!("202407,{ins},{insd},{yobo_date}"),
            ),
        ];
        for (kind, m, from, to, line) in deletes {
            let s = seq.next().ok_or("sequence")?;
            files.push((name(kind, m, from, to, s)?, fixtures::encode(&[line])));
        }
    }
    Ok(files)
}

/// A name in kanji and its reading in half-width kana, picked by the user's number.
fn person(i: usize, seed: u64) -> (String, String) {
    const FAMILY: [(&str, &str); 8] = [
        ("山田", "ﾔﾏﾀﾞ"),
        ("佐藤", "ｻﾄｳ"),
        ("鈴木", "ｽｽﾞｷ"),
        ("髙橋", "ﾀｶﾊｼ"),
        ("渡邊", "ﾜﾀﾅﾍﾞ"),
        ("伊藤", "ｲﾄｳ"),
        ("小林", "ｺﾊﾞﾔｼ"),
        ("齋藤", "ｻｲﾄｳ"),
    ];
    const GIVEN: [(&str, &str); 6] = [
        ("花子", "ﾊﾅｺ"),
        ("一郎", "ｲﾁﾛｳ"),
        ("幸子", "ｻﾁｺ"),
        ("正", "ﾀﾀﾞｼ"),
        ("美代子", "ﾐﾖｺ"),
        ("清", "ｷﾖｼ"),
    ];
    let mut rng = gen::Rng::new(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let (f, fk) = rng.pick(&FAMILY);
    let (g, gk) = rng.pick(&GIVEN);
    (format!("{f} {g}"), format!("{fk} {gk}"))
}

/// A 利用者補足情報 line of user `i` (the fixture's, given the user's numbers and name).
fn hosoku_line(
    i: usize,
    seed: u64,
    insurer: &str,
    insured: &str,
    plan_date: &str,
    month: &str,
) -> String {
    let (name, kana) = person(i, seed);
    let mut l = fixtures::valid(FileKind::Hosoku)[0].clone();
    for (no, v) in [
        (2, insurer.to_string()),
        (3, insured.to_string()),
        (4, plan_date.to_string()),
        (5, format!("\"{kana}\"")),
        (6, format!("\"{name}\"")),
        (63, month.to_string()),
    ] {
        l = fixtures::set(&l, no, &v);
    }
    l
}

/// The fixture's lines of `kind` for its first user, repeated for every user with the
/// user's 保険者番号 and 被保険者番号.
fn per_user(kind: FileKind, users: &[(String, String)]) -> Vec<String> {
    let valid = fixtures::valid(kind);
    let first = fixtures::items(&valid[0])[2].clone();
    let template: Vec<&String> = valid
        .iter()
        .filter(|l| fixtures::items(l)[2] == first)
        .collect();
    let mut out = Vec::new();
    for (ins, insd) in users {
        for l in &template {
            out.push(fixtures::set(&fixtures::set(l, 2, ins), 3, insd));
        }
    }
    out
}

/// Reads every file back in strict mode and checks files, units and relations.
fn verify(files: &Files, out: &mut dyn Write) -> i32 {
    let mut set = FileSet::with_options(LoadOptions::new().mode(Mode::Strict));
    for (name, bytes) in files {
        if let Err(e) = set.add_bytes(name, bytes.clone()) {
            let _ = writeln!(out, "{name}: {e}");
            return 1;
        }
    }
    let mut errors = 0;
    for f in set.files() {
        let s = f.summary();
        let _ = writeln!(
            out,
            "  {}: {} records, {} users",
            f.display(),
            s.records,
            s.users
        );
        for p in f.problems().filter(|p| p.is_error()) {
            errors += 1;
            let _ = writeln!(out, "    {}", p.message_en());
        }
    }
    for unit in set.units() {
        let problems = unit.problems();
        let _ = writeln!(
            out,
            "  unit {}: {}",
            unit.kind()
                .map_or("?".to_string(), |k| k.name_ja().to_string()),
            if problems.iter().any(|p| p.is_error()) {
                "errors"
            } else {
                "complete"
            }
        );
        for p in problems.iter().filter(|p| p.is_error()) {
            errors += 1;
            let _ = writeln!(out, "    {}", p.message_en());
        }
    }
    let _ = writeln!(out, "{errors} errors");
    i32::from(errors > 0)
}
