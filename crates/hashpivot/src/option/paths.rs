//! A conversion whose start is not fixed, on the engine's paths: what starting its build at the end of month t
//! is worth on each path, and the state observed then. The option to convert later ([`super::convert`]) and
//! the portfolio optimizer ([`crate::optimize`]) both price a start month here.
//!
//! The site is run by the engine ([`crate::sim::path_months`]) twice on the same draws (common random
//! numbers): alone with no conversion ("never"), and with a conversion of the same MW that earns nothing and
//! costs nothing, started at once. The difference of the site's monthly flows (EBITDA − capex) is the mining
//! (and hosting, demand response, replacements) the conversion displaces month by month; it depends only on
//! whether the conversion holds its MW that month, so it applies to any start. A start at the end of month t
//! then adds, in months t + j (j ≥ 0, to the horizon): the landlord's capex ([`crate::sim::landlord_capex_usd`]),
//! the lease's month ([`crate::hpc::lease::lease_month`]) at the conversion's contracted rent schedule × the rent
//! index at t (the then-market rent), the tenant's expected survival, and, from j = 1, minus the displaced
//! mining. Present values through [`crate::finance`]. Pre-tax and unlevered: the site's own flows, not the
//! company's equity flow. The lease is counted over its whole contracted term, past the horizon too (so a late
//! start is not cut short by the horizon); past the horizon, the displaced mining and the power price of a month
//! are the path's mean of its last 12 months. "Never" is the site's flows to the horizon (no terminal value).

use crate::error::{Error, Result};
use crate::finance::{discount_factor, npv};
use crate::hpc::lease::lease_month;
use crate::market::default_hazard::survival;
use crate::power::PriceBook;
use crate::scenario::{ConversionPlan, ConversionUse, LeaseSource, Scenario};
use crate::sim::{Prepared, landlord_capex_usd, path_months};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

/// The market rent of a lease signed later, as an index of today's rent (1 at t = 0): a geometric Brownian
/// motion in monthly steps, ln I_m = ln I_{m−1} + (μ − σ²/2)/12 + σ·√(1/12)·z_m, independent of the other
/// processes, drawn from its own generator (ChaCha8 seeded with the run's seed XOR [`RentIndex::SALT`], on the
/// path's stream).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RentIndex {
    /// Expected growth per year of the market rent (μ).
    pub drift_per_year: f64,
    /// Volatility per year of the market rent (σ).
    pub volatility_per_year: f64,
}

impl RentIndex {
    /// Separates the rent stream from the engine's streams of the same seed.
    pub const SALT: u64 = 0x5245_4e54_5f49_4458;

    /// Checks μ against [`crate::bounds::RENT_DRIFT_PER_YEAR`] and σ against
    /// [`crate::bounds::RENT_VOLATILITY_PER_YEAR`].
    pub fn new(drift_per_year: f64, volatility_per_year: f64) -> Result<RentIndex> {
        Ok(RentIndex {
            drift_per_year: crate::bounds::RENT_DRIFT_PER_YEAR.check(drift_per_year)?,
            volatility_per_year: crate::bounds::RENT_VOLATILITY_PER_YEAR
                .check(volatility_per_year)?,
        })
    }

    /// The index for months 0..=`months` of path `path`.
    pub fn path(&self, seed: u64, path: u64, months: usize) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ Self::SALT);
        rng.set_stream(path);
        let (mu, s) = (self.drift_per_year, self.volatility_per_year);
        let step = (mu - 0.5 * s * s) / 12.0;
        let sd = s * (1.0f64 / 12.0).sqrt();
        let mut out = Vec::with_capacity(months + 1);
        let mut ln = 0.0;
        out.push(1.0);
        for _ in 0..months {
            let z: f64 = rand::Rng::sample(&mut rng, rand_distr::StandardNormal);
            ln += step + sd * z;
            out.push(ln.exp());
        }
        out
    }
}

/// The lease terms of the conversion being timed.
#[derive(Debug, Clone)]
struct LeaseTerms {
    rent_usd: Vec<f64>,
    noi_margin: f64,
    landlord_pays_power: bool,
    backstop_recovery: f64,
}

