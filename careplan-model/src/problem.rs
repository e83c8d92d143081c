//! Problems: what is wrong with the data, where, and what was expected — in English and in
//! Japanese for care staff.
//!
//! A problem never stops a read. It is collected, attached to the record (or file, or unit)
//! it concerns, and reported. Strict reading turns deviations the lenient mode forgives into
//! error-severity problems; it does not stop reading either.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::kind::FileKind;
use crate::Format;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data is usable; the deviation was forgiven (lenient mode) or is only advice.
    Warning,
    /// The data breaks the standard.
    Error,
}

impl Severity {
    /// `"warning"` or `"error"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What kind of problem it is. Each kind has a stable snake_case [`code`](ProblemKind::code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    // --- encoding ---
    /// Bytes that are not a valid MS932 sequence.
    MalformedBytes,
    /// A 外字 (user-defined character, lead byte 0xF0–0xF9): forbidden by the standard.
    Gaiji,
    /// A character that MS932 cannot hold.
    Unmappable,
    /// A character replaced by another on writing (a variant form or a caller's substitution).
    Substituted,
    /// The file starts with a UTF-8 byte order mark.
    Utf8Bom,
    /// The file is UTF-8, not MS932.
    Utf8Encoding,
    /// A C0 control character (NUL, TAB …; line breaks in free text are not) in a value.
    ControlCharacter,
    // --- CSV form ---
    /// A record ends with LF or CR instead of CRLF.
    LineEnding,
    /// The last record has no line break.
    MissingFinalLineBreak,
    /// An empty line between or after records.
    BlankLine,
    /// A header line (the standard has none).
    HeaderLine,
    /// An item that is not free text was enclosed in quotes.
    QuotedNonText,
    /// A free-text item was not enclosed in quotes.
    UnquotedText,
    /// Quotes that do not follow the CSV rules (a stray `"`, an unterminated quoted field).
    IrregularQuoting,
    /// A record with the wrong number of items.
    FieldCount,
    /// Lines read into one item of a record, because a quote opened in it was not closed
    /// before its line ended (`found`: the lines absorbed).
    AbsorbedLines,
    // --- single items ---
    /// A required item is empty.
    MissingRequired,
    /// An item is longer than the standard allows.
    TooLong,
    /// An item does not have the form its format requires.
    InvalidFormat,
    /// A date that does not exist in the calendar.
    InvalidDate,
    /// A value that is not one of the item's codes.
    UnknownCode,
    /// An item marked 使用しない holds a value.
    UnusedNotEmpty,
    /// A CSVバージョン value that is not a known version.
    UnknownVersion,
    /// A record whose CSVバージョン differs from the file's first record.
    MixedVersions,
    // --- rules across items and records ---
    /// A date outside the month the record is for.
    DateOutsideMonth,
    /// A 日割対象日 mask marking a day the month does not have.
    DayMaskBeyondMonth,
    /// A 福祉用具貸与 service without TAISコード or 福祉用具届出コード.
    EquipmentCodeMissing,
    /// A record for another month than the file's.
    MonthMismatch,
    /// A start time without an end time or the reverse.
    UnpairedTime,
    /// 9999 (no time) on one side only, or an end before the start.
    TimeInconsistent,
    /// A subtotal or total that is not the sum of its rows.
    TotalMismatch,
    /// A special row (subtotal, total) whose fixed items hold other values.
    SpecialRowValue,
    /// Rows whose key repeats where it must be unique.
    DuplicateKey,
    /// Rows out of the order the standard gives.
    RowOrder,
    /// Records of one file that disagree where they must agree.
    Inconsistent,
    // --- files and names ---
    /// A file name that does not follow the standard.
    InvalidFileName,
    /// A file name in an older form (legacy or 4.0), read and reported.
    LegacyFileName,
    /// The file's kind was detected from its content, not from its name.
    KindFromContent,
    /// The file holds no records.
    EmptyFile,
    // --- units and relations ---
    /// A transmission unit lacks a file it must have.
    MissingMember,
    /// A transmission unit holds a file it must not have.
    StrayMember,
    /// Two files of one kind in one unit.
    DuplicateMember,
    /// Files of one unit for different months.
    MixedMonths,
    /// Files of one unit for different parties.
    MixedParties,
    /// A record whose parent record (by the spec's keys) is missing.
    MissingParent,
    /// An archive entry that is not a file of the standard and was ignored.
    IgnoredEntry,
    /// A difference between plan and result.
    PlanResultDifference,
    /// A date later than a date it must not follow (認定有効期間 開始日 after 終了日 …).
    DateOrder,
    /// An item that another item's value makes necessary is empty (その他理由 when the
    /// 算定理由 is その他 …).
    MissingConditional,
    /// An item holds a value although another item's value says it has none (その他理由
    /// when the 算定理由 is not その他 …).
    UnexpectedValue,
    /// A subtotal or total row the standard requires is missing (第7表 xxAAAA, 999999).
    MissingTotalRow,
    /// A numbered slot is filled after an empty one; slots are filled from slot 1 in order
    /// (利用者補足情報 サービス種類別の限度額管理).
    SlotGap,
    /// A parent record lacks a record that must come with it by the spec's keys (a 第6表
    /// user-month without its 利用者補足情報).
    MissingDependent,
    /// Files addressed to another office than the one reading them.
    OtherReceiver,
    /// More problems of one kind were found than are listed: the rest were counted only
    /// (`found` says how many, `expected` the kind's code, the place where the first of
    /// them was).
    NotListed,
    /// A file of the standard that the workflow reading it does not take (`found` the file
    /// and the unit it is in, `expected` what the workflow takes).
    NotTaken,
    /// An archive that holds no file to read: empty, or only folders, macOS leftovers and
    /// files left aside (`found` what it held).
    EmptyArchive,
    /// A CSVバージョン that is not the one in force for the record's service month: a new
    /// version is used from the service month it applies from (4.x from 202504), and not
    /// before (`found` the version and the month, `expected` the versions in force).
    VersionNotInForce,
    /// An item that names an office or a service kind differs from the party the file
    /// name gives (`found` the item's value, `expected` the name's).
    SenderMismatch,
    /// A number of a series that runs 1, 2, 3 … is used while a smaller one is not
    /// (`found` the number, `expected` the number missing).
    SerialGap,
    /// A rule across records that could not be checked, because a record it needs did not
    /// become a typed record (that record's own problem says why): said once, instead of
    /// the mistakes the record's absence would seem to cause (`found` how many records,
    /// `expected` what was not checked, e.g. the 第7表 total rows `xxAAAA, …, 999999`).
    NotChecked,
}

