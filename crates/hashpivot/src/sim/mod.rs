//! The monthly cash-flow engine and its Monte Carlo.
//!
//! - [`prepared`]: market processes and month price curves built once per run.
//! - [`month_curve`]: a month of hourly hub prices sorted with prefix sums (hourly dispatch in one search).
//! - [`engine`]: one path's monthly cash flows per site and segment.
//! - [`irr`]: the IRR of a path's equity flows (the investment root nearest the discount rate).
//! - [`monte_carlo`]: base case and N parallel paths, deterministic for any thread count.
//! - [`report`]: the reduction to NPV/IRR/EBITDA distributions, revenue mix, BTC mined, BTC-beta.

pub mod engine;
pub mod irr;
pub mod monte_carlo;
pub mod month_curve;
pub mod prepared;
pub mod report;

pub use engine::{MonthRecord, PathSummary};
pub use monte_carlo::run;
pub use prepared::Prepared;
pub use report::{JsonSummary, Report};
