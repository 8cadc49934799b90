//! Conversion rules on the use: lease terms (a library lease deal or an inline `lease` table, exactly one) with
//! `use = "lease"`, a `gpu_cloud` table (and optionally a GPU-cloud deal fixing revenue) with
//! `use = "gpu_cloud"`, and deals the library has.

use crate::date::Month;
use crate::hpc::deals::{Deal, DealKind};
use crate::hpc::lease::{Backstop, LeaseTerms, PowerPassThrough, RampStep, Rent};
use crate::hpc::{MwIt, Pue};
use crate::scenario::collector::Collector;
use crate::scenario::model::{GpuCloudUse, LeaseSource};
use crate::scenario::raw::{RawConversion, RawTranche, RawUse};
use crate::scenario::validate::Context;

/// A deal id the library does not have.
pub(crate) fn unknown_deal(c: &mut Collector<'_>, p: &str, id: &str, ctx: &Context<'_>) {
    c.at(
        &format!("{p}.deal"),
        format!("\"{id}\", which is not in the deal library"),
        format!(
            "a deal id from the deal library: {}",
            ctx.deals
                .deals()
                .iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
}

/// A lease whose terms are checked, waiting for the build months (which may come from the deal or the ramp).
pub(crate) struct PendingLease {
    /// The lease terms at the conversion's MW (backstop cap scaled to them), no default hazard yet.
    pub terms: LeaseTerms,
    pub source: LeaseSource,
    /// The tenant as the deal or the inline lease names it.
    pub tenant: Option<String>,
    /// Build months set by an inline ramp's first tranche.
    pub ramp_build_months: Option<u32>,
}

/// A use whose terms are checked, waiting for the build months (which may come from the deal).
pub(crate) enum PendingUse {
    Lease(Box<PendingLease>),
    /// GPU cloud, contract revenue per MW IT by month from signing (if a deal), the deal's build months.
    Gpu(GpuCloudUse, Option<Vec<f64>>, u32),
}

/// Whether the deal `d` named at `p` is of the `kind` the conversion's `use_` needs; says so when not.
fn deal_fits_use(d: &Deal, kind: DealKind, use_: &str, p: &str, c: &mut Collector<'_>) -> bool {
    if d.kind == kind {
        return true;
    }
    c.at(
        &format!("{p}.deal"),
        format!("\"{}\", a {:?} deal", d.id, d.kind).to_lowercase(),
        format!("a {use_} deal with use = \"{use_}\""),
    );
    false
}

/// The use of the conversion at `p`, when its terms match it.
pub(crate) fn build_use(
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
                t.noi_margin = l.noi_margin;
                t.backstop = l.backstop.as_ref().map(|b| Backstop {
                    guarantor: b.guarantor.clone(),
                    amount_usd: b.amount_usd,
                    full_base_term: b.full_base_term,
                });
                if let Some(b) = &l.backstop
                    && b.amount_usd.is_none()
                    && !b.full_base_term
                {
                    c.at(
                        &format!("{p}.lease.backstop"),
                        "a backstop with neither `amount_usd` nor `full_base_term = true`",
                        "the cap of the guarantee in USD, or `full_base_term = true`",
                    );
                    return None;
                }
                let mut ramp_build_months = None;
                if !l.ramp.is_empty() {
                    let (steps, b) = inline_ramp(&l.ramp, cv, p, c)?;
                    t.ramp = steps;
                    ramp_build_months = Some(b);
                }
                return Some(PendingUse::Lease(Box::new(PendingLease {
                    terms: t,
                    source: LeaseSource::Inline,
                    tenant: l.tenant.clone(),
                    ramp_build_months,
                })));
            }
            let d = deal?;
            if !deal_fits_use(d, DealKind::Lease, "lease", p, c) {
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
            // A capped guarantee scales with the MW taken from the deal (the cap per MW is the deal's).
            if let Some(b) = &mut t.backstop
                && let Some(a) = &mut b.amount_usd
            {
                *a *= ratio;
            }
            Some(PendingUse::Lease(Box::new(PendingLease {
                terms: t,
                source: LeaseSource::Deal(d.id.clone()),
                tenant: Some(d.tenant.clone()),
                ramp_build_months: None,
            })))
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
                if !deal_fits_use(d, DealKind::GpuCloud, "gpu_cloud", p, c) {
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
                GpuCloudUse {
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

fn month_index(m: Month) -> i64 {
    m.year as i64 * 12 + m.month as i64 - 1
}

/// An inline lease's tranches as ramp steps (months after the first delivery, cumulative MW) and the build
/// months they imply (from `start_month` to the first tranche's month); each problem said at its field.
fn inline_ramp(
    ramp: &[RawTranche],
    cv: &RawConversion,
    p: &str,
    c: &mut Collector<'_>,
) -> Option<(Vec<RampStep>, u32)> {
    let start = Month::parse(&cv.start_month).ok()?;
    let mut steps = Vec::new();
    let mut total = 0.0;
    let mut first = None;
    let mut prev = None;
    for (i, tr) in ramp.iter().enumerate() {
        let at = format!("{p}.lease.ramp[{i}]");
        let m = match Month::parse(&tr.month) {
            Ok(m) => m,
            Err(e) => {
                c.at(
                    &format!("{at}.month"),
                    format!("\"{}\"", tr.month),
                    e.expected,
                );
                return None;
            }
        };
        let off = month_index(m) - month_index(start);
        if off < 0 || prev.is_some_and(|q| off <= q) {
            c.at(
                &format!("{at}.month"),
                m,
                format!("a month after the previous tranche's, from the start month {start} on"),
            );
            return None;
        }
        prev = Some(off);
        let first_off = *first.get_or_insert(off);
        total += tr.mw_it;
        steps.push(RampStep {
            month: (off - first_off) as u32,
            mw_it: total,
        });
    }
    if (total - cv.mw_it).abs() > 1e-9 * cv.mw_it.max(1.0) {
        c.at(
            &format!("{p}.lease.ramp"),
            format!("tranches totalling {total} MW IT"),
            format!("tranches adding up to the conversion's {} MW IT", cv.mw_it),
        );
        return None;
    }
    let b = first.unwrap_or(0);
    if let Some(stated) = cv.build_months
        && i64::from(stated) != b
    {
        c.at(
            &format!("{p}.build_months"),
            stated,
            format!(
                "{b}, the months from start_month to the first tranche (or leave build_months out)"
            ),
        );
        return None;
    }
    if b > crate::bounds::BUILD_MONTHS.max as i64 {
        c.at(
            &format!("{p}.lease.ramp[0].month"),
            format!("{b} months after start_month"),
            "a first tranche at most 120 months after start_month",
        );
        return None;
    }
    Some((steps, b as u32))
}

#[cfg(test)]
mod tests {
    use crate::scenario::ConversionUse;
    use crate::scenario::rules::testing::{parse, problems, with};

    fn conversion(terms: &str) -> String {
        with(&format!(
            "\n[[conversions]]\nname = \"x\"\nsite = \"a\"\nstart_month = \"2025-08\"\nmw_it = 20\npue = 1.3\n\
             capex_usd_per_mw_it = 9e6\n{terms}"
        ))
    }

    #[test]
    fn a_lease_has_exactly_one_source_of_terms() {
        assert_eq!(
            problems(&conversion("use = \"lease\"\n")),
            [
                "conversions[0]: no lease terms | exactly one of `deal` (a library id) or a `lease` table"
            ]
        );
        assert_eq!(
            problems(&conversion(
                "use = \"lease\"\ndeal = \"wulf-fluidstack\"\nlease = { usd_per_kw_month = 150, term_years = 10 }\n"
            )),
            [
                "conversions[0]: both `deal` and `lease` | exactly one of `deal` (a library id) or a `lease` table"
            ]
        );
        assert_eq!(
            problems(&conversion(
                "use = \"lease\"\nlease = { usd_per_kw_month = 150, term_years = 10, power_pass_through = \"weird\" }\n"
            )),
            [
                "conversions[0].lease.power_pass_through: \"weird\" | one of \"nnn\", \"modified_gross\", \"full_service\""
            ]
        );
    }

    #[test]
    fn a_deal_matches_the_use() {
        assert_eq!(
            problems(&conversion("use = \"lease\"\ndeal = \"iren-msft\"\n")),
            [
                "conversions[0].deal: \"iren-msft\", a gpucloud deal | a lease deal with use = \"lease\""
            ]
        );
        let p = problems(&conversion("use = \"lease\"\ndeal = \"no-such\"\n"));
        assert_eq!(p.len(), 1);
        assert!(
            p[0].starts_with("conversions[0].deal: \"no-such\", which is not in the deal library | a deal id from the deal library: "),
            "{p:?}"
        );
        assert_eq!(
            problems(&conversion("use = \"gpu_cloud\"\n")),
            [
                "conversions[0]: no gpu_cloud table | a `gpu_cloud` table (its costs apply; a `deal` fixes revenue while it runs)"
            ]
        );
    }

    #[test]
    fn an_inline_lease_becomes_rent_from_the_build_start() {
        let sc = parse(&conversion(
            "use = \"lease\"\nbuild_months = 6\nlease = { usd_per_kw_month = 150, term_years = 10, noi_margin = 0.9 }\n",
        ))
        .unwrap();
        let cv = &sc.conversions()[0];
        assert_eq!(cv.build_months(), 6);
        let ConversionUse::Lease(l) = cv.use_() else {
            panic!("a lease");
        };
        let (rent_usd, noi_margin, landlord_pays_power) =
            (&l.rent_usd, &l.noi_margin, &l.landlord_pays_power);
        assert_eq!(*noi_margin, 0.9);
        assert!(!landlord_pays_power);
        // Nothing during the build, then 20 MW IT × 1000 kW × 150 USD a month.
        assert!(rent_usd[..=6].iter().all(|r| *r == 0.0), "{rent_usd:?}");
        assert_eq!(rent_usd[7], 20.0 * 1000.0 * 150.0);
    }

    #[test]
    fn lease_credit_terms_are_checked_at_their_fields() {
        // A backstop needs its cap (or the whole base term).
        assert_eq!(
            problems(&conversion(
                "use = \"lease\"\nlease = { usd_per_kw_month = 150, term_years = 10, backstop = { guarantor = \"g\" } }\n"
            )),
            [
                "conversions[0].lease.backstop: a backstop with neither `amount_usd` nor `full_base_term = true` | the cap of the guarantee in USD, or `full_base_term = true`"
            ]
        );
        // A deal names its tenant: an inline `lease` table (where `tenant` goes) cannot come with it.
        assert_eq!(
            problems(&conversion(
                "use = \"lease\"\ndeal = \"corz-cw-200\"\nlease = { usd_per_kw_month = 150, term_years = 10, tenant = \"x\" }\n"
            ))[0],
            "conversions[0]: both `deal` and `lease` | exactly one of `deal` (a library id) or a `lease` table"
        );
        // Ramp months after the start month, increasing; build months agree with the first tranche.
        let ramp = |tranches: &str, more: &str| {
            problems(&conversion(&format!(
                "use = \"lease\"\n{more}lease = {{ usd_per_kw_month = 150, term_years = 10, ramp = [{tranches}] }}\n"
            )))
        };
        assert_eq!(
            ramp("{ month = \"2025-07\", mw_it = 20 }", ""),
            [
                "conversions[0].lease.ramp[0].month: 2025-07 | a month after the previous tranche's, from the start month 2025-08 on"
            ]
        );
        assert_eq!(
            ramp(
                "{ month = \"2025-10\", mw_it = 10 }, { month = \"2025-09\", mw_it = 10 }",
                ""
            ),
            [
                "conversions[0].lease.ramp[1].month: 2025-09 | a month after the previous tranche's, from the start month 2025-08 on"
            ]
        );
        assert_eq!(
            ramp(
                "{ month = \"2025-10\", mw_it = 10 }, { month = \"2026-01\", mw_it = 10 }",
                "build_months = 6\n"
            ),
            [
                "conversions[0].build_months: 6 | 2, the months from start_month to the first tranche (or leave build_months out)"
            ]
        );
        let sc = parse(&conversion(
            "use = \"lease\"\nlease = { usd_per_kw_month = 150, term_years = 10, tenant = \"coreweave\", ramp = [{ month = \"2025-10\", mw_it = 10 }, { month = \"2026-01\", mw_it = 10 }] }\n",
        ))
        .unwrap();
        let ConversionUse::Lease(l) = sc.conversions()[0].use_() else {
            panic!("a lease");
        };
        assert_eq!(sc.conversions()[0].build_months(), 2);
        // The table's name and grouping key; 10 MW × $150/kW-month from month 3, 20 MW from month 6.
        assert_eq!(
            (l.tenant.as_str(), l.tenant_key.as_str()),
            ("CoreWeave", "coreweave")
        );
        assert_eq!(
            (l.rent_usd[2], l.rent_usd[3], l.rent_usd[6]),
            (0.0, 1.5e6, 3e6)
        );
    }

    #[test]
    fn a_leases_noi_margin_is_listed_with_its_basis() {
        let inline = parse(&conversion(
            "use = \"lease\"\nlease = { usd_per_kw_month = 150, term_years = 10, noi_margin = 0.9 }\n",
        ))
        .unwrap();
        let a = inline.assumptions();
        let m = a.iter().find(|a| a.name.ends_with(".noi_margin")).unwrap();
        assert_eq!(
            (m.value, &m.basis),
            (0.9, &crate::assumption::Basis::Stated)
        );
        let deal = parse(&conversion("use = \"lease\"\ndeal = \"cifr-fluidstack\"\n")).unwrap();
        let a = deal.assumptions();
        let m = a.iter().find(|a| a.name.ends_with(".noi_margin")).unwrap();
        assert_eq!(m.value, 0.825);
        assert_eq!(
            m.basis,
            crate::assumption::Basis::Library {
                entry: "deals:cifr-fluidstack".into()
            }
        );
    }
}
