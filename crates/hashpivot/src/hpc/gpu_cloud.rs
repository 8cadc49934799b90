//! A GPU cloud seen from the operator: GPUs rented by the hour. The GPU library gives IT kW per GPU from the
//! power of the whole system (server or rack) divided by its GPUs, so networking, CPUs and fans are counted.

use super::capacity::Pue;
use crate::bounds;
use crate::date::Month;
use crate::error::{Error, Result, check_range, choices};
use crate::model_name::{each_once, normalize};
use serde::Serialize;

/// One GPU system of the library.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GpuModel {
    /// The name `--gpu` takes, e.g. "H100 SXM".
    pub name: String,
    /// The system whose power is given, e.g. "DGX H100 (8 GPU)".
    pub system: String,
    /// GPUs in the system (≥ 1).
    pub gpus_per_system: u32,
    /// Maximum input power of the system, kW (IT).
    pub system_kw: f64,
    /// Upper figure where sources differ (e.g. NVL72 racks up to ~132 kW).
    pub system_kw_high: Option<f64>,
    /// GPU board power, W, where known.
    pub gpu_tdp_w: Option<f64>,
    /// Cooling of the system, e.g. "air" or "liquid".
    pub cooling: String,
    /// IT kW per GPU: system_kw / gpus_per_system.
    pub it_kw_per_gpu: f64,
    /// Where the power figures come from.
    pub sources: String,
    /// Remarks on the figures (empty when none).
    pub note: String,
    /// Default price, USD per GPU-hour, where a sourced figure is bundled.
    pub usd_per_gpu_hour: Option<f64>,
    /// Id of a GPU-cloud deal whose revenue per IT kWh × kW per GPU gives the default price instead.
    pub price_deal: Option<String>,
    /// When the default price was observed (YYYY-MM or YYYY-MM-DD).
    pub price_as_of: String,
    /// Where the default price comes from.
    pub price_source: String,
}

impl GpuModel {
    /// A model from its system figures (trimmed text); `it_kw_per_gpu` = `system_kw` / `gpus_per_system`. Fails on
    /// zero GPUs, a system power outside [0.01, 10,000] kW or a high figure below `system_kw`. No default price is
    /// attached.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        name: &str,
        system: &str,
        gpus_per_system: u32,
        system_kw: f64,
        system_kw_high: Option<f64>,
        gpu_tdp_w: Option<f64>,
        cooling: &str,
        sources: &str,
        note: &str,
    ) -> Result<GpuModel> {
        if gpus_per_system == 0 {
            return Err(Error::invalid("gpus_per_system", 0, "at least 1 GPU"));
        }
        check_range(
            "system_kw",
            system_kw,
            0.01,
            1e4,
            "a positive system power in kW",
        )?;
        if let Some(h) = system_kw_high {
            check_range("system_kw_high", h, system_kw, 1e4, "at least system_kw")?;
        }
        Ok(GpuModel {
            name: name.trim().into(),
            system: system.trim().into(),
            gpus_per_system,
            system_kw,
            system_kw_high,
            gpu_tdp_w,
            cooling: cooling.trim().into(),
            it_kw_per_gpu: system_kw / gpus_per_system as f64,
            sources: sources.trim().into(),
            note: note.trim().into(),
            usd_per_gpu_hour: None,
            price_deal: None,
            price_as_of: String::new(),
            price_source: String::new(),
        })
    }
}

/// The GPU library.
#[derive(Debug, Clone)]
pub struct GpuLibrary {
    models: Vec<GpuModel>,
}

