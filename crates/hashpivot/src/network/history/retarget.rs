//! The retarget list: each epoch's first block and difficulty, which fills the table's difficulties by height.

use super::super::BLOCKS_PER_RETARGET;
use super::NetworkHistory;
use crate::date::Date;
use crate::error::{Error, Result};
use serde::Serialize;

/// One difficulty retarget: the first block of an epoch and its difficulty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Retarget {
    /// Height of the epoch's first block, a multiple of 2,016.
    pub height: u64,
    /// Difficulty of every block of the epoch.
    pub difficulty: f64,
    /// UTC date of the retarget block, where known.
    pub date: Option<Date>,
}

impl NetworkHistory {
    /// Fills each day's difficulty from the retarget list by height, and refuses a day whose difficulty
    /// contradicts the epoch its last block belongs to. Days past the list's last epoch keep their own value.
    pub fn with_retargets(mut self, retargets: &[Retarget]) -> Result<NetworkHistory> {
        for w in retargets.windows(2) {
            if w[1].height != w[0].height + BLOCKS_PER_RETARGET {
                return Err(Error::invalid(
                    "retarget list",
                    format!("height {} after {}", w[1].height, w[0].height),
                    "consecutive multiples of 2016",
                ));
            }
        }
        let Some(first) = retargets.first() else {
            return Ok(self);
        };
        let end = retargets[retargets.len() - 1].height + BLOCKS_PER_RETARGET;
        for day in &mut self.days {
            let Some(h) = day.height else { continue };
            if h < first.height || h >= end {
                continue;
            }
            let epoch = &retargets[((h - first.height) / BLOCKS_PER_RETARGET) as usize];
            match day.difficulty {
                None => day.difficulty = Some(epoch.difficulty),
                Some(d) if (d / epoch.difficulty - 1.0).abs() > 1e-9 => {
                    return Err(Error::invalid(
                        format!("network data difficulty on {}", day.date),
                        d,
                        format!(
                            "the difficulty of the epoch starting at height {} that holds the day's last block {h}: {}",
                            epoch.height, epoch.difficulty
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_days::day;
    use super::*;

    #[test]
    fn retarget_list_fills_and_checks_difficulty() {
        let rt = |h: u64, d: f64| Retarget {
            height: h,
            difficulty: d,
            date: None,
        };
        let list = [rt(868_896, 1e14), rt(870_912, 1.1e14)];
        let mut a = day("2024-11-17", 870_899, 140, 1e14, 14.0, 90_000.0);
        a.difficulty = None;
        let mut b = day("2024-11-18", 870_999, 100, 1e14, 0.0, 90_000.0);
        b.difficulty = None;
        let h = NetworkHistory::new(vec![a, b])
            .unwrap()
            .with_retargets(&list)
            .unwrap();
        assert_eq!(h.days()[0].difficulty, Some(1e14));
        assert_eq!(h.days()[1].difficulty, Some(1.1e14));
        // A day whose difficulty contradicts its epoch is refused.
        let c = day("2024-11-18", 870_999, 100, 5e13, 0.0, 90_000.0);
        let err = NetworkHistory::new(vec![c])
            .unwrap()
            .with_retargets(&list)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("difficulty on 2024-11-18: found 50000000000000"),
            "{err}"
        );
    }
}