impl ProblemKind {
    /// A stable snake_case code, e.g. `"invalid_date"`.
    pub fn code(self) -> &'static str {
        use ProblemKind::*;
        match self {
            MalformedBytes => "malformed_bytes",
            Gaiji => "gaiji",
            Unmappable => "unmappable",
            Substituted => "substituted",
            Utf8Bom => "utf8_bom",
            Utf8Encoding => "utf8_encoding",
            ControlCharacter => "control_character",
            LineEnding => "line_ending",
            MissingFinalLineBreak => "missing_final_line_break",
            BlankLine => "blank_line",
            HeaderLine => "header_line",
            QuotedNonText => "quoted_non_text",
            UnquotedText => "unquoted_text",
            IrregularQuoting => "irregular_quoting",
            FieldCount => "field_count",
            AbsorbedLines => "absorbed_lines",
            MissingRequired => "missing_required",
            TooLong => "too_long",
            InvalidFormat => "invalid_format",
            InvalidDate => "invalid_date",
            UnknownCode => "unknown_code",
            UnusedNotEmpty => "unused_not_empty",
            UnknownVersion => "unknown_version",
            MixedVersions => "mixed_versions",
            DateOutsideMonth => "date_outside_month",
            DayMaskBeyondMonth => "day_mask_beyond_month",
            EquipmentCodeMissing => "equipment_code_missing",
            MonthMismatch => "month_mismatch",
            UnpairedTime => "unpaired_time",
            TimeInconsistent => "time_inconsistent",
            TotalMismatch => "total_mismatch",
            SpecialRowValue => "special_row_value",
            DuplicateKey => "duplicate_key",
            RowOrder => "row_order",
            Inconsistent => "inconsistent",
            InvalidFileName => "invalid_file_name",
            LegacyFileName => "legacy_file_name",
            KindFromContent => "kind_from_content",
            EmptyFile => "empty_file",
            MissingMember => "missing_member",
            StrayMember => "stray_member",
            DuplicateMember => "duplicate_member",
            MixedMonths => "mixed_months",
            MixedParties => "mixed_parties",
            MissingParent => "missing_parent",
            IgnoredEntry => "ignored_entry",
            PlanResultDifference => "plan_result_difference",
            DateOrder => "date_order",
            MissingConditional => "missing_conditional",
            UnexpectedValue => "unexpected_value",
            MissingTotalRow => "missing_total_row",
            SlotGap => "slot_gap",
            MissingDependent => "missing_dependent",
            OtherReceiver => "other_receiver",
            NotListed => "not_listed",
            NotTaken => "not_taken",
            EmptyArchive => "empty_archive",
            VersionNotInForce => "version_not_in_force",
            SenderMismatch => "sender_mismatch",
            SerialGap => "serial_gap",
            NotChecked => "not_checked",
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An item of a layout, as named in problems: its No. and Japanese name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct ItemRef {
    /// The item No. (1-based).
    pub no: u16,
    /// The item's Japanese name as the standard gives it.
    pub name: &'static str,
}

/// Where a problem is: file, line, record, byte and item. Every part is optional because a
/// problem may concern a whole file or unit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Location {
    /// The file name (as given to the reader).
    pub file: Option<String>,
    /// The kind of file, for the Japanese table name in messages (第6表, 利用者補足情報 …).
    pub kind: Option<FileKind>,
    /// The 1-based line.
    pub line: Option<u64>,
    /// The 1-based record number.
    pub record: Option<u64>,
    /// The 0-based byte offset in the file.
    pub byte: Option<u64>,
    /// The item the problem concerns.
    pub item: Option<ItemRef>,
}

impl Location {
    /// A location in a file, nowhere more precise.
    pub fn in_file(file: impl Into<String>) -> Location {
        Location {
            file: Some(file.into()),
            ..Location::default()
        }
    }
}

/// The place of a record as its reader found it (line, record No. when it has one, byte):
/// where a vendor's own check of a record says its problem is.
///
/// ```
/// use careplan_model::{Location, Position, Problem, ProblemKind};
/// let at = Position::new(1040, 7, 6); // the record's position, as RawRecord::position gives it
/// let p = Problem::warning(ProblemKind::Inconsistent).at(Location::from(at)).found("0");
/// assert_eq!((p.location.line, p.location.record, p.location.byte), (Some(7), Some(6), Some(1040)));
/// ```
impl From<crate::Position> for Location {
    fn from(p: crate::Position) -> Location {
        Location {
            line: Some(p.line()),
            record: (p.record() > 0).then_some(p.record()),
            byte: Some(p.byte()),
            ..Location::default()
        }
    }
}

/// A problem found in the data: a kind, a severity, where, and what (expected vs found).
///
/// ```
/// use careplan_model::{FileKind, ItemRef, Location, Problem, ProblemKind};
/// let mut place = Location::default();
/// place.line = Some(12);
/// place.kind = Some(FileKind::UsagePlan);
/// let p = Problem::error(ProblemKind::InvalidDate)
///     .at(place)
///     .item(ItemRef { no: 10, name: "サービス利用日" })
///     .found("20240230");
/// assert_eq!(p.message_ja(), "12行目 第6表 No.10 サービス利用日: 20240230 は存在しない日付です");
/// assert_eq!(p.message_en(), "line 12, 第6表 No.10 サービス利用日: 20240230 is not a date in the calendar");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// How bad.
    pub severity: Severity,
    /// Where.
    pub location: Location,
    /// What the standard expects: a value (`202504`, `1310000001`), a list of values
    /// (`1|2|3`), or a language-neutral notation of a form (`YYYYMMDD`, `NNNNNN` for six
    /// digits, see [`Format::notation`](crate::Format::notation)) — never words of one
    /// language: the messages say it in words, each in its own language.
    pub expected: Option<String>,
    /// What was found: the value as the data holds it, or values naming it (a line range,
    /// a count, a key).
    pub found: Option<String>,
    /// The format the item did not follow, for an
    /// [`InvalidFormat`](ProblemKind::InvalidFormat) problem of an item's format: the
    /// messages name it in words ([`Format::describe_ja`](crate::Format::describe_ja),
    /// [`Format::describe_en`](crate::Format::describe_en)) beside `expected`'s notation.
    /// Not in JSON, where `expected` holds the notation.
    #[serde(skip)]
    pub format: Option<Format>,
    /// A second place the problem concerns (the other file of a cross-file check, the first
    /// row of a duplicate key).
    pub related: Option<Box<Location>>,
    /// Whether the rule that found it is **inferred** — read from an item's name or from
    /// common practice, not from words of the standard. An inferred problem is a warning at
    /// most (see [`Problem::inferred`]); its messages say so, and JSON carries
    /// `"inferred": true` (the field is left out when `false`). careplan-model/RULES.md lists
    /// every rule with its source.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// For a fact of the whole file said once instead of on every record (an unknown
    /// CSVバージョン): how many records it concerns. The messages say it; JSON carries
    /// `"count"` (left out when `None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

impl Problem {
    /// A problem of `kind` and `severity`, nowhere yet.
    #[doc(hidden)]
    pub fn new(kind: ProblemKind, severity: Severity) -> Problem {
        Problem {
            kind,
            severity,
            location: Location::default(),
            expected: None,
            found: None,
            format: None,
            related: None,
            inferred: false,
            count: None,
        }
    }

