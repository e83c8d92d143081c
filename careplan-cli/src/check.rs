//! `careplan check`: read files, folders and ZIPs, validate them, group them into
//! transmission units, and report what they hold and every problem found.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, Write};
use std::path::Path;

use careplan::bundle::{relations, ArchiveNote, ArchiveReader, SkipReason};
use careplan::bundle::{FileSet, LoadOptions, LoadedFile, LoadedUnit};
use careplan::csv::{
    rewrite_into_dir, Error, FileReader, FileReaderBuilder, PendingFile, PARALLEL_REWRITE_BYTES,
};
use careplan::model::{Mode, Problem};
use serde::Serialize;
use serde_json::Value;

use crate::cli::{CheckArgs, Lang};
use crate::walk::{has_extension, looks_like_zip, Input, Inputs, Skipped, Source, Unreadable};
use crate::Console;

/// The version of the `--json` report's form (see the crate docs).
pub(crate) const SCHEMA: u32 = 1;

/// The files that hold more than their share of the bytes to read (all of them over the
/// cores) and are large enough to be cut into parts: read one at a time on every core, such
/// a file would keep one core busy long after the others were done, so it is read on every
/// core itself ([`LoadOptions::threads`]). The other files are read on every core side by
/// side, one thread each.
struct LargeFiles {
    cores: usize,
    /// The bytes over which a file is read on every core; `None` when no file is.
    over: Option<u64>,
}

impl LargeFiles {
    /// The least size of a file read on several threads.
    const LEAST: u64 = 8 << 20;

    fn of(inputs: &Inputs, cores: usize) -> LargeFiles {
        let share = inputs.bytes / cores.max(1) as u64;
        let over = (cores > 1 && inputs.largest > share && inputs.largest >= Self::LEAST)
            .then_some(share.max(Self::LEAST - 1));
        LargeFiles { cores, over }
    }

    /// The threads to read the file at `path` on.
    fn threads_for(&self, path: &Path) -> usize {
        match self.over {
            Some(over) if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > over) => {
                self.cores
            }
            _ => 1,
        }
    }
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