/// One site's paths for a conversion of variable start.
#[derive(Debug, Clone)]
pub struct ConversionPaths {
    /// The conversion's name.
    pub conversion: String,
    /// The site's name.
    pub site: String,
    /// IT MW of the conversion.
    pub mw_it: f64,
    /// Landlord capex of the conversion, USD.
    pub capex_usd: f64,
    /// Build months.
    pub build_months: usize,
    /// The horizon M, months.
    pub months: usize,
    /// Annual discount rate.
    pub discount_rate: f64,
    /// Number of paths.
    pub n_paths: usize,
    /// Path index of the first path (paths are `first_path..first_path + n_paths` of the seed).
    pub first_path: u64,
    /// PV of the site's flows with no conversion, per path, USD.
    pub never_pv: Vec<f64>,
    /// `[path][month]` displaced site flow while the conversion holds its MW, USD.
    displaced: Vec<Vec<f64>>,
    /// `[path][month]` cost of a MW drawn all month at the site's firm price.
    power_per_mw_month: Vec<Vec<f64>>,
    /// `[path][t]` PV at 0 of the displaced flows of months t + 1..=M.
    displaced_pv_after: Vec<Vec<f64>>,
    /// Path-independent parts of a start (see [`ConversionPaths::start_pv`]).
    parts: StartParts,
    /// `[path]` mean displaced flow and power cost per MW-month over the last 12 months (used past the horizon).
    tail: Vec<(f64, f64)>,
    /// `[path][month]` state: hashprice USD/PH/day, BTC USD, firm power USD/MWh, rent index.
    state: Vec<Vec<[f64; 4]>>,
    lease: LeaseTerms,
    mw_gross: f64,
    hazard_per_year: f64,
}

/// The parts of a start's PV that do not depend on the path or the start month: with no landlord power, the
/// lease's month j is linear in the rent, so a start at t is worth df(t)·(index·lease − capex) − displaced.
#[derive(Debug, Clone, Default)]
struct StartParts {
    /// PV at the build start of the lease months (rent part, at today's rent), by [`npv`].
    lease_pv: f64,
    /// PV at the build start of the landlord's capex.
    capex_pv: f64,
    /// `[j0]`: Σ over lease months j ≥ j0 with rent of df(j) (for the displaced mining past the horizon).
    rent_df_from: Vec<f64>,
}

impl StartParts {
    fn new(
        l: &LeaseTerms,
        capex_usd: f64,
        build_months: usize,
        hazard: f64,
        rate: f64,
    ) -> StartParts {
        let len = l.rent_usd.len().max(build_months + 1);
        let lease: Vec<f64> = (0..len)
            .map(|j| {
                let rent = l.rent_usd.get(j).copied().unwrap_or(0.0);
                let lm = lease_month(
                    rent,
                    survival(hazard, j),
                    l.backstop_recovery,
                    l.noi_margin,
                    0.0,
                );
                lm.rent_collected_usd - lm.opex_usd
            })
            .collect();
        let capex: Vec<f64> = (0..len)
            .map(|j| landlord_capex_usd(capex_usd, build_months, j))
            .collect();
        let mut rent_df_from = vec![0.0; len + 1];
        for j in (0..len).rev() {
            let has_rent = l.rent_usd.get(j).is_some_and(|r| *r > 0.0);
            rent_df_from[j] = rent_df_from[j + 1]
                + if has_rent {
                    discount_factor(rate, j)
                } else {
                    0.0
                };
        }
        StartParts {
            lease_pv: npv(rate, &lease).unwrap_or(f64::NAN),
            capex_pv: npv(rate, &capex).unwrap_or(f64::NAN),
            rent_df_from,
        }
    }
}

/// The names of the state variables, in the order of [`ConversionPaths::state`].
pub const STATE_NAMES: [&str; 4] = ["hashprice", "btc", "power", "rent"];

/// The site of conversion `ci` alone, with no conversion or with `conversion`.
fn site_alone(sc: &Scenario, si: usize, conversion: Option<ConversionPlan>) -> Result<Scenario> {
    Scenario::new(
        sc.company().clone(),
        vec![sc.sites()[si].clone()],
        conversion.into_iter().collect(),
        Vec::new(),
        sc.market().clone(),
    )
}

