//! `hashpivot compare`: self-mining, hosting lease and GPU cloud side by side, per grid kWh and per IT kWh,
//! with defaults from the bundled data for the date asked.

use crate::datasets;
use crate::output::{Table, num, print, print_json};
use anyhow::{Context, Result, bail};
use clap::Args;
use hashpivot::Date;
use hashpivot::error::check_range;
use hashpivot::hpc::Pue;
use hashpivot::hpc::compare::{
    CompareInputs, Comparison, LeaseInputs, MiningInputs, claim_days_note, compare,
    mining_claim_days,
};
use hashpivot::hpc::gpu_cloud::GpuCloudParams;
use hashpivot::network::FeeWindow;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// UTC day whose network data sets the hashprice (default: the last complete day of the bundled data).
    #[arg(long)]
    pub date: Option<String>,
    /// Override the hashprice, USD/PH/day (instead of a date's; conflicts with --date).
    #[arg(long, allow_negative_numbers = true, conflicts_with = "date")]
    pub usd_per_ph_day: Option<f64>,
    /// Mining fleet efficiency, J/TH (17.5 = Antminer S21).
    #[arg(long, allow_negative_numbers = true, default_value_t = 17.5)]
    pub j_per_th: f64,
    /// Pool fee as a fraction (FPPS pools charge ~1–2.5%).
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.02)]
    pub pool_fee: f64,
    /// All-in power price, USD/kWh (mining and GPU cloud; lease power is passed through to the tenant).
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.05)]
    pub power_usd_per_kwh: f64,
    /// Gross/IT ratio of the mining site (ASIC fans are inside the ASIC's power).
    #[arg(long, allow_negative_numbers = true, default_value_t = 1.0)]
    pub mining_pue: f64,
    /// ASIC price, USD per TH.
    #[arg(long, allow_negative_numbers = true, default_value_t = 20.0)]
    pub asic_usd_per_th: f64,
    /// Mining site build cost per gross MW, excluding ASICs.
    #[arg(long, allow_negative_numbers = true, default_value_t = 550_000.0)]
    pub mining_site_capex_usd_per_mw: f64,
    /// ASIC life, years (hashprice held flat over it).
    #[arg(long, allow_negative_numbers = true, default_value_t = 4)]
    pub mining_life_years: u32,
    /// Lease rent, USD per kW-month of IT (default: the median implied rent of the deal library's leases
    /// announced on or before the date).
    #[arg(long, allow_negative_numbers = true)]
    pub lease_usd_per_kw_month: Option<f64>,
    /// PUE of the HPC build (lease and GPU cloud).
    #[arg(long, allow_negative_numbers = true, default_value_t = 1.3)]
    pub pue: f64,
    /// Landlord NOI margin.
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.85)]
    pub noi_margin: f64,
    /// HPC build cost per MW of IT, excluding GPUs.
    #[arg(long, allow_negative_numbers = true, default_value_t = 10e6)]
    pub hpc_capex_usd_per_mw_it: f64,
    /// Months of conversion build earning nothing (lease and GPU cloud: the hall's capex is spread over them).
    #[arg(long, allow_negative_numbers = true, default_value_t = 12)]
    pub build_months: u32,
    /// Lease term, years.
    #[arg(long, allow_negative_numbers = true, default_value_t = 10)]
    pub term_years: u32,
    /// Annual lease escalator.
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.0)]
    pub escalator: f64,
    /// Resale value of the stranded ASICs, USD per TH.
    #[arg(long, allow_negative_numbers = true, default_value_t = 5.0)]
    pub asic_resale_usd_per_th: f64,
    /// GPU model (`hashpivot gpus`).
    #[arg(long, default_value = "GB300 NVL72")]
    pub gpu: String,
    /// GPU price, USD per GPU-hour (default: the GPU library's dated price; for GB300 NVL72 the IREN–Microsoft
    /// contract's revenue per IT kWh × kW per GPU).
    #[arg(long, allow_negative_numbers = true)]
    pub gpu_usd_per_hour: Option<f64>,
    /// Yearly decline of the GPU-hour price.
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.0)]
    pub gpu_price_decline: f64,
    /// Share of GPU-hours sold.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1.0)]
    pub utilization: f64,
    /// GPU systems per MW of IT, USD.
    #[arg(long, allow_negative_numbers = true, default_value_t = 29e6)]
    pub gpu_capex_usd_per_mw_it: f64,
    /// GPU depreciation life, years.
    #[arg(long, allow_negative_numbers = true, default_value_t = 5)]
    pub gpu_life_years: u32,
    /// GPU-cloud non-power opex per MW of IT per year, USD (default: the data centre's operating cost on the
    /// lease's NOI basis, (1 − NOI margin) × rent × 12,000; cloud staff, software and bandwidth not included).
    #[arg(long, allow_negative_numbers = true)]
    pub gpu_opex_usd_per_mw_it_year: Option<f64>,
    /// Mining non-power opex, USD per MWh drawn (default 0: power is the only running cost counted).
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.0)]
    pub mining_opex_usd_per_mwh: f64,
    /// Annual discount rate for NPVs, in [-0.5, 1].
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.10)]
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
    conversion: hashpivot::hpc::conversion::ConversionSummary,
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

