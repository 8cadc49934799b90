//! The deal library: `data/deals.toml`, read in two stages — a raw struct that mirrors the file (unknown
//! fields refused), then validation into [`Deal`] with every problem named by its deal id and field.

use crate::date::Date;
use crate::error::{Error, Result};
use crate::hpc::deals::{Deal, DealKind, DealLibrary, DealStatus};
use crate::hpc::lease::{Backstop, PowerPassThrough, RampStep};
use serde::Deserialize;

/// `data/deals.toml`.
pub const DEALS_TOML: &str = include_str!("../../../../data/deals.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    deal: Vec<RawDeal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeal {
    id: String,
    name: String,
    kind: String,
    landlord: String,
    tenant: String,
    backstop: Option<Backstop>,
    announced: String,
    status: String,
    status_date: String,
    status_note: String,
    mw_it: Option<f64>,
    mw_gross: Option<f64>,
    term_years: Option<f64>,
    contract_value_usd: Option<f64>,
    escalator_per_year: Option<f64>,
    #[serde(default)]
    escalator_note: String,
    power_pass_through: String,
    build_months: Option<u32>,
    #[serde(default)]
    ramp: Vec<RampStep>,
    capex_usd_per_mw_it: Option<f64>,
    noi_margin: Option<f64>,
    #[serde(default)]
    extension_options: String,
    value_with_extensions_usd: Option<f64>,
    prepayment_fraction: Option<f64>,
    confidence: String,
    #[serde(default)]
    aggregate_of: Vec<String>,
    sources: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
}

fn bad(origin: &str, id: &str, field: &str, found: impl ToString, expected: &str) -> Error {
    Error::Parse {
        origin: origin.to_string(),
        line: 0,
        message: format!(
            "deal '{id}': invalid {field}: found {}, expected {expected}",
            found.to_string()
        ),
    }
}

fn positive(origin: &str, id: &str, field: &str, v: Option<f64>) -> Result<()> {
    match v {
        Some(x) if !(x.is_finite() && x > 0.0) => {
            Err(bad(origin, id, field, x, "a positive number"))
        }
        _ => Ok(()),
    }
}

impl RawDeal {
    fn validate(self, origin: &str) -> Result<Deal> {
        let id = self.id.clone();
        let date = |field: &str, s: &str| {
            Date::parse(s).map_err(|_| bad(origin, &id, field, format!("'{s}'"), "YYYY-MM-DD"))
        };
        let kind = match self.kind.as_str() {
            "lease" => DealKind::Lease,
            "gpu_cloud" => DealKind::GpuCloud,
            "acquisition" => DealKind::Acquisition,
            k => {
                return Err(bad(
                    origin,
                    &id,
                    "kind",
                    format!("'{k}'"),
                    "lease, gpu_cloud or acquisition",
                ));
            }
        };
        let status = match self.status.as_str() {
            "active" => DealStatus::Active,
            "terminated" => DealStatus::Terminated,
            s => {
                return Err(bad(
                    origin,
                    &id,
                    "status",
                    format!("'{s}'"),
                    "active or terminated",
                ));
            }
        };
        let power_pass_through =
            PowerPassThrough::parse(&self.power_pass_through).ok_or_else(|| {
                bad(
                    origin,
                    &id,
                    "power_pass_through",
                    format!("'{}'", self.power_pass_through),
                    "nnn, modified_gross, full_service or unknown",
                )
            })?;
        let announced = date("announced", &self.announced)?;
        let status_date = date("status_date", &self.status_date)?;
        if status_date < announced {
            return Err(bad(
                origin,
                &id,
                "status_date",
                status_date,
                "a date on or after the announcement",
            ));
        }
        for (f, v) in [
            ("mw_it", self.mw_it),
            ("mw_gross", self.mw_gross),
            ("term_years", self.term_years),
            ("contract_value_usd", self.contract_value_usd),
            ("capex_usd_per_mw_it", self.capex_usd_per_mw_it),
            ("value_with_extensions_usd", self.value_with_extensions_usd),
        ] {
            positive(origin, &id, f, v)?;
        }
        if let (Some(it), Some(g)) = (self.mw_it, self.mw_gross)
            && g < it
        {
            return Err(bad(
                origin,
                &id,
                "mw_gross",
                g,
                "at least mw_it: gross power includes the IT load",
            ));
        }
        for (f, v) in [
            ("noi_margin", self.noi_margin),
            ("prepayment_fraction", self.prepayment_fraction),
        ] {
            if let Some(x) = v
                && !(0.0..=1.0).contains(&x)
            {
                return Err(bad(origin, &id, f, x, "a share in [0, 1]"));
            }
        }
        if self.sources.is_empty() {
            return Err(bad(origin, &id, "sources", "none", "at least one source"));
        }
        if !matches!(self.confidence.as_str(), "H" | "M" | "H/M") {
            return Err(bad(
                origin,
                &id,
                "confidence",
                format!("'{}'", self.confidence),
                "H, M or H/M",
            ));
        }
        Ok(Deal {
            id: self.id,
            name: self.name,
            kind,
            landlord: self.landlord,
            tenant: self.tenant,
            backstop: self.backstop,
            announced,
            status,
            status_date,
            status_note: self.status_note,
            mw_it: self.mw_it,
            mw_gross: self.mw_gross,
            term_years: self.term_years,
            contract_value_usd: self.contract_value_usd,
            escalator_per_year: self.escalator_per_year,
            escalator_note: self.escalator_note,
            power_pass_through,
            build_months: self.build_months,
            ramp: self.ramp,
            capex_usd_per_mw_it: self.capex_usd_per_mw_it,
            noi_margin: self.noi_margin,
            extension_options: self.extension_options,
            value_with_extensions_usd: self.value_with_extensions_usd,
            prepayment_fraction: self.prepayment_fraction,
            confidence: self.confidence,
            aggregate_of: self.aggregate_of,
            sources: self.sources,
            notes: self.notes,
        })
    }
}

