//! `Item` and `CodeValue`: one row of a layout table.

use crate::problem::ItemRef;
use crate::value::SubtotalKind;

use super::format::Format;

/// One `key:meaning` pair of an item's `values` column: a code of a `code` item, or a
/// special value another format allows (`9999:時間表示の無いサービス`).
///
/// ```
/// use careplan_model::Layout;
/// let sex = Layout::get("UPHOSOKU").unwrap().item(7).unwrap();
/// assert_eq!(sex.values[0].key, "1");
/// assert_eq!(sex.values[0].meaning, "男性");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CodeValue {
    /// The value as written in the file.
    pub key: &'static str,
    /// What it means, as the standard says.
    pub meaning: &'static str,
}

impl CodeValue {
    /// A pair.
    pub(crate) const fn new(key: &'static str, meaning: &'static str) -> CodeValue {
        CodeValue { key, meaning }
    }
}

/// Facts about an item the engine needs on every record, worked out once from the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Rule {
    /// A `digits` item holding a 10-digit 事業所番号: exactly ten digits.
    pub(crate) office_number: bool,
    /// Which 第7表 subtotal forms the `service_code` item allows.
    pub(crate) subtotals: [bool; 3],
    /// Whether the `service_code` item allows `999999`.
    pub(crate) grand_total: bool,
    /// Item No.1 CSVバージョン.
    pub(crate) version: bool,
    /// The longest unquoted value, in bytes, the engine's quick check looks at (the
    /// length, `u16::MAX` where none is given; 0 for free text, which is quoted and checked
    /// on its text).
    pub(crate) quick_max: u16,
    /// Free text without a length: a quoted value is accepted as it is (the format check of
    /// `text` accepts any text, and its quoting is the standard's), without looking at it.
    pub(crate) quick_text: bool,
}

/// One item (column) of a layout: its No., Japanese name, length, whether it is required,
/// its format, its codes or special values, and the standard's notes.
///
/// The fields state the standard's table. What the checks need on every record (the
/// longest value looked at on its bytes, whether a `digits` item is a 事業所番号 …) is
/// worked out from them when the layout is built: the checks of a layout read from the
/// crate follow its fields, but a copy whose fields are set afterwards is not checked by
/// the new values.
///
/// ```
/// use careplan_model::{Format, Layout};
/// let item = Layout::get("TABLE6").unwrap().item(10).unwrap();
/// assert_eq!(item.name, "サービス利用日");
/// assert_eq!(item.length, Some(8));
/// assert!(item.required);
/// assert_eq!(item.format, Format::Date);
/// assert!(!item.is_text());
/// assert_eq!(item.item_ref().no, 10);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Item {
    /// The item No. in the standard (1-based; the CSV column is `no - 1`).
    pub no: u16,
    /// The Japanese name as the standard gives it.
    pub name: &'static str,
    /// The maximum length in characters, or `None` where the standard gives none (`―`).
    pub length: Option<u16>,
    /// Whether the standard marks the item required (○).
    pub required: bool,
    /// How the value is written.
    pub format: Format,
    /// The codes of a `code` item, or the special values another format allows.
    pub values: Vec<CodeValue>,
    /// What the standard says about the item, restated.
    pub notes: &'static str,
    pub(crate) rule: Rule,
}

/// Whether a `digits` item named so holds a 10-digit 事業所番号.
///
/// Decision: a `digits` item of length 10 whose name contains 業者 (…事業者コード,
/// …業者コード, 同意書受付業者), 事業所コード or 事業所番号 must have exactly ten digits; the
/// layouts' notes call each of them a 事業所番号. Other `digits` items (サテライト枝番,
/// 第7表 No.35 入力者コード) need digits only, up to their length.
fn is_office_number(name: &str, format: Format, length: Option<u16>) -> bool {
    format == Format::Digits
        && length == Some(10)
        && ["業者", "事業所コード", "事業所番号"]
            .iter()
            .any(|w| name.contains(w))
}

