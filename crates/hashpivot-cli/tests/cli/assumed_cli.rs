//! A scenario that leaves out `[market]`, or part of it, is warned about by `validate` and `run`, each default
//! named with its figure (it used to price an index site at a flat $40/MWh and print P5 = P50 = P95 silently).

use crate::common;

#[test]
fn an_omitted_market_is_warned_about_with_the_defaults_used() {
    let text = std::fs::read_to_string(common::examples().join("pure_miner.toml")).unwrap();
    let without = text.split("[market]").next().unwrap();
    let (dir, f) = common::dir_with("bare.toml", without);
    for cmd in ["validate", "run --paths 20"] {
        let out = common::hashpivot(dir.path())
            .args(common::words(cmd))
            .arg(&f)
            .output()
            .unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        for part in ["btc_price", "hashrate", "fees", "power"] {
            assert!(
                stderr.contains(&format!("warning: [market] {part} omitted: ")),
                "{cmd}: {stderr}"
            );
        }
        assert!(
            stderr.contains("every hub at a flat 40 USD/MWh every hour, no volatility"),
            "{stderr}"
        );
    }
    // A whole [market] warns of nothing.
    let out = common::hashpivot(dir.path())
        .arg("validate")
        .arg(common::examples().join("pure_miner.toml"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}
