//! The plans of a decision and their values on common paths. A plan's scenario is the file's document changed
//! by the plan (and by any sensitivity edits), checked whole by [`parse_scenario`] and valued by
//! [`crate::sim::run`]: the engine's own entry points, so every valuation rule reaches the comparison unchanged.
//!
//! Common random numbers: the engine draws path i from the generator (seed, i) alone, in a fixed order
//! (`sim::draws`), and a plan changes neither the company (horizon, start date) nor the market, so path i of
//! every plan replays the same BTC, hashrate, fee, GPU-price and power-year draws. One caveat: each lease's
//! tenant default is drawn after these, one draw per conversion in file order, so a plan that drops a
//! conversion listed before a lease shifts that lease's default draw.

use super::DecideError;
use super::edit::{Edit, apply, apply_plan};
use crate::error::Error;
use crate::scenario::{Context, Plan, Scenario, parse_scenario};
use crate::sim::{self, Prepared};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use toml::Table;

/// A plan made ready to value: the checked scenario and the proceeds at the valuation date.
#[derive(Debug, Clone)]
pub struct PlanScenario {
    /// The plan's checked scenario.
    pub scenario: Scenario,
    /// Proceeds received at the valuation date (a site sale, a contract buyout), USD; added to every path's
    /// NPV (discount factor 1).
    pub proceeds_usd: f64,
    /// The scenario document the plan produced (TOML), for reading and as the cache key.
    pub text: String,
}

/// The name of the one plan of a file without `[[plans]]`.
pub const AS_WRITTEN: &str = "as written";

/// A company's plans: the file(s) as parsed, and each plan.
pub struct Decision<'c> {
    ctx: &'c Context<'c>,
    /// Per file: its origin and its document without `plans`.
    files: Vec<(String, Table)>,
    /// The first file's checked scenario as written (or, when only its plans are valid, its first plan's): the
    /// company, market and defaults every plan shares.
    bases: Vec<Scenario>,
    /// Every conversion of any file or plan, once, with its resolved build months.
    build_months: Vec<(String, u32)>,
    /// (file index, plan).
    plans: Vec<(usize, Plan)>,
    btc_paths: Option<Vec<Vec<f64>>>,
}

fn parse_doc(text: &str, origin: &str) -> Result<Table, DecideError> {
    text.parse::<Table>().map_err(|e| {
        DecideError::Input(Error::invalid(
            origin.to_string(),
            e.message().trim(),
            "valid TOML",
        ))
    })
}

fn build_months_of(scenarios: &[Scenario]) -> Vec<(String, u32)> {
    let mut seen: Vec<(String, u32)> = Vec::new();
    for c in scenarios.iter().flat_map(|s| s.conversions()) {
        if !seen.iter().any(|(n, _)| n == c.name()) {
            seen.push((c.name().to_string(), c.build_months()));
        }
    }
    seen
}

impl<'c> Decision<'c> {
    /// One file listing its plans (`[[plans]]`). The file is checked as written (every problem with its line),
    /// then each plan. A file without plans is one plan, the file as written (named [`AS_WRITTEN`]). A file
    /// with plans need not be valid as written when every plan's scenario is (e.g. candidate conversions that
    /// each take the whole site); otherwise the file's own problems are reported.
    pub fn from_file(text: &str, origin: &str, ctx: &'c Context<'c>) -> Result<Self, DecideError> {
        let as_written = parse_scenario(text, origin, ctx)
            .map_err(|issues| DecideError::Scenario { plan: None, issues });
        let mut doc = match parse_doc(text, origin) {
            Ok(d) => d,
            Err(e) => return Err(as_written.err().unwrap_or(e)),
        };
        let raw: Vec<crate::scenario::raw::RawPlan> =
            match doc.remove("plans") {
                Some(v) => match v.try_into() {
                    Ok(r) => r,
                    Err(e) => {
                        let e: toml::de::Error = e;
                        return Err(as_written.err().unwrap_or(DecideError::Input(
                            Error::invalid("plans", e.message().trim(), "[[plans]] tables"),
                        )));
                    }
                },
                None => Vec::new(),
            };
        let mut plans = Vec::new();
        if raw.is_empty() {
            plans.push((0, Plan::as_written(AS_WRITTEN)));
        }
        for (i, r) in raw.iter().enumerate() {
            let p = Plan::from_raw(i, r).map_err(DecideError::Input)?;
            if plans
                .iter()
                .any(|(_, q): &(usize, Plan)| q.name() == p.name())
            {
                return Err(DecideError::Input(Error::invalid(
                    format!("plans[{i}].name"),
                    p.name(),
                    "a name no other plan has",
                )));
            }
            plans.push((0, p));
        }
        let mut d = Decision {
            ctx,
            files: vec![(origin.to_string(), doc)],
            bases: Vec::new(),
            build_months: Vec::new(),
            plans,
            btc_paths: None,
        };
        let scenarios: Vec<Result<PlanScenario, DecideError>> =
            (0..d.plans.len()).map(|i| d.scenario(i, &[])).collect();
        let scenarios = match as_written {
            Ok(sc) => {
                let mut all = vec![sc];
                for p in scenarios {
                    all.push(p?.scenario);
                }
                all
            }
            Err(e) if raw.is_empty() || scenarios.iter().any(Result::is_err) => return Err(e),
            Err(_) => scenarios
                .into_iter()
                .map(|p| p.expect("every plan is valid").scenario)
                .collect(),
        };
        d.build_months = build_months_of(&scenarios);
        d.bases
            .push(scenarios.into_iter().next().expect("at least one plan"));
        Ok(d)
    }

