//! `hashpivot compare`: self-mining, hosting lease and GPU cloud side by side, per grid kWh and per IT kWh,
//! with defaults from the bundled data for the date asked.

use crate::args::{
    AsicArgs, DateArgs, HashpriceArgs, OpexArgs, PoolFeeArgs, PowerPriceArgs, RetiredArgs,
    assumed_lines, refuse_if,
};
use crate::datasets;
use crate::output::{Table, num, print, print_json};
use anyhow::Result;
use clap::Args;
use hashpivot::Date;
use hashpivot::assumption::Assumption;
use hashpivot::hpc::compare::{
    CompareInputs, CompareRequest, Defaults, FIXED, FIXED_GPU, Fixed, Resolved,
};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub date: DateArgs,
    #[command(flatten)]
    pub hashprice: HashpriceArgs,
    #[command(flatten)]
    pub fleet: AsicArgs,
    #[command(flatten)]
    pub pool_fee: PoolFeeArgs,
    #[command(flatten)]
    pub power: PowerPriceArgs,
    /// Gross/IT ratio of the mining site (ASIC fans are inside the ASIC's power).
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.mining_pue)]
    pub mining_pue: f64,
    /// ASIC price, USD per TH.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.asic_usd_per_th)]
    pub asic_usd_per_th: f64,
    /// Mining site build cost per gross MW, excluding ASICs.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.mining_site_capex_usd_per_mw)]
    pub mining_site_capex_usd_per_mw: f64,
    /// ASIC life, years (hashprice held flat over it).
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.mining_life_years)]
    pub mining_life_years: u32,
    /// Lease rent, USD per kW-month of IT (default: the median implied rent of the deal library's leases
    /// announced on or before the date).
    #[arg(long, allow_negative_numbers = true)]
    pub lease_usd_per_kw_month: Option<f64>,
    /// PUE of the HPC build (lease and GPU cloud).
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.pue)]
    pub pue: f64,
    /// Landlord NOI margin.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.noi_margin)]
    pub noi_margin: f64,
    /// HPC build cost per MW of IT, excluding GPUs.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.hpc_capex_usd_per_mw_it)]
    pub hpc_capex_usd_per_mw_it: f64,
    /// Months of conversion build earning nothing (lease and GPU cloud: the hall's capex is spread over them).
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.build_months)]
    pub build_months: u32,
    /// Lease term, years.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.term_years)]
    pub term_years: u32,
    /// Annual lease escalator.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.escalator)]
    pub escalator: f64,
    /// Resale value of the stranded ASICs, USD per TH.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.asic_resale_usd_per_th)]
    pub asic_resale_usd_per_th: f64,
    /// GPU model (`hashpivot gpus`).
    #[arg(long, default_value = FIXED_GPU)]
    pub gpu: String,
    /// GPU price, USD per GPU-hour (default: the GPU library's dated price; for GB300 NVL72 the IREN–Microsoft
    /// contract's revenue per IT kWh × kW per GPU).
    #[arg(long, allow_negative_numbers = true)]
    pub gpu_usd_per_hour: Option<f64>,
    /// Yearly decline of the GPU-hour price.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.gpu_price_decline)]
    pub gpu_price_decline: f64,
    /// Share of GPU-hours sold.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.utilization)]
    pub utilization: f64,
    /// GPU systems per MW of IT, USD.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.gpu_capex_usd_per_mw_it)]
    pub gpu_capex_usd_per_mw_it: f64,
    /// GPU depreciation life, years.
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.gpu_life_years)]
    pub gpu_life_years: u32,
    /// GPU-cloud non-power opex per MW of IT per year, USD (default: the data centre's operating cost on the
    /// lease's NOI basis, (1 − NOI margin) × rent × 12,000; cloud staff, software and bandwidth not included).
    #[arg(long, allow_negative_numbers = true)]
    pub gpu_opex_usd_per_mw_it_year: Option<f64>,
    #[command(flatten)]
    pub opex: OpexArgs,
    /// Annual discount rate for NPVs, in [-0.5, 1].
    #[arg(long, allow_negative_numbers = true, default_value_t = FIXED.discount_rate)]
    pub discount_rate: f64,
    #[command(flatten)]
    pub retired: RetiredArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct Assumptions {
    date: Option<Date>,
    btc_price_usd: Option<f64>,
    btc_per_ph_day: Option<f64>,
    #[serde(flatten)]
    inputs: CompareInputs,
    sources: BTreeMap<&'static str, String>,
    /// The numbers chosen from the bundled data or given: value, basis, and whether given.
    defaults: BTreeMap<&'static str, Resolved>,
    /// Where the fleet's efficiency and the pool fee came from (stated, library, or a default with its reason).
    fleet: Vec<Assumption>,
}

