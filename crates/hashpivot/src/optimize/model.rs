//! The portfolio problem on given coefficients, as a mixed-integer linear programme through `good_lp`
//! (microlp by default, HiGHS with the `highs` feature), and the same problem by brute-force enumeration for
//! checking small instances.
//!
//! Variables: n_{s,q} ∈ {0, …, B_s}, the blocks of `block_mw_it` IT MW of site s whose build starts in quarter q
//! (a site may convert in phases); for the risk term, ζ (free) and u_p ≥ 0 per path (Rockafellar–Uryasev).
//! Path p's NPV is base_p + Σ_{s,q} v_{s,q,p} · block_mw_it_s · n_{s,q}. Maximise
//! mean_p NPV_p − λ · CVaR_a(−NPV), with CVaR_a(L) = min_ζ ζ + Σ_p (L_p − ζ)^+ / (a · P) (a = tail share).
//! Constraints: Σ_q n_{s,q} ≤ B_s (the site's interconnect); per year y, capex of the blocks started in y ≤
//! budget + financing of y; IT MW started in y ≤ build capacity; Σ IT MW ≤ tenant demand.

use crate::error::{Error, Result};
use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, variable};
use serde::Serialize;

/// One site's candidate conversion.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// The site.
    pub site: String,
    /// The conversion it is modelled on.
    pub conversion: String,
    /// IT MW of one block.
    pub block_mw_it: f64,
    /// Most blocks the site can take (its conversion's IT MW / block).
    pub max_blocks: u32,
    /// Landlord capex per IT MW, USD (counted in the year the block's build starts).
    pub capex_usd_per_mw_it: f64,
    /// `[quarter][path]`: PV gain over never converting, per IT MW started that quarter, USD.
    #[serde(skip)]
    pub value_usd_per_mw_it: Vec<Vec<f64>>,
}

/// Limits of the portfolio; `None` = no limit.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Limits {
    /// Capex budget per year, USD.
    pub budget_usd_per_year: Option<f64>,
    /// Financing available per year on top of the budget, USD.
    pub financing_usd_per_year: Option<f64>,
    /// IT MW whose build can start per year.
    pub build_mw_it_per_year: Option<f64>,
    /// IT MW tenants will lease in total.
    pub demand_mw_it: Option<f64>,
}

/// A portfolio problem.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Candidate sites.
    pub candidates: Vec<Candidate>,
    /// Number of quarters (quarter q starts its builds at the end of month 3q).
    pub quarters: usize,
    /// `[path]`: NPV of the candidate sites with no conversion, USD.
    pub base_usd: Vec<f64>,
    /// Limits.
    pub limits: Limits,
    /// Tail share of the CVaR (e.g. 0.05: the mean of the worst 5% of paths).
    pub tail: f64,
    /// How the coefficients were discounted (from [`crate::option::ConversionPaths::discounting`]).
    pub discounting: String,
}

/// One site's blocks started in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Start {
    /// The site.
    pub site: String,
    /// The quarter (0 = builds starting now).
    pub quarter: usize,
    /// IT MW started.
    pub mw_it: f64,
}

/// A solved portfolio.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The risk weight λ.
    pub lambda: f64,
    /// `[site][quarter]` blocks started.
    #[serde(skip)]
    pub blocks: Vec<Vec<u32>>,
    /// The starts, site by site, quarter by quarter.
    pub starts: Vec<Start>,
    /// Mean NPV over paths, USD.
    pub mean_usd: f64,
    /// CVaR of the NPV: the Rockafellar–Uryasev tail mean of the worst `tail` share of paths, USD.
    pub cvar_usd: f64,
    /// mean − λ·(−CVaR), USD.
    pub objective_usd: f64,
    /// Total IT MW converted.
    pub mw_it: f64,
    /// Total capex, USD.
    pub capex_usd: f64,
}

/// Scale of the model's money (USD millions), so the solver sees numbers near 1.
const SCALE: f64 = 1e6;

impl Instance {
    fn paths(&self) -> usize {
        self.base_usd.len()
    }