    /// Several files of one company, each a plan named by `names` (e.g. the file stems). Refuses files whose
    /// `[company]` or `[market]` differ from the first's (the plans would not share their paths), and files
    /// that list plans of their own.
    pub fn from_files(
        files: &[(String, String, String)],
        ctx: &'c Context<'c>,
    ) -> Result<Self, DecideError> {
        let mut out: Vec<(String, Table)> = Vec::new();
        let mut bases = Vec::new();
        let mut plans = Vec::new();
        for (i, (name, origin, text)) in files.iter().enumerate() {
            let scenario = parse_scenario(text, origin, ctx)
                .map_err(|issues| DecideError::Scenario { plan: None, issues })?;
            let doc = parse_doc(text, origin)?;
            if doc.contains_key("plans") {
                return Err(DecideError::Input(Error::invalid(
                    format!("{origin}: plans"),
                    "[[plans]]",
                    "one file with plans, or several files without",
                )));
            }
            if let Some((first, d0)) = out.first() {
                for key in ["company", "market"] {
                    if doc.get(key) != d0.get(key) {
                        return Err(DecideError::Input(Error::invalid(
                            format!("{origin}: [{key}]"),
                            format!("a [{key}] that differs from {first}'s"),
                            format!(
                                "the same [{key}] in every file (plans of one company on the same paths)"
                            ),
                        )));
                    }
                }
            }
            if plans.iter().any(|(_, p): &(usize, Plan)| p.name() == name) {
                return Err(DecideError::Input(Error::invalid(
                    "plan name",
                    name,
                    "a name no other file has",
                )));
            }
            plans.push((i, Plan::as_written(name.clone())));
            out.push((origin.clone(), doc));
            bases.push(scenario);
        }
        if plans.len() < 2 {
            return Err(DecideError::Input(Error::invalid(
                "files",
                plans.len(),
                "at least two scenario files (or one file with [[plans]])",
            )));
        }
        Ok(Decision {
            ctx,
            files: out,
            build_months: build_months_of(&bases),
            bases,
            plans,
            btc_paths: None,
        })
    }

    /// Attaches a user's BTC price paths (for `btc_price.model = "csv"`) to every plan's scenario.
    pub fn with_btc_paths(mut self, paths_usd: Vec<Vec<f64>>) -> Self {
        self.btc_paths = Some(paths_usd);
        self
    }

