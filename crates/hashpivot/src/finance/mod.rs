//! Discounting on monthly cash flows: NPV, IRR and payback, with one convention used everywhere.
//!
//! A cash-flow vector `flows` has `flows[0]` at t = 0 (the valuation date: upfront capex, a prepayment) and
//! `flows[m]` for m ≥ 1 at the **end of month m**. The discount factor of month m at an annual rate r is
//! (1 + r)^(−m/12). IRR is the annual rate at which the NPV of the same monthly flows is zero. Annual figures
//! are sums of months.

mod irr;
mod npv;
mod payback;

pub use irr::irr;
pub use npv::{DISCOUNT_RATE_RANGE, check_discount_rate, discount_factor, npv};
pub use payback::payback_months;

/// Hours in an average month (8,760 / 12), for converting $/kW-month to $/kWh.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Hours in a (non-leap) year.
pub const HOURS_PER_YEAR: f64 = 8_760.0;
