//! Site rules: unique names, an interconnect within the site's gross MW, a hub that exists (and one where the
//! contract is priced at it), the fleet and hosted load within the interconnect, demand response within the
//! fleet.

use super::Finding;
use crate::power::{Contract, Settlement};
use crate::scenario::collector::Collector;
use crate::scenario::lenient::Parts;
use crate::scenario::model::SitePlan;
use crate::scenario::raw::{RawPower, RawPowerMarket, RawSettlement};
use crate::scenario::validate::Context;
use std::collections::BTreeMap;

/// The interconnect cannot exceed what the site draws.
pub(crate) fn interconnect_within_gross(
    mw_gross: f64,
    interconnect_mw_gross: f64,
) -> Option<Finding> {
    (interconnect_mw_gross > mw_gross).then(|| Finding {
        field: "interconnect_mw_gross",
        subject: "site",
        found: interconnect_mw_gross.to_string(),
        expected: format!("at most the site's mw_gross ({mw_gross})"),
    })
}

/// The fleet and the hosted machines together draw at most the interconnect.
pub(crate) fn loads_within_interconnect(
    fleet_mw_gross: f64,
    hosting_mw_gross: f64,
    interconnect_mw_gross: f64,
) -> Option<Finding> {
    (fleet_mw_gross + hosting_mw_gross > interconnect_mw_gross * (1.0 + 1e-9)).then(|| Finding {
        field: "fleet",
        subject: "site",
        found: format!("a fleet of {fleet_mw_gross:.1} MW and {hosting_mw_gross:.1} MW hosted"),
        expected: format!("at most the site's {interconnect_mw_gross} MW gross (interconnect)"),
    })
}

/// Only mining load can be curtailed.
pub(crate) fn curtailment_within_fleet(dr_mw_gross: f64, fleet_mw_gross: f64) -> Option<Finding> {
    (dr_mw_gross > fleet_mw_gross + 1e-9).then(|| Finding {
        field: "demand_response.mw_gross",
        subject: "site",
        found: dr_mw_gross.to_string(),
        expected: format!(
            "at most the fleet's {fleet_mw_gross:.1} MW (only mining load can be curtailed)"
        ),
    })
}

/// The contract a site's power terms describe.
pub(crate) fn contract(power: &RawPower) -> crate::Result<Contract> {
    match power {
        RawPower::Index { adder_usd_per_mwh } => Contract::index(*adder_usd_per_mwh),
        RawPower::Fixed {
            price_usd_per_mwh,
            settlement,
        } => Contract::fixed(
            *price_usd_per_mwh,
            match settlement {
                RawSettlement::PayAsConsumed => Settlement::PayAsConsumed,
                RawSettlement::TakeOrPay => Settlement::TakeOrPay { sell_back: false },
                RawSettlement::TakeOrPaySellBack => Settlement::TakeOrPay { sell_back: true },
            },
        ),
    }
}

/// What the sites give the other elements' rules.
pub(crate) struct SitesPart {
    /// The checked sites (only when every site is whole).
    pub sites: Vec<SitePlan>,
    /// Site index by name, for the conversions.
    pub names: BTreeMap<String, usize>,
    /// Hubs of the well-formed sites, for the power market's rules.
    pub hubs: Vec<String>,
}

