//! `inspect`: read care-plan exchange files, validate them, and report what they hold and
//! every problem found.
//!
//! ```text
//! cargo run --example inspect -- [--strict] [--json] [--lang ja|en] [--rewrite DIR] PATH...
//! ```
//!
//! PATH is a CSV file, a folder of them, or a ZIP archive. Per file it prints the name,
//! kind, CSV version, month, sender and receiver, record and user counts, then each problem
//! as `FILE:LINE: No.N 項目名: message`. `--json` prints one JSON document instead.
//! `--rewrite DIR` writes every file it could read again, through the typed records, to DIR
//! under the same name. Exit status: 0 when no file has an error (warnings allowed), 1 when
//! any has one, 2 when an input could not be read at all.

use std::fs::File;
use std::io::{self, BufWriter, Cursor, Read, Write};
use std::path::{Path, PathBuf};

use careplan::bundle::ArchiveReader;
use careplan::csv::{FileReaderBuilder, FileWriterBuilder, Parsed};
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
struct FileReport {
    /// The name shown (a path inside a ZIP is shown as `archive.zip/entry`).
    shown: String,
    summary: careplan::csv::Summary,
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
    let mut reports = Vec::new();
    let mut unreadable = Vec::new();
    for path in &opts.paths {
        inspect_path(path, &opts, &mut reports, &mut unreadable);
    }
    let _ = if opts.json {
        print_json(out, &reports, &unreadable)
    } else {
        print_text(out, &opts, &reports, &unreadable)
    };
    if !unreadable.is_empty() {
        for u in &unreadable {
            let _ = writeln!(err, "{}: {}", u.path, u.message);
        }
        2
    } else if reports.iter().any(|r| r.summary.errors > 0) {
        1
    } else {
        0
    }
}

fn inspect_path(
    path: &Path,
    opts: &Options,
    reports: &mut Vec<FileReport>,
    unreadable: &mut Vec<Unreadable>,
) {
    let shown = path.display().to_string();
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect(),
            Err(e) => {
                return unreadable.push(Unreadable {
                    path: shown,
                    message: e.to_string(),
                })
            }
        };
        entries.sort();
        for p in entries {
            if is_zip(&p) || is_csv(&p) {
                inspect_path(&p, opts, reports, unreadable);
            }
        }
    } else if is_zip(path) {
        inspect_zip(path, opts, reports, unreadable);
    } else {
        match File::open(path) {
            Ok(f) => {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                inspect_file(f, &name, shown, opts, reports, unreadable);
            }
            Err(e) => unreadable.push(Unreadable {
                path: shown,
                message: e.to_string(),
            }),
        }
    }
}

fn inspect_zip(
    path: &Path,
    opts: &Options,
    reports: &mut Vec<FileReport>,
    unreadable: &mut Vec<Unreadable>,
) {
    let shown = path.display().to_string();
    let mut zip = match File::open(path)
        .map_err(careplan::bundle::Error::from)
        .and_then(ArchiveReader::new)
    {
        Ok(z) => z,
        Err(e) => {
            let message = if opts.ja {
                e.message_ja()
            } else {
                e.message_en()
            };
            return unreadable.push(Unreadable {
                path: shown,
                message,
            });
        }
    };
    let entries = zip.list().to_vec();
    for (i, entry) in entries.iter().enumerate() {
        match zip.read_entry(i) {
            Ok(bytes) => {
                let name = format!("{shown}/{}", entry.path);
                inspect_file(
                    Cursor::new(bytes),
                    &entry.file_name,
                    name,
                    opts,
                    reports,
                    unreadable,
                );
            }
            Err(e) => unreadable.push(Unreadable {
                path: format!("{shown}/{}", entry.path),
                message: if opts.ja {
                    e.message_ja()
                } else {
                    e.message_en()
                },
            }),
        }
    }
}