/// Runs `check`; returns the exit status.
pub(crate) fn run(args: &CheckArgs, quiet: bool, console: &mut Console<'_>) -> i32 {
    let lang = Lang::resolve(args.lang);
    let mode = if args.strict {
        Mode::Strict
    } else {
        Mode::Lenient
    };
    if let Some(dir) = &args.rewrite {
        if let Err(e) = std::fs::create_dir_all(dir) {
            let _ = writeln!(console.err, "cannot create {}: {e}", dir.display());
            return 2;
        }
    }
    let options = LoadOptions::new().mode(mode);
    let mut set = FileSet::with_options(options);
    let mut inputs = Inputs::walk(&args.paths, mode);
    // Standard input is read once: its bytes are kept when they are to be written again.
    inputs.keep_stdin = args.rewrite.is_some();
    // The report of a large file read on every core is the one a single thread gives: the
    // parallel reader folds what repeats over the whole file as one reader does
    // (careplan-bundle/tests/loading.rs, `repeated_sender_mismatches_…`).
    let large = LargeFiles::of(&inputs, rayon::current_num_threads());
    // Every input is read into a set of its own on every core, then appended in order: the
    // report is the one a reading one by one gives, and the problems listed are bounded
    // for the whole run (LoadOptions::max_listed), whatever the number of files.
    inputs.read_sets(
        console,
        lang,
        args.stdin_name.as_deref(),
        "checking",
        |source| {
            let mut one;
            match source {
                Source::Path(p) => {
                    one = FileSet::with_options(options.threads(large.threads_for(p)));
                    one.add_path(p)?;
                }
                Source::Bytes(name, bytes) => {
                    one = FileSet::with_options(options);
                    one.add_bytes(name, bytes)?;
                }
                Source::Stream(name, r) => {
                    one = FileSet::with_options(options);
                    one.add_reader(name, r)?;
                }
            }
            Ok(one)
        },
        |one| {
            set.append(one);
        },
    );
    let skipped = std::mem::take(&mut inputs.skipped);
    let mut unreadable = std::mem::take(&mut inputs.unreadable);
    let mut files: Vec<FileReport<'_>> = set
        .files()
        .iter()
        .map(|f| {
            let mut problems: Vec<Problem> = f.problems().cloned().collect();
            problems.sort_by_key(|p| p.location.line.unwrap_or(0));
            FileReport { file: f, problems }
        })
        .collect();
    if let Some(dir) = &args.rewrite {
        let mut builder = FileReaderBuilder::new();
        // The files are rewritten one after the other; a large one is read and written on
        // every core, in parts (FileReaderBuilder::rewrite_file).
        builder.mode(mode).threads(rayon::current_num_threads());
        Rewriter {
            files: &mut files,
            dir,
            builder,
            lang,
            unreadable: &mut unreadable,
            written: std::collections::HashSet::new(),
        }
        .all(&inputs);
    }
    let units = set.units();
    // Units are checked on every core, in their order (relations::check_all).
    let unit_reports: Vec<UnitReport<'_>> = units
        .iter()
        .zip(relations::check_all(&units))
        .map(|(unit, problems)| UnitReport { unit, problems })
        .collect();
    let report = Report {
        set: &set,
        files: &files,
        units: &unit_reports,
        skipped: &skipped,
        unreadable: &unreadable,
    };
    let _ = if args.json {
        report.json(console.out)
    } else {
        report.text(console.out, lang, quiet)
    };
    // Standard input read without --stdin-name has no name to tell its kind and parties by.
    if args.stdin_name.is_none() && set.files().iter().any(|f| f.display() == "-") {
        let _ = match lang {
            Lang::En => writeln!(
                console.err,
                "standard input has no file name: give it with --stdin-name NAME (the name \
                 tells the file's kind, parties and month)"
            ),
            Lang::Ja => writeln!(
                console.err,
                "標準入力にはファイル名がありません。--stdin-name でファイル名を指定してください\
                 （ファイル名が種類・送受信者・年月を表します）"
            ),
        };
    }
    let status = if !unreadable.is_empty() {
        for u in &unreadable {
            let _ = writeln!(console.err, "{}: {}", u.path, u.message);
        }
        2
    } else if report.has_errors() {
        1
    } else if set.files().is_empty() && set.notes().is_empty() {
        // Nothing was found to check (an empty folder, a folder of other files): not a
        // success. An archive without a file says so in its own `empty_archive` note.
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        let paths = paths.join(", ");
        let _ = match lang {
            Lang::En => writeln!(
                console.err,
                "nothing checked: no file of the standard, CSV file or ZIP archive in {paths}"
            ),
            Lang::Ja => writeln!(
                console.err,
                "何も検証していません: {paths} に標準のファイル・CSV ファイル・ZIP がありません"
            ),
        };
        1
    } else {
        0
    };
    drop(unit_reports);
    drop(units);
    drop(files);
    // The set's indexes (thousands of files' keys) are freed on a thread of their own: the
    // command does not wait for it, its process may end first.
    let _ = std::thread::Builder::new().spawn(move || drop(set));
    status
}

/// Writes every file of the standard that was read again, through its records, into a
/// folder under its own name, read again from its source (the path, the archive entry, the
/// bytes of standard input) by the library's rewrite: the header line and final line break
/// as the file had them, each file under a temporary name until it is whole, so that a
/// refused rewrite leaves no file. The writer's problems go to the file's report.
struct Rewriter<'a, 'f> {
    files: &'a mut [FileReport<'f>],
    dir: &'a Path,
    builder: FileReaderBuilder,
    lang: Lang,
    unreadable: &'a mut Vec<Unreadable>,
    /// The names written into the folder so far: a second file of a name is not written
    /// over the first.
    written: std::collections::HashSet<String>,
}

