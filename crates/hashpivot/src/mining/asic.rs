//! The ASIC library: SHA-256 miners with their rated hashrate and power. Power and hashrate are the truth;
//! J/TH is derived from them.

use crate::date::Month;
use crate::error::{Error, Result};
use crate::model_name::{each_once, normalize, without_brand};
use serde::Serialize;

/// How a model is cooled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cooling {
    /// Cooled by fans in free air.
    Air,
    /// Cooled by water through cold plates (also parsed from "water" and "liquid").
    Hydro,
    /// Immersed in dielectric fluid.
    Immersion,
}

impl Cooling {
    /// Reads a cooling name, ignoring case and surrounding spaces; `None` for an unknown name.
    pub fn parse(s: &str) -> Option<Cooling> {
        match s.trim().to_ascii_lowercase().as_str() {
            "air" => Some(Cooling::Air),
            "hydro" | "water" | "liquid" => Some(Cooling::Hydro),
            "immersion" => Some(Cooling::Immersion),
            _ => None,
        }
    }
}

/// One ASIC model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Asic {
    /// Model name as sold, e.g. "Antminer S21".
    pub model: String,
    /// Maker, e.g. "Bitmain".
    pub manufacturer: String,
    /// Rated hashrate, TH/s.
    pub hashrate_th_s: f64,
    /// Rated power at the wall, W.
    pub power_w: f64,
    /// Efficiency, J/TH: `power_w / hashrate_th_s` (derived, never given).
    pub j_per_th: f64,
    /// Month the model was released.
    pub release: Month,
    /// How the model is cooled.
    pub cooling: Cooling,
    /// Where the rated figures come from (a URL or a document name).
    pub source: String,
}

impl Asic {
    /// Builds a model; J/TH is derived from power and hashrate.
    pub fn new(
        model: &str,
        manufacturer: &str,
        hashrate_th_s: f64,
        power_w: f64,
        release: Month,
        cooling: Cooling,
        source: &str,
    ) -> Result<Asic> {
        crate::bounds::ASIC_HASHRATE_TH_S.check(hashrate_th_s)?;
        crate::bounds::ASIC_POWER_W.check(power_w)?;
        Ok(Asic {
            model: model.trim().to_string(),
            manufacturer: manufacturer.trim().to_string(),
            hashrate_th_s,
            power_w,
            j_per_th: power_w / hashrate_th_s,
            release,
            cooling,
            source: source.trim().to_string(),
        })
    }
}

/// The library of models, in release order.
#[derive(Debug, Clone)]
pub struct AsicLibrary {
    models: Vec<Asic>,
}

impl AsicLibrary {
    /// Sorts the models by release month then name; refuses two models whose names match ignoring case,
    /// spaces and punctuation.
    pub fn new(mut models: Vec<Asic>) -> Result<AsicLibrary> {
        models.sort_by(|a, b| {
            a.release
                .cmp(&b.release)
                .then_with(|| a.model.cmp(&b.model))
        });
        each_once("ASIC library", models.iter().map(|m| m.model.as_str()))?;
        Ok(AsicLibrary { models })
    }

    /// Every model, in release order.
    pub fn models(&self) -> &[Asic] {
        &self.models
    }

    /// Finds a model by name, ignoring case, spaces and punctuation ("s21 xp", "Antminer S21 XP", "S21XP").
    pub fn find(&self, name: &str) -> Result<&Asic> {
        let key = normalize(name);
        let key_short = without_brand(name);
        if let Some(m) = self
            .models
            .iter()
            .find(|m| normalize(&m.model) == key || without_brand(&m.model) == key_short)
        {
            return Ok(m);
        }
        let mut suggestions: Vec<String> = self
            .models
            .iter()
            .filter(|m| {
                let s = without_brand(&m.model);
                !key_short.is_empty() && (s.starts_with(&key_short) || key_short.starts_with(&s))
            })
            .map(|m| m.model.clone())
            .take(5)
            .collect();
        suggestions.dedup();
        Err(Error::UnknownAsic {
            name: name.to_string(),
            suggestions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> AsicLibrary {
        let m = |name: &str, th: f64, w: f64, rel: &str| {
            Asic::new(
                name,
                "Bitmain",
                th,
                w,
                Month::parse(rel).unwrap(),
                Cooling::Air,
                "test",
            )
            .unwrap()
        };
        AsicLibrary::new(vec![
            m("Antminer S21 XP", 270.0, 3645.0, "2024-07"),
            m("Antminer S21", 200.0, 3500.0, "2024-02"),
        ])
        .unwrap()
    }

    #[test]
    fn j_per_th_is_derived() {
        let l = lib();
        assert_eq!(l.find("Antminer S21").unwrap().j_per_th, 17.5);
        assert_eq!(l.find("s21 xp").unwrap().j_per_th, 13.5);
        assert_eq!(l.find("S21XP").unwrap().model, "Antminer S21 XP");
    }

    #[test]
    fn unknown_model_suggests() {
        let err = lib().find("S21 Pro").unwrap_err();
        assert_eq!(err.hint(), Some(crate::error::Hint::ListAsics));
        let err = err.to_string();
        assert!(err.contains("unknown ASIC model 'S21 Pro'"), "{err}");
        assert!(err.contains("did you mean Antminer S21"), "{err}");
    }
}
