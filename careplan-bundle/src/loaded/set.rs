//! Files read from paths, folders, ZIP archives and uploads, gathered for work across files.

use std::fs::File;
use std::io::{self, Cursor, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use careplan_csv::FileName;
use careplan_model::{Mode, Problem, ProblemKind};

use rayon::prelude::*;

use super::file::{read_path_on_threads, read_stream, LoadedFile};
use super::source::{SharedArchive, SharedInput, Source};
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
/// assert!(set.files().is_empty());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct LoadOptions {
    mode: Mode,
    limits: ArchiveLimits,
    keep_records: bool,
    /// Threads a large file given by path is read on (0 or 1: one).
    threads: usize,
    /// The parts of a file read on several threads (0: the reader's default).
    part_bytes: usize,
    /// The most record problems listed in all the set's files (`None`:
    /// [`MAX_LISTED_IN_SET`]).
    max_listed: Option<u64>,
}

/// The most record problems a [`FileSet`] lists in all its files together, by default
/// ([`LoadOptions::max_listed`]): past it, each file's problems are counted, as past
/// [`MAX_LISTED_PER_KIND`](crate::MAX_LISTED_PER_KIND) of one kind, so that many files of
/// garbage (a folder, an archive's entries) cost the set a bounded memory, as one does.
pub const MAX_LISTED_IN_SET: u64 = 100_000;

