//! Encoding text to MS932.

use std::fmt;

use std::sync::OnceLock;

use encoding_rs::{Encoder, EncoderResult, SHIFT_JIS};

use crate::error::{Error, ErrorKind};

use super::variants::{is_refused, VARIANTS};

/// A character replaced by another on encoding.
///
/// ```
/// use careplan_csv::ms932::{encode_to_vec, Substitutions};
///
/// let (bytes, report) = encode_to_vec("10〜12時", &Substitutions::standard())?;
/// assert_eq!(bytes, b"10\x81\x6012\x8E\x9E");
/// assert_eq!(report[0].from, '〜');
/// assert_eq!(report[0].to, "～");
/// assert_eq!((report[0].char_index, report[0].byte_index), (2, 2));
/// assert_eq!(report[0].to_string(), "character 2 '〜' (U+301C) was written as \"～\"");
/// # Ok::<(), careplan_csv::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Substitution {
    /// The character in the text.
    pub from: char,
    /// What was written instead.
    pub to: String,
    /// The 0-based character index in the text.
    pub char_index: usize,
    /// The 0-based byte offset of the character in the (UTF-8) text.
    pub byte_index: usize,
}

impl fmt::Display for Substitution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "character {} '{}' (U+{:04X}) was written as {:?}",
            self.char_index, self.from, self.from as u32, self.to
        )
    }
}

/// A character MS932 cannot hold, where the encoder found it: the facts of an
/// [`ErrorKind::Unmappable`](crate::ErrorKind::Unmappable), which the public functions return
/// in the crate's [`Error`](crate::Error) and the writer completes with the item.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Unmappable {
    /// The character that cannot be written. When it is part of a substitution's
    /// replacement, [`replacing`](Unmappable::replacing) names the character it replaced.
    pub(crate) ch: char,
    /// The 0-based character index in the text (of the replaced character, for a bad
    /// replacement).
    pub(crate) char_index: usize,
    /// The 0-based byte offset in the (UTF-8) text (of the replaced character, for a bad
    /// replacement).
    pub(crate) byte_index: usize,
    /// The character of the text whose replacement held `ch`, if `ch` came from a
    /// substitution table rather than from the text.
    pub(crate) replacing: Option<char>,
}

impl Unmappable {
    /// The error of a text that was no item of a record (item No. 0).
    fn into_error(self) -> Error {
        Error::new(ErrorKind::Unmappable {
            ch: self.ch,
            item: 0,
            name: "",
            char_index: self.char_index,
            byte_index: self.byte_index,
            replacing: self.replacing,
        })
    }
}

/// The substitutions an encoder may make: for a character of the text, the text to write
/// instead. Every substitution made is reported.
///
/// [`standard`](Substitutions::standard) (also the [`Default`]) holds exactly the seven
/// variant pairs of [`VARIANTS`] (〜 → ～, ‖ → ∥, ¢ → ￠, £ → ￡, ¬ → ￢, — → ―, − → －);
/// [`none`](Substitutions::none) holds nothing. [`with`](Substitutions::with) adds or
/// replaces an entry, [`without`](Substitutions::without) removes one. An entry applies to
/// its character even when MS932 could hold it (e.g. to write 髙 as 高).
///
/// A replacement is written as it is — it is not itself substituted — so every character
/// of it must be one MS932 holds ([`is_representable`]); encoding checks this when the
/// entry is used and fails with [`ErrorKind::Unmappable`] (with `replacing` set) when it
/// is not.
///
/// ```
/// use careplan_csv::ErrorKind;
/// use careplan_csv::ms932::{encode_to_vec, Substitutions};
///
/// let subs = Substitutions::standard().with('𠮷', "吉");
/// let (bytes, report) = encode_to_vec("𠮷田〜", &subs)?;
/// assert_eq!(bytes, [0x8B, 0x67, 0x93, 0x63, 0x81, 0x60]);
/// assert_eq!(report.len(), 2);
///
/// // Without the variant pair, 〜 cannot be written.
/// let strict = Substitutions::standard().without('〜');
/// let err = encode_to_vec("〜", &strict).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Unmappable { ch: '〜', .. }));
/// assert!(Substitutions::none().is_empty());
/// # Ok::<(), careplan_csv::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Substitutions {
    /// Sorted by character, one entry per character.
    entries: Vec<(char, String)>,
}

