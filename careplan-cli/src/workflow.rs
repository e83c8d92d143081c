//! The seed manual's four screens as commands over JSON Lines: `export` (care office,
//! 2-1), `import` (provider, 3-1), `answer` (provider, 3-2) and `diff` (care office, 2-2),
//! each on the library's workflow of the same screen (`careplan::bundle::workflow`).

use std::path::{Path, PathBuf};

use careplan::bundle::build::Table7Builder;
use careplan::bundle::workflow::{
    ImportedTicket, ImportedUser, PlanExport, PlanImport, ResultExport, ResultImport,
};
use careplan::bundle::{Error, FileSet, LoadOptions, SequenceAllocator};
use careplan::csv::{NameStyle, Party, Sequence};
use careplan::model::hosoku::HosokuRecord;
use careplan::model::table6::Table6Record;
use careplan::model::table7::Table7Record;
use careplan::model::value::UserMonthKey;
use careplan::model::value::{Decimal, OfficeNumber, ServiceKind, UserKey, YearMonth};
use careplan::model::{FileKind, Mode, Problem};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::check::{problem_json, problem_line};
use crate::cli::{AnswerArgs, DiffArgs, ExportArgs, ImportArgs, Lang};
use crate::jsonl::{left_out_note, read_records, ReadError, Records};
use crate::output::Target;
use crate::walk::{read_whole, Inputs, Source, Unreadable};
use crate::Console;

/// A failure that ends a command, with its exit status.
struct Stop(i32);

fn fail(console: &mut Console<'_>, status: i32, message: impl std::fmt::Display) -> Stop {
    let _ = writeln!(console.err, "{message}");
    Stop(status)
}

fn status(result: Result<i32, Stop>) -> i32 {
    result.unwrap_or_else(|Stop(s)| s)
}

fn office(text: &str, console: &mut Console<'_>) -> Result<OfficeNumber, Stop> {
    text.parse::<OfficeNumber>()
        .map_err(|e| fail(console, 2, format!("{text}: {e}")))
}

/// `NUMBER_KIND`, or `NUMBER` with `default_kind`.
fn party(text: &str, default_kind: Option<&str>, console: &mut Console<'_>) -> Result<Party, Stop> {
    let (number, kind) = match (text.split_once('_'), default_kind) {
        (Some((n, k)), _) => (n, k),
        (None, Some(k)) => (text, k),
        (None, None) => {
            return Err(fail(
                console,
                2,
                format!("{text}: give the office number and its service kind, e.g. 1310000002_11"),
            ))
        }
    };
    let office = office(number, console)?;
    let kind = kind
        .parse::<ServiceKind>()
        .map_err(|e| fail(console, 2, format!("{text}: {e}")))?;
    Ok(Party::new(office, kind))
}

fn month(text: &str, console: &mut Console<'_>) -> Result<YearMonth, Stop> {
    text.parse::<YearMonth>()
        .map_err(|e| fail(console, 2, format!("--month {text}: {e}")))
}

/// The first sequence number: the one given, or the current second in Japan (the time
/// the standard's ファイル連番 is written in).
fn first_sequence(
    given: Option<&str>,
    console: &mut Console<'_>,
) -> Result<SequenceAllocator, Stop> {
    match given {
        Some(s) => Sequence::parse(s)
            .map(SequenceAllocator::new)
            .map_err(|e| fail(console, 2, format!("--sequence {s}: {e}"))),
        None => SequenceAllocator::now().map_err(|e| {
            fail(
                console,
                2,
                format!("the clock gives no sequence number ({e}); give --sequence"),
            )
        }),
    }
}

