//! Whole-process figures of the `careplan` command (issue 15's targets), measured by running
//! the binary on generated data, against the bare `csv` `ByteRecord` reader on the same
//! bytes in this process (the floor), in the same run:
//!
//! | case | what is run | target |
//! |---|---|---|
//! | `upplan_200mb` | `careplan check --json` of one 200 MB UPPLAN | ≥ 40 % of the floor, peak RSS < 64 MB |
//! | `folder_2000_units` | `careplan check --json` of a folder of 2,000 units × 3 files, each unit its own sequence number | ≥ 4,000 files/s on 2 cores, RSS < 256 MB |
//! | `zip_3_large` | a 9 MB ZIP of three valid 143 MB UPPLAN entries | checked, RSS < 256 MB |
//! | `zip_2000_small` | a ZIP of 2,000 valid 1 MB UPPLAN entries | checked, RSS < 256 MB |
//!
//! ```sh
//! cargo build --release -p careplan-cli          # the binary measured: target/release/careplan
//! cargo bench --bench cli                         # every case (data made once, ~1.5 GB)
//! cargo bench --bench cli -- upplan_200mb         # one case
//! ```
//!
//! `CAREPLAN_BIN` names another binary; `CAREPLAN_BENCH_DATA` another data folder (default
//! `target/bench-data`). Wall clock is the best of three runs (for the folder, three runs
//! taken in turns with the floor, each pair's ratio printed too; `PAIRED_ROUNDS` sets how
//! many); peak RSS comes from
//! `/usr/bin/time -v` (GNU time), when installed. Without the binary, or without `--bench`
//! (`cargo test --benches`), it says what it would run and exits.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::gen::{self, GenReader, Table};

/// A case's measurement of the binary.
struct Run {
    wall: Duration,
    rss_kib: Option<u64>,
    exit: Option<i32>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let wanted = |case: &str| filter.is_empty() || filter.iter().any(|f| case.contains(f.as_str()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = std::env::var_os("CAREPLAN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/careplan"));
    let data = std::env::var_os("CAREPLAN_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/bench-data"));
    if !support::full_run() || !bin.exists() {
        println!(
            "cli: whole-process figures of {} on data in {} (run with `cargo bench --bench cli` \
             after `cargo build --release -p careplan-cli`)",
            bin.display(),
            data.display()
        );
        return;
    }
    if let Err(e) = run_all(&bin, &data, &wanted) {
        eprintln!("cli bench: {e}");
        std::process::exit(1);
    }
}

