//! A hosting lease seen from the landlord: IT MW leased at a rent per kW-month of critical IT, with an annual
//! escalator, a delivery ramp, build months before rent starts, landlord capex net of what the tenant funds,
//! an NOI margin, who pays for power, a backstop and a tenant default hazard.
//!
//! Timing (see [`crate::finance`]): month 0 is the valuation date (signing); months 1..=build_months earn
//! nothing; each delivered tranche then pays rent for the full term from the month after it is delivered,
//! escalating on its own anniversaries. A contract value given for the term is spread over the scheduled
//! kW-months, so the sum of the scheduled rent equals the contract value exactly.

use super::capacity::{MwIt, Pue};
use crate::bounds;
use crate::date::Month;
use crate::error::{Error, Result};
use crate::finance::HOURS_PER_MONTH;
use serde::{Deserialize, Serialize};

mod credit;
pub use credit::{
    Collected, DEFAULT_RELET_BASIS, DEFAULT_RELET_SHARE, DEFAULT_VACANCY_BASIS,
    DEFAULT_VACANCY_MONTHS, DefaultEvent, LeaseCredit, cumulative_rent,
};

/// Who pays for grid power and the building's running costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PowerPassThrough {
    /// Triple net: the tenant pays power, taxes, insurance and maintenance on top of rent.
    Nnn,
    /// Modified gross: power is passed through to the tenant; some operating costs stay with the landlord.
    ModifiedGross,
    /// Full service: the landlord pays power out of the rent.
    FullService,
    /// Not disclosed: treated like a pass-through of power (the usual case for these leases).
    Unknown,
}

impl PowerPassThrough {
    /// Parses a deal file's pass-through label (`nnn`/`triple net`, `modified gross`, `full service`/`gross`,
    /// `unknown`; case, hyphens and spaces ignored); `None` for anything else.
    pub fn parse(s: &str) -> Option<PowerPassThrough> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "nnn" | "triple_net" => Some(PowerPassThrough::Nnn),
            "modified_gross" => Some(PowerPassThrough::ModifiedGross),
            "full_service" | "gross" => Some(PowerPassThrough::FullService),
            "unknown" => Some(PowerPassThrough::Unknown),
            _ => None,
        }
    }
    /// True when the landlord's rent has to pay for grid power.
    pub fn landlord_pays_power(self) -> bool {
        self == PowerPassThrough::FullService
    }
    /// The canonical label (`nnn`, `modified_gross`, `full_service`, `unknown`), as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PowerPassThrough::Nnn => "nnn",
            PowerPassThrough::ModifiedGross => "modified_gross",
            PowerPassThrough::FullService => "full_service",
            PowerPassThrough::Unknown => "unknown",
        }
    }
}

/// How the rent is stated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rent {
    /// First-year rent in USD per kW of critical IT per month.
    UsdPerKwMonth(f64),
    /// Total rent over the base term (all tranches), USD.
    ContractValueUsd(f64),
}

/// One step of the delivery ramp: from `month` months after the first delivery, `mw_it` MW of IT in total
/// are delivered (cumulative).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RampStep {
    /// Months after the first delivery at which this step's total is reached (0 = at the first delivery).
    pub month: u32,
    /// Cumulative IT MW delivered from `month` on.
    pub mw_it: f64,
}

/// A third party guaranteeing the tenant's obligations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backstop {
    /// Who guarantees (e.g. a hyperscaler parent).
    pub guarantor: String,
    /// Amount guaranteed, USD (a capped guarantee); `None` when `full_base_term` is set.
    pub amount_usd: Option<f64>,
    /// The whole base-term rent is guaranteed (no cap): Hut 8's River Bend lease.
    #[serde(default)]
    pub full_base_term: bool,
}

