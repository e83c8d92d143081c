//! The format check of one non-empty item value: the value parsers of [`crate::value`]
//! applied without allocating, and the special values the item's layout row allows.

use crate::problem::{ProblemKind, Severity};
use crate::value::{
    date_parts, scan_integer, CsvVersion, DayMask, Decimal, EquipmentCode, Flaw, InsuredNumber,
    InsurerNumber, OfficeNumber, PhoneNumber, PostalCode, ServiceCode, ServiceKind, ServiceTime,
    YearMonth,
};

use super::format::Format;
use super::item::Item;

/// Why a value does not fit its item: the problem kind and its severity when it is not an
/// error in every mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fault {
    pub(crate) kind: ProblemKind,
    /// `None`: the mode decides (a deviation); otherwise fixed.
    pub(crate) severity: Option<Severity>,
}

impl Fault {
    const fn error(kind: ProblemKind) -> Fault {
        Fault {
            kind,
            severity: Some(Severity::Error),
        }
    }
}

/// An invalid-format fault.
const FORMAT: Fault = Fault::error(ProblemKind::InvalidFormat);

/// A year-month or date whose month or day is out of range does not exist in the calendar;
/// any other flaw is one of form.
fn calendar(flaw: Flaw) -> Fault {
    match flaw {
        Flaw::OutOfRange {
            part: "month" | "day",
            ..
        } => Fault::error(ProblemKind::InvalidDate),
        _ => FORMAT,
    }
}

/// Checks the non-empty `text` of `item` against its format.
pub(crate) fn check_format(item: &Item, text: &str) -> Result<(), Fault> {
    let checked = check_form(item, text);
    // A special value the row lists (000000, 00000000, 9999, 999999 …) is accepted as is.
    // It is looked for only when the text does not fit the format: either way the text is
    // accepted, and most texts fit.
    if checked.is_err() && item.format != Format::Code && item.value(text).is_some() {
        return Ok(());
    }
    checked
}

