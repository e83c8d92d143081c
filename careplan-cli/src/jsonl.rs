//! JSON Lines of typed records, in and out: the form `convert to-json` prints and the
//! workflow commands read.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::de::DeserializeOwned;

/// Why records could not be read.
pub(crate) enum ReadError {
    /// The input could not be opened or read (exit 2).
    Io(String),
    /// Lines that are not records of the type (exit 1), each `what: line N: why`.
    Lines(Vec<String>),
}

/// Reads the records of JSON Lines `path` (`-`: standard input), one record a line, blank
/// lines ignored.
pub(crate) fn read_records<T: DeserializeOwned>(
    path: &Path,
    stdin: &mut dyn BufRead,
) -> Result<Vec<T>, ReadError> {
    let shown = path.display().to_string();
    let mut file;
    let input: &mut dyn BufRead = if path.as_os_str() == "-" {
        stdin
    } else {
        file =
            BufReader::new(File::open(path).map_err(|e| ReadError::Io(format!("{shown}: {e}")))?);
        &mut file
    };
    let mut records = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line = line.map_err(|e| ReadError::Io(format!("{shown}: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<T>(&line) {
            Ok(r) => records.push(r),
            Err(e) => bad.push(format!("{shown}: line {}: {e}", i + 1)),
        }
    }
    if bad.is_empty() {
        Ok(records)
    } else {
        Err(ReadError::Lines(bad))
    }
}
