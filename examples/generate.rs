//! `generate`: a realistic, valid, deterministic data set for benches, demos and tests.
//!
//! ```text
//! cargo run --example generate -- --users N --month YYYYMM [--seed S] [--kinds K,K…] OUT
//! ```
//!
//! Writes one care office's month as the files of the standard — into the folder OUT, or as a
//! ZIP when OUT ends in `.zip`. KINDS (default: all) picks the transmission units:
//! - `ticket`: 第6表 (UPPLAN), 第7表 (UPSIKYU) and 利用者補足情報 (UPHOSOKU) for the month;
//! - `result`: 第6表 実績 (UPJSK), one file from each provider in the plan;
//! - `plan`: 第1表, 第2表, 第3表 and the 補足 of a plan set (UPHOSOKU_000000);
//! - `yobo`: 利用者基本情報 with its 別表1/2, and 介護予防サービス・支援計画書 with its 別表;
//! - `delete`: one of each delete file (DLTPLAN, DLT1KYO, DLTJSK, DLTKIHON, DLTYOBO).
//!
//! The same arguments always give the same bytes. 第6表 and 第7表 come from the benches'
//! generator (benches/support/gen.rs: realistic service codes and times, 日割 masks, TAIS and
//! 届出 codes, free text with commas and quotes); the other kinds are the spec-built fixtures
//! of tests/fixtures, given each user's numbers and a name in kanji (髙 included) with its
//! reading in half-width kana. The example reads everything it wrote back in strict mode —
//! every file, every transmission unit and the relations between files — and exits 1 if
//! anything is an error.

#[path = "../tests/fixtures/mod.rs"]
mod fixtures;
#[path = "../benches/support/gen.rs"]
mod gen;

use std::io::{self, Cursor, Write};
use std::path::PathBuf;

use careplan::bundle::{ArchiveWriter, FileSet, LoadOptions, SequenceAllocator};
use careplan::csv::{FileName, FileReaderBuilder, FileWriterBuilder, Mode, Party, Sequence};
use careplan::model::table6::Table6Record;
use careplan::model::value::YearMonth;
use careplan::FileKind;

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = run(&args, &mut io::stdout().lock(), &mut io::stderr().lock());
    std::process::exit(code);
}

const USAGE: &str = "usage: generate --users N --month YYYYMM [--seed S] [--kinds ticket,result,plan,yobo,delete] OUT";
const KINDS: [&str; 5] = ["ticket", "result", "plan", "yobo", "delete"];
/// The 地域包括支援センター that sends the 予防 files, and their receiver.
const CENTER: (&str, &str) = ("1310000099", "46");
const YOBO_PROVIDER: (&str, &str) = ("1310000005", "A6");

struct Options {
    users: usize,
    month: YearMonth,
    seed: u64,
    kinds: Vec<String>,
    out: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let (mut users, mut month, mut seed, mut kinds, mut out) =
        (None, None, 1u64, KINDS.map(String::from).to_vec(), None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} takes a value"));
        match a.as_str() {
            "--users" => {
                users = Some(
                    value()?
                        .parse::<usize>()
                        .map_err(|e| format!("--users: {e}"))?,
                )
            }
            "--month" => {
                month = Some(
                    value()?
                        .parse::<YearMonth>()
                        .map_err(|e| format!("--month: {e}"))?,
                )
            }
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--kinds" => {
                kinds = value()?.split(',').map(str::to_string).collect();
                if let Some(k) = kinds.iter().find(|k| !KINDS.contains(&k.as_str())) {
                    return Err(format!("unknown kind {k}; kinds are {}", KINDS.join(",")));
                }
            }
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let users = users.ok_or("--users is required")?;
    if users == 0 {
        return Err("--users must be at least 1".into());
    }
    Ok(Options {
        users,
        month: month.ok_or("--month is required")?,
        seed,
        kinds,
        out: out.ok_or("OUT is required")?,
    })
}

/// Runs `generate`; returns the exit status.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let opts = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(err, "{e}\n{USAGE}");
            return 2;
        }
    };
    let files = match build(&opts) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 1;
        }
    };
    if let Err(e) = save(&opts, &files) {
        let _ = writeln!(err, "{}: {e}", opts.out.display());
        return 2;
    }
    let _ = writeln!(out, "wrote {} files to {}", files.len(), opts.out.display());
    verify(&files, out)
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

    if o.kinds.iter().any(|k| k == "ticket") {
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
    if o.kinds.iter().any(|k| k == "result") {
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
    if o.kinds.iter().any(|k| k == "plan") {
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
    if o.kinds.iter().any(|k| k == "yobo") {
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
    if o.kinds.iter().any(|k| k == "delete") {
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

fn save(o: &Options, files: &Files) -> io::Result<()> {
    if o.out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        let mut zip = ArchiveWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in files {
            zip.add(name, bytes).map_err(io::Error::other)?;
        }
        let bytes = zip.finish().map_err(io::Error::other)?.into_inner();
        std::fs::write(&o.out, bytes)
    } else {
        std::fs::create_dir_all(&o.out)?;
        for (name, bytes) in files {
            std::fs::write(o.out.join(name), bytes)?;
        }
        Ok(())
    }
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
