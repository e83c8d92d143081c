//! Layouts as data: the item tables of the standard (spec/layouts/*.tsv, copied into this
//! crate's `layouts/` and embedded), and the one engine that checks any record against any
//! layout.
//!
//! ```
//! use careplan_model::{FileKind, Layout};
//! use careplan_model::value::CsvVersion;
//! let t6 = FileKind::UsagePlan.layout().unwrap();
//! assert_eq!(t6.name, "TABLE6");
//! assert_eq!(t6.len(), 25);
//! let old = Layout::for_version(FileKind::UsagePlan, CsvVersion::V202208).unwrap();
//! assert_eq!(old.len(), 22);
//! ```

mod check;
mod engine;
mod format;
mod item;
mod legacy;
mod tsv;

use std::sync::OnceLock;

#[doc(hidden)]
pub use check::Scanned;
pub use engine::{validate, Context, Validator};
pub use format::Format;
pub use item::{CodeValue, Item};

use crate::kind::FileKind;
use crate::problem::Problem;
use crate::record::RawRecord;
use crate::value::{CsvVersion, Generation};

/// The layout tables, copied from spec/layouts, by name (the TSV stem).
pub(crate) const EMBEDDED: [(&str, &str); 16] = [
    ("UPHOSOKU", include_str!("../../layouts/UPHOSOKU.tsv")),
    ("UP1KYO", include_str!("../../layouts/UP1KYO.tsv")),
    ("DLT1KYO", include_str!("../../layouts/DLT1KYO.tsv")),
    ("UP2KYO", include_str!("../../layouts/UP2KYO.tsv")),
    ("UP3KYO", include_str!("../../layouts/UP3KYO.tsv")),
    ("TABLE6", include_str!("../../layouts/TABLE6.tsv")),
    ("DLTPLAN", include_str!("../../layouts/DLTPLAN.tsv")),
    ("DLTJSK", include_str!("../../layouts/DLTJSK.tsv")),
    ("UPSIKYU", include_str!("../../layouts/UPSIKYU.tsv")),
    ("UPKIHON", include_str!("../../layouts/UPKIHON.tsv")),
    (
        "UPKIHON_SUB1",
        include_str!("../../layouts/UPKIHON_SUB1.tsv"),
    ),
    (
        "UPKIHON_SUB2",
        include_str!("../../layouts/UPKIHON_SUB2.tsv"),
    ),
    ("DLTKIHON", include_str!("../../layouts/DLTKIHON.tsv")),
    ("UPYOBO", include_str!("../../layouts/UPYOBO.tsv")),
    ("UPYOBO_SUB", include_str!("../../layouts/UPYOBO_SUB.tsv")),
    ("DLTYOBO", include_str!("../../layouts/DLTYOBO.tsv")),
];

struct Registry {
    /// The 4.x tables, in the order of [`EMBEDDED`].
    current: Vec<Layout>,
    /// The 3.x forms derived from them.
    v3: Vec<Layout>,
    /// For each kind, at `kind as usize`: its layout as [`Layout::get`] finds it by name,
    /// and the 3.x form [`Layout::for_version`] picks for 3.x versions, found once so that a
    /// record's layout is found without comparing names.
    by_kind: Vec<(FileKind, Option<Slot>, Option<Slot>)>,
}

/// Where a layout is in the [`Registry`].
#[derive(Clone, Copy, Debug)]
enum Slot {
    Current(usize),
    V3(usize),
}

impl Registry {
    /// The layouts of `kind`: its own and its 3.x form.
    fn of_kind(&self, kind: FileKind) -> Option<(Option<Slot>, Option<Slot>)> {
        match self.by_kind.get(kind as usize) {
            Some(&(k, cur, old)) if k == kind => Some((cur, old)),
            _ => None,
        }
    }

    fn slot(&self, slot: Slot) -> Option<&Layout> {
        match slot {
            Slot::Current(i) => self.current.get(i),
            Slot::V3(i) => self.v3.get(i),
        }
    }

