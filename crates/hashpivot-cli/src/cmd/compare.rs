//! `hashpivot compare`: self-mining, hosting lease and GPU cloud side by side, per grid kWh and per IT kWh,
//! with defaults from the bundled data for the date asked.

use crate::datasets;
use crate::output::{Table, num, print, print_json};
use anyhow::{Context, Result};
use clap::Args;
use hashpivot::Date;
use hashpivot::hpc::Pue;
use hashpivot::hpc::compare::{CompareInputs, Comparison, LeaseInputs, MiningInputs, compare};
use hashpivot::hpc::gpu_cloud::GpuCloudParams;
use hashpivot::network::FeeWindow;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// UTC day whose network data sets the hashprice (default: the last complete day of the bundled data).
    #[arg(long)]
    pub date: Option<String>,
    /// Override the hashprice, USD/PH/day (instead of the date's).
    #[arg(long)]
    pub usd_per_ph_day: Option<f64>,
    /// Mining fleet efficiency, J/TH (17.5 = Antminer S21).
    #[arg(long, default_value_t = 17.5)]
    pub j_per_th: f64,
    /// Pool fee as a fraction (FPPS pools charge ~1–2.5%).
    #[arg(long, default_value_t = 0.02)]
    pub pool_fee: f64,
    /// All-in power price, USD/kWh (mining and GPU cloud; lease power is passed through to the tenant).
    #[arg(long, default_value_t = 0.05)]
    pub power_usd_per_kwh: f64,
    /// Gross/IT ratio of the mining site (ASIC fans are inside the ASIC's power).
    #[arg(long, default_value_t = 1.0)]
    pub mining_pue: f64,
    /// ASIC price, USD per TH.
    #[arg(long, default_value_t = 20.0)]
    pub asic_usd_per_th: f64,
    /// Mining site build cost per gross MW, excluding ASICs.
    #[arg(long, default_value_t = 550_000.0)]
    pub mining_site_capex_usd_per_mw: f64,
    /// ASIC life, years (hashprice held flat over it).
    #[arg(long, default_value_t = 4)]
    pub mining_life_years: u32,
    /// Lease rent, USD per kW-month of IT (default: the median implied rent of the deal library's leases).
    #[arg(long)]
    pub lease_usd_per_kw_month: Option<f64>,
    /// PUE of the HPC build (lease and GPU cloud).
    #[arg(long, default_value_t = 1.3)]
    pub pue: f64,
    /// Landlord NOI margin.
    #[arg(long, default_value_t = 0.85)]
    pub noi_margin: f64,
    /// HPC build cost per MW of IT, excluding GPUs.
    #[arg(long, default_value_t = 10e6)]
    pub hpc_capex_usd_per_mw_it: f64,
    /// Months of conversion build earning nothing.
    #[arg(long, default_value_t = 12)]
    pub build_months: u32,
    /// Lease term, years.
    #[arg(long, default_value_t = 10)]
    pub term_years: u32,
    /// Annual lease escalator.
    #[arg(long, default_value_t = 0.0)]
    pub escalator: f64,
    /// Resale value of the stranded ASICs, USD per TH.
    #[arg(long, default_value_t = 5.0)]
    pub asic_resale_usd_per_th: f64,
    /// GPU model (`hashpivot gpus`).
    #[arg(long, default_value = "GB300 NVL72")]
    pub gpu: String,
    /// GPU price, USD per GPU-hour (default: the IREN–Microsoft contract's revenue per IT kWh × kW per GPU).
    #[arg(long)]
    pub gpu_usd_per_hour: Option<f64>,
    /// Yearly decline of the GPU-hour price.
    #[arg(long, default_value_t = 0.0)]
    pub gpu_price_decline: f64,
    /// Share of GPU-hours sold.
    #[arg(long, default_value_t = 1.0)]
    pub utilization: f64,
    /// GPU systems per MW of IT, USD.
    #[arg(long, default_value_t = 29e6)]
    pub gpu_capex_usd_per_mw_it: f64,
    /// GPU depreciation life, years.
    #[arg(long, default_value_t = 5)]
    pub gpu_life_years: u32,
    /// GPU-cloud non-power opex per MW of IT per year, USD.
    #[arg(long, default_value_t = 0.0)]
    pub gpu_opex_usd_per_mw_it_year: f64,
    /// Annual discount rate for NPVs.
    #[arg(long, default_value_t = 0.10)]
    pub discount_rate: f64,
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
}

