//! The text of a value as an item holds it, appended to a buffer as UTF-8: how typed
//! records are written. It is the text `Display` gives (unit tests compare the two), written
//! without the formatting machinery for the value types of the common items.

use std::fmt;
use std::io::Write;

use chrono::Datelike;

use super::{
    CsvVersion, Date, DayMask, Decimal, DigitCode, EquipmentCode, InsuredNumber, InsurerNumber,
    OfficeNumber, PhoneNumber, PostalCode, ServiceCode, ServiceKind, ServiceTime, TimeOfDay,
    YearMonth,
};

/// A value written in an item: [`ItemText::push_text`] appends the UTF-8 bytes of the text
/// `Display` gives. The default goes through `Display`; the types of the common items write
/// their digits directly. Used by [`typed_record!`](crate::typed_record) (every item's type
/// implements it; [`code_enum!`](crate::code_enum) implements it for each enumeration).
///
/// ```
/// use careplan_model::__private::ItemText;
/// use careplan_model::value::OfficeNumber;
/// let n: OfficeNumber = "0300000100".parse().unwrap();
/// let mut text = b"x".to_vec();
/// n.push_text(&mut text);
/// assert_eq!(text, b"x0300000100");
/// ```
#[doc(hidden)]
pub trait ItemText: fmt::Display {
    /// Whether every value's text is [plain](is_plain): ASCII without a delimiter, quote
    /// or line break (numbers, dates, codes), so that a writer need not look at it.
    const PLAIN: bool = false;

    /// Appends the value's text (the same as its `Display`), as UTF-8, to `out`.
    fn push_text(&self, out: &mut Vec<u8>) {
        let _ = write!(out, "{self}");
    }

    /// Whether `text` is the value's text (what [`push_text`](ItemText::push_text)
    /// appends); `scratch` is a buffer it may use.
    fn is_text_of(&self, text: &[u8], scratch: &mut Vec<u8>) -> bool {
        scratch.clear();
        self.push_text(scratch);
        same_bytes(scratch, text)
    }
}

/// Whether `a` and `b` hold the same bytes. The texts a writer compares are short (codes,
/// numbers, dates, names): up to 16 bytes they are compared here, without the call to the
/// C library's `memcmp` that `==` makes, which costs more than the comparison itself.
///
/// ```
/// use careplan_model::__private::same_bytes;
/// assert!(same_bytes(b"", b"") && same_bytes(b"1310000001", b"1310000001"));
/// assert!(!same_bytes(b"131000000", b"1310000001") && !same_bytes(b"20250401", b"20250402"));
/// ```
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 16 {
        return a == b;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// `text` after `prefix`, if it starts with it ([`same_bytes`] on the prefix).
#[inline]
fn strip_prefix<'a>(text: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let (head, rest) = text.split_at_checked(prefix.len())?;
    same_bytes(head, prefix).then_some(rest)
}

