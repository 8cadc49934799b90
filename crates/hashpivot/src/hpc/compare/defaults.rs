//! The comparison's defaults: how the numbers a [`CompareRequest`] leaves open are chosen from the bundled data
//! ([`Defaults::resolve`]), each with its basis — where the number came from — so every front end says the same
//! words.
//!
//! Texts name the request's own fields in backticks (`` `gpu_usd_per_hour` ``); a front end may render them as
//! its own spelling of the input (the CLI's `--gpu-usd-per-hour`).

use super::inputs::{CompareInputs, LeaseInputs, MiningInputs};
use super::request::CompareRequest;
use super::seed_claim::{ClaimDays, MINING_CLAIM_USD_PER_KWH, claim_days_note, mining_claim_days};
use super::{Comparison, compare};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::hpc::capacity::Pue;
use crate::hpc::deals::DealLibrary;
use crate::hpc::gpu_cloud::{GpuCloudParams, GpuLibrary};
use crate::network::{FeeWindow, NetworkHistory};
use crate::risk::{quantile, sorted};
use serde::Serialize;
use std::collections::BTreeMap;

/// A number and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    /// The number, in the unit its field's name carries.
    pub value: f64,
    /// Where the number came from, said to a person.
    pub basis: String,
    /// Whether the request gave it (otherwise it was chosen from the bundled data).
    pub given: bool,
}

impl Resolved {
    fn given(value: f64, field: &str) -> Resolved {
        Resolved {
            value,
            basis: format!("given with `{field}`"),
            given: true,
        }
    }
    fn chosen(value: f64, basis: String) -> Resolved {
        Resolved {
            value,
            basis,
            given: false,
        }
    }
}

/// A request with every default chosen: the comparison's inputs, each chosen number with its basis, the
/// sources of the fixed assumptions, and the notes the choices call for.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    /// The comparison's inputs, every number resolved.
    pub inputs: CompareInputs,
    /// The day whose network data set the hashprice (`None` when the hashprice was given).
    pub date: Option<Date>,
    /// BTC price of the date, USD (`None` when the hashprice was given).
    pub btc_price_usd: Option<f64>,
    /// BTC earned per PH/s per day on the date, subsidy plus fees (`None` when the hashprice was given).
    pub btc_per_ph_day: Option<f64>,
    /// Hashprice, USD per PH/s per day: given, or the date's.
    pub hashprice_usd_per_ph_day: Resolved,
    /// Lease rent, USD per kW of IT per month: given, or the median of the deal library's leases announced by the
    /// date.
    pub lease_usd_per_kw_month: Resolved,
    /// GPU price, USD per GPU-hour: given, or the GPU library's sourced price.
    pub gpu_usd_per_hour: Resolved,
    /// When the GPU library's price was observed (`None` when the price was given).
    pub gpu_price_as_of: Option<String>,
    /// GPU-cloud non-power opex, USD per MW of IT per year: given, or the data centre's operating cost on the
    /// lease's NOI basis.
    pub gpu_opex_usd_per_mw_it_year: Resolved,
    /// Input name → where its value comes from, for every assumption (chosen or fixed).
    pub sources: BTreeMap<&'static str, String>,
    /// Days of the network history on which mining earned the seed claim's $0.17–0.20/kWh at the inputs.
    pub mining_claim_days: ClaimDays,
    /// Notes the choices call for (a fallback, a price dated after the date asked, an opex left out).
    pub notes: Vec<String>,
}

/// The sources of the assumptions that have a fixed default rather than one chosen from the data.
const FIXED_SOURCES: [(&str, &str); 8] = [
    (
        "gpu_capex_usd_per_mw_it",
        "IREN's ~$5.8B of Dell GB300 systems for 200 MW IT ($29M/MW), announced 2025-11-03",
    ),
    (
        "hpc_capex_usd_per_mw_it",
        "Cipher $9–11M (2025-09-25), TeraWulf $8–10M (2025-08-14) per MW IT (deal library)",
    ),
    (
        "noi_margin",
        "TeraWulf ~85% (2025-08-14), Cipher 80–85% (2025-09-25) (deal library)",
    ),
    (
        "pue",
        "new large builds ≤ 1.3 (FACTS.md, 2023–2024 surveys); deals show gross/IT 1.25–1.52",
    ),
    (
        "asic_usd_per_th",
        "Hashrate Index ASIC price index, < 25 J/TH tier ~$20/TH (July 2023, via CoinDesk)",
    ),
    (
        "mining_site_capex_usd_per_mw",
        "mining sites $0.3–0.8M per MW excluding ASICs (FACTS.md)",
    ),
    (
        "asic_resale_usd_per_th",
        "older tiers traded $4.7–10/TH in Dec 2022 (Hashrate Index); an assumption",
    ),
    (
        "utilization_and_decline",
        "take-or-pay contract like IREN–Microsoft: 100% sold, fixed price; set `utilization` and \
         `gpu_price_decline` for a spot cloud",
    ),
];

