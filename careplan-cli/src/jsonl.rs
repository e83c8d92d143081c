//! JSON Lines of typed records, in and out: the forms `convert to-json` and `import` print,
//! which the workflow commands read back.
//!
//! A line is one of the three forms the command writes:
//! - a bare record (`convert to-json` of one file);
//! - `{"file": NAME, "record": {…}}` (`convert to-json` of a ZIP);
//! - `{"kind": "UPPLAN", "sequence", "sender", "user", "record": {…}}` (`import`).
//!
//! A line that names its file or kind is taken only when it is of a kind the option reads;
//! the others are counted and said in one note. `{"raw": […]}` (a record `to-json` could not
//! type) is an error. The same error on many lines is said once, with the lines.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use careplan::csv::FileName;
use careplan::model::{FileKind, Mode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::cli::Lang;

/// Why records could not be read.
pub(crate) enum ReadError {
    /// The input could not be opened or read (exit 2).
    Io(String),
    /// Lines that are not records of the type (exit 1): one message per distinct error,
    /// with its lines.
    Lines(Vec<String>),
}

/// The records read, each with the kind its line names (`None` for a bare record), and
/// the lines left out by kind.
pub(crate) struct Records<T> {
    pub taken: Vec<(Option<String>, T)>,
    pub left_out: BTreeMap<String, usize>,
}

impl<T> Records<T> {
    /// The records alone.
    pub fn into_records(self) -> Vec<T> {
        self.taken.into_iter().map(|(_, r)| r).collect()
    }

    /// The note saying how many lines of other kinds were left out, if any.
    pub fn note(&self, path: &Path, option: &str, takes: &[&str], lang: Lang) -> Option<String> {
        left_out_note(path, option, takes, &self.left_out, lang)
    }
}

/// The note for lines `left_out` (kind → count) of `path`, read for `option`.
pub(crate) fn left_out_note(
    path: &Path,
    option: &str,
    takes: &[&str],
    left_out: &BTreeMap<String, usize>,
    lang: Lang,
) -> Option<String> {
    let total: usize = left_out.values().sum();
    if total == 0 {
        return None;
    }
    let shown = path.display();
    let takes = takes.join(", ");
    Some(match lang {
        Lang::En => {
            let kinds: Vec<String> = left_out.iter().map(|(k, n)| format!("{k} {n}")).collect();
            format!(
                "{shown}: {total} {} of other kinds left out ({}): {option} takes {takes} lines",
                if total == 1 { "line" } else { "lines" },
                kinds.join(", ")
            )
        }
        Lang::Ja => {
            let kinds: Vec<String> = left_out.iter().map(|(k, n)| format!("{k} {n}行")).collect();
            format!(
                "{shown}: {option} には {takes} の行だけを使います。ほかの種類の {total} 行（{}）は使いませんでした",
                kinds.join("、")
            )
        }
    })
}

/// Reads the records of JSON Lines `path` (`-`: standard input), one record a line, blank
/// lines ignored, taking the lines that name one of the kinds `takes` (prefixes, and
/// `UPHOSOKU_000000` for the 補足 of a plan set) and every bare record.
pub(crate) fn read_records<T: DeserializeOwned>(
    path: &Path,
    stdin: &mut dyn BufRead,
    takes: &[&str],
    lang: Lang,
) -> Result<Records<T>, ReadError> {
    let shown = path.display().to_string();
    let mut file;
    let input: &mut dyn BufRead = if path.as_os_str() == "-" {
        stdin
    } else {
        file =
            BufReader::new(File::open(path).map_err(|e| ReadError::Io(format!("{shown}: {e}")))?);
        &mut file
    };
    let mut records = Records {
        taken: Vec::new(),
        left_out: BTreeMap::new(),
    };
    let mut bad = Errors::default();
    for (i, line) in input.lines().enumerate() {
        let no = i + 1;
        let line = line.map_err(|e| ReadError::Io(format!("{shown}: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_line::<T>(&line, takes, lang) {
            Ok(Line::Taken(kind, r)) => records.taken.push((kind, r)),
            Ok(Line::LeftOut(kind)) => *records.left_out.entry(kind).or_default() += 1,
            Err(message) => bad.add(no, message),
        }
    }
    if bad.is_empty() {
        Ok(records)
    } else {
        Err(ReadError::Lines(bad.messages(&shown, lang)))
    }
}

/// What one line gives.
pub(crate) enum Line<T> {
    /// A record to take, with the kind its line names.
    Taken(Option<String>, T),
    /// A line of another kind.
    LeftOut(String),
}

/// The kind a line's file name gives (`UPHOSOKU_000000` for the 補足 of a plan set).
pub(crate) fn kind_of_file(name: &str, lang: Lang) -> Result<String, String> {
    match FileName::parse_with(name, Mode::Lenient) {
        Ok((n, _)) if n.kind() == FileKind::Hosoku && n.month().is_none() => {
            Ok("UPHOSOKU_000000".to_string())
        }
        Ok((n, _)) => Ok(n.kind().prefix().to_string()),
        Err(_) => Err(match lang {
            Lang::En => format!("\"file\": {name:?} is not a file name of the standard"),
            Lang::Ja => format!("\"file\" の {name:?} は標準仕様のファイル名ではありません"),
        }),
    }
}

fn raw_refused(lang: Lang) -> String {
    match lang {
        Lang::En => "a \"raw\" line (a record `convert to-json` could not type) cannot be used: \
                     fix the file (see `careplan check`) and convert it again"
            .to_string(),
        Lang::Ja => "\"raw\" の行（項目を読み取れなかったレコード）は使えません。\
                     元のファイルを直して（careplan check で確認できます）もう一度変換してください"
            .to_string(),
    }
}

fn not_record(e: &serde_json::Error, lang: Lang) -> String {
    // Each line is parsed alone: its line is always 1, the column says where.
    let text = e.to_string();
    let text = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(t, _)| t)
        .to_string();
    match lang {
        Lang::En => format!("{text} (column {})", e.column()),
        Lang::Ja => format!("レコードとして読めません（{} 文字目: {text}）", e.column()),
    }
}

/// Parses one line in any of the three forms.
pub(crate) fn parse_line<T: DeserializeOwned>(
    line: &str,
    takes: &[&str],
    lang: Lang,
) -> Result<Line<T>, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| match lang {
        Lang::En => format!("not JSON: {}", not_record(&e, lang)),
        Lang::Ja => format!("JSON ではありません（{} 文字目）", e.column()),
    })?;
    let Value::Object(mut map) = value else {
        return Err(match lang {
            Lang::En => "not a JSON object".to_string(),
            Lang::Ja => "JSON のオブジェクト（{ … }）ではありません".to_string(),
        });
    };
    let wrapped = |map: &Map<String, Value>, allowed: &[&str]| {
        map.keys().all(|k| allowed.contains(&k.as_str()))
    };
    let (kind, record) = if let Some(Value::String(name)) = map.get("file") {
        if map.contains_key("raw") {
            return Err(raw_refused(lang));
        }
        if !wrapped(&map, &["file", "record"]) || !map.contains_key("record") {
            return Err(match lang {
                Lang::En => {
                    "a line naming its file holds \"file\" and \"record\", nothing else".to_string()
                }
                Lang::Ja => "ファイル名のある行は \"file\" と \"record\" の二つだけにしてください"
                    .to_string(),
            });
        }
        let kind = kind_of_file(name, lang)?;
        (Some(kind), map.remove("record").unwrap_or(Value::Null))
    } else if let (Some(Value::String(kind)), true) = (map.get("kind"), map.contains_key("record"))
    {
        if !wrapped(&map, &["kind", "sequence", "sender", "user", "record"]) {
            return Err(match lang {
                Lang::En => "a line naming its kind holds \"kind\", \"sequence\", \"sender\", \
                             \"user\" and \"record\", nothing else"
                    .to_string(),
                Lang::Ja => "種類のある行は \"kind\"、\"sequence\"、\"sender\"、\"user\"、\
                             \"record\" だけにしてください"
                    .to_string(),
            });
        }
        let kind = match kind.parse::<FileKind>() {
            Ok(k) => k.prefix().to_string(),
            Err(_) => {
                return Err(match lang {
                    Lang::En => format!("\"kind\": {kind:?} is not a kind of file"),
                    Lang::Ja => format!("\"kind\" の {kind:?} はファイルの種類ではありません"),
                })
            }
        };
        (Some(kind), map.remove("record").unwrap_or(Value::Null))
    } else if map.contains_key("raw") {
        return Err(raw_refused(lang));
    } else {
        (None, Value::Object(map))
    };
    if let Some(k) = &kind {
        if !takes.contains(&k.as_str()) {
            return Ok(Line::LeftOut(k.clone()));
        }
    }
    let record = T::deserialize(record).map_err(|e| {
        let text = e.to_string();
        match lang {
            Lang::En => text,
            Lang::Ja => format!("レコードとして読めません（{text}）"),
        }
    })?;
    Ok(Line::Taken(kind, record))
}

