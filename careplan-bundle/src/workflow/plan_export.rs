//! Care office, 提供票(予定)出力: the month's 第6表, 第7表 and 利用者補足情報 for one
//! provider, as one unit.

use careplan_csv::{NameStyle, Party, Sequence};
use careplan_model::hosoku::HosokuRecord;
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Mode, Problem, ProblemKind};

use super::exported::Exported;
use super::writing::{by_user, release, write, Naming};
use crate::build::{Table7Build, Table7Builder};
use crate::error::Error;
use crate::keys::UserKey;
use crate::unit::SequenceAllocator;

/// The care office's 提供票(予定)出力 (seed manual 2-1): from the typed 第6表 予定, 第7表
/// and 利用者補足情報 records of one month, the three files for one provider, with names of
/// the standard and one sequence number, validated, ready to ZIP.
///
/// - **Users.** Only users related to the receiver are sent (spec README "Output units"):
///   those with a 第6表 row of the receiver's office (No.20 サービス事業者コード; satellites
///   share the number) and, when the receiver's name gives its service kind (v4.1), of that
///   kind (No.15's first two digits). Each is sent with *all* their rows, every provider's,
///   as the user sees them. The others are [`left_out`](Exported::left_out);
///   [`all_users`](PlanExport::all_users) sends everyone given.
/// - **Order.** Records are grouped by user, users in the order of their first 第6表 row,
///   each user's records in the order given.
/// - **Names.** `UPPLAN_月_…`, `UPSIKYU_月_…`, `UPHOSOKU_月_…` with the sender's and
///   receiver's parties and the sequence number; [`NameStyle::Legacy`] writes the pre-4.0
///   names the seed manual shows.
/// - **Validation.** The files are written, then read back as the receiver will (strict by
///   default): every record and file rule, the unit's composition and the relations
///   ([`relations`](crate::relations)). Any error refuses the export
///   ([`ErrorKind::InvalidRecords`](crate::ErrorKind::InvalidRecords), with every problem);
///   warnings come with the files.
///
/// ```
/// use careplan_bundle::build::Table7Builder;
/// use careplan_bundle::workflow::PlanExport;
/// use careplan_bundle::FileSet;
/// use careplan_csv::Sequence;
/// use careplan_model::hosoku::HosokuRecord;
/// use careplan_model::table6::Table6Record;
/// use careplan_model::value::{Sex, UserKey};
/// // 訪問介護 (111111, 250 units) in the plan the care office 0300000100 made on 2025-03-20.
/// let visit = |user: UserKey, date: &str, provider: &str| -> Result<Table6Record, Box<dyn std::error::Error>> {
///     let (care, created, code) = ("0300000100".parse()?, "20250320".parse()?, "111111".parse()?);
///     Ok(Table6Record::planned(care, created, user, date.parse()?, code, 250, provider.parse()?))
/// };
/// let (hanako, other) = ("131001/0000012345".parse()?, "131001/0000099999".parse()?);
/// let (month, born) = ("202504".parse()?, "19400101".parse()?);
/// let mut hosoku = [hanako, other].map(|u| HosokuRecord::for_month(u, month, "ﾔﾏﾀﾞ ﾊﾅｺ", "山田 花子", Sex::Female, born));
/// hosoku[0].category_limit = Some(16765); // No.19 区分支給限度基準額
/// hosoku[1].category_limit = Some(16765);
///
/// let export = PlanExport::new("0300000100_43".parse()?, month)
///     .receiver("0300000005_11".parse()?)
///     .sequence(Sequence::parse("20250325100000")?)
///     .table6([
///         visit(hanako, "20250401", "0300000005")?,
///         visit(hanako, "20250408", "0300000005")?,
///         // Another provider's user: left out.
///         visit(other, "20250401", "0300000777")?,
///     ])
///     .hosoku(hosoku)
///     .table7_from(Table7Builder::new().default_unit_price("11.40".parse()?))
///     .build()?;
/// let names: Vec<&str> = export.files().iter().map(|f| f.display()).collect();
/// assert_eq!(names, [
///     "UPPLAN_202504_0300000100_43_0300000005_11_20250325100000.CSV",
///     "UPSIKYU_202504_0300000100_43_0300000005_11_20250325100000.CSV",
///     "UPHOSOKU_202504_0300000100_43_0300000005_11_20250325100000.CSV",
/// ]);
/// assert_eq!(export.left_out()[0].to_string(), "131001/0000099999");
/// assert!(export.problems().is_empty());
///
/// // The ZIP the manual's screen saves; read back, it is the same unit, byte for byte.
/// let zip = export.to_zip_in("202504")?;
/// let mut back = FileSet::new();
/// back.add_bytes("export.zip", zip)?;
/// assert_eq!(back.files()[0].bytes(), export.files()[0].bytes());
/// assert!(back.units()[0].problems().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct PlanExport {
    naming: Naming,
    month: YearMonth,
    mode: Mode,
    all_users: bool,
    table6: Vec<Table6Record>,
    table7: Vec<Table7Record>,
    hosoku: Vec<HosokuRecord>,
    computed: Option<Table7Builder>,
}

