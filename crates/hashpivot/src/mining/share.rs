//! A fleet is part of the network: its share of the blocks is its hashrate over the network's, never above 1.
//! A fleet larger than the network at a date is an error naming both figures, wherever a fleet's BTC is
//! computed (`mining`, `dispatch`, `backtest`, the engine's `run`).

use crate::error::{Error, Result};

/// The share of the network's blocks a fleet of `fleet_eh_s` finds when the network (the fleet included)
/// hashes `network_eh_s`: `fleet / network`, in [0, 1]. `when` names the date or month in the error.
///
/// A fleet larger than the network, or a network without hashrate, is an error: the fleet's hashrate is part of
/// the network's, so it cannot be more than all of it.
pub fn share_of_blocks(fleet_eh_s: f64, network_eh_s: f64, when: &str) -> Result<f64> {
    if !(fleet_eh_s.is_finite() && fleet_eh_s >= 0.0) {
        return Err(Error::invalid(
            "fleet hashrate",
            format!("{fleet_eh_s} EH/s"),
            "a hashrate ≥ 0",
        ));
    }
    if !(network_eh_s.is_finite() && network_eh_s > 0.0) || fleet_eh_s > network_eh_s {
        return Err(Error::invalid(
            "fleet hashrate",
            format!("{} EH/s {when}", sig(fleet_eh_s)),
            format!(
                "at most the network's {} EH/s {when} (difficulty-implied): a fleet is part of the network, so \
                 its share of the blocks is at most 1",
                sig(network_eh_s)
            ),
        ));
    }
    Ok(fleet_eh_s / network_eh_s)
}

/// The hashrate a fleet of `fleet_ph_s` PH/s mines with when the network hashes `network_eh_s`: at most the
/// whole network (for simulated paths, where the network may shrink below a fleet that was within it at the
/// start; the start itself is checked with [`share_of_blocks`]).
pub fn within_network_ph_s(fleet_ph_s: f64, network_eh_s: f64) -> f64 {
    fleet_ph_s.min(network_eh_s.max(0.0) * 1_000.0)
}

/// Four significant figures, for messages.
fn sig(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    format!("{v:.digits$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_the_fleet_over_the_network() {
        assert_eq!(
            share_of_blocks(5.0, 800.0, "on 2024-11-12").unwrap(),
            5.0 / 800.0
        );
        assert_eq!(share_of_blocks(800.0, 800.0, "on 2024-11-12").unwrap(), 1.0);
        assert_eq!(share_of_blocks(0.0, 800.0, "on 2024-11-12").unwrap(), 0.0);
    }

    #[test]
    fn a_fleet_larger_than_the_network_is_an_error_naming_both() {
        // The 2010 reproducer: 0.5 EH/s against a network of ~0.0000001 EH/s.
        let err = share_of_blocks(0.5, 1.3e-7, "on 2010-07-17")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid fleet hashrate: found 0.5000 EH/s on 2010-07-17, expected at most the network's \
             0.0000001300 EH/s on 2010-07-17 (difficulty-implied): a fleet is part of the network, so its \
             share of the blocks is at most 1"
        );
        assert!(share_of_blocks(5000.0, 727.6, "on 2024-11-10").is_err());
        assert!(share_of_blocks(1.0, 0.0, "x").is_err());
        assert!(share_of_blocks(f64::NAN, 10.0, "x").is_err());
    }

    #[test]
    fn a_path_never_mines_with_more_than_the_network() {
        assert_eq!(within_network_ph_s(500.0, 800.0), 500.0);
        assert_eq!(within_network_ph_s(5e6, 800.0), 800_000.0);
        assert_eq!(within_network_ph_s(5.0, -1.0), 0.0);
    }
}
