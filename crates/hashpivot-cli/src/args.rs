//! The flags several commands share, each defined once: one name, one unit, one default and one range (the
//! core's [`hashpivot::bounds`] constant, checked by the flag's value parser) for the same concept everywhere.
//! `docs/cli.md` has the table of them. Commands take a group with `#[command(flatten)]`.

use crate::cmd::option::{RENT_DRIFT_DEFAULT, RENT_VOLATILITY_DEFAULT};
use anyhow::{Result, bail};
use clap::Args;
use hashpivot::Date;
use hashpivot::assumption::{Assumption, Basis};
use hashpivot::bounds::{
    Bound, FIXED_PRICE_USD_PER_MWH, HASHPRICE_USD_PER_PH_DAY, J_PER_TH, OPEX_USD_PER_MWH, POOL_FEE,
};
use hashpivot::bounds::{RENT_DRIFT_PER_YEAR, RENT_VOLATILITY_PER_YEAR};
use hashpivot::network::NetworkHistory;
use hashpivot::option::RentIndex;

/// Default power price, USD/MWh (5 ¢/kWh): a round figure of industrial power in Texas. The help texts say
/// `[default: 50]`; a test keeps them in step.
pub const POWER_DEFAULT_USD_PER_MWH: f64 = 50.0;
/// Default pool fee: the scenario file's `fleet.pool_fee` default. The help texts say `[default: 0]`.
pub const POOL_FEE_DEFAULT: f64 = 0.0;
/// Default ASIC when neither `--asic` nor `--j-per-th` is given (17.5 J/TH).
pub const ASIC_DEFAULT: &str = "Antminer S21";
/// Why no pool fee is the default, and what a real one does: said wherever the default is used.
pub const POOL_FEE_DEFAULT_REASON: &str = "the scenario file's default, fleet.pool_fee = 0: no pool fee; FPPS pools \
     charge about 1–2.5% of revenue, which lowers revenue by as much — give --pool-fee";

/// A value parser of a number in `b`'s range; out of range, clap's message says the range.
pub fn bounded(
    b: Bound,
) -> impl Fn(&str) -> std::result::Result<f64, String> + Clone + Send + Sync + 'static {
    move |s: &str| {
        let v: f64 = s
            .trim()
            .parse()
            .map_err(|_| format!("expected a number: {}", b.expected))?;
        if b.contains(v) {
            Ok(v)
        } else {
            Err(format!("expected {}", b.expected))
        }
    }
}

/// The power price: `--power-usd-per-mwh`, USD/MWh everywhere (the scenario's `power.price_usd_per_mwh`).
#[derive(Debug, Clone, Args)]
pub struct PowerPriceArgs {
    /// All-in power price, USD/MWh (50 = 5 ¢/kWh), as the scenario's `power.price_usd_per_mwh`.
    #[arg(long, value_name = "USD_PER_MWH", default_value_t = POWER_DEFAULT_USD_PER_MWH,
          allow_negative_numbers = true, value_parser = bounded(FIXED_PRICE_USD_PER_MWH))]
    pub power_usd_per_mwh: f64,
}

impl PowerPriceArgs {
    /// The price in USD/kWh, the unit of the core's per-kWh metrics.
    pub fn usd_per_kwh(&self) -> f64 {
        self.power_usd_per_mwh / 1_000.0
    }
}

/// The pool fee: `--pool-fee`, a share of revenue, default 0 (the scenario's), said as an assumption when used.
#[derive(Debug, Clone, Args)]
pub struct PoolFeeArgs {
    /// Pool fee, a share of revenue in [0, 0.5] (0.02 = 2%), as the scenario's `fleet.pool_fee` [default: 0]
    #[arg(long, value_name = "SHARE", allow_negative_numbers = true, value_parser = bounded(POOL_FEE))]
    pub pool_fee: Option<f64>,
}

impl PoolFeeArgs {
    /// The fee given, or the default.
    pub fn value(&self) -> f64 {
        self.pool_fee.unwrap_or(POOL_FEE_DEFAULT)
    }

    /// The fee with its basis: stated, or the default and why.
    pub fn assumption(&self) -> Assumption {
        match self.pool_fee {
            Some(f) => Assumption::stated("pool_fee", f, "share"),
            None => Assumption::default(
                "pool_fee",
                POOL_FEE_DEFAULT,
                "share",
                POOL_FEE_DEFAULT_REASON,
            ),
        }
    }
}

