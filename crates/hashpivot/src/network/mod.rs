//! The Bitcoin protocol as a miner sees it: subsidy by height, difficulty, expected revenue per hash (hashprice).
//!
//! Conventions: difficulty is the protocol's dimensionless number (expected hashes per block = difficulty × 2^32);
//! hashrates carry their unit in the name (`th_s`, `ph_s`, `eh_s`); BTC amounts are `f64` BTC except where whole
//! satoshis are the protocol's own unit.

pub mod concentration;
pub mod energy;
pub mod exodus;
pub mod fit;
mod history;
pub mod listed;
pub mod observed;
pub mod pools;
pub mod tiers;

pub use history::{
    BtcDay, DayEconomics, FeeWindow, Halving, MAX_BLOCKS_PER_DAY, MAX_HEIGHT, NetworkDay,
    NetworkHistory, Retarget, Span,
};

use serde::Serialize;

/// Satoshis in one bitcoin.
pub const SATS_PER_BTC: u64 = 100_000_000;
/// Blocks between subsidy halvings.
pub const BLOCKS_PER_HALVING: u64 = 210_000;
/// Blocks between difficulty retargets.
pub const BLOCKS_PER_RETARGET: u64 = 2_016;
/// Target seconds between blocks.
pub const TARGET_BLOCK_SECONDS: f64 = 600.0;
/// Expected hashes per block per unit of difficulty.
pub const HASHES_PER_DIFFICULTY: f64 = 4_294_967_296.0; // 2^32
/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;

/// Block subsidy at `height` in whole satoshis: 50 BTC shifted right once per 210,000 blocks, zero after 64 halvings.
pub fn subsidy_sats(height: u64) -> u64 {
    let halvings = height / BLOCKS_PER_HALVING;
    if halvings >= 64 {
        0
    } else {
        (50 * SATS_PER_BTC) >> halvings
    }
}

/// Block subsidy at `height` in BTC.
pub fn subsidy_btc(height: u64) -> f64 {
    subsidy_sats(height) as f64 / SATS_PER_BTC as f64
}

/// Height of the first block of the `n`-th halving era (n = 1 is the first halving, 210,000).
pub fn halving_height(n: u64) -> u64 {
    n * BLOCKS_PER_HALVING
}

/// Difficulty-implied network hashrate in H/s: difficulty × 2^32 / 600.
pub fn hashrate_h_s(difficulty: f64) -> f64 {
    difficulty * HASHES_PER_DIFFICULTY / TARGET_BLOCK_SECONDS
}

/// Expected BTC earned by 1 TH/s in one day: 10^12 × 86,400 / (difficulty × 2^32) × (subsidy + fees per block).
pub fn btc_per_th_day(difficulty: f64, reward_btc_per_block: f64) -> f64 {
    1e12 * SECONDS_PER_DAY / (difficulty * HASHES_PER_DIFFICULTY) * reward_btc_per_block
}

/// Hashprice: the expected revenue of 1 PH/s for one day, in BTC and USD (before pool fees).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Hashprice {
    /// Expected BTC of 1 PH/s over one day.
    pub btc_per_ph_day: f64,
    /// Expected USD of 1 PH/s over one day: `btc_per_ph_day` × the BTC price.
    pub usd_per_ph_day: f64,
}

impl Hashprice {
    /// Hashprice from explicit network inputs.
    pub fn from_inputs(
        difficulty: f64,
        subsidy_btc: f64,
        fees_btc_per_block: f64,
        price_usd: f64,
    ) -> Hashprice {
        let btc_per_ph_day = 1_000.0 * btc_per_th_day(difficulty, subsidy_btc + fees_btc_per_block);
        Hashprice {
            btc_per_ph_day,
            usd_per_ph_day: btc_per_ph_day * price_usd,
        }
    }
}

/// Explicit network inputs (for what-if runs and published reference points), checked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NetworkInputs {
    /// Network difficulty.
    pub difficulty: f64,
    /// Block height, which sets the subsidy.
    pub height: u64,
    /// Fees per block, BTC.
    pub fees_btc_per_block: f64,
    /// BTC price, USD.
    pub price_usd: f64,
}

impl NetworkInputs {
    /// Checks the inputs against [`crate::bounds::DIFFICULTY`], [`crate::bounds::FEES_BTC`] and
    /// [`crate::bounds::BTC_PRICE_USD`], and the height against [`MAX_HEIGHT`].
    pub fn new(
        difficulty: f64,
        height: u64,
        fees_btc_per_block: f64,
        price_usd: f64,
    ) -> crate::Result<Self> {
        crate::bounds::DIFFICULTY.check(difficulty)?;
        crate::bounds::FEES_BTC.check_as("fees_btc_per_block", fees_btc_per_block)?;
        crate::bounds::BTC_PRICE_USD.check(price_usd)?;
        if height > MAX_HEIGHT {
            return Err(crate::Error::invalid(
                "height",
                height,
                format!("a block height ≤ {MAX_HEIGHT}"),
            ));
        }
        Ok(NetworkInputs {
            difficulty,
            height,
            fees_btc_per_block,
            price_usd,
        })
    }

