//! hashpivot: what a megawatt is worth as Bitcoin mining, an AI/HPC lease or a GPU cloud.
//!
//! The core library is pure: no files, no printing, no clocks, no global state. The CLI reads files and
//! prints; everything that computes lives here, one module per domain concept.

#![warn(missing_docs)]

pub mod backtest;
pub mod bounds;
pub mod data;
pub mod date;
pub mod error;
pub mod finance;
pub mod hpc;
pub mod market;
pub mod mining;
pub mod network;
pub mod power;
pub mod risk;
pub mod scenario;
pub mod sim;

pub use date::{Date, Month};
pub use error::{Error, Result};
