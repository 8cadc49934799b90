//! One path of monthly cash flows: the network, each site's mining (dispatched against its power prices),
//! hosting, demand response, conversions (lease or GPU cloud), loans, overhead and tax.
//!
//! Timing follows [`crate::finance`]: index 0 is the valuation date, index m ≥ 1 the end of month m.
//! Power prices come from the [`Prepared`] price book (the bundled ERCOT real-time data).

use super::month_curve::MonthPrices;
use super::prepared::Prepared;
use crate::market::{default_hazard, fees, hashrate};
use crate::network::{BLOCKS_PER_HALVING, btc_per_th_day, subsidy_btc};
use crate::power::{Contract, Settlement};
use crate::risk::OlsSums;
use crate::scenario::{ConversionUse, HashrateModel, TerminalValue};
use serde::Serialize;

/// The random inputs of one path (or the base case).
#[derive(Debug, Clone)]
pub struct PathDraws {
    /// BTC log return of month m at index m − 1.
    pub btc_log_returns: Vec<f64>,
    /// Standardized BTC shock of month m (index m − 1), for the correlated hashrate shock.
    pub btc_shocks: Vec<f64>,
    pub hashrate_own: Vec<f64>,
    pub fee_z: Vec<f64>,
    pub gpu_z: Vec<f64>,
    /// Bootstrap year slot of each simulated year; `None` = average over every year (base case).
    pub power_year: Option<Vec<usize>>,
    /// Default month of each conversion's tenant (months from the build start); `None` entries never default.
    pub default_month: Vec<Option<usize>>,
    /// The base case: every volatility at zero (hashrate, fees and the GPU price index use σ = 0, so their
    /// drift is not cut by σ²/2), expected tenant survival instead of `default_month`, power averaged over the
    /// bootstrap years. A path with every volatility at zero in the scenario equals it.
    pub base_case: bool,
}

/// Revenue segments summed in the JSON revenue mix.
pub const MIX_SEGMENTS: [&str; 4] = ["self_mining", "hosting_lease", "gpu_cloud", "power_sales"];

/// What one path leaves behind (everything else is dropped, so memory stays bounded as paths grow).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathSummary {
    pub path: u64,
    pub npv_usd: f64,
    /// NPV of the equity flows alone, without the terminal value.
    pub npv_without_terminal_usd: f64,
    /// See [`super::irr::investment_irr`].
    pub irr: Option<f64>,
    pub btc_mined: f64,
    /// Power and variable opex of self-mining, USD.
    pub mining_cost_usd: f64,
    pub final_btc_usd: f64,
    /// Equity terminal value at the horizon (undiscounted; 0 with `method = "none"`), USD.
    pub terminal_value_usd: f64,
    pub ebitda_usd_by_year: Vec<f64>,
    /// Per year: self_mining, hosting (leases and hosted miners), gpu_cloud, power_sales.
    pub revenue_usd_by_year: Vec<[f64; 4]>,
    #[serde(skip)]
    pub beta: OlsSums,
    #[serde(skip)]
    pub beta_by_year: Vec<OlsSums>,
}

/// One row of the base case's monthly cash flows (per site, plus a `company` row).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MonthRecord {
    pub month_index: usize,
    pub month: String,
    pub site: String,
    pub btc_price_usd: f64,
    pub network_eh_s: f64,
    pub hashprice_usd_per_ph_day: f64,
    pub mining_mw_gross: f64,
    /// Share of the month's hours the mining ran (company row: weighted by each site's mining MW).
    pub uptime: f64,
    pub btc_mined: f64,
    pub self_mining_usd: f64,
    pub hosting_miners_usd: f64,
    pub hosting_lease_usd: f64,
    pub gpu_cloud_usd: f64,
    pub power_sales_usd: f64,
    pub dr_credits_usd: f64,
    pub power_cost_usd: f64,
    pub opex_usd: f64,
    pub ebitda_usd: f64,
    pub capex_usd: f64,
    pub loan_draws_usd: f64,
    /// Interest and principal; in the last month also the repayment of every balance still outstanding.
    pub debt_service_usd: f64,
    pub tax_usd: f64,
    pub equity_flow_usd: f64,
    /// Equity terminal value, on the company row of the last month only (not in `equity_flow_usd`; NPV and
    /// IRR discount equity flow + terminal value).
    pub terminal_value_usd: f64,
}

