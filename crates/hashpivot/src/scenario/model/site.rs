//! A checked site and its fleet.

use super::{refuse, within, within_each, within_whole};
use crate::bounds;
use crate::error::Result;
use crate::mining::Asic;
use crate::power::{Contract, Settlement};
use crate::scenario::rules;
use serde::{Serialize, Serializer};

/// A checked site plan: a site of the company over the scenario's horizon — its grid connection, power
/// contract, fleet, hosting, demand response and costs. (Not [`crate::power::dispatch::Site`], the hourly
/// dispatch of one mining load; the plan holds the same [`Contract`] that settles those hours.)
#[derive(Debug, Clone, Serialize)]
pub struct SitePlan {
    name: String,
    mw_gross: f64,
    interconnect_mw_gross: f64,
    hub: Option<String>,
    #[serde(serialize_with = "serialize_power")]
    power: Contract,
    fleet: Option<Fleet>,
    hosting_mw_gross: f64,
    hosting_rate_usd_per_mwh: f64,
    hosting_uptime: f64,
    dr_mw_gross: f64,
    dr_standby_usd_per_mw_hour: f64,
    opex_usd_per_mwh: f64,
    fixed_opex_usd_per_year: f64,
}

/// The contract as the scenario's JSON has always shown it (`contract`, `take_or_pay`, `sell_back`).
fn serialize_power<S: Serializer>(c: &Contract, s: S) -> std::result::Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    #[serde(tag = "contract", rename_all = "snake_case")]
    enum Terms {
        Index {
            adder_usd_per_mwh: f64,
        },
        Fixed {
            price_usd_per_mwh: f64,
            take_or_pay: bool,
            sell_back: bool,
        },
    }
    match *c {
        Contract::Index { adder_usd_per_mwh } => Terms::Index { adder_usd_per_mwh },
        Contract::Fixed {
            price_usd_per_mwh,
            settlement,
        } => Terms::Fixed {
            price_usd_per_mwh,
            take_or_pay: settlement != Settlement::PayAsConsumed,
            sell_back: settlement == Settlement::TakeOrPay { sell_back: true },
        },
    }
    .serialize(s)
}

impl SitePlan {
    /// This element's assumptions (see [`super::Scenario::assumptions`]); none listed yet.
    pub(crate) fn push_assumptions(&self, _out: &mut Vec<crate::assumption::Assumption>) {}

    /// A site drawing at most `interconnect_mw_gross` (default `mw_gross`) at `hub` (if priced at one) under
    /// `power`; no fleet, hosting, demand response or opex until set.
    pub fn new(
        name: impl Into<String>,
        mw_gross: f64,
        interconnect_mw_gross: Option<f64>,
        hub: Option<String>,
        power: Contract,
    ) -> Result<SitePlan> {
        SitePlan {
            name: name.into(),
            mw_gross,
            interconnect_mw_gross: interconnect_mw_gross.unwrap_or(mw_gross),
            hub,
            power,
            fleet: None,
            hosting_mw_gross: 0.0,
            hosting_rate_usd_per_mwh: 0.0,
            hosting_uptime: 0.0,
            dr_mw_gross: 0.0,
            dr_standby_usd_per_mw_hour: 0.0,
            opex_usd_per_mwh: 0.0,
            fixed_opex_usd_per_year: 0.0,
        }
        .checked()
    }

    /// With a self-mining fleet.
    pub fn with_fleet(mut self, fleet: Fleet) -> Result<SitePlan> {
        self.fleet = Some(fleet);
        self.checked()
    }

    /// With hosting of `mw_gross` of third parties' miners at `rate_usd_per_mwh`, running `uptime` of hours.
    pub fn with_hosting(
        mut self,
        mw_gross: f64,
        rate_usd_per_mwh: f64,
        uptime: f64,
    ) -> Result<SitePlan> {
        self.hosting_mw_gross = mw_gross;
        self.hosting_rate_usd_per_mwh = rate_usd_per_mwh;
        self.hosting_uptime = uptime;
        self.checked()
    }

    /// With `mw_gross` of mining load offered for demand response at a standby payment.
    pub fn with_demand_response(
        mut self,
        mw_gross: f64,
        standby_usd_per_mw_hour: f64,
    ) -> Result<SitePlan> {
        self.dr_mw_gross = mw_gross;
        self.dr_standby_usd_per_mw_hour = standby_usd_per_mw_hour;
        self.checked()
    }

