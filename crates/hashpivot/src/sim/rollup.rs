//! The company roll-up of a month: site rows summed, overhead, straight-line depreciation, tax, loans repaid at
//! the horizon, the terminal value and the equity flow; and the yearly figures a path leaves behind.

use crate::finance::depreciation::StraightLine;
use crate::finance::loan::Loan;
use crate::finance::tax::YearlyTax;
use crate::risk::OlsSums;
use crate::scenario::{Scenario, TerminalValue};
use serde::Serialize;

/// The revenue segments of [`PathSummary::revenue_usd_by_year`] and the JSON revenue mix, in that order.
pub const MIX_SEGMENTS: [&str; 4] = ["self_mining", "hosting_lease", "gpu_cloud", "power_sales"];

/// What one path leaves behind (everything else is dropped, so memory stays bounded as paths grow).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathSummary {
    /// Path index (0 for the base case); path i draws from the generator (seed, i).
    pub path: u64,
    /// NPV of the equity flows plus the terminal value at the scenario's discount rate, USD at the valuation date
    /// (see [`crate::finance::npv`]).
    pub npv_usd: f64,
    /// NPV of the equity flows alone, without the terminal value.
    pub npv_without_terminal_usd: f64,
    /// See [`crate::finance::irr`] with [`crate::finance::RootRule::NearestTo`] the discount rate.
    pub irr: Option<f64>,
    /// BTC mined by the company's own fleets over the horizon.
    pub btc_mined: f64,
    /// Power and variable opex of self-mining, USD.
    pub mining_cost_usd: f64,
    /// BTC price at the end of the last simulated month, USD per BTC.
    pub final_btc_usd: f64,
    /// Equity terminal value at the horizon (undiscounted; 0 with `method = "none"`), USD.
    pub terminal_value_usd: f64,
    /// Company EBITDA of each simulated year (year 1 = months 0..=12, including the valuation date), USD.
    pub ebitda_usd_by_year: Vec<f64>,
    /// Per year: self_mining, hosting (leases and hosted miners), gpu_cloud, power_sales.
    pub revenue_usd_by_year: Vec<[f64; 4]>,
    /// Regression sums of monthly EBITDA change on the month's BTC log return over the whole horizon (BTC-beta).
    #[serde(skip)]
    pub beta: OlsSums,
    /// The same regression sums within each simulated year.
    #[serde(skip)]
    pub beta_by_year: Vec<OlsSums>,
}

/// One row of the base case's monthly cash flows (per site, plus a `company` row).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MonthRecord {
    /// Month index: 0 = the valuation date, m ≥ 1 = the end of simulated month m.
    pub month_index: usize,
    /// Calendar month, `YYYY-MM`.
    pub month: String,
    /// Site name, or `company` for the company row.
    pub site: String,
    /// BTC price in the month, USD per BTC.
    pub btc_price_usd: f64,
    /// Network hashrate in the month, EH/s.
    pub network_eh_s: f64,
    /// Hashprice (subsidy + fees per unit hashrate), USD per PH/s per day.
    pub hashprice_usd_per_ph_day: f64,
    /// Grid MW available to self-mining in the month (gross, after hosting and conversions).
    pub mining_mw_gross: f64,
    /// Share of the month's hours the mining ran (company row: weighted by each site's mining MW).
    pub uptime: f64,
    /// BTC mined by the site's own fleet in the month.
    pub btc_mined: f64,
    /// Revenue of self-mining (BTC mined × BTC price), USD in the month.
    pub self_mining_usd: f64,
    /// Revenue of hosting third-party miners, USD in the month.
    pub hosting_miners_usd: f64,
    /// Rent collected from HPC hosting leases (after tenant default and backstop), USD in the month.
    pub hosting_lease_usd: f64,
    /// Revenue of GPU clouds the company operates, USD in the month.
    pub gpu_cloud_usd: f64,
    /// Revenue of contracted power resold to the market instead of mined, USD in the month.
    pub power_sales_usd: f64,
    /// Demand-response credits (standby payments), USD in the month.
    pub dr_credits_usd: f64,
    /// Cost of power drawn at the site's contract, USD in the month.
    pub power_cost_usd: f64,
    /// Operating costs (variable opex per MWh mined, fixed site opex, conversion opex; company overhead on the
    /// company row), USD in the month.
    pub opex_usd: f64,
    /// Revenue − power cost − opex, USD in the month.
    pub ebitda_usd: f64,
    /// Capital spent in the month (conversion builds, GPUs, fleet replacement), USD.
    pub capex_usd: f64,
    /// Loan proceeds drawn in the month (company row), USD.
    pub loan_draws_usd: f64,
    /// Interest and principal; in the last month also the repayment of every balance still outstanding.
    pub debt_service_usd: f64,
    /// Income tax paid in the month (company row; the year settles in its last month), USD.
    pub tax_usd: f64,
    /// Cash to equity in the month: EBITDA − capex + loan draws − debt service − tax (company row), USD.
    pub equity_flow_usd: f64,
    /// Equity terminal value, in the last month only (not in `equity_flow_usd`; NPV and IRR discount equity
    /// flow + terminal value): on a site row, the residual sale values of its leases (a conversion's
    /// `residual`); on the company row, the company's terminal value plus those.
    pub terminal_value_usd: f64,
}

