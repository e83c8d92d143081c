//! Deciding a unit's side, parties, kind and month, and the problems of its composition.
//!
//! The rules are described on the [module](super) page; each step below names the rule.

use std::cmp::Reverse;
use std::collections::HashMap;

use careplan_csv::{FileName, Party};
use careplan_model::value::YearMonth;
use careplan_model::{FileKind, Location, Problem, ProblemKind, Side};

use super::kind::{Presence, UnitKind};
use super::member::{Member, MemberStatus};
use super::{has_codes, Unit};

/// Builds the unit of members sharing one sequence number and office pair; `None` for no
/// members.
pub(crate) fn assemble<T>(mut members: Vec<Member<T>>) -> Option<Unit<T>> {
    let first = members.first()?;
    let sequence = first.name.sequence();
    let mut problems = Vec::new();

    let side = check_side(&mut members, &mut problems);
    let (sender, receiver) = check_parties(&mut members, &mut problems)?;
    let legacy = members
        .iter()
        .filter(|m| m.belongs())
        .all(|m| !has_codes(&m.name));
    let kind = classify(&members, legacy);
    if let Some(kind) = kind {
        strays(kind, &mut members, &mut problems);
    }
    let month_ref = unit_month(&members);
    let month = month_ref.map(|(m, _)| m);

    match kind {
        Some(kind) => {
            duplicates(kind, month, &mut members, &mut problems);
            months(kind, month_ref, &members, &mut problems);
            missing(kind, legacy, month, &members, &mut problems);
        }
        None => {
            for m in members.iter_mut().filter(|m| m.belongs()) {
                m.status = MemberStatus::Stray;
                problems.push(
                    member_problem(ProblemKind::StrayMember, m)
                        // No unit of the standard holds this set: nothing to expect (the
                        // messages say so in words).
                        .found(describe(m.kind())),
                );
            }
        }
    }

    Some(Unit {
        sequence,
        sender,
        receiver,
        side,
        month,
        kind,
        legacy,
        members,
        problems,
    })
}

/// A problem about one member, naming its file.
fn member_problem<T>(kind: ProblemKind, m: &Member<T>) -> Problem {
    Problem::error(kind).in_file(m.file.clone())
}

/// A kind in messages: `第6表（サービス利用票）予定 (UPPLAN)`.
fn describe(kind: FileKind) -> String {
    format!("{} ({})", kind.name_ja(), kind.prefix())
}

/// The direction of a side in messages, in the spec's notation.
fn direction(side: Side) -> &'static str {
    if side == Side::Provider {
        "事業所 → 居宅"
    } else {
        "居宅 → 事業所"
    }
}

/// The unit's side: the one most files' kinds are sent by, the care office on a tie. Files
/// of the other side are `OtherParties`.
fn check_side<T>(members: &mut [Member<T>], problems: &mut Vec<Problem>) -> Side {
    let provider = members
        .iter()
        .filter(|m| m.kind().sender() == Side::Provider)
        .count();
    let side = if provider * 2 > members.len() {
        Side::Provider
    } else {
        Side::CareOffice
    };
    let Some(reference) = members.iter().position(|m| m.kind().sender() == side) else {
        return side;
    };
    let (ref_file, ref_kind) = match members.get(reference) {
        Some(r) => (r.file.clone(), r.kind()),
        None => return side,
    };
    for m in members.iter_mut() {
        let theirs = m.kind().sender();
        if theirs == side {
            continue;
        }
        m.status = MemberStatus::OtherParties;
        problems.push(
            member_problem(ProblemKind::MixedParties, m)
                .found(format!(
                    "{} ({}), {} ({})",
                    ref_kind.prefix(),
                    direction(side),
                    m.kind().prefix(),
                    direction(theirs)
                ))
                .related(Location::in_file(ref_file.clone())),
        );
    }
    side
}

/// Whether two parties of one office carry different codes of the same form.
fn codes_differ(a: &Party, b: &Party) -> bool {
    match (a.kind(), b.kind()) {
        (Some(x), Some(y)) => x != y,
        _ => matches!((a.v40_code(), b.v40_code()), (Some(x), Some(y)) if x != y),
    }
}