/// Everything a lease needs; [`HostingLease::new`] checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaseTerms {
    /// Contracted critical-IT capacity when fully delivered.
    pub mw_it: MwIt,
    /// Gross / IT ratio of the site.
    pub pue: Pue,
    /// The rent, as a first-year rate or a total contract value.
    pub rent: Rent,
    /// Base term of each tranche, months (≥ 1).
    pub term_months: u32,
    /// Annual rent escalator (0.03 = 3% a year), applied on each tranche's anniversaries.
    pub escalator_per_year: f64,
    /// Delivery ramp; empty means all MW delivered at once.
    pub ramp: Vec<RampStep>,
    /// Months from signing to the first delivery, earning nothing.
    pub build_months: u32,
    /// Calendar month of signing (for labelling only; cash flows are in months from signing).
    pub start: Option<Month>,
    /// Landlord build cost per MW of IT, USD (before tenant funding).
    pub landlord_capex_usd_per_mw_it: f64,
    /// Build cost paid by the tenant, USD (reduces the landlord's outlay).
    pub tenant_funded_capex_usd: f64,
    /// Net operating income as a share of rent, in [0, 1].
    pub noi_margin: f64,
    /// Who pays for grid power.
    pub pass_through: PowerPassThrough,
    /// Grid power price, USD/kWh (used only when the landlord pays power).
    pub power_usd_per_kwh: f64,
    /// A guarantee of the tenant's rent, collected on default up to its amount; `None` = unguaranteed.
    pub backstop: Option<Backstop>,
    /// Annual probability that the tenant defaults, in [0, 0.99] (`bounds::DEFAULT_HAZARD_PER_YEAR`).
    pub default_hazard_per_year: f64,
    /// Extension months exercised after each tranche's base term (0 = none), at the escalated rent.
    pub extension_months: u32,
    /// Empty months after a default once the backstop stops paying ([`LeaseCredit`]).
    pub vacancy_months: u32,
    /// A new tenant's rent after the vacancy, as a share of the scheduled rent ([`LeaseCredit`]).
    pub relet_share: f64,
}

impl LeaseTerms {
    /// A plain lease: all MW at once, no build time, no escalator, no capex, NOI 100%, NNN, no default risk
    /// (and, should a hazard be set, the default vacancy and re-let share).
    pub fn simple(mw_it: MwIt, pue: Pue, rent: Rent, term_months: u32) -> LeaseTerms {
        LeaseTerms {
            mw_it,
            pue,
            rent,
            term_months,
            escalator_per_year: 0.0,
            ramp: Vec::new(),
            build_months: 0,
            start: None,
            landlord_capex_usd_per_mw_it: 0.0,
            tenant_funded_capex_usd: 0.0,
            noi_margin: 1.0,
            pass_through: PowerPassThrough::Nnn,
            power_usd_per_kwh: 0.0,
            backstop: None,
            default_hazard_per_year: 0.0,
            extension_months: 0,
            vacancy_months: DEFAULT_VACANCY_MONTHS,
            relet_share: DEFAULT_RELET_SHARE,
        }
    }
}

/// A lease's month seen from the landlord, USD.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LeaseMonth {
    /// Rent collected: from the tenant while it is there, then from the backstop until its cap is used up,
    /// then from a new tenant after the vacancy (see [`LeaseCredit`]).
    pub rent_collected_usd: f64,
    /// Operating cost: the share of collected rent above the NOI margin.
    pub opex_usd: f64,
    /// Grid power the landlord pays (full service only), while a tenant is there to draw it.
    pub power_cost_usd: f64,
}

/// One month of a lease: `collected` the rent collected in the month (from [`LeaseCredit::collected`] or
/// [`LeaseCredit::expected`]), `occupied` the share of the month a tenant (the first, or a new one after
/// re-letting) is there, and `landlord_power_usd` the power bill of a fully occupied month when the landlord
/// pays power (0 otherwise).
#[inline]
pub fn lease_month(collected: Collected, noi_margin: f64, landlord_power_usd: f64) -> LeaseMonth {
    LeaseMonth {
        rent_collected_usd: collected.rent_usd,
        opex_usd: collected.rent_usd * (1.0 - noi_margin),
        power_cost_usd: collected.occupied * landlord_power_usd,
    }
}

