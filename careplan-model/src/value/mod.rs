//! Value types of the standard: each one holds only valid data, parses from and prints to
//! the form the standard writes (`FromStr` / `Display`), and serializes as that string.
//!
//! The layout engine ([`Layout`](crate::Layout)) checks items with these same parsers, so every
//! format has one definition. A parse error ([`ParseError`]) says which part of the text is
//! wrong ([`Flaw`]).
//!
//! ```
//! use careplan_model::value::{ServiceCode, ServiceTime, YearMonth};
//! let month: YearMonth = "202502".parse().unwrap();
//! assert_eq!(month.days_in_month(), 28);
//! assert_eq!("9999".parse::<ServiceTime>().unwrap(), ServiceTime::Unspecified);
//! let code: ServiceCode = "171007".parse().unwrap();
//! assert!(code.kind().unwrap().is_welfare_equipment());
//! ```

mod code;
mod date;
mod day_mask;
mod decimal;
pub(crate) mod digits;
mod equipment;
mod error;
mod insured;
mod insurer;
mod integer;
pub(crate) mod item_text;
mod office;
mod phone;
mod postal;
mod service_code;
mod service_kind;
mod time;
mod user;
mod version;
mod year_month;

pub use code::{Applicable, CareLevel, CertificationStatus, Code, DigitCode, PlanCategory, Sex};
pub use date::Date;
pub use day_mask::DayMask;
pub use decimal::Decimal;
pub use equipment::{EquipmentCode, Hyphen};
pub use error::{Flaw, ParseError};
pub use insured::InsuredNumber;
pub use insurer::InsurerNumber;
pub(crate) use item_text::{is_plain, same_bytes, ItemText};
pub use office::OfficeNumber;
pub use phone::PhoneNumber;
pub use postal::PostalCode;
pub use service_code::{ServiceCode, ServiceItemCode, SubtotalKind};
pub use service_kind::{Benefit, Scope, ServiceKind};
pub use time::{ServiceTime, TimeOfDay};
pub use user::{UserKey, UserMonthKey};
pub use version::{CsvVersion, Generation};
pub use year_month::YearMonth;

pub(crate) use code::code_enum;
pub(crate) use date::{date_parts, date_parts_fast};
pub(crate) use integer::{scan_integer, scan_integer_fast};
#[cfg(test)]
pub(crate) use service_kind::SERVICE_KINDS_TSV;

/// Implements `Serialize` (as the `Display` string) and `Deserialize` (through `FromStr`).
macro_rules! serde_as_string {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$t, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use serde_as_string;