impl Defaults {
    /// Chooses every default the request leaves open from the network history, the deal library and the GPU
    /// library, after checking the request's numbers against their bounds.
    ///
    /// - hashprice: the date's network economics (that day's fees and BTC close); the date defaults to the last
    ///   complete day of the history;
    /// - lease rent: the median implied rent of the deal library's leases announced on or before the date (all
    ///   of them, with a note, when none was);
    /// - GPU price: the GPU library's price, or the revenue per IT kWh of the deal it names × kW per GPU;
    /// - GPU-cloud opex: the data centre's operating cost on the lease's NOI basis,
    ///   (1 − NOI margin) × rent × 12,000.
    pub fn resolve(
        req: &CompareRequest,
        network: &NetworkHistory,
        deals: &DealLibrary,
        gpus: &GpuLibrary,
    ) -> Result<Defaults> {
        req.check()?;
        let mut sources = BTreeMap::new();
        let mut notes = Vec::new();

        let (date, hashprice, btc_price_usd, btc_per_ph_day) = match req.usd_per_ph_day {
            Some(h) => (None, Resolved::given(h, "usd_per_ph_day"), None, None),
            None => {
                let date = match req.date {
                    Some(d) => d,
                    None => network.last_complete_date().ok_or_else(|| {
                        Error::invalid("date", "none", "a network history with a complete day")
                    })?,
                };
                let e = network.day(date, FeeWindow::Day)?;
                let basis = format!("bundled network data, {date} (that day's fees and BTC close)");
                (
                    Some(date),
                    Resolved::chosen(e.usd_per_ph_day, basis),
                    Some(e.price_usd),
                    Some(e.btc_per_ph_day),
                )
            }
        };
        sources.insert("usd_per_ph_day", hashprice.basis.clone());

        let all_rents = deals.lease_rents_as_of(None)?;
        let (lo, hi) = all_rents
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (_, r)| {
                (a.min(*r), b.max(*r))
            });
        let rent = match req.lease_usd_per_kw_month {
            Some(r) => Resolved::given(r, "lease_usd_per_kw_month"),
            None => {
                let as_of = deals.lease_rents_as_of(date)?;
                let (used, how) = if as_of.is_empty() {
                    let first = all_rents.iter().map(|(d, _)| d.announced).min();
                    notes.push(format!(
                        "no lease in the deal library was announced on or before {} (the first was {}): the lease \
                         rent falls back to the median of all {} leases — a rent from the future of the date asked",
                        date.map_or_else(|| "the date".to_string(), |d| d.to_string()),
                        first.map_or_else(|| "-".to_string(), |d| d.to_string()),
                        all_rents.len()
                    ));
                    (
                        &all_rents,
                        "all leases (none announced by the date)".to_string(),
                    )
                } else {
                    let how = match date {
                        Some(d) => format!("those announced on or before {d}"),
                        None => "all of them: no `date`, the hashprice was given".to_string(),
                    };
                    (&as_of, how)
                };
                if used.is_empty() {
                    return Err(Error::invalid(
                        "lease_usd_per_kw_month",
                        "none",
                        "a rent: the deal library has no lease with the figures to imply one",
                    ));
                }
                let ids: Vec<String> = used
                    .iter()
                    .map(|(d, r)| format!("{} {} ${r:.1}", d.id, d.announced))
                    .collect();
                let rents: Vec<f64> = used.iter().map(|(_, r)| *r).collect();
                Resolved::chosen(
                    quantile(&sorted(&rents), 0.5),
                    format!(
                        "median implied rent (contract value / term / IT kW) of {} leases in data/deals.toml ({how}): {}",
                        used.len(),
                        ids.join("; ")
                    ),
                )
            }
        };
        sources.insert("lease_usd_per_kw_month", rent.basis.clone());