/// A checked lease.
#[derive(Debug, Clone, PartialEq)]
pub struct HostingLease {
    terms: LeaseTerms,
    /// (months after the first delivery, kW of IT) per tranche.
    tranches: Vec<(u32, f64)>,
    /// First-year rent per kW-month.
    base_usd_per_kw_month: f64,
}

/// Escalation factor of service month `s` (1-based) of a tranche.
fn escalation(escalator: f64, s: u32) -> f64 {
    (1.0 + escalator).powi(((s - 1) / 12) as i32)
}

impl HostingLease {
    /// Checks the terms (term ≥ 1 month, ranges of rates, margins and the hazard, ramp within the contracted MW)
    /// and resolves the rent into a first-year USD per kW-month and the ramp into tranches.
    pub fn new(terms: LeaseTerms) -> Result<HostingLease> {
        if terms.term_months == 0 {
            return Err(Error::invalid(
                "term_months",
                0,
                "a lease term of at least 1 month",
            ));
        }
        if terms.term_months > 1_200 {
            return Err(Error::invalid(
                "term_months",
                terms.term_months,
                "at most 1200 months",
            ));
        }
        if terms.mw_it.mw() <= 0.0 {
            return Err(Error::invalid(
                "mw_it",
                terms.mw_it.mw(),
                "a positive critical-IT MW to lease",
            ));
        }
        bounds::ESCALATOR.check_as("escalator_per_year", terms.escalator_per_year)?;
        bounds::SITE_CAPEX_USD_PER_MW.check_as(
            "landlord_capex_usd_per_mw_it",
            terms.landlord_capex_usd_per_mw_it,
        )?;
        bounds::USD_AMOUNT.check_as("tenant_funded_capex_usd", terms.tenant_funded_capex_usd)?;
        bounds::NOI_MARGIN.check(terms.noi_margin)?;
        bounds::POWER_USD_PER_KWH.check(terms.power_usd_per_kwh)?;
        bounds::DEFAULT_HAZARD_PER_YEAR
            .check_as("default_hazard_per_year", terms.default_hazard_per_year)?;
        bounds::RELET_SHARE.check(terms.relet_share)?;
        bounds::VACANCY_MONTHS.check_whole_as("vacancy_months", u64::from(terms.vacancy_months))?;
        bounds::BUILD_MONTHS.check_whole_as("build_months", u64::from(terms.build_months))?;
        if let Some(b) = &terms.backstop
            && let Some(a) = b.amount_usd
        {
            bounds::USD_AMOUNT.check_as("backstop amount_usd", a)?;
        }
        let total_kw = terms.mw_it.kw();
        let mut tranches = Vec::new();
        if terms.ramp.is_empty() {
            tranches.push((0, total_kw));
        } else {
            let mut prev_mw = 0.0;
            let mut prev_month = None;
            for (i, step) in terms.ramp.iter().enumerate() {
                if prev_month.is_some_and(|m| step.month <= m) {
                    return Err(Error::invalid(
                        format!("ramp[{i}].month"),
                        step.month,
                        "months in increasing order",
                    ));
                }
                if !(step.mw_it.is_finite() && step.mw_it > prev_mw) {
                    return Err(Error::invalid(
                        format!("ramp[{i}].mw_it"),
                        step.mw_it,
                        format!("a cumulative MW IT above the previous step ({prev_mw})"),
                    ));
                }
                tranches.push((step.month, (step.mw_it - prev_mw) * 1_000.0));
                prev_mw = step.mw_it;
                prev_month = Some(step.month);
            }
            if (prev_mw - terms.mw_it.mw()).abs() > 1e-9 * terms.mw_it.mw().max(1.0) {
                return Err(Error::invalid(
                    "ramp",
                    format!("a last step of {prev_mw} MW"),
                    format!("the ramp to end at the lease's {} MW IT", terms.mw_it.mw()),
                ));
            }
        }
        // kW-months of the base term weighted by escalation: Σ tranches kW × Σ_s escalation(s).
        let esc_sum: f64 = (1..=terms.term_months)
            .map(|s| escalation(terms.escalator_per_year, s))
            .sum();
        let base_usd_per_kw_month = match terms.rent {
            Rent::UsdPerKwMonth(r) => bounds::RENT_USD_PER_KW_MONTH.check(r)?,
            Rent::ContractValueUsd(v) => {
                bounds::USD_AMOUNT.check_as("contract_value_usd", v)? / (total_kw * esc_sum)
            }
        };
        Ok(HostingLease {
            terms,
            tranches,
            base_usd_per_kw_month,
        })
    }

