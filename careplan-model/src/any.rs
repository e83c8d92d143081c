//! [`AnyRecord`]: the typed record of any file kind, for code that handles every kind
//! (readers, `inspect`, the JSON bridge). Each variant is the typed record of one module.

use serde::{Deserialize, Serialize};

use crate::kind::FileKind;
use crate::problem::Problem;
use crate::record::RawRecord;
#[allow(unused_imports)] // used once a kind has rules across records
use crate::typed::FileRules;
use crate::typed::{RuleContext, TypedRecord};
use crate::value::CsvVersion;

/// What to do with the typed record of a record, whatever its type: see
/// [`AnyRecord::with_items`].
#[doc(hidden)]
pub trait WithTyped {
    /// What it gives.
    type Output;
    /// The record was typed.
    fn typed<T: TypedRecord + 'static>(self, record: T) -> Self::Output
    where
        AnyRecord: From<T>;
    /// The record was not typed: item No. `item` (of the 4.x layout), when known, does not
    /// hold a value of its type.
    fn not_typed(self, item: Option<u16>) -> Self::Output;
}

/// The type of a variant of [`AnyRecord`] holding a `$ty` (boxed, for the large records),
/// how one is made of a `$ty` (`@new`) and how the `$ty` is taken out (`@take`).
macro_rules! held {
    ($ty:ty) => { $ty };
    ($ty:ty, boxed) => { Box<$ty> };
    (@new $r:ident) => { $r };
    (@new $r:ident, boxed) => { Box::new($r) };
    (@take $r:ident) => { $r };
    (@take $r:ident, boxed) => { *$r };
}

