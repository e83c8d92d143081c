//! `careplan generate`: a realistic, valid, deterministic data set for benches, demos and
//! tests.
//!
//! Writes one care office's month as the files of the standard — into a folder, or as a ZIP.
//! The kinds pick the transmission units:
//! - `ticket`: 第6表 (UPPLAN), 第7表 (UPSIKYU) and 利用者補足情報 (UPHOSOKU) for the month,
//!   one set to each provider office and kind in the plan, with the users it serves;
//! - `result`: 第6表 実績 (UPJSK), one file from each provider in the plan;
//! - `plan`: 第1表, 第2表, 第3表 and the 補足 of a plan set (UPHOSOKU_000000);
//! - `yobo`: 利用者基本情報 with its 別表1/2, and 介護予防サービス・支援計画書 with its 別表;
//! - `delete`: one of each delete file (DLTPLAN, DLT1KYO, DLTJSK, DLTKIHON, DLTYOBO).
//!
//! The same arguments always give the same bytes: the files are the library's
//! [`SampleMonth`] (careplan-bundle's `sample` module: 第7表 computed by its
//! `Table7Builder`, the other kinds its spec-built samples given each user's numbers and a
//! name in kanji, 髙 included, with its reading in half-width kana). The month is 2025-04
//! unless `--month` says otherwise, and cannot be earlier: the files carry CSVバージョン
//! 202407, in force from service month 2025-04. Everything written is read back in strict
//! mode — every file, every transmission unit and the relations between files — and any
//! error exits 1.

use std::io::Write;

use careplan::bundle::sample::{SampleMonth, SampleUnit};
use careplan::bundle::{FileSet, LoadOptions};
use careplan::model::value::YearMonth;
use careplan::model::{Mode, Problem};

use crate::cli::{GenKind, GenerateArgs, Lang};
use crate::output::Target;
use crate::Console;

/// Runs `generate`; returns the exit status.
pub(crate) fn run(args: &GenerateArgs, quiet: bool, console: &mut Console<'_>) -> i32 {
    let lang = Lang::resolve(args.lang);
    let first = SampleMonth::first_month();
    let month = match args.month.as_deref().map(str::parse::<YearMonth>) {
        None => first,
        Some(Ok(m)) if m >= first => m,
        Some(Ok(m)) => {
            let _ = match lang {
                Lang::En => writeln!(
                    console.err,
                    "--month {m}: the generated files carry CSV version 202407, in force from \
                     service month {first}; give {first} or later"
                ),
                Lang::Ja => writeln!(
                    console.err,
                    "--month {m}: 作るファイルの CSV バージョンは 202407 で、サービス提供月 {first} \
                     から使うものです。{first} 以降を指定してください"
                ),
            };
            return 2;
        }
        Some(Err(e)) => {
            let _ = writeln!(
                console.err,
                "--month {}: {e}",
                args.month.as_deref().unwrap_or("")
            );
            return 2;
        }
    };
    let units = args.kinds.iter().map(|k| match k {
        GenKind::Ticket => SampleUnit::Ticket,
        GenKind::Result => SampleUnit::Result,
        GenKind::Plan => SampleUnit::Plan,
        GenKind::Yobo => SampleUnit::Yobo,
        GenKind::Delete => SampleUnit::Delete,
    });
    let sample = SampleMonth::new(args.users as usize)
        .month(month)
        .seed(args.seed)
        .units(units);
    let files = match sample.build() {
        Ok(f) => f,
        Err(e) => {
            let _ = match lang {
                Lang::En => writeln!(console.err, "{e}"),
                Lang::Ja => writeln!(console.err, "{}", e.message_ja()),
            };
            return 1;
        }
    };
    if let Err(e) = Target::new(&args.out).save(&files, console.out) {
        let _ = writeln!(console.err, "{e}");
        return 2;
    }
    if !quiet {
        let _ = match lang {
            Lang::En => writeln!(
                console.out,
                "wrote {} to {}",
                count(files.len() as u64, "file", "files"),
                args.out.display()
            ),
            Lang::Ja => writeln!(
                console.out,
                "{} 個のファイルを {} に書き出しました",
                files.len(),
                args.out.display()
            ),
        };
    }
    verify(&files, quiet, lang, console.out)
}

/// `1 user`, `3 users`.
fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n: u64 = n.into();
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

type Files = Vec<(String, Vec<u8>)>;

/// Reads every file back in strict mode and checks files, units and relations; lists them
/// unless `quiet` (the errors are always printed).
fn verify(files: &Files, quiet: bool, lang: Lang, out: &mut dyn Write) -> i32 {
    let mut set = FileSet::with_options(LoadOptions::new().mode(Mode::Strict));
    for (name, bytes) in files {
        if let Err(e) = set.add_bytes(name, bytes.clone()) {
            let _ = writeln!(out, "{name}: {e}");
            return 1;
        }
    }
    let message = |p: &Problem| match lang {
        Lang::En => p.message_en(),
        Lang::Ja => p.message_ja(),
    };
    let mut errors = 0;
    for f in set.files() {
        let s = f.summary();
        if !quiet {
            let _ = match lang {
                Lang::En => writeln!(
                    out,
                    "  {}: {}, {}",
                    f.display(),
                    count(s.records, "record", "records"),
                    count(s.users, "user", "users")
                ),
                Lang::Ja => writeln!(
                    out,
                    "  {}: {} 件、利用者 {} 人",
                    f.display(),
                    s.records,
                    s.users
                ),
            };
        }
        for p in f.problems().filter(|p| p.is_error()) {
            errors += 1;
            let _ = writeln!(out, "    {}", message(p));
        }
    }
    for unit in set.units() {
        let problems = unit.problems();
        let bad = problems.iter().any(|p| p.is_error());
        if !quiet || bad {
            let state = match (lang, bad) {
                (Lang::En, true) => "errors",
                (Lang::En, false) => "complete",
                (Lang::Ja, true) => "誤りあり",
                (Lang::Ja, false) => "そろっています",
            };
            let _ = match lang {
                Lang::En => writeln!(
                    out,
                    "  unit {}: {state}",
                    unit.kind().map_or("?", |k| k.name_ja())
                ),
                Lang::Ja => writeln!(
                    out,
                    "  送信単位 {}: {state}",
                    unit.kind().map_or("?", |k| k.name_ja())
                ),
            };
        }
        for p in problems.iter().filter(|p| p.is_error()) {
            errors += 1;
            let _ = writeln!(out, "    {}", message(p));
        }
    }
    if !quiet || errors > 0 {
        let _ = match lang {
            Lang::En => writeln!(out, "{}", count(errors as u64, "error", "errors")),
            Lang::Ja => writeln!(out, "誤り {errors} 件"),
        };
    }
    i32::from(errors > 0)
}
