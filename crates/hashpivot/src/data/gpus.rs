//! The GPU library: `data/gpus.csv`.

use super::{column, opt_f64, parse_err, reader};
use crate::error::Result;
use crate::hpc::gpu_cloud::{GpuLibrary, GpuModel};

/// `data/gpus.csv`.
pub const GPUS_CSV: &str = include_str!("../../../../data/gpus.csv");

/// Parses `name, system, gpus_per_system, system_kw, system_kw_high, gpu_tdp_w, cooling, sources, note`.
pub fn parse_gpus_csv(text: &str, origin: &str) -> Result<GpuLibrary> {
    let mut rdr = reader(text);
    let headers = rdr
        .headers()
        .map_err(|e| parse_err(origin, 1, e.to_string()))?
        .clone();
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
        assert!(
            lib.find("A100")
                .unwrap_err()
                .to_string()
                .contains("hashpivot gpus")
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
