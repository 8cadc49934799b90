//! Efficiency tiers of the ASIC library: the models grouped by J/TH band, each tier represented by the median
//! J/TH of its models (the library's figures, rated power over rated hashrate). Used wherever a question is
//! asked "by tier": which tiers stay profitable after an exodus, what each tier bids for power.

use crate::mining::AsicLibrary;
use serde::Serialize;

/// Upper edges of the bands, J/TH (the last band is open): ≤ 15, 15–20, 20–25, 25–35, 35–50, > 50.
pub const TIER_EDGES_J_PER_TH: [f64; 5] = [15.0, 20.0, 25.0, 35.0, 50.0];

/// One efficiency tier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tier {
    /// The band, e.g. "15–20 J/TH".
    pub band: String,
    /// The tier's J/TH: the median of its models'.
    pub j_per_th: f64,
    /// Models of the library in the band.
    pub models: usize,
    /// The model whose J/TH is nearest the median.
    pub example: String,
}

/// The library's tiers, most efficient first; bands without a model are left out.
pub fn efficiency_tiers(asics: &AsicLibrary) -> Vec<Tier> {
    let mut out = Vec::new();
    let mut lo = 0.0;
    for i in 0..=TIER_EDGES_J_PER_TH.len() {
        let hi = TIER_EDGES_J_PER_TH.get(i).copied().unwrap_or(f64::INFINITY);
        let mut ms: Vec<(f64, &str)> = asics
            .models()
            .iter()
            .filter(|m| m.j_per_th > lo && m.j_per_th <= hi)
            .map(|m| (m.j_per_th, m.model.as_str()))
            .collect();
        if !ms.is_empty() {
            ms.sort_by(|a, b| a.0.total_cmp(&b.0));
            let n = ms.len();
            let median = if n % 2 == 1 {
                ms[n / 2].0
            } else {
                0.5 * (ms[n / 2 - 1].0 + ms[n / 2].0)
            };
            let example = ms
                .iter()
                .min_by(|a, b| (a.0 - median).abs().total_cmp(&(b.0 - median).abs()))
                .map(|m| m.1.to_string())
                .unwrap_or_default();
            let band = if hi.is_finite() {
                if lo == 0.0 {
                    format!("≤ {hi} J/TH")
                } else {
                    format!("{lo}–{hi} J/TH")
                }
            } else {
                format!("> {lo} J/TH")
            };
            out.push(Tier {
                band,
                j_per_th: median,
                models: n,
                example,
            });
        }
        lo = hi;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::bundled_asics;

    #[test]
    fn tiers_cover_the_library() {
        let a = bundled_asics().unwrap();
        let t = efficiency_tiers(&a);
        assert_eq!(t.iter().map(|t| t.models).sum::<usize>(), a.models().len());
        assert!(t.windows(2).all(|w| w[0].j_per_th < w[1].j_per_th));
        assert_eq!(t[0].band, "≤ 15 J/TH");
    }
}
