//! 第7表（サービス利用票別表）— UPSIKYU (care office → provider, sent with UPPLAN and
//! UPHOSOKU). Spec layouts/UPSIKYU.tsv (37 items; 34 before 4.0): one row per office and
//! service code for the month, with 回数／日数, 区分支給限度 units and money; plus subtotal
//! rows per service kind (No.9 `xxAAAA`, `xxEEEE`, `xxZZZZ`) and one grand-total row per
//! user (No.9 `999999`). [`Table7Record::row`] says which a record is ([`RowKind`]).
//!
//! # Rules of one record
//!
//! - On subtotal and grand-total rows No.13 単位数 is `0` and No.14 割引後率 and No.15
//!   割引後単位数 are empty (No.13–15 notes: 0固定, 空（Null）固定):
//!   [`ProblemKind::SpecialRowValue`] naming the item.
//! - The grand-total row has No.7 サービス事業所コード `9999999999` (ALL9)
//!   ([`ProblemKind::SpecialRowValue`]); a detail row must not
//!   ([`ProblemKind::Inconsistent`]), as ALL9 marks the grand total.
//! - On a detail row of kind 17 福祉用具貸与 or 67 介護予防福祉用具貸与, No.10 TAISコード or
//!   No.11 福祉用具届出コード is given ([`ProblemKind::EquipmentCodeMissing`], naming No.10).
//!   The standard's text says 「サービスコード(No.19)」; No.9 is meant. 3.x records have
//!   neither item, so the rule applies to 4.x records only.
//! - No.34 事業所コード is `9999999999` (「9999999999を固定で入れる」). The note's alignment
//!   (No.34 or No.35) is uncertain, so another value, or none, is a warning
//!   ([`ProblemKind::Inconsistent`]).
//!
//! # Rules across the rows of a file
//!
//! Rows are taken per user-month (保険者番号 + 被保険者番号 + 対象年月, the key that links
//! 第7表 to 第6表) and, within it, per **group**: office (No.7) and service kind (the first
//! two characters of No.9).
//!
//! *Decision — subtotals are per office and kind.* Only the grand-total row carries ALL9 in
//! No.7, so a subtotal row names a real office: it totals that office's rows of its kind (as
//! the printed 別表 totals each 事業所's kind). Satellites (No.8) are not split, as the
//! standard merges them by office number and kind everywhere else.
//!
//! - **xxAAAA is required** when a group has more than one detail row (No.9 notes: 「その種類の
//!   サービスコードが複数行なら必須」): [`ProblemKind::MissingTotalRow`] at the group's first
//!   detail row.
//! - **One grand total per user-month** (「ALL9固定。必須出力」): none is
//!   [`ProblemKind::MissingTotalRow`] at the user's first row; a second is
//!   [`ProblemKind::DuplicateKey`]. A second subtotal of the same form in one group is
//!   [`ProblemKind::DuplicateKey`] too (the first one is checked).
//! - **Subtotals equal the sum of their rows** ([`ProblemKind::TotalMismatch`], an error at
//!   the subtotal row, naming the item, the sum expected and the value found).
//! - **The grand total equals the sum of the subtotals and of the rows no subtotal covers**
//!   ([`ProblemKind::TotalMismatch`] at the grand-total row).
//!
//! *Decision — which items are summed.* Only amounts that add up are summed:
//!
//! | items | subtotal | grand total | why |
//! |---|---|---|---|
//! | No.17 サービス単位金額, No.18 給付管理単位数, No.19–22 種類/区分支給限度基準 超/内 単位数 | yes | yes | units; a kind's units are the sum of its rows' units |
//! | No.24 費用総額保険／事業対象分, No.26 保険／事業費請求額, No.28 利用者負担保険／事業対象分, No.29 利用者負担（全額負担分） | no | yes | yen computed on the kind's row (units × 単位数単価, 円未満切捨て, then 給付率): per-row amounts, when a sender gives them, need not add up to the kind's amount by rounding; the grand total adds the kinds' amounts, with no rounding |
//! | No.13 単位数, No.14 割引後率, No.15 割引後単位数 | no | no | per-unit values, fixed 0 / empty on special rows |
//! | No.16 回数／日数 | no | no | counts of different services do not add into one count |
//! | No.23 単位数単価, No.25 給付率, No.27 定額利用者負担単価金額 | no | no | prices and rates |
//! | No.30–32 利用日数 | no | no | day counts of the stay, not per row |
//!
//! An item is compared only when at least one of the rows summed gives it: senders may put
//! limit and money items on the subtotal row alone (as the printed 別表 does), and an empty
//! item on such a subtotal row is then not a mismatch. An empty item counts as 0 otherwise.
//!
//! *Decision — which rows a subtotal covers.* `xxZZZZ` (30日超過分) covers the group's
//! detail rows with No.33 ３０日超区分 `1`. `xxAAAA` (inside the 区分支給限度) and `xxEEEE`
//! (outside it) share the other rows; which service is inside the limit is in the service-code
//! table, not in the record. The record's own mark is No.18 給付管理単位数, fixed empty for a
//! service outside the limit (No.18 notes). So when some of those rows give No.18, `xxAAAA`
//! covers the rows with No.18 and `xxEEEE` the rows without. When none does (the sender left
//! No.18 empty, as No.18's exception allows), the rows cannot be told apart: a lone `xxAAAA`
//! or `xxEEEE` covers them all, and when both are present their sum is compared with the
//! rows' (reported at `xxAAAA`). For the grand total a subtotal stands for the rows it
//! covers; rows no subtotal covers count themselves (in the simplest case: the `xxAAAA`
//! subtotals plus the rows of the groups without one; `xxEEEE` and `xxZZZZ` in the same way).
//!
//! *Decision — a user's rows need not be together.* The standard asks for output per user
//! (one record set per user), not for an order of the rows: a user whose rows are split by
//! another user's is totalled over all its rows, wherever they are, and nothing is reported
//! about the order.
//!
//! *Memory.* A few numbers per office and kind are kept for every user-month of the file until
//! its end (memory grows with the users, never with the rows); the totals are checked there.
//!
//! *A row that did not become a typed record* (an item that holds no value of its type) has
//! its own error. Its amounts are unknown, so its user-month is not totalled: one
//! [`ProblemKind::NotChecked`] warning says so at the first such row, instead of a missing
//! subtotal or mismatching totals that its absence would cause. Its user-month is taken from
//! its raw No.2, No.3 and No.5, or is the previous row's when those do not hold values.
//!
//! That a file holds one service month is checked by the file reader. Rows that did not
//! become typed records are not fed to the totals, so they count as absent.
//!
//! ```
//! use careplan_model::table7::{RowKind, Table7Record};
//! use careplan_model::{RawRecord, TypedRecord};
//! use careplan_model::value::SubtotalKind;
//! let raw = RawRecord::from_texts([
//!     "202407", "131001", "0000012345", "20250320", "202504", "訪問介護A", "1310000002", "",
//!     "11AAAA", "", "", "", "0", "", "", "1", "2000", "2000", "0", "2000", "0", "2000",
//!     "11.40", "22800", "90", "20520", "", "2280", "0", "", "", "", "0", "9999999999", "",
//!     "1310000001", "",
//! ]);
//! let rec = Table7Record::from_raw(&raw).unwrap();
//! assert!(matches!(rec.row(), RowKind::Subtotal { subtotal: SubtotalKind::Limit, .. }));
//! assert_eq!(rec.to_raw(), raw);
//! ```

use foldhash::HashMap;
use std::collections::hash_map::Entry;

use crate::kind::FileKind;
use crate::layout::Layout;
use crate::problem::{Location, ProblemKind, Severity};
use crate::typed::{push_cold, FileRules, RecordRules, RuleContext};
use crate::value::{
    Applicable, CsvVersion, Date, Decimal, DigitCode, EquipmentCode, Generation, InsuredNumber,
    InsurerNumber, OfficeNumber, ServiceCode, ServiceKind, SubtotalKind, YearMonth,
};
use crate::{Mode, Position, Problem};

crate::typed_record! {
    /// A record of 第7表 (UPSIKYU): a service row of an office for the month, a subtotal row
    /// of a kind, or the user's grand-total row.
    pub struct Table7Record for [UsageSummary] in "UPSIKYU" {
        /// No.1 CSVバージョン.
        1 req version: CsvVersion,
        /// No.2 保険者番号.
        2 req insurer: InsurerNumber,
        /// No.3 被保険者番号 (H + 9 digits for 生保単独).
        3 req insured: InsuredNumber,
        /// No.4 作成年月日.
        4 req created: Date,
        /// No.5 対象年月: the service month.
        5 req month: YearMonth,
        /// No.6 サービス事業所名.
        6 text provider_name,
        /// No.7 サービス事業所コード (`9999999999` on the grand-total row).
        7 req provider: OfficeNumber,
        /// No.8 サテライト枝番.
        8 opt satellite: DigitCode,
        /// No.9 サービスコード, or a subtotal (`xxAAAA`, `xxEEEE`, `xxZZZZ`) or the grand
        /// total (`999999`).
        9 req service_code: ServiceCode,
        /// No.10 TAISコード (4.x).
        10 opt tais_code: EquipmentCode,
        /// No.11 福祉用具届出コード (4.x).
        11 opt notified_code: EquipmentCode,
        /// No.12 用具名称（機種名）(4.x).
        12 text equipment_name,
        /// No.13 単位数 (0 on subtotal and total rows).
        13 req units: i64,
        /// No.14 割引後率 (empty on subtotal and total rows).
        14 opt discount_rate: i64,
        /// No.15 割引後単位数 (empty on subtotal and total rows).
        15 opt discounted_units: i64,
        /// No.16 回数／日数.
        16 req count: i64,
        /// No.17 サービス単位金額 (サービス単位／金額).
        17 opt service_units: i64,
        /// No.18 給付管理単位数 (empty for services outside the 区分支給限度).
        18 opt managed_units: i64,
        /// No.19 種類支給限度基準超単位数.
        19 opt kind_limit_over: i64,
        /// No.20 種類支給限度基準内単位数.
        20 opt kind_limit_within: i64,
        /// No.21 区分支給限度基準超単位数.
        21 opt category_limit_over: i64,
        /// No.22 区分支給限度基準内単位数.
        22 opt category_limit_within: i64,
        /// No.23 単位数単価 (yen per unit, `99.99`).
        23 opt unit_price: Decimal,
        /// No.24 費用総額保険／事業対象分 (yen).
        24 opt total_cost: i64,
        /// No.25 給付率 (%).
        25 opt benefit_rate: i64,
        /// No.26 保険／事業費請求額 (yen).
        26 opt claim: i64,
        /// No.27 定額利用者負担単価金額 (yen).
        27 opt fixed_copay_price: i64,
        /// No.28 利用者負担保険／事業対象分 (yen).
        28 opt copay: i64,
        /// No.29 利用者負担（全額負担分）(yen).
        29 opt copay_full: i64,
        /// No.30 前月までの利用日数.
        30 opt days_before_month: i64,
        /// No.31 当月の計画利用日数.
        31 opt planned_days: i64,
        /// No.32 累積利用日数.
        32 opt cumulative_days: i64,
        /// No.33 ３０日超区分.
        33 req over_30_days: Applicable,
        /// No.34 事業所コード (`9999999999`, fixed).
        34 opt office_code: OfficeNumber = Some(OfficeNumber::ALL_NINES),
        /// No.35 入力者コード.
        35 opt entry_code: DigitCode,
        /// No.36 更新業者コード.
        36 opt updater: OfficeNumber,
        /// No.37 識別子 (使用しない).
        37 unused,
    }
}

