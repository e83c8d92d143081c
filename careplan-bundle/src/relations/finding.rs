//! The problems the relations report, built the same way everywhere.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fmt::Display;

use careplan_model::{FileKind, Problem, ProblemKind, Severity};

use crate::loaded::{LoadedFile, Located};

/// `第7表（サービス利用票別表） 131001/0000012345/202504 (FILE:LINE)`.
pub(crate) fn describe<T>(r: &Located<'_, T>, key: &dyn Display) -> String {
    let kind = r.file.kind().map_or("", |k| k.name_ja());
    format!("{kind} {key} ({})", r.describe())
}

/// A record whose parent (of `parent_kind`, by `key`) is not in `parent_file`.
pub(crate) fn missing_parent<T>(
    child: &Located<'_, T>,
    key: &dyn Display,
    parent_kind: FileKind,
    parent_file: Option<&LoadedFile>,
    severity: Severity,
) -> Problem {
    let mut p = Problem::new(ProblemKind::MissingParent, severity)
        .at(child.location())
        .found(describe(child, key))
        .expected(format!("{} {key}", parent_kind.name_ja()));
    if let Some(f) = parent_file {
        p = p.related(f.file_location());
    }
    p
}

/// A parent record without the dependent of `child_kind` (by `key`) `child_file` should
/// hold.
pub(crate) fn missing_dependent<T>(
    parent: &Located<'_, T>,
    key: &dyn Display,
    child_kind: FileKind,
    child_file: Option<&LoadedFile>,
    severity: Severity,
) -> Problem {
    let mut p = Problem::new(ProblemKind::MissingDependent, severity)
        .at(parent.location())
        .found(describe(parent, key))
        .expected(format!("{} {key}", child_kind.name_ja()));
    if let Some(f) = child_file {
        p = p.related(f.file_location());
    }
    p
}

/// The first record of each key, and a [`DuplicateKey`](ProblemKind::DuplicateKey) error
/// for every later record of a key when `unique`.
pub(crate) struct FirstByKey<'a, K, T> {
    pub(crate) first: BTreeMap<K, Located<'a, T>>,
    /// The keys of records that did not become typed records, read from their raw items.
    untyped: std::collections::BTreeSet<K>,
}

/// The records of `file` that did not become typed records, as read.
pub(crate) fn untyped_records(
    file: Option<&LoadedFile>,
) -> impl Iterator<Item = &careplan_model::RawRecord> {
    file.into_iter()
        .flat_map(|f| f.records())
        .filter_map(|r| match r {
            careplan_csv::Parsed::Raw { record, .. } => Some(record),
            _ => None,
        })
}

impl<'a, K: Ord + Display, T> FirstByKey<'a, K, T> {
    pub(crate) fn new() -> Self {
        FirstByKey {
            first: BTreeMap::new(),
            untyped: std::collections::BTreeSet::new(),
        }
    }

    /// Adds a record; when its key was seen and `unique`, a duplicate-key error.
    pub(crate) fn add(&mut self, key: K, r: Located<'a, T>, unique: bool, out: &mut Vec<Problem>) {
        match self.first.entry(key) {
            Entry::Vacant(v) => {
                v.insert(r);
            }
            Entry::Occupied(o) => {
                if unique {
                    out.push(
                        Problem::error(ProblemKind::DuplicateKey)
                            .at(r.location())
                            .found(o.key().to_string())
                            .related(o.get().location()),
                    );
                }
            }
        }
    }

    pub(crate) fn contains(&self, key: &K) -> bool {
        self.first.contains_key(key) || self.untyped.contains(key)
    }

    /// Adds the key of a record that did not become a typed record (read from its raw
    /// items): as a parent it still has its children, which are then not orphans on top of
    /// its own error.
    pub(crate) fn add_untyped(&mut self, key: K) {
        self.untyped.insert(key);
    }

    /// A [`MissingParent`](ProblemKind::MissingParent) problem for each key of these
    /// (child) records that `parents` lacks, naming the parent's file when there is one.
    pub(crate) fn report_orphans<U>(
        &self,
        parents: &FirstByKey<'_, K, U>,
        parent_kind: FileKind,
        parent_file: Option<&LoadedFile>,
        severity: Severity,
        out: &mut Vec<Problem>,
    ) {
        for (key, r) in &self.first {
            if !parents.contains(key) {
                out.push(missing_parent(r, key, parent_kind, parent_file, severity));
            }
        }
    }
}
