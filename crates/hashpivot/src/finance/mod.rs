//! Money over time on monthly steps, with one convention used everywhere: discounting, NPV, IRR, payback,
//! loans, tax and depreciation.
//!
//! A cash-flow vector `flows` has `flows[0]` at t = 0 (the valuation date: upfront capex, a prepayment) and
//! `flows[m]` for m ≥ 1 at the **end of month m**. The discount factor of month m at an annual rate r is
//! (1 + r)^(−m/12) ([`discount_factor`]). IRR is the annual rate at which the NPV of the same monthly flows is
//! zero, the root chosen by a [`RootRule`]. Annual figures are sums of months. Discount rates are checked
//! against [`crate::bounds::DISCOUNT_RATE`].
//!
//! - [`loan`]: draws at loan-to-cost, interest only during the build, a level payment after it.
//! - [`tax`]: monthly tax on year-to-date taxable income, losses carried forward (80% limit by default); the
//!   last month of the year settles the year.
//! - [`depreciation`]: straight-line schedules of monthly capex by asset class, optional bonus depreciation.
//! - [`accrual`]: a contract's cash recognised as revenue over its service months.
//! - [`npv_each`]: each class of cash flow at its own rate (the adjusted present value of a run).

pub mod accrual;
pub mod depreciation;
mod irr;
pub mod loan;
mod npv;
mod payback;
pub mod tax;

pub use irr::{RootRule, irr};
pub use npv::{discount_factor, npv, npv_each};
pub use payback::payback_months;

/// Hours in an average month (8,760 / 12), for converting $/kW-month to $/kWh.
pub const HOURS_PER_MONTH: f64 = 730.0;
/// Hours in a (non-leap) year.
pub const HOURS_PER_YEAR: f64 = 8_760.0;
