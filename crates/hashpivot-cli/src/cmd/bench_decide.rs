//! `hashpivot bench decide`: times `decide` — six alternatives of the largest bundled example on the same
//! 2,000 paths — printing plans, paths, seconds and peak memory. A file without `[[plans]]` gets six generated
//! plans: as written, keep mining at each site, sell the power only at the first fixed-price site, sell the last
//! site (at 300,000 USD per MW gross, a placeholder price), in that order, the first six.

use super::decide::{comparison, context, error};
use super::validate;
use crate::output::{num, print};
use crate::store;
use anyhow::Result;
use clap::Args;
use hashpivot::decide::Decision;
use hashpivot::power::Contract;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct BenchDecideArgs {
    /// Scenario (plans generated if it lists none).
    #[arg(long, default_value = "examples/core_scientific.toml")]
    pub file: PathBuf,
    /// Number of plans (generated plans only).
    #[arg(long, default_value_t = 6)]
    pub plans: usize,
    /// Monte Carlo paths per plan.
    #[arg(long, default_value_t = 2_000, value_parser = super::run::paths_parser())]
    pub paths: u64,
    /// Seed of the random streams.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Worker threads (default: all cores).
    #[arg(long, value_parser = super::run::threads_parser())]
    pub threads: Option<u16>,
}

/// `[[plans]]` for a file that has none (see the module's doc).
fn generated_plans(sc: &hashpivot::scenario::Scenario, n: usize) -> String {
    let q = |s: &str| format!("{s:?}");
    let mut plans = vec!["name = \"as written\"".to_string()];
    for s in sc.sites() {
        plans.push(format!(
            "name = {}\nkind = \"keep_mining\"\nsite = {}",
            q(&format!("keep mining at {}", s.name())),
            q(s.name())
        ));
    }
    if let Some(s) = sc
        .sites()
        .iter()
        .find(|s| matches!(s.power(), Contract::Fixed { .. }))
    {
        plans.push(format!(
            "name = {}\nkind = \"sell_power\"\nsite = {}",
            q(&format!("sell power at {}", s.name())),
            q(s.name())
        ));
    }
    if let Some(s) = sc.sites().last() {
        plans.push(format!(
            "name = {}\nkind = \"sell_site\"\nsite = {}\nusd_per_mw_gross = 300e3",
            q(&format!("sell {}", s.name())),
            q(s.name())
        ));
    }
    plans
        .iter()
        .take(n)
        .map(|p| format!("\n[[plans]]\n{p}\n"))
        .collect()
}

pub fn run(a: BenchDecideArgs) -> Result<()> {
    let t0 = Instant::now();
    let libs = validate::libraries()?;
    let ctx = context(&libs);
    let sc = validate::load(&a.file, &libs)?;
    let mut text = store::read_text(&a.file)?;
    if !text.contains("[[plans]]") {
        text += &generated_plans(&sc, a.plans);
    }
    let d = Decision::from_file(&text, &a.file.display().to_string(), &ctx).map_err(error)?;
    let d = match validate::btc_paths(&a.file, &sc)? {
        Some(p) => d.with_btc_paths(p),
        None => d,
    };
    let load_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let c = comparison(&d, None, a.paths, a.seed, a.threads)?;
    let sim_s = t1.elapsed().as_secs_f64();
    let mut out = format!(
        "scenario {} ({} months)\nplans {}\npaths per plan {}\nthreads {}\nload seconds {:.2}\ndecide seconds {:.2}\npeak memory {}\n",
        a.file.display(),
        sc.months(),
        c.plans.len(),
        c.paths,
        a.threads
            .map_or_else(rayon::current_num_threads, usize::from),
        load_s,
        sim_s,
        peak_memory_mb().map_or("not measurable here".into(), |m| format!("{m:.0} MB")),
    );
    for p in &c.plans {
        out.push_str(&format!(
            "  {}: mean NPV {} M USD\n",
            p.plan,
            num(p.npv_usd.mean / 1e6, 1)
        ));
    }
    print(&out)
}

/// Peak resident memory of this process (VmHWM), MB, where /proc says it.
fn peak_memory_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