impl MonthRecord {
    fn add(&mut self, o: &MonthRecord) {
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
    }
    fn revenue(&self) -> f64 {
        self.self_mining_usd
            + self.hosting_miners_usd
            + self.hosting_lease_usd
            + self.gpu_cloud_usd
            + self.power_sales_usd
            + self.dr_credits_usd
    }
}

/// Average block subsidy over the blocks [h, h + n).
fn mean_subsidy_btc(h: u64, n: u64) -> f64 {
    let mut total = 0.0;
    let mut at = h;
    let end = h + n;
    while at < end {
        let era_end = (at / BLOCKS_PER_HALVING + 1) * BLOCKS_PER_HALVING;
        let upto = era_end.min(end);
        total += subsidy_btc(at) * (upto - at) as f64;
        at = upto;
    }
    total / n.max(1) as f64
}

struct LoanState {
    balance: f64,
    /// Level monthly payment, fixed at the first month after the build.
    payment: Option<f64>,
}

/// Energy and money of a site's mining in a month.
struct MiningMonth {
    mwh: f64,
    /// What the contract costs this month (for take-or-pay: the whole block, used or not).
    power_cost: f64,
    /// Contracted power resold at the hub price.
    power_sales: f64,
    /// The power the mining itself drew, at its contract price (the power cost of the BTC mined).
    mined_power_cost: f64,
}

fn mining_month(
    terms: Contract,
    prices: &MonthPrices<'_>,
    hp_mwh: f64,
    opex: f64,
    mw: f64,
) -> MiningMonth {
    let hours = prices.hours() as f64;
    match terms {
        Contract::Index { adder_usd_per_mwh } => {
            let (k, s) = prices.below(hp_mwh - adder_usd_per_mwh - opex);
            let power_cost = mw * (s + adder_usd_per_mwh * k as f64);
            MiningMonth {
                mwh: mw * k as f64,
                power_cost,
                power_sales: 0.0,
                mined_power_cost: power_cost,
            }
        }
        Contract::Fixed {
            price_usd_per_mwh,
            settlement: Settlement::PayAsConsumed,
        } => {
            let run = hp_mwh > price_usd_per_mwh + opex;
            let mwh = if run { mw * hours } else { 0.0 };
            MiningMonth {
                mwh,
                power_cost: mwh * price_usd_per_mwh,
                power_sales: 0.0,
                mined_power_cost: mwh * price_usd_per_mwh,
            }
        }
        Contract::Fixed {
            price_usd_per_mwh,
            settlement: Settlement::TakeOrPay { sell_back: false },
        } => {
            let mwh = if hp_mwh > opex { mw * hours } else { 0.0 };
            MiningMonth {
                mwh,
                power_cost: mw * hours * price_usd_per_mwh,
                power_sales: 0.0,
                mined_power_cost: mwh * price_usd_per_mwh,
            }
        }
        Contract::Fixed {
            price_usd_per_mwh,
            settlement: Settlement::TakeOrPay { sell_back: true },
        } => {
            let (k, s) = prices.below(hp_mwh - opex);
            MiningMonth {
                mwh: mw * k as f64,
                power_cost: mw * hours * price_usd_per_mwh,
                power_sales: mw * (prices.total_usd_per_mw() - s),
                mined_power_cost: mw * k as f64 * price_usd_per_mwh,
            }
        }
    }
}

/// Price per MWh of a load that runs every hour.
fn firm_price(terms: Contract, prices: &MonthPrices<'_>) -> f64 {
    match terms {
        Contract::Index { adder_usd_per_mwh } => prices.mean_usd_per_mwh() + adder_usd_per_mwh,
        Contract::Fixed {
            price_usd_per_mwh, ..
        } => price_usd_per_mwh,
    }
}