/// What a 第7表 row is, by its No.9 サービスコード.
///
/// ```
/// use careplan_model::table7::RowKind;
/// use careplan_model::value::ServiceCode;
/// assert_eq!(RowKind::of("999999".parse().unwrap()), RowKind::GrandTotal);
/// assert!(RowKind::of("111111".parse().unwrap()).is_detail());
/// assert!(!RowKind::of("11ZZZZ".parse().unwrap()).is_detail());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// A service row of an office (明細).
    Detail {
        /// The service kind.
        kind: ServiceKind,
    },
    /// A subtotal row of a kind (種類別小計).
    Subtotal {
        /// The service kind.
        kind: ServiceKind,
        /// Which subtotal.
        subtotal: SubtotalKind,
    },
    /// The user's grand-total row (全合計, `999999`).
    GrandTotal,
}

impl RowKind {
    /// The kind of the row whose service code is `code`.
    pub fn of(code: ServiceCode) -> RowKind {
        match code {
            ServiceCode::Service { kind, .. } => RowKind::Detail { kind },
            ServiceCode::Subtotal { kind, subtotal } => RowKind::Subtotal { kind, subtotal },
            ServiceCode::GrandTotal => RowKind::GrandTotal,
        }
    }

    /// Whether it is a service row (not a subtotal or the grand total).
    pub fn is_detail(self) -> bool {
        matches!(self, RowKind::Detail { .. })
    }
}

/// The key of a user-month: 保険者番号, 被保険者番号, 対象年月.
pub(crate) type UserMonth = (InsurerNumber, InsuredNumber, YearMonth);

/// The items [`Table7Totals`] sums, by No.; the first [`SUBTOTAL_ITEMS`] are summed on
/// subtotal rows too (see the module docs for why).
pub(crate) const SUMMED_ITEMS: [u16; 10] = [17, 18, 19, 20, 21, 22, 24, 26, 28, 29];
// `Amounts::given` holds one bit per summed item.
const _: () = assert!(SUMMED_ITEMS.len() <= 16);

/// How many of [`SUMMED_ITEMS`] (the units, No.17–22) subtotal rows are checked for.
pub(crate) const SUBTOTAL_ITEMS: usize = 6;

impl Table7Record {
    /// What the row is: a service row, a subtotal or the grand total.
    pub fn row(&self) -> RowKind {
        RowKind::of(self.service_code)
    }

    /// The user-month: 保険者番号 + 被保険者番号 + 対象年月.
    pub(crate) fn user_month(&self) -> UserMonth {
        (self.insurer, self.insured, self.month)
    }

    /// Whether it is a 福祉用具貸与 service row (kind 17 or 67).
    pub fn is_welfare_equipment(&self) -> bool {
        matches!(self.row(), RowKind::Detail { kind } if kind.is_welfare_equipment())
    }

    /// The value of summed item No. `no` (one of [`SUMMED_ITEMS`]), `None` when empty or
    /// not summed.
    pub(crate) fn summed_item(&self, no: u16) -> Option<i64> {
        match no {
            17 => self.service_units,
            18 => self.managed_units,
            19 => self.kind_limit_over,
            20 => self.kind_limit_within,
            21 => self.category_limit_over,
            22 => self.category_limit_within,
            24 => self.total_cost,
            26 => self.claim,
            28 => self.copay,
            29 => self.copay_full,
            _ => None,
        }
    }
}

/// The stated rules of issue 13 §2 on one 第7表 row (spec layouts/UPSIKYU.tsv):
/// - No.23 単位数単価 is written in the `99.99` form (「99.99 形式で入力」, 例 11.40): two
///   digits, a point, two digits. [`Decimal`] already requires the point and two decimals;
///   one or three integer digits (`9.40`, `011.40`) are a deviation of the form (an error in
///   strict mode, a warning in lenient mode).
/// - No.36 更新業者コード is the 居宅介護支援事業者's number: the care office, which sends
///   第7表, so the file name's sender. A 46/AF sender (地域包括支援センター) may have
///   entrusted the plan to a 居宅 (委託): a warning there.
/// - A detail row of a service kind the standard does not exchange (SERVICE_KINDS.tsv
///   in_scope N, e.g. 73) is a warning at No.9, as in 第6表 (「連携対象外のサービスは出力
///   しない」, spec README 出力単位).
impl Table7Record {
    fn stated_rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        if let Some(price) = self.unit_price.filter(|p| p.text_len() != 5) {
            push_cold(out, || {
                ctx.problem(ProblemKind::InvalidFormat, ctx.mode.deviation(), 23)
                    .found(price.to_string())
                    .format(crate::Format::Decimal)
                    .expected("99.99")
            });
        }
        if let (Some(updater), Some(sender)) = (self.updater, ctx.parties.sender) {
            if updater != sender.office {
                // A 予防 sender (46 介護予防支援, AF) may have entrusted the plan to a 居宅
                // (委託), whose number No.36 may then hold: not the standard's words, so an
                // inferred warning there (RULES.md).
                push_cold(out, || {
                    let entrusted = sender.kind.is_some_and(|k| matches!(k.code(), "46" | "AF"));
                    let p = ctx
                        .problem(ProblemKind::SenderMismatch, Severity::Error, 36)
                        .found(updater.to_string())
                        .expected(sender.office.to_string());
                    if entrusted {
                        p.inferred()
                    } else {
                        p
                    }
                });
            }
        }
        if self.row().is_detail() {
            if let Some(kind) = self.service_code.kind().filter(|k| !k.in_scope()) {
                // No `expected`: the kinds exchanged are too many to list; the
                // messages say it in words.
                push_cold(out, || {
                    ctx.problem(ProblemKind::UnknownCode, Severity::Warning, 9)
                        .found(format!(
                            "{} ({} {})",
                            self.service_code,
                            kind,
                            kind.name_ja()
                        ))
                });
            }
        }
    }
}

impl RecordRules for Table7Record {
    fn rules(&self, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        self.stated_rules(ctx, out);
        let row = self.row();
        if row.is_detail() {
            if self.provider.is_all_nines() {
                push_cold(out, || {
                    ctx.problem(ProblemKind::Inconsistent, Severity::Error, 7)
                        .found(self.provider.to_string())
                        .expected(self.service_code.to_string())
                });
            }
        } else {
            if self.units != 0 {
                push_cold(out, || {
                    ctx.problem(ProblemKind::SpecialRowValue, Severity::Error, 13)
                        .found(self.units.to_string())
                        .expected("0")
                });
            }
            for (no, value) in [(14, self.discount_rate), (15, self.discounted_units)] {
                if let Some(v) = value {
                    push_cold(out, || {
                        ctx.problem(ProblemKind::SpecialRowValue, Severity::Error, no)
                            .found(v.to_string())
                            .expected("\"\"")
                    });
                }
            }
        }
        if row == RowKind::GrandTotal && !self.provider.is_all_nines() {
            push_cold(out, || {
                ctx.problem(ProblemKind::SpecialRowValue, Severity::Error, 7)
                    .found(self.provider.to_string())
                    .expected("9999999999")
            });
        }
        if self.is_welfare_equipment()
            && self.version.generation() != Generation::V3
            && self.tais_code.is_none()
            && self.notified_code.is_none()
        {
            push_cold(out, || {
                ctx.problem(ProblemKind::EquipmentCodeMissing, Severity::Error, 10)
                    .found(self.service_code.to_string())
            });
        }
        if self.office_code != Some(OfficeNumber::ALL_NINES) {
            push_cold(out, || {
                ctx.problem(ProblemKind::Inconsistent, Severity::Warning, 34)
                    .found(
                        self.office_code
                            .map_or_else(|| "\"\"".to_string(), |o| o.to_string()),
                    )
                    .expected("9999999999")
            });
        }
    }
}

/// The amounts of [`SUMMED_ITEMS`] over some rows: their sums, and whether any row gave
/// each item.
#[derive(Clone, Copy, Debug, Default)]
struct Amounts {
    sum: [i64; SUMMED_ITEMS.len()],
    /// Bit `i` set when a row gave item `SUMMED_ITEMS[i]`.
    given: u16,
    rows: u32,
    /// The largest magnitude of a value summed: with `rows`, it bounds every partial sum,
    /// so that sums of two parts of the rows are known to join as one sum would
    /// ([`Amounts::joins`]).
    peak: u64,
}

impl Amounts {
    fn of(rec: &Table7Record) -> Amounts {
        let mut a = Amounts::default();
        a.add_record(rec);
        a
    }

