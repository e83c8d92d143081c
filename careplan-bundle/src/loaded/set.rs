//! Files read from paths, folders, ZIP archives and uploads, gathered for work across files.

use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

use careplan_csv::FileName;
use careplan_model::{Mode, Problem, ProblemKind};

use super::file::LoadedFile;
use super::unit::LoadedUnit;
use crate::archive::{ArchiveLimits, ArchiveNote, ArchiveReader, ArchiveWriter};
use crate::error::Error;
use crate::unit::UnitBuilder;

/// How files are read into a [`FileSet`].
///
/// ```
/// use careplan_bundle::{FileSet, LoadOptions};
/// use careplan_bundle::ArchiveLimits;
/// use careplan_model::Mode;
/// let options = LoadOptions::new()
///     .mode(Mode::Strict)
///     .limits(ArchiveLimits::new().with_max_entries(100));
/// let set = FileSet::with_options(options);
/// assert_eq!(set.options().mode_value(), Mode::Strict);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct LoadOptions {
    mode: Mode,
    limits: ArchiveLimits,
}

impl LoadOptions {
    /// Lenient reading, the default archive limits.
    pub fn new() -> LoadOptions {
        LoadOptions::default()
    }

    /// Strict or lenient reading of names and records.
    pub fn mode(mut self, mode: Mode) -> LoadOptions {
        self.mode = mode;
        self
    }

    /// The limits ZIP archives are opened with.
    pub fn limits(mut self, limits: ArchiveLimits) -> LoadOptions {
        self.limits = limits;
        self
    }

    /// The reading mode.
    pub fn mode_value(&self) -> Mode {
        self.mode
    }

    /// The archive limits.
    pub fn limits_value(&self) -> ArchiveLimits {
        self.limits
    }
}

/// Files read into memory from any mix of paths, folders, ZIP archives and uploads, with
/// the notes of what was left aside.
///
/// What is read:
/// - a file given by path, or uploaded by name and bytes, is always read, whatever its
///   name (a name that is not one of the standard is reported by the reader);
/// - a ZIP archive (by the extension `.zip`, or, for an upload, by its first bytes) is
///   opened with the [`ArchiveLimits`] and its files read wherever they sit in folders;
/// - in a folder or an archive, files with a name of the standard or the extension `.csv`
///   are read, archives in a folder are opened, and every other file is left aside with an
///   [`IgnoredEntry`](ProblemKind::IgnoredEntry) warning in [`notes`](FileSet::notes)
///   (a ZIP inside a ZIP too). An archive of which no file is read (empty, or holding only
///   folders, macOS leftovers and files left aside) is an
///   [`EmptyArchive`](ProblemKind::EmptyArchive) error in the notes, naming the archive.
///
/// The archive reader's own notes (folders, macOS leftovers, guessed name encodings) are
/// kept in [`archive_notes`](FileSet::archive_notes); the leftovers are also
/// [`IgnoredEntry`](ProblemKind::IgnoredEntry) warnings.
///
/// ```
/// use careplan_bundle::FileSet;
/// use careplan_bundle::ArchiveWriter;
/// use careplan_model::{FileKind, ProblemKind};
/// let mut w = ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
/// w.add(
///     "export/DLTPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV",
///     b"202407,131001,0000012345,202504\r\n",
/// )?;
/// w.add("export/readme.txt", b"hello")?;
/// let zip = w.finish()?.into_inner();
///
/// let mut set = FileSet::new();
/// set.add_bytes("month.zip", zip)?;
/// assert_eq!(set.files().len(), 1);
/// assert_eq!(
///     set.files()[0].display(),
///     "month.zip/export/DLTPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV"
/// );
/// assert_eq!(set.notes()[0].kind, ProblemKind::IgnoredEntry);
/// let units = set.units();
/// assert_eq!(units.len(), 1);
/// assert!(units[0].file(FileKind::UsagePlanDelete).is_some());
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct FileSet {
    options: LoadOptions,
    files: Vec<LoadedFile>,
    notes: Vec<Problem>,
    archive_notes: Vec<(String, ArchiveNote)>,
}

impl FileSet {
    /// An empty set that reads leniently.
    pub fn new() -> FileSet {
        FileSet::default()
    }

    /// An empty set that reads with `options`.
    pub fn with_options(options: LoadOptions) -> FileSet {
        FileSet {
            options,
            ..FileSet::default()
        }
    }