#[derive(Debug, Serialize)]
struct CompareOutput {
    rows: Vec<hashpivot::hpc::compare::CompareRow>,
    assumptions: Assumptions,
    conversion: hashpivot::hpc::conversion::ConversionSummary,
    notes: Vec<String>,
    seed_claim: hashpivot::hpc::compare::SeedClaim,
}

/// The flag a request field is typed as: `discount_rate` → `--discount-rate`; the fields the shared flags
/// ([`crate::args`]) name differently, by those names.
fn flag_of(field: &str) -> String {
    match field {
        "usd_per_ph_day" => "--hashprice-usd-per-ph-day".into(),
        "power_usd_per_kwh" => "--power-usd-per-mwh".into(),
        "mining_opex_usd_per_mwh" => "--opex-usd-per-mwh".into(),
        _ => format!("--{}", field.replace('_', "-")),
    }
}

/// The core names the request's fields; the user typed flags. Errors about a request field name the flag.
fn name_the_flag(e: hashpivot::Error) -> anyhow::Error {
    match e {
        hashpivot::Error::InvalidInput {
            field,
            found,
            expected,
        } if CompareRequest::FIELDS.contains(&field.as_str()) && field != "gpu" => {
            hashpivot::Error::InvalidInput {
                field: flag_of(&field),
                found,
                expected: flagged(&expected),
            }
            .into()
        }
        // The core lists the GPU library's models; the command that shows them is the CLI's to name.
        hashpivot::Error::InvalidInput {
            field,
            found,
            expected,
        } if field == "gpu" => hashpivot::Error::InvalidInput {
            field,
            found,
            expected: format!("{expected}; `hashpivot gpus` lists it"),
        }
        .into(),
        e => e.into(),
    }
}

/// A core text with each request field it names in backticks (`` `gpu_usd_per_hour` ``) as its flag.
fn flagged(text: &str) -> String {
    let mut s = text.to_string();
    for f in CompareRequest::FIELDS {
        s = s.replace(&format!("`{f}`"), &flag_of(f));
    }
    s
}

fn request(a: &CompareArgs, j_per_th: f64) -> Result<CompareRequest> {
    refuse_if(
        a.date.date.is_some() && a.hashprice.hashprice_usd_per_ph_day.is_some(),
        "--date",
        "--hashprice-usd-per-ph-day sets the hashprice the date would: give one of them",
    )?;
    Ok(CompareRequest {
        date: a.date.date.as_deref().map(Date::parse).transpose()?,
        usd_per_ph_day: a.hashprice.hashprice_usd_per_ph_day,
        lease_usd_per_kw_month: a.lease_usd_per_kw_month,
        gpu: a.gpu.clone(),
        gpu_usd_per_hour: a.gpu_usd_per_hour,
        gpu_opex_usd_per_mw_it_year: a.gpu_opex_usd_per_mw_it_year,
        fixed: Fixed {
            j_per_th,
            pool_fee: a.pool_fee.value(),
            power_usd_per_kwh: a.power.usd_per_kwh(),
            mining_pue: a.mining_pue,
            asic_usd_per_th: a.asic_usd_per_th,
            mining_site_capex_usd_per_mw: a.mining_site_capex_usd_per_mw,
            mining_life_years: a.mining_life_years,
            pue: a.pue,
            noi_margin: a.noi_margin,
            hpc_capex_usd_per_mw_it: a.hpc_capex_usd_per_mw_it,
            build_months: a.build_months,
            term_years: a.term_years,
            escalator: a.escalator,
            asic_resale_usd_per_th: a.asic_resale_usd_per_th,
            gpu_price_decline: a.gpu_price_decline,
            utilization: a.utilization,
            gpu_capex_usd_per_mw_it: a.gpu_capex_usd_per_mw_it,
            gpu_life_years: a.gpu_life_years,
            mining_opex_usd_per_mwh: a.opex.opex_usd_per_mwh,
            discount_rate: a.discount_rate,
        },
    })
}

