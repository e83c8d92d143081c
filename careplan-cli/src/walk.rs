//! The inputs named on the command line: `-`, files, and folders walked without following
//! symbolic links to folders and without opening FIFOs or devices.

use std::fs;
use std::path::{Path, PathBuf};

use careplan::bundle::{Error, FileSet};
use careplan::csv::FileName;
use careplan::model::Mode;
use rayon::prelude::*;

use crate::cli::Lang;
use crate::progress::Progress;
use crate::Console;

/// One input to read.
#[derive(Debug)]
pub(crate) enum Input {
    /// Standard input (`-`): a file or a ZIP archive.
    Stdin,
    /// A file or ZIP archive on disk.
    Path(PathBuf),
}

/// Why a folder walk left an entry aside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SkipReason {
    /// A symbolic link to a folder: never followed (it may loop, or leave the tree).
    FolderLink,
    /// A symbolic link that leads nowhere.
    BrokenLink,
    /// A FIFO: reading it could wait forever.
    Fifo,
    /// A device, socket or other special file.
    Special,
}

/// An entry a folder walk left aside, with a note.
#[derive(Debug)]
pub(crate) struct Skipped {
    pub path: String,
    pub reason: SkipReason,
}

impl Skipped {
    pub fn message_en(&self) -> &'static str {
        match self.reason {
            SkipReason::FolderLink => "skipped: a symbolic link to a folder is not followed",
            SkipReason::BrokenLink => "skipped: a symbolic link that leads nowhere",
            SkipReason::Fifo => "skipped: a FIFO (named pipe) is not read in a folder",
            SkipReason::Special => "skipped: a device or other special file is not read",
        }
    }

    pub fn message_ja(&self) -> &'static str {
        match self.reason {
            SkipReason::FolderLink => "スキップ: フォルダへのシンボリックリンクはたどりません",
            SkipReason::BrokenLink => "スキップ: リンク先のないシンボリックリンクです",
            SkipReason::Fifo => "スキップ: フォルダ内の FIFO（名前付きパイプ）は読みません",
            SkipReason::Special => "スキップ: デバイスなどの特殊ファイルは読みません",
        }
    }

    pub fn message(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.message_ja(),
            Lang::En => self.message_en(),
        }
    }
}

/// An input that could not be read at all.
#[derive(Debug)]
pub(crate) struct Unreadable {
    pub path: String,
    pub message: String,
}

impl Unreadable {
    /// An error of the library on `shown`, without the name repeated at its start.
    pub fn from_error(shown: &str, e: &Error, lang: Lang) -> Unreadable {
        let message = match lang {
            Lang::Ja => e.message_ja(),
            Lang::En => e.to_string(),
        };
        let prefix = format!("{shown}: ");
        Unreadable {
            message: message
                .strip_prefix(&prefix)
                .map_or(message.clone(), str::to_string),
            path: shown.to_string(),
        }
    }
}

/// What the command line names, walked.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
    pub unreadable: Vec<Unreadable>,
    /// Whether to keep standard input's bytes once read (in `stdin`).
    pub keep_stdin: bool,
    /// Standard input's name and bytes, when kept.
    pub stdin: Option<(String, Vec<u8>)>,
    /// The bytes of the paths to read, as walked.
    pub bytes: u64,
    /// The bytes of the largest of them.
    pub largest: u64,
}

impl Inputs {
    /// Walks `paths`: `-` is standard input, a folder is walked (files of the standard, CSV
    /// files and ZIPs only, sorted by name), anything else is read as given.
    pub fn walk(paths: &[PathBuf], mode: Mode) -> Inputs {
        let mut w = Inputs::default();
        for p in paths {
            if p.as_os_str() == "-" {
                w.inputs.push(Input::Stdin);
                continue;
            }
            match fs::metadata(p) {
                Ok(m) if m.is_dir() => w.folder(p, mode),
                // A path named on the command line is read whatever it is (a FIFO from
                // `<(…)` included).
                Ok(m) => w.path(p.clone(), m.len()),
                Err(e) => w.unreadable.push(Unreadable {
                    path: p.display().to_string(),
                    message: e.to_string(),
                }),
            }
        }
        w
    }