/// Parses a deal library in the shape of `data/deals.toml`.
pub fn parse_deals_toml(text: &str, origin: &str) -> Result<DealLibrary> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].lines().count().max(1) as u64
        });
        Error::Parse {
            origin: origin.to_string(),
            line,
            message: e.message().to_string(),
        }
    })?;
    let deals = raw
        .deal
        .into_iter()
        .map(|d| d.validate(origin))
        .collect::<Result<Vec<_>>>()?;
    let lib = DealLibrary::new(deals)?;
    for d in lib.deals() {
        for a in &d.aggregate_of {
            lib.find(a).map_err(|_| {
                bad(
                    origin,
                    &d.id,
                    "aggregate_of",
                    format!("'{a}'"),
                    "ids of deals in the library",
                )
            })?;
        }
    }
    Ok(lib)
}

/// The bundled deal library.
pub fn bundled_deals() -> Result<DealLibrary> {
    parse_deals_toml(DEALS_TOML, "bundled data/deals.toml")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finance::{HOURS_PER_MONTH, discount_factor};

    #[test]
    fn bundled_figures_match_their_sources() {
        let lib = bundled_deals().unwrap();
        let cifr = lib.find("cifr-fluidstack").unwrap();
        assert_eq!(
            (cifr.mw_it, cifr.mw_gross, cifr.term_years),
            (Some(168.0), Some(244.0), Some(10.0))
        );
        assert_eq!(cifr.contract_value_usd, Some(3e9));
        assert_eq!(cifr.backstop.as_ref().unwrap().amount_usd, Some(1.4e9));
        let m = cifr.metrics(0.1).unwrap();
        // ~$3B / 120 months / 168,000 kW = $148.8 per kW-month; / 730 h = $0.204 per IT kWh.
        assert!((m.implied_usd_per_kw_month.unwrap() - 148.81).abs() < 0.01);
        assert!((m.revenue_usd_per_it_kwh.unwrap() - 0.2038).abs() < 1e-4);
        let wulf = lib.find("wulf-fluidstack").unwrap();
        assert_eq!(wulf.contract_value_usd, Some(3.7e9));
        assert_eq!(wulf.backstop.as_ref().unwrap().amount_usd, Some(1.8e9));
        assert_eq!(wulf.power_pass_through, PowerPassThrough::ModifiedGross);
        let hut = lib.find("hut-fluidstack-riverbend").unwrap();
        assert_eq!(
            (hut.mw_it, hut.mw_gross, hut.term_years),
            (Some(245.0), Some(330.0), Some(15.0))
        );
        assert_eq!(
            (hut.escalator_per_year, hut.power_pass_through),
            (Some(0.03), PowerPassThrough::Nnn)
        );
        // The Core Scientific contracts add up to the ~500 MW / $8.7B total of the 2024-10-22 release.
        let total = lib.find("corz-cw-total").unwrap();
        let parts: Vec<_> = total
            .aggregate_of
            .iter()
            .map(|id| lib.find(id).unwrap())
            .collect();
        let mw: f64 = parts.iter().map(|d| d.mw_it.unwrap()).sum();
        let usd: f64 = parts.iter().map(|d| d.contract_value_usd.unwrap()).sum();
        assert!((mw - 500.0).abs() <= 5.0, "{mw}");
        assert!((usd - 8.7e9).abs() <= 0.05e9, "{usd}");
        // IREN–Microsoft is a GPU-cloud contract: no $/kW-month, and it says why.
        let iren = lib.find("iren-msft").unwrap();
        assert_eq!(iren.kind, DealKind::GpuCloud);
        let im = iren.metrics(0.1).unwrap();
        assert_eq!(im.implied_usd_per_kw_month, None);
        assert!(im.not_applicable.unwrap().contains("not space and power"));
        // $9.7B / (60 × 730 h × 200,000 kW) = $1.107 per IT kWh.
        assert!(
            (im.revenue_usd_per_it_kwh.unwrap() - 9.7e9 / (60.0 * 730.0 * 200_000.0)).abs() < 1e-12
        );
    }

    #[test]
    fn the_acquisition_did_not_close() {
        let lib = bundled_deals().unwrap();
        let a = lib.find("cw-corz-acquisition").unwrap();
        assert_eq!(a.status, DealStatus::Terminated);
        assert_eq!(a.announced.to_string(), "2025-07-07");
        assert_eq!(a.status_date.to_string(), "2025-10-30");
        assert!(a.status_note.contains("terminated"));
        let m = a.metrics(0.1).unwrap();
        assert_eq!((m.implied_usd_per_kw_month, m.npv_usd), (None, None));
    }

    #[test]
    fn every_lease_matches_an_independent_computation() {
        let lib = bundled_deals().unwrap();
        let r = 0.08;
        let mut checked = 0;
        for d in lib.deals().iter().filter(|d| d.kind == DealKind::Lease) {
            let (v, t_years, mw) = (
                d.contract_value_usd.unwrap(),
                d.term_years.unwrap(),
                d.mw_it.unwrap(),
            );
            let term = (t_years * 12.0).round() as usize;
            let m = d.metrics(r).unwrap();
            let implied = v / term as f64 / (mw * 1000.0);
            assert!(
                (m.implied_usd_per_kw_month.unwrap() - implied).abs() < 1e-9,
                "{}",
                d.id
            );
            assert!(
                (m.revenue_usd_per_it_kwh.unwrap() - implied / HOURS_PER_MONTH).abs() < 1e-12,
                "{}",
                d.id
            );
            // NPV: each tranche pays term months of rent from build + offset + 1, escalating yearly.
            let e = d.escalator_per_year.unwrap_or(0.0);
            let esc: f64 = (0..term).map(|s| (1.0 + e).powi((s / 12) as i32)).sum();
            let base = v / (mw * 1000.0 * esc);
            let steps: Vec<(u32, f64)> = if d.ramp.is_empty() {
                vec![(0, mw)]
            } else {
                d.ramp.iter().map(|s| (s.month, s.mw_it)).collect()
            };
            let mut pv = 0.0;
            let mut prev = 0.0;
            for (offset, cum) in steps {
                let kw = (cum - prev) * 1000.0;
                prev = cum;
                let first = d.build_months.unwrap_or(0) as usize + offset as usize;
                for s in 0..term {
                    pv += base
                        * kw
                        * (1.0 + e).powi((s / 12) as i32)
                        * discount_factor(r, first + s + 1);
                }
            }
            assert!(
                (m.npv_usd.unwrap() / pv - 1.0).abs() < 1e-9,
                "{}: {} vs {pv}",
                d.id,
                m.npv_usd.unwrap()
            );
            // At a zero rate the NPV is the contract value.
            assert!(
                (d.metrics(0.0).unwrap().npv_usd.unwrap() - v).abs() < 1e-3 * v / 1e9,
                "{}",
                d.id
            );
            checked += 1;
        }
        assert!(checked >= 8, "{checked}");
    }

    #[test]
    fn landlord_irr_where_capex_is_known() {
        let lib = bundled_deals().unwrap();
        let cifr = lib.find("cifr-fluidstack").unwrap().metrics(0.1).unwrap();
        // $10M/MW over 12 months, then 82.5% of $148.8/kW-month for 120 months: ~$1.47M NOI per MW-year
        // on $10M, no residual value — a single-digit unlevered IRR.
        let irr = cifr.landlord_irr.unwrap();
        assert!(irr > 0.04 && irr < 0.09, "{irr}");
        assert!(
            lib.find("glxy-helios-cw")
                .unwrap()
                .metrics(0.1)
                .unwrap()
                .landlord_irr
                .is_none()
        );
    }

    #[test]
    fn malformed_deals_are_named() {
        let text = "[[deal]]\nid = \"x\"\nname = \"n\"\nkind = \"lease\"\nlandlord = \"a\"\ntenant = \"b\"\nannounced = \"2025-13-01\"\nstatus = \"active\"\nstatus_date = \"2025-01-01\"\nstatus_note = \"\"\npower_pass_through = \"nnn\"\nconfidence = \"H\"\nsources = [\"s\"]\n";
        let e = parse_deals_toml(text, "d.toml").unwrap_err().to_string();
        assert!(
            e.contains("deal 'x': invalid announced: found '2025-13-01'"),
            "{e}"
        );
        let e = parse_deals_toml("[[deal]]\nid = 3\n", "d.toml")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("d.toml, line 2"), "{e}");
        let e = parse_deals_toml(
            &text.replace("2025-13-01", "2025-01-01").replace(
                "kind = \"lease\"",
                "kind = \"lease\"\nmw_it = 10\nmw_gross = 5",
            ),
            "d.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("invalid mw_gross: found 5"), "{e}");
    }
}