/// The 第7表 computation the export is given on its command line: prices and rates.
fn table7_builder(a: &ExportArgs, console: &mut Console<'_>) -> Result<Table7Builder, Stop> {
    if a.unit_price.is_none() && a.price.is_empty() {
        return Err(fail(
            console,
            2,
            match Lang::resolve(a.lang) {
                Lang::En => {
                    "第7表 needs the 単位数単価: give --unit-price (or --price for each office and \
                     kind), or --table7 with 第7表 records made elsewhere"
                }
                Lang::Ja => {
                    "第7表を作るには単位数単価が必要です。--unit-price（事業所とサービス種類ごとなら \
                     --price）で指定するか、ほかで作った第7表のレコードを --table7 で渡してください"
                }
            },
        ));
    }
    let mut builder = Table7Builder::new();
    if let Some(p) = &a.unit_price {
        let price = p
            .parse::<Decimal>()
            .map_err(|e| fail(console, 2, format!("--unit-price {p}: {e}")))?;
        builder = builder.default_unit_price(price);
    }
    for given in &a.price {
        let Some((who, yen)) = given.split_once('=') else {
            return Err(fail(
                console,
                2,
                format!("--price {given}: NUMBER_KIND=YEN, e.g. 1310000002_11=11.40"),
            ));
        };
        let party = party(who, None, console)?;
        let price = yen
            .parse::<Decimal>()
            .map_err(|e| fail(console, 2, format!("--price {given}: {e}")))?;
        if party.kind().is_none() {
            return Err(fail(
                console,
                2,
                format!("--price {given}: the office's service kind is needed"),
            ));
        }
        builder = builder.unit_price(party, price);
    }
    for given in &a.rate {
        let parsed = given.split_once('=').and_then(|(user, percent)| {
            Some((user.parse::<UserKey>().ok()?, percent.parse::<u8>().ok()?))
        });
        let Some((user, percent)) = parsed else {
            return Err(fail(
                console,
                2,
                format!("--rate {given}: INSURER/INSURED=PERCENT, e.g. 131001/0000012345=70"),
            ));
        };
        builder = builder.benefit_rate(user, percent);
    }
    Ok(builder)
}

/// The records of JSON Lines `path`, taking the lines of the kinds `takes` and counting
/// the lines of other kinds.
fn records<T: DeserializeOwned>(
    path: &Path,
    takes: &[&str],
    lang: Lang,
    console: &mut Console<'_>,
) -> Result<Records<T>, Stop> {
    match read_records(path, console.stdin, takes, lang) {
        Ok(r) => Ok(r),
        Err(ReadError::Io(m)) => Err(fail(console, 2, m)),
        Err(ReadError::Lines(lines)) => {
            for l in lines {
                let _ = writeln!(console.err, "{l}");
            }
            Err(Stop(1))
        }
    }
}

/// [`records`], saying the note of lines left out at once.
fn records_noted<T: DeserializeOwned>(
    path: &Path,
    option: &str,
    takes: &[&str],
    lang: Lang,
    console: &mut Console<'_>,
) -> Result<Vec<T>, Stop> {
    let read = records(path, takes, lang, console)?;
    if let Some(note) = read.note(path, option, takes, lang) {
        let _ = writeln!(console.err, "{note}");
    }
    Ok(read.into_records())
}

/// Prints a refused export's problems (or the error) on standard error; a problem of no
/// file (of the records given, before a file is made) is shown at `given`.
fn refused(console: &mut Console<'_>, e: &Error, given: &str, lang: Lang) -> Stop {
    if e.problems().is_empty() {
        let message = match lang {
            Lang::En => e.to_string(),
            Lang::Ja => e.message_ja(),
        };
        return fail(console, 1, format!("{given}: {message}"));
    }
    for p in e.problems() {
        let shown = p.location.file.as_deref().unwrap_or(given);
        let _ = writeln!(console.err, "{}", problem_line(shown, p, lang));
    }
    Stop(1)
}

fn warnings(console: &mut Console<'_>, problems: &[Problem], lang: Lang) {
    for p in problems {
        let shown = p.location.file.as_deref().unwrap_or("");
        let _ = writeln!(console.err, "{}", problem_line(shown, p, lang));
    }
}

/// `careplan export`: the care office's month, one set per provider.
pub(crate) fn export(a: &ExportArgs, quiet: bool, console: &mut Console<'_>) -> i32 {
    status(export_inner(a, quiet, console))
}