fn inspect_file<R: Read>(
    rdr: R,
    name: &str,
    shown: String,
    opts: &Options,
    reports: &mut Vec<FileReport>,
    unreadable: &mut Vec<Unreadable>,
) {
    let mut fr = FileReaderBuilder::new()
        .mode(opts.mode)
        .from_reader(rdr, name);
    let mut writer = None;
    if let (Some(dir), Some(kind)) = (&opts.rewrite, fr.kind()) {
        if kind.is_csv() {
            match File::create(dir.join(name)) {
                Ok(f) => {
                    writer = Some(FileWriterBuilder::new().to_writer(BufWriter::new(f), kind, name))
                }
                Err(e) => unreadable.push(Unreadable {
                    path: dir.join(name).display().to_string(),
                    message: e.to_string(),
                }),
            }
        }
    }
    let mut problems = Vec::new();
    let mut write_failed = None;
    loop {
        match fr.next_record() {
            Ok(Some(parsed)) => {
                problems.extend_from_slice(parsed.problems());
                if let Some(w) = writer.as_mut() {
                    let written = match &parsed {
                        Parsed::Typed { record, .. } => w.write_any(record),
                        Parsed::Raw { record, .. } => w.write_raw(record),
                        _ => Ok(()),
                    };
                    if let Err(e) = written {
                        write_failed = Some(e);
                        writer = None;
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                let message = if opts.ja {
                    e.message_ja()
                } else {
                    e.to_string()
                };
                return unreadable.push(Unreadable {
                    path: shown,
                    message,
                });
            }
        }
    }
    let mut summary = fr.summary().clone();
    if let Some(w) = writer {
        match w.finish() {
            Ok((_, substitutions)) => problems.extend(substitutions),
            Err(e) => write_failed = Some(e),
        }
    }
    if let Some(e) = write_failed {
        let message = if opts.ja {
            e.message_ja()
        } else {
            e.to_string()
        };
        unreadable.push(Unreadable {
            path: format!("{shown} (rewrite)"),
            message,
        });
    }
    let mut all = std::mem::take(&mut summary.problems);
    all.extend(problems);
    all.sort_by_key(|p| p.location.line.unwrap_or(0));
    reports.push(FileReport {
        shown,
        summary,
        problems: all,
    });
}

fn is_zip(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn is_csv(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
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
    if p.severity == careplan::Severity::Warning {
        s.push_str(if ja { "（警告）" } else { " (warning)" });
    }
    s
}

fn print_text(
    out: &mut dyn Write,
    opts: &Options,
    reports: &[FileReport],
    unreadable: &[Unreadable],
) -> io::Result<()> {
    for r in reports {
        let s = &r.summary;
        let kind = s.kind.map_or("?".to_string(), |k| {
            format!("{} {}", k.prefix(), k.name_ja())
        });
        let version = s.version.map_or("-".to_string(), |v| v.to_string());
        let month = s.month.map_or("-".to_string(), |m| m.to_string());
        let (sender, receiver) = s
            .file_name
            .as_ref()
            .map_or(("-".to_string(), "-".to_string()), |n| {
                (n.sender().to_string(), n.receiver().to_string())
            });
        writeln!(out, "{}", r.shown)?;
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
            writeln!(out, "{}", problem_line(&r.shown, p, opts.ja))?;
        }
    }
    for u in unreadable {
        writeln!(out, "{}: {}", u.path, u.message)?;
    }
    Ok(())
}

fn problem_json(p: &Problem) -> Value {
    json!({
        "severity": p.severity.as_str(),
        "code": p.kind.code(),
        "line": p.location.line,
        "record": p.location.record,
        "item": p.location.item.map(|i| i.no),
        "item_name": p.location.item.map(|i| i.name),
        "expected": p.expected,
        "found": p.found,
        "message_en": p.message_en(),
        "message_ja": p.message_ja(),
    })
}

fn print_json(
    out: &mut dyn Write,
    reports: &[FileReport],
    unreadable: &[Unreadable],
) -> io::Result<()> {
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            let s = &r.summary;
            json!({
                "name": r.shown,
                "kind": s.kind.map(|k| k.prefix()),
                "kind_id": s.kind.map(|k| k.id()),
                "kind_name": s.kind.map(|k| k.name_ja()),
                "version": s.version.map(|v| v.to_string()),
                "month": s.month.map(|m| m.to_string()),
                "sender": s.file_name.as_ref().map(|n| n.sender().to_string()),
                "receiver": s.file_name.as_ref().map(|n| n.receiver().to_string()),
                "records": s.records,
                "users": s.users,
                "errors": s.errors,
                "warnings": s.warnings,
                "problems": r.problems.iter().map(problem_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let unreadable: Vec<Value> = unreadable
        .iter()
        .map(|u| json!({"name": u.path, "message": u.message}))
        .collect();
    let doc = json!({ "files": files, "unreadable": unreadable });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