    fn check(&self) -> Result<()> {
        let p = self.paths();
        if p == 0 || self.quarters == 0 || self.candidates.is_empty() {
            return Err(Error::invalid(
                "optimizer",
                format!(
                    "{p} paths, {} quarters, {} sites",
                    self.quarters,
                    self.candidates.len()
                ),
                "at least one path, quarter and candidate site",
            ));
        }
        crate::bounds::CVAR_TAIL.check(self.tail)?;
        for c in &self.candidates {
            if c.value_usd_per_mw_it.len() != self.quarters
                || c.value_usd_per_mw_it.iter().any(|v| v.len() != p)
            {
                return Err(Error::invalid(
                    format!("candidate {}", c.site),
                    "a value table of the wrong shape",
                    format!("{} quarters × {p} paths", self.quarters),
                ));
            }
        }
        Ok(())
    }

    /// Path NPVs of a choice of blocks.
    pub fn path_npv(&self, blocks: &[Vec<u32>]) -> Vec<f64> {
        let mut v = self.base_usd.clone();
        for (c, b) in self.candidates.iter().zip(blocks) {
            for (q, &n) in b.iter().enumerate() {
                if n > 0 {
                    let mw = c.block_mw_it * n as f64;
                    for (x, g) in v.iter_mut().zip(&c.value_usd_per_mw_it[q]) {
                        *x += g * mw;
                    }
                }
            }
        }
        v
    }

    /// Whether a choice of blocks keeps every limit (with a relative tolerance of 1e-9).
    pub fn feasible(&self, blocks: &[Vec<u32>]) -> bool {
        let years = self.quarters.div_ceil(4);
        let mut capex = vec![0.0; years];
        let mut mw = vec![0.0; years];
        let mut total = 0.0;
        for (c, b) in self.candidates.iter().zip(blocks) {
            if b.iter().sum::<u32>() > c.max_blocks {
                return false;
            }
            for (q, &n) in b.iter().enumerate() {
                let m = c.block_mw_it * n as f64;
                capex[q / 4] += m * c.capex_usd_per_mw_it;
                mw[q / 4] += m;
                total += m;
            }
        }
        let ok = |x: f64, cap: Option<f64>| cap.is_none_or(|c| x <= c * (1.0 + 1e-9) + 1e-9);
        let money = match (
            self.limits.budget_usd_per_year,
            self.limits.financing_usd_per_year,
        ) {
            (None, None) => None,
            (b, f) => Some(b.unwrap_or(0.0) + f.unwrap_or(0.0)),
        };
        capex.iter().all(|&x| ok(x, money))
            && mw.iter().all(|&x| ok(x, self.limits.build_mw_it_per_year))
            && ok(total, self.limits.demand_mw_it)
    }

    /// The plan of a choice of blocks at risk weight `lambda`.
    pub fn plan(&self, blocks: Vec<Vec<u32>>, lambda: f64) -> Plan {
        let npv = self.path_npv(&blocks);
        let mean_usd = npv.iter().sum::<f64>() / npv.len() as f64;
        let cvar_usd = -ru_cvar_loss(&npv.iter().map(|x| -x).collect::<Vec<_>>(), self.tail);
        let mut starts = Vec::new();
        let (mut mw_it, mut capex_usd) = (0.0, 0.0);
        for (c, b) in self.candidates.iter().zip(&blocks) {
            for (q, &n) in b.iter().enumerate() {
                if n > 0 {
                    let m = c.block_mw_it * n as f64;
                    starts.push(Start {
                        site: c.site.clone(),
                        quarter: q,
                        mw_it: m,
                    });
                    mw_it += m;
                    capex_usd += m * c.capex_usd_per_mw_it;
                }
            }
        }
        Plan {
            lambda,
            blocks,
            starts,
            mean_usd,
            cvar_usd,
            objective_usd: mean_usd + lambda * cvar_usd,
            mw_it,
            capex_usd,
        }
    }
}