macro_rules! any_records {
    ($( $variant:ident($module:ident :: $ty:ident $(, $boxed:ident)?) $(rules $rules:ident)? ),+ $(,)?) => {
        /// The typed record of any file kind.
        ///
        /// The records of the three largest kinds — 利用者補足情報 ([`AnyRecord::Hosoku`]),
        /// 介護予防 基本情報 ([`AnyRecord::YoboKihon`]) and 介護予防 サービス計画
        /// ([`AnyRecord::YoboPlan`]) — are held in a `Box`: a record read is moved a few
        /// times on its way to the caller, and the enum is as large as its largest variant,
        /// so that boxing these three halves what the records of every other kind (第6表,
        /// 第7表: files of many records) cost to move, for one allocation per record of
        /// these three (one record per user). `From` and `TryFrom` box and unbox them.
        ///
        /// ```
        /// use careplan_model::{AnyRecord, FileKind, RawRecord};
        /// let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504"]);
        /// let rec = AnyRecord::from_raw(FileKind::UsagePlanDelete, &raw);
        /// assert!(matches!(rec, Some(AnyRecord::UsagePlanDelete(_))));
        /// ```
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", content = "record", rename_all = "snake_case")]
        #[non_exhaustive]
        pub enum AnyRecord {
            $(
                #[doc = concat!("A [`", stringify!($ty), "`](crate::", stringify!($module), "::", stringify!($ty), ").")]
                $variant(held!(crate::$module::$ty $(, $boxed)?)),
            )+
        }

        impl AnyRecord {
            /// The typed record of a raw record of `kind`, or `None` when an item does not
            /// hold a value of its type (or the kind is not a CSV).
            pub fn from_raw(kind: FileKind, raw: &RawRecord) -> Option<AnyRecord> {
                $(
                    if crate::$module::$ty::KINDS.contains(&kind) {
                        return crate::$module::$ty::from_raw(raw).map(AnyRecord::from);
                    }
                )+
                None
            }

            /// The typed record of the record `items` reads, when it is of `kind` (see
            /// [`TypedRecord::from_items`]).
            #[doc(hidden)]
            pub fn from_items(kind: FileKind, items: &crate::typed::ItemReader<'_>) -> Option<AnyRecord> {
                $(
                    if crate::$module::$ty::KINDS.contains(&kind) {
                        return crate::$module::$ty::from_items(items).map(AnyRecord::from);
                    }
                )+
                None
            }

            /// Hands the typed record of the record `items` reads, of its own type, to
            /// `with` (or tells it there is none), having dropped `items`: the caller wraps
            /// the record into an `AnyRecord` only where it keeps it, so the large enum is
            /// not moved about.
            #[doc(hidden)]
            pub fn with_items<W: WithTyped>(kind: FileKind, items: crate::typed::ItemReader<'_>, with: W) -> W::Output {
                $(
                    if crate::$module::$ty::KINDS.contains(&kind) {
                        let typed = crate::$module::$ty::from_items(&items);
                        let failed = items.failed_item();
                        drop(items);
                        return match typed {
                            Some(record) => with.typed(record),
                            None => with.not_typed(failed),
                        };
                    }
                )+
                drop(items);
                with.not_typed(None)
            }

            /// The raw record in the standard's form (unchanged values keep their bytes).
            pub fn to_raw(&self) -> RawRecord {
                match self { $(AnyRecord::$variant(r) => r.to_raw(),)+ }
            }

            /// The CSVバージョン.
            pub fn version(&self) -> CsvVersion {
                match self { $(AnyRecord::$variant(r) => r.version(),)+ }
            }

            /// Checks the rules across the items of the record (the file reader's rules).
            #[doc(hidden)]
            pub fn check(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
                match self { $(AnyRecord::$variant(r) => r.check(ctx, out),)+ }
            }

            /// The raw record it was read from, if any.
            pub fn origin(&self) -> Option<&RawRecord> {
                match self { $(AnyRecord::$variant(r) => r.origin(),)+ }
            }

            /// The fields of `kind`'s typed record with their item numbers (see
            /// [`TypedRecord::FIELDS`]); empty for the family-structure image.
            pub fn fields(kind: FileKind) -> &'static [(u16, &'static str)] {
                $(
                    if crate::$module::$ty::KINDS.contains(&kind) {
                        return crate::$module::$ty::FIELDS;
                    }
                )+
                &[]
            }

            /// Serializes the record alone (its fields), without the `kind` tag of this
            /// enum's own serde form: the JSON bridge's form, where the file name gives the kind.
            pub fn serialize_record<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self { $(AnyRecord::$variant(r) => r.serialize(s),)+ }
            }

            /// Deserializes a record of `kind` from its fields alone (the inverse of
            /// [`AnyRecord::serialize_record`]).
            pub fn deserialize_record<'de, D: serde::Deserializer<'de>>(kind: FileKind, d: D) -> Result<AnyRecord, D::Error> {
                $(
                    if crate::$module::$ty::KINDS.contains(&kind) {
                        return crate::$module::$ty::deserialize(d).map(AnyRecord::from);
                    }
                )+
                Err(serde::de::Error::custom(format!("{} is not a CSV kind", kind.prefix())))
            }
        }

        $(
            impl From<crate::$module::$ty> for AnyRecord {
                fn from(r: crate::$module::$ty) -> AnyRecord {
                    AnyRecord::$variant(held!(@new r $(, $boxed)?))
                }
            }

            impl TryFrom<AnyRecord> for crate::$module::$ty {
                type Error = AnyRecord;

                fn try_from(r: AnyRecord) -> Result<Self, AnyRecord> {
                    #[allow(unreachable_patterns)]
                    match r {
                        AnyRecord::$variant(x) => Ok(held!(@take x $(, $boxed)?)),
                        other => Err(other),
                    }
                }
            }
        )+

        /// The rules across the records of one file, for any kind.
        #[derive(Debug)]
        #[non_exhaustive]
        // One per file: its size does not matter.
        #[allow(clippy::large_enum_variant)]
        // Each kind's rules are the crate's own (crate-private): the readers only make them
        // with `for_kind`, feed them and tell `None` from the others.
        #[allow(private_interfaces)]
        pub enum AnyFileRules {
            /// A kind without rules across records.
            None,
            $($(
                #[doc = concat!("The rules of [`crate::", stringify!($module), "`].")]
                $variant(crate::$module::$rules),
            )?)+
        }

        impl AnyFileRules {
            /// The rules of `kind`'s files.
            pub fn for_kind(kind: FileKind) -> AnyFileRules {
                $($(
                    if crate::$module::$ty::KINDS.contains(&kind) {
                        return AnyFileRules::$variant(crate::$module::$rules::default());
                    }
                )?)+
                let _ = kind;
                AnyFileRules::None
            }

            /// Looks at the next record, of its own type (the same as
            /// [`AnyFileRules::record`] of the record as an `AnyRecord`).
            #[doc(hidden)]
            pub fn record_of<T: TypedRecord + 'static>(&mut self, record: &T, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
                let _ = (&ctx, &out, &record);
                match self {
                    AnyFileRules::None => {}
                    $($( AnyFileRules::$variant(rules) => {
                        let _: Option<crate::$module::$rules> = None;
                        let record: &dyn std::any::Any = record;
                        if let Some(r) = record.downcast_ref::<crate::$module::$ty>() {
                            rules.record(r, ctx, out)
                        }
                    } )?)+
                }
            }

            /// Looks at the next record.
            pub fn record(&mut self, record: &AnyRecord, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
                let _ = (&ctx, &out);
                #[allow(unreachable_patterns)]
                match (self, record) {
                    $($( (AnyFileRules::$variant(rules), AnyRecord::$variant(r)) => {
                        let _: Option<crate::$module::$rules> = None;
                        rules.record(r, ctx, out)
                    } )?)+
                    _ => {}
                }
            }

            /// Learns of a record of the file that did not become a typed record (see
            /// [`FileRules::not_typed`](crate::typed::FileRules::not_typed)).
            pub fn not_typed(&mut self, raw: &crate::RawRecord, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
                let _ = (&ctx, &out, &raw);
                match self {
                    AnyFileRules::None => {}
                    $($( AnyFileRules::$variant(rules) => {
                        let _: Option<crate::$module::$rules> = None;
                        rules.not_typed(raw, ctx, out)
                    } )?)+
                }
            }

            /// Joins the rules' state of the records that follow, read apart from a state of
            /// their own (see [`FileRules::absorb`](crate::typed::FileRules::absorb)):
            /// `true` when `self` is now the state of both parts read in order and the
            /// problems `later` reported are those of that reading; `false`, leaving `self`
            /// unchanged, when the caller must feed the later records to `self` again.
            /// Rules of two kinds never join.
            #[doc(hidden)]
            pub fn absorb(&mut self, later: AnyFileRules) -> bool {
                #[allow(unreachable_patterns)]
                match (self, later) {
                    (AnyFileRules::None, AnyFileRules::None) => true,
                    $($( (AnyFileRules::$variant(rules), AnyFileRules::$variant(later)) => {
                        let _: Option<crate::$module::$rules> = None;
                        rules.absorb(later)
                    } )?)+
                    _ => false,
                }
            }

            /// The records of a part read apart are all in (see
            /// [`FileRules::settle`](crate::typed::FileRules::settle)).
            #[doc(hidden)]
            pub fn settle(&mut self) {
                match self {
                    AnyFileRules::None => {}
                    $($( AnyFileRules::$variant(rules) => {
                        let _: Option<crate::$module::$rules> = None;
                        rules.settle()
                    } )?)+
                }
            }

            /// The end of the file.
            pub fn finish(&mut self, out: &mut Vec<Problem>) {
                let _ = &out;
                match self {
                    AnyFileRules::None => {}
                    $($( AnyFileRules::$variant(rules) => {
                        let _: Option<crate::$module::$rules> = None;
                        rules.finish(out)
                    } )?)+
                }
            }
        }
    };
}