/// Whether `text` is ASCII without a delimiter, quote or line break (`,`, `"`, CR, LF): a
/// field a CSV writer writes as it is.
///
/// ```
/// use careplan_model::__private::is_plain;
/// assert!(is_plain("20250401") && is_plain("H123456789") && is_plain(""));
/// assert!(!is_plain("1,2") && !is_plain("a\"b") && !is_plain("ｱ"));
/// ```
#[doc(hidden)]
pub const fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b',' | b'"' | b'\r' | b'\n' | 0x80..=0xFF) {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `text` is `value` in decimal with leading zeros up to `width` digits (what
/// [`push_padded`] appends), without writing it.
#[inline]
fn is_padded(text: &[u8], value: u64, width: usize) -> bool {
    // The form written has `width` digits, or more without a leading zero; 20 at most.
    let width = width.max(1);
    if text.len() < width || text.len() > 20 || (text.len() > width && text.first() == Some(&b'0'))
    {
        return false;
    }
    if text.len() == 20 {
        // Nineteen digits never overflow a `u64`; the twentieth may.
        let number = text.iter().try_fold(0u64, |n, &b| {
            let digit = b.wrapping_sub(b'0');
            (digit <= 9)
                .then_some(n)
                .and_then(|n| n.checked_mul(10)?.checked_add(u64::from(digit)))
        });
        return number == Some(value);
    }
    // The first digits one by one, then eight at a time.
    let (head, eights) = text.split_at(text.len() % 8);
    let mut number: u64 = 0;
    for &b in head {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return false;
        }
        number = number * 10 + u64::from(digit);
    }
    for chunk in eights.chunks_exact(8) {
        match chunk.try_into().ok().and_then(eight_digits) {
            Some(eight) => number = number * 100_000_000 + eight,
            None => return false,
        }
    }
    number == value
}

/// The value of eight ASCII digits, or `None` if a byte is not one (the eight at once: the
/// bytes as a `u64`, digits combined by pairs, then fours, then eights).
fn eight_digits(chunk: [u8; 8]) -> Option<u64> {
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let x = u64::from_le_bytes(chunk);
    // Each byte 0x30–0x39: high nibble 3, and a low nibble that does not carry when 6 is
    // added.
    if x & HIGH != ZEROS || x.wrapping_add(0x0606_0606_0606_0606) & HIGH != ZEROS {
        return None;
    }
    let x = x - ZEROS;
    let x = (x.wrapping_mul(10) + (x >> 8)) & 0x00FF_00FF_00FF_00FF;
    let x = (x.wrapping_mul(100) + (x >> 16)) & 0x0000_FFFF_0000_FFFF;
    Some((x.wrapping_mul(10_000) + (x >> 32)) & 0xFFFF_FFFF)
}

/// Implements [`ItemText`] for a type written as a prefix and a zero-padded number:
/// `|value| (prefix, number, width)`.
macro_rules! padded_item_text {
    ($($t:ty => $parts:expr;)+) => {$(
        impl ItemText for $t {
            // Digits, after `-` or `H`.
            const PLAIN: bool = true;

            fn push_text(&self, out: &mut Vec<u8>) {
                let parts: fn(&$t) -> (&'static [u8], u64, usize) = $parts;
                let (prefix, number, width) = parts(self);
                out.extend_from_slice(prefix);
                push_padded(out, number, width);
            }

            #[inline]
            fn is_text_of(&self, text: &[u8], _: &mut Vec<u8>) -> bool {
                let parts: fn(&$t) -> (&'static [u8], u64, usize) = $parts;
                let (prefix, number, width) = parts(self);
                strip_prefix(text, prefix).is_some_and(|digits| is_padded(digits, number, width))
            }
        }
    )+};
}

/// `0000`, `0001` … `9999`: the four digits of every number below 10,000.
static QUADS: [u8; 40_000] = {
    let mut out = [0u8; 40_000];
    let mut n = 0;
    while n < 10_000 {
        out[4 * n] = b'0' + (n / 1000) as u8;
        out[4 * n + 1] = b'0' + (n / 100 % 10) as u8;
        out[4 * n + 2] = b'0' + (n / 10 % 10) as u8;
        out[4 * n + 3] = b'0' + (n % 10) as u8;
        n += 1;
    }
    out
};

/// Appends `value` in decimal, with leading zeros up to `width` digits (as `{:0width$}`).
#[inline]
pub(crate) fn push_padded(out: &mut Vec<u8>, value: u64, width: usize) {
    // The digits, four at a time from the right, in a buffer of zeros (20 digits at most).
    let mut digits = [b'0'; 24];
    let mut start = digits.len();
    let mut rest = value;
    let mut top = 0;
    while let (true, Some(next)) = (rest > 0, start.checked_sub(4)) {
        top = (rest % 10_000) as usize;
        rest /= 10_000;
        let quad = QUADS.get(4 * top..4 * top + 4);
        if let (Some(quad), Some(slot)) = (quad, digits.get_mut(next..start)) {
            slot.copy_from_slice(quad);
        }
        start = next;
    }
    // The top group's leading zeros are not digits of the value.
    let zeros = match top {
        0..=9 => 3,
        10..=99 => 2,
        100..=999 => 1,
        _ => 0,
    };
    let len = (digits.len() - start)
        .saturating_sub(zeros)
        .max(1)
        .max(width);
    if len > digits.len() {
        out.resize(out.len() + len - digits.len(), b'0');
    }
    out.extend_from_slice(
        digits
            .get(digits.len().saturating_sub(len)..)
            .unwrap_or_default(),
    );
}

padded_item_text! {
    u8 => |v: &u8| (b"", u64::from(*v), 1);
    u16 => |v: &u16| (b"", u64::from(*v), 1);
    u32 => |v: &u32| (b"", u64::from(*v), 1);
    u64 => |v: &u64| (b"", *v, 1);
    i8 => |v: &i8| (sign(*v < 0), u64::from(v.unsigned_abs()), 1);
    i16 => |v: &i16| (sign(*v < 0), u64::from(v.unsigned_abs()), 1);
    i32 => |v: &i32| (sign(*v < 0), u64::from(v.unsigned_abs()), 1);
    i64 => |v: &i64| (sign(*v < 0), v.unsigned_abs(), 1);
    InsurerNumber => |v: &InsurerNumber| (b"", u64::from(v.value()), 6);
    InsuredNumber => |v: &InsuredNumber| match v.is_seiho() {
        true => (b"H", v.digits(), 9),
        false => (b"", v.digits(), 10),
    };
    OfficeNumber => |v: &OfficeNumber| (b"", v.value(), 10);
    YearMonth => |v: &YearMonth| (b"", u64::from(v.year()) * 100 + u64::from(v.month()), 6);
    CsvVersion => |v: &CsvVersion| {
        let ym = v.year_month();
        (b"", u64::from(ym.year()) * 100 + u64::from(ym.month()), 6)
    };
    TimeOfDay => |v: &TimeOfDay| (b"", u64::from(v.hour()) * 100 + u64::from(v.minute()), 4);
}

/// The sign written before a number.
fn sign(negative: bool) -> &'static [u8] {
    if negative {
        b"-"
    } else {
        b""
    }
}

impl ItemText for Date {
    // Digits (and a `-` before a year before 0).
    const PLAIN: bool = true;

    fn push_text(&self, out: &mut Vec<u8>) {
        let d = self.naive();
        match u64::try_from(d.year()) {
            // `{:04}{:02}{:02}`: the month and day always take two digits.
            Ok(year) => push_padded(
                out,
                year * 10_000 + u64::from(d.month()) * 100 + u64::from(d.day()),
                8,
            ),
            // A year before 0 (never read from a file): as `Display` writes it.
            Err(_) => {
                let _ = write!(out, "{self}");
            }
        }
    }

    #[inline]
    fn is_text_of(&self, text: &[u8], scratch: &mut Vec<u8>) -> bool {
        let d = self.naive();
        match u64::try_from(d.year()) {
            Ok(year) => is_padded(
                text,
                year * 10_000 + u64::from(d.month()) * 100 + u64::from(d.day()),
                8,
            ),
            Err(_) => {
                scratch.clear();
                self.push_text(scratch);
                scratch.as_slice() == text
            }
        }
    }
}

impl ItemText for ServiceTime {
    // Digits.
    const PLAIN: bool = true;

    fn push_text(&self, out: &mut Vec<u8>) {
        match self {
            ServiceTime::At(t) => t.push_text(out),
            ServiceTime::Unspecified => out.extend_from_slice(ServiceTime::UNSPECIFIED.as_bytes()),
        }
    }

    #[inline]
    fn is_text_of(&self, text: &[u8], scratch: &mut Vec<u8>) -> bool {
        match self {
            ServiceTime::At(t) => t.is_text_of(text, scratch),
            ServiceTime::Unspecified => same_bytes(text, ServiceTime::UNSPECIFIED.as_bytes()),
        }
    }
}

impl ItemText for ServiceKind {
    fn push_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.code().as_bytes());
    }
}