impl Rewriter<'_, '_> {
    fn all(&mut self, inputs: &Inputs) {
        for input in &inputs.inputs {
            match input {
                Input::Path(p) => {
                    let shown = p.display().to_string();
                    if self.is_its_own_target(p) {
                        if self.wanted(&shown) {
                            self.refuse(&shown, Refusal::Source);
                        }
                        continue;
                    }
                    match File::open(p) {
                        Ok(f)
                            if has_extension(&shown, "zip")
                                || (!has_extension(&shown, "csv") && starts_as_zip(p)) =>
                        {
                            self.archive(&shown, f)
                        }
                        Ok(f) if is_large(&f) => self.large_file(p, &shown),
                        Ok(f) => {
                            let reader = self.builder.from_reader(BufReader::new(f), &shown);
                            self.file(&shown, reader);
                        }
                        Err(e) if self.wanted(&shown) => self.fail(&shown, e.to_string()),
                        Err(_) => {}
                    }
                }
                Input::Stdin => {
                    let Some((name, bytes)) = &inputs.stdin else {
                        continue;
                    };
                    if looks_like_zip(bytes) {
                        self.archive(name, Cursor::new(&bytes[..]));
                    } else {
                        let reader = self.builder.from_reader(&bytes[..], name);
                        self.file(name, reader);
                    }
                }
            }
        }
    }

    /// Whether `display` is a file the set read, of a CSV kind.
    fn wanted(&self, display: &str) -> bool {
        self.files
            .iter()
            .any(|r| r.file.display() == display && r.file.kind().is_some_and(|k| k.is_csv()))
    }

    fn archive<R: Read + Seek>(&mut self, shown: &str, input: R) {
        let mut zip = match ArchiveReader::new(input) {
            Ok(z) => z,
            Err(e) => return self.fail(shown, e.to_string()),
        };
        let entries = zip.list().to_vec();
        for (i, entry) in entries.iter().enumerate() {
            let display = format!("{shown}/{}", entry.path);
            if !self.wanted(&display) {
                continue;
            }
            match zip.open_entry(i) {
                Ok(r) => {
                    let reader = self.builder.from_reader(r, &display);
                    self.file(&display, reader);
                }
                Err(e) => self.fail(&display, e.to_string()),
            }
        }
    }

    fn file<R: Read>(&mut self, display: &str, reader: FileReader<R>) {
        if !self.wanted(display) || !self.claim(display) {
            return;
        }
        let done = rewrite_into_dir(reader, self.dir).map(|done| done.problems);
        self.done(display, done);
    }

    /// A large file, read and written on every core, its problems and errors naming it as
    /// it is shown.
    fn large_file(&mut self, path: &Path, display: &str) {
        if !self.wanted(display) || !self.claim(display) {
            return;
        }
        let in_file = |e: io::Error| Error::from(e).in_file(Some(display.to_string()));
        let target = self.dir.join(path.file_name().unwrap_or_default());
        let done = PendingFile::create(target)
            .map_err(in_file)
            .and_then(|pending| self.builder.rewrite_file(path, pending))
            .and_then(|done| {
                done.output.commit().map_err(in_file)?;
                Ok(done.problems)
            })
            .map(|mut problems| {
                for p in &mut problems {
                    p.location.file = Some(display.to_string());
                }
                problems
            })
            .map_err(|e| e.in_file(Some(display.to_string())));
        self.done(display, done);
    }

    /// What a rewrite of the file shown as `display` gave: the problems of what was
    /// written, or the error that stopped it.
    fn done(&mut self, display: &str, done: Result<Vec<Problem>, Error>) {
        match done {
            Ok(problems) => {
                if let Some(r) = self.files.iter_mut().find(|r| r.file.display() == display) {
                    r.problems.extend(problems);
                }
            }
            Err(e) => {
                let message = match self.lang {
                    Lang::Ja => e.message_ja(),
                    Lang::En => e.to_string(),
                };
                // The line names the file once: the error's own mention of it is dropped.
                let message = match message.strip_prefix(&format!("{display}: ")) {
                    Some(rest) => rest.to_string(),
                    None => message,
                };
                self.fail(display, message);
            }
        }
    }

    /// Whether the file at `path` would be rewritten onto itself (the folder written into
    /// is its own).
    fn is_its_own_target(&self, path: &Path) -> bool {
        let Some(name) = path.file_name() else {
            return false;
        };
        match (path.canonicalize(), self.dir.join(name).canonicalize()) {
            (Ok(source), Ok(target)) => source == target,
            _ => false,
        }
    }

    /// Takes the name of `display` for the file written: `false` (and the file refused)
    /// when a file of that name was written before in this run.
    fn claim(&mut self, display: &str) -> bool {
        let name = display.rsplit(['/', '\\']).next().unwrap_or(display);
        if self.written.insert(name.to_ascii_uppercase()) {
            return true;
        }
        self.refuse(display, Refusal::SameName);
        false
    }

