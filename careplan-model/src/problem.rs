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
    /// A file of the standard that the workflow reading it does not take (located in the
    /// file; `found` the unit it is in, `expected` the units the workflow takes).
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

    /// The kind found by its [`code`](ProblemKind::code), for messages that name a kind
    /// (a [`NotListed`](ProblemKind::NotListed) problem's `expected` holds the code).
    pub(crate) fn from_code(code: &str) -> Option<ProblemKind> {
        ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind as care staff know it, in Japanese words (`存在しない日付`), for messages
    /// that name a kind; the code stays in JSON's `code` field.
    pub(crate) fn describe_ja(self) -> &'static str {
        use ProblemKind::*;
        match self {
            MalformedBytes => "文字コードとして正しくないバイト列",
            Gaiji => "外字",
            Unmappable => "使えない文字",
            Substituted => "置き換えた文字",
            Utf8Bom => "ファイル先頭の余分な印",
            Utf8Encoding => "文字コードの違い",
            ControlCharacter => "制御文字",
            LineEnding => "改行の違い",
            MissingFinalLineBreak => "最後の改行がないこと",
            BlankLine => "空行",
            HeaderLine => "見出し行",
            QuotedNonText => "ダブルクォートで囲まれた項目",
            UnquotedText => "ダブルクォートで囲まれていないフリーテキスト",
            IrregularQuoting => "ダブルクォートの使い方の誤り",
            FieldCount => "項目数の違い",
            AbsorbedLines => "閉じていないダブルクォート",
            MissingRequired => "必須項目が空",
            TooLong => "長すぎる値",
            InvalidFormat => "形式の誤り",
            InvalidDate => "存在しない日付",
            UnknownCode => "コード表にない値",
            UnusedNotEmpty => "使用しない項目の値",
            UnknownVersion => "知られていないCSVバージョン",
            MixedVersions => "CSVバージョンの混在",
            DateOutsideMonth => "対象年月の外の日付",
            DayMaskBeyondMonth => "月にない日の日割対象日",
            EquipmentCodeMissing => "福祉用具のコードがないこと",
            MonthMismatch => "対象年月の違い",
            UnpairedTime => "開始時刻と終了時刻の片方だけの記載",
            TimeInconsistent => "開始時刻と終了時刻の食い違い",
            TotalMismatch => "合計の不一致",
            SpecialRowValue => "小計・合計行の値の誤り",
            DuplicateKey => "重複した行",
            RowOrder => "行の順番の誤り",
            Inconsistent => "レコード間の食い違い",
            InvalidFileName => "ファイル名の誤り",
            LegacyFileName => "古い形式のファイル名",
            KindFromContent => "内容から判断したファイルの種類",
            EmptyFile => "空のファイル",
            MissingMember => "送信単位に足りないファイル",
            StrayMember => "送信単位に含められないファイル",
            DuplicateMember => "送信単位の中の重複したファイル",
            MixedMonths => "送信単位の中の対象年月の混在",
            MixedParties => "送信単位の中の送信元・送信先の混在",
            MissingParent => "対応するレコードがないこと",
            IgnoredEntry => "無視したファイル",
            PlanResultDifference => "予定と実績の違い",
            DateOrder => "日付の前後の誤り",
            MissingConditional => "ほかの項目の値により必要な項目が空",
            UnexpectedValue => "ほかの項目の値により使わない項目の値",
            MissingTotalRow => "足りない小計・合計行",
            SlotGap => "空の枠の後の設定",
            MissingDependent => "一緒に送るべきレコードがないこと",
            OtherReceiver => "ほかの事業所宛てのファイル",
            NotListed => "載せていない問題",
            NotTaken => "取り込まなかったファイル",
            EmptyArchive => "読み込めるファイルのない圧縮ファイル",
            VersionNotInForce => "その月に適用されないCSVバージョン",
            SenderMismatch => "ファイル名の送信元との違い",
            SerialGap => "連番の抜け",
            NotChecked => "確認できなかった規則",
        }
    }

    /// The kind in a short English description (`a date not in the calendar`), for
    /// messages that name a kind; the code stays in JSON's `code` field.
    pub(crate) fn describe_en(self) -> &'static str {
        use ProblemKind::*;
        match self {
            MalformedBytes => "bytes that are not valid MS932",
            Gaiji => "a user-defined character (外字)",
            Unmappable => "a character MS932 cannot hold",
            Substituted => "a character replaced on writing",
            Utf8Bom => "a UTF-8 byte order mark",
            Utf8Encoding => "a file in UTF-8",
            ControlCharacter => "a control character",
            LineEnding => "a line break other than CRLF",
            MissingFinalLineBreak => "no line break after the last record",
            BlankLine => "a blank line",
            HeaderLine => "a header line",
            QuotedNonText => "a quoted item that is not free text",
            UnquotedText => "free text without quotes",
            IrregularQuoting => "quotes that break the CSV rules",
            FieldCount => "a wrong number of items",
            AbsorbedLines => "a quote not closed before its line ends",
            MissingRequired => "a required item left empty",
            TooLong => "a value that is too long",
            InvalidFormat => "a value of the wrong form",
            InvalidDate => "a date not in the calendar",
            UnknownCode => "a value not among the item's codes",
            UnusedNotEmpty => "a value in an unused item",
            UnknownVersion => "an unknown CSV version",
            MixedVersions => "mixed CSV versions",
            DateOutsideMonth => "a date outside the service month",
            DayMaskBeyondMonth => "a day mask beyond the month",
            EquipmentCodeMissing => "a missing equipment code",
            MonthMismatch => "a month other than the file's",
            UnpairedTime => "a start or end time without the other",
            TimeInconsistent => "start and end times that disagree",
            TotalMismatch => "a total that is not the sum of its rows",
            SpecialRowValue => "a wrong value on a subtotal or total row",
            DuplicateKey => "a repeated row",
            RowOrder => "rows out of order",
            Inconsistent => "records that disagree",
            InvalidFileName => "a wrong file name",
            LegacyFileName => "a file name of an older form",
            KindFromContent => "a file kind detected from the content",
            EmptyFile => "an empty file",
            MissingMember => "a file missing from its transmission unit",
            StrayMember => "a file that does not belong in its transmission unit",
            DuplicateMember => "a file twice in one transmission unit",
            MixedMonths => "mixed months in one transmission unit",
            MixedParties => "mixed parties in one transmission unit",
            MissingParent => "a record without the record it belongs to",
            IgnoredEntry => "an ignored entry",
            PlanResultDifference => "a difference between plan and result",
            DateOrder => "dates in the wrong order",
            MissingConditional => "an item left empty that another item makes necessary",
            UnexpectedValue => "a value in an item that another item says is not used",
            MissingTotalRow => "a missing subtotal or total row",
            SlotGap => "a slot filled after an empty one",
            MissingDependent => "a record without the record sent with it",
            OtherReceiver => "files addressed to another office",
            NotListed => "problems not listed",
            NotTaken => "a file this workflow does not take",
            EmptyArchive => "an archive with no file to read",
            VersionNotInForce => "a CSV version not in force for the month",
            SenderMismatch => "a sender other than the file name's",
            SerialGap => "a gap in a numbered series",
            NotChecked => "a rule that could not be checked",
        }
    }
}