/// Checks a flag's value, naming the flag as the user typed it.
fn flag(name: &str, v: f64, lo: f64, hi: f64, expected: &str) -> Result<f64> {
    Ok(check_range(name, v, lo, hi, expected)?)
}

fn whole(name: &str, v: u32, lo: u32, hi: u32, expected: &str) -> Result<u32> {
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(hashpivot::Error::invalid(name, v, expected).into())
    }
}

/// Every flag checked up front, so an error names the flag typed (the library's own checks name its fields).
fn check_flags(a: &CompareArgs) -> Result<()> {
    if let Some(h) = a.usd_per_ph_day {
        flag(
            "--usd-per-ph-day",
            h,
            0.0,
            1e9,
            "a hashprice in USD/PH/day in [0, 1e9]",
        )?;
    }
    flag(
        "--j-per-th",
        a.j_per_th,
        1e-3,
        1e4,
        "a positive efficiency in J/TH, e.g. 17.5",
    )?;
    flag(
        "--pool-fee",
        a.pool_fee,
        0.0,
        0.99,
        "a fraction in [0, 0.99], e.g. 0.02",
    )?;
    flag(
        "--power-usd-per-kwh",
        a.power_usd_per_kwh,
        0.0,
        10.0,
        "a power price in USD/kWh in [0, 10]",
    )?;
    flag(
        "--mining-pue",
        a.mining_pue,
        1.0,
        3.0,
        "a gross/IT ratio in [1, 3]",
    )?;
    flag(
        "--asic-usd-per-th",
        a.asic_usd_per_th,
        0.0,
        1e4,
        "USD per TH ≥ 0",
    )?;
    flag(
        "--mining-site-capex-usd-per-mw",
        a.mining_site_capex_usd_per_mw,
        0.0,
        1e9,
        "USD per MW ≥ 0",
    )?;
    flag(
        "--mining-opex-usd-per-mwh",
        a.mining_opex_usd_per_mwh,
        0.0,
        1e4,
        "USD per MWh ≥ 0",
    )?;
    whole(
        "--mining-life-years",
        a.mining_life_years,
        1,
        30,
        "an ASIC life of 1 to 30 years",
    )?;
    if let Some(r) = a.lease_usd_per_kw_month {
        flag(
            "--lease-usd-per-kw-month",
            r,
            0.0,
            1e5,
            "a rent in USD per kW-month of IT ≥ 0, e.g. 150",
        )?;
    }
    flag(
        "--pue",
        a.pue,
        1.0,
        3.0,
        "a gross/IT ratio in [1, 3], e.g. 1.3",
    )?;
    flag(
        "--noi-margin",
        a.noi_margin,
        0.0,
        1.0,
        "a share of rent in [0, 1], e.g. 0.85",
    )?;
    flag(
        "--hpc-capex-usd-per-mw-it",
        a.hpc_capex_usd_per_mw_it,
        0.0,
        1e9,
        "USD per MW IT ≥ 0, e.g. 10e6",
    )?;
    whole("--build-months", a.build_months, 0, 240, "0 to 240 months")?;
    whole(
        "--term-years",
        a.term_years,
        1,
        100,
        "a lease term of 1 to 100 years",
    )?;
    flag(
        "--escalator",
        a.escalator,
        -0.5,
        0.5,
        "an annual rate in [-0.5, 0.5], e.g. 0.03",
    )?;
    flag(
        "--asic-resale-usd-per-th",
        a.asic_resale_usd_per_th,
        0.0,
        1e4,
        "USD per TH ≥ 0",
    )?;
    if let Some(g) = a.gpu_usd_per_hour {
        flag(
            "--gpu-usd-per-hour",
            g,
            0.0,
            1e3,
            "a price in USD per GPU-hour in [0, 1000], e.g. 2.0",
        )?;
    }
    flag(
        "--gpu-price-decline",
        a.gpu_price_decline,
        -0.5,
        0.99,
        "a yearly decline in [-0.5, 0.99], e.g. 0.2",
    )?;
    flag(
        "--utilization",
        a.utilization,
        0.0,
        1.0,
        "a share of GPU-hours sold in [0, 1]",
    )?;
    flag(
        "--gpu-capex-usd-per-mw-it",
        a.gpu_capex_usd_per_mw_it,
        0.0,
        1e10,
        "USD per MW IT ≥ 0",
    )?;
    whole(
        "--gpu-life-years",
        a.gpu_life_years,
        1,
        30,
        "a depreciation life of 1 to 30 years",
    )?;
    if let Some(o) = a.gpu_opex_usd_per_mw_it_year {
        flag(
            "--gpu-opex-usd-per-mw-it-year",
            o,
            0.0,
            1e10,
            "USD per MW IT per year ≥ 0",
        )?;
    }
    hashpivot::bounds::DISCOUNT_RATE.check_as("--discount-rate", a.discount_rate)?;
    Ok(())
}