    fn add_record(&mut self, rec: &Table7Record) {
        for (i, (no, s)) in SUMMED_ITEMS.iter().zip(&mut self.sum).enumerate() {
            if let Some(v) = rec.summed_item(*no) {
                *s = s.saturating_add(v);
                self.given |= 1 << i;
                self.peak = self.peak.max(v.unsigned_abs());
            }
        }
        self.rows = self.rows.saturating_add(1);
    }

    /// Whether any row gave item `SUMMED_ITEMS[i]`.
    fn gives(&self, i: usize) -> bool {
        self.given >> i & 1 == 1
    }

    /// Whether the sums of `self`'s rows and `later`'s, added, are the sums one pass over
    /// both would give: no partial sum of either pass can have saturated.
    fn joins(&self, later: &Amounts) -> bool {
        let rows = u128::from(self.rows) + u128::from(later.rows);
        let peak = u128::from(self.peak.max(later.peak));
        self.rows < u32::MAX
            && later.rows < u32::MAX
            && rows * peak <= u128::from(i64::MAX.unsigned_abs())
    }

    fn add(&mut self, other: &Amounts) {
        // No row: nothing to add (only rows add to the sums, the items given and the peak).
        if other.rows == 0 {
            return;
        }
        for (s, os) in self.sum.iter_mut().zip(&other.sum) {
            *s = s.saturating_add(*os);
        }
        self.given |= other.given;
        self.rows = self.rows.saturating_add(other.rows);
        self.peak = self.peak.max(other.peak);
    }

    fn plus(mut self, other: &Amounts) -> Amounts {
        self.add(other);
        self
    }
}

/// Where a row is (its line and layout), to report on it later.
#[derive(Clone, Copy, Debug)]
struct Place {
    position: Position,
    layout: &'static Layout,
}

impl Place {
    fn of(ctx: &RuleContext<'_>) -> Place {
        Place {
            position: ctx.position,
            layout: ctx.layout,
        }
    }
}

/// A special row seen: where, and its own amounts.
#[derive(Clone, Copy, Debug)]
struct Special {
    place: Place,
    code: ServiceCode,
    amounts: Amounts,
}

/// The rows of one office and kind of a user-month. A file's groups are kept to its end
/// (a user-month's rows may come back), so the usual group (rows that give No.18, no
/// subtotal) is kept small: the rest is boxed, made only when a row needs it. (Held in
/// line, the rest made each group 728 bytes: the memory written for them took a third of
/// the time of reading a 第7表.)
#[derive(Clone, Debug, Default)]
struct Group {
    first_detail: Option<Place>,
    /// Detail rows with No.33 `0` that give No.18 (inside the limit).
    marked: Amounts,
    rare: Option<Box<RareRows>>,
}

/// The rows of a group that are not of the usual kind.
#[derive(Clone, Debug, Default)]
struct RareRows {
    /// Detail rows with No.33 `0` without No.18.
    unmarked: Amounts,
    /// Detail rows with No.33 `1` (30日超過分).
    over_30: Amounts,
    /// The subtotals, in the order of [`SubtotalKind::ALL`].
    subtotals: [Option<Special>; 3],
}

/// No rows: the amounts of a group without rows of a kind.
const NO_ROWS: Amounts = Amounts {
    sum: [0; SUMMED_ITEMS.len()],
    given: 0,
    rows: 0,
    peak: 0,
};

fn slot_of(kind: SubtotalKind) -> usize {
    SubtotalKind::ALL
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_default()
}

impl Group {
    /// Detail rows with No.33 `0` without No.18.
    fn unmarked(&self) -> &Amounts {
        self.rare.as_ref().map_or(&NO_ROWS, |r| &r.unmarked)
    }

    /// Detail rows with No.33 `1` (30日超過分).
    fn over_30(&self) -> &Amounts {
        self.rare.as_ref().map_or(&NO_ROWS, |r| &r.over_30)
    }

    /// The subtotals, in the order of [`SubtotalKind::ALL`].
    fn subtotals(&self) -> &[Option<Special>; 3] {
        self.rare
            .as_ref()
            .map_or(&[None, None, None], |r| &r.subtotals)
    }

    /// The rows not of the usual kind, made when first needed.
    fn rare_mut(&mut self) -> &mut RareRows {
        self.rare.get_or_insert_with(Box::default)
    }

    fn subtotal(&self, kind: SubtotalKind) -> Option<&Special> {
        self.subtotals().get(slot_of(kind)).and_then(Option::as_ref)
    }

    /// Whether `later`'s rows of the group join these: no subtotal on both sides (the
    /// second is a repeat), sums that join exactly.
    fn joins(&self, later: &Group) -> bool {
        let repeated = self
            .subtotals()
            .iter()
            .zip(later.subtotals())
            .any(|(a, b)| a.is_some() && b.is_some());
        !repeated
            && self.marked.joins(&later.marked)
            && self.unmarked().joins(later.unmarked())
            && self.over_30().joins(later.over_30())
    }

    /// Takes `later`'s rows of the group (which [`Group::joins`] these).
    fn join(&mut self, later: Group) {
        if self.first_detail.is_none() {
            self.first_detail = later.first_detail;
        }
        self.marked.add(&later.marked);
        let Some(theirs) = later.rare else {
            return;
        };
        match &mut self.rare {
            None => self.rare = Some(theirs),
            Some(mine) => {
                mine.unmarked.add(&theirs.unmarked);
                mine.over_30.add(&theirs.over_30);
                for (mine, theirs) in mine.subtotals.iter_mut().zip(theirs.subtotals) {
                    if mine.is_none() {
                        *mine = theirs;
                    }
                }
            }
        }
    }

    fn details(&self) -> u32 {
        self.marked
            .rows
            .saturating_add(self.unmarked().rows)
            .saturating_add(self.over_30().rows)
    }
}

/// The rows of one user-month, wherever they are in the file.
#[derive(Debug)]
struct Run {
    key: UserMonth,
    first: Place,
    /// The first of its groups in [`Table7Totals::groups`] ([`NO_GROUP`] when none): the
    /// groups by office and kind, in their order, each naming the next (a user has a few).
    groups: usize,
    grand_total: Option<Special>,
    /// Rows of the user that did not become typed records: how many, and the first.
    untyped: u32,
    first_untyped: Option<Place>,
    /// Whether the run's rows were joined to the run of its user-month read before it
    /// ([`Table7Totals::absorb`]): it is left where it was, with nothing, and passed over.
    moved: bool,
    /// The problems [`Table7Totals::check_run`] found of the run as it is, when checked
    /// before the end ([`FileRules::settle`]); `None` once anything may have changed it.
    checked: Option<Vec<Problem>>,
}

/// A group's office and kind: the order of a user-month's groups.
type GroupKey = (OfficeNumber, ServiceKind);

/// A group of a user-month, in the list of its groups.
#[derive(Debug)]
struct Slot {
    key: GroupKey,
    /// How far on (wrapping) the next group of the user-month is, from this one; 0 after
    /// the last. Relative, so that the groups of a part read apart keep their lists when
    /// they are taken in whole ([`Chunks::append`]).
    next: usize,
    group: Group,
}

/// The index of the group after `slot`, which is at `at` ([`NO_GROUP`] after the last).
fn next_of(at: usize, slot: &Slot) -> usize {
    match slot.next {
        0 => NO_GROUP,
        step => at.wrapping_add(step),
    }
}

/// The [`Slot::next`] of the group at `from` for the group at `to` next.
fn step(from: usize, to: usize) -> usize {
    match to {
        NO_GROUP => 0,
        _ => to.wrapping_sub(from),
    }
}

/// No group: the end of a user-month's list.
const NO_GROUP: usize = usize::MAX;

/// Values kept in chunks of [`CHUNK`], found by the index `push` gave: a pushed value is
/// never moved, where a `Vec` copies every value each time it grows. The runs and groups of
/// a file are kept so (each group a few hundred bytes): a user-month's groups are a list
/// through them, with no allocation of its own. The value at index `i` is the `i % CHUNK`th
/// of chunk `i / CHUNK`; a chunk may hold fewer (the last of those taken in by
/// [`Chunks::append`]), its indexes past them unused.
#[derive(Debug)]
struct Chunks<T> {
    chunks: Vec<Vec<T>>,
    /// The index the next value pushed is given.
    end: usize,
}

/// The values of one chunk of [`Chunks`].
const CHUNK: usize = 32;

impl<T> Default for Chunks<T> {
    fn default() -> Chunks<T> {
        Chunks {
            chunks: Vec::new(),
            end: 0,
        }
    }
}

impl<T> Chunks<T> {
    /// Adds `value`; gives its index.
    fn push(&mut self, value: T) -> usize {
        self.push_with(|_| value)
    }

    /// Adds the value `make` makes of the index it is given; gives that index.
    fn push_with(&mut self, make: impl FnOnce(usize) -> T) -> usize {
        let at = self.end;
        match self.chunks.last_mut() {
            // The last chunk's next index is `end`; a new chunk's first is too (the last
            // one full, or none).
            Some(chunk) if chunk.len() < CHUNK => chunk.push(make(at)),
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(make(at));
                self.chunks.push(chunk);
            }
        }
        self.end = at + 1;
        at
    }

    /// Takes `later`'s values in whole, after these, without moving them: the value at
    /// index `i` in `later` is at `i` plus the returned offset here.
    fn append(&mut self, later: Chunks<T>) -> usize {
        let offset = self.chunks.len() * CHUNK;
        if !later.chunks.is_empty() {
            self.end = offset + later.end;
            self.chunks.extend(later.chunks);
        }
        offset
    }

    /// The values with their indexes, in the order pushed.
    fn indexed_mut(&mut self) -> impl Iterator<Item = (usize, &mut T)> {
        self.chunks.iter_mut().enumerate().flat_map(|(c, chunk)| {
            chunk
                .iter_mut()
                .enumerate()
                .map(move |(j, value)| (c * CHUNK + j, value))
        })
    }

    fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / CHUNK)?.get(i % CHUNK)
    }

    fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.chunks.get_mut(i / CHUNK)?.get_mut(i % CHUNK)
    }

    /// The values, in the order pushed.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
}

impl<T> IntoIterator for Chunks<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.chunks.into_iter().flatten()
    }
}