/// The longest unquoted value the engine's quick check looks at: see [`Rule::quick_max`].
fn quick_max(format: Format, length: Option<u16>) -> u16 {
    match (format, length) {
        (Format::Text, _) => 0,
        (_, Some(max)) => max,
        (_, None) => u16::MAX,
    }
}

impl Item {
    /// An item. Facts the engine derives from the row (office numbers, special forms) are
    /// worked out here.
    pub(crate) fn new(
        no: u16,
        name: &'static str,
        length: Option<u16>,
        required: bool,
        format: Format,
        values: Vec<CodeValue>,
        notes: &'static str,
    ) -> Item {
        let mut rule = Rule {
            office_number: is_office_number(name, format, length),
            version: no == 1 && name == "CSVバージョン",
            quick_max: quick_max(format, length),
            quick_text: format == Format::Text && length.is_none(),
            ..Rule::default()
        };
        if format == Format::ServiceCode {
            for (i, k) in SubtotalKind::ALL.iter().enumerate() {
                if let Some(allowed) = rule.subtotals.get_mut(i) {
                    *allowed = values.iter().any(|v| v.key == k.pattern());
                }
            }
            rule.grand_total = values.iter().any(|v| v.key == "999999");
        }
        Item {
            no,
            name,
            length,
            required,
            format,
            values,
            notes,
            rule,
        }
    }

    /// Sets the item's length (a 3.x layout's own), with what the engine derives from it.
    pub(crate) fn set_length(&mut self, length: Option<u16>) {
        self.length = length;
        self.rule.quick_max = quick_max(self.format, length);
        self.rule.quick_text = self.format == Format::Text && length.is_none();
    }

    /// The same item under another No. (the 3.x layouts renumber items).
    pub(crate) fn renumbered(&self, no: u16) -> Item {
        Item { no, ..self.clone() }
    }

    /// The 0-based CSV column.
    #[doc(hidden)]
    pub fn column(&self) -> usize {
        usize::from(self.no).saturating_sub(1)
    }

    /// Whether the item is free text, which the standard writes between double quotes.
    pub fn is_text(&self) -> bool {
        self.format.is_text()
    }

    /// The item as problems name it: No. and Japanese name.
    pub fn item_ref(&self) -> ItemRef {
        ItemRef {
            no: self.no,
            name: self.name,
        }
    }

    /// The code or special value written `key`, if the item lists it.
    pub fn value(&self, key: &str) -> Option<&CodeValue> {
        self.values.iter().find(|v| v.key == key)
    }

    /// Whether the engine's quick check may look at an unquoted value of `len` bytes: not
    /// free text, and no longer than the item's length.
    #[inline(always)]
    pub(crate) fn quick(&self, quoted: bool, len: usize) -> bool {
        !quoted && len <= usize::from(self.rule.quick_max)
    }

    /// Whether a quoted value of the item is accepted without a look at it: free text
    /// without a length (see [`Rule::quick_text`]).
    #[inline(always)]
    pub(crate) fn quick_text(&self, quoted: bool) -> bool {
        quoted && self.rule.quick_text
    }

    /// Whether the item is No.1 CSVバージョン.
    #[doc(hidden)]
    pub fn is_version(&self) -> bool {
        self.rule.version
    }

    /// Whether the item holds a 10-digit 事業所番号 (see the decision at `is_office_number`
    /// in the source: `digits`, length 10, named …業者…, …事業所コード or …事業所番号).
    #[doc(hidden)]
    pub fn is_office_number(&self) -> bool {
        self.rule.office_number
    }