/// Non-power operating cost of mining: `--opex-usd-per-mwh`, as the scenario site's `opex_usd_per_mwh`.
#[derive(Debug, Clone, Args)]
pub struct OpexArgs {
    /// Non-power operating cost of mining, USD per MWh drawn, as the scenario site's `opex_usd_per_mwh`.
    #[arg(long, value_name = "USD_PER_MWH", default_value_t = 0.0, allow_negative_numbers = true,
          value_parser = bounded(OPEX_USD_PER_MWH))]
    pub opex_usd_per_mwh: f64,
}

/// A constant hashprice: `--hashprice-usd-per-ph-day`.
#[derive(Debug, Clone, Args)]
pub struct HashpriceArgs {
    /// A constant hashprice, USD per PH/s per day (e.g. 50), instead of the bundled network data's
    #[arg(long, value_name = "USD", allow_negative_numbers = true,
          value_parser = bounded(HASHPRICE_USD_PER_PH_DAY))]
    pub hashprice_usd_per_ph_day: Option<f64>,
}

/// The day whose bundled network data is used: `--date`, default the last complete day.
#[derive(Debug, Clone, Args)]
pub struct DateArgs {
    /// UTC day (YYYY-MM-DD) whose bundled network data is used [default: the last complete day of the bundled
    /// data, `hashpivot data info`]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

impl DateArgs {
    /// The date given, or the network history's last complete day.
    pub fn resolve(&self, network: &NetworkHistory) -> Result<Date> {
        match &self.date {
            Some(d) => Ok(Date::parse(d)?),
            None => network
                .last_complete_date()
                .ok_or_else(|| anyhow::anyhow!("the network history has no complete day")),
        }
    }
}

/// The fleet: a model of the ASIC library or an efficiency.
#[derive(Debug, Clone, Args)]
pub struct AsicArgs {
    /// ASIC model from the library (`hashpivot asics`) [default: Antminer S21, 17.5 J/TH]
    #[arg(long, value_name = "NAME", conflicts_with = "j_per_th")]
    pub asic: Option<String>,
    /// Fleet efficiency, J/TH, in [1, 10000], instead of --asic
    #[arg(long, allow_negative_numbers = true, value_parser = bounded(J_PER_TH))]
    pub j_per_th: Option<f64>,
}

/// A fleet as `--asic`/`--j-per-th` resolve it.
#[derive(Debug, Clone)]
pub struct Fleet {
    /// The library's model name, when the efficiency is a model's.
    pub asic: Option<String>,
    /// Efficiency, J/TH.
    pub j_per_th: f64,
    /// Where the efficiency came from.
    pub assumption: Assumption,
}

impl AsicArgs {
    /// The fleet's efficiency from `--asic NAME` (the library's), `--j-per-th E`, or the default model.
    pub fn resolve(&self) -> Result<Fleet> {
        if let Some(e) = self.j_per_th {
            return Ok(Fleet {
                asic: None,
                j_per_th: e,
                assumption: Assumption::stated("j_per_th", e, "j_per_th"),
            });
        }
        let lib = hashpivot::data::bundled_asics()?;
        let name = self.asic.as_deref().unwrap_or(ASIC_DEFAULT);
        let a = lib.find(name)?;
        let mut assumption = Assumption::library(
            "j_per_th",
            a.j_per_th,
            "j_per_th",
            format!("asics:{}", a.model),
            Some(a.source.clone()),
        );
        if self.asic.is_none() {
            assumption.basis = Basis::Default {
                reason: format!(
                    "no --asic or --j-per-th: the {} ({} J/TH), a common current air-cooled model",
                    a.model, a.j_per_th
                ),
            };
        }
        Ok(Fleet {
            asic: Some(a.model.clone()),
            j_per_th: a.j_per_th,
            assumption,
        })
    }
}

/// The market rent index a later lease is signed at (`option`, `optimize`): a GBM.
#[derive(Debug, Clone, Args)]
pub struct RentIndexArgs {
    /// Expected growth per year of the market rent a later lease is signed at (0: flat in expectation)
    #[arg(long, default_value_t = RENT_DRIFT_DEFAULT, allow_negative_numbers = true,
          value_parser = bounded(RENT_DRIFT_PER_YEAR))]
    pub rent_drift: f64,
    /// Volatility per year of the market rent (0.10 is an assumption: no market rent series is bundled)
    #[arg(long, default_value_t = RENT_VOLATILITY_DEFAULT, allow_negative_numbers = true,
          value_parser = bounded(RENT_VOLATILITY_PER_YEAR))]
    pub rent_volatility: f64,
}

impl RentIndexArgs {
    /// The rent process.
    pub fn index(&self) -> Result<RentIndex> {
        Ok(RentIndex::new(self.rent_drift, self.rent_volatility)?)
    }

    /// The rent process and where its parameters come from.
    pub fn basis(&self) -> String {
        crate::cmd::option::rent_basis(self.rent_drift, self.rent_volatility)
    }
}