impl ItemText for ServiceCode {
    fn push_text(&self, out: &mut Vec<u8>) {
        match self {
            ServiceCode::Service { kind, item } => {
                out.extend_from_slice(kind.code().as_bytes());
                push_padded(out, u64::from(item.value()), 4);
            }
            ServiceCode::Subtotal { kind, subtotal } => {
                out.extend_from_slice(kind.code().as_bytes());
                out.extend_from_slice(subtotal.suffix().as_bytes());
            }
            ServiceCode::GrandTotal => out.extend_from_slice(ServiceCode::GRAND_TOTAL.as_bytes()),
        }
    }

    #[inline]
    fn is_text_of(&self, text: &[u8], _: &mut Vec<u8>) -> bool {
        match self {
            ServiceCode::Service { kind, item } => strip_prefix(text, kind.code().as_bytes())
                .is_some_and(|digits| is_padded(digits, u64::from(item.value()), 4)),
            ServiceCode::Subtotal { kind, subtotal } => strip_prefix(text, kind.code().as_bytes())
                .is_some_and(|rest| same_bytes(rest, subtotal.suffix().as_bytes())),
            ServiceCode::GrandTotal => same_bytes(text, ServiceCode::GRAND_TOTAL.as_bytes()),
        }
    }
}

impl ItemText for EquipmentCode {
    fn push_text(&self, out: &mut Vec<u8>) {
        push_padded(out, u64::from(self.left()), 5);
        out.extend_from_slice(self.hyphen().as_char().encode_utf8(&mut [0; 4]).as_bytes());
        push_padded(out, u64::from(self.right()), 6);
    }
}