/// How many files are read at once, on every core, before they join the set in order:
/// what is held at any time is the set and the problems of this many files.
const FILES_AT_ONCE: usize = 32;

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

    /// Keeps every file's records from the first reading (memory grows with the records),
    /// instead of reading them again from the source when they are asked for (the default:
    /// memory grows with the keys only). Needed for input that cannot be read twice
    /// ([`FileSet::add_reader`]) when its records are wanted.
    ///
    /// ```
    /// use careplan_bundle::{FileSet, LoadOptions};
    /// let mut set = FileSet::with_options(LoadOptions::new().keep_records(true));
    /// set.add_reader(
    ///     "DLTPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV",
    ///     &b"202407,131001,0000012345,202504\r\n"[..],
    /// )?;
    /// assert!(set.files()[0].records_kept());
    /// assert_eq!(set.files()[0].records().len(), 1);
    /// # Ok::<(), careplan_bundle::Error>(())
    /// ```
    pub fn keep_records(mut self, keep: bool) -> LoadOptions {
        self.keep_records = keep;
        self
    }

    /// Reads a file of the standard given by path (or found in a folder) on `threads`
    /// threads when it is large enough to be cut into parts (a few MiB and more), with the
    /// same result as on one ([`FileReaderBuilder::threads`](careplan_csv::FileReaderBuilder::threads));
    /// archive entries, uploads and streams are read on one. Default 1. For one large file:
    /// the files of a folder are already read in parallel, each on one thread.
    ///
    /// Unless the records are kept ([`keep_records`](LoadOptions::keep_records)), each
    /// thread gathers the keys and problems of the parts it reads, and the parts' are joined
    /// in the file's order ([`FileReaderBuilder::fold_file`](careplan_csv::FileReaderBuilder::fold_file)):
    /// no record goes from one thread to another.
    ///
    /// ```
    /// use careplan_bundle::{FileSet, LoadOptions};
    /// # let dir = std::env::temp_dir().join(format!("careplan-load-threads-{}", std::process::id()));
    /// # std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("DLTPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV");
    /// let lines: String = (0..100_000).map(|i| format!("202407,131001,{i:010},202504\r\n")).collect();
    /// std::fs::write(&path, lines).unwrap();
    /// let mut set = FileSet::with_options(LoadOptions::new().threads(2));
    /// set.add_path(&path)?;
    /// assert_eq!(set.files()[0].summary().users, 100_000);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), careplan_bundle::Error>(())
    /// ```
    pub fn threads(mut self, threads: usize) -> LoadOptions {
        self.threads = threads;
        self
    }

    /// The most record problems listed in all the set's files together (default
    /// [`MAX_LISTED_IN_SET`]). The files' own problems (their names, encodings) are always
    /// listed; a file's record problems are listed while the set has listed fewer, in the
    /// files' order, and counted past it: one [`NotListed`](careplan_model::ProblemKind::NotListed)
    /// problem per kind and severity says how many. The report is the same whatever
    /// the threads.
    ///
    /// ```
    /// use careplan_bundle::{FileSet, LoadOptions};
    /// use careplan_model::ProblemKind;
    /// let name = |s| format!("DLTPLAN_202504_0300000100_43_0300000005_11_2025040109300{s}.CSV");
    /// // Each record's 被保険者番号 is not ten characters: one problem a record.
    /// let bytes = b"202407,131001,12345,202504\r\n".repeat(3);
    /// let mut set = FileSet::with_options(LoadOptions::new().max_listed(4));
    /// set.add_bytes(&name(0), bytes.clone())?.add_bytes(&name(1), bytes)?;
    /// let listed = |i: usize| {
    ///     let f = &set.files()[i];
    ///     f.problems().filter(|p| p.kind != ProblemKind::NotListed).count()
    /// };
    /// assert_eq!((listed(0), listed(1)), (3, 1));
    /// let counted = set.files()[1].problems().find(|p| p.kind == ProblemKind::NotListed);
    /// assert_eq!(counted.and_then(|p| p.found.as_deref()), Some("2"));
    /// assert!(set.files()[1].has_errors());
    /// # Ok::<(), careplan_bundle::Error>(())
    /// ```
    pub fn max_listed(mut self, problems: u64) -> LoadOptions {
        self.max_listed = Some(problems);
        self
    }

    /// The size of the parts a file is cut into on several threads (for tests and
    /// tuning; see [`FileReaderBuilder::part_bytes`](careplan_csv::FileReaderBuilder)).
    #[doc(hidden)]
    pub fn part_bytes(mut self, bytes: usize) -> LoadOptions {
        self.part_bytes = bytes;
        self
    }

    /// The threads a large file given by path is read on.
    #[doc(hidden)]
    pub fn threads_value(&self) -> usize {
        self.threads.max(1)
    }

    /// Whether records are kept from the first reading.
    #[doc(hidden)]
    pub fn keep_records_value(&self) -> bool {
        self.keep_records
    }

    /// The reading mode.
    #[doc(hidden)]
    pub fn mode_value(&self) -> Mode {
        self.mode
    }

    /// The archive limits.
    #[doc(hidden)]
    pub fn limits_value(&self) -> ArchiveLimits {
        self.limits
    }
}

/// Files read from any mix of paths, folders, ZIP archives and uploads, with the notes of
/// what was left aside.
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
///   [`EmptyArchive`](ProblemKind::EmptyArchive) error in the notes, naming the archive
///   (and [`has_errors`](FileSet::has_errors) says so).
///
/// Files are streamed: a plain file or an archive entry is never held whole, a record
/// over the reader's limit stops the file having read about the limit, and each file
/// keeps its summary, problems and the keys of its records, not the records (see
/// [`LoadedFile`]). The files of a folder and the entries of an archive are read in
/// parallel (on the current rayon pool); the set is the same, in the same order, as
/// read one by one.
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
    /// The record problems the files list.
    listed: u64,
    notes: Vec<Problem>,
    archive_notes: Vec<(String, ArchiveNote)>,
}

/// What one input gave: files, notes and the archive reader's notes, in order.
#[derive(Default)]
struct Batch {
    files: Vec<LoadedFile>,
    notes: Vec<Problem>,
    archive_notes: Vec<(String, ArchiveNote)>,
}

/// One thing to read, found walking a folder.
enum Job {
    File(PathBuf, String),
    Zip(PathBuf, String),
    Note(Problem),
    /// The walk stopped here.
    Fail(Error),
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
    #[doc(hidden)]
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

