//! hashpivot: what a megawatt is worth as Bitcoin mining, an AI/HPC lease or a GPU cloud.
//!
//! The core library is pure: no files, no printing, no clocks, no global state. The CLI reads files and
//! prints; everything that computes lives here, one module per domain concept. Quantities carry their unit in
//! their name (`usd_per_ph_day`, `mw_it`, `j_per_th`); IT MW and gross (grid) MW meet only through a [`hpc::Pue`].
//! Every refusal is an [`Error`] naming the input, the value found and what was expected.
//!
//! # Modules
//! - [`network`]: the protocol (subsidy by height, difficulty, hashprice) and the daily network history.
//! - [`mining`]: the ASIC library and a fleet's economics (revenue per kWh, cost per BTC, breakeven).
//! - [`hpc`]: AI/HPC hosting leases, GPU clouds, mining-to-HPC conversions, the deal library, `compare`.
//! - [`power`]: power contracts, hourly price series and the hourly dispatch (4CP, demand response).
//! - [`market`]: the stochastic processes of a simulation (BTC price, hashrate, fees, power, GPU prices).
//! - [`scenario`]: the scenario file's raw types, their validation into a checked [`scenario::Scenario`].
//! - [`sim`]: the monthly cash-flow engine and Monte Carlo; [`backtest`]: production against reported BTC.
//! - [`finance`] (NPV, IRR, loans, tax) and [`risk`] (quantiles, CVaR, beta): the shared money arithmetic.
//! - [`data`]: the bundled data sets (network, ASICs, ERCOT prices, deals, GPUs, tenants, companies), parsed from
//!   embedded text; [`company`]: the listed companies' balance-sheet and market figures.
//! - [`valuation`]: equity value per share, the bridge to the market capitalisation, peers.
//! - [`decide`]: plans side by side on common paths, tornado, breakevens; [`option`]: the option to convert later
//!   (least-squares Monte Carlo); [`optimize`]: which sites convert, how much and when (MILP).
//! - [`assumption`]: what a valuation assumed, with each number's basis.
//! - [`date`], [`bounds`] (one valid range per quantity) and [`error`].
//!
//! # Example
//! Hashprice on a day from the bundled network data, what an S21 fleet earns per kWh at it, and the rent per
//! IT kWh of a hosting lease at 150 USD per kW of IT per month:
//! ```
//! use hashpivot::hpc::lease::{HostingLease, LeaseTerms, Rent};
//! use hashpivot::hpc::{MwIt, Pue};
//! use hashpivot::network::FeeWindow;
//! use hashpivot::Date;
//!
//! # fn main() -> hashpivot::Result<()> {
//! let network = hashpivot::data::bundled_network()?;
//! let day = network.day(Date::parse("2025-01-01")?, FeeWindow::Day)?;
//! // Before pool fees, at the day's difficulty, subsidy, fees and BTC close.
//! assert!((day.usd_per_ph_day - 54.6556).abs() < 1e-4);
//!
//! let s21 = hashpivot::data::bundled_asics()?.find("Antminer S21")?.clone();
//! // After a 2% pool fee: USD per kWh drawn = USD/PH/day × 0.98 / (24 h × J/TH).
//! let mining = hashpivot::mining::revenue_usd_per_kwh(day.usd_per_ph_day, 0.02, s21.j_per_th);
//! assert_eq!(s21.j_per_th, 17.5);
//! assert!((mining - 0.127530).abs() < 1e-6);
//!
//! // 100 MW of IT at PUE 1.3, 150 USD/kW-month for 10 years: 150 / 730 h = 0.2055 USD per IT kWh.
//! let terms = LeaseTerms::simple(MwIt::new(100.0)?, Pue::new(1.3)?, Rent::UsdPerKwMonth(150.0), 120);
//! let lease = HostingLease::new(terms)?;
//! assert!((lease.revenue_usd_per_it_kwh() - 150.0 / 730.0).abs() < 1e-12);
//! assert!((lease.revenue_usd_per_grid_kwh() - 150.0 / 730.0 / 1.3).abs() < 1e-12);
//! // Per kWh drawn from the grid, the lease pays 0.158 USD against mining's 0.128.
//! assert!(lease.revenue_usd_per_grid_kwh() > mining);
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod assumption;
pub mod backtest;
pub mod bounds;
pub mod company;
pub mod data;
pub mod date;
pub mod decide;
pub mod error;
pub mod finance;
pub mod hpc;
pub mod market;
pub mod mining;
pub mod model_name;
pub mod network;
pub mod optimize;
pub mod option;
pub mod power;
pub mod risk;
pub mod scenario;
pub mod sim;
pub mod valuation;

pub use date::{Date, Month};
pub use error::{Error, Result};
