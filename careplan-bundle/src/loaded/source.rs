//! Where a file of a set was read from, so that its records or bytes can be read again
//! when a workflow asks for them, instead of being kept from the first reading.

use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::archive::ArchiveReader;
use crate::error::Error;

/// Bytes in memory, shared.
#[derive(Clone)]
pub(crate) struct SharedBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// Any input an archive can be read from, shared between threads.
pub(crate) trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// An archive's input that can be cloned cheaply, each clone with its own position, so
/// that entries can be read on several threads and again later: bytes in memory are read
/// without a lock; a file or any other reader is shared behind a lock, each read seeking
/// to the clone's own position first.
#[derive(Clone)]
pub(crate) enum SharedInput {
    /// Bytes in memory (an upload).
    Bytes(Cursor<SharedBytes>),
    /// A file or another reader with where it stands, and this clone's position in it.
    Locked(Arc<Mutex<(Box<dyn ReadSeek>, u64)>>, u64),
}

impl std::fmt::Debug for SharedInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SharedInput::Bytes(c) => write!(f, "Bytes({} bytes)", c.get_ref().0.len()),
            SharedInput::Locked(_, pos) => write!(f, "Locked(at {pos})"),
        }
    }
}

impl SharedInput {
    pub(crate) fn bytes(bytes: Arc<Vec<u8>>) -> SharedInput {
        SharedInput::Bytes(Cursor::new(SharedBytes(bytes)))
    }

    pub(crate) fn reader(reader: impl Read + Seek + Send + 'static) -> SharedInput {
        SharedInput::Locked(Arc::new(Mutex::new((Box::new(reader), u64::MAX))), 0)
    }
}

fn poisoned() -> io::Error {
    io::Error::other("a thread reading the archive failed")
}

impl Read for SharedInput {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            SharedInput::Bytes(c) => c.read(buf),
            SharedInput::Locked(inner, pos) => {
                let mut guard = inner.lock().map_err(|_| poisoned())?;
                let (reader, at) = &mut *guard;
                if *at != *pos {
                    // Not known until the seek succeeds.
                    *at = u64::MAX;
                    reader.seek(SeekFrom::Start(*pos))?;
                }
                let n = reader.read(buf);
                *at = match n {
                    Ok(n) => *pos + n as u64,
                    Err(_) => u64::MAX,
                };
                let n = n?;
                *pos += n as u64;
                Ok(n)
            }
        }
    }
}

impl Seek for SharedInput {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match self {
            SharedInput::Bytes(c) => c.seek(to),
            SharedInput::Locked(inner, pos) => {
                let new = match to {
                    SeekFrom::Start(n) => Some(n),
                    SeekFrom::Current(d) => pos.checked_add_signed(d),
                    SeekFrom::End(d) => {
                        let mut guard = inner.lock().map_err(|_| poisoned())?;
                        let (reader, at) = &mut *guard;
                        *at = u64::MAX;
                        let end = reader.seek(SeekFrom::End(0))?;
                        *at = end;
                        end.checked_add_signed(d)
                    }
                };
                *pos = new.ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidInput, "seek before the start")
                })?;
                Ok(*pos)
            }
        }
    }
}

/// An opened archive, shared by the files read from it.
pub(crate) type SharedArchive = Arc<ArchiveReader<SharedInput>>;

/// Where a file was read from.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// A file on disk.
    Path(PathBuf),
    /// Bytes given by the caller.
    Bytes(Arc<Vec<u8>>),
    /// Entry `index` of an archive.
    Entry(SharedArchive, usize),
    /// A stream that cannot be read again.
    Gone,
}

impl Source {
    /// Reads the source again from its start through `f`. `None` for a stream.
    pub(crate) fn read_again<T>(
        &self,
        f: impl FnOnce(&mut dyn Read) -> Result<T, Error>,
    ) -> Option<Result<T, Error>> {
        Some(match self {
            Source::Path(p) => match File::open(p) {
                Ok(mut file) => f(&mut file),
                Err(e) => Err(Error::from(e)),
            },
            Source::Bytes(b) => f(&mut &b[..]),
            Source::Entry(archive, index) => {
                let mut zip = ArchiveReader::clone(archive);
                let read = match zip.open_entry(*index) {
                    Ok(mut entry) => f(&mut entry),
                    Err(e) => Err(e),
                };
                read
            }
            Source::Gone => return None,
        })
    }
}