    /// Walks a folder: its entries sorted by name, each looked at (and each sub-folder
    /// walked) on every core, then taken in that order, so that what is found is the same
    /// as one after the other (a folder of thousands of sets is a few thousand `stat`s).
    fn folder(&mut self, dir: &Path, mode: Mode) {
        let mut entries: Vec<PathBuf> = match fs::read_dir(dir) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return self.unreadable.push(Unreadable {
                    path: dir.display().to_string(),
                    message: e.to_string(),
                })
            }
        };
        entries.sort();
        let found: Vec<Inputs> = entries
            .into_par_iter()
            .map(|p| {
                let mut one = Inputs::default();
                one.entry(p, mode);
                one
            })
            .collect();
        for one in found {
            self.inputs.extend(one.inputs);
            self.skipped.extend(one.skipped);
            self.unreadable.extend(one.unreadable);
            self.bytes += one.bytes;
            self.largest = self.largest.max(one.largest);
        }
    }

    /// One entry of a folder: a file to read, a folder to walk, or something left aside.
    fn entry(&mut self, p: PathBuf, mode: Mode) {
        let shown = p.display().to_string();
        let meta = match fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(e) => {
                return self.unreadable.push(Unreadable {
                    path: shown,
                    message: e.to_string(),
                });
            }
        };
        let ft = meta.file_type();
        let skip = |reason| Skipped {
            path: shown.clone(),
            reason,
        };
        if ft.is_symlink() {
            match fs::metadata(&p) {
                Ok(m) if m.is_dir() => self.skipped.push(skip(SkipReason::FolderLink)),
                Ok(m) if m.is_file() => self.file(p, m.len(), mode),
                Ok(m) => self.skipped.push(skip(special(&m.file_type()))),
                Err(_) => self.skipped.push(skip(SkipReason::BrokenLink)),
            }
        } else if ft.is_dir() {
            self.folder(&p, mode);
        } else if ft.is_file() {
            self.file(p, meta.len(), mode);
        } else {
            self.skipped.push(skip(special(&ft)));
        }
    }

    /// A regular file found in a folder: read when it is a ZIP, a CSV or has a name of the
    /// standard.
    fn file(&mut self, p: PathBuf, len: u64, mode: Mode) {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if has_extension(&name, "zip")
            || has_extension(&name, "csv")
            || FileName::parse_with(&name, mode).is_ok()
        {
            self.path(p, len);
        }
    }

    /// A path to read, of `len` bytes.
    fn path(&mut self, p: PathBuf, len: u64) {
        self.bytes += len;
        self.largest = self.largest.max(len);
        self.inputs.push(Input::Path(p));
    }

    /// Reads every input through `add` (a path, or standard input's bytes named
    /// `stdin_name` or `-`), one after the other, stepping the progress bar; failures
    /// become unreadable inputs.
    pub fn read(
        &mut self,
        console: &mut Console<'_>,
        lang: Lang,
        stdin_name: Option<&str>,
        what: &str,
        mut add: impl FnMut(Source<'_>) -> Result<(), Error>,
    ) {
        self.read_in_order(
            console,
            (lang, stdin_name, what),
            &mut add,
            &mut |()| {},
            |add, paths, progress, give| {
                for (i, p) in paths.iter().enumerate() {
                    let added = add(Source::Path(p));
                    progress.inc_by(1);
                    give(i, added);
                }
            },
            |add, source| add(source),
        );
    }

    /// Reads every input into a set of its own, `load` running on every core for the paths
    /// (standard input is read on this thread), and gives the sets to `each` in the
    /// inputs' order, so that appending them gives the set a reading one by one gives; a
    /// few files ahead of their turn at most (see [`in_order`]). Failures become
    /// unreadable inputs, as with [`Inputs::read`].
    pub fn read_sets(
        &mut self,
        console: &mut Console<'_>,
        lang: Lang,
        stdin_name: Option<&str>,
        what: &str,
        load: impl Fn(Source<'_>) -> Result<FileSet, Error> + Sync,
        mut each: impl FnMut(FileSet),
    ) {
        self.read_in_order(
            console,
            (lang, stdin_name, what),
            &mut (),
            &mut each,
            |(), paths, progress, give| {
                let read = |p: &&Path| {
                    let loaded = load(Source::Path(p));
                    progress.inc_by(1);
                    loaded
                };
                in_order(paths, FILES_AT_ONCE, read, give);
            },
            |(), source| load(source),
        )
    }

    /// Reads the inputs in order: each run of paths through `paths` in one go, which gives
    /// their results (with their index in the run) in order and steps the progress bar
    /// once per path (from any thread), standard input through `stdin`, each with
    /// `state`. Gives what was read to `each` in the inputs' order, as soon as it is its
    /// turn; the failures become unreadable inputs.
    ///
    /// Standard input is streamed, unless its bytes are to be kept (`keep_stdin`).
    fn read_in_order<S, T>(
        &mut self,
        console: &mut Console<'_>,
        (lang, stdin_name, what): (Lang, Option<&str>, &str),
        state: &mut S,
        each: &mut dyn FnMut(T),
        paths: impl Fn(&mut S, &[&Path], &Progress, &mut dyn FnMut(usize, Result<T, Error>)),
        stdin: impl Fn(&mut S, Source<'_>) -> Result<T, Error>,
    ) {
        let progress = Progress::new(console.progress, self.inputs.len() as u64, what);
        let inputs = std::mem::take(&mut self.inputs);
        let mut rest = &inputs[..];
        while !rest.is_empty() {
            let run: Vec<&Path> = rest
                .iter()
                .map_while(|input| match input {
                    Input::Path(p) => Some(p.as_path()),
                    Input::Stdin => None,
                })
                .collect();
            if run.is_empty() {
                // Standard input, read here.
                rest = &rest[1..];
                let name = stdin_name.unwrap_or("-");
                let result = if self.keep_stdin {
                    let mut bytes = Vec::new();
                    match console.stdin.read_to_end(&mut bytes) {
                        Err(e) => Err(Error::from(e).for_file("-".to_string())),
                        Ok(_) => {
                            self.stdin = Some((name.to_string(), bytes.clone()));
                            stdin(state, Source::Bytes(name, bytes))
                        }
                    }
                } else {
                    stdin(state, Source::Stream(name, &mut *console.stdin))
                };
                self.keep(name, result, lang, each);
                progress.inc_by(1);
                continue;
            }
            rest = &rest[run.len()..];
            paths(state, &run, &progress, &mut |i, result| {
                let shown = run.get(i).map(|p| p.display().to_string());
                self.keep(&shown.unwrap_or_default(), result, lang, each);
            });
        }
        self.inputs = inputs;
    }

    /// Gives what was read of the input shown as `shown` to `each`, or keeps its failure.
    fn keep<T>(
        &mut self,
        shown: &str,
        result: Result<T, Error>,
        lang: Lang,
        each: &mut dyn FnMut(T),
    ) {
        match result {
            Ok(r) => each(r),
            Err(e) => self
                .unreadable
                .push(Unreadable::from_error(shown, &e, lang)),
        }
    }
}

/// Where an input's bytes come from.
pub(crate) enum Source<'a> {
    /// A file or ZIP archive on disk.
    Path(&'a Path),
    /// Bytes read from standard input, with the name to show.
    Bytes(&'a str, Vec<u8>),
    /// Standard input, to be read once as a stream, with the name to show.
    Stream(&'a str, &'a mut dyn std::io::BufRead),
}

/// Reads a stream (standard input) whole, for a command that keeps the records it reads.
pub(crate) fn read_whole(name: &str, r: &mut dyn std::io::BufRead) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    r.read_to_end(&mut bytes)
        .map_err(|e| Error::from(e).for_file(name.to_string()))?;
    Ok(bytes)
}

/// How many files may be read ahead of their turn: what is held at a time is what this
/// many files found (their problems are bounded each), whatever the number of files.
const FILES_AT_ONCE: usize = 32;

/// Runs `f` on every item on every core (`rayon::current_num_threads`: this thread and
/// the others), and gives the results to `give` in the items' order, with their index, as
/// each comes to its turn. A thread waits only when the item it would take is
/// [`FILES_AT_ONCE`] items past the first not yet given, so that memory is bounded by that
/// many results; this thread gives the results between its own items.
fn in_order<I: Sync, T: Send>(
    items: &[I],
    ahead: usize,
    f: impl Fn(&I) -> T + Sync,
    give: &mut dyn FnMut(usize, T),
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Condvar, Mutex};
    let threads = rayon::current_num_threads().min(items.len());
    if threads <= 1 {
        for (i, item) in items.iter().enumerate() {
            give(i, f(item));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    // The index of the first result not yet given, and how many threads wait for it to move.
    let turn = (Mutex::new((0usize, 0usize)), Condvar::new());
    let (f, next, turn) = (&f, &next, &turn);
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    std::thread::scope(|s| {
        for _ in 1..threads {
            let tx = tx.clone();
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let mut state = turn.0.lock().unwrap_or_else(|e| e.into_inner());
                while i >= state.0 + ahead {
                    state.1 += 1;
                    state = turn.1.wait(state).unwrap_or_else(|e| e.into_inner());
                    state.1 -= 1;
                }
                drop(state);
                if tx.send((i, f(item))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut first = 0;
        while first < items.len() {
            while let Ok((i, result)) = rx.try_recv() {
                waiting.insert(i, result);
            }
            let before = first;
            while let Some(result) = waiting.remove(&first) {
                give(first, result);
                first += 1;
            }
            if first > before {
                let mut state = turn.0.lock().unwrap_or_else(|e| e.into_inner());
                state.0 = first;
                if state.1 > 0 {
                    turn.1.notify_all();
                }
            }
            // This thread's own item, when there is one it may take.
            let i = next.load(Ordering::Relaxed);
            if i < items.len()
                && i < first + ahead
                && next
                    .compare_exchange(i, i + 1, Ordering::Relaxed, Ordering::Relaxed)
                    .is_ok()
            {
                waiting.insert(i, f(&items[i]));
                continue;
            }
            if first < items.len() && !waiting.contains_key(&first) {
                match rx.recv() {
                    Ok((i, result)) => {
                        waiting.insert(i, result);
                    }
                    // Every other thread has ended: what is left is this thread's.
                    Err(_) if next.load(Ordering::Relaxed) < items.len() => {}
                    Err(_) => break,
                }
            }
        }
    });
}

#[cfg(unix)]
fn special(ft: &fs::FileType) -> SkipReason {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        SkipReason::Fifo
    } else {
        SkipReason::Special
    }
}

#[cfg(not(unix))]
fn special(_: &fs::FileType) -> SkipReason {
    SkipReason::Special
}

pub(crate) fn has_extension(name: &str, ext: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext))
}

/// Whether `bytes` start as a ZIP archive does (no file of the standard can: its first item
/// is a number).
pub(crate) fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_on_every_core_finds_what_one_after_the_other_finds_in_name_order() {
        let root = std::env::temp_dir().join(format!("careplan-walk-order-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let plan = "UPPLAN_202504_1310000001_43_1310000002_11_20250401093000.CSV";
        // Folders and files interleaved by name, nested twice, with entries left aside.
        let mut expected = Vec::new();
        for (i, unit) in ["a", "b", "c"].iter().enumerate() {
            for sub in ["1", "2"] {
                let d = root.join(unit).join(sub);
                fs::create_dir_all(&d).unwrap();
                let f = d.join(plan);
                fs::write(&f, vec![b'x'; 10 * (i + 1)]).unwrap();
                fs::write(d.join("notes.txt"), b"not read").unwrap();
                expected.push(f);
            }
            let top = root.join(format!("{unit}.csv"));
            fs::write(&top, b"1").unwrap();
            expected.push(top);
        }
        let w = Inputs::walk(std::slice::from_ref(&root), Mode::Lenient);
        let found: Vec<&PathBuf> = w
            .inputs
            .iter()
            .filter_map(|i| match i {
                Input::Path(p) => Some(p),
                Input::Stdin => None,
            })
            .collect();
        assert_eq!(found, expected.iter().collect::<Vec<_>>());
        assert_eq!(w.bytes, 2 * (10 + 20 + 30) + 3);
        assert_eq!(w.largest, 30);
        assert!(w.skipped.is_empty() && w.unreadable.is_empty());
        let _ = fs::remove_dir_all(&root);
    }
}