impl GpuLibrary {
    /// The library; fails when two models have the same name (compared ignoring case, spaces and punctuation).
    pub fn new(models: Vec<GpuModel>) -> Result<GpuLibrary> {
        each_once("GPU library", models.iter().map(|m| m.name.as_str()))?;
        Ok(GpuLibrary { models })
    }
    /// Every model, in the order given.
    pub fn models(&self) -> &[GpuModel] {
        &self.models
    }
    /// Finds a model ignoring case, spaces and punctuation ("h100", "H100 SXM", "gb300nvl72").
    pub fn find(&self, name: &str) -> Result<&GpuModel> {
        let key = normalize(name);
        let key_nv = key.trim_start_matches("nvidia").to_string();
        if let Some(m) = self.models.iter().find(|m| normalize(&m.name) == key_nv) {
            return Ok(m);
        }
        let prefixed: Vec<&GpuModel> = self
            .models
            .iter()
            .filter(|m| !key_nv.is_empty() && normalize(&m.name).starts_with(&key_nv))
            .collect();
        if prefixed.len() == 1 {
            return Ok(prefixed[0]);
        }
        Err(Error::invalid(
            "gpu",
            name,
            format!(
                "a model of the GPU library ({})",
                choices(self.models.iter().map(|m| m.name.as_str()))
            ),
        ))
    }
}

/// The operator's assumptions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GpuCloudParams {
    /// IT kW per GPU, its share of the whole system's power (see [`GpuModel::it_kw_per_gpu`]).
    pub it_kw_per_gpu: f64,
    /// Gross / IT ratio of the data centre.
    pub pue: Pue,
    /// Price in the first year, USD per GPU-hour.
    pub usd_per_gpu_hour: f64,
    /// Yearly decline of the price (0.2 = −20% a year).
    pub price_decline_per_year: f64,
    /// Share of GPU-hours sold, in [0, 1]. GPUs are taken to draw full power whether sold or not.
    pub utilization: f64,
    /// GPU systems (servers, racks, networking) per MW of IT, USD.
    pub gpu_capex_usd_per_mw_it: f64,
    /// Depreciation life of the GPUs, years: the cash flows run this long, with no residual value.
    pub life_years: u32,
    /// Data-center build cost per MW of IT, USD (the shell, power and cooling).
    pub non_gpu_capex_usd_per_mw_it: f64,
    /// Non-power operating cost per MW of IT per year, USD.
    pub opex_usd_per_mw_it_year: f64,
    /// Grid power price, USD/kWh.
    pub power_usd_per_kwh: f64,
    /// Months from the decision to the first GPU-hour sold: the data-centre capex is spread over them, the
    /// GPUs are paid on delivery at their end, and nothing is earned until then.
    pub build_months: u32,
    /// Calendar month of flow month 1 (the first month after the decision): monthly flows earn and pay for
    /// the calendar hours of their month.
    pub first_month: Month,
}

/// What a MW of GPU cloud earns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GpuCloudMetrics {
    /// GPUs that fit in one MW of IT: 1,000 / IT kW per GPU.
    pub gpus_per_mw_it: f64,
    /// First-year revenue per kWh of IT capacity: usd_per_gpu_hour × utilization / it_kw_per_gpu.
    pub revenue_usd_per_it_kwh: f64,
    /// First-year revenue per kWh drawn from the grid: revenue per IT kWh / PUE.
    pub revenue_usd_per_grid_kwh: f64,
    /// First-year revenue less power and opex, per grid kWh (before GPU depreciation).
    pub margin_usd_per_grid_kwh: f64,
    /// Capex spread evenly over the life's grid kWh: what depreciation costs per kWh.
    pub capex_recovery_usd_per_grid_kwh: f64,
    /// Total capex per MW of IT (GPUs + data centre), USD.
    pub capex_usd_per_mw_it: f64,
    /// Monthly cash flows per MW of IT: index 0 = the decision; the data-centre capex over the build months,
    /// the GPUs at the end of the build, then the GPU life of operation, each month [`gpu_cloud_month`] over
    /// its calendar hours.
    pub flows_per_mw_it: Vec<f64>,
}

