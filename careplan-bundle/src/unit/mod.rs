//! Transmission units (送信単位): the files sent together, grouped and checked by name (see
//! [`Unit`]).

mod allocator;
mod builder;
mod composition;
mod kind;
mod member;

use careplan_csv::{FileName, NameStyle, Party, Sequence};
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Problem, Side};

pub use allocator::SequenceAllocator;
pub use builder::{group, UnitBuilder};
pub use kind::{Presence, Slot, UnitKind};
pub use member::{Member, MemberStatus};

/// A transmission unit: the files sharing one sequence number, sender office and receiver
/// office, with the kind of unit they make and the problems of its composition.
///
/// Made by [`group`] or [`UnitBuilder::build`]; how the kind, parties, month and problems
/// are decided follows the example.
///
/// ```
/// use careplan_bundle::{group, MemberStatus, UnitKind};
/// use careplan_csv::FileName;
/// use careplan_model::value::YearMonth;
/// use careplan_model::{FileKind, Side};
/// let names = [
///     "UPSIKYU_202501_0300000100_43_0300000005_11_20241125100000.CSV",
///     "UPPLAN_202501_0300000100_43_0300000005_11_20241125100000.CSV",
///     "UPHOSOKU_202501_0300000100_43_0300000005_11_20241125100000.CSV",
/// ];
/// let files = names.iter().enumerate().map(|(i, n)| FileName::parse(n).map(|f| (f, i)));
/// let units = group(files.collect::<Result<Vec<_>, _>>()?);
/// let unit = &units[0];
/// assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
/// assert_eq!(unit.sequence().as_str(), "20241125100000");
/// assert_eq!(unit.sender().to_string(), "0300000100_43");
/// assert_eq!(unit.receiver().to_string(), "0300000005_11");
/// assert_eq!(unit.side(), Side::CareOffice);
/// assert_eq!(unit.month(), YearMonth::new(2025, 1));
/// assert_eq!(unit.member(FileKind::UsagePlan).map(|m| *m.handle()), Some(1));
/// assert!(unit.members().iter().all(|m| m.status() == MemberStatus::Belongs));
/// assert!(unit.problems().is_empty());
/// # Ok::<(), careplan_csv::Error>(())
/// ```
///
/// Transmission units (送信単位): the files sent together, grouped and checked by name.
///
/// Files sent together share one sequence number (ファイル連番, the 14-digit timestamp of
/// the name) and one sender and receiver; units are processed in sequence-number order,
/// whatever they contain (spec README "Transmission units"). This module works from file
/// names only ([`FileName`]): it groups files into [`Unit`]s, tells which [`UnitKind`] each
/// unit is, and reports what is wrong with its composition. Checks that need the files'
/// contents (keys that link the records) belong to a later layer.
///
/// A care office exports 第6表 予定, 第7表 and 利用者補足情報 as one set, often in a ZIP; a
/// provider may upload the three files one by one (the seed manual's WebQKAN import). Either
/// way the three names share the sequence number and parties, and form one unit here.
/// Legacy names (pre-4.0, without service-kind codes) group and check the same way.
///
/// # Grouping
/// Files with the same sequence number, the same sender office number and the same
/// receiver office number form one unit ([`group`], [`UnitBuilder`]). Service-kind codes
/// do not split units; they are checked within the unit instead.
///
/// # The unit's parties, side and month
/// - **Side.** Each file kind is sent by one side ([`FileKind::sender`]); the unit's side is
///   the side most of its files' kinds are sent by (on a tie, the care office, which sends 16
///   of the 18 kinds). A file of the other side (a UPJSK among files a care office sends to
///   the same office) is [`MemberStatus::OtherParties`]. Direction is never inferred from
///   the service-kind codes (spec OPEN_QUESTIONS 10).
/// - **Parties.** The unit's sender and receiver are those most of its names with
///   service-kind segments carry (on a tie, the earlier file's); a name whose codes differ
///   is [`MemberStatus::OtherParties`]. Codes are compared only between names that both
///   carry them: a legacy name agrees with any, and a 4.0 name's 3-digit segment is
///   compared only with another 4.0 name's.
/// - **Month.** The month most of the unit's files carry (補足 `000000` is no month); on a
///   tie, that of the 第6表 (予定 or 実績), else its delete, else the 第7表, else the 補足.
///
/// # Composition
/// Of the files that agree on parties, the unit's kind is the [`UnitKind`] that holds the
/// most of them (a 補足 counts for a plan-documents unit when its month is `000000`, for a
/// service-ticket unit when it has a month); then the one that lacks the fewest required
/// files; then the first in [`UnitKind::ALL`]. A unit whose files fit no kind has none.
///
/// Problems, all errors, each naming a file in `location.file` (the name as given):
///
/// | problem | when | file | related | expected / found |
/// |---|---|---|---|---|
/// | `MixedParties` | a file's kind is sent by the other side, or its service-kind codes differ from the unit's | the file | the file the unit's side / parties come from | found: `UPPLAN (居宅 → 事業所), UPJSK (事業所 → 居宅)` or `0300000100_43 → 0300000005_11, 0300000100_43 → 0300000005_15` |
/// | `StrayMember` | a file of a kind the unit's kind does not hold | the file | – | found: the file's kind, expected: the unit's files (none when the files fit no kind of unit) |
/// | `DuplicateMember` | a second file of a kind held once, a second image with the same 枝番 | the second file | the first | found: the kind |
/// | `MixedMonths` | a file whose month differs from the unit's; a 補足 `000000` in a monthly unit; a 補足 with a month in a plan-documents unit | the file | the file the unit's month comes from | found: `unit month, file month` |
/// | `MissingMember` | a required file is absent | the unit's parent (first file in slot order) | – | expected: the kind, with the month a 補足 or 第7表 must carry |
///
/// A file has at most one of the first three; only [`MemberStatus::Belongs`] files are
/// checked for duplicates, months and missing kinds. When two files of a kind are present,
/// the one carrying the unit's month belongs (else the first).
///
/// ```
/// use careplan_bundle::{group, UnitKind};
/// use careplan_csv::FileName;
/// use careplan_model::ProblemKind;
/// let names = [
///     "UPPLAN_202501_0300000100_0300000005_20241125100000.CSV",
///     "UPHOSOKU_000000_0300000100_0300000005_20241125100000.CSV",
/// ];
/// let files = names.iter().map(|n| FileName::parse(n).map(|f| (f, *n)));
/// let units = group(files.collect::<Result<Vec<_>, _>>()?);
/// let unit = &units[0];
/// assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
/// assert!(unit.is_legacy());
/// let messages: Vec<String> = unit.problems().iter().map(|p| p.message_ja()).collect();
/// assert_eq!(messages, [
///     "送信単位に異なる対象年月 202501, 000000 が混在しています",
///     "送信単位に 第7表（サービス利用票別表） (UPSIKYU_202501) がありません",
/// ]);
/// assert_eq!(unit.problems()[1].kind, ProblemKind::MissingMember);
/// # Ok::<(), careplan_csv::Error>(())
/// ```
///
/// Writers that build several units in one run give each its own sequence number with a
/// [`SequenceAllocator`] (PITFALLS: two exports in the same second).
///
/// [`FileKind::sender`]: careplan_model::FileKind::sender
#[derive(Clone, Debug, PartialEq)]
pub struct Unit<T = usize> {
    sequence: Sequence,
    sender: Party,
    receiver: Party,
    side: Side,
    month: Option<YearMonth>,
    kind: Option<UnitKind>,
    legacy: bool,
    members: Vec<Member<T>>,
    problems: Vec<Problem>,
}

