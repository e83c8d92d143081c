//! The parties a file's name gives (送信元 and 送信先: 事業所番号 and サービス種類コード), for
//! the rules that compare a record's items with them (第6表 No.6 is the sender in 予定; a
//! 実績 file is made per sender office and service kind …).
//!
//! The file name is parsed by the CSV crate; a reader hands its parties to the record rules
//! through [`RuleContext::parties`](crate::typed::RuleContext::parties). A party whose
//! office number is not ten digits (a typo of the standard's own examples), or a name that
//! did not parse, gives no party: the name's own problem is reported, and the records are
//! not compared with a number that is not one.

use crate::value::{OfficeNumber, ServiceKind};

/// One party of a file name: the 事業所番号 and, in 4.1 names, the サービス種類コード.
///
/// ```
/// use careplan_model::__private::NameParty;
/// let p = NameParty::parse("1310000002", Some("11")).unwrap();
/// assert_eq!(p.office.to_string(), "1310000002");
/// assert_eq!(p.kind.map(|k| k.code()), Some("11"));
/// assert!(NameParty::parse("131000000", None).is_none()); // 9 digits
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameParty {
    /// The 事業所番号.
    pub office: OfficeNumber,
    /// The サービス種類コード (`None` in a legacy or 4.0 name).
    pub kind: Option<ServiceKind>,
}

impl NameParty {
    /// The party of an office number (ten digits) and an optional service-kind code; `None`
    /// when the number is not ten digits. An unknown kind code gives a party without kind.
    pub fn parse(office: &str, kind: Option<&str>) -> Option<NameParty> {
        Some(NameParty {
            office: office.parse().ok()?,
            kind: kind.and_then(ServiceKind::new),
        })
    }
}

/// The sender and the receiver of a file, as its name gives them (both `None` when the
/// name is unknown or did not parse).
///
/// ```
/// use careplan_model::__private::{NameParties, NameParty};
/// let parties = NameParties {
///     sender: NameParty::parse("1310000001", Some("43")),
///     receiver: NameParty::parse("1310000002", Some("11")),
/// };
/// assert_eq!(parties.sender.unwrap().office.to_string(), "1310000001");
/// assert_eq!(NameParties::default().sender, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NameParties {
    /// 送信元.
    pub sender: Option<NameParty>,
    /// 送信先.
    pub receiver: Option<NameParty>,
}