    /// An error-severity problem.
    pub fn error(kind: ProblemKind) -> Problem {
        Problem::new(kind, Severity::Error)
    }

    /// A warning-severity problem.
    pub fn warning(kind: ProblemKind) -> Problem {
        Problem::new(kind, Severity::Warning)
    }

    /// Sets the whole location.
    pub fn at(mut self, location: Location) -> Problem {
        self.location = location;
        self
    }

    /// Sets the line.
    #[doc(hidden)]
    pub fn at_line(mut self, line: u64) -> Problem {
        self.location.line = Some(line);
        self
    }

    /// Sets the line, record and byte from a record position.
    #[doc(hidden)]
    pub fn at_position(mut self, p: crate::Position) -> Problem {
        let at = Location::from(p);
        (self.location.line, self.location.record, self.location.byte) =
            (at.line, at.record, at.byte);
        self
    }

    /// Sets the byte offset.
    #[doc(hidden)]
    pub fn at_byte(mut self, byte: u64) -> Problem {
        self.location.byte = Some(byte);
        self
    }

    /// Sets the file name.
    #[doc(hidden)]
    pub fn in_file(mut self, file: impl Into<String>) -> Problem {
        self.location.file = Some(file.into());
        self
    }

    /// Sets the file kind.
    #[doc(hidden)]
    pub fn in_kind(mut self, kind: FileKind) -> Problem {
        self.location.kind = Some(kind);
        self
    }

