//! Encoding text to MS932.

/// A character replaced by another on encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Substitution {
    /// The character in the text.
    pub from: char,
    /// What was written instead.
    pub to: String,
    /// The 0-based character index in the text.
    pub char_index: usize,
}

/// A character MS932 cannot hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmappable {
    /// The character.
    pub ch: char,
    /// The 0-based character index in the text.
    pub char_index: usize,
}

/// The substitutions an encoder may make.
#[derive(Clone, Debug, Default)]
pub struct Substitutions {}

/// Encodes `text` to MS932, appending to `out`; every substitution made is appended to
/// `report`. A character MS932 cannot hold is an error; nothing is written for it.
pub fn encode_into(
    text: &str,
    _substitutions: &Substitutions,
    out: &mut Vec<u8>,
    _report: &mut Vec<Substitution>,
) -> Result<(), Unmappable> {
    if text.is_ascii() {
        out.extend_from_slice(text.as_bytes());
        return Ok(());
    }
    let (bytes, _, bad) = encoding_rs::SHIFT_JIS.encode(text);
    if bad {
        return Err(Unmappable {
            ch: '?',
            char_index: 0,
        });
    }
    out.extend_from_slice(&bytes);
    Ok(())
}
