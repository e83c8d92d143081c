//! Files computed from the plan: 第7表（サービス利用票別表）and the 種類支給限度 slots of
//! 利用者補足情報, from a month's 第6表 予定 ([`Table7Builder`]).
//!
//! The care office enters the plan (第6表: one line per service per day); the 別表 and the
//! limit figures of 補足 follow from it, the unit prices and the users' 給付率. The checker
//! of 第7表 ([`careplan_model::table7`]) verifies the same arithmetic on files received.

mod table7;

pub use table7::{OverLimit, Table7Build, Table7Builder, DEFAULT_BENEFIT_RATE};
