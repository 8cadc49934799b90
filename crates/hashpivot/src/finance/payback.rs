//! Simple (undiscounted) payback.

/// The first month at the end of which the cumulative undiscounted cash flow is ≥ 0, after having been
/// negative. `Some(0)` when it is never negative; `None` when it never recovers within the flows.
pub fn payback_months(flows: &[f64]) -> Option<usize> {
    let mut cum = 0.0;
    let mut was_negative = false;
    for (m, f) in flows.iter().enumerate() {
        cum += f;
        if cum < 0.0 {
            was_negative = true;
        } else if was_negative {
            return Some(m);
        }
    }
    if was_negative { None } else { Some(0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payback_cases() {
        assert_eq!(payback_months(&[-100.0, 30.0, 30.0, 30.0, 30.0]), Some(4));
        assert_eq!(payback_months(&[-100.0, 50.0, 50.0]), Some(2));
        assert_eq!(payback_months(&[-100.0, 50.0, 40.0]), None);
        assert_eq!(payback_months(&[10.0, 5.0]), Some(0));
        assert_eq!(payback_months(&[]), Some(0));
        // Build months earning nothing delay payback.
        assert_eq!(payback_months(&[0.0, -50.0, -50.0, 60.0, 60.0]), Some(4));
    }
}
