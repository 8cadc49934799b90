//! `docs/scenario.md` and `docs/scenario.schema.json` are generated from the raw scenario types; this test fails
//! when they are stale. Regenerate with `HASHPIVOT_BLESS=1 cargo test -p hashpivot --test it scenario_docs`.

use std::path::Path;

fn check(rel: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel);
    if std::env::var_os("HASHPIVOT_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{rel} is stale: regenerate it with `HASHPIVOT_BLESS=1 cargo test -p hashpivot --test it scenario_docs`"
    );
}

#[test]
fn scenario_reference_is_current() {
    check(
        "docs/scenario.md",
        &hashpivot::scenario::reference_markdown(),
    );
    check(
        "docs/scenario.schema.json",
        &hashpivot::scenario::schema_json(),
    );
}
