//! `careplan convert`: the JSON bridge, for systems not written in Rust (.NET, Java, PHP …).
//!
//! `to-json` prints a file's typed records as JSON Lines (a ZIP's, each line naming its
//! file); `to-csv` writes them back. `to-json` then `to-csv` reproduces a valid file byte for
//! byte, except values JSON cannot carry as they were written: MS932 byte pairs that decode
//! to the same character (spec OPEN_QUESTIONS 8) come back in their Windows form, and
//! `to-json` names each such value on standard error. Characters MS932 cannot hold are
//! reported, never replaced silently.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek, Write};
use std::path::Path;

use careplan::bundle::ArchiveReader;
use careplan::csv::ms932::reencodes_identically;
use careplan::csv::{
    FileName, FileReader, FileReaderBuilder, FileWriter, FileWriterBuilder, Parsed,
};
use careplan::model::{AnyRecord, FileKind, Layout, Mode, RawRecord};
use serde_json::{json, Value};

use crate::check::problem_line;
use crate::cli::{ConvertCommand, Lang};
use crate::jsonl::{kind_of_file, left_out_note, parse_line, Errors, Line};
use crate::output::Target;
use crate::walk::{has_extension, looks_like_zip};
use crate::Console;

/// Runs `convert`; returns the exit status.
pub(crate) fn run(command: ConvertCommand, console: &mut Console<'_>) -> i32 {
    match command {
        ConvertCommand::ToJson { strict, lang, path } => {
            let mode = if strict { Mode::Strict } else { Mode::Lenient };
            to_json(&path, mode, Lang::resolve(lang), console)
        }
        ConvertCommand::ToCsv { name, out, lang } => to_csv(
            name.as_deref(),
            &Target::new(&out),
            Lang::resolve(lang),
            console,
        ),
        ConvertCommand::Fields { kind } => fields(&kind, console),
    }
}

fn to_json(path: &Path, mode: Mode, lang: Lang, console: &mut Console<'_>) -> i32 {
    let shown = path.display().to_string();
    let mut builder = FileReaderBuilder::new();
    builder.mode(mode);
    if path.as_os_str() == "-" {
        // A file is streamed; an archive, read from its end, is read whole first.
        let mut head = Vec::with_capacity(4);
        let mut bytes = Vec::new();
        // Standard input is taken from the console, which the records are printed through
        // (an empty reader in its place: a leaked `Empty` holds no memory).
        let mut stdin =
            std::mem::replace(&mut console.stdin, Box::leak(Box::new(std::io::empty())));
        let read = (&mut stdin).take(4).read_to_end(&mut head).and_then(|_| {
            if looks_like_zip(&head) {
                bytes = std::mem::take(&mut head);
                stdin.read_to_end(&mut bytes).map(|_| ())
            } else {
                Ok(())
            }
        });
        if let Err(e) = read {
            let _ = writeln!(console.err, "standard input: {e}");
            return 2;
        }
        if !bytes.is_empty() {
            return zip_to_json(Cursor::new(bytes), "-", &builder, lang, console);
        }
        let reader = builder.from_reader(Cursor::new(head).chain(stdin), "-");
        return file_to_json(reader, "-", None, lang, console).unwrap_or_else(|c| c);
    }
    if has_extension(&shown, "zip") {
        return match File::open(path) {
            Ok(f) => zip_to_json(f, &shown, &builder, lang, console),
            Err(e) => {
                let _ = writeln!(console.err, "{shown}: {e}");
                2
            }
        };
    }
    match builder.open(path) {
        Ok(reader) => file_to_json(reader, &shown, None, lang, console).unwrap_or_else(|c| c),
        Err(e) => {
            let _ = writeln!(console.err, "{e}");
            2
        }
    }
}

