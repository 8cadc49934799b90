//! Real options on a site: least-squares Monte Carlo ([`lsmc`]), checked against a binomial tree
//! ([`binomial`]), and the option to convert a mining site to a lease later ([`convert`]).

pub mod binomial;
pub mod lsmc;
