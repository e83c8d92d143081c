//! The format check of one non-empty item value: the value parsers of [`crate::value`]
//! applied without allocating, and the special values the item's layout row allows.

use crate::problem::{ProblemKind, Severity};
use crate::value::{
    date_parts, date_parts_fast, scan_integer, scan_integer_fast, CsvVersion, DayMask, Decimal,
    EquipmentCode, Flaw, InsuredNumber, InsurerNumber, OfficeNumber, PhoneNumber, PostalCode,
    ServiceCode, ServiceKind, ServiceTime, TimeOfDay, YearMonth,
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

/// What the format check of an item found its text to hold: the value its format's parser
/// gave, kept so that the typed view takes it instead of parsing the text again.
///
/// It is the parser's value whether or not the item accepts it (an unknown CSVバージョン,
/// `9999` where no special value is listed, a subtotal form the item does not allow): a
/// typed record takes values as their types parse them, and the layout's problems are
/// reported all the same. [`Scanned::Empty`] for an empty text; `None` for a too long
/// text, a text the parser rejects, a code the item does not list, and the formats whose
/// values are not kept (free text, digit codes, postal codes, telephone numbers).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scanned {
    /// Nothing kept.
    #[default]
    None,
    /// An empty text.
    Empty,
    /// A `yyyymm` item.
    YearMonth(YearMonth),
    /// A `yyyymmdd` item: a day of the calendar.
    Date {
        /// The year.
        year: u16,
        /// The month, 1–12.
        month: u8,
        /// The day of the month.
        day: u8,
    },
    /// An `hhmm` item (`9999` included).
    Time(ServiceTime),
    /// A `digits` item holding a 事業所番号.
    Office(OfficeNumber),
    /// An `integer` item.
    Integer {
        /// Its value.
        value: i64,
        /// Whether it was written with `-` (`-0` included).
        negative: bool,
    },
    /// An `insurer_id` item.
    Insurer(InsurerNumber),
    /// An `insured_id` item.
    Insured(InsuredNumber),
    /// A `flags31` item.
    DayMask(DayMask),
    /// A `service_kind` item.
    ServiceKind(ServiceKind),
    /// A `service_code` item (subtotal and total forms included).
    ServiceCode(ServiceCode),
    /// An `equipment_code` item.
    EquipmentCode(EquipmentCode),
    /// A `decimal` item.
    Decimal(Decimal),
    /// A `code` item holding one of its layout's keys: the key.
    Code(&'static str),
}

/// Checks the non-empty `text` of `item` against its format, and writes what its format's
/// parser found in it to `found` (left as it is when it found nothing).
#[inline(always)]
pub(crate) fn check_format(item: &Item, text: &str, found: &mut Scanned) -> Result<(), Fault> {
    let checked = check_form(item, text, found);
    // A special value the row lists (000000, 00000000, 9999, 999999 …) is accepted as is.
    // It is looked for only when the text does not fit the format: either way the text is
    // accepted, and most texts fit.
    if checked.is_err() && item.format != Format::Code && item.value(text).is_some() {
        return Ok(());
    }
    checked
}

/// The usual item the quick way: whether the non-empty `bytes` of `item`, of the item's
/// length at most, are a text that [`check_format`] accepts as it is, writing to `found`
/// what it would write. `false` says nothing: the text may still be accepted (a special
/// value, a full-width hyphen, a format not looked at here) or not, and [`check_format`]
/// decides from the text. What is accepted here is ASCII or a code's key, and such a range
/// of a record's text begins and ends between characters: it is the item's text.
#[inline(always)]
pub(crate) fn check_fast(item: &Item, bytes: &[u8], found: &mut Scanned) -> bool {
    /// Writes the value found, if any, in its form of [`Scanned`].
    #[inline(always)]
    fn put<T>(v: Option<T>, found: &mut Scanned, scanned: impl FnOnce(T) -> Scanned) -> bool {
        match v {
            Some(v) => {
                *found = scanned(v);
                true
            }
            None => false,
        }
    }
    match item.format {
        Format::Integer => put(scan_integer_fast(bytes), found, |value| Scanned::Integer {
            value,
            negative: bytes.first() == Some(&b'-'),
        }),
        Format::Digits => {
            if item.is_office_number() {
                put(OfficeNumber::scan_fast(bytes), found, Scanned::Office)
            } else {
                // Nothing kept.
                bytes.iter().all(u8::is_ascii_digit)
            }
        }
        Format::Date => put(date_parts_fast(bytes), found, |(year, month, day)| {
            Scanned::Date { year, month, day }
        }),
        Format::YearMonth => {
            let month = YearMonth::scan_fast(bytes)
                .filter(|m| !item.is_version() || CsvVersion::new(*m).is_known());
            put(month, found, Scanned::YearMonth)
        }
        Format::Time => put(TimeOfDay::scan_fast(bytes), found, |t| {
            Scanned::Time(ServiceTime::At(t))
        }),
        // Nothing kept. Bytes equal to a key are that key's text: they begin and end
        // between characters.
        Format::Code => {
            let key = item.values.iter().find(|v| v.key.as_bytes() == bytes);
            put(key, found, |v| Scanned::Code(v.key))
        }
        Format::InsurerId => put(InsurerNumber::scan_fast(bytes), found, Scanned::Insurer),
        Format::InsuredId => put(InsuredNumber::scan_fast(bytes), found, Scanned::Insured),
        Format::ServiceKind => {
            let kind = match *bytes {
                [a, b] => ServiceKind::lookup(a, b),
                _ => None,
            };
            put(kind, found, Scanned::ServiceKind)
        }
        Format::ServiceCode => {
            let code = ServiceCode::scan_fast(bytes).filter(|code| match *code {
                ServiceCode::Service { .. } => true,
                ServiceCode::Subtotal { subtotal, .. } => item.allows_subtotal(subtotal),
                ServiceCode::GrandTotal => item.allows_grand_total(),
            });
            put(code, found, Scanned::ServiceCode)
        }
        Format::Decimal => put(Decimal::scan_fast(bytes), found, Scanned::Decimal),
        Format::Flags31
        | Format::Text
        | Format::Unused
        | Format::EquipmentCode
        | Format::Postal
        | Format::Phone => false,
    }
}

/// Checks `text` against the format of `item` alone (without its special values).
#[inline(always)]
fn check_form(item: &Item, text: &str, found: &mut Scanned) -> Result<(), Fault> {
    let form = |ok: bool| if ok { Ok(()) } else { Err(FORMAT) };
    /// The check of a parser whose value is kept when the text fits.
    #[inline(always)]
    fn keep<T>(
        r: Result<T, Flaw>,
        found: &mut Scanned,
        scanned: impl FnOnce(T) -> Scanned,
    ) -> Result<(), Fault> {
        match r {
            Ok(v) => {
                *found = scanned(v);
                Ok(())
            }
            Err(_) => Err(FORMAT),
        }
    }
    match item.format {
        Format::YearMonth => {
            let month = YearMonth::scan(text).map_err(calendar)?;
            *found = Scanned::YearMonth(month);
            if item.is_version() && !CsvVersion::new(month).is_known() {
                return Err(Fault {
                    kind: ProblemKind::UnknownVersion,
                    severity: None,
                });
            }
            Ok(())
        }
        Format::Date => {
            let (year, month, day) = date_parts(text).map_err(calendar)?;
            *found = Scanned::Date { year, month, day };
            Ok(())
        }
        Format::Time => {
            let t = ServiceTime::scan(text).map_err(|_| FORMAT)?;
            *found = Scanned::Time(t);
            form(!t.is_unspecified())
        }
        Format::Digits => {
            if item.is_office_number() {
                keep(OfficeNumber::scan(text), found, Scanned::Office)
            } else {
                form(text.bytes().all(|b| b.is_ascii_digit()))
            }
        }
        Format::Integer => keep(scan_integer(text), found, |value| Scanned::Integer {
            value,
            negative: text.as_bytes().first() == Some(&b'-'),
        }),
        Format::Code => match item.value(text) {
            Some(v) => {
                *found = Scanned::Code(v.key);
                Ok(())
            }
            None => Err(Fault::error(ProblemKind::UnknownCode)),
        },
        Format::InsurerId => keep(InsurerNumber::scan(text), found, Scanned::Insurer),
        Format::InsuredId => keep(InsuredNumber::scan(text), found, Scanned::Insured),
        Format::Flags31 => keep(DayMask::scan(text), found, Scanned::DayMask),
        Format::Text => Ok(()),
        Format::Unused => Err(Fault {
            kind: ProblemKind::UnusedNotEmpty,
            severity: Some(Severity::Warning),
        }),
        Format::ServiceKind => match ServiceKind::scan(text) {
            Ok(kind) => {
                *found = Scanned::ServiceKind(kind);
                Ok(())
            }
            Err(Flaw::UnknownServiceKind { .. }) => Err(Fault::error(ProblemKind::UnknownCode)),
            Err(_) => Err(FORMAT),
        },
        Format::ServiceCode => {
            let code = ServiceCode::scan(text).map_err(|_| FORMAT)?;
            *found = Scanned::ServiceCode(code);
            match code {
                ServiceCode::Service { .. } => Ok(()),
                ServiceCode::Subtotal { subtotal, .. } => form(item.allows_subtotal(subtotal)),
                ServiceCode::GrandTotal => form(item.allows_grand_total()),
            }
        }
        Format::EquipmentCode => keep(EquipmentCode::scan(text), found, Scanned::EquipmentCode),
        Format::Decimal => keep(Decimal::scan(text), found, Scanned::Decimal),
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
        check_format(item, text, &mut Scanned::None).map_err(|f| f.kind)
    }

    use ProblemKind::*;

    /// Texts of the shapes the formats take, right and wrong.
    fn shaped_texts() -> Vec<String> {
        use crate::value::digits::texts;
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let alphabet = [
            '0', '1', '9', '2', '-', '+', 'H', 'A', 'E', 'Z', '.', '－', ' ',
        ];
        let mut out = texts(&alphabet, 4, 3, 14, 20_000);
        for _ in 0..20_000 {
            let len = usize::try_from(next(21)).unwrap();
            let digits: String = (0..len)
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect();
            out.push(digits.clone());
            out.push(format!("-{digits}"));
            out.push(format!("{:04}{:02}{:02}", next(10_000), next(14), next(33)));
            out.push(format!("{:04}{:02}", next(10_000), next(14)));
            out.push(format!("{:02}{:02}", next(26), next(61)));
            let hyphen = if next(2) == 0 { '-' } else { '－' };
            out.push(format!(
                "{:05}{hyphen}{:06}",
                next(100_000),
                next(1_000_000)
            ));
            out.push(format!("{}.{:02}", next(1000), next(100)));
            let mask: String = (0..31)
                .map(|_| if next(2) == 0 { '0' } else { '1' })
                .collect();
            out.push(mask);
        }
        for s in [
            "-0",
            "+5",
            "+0",
            "4294967295",
            "4294967296",
            "65535",
            "65536",
            "255",
            "256",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "9999",
            "0000",
            "2400",
            "00000000",
            "000000",
            "11AAAA",
            "17EEEE",
            "21ZZZZ",
            "999999",
            "111111",
            "H123456789",
            "0123456789",
            "9999999999",
            "131001",
            "1.00",
            "01.5",
        ] {
            out.push(s.to_string());
        }
        out
    }

    /// What the engine finds in an item is what the value types parse from its text.
    #[test]
    fn values_found_equal_the_values_parsed() {
        use crate::hosoku::{PlanDate, TargetMonth};
        use crate::typed::ItemValue;
        use crate::value::*;
        fn same<T: ItemValue + std::fmt::Debug>(scanned: &Scanned, text: &str) -> bool {
            match T::from_scanned(scanned) {
                Some(v) => {
                    T::from_str(text).ok().map(|p| format!("{p:?}")) == Some(format!("{v:?}"))
                }
                None => true,
            }
        }
        let texts = shaped_texts();
        let layouts = Layout::all().iter().chain(
            ["TABLE6_V3", "UPSIKYU_V3"]
                .iter()
                .filter_map(|n| Layout::get(n)),
        );
        let mut items: Vec<&Item> = Vec::new();
        for layout in layouts {
            for item in &layout.items {
                // One item of each form is enough.
                let form = (
                    item.format,
                    item.is_office_number(),
                    item.is_version(),
                    &item.values,
                );
                if !items
                    .iter()
                    .any(|i| (i.format, i.is_office_number(), i.is_version(), &i.values) == form)
                {
                    items.push(item);
                }
            }
        }
        let mut found = 0;
        for item in items {
            for t in texts.iter().filter(|t| !t.is_empty()) {
                let mut s = Scanned::None;
                let _ = check_format(item, t, &mut s);
                if matches!(s, Scanned::None | Scanned::Empty) {
                    continue;
                }
                found += 1;
                let ok = same::<CsvVersion>(&s, t)
                    && same::<YearMonth>(&s, t)
                    && same::<TargetMonth>(&s, t)
                    && same::<Date>(&s, t)
                    && same::<PlanDate>(&s, t)
                    && same::<ServiceTime>(&s, t)
                    && same::<TimeOfDay>(&s, t)
                    && same::<OfficeNumber>(&s, t)
                    && same::<InsurerNumber>(&s, t)
                    && same::<InsuredNumber>(&s, t)
                    && same::<DayMask>(&s, t)
                    && same::<ServiceKind>(&s, t)
                    && same::<ServiceCode>(&s, t)
                    && same::<EquipmentCode>(&s, t)
                    && same::<Decimal>(&s, t)
                    && same::<i64>(&s, t)
                    && same::<i32>(&s, t)
                    && same::<u32>(&s, t)
                    && same::<u16>(&s, t)
                    && same::<u8>(&s, t)
                    && same::<Applicable>(&s, t)
                    && same::<Sex>(&s, t)
                    && same::<CareLevel>(&s, t)
                    && same::<CertificationStatus>(&s, t)
                    && same::<PlanCategory>(&s, t)
                    && same::<crate::yobo_kihon::ConsultationMethod>(&s, t)
                    && same::<crate::plan2::InsuranceCoverage>(&s, t);
                assert!(ok, "{} {t:?} {s:?}", item.name);
            }
        }
        assert!(found > 100_000, "{found}");
    }

    /// What the quick way accepts, the text's check accepts too, finding the same value in
    /// it; and the quick way takes most texts of the usual shapes.
    #[test]
    fn the_quick_check_accepts_what_the_check_accepts_with_the_same_value() {
        let mut texts = shaped_texts();
        texts.extend(
            [
                "111111", "11AAAA", "11EEEE", "21ZZZZ", "999999", "1", "0", "2A", "99",
            ]
            .map(String::from),
        );
        let layouts = Layout::all().iter().chain(
            ["TABLE6_V3", "UPSIKYU_V3"]
                .iter()
                .filter_map(|n| Layout::get(n)),
        );
        let (mut quick, mut accepted) = (0, 0);
        for layout in layouts {
            for item in &layout.items {
                for t in texts.iter().filter(|t| !t.is_empty()) {
                    let mut slow = Scanned::None;
                    let ok = check_format(item, t, &mut slow).is_ok();
                    let mut fast = Scanned::None;
                    if check_fast(item, t.as_bytes(), &mut fast) {
                        assert!(ok, "{} No.{} {t:?}", layout.name, item.no);
                        assert_eq!(fast, slow, "{} No.{} {t:?}", layout.name, item.no);
                        quick += 1;
                    }
                    accepted += usize::from(ok && !matches!(item.format, Format::Text));
                }
            }
        }
        assert!(quick > accepted / 2, "{quick} of {accepted}");
    }

    /// The special values are looked for after the format, not before: the same result.
    #[test]
    fn special_values_after_the_format_give_the_same_result() {
        let specials_first = |item: &Item, text: &str| {
            if item.format != Format::Code && !item.values.is_empty() && item.value(text).is_some()
            {
                Ok(())
            } else {
                check_form(item, text, &mut Scanned::None)
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
                        check_format(item, &t, &mut Scanned::None),
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
        // 24:00: the standard only says HHMM, and 第3表's axis ends at 24:00 (issue 13).
        assert_eq!(check("TABLE6", 13, "2400"), Ok(()));
        assert_eq!(check("UP3KYO", 9, "2400"), Ok(()));
        assert_eq!(check("TABLE6", 13, "2401"), Err(InvalidFormat));
        assert_eq!(check("TABLE6", 13, "2500"), Err(InvalidFormat));
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
