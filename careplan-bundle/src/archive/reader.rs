//! Reading an archive: every entry checked against the limits and safety rules from the
//! central directory before anything is extracted, then bounded reads.

use std::io::{self, Read, Seek};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use zip::result::ZipError;
use zip::ZipArchive;

use super::central::{self, CentralEntry, Directory};
use super::limits::ArchiveLimits;
use super::name::{self, EntryPath, NameEncoding, NameSet};
use super::note::ArchiveNote;
use crate::error::{Error, ErrorKind};

const FLAG_ENCRYPTED: u16 = 1;
const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
const FLAG_UTF8: u16 = 1 << 11;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATED: u16 = 8;
const METHOD_AES: u16 = 99;
const SYSTEM_UNIX: u16 = 3;
const SYSTEM_OSX: u16 = 19;
const DOS_DIRECTORY: u32 = 0x10;
const UNIX_TYPE_MASK: u32 = 0o170_000;
const UNIX_REGULAR: u32 = 0o100_000;
const UNIX_DIRECTORY: u32 = 0o040_000;
const UNIX_SYMLINK: u32 = 0o120_000;
const LOCAL_HEADER_LEN: u64 = 30;
/// The most that [`ArchiveReader::read_entry`] reserves before seeing data.
const MAX_PREALLOCATION: u64 = 8 << 20;

/// A file in an archive, as listed by [`ArchiveReader::list`].
///
/// ```
/// use careplan_bundle::{ArchiveReader, ArchiveWriter, NameEncoding};
/// let mut w = ArchiveWriter::new(std::io::Cursor::new(Vec::new()));
/// w.add("202412/UPPLAN.CSV", b"202407,1\r\n")?;
/// let r = ArchiveReader::new(w.finish()?)?;
/// let entry = &r.list()[0];
/// assert_eq!(entry.path, "202412/UPPLAN.CSV");
/// assert_eq!(entry.file_name, "UPPLAN.CSV");
/// assert_eq!(entry.size, 10);
/// assert_eq!(entry.name_encoding, NameEncoding::Ascii);
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArchiveEntry {
    /// The full path in the archive, normalised: `/` between parts, no `.` or empty parts.
    pub path: String,
    /// The last part of the path: the file name proper.
    pub file_name: String,
    /// The name as stored in the archive (decoded), for messages.
    pub stored_name: String,
    /// The uncompressed size in bytes, as declared (and enforced while reading).
    pub size: u64,
    /// The compressed size in bytes.
    pub compressed_size: u64,
    /// How the stored name was decoded.
    pub name_encoding: NameEncoding,
    /// The modification time stored for the entry (local time, 2-second precision), when
    /// it is a valid date.
    pub modified: Option<NaiveDateTime>,
    /// The entry's position in the archive's central directory.
    zip_index: usize,
    /// The local header's position in the input.
    header_offset: u64,
}

/// Reads a ZIP archive of care-plan files safely.
///
/// Opening reads the central directory and refuses the whole archive, before extracting
/// anything, if any entry is unsafe: a path that climbs out (`..`, also with `\`), an
/// absolute path (`/x`, `C:\x`, `\\server`), an encrypted entry, a symbolic link or special
/// file, a compression method other than stored or deflate, a size or compression ratio
/// over the [`ArchiveLimits`], too many entries, or two names that land on the same file
/// (compared without regard to case, `\` read as `/`, as the standard's file names are
/// case-insensitive). Each error names the entry.
///
/// Directories, `__MACOSX/` metadata, `._*`, `.DS_Store`, `Thumbs.db` and `desktop.ini`
/// are skipped and reported in [`notes`](Self::notes); the other files are
/// [`list`](Self::list)ed, in archive order. Reading an entry never yields more than its
/// declared size, whatever the compressed data expands to.
///
/// ```
/// use std::io::Cursor;
/// use careplan_bundle::{ArchiveLimits, ArchiveReader, ArchiveWriter};
///
/// let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
/// w.add("UPHOSOKU_000000_0300000100_43_0300000005_11_20191025200201.CSV", b"202407\r\n")?;
/// let bytes = w.finish()?.into_inner();
///
/// let mut r = ArchiveReader::with_limits(Cursor::new(bytes), ArchiveLimits::new())?;
/// assert_eq!(r.len(), 1);
/// assert!(r.notes().is_empty());
/// assert_eq!(r.read_entry(0)?, b"202407\r\n");
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
pub struct ArchiveReader<R: Read + Seek> {
    zip: ZipArchive<R>,
    entries: Arc<[ArchiveEntry]>,
    notes: Arc<[ArchiveNote]>,
    limits: ArchiveLimits,
}