/// Every file of the standard in a ZIP, one JSON Lines stream, each line naming its file
/// (`{"file": NAME, "record": {…}}`).
fn zip_to_json<R: Read + Seek>(
    reader: R,
    shown: &str,
    builder: &FileReaderBuilder,
    lang: Lang,
    console: &mut Console<'_>,
) -> i32 {
    let mut zip = match ArchiveReader::new(reader) {
        Ok(z) => z,
        Err(e) => {
            let _ = writeln!(console.err, "{shown}: {e}");
            return 2;
        }
    };
    let entries = zip.list().to_vec();
    let mut status = 0;
    let mut read = 0;
    for (i, entry) in entries.iter().enumerate() {
        let display = format!("{shown}/{}", entry.path);
        let kind = FileName::parse_with(&entry.file_name, Mode::Lenient)
            .ok()
            .map(|(n, _)| n.kind());
        if !kind.is_some_and(|k| k.is_csv()) {
            let _ = match lang {
                Lang::En => writeln!(
                    console.err,
                    "{display}: not a CSV file of the standard, left aside"
                ),
                Lang::Ja => writeln!(
                    console.err,
                    "{display}: 標準仕様の CSV ファイルではないため読みませんでした"
                ),
            };
            continue;
        }
        let entry_reader = match zip.open_entry(i) {
            Ok(r) => r,
            Err(e) => {
                let _ = writeln!(console.err, "{display}: {e}");
                return 2;
            }
        };
        let reader = builder.from_reader(entry_reader, &entry.file_name);
        match file_to_json(reader, &display, Some(&entry.file_name), lang, console) {
            // The reader of the output has stopped.
            Err(0) => return status,
            Ok(s) | Err(s) if s == 2 => return 2,
            Ok(s) | Err(s) => status = status.max(s),
        }
        read += 1;
    }
    if read == 0 {
        let _ = match lang {
            Lang::En => writeln!(
                console.err,
                "{shown}: the archive holds no file of the standard"
            ),
            Lang::Ja => writeln!(
                console.err,
                "{shown}: ZIP の中に標準仕様のファイルがありません"
            ),
        };
        return 1;
    }
    status
}

/// Prints the records of one file; `Ok` with 0 or 1 (errors found), `Err(2)` when the file
/// could not be read on.
fn file_to_json<R: Read>(
    mut reader: FileReader<R>,
    shown: &str,
    file: Option<&str>,
    lang: Lang,
    console: &mut Console<'_>,
) -> Result<i32, i32> {
    let mut errors = false;
    loop {
        let parsed = match reader.next_record() {
            Ok(Some(p)) => p,
            Ok(None) => break,
            Err(e) => {
                let _ = writeln!(console.err, "{e}");
                return Err(2);
            }
        };
        for p in parsed.problems() {
            errors |= p.is_error();
            let _ = writeln!(console.err, "{}", problem_line(shown, p, lang));
        }
        // Serialized straight to text, so that the keys keep the items' order.
        let (key, value) = match &parsed {
            Parsed::Typed { record, .. } => {
                warn_unrepresentable(shown, record, lang, console.err);
                let mut buf = Vec::new();
                let mut ser = serde_json::Serializer::new(&mut buf);
                if let Err(e) = record.serialize_record(&mut ser) {
                    let _ = writeln!(console.err, "{shown}: {e}");
                    return Err(2);
                }
                ("record", String::from_utf8(buf).unwrap_or_default())
            }
            Parsed::Raw { record, .. } => {
                let texts: Vec<&str> = record.fields().map(|f| f.text).collect();
                ("raw", json!(texts).to_string())
            }
            _ => continue,
        };
        let line = match (file, key) {
            (None, "raw") => format!("{{\"raw\":{value}}}"),
            (None, _) => value,
            (Some(f), key) => format!("{{\"file\":{},\"{key}\":{value}}}", json!(f)),
        };
        match writeln!(console.out, "{line}") {
            Ok(()) => {}
            // The reader of the output has stopped (`| head`): what it wanted is written.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Err(0),
            Err(_) => return Err(2),
        }
    }
    match reader.finish() {
        Ok(summary) => {
            for p in &summary.problems {
                errors |= p.is_error();
                let _ = writeln!(console.err, "{}", problem_line(shown, p, lang));
            }
        }
        Err(e) => {
            let _ = writeln!(console.err, "{e}");
            return Err(2);
        }
    }
    Ok(i32::from(errors))
}

