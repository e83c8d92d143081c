//! What a receiver holds, entry by entry: each keyed by the sender's office and the spec's
//! key, with the sequence number of the unit it came in.

use careplan_csv::Sequence;
use careplan_model::hosoku::HosokuRecord;
use careplan_model::plan1::{Plan1Record, PlanKey};
use careplan_model::plan2::Plan2Record;
use careplan_model::plan3::Plan3Record;
use careplan_model::table6::Table6Record;
use careplan_model::table7::Table7Record;
use careplan_model::value::OfficeNumber;
use careplan_model::yobo_kihon::{KihonKey, KihonRecord};
use careplan_model::yobo_kihon_sub2::KihonSub2Record;
use careplan_model::yobo_plan::{YoboPlanKey, YoboPlanRecord};
use careplan_model::yobo_plan_sub::YoboPlanSubRecord;
use careplan_model::KihonSub1Record;
use serde::Serialize;

use crate::keys::{ResultKey, UserMonthKey};

/// A care plan held: its 第1表, 第2表 rows, 第3表 rows and 利用者補足情報, as the last plan
/// set naming its key sent them.
///
/// ```
/// use careplan_bundle::{FileSet, ReceiverState};
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "UP1KYO_0300000100_43_0300000005_11_20250301100000.CSV",
///     b"202407,131001,0000012345,20250301,,\"\",\"\",\"A\",\"B\",,\"\",\"\",0300000100,20250301,20240401,,,,,,,\"\",\"\",\"\",,\"\",0300000100,\r\n".to_vec(),
/// )?;
/// let mut state = ReceiverState::new();
/// state.apply_all(&set.units());
/// let plan = state.plans().next().unwrap();
/// assert_eq!(plan.key.to_string(), "131001/0000012345/20250301");
/// assert_eq!(plan.sender.to_string(), "0300000100");
/// assert!(plan.plan1.is_some() && plan.plan2.is_empty() && plan.hosoku.is_none());
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HeldPlan {
    /// The sender's office.
    pub sender: OfficeNumber,
    /// The plan's key.
    pub key: PlanKey,
    /// The sequence number of the unit it came in.
    pub sequence: Sequence,
    /// The 第1表 (absent when the set sent rows of the plan without it).
    pub plan1: Option<Plan1Record>,
    /// The 第2表 rows, in the order sent.
    pub plan2: Vec<Plan2Record>,
    /// The 第3表 rows, in the order sent.
    pub plan3: Vec<Plan3Record>,
    /// The 利用者補足情報 linked to the plan.
    pub hosoku: Option<HosokuRecord>,
}

/// A user's service ticket (提供票) for a month: the 第6表 予定 rows, the 第7表 rows and the
/// 利用者補足情報, as the last service-ticket unit naming the user-month sent them.
///
/// ```
/// use careplan_bundle::{FileSet, ReceiverState};
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "UPPLAN_202504_0300000100_43_0300000005_11_20250325100000.CSV",
///     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000100,\r\n".to_vec(),
/// )?;
/// let mut state = ReceiverState::new();
/// state.apply_all(&set.units());
/// let ticket = state.tickets().next().unwrap();
/// assert_eq!(ticket.key.to_string(), "131001/0000012345/202504");
/// assert_eq!(ticket.table6.len(), 1);
/// assert!(ticket.table7.is_empty(), "the unit lacked its 第7表");
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HeldTicket {
    /// The sender's office.
    pub sender: OfficeNumber,
    /// The user-month.
    pub key: UserMonthKey,
    /// The sequence number of the unit it came in.
    pub sequence: Sequence,
    /// The 第6表 予定 rows (every provider's services).
    pub table6: Vec<Table6Record>,
    /// The 第7表 rows.
    pub table7: Vec<Table7Record>,
    /// The 利用者補足情報 of the month.
    pub hosoku: Option<HosokuRecord>,
}

/// A provider's 実績 for a user's month and service kind, as last sent.
///
/// ```
/// use careplan_bundle::{FileSet, ReceiverState};
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "UPJSK_202504_0300000005_11_0300000100_43_20250501090000.CSV",
///     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000005,\r\n".to_vec(),
/// )?;
/// let mut state = ReceiverState::new();
/// state.apply_all(&set.units());
/// let result = state.results().next().unwrap();
/// assert_eq!(result.key.to_string(), "131001/0000012345/202504/0300000005/11");
/// assert_eq!(result.rows.len(), 1);
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HeldResult {
    /// The sender's office (the provider).
    pub sender: OfficeNumber,
    /// User-month, office and kind.
    pub key: ResultKey,
    /// The sequence number of the unit it came in.
    pub sequence: Sequence,
    /// The 実績 rows.
    pub rows: Vec<Table6Record>,
}

