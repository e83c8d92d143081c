//! `inspect`: read care-plan exchange files, validate them, group them into transmission
//! units, and report what they hold and every problem found.
//!
//! ```text
//! cargo run --example inspect -- [--strict] [--json] [--lang ja|en] [--rewrite DIR] PATH...
//! ```
//!
//! PATH is a CSV file, a folder (read with its sub-folders), or a ZIP archive (files
//! anywhere inside, several units in one archive, other entries noted). Per file it prints
//! the name, kind, CSV version, month, sender and receiver, record and user counts, then
//! each problem as `FILE:LINE: No.N 項目名: message`. Then the files with names of the
//! standard are grouped into transmission units (sequence number, sender, receiver), and
//! each unit is printed with its kind, month, files and the problems of its composition
//! and of the relations between its files (and with other units: 実績 without a 予定).
//! `--json` prints one JSON document instead: `files`, `units` (each with `sequence`,
//! `sender`, `receiver`, `kind`, `month`, `files` and `problems`), `notes` (entries left
//! aside) and `unreadable`. `--rewrite DIR` writes every file it could read again, through
//! the typed records, to DIR under the same name. Exit status: 0 when no file and no unit
//! has an error (warnings allowed), 1 when any has one, 2 when an input could not be read
//! at all.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use careplan::bundle::loaded::{FileSet, LoadOptions, LoadedFile, LoadedUnit};
use careplan::bundle::{relations, ArchiveNote, SkipReason};
use careplan::csv::filename::FileName;
use careplan::csv::{FileWriterBuilder, Parsed};
use careplan::{Mode, Problem};
use serde_json::{json, Value};

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let code = run(&args, &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(code);
}

struct Options {
    mode: Mode,
    json: bool,
    ja: bool,
    rewrite: Option<PathBuf>,
    paths: Vec<PathBuf>,
}

const USAGE: &str = "usage: inspect [--strict] [--json] [--lang ja|en] [--rewrite DIR] PATH...";

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        mode: Mode::Lenient,
        json: false,
        ja: false,
        rewrite: None,
        paths: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--strict" => o.mode = Mode::Strict,
            "--json" => o.json = true,
            "--lang" => match it.next().map(String::as_str) {
                Some("ja") => o.ja = true,
                Some("en") => o.ja = false,
                other => return Err(format!("--lang takes ja or en, found {other:?}")),
            },
            "--rewrite" => match it.next() {
                Some(d) => o.rewrite = Some(PathBuf::from(d)),
                None => return Err("--rewrite takes a folder".into()),
            },
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => o.paths.push(PathBuf::from(a)),
        }
    }
    if o.paths.is_empty() {
        return Err("no PATH given".into());
    }
    Ok(o)
}

/// What was learnt of one file.
struct FileReport<'a> {
    file: &'a LoadedFile,
    problems: Vec<Problem>,
}

/// What was learnt of one unit.
struct UnitReport<'a> {
    unit: &'a LoadedUnit<'a>,
    problems: Vec<Problem>,
}

/// An input that could not be read at all.
struct Unreadable {
    path: String,
    message: String,
}

/// Runs `inspect` with `args`, writing the report to `out` and fatal messages to `err`;
/// returns the exit status.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(err, "{e}\n{USAGE}");
            return 2;
        }
    };
    if let Some(dir) = &opts.rewrite {
        if let Err(e) = std::fs::create_dir_all(dir) {
            let _ = writeln!(err, "cannot create {}: {e}", dir.display());
            return 2;
        }
    }
    let mut set = FileSet::with_options(LoadOptions::new().mode(opts.mode));
    let mut unreadable = Vec::new();
    for path in &opts.paths {
        add_input(&mut set, path, true, &opts, &mut unreadable);
    }
    let mut files: Vec<FileReport<'_>> = set
        .files()
        .iter()
        .map(|f| {
            let mut problems: Vec<Problem> = f.problems().cloned().collect();
            problems.sort_by_key(|p| p.location.line.unwrap_or(0));
            FileReport { file: f, problems }
        })
        .collect();
    if let Some(dir) = &opts.rewrite {
        for r in &mut files {
            rewrite(r, dir, &opts, &mut unreadable);
        }
    }
    let units = set.units();
    let mut unit_reports: Vec<UnitReport<'_>> = units
        .iter()
        .map(|u| UnitReport {
            unit: u,
            problems: u.problems(),
        })
        .collect();
    for (i, p) in relations::check_across(&units) {
        if let Some(r) = unit_reports.get_mut(i) {
            r.problems.push(p);
        }
    }
    let _ = if opts.json {
        print_json(out, &set, &files, &unit_reports, &unreadable)
    } else {
        print_text(out, &opts, &set, &files, &unit_reports, &unreadable)
    };
    if !unreadable.is_empty() {
        for u in &unreadable {
            let _ = writeln!(err, "{}: {}", u.path, u.message);
        }
        2
    } else if set.has_errors()
        || files
            .iter()
            .any(|r| r.problems.iter().any(Problem::is_error))
        || unit_reports
            .iter()
            .any(|r| r.problems.iter().any(Problem::is_error))
    {
        1
    } else {
        0
    }
}