fn export_inner(a: &ExportArgs, quiet: bool, console: &mut Console<'_>) -> Result<i32, Stop> {
    let lang = Lang::resolve(a.lang);
    let month = month(&a.month, console)?;
    let from = party(&a.from, Some("43"), console)?;
    let per_provider = a.zip_per_provider;
    if per_provider && !matches!(Target::new(&a.out), Target::Folder(_)) {
        return Err(fail(
            console,
            2,
            match lang {
                Lang::En => format!(
                    "--out {}: with --zip-per-provider, OUT is the folder the archives go into",
                    a.out.display()
                ),
                Lang::Ja => format!(
                    "--out {}: --zip-per-provider では、OUT には ZIP を置くフォルダを指定してください",
                    a.out.display()
                ),
            },
        ));
    }
    let table6: Vec<Table6Record> =
        records_noted(&a.table6, "--table6", &["UPPLAN"], lang, console)?;
    let hosoku: Vec<HosokuRecord> =
        records_noted(&a.hosoku, "--hosoku", &["UPHOSOKU"], lang, console)?;
    let table7: Option<Vec<Table7Record>> = match &a.table7 {
        Some(p) => Some(records_noted(p, "--table7", &["UPSIKYU"], lang, console)?),
        None => None,
    };
    let builder = match table7 {
        Some(_) => None,
        None => Some(table7_builder(a, console)?),
    };
    let mut receivers: Vec<Party> = Vec::new();
    for t in &a.to {
        receivers.push(party(t, None, console)?);
    }
    if receivers.is_empty() {
        for r in &table6 {
            let code = r.service_code.to_string();
            let kind = code.get(..2).unwrap_or_default();
            let p = party(&format!("{}_{kind}", r.provider), None, console)?;
            if !receivers.contains(&p) {
                receivers.push(p);
            }
        }
    }
    if receivers.is_empty() {
        return Err(fail(
            console,
            1,
            match lang {
                Lang::En => format!(
                    "{}: no 第6表 record, no provider to send to",
                    a.table6.display()
                ),
                Lang::Ja => format!(
                    "{}: 第6表のレコードがなく、送り先の事業所がありません",
                    a.table6.display()
                ),
            },
        ));
    }
    let mut sequences = first_sequence(a.sequence.as_deref(), console)?;
    let style = if a.legacy {
        NameStyle::Legacy
    } else {
        NameStyle::V41
    };
    // Problems of the records given, before a file is made (the 第7表 computation), are
    // shown at the inputs they come from.
    let given = match &a.table7 {
        Some(t7) => format!(
            "{}, {}, {}",
            a.table6.display(),
            t7.display(),
            a.hosoku.display()
        ),
        None => format!("{}, {}", a.table6.display(), a.hosoku.display()),
    };
    let mut files = Vec::new();
    let mut refusals = 0;
    for to in receivers {
        // Legacy names are the caller's explicit choice for a receiver that still reads
        // them; from 2025-04 they are outside the standard, so the set is read back
        // leniently and the names' warnings are shown, not refused.
        let mode = if a.legacy {
            Mode::Lenient
        } else {
            Mode::Strict
        };
        let export = PlanExport::new(from, month)
            .receiver(to)
            .sequence_from(&mut sequences)
            .style(style)
            .mode(mode)
            .table6(table6.iter().cloned())
            .hosoku(hosoku.iter().cloned());
        let export = match (&table7, &builder) {
            (Some(records), _) => export.table7(records.iter().cloned()),
            (None, Some(b)) => export.table7_from(b.clone()),
            (None, None) => export,
        };
        // Every provider's set is made, so that every refusal is shown at once.
        let exported = match export.build() {
            Ok(e) => e,
            Err(e) => {
                // The 第7表 computation is the same for every provider: said once.
                let of_records = !e.problems().is_empty()
                    && e.problems().iter().all(|p| p.location.file.is_none());
                if !(of_records && refusals > 0) {
                    refused(console, &e, &given, lang);
                }
                refusals += 1;
                continue;
            }
        };
        warnings(console, exported.problems(), lang);
        if per_provider {
            let name = exported
                .files()
                .first()
                .map(|f| f.display().to_string())
                .unwrap_or_default();
            let stem = name
                .strip_prefix("UPPLAN_")
                .and_then(|n| n.rsplit_once('.'))
                .map_or(name.as_str(), |(stem, _)| stem);
            let zip = exported
                .to_zip()
                .map_err(|e| fail(console, 2, format!("{stem}.zip: {e}")))?;
            files.push((format!("{stem}.zip"), zip));
        } else {
            for f in exported.files() {
                files.push((f.display().to_string(), f.bytes().to_vec()));
            }
        }
    }
    if refusals > 0 {
        let _ = match lang {
            Lang::En => writeln!(
                console.err,
                "nothing written: {refusals} of the sets break the standard (above)"
            ),
            Lang::Ja => writeln!(
                console.err,
                "何も書き出していません: {refusals} 件のセットが標準仕様に合いません（上記）"
            ),
        };
        return Err(Stop(1));
    }
    Target::new(&a.out)
        .save(&files, console.out)
        .map_err(|e| fail(console, 2, e))?;
    if !quiet && a.out.as_os_str() != "-" {
        for (name, _) in &files {
            let _ = writeln!(console.out, "{name}");
        }
    }
    Ok(0)
}

