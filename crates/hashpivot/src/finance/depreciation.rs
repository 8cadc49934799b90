//! Straight-line depreciation on monthly steps: each month's capex is depreciated in equal parts over the
//! following `months` months, starting with the month it is spent.

/// The depreciation schedule of a run of months.
#[derive(Debug, Clone, PartialEq)]
pub struct StraightLine {
    months: usize,
    /// Depreciation of the current month, USD.
    rate_usd: f64,
    /// expiry[m]: depreciation that ends before month m.
    expiry_usd: Vec<f64>,
}

impl StraightLine {
    /// A schedule over `horizon_months + 1` months (0..=horizon) with a life of `life_months` (≥ 1).
    pub fn new(life_months: usize, horizon_months: usize) -> StraightLine {
        StraightLine {
            months: life_months,
            rate_usd: 0.0,
            expiry_usd: vec![0.0; horizon_months + life_months + 2],
        }
    }

    /// Month `m` (called in order) with capex `capex_usd`: that month's depreciation, USD.
    #[inline]
    pub fn month(&mut self, m: usize, capex_usd: f64) -> f64 {
        self.rate_usd -= self.expiry_usd[m];
        if capex_usd > 0.0 {
            let per = capex_usd / self.months as f64;
            self.rate_usd += per;
            self.expiry_usd[m + self.months] += per;
        }
        self.rate_usd
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capex_is_spread_over_its_life() {
        let mut s = StraightLine::new(3, 10);
        let d: Vec<f64> = [30.0, 0.0, 60.0, 0.0, 0.0, 0.0]
            .iter()
            .enumerate()
            .map(|(m, c)| s.month(m, *c))
            .collect();
        assert_eq!(d, vec![10.0, 10.0, 30.0, 20.0, 20.0, 0.0]);
    }
}