/// A site's fleet as it is now: replacements change its hashrate and efficiency.
struct FleetState {
    th_s: f64,
    j_per_th: f64,
    /// Month the machines were installed (1 = the original fleet, in service from month 1).
    since: usize,
}

/// The rule for a due replacement: would a new fleet (at the replacement J/TH, undegraded) have earned more
/// than the power it would have drawn, at the contract price, plus variable opex over the last 12 months
/// (months m − 12 … m − 1 of this path, dispatched as the fleet is)? Returned per MW of the new fleet, USD.
#[allow(clippy::too_many_arguments)]
fn trailing_margin_per_mw(
    p: &Prepared<'_>,
    d: &PathDraws,
    si: usize,
    m: usize,
    hashprice_hist: &[f64],
    j_per_th: f64,
    pool_fee: f64,
) -> f64 {
    let site = &p.scenario.sites()[si];
    let mut margin = 0.0;
    for k in m.saturating_sub(12).max(1)..m {
        let slots: Vec<usize> = match &d.power_year {
            Some(v) => vec![v[(k - 1) / 12]],
            None => (0..p.years.len().max(1)).collect(),
        };
        let w = 1.0 / slots.len() as f64;
        let hp_mwh = crate::mining::hashprice_usd_per_mwh(hashprice_hist[k], pool_fee, j_per_th);
        for slot in slots {
            let prices = p.prices(si, k, slot);
            let mm = mining_month(site.power(), &prices, hp_mwh, site.opex_usd_per_mwh(), 1.0);
            margin +=
                w * (hp_mwh * mm.mwh - mm.mined_power_cost - mm.mwh * site.opex_usd_per_mwh());
        }
    }
    margin
}

