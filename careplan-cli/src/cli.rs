//! The command line: clap's derive structs, and the dispatch to each command.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::Console;

/// The exit statuses, as a literal for `concat!`.
macro_rules! exit_status {
    () => {
        "\
Exit status:
  0  no error was found (warnings allowed)
  1  errors were found (in a file, a unit, a relation, or an archive that yields no file;
     for `check`, also nothing found to check; for `diff`, also differences between plan
     and result)
  2  an input could not be read at all, an output could not be written, or the command
     line is wrong"
    };
}

/// The JSON Lines forms every reader of records accepts, as a literal for `concat!`.
macro_rules! line_forms {
    () => {
        "\
JSON Lines read: one record a line (blank lines ignored), in any of the forms the command
writes:
  {\"version\": …, …}                       a bare record (`convert to-json FILE`)
  {\"file\": NAME, \"record\": {…}}           `convert to-json ARCHIVE.zip`
  {\"kind\": KIND, \"sequence\": …, \"sender\": …, \"user\": …, \"record\": {…}}   `import`
A line naming its file or kind is taken only when it is of a kind the option reads; the
lines of other kinds are left out, and how many is said in one note. A UPHOSOKU file of
month 000000 (the 補足 sent with 第1-3表) counts as a kind of its own. A {\"raw\": […]}
line (a record `convert to-json` could not type) is an error: fix the file and convert it
again. In a record, free-text items are strings, \"\" when empty (null is refused); the
other items are null when empty (`convert fields KIND` lists the fields).
"
    };
}

const EXIT_STATUS: &str = exit_status!();
const READS_JSONL: &str = concat!(line_forms!(), "\n", exit_status!());

const TO_JSON_AFTER: &str = concat!(
    "\
Lines written: for a file, its records as they are, one a line: {\"version\": …, …} (the
fields of `convert fields KIND`, in the items' order; free-text items \"\" when empty, the
other empty items null); a record that could not be typed is {\"raw\": [item texts…]}.
For a ZIP, every file of the standard in it, each line naming its file:
{\"file\": NAME, \"record\": {…}} or {\"file\": NAME, \"raw\": […]}. `export`, `answer
--records` and `convert to-csv` read these lines back. Problems go to standard error,
as `check` prints them (FILE:LINE: No.N 項目名: message).

",
    exit_status!()
);

const TO_CSV_AFTER: &str = concat!(
    "\
Lines read from standard input. Without --name, each line names its file:
{\"file\": NAME, \"record\": {…}} (or {\"file\": NAME, \"raw\": [item texts…]}), one
file written per name, as `convert to-json ARCHIVE.zip` prints them. With --name, a line
is a bare record ({\"version\": …, …} or {\"raw\": […]}), a {\"file\", \"record\"} line
or an `import` line ({\"kind\", \"sequence\", \"sender\", \"user\", \"record\"}); of the
lines naming a file or kind, those of --name's kind are taken and how many others were
left out is said in one note. Free-text items are strings, \"\" when empty (null is
refused); the other items are null when empty.

",
    exit_status!()
);

/// The `careplan` command line.
#[derive(Parser, Debug)]
#[command(
    name = "careplan",
    version,
    about = "Check, convert, export and import ケアプランデータ連携 files (standard v4.1)",
    long_about = "Check, convert, export and import the files of ケアプランデータ連携 (the \
care-plan data exchange standard, v4.1): 第6表 予定/実績, 第7表, 利用者補足情報, 第1-3表, \
介護予防, as MS932 CSV files named by the standard, one by one, in folders or in ZIP archives.",
    after_help = EXIT_STATUS,
    propagate_version = true
)]
pub(crate) struct Cli {
    /// The same as the command's own -q, which says what it silences (see its --help)
    #[arg(short, long)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The language of messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Lang {
    /// 日本語
    Ja,
    /// English
    En,
}

impl Lang {
    /// The language asked for, or the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`: the
    /// first set; Japanese when it starts with `ja`), English otherwise.
    pub fn resolve(given: Option<Lang>) -> Lang {
        given.unwrap_or_else(|| {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            if locale.starts_with("ja") {
                Lang::Ja
            } else {
                Lang::En
            }
        })
    }
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Read files, folders and ZIP archives and report every problem
    #[command(after_help = EXIT_STATUS, long_about = CHECK_ABOUT)]
    Check(CheckArgs),
    /// The JSON Lines bridge, for systems not written in Rust
    #[command(subcommand, after_help = EXIT_STATUS)]
    Convert(ConvertCommand),
    /// Care office (manual 2-1): write a month's sets for the providers from JSON Lines
    #[command(after_help = READS_JSONL, long_about = EXPORT_ABOUT)]
    Export(ExportArgs),
    /// Provider (manual 3-1): read received sets, print the office's records as JSON Lines
    #[command(after_help = EXIT_STATUS, long_about = IMPORT_ABOUT)]
    Import(ImportArgs),
    /// Provider (manual 3-2): write the UPJSK answering a received set
    #[command(after_help = READS_JSONL, long_about = ANSWER_ABOUT)]
    Answer(AnswerArgs),
    /// Care office (manual 2-2): compare the plan sent with the UPJSK received
    #[command(after_help = EXIT_STATUS, long_about = DIFF_ABOUT)]
    Diff(DiffArgs),
    /// Write a valid, deterministic month of every kind (demos, tests, benches)
    #[command(after_help = EXIT_STATUS, long_about = GENERATE_ABOUT)]
    Generate(GenerateArgs),
}

const CHECK_ABOUT: &str = "\
Read care-plan exchange files, validate them, group them into transmission units, and report \
what they hold and every problem found.

PATH is a CSV file, a folder (read with its sub-folders; symbolic links to folders are not \
followed, FIFOs and devices are skipped, each with a note), a ZIP archive (files anywhere \
inside, several units in one archive, other entries noted), or `-` for standard input (a \
file, named by --stdin-name, or a ZIP). In a folder, only archives, CSV files and files with a name of the standard \
are read.

Per file it prints the name, kind, CSV version, month, sender and receiver, record and user \
counts, then each problem as `FILE:LINE: No.N 項目名: message`. Then the units (sequence \
number, sender, receiver) with their files and the problems of their composition and \
relations. `--json` prints one JSON document instead (schema 1, documented in the crate \
docs of careplan-cli).";

const EXPORT_ABOUT: &str = "\
Care office, 提供票(予定)出力 (manual 2-1): from the month's 第6表 予定 and 利用者補足情報 \
records (JSON Lines as `convert to-json` or `import` print them: every form is listed \
below), write for each provider the set UPPLAN + UPSIKYU + UPHOSOKU with one sequence number, validated as the provider will read \
it. 第7表 (UPSIKYU) and the 補足's limit slots are computed from the 第6表 by the library's \
Table7Builder, with the 単位数単価 (--unit-price, --price) and each user's 給付率 (--rate, \
default 90); the units over a limit are taken from each user's last rows first. Give \
--table7 instead to send 第7表 records made elsewhere.

OUT is a folder (the CSV files), a name ending in .zip (every set in one archive), or, with \
--zip-per-provider, the folder that gets one archive per provider (each provider imports its \
own; an archive of every set is refused by `import` and `answer` at the other providers' \
files).";

const IMPORT_ABOUT: &str = "\
Provider, 提供票(予定)取込 (manual 3-1): read received sets (files, folders, ZIPs, `-`), check \
them, and print the office's own records as JSON Lines, sets applied in sequence-number order \
(a later set of a user-month replaces an earlier one). Each line is {\"kind\", \"sequence\", \
\"sender\", \"user\", \"record\"}. Problems go to standard error.";

const ANSWER_ABOUT: &str = "\
Provider, 提供票(実績)出力 (manual 3-2): answer the sets received (PATH: files, folders, ZIPs), \
applied as `import` applies them (a later set of a user-month replaces an earlier one): one \
UPJSK per care office, provider office and kind, and month, from the provider to the care \
office, named in the latest set's style (legacy names answer legacy names). The 実績 records \
come from --records (JSON Lines of 第6表 records: every form is listed below, `import`'s \
output included); each answer takes the records of its care office (No.6), of the \
answering provider (No.20) and of its users; records that answer no set are left out \
with a note. Without --records, the provider's own rows of the plan are answered as carried \
out. In a 実績 file, No.24 更新業者コード is the provider's office number (spec TABLE6 \
No.24: 実績ファイルはサービス事業者の事業所番号): a record carrying the \
care office's number there, as a plan and `import` give it, is answered with the \
provider's number instead; any other number is kept (and reported if wrong).";

const DIFF_ABOUT: &str = "\
Care office, 提供票(実績)取込 (manual 2-2): compare the plan sent (--plan: its set, a folder \
or a ZIP) with the UPJSK received (RESULT: files, folders, ZIPs) and print every difference \
and every problem of the results. Exits 1 when there is a difference or an error.";

const GENERATE_ABOUT: &str = "\
Write one care office's month as the files of the standard, into the folder OUT, or as a ZIP \
when OUT ends in .zip. The same arguments always give the same bytes. Kinds: ticket (第6表, \
第7表, 補足, to each provider), result (UPJSK from each provider), plan (第1-3表 and their 補足), yobo (介護予防), \
delete (one of each delete file). Everything written is read back strictly; any error exits 1.";

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    /// Files, folders, ZIP archives; `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read to the letter of the standard (default: lenient, every deviation reported)
    #[arg(long)]
    pub strict: bool,
    /// Print one JSON document (schema 1) instead of the text report
    #[arg(long)]
    pub json: bool,
    /// The language of the report (default: from LANG); with --json, every problem
    /// carries both messages (message_en, message_ja) whatever the language
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Print only the problems, not each file's and unit's summary; draw no progress bar
    #[arg(short, long)]
    pub quiet: bool,
    /// Write every file read again, through its typed records, into DIR under its name (a
    /// file of 1 MiB or more is read and written on every core; the bytes are the same)
    #[arg(long, value_name = "DIR")]
    pub rewrite: Option<PathBuf>,
    /// The file name standard input (`-`) stands for: it gives the kind, month and parties
    /// (without it, a file on standard input has no name of the standard, and that is
    /// reported; a ZIP needs none)
    #[arg(long, value_name = "FILENAME")]
    pub stdin_name: Option<String>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum ConvertCommand {
    /// Print a file's records (or a ZIP's, each line naming its file) as JSON Lines
    #[command(after_help = TO_JSON_AFTER)]
    ToJson {
        /// Read to the letter of the standard
        #[arg(long)]
        strict: bool,
        /// The language of the problems, printed on standard error as `check` prints them
        /// (default: from LANG)
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// A CSV file, a ZIP archive, or `-` for standard input
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Write JSON Lines from standard input as a file of the standard (or a ZIP's files)
    #[command(after_help = TO_CSV_AFTER)]
    ToCsv {
        /// The file's name (kind, month, parties, sequence); without it, each line names its
        /// file ({"file": NAME, "record": {...}})
        #[arg(long, value_name = "FILENAME")]
        name: Option<String>,
        /// A folder, a name ending in .zip, or `-` for standard output
        #[arg(long, value_name = "OUT", default_value = ".")]
        out: PathBuf,
        /// The language of the messages (default: from LANG)
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// List a kind's JSON field names with the item No. and the standard's name
    Fields {
        /// The kind's prefix, e.g. UPPLAN
        kind: String,
    },
}

#[derive(Args, Debug)]
pub(crate) struct ExportArgs {
    /// The service month, YYYYMM
    #[arg(long)]
    pub month: String,
    /// The care office: its 事業所番号 (10 digits; kind 43) or NUMBER_KIND
    #[arg(long, value_name = "OFFICE")]
    pub from: String,
    /// A provider to send to, NUMBER_KIND (e.g. 1310000002_11); repeat for several
    /// (default: every provider in the plan)
    #[arg(long, value_name = "PARTY")]
    pub to: Vec<String>,
    /// 第6表 予定 records, JSON Lines (`-`: standard input); of lines naming their file
    /// or kind, the UPPLAN lines are taken
    #[arg(long, value_name = "JSONL")]
    pub table6: PathBuf,
    /// 利用者補足情報 records, JSON Lines; of lines naming their file or kind, the UPHOSOKU
    /// lines of a month are taken (not those of UPHOSOKU_000000, sent with 第1-3表)
    #[arg(long, value_name = "JSONL")]
    pub hosoku: PathBuf,
    /// 第7表 records, JSON Lines (UPSIKYU lines taken), when they are not to be computed
    /// (default: 第7表 and the 補足 limit slots are computed from the 第6表 by the
    /// library's Table7Builder)
    #[arg(long, value_name = "JSONL", conflicts_with_all = ["unit_price", "price", "rate"])]
    pub table7: Option<PathBuf>,
    /// The 単位数単価 of every office and kind not given by --price, e.g. 10.00 or 11.40
    #[arg(long, value_name = "YEN")]
    pub unit_price: Option<String>,
    /// The 単位数単価 of one office and kind: NUMBER_KIND=YEN (e.g. 1310000002_11=11.40);
    /// repeat for several
    #[arg(long, value_name = "PARTY=YEN")]
    pub price: Vec<String>,
    /// A user's 給付率 in percent: INSURER/INSURED=PERCENT (e.g. 131001/0000012345=70);
    /// repeat for several (default 90)
    #[arg(long, value_name = "USER=PERCENT")]
    pub rate: Vec<String>,
    /// Write names of the form before 4.0, as the seed manual shows them (office numbers
    /// without service-kind codes, spec LEGACY.md), for a provider whose software reads
    /// only those; from 2025-04 they are outside the standard, so each file is reported
    /// with the warning for a name of a form before 4.1
    #[arg(long)]
    pub legacy: bool,
    /// The first sequence number, YYYYMMDDHHMMSS (default: now); one per set
    #[arg(long)]
    pub sequence: Option<String>,
    /// A folder, or a name ending in .zip (every provider's set in one archive), or `-`
    /// (standard output)
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,
    /// Write one ZIP archive per provider into the folder OUT, named
    /// MONTH_SENDER_RECEIVER_SEQUENCE.zip, the set's three files at its top: each archive
    /// is what its provider imports
    #[arg(long)]
    pub zip_per_provider: bool,
    /// The language of the problems (default: from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Do not list the files written; draw no progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub(crate) struct ImportArgs {
    /// The provider's 事業所番号 (10 digits)
    #[arg(long, value_name = "OFFICE")]
    pub office: String,
    /// Received files, folders, ZIP archives; `-` reads standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read to the letter of the standard
    #[arg(long)]
    pub strict: bool,
    /// The language of the problems (default: from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Draw no progress bar (the records and the problems are printed all the same)
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub(crate) struct AnswerArgs {
    /// The provider's 事業所番号 (10 digits)
    #[arg(long, value_name = "OFFICE")]
    pub office: String,
    /// Received sets: files, folders, ZIP archives
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 実績 records, JSON Lines of 第6表 records (default: the plan as carried out); of
    /// lines naming their file or kind, the UPJSK lines are taken, or the UPPLAN lines when
    /// there is no UPJSK line (`import`'s output)
    #[arg(long, value_name = "JSONL")]
    pub records: Option<PathBuf>,
    /// The first sequence number, YYYYMMDDHHMMSS (default: now); one per answer
    #[arg(long)]
    pub sequence: Option<String>,
    /// A folder, or a name ending in .zip
    #[arg(long, value_name = "OUT")]
    pub out: PathBuf,
    /// The language of the problems (default: from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Do not list the files written; draw no progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub(crate) struct DiffArgs {
    /// The plan sent: its set's files, a folder or a ZIP
    #[arg(long, value_name = "PATH", required = true)]
    pub plan: Vec<PathBuf>,
    /// The UPJSK (and DLTJSK) received: files, folders, ZIP archives
    #[arg(required = true, value_name = "RESULT")]
    pub results: Vec<PathBuf>,
    /// The care office's 事業所番号 (default: the plan's sender)
    #[arg(long, value_name = "OFFICE")]
    pub office: Option<String>,
    /// Print JSON Lines (one problem or difference a line) instead of text
    #[arg(long)]
    pub json: bool,
    /// The language of the report (default: from LANG); with --json, every line carries
    /// both messages (message_en, message_ja) whatever the language
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Do not print the count of results and differences; draw no progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub(crate) struct GenerateArgs {
    /// The number of users
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub users: u32,
    /// The service month, YYYYMM: 202504 (the default) or later, the months CSV version
    /// 202407 is in force
    #[arg(long)]
    pub month: Option<String>,
    /// The seed: the same seed gives the same bytes
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The units to write, comma-separated
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "ticket,result,plan,yobo,delete"
    )]
    pub kinds: Vec<GenKind>,
    /// A folder, or a name ending in .zip
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// The language of the messages (default: from LANG)
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Print nothing but the errors found reading the files back (the list of files and
    /// units goes)
    #[arg(short, long)]
    pub quiet: bool,
}

/// A unit kind `generate` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum GenKind {
    /// 第6表, 第7表 and 補足 of the month, to each provider
    Ticket,
    /// UPJSK from each provider
    Result,
    /// 第1-3表 and the 補足 of a plan set
    Plan,
    /// 介護予防 files
    Yobo,
    /// one of each delete file
    Delete,
}

/// Parses `args` and runs the command.
pub(crate) fn dispatch<I, T>(args: I, console: &mut Console<'_>) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = write!(console.err, "{text}");
                2
            } else {
                let _ = write!(console.out, "{text}");
                0
            };
        }
    };
    let quiet = cli.quiet
        || match &cli.command {
            Command::Check(a) => a.quiet,
            Command::Convert(_) => false,
            Command::Export(a) => a.quiet,
            Command::Import(a) => a.quiet,
            Command::Answer(a) => a.quiet,
            Command::Diff(a) => a.quiet,
            Command::Generate(a) => a.quiet,
        };
    if quiet {
        console.progress = false;
    }
    match cli.command {
        Command::Check(a) => crate::check::run(&a, quiet, console),
        Command::Convert(c) => crate::convert::run(c, console),
        Command::Export(a) => crate::workflow::export(&a, quiet, console),
        Command::Import(a) => crate::workflow::import(&a, console),
        Command::Answer(a) => crate::workflow::answer(&a, quiet, console),
        Command::Diff(a) => crate::workflow::diff(&a, quiet, console),
        Command::Generate(a) => crate::generate::run(&a, quiet, console),
    }
}