    /// Sets the item.
    pub fn item(mut self, item: ItemRef) -> Problem {
        self.location.item = Some(item);
        self
    }

    /// Sets what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Problem {
        self.expected = Some(expected.into());
        self
    }

    /// Sets what was found.
    pub fn found(mut self, found: impl Into<String>) -> Problem {
        self.found = Some(found.into());
        self
    }

    /// Names the format the item did not follow, for the messages' words (an
    /// [`InvalidFormat`](ProblemKind::InvalidFormat) problem), beside `expected`'s notation.
    ///
    /// ```
    /// use careplan_model::{Format, Problem, ProblemKind};
    /// let p = Problem::error(ProblemKind::InvalidFormat)
    ///     .format(Format::InsurerId)
    ///     .expected(Format::InsurerId.notation())
    ///     .found("13100");
    /// assert_eq!(p.message_en(), "13100 is not an insurer number of 6 digits (NNNNNN)");
    /// assert_eq!(p.message_ja(), "13100 は半角数字6桁の保険者番号ではありません（NNNNNN）");
    /// ```
    #[doc(hidden)]
    pub fn format(mut self, format: Format) -> Problem {
        self.format = Some(format);
        self
    }

    /// Marks the problem as found by an **inferred** rule (one the standard does not state:
    /// read from an item's name or from practice), and makes it a warning, as an inferred
    /// rule never raises an error.
    ///
    /// ```
    /// use careplan_model::{Problem, ProblemKind, Severity};
    /// let p = Problem::error(ProblemKind::DateOrder).found("20250302").expected("20250301").inferred();
    /// assert!(p.inferred);
    /// assert_eq!(p.severity, Severity::Warning);
    /// assert!(p.message_en().ends_with("(inferred: the standard does not state this rule)"));
    /// assert!(p.message_ja().ends_with("（規格に明記のない推定による確認です）"));
    /// ```
    pub fn inferred(mut self) -> Problem {
        self.inferred = true;
        self.severity = Severity::Warning;
        self
    }

    /// Says how many records the problem concerns, for a fact of the whole file said once.
    ///
    /// ```
    /// use careplan_model::{Problem, ProblemKind};
    /// let p = Problem::warning(ProblemKind::UnknownVersion).found("201801").expected("202407").count(3);
    /// assert!(p.message_en().ends_with("(in 3 records)"));
    /// assert!(p.message_ja().ends_with("（3件のレコード）"));
    /// let p = Problem::warning(ProblemKind::UnknownVersion).found("201801").expected("202407").count(1);
    /// assert!(p.message_en().ends_with("(in 1 record)"));
    /// ```
    #[doc(hidden)]
    pub fn count(mut self, records: u64) -> Problem {
        self.count = Some(records);
        self
    }

    /// Sets the related location.
    pub fn related(mut self, location: Location) -> Problem {
        self.related = Some(Box::new(location));
        self
    }

    /// Whether the severity is [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The place as a Japanese prefix: `12行目 第6表 No.10 サービス利用日` (`3件目` for a
    /// record being written, which has no line).
    fn place_ja(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        match (self.location.line, self.location.record) {
            (Some(line), _) => parts.push(format!("{line}行目")),
            // A record being written has no line yet: its number says which.
            (None, Some(record)) => parts.push(format!("{record}件目")),
            (None, None) => {}
        }
        if let Some(kind) = self.location.kind {
            parts.push(kind.label_ja().to_string());
        }
        if let Some(item) = self.location.item {
            parts.push(format!("No.{} {}", item.no, item.name));
        }
        parts.join(" ")
    }

    /// The place as an English prefix: `line 12, 第6表 No.10 サービス利用日` (`record 3` for
    /// a record being written, which has no line).
    fn place_en(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        match (self.location.line, self.location.record) {
            (Some(line), _) => parts.push(format!("line {line}")),
            (None, Some(record)) => parts.push(format!("record {record}")),
            (None, None) => {}
        }
        let mut what = Vec::new();
        if let Some(kind) = self.location.kind {
            what.push(kind.label_ja().to_string());
        }
        if let Some(item) = self.location.item {
            what.push(format!("No.{} {}", item.no, item.name));
        }
        if !what.is_empty() {
            parts.push(what.join(" "));
        }
        parts.join(", ")
    }