impl MonthRecord {
    pub(super) fn add(&mut self, o: &MonthRecord) {
        self.btc_mined += o.btc_mined;
        self.mining_mw_gross += o.mining_mw_gross;
        self.self_mining_usd += o.self_mining_usd;
        self.hosting_miners_usd += o.hosting_miners_usd;
        self.hosting_lease_usd += o.hosting_lease_usd;
        self.gpu_cloud_usd += o.gpu_cloud_usd;
        self.power_sales_usd += o.power_sales_usd;
        self.dr_credits_usd += o.dr_credits_usd;
        self.power_cost_usd += o.power_cost_usd;
        self.opex_usd += o.opex_usd;
        self.capex_usd += o.capex_usd;
        self.terminal_value_usd += o.terminal_value_usd;
    }
    /// Revenue of the row in the month: every revenue line (mining, hosting, leases, GPU cloud, power sales,
    /// demand-response credits), USD.
    #[inline]
    pub fn revenue(&self) -> f64 {
        self.self_mining_usd
            + self.hosting_miners_usd
            + self.hosting_lease_usd
            + self.gpu_cloud_usd
            + self.power_sales_usd
            + self.dr_credits_usd
    }
}

/// The company's running totals along a path.
pub(crate) struct Rollup {
    months: usize,
    pub(crate) flows: Vec<f64>,
    pub(crate) ebitda_by_year: Vec<f64>,
    pub(crate) revenue_by_year: Vec<[f64; 4]>,
    capex_by_year: Vec<f64>,
    tax: YearlyTax,
    depreciation: StraightLine,
    pub(crate) terminal_value: f64,
    pub(crate) btc_mined: f64,
    pub(crate) beta: OlsSums,
    pub(crate) beta_by_year: Vec<OlsSums>,
    prev_ebitda: Option<f64>,
}

impl Rollup {
    pub(crate) fn new(sc: &Scenario) -> Rollup {
        let months = sc.months();
        let years = months.div_ceil(12);
        Rollup {
            months,
            flows: vec![0.0; months + 1],
            ebitda_by_year: vec![0.0; years],
            revenue_by_year: vec![[0.0; 4]; years],
            capex_by_year: vec![0.0; years],
            tax: YearlyTax::new(sc.tax_rate(), years),
            depreciation: StraightLine::new(sc.depreciation_years() as usize * 12, months),
            terminal_value: 0.0,
            btc_mined: 0.0,
            beta: OlsSums::default(),
            beta_by_year: vec![OlsSums::default(); years],
            prev_ebitda: None,
        }
    }

    /// Closes month `m` of the company row (sites already added, `uptime_mw` = Σ uptime × mining MW):
    /// overhead, depreciation, tax, the yearly figures, BTC-beta (`btc_log_return` of the month), at the
    /// horizon the loans repaid and the terminal value, and the equity flow.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn close_month(
        &mut self,
        sc: &Scenario,
        m: usize,
        company: &mut MonthRecord,
        uptime_mw: f64,
        interest_usd: f64,
        btc_log_return: f64,
        loans: &mut [Loan],
    ) {
        let y = m.saturating_sub(1) / 12;
        if m >= 1 {
            company.opex_usd += sc.overhead_usd_per_year() / 12.0;
        }
        if company.mining_mw_gross > 0.0 {
            company.uptime = uptime_mw / company.mining_mw_gross;
        }
        company.ebitda_usd = company.revenue() - company.power_cost_usd - company.opex_usd;
        let depreciation = self.depreciation.month(m, company.capex_usd);
        // Yearly figures (month 0 counts in year 1).
        self.ebitda_by_year[y] += company.ebitda_usd;
        self.revenue_by_year[y][0] += company.self_mining_usd;
        self.revenue_by_year[y][1] += company.hosting_lease_usd + company.hosting_miners_usd;
        self.revenue_by_year[y][2] += company.gpu_cloud_usd;
        self.revenue_by_year[y][3] += company.power_sales_usd;
        self.capex_by_year[y] += company.capex_usd;
        let year_end = m >= 1 && (m.is_multiple_of(12) || m == self.months);
        company.tax_usd = self.tax.month(
            y,
            company.ebitda_usd - interest_usd - depreciation,
            year_end,
        );
        if m >= 1 {
            self.btc_mined += company.btc_mined;
            if let Some(prev) = self.prev_ebitda {
                self.beta.add(btc_log_return, company.ebitda_usd - prev);
                self.beta_by_year[y].add(btc_log_return, company.ebitda_usd - prev);
            }
            self.prev_ebitda = Some(company.ebitda_usd);
        }
        if m == self.months {
            // Debt outstanding at the horizon is repaid in month M, whatever the terminal value method.
            let debt: f64 = loans.iter().map(Loan::balance_usd).sum();
            company.debt_service_usd += debt;
            for l in loans.iter_mut() {
                l.repay_usd();
            }
            let (ebitda, tax, capex) = (
                self.ebitda_by_year[y],
                self.tax.paid_usd(y),
                self.capex_by_year[y],
            );
            let r = sc.discount_rate();
            let ev = match sc.terminal_value() {
                TerminalValue::None => 0.0,
                TerminalValue::ExitMultiple { ebitda_multiple } => ebitda_multiple * ebitda,
                TerminalValue::GordonGrowth { growth_per_year: g } => {
                    (ebitda - tax - capex) * (1.0 + g) / (r - g)
                }
            };
            // A business worth less than nothing at the horizon is closed instead (value 0); the leases'
            // residual sale values (summed from the site rows) are added.
            self.terminal_value = ev.max(0.0) + company.terminal_value_usd;
            company.terminal_value_usd = self.terminal_value;
        }
        company.equity_flow_usd = company.ebitda_usd - company.capex_usd + company.loan_draws_usd
            - company.debt_service_usd
            - company.tax_usd;
        self.flows[m] = company.equity_flow_usd + company.terminal_value_usd;
    }
}
