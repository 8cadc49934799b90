//! One module per subcommand: each turns parsed arguments into core calls and prints the result.

pub mod asics;
pub mod backtest;
pub mod bench;
pub mod bench_decide;
pub mod bench_option;
pub mod bench_run;
pub mod breakeven;
pub mod compare;
pub mod data;
pub mod deals;
pub mod decide;
pub mod dispatch;
pub mod gpus;
pub mod halvings;
pub mod merge;
pub mod mining;
pub mod network;
pub mod network_concentration;
pub mod network_energy;
pub mod network_exodus;
pub mod network_fit;
pub mod optimize;
pub mod option;
pub mod peers;
pub mod power;
pub mod power_bid;
pub mod run;
pub mod run_power_years;
pub mod schema;
pub mod sensitivity;
pub mod validate;
pub mod value;

/// The arguments of a command whose only option is `--json` (the library listings).
#[derive(Debug, clap::Args)]
pub struct JsonArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