    /// What is wrong, in English, without the place.
    pub fn detail_en(&self) -> String {
        use ProblemKind::*;
        let f = self.found.as_deref().unwrap_or("");
        let e = self.expected.as_deref().unwrap_or("");
        match self.kind {
            MalformedBytes => format!("bytes {f} are not valid MS932"),
            Gaiji => format!("{f} is a 外字 (user-defined character), which the standard forbids"),
            Unmappable => format!("{f} cannot be written in MS932"),
            Substituted => format!("{f} was written as {e}"),
            Utf8Bom => "the file starts with a UTF-8 byte order mark; the standard's encoding is MS932".to_string(),
            Utf8Encoding => "the file is UTF-8, not MS932 as the standard requires".to_string(),
            ControlCharacter => format!("the value holds the control character {f}"),
            LineEnding => format!("the record ends with {f}; the standard's line break is CRLF"),
            MissingFinalLineBreak => "the last record has no line break (CRLF)".to_string(),
            BlankLine => "a blank line is not a record".to_string(),
            HeaderLine => format!("the first line is a header ({f}); the standard's files have none"),
            QuotedNonText => format!("{f} is quoted, but only free text is quoted"),
            UnquotedText => format!("free text {f} is not enclosed in double quotes"),
            IrregularQuoting => format!("the quotes do not follow the CSV rules: {f}"),
            FieldCount if f == "1" => format!("the record has 1 item, expected {e}"),
            FieldCount => format!("the record has {f} items, expected {e}"),
            AbsorbedLines if f.contains('-') => format!("lines {f} were read into this item, because a quote opened in it is not closed before its line ends; they are not read as records of their own"),
            AbsorbedLines => format!("line {f} was read into this item, because a quote opened in it is not closed before its line ends; it is not read as a record of its own"),
            MissingRequired if e.is_empty() && f.is_empty() => "this required item is empty".to_string(),
            MissingRequired if e.is_empty() => format!("this required item is empty (for {f})"),
            // Required by another item, not by the layout: `expected` names it.
            MissingRequired => format!("this item is empty, but required as {e} is given"),
            TooLong => format!("{f} is too long: at most {e} characters"),
            InvalidFormat => match self.format {
                Some(format) if e.is_empty() => format!("{f} is not {}", format.describe_en()),
                Some(format) => format!("{f} is not {} ({e})", format.describe_en()),
                None if f.is_empty() => format!("nothing of the form {e} was found"),
                None => format!("{f} is not {e}"),
            },
            InvalidDate => format!("{f} is not a date in the calendar"),
            // No codes to list: a code of the standard's tables that the exchange leaves out.
            UnknownCode if e.is_empty() => format!("{f} is not of a kind the standard exchanges"),
            UnknownCode => match self.format {
                Some(format) => format!("{f} is not {} of the table {e}", format.describe_en()),
                None => format!("{f} is not one of the codes {e}"),
            },
            UnusedNotEmpty => format!("this item is not used and must be empty, found {f}"),
            // 202410 is the month 4.1 was published, which several writers put in No.1.
            UnknownVersion if f == "202410" => "CSV version 202410 is the month version 4.1 was published, not a version value: 4.1 writes 202407".to_string(),
            UnknownVersion => format!("CSV version {f} is not a known version (expected {e})"),
            MixedVersions => format!("CSV version {f} differs from {e} of the first record; one file never mixes versions"),
            DateOutsideMonth => format!("{f} is outside the service month {e}"),
            DayMaskBeyondMonth => format!("the day mask {f} marks a day the month does not have (it has {e} days)"),
            EquipmentCodeMissing => format!("service {f} is 福祉用具貸与, so a TAISコード or a 福祉用具届出コード is required"),
            MonthMismatch => format!("month {f} differs from the file's month {e}"),
            UnpairedTime => format!("{f} has no matching {e}"),
            TimeInconsistent => format!("start and end {f} disagree: both are 9999 (no time) or both are times ({e})"),
            TotalMismatch => format!("{f} is not the sum of its rows ({e})"),
            SpecialRowValue => format!("{f} on a subtotal or total row; expected {e}"),
            DuplicateKey => format!("key {f} repeats an earlier row"),
            RowOrder => format!("row {f} comes after {e}, out of the order of the numbers"),
            Inconsistent => format!("{f} disagrees with {e}"),
            InvalidFileName if f != e && f.eq_ignore_ascii_case(e) => format!("the name is not in upper case, as the standard writes names: {e}"),
            InvalidFileName => format!("{f}: expected {e}"),
            LegacyFileName => format!("{f} is a name of a form before 4.1; 4.1's form is {e}"),
            // `expected`: the kinds whose layout the first record fits; none: no layout fits.
            KindFromContent if e.is_empty() => format!("the kind {f} was detected from the content, not the name; the first record fits no layout, {f} best"),
            KindFromContent => format!("the kind {f} was detected from the content, not the name (the first record fits {e})"),
            EmptyFile => "the file holds no records".to_string(),
            MissingMember => format!("the transmission unit lacks {e}"),
            StrayMember if e.is_empty() => format!("{f} belongs in no transmission unit of the standard"),
            StrayMember => format!("{f} does not belong in this transmission unit ({e})"),
            DuplicateMember => format!("{f} appears twice in one transmission unit"),
            MixedMonths => format!("months {f} are mixed in one transmission unit"),
            MixedParties => format!("parties {f} are mixed in one transmission unit"),
            MissingParent => format!("{f} has no {e}"),
            IgnoredEntry => format!("{f} is not a file of the standard and was ignored"),
            PlanResultDifference => format!("result {f} differs from plan {e}"),
            DateOrder => format!("{f} is later than {e}"),
            MissingConditional => format!("this item is empty, but {e} requires it"),
            // `""`: the item is empty here (the value is given on the related row).
            UnexpectedValue if e == "\"\"" => format!("{f} is given, but this item is empty (\"\") here; it is given on the related row only"),
            UnexpectedValue => format!("{f} is given, but this item is used only when {e}"),
            MissingTotalRow => format!("the {e} row is missing (for {f})"),
            SlotGap => format!("slot {f} is filled after the empty slot {e}; slots are filled from slot 1 in order"),
            MissingDependent => format!("{f} has no {e} sent with it"),
            OtherReceiver => format!("the files are addressed to {f}, not to {e}"),
            NotListed if f == "1" => format!("1 more problem of the kind {e} was found and not listed"),
            NotListed => format!("{f} more problems of the kind {e} were found and not listed"),
            NotTaken => format!("{f} is a file of the standard that this import does not take (it takes {e})"),
            EmptyArchive if f.is_empty() => "the archive holds no file to read (no entry at all); nothing of it was taken".to_string(),
            EmptyArchive => format!("the archive holds no file to read (folders, entries left aside: {f}); nothing of it was taken"),
            VersionNotInForce => format!("CSV version / service month {f}: the version in force for that month is {e}; a version is used from the service month it applies from"),
            SenderMismatch => format!("{f} is not the sender the file name gives, {e}"),
            SerialGap => format!("number {f} is used but {e} is not; the numbers run 1, 2, 3 …"),
            NotChecked if f == "1" => format!("{e} could not be checked, as 1 record did not become a typed record (see its own problems)"),
            NotChecked => format!("{e} could not be checked, as {f} records did not become typed records (see their own problems)"),
        }
    }