        let gpu = gpus.find(&req.gpu)?;
        let gpu_price = match (req.gpu_usd_per_hour, gpu.usd_per_gpu_hour, &gpu.price_deal) {
            (Some(g), _, _) => Resolved::given(g, "gpu_usd_per_hour"),
            (None, _, Some(deal)) => {
                let d = deals.find(deal)?;
                let per_it_kwh = d
                    .metrics(req.fixed.discount_rate)?
                    .revenue_usd_per_it_kwh
                    .ok_or_else(|| {
                        Error::invalid(
                            format!("deal {}", d.id),
                            "no revenue per IT kWh",
                            "a GPU-cloud deal with its MW IT, term and contract value",
                        )
                    })?;
                Resolved::chosen(
                    per_it_kwh * gpu.it_kw_per_gpu,
                    format!(
                        "{} (announced {}): ${:.1}B / {} yr / {} MW IT = ${per_it_kwh:.3} per IT kWh × {:.3} \
                         kW per {} GPU; as of {}",
                        d.name,
                        d.announced,
                        d.contract_value_usd.unwrap_or(0.0) / 1e9,
                        d.term_years.unwrap_or(0.0),
                        d.mw_it.unwrap_or(0.0),
                        gpu.it_kw_per_gpu,
                        gpu.name,
                        gpu.price_as_of
                    ),
                )
            }
            (None, Some(p), None) => Resolved::chosen(
                p,
                format!(
                    "{} market price as of {}: {} (data/gpus.csv)",
                    gpu.name, gpu.price_as_of, gpu.price_source
                ),
            ),
            (None, None, None) => {
                return Err(Error::invalid(
                    "gpu_usd_per_hour",
                    "none",
                    format!(
                        "a price in USD per GPU-hour: the GPU library has no sourced price for {}",
                        gpu.name
                    ),
                ));
            }
        };
        sources.insert("gpu_usd_per_hour", gpu_price.basis.clone());
        if !gpu_price.given
            && let Some(d) = date
            && let Ok(p) = Date::parse(&gpu.price_as_of)
                .or_else(|_| Date::parse(&format!("{}-01", gpu.price_as_of)))
            && p.month() > d.month()
        {
            notes.push(format!(
                "the {} price is dated {}, after the date asked ({d}): no earlier price is bundled; set \
                 `gpu_usd_per_hour`",
                gpu.name, gpu.price_as_of
            ));
        }

        let gpu_opex = match req.gpu_opex_usd_per_mw_it_year {
            Some(o) => Resolved::given(o, "gpu_opex_usd_per_mw_it_year"),
            None => {
                let o = (1.0 - req.fixed.noi_margin) * rent.value * 12_000.0;
                notes.push(format!(
                    "GPU-cloud opex defaults to the data centre's operating cost only (${:.0}k per MW IT a year, the \
                     lease's NOI basis); a cloud operator's own costs (staff, software, bandwidth, GPU repairs) are \
                     not in it and would lower the GPU row — set `gpu_opex_usd_per_mw_it_year`.",
                    o / 1e3
                ));
                Resolved::chosen(
                    o,
                    format!(
                        "the data centre's operating cost on the lease's NOI basis: (1 − {:.3}) × ${:.1}/kW-month × \
                         12,000 = ${o:.0} per MW IT a year; no cloud staff, software, bandwidth or GPU repairs (no \
                         sourced figure): set `gpu_opex_usd_per_mw_it_year`",
                        req.fixed.noi_margin, rent.value
                    ),
                )
            }
        };
        sources.insert("gpu_opex_usd_per_mw_it_year", gpu_opex.basis.clone());
        sources.insert(
            "mining_opex_usd_per_mwh",
            if req.fixed.mining_opex_usd_per_mwh == 0.0 {
                "0 by default: power is the only mining running cost counted (set `mining_opex_usd_per_mwh`)"
                    .into()
            } else {
                "given with `mining_opex_usd_per_mwh`".into()
            },
        );
        for (k, v) in FIXED_SOURCES {
            sources.insert(k, v.to_string());
        }