/// A reader whose input can be cloned (bytes in memory, a shared handle) clones cheaply:
/// the checked directory is shared, and each clone reads entries on its own, so entries
/// can be read on several threads at once.
///
/// ```
/// use std::io::{Cursor, Read};
/// use careplan_bundle::{ArchiveReader, ArchiveWriter};
/// let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
/// w.add("A.CSV", b"202407,1\r\n")?;
/// w.add("B.CSV", b"202407,2\r\n")?;
/// let r = ArchiveReader::new(w.finish()?)?;
/// let mut other = r.clone();
/// assert_eq!(other.read_entry(1)?, b"202407,2\r\n");
/// assert_eq!(r.clone().read_entry(0)?, b"202407,1\r\n");
/// # Ok::<(), careplan_bundle::Error>(())
/// ```
impl<R: Read + Seek + Clone> Clone for ArchiveReader<R> {
    fn clone(&self) -> ArchiveReader<R> {
        ArchiveReader {
            zip: self.zip.clone(),
            entries: Arc::clone(&self.entries),
            notes: Arc::clone(&self.notes),
            limits: self.limits,
        }
    }
}

impl<R: Read + Seek> std::fmt::Debug for ArchiveReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArchiveReader")
            .field("entries", &self.entries)
            .field("notes", &self.notes)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl<R: Read + Seek> ArchiveReader<R> {
    /// Opens an archive with the default [`ArchiveLimits`].
    pub fn new(inner: R) -> Result<ArchiveReader<R>, Error> {
        ArchiveReader::with_limits(inner, ArchiveLimits::DEFAULT)
    }

    /// Opens an archive with the given limits.
    pub fn with_limits(mut inner: R, limits: ArchiveLimits) -> Result<ArchiveReader<R>, Error> {
        let directory = central::read_directory(&mut inner, limits.max_entries())?;
        let (entries, notes) = check_directory(&directory, &limits)?;
        let zip = ZipArchive::new(inner).map_err(open_error)?;
        if zip.len() != directory.entries.len() || zip.central_directory_start() != directory.start
        {
            return Err(Error::new(ErrorKind::Malformed {
                detail: "two readings of the central directory disagree (is there more than one end record?)"
                    .into(),
            }));
        }
        Ok(ArchiveReader {
            zip,
            entries: entries.into(),
            notes: notes.into(),
            limits,
        })
    }

    /// The files in the archive, in archive order (skipped entries are in
    /// [`notes`](Self::notes)).
    pub fn list(&self) -> &[ArchiveEntry] {
        &self.entries
    }

    /// The number of listed files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no file is listed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What was skipped, and names whose encoding was guessed, for the caller to report.
    pub fn notes(&self) -> &[ArchiveNote] {
        &self.notes
    }

    /// The limits in force.
    pub fn limits(&self) -> &ArchiveLimits {
        &self.limits
    }

    /// The index of the file with this path, compared without regard to case (`\` read as
    /// `/`).
    pub fn find(&self, path: &str) -> Option<usize> {
        let wanted = path.replace('\\', "/").to_lowercase();
        self.entries
            .iter()
            .position(|e| e.path.to_lowercase() == wanted)
    }

    /// Reads the whole of file `index` (an index into [`list`](Self::list)).
    pub fn read_entry(&mut self, index: usize) -> Result<Vec<u8>, Error> {
        let mut reader = self.open_entry(index)?;
        let mut out = Vec::with_capacity(reader.declared.min(MAX_PREALLOCATION) as usize);
        reader.read_to_end(&mut out).map_err(error_from_io)?;
        Ok(out)
    }

    /// Opens file `index` (an index into [`list`](Self::list)) for reading. The reader
    /// yields at most the declared size and fails (with this crate's [`Error`] inside the
    /// `io::Error`) if the data is longer, shorter or damaged.
    pub fn open_entry(&mut self, index: usize) -> Result<EntryReader<'_, R>, Error> {
        let len = self.entries.len();
        let entry = self
            .entries
            .get(index)
            .ok_or_else(|| Error::new(ErrorKind::NoSuchEntry { index, len }))?;
        let file = self
            .zip
            .by_index(entry.zip_index)
            .map_err(|e| open_error(e).for_entry(entry.stored_name.clone()))?;
        if file.size() != entry.size
            || file.compressed_size() != entry.compressed_size
            || file.header_start() != entry.header_offset
        {
            return Err(Error::new(ErrorKind::Malformed {
                detail: "the entry reads differently from the central directory".into(),
            })
            .for_entry(entry.stored_name.clone()));
        }
        Ok(EntryReader {
            inner: file.take(entry.size.saturating_add(1)),
            declared: entry.size,
            delivered: 0,
            entry: entry.stored_name.clone(),
        })
    }

    /// Gives back the underlying reader.
    pub fn into_inner(self) -> R {
        self.zip.into_inner()
    }
}

