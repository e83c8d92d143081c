//! The library's samples (`sample::SampleMonth`): every unit of every kind mix the generator
//! makes checks clean in strict mode — every file, every unit, the relations within and
//! across units — with no problem at all, in the default month and later ones; a month in
//! which the files' CSVバージョン is not in force is refused.

use std::collections::BTreeSet;

use careplan_bundle::sample::{SampleMonth, SampleUnit};
use careplan_bundle::{relations, ErrorKind, FileSet, LoadOptions};
use careplan_model::table6::Table6Record;
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Mode, ProblemKind};

/// Every problem of `files` read in strict mode, as messages naming their file.
fn problems(files: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut set = FileSet::with_options(LoadOptions::new().mode(Mode::Strict));
    for (name, bytes) in files {
        set.add_bytes(name, bytes.clone()).expect("readable");
    }
    let mut out: Vec<String> = Vec::new();
    for f in set.files() {
        out.extend(
            f.problems()
                .map(|p| format!("{}: {}", f.display(), p.message_en())),
        );
    }
    let units = set.units();
    assert!(!units.is_empty());
    for (unit, problems) in units.iter().zip(relations::check_all(&units)) {
        let kind = unit.kind().map(|k| k.name_ja().to_string());
        out.extend(
            problems
                .iter()
                .map(|p| format!("unit {kind:?}: {}", p.message_en())),
        );
    }
    out
}

/// The 第6表 rows of a UPPLAN file.
fn table6(name: &str, bytes: &[u8]) -> Vec<Table6Record> {
    let mut rdr = careplan_csv::FileReaderBuilder::new().from_reader(bytes, name);
    rdr.typed::<Table6Record>()
        .expect("第6表")
        .map(|p| p.expect("readable").typed().cloned().expect("typed"))
        .collect()
}

#[test]
fn every_unit_of_every_kind_mix_checks_clean() {
    let mut mixes: BTreeSet<Vec<String>> = BTreeSet::new();
    for (month, seed, users) in [(None, 1, 40), (YearMonth::new(2026, 2), 11, 60)] {
        let mut sample = SampleMonth::new(users).seed(seed);
        if let Some(m) = month {
            sample = sample.month(m);
        }
        let files = sample.build().expect("built");
        assert_eq!(problems(&files), Vec::<String>::new(), "{month:?} {seed}");
        // The kinds of service each user's plan mixes.
        let mut users: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
        for (name, upplan) in files.iter().filter(|(n, _)| n.starts_with("UPPLAN_")) {
            for r in table6(name, upplan) {
                let code = r.service_code.to_string();
                users
                    .entry(r.insured.to_string())
                    .or_default()
                    .insert(code[..2].to_string());
            }
        }
        mixes.extend(users.into_values().map(|k| k.into_iter().collect()));
    }
    // 11 訪問介護, 13 訪問看護, 15 通所介護, 17 福祉用具貸与 in many combinations.
    assert!(mixes.len() >= 10, "{mixes:?}");
    assert!(mixes.iter().any(|m| m.len() == 4), "{mixes:?}");
}

#[test]
fn each_unit_alone_checks_clean_and_has_its_files() {
    let kinds = |unit: SampleUnit| -> Vec<FileKind> {
        let files = SampleMonth::new(5).units([unit]).build().expect("built");
        assert_eq!(problems(&files), Vec::<String>::new(), "{unit:?}");
        files
            .iter()
            .map(|(n, _)| {
                careplan_csv::FileName::parse(n)
                    .expect("a name of the standard")
                    .kind()
            })
            .collect()
    };
    use FileKind::*;
    let ticket = kinds(SampleUnit::Ticket);
    assert!(ticket.len() > 3, "{ticket:?}");
    for set in ticket.chunks(3) {
        assert_eq!(set, [UsagePlan, UsageSummary, Hosoku]);
    }
    assert_eq!(kinds(SampleUnit::Plan), [Plan1, Plan2, Plan3, Hosoku]);
    assert_eq!(
        kinds(SampleUnit::Yobo),
        [
            YoboKihon,
            YoboKihonSub1,
            YoboKihonSub2,
            YoboPlan,
            YoboPlanSub
        ]
    );
    assert_eq!(
        kinds(SampleUnit::Delete),
        [
            UsagePlanDelete,
            Plan1Delete,
            UsageResultDelete,
            YoboKihonDelete,
            YoboPlanDelete
        ]
    );
    assert!(kinds(SampleUnit::Result).iter().all(|k| *k == UsageResult));
}

/// The files carry CSVバージョン 202407, in force from service month 2025-04 (the default
/// month); an earlier month would give files with errors, and is refused.
#[test]
fn the_default_month_is_the_first_where_the_version_is_in_force() {
    assert_eq!(SampleMonth::first_month(), YearMonth::new(2025, 4).unwrap());
    let files = SampleMonth::new(2).build().expect("built");
    assert!(files.iter().any(|(n, _)| n.starts_with("UPPLAN_202504_")));
    for month in [YearMonth::new(2025, 3), YearMonth::new(2024, 7)] {
        let err = SampleMonth::new(2)
            .month(month.unwrap())
            .build()
            .expect_err("refused");
        match err.kind() {
            ErrorKind::InvalidRecords { problems, .. } => {
                assert_eq!(problems[0].kind, ProblemKind::VersionNotInForce)
            }
            other => panic!("{other:?}"),
        }
    }
}

/// The service-ticket sets follow the standard's output units (spec README "Output
/// units"): one set to each provider office and kind of the plan, each with only the users
/// related to its receiver but all of their services; every user is sent.
#[test]
fn each_ticket_set_goes_to_a_provider_with_its_users_and_all_their_services() {
    let files = SampleMonth::new(12)
        .seed(3)
        .units([SampleUnit::Ticket])
        .build()
        .expect("built");
    assert_eq!(problems(&files), Vec::<String>::new());
    // Every provider's services of each user, from all the sets.
    let mut all: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    let mut receivers: Vec<String> = Vec::new();
    let mut sets: Vec<(String, Vec<Table6Record>)> = Vec::new();
    for (name, bytes) in files.iter().filter(|(n, _)| n.starts_with("UPPLAN_")) {
        let parsed = careplan_csv::FileName::parse(name).expect("a name of the standard");
        let receiver = parsed.receiver().to_string();
        assert!(
            !receivers.contains(&receiver),
            "one set per receiver: {receiver}"
        );
        receivers.push(receiver.clone());
        let rows = table6(name, bytes);
        for r in &rows {
            all.entry(r.insured.to_string())
                .or_default()
                .insert(format!(
                    "{} {} {}",
                    r.service_date, r.service_code, r.provider
                ));
        }
        sets.push((receiver, rows));
    }
    assert!(sets.len() >= 4, "{receivers:?}");
    for (receiver, rows) in &sets {
        let users: BTreeSet<String> = rows.iter().map(|r| r.insured.to_string()).collect();
        for user in &users {
            // Related to the receiver: a service of its office and kind.
            assert!(
                rows.iter().any(|r| r.insured.to_string() == *user
                    && format!("{}_{}", r.provider, &r.service_code.to_string()[..2]) == *receiver),
                "{receiver}: {user} has no service of the receiver"
            );
            // With every service of every provider.
            let held: BTreeSet<String> = rows
                .iter()
                .filter(|r| r.insured.to_string() == *user)
                .map(|r| format!("{} {} {}", r.service_date, r.service_code, r.provider))
                .collect();
            assert_eq!(Some(&held), all.get(user), "{receiver}: {user}");
        }
    }
    assert_eq!(all.len(), 12, "every user is sent");
}
