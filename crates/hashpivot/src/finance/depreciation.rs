//! Tax depreciation on monthly steps. [`StraightLine`]: each month's capex is depreciated in equal parts over the
//! following `months` months, starting with the month it is spent. [`ByClass`]: one straight-line schedule per
//! asset class ([`AssetClass`]: ASICs, GPUs, electrical and cooling plant, buildings) with its own life
//! ([`Lives`]), and optional bonus depreciation (a share of a purchase expensed in the month it is bought, for
//! classes with a life of 20 years or less, as US bonus depreciation).

use serde::Serialize;

/// An asset class with its own depreciation life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetClass {
    /// Mining machines.
    Asics,
    /// GPU systems.
    Gpus,
    /// Electrical and cooling plant of a data hall.
    ElectricalCooling,
    /// Building shell.
    Buildings,
}

impl AssetClass {
    /// Every class, in the order of [`Lives`] and [`ClassCapex`].
    pub const ALL: [AssetClass; 4] = [
        AssetClass::Asics,
        AssetClass::Gpus,
        AssetClass::ElectricalCooling,
        AssetClass::Buildings,
    ];

    /// The scenario field name of the class.
    pub fn name(self) -> &'static str {
        match self {
            AssetClass::Asics => "asics",
            AssetClass::Gpus => "gpus",
            AssetClass::ElectricalCooling => "electrical_cooling",
            AssetClass::Buildings => "buildings",
        }
    }

    /// The default life, years, and its basis.
    pub fn default_life(self) -> (u32, &'static str) {
        match self {
            AssetClass::Asics => (
                5,
                "US MACRS 5-year property (computers and peripheral equipment), taken straight-line",
            ),
            AssetClass::Gpus => (
                5,
                "US MACRS 5-year property (computers and peripheral equipment), taken straight-line",
            ),
            AssetClass::ElectricalCooling => (
                15,
                "assumption: cost-segregation places data-center power and cooling plant in MACRS 5-, 7- and 15-year classes; 15 is the long end",
            ),
            AssetClass::Buildings => (
                39,
                "US MACRS nonresidential real property (39 years, straight-line)",
            ),
        }
    }

    /// Whether bonus depreciation applies (US: property with a recovery period of 20 years or less).
    pub fn bonus_eligible(self, life_years: u32) -> bool {
        self != AssetClass::Buildings && life_years <= 20
    }
}

/// Depreciation life of each asset class, years (index: [`AssetClass::ALL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lives {
    /// Mining machines.
    pub asics: u32,
    /// GPU systems.
    pub gpus: u32,
    /// Electrical and cooling plant.
    pub electrical_cooling: u32,
    /// Building shell.
    pub buildings: u32,
}

impl Lives {
    /// Every class at the same life.
    pub fn all(years: u32) -> Lives {
        Lives {
            asics: years,
            gpus: years,
            electrical_cooling: years,
            buildings: years,
        }
    }

    /// Each class's default life ([`AssetClass::default_life`]).
    pub fn defaults() -> Lives {
        Lives {
            asics: AssetClass::Asics.default_life().0,
            gpus: AssetClass::Gpus.default_life().0,
            electrical_cooling: AssetClass::ElectricalCooling.default_life().0,
            buildings: AssetClass::Buildings.default_life().0,
        }
    }

    /// The life of `class`, years.
    pub fn of(&self, class: AssetClass) -> u32 {
        match class {
            AssetClass::Asics => self.asics,
            AssetClass::Gpus => self.gpus,
            AssetClass::ElectricalCooling => self.electrical_cooling,
            AssetClass::Buildings => self.buildings,
        }
    }
}

/// A month's capex by asset class, USD (index: [`AssetClass::ALL`]).
pub type ClassCapex = [f64; 4];

/// Depreciation by asset class: one straight-line schedule per class, and bonus depreciation.
#[derive(Debug, Clone, PartialEq)]
pub struct ByClass {
    schedules: Vec<StraightLine>,
    bonus_share: [f64; 4],
}

impl ByClass {
    /// Schedules over months 0..=`horizon_months` at `lives`, with `bonus_share` of each eligible purchase
    /// expensed when bought.
    pub fn new(lives: Lives, bonus_share: f64, horizon_months: usize) -> ByClass {
        ByClass {
            schedules: AssetClass::ALL
                .iter()
                .map(|c| StraightLine::new(lives.of(*c) as usize * 12, horizon_months))
                .collect(),
            bonus_share: AssetClass::ALL.map(|c| {
                if c.bonus_eligible(lives.of(c)) {
                    bonus_share
                } else {
                    0.0
                }
            }),
        }
    }

    /// Month `m` (called in order) with capex by class: that month's depreciation, USD.
    #[inline]
    pub fn month(&mut self, m: usize, capex_usd: &ClassCapex) -> f64 {
        let mut total = 0.0;
        for (k, s) in self.schedules.iter_mut().enumerate() {
            let bonus = self.bonus_share[k] * capex_usd[k];
            total += bonus + s.month(m, capex_usd[k] - bonus);
        }
        total
    }
}

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

    #[test]
    fn each_class_over_its_own_life() {
        // A 100 MW hall: $1,200 of GPUs (5 years), $600 of electrical and cooling (15 years) and $468 of building
        // (39 years) bought in month 1: 1,200/60 + 600/180 + 468/468 = 20 + 3.333 + 1 a month.
        let lives = Lives::defaults();
        assert_eq!(
            (
                lives.asics,
                lives.gpus,
                lives.electrical_cooling,
                lives.buildings
            ),
            (5, 5, 15, 39)
        );
        let mut d = ByClass::new(lives, 0.0, 600);
        assert_eq!(d.month(0, &[0.0; 4]), 0.0);
        let m1 = d.month(1, &[0.0, 1_200.0, 600.0, 468.0]);
        assert!((m1 - (20.0 + 600.0 / 180.0 + 1.0)).abs() < 1e-12, "{m1}");
        // Month 61: the GPUs are fully depreciated; the rest goes on.
        let mut last = 0.0;
        for m in 2..=61 {
            last = d.month(m, &[0.0; 4]);
        }
        assert!((last - (600.0 / 180.0 + 1.0)).abs() < 1e-12, "{last}");
        // The old rule: one 5-year life for everything.
        let mut one = ByClass::new(Lives::all(5), 0.0, 600);
        one.month(0, &[0.0; 4]);
        assert!((one.month(1, &[0.0, 1_200.0, 600.0, 468.0]) - 2_268.0 / 60.0).abs() < 1e-12);
    }

    #[test]
    fn bonus_depreciation_expenses_eligible_purchases_at_once() {
        // Half bonus: half the GPUs and the plant expensed in the month, the rest straight-line; the building
        // (39 years) is never eligible.
        let mut d = ByClass::new(Lives::defaults(), 0.5, 600);
        let m0 = d.month(0, &[0.0, 1_200.0, 600.0, 468.0]);
        let expect = 600.0 + 300.0 + 600.0 / 60.0 + 300.0 / 180.0 + 1.0;
        assert!((m0 - expect).abs() < 1e-12, "{m0} vs {expect}");
        assert!(!AssetClass::Buildings.bonus_eligible(15));
        assert!(!AssetClass::ElectricalCooling.bonus_eligible(25));
    }
}