    fn refuse(&mut self, display: &str, why: Refusal) {
        let dir = self.dir.display();
        let message = match (why, self.lang) {
            (Refusal::Source, Lang::En) => {
                format!("not rewritten: {dir} is the folder it was read from, and the file would be written over itself")
            }
            (Refusal::Source, Lang::Ja) => {
                format!("書き直していません: {dir} は読んだファイルのあるフォルダで、ファイルを上書きしてしまいます")
            }
            (Refusal::SameName, Lang::En) => {
                format!("not rewritten: a file of the same name was already written to {dir}")
            }
            (Refusal::SameName, Lang::Ja) => {
                format!("書き直していません: 同じ名前のファイルをすでに {dir} に書き出しています")
            }
        };
        self.fail(display, message);
    }

    fn fail(&mut self, display: &str, message: String) {
        self.unreadable.push(Unreadable {
            path: format!("{display} (rewrite)"),
            message,
        });
    }
}

/// Whether the regular file at `path` starts as a ZIP archive does (the set reads it as
/// one whatever its name: `FileSet::add_path`).
fn starts_as_zip(path: &Path) -> bool {
    let mut head = [0u8; 4];
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && File::open(path).is_ok_and(|mut f| f.read_exact(&mut head).is_ok())
        && looks_like_zip(&head)
}

/// Why a file was not rewritten.
#[derive(Clone, Copy)]
enum Refusal {
    /// The folder written into is the file's own: it would be written over itself.
    Source,
    /// A file of the same name was written before it.
    SameName,
}

/// Whether the file is worth rewriting on every core (see
/// `FileReaderBuilder::rewrite_file`).
fn is_large(f: &File) -> bool {
    f.metadata()
        .is_ok_and(|m| m.len() >= PARALLEL_REWRITE_BYTES)
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

/// A problem as one line of text: `FILE:LINE: No.N 項目名: message`.
pub(crate) fn problem_line(shown: &str, p: &Problem, lang: Lang) -> String {
    let ja = lang == Lang::Ja;
    let mut s = shown.to_string();
    if let Some(line) = p.location.line {
        s.push_str(&format!(":{line}"));
    }
    s.push_str(": ");
    if let Some(item) = p.location.item {
        s.push_str(&format!("No.{} {}: ", item.no, item.name));
    }
    s.push_str(&if ja { p.detail_ja() } else { p.detail_en() });
    // A fact of the whole file said once: how many records it concerns, as the messages say.
    match (p.count, ja) {
        (Some(n), true) => s.push_str(&format!("（{n}件のレコード）")),
        (Some(1), false) => s.push_str(" (in 1 record)"),
        (Some(n), false) => s.push_str(&format!(" (in {n} records)")),
        (None, _) => {}
    }
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
    if p.severity == careplan::model::Severity::Warning {
        s.push_str(if ja { "（警告）" } else { " (warning)" });
    }
    s
}

/// A location in the report's JSON form.
#[derive(Serialize)]
struct LocationJson<'a> {
    file: &'a Option<String>,
    line: Option<u64>,
    record: Option<u64>,
}

/// A problem in the report's JSON form (crate docs: PROBLEM). The fields are in the
/// order of their names, as the report has always given them.
#[derive(Serialize)]
struct ProblemJson<'a> {
    code: &'static str,
    /// Left out when `None`, as careplan-model's `Problem` serialises it (issue 13 §3).
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u64>,
    expected: &'a Option<String>,
    file: &'a Option<String>,
    found: &'a Option<String>,
    /// Left out when `false`, as careplan-model's `Problem` serialises it (issue 13 §1).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    inferred: bool,
    item: Option<u16>,
    item_name: Option<&'static str>,
    line: Option<u64>,
    message_en: String,
    message_ja: String,
    record: Option<u64>,
    related: Option<LocationJson<'a>>,
    severity: &'static str,
}

