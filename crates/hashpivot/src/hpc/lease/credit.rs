//! What a tenant default does to a lease (the one rule): the tenant stops paying, a backstop pays the
//! scheduled rent up to its cap, the space stays empty for a vacancy, then a new tenant pays a stressed share
//! of the rent; and the same month in expectation over the default month (the base case, `landlord_flows`).

use crate::bounds;
use crate::error::Result;
use serde::Serialize;

/// Months a defaulted lease's space stays empty before a new tenant pays, when nothing is stated.
pub const DEFAULT_VACANCY_MONTHS: u32 = 12;
/// Why [`DEFAULT_VACANCY_MONTHS`].
pub const DEFAULT_VACANCY_BASIS: &str = "assumption: a new AI/HPC tenant needs its own fit-out; the deal library's \
     leases took 9–15 months from signing to first delivery (build_months), so a year empty";
/// Rent of a re-let space as a share of the contract rent it replaces, when nothing is stated.
pub const DEFAULT_RELET_SHARE: f64 = 0.7;
/// Why [`DEFAULT_RELET_SHARE`].
pub const DEFAULT_RELET_BASIS: &str = "assumption: no defaulted AI/HPC lease has been re-let in public yet; a re-let \
     after a tenant failure is a distressed sale of capacity, taken at 70% of the contract rent";

/// What a tenant default does to a lease: the one rule of default, backstop and re-letting.
///
/// The tenant defaults in month `t` (it pays nothing from `t` on). The guarantor then pays the scheduled
/// rent, month by month, until `backstop_cap_usd` is used up (a capped guarantee of the remaining rent,
/// not a share of it); the month the cap cannot cover in full is the first month of vacancy. After
/// `vacancy_months` empty months a new tenant pays `relet_share` of the scheduled rent until the schedule
/// ends. Without a backstop the vacancy starts when the first unpaid rent falls due.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LeaseCredit {
    /// Annual probability that the tenant defaults, in [0, 0.99].
    pub hazard_per_year: f64,
    /// Empty months between the end of payments (tenant, then guarantor) and a new tenant's rent.
    pub vacancy_months: u32,
    /// A new tenant's rent as a share of the scheduled rent, in [0, 1].
    pub relet_share: f64,
    /// The most the guarantor pays after a default, USD (0 = no backstop).
    pub backstop_cap_usd: f64,
}

/// A default on one lease: the month the tenant stops paying and the first month nobody pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultEvent {
    /// First month without the tenant (months of the rent schedule).
    pub month: usize,
    /// First month the guarantor no longer pays in full (vacancy starts; `usize::MAX` = never).
    pub vacant_from: usize,
}

/// What a month of a lease collects.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Collected {
    /// Rent collected, USD (tenant, guarantor or new tenant).
    pub rent_usd: f64,
    /// Share of the month a tenant is in the space (1 before default and after re-letting; expected
    /// share in an expectation).
    pub occupied: f64,
}

/// Running sums of a rent schedule: `cum[k]` = rent of months `0..k` (one longer than `rent`).
pub fn cumulative_rent(rent: &[f64]) -> Vec<f64> {
    let mut cum = Vec::with_capacity(rent.len() + 1);
    let mut s = 0.0;
    cum.push(0.0);
    for r in rent {
        s += r;
        cum.push(s);
    }
    cum
}

impl LeaseCredit {
    /// No default risk, no backstop, the default vacancy and re-let share.
    pub fn none() -> LeaseCredit {
        LeaseCredit {
            hazard_per_year: 0.0,
            vacancy_months: DEFAULT_VACANCY_MONTHS,
            relet_share: DEFAULT_RELET_SHARE,
            backstop_cap_usd: 0.0,
        }
    }

