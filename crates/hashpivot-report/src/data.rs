//! The one JSON object every chart is drawn from ([`ReportData`]), built from the core's results. `charts.js`
//! reads it in the report, the dispatch report and the dashboard alike; the HTML tables read the same struct.

use hashpivot::decide::{Breakeven, Comparison, Tornado};
use hashpivot::power::DispatchResult;
use hashpivot::sim::{JsonSummary, Report, YearDist};
use serde::Serialize;

/// Bars of the NPV histogram.
pub const HISTOGRAM_BINS: usize = 40;

/// A histogram: bins of equal width from `min` to `max`, each with its count of paths.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Left edge of each bin (the last bin includes its right edge, `max`).
    pub edges: Vec<f64>,
    /// Width of every bin.
    pub width: f64,
    /// Paths in each bin.
    pub counts: Vec<u64>,
}

impl Histogram {
    /// The histogram of `values` in `bins` bins of equal width over [min, max] (one bin when every value is
    /// equal; no bin without values).
    pub fn of(values: &[f64], bins: usize) -> Histogram {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let (Some(lo), Some(hi)) = (
            finite.iter().copied().reduce(f64::min),
            finite.iter().copied().reduce(f64::max),
        ) else {
            return Histogram {
                edges: Vec::new(),
                width: 0.0,
                counts: Vec::new(),
            };
        };
        let n = if hi > lo { bins.max(1) } else { 1 };
        // One bin around a single value is 1 wide (any width draws; 0 would not).
        let width = if hi > lo { (hi - lo) / n as f64 } else { 1.0 };
        let mut counts = vec![0u64; n];
        for v in finite {
            let k = (((v - lo) / width) as usize).min(n - 1);
            counts[k] += 1;
        }
        Histogram {
            edges: (0..n).map(|k| lo + width * k as f64).collect(),
            width,
            counts,
        }
    }
}

/// The plans of a scenario side by side (`hashpivot decide`), the tornado of the leading plan against the
/// baseline (`hashpivot sensitivity`) and breakevens of its largest bars (`hashpivot breakeven`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plans {
    /// The comparison, as `decide --json` prints it.
    pub comparison: Comparison,
    /// The tornado, as `sensitivity --json` prints it (`None` when there is no plan to weigh against the
    /// baseline).
    pub tornado: Option<Tornado>,
    /// Breakevens, as `breakeven --json` prints each.
    pub breakevens: Vec<Breakeven>,
}

/// Everything the run report shows, serialised once into the page (`charts.js` draws from it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportData {
    /// Which page the data is for: `run` (report, dashboard) or `dispatch`.
    pub kind: &'static str,
    /// The run's summary, as `run --json` prints it.
    pub summary: Option<JsonSummary>,
    /// Whether only the base case ran.
    pub deterministic: bool,
    /// NPV of the base case, USD.
    pub base_npv_usd: f64,
    /// Share of paths with an IRR.
    pub irr_defined_share: f64,
    /// First and last simulated month, `YYYY-MM`.
    pub months: (String, String),
    /// Each simulated year's label (`Y1 2026-02…`).
    pub year_labels: Vec<String>,
    /// The NPV of every path, binned.
    pub npv_histogram: Histogram,
    /// Quantiles of each year's mean BTC price, USD per BTC.
    pub btc_usd_by_year: Vec<YearDist>,
    /// Quantiles of each year's mean hashprice, USD per PH/s per day.
    pub hashprice_usd_per_ph_day_by_year: Vec<YearDist>,
    /// The plans, where the scenario has them.
    pub plans: Option<Plans>,
    /// The dispatch report's data (kind `dispatch`).
    pub dispatch: Option<DispatchData>,
}

impl ReportData {
    /// The data of a run's report (`plans` where the scenario has `[[plans]]`).
    pub fn from_run(r: &Report, plans: Option<Plans>) -> ReportData {
        let npvs: Vec<f64> = r.paths.iter().map(|p| p.npv_usd).collect();
        let first = r.first_month.clone();
        let year_labels = (1..=r.summary.ebitda_usd_by_year.len())
            .map(|y| format!("Y{y}"))
            .collect();
        ReportData {
            kind: "run",
            summary: Some(r.summary.clone()),
            deterministic: r.deterministic,
            base_npv_usd: r.base_npv_usd,
            irr_defined_share: r.irr_defined_share,
            months: (first, r.last_month.clone()),
            year_labels,
            npv_histogram: Histogram::of(&npvs, HISTOGRAM_BINS),
            btc_usd_by_year: r.btc_usd_by_year.clone(),
            hashprice_usd_per_ph_day_by_year: r.hashprice_usd_per_ph_day_by_year.clone(),
            plans,
            dispatch: None,
        }
    }

