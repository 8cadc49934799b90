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

/// The annual rate at which a loan's own flows are discounted: interest accrues monthly at `annual_rate / 12`,
/// so its effective annual rate is (1 + r/12)^12 − 1. At this rate a loan drawn and repaid at par (draws, interest,
/// principal, the balance repaid at the horizon) has an NPV of exactly zero: borrowing at the market rate of the
/// debt creates no value by itself (the adjusted present value's financing side effect is the tax shield alone).
pub fn effective_annual_rate(annual_rate: f64) -> f64 {
    (1.0 + annual_rate / 12.0).powi(12) - 1.0
}

/// A loan's state between months.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Loan {
    balance_usd: f64,
    /// Level monthly payment, fixed at the first month after the build.
    payment_usd: Option<f64>,
    /// What the loan moved in the current month (cleared by [`Loan::begin_month`]), repayment at the horizon
    /// included in `principal_usd`.
    this_month: LoanMonth,
}

impl Loan {
    /// Starts a month: what [`Loan::this_month`] reports is cleared.
    pub fn begin_month(&mut self) {
        self.this_month = LoanMonth::default();
    }

    /// What the loan moved since [`Loan::begin_month`]: the month's draw, interest and principal (the repayment
    /// at the horizon included).
    pub fn this_month(&self) -> LoanMonth {
        self.this_month
    }

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
        let lm = LoanMonth {
            draw_usd: draw,
            interest_usd: interest,
            principal_usd: principal,
        };
        self.this_month.draw_usd += lm.draw_usd;
        self.this_month.interest_usd += lm.interest_usd;
        self.this_month.principal_usd += lm.principal_usd;
        lm
    }

    /// Repays the whole balance (at the horizon); returns it.
    pub fn repay_usd(&mut self) -> f64 {
        let b = std::mem::take(&mut self.balance_usd);
        self.this_month.principal_usd += b;
        b
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
        assert_eq!(l.this_month().principal_usd, 50.0);
        l.begin_month();
        assert_eq!(l.this_month(), LoanMonth::default());
    }

    #[test]
    fn a_loan_at_par_is_worth_nothing_at_its_effective_rate() {
        // Draws over 3 months, interest only, then level payments over 5 years, the rest repaid in month 40.
        let t = LoanTerms {
            loan_to_cost: 0.8,
            annual_rate: 0.08,
            tenor_years: 5,
        };
        let mut l = Loan::default();
        let mut flows = vec![0.0; 41];
        for (m, f) in flows.iter_mut().enumerate() {
            l.begin_month();
            let capex = if (1..=3).contains(&m) { 100.0 } else { 0.0 };
            l.month(&t, capex, m > 3);
            if m == 40 {
                l.repay_usd();
            }
            let lm = l.this_month();
            *f = lm.draw_usd - lm.debt_service_usd();
        }
        let r = effective_annual_rate(0.08);
        assert!((r - 0.082_999_5).abs() < 1e-6, "{r}");
        let v = crate::finance::npv(r, &flows).unwrap();
        assert!(v.abs() < 1e-9, "{v}");
        // At the nominal rate the borrower looks a little worse off (interest compounds monthly).
        assert!(crate::finance::npv(0.08, &flows).unwrap() < -0.1);
    }
}
