//! `hashpivot validate FILE.toml`: checks a scenario and reports every problem at once, with line and column.
//! Also the loader `run` and `bench` share: read, check, attach user price paths.

use crate::{datasets, output, store};
use anyhow::{Context, Result};
use clap::Args;
use hashpivot::scenario::{self, BtcModel, Scenario};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario file (TOML); `docs/scenario.md` documents every field.
    pub file: PathBuf,
    /// Print the checked scenario as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The libraries and data a scenario is checked against.
pub struct Libraries {
    pub network: hashpivot::network::NetworkHistory,
    pub asics: hashpivot::mining::AsicLibrary,
    pub deals: hashpivot::hpc::deals::DealLibrary,
    pub power: hashpivot::power::PriceBook,
}

pub fn libraries() -> Result<Libraries> {
    Ok(Libraries {
        network: datasets::network()?,
        asics: hashpivot::data::bundled_asics().context("the bundled ASIC library")?,
        deals: hashpivot::data::bundled_deals().context("the bundled deal library")?,
        power: datasets::bundled_power(hashpivot::power::Market::Rt)?,
    })
}

/// Reads and checks a scenario; user BTC paths (model `csv`) are read relative to the scenario's folder.
pub fn load(path: &Path, libs: &Libraries) -> Result<Scenario> {
    let text = store::read_text(path)?;
    load_text(&text, path, libs)
}

/// Checks a scenario given as text (read from `path`, or derived from it as `value --without-deal` does).
pub fn load_text(text: &str, path: &Path, libs: &Libraries) -> Result<Scenario> {
    // The issue list as the core words it, with the CLI's hint (the command that helps) after each issue that has one.
    let sc = check_text(text, path, libs)
        .map_err(|issues| anyhow::anyhow!(issues.render(|h| crate::hint::suffix(Some(h)))))?;
    with_btc_paths(sc, path)
}

/// The core's check of a scenario's text against the libraries: the scenario, or every problem with its line
/// and column (`origin` in messages is `path`). User BTC paths are not read yet: see [`with_btc_paths`].
pub fn check_text(text: &str, path: &Path, libs: &Libraries) -> Result<Scenario, scenario::Issues> {
    let ctx = scenario::Context {
        network: &libs.network,
        asics: &libs.asics,
        deals: &libs.deals,
        power: &libs.power,
    };
    scenario::parse_scenario(text, &path.display().to_string(), &ctx)
}

/// A checked scenario with the user's BTC price paths (model `csv`) attached, read relative to `path`'s folder.
pub fn with_btc_paths(mut sc: Scenario, path: &Path) -> Result<Scenario> {
    if let Some(paths) = btc_paths(path, &sc)? {
        sc.set_btc_paths(paths)?;
    }
    Ok(sc)
}

/// A user's BTC price paths (model `csv`), read relative to the scenario's folder; `None` for other models.
pub fn btc_paths(path: &Path, sc: &Scenario) -> Result<Option<Vec<Vec<f64>>>> {
    if let BtcModel::Csv { file, .. } = sc.market().btc() {
        let p = path.parent().unwrap_or(Path::new(".")).join(file);
        let t = store::read_text(&p)?;
        let paths =
            hashpivot::data::parse_btc_paths_csv(&t, &p.display().to_string(), sc.months())?;
        return Ok(Some(paths));
    }
    Ok(None)
}

/// Warns on stderr of each part of `[market]` the scenario leaves out, with the default it took.
pub fn warn_omitted_market(sc: &Scenario) {
    for a in sc.market().omitted_defaults() {
        if let hashpivot::assumption::Basis::Default { reason } = &a.basis {
            output::warn(&format!(
                "warning: {reason}: {} = {} {}\n",
                a.name,
                if a.value.abs() >= 1_000.0 {
                    output::num(a.value, 0)
                } else {
                    format!("{}", (a.value * 1e4).round() / 1e4)
                },
                a.unit
            ));
        }
    }
}

pub fn run(args: ValidateArgs) -> Result<()> {
    let libs = libraries()?;
    let sc = load(&args.file, &libs)?;
    warn_omitted_market(&sc);
    if args.json {
        return output::print_json(&sc);
    }
    output::print(&format!(
        "{}: ok — \"{}\", {} site(s), {} conversion(s), {} loan(s), {} months from {}\n",
        args.file.display(),
        sc.name(),
        sc.sites().len(),
        sc.conversions().len(),
        sc.loans().len(),
        sc.months(),
        sc.first_month()
    ))
}
