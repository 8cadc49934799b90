//! `data/asics.csv`: the SHA-256 ASIC library from miners.json (MIT), the F2Pool 2020 list, the
//! KodyParsons list, and a small hand-curated table for models missing from all three.

use crate::raw::{self, Raw};
use anyhow::{Result, anyhow, ensure};
use hashpivot::model_name::{normalize, without_brand};
use std::collections::BTreeMap;

const MINERS_JSON_CITE: &str = "marceloceccon/bitcoinmining data/miners.json @13068ae (MIT)";
const F2POOL_CITE: &str =
    "F2Pool miner list 03/2020 via mattk8/mining-data mining-devices.csv @f4b9405";
const KODY_CITE: &str = "KodyParsons/BTCBESS data/miners.csv @8ab4de4";

/// A model not in the raw files: name, manufacturer, TH/s, W, release month, cooling, source.
/// Each row's figures were found with the project's `search` tool on the page cited.
pub const OVERRIDES: [(&str, &str, f64, f64, &str, &str, &str); 3] = [
    (
        "Antminer S21 XP",
        "Bitmain",
        270.0,
        3645.0,
        "2024-01",
        "air",
        "270 TH/s and 13.5 J/TH (3645 W = 270 x 13.5) per btcminermarketplace.com/how-to-calculate-roi-for-bitcoin-miner-s21-xp; release month year only (2024, unsourced)",
    ),
    (
        "Antminer S21+ Hyd",
        "Bitmain",
        319.0,
        4785.0,
        "2024-01",
        "hydro",
        "319 TH/s, 4785 W per top-crypto-mining-asics.com/?p=4692; release month year only (2024, unsourced)",
    ),
    (
        "Whatsminer M66S+",
        "MicroBT",
        314.0,
        5338.0,
        "2024-01",
        "immersion",
        "314 TH/s, 5338 W per top-crypto-mining-asics.com/how-to-calculate-the-roi-of-whatsminer-m66s; cooling by MicroBT M?6 naming; release month year only (2024, unsourced)",
    ),
];

/// Hand-set rated figures replacing a raw row's hashrate and power: model, TH/s, W, source.
/// Each figure was found with the project's `search` tool; the source string says where and how firm it is.
pub const SPEC_OVERRIDES: [(&str, f64, f64, &str); 3] = [
    (
        "Whatsminer M60",
        172.0,
        3422.0,
        "172 TH/s, 3422 W (19.9 J/TH) per asicminervalue.com/miners/whatsminer-m60 as quoted in a public GitHub miner dataset (canonical_name \"Whatsminer M60 (162 TH)\", notes \"ASIC Miner Value: 172TH @ 3422W (19.9 J/TH)\"); the same 172 TH/3422 W in a second public dataset (app/hardware.py, \"MicroBT WhatsMiner M60 (172Th)\"); not checked on a MicroBT page; replaces miners.json 3344 W (the M30S figure)",
    ),
    (
        "Whatsminer M60S",
        186.0,
        3441.0,
        "186 TH/s, 3441 W (18.5 J/TH) per asicminervalue.com/miners/whatsminer-m60s as cited in a public GitHub miner dataset (canonical_name \"Whatsminer M60S (186 TH)\"); the same 186 TH/3441 W in a second public dataset (app/hardware.py, \"MicroBT WhatsMiner M60S (186Th)\"); not checked on a MicroBT page; replaces miners.json 3344 W (the M30S figure)",
    ),
    (
        "AvalonMiner 1566",
        185.0,
        3420.0,
        "185 TH/s, 3420 W (18.5 J/TH) per a public GitHub dataset of market listings (app/hardware.py, \"Canaan Avalon A1566 (185Th)\"); 185 TH/s nominal also per d-central.tech/fr/asic-troubleshooting/avalon-1566-low-hashrate; not checked on a Canaan page; replaces miners.json 3650 W",
    ),
];

