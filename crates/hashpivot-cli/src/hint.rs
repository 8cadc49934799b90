//! The CLI's words for the core's [`Hint`]s: the command that helps, appended to the core's error message.

use hashpivot::error::Hint;

/// The command-naming text of a hint, e.g. "import data that covers it with `hashpivot data import ...`".
fn text(h: Hint) -> String {
    match h {
        Hint::ImportCovering { kind } => {
            format!(
                "import data that covers it with `hashpivot data import --kind {kind} FILE.csv`"
            )
        }
        Hint::ImportMore { kind } => {
            format!("import more with `hashpivot data import --kind {kind} FILE.csv`")
        }
        Hint::ImportMissingHours { kind } => {
            format!("import the missing hours with `hashpivot data import --kind {kind} FILE.csv`")
        }
        Hint::ListAsics => "`hashpivot asics` lists the library".to_string(),
        // A hint this CLI does not word yet adds nothing.
        _ => String::new(),
    }
}

/// "; " and the hint's text, or nothing when the error has no hint.
pub fn suffix(hint: Option<Hint>) -> String {
    match hint.map(text) {
        Some(t) if !t.is_empty() => format!("; {t}"),
        _ => String::new(),
    }
}

/// A core error's message with the CLI's hint appended, as the user reads it.
pub fn with_hint(e: &hashpivot::Error) -> String {
    format!("{e}{}", suffix(e.hint()))
}

/// An error as the user reads it after `error: `: the whole chain of context on one line, then the core's hint
/// (the binary prints it on stderr; the Python package raises it as `HashpivotError`).
pub fn message(e: &anyhow::Error) -> String {
    format!("{e:#}{}", suffix(of_chain(e)))
}

/// The hint of the first core error in an error's chain of causes.
pub fn of_chain(e: &anyhow::Error) -> Option<Hint> {
    e.chain()
        .find_map(|c| c.downcast_ref::<hashpivot::Error>())
        .and_then(hashpivot::Error::hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_name_the_command() {
        assert_eq!(
            suffix(Some(Hint::ImportCovering { kind: "network" })),
            "; import data that covers it with `hashpivot data import --kind network FILE.csv`"
        );
        assert_eq!(
            suffix(Some(Hint::ListAsics)),
            "; `hashpivot asics` lists the library"
        );
        assert_eq!(suffix(None), "");
    }

    #[test]
    fn the_hint_follows_the_core_error_under_context() {
        let core = hashpivot::Error::UnknownAsic {
            name: "Z99".into(),
            suggestions: vec![],
        };
        let e = anyhow::Error::from(core).context("fleet");
        assert_eq!(
            message(&e),
            "fleet: unknown ASIC model 'Z99'; `hashpivot asics` lists the library"
        );
        let plain = anyhow::anyhow!("no core error here");
        assert_eq!(of_chain(&plain), None);
    }
}
