//! Arbitrary text as a file name, in both modes: parsing never panics, and a name that
//! parses writes out as a name that parses again to the same value (and, read strictly,
//! rebuilds from its parts to the same value).
#![no_main]

use careplan_csv::FileName;
use careplan_model::Mode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|name: &str| {
    for mode in [Mode::Strict, Mode::Lenient] {
        match FileName::parse_with(name, mode) {
            Ok((parsed, problems)) => {
                for p in &problems {
                    let _ = (p.to_string(), p.message_ja());
                }
                let written = parsed.to_string();
                match FileName::parse_with(&written, mode) {
                    Ok((again, _)) => assert_eq!(
                        again, parsed,
                        "{mode:?}: {name:?} was written as {written:?}, which reads differently"
                    ),
                    Err(e) => panic!(
                        "{mode:?}: {name:?} was written as {written:?}, which does not parse: {e}"
                    ),
                }
                // The builder writes the standard only: it refuses what lenient reading
                // keeps (9-digit office numbers, 15-digit sequences), so a strict name only.
                if mode == Mode::Strict {
                    let rebuilt = parsed.to_builder().build();
                    assert_eq!(
                        rebuilt.as_ref().ok(),
                        Some(&parsed),
                        "{name:?}: to_builder().build() differs: {rebuilt:?}"
                    );
                }
                let _ = (
                    parsed.kind(),
                    parsed.month(),
                    parsed.sequence(),
                    parsed.style(),
                );
            }
            Err(e) => {
                let _ = (e.to_string(), e.message_ja());
                if let careplan_csv::ErrorKind::InvalidName(flaw) = e.kind() {
                    let _ = flaw.to_problem(name).message_ja();
                }
            }
        }
    }
});
