//! Helpers shared by the fuzz targets and the seed generator: how an input's control bytes
//! select a mode and a kind, a valid file name per kind, and the round-trip checks.

use careplan_model::__private::{AnyFileRules, Context, RuleContext};
use careplan_model::{AnyRecord, FileKind, Layout, Mode, RawRecord};

/// The mode selected by bit 0 of a control byte.
pub fn mode(control: u8) -> Mode {
    if control & 1 == 0 {
        Mode::Strict
    } else {
        Mode::Lenient
    }
}

/// The kind selected by a control byte (modulo the number of kinds).
pub fn kind(control: u8) -> FileKind {
    FileKind::ALL[usize::from(control) % FileKind::ALL.len()]
}

/// The control byte that selects `kind` (the inverse of [`kind`]).
pub fn kind_byte(kind: FileKind) -> u8 {
    let i = FileKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    i as u8
}

/// A valid file name of the standard for `kind` (care office → provider, or the reverse for
/// the kinds a provider sends).
pub fn file_name(kind: FileKind) -> String {
    let office = "1310000001_43";
    let provider = "1310000002_11";
    let (from, to) = match kind.sender() {
        careplan_model::Side::Provider => (provider, office),
        _ => (office, provider),
    };
    let month = if kind.month_in_name() { "_202504" } else { "" };
    if kind == FileKind::YoboKihonImage {
        return format!("{}_{from}_{to}_20250401093000_0001.JPG", kind.prefix());
    }
    format!("{}{month}_{from}_{to}_20250401093000.CSV", kind.prefix())
}

/// Splits `bytes` on 0x00 into the fields of a raw record. A field whose first byte is 0x01
/// is quoted (the marker is dropped); the rest is decoded as MS932, lossily, and kept as the
/// field's source bytes.
pub fn raw_record(bytes: &[u8]) -> RawRecord {
    let mut r = RawRecord::new();
    if bytes.is_empty() {
        return r;
    }
    for part in bytes.split(|b| *b == 0) {
        let (quoted, part) = match part.split_first() {
            Some((1, rest)) => (true, rest),
            _ => (false, part),
        };
        let (text, _, _) = encoding_rs::SHIFT_JIS.decode(part);
        r.push_field_with_raw(&text, part, quoted);
    }
    r
}

/// The inverse of [`raw_record`] for a record of plain texts (for seeds): fields joined by
/// 0x00, quoted ones marked with 0x01, texts encoded as MS932.
pub fn raw_record_bytes(texts: &[(&str, bool)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, (text, quoted)) in texts.iter().enumerate() {
        if i > 0 {
            out.push(0);
        }
        if *quoted {
            out.push(1);
        }
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        out.extend_from_slice(&bytes);
    }
    out
}

/// Asserts that a typed record survives the trip to raw and back, both with the bytes it was
/// read with (its origin) and in the standard's form (no origin, via JSON).
pub fn assert_round_trip(kind: FileKind, record: &AnyRecord) {
    let raw = record.to_raw();
    let again = AnyRecord::from_raw(kind, &raw);
    assert_eq!(
        again.as_ref(),
        Some(record),
        "{kind:?}: to_raw then from_raw changed the record; raw = {raw:?}"
    );
    let json = serde_json::to_value(record).expect("a typed record serializes");
    let bare: AnyRecord = serde_json::from_value(json.clone()).unwrap_or_else(|e| {
        panic!("{kind:?}: the JSON of a typed record does not read back: {e}; {json}")
    });
    assert_eq!(
        &bare, record,
        "{kind:?}: JSON round trip changed the record"
    );
    let standard = bare.to_raw();
    let again = AnyRecord::from_raw(kind, &standard);
    assert_eq!(
        again.as_ref(),
        Some(record),
        "{kind:?}: the standard form does not read back; raw = {standard:?}"
    );
}

/// Runs everything that looks at a raw record of `kind` in `mode`: the layout engine (by
/// version, and against every layout), the typed view, its rules and the file rules, and
/// the round trip of the typed record.
pub fn exercise_record(kind: FileKind, mode: Mode, raw: &RawRecord) {
    let ctx = Context::new(mode).with_file("fuzz.CSV").with_kind(kind);
    let mut problems = Vec::new();
    if let Some(layout) = Layout::for_record(kind, raw) {
        careplan_model::__private::validate(layout, raw, &ctx);
        careplan_model::__private::Validator::new(layout, ctx).validate_into(raw, &mut problems);
        for p in &problems {
            let _ = (p.to_string(), p.message_ja());
        }
        if let Some(record) = AnyRecord::from_raw(kind, raw) {
            let rctx = RuleContext {
                mode,
                file: Some("fuzz.CSV"),
                kind,
                layout,
                position: raw.position(),
                parties: Default::default(),
            };
            record.check(&rctx, &mut problems);
            let mut rules = AnyFileRules::for_kind(kind);
            rules.record(&record, &rctx, &mut problems);
            rules.record(&record, &rctx, &mut problems);
            rules.finish(&mut problems);
            for p in &problems {
                let _ = (p.to_string(), p.message_ja());
            }
            assert_round_trip(kind, &record);
        }
    }
    for layout in Layout::all() {
        layout.validate(raw, &Context::new(mode));
    }
}