/// Reads the received sets named on the command line into a plan import.
fn plan_import(
    own: OfficeNumber,
    paths: &[PathBuf],
    mode: Mode,
    lang: Lang,
    console: &mut Console<'_>,
) -> (PlanImport, Vec<Unreadable>) {
    let mut import = PlanImport::with_options(own, LoadOptions::new().mode(mode));
    let mut inputs = Inputs::walk(paths, mode);
    inputs.read(console, lang, None, "reading", |source| match source {
        Source::Path(p) => import.add_path(p).map(|_| ()),
        Source::Bytes(name, bytes) => import.upload(name, bytes).map(|_| ()),
        Source::Stream(name, r) => {
            read_whole(name, r).and_then(|bytes| import.upload(name, bytes).map(|_| ()))
        }
    });
    for s in &inputs.skipped {
        let _ = writeln!(console.err, "{}: {}", s.path, s.message(lang));
    }
    (import, inputs.unreadable)
}

fn unreadable(console: &mut Console<'_>, unreadable: &[Unreadable]) -> Result<(), Stop> {
    if unreadable.is_empty() {
        return Ok(());
    }
    for u in unreadable {
        let _ = writeln!(console.err, "{}: {}", u.path, u.message);
    }
    Err(Stop(2))
}

/// `careplan import`: the provider's records of the received sets, as JSON Lines.
pub(crate) fn import(a: &ImportArgs, console: &mut Console<'_>) -> i32 {
    status(import_inner(a, console))
}

fn import_inner(a: &ImportArgs, console: &mut Console<'_>) -> Result<i32, Stop> {
    let lang = Lang::resolve(a.lang);
    let own = office(&a.office, console)?;
    let mode = if a.strict {
        Mode::Strict
    } else {
        Mode::Lenient
    };
    let (import, bad) = plan_import(own, &a.paths, mode, lang, console);
    unreadable(console, &bad)?;
    let report = import.finish();
    warnings(console, &report.problems, lang);
    for t in &report.tickets {
        warnings(console, &t.problems, lang);
    }
    // Sets in sequence-number order: a later set of a user-month replaces an earlier one.
    for (t, u) in report.latest() {
        let (sequence, sender) = (t.sequence.to_string(), t.sender.to_string());
        let user = u.key.to_string();
        // The record serialized straight to text, so that its keys keep the items' order.
        let line = |kind: FileKind, record: String| {
            format!(
                "{{\"kind\":{},\"sequence\":{},\"sender\":{},\"user\":{},\"record\":{record}}}",
                json!(kind.prefix()),
                json!(sequence),
                json!(sender),
                json!(user)
            )
        };
        let mut lines = Vec::new();
        if let Some(h) = &u.hosoku {
            lines.push(line(FileKind::Hosoku, to_text(h)));
        }
        lines.extend(
            u.table6
                .iter()
                .map(|r| line(FileKind::UsagePlan, to_text(r))),
        );
        lines.extend(
            u.table7
                .iter()
                .map(|r| line(FileKind::UsageSummary, to_text(r))),
        );
        for l in lines {
            writeln!(console.out, "{l}").map_err(|_| Stop(2))?;
        }
    }
    Ok(i32::from(report.has_errors()))
}

/// A record as JSON text, its keys in the items' order.
fn to_text<T: serde::Serialize>(record: &T) -> String {
    serde_json::to_string(record).unwrap_or_default()
}

/// `careplan answer`: the UPJSK answering the received sets, as `import` applies them.
pub(crate) fn answer(a: &AnswerArgs, quiet: bool, console: &mut Console<'_>) -> i32 {
    status(answer_inner(a, quiet, console))
}

