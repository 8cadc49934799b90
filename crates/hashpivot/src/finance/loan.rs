//! A construction loan on monthly steps: draws at a loan-to-cost share of the capex as it is spent, interest
//! only during the build, then a level payment (annuity over the tenor) fixed at the first month after the
//! build; whatever is still owed at the horizon is repaid then.

/// A loan's terms.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoanTerms {
    /// Share of each month's capex drawn, in [0, 1].
    pub loan_to_cost: f64,
    /// Annual interest rate (monthly rate = rate / 12).
    pub annual_rate: f64,
    /// Amortization tenor, years.
    pub tenor_years: u32,
}

/// What the loan moved in a month, USD.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LoanMonth {
    /// Loan proceeds drawn in the month (loan-to-cost × the month's capex), USD.
    pub draw_usd: f64,
    /// Interest on the opening balance at annual rate / 12, USD.
    pub interest_usd: f64,
    /// Principal repaid in the month (the level payment less interest once amortizing), USD.
    pub principal_usd: f64,
}

impl LoanMonth {
    /// Interest and principal paid.
    #[inline]
    pub fn debt_service_usd(&self) -> f64 {
        self.interest_usd + self.principal_usd
    }
}

/// The level monthly payment that repays `balance_usd` over `months` at `monthly_rate`.
#[inline]
pub fn level_payment_usd(balance_usd: f64, monthly_rate: f64, months: f64) -> f64 {
    if monthly_rate > 0.0 {
        balance_usd * monthly_rate / (1.0 - (1.0 + monthly_rate).powf(-months))
    } else {
        balance_usd / months
    }
}

/// A loan's state between months.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Loan {
    balance_usd: f64,
    /// Level monthly payment, fixed at the first month after the build.
    payment_usd: Option<f64>,
}

impl Loan {
    /// Balance owed after the last month booked, USD.
    pub fn balance_usd(&self) -> f64 {
        self.balance_usd
    }

    /// One month: interest on the opening balance; after the build (`amortizing`) the level payment's
    /// principal; then a draw of `loan_to_cost × capex_usd`.
    #[inline]
    pub fn month(&mut self, terms: &LoanTerms, capex_usd: f64, amortizing: bool) -> LoanMonth {
        let draw = terms.loan_to_cost * capex_usd;
        let i = terms.annual_rate / 12.0;
        let interest = self.balance_usd * i;
        let mut principal = 0.0;
        if amortizing && self.balance_usd > 0.0 {
            let balance = self.balance_usd;
            let pay = *self.payment_usd.get_or_insert_with(|| {
                level_payment_usd(balance, i, terms.tenor_years as f64 * 12.0)
            });
            principal = (pay - interest).min(self.balance_usd).max(0.0);
        }
        self.balance_usd += draw - principal;
        LoanMonth {
            draw_usd: draw,
            interest_usd: interest,
            principal_usd: principal,
        }
    }

    /// Repays the whole balance (at the horizon); returns it.
    pub fn repay_usd(&mut self) -> f64 {
        std::mem::take(&mut self.balance_usd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interest_only_in_the_build_then_level_payments() {
        let t = LoanTerms {
            loan_to_cost: 0.5,
            annual_rate: 0.12,
            tenor_years: 1,
        };
        let mut l = Loan::default();
        let a = l.month(&t, 1_000.0, false);
        assert_eq!(
            (a.draw_usd, a.interest_usd, a.principal_usd),
            (500.0, 0.0, 0.0)
        );
        let b = l.month(&t, 0.0, false);
        assert!((b.interest_usd - 5.0).abs() < 1e-12 && b.principal_usd == 0.0);
        // 12 level payments of 500 · 0.01 / (1 − 1.01^−12) = 44.424 repay the balance.
        let mut paid = 0.0;
        for _ in 0..12 {
            let m = l.month(&t, 0.0, true);
            assert!((m.debt_service_usd() - 44.424_394).abs() < 1e-5, "{m:?}");
            paid += m.principal_usd;
        }
        assert!((paid - 500.0).abs() < 1e-9 && l.balance_usd().abs() < 1e-9);
        assert_eq!(level_payment_usd(120.0, 0.0, 12.0), 10.0);
        let mut l = Loan::default();
        l.month(&t, 100.0, false);
        assert_eq!(l.repay_usd(), 50.0);
        assert_eq!(l.balance_usd(), 0.0);
    }
}