impl ItemText for DayMask {
    // `0` and `1`.
    const PLAIN: bool = true;

    fn push_text(&self, out: &mut Vec<u8>) {
        for day in 1..=31 {
            out.push(if self.day(day) { b'1' } else { b'0' });
        }
    }
}

impl ItemText for DigitCode {
    fn push_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_str().as_bytes());
    }
}

impl ItemText for PhoneNumber {
    fn push_text(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.as_str().as_bytes());
    }
}

impl ItemText for PostalCode {}
impl ItemText for Decimal {}
impl ItemText for crate::hosoku::PlanDate {}
impl ItemText for crate::hosoku::TargetMonth {}

#[cfg(test)]
mod tests {
    use super::*;

    /// `same_bytes` answers as `==` does, for every pair of short strings that differ in one
    /// byte at any place, and for longer ones.
    #[test]
    fn same_bytes_is_equality() {
        for len in 0..40usize {
            let a: Vec<u8> = (0..len).map(|i| b'0' + (i % 10) as u8).collect();
            assert!(same_bytes(&a, &a.clone()));
            for at in 0..len {
                for flip in [1u8, 0x80, 0xFF] {
                    let mut b = a.clone();
                    b[at] ^= flip;
                    assert!(!same_bytes(&a, &b), "{len} {at} {flip}");
                }
            }
            assert!(!same_bytes(&a, &a[..len.saturating_sub(1)]) || len == 0);
        }
    }

    /// The item text of `value` is its `Display` text, and parses back to `value` (so a
    /// typed record may keep an item read with the same text without parsing it).
    fn same<T: ItemText + std::str::FromStr + PartialEq + fmt::Debug>(value: &T) {
        let mut bytes = b"<".to_vec();
        value.push_text(&mut bytes);
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(text, format!("<{value}"));
        assert!(!T::PLAIN || is_plain(&text), "{text:?} is not plain");
        assert_eq!(
            text.get(1..).and_then(|t| t.parse().ok()).as_ref(),
            Some(value)
        );
        // `is_text_of` is true of that text alone.
        let canonical = value.to_string();
        let mut scratch = Vec::new();
        let mut candidates = vec![
            canonical.clone(),
            format!("0{canonical}"),
            format!("{canonical}0"),
            format!("-{canonical}"),
            format!("H{canonical}"),
            format!("+{canonical}"),
            format!(" {canonical}"),
            canonical.replace('0', "1"),
            canonical.replace('9', "8"),
            canonical.replacen('H', "", 1),
            canonical.replacen('-', "", 1),
            "99999999999999999999999".to_string(),
            String::new(),
        ];
        candidates
            .extend((1..canonical.len()).filter_map(|i| canonical.get(i..).map(str::to_string)));
        candidates
            .extend((1..canonical.len()).filter_map(|i| canonical.get(..i).map(str::to_string)));
        for candidate in candidates {
            assert_eq!(
                value.is_text_of(candidate.as_bytes(), &mut scratch),
                candidate == canonical,
                "{candidate:?} for {canonical:?}"
            );
        }
    }