    /// The terms the lease was built from.
    pub fn terms(&self) -> &LeaseTerms {
        &self.terms
    }

    /// First-year rent per kW-month of IT.
    pub fn base_usd_per_kw_month(&self) -> f64 {
        self.base_usd_per_kw_month
    }

    /// Total scheduled rent over the base term of every tranche, USD.
    pub fn contract_value_usd(&self) -> f64 {
        match self.terms.rent {
            Rent::ContractValueUsd(v) => v,
            Rent::UsdPerKwMonth(_) => {
                let esc_sum: f64 = (1..=self.terms.term_months)
                    .map(|s| escalation(self.terms.escalator_per_year, s))
                    .sum();
                self.base_usd_per_kw_month * self.terms.mw_it.kw() * esc_sum
            }
        }
    }

    /// The headline rent: contract value / term months / IT kW (before escalators and ramps).
    pub fn implied_usd_per_kw_month(&self) -> f64 {
        self.contract_value_usd() / self.terms.term_months as f64 / self.terms.mw_it.kw()
    }

    /// Revenue per kWh of IT load at full load: implied $/kW-month / 730 h.
    pub fn revenue_usd_per_it_kwh(&self) -> f64 {
        self.implied_usd_per_kw_month() / HOURS_PER_MONTH
    }

    /// Revenue per kWh drawn from the grid at full load: revenue per IT kWh / PUE.
    pub fn revenue_usd_per_grid_kwh(&self) -> f64 {
        self.revenue_usd_per_it_kwh() / self.terms.pue.value()
    }

    /// Months from signing to the end of the last tranche's term (and extension).
    pub fn horizon_months(&self) -> usize {
        let last = self.tranches.iter().map(|t| t.0).max().unwrap_or(0);
        (self.terms.build_months + last + self.terms.term_months + self.terms.extension_months)
            as usize
    }

    /// Contracted rent by month from signing (index 0 = signing, always 0): the tenant's obligation, before
    /// margins, default or backstop.
    pub fn rent_flows(&self) -> Vec<f64> {
        let mut flows = vec![0.0; self.horizon_months() + 1];
        let months = self.terms.term_months + self.terms.extension_months;
        for &(offset, kw) in &self.tranches {
            let first = (self.terms.build_months + offset) as usize;
            for s in 1..=months {
                flows[first + s as usize] +=
                    self.base_usd_per_kw_month * kw * escalation(self.terms.escalator_per_year, s);
            }
        }
        flows
    }

    /// Total scheduled rent over the base term only (extension months excluded), USD.
    pub fn base_term_rent_usd(&self) -> f64 {
        let rate = self.base_usd_per_kw_month * self.terms.mw_it.kw();
        (1..=self.terms.term_months)
            .map(|s| rate * escalation(self.terms.escalator_per_year, s))
            .sum()
    }

    /// The backstop's cap, USD: the guaranteed amount, or the whole base-term rent when `full_base_term`
    /// (or no amount) is given; 0 without a backstop.
    pub fn backstop_cap_usd(&self) -> f64 {
        match &self.terms.backstop {
            None => 0.0,
            Some(Backstop {
                amount_usd: Some(a),
                full_base_term: false,
                ..
            }) => *a,
            Some(_) => self.base_term_rent_usd(),
        }
    }

