//! `convert`: the JSON bridge, for systems not written in Rust (.NET, Java, PHP …).
//!
//! ```text
//! cargo run --example convert -- to-json [--strict] FILE          > records.jsonl
//! cargo run --example convert -- to-csv --name FILENAME [--out DIR] < records.jsonl
//! cargo run --example convert -- fields KIND                        (e.g. UPPLAN)
//! ```
//!
//! `to-json` prints the file's typed records as JSON Lines: one JSON object per record, its
//! keys the typed record's field names (English snake_case; `fields KIND` lists them with the
//! item No. and the standard's Japanese item name), its values the text the standard writes
//! (`"20250401"`, `"9999"`, `"1310000001"`), free text as JSON strings, empty optional items
//! as `null`. A record that could not be typed is printed as `{"raw": [item texts…]}` so
//! nothing is lost, and its problems go to standard error.
//!
//! `to-csv` reads JSON Lines from standard input and writes FILENAME (into DIR, default the
//! current folder) in the standard's form; kind, month, parties and sequence number are the
//! name's. `to-json` then `to-csv` reproduces a valid file byte for byte, except values JSON
//! cannot carry as they were written: MS932 byte pairs that decode to the same character
//! (spec OPEN_QUESTIONS 8) come back in their Windows form, and `to-json` names each such
//! value on standard error. Characters MS932 cannot hold are reported, never replaced
//! silently (the seven variant forms such as 〜 are written as their MS932 pair and reported).
//!
//! Exit status as `inspect`: 0 when nothing is an error (warnings allowed), 1 when something
//! is, 2 when the input could not be read at all.

use std::io::{self, BufRead, Write};
use std::path::PathBuf;

use careplan::csv::ms932::reencodes_identically;
use careplan::csv::{FileName, FileReaderBuilder, FileWriterBuilder, Mode, Parsed};
use careplan::model::{AnyRecord, Layout};
use careplan::{FileKind, RawRecord};

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = run(
        &args,
        &mut io::stdin().lock(),
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    );
    std::process::exit(code);
}

const USAGE: &str = "usage: convert to-json [--strict] FILE | convert to-csv --name FILENAME [--out DIR] | convert fields KIND";

/// Runs `convert` with `args`; returns the exit status.
pub fn run(
    args: &[String],
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match args.first().map(String::as_str) {
        Some("to-json") => to_json(&args[1..], out, err),
        Some("to-csv") => to_csv(&args[1..], input, err),
        Some("fields") => fields(&args[1..], out, err),
        _ => {
            let _ = writeln!(err, "{USAGE}");
            2
        }
    }
}

fn to_json(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut mode = Mode::Lenient;
    let mut path = None;
    for a in args {
        match a.as_str() {
            "--strict" => mode = Mode::Strict,
            _ if path.is_none() => path = Some(PathBuf::from(a)),
            _ => {
                let _ = writeln!(err, "{USAGE}");
                return 2;
            }
        }
    }
    let Some(path) = path else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    let mut reader = match FileReaderBuilder::new().mode(mode).open(&path) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    };
    let shown = path.display().to_string();
    let mut errors = false;
    loop {
        let parsed = match reader.next_record() {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return 2;
            }
        };
        for p in parsed.problems() {
            errors |= p.is_error();
            let _ = writeln!(err, "{shown}: {}", p.message_en());
        }
        let line = match &parsed {
            Parsed::Typed { record, .. } => {
                warn_unrepresentable(&shown, record, err);
                let mut buf = Vec::new();
                let mut ser = serde_json::Serializer::new(&mut buf);
                if let Err(e) = record.serialize_record(&mut ser) {
                    let _ = writeln!(err, "{shown}: {e}");
                    return 2;
                }
                String::from_utf8(buf).unwrap_or_default()
            }
            Parsed::Raw { record, .. } => {
                let texts: Vec<&str> = record.fields().map(|f| f.text).collect();
                serde_json::json!({ "raw": texts }).to_string()
            }
            _ => continue,
        };
        if writeln!(out, "{line}").is_err() {
            return 2;
        }
    }
    match reader.finish() {
        Ok(summary) => {
            for p in &summary.problems {
                errors |= p.is_error();
                let _ = writeln!(err, "{shown}: {}", p.message_en());
            }
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    }
    i32::from(errors)
}

