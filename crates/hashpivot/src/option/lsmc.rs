//! Longstaff–Schwartz least-squares Monte Carlo for an option exercised once at one of T decision dates.
//!
//! Input: N paths, each with the exercise value at every decision date (in present value at t = 0, so the
//! discounting is the caller's, through [`crate::finance`]) and the state variables observed at that date.
//! Backward induction: at date t the continuation value (the present value the current rule earns on the path
//! if it does not exercise at t) is regressed on a polynomial of the state; exercise where the exercise value
//! exceeds it. When the exercise value is itself a forecast (it depends on the path's future, as the value of a
//! conversion does), it is regressed on the same basis and the rule compares the two fitted values, so the
//! rule never looks ahead; when it is observed (an American put's intrinsic value), it is used as is and the
//! regression runs on the in-the-money paths only, as in Longstaff and Schwartz (2001).
//!
//! **Basis**: every monomial of the k state variables up to a total degree d (1, x₁, …, x_k, x₁², x₁x₂, …),
//! each variable scaled by the caller (e.g. divided by its value at t = 0) so the normal matrix is well
//! conditioned. **Least squares** by the normal equations, solved by Gaussian elimination with full symmetric
//! pivoting that drops a direction whose pivot falls below 1e-10 of the largest diagonal (so a basis that is
//! collinear on the data, e.g. on identical deterministic paths, gives the least-squares fit of the remaining
//! directions, not a blow-up). Written here: the systems are at most a few dozen terms.
//!
//! **Bias**: the rule is estimated on one set of paths ([`fit`]) and valued on fresh paths ([`value`]), so
//! the value is an unbiased estimate of a feasible (hence not better than optimal) rule: low-biased, not
//! high-biased as the in-sample value is.

use crate::error::{Error, Result};

/// The paths of an exercise problem: `n_paths` × `n_dates` exercise values and `n_paths` × `n_dates` × `k`
/// state variables, row-major by path.
#[derive(Debug, Clone, Copy)]
pub struct Paths<'a> {
    /// Number of paths.
    pub n_paths: usize,
    /// Number of decision dates (date 0 first).
    pub n_dates: usize,
    /// Number of state variables.
    pub k: usize,
    /// Exercise value of path i at date t, present value at t = 0: `exercise_pv[i * n_dates + t]`.
    pub exercise_pv: &'a [f64],
    /// State variable j of path i at date t: `state[(i * n_dates + t) * k + j]`.
    pub state: &'a [f64],
}

impl Paths<'_> {
    fn check(&self) -> Result<()> {
        if self.n_paths == 0 || self.n_dates == 0 {
            return Err(Error::invalid(
                "paths",
                format!("{} paths × {} dates", self.n_paths, self.n_dates),
                "at least one path and one decision date",
            ));
        }
        let n = self.n_paths * self.n_dates;
        if self.exercise_pv.len() != n || self.state.len() != n * self.k {
            return Err(Error::invalid(
                "paths",
                format!(
                    "{} exercise values and {} states",
                    self.exercise_pv.len(),
                    self.state.len()
                ),
                format!("{n} exercise values and {} states", n * self.k),
            ));
        }
        if let Some(i) = self
            .exercise_pv
            .iter()
            .chain(self.state)
            .position(|x| !x.is_finite())
        {
            return Err(Error::invalid(
                "paths",
                format!("a non-finite value at position {i}"),
                "finite exercise values and states",
            ));
        }
        Ok(())
    }
    fn pv(&self, i: usize, t: usize) -> f64 {
        self.exercise_pv[i * self.n_dates + t]
    }
    fn x(&self, i: usize, t: usize) -> &[f64] {
        let at = (i * self.n_dates + t) * self.k;
        &self.state[at..at + self.k]
    }
}

/// Whether the exercise value is known at the decision date or must be forecast from the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExerciseValue {
    /// Known at the date (a function of the state, e.g. a put's intrinsic value): regress on in-the-money paths.
    Observed,
    /// Depends on the path's future: forecast by its own regression on the same basis.
    Forecast,
}

/// The polynomial basis: every monomial up to `degree` in `k` variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    /// Exponents of each term, `k` per term.
    exponents: Vec<Vec<u32>>,
    k: usize,
}

