//! Provider, 提供票(予定)取込: the three-file set from a care office, checked complete, and
//! the provider's own services out of it.

use std::collections::BTreeMap;
use std::path::Path;

use careplan_csv::{NameStyle, Party, Sequence};
use careplan_model::hosoku::HosokuRecord;
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::OfficeNumber;
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Problem, ProblemKind};
use serde::Serialize;

use crate::error::Error;
use crate::keys::UserMonthKey;
use crate::loaded::{FileSet, FromAny, LoadOptions, LoadedUnit};
use crate::unit::UnitKind;

use super::not_taken_unit;

/// A user's month of a service ticket, as the provider imports it: its own 第6表 and 第7表
/// rows and the user's 利用者補足情報.
///
/// See [`PlanImport`] for an example.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ImportedUser {
    /// The user-month.
    pub key: UserMonthKey,
    /// The user's 利用者補足情報 for the month.
    pub hosoku: Option<HosokuRecord>,
    /// The 第6表 予定 rows of the provider's office (satellites included).
    pub table6: Vec<Table6Record>,
    /// The 第7表 rows of the provider's office (its services and its subtotals).
    pub table7: Vec<Table7Record>,
}

/// A complete service-ticket set addressed to the provider, with its own services.
///
/// See [`PlanImport`] for an example.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ImportedTicket {
    /// The sequence number of the set.
    pub sequence: Sequence,
    /// The care office that sent it.
    pub sender: Party,
    /// The provider it is addressed to.
    pub receiver: Party,
    /// The service month.
    pub month: Option<YearMonth>,
    /// The form of the set's names (4.1 or legacy): an answer is named the same way.
    pub style: NameStyle,
    /// The users with a service of the provider, in the order of the 第6表.
    pub users: Vec<ImportedUser>,
    /// The problems of the set: its files', its composition's and its relations' (none for
    /// a clean set).
    pub problems: Vec<Problem>,
}

impl ImportedTicket {
    /// Whether the set has no error.
    pub fn is_clean(&self) -> bool {
        !self.problems.iter().any(Problem::is_error)
    }
}

/// A set still waiting for files (the manual's screen: three uploads make one set).
///
/// ```
/// use careplan_bundle::workflow::PlanImport;
/// use careplan_model::value::OfficeNumber;
/// use careplan_model::FileKind;
/// let mut import = PlanImport::new("0300000005".parse::<OfficeNumber>()?);
/// import.upload(
///     "UPHOSOKU_202504_0300000100_0300000005_20250325100000.CSV",
///     b"202407,131001,0000012345,00000000,\"\",\"\",2,19400101".iter()
///         .chain(&[b',';55]).chain(b"202504\r\n").copied().collect(),
/// )?;
/// let pending = &import.pending()[0];
/// assert_eq!(pending.sequence.as_str(), "20250325100000");
/// assert_eq!(pending.sender.to_string(), "0300000100");
/// assert_eq!(pending.missing, [FileKind::UsagePlan, FileKind::UsageSummary]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PendingSet {
    /// The sequence number the files uploaded so far share.
    pub sequence: Sequence,
    /// The care office that sent them.
    pub sender: Party,
    /// The files the set still lacks.
    pub missing: Vec<FileKind>,
}

/// What a plan import found: the complete sets with the provider's services, and every
/// problem of the files read.
///
/// ```
/// use careplan_bundle::workflow::PlanImport;
/// use careplan_model::value::OfficeNumber;
/// use careplan_model::ProblemKind;
/// let mut import = PlanImport::new("0300000005".parse::<OfficeNumber>()?);
/// import.upload("readme.txt", b"not a file of the standard".to_vec())?;
/// import.upload(
///     "UPPLAN_202504_0300000100_43_0300000005_11_20250325100000.CSV",
///     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000100,\r\n".to_vec(),
/// )?;
/// let report = import.finish();
/// assert!(report.tickets.is_empty(), "the set is not complete");
/// assert!(report.has_errors());
/// let kinds: Vec<ProblemKind> = report.problems.iter().map(|p| p.kind).collect();
/// assert!(kinds.contains(&ProblemKind::IgnoredEntry));
/// assert!(kinds.contains(&ProblemKind::MissingMember));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PlanImportReport {
    /// The complete sets addressed to the provider, in sequence-number order: take them in
    /// this order, a later set of a user-month replacing an earlier one (a changed plan is
    /// simply resent).
    pub tickets: Vec<ImportedTicket>,
    /// The problems outside the imported sets: files whose names are not of the standard
    /// (`IgnoredEntry`), files of units this import does not take (`NotTaken`) with those
    /// units' own composition problems, sets addressed to another office, incomplete sets,
    /// archives that hold no file (`EmptyArchive`).
    pub problems: Vec<Problem>,
}

