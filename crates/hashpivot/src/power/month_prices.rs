//! One calendar month of hourly hub prices, sorted with prefix sums: the hourly dispatch rule at monthly
//! resolution. With the value of an MWh of mining constant over a month (the engine's monthly step), mining
//! runs in every hour whose price is below a threshold x, so the month's run hours are k = #{p < x} and the
//! energy bought in them costs Σ_{p<x} p: one binary search instead of ~730 comparisons.
//! [`super::Contract::settle_month`] settles a month on it; a property test checks that it equals the sum of
//! [`super::Contract::settle_hour`] over the hours the dispatch rule runs.

/// A month's hourly prices, sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthCurve {
    sorted: Vec<f64>,
    /// prefix[k] = Σ_{i<k} sorted[i].
    prefix: Vec<f64>,
}

impl MonthCurve {
    /// A month from its hourly hub prices, USD/MWh, in any order.
    pub fn new(hourly_usd_per_mwh: &[f64]) -> MonthCurve {
        let mut sorted = hourly_usd_per_mwh.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mut prefix = Vec::with_capacity(sorted.len() + 1);
        let mut s = 0.0;
        prefix.push(0.0);
        for p in &sorted {
            s += p;
            prefix.push(s);
        }
        MonthCurve { sorted, prefix }
    }

    /// Hours in the month.
    #[inline]
    pub fn hours(&self) -> usize {
        self.sorted.len()
    }

    /// Σ of the hourly prices: the cost of 1 MW drawn every hour of the month, USD.
    #[inline]
    pub fn total_usd_per_mw(&self) -> f64 {
        self.prefix[self.sorted.len()]
    }

    /// Time-weighted mean price of the month, USD/MWh (0 for an empty month).
    #[inline]
    pub fn mean_usd_per_mwh(&self) -> f64 {
        self.total_usd_per_mw() / self.hours().max(1) as f64
    }

    /// (hours with price < x, Σ of those prices).
    #[inline]
    pub fn below(&self, x: f64) -> (usize, f64) {
        let k = self.sorted.partition_point(|&p| p < x);
        (k, self.prefix[k])
    }
}

/// The prices a site faces in a month: a constant hub price, or a replayed historical month.
#[derive(Debug, Clone, Copy)]
pub enum MonthPrices<'a> {
    /// The same hub price every hour.
    Constant {
        /// The hub price, USD/MWh.
        usd_per_mwh: f64,
        /// Hours in the month.
        hours: usize,
    },
    /// A historical month's hourly prices, replayed.
    Curve(&'a MonthCurve),
}

impl MonthPrices<'_> {
    /// Hours in the month.
    #[inline]
    pub fn hours(&self) -> usize {
        match self {
            MonthPrices::Constant { hours, .. } => *hours,
            MonthPrices::Curve(c) => c.hours(),
        }
    }
    /// Time-weighted mean hub price of the month, USD/MWh.
    #[inline]
    pub fn mean_usd_per_mwh(&self) -> f64 {
        match self {
            MonthPrices::Constant { usd_per_mwh, .. } => *usd_per_mwh,
            MonthPrices::Curve(c) => c.mean_usd_per_mwh(),
        }
    }
    /// The cost of 1 MW drawn every hour of the month, USD: mean price × hours.
    #[inline]
    pub fn total_usd_per_mw(&self) -> f64 {
        self.mean_usd_per_mwh() * self.hours() as f64
    }
    /// (hours with price < x, Σ of those prices).
    #[inline]
    pub fn below(&self, x: f64) -> (usize, f64) {
        match self {
            MonthPrices::Constant { usd_per_mwh, hours } => {
                if *usd_per_mwh < x {
                    (*hours, usd_per_mwh * *hours as f64)
                } else {
                    (0, 0.0)
                }
            }
            MonthPrices::Curve(c) => c.below(x),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn below_counts_and_sums_the_cheaper_hours(prices in proptest::collection::vec(-50.0f64..500.0, 1..200), x in -60.0f64..600.0) {
            let m = MonthCurve::new(&prices);
            let (k, s) = m.below(x);
            let cheaper: Vec<f64> = prices.iter().copied().filter(|p| *p < x).collect();
            prop_assert_eq!(k, cheaper.len());
            let direct: f64 = cheaper.iter().sum();
            prop_assert!((s - direct).abs() < 1e-9 * (1.0 + cheaper.iter().map(|p| p.abs()).sum::<f64>()));
            prop_assert_eq!(m.hours(), prices.len());
            let total: f64 = prices.iter().sum();
            prop_assert!((m.total_usd_per_mw() - total).abs() < 1e-9 * (1.0 + prices.iter().map(|p| p.abs()).sum::<f64>()));
        }
    }
}