    /// The lease's credit terms: the tenant's hazard, vacancy, re-let share and backstop cap.
    pub fn credit(&self) -> LeaseCredit {
        LeaseCredit {
            hazard_per_year: self.terms.default_hazard_per_year,
            vacancy_months: self.terms.vacancy_months,
            relet_share: self.terms.relet_share,
            backstop_cap_usd: self.backstop_cap_usd(),
        }
    }

    /// The landlord's expected unlevered cash flows: capex (net of tenant funding) spread over the build months
    /// (at signing if there are none), then each month's [`lease_month`] on the rent the month collects in
    /// expectation over the tenant's default month ([`LeaseCredit::expected`]: the tenant with its survival
    /// probability S(m) = (1 − h)^(m/12), after a default the backstop up to its cap, then a vacancy, then a
    /// new tenant at the re-let share), times the NOI margin, less grid power when the landlord pays it for
    /// the share of the month a tenant is there — the rule the company engine applies month by month.
    pub fn landlord_flows(&self) -> Vec<f64> {
        let rent = self.rent_flows();
        let cum = cumulative_rent(&rent);
        let credit = self.credit();
        let mut flows = vec![0.0; rent.len()];
        let capex = (self.terms.landlord_capex_usd_per_mw_it * self.terms.mw_it.mw()
            - self.terms.tenant_funded_capex_usd)
            .max(0.0);
        let b = self.terms.build_months as usize;
        if b == 0 {
            flows[0] -= capex;
        } else {
            for f in flows.iter_mut().skip(1).take(b) {
                *f -= capex / b as f64;
            }
        }
        let power_per_kw_month = if self.terms.pass_through.landlord_pays_power() {
            self.terms.power_usd_per_kwh * self.terms.pue.value() * HOURS_PER_MONTH
        } else {
            0.0
        };
        for (m, r) in rent.iter().enumerate().skip(1) {
            if *r == 0.0 {
                continue;
            }
            // kW delivered this month, for the power bill.
            let power = power_per_kw_month * self.live_kw(m);
            let c = credit.expected(&rent, &cum, m, 0);
            let lm = lease_month(c, self.terms.noi_margin, power);
            flows[m] += lm.rent_collected_usd - lm.opex_usd - lm.power_cost_usd;
        }
        flows
    }

    /// kW of IT whose term (and extension) has ended by month `m` (1-based from signing): the space that
    /// may be renewed.
    pub fn ended_kw(&self, m: usize) -> f64 {
        let months = (self.terms.term_months + self.terms.extension_months) as usize;
        self.tranches
            .iter()
            .filter(|(offset, _)| m > (self.terms.build_months + offset) as usize + months)
            .map(|t| t.1)
            .sum()
    }

