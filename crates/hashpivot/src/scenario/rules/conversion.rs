//! Conversion rules: unique names, a site that exists, a start month within the horizon, IT load within the
//! site's interconnect (each conversion, and all of a site's together), and terms that match the use
//! ([`super::conversion_use`]).

use super::Finding;
use super::company::CompanyPart;
use super::conversion_use::{PendingLease, PendingUse, build_use, unknown_deal};
use super::site::SitesPart;
use crate::assumption::Assumption;
use crate::date::Month;
use crate::hpc::lease::{
    DEFAULT_RELET_BASIS, DEFAULT_RELET_SHARE, DEFAULT_VACANCY_BASIS, DEFAULT_VACANCY_MONTHS,
    HostingLease, LeaseCredit,
};
use crate::scenario::collector::Collector;
use crate::scenario::lenient::Parts;
use crate::scenario::model::{ConversionPlan, ConversionUse};
use crate::scenario::model::{LeaseUse, Residual};
use crate::scenario::raw::{RawConversion, RawMarket, RawResidual, RawTerminalValue};
use crate::scenario::validate::Context;
use std::collections::BTreeMap;

/// One conversion's IT load draws at most the site's interconnect (IT load draws gross power).
pub(crate) fn it_within_interconnect(mw_it: f64, site_mw_gross: f64) -> Option<Finding> {
    (mw_it > site_mw_gross).then(|| Finding {
        field: "mw_it",
        subject: "conversion",
        found: format!("{mw_it} MW IT"),
        expected: format!(
            "at most the site's {site_mw_gross} MW gross interconnect (IT load draws gross power)"
        ),
    })
}

/// All of a site's conversions together (IT × PUE) draw at most its interconnect.
pub(crate) fn site_total_within_interconnect(
    total_mw_it: f64,
    total_mw_gross: f64,
    site_mw_gross: f64,
) -> Option<Finding> {
    (total_mw_gross > site_mw_gross * (1.0 + 1e-9)).then(|| Finding {
        field: "mw_it",
        subject: "conversion",
        found: format!(
            "conversions of the site totalling {total_mw_it:.1} MW IT × PUE = {total_mw_gross:.1} MW gross"
        ),
        expected: format!("at most the site's {site_mw_gross} MW gross interconnect"),
    })
}

fn month_index(m: Month) -> i64 {
    m.year as i64 * 12 + m.month as i64 - 1
}

/// What the conversions give the loans' rules.
pub(crate) struct ConversionsPart {
    /// The checked conversions (only when every conversion is whole).
    pub conversions: Vec<ConversionPlan>,
    /// Conversion index by name, as the file numbers them.
    pub names: BTreeMap<String, usize>,
}