    /// The plans, in order.
    pub fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.plans.iter().map(|(_, p)| p)
    }

    /// Number of plans.
    pub fn len(&self) -> usize {
        self.plans.len()
    }

    /// Whether there are no plans (never, for a decision built by its constructors).
    pub fn is_empty(&self) -> bool {
        self.plans.is_empty()
    }

    /// The index of the plan named `name`.
    pub fn index_of(&self, name: &str) -> Result<usize, DecideError> {
        self.plans
            .iter()
            .position(|(_, p)| p.name() == name)
            .ok_or_else(|| {
                DecideError::Input(Error::invalid(
                    "plan",
                    name,
                    format!(
                        "one of the plans {}",
                        self.plans()
                            .map(|p| format!("`{}`", p.name()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ))
            })
    }

    /// The scenario of the first file as written (the company and market every plan shares).
    pub fn base_scenario(&self) -> &Scenario {
        &self.bases[0]
    }

    /// Every conversion of any file or plan, once (first seen), with its resolved build months (the file's, a
    /// deal's, else the default).
    pub fn conversion_build_months(&self) -> &[(String, u32)] {
        &self.build_months
    }

    /// Applies `edits` to the first file as written and returns the places they reached (nothing: the
    /// scenario does not have the input).
    pub fn touch(&self, edits: &[Edit]) -> Result<Vec<super::edit::Touched>, DecideError> {
        let mut doc = self.files[0].1.clone();
        let mut out = Vec::new();
        for e in edits {
            out.extend(apply(&mut doc, e, false).map_err(DecideError::Input)?);
        }
        Ok(out)
    }

    /// Plan `plan`'s scenario after `edits` (applied to the file before the plan, so they reach every plan
    /// alike; fields a plan's `set` states keep the plan's value).
    pub fn scenario(&self, plan: usize, edits: &[Edit]) -> Result<PlanScenario, DecideError> {
        let (fi, p) = &self.plans[plan];
        let (origin, doc) = &self.files[*fi];
        let mut doc = doc.clone();
        for e in edits {
            apply(&mut doc, e, false).map_err(DecideError::Input)?;
        }
        let proceeds_usd = apply_plan(&mut doc, p).map_err(DecideError::Input)?;
        let text = toml::to_string(&doc)
            .map_err(|e| DecideError::Input(Error::invalid("plan", p.name(), e.to_string())))?;
        let origin = format!("{origin}, plan `{}`", p.name());
        let mut scenario =
            parse_scenario(&text, &origin, self.ctx).map_err(|issues| DecideError::Scenario {
                plan: Some(p.name().to_string()),
                issues,
            })?;
        if let Some(paths) = &self.btc_paths {
            scenario
                .set_btc_paths(paths.clone())
                .map_err(DecideError::Input)?;
        }
        Ok(PlanScenario {
            scenario,
            proceeds_usd,
            text,
        })
    }
}

/// Paths and seed of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathSettings {
    /// Monte Carlo paths per plan.
    pub paths: u64,
    /// Seed: path i of every plan uses the generator (seed, i).
    pub seed: u64,
}

/// Values plans on common paths, remembering each distinct plan scenario's NPVs (a sensitivity that does not
/// touch a plan reuses its values). Runs on the current rayon pool; results do not depend on its size.
pub struct Evaluator<'d, 'c> {
    decision: &'d Decision<'c>,
    settings: PathSettings,
    cache: Mutex<HashMap<String, Arc<Vec<f64>>>>,
    runs: Mutex<usize>,
}

impl<'d, 'c> Evaluator<'d, 'c> {
    /// An evaluator of `decision`'s plans on `settings`.
    pub fn new(decision: &'d Decision<'c>, settings: PathSettings) -> Self {
        Evaluator {
            decision,
            settings,
            cache: Mutex::new(HashMap::new()),
            runs: Mutex::new(0),
        }
    }

    /// The decision valued.
    pub fn decision(&self) -> &'d Decision<'c> {
        self.decision
    }

    /// Paths and seed.
    pub fn settings(&self) -> PathSettings {
        self.settings
    }

    /// Engine runs so far (distinct plan scenarios valued).
    pub fn runs(&self) -> usize {
        *self.runs.lock().expect("not poisoned")
    }

    /// Each path's NPV of plan `plan` after `edits`, USD at the valuation date, proceeds included.
    pub fn npvs(&self, plan: usize, edits: &[Edit]) -> Result<Arc<Vec<f64>>, DecideError> {
        let ps = self.decision.scenario(plan, edits)?;
        let key = format!("{}\n#proceeds {:e}", ps.text, ps.proceeds_usd);
        if let Some(v) = self.cache.lock().expect("not poisoned").get(&key) {
            return Ok(v.clone());
        }
        let prepared =
            Prepared::new(&ps.scenario, self.decision.ctx.power).map_err(DecideError::Input)?;
        let (report, _) = sim::run(
            &prepared,
            self.settings.paths,
            self.settings.seed,
            false,
            &|| {},
        );
        let v: Vec<f64> = report
            .paths
            .iter()
            .map(|s| s.npv_usd + ps.proceeds_usd)
            .collect();
        if let Some(bad) = v.iter().position(|x| !x.is_finite()) {
            return Err(DecideError::Input(Error::invalid(
                format!("plan `{}` path {bad}", ps.scenario.name()),
                v[bad],
                "a finite NPV",
            )));
        }
        let v = Arc::new(v);
        *self.runs.lock().expect("not poisoned") += 1;
        self.cache
            .lock()
            .expect("not poisoned")
            .insert(key, v.clone());
        Ok(v)
    }

    /// The mean NPV of `plan` after `edits`, less the mean NPV of `versus` (if any) after the same edits:
    /// a difference on common paths.
    pub fn mean(
        &self,
        plan: usize,
        versus: Option<usize>,
        edits: &[Edit],
    ) -> Result<f64, DecideError> {
        let a = self.npvs(plan, edits)?;
        let n = a.len().max(1) as f64;
        Ok(match versus {
            Some(b) => {
                let b = self.npvs(b, edits)?;
                a.iter().zip(b.iter()).map(|(x, y)| x - y).sum::<f64>() / n
            }
            None => a.iter().sum::<f64>() / n,
        })
    }
}
