//! The company roll-up of a month: site rows summed, overhead, accrual revenue, depreciation by asset class, tax
//! with losses carried forward (levered, and unlevered for the tax shield), loans repaid at the horizon, the
//! terminal value and the equity flow; the flows of each class of cash flow, valued each at its own rate
//! (adjusted present value); and the yearly figures a path leaves behind.
//!
//! The classes ([`NpvByClass`]): each site's own month splits into merchant mining and power sales, each
//! conversion's month into contracted (a lease; a GPU-cloud contract's revenue) and GPU cloud; the company adds
//! the corporate flows (overhead and the tax the company would pay unlevered), the terminal value, each loan's
//! flows and its share of the interest tax shield (unlevered tax − tax paid), both at the loan's effective rate.
//! The operating and corporate flows plus the debt flows and the tax shield are the equity flow, month by month,
//! so the classes' present values add up to the NPV.

use crate::finance::accrual::straight_line_recognition;
use crate::finance::depreciation::{ByClass, ClassCapex};
use crate::finance::loan::{Loan, effective_annual_rate};
use crate::finance::npv_each;
use crate::finance::tax::YearlyTax;
use crate::risk::OlsSums;
use crate::scenario::{ConversionUse, Scenario, TerminalValue};
use serde::Serialize;

/// The classes of cash flow of [`NpvByClass`], in its order.
pub const NPV_CLASSES: [&str; 8] = [
    "mining",
    "power_sales",
    "contracted",
    "gpu_cloud",
    "corporate",
    "terminal_value",
    "debt",
    "tax_shield",
];

/// The present value of each class of cash flow of a path, USD at the valuation date, each at its own rate
/// ([`crate::scenario::DiscountRates`]; the debt and its tax shield at each loan's effective rate). They add up
/// to the path's NPV.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct NpvByClass {
    /// Merchant mining (BTC mined, hosted miners, demand response, their power and opex, fleet replacements).
    pub mining_usd: f64,
    /// Power resold at the hub less the contracted power not mined.
    pub power_sales_usd: f64,
    /// Leases (rent after default and backstop, NOI costs, landlord power, build) and a GPU-cloud contract's
    /// revenue.
    pub contracted_usd: f64,
    /// GPU cloud outside a contract's revenue: market GPU-hours, power, opex, GPUs, build.
    pub gpu_cloud_usd: f64,
    /// Corporate overhead and the tax the company would pay without debt.
    pub corporate_usd: f64,
    /// The terminal value at the horizon.
    pub terminal_value_usd: f64,
    /// The loans' draws, interest and principal (the balance repaid at the horizon): zero for a loan at par.
    pub debt_usd: f64,
    /// The interest tax shield: the tax the debt's interest saves.
    pub tax_shield_usd: f64,
}

impl NpvByClass {
    /// The values in [`NPV_CLASSES`] order.
    pub fn to_array(&self) -> [f64; 8] {
        [
            self.mining_usd,
            self.power_sales_usd,
            self.contracted_usd,
            self.gpu_cloud_usd,
            self.corporate_usd,
            self.terminal_value_usd,
            self.debt_usd,
            self.tax_shield_usd,
        ]
    }

    /// From values in [`NPV_CLASSES`] order.
    pub fn from_array(v: [f64; 8]) -> NpvByClass {
        NpvByClass {
            mining_usd: v[0],
            power_sales_usd: v[1],
            contracted_usd: v[2],
            gpu_cloud_usd: v[3],
            corporate_usd: v[4],
            terminal_value_usd: v[5],
            debt_usd: v[6],
            tax_shield_usd: v[7],
        }
    }

    /// The NPV: the sum of the classes.
    pub fn total(&self) -> f64 {
        self.to_array().iter().sum()
    }
}

/// Index of the operating classes in [`MonthRecord`]'s class cash: mining, power sales, contracted, GPU cloud.
const MINING: usize = 0;
const POWER_SALES: usize = 1;
const CONTRACTED: usize = 2;
const GPU_CLOUD: usize = 3;

