//! The checked scenario: what [`super::parse_scenario`] returns and the engine reads.
//!
//! Every type here has private fields, read through getters named as the fields, and constructors that check
//! (ranges from [`crate::bounds`], relations from [`super::rules`]), so a value of these types is valid however
//! it was made: a struct literal cannot skip the checks. Builders (`with_*`) re-check the whole value.

use super::rules::{self, Finding};
use crate::assumption::Assumption;
use crate::bounds::Bound;
use crate::date::{Date, Month};
use crate::error::{Error, Result};
use serde::Serialize;

mod company;
mod conversion;
mod market;
mod plan;
mod site;

pub use company::{Accounting, CONTRACTED_RATE_BASIS, Company, DiscountRates, TerminalValue};
pub use conversion::{
    ConversionPlan, ConversionUse, GpuCloudUse, LeaseSource, LeaseUse, Loan, Residual,
};
pub use market::{
    BtcModel, HashrateModel, MarketModels, MarketSettings, PowerMarketModel, SupplyResponse,
};
pub use plan::{Plan, PlanKind};
pub use site::{AsicCount, Fleet, SitePlan};

/// Checks `value` against `bound`, naming it `field`.
pub(crate) fn within(bound: Bound, field: &str, value: f64) -> Result<f64> {
    bound.check_as(field, value)
}

/// Checks each `(bound, field, value)` in turn, naming the field of the first value out of its bound.
pub(crate) fn within_each(checks: &[(Bound, &str, f64)]) -> Result<()> {
    checks
        .iter()
        .try_for_each(|&(bound, field, value)| within(bound, field, value).map(drop))
}

/// Checks a whole number against `bound`, naming it `field`.
pub(crate) fn within_whole(bound: Bound, field: &str, value: impl Into<u64>) -> Result<u64> {
    bound.check_whole_as(field, value.into())
}

/// A rule's objection as an error.
pub(crate) fn refuse(finding: Option<Finding>) -> Result<()> {
    finding.map_or(Ok(()), |f| Err(f.into_error()))
}

/// A checked company scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    #[serde(flatten)]
    company: Company,
    sites: Vec<SitePlan>,
    conversions: Vec<ConversionPlan>,
    loans: Vec<Loan>,
    market: MarketModels,
}

impl Scenario {
    /// Puts a company's parts together, checking what relates them: each conversion on an existing site and
    /// within its interconnect (all the site's conversions together too), each loan on an existing conversion,
    /// at most one loan per conversion, every conversion starting within the horizon, a hub for every site priced
    /// at one under bootstrapped power.
    pub fn new(
        company: Company,
        sites: Vec<SitePlan>,
        conversions: Vec<ConversionPlan>,
        loans: Vec<Loan>,
        market: MarketModels,
    ) -> Result<Scenario> {
        if sites.is_empty() {
            return Err(Error::invalid("sites", "no sites", "at least one site"));
        }
        // An index or sell-back contract is priced at its hub: under bootstrapped power it needs one.
        if matches!(market.power(), PowerMarketModel::Bootstrap { .. }) {
            for site in &sites {
                if site.power().reads_hub_price() && site.hub().is_none() {
                    return Err(Error::invalid(
                        format!("sites[{}].hub", site.name()),
                        "no hub",
                        "a hub (e.g. \"HB_WEST\"): an index or sell-back contract with bootstrapped power is priced at a hub",
                    ));
                }
            }
        }
        let mut gross_by_site = vec![(0.0, 0.0); sites.len()];
        for cv in &conversions {
            let Some(site) = sites.get(cv.site()) else {
                return Err(Error::invalid(
                    "conversion site",
                    cv.site(),
                    format!("the index of one of the {} sites", sites.len()),
                ));
            };
            if cv.start_offset_months() >= company.months() {
                return Err(Error::invalid(
                    "start_offset_months",
                    cv.start_offset_months(),
                    format!("a month within the horizon of {} months", company.months()),
                ));
            }
            let (it, gross) = &mut gross_by_site[cv.site()];
            *it += cv.mw_it();
            *gross += cv.mw_gross();
            refuse(rules::conversion::it_within_interconnect(
                cv.mw_it(),
                site.interconnect_mw_gross(),
            ))?;
            refuse(rules::conversion::site_total_within_interconnect(
                *it,
                *gross,
                site.interconnect_mw_gross(),
            ))?;
        }
        let mut financed = vec![false; conversions.len()];
        for l in &loans {
            match financed.get_mut(l.conversion()) {
                None => {
                    return Err(Error::invalid(
                        "loan conversion",
                        l.conversion(),
                        format!("the index of one of the {} conversions", conversions.len()),
                    ));
                }
                Some(true) => {
                    return Err(Error::invalid(
                        "loan conversion",
                        conversions[l.conversion()].name(),
                        "one loan per conversion",
                    ));
                }
                Some(f) => *f = true,
            }
        }
        // The hub price's default is stated only when some site's settlement reads a hub price.
        let mut market = market;
        if !sites.iter().any(|s| s.power().reads_hub_price()) {
            market.hub_price_unread();
        }
        Ok(Scenario {
            company,
            sites,
            conversions,
            loans,
            market,
        })
    }