    /// Whether any file has an error, or any note is one (an archive that gave no file).
    /// The problems of units are not counted: see [`LoadedUnit::problems`] and
    /// [`relations::check_all`](crate::relations::check_all).
    ///
    /// ```
    /// use careplan_bundle::FileSet;
    /// use careplan_bundle::ArchiveWriter;
    /// let empty = ArchiveWriter::new(std::io::Cursor::new(Vec::new())).finish()?.into_inner();
    /// let mut set = FileSet::new();
    /// set.add_bytes("month.zip", empty)?;
    /// assert!(set.files().is_empty());
    /// assert!(set.has_errors());
    /// # Ok::<(), careplan_bundle::Error>(())
    /// ```
    pub fn has_errors(&self) -> bool {
        self.files.iter().any(LoadedFile::has_errors) || self.notes.iter().any(Problem::is_error)
    }

    /// Adds a file read elsewhere (its record problems listed while the set lists fewer
    /// than [`LoadOptions::max_listed`], counted past it).
    pub fn push(&mut self, mut file: LoadedFile) -> &mut FileSet {
        self.listed += file.list_at_most(self.listed_left());
        self.files.push(file);
        self
    }

    /// How many more record problems the set lists.
    fn listed_left(&self) -> u64 {
        let max = self.options.max_listed.unwrap_or(MAX_LISTED_IN_SET);
        max.saturating_sub(self.listed)
    }