/// Names every value of `record` that JSON cannot bring back as it was written: MS932 byte
/// pairs with a twin (OPEN_QUESTIONS 8), and values not in the standard's form (`01` in an
/// integer item, an empty free-text item written bare).
fn warn_unrepresentable(shown: &str, record: &AnyRecord, err: &mut dyn Write) {
    let Some(origin) = record.origin() else {
        return;
    };
    let fresh = match record
        .serialize_record(serde_json::value::Serializer)
        .ok()
        .and_then(|v| AnyRecord::deserialize_record(kind_of(record, origin), v).ok())
    {
        Some(r) => r.to_raw(),
        None => return,
    };
    let line = origin.position().line();
    for (i, (old, new)) in origin.fields().zip(fresh.fields()).enumerate() {
        let no = i + 1;
        if let Some(raw) = old.raw {
            if !reencodes_identically(raw) {
                let _ = writeln!(
                    err,
                    "{shown}:{line}: No.{no}: {} holds MS932 bytes with a twin (spec OPEN_QUESTIONS 8); it comes back in its Windows form",
                    old.text
                );
                continue;
            }
        }
        if old.text != new.text {
            let _ = writeln!(
                err,
                "{shown}:{line}: No.{no}: {:?} comes back as {:?} (the standard's form)",
                old.text, new.text
            );
        } else if old.text.is_empty() && old.quoted != new.quoted {
            let _ = writeln!(
                err,
                "{shown}:{line}: No.{no}: an empty item comes back as {}",
                if new.quoted { "\"\"" } else { "nothing" }
            );
        }
    }
}

fn kind_of(record: &AnyRecord, origin: &RawRecord) -> FileKind {
    // The variant gives the kind, except that 第6表 予定 and 実績 share a record type; either
    // gives the same layout, which is all `deserialize_record` needs.
    FileKind::ALL
        .iter()
        .copied()
        .find(|k| {
            AnyRecord::from_raw(*k, origin)
                .is_some_and(|r| std::mem::discriminant(&r) == std::mem::discriminant(record))
        })
        .unwrap_or(FileKind::UsagePlan)
}

fn to_csv(args: &[String], input: &mut dyn BufRead, err: &mut dyn Write) -> i32 {
    let mut name = None;
    let mut dir = PathBuf::from(".");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match (a.as_str(), it.next()) {
            ("--name", Some(n)) => name = Some(n.clone()),
            ("--out", Some(d)) => dir = PathBuf::from(d),
            _ => {
                let _ = writeln!(err, "{USAGE}");
                return 2;
            }
        }
    }
    let Some(name) = name else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    let kind = match FileName::parse_with(&name, Mode::Lenient) {
        Ok((n, problems)) => {
            for p in problems {
                let _ = writeln!(err, "{p}");
            }
            n.kind()
        }
        Err(e) => {
            let _ = writeln!(err, "{name}: {e}");
            return 2;
        }
    };
    if !kind.is_csv() {
        let _ = writeln!(err, "{name}: not a CSV kind");
        return 2;
    }
    let mut w = FileWriterBuilder::new().to_writer(Vec::new(), kind, &name);
    let mut errors = false;
    for (i, line) in input.lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                let _ = writeln!(err, "standard input: {e}");
                return 2;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let no = i + 1;
        let written = match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(serde_json::Value::Object(map)) if map.contains_key("raw") => {
                match map.get("raw").and_then(|v| v.as_array()) {
                    Some(items) => {
                        let texts: Vec<&str> =
                            items.iter().map(|v| v.as_str().unwrap_or("")).collect();
                        let mut raw = RawRecord::from_texts(texts);
                        if let Some(layout) = Layout::for_record(kind, &raw) {
                            for (c, item) in layout.items.iter().enumerate() {
                                raw.set_quoted(c, item.is_text());
                            }
                        }
                        w.write_raw(&raw)
                    }
                    None => {
                        let _ = writeln!(err, "line {no}: \"raw\" must be an array of strings");
                        errors = true;
                        continue;
                    }
                }
            }
            Ok(value) => match AnyRecord::deserialize_record(kind, value) {
                Ok(record) => w.write_any(&record),
                Err(e) => {
                    let _ = writeln!(err, "line {no}: {e}");
                    errors = true;
                    continue;
                }
            },
            Err(e) => {
                let _ = writeln!(err, "line {no}: not JSON: {e}");
                errors = true;
                continue;
            }
        };
        if let Err(e) = written {
            let _ = writeln!(err, "line {no}: {e}");
            errors = true;
        }
    }
    let (bytes, substitutions) = match w.finish() {
        Ok(x) => x,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return 2;
        }
    };
    for p in &substitutions {
        let _ = writeln!(err, "{p}");
    }
    if errors {
        let _ = writeln!(err, "{name} not written: fix the lines above");
        return 1;
    }
    match std::fs::write(dir.join(&name), bytes) {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", dir.join(&name).display());
            2
        }
    }
}

fn fields(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(kind) = args.first().and_then(|k| k.parse::<FileKind>().ok()) else {
        let _ = writeln!(err, "{USAGE}");
        return 2;
    };
    let Some(layout) = kind.layout() else {
        let _ = writeln!(err, "{} is not a CSV kind", kind.prefix());
        return 2;
    };
    let _ = writeln!(out, "{} {}", kind.prefix(), kind.name_ja());
    for (no, field) in AnyRecord::fields(kind) {
        let name = layout.item(*no).map_or("", |i| i.name);
        let _ = writeln!(out, "No.{no:<3} {field:<32} {name}");
    }
    0
}