any_records! {
    Hosoku(hosoku::HosokuRecord, boxed),
    Table6(table6::Table6Record) rules Table6Rules,
    Table7(table7::Table7Record) rules Table7Totals,
    UsagePlanDelete(table6_plan_delete::UsagePlanDeleteRecord),
    UsageResultDelete(table6_result_delete::UsageResultDeleteRecord),
    Plan1(plan1::Plan1Record),
    Plan1Delete(plan1_delete::Plan1DeleteRecord),
    Plan2(plan2::Plan2Record) rules Plan2Order,
    Plan3(plan3::Plan3Record),
    YoboKihon(yobo_kihon::KihonRecord, boxed) rules KihonRules,
    YoboKihonSub1(yobo_kihon_sub1::KihonSub1Record),
    YoboKihonSub2(yobo_kihon_sub2::KihonSub2Record),
    YoboKihonDelete(yobo_kihon_delete::KihonDeleteRecord),
    YoboPlan(yobo_plan::YoboPlanRecord, boxed) rules YoboPlanRules,
    YoboPlanSub(yobo_plan_sub::YoboPlanSubRecord) rules YoboPlanSubRules,
    YoboPlanDelete(yobo_plan_delete::YoboPlanDeleteRecord),
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::layout::{Context, Validator};
    use crate::layout::{Format, Layout, Scanned};
    use crate::typed::{ItemReader, RuleContext};
    use crate::value::CsvVersion;
    use crate::Mode;

    /// A text of `item`'s format, usually one it accepts, sometimes not.
    fn text(item: &crate::Item, pick: &mut impl FnMut(usize) -> usize) -> String {
        const ODD: [&str; 18] = [
            "",
            "-0",
            "+5",
            "1.5",
            "01",
            "9999",
            "00000000",
            "000000",
            "999999",
            "11AAAA",
            "X",
            "4294967296",
            "-1",
            "300",
            "ｱ",
            "2024023",
            "H12345678",
            "0000-000010",
        ];
        if pick(60) == 0 {
            return ODD[pick(ODD.len())].to_string();
        }
        // The first option is accepted; the others, at times, not.
        let any = pick(25) == 0;
        let one = |options: &[&str], pick: &mut dyn FnMut(usize) -> usize| {
            let i = if any { pick(options.len()) } else { 0 };
            options[i].to_string()
        };
        match item.format {
            Format::YearMonth => one(&["202504", "202407", "202513", "000000"], pick),
            Format::Date => one(&["20250401", "20250229", "20240229", "00000000"], pick),
            Format::Time => one(&["1000", "0000", "2359", "9999", "2400"], pick),
            Format::Digits => one(&["1310000001", "9999999999", "1", "01", "123"], pick),
            Format::Integer => one(&["250", "-3", "0", "70000", "-0", "99999999999"], pick),
            Format::Code => match item.values.get(pick(item.values.len() + usize::from(any))) {
                Some(v) => v.key.to_string(),
                None => "Q".to_string(),
            },
            Format::InsurerId => one(&["131001", "13100"], pick),
            Format::InsuredId => one(&["0000012345", "H000000001", "h000000001"], pick),
            Format::Flags31 => one(
                &[
                    "1111100000000000000000000000000",
                    "0000000000000000000000000000001",
                    "1",
                ],
                pick,
            ),
            Format::Text => one(&["", "山田 花子", "A"], pick),
            Format::Unused => one(&["", "", "1"], pick),
            Format::ServiceKind => one(&["11", "17", "99", "2A"], pick),
            Format::ServiceCode => one(
                &["111111", "171001", "11AAAA", "67EEEE", "21ZZZZ", "999999"],
                pick,
            ),
            Format::EquipmentCode => one(&["00001-000010", "00001－000010", "00001000010"], pick),
            Format::Decimal => one(&["11.40", "10.00", "1.5"], pick),
            Format::Postal => one(&["100-0001", "1000001"], pick),
            Format::Phone => one(&["03-0000-0000", "0300000000", "03 0000"], pick),
        }
    }

    /// The boxed variants keep the enum to the size of its largest record held inline (第7表's),
    /// and `From`/`TryFrom` box and unbox them.
    #[test]
    fn large_records_are_boxed() {
        use std::mem::size_of;
        let inline = [
            size_of::<crate::table6::Table6Record>(),
            size_of::<crate::table7::Table7Record>(),
            size_of::<crate::plan1::Plan1Record>(),
            size_of::<crate::plan2::Plan2Record>(),
            size_of::<crate::yobo_plan_sub::YoboPlanSubRecord>(),
        ];
        let largest = inline.into_iter().max().unwrap_or(0);
        assert!(
            size_of::<AnyRecord>() <= largest + 8,
            "{}",
            size_of::<AnyRecord>()
        );
        assert!(size_of::<crate::hosoku::HosokuRecord>() > largest);
        let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504"]);
        let any = AnyRecord::from_raw(FileKind::UsagePlanDelete, &raw).unwrap();
        let own = crate::table6_plan_delete::UsagePlanDeleteRecord::try_from(any.clone()).unwrap();
        assert_eq!(AnyRecord::from(own), any);
    }

    /// Rules fed a record of its own type find what they find fed the `AnyRecord`.
    #[test]
    fn rules_fed_records_of_their_type_equal_rules_fed_any_records() {
        use crate::table7::Table7Record;
        let row = |user: &str, code: &str, office: &str, units: &str| {
            let mut t = vec![
                "202407", "131001", user, "20250320", "202504", "", office, "", code, "", "", "",
                "0", "", "", "1", units,
            ];
            t.extend([
                "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "0",
            ]);
            t.extend(["9999999999", "", "", ""]);
            Table7Record::from_raw(&RawRecord::from_texts(&t)).unwrap()
        };
        let rows = [
            row("0000000001", "111111", "1310000002", "1000"),
            row("0000000001", "111211", "1310000002", "500"),
            row("0000000001", "999999", "9999999999", "1200"),
            row("0000000002", "111111", "1310000002", "700"),
            row("0000000001", "151111", "1310000003", "300"),
        ];
        for kind in [FileKind::UsageSummary, FileKind::UsagePlan, FileKind::Plan2] {
            let ctx = RuleContext::new(kind).unwrap();
            let (mut any, mut own) = (AnyFileRules::for_kind(kind), AnyFileRules::for_kind(kind));
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for r in &rows {
                any.record(&AnyRecord::from(r.clone()), &ctx, &mut a);
                own.record_of(r, &ctx, &mut b);
            }
            any.finish(&mut a);
            own.finish(&mut b);
            assert_eq!(a, b, "{kind:?}");
            if kind == FileKind::UsageSummary {
                assert!(a.len() >= 3, "{a:?}");
            }
        }
    }

    /// The file reader's way to a typed record (the engine's values, the record shared)
    /// gives what `from_raw` gives, for records of every kind and version, right and wrong.
    #[test]
    fn records_from_checked_items_equal_records_from_raw() {
        let mut pick = crate::value::digits::picker(0x853C_49E6_748F_EA9B);
        let mut scanned: Vec<Scanned> = Vec::new();
        let (mut typed, mut total) = (0, 0);
        for kind in FileKind::ALL.iter().copied().filter(|k| k.is_csv()) {
            for version in [CsvVersion::V202407, CsvVersion::V202208] {
                let layout = Layout::for_version(kind, version).unwrap();
                for _ in 0..1000 {
                    let mut texts: Vec<String> =
                        layout.items.iter().map(|i| text(i, &mut pick)).collect();
                    texts[0] = version.to_string();
                    if pick(20) == 0 {
                        texts.pop();
                    }
                    let raw = Arc::new(RawRecord::from_texts(&texts));
                    let layout = Layout::for_record(kind, &raw).unwrap();
                    let validator = Validator::new(layout, Context::new(Mode::Strict));
                    let mut problems = Vec::new();
                    validator.validate_scanned(&raw, &mut problems, &mut scanned);
                    assert_eq!(problems, validator.validate(&raw));
                    let fast = ItemReader::shared(Arc::clone(&raw), kind, layout, &scanned)
                        .and_then(|items| AnyRecord::from_items(kind, &items));
                    let slow = AnyRecord::from_raw(kind, &raw);
                    assert_eq!(
                        format!("{fast:?}"),
                        format!("{slow:?}"),
                        "{kind:?} {texts:?}"
                    );
                    if let Some(fast) = &fast {
                        assert_eq!(fast.origin(), Some(&*raw));
                        typed += 1;
                    }
                    total += 1;
                }
            }
        }
        // Enough of both outcomes to compare.
        assert!(typed > total / 20 && typed < total, "{typed} of {total}");
    }
}
