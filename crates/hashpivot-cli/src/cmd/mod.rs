//! One module per subcommand: each turns parsed arguments into core calls and prints the result.

pub mod asics;
pub mod backtest;
pub mod bench;
pub mod bench_option;
pub mod bench_run;
pub mod compare;
pub mod data;
pub mod deals;
pub mod dispatch;
pub mod gpus;
pub mod halvings;
pub mod mining;
pub mod network;
pub mod optimize;
pub mod option;
pub mod run;
pub mod schema;
pub mod validate;

/// The arguments of a command whose only option is `--json` (the library listings).
#[derive(Debug, clap::Args)]
pub struct JsonArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
