//! Stage two: from the raw file to a checked [`Scenario`], collecting every problem with its path, line and
//! column, the value found and what was expected.

use super::check::Checker;
use super::issue::{Issue, Issues, line_column};
use super::lenient::Parts;
use super::raw::*;
use crate::date::{Date, Month};
use crate::hpc::deals::{DealKind, DealLibrary};
use crate::hpc::lease::{HostingLease, LeaseTerms, PowerPassThrough, RampStep, Rent};
use crate::hpc::{MwIt, Pue};
use crate::mining::AsicLibrary;
use crate::network::{NetworkHistory, hashrate_h_s};
use crate::power::PriceBook;
use serde::Serialize;
use std::collections::BTreeMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What a scenario is checked against: the libraries and the data its defaults come from.
pub struct Context<'a> {
    pub network: &'a NetworkHistory,
    pub asics: &'a AsicLibrary,
    pub deals: &'a DealLibrary,
    /// Hourly hub prices for power bootstrap (real-time market).
    pub power: &'a PriceBook,
}

/// A checked company scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: String,
    /// Valuation date (t = 0 of the cash flows).
    pub start_date: Date,
    /// Calendar month of month 1.
    pub first_month: Month,
    /// Months simulated.
    pub months: usize,
    pub discount_rate: f64,
    pub tax_rate: f64,
    pub depreciation_years: u32,
    pub overhead_usd_per_year: f64,
    /// Value at the horizon of the flows after it.
    pub terminal_value: TerminalValue,
    pub sites: Vec<Site>,
    pub conversions: Vec<Conversion>,
    pub loans: Vec<Loan>,
    pub market: MarketModels,
}

/// A checked terminal value (see [`RawTerminalValue`] for the formulas).
pub type TerminalValue = RawTerminalValue;

impl TerminalValue {
    /// The method in words, for reports.
    pub fn describe(&self) -> String {
        match self {
            TerminalValue::None => {
                "none — cash flows stop at the horizon (debt outstanding repaid there)".into()
            }
            TerminalValue::ExitMultiple { ebitda_multiple } => {
                format!(
                    "exit multiple {ebitda_multiple}× last-year EBITDA (debt outstanding repaid at the horizon)"
                )
            }
            TerminalValue::GordonGrowth { growth_per_year } => format!(
                "Gordon growth at {}%/yr on last-year EBITDA − tax − capex (debt outstanding repaid at the horizon)",
                growth_per_year * 100.0
            ),
        }
    }
}

/// A checked site.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub name: String,
    pub mw_gross: f64,
    pub interconnect_mw_gross: f64,
    pub hub: Option<String>,
    pub power: crate::power::Contract,
    pub fleet: Option<Fleet>,
    pub hosting_mw_gross: f64,
    pub hosting_rate_usd_per_mwh: f64,
    pub hosting_uptime: f64,
    pub dr_mw_gross: f64,
    pub dr_standby_usd_per_mw_hour: f64,
    pub opex_usd_per_mwh: f64,
    pub fixed_opex_usd_per_year: f64,
}

/// A checked fleet (aggregate of its machines).
#[derive(Debug, Clone, Serialize)]
pub struct Fleet {
    pub machines: Vec<AsicCount>,
    pub th_s: f64,
    pub mw_gross: f64,
    pub j_per_th: f64,
    pub pool_fee: f64,
    pub degradation_per_year: f64,
    pub replacement_years: u32,
    pub replacement_usd_per_th: f64,
    /// J/TH of replacement machines.
    pub replacement_j_per_th: f64,
}

/// A count of one library model.
#[derive(Debug, Clone, Serialize)]
pub struct AsicCount {
    pub model: String,
    pub count: u64,
}

/// A checked conversion.
#[derive(Debug, Clone, Serialize)]
pub struct Conversion {
    pub name: String,
    /// Index into [`Scenario::sites`].
    pub site: usize,
    /// Months from the valuation date to the start of the build (0 = the build starts in month 1).
    pub start_offset_months: usize,
    pub mw_it: f64,
    pub pue: f64,
    pub build_months: u32,
    /// Landlord capex net of tenant funding, USD, spread over the build months.
    pub capex_usd: f64,
    pub use_: ConversionUse,
}

impl Conversion {
    /// Gross MW the conversion takes from the site.
    pub fn mw_gross(&self) -> f64 {
        self.mw_it * self.pue
    }
}

/// Where a lease's terms come from.
#[derive(Debug, Clone, Serialize)]
pub enum LeaseSource {
    Deal(String),
    Inline,
}

/// What a conversion becomes.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "use", rename_all = "snake_case")]
pub enum ConversionUse {
    Lease {
        source: LeaseSource,
        /// Contracted rent by month from the build start (index 0 = the build start, always 0).
        rent_usd: Vec<f64>,
        noi_margin: f64,
        landlord_pays_power: bool,
        backstop_recovery: f64,
    },
    GpuCloud {
        /// A contract fixing revenue by month from the build start (a library deal), if any.
        contract_revenue_usd: Option<Vec<f64>>,
        deal: Option<String>,
        it_kw_per_gpu: f64,
        usd_per_gpu_hour: f64,
        utilization: f64,
        gpu_capex_usd_per_mw_it: f64,
        gpu_life_years: u32,
        opex_usd_per_mw_it_year: f64,
    },
}