/// Checks `text` against the format of `item` alone (without its special values).
#[inline]
fn check_form(item: &Item, text: &str) -> Result<(), Fault> {
    let form = |ok: bool| if ok { Ok(()) } else { Err(FORMAT) };
    match item.format {
        Format::YearMonth => {
            let month = YearMonth::scan(text).map_err(calendar)?;
            if item.is_version() && !CsvVersion::new(month).is_known() {
                return Err(Fault {
                    kind: ProblemKind::UnknownVersion,
                    severity: None,
                });
            }
            Ok(())
        }
        Format::Date => date_parts(text).map(drop).map_err(calendar),
        Format::Time => form(ServiceTime::scan(text).is_ok_and(|t| !t.is_unspecified())),
        Format::Digits => {
            if item.is_office_number() {
                form(OfficeNumber::scan(text).is_ok())
            } else {
                form(text.bytes().all(|b| b.is_ascii_digit()))
            }
        }
        Format::Integer => form(scan_integer(text).is_ok()),
        Format::Code => {
            if item.value(text).is_some() {
                Ok(())
            } else {
                Err(Fault::error(ProblemKind::UnknownCode))
            }
        }
        Format::InsurerId => form(InsurerNumber::scan(text).is_ok()),
        Format::InsuredId => form(InsuredNumber::scan(text).is_ok()),
        Format::Flags31 => form(DayMask::scan(text).is_ok()),
        Format::Text => Ok(()),
        Format::Unused => Err(Fault {
            kind: ProblemKind::UnusedNotEmpty,
            severity: Some(Severity::Warning),
        }),
        Format::ServiceKind => match ServiceKind::scan(text) {
            Ok(_) => Ok(()),
            Err(Flaw::UnknownServiceKind { .. }) => Err(Fault::error(ProblemKind::UnknownCode)),
            Err(_) => Err(FORMAT),
        },
        Format::ServiceCode => match ServiceCode::scan(text) {
            Ok(ServiceCode::Service { .. }) => Ok(()),
            Ok(ServiceCode::Subtotal { subtotal, .. }) => form(item.allows_subtotal(subtotal)),
            Ok(ServiceCode::GrandTotal) => form(item.allows_grand_total()),
            Err(_) => Err(FORMAT),
        },
        Format::EquipmentCode => form(EquipmentCode::scan(text).is_ok()),
        Format::Decimal => form(Decimal::scan(text).is_ok()),
        Format::Postal => form(PostalCode::scan(text).is_ok()),
        Format::Phone => form(PhoneNumber::scan(text).is_ok()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layout;

    fn check(layout: &str, no: u16, text: &str) -> Result<(), ProblemKind> {
        let item = Layout::get(layout).unwrap().item(no).unwrap();
        check_format(item, text).map_err(|f| f.kind)
    }

    use ProblemKind::*;

    /// The special values are looked for after the format, not before: the same result.
    #[test]
    fn special_values_after_the_format_give_the_same_result() {
        let specials_first = |item: &Item, text: &str| {
            if item.format != Format::Code && !item.values.is_empty() && item.value(text).is_some()
            {
                Ok(())
            } else {
                check_form(item, text)
            }
        };
        let alphabet = ['0', '9', '1', '2', 'A', 'Z', 'H', '-', '.', 'x', '－'];
        let texts = crate::value::digits::texts(&alphabet, 4, 3, 12, 3_000);
        let layouts = Layout::all().iter().chain(
            ["TABLE6_V3", "UPSIKYU_V3"]
                .iter()
                .filter_map(|n| Layout::get(n)),
        );
        for layout in layouts {
            for item in &layout.items {
                let specials = item.values.iter().map(|v| v.key.to_string());
                for t in texts.iter().cloned().chain(specials) {
                    if t.is_empty() {
                        continue;
                    }
                    assert_eq!(
                        check_format(item, &t),
                        specials_first(item, &t),
                        "{} {} {t:?}",
                        layout.name,
                        item.no
                    );
                }
            }
        }
    }

    #[test]
    fn dates_and_months() {
        assert_eq!(check("TABLE6", 10, "20240229"), Ok(()));
        assert_eq!(check("TABLE6", 10, "20240230"), Err(InvalidDate));
        assert_eq!(check("TABLE6", 10, "2024023a"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 10, "00000000"), Err(InvalidDate));
        assert_eq!(check("UPHOSOKU", 4, "00000000"), Ok(()));
        assert_eq!(check("TABLE6", 5, "000000"), Err(InvalidDate));
        assert_eq!(check("UPHOSOKU", 63, "000000"), Ok(()));
        assert_eq!(check("UPHOSOKU", 63, "202413"), Err(InvalidDate));
    }

    #[test]
    fn versions() {
        for v in ["201910", "202003", "202208", "202504", "202407"] {
            assert_eq!(check("TABLE6", 1, v), Ok(()));
        }
        assert_eq!(check("TABLE6", 1, "202410"), Err(UnknownVersion));
        assert_eq!(check("UPYOBO", 1, "202404"), Err(UnknownVersion));
        assert_eq!(check("TABLE6", 1, "2024/7"), Err(InvalidFormat));
    }

    #[test]
    fn times() {
        assert_eq!(check("TABLE6", 12, "0000"), Ok(()));
        assert_eq!(check("TABLE6", 12, "2359"), Ok(()));
        assert_eq!(check("TABLE6", 12, "9999"), Ok(()));
        assert_eq!(check("TABLE6", 13, "2400"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 13, "1260"), Err(InvalidFormat));
        // 第3表's times list no 9999
        assert_eq!(check("UP3KYO", 8, "9999"), Err(InvalidFormat));
        assert_eq!(check("UP3KYO", 8, "0900"), Ok(()));
    }

    #[test]
    fn digits_and_office_numbers() {
        assert_eq!(check("TABLE6", 20, "0300000005"), Ok(()));
        assert_eq!(check("TABLE6", 20, "300000005"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 22, "1"), Ok(()));
        assert_eq!(check("TABLE6", 22, "01"), Ok(()));
        assert_eq!(check("TABLE6", 22, "A"), Err(InvalidFormat));
        assert_eq!(check("UPSIKYU", 35, "12345"), Ok(()));
        assert_eq!(check("UPSIKYU", 7, "9999999999"), Ok(()));
        assert_eq!(check("UPHOSOKU", 60, "123"), Err(InvalidFormat));
    }

    #[test]
    fn integers_codes_ids() {
        assert_eq!(check("TABLE6", 8, "300"), Ok(()));
        assert_eq!(check("TABLE6", 8, "-93"), Ok(()));
        assert_eq!(check("TABLE6", 8, "1.5"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 23, "0"), Ok(()));
        assert_eq!(check("TABLE6", 23, "2"), Err(UnknownCode));
        assert_eq!(check("UP1KYO", 21, "6"), Err(UnknownCode));
        assert_eq!(check("TABLE6", 2, "131045"), Ok(()));
        assert_eq!(check("TABLE6", 2, "H31045"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 3, "H123456789"), Ok(()));
        assert_eq!(check("TABLE6", 3, "0123456789"), Ok(()));
        assert_eq!(check("TABLE6", 3, "X123456789"), Err(InvalidFormat));
    }

    #[test]
    fn masks_kinds_codes() {
        let mask = "1111100000000000000000000000000";
        assert_eq!(check("TABLE6", 11, mask), Ok(()));
        assert_eq!(check("TABLE6", 11, &mask[1..]), Err(InvalidFormat));
        assert_eq!(check("UPHOSOKU", 20, "2A"), Ok(()));
        assert_eq!(check("UPHOSOKU", 20, "99"), Err(UnknownCode));
        assert_eq!(check("UPHOSOKU", 20, "2a"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 15, "111111"), Ok(()));
        assert_eq!(check("TABLE6", 15, "11AAAA"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 15, "999999"), Err(InvalidFormat));
        for code in ["111111", "11AAAA", "11EEEE", "21ZZZZ", "999999"] {
            assert_eq!(check("UPSIKYU", 9, code), Ok(()), "{code}");
        }
        assert_eq!(check("UPSIKYU", 9, "11BBBB"), Err(InvalidFormat));
    }

    #[test]
    fn other_forms() {
        assert_eq!(check("TABLE6", 16, "00001-000010"), Ok(()));
        assert_eq!(check("TABLE6", 16, "00001－000010"), Ok(()));
        assert_eq!(check("TABLE6", 16, "00001000010"), Err(InvalidFormat));
        assert_eq!(check("UPSIKYU", 23, "11.40"), Ok(()));
        assert_eq!(check("UPSIKYU", 23, "11.4"), Err(InvalidFormat));
        assert_eq!(check("UPHOSOKU", 9, "100-0001"), Ok(()));
        assert_eq!(check("UPHOSOKU", 9, "1000001"), Err(InvalidFormat));
        assert_eq!(check("UPHOSOKU", 12, "03-0000-0000"), Ok(()));
        assert_eq!(check("UPHOSOKU", 12, "03 0000 0000"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 25, "1"), Err(UnusedNotEmpty));
        assert_eq!(check("TABLE6", 21, "なんでも \"OK\""), Ok(()));
    }
}
