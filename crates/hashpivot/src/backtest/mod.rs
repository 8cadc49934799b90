//! Backtests of the model against what companies reported.

mod production;

pub use production::{
    ProductionResult, ProductionRow, ProductionRowResult, backtest_production, parse_production_csv,
};