/// Every kind, once: the kinds' descriptions and the tests that go over all kinds take
/// them from here (one list, so a kind added to the enum and here is covered by each).
pub(crate) const ALL: [ProblemKind; 61] = {
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
    /// What the standard expects: a value (`202504`, `1310000001`), a list of an item's
    /// values (`1|2|3`), or a language-neutral notation of a form (`YYYYMMDD`, `NNNNNN` for
    /// six digits, see [`Format::notation`](crate::Format::notation)) — never words of one
    /// language: the messages say it in words, each in its own language. The few lists
    /// that are not an item's values (file kinds, CSV versions, total rows, items) are
    /// separated by `, `.
    pub expected: Option<String>,
    /// What was found: the value as the data holds it, or values naming it (a line range,
    /// a count, a key).
    pub found: Option<String>,
    /// The format the item did not follow, for an
    /// [`InvalidFormat`](ProblemKind::InvalidFormat) problem of an item's format: the
    /// messages name it in words ([`Format::describe_ja`](crate::Format::describe_ja),
    /// [`Format::describe_en`](crate::Format::describe_en)) instead of `expected`'s
    /// notation, which care staff do not read (only the special values the item also
    /// allows, such as a time's `9999`, are named). For an
    /// [`InvalidDate`](ProblemKind::InvalidDate) problem it tells a month from a date.
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
    /// [`InvalidFormat`](ProblemKind::InvalidFormat) problem), instead of `expected`'s
    /// notation, which stays in JSON.
    ///
    /// ```
    /// use careplan_model::{Format, Problem, ProblemKind};
    /// let p = Problem::error(ProblemKind::InvalidFormat)
    ///     .format(Format::InsurerId)
    ///     .expected(Format::InsurerId.notation())
    ///     .found("13100");
    /// assert_eq!(p.message_en(), "13100 is not an insurer number of 6 digits");
    /// assert_eq!(p.message_ja(), "13100 は半角数字6桁の保険者番号ではありません");
    /// assert_eq!(p.expected.as_deref(), Some("NNNNNN"));
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

    /// Whether the value of an [`InvalidDate`](ProblemKind::InvalidDate) problem is a month
    /// (an item of the form YYYYMM), which the messages call a month, not a date.
    fn is_month(&self) -> bool {
        match self.format {
            Some(format) => format == Format::YearMonth,
            None => {
                let f = self.found.as_deref().unwrap_or("");
                f.len() == 6 && f.bytes().all(|b| b.is_ascii_digit())
            }
        }
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
                Some(format) => {
                    let (words, others) = form_words(format, e, Lang::En);
                    if others.is_empty() {
                        format!("{f} is not {words}")
                    } else {
                        let any = if others.contains(", ") { "any of " } else { "" };
                        format!("{f} is not {words}, nor {any}{others}")
                    }
                }
                None if f.is_empty() => format!("the value is missing; it should have the form {e}"),
                None => format!("{f} is not {e}"),
            },
            InvalidDate if self.is_month() => format!("{f} is not a month in the calendar"),
            InvalidDate => format!("{f} is not a date in the calendar"),
            // No codes to list: a code of the standard's tables that the exchange leaves out.
            UnknownCode if e.is_empty() => format!("{f} is not of a kind the standard exchanges"),
            UnknownCode => match self.format {
                Some(format) => format!("{f} is not {} of the standard's table", format.describe_en()),
                None => format!("{f} is not one of the codes {}", e.replace('|', ", ")),
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
            TimeInconsistent => format!("start and end {f} disagree: both are 9999 (no time) or both are times"),
            TotalMismatch => format!("{f} is not the sum of its rows ({e})"),
            // `""`: the item is empty on such a row.
            SpecialRowValue if e == "\"\"" => format!("{f} on a subtotal or total row, where this item is empty"),
            SpecialRowValue => format!("{f} on a subtotal or total row; expected {e}"),
            DuplicateKey => format!("key {f} repeats an earlier row"),
            RowOrder => format!("row {f} comes after {e}, out of the order of the numbers"),
            Inconsistent => format!("{f} disagrees with {e}"),
            InvalidFileName if f != e && f.eq_ignore_ascii_case(e) => format!("the name is not in upper case, as the standard writes names: {e}"),
            InvalidFileName => file_name_en(f, e),
            LegacyFileName => format!("{f} is a name of a form before 4.1; 4.1's form is {e}"),
            // `expected`: the kinds whose layout the first record fits; none: no layout fits.
            KindFromContent if e.is_empty() => format!("the kind {f} was detected from the content, not the name; the first record fits no layout, {f} best"),
            KindFromContent => format!("the kind {f} was detected from the content, not the name (the first record fits {})", e.replace('|', ", ")),
            EmptyFile => "the file holds no records".to_string(),
            MissingMember => format!("the transmission unit lacks {e}"),
            StrayMember if e.is_empty() => format!("{f} belongs in no transmission unit of the standard"),
            StrayMember => format!("{f} does not belong in this transmission unit ({e})"),
            DuplicateMember => format!("{f} appears twice in one transmission unit"),
            MixedMonths => format!("months {f} are mixed in one transmission unit"),
            MixedParties => format!("parties {f} are mixed in one transmission unit"),
            MissingParent => format!("{f} has no matching {e}"),
            IgnoredEntry => format!("{f} is not a file of the standard and was ignored"),
            PlanResultDifference if e.is_empty() => format!("the result {f} has no matching plan"),
            PlanResultDifference if f.is_empty() => format!("the plan {e} has no result"),
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
            NotListed if f == "1" => format!("1 more problem of the same kind ({}) was found and not listed", kind_en(e)),
            NotListed => format!("{f} more problems of the same kind ({}) were found and not listed", kind_en(e)),
            NotTaken if f.is_empty() => format!("this file was not taken: this import takes only the files of the transmission units {e}"),
            NotTaken => format!("this file of a {f} transmission unit was not taken: this import takes only the files of the transmission units {e}"),
            EmptyArchive if f.is_empty() => "the archive holds no file to read (no entry at all); nothing of it was taken".to_string(),
            EmptyArchive => format!("the archive holds no file to read (folders, entries left aside: {f}); nothing of it was taken"),
            VersionNotInForce => format!("the CSV version and service month are {f}, but the version in force for that month is {e}; a version is used from the service month it applies from"),
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
                Some(format) => {
                    let (words, others) = form_words(format, e, Lang::Ja);
                    if others.is_empty() {
                        format!("{f} は{}ではありません", spaced(&words))
                    } else {
                        let any = if others.contains('、') { " のどれ" } else { " " };
                        format!("{f} は{}ではなく、{others}{any}でもありません", spaced(&words))
                    }
                }
                None if f.is_empty() => format!("値がありません。{e} の形の値のはずです"),
                None => format!("{f} は {e} ではありません"),
            },
            InvalidDate if self.is_month() => format!("{f} は存在しない年月です"),
            InvalidDate => format!("{f} は存在しない日付です"),
            UnknownCode if e.is_empty() => format!("{f} は連携対象のサービス種類ではありません"),
            UnknownCode => match self.format {
                Some(format) => format!("{f} は標準仕様の表にある{}ではありません", format.describe_ja()),
                None => format!("{f} は使えるコード（{}）のどれでもありません", e.replace('|', "、")),
            },
            UnusedNotEmpty => format!("使用しない項目に値 {f} があります"),
            UnknownVersion if f == "202410" => "CSVバージョン 202410 は版数4.1の発行年月で、CSVバージョンの値ではありません。4.1 は 202407 です".to_string(),
            UnknownVersion => format!("CSVバージョン {f} は標準仕様の版（{e}）のどれでもありません"),
            MixedVersions => format!("CSVバージョン {f} が先頭レコードの {e} と違います。1ファイルに複数の版を混ぜられません"),
            DateOutsideMonth => format!("{f} は対象年月 {e} の外の日付です"),
            DayMaskBeyondMonth => format!("日割対象日 {f} がその月にない日を指しています（その月は{e}日まで）"),
            EquipmentCodeMissing => format!("サービス {f} は福祉用具貸与なので、TAISコードか福祉用具届出コードが必要です"),
            MonthMismatch => format!("対象年月 {f} がファイルの対象年月 {e} と違います"),
            UnpairedTime => format!("{f} に対応する {e} がありません"),
            TimeInconsistent => format!("開始・終了 {f} が食い違っています。両方とも 9999（時間表示なし）か、両方とも時刻です"),
            TotalMismatch => format!("{f} が明細の合計 {e} と一致しません"),
            SpecialRowValue if e == "\"\"" => format!("小計・合計行に {f} があります。この項目は空のはずです"),
            SpecialRowValue => format!("小計・合計行に {f} があります。{e} のはずです"),
            DuplicateKey => format!("キー {f} が前の行と重複しています"),
            RowOrder => format!("{f} の行が {e} の後にあり、番号の順になっていません"),
            Inconsistent => format!("{f} が {e} と食い違っています"),
            InvalidFileName if f != e && f.eq_ignore_ascii_case(e) => format!("ファイル名に小文字があります。標準仕様どおり大文字で {e} と書きます"),
            InvalidFileName => file_name_ja(f, e),
            LegacyFileName => format!("{f} は4.1より前の形式のファイル名です。4.1の形式は {} です", pattern_ja(e)),
            KindFromContent if e.is_empty() => format!("ファイル名ではなく内容から種類 {f} と判断しました。先頭レコードはどのレイアウトにも合わず、{f} が最も近いものです"),
            KindFromContent => format!("ファイル名ではなく内容から種類 {f} と判断しました（先頭レコードが合うのは {}）", e.replace('|', "、")),
            EmptyFile => "ファイルにレコードがありません".to_string(),
            MissingMember => format!("送信単位に {e} がありません"),
            StrayMember if e.is_empty() => format!("{f} を含められる送信単位は標準仕様にありません"),
            StrayMember => format!("{f} はこの送信単位に含められません（{e}）"),
            DuplicateMember => format!("送信単位に {f} が2つあります"),
            MixedMonths => format!("送信単位に異なる対象年月 {f} が混在しています"),
            MixedParties => format!("送信単位に異なる送信元・送信先 {f} が混在しています"),
            MissingParent => format!("{f} に対応する {e} がありません"),
            IgnoredEntry => format!("{f} は連携ファイルではないため無視しました"),
            PlanResultDifference if e.is_empty() => format!("実績 {f} に対応する予定がありません"),
            PlanResultDifference if f.is_empty() => format!("予定 {e} に実績がありません"),
            PlanResultDifference => format!("実績 {f} が予定 {e} と異なります"),
            DateOrder => format!("{f} が {e} より後の日付です"),
            MissingConditional => format!("{e} のため必要な項目ですが、空です"),
            UnexpectedValue if e == "\"\"" => format!("{f} が入っていますが、この項目はここでは空（\"\"）です。値は関連する行にだけ入れます"),
            UnexpectedValue => format!("{f} が入っていますが、この項目は {e} の場合だけ使います"),
            MissingTotalRow => format!("{e} の行がありません（{f}）"),
            SlotGap => format!("第{f}枠が空の第{e}枠の後に設定されています。第1枠から順に詰めて設定します"),
            MissingDependent => format!("{f} と一緒に送るべき {e} がありません"),
            OtherReceiver => format!("送信先が {f} のファイルです。{e} 宛てではありません"),
            NotListed => format!("同じ種類の問題（{}）がほかに {f} 件ありますが、一覧には載せていません", kind_ja(e)),
            NotTaken if f.is_empty() => format!("このファイルは取り込みませんでした。この取込で取り込むのは {} の送信単位のファイルだけです", e.replace(", ", "、")),
            NotTaken => format!("{f} の送信単位のこのファイルは取り込みませんでした。この取込で取り込むのは {} の送信単位のファイルだけです", e.replace(", ", "、")),
            EmptyArchive if f.is_empty() => "アーカイブに読み込めるファイルがありません（エントリが1つもありません）。何も取り込んでいません".to_string(),
            EmptyArchive => format!("アーカイブに読み込めるファイルがありません（フォルダ、対象外のエントリ: {f}）。何も取り込んでいません"),
            VersionNotInForce => format!("CSVバージョンとサービス提供年月が {f} ですが、その月に適用される版は {e} です。新しい版は適用年月のサービス提供年月から使います"),
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

/// The language of a message, for the helpers both messages share.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Ja,
}