    /// What is wrong, in Japanese, without the place.
    pub fn detail_ja(&self) -> String {
        use ProblemKind::*;
        let f = self.found.as_deref().unwrap_or("");
        let e = self.expected.as_deref().unwrap_or("");
        match self.kind {
            MalformedBytes => format!("{f} は MS932 として正しくないバイト列です"),
            Gaiji => format!("{f} は外字です。外字は使用できません"),
            Unmappable => format!("{f} は MS932 で表せない文字です"),
            Substituted => format!("{f} を {e} に置き換えて出力しました"),
            Utf8Bom => "ファイルの先頭に UTF-8 の BOM があります。文字コードは MS932（Shift-JIS）です".to_string(),
            Utf8Encoding => "ファイルが UTF-8 です。文字コードは MS932（Shift-JIS）です".to_string(),
            ControlCharacter => format!("制御文字 {f} が含まれています"),
            LineEnding => format!("改行が {f} です。改行は CRLF です"),
            MissingFinalLineBreak => "最後のレコードに改行（CRLF）がありません".to_string(),
            BlankLine => "空行があります".to_string(),
            HeaderLine => format!("1行目が見出し行です（{f}）。見出し行は付けません"),
            QuotedNonText => format!("{f} がダブルクォートで囲まれています。囲むのはフリーテキストだけです"),
            UnquotedText => format!("フリーテキスト {f} がダブルクォートで囲まれていません"),
            IrregularQuoting => format!("ダブルクォートの使い方が正しくありません: {f}"),
            FieldCount => format!("項目数が {f} です。{e} 項目のはずです"),
            AbsorbedLines => format!("ダブルクォートが行末までに閉じていないため、{f}行目がこの項目に取り込まれ、レコードとして読まれていません"),
            MissingRequired if e.is_empty() && f.is_empty() => "必須項目が空です".to_string(),
            MissingRequired if e.is_empty() => format!("必須項目が空です（{f}）"),
            MissingRequired => format!("{e} があるため必須ですが、空です"),
            TooLong => format!("{f} は長すぎます（{e} 文字まで）"),
            InvalidFormat => match self.format {
                Some(format) if e.is_empty() => format!("{f} は{}ではありません", format.describe_ja()),
                Some(format) => format!("{f} は{}ではありません（{e}）", format.describe_ja()),
                None if f.is_empty() => format!("{e} の形のものがありません"),
                None => format!("{f} は {e} ではありません"),
            },
            InvalidDate => format!("{f} は存在しない日付です"),
            UnknownCode if e.is_empty() => format!("{f} は連携対象のサービス種類ではありません"),
            UnknownCode => match self.format {
                Some(format) => format!("{f} は {e} の表にある{}ではありません", format.describe_ja()),
                None => format!("{f} はコード（{e}）にありません"),
            },
            UnusedNotEmpty => format!("使用しない項目に値 {f} があります"),
            UnknownVersion if f == "202410" => "CSVバージョン 202410 は版数4.1の発行年月で、CSVバージョンの値ではありません。4.1 は 202407 です".to_string(),
            UnknownVersion => format!("CSVバージョン {f} は知られていない版です（{e}）"),
            MixedVersions => format!("CSVバージョン {f} が先頭レコードの {e} と違います。1ファイルに複数の版を混ぜられません"),
            DateOutsideMonth => format!("{f} は対象年月 {e} の外の日付です"),
            DayMaskBeyondMonth => format!("日割対象日 {f} がその月にない日を指しています（その月は{e}日まで）"),
            EquipmentCodeMissing => format!("サービス {f} は福祉用具貸与なので、TAISコードか福祉用具届出コードが必要です"),
            MonthMismatch => format!("対象年月 {f} がファイルの対象年月 {e} と違います"),
            UnpairedTime => format!("{f} に対応する {e} がありません"),
            TimeInconsistent => format!("開始・終了 {f} が食い違っています。両方とも 9999（時間表示なし）か、両方とも時刻です（{e}）"),
            TotalMismatch => format!("{f} が明細の合計 {e} と一致しません"),
            SpecialRowValue => format!("小計・合計行に {f} があります。{e} のはずです"),
            DuplicateKey => format!("キー {f} が前の行と重複しています"),
            RowOrder => format!("{f} の行が {e} の後にあり、番号の順になっていません"),
            Inconsistent => format!("{f} が {e} と食い違っています"),
            InvalidFileName if f != e && f.eq_ignore_ascii_case(e) => format!("ファイル名に小文字があります。標準仕様どおり大文字で {e} と書きます"),
            InvalidFileName => format!("{f}: {e} のはずです"),
            LegacyFileName => format!("{f} は4.1より前の形式のファイル名です。4.1の形式は {e} です"),
            KindFromContent if e.is_empty() => format!("ファイル名ではなく内容から種類 {f} と判断しました。先頭レコードはどのレイアウトにも合わず、{f} が最も近いものです"),
            KindFromContent => format!("ファイル名ではなく内容から種類 {f} と判断しました（先頭レコードが合うのは {e}）"),
            EmptyFile => "ファイルにレコードがありません".to_string(),
            MissingMember => format!("送信単位に {e} がありません"),
            StrayMember if e.is_empty() => format!("{f} を含められる送信単位は標準仕様にありません"),
            StrayMember => format!("{f} はこの送信単位に含められません（{e}）"),
            DuplicateMember => format!("送信単位に {f} が2つあります"),
            MixedMonths => format!("送信単位に異なる対象年月 {f} が混在しています"),
            MixedParties => format!("送信単位に異なる送信元・送信先 {f} が混在しています"),
            MissingParent => format!("{f} に対応する {e} がありません"),
            IgnoredEntry => format!("{f} は連携ファイルではないため無視しました"),
            PlanResultDifference => format!("実績 {f} が予定 {e} と異なります"),
            DateOrder => format!("{f} が {e} より後の日付です"),
            MissingConditional => format!("{e} のため必要な項目ですが、空です"),
            UnexpectedValue if e == "\"\"" => format!("{f} が入っていますが、この項目はここでは空（\"\"）です。値は関連する行にだけ入れます"),
            UnexpectedValue => format!("{f} が入っていますが、この項目は {e} の場合だけ使います"),
            MissingTotalRow => format!("{e} の行がありません（{f}）"),
            SlotGap => format!("第{f}枠が空の第{e}枠の後に設定されています。第1枠から順に詰めて設定します"),
            MissingDependent => format!("{f} と一緒に送るべき {e} がありません"),
            OtherReceiver => format!("送信先が {f} のファイルです。{e} 宛てではありません"),
            NotListed => format!("種類 {e} の問題がほかに {f} 件ありますが、一覧には載せていません"),
            NotTaken => format!("{f} は連携ファイルですが、この取込の対象ではないため取り込みませんでした（対象: {e}）"),
            EmptyArchive if f.is_empty() => "アーカイブに読み込めるファイルがありません（エントリが1つもありません）。何も取り込んでいません".to_string(),
            EmptyArchive => format!("アーカイブに読み込めるファイルがありません（フォルダ、対象外のエントリ: {f}）。何も取り込んでいません"),
            VersionNotInForce => format!("CSVバージョン／サービス提供年月 {f}: その月に適用される版は {e} です。新しい版は適用年月のサービス提供年月から使います"),
            SenderMismatch => format!("{f} がファイル名の送信元 {e} と違います"),
            SerialGap => format!("番号 {f} がありますが {e} がありません。1から連番で振ります"),
            NotChecked => format!("読み取れないレコードが {f} 件あるため、{e} を確認できませんでした（各レコードの問題を参照）"),
        }
    }

