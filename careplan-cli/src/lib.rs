//! The `careplan` command: check, convert, export, import, answer and diff the files of
//! ケアプランデータ連携 (the care-plan data exchange standard, v4.1), from any language.
//!
//! ```text
//! cargo install --path careplan-cli
//! careplan check --lang en 202504.zip
//! careplan check --json UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV
//! ```
//!
//! | command | who | what |
//! |---|---|---|
//! | `careplan check PATH...` | anyone | reads files, folders, ZIP archives (`-`: standard input), reports every problem of every file, unit and relation |
//! | `careplan convert to-json` / `to-csv` / `fields` | systems not written in Rust | the JSON Lines bridge: a file or a ZIP to JSON Lines and back |
//! | `careplan export` | care office (manual 2-1) | a month's 第6表 and 補足 records in JSON Lines to the set for each provider (UPPLAN, UPSIKYU, UPHOSOKU), 第7表 computed by the library's `Table7Builder` from the prices and rates given, v4.1 or legacy names, CSVs, one ZIP, or one ZIP per provider (`--zip-per-provider`) |
//! | `careplan import` | provider (manual 3-1) | a received set or ZIP to the provider's records in JSON Lines, later sets replacing earlier ones |
//! | `careplan answer` | provider (manual 3-2) | the UPJSK answering a received set, named in that set's style |
//! | `careplan diff` | care office (manual 2-2) | the plan sent against the UPJSK received |
//! | `careplan generate` | developers | a valid, deterministic month of every kind, for demos and benches |
//!
//! Every command has `--help`. A progress bar is drawn on standard error for runs longer than
//! about half a second, and only when standard error is a terminal; `--quiet` turns it off.
//!
//! # Exit status
//!
//! | status | meaning |
//! |---|---|
//! | 0 | no error was found (warnings allowed) |
//! | 1 | errors were found: in a file, a unit, a relation, or an archive that yields no file (`empty_archive`); for `check`, also nothing found to check (an empty folder); for `diff`, also differences between plan and result |
//! | 2 | an input could not be read at all (a missing file, a refused archive), an output could not be written, or the command line is wrong |
//!
//! # `careplan check --json`: the report, schema 1
//!
//! One JSON document (pretty-printed) on standard output:
//!
//! ```text
//! {
//!   "schema": 1,
//!   "files": [ {
//!       "name": "UPPLAN_….CSV" (as given, or "archive.zip/entry"),
//!       "kind": "UPPLAN" | null,  "kind_id": "…" | null,  "kind_name": "第6表 …" | null,
//!       "version": "202407" | null,  "month": "202504" | null,
//!       "sender": "1310000001_43" | null,  "receiver": "…" | null,
//!       "records": 12, "users": 2, "errors": 0, "warnings": 1,
//!       "problems": [ PROBLEM… ] } … ],
//!   "units": [ {
//!       "sequence": "20250401093000", "sender": "…", "receiver": "…",
//!       "kind": "service_ticket" | … | null, "kind_name": "…" | null,
//!       "month": "202504" | null, "legacy": false,
//!       "files": [ "UPPLAN_….CSV", … ],
//!       "problems": [ PROBLEM… ] } … ],
//!   "notes": [ PROBLEM… ]                  (entries left aside, archives without files),
//!   "archive_notes": [ { "archive", "message_en", "message_ja" } … ],
//!   "skipped": [ { "name", "message_en", "message_ja" } … ]   (not followed in a folder walk),
//!   "unreadable": [ { "name", "message" } … ]
//! }
//! ```
//!
//! A PROBLEM is `{ "severity": "error" | "warning", "code", "file", "line", "record",
//! "item" (No.), "item_name", "expected", "found", "related": { "file", "line", "record" } |
//! null, "message_en", "message_ja" }`; absent parts are `null`. Two fields appear only when
//! they say something: `"inferred": true` on a problem found by a rule the standard does not
//! state (read from an item's name or from practice; a warning at most, see RULES.md), and
//! `"count"`, the number of records a fact of the whole file concerns, said once instead of
//! on every record (an unknown CSVバージョン). A later schema number means a field changed
//! meaning or went away; new fields may appear within schema 1.
//!
//! `expected` and `found` hold values, the same in both languages; the words are in
//! `message_en` (English) and `message_ja` (Japanese). `found` is the value as the file holds
//! it (or values naming it: a line range, a key, counts). `expected` is a value (`202504`,
//! `1310000001`), a list of allowed values separated by `|` (the codes of a code item: `1|0`;
//! a format with its special values: `HHMM|9999`), a file name pattern in the standard's
//! notation, or the notation of a format: `YYYYMM`, `YYYYMMDD`, `HHMM`, `99.99`, where `N` is a
//! half-width digit, `X` a half-width digit or capital letter, `…` more of the same, `[-]` an
//! optional sign (`NNNNNN` six digits, `NNNNNNNNNN|HNNNNNNNNN` an insured number, `XXNNNN` a
//! service code, `NNNNN-NNNNNN` an equipment code, `NNN-NNNN` a postal code, `N…-N…` a
//! telephone number, `0|1 ×31` the day mask). `""` is the empty value. A few lists that are
//! not an item's values are separated by `, ` instead: the file kinds a name may start with
//! (`invalid_file_name`, `ignored_entry`), the known or in-force CSV versions
//! (`unknown_version`, `version_not_in_force`), the total rows a rule could not check
//! (`not_checked`), and the items that make another necessary (`missing_conditional`).
//!
//! # Problem codes
//!
//! The `code` of a problem is one of these (the rules that raise each, with their source in
//! the standard and severity, are listed in `careplan-model/RULES.md`):
//!
//! | code | what |
//! |---|---|
//! | `malformed_bytes` | bytes that are not MS932 |
//! | `gaiji` | a 外字 (user-defined character), forbidden |
//! | `unmappable` | a character MS932 cannot hold |
//! | `substituted` | a character replaced on writing |
//! | `utf8_bom` | a UTF-8 byte order mark |
//! | `utf8_encoding` | a UTF-8 file, not MS932 |
//! | `control_character` | a C0 control character (NUL, TAB …) in a value |
//! | `line_ending` | LF or CR instead of CRLF |
//! | `missing_final_line_break` | the last record without a line break |
//! | `blank_line` | an empty line |
//! | `header_line` | a header line (the standard has none) |
//! | `quoted_non_text` | quotes around an item that is not free text |
//! | `unquoted_text` | free text without quotes |
//! | `irregular_quoting` | quotes that break the CSV rules |
//! | `field_count` | a record with the wrong number of items |
//! | `absorbed_lines` | lines read into one item by a quote left open (`found`: the lines) |
//! | `missing_required` | a required item is empty |
//! | `too_long` | an item longer than allowed |
//! | `invalid_format` | an item not in its format |
//! | `invalid_date` | a date the calendar does not have |
//! | `unknown_code` | a value not among the item's codes |
//! | `unused_not_empty` | an item marked 使用しない holds a value |
//! | `unknown_version` | an unknown CSVバージョン |
//! | `mixed_versions` | versions differ within a file |
//! | `date_outside_month` | a date outside the record's month |
//! | `day_mask_beyond_month` | a 日割 mask marks a day the month lacks |
//! | `equipment_code_missing` | 福祉用具貸与 without TAIS or 届出 code |
//! | `month_mismatch` | a record for another month than the file's |
//! | `unpaired_time` | a start time without an end time, or the reverse |
//! | `time_inconsistent` | 9999 on one side and a time on the other (an end before the start is not checked: the standard states no order, and a service may run past midnight) |
//! | `total_mismatch` | a subtotal or total that is not the sum of its rows |
//! | `special_row_value` | a subtotal or total row with other fixed values |
//! | `duplicate_key` | a key that must be unique repeats |
//! | `row_order` | rows out of the standard's order |
//! | `inconsistent` | records of one file disagree where they must agree |
//! | `invalid_file_name` | a file name not of the standard |
//! | `legacy_file_name` | a name in an older form |
//! | `kind_from_content` | the kind came from the content, not the name |
//! | `empty_file` | a file without records |
//! | `missing_member` | a unit lacks a file |
//! | `stray_member` | a unit holds a file it must not |
//! | `duplicate_member` | two files of one kind in a unit |
//! | `mixed_months` | a unit's files for different months |
//! | `mixed_parties` | a unit's files for different parties |
//! | `missing_parent` | a record without its parent record |
//! | `ignored_entry` | an entry that is not a file of the standard, left aside |
//! | `plan_result_difference` | plan and result differ |
//! | `date_order` | a date after one it must not follow |
//! | `missing_conditional` | an item another item makes necessary is empty |
//! | `unexpected_value` | an item holds a value another item says it has not |
//! | `missing_total_row` | a required subtotal or total row is missing |
//! | `slot_gap` | a numbered slot filled after an empty one |
//! | `missing_dependent` | a record without a record that must come with it |
//! | `other_receiver` | files addressed to another office |
//! | `not_listed` | more problems of one kind than listed (counted only) |
//! | `not_taken` | a file the workflow does not take |
//! | `empty_archive` | an archive that holds no file to read (an error: exit 1) |
//! | `not_checked` | a rule across records not checked, a record it needs not being typed (said once) |
//! | `version_not_in_force` | a CSVバージョン not in force for the file's service month (4.x before 2025-04, 3.x from 2025-04; once per file) |
//! | `sender_mismatch` | an item that must name the file name's sender does not (第6表 No.6/No.20, 第7表 No.36, DLTJSK No.5/No.6) |
//! | `serial_gap` | a number of a 1, 2, 3 … series used while a smaller one is not (第6表 No.19, UPYOBO_SUB No.10/No.14) |
//!
//! # JSON Lines
//!
//! `convert to-json` writes one JSON object per record: the typed record's fields (`convert
//! fields KIND` lists them with the item No. and the standard's name), in the items' order,
//! values as the standard writes them. Free-text items are strings, `""` when empty; the
//! other items are `null` when empty (`convert to-csv` refuses `null` for a free-text item
//! and `""` for the others, so that a line means one file's bytes). A record that could not
//! be typed is `{"raw": [item texts…]}`. From a ZIP, each line is `{"file": NAME, "record":
//! {…}}` (or `{"file": NAME, "raw": […]}`), and `convert to-csv` without `--name` reads that
//! form back into one file per name. `import` writes `{"kind": "UPPLAN", "sequence",
//! "sender", "user", "record"}` lines, the user's 補足 first, then the provider's 第6表 and
//! 第7表 rows; `diff --json` writes one PROBLEM a line, a difference between plan and result
//! with its data under `"difference"` (`kind`, `item`, `user`, `provider`, `plan`, `result`,
//! `plan_at`, `result_at`).
//!
//! Every command that reads records (`export --table6/--hosoku/--table7`, `answer
//! --records`, `convert to-csv --name`) takes the three forms the command writes: a bare
//! record, a `{"file", "record"}` line and an `import` line. A line naming its file or kind
//! is taken only when it is of a kind the option reads (`--table6`: UPPLAN; `--hosoku`:
//! UPHOSOKU of a month, not the `UPHOSOKU_000000` of a plan set; `--table7`: UPSIKYU;
//! `--records`: UPJSK, or UPPLAN when there is no UPJSK line; `to-csv --name`: the name's
//! kind), and the lines left out are counted in one note on standard error. A `raw` line is
//! an error there. The same error on many lines is said once, with the lines (`lines
//! 1–71 (71 lines): …`). So `convert to-json month.zip > all.jsonl`, then `export --table6
//! all.jsonl --hosoku all.jsonl …`, and `import … > mine.jsonl`, then `answer --records
//! mine.jsonl …`, work as they are. `answer` gives a record carrying the care office's
//! number in No.24 更新業者コード (as a plan does) the provider's: in a 実績 file, No.24 is
//! the provider's office number (spec layouts/TABLE6.tsv No.24). `--help` of each command
//! lists the forms it reads.
//!
//! # From Rust
//!
//! [`run`] runs the command on given arguments and streams, as the binary does:
//!
//! ```
//! let mut out = Vec::new();
//! let mut err = Vec::new();
//! let status = careplan_cli::run(["careplan", "convert", "fields", "UPHOSOKU"], &mut &b""[..], &mut out, &mut err);
//! assert_eq!(status, 0);
//! assert!(String::from_utf8(out).unwrap().contains("No.1"));
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links, rustdoc::private_intra_doc_links)]