        // GPU-cloud flow month 1 is the month after the valuation date (the network data's last complete day
        // when no date is given); its calendar hours are what the GPUs are rented for.
        let first_month = req
            .date
            .or_else(|| network.last_complete_date())
            .ok_or_else(|| Error::invalid("date", "none", "a network history with a complete day"))?
            .month()
            .add_months(1);
        let inputs = CompareInputs {
            mining: MiningInputs {
                usd_per_ph_day: hashprice.value,
                pool_fee: req.fixed.pool_fee,
                j_per_th: req.fixed.j_per_th,
                power_usd_per_kwh: req.fixed.power_usd_per_kwh,
                pue: req.fixed.mining_pue,
                opex_usd_per_mwh: req.fixed.mining_opex_usd_per_mwh,
                asic_usd_per_th: req.fixed.asic_usd_per_th,
                site_capex_usd_per_mw_gross: req.fixed.mining_site_capex_usd_per_mw,
                life_years: req.fixed.mining_life_years,
            },
            lease: LeaseInputs {
                usd_per_kw_month: rent.value,
                pue: req.fixed.pue,
                noi_margin: req.fixed.noi_margin,
                capex_usd_per_mw_it: req.fixed.hpc_capex_usd_per_mw_it,
                build_months: req.fixed.build_months,
                term_years: req.fixed.term_years,
                escalator_per_year: req.fixed.escalator,
                asic_resale_usd_per_th: req.fixed.asic_resale_usd_per_th,
            },
            gpu_name: gpu.name.clone(),
            gpu: GpuCloudParams {
                it_kw_per_gpu: gpu.it_kw_per_gpu,
                pue: Pue::new(req.fixed.pue)?,
                usd_per_gpu_hour: gpu_price.value,
                price_decline_per_year: req.fixed.gpu_price_decline,
                utilization: req.fixed.utilization,
                gpu_capex_usd_per_mw_it: req.fixed.gpu_capex_usd_per_mw_it,
                life_years: req.fixed.gpu_life_years,
                non_gpu_capex_usd_per_mw_it: req.fixed.hpc_capex_usd_per_mw_it,
                opex_usd_per_mw_it_year: gpu_opex.value,
                power_usd_per_kwh: req.fixed.power_usd_per_kwh,
                build_months: req.fixed.build_months,
                first_month,
            },
            gpu_board_kw: gpu.gpu_tdp_w.map(|w| w / 1_000.0),
            discount_rate: req.fixed.discount_rate,
            library_rent_range_usd_per_kw_month: (lo, hi),
        };

        // The days of the network data on which mining earned the claim's $0.17–0.20/kWh.
        let days = network.days().iter().filter_map(|d| {
            network
                .day(d.date, FeeWindow::Day)
                .ok()
                .map(|e| (d.date, e.usd_per_ph_day))
        });
        let claim = mining_claim_days(
            days,
            req.fixed.pool_fee,
            req.fixed.j_per_th,
            MINING_CLAIM_USD_PER_KWH,
        );

        Ok(Defaults {
            inputs,
            date,
            btc_price_usd,
            btc_per_ph_day,
            hashprice_usd_per_ph_day: hashprice,
            lease_usd_per_kw_month: rent,
            gpu_price_as_of: (!gpu_price.given).then(|| gpu.price_as_of.clone()),
            gpu_usd_per_hour: gpu_price,
            gpu_opex_usd_per_mw_it_year: gpu_opex,
            sources,
            mining_claim_days: claim,
            notes,
        })
    }

    /// The four numbers chosen from the data (or given), by input name: hashprice, lease rent, GPU price and
    /// GPU-cloud opex.
    pub fn resolved(&self) -> [(&'static str, &Resolved); 4] {
        [
            ("usd_per_ph_day", &self.hashprice_usd_per_ph_day),
            ("lease_usd_per_kw_month", &self.lease_usd_per_kw_month),
            ("gpu_usd_per_hour", &self.gpu_usd_per_hour),
            (
                "gpu_opex_usd_per_mw_it_year",
                &self.gpu_opex_usd_per_mw_it_year,
            ),
        ]
    }

    /// Runs the comparison on the resolved inputs and adds what the choices found: the days of the history
    /// that match the claim, and the notes on the defaults.
    pub fn compare(&self) -> Result<Comparison> {
        let mut c = compare(&self.inputs)?;
        let claim = self.mining_claim_days.clone();
        c.notes.insert(2, claim_days_note(&claim));
        c.seed_claim.mining_claim_days = Some(claim);
        c.notes.extend(self.notes.iter().cloned());
        Ok(c)
    }
}