/// The data of one archive file, from [`ArchiveReader::open_entry`].
///
/// Yields at most the entry's declared size; an entry whose data is longer than declared
/// fails with [`ErrorKind::ExceedsDeclaredSize`] as soon as the excess is seen, so a lying
/// header cannot make it read further. Errors are `io::Error`s holding this crate's
/// [`Error`] (get it back with `into_inner` and `downcast`).
///
/// ```
/// use std::io::{Cursor, Read};
/// use careplan_bundle::{ArchiveReader, ArchiveWriter};
///
/// let mut w = ArchiveWriter::new(Cursor::new(Vec::new()));
/// w.add("UPPLAN.CSV", b"202407,1\r\n202407,2\r\n")?;
/// let mut r = ArchiveReader::new(w.finish()?)?;
/// let mut text = String::new();
/// let mut entry = r.open_entry(0)?;
/// assert_eq!(entry.declared_size(), 20);
/// entry.read_to_string(&mut text)?;
/// assert_eq!(text.lines().count(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct EntryReader<'a, R: Read + Seek> {
    inner: io::Take<zip::read::ZipFile<'a, R>>,
    declared: u64,
    delivered: u64,
    entry: String,
}

impl<R: Read + Seek> std::fmt::Debug for EntryReader<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryReader")
            .field("entry", &self.entry)
            .field("declared", &self.declared)
            .field("delivered", &self.delivered)
            .finish_non_exhaustive()
    }
}

impl<R: Read + Seek> EntryReader<'_, R> {
    /// The entry's declared (uncompressed) size.
    pub fn declared_size(&self) -> u64 {
        self.declared
    }

    fn fail(&self, kind: ErrorKind) -> io::Error {
        let io_kind = match kind {
            ErrorKind::Io(ref e) => e.kind(),
            _ => io::ErrorKind::InvalidData,
        };
        io::Error::new(io_kind, Error::new(kind).for_entry(self.entry.clone()))
    }
}

impl<R: Read + Seek> Read for EntryReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = match self.inner.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(e) => {
                let kind = match e.kind() {
                    io::ErrorKind::InvalidData
                    | io::ErrorKind::InvalidInput
                    | io::ErrorKind::UnexpectedEof => ErrorKind::CorruptEntry {
                        detail: e.to_string(),
                    },
                    _ => ErrorKind::Io(e),
                };
                return Err(self.fail(kind));
            }
        };
        if n == 0 {
            if self.delivered < self.declared {
                return Err(self.fail(ErrorKind::CorruptEntry {
                    detail: format!(
                        "the data ends after {} of the declared {} bytes",
                        self.delivered, self.declared
                    ),
                }));
            }
            return Ok(0);
        }
        self.delivered = self.delivered.saturating_add(n as u64);
        if self.delivered > self.declared {
            return Err(self.fail(ErrorKind::ExceedsDeclaredSize {
                declared: self.declared,
            }));
        }
        Ok(n)
    }
}