impl GpuCloudParams {
    /// Checks every figure is in its range (IT kW per GPU, price, decline, utilization, capex, opex, power price,
    /// life, build months), naming the first field out of range.
    pub fn check(&self) -> Result<()> {
        bounds::IT_KW_PER_GPU.check_as("it_kw_per_gpu", self.it_kw_per_gpu)?;
        bounds::GPU_USD_PER_HOUR.check_as("usd_per_gpu_hour", self.usd_per_gpu_hour)?;
        bounds::GPU_PRICE_DECLINE_PER_YEAR
            .check_as("price_decline_per_year", self.price_decline_per_year)?;
        bounds::UTILIZATION.check_as("utilization", self.utilization)?;
        bounds::GPU_CAPEX_USD_PER_MW_IT
            .check_as("gpu_capex_usd_per_mw_it", self.gpu_capex_usd_per_mw_it)?;
        bounds::GPU_CAPEX_USD_PER_MW_IT.check_as(
            "non_gpu_capex_usd_per_mw_it",
            self.non_gpu_capex_usd_per_mw_it,
        )?;
        bounds::GPU_OPEX_USD_PER_MW_IT_YEAR
            .check_as("opex_usd_per_mw_it_year", self.opex_usd_per_mw_it_year)?;
        bounds::POWER_USD_PER_KWH.check_as("power_usd_per_kwh", self.power_usd_per_kwh)?;
        bounds::GPU_LIFE_YEARS.check_whole_as("life_years", u64::from(self.life_years))?;
        bounds::BUILD_MONTHS.check_whole_as("build_months", u64::from(self.build_months))?;
        Ok(())
    }

    /// Metrics and monthly cash flows per MW of IT.
    pub fn metrics(&self) -> Result<GpuCloudMetrics> {
        self.check()?;
        let pue = self.pue.value();
        let gpus = 1_000.0 / self.it_kw_per_gpu;
        let rev_it = self.usd_per_gpu_hour * self.utilization / self.it_kw_per_gpu;
        let power_it = self.power_usd_per_kwh * pue;
        let opex_it = self.opex_usd_per_mw_it_year / (1_000.0 * 8_760.0);
        let capex = self.gpu_capex_usd_per_mw_it + self.non_gpu_capex_usd_per_mw_it;
        let b = self.build_months as usize;
        let months = self.life_years as usize * 12;
        let mut flows = vec![0.0; b + months + 1];
        if b == 0 {
            flows[0] = -capex;
        } else {
            for f in flows.iter_mut().skip(1).take(b) {
                *f -= self.non_gpu_capex_usd_per_mw_it / b as f64;
            }
            flows[b] -= self.gpu_capex_usd_per_mw_it;
        }
        for (m, f) in flows.iter_mut().enumerate().skip(b + 1) {
            let year = ((m - b - 1) / 12) as i32;
            let price_index = (1.0 - self.price_decline_per_year).powi(year);
            let hours = self.first_month.add_months(m as i32 - 1).num_days() as f64 * 24.0;
            let g = gpu_cloud_month(
                1.0,
                pue,
                self.it_kw_per_gpu,
                hours,
                self.usd_per_gpu_hour,
                price_index,
                self.utilization,
                self.power_usd_per_kwh * 1_000.0,
                self.opex_usd_per_mw_it_year,
            );
            *f += g.revenue_usd - g.power_cost_usd - g.opex_usd;
        }
        Ok(GpuCloudMetrics {
            gpus_per_mw_it: gpus,
            revenue_usd_per_it_kwh: rev_it,
            revenue_usd_per_grid_kwh: rev_it / pue,
            margin_usd_per_grid_kwh: (rev_it - power_it - opex_it) / pue,
            capex_recovery_usd_per_grid_kwh: capex
                / (1_000.0 * pue * 8_760.0 * self.life_years as f64),
            capex_usd_per_mw_it: capex,
            flows_per_mw_it: flows,
        })
    }
}

/// A GPU cloud's month, USD.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GpuCloudMonth {
    /// Compute revenue of the month: GPUs × hours × price × price index × utilization, USD.
    pub revenue_usd: f64,
    /// Grid power: GPUs draw full power whether their hours are sold or not.
    pub power_cost_usd: f64,
    /// Non-power operating cost of the month: MW IT × opex per MW IT per year / 12, USD.
    pub opex_usd: f64,
}

/// Revenue of `mw_it` MW of GPUs over `hours` hours: GPUs × hours × USD/GPU-hour × price index × utilization.
#[inline]
pub fn gpu_revenue_usd(
    mw_it: f64,
    it_kw_per_gpu: f64,
    hours: f64,
    usd_per_gpu_hour: f64,
    price_index: f64,
    utilization: f64,
) -> f64 {
    let gpus = mw_it * 1_000.0 / it_kw_per_gpu;
    gpus * hours * usd_per_gpu_hour * price_index * utilization
}