    /// Checks the hazard, the re-let share and the cap.
    pub fn check(&self) -> Result<()> {
        bounds::DEFAULT_HAZARD_PER_YEAR
            .check_as("default_hazard_per_year", self.hazard_per_year)?;
        bounds::RELET_SHARE.check(self.relet_share)?;
        bounds::VACANCY_MONTHS.check_whole_as("vacancy_months", u64::from(self.vacancy_months))?;
        bounds::USD_AMOUNT.check_as("backstop amount_usd", self.backstop_cap_usd)?;
        Ok(())
    }

    /// The default of a tenant that stops paying in month `t` of the schedule `rent` (`cum` its
    /// [`cumulative_rent`]): the guarantor pays on until the cap is used up.
    pub fn default_at(&self, rent: &[f64], cum: &[f64], t: usize) -> DefaultEvent {
        let t = t.min(rent.len());
        // First k > t with cum[k] − cum[t] > cap: month k − 1 is the first the cap cannot cover in full.
        let base = cum[t];
        let cap = self.backstop_cap_usd;
        let k = t + 1 + cum[t + 1..].partition_point(|c| c - base <= cap);
        DefaultEvent {
            month: t,
            vacant_from: if k <= rent.len() { k - 1 } else { usize::MAX },
        }
    }

    /// What month `m` collects on a path where the tenant defaults as `event` (`None` = never).
    pub fn collected(
        &self,
        rent: &[f64],
        cum: &[f64],
        m: usize,
        event: Option<DefaultEvent>,
    ) -> Collected {
        let r = rent.get(m).copied().unwrap_or(0.0);
        match event {
            Some(e) if m >= e.month => {
                let paid_before = cum[m.min(rent.len())] - cum[e.month];
                let guaranteed = (self.backstop_cap_usd - paid_before).clamp(0.0, r);
                // A re-let share of 0 means the space is never re-let (no tenant, no power drawn).
                let relet = self.relet_share > 0.0
                    && e.vacant_from != usize::MAX
                    && m >= e.vacant_from.saturating_add(self.vacancy_months as usize);
                Collected {
                    rent_usd: guaranteed + if relet { self.relet_share * r } else { 0.0 },
                    occupied: if relet { 1.0 } else { 0.0 },
                }
            }
            _ => Collected {
                rent_usd: r,
                occupied: 1.0,
            },
        }
    }