mod check;
mod cli;
mod convert;
mod generate;
mod jsonl;
mod output;
mod progress;
mod walk;
mod workflow;

use std::ffi::OsString;
use std::io::{BufRead, Write};

/// The streams a command runs with, and whether a progress bar may be drawn.
struct Console<'a> {
    stdin: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    progress: bool,
}

/// Runs the `careplan` command with `args` (the first is the program's name), reading
/// `stdin`, writing its report to `out` and messages to `err`; returns the exit status
/// (0 no error, 1 errors found, 2 an input could not be read). No progress bar is drawn.
///
/// ```
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let status = careplan_cli::run(["careplan", "check", "no-such-file.CSV"], &mut &b""[..], &mut out, &mut err);
/// assert_eq!(status, 2);
/// ```
pub fn run<I, T>(args: I, stdin: &mut dyn BufRead, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut console = Console {
        stdin,
        out,
        err,
        progress: false,
    };
    cli::dispatch(args, &mut console)
}

/// Runs the `careplan` command as the binary does: the process's arguments and standard
/// streams, a progress bar when standard error is a terminal. Returns the exit status.
pub fn main_status() -> i32 {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let progress = stderr.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut console = Console {
        stdin: &mut stdin.lock(),
        out: &mut out,
        // Not locked: the progress bar writes to standard error too.
        err: &mut stderr,
        progress,
    };
    let status = cli::dispatch(std::env::args_os(), &mut console);
    match out.flush() {
        Ok(()) => status,
        // A closed pipe (`careplan check … | head`) is not a failure of the check.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Err(_) => 2,
    }
}