    /// A deterministic run of numbers across every magnitude (xorshift, shifted).
    fn numbers() -> impl Iterator<Item = u64> {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        (0..4000).map(move |i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x >> (i % 64)
        })
    }

    #[test]
    fn eight_digits_at_once_are_read_as_one_by_one() {
        let one_by_one = |chunk: [u8; 8]| {
            chunk.iter().try_fold(0u64, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
            })
        };
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..200_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Mostly digits, with one byte anywhere from 0x00 to 0xFF now and then.
            let mut chunk = *format!("{:08}", x % 100_000_000)
                .as_bytes()
                .first_chunk()
                .unwrap();
            if i % 3 == 0 {
                chunk[(x >> 40) as usize % 8] = (x >> 48) as u8;
            }
            assert_eq!(eight_digits(chunk), one_by_one(chunk), "{chunk:?}");
        }
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut chunk = *b"12345678";
                chunk[at] = b;
                assert_eq!(eight_digits(chunk), one_by_one(chunk), "{chunk:?}");
            }
        }
    }

    #[test]
    fn integers_are_written_as_display_writes_them() {
        for n in numbers().chain([0, 1, 9, 10, u64::MAX]) {
            same(&n);
            same(&(n as u32));
            same(&(n as u8));
            same(&(n as u16));
            same(&(n as i64));
            same(&(n as i32));
            same(&(n as i8));
            same(&(n as i16));
            for width in 0..=30 {
                let mut text = Vec::new();
                push_padded(&mut text, n, width);
                assert_eq!(text, format!("{n:0width$}").into_bytes());
            }
        }
        for n in [i64::MIN, i64::MIN + 1, -1, i64::MAX] {
            same(&n);
        }
    }

    #[test]
    fn value_types_are_written_as_display_writes_them() {
        for n in numbers() {
            if let Some(v) = InsurerNumber::new((n % 1_000_000) as u32) {
                same(&v);
            }
            if let Some(v) = InsuredNumber::insured(n % 10_000_000_000) {
                same(&v);
            }
            if let Some(v) = InsuredNumber::seiho((n % 1_000_000_000) as u32) {
                same(&v);
            }
            if let Some(v) = OfficeNumber::new(n % 10_000_000_000) {
                same(&v);
            }
            let days = (0..31u8).filter(|d| n >> d & 1 == 1).map(|d| d + 1);
            if let Some(v) = DayMask::from_days(days) {
                same(&v);
            }
            let (left, right) = ((n % 100_000) as u32, (n >> 20) as u32 % 1_000_000);
            for hyphen in [super::super::Hyphen::Ascii, super::super::Hyphen::FullWidth] {
                if let Some(v) = EquipmentCode::new(left, right, hyphen) {
                    same(&v);
                }
            }
        }
        for year in [0u16, 1, 999, 2025, 9999] {
            for month in 1..=12 {
                if let Some(ym) = YearMonth::new(year, month) {
                    same(&ym);
                    same(&CsvVersion::new(ym));
                }
                for day in [1, 9, 10, 28, 31] {
                    if let Some(d) = Date::from_ymd(year, month, day) {
                        same(&d);
                    }
                }
            }
        }
        for hour in 0..24 {
            for minute in 0..60 {
                if let Some(t) = TimeOfDay::new(hour, minute) {
                    same(&t);
                    same(&ServiceTime::At(t));
                }
            }
        }
        same(&ServiceTime::Unspecified);
        for text in [
            "111111", "2A1111", "A21234", "170000", "171007", "17AAAA", "67EEEE", "21ZZZZ",
            "999999",
        ] {
            let code = text.parse::<ServiceCode>().unwrap();
            same(&code);
            if let Some(kind) = code.kind() {
                same(&kind);
            }
        }
        for text in ["0", "01", "0003"] {
            same(&text.parse::<DigitCode>().unwrap());
        }
        same(&"03-1234-5678".parse::<PhoneNumber>().unwrap());
        same(&"123-4567".parse::<PostalCode>().unwrap());
    }
}