    /// With operating costs: per MWh of mining load drawn, and fixed per year.
    pub fn with_opex(mut self, usd_per_mwh: f64, fixed_usd_per_year: f64) -> Result<SitePlan> {
        self.opex_usd_per_mwh = usd_per_mwh;
        self.fixed_opex_usd_per_year = fixed_usd_per_year;
        self.checked()
    }

    fn checked(self) -> Result<SitePlan> {
        within_each(&[
            (bounds::MW, "mw_gross", self.mw_gross),
            (
                bounds::MW,
                "interconnect_mw_gross",
                self.interconnect_mw_gross,
            ),
        ])?;
        refuse(rules::site::interconnect_within_gross(
            self.mw_gross,
            self.interconnect_mw_gross,
        ))?;
        within_each(&[
            (bounds::MW, "hosting.mw_gross", self.hosting_mw_gross),
            (
                bounds::CONTRACT_RATE_USD_PER_MWH,
                "hosting.rate_usd_per_mwh",
                self.hosting_rate_usd_per_mwh,
            ),
            (bounds::UPTIME, "hosting.uptime", self.hosting_uptime),
            (bounds::MW, "demand_response.mw_gross", self.dr_mw_gross),
            (
                bounds::CONTRACT_RATE_USD_PER_MWH,
                "demand_response.standby_usd_per_mw_hour",
                self.dr_standby_usd_per_mw_hour,
            ),
            (
                bounds::OPEX_USD_PER_MWH,
                "opex_usd_per_mwh",
                self.opex_usd_per_mwh,
            ),
            (
                bounds::USD_AMOUNT,
                "fixed_opex_usd_per_year",
                self.fixed_opex_usd_per_year,
            ),
        ])?;
        let fleet_mw = self.fleet.as_ref().map_or(0.0, |f| f.mw_gross);
        refuse(rules::site::loads_within_interconnect(
            fleet_mw,
            self.hosting_mw_gross,
            self.interconnect_mw_gross,
        ))?;
        refuse(rules::site::curtailment_within_fleet(
            self.dr_mw_gross,
            fleet_mw,
        ))?;
        Ok(self)
    }

    /// Unique name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Power the site can draw from the grid, MW.
    pub fn mw_gross(&self) -> f64 {
        self.mw_gross
    }
    /// Interconnection limit, MW gross: the site never draws more.
    pub fn interconnect_mw_gross(&self) -> f64 {
        self.interconnect_mw_gross
    }
    /// ERCOT hub pricing the site, if any.
    pub fn hub(&self) -> Option<&str> {
        self.hub.as_deref()
    }
    /// The power contract.
    pub fn power(&self) -> Contract {
        self.power
    }
    /// The self-mining fleet, if any.
    pub fn fleet(&self) -> Option<&Fleet> {
        self.fleet.as_ref()
    }
    /// Hosted third-party load, MW gross.
    pub fn hosting_mw_gross(&self) -> f64 {
        self.hosting_mw_gross
    }
    /// Hosting rate, USD per MWh the hosted machines draw.
    pub fn hosting_rate_usd_per_mwh(&self) -> f64 {
        self.hosting_rate_usd_per_mwh
    }
    /// Share of hours the hosted machines run.
    pub fn hosting_uptime(&self) -> f64 {
        self.hosting_uptime
    }
    /// Mining load offered for demand response, MW gross.
    pub fn dr_mw_gross(&self) -> f64 {
        self.dr_mw_gross
    }
    /// Demand-response standby payment, USD per MW-hour offered.
    pub fn dr_standby_usd_per_mw_hour(&self) -> f64 {
        self.dr_standby_usd_per_mw_hour
    }
    /// Non-power operating cost of the mining load, USD per MWh drawn.
    pub fn opex_usd_per_mwh(&self) -> f64 {
        self.opex_usd_per_mwh
    }
    /// Fixed site cost, USD per year.
    pub fn fixed_opex_usd_per_year(&self) -> f64 {
        self.fixed_opex_usd_per_year
    }
}

/// A count of one library ASIC model.
#[derive(Debug, Clone, Serialize)]
pub struct AsicCount {
    model: String,
    count: u64,
}

impl AsicCount {
    /// Model name as the library spells it.
    pub fn model(&self) -> &str {
        &self.model
    }
    /// Number of machines.
    pub fn count(&self) -> u64 {
        self.count
    }
}