    /// The whole message in English: place, then what is wrong (then, for an
    /// [`inferred`](Problem::inferred) rule, that the standard does not state it).
    pub fn message_en(&self) -> String {
        let place = self.place_en();
        let mut m = if place.is_empty() {
            self.detail_en()
        } else {
            format!("{place}: {}", self.detail_en())
        };
        match self.count {
            Some(1) => m.push_str(" (in 1 record)"),
            Some(n) => m.push_str(&format!(" (in {n} records)")),
            None => {}
        }
        if self.inferred {
            m.push_str(" (inferred: the standard does not state this rule)");
        }
        m
    }

    /// The whole message in Japanese: place, then what is wrong (then, for an
    /// [`inferred`](Problem::inferred) rule, that the standard does not state it).
    pub fn message_ja(&self) -> String {
        let place = self.place_ja();
        let mut m = if place.is_empty() {
            self.detail_ja()
        } else {
            format!("{place}: {}", self.detail_ja())
        };
        if let Some(n) = self.count {
            m.push_str(&format!("（{n}件のレコード）"));
        }
        if self.inferred {
            m.push_str("（規格に明記のない推定による確認です）");
        }
        m
    }
}

impl fmt::Display for Problem {
    /// The English message, prefixed with the file name when known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.location.file {
            write!(f, "{file}: ")?;
        }
        f.write_str(&self.message_en())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind, once: the tests that go over all kinds take them from here (one list, so
    /// a kind added to the enum and here is covered by each).
    const ALL: [ProblemKind; 61] = {
        use ProblemKind::*;
        [
            MalformedBytes,
            Gaiji,
            Unmappable,
            Substituted,
            Utf8Bom,
            Utf8Encoding,
            ControlCharacter,
            LineEnding,
            MissingFinalLineBreak,
            BlankLine,
            HeaderLine,
            QuotedNonText,
            UnquotedText,
            IrregularQuoting,
            FieldCount,
            AbsorbedLines,
            MissingRequired,
            TooLong,
            InvalidFormat,
            InvalidDate,
            UnknownCode,
            UnusedNotEmpty,
            UnknownVersion,
            MixedVersions,
            DateOutsideMonth,
            DayMaskBeyondMonth,
            EquipmentCodeMissing,
            MonthMismatch,
            UnpairedTime,
            TimeInconsistent,
            TotalMismatch,
            SpecialRowValue,
            DuplicateKey,
            RowOrder,
            Inconsistent,
            InvalidFileName,
            LegacyFileName,
            KindFromContent,
            EmptyFile,
            MissingMember,
            StrayMember,
            DuplicateMember,
            MixedMonths,
            MixedParties,
            MissingParent,
            IgnoredEntry,
            PlanResultDifference,
            DateOrder,
            MissingConditional,
            UnexpectedValue,
            MissingTotalRow,
            SlotGap,
            MissingDependent,
            OtherReceiver,
            NotListed,
            NotTaken,
            EmptyArchive,
            VersionNotInForce,
            SenderMismatch,
            SerialGap,
            NotChecked,
        ]
    };

    #[test]
    fn codes_are_unique() {
        let all = ALL;
        let mut codes: Vec<_> = all.iter().map(|k| k.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for k in all {
            let p = Problem::error(k).found("X").expected("Y");
            assert!(!p.detail_en().is_empty());
            assert!(!p.detail_ja().is_empty());
        }
    }

    #[test]
    fn inferred_and_count_show_in_json_only_when_set() {
        let p = Problem::error(ProblemKind::DateOrder).found("20250302");
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            !json.contains("inferred") && !json.contains("count"),
            "{json}"
        );
        let p = p.inferred().count(2);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["inferred"], true);
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["count"], 2);
    }

    /// `message_en` holds no Japanese beyond the standard's own names, and `message_ja` no
    /// English words, for every kind with plain values.
    #[test]
    fn each_message_is_in_its_own_language() {
        let all = ALL;
        for k in all {
            for p in [
                Problem::warning(k).found("123").expected("456"),
                Problem::warning(k)
                    .found("123")
                    .expected("456")
                    .inferred()
                    .count(2),
            ] {
                let en = p.message_en();
                // The standard's names (MS932, CRLF, 外字 …) may appear; no Japanese
                // sentence: no hiragana.
                assert!(
                    !en.chars().any(|c| ('\u{3041}'..='\u{309F}').contains(&c)),
                    "{k:?}: {en}"
                );
                let ja = p.message_ja();
                let english = ["the ", " is ", " not ", " of ", " was ", " in ", "record"];
                assert!(!english.iter().any(|w| ja.contains(w)), "{k:?}: {ja}");
            }
        }
    }

    /// The words of a format and the variants without `expected` (a value found only) are
    /// in each message's own language too, and `expected` stays the notation.
    #[test]
    fn formats_and_values_without_expected_are_in_their_own_language() {
        use ProblemKind::*;
        let english = |s: &str| {
            s.split(|c: char| !c.is_ascii_lowercase())
                .any(|w| w.len() >= 3)
        };
        let hiragana = |s: &str| s.chars().any(|c| ('\u{3041}'..='\u{309F}').contains(&c));
        let mut problems = Vec::new();
        for format in Format::ALL {
            for kind in [InvalidFormat, UnknownCode] {
                problems.push(
                    Problem::error(kind)
                        .format(format)
                        .expected(format.notation())
                        .found("123"),
                );
            }
        }
        for kind in [
            StrayMember,
            UnknownCode,
            KindFromContent,
            EmptyArchive,
            MissingRequired,
            InvalidFormat,
        ] {
            problems.push(Problem::error(kind).found("123"));
            problems.push(Problem::error(kind));
        }
        for p in problems {
            let en = p.message_en();
            assert!(!hiragana(&en), "{:?}: {en}", p.kind);
            let ja = p.message_ja();
            assert!(!english(&ja), "{:?}: {ja}", p.kind);
            assert!(!english(p.expected.as_deref().unwrap_or("")), "{p:?}");
        }
    }

    #[test]
    fn message_without_place_is_the_detail() {
        let p = Problem::warning(ProblemKind::BlankLine);
        assert_eq!(p.message_ja(), "空行があります");
        let p = p.in_file("a.CSV").at_line(3);
        assert_eq!(p.to_string(), "a.CSV: line 3: a blank line is not a record");
    }
}