impl<'a> ProblemJson<'a> {
    fn of(p: &'a Problem) -> ProblemJson<'a> {
        ProblemJson {
            code: p.kind.code(),
            count: p.count,
            expected: &p.expected,
            file: &p.location.file,
            found: &p.found,
            inferred: p.inferred,
            item: p.location.item.map(|i| i.no),
            item_name: p.location.item.map(|i| i.name),
            line: p.location.line,
            message_en: p.message_en(),
            message_ja: p.message_ja(),
            record: p.location.record,
            related: p.related.as_deref().map(|l| LocationJson {
                file: &l.file,
                line: l.line,
                record: l.record,
            }),
            severity: p.severity.as_str(),
        }
    }
}

/// Problems in the report's JSON form, each made as it is written: the messages of
/// thousands of problems are not all held at once.
struct ProblemsJson<'a>(&'a [Problem]);

impl Serialize for ProblemsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(ProblemJson::of))
    }
}

/// A problem in the report's JSON form (crate docs: PROBLEM).
pub(crate) fn problem_json(p: &Problem) -> Value {
    serde_json::to_value(ProblemJson::of(p)).unwrap_or(Value::Null)
}

/// The `--json` report (crate docs), its fields in the order of their names.
#[derive(Serialize)]
struct ReportJson<'a> {
    archive_notes: Vec<ArchiveNoteJson<'a>>,
    files: Vec<FileJson<'a>>,
    notes: ProblemsJson<'a>,
    schema: u32,
    skipped: Vec<NamedJson<'a>>,
    units: Vec<UnitJson<'a>>,
    unreadable: Vec<UnreadableJson<'a>>,
}

#[derive(Serialize)]
struct FileJson<'a> {
    errors: u64,
    kind: Option<&'static str>,
    kind_id: Option<&'static str>,
    kind_name: Option<&'static str>,
    month: Option<String>,
    name: &'a str,
    problems: ProblemsJson<'a>,
    receiver: Option<String>,
    records: u64,
    sender: Option<String>,
    users: u64,
    version: Option<String>,
    warnings: u64,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    files: Vec<&'a str>,
    kind: Option<careplan::bundle::UnitKind>,
    kind_name: Option<&'static str>,
    legacy: bool,
    month: Option<String>,
    problems: ProblemsJson<'a>,
    receiver: String,
    sender: String,
    sequence: String,
}

#[derive(Serialize)]
struct ArchiveNoteJson<'a> {
    archive: &'a str,
    message_en: String,
    message_ja: String,
}

#[derive(Serialize)]
struct NamedJson<'a> {
    message_en: &'static str,
    message_ja: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct UnreadableJson<'a> {
    message: &'a str,
    name: &'a str,
}

/// Everything `check` learnt, to print.
struct Report<'a> {
    set: &'a FileSet,
    files: &'a [FileReport<'a>],
    units: &'a [UnitReport<'a>],
    skipped: &'a [Skipped],
    unreadable: &'a [Unreadable],
}

impl<'a> Report<'a> {
    /// Whether a file, a unit, a relation or a note of the set (an archive that yields no
    /// file) has an error.
    fn has_errors(&self) -> bool {
        self.files
            .iter()
            .any(|r| r.problems.iter().any(Problem::is_error))
            || self
                .units
                .iter()
                .any(|r| r.problems.iter().any(Problem::is_error))
            || self.set.notes().iter().any(Problem::is_error)
    }