/// A row's running totals, taken before a site's or a conversion's month is added, to book the difference to
/// its class.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CashMark {
    net_usd: f64,
    capex_usd: f64,
    gpu_cloud_usd: f64,
    power_sales_usd: f64,
    power_resold_cost_usd: f64,
}

/// The revenue segments of [`PathSummary::revenue_usd_by_year`] and the JSON revenue mix, in that order.
pub const MIX_SEGMENTS: [&str; 4] = ["self_mining", "hosting_lease", "gpu_cloud", "power_sales"];

/// What one path leaves behind (everything else is dropped, so memory stays bounded as paths grow).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathSummary {
    /// Path index (0 for the base case); path i draws from the generator (seed, i).
    pub path: u64,
    /// NPV to equity, USD at the valuation date: the adjusted present value, the sum of
    /// [`PathSummary::npv_by_class_usd`] (each class of cash flow at its own rate, the debt and its tax shield at
    /// the debt's rate; see [`crate::finance::npv_each`]).
    pub npv_usd: f64,
    /// The NPV by class of cash flow; the classes add up to `npv_usd`.
    pub npv_by_class_usd: NpvByClass,
    /// NPV without the terminal value.
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
    /// Company EBITDA of each simulated year on the cash basis (year 1 = months 0..=12, including the valuation
    /// date: a prepayment at signing counts in year 1), USD.
    pub ebitda_usd_by_year: Vec<f64>,
    /// Company EBITDA of each simulated year on the accrual basis (a prepayment recognised over its contract), USD.
    pub ebitda_accrual_usd_by_year: Vec<f64>,
    /// Per year: self_mining, hosting (leases and hosted miners), gpu_cloud, power_sales.
    pub revenue_usd_by_year: Vec<[f64; 4]>,
    /// Regression sums of monthly EBITDA change on the month's BTC log return over the whole horizon (BTC-beta).
    #[serde(skip)]
    pub beta: OlsSums,
    /// The same regression sums within each simulated year.
    #[serde(skip)]
    pub beta_by_year: Vec<OlsSums>,
    /// Mean BTC price of each simulated year's months (months 1..=12 make year 1), USD per BTC (the report's fan).
    #[serde(skip)]
    pub btc_usd_by_year: Vec<f64>,
    /// Mean hashprice of each simulated year's months, USD per PH/s per day (the report's fan).
    #[serde(skip)]
    pub hashprice_usd_per_ph_day_by_year: Vec<f64>,
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
    /// Net operating cash of each class in the month (mining, power sales, contracted, GPU cloud): revenue −
    /// power − opex − capex, USD. Not written to the CSV.
    #[serde(skip)]
    pub class_cash_usd: [f64; 4],
    /// Capex of a conversion's build (data hall: shell, electrical and cooling), USD in the month.
    #[serde(skip)]
    pub build_capex_usd: f64,
    /// Capex of GPUs, USD in the month.
    #[serde(skip)]
    pub gpu_capex_usd: f64,
    /// Capex of mining machines, USD in the month.
    #[serde(skip)]
    pub asic_capex_usd: f64,
    /// Cost of contracted power not mined (a take-or-pay block's unused part, resold or not), USD in the month.
    #[serde(skip)]
    pub power_resold_cost_usd: f64,
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
        for (a, b) in self.class_cash_usd.iter_mut().zip(o.class_cash_usd) {
            *a += b;
        }
        self.build_capex_usd += o.build_capex_usd;
        self.gpu_capex_usd += o.gpu_capex_usd;
        self.asic_capex_usd += o.asic_capex_usd;
        self.power_resold_cost_usd += o.power_resold_cost_usd;
    }

    /// Revenue − power − opex − capex of the row so far, USD.
    fn net_cash_usd(&self) -> f64 {
        self.revenue() - self.power_cost_usd - self.opex_usd - self.capex_usd
    }

    /// The running totals before a site's or a conversion's month is added.
    pub(crate) fn mark(&self) -> CashMark {
        CashMark {
            net_usd: self.net_cash_usd(),
            capex_usd: self.capex_usd,
            gpu_cloud_usd: self.gpu_cloud_usd,
            power_sales_usd: self.power_sales_usd,
            power_resold_cost_usd: self.power_resold_cost_usd,
        }
    }

    /// Books what a conversion added since `since` to its class: a lease's month is contracted; a GPU cloud's
    /// revenue is contracted while its contract fixes it (month `j` from the build start), the rest GPU cloud.
    /// `build_capex_usd` of the month's capex is the build, the rest (a GPU cloud's) GPUs.
    pub(crate) fn book_conversion(
        &mut self,
        use_: &ConversionUse,
        j: usize,
        build_capex_usd: f64,
        since: CashMark,
    ) {
        let net = self.net_cash_usd() - since.net_usd;
        let capex = self.capex_usd - since.capex_usd;
        self.build_capex_usd += build_capex_usd;
        match use_ {
            ConversionUse::Lease { .. } => self.class_cash_usd[CONTRACTED] += net,
            ConversionUse::GpuCloud(g) => {
                self.gpu_capex_usd += capex - build_capex_usd;
                let contracted = g.contract_revenue_usd.as_ref().is_some_and(|v| j < v.len());
                let revenue = if contracted {
                    self.gpu_cloud_usd - since.gpu_cloud_usd
                } else {
                    0.0
                };
                self.class_cash_usd[CONTRACTED] += revenue;
                self.class_cash_usd[GPU_CLOUD] += net - revenue;
            }
        }
    }

    /// Books what a site's own month added since `since`: power sales (resale less the contracted power not
    /// mined), the rest mining; the month's capex is mining machines.
    pub(crate) fn book_site(&mut self, since: CashMark) {
        let net = self.net_cash_usd() - since.net_usd;
        let power_sales = (self.power_sales_usd - since.power_sales_usd)
            - (self.power_resold_cost_usd - since.power_resold_cost_usd);
        self.class_cash_usd[POWER_SALES] += power_sales;
        self.class_cash_usd[MINING] += net - power_sales;
        self.asic_capex_usd += self.capex_usd - since.capex_usd;
    }

    /// Books the sale of the mining machines a conversion displaces (month 0 of its build): negative capex of
    /// the ASIC class, cash of the mining class.
    pub(crate) fn book_asic_sale(&mut self, proceeds_usd: f64) {
        self.capex_usd -= proceeds_usd;
        self.asic_capex_usd -= proceeds_usd;
        self.class_cash_usd[MINING] += proceeds_usd;
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
    /// Equity flow plus terminal value by month (for the IRR).
    pub(crate) flows: Vec<f64>,
    /// Flows of the operating classes (mining, power sales, contracted, GPU cloud) and the corporate class.
    class_flows: [Vec<f64>; 5],
    /// Each loan's flows (draws − interest − principal) and its share of the tax shield, by month.
    debt_flows: Vec<Vec<f64>>,
    shield_flows: Vec<Vec<f64>>,
    /// Interest paid on each loan so far (the tax shield is shared in these proportions).
    interest_to_date: Vec<f64>,
    /// Accrual revenue less cash revenue of each month (GPU-cloud contracts' prepayments recognised over the term).
    accrual_adjustment: Vec<f64>,
    pub(crate) ebitda_by_year: Vec<f64>,
    pub(crate) ebitda_accrual_by_year: Vec<f64>,
    pub(crate) revenue_by_year: Vec<[f64; 4]>,
    capex_by_year: Vec<f64>,
    tax: YearlyTax,
    unlevered_tax: YearlyTax,
    depreciation: ByClass,
    building_share: f64,
    pub(crate) terminal_value: f64,
    pub(crate) btc_mined: f64,
    pub(crate) beta: OlsSums,
    pub(crate) beta_by_year: Vec<OlsSums>,
    /// Per year: the sums of the months' BTC price and hashprice, and the number of months (m ≥ 1).
    market_by_year: Vec<[f64; 3]>,
    prev_ebitda: Option<f64>,
}

