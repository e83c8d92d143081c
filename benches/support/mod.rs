//! What the benches share besides the generator: the sizes of a real run versus a quick
//! check, and a check that generated data reads without any problem.
#![allow(dead_code)]

use careplan::csv::FileReaderBuilder;
use careplan::model::value::YearMonth;
use careplan::model::Mode;

pub mod gen;
pub mod paired;

/// The service month of every generated file.
pub fn month() -> YearMonth {
    YearMonth::new(2025, 4).unwrap_or_else(|| unreachable!("April 2025 exists"))
}

/// The seed of every generated file.
pub const SEED: u64 = 20_250_401;

/// Whether this is a real benchmark run (`cargo bench` passes `--bench`); otherwise the
/// bench runs as a quick check (`cargo test --benches`, `cargo bench -- --test` …) on small
/// data.
pub fn full_run() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test")
}

/// `full` bytes in a real run, `quick` otherwise.
pub fn size(full: usize, quick: usize) -> usize {
    if full_run() {
        full
    } else {
        quick
    }
}

/// Reads `data` as the file `name` and panics unless every record is clean (and typed when
/// `expect_typed`): a bench over data with problems would measure the wrong path.
pub fn assert_clean(data: &[u8], name: &str, expect_typed: bool) -> (u64, u64) {
    let mut rdr = FileReaderBuilder::new()
        .mode(Mode::Strict)
        .from_reader(data, name);
    let mut records = 0u64;
    while let Some(parsed) = rdr.next_record().expect("generated data is readable") {
        records += 1;
        assert!(
            parsed.problems().is_empty(),
            "record {records} of {name}: {:?}",
            parsed.problems()
        );
    }
    let summary = rdr.finish().expect("generated data is readable");
    assert!(
        summary.problems.is_empty(),
        "{name}: {:?}",
        summary.problems
    );
    assert_eq!(summary.records, records);
    if expect_typed {
        assert_eq!(summary.typed, records, "{name}: every record typed");
    }
    (records, summary.users)
}