impl ConversionPaths {
    /// Runs conversion `conversion` (an index into [`Scenario::conversions`], a lease) of `sc` on paths
    /// `first_path..first_path + n_paths` of `seed`, with the market rent following `rent`.
    pub fn new(
        sc: &Scenario,
        power: &PriceBook,
        conversion: usize,
        rent: &RentIndex,
        seed: u64,
        first_path: u64,
        n_paths: usize,
    ) -> Result<ConversionPaths> {
        let cv = sc.conversions().get(conversion).ok_or_else(|| {
            Error::invalid(
                "conversion",
                conversion,
                format!("one of the {} conversions", sc.conversions().len()),
            )
        })?;
        let ConversionUse::Lease {
            rent_usd,
            noi_margin,
            landlord_pays_power,
            backstop_recovery,
            ..
        } = cv.use_()
        else {
            return Err(Error::invalid(
                format!("conversions[{}].use", cv.name()),
                "gpu_cloud",
                "a lease (the option to convert later and the optimizer price a lease at the then-market rent)",
            ));
        };
        let si = cv.site();
        let never = site_alone(sc, si, None)?;
        // The same MW, earning and costing nothing, from month 1: only the displaced site flows remain.
        let empty = ConversionPlan::new(
            cv.name(),
            0,
            0,
            cv.mw_it(),
            cv.pue(),
            ConversionUse::Lease {
                source: LeaseSource::Inline,
                rent_usd: Vec::new(),
                noi_margin: *noi_margin,
                landlord_pays_power: false,
                backstop_recovery: 0.0,
            },
        )?
        .with_build(cv.build_months(), 0.0)?;
        let held = site_alone(sc, si, Some(empty))?;
        let p_never = Prepared::new(&never, power)?;
        let p_held = Prepared::new(&held, power)?;
        let months = sc.months();
        let rate = sc.discount_rate();
        let per_path: Vec<_> = (0..n_paths as u64)
            .into_par_iter()
            .map(|k| {
                let path = first_path + k;
                let a = path_months(&p_never, seed, path);
                let b = path_months(&p_held, seed, path);
                // One site: rows alternate site, company.
                let flow = |r: &crate::sim::MonthRecord| r.ebitda_usd - r.capex_usd;
                let site_a: Vec<_> = a.records.iter().step_by(2).collect();
                let site_b: Vec<_> = b.records.iter().step_by(2).collect();
                let flows_a: Vec<f64> = site_a.iter().map(|r| flow(r)).collect();
                let displaced: Vec<f64> = site_a
                    .iter()
                    .zip(&site_b)
                    .map(|(x, y)| flow(x) - flow(y))
                    .collect();
                let idx = rent.path(seed, path, months);
                let state: Vec<[f64; 4]> = (0..=months)
                    .map(|m| {
                        let r = site_a[m.max(1)];
                        [
                            r.hashprice_usd_per_ph_day,
                            r.btc_price_usd,
                            a.firm_power_usd_per_mwh[0][m],
                            idx[m],
                        ]
                    })
                    .collect();
                let never_pv = npv(rate, &flows_a).unwrap_or(f64::NAN);
                (
                    never_pv,
                    displaced,
                    a.firm_power_usd_per_mw_month[0].clone(),
                    state,
                )
            })
            .collect();
        let mut out = ConversionPaths {
            conversion: cv.name().to_string(),
            site: sc.sites()[si].name().to_string(),
            mw_it: cv.mw_it(),
            capex_usd: cv.capex_usd(),
            build_months: cv.build_months() as usize,
            months,
            discount_rate: rate,
            n_paths,
            first_path,
            never_pv: Vec::with_capacity(n_paths),
            displaced: Vec::with_capacity(n_paths),
            power_per_mw_month: Vec::with_capacity(n_paths),
            tail: Vec::with_capacity(n_paths),
            displaced_pv_after: Vec::with_capacity(n_paths),
            parts: StartParts::default(),
            state: Vec::with_capacity(n_paths),
            lease: LeaseTerms {
                rent_usd: rent_usd.clone(),
                noi_margin: *noi_margin,
                landlord_pays_power: *landlord_pays_power,
                backstop_recovery: *backstop_recovery,
            },
            mw_gross: cv.mw_gross(),
            hazard_per_year: sc.market().default_hazard_per_year(),
        };
        out.parts = StartParts::new(
            &out.lease,
            out.capex_usd,
            out.build_months,
            out.hazard_per_year,
            rate,
        );
        for (n, d, pw, s) in per_path {
            let last = |v: &[f64]| {
                let k = v.len().saturating_sub(12).max(1);
                v[k..].iter().sum::<f64>() / (v.len() - k).max(1) as f64
            };
            out.tail.push((last(&d), last(&pw)));
            let mut after = vec![0.0; months + 1];
            for m in (0..months).rev() {
                after[m] = after[m + 1] + discount_factor(rate, m + 1) * d[m + 1];
            }
            out.displaced_pv_after.push(after);
            out.never_pv.push(n);
            out.displaced.push(d);
            out.power_per_mw_month.push(pw);
            out.state.push(s);
        }
        Ok(out)
    }

