//! The problems the relations report, built the same way everywhere.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use careplan_model::__private::item_ref;
use careplan_model::{FileKind, Location, Position, Problem, ProblemKind, Severity};

use crate::loaded::{LoadedFile, LoadedUnit, Located};

/// Where a record of a key is: its file and position.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spot<'a> {
    pub(crate) file: &'a LoadedFile,
    pub(crate) position: Position,
}

impl Spot<'_> {
    /// The record's location: file (as displayed), kind, line and record number.
    pub(crate) fn location(&self) -> Location {
        self.file.location(self.position)
    }
}

/// A record's place, as the problems name it: a [`Spot`] or a [`Located`] record.
pub(crate) trait Place {
    /// The record's location.
    fn location(&self) -> Location;
}

impl Place for Spot<'_> {
    fn location(&self) -> Location {
        Spot::location(self)
    }
}

impl<T> Place for Located<'_, T> {
    fn location(&self) -> Location {
        Located::location(self)
    }
}

/// The belonging files of `unit` of one of `kinds`, in order.
pub(crate) fn files_of<'a>(
    unit: &'a LoadedUnit<'a>,
    kinds: &'a [FileKind],
) -> impl Iterator<Item = &'a LoadedFile> + 'a {
    unit.files()
        .filter(move |f| f.kind().is_some_and(|k| kinds.contains(&k)))
}

/// A record whose parent (of `parent_kind`, by `key`) is not in `parent_file`: `found` the
/// key (the record's file, line and table are its location), `expected` the parent's table.
pub(crate) fn missing_parent(
    child: &impl Place,
    key: &dyn Display,
    parent_kind: FileKind,
    parent_file: Option<&LoadedFile>,
    severity: Severity,
) -> Problem {
    let mut p = Problem::new(ProblemKind::MissingParent, severity)
        .at(child.location())
        .found(key.to_string())
        .expected(parent_kind.name_ja());
    if let Some(f) = parent_file {
        p = p.related(f.file_location());
    }
    p
}

/// A parent record without the dependent of `child_kind` (by `key`) `child_file` should
/// hold: `found` the key (the record's place is its location), `expected` the dependent's
/// table.
pub(crate) fn missing_dependent(
    parent: &impl Place,
    key: &dyn Display,
    child_kind: FileKind,
    child_file: Option<&LoadedFile>,
    severity: Severity,
) -> Problem {
    let mut p = Problem::new(ProblemKind::MissingDependent, severity)
        .at(parent.location())
        .found(key.to_string())
        .expected(child_kind.name_ja());
    if let Some(f) = child_file {
        p = p.related(f.file_location());
    }
    p
}

/// A 補足 record linked otherwise than its unit asks (No.4 and No.63 name the other kind of
/// parent): an [`Inconsistent`](ProblemKind::Inconsistent) error at item `no`, `expected`
/// the link the unit asks for, the parent's file related when there is one.
pub(crate) fn wrong_hosoku_link(
    r: &Spot<'_>,
    found: &str,
    no: u16,
    expected: String,
    parent_file: Option<&LoadedFile>,
) -> Problem {
    let mut p = Problem::error(ProblemKind::Inconsistent)
        .at(r.location())
        .found(found.to_string())
        .expected(expected);
    if let Some(item) = item_ref(FileKind::Hosoku, no) {
        p = p.item(item);
    }
    if let Some(f) = parent_file {
        p = p.related(f.file_location());
    }
    p
}

/// The first record of each key, and a [`DuplicateKey`](ProblemKind::DuplicateKey) error
/// for every later record of a key when `unique`.
pub(crate) struct FirstByKey<'a, K> {
    pub(crate) first: BTreeMap<K, Spot<'a>>,
    /// The keys of records that did not become typed records, read from their raw items.
    untyped: BTreeSet<K>,
}

impl<'a, K: Ord + Display + Copy> FirstByKey<'a, K> {
    pub(crate) fn new() -> Self {
        FirstByKey {
            first: BTreeMap::new(),
            untyped: BTreeSet::new(),
        }
    }

    /// Adds a record; when its key was seen and `unique`, a duplicate-key error.
    pub(crate) fn add(&mut self, key: K, r: Spot<'a>, unique: bool, out: &mut Vec<Problem>) {
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

    /// Adds the keys of parent records of `file` that did not become typed records (read
    /// from their raw items): as parents they still have their children, which are then
    /// not orphans on top of their own errors.
    pub(crate) fn add_untyped(&mut self, keys: &[K]) {
        self.untyped.extend(keys.iter().copied());
    }

    /// The first position of each key in the files of `unit` of one of `kinds`, each file's
    /// keys read from its index by `keys` (only a first record counts, so no duplicate is
    /// reported).
    pub(crate) fn firsts_in(
        unit: &'a LoadedUnit<'a>,
        kinds: &'a [FileKind],
        keys: impl Fn(&'a LoadedFile) -> &'a [(K, Position)],
    ) -> Self
    where
        K: 'a,
    {
        let mut found = FirstByKey::new();
        for file in files_of(unit, kinds) {
            for &(key, position) in keys(file) {
                found.first.entry(key).or_insert(Spot { file, position });
            }
        }
        found
    }

    /// A [`MissingDependent`](ProblemKind::MissingDependent) problem for each key of these
    /// (parent) records that `dependents` lacks, when the unit has the dependents' file
    /// `dependent_file` (a unit without the file is reported by its composition).
    pub(crate) fn report_missing_dependents(
        &self,
        dependents: &FirstByKey<'_, K>,
        dependent_kind: FileKind,
        dependent_file: Option<&LoadedFile>,
        severity: Severity,
        out: &mut Vec<Problem>,
    ) {
        if dependent_file.is_none() {
            return;
        }
        for (key, r) in &self.first {
            if !dependents.contains(key) {
                out.push(missing_dependent(
                    r,
                    key,
                    dependent_kind,
                    dependent_file,
                    severity,
                ));
            }
        }
    }

    /// A [`MissingParent`](ProblemKind::MissingParent) problem for each key of these
    /// (child) records that `parents` lacks, naming the parent's file when there is one.
    pub(crate) fn report_orphans(
        &self,
        parents: &FirstByKey<'_, K>,
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