impl Basis {
    /// Every monomial of `k` variables of total degree ≤ `degree` (the constant first, then by degree).
    pub fn polynomial(k: usize, degree: u32) -> Basis {
        let mut exponents = vec![vec![0; k]];
        for d in 1..=degree {
            let mut term = vec![0u32; k];
            all_of_degree(k, d, 0, &mut term, &mut exponents);
        }
        Basis { exponents, k }
    }
    /// Number of terms.
    pub fn len(&self) -> usize {
        self.exponents.len()
    }
    /// True when the basis has no term (never: the constant is always there).
    pub fn is_empty(&self) -> bool {
        self.exponents.is_empty()
    }
    /// The terms at state `x` into `out` (cleared first).
    pub fn eval(&self, x: &[f64], out: &mut Vec<f64>) {
        out.clear();
        for e in &self.exponents {
            let mut v = 1.0;
            for (xj, p) in x.iter().zip(e) {
                v *= xj.powi(*p as i32);
            }
            out.push(v);
        }
    }
    /// The fitted value Σ βᵢ·termᵢ(x).
    pub fn predict(&self, beta: &[f64], x: &[f64]) -> f64 {
        let mut out = Vec::with_capacity(self.len());
        self.eval(x, &mut out);
        out.iter().zip(beta).map(|(a, b)| a * b).sum()
    }
    /// A readable name of each term (`1`, `x1`, `x1^2·x2`, …), variables numbered from 1.
    pub fn term_names(&self, names: &[&str]) -> Vec<String> {
        self.exponents
            .iter()
            .map(|e| {
                let parts: Vec<String> = e
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| **p > 0)
                    .map(|(j, p)| {
                        let n = names
                            .get(j)
                            .map_or(format!("x{}", j + 1), |s| s.to_string());
                        if *p == 1 { n } else { format!("{n}^{p}") }
                    })
                    .collect();
                if parts.is_empty() {
                    "1".into()
                } else {
                    parts.join("·")
                }
            })
            .collect()
    }
}

fn all_of_degree(k: usize, left: u32, j: usize, term: &mut Vec<u32>, out: &mut Vec<Vec<u32>>) {
    if j + 1 == k {
        term[j] = left;
        out.push(term.clone());
        term[j] = 0;
        return;
    }
    for p in (0..=left).rev() {
        term[j] = p;
        all_of_degree(k, left - p, j + 1, term, out);
    }
    term[j] = 0;
}

/// Least squares by the normal equations: accumulates XᵀX and Xᵀy, then solves with symmetric pivoting.
#[derive(Debug, Clone)]
struct NormalEquations {
    xtx: Vec<f64>,
    xty: Vec<f64>,
    p: usize,
}

impl NormalEquations {
    fn new(p: usize) -> NormalEquations {
        NormalEquations {
            xtx: vec![0.0; p * p],
            xty: vec![0.0; p],
            p,
        }
    }
    fn add(&mut self, row: &[f64], y: f64) {
        let p = self.p;
        for a in 0..p {
            let ra = row[a];
            self.xty[a] += ra * y;
            for (x, rb) in self.xtx[a * p + a..(a + 1) * p].iter_mut().zip(&row[a..]) {
                *x += ra * rb;
            }
        }
    }
    /// The coefficients; a direction with a negligible pivot gets 0 (a least-squares solution all the same).
    fn solve(&self) -> Vec<f64> {
        let p = self.p;
        let mut a = vec![0.0; p * p];
        for i in 0..p {
            for j in i..p {
                a[i * p + j] = self.xtx[i * p + j];
                a[j * p + i] = self.xtx[i * p + j];
            }
        }
        let mut b = self.xty.clone();
        let max_diag = (0..p).map(|i| a[i * p + i]).fold(0.0, f64::max);
        let tol = 1e-10 * max_diag.max(f64::MIN_POSITIVE);
        let mut active = vec![true; p];
        // Pivoted elimination on the symmetric system: take the largest remaining diagonal each step.
        let mut order = Vec::with_capacity(p);
        for _ in 0..p {
            let Some(piv) = (0..p)
                .filter(|&i| active[i])
                .max_by(|&i, &j| a[i * p + i].total_cmp(&a[j * p + j]))
            else {
                break;
            };
            active[piv] = false;
            let d = a[piv * p + piv];
            if d <= tol {
                // Every remaining direction is negligible: drop them all.
                break;
            }
            order.push(piv);
            for i in 0..p {
                if !active[i] {
                    continue;
                }
                let f = a[i * p + piv] / d;
                if f == 0.0 {
                    continue;
                }
                for j in 0..p {
                    a[i * p + j] -= f * a[piv * p + j];
                }
                b[i] -= f * b[piv];
            }
        }
        // Back substitution in reverse pivot order: row `piv` involves only pivots taken after it.
        let mut beta = vec![0.0; p];
        for (n, &piv) in order.iter().enumerate().rev() {
            let mut s = b[piv];
            for &later in &order[n + 1..] {
                s -= a[piv * p + later] * beta[later];
            }
            beta[piv] = s / a[piv * p + piv];
        }
        beta
    }
}

