//! Paired timing: a path and its floor run one after the other, many times, each pair
//! giving one ratio. On a shared machine whose speed drifts by tens of percent within
//! seconds (other tenants, the host's clock), the two halves of a pair run at the same
//! speed, so the ratio of a pair is steadier than the ratio of two criterion runs taken
//! minutes apart. `cargo bench --bench read -- --paired` (and `write`) prints, for each
//! target, the median ratio of the pairs, their quartiles and the median throughputs.

use std::time::{Duration, Instant};

/// A bench's `main`: `paired` when the bench was asked for pairs (`--paired`), otherwise
/// criterion's group `benches` and its summary (what `criterion_main!` does).
pub fn main(paired: fn(), benches: fn()) {
    if wanted() {
        paired();
    } else {
        benches();
        criterion::Criterion::default()
            .configure_from_args()
            .final_summary();
    }
}

/// Whether the bench was asked for pairs (`--paired`) instead of criterion's runs.
pub fn wanted() -> bool {
    std::env::args().any(|a| a == "--paired")
}

/// How many pairs to time: `PAIRED_ROUNDS`, or `default`.
pub fn rounds(default: usize) -> usize {
    std::env::var("PAIRED_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(default)
}

/// Times `floor` and `path` (each run once on `bytes` bytes) in `rounds` pairs, the order
/// within a pair alternating, after one untimed run of each, and prints one line:
/// `what`, the median ratio `path / floor` of throughputs with its quartiles, and each
/// one's median MiB/s. Returns the median ratio.
pub fn compare(
    what: &str,
    bytes: usize,
    rounds: usize,
    mut floor: impl FnMut(),
    mut path: impl FnMut(),
) -> f64 {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        f();
        start.elapsed()
    };
    floor();
    path();
    let mut pairs: Vec<(Duration, Duration)> = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let pair = if round % 2 == 0 {
            let f = time(&mut floor);
            (f, time(&mut path))
        } else {
            let p = time(&mut path);
            (time(&mut floor), p)
        };
        pairs.push(pair);
    }
    // A pair's ratio of throughputs is the floor's time over the path's.
    let mut ratios: Vec<f64> = pairs
        .iter()
        .map(|(f, p)| f.as_secs_f64() / p.as_secs_f64().max(1e-12))
        .collect();
    let mib_s = |d: Duration| bytes as f64 / (1 << 20) as f64 / d.as_secs_f64().max(1e-12);
    let mut floors: Vec<f64> = pairs.iter().map(|(f, _)| mib_s(*f)).collect();
    let mut paths: Vec<f64> = pairs.iter().map(|(_, p)| mib_s(*p)).collect();
    let ratio = median(&mut ratios);
    println!(
        "{what}: {:.1} % of the floor (median of {rounds} pairs; quartiles {:.1}-{:.1} %; \
         path {:.1} MiB/s, floor {:.1} MiB/s, medians)",
        100.0 * ratio,
        100.0 * quantile(&mut ratios, 0.25),
        100.0 * quantile(&mut ratios, 0.75),
        quantile(&mut paths, 0.5),
        quantile(&mut floors, 0.5),
    );
    ratio
}

/// The median of `values` (sorted here).
pub fn median(values: &mut [f64]) -> f64 {
    quantile(values, 0.5)
}

/// The `q` quantile of `values` (sorted here), the nearest rank.
fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let last = values.len().saturating_sub(1);
    let rank = ((last as f64) * q).round() as usize;
    values.get(rank.min(last)).copied().unwrap_or(f64::NAN)
}