/// Adds a path: a folder file by file (so that one unreadable file does not hide the
/// others), a file or a ZIP archive. In a folder, only archives, CSV files and files with
/// a name of the standard are read.
fn add_input(
    set: &mut FileSet,
    path: &Path,
    given: bool,
    opts: &Options,
    unreadable: &mut Vec<Unreadable>,
) {
    let shown = path.display().to_string();
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return unreadable.push(Unreadable {
                    path: shown,
                    message: e.to_string(),
                })
            }
        };
        entries.sort();
        for p in entries {
            add_input(set, &p, false, opts, unreadable);
        }
        return;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let wanted = given
        || has_extension(&name, "zip")
        || has_extension(&name, "csv")
        || FileName::parse_with(&name, opts.mode).is_ok();
    if !wanted {
        return;
    }
    if let Err(e) = set.add_path(path) {
        let message = if opts.ja {
            e.message_ja()
        } else {
            e.to_string()
        };
        let prefix = format!("{shown}: ");
        unreadable.push(Unreadable {
            message: message
                .strip_prefix(&prefix)
                .map_or(message.clone(), str::to_string),
            path: shown,
        });
    }
}

/// Writes a file again through its records, to `dir` under its own name.
fn rewrite(r: &mut FileReport<'_>, dir: &Path, opts: &Options, unreadable: &mut Vec<Unreadable>) {
    let Some(kind) = r.file.kind().filter(|k| k.is_csv()) else {
        return;
    };
    let name = r.file.file_name();
    let target = dir.join(name);
    let f = match File::create(&target) {
        Ok(f) => f,
        Err(e) => {
            return unreadable.push(Unreadable {
                path: target.display().to_string(),
                message: e.to_string(),
            })
        }
    };
    let mut w = FileWriterBuilder::new().to_writer(BufWriter::new(f), kind, name);
    let mut written = Ok(());
    for parsed in r.file.records() {
        written = match parsed {
            Parsed::Typed { record, .. } => w.write_any(record),
            Parsed::Raw { record, .. } => w.write_raw(record),
            _ => Ok(()),
        };
        if written.is_err() {
            break;
        }
    }
    let finished = written.and_then(|()| w.finish());
    match finished {
        Ok((_, substitutions)) => r.problems.extend(substitutions),
        Err(e) => unreadable.push(Unreadable {
            path: format!("{} (rewrite)", r.file.display()),
            message: if opts.ja {
                e.message_ja()
            } else {
                e.to_string()
            },
        }),
    }
}

fn has_extension(name: &str, ext: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext))
}

fn problem_line(shown: &str, p: &Problem, ja: bool) -> String {
    let mut s = shown.to_string();
    if let Some(line) = p.location.line {
        s.push_str(&format!(":{line}"));
    }
    s.push_str(": ");
    if let Some(item) = p.location.item {
        s.push_str(&format!("No.{} {}: ", item.no, item.name));
    }
    s.push_str(&if ja { p.detail_ja() } else { p.detail_en() });
    if let Some(r) = &p.related {
        let mut at = r.file.clone().unwrap_or_default();
        if let Some(line) = r.line {
            at.push_str(&format!(":{line}"));
        }
        if !at.is_empty() {
            s.push_str(&if ja {
                format!("（関連: {at}）")
            } else {
                format!(" (see {at})")
            });
        }
    }
    if p.severity == careplan::Severity::Warning {
        s.push_str(if ja { "（警告）" } else { " (warning)" });
    }
    s
}

/// The archive notes worth showing (folders are structure, not news).
fn shown_notes(set: &FileSet) -> impl Iterator<Item = &(String, ArchiveNote)> {
    set.archive_notes().iter().filter(|(_, n)| {
        !matches!(
            n,
            ArchiveNote::Skipped {
                reason: SkipReason::Directory,
                ..
            }
        )
    })
}