/// The exercise rule: for each decision date, the continuation coefficients and (for a forecast exercise
/// value) the exercise-value coefficients. The last date has no continuation (it is 0).
#[derive(Debug, Clone)]
pub struct Rule {
    /// The regression basis.
    pub basis: Basis,
    /// How the exercise value is known.
    pub exercise: ExerciseValue,
    /// Continuation coefficients by date (all zero at the last date).
    pub continuation: Vec<Vec<f64>>,
    /// Exercise-value coefficients by date (empty for [`ExerciseValue::Observed`]).
    pub exercise_fit: Vec<Vec<f64>>,
    /// The in-sample value: the mean present value the rule earns on the paths it was fitted on (high-biased).
    pub in_sample_pv: f64,
}

impl Rule {
    /// The fitted exercise value (PV) and continuation value (PV) at date `t` and state `x`; the exercise
    /// value is `observed` itself when the rule treats it as observed.
    pub fn fitted(&self, t: usize, x: &[f64], observed: f64) -> (f64, f64) {
        let ex = match self.exercise {
            ExerciseValue::Observed => observed,
            ExerciseValue::Forecast => self.basis.predict(&self.exercise_fit[t], x),
        };
        (ex, self.basis.predict(&self.continuation[t], x))
    }

    /// Whether the rule exercises at date `t` with state `x` and exercise value `observed` (used only when
    /// observed): exercise value positive and at least the continuation.
    pub fn exercises(&self, t: usize, x: &[f64], observed: f64) -> bool {
        let (ex, cont) = self.fitted(t, x, observed);
        ex > 0.0 && ex >= cont
    }
}

/// Fits the exercise rule on `paths` by backward induction with a polynomial basis of `degree`.
pub fn fit(paths: &Paths<'_>, degree: u32, exercise: ExerciseValue) -> Result<Rule> {
    paths.check()?;
    let basis = Basis::polynomial(paths.k, degree);
    let (n, t_n) = (paths.n_paths, paths.n_dates);
    let mut continuation = vec![vec![0.0; basis.len()]; t_n];
    let mut exercise_fit = match exercise {
        ExerciseValue::Observed => Vec::new(),
        ExerciseValue::Forecast => vec![vec![0.0; basis.len()]; t_n],
    };
    // Realised PV of the current rule on each path (0 = never exercises), starting at the last date.
    let mut realised: Vec<f64> = (0..n).map(|i| paths.pv(i, t_n - 1).max(0.0)).collect();
    let mut row = Vec::with_capacity(basis.len());
    if exercise == ExerciseValue::Forecast {
        exercise_fit[t_n - 1] = regress(paths, &basis, t_n - 1, |i| paths.pv(i, t_n - 1), |_| true);
        // At the last date the rule exercises where the forecast is positive; realised follows the rule.
        for (i, r) in realised.iter_mut().enumerate() {
            basis.eval(paths.x(i, t_n - 1), &mut row);
            let f: f64 = row
                .iter()
                .zip(&exercise_fit[t_n - 1])
                .map(|(a, b)| a * b)
                .sum();
            *r = if f > 0.0 { paths.pv(i, t_n - 1) } else { 0.0 };
        }
    }
    for t in (0..t_n - 1).rev() {
        let itm = |i: usize| exercise == ExerciseValue::Forecast || paths.pv(i, t) > 0.0;
        continuation[t] = regress(paths, &basis, t, |i| realised[i], itm);
        if exercise == ExerciseValue::Forecast {
            exercise_fit[t] = regress(paths, &basis, t, |i| paths.pv(i, t), |_| true);
        }
        for (i, r) in realised.iter_mut().enumerate() {
            if !itm(i) {
                continue;
            }
            basis.eval(paths.x(i, t), &mut row);
            let cont: f64 = row.iter().zip(&continuation[t]).map(|(a, b)| a * b).sum();
            let ex = match exercise {
                ExerciseValue::Observed => paths.pv(i, t),
                ExerciseValue::Forecast => {
                    row.iter().zip(&exercise_fit[t]).map(|(a, b)| a * b).sum()
                }
            };
            if ex > 0.0 && ex >= cont {
                *r = paths.pv(i, t);
            }
        }
    }
    let in_sample_pv = realised.iter().sum::<f64>() / n as f64;
    Ok(Rule {
        basis,
        exercise,
        continuation,
        exercise_fit,
        in_sample_pv,
    })
}

