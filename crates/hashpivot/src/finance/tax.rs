//! Income tax paid monthly: each month pays what the year-to-date taxable income owes less what the year has
//! paid (never negative within the year); the last month of the year settles the year exactly, so a year pays
//! rate × max(0, its taxable income), refunds of the year's earlier payments included.

/// Taxable income and tax paid per year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearlyTax {
    rate: f64,
    taxable_usd_by_year: Vec<f64>,
    paid_usd_by_year: Vec<f64>,
}

impl YearlyTax {
    /// No income booked yet, for `years` years of tax at `rate` (share of taxable income, e.g. 0.21).
    pub fn new(rate: f64, years: usize) -> YearlyTax {
        YearlyTax {
            rate,
            taxable_usd_by_year: vec![0.0; years],
            paid_usd_by_year: vec![0.0; years],
        }
    }

    /// Tax paid in a month of year `year` (0-based) with taxable income `taxable_usd`; `year_end` settles.
    #[inline]
    pub fn month(&mut self, year: usize, taxable_usd: f64, year_end: bool) -> f64 {
        self.taxable_usd_by_year[year] += taxable_usd;
        let owed = self.rate * self.taxable_usd_by_year[year].max(0.0);
        let due = owed - self.paid_usd_by_year[year];
        let tax = if year_end { due } else { due.max(0.0) };
        self.paid_usd_by_year[year] += tax;
        tax
    }

    /// Tax paid in year `year` so far.
    pub fn paid_usd(&self, year: usize) -> f64 {
        self.paid_usd_by_year[year]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_month_settles_the_year() {
        let mut t = YearlyTax::new(0.25, 1);
        assert_eq!(t.month(0, 100.0, false), 25.0);
        // A loss later in the year: nothing paid, nothing refunded before year end.
        assert_eq!(t.month(0, -80.0, false), 0.0);
        // Year end: the year owes 0.25 × 20 = 5, 25 paid: 20 refunded.
        assert_eq!(t.month(0, 0.0, true), -20.0);
        assert_eq!(t.paid_usd(0), 5.0);
        let mut t = YearlyTax::new(0.25, 1);
        assert_eq!(t.month(0, -100.0, true), 0.0);
    }
}