/// `words` with a space before it when it starts with a half-width letter or digit, to
/// follow `は` in a Japanese sentence (`2530 は 0000…`, `abc は整数…`).
fn spaced(words: &str) -> String {
    if words.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        format!(" {words}")
    } else {
        words.to_string()
    }
}

/// An item's form in words, and the special values it also allows (`9999` of a time,
/// `xxAAAA` of a service code), from the format and `expected`'s notation
/// (`HHMM|9999`; `NNNNNNNNNN` for a 事業所番号, said as ten digits).
fn form_words(format: Format, expected: &str, lang: Lang) -> (String, String) {
    let notation = format.notation();
    let of_format = expected
        .strip_prefix(notation)
        .filter(|_| !notation.is_empty());
    let (words, rest) = if let (None, Some(rest)) = (of_format, expected.strip_prefix("NNNNNNNNNN"))
    {
        let words = match lang {
            Lang::Ja => "半角数字10桁".to_string(),
            Lang::En => "10 digits".to_string(),
        };
        (words, rest)
    } else {
        let words = match lang {
            Lang::Ja => format.describe_ja().to_string(),
            Lang::En => format.describe_en().to_string(),
        };
        (words, of_format.unwrap_or(expected))
    };
    let others: Vec<&str> = rest.split('|').filter(|v| !v.is_empty()).collect();
    let sep = match lang {
        Lang::Ja => "、",
        Lang::En => ", ",
    };
    (words, others.join(sep))
}

