//! Reading a file name into its parts.

use careplan_model::{FileKind, Mode, Problem, ProblemKind};

use super::error::{NameFlaw, NamePart, Reason};
use super::month::read_month;
use super::office::read_office;
use super::party::{KindSegment, Party};
use super::sequence::Sequence;
use super::service_kind::read_kind;
use super::{base_name, extension, FileName};

/// Reads `name` in `mode`; see [`FileName::parse_with`].
pub(crate) fn parse(name: &str, mode: Mode) -> Result<(FileName, Vec<Problem>), NameFlaw> {
    parse_written(name, mode).map(|(n, problems, _)| (n, problems))
}

/// Which office numbers of a name were not written as the standard writes them (the
/// 9-digit typo lenient mode reads, padded to ten digits): the records are not compared
/// with a number the name does not hold (one mistake, one message: the name's warning).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Written {
    pub(crate) sender_padded: bool,
    pub(crate) receiver_padded: bool,
}

/// [`parse`], also telling which office numbers were padded.
pub(crate) fn parse_written(
    name: &str,
    mode: Mode,
) -> Result<(FileName, Vec<Problem>, Written), NameFlaw> {
    let base = base_name(name);
    if base.is_empty() {
        return Err(NameFlaw::new(NamePart::Structure, Reason::EmptyName, ""));
    }
    let (stem, ext) = base.rsplit_once('.').unwrap_or((base, ""));
    let parts: Vec<&str> = stem.split('_').collect();
    let (prefix, rest) = split_prefix(&parts);
    let kind: FileKind = prefix
        .parse()
        .map_err(|_| NameFlaw::new(NamePart::Prefix, Reason::UnknownPrefix, prefix.as_str()))?;

    let want = extension(kind);
    if !ext.eq_ignore_ascii_case(want) {
        return Err(NameFlaw::new(
            NamePart::Extension,
            Reason::Extension { want },
            ext,
        ));
    }

    let with_month = kind.month_in_name();
    let image = kind == FileKind::YoboKihonImage;
    let extra = usize::from(with_month) + usize::from(image);
    let with_kinds = if rest.len() == 5 + extra {
        true
    } else if rest.len() == 3 + extra {
        false
    } else {
        return Err(diagnose(kind, rest, base));
    };

    let lenient = mode == Mode::Lenient;
    let mut problems = Vec::new();
    let mut next = rest.iter().copied();

    let month = if with_month {
        let text = next.next().unwrap_or("");
        let month = read_month(text)?;
        if month.is_none() && kind != FileKind::Hosoku {
            return Err(NameFlaw::new(
                NamePart::Month,
                Reason::UnsetMonth { kind },
                text,
            ));
        }
        month
    } else {
        None
    };

    let mut read_party = |office_part: NamePart, kind_part: NamePart| {
        let office_text = next.next().unwrap_or("");
        let kind_text = if with_kinds { next.next() } else { None };
        let (office, nine) =
            read_office(office_text, lenient).map_err(|e| e.for_part(office_part))?;
        let mut warning = None;
        if nine {
            // The standard's 9-digit typo (LEGACY.md): read as the number it writes
            // (`123456789` is 0123456789), and the name is written with ten digits.
            warning = Some(
                Problem::warning(ProblemKind::InvalidFileName)
                    .expected(format!("{}(10桁)", office_part.name_ja()))
                    .found(office_text),
            );
        }
        let segment = match kind_text {
            None => KindSegment::None,
            Some(t) => match t.as_bytes() {
                [a, b, c] if [a, b, c].iter().all(|d| d.is_ascii_digit()) => {
                    if !lenient {
                        return Err(NameFlaw::new(kind_part, Reason::V40Segment, t));
                    }
                    KindSegment::V40([*a, *b, *c])
                }
                _ => KindSegment::Kind(read_kind(t).map_err(|e| e.for_part(kind_part))?),
            },
        };
        Ok((Party::with_segment(office, segment), warning))
    };
    let (sender, w1) = read_party(NamePart::SenderOffice, NamePart::SenderKind)?;
    let (receiver, w2) = read_party(NamePart::ReceiverOffice, NamePart::ReceiverKind)?;
    let written = Written {
        sender_padded: w1.is_some(),
        receiver_padded: w2.is_some(),
    };
    problems.extend(w1);
    problems.extend(w2);

    let seq_text = next.next().unwrap_or("");
    let sequence = Sequence::read(seq_text, lenient)?;
    if !sequence.is_standard() {
        problems.push(
            Problem::warning(ProblemKind::InvalidFileName)
                .expected("ファイル連番 YYYYMMDDHHMMSS(14桁)")
                .found(seq_text),
        );
    }

    let branch = if image {
        Some(read_branch(next.next().unwrap_or(""))?)
    } else {
        None
    };

    let name_value = FileName {
        kind,
        month,
        sender,
        receiver,
        sequence,
        branch,
    };
    // A name of a form before 4.1 (legacy: true; 4.0: false): its problem expects 4.1's
    // form of the kind's name, in the standard's notation.
    let form = match name_value.style() {
        super::NameStyle::Legacy => Some(true),
        super::NameStyle::V40 => Some(false),
        _ => None,
    };
    if let Some(legacy) = form {
        // A pre-4.0 name is the form of the versions before 4.0, which apply to service
        // months before 2025-04 (LEGACY.md): for those a legacy name is the form then in
        // force, a warning in both modes. From 2025-04 on (by the name's month, or by its
        // sequence number, the sending date, for kinds without a month) strict mode holds
        // the name to 4.1's form: an error; lenient mode reads it and warns.
        let (year, month) = match name_value.month {
            Some(m) => (m.year(), m.month()),
            None => (name_value.sequence.year(), name_value.sequence.month()),
        };
        let in_force_4x = (year, month) >= (2025, 4);
        let severity = if !lenient && in_force_4x && legacy {
            careplan_model::Severity::Error
        } else {
            careplan_model::Severity::Warning
        };
        problems.insert(
            0,
            Problem::new(ProblemKind::LegacyFileName, severity)
                .expected(super::pattern(kind))
                .found(base),
        );
    }
    problems.extend(case_problem(base, stem, ext, image));
    let problems = problems
        .into_iter()
        .map(|p| p.in_file(name).in_kind(kind))
        .collect();
    Ok((name_value, problems, written))
}

