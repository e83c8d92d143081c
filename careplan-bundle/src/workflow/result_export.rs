//! Provider, 提供票(実績)出力: the month's 実績 for one care office as a UPJSK file.

use careplan_csv::filename::{NameStyle, Party, Sequence};
use careplan_model::table6::Table6Record;
use careplan_model::typed::item_ref;
use careplan_model::value::YearMonth;
use careplan_model::Mode;
use careplan_model::{FileKind, Problem, ProblemKind, Severity};

use super::exported::Exported;
use super::writing::{by_user, read_back, write, Naming};
use crate::error::Error;
use crate::keys::UserKey;
use crate::unit::SequenceAllocator;

/// The provider's 提供票(実績)出力 (seed manual 3-2): the typed 実績 records of one month
/// for one care office, as a UPJSK file with a name of the standard, validated, ready to
/// ZIP.
///
/// Records are grouped by user (users in the order of their first record). Besides every
/// rule of the file, read back as the care office will (strict by default), each record
/// must name the receiver in No.6 プラン担当業者コード and the sender in No.20
/// サービス事業者コード (the file is the provider's 実績 for that care office; satellites
/// share the office number): an [`Inconsistent`](ProblemKind::Inconsistent) error
/// otherwise. A service of another kind than the sender's in the name is a warning:
/// 実績 is sent per office and service kind (spec README "Output units").
///
/// ```
/// use careplan_bundle::workflow::ResultExport;
/// use careplan_csv::filename::{NameStyle, Party, Sequence};
/// use careplan_model::value::OfficeNumber;
/// use careplan_model::table6::Table6Record;
/// use careplan_model::typed::TypedRecord;
/// use careplan_model::RawRecord;
/// # fn row(day: &str, start: &str) -> Table6Record {
/// #     let date = format!("202504{day}");
/// #     Table6Record::from_raw(&RawRecord::from_texts([
/// #         "202407", "131001", "0000012345", "20250320", "202504", "0300000100", "佐藤", "250",
/// #         "", &date, "", start, "1100", "1", "111111", "", "", "", "", "0300000005",
/// #         "訪問介護A", "", "0", "0300000005", "",
/// #     ])).unwrap()
/// # }
/// let provider = Party::new("0300000005".parse::<OfficeNumber>()?, "11".parse()?);
/// let care_office = Party::new("0300000100".parse::<OfficeNumber>()?, "43".parse()?);
/// let export = ResultExport::new(provider, care_office, "202504".parse()?)
///     .sequence(Sequence::parse("20250501090000")?)
///     .style(NameStyle::Legacy)
///     .records([row("01", "1000"), row("08", "1015")])
///     .build()?;
/// let file = &export.files()[0];
/// assert_eq!(file.display(), "UPJSK_202504_0300000005_0300000100_20250501090000.CSV");
/// assert_eq!(file.records().len(), 2);
/// // The only warning: the legacy name form, as asked.
/// assert_eq!(export.problems().len(), 1);
/// let zip = export.to_zip()?;
/// assert_eq!(&zip[..2], b"PK");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct ResultExport {
    naming: Naming,
    month: YearMonth,
    mode: Mode,
    records: Vec<Table6Record>,
}

impl ResultExport {
    /// An export of the provider `sender`'s 実績 for the care office `receiver` for
    /// `month`, in the 4.1 name form, validated strictly.
    pub fn new(sender: Party, receiver: Party, month: YearMonth) -> ResultExport {
        ResultExport {
            naming: Naming {
                sender,
                receiver,
                sequence: None,
                style: NameStyle::V41,
            },
            month,
            mode: Mode::Strict,
            records: Vec::new(),
        }
    }

    /// The sequence number (required).
    pub fn sequence(mut self, sequence: Sequence) -> ResultExport {
        self.naming.sequence = Some(sequence);
        self
    }

    /// Takes the sequence number from an allocator.
    pub fn sequence_from(mut self, allocator: &mut SequenceAllocator) -> ResultExport {
        self.naming.sequence = allocator.next();
        self
    }

    /// The form of the name.
    pub fn style(mut self, style: NameStyle) -> ResultExport {
        self.naming.style = style;
        self
    }

    /// How the written file is read back to validate it (strict by default).
    pub fn mode(mut self, mode: Mode) -> ResultExport {
        self.mode = mode;
        self
    }

    /// Adds 実績 records.
    pub fn records(mut self, records: impl IntoIterator<Item = Table6Record>) -> ResultExport {
        self.records.extend(records);
        self
    }

    /// Writes and validates the file.
    ///
    /// # Errors
    /// [`ErrorKind::Name`](crate::ErrorKind::Name), [`ErrorKind::Csv`](crate::ErrorKind::Csv)
    /// or [`ErrorKind::InvalidRecords`](crate::ErrorKind::InvalidRecords), as for
    /// [`PlanExport::build`](super::PlanExport::build).
    pub fn build(&self) -> Result<Exported, Error> {
        let name = self.naming.name(FileKind::UsageResult, Some(self.month))?;
        let user = |r: &Table6Record| UserKey::new(r.insurer, r.insured);
        let mut order: Vec<UserKey> = Vec::new();
        for r in &self.records {
            if !order.contains(&user(r)) {
                order.push(user(r));
            }
        }
        let (rows, _) = by_user(&self.records, user, &order, true);
        if rows.is_empty() {
            let p = Problem::error(ProblemKind::EmptyFile)
                .in_file(name.to_string())
                .in_kind(FileKind::UsageResult);
            return Err(Error::invalid_records(vec![p]));
        }
        let (bytes, mut problems) = write(&name, &rows)?;
        let (set, read) = read_back(vec![(name, bytes)], self.mode)?;
        problems.extend(read);
        let care_office = self.naming.receiver.office();
        let provider = self.naming.sender.office();
        let kind = self.naming.sender.kind();
        for file in set.files() {
            for r in file.typed::<Table6Record>() {
                let mut check = |ok: bool, no: u16, found: String, expected: String, severity| {
                    if ok {
                        return;
                    }
                    let mut p = Problem::new(ProblemKind::Inconsistent, severity)
                        .at(r.location())
                        .found(found)
                        .expected(expected);
                    if let Some(item) = item_ref(FileKind::UsageResult, no) {
                        p = p.item(item);
                    }
                    problems.push(p);
                };
                check(
                    care_office == r.record.care_office,
                    6,
                    r.record.care_office.to_string(),
                    format!("{} (送信先 / the receiver)", self.naming.receiver.office()),
                    Severity::Error,
                );
                check(
                    provider == r.record.provider,
                    20,
                    r.record.provider.to_string(),
                    format!("{} (送信元 / the sender)", self.naming.sender.office()),
                    Severity::Error,
                );
                let row_kind = r.record.service_code.kind();
                check(
                    kind.is_none() || row_kind == kind,
                    15,
                    r.record.service_code.to_string(),
                    format!(
                        "{} のサービス (送信元のサービス種類 / the sender's service kind)",
                        kind.map_or("", |k| k.code())
                    ),
                    Severity::Warning,
                );
            }
        }
        if problems.iter().any(Problem::is_error) {
            return Err(Error::invalid_records(problems));
        }
        Ok(Exported {
            set,
            problems,
            left_out: Vec::new(),
        })
    }
}