/// Gets this crate's error back out of an `io::Error` from an [`EntryReader`].
pub(crate) fn error_from_io(e: io::Error) -> Error {
    if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        if let Some(inner) = e.into_inner() {
            return match inner.downcast::<Error>() {
                Ok(ours) => *ours,
                Err(other) => Error::from(io::Error::other(other)),
            };
        }
        return Error::new(ErrorKind::Malformed {
            detail: "an error was lost".into(),
        });
    }
    Error::from(e)
}

fn open_error(e: ZipError) -> Error {
    match e {
        ZipError::Io(e) => Error::from(e),
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            Error::new(ErrorKind::Encrypted)
        }
        other => Error::new(ErrorKind::NotZip {
            detail: other.to_string(),
        }),
    }
}

fn dos_time(date: u16, time: u16) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(
        1980 + i32::from(date >> 9),
        u32::from((date >> 5) & 0xf),
        u32::from(date & 0x1f),
    )?
    .and_hms_opt(
        u32::from(time >> 11),
        u32::from((time >> 5) & 0x3f),
        u32::from(time & 0x1f) * 2,
    )
}

/// Whether the entry is a directory by its attributes, a symlink or special file.
enum FileType {
    Regular,
    Directory,
}

fn file_type(raw: &CentralEntry) -> Result<FileType, ErrorKind> {
    let system = raw.made_by >> 8;
    if system == SYSTEM_UNIX || system == SYSTEM_OSX {
        let mode = raw.external_attrs >> 16;
        match mode & UNIX_TYPE_MASK {
            0 | UNIX_REGULAR => {}
            UNIX_DIRECTORY => return Ok(FileType::Directory),
            UNIX_SYMLINK => return Err(ErrorKind::Symlink),
            _ => return Err(ErrorKind::SpecialFile { mode }),
        }
    }
    if raw.external_attrs & DOS_DIRECTORY != 0 && raw.size == 0 {
        return Ok(FileType::Directory);
    }
    Ok(FileType::Regular)
}

/// Checks every entry of the central directory and sorts them into listed files and notes.
fn check_directory(
    directory: &Directory,
    limits: &ArchiveLimits,
) -> Result<(Vec<ArchiveEntry>, Vec<ArchiveNote>), Error> {
    let mut entries = Vec::new();
    let mut notes = Vec::new();
    let mut names = NameSet::default();
    let mut total: u64 = 0;
    for (zip_index, raw) in directory.entries.iter().enumerate() {
        let (stored, encoding) = name::decode_name(
            &raw.name_raw,
            raw.flags & FLAG_UTF8 != 0,
            raw.unicode_name.as_deref(),
        );
        let fail = |kind: ErrorKind| Error::new(kind).for_entry(stored.clone());

        let length = raw
            .name_raw
            .len()
            .max(raw.unicode_name.as_ref().map_or(0, Vec::len));
        if length > limits.max_name_len() {
            return Err(fail(ErrorKind::NameTooLong {
                length,
                limit: limits.max_name_len(),
            }));
        }
        let mut path = name::normalise_stored(&stored).map_err(fail)?;
        if raw.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) != 0 || raw.method == METHOD_AES {
            return Err(fail(ErrorKind::Encrypted));
        }
        if let FileType::Directory = file_type(raw).map_err(fail)? {
            path.is_dir = true;
        }
        if raw.method != METHOD_STORED && raw.method != METHOD_DEFLATED {
            return Err(fail(ErrorKind::UnsupportedCompression {
                method: raw.method,
            }));
        }
        if raw.size > limits.max_entry_size() {
            return Err(fail(ErrorKind::EntryTooLarge {
                size: raw.size,
                limit: limits.max_entry_size(),
            }));
        }
        if !limits.ratio_ok(raw.size, raw.compressed_size) {
            return Err(fail(ErrorKind::RatioTooHigh {
                size: raw.size,
                compressed: raw.compressed_size,
                limit: limits.max_ratio(),
            }));
        }
        total = total.saturating_add(raw.size);
        if total > limits.max_total_size() {
            return Err(fail(ErrorKind::TotalTooLarge {
                total,
                limit: limits.max_total_size(),
            }));
        }
        if raw.method == METHOD_STORED && raw.compressed_size != raw.size {
            return Err(fail(ErrorKind::Malformed {
                detail: format!(
                    "the entry is stored uncompressed but declares {} bytes stored for {} bytes of data",
                    raw.compressed_size, raw.size
                ),
            }));
        }
        names
            .insert(&path)
            .map_err(|first| fail(ErrorKind::DuplicateName { first }))?;

        if let Some(reason) = name::skip_reason(&path) {
            notes.push(ArchiveNote::Skipped {
                path: path.path,
                reason,
            });
            continue;
        }
        if !encoding.is_declared() {
            notes.push(ArchiveNote::NameDecoded {
                path: path.path.clone(),
                encoding,
            });
        }
        let EntryPath { path, .. } = path;
        entries.push(ArchiveEntry {
            file_name: name::file_name(&path).to_string(),
            path,
            stored_name: stored,
            size: raw.size,
            compressed_size: raw.compressed_size,
            name_encoding: encoding,
            modified: dos_time(raw.dos_date, raw.dos_time),
            zip_index,
            header_offset: raw.header_offset,
        });
    }
    check_overlaps(directory)?;
    Ok((entries, notes))
}