    /// kW of IT paying rent in month `m` (1-based from signing).
    fn live_kw(&self, m: usize) -> f64 {
        let months = (self.terms.term_months + self.terms.extension_months) as usize;
        self.tranches
            .iter()
            .filter(|(offset, _)| {
                let first = (self.terms.build_months + offset) as usize;
                m > first && m <= first + months
            })
            .map(|t| t.1)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finance::{irr, npv};

    fn mw(v: f64) -> MwIt {
        MwIt::new(v).unwrap()
    }
    fn pue(v: f64) -> Pue {
        Pue::new(v).unwrap()
    }
    /// A lease on `LeaseTerms::simple` terms: `mw_it` MW of IT at `pue`, `rent`, `term_months` months.
    fn simple_lease(
        mw_it: f64,
        pue_ratio: f64,
        rent: Rent,
        term_months: u32,
    ) -> Result<HostingLease> {
        HostingLease::new(LeaseTerms::simple(
            mw(mw_it),
            pue(pue_ratio),
            rent,
            term_months,
        ))
    }
    /// Ramp steps from `(month, cumulative mw_it)` pairs.
    fn ramp(steps: &[(u32, f64)]) -> Vec<RampStep> {
        steps
            .iter()
            .map(|&(month, mw_it)| RampStep { month, mw_it })
            .collect()
    }

    #[test]
    fn cipher_headline_rent() {
        // Cipher–Fluidstack: 168 MW IT, ~$3B, 10 years → 3e9 / 120 / 168,000 = $148.81/kW-month.
        let l = simple_lease(168.0, 244.0 / 168.0, Rent::ContractValueUsd(3e9), 120).unwrap();
        assert!((l.implied_usd_per_kw_month() - 148.809_523_8).abs() < 1e-6);
        assert!((l.revenue_usd_per_it_kwh() - 148.809_523_8 / 730.0).abs() < 1e-9);
        assert!(
            (l.revenue_usd_per_grid_kwh() - 148.809_523_8 / 730.0 * 168.0 / 244.0).abs() < 1e-9
        );
        let flows = l.rent_flows();
        assert_eq!(flows.len(), 121);
        assert_eq!(flows[0], 0.0);
        assert!((flows.iter().sum::<f64>() - 3e9).abs() < 1e-3);
    }

    #[test]
    fn escalator_keeps_the_contract_value_and_raises_later_rent() {
        let mut t = LeaseTerms::simple(mw(100.0), pue(1.3), Rent::ContractValueUsd(1.2e9), 120);
        t.escalator_per_year = 0.03;
        let l = HostingLease::new(t).unwrap();
        let f = l.rent_flows();
        assert!((f.iter().sum::<f64>() - 1.2e9).abs() < 1e-2);
        // Month 13 is 3% above month 12; the headline is still V / T / kW = $100.
        assert!((f[13] / f[12] - 1.03).abs() < 1e-12);
        assert!((l.implied_usd_per_kw_month() - 100.0).abs() < 1e-9);
        // Base rent solves V = base × kW × 12 × Σ 1.03^y.
        let annuity: f64 = (0..10).map(|y| 12.0 * 1.03f64.powi(y)).sum();
        assert!((l.base_usd_per_kw_month() - 1.2e9 / (100_000.0 * annuity)).abs() < 1e-9);
        // Escalator of 0 gives level rent.
        let l0 = simple_lease(100.0, 1.3, Rent::ContractValueUsd(1.2e9), 120).unwrap();
        assert!(l0.rent_flows()[1..].iter().all(|r| (r - 1e7).abs() < 1e-6));
    }

    #[test]
    fn rent_rate_gives_value() {
        let l = simple_lease(10.0, 1.3, Rent::UsdPerKwMonth(150.0), 12).unwrap();
        assert!((l.contract_value_usd() - 150.0 * 10_000.0 * 12.0).abs() < 1e-6);
        assert!((l.implied_usd_per_kw_month() - 150.0).abs() < 1e-12);
    }

    #[test]
    fn zero_term_and_bad_ramps_are_clear_errors() {
        let e = simple_lease(10.0, 1.3, Rent::UsdPerKwMonth(150.0), 0)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "invalid term_months: found 0, expected a lease term of at least 1 month"
        );
        let mut t = LeaseTerms::simple(mw(10.0), pue(1.3), Rent::UsdPerKwMonth(150.0), 12);
        t.ramp = ramp(&[(0, 4.0), (6, 8.0)]);
        assert!(
            HostingLease::new(t)
                .unwrap_err()
                .to_string()
                .contains("the ramp to end at the lease's 10 MW IT")
        );
    }