fn run_all(bin: &Path, data: &Path, wanted: &dyn Fn(&str) -> bool) -> io::Result<()> {
    fs::create_dir_all(data)?;
    let month = support::month();
    let upplan_name = gen::file_name(Table::Upplan, month);

    if wanted("upplan_200mb") {
        let dir = data.join("upplan_200mb");
        let file = dir.join(&upplan_name);
        if !file.exists() {
            fs::create_dir_all(&dir)?;
            write_generated(&file, 200_000_000)?;
        }
        let bytes = fs::metadata(&file)?.len();
        let floor = best_of(3, || csv_floor(&file))?;
        let run = careplan(bin, &[file.as_path()])?;
        report(
            "upplan_200mb",
            bytes,
            Some(floor),
            &run,
            "≥ 40 % of the floor, RSS < 64 MB",
        );
    }

    if wanted("folder_2000_units") {
        let dir = data.join("folder_2000_units");
        if !dir.join("done").exists() {
            fs::create_dir_all(&dir)?;
            for unit in 0..2000u64 {
                let out = dir.join(format!("unit_{unit:04}"));
                // The generator writes a set to each provider of the plan, each with the
                // users it serves: the unit is the first set (sequence 09:30:00), the others
                // removed. 150 users make its first set about the size of the 50-user month
                // a unit was when the generator wrote one set of every user (about 1,000
                // 第6表 lines).
                let status = Command::new(bin)
                    .args(["--quiet", "generate", "--users", "150", "--month", "202504"])
                    .args(["--seed", &(unit + 1).to_string(), "--kinds", "ticket"])
                    .arg(&out)
                    .stdout(Stdio::null())
                    .status()?;
                if !status.success() {
                    return Err(io::Error::other(format!(
                        "careplan generate failed for {unit}"
                    )));
                }
                for f in list_files(&out)? {
                    let first = f
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().contains("_20250325093000."));
                    if !first {
                        fs::remove_file(&f)?;
                    }
                }
            }
            File::create(dir.join("done"))?;
        }
        number_units(&dir)?;
        let (files, bytes) = count_files(&dir)?;
        // The floor and the command taken in turns (the machine's speed drifts), each
        // pair's ratio kept; the best of each is reported as for the other cases.
        let floor = || {
            let mut n = 0;
            for f in list_files(&dir)? {
                n += csv_floor(&f)?.1;
            }
            Ok(((), n))
        };
        let mut pairs = Vec::new();
        for _ in 0..support::paired::rounds(3) {
            let f = best_of(1, floor)?;
            pairs.push((f, careplan_once(bin, &[dir.as_path()])?));
        }
        let best_floor = pairs.iter().map(|(f, _)| *f).min().unwrap_or_default();
        let (_, run) = pairs
            .iter()
            .min_by_key(|(_, r)| r.wall)
            .ok_or_else(|| io::Error::other("no run"))?;
        report(
            "folder_2000_units",
            bytes,
            Some(best_floor),
            run,
            "≥ 4,000 files/s, RSS < 256 MB",
        );
        let files_s = |r: &Run| files as f64 / r.wall.as_secs_f64();
        println!("  {files} files: {:.0} files/s", files_s(run));
        let each: Vec<String> = pairs
            .iter()
            .map(|(f, r)| {
                format!(
                    "{:.0} files/s ({:.1} %)",
                    files_s(r),
                    100.0 * f.as_secs_f64() / r.wall.as_secs_f64()
                )
            })
            .collect();
        let mut ratios: Vec<f64> = pairs
            .iter()
            .map(|(f, r)| f.as_secs_f64() / r.wall.as_secs_f64())
            .collect();
        println!(
            "  each pair, the command and its share of the floor's speed: {}; median {:.1} %",
            each.join(", "),
            100.0 * support::paired::median(&mut ratios)
        );
    }

    if wanted("zip_3_large") {
        let zip = data.join("zip_3_large.zip");
        if !zip.exists() {
            let mut entry = Vec::new();
            GenReader::new(Table::Upplan, month, support::SEED, 143_000_000)
                .read_to_end(&mut entry)?;
            let names: Vec<String> = (1..=3)
                .map(|i| upplan_name.replace("093000", &format!("0930{i:02}")))
                .collect();
            write_zip(&zip, names.iter().map(|n| (n.as_str(), entry.as_slice())))?;
        }
        let bytes = fs::metadata(&zip)?.len();
        let run = careplan(bin, &[zip.as_path()])?;
        report("zip_3_large", bytes, None, &run, "checked, RSS < 256 MB");
    }

    if wanted("zip_2000_small") {
        let zip = data.join("zip_2000_small.zip");
        if !zip.exists() {
            let mut entry = Vec::new();
            GenReader::new(Table::Upplan, month, support::SEED, 1_000_000)
                .read_to_end(&mut entry)?;
            let names: Vec<String> = (0..2000)
                .map(|i| upplan_name.replace("25093000", &format!("{:08}", 25_000_000 + i)))
                .collect();
            write_zip(&zip, names.iter().map(|n| (n.as_str(), entry.as_slice())))?;
        }
        let bytes = fs::metadata(&zip)?.len();
        let run = careplan(bin, &[zip.as_path()])?;
        report("zip_2000_small", bytes, None, &run, "checked, RSS < 256 MB");
    }
    Ok(())
}

