//! Who outbids whom for power: each use's willingness to pay (WTP) for a grid MWh, against a hub's real hourly
//! prices.
//!
//! - **mining**, by efficiency tier: the day's hashprice per MWh after the pool fee
//!   ([`crate::mining::hashprice_usd_per_mwh`]), less mining opex, per grid MWh (÷ the mining PUE) — the price
//!   above which the tier stops, day by day;
//! - **hosting lease** (landlord): a month of rent less non-power opex ([`crate::hpc::lease::lease_month`] at
//!   the NOI margin), per IT MWh over the 730-hour month, less capex recovery (build capex straight-line over
//!   the term), ÷ PUE;
//! - **GPU cloud** (operator): a month of GPU revenue less opex ([`crate::hpc::gpu_cloud::gpu_cloud_month`]
//!   with no power), per IT MWh, ÷ PUE, less the capex recovery per grid kWh of
//!   [`crate::hpc::gpu_cloud::GpuCloudParams::metrics`].
//!
//! Every figure not asked for comes from `compare`'s defaults at the date ([`crate::hpc::compare::Defaults`]:
//! the deal library's median rent, the GPU library's price, the fixed defaults with their basis).
//!
//! In an hour, a use *can bid* when its WTP is at least the hub price; the use with the highest WTP among those
//! *wins* the hour (the earlier use on a tie: lease, GPU cloud, then the tiers most efficient first).

use crate::date::Date;
use crate::error::{Error, Result};
use crate::finance::HOURS_PER_MONTH;
use crate::hpc::compare::{CompareRequest, Defaults};
use crate::hpc::gpu_cloud::gpu_cloud_month;
use crate::hpc::lease::{Collected, lease_month};
use crate::mining::hashprice_usd_per_mwh;
use crate::network::tiers::Tier;
use crate::power::HourlySeries;
use crate::risk::{quantile, sorted};
use serde::Serialize;

/// One use's bid over the year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UseBid {
    /// `hosting_lease`, `gpu_cloud` or `mining <band>`.
    pub name: String,
    /// J/TH of a mining tier.
    pub j_per_th: Option<f64>,
    /// WTP, USD per grid MWh: the year's mean (constant for a lease and a GPU cloud).
    pub wtp_usd_per_mwh: f64,
    /// Lowest daily WTP of the year.
    pub wtp_min_usd_per_mwh: f64,
    /// Highest daily WTP of the year.
    pub wtp_max_usd_per_mwh: f64,
    /// Hours whose hub price is at most the WTP.
    pub hours_can_bid: u32,
    /// Hours the use wins.
    pub hours_won: u32,
    /// Mean hub price of the hours won, USD/MWh (`None` when none).
    pub mean_price_won_usd_per_mwh: Option<f64>,
    /// Highest hub price of an hour won.
    pub max_price_won_usd_per_mwh: Option<f64>,
    /// How the WTP is made, in words.
    pub basis: String,
}

/// A price band of the year's hours and how many of them each use can bid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceBand {
    /// Lower edge, USD/MWh (inclusive).
    pub from_usd_per_mwh: f64,
    /// Upper edge (exclusive; `None` = open).
    pub to_usd_per_mwh: Option<f64>,
    /// Hours in the band.
    pub hours: u32,
    /// Hours each use can bid, in the order of [`PowerBid::uses`].
    pub hours_can_bid: Vec<u32>,
}

/// The result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PowerBid {
    /// Hub.
    pub hub: String,
    /// First and last day of the hours.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Hours.
    pub hours: u32,
    /// Mean hub price, USD/MWh.
    pub mean_price_usd_per_mwh: f64,
    /// Every use.
    pub uses: Vec<UseBid>,
    /// Hours per price band.
    pub bands: Vec<PriceBand>,
    /// The hub's price duration curve (percentile → USD/MWh, 0, 5, …, 100), for a bid-curve chart.
    pub price_percentiles: Vec<(u32, f64)>,
    /// Each mining tier's daily WTP (the stop price), day by day, for a bid-curve chart.
    pub mining_daily_wtp: Vec<(Date, Vec<f64>)>,
}

