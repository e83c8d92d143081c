//! What applying a unit changed.

use std::fmt;

use careplan_csv::{Party, Sequence};
use careplan_model::plan1::PlanKey;
use careplan_model::value::OfficeNumber;
use careplan_model::yobo_kihon::KihonKey;
use careplan_model::yobo_plan::YoboPlanKey;
use careplan_model::{Location, Problem};
use serde::Serialize;

use crate::keys::{ResultKey, UserMonthKey};
use crate::unit::UnitKind;

/// An entry of a [`ReceiverState`](super::ReceiverState): what is held, from which sender.
///
/// ```
/// use careplan_bundle::HeldKey;
/// use careplan_model::value::UserMonthKey;
/// use careplan_model::value::OfficeNumber;
/// let key = HeldKey::Ticket {
///     sender: "0300000100".parse::<OfficeNumber>()?,
///     key: UserMonthKey::new("131001".parse().unwrap(), "0000012345".parse().unwrap(), "202504".parse().unwrap()),
/// };
/// assert_eq!(key.to_string(), "提供票（第6表・第7表） 131001/0000012345/202504 from 0300000100");
/// # Ok::<(), careplan_model::value::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "held", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HeldKey {
    /// A care plan (第1表 and its 第2表, 第3表, 補足).
    Plan {
        /// The sender's office.
        sender: OfficeNumber,
        /// The plan's key.
        key: PlanKey,
    },
    /// A service ticket (第6表 予定, 第7表, 補足) of a user-month.
    Ticket {
        /// The sender's office.
        sender: OfficeNumber,
        /// The user-month.
        key: UserMonthKey,
    },
    /// A provider's 実績 of a user-month and kind.
    Result {
        /// The sender's office.
        sender: OfficeNumber,
        /// User-month, office, kind.
        key: ResultKey,
    },
    /// A 利用者基本情報 (with its 別表 and images).
    Kihon {
        /// The sender's office.
        sender: OfficeNumber,
        /// Its key.
        key: KihonKey,
    },
    /// A 介護予防サービス・支援計画書 (with its 別表).
    YoboPlan {
        /// The sender's office.
        sender: OfficeNumber,
        /// Its key.
        key: YoboPlanKey,
    },
}

impl HeldKey {
    /// What is held, in Japanese.
    pub fn name_ja(&self) -> &'static str {
        match self {
            HeldKey::Plan { .. } => "居宅サービス計画（第1表・第2表・第3表）",
            HeldKey::Ticket { .. } => "提供票（第6表・第7表）",
            HeldKey::Result { .. } => "実績",
            HeldKey::Kihon { .. } => "利用者基本情報",
            HeldKey::YoboPlan { .. } => "介護予防サービス・支援計画書",
        }
    }

    /// The sender's office.
    pub fn sender(&self) -> OfficeNumber {
        match self {
            HeldKey::Plan { sender, .. }
            | HeldKey::Ticket { sender, .. }
            | HeldKey::Result { sender, .. }
            | HeldKey::Kihon { sender, .. }
            | HeldKey::YoboPlan { sender, .. } => *sender,
        }
    }
}

impl fmt::Display for HeldKey {
    /// `提供票（第6表・第7表） 131001/0000012345/202504 from 0300000100`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.name_ja())?;
        match self {
            HeldKey::Plan { key, .. } => write!(f, "{key}")?,
            HeldKey::Ticket { key, .. } => write!(f, "{key}")?,
            HeldKey::Result { key, .. } => write!(f, "{key}")?,
            HeldKey::Kihon { key, .. } => write!(f, "{key}")?,
            HeldKey::YoboPlan { key, .. } => write!(f, "{key}")?,
        }
        write!(f, " from {}", self.sender())
    }
}

/// What happened to an entry.
///
/// ```
/// use careplan_bundle::Action;
/// assert_eq!(serde_json::to_value(Action::Replaced).unwrap(), "replaced");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// The entry was not held and is now.
    Added,
    /// The entry was held and was replaced by the one sent.
    Replaced,
    /// The entry was held and was deleted.
    Deleted,
}

/// One change a unit made.
///
/// See [`ApplyReport`] for an example.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// What happened.
    pub action: Action,
    /// To which entry.
    pub key: HeldKey,
}

/// What applying one unit did: the entries it added, replaced and deleted, and what it
/// could not do.
///
/// ```
/// use careplan_bundle::{Action, ReceiverState};
/// use careplan_bundle::FileSet;
/// use careplan_model::ProblemKind;
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "DLTPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV",
///     b"202407,131001,0000012345,202504\r\n".to_vec(),
/// )?;
/// let mut state = ReceiverState::new();
/// let report = state.apply(&set.units()[0]);
/// assert!(report.applied);
/// assert_eq!(report.keys(Action::Deleted).count(), 0);
/// // Nothing was held to delete: a warning at the record.
/// assert_eq!(report.problems[0].kind, ProblemKind::MissingParent);
/// assert_eq!(report.problems[0].location.line, Some(1));
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ApplyReport {
    /// The unit's sequence number.
    pub sequence: Sequence,
    /// The unit's sender.
    pub sender: Party,
    /// The unit's receiver.
    pub receiver: Party,
    /// The unit's kind (none: nothing was applied).
    pub kind: Option<UnitKind>,
    /// Whether the unit was applied (not when it has no kind or is addressed to another
    /// office than the state's).
    pub applied: bool,
    /// The changes, in the order made.
    pub changes: Vec<Change>,
    /// Warnings (a delete of something not held) and why a unit was not applied.
    pub problems: Vec<Problem>,
    /// The records that could not be typed and were not applied.
    pub not_applied: Vec<Location>,
}

impl ApplyReport {
    /// The keys of the changes of one action.
    pub fn keys(&self, action: Action) -> impl Iterator<Item = &HeldKey> {
        self.changes
            .iter()
            .filter(move |c| c.action == action)
            .map(|c| &c.key)
    }
}
