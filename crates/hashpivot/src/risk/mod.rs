//! Risk statistics over Monte Carlo paths: quantiles, CVaR, probability of loss, and an OLS slope for the
//! BTC-beta of EBITDA. Pure functions of slices; sums are taken in index order so results never depend on how
//! work was split across threads.

mod beta;
mod quantile;

pub use beta::OlsSums;
pub use quantile::{Band, cvar_lower, prob_below, quantile, sorted};