fn answer_inner(a: &AnswerArgs, quiet: bool, console: &mut Console<'_>) -> Result<i32, Stop> {
    let lang = Lang::resolve(a.lang);
    let own = office(&a.office, console)?;
    // 実績 records: UPJSK lines, or, when there are none, UPPLAN lines (a plan as
    // `import` prints it, answered as given).
    let mut given: Option<Vec<Table6Record>> = None;
    if let Some(path) = &a.records {
        let read = records::<Table6Record>(path, &["UPJSK", "UPPLAN"], lang, console)?;
        let mut left_out = read.left_out.clone();
        let results = read
            .taken
            .iter()
            .any(|(k, _)| k.as_deref() == Some("UPJSK"));
        let mut taken = Vec::new();
        for (kind, r) in read.taken {
            if results && kind.as_deref() == Some("UPPLAN") {
                *left_out.entry("UPPLAN".to_string()).or_default() += 1;
            } else {
                taken.push(r);
            }
        }
        let takes: &[&str] = if results {
            &["UPJSK"]
        } else {
            &["UPJSK", "UPPLAN"]
        };
        if let Some(note) = left_out_note(path, "--records", takes, &left_out, lang) {
            let _ = writeln!(console.err, "{note}");
        }
        given = Some(taken);
    }
    let mut answered = vec![false; given.as_ref().map_or(0, Vec::len)];
    let (import, bad) = plan_import(own, &a.paths, Mode::Lenient, lang, console);
    unreadable(console, &bad)?;
    let report = import.finish();
    warnings(console, &report.problems, lang);
    if report.tickets.is_empty() {
        return Err(fail(
            console,
            1,
            match lang {
                Lang::En => format!("no complete set addressed to {own} to answer"),
                Lang::Ja => format!("{own} 宛てのそろったセットがなく、回答するものがありません"),
            },
        ));
    }
    let mut sequences = first_sequence(a.sequence.as_deref(), console)?;
    let mut files = Vec::new();
    // What the import applies (a later set of a user-month replaces an earlier one),
    // answered with one UPJSK per care office, provider office and kind, and month (spec
    // README "Output units"), named after the latest set among them.
    let mut answers: Vec<(&ImportedTicket, Vec<&ImportedUser>)> = Vec::new();
    for (t, u) in report.latest() {
        if t.month.is_none() {
            continue;
        }
        let same =
            |x: &ImportedTicket| (x.sender, x.receiver, x.month) == (t.sender, t.receiver, t.month);
        match answers.iter_mut().find(|(x, _)| same(x)) {
            Some((x, users)) => {
                if t.sequence > x.sequence {
                    *x = t;
                }
                users.push(u);
            }
            None => answers.push((t, vec![u])),
        }
    }
    for (t, users) in answers {
        let keys: Vec<UserMonthKey> = users.iter().map(|u| u.key).collect();
        let results: Vec<Table6Record> = match &given {
            // The provider's own rows (No.20, as `import` takes them) for the set's care
            // office (No.6) and users. No.24 of 実績 is the provider's number (spec
            // TABLE6.tsv No.24): a row carrying the care office's, as a plan does, gets the
            // provider's, as the plan answered as carried out does.
            Some(records) => records
                .iter()
                .zip(answered.iter_mut())
                .filter(|(r, _)| {
                    r.care_office == t.sender.office()
                        && r.provider == own
                        && keys.contains(&UserMonthKey::of_table6(r))
                })
                .map(|(r, done)| {
                    *done = true;
                    let mut r = r.clone();
                    if r.updater == Some(r.care_office) {
                        r.updater = Some(r.provider);
                    }
                    r
                })
                .collect(),
            None => users
                .iter()
                .flat_map(|u| u.table6.iter())
                .map(|r| {
                    let mut r = r.clone();
                    r.updater = Some(r.provider);
                    r
                })
                .collect(),
        };
        if results.is_empty() {
            let _ = match lang {
                Lang::En => writeln!(
                    console.err,
                    "{} {}: no 実績 record for this set's users, not answered",
                    t.sender, t.sequence
                ),
                Lang::Ja => writeln!(
                    console.err,
                    "{} {}: このセットの利用者の実績レコードがないため、回答していません",
                    t.sender, t.sequence
                ),
            };
            continue;
        }
        // Back to the set's sender for its month, named in the set's style.
        // A set received with legacy names is answered in its style, which from 2025-04 is
        // outside the standard: read back leniently, its names' warnings shown.
        let mode = if t.style == NameStyle::Legacy {
            Mode::Lenient
        } else {
            Mode::Strict
        };
        let exported = ResultExport::answering(t)
            .mode(mode)
            .sequence_from(&mut sequences)
            .records(results)
            .build()
            .map_err(|e| refused(console, &e, &format!("{} {}", t.sender, t.sequence), lang))?;
        warnings(console, exported.problems(), lang);
        for f in exported.files() {
            files.push((f.display().to_string(), f.bytes().to_vec()));
        }
    }
    let unanswered = answered.iter().filter(|done| !**done).count();
    if let (Some(path), true) = (&a.records, unanswered > 0) {
        let shown = path.display();
        let _ = match lang {
            Lang::En => writeln!(
                console.err,
                "{shown}: {unanswered} of the records answer no set received (No.6 another care \
                 office, No.20 another provider than {own}, or a user-month not in a set): \
                 left out"
            ),
            Lang::Ja => writeln!(
                console.err,
                "{shown}: {unanswered} 件のレコードは受け取ったどのセットにも当たらないため使いませんでした\
                 （No.6 がほかの居宅介護支援事業所、No.20 が {own} 以外の事業所、または利用者と月がセットにない）"
            ),
        };
    }
    if files.is_empty() {
        return Err(fail(
            console,
            1,
            match lang {
                Lang::En => "nothing answered",
                Lang::Ja => "何も回答していません",
            },
        ));
    }
    Target::new(&a.out)
        .save(&files, console.out)
        .map_err(|e| fail(console, 2, e))?;
    if !quiet && a.out.as_os_str() != "-" {
        for (name, _) in &files {
            let _ = writeln!(console.out, "{name}");
        }
    }
    Ok(i32::from(report.has_errors()))
}