impl Default for Substitutions {
    /// The [`standard`](Substitutions::standard) table.
    fn default() -> Self {
        Self::standard()
    }
}

impl Substitutions {
    /// The seven variant pairs of [`VARIANTS`], each JIS form written as its Windows form.
    ///
    /// ```
    /// use careplan_csv::ms932::Substitutions;
    ///
    /// let subs = Substitutions::standard();
    /// assert_eq!(subs.len(), 7);
    /// assert_eq!(subs.get('〜'), Some("～"));
    /// ```
    pub fn standard() -> Self {
        VARIANTS.iter().fold(Self::none(), |subs, (jis, windows)| {
            subs.with(*jis, windows.encode_utf8(&mut [0; 4]))
        })
    }

    /// No substitutions at all: every character must be one MS932 holds.
    ///
    /// ```
    /// use careplan_csv::ms932::{encode_to_vec, Substitutions};
    ///
    /// assert!(encode_to_vec("〜", &Substitutions::none()).is_err());
    /// ```
    pub fn none() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Adds a substitution: `from` is written as `to`, replacing any entry for `from`.
    ///
    /// ```
    /// use careplan_csv::ms932::Substitutions;
    ///
    /// let subs = Substitutions::none().with('𠮷', "吉").with('髙', "高");
    /// assert_eq!(subs.get('𠮷'), Some("吉"));
    /// assert_eq!(subs.len(), 2);
    /// ```
    #[must_use]
    pub fn with(mut self, from: char, to: &str) -> Self {
        match self.entries.binary_search_by_key(&from, |(c, _)| *c) {
            Ok(i) => {
                if let Some(entry) = self.entries.get_mut(i) {
                    entry.1 = to.to_owned();
                }
            }
            Err(i) => self.entries.insert(i, (from, to.to_owned())),
        }
        self
    }

    /// Removes the substitution for `from`, if any.
    ///
    /// ```
    /// use careplan_csv::ms932::Substitutions;
    ///
    /// let subs = Substitutions::standard().without('−');
    /// assert_eq!(subs.get('−'), None);
    /// assert_eq!(subs.len(), 6);
    /// ```
    #[must_use]
    pub fn without(mut self, from: char) -> Self {
        self.entries.retain(|(c, _)| *c != from);
        self
    }

    /// The replacement for `from`, if there is one.
    ///
    /// ```
    /// use careplan_csv::ms932::Substitutions;
    ///
    /// assert_eq!(Substitutions::standard().get('—'), Some("―"));
    /// assert_eq!(Substitutions::standard().get('―'), None);
    /// ```
    pub fn get(&self, from: char) -> Option<&str> {
        self.entries
            .binary_search_by_key(&from, |(c, _)| *c)
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, to)| to.as_str())
    }

    /// The entries, ordered by character.
    ///
    /// ```
    /// use careplan_csv::ms932::Substitutions;
    ///
    /// let subs = Substitutions::standard();
    /// assert_eq!(subs.iter().next(), Some(('¢', "￠")));
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (char, &str)> + '_ {
        self.entries.iter().map(|(c, to)| (*c, to.as_str()))
    }

    /// The number of entries.
    ///
    /// ```
    /// assert_eq!(careplan_csv::ms932::Substitutions::standard().len(), 7);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    ///
    /// ```
    /// assert!(careplan_csv::ms932::Substitutions::none().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first and last character with an entry (an empty range when there is none).
    fn bounds(&self) -> (char, char) {
        match (self.entries.first(), self.entries.last()) {
            (Some((first, _)), Some((last, _))) => (*first, *last),
            _ => (char::MAX, '\0'),
        }
    }

    /// Whether an entry exists for an ASCII character (then ASCII text cannot skip the
    /// table). Entries are sorted, so the first one is the smallest.
    fn has_ascii_entry(&self) -> bool {
        self.entries.first().is_some_and(|(c, _)| c.is_ascii())
    }
}