/// A checked project loan.
#[derive(Debug, Clone, Serialize)]
pub struct Loan {
    /// Index into [`Scenario::conversions`].
    pub conversion: usize,
    pub loan_to_cost: f64,
    pub rate: f64,
    pub tenor_years: u32,
}

/// BTC price model.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum BtcModel {
    Gbm {
        drift_per_year: f64,
        volatility_per_year: f64,
    },
    JumpDiffusion {
        drift_per_year: f64,
        volatility_per_year: f64,
        jumps_per_year: f64,
        jump_mean_log: f64,
        jump_stdev_log: f64,
    },
    Bootstrap {
        block_months: u32,
        /// Bundled monthly log returns sampled.
        #[serde(skip)]
        history_log_returns: Vec<f64>,
    },
    Csv {
        file: String,
        /// Price paths (USD by month); filled by the caller from `file` with [`Scenario::set_btc_paths`].
        #[serde(skip)]
        paths_usd: Vec<Vec<f64>>,
    },
}

/// Network hashrate model.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum HashrateModel {
    Exogenous {
        growth_per_year: f64,
        volatility_per_year: f64,
    },
    SupplyResponse {
        base_growth_per_year: f64,
        elasticity_per_year: f64,
        lag_months: u32,
        marginal_j_per_th: f64,
        marginal_power_usd_per_mwh: f64,
        volatility_per_year: f64,
    },
}

/// Power price model.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum PowerMarketModel {
    Fixed { hub_usd_per_mwh: f64 },
    Bootstrap { years: Vec<i32> },
}

/// The checked market, with its starting state.
#[derive(Debug, Clone, Serialize)]
pub struct MarketModels {
    pub btc: BtcModel,
    pub btc_initial_usd: f64,
    pub hashrate: HashrateModel,
    pub hashrate_initial_eh_s: f64,
    /// Block height on the valuation date.
    pub height_initial: u64,
    pub fees_mean_btc_per_block: f64,
    pub fees_volatility: f64,
    pub gpu_decline_per_year: f64,
    pub gpu_volatility_per_year: f64,
    pub power: PowerMarketModel,
    pub default_hazard_per_year: f64,
    pub btc_hashrate_correlation: f64,
}

impl Scenario {
    /// Attaches user BTC price paths (parsed from the `csv` model's file by the caller).
    pub fn set_btc_paths(&mut self, paths_usd: Vec<Vec<f64>>) {
        if let BtcModel::Csv { paths_usd: p, .. } = &mut self.market.btc {
            *p = paths_usd;
        }
    }
}

/// Parses CSV price paths: one row per path, one USD price per month, no header.
pub fn parse_btc_paths_csv(
    text: &str,
    origin: &str,
    months: usize,
) -> crate::Result<Vec<Vec<f64>>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: std::result::Result<Vec<f64>, _> =
            line.split(',').map(|c| c.trim().parse::<f64>()).collect();
        let row = row
            .ok()
            .filter(|r| r.iter().all(|p| p.is_finite() && *p > 0.0));
        match row {
            Some(r) if r.len() >= months => out.push(r),
            _ => {
                return Err(crate::Error::Parse {
                    origin: origin.into(),
                    line: i as u64 + 1,
                    message: format!(
                        "expected at least {months} positive prices in USD separated by commas (one per month)"
                    ),
                });
            }
        }
    }
    if out.is_empty() {
        return Err(crate::Error::Parse {
            origin: origin.into(),
            line: 1,
            message: "no price paths".into(),
        });
    }
    Ok(out)
}

/// Complete calendar years of a hub in a price book, cut in Central Prevailing Time (ERCOT's clock).
pub fn complete_years(book: &PriceBook, hub: &str) -> Vec<i32> {
    let Some((first, last)) = book.span(hub) else {
        return Vec::new();
    };
    let central = crate::power::central_time::Clock::Central;
    let y0 = central.day_of_hour(first).year();
    let y1 = central.day_of_hour(last).year();
    (y0..=y1)
        .filter(|&y| {
            let (a, b) = central.days_utc_hours(
                Date::from_ymd(y, 1, 1).expect("jan 1"),
                Date::from_ymd(y, 12, 31).expect("dec 31"),
            );
            book.series(hub, a, b, "power").is_ok()
        })
        .collect()
}

struct Collector<'t> {
    text: &'t str,
    doc: &'t Spanned<DeTable<'t>>,
    issues: Vec<Issue>,
}

impl Collector<'_> {
    /// Records a problem at `path` (its span looked up in the document; the nearest enclosing value if the
    /// path is absent).
    fn at(&mut self, path: &str, found: impl ToString, expected: impl Into<String>) {
        let span = span_of(self.doc, path);
        let (line, column) = line_column(self.text, span.start);
        self.issues.push(Issue {
            path: path.to_string(),
            line,
            column,
            found: found.to_string(),
            expected: expected.into(),
        });
    }
}

