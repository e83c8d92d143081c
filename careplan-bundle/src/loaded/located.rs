//! Typed records with the file and position they were read at, for problems that name
//! both files and lines.

use careplan_csv::Parsed;
use careplan_model::hosoku::HosokuRecord;
use careplan_model::plan1::Plan1Record;
use careplan_model::plan2::Plan2Record;
use careplan_model::plan3::Plan3Record;
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::yobo_kihon::KihonRecord;
use careplan_model::yobo_kihon_sub2::KihonSub2Record;
use careplan_model::yobo_plan::YoboPlanRecord;
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::{
    AnyRecord, KihonDeleteRecord, KihonSub1Record, Location, Plan1DeleteRecord, Position, Problem,
    TypedRecord, UsagePlanDeleteRecord, UsageResultDeleteRecord, YoboPlanDeleteRecord,
};

use super::file::LoadedFile;

/// A typed record that can be borrowed out of an [`AnyRecord`].
///
/// Implemented for the typed record of every file kind.
///
/// ```
/// use careplan_bundle::FromAny;
/// use careplan_model::table6::Table6Record;
/// use careplan_model::{AnyRecord, FileKind, RawRecord, UsagePlanDeleteRecord};
/// let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504"]);
/// let any = AnyRecord::from_raw(FileKind::UsagePlanDelete, &raw).unwrap();
/// assert!(UsagePlanDeleteRecord::from_any(&any).is_some());
/// assert!(Table6Record::from_any(&any).is_none());
/// ```
pub trait FromAny: TypedRecord + 'static {
    /// The record, when `any` holds one of this type.
    fn from_any(any: &AnyRecord) -> Option<&Self>;
}

macro_rules! from_any {
    ($($variant:ident($ty:ty)),+ $(,)?) => {
        $(
            impl FromAny for $ty {
                fn from_any(any: &AnyRecord) -> Option<&Self> {
                    match any {
                        AnyRecord::$variant(r) => Some(r),
                        _ => None,
                    }
                }
            }
        )+
    };
}

from_any! {
    Hosoku(HosokuRecord),
    Table6(Table6Record),
    Table7(Table7Record),
    UsagePlanDelete(UsagePlanDeleteRecord),
    UsageResultDelete(UsageResultDeleteRecord),
    Plan1(Plan1Record),
    Plan1Delete(Plan1DeleteRecord),
    Plan2(Plan2Record),
    Plan3(Plan3Record),
    YoboKihon(KihonRecord),
    YoboKihonSub1(KihonSub1Record),
    YoboKihonSub2(KihonSub2Record),
    YoboKihonDelete(KihonDeleteRecord),
    YoboPlan(YoboPlanRecord),
    YoboPlanSub(YoboPlanSubRecord),
    YoboPlanDelete(YoboPlanDeleteRecord),
}

/// The position of a record as read: its origin's for a typed record, its own for a raw
/// one (the default position, line 0, for a record built in memory).
pub(crate) fn position_of(parsed: &Parsed<AnyRecord>) -> Position {
    match parsed {
        Parsed::Typed { record, .. } => record.origin().map(|o| o.position()),
        Parsed::Raw { record, .. } => Some(record.position()),
        _ => None,
    }
    .unwrap_or_default()
}

/// A typed record with the file it was read from and its position there.
///
/// ```
/// use careplan_bundle::LoadedFile;
/// use careplan_model::{Mode, Plan1DeleteRecord};
/// let file = LoadedFile::read(
///     "in/DLT1KYO_0300000100_43_0300000005_11_20250401093000.CSV",
///     b"202407,131001,0000012345,20250301\r\n".to_vec(),
///     Mode::Strict,
/// )?;
/// let rec = file.typed::<Plan1DeleteRecord>().next().unwrap();
/// assert_eq!(rec.line(), 1);
/// assert_eq!(rec.record.key().to_string(), "131001/0000012345/20250301");
/// assert_eq!(rec.describe(), "in/DLT1KYO_0300000100_43_0300000005_11_20250401093000.CSV:1");
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Located<'a, T> {
    /// The file the record was read from.
    pub file: &'a LoadedFile,
    /// Where in the file.
    pub position: Position,
    /// The record.
    pub record: &'a T,
    /// The problems the file reader found in the record.
    pub problems: &'a [Problem],
}

impl<'a, T> Located<'a, T> {
    /// The 1-based line.
    pub fn line(&self) -> u64 {
        self.position.line()
    }

    /// The record's location: file (as displayed), kind, line and record number.
    pub fn location(&self) -> Location {
        self.file.location(self.position)
    }

    /// `FILE:LINE`, for messages.
    pub fn describe(&self) -> String {
        format!("{}:{}", self.file.display(), self.line())
    }

    /// Whether the reader found an error in item No. `no` of the record.
    pub fn has_error_at(&self, no: u16) -> bool {
        self.problems
            .iter()
            .any(|p| p.is_error() && p.location.item.is_some_and(|i| i.no == no))
    }
}