    /// Every number the valuation assumes, with its basis ([`crate::assumption`]): the company's, then each
    /// site's, each conversion's and the market's, in that order. Each element lists its own
    /// (`push_assumptions` beside its type).
    pub fn assumptions(&self) -> Vec<Assumption> {
        let mut out = Vec::new();
        self.company.push_assumptions(&mut out);
        for site in &self.sites {
            site.push_assumptions(&mut out);
        }
        for cv in &self.conversions {
            cv.push_assumptions(&mut out);
        }
        self.market.push_assumptions(&mut out);
        out
    }

    /// Attaches user BTC price paths (parsed from the `csv` model's file by the caller with
    /// [`crate::data::parse_btc_paths_csv`]): at least one path, each of at least [`Scenario::months`] positive
    /// prices. Other price models ignore them.
    pub fn set_btc_paths(&mut self, paths_usd: Vec<Vec<f64>>) -> Result<()> {
        let months = self.months();
        if paths_usd.is_empty() {
            return Err(Error::invalid(
                "btc price paths",
                "none",
                "at least one path",
            ));
        }
        if let Some(i) = paths_usd
            .iter()
            .position(|p| p.len() < months || !p.iter().all(|x| x.is_finite() && *x > 0.0))
        {
            return Err(Error::invalid(
                "btc price paths",
                format!("path {} of {} prices", i + 1, paths_usd[i].len()),
                format!("at least {months} positive prices in USD per path"),
            ));
        }
        self.market.set_btc_paths(paths_usd);
        Ok(())
    }

