//! The valid range of every bounded quantity, each named once.
//!
//! One quantity has one range everywhere: the scenario schema (`#[schemars(range(..))]`), the checked
//! constructors of the core, and the CLI's flags all read the constant here. A range that needs changing is
//! changed here and nowhere else.

use crate::error::{Error, Result, fmt_f64};

/// The closed range `[min, max]` a quantity must lie in, and how to say what is expected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The quantity's canonical name (field name with its unit), e.g. `discount_rate`.
    pub name: &'static str,
    /// Smallest valid value (inclusive).
    pub min: f64,
    /// Largest valid value (inclusive).
    pub max: f64,
    /// What a valid value looks like, said to a person, e.g. "an annual rate in [-0.5, 1], e.g. 0.1 for 10%".
    pub expected: &'static str,
}

impl Bound {
    /// The range `[min, max]` of the quantity `name`; [`Bound::expecting`] gives the words that say it.
    const fn new(name: &'static str, min: f64, max: f64) -> Bound {
        Bound {
            name,
            min,
            max,
            expected: "",
        }
    }

    /// The same range, with what a valid value looks like said to a person.
    const fn expecting(self, expected: &'static str) -> Bound {
        Bound { expected, ..self }
    }

    /// Whether `value` is finite and inside the range.
    pub fn contains(&self, value: f64) -> bool {
        value.is_finite() && value >= self.min && value <= self.max
    }

    /// Checks `value`, naming the quantity by its canonical name.
    pub fn check(&self, value: f64) -> Result<f64> {
        self.check_as(self.name, value)
    }

    /// Checks `value`, naming it `field` (a scenario path or a flag the user typed).
    pub fn check_as(&self, field: &str, value: f64) -> Result<f64> {
        if self.contains(value) {
            Ok(value)
        } else {
            Err(Error::invalid(field, fmt_f64(value), self.expected))
        }
    }

    /// Checks a whole number (months, years, counts) against the same range.
    pub fn check_whole_as(&self, field: &str, value: u64) -> Result<u64> {
        let v = value as f64;
        if v >= self.min && v <= self.max {
            Ok(value)
        } else {
            Err(Error::invalid(field, value, self.expected))
        }
    }
}

/// Annual discount rate: −50% to +100% a year. Outside it the discount factors of 10–20-year monthly flows stop
/// meaning anything (and at the extremes overflow).
pub const DISCOUNT_RATE: Bound = Bound::new("discount_rate", -0.5, 1.0)
    .expecting("an annual rate in [-0.5, 1] (−50% to 100% a year), e.g. 0.1 for 10%");

/// Months from the start of a build (conversion, GPU install) to delivery: 0 to 10 years.
pub const BUILD_MONTHS: Bound = Bound::new("build_months", 0.0, 120.0).expecting("0 to 120 months");

/// Power usage effectiveness, gross over critical-IT load.
pub const PUE: Bound =
    Bound::new("pue", 1.0, 3.0).expecting("a gross/IT ratio in [1, 3], e.g. 1.3");

/// Share of rent left after operating costs.
pub const NOI_MARGIN: Bound =
    Bound::new("noi_margin", 0.0, 1.0).expecting("a share of rent in [0, 1], e.g. 0.85");

/// Share of GPU-hours sold.
pub const UTILIZATION: Bound =
    Bound::new("utilization", 0.0, 1.0).expecting("a share of GPU-hours sold in [0, 1], e.g. 0.8");

/// Annual rent escalator.
pub const ESCALATOR: Bound =
    Bound::new("escalator", -0.5, 0.5).expecting("an annual rate in [-0.5, 0.5], e.g. 0.03");

/// Hashprice, USD per PH/s per day. It peaked near $10M in 2010–2011; the bound only refuses nonsense.
/// The floor, a cent, refuses values like 1e-308 whose ratios print as infinite.
pub const HASHPRICE_USD_PER_PH_DAY: Bound =
    Bound::new("usd_per_ph_day", 0.01, 1e9).expecting("a hashprice in USD/PH/day in [0.01, 1e9]");

/// Fleet efficiency, J/TH.
pub const J_PER_TH: Bound =
    Bound::new("j_per_th", 1.0, 10_000.0).expecting("an efficiency in [1, 10000] J/TH, e.g. 17.5");