/// The groups of the list that begins at `first`, in order.
fn groups_from(groups: &Chunks<Slot>, first: usize) -> impl Iterator<Item = &Slot> {
    let mut at = first;
    std::iter::from_fn(move || {
        let slot = groups.get(at)?;
        at = next_of(at, slot);
        Some(slot)
    })
}

/// The group of `key` in the list that begins at `*first`, added in order if new.
fn group_in<'g>(groups: &'g mut Chunks<Slot>, first: &mut usize, key: GroupKey) -> &'g mut Group {
    let (mut before, mut at) = (NO_GROUP, *first);
    while let Some(slot) = groups.get(at) {
        if slot.key >= key {
            break;
        }
        (before, at) = (at, next_of(at, slot));
    }
    let found = groups.get(at).is_some_and(|slot| slot.key == key);
    if !found {
        let new = groups.push_with(|new| Slot {
            key,
            next: step(new, at),
            group: Group::default(),
        });
        match groups.get_mut(before) {
            Some(slot) => slot.next = step(before, new),
            None => *first = new,
        }
        at = new;
    }
    match groups.get_mut(at) {
        Some(slot) => &mut slot.group,
        // `at` is the group found or just pushed.
        None => unreachable!("a group's index is in range"),
    }
}

/// A user-month as one number, hashed at once: 保険者番号 (20 bits), 生保単独 (1 bit),
/// the 被保険者番号's digits (34 bits), the year (14 bits) and the month (4 bits).
fn packed((insurer, insured, month): UserMonth) -> u128 {
    u128::from(insurer.value()) << 53
        | u128::from(insured.is_seiho()) << 52
        | u128::from(insured.digits()) << 18
        | u128::from(month.year()) << 4
        | u128::from(month.month())
}

/// The user-month of a row that did not become a typed record, from its raw No.2, No.3 and
/// No.5 (the same columns in every version's layout), when they hold values.
fn raw_user_month(raw: &crate::RawRecord) -> Option<UserMonth> {
    Some((
        raw.text(1)?.parse().ok()?,
        raw.text(2)?.parse().ok()?,
        raw.text(4)?.parse().ok()?,
    ))
}

impl Run {
    fn new(key: UserMonth, first: Place) -> Run {
        Run {
            key,
            first,
            groups: NO_GROUP,
            grand_total: None,
            untyped: 0,
            first_untyped: None,
            moved: false,
            checked: None,
        }
    }

    fn add_untyped(&mut self, place: Place) {
        self.untyped = self.untyped.saturating_add(1);
        self.first_untyped.get_or_insert(place);
    }

    /// Whether `later`'s rows of the user-month (its groups in `their_groups`) join these
    /// (their groups in `groups`): no grand total on both sides (the second is a repeat),
    /// groups that join.
    fn joins(&self, groups: &Chunks<Slot>, later: &Run, their_groups: &Chunks<Slot>) -> bool {
        if self.grand_total.is_some() && later.grand_total.is_some() {
            return false;
        }
        groups_from(their_groups, later.groups).all(|theirs| {
            match groups_from(groups, self.groups).find(|mine| mine.key == theirs.key) {
                Some(mine) => mine.group.joins(&theirs.group),
                None => true,
            }
        })
    }

    /// Takes `later`'s rows of the user-month (which [`Run::joins`] these): its groups are
    /// taken out of `their_groups` into `groups`.
    fn join(
        &mut self,
        groups: &mut Chunks<Slot>,
        later: &mut Run,
        their_groups: &mut Chunks<Slot>,
    ) {
        self.checked = None;
        let later = std::mem::replace(
            later,
            Run {
                moved: true,
                ..Run::new(later.key, later.first)
            },
        );
        self.take_groups(groups, later.groups, their_groups);
        if self.grand_total.is_none() {
            self.grand_total = later.grand_total;
        }
        self.untyped = self.untyped.saturating_add(later.untyped);
        if self.first_untyped.is_none() {
            self.first_untyped = later.first_untyped;
        }
    }

    /// Joins the groups of the list from `first` in `their_groups` (taken out of it) to
    /// these, in `groups`.
    fn take_groups(
        &mut self,
        groups: &mut Chunks<Slot>,
        first: usize,
        their_groups: &mut Chunks<Slot>,
    ) {
        let mut next = first;
        while let Some(slot) = their_groups.get_mut(next) {
            next = next_of(next, slot);
            let theirs = std::mem::take(&mut slot.group);
            // A new group is the default joined with theirs: theirs.
            group_in(groups, &mut self.groups, slot.key).join(theirs);
        }
    }
}

/// The rules across the rows of a 第7表 file: required subtotal and grand-total rows, and
/// subtotals and grand totals equal to the sums of their rows. See the module docs for
/// the rules and the decisions behind them.
#[derive(Debug, Default)]
pub(crate) struct Table7Totals {
    mode: Mode,
    file: Option<String>,
    /// Every user-month's rows, in the order of their first row: memory grows with the
    /// users, not the rows.
    runs: Chunks<Run>,
    /// The groups of every user-month (each run's, a list from [`Run::groups`]).
    groups: Chunks<Slot>,
    /// The index in `runs` of each user-month, by [`packed`] key. Hashed with foldhash,
    /// seeded at random for each map (foldhash aims at minimal resistance to keys chosen to
    /// collide; SipHash cost 40–70 instructions per key here).
    index: HashMap<u128, usize>,
    /// The key of the last row's user-month (the usual next one) and its index in `runs`:
    /// the rows of a user-month that follow one another find it without hashing.
    last: Option<(u128, usize)>,
    /// Rows not typed before any user's row: given to the first user seen, at the end (so
    /// that a part of the file read apart, [`FileRules::absorb`], gives them to the user
    /// of the part before it instead).
    untyped_before: Option<(u32, Place)>,
}

impl Table7Totals {
    fn context(&self, place: Place) -> RuleContext<'_> {
        RuleContext {
            mode: self.mode,
            file: self.file.as_deref(),
            kind: FileKind::UsageSummary,
            layout: place.layout,
            position: place.position,
            parties: crate::parties::NameParties::default(),
        }
    }

    fn location(&self, place: Place) -> Location {
        self.context(place).location()
    }

    /// Checks the totals of a user-month whose rows have all been seen. A user-month one of
    /// whose rows did not become a typed record is not totalled: one warning says so at the
    /// first such row, instead of the subtotal and total mismatches its absence would cause.
    fn check_run(&self, run: &Run, groups: &Chunks<Slot>, out: &mut Vec<Problem>) {
        if let Some(place) = run.first_untyped {
            out.push(
                self.context(place)
                    .record_problem(ProblemKind::NotChecked, Severity::Warning)
                    .found(run.untyped.to_string())
                    .expected("xxAAAA, xxEEEE, xxZZZZ, 999999"),
            );
            return;
        }
        let mut found = Vec::new();
        let mut grand = Amounts::default();
        for slot in groups_from(groups, run.groups) {
            let (office, kind) = slot.key;
            self.check_group(office, kind, &slot.group, &mut grand, &mut found);
        }
        match &run.grand_total {
            None => found.push(
                self.context(run.first)
                    .problem(ProblemKind::MissingTotalRow, Severity::Error, 9)
                    .found(format!("{} {} {}", run.key.0, run.key.1, run.key.2))
                    .expected("999999"),
            ),
            Some(total) => self.compare(
                total,
                &ServiceCode::GRAND_TOTAL,
                &grand,
                SUMMED_ITEMS.len(),
                &mut found,
            ),
        }
        found.sort_by_key(|p| p.location.line);
        out.append(&mut found);
    }

    fn check_group(
        &self,
        office: OfficeNumber,
        kind: ServiceKind,
        group: &Group,
        grand: &mut Amounts,
        out: &mut Vec<Problem>,
    ) {
        let limit = group.subtotal(SubtotalKind::Limit);
        let outside = group.subtotal(SubtotalKind::OutsideLimit);
        let over_30 = group.subtotal(SubtotalKind::Over30Days);
        if group.details() > 1 && limit.is_none() {
            if let Some(first) = group.first_detail {
                out.push(
                    self.context(first)
                        .problem(ProblemKind::MissingTotalRow, Severity::Error, 9)
                        .found(format!("{office} {kind}"))
                        .expected(format!("{kind}AAAA")),
                );
            }
        }
        let regular = group.marked.plus(group.unmarked());
        let marked = group.marked.rows > 0;
        match (limit, outside) {
            (Some(a), Some(e)) if !marked => {
                let both = Special {
                    amounts: a.amounts.plus(&e.amounts),
                    ..*a
                };
                self.compare(
                    &both,
                    &format_args!("{kind}AAAA + {kind}EEEE"),
                    &regular,
                    SUBTOTAL_ITEMS,
                    out,
                );
            }
            _ => {
                let (inside_rows, outside_rows) = if marked {
                    (group.marked, *group.unmarked())
                } else {
                    (regular, regular)
                };
                if let Some(a) = limit {
                    self.compare(a, &a.code, &inside_rows, SUBTOTAL_ITEMS, out);
                }
                if let Some(e) = outside {
                    self.compare(e, &e.code, &outside_rows, SUBTOTAL_ITEMS, out);
                }
            }
        }
        if let Some(z) = over_30 {
            self.compare(z, &z.code, group.over_30(), SUBTOTAL_ITEMS, out);
        }
        // The grand total: each subtotal stands for the rows it covers.
        for s in [limit, outside, over_30].into_iter().flatten() {
            grand.add(&s.amounts);
        }
        if over_30.is_none() {
            grand.add(group.over_30());
        }
        if marked {
            if limit.is_none() {
                grand.add(&group.marked);
            }
            if outside.is_none() {
                grand.add(group.unmarked());
            }
        } else if limit.is_none() && outside.is_none() {
            grand.add(&regular);
        }
    }

    /// Compares the first `items` of [`SUMMED_ITEMS`] of `row` (named `label`, written only
    /// for a problem) with `rows`: `found` is the row's label and value (`空` when empty),
    /// `expected` the sum.
    fn compare(
        &self,
        row: &Special,
        label: &dyn std::fmt::Display,
        rows: &Amounts,
        items: usize,
        out: &mut Vec<Problem>,
    ) {
        let ctx = self.context(row.place);
        for (i, no) in SUMMED_ITEMS.iter().enumerate().take(items) {
            let (true, Some(sum)) = (rows.gives(i), rows.sum.get(i)) else {
                continue;
            };
            let given = row.amounts.gives(i);
            let value = row.amounts.sum.get(i).copied().unwrap_or(0);
            if value != *sum {
                out.push(
                    ctx.problem(ProblemKind::TotalMismatch, Severity::Error, *no)
                        .found(if given {
                            format!("{label} {value}")
                        } else {
                            format!("{label} \"\"")
                        })
                        .expected(sum.to_string()),
                );
            }
        }
    }
}