/// Accrual revenue less cash revenue of each month 0..=M: each GPU-cloud contract's cash recognised
/// straight-line over its service months ([`straight_line_recognition`]).
fn accrual_adjustment(sc: &Scenario) -> Vec<f64> {
    let months = sc.months();
    let mut adj = vec![0.0; months + 1];
    for cv in sc.conversions() {
        if let ConversionUse::GpuCloud(g) = cv.use_()
            && let Some(cash) = &g.contract_revenue_usd
        {
            let recognised = straight_line_recognition(cash);
            for (j, (r, c)) in recognised.iter().zip(cash).enumerate() {
                if let Some(a) = adj.get_mut(cv.start_offset_months() + j) {
                    *a += r - c;
                }
            }
        }
    }
    adj
}

impl Rollup {
    /// Each year's mean BTC price and mean hashprice over its simulated months (m ≥ 1).
    pub(crate) fn market_means_by_year(&self) -> (Vec<f64>, Vec<f64>) {
        let mean = |k: usize| {
            self.market_by_year
                .iter()
                .map(|s| if s[2] > 0.0 { s[k] / s[2] } else { 0.0 })
                .collect()
        };
        (mean(0), mean(1))
    }

    pub(crate) fn new(sc: &Scenario) -> Rollup {
        let months = sc.months();
        let years = months.div_ceil(12);
        let c = sc.company();
        let loans = sc.loans().len();
        Rollup {
            months,
            flows: vec![0.0; months + 1],
            class_flows: std::array::from_fn(|_| vec![0.0; months + 1]),
            debt_flows: vec![vec![0.0; months + 1]; loans],
            shield_flows: vec![vec![0.0; months + 1]; loans],
            interest_to_date: vec![0.0; loans],
            accrual_adjustment: accrual_adjustment(sc),
            ebitda_by_year: vec![0.0; years],
            ebitda_accrual_by_year: vec![0.0; years],
            revenue_by_year: vec![[0.0; 4]; years],
            capex_by_year: vec![0.0; years],
            tax: YearlyTax::new(sc.tax_rate(), years, c.loss_offset_limit()),
            unlevered_tax: YearlyTax::new(sc.tax_rate(), years, c.loss_offset_limit()),
            depreciation: ByClass::new(c.depreciation_lives(), c.bonus_depreciation(), months),
            building_share: c.building_share_of_build_capex(),
            terminal_value: 0.0,
            btc_mined: 0.0,
            beta: OlsSums::default(),
            beta_by_year: vec![OlsSums::default(); years],
            market_by_year: vec![[0.0; 3]; years],
            prev_ebitda: None,
        }
    }