/// Pool fee, a fraction of the reward.
pub const POOL_FEE: Bound =
    Bound::new("pool_fee", 0.0, 0.5).expecting("a share of revenue in [0, 0.5], e.g. 0.02 for 2%");

/// All-in power price, USD/kWh: the range of [`FIXED_PRICE_USD_PER_MWH`] (the unit of every flag and scenario
/// field, USD/MWh) in the core's per-kWh unit.
pub const POWER_USD_PER_KWH: Bound = Bound::new("power_usd_per_kwh", 0.0, 100.0)
    .expecting("a power price in USD/kWh in [0, 100] (0 to 100000 USD/MWh)");

/// ASIC price (new or resale), USD per TH.
pub const ASIC_USD_PER_TH: Bound =
    Bound::new("asic_usd_per_th", 0.0, 1e4).expecting("USD per TH ≥ 0");

/// Build cost of a site or hall, excluding the machines in it, USD per MW (gross for a mining site, IT for HPC).
pub const SITE_CAPEX_USD_PER_MW: Bound =
    Bound::new("site_capex_usd_per_mw", 0.0, 1e9).expecting("USD per MW ≥ 0, e.g. 10e6");

/// Non-power operating cost, USD per MWh drawn.
pub const OPEX_USD_PER_MWH: Bound =
    Bound::new("opex_usd_per_mwh", 0.0, 1e4).expecting("USD per MWh ≥ 0");

/// Life of an asset (ASICs, GPUs), whole years.
pub const ASSET_LIFE_YEARS: Bound =
    Bound::new("life_years", 1.0, 30.0).expecting("a life of 1 to 30 years");

/// Hosting rent, USD per kW-month of IT.
pub const RENT_USD_PER_KW_MONTH: Bound = Bound::new("usd_per_kw_month", 0.0, 1e5)
    .expecting("a rent in USD per kW-month of IT ≥ 0, e.g. 150");

/// Lease term, whole years.
pub const LEASE_TERM_YEARS: Bound =
    Bound::new("term_years", 0.1, 100.0).expecting("a lease term of 0.1 to 100 years");

/// GPU-hour price, USD.
pub const GPU_USD_PER_HOUR: Bound = Bound::new("usd_per_gpu_hour", 0.0, 1e3)
    .expecting("a price in USD per GPU-hour in [0, 1000], e.g. 2.0");

/// GPU systems, USD per MW of IT.
pub const GPU_CAPEX_USD_PER_MW_IT: Bound =
    Bound::new("gpu_capex_usd_per_mw_it", 0.0, 1e10).expecting("USD per MW IT ≥ 0");

/// GPU-cloud non-power opex, USD per MW of IT per year.
pub const GPU_OPEX_USD_PER_MW_IT_YEAR: Bound =
    Bound::new("opex_usd_per_mw_it_year", 0.0, 1e10).expecting("USD per MW IT per year ≥ 0");

/// Days of a trailing fee window (fees per block averaged over the N days ending on a date): 1 day to 10 years.
pub const FEE_WINDOW_DAYS: Bound =
    Bound::new("fee_window_days", 1.0, 3650.0).expecting("1 to 3650 days");

/// Bitcoin difficulty: the protocol minimum is 1; the top, 1e18, is about 7,000 times 2025's (~1.5e14).
pub const DIFFICULTY: Bound = Bound::new("difficulty", 1.0, 1e18)
    .expecting("a difficulty ≥ 1 (the protocol minimum) and ≤ 1e18, e.g. 101.65e12");

/// An amount of fees in BTC (per block or a day's total): never more than all the bitcoin there will be.
pub const FEES_BTC: Bound =
    Bound::new("fees_btc", 0.0, 21e6).expecting("a number of BTC between 0 and 21 million");

/// BTC/USD price.
pub const BTC_PRICE_USD: Bound =
    Bound::new("price_usd", 0.0, 1e12).expecting("a BTC price in USD in [0, 1e12]");

/// Years a scenario simulates.
pub const HORIZON_YEARS: Bound = Bound::new("horizon_years", 1.0, 30.0).expecting("1 to 30 years");