impl PlanImportReport {
    /// Whether any problem, of a set or outside them, is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error) || self.tickets.iter().any(|t| !t.is_clean())
    }

    /// The sets applied in sequence-number order: each user-month as the latest set that
    /// holds it gives it (a later set of a user-month replaces an earlier one), with that
    /// set, users in the order they first came. What the provider holds after the import,
    /// and what it answers.
    ///
    /// ```
    /// use careplan_bundle::workflow::PlanImport;
    /// use careplan_model::value::OfficeNumber;
    /// // The plan of 2025-04-01, sent on 03-25, then sent again on 03-26 with the visit at 09:00.
    /// let line = |start: &str| format!("202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,{start},1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000100,\r\n");
    /// let summary = b"202407,131001,0000012345,20250320,202504,\"\",0300000005,,111111,,,\"\",250,,,1,250,250,,,,,11.40,2850,90,2565,,285,0,,,,0,9999999999,,0300000100,\r\n\
    ///     202407,131001,0000012345,20250320,202504,\"\",9999999999,,999999,,,\"\",0,,,0,250,250,,,,,,2850,,2565,,285,0,,,,0,9999999999,,0300000100,\r\n";
    /// let mut hosoku = b"202407,131001,0000012345,00000000,\"\",\"\",2,19400101,,\"\",\"\",,,,,,,21,16765".to_vec();
    /// hosoku.extend_from_slice(b",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,202504\r\n");
    /// let mut import = PlanImport::new("0300000005".parse::<OfficeNumber>()?);
    /// for (sequence, start) in [("20250325100000", "1000"), ("20250326100000", "0900")] {
    ///     let name = |head: &str| format!("{head}_202504_0300000100_43_0300000005_11_{sequence}.CSV");
    ///     import.upload(&name("UPPLAN"), line(start).into_bytes())?;
    ///     import.upload(&name("UPSIKYU"), summary.to_vec())?;
    ///     import.upload(&name("UPHOSOKU"), hosoku.clone())?;
    /// }
    /// let report = import.finish();
    /// assert_eq!(report.tickets.len(), 2, "both sets are read");
    /// let latest = report.latest();
    /// assert_eq!(latest.len(), 1, "one user-month");
    /// let (ticket, user) = latest[0];
    /// assert_eq!(ticket.sequence.as_str(), "20250326100000");
    /// assert_eq!(user.table6[0].start.to_string(), "0900");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn latest(&self) -> Vec<(&ImportedTicket, &ImportedUser)> {
        let mut order: Vec<UserMonthKey> = Vec::new();
        let mut latest: BTreeMap<UserMonthKey, (&ImportedTicket, &ImportedUser)> = BTreeMap::new();
        for t in &self.tickets {
            for u in &t.users {
                if latest.insert(u.key, (t, u)).is_none() {
                    order.push(u.key);
                }
            }
        }
        order
            .iter()
            .filter_map(|key| latest.get(key).copied())
            .collect()
    }
}