    /// The state on path `i` at the end of month `t` (month 0: month 1's, the first the engine prices, for
    /// hashprice, BTC and power; the rent index is 1).
    pub fn state(&self, i: usize, t: usize) -> [f64; 4] {
        let mut s = self.state[i][t];
        if t == 0 {
            s = self.state[i][1];
            s[3] = 1.0;
        }
        s
    }

    /// The PV at t = 0 (USD) on path `i` of starting the build at the end of month `t`, relative to never
    /// converting: the flows of months t onwards as described in the module documentation. Without landlord
    /// power, from the path-independent parts (df(t)·(rent index·lease PV − capex PV) − the path's displaced
    /// PV after t, past the horizon at its tail mean); otherwise month by month ([`Self::start_pv_by_month`]).
    pub fn start_pv(&self, i: usize, t: usize, buf: &mut Vec<f64>) -> f64 {
        if self.lease.landlord_pays_power {
            return self.start_pv_by_month(i, t, buf);
        }
        if t > self.months {
            return 0.0;
        }
        let p = &self.parts;
        let df_t = discount_factor(self.discount_rate, t);
        let past = p.rent_df_from[(self.months + 1 - t).min(p.rent_df_from.len() - 1)];
        df_t * (self.state[i][t][3] * p.lease_pv - p.capex_pv - self.tail[i].0 * past)
            - self.displaced_pv_after[i][t]
    }

    /// [`Self::start_pv`] month by month: the flows of each month from t to the end of the lease, discounted by
    /// [`npv`]. `buf` is scratch.
    pub fn start_pv_by_month(&self, i: usize, t: usize, buf: &mut Vec<f64>) -> f64 {
        if t > self.months {
            return 0.0;
        }
        let l = &self.lease;
        let idx = self.state[i][t][3];
        buf.clear();
        let end = (t + l.rent_usd.len().max(self.build_months + 1)).max(self.months + 1);
        let (tail_displaced, tail_power) = self.tail[i];
        for m in t..end {
            let j = m - t;
            let (displaced, power_mw_month) = if m <= self.months {
                (self.displaced[i][m], self.power_per_mw_month[i][m])
            } else {
                (tail_displaced, tail_power)
            };
            let mut f = -landlord_capex_usd(self.capex_usd, self.build_months, j);
            let rent = l.rent_usd.get(j).copied().unwrap_or(0.0) * idx;
            if rent > 0.0 {
                let power = if l.landlord_pays_power {
                    self.mw_gross * power_mw_month
                } else {
                    0.0
                };
                let lm = lease_month(
                    rent,
                    survival(self.hazard_per_year, j),
                    l.backstop_recovery,
                    l.noi_margin,
                    power,
                );
                f += lm.rent_collected_usd - lm.opex_usd - lm.power_cost_usd;
            }
            if j >= 1 && (m <= self.months || rent > 0.0) {
                f -= displaced;
            }
            buf.push(f);
        }
        npv(self.discount_rate, buf).unwrap_or(f64::NAN) * discount_factor(self.discount_rate, t)
    }
}
