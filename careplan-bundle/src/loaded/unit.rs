//! A transmission unit with the files it groups.

use careplan_model::{FileKind, Problem};

use super::file::LoadedFile;
use super::located::{FromAny, Located};
use super::set::{write_zip, FileSet};
use crate::error::Error;
use crate::relations;
use crate::unit::{Unit, UnitKind};

/// A transmission unit of a [`FileSet`]: the [`Unit`] its names make, and its files.
///
/// ```
/// use careplan_bundle::FileSet;
/// use careplan_bundle::UnitKind;
/// use careplan_model::ProblemKind;
/// let mut set = FileSet::new();
/// set.add_bytes(
///     "UPPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV",
///     b"202407,131001,0000012345,20250320,202504,0300000100,\"\",250,,20250401,,1000,1100,1,111111,,,\"\",,0300000005,\"\",,0,0300000100,\r\n".to_vec(),
/// )?;
/// let units = set.units();
/// let unit = &units[0];
/// assert_eq!(unit.kind(), Some(UnitKind::ServiceTicket));
/// assert_eq!(unit.files().count(), 1);
/// // The 第7表 and the 補足 are missing: the unit says so once per file (the relations do
/// // not repeat it for each user).
/// let kinds: Vec<ProblemKind> = unit.problems().iter().map(|p| p.kind).collect();
/// assert_eq!(kinds, [ProblemKind::MissingMember, ProblemKind::MissingMember]);
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct LoadedUnit<'a> {
    unit: Unit<usize>,
    set: &'a FileSet,
}

impl<'a> LoadedUnit<'a> {
    pub(crate) fn new(unit: Unit<usize>, set: &'a FileSet) -> LoadedUnit<'a> {
        LoadedUnit { unit, set }
    }

    /// The unit: sequence number, parties, kind, month, members and composition problems.
    pub fn unit(&self) -> &Unit<usize> {
        &self.unit
    }

    /// The kind of unit (see [`Unit::kind`]).
    pub fn kind(&self) -> Option<UnitKind> {
        self.unit.kind()
    }

    /// The set the unit's files are in.
    pub fn set(&self) -> &'a FileSet {
        self.set
    }

    /// The files that belong to the unit ([`MemberStatus::Belongs`](crate::MemberStatus)).
    pub fn files(&self) -> impl Iterator<Item = &'a LoadedFile> + '_ {
        let set = self.set;
        self.unit
            .belonging()
            .filter_map(move |m| set.files().get(*m.handle()))
    }

    /// Every file grouped into the unit, whether it belongs or not.
    pub fn all_files(&self) -> impl Iterator<Item = &'a LoadedFile> + '_ {
        let set = self.set;
        self.unit
            .members()
            .iter()
            .filter_map(move |m| set.files().get(*m.handle()))
    }

    /// The belonging file of `kind` (the first one for images).
    pub fn file(&self, kind: FileKind) -> Option<&'a LoadedFile> {
        self.unit
            .member(kind)
            .and_then(|m| self.set.files().get(*m.handle()))
    }

    /// The typed records of type `T` in the belonging files of its kinds, file by file.
    pub fn records<T: FromAny>(&self) -> impl Iterator<Item = Located<'a, T>> + '_ {
        self.files()
            .filter(|f| f.kind().is_some_and(|k| T::KINDS.contains(&k)))
            .flat_map(|f| f.typed::<T>())
    }

    /// The problems of the unit's composition and of the relations between its files
    /// ([`relations::check_unit`]). The files' own problems are on the files.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = self.unit.problems().to_vec();
        out.extend(relations::check_unit(self));
        out
    }

    /// Whether the unit, its relations or any of its files has an error.
    pub fn has_errors(&self) -> bool {
        self.problems().iter().any(Problem::is_error)
            || self.all_files().any(LoadedFile::has_errors)
    }

    /// Writes the unit's belonging files into a ZIP under their standard names, in
    /// `folder` when given. Read back, each entry gives the bytes the file was read with.
    ///
    /// # Errors
    /// A name the archive writer refuses.
    pub fn to_zip(&self, folder: Option<&str>) -> Result<Vec<u8>, Error> {
        write_zip(self.files(), folder)
    }
}