fn span_of(doc: &Spanned<DeTable<'_>>, path: &str) -> std::ops::Range<usize> {
    let mut span = doc.span();
    let mut cur: Option<&DeValue<'_>>;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    for seg in path.split('.') {
        let (key, idx) = match seg.split_once('[') {
            Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (seg, None),
        };
        let next = match table.and_then(|t| t.get(key)) {
            Some(v) => v,
            None => return span,
        };
        span = next.span();
        cur = Some(next.get_ref());
        if let (Some(i), Some(DeValue::Array(a))) = (idx, cur) {
            match a.get(i) {
                Some(item) => {
                    span = item.span();
                    cur = Some(item.get_ref());
                }
                None => return span,
            }
        }
        table = match cur {
            Some(DeValue::Table(t)) => Some(t),
            _ => None,
        };
    }
    span
}

/// The JSON Schema of the scenario file, as a JSON value.
pub(crate) fn schema_value() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RawScenario)).expect("a schema is JSON")
}

/// Parses and checks a scenario file. `origin` names it in messages. Every problem is reported at once.
pub fn parse_scenario(text: &str, origin: &str, ctx: &Context<'_>) -> Result<Scenario, Issues> {
    let fail = |issues: Vec<Issue>| {
        let mut issues = issues;
        issues.sort_by_key(|i| (i.line, i.column));
        let mut seen = Vec::new();
        issues.retain(|i| {
            let new = !seen.contains(i);
            if new {
                seen.push(i.clone());
            }
            new
        });
        Issues {
            origin: origin.to_string(),
            issues,
        }
    };
    let (doc, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        let issues = syntax
            .iter()
            .map(|e| {
                let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
                Issue {
                    path: "(syntax)".into(),
                    line,
                    column,
                    found: e.message().trim().to_string(),
                    expected: "valid TOML".into(),
                }
            })
            .collect();
        return Err(fail(issues));
    }
    let schema = schema_value();
    let mut checker = Checker::new(&schema, text);
    checker.check_table(&schema, &doc, "");
    let schema_issues = checker.issues;
    // The rules stage runs either way: on the whole file when the schema found nothing, else on the parts of
    // it that are well-formed, so both stages' problems come out in one list.
    let parts = if schema_issues.is_empty() {
        match toml::from_str::<RawScenario>(text) {
            Ok(raw) => Parts::strict(raw),
            Err(e) => {
                let (line, column) = line_column(text, e.span().map_or(0, |s| s.start));
                return Err(fail(vec![Issue {
                    path: "(file)".into(),
                    line,
                    column,
                    found: e.message().trim().to_string(),
                    expected: "a scenario the schema describes".into(),
                }]));
            }
        }
    } else {
        let bad = schema_issues.iter().map(|i| i.path.clone()).collect();
        let tainted = schema_issues
            .iter()
            .filter(|i| !i.found.starts_with("unknown field"))
            .map(|i| i.path.clone())
            .collect();
        Parts::lenient(doc.get_ref(), &bad, &tainted)
    };
    let mut c = Collector {
        text,
        doc: &doc,
        issues: schema_issues,
    };
    let scenario = build(&parts, ctx, &mut c);
    if c.issues.is_empty() {
        Ok(scenario.expect("no issues means a scenario"))
    } else {
        Err(fail(c.issues))
    }
}

fn month_index(m: Month) -> i64 {
    m.year as i64 * 12 + m.month as i64 - 1
}

