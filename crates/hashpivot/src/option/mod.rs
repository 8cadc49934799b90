//! Real options on a site: least-squares Monte Carlo ([`lsmc`]), checked against a binomial tree
//! ([`binomial`]); a conversion of variable start on the engine's paths ([`paths`]); the option to convert a
//! mining site to a lease later ([`convert`]).

pub mod binomial;
pub mod convert;
pub mod lsmc;
pub mod paths;

pub use convert::{ConversionOption, OptionSettings, value_conversion_option};
pub use paths::{ConversionPaths, RentIndex};
