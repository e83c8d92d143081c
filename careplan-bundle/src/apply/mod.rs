//! Ordered application of units: what a receiver holds after applying them
//! ([`ReceiverState`]), and what each unit changed ([`ApplyReport`]).
//!
//! Units are processed in sequence-number order, whatever files they contain (spec README
//! "Transmission units"). Resent data replaces what is held; deletes remove what the spec
//! says they remove. The state serializes with serde, so a vendor can show or compare the
//! effect of an import before committing it to its database.

mod held;
mod report;
mod state;

pub use held::{HeldImage, HeldKihon, HeldPlan, HeldResult, HeldTicket, HeldYoboPlan};
pub use report::{Action, ApplyReport, Change, HeldKey};
pub use state::ReceiverState;
