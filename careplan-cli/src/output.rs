//! Where a command writes the files it makes: a folder, one ZIP archive, or standard output.
//! Nothing is written until every file is made, and each file is written under a temporary
//! name and renamed, so that a refused or failed write leaves no file behind.

use std::io::{self, Cursor, Write};
use std::path::{Path, PathBuf};

use careplan::bundle::ArchiveWriter;

use crate::walk::has_extension;

/// Where the files go.
#[derive(Debug)]
pub(crate) enum Target {
    /// Into a folder, created when missing.
    Folder(PathBuf),
    /// Into one ZIP archive.
    Zip(PathBuf),
    /// To standard output: the one file's bytes, or a ZIP of several.
    Stdout,
}

impl Target {
    /// `-` is standard output, a name ending in `.zip` an archive, anything else a folder.
    pub fn new(path: &Path) -> Target {
        if path.as_os_str() == "-" {
            Target::Stdout
        } else if has_extension(&path.to_string_lossy(), "zip") {
            Target::Zip(path.to_path_buf())
        } else {
            Target::Folder(path.to_path_buf())
        }
    }

    /// Writes `files`; returns the path that failed with the error.
    pub fn save(&self, files: &[(String, Vec<u8>)], out: &mut dyn Write) -> Result<(), String> {
        let fail = |p: &Path, e: io::Error| format!("{}: {e}", p.display());
        match self {
            Target::Folder(dir) => {
                // A name comes from the input (a JSON line's "file"): it stays in the folder.
                if let Some((name, _)) = files.iter().find(|(n, _)| !inside(n)) {
                    return Err(format!(
                        "{name}: not written: a file's name must stay inside {} (no `..`, \
                         no path from the root)",
                        dir.display()
                    ));
                }
                std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;
                for (name, bytes) in files {
                    let path = dir.join(name);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
                    }
                    write_atomic(&path, bytes).map_err(|e| fail(&path, e))?;
                }
                Ok(())
            }
            Target::Zip(path) => {
                let bytes = zip(files).map_err(|e| fail(path, e))?;
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
                }
                write_atomic(path, &bytes).map_err(|e| fail(path, e))
            }
            Target::Stdout => {
                let written = match files {
                    [(_, bytes)] => out.write_all(bytes),
                    _ => zip(files).and_then(|b| out.write_all(&b)),
                };
                written.map_err(|e| format!("standard output: {e}"))
            }
        }
    }
}

/// Whether `name` names a file inside the folder it is joined to: a relative path of plain
/// parts (no `..`, `.`, root or drive).
fn inside(name: &str) -> bool {
    !name.is_empty()
        && Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// The files as one ZIP archive, in the order given.
fn zip(files: &[(String, Vec<u8>)]) -> io::Result<Vec<u8>> {
    let mut zip = ArchiveWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.add(name, bytes).map_err(io::Error::other)?;
    }
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

/// Writes `bytes` to a temporary name beside `path`, then renames it to `path`.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.careplan-tmp"));
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