/// Whether MS932 holds `ch` such that encoding and decoding give `ch` back, with no
/// substitution. False for the JIS forms of [`VARIANTS`], for ¥ U+00A5, ‾ U+203E and
/// U+0080 (which `encoding_rs` would write as bytes that decode to something else), for
/// 外字 U+E000–U+E757 and for every character outside MS932 (𠮷, é, emoji …).
///
/// ```
/// use careplan_csv::ms932::is_representable;
///
/// assert!(is_representable('髙'));
/// assert!(is_representable('ｱ'));
/// assert!(!is_representable('〜'));
/// assert!(!is_representable('𠮷'));
/// assert!(!is_representable('\u{E000}'));
/// ```
pub fn is_representable(ch: char) -> bool {
    if ch.is_ascii() {
        return true;
    }
    if is_refused(ch) {
        return false;
    }
    let mut utf8 = [0u8; 4];
    let mut bytes = [0u8; 8];
    let (result, _, _) = SHIFT_JIS
        .new_encoder()
        .encode_from_utf8_without_replacement(ch.encode_utf8(&mut utf8), &mut bytes, true);
    result == EncoderResult::InputEmpty
}

/// Encodes `text` to MS932, appending to `out`; every substitution made is appended to
/// `report`, in text order.
///
/// A character MS932 cannot hold and that `substitutions` does not replace is an error
/// ([`ErrorKind::Unmappable`], naming the character, its character and byte index and, for
/// a substitute MS932 cannot hold, the character it replaced; its item No. is 0). Nothing is
/// ever replaced silently: no `?`, no `&#12316;` (which is what `encoding_rs`'s plain
/// `encode` writes), no best-fit mapping. See [`is_representable`] for which characters
/// MS932 holds.
///
/// On error, nothing of the offending character is written, but `out` and `report` may
/// already hold what came before it: callers should discard both.
///
/// ASCII text (with no substitution for an ASCII character) takes a fast path that copies
/// the bytes.
///
/// ```
/// use careplan_csv::ErrorKind;
/// use careplan_csv::ms932::{encode_into, Substitutions};
///
/// let mut out = Vec::new();
/// let mut report = Vec::new();
/// encode_into("ｱ−1", &Substitutions::standard(), &mut out, &mut report)?;
/// assert_eq!(out, [0xB1, 0x81, 0x7C, b'1']);
/// assert_eq!(report.len(), 1);
/// assert_eq!(report[0].from, '−');
///
/// let err = encode_into("𠮷", &Substitutions::standard(), &mut out, &mut report).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::Unmappable { ch: '𠮷', char_index: 0, .. }));
/// # Ok::<(), careplan_csv::Error>(())
/// ```
pub fn encode_into(
    text: &str,
    substitutions: &Substitutions,
    out: &mut Vec<u8>,
    report: &mut Vec<Substitution>,
) -> Result<(), Error> {
    encode_text(text, substitutions, out, report).map_err(Unmappable::into_error)
}

/// [`encode_into`], its error the bare facts (the writer names the item).
pub(crate) fn encode_text(
    text: &str,
    substitutions: &Substitutions,
    out: &mut Vec<u8>,
    report: &mut Vec<Substitution>,
) -> Result<(), Unmappable> {
    if text.is_ascii() && !substitutions.has_ascii_entry() {
        out.extend_from_slice(text.as_bytes());
        return Ok(());
    }
    let start = out.len();
    if encode_by_table(text, substitutions, true, out) {
        return Ok(());
    }
    out.truncate(start);
    encode_carefully(text, substitutions, out, report)
}