/// Simulates one path. With `record`, also returns the monthly rows (per site and company).
///
/// Year 1 of the yearly figures (EBITDA, revenue mix, capex, tax) includes month 0, the valuation date: a
/// payment at signing (e.g. a customer prepayment) counts in year 1 on a cash basis.
pub fn simulate(
    p: &Prepared<'_>,
    d: &PathDraws,
    path: u64,
    record: bool,
) -> (PathSummary, Vec<MonthRecord>) {
    let sc = p.scenario;
    let mk = sc.market();
    let months = sc.months();
    let years = months.div_ceil(12);
    // The base case has every volatility at zero.
    let vol = |s: f64| if d.base_case { 0.0 } else { s };
    let mut flows = vec![0.0; months + 1];
    let mut ebitda_by_year = vec![0.0; years];
    let mut revenue_by_year = vec![[0.0; 4]; years];
    let mut taxable_by_year = vec![0.0; years];
    let mut tax_by_year = vec![0.0; years];
    let mut capex_by_year = vec![0.0; years];
    let mut terminal_value = 0.0;
    let dep_months = sc.depreciation_years() as usize * 12;
    let mut dep_rate = 0.0;
    let mut dep_expiry = vec![0.0; months + dep_months + 2];
    let mut loans: Vec<LoanState> = sc
        .loans()
        .iter()
        .map(|_| LoanState {
            balance: 0.0,
            payment: None,
        })
        .collect();
    let mut fleets: Vec<Option<FleetState>> = sc
        .sites()
        .iter()
        .map(|s| {
            s.fleet().map(|f| FleetState {
                th_s: f.th_s(),
                j_per_th: f.j_per_th(),
                since: 1,
            })
        })
        .collect();
    let mut records = Vec::new();
    let mut btc_mined = 0.0;
    let mut mining_cost = 0.0;
    let mut beta = OlsSums::default();
    let mut beta_by_year = vec![OlsSums::default(); years];
    let mut prev_ebitda: Option<f64> = None;

    let mut price = mk.btc_initial_usd();
    let mut network_eh_s = mk.hashrate_initial_eh_s();
    let mut gpu_index = 1.0;
    // Supply response needs the marginal fleet's past margins; replacements need past hashprices.
    let mut margin_history: Vec<f64> = Vec::with_capacity(months + 1);
    let mut hashprice_hist = vec![0.0; months + 1];
    let year_slots: Vec<usize> = match &d.power_year {
        Some(_) => vec![0],
        None => (0..p.years.len().max(1)).collect(),
    };

    for m in 0..=months {
        let cal = p.calendar[m];
        let y = m.saturating_sub(1) / 12;
        let mut company = MonthRecord {
            month_index: m,
            month: cal.to_string(),
            site: "company".into(),
            ..Default::default()
        };
        let mut hashprice = 0.0;
        let mut btc_per_ph_day = 0.0;
        let mut interest_month = 0.0;
        let mut uptime_mw = 0.0;
        if m >= 1 {
            // Market state of the month.
            let r = d.btc_log_returns[m - 1];
            price *= r.exp();
            let shock = hashrate::correlated(
                mk.btc_hashrate_correlation(),
                d.btc_shocks[m - 1],
                d.hashrate_own[m - 1],
            );
            let g = match mk.hashrate() {
                HashrateModel::Exogenous {
                    growth_per_year,
                    volatility_per_year,
                } => hashrate::log_growth(*growth_per_year, vol(*volatility_per_year), shock),
                HashrateModel::SupplyResponse {
                    base_growth_per_year,
                    elasticity_per_year,
                    lag_months,
                    volatility_per_year,
                    ..
                } => {
                    let lag = *lag_months as usize;
                    let lm = if margin_history.len() > lag {
                        margin_history[margin_history.len() - 1 - lag]
                    } else {
                        margin_history.first().copied().unwrap_or(0.0)
                    };
                    hashrate::log_growth(
                        hashrate::supply_growth(*base_growth_per_year, *elasticity_per_year, lm),
                        vol(*volatility_per_year),
                        shock,
                    )
                }
            };
            network_eh_s *= g.exp();
            let fee = fees::fees_btc_per_block(
                mk.fees_mean_btc_per_block(),
                vol(mk.fees_volatility()),
                d.fee_z[m - 1],
            );
            let days = cal.num_days() as u64;
            let height = mk.height_initial() + 144 * p.days_from_start[m].max(0) as u64;
            let subsidy = mean_subsidy_btc(height, 144 * days);
            let difficulty = network_eh_s * 1e18 * crate::network::TARGET_BLOCK_SECONDS
                / crate::network::HASHES_PER_DIFFICULTY;
            btc_per_ph_day = 1_000.0 * btc_per_th_day(difficulty, subsidy + fee);
            hashprice = btc_per_ph_day * price;
            hashprice_hist[m] = hashprice;
            gpu_index *= crate::market::hashrate::log_growth(
                (1.0 - mk.gpu_decline_per_year()).ln(),
                vol(mk.gpu_volatility_per_year()),
                d.gpu_z[m - 1],
            )
            .exp();
            if let HashrateModel::SupplyResponse {
                marginal_j_per_th,
                marginal_power_usd_per_mwh,
                ..
            } = mk.hashrate()
            {
                margin_history.push(hashrate::log_margin_ratio(
                    hashprice,
                    *marginal_j_per_th,
                    *marginal_power_usd_per_mwh,
                ));
            }
            company.btc_price_usd = price;
            company.network_eh_s = network_eh_s;
            company.hashprice_usd_per_ph_day = hashprice;
        }

        for (si, site) in sc.sites().iter().enumerate() {
            let mut rec = MonthRecord {
                month_index: m,
                month: cal.to_string(),
                site: site.name().to_string(),
                ..Default::default()
            };
            let slots: Vec<usize> = match &d.power_year {
                Some(v) if m >= 1 => vec![v[y]],
                Some(_) => vec![0],
                None => year_slots.clone(),
            };
            let weight = 1.0 / slots.len() as f64;
            // Conversions of this site: capex, lease, GPU cloud.
            let mut converted_gross = 0.0;
            for (ci, cv) in sc
                .conversions()
                .iter()
                .enumerate()
                .filter(|(_, c)| c.site() == si)
            {
                if m < cv.start_offset_months() {
                    continue;
                }
                let j = m - cv.start_offset_months();
                if j >= 1 {
                    converted_gross += cv.mw_gross();
                }
                let b = cv.build_months() as usize;
                let landlord_capex = if (b == 0 && j == 0) || (b > 0 && j >= 1 && j <= b) {
                    cv.capex_usd() / b.max(1) as f64
                } else {
                    0.0
                };
                let mut capex = landlord_capex;
                let mut first_gpus = 0.0;
                let delivered = j > b;
                for &slot in &slots {
                    let prices = p.prices(si, m.max(1), slot);
                    let hours = prices.hours() as f64;
                    let energy = firm_price(site.power(), &prices);
                    match cv.use_() {
                        ConversionUse::Lease {
                            rent_usd,
                            noi_margin,
                            landlord_pays_power,
                            backstop_recovery,
                            ..
                        } => {
                            let rent = rent_usd.get(j).copied().unwrap_or(0.0);
                            if rent > 0.0 {
                                // Share of the month the tenant is still there (it draws power only then).
                                let occupied = if d.base_case {
                                    default_hazard::survival(mk.default_hazard_per_year(), j)
                                } else {
                                    match d.default_month.get(ci).copied().flatten() {
                                        Some(t) if j >= t => 0.0,
                                        _ => 1.0,
                                    }
                                };
                                let collected_share =
                                    occupied + (1.0 - occupied) * backstop_recovery;
                                let collected = rent * collected_share;
                                rec.hosting_lease_usd += weight * collected;
                                rec.opex_usd += weight * collected * (1.0 - noi_margin);
                                if *landlord_pays_power {
                                    rec.power_cost_usd +=
                                        weight * occupied * cv.mw_gross() * hours * energy;
                                }
                            }
                        }
                        ConversionUse::GpuCloud {
                            contract_revenue_usd,
                            it_kw_per_gpu,
                            usd_per_gpu_hour,
                            utilization,
                            gpu_capex_usd_per_mw_it,
                            gpu_life_years,
                            opex_usd_per_mw_it_year,
                            ..
                        } => {
                            let life = *gpu_life_years as usize * 12;
                            if j == b || (j > b && (j - b).is_multiple_of(life)) {
                                // First GPUs at the stated price; refreshes at that price times the GPU
                                // price index (hardware cheapens as rental prices fall).
                                let c = cv.mw_it()
                                    * gpu_capex_usd_per_mw_it
                                    * if j == b { 1.0 } else { gpu_index };
                                if slot == slots[0] {
                                    capex += c;
                                    if j == b {
                                        first_gpus = c;
                                    }
                                }
                            }
                            let contract = contract_revenue_usd.as_ref().filter(|v| j < v.len());
                            let revenue = match contract {
                                Some(v) => v[j],
                                None if delivered => {
                                    let gpus = cv.mw_it() * 1_000.0 / it_kw_per_gpu;
                                    gpus * hours * usd_per_gpu_hour * gpu_index * utilization
                                }
                                None => 0.0,
                            };
                            rec.gpu_cloud_usd += weight * revenue;
                            if delivered {
                                rec.power_cost_usd += weight * cv.mw_gross() * hours * energy;
                                rec.opex_usd +=
                                    weight * cv.mw_it() * opex_usd_per_mw_it_year / 12.0;
                            }
                        }
                    }
                }
                rec.capex_usd += capex;
                if let Some(li) = sc.loans().iter().position(|l| l.conversion() == ci) {
                    let loan = &sc.loans()[li];
                    let draw = loan.loan_to_cost() * (landlord_capex + first_gpus);
                    let st = &mut loans[li];
                    let i = loan.rate() / 12.0;
                    let interest = st.balance * i;
                    let mut principal = 0.0;
                    if j > b && st.balance > 0.0 {
                        let pay = *st.payment.get_or_insert_with(|| {
                            let n = loan.tenor_years() as f64 * 12.0;
                            if i > 0.0 {
                                st.balance * i / (1.0 - (1.0 + i).powf(-n))
                            } else {
                                st.balance / n
                            }
                        });
                        principal = (pay - interest).min(st.balance).max(0.0);
                    }
                    st.balance += draw - principal;
                    company.loan_draws_usd += draw;
                    company.debt_service_usd += interest + principal;
                    interest_month += interest;
                }
            }
            if m == 0 {
                company.add(&rec);
                if record {
                    records.push(rec);
                }
                continue;
            }
            // Mining.
            let available =
                (site.interconnect_mw_gross() - site.hosting_mw_gross() - converted_gross).max(0.0);
            if let (Some(f), Some(fs)) = (site.fleet(), fleets[si].as_mut()) {
                let mining_mw = f.mw_gross().min(available);
                let scale = if f.mw_gross() > 0.0 {
                    mining_mw / f.mw_gross()
                } else {
                    0.0
                };
                // A replacement falls due `replacement_years` after the machines were installed, and is made
                // only if a new fleet would have covered its power and variable opex over the last 12
                // months; otherwise the old fleet keeps running (and ageing) and the test is repeated 12
                // months later.
                let cycle = f.replacement_years() as usize * 12;
                if cycle > 0 && m >= fs.since + cycle && (m - fs.since - cycle).is_multiple_of(12) {
                    let margin = trailing_margin_per_mw(
                        p,
                        d,
                        si,
                        m,
                        &hashprice_hist,
                        f.replacement_j_per_th(),
                        f.pool_fee(),
                    );
                    if margin > 0.0 {
                        // Same MW, the replacement's efficiency.
                        fs.th_s = f.mw_gross() * 1e6 / f.replacement_j_per_th();
                        fs.j_per_th = f.replacement_j_per_th();
                        fs.since = m;
                        rec.capex_usd += f.replacement_usd_per_th() * fs.th_s * scale;
                    }
                }
                let age = m - fs.since;
                let health = (1.0 - f.degradation_per_year()).powf(age as f64 / 12.0);
                let ph = fs.th_s * scale * health / 1_000.0;
                let j_eff = fs.j_per_th / health;
                let hp_mwh = crate::mining::hashprice_usd_per_mwh(hashprice, f.pool_fee(), j_eff);
                for &slot in &slots {
                    let prices = p.prices(si, m, slot);
                    let hours = prices.hours() as f64;
                    let mm = mining_month(
                        site.power(),
                        &prices,
                        hp_mwh,
                        site.opex_usd_per_mwh(),
                        mining_mw,
                    );
                    let run_hours = if mining_mw > 0.0 {
                        mm.mwh / mining_mw
                    } else {
                        0.0
                    };
                    let btc = ph * btc_per_ph_day * (1.0 - f.pool_fee()) * run_hours / 24.0;
                    rec.btc_mined += weight * btc;
                    rec.self_mining_usd += weight * btc * price;
                    rec.power_cost_usd += weight * mm.power_cost;
                    rec.power_sales_usd += weight * mm.power_sales;
                    rec.opex_usd += weight * mm.mwh * site.opex_usd_per_mwh();
                    mining_cost +=
                        weight * (mm.mined_power_cost + mm.mwh * site.opex_usd_per_mwh());
                    rec.uptime += weight * if hours > 0.0 { run_hours / hours } else { 0.0 };
                    // Standby is paid on MW that is running (only running load can be curtailed).
                    rec.dr_credits_usd += weight
                        * site.dr_mw_gross().min(mining_mw)
                        * run_hours
                        * site.dr_standby_usd_per_mw_hour();
                }
                rec.mining_mw_gross = mining_mw;
                uptime_mw += rec.uptime * mining_mw;
            }
            // Hosted miners and fixed site costs.
            for &slot in &slots {
                let prices = p.prices(si, m, slot);
                let mwh = site.hosting_mw_gross() * prices.hours() as f64 * site.hosting_uptime();
                rec.hosting_miners_usd += weight * mwh * site.hosting_rate_usd_per_mwh();
                rec.power_cost_usd += weight * mwh * firm_price(site.power(), &prices);
            }
            rec.opex_usd += site.fixed_opex_usd_per_year() / 12.0;
            rec.ebitda_usd = rec.revenue() - rec.power_cost_usd - rec.opex_usd;
            rec.btc_price_usd = price;
            rec.hashprice_usd_per_ph_day = hashprice;
            rec.network_eh_s = network_eh_s;
            company.add(&rec);
            if record {
                records.push(rec);
            }
        }
        // Company level: overhead, depreciation, tax, equity flow.
        if m >= 1 {
            company.opex_usd += sc.overhead_usd_per_year() / 12.0;
        }
        if company.mining_mw_gross > 0.0 {
            company.uptime = uptime_mw / company.mining_mw_gross;
        }
        company.ebitda_usd = company.revenue() - company.power_cost_usd - company.opex_usd;
        dep_rate -= dep_expiry[m];
        if company.capex_usd > 0.0 {
            let per = company.capex_usd / dep_months as f64;
            dep_rate += per;
            dep_expiry[m + dep_months] += per;
        }
        // Yearly figures (month 0 counts in year 1).
        ebitda_by_year[y] += company.ebitda_usd;
        revenue_by_year[y][0] += company.self_mining_usd;
        revenue_by_year[y][1] += company.hosting_lease_usd + company.hosting_miners_usd;
        revenue_by_year[y][2] += company.gpu_cloud_usd;
        revenue_by_year[y][3] += company.power_sales_usd;
        capex_by_year[y] += company.capex_usd;
        // Tax, paid monthly: each month pays what the year-to-date taxable income owes less what the year has
        // paid (never negative within the year); the last month of the year settles the year exactly, so a
        // year pays rate × max(0, its EBITDA − interest − depreciation), refunds included.
        taxable_by_year[y] += company.ebitda_usd - interest_month - dep_rate;
        let owed = sc.tax_rate() * taxable_by_year[y].max(0.0);
        let year_end = m >= 1 && (m.is_multiple_of(12) || m == months);
        company.tax_usd = if year_end {
            owed - tax_by_year[y]
        } else {
            (owed - tax_by_year[y]).max(0.0)
        };
        tax_by_year[y] += company.tax_usd;
        if m >= 1 {
            btc_mined += company.btc_mined;
            if let Some(prev) = prev_ebitda {
                let x = d.btc_log_returns[m - 1];
                beta.add(x, company.ebitda_usd - prev);
                beta_by_year[y].add(x, company.ebitda_usd - prev);
            }
            prev_ebitda = Some(company.ebitda_usd);
        }
        if m == months {
            // Debt outstanding at the horizon is repaid in month M, whatever the terminal value method.
            let debt: f64 = loans.iter().map(|l| l.balance).sum();
            company.debt_service_usd += debt;
            for l in &mut loans {
                l.balance = 0.0;
            }
            let (ebitda, tax, capex) = (ebitda_by_year[y], tax_by_year[y], capex_by_year[y]);
            let r = sc.discount_rate();
            let ev = match sc.terminal_value() {
                TerminalValue::None => 0.0,
                TerminalValue::ExitMultiple { ebitda_multiple } => ebitda_multiple * ebitda,
                TerminalValue::GordonGrowth { growth_per_year: g } => {
                    (ebitda - tax - capex) * (1.0 + g) / (r - g)
                }
            };
            // A business worth less than nothing at the horizon is closed instead (value 0).
            terminal_value = ev.max(0.0);
            company.terminal_value_usd = terminal_value;
        }
        company.equity_flow_usd = company.ebitda_usd - company.capex_usd + company.loan_draws_usd
            - company.debt_service_usd
            - company.tax_usd;
        flows[m] = company.equity_flow_usd + company.terminal_value_usd;
        if record {
            records.push(company);
        }
    }
    let npv = crate::finance::npv(sc.discount_rate(), &flows).unwrap_or(f64::NAN);
    let horizon_df = (1.0 + sc.discount_rate()).powf(-(months as f64) / 12.0);
    let irr = super::irr::investment_irr(&flows, sc.discount_rate());
    (
        PathSummary {
            path,
            npv_usd: npv,
            npv_without_terminal_usd: npv - terminal_value * horizon_df,
            irr,
            btc_mined,
            mining_cost_usd: mining_cost,
            final_btc_usd: price,
            terminal_value_usd: terminal_value,
            ebitda_usd_by_year: ebitda_by_year,
            revenue_usd_by_year: revenue_by_year,
            beta,
            beta_by_year,
        },
        records,
    )
}
