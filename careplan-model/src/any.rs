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

macro_rules! any_records {
    ($( $variant:ident($module:ident :: $ty:ident) $(rules $rules:ident)? ),+ $(,)?) => {
        /// The typed record of any file kind.
        ///
        /// ```
        /// use careplan_model::{AnyRecord, FileKind, RawRecord};
        /// let raw = RawRecord::from_texts(["202407", "131001", "0000012345", "202504"]);
        /// let rec = AnyRecord::from_raw(FileKind::UsagePlanDelete, &raw);
        /// # let _ = rec;
        /// ```
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", content = "record", rename_all = "snake_case")]
        #[non_exhaustive]
        // Records of the large kinds (利用者基本情報: 71 items) make the enum a couple of KB;
        // moving that per record costs far less than parsing it, and boxing would cost an
        // allocation per record on the hot path.
        #[allow(clippy::large_enum_variant)]
        pub enum AnyRecord {
            $(
                #[doc = concat!("A record of [`crate::", stringify!($module), "`].")]
                $variant(crate::$module::$ty),
            )+
        }

        impl AnyRecord {
            /// The typed record of a raw record of `kind`, or `None` when an item does not
            /// hold a value of its type (or the kind is not a CSV).
            pub fn from_raw(kind: FileKind, raw: &RawRecord) -> Option<AnyRecord> {
                $(
                    if crate::$module::$ty::KINDS.contains(&kind) {
                        return crate::$module::$ty::from_raw(raw).map(AnyRecord::$variant);
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
                        return crate::$module::$ty::from_items(items).map(AnyRecord::$variant);
                    }
                )+
                None
            }

            /// The raw record in the standard's form (unchanged values keep their bytes).
            pub fn to_raw(&self) -> RawRecord {
                match self { $(AnyRecord::$variant(r) => r.to_raw(),)+ }
            }

            /// The CSVバージョン.
            pub fn version(&self) -> CsvVersion {
                match self { $(AnyRecord::$variant(r) => r.version(),)+ }
            }

            /// Checks the rules across the items of the record.
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
                        return crate::$module::$ty::deserialize(d).map(AnyRecord::$variant);
                    }
                )+
                Err(serde::de::Error::custom(format!("{} is not a CSV kind", kind.prefix())))
            }
        }

        $(
            impl From<crate::$module::$ty> for AnyRecord {
                fn from(r: crate::$module::$ty) -> AnyRecord {
                    AnyRecord::$variant(r)
                }
            }

            impl TryFrom<AnyRecord> for crate::$module::$ty {
                type Error = AnyRecord;

                fn try_from(r: AnyRecord) -> Result<Self, AnyRecord> {
                    #[allow(unreachable_patterns)]
                    match r {
                        AnyRecord::$variant(x) => Ok(x),
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
    Hosoku(hosoku::HosokuRecord),
    Table6(table6::Table6Record),
    Table7(table7::Table7Record) rules Table7Totals,
    UsagePlanDelete(table6_plan_delete::UsagePlanDeleteRecord),
    UsageResultDelete(table6_result_delete::UsageResultDeleteRecord),
    Plan1(plan1::Plan1Record),
    Plan1Delete(plan1_delete::Plan1DeleteRecord),
    Plan2(plan2::Plan2Record) rules Plan2Order,
    Plan3(plan3::Plan3Record),
    YoboKihon(yobo_kihon::KihonRecord) rules KihonRules,
    YoboKihonSub1(yobo_kihon_sub1::KihonSub1Record),
    YoboKihonSub2(yobo_kihon_sub2::KihonSub2Record),
    YoboKihonDelete(yobo_kihon_delete::KihonDeleteRecord),
    YoboPlan(yobo_plan::YoboPlanRecord) rules YoboPlanRules,
    YoboPlanSub(yobo_plan_sub::YoboPlanSubRecord) rules YoboPlanSubRules,
    YoboPlanDelete(yobo_plan_delete::YoboPlanDeleteRecord),
}