/// Encodes `text` with the table of [`table`] alone: `false` (with `out` holding part of
/// the text) at the first character the table does not hold or `substitutions` replaces,
/// for the careful encoder to do the whole text. When it gives `true`, `out` holds exactly
/// what [`encode_carefully`] writes (the table is `encoding_rs`'s own encoding, unit tests
/// compare the two for every character).
///
/// `check_substitutions` may be `false` only when
/// [`substitutes_table_characters`]`(substitutions)` is: then no character the table holds
/// has a substitution, and the characters are not looked up in `substitutions`.
#[inline]
pub(crate) fn encode_by_table(
    text: &str,
    substitutions: &Substitutions,
    check_substitutions: bool,
    out: &mut Vec<u8>,
) -> bool {
    if substitutions.has_ascii_entry() {
        return false;
    }
    let table = table();
    // The characters with a substitution lie between the first and the last entry.
    let (first, last) = substitutions.bounds();
    out.reserve(text.len());
    for ch in text.chars() {
        let code = u32::from(ch);
        if let Ok(byte) = u8::try_from(code) {
            if byte.is_ascii() {
                out.push(byte);
                continue;
            }
        }
        if check_substitutions && (first..=last).contains(&ch) && substitutions.get(ch).is_some() {
            return false;
        }
        let Some(&bytes) = usize::try_from(code).ok().and_then(|c| table.get(c)) else {
            return false;
        };
        match bytes {
            0 => return false,
            1..=0xFF => out.push(bytes.to_le_bytes()[0]),
            _ => out.extend_from_slice(&bytes.to_be_bytes()),
        }
    }
    true
}

/// Whether `substitutions` replaces a character the table of [`encode_by_table`] would
/// encode (an ASCII character or one MS932 holds, e.g. 髙 → 高). The standard table does
/// not: its JIS forms are not in MS932.
pub(crate) fn substitutes_table_characters(substitutions: &Substitutions) -> bool {
    // The table holds exactly the non-ASCII characters MS932 holds (a unit test checks
    // every character), so the table need not be built to tell.
    substitutions
        .iter()
        .any(|(ch, _)| ch.is_ascii() || is_representable(ch))
}

/// The MS932 bytes `encoding_rs` writes for each character of the Basic Multilingual
/// Plane, by code point: `0` for ASCII, for characters it cannot write and for those
/// [`is_refused`] (all left to the careful encoder), the byte itself below 0x100 (half-width
/// katakana), else lead byte × 256 + trail byte. Built once, on first use, from every
/// character the decoder's table holds (each is encoded with `encoding_rs`, so duplicate
/// pairs give the pair `encoding_rs` writes).
fn table() -> &'static [u16] {
    static TABLE: OnceLock<Box<[u16]>> = OnceLock::new();
    TABLE.get_or_init(build_table)
}

fn build_table() -> Box<[u16]> {
    let mut table = vec![0u16; 0x1_0000];
    for ch in super::decode::table_chars() {
        if is_refused(ch) {
            continue;
        }
        let Some(slot) = usize::try_from(u32::from(ch))
            .ok()
            .and_then(|c| table.get_mut(c))
        else {
            continue;
        };
        if *slot != 0 {
            continue;
        }
        let mut out = [0u8; 8];
        let (result, _, written) = SHIFT_JIS
            .new_encoder()
            .encode_from_utf8_without_replacement(ch.encode_utf8(&mut [0; 4]), &mut out, true);
        *slot = match (result, out.get(..written)) {
            (EncoderResult::InputEmpty, Some(&[byte])) if byte >= 0x80 => u16::from(byte),
            (EncoderResult::InputEmpty, Some(&[lead, trail])) => u16::from_be_bytes([lead, trail]),
            _ => 0,
        };
    }
    table.into_boxed_slice()
}