/// The provider's 提供票(予定)取込 (seed manual 3-1): read the care office's 第6表 予定,
/// 第7表 and 利用者補足情報, in one ZIP or as three uploads, check the set is complete and
/// sound, and give the provider its own services.
///
/// - Files are added as uploads ([`upload`](PlanImport::upload): a ZIP or one CSV, in any
///   order, legacy or 4.1 names) or from the file system. Files of the same sequence number
///   and parties make one set, wherever they came from.
/// - Only service-ticket units (UPPLAN, UPSIKYU and UPHOSOKU) are taken (as the manual's
///   screen). A file whose name is not of the standard is left aside with an
///   [`IgnoredEntry`](ProblemKind::IgnoredEntry) warning; each file of a unit of another
///   kind with a [`NotTaken`](ProblemKind::NotTaken) warning naming the unit's kind, and
///   the unit's composition problems are reported (a UPPLAN sent with the same sequence
///   number as a plan set is a [`StrayMember`](ProblemKind::StrayMember) of it, an error).
/// - A set addressed to another office is not imported
///   ([`OtherReceiver`](ProblemKind::OtherReceiver)). A set lacking a file is listed by
///   [`pending`](PlanImport::pending) and, in the report, by its
///   [`MissingMember`](ProblemKind::MissingMember) errors.
/// - A complete set is imported with its problems (files, composition, relations): the
///   provider decides whether to take a set that is not [`clean`](ImportedTicket::is_clean).
/// - The provider's services are the rows whose サービス事業者コード (第6表 No.20, 第7表 No.7)
///   is its office number, satellites included; its users are those with such a 第6表
///   row, each with their 補足.
///
/// ```
/// use careplan_bundle::build::Table7Builder;
/// use careplan_bundle::workflow::{PlanExport, PlanImport};
/// use careplan_csv::{NameStyle, Party, Sequence};
/// use careplan_model::hosoku::HosokuRecord;
/// use careplan_model::table6::Table6Record;
/// use careplan_model::value::{OfficeNumber, ParseError, Sex};
/// use careplan_model::FileKind;
/// // 訪問介護 (111111, 250 units) at `provider` on `date`, in the plan the care office
/// // 0300000100 made on 2025-03-20.
/// let user = "131001/0000012345".parse()?;
/// let visit = |date: &str, provider: &str| -> Result<Table6Record, ParseError> {
///     let (care, created, code) = ("0300000100".parse()?, "20250320".parse()?, "111111".parse()?);
///     Ok(Table6Record::planned(care, created, user, date.parse()?, code, 250, provider.parse()?))
/// };
/// let (month, born) = ("202504".parse()?, "19400101".parse()?);
/// let mut hosoku = HosokuRecord::for_month(user, month, "ﾔﾏﾀﾞ", "山田", Sex::Female, born);
/// hosoku.category_limit = Some(16765);
/// let care_office: Party = "0300000100_43".parse()?;
/// // What the care office sent: the user's services of two providers, legacy names.
/// let sent = PlanExport::new(care_office, month)
///     .receiver("0300000005_11".parse()?)
///     .sequence(Sequence::parse("20250325100000")?)
///     .style(NameStyle::Legacy)
///     // A pre-4.0 name for 2025-04 is an error in strict mode: read back leniently.
///     .mode(careplan_model::Mode::Lenient)
///     .table6([visit("20250401", "0300000005")?, visit("20250402", "0300000777")?])
///     .hosoku([hosoku])
///     .table7_from(Table7Builder::new().default_unit_price("11.40".parse()?))
///     .build()?;
///
/// // Three uploads, as the manual's screen takes them.
/// let mut import = PlanImport::new("0300000005".parse::<OfficeNumber>()?);
/// let first = &sent.files()[0];
/// import.upload(first.display(), first.bytes().to_vec())?;
/// assert_eq!(import.pending()[0].missing, [FileKind::UsageSummary, FileKind::Hosoku]);
/// for f in &sent.files()[1..] {
///     import.upload(f.display(), f.bytes().to_vec())?;
/// }
/// assert!(import.pending().is_empty());
///
/// let report = import.finish();
/// assert!(!report.has_errors());
/// let user = &report.tickets[0].users[0];
/// assert_eq!(user.key.to_string(), "131001/0000012345/202504");
/// assert_eq!(user.table6.len(), 1, "only the provider's own service");
/// assert_eq!(user.table7.len(), 1);
/// assert!(user.hosoku.is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct PlanImport {
    own: OfficeNumber,
    set: FileSet,
}

impl PlanImport {
    /// An import for the provider office `own`, reading leniently.
    pub fn new(own: OfficeNumber) -> PlanImport {
        PlanImport::with_options(own, LoadOptions::new())
    }

    /// An import for the provider office `own`, reading with `options`.
    pub fn with_options(own: OfficeNumber, options: LoadOptions) -> PlanImport {
        PlanImport {
            own,
            set: FileSet::with_options(options),
        }
    }

    /// Adds an upload: a ZIP archive or one CSV file.
    ///
    /// # Errors
    /// A refused archive or a file the reader cannot go on with.
    pub fn upload(&mut self, name: &str, bytes: Vec<u8>) -> Result<&mut PlanImport, Error> {
        self.set.add_bytes(name, bytes)?;
        Ok(self)
    }

    /// Adds a file, folder or ZIP archive from the file system.
    ///
    /// # Errors
    /// As [`FileSet::add_path`].
    pub fn add_path(&mut self, path: impl AsRef<Path>) -> Result<&mut PlanImport, Error> {
        self.set.add_path(path)?;
        Ok(self)
    }

    /// The files read so far.
    pub fn files(&self) -> &FileSet {
        &self.set
    }

    /// The service-ticket sets that still lack a file, in sequence-number order.
    pub fn pending(&self) -> Vec<PendingSet> {
        self.set
            .units()
            .iter()
            .filter(|u| u.kind() == Some(UnitKind::ServiceTicket))
            .filter_map(|u| {
                let missing: Vec<FileKind> = UnitKind::ServiceTicket
                    .slots()
                    .iter()
                    .filter(|s| u.file(s.kind).is_none())
                    .map(|s| s.kind)
                    .collect();
                (!missing.is_empty()).then(|| PendingSet {
                    sequence: u.unit().sequence(),
                    sender: *u.unit().sender(),
                    missing,
                })
            })
            .collect()
    }