/// The Rockafellar–Uryasev CVaR of losses at tail share `a`: min_ζ ζ + Σ (L − ζ)^+ / (a·n), attained at one of
/// the losses (the function is convex and piecewise linear with kinks there).
pub fn ru_cvar_loss(losses: &[f64], a: f64) -> f64 {
    let n = losses.len() as f64;
    losses
        .iter()
        .map(|&z| z + losses.iter().map(|l| (l - z).max(0.0)).sum::<f64>() / (a * n))
        .fold(f64::INFINITY, f64::min)
}

/// Which solver `solve` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// microlp (pure Rust), the default.
    Microlp,
    /// HiGHS (only with the `highs` feature).
    Highs,
}

impl Backend {
    /// The backends this build has.
    pub fn available() -> &'static [Backend] {
        if cfg!(feature = "highs") {
            &[Backend::Microlp, Backend::Highs]
        } else {
            &[Backend::Microlp]
        }
    }
}

/// Solves the portfolio at risk weight `lambda` ≥ 0 with `backend`.
pub fn solve(inst: &Instance, lambda: f64, backend: Backend) -> Result<Plan> {
    inst.check()?;
    crate::bounds::RISK_WEIGHT.check(lambda)?;
    let p = inst.paths();
    let pf = p as f64;
    let mut vars = ProblemVariables::new();
    let n: Vec<Vec<Variable>> = inst
        .candidates
        .iter()
        .map(|c| {
            (0..inst.quarters)
                .map(|_| vars.add(variable().integer().min(0).max(c.max_blocks)))
                .collect()
        })
        .collect();
    let risk = lambda > 0.0;
    let zeta = risk.then(|| vars.add(variable()));
    let u: Vec<Variable> = if risk {
        (0..p).map(|_| vars.add(variable().min(0))).collect()
    } else {
        Vec::new()
    };
    // Path NPV expressions (USD millions), without the constant base.
    let gain = |path: usize| {
        let mut e = Expression::with_capacity(inst.candidates.len() * inst.quarters);
        for (c, row) in inst.candidates.iter().zip(&n) {
            for (q, &v) in row.iter().enumerate() {
                let coef = c.value_usd_per_mw_it[q][path] * c.block_mw_it / SCALE;
                if coef != 0.0 {
                    e.add_mul(coef, v);
                }
            }
        }
        e
    };
    let mut objective = Expression::with_capacity(inst.candidates.len() * inst.quarters + p + 1);
    for (c, row) in inst.candidates.iter().zip(&n) {
        for (q, &v) in row.iter().enumerate() {
            let mean: f64 = c.value_usd_per_mw_it[q].iter().sum::<f64>() / pf;
            objective.add_mul(mean * c.block_mw_it / SCALE, v);
        }
    }
    if let Some(z) = zeta {
        objective.add_mul(-lambda, z);
        for &up in &u {
            objective.add_mul(-lambda / (inst.tail * pf), up);
        }
    }
    let mut constraints = Vec::new();
    for (c, row) in inst.candidates.iter().zip(&n) {
        let mut e = Expression::with_capacity(row.len());
        for &v in row {
            e.add_mul(1.0, v);
        }
        constraints.push(e.leq(c.max_blocks as f64));
    }
    let money = match (
        inst.limits.budget_usd_per_year,
        inst.limits.financing_usd_per_year,
    ) {
        (None, None) => None,
        (b, f) => Some(b.unwrap_or(0.0) + f.unwrap_or(0.0)),
    };
    for y in 0..inst.quarters.div_ceil(4) {
        let quarters = 4 * y..(4 * y + 4).min(inst.quarters);
        let per_year = |per_mw: &dyn Fn(&Candidate) -> f64| {
            let mut e = Expression::with_capacity(inst.candidates.len() * 4);
            for (c, row) in inst.candidates.iter().zip(&n) {
                for &v in &row[quarters.clone()] {
                    e.add_mul(c.block_mw_it * per_mw(c), v);
                }
            }
            e
        };
        if let Some(m) = money {
            constraints.push(per_year(&|c| c.capex_usd_per_mw_it / SCALE).leq(m / SCALE));
        }
        if let Some(b) = inst.limits.build_mw_it_per_year {
            constraints.push(per_year(&|_| 1.0).leq(b));
        }
    }
    if let Some(d) = inst.limits.demand_mw_it {
        let mut e = Expression::with_capacity(inst.candidates.len() * inst.quarters);
        for (c, row) in inst.candidates.iter().zip(&n) {
            for &v in row {
                e.add_mul(c.block_mw_it, v);
            }
        }
        constraints.push(e.leq(d));
    }
    if let Some(z) = zeta {
        // u_p ≥ L_p − ζ with L_p = −(base_p + gain_p): u_p + gain_p + ζ ≥ −base_p.
        for (path, &up) in u.iter().enumerate() {
            let mut e = gain(path);
            e.add_mul(1.0, up);
            e.add_mul(1.0, z);
            constraints.push(e.geq(-inst.base_usd[path] / SCALE));
        }
    }
    let problem = vars.maximise(objective);
    let values: Vec<Vec<f64>> = match backend {
        Backend::Microlp => {
            let sol = problem
                .using(good_lp::microlp)
                .with_all(constraints)
                .solve()
                .map_err(|e| solver_error(&e))?;
            block_values(&n, &sol)
        }
        #[cfg(feature = "highs")]
        Backend::Highs => {
            let mut model = problem.using(good_lp::highs);
            model.set_verbose(false);
            let sol = model
                .with_all(constraints)
                .solve()
                .map_err(|e| solver_error(&e))?;
            block_values(&n, &sol)
        }
        #[cfg(not(feature = "highs"))]
        Backend::Highs => {
            return Err(Error::invalid(
                "solver",
                "highs",
                "microlp (this build has no `highs` feature)",
            ));
        }
    };
    let blocks = values
        .iter()
        .map(|r| r.iter().map(|x| x.round().max(0.0) as u32).collect())
        .collect();
    Ok(inst.plan(blocks, lambda))
}