/// A kind named by its code (a [`NotListed`](ProblemKind::NotListed) problem's
/// `expected`), in Japanese words.
fn kind_ja(code: &str) -> &str {
    ProblemKind::from_code(code).map_or("ほかの問題", ProblemKind::describe_ja)
}

/// A kind named by its code, in English words.
fn kind_en(code: &str) -> &str {
    ProblemKind::from_code(code).map_or("other problems", ProblemKind::describe_en)
}

/// What an [`InvalidFileName`](ProblemKind::InvalidFileName) problem's `expected` says: the
/// list of the standard's prefixes (`UPHOSOKU, UP1KYO, …`), an extension (`.CSV`), a part
/// in the standard's notation (`送信元事業所番号(10桁)`, `ファイル連番 YYYYMMDDHHMMSS(14桁)`),
/// or a whole name's pattern.
enum NameExpected<'a> {
    Prefixes,
    Extension,
    /// A part: its name and its form (`10桁`, `YYYYMMDDHHMMSS(14桁)`).
    Part(&'a str, &'a str),
    Pattern,
    Other,
}

fn name_expected(e: &str) -> NameExpected<'_> {
    if e.contains(", ") {
        NameExpected::Prefixes
    } else if e.starts_with('.') {
        NameExpected::Extension
    } else if e.contains('_') {
        NameExpected::Pattern
    } else if let Some((name, form)) = e.split_once(' ') {
        NameExpected::Part(name, form)
    } else if let Some(open) = e.find('(') {
        NameExpected::Part(&e[..open], &e[open..])
    } else {
        NameExpected::Other
    }
}