/// Reads the paths into a file set.
fn file_set(
    paths: &[PathBuf],
    lang: Lang,
    console: &mut Console<'_>,
) -> (FileSet, Vec<Unreadable>) {
    let mut set = FileSet::with_options(LoadOptions::new());
    let mut inputs = Inputs::walk(paths, Mode::Lenient);
    inputs.read(console, lang, None, "reading", |source| match source {
        Source::Path(p) => set.add_path(p).map(|_| ()),
        Source::Bytes(name, bytes) => set.add_bytes(name, bytes).map(|_| ()),
        Source::Stream(name, r) => {
            read_whole(name, r).and_then(|bytes| set.add_bytes(name, bytes).map(|_| ()))
        }
    });
    for s in &inputs.skipped {
        let _ = writeln!(console.err, "{}: {}", s.path, s.message(lang));
    }
    (set, inputs.unreadable)
}

/// `careplan diff`: the plan sent against the 実績 received.
pub(crate) fn diff(a: &DiffArgs, quiet: bool, console: &mut Console<'_>) -> i32 {
    status(diff_inner(a, quiet, console))
}

fn diff_inner(a: &DiffArgs, quiet: bool, console: &mut Console<'_>) -> Result<i32, Stop> {
    let lang = Lang::resolve(a.lang);
    let (plan, bad) = file_set(&a.plan, lang, console);
    unreadable(console, &bad)?;
    let own = match &a.office {
        Some(o) => office(o, console)?,
        None => plan
            .files()
            .iter()
            .filter(|f| f.kind() == Some(FileKind::UsagePlan))
            .find_map(|f| f.name().map(|n| n.sender().office()))
            .ok_or_else(|| fail(console, 2, "no UPPLAN among --plan's files: give --office"))?,
    };
    let (results, bad) = file_set(&a.results, lang, console);
    unreadable(console, &bad)?;
    let report = ResultImport::new()
        .office(own)
        .plans_from(&plan)
        .run(&results);
    let out = &mut *console.out;
    for p in &report.problems {
        let written = if a.json {
            writeln!(out, "{}", problem_json(p))
        } else {
            let shown = p.location.file.as_deref().unwrap_or("");
            writeln!(out, "{}", problem_line(shown, p, lang))
        };
        written.map_err(|_| Stop(2))?;
    }
    // A difference is data: its JSON line holds the plan and result rows it compares, beside
    // the problem fields a reader of `check --json` already knows.
    for d in &report.differences {
        let written = if a.json {
            let mut line = problem_json(&d.to_problem());
            if let (Some(obj), Ok(data)) = (line.as_object_mut(), serde_json::to_value(d)) {
                obj.insert("difference".to_string(), data);
            }
            writeln!(out, "{line}")
        } else {
            match lang {
                Lang::Ja => writeln!(out, "{}", d.message_ja()),
                Lang::En => writeln!(out, "{}", d.message_en()),
            }
        };
        written.map_err(|_| Stop(2))?;
    }
    if !a.json && !quiet {
        let _ = match lang {
            Lang::Ja => writeln!(
                out,
                "実績 {} 件、予定と一致 {} 件、差異 {} 件",
                report.results.len(),
                report.matched,
                report.differences.len()
            ),
            Lang::En => writeln!(
                out,
                "{} results, {} as planned, {} differences",
                report.results.len(),
                report.matched,
                report.differences.len()
            ),
        };
    }
    Ok(i32::from(
        report.has_errors() || !report.differences.is_empty(),
    ))
}