/// [`encode_into`] without the table: `encoding_rs` for every run of characters between
/// the refused and substituted ones.
fn encode_carefully(
    text: &str,
    substitutions: &Substitutions,
    out: &mut Vec<u8>,
    report: &mut Vec<Substitution>,
) -> Result<(), Unmappable> {
    let is_special = |ch: char| is_refused(ch) || substitutions.get(ch).is_some();
    let mut encoder = SHIFT_JIS.new_encoder();
    // Byte and character index of the start of the current segment.
    let mut byte_index = 0usize;
    let mut char_index = 0usize;
    // Each segment is a run of ordinary characters, ended by one special character
    // (except perhaps the last segment).
    for segment in text.split_inclusive(is_special) {
        let mut chars = segment.chars();
        let special = chars.next_back().filter(|ch| is_special(*ch));
        let run = match special {
            Some(_) => chars.as_str(),
            None => segment,
        };
        encode_run(&mut encoder, run, byte_index, char_index, out)?;
        if let Some(ch) = special {
            let run_chars = run.chars().count();
            let at_char = char_index.saturating_add(run_chars);
            let at_byte = byte_index.saturating_add(run.len());
            let unmappable = |bad: char, replacing: Option<char>| Unmappable {
                ch: bad,
                char_index: at_char,
                byte_index: at_byte,
                replacing,
            };
            let to = substitutions.get(ch).ok_or(unmappable(ch, None))?;
            if let Some(bad) = to.chars().find(|c| !is_representable(*c)) {
                return Err(unmappable(bad, Some(ch)));
            }
            encode_run(&mut encoder, to, at_byte, at_char, out)
                .map_err(|e| unmappable(e.ch, Some(ch)))?;
            report.push(Substitution {
                from: ch,
                to: to.to_owned(),
                char_index: at_char,
                byte_index: at_byte,
            });
            char_index = at_char.saturating_add(1);
        }
        byte_index = byte_index.saturating_add(segment.len());
    }
    Ok(())
}

/// Encodes a run of characters none of which is refused or substituted; a character
/// `encoding_rs` cannot encode is an error.
fn encode_run(
    encoder: &mut Encoder,
    run: &str,
    run_byte: usize,
    run_char: usize,
    out: &mut Vec<u8>,
) -> Result<(), Unmappable> {
    if run.is_ascii() {
        out.extend_from_slice(run.as_bytes());
        return Ok(());
    }
    let mut done = 0usize;
    loop {
        let rest = run.get(done..).unwrap_or_default();
        let needed = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len());
        out.reserve(needed);
        let (result, read) = encoder.encode_from_utf8_to_vec_without_replacement(rest, out, true);
        done = done.saturating_add(read);
        match result {
            EncoderResult::InputEmpty => return Ok(()),
            EncoderResult::OutputFull => out.reserve(rest.len().saturating_add(16)),
            EncoderResult::Unmappable(ch) => {
                let local = done.saturating_sub(ch.len_utf8());
                let before = run.char_indices().take_while(|(i, _)| *i < local).count();
                return Err(Unmappable {
                    ch,
                    char_index: run_char.saturating_add(before),
                    byte_index: run_byte.saturating_add(local),
                    replacing: None,
                });
            }
        }
    }
}