pub(crate) fn build(
    parts: &Parts,
    company: &CompanyPart,
    sites: &SitesPart,
    ctx: &Context<'_>,
    c: &mut Collector<'_>,
) -> ConversionsPart {
    let site_parts = parts.sites.as_deref().unwrap_or(&[]);
    let first_month = company.first_month;
    let mut conversions = Vec::new();
    let mut names = BTreeMap::new();
    let mut it_by_site = vec![0.0; site_parts.len()];
    let mut gross_by_site = vec![0.0; site_parts.len()];
    // Each conversion's site, start offset and gross MW, as far as they are readable: which conversions of a
    // site came first decides which ASICs each one displaces.
    let placed: Vec<Option<(usize, i64, f64)>> = parts
        .conversions
        .iter()
        .map(|part| {
            let k = &part.key;
            let si = sites.names.get(k.site.as_ref()?).copied()?;
            let m = Month::parse(k.start_month.as_deref()?).ok()?;
            Some((
                si,
                month_index(m) - month_index(first_month),
                k.mw_it? * k.pue.unwrap_or(1.0),
            ))
        })
        .collect();
    for (i, part) in parts.conversions.iter().enumerate() {
        let p = format!("conversions[{i}]");
        let k = &part.key;
        if let Some(name) = &k.name
            && names.insert(name.clone(), i).is_some()
        {
            c.at(
                &format!("{p}.name"),
                format!("\"{name}\""),
                "a name no other conversion has",
            );
        }
        let site = k.site.as_ref().and_then(|s| sites.names.get(s).copied());
        if let Some(sn) = &k.site
            && site.is_none()
        {
            c.at(
                &format!("{p}.site"),
                format!("\"{sn}\""),
                format!(
                    "the name of a site: {}",
                    site_parts
                        .iter()
                        .filter_map(|s| s.key.name.as_ref())
                        .map(|n| format!("\"{n}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        let start_offset = match k.start_month.as_deref().map(|s| (s, Month::parse(s))) {
            None => None,
            Some((s, Err(e))) => {
                c.at(&format!("{p}.start_month"), format!("\"{s}\""), e.expected);
                None
            }
            Some((_, Ok(m))) => {
                let off = month_index(m) - month_index(first_month);
                if off < 0 {
                    c.at(
                        &format!("{p}.start_month"),
                        m,
                        format!("a month from {first_month} (month 1 of the scenario) on"),
                    );
                    None
                } else if let Some(months) = company.months
                    && off >= months as i64
                {
                    let last_month = first_month.add_months(months as i32 - 1);
                    c.at(
                        &format!("{p}.start_month"),
                        format!("{m}, after the horizon"),
                        format!("a month within the horizon, {first_month} to {last_month}"),
                    );
                    None
                } else {
                    Some(off as usize)
                }
            }
        };
        // Conversions draw through the site's interconnect, which may be below its gross MW.
        if let (Some(si), Some(mw_it)) = (site, k.mw_it)
            && let Some(site_gross) = site_parts[si]
                .key
                .interconnect_mw_gross
                .or(site_parts[si].key.mw_gross)
        {
            let alone = c.finding(&p, it_within_interconnect(mw_it, site_gross));
            it_by_site[si] += mw_it;
            // A PUE that failed the schema counts as 1 (it is at least 1), so no total is overstated.
            gross_by_site[si] += mw_it * k.pue.unwrap_or(1.0);
            if !alone {
                c.finding(
                    &p,
                    site_total_within_interconnect(it_by_site[si], gross_by_site[si], site_gross),
                );
            }
        }
        let Some(cv) = &part.full else {
            if let Some(id) = &k.deal
                && ctx.deals.find(id).is_err()
            {
                unknown_deal(c, &p, id, ctx);
            }
            continue;
        };
        let since = c.count();
        let use_ = build_use(cv, &p, ctx, c);
        let ramp_build = match &use_ {
            Some(PendingUse::Lease(l)) => l.ramp_build_months,
            _ => None,
        };
        let build_months = cv
            .build_months
            .or(ramp_build)
            .or_else(|| {
                cv.deal
                    .as_ref()
                    .and_then(|d| ctx.deals.find(d).ok())
                    .and_then(|d| d.build_months)
            })
            .unwrap_or(12);
        let (Some(si), Some(off), Some(use_)) = (site, start_offset, use_) else {
            continue;
        };
        let mut assumptions = Vec::new();
        let use_ = match use_ {
            PendingUse::Lease(pending) => {
                let mut t = pending.terms.clone();
                t.build_months = build_months;
                let horizon = company.months.unwrap_or(0).saturating_sub(off);
                let made = HostingLease::new(t)
                    .map(|l| lease_use(&l, &pending, cv, &parts.market, horizon, &mut assumptions));
                match made {
                    Ok(l) => ConversionUse::Lease(Box::new(l)),
                    Err(e) => {
                        c.at(&p, "lease terms the lease model refuses", e.to_string());
                        continue;
                    }
                }
            }
            PendingUse::Gpu(mut g, per_mw_flows, deal_build) => {
                if let Some(f) = per_mw_flows {
                    // The deal's flows assume its own build months: shift them to this conversion's.
                    let shift = build_months as i64 - deal_build as i64;
                    let mut v = vec![0.0; (f.len() as i64 + shift.max(0)) as usize];
                    v[0] = f[0] * cv.mw_it;
                    for (m, x) in f.iter().enumerate().skip(1) {
                        let j = (m as i64 + shift).max(1) as usize;
                        if j < v.len() {
                            v[j] += x * cv.mw_it;
                        }
                    }
                    g.contract_revenue_usd = Some(v);
                }
                ConversionUse::GpuCloud(g)
            }
        };
        if let (Some(r), Some(tv)) = (&cv.residual, &parts.company.key.terminal_value)
            && matches!(
                r,
                RawResidual::ExitValue { .. } | RawResidual::CapRate { .. }
            )
            && *tv != RawTerminalValue::None
        {
            c.at(
                &format!("{p}.residual"),
                "a sale value at the horizon with a company terminal_value",
                "one of the two: the company's terminal value already values the lease after the horizon \
                 (set residual.method = \"renewal\" or \"none\", or company.terminal_value.method = \"none\")",
            );
            continue;
        }
        let resale = asic_resale(cv, i, sites, &placed);
        if let Some((price, usd, stated)) = resale
            && usd > 0.0
        {
            let name = format!("conversions[{}].asic_resale_usd_per_th", cv.name);
            assumptions.push(if stated {
                Assumption::stated(name, price, "usd_per_th")
            } else {
                Assumption::default(name, price, "usd_per_th", ASIC_RESALE_BASIS)
            });
        }
        let made = ConversionPlan::new(&cv.name, si, off, cv.mw_it, cv.pue, use_)
            .and_then(|v| {
                v.with_build(
                    build_months,
                    (cv.capex_usd_per_mw_it * cv.mw_it - cv.tenant_funded_capex_usd).max(0.0),
                )
            })
            .and_then(|v| v.with_asic_resale(resale.map_or(0.0, |r| r.1)))
            .map(|v| v.with_assumptions(assumptions));
        if let Some(v) = c.built(&p, since, made) {
            conversions.push(v);
        }
    }
    ConversionsPart { conversions, names }
}

/// Default stranded-ASIC resale price, USD per TH/s: `compare`'s ([`crate::hpc::compare::FIXED`]).
const ASIC_RESALE_USD_PER_TH: f64 = crate::hpc::compare::FIXED.asic_resale_usd_per_th;
/// Why [`ASIC_RESALE_USD_PER_TH`].
const ASIC_RESALE_BASIS: &str = "compare's default: older ASIC tiers traded $4.7–10/TH in Dec 2022 (Hashrate Index); an assumption";
/// Default renewal probability at the end of a lease's term.
const RENEWAL_PROBABILITY: f64 = 0.5;
/// Why [`RENEWAL_PROBABILITY`].
const RENEWAL_BASIS: &str = "no AI/HPC lease has reached the end of its term yet: an even chance of renewal, at \
     the contract's first-year rent (the market rent at signing, not escalated)";

/// The stranded-ASIC resale of conversion `i` (price per TH/s, proceeds in USD, whether the price was
/// stated): the ASICs of the site's fleet on the gross MW the conversion takes from mining, given the site's
/// conversions that started before it. `None` without a checked site or fleet.
fn asic_resale(
    cv: &RawConversion,
    i: usize,
    sites: &SitesPart,
    placed: &[Option<(usize, i64, f64)>],
) -> Option<(f64, f64, bool)> {
    let (si, off, gross) = placed.get(i).copied().flatten()?;
    let site = sites.sites.get(si)?;
    let fleet = site.fleet()?;
    let price = cv.asic_resale_usd_per_th.unwrap_or(ASIC_RESALE_USD_PER_TH);
    let fleet_mw = fleet.mw_gross();
    if fleet_mw <= 0.0 {
        return None;
    }
    let earlier: f64 = placed
        .iter()
        .enumerate()
        .filter_map(|(k, p)| p.map(|p| (k, p)))
        .filter(|(k, (s, o, _))| *s == si && (*o, *k) < (off, i))
        .map(|(_, (_, _, g))| g)
        .sum();
    let available = (site.interconnect_mw_gross() - site.hosting_mw_gross() - earlier).max(0.0);
    let displaced = fleet_mw.min(available) - fleet_mw.min((available - gross).max(0.0));
    let usd = crate::hpc::conversion::asic_resale_usd(price * fleet.th_s() / fleet_mw, displaced);
    Some((price, usd, cv.asic_resale_usd_per_th.is_some()))
}

/// The engine's terms of a lease conversion: the tenant's hazard (stated, the market's, or the tenant
/// table's), vacancy and re-let share, the backstop cap, the renewal rent over `horizon` months from the
/// build start and the residual method; each default that moves value listed in `out`.
fn lease_use(
    l: &HostingLease,
    pending: &PendingLease,
    cv: &RawConversion,
    market: &RawMarket,
    horizon: usize,
    out: &mut Vec<Assumption>,
) -> LeaseUse {
    let at = |field: &str| format!("conversions[{}].{field}", cv.name);
    let credit_in = cv.tenant_credit.clone().unwrap_or_default();
    let table = crate::data::bundled_tenant_table();
    let tenant = table.resolve(pending.tenant.as_deref(), None);
    let hazard = match (
        credit_in.hazard_per_year,
        market.tenant_default.hazard_per_year,
    ) {
        (Some(h), _) => {
            out.push(Assumption::stated(
                at("tenant_credit.hazard_per_year"),
                h,
                "per_year",
            ));
            h
        }
        (None, Some(h)) => {
            out.push(Assumption::stated(
                at("tenant_credit.hazard_per_year"),
                h,
                "per_year",
            ));
            h
        }
        (None, None) => {
            let name = at("tenant_credit.hazard_per_year");
            out.push(if tenant.listed {
                Assumption::library(
                    name,
                    tenant.hazard_per_year,
                    "per_year",
                    tenant.entry.clone(),
                    Some(match &tenant.source {
                        Some(src) => format!("{}; {src}", tenant.basis),
                        None => tenant.basis.clone(),
                    }),
                )
            } else {
                Assumption::default(
                    name,
                    tenant.hazard_per_year,
                    "per_year",
                    tenant.basis.clone(),
                )
            });
            tenant.hazard_per_year
        }
    };
    let vacancy_months = credit_in.vacancy_months.unwrap_or(DEFAULT_VACANCY_MONTHS);
    let relet_share = credit_in.relet_share.unwrap_or(DEFAULT_RELET_SHARE);
    if hazard > 0.0 {
        let (v, r) = (
            at("tenant_credit.vacancy_months"),
            at("tenant_credit.relet_share"),
        );
        out.push(match credit_in.vacancy_months {
            Some(m) => Assumption::stated(v, m as f64, "months"),
            None => Assumption::default(v, vacancy_months as f64, "months", DEFAULT_VACANCY_BASIS),
        });
        out.push(match credit_in.relet_share {
            Some(x) => Assumption::stated(r, x, "share"),
            None => Assumption::default(r, relet_share, "share", DEFAULT_RELET_BASIS),
        });
    }
    let cap = l.backstop_cap_usd();
    if let Some(b) = &l.terms().backstop {
        let name = at("backstop.amount_usd");
        out.push(match &pending.source {
            crate::scenario::model::LeaseSource::Deal(id) => Assumption::library(
                name,
                cap,
                "usd",
                format!("deals:{id}"),
                Some(format!(
                    "{} guarantees {}, scaled to the conversion's MW",
                    b.guarantor,
                    if b.full_base_term {
                        "the whole base-term rent".to_string()
                    } else {
                        "a capped amount".to_string()
                    }
                )),
            ),
            crate::scenario::model::LeaseSource::Inline => Assumption::stated(name, cap, "usd"),
        });
    }
    let credit = LeaseCredit {
        hazard_per_year: hazard,
        vacancy_months,
        relet_share,
        backstop_cap_usd: cap,
    };
    let rent = l.rent_flows();
    let residual = match cv.residual {
        Some(RawResidual::None) => Residual::None,
        Some(RawResidual::Renewal {
            probability,
            usd_per_kw_month,
        }) => Residual::Renewal {
            probability,
            usd_per_kw_month: usd_per_kw_month.unwrap_or(l.base_usd_per_kw_month()),
        },
        Some(RawResidual::ExitValue { usd_per_mw_it }) => Residual::ExitValue { usd_per_mw_it },
        Some(RawResidual::CapRate { cap_rate }) => Residual::CapRate { cap_rate },
        None => Residual::Renewal {
            probability: RENEWAL_PROBABILITY,
            usd_per_kw_month: l.base_usd_per_kw_month(),
        },
    };
    let renewal = match residual {
        Residual::Renewal {
            probability,
            usd_per_kw_month,
        } if l.horizon_months() < horizon => (0..=horizon)
            .map(|j| probability * usd_per_kw_month * l.ended_kw(j))
            .collect(),
        _ => Vec::new(),
    };
    // The residual moves value only when renewal falls within the horizon or a sale is stated.
    let name = at("residual");
    match (cv.residual, residual) {
        (None, Residual::Renewal { probability, .. }) if !renewal.is_empty() => {
            out.push(Assumption::default(
                name,
                probability,
                "probability",
                RENEWAL_BASIS,
            ));
        }
        (Some(_), Residual::Renewal { probability, .. }) => {
            out.push(Assumption::stated(name, probability, "probability"));
        }
        (Some(_), Residual::ExitValue { usd_per_mw_it }) => {
            out.push(Assumption::stated(name, usd_per_mw_it, "usd_per_mw_it"));
        }
        (Some(_), Residual::CapRate { cap_rate }) => {
            out.push(Assumption::stated(name, cap_rate, "cap_rate"));
        }
        _ => {}
    }
    LeaseUse::new(
        pending.source.clone(),
        tenant.name,
        if pending.tenant.is_some() {
            tenant.key
        } else {
            String::new()
        },
        rent,
        l.terms().noi_margin,
        l.terms().pass_through.landlord_pays_power(),
        credit,
    )
    .with_residual(renewal, residual)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rules::testing::{parse, parts, problems, with};

    const LEASE: &str = "use = \"lease\"\nlease = { usd_per_kw_month = 150, term_years = 10 }\n";

    fn conversion(name: &str, start: &str, mw_it: f64) -> String {
        format!(
            "\n[[conversions]]\nname = \"{name}\"\nsite = \"a\"\nstart_month = \"{start}\"\nmw_it = {mw_it}\n\
             pue = 1.3\ncapex_usd_per_mw_it = 9e6\n{LEASE}"
        )
    }

    #[test]
    fn it_load_fits_the_interconnect_alone_and_together() {
        let f = it_within_interconnect(150.0, 100.0).unwrap();
        assert_eq!(
            parts(&f),
            (
                "mw_it",
                "150 MW IT",
                "at most the site's 100 MW gross interconnect (IT load draws gross power)"
            )
        );
        assert_eq!(it_within_interconnect(100.0, 100.0), None);
        let text = with(&(conversion("x", "2025-08", 50.0) + &conversion("y", "2025-09", 40.0)));
        assert_eq!(
            problems(&text),
            [
                "conversions[1].mw_it: conversions of the site totalling 90.0 MW IT × PUE = 117.0 MW gross | at most the site's 100 MW gross interconnect"
            ]
        );
        let ok = with(&(conversion("x", "2025-08", 50.0) + &conversion("y", "2025-09", 20.0)));
        let sc = parse(&ok).unwrap();
        assert_eq!(sc.conversions().len(), 2);
        assert_eq!(sc.conversions()[1].start_offset_months(), 2);
        assert_eq!(sc.conversions()[0].capex_usd(), 9e6 * 50.0);
        assert_eq!(sc.conversions()[0].build_months(), 12);
    }

    #[test]
    fn a_conversion_starts_within_the_horizon_on_a_site_that_exists() {
        let text = with(&(conversion("x", "2025-06", 10.0) + &conversion("y", "2028-07", 10.0)))
            .replacen("site = \"a\"", "site = \"b\"", 1);
        assert_eq!(
            problems(&text),
            [
                "conversions[0].site: \"b\" | the name of a site: \"a\"",
                "conversions[0].start_month: 2025-06 | a month from 2025-07 (month 1 of the scenario) on",
                "conversions[1].start_month: 2028-07, after the horizon | a month within the horizon, 2025-07 to 2028-06",
            ]
        );
    }

    #[test]
    fn a_checked_scenario_refuses_too_much_it_load() {
        let sc = parse(&with(&conversion("x", "2025-08", 50.0))).unwrap();
        let cv = sc.conversions()[0].clone();
        let twice = crate::scenario::Scenario::new(
            sc.company().clone(),
            sc.sites().to_vec(),
            vec![cv.clone(), cv],
            Vec::new(),
            sc.market().clone(),
        );
        assert_eq!(
            twice.unwrap_err().to_string(),
            "invalid mw_it: found conversions of the site totalling 100.0 MW IT × PUE = 130.0 MW gross, expected at most the site's 100 MW gross interconnect"
        );
    }
}