impl<T> Unit<T> {
    /// The sequence number (ファイル連番) its files share.
    pub fn sequence(&self) -> Sequence {
        self.sequence
    }

    /// The sender: office number and, when its names carry one, service-kind code.
    pub fn sender(&self) -> &Party {
        &self.sender
    }

    /// The receiver: office number and, when its names carry one, service-kind code.
    pub fn receiver(&self) -> &Party {
        &self.receiver
    }

    /// The side that sends the unit, from its files' kinds.
    pub fn side(&self) -> Side {
        self.side
    }

    /// The service month its files carry, or `None` (plan documents, 予防 plans, deletes of
    /// 第1表; a 補足 `000000` carries none).
    pub fn month(&self) -> Option<YearMonth> {
        self.month
    }

    /// The kind of unit; `None` only when no file fits any kind.
    pub fn kind(&self) -> Option<UnitKind> {
        self.kind
    }

    /// Whether every name of the unit that agrees on its parties is in the legacy (pre-4.0)
    /// form, without service-kind codes.
    pub fn is_legacy(&self) -> bool {
        self.legacy
    }

    /// Every file grouped into the unit, in the order given, whether it belongs or not.
    pub fn members(&self) -> &[Member<T>] {
        &self.members
    }

    /// The file of `kind` that belongs to the unit (the first one for images).
    pub fn member(&self, kind: FileKind) -> Option<&Member<T>> {
        self.members
            .iter()
            .find(|m| m.belongs() && m.kind() == kind)
    }

    /// The files that belong to the unit ([`MemberStatus::Belongs`]), in the order given.
    pub fn belonging(&self) -> impl Iterator<Item = &Member<T>> {
        self.members.iter().filter(|m| m.belongs())
    }

    /// The problems of its composition (see [`Unit`]); empty for a sound unit.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Takes the members, e.g. to read the files through their handles.
    pub fn into_members(self) -> Vec<Member<T>> {
        self.members
    }
}

/// Whether a name carries service-kind segments (4.1 or 4.0 form).
fn has_codes(name: &FileName) -> bool {
    name.style() != NameStyle::Legacy
}
