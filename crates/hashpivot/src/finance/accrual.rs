//! Accrual revenue: a contract's cash (a prepayment at signing, then payments over the term) recognised as
//! revenue straight-line over the months the service is delivered (ASC 606 for a service delivered evenly over
//! time). The cash basis books a prepayment when received; the accrual basis books it over the contract.

/// The revenue recognised each month of a contract whose cash by month is `cash_usd` (index 0 = signing): the
/// total cash spread evenly over the service months, from the first month after signing with a payment to the
/// last one. A schedule with no payment after signing is recognised at signing (nothing to spread it over).
pub fn straight_line_recognition(cash_usd: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; cash_usd.len()];
    let total: f64 = cash_usd.iter().sum();
    let first = cash_usd
        .iter()
        .skip(1)
        .position(|c| *c != 0.0)
        .map(|i| i + 1);
    let last = cash_usd.iter().rposition(|c| *c != 0.0);
    match (first, last) {
        (Some(a), Some(b)) if b >= a => {
            let per = total / (b - a + 1) as f64;
            for r in &mut out[a..=b] {
                *r = per;
            }
        }
        _ => out.clone_from_slice(cash_usd),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prepayment_is_recognised_over_the_term() {
        // IREN–Microsoft-like: 20% of 9,700 at signing, the rest level over 60 months after a 6-month build:
        // revenue 9,700 / 60 = 161.67 a month over months 7..=66, nothing at signing.
        let mut cash = vec![0.0; 67];
        cash[0] = 0.2 * 9_700.0;
        for c in cash.iter_mut().skip(7) {
            *c = 0.8 * 9_700.0 / 60.0;
        }
        let r = straight_line_recognition(&cash);
        assert_eq!(r[0], 0.0);
        assert!(r[1..7].iter().all(|x| *x == 0.0));
        assert!(r[7..].iter().all(|x| (x - 9_700.0 / 60.0).abs() < 1e-9));
        assert!((r.iter().sum::<f64>() - 9_700.0).abs() < 1e-9);
        // No prepayment: accrual equals cash.
        let level = vec![0.0, 5.0, 5.0, 5.0];
        assert_eq!(straight_line_recognition(&level), level);
        // Paid at signing only: recognised then.
        assert_eq!(straight_line_recognition(&[7.0, 0.0]), vec![7.0, 0.0]);
    }
}