/// A name not in upper case (OPEN_QUESTIONS 11, PITFALLS: case-sensitive receivers miss
/// the file): read as if it were, and reported once, a warning in both modes. Its expected
/// text is the name in upper case (the messages tell it by found and expected differing
/// in case only). The image's extension is left out: its rule writes
/// `.jpg`, its example `.JPG` (layouts/_notes_yobo.md: either case).
fn case_problem(base: &str, stem: &str, ext: &str, image: bool) -> Option<Problem> {
    let checked = if image { stem } else { base };
    if !checked.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let upper = if image {
        format!("{}.{ext}", stem.to_ascii_uppercase())
    } else {
        base.to_ascii_uppercase()
    };
    Some(
        Problem::warning(ProblemKind::InvalidFileName)
            .expected(upper)
            .found(base),
    )
}

/// The prefix of a name split at `_` (every part before the first one that starts with a
/// digit, or is empty, joined again) and the parts after it.
fn split_prefix<'a, 'b>(parts: &'b [&'a str]) -> (String, &'b [&'a str]) {
    let prefix_len = parts
        .iter()
        .take_while(|p| p.chars().next().is_some_and(|c| !c.is_ascii_digit()))
        .count();
    let (prefix, rest) = parts.split_at(prefix_len);
    (prefix.join("_"), rest)
}

/// The kind a name's prefix names, whatever the rest of the name holds; see
/// [`FileName::kind_of_prefix`].
pub(crate) fn kind_of_prefix(name: &str) -> Option<FileKind> {
    let base = base_name(name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let parts: Vec<&str> = stem.split('_').collect();
    split_prefix(&parts).0.parse().ok()
}

/// Four digits.
fn read_branch(text: &str) -> Result<u16, NameFlaw> {
    let bad = || NameFlaw::new(NamePart::Branch, Reason::Digits { want: 4 }, text);
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    text.parse().map_err(|_| bad())
}

/// The error for parts that do not line up with any form of the kind.
fn diagnose(kind: FileKind, rest: &[&str], base: &str) -> NameFlaw {
    let six_digits = |s: &str| s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit());
    let first = rest.first().copied().unwrap_or("");
    let with_month = kind.month_in_name();
    let image = usize::from(kind == FileKind::YoboKihonImage);
    let n = rest.len();
    if !with_month && (n == 6 + image || n == 4 + image) && six_digits(first) {
        return NameFlaw::new(NamePart::Month, Reason::UnexpectedMonth { kind }, first);
    }
    if with_month && (n == 5 + image || n == 3 + image) && !six_digits(first) {
        return NameFlaw::new(NamePart::Month, Reason::MissingMonth { kind }, "");
    }
    let month = usize::from(with_month);
    if image == 1 && (n == 5 + month || n == 3 + month) {
        return NameFlaw::new(NamePart::Branch, Reason::MissingBranch, "");
    }
    if rest.iter().any(|p| p.is_empty()) {
        return NameFlaw::new(NamePart::Structure, Reason::EmptySegment, base);
    }
    NameFlaw::new(
        NamePart::Structure,
        Reason::Segments {
            kind,
            count: n,
            with_month,
        },
        base,
    )
}

/// A party from its text in a name (`0300000100_43`, `0300000100`, `0300000100_430`),
/// leniently: what [`Party`]'s `Display` writes reads back.
pub(crate) fn party_from_str(text: &str) -> Result<Party, NameFlaw> {
    let (office, segment) = match text.split_once('_') {
        Some((o, s)) => (o, Some(s)),
        None => (text, None),
    };
    let (office, _) = read_office(office, true)?;
    match segment {
        None => Ok(Party::legacy(office)),
        Some(s) if s.len() == 3 => Party::read_v40(office, s),
        Some(s) => Ok(Party::new(office, read_kind(s)?)),
    }
}