/// A checked fleet (aggregate of its machines).
#[derive(Debug, Clone, Serialize)]
pub struct Fleet {
    machines: Vec<AsicCount>,
    th_s: f64,
    mw_gross: f64,
    j_per_th: f64,
    pool_fee: f64,
    degradation_per_year: f64,
    replacement_years: u32,
    replacement_usd_per_th: f64,
    replacement_j_per_th: f64,
}

impl Fleet {
    /// An aggregate fleet of `eh_s` EH/s at `j_per_th`.
    pub fn aggregate(eh_s: f64, j_per_th: f64) -> Result<Fleet> {
        within(bounds::HASHRATE_EH_S, "eh_s", eh_s)?;
        within(bounds::J_PER_TH, "j_per_th", j_per_th)?;
        Fleet::of(Vec::new(), eh_s * 1e6, eh_s * j_per_th)
    }

    /// A fleet of library machines and their counts.
    pub fn of_asics(machines: &[(&Asic, u64)]) -> Result<Fleet> {
        let (mut th, mut w) = (0.0, 0.0);
        let mut counts = Vec::new();
        for (m, count) in machines {
            th += m.hashrate_th_s * *count as f64;
            w += m.power_w * *count as f64;
            counts.push(AsicCount {
                model: m.model.clone(),
                count: *count,
            });
        }
        Fleet::of(counts, th, w / 1e6)
    }

    fn of(machines: Vec<AsicCount>, th_s: f64, mw_gross: f64) -> Result<Fleet> {
        refuse(rules::fleet::has_hashrate(th_s))?;
        within(bounds::MW, "fleet mw_gross", mw_gross)?;
        let j_per_th = mw_gross * 1e6 / th_s;
        Ok(Fleet {
            machines,
            th_s,
            mw_gross,
            j_per_th,
            pool_fee: 0.0,
            degradation_per_year: 0.0,
            replacement_years: 0,
            replacement_usd_per_th: 0.0,
            replacement_j_per_th: j_per_th,
        })
    }

    /// With a pool fee (share of revenue) and a yearly degradation of hashrate at constant power.
    pub fn with_operations(mut self, pool_fee: f64, degradation_per_year: f64) -> Result<Fleet> {
        self.pool_fee = within(bounds::POOL_FEE, "pool_fee", pool_fee)?;
        self.degradation_per_year = within(
            bounds::DEGRADATION_PER_YEAR,
            "degradation_per_year",
            degradation_per_year,
        )?;
        Ok(self)
    }

    /// With a replacement every `years` (0 = never) at `usd_per_th`, by machines of `j_per_th` (default: the
    /// fleet's own).
    pub fn with_replacement(
        mut self,
        years: u32,
        usd_per_th: f64,
        j_per_th: Option<f64>,
    ) -> Result<Fleet> {
        within_whole(bounds::REPLACEMENT_YEARS, "replacement_years", years)?;
        self.replacement_years = years;
        self.replacement_usd_per_th =
            within(bounds::USD_AMOUNT, "replacement_usd_per_th", usd_per_th)?;
        self.replacement_j_per_th = match j_per_th {
            Some(j) => within(bounds::J_PER_TH, "replacement_j_per_th", j)?,
            None => self.j_per_th,
        };
        Ok(self)
    }

    /// The library machines (empty for an aggregate fleet).
    pub fn machines(&self) -> &[AsicCount] {
        &self.machines
    }
    /// Hashrate, TH/s.
    pub fn th_s(&self) -> f64 {
        self.th_s
    }
    /// Power drawn at full load, MW gross.
    pub fn mw_gross(&self) -> f64 {
        self.mw_gross
    }
    /// Efficiency, J/TH.
    pub fn j_per_th(&self) -> f64 {
        self.j_per_th
    }
    /// Pool fee, share of revenue.
    pub fn pool_fee(&self) -> f64 {
        self.pool_fee
    }
    /// Hashrate lost per year of age.
    pub fn degradation_per_year(&self) -> f64 {
        self.degradation_per_year
    }
    /// Years between replacements (0 = never).
    pub fn replacement_years(&self) -> u32 {
        self.replacement_years
    }
    /// Cost of a replacement, USD per TH/s.
    pub fn replacement_usd_per_th(&self) -> f64 {
        self.replacement_usd_per_th
    }
    /// J/TH of replacement machines.
    pub fn replacement_j_per_th(&self) -> f64 {
        self.replacement_j_per_th
    }
}