/// "8" for 0.08, "7.5" for 0.075, "7.25" for 0.0725: as many decimals as the rate needs (up to 2).
fn pct_label(r: f64) -> String {
    let s = format!("{:.2}", r * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn run(args: CompareArgs) -> Result<()> {
    let fleet = args.fleet.resolve()?;
    let fleet_assumed = vec![fleet.assumption, args.pool_fee.assumption()];
    let req = request(&args, fleet.j_per_th)?;
    // Bounds first, so a bad flag is named before any data is read.
    req.check().map_err(name_the_flag)?;
    let net = datasets::network()?;
    let deals = hashpivot::data::bundled_deals()?;
    let gpus = hashpivot::data::bundled_gpus()?;
    let d = Defaults::resolve(&req, &net, &deals, &gpus).map_err(name_the_flag)?;
    let c = d.compare()?;
    let notes: Vec<String> = c.notes.iter().map(|n| flagged(n)).collect();
    let sources: BTreeMap<&'static str, String> =
        d.sources.iter().map(|(k, v)| (*k, flagged(v))).collect();
    let resolved: BTreeMap<&'static str, Resolved> = d
        .resolved()
        .into_iter()
        .map(|(k, r)| {
            let mut r = r.clone();
            r.basis = flagged(&r.basis);
            (k, r)
        })
        .collect();
    if args.json {
        return print_json(&CompareOutput {
            rows: c.rows,
            assumptions: Assumptions {
                date: d.date,
                btc_price_usd: d.btc_price_usd,
                btc_per_ph_day: d.btc_per_ph_day,
                inputs: d.inputs,
                sources,
                defaults: resolved,
                fleet: fleet_assumed,
            },
            conversion: c.conversion,
            notes,
            seed_claim: c.seed_claim,
        });
    }
    let inp = &d.inputs;
    let mut t = Table::new([
        "use",
        "rev $/grid kWh",
        "rev $/IT kWh",
        "margin $/grid kWh",
        "capex $M/MW IT",
        "payback yr",
        "IRR",
        &format!("NPV@{}% $M/MW IT", pct_label(inp.discount_rate)),
    ]);
    for r in &c.rows {
        t.row([
            r.use_of_power.to_string(),
            num(r.revenue_usd_per_grid_kwh, 3),
            num(r.revenue_usd_per_it_kwh, 3),
            num(r.margin_usd_per_grid_kwh, 3),
            num(r.capex_usd_per_mw_it / 1e6, 2),
            r.payback_years
                .map_or_else(|| "never".into(), |y| num(y, 1)),
            r.irr
                .map_or_else(|| "none".into(), |i| format!("{}%", num(i * 100.0, 1))),
            num(r.npv_usd_per_mw_it / 1e6, 2),
        ]);
        t.note(format!("exposed to {}", r.exposure));
    }
    let mut s = t.render();
    s.push_str(&format!(
        "\nassumptions: {}hashprice ${}/PH/day, {} J/TH, pool fee {}%, power ${}/MWh; lease ${}/kW-month IT, PUE {}, NOI {}%, \
         build ${}M/MW IT over {} months, {}-yr term; {} at ${}/GPU-hour ({} kW IT/GPU, price as of {}), utilization {}%, GPUs ${}M/MW IT over {} yr; discount {}%\n",
        d.date.map(|d| format!("{d}: ")).unwrap_or_default(),
        num(inp.mining.usd_per_ph_day, 2),
        num(inp.mining.j_per_th, 1),
        num(inp.mining.pool_fee * 100.0, 1),
        num(args.power.power_usd_per_mwh, 2),
        num(inp.lease.usd_per_kw_month, 1),
        num(inp.lease.pue, 2),
        num(inp.lease.noi_margin * 100.0, 1),
        num(inp.lease.capex_usd_per_mw_it / 1e6, 1),
        inp.lease.build_months,
        inp.lease.term_years,
        inp.gpu_name,
        num(inp.gpu.usd_per_gpu_hour, 2),
        num(inp.gpu.it_kw_per_gpu, 3),
        d.gpu_price_as_of.as_deref().unwrap_or("given"),
        num(inp.gpu.utilization * 100.0, 0),
        num(inp.gpu.gpu_capex_usd_per_mw_it / 1e6, 1),
        inp.gpu.life_years,
        pct_label(inp.discount_rate),
    ));
    let label = |k: &str| match k {
        "usd_per_ph_day" => "hashprice",
        "lease_usd_per_kw_month" => "lease rent",
        "gpu_usd_per_hour" => "GPU price",
        _ => "GPU-cloud opex",
    };
    let chosen: Vec<(&str, &Resolved)> =
        d.resolved().into_iter().filter(|(_, r)| !r.given).collect();
    if !chosen.is_empty() {
        s.push_str("\ndefaults chosen from the bundled data, and their basis:\n");
        for (k, r) in chosen {
            s.push_str(&format!("  - {}: {}\n", label(k), flagged(&r.basis)));
        }
    }
    s.push_str(&assumed_lines(&fleet_assumed));
    s.push_str("\nthe seed claim \"mining $0.17–0.20/kWh, AI $3–5/kWh (17–25×)\" and the frames of the rows:\n");
    for n in &notes {
        s.push_str(&format!("  - {n}\n"));
    }
    s.push_str(
        "sources and dates of the defaults: `hashpivot compare --json` (assumptions.sources)\n",
    );
    print(&s)
}
