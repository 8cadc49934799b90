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
//! the ASICs' resale at j = 0, the lease's month ([`crate::hpc::lease::lease_month`]) on the rent it collects
//! ([`crate::scenario::LeaseUse::collected`]: in expectation over the tenant's default month by the one rule of
//! [`crate::hpc::lease::LeaseCredit`] — backstop up to its cap, vacancy, re-let — as the engine's base case and
//! `HostingLease::landlord_flows` take it), and, from j = 1, minus the displaced mining. The lease signed at t is
//! the conversion's lease at the then-market rent: its rent, renewal rent and backstop cap × the rent index at t
//! (the rule is homogeneous in them, so the collected rent scales by the index too), with a tenant alive at
//! signing (its survival counted from the build start, offset 0). Discounting by class, as the engine's APV: the
//! lease's months and the build capex at the contracted rate, the displaced site flows (mining, and any power
//! sales the held MW would make) and the ASIC sale at the mining rate; "never" by the site's class cash, each
//! class at its rate ([`crate::scenario::DiscountRates`]). Pre-tax and unlevered: the site's own flows, not the
//! company's equity flow. The lease's contract is counted over its whole term, past the horizon too (so a late
//! start is not cut short by the horizon), in place of a residual sale at the horizon; its renewal rent (a
//! term at market rent that runs to the horizon) within the horizon only; past the horizon, the
//! displaced mining and the power price of a month are the path's mean of its last 12 months. "Never" is the
//! site's flows to the horizon (no terminal value).

use crate::error::{Error, Result};
use crate::finance::{discount_factor, npv};
use crate::hpc::lease::{Collected, LeaseCredit, lease_month};
use crate::power::PriceBook;
use crate::scenario::{ConversionPlan, ConversionUse, LeaseSource, LeaseUse, Scenario};
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

/// The lease of the conversion being timed, at today's rent: what each month from the build start collects in
/// expectation and whether rent is due.
#[derive(Debug, Clone)]
struct LeaseTerms {
    /// `[j]` expected collection at today's rent ([`LeaseUse::collected`], offset 0).
    collected: Vec<Collected>,
    /// `[j]` contract rent due: the months the tenant draws power and holds the MW past the horizon.
    due: Vec<bool>,
    /// `[j]` expected renewal rent at today's rent (within the horizon only: renewal runs to the horizon).
    renewal: Vec<f64>,
    noi_margin: f64,
    landlord_pays_power: bool,
}

impl LeaseTerms {
    fn new(l: &LeaseUse) -> LeaseTerms {
        let len = l.rent_usd.len().max(l.renewal_rent_usd.len());
        LeaseTerms {
            collected: (0..len).map(|j| l.collected(j, None, true, 0)).collect(),
            due: (0..len)
                .map(|j| l.rent_usd.get(j).is_some_and(|r| *r > 0.0))
                .collect(),
            renewal: (0..len)
                .map(|j| l.renewal_rent_usd.get(j).copied().unwrap_or(0.0))
                .collect(),
            noi_margin: l.noi_margin,
            landlord_pays_power: l.landlord_pays_power,
        }
    }

    /// The lease's month `j` at rent index `idx` (the collected rent × the index) with `power_usd` the landlord's
    /// power bill of a fully occupied month: NOI less power, USD. `in_horizon`: the month is within the horizon
    /// (renewal rent counts; past it only the contract does, as a renewal runs to the horizon).
    fn month_usd(&self, j: usize, idx: f64, power_usd: f64, in_horizon: bool) -> f64 {
        let Some(c) = self.collected.get(j) else {
            return 0.0;
        };
        let renewal = if in_horizon { 0.0 } else { self.renewal[j] };
        let due = self.due[j] || (in_horizon && self.renewal[j] > 0.0);
        if !due && c.rent_usd - renewal <= 0.0 {
            return 0.0;
        }
        let c = Collected {
            rent_usd: (c.rent_usd - renewal) * idx,
            occupied: c.occupied,
        };
        let lm = lease_month(c, self.noi_margin, if due { power_usd } else { 0.0 });
        lm.rent_collected_usd - lm.opex_usd - lm.power_cost_usd
    }
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
    /// Annual discount rate of the lease's months and the build capex (the contracted class).
    pub contracted_rate: f64,
    /// Annual discount rate of the displaced site flows and the ASIC sale (the mining class).
    pub mining_rate: f64,
    /// The ASICs' resale at the build start, USD.
    pub asic_resale_usd: f64,
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
}

