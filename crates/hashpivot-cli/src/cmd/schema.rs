//! `hashpivot schema`: the JSON Schema of scenario files (for editors), or `--markdown` for the field reference.

use crate::output;
use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the Markdown field reference (docs/scenario.md) instead of the JSON Schema.
    #[arg(long)]
    pub markdown: bool,
}

pub fn run(args: SchemaArgs) -> Result<()> {
    if args.markdown {
        output::print_raw(&hashpivot::scenario::reference_markdown())
    } else {
        output::print_raw(&hashpivot::scenario::schema_json())
    }
}
