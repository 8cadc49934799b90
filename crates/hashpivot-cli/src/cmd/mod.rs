//! One module per subcommand: each turns parsed arguments into core calls and prints the result.

pub mod asics;
pub mod backtest;
pub mod bench;
pub mod data;
pub mod dispatch;
pub mod mining;
pub mod network;