fn print_text(
    out: &mut dyn Write,
    opts: &Options,
    set: &FileSet,
    files: &[FileReport<'_>],
    units: &[UnitReport<'_>],
    unreadable: &[Unreadable],
) -> io::Result<()> {
    for r in files {
        let s = r.file.summary();
        let kind = s.kind.map_or("?".to_string(), |k| {
            format!("{} {}", k.prefix(), k.name_ja())
        });
        let version = s.version.map_or("-".to_string(), |v| v.to_string());
        let month = s.month.map_or("-".to_string(), |m| m.to_string());
        let (sender, receiver) = r
            .file
            .name()
            .map_or(("-".to_string(), "-".to_string()), |n| {
                (n.sender().to_string(), n.receiver().to_string())
            });
        let shown = r.file.display();
        writeln!(out, "{shown}")?;
        if opts.ja {
            writeln!(
                out,
                "  種類: {kind}  CSVバージョン: {version}  対象年月: {month}"
            )?;
            writeln!(out, "  送信元: {sender}  送信先: {receiver}")?;
            writeln!(
                out,
                "  レコード: {}  利用者: {}  エラー: {}  警告: {}",
                s.records, s.users, s.errors, s.warnings
            )?;
        } else {
            writeln!(out, "  kind: {kind}  version: {version}  month: {month}")?;
            writeln!(out, "  sender: {sender}  receiver: {receiver}")?;
            writeln!(
                out,
                "  records: {}  users: {}  errors: {}  warnings: {}",
                s.records, s.users, s.errors, s.warnings
            )?;
        }
        for p in &r.problems {
            writeln!(out, "{}", problem_line(shown, p, opts.ja))?;
        }
    }
    for r in units {
        let u = r.unit.unit();
        let kind = u.kind().map_or("?", |k| k.name_ja());
        let month = u.month().map_or("-".to_string(), |m| m.to_string());
        if opts.ja {
            writeln!(
                out,
                "送信単位 {} {} → {}  {kind}  対象年月: {month}",
                u.sequence(),
                u.sender(),
                u.receiver()
            )?;
        } else {
            writeln!(
                out,
                "unit {} {} → {}  {kind}  month: {month}",
                u.sequence(),
                u.sender(),
                u.receiver()
            )?;
        }
        for m in u.members() {
            writeln!(out, "  {}", m.file())?;
        }
        for p in &r.problems {
            let shown = p.location.file.as_deref().unwrap_or("");
            writeln!(out, "{}", problem_line(shown, p, opts.ja))?;
        }
    }
    for p in set.notes() {
        let shown = p.location.file.as_deref().unwrap_or("");
        writeln!(out, "{}", problem_line(shown, p, opts.ja))?;
    }
    for (archive, note) in shown_notes(set) {
        let message = if opts.ja {
            note.message_ja()
        } else {
            note.message_en()
        };
        writeln!(out, "{archive}: {message}")?;
    }
    for u in unreadable {
        writeln!(out, "{}: {}", u.path, u.message)?;
    }
    Ok(())
}

fn location_json(l: &careplan::model::Location) -> Value {
    json!({ "file": l.file, "line": l.line, "record": l.record })
}

fn problem_json(p: &Problem) -> Value {
    json!({
        "severity": p.severity.as_str(),
        "code": p.kind.code(),
        "file": p.location.file,
        "line": p.location.line,
        "record": p.location.record,
        "item": p.location.item.map(|i| i.no),
        "item_name": p.location.item.map(|i| i.name),
        "expected": p.expected,
        "found": p.found,
        "related": p.related.as_deref().map(location_json),
        "message_en": p.message_en(),
        "message_ja": p.message_ja(),
    })
}

fn print_json(
    out: &mut dyn Write,
    set: &FileSet,
    files: &[FileReport<'_>],
    units: &[UnitReport<'_>],
    unreadable: &[Unreadable],
) -> io::Result<()> {
    let files: Vec<Value> = files
        .iter()
        .map(|r| {
            let s = r.file.summary();
            json!({
                "name": r.file.display(),
                "kind": s.kind.map(|k| k.prefix()),
                "kind_id": s.kind.map(|k| k.id()),
                "kind_name": s.kind.map(|k| k.name_ja()),
                "version": s.version.map(|v| v.to_string()),
                "month": s.month.map(|m| m.to_string()),
                "sender": r.file.name().map(|n| n.sender().to_string()),
                "receiver": r.file.name().map(|n| n.receiver().to_string()),
                "records": s.records,
                "users": s.users,
                "errors": s.errors,
                "warnings": s.warnings,
                "problems": r.problems.iter().map(problem_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let units: Vec<Value> = units
        .iter()
        .map(|r| {
            let u = r.unit.unit();
            json!({
                "sequence": u.sequence().to_string(),
                "sender": u.sender().to_string(),
                "receiver": u.receiver().to_string(),
                "kind": u.kind().map(|k| serde_json::to_value(k).unwrap_or(Value::Null)),
                "kind_name": u.kind().map(|k| k.name_ja()),
                "month": u.month().map(|m| m.to_string()),
                "legacy": u.is_legacy(),
                "files": u.members().iter().map(|m| m.file()).collect::<Vec<_>>(),
                "problems": r.problems.iter().map(problem_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let notes: Vec<Value> = set.notes().iter().map(problem_json).collect();
    let archive_notes: Vec<Value> = shown_notes(set)
        .map(|(archive, n)| {
            json!({"archive": archive, "message_en": n.message_en(), "message_ja": n.message_ja()})
        })
        .collect();
    let unreadable: Vec<Value> = unreadable
        .iter()
        .map(|u| json!({"name": u.path, "message": u.message}))
        .collect();
    let doc = json!({
        "files": files,
        "units": units,
        "notes": notes,
        "archive_notes": archive_notes,
        "unreadable": unreadable,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