/// Models named in the raw data that are left out, with the reason.
pub const EXCLUDED: [(&str, &str); 10] = [
    (
        "Antminer S21 Ultra",
        "miners.json: 260 TH / 3900 W matches no known Bitmain model (PROVENANCE.md)",
    ),
    (
        "CK5",
        "miners.json: Goldshell CK5 is an Eaglesong (Nervos CKB) miner, not SHA-256",
    ),
    (
        "CK6",
        "miners.json: Goldshell CK6 is an Eaglesong (Nervos CKB) miner, not SHA-256",
    ),
    (
        "Antminer S19 Hydro",
        "miners.json: figures (198 TH, 5445 W) are identical to its S19 Pro+ Hyd row; suspected copy error",
    ),
    (
        "Whatsminer M50S+",
        "miners.json: figures (126 TH, 3306 W) are identical to the KodyParsons Whatsminer M50S row; copy error. The M50S+ exists (public datasets list 136-148 TH bins) but no single rated hashrate and power with a citable page was found",
    ),
    (
        "Whatsminer M30S+ Pro",
        "miners.json: existence not confirmed by any page or dataset found with the search tool (only an unsourced app seed file)",
    ),
    (
        "Whatsminer M31S+ Pro",
        "miners.json: existence not confirmed by any page or dataset found with the search tool",
    ),
    (
        "Whatsminer M33S+ Pro",
        "miners.json: existence not confirmed by any page or dataset found with the search tool",
    ),
    (
        "AvalonMiner 1346 Pro",
        "miners.json: existence not confirmed by any page or dataset found with the search tool (Canaan's A13 launch named only the A1346 and A1366, per blog.zeusmining.co)",
    ),
    (
        "Antminer S19 Pro+",
        "miners.json: an air-cooled S19 Pro+ at 120 TH / 3060 W not confirmed by any page or dataset found with the search tool (the S19 Pro+ Hyd is kept)",
    ),
];

/// Models sought but not added because no page giving both hashrate and power was found.
pub const NOT_SOURCED: [&str; 2] = [
    "Antminer S21+ (216 TH found, power not found)",
    "Antminer S21 XP Hyd",
];

#[derive(Debug, Clone)]
pub struct Asic {
    pub model: String,
    pub manufacturer: String,
    pub th: f64,
    pub w: f64,
    pub month: String,
    pub cooling: &'static str,
    pub source: String,
}

#[derive(Debug, Default)]
pub struct AsicReport {
    pub from_miners_json: usize,
    pub from_f2pool: usize,
    pub from_kody: usize,
    pub from_overrides: usize,
    pub spec_overridden: usize,
    pub month_from_f2pool: usize,
    pub month_from_kody: usize,
    pub month_year_only: usize,
    pub skipped_f2pool: Vec<String>,
    pub spec_conflicts: Vec<String>,
}

fn manufacturer(m: &str) -> String {
    match m.trim() {
        "Whatsminer" | "MicroBT" => "MicroBT".into(),
        other => other.to_string(),
    }
}

/// Cooling from the name and flags: "Hyd"/"Hydro" or a water-cooled flag → hydro; MicroBT M?3 → hydro and
/// M?6 → immersion (MicroBT's naming of its series); else air.
pub fn cooling(model: &str, watercooled: bool) -> &'static str {
    let lower = model.to_ascii_lowercase();
    if watercooled || lower.split_whitespace().any(|w| w == "hyd" || w == "hydro") {
        return "hydro";
    }
    if let Some(rest) = lower.strip_prefix("whatsminer m") {
        let digits: Vec<char> = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() == 2 {
            return match digits[1] {
                '3' => "hydro",
                '6' => "immersion",
                _ => "air",
            };
        }
    }
    "air"
}

#[derive(serde::Deserialize)]
struct MinersJson {
    name: String,
    manufacturer: String,
    algorithm: String,
    hash_rate_ths: f64,
    power_watts: f64,
    release_year: i64,
    watercooled: bool,
}

struct Dated {
    month: String,
    th: f64,
    w: f64,
}