/// Names every value of `record` that JSON cannot bring back as it was written: MS932 byte
/// pairs with a twin (OPEN_QUESTIONS 8), and values not in the standard's form (`01` in an
/// integer item, an empty free-text item written bare).
fn warn_unrepresentable(shown: &str, record: &AnyRecord, lang: Lang, err: &mut dyn Write) {
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
                let _ = match lang {
                    Lang::En => writeln!(
                        err,
                        "{shown}:{line}: No.{no}: {} holds MS932 bytes with a twin (spec OPEN_QUESTIONS 8); it comes back in its Windows form",
                        old.text
                    ),
                    Lang::Ja => writeln!(
                        err,
                        "{shown}:{line}: No.{no}: {} には同じ文字になる別の MS932 のバイト列があります。書き戻すと Windows の形のバイト列になります",
                        old.text
                    ),
                };
                continue;
            }
        }
        if old.text != new.text {
            let _ = match lang {
                Lang::En => writeln!(
                    err,
                    "{shown}:{line}: No.{no}: {:?} comes back as {:?} (the standard's form)",
                    old.text, new.text
                ),
                Lang::Ja => writeln!(
                    err,
                    "{shown}:{line}: No.{no}: {:?} は書き戻すと標準仕様の形の {:?} になります",
                    old.text, new.text
                ),
            };
        } else if old.text.is_empty() && old.quoted != new.quoted {
            let _ = match (lang, new.quoted) {
                (Lang::En, true) => writeln!(
                    err,
                    "{shown}:{line}: No.{no}: an empty item comes back as \"\""
                ),
                (Lang::En, false) => writeln!(
                    err,
                    "{shown}:{line}: No.{no}: an empty item comes back as nothing"
                ),
                (Lang::Ja, true) => writeln!(
                    err,
                    "{shown}:{line}: No.{no}: 空の項目は書き戻すと \"\" になります"
                ),
                (Lang::Ja, false) => writeln!(
                    err,
                    "{shown}:{line}: No.{no}: 空の項目は書き戻すと引用符のない空になります"
                ),
            };
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

/// One file being written from JSON Lines.
struct Output {
    name: String,
    kind: FileKind,
    writer: FileWriter<Vec<u8>>,
}

/// The kind a file name gives, or the message saying why it gives none.
fn csv_kind(name: &str, err: &mut dyn Write) -> Result<FileKind, String> {
    match FileName::parse_with(name, Mode::Lenient) {
        Ok((n, problems)) => {
            for p in problems {
                let _ = writeln!(err, "{p}");
            }
            if n.kind().is_csv() {
                Ok(n.kind())
            } else {
                Err(format!("{name}: not a CSV kind"))
            }
        }
        Err(e) => Err(format!("{name}: {e}")),
    }
}

fn to_csv(name: Option<&str>, target: &Target, lang: Lang, console: &mut Console<'_>) -> i32 {
    // With --name, a line naming its file or kind is taken when it is of the name's kind.
    let takes = match name.map(|n| kind_of_file(n, lang)) {
        Some(Ok(label)) => vec![label],
        _ => Vec::new(),
    };
    let takes: Vec<&str> = takes.iter().map(String::as_str).collect();
    let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
    let mut bad = Errors::default();
    let mut outputs: Vec<Output> = Vec::new();
    if let Some(name) = name {
        match csv_kind(name, console.err) {
            Ok(kind) => outputs.push(Output {
                name: name.to_string(),
                kind,
                writer: FileWriterBuilder::new().to_writer(Vec::new(), kind, name),
            }),
            Err(e) => {
                let _ = writeln!(console.err, "{e}");
                return 2;
            }
        }
    }
    let mut line = String::new();
    let mut no = 0;
    let mut records = 0usize;
    loop {
        line.clear();
        match console.stdin.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => no += 1,
            Err(e) => {
                let _ = writeln!(console.err, "standard input: {e}");
                return 2;
            }
        }
        if line.trim().is_empty() {
            continue;
        }
        let mut fail = |message: String| bad.add(no, message);
        let value = match serde_json::from_str::<Value>(&line) {
            Ok(v) => v,
            Err(e) => {
                fail(format!("not JSON: {e}"));
                continue;
            }
        };
        // The file this line is for, and the record itself.
        let (index, value) = if name.is_some() {
            let bare_raw = value
                .as_object()
                .is_some_and(|m| m.contains_key("raw") && !m.contains_key("file"));
            if bare_raw {
                (0, value)
            } else {
                match parse_line::<Value>(&line, &takes, lang) {
                    Ok(Line::Taken(_, v)) => (0, v),
                    Ok(Line::LeftOut(kind)) => {
                        *left_out.entry(kind).or_default() += 1;
                        continue;
                    }
                    Err(message) => {
                        fail(message);
                        continue;
                    }
                }
            }
        } else {
            let Value::Object(mut map) = value else {
                fail("each line must be {\"file\": NAME, \"record\": {…}} (or \"raw\": […]) without --name".into());
                continue;
            };
            let Some(Value::String(file)) = map.remove("file") else {
                fail("\"file\" must name the line's file (or give --name)".into());
                continue;
            };
            let value = match (map.remove("record"), map.remove("raw")) {
                (Some(r), None) if map.is_empty() => r,
                (None, Some(raw)) if map.is_empty() => json!({ "raw": raw }),
                _ => {
                    fail(
                        "a line holds \"file\" and one of \"record\" or \"raw\", nothing else"
                            .into(),
                    );
                    continue;
                }
            };
            let index = match outputs.iter().position(|o| o.name == file) {
                Some(i) => i,
                None => match csv_kind(&file, console.err) {
                    Ok(kind) => {
                        outputs.push(Output {
                            writer: FileWriterBuilder::new().to_writer(Vec::new(), kind, &file),
                            name: file,
                            kind,
                        });
                        outputs.len() - 1
                    }
                    Err(e) => {
                        fail(e);
                        continue;
                    }
                },
            };
            (index, value)
        };
        let Some(output) = outputs.get_mut(index) else {
            continue;
        };
        let kind = output.kind;
        let written = match value {
            Value::Object(map) if map.contains_key("raw") => {
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
                        output.writer.write_raw(&raw)
                    }
                    None => {
                        bad.add(no, "\"raw\" must be an array of strings".to_string());
                        continue;
                    }
                }
            }
            value => match AnyRecord::deserialize_record(kind, value) {
                Ok(record) => output.writer.write_any(&record),
                Err(e) => {
                    bad.add(no, e.to_string());
                    continue;
                }
            },
        };
        match written {
            Ok(()) => records += 1,
            Err(e) => bad.add(no, e.to_string()),
        }
    }
    for m in bad.messages("", lang) {
        let _ = writeln!(console.err, "{m}");
    }
    let errors = !bad.is_empty();
    if let Some(name) = name {
        if let Some(note) = left_out_note(
            Path::new("standard input"),
            "--name",
            &takes,
            &left_out,
            lang,
        ) {
            let _ = writeln!(
                console.err,
                "{}",
                note.replace("--name", &format!("--name {name}"))
            );
        }
    }
    if let (Some(name), false, 0) = (name, left_out.is_empty(), records) {
        // Every line was of another kind: an empty file would say nothing of it.
        let _ = match lang {
            Lang::En => writeln!(console.err, "nothing written: no line of {name}'s kind"),
            Lang::Ja => writeln!(
                console.err,
                "{name} の種類の行がないため、何も書き出していません"
            ),
        };
        return 1;
    }
    let mut files = Vec::new();
    for o in outputs {
        match o.writer.finish() {
            Ok((bytes, substitutions)) => {
                for p in &substitutions {
                    let _ = writeln!(console.err, "{p}");
                }
                files.push((o.name, bytes));
            }
            Err(e) => {
                let _ = writeln!(console.err, "{e}");
                return 2;
            }
        }
    }
    if errors {
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let _ = match (lang, names.is_empty()) {
            (Lang::En, true) => writeln!(console.err, "nothing written: fix the lines above"),
            (Lang::En, false) => writeln!(
                console.err,
                "{} not written: fix the lines above",
                names.join(", ")
            ),
            (Lang::Ja, true) => writeln!(
                console.err,
                "何も書き出していません。上の行を直してください"
            ),
            (Lang::Ja, false) => writeln!(
                console.err,
                "{} は書き出していません。上の行を直してください",
                names.join("、")
            ),
        };
        return 1;
    }
    if files.is_empty() {
        let _ = writeln!(console.err, "nothing written: no line names a file");
        return 1;
    }
    // A folder named for the output must be there: a mistyped name is not made silently.
    if let Target::Folder(dir) = target {
        if !dir.is_dir() {
            let _ = writeln!(console.err, "{}: no such folder", dir.display());
            return 2;
        }
    }
    match target.save(&files, console.out) {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(console.err, "{e}");
            2
        }
    }
}

fn fields(kind: &str, console: &mut Console<'_>) -> i32 {
    let Ok(kind) = kind.parse::<FileKind>() else {
        let _ = writeln!(
            console.err,
            "{kind}: not a kind (e.g. UPPLAN, UPSIKYU, UPHOSOKU)"
        );
        return 2;
    };
    let Some(layout) = kind.layout() else {
        let _ = writeln!(console.err, "{} is not a CSV kind", kind.prefix());
        return 2;
    };
    let _ = writeln!(console.out, "{} {}", kind.prefix(), kind.name_ja());
    for (no, field) in AnyRecord::fields(kind) {
        let name = layout.item(*no).map_or("", |i| i.name);
        let _ = writeln!(console.out, "No.{no:<3} {field:<32} {name}");
    }
    0
}