/// Where a result goes (`sensitivity`, `breakeven`): the table printed, or JSON, and optionally a CSV file.
#[derive(Debug, Clone, Args)]
pub struct TableOutArgs {
    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
    /// Also write the printed rows (the tornado's bars, the breakeven's scan and answer) as CSV to this file
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
}

impl TableOutArgs {
    /// Writes the CSV if asked, then prints JSON or the human text.
    pub fn emit<T: serde::Serialize>(
        &self,
        value: &T,
        csv: impl FnOnce() -> Result<Vec<u8>>,
        human: impl FnOnce() -> String,
    ) -> Result<()> {
        if let Some(out) = &self.out {
            crate::store::write_atomic(out, &csv()?)?;
        }
        if self.json {
            crate::output::print_json(value)
        } else {
            crate::output::print(&human())
        }
    }
}

/// Flags renamed for one dialect: given, each is an error naming the new flag and its unit (a $/kWh figure is
/// never converted silently).
#[derive(Debug, Clone, Args)]
#[allow(dead_code)] // never read: their parsers always fail
pub struct RetiredArgs {
    #[arg(long, hide = true, allow_negative_numbers = true, value_parser = retired(
        "renamed: give --power-usd-per-mwh; power is in USD/MWh in every command (0.05 USD/kWh = 50 USD/MWh)"))]
    power_usd_per_kwh: Option<String>,
    #[arg(long, hide = true, allow_negative_numbers = true, value_parser = retired(
        "renamed: give --hashprice-usd-per-ph-day (the same unit, USD per PH/s per day)"))]
    usd_per_ph_day: Option<String>,
    #[arg(long, hide = true, allow_negative_numbers = true, value_parser = retired(
        "renamed: give --opex-usd-per-mwh (the same unit, USD per MWh drawn)"))]
    mining_opex_usd_per_mwh: Option<String>,
}

/// `--asic`/`--j-per-th` where efficiency does not enter (`backtest production`: a month's expected BTC follows
/// from its reported EH/s alone): refused with that reason rather than ignored.
#[derive(Debug, Clone, Args)]
#[allow(dead_code)] // never read: their parsers always fail
pub struct NoFleetArgs {
    #[arg(long, hide = true, allow_negative_numbers = true, value_parser = retired(
        "does not apply: the expected BTC follows from the reported EH/s; the fleet's efficiency does not enter"))]
    asic: Option<String>,
    #[arg(long, hide = true, allow_negative_numbers = true, value_parser = retired(
        "does not apply: the expected BTC follows from the reported EH/s; the fleet's efficiency does not enter"))]
    j_per_th: Option<String>,
}

/// A value parser that refuses every value with `message`, which starts `renamed: ` or `does not apply: `
/// (`main` words it as the other refusals).
fn retired(
    message: &'static str,
) -> impl Fn(&str) -> std::result::Result<String, String> + Clone + Send + Sync + 'static {
    move |_: &str| Err(message.to_string())
}

/// Refuses a flag given where it does not apply, with the reason.
pub fn refuse_if(given: bool, flag: &str, reason: &str) -> Result<()> {
    if given {
        bail!("{flag} does not apply here: {reason}");
    }
    Ok(())
}

/// The lines that say the defaults a command used (not the numbers the user stated), for human output.
pub fn assumed_lines(list: &[Assumption]) -> String {
    let mut s = String::new();
    for a in list {
        if let Basis::Default { reason } = &a.basis {
            s.push_str(&format!("assumed: {} = {} ({reason})\n", a.name, a.value));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// A command made of the shared groups only, as `mining` and `compare` flatten them.
    #[derive(Debug, clap::Parser)]
    struct Shared {
        #[command(flatten)]
        pool: PoolFeeArgs,
        #[command(flatten)]
        asic: AsicArgs,
    }

    /// The help of a shared flag.
    fn help_of(flag: &str) -> String {
        let m = Shared::command();
        let a = m
            .get_arguments()
            .find(|a| a.get_long() == Some(flag))
            .unwrap();
        a.get_help().unwrap().to_string()
    }

    #[test]
    fn help_texts_say_the_defaults_of_the_constants() {
        assert!(help_of("pool-fee").ends_with(&format!("[default: {POOL_FEE_DEFAULT}]")));
        assert!(help_of("asic").contains(ASIC_DEFAULT));
    }

    #[test]
    fn a_bounded_parser_refuses_out_of_range_and_non_numbers() {
        let p = bounded(POOL_FEE);
        assert_eq!(p("0.02"), Ok(0.02));
        assert!(p("0.6").unwrap_err().contains("[0, 0.5]"));
        assert!(p("nan").is_err());
        assert!(p("x").is_err());
    }
}
