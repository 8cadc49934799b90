//! Running sums for an OLS slope of y on x (with intercept): β = (nΣxy − ΣxΣy) / (nΣx² − (Σx)²).
//! Per-path sums are merged in path order, so the slope is the same for any thread count.

use serde::Serialize;

/// The running sums n, Σx, Σy, Σxy, Σx² of an OLS regression of y on x (the BTC-beta of EBITDA: x the month's
/// BTC log return, y the month's EBITDA change in USD); the default is the empty sample.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct OlsSums {
    n: f64,
    sx: f64,
    sy: f64,
    sxy: f64,
    sxx: f64,
}

impl OlsSums {
    /// The sums n, Σx, Σy, Σxy, Σx² in that order (to store a path's sums exactly, e.g. in a shard).
    pub fn to_array(&self) -> [f64; 5] {
        [self.n, self.sx, self.sy, self.sxy, self.sxx]
    }
    /// From the sums in [`OlsSums::to_array`]'s order.
    pub fn from_array(v: [f64; 5]) -> OlsSums {
        OlsSums {
            n: v[0],
            sx: v[1],
            sy: v[2],
            sxy: v[3],
            sxx: v[4],
        }
    }
    /// Adds the observation (x, y).
    pub fn add(&mut self, x: f64, y: f64) {
        self.n += 1.0;
        self.sx += x;
        self.sy += y;
        self.sxy += x * y;
        self.sxx += x * x;
    }
    /// Adds every observation of `o` (sums merged; merge in path order for thread-count-independent results).
    pub fn merge(&mut self, o: &OlsSums) {
        self.n += o.n;
        self.sx += o.sx;
        self.sy += o.sy;
        self.sxy += o.sxy;
        self.sxx += o.sxx;
    }
    /// The slope β (units of y per unit of x), or `None` with fewer than two observations or when x does not
    /// vary.
    pub fn slope(&self) -> Option<f64> {
        let d = self.n * self.sxx - self.sx * self.sx;
        (d > 1e-12 * self.n * self.n.max(1.0) && self.n >= 2.0)
            .then(|| (self.n * self.sxy - self.sx * self.sy) / d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_line() {
        let mut s = OlsSums::default();
        for x in [-0.2, 0.1, 0.3, 0.05] {
            s.add(x, 5.0 + 2_000.0 * x);
        }
        assert!((s.slope().unwrap() - 2_000.0).abs() < 1e-6);
        let mut z = OlsSums::default();
        z.add(0.0, 1.0);
        z.add(0.0, 2.0);
        assert_eq!(z.slope(), None);
    }
}