impl PlanExport {
    /// An export from the care office `sender` for `month`, in the 4.1 name form,
    /// validated strictly: to one provider ([`receiver`](PlanExport::receiver) and
    /// [`build`](PlanExport::build)), or to each provider of the plan
    /// ([`build_each`](PlanExport::build_each)).
    pub fn new(sender: Party, month: YearMonth) -> PlanExport {
        PlanExport {
            naming: Naming {
                sender,
                receiver: None,
                sequence: None,
                style: NameStyle::V41,
            },
            month,
            mode: Mode::Strict,
            all_users: false,
            table6: Vec::new(),
            table7: Vec::new(),
            hosoku: Vec::new(),
            computed: None,
        }
    }

    /// The provider the unit is for (required by [`build`](PlanExport::build)): its office
    /// number and service kind, as its name writes them.
    pub fn receiver(mut self, receiver: Party) -> PlanExport {
        self.naming.receiver = Some(receiver);
        self
    }

    /// The sequence number (ファイル連番) of the three files (required).
    pub fn sequence(mut self, sequence: Sequence) -> PlanExport {
        self.naming.sequence = Some(sequence);
        self
    }

    /// Takes the sequence number from an allocator (one per unit: exports made in one run
    /// must not share one). An exhausted allocator leaves it unset.
    pub fn sequence_from(mut self, allocator: &mut SequenceAllocator) -> PlanExport {
        self.naming.sequence = allocator.next();
        self
    }

    /// The form of the names ([`NameStyle::Legacy`]: without service-kind codes).
    pub fn style(mut self, style: NameStyle) -> PlanExport {
        self.naming.style = style;
        self
    }

    /// How the written files are read back to validate them (strict by default).
    pub fn mode(mut self, mode: Mode) -> PlanExport {
        self.mode = mode;
        self
    }

    /// Sends every user given, not only those related to the receiver.
    pub fn all_users(mut self) -> PlanExport {
        self.all_users = true;
        self
    }

    /// Adds 第6表 予定 records.
    pub fn table6(mut self, records: impl IntoIterator<Item = Table6Record>) -> PlanExport {
        self.table6.extend(records);
        self
    }

    /// Adds 第7表 records.
    pub fn table7(mut self, records: impl IntoIterator<Item = Table7Record>) -> PlanExport {
        self.table7.extend(records);
        self
    }

