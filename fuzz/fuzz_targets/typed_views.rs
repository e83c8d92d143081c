//! Arbitrary fields as a raw record of the kind the first byte selects: the layout engine
//! never panics, and a record that is typed survives to_raw/from_raw (with its origin and in
//! the standard's form).
//!
//! Input: byte 0 = kind, byte 1 = mode (bit 0), the rest = fields separated by 0x00 (a
//! field starting with 0x01 is quoted), decoded as MS932.
#![no_main]

use careplan_fuzz::{exercise_record, kind, mode, raw_record};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [kind_byte, mode_byte, fields @ ..] = data else {
        return;
    };
    let raw = raw_record(fields);
    exercise_record(kind(*kind_byte), mode(*mode_byte), &raw);
});