#[derive(Debug, Serialize)]
struct CompareOutput {
    rows: Vec<hashpivot::hpc::compare::CompareRow>,
    assumptions: Assumptions,
    notes: Vec<String>,
    seed_claim: hashpivot::hpc::compare::SeedClaim,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

pub fn run(args: CompareArgs) -> Result<()> {
    let mut sources = BTreeMap::new();
    let (date, hp, price, btc_hp) = match args.usd_per_ph_day {
        Some(h) => {
            sources.insert("usd_per_ph_day", "given with --usd-per-ph-day".to_string());
            (None, h, None, None)
        }
        None => {
            let net = datasets::network()?;
            let date = match &args.date {
                Some(d) => Date::parse(d)?,
                None => net
                    .last_complete_date()
                    .context("the network data has no complete day")?,
            };
            let e = net.day(date, FeeWindow::Day)?;
            sources.insert(
                "usd_per_ph_day",
                format!("bundled network data, {date} (that day's fees)"),
            );
            (
                Some(date),
                e.usd_per_ph_day,
                Some(e.price_usd),
                Some(e.btc_per_ph_day),
            )
        }
    };
    let deals = hashpivot::data::bundled_deals()?;
    let rents = deals.lease_rents_usd_per_kw_month()?;
    let (lo, hi) = rents
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            (a.min(*r), b.max(*r))
        });
    let rent = match args.lease_usd_per_kw_month {
        Some(r) => {
            sources.insert(
                "lease_usd_per_kw_month",
                "given with --lease-usd-per-kw-month".into(),
            );
            r
        }
        None => {
            sources.insert(
                "lease_usd_per_kw_month",
                format!(
                    "median implied rent of the {} leases in data/deals.toml",
                    rents.len()
                ),
            );
            median(rents.clone())
        }
    };
    let gpus = hashpivot::data::bundled_gpus()?;
    let gpu = gpus.find(&args.gpu)?;
    let gpu_price = match args.gpu_usd_per_hour {
        Some(g) => {
            sources.insert("gpu_usd_per_hour", "given with --gpu-usd-per-hour".into());
            g
        }
        None => {
            let iren = deals.find("iren-msft")?.metrics(args.discount_rate)?;
            let per_it_kwh = iren
                .revenue_usd_per_it_kwh
                .context("the IREN–Microsoft deal lacks its figures")?;
            sources.insert(
                "gpu_usd_per_hour",
                format!("IREN–Microsoft: $9.7B / 5 yr / 200 MW IT = ${per_it_kwh:.3} per IT kWh × {:.3} kW per {} GPU", gpu.it_kw_per_gpu, gpu.name),
            );
            per_it_kwh * gpu.it_kw_per_gpu
        }
    };
    sources.insert(
        "gpu_capex_usd_per_mw_it",
        "IREN's ~$5.8B of Dell GB300 systems for 200 MW IT ($29M/MW)".into(),
    );
    sources.insert(
        "hpc_capex_usd_per_mw_it",
        "Cipher $9–11M, TeraWulf $8–10M per MW IT (deal library)".into(),
    );
    sources.insert(
        "noi_margin",
        "TeraWulf ~85%, Cipher 80–85% (deal library)".into(),
    );
    sources.insert(
        "pue",
        "new large builds ≤ 1.3 (FACTS.md); deals show gross/IT 1.25–1.52".into(),
    );
    sources.insert(
        "asic_usd_per_th",
        "Hashrate Index ASIC price index, < 25 J/TH tier ~$20/TH (July 2023, via CoinDesk)".into(),
    );
    sources.insert(
        "mining_site_capex_usd_per_mw",
        "mining sites $0.3–0.8M per MW excluding ASICs (FACTS.md)".into(),
    );
    sources.insert(
        "asic_resale_usd_per_th",
        "older tiers traded $4.7–10/TH in Dec 2022 (Hashrate Index); an assumption".into(),
    );
    sources.insert("utilization_and_decline", "take-or-pay contract like IREN–Microsoft: 100% sold, fixed price; set --utilization and --gpu-price-decline for a spot cloud".into());

    let inputs = CompareInputs {
        mining: MiningInputs {
            usd_per_ph_day: hp,
            pool_fee: args.pool_fee,
            j_per_th: args.j_per_th,
            power_usd_per_kwh: args.power_usd_per_kwh,
            pue: args.mining_pue,
            opex_usd_per_mwh: 0.0,
            asic_usd_per_th: args.asic_usd_per_th,
            site_capex_usd_per_mw_gross: args.mining_site_capex_usd_per_mw,
            life_years: args.mining_life_years,
        },
        lease: LeaseInputs {
            usd_per_kw_month: rent,
            pue: args.pue,
            noi_margin: args.noi_margin,
            capex_usd_per_mw_it: args.hpc_capex_usd_per_mw_it,
            build_months: args.build_months,
            term_years: args.term_years,
            escalator_per_year: args.escalator,
            asic_resale_usd_per_th: args.asic_resale_usd_per_th,
        },
        gpu_name: gpu.name.clone(),
        gpu: GpuCloudParams {
            it_kw_per_gpu: gpu.it_kw_per_gpu,
            pue: Pue::new(args.pue)?,
            usd_per_gpu_hour: gpu_price,
            price_decline_per_year: args.gpu_price_decline,
            utilization: args.utilization,
            gpu_capex_usd_per_mw_it: args.gpu_capex_usd_per_mw_it,
            life_years: args.gpu_life_years,
            non_gpu_capex_usd_per_mw_it: args.hpc_capex_usd_per_mw_it,
            opex_usd_per_mw_it_year: args.gpu_opex_usd_per_mw_it_year,
            power_usd_per_kwh: args.power_usd_per_kwh,
        },
        discount_rate: args.discount_rate,
        library_rent_range_usd_per_kw_month: (lo, hi),
    };
    let c: Comparison = compare(&inputs)?;
    if args.json {
        return print_json(&CompareOutput {
            rows: c.rows,
            assumptions: Assumptions {
                date,
                btc_price_usd: price,
                btc_per_ph_day: btc_hp,
                inputs,
                sources,
            },
            notes: c.notes,
            seed_claim: c.seed_claim,
        });
    }
    let mut t = Table::new([
        "use",
        "rev $/grid kWh",
        "rev $/IT kWh",
        "margin $/grid kWh",
        "capex $M/MW IT",
        "payback yr",
        "IRR",
        &format!("NPV@{}% $M/MW IT", num(args.discount_rate * 100.0, 0)),
        "exposed to",
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
            r.exposure.to_string(),
        ]);
    }
    let mut s = t.render();
    s.push_str(&format!(
        "\nassumptions: {}hashprice ${}/PH/day, {} J/TH, pool fee {}%, power ${}/kWh; lease ${}/kW-month IT, PUE {}, NOI {}%, \
         build ${}M/MW IT over {} months, {}-yr term; {} at ${}/GPU-hour ({} kW IT/GPU), utilization {}%, GPUs ${}M/MW IT over {} yr; discount {}%\n",
        date.map(|d| format!("{d}: ")).unwrap_or_default(),
        num(hp, 2),
        num(args.j_per_th, 1),
        num(args.pool_fee * 100.0, 1),
        num(args.power_usd_per_kwh, 3),
        num(rent, 1),
        num(args.pue, 2),
        num(args.noi_margin * 100.0, 1),
        num(args.hpc_capex_usd_per_mw_it / 1e6, 1),
        args.build_months,
        args.term_years,
        gpu.name,
        num(gpu_price, 2),
        num(gpu.it_kw_per_gpu, 3),
        num(args.utilization * 100.0, 0),
        num(args.gpu_capex_usd_per_mw_it / 1e6, 1),
        args.gpu_life_years,
        num(args.discount_rate * 100.0, 1),
    ));
    s.push_str("\nthe seed claim \"mining $0.17–0.20/kWh, AI $3–5/kWh (17–25×)\":\n");
    for n in &c.notes {
        s.push_str(&format!("  - {n}\n"));
    }
    s.push_str("sources of the defaults: `hashpivot compare --json` (assumptions.sources)\n");
    print(&s)
}