/// Errors of lines, the same message said once with its lines.
#[derive(Default)]
pub(crate) struct Errors {
    by_message: Vec<(String, Vec<usize>)>,
}

impl Errors {
    /// Adds the error `message` of line `no`.
    pub fn add(&mut self, no: usize, message: String) {
        match self.by_message.iter_mut().find(|(m, _)| *m == message) {
            Some((_, lines)) => lines.push(no),
            None => self.by_message.push((message, vec![no])),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_message.is_empty()
    }

    /// One message per distinct error: `WHERE: line 3: …`, `WHERE: lines 1–71 (71 lines): …`.
    pub fn messages(&self, shown: &str, lang: Lang) -> Vec<String> {
        self.by_message
            .iter()
            .map(|(message, lines)| {
                let at = lines_text(lines, lang);
                if shown.is_empty() {
                    format!("{at}: {message}")
                } else {
                    format!("{shown}: {at}: {message}")
                }
            })
            .collect()
    }
}

/// `line 3`, `lines 1–71 (71 lines)`, `lines 1, 4–6, … (N lines)`; in Japanese `3行目` …
fn lines_text(lines: &[usize], lang: Lang) -> String {
    const SHOWN: usize = 5;
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &l in lines {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == l => *end = l,
            _ => ranges.push((l, l)),
        }
    }
    let dash = if lang == Lang::Ja { "〜" } else { "–" };
    let mut parts: Vec<String> = ranges
        .iter()
        .take(SHOWN)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}{dash}{b}")
            }
        })
        .collect();
    let n = lines.len();
    match lang {
        Lang::En if n == 1 => format!("line {}", parts.join("")),
        Lang::En => {
            if ranges.len() > SHOWN {
                parts.push("…".to_string());
            }
            format!("lines {} ({n} lines)", parts.join(", "))
        }
        Lang::Ja if n == 1 => format!("{}行目", parts.join("")),
        Lang::Ja => {
            if ranges.len() > SHOWN {
                parts.push("…".to_string());
            }
            format!("{}行目（{n}行）", parts.join("、"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_shown_as_ranges() {
        assert_eq!(lines_text(&[3], Lang::En), "line 3");
        assert_eq!(
            lines_text(&(1..=71).collect::<Vec<_>>(), Lang::En),
            "lines 1–71 (71 lines)"
        );
        assert_eq!(
            lines_text(&[1, 2, 5, 7, 9, 11, 13, 14], Lang::En),
            "lines 1–2, 5, 7, 9, 11, … (8 lines)"
        );
        assert_eq!(lines_text(&[4, 5], Lang::Ja), "4〜5行目（2行）");
    }
}