    /// Checks the sets and takes the provider's services out of the complete ones.
    pub fn finish(&self) -> PlanImportReport {
        let mut report = PlanImportReport {
            tickets: Vec::new(),
            problems: self.set.notes().to_vec(),
        };
        for f in self.set.ungrouped() {
            report.problems.extend(f.problems().cloned());
            report.problems.push(left_aside(f.display()));
        }
        for unit in self.set.units() {
            if unit.kind() != Some(UnitKind::ServiceTicket) {
                report.problems.extend(not_taken_unit(&unit, TAKES));
                continue;
            }
            let u = unit.unit();
            if u.receiver().office() != self.own {
                let mut p = Problem::error(ProblemKind::OtherReceiver)
                    .found(u.receiver().to_string())
                    .expected(self.own.to_string());
                if let Some(f) = unit.files().next() {
                    p = p.at(f.file_location());
                }
                report.problems.push(p);
                continue;
            }
            let mut problems: Vec<Problem> = unit
                .all_files()
                .flat_map(|f| f.problems().cloned())
                .collect();
            problems.extend(unit.problems());
            if problems
                .iter()
                .any(|p| p.kind == ProblemKind::MissingMember)
            {
                report.problems.extend(problems);
                continue;
            }
            report.tickets.push(ImportedTicket {
                sequence: u.sequence(),
                sender: *u.sender(),
                receiver: *u.receiver(),
                month: u.month(),
                style: unit
                    .files()
                    .find_map(|f| f.name().map(|n| n.style()))
                    .unwrap_or_default(),
                users: own_services(&unit, self.own),
                problems,
            });
        }
        report
    }
}

/// What the plan import takes: the files of a service-ticket unit (UPPLAN, UPSIKYU,
/// UPHOSOKU_YYYYMM), named as the unit is ([`UnitKind::name_ja`](crate::UnitKind::name_ja)).
const TAKES: &str = "第6表・第7表・利用者補足情報";

/// A file whose name is not of the standard.
fn left_aside(display: &str) -> Problem {
    Problem::warning(ProblemKind::IgnoredEntry)
        .in_file(display.to_string())
        .found(display.to_string())
        .expected("UPPLAN, UPSIKYU, UPHOSOKU")
}

/// The users of the unit with a service of `own`, with their own rows and their 補足. Each
/// file is gone through once without keeping its records: a set of any size costs the
/// provider's rows, not the set's.
fn own_services(unit: &LoadedUnit<'_>, own: OfficeNumber) -> Vec<ImportedUser> {
    let mut users: BTreeMap<UserMonthKey, (usize, ImportedUser)> = BTreeMap::new();
    each_record(unit, |r: &Table6Record| {
        if r.provider != own {
            return;
        }
        let key = UserMonthKey::of_table6(r);
        let next = users.len();
        let entry = users.entry(key).or_insert_with(|| {
            (
                next,
                ImportedUser {
                    key,
                    hosoku: None,
                    table6: Vec::new(),
                    table7: Vec::new(),
                },
            )
        });
        entry.1.table6.push(r.clone());
    });
    each_record(unit, |r: &Table7Record| {
        if r.provider != own {
            return;
        }
        if let Some((_, u)) = users.get_mut(&UserMonthKey::of_table7(r)) {
            u.table7.push(r.clone());
        }
    });
    each_record(unit, |r: &HosokuRecord| {
        if let Some((_, u)) = UserMonthKey::of_hosoku(r).and_then(|k| users.get_mut(&k)) {
            u.hosoku.get_or_insert_with(|| r.clone());
        }
    });
    let mut out: Vec<(usize, ImportedUser)> = users.into_values().collect();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, u)| u).collect()
}

/// Calls `f` with every typed record of type `T` in the unit's files of its kinds, file by
/// file, read again from their sources and not kept (a file that cannot be read again
/// gives none, as [`LoadedFile::records`](crate::LoadedFile::records) does).
fn each_record<T: FromAny>(unit: &LoadedUnit<'_>, mut f: impl FnMut(&T)) {
    for file in unit
        .files()
        .filter(|file| file.kind().is_some_and(|k| T::KINDS.contains(&k)))
    {
        let _ = file.for_each_record(|parsed| {
            if let Some(r) = parsed.typed().and_then(T::from_any) {
                f(r);
            }
        });
    }
}