/// "8" for 0.08, "7.5" for 0.075, "7.25" for 0.0725: as many decimals as the rate needs (up to 2).
fn pct_label(r: f64) -> String {
    let s = format!("{:.2}", r * 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn run(args: CompareArgs) -> Result<()> {
    check_flags(&args)?;
    let mut sources = BTreeMap::new();
    let net = datasets::network()?;
    let (date, hp, price, btc_hp) = match args.usd_per_ph_day {
        Some(h) => {
            sources.insert("usd_per_ph_day", "given with --usd-per-ph-day".to_string());
            (None, h, None, None)
        }
        None => {
            let date = match &args.date {
                Some(d) => Date::parse(d)?,
                None => net
                    .last_complete_date()
                    .context("the network data has no complete day")?,
            };
            let e = net.day(date, FeeWindow::Day)?;
            sources.insert(
                "usd_per_ph_day",
                format!("bundled network data, {date} (that day's fees and BTC close)"),
            );
            (
                Some(date),
                e.usd_per_ph_day,
                Some(e.price_usd),
                Some(e.btc_per_ph_day),
            )
        }
    };
    let mut extra_notes = Vec::new();
    let deals = hashpivot::data::bundled_deals()?;
    let all_rents = deals.lease_rents_as_of(None)?;
    let (lo, hi) = all_rents
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (_, r)| {
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
            let as_of = deals.lease_rents_as_of(date)?;
            let (used, how) = if as_of.is_empty() {
                let first = all_rents.iter().map(|(d, _)| d.announced).min();
                let msg = format!(
                    "no lease in the deal library was announced on or before {} (the first was {}): the lease rent \
                     falls back to the median of all {} leases — a rent from the future of the date asked",
                    date.map_or_else(|| "the date".to_string(), |d| d.to_string()),
                    first.map_or_else(|| "-".to_string(), |d| d.to_string()),
                    all_rents.len()
                );
                extra_notes.push(msg);
                (
                    &all_rents,
                    "all leases (none announced by the date)".to_string(),
                )
            } else {
                let how = match date {
                    Some(d) => format!("those announced on or before {d}"),
                    None => "all of them: no --date, the hashprice was given".to_string(),
                };
                (&as_of, how)
            };
            let ids: Vec<String> = used
                .iter()
                .map(|(d, r)| format!("{} {} ${r:.1}", d.id, d.announced))
                .collect();
            sources.insert(
                "lease_usd_per_kw_month",
                format!(
                    "median implied rent (contract value / term / IT kW) of {} leases in data/deals.toml ({how}): {}",
                    used.len(),
                    ids.join("; ")
                ),
            );
            median(used.iter().map(|(_, r)| *r).collect())
        }
    };
    let gpus = hashpivot::data::bundled_gpus()?;
    let gpu = gpus.find(&args.gpu)?;
    let gpu_price = match (args.gpu_usd_per_hour, gpu.usd_per_gpu_hour, &gpu.price_deal) {
        (Some(g), _, _) => {
            sources.insert("gpu_usd_per_hour", "given with --gpu-usd-per-hour".into());
            g
        }
        (None, _, Some(deal)) => {
            let d = deals.find(deal)?;
            let per_it_kwh = d
                .metrics(args.discount_rate)?
                .revenue_usd_per_it_kwh
                .with_context(|| format!("the {} deal lacks its figures", d.id))?;
            sources.insert(
                "gpu_usd_per_hour",
                format!(
                    "{} contract (announced {}): ${:.1}B / {} yr / {} MW IT = ${per_it_kwh:.3} per IT kWh × {:.3} kW \
                     per {} GPU; as of {}",
                    d.name,
                    d.announced,
                    d.contract_value_usd.unwrap_or(0.0) / 1e9,
                    d.term_years.unwrap_or(0.0),
                    d.mw_it.unwrap_or(0.0),
                    gpu.it_kw_per_gpu,
                    gpu.name,
                    gpu.price_as_of
                ),
            );
            per_it_kwh * gpu.it_kw_per_gpu
        }
        (None, Some(p), None) => {
            sources.insert(
                "gpu_usd_per_hour",
                format!(
                    "{} market price as of {}: {} (data/gpus.csv)",
                    gpu.name, gpu.price_as_of, gpu.price_source
                ),
            );
            p
        }
        (None, None, None) => bail!(
            "the GPU library has no sourced price for {}: give one with --gpu-usd-per-hour",
            gpu.name
        ),
    };
    if args.gpu_usd_per_hour.is_none()
        && let Some(d) = date
        && let Ok(p) = Date::parse(&gpu.price_as_of)
            .or_else(|_| Date::parse(&format!("{}-01", gpu.price_as_of)))
        && p.month() > d.month()
    {
        extra_notes.push(format!(
            "the {} price is dated {}, after the date asked ({d}): no earlier price is bundled; set --gpu-usd-per-hour",
            gpu.name, gpu.price_as_of
        ));
    }
    let gpu_opex = match args.gpu_opex_usd_per_mw_it_year {
        Some(o) => {
            sources.insert(
                "gpu_opex_usd_per_mw_it_year",
                "given with --gpu-opex-usd-per-mw-it-year".into(),
            );
            o
        }
        None => {
            let o = (1.0 - args.noi_margin) * rent * 12_000.0;
            sources.insert(
                "gpu_opex_usd_per_mw_it_year",
                format!(
                    "the data centre's operating cost on the lease's NOI basis: (1 − {:.3}) × ${rent:.1}/kW-month × \
                     12,000 = ${o:.0} per MW IT a year; no cloud staff, software, bandwidth or GPU repairs (no sourced \
                     figure): set --gpu-opex-usd-per-mw-it-year",
                    args.noi_margin
                ),
            );
            extra_notes.push(format!(
                "GPU-cloud opex defaults to the data centre's operating cost only (${:.0}k per MW IT a year, the lease's \
                 NOI basis); a cloud operator's own costs (staff, software, bandwidth, GPU repairs) are not in it and \
                 would lower the GPU row — set --gpu-opex-usd-per-mw-it-year.",
                o / 1e3
            ));
            o
        }
    };
    sources.insert(
        "mining_opex_usd_per_mwh",
        if args.mining_opex_usd_per_mwh == 0.0 {
            "0 by default: power is the only mining running cost counted (set --mining-opex-usd-per-mwh)".into()
        } else {
            "given with --mining-opex-usd-per-mwh".into()
        },
    );
    sources.insert(
        "gpu_capex_usd_per_mw_it",
        "IREN's ~$5.8B of Dell GB300 systems for 200 MW IT ($29M/MW), announced 2025-11-03".into(),
    );
    sources.insert(
        "hpc_capex_usd_per_mw_it",
        "Cipher $9–11M (2025-09-25), TeraWulf $8–10M (2025-08-14) per MW IT (deal library)".into(),
    );
    sources.insert(
        "noi_margin",
        "TeraWulf ~85% (2025-08-14), Cipher 80–85% (2025-09-25) (deal library)".into(),
    );
    sources.insert(
        "pue",
        "new large builds ≤ 1.3 (FACTS.md, 2023–2024 surveys); deals show gross/IT 1.25–1.52"
            .into(),
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
            opex_usd_per_mwh: args.mining_opex_usd_per_mwh,
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
            opex_usd_per_mw_it_year: gpu_opex,
            power_usd_per_kwh: args.power_usd_per_kwh,
            build_months: args.build_months,
            // Flow month 1 is the month after the date's (the network data's last day without a date).
            first_month: match date {
                Some(d) => d,
                None => net
                    .last_complete_date()
                    .context("the network data has no complete day")?,
            }
            .month()
            .add_months(1),
        },
        gpu_board_kw: gpu.gpu_tdp_w.map(|w| w / 1_000.0),
        discount_rate: args.discount_rate,
        library_rent_range_usd_per_kw_month: (lo, hi),
    };
    let mut c: Comparison = compare(&inputs)?;
    // The days of the network data on which mining earned the claim's $0.17–0.20/kWh.
    let days = net.days().iter().filter_map(|d| {
        net.day(d.date, FeeWindow::Day)
            .ok()
            .map(|e| (d.date, e.usd_per_ph_day))
    });
    let claim = mining_claim_days(days, args.pool_fee, args.j_per_th, [0.17, 0.20]);
    let claim_note = claim_days_note(&claim);
    c.seed_claim.mining_claim_days = Some(claim);
    c.notes.insert(2, claim_note);
    c.notes.extend(extra_notes);
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
            conversion: c.conversion,
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
        &format!("NPV@{}% $M/MW IT", pct_label(args.discount_rate)),
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
         build ${}M/MW IT over {} months, {}-yr term; {} at ${}/GPU-hour ({} kW IT/GPU, price as of {}), utilization {}%, GPUs ${}M/MW IT over {} yr; discount {}%\n",
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
        if args.gpu_usd_per_hour.is_some() { "given" } else { gpu.price_as_of.as_str() },
        num(args.utilization * 100.0, 0),
        num(args.gpu_capex_usd_per_mw_it / 1e6, 1),
        args.gpu_life_years,
        pct_label(args.discount_rate),
    ));
    s.push_str("\nthe seed claim \"mining $0.17–0.20/kWh, AI $3–5/kWh (17–25×)\" and the frames of the rows:\n");
    for n in &c.notes {
        s.push_str(&format!("  - {n}\n"));
    }
    s.push_str(
        "sources and dates of the defaults: `hashpivot compare --json` (assumptions.sources)\n",
    );
    print(&s)
}