/// The parts of a start's PV that do not depend on the path or the start month: with no landlord power, the
/// lease's month j is linear in the rent index, so a start at t is worth
/// df_c(t)·(index·lease − capex) + df_m(t)·ASIC sale − displaced.
#[derive(Debug, Clone, Default)]
struct StartParts {
    /// `[k]`: PV at the build start of the lease months (NOI at today's rent) at the contracted rate, with
    /// months 0..k within the horizon (renewal rent counted) and the rest past it.
    lease_pv: Vec<f64>,
    /// PV at the build start of the landlord's capex, at the contracted rate.
    capex_pv: f64,
    /// `[j0]`: Σ over lease months j ≥ j0 with rent due of df_m(j) (for the displaced mining past the horizon).
    rent_df_from: Vec<f64>,
}

impl StartParts {
    fn new(
        l: &LeaseTerms,
        capex_usd: f64,
        build_months: usize,
        contracted_rate: f64,
        mining_rate: f64,
    ) -> StartParts {
        let len = l.collected.len().max(build_months + 1);
        // PV of months 0..k within the horizon plus months k.. past it.
        let df = |j: usize| discount_factor(contracted_rate, j);
        let mut within = vec![0.0; len + 1];
        let mut past = vec![0.0; len + 1];
        for j in 0..len {
            within[j + 1] = within[j] + df(j) * l.month_usd(j, 1.0, 0.0, true);
        }
        for j in (0..len).rev() {
            past[j] = past[j + 1] + df(j) * l.month_usd(j, 1.0, 0.0, false);
        }
        let capex: Vec<f64> = (0..len)
            .map(|j| landlord_capex_usd(capex_usd, build_months, j))
            .collect();
        let mut rent_df_from = vec![0.0; len + 1];
        for j in (0..len).rev() {
            let has_rent = l.due.get(j).copied().unwrap_or(false);
            rent_df_from[j] = rent_df_from[j + 1]
                + if has_rent {
                    discount_factor(mining_rate, j)
                } else {
                    0.0
                };
        }
        StartParts {
            lease_pv: within.iter().zip(&past).map(|(a, b)| a + b).collect(),
            capex_pv: npv(contracted_rate, &capex).unwrap_or(f64::NAN),
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
        let ConversionUse::Lease(lease) = cv.use_() else {
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
            ConversionUse::Lease(Box::new(LeaseUse::new(
                LeaseSource::Inline,
                "",
                "",
                Vec::new(),
                lease.noi_margin,
                false,
                LeaseCredit::none(),
            ))),
        )?
        .with_build(cv.build_months(), 0.0)?;
        let held = site_alone(sc, si, Some(empty))?;
        let p_never = Prepared::new(&never, power)?;
        let p_held = Prepared::new(&held, power)?;
        let months = sc.months();
        let rates = sc.discount_rates();
        let class_rates = [
            rates.mining,
            rates.power_sales,
            rates.contracted,
            rates.gpu_cloud,
        ];
        let per_path: Vec<_> = (0..n_paths as u64)
            .into_par_iter()
            .map(|k| {
                let path = first_path + k;
                let a = path_months(&p_never, seed, path);
                let b = path_months(&p_held, seed, path);
                // One site: rows alternate site, company.
                // The site's own flows (mining and power sales), which the held MW displace.
                let flow = |r: &crate::sim::MonthRecord| r.class_cash_usd[0] + r.class_cash_usd[1];
                let site_a: Vec<_> = a.records.iter().step_by(2).collect();
                let site_b: Vec<_> = b.records.iter().step_by(2).collect();
                let class_flows = |c: usize| {
                    site_a
                        .iter()
                        .map(|r| r.class_cash_usd[c])
                        .collect::<Vec<f64>>()
                };
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
                let never_pv: f64 = (0..4)
                    .map(|c| npv(class_rates[c], &class_flows(c)).unwrap_or(f64::NAN))
                    .sum();
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
            contracted_rate: rates.contracted,
            mining_rate: rates.mining,
            asic_resale_usd: cv.asic_resale_usd(),
            n_paths,
            first_path,
            never_pv: Vec::with_capacity(n_paths),
            displaced: Vec::with_capacity(n_paths),
            power_per_mw_month: Vec::with_capacity(n_paths),
            tail: Vec::with_capacity(n_paths),
            displaced_pv_after: Vec::with_capacity(n_paths),
            parts: StartParts::default(),
            state: Vec::with_capacity(n_paths),
            lease: LeaseTerms::new(lease),
            mw_gross: cv.mw_gross(),
        };
        out.parts = StartParts::new(
            &out.lease,
            out.capex_usd,
            out.build_months,
            rates.contracted,
            rates.mining,
        );
        for (n, d, pw, s) in per_path {
            let last = |v: &[f64]| {
                let k = v.len().saturating_sub(12).max(1);
                v[k..].iter().sum::<f64>() / (v.len() - k).max(1) as f64
            };
            out.tail.push((last(&d), last(&pw)));
            let mut after = vec![0.0; months + 1];
            for m in (0..months).rev() {
                after[m] = after[m + 1] + discount_factor(rates.mining, m + 1) * d[m + 1];
            }
            out.displaced_pv_after.push(after);
            out.never_pv.push(n);
            out.displaced.push(d);
            out.power_per_mw_month.push(pw);
            out.state.push(s);
        }
        Ok(out)
    }

    /// The discounting basis, in words: which flows at which class rate (per year, as the company states them
    /// or its `discount_rate` when a class is not stated), and how the lease's default risk is taken.
    pub fn discounting(&self) -> String {
        format!(
            "lease NOI and build capex at the contracted rate {:.4}/yr; displaced site flows (mining, power \
             sales) and the ASIC sale at the mining rate {:.4}/yr; never: the site's class cash, each at its \
             class rate; tenant default in expectation over its month (backstop, vacancy, re-let), survival \
             from signing",
            self.contracted_rate, self.mining_rate
        )
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
        let dfc = discount_factor(self.contracted_rate, t);
        let dfm = discount_factor(self.mining_rate, t);
        let past = p.rent_df_from[(self.months + 1 - t).min(p.rent_df_from.len() - 1)];
        let lease_pv = p.lease_pv[(self.months + 1 - t).min(p.lease_pv.len() - 1)];
        dfc * (self.state[i][t][3] * lease_pv - p.capex_pv)
            + dfm * (self.asic_resale_usd - self.tail[i].0 * past)
            - self.displaced_pv_after[i][t]
    }

    /// [`Self::start_pv`] month by month: the flows of each month from t to the end of the lease, the lease's
    /// and the capex discounted by [`npv`] at the contracted rate, the displaced flows and the ASIC sale at the
    /// mining rate. `buf` is scratch.
    pub fn start_pv_by_month(&self, i: usize, t: usize, buf: &mut Vec<f64>) -> f64 {
        if t > self.months {
            return 0.0;
        }
        let l = &self.lease;
        let idx = self.state[i][t][3];
        buf.clear();
        let mut mining = Vec::new();
        let end = (t + l.collected.len().max(self.build_months + 1)).max(self.months + 1);
        let (tail_displaced, tail_power) = self.tail[i];
        for m in t..end {
            let j = m - t;
            let (displaced, power_mw_month) = if m <= self.months {
                (self.displaced[i][m], self.power_per_mw_month[i][m])
            } else {
                (tail_displaced, tail_power)
            };
            let power = if l.landlord_pays_power {
                self.mw_gross * power_mw_month
            } else {
                0.0
            };
            buf.push(
                l.month_usd(j, idx, power, m <= self.months)
                    - landlord_capex_usd(self.capex_usd, self.build_months, j),
            );
            let due = l.due.get(j).copied().unwrap_or(false);
            let mut f = if j == 0 { self.asic_resale_usd } else { 0.0 };
            if j >= 1 && (m <= self.months || due) {
                f -= displaced;
            }
            mining.push(f);
        }
        npv(self.contracted_rate, buf).unwrap_or(f64::NAN)
            * discount_factor(self.contracted_rate, t)
            + npv(self.mining_rate, &mining).unwrap_or(f64::NAN)
                * discount_factor(self.mining_rate, t)
    }
}
