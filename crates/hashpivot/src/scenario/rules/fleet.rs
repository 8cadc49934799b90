//! Fleet rules: ASIC models and counts or an aggregate EH/s with J/TH (not both), models the library has, and
//! some hashrate.

use super::Finding;
use crate::scenario::collector::Collector;
use crate::scenario::model::Fleet;
use crate::scenario::raw::RawFleet;
use crate::scenario::validate::Context;

/// A fleet must hash.
pub(crate) fn has_hashrate(th_s: f64) -> Option<Finding> {
    (th_s <= 0.0 || th_s.is_nan()).then(|| Finding {
        field: "",
        subject: "fleet",
        found: "a fleet with no hashrate".into(),
        expected: "a positive hashrate".into(),
    })
}

/// The fleet at `p` (e.g. `sites[0].fleet`), when its rules hold.
pub(crate) fn build(
    f: &RawFleet,
    p: &str,
    ctx: &Context<'_>,
    c: &mut Collector<'_>,
) -> Option<Fleet> {
    let aggregate = f.eh_s.is_some() || f.j_per_th.is_some();
    if aggregate && !f.asics.is_empty() {
        c.at(
            p,
            "both `asics` and `eh_s`/`j_per_th`",
            "either ASIC models and counts, or eh_s with j_per_th",
        );
        return None;
    }
    let since = c.count();
    let fleet = if aggregate {
        match (f.eh_s, f.j_per_th) {
            (Some(eh), Some(j)) => {
                if c.finding(p, has_hashrate(eh * 1e6)) {
                    return None;
                }
                Fleet::aggregate(eh, j)
            }
            (None, _) => {
                c.at(&format!("{p}.eh_s"), "no eh_s", "eh_s (EH/s) with j_per_th");
                return None;
            }
            (_, None) => {
                c.at(
                    &format!("{p}.j_per_th"),
                    "no j_per_th",
                    "j_per_th (J/TH) with eh_s",
                );
                return None;
            }
        }
    } else {
        if f.asics.is_empty() {
            c.at(
                p,
                "an empty fleet",
                "`asics = [{ model = \"...\", count = N }]` or eh_s with j_per_th",
            );
            return None;
        }
        let mut machines = Vec::new();
        for (i, a) in f.asics.iter().enumerate() {
            match ctx.asics.find(&a.model) {
                Ok(m) => machines.push((m, a.count)),
                Err(e) => c.at_with_hint(
                    &format!("{p}.asics[{i}].model"),
                    format!("\"{}\"", a.model),
                    format!("a model of the ASIC library: {e}"),
                    e.hint(),
                ),
            }
        }
        if c.count() > since {
            return None;
        }
        let th: f64 = machines
            .iter()
            .fold(0.0, |t, (m, n)| t + m.hashrate_th_s * *n as f64);
        if c.finding(p, has_hashrate(th)) {
            return None;
        }
        Fleet::of_asics(&machines)
    };
    let made = fleet
        .and_then(|fl| fl.with_operations(f.pool_fee, f.degradation_per_year))
        .and_then(|fl| {
            fl.with_replacement(
                f.replacement_years,
                f.replacement_usd_per_th,
                f.replacement_j_per_th,
            )
        });
    c.built(p, since, made)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rules::testing::{parse, problems, with};

    #[test]
    fn a_fleet_without_hashrate_is_refused() {
        let f = has_hashrate(0.0).unwrap();
        assert_eq!(
            (f.found.as_str(), f.expected.as_str()),
            ("a fleet with no hashrate", "a positive hashrate")
        );
        assert_eq!(has_hashrate(1.0), None);
        assert_eq!(
            problems(&with("fleet = { eh_s = 0, j_per_th = 20 }\n")),
            ["sites[0].fleet: a fleet with no hashrate | a positive hashrate"]
        );
        assert_eq!(
            Fleet::aggregate(0.0, 20.0).unwrap_err().to_string(),
            "invalid fleet: found a fleet with no hashrate, expected a positive hashrate"
        );
    }

    #[test]
    fn models_or_an_aggregate_not_both_and_models_the_library_has() {
        assert_eq!(
            problems(&with(
                "fleet = { eh_s = 1, j_per_th = 20, asics = [{ model = \"Antminer S21\", count = 1 }] }\n"
            )),
            [
                "sites[0].fleet: both `asics` and `eh_s`/`j_per_th` | either ASIC models and counts, or eh_s with j_per_th"
            ]
        );
        assert_eq!(
            problems(&with("fleet = { eh_s = 1 }\n")),
            ["sites[0].fleet.j_per_th: no j_per_th | j_per_th (J/TH) with eh_s"]
        );
        let p = problems(&with(
            "fleet = { asics = [{ model = \"Nope 9000\", count = 1 }] }\n",
        ));
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("sites[0].fleet.asics[0].model: \"Nope 9000\" | a model of the ASIC library: unknown ASIC model 'Nope 9000'"), "{p:?}");
    }

    #[test]
    fn a_fleet_of_library_machines_adds_them_up() {
        let sc = parse(&with(
            "fleet = { asics = [{ model = \"Antminer S21\", count = 1000 }], pool_fee = 0.02 }\n",
        ))
        .unwrap();
        let f = sc.sites()[0].fleet().unwrap();
        let s21 = crate::scenario::rules::testing::libraries()
            .asics
            .find("Antminer S21")
            .unwrap();
        assert_eq!(f.th_s(), s21.hashrate_th_s * 1000.0);
        assert_eq!(f.mw_gross(), s21.power_w * 1000.0 / 1e6);
        assert_eq!(f.j_per_th(), f.replacement_j_per_th());
        assert_eq!(f.pool_fee(), 0.02);
        assert_eq!(f.machines()[0].count(), 1000);
    }
}
