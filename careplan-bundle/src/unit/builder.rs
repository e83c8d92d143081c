//! Grouping files into units.

use std::collections::BTreeMap;

use careplan_csv::{FileName, Sequence};
use careplan_model::value::OfficeNumber;

use super::composition::assemble;
use super::member::Member;
use super::Unit;

/// Groups files into [`Unit`]s by name: one unit per sequence number, sender office and
/// receiver office. Each file comes with a handle of the caller's choice (an index, a path,
/// an archive entry), handed back on its [`Member`].
///
/// [`build`](UnitBuilder::build) returns the units in the order they are processed:
/// sequence number, then sender office, then receiver office. Within a unit the members
/// keep the order they were added in.
///
/// ```
/// use careplan_bundle::{UnitBuilder, UnitKind};
/// use careplan_csv::FileName;
/// let mut builder = UnitBuilder::new();
/// for (i, name) in [
///     "UPJSK_202501_0300000005_11_0300000100_43_20250201090000.CSV",
///     "UPPLAN_202502_0300000100_43_0300000005_11_20250125100000.CSV",
///     "UPSIKYU_202502_0300000100_43_0300000005_11_20250125100000.CSV",
///     "UPHOSOKU_202502_0300000100_43_0300000005_11_20250125100000.CSV",
/// ]
/// .iter()
/// .enumerate()
/// {
///     builder.add(FileName::parse(name)?, i);
/// }
/// assert_eq!(builder.len(), 4);
/// let units = builder.build();
/// let kinds: Vec<_> = units.iter().map(|u| u.kind()).collect();
/// assert_eq!(kinds, [Some(UnitKind::ServiceTicket), Some(UnitKind::UsageResult)]);
/// assert!(units.iter().all(|u| u.problems().is_empty()));
/// # Ok::<(), careplan_csv::Error>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct UnitBuilder<T> {
    members: Vec<Member<T>>,
}

impl<T> Default for UnitBuilder<T> {
    fn default() -> UnitBuilder<T> {
        UnitBuilder::new()
    }
}

impl<T> UnitBuilder<T> {
    /// A builder with no files.
    pub fn new() -> UnitBuilder<T> {
        UnitBuilder {
            members: Vec::new(),
        }
    }

    /// Adds a file; problems name it by its name in upper case (`FileName`'s `Display`).
    pub fn add(&mut self, name: FileName, handle: T) -> &mut UnitBuilder<T> {
        self.members
            .push(Member::new(name.to_string(), name, handle));
        self
    }

    /// Adds a file that problems name as `file` (the path or entry name it was read from).
    pub fn add_as(
        &mut self,
        file: impl Into<String>,
        name: FileName,
        handle: T,
    ) -> &mut UnitBuilder<T> {
        self.members.push(Member::new(file.into(), name, handle));
        self
    }

    /// How many files were added.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Groups the files into units, classifies and checks each one; see [`Unit`].
    pub fn build(self) -> Vec<Unit<T>> {
        let mut groups: BTreeMap<(Sequence, OfficeNumber, OfficeNumber), Vec<Member<T>>> =
            BTreeMap::new();
        for m in self.members {
            let key = (
                m.name.sequence(),
                m.name.sender().office(),
                m.name.receiver().office(),
            );
            groups.entry(key).or_default().push(m);
        }
        groups.into_values().filter_map(assemble).collect()
    }
}

impl<T> Extend<(FileName, T)> for UnitBuilder<T> {
    fn extend<I: IntoIterator<Item = (FileName, T)>>(&mut self, iter: I) {
        for (name, handle) in iter {
            self.add(name, handle);
        }
    }
}

impl<T> FromIterator<(FileName, T)> for UnitBuilder<T> {
    fn from_iter<I: IntoIterator<Item = (FileName, T)>>(iter: I) -> UnitBuilder<T> {
        let mut b = UnitBuilder::new();
        b.extend(iter);
        b
    }
}

/// Groups files into units: the same as adding each to a [`UnitBuilder`] and building.
///
/// Units come in processing order (sequence number, then sender office, then receiver
/// office); each is classified and checked ([`Unit::kind`], [`Unit::problems`]).
///
/// ```
/// use careplan_bundle::{group, UnitKind};
/// use careplan_csv::FileName;
/// let names = [
///     "UP1KYO_0300000100_43_0300000005_11_20241125100000.CSV",
///     "UP2KYO_0300000100_43_0300000005_11_20241125100000.CSV",
///     "UP3KYO_0300000100_43_0300000005_11_20241125100000.CSV",
///     "UPHOSOKU_000000_0300000100_43_0300000005_11_20241125100000.CSV",
/// ];
/// let files: Vec<(FileName, usize)> = names
///     .iter()
///     .enumerate()
///     .map(|(i, n)| FileName::parse(n).map(|f| (f, i)))
///     .collect::<Result<_, _>>()?;
/// let units = group(files);
/// assert_eq!(units.len(), 1);
/// assert_eq!(units[0].kind(), Some(UnitKind::PlanDocuments));
/// assert_eq!(units[0].month(), None);
/// assert!(units[0].problems().is_empty());
/// # Ok::<(), careplan_csv::Error>(())
/// ```
pub fn group<T>(files: impl IntoIterator<Item = (FileName, T)>) -> Vec<Unit<T>> {
    files.into_iter().collect::<UnitBuilder<T>>().build()
}