fn regress(
    paths: &Paths<'_>,
    basis: &Basis,
    t: usize,
    y: impl Fn(usize) -> f64,
    include: impl Fn(usize) -> bool,
) -> Vec<f64> {
    let mut ne = NormalEquations::new(basis.len());
    let mut row = Vec::with_capacity(basis.len());
    for i in 0..paths.n_paths {
        if include(i) {
            basis.eval(paths.x(i, t), &mut row);
            ne.add(&row, y(i));
        }
    }
    ne.solve()
}

/// The rule applied to (fresh) paths: each path's exercise date (`None` = never) and present value.
#[derive(Debug, Clone, PartialEq)]
pub struct Valuation {
    /// Mean present value over the paths.
    pub pv: f64,
    /// Standard error of the mean.
    pub standard_error: f64,
    /// Exercise date of each path, `None` when the rule never exercises.
    pub exercise_date: Vec<Option<usize>>,
    /// Present value of each path.
    pub path_pv: Vec<f64>,
}

/// Applies `rule` to `paths` (which should be fresh, not the paths it was fitted on): the first date at
/// which the rule exercises, and the PV realised there.
pub fn value(rule: &Rule, paths: &Paths<'_>) -> Result<Valuation> {
    paths.check()?;
    if paths.n_dates != rule.continuation.len() || rule.basis.k != paths.k {
        return Err(Error::invalid(
            "paths",
            format!("{} dates and {} state variables", paths.n_dates, paths.k),
            format!(
                "the {} dates and {} state variables the rule was fitted on",
                rule.continuation.len(),
                rule.basis.k
            ),
        ));
    }
    let mut exercise_date = Vec::with_capacity(paths.n_paths);
    let mut path_pv = Vec::with_capacity(paths.n_paths);
    for i in 0..paths.n_paths {
        let at = (0..paths.n_dates).find(|&t| {
            let obs = paths.pv(i, t);
            (rule.exercise == ExerciseValue::Forecast || obs > 0.0)
                && rule.exercises(t, paths.x(i, t), obs)
        });
        exercise_date.push(at);
        path_pv.push(at.map_or(0.0, |t| paths.pv(i, t)));
    }
    let (pv, standard_error) = mean_se(&path_pv);
    Ok(Valuation {
        pv,
        standard_error,
        exercise_date,
        path_pv,
    })
}

