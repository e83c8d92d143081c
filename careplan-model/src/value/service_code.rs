//! `ServiceCode`: the 6-character サービスコード, and 第7表's subtotal and total forms.

use std::fmt;
use std::str::FromStr;

use super::digits;
use super::error::{Flaw, ParseError};
use super::service_kind::ServiceKind;

/// The 4-digit item part of a service code (サービス項目コード), 0000–9999.
///
/// ```
/// use careplan_model::value::ServiceItemCode;
/// let item = ServiceItemCode::new(1007).unwrap();
/// assert_eq!(item.to_string(), "1007");
/// assert_eq!(ServiceItemCode::new(10000), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceItemCode(u16);

impl ServiceItemCode {
    /// The item code from its value, or `None` above 9999.
    pub const fn new(value: u16) -> Option<ServiceItemCode> {
        if value <= 9999 {
            Some(ServiceItemCode(value))
        } else {
            None
        }
    }

    /// The value.
    pub const fn value(self) -> u16 {
        self.0
    }
}

impl fmt::Display for ServiceItemCode {
    /// Four digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

/// Which subtotal a 第7表 subtotal row holds (the last four characters of its code).
///
/// ```
/// use careplan_model::value::SubtotalKind;
/// assert_eq!(SubtotalKind::Limit.suffix(), "AAAA");
/// assert_eq!(SubtotalKind::from_suffix("ZZZZ"), Some(SubtotalKind::Over30Days));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubtotalKind {
    /// `xxAAAA`: services under the 区分支給限度 limit (required when the kind has more than
    /// one service-code row).
    Limit,
    /// `xxEEEE`: services outside the 区分支給限度 limit (optional).
    OutsideLimit,
    /// `xxZZZZ`: the part beyond 30 days (30日超過分, optional).
    Over30Days,
}

impl SubtotalKind {
    /// All three, in the order above.
    pub const ALL: [SubtotalKind; 3] = [
        SubtotalKind::Limit,
        SubtotalKind::OutsideLimit,
        SubtotalKind::Over30Days,
    ];

    /// The four letters (`AAAA`, `EEEE`, `ZZZZ`).
    pub const fn suffix(self) -> &'static str {
        match self {
            SubtotalKind::Limit => "AAAA",
            SubtotalKind::OutsideLimit => "EEEE",
            SubtotalKind::Over30Days => "ZZZZ",
        }
    }

    /// The kind with these four letters.
    pub fn from_suffix(s: &str) -> Option<SubtotalKind> {
        SubtotalKind::ALL.into_iter().find(|k| k.suffix() == s)
    }

    /// The pattern as the layout's `values` column writes it (`xxAAAA`).
    pub(crate) const fn pattern(self) -> &'static str {
        match self {
            SubtotalKind::Limit => "xxAAAA",
            SubtotalKind::OutsideLimit => "xxEEEE",
            SubtotalKind::Over30Days => "xxZZZZ",
        }
    }
}

/// A サービスコード: a service kind (2 characters from the table of service kinds) and a
/// 4-digit item code (`111111`, `171007`, `2A1111`, `A21111`); or, in 第7表 only, a subtotal
/// (`xxAAAA`, `xxEEEE`, `xxZZZZ`) or the grand total (`999999`).
///
/// Parsing accepts every form; the layout engine accepts the subtotal and total forms only
/// in the items whose layout lists them (第7表 No.9).
///
/// ```
/// use careplan_model::value::{ServiceCode, ServiceKind, SubtotalKind};
/// let c: ServiceCode = "171007".parse().unwrap();
/// assert_eq!(c.kind(), ServiceKind::new("17"));
/// assert_eq!(c.item().map(|i| i.value()), Some(1007));
/// let s: ServiceCode = "11AAAA".parse().unwrap();
/// assert_eq!(s, ServiceCode::Subtotal { kind: ServiceKind::new("11").unwrap(), subtotal: SubtotalKind::Limit });
/// assert_eq!("999999".parse::<ServiceCode>().unwrap(), ServiceCode::GrandTotal);
/// assert_eq!(s.to_string(), "11AAAA");
/// assert!("991111".parse::<ServiceCode>().is_err()); // 99 is not a service kind
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServiceCode {
    /// A service: kind + item.
    Service {
        /// The service kind (the first two characters).
        kind: ServiceKind,
        /// The item code (the last four digits).
        item: ServiceItemCode,
    },
    /// A 第7表 subtotal row of a kind.
    Subtotal {
        /// The service kind.
        kind: ServiceKind,
        /// Which subtotal.
        subtotal: SubtotalKind,
    },
    /// `999999`: the 第7表 grand-total row (全合計).
    GrandTotal,
}

impl ServiceCode {
    /// The number of characters.
    pub const LEN: usize = 6;

    /// The text of [`ServiceCode::GrandTotal`].
    pub const GRAND_TOTAL: &'static str = "999999";

    /// The service kind (`None` for the grand total).
    pub const fn kind(self) -> Option<ServiceKind> {
        match self {
            ServiceCode::Service { kind, .. } | ServiceCode::Subtotal { kind, .. } => Some(kind),
            ServiceCode::GrandTotal => None,
        }
    }

    /// The item code of a service (`None` for a subtotal or the total).
    pub const fn item(self) -> Option<ServiceItemCode> {
        match self {
            ServiceCode::Service { item, .. } => Some(item),
            _ => None,
        }
    }