    /// The options files are read with.
    pub fn options(&self) -> LoadOptions {
        self.options
    }

    /// The files read, in the order they were added (a folder's in path order, an
    /// archive's in archive order).
    pub fn files(&self) -> &[LoadedFile] {
        &self.files
    }

    /// The files whose names are not of the standard: they join no unit.
    pub fn ungrouped(&self) -> impl Iterator<Item = &LoadedFile> {
        self.files.iter().filter(|f| f.name().is_none())
    }

    /// What was left aside: [`IgnoredEntry`](ProblemKind::IgnoredEntry) warnings, and an
    /// [`EmptyArchive`](ProblemKind::EmptyArchive) error for each archive of which no file
    /// was read.
    pub fn notes(&self) -> &[Problem] {
        &self.notes
    }

    /// The archive reader's notes, each with the archive it concerns.
    pub fn archive_notes(&self) -> &[(String, ArchiveNote)] {
        &self.archive_notes
    }

    /// Adds a file read elsewhere.
    pub fn push(&mut self, file: LoadedFile) -> &mut FileSet {
        self.files.push(file);
        self
    }

    /// Adds a file, a folder (with everything in it, sub-folders included) or a ZIP
    /// archive (by its extension) from the file system.
    ///
    /// # Errors
    /// An I/O error, a refused archive or a file the reader cannot go on with, naming the
    /// path. Files read before the failure stay in the set.
    pub fn add_path(&mut self, path: impl AsRef<Path>) -> Result<&mut FileSet, Error> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| Error::from(e).for_file(shown.clone()))?;
        if meta.is_dir() {
            self.add_folder(path)?;
        } else if has_extension(&shown, "zip") {
            let file = File::open(path).map_err(|e| Error::from(e).for_file(shown.clone()))?;
            self.add_zip(file, &shown)?;
        } else {
            let bytes = std::fs::read(path).map_err(|e| Error::from(e).for_file(shown.clone()))?;
            self.add_file(shown, bytes)?;
        }
        Ok(self)
    }

    /// Adds an upload: a ZIP archive (by the extension `.zip` or its first bytes) or one
    /// file, always read whatever its name.
    ///
    /// # Errors
    /// A refused archive, or a file the reader cannot go on with, naming the upload.
    pub fn add_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<&mut FileSet, Error> {
        if has_extension(name, "zip") || looks_like_zip(&bytes) {
            self.add_zip(Cursor::new(bytes), name)?;
        } else {
            self.add_file(name.to_string(), bytes)?;
        }
        Ok(self)
    }

    /// Adds the files of a ZIP archive, shown as `shown/path in the archive`.
    ///
    /// # Errors
    /// A refused archive (see [`ArchiveReader`]) or an entry that cannot be read, naming
    /// `shown` (and the entry). Nothing of a refused archive is added.
    pub fn add_zip<R: Read + Seek>(
        &mut self,
        reader: R,
        shown: &str,
    ) -> Result<&mut FileSet, Error> {
        let mut zip = ArchiveReader::with_limits(reader, self.options.limits)
            .map_err(|e| e.for_file(shown))?;
        let mut notes = Vec::new();
        let mut folders = 0usize;
        for note in zip.notes() {
            if let ArchiveNote::Skipped { path, reason } = note {
                if *reason == crate::archive::SkipReason::Directory {
                    folders += 1;
                } else {
                    notes.push(ignored(format!("{shown}/{path}"), path));
                }
            }
        }
        let entries = zip.list().to_vec();
        let mut files = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let display = format!("{shown}/{}", entry.path);
            if has_extension(&entry.file_name, "zip") {
                notes.push(ignored(display, &entry.path));
                continue;
            }
            if !self.wanted(&entry.file_name) {
                notes.push(ignored(display, &entry.path));
                continue;
            }
            let bytes = zip.read_entry(i).map_err(|e| e.for_file(shown))?;
            files.push(LoadedFile::read(display, bytes, self.options.mode)?);
        }
        if files.is_empty() {
            notes.push(empty_archive(shown, folders, notes.len()));
        }
        self.archive_notes
            .extend(zip.notes().iter().cloned().map(|n| (shown.to_string(), n)));
        self.files.extend(files);
        self.notes.extend(notes);
        Ok(self)
    }

    /// Groups the files whose names are of the standard into transmission units, in the
    /// order they are processed (sequence number, sender, receiver).
    pub fn units(&self) -> Vec<LoadedUnit<'_>> {
        let mut builder = UnitBuilder::new();
        for (i, f) in self.files.iter().enumerate() {
            if let Some(name) = f.name() {
                builder.add_as(f.display(), name.clone(), i);
            }
        }
        builder
            .build()
            .into_iter()
            .map(|unit| LoadedUnit::new(unit, self))
            .collect()
    }

    /// Writes every file of the set into a ZIP under its standard name (the name as read,
    /// upper case, for files whose name is not of the standard), in `folder` when given.
    ///
    /// # Errors
    /// A name the archive writer refuses (two files of the same name).
    pub fn to_zip(&self, folder: Option<&str>) -> Result<Vec<u8>, Error> {
        write_zip(self.files.iter(), folder)
    }

    fn add_file(&mut self, display: String, bytes: Vec<u8>) -> Result<(), Error> {
        let file = LoadedFile::read(display, bytes, self.options.mode)?;
        self.files.push(file);
        Ok(())
    }

    fn add_folder(&mut self, dir: &Path) -> Result<(), Error> {
        let shown = dir.display().to_string();
        let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| Error::from(e).for_file(shown.clone()))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(|e| Error::from(e).for_file(shown.clone()))?;
        entries.sort();
        for path in entries {
            let shown = path.display().to_string();
            let meta = std::fs::symlink_metadata(&path)
                .map_err(|e| Error::from(e).for_file(shown.clone()))?;
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if meta.is_dir() {
                self.add_folder(&path)?;
            } else if !meta.is_file() {
                // A symbolic link or a special file: never followed.
                self.notes.push(ignored(shown, &file_name));
            } else if has_extension(&file_name, "zip") {
                let file = File::open(&path).map_err(|e| Error::from(e).for_file(shown.clone()))?;
                self.add_zip(file, &shown)?;
            } else if self.wanted(&file_name) {
                let bytes =
                    std::fs::read(&path).map_err(|e| Error::from(e).for_file(shown.clone()))?;
                self.add_file(shown, bytes)?;
            } else {
                self.notes.push(ignored(shown, &file_name));
            }
        }
        Ok(())
    }

    /// Whether a file found in a folder or an archive is read: a name of the standard, or
    /// the extension `.csv`.
    fn wanted(&self, file_name: &str) -> bool {
        has_extension(file_name, "csv")
            || FileName::parse_with(file_name, self.options.mode).is_ok()
    }
}