    /// Adds a file, a folder (with everything in it, sub-folders included) or a ZIP
    /// archive (by its extension, or, for a path given here whose name is neither a name
    /// of the standard nor a CSV file's, its first bytes) from the
    /// file system. A path that is not a regular file (a pipe, as `<(…)` gives) is read
    /// once, as [`add_reader`](FileSet::add_reader) reads.
    ///
    /// # Errors
    /// An I/O error, a refused archive or a file the reader cannot go on with, naming the
    /// path. Files read before the failure (in path order) stay in the set.
    pub fn add_path(&mut self, path: impl AsRef<Path>) -> Result<&mut FileSet, Error> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let fail = |e: io::Error| Error::from(e).for_file(shown.clone());
        let meta = std::fs::metadata(path).map_err(fail)?;
        let jobs = if meta.is_dir() {
            let mut jobs = Vec::new();
            self.walk(path, &mut jobs);
            jobs
        } else if has_extension(&shown, "zip") {
            vec![Job::Zip(path.to_path_buf(), shown)]
        } else if !meta.is_file() {
            let file = File::open(path).map_err(fail)?;
            return self.add_reader(&shown, io::BufReader::new(file));
        } else if !self.wanted(&file_name_of(path)) && is_zip_file(path).map_err(fail)? {
            vec![Job::Zip(path.to_path_buf(), shown)]
        } else {
            vec![Job::File(path.to_path_buf(), shown)]
        };
        self.run(jobs)?;
        Ok(self)
    }

    /// Adds an upload: a ZIP archive (by the extension `.zip` or its first bytes) or one
    /// file, always read whatever its name. The bytes are kept as the files' source.
    ///
    /// # Errors
    /// A refused archive, or a file the reader cannot go on with, naming the upload.
    pub fn add_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<&mut FileSet, Error> {
        if has_extension(name, "zip") || looks_like_zip(&bytes) {
            let batch = self.read_archive(SharedInput::bytes(Arc::new(bytes)), name)?;
            self.take(batch);
        } else {
            let file = LoadedFile::read(name.to_string(), bytes, self.options.mode)?;
            self.push(file);
        }
        Ok(self)
    }

    /// Adds one file or a ZIP archive (by its first bytes) from a stream read once, such
    /// as standard input, always read whatever its name. A file is streamed; its records
    /// cannot be read again, so they are available only with
    /// [`LoadOptions::keep_records`]. An archive is read into memory first (a ZIP needs
    /// to be read from its end).
    ///
    /// ```
    /// use careplan_bundle::FileSet;
    /// let mut set = FileSet::new();
    /// let stdin = &b"202407,131001,0000012345,202504\r\n"[..];
    /// set.add_reader("DLTPLAN_202504_0300000100_43_0300000005_11_20250401093000.CSV", stdin)?;
    /// assert_eq!(set.files()[0].summary().records, 1);
    /// assert!(set.files()[0].try_records().is_err());
    /// # Ok::<(), careplan_bundle::Error>(())
    /// ```
    ///
    /// # Errors
    /// An I/O error, a refused archive, or a file the reader cannot go on with, naming
    /// `name`.
    pub fn add_reader(&mut self, name: &str, mut reader: impl Read) -> Result<&mut FileSet, Error> {
        let fail = |e: io::Error| Error::from(e).for_file(name.to_string());
        let mut head = Vec::with_capacity(4);
        (&mut reader).take(4).read_to_end(&mut head).map_err(fail)?;
        if has_extension(name, "zip") || looks_like_zip(&head) {
            reader.read_to_end(&mut head).map_err(fail)?;
            return self.add_bytes(name, head);
        }
        let mut input = Cursor::new(head).chain(reader);
        let file = read_stream(
            name.to_string(),
            &mut input,
            Source::Gone,
            self.options.mode,
            self.options.keep_records,
        )?;
        self.push(file);
        Ok(self)
    }

    /// Adds the files of a ZIP archive, shown as `shown/path in the archive`. The reader
    /// is kept (behind a lock) as the files' source.
    ///
    /// # Errors
    /// A refused archive (see [`ArchiveReader`]) or an entry that cannot be read, naming
    /// `shown` (and the entry). Nothing of a refused archive is added.
    pub fn add_zip<R: Read + Seek + Send + 'static>(
        &mut self,
        reader: R,
        shown: &str,
    ) -> Result<&mut FileSet, Error> {
        let batch = self.read_archive(SharedInput::reader(reader), shown)?;
        self.take(batch);
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
    /// A name the archive writer refuses (two files of the same name), or a file whose
    /// bytes cannot be read again.
    pub fn to_zip(&self, folder: Option<&str>) -> Result<Vec<u8>, Error> {
        write_zip(self.files.iter(), folder)
    }

    /// Moves every file and note of `other` to the end of this set, in their order: sets
    /// read apart (on several threads, say) become the set one reading in that order gives.
    ///
    /// ```
    /// use careplan_bundle::FileSet;
    /// let mut all = FileSet::new();
    /// let mut part = FileSet::new();
    /// part.add_bytes("UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV", Vec::new())?;
    /// all.append(part);
    /// assert_eq!(all.files().len(), 1);
    /// # Ok::<(), careplan_bundle::Error>(())
    /// ```
    ///
    /// The files' record problems are listed while this set lists fewer than its
    /// [`LoadOptions::max_listed`], counted past it, as if they had been read into it.
    pub fn append(&mut self, other: FileSet) -> &mut FileSet {
        self.take(Batch {
            files: other.files,
            notes: other.notes,
            archive_notes: other.archive_notes,
        });
        self
    }

    fn take(&mut self, batch: Batch) {
        for file in batch.files {
            self.push(file);
        }
        self.notes.extend(batch.notes);
        self.archive_notes.extend(batch.archive_notes);
    }

    /// Runs the jobs of a walk and takes their results in order, up to the first
    /// failure: [`FILES_AT_ONCE`] files at a time in parallel, an archive on its own (its
    /// entries are read in parallel).
    fn run(&mut self, jobs: Vec<Job>) -> Result<(), Error> {
        let mut jobs = jobs.into_iter().peekable();
        while jobs.peek().is_some() {
            let mut run = Vec::new();
            while run.len() < FILES_AT_ONCE && !matches!(jobs.peek(), None | Some(Job::Zip(..))) {
                run.extend(jobs.next());
            }
            if run.is_empty() {
                // An archive, read on its own.
                if let Some(job) = jobs.next() {
                    let batch = self.run_job(job)?;
                    self.take(batch);
                }
                continue;
            }
            // One job (a file given by path) on this thread: no handing over to the pool.
            let results: Vec<Result<Batch, Error>> = if run.len() == 1 {
                run.into_iter().map(|job| self.run_job(job)).collect()
            } else {
                run.into_par_iter().map(|job| self.run_job(job)).collect()
            };
            for r in results {
                self.take(r?);
            }
        }
        Ok(())
    }

    /// One job of a walk.
    fn run_job(&self, job: Job) -> Result<Batch, Error> {
        let mut batch = Batch::default();
        match job {
            Job::File(path, shown) => batch.files.push(self.read_file(path, shown)?),
            Job::Note(p) => batch.notes.push(p),
            Job::Fail(e) => return Err(e),
            Job::Zip(path, shown) => {
                let file = File::open(&path).map_err(|e| Error::from(e).for_file(shown.clone()))?;
                batch = self.read_archive(SharedInput::reader(file), &shown)?;
            }
        }
        Ok(batch)
    }

    /// Reads a file from the file system: a file of the standard on the set's threads
    /// when there are several, any other on this one.
    fn read_file(&self, path: PathBuf, shown: String) -> Result<LoadedFile, Error> {
        let (mode, keep) = (self.options.mode, self.options.keep_records);
        if self.options.threads > 1 {
            if let Ok((name, _)) = FileName::parse_with(&shown, mode) {
                if name.kind().is_csv() {
                    let (threads, part) = (self.options.threads, self.options.part_bytes);
                    return read_path_on_threads(shown, name, &path, mode, keep, threads, part);
                }
            }
        }
        // Read as it is: the reader has a buffer of its own.
        let mut file = File::open(&path).map_err(|e| Error::from(e).for_file(shown.clone()))?;
        read_stream(shown, &mut file, Source::Path(path), mode, keep)
    }

    /// Lists a folder's files (sub-folders first walked where they sort), in path order.
    fn walk(&self, dir: &Path, jobs: &mut Vec<Job>) -> bool {
        let shown = dir.display().to_string();
        let listed: Result<Vec<PathBuf>, io::Error> =
            std::fs::read_dir(dir).and_then(|rd| rd.map(|e| e.map(|e| e.path())).collect());
        let mut entries = match listed {
            Ok(e) => e,
            Err(e) => {
                jobs.push(Job::Fail(Error::from(e).for_file(shown)));
                return false;
            }
        };
        entries.sort();
        for path in entries {
            let shown = path.display().to_string();
            let meta = match std::fs::symlink_metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    jobs.push(Job::Fail(Error::from(e).for_file(shown)));
                    return false;
                }
            };
            let file_name = file_name_of(&path);
            if meta.is_dir() {
                if !self.walk(&path, jobs) {
                    return false;
                }
            } else if !meta.is_file() {
                // A symbolic link or a special file: never followed.
                jobs.push(Job::Note(ignored(shown, &file_name)));
            } else if has_extension(&file_name, "zip") {
                jobs.push(Job::Zip(path, shown));
            } else if self.wanted(&file_name) {
                jobs.push(Job::File(path, shown));
            } else {
                jobs.push(Job::Note(ignored(shown, &file_name)));
            }
        }
        true
    }

    /// Reads the files of an archive, entries in parallel, each streamed from its own
    /// clone of the archive.
    fn read_archive(&self, input: SharedInput, shown: &str) -> Result<Batch, Error> {
        let zip = ArchiveReader::with_limits(input, self.options.limits)
            .map_err(|e| e.for_file(shown))?;
        let zip = Arc::new(zip);
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
        let mut wanted = Vec::new();
        for (i, entry) in zip.list().iter().enumerate() {
            let display = format!("{shown}/{}", entry.path);
            if has_extension(&entry.file_name, "zip") || !self.wanted(&entry.file_name) {
                notes.push(ignored(display, &entry.path));
            } else {
                wanted.push((i, display));
            }
        }
        let (mode, keep) = (self.options.mode, self.options.keep_records);
        // The entries are read a few at a time, each run's record problems listed while
        // the set would list them (it lists them again as it takes the files).
        let mut files = Vec::new();
        let mut left = self.listed_left();
        for run in wanted.chunks(FILES_AT_ONCE) {
            let read: Vec<LoadedFile> = run
                .par_iter()
                .map(|(i, display)| read_entry(&zip, *i, display.clone(), shown, mode, keep))
                .collect::<Result<_, _>>()?;
            for mut file in read {
                left -= file.list_at_most(left);
                files.push(file);
            }
        }
        if files.is_empty() {
            notes.push(empty_archive(shown, folders, notes.len()));
        }
        let archive_notes = zip
            .notes()
            .iter()
            .cloned()
            .map(|n| (shown.to_string(), n))
            .collect();
        Ok(Batch {
            files,
            notes,
            archive_notes,
        })
    }

    /// Whether a file found in a folder or an archive is read: a name of the standard, or
    /// the extension `.csv`.
    fn wanted(&self, file_name: &str) -> bool {
        has_extension(file_name, "csv")
            || FileName::parse_with(file_name, self.options.mode).is_ok()
            // A family-structure image whose name is wrong (a 枝番 of other than 4 digits):
            // read, so that the name's problem is reported wherever the file sits.
            || file_name.to_ascii_uppercase().starts_with("UPKIHON_IMAGE_")
    }
}

