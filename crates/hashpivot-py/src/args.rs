//! Python arguments → the CLI's: keyword arguments become `--flag=value` (underscores as dashes), and clap
//! parses them into the command's own argument struct, so defaults, ranges and their error messages are the
//! CLI's.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyTuple};

/// A command's arguments parsed alone, as `hashpivot <command>` would.
#[derive(clap::Parser)]
struct One<A: clap::Args> {
    #[command(flatten)]
    args: A,
}

/// Parses `argv` (its first item names the command, e.g. `hashpivot run`) into the command's arguments; a
/// refusal is clap's message without its `error: ` prefix, as the CLI prints it.
pub fn parse<A: clap::Args>(argv: Vec<String>) -> anyhow::Result<A> {
    <One<A> as clap::Parser>::try_parse_from(argv)
        .map(|one| one.args)
        .map_err(|e| {
            // The first paragraph: clap's usage and `--help` tips name the command line, not the function.
            let text = e.render().to_string();
            let first = text.split("\n\n").next().unwrap_or_default();
            anyhow::anyhow!("{}", first.trim().trim_start_matches("error: "))
        })
}

/// The flag of a keyword argument: `power_usd_per_mwh` → `--power-usd-per-mwh`; a trailing underscore, which
/// Python needs for a keyword such as `from`, is dropped (`from_` → `--from`).
fn flag(name: &str) -> String {
    format!("--{}", name.trim_end_matches('_').replace('_', "-"))
}

/// Appends one keyword argument: `True` is the bare flag, `False` and `None` are left out, a list or tuple
/// repeats the flag, anything else is `--flag=str(value)`.
fn push(argv: &mut Vec<String>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let flag = flag(name);
    if value.is_none() {
        return Ok(());
    }
    if let Ok(b) = value.cast::<PyBool>() {
        if b.is_true() {
            argv.push(flag);
        }
        return Ok(());
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        for item in value.try_iter()? {
            argv.push(format!("{flag}={}", item?.str()?));
        }
        return Ok(());
    }
    argv.push(format!("{flag}={}", value.str()?));
    Ok(())
}

/// `hashpivot <command> <positional>... --flag=value... --json`.
pub fn argv(
    command: &str,
    positional: &[String],
    named: &[(&str, &Bound<'_, PyAny>)],
    flags: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<String>> {
    let mut argv = vec![format!("hashpivot {command}")];
    argv.extend(positional.iter().cloned());
    for (name, value) in named {
        push(&mut argv, name, value)?;
    }
    if let Some(flags) = flags {
        for (k, v) in flags.iter() {
            push(&mut argv, &k.extract::<String>()?, &v)?;
        }
    }
    argv.push("--json".into());
    Ok(argv)
}