    /// The slot of the layout named `name`, searched as [`Layout::get`] does.
    fn find(current: &[Layout], v3: &[Layout], name: &str) -> Option<Slot> {
        current
            .iter()
            .position(|l| l.name == name)
            .map(Slot::Current)
            .or_else(|| v3.iter().position(|l| l.name == name).map(Slot::V3))
    }
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| build_registry().unwrap_or_else(|e| panic!("embedded layout: {e}")))
}

/// Reads every embedded table. They are this crate's own data; the unit tests read them all,
/// so a failure here is a defect caught before release.
fn build_registry() -> Result<Registry, String> {
    let current = EMBEDDED
        .iter()
        .map(|(name, tsv)| tsv::parse_layout(name, tsv))
        .collect::<Result<Vec<_>, _>>()?;
    let v3 = legacy::DERIVED
        .iter()
        .map(|(base, name)| {
            let base = current
                .iter()
                .find(|l| l.name == *base)
                .ok_or_else(|| format!("no layout {base}"))?;
            legacy::derive_v3(base, name)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut kinds = FileKind::ALL;
    kinds.sort_by_key(|&k| k as usize);
    let by_kind = kinds
        .iter()
        .map(|&kind| {
            let name = kind.layout_name();
            let cur = name.and_then(|n| Registry::find(&current, &v3, n));
            let old = name.and_then(|n| {
                legacy::DERIVED
                    .iter()
                    .find(|(base, _)| *base == n)
                    .and_then(|(_, v3_name)| Registry::find(&current, &v3, v3_name))
            });
            (kind, cur, old)
        })
        .collect();
    Ok(Registry {
        current,
        v3,
        by_kind,
    })
}

/// The layout of a kind of record: its items in order.
///
/// The 16 tables of the standard (4.x) are [`Layout::all`]; two more, `TABLE6_V3` and
/// `UPSIKYU_V3`, are the 3.x forms of 第6表 and 第7表 that [`Layout::for_version`] picks for
/// records of CSVバージョン 201910, 202003 and 202208.
///
/// ```
/// use careplan_model::{FileKind, Format, Layout};
/// let l = Layout::get("UPSIKYU").unwrap();
/// assert_eq!(l.len(), 37);
/// assert_eq!(l.item(9).unwrap().format, Format::ServiceCode);
/// assert_eq!(FileKind::UsageSummary.layout(), Some(l));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Layout {
    /// The table's name: the TSV stem (`TABLE6`, `UPHOSOKU` …), or `TABLE6_V3` /
    /// `UPSIKYU_V3` for the 3.x forms.
    pub name: &'static str,
    /// The items, No.1 first.
    pub items: Vec<Item>,
    /// The generation of the standard the layout belongs to.
    pub generation: Generation,
}

impl Layout {
    /// The layout named `name` (`TABLE6`, `UPHOSOKU`, …, `TABLE6_V3`, `UPSIKYU_V3`).
    pub fn get(name: &str) -> Option<&'static Layout> {
        let r = registry();
        r.current.iter().chain(r.v3.iter()).find(|l| l.name == name)
    }

    /// The 4.x layout of `kind` (what `Layout::get(kind.layout_name()?)` finds).
    pub(crate) fn of_kind(kind: FileKind) -> Option<&'static Layout> {
        let r = registry();
        match r.of_kind(kind) {
            Some((cur, _)) => cur.and_then(|slot| r.slot(slot)),
            None => Layout::get(kind.layout_name()?),
        }
    }

    /// The 16 tables of the standard (4.x), in the order of spec FILES.tsv.
    pub fn all() -> &'static [Layout] {
        &registry().current
    }

    /// The layout a record of `kind` follows in CSVバージョン `version`: the 3.x form of 第6表
    /// (UPPLAN, UPJSK) and 第7表 (UPSIKYU) for 201910, 202003 and 202208, the 4.x table
    /// otherwise. An unknown version follows 4.1 (spec LEGACY.md); kinds that did not exist
    /// before 4.0 (UP3KYO, the 予防 files) have only their 4.x table. `None` for the
    /// family-structure image, which is not a CSV.
    ///
    /// ```
    /// use careplan_model::{FileKind, Layout};
    /// use careplan_model::value::CsvVersion;
    /// let v = |s: &str| s.parse::<CsvVersion>().unwrap();
    /// assert_eq!(Layout::for_version(FileKind::UsageSummary, v("201910")).unwrap().len(), 34);
    /// assert_eq!(Layout::for_version(FileKind::UsageSummary, v("202504")).unwrap().len(), 37);
    /// assert_eq!(Layout::for_version(FileKind::UsageResult, v("202410")).unwrap().name, "TABLE6");
    /// assert_eq!(Layout::for_version(FileKind::Plan1, v("202208")).unwrap().name, "UP1KYO");
    /// ```
    pub fn for_version(kind: FileKind, version: CsvVersion) -> Option<&'static Layout> {
        let r = registry();
        if let Some((cur, old)) = r.of_kind(kind) {
            if version.generation() == Generation::V3 {
                if let Some(slot) = old {
                    return r.slot(slot);
                }
            }
            return cur.and_then(|slot| r.slot(slot));
        }
        let name = kind.layout_name()?;
        if version.generation() == Generation::V3 {
            let derived = legacy::DERIVED
                .iter()
                .find(|(base, _)| *base == name)
                .and_then(|(_, v3)| Layout::get(v3));
            if derived.is_some() {
                return derived;
            }
        }
        Layout::get(name)
    }

    /// The layout a record of `kind` follows, by the CSVバージョン in its item No.1; the 4.1
    /// layout when item No.1 is missing or not a `YYYYMM` value.
    ///
    /// ```
    /// use careplan_model::{FileKind, Layout, RawRecord};
    /// let r = RawRecord::from_texts(["202208", "131045"]);
    /// assert_eq!(Layout::for_record(FileKind::UsagePlan, &r).unwrap().name, "TABLE6_V3");
    /// ```
    pub fn for_record(kind: FileKind, record: &RawRecord) -> Option<&'static Layout> {
        let version = record
            .text(0)
            .and_then(|t| CsvVersion::scan(t).ok())
            .unwrap_or_default();
        Layout::for_version(kind, version)
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the layout has no items (never true for the standard's layouts).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The item No. `no` (1-based).
    pub fn item(&self, no: u16) -> Option<&Item> {
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.items.get(i))
    }

    /// The first item named `name` (names repeat in 第3表: 開始時間, 終了時間).
    pub fn item_by_name(&self, name: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.name == name)
    }

    /// Checks `record` against this layout: see [`validate`].
    #[doc(hidden)]
    pub fn validate(&self, record: &RawRecord, context: &Context<'_>) -> Vec<Problem> {
        validate(self, record, context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_by_kind_are_the_layouts_found_by_name() {
        let by_name = |kind: FileKind, v3: bool| -> Option<&'static Layout> {
            let name = kind.layout_name()?;
            if v3 {
                if let Some(l) = legacy::DERIVED
                    .iter()
                    .find(|(base, _)| *base == name)
                    .and_then(|(_, v3)| Layout::get(v3))
                {
                    return Some(l);
                }
            }
            Layout::get(name)
        };
        let mut v3_found = 0;
        for kind in FileKind::ALL {
            assert!(registry().of_kind(kind).is_some(), "{kind:?}");
            let now = Layout::for_version(kind, CsvVersion::V202208).map(|l| l.name);
            assert_eq!(now, by_name(kind, true).map(|l| l.name), "{kind:?}");
            v3_found += usize::from(now.is_some_and(|n| n.ends_with("_V3")));
            let v4 = "202407".parse::<CsvVersion>().ok();
            assert!(v4.is_some());
            let current = v4
                .and_then(|v| Layout::for_version(kind, v))
                .map(|l| l.name);
            assert_eq!(current, by_name(kind, false).map(|l| l.name), "{kind:?}");
            assert_eq!(kind.layout().map(|l| l.name), current, "{kind:?}");
        }
        assert!(v3_found >= 2);
    }

    #[test]
    fn every_embedded_table_parses() {
        let r = build_registry().unwrap();
        assert_eq!(r.current.len(), EMBEDDED.len());
        assert_eq!(r.v3.len(), 2);
        for l in &r.current {
            assert_eq!(l.generation, Generation::V4);
            for (i, item) in l.items.iter().enumerate() {
                assert_eq!(usize::from(item.no), i + 1, "{} {}", l.name, item.name);
            }
            assert!(l.items[0].is_version(), "{}", l.name);
        }
    }

    #[test]
    fn every_kind_with_a_layout_name_finds_it() {
        for k in FileKind::ALL {
            assert_eq!(k.layout().is_some(), k.is_csv(), "{k}");
        }
    }

    #[test]
    fn v3_layouts_are_derived() {
        let t6 = Layout::get("TABLE6_V3").unwrap();
        assert_eq!(t6.len(), 22);
        assert_eq!(t6.generation, Generation::V3);
        assert_eq!(t6.item(15).unwrap().name, "サービスコード");
        assert_eq!(t6.item(16).unwrap().name, "明細判別コード");
        assert_eq!(t6.item(22).unwrap().name, "識別子");
        let t7 = Layout::get("UPSIKYU_V3").unwrap();
        assert_eq!(t7.len(), 34);
        assert_eq!(t7.item(9).unwrap().name, "サービスコード");
        assert_eq!(t7.item(10).unwrap().name, "単位数");
        let count = t7.item(13).unwrap();
        assert_eq!((count.name, count.length), ("回数／日数", Some(2)));
        assert_eq!(t7.item(27).unwrap().name, "前月までの利用日数");
        assert_eq!(t7.item(27).unwrap().length, Some(5));
        // The 4.x table is untouched.
        assert_eq!(
            Layout::get("UPSIKYU").unwrap().item(16).unwrap().length,
            Some(3)
        );
    }

    #[test]
    fn derivation_checks_its_assumptions() {
        let plan1 = Layout::get("UP1KYO").unwrap();
        assert!(legacy::derive_v3(plan1, "X").is_err());
    }

    /// Candidate places of the spec: `../../shared/spec` from the crate of a tree at
    /// /work/<tree>, and one level further up for a tree at /work/wt/<tree>.
    fn spec_dir() -> Option<std::path::PathBuf> {
        [
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/spec"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/spec"),
        ]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.join("FORMAT.md").is_file())
    }

    #[test]
    fn embedded_tables_equal_the_spec() {
        let Some(spec) = spec_dir() else {
            eprintln!("spec directory not found: comparison skipped");
            return;
        };
        for (name, tsv) in EMBEDDED {
            let path = spec.join("layouts").join(format!("{name}.tsv"));
            let original = std::fs::read(&path).unwrap();
            assert!(
                original == tsv.as_bytes(),
                "{name}.tsv differs from {path:?}"
            );
        }
        let kinds = std::fs::read(spec.join("SERVICE_KINDS.tsv")).unwrap();
        assert!(kinds == crate::value::SERVICE_KINDS_TSV.as_bytes());
        let files = std::fs::read(spec.join("FILES.tsv")).unwrap();
        assert!(files == include_bytes!("../../layouts/FILES.tsv"));
        // Every table of the spec is embedded.
        for entry in std::fs::read_dir(spec.join("layouts")).unwrap() {
            let file = entry.unwrap().file_name().into_string().unwrap();
            if let Some(stem) = file.strip_suffix(".tsv") {
                assert!(
                    EMBEDDED.iter().any(|(n, _)| *n == stem),
                    "{file} is not embedded"
                );
            }
        }
    }
}