    /// Block subsidy at `height`, BTC.
    pub fn subsidy_btc(&self) -> f64 {
        subsidy_btc(self.height)
    }

    /// Hashprice from these inputs (subsidy by height plus fees, before pool fees).
    pub fn hashprice(&self) -> Hashprice {
        Hashprice::from_inputs(
            self.difficulty,
            self.subsidy_btc(),
            self.fees_btc_per_block,
            self.price_usd,
        )
    }

    /// Difficulty-implied network hashrate, EH/s: difficulty × 2^32 / 600 / 10^18.
    pub fn hashrate_eh_s(&self) -> f64 {
        hashrate_h_s(self.difficulty) / 1e18
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn subsidy_schedule() {
        assert_eq!(subsidy_sats(0), 5_000_000_000);
        assert_eq!(subsidy_sats(209_999), 5_000_000_000);
        assert_eq!(subsidy_sats(210_000), 2_500_000_000);
        assert_eq!(subsidy_sats(839_999), 625_000_000);
        assert_eq!(subsidy_sats(840_000), 312_500_000);
        assert_eq!(subsidy_btc(1_050_000), 1.5625);
        // The 33rd halving takes the subsidy to zero in whole satoshis (5e9 >> 33 = 0).
        assert_eq!(subsidy_sats(32 * 210_000), 1);
        assert_eq!(subsidy_sats(33 * 210_000), 0);
        assert_eq!(subsidy_sats(64 * 210_000), 0);
        assert_eq!(subsidy_sats(u64::MAX), 0);
    }

    #[test]
    fn total_supply_is_just_under_21_million() {
        let total: u64 = (0..64)
            .map(|n| subsidy_sats(n * BLOCKS_PER_HALVING) * BLOCKS_PER_HALVING)
            .sum();
        assert_eq!(total, 2_099_999_997_690_000);
    }

    #[test]
    fn published_hashprice_2024_11_12() {
        // Hashrate Index: USD 55.97/PH/day with BTC $87,235, difficulty 101.65 T, fees 4.82% of rewards.
        let subsidy = 3.125;
        let fees = subsidy * 0.0482 / (1.0 - 0.0482);
        let hp = Hashprice::from_inputs(101.65e12, subsidy, fees, 87_235.0);
        assert!(
            (hp.usd_per_ph_day / 55.97 - 1.0).abs() < 0.015,
            "{}",
            hp.usd_per_ph_day
        );
    }

    #[test]
    fn published_hashprice_2021_10_24() {
        // Hashrate Index weekly roundup: USD 380/PH/day with BTC $60,028 and difficulty 20.08 T (fees ~2% then).
        let hp = Hashprice::from_inputs(20.08e12, 6.25, 0.0, 60_028.0);
        // Subsidy alone gives ~375; with typical fees of the week (≈0.1 BTC/block) it reaches 380.
        let with_fees = Hashprice::from_inputs(20.08e12, 6.25, 0.08, 60_028.0);
        assert!(
            (hp.usd_per_ph_day / 380.0 - 1.0).abs() < 0.015,
            "{}",
            hp.usd_per_ph_day
        );
        assert!(
            (with_fees.usd_per_ph_day / 380.0 - 1.0).abs() < 0.015,
            "{}",
            with_fees.usd_per_ph_day
        );
    }

    proptest! {
        #[test]
        fn subsidy_halves_each_era(era in 0u64..40) {
            let h = era * BLOCKS_PER_HALVING;
            prop_assert_eq!(subsidy_sats(h + 1), subsidy_sats(h));
            prop_assert_eq!(subsidy_sats(h + BLOCKS_PER_HALVING), subsidy_sats(h) / 2);
        }

        #[test]
        fn hashprice_matches_independent_formula(
            d in 1e6f64..1e15, sub in 0.0f64..50.0, fees in 0.0f64..5.0, price in 0.0f64..1e6
        ) {
            let hp = Hashprice::from_inputs(d, sub, fees, price);
            // Independent: expected blocks found by 1 PH/s in a day = 1e15 * 86400 / (d * 2^32).
            let blocks = 1e15 * 86_400.0 / (d * 2f64.powi(32));
            let expected_btc = blocks * (sub + fees);
            prop_assert!((hp.btc_per_ph_day - expected_btc).abs() <= 1e-12 * expected_btc.max(1e-300));
            prop_assert!((hp.usd_per_ph_day - expected_btc * price).abs() <= 1e-9 * (expected_btc * price).max(1e-300));
        }

        #[test]
        fn implied_hashrate_finds_one_block_per_600s(d in 1.0f64..1e15) {
            // At the implied hashrate the network expects 144 blocks a day.
            let per_day = hashrate_h_s(d) * 86_400.0 / (d * 2f64.powi(32));
            prop_assert!((per_day - 144.0).abs() < 1e-9);
        }
    }
}