    fn text(&self, out: &mut dyn Write, lang: Lang, quiet: bool) -> io::Result<()> {
        let ja = lang == Lang::Ja;
        for r in self.files {
            let shown = r.file.display();
            if !quiet {
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
                writeln!(out, "{shown}")?;
                if ja {
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
            }
            for p in &r.problems {
                writeln!(out, "{}", problem_line(shown, p, lang))?;
            }
        }
        for r in self.units {
            let u = r.unit.unit();
            if !quiet {
                let kind = u.kind().map_or("?", |k| k.name_ja());
                let month = u.month().map_or("-".to_string(), |m| m.to_string());
                if ja {
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
            }
            for p in &r.problems {
                let shown = p.location.file.as_deref().unwrap_or("");
                writeln!(out, "{}", problem_line(shown, p, lang))?;
            }
        }
        for p in self.set.notes() {
            let shown = p.location.file.as_deref().unwrap_or("");
            writeln!(out, "{}", problem_line(shown, p, lang))?;
        }
        for (archive, note) in shown_notes(self.set) {
            let message = if ja {
                note.message_ja()
            } else {
                note.message_en()
            };
            writeln!(out, "{archive}: {message}")?;
        }
        for s in self.skipped {
            writeln!(out, "{}: {}", s.path, s.message(lang))?;
        }
        for u in self.unreadable {
            writeln!(out, "{}: {}", u.path, u.message)?;
        }
        Ok(())
    }

    fn json(&self, out: &mut dyn Write) -> io::Result<()> {
        let problems = ProblemsJson;
        let files = self
            .files
            .iter()
            .map(|r| {
                let s = r.file.summary();
                FileJson {
                    errors: s.errors,
                    kind: s.kind.map(|k| k.prefix()),
                    kind_id: s.kind.map(|k| k.id()),
                    kind_name: s.kind.map(|k| k.name_ja()),
                    month: s.month.map(|m| m.to_string()),
                    name: r.file.display(),
                    problems: problems(&r.problems),
                    receiver: r.file.name().map(|n| n.receiver().to_string()),
                    records: s.records,
                    sender: r.file.name().map(|n| n.sender().to_string()),
                    users: s.users,
                    version: s.version.map(|v| v.to_string()),
                    warnings: s.warnings,
                }
            })
            .collect();
        let units = self
            .units
            .iter()
            .map(|r| {
                let u = r.unit.unit();
                UnitJson {
                    files: u.members().iter().map(|m| m.file()).collect(),
                    kind: u.kind(),
                    kind_name: u.kind().map(|k| k.name_ja()),
                    legacy: u.is_legacy(),
                    month: u.month().map(|m| m.to_string()),
                    problems: problems(&r.problems),
                    receiver: u.receiver().to_string(),
                    sender: u.sender().to_string(),
                    sequence: u.sequence().to_string(),
                }
            })
            .collect();
        let doc = ReportJson {
            archive_notes: shown_notes(self.set)
                .map(|(archive, n)| ArchiveNoteJson {
                    archive,
                    message_en: n.message_en(),
                    message_ja: n.message_ja(),
                })
                .collect(),
            files,
            notes: problems(self.set.notes()),
            schema: SCHEMA,
            skipped: self
                .skipped
                .iter()
                .map(|s| NamedJson {
                    message_en: s.message_en(),
                    message_ja: s.message_ja(),
                    name: &s.path,
                })
                .collect(),
            units,
            unreadable: self
                .unreadable
                .iter()
                .map(|u| UnreadableJson {
                    message: &u.message,
                    name: &u.path,
                })
                .collect(),
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sparse files of the sizes given, walked as the command line names them.
    fn walked(test: &str, sizes: &[u64]) -> (std::path::PathBuf, Inputs, Vec<std::path::PathBuf>) {
        let dir =
            std::env::temp_dir().join(format!("careplan-large-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let paths: Vec<_> = sizes
            .iter()
            .enumerate()
            .map(|(i, len)| {
                let p = dir.join(format!("{i}.csv"));
                File::create(&p).unwrap().set_len(*len).unwrap();
                p
            })
            .collect();
        let inputs = Inputs::walk(&paths, Mode::Lenient);
        (dir, inputs, paths)
    }

    fn threads(test: &str, sizes: &[u64], cores: usize) -> Vec<usize> {
        let (dir, inputs, paths) = walked(test, sizes);
        let large = LargeFiles::of(&inputs, cores);
        let threads = paths.iter().map(|p| large.threads_for(p)).collect();
        let _ = std::fs::remove_dir_all(&dir);
        threads
    }

    #[test]
    fn a_file_of_more_than_its_share_of_the_bytes_is_read_on_every_core() {
        const MIB: u64 = 1 << 20;
        // A large plan and its two small companions: the plan on both cores.
        assert_eq!(threads("unit", &[9 * MIB, 100, 100], 2), [2, 1, 1]);
        // Two large files: one core each, side by side.
        assert_eq!(threads("two", &[9 * MIB, 9 * MIB], 2), [1, 1]);
        assert_eq!(
            threads("three", &[20 * MIB, 9 * MIB, 9 * MIB], 4),
            [4, 1, 1]
        );
        // One core, or a file too small to be worth cutting.
        assert_eq!(threads("one_core", &[9 * MIB], 1), [1]);
        assert_eq!(threads("small", &[MIB], 2), [1]);
    }
}