impl Table7Totals {
    /// The run of the user-month `key`, begun at `ctx` if new, and the groups its list of
    /// groups runs through ([`Run::groups`]). Rows of a user need not be together: the
    /// standard asks for output per user, not for an order (issue 13).
    fn run(&mut self, key: UserMonth, ctx: &RuleContext<'_>) -> (&mut Run, &mut Chunks<Slot>) {
        let packed = packed(key);
        let at = match self.last {
            Some((last, at)) if last == packed => at,
            _ => {
                self.mode = ctx.mode;
                if self.file.as_deref() != ctx.file {
                    self.file = ctx.file.map(str::to_string);
                }
                let runs = &mut self.runs;
                let at = *self
                    .index
                    .entry(packed)
                    .or_insert_with(|| runs.push(Run::new(key, Place::of(ctx))));
                self.last = Some((packed, at));
                at
            }
        };
        match self.runs.get_mut(at) {
            Some(run) => {
                // The run may change: a check made before is no longer known to hold.
                run.checked = None;
                (run, &mut self.groups)
            }
            // Every index in `index` (and so `last`'s) is of a run pushed with it.
            None => unreachable!("a user-month's index is in range"),
        }
    }

    /// The run of the last row's user-month, if any.
    fn last_run(&mut self) -> Option<&mut Run> {
        let run = self.last.and_then(|(_, at)| self.runs.get_mut(at))?;
        run.checked = None;
        Some(run)
    }
}

impl FileRules for Table7Totals {
    type Record = Table7Record;

    fn record(&mut self, record: &Table7Record, ctx: &RuleContext<'_>, out: &mut Vec<Problem>) {
        let key = record.user_month();
        let (run, groups) = self.run(key, ctx);
        let special = || Special {
            place: Place::of(ctx),
            code: record.service_code,
            amounts: Amounts::of(record),
        };
        let earlier = match record.row() {
            RowKind::Detail { kind } => {
                let group = group_in(groups, &mut run.groups, (record.provider, kind));
                group.first_detail.get_or_insert(Place::of(ctx));
                let part = if record.over_30_days == Applicable::Yes {
                    &mut group.rare_mut().over_30
                } else if record.managed_units.is_some() {
                    &mut group.marked
                } else {
                    &mut group.rare_mut().unmarked
                };
                part.add_record(record);
                None
            }
            RowKind::Subtotal { kind, subtotal } => {
                let group = group_in(groups, &mut run.groups, (record.provider, kind));
                match group.rare_mut().subtotals.get_mut(slot_of(subtotal)) {
                    Some(Some(first)) => Some(first.place),
                    Some(slot) => {
                        *slot = Some(special());
                        None
                    }
                    None => None,
                }
            }
            RowKind::GrandTotal => match &run.grand_total {
                Some(first) => Some(first.place),
                None => {
                    run.grand_total = Some(special());
                    None
                }
            },
        };
        if let Some(first) = earlier {
            out.push(
                ctx.problem(ProblemKind::DuplicateKey, Severity::Error, 9)
                    .found(format!(
                        "{} {} {} {} {}",
                        key.0, key.1, key.2, record.provider, record.service_code
                    ))
                    .related(self.location(first)),
            );
        }
    }

    /// A row that did not become a typed record: its user-month (from the raw items, or the
    /// last row's when they do not say) is not totalled, as the row's amounts are unknown.
    fn not_typed(
        &mut self,
        raw: &crate::RawRecord,
        ctx: &RuleContext<'_>,
        _out: &mut Vec<Problem>,
    ) {
        let place = Place::of(ctx);
        match raw_user_month(raw) {
            Some(key) => self.run(key, ctx).0.add_untyped(place),
            None => match self.last_run() {
                Some(run) => run.add_untyped(place),
                None => {
                    let (n, _) = self.untyped_before.get_or_insert((0, place));
                    *n = n.saturating_add(1);
                }
            },
        }
    }

    /// Joins unless a user-month's subtotal (of one office and kind and form) or grand
    /// total is on both sides of the cut (the second a repeat `later` could not see), or a
    /// group's sums could have saturated. A user-month spanning the cut joins: its groups
    /// and counts are added, and the totals are checked at the end as ever. Rows not typed
    /// at `later`'s start whose user-month is unknown go to the last user-month here, as one
    /// reading gives them.
    fn absorb(&mut self, later: Self) -> bool {
        let Table7Totals {
            runs: mut their_runs,
            groups: mut their_groups,
            ..
        } = later;
        // Each of `later`'s user-months is looked up once: one seen here is to be joined
        // (when it can be), a new one is given the index its run has once `later`'s runs
        // are taken in whole, after these.
        let run_offset = self.runs.chunks.len() * CHUNK;
        self.index.reserve(later.index.len());
        let mut joins = Vec::new();
        let mut clash = false;
        for (i, theirs) in their_runs.indexed_mut() {
            match self.index.entry(packed(theirs.key)) {
                Entry::Occupied(seen) => {
                    let at = *seen.get();
                    if self
                        .runs
                        .get(at)
                        .is_some_and(|mine| !mine.joins(&self.groups, theirs, &their_groups))
                    {
                        clash = true;
                        break;
                    }
                    joins.push((at, i));
                }
                Entry::Vacant(new) => {
                    new.insert(run_offset + i);
                }
            }
        }
        if clash {
            // This unchanged: the user-months given an index are let go again.
            for (_, theirs) in their_runs.indexed_mut() {
                let key = packed(theirs.key);
                if self.index.get(&key).is_some_and(|&at| at >= run_offset) {
                    self.index.remove(&key);
                }
            }
            return false;
        }
        if let Some((n, place)) = later.untyped_before {
            match self.last_run() {
                Some(run) => {
                    run.untyped = run.untyped.saturating_add(n);
                    run.first_untyped.get_or_insert(place);
                }
                None => {
                    let (mine, _) = self.untyped_before.get_or_insert((0, place));
                    *mine = mine.saturating_add(n);
                }
            }
        }
        for (at, i) in joins {
            if let (Some(mine), Some(theirs)) = (self.runs.get_mut(at), their_runs.get_mut(i)) {
                mine.join(&mut self.groups, theirs, &mut their_groups);
            }
        }
        // The new runs and their groups are taken in whole (their lists of groups are
        // relative, [`Slot::next`]): only where each run's list begins moves.
        let group_offset = self.groups.append(their_groups);
        for (_, run) in their_runs.indexed_mut() {
            if !run.moved && run.groups != NO_GROUP {
                run.groups += group_offset;
            }
        }
        self.runs.append(their_runs);
        if let Some((key, _)) = later.last {
            // `later`'s index was of its own runs, now all here.
            self.last = self.index.get(&key).map(|&at| (key, at));
            self.mode = later.mode;
            self.file = later.file;
        }
        true
    }

    /// Checks each user-month of a part read apart, on the part's thread, as
    /// [`finish`](FileRules::finish) would check it now: kept with the run, the check is
    /// given at the end unless the run changed since (a row of the user-month read later,
    /// joined from another part, rows not typed given to it), when it is checked again.
    fn settle(&mut self) {
        let mut runs = std::mem::take(&mut self.runs);
        for (_, run) in runs.indexed_mut().filter(|(_, run)| !run.moved) {
            let mut found = Vec::new();
            self.check_run(run, &self.groups, &mut found);
            run.checked = Some(found);
        }
        self.runs = runs;
    }

    fn finish(&mut self, out: &mut Vec<Problem>) {
        let mut runs = std::mem::take(&mut self.runs);
        let groups = std::mem::take(&mut self.groups);
        self.index.clear();
        // The rows not typed before any user's row are the first user's, and its first.
        let first = runs
            .indexed_mut()
            .map(|(_, run)| run)
            .find(|run| !run.moved);
        if let (Some((n, place)), Some(first)) = (self.untyped_before, first) {
            first.untyped = first.untyped.saturating_add(n);
            first.first_untyped = Some(place);
            first.checked = None;
        }
        for (_, run) in runs.indexed_mut().filter(|(_, run)| !run.moved) {
            match run.checked.take() {
                Some(mut found) => out.append(&mut found),
                None => self.check_run(run, &groups, out),
            }
        }
        self.last = None;
        self.untyped_before = None;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::value::Code;

    #[test]
    fn user_months_pack_apart() {
        let insurers = [0, 1, 131_001, 999_999].map(|n| InsurerNumber::new(n).unwrap());
        let insured = [
            InsuredNumber::insured(0),
            InsuredNumber::insured(1),
            InsuredNumber::insured(9_999_999_999),
            InsuredNumber::seiho(0),
            InsuredNumber::seiho(1),
            InsuredNumber::seiho(999_999_999),
        ]
        .map(Option::unwrap);
        let months = [(0, 1), (0, 12), (2025, 4), (9999, 12), (9999, 1)]
            .map(|(y, m)| YearMonth::new(y, m).unwrap());
        let mut keys = std::collections::HashSet::new();
        for a in insurers {
            for b in insured {
                for m in months {
                    assert!(keys.insert(packed((a, b, m))), "{a} {b} {m}");
                }
            }
        }
    }
    use crate::typed::{Origin, TypedRecord};
    use crate::RawRecord;

    /// A 4.x detail row of 訪問介護 at office 1310000002, every amount given.
    pub(crate) fn texts() -> Vec<&'static str> {
        vec![
            "202407",
            "131001",
            "0000012345",
            "20250320",
            "202504",
            "訪問介護A",
            "1310000002",
            "",
            "111111",
            "",
            "",
            "",
            "250",
            "",
            "",
            "4",
            "1000",
            "1000",
            "0",
            "1000",
            "0",
            "1000",
            "11.40",
            "11400",
            "90",
            "10260",
            "",
            "1140",
            "0",
            "",
            "",
            "",
            "0",
            "9999999999",
            "",
            "1310000001",
            "",
        ]
    }