    /// Closes month `m` of the company row (sites already added, `uptime_mw` = Σ uptime × mining MW):
    /// overhead, accrual revenue, depreciation, tax (levered and unlevered), the yearly figures, BTC-beta
    /// (`btc_log_return` of the month), at the horizon the loans repaid and the terminal value, the equity flow
    /// and the flows of each class. `loans` have booked the month (see [`Loan::this_month`]).
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
        let overhead = if m >= 1 {
            sc.overhead_usd_per_year() / 12.0
        } else {
            0.0
        };
        company.opex_usd += overhead;
        if company.mining_mw_gross > 0.0 {
            company.uptime = uptime_mw / company.mining_mw_gross;
        }
        company.ebitda_usd = company.revenue() - company.power_cost_usd - company.opex_usd;
        let ebitda_accrual = company.ebitda_usd + self.accrual_adjustment[m];
        let b = self.building_share;
        let capex: ClassCapex = [
            company.asic_capex_usd,
            company.gpu_capex_usd,
            (1.0 - b) * company.build_capex_usd,
            b * company.build_capex_usd,
        ];
        let depreciation = self.depreciation.month(m, &capex);
        // Yearly figures (month 0 counts in year 1).
        self.ebitda_by_year[y] += company.ebitda_usd;
        self.ebitda_accrual_by_year[y] += ebitda_accrual;
        self.revenue_by_year[y][0] += company.self_mining_usd;
        self.revenue_by_year[y][1] += company.hosting_lease_usd + company.hosting_miners_usd;
        self.revenue_by_year[y][2] += company.gpu_cloud_usd;
        self.revenue_by_year[y][3] += company.power_sales_usd;
        self.capex_by_year[y] += company.capex_usd;
        let year_end = m >= 1 && (m.is_multiple_of(12) || m == self.months);
        // Tax on the accrual basis; unlevered, the same without the interest deduction.
        company.tax_usd = self
            .tax
            .month(y, ebitda_accrual - interest_usd - depreciation, year_end);
        let unlevered_tax = self
            .unlevered_tax
            .month(y, ebitda_accrual - depreciation, year_end);
        if m >= 1 {
            let market = &mut self.market_by_year[y];
            market[0] += company.btc_price_usd;
            market[1] += company.hashprice_usd_per_ph_day;
            market[2] += 1.0;
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
            let (ebitda, ebitda_accrual, tax, capex) = (
                self.ebitda_by_year[y],
                self.ebitda_accrual_by_year[y],
                self.unlevered_tax.paid_usd(y),
                self.capex_by_year[y],
            );
            let r = sc.discount_rate();
            let ev = match sc.terminal_value() {
                TerminalValue::None => 0.0,
                TerminalValue::ExitMultiple { ebitda_multiple } => ebitda_multiple * ebitda_accrual,
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
        // The classes: operating, corporate, each loan's flows and its share of the tax shield.
        for k in 0..4 {
            self.class_flows[k][m] = company.class_cash_usd[k];
        }
        self.class_flows[4][m] = -overhead - unlevered_tax;
        let shield = unlevered_tax - company.tax_usd;
        for (i, l) in loans.iter().enumerate() {
            let lm = l.this_month();
            self.debt_flows[i][m] = lm.draw_usd - lm.debt_service_usd();
            self.interest_to_date[i] += lm.interest_usd;
        }
        // Shared among the loans by interest paid so far (before any interest the two taxes are equal).
        let total_interest: f64 = self.interest_to_date.iter().sum();
        if total_interest > 0.0 {
            for (i, share) in self.interest_to_date.iter().enumerate() {
                self.shield_flows[i][m] = shield * share / total_interest;
            }
        }
    }

    /// The NPV of each class of cash flow at its rate (see [`NpvByClass`]).
    pub(crate) fn npv_by_class(&self, sc: &Scenario) -> NpvByClass {
        let r = sc.discount_rates();
        let [mining, power, contracted, gpu, corporate] = &self.class_flows;
        let parts = [
            (r.mining, mining.as_slice()),
            (r.power_sales, power.as_slice()),
            (r.contracted, contracted.as_slice()),
            (r.gpu_cloud, gpu.as_slice()),
            (r.corporate, corporate.as_slice()),
        ];
        let v = npv_each(&parts).unwrap_or_else(|_| vec![f64::NAN; parts.len()]);
        let mut debt = 0.0;
        let mut shield = 0.0;
        for (i, loan) in sc.loans().iter().enumerate() {
            let rate = effective_annual_rate(loan.rate());
            let d = npv_each(&[
                (rate, self.debt_flows[i].as_slice()),
                (rate, self.shield_flows[i].as_slice()),
            ])
            .unwrap_or_else(|_| vec![f64::NAN; 2]);
            debt += d[0];
            shield += d[1];
        }
        let terminal =
            self.terminal_value * crate::finance::discount_factor(r.corporate, self.months);
        NpvByClass::from_array([v[0], v[1], v[2], v[3], v[4], terminal, debt, shield])
    }
}