pub fn build(raw: &Raw) -> Result<(Vec<Asic>, AsicReport)> {
    let mut rep = AsicReport::default();
    let text = raw.text(raw::MINERS_JSON)?;
    let mj: Vec<MinersJson> = serde_json::from_str(&text)
        .map_err(|e| anyhow!("{}, line {}: {e}", raw::MINERS_JSON, e.line()))?;

    // F2Pool list: Company, Device, age, Hashrate (T), Power (W), ..., Year Released (11), Month Released (12).
    let f2 = raw.csv(raw::F2POOL_CSV, Some(&["Company", "Device"]))?;
    let mut f2_by_key: BTreeMap<String, (String, String, Dated)> = BTreeMap::new();
    for r in &f2 {
        let (year, month) = (r.u64(11)?, r.u64(12)?);
        ensure!(
            (1..=12).contains(&month),
            "{}, line {}: month {month}",
            raw::F2POOL_CSV,
            r.line
        );
        let name = r.cell(1)?.to_string();
        let d = Dated {
            month: format!("{year:04}-{month:02}"),
            th: r.f64(3)?,
            w: r.f64(4)?,
        };
        let company = r.cell(0)?.to_string();
        let key = without_brand(&name);
        // Same name twice (e.g. the S9 of 2016-07 and a later 2019-09 batch): keep the original release.
        if let Some(prev) = f2_by_key.get(&key) {
            let (keep, drop) = if prev.2.month <= d.month {
                (None, d.month.clone())
            } else {
                (Some(()), prev.2.month.clone())
            };
            rep.skipped_f2pool.push(format!(
                "{name} released {drop} (later row with the same name)"
            ));
            if keep.is_none() {
                continue;
            }
        }
        f2_by_key.insert(key, (name, company, d));
    }
    // Kody list: model_name, hashrate, power_consumption, efficiency, manufacturer, release_date (m/d/yy).
    let kody = raw.csv(
        raw::KODY_CSV,
        Some(&[
            "model_name",
            "hashrate",
            "power_consumption",
            "efficiency",
            "manufacturer",
            "release_date",
        ]),
    )?;
    let mut kody_by_key: BTreeMap<String, (String, String, Dated)> = BTreeMap::new();
    for r in &kody {
        let cell = r.cell(5)?;
        let day: hashpivot::Date = jiff::civil::Date::strptime("%m/%d/%y", cell)
            .map_err(|e| r.err(format!("expected a date m/d/yy, found '{cell}': {e}")))?
            .into();
        let (y, m, _) = day.ymd();
        let name = r.cell(0)?.to_string();
        let d = Dated {
            month: format!("{y:04}-{m:02}"),
            th: r.f64(1)?,
            w: r.f64(2)?,
        };
        kody_by_key.insert(without_brand(&name), (name, r.cell(4)?.to_string(), d));
    }

    let excluded: Vec<String> = EXCLUDED.iter().map(|e| normalize(e.0)).collect();
    let mut out: Vec<Asic> = Vec::new();
    for m in &mj {
        ensure!(
            m.algorithm == "SHA-256",
            "{}: {} has algorithm {}",
            raw::MINERS_JSON,
            m.name,
            m.algorithm
        );
        if excluded.contains(&normalize(&m.name)) {
            continue;
        }
        let key = without_brand(&m.name);
        let dated = match (f2_by_key.get(&key), kody_by_key.get(&key)) {
            (Some((_, _, d)), _) => {
                rep.month_from_f2pool += 1;
                Some((d, "F2Pool", F2POOL_CITE))
            }
            (None, Some((_, _, d))) => {
                rep.month_from_kody += 1;
                Some((d, "KodyParsons", KODY_CITE))
            }
            (None, None) => None,
        };
        let (month, month_src) = if let Some((d, source, cite)) = dated {
            if d.th != m.hash_rate_ths || d.w != m.power_watts {
                rep.spec_conflicts.push(format!(
                    "{}: miners.json {} TH/{} W, {source} {} TH/{} W",
                    m.name, m.hash_rate_ths, m.power_watts, d.th, d.w
                ));
            }
            (d.month.clone(), format!("; release month {cite}"))
        } else {
            rep.month_year_only += 1;
            (
                format!("{:04}-01", m.release_year),
                "; release month year only (YYYY-01)".to_string(),
            )
        };
        rep.from_miners_json += 1;
        let (th, w, spec_src) = match SPEC_OVERRIDES.iter().find(|o| o.0 == m.name) {
            Some(&(_, th, w, src)) => {
                rep.spec_overridden += 1;
                (th, w, format!("{src}; model and release year from "))
            }
            None => (m.hash_rate_ths, m.power_watts, String::new()),
        };
        out.push(Asic {
            model: m.name.clone(),
            manufacturer: manufacturer(&m.manufacturer),
            th,
            w,
            month,
            cooling: cooling(&m.name, m.watercooled),
            source: format!("{spec_src}{MINERS_JSON_CITE}{month_src}"),
        });
    }
    let have = |out: &[Asic], key: &str| out.iter().any(|a| without_brand(&a.model) == key);
    // Kody models absent from miners.json.
    for (key, (name, manu, d)) in &kody_by_key {
        if have(&out, key) {
            continue;
        }
        let manu = manufacturer(manu);
        let model = if manu == "MicroBT" && !name.starts_with("Whatsminer") {
            format!("Whatsminer {name}")
        } else {
            name.clone()
        };
        rep.from_kody += 1;
        out.push(Asic {
            model: model.clone(),
            manufacturer: manu,
            th: d.th,
            w: d.w,
            month: d.month.clone(),
            cooling: cooling(&model, false),
            source: KODY_CITE.into(),
        });
    }
    // F2Pool models (Bitmain, MicroBT, Canaan; 2016 on) absent from both.
    for (key, (name, company, d)) in &f2_by_key {
        if have(&out, key) {
            continue;
        }
        if name.contains('(') {
            rep.skipped_f2pool.push(format!(
                "{name} (hashrate/underclock variant of a listed model)"
            ));
            continue;
        }
        if !["Bitmain", "Whatsminer", "Canaan"].contains(&company.as_str()) {
            rep.skipped_f2pool.push(format!(
                "{name} ({company}: outside the three main manufacturers)"
            ));
            continue;
        }
        if d.month.as_str() < "2016-01" {
            rep.skipped_f2pool
                .push(format!("{name} (released before 2016)"));
            continue;
        }
        rep.from_f2pool += 1;
        out.push(Asic {
            model: name.clone(),
            manufacturer: manufacturer(company),
            th: d.th,
            w: d.w,
            month: d.month.clone(),
            cooling: cooling(name, false),
            source: F2POOL_CITE.into(),
        });
    }
    ensure!(
        rep.spec_overridden == SPEC_OVERRIDES.len(),
        "{} of {} spec overrides matched a miners.json row",
        rep.spec_overridden,
        SPEC_OVERRIDES.len()
    );
    let names: Vec<String> = mj.iter().map(|m| normalize(&m.name)).collect();
    for (model, _) in EXCLUDED {
        ensure!(
            names.contains(&normalize(model)),
            "excluded model {model} is not in {}",
            raw::MINERS_JSON
        );
    }
    for (model, manu, th, w, month, cool, src) in OVERRIDES {
        ensure!(
            !have(&out, &without_brand(model)),
            "override {model} is already in the raw data"
        );
        rep.from_overrides += 1;
        out.push(Asic {
            model: model.into(),
            manufacturer: manu.into(),
            th,
            w,
            month: month.into(),
            cooling: cool,
            source: src.into(),
        });
    }
    out.sort_by(|a, b| a.month.cmp(&b.month).then_with(|| a.model.cmp(&b.model)));
    let mut seen = std::collections::BTreeSet::new();
    for a in &out {
        ensure!(
            seen.insert(normalize(&a.model)),
            "duplicate model {}",
            a.model
        );
        ensure!(
            a.th > 0.0 && a.w > 0.0,
            "{}: non-positive hashrate or power",
            a.model
        );
        ensure!(
            a.month.as_str() >= "2016-01",
            "{}: released {} (before 2016)",
            a.model,
            a.month
        );
    }
    rep.skipped_f2pool.sort();
    Ok((out, rep))
}

pub fn csv(models: &[Asic]) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(hashpivot::data::ASIC_COLUMNS)?;
    for a in models {
        w.write_record([
            a.model.clone(),
            a.manufacturer.clone(),
            format!("{}", a.th),
            format!("{}", a.w),
            a.month.clone(),
            a.cooling.to_string(),
            a.source.clone(),
        ])?;
    }
    Ok(String::from_utf8(
        w.into_inner().map_err(|e| anyhow!("{e}"))?,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cooling_rules() {
        assert_eq!(cooling("Antminer S21 Hyd", false), "hydro");
        assert_eq!(cooling("Antminer S19 XP Hyd", true), "hydro");
        assert_eq!(cooling("Whatsminer M53S++", false), "hydro");
        assert_eq!(cooling("Whatsminer M66S", false), "immersion");
        assert_eq!(cooling("Whatsminer M60S", false), "air");
        assert_eq!(cooling("Whatsminer M30S", false), "air");
        assert_eq!(cooling("Antminer S21", false), "air");
    }
}