/// A delivered GPU cloud's month of `hours` calendar hours: revenue at the price index, power for `mw_gross`
/// at `power_usd_per_mwh`, opex per MW of IT per year spread evenly over the months.
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn gpu_cloud_month(
    mw_it: f64,
    mw_gross: f64,
    it_kw_per_gpu: f64,
    hours: f64,
    usd_per_gpu_hour: f64,
    price_index: f64,
    utilization: f64,
    power_usd_per_mwh: f64,
    opex_usd_per_mw_it_year: f64,
) -> GpuCloudMonth {
    GpuCloudMonth {
        revenue_usd: gpu_revenue_usd(
            mw_it,
            it_kw_per_gpu,
            hours,
            usd_per_gpu_hour,
            price_index,
            utilization,
        ),
        power_cost_usd: mw_gross * hours * power_usd_per_mwh,
        opex_usd: mw_it * opex_usd_per_mw_it_year / 12.0,
    }
}

/// How GPU generations age and follow each other. A generation's rental price falls with its age; a refresh buys
/// the generation current at the time, whose launch price follows the generation curve and whose hardware
/// follows the hardware price curve, and sells the old GPUs on the resale curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GpuVintageTerms {
    /// Yearly decline of a generation's rental price with its age (0.256: the H100 from ~$2.85/GPU-hour in early
    /// 2024 to $1.70 in October 2025).
    pub decline_per_year_of_age: f64,
    /// Yearly change of the launch rental price, per MW IT, of the generation current at the time (0: each new
    /// generation rents at launch as its predecessor did at its own launch).
    pub generation_price_change_per_year: f64,
    /// Yearly change of the price of GPU systems per MW IT of the current generation.
    pub hardware_price_change_per_year: f64,
    /// Yearly decline of a used GPU's resale value, as a share of what it cost.
    pub resale_decline_per_year: f64,
}

/// The GPUs of a conversion in service.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GpuVintage {
    /// Simulated month (from the valuation date) they went into service.
    pub bought_month: usize,
    /// Their generation's launch price relative to the first generation's price path at the same date: the
    /// price index of a month (which falls with the first generation's age) times this is their price index.
    pub launch_boost: f64,
    /// What they cost, USD.
    pub capex_usd: f64,
}

impl GpuVintageTerms {
    /// The launch boost of the generation current in simulated month `m`: (1 + generation change)^years /
    /// (1 − decline of age)^years, so a generation bought then prices at its launch level and ages from there.
    pub fn launch_boost(&self, m: usize) -> f64 {
        let years = m as f64 / 12.0;
        (1.0 + self.generation_price_change_per_year).powf(years)
            / (1.0 - self.decline_per_year_of_age).powf(years)
    }

    /// The price of GPU systems per MW IT in simulated month `m`, from `usd_per_mw_it_now` at the valuation date.
    pub fn hardware_usd_per_mw_it(&self, usd_per_mw_it_now: f64, m: usize) -> f64 {
        usd_per_mw_it_now * (1.0 + self.hardware_price_change_per_year).powf(m as f64 / 12.0)
    }

    /// What the GPUs of `v` fetch if sold in simulated month `m`: their cost × (1 − resale decline)^age.
    pub fn resale_usd(&self, v: &GpuVintage, m: usize) -> f64 {
        let age_years = m.saturating_sub(v.bought_month) as f64 / 12.0;
        v.capex_usd * (1.0 - self.resale_decline_per_year).powf(age_years)
    }
}

/// Whether the GPUs of a vintage `months_in_service` old are due for a refresh decision: at the end of their
/// life, then every 12 months while they are kept.
#[inline]
pub fn refresh_due(months_in_service: usize, life_months: usize) -> bool {
    life_months > 0
        && months_in_service >= life_months
        && (months_in_service - life_months).is_multiple_of(12)
}