/// A form of a name's part in Japanese words: `(10桁)` → `10桁`, `(YYYYMM)` → `6桁の年月`,
/// `YYYYMMDDHHMMSS(14桁)` → `年月日時分秒の14桁`.
fn name_form_ja(form: &str) -> String {
    let form = form
        .replace("YYYYMMDDHHMMSS", "年月日時分秒の")
        .replace("YYYYMM", "6桁の年月");
    form.replace(['(', ')'], "")
}

/// A name's pattern (`UPPLAN_対象年月(YYYYMM)_…_YYYYMMDDHHMMSS(14桁).CSV`) with its
/// notation said in words: `対象年月(6桁の年月)`, `ファイル連番(年月日時分秒の14桁)`.
fn pattern_ja(e: &str) -> String {
    e.replace("_YYYYMMDDHHMMSS(14桁)", "_ファイル連番(年月日時分秒の14桁)")
        .replace("(YYYYMM)", "(6桁の年月)")
}

/// The Japanese sentence of an [`InvalidFileName`](ProblemKind::InvalidFileName) problem.
fn file_name_ja(f: &str, e: &str) -> String {
    match name_expected(e) {
        NameExpected::Prefixes => format!(
            "ファイル名 {f} が標準仕様のファイルの種類で始まっていません。ファイル名は {e} のどれかで始めます"
        ),
        NameExpected::Extension => format!("ファイル名 {f} の拡張子が違います。拡張子は {e} です"),
        NameExpected::Part(name, form) => format!(
            "ファイル名の {f} の部分が正しくありません。{name}は{}です",
            name_form_ja(form)
        ),
        NameExpected::Pattern => format!(
            "ファイル名 {f} が標準仕様の形になっていません。正しい形は {} です",
            pattern_ja(e)
        ),
        NameExpected::Other if e.is_empty() || e == "ファイル名" => {
            format!("ファイル名 {f} の形が正しくありません")
        }
        NameExpected::Other => format!("ファイル名の {f} が正しくありません。{e} のはずです"),
    }
}

