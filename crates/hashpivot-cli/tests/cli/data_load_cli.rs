//! Loading in proportion to what a command needs: `dispatch` reads only the rows of an imported power file
//! within two days of the hours it asks for (docs/data.md has the figures of a 180 MB import).

use crate::common;

#[test]
fn dispatch_parses_only_the_imported_rows_of_its_hours() {
    let data = tempfile::tempdir().unwrap();
    let mut text = String::from("hour_start_utc,HB_A\n");
    for h in 0..24 {
        text.push_str(&format!("2026-06-02T{h:02}:00Z,{}\n", 10 + h));
    }
    let f = common::file_in(data.path(), "p.csv", &text);
    common::run(
        data.path(),
        "data import --kind power --market da",
        Some(&f),
    )
    .success();
    // A damaged row far from the hours asked for is never read; one within them is reported.
    let stored = data.path().join("imports/1-power_da.csv");
    let mut s = std::fs::read_to_string(&stored).unwrap();
    s.push_str("2015-01-01T00:00Z,abc\n");
    std::fs::write(&stored, &s).unwrap();
    let line = "dispatch --hub HB_A --utc-days --market da --mw 10 --j-per-th 20 --hashprice-usd-per-ph-day 50 --json";
    let v: serde_json::Value = serde_json::from_str(&common::stdout_of(
        data.path(),
        &[
            common::words(line),
            vec!["--from", "2026-06-02", "--to", "2026-06-02"],
        ]
        .concat(),
    ))
    .unwrap();
    assert_eq!(v["power_cost_usd"], 5160.0);
    common::fails_with(
        data.path(),
        &format!("{line} --from 2015-01-01 --to 2015-01-01"),
        "abc",
    );
}