    /// The data of a dispatch report.
    pub fn from_dispatch(r: &DispatchResult) -> ReportData {
        ReportData {
            kind: "dispatch",
            summary: None,
            deterministic: true,
            base_npv_usd: 0.0,
            irr_defined_share: 0.0,
            months: (String::new(), String::new()),
            year_labels: Vec::new(),
            npv_histogram: Histogram::of(&[], 0),
            btc_usd_by_year: Vec::new(),
            hashprice_usd_per_ph_day_by_year: Vec::new(),
            plans: None,
            dispatch: Some(DispatchData::of(r)),
        }
    }

    /// The data as JSON, safe inside a `<script>` element (no `</` closes it early).
    pub fn to_script_json(&self) -> String {
        script_json(self)
    }
}

/// `data` as JSON, safe inside a `<script>` element (no `</` closes it early).
pub fn script_json(data: &impl Serialize) -> String {
    let json = serde_json::to_string(data).expect("report data serialises");
    json.replace("</", "<\\/")
}

/// The dispatch report's charts: running MW by hour of day and day, and the monthly margin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DispatchData {
    /// Hub and window, in words.
    pub title: String,
    /// MW available to mining (the heatmap's top).
    pub mining_mw: f64,
    /// Each day of the window, `YYYY-MM-DD`.
    pub days: Vec<String>,
    /// `[day index, hour of day, MW running]`; on the fall-back day the repeated hour is the mean of the two.
    pub cells: Vec<(usize, u32, f64)>,
    /// Each month, `YYYY-MM`.
    pub months: Vec<String>,
    /// Margin of each month, USD.
    pub margin_usd: Vec<f64>,
    /// Mining revenue of each month, USD.
    pub mining_revenue_usd: Vec<f64>,
    /// Power cost of each month, USD.
    pub power_cost_usd: Vec<f64>,
    /// Resale revenue of each month, USD.
    pub resale_revenue_usd: Vec<f64>,
}

impl DispatchData {
    fn of(r: &DispatchResult) -> DispatchData {
        let mut days: Vec<String> = Vec::new();
        let mut cells: Vec<(usize, u32, f64)> = Vec::new();
        let mut repeats = 1.0;
        for h in &r.running_mw_by_hour {
            let day = h.day.to_string();
            if days.last() != Some(&day) {
                days.push(day);
            }
            let d = days.len() - 1;
            match cells.last_mut() {
                // The repeated hour of the fall-back day: the mean of its two hours.
                Some(c) if c.0 == d && c.1 == h.hour => {
                    repeats += 1.0;
                    c.2 += (h.mw - c.2) / repeats;
                }
                _ => {
                    repeats = 1.0;
                    cells.push((d, h.hour, h.mw));
                }
            }
        }
        let m = &r.monthly;
        DispatchData {
            title: format!(
                "{} from {} to {} (exclusive)",
                r.hub, r.from_hour_utc, r.to_hour_utc
            ),
            mining_mw: r.mining_mw,
            days,
            cells,
            months: m.iter().map(|x| x.month.to_string()).collect(),
            margin_usd: m.iter().map(|x| x.margin_usd).collect(),
            mining_revenue_usd: m.iter().map(|x| x.mining_revenue_usd).collect(),
            power_cost_usd: m.iter().map(|x| x.power_cost_usd).collect(),
            resale_revenue_usd: m.iter().map(|x| x.resale_revenue_usd).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_counts_every_value_once() {
        let h = Histogram::of(&[0.0, 1.0, 2.0, 3.0, 4.0], 4);
        assert_eq!(h.counts, vec![1, 1, 1, 2]);
        assert_eq!(h.edges, vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(h.width, 1.0);
    }

    #[test]
    fn histogram_of_one_value_is_one_bin() {
        let h = Histogram::of(&[7.0, 7.0], 40);
        assert_eq!(h.counts, vec![2]);
        assert_eq!(h.edges, vec![7.0]);
        let e = Histogram::of(&[], 40);
        assert!(e.counts.is_empty());
    }
}
