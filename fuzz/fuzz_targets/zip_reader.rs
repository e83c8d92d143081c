//! Arbitrary bytes as a ZIP archive, opened with small limits; every listed entry is read
//! whole and, through a reader, in small pieces, and never yields more than it declares.
#![no_main]

use std::io::{Cursor, Read};

use careplan_bundle::{ArchiveLimits, ArchiveReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = ArchiveLimits::new()
        .with_max_entries(32)
        .with_max_entry_size(1 << 20)
        .with_max_total_size(4 << 20)
        .with_max_ratio(200)
        .with_ratio_min_size(64 << 10)
        .with_max_name_len(256);
    let Ok(mut archive) = ArchiveReader::with_limits(Cursor::new(data), limits) else {
        return;
    };
    for note in archive.notes() {
        let _ = note.to_string();
    }
    let entries = archive.list().to_vec();
    for (i, entry) in entries.iter().enumerate() {
        assert!(
            archive.find(&entry.path).is_some(),
            "{:?} is listed but not found",
            entry.path
        );
        if let Ok(bytes) = archive.read_entry(i) {
            assert_eq!(
                bytes.len() as u64,
                entry.size,
                "{:?}: size differs",
                entry.path
            );
        }
        if let Ok(mut r) = archive.open_entry(i) {
            let mut total = 0u64;
            let mut buf = [0u8; 7];
            loop {
                match r.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => total += n as u64,
                }
            }
            assert!(
                total <= entry.size,
                "{:?}: read {total} of {}",
                entry.path,
                entry.size
            );
        }
    }
    let _ = archive.open_entry(entries.len());
});
