//! How a model is named in a hardware library (ASICs, GPUs): names compare ignoring case, spaces and
//! punctuation ("S21 XP" = "s21xp"), but a `+` counts ("S19j Pro+" is not "S19j Pro"). The data rebuild
//! (`xtask`) matches raw sources' names with the same rule.

use crate::error::{Error, Result};

/// The comparable form of a model name: ASCII letters and digits lower-cased, and `+`; everything else dropped.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The comparable form of an ASIC model name without its maker's brand ("Antminer S19 Pro" and "S19 Pro" both
/// give "s19pro").
pub fn without_brand(name: &str) -> String {
    let n = normalize(name);
    for p in ["antminer", "whatsminer", "avalonminer", "avalon"] {
        if let Some(rest) = n.strip_prefix(p) {
            return rest.to_string();
        }
    }
    n
}

/// Refuses a library in which two models have the same comparable name, naming the second one.
pub(crate) fn each_once<'a>(library: &str, names: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for name in names {
        if !seen.insert(normalize(name)) {
            return Err(Error::invalid(library, name, "each model once"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_spaces_and_punctuation_but_with_plus() {
        assert_eq!(normalize("Antminer S21 XP"), "antminers21xp");
        assert_eq!(normalize("S19j Pro+"), "s19jpro+");
        assert_eq!(without_brand("Antminer S19 Pro"), "s19pro");
        assert_eq!(without_brand("S19 Pro"), "s19pro");
        assert_eq!(without_brand("AvalonMiner 1166"), "1166");
        assert_eq!(without_brand("Avalon 1166"), "1166");
        assert_eq!(without_brand("Whatsminer M30S++"), "m30s++");
        assert!(each_once("GPU library", ["H100 SXM", "B200"]).is_ok());
        assert_eq!(
            each_once("GPU library", ["H100 SXM", "B200", "h100-sxm"])
                .unwrap_err()
                .to_string(),
            "invalid GPU library: found h100-sxm, expected each model once"
        );
    }
}
