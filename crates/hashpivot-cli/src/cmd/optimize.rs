//! `hashpivot optimize FILE.toml`: which sites convert to a lease, how many MW and in which quarter, under
//! budget, build-capacity and demand limits; the efficient frontier of mean NPV against CVaR over λ
//! (`hashpivot::optimize`).

use super::validate;
use crate::args::RentIndexArgs;
use crate::output::{Table, num, print, print_json};
use crate::store;
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use hashpivot::optimize::{Backend, Limits, OptimizeSettings, Plan, build_instance, frontier};
use hashpivot::option::RentIndex;
use hashpivot_output::Column;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SolverArg {
    /// microlp, pure Rust (always built).
    Microlp,
    /// HiGHS (a build with `--features highs`).
    Highs,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Scenario file (TOML): each site's first lease conversion is its template (most IT MW, rent, build, capex).
    pub file: PathBuf,
    /// Quarters in which a build may start (quarter q starts at the end of month 3q).
    #[arg(long, default_value_t = 8)]
    pub quarters: usize,
    /// Engine paths sampled.
    #[arg(long, default_value_t = 200, value_parser = super::run::paths_parser())]
    pub paths: u64,
    /// Seed of the random streams.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Blocks each site's conversion is cut into (the MW choice: 1..=blocks blocks of MW / blocks).
    #[arg(long, default_value_t = 4)]
    pub blocks: u32,
    /// Capex budget per year, USD (capex counted in the year a build starts). Default: no limit.
    #[arg(long, value_name = "USD")]
    pub budget_usd_per_year: Option<f64>,
    /// Financing available per year on top of the budget, USD. Default: none beyond the budget.
    #[arg(long, value_name = "USD")]
    pub financing_usd_per_year: Option<f64>,
    /// IT MW whose build can start per year. Default: no limit.
    #[arg(long, value_name = "MW")]
    pub build_mw_it_per_year: Option<f64>,
    /// IT MW tenants will lease in total. Default: no limit.
    #[arg(long, value_name = "MW")]
    pub demand_mw_it: Option<f64>,
    /// Risk weights λ of the frontier (maximise mean NPV − λ·CVaR of the loss).
    #[arg(long, value_delimiter = ',', default_value = "0,0.25,0.5,1,2")]
    pub lambda: Vec<f64>,
    /// CVaR tail share (0.05: the mean of the worst 5% of paths).
    #[arg(long, default_value_t = 0.05)]
    pub cvar_tail: f64,
    #[command(flatten)]
    pub rent: RentIndexArgs,
    /// MILP solver.
    #[arg(long, value_enum, default_value_t = SolverArg::Microlp)]
    pub solver: SolverArg,
    /// Worker threads for the engine paths (default: all cores).
    #[arg(long, value_parser = super::run::threads_parser())]
    pub threads: Option<u16>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Write frontier.csv and plans.csv to this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
struct Output {
    paths: u64,
    seed: u64,
    quarters: usize,
    cvar_tail: f64,
    solver: Backend,
    limits: Limits,
    rent: RentIndex,
    rent_basis: String,
    /// How the coefficients are discounted.
    discounting: String,
    candidates: Vec<hashpivot::optimize::Candidate>,
    frontier: Vec<Plan>,
}

pub fn run(args: OptimizeArgs) -> Result<()> {
    // Flags checked against their bounds by the names the user typed.
    hashpivot::bounds::CVAR_TAIL.check_as("--cvar-tail", args.cvar_tail)?;
    for l in &args.lambda {
        hashpivot::bounds::RISK_WEIGHT.check_as("--lambda", *l)?;
    }
    let libs = validate::libraries()?;
    let sc = validate::load(&args.file, &libs)?;
    let settings = OptimizeSettings {
        quarters: args.quarters,
        paths: args.paths as usize,
        seed: args.seed,
        blocks_per_site: args.blocks,
        rent: args.rent.index()?,
        limits: Limits {
            budget_usd_per_year: args.budget_usd_per_year,
            financing_usd_per_year: args.financing_usd_per_year,
            build_mw_it_per_year: args.build_mw_it_per_year,
            demand_mw_it: args.demand_mw_it,
        },
        tail: args.cvar_tail,
    };
    let backend = match args.solver {
        SolverArg::Microlp => Backend::Microlp,
        SolverArg::Highs => Backend::Highs,
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = args.threads {
        pool = pool.num_threads(t as usize);
    }
    let pool = pool.build().context("cannot start worker threads")?;
    let inst = pool.install(|| build_instance(&sc, &libs.power, &settings))?;
    let plans = frontier(&inst, &args.lambda, backend)?;
    let out = Output {
        paths: args.paths,
        seed: args.seed,
        quarters: args.quarters,
        cvar_tail: args.cvar_tail,
        solver: backend,
        limits: settings.limits,
        rent: settings.rent,
        rent_basis: args.rent.basis(),
        discounting: inst.discounting.clone(),
        candidates: inst.candidates.clone(),
        frontier: plans,
    };
    if let Some(dir) = &args.out {
        write_csv(dir, &out.frontier)?;
    }
    if args.json {
        print_json(&out)
    } else {
        print(&render(&out))
    }
}

fn write_csv(dir: &std::path::Path, plans: &[Plan]) -> Result<()> {
    let f = |get: &dyn Fn(&Plan) -> f64| plans.iter().map(get).collect::<Vec<_>>();
    let frontier = hashpivot_output::Table::new(vec![
        Column::f64("lambda", f(&|p| p.lambda)),
        Column::f64("mean_npv_usd", f(&|p| p.mean_usd)),
        Column::f64("cvar_npv_usd", f(&|p| p.cvar_usd)),
        Column::f64("objective_usd", f(&|p| p.objective_usd)),
        Column::f64("mw_it", f(&|p| p.mw_it)),
        Column::f64("capex_usd", f(&|p| p.capex_usd)),
    ])
    .context("cannot tabulate the frontier")?;
    store::write_atomic(&dir.join("frontier.csv"), &frontier.to_csv()?)?;
    let mut text = String::from("lambda,site,quarter,mw_it\n");
    for p in plans {
        for s in &p.starts {
            text += &format!("{},{},{},{}\n", p.lambda, s.site, s.quarter, s.mw_it);
        }
    }
    store::write_atomic(&dir.join("plans.csv"), text.as_bytes())?;
    Ok(())
}

fn m_usd(v: f64) -> String {
    format!("{} M", num(v / 1e6, 1))
}

fn limit(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| "no limit".into(), |x| format!("{} {unit}", num(x, 0)))
}

fn render(o: &Output) -> String {
    let mut s = format!(
        "Portfolio: {} candidate site(s), {} quarters, {} paths (seed {}), CVaR of the worst {}% of paths, solver {:?}\n",
        o.candidates.len(),
        o.quarters,
        o.paths,
        o.seed,
        num(100.0 * o.cvar_tail, 1),
        o.solver,
    );
    s += &format!(
        "Limits: budget {}, financing {}, build {}, tenant demand {}\n",
        limit(o.limits.budget_usd_per_year, "USD/yr"),
        limit(o.limits.financing_usd_per_year, "USD/yr"),
        limit(o.limits.build_mw_it_per_year, "MW IT/yr"),
        limit(o.limits.demand_mw_it, "MW IT"),
    );
    let mut t = Table::new([
        "site",
        "template",
        "block MW IT",
        "blocks",
        "capex USD/MW IT",
    ]);
    for c in &o.candidates {
        t.row([
            c.site.clone(),
            c.conversion.clone(),
            num(c.block_mw_it, 1),
            c.max_blocks.to_string(),
            num(c.capex_usd_per_mw_it, 0),
        ]);
    }
    s += &t.render();
    s += "\nEfficient frontier (NPV of the candidate sites' flows before tax and financing, PV at the valuation date):\n";
    let mut t = Table::new([
        "λ",
        "mean NPV USD",
        "CVaR NPV USD",
        "MW IT",
        "capex USD",
        "starts (site: quarter × MW IT)",
    ]);
    for p in &o.frontier {
        let starts: Vec<String> = p
            .starts
            .iter()
            .map(|st| format!("{}: Q{} × {}", st.site, st.quarter, num(st.mw_it, 0)))
            .collect();
        t.row([
            num(p.lambda, 2),
            m_usd(p.mean_usd),
            m_usd(p.cvar_usd),
            num(p.mw_it, 0),
            m_usd(p.capex_usd),
            if starts.is_empty() {
                "none".into()
            } else {
                starts.join(", ")
            },
        ]);
    }
    s += &t.render();
    s += &format!("\n{}.\nDiscounting: {}.\n", o.rent_basis, o.discounting);
    s
}