    /// Computes 第7表 from the 第6表 records given, and the 補足 records' limit slots, with
    /// `builder`'s prices, rates and allocations (its own records are added to the ones
    /// given here). 第7表 records given with [`table7`](PlanExport::table7) are then not
    /// sent. The computation sees every user given, so each provider's export of one month
    /// carries the same 第7表.
    ///
    /// ```
    /// use careplan_bundle::build::Table7Builder;
    /// use careplan_bundle::workflow::PlanExport;
    /// use careplan_csv::Sequence;
    /// use careplan_model::hosoku::HosokuRecord;
    /// use careplan_model::table6::Table6Record;
    /// use careplan_model::value::{CareLevel, Sex};
    /// use careplan_model::FileKind;
    /// let (care, user) = ("0300000100".parse()?, "131001/0000012345".parse()?);
    /// let (created, date, code) = ("20250320".parse()?, "20250401".parse()?, "111111".parse()?);
    /// let line = Table6Record::planned(care, created, user, date, code, 250, "0300000005".parse()?);
    /// let (month, birth) = ("202504".parse()?, "19400101".parse()?);
    /// let mut hosoku = HosokuRecord::for_month(user, month, "ﾔﾏﾀﾞ", "山田", Sex::Female, birth);
    /// (hosoku.care_level, hosoku.category_limit) = (Some(CareLevel::Care1), Some(16765));
    /// let export = PlanExport::new("0300000100_43".parse()?, month)
    ///     .receiver("0300000005_11".parse()?)
    ///     .sequence(Sequence::parse("20250325100000")?)
    ///     .table6([line])
    ///     .hosoku([hosoku])
    ///     .table7_from(Table7Builder::new().default_unit_price("11.40".parse()?))
    ///     .build()?;
    /// // 250 units × 11.40 = 2850 yen: 2565 claimed, 285 paid by the user; the grand
    /// // total's No.24–29 end the file.
    /// let summary = export.file(FileKind::UsageSummary).unwrap();
    /// assert_eq!(summary.records().len(), 2);
    /// assert!(summary.bytes().ends_with(b",2850,,2565,,285,0,,,,0,9999999999,,0300000100,\r\n"));
    /// assert!(export.problems().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn table7_from(mut self, builder: Table7Builder) -> PlanExport {
        self.computed = Some(builder);
        self
    }

    /// Adds 利用者補足情報 records (sent with 第6表: No.4 `00000000`, No.63 the month).
    pub fn hosoku(mut self, records: impl IntoIterator<Item = HosokuRecord>) -> PlanExport {
        self.hosoku.extend(records);
        self
    }

    /// Writes and validates the three files for the [`receiver`](PlanExport::receiver).
    ///
    /// # Errors
    /// [`ErrorKind::Name`](crate::ErrorKind::Name) for a part of the names that is
    /// missing or not allowed (no receiver, no sequence number); [`ErrorKind::Csv`](crate::ErrorKind::Csv)
    /// for a character MS932 cannot hold; [`ErrorKind::InvalidRecords`](crate::ErrorKind::InvalidRecords)
    /// when the files break the standard (a record of another month, a 第7表 user without
    /// 第6表 rows, no user for the receiver …) or when [`table7_from`](PlanExport::table7_from)
    /// cannot compute 第7表.
    pub fn build(&self) -> Result<Exported, Error> {
        self.export(self.naming, self.computed()?.as_ref())
    }

    /// The month's units to every provider of the plan, one each, in the order of their
    /// first 第6表 line: each office number (No.20) with the service kind of its lines'
    /// codes (No.15; a provider of two kinds gets two units, as the standard makes files
    /// per 事業所番号 + サービス種類, spec README "Output units"; in legacy names, one per
    /// office), kinds outside the exchange left out. Each unit takes the next number of
    /// `sequences`; 第7表 is computed once, for all. A receiver or a sequence number given
    /// is not used. Each unit holds the users related to its receiver (see
    /// [`PlanExport`]'s Users).
    ///
    /// ```
    /// use careplan_bundle::build::Table7Builder;
    /// use careplan_bundle::workflow::PlanExport;
    /// use careplan_bundle::SequenceAllocator;
    /// use careplan_csv::Sequence;
    /// use careplan_model::hosoku::HosokuRecord;
    /// use careplan_model::table6::Table6Record;
    /// use careplan_model::value::Sex;
    /// let (care, user) = ("0300000100".parse()?, "131001/0000012345".parse()?);
    /// let (month, created, date) = ("202504".parse()?, "20250320".parse()?, "20250401".parse()?);
    /// // 訪問介護 at 0300000005, 通所介護 at 0300000006.
    /// let help = Table6Record::planned(care, created, user, date, "111111".parse()?, 250, "0300000005".parse()?);
    /// let day = Table6Record::planned(care, created, user, date, "151111".parse()?, 658, "0300000006".parse()?);
    /// let mut hosoku = HosokuRecord::for_month(user, month, "ﾔﾏﾀﾞ ﾊﾅｺ", "山田 花子", Sex::Female, "19400101".parse()?);
    /// hosoku.category_limit = Some(16765);
    ///
    /// let mut sequences = SequenceAllocator::new(Sequence::parse("20250325100000")?);
    /// let exports = PlanExport::new("0300000100_43".parse()?, month)
    ///     .table6([help, day])
    ///     .hosoku([hosoku])
    ///     .table7_from(Table7Builder::new().default_unit_price("10.00".parse()?))
    ///     .build_each(&mut sequences)?;
    /// let names: Vec<&str> = exports.iter().map(|e| e.files()[0].display()).collect();
    /// assert_eq!(names, [
    ///     "UPPLAN_202504_0300000100_43_0300000005_11_20250325100000.CSV",
    ///     "UPPLAN_202504_0300000100_43_0300000006_15_20250325100001.CSV",
    /// ]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// The first error of a unit, as [`build`](PlanExport::build) returns it; an exhausted
    /// allocator is a name error. A plan without a line of a kind exchanged is refused as
    /// an empty file, and [`NameStyle::V40`] (whose 3-digit codes a plan does not give) as
    /// a name error, before any number is taken.
    pub fn build_each(&self, sequences: &mut SequenceAllocator) -> Result<Vec<Exported>, Error> {
        let legacy = self.naming.style == NameStyle::Legacy;
        let mut receivers: Vec<Party> = Vec::new();
        for r in &self.table6 {
            let kind = r.service_code.kind().filter(|k| k.in_scope());
            let party = match kind {
                Some(_) if legacy => Party::legacy(r.provider),
                Some(k) => Party::new(r.provider, k),
                None => continue,
            };
            if !receivers.contains(&party) {
                receivers.push(party);
            }
        }
        if receivers.is_empty() {
            // As `build` refuses a unit without a 第6表 line: nothing to send.
            let p = Problem::error(ProblemKind::EmptyFile)
                .in_kind(FileKind::UsagePlan)
                .expected("UPPLAN");
            return Err(Error::invalid_records(vec![p]));
        }
        // Every receiver's names are made before a number is taken: a style the parties
        // cannot be named in (4.0, whose 3-digit codes a plan does not give) takes none.
        for &receiver in &receivers {
            let naming = Naming {
                receiver: Some(receiver),
                sequence: sequences.peek().or(self.naming.sequence),
                ..self.naming
            };
            naming.name(FileKind::UsagePlan, Some(self.month))?;
        }
        let computed = self.computed()?;
        let mut out = Vec::with_capacity(receivers.len());
        for receiver in receivers {
            let naming = Naming {
                receiver: Some(receiver),
                sequence: sequences.next(),
                ..self.naming
            };
            out.push(self.export(naming, computed.as_ref())?);
        }
        Ok(out)
    }

    /// 第7表 and 補足 as [`table7_from`](PlanExport::table7_from) computes them, if asked.
    fn computed(&self) -> Result<Option<Table7Build>, Error> {
        let Some(builder) = &self.computed else {
            return Ok(None);
        };
        let built = builder
            .clone()
            .table6(self.table6.iter().cloned())
            .hosoku(self.hosoku.iter().cloned())
            .build()?;
        Ok(Some(built))
    }

    /// The unit named by `naming`, with 第7表 and 補足 `computed` or as given.
    fn export(&self, naming: Naming, computed: Option<&Table7Build>) -> Result<Exported, Error> {
        let (table7, hosoku) = match computed {
            Some(built) => (built.table7.as_slice(), built.hosoku.as_slice()),
            None => (self.table7.as_slice(), self.hosoku.as_slice()),
        };
        let plan_name = naming.name(FileKind::UsagePlan, Some(self.month))?;
        let summary_name = naming.name(FileKind::UsageSummary, Some(self.month))?;
        let hosoku_name = naming.name(FileKind::Hosoku, Some(self.month))?;

        let user6 = |r: &Table6Record| UserKey::new(r.insurer, r.insured);
        let own = naming.receiver.map(|r| r.office());
        // A receiver named with its service kind (v4.1) is that kind's provider: a user
        // whose lines at the office are all of another kind is not related to it.
        let own_kind = naming.receiver.and_then(|r| r.kind());
        let mut order: Vec<UserKey> = Vec::new();
        for r in &self.table6 {
            let related = self.all_users
                || (own == Some(r.provider)
                    && own_kind.is_none_or(|k| r.service_code.kind() == Some(k)));
            if related && !order.contains(&user6(r)) {
                order.push(user6(r));
            }
        }
        let (plan, mut left_out) = by_user(&self.table6, user6, &order, false);
        let (summary, l7) = by_user(
            table7,
            |r| UserKey::new(r.insurer, r.insured),
            &order,
            self.all_users,
        );
        let (hosoku, lh) = by_user(
            hosoku,
            |r| UserKey::new(r.insurer, r.insured),
            &order,
            self.all_users,
        );
        for k in l7.into_iter().chain(lh) {
            if !left_out.contains(&k) {
                left_out.push(k);
            }
        }
        if plan.is_empty() {
            let p = Problem::error(ProblemKind::EmptyFile)
                .in_file(plan_name.to_string())
                .in_kind(FileKind::UsagePlan)
                // Records of the receiver's services: the receiver's office.
                .expected(own.map(|o| o.to_string()).unwrap_or_default());
            return Err(Error::invalid_records(vec![p]));
        }

        let (plan_bytes, mut problems) = write(&plan_name, &plan)?;
        let (summary_bytes, p7) = write(&summary_name, &summary)?;
        let (hosoku_bytes, ph) = write(&hosoku_name, &hosoku)?;
        problems.extend(p7);
        problems.extend(ph);
        let files = vec![
            (plan_name, plan_bytes),
            (summary_name, summary_bytes),
            (hosoku_name, hosoku_bytes),
        ];
        release(files, problems, self.mode, left_out)
    }
}