/// Edges of [`PowerBid::bands`], USD/MWh.
pub const BAND_EDGES_USD_PER_MWH: [f64; 8] = [0.0, 20.0, 40.0, 60.0, 100.0, 200.0, 500.0, 1_000.0];

/// `compare`'s defaults at `date` (the deal library's median rent by then, the GPU library's price, the fixed
/// defaults), which every WTP not asked for takes.
pub fn defaults_at(
    date: Date,
    network: &crate::network::NetworkHistory,
    deals: &crate::hpc::deals::DealLibrary,
    gpus: &crate::hpc::gpu_cloud::GpuLibrary,
) -> Result<Defaults> {
    let req = CompareRequest {
        date: Some(date),
        ..CompareRequest::default()
    };
    Defaults::resolve(&req, network, deals, gpus)
}

/// The lease's WTP per grid MWh, with its basis.
pub fn lease_wtp_usd_per_mwh(d: &Defaults) -> (f64, String) {
    let l = &d.inputs.lease;
    let rent_usd_per_mw_month = l.usd_per_kw_month * 1_000.0;
    let m = lease_month(
        Collected {
            rent_usd: rent_usd_per_mw_month,
            occupied: 1.0,
        },
        l.noi_margin,
        0.0,
    );
    let noi_per_it_mwh = (m.rent_collected_usd - m.opex_usd) / HOURS_PER_MONTH;
    let capex_per_it_mwh = l.capex_usd_per_mw_it / (8_760.0 * l.term_years as f64);
    let wtp = (noi_per_it_mwh - capex_per_it_mwh) / l.pue;
    (
        wtp,
        format!(
            "rent {:.1} USD/kW-month × NOI margin {:.2} / 730 h = {:.1} USD per IT MWh, less capex {:.1} M USD/MW IT \
             over {} years ({:.1}), ÷ PUE {:.2}",
            l.usd_per_kw_month,
            l.noi_margin,
            noi_per_it_mwh,
            l.capex_usd_per_mw_it / 1e6,
            l.term_years,
            capex_per_it_mwh,
            l.pue
        ),
    )
}

/// The GPU cloud's WTP per grid MWh, with its basis.
pub fn gpu_wtp_usd_per_mwh(d: &Defaults) -> Result<(f64, String)> {
    let g = &d.inputs.gpu;
    let pue = g.pue.value();
    let m = gpu_cloud_month(
        1.0,
        0.0,
        g.it_kw_per_gpu,
        HOURS_PER_MONTH,
        g.usd_per_gpu_hour,
        1.0,
        g.utilization,
        0.0,
        g.opex_usd_per_mw_it_year,
    );
    let per_it_mwh = (m.revenue_usd - m.opex_usd) / HOURS_PER_MONTH;
    let capex = g.metrics()?.capex_recovery_usd_per_grid_kwh * 1_000.0;
    let wtp = per_it_mwh / pue - capex;
    Ok((
        wtp,
        format!(
            "{} at {:.2} USD/GPU-hour × utilization {:.2}, {:.3} IT kW/GPU, less opex: {:.0} USD per IT MWh ÷ PUE \
             {:.2}, less capex recovery {:.0} USD per grid MWh",
            d.inputs.gpu_name,
            g.usd_per_gpu_hour,
            g.utilization,
            g.it_kw_per_gpu,
            per_it_mwh,
            pue,
            capex
        ),
    ))
}