    /// What month `m` collects in expectation over the default month, the tenant's clock starting
    /// `offset_months` before month 0 of the schedule (its survival to schedule month j is
    /// S(offset + j) = (1 − h)^((offset + j)/12); a default before month 0 counts as a default in month 0).
    pub fn expected(&self, rent: &[f64], cum: &[f64], m: usize, offset_months: usize) -> Collected {
        let h = self.hazard_per_year;
        let s = |j: usize| crate::market::default_hazard::survival(h, offset_months + j);
        let alive = s(m);
        let mut out = Collected {
            rent_usd: alive * rent.get(m).copied().unwrap_or(0.0),
            occupied: alive,
        };
        if h <= 0.0 {
            return out;
        }
        let mut prev = 1.0;
        for t in 0..=m {
            let st = s(t);
            let p = prev - st;
            prev = st;
            if p <= 0.0 {
                continue;
            }
            let c = self.collected(rent, cum, m, Some(self.default_at(rent, cum, t)));
            out.rent_usd += p * c.rent_usd;
            out.occupied += p * c.occupied;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A level lease of $1M a month for 24 months (months 1..=24), no build.
    fn level(cap: f64, vacancy_months: u32, relet_share: f64) -> (Vec<f64>, Vec<f64>, LeaseCredit) {
        let rent: Vec<f64> = (0..=24).map(|m| if m == 0 { 0.0 } else { 1e6 }).collect();
        let cum = cumulative_rent(&rent);
        let credit = LeaseCredit {
            hazard_per_year: 0.1,
            vacancy_months,
            relet_share,
            backstop_cap_usd: cap,
        };
        (rent, cum, credit)
    }

    #[test]
    fn a_capped_backstop_pays_the_scheduled_rent_until_the_cap_is_used_up() {
        // Worked example: the tenant stops paying in month 10; 15 months of $1M remain (10..=24), $15M.
        // A $3.5M cap pays months 10, 11, 12 in full ($3M) and $0.5M of month 13: min(cap, remaining) = $3.5M.
        let (rent, cum, credit) = level(3.5e6, 6, 0.0);
        let e = credit.default_at(&rent, &cum, 10);
        assert_eq!(
            e,
            DefaultEvent {
                month: 10,
                vacant_from: 13
            }
        );
        let paid: Vec<f64> = (0..=24)
            .map(|m| credit.collected(&rent, &cum, m, Some(e)).rent_usd)
            .collect();
        assert_eq!(paid[9], 1e6);
        assert_eq!(&paid[10..13], &[1e6, 1e6, 1e6]);
        assert_eq!(paid[13], 0.5e6);
        assert!(paid[14..].iter().all(|p| *p == 0.0));
        let after_default: f64 = paid[10..].iter().sum();
        assert_eq!(after_default, 3.5e6);
        // A cap above the remaining rent pays exactly the remaining rent ($15M), and the space is never empty.
        let (rent, cum, credit) = level(40e6, 6, 0.0);
        let e = credit.default_at(&rent, &cum, 10);
        assert_eq!(e.vacant_from, usize::MAX);
        let paid: f64 = (10..=30)
            .map(|m| credit.collected(&rent, &cum, m, Some(e)).rent_usd)
            .sum();
        assert_eq!(paid, 15e6);
        // Not a pro-rata share: the old rule would have paid cap / contract value = 40/24 (capped at 1) of
        // each month; a $3.5M cap on the $24M contract is not 14.6% of every remaining month.
    }

    #[test]
    fn a_defaulted_lease_is_re_let_after_the_vacancy_at_the_stressed_share() {
        // No backstop: default in month 5, 4 empty months (5..=8), from month 9 a new tenant pays 70%.
        let (rent, cum, credit) = level(0.0, 4, 0.7);
        let e = credit.default_at(&rent, &cum, 5);
        assert_eq!(e.vacant_from, 5);
        let c = |m| credit.collected(&rent, &cum, m, Some(e));
        assert_eq!(c(4).rent_usd, 1e6);
        assert!((5..=8).all(|m| c(m).rent_usd == 0.0 && c(m).occupied == 0.0));
        assert!((9..=24).all(|m| (c(m).rent_usd - 0.7e6).abs() < 1e-6 && c(m).occupied == 1.0));
        assert_eq!(c(25).rent_usd, 0.0);
        // With a $2M cap the vacancy starts when the guarantee ends (month 7) and the new tenant pays from 11.
        let (rent, cum, credit) = level(2e6, 4, 0.7);
        let e = credit.default_at(&rent, &cum, 5);
        assert_eq!(e.vacant_from, 7);
        let c = |m| credit.collected(&rent, &cum, m, Some(e)).rent_usd;
        assert_eq!((c(5), c(6), c(7), c(10)), (1e6, 1e6, 0.0, 0.0));
        assert!((c(11) - 0.7e6).abs() < 1e-6);
    }

    #[test]
    fn the_expectation_averages_the_default_month() {
        // E[collected in month m] = S(m) r + Σ_t P(T = t) collected(m | t), checked against a direct sum.
        let (rent, cum, credit) = level(2e6, 3, 0.6);
        let s = |m: usize| crate::market::default_hazard::survival(0.1, m);
        for m in [1usize, 6, 12, 24] {
            let mut direct = s(m) * rent[m];
            for t in 1..=m {
                let e = credit.default_at(&rent, &cum, t);
                direct += (s(t - 1) - s(t)) * credit.collected(&rent, &cum, m, Some(e)).rent_usd;
            }
            let got = credit.expected(&rent, &cum, m, 0).rent_usd;
            assert!((got - direct).abs() < 1e-6, "month {m}: {got} vs {direct}");
            assert!(got <= rent[m] && got > s(m) * rent[m], "month {m}: {got}");
        }
    }
}