/// Writes files into a ZIP under their standard names.
pub(crate) fn write_zip<'a>(
    files: impl Iterator<Item = &'a LoadedFile>,
    folder: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
    for f in files {
        let name = f
            .name()
            .map_or_else(|| f.file_name().to_uppercase(), ToString::to_string);
        let entry = match folder {
            Some(dir) => format!("{dir}/{name}"),
            None => name,
        };
        w.add(&entry, f.bytes())?;
    }
    Ok(w.finish()?.into_inner())
}

/// An archive of which no file was read: an error, since an archive sent for exchange
/// holds at least one transmission unit, and one that gives nothing would otherwise look
/// like an import that went well.
fn empty_archive(shown: &str, folders: usize, left_aside: usize) -> Problem {
    let found = if folders + left_aside == 0 {
        "no entry / エントリなし".to_string()
    } else {
        format!(
            "{folders} folder(s), {left_aside} entry(ies) left aside / フォルダ {folders} 件、対象外のエントリ {left_aside} 件"
        )
    };
    Problem::error(ProblemKind::EmptyArchive)
        .in_file(shown.to_string())
        .found(found)
}

/// An entry left aside.
fn ignored(display: String, path: &str) -> Problem {
    Problem::warning(ProblemKind::IgnoredEntry)
        .in_file(display)
        .found(path.to_string())
}

fn has_extension(name: &str, ext: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext))
}

/// Whether the bytes start with a ZIP signature (a local header, or the end record of an
/// empty archive).
fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_and_signatures() {
        assert!(has_extension("a/B.ZiP", "zip"));
        assert!(!has_extension("zip", "zip"));
        assert!(looks_like_zip(b"PK\x03\x04rest"));
        assert!(!looks_like_zip(b"202407,1"));
    }
}
