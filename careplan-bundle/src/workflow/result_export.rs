//! Provider, 提供票(実績)出力: the month's 実績 for one care office as a UPJSK file.

use careplan_csv::{NameStyle, Party, Sequence};
use careplan_model::table6::Table6Record;
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Mode, Problem, ProblemKind};

use super::exported::Exported;
use super::plan_import::ImportedTicket;
use super::writing::{by_user, release, write, Naming};
use crate::error::Error;
use crate::keys::UserKey;
use crate::unit::SequenceAllocator;

/// The provider's 提供票(実績)出力 (seed manual 3-2): the typed 実績 records of one month
/// for one care office, as a UPJSK file with a name of the standard, validated, ready to
/// ZIP.
///
/// Records are grouped by user (users in the order of their first record). Besides every
/// rule of the file, read back as the care office will (strict by default), each record
/// must name the receiver in No.6 プラン担当業者コード: an
/// [`Inconsistent`](ProblemKind::Inconsistent) error otherwise. The reader's rules of the
/// file, read back, check No.20 サービス事業者コード against the sender (the file is the
/// provider's 実績; satellites share the office number): a
/// [`SenderMismatch`](ProblemKind::SenderMismatch) error otherwise, and a warning for a
/// service of another kind than the sender's in the name (実績 is sent per office and
/// service kind, spec README "Output units").
///
/// ```
/// use careplan_bundle::workflow::ResultExport;
/// use careplan_csv::{NameStyle, Sequence};
/// use careplan_model::table6::Table6Record;
/// use careplan_model::value::ParseError;
/// // A visit delivered: the planned line, with the time it took place and No.24 the
/// // provider's (in 実績, the provider updates it).
/// let row = |date: &str, start: &str| -> Result<Table6Record, ParseError> {
///     let (care, created, user) = ("0300000100".parse()?, "20250320".parse()?, "131001/0000012345".parse()?);
///     let (code, provider) = ("111111".parse()?, "0300000005".parse()?);
///     let mut r = Table6Record::planned(care, created, user, date.parse()?, code, 250, provider);
///     r.start = start.parse()?;
///     r.end = "1100".parse()?;
///     r.updater = Some(provider);
///     Ok(r)
/// };
/// let (provider, care_office) = ("0300000005_11".parse()?, "0300000100_43".parse()?);
/// let export = ResultExport::new(provider, care_office, "202504".parse()?)
///     .sequence(Sequence::parse("20250501090000")?)
///     .style(NameStyle::Legacy)
///     // A pre-4.0 name for 2025-04 is an error in strict mode: read back leniently.
///     .mode(careplan_model::Mode::Lenient)
///     .records([row("20250401", "1000")?, row("20250408", "1015")?])
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
    month: Option<YearMonth>,
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
                receiver: Some(receiver),
                sequence: None,
                style: NameStyle::V41,
            },
            month: Some(month),
            mode: Mode::Strict,
            records: Vec::new(),
        }
    }

    /// The answer to a received service-ticket set: from the provider it was addressed to,
    /// to the care office that sent it, for its month, named in the set's style (4.1, or
    /// legacy for a set received with legacy names) unless [`style`](ResultExport::style)
    /// says otherwise.
    ///
    /// ```
    /// use careplan_bundle::workflow::{PlanImport, ResultExport};
    /// use careplan_csv::Sequence;
    /// use careplan_model::hosoku::HosokuRecord;
    /// use careplan_model::table6::Table6Record;
    /// use careplan_model::table7::Table7Record;
    /// use careplan_model::{RawRecord, TypedRecord};
    /// let line = b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1030,1,111111,,,\"\",,0300000005,\"\",,0,0300000100,\r\n";
    /// let summary = b"202407,131001,0000012345,20250320,202504,\"\",0300000005,,111111,,,\"\",250,,,1,250,250,,,,,11.40,2850,90,2565,,285,0,,,,0,9999999999,,0300000100,\r\n\
    ///     202407,131001,0000012345,20250320,202504,\"\",9999999999,,999999,,,\"\",0,,,0,250,250,,,,,,2850,,2565,,285,0,,,,0,9999999999,,0300000100,\r\n";
    /// let mut hosoku = b"202407,131001,0000012345,00000000,\"\",\"\",2,19400101,,\"\",\"\",,,,,,,21,16765".to_vec();
    /// hosoku.extend_from_slice(b",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,202504\r\n");
    /// // A set received with legacy names (no service-kind codes).
    /// let mut import = PlanImport::new("0300000005".parse()?);
    /// import.upload("UPPLAN_202504_0300000100_0300000005_20250325100000.CSV", line.to_vec())?;
    /// import.upload("UPSIKYU_202504_0300000100_0300000005_20250325100000.CSV", summary.to_vec())?;
    /// import.upload("UPHOSOKU_202504_0300000100_0300000005_20250325100000.CSV", hosoku)?;
    /// let report = import.finish();
    /// let ticket = &report.tickets[0];
    ///
    /// let mut done = ticket.users[0].table6[0].clone();
    /// done.updater = Some("0300000005".parse()?);
    /// let answer = ResultExport::answering(ticket)
    ///     .sequence(Sequence::parse("20250501090000")?)
    ///     // A pre-4.0 name for 2025-04 is an error in strict mode: read back leniently.
    ///     .mode(careplan_model::Mode::Lenient)
    ///     .records([done])
    ///     .build()?;
    /// assert_eq!(answer.files()[0].display(), "UPJSK_202504_0300000005_0300000100_20250501090000.CSV");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn answering(ticket: &ImportedTicket) -> ResultExport {
        ResultExport {
            naming: Naming {
                sender: ticket.receiver,
                receiver: Some(ticket.sender),
                sequence: None,
                style: ticket.style,
            },
            month: ticket.month,
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
        let name = self.naming.name(FileKind::UsageResult, self.month)?;
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
        let (bytes, problems) = write(&name, &rows)?;
        release(vec![(name, bytes)], problems, self.mode, Vec::new())
    }
}
