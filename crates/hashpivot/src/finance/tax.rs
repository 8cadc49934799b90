//! Income tax paid monthly, with losses carried forward.
//!
//! Each month pays what the year-to-date taxable income owes less what the year has paid (never negative within
//! the year); the last month of the year settles the year exactly, so a year pays
//! rate × max(0, taxable − offset), refunds of the year's earlier payments included. A year's loss is carried
//! forward without limit of time; the losses carried into a year offset at most `loss_offset_limit` of its
//! taxable income (the US federal rule for losses since 2018: 80%, indefinite carryforward, no carryback).
//! Within the year the month's payment uses the losses carried in and the year-to-date income.

/// Taxable income, losses carried forward and tax paid per year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearlyTax {
    rate: f64,
    loss_offset_limit: f64,
    /// Losses carried into the current year (from the years before it), USD.
    carried_loss_usd: f64,
    taxable_usd_by_year: Vec<f64>,
    paid_usd_by_year: Vec<f64>,
}

impl YearlyTax {
    /// No income booked yet, for `years` years of tax at `rate` (share of taxable income, e.g. 0.21), losses
    /// carried forward offsetting at most `loss_offset_limit` (in [0, 1]) of a later year's taxable income.
    pub fn new(rate: f64, years: usize, loss_offset_limit: f64) -> YearlyTax {
        YearlyTax {
            rate,
            loss_offset_limit,
            carried_loss_usd: 0.0,
            taxable_usd_by_year: vec![0.0; years],
            paid_usd_by_year: vec![0.0; years],
        }
    }

    /// What the losses carried in offset of a year-to-date taxable income `ytd_usd`.
    fn offset_usd(&self, ytd_usd: f64) -> f64 {
        self.carried_loss_usd
            .min(self.loss_offset_limit * ytd_usd.max(0.0))
    }

    /// Tax paid in a month of year `year` (0-based; years are booked in order) with taxable income
    /// `taxable_usd`; `year_end` settles the year and carries its loss (or what is left of the losses) forward.
    #[inline]
    pub fn month(&mut self, year: usize, taxable_usd: f64, year_end: bool) -> f64 {
        self.taxable_usd_by_year[year] += taxable_usd;
        let ytd = self.taxable_usd_by_year[year];
        let offset = self.offset_usd(ytd);
        let owed = self.rate * (ytd.max(0.0) - offset);
        let due = owed - self.paid_usd_by_year[year];
        let tax = if year_end { due } else { due.max(0.0) };
        self.paid_usd_by_year[year] += tax;
        if year_end {
            self.carried_loss_usd += (-ytd).max(0.0) - offset;
        }
        tax
    }

    /// Tax paid in year `year` so far.
    pub fn paid_usd(&self, year: usize) -> f64 {
        self.paid_usd_by_year[year]
    }

    /// Losses carried forward after the last year settled, USD.
    pub fn carried_loss_usd(&self) -> f64 {
        self.carried_loss_usd
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_month_settles_the_year() {
        let mut t = YearlyTax::new(0.25, 1, 0.8);
        assert_eq!(t.month(0, 100.0, false), 25.0);
        // A loss later in the year: nothing paid, nothing refunded before year end.
        assert_eq!(t.month(0, -80.0, false), 0.0);
        // Year end: the year owes 0.25 × 20 = 5, 25 paid: 20 refunded.
        assert_eq!(t.month(0, 0.0, true), -20.0);
        assert_eq!(t.paid_usd(0), 5.0);
        let mut t = YearlyTax::new(0.25, 1, 0.8);
        assert_eq!(t.month(0, -100.0, true), 0.0);
        assert_eq!(t.carried_loss_usd(), 100.0);
    }

    #[test]
    fn a_loss_offsets_at_most_80_percent_of_a_later_year() {
        // A loss of 100, then income of 100: the carried loss offsets 80, tax on 20 (at 21%: 4.2); 20 of the
        // loss is left, and offsets 20 of the third year's 100.
        let mut t = YearlyTax::new(0.21, 3, 0.8);
        t.month(0, -100.0, true);
        assert!((t.month(1, 100.0, true) - 0.21 * 20.0).abs() < 1e-12);
        assert!((t.carried_loss_usd() - 20.0).abs() < 1e-12);
        assert!((t.month(2, 100.0, true) - 0.21 * 80.0).abs() < 1e-12);
        assert_eq!(t.carried_loss_usd(), 0.0);
        // Without carryforward (limit 0) the second year pays on all of its 100.
        let mut t = YearlyTax::new(0.21, 2, 0.0);
        t.month(0, -100.0, true);
        assert!((t.month(1, 100.0, true) - 21.0).abs() < 1e-12);
    }

    #[test]
    fn months_pay_on_the_year_to_date_net_of_carried_losses() {
        let mut t = YearlyTax::new(0.2, 2, 0.8);
        t.month(0, -50.0, true);
        // Year 2, month 1: 100 earned, 50 carried may offset up to 80: tax on 50.
        assert!((t.month(1, 100.0, false) - 10.0).abs() < 1e-12);
        // Month 2: 100 more; offset 50 of 200: tax on 150 owed, 10 paid: 20 more.
        assert!((t.month(1, 100.0, true) - 20.0).abs() < 1e-12);
        assert_eq!(t.carried_loss_usd(), 0.0);
    }
}