/// Mean and standard error of the mean (0 for fewer than two values).
pub fn mean_se(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    if x.is_empty() {
        return (0.0, 0.0);
    }
    let mean = x.iter().sum::<f64>() / n;
    if x.len() < 2 {
        return (mean, 0.0);
    }
    let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::option::binomial::american_put_crr;

    fn put_paths(seed: u64, n_pairs: usize, dates: usize) -> (Vec<f64>, Vec<f64>) {
        crate::option::binomial::put_paths_gbm(40.0, 40.0, 0.06, 0.2, 1.0, dates, n_pairs, seed)
    }

    #[test]
    fn basis_lists_every_monomial_once() {
        let b = Basis::polynomial(2, 2);
        assert_eq!(
            b.term_names(&["h", "r"]),
            ["1", "h", "r", "h^2", "h·r", "r^2"]
        );
        // C(k + d, d) terms: 4 variables, degree 2 → 15.
        assert_eq!(Basis::polynomial(4, 2).len(), 15);
        let mut out = Vec::new();
        b.eval(&[2.0, 3.0], &mut out);
        assert_eq!(out, [1.0, 2.0, 3.0, 4.0, 6.0, 9.0]);
    }

    #[test]
    fn least_squares_recovers_a_polynomial_and_survives_collinear_columns() {
        // y = 1 + 2x − 0.5x² exactly: the fit is exact.
        let mut ne = NormalEquations::new(3);
        for i in 0..20 {
            let x = i as f64 / 10.0;
            ne.add(&[1.0, x, x * x], 1.0 + 2.0 * x - 0.5 * x * x);
        }
        let b = ne.solve();
        for (got, want) in b.iter().zip([1.0, 2.0, -0.5]) {
            assert!((got - want).abs() < 1e-9, "{b:?}");
        }
        // Every x equal: only the constant direction is identified; the fit is the mean of y.
        let mut ne = NormalEquations::new(3);
        for y in [1.0, 2.0, 6.0] {
            ne.add(&[1.0, 0.7, 0.49], y);
        }
        let b = ne.solve();
        let fitted = b[0] + 0.7 * b[1] + 0.49 * b[2];
        assert!((fitted - 3.0).abs() < 1e-9, "{b:?}");
    }

    #[test]
    fn american_put_is_within_half_a_percent_of_the_binomial_tree() {
        // Longstaff & Schwartz (2001), Table 1, first row: S = K = 40, r = 6%, σ = 20%, T = 1, 50 exercise
        // dates; rule fitted on 100,000 paths, valued on 100,000 fresh ones (cubic in S/K, in-the-money paths).
        let dates = 50;
        let n = 100_000;
        let (pv_a, x_a) = put_paths(1, n / 2, dates);
        let (pv_b, x_b) = put_paths(2, n / 2, dates);
        let paths = |pv: &'static [f64], x: &'static [f64]| Paths {
            n_paths: n,
            n_dates: dates,
            k: 1,
            exercise_pv: pv,
            state: x,
        };
        let (pv_a, x_a, pv_b, x_b) = (
            pv_a.leak() as &[f64],
            x_a.leak() as &[f64],
            pv_b.leak() as &[f64],
            x_b.leak() as &[f64],
        );
        let rule = fit(&paths(pv_a, x_a), 3, ExerciseValue::Observed).unwrap();
        let v = value(&rule, &paths(pv_b, x_b)).unwrap();
        let tree = american_put_crr(40.0, 40.0, 0.06, 0.2, 1.0, 2_000);
        let rel = (v.pv - tree) / tree;
        assert!(
            rel.abs() < 0.005,
            "lsmc {} ± {}, tree {tree}, {rel}",
            v.pv,
            v.standard_error
        );
        // Out of sample the value is not above the in-sample one by more than noise.
        assert!(v.pv < rule.in_sample_pv + 3.0 * v.standard_error);
        // Some paths exercise early, some never.
        assert!(
            v.exercise_date
                .iter()
                .any(|d| d.is_some_and(|t| t < dates - 1))
        );
        assert!(v.exercise_date.iter().any(Option::is_none));
    }

    /// The value of exercising at month t: R(1+g)^t − K at t, discounted at r a month. The continuous optimum is
    /// t* = ln(K ln(1+r) / (R ln((1+r)/(1+g)))) / ln(1+g); the PV is single-peaked, so the best month is ⌊t*⌋ or ⌈t*⌉.
    #[test]
    fn deterministic_case_exercises_in_the_month_known_in_closed_form() {
        let (big_r, big_k, r, g) = (100.0_f64, 60.0_f64, 0.01_f64, 0.005_f64);
        let pv = |t: usize| (big_r * (1.0 + g).powi(t as i32) - big_k) / (1.0 + r).powi(t as i32);
        let t_star =
            (big_k * (1.0 + r).ln() / (big_r * ((1.0 + r) / (1.0 + g)).ln())).ln() / (1.0 + g).ln();
        assert!((t_star - 37.05).abs() < 0.01, "{t_star}");
        let best = if pv(t_star.floor() as usize) >= pv(t_star.ceil() as usize) {
            t_star.floor() as usize
        } else {
            t_star.ceil() as usize
        };
        let dates = 120;
        let n = 8;
        let exercise_pv: Vec<f64> = (0..n).flat_map(|_| (0..dates).map(pv)).collect();
        let state = vec![1.0; n * dates];
        let paths = Paths {
            n_paths: n,
            n_dates: dates,
            k: 1,
            exercise_pv: &exercise_pv,
            state: &state,
        };
        for how in [ExerciseValue::Observed, ExerciseValue::Forecast] {
            let rule = fit(&paths, 2, how).unwrap();
            let v = value(&rule, &paths).unwrap();
            assert!(
                v.exercise_date.iter().all(|d| *d == Some(best)),
                "{how:?}: {:?}",
                v.exercise_date
            );
            assert!((v.pv - pv(best)).abs() < 1e-9);
        }
        assert_eq!(best, 37);
    }

    #[test]
    fn malformed_paths_are_refused() {
        let p = Paths {
            n_paths: 2,
            n_dates: 2,
            k: 1,
            exercise_pv: &[1.0, 2.0, 3.0],
            state: &[1.0; 4],
        };
        assert!(fit(&p, 2, ExerciseValue::Observed).is_err());
        let nan = [1.0, f64::NAN, 3.0, 4.0];
        let p = Paths {
            exercise_pv: &nan,
            ..p
        };
        assert!(fit(&p, 2, ExerciseValue::Observed).is_err());
    }
}