/// The rules stage on the well-formed parts; the [`Scenario`] when every part is whole and no rule objects.
fn build(parts: &Parts, ctx: &Context<'_>, c: &mut Collector<'_>) -> Option<Scenario> {
    let net = ctx.network;
    let last = net.last_complete_date();
    let ck = &parts.company.key;
    let start_date = match &ck.start_date {
        None => last,
        Some(s) => match Date::parse(s) {
            Ok(d) => Some(d),
            Err(e) => {
                c.at("company.start_date", format!("\"{s}\""), e.expected);
                None
            }
        },
    };
    let day = start_date.and_then(|d| net.row(d).ok().copied());
    let complete = day.filter(|d| {
        d.height.is_some()
            && d.difficulty.is_some()
            && d.price_usd.is_some()
            && d.fees_btc.is_some()
    });
    if start_date.is_some() && complete.is_none() {
        c.at(
            "company.start_date",
            start_date.map(|d| d.to_string()).unwrap_or_default(),
            format!(
                "a date with complete network data (height, difficulty, price, fees), {} to {}",
                net.first_date(),
                last.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
            ),
        );
    }
    let start = start_date.unwrap_or(Date::from_ymd(2025, 1, 1).expect("a date"));
    // Month 1 is the first whole month after the valuation date.
    let first_month = start
        .succ()
        .month()
        .add_months(if start.succ().ymd().2 == 1 { 0 } else { 1 });
    // Unknown when `horizon_years` failed the schema: the horizon rules are then skipped.
    let months = ck.horizon_years.map(|y| y as usize * 12);
    if let (Some(RawTerminalValue::GordonGrowth { growth_per_year }), Some(r)) =
        (ck.terminal_value, ck.discount_rate)
        && growth_per_year >= r
    {
        c.at(
            "company.terminal_value.growth_per_year",
            growth_per_year,
            format!("a growth below the discount rate ({r}): the Gordon value needs r > g"),
        );
    }

    // Sites.
    if parts.sites.as_ref().is_some_and(Vec::is_empty) {
        c.at("sites", "no sites", "at least one [[sites]] table");
    }
    let site_parts = parts.sites.as_deref().unwrap_or(&[]);
    let mut names = BTreeMap::new();
    let hubs: Vec<String> = ctx.power.hubs().map(str::to_string).collect();
    let mut sites = Vec::new();
    for (i, part) in site_parts.iter().enumerate() {
        let p = format!("sites[{i}]");
        if let Some(name) = &part.key.name
            && names.insert(name.clone(), i).is_some()
        {
            c.at(
                &format!("{p}.name"),
                format!("\"{name}\""),
                "a name no other site has",
            );
        }
        let Some(s) = &part.full else {
            continue;
        };
        let interconnect = s.interconnect_mw_gross.unwrap_or(s.mw_gross);
        if interconnect > s.mw_gross {
            c.at(
                &format!("{p}.interconnect_mw_gross"),
                interconnect,
                format!("at most the site's mw_gross ({})", s.mw_gross),
            );
        }
        if let Some(h) = &s.hub
            && !hubs.iter().any(|x| x == h)
        {
            c.at(
                &format!("{p}.hub"),
                format!("\"{h}\""),
                format!("one of {}", hubs.join(", ")),
            );
        }
        let power = match &s.power {
            RawPower::Index { adder_usd_per_mwh } => crate::power::Contract::Index {
                adder_usd_per_mwh: *adder_usd_per_mwh,
            },
            RawPower::Fixed {
                price_usd_per_mwh,
                settlement,
            } => crate::power::Contract::Fixed {
                price_usd_per_mwh: *price_usd_per_mwh,
                settlement: match settlement {
                    RawSettlement::PayAsConsumed => crate::power::Settlement::PayAsConsumed,
                    RawSettlement::TakeOrPay => {
                        crate::power::Settlement::TakeOrPay { sell_back: false }
                    }
                    RawSettlement::TakeOrPaySellBack => {
                        crate::power::Settlement::TakeOrPay { sell_back: true }
                    }
                },
            },
        };
        let needs_hub = matches!(
            power,
            crate::power::Contract::Index { .. }
                | crate::power::Contract::Fixed {
                    settlement: crate::power::Settlement::TakeOrPay { sell_back: true },
                    ..
                }
        ) && matches!(parts.market.power, RawPowerMarket::Bootstrap { .. });
        if needs_hub && s.hub.is_none() {
            c.at(
                &format!("{p}.hub"),
                "no hub",
                "a hub (e.g. \"HB_WEST\"): an index or sell-back contract with bootstrapped power is priced at a hub",
            );
        }
        let fleet = s
            .fleet
            .as_ref()
            .and_then(|f| build_fleet(f, &format!("{p}.fleet"), ctx, c));
        let fleet_mw = fleet.as_ref().map_or(0.0, |f| f.mw_gross);
        let hosting_mw = s.hosting.as_ref().map_or(0.0, |h| h.mw_gross);
        if fleet_mw + hosting_mw > interconnect * (1.0 + 1e-9) {
            c.at(
                &format!("{p}.fleet"),
                format!("a fleet of {fleet_mw:.1} MW and {hosting_mw:.1} MW hosted"),
                format!("at most the site's {interconnect} MW gross (interconnect)"),
            );
        }
        let dr = s.demand_response.as_ref();
        if let Some(d) = dr
            && d.mw_gross > fleet_mw + 1e-9
        {
            c.at(
                &format!("{p}.demand_response.mw_gross"),
                d.mw_gross,
                format!("at most the fleet's {fleet_mw:.1} MW (only mining load can be curtailed)"),
            );
        }
        sites.push(Site {
            name: s.name.clone(),
            mw_gross: s.mw_gross,
            interconnect_mw_gross: interconnect,
            hub: s.hub.clone(),
            power,
            fleet,
            hosting_mw_gross: hosting_mw,
            hosting_rate_usd_per_mwh: s.hosting.as_ref().map_or(0.0, |h| h.rate_usd_per_mwh),
            hosting_uptime: s.hosting.as_ref().map_or(0.0, |h| h.uptime),
            dr_mw_gross: dr.map_or(0.0, |d| d.mw_gross),
            dr_standby_usd_per_mw_hour: dr.map_or(0.0, |d| d.standby_usd_per_mw_hour),
            opex_usd_per_mwh: s.opex_usd_per_mwh,
            fixed_opex_usd_per_year: s.fixed_opex_usd_per_year,
        });
    }

    // Conversions.
    let mut conversions = Vec::new();
    let mut conv_names = BTreeMap::new();
    let mut it_by_site = vec![0.0; site_parts.len()];
    let mut gross_by_site = vec![0.0; site_parts.len()];
    for (i, part) in parts.conversions.iter().enumerate() {
        let p = format!("conversions[{i}]");
        let k = &part.key;
        if let Some(name) = &k.name
            && conv_names.insert(name.clone(), i).is_some()
        {
            c.at(
                &format!("{p}.name"),
                format!("\"{name}\""),
                "a name no other conversion has",
            );
        }
        let site = k.site.as_ref().and_then(|s| names.get(s).copied());
        if let Some(sn) = &k.site
            && site.is_none()
        {
            c.at(
                &format!("{p}.site"),
                format!("\"{sn}\""),
                format!(
                    "the name of a site: {}",
                    site_parts
                        .iter()
                        .filter_map(|s| s.key.name.as_ref())
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        let start_offset = match k.start_month.as_deref().map(|s| (s, Month::parse(s))) {
            None => None,
            Some((s, Err(e))) => {
                c.at(&format!("{p}.start_month"), format!("\"{s}\""), e.expected);
                None
            }
            Some((_, Ok(m))) => {
                let off = month_index(m) - month_index(first_month);
                if off < 0 {
                    c.at(
                        &format!("{p}.start_month"),
                        m,
                        format!("a month from {first_month} (month 1 of the scenario) on"),
                    );
                    None
                } else if let Some(months) = months
                    && off >= months as i64
                {
                    let last_month = first_month.add_months(months as i32 - 1);
                    c.at(
                        &format!("{p}.start_month"),
                        format!("{m}, after the horizon"),
                        format!("a month within the horizon, {first_month} to {last_month}"),
                    );
                    None
                } else {
                    Some(off as usize)
                }
            }
        };
        // Conversions draw through the site's interconnect, which may be below its gross MW.
        if let (Some(si), Some(mw_it)) = (site, k.mw_it)
            && let Some(site_gross) = site_parts[si]
                .key
                .interconnect_mw_gross
                .or(site_parts[si].key.mw_gross)
        {
            if mw_it > site_gross {
                c.at(
                    &format!("{p}.mw_it"),
                    format!("{mw_it} MW IT"),
                    format!(
                        "at most the site's {site_gross} MW gross interconnect (IT load draws gross power)"
                    ),
                );
            }
            it_by_site[si] += mw_it;
            // A PUE that failed the schema counts as 1 (it is at least 1), so no total is overstated.
            gross_by_site[si] += mw_it * k.pue.unwrap_or(1.0);
            if gross_by_site[si] > site_gross * (1.0 + 1e-9) && mw_it <= site_gross {
                c.at(
                    &format!("{p}.mw_it"),
                    format!(
                        "conversions of the site totalling {:.1} MW IT × PUE = {:.1} MW gross",
                        it_by_site[si], gross_by_site[si]
                    ),
                    format!("at most the site's {site_gross} MW gross interconnect"),
                );
            }
        }
        let Some(cv) = &part.full else {
            if let Some(id) = &k.deal
                && ctx.deals.find(id).is_err()
            {
                unknown_deal(c, &p, id, ctx);
            }
            continue;
        };
        let use_ = build_use(cv, &p, ctx, c);
        let build_months = cv
            .build_months
            .or_else(|| {
                cv.deal
                    .as_ref()
                    .and_then(|d| ctx.deals.find(d).ok())
                    .and_then(|d| d.build_months)
            })
            .unwrap_or(12);
        if let (Some(si), Some(off), Some(use_)) = (site, start_offset, use_) {
            let use_ = match use_ {
                PendingUse::Lease(terms, source, noi, pays, rec) => {
                    let mut t = *terms;
                    t.build_months = build_months;
                    match HostingLease::new(t) {
                        Ok(l) => Some(ConversionUse::Lease {
                            source,
                            rent_usd: l.rent_flows(),
                            noi_margin: noi,
                            landlord_pays_power: pays,
                            backstop_recovery: rec,
                        }),
                        Err(e) => {
                            c.at(&p, "lease terms the lease model refuses", e.to_string());
                            None
                        }
                    }
                }
                PendingUse::Gpu(mut g, per_mw_flows, deal_build) => {
                    if let (
                        ConversionUse::GpuCloud {
                            contract_revenue_usd,
                            ..
                        },
                        Some(f),
                    ) = (&mut g, per_mw_flows)
                    {
                        // The deal's flows assume its own build months: shift them to this conversion's.
                        let shift = build_months as i64 - deal_build as i64;
                        let mut v = vec![0.0; (f.len() as i64 + shift.max(0)) as usize];
                        v[0] = f[0] * cv.mw_it;
                        for (m, x) in f.iter().enumerate().skip(1) {
                            let j = (m as i64 + shift).max(1) as usize;
                            if j < v.len() {
                                v[j] += x * cv.mw_it;
                            }
                        }
                        *contract_revenue_usd = Some(v);
                    }
                    Some(g)
                }
            };
            if let Some(use_) = use_ {
                conversions.push(Conversion {
                    name: cv.name.clone(),
                    site: si,
                    start_offset_months: off,
                    mw_it: cv.mw_it,
                    pue: cv.pue,
                    build_months,
                    capex_usd: (cv.capex_usd_per_mw_it * cv.mw_it - cv.tenant_funded_capex_usd)
                        .max(0.0),
                    use_,
                });
            }
        }
    }

    // Loans.
    let mut loans = Vec::new();
    let mut financed = BTreeMap::new();
    for (i, part) in parts.loans.iter().enumerate() {
        let p = format!("loans[{i}]");
        let Some(conv) = &part.key.conversion else {
            continue;
        };
        match conversions.iter().position(|cv| &cv.name == conv) {
            None if !conv_names.contains_key(conv) => {
                let known: Vec<String> = parts
                    .conversions
                    .iter()
                    .filter_map(|s| s.key.name.as_ref())
                    .map(|n| format!("\"{n}\""))
                    .collect();
                c.at(
                    &format!("{p}.conversion"),
                    format!("\"{conv}\""),
                    if known.is_empty() {
                        "the name of a conversion (the file has none)".to_string()
                    } else {
                        format!("the name of a conversion: {}", known.join(", "))
                    },
                )
            }
            None => {}
            Some(ci) => {
                if financed.insert(ci, i).is_some() {
                    c.at(
                        &format!("{p}.conversion"),
                        format!("\"{conv}\""),
                        "one loan per conversion",
                    );
                }
                let Some(l) = &part.full else {
                    continue;
                };
                loans.push(Loan {
                    conversion: ci,
                    loan_to_cost: l.loan_to_cost,
                    rate: l.rate,
                    tenor_years: l.tenor_years,
                });
            }
        }
    }

    // The market rules run even when the start date is unusable, against the last complete day's data, so
    // their problems are reported with the start date's.
    let market_day = complete.or_else(|| last.and_then(|d| net.row(d).ok().copied()));
    let market = build_market(&parts.market, market_day.as_ref(), ctx, c, &sites);
    if !c.issues.is_empty() {
        return None;
    }
    let company = parts.company.full.as_ref()?;
    let months = months?;
    Some(Scenario {
        name: company.name.clone(),
        start_date: start,
        first_month,
        months,
        discount_rate: company.discount_rate,
        tax_rate: company.tax_rate,
        depreciation_years: company.depreciation_years,
        overhead_usd_per_year: company.overhead_usd_per_year,
        terminal_value: company.terminal_value,
        sites,
        conversions,
        loans,
        market: market?,
    })
}

fn build_fleet(f: &RawFleet, p: &str, ctx: &Context<'_>, c: &mut Collector<'_>) -> Option<Fleet> {
    let aggregate = f.eh_s.is_some() || f.j_per_th.is_some();
    if aggregate && !f.asics.is_empty() {
        c.at(
            p,
            "both `asics` and `eh_s`/`j_per_th`",
            "either ASIC models and counts, or eh_s with j_per_th",
        );
        return None;
    }
    let (th_s, mw, machines) = if aggregate {
        match (f.eh_s, f.j_per_th) {
            (Some(eh), Some(j)) => (eh * 1e6, eh * j, Vec::new()),
            (None, _) => {
                c.at(&format!("{p}.eh_s"), "no eh_s", "eh_s (EH/s) with j_per_th");
                return None;
            }
            (_, None) => {
                c.at(
                    &format!("{p}.j_per_th"),
                    "no j_per_th",
                    "j_per_th (J/TH) with eh_s",
                );
                return None;
            }
        }
    } else {
        if f.asics.is_empty() {
            c.at(
                p,
                "an empty fleet",
                "`asics = [{ model = \"...\", count = N }]` or eh_s with j_per_th",
            );
            return None;
        }
        let (mut th, mut w, mut ok) = (0.0, 0.0, true);
        let mut machines = Vec::new();
        for (i, a) in f.asics.iter().enumerate() {
            match ctx.asics.find(&a.model) {
                Ok(m) => {
                    th += m.hashrate_th_s * a.count as f64;
                    w += m.power_w * a.count as f64;
                    machines.push(AsicCount {
                        model: m.model.clone(),
                        count: a.count,
                    });
                }
                Err(e) => {
                    ok = false;
                    c.at(
                        &format!("{p}.asics[{i}].model"),
                        format!("\"{}\"", a.model),
                        format!("a model of the ASIC library: {e}"),
                    );
                }
            }
        }
        if !ok {
            return None;
        }
        (th, w / 1e6, machines)
    };
    if th_s <= 0.0 {
        c.at(p, "a fleet with no hashrate", "a positive hashrate");
        return None;
    }
    Some(Fleet {
        machines,
        th_s,
        mw_gross: mw,
        j_per_th: mw * 1e6 / th_s,
        pool_fee: f.pool_fee,
        degradation_per_year: f.degradation_per_year,
        replacement_years: f.replacement_years,
        replacement_usd_per_th: f.replacement_usd_per_th,
        replacement_j_per_th: f.replacement_j_per_th.unwrap_or(mw * 1e6 / th_s),
    })
}

fn unknown_deal(c: &mut Collector<'_>, p: &str, id: &str, ctx: &Context<'_>) {
    c.at(
        &format!("{p}.deal"),
        format!("\"{id}\", which is not in the deal library"),
        format!(
            "a deal id from `hashpivot deals`: {}",
            ctx.deals
                .deals()
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
}

enum PendingUse {
    Lease(Box<LeaseTerms>, LeaseSource, f64, bool, f64),
    /// GPU cloud, contract revenue per MW IT by month from signing (if a deal), the deal's build months.
    Gpu(ConversionUse, Option<Vec<f64>>, u32),
}

fn build_use(
    cv: &RawConversion,
    p: &str,
    ctx: &Context<'_>,
    c: &mut Collector<'_>,
) -> Option<PendingUse> {
    let n = usize::from(cv.deal.is_some()) + usize::from(cv.lease.is_some());
    let deal = match &cv.deal {
        None => None,
        Some(id) => match ctx.deals.find(id) {
            Ok(d) => Some(d),
            Err(_) => {
                unknown_deal(c, p, id, ctx);
                return None;
            }
        },
    };
    let it = MwIt::new(cv.mw_it.max(1e-9)).ok()?;
    let pue = Pue::new(cv.pue).ok()?;
    match cv.use_ {
        RawUse::Lease => {
            if cv.gpu_cloud.is_some() {
                c.at(
                    &format!("{p}.gpu_cloud"),
                    "gpu_cloud terms",
                    "lease terms (`deal` or `lease`) with use = \"lease\"",
                );
            }
            if n != 1 {
                c.at(
                    p,
                    if n == 0 {
                        "no lease terms"
                    } else {
                        "both `deal` and `lease`"
                    },
                    "exactly one of `deal` (a library id) or a `lease` table",
                );
                return None;
            }
            if let Some(l) = &cv.lease {
                let Some(pt) = PowerPassThrough::parse(&l.power_pass_through) else {
                    c.at(
                        &format!("{p}.lease.power_pass_through"),
                        format!("\"{}\"", l.power_pass_through),
                        "one of \"nnn\", \"modified_gross\", \"full_service\"",
                    );
                    return None;
                };
                let mut t = LeaseTerms::simple(
                    it,
                    pue,
                    Rent::UsdPerKwMonth(l.usd_per_kw_month),
                    (l.term_years * 12.0).round() as u32,
                );
                t.escalator_per_year = l.escalator_per_year;
                t.pass_through = pt;
                return Some(PendingUse::Lease(
                    Box::new(t),
                    LeaseSource::Inline,
                    l.noi_margin,
                    pt.landlord_pays_power(),
                    l.backstop_recovery,
                ));
            }
            let d = deal?;
            if d.kind != DealKind::Lease {
                c.at(
                    &format!("{p}.deal"),
                    format!("\"{}\", a {:?} deal", d.id, d.kind).to_lowercase(),
                    "a lease deal with use = \"lease\"",
                );
                return None;
            }
            let lease = match d.lease() {
                Ok(Some(l)) => l,
                _ => {
                    c.at(
                        &format!("{p}.deal"),
                        format!("\"{}\"", d.id),
                        "a lease deal with MW, term and contract value",
                    );
                    return None;
                }
            };
            let base = lease.terms();
            let ratio = cv.mw_it / base.mw_it.mw();
            let mut t = base.clone();
            t.mw_it = it;
            t.pue = pue;
            t.rent = Rent::UsdPerKwMonth(lease.base_usd_per_kw_month());
            t.ramp = base
                .ramp
                .iter()
                .map(|s| RampStep {
                    month: s.month,
                    mw_it: s.mw_it * ratio,
                })
                .collect();
            t.landlord_capex_usd_per_mw_it = 0.0;
            t.tenant_funded_capex_usd = 0.0;
            t.default_hazard_per_year = 0.0;
            Some(PendingUse::Lease(
                Box::new(t),
                LeaseSource::Deal(d.id.clone()),
                base.noi_margin,
                base.pass_through.landlord_pays_power(),
                lease.backstop_recovery(),
            ))
        }
        RawUse::GpuCloud => {
            if cv.lease.is_some() {
                c.at(
                    &format!("{p}.lease"),
                    "lease terms",
                    "gpu_cloud terms with use = \"gpu_cloud\"",
                );
            }
            let Some(g) = &cv.gpu_cloud else {
                c.at(
                    p,
                    "no gpu_cloud table",
                    "a `gpu_cloud` table (its costs apply; a `deal` fixes revenue while it runs)",
                );
                return None;
            };
            let mut flows = None;
            let mut deal_build = 0;
            if let Some(d) = deal {
                if d.kind != DealKind::GpuCloud {
                    c.at(
                        &format!("{p}.deal"),
                        format!("\"{}\", a {:?} deal", d.id, d.kind).to_lowercase(),
                        "a gpu_cloud deal with use = \"gpu_cloud\"",
                    );
                    return None;
                }
                let (Some(f), Some(mw)) = (d.gpu_cloud_flows(), d.mw_it) else {
                    c.at(
                        &format!("{p}.deal"),
                        format!("\"{}\"", d.id),
                        "a GPU-cloud deal with MW, term and value",
                    );
                    return None;
                };
                deal_build = d.build_months.unwrap_or(0);
                flows = Some(f.iter().map(|x| x / mw).collect());
            }
            Some(PendingUse::Gpu(
                ConversionUse::GpuCloud {
                    contract_revenue_usd: None,
                    deal: deal.map(|d| d.id.clone()),
                    it_kw_per_gpu: g.it_kw_per_gpu,
                    usd_per_gpu_hour: g.usd_per_gpu_hour,
                    utilization: g.utilization,
                    gpu_capex_usd_per_mw_it: g.gpu_capex_usd_per_mw_it,
                    gpu_life_years: g.gpu_life_years,
                    opex_usd_per_mw_it_year: g.opex_usd_per_mw_it_year,
                },
                flows,
                deal_build,
            ))
        }
    }
}

fn build_market(
    m: &RawMarket,
    day: Option<&crate::network::NetworkDay>,
    ctx: &Context<'_>,
    c: &mut Collector<'_>,
    sites: &[Site],
) -> Option<MarketModels> {
    let day = day?;
    let price0 = day.price_usd?;
    let diff0 = day.difficulty?;
    let height0 = day.height?;
    let (btc, initial) = match &m.btc_price {
        RawBtcPrice::Gbm {
            initial_usd,
            drift_per_year,
            volatility_per_year,
        } => (
            BtcModel::Gbm {
                drift_per_year: *drift_per_year,
                volatility_per_year: *volatility_per_year,
            },
            *initial_usd,
        ),
        RawBtcPrice::JumpDiffusion {
            initial_usd,
            drift_per_year,
            volatility_per_year,
            jumps_per_year,
            jump_mean_log,
            jump_stdev_log,
        } => (
            BtcModel::JumpDiffusion {
                drift_per_year: *drift_per_year,
                volatility_per_year: *volatility_per_year,
                jumps_per_year: *jumps_per_year,
                jump_mean_log: *jump_mean_log,
                jump_stdev_log: *jump_stdev_log,
            },
            *initial_usd,
        ),
        RawBtcPrice::Bootstrap {
            initial_usd,
            block_months,
            from_year,
        } => {
            let returns = crate::market::bootstrap::monthly_log_returns(
                ctx.network,
                from_year.unwrap_or(2015),
            );
            if returns.len() < *block_months as usize {
                c.at(
                    "market.btc_price.from_year",
                    from_year.unwrap_or(2015),
                    format!("a year leaving at least {block_months} months of bundled prices"),
                );
            }
            (
                BtcModel::Bootstrap {
                    block_months: *block_months,
                    history_log_returns: returns,
                },
                *initial_usd,
            )
        }
        RawBtcPrice::Csv { file } => (
            BtcModel::Csv {
                file: file.clone(),
                paths_usd: Vec::new(),
            },
            None,
        ),
    };
    if initial == Some(0.0) {
        c.at("market.btc_price.initial_usd", 0, "a positive price in USD");
    }
    let (hashrate, h0) = match &m.hashrate {
        RawHashrate::Exogenous {
            initial_eh_s,
            growth_per_year,
            volatility_per_year,
        } => (
            HashrateModel::Exogenous {
                growth_per_year: *growth_per_year,
                volatility_per_year: *volatility_per_year,
            },
            *initial_eh_s,
        ),
        RawHashrate::SupplyResponse {
            initial_eh_s,
            base_growth_per_year,
            elasticity_per_year,
            lag_months,
            marginal_j_per_th,
            marginal_power_usd_per_mwh,
            volatility_per_year,
        } => (
            HashrateModel::SupplyResponse {
                base_growth_per_year: *base_growth_per_year,
                elasticity_per_year: *elasticity_per_year,
                lag_months: *lag_months,
                marginal_j_per_th: *marginal_j_per_th,
                marginal_power_usd_per_mwh: *marginal_power_usd_per_mwh,
                volatility_per_year: *volatility_per_year,
            },
            *initial_eh_s,
        ),
    };
    if h0 == Some(0.0) {
        c.at(
            "market.hashrate.initial_eh_s",
            0,
            "a positive network hashrate in EH/s",
        );
    }
    let fees = match m.fees.mean_btc_per_block {
        Some(f) => f,
        None => ctx
            .network
            .fees_btc_per_block(day.date, crate::network::FeeWindow::TrailingDays(30))
            .unwrap_or(0.0),
    };
    let power = match &m.power {
        RawPowerMarket::Fixed { hub_usd_per_mwh } => PowerMarketModel::Fixed {
            hub_usd_per_mwh: *hub_usd_per_mwh,
        },
        RawPowerMarket::Bootstrap { years } => {
            if years.is_empty() {
                c.at(
                    "market.power.years",
                    "an empty list",
                    "at least one bundled year, e.g. [2021, 2022, 2023, 2024, 2025]",
                );
            }
            let used: std::collections::BTreeSet<&str> =
                sites.iter().filter_map(|s| s.hub.as_deref()).collect();
            for hub in used {
                let have = complete_years(ctx.power, hub);
                for (i, y) in years.iter().enumerate() {
                    if !have.contains(y) {
                        c.at(
                            &format!("market.power.years[{i}]"),
                            format!("{y}, not a complete year of {hub} in the bundled data"),
                            format!(
                                "one of {}",
                                have.iter()
                                    .map(|y| y.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                    }
                }
            }
            PowerMarketModel::Bootstrap {
                years: years.clone(),
            }
        }
    };
    Some(MarketModels {
        btc,
        btc_initial_usd: initial.unwrap_or(price0),
        hashrate,
        hashrate_initial_eh_s: h0.unwrap_or(hashrate_h_s(diff0) / 1e18),
        height_initial: height0,
        fees_mean_btc_per_block: fees,
        fees_volatility: m.fees.volatility,
        gpu_decline_per_year: m.gpu_price.decline_per_year,
        gpu_volatility_per_year: m.gpu_price.volatility_per_year,
        power,
        default_hazard_per_year: m.tenant_default.hazard_per_year,
        btc_hashrate_correlation: m.btc_hashrate_correlation,
    })
}
