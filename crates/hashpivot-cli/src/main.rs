//! The `hashpivot` command-line tool: a thin shell over the `hashpivot` core library.
//! It parses arguments, reads files, prints tables or JSON, and turns errors into messages and exit codes.

use clap::{Parser, Subcommand};
use hashpivot_cli::{cmd, hint};
use std::process::ExitCode;

/// What each megawatt is worth: Bitcoin mining, AI/HPC leases and GPU cloud on one footing.
#[derive(Debug, Parser)]
#[command(name = "hashpivot", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Network economics of a day or a range: height, difficulty, subsidy, fees, price, hashprice.
    Network(cmd::network::NetworkArgs),
    /// Fleet economics: revenue per kWh, cost per BTC, breakeven power price.
    Mining(cmd::mining::MiningArgs),
    /// Halving heights and dates, derived from block heights.
    Halvings(cmd::halvings::HalvingsArgs),
    /// The ASIC library.
    Asics(cmd::asics::AsicsArgs),
    /// The real AI/HPC deal library and each deal's implied economics.
    Deals(cmd::deals::DealsArgs),
    /// Self-mining vs hosting lease vs GPU cloud, per grid kWh and per IT kWh.
    Compare(cmd::compare::CompareArgs),
    /// The GPU library (IT kW per GPU from system power).
    Gpus(cmd::gpus::GpusArgs),
    /// Backtests against companies' reported figures.
    #[command(subcommand)]
    Backtest(cmd::backtest::BacktestCommand),
    /// Bundled and imported datasets.
    #[command(subcommand)]
    Data(cmd::data::DataCommand),
    /// Hour-by-hour dispatch of a site on real hub prices: uptime, margin, sell-back, 4CP, demand response.
    Dispatch(Box<cmd::dispatch::DispatchArgs>),
    /// Run a company scenario: monthly cash flows, Monte Carlo risk, revenue mix, BTC-beta.
    Run(cmd::run::RunArgs),
    /// Check a scenario file and report every problem with its line and column.
    Validate(cmd::validate::ValidateArgs),
    /// The JSON Schema of scenario files (or the Markdown field reference).
    Schema(cmd::schema::SchemaArgs),
    /// Benchmarks.
    #[command(subcommand)]
    Bench(cmd::bench::BenchCommand),
    /// A company's equity value per share: the scenario's NPV bridged to the market capitalisation.
    Value(cmd::value::ValueArgs),
    /// Listed miners and hosts side by side: EV per MW, EV/EBITDA, hashcost vs hashprice, BTC-beta.
    Peers(cmd::peers::PeersArgs),
    /// Alternative plans for a company side by side on the same random paths: NPV, ΔNPV to a baseline.
    Decide(cmd::decide::DecideArgs),
    /// Tornado: each input moved alone on the same paths, for a plan or the difference of two plans.
    Sensitivity(cmd::sensitivity::SensitivityArgs),
    /// The value of one input at which two plans are worth the same (bracketing root finding).
    Breakeven(cmd::breakeven::BreakevenArgs),
    /// The option to convert a site to a lease later: never, now, or at the best month (least-squares Monte Carlo).
    Option(cmd::option::OptionArgs),
    /// Which sites convert to a lease, how many MW and when, under budget and capacity limits (MILP).
    Optimize(cmd::optimize::OptimizeArgs),
    /// Power-market questions: who outbids whom for a MWh (mining tiers, hosting lease, GPU cloud).
    #[command(subcommand)]
    Power(cmd::power::PowerCommand),
    /// The shards of a run (`run --shard k/K --out DIR`) merged into the outputs of the single run, byte for byte.
    Merge(cmd::merge::MergeArgs),
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Network(a) => cmd::network::run(a),
        Command::Mining(a) => cmd::mining::run(a),
        Command::Halvings(a) => cmd::halvings::run(a),
        Command::Asics(a) => cmd::asics::run(a),
        Command::Deals(a) => cmd::deals::run(a),
        Command::Compare(a) => cmd::compare::run(a),
        Command::Gpus(a) => cmd::gpus::run(a),
        Command::Backtest(c) => cmd::backtest::run(c),
        Command::Data(c) => cmd::data::run(c),
        Command::Dispatch(a) => cmd::dispatch::run(*a),
        Command::Run(a) => cmd::run::run(a),
        Command::Validate(a) => cmd::validate::run(a),
        Command::Schema(a) => cmd::schema::run(a),
        Command::Bench(c) => cmd::bench::run(c),
        Command::Value(a) => cmd::value::run(a),
        Command::Peers(a) => cmd::peers::run(a),
        Command::Decide(a) => cmd::decide::run(a),
        Command::Sensitivity(a) => cmd::sensitivity::run(a),
        Command::Breakeven(a) => cmd::breakeven::run(a),
        Command::Option(a) => cmd::option::run(a),
        Command::Optimize(a) => cmd::optimize::run(a),
        Command::Power(c) => cmd::power::run(c),
        Command::Merge(a) => cmd::merge::run(a),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // The whole chain of context on one line, without a backtrace, then the core's hint (what to run).
            eprintln!("error: {}", hint::message(&e));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