/// A refresh decision in simulated month `m`, on the path's terms: the market price level of the month
/// (`price_index`, the first generation's path with its noise) followed on its median course from there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshCase {
    /// The month of the decision (from the valuation date).
    pub m: usize,
    /// The last simulated month: nothing after it is counted (the valuation ends there).
    pub horizon_months: usize,
    /// The first month whose revenue follows the market (a contract fixes revenue before it).
    pub market_from_month: usize,
    /// The price index of month `m`.
    pub price_index: f64,
    /// Annual discount rate (the GPU cloud's class rate).
    pub discount_rate: f64,
    /// Tax rate on the extra revenue and the old GPUs' resale (fully depreciated at the end of their life); the
    /// new GPUs' depreciation shields it.
    pub tax_rate: f64,
    /// Months over which the new GPUs are depreciated, straight-line (the GPU class's tax life).
    pub depreciation_months: usize,
    /// Volatility of the price index per √year: the decision follows the index's median course (its mean
    /// course × e^(−σ²t/2)), so a refresh is made only when it pays on the typical outcome, not only on the
    /// average of outcomes skewed by a few high-price paths.
    pub volatility_per_year: f64,
}

/// How far below its median course the decision takes the price index, in standard deviations of its log at
/// each month: 1.282, its 10th percentile. A refresh is a bet of billions on GPU prices over the years left;
/// taken only when it pays even on that low course, it raises the NPV on about nine paths in ten of those where
/// it is taken, so it lifts the mean without lowering the median (on the IREN example, taken on the course's
/// median it raised the mean but lowered the P50: the paths it lost on fell across the median).
pub const DECISION_QUANTILE_Z: f64 = 1.282;

/// The value after tax of refreshing the GPUs of `old` in month `case.m` rather than keeping them, as known in
/// that month: the old GPUs' resale (taxed: they are fully depreciated) less the new generation's hardware, plus
/// the discounted extra revenue of the new generation after tax over the months to the horizon, on the median
/// course of the price index from its level in month `m` on this path, plus the tax shield of the new GPUs'
/// depreciation within the horizon (power and opex are the same either way). A refresh is made only when this is
/// positive, so it is an option taken when it adds value given the state, never a forced loss.
/// `revenue_per_index` is a month's revenue at price index 1 (GPUs × hours × USD/GPU-hour × utilization).
/// Returns the value and the new vintage.
pub fn refresh_value_usd(
    terms: &GpuVintageTerms,
    old: &GpuVintage,
    case: &RefreshCase,
    hardware_usd: f64,
    revenue_per_index: f64,
) -> (f64, GpuVintage) {
    let new = GpuVintage {
        bought_month: case.m,
        launch_boost: terms.launch_boost(case.m),
        capex_usd: hardware_usd,
    };
    let age = (1.0 - terms.decline_per_year_of_age).powf(1.0 / 12.0)
        * (-0.5 * case.volatility_per_year * case.volatility_per_year / 12.0).exp();
    let mut extra = 0.0;
    let mut shield = 0.0;
    let mut index = case.price_index;
    let monthly_depreciation = hardware_usd / case.depreciation_months.max(1) as f64;
    for k in case.m + 1..=case.horizon_months {
        index *= age;
        // The 10th percentile of the index k − m months on: its median course × e^(−1.282 σ √t).
        let t = (k - case.m) as f64 / 12.0;
        let index = index * (-DECISION_QUANTILE_Z * case.volatility_per_year * t.sqrt()).exp();
        let df = crate::finance::discount_factor(case.discount_rate, k - case.m);
        if k >= case.market_from_month {
            extra += df * revenue_per_index * index * (new.launch_boost - old.launch_boost);
        }
        if k - case.m <= case.depreciation_months {
            shield += df * monthly_depreciation;
        }
    }
    let t = case.tax_rate;
    (
        terms.resale_usd(old, case.m) * (1.0 - t) - hardware_usd + extra * (1.0 - t) + shield * t,
        new,
    )
}