    /// A row: `code` at `office`, the items `set` (No., text) changed from [`texts`].
    fn row(
        code: &'static str,
        office: &'static str,
        set: &[(usize, &'static str)],
    ) -> Table7Record {
        let mut t = texts();
        t[8] = code;
        t[6] = office;
        if code.len() == 6 && !code.chars().all(|c| c.is_ascii_digit()) || code == "999999" {
            t[12] = "0";
        }
        for (no, v) in set {
            t[no - 1] = v;
        }
        Table7Record::from_raw(&RawRecord::from_texts(&t)).unwrap()
    }

    fn ctx_at(line: u64) -> RuleContext<'static> {
        let mut ctx = RuleContext::new(FileKind::UsageSummary).unwrap();
        ctx.position = Position::new(line * 100, line, line);
        ctx
    }

    fn check(rec: &Table7Record) -> Vec<(ProblemKind, Severity, u16)> {
        let mut out = Vec::new();
        rec.check(&ctx_at(1), &mut out);
        out.iter()
            .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    /// Feeds `rows` (line 1, 2 …) to a fresh [`Table7Totals`].
    fn totals(rows: &[Table7Record]) -> Vec<Problem> {
        let mut t = Table7Totals::default();
        let mut out = Vec::new();
        for (line, r) in (1..).zip(rows) {
            t.record(r, &ctx_at(line), &mut out);
        }
        t.finish(&mut out);
        out
    }

    fn summary(problems: &[Problem]) -> Vec<(ProblemKind, u64, u16)> {
        problems
            .iter()
            .map(|p| {
                (
                    p.kind,
                    p.location.line.unwrap_or(0),
                    p.location.item.map_or(0, |i| i.no),
                )
            })
            .collect()
    }

    const OFFICE: &str = "1310000002";
    const ALL9: &str = "9999999999";

    #[test]
    fn round_trip_and_clean() {
        let raw = RawRecord::from_texts(texts());
        let rec = Table7Record::from_raw(&raw).unwrap();
        assert_eq!(
            rec.row(),
            RowKind::Detail {
                kind: ServiceKind::new("11").unwrap()
            }
        );
        assert!(check(&rec).is_empty());
        assert_eq!(rec.to_raw(), raw);
        let mut fresh = rec.clone();
        fresh.origin = Origin::none();
        let out = fresh.to_raw();
        assert_eq!(out.len(), FileKind::UsageSummary.layout().unwrap().len());
        for (i, f) in out.fields().enumerate() {
            assert_eq!(f.quoted, i == 5 || i == 11, "column {i}");
        }
        assert_eq!(out.text(22), Some("11.40"));
    }

    #[test]
    fn applicable_equals_the_layout() {
        let item = FileKind::UsageSummary.layout().unwrap().item(33).unwrap();
        let layout: Vec<(&str, &str)> = item.values.iter().map(|v| (v.key, v.meaning)).collect();
        let ours: Vec<(&str, &str)> = Applicable::ALL
            .iter()
            .map(|a| (a.key(), a.meaning_ja()))
            .collect();
        assert_eq!(layout, ours);
    }

    #[test]
    fn special_rows_hold_their_fixed_values() {
        use ProblemKind::*;
        use Severity::*;
        assert!(check(&row("11AAAA", OFFICE, &[])).is_empty());
        assert!(check(&row("999999", ALL9, &[])).is_empty());
        assert_eq!(
            check(&row(
                "11EEEE",
                OFFICE,
                &[(13, "250"), (14, "90"), (15, "225")]
            )),
            vec![
                (SpecialRowValue, Error, 13),
                (SpecialRowValue, Error, 14),
                (SpecialRowValue, Error, 15)
            ]
        );
        assert_eq!(
            check(&row("999999", OFFICE, &[])),
            vec![(SpecialRowValue, Error, 7)]
        );
        assert_eq!(
            check(&row("111111", ALL9, &[])),
            vec![(Inconsistent, Error, 7)]
        );
        let mut out = Vec::new();
        row("999999", OFFICE, &[(14, "90")]).check(&ctx_at(5), &mut out);
        assert_eq!(
            out[0].message_ja(),
            "5行目 第7表 No.14 割引後率: 小計・合計行に 90 があります。この項目は空のはずです"
        );
        assert_eq!(
            out[1].message_ja(),
            "5行目 第7表 No.7 サービス事業所コード: 小計・合計行に 1310000002 があります。9999999999 のはずです"
        );
    }

    #[test]
    fn welfare_equipment_rows_name_their_product() {
        assert_eq!(
            check(&row("171001", OFFICE, &[])),
            vec![(ProblemKind::EquipmentCodeMissing, Severity::Error, 10)]
        );
        assert!(check(&row("671001", OFFICE, &[(11, "00001-000010")])).is_empty());
        assert!(check(&row("171001", OFFICE, &[(10, "00001－000010")])).is_empty());
        // Subtotal rows of kind 17 have no product.
        assert!(check(&row("17AAAA", OFFICE, &[])).is_empty());
    }

    #[test]
    fn office_code_is_all_nines() {
        assert_eq!(
            check(&row("111111", OFFICE, &[(34, "1310000001")])),
            vec![(ProblemKind::Inconsistent, Severity::Warning, 34)]
        );
        assert_eq!(
            check(&row("111111", OFFICE, &[(34, "")])),
            vec![(ProblemKind::Inconsistent, Severity::Warning, 34)]
        );
    }

    #[test]
    fn version_3_rows_have_34_items() {
        let mut t = texts();
        t[0] = "202208";
        t.drain(9..12);
        t[6] = ALL9;
        t[8] = "999999";
        t[9] = "5";
        let raw = RawRecord::from_texts(&t);
        let rec = Table7Record::from_raw(&raw).unwrap();
        assert_eq!(rec.row(), RowKind::GrandTotal);
        assert_eq!(rec.units, 5);
        assert_eq!(rec.to_raw(), raw);
        let mut ctx = ctx_at(1);
        ctx.layout = Layout::for_version(FileKind::UsageSummary, CsvVersion::V202208).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        assert_eq!(out.len(), 1);
        let item = out[0].location.item.unwrap();
        assert_eq!((item.no, item.name), (10, "単位数"));
        // No TAISコード before 4.0: kind 17 rows are not asked for one.
        let mut t = texts();
        t[0] = "202208";
        t[8] = "171001";
        t.drain(9..12);
        let rec = Table7Record::from_raw(&RawRecord::from_texts(&t)).unwrap();
        let mut out = Vec::new();
        rec.check(&ctx, &mut out);
        assert!(out.is_empty());
    }

    /// Two 訪問介護 rows inside the limit and their subtotal, one 福祉用具 row, the total.
    fn clean_user() -> Vec<Table7Record> {
        vec![
            row("111111", OFFICE, &[]),
            row("112111", OFFICE, &[]),
            row(
                "11AAAA",
                OFFICE,
                &[
                    (17, "2000"),
                    (18, "2000"),
                    (20, "2000"),
                    (22, "2000"),
                    (24, "22800"),
                    (26, "20520"),
                    (28, "2280"),
                ],
            ),
            row("171001", "1310000003", &[(10, "00001-000010")]),
            row(
                "999999",
                ALL9,
                &[
                    (17, "3000"),
                    (18, "3000"),
                    (20, "3000"),
                    (22, "3000"),
                    (24, "34200"),
                    (26, "30780"),
                    (28, "3420"),
                ],
            ),
        ]
    }

    #[test]
    fn a_clean_user_has_no_problem() {
        assert!(totals(&clean_user()).is_empty());
    }

    #[test]
    fn the_limit_subtotal_is_required_for_several_rows() {
        let mut rows = clean_user();
        rows.remove(2);
        // Without the subtotal the rows count themselves in the total.
        rows[3].total_cost = Some(34200);
        rows[3].claim = Some(30780);
        rows[3].copay = Some(3420);
        let p = totals(&rows);
        assert_eq!(summary(&p), vec![(ProblemKind::MissingTotalRow, 1, 9)]);
        assert_eq!(
            p[0].message_ja(),
            "1行目 第7表 No.9 サービスコード: 11AAAA の行がありません（1310000002 11）"
        );
        // One row per office and kind needs none.
        let rows = vec![
            row("111111", OFFICE, &[]),
            row("111111", "1310000003", &[]),
            row(
                "999999",
                ALL9,
                &[
                    (17, "2000"),
                    (18, "2000"),
                    (20, "2000"),
                    (22, "2000"),
                    (24, "22800"),
                    (26, "20520"),
                    (28, "2280"),
                ],
            ),
        ];
        assert!(totals(&rows).is_empty(), "{:?}", totals(&rows));
    }

    #[test]
    fn the_grand_total_is_required_once() {
        let mut rows = clean_user();
        rows.pop();
        let p = totals(&rows);
        assert_eq!(summary(&p), vec![(ProblemKind::MissingTotalRow, 1, 9)]);
        assert_eq!(p[0].expected.as_deref(), Some("999999"));
        assert_eq!(p[0].found.as_deref(), Some("131001 0000012345 202504"));
        let mut rows = clean_user();
        rows.push(rows[4].clone());
        let p = totals(&rows);
        assert_eq!(summary(&p), vec![(ProblemKind::DuplicateKey, 6, 9)]);
        assert_eq!(p[0].related.as_ref().unwrap().line, Some(5));
    }

    #[test]
    fn subtotals_equal_their_rows() {
        let mut rows = clean_user();
        rows[2].service_units = Some(1900);
        rows[4].service_units = Some(2900);
        let p = totals(&rows);
        assert_eq!(summary(&p), vec![(ProblemKind::TotalMismatch, 3, 17)]);
        assert_eq!(
            p[0].message_ja(),
            "3行目 第7表 No.17 サービス単位金額: 11AAAA 1900 が明細の合計 2000 と一致しません"
        );
        assert_eq!(
            p[0].message_en(),
            "line 3, 第7表 No.17 サービス単位金額: 11AAAA 1900 is not the sum of its rows (2000)"
        );
        // An item the rows do not give (No.19 here) is not compared on the subtotal; an
        // empty subtotal item (No.18 here) is a mismatch when they give it, and the grand
        // total then misses it too.
        let mut rows = clean_user();
        rows[0].kind_limit_over = None;
        rows[1].kind_limit_over = None;
        rows[2].kind_limit_over = Some(7);
        rows[4].kind_limit_over = Some(7);
        rows[2].managed_units = None;
        let p = totals(&rows);
        assert_eq!(
            summary(&p),
            vec![
                (ProblemKind::TotalMismatch, 3, 18),
                (ProblemKind::TotalMismatch, 5, 18)
            ]
        );
        assert_eq!(p[0].found.as_deref(), Some("11AAAA \"\""));
        assert_eq!(p[1].found.as_deref(), Some("999999 3000"));
        assert_eq!(p[1].expected.as_deref(), Some("1000"));
    }

    #[test]
    fn money_is_summed_at_the_grand_total_only() {
        let mut rows = clean_user();
        rows[2].total_cost = Some(22801);
        let p = totals(&rows);
        assert_eq!(summary(&p), vec![(ProblemKind::TotalMismatch, 5, 24)]);
        assert_eq!(p[0].expected.as_deref(), Some("34201"));
    }

    #[test]
    fn rows_outside_the_limit_are_told_by_no_18() {
        // 処遇改善加算 (outside the limit): no No.18, no limit items.
        let outside = |code| {
            row(
                code,
                OFFICE,
                &[
                    (17, "100"),
                    (18, ""),
                    (19, ""),
                    (20, ""),
                    (21, ""),
                    (22, ""),
                ],
            )
        };
        let mut rows = clean_user();
        rows.insert(2, outside("116275"));
        // The 11AAAA still totals the two rows with No.18; the third counts itself.
        rows[5].service_units = Some(3100);
        rows[5].total_cost = Some(34200 + 11400);
        rows[5].claim = Some(30780 + 10260);
        rows[5].copay = Some(3420 + 1140);
        assert!(totals(&rows).is_empty(), "{:?}", totals(&rows));
        // With an 11EEEE subtotal, it stands for the third row.
        rows.insert(
            4,
            row(
                "11EEEE",
                OFFICE,
                &[
                    (17, "100"),
                    (18, ""),
                    (19, ""),
                    (20, ""),
                    (21, ""),
                    (22, ""),
                    (24, "1140"),
                    (26, "1026"),
                    (28, "114"),
                ],
            ),
        );
        rows[6].total_cost = Some(34200 + 1140);
        rows[6].claim = Some(30780 + 1026);
        rows[6].copay = Some(3420 + 114);
        assert!(totals(&rows).is_empty(), "{:?}", totals(&rows));
        rows[4].service_units = Some(90);
        rows[6].service_units = Some(3090);
        assert_eq!(
            summary(&totals(&rows)),
            vec![(ProblemKind::TotalMismatch, 5, 17)]
        );
    }

    #[test]
    fn without_no_18_a_limit_and_an_outside_subtotal_are_checked_together() {
        let plain = |code| {
            row(
                code,
                OFFICE,
                &[
                    (18, ""),
                    (19, ""),
                    (20, ""),
                    (21, ""),
                    (22, ""),
                    (24, ""),
                    (26, ""),
                    (28, ""),
                    (29, ""),
                ],
            )
        };
        let mut rows = vec![
            plain("111111"),
            plain("116275"),
            plain("11AAAA"),
            plain("11EEEE"),
            plain("999999"),
        ];
        rows[2].service_units = Some(1500);
        rows[3].service_units = Some(500);
        rows[4].service_units = Some(2000);
        rows[4].provider = OfficeNumber::ALL_NINES;
        assert!(totals(&rows).is_empty(), "{:?}", totals(&rows));
        rows[3].service_units = Some(400);
        rows[4].service_units = Some(1900);
        let p = totals(&rows);
        assert_eq!(summary(&p), vec![(ProblemKind::TotalMismatch, 3, 17)]);
        assert_eq!(p[0].found.as_deref(), Some("11AAAA + 11EEEE 1900"));
    }

    #[test]
    fn the_over_30_days_subtotal_totals_its_rows() {
        let mut rows = vec![
            row("211111", OFFICE, &[]),
            row(
                "211111",
                OFFICE,
                &[
                    (33, "1"),
                    (18, ""),
                    (20, ""),
                    (22, ""),
                    (19, "1000"),
                    (21, "1000"),
                ],
            ),
            row("21AAAA", OFFICE, &[]),
            row(
                "21ZZZZ",
                OFFICE,
                &[
                    (17, "1000"),
                    (18, ""),
                    (20, ""),
                    (22, ""),
                    (19, "1000"),
                    (21, "1000"),
                ],
            ),
            row(
                "999999",
                ALL9,
                &[
                    (17, "2000"),
                    (19, "1000"),
                    (21, "1000"),
                    (24, "22800"),
                    (26, "20520"),
                    (28, "2280"),
                ],
            ),
        ];
        assert!(totals(&rows).is_empty(), "{:?}", totals(&rows));
        rows[3].kind_limit_over = Some(999);
        rows[4].kind_limit_over = Some(999);
        assert_eq!(
            summary(&totals(&rows)),
            vec![(ProblemKind::TotalMismatch, 4, 19)]
        );
    }

    #[test]
    fn amounts_add_as_sums_item_by_item() {
        let parts = |a: &Amounts| (a.sum, a.given, a.rows, a.peak);
        let mut big = row("111111", "1310000002", &[]);
        big.service_units = Some(i64::MAX);
        big.managed_units = None;
        big.copay_full = Some(i64::MIN);
        let rows = [row("111111", "1310000002", &[]), big];
        for rec in &rows {
            let a = Amounts::of(rec);
            // An item given is a bit set; an item left empty is not, and sums nothing.
            for (i, no) in SUMMED_ITEMS.iter().enumerate() {
                assert_eq!(a.gives(i), rec.summed_item(*no).is_some(), "No.{no}");
                assert_eq!(a.sum[i], rec.summed_item(*no).unwrap_or(0), "No.{no}");
            }
            // No rows add nothing (the sums of a part no row went to).
            assert_eq!(parts(&a.plus(&Amounts::default())), parts(&a));
            assert_eq!(parts(&Amounts::default().plus(&a)), parts(&a));
            // Sums saturate, item by item.
            let twice = a.plus(&a);
            for (i, no) in SUMMED_ITEMS.iter().enumerate() {
                let v = rec.summed_item(*no).unwrap_or(0);
                assert_eq!(twice.sum[i], v.saturating_add(v), "No.{no}");
            }
            assert_eq!((twice.given, twice.rows, twice.peak), (a.given, 2, a.peak));
        }
    }

    /// Rows read in two parts, each part's totals apart, then joined
    /// ([`FileRules::absorb`]) or, when they do not join, the later rows fed again, give
    /// the problems one reading gives, cut anywhere: users and groups spanning the cut,
    /// groups met out of their order (an office below the ones seen), a user coming back,
    /// mistakes on both sides.
    #[test]
    fn rows_read_in_two_parts_and_joined_equal_one_reading() {
        let other = |r: &Table7Record| {
            let mut r = r.clone();
            r.insured = "0000099999".parse().unwrap();
            r
        };
        let mut rows: Vec<Table7Record> = clean_user()
            .into_iter()
            .zip(clean_user().iter().map(other))
            .flat_map(|(a, b)| [a, b])
            .collect();
        // Groups of offices below, between and above the ones seen, one of them with a
        // subtotal missing; a mismatch; a repeated subtotal; the first user back at the end.
        rows.insert(3, row("151111", "1310000001", &[]));
        rows.insert(6, row("151211", "1310000001", &[]));
        rows.insert(7, other(&row("111111", "1310000009", &[])));
        rows[9].service_units = Some(1900);
        let at = rows.iter().position(|r| !r.row().is_detail()).unwrap();
        let subtotal = rows[at].clone();
        rows.push(other(&row("111111", "1310000005", &[])));
        rows.push(subtotal);
        let one = totals(&rows);
        assert!(one.len() >= 4, "{:?}", summary(&one));
        let mut joined = 0;
        for cut in 0..=rows.len() {
            let (out, joins) = read_in_parts(&rows, &[cut], false);
            assert_eq!(out, one, "cut before row {}", cut + 1);
            joined += joins;
            let (out, _) = read_in_parts(&rows, &[cut], true);
            assert_eq!(out, one, "cut before row {}, checked early", cut + 1);
        }
        // A cut between the subtotal and its repeat does not join (the repeat is a problem
        // the later part cannot see); every other cut does.
        assert_eq!(joined, at + 2);
    }

    /// The problems of `rows` read in parts cut before the rows `cuts` (in order), each
    /// part's totals apart and joined to those before ([`FileRules::absorb`]) or, when they
    /// do not join, its rows fed again; and how many parts joined.
    /// Each part's user-months are checked when its rows are in ([`FileRules::settle`]),
    /// as the parallel reader does, when `settle`.
    fn read_in_parts(rows: &[Table7Record], cuts: &[usize], settle: bool) -> (Vec<Problem>, usize) {
        let mut bounds = vec![0];
        bounds.extend_from_slice(cuts);
        bounds.push(rows.len());
        let feed = |totals: &mut Table7Totals, from: usize, to: usize, out: &mut Vec<Problem>| {
            for (line, r) in (1..).zip(rows).take(to).skip(from) {
                totals.record(r, &ctx_at(line), out);
            }
        };
        let (mut first, mut out) = (Table7Totals::default(), Vec::new());
        feed(&mut first, 0, bounds[1], &mut out);
        let mut joined = 0;
        for part in bounds.windows(2).skip(1) {
            let (mut later, mut later_out) = (Table7Totals::default(), Vec::new());
            feed(&mut later, part[0], part[1], &mut later_out);
            if settle {
                later.settle();
            }
            if first.absorb(later) {
                out.append(&mut later_out);
                joined += 1;
            } else {
                feed(&mut first, part[0], part[1], &mut out);
            }
        }
        first.finish(&mut out);
        (out, joined)
    }

    /// Rows read in three parts, joined in turn, give the problems one reading gives at
    /// every two cuts: a part's user-months taken in whole after those of the parts before
    /// it (its runs and groups not moved), others joined to theirs, a user's groups across
    /// three parts, more user-months than a chunk holds, a part that does not join read
    /// again after one that did.
    #[test]
    fn rows_read_in_three_parts_and_joined_equal_one_reading() {
        let user = |n: usize| {
            let insured: InsuredNumber = format!("{:010}", 10_000 + n).parse().unwrap();
            clean_user().into_iter().map(move |mut r| {
                r.insured = insured;
                r
            })
        };
        let mut rows: Vec<Table7Record> = (0..40).flat_map(user).collect();
        // Mistakes: a mismatch, a missing subtotal, a repeated subtotal far from the first,
        // the first user's grand total again at the end, a user's rows apart.
        rows[7].service_units = Some(1900);
        rows.remove(27);
        let repeat = rows[52].clone();
        rows.insert(140, repeat);
        let total = rows[4].clone();
        rows.push(total);
        let apart: Vec<Table7Record> = user(3).take(2).collect();
        rows.splice(180..180, apart);
        rows.extend(user(41).take(3));
        rows.extend(user(0).take(2).map(|mut r| {
            r.provider = "1310000009".parse().unwrap();
            r
        }));
        let one = totals(&rows);
        assert!(one.len() >= 5, "{:?}", summary(&one));
        let (mut parts, mut joined) = (0, 0);
        for a in (0..=rows.len()).step_by(7) {
            for b in (a..=rows.len()).step_by(5) {
                let (out, joins) = read_in_parts(&rows, &[a, b], false);
                assert_eq!(out, one, "cuts before rows {} and {}", a + 1, b + 1);
                let (early, _) = read_in_parts(&rows, &[a, b], true);
                assert_eq!(
                    early,
                    one,
                    "cuts before rows {} and {}, checked early",
                    a + 1,
                    b + 1
                );
                (parts, joined) = (parts + 2, joined + joins);
            }
        }
        // Many parts join; others do not (a cut between a subtotal and its repeat).
        assert!(joined > parts / 3 && joined < parts, "{joined} of {parts}");
    }

    /// Values pushed and taken in whole from other chunks are found by the index each was
    /// given, pushed after a chunk taken in part full too.
    #[test]
    fn chunks_find_values_pushed_and_appended() {
        let mut mine = Chunks::default();
        let mut at = Vec::new();
        for n in 0..40 {
            at.push((mine.push(n), n));
        }
        for (parts, len) in [(1, 5), (2, 32), (3, 0), (4, 70)] {
            let mut later = Chunks::default();
            let given: Vec<(usize, i32)> = (0..len)
                .map(|n| (later.push(parts * 1000 + n), parts * 1000 + n))
                .collect();
            let offset = mine.append(later);
            at.extend(given.into_iter().map(|(i, n)| (i + offset, n)));
            for n in 0..3 {
                at.push((mine.push(parts * 1000 + 500 + n), parts * 1000 + 500 + n));
            }
        }
        let mut indexes: Vec<usize> = at.iter().map(|(i, _)| *i).collect();
        indexes.sort_unstable();
        indexes.dedup();
        assert_eq!(indexes.len(), at.len(), "one index, one value");
        for (i, n) in &at {
            assert_eq!(mine.get(*i), Some(n), "index {i}");
        }
        let mut values: Vec<i32> = mine.iter().copied().collect();
        values.sort_unstable();
        let mut pushed: Vec<i32> = at.iter().map(|(_, n)| *n).collect();
        pushed.sort_unstable();
        assert_eq!(values, pushed);
    }

    #[test]
    fn users_are_totalled_apart_and_kept_together() {
        let other = |r: &Table7Record| {
            let mut r = r.clone();
            r.insured = "0000099999".parse().unwrap();
            r
        };
        let mut rows = clean_user();
        rows.extend(clean_user().iter().map(other));
        assert!(totals(&rows).is_empty());
        // The first user's grand total after the second user's rows: the standard asks
        // for output per user, not an order, so the user is totalled over all its rows.
        let mut rows = clean_user();
        let total = rows.pop().unwrap();
        rows.extend(clean_user().iter().map(other));
        rows.push(total);
        assert!(totals(&rows).is_empty(), "{:?}", totals(&rows));
        // Interleaved row by row, still no problem; a mistake is still found, at its row.
        let mut rows: Vec<Table7Record> = clean_user()
            .into_iter()
            .zip(clean_user().iter().map(other))
            .flat_map(|(a, b)| [a, b])
            .collect();
        assert!(totals(&rows).is_empty(), "{:?}", totals(&rows));
        rows[4].service_units = Some(1900);
        assert_eq!(
            summary(&totals(&rows)),
            vec![
                (ProblemKind::TotalMismatch, 5, 17),
                (ProblemKind::TotalMismatch, 9, 17)
            ]
        );
    }

    #[test]
    fn a_row_not_typed_stops_its_users_totals_with_one_warning() {
        let mut t = Table7Totals::default();
        let mut out = Vec::new();
        let rows = clean_user();
        let bad = {
            let mut texts = texts();
            texts[16] = "1,000";
            RawRecord::from_texts(&texts)
        };
        for (line, r) in (1..).zip(&rows) {
            if line == 2 {
                t.not_typed(&bad, &ctx_at(line), &mut out);
            } else {
                t.record(r, &ctx_at(line), &mut out);
            }
        }
        // A second user with a raw row whose key cannot be read: the previous row's user.
        let other: Vec<Table7Record> = clean_user()
            .into_iter()
            .map(|mut r| {
                r.insured = "0000099999".parse().unwrap();
                r
            })
            .collect();
        let mut unreadable = texts();
        unreadable[2] = "?";
        let unreadable = RawRecord::from_texts(&unreadable);
        for (line, r) in (10..).zip(&other) {
            t.record(r, &ctx_at(line), &mut out);
            if line == 10 {
                t.not_typed(&unreadable, &ctx_at(20), &mut out);
            }
        }
        t.finish(&mut out);
        assert_eq!(
            summary(&out),
            vec![
                (ProblemKind::NotChecked, 2, 0),
                (ProblemKind::NotChecked, 20, 0)
            ]
        );
        assert!(out.iter().all(|p| p.severity == Severity::Warning));
        assert_eq!(
            out[0].message_en(),
            "line 2, 第7表: xxAAAA, xxEEEE, xxZZZZ, 999999 could not be checked, as 1 record did not become a typed record (see its own problems)"
        );
    }
}

/// The stated rules of issue 13 §2 ([`Table7Record::stated_rules`]).
#[cfg(test)]
mod stated_tests {
    use super::*;
    use crate::parties::{NameParties, NameParty};
    use crate::typed::TypedRecord;
    use crate::RawRecord;

    fn problems(
        set: &[(usize, &str)],
        sender: Option<(&str, &str)>,
        mode: Mode,
    ) -> Vec<(ProblemKind, Severity, u16)> {
        let mut t = super::tests::texts();
        for (no, v) in set {
            t[no - 1] = v;
        }
        let mut ctx = RuleContext::new(FileKind::UsageSummary)
            .unwrap()
            .with_parties(NameParties {
                sender: sender.and_then(|(o, k)| NameParty::parse(o, Some(k))),
                receiver: None,
            });
        ctx.mode = mode;
        let mut out = Vec::new();
        Table7Record::from_raw(&RawRecord::from_texts(t))
            .unwrap()
            .check(&ctx, &mut out);
        out.iter()
            .map(|p| (p.kind, p.severity, p.location.item.map_or(0, |i| i.no)))
            .collect()
    }

    #[test]
    fn unit_price_is_two_digits_a_point_two_digits() {
        assert!(problems(&[], None, Mode::Strict).is_empty());
        for text in ["9.40", "011.40"] {
            assert_eq!(
                problems(&[(23, text)], None, Mode::Strict),
                [(ProblemKind::InvalidFormat, Severity::Error, 23)],
                "{text}"
            );
            assert_eq!(
                problems(&[(23, text)], None, Mode::Lenient),
                [(ProblemKind::InvalidFormat, Severity::Warning, 23)]
            );
        }
    }

    #[test]
    fn updater_is_the_care_office_that_sends() {
        assert!(problems(&[], Some(("1310000001", "43")), Mode::Strict).is_empty());
        assert_eq!(
            problems(&[], Some(("1310000009", "43")), Mode::Strict),
            [(ProblemKind::SenderMismatch, Severity::Error, 36)]
        );
        assert_eq!(
            problems(&[], Some(("1310000009", "46")), Mode::Strict),
            [(ProblemKind::SenderMismatch, Severity::Warning, 36)]
        );
        // The 委託 reading for a 46/AF sender is inferred (RULES.md); the 43 rule is stated.
        for (kind, inferred) in [("46", true), ("AF", true), ("43", false)] {
            let t = super::tests::texts();
            let ctx = RuleContext::new(FileKind::UsageSummary)
                .unwrap()
                .with_parties(NameParties {
                    sender: NameParty::parse("1310000009", Some(kind)),
                    receiver: None,
                });
            let mut out = Vec::new();
            Table7Record::from_raw(&RawRecord::from_texts(t))
                .unwrap()
                .check(&ctx, &mut out);
            assert_eq!(out.len(), 1, "{out:?}");
            assert_eq!(out[0].inferred, inferred, "{kind}");
        }
        assert!(problems(&[(36, "")], Some(("1310000009", "43")), Mode::Strict).is_empty());
    }

    #[test]
    fn a_kind_outside_the_exchange_is_a_warning() {
        assert_eq!(
            problems(&[(9, "731111")], None, Mode::Strict),
            [(ProblemKind::UnknownCode, Severity::Warning, 9)]
        );
    }
}