/// Simple tax rate on positive yearly taxable income.
pub const TAX_RATE: Bound =
    Bound::new("tax_rate", 0.0, 0.6).expecting("a rate in [0, 0.6], e.g. 0.21");

/// Straight-line depreciation life of capex, years.
pub const DEPRECIATION_YEARS: Bound =
    Bound::new("depreciation_years", 1.0, 40.0).expecting("1 to 40 years");

/// A cost, price or payment in USD (per whatever unit the field names): never negative, and at most 1e13 (ten
/// trillion, above any company's value; without a ceiling the fuzzer's 1.8e308 USD of fixed opex a year gave an
/// NPV of −inf).
pub const USD_AMOUNT: Bound = Bound::new("usd", 0.0, 1e13)
    .expecting("a non-negative amount in USD, at most 1e13 (ten trillion)");

/// Exit value over the last year's EBITDA.
pub const EBITDA_MULTIPLE: Bound =
    Bound::new("ebitda_multiple", 0.0, 40.0).expecting("a multiple in [0, 40], e.g. 8");

/// Perpetual growth of free cash flow after the horizon (Gordon growth).
pub const TERMINAL_GROWTH_PER_YEAR: Bound =
    Bound::new("growth_per_year", -0.5, 0.5).expecting("an annual rate in [-0.5, 0.5], e.g. 0.02");

/// Electric power, MW (gross or IT, as the field names): 0 to 1 TW, more than any grid connection (ERCOT's
/// record peak is about 86,000 MW), low enough that every sum over hours and kW stays finite.
pub const MW: Bound =
    Bound::new("mw", 0.0, 1e6).expecting("a power in MW in [0, 1000000], e.g. 100");

/// Price of a fixed-price power contract, USD/MWh.
pub const FIXED_PRICE_USD_PER_MWH: Bound = Bound::new("price_usd_per_mwh", 0.0, 100_000.0)
    .expecting("a price in [0, 100000] USD/MWh, e.g. 35");

/// Adder of an index power contract over the hub price, USD/MWh (a discount when negative).
pub const ADDER_USD_PER_MWH: Bound = Bound::new("adder_usd_per_mwh", -100_000.0, 100_000.0)
    .expecting("an adder in [-100000, 100000] USD/MWh, e.g. 3");

/// Hashrate, EH/s: never negative, and at most 1e6 (a thousand times today's network).
pub const HASHRATE_EH_S: Bound =
    Bound::new("eh_s", 0.0, 1e6).expecting("a non-negative hashrate in EH/s, at most 1e6");

/// Hashrate lost per year of a machine's age at constant power.
pub const DEGRADATION_PER_YEAR: Bound = Bound::new("degradation_per_year", 0.0, 0.5)
    .expecting("a share per year in [0, 0.5], e.g. 0.02");

/// Years between fleet replacements (0 = never).
pub const REPLACEMENT_YEARS: Bound =
    Bound::new("replacement_years", 0.0, 30.0).expecting("0 to 30 years");

/// Number of machines of one ASIC model (at most 1e8, more than every machine ever shipped).
pub const ASIC_COUNT: Bound =
    Bound::new("count", 0.0, 1e8).expecting("a whole number of machines, at most 100,000,000");

/// Share of hours machines run (hosted machines' uptime, a dispatch's minimum uptime).
pub const UPTIME: Bound =
    Bound::new("uptime", 0.0, 1.0).expecting("a share of hours in [0, 1], e.g. 0.95");

/// Share of rent lost to a tenant default that a backstop pays.
pub const BACKSTOP_RECOVERY: Bound =
    Bound::new("backstop_recovery", 0.0, 1.0).expecting("a share of rent in [0, 1]");

/// IT kW per GPU with its share of server and network.
pub const IT_KW_PER_GPU: Bound = Bound::new("it_kw_per_gpu", 0.01, 100.0)
    .expecting("a load in [0.01, 100] kW per GPU, e.g. 1.275");

/// Life of GPUs before they are bought again, years.
pub const GPU_LIFE_YEARS: Bound =
    Bound::new("gpu_life_years", 1.0, 15.0).expecting("1 to 15 years");

/// Share of a conversion's capex borrowed.
pub const LOAN_TO_COST: Bound =
    Bound::new("loan_to_cost", 0.0, 0.95).expecting("a share of capex in [0, 0.95], e.g. 0.6");