/// A family-structure image held with its 利用者基本情報.
///
/// See [`HeldKihon`] for an example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HeldImage {
    /// The file name (upper case, as in the standard).
    pub name: String,
    /// The JPEG bytes (not serialized).
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// A 利用者基本情報 held with its 別表1, 別表2 rows and images.
///
/// ```
/// use careplan_bundle::{FileSet, ReceiverState};
/// let image = "UPKIHON_IMAGE_0300000100_43_0300000005_11_20250401100000_0001.JPG";
/// let mut items = vec![""; 71];
/// items[..5].copy_from_slice(&["202407", "131001", "0000012345", "20250401", "1"]);
/// items[7] = "01";
/// items[15] = "2";
/// items[16] = "19400101";
/// items[22] = "12";
/// items[61] = image;
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "UPKIHON_0300000100_43_0300000005_11_20250401100000.CSV",
///     format!("{}\r\n", items.join(",")).into_bytes(),
/// )?;
/// set.add_bytes(image, b"\xFF\xD8".to_vec())?;
/// let mut state = ReceiverState::new();
/// state.apply_all(&set.units());
/// let kihon = state.kihon().next().unwrap();
/// assert_eq!(kihon.key.to_string(), "131001/0000012345/20250401");
/// assert_eq!(kihon.images[0].name, image);
/// assert_eq!(kihon.images[0].bytes, b"\xFF\xD8");
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HeldKihon {
    /// The sender's office.
    pub sender: OfficeNumber,
    /// 保険者番号 + 被保険者番号 + 相談日.
    pub key: KihonKey,
    /// The sequence number of the unit it came in.
    pub sequence: Sequence,
    /// The 利用者基本情報.
    pub kihon: Option<KihonRecord>,
    /// The 別表1 rows.
    pub sub1: Vec<KihonSub1Record>,
    /// The 別表2 rows.
    pub sub2: Vec<KihonSub2Record>,
    /// The images its No.62 names that came with it.
    pub images: Vec<HeldImage>,
}

/// A 介護予防サービス・支援計画書 held with its 別表 rows.
///
/// ```
/// use careplan_bundle::{FileSet, ReceiverState};
/// let mut plan = vec![""; 57];
/// plan[..5].copy_from_slice(&["202407", "131001", "0000012345", "20250401", "1"]);
/// let mut sub = vec![""; 17];
/// sub[..5].copy_from_slice(&["202407", "131001", "0000012345", "20250401", "1"]);
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "UPYOBO_0300000100_43_0300000005_11_20250401100000.CSV",
///     format!("{}\r\n", plan.join(",")).into_bytes(),
/// )?;
/// set.add_bytes(
///     "UPYOBO_SUB_0300000100_43_0300000005_11_20250401100000.CSV",
///     format!("{}\r\n", sub.join(",")).into_bytes(),
/// )?;
/// let mut state = ReceiverState::new();
/// state.apply_all(&set.units());
/// let held = state.yobo_plans().next().unwrap();
/// assert!(held.plan.is_some());
/// assert_eq!(held.sub.len(), 1);
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct HeldYoboPlan {
    /// The sender's office.
    pub sender: OfficeNumber,
    /// 保険者番号 + 被保険者番号 + 計画作成(変更)日.
    pub key: YoboPlanKey,
    /// The sequence number of the unit it came in.
    pub sequence: Sequence,
    /// The 支援計画書.
    pub plan: Option<YoboPlanRecord>,
    /// The 別表 rows.
    pub sub: Vec<YoboPlanSubRecord>,
}

impl HeldPlan {
    pub(crate) fn new(sender: OfficeNumber, key: PlanKey, sequence: Sequence) -> HeldPlan {
        HeldPlan {
            sender,
            key,
            sequence,
            plan1: None,
            plan2: Vec::new(),
            plan3: Vec::new(),
            hosoku: None,
        }
    }
}

impl HeldTicket {
    pub(crate) fn new(sender: OfficeNumber, key: UserMonthKey, sequence: Sequence) -> HeldTicket {
        HeldTicket {
            sender,
            key,
            sequence,
            table6: Vec::new(),
            table7: Vec::new(),
            hosoku: None,
        }
    }
}

impl HeldResult {
    pub(crate) fn new(sender: OfficeNumber, key: ResultKey, sequence: Sequence) -> HeldResult {
        HeldResult {
            sender,
            key,
            sequence,
            rows: Vec::new(),
        }
    }
}

impl HeldKihon {
    pub(crate) fn new(sender: OfficeNumber, key: KihonKey, sequence: Sequence) -> HeldKihon {
        HeldKihon {
            sender,
            key,
            sequence,
            kihon: None,
            sub1: Vec::new(),
            sub2: Vec::new(),
            images: Vec::new(),
        }
    }
}

impl HeldYoboPlan {
    pub(crate) fn new(sender: OfficeNumber, key: YoboPlanKey, sequence: Sequence) -> HeldYoboPlan {
        HeldYoboPlan {
            sender,
            key,
            sequence,
            plan: None,
            sub: Vec::new(),
        }
    }
}