/// `[site][quarter]`: the solved value of each block-count variable (whichever solver solved it).
fn block_values(n: &[Vec<Variable>], sol: &impl Solution) -> Vec<Vec<f64>> {
    n.iter()
        .map(|r| r.iter().map(|&v| sol.value(v)).collect())
        .collect()
}

fn solver_error(e: &good_lp::ResolutionError) -> Error {
    Error::invalid("optimizer", e.to_string(), "a solvable portfolio problem")
}

/// Every way to spread at most `max` blocks over `quarters` quarters.
fn spreads(quarters: usize, max: u32) -> Vec<Vec<u32>> {
    fn rec(q: usize, left: u32, cur: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
        if cur.len() == q {
            out.push(cur.clone());
            return;
        }
        for k in 0..=left {
            cur.push(k);
            rec(q, left - k, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    rec(quarters, max, &mut Vec::new(), &mut out);
    out
}

/// The optimum by enumerating every feasible choice (small instances only: at most 10⁶ combinations).
pub fn brute_force(inst: &Instance, lambda: f64) -> Result<Plan> {
    inst.check()?;
    let options: Vec<Vec<Vec<u32>>> = inst
        .candidates
        .iter()
        .map(|c| spreads(inst.quarters, c.max_blocks))
        .collect();
    let total: f64 = options.iter().map(|o| o.len() as f64).product();
    if total > 1e6 {
        return Err(Error::invalid(
            "brute force",
            total,
            "at most 1,000,000 combinations",
        ));
    }
    let mut best: Option<Plan> = None;
    let mut idx = vec![0usize; options.len()];
    loop {
        let blocks: Vec<Vec<u32>> = idx
            .iter()
            .zip(&options)
            .map(|(&i, o)| o[i].clone())
            .collect();
        if inst.feasible(&blocks) {
            let plan = inst.plan(blocks, lambda);
            if best
                .as_ref()
                .is_none_or(|b| plan.objective_usd > b.objective_usd)
            {
                best = Some(plan);
            }
        }
        // Next combination (odometer).
        let mut k = 0;
        loop {
            if k == idx.len() {
                return best.ok_or_else(|| {
                    Error::invalid("optimizer", "no feasible plan", "a feasible portfolio")
                });
            }
            idx[k] += 1;
            if idx[k] < options[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 3 sites × 4 quarters × 20 paths, 2 blocks per site: gains with a common market factor (so risk and
    /// timing trade off), binding budget, build capacity and demand.
    fn small(seed: u64, limits: Limits) -> Instance {
        let shape = crate::optimize::Synthetic {
            sites: 3,
            quarters: 4,
            paths: 20,
            max_blocks: 2,
            block_mw_it: (50.0, 25.0),
            capex_usd_per_mw_it: (8e6, 1e6),
            drift_fade_per_quarter: 0.1,
            base_usd: (1e8, 5e7),
        };
        shape.instance(seed, limits, 0.1)
    }

    #[test]
    fn the_milp_finds_the_brute_force_optimum() {
        let limited = Limits {
            budget_usd_per_year: Some(1.0e9),
            financing_usd_per_year: Some(0.5e9),
            build_mw_it_per_year: Some(200.0),
            demand_mw_it: Some(300.0),
        };
        let mut plans = Vec::new();
        for (seed, limits) in [(1, Limits::default()), (2, limited), (3, limited)] {
            let inst = small(seed, limits);
            for lambda in [0.0, 0.5, 2.0] {
                let milp = solve(&inst, lambda, Backend::Microlp).unwrap();
                let brute = brute_force(&inst, lambda).unwrap();
                assert!(inst.feasible(&milp.blocks), "seed {seed} λ {lambda}");
                let tol = 1e-6 * brute.objective_usd.abs().max(1.0);
                assert!(
                    (milp.objective_usd - brute.objective_usd).abs() < tol,
                    "seed {seed} λ {lambda}: milp {} {:?} vs brute {} {:?}",
                    milp.objective_usd,
                    milp.blocks,
                    brute.objective_usd,
                    brute.blocks
                );
                plans.push(brute.blocks);
            }
        }
        // Not a trivial check: the optima convert something, and the risk weight changes some of them.
        assert!(plans.iter().all(|b| b.iter().flatten().any(|&n| n > 0)));
        assert!(plans.chunks(3).any(|c| c[0] != c[2]), "{plans:?}");
    }

    #[cfg(feature = "highs")]
    #[test]
    fn highs_finds_the_brute_force_optimum_too() {
        let limited = Limits {
            budget_usd_per_year: Some(1.0e9),
            financing_usd_per_year: Some(0.5e9),
            build_mw_it_per_year: Some(200.0),
            demand_mw_it: Some(300.0),
        };
        for (seed, limits) in [(1, Limits::default()), (2, limited)] {
            let inst = small(seed, limits);
            for lambda in [0.0, 2.0] {
                let highs = solve(&inst, lambda, Backend::Highs).unwrap();
                let brute = brute_force(&inst, lambda).unwrap();
                let tol = 1e-6 * brute.objective_usd.abs().max(1.0);
                assert!((highs.objective_usd - brute.objective_usd).abs() < tol);
            }
        }
    }

    #[test]
    fn ru_cvar_is_the_tail_mean_when_the_tail_is_whole_paths() {
        let losses = [5.0, -1.0, 3.0, 0.0, 10.0, 2.0, -4.0, 1.0, 7.0, 6.0];
        // Tail 20% of 10 = the 2 worst losses: (10 + 7) / 2.
        assert!((ru_cvar_loss(&losses, 0.2) - 8.5).abs() < 1e-12);
        let npv: Vec<f64> = losses.iter().map(|l| -l).collect();
        let lower = crate::risk::cvar_lower(&crate::risk::sorted(&npv), 0.2);
        assert!((lower + 8.5).abs() < 1e-12);
    }

    #[test]
    fn limits_that_nothing_fits_give_the_empty_plan() {
        let inst = small(
            4,
            Limits {
                demand_mw_it: Some(10.0),
                ..Limits::default()
            },
        );
        let plan = solve(&inst, 0.0, Backend::Microlp).unwrap();
        assert!(plan.starts.is_empty());
        assert_eq!(plan.mw_it, 0.0);
    }
}
