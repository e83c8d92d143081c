//! 第7表 computed by `Table7Builder` for every kind mix the library's samples make
//! (`careplan::bundle::sample` builds its UPSIKYU with the builder): every file reads clean
//! under the library's own checks in strict mode, records and totals alike.

use careplan::bundle::sample as gen;

use std::collections::{BTreeMap, BTreeSet};

use careplan::csv::{FileReaderBuilder, Parsed};
use careplan::model::table7::Table7Record;
use careplan::model::value::YearMonth;
use careplan::model::{AnyRecord, Mode};

/// The 第7表 rows of `users` generated users, read back strictly; panics on any problem.
fn read_clean(users: usize, month: YearMonth, seed: u64) -> Vec<Table7Record> {
    let mut bytes = Vec::new();
    gen::upsikyu(users, month, seed, &mut bytes).unwrap();
    let name = gen::file_name(gen::Table::Upsikyu, month);
    let mut rdr = FileReaderBuilder::new()
        .mode(Mode::Strict)
        .from_reader(&bytes[..], &name);
    let mut rows = Vec::new();
    for parsed in rdr.records() {
        match parsed.unwrap() {
            Parsed::Typed {
                record: AnyRecord::Table7(r),
                problems,
            } => {
                assert!(problems.is_empty(), "{problems:#?}");
                rows.push(r);
            }
            other => panic!("not a typed 第7表 row: {other:?}"),
        }
    }
    let summary = rdr.finish().unwrap();
    assert!(summary.problems.is_empty(), "{:#?}", summary.problems);
    assert_eq!(summary.users, users as u64);
    rows
}

#[test]
fn every_generated_kind_mix_is_clean() {
    let mut mixes: BTreeSet<Vec<String>> = BTreeSet::new();
    let (mut over, mut subtotals) = (0, 0);
    for (month, seed) in [(YearMonth::new(2025, 4), 7), (YearMonth::new(2026, 2), 11)] {
        let rows = read_clean(250, month.unwrap(), seed);
        let mut kinds: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in &rows {
            let code = r.service_code.to_string();
            if code == "999999" {
                over += usize::from(r.category_limit_over.unwrap_or(0) > 0);
            } else if code.ends_with("AAAA") {
                subtotals += 1;
            } else {
                kinds
                    .entry(r.insured.to_string())
                    .or_default()
                    .insert(code[..2].to_string());
            }
        }
        mixes.extend(kinds.into_values().map(|k| k.into_iter().collect()));
    }
    // The generator's kinds (11 訪問介護, 13 訪問看護, 15 通所介護, 17 福祉用具貸与) in
    // many combinations, users over their limit and kinds with several rows among them.
    assert!(mixes.len() >= 10, "{mixes:?}");
    assert!(mixes.iter().any(|m| m.len() == 4), "{mixes:?}");
    assert!(over > 0 && subtotals > 0, "{over} {subtotals}");
}