    /// Whether a `service_code` item allows the 第7表 subtotal form `kind`.
    #[doc(hidden)]
    pub fn allows_subtotal(&self, kind: SubtotalKind) -> bool {
        SubtotalKind::ALL
            .iter()
            .position(|k| *k == kind)
            .and_then(|i| self.rule.subtotals.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// Whether a `service_code` item allows `999999` (全合計).
    #[doc(hidden)]
    pub fn allows_grand_total(&self) -> bool {
        self.rule.grand_total
    }

    /// What the item expects, as problems state it, in a language-neutral notation: the
    /// codes of a `code` item (`1|0`), or the format's [notation](Format::notation) with the
    /// special values the item allows (`HHMM|9999`, `NNNNNNNNNN` for a 事業所番号).
    #[doc(hidden)]
    pub fn expected(&self) -> String {
        if self.format == Format::Code {
            return self
                .values
                .iter()
                .map(|v| v.key)
                .collect::<Vec<_>>()
                .join("|");
        }
        let mut out = if self.rule.office_number {
            "NNNNNNNNNN".to_string()
        } else {
            self.format.notation().to_string()
        };
        for v in &self.values {
            if !out.is_empty() {
                out.push('|');
            }
            out.push_str(v.key);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &'static str, length: Option<u16>, format: Format, values: &'static str) -> Item {
        let values = values
            .split(';')
            .filter_map(|p| p.split_once(':'))
            .map(|(k, m)| CodeValue::new(k, m))
            .collect();
        Item::new(2, name, length, false, format, values, "")
    }

    #[test]
    fn office_numbers_by_name() {
        for name in [
            "サービス事業者コード",
            "更新業者コード",
            "プラン担当業者コード",
            "同意書受付業者",
            "事業所コード",
            "サービス事業所コード",
        ] {
            assert!(
                item(name, Some(10), Format::Digits, "").is_office_number(),
                "{name}"
            );
        }
        assert!(!item("入力者コード", Some(10), Format::Digits, "").is_office_number());
        assert!(!item("サテライト枝番", Some(2), Format::Digits, "").is_office_number());
        assert!(!item("サービス事業者コード", Some(10), Format::Text, "").is_office_number());
    }

    /// What the engine derives from an item's length is the item's, in the 3.x layouts too
    /// (第7表 No.13 回数／日数 of length 2).
    #[test]
    fn quick_lengths_are_the_items_lengths() {
        let layouts = crate::layout::Layout::all().iter().chain(
            ["TABLE6_V3", "UPSIKYU_V3"]
                .iter()
                .filter_map(|n| crate::layout::Layout::get(n)),
        );
        for layout in layouts {
            for item in &layout.items {
                assert_eq!(
                    item.rule.quick_max,
                    quick_max(item.format, item.length),
                    "{} No.{}",
                    layout.name,
                    item.no
                );
                assert_eq!(
                    item.rule.quick_text,
                    item.format == Format::Text && item.length.is_none(),
                    "{} No.{}",
                    layout.name,
                    item.no
                );
            }
        }
    }

    #[test]
    fn expected_words() {
        let code = item("x", Some(1), Format::Code, "1:該当;0:非該当");
        assert_eq!(code.expected(), "1|0");
        let time = item("x", Some(4), Format::Time, "9999:時間表示の無いサービス");
        assert_eq!(time.expected(), "HHMM|9999");
        let office = item("サービス事業者コード", Some(10), Format::Digits, "");
        assert_eq!(office.expected(), "NNNNNNNNNN");
    }

    #[test]
    fn service_code_forms() {
        let code = item(
            "サービスコード",
            Some(6),
            Format::ServiceCode,
            "xxAAAA:a;xxZZZZ:z;999999:t",
        );
        assert!(code.allows_subtotal(SubtotalKind::Limit));
        assert!(!code.allows_subtotal(SubtotalKind::OutsideLimit));
        assert!(code.allows_subtotal(SubtotalKind::Over30Days));
        assert!(code.allows_grand_total());
        let plain = item("サービスコード", Some(6), Format::ServiceCode, "");
        assert!(!plain.allows_grand_total());
        assert_eq!(plain.column(), 1);
    }
}