/// Annual interest rate of a project loan.
pub const LOAN_RATE: Bound =
    Bound::new("rate", 0.0, 0.5).expecting("an annual rate in [0, 0.5], e.g. 0.09");

/// Amortization period of a project loan after the build, years.
pub const LOAN_TENOR_YEARS: Bound = Bound::new("tenor_years", 1.0, 30.0).expecting("1 to 30 years");

/// Correlation of two monthly shocks.
pub const CORRELATION: Bound =
    Bound::new("correlation", -1.0, 1.0).expecting("a correlation in [-1, 1]");

/// Volatility of a market process (standard deviation of its log noise, per √year or per month as the field names).
pub const VOLATILITY: Bound =
    Bound::new("volatility", 0.0, 5.0).expecting("a volatility in [0, 5], e.g. 0.5");

/// Expected BTC price jumps per year.
pub const JUMPS_PER_YEAR: Bound =
    Bound::new("jumps_per_year", 0.0, 100.0).expecting("0 to 100 jumps per year");

/// Standard deviation of a BTC price jump's log size.
pub const JUMP_STDEV_LOG: Bound =
    Bound::new("jump_stdev_log", 0.0, 5.0).expecting("a standard deviation in [0, 5]");

/// Months per block of a block bootstrap.
pub const BLOCK_MONTHS: Bound = Bound::new("block_months", 1.0, 60.0).expecting("1 to 60 months");

/// First year of bundled history a bootstrap samples.
pub const HISTORY_FROM_YEAR: Bound =
    Bound::new("from_year", 2010.0, 2100.0).expecting("a year from 2010 to 2100");

/// Extra log hashrate growth per year per unit of log margin ratio.
pub const ELASTICITY_PER_YEAR: Bound =
    Bound::new("elasticity_per_year", 0.0, 10.0).expecting("an elasticity in [0, 10]");

/// Months between a mining margin and the hashrate it brings.
pub const LAG_MONTHS: Bound = Bound::new("lag_months", 0.0, 36.0).expecting("0 to 36 months");

/// Power price of the marginal fleet, USD/MWh.
pub const MARGINAL_POWER_USD_PER_MWH: Bound =
    Bound::new("marginal_power_usd_per_mwh", 1.0, 10_000.0)
        .expecting("a price in [1, 10000] USD/MWh");

/// Mean transaction fees per block, BTC.
pub const FEES_BTC_PER_BLOCK: Bound =
    Bound::new("mean_btc_per_block", 0.0, 100.0).expecting("0 to 100 BTC per block");

/// Decline of the GPU-hour price per year (a GPU cloud's price path, the scenario's expected decline): −50% (a
/// rise) to 95% a year. The steepest seen, H100 rents in 2024, was about 70%.
pub const GPU_PRICE_DECLINE_PER_YEAR: Bound = Bound::new("price_decline_per_year", -0.5, 0.95)
    .expecting("a decline per year in [-0.5, 0.95], e.g. 0.2");

/// A hub power price, USD/MWh (a constant price, the price at which demand response is called).
pub const HUB_PRICE_USD_PER_MWH: Bound =
    Bound::new("hub_usd_per_mwh", -1000.0, 10_000.0).expecting("a price in [-1000, 10000] USD/MWh");

/// Annual probability that a lease tenant defaults.
pub const DEFAULT_HAZARD_PER_YEAR: Bound =
    Bound::new("hazard_per_year", 0.0, 0.99).expecting("a probability per year in [0, 0.99]");

/// Monte Carlo paths of a run.
pub const PATHS: Bound = Bound::new("paths", 1.0, 10_000_000.0).expecting("1 to 10000000 paths");

/// Worker threads of a run.
pub const THREADS: Bound = Bound::new("threads", 1.0, 1024.0).expecting("1 to 1024 threads");

/// A fleet's average operating hashrate, EH/s (the whole network is ~1,000 EH/s in 2025).
pub const FLEET_HASHRATE_EH_S: Bound = Bound::new("avg_operating_eh_s", 0.0, 100_000.0)
    .expecting("a hashrate in EH/s between 0 and 100000");

/// Halvings listed from the genesis block (the subsidy is a right shift of the height's era; by era 64 it is 0).
pub const HALVINGS_COUNT: Bound = Bound::new("count", 1.0, 64.0).expecting("1 to 64 halvings");