/// The unit's parties: those most names with codes carry (the earlier on a tie), else the
/// first file's. Names whose codes differ are `OtherParties`.
fn check_parties<T>(
    members: &mut [Member<T>],
    problems: &mut Vec<Problem>,
) -> Option<(Party, Party)> {
    // Votes per pair of parties, with the first name carrying it: one pass, so that a
    // folder of thousands of files named alike is not compared pair by pair.
    let mut votes: HashMap<(Party, Party), (usize, usize)> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        if m.belongs() && has_codes(&m.name) {
            let entry = votes
                .entry((*m.name.sender(), *m.name.receiver()))
                .or_insert((0, i));
            entry.0 += 1;
        }
    }
    let best = votes
        .into_values()
        .max_by_key(|(count, first)| (*count, Reverse(*first)))
        .map(|(_, first)| first);
    let reference = match best {
        Some(i) => members.get(i)?,
        None => members
            .iter()
            .find(|m| m.belongs())
            .or_else(|| members.first())?,
    };
    let sender = *reference.name.sender();
    let receiver = *reference.name.receiver();
    let ref_file = reference.file.clone();
    for m in members.iter_mut().filter(|m| m.belongs()) {
        let (s, r) = (m.name.sender(), m.name.receiver());
        if !codes_differ(&sender, s) && !codes_differ(&receiver, r) {
            continue;
        }
        m.status = MemberStatus::OtherParties;
        let found = format!("{sender} → {receiver}, {s} → {r}");
        problems.push(
            member_problem(ProblemKind::MixedParties, m)
                .found(found)
                .related(Location::in_file(ref_file.clone())),
        );
    }
    Some((sender, receiver))
}

/// Whether a 補足 counts towards a unit kind: `000000` for plan documents, a month for the
/// service ticket.
fn hosoku_fits(kind: UnitKind, month: Option<YearMonth>) -> bool {
    // A monthly unit wants a month, the plan documents want `000000`.
    kind.slot(FileKind::Hosoku).is_some() && kind.carries_month() == month.is_some()
}

/// The month segment of a name as written: `None` for a kind without one, `Some(None)`
/// for `000000`.
fn name_month(name: &FileName) -> Option<Option<YearMonth>> {
    name.kind().month_in_name().then(|| name.month())
}

/// A month segment as written: `YYYYMM`, or `000000`.
fn show(month: Option<YearMonth>) -> String {
    month.map_or_else(|| "000000".to_string(), |m| m.to_string())
}

/// The kind that holds the most belonging files (補足 by its month), then lacks the fewest
/// required files, then comes first in `UnitKind::ALL`; `None` when no file fits any kind.
fn classify<T>(members: &[Member<T>], legacy: bool) -> Option<UnitKind> {
    let belonging: Vec<&Member<T>> = members.iter().filter(|m| m.belongs()).collect();
    let score = |kind: UnitKind| {
        let fitting = belonging
            .iter()
            .filter(|m| kind.slot(m.kind()).is_some() && m.kind() != FileKind::Hosoku)
            .count();
        let hosoku = belonging
            .iter()
            .filter(|m| m.kind() == FileKind::Hosoku && hosoku_fits(kind, m.name.month()))
            .count();
        let missing = kind
            .slots()
            .iter()
            .filter(|s| s.presence.is_required(legacy))
            .filter(|s| !belonging.iter().any(|m| m.kind() == s.kind))
            .count();
        (fitting, hosoku, Reverse(missing))
    };
    UnitKind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| (score(*kind), Reverse(i), *kind))
        .max_by_key(|(score, order, _)| (*score, *order))
        .filter(|((fitting, hosoku, _), _, _)| fitting + hosoku > 0)
        .map(|(_, _, kind)| kind)
}

/// Files of kinds the unit does not hold are `Stray`.
fn strays<T>(kind: UnitKind, members: &mut [Member<T>], problems: &mut Vec<Problem>) {
    for m in members.iter_mut().filter(|m| m.belongs()) {
        if kind.slot(m.kind()).is_none() {
            m.status = MemberStatus::Stray;
            problems.push(
                member_problem(ProblemKind::StrayMember, m)
                    .found(describe(m.kind()))
                    .expected(kind.name_ja()),
            );
        }
    }
}

/// Where the unit's month is looked for on a tie: the 第6表, its delete, the 第7表, the 補足.
fn month_rank(kind: FileKind) -> usize {
    [
        FileKind::UsagePlan,
        FileKind::UsageResult,
        FileKind::UsagePlanDelete,
        FileKind::UsageResultDelete,
        FileKind::UsageSummary,
        FileKind::Hosoku,
    ]
    .iter()
    .position(|k| *k == kind)
    .unwrap_or(usize::MAX)
}

/// The month most belonging files carry (`000000` is none), the 第6表's on a tie, with the
/// file it is taken from.
fn unit_month<T>(members: &[Member<T>]) -> Option<(YearMonth, usize)> {
    // Per month: its votes, and the file of the lowest rank (the earliest on a tie).
    let mut votes: HashMap<YearMonth, (usize, usize, usize)> = HashMap::new();
    for (i, m) in members.iter().enumerate().filter(|(_, m)| m.belongs()) {
        let Some(month) = m.name.month() else {
            continue;
        };
        let rank = month_rank(m.kind());
        let entry = votes.entry(month).or_insert((0, rank, i));
        entry.0 += 1;
        if rank < entry.1 {
            (entry.1, entry.2) = (rank, i);
        }
    }
    votes
        .into_iter()
        .min_by_key(|(_, (count, rank, i))| (Reverse(*count), *rank, *i))
        .map(|(month, (_, _, i))| (month, i))
}