/// Gives each unit of the folder its own sequence number (the generator writes one care
/// office's month, always sent at 2025-03-25 09:30:00): 2,000 sends told apart, as 2,000 sets
/// in a folder are, instead of 6,000 files of one transmission unit. Once per data folder
/// (`sequences` marks it done).
fn number_units(dir: &Path) -> io::Result<()> {
    if dir.join("sequences").exists() {
        return Ok(());
    }
    for unit in 0..2000u32 {
        let seconds = 9 * 3600 + 30 * 60 + unit;
        let stamp = format!(
            "_20250325{:02}{:02}{:02}.",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        );
        let unit_dir = dir.join(format!("unit_{unit:04}"));
        for entry in fs::read_dir(&unit_dir)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.contains("_20250325093000.") {
                fs::rename(
                    &path,
                    unit_dir.join(name.replace("_20250325093000.", &stamp)),
                )?;
            }
        }
    }
    File::create(dir.join("sequences"))?;
    Ok(())
}

/// Streams a generated UPPLAN of about `bytes` to `path`.
fn write_generated(path: &Path, bytes: u64) -> io::Result<()> {
    let mut src = GenReader::new(Table::Upplan, support::month(), support::SEED, bytes);
    let mut out = BufWriter::new(File::create(path)?);
    io::copy(&mut src, &mut out)?;
    out.flush()
}

fn write_zip<'a>(
    path: &Path,
    entries: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> io::Result<()> {
    let mut zip = zip::ZipWriter::new(BufWriter::new(File::create(path)?));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, bytes) in entries {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(bytes)?;
    }
    zip.finish().map_err(io::Error::other)?;
    Ok(())
}

/// The floor: the bare `csv` reader reading `ByteRecord`s from the file; returns the
/// fields and the bytes read.
fn csv_floor(path: &Path) -> io::Result<(usize, u64)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(BufReader::new(File::open(path)?));
    let mut record = csv::ByteRecord::new();
    let mut fields = 0;
    while rdr
        .read_byte_record(&mut record)
        .map_err(io::Error::other)?
    {
        fields += record.len();
    }
    Ok((fields, fs::metadata(path)?.len()))
}

fn best_of<T>(n: usize, mut f: impl FnMut() -> io::Result<T>) -> io::Result<Duration> {
    let mut best = Duration::MAX;
    for _ in 0..n {
        let start = Instant::now();
        f()?;
        best = best.min(start.elapsed());
    }
    Ok(best)
}

/// Runs `careplan check --json PATHS` three times: the best wall clock, the peak RSS of
/// that run (from GNU time), the exit status.
fn careplan(bin: &Path, paths: &[&Path]) -> io::Result<Run> {
    let mut best: Option<Run> = None;
    for _ in 0..3 {
        let run = careplan_once(bin, paths)?;
        if best.as_ref().is_none_or(|b| run.wall < b.wall) {
            best = Some(run);
        }
    }
    best.ok_or_else(|| io::Error::other("no run"))
}

/// Runs `careplan check --json PATHS` once: its wall clock, its peak RSS (from GNU time),
/// its exit status.
fn careplan_once(bin: &Path, paths: &[&Path]) -> io::Result<Run> {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(["--quiet", "check", "--json"]).args(paths);
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd.output()?;
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let rss_kib = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok());
    Ok(Run {
        wall,
        rss_kib,
        exit: out.status.code(),
    })
}

fn report(case: &str, bytes: u64, floor: Option<Duration>, run: &Run, target: &str) {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    let speed = mib / run.wall.as_secs_f64();
    let rss = run
        .rss_kib
        .map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
    let ratio = floor.map_or(String::new(), |f| {
        format!(
            ", floor {:.3} s ({:.1} MiB/s): {:.1} % of the floor",
            f.as_secs_f64(),
            mib / f.as_secs_f64(),
            100.0 * f.as_secs_f64() / run.wall.as_secs_f64()
        )
    });
    println!(
        "{case}: {mib:.1} MiB in {:.3} s ({speed:.1} MiB/s){ratio}; peak RSS {rss}; exit {:?} — target {target}",
        run.wall.as_secs_f64(),
        run.exit
    );
}

fn list_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(list_files(&path)?);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn count_files(dir: &Path) -> io::Result<(usize, u64)> {
    let files = list_files(dir)?;
    let mut bytes = 0;
    for f in &files {
        bytes += fs::metadata(f)?.len();
    }
    Ok((files.len(), bytes))
}