/// Rated hashrate of one ASIC model, TH/s (an S21 does 200).
pub const ASIC_HASHRATE_TH_S: Bound = Bound::new("hashrate_th_s", 1e-3, 1e6)
    .expecting("a hashrate in [0.001, 1000000] TH/s, e.g. 200");

/// Rated power of one ASIC model at the wall, W (an S21 draws 3,500).
pub const ASIC_POWER_W: Bound =
    Bound::new("power_w", 1.0, 1e6).expecting("a power in [1, 1000000] W, e.g. 3500");

/// Margin a dispatch asks of mining over the marginal power cost before it mines an hour, USD/MWh (the same
/// span as a fixed power price).
pub const DISPATCH_BUFFER_USD_PER_MWH: Bound = Bound::new("buffer_usd_per_mwh", 0.0, 100_000.0)
    .expecting("a buffer in [0, 100000] USD/MWh, e.g. 5");

/// ERCOT 4CP transmission charge avoided by curtailing at the summer peaks, USD per kW-year (about 55 in 2024).
pub const FOURCP_USD_PER_KW_YEAR: Bound = Bound::new("fourcp_usd_per_kw_year", 0.0, 10_000.0)
    .expecting("a charge in [0, 10000] USD/kW-year, e.g. 55");

/// A new tenant's rent after a default, as a share of the scheduled rent.
pub const RELET_SHARE: Bound = Bound::new("relet_share", 0.0, 1.0)
    .expecting("a share of the scheduled rent in [0, 1], e.g. 0.7");

/// Months a defaulted lease's space stays empty.
pub const VACANCY_MONTHS: Bound =
    Bound::new("vacancy_months", 0.0, 120.0).expecting("0 to 120 months");

/// Probability that a lease's space is renewed at the end of its term.
pub const RENEWAL_PROBABILITY: Bound =
    Bound::new("probability", 0.0, 1.0).expecting("a probability in [0, 1], e.g. 0.5");

/// NOI yield (cap rate) of a lease's sale at the horizon.
pub const CAP_RATE: Bound =
    Bound::new("cap_rate", 0.01, 0.5).expecting("a cap rate in [0.01, 0.5], e.g. 0.07 for 7%");

/// ASIC resale price, USD per TH/s.
pub const ASIC_RESALE_USD_PER_TH: Bound = Bound::new("asic_resale_usd_per_th", 0.0, 1_000.0)
    .expecting("a price in USD per TH/s in [0, 1000], e.g. 5");

/// A day's total transaction fees, BTC: up to ten times the highest day on record (1,496 BTC on 2017-12-22 in
/// `data/network_daily.csv`).
pub const FEES_BTC_PER_DAY: Bound = Bound::new("fees_btc_per_day", 0.0, 15_000.0)
    .expecting("a day's fees in BTC in [0, 15000] (the record is 1,496 BTC on 2017-12-22)");

/// Entries of any list in a scenario (sites, conversions, loans, a fleet's ASIC entries, power years): far
/// above any company's, low enough that validating and running stay bounded in time and memory.
pub const SCENARIO_LIST_ENTRIES: Bound = Bound::new("entries", 0.0, 1_000.0).expecting(
    "at most 1000 entries in a list (sites, conversions, loans, ASIC entries, power years)",
);

/// An hourly market price read from a file, USD/MWh: ten times the bundled extremes (ERCOT real time: −228.74 to
/// 9,203.58 in `data/ercot_rt_hourly.csv`).
pub const MARKET_PRICE_USD_PER_MWH: Bound = Bound::new("usd_per_mwh", -10_000.0, 100_000.0)
    .expecting("a price in USD/MWh in [-10000, 100000] (the bundled real-time extremes are -228.74 and 9203.58)");

/// A share of a whole (a building share of capex, bonus depreciation, the share of income losses may offset).
pub const SHARE: Bound = Bound::new("share", 0.0, 1.0).expecting("a share in [0, 1], e.g. 0.8");

/// Yearly efficiency gain of the marginal mining fleet in the hashrate supply response (J/TH falls as
/// e^(−gain × years)).
pub const EFFICIENCY_GAIN_PER_YEAR: Bound =
    Bound::new("marginal_efficiency_gain_per_year", 0.0, 1.0)
        .expecting("a yearly efficiency gain in [0, 1]");