pub(crate) fn build(parts: &Parts, ctx: &Context<'_>, c: &mut Collector<'_>) -> SitesPart {
    if parts.sites.as_ref().is_some_and(Vec::is_empty) {
        c.at("sites", "no sites", "at least one [[sites]] table");
    }
    let site_parts = parts.sites.as_deref().unwrap_or(&[]);
    let mut names = BTreeMap::new();
    let known_hubs: Vec<String> = ctx.power.hubs().map(str::to_string).collect();
    let mut sites = Vec::new();
    let mut hubs = Vec::new();
    for (i, part) in site_parts.iter().enumerate() {
        let p = format!("sites[{i}]");
        if let Some(name) = &part.key.name
            && names.insert(name.clone(), i).is_some()
        {
            c.at(
                &format!("{p}.name"),
                format!("\"{name}\""),
                "a name no other site has",
            );
        }
        let Some(s) = &part.full else {
            continue;
        };
        let since = c.count();
        let interconnect = s.interconnect_mw_gross.unwrap_or(s.mw_gross);
        c.finding(&p, interconnect_within_gross(s.mw_gross, interconnect));
        if let Some(h) = &s.hub {
            hubs.push(h.clone());
            if !known_hubs.iter().any(|x| x == h) {
                c.at(
                    &format!("{p}.hub"),
                    format!("\"{h}\""),
                    format!("one of {}", known_hubs.join(", ")),
                );
            }
        }
        let priced_at_hub = matches!(
            s.power,
            RawPower::Index { .. }
                | RawPower::Fixed {
                    settlement: RawSettlement::TakeOrPaySellBack,
                    ..
                }
        );
        if priced_at_hub
            && matches!(parts.market.power, RawPowerMarket::Bootstrap { .. })
            && s.hub.is_none()
        {
            c.at(
                &format!("{p}.hub"),
                "no hub",
                "a hub (e.g. \"HB_WEST\"): an index or sell-back contract with bootstrapped power is priced at a hub",
            );
        }
        let fleet = s
            .fleet
            .as_ref()
            .and_then(|f| super::fleet::build(f, &format!("{p}.fleet"), ctx, c));
        let fleet_mw = fleet.as_ref().map_or(0.0, |f| f.mw_gross());
        let hosting_mw = s.hosting.as_ref().map_or(0.0, |h| h.mw_gross);
        c.finding(
            &p,
            loads_within_interconnect(fleet_mw, hosting_mw, interconnect),
        );
        if let Some(d) = &s.demand_response {
            c.finding(&p, curtailment_within_fleet(d.mw_gross, fleet_mw));
        }
        if c.count() > since || (s.fleet.is_some() && fleet.is_none()) {
            continue;
        }
        let made = contract(&s.power).and_then(|power| {
            let mut site = SitePlan::new(
                &s.name,
                s.mw_gross,
                Some(interconnect),
                s.hub.clone(),
                power,
            )?;
            if let Some(f) = fleet {
                site = site.with_fleet(f)?;
            }
            if let Some(h) = &s.hosting {
                site = site.with_hosting(h.mw_gross, h.rate_usd_per_mwh, h.uptime)?;
            }
            if let Some(d) = &s.demand_response {
                site = site.with_demand_response(d.mw_gross, d.standby_usd_per_mw_hour)?;
            }
            site.with_opex(s.opex_usd_per_mwh, s.fixed_opex_usd_per_year)
        });
        if let Some(site) = c.built(&p, since, made) {
            sites.push(site);
        }
    }
    SitesPart { sites, names, hubs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rules::testing::{parse, parts, problems, with, with_after};

    #[test]
    fn the_interconnect_is_at_most_the_gross_mw() {
        let f = interconnect_within_gross(100.0, 120.0).unwrap();
        assert_eq!(
            parts(&f),
            (
                "interconnect_mw_gross",
                "120",
                "at most the site's mw_gross (100)"
            )
        );
        assert_eq!(interconnect_within_gross(100.0, 100.0), None);
        let text = with_after("mw_gross = 100\n", "interconnect_mw_gross = 120\n");
        assert_eq!(
            problems(&text),
            ["sites[0].interconnect_mw_gross: 120 | at most the site's mw_gross (100)"]
        );
    }

    #[test]
    fn fleet_and_hosting_fit_the_interconnect_and_only_mining_is_curtailed() {
        let text = with(
            "fleet = { eh_s = 3, j_per_th = 20 }\nhosting = { mw_gross = 50, rate_usd_per_mwh = 10 }\n\
             demand_response = { mw_gross = 70, standby_usd_per_mw_hour = 1 }\n",
        );
        assert_eq!(
            problems(&text),
            [
                "sites[0].fleet: a fleet of 60.0 MW and 50.0 MW hosted | at most the site's 100 MW gross (interconnect)",
                "sites[0].demand_response.mw_gross: 70 | at most the fleet's 60.0 MW (only mining load can be curtailed)",
            ]
        );
        assert_eq!(loads_within_interconnect(60.0, 40.0, 100.0), None);
        assert_eq!(curtailment_within_fleet(60.0, 60.0), None);
        let ok = with(
            "fleet = { eh_s = 3, j_per_th = 20 }\nhosting = { mw_gross = 40, rate_usd_per_mwh = 10 }\n",
        );
        let sc = parse(&ok).unwrap();
        let site = &sc.sites()[0];
        assert_eq!(site.hosting_mw_gross(), 40.0);
        assert_eq!(site.fleet().unwrap().mw_gross(), 60.0);
        assert_eq!(
            site.power(),
            Contract::fixed(30.0, Settlement::PayAsConsumed).unwrap()
        );
    }

    #[test]
    fn names_are_unique_and_hubs_exist() {
        let text = with(
            "hub = \"HB_NOWHERE\"\n\n[[sites]]\nname = \"a\"\nmw_gross = 5\npower = { contract = \"index\", adder_usd_per_mwh = 3 }\n",
        );
        assert_eq!(
            problems(&text),
            [
                "sites[0].hub: \"HB_NOWHERE\" | one of HB_HOUSTON, HB_NORTH, HB_PAN, HB_SOUTH, HB_WEST",
                "sites[1].name: \"a\" | a name no other site has",
            ]
        );
    }

    #[test]
    fn a_checked_site_refuses_what_the_rules_refuse() {
        let power = Contract::index(3.0).unwrap();
        let e = SitePlan::new("s", 100.0, Some(120.0), None, power)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "invalid interconnect_mw_gross: found 120, expected at most the site's mw_gross (100)"
        );
        let site = SitePlan::new("s", 100.0, None, None, power).unwrap();
        assert_eq!(site.interconnect_mw_gross(), 100.0);
        assert!(site.clone().with_hosting(101.0, 10.0, 1.0).is_err());
        assert!(site.clone().with_demand_response(1.0, 1.0).is_err());
        assert!(SitePlan::new("s", -1.0, None, None, power).is_err());
    }
}