    /// Whether it is a subtotal or the grand total.
    pub const fn is_special(self) -> bool {
        !matches!(self, ServiceCode::Service { .. })
    }

    /// Parses without allocating.
    pub(crate) fn scan(s: &str) -> Result<ServiceCode, Flaw> {
        match ServiceCode::scan_fast(s.as_bytes()) {
            Some(code) => Ok(code),
            None => ServiceCode::scan_careful(s),
        }
    }

    /// The fast path of [`ServiceCode::scan`], on the text's bytes: `None` for any flaw.
    #[inline(always)]
    pub(crate) fn scan_fast(bytes: &[u8]) -> Option<ServiceCode> {
        let &[a, b, c, d, e, f] = bytes else {
            return None;
        };
        if bytes == b"999999" {
            return Some(ServiceCode::GrandTotal);
        }
        let kind = ServiceKind::lookup(a, b)?;
        let subtotal = match [c, d, e, f] {
            [b'A', b'A', b'A', b'A'] => Some(SubtotalKind::Limit),
            [b'E', b'E', b'E', b'E'] => Some(SubtotalKind::OutsideLimit),
            [b'Z', b'Z', b'Z', b'Z'] => Some(SubtotalKind::Over30Days),
            _ => None,
        };
        if let Some(subtotal) = subtotal {
            return Some(ServiceCode::Subtotal { kind, subtotal });
        }
        let (hi, lo) = (digits::two(c, d)?, digits::two(e, f)?);
        let item = ServiceItemCode(u16::from(hi) * 100 + u16::from(lo));
        Some(ServiceCode::Service { kind, item })
    }

    /// [`ServiceCode::scan`] step by step, for the flaw of a text the fast path rejected.
    #[cold]
    #[inline(never)]
    fn scan_careful(s: &str) -> Result<ServiceCode, Flaw> {
        digits::check_len(s, ServiceCode::LEN)?;
        if s == ServiceCode::GRAND_TOTAL {
            return Ok(ServiceCode::GrandTotal);
        }
        let kind = ServiceKind::scan_at(s, 0)?;
        if let Some(subtotal) = s.get(2..).and_then(SubtotalKind::from_suffix) {
            return Ok(ServiceCode::Subtotal { kind, subtotal });
        }
        let item = digits::digits(s, 2, s.len())?;
        Ok(ServiceCode::Service {
            kind,
            item: ServiceItemCode(u16::try_from(item).unwrap_or(0)),
        })
    }
}

impl fmt::Display for ServiceCode {
    /// Six characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceCode::Service { kind, item } => write!(f, "{kind}{item}"),
            ServiceCode::Subtotal { kind, subtotal } => write!(f, "{kind}{}", subtotal.suffix()),
            ServiceCode::GrandTotal => f.write_str(ServiceCode::GRAND_TOTAL),
        }
    }
}

impl FromStr for ServiceCode {
    type Err = ParseError;

    /// Parses a service code, a subtotal code or `999999`.
    fn from_str(s: &str) -> Result<ServiceCode, ParseError> {
        ServiceCode::scan(s)
            .map_err(|flaw| ParseError::new("サービスコード (service code)", s, flaw))
    }
}

super::serde_as_string!(ServiceCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_scan_equals_the_careful_scan() {
        let alphabet = ['1', '7', '9', 'A', 'E', 'Z', '0', 'B', 'a', '-', '１'];
        for s in digits::texts(&alphabet, 6, 4, 8, 300_000) {
            assert_eq!(
                ServiceCode::scan(&s),
                ServiceCode::scan_careful(&s),
                "{s:?}"
            );
        }
        for kind in ServiceKind::all() {
            for rest in [
                "0000", "1234", "9999", "AAAA", "EEEE", "ZZZZ", "AAAZ", "12A4",
            ] {
                let s = format!("{kind}{rest}");
                assert_eq!(
                    ServiceCode::scan(&s),
                    ServiceCode::scan_careful(&s),
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn every_form() {
        for s in [
            "111111", "2A1111", "A21234", "170000", "17AAAA", "67EEEE", "21ZZZZ", "999999",
        ] {
            assert_eq!(s.parse::<ServiceCode>().unwrap().to_string(), s);
        }
        let c: ServiceCode = "21ZZZZ".parse().unwrap();
        assert!(c.is_special());
        assert_eq!(c.item(), None);
        assert_eq!(ServiceCode::GrandTotal.kind(), None);
    }

    #[test]
    fn rejects_with_the_part() {
        assert_eq!(
            "11111".parse::<ServiceCode>().unwrap_err().into_kind(),
            Flaw::Length {
                expected: 6,
                found: 5
            }
        );
        assert_eq!(
            "1111A1".parse::<ServiceCode>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 5,
                found: 'A',
                expected: "a digit"
            }
        );
        assert_eq!(
            "11AAAB".parse::<ServiceCode>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 3,
                found: 'A',
                expected: "a digit"
            }
        );
        assert_eq!(
            "xxAAAA".parse::<ServiceCode>().unwrap_err().into_kind(),
            Flaw::Character {
                position: 1,
                found: 'x',
                expected: "a digit or an upper-case letter"
            }
        );
        assert_eq!(
            "991111".parse::<ServiceCode>().unwrap_err().into_kind(),
            Flaw::UnknownServiceKind { found: ['9', '9'] }
        );
    }

    #[test]
    fn serde() {
        let c: ServiceCode = serde_json::from_str("\"11AAAA\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"11AAAA\"");
    }
}
