//! The GPU library: `data/gpus.csv`.

use super::{column, opt_f64, parse_err, reader};
use crate::error::Result;
use crate::hpc::gpu_cloud::{GpuLibrary, GpuModel};

/// `data/gpus.csv`.
pub(crate) const GPUS_CSV: &str = include_str!("../../../../data/gpus.csv");

/// Parses `name, system, gpus_per_system, system_kw, system_kw_high, gpu_tdp_w, cooling, sources, note` and the
/// default price: `usd_per_gpu_hour` (or `price_deal`, a GPU-cloud deal whose revenue per IT kWh × kW per GPU
/// gives it), `price_as_of`, `price_source`. The price columns are optional.
pub(crate) fn parse_gpus_csv(text: &str, origin: &str) -> Result<GpuLibrary> {
    let (mut rdr, headers) = reader(text, origin)?;
    let names = [
        "name",
        "system",
        "gpus_per_system",
        "system_kw",
        "system_kw_high",
        "gpu_tdp_w",
        "cooling",
        "sources",
        "note",
    ];
    let cols: Vec<usize> = names
        .iter()
        .map(|c| column(&headers, c, origin, true).map(|i| i.expect("required")))
        .collect::<Result<_>>()?;
    let price_cols: Vec<Option<usize>> = [
        "usd_per_gpu_hour",
        "price_deal",
        "price_as_of",
        "price_source",
    ]
    .iter()
    .map(|c| column(&headers, c, origin, false))
    .collect::<Result<_>>()?;
    let mut models = Vec::new();
    for rec in rdr.records() {
        let rec = rec
            .map_err(|e| parse_err(origin, e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |i: usize| rec.get(cols[i]).unwrap_or("");
        let gpus: u32 = get(2).parse().map_err(|_| {
            parse_err(
                origin,
                line,
                format!(
                    "column 'gpus_per_system': found '{}', expected a whole number ≥ 1",
                    get(2)
                ),
            )
        })?;
        let kw = opt_f64(&rec, Some(cols[3]), "system_kw", origin, line, "kW > 0")?
            .ok_or_else(|| parse_err(origin, line, "column 'system_kw' is empty"))?;
        let kw_high = opt_f64(
            &rec,
            Some(cols[4]),
            "system_kw_high",
            origin,
            line,
            "kW > 0",
        )?;
        let tdp = opt_f64(&rec, Some(cols[5]), "gpu_tdp_w", origin, line, "W > 0")?;
        let m = GpuModel::new(
            get(0),
            get(1),
            gpus,
            kw,
            kw_high,
            tdp,
            get(6),
            get(7),
            get(8),
        )
        .map_err(|e| parse_err(origin, line, e.to_string()))?;
        let mut m = m;
        let text_of = |i: usize| {
            price_cols[i]
                .and_then(|c| rec.get(c))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        m.usd_per_gpu_hour = opt_f64(
            &rec,
            price_cols[0],
            "usd_per_gpu_hour",
            origin,
            line,
            "USD per GPU-hour > 0",
        )?;
        m.price_deal = Some(text_of(1)).filter(|s| !s.is_empty());
        m.price_as_of = text_of(2);
        m.price_source = text_of(3);
        if (m.usd_per_gpu_hour.is_some() || m.price_deal.is_some()) && m.price_as_of.is_empty() {
            return Err(parse_err(
                origin,
                line,
                format!(
                    "model '{}': a default price needs its price_as_of date",
                    m.name
                ),
            ));
        }
        models.push(m);
    }
    GpuLibrary::new(models)
}

/// The bundled GPU library.
pub fn bundled_gpus() -> Result<GpuLibrary> {
    parse_gpus_csv(GPUS_CSV, "bundled data/gpus.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_gpu_power_matches_sources() {
        let lib = bundled_gpus().unwrap();
        // DGX H100: 10.2 kW max for 8 GPUs → 1.275 kW per GPU.
        assert_eq!(lib.find("H100").unwrap().it_kw_per_gpu, 1.275);
        assert_eq!(lib.find("h200 sxm").unwrap().system_kw, 10.2);
        assert!((lib.find("B200").unwrap().it_kw_per_gpu - 14.3 / 8.0).abs() < 1e-12);
        let nvl = lib.find("GB300 NVL72").unwrap();
        assert!((nvl.it_kw_per_gpu - 120.0 / 72.0).abs() < 1e-12);
        assert_eq!(nvl.system_kw_high, Some(132.0));
        assert!(lib.models().iter().all(|m| m.sources.contains("https://")));
        // Default prices: H100 from the market (Oct 2024), GB300 from the IREN–Microsoft contract only.
        let h100 = lib.find("H100").unwrap();
        assert_eq!(
            (h100.usd_per_gpu_hour, h100.price_as_of.as_str()),
            (Some(2.0), "2024-10")
        );
        assert_eq!(h100.gpu_tdp_w, Some(700.0));
        assert_eq!(nvl.price_deal.as_deref(), Some("iren-msft"));
        assert_eq!(nvl.usd_per_gpu_hour, None);
        assert!(
            lib.models()
                .iter()
                .filter(|m| m.price_deal.is_some())
                .all(|m| m.name == "GB300 NVL72")
        );
        assert!(
            lib.find("A100")
                .unwrap_err()
                .to_string()
                .contains("a model of the GPU library (")
        );
    }

    #[test]
    fn errors_name_the_line() {
        let text = "name,system,gpus_per_system,system_kw,system_kw_high,gpu_tdp_w,cooling,sources,note\nX,Y,0,1,,,air,s,n\n";
        let e = parse_gpus_csv(text, "g.csv").unwrap_err().to_string();
        assert!(
            e.starts_with("g.csv, line 2: invalid gpus_per_system"),
            "{e}"
        );
    }
}