/// The month a file of `file_kind` must carry in a unit of `kind`: `000000` for a 補足 of
/// plan documents, else the unit's month (for kinds that carry one).
fn expected_month(
    kind: UnitKind,
    file_kind: FileKind,
    month: Option<YearMonth>,
) -> Option<Option<YearMonth>> {
    if !file_kind.month_in_name() {
        None
    } else if kind == UnitKind::PlanDocuments && file_kind == FileKind::Hosoku {
        Some(None)
    } else {
        month.map(Some)
    }
}

/// A second file of a kind held once, or a second image with one 枝番, is `Duplicate`. Of
/// several, the first carrying the expected month belongs, else the first.
fn duplicates<T>(
    kind: UnitKind,
    month: Option<YearMonth>,
    members: &mut [Member<T>],
    problems: &mut Vec<Problem>,
) {
    for slot in kind.slots() {
        let same: Vec<usize> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.belongs() && m.kind() == slot.kind)
            .map(|(i, _)| i)
            .collect();
        // Groups that may hold one file each: the whole kind, or one per 枝番.
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for i in same {
            let branch = members.get(i).and_then(|m| m.name.branch());
            let existing = groups.iter_mut().find(|g| {
                slot.presence != Presence::Repeated
                    || g.first()
                        .and_then(|j| members.get(*j))
                        .is_some_and(|m| m.name.branch() == branch)
            });
            match existing {
                Some(g) => g.push(i),
                None => groups.push(vec![i]),
            }
        }
        let want = expected_month(kind, slot.kind, month);
        for g in groups {
            let keep = g
                .iter()
                .copied()
                .find(|i| {
                    want.is_some() && members.get(*i).and_then(|m| name_month(&m.name)) == want
                })
                .or_else(|| g.first().copied());
            let Some(keep) = keep else { continue };
            let kept_file = match members.get(keep) {
                Some(m) => m.file.clone(),
                None => continue,
            };
            for i in g.into_iter().filter(|i| *i != keep) {
                let Some(m) = members.get_mut(i) else {
                    continue;
                };
                m.status = MemberStatus::Duplicate;
                let mut found = describe(m.kind());
                if let Some(b) = m.name.branch() {
                    found.push_str(&format!(" 枝番 {b:04}"));
                }
                problems.push(
                    member_problem(ProblemKind::DuplicateMember, m)
                        .found(found)
                        .related(Location::in_file(kept_file.clone())),
                );
            }
        }
    }
}

/// Belonging files whose month differs from the one they must carry.
fn months<T>(
    kind: UnitKind,
    month_ref: Option<(YearMonth, usize)>,
    members: &[Member<T>],
    problems: &mut Vec<Problem>,
) {
    let month = month_ref.map(|(m, _)| m);
    for (i, m) in members.iter().enumerate().filter(|(_, m)| m.belongs()) {
        let (Some(have), Some(want)) = (name_month(&m.name), expected_month(kind, m.kind(), month))
        else {
            continue;
        };
        if have == want {
            continue;
        }
        let mut p = member_problem(ProblemKind::MixedMonths, m).found(format!(
            "{}, {}",
            show(want),
            show(have)
        ));
        if let Some((_, r)) = month_ref.filter(|(_, r)| *r != i) {
            if let Some(reference) = members.get(r) {
                p = p.related(Location::in_file(reference.file.clone()));
            }
        }
        problems.push(p);
    }
}

/// Required kinds with no belonging file, reported on the unit's parent (the first
/// belonging file in slot order, else the first file).
fn missing<T>(
    kind: UnitKind,
    legacy: bool,
    month: Option<YearMonth>,
    members: &[Member<T>],
    problems: &mut Vec<Problem>,
) {
    let parent = kind
        .slots()
        .iter()
        .find_map(|s| members.iter().find(|m| m.belongs() && m.kind() == s.kind))
        .or_else(|| members.first());
    let Some(parent) = parent else { return };
    for slot in kind.slots() {
        if !slot.presence.is_required(legacy)
            || members.iter().any(|m| m.belongs() && m.kind() == slot.kind)
        {
            continue;
        }
        let expected = match expected_month(kind, slot.kind, month) {
            Some(m) => format!(
                "{} ({}_{})",
                slot.kind.name_ja(),
                slot.kind.prefix(),
                show(m)
            ),
            None => describe(slot.kind),
        };
        problems.push(member_problem(ProblemKind::MissingMember, parent).expected(expected));
    }
}