/// Reads entry `index` of a shared archive as the file `display`. An error of the entry's
/// data (damaged, longer than declared) is given as the archive's error, not as the CSV
/// reader's failure to read.
fn read_entry(
    zip: &SharedArchive,
    index: usize,
    display: String,
    shown: &str,
    mode: Mode,
    keep: bool,
) -> Result<LoadedFile, Error> {
    let mut own = ArchiveReader::clone(zip);
    let entry = own.open_entry(index).map_err(|e| e.for_file(shown))?;
    let mut input = Capturing {
        inner: entry,
        failure: None,
    };
    let read = read_stream(
        display,
        &mut input,
        Source::Entry(Arc::clone(zip), index),
        mode,
        keep,
    );
    match (read, input.failure) {
        (Err(_), Some(e)) => Err(crate::archive::error_from_io(e).for_file(shown)),
        (read, _) => read,
    }
}

/// Keeps the first error of the reader it wraps, handing the CSV reader a plain one.
struct Capturing<R> {
    inner: R,
    failure: Option<io::Error>,
}

impl<R: Read> Read for Capturing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => Ok(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                let plain = io::Error::new(e.kind(), e.to_string());
                self.failure.get_or_insert(e);
                Err(plain)
            }
        }
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
        let bytes = f.try_bytes().map_err(|e| {
            Error::from(io::Error::other(e.to_string())).for_file(f.display().to_string())
        })?;
        w.add(&entry, bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

/// An archive of which no file was read: an error, since an archive sent for exchange
/// holds at least one transmission unit, and one that gives nothing would otherwise look
/// like an import that went well.
fn empty_archive(shown: &str, folders: usize, left_aside: usize) -> Problem {
    let p = Problem::error(ProblemKind::EmptyArchive).in_file(shown.to_string());
    if folders + left_aside == 0 {
        // No entry at all: nothing to show; the messages say so.
        p
    } else {
        // The folders and the entries left aside, counted (the messages name them).
        p.found(format!("{folders}, {left_aside}"))
    }
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

/// The last part of `path`, as text.
fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether the regular file at `path` starts as a ZIP archive does (no file of the
/// standard can: its first item is a number).
fn is_zip_file(path: &Path) -> io::Result<bool> {
    let mut head = Vec::with_capacity(4);
    File::open(path)?.take(4).read_to_end(&mut head)?;
    Ok(looks_like_zip(&head))
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