/// Refuses entries whose data overlaps another entry or the central directory: the trick
/// of "overlapping" ZIP bombs, which make many entries out of one compressed stream.
fn check_overlaps(directory: &Directory) -> Result<(), Error> {
    let mut order: Vec<&CentralEntry> = directory.entries.iter().collect();
    order.sort_by_key(|e| e.header_offset);
    let mut previous: Option<(&CentralEntry, u64)> = None;
    for entry in order {
        if let Some((before, end)) = previous {
            if end > entry.header_offset {
                let (name, _) = name::decode_name(
                    &entry.name_raw,
                    entry.flags & FLAG_UTF8 != 0,
                    entry.unicode_name.as_deref(),
                );
                let (first, _) = name::decode_name(
                    &before.name_raw,
                    before.flags & FLAG_UTF8 != 0,
                    before.unicode_name.as_deref(),
                );
                return Err(Error::new(ErrorKind::Malformed {
                    detail: format!("the entry's data overlaps the data of {first:?}"),
                })
                .for_entry(name));
            }
        }
        let end = entry
            .header_offset
            .saturating_add(LOCAL_HEADER_LEN)
            .saturating_add(entry.compressed_size);
        if end > directory.start {
            let (name, _) = name::decode_name(
                &entry.name_raw,
                entry.flags & FLAG_UTF8 != 0,
                entry.unicode_name.as_deref(),
            );
            return Err(Error::new(ErrorKind::Malformed {
                detail: "the entry's data runs into the central directory".into(),
            })
            .for_entry(name));
        }
        previous = Some((entry, end));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dos_times_convert() {
        // 2024-12-25 13:45:30
        let date = ((2024 - 1980) << 9) | (12 << 5) | 25;
        let time = (13 << 11) | (45 << 5) | 15;
        assert_eq!(
            dos_time(date, time).map(|t| t.to_string()),
            Some("2024-12-25 13:45:30".into())
        );
        assert_eq!(dos_time(0, 0), None, "month 0 is no date");
    }

    #[test]
    fn io_errors_give_back_the_crate_error() {
        let ours = Error::new(ErrorKind::ExceedsDeclaredSize { declared: 3 }).for_entry("a");
        let wrapped = io::Error::new(io::ErrorKind::InvalidData, ours);
        let back = error_from_io(wrapped);
        assert!(matches!(
            back.kind(),
            ErrorKind::ExceedsDeclaredSize { declared: 3 }
        ));
        assert_eq!(back.entry(), Some("a"));
        let plain = error_from_io(io::Error::other("x"));
        assert!(matches!(plain.kind(), ErrorKind::Io(_)));
    }
}