/// Yearly change of a GPU price curve (launch price per MW IT of new generations, hardware per MW IT).
pub const GPU_PRICE_CHANGE_PER_YEAR: Bound = Bound::new("price_change_per_year", -0.5, 1.0)
    .expecting("a yearly change in [-0.5, 1], e.g. -0.1");

/// Expected yearly growth of the market rent index (`option`, `optimize`).
pub const RENT_DRIFT_PER_YEAR: Bound =
    Bound::new("rent drift_per_year", -0.5, 0.5).expecting("a yearly growth in [-0.5, 0.5]");

/// Yearly volatility of the market rent index (`option`, `optimize`).
pub const RENT_VOLATILITY_PER_YEAR: Bound =
    Bound::new("rent volatility_per_year", 0.0, 2.0).expecting("a yearly volatility in [0, 2]");

/// Tail share of a CVaR in the optimizer (0.05 = the worst 5% of paths).
pub const CVAR_TAIL: Bound =
    Bound::new("cvar_tail", 0.001, 1.0).expecting("a share of paths in [0.001, 1]");

/// Risk weight λ of the optimizer's mean − λ·CVaR.
pub const RISK_WEIGHT: Bound =
    Bound::new("lambda", 0.0, 1000.0).expecting("a risk weight in [0, 1000]");

/// Shards a run's paths are split into (`--shard k/K`): at most one shard per path.
pub const SHARDS: Bound = Bound::new("shards", 1.0, 1_000_000.0).expecting("1 to 1000000 shards");

/// Expected log growth per year of a market process: the BTC price's drift, the network hashrate's growth. At the
/// ends a price or hashrate grows or shrinks e^2 = 7.4× a year, past any year of either since 2014; beyond them a
/// 30-year path leaves f64 (a drift of 4.29e9 gave null NPVs, a growth ×1000 NaN cash flows).
pub const LOG_GROWTH_PER_YEAR: Bound =
    Bound::new("growth_per_year", -2.0, 2.0).expecting("a yearly log growth in [-2, 2], e.g. 0.1");

/// Mean log size of a BTC price jump (−0.1 = a mean jump of −9.5%).
pub const JUMP_MEAN_LOG: Bound =
    Bound::new("jump_mean_log", -2.0, 2.0).expecting("a mean log jump size in [-2, 2], e.g. -0.1");

/// A rate a contract charges or pays per MWh (hosting third parties' miners; demand-response standby per MW-hour):
/// at most ERCOT's price cap, since no buyer pays more for an hour of power than the market's ceiling (the
/// hardening issue's 1e9 USD/MWh hosting rate was accepted).
pub const CONTRACT_RATE_USD_PER_MWH: Bound = Bound::new("usd_per_mwh", 0.0, 5_000.0)
    .expecting("a rate in USD/MWh in [0, 5000] (ERCOT's price cap), e.g. 72");

/// Size of a scenario file, bytes: refused before it is parsed, so time and memory stay bounded (a file of
/// 1,000,000 loans, 20 MB, took 1.7 GB to reach the list limit). 1,000 sites of 4 kB each fit.
pub const SCENARIO_BYTES: Bound = Bound::new("bytes", 0.0, 4_000_000.0)
    .expecting("a scenario file of at most 4 MB (1,000 entries in each list fit in far less)");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_names_the_field_the_value_and_the_range() {
        assert_eq!(DISCOUNT_RATE.check(0.1).unwrap(), 0.1);
        assert_eq!(DISCOUNT_RATE.check(-0.5).unwrap(), -0.5);
        let e = DISCOUNT_RATE
            .check_as("--discount-rate", 1.5)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "invalid --discount-rate: found 1.5, expected an annual rate in [-0.5, 1] (−50% to 100% a year), e.g. 0.1 for 10%"
        );
        assert!(DISCOUNT_RATE.check(f64::NAN).is_err());
        assert!(BUILD_MONTHS.check_whole_as("build_months", 121).is_err());
        assert_eq!(
            BUILD_MONTHS.check_whole_as("build_months", 120).unwrap(),
            120
        );
    }
}