/// The English sentence of an [`InvalidFileName`](ProblemKind::InvalidFileName) problem.
fn file_name_en(f: &str, e: &str) -> String {
    match name_expected(e) {
        NameExpected::Prefixes => format!(
            "the file name {f} does not start with a file kind of the standard; it should start with one of {e}"
        ),
        NameExpected::Extension => format!("the file name {f} has the wrong extension; it should be {e}"),
        NameExpected::Part(..) => format!(
            "the part {f} of the file name is not right; the standard writes {e} there"
        ),
        NameExpected::Pattern => format!(
            "the file name {f} does not follow the standard's form {e}"
        ),
        NameExpected::Other if e.is_empty() || e == "ファイル名" => {
            format!("the file name {f} does not have the standard's form")
        }
        NameExpected::Other => format!("{f} in the file name is not right; expected {e}"),
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

    /// The ASCII words of a Japanese message outside its values: runs of ASCII letters
    /// that are not names care staff know from the standard and their software (CSV,
    /// MS932, CRLF …; `H` of an 被保険者番号, TAIS of a 福祉用具 code).
    fn foreign_words(ja: &str) -> Vec<String> {
        const KNOWN: [&str; 14] = [
            "CSV", "MS", "Shift", "JIS", "UTF", "BOM", "CRLF", "LF", "CR", "TAIS", "No", "H",
            "JPEG", "ZIP",
        ];
        ja.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty() && !KNOWN.contains(w))
            .map(str::to_string)
            .collect()
    }

    /// Every kind's Japanese description and every Japanese template, with values that
    /// hold no letters, has no English word, code name or notation outside its values: the
    /// fault of `種類 sender_mismatch の問題…` or `（HHMM|9999）` cannot come back.
    #[test]
    fn japanese_holds_no_ascii_words_outside_values() {
        for k in ALL {
            assert!(
                foreign_words(k.describe_ja()).is_empty(),
                "{k:?}: {}",
                k.describe_ja()
            );
            assert!(!k.describe_en().contains('_'), "{k:?}: {}", k.describe_en());
            assert_eq!(ProblemKind::from_code(k.code()), Some(k));
        }
        let mut problems = Vec::new();
        for k in ALL {
            for (f, e) in [
                ("123", "456"),
                ("1", "2"),
                ("", ""),
                ("123", ""),
                ("", "456"),
            ] {
                let mut p = Problem::warning(k);
                if !f.is_empty() {
                    p = p.found(f);
                }
                if !e.is_empty() {
                    p = p.expected(e);
                }
                problems.push(p.clone());
                problems.push(p.inferred().count(2));
            }
        }
        for format in Format::ALL {
            for k in [
                ProblemKind::InvalidFormat,
                ProblemKind::UnknownCode,
                ProblemKind::InvalidDate,
            ] {
                let p = Problem::error(k).format(format).found("123");
                problems.push(p.clone().expected(format.notation()));
                problems.push(p.expected(format!("{}|9999", format.notation())));
            }
        }
        for p in &problems {
            let ja = p.message_ja();
            let words = foreign_words(&ja);
            // The letters of `expected` are a value only where the message names it as
            // one: never the notation of a format, which the words say.
            assert!(
                words.is_empty(),
                "{:?} {:?}: {ja} ({words:?})",
                p.kind,
                p.expected
            );
        }
        // A kind named by its code is named in words, in both languages.
        for k in ALL {
            let p = Problem::warning(ProblemKind::NotListed)
                .found("67")
                .expected(k.code());
            for m in [p.message_ja(), p.message_en()] {
                assert!(!m.contains(k.code()), "{m}");
            }
            assert!(p.message_ja().contains(k.describe_ja()));
            assert!(p.message_en().contains(k.describe_en()));
        }
    }

    #[test]
    fn a_month_is_called_a_month() {
        let p = Problem::error(ProblemKind::InvalidDate).found("202513");
        assert_eq!(p.message_ja(), "202513 は存在しない年月です");
        assert_eq!(p.message_en(), "202513 is not a month in the calendar");
        let p = Problem::error(ProblemKind::InvalidDate)
            .format(Format::Date)
            .found("20250230");
        assert_eq!(p.message_ja(), "20250230 は存在しない日付です");
    }

    #[test]
    fn file_name_problems_are_sentences() {
        let p = Problem::error(ProblemKind::InvalidFileName)
            .found("2025032509300")
            .expected("ファイル連番 YYYYMMDDHHMMSS(14桁)");
        assert_eq!(
            p.message_ja(),
            "ファイル名の 2025032509300 の部分が正しくありません。ファイル連番は年月日時分秒の14桁です"
        );
        assert_eq!(
            p.message_en(),
            "the part 2025032509300 of the file name is not right; the standard writes ファイル連番 YYYYMMDDHHMMSS(14桁) there"
        );
        let p = Problem::error(ProblemKind::InvalidFileName)
            .found("noname")
            .expected("UPHOSOKU, UP1KYO, UPPLAN");
        assert_eq!(
            p.message_ja(),
            "ファイル名 noname が標準仕様のファイルの種類で始まっていません。ファイル名は UPHOSOKU, UP1KYO, UPPLAN のどれかで始めます"
        );
        let p = Problem::warning(ProblemKind::LegacyFileName)
            .found("UPPLAN_202504_1310000001_1310000002_20250325093000.CSV")
            .expected("UPPLAN_対象年月(YYYYMM)_送信元事業所番号(10桁)_YYYYMMDDHHMMSS(14桁).CSV");
        assert!(
            p.message_ja().ends_with(
                "4.1の形式は UPPLAN_対象年月(6桁の年月)_送信元事業所番号(10桁)_ファイル連番(年月日時分秒の14桁).CSV です"
            ),
            "{}",
            p.message_ja()
        );
        let p = Problem::error(ProblemKind::InvalidFileName)
            .found("123456789")
            .expected("送信元事業所番号(10桁)");
        assert_eq!(
            p.message_ja(),
            "ファイル名の 123456789 の部分が正しくありません。送信元事業所番号は10桁です"
        );
    }

    #[test]
    fn message_without_place_is_the_detail() {
        let p = Problem::warning(ProblemKind::BlankLine);
        assert_eq!(p.message_ja(), "空行があります");
        let p = p.in_file("a.CSV").at_line(3);
        assert_eq!(p.to_string(), "a.CSV: line 3: a blank line is not a record");
    }
}