/// The price per GPU-hour at which a GPU earns `usd_per_it_kwh` per kWh of IT load: price = rate × kW per GPU.
pub fn usd_per_gpu_hour_for_it_kwh(usd_per_it_kwh: f64, it_kw_per_gpu: f64) -> f64 {
    usd_per_it_kwh * it_kw_per_gpu
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> GpuCloudParams {
        GpuCloudParams {
            it_kw_per_gpu: 10.2 / 8.0,
            pue: Pue::new(1.3).unwrap(),
            usd_per_gpu_hour: 2.0,
            price_decline_per_year: 0.2,
            utilization: 0.8,
            gpu_capex_usd_per_mw_it: 30e6,
            life_years: 5,
            non_gpu_capex_usd_per_mw_it: 10e6,
            opex_usd_per_mw_it_year: 500_000.0,
            power_usd_per_kwh: 0.05,
            build_months: 0,
            first_month: Month {
                year: 2025,
                month: 1,
            },
        }
    }

    #[test]
    fn h100_per_kwh() {
        let m = params().metrics().unwrap();
        // 2.0 × 0.8 / 1.275 = 1.2549 per IT kWh; / 1.3 per grid kWh.
        assert!((m.revenue_usd_per_it_kwh - 1.6 / 1.275).abs() < 1e-12);
        assert!((m.revenue_usd_per_grid_kwh - 1.6 / 1.275 / 1.3).abs() < 1e-12);
        assert!((m.gpus_per_mw_it - 784.313_725).abs() < 1e-5);
        let power_it = 0.05 * 1.3;
        let opex_it = 500_000.0 / 8.76e6;
        assert!(
            (m.margin_usd_per_grid_kwh - (1.6 / 1.275 - power_it - opex_it) / 1.3).abs() < 1e-12
        );
        // Year-2 price is 20% lower.
        let f = &m.flows_per_mw_it;
        assert_eq!(f.len(), 61);
        assert_eq!(f[0], -40e6);
        // Month 12 is December 2025 (744 h), month 13 January 2026 (744 h), month 2 February 2025 (672 h).
        let rev = |p: f64, h: f64| 784.313_725_490_196 * h * p * 0.8;
        let cost = |h: f64| 1_000.0 * 1.3 * h * 0.05 + 500_000.0 / 12.0;
        assert!((f[12] - (rev(2.0, 744.0) - cost(744.0))).abs() < 1e-6);
        assert!((f[13] - (rev(1.6, 744.0) - cost(744.0))).abs() < 1e-6);
        assert!((f[2] - (rev(2.0, 672.0) - cost(672.0))).abs() < 1e-6);
    }

    #[test]
    fn build_months_delay_revenue_and_spread_the_data_centre_capex() {
        let mut p = params();
        p.build_months = 12;
        let f = p.metrics().unwrap().flows_per_mw_it;
        assert_eq!(f.len(), 12 + 60 + 1);
        assert_eq!(f[0], 0.0);
        // $10M of shell over 12 months; the $30M of GPUs on delivery at the end of month 12.
        assert!((f[1] + 10e6 / 12.0).abs() < 1e-6);
        assert!((f[12] + 10e6 / 12.0 + 30e6).abs() < 1e-6);
        // Months 13 and 25 are January 2026 and 2027: 744 hours each.
        let rev = 784.313_725_490_196 * 744.0 * 2.0 * 0.8;
        let cost = 1_000.0 * 1.3 * 744.0 * 0.05 + 500_000.0 / 12.0;
        assert!((f[13] - (rev - cost)).abs() < 1e-6);
        // Year 2 of operation starts at month 25.
        assert!((f[25] - (rev * 0.8 - cost)).abs() < 1e-6);
    }

    #[test]
    fn a_refresh_pays_only_when_the_new_generation_earns_more() {
        let terms = GpuVintageTerms {
            decline_per_year_of_age: 0.2,
            generation_price_change_per_year: 0.0,
            hardware_price_change_per_year: 0.0,
            resale_decline_per_year: 0.2,
        };
        // The first GPUs, $29M per MW on 200 MW, bought at month 6; the decision at month 66 (5 years on).
        let old = GpuVintage {
            bought_month: 6,
            launch_boost: 1.0,
            capex_usd: 5.8e9,
        };
        // At month 66 the new generation prices at 0.8^-5.5 = 3.41 times the first generation's path.
        assert!((terms.launch_boost(66) - 0.8f64.powf(-5.5)).abs() < 1e-12);
        // Five years old, the GPUs resell for 0.8^5 = 32.8% of their cost.
        assert!((terms.resale_usd(&old, 66) - 5.8e9 * 0.8f64.powi(5)).abs() < 1e-3);
        let case = RefreshCase {
            m: 66,
            horizon_months: 120,
            market_from_month: 0,
            price_index: 0.8f64.powf(5.5),
            discount_rate: 0.12,
            tax_rate: 0.0,
            depreciation_months: 60,
            volatility_per_year: 0.0,
        };
        // 200 MW of 1.8-kW GPUs at $2.50 and 80% over 730 hours: $162.2M a month at index 1.
        let rev = gpu_revenue_usd(200.0, 1.8, 730.0, 2.5, 1.0, 0.8);
        assert!((rev - 162_222_222.2).abs() < 1.0);
        let (v, new) = refresh_value_usd(&terms, &old, &case, 5.8e9, rev);
        assert_eq!(new.bought_month, 66);
        // 54 months to the horizon of (1 − 0.2925) × $162M a month, falling 20%/yr, discounted at 12%: $3.15B,
        // less than the $5.8B of hardware less the $1.90B resale: the refresh is declined (-$0.754B).
        assert!((v / 1e9 + 0.7539).abs() < 1e-3, "{v}");
        // With used GPUs keeping more value (−10%/yr: $3.42B resale) the same refresh pays.
        let dear_resale = GpuVintageTerms {
            resale_decline_per_year: 0.1,
            ..terms
        };
        let (v, _) = refresh_value_usd(&dear_resale, &old, &case, 5.8e9, rev);
        assert!((v / 1e9 - 0.7704).abs() < 1e-3, "{v}");
        // After tax (21%): the resale and the extra revenue are taxed, the new GPUs' 60 months of depreciation
        // (all within the 54 months to the horizon but 6) shield $5.8B × 21% discounted.
        let taxed = RefreshCase {
            tax_rate: 0.21,
            ..case
        };
        let (vt, _) = refresh_value_usd(&dear_resale, &old, &taxed, 5.8e9, rev);
        assert!((vt / 1e9 - 0.2453).abs() < 1e-3, "{vt}");
        // Uncertain prices (25%/√yr) put the course at its 10th percentile each month: the same refresh is worth
        // less at the decision, and declined.
        let risky = RefreshCase {
            volatility_per_year: 0.25,
            ..taxed
        };
        let (vr, _) = refresh_value_usd(&dear_resale, &old, &risky, 5.8e9, rev);
        assert!(vr < 0.0, "{vr}");
        // If new generations launch 20% lower per year, the new GPUs price as the old ones: nothing more is
        // earned, and the refresh (hardware less resale) only costs.
        let flat = GpuVintageTerms {
            generation_price_change_per_year: -0.2,
            ..terms
        };
        let (v, _) = refresh_value_usd(&flat, &old, &case, 5.8e9, rev);
        assert!(
            (v - (terms.resale_usd(&old, 66) - 5.8e9)).abs() < 1e-3,
            "{v}"
        );
        // Decisions at the end of the life, then every 12 months while kept.
        assert!(!refresh_due(59, 60) && refresh_due(60, 60) && !refresh_due(61, 60));
        assert!(refresh_due(72, 60) && !refresh_due(5, 0));
    }

    #[test]
    fn seed_claim_price() {
        // $3–5 per IT kWh at 1.275 kW per GPU needs $3.83–6.38 per GPU-hour.
        assert!((usd_per_gpu_hour_for_it_kwh(3.0, 1.275) - 3.825).abs() < 1e-12);
        assert!((usd_per_gpu_hour_for_it_kwh(5.0, 1.275) - 6.375).abs() < 1e-12);
    }

    #[test]
    fn bad_params() {
        let mut p = params();
        p.utilization = 1.2;
        assert!(p.metrics().unwrap_err().to_string().contains("utilization"));
        let mut p = params();
        p.life_years = 0;
        assert!(p.metrics().is_err());
    }
}