    /// The company and its conventions.
    pub fn company(&self) -> &Company {
        &self.company
    }
    /// Name printed in reports.
    pub fn name(&self) -> &str {
        self.company.name()
    }
    /// Valuation date (t = 0 of the cash flows).
    pub fn start_date(&self) -> Date {
        self.company.start_date()
    }
    /// Every site's fleet checked against the network at the valuation date ([`crate::mining::share_of_blocks`]):
    /// their share of the blocks, or the error naming both hashrates.
    pub fn fleet_share_of_blocks(&self) -> crate::Result<f64> {
        let fleet_eh_s: f64 = self
            .sites()
            .iter()
            .filter_map(|s| s.fleet())
            .map(|f| f.th_s())
            .sum::<f64>()
            / 1e6;
        let when = format!("on {}", self.start_date());
        crate::mining::share_of_blocks(fleet_eh_s, self.market().hashrate_initial_eh_s(), &when)
    }
    /// Calendar month of month 1.
    pub fn first_month(&self) -> Month {
        self.company.first_month()
    }
    /// Months simulated.
    pub fn months(&self) -> usize {
        self.company.months()
    }
    /// Annual discount rate.
    pub fn discount_rate(&self) -> f64 {
        self.company.discount_rate()
    }
    /// Annual discount rate of each class of cash flow.
    pub fn discount_rates(&self) -> DiscountRates {
        self.company.discount_rates()
    }
    /// Tax rate.
    pub fn tax_rate(&self) -> f64 {
        self.company.tax_rate()
    }
    /// Corporate overhead, USD per year.
    pub fn overhead_usd_per_year(&self) -> f64 {
        self.company.overhead_usd_per_year()
    }
    /// Value at the horizon of the flows after it.
    pub fn terminal_value(&self) -> TerminalValue {
        self.company.terminal_value()
    }
    /// The sites, in file order.
    pub fn sites(&self) -> &[SitePlan] {
        &self.sites
    }
    /// The conversions, in file order.
    pub fn conversions(&self) -> &[ConversionPlan] {
        &self.conversions
    }
    /// The project loans, in file order.
    pub fn loans(&self) -> &[Loan] {
        &self.loans
    }
    /// The market models with their starting state.
    pub fn market(&self) -> &MarketModels {
        &self.market
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::Contract;
    use crate::scenario::rules::testing::{parse, with};

    #[test]
    fn a_company_checks_its_conventions() {
        let d = Date::parse("2025-06-30").unwrap();
        let co = Company::new("c", d, 10, 0.1).unwrap();
        assert_eq!(
            (co.months(), co.first_month().to_string()),
            (120, "2025-07".into())
        );
        assert_eq!(
            Company::new("c", d, 10, 1.5).unwrap_err().to_string(),
            format!(
                "invalid discount_rate: found 1.5, expected {}",
                crate::bounds::DISCOUNT_RATE.expected
            )
        );
        assert!(Company::new("c", d, 31, 0.1).is_err());
        assert!(co.clone().with_tax(0.7, 5).is_err());
        let g = TerminalValue::GordonGrowth {
            growth_per_year: 0.1,
        };
        assert_eq!(
            co.with_terminal_value(g).unwrap_err().to_string(),
            "invalid terminal_value.growth_per_year: found 0.1, expected a growth below the discount rate (0.1): the Gordon value needs r > g"
        );
    }

    /// The checks a library caller cannot skip: bootstrapped power needs years, and a site priced at a hub needs one.
    #[test]
    fn a_model_built_in_code_gets_the_file_checks_that_keep_prices_defined() {
        let sc = parse(&with("")).unwrap();
        let m = sc.market();
        let settings = |power| MarketSettings {
            fees_mean_btc_per_block: m.fees_mean_btc_per_block(),
            fees_volatility: m.fees_volatility(),
            gpu_decline_per_year: m.gpu_decline_per_year(),
            gpu_volatility_per_year: m.gpu_volatility_per_year(),
            power,
            default_hazard_per_year: m.default_hazard_per_year(),
            btc_hashrate_correlation: m.btc_hashrate_correlation(),
            ..MarketSettings::default()
        };
        let empty = PowerMarketModel::bootstrap(Some(&[]), &[], &[]);
        assert!(
            m.clone()
                .with_settings(settings(empty))
                .unwrap_err()
                .to_string()
                .starts_with("invalid market.power.years: found an empty list")
        );
        let bootstrap = m
            .clone()
            .with_settings(settings(PowerMarketModel::bootstrap(
                Some(&[2024]),
                &[],
                &[],
            )))
            .unwrap();
        // The scenario of one site and no conversions or loans, under a market model.
        let one_site = |site: &SitePlan, market: &MarketModels| {
            Scenario::new(
                sc.company().clone(),
                vec![site.clone()],
                Vec::new(),
                Vec::new(),
                market.clone(),
            )
        };
        let hubless = SitePlan::new("s", 10.0, None, None, Contract::index(3.0).unwrap()).unwrap();
        let e = one_site(&hubless, &bootstrap).unwrap_err().to_string();
        assert!(e.starts_with("invalid sites[s].hub: found no hub"), "{e}");
        // With a hub, or at a fixed hub price, the same site is fine.
        let at_hub = SitePlan::new(
            "s",
            10.0,
            None,
            Some("HB_WEST".into()),
            Contract::index(3.0).unwrap(),
        )
        .unwrap();
        assert!(one_site(&at_hub, &bootstrap).is_ok());
        let fixed_hub = m
            .clone()
            .with_settings(settings(PowerMarketModel::Fixed {
                hub_usd_per_mwh: 40.0,
            }))
            .unwrap();
        assert!(one_site(&hubless, &fixed_hub).is_ok());
    }

    #[test]
    fn user_price_paths_cover_the_horizon() {
        let text = with("\n[market]\nbtc_price = { model = \"csv\", file = \"p.csv\" }\n");
        let mut sc = parse(&text).unwrap();
        assert!(sc.set_btc_paths(vec![vec![1.0; 35]]).is_err());
        assert!(
            sc.set_btc_paths(vec![vec![1.0; 36], vec![0.0; 36]])
                .is_err()
        );
        assert!(sc.set_btc_paths(Vec::new()).is_err());
        sc.set_btc_paths(vec![vec![2.0; 36]]).unwrap();
        assert!(matches!(
            sc.market().btc(),
            BtcModel::Csv { paths_usd, .. } if paths_usd == &[vec![2.0; 36]]
        ));
    }
}