    #[test]
    fn ramp_longer_than_the_term_gives_each_tranche_its_full_term() {
        // 12-month term, second tranche delivered 30 months after the first: both still pay 12 months.
        let mut t = LeaseTerms::simple(mw(10.0), pue(1.3), Rent::ContractValueUsd(2.4e6), 12);
        t.ramp = ramp(&[(0, 4.0), (30, 10.0)]);
        t.build_months = 3;
        let l = HostingLease::new(t).unwrap();
        let f = l.rent_flows();
        assert_eq!(f.len(), 3 + 30 + 12 + 1);
        assert!((f.iter().sum::<f64>() - 2.4e6).abs() < 1e-6);
        // $20/kW-month: 4,000 kW from month 4 to 15, 6,000 kW from month 34 to 45.
        assert_eq!(f[3], 0.0);
        assert!((f[4] - 80_000.0).abs() < 1e-6);
        assert_eq!(f[16], 0.0);
        assert!((f[34] - 120_000.0).abs() < 1e-6);
        assert!((l.implied_usd_per_kw_month() - 20.0).abs() < 1e-12);
    }

    #[test]
    fn landlord_irr_and_expected_loss() {
        // $10M/MW, 12 build months, NOI 85% of $150/kW-month for 10 years.
        let mut t = LeaseTerms::simple(mw(1.0), pue(1.3), Rent::UsdPerKwMonth(150.0), 120);
        t.landlord_capex_usd_per_mw_it = 10e6;
        t.build_months = 12;
        t.noi_margin = 0.85;
        let l = HostingLease::new(t.clone()).unwrap();
        let f = l.landlord_flows();
        assert!((f[1] + 10e6 / 12.0).abs() < 1e-6);
        assert!((f[13] - 150_000.0 * 0.85).abs() < 1e-6);
        let r = irr(&f, crate::finance::RootRule::Lowest).unwrap();
        assert!(npv(r, &f).unwrap().abs() < 1e-3);
        // 127,500 × 120 = 15.3M on 10M: a low positive IRR.
        assert!(r > 0.05 && r < 0.09, "{r}");
        // Default risk lowers value; a full backstop restores it.
        t.default_hazard_per_year = 0.05;
        let risky = HostingLease::new(t.clone()).unwrap();
        let rf = risky.landlord_flows();
        let s = 0.95f64.powf(13.0 / 12.0);
        assert!((rf[13] - 127_500.0 * s).abs() < 1e-6);
        t.backstop = Some(Backstop {
            guarantor: "Google".into(),
            amount_usd: None,
            full_base_term: true,
        });
        let backed = HostingLease::new(t).unwrap();
        assert!((backed.landlord_flows()[13] - 127_500.0).abs() < 1e-6);
    }

    #[test]
    fn full_service_landlord_pays_power() {
        let mut t = LeaseTerms::simple(mw(1.0), pue(1.5), Rent::UsdPerKwMonth(150.0), 12);
        t.pass_through = PowerPassThrough::FullService;
        t.power_usd_per_kwh = 0.05;
        let l = HostingLease::new(t.clone()).unwrap();
        // 1,000 kW × 1.5 × 730 h × $0.05 = $54,750 a month out of $150,000 rent.
        assert!((l.landlord_flows()[1] - (150_000.0 - 54_750.0)).abs() < 1e-6);
        // With default risk and a full backstop: the rent is collected whatever happens, but a tenant that
        // has left draws no power, so the landlord pays power only with the survival probability.
        t.default_hazard_per_year = 0.1;
        t.backstop = Some(Backstop {
            guarantor: "g".into(),
            amount_usd: None,
            full_base_term: true,
        });
        let l = HostingLease::new(t).unwrap();
        let s = 0.9f64.powf(6.0 / 12.0);
        assert!((l.landlord_flows()[6] - (150_000.0 - 54_750.0 * s)).abs() < 1e-6);
        let m = lease_month(
            Collected {
                rent_usd: 70.0,
                occupied: 0.5,
            },
            0.8,
            30.0,
        );
        assert_eq!(m.rent_collected_usd, 70.0);
        assert!((m.opex_usd - 14.0).abs() < 1e-12);
        assert_eq!(m.power_cost_usd, 15.0);
    }
}