/// Encodes `text` to a new byte vector; see [`encode_into`]. Returns the bytes and the
/// substitutions made.
///
/// ```
/// use careplan_csv::ms932::{encode_to_vec, Substitutions};
///
/// let (bytes, report) = encode_to_vec("山田", &Substitutions::standard())?;
/// assert_eq!(bytes, [0x8E, 0x52, 0x93, 0x63]);
/// assert!(report.is_empty());
/// # Ok::<(), careplan_csv::Error>(())
/// ```
pub fn encode_to_vec(
    text: &str,
    substitutions: &Substitutions,
) -> Result<(Vec<u8>, Vec<Substitution>), Error> {
    let mut out = Vec::with_capacity(text.len());
    let mut report = Vec::new();
    encode_into(text, substitutions, &mut out, &mut report)?;
    Ok((out, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`encode_to_vec`] with the bare facts of its error.
    fn text_to_vec(
        text: &str,
        subs: &Substitutions,
    ) -> Result<(Vec<u8>, Vec<Substitution>), Unmappable> {
        let mut out = Vec::new();
        let mut report = Vec::new();
        encode_text(text, subs, &mut out, &mut report)?;
        Ok((out, report))
    }

    #[test]
    fn the_public_functions_return_the_crates_error_with_the_same_facts() {
        let subs = Substitutions::none().with('𠮷', "〜");
        for text in ["ああ〜aé", "田𠮷"] {
            let facts = text_to_vec(text, &subs).unwrap_err();
            let err = encode_to_vec(text, &subs).unwrap_err();
            let mut out = Vec::new();
            let into = encode_into(text, &subs, &mut out, &mut Vec::new()).unwrap_err();
            assert_eq!(err.to_string(), into.to_string());
            assert!(err.position().is_none() && err.file().is_none());
            match err.into_kind() {
                ErrorKind::Unmappable {
                    ch,
                    item,
                    name,
                    char_index,
                    byte_index,
                    replacing,
                } => {
                    assert_eq!((item, name), (0, ""));
                    assert_eq!(
                        Unmappable {
                            ch,
                            char_index,
                            byte_index,
                            replacing
                        },
                        facts
                    );
                }
                other => panic!("{other:?}"),
            }
        }
        let err = encode_to_vec("田𠮷", &subs).unwrap_err();
        assert_eq!(
            err.to_string(),
            "character '𠮷' (U+20BB7) at index 1 has a substitute holding '〜' (U+301C), which cannot be written in MS932"
        );
        assert_eq!(
            err.message_ja(),
            "2文字目 𠮷（U+20BB7）の置き換え 〜（U+301C）は MS932 で表せないため出力できません"
        );
    }

    /// What the careful encoder alone writes for `text`.
    fn carefully(
        text: &str,
        subs: &Substitutions,
    ) -> Result<(Vec<u8>, Vec<Substitution>), Unmappable> {
        let mut out = Vec::new();
        let mut report = Vec::new();
        encode_carefully(text, subs, &mut out, &mut report)?;
        Ok((out, report))
    }

    #[test]
    fn the_table_writes_what_the_careful_encoder_writes_for_every_character() {
        let none = Substitutions::none();
        let mut by_table = 0;
        let chars = (0..=0xFFFFu32)
            .chain((0x1_0000..=0x10_FFFF).step_by(0x101))
            .filter_map(char::from_u32);
        for ch in chars {
            let text = ch.to_string();
            let careful = carefully(&text, &none);
            let mut out = Vec::new();
            let held = encode_by_table(&text, &none, false, &mut out);
            // What `substitutes_table_characters` relies on.
            assert_eq!(held, is_representable(ch), "{ch:?}");
            if held {
                by_table += 1;
                // The bytes decode back to the character, without an issue (the writer
                // relies on it to keep the bytes a field was read from).
                let mut back = String::new();
                assert!(
                    crate::ms932::decode_into(&out, &mut back).is_empty(),
                    "{ch:?}"
                );
                assert_eq!(back, text);
                assert_eq!(careful, Ok((out, Vec::new())), "{ch:?}");
            } else {
                // Every character MS932 holds is in the table, so the careful encoder is
                // only reached for what it refuses.
                assert!(careful.is_err(), "{ch:?} is missing from the table");
            }
            // And through the public function, with the standard table too.
            for subs in [&none, &Substitutions::standard()] {
                let mut out = Vec::new();
                let mut report = Vec::new();
                let r = encode_text(&text, subs, &mut out, &mut report).map(|()| (out, report));
                assert_eq!(r, carefully(&text, subs), "{ch:?}");
            }
        }
        // ASCII, and every JIS X 0208, NEC and IBM character and half-width katakana.
        assert!(by_table > 7_000, "{by_table}");
    }

    #[test]
    fn the_table_gives_way_to_substitutions_and_refusals() {
        let subs = Substitutions::standard().with('髙', "高");
        for text in ["髙橋", "山〜川", "−1", "¥", "a\u{E000}", "山田😀", "ｱ‾"] {
            let mut out = Vec::new();
            assert!(!encode_by_table(text, &subs, true, &mut out), "{text}");
            let mut out = Vec::new();
            let mut report = Vec::new();
            let r = encode_text(text, &subs, &mut out, &mut report).map(|()| (out, report));
            assert_eq!(r, carefully(text, &subs), "{text}");
        }
        let mut out = Vec::new();
        assert!(encode_by_table("山田 ｱ 纊≒①", &subs, true, &mut out));
        assert_eq!(
            out,
            [0x8E, 0x52, 0x93, 0x63, b' ', 0xB1, b' ', 0xFA, 0x5C, 0x81, 0xE0, 0x87, 0x40]
        );
        assert!(!encode_by_table(
            "a",
            &Substitutions::none().with('~', "～"),
            true,
            &mut out
        ));
        // Which tables may skip the lookup of each character.
        assert!(!substitutes_table_characters(&Substitutions::standard()));
        assert!(!substitutes_table_characters(&Substitutions::none()));
        assert!(!substitutes_table_characters(
            &Substitutions::standard().with('𠮷', "吉")
        ));
        assert!(substitutes_table_characters(&subs));
        assert!(substitutes_table_characters(
            &Substitutions::none().with('~', "～")
        ));
        // Without the lookup, the standard table gives what it gives with it.
        for text in ["山田 ｱ 纊≒①", "山〜川", "−1"] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let std = Substitutions::standard();
            assert_eq!(
                encode_by_table(text, &std, false, &mut a),
                encode_by_table(text, &std, true, &mut b)
            );
            assert_eq!(a, b);
        }
    }

    #[test]
    fn builder_keeps_one_sorted_entry_per_character() {
        let subs = Substitutions::none()
            .with('b', "x")
            .with('a', "y")
            .with('b', "z");
        assert_eq!(subs.iter().collect::<Vec<_>>(), [('a', "y"), ('b', "z")]);
        assert!(subs.has_ascii_entry());
        assert!(!Substitutions::standard().has_ascii_entry());
        assert_eq!(Substitutions::default(), Substitutions::standard());
    }

    #[test]
    fn ascii_entries_apply_to_ascii_text() {
        let subs = Substitutions::none().with('~', "～");
        let (bytes, report) = text_to_vec("a~b", &subs).unwrap();
        assert_eq!(bytes, [b'a', 0x81, 0x60, b'b']);
        assert_eq!(report.len(), 1);
        assert_eq!((report[0].char_index, report[0].byte_index), (1, 1));
    }

    #[test]
    fn indices_count_characters_and_bytes_separately() {
        // あ is 3 UTF-8 bytes; 〜 at char 2, byte 6; é at char 4, byte 10.
        let err = text_to_vec("ああ〜aé", &Substitutions::standard()).unwrap_err();
        assert_eq!((err.ch, err.char_index, err.byte_index), ('é', 4, 10));
        let mut out = Vec::new();
        let mut report = Vec::new();
        let err = encode_text(
            "ああ〜aé",
            &Substitutions::standard(),
            &mut out,
            &mut report,
        )
        .unwrap_err();
        assert_eq!(err.replacing, None);
        assert_eq!((report[0].char_index, report[0].byte_index), (2, 6));
        // Nothing of é was written.
        assert_eq!(out, [0x82, 0xA0, 0x82, 0xA0, 0x81, 0x60, b'a']);
    }

    #[test]
    fn bad_replacement_names_both_characters() {
        for to in ["〜", "吉\u{E000}", "¥"] {
            let subs = Substitutions::none().with('𠮷', to);
            let err = text_to_vec("田𠮷", &subs).unwrap_err();
            assert_eq!(err.replacing, Some('𠮷'));
            assert!(!is_representable(err.ch), "{to}");
            assert_eq!((err.char_index, err.byte_index), (1, 3));
            assert!(err
                .clone()
                .into_error()
                .to_string()
                .contains("has a substitute holding"));
        }
    }

    #[test]
    fn empty_replacement_deletes_but_reports() {
        let subs = Substitutions::none().with('😀', "");
        let (bytes, report) = text_to_vec("a😀b", &subs).unwrap();
        assert_eq!(bytes, b"ab");
        assert_eq!(report[0].to, "");
    }
}
