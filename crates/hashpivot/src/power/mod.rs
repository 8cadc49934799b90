//! Power: hourly prices, power contracts, and the hourly dispatch of a mining (or hybrid) site.
//!
//! - [`central_time`]: ERCOT's clock (Central Prevailing Time) ↔ UTC hours, DST days of 23 and 25 hours.
//! - [`series`]: hourly price series, UTC hour-beginning; a gap is an error naming the missing hours.
//! - [`contract`]: index, fixed pay-as-consumed, fixed take-or-pay, fixed with sell-back; an hour's and a
//!   month's settlement.
//! - [`month_prices`]: a month of hourly hub prices sorted with prefix sums (a month's dispatch in one search).
//! - [`mod@dispatch`]: the rule (mine when hashprice USD/MWh > marginal cost + buffer) and its settlement.
//! - [`fourcp`], [`demand_response`]: curtailment programmes and what they pay.

pub mod bid;
pub mod central_time;
pub mod contract;
pub mod demand_response;
pub mod dispatch;
pub mod fourcp;
pub mod month_prices;
pub mod series;

pub use central_time::Clock;
pub use contract::{Contract, MonthSettlement, Settlement};
pub use demand_response::{Calls, DemandResponse};
pub use dispatch::{DispatchResult, Rules, Site, dispatch};
pub use fourcp::{FourCp, PeakHours};
pub use month_prices::{MonthCurve, MonthPrices};
pub use series::{HourlySeries, Market, PriceBook};