/// The bid table of `series` (one hub's hours) with each hour's UTC day's hashprice from `hashprice`.
pub fn bid(
    defaults: &Defaults,
    tiers: &[Tier],
    series: &HourlySeries,
    hashprice: impl Fn(Date) -> Result<f64>,
) -> Result<PowerBid> {
    if series.is_empty() || tiers.is_empty() {
        return Err(Error::invalid(
            "hours",
            series.len(),
            "at least one hour and one tier",
        ));
    }
    let mi = &defaults.inputs.mining;
    let (lease, lease_basis) = lease_wtp_usd_per_mwh(defaults);
    let (gpu, gpu_basis) = gpu_wtp_usd_per_mwh(defaults)?;
    let tier_wtp = |hp: f64| -> Vec<f64> {
        tiers
            .iter()
            .map(|t| {
                (hashprice_usd_per_mwh(hp, mi.pool_fee, t.j_per_th) - mi.opex_usd_per_mwh) / mi.pue
            })
            .collect()
    };
    let n_uses = 2 + tiers.len();
    let (mut can, mut won) = (vec![0u32; n_uses], vec![0u32; n_uses]);
    let (mut won_sum, mut won_max) = (vec![0.0; n_uses], vec![f64::NEG_INFINITY; n_uses]);
    let mut bands: Vec<PriceBand> = BAND_EDGES_USD_PER_MWH
        .iter()
        .enumerate()
        .map(|(i, lo)| PriceBand {
            from_usd_per_mwh: *lo,
            to_usd_per_mwh: BAND_EDGES_USD_PER_MWH.get(i + 1).copied(),
            hours: 0,
            hours_can_bid: vec![0; n_uses],
        })
        .collect();
    bands.insert(
        0,
        PriceBand {
            from_usd_per_mwh: f64::NEG_INFINITY,
            to_usd_per_mwh: Some(0.0),
            hours: 0,
            hours_can_bid: vec![0; n_uses],
        },
    );
    let mut daily: Vec<(Date, Vec<f64>)> = Vec::new();
    let prices = series.usd_per_mwh();
    for (i, &price) in prices.iter().enumerate() {
        let day = Date::from_unix_seconds(series.hour_utc(i) * 3_600);
        if daily.last().map(|d| d.0) != Some(day) {
            daily.push((day, tier_wtp(hashprice(day)?)));
        }
        let mut bids = vec![lease, gpu];
        bids.extend_from_slice(&daily[daily.len() - 1].1);
        let band = bands
            .iter_mut()
            .rev()
            .find(|b| price >= b.from_usd_per_mwh)
            .expect("the first band is open below");
        band.hours += 1;
        let mut best: Option<usize> = None;
        for (u, &w) in bids.iter().enumerate() {
            if w >= price {
                can[u] += 1;
                band.hours_can_bid[u] += 1;
                if best.is_none_or(|b| w > bids[b]) {
                    best = Some(u);
                }
            }
        }
        if let Some(b) = best {
            won[b] += 1;
            won_sum[b] += price;
            won_max[b] = f64::max(won_max[b], price);
        }
    }
    let days = daily.len() as f64;
    let mut uses = Vec::with_capacity(n_uses);
    for u in 0..n_uses {
        let (name, j, mean, lo, hi, basis) = match u {
            0 => (
                "hosting_lease".to_string(),
                None,
                lease,
                lease,
                lease,
                lease_basis.clone(),
            ),
            1 => (
                "gpu_cloud".to_string(),
                None,
                gpu,
                gpu,
                gpu,
                gpu_basis.clone(),
            ),
            _ => {
                let t = &tiers[u - 2];
                let w: Vec<f64> = daily.iter().map(|d| d.1[u - 2]).collect();
                (
                    format!("mining {}", t.band),
                    Some(t.j_per_th),
                    w.iter().sum::<f64>() / days,
                    w.iter().copied().fold(f64::INFINITY, f64::min),
                    w.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    format!(
                        "the day's hashprice × (1 − pool fee {:.2}) / (24 × {:.1} J/TH), less opex {:.1} USD/MWh, \
                         ÷ mining PUE {:.2} (e.g. {})",
                        mi.pool_fee, t.j_per_th, mi.opex_usd_per_mwh, mi.pue, t.example
                    ),
                )
            }
        };
        uses.push(UseBid {
            name,
            j_per_th: j,
            wtp_usd_per_mwh: mean,
            wtp_min_usd_per_mwh: lo,
            wtp_max_usd_per_mwh: hi,
            hours_can_bid: can[u],
            hours_won: won[u],
            mean_price_won_usd_per_mwh: (won[u] > 0).then(|| won_sum[u] / won[u] as f64),
            max_price_won_usd_per_mwh: (won[u] > 0).then_some(won_max[u]),
            basis,
        });
    }
    let s = sorted(prices);
    Ok(PowerBid {
        hub: series.hub().to_string(),
        from: daily[0].0,
        to: daily[daily.len() - 1].0,
        hours: prices.len() as u32,
        mean_price_usd_per_mwh: prices.iter().sum::<f64>() / prices.len() as f64,
        uses,
        bands: bands.into_iter().filter(|b| b.hours > 0).collect(),
        price_percentiles: (0..=20)
            .map(|k| (k * 5, quantile(&s, k as f64 / 20.0)))
            .collect(),
        mining_daily_wtp: daily,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{bundled_asics, bundled_deals, bundled_gpus, bundled_network, bundled_power};
    use crate::network::FeeWindow;
    use crate::network::tiers::efficiency_tiers;
    use crate::power::Market;
    use crate::power::central_time::Clock;

    #[test]
    fn hb_west_2025_bids() {
        let net = bundled_network().unwrap();
        let last = Date::parse("2025-12-31").unwrap();
        let d = defaults_at(
            last,
            &net,
            &bundled_deals().unwrap(),
            &bundled_gpus().unwrap(),
        )
        .unwrap();
        // Lease: median rent of the deal library by 2025-12-31 × NOI 0.85 / 730 h, less $10M/MW IT over 10 years,
        // ÷ PUE 1.3 = (172.9 − 114.2) / 1.3 = 45.2 USD per grid MWh.
        let (lease, _) = lease_wtp_usd_per_mwh(&d);
        let rent = d.inputs.lease.usd_per_kw_month;
        let expect = (rent * 1_000.0 * 0.85 / 730.0 - 10e6 / (8_760.0 * 10.0)) / 1.3;
        assert!(
            (lease - expect).abs() < 1e-9 && (lease - 45.18).abs() < 0.05,
            "{lease}"
        );
        let book = bundled_power(Market::Rt).unwrap();
        let (a, b) = Clock::Central.days_utc_hours(Date::parse("2025-01-01").unwrap(), last);
        let s = book.series("HB_WEST", a, b, "power (rt)").unwrap();
        let tiers = efficiency_tiers(&bundled_asics().unwrap());
        let r = bid(&d, &tiers, &s, |day| {
            Ok(net.day(day, FeeWindow::Day)?.usd_per_ph_day)
        })
        .unwrap();
        assert_eq!(r.hours, 8_760);
        assert_eq!(r.uses.len(), 2 + tiers.len());
        // Every hour is won by at most one use; only hours above every bid (all of them ≥ 100 USD/MWh) go unwon.
        let won: u32 = r.uses.iter().map(|u| u.hours_won).sum();
        let high: u32 = r
            .bands
            .iter()
            .filter(|b| b.from_usd_per_mwh >= 100.0)
            .map(|b| b.hours)
            .sum();
        assert!(won <= 8_760 && won + high >= 8_760, "{won} {high}");
        // The GPU cloud's WTP is the highest constant bid; the most efficient tier beats it on its best days.
        let gpu = &r.uses[1];
        assert!(gpu.wtp_usd_per_mwh > lease && gpu.hours_won > 0);
        let best_tier = &r.uses[2];
        assert!(best_tier.wtp_max_usd_per_mwh > gpu.wtp_usd_per_mwh);
        // Less efficient tiers bid less and can bid in fewer hours.
        assert!(
            r.uses[2..]
                .windows(2)
                .all(|w| w[0].wtp_usd_per_mwh > w[1].wtp_usd_per_mwh
                    && w[0].hours_can_bid >= w[1].hours_can_bid)
        );
        // No use bids the 2025 hours above 500 USD/MWh.
        let top = r.bands.last().unwrap();
        assert!(top.from_usd_per_mwh >= 500.0 && top.hours_can_bid.iter().all(|h| *h == 0));
        assert_eq!(r.price_percentiles.len(), 21);
    }
}
