//! `hashpivot power …`: power-market questions beyond one site's dispatch.

#[derive(Debug, clap::Subcommand)]
pub enum PowerCommand {
    /// Who outbids whom for power: each use's willingness to pay per MWh (mining by J/TH tier at each day's
    /// hashprice, a hosting lease, a GPU cloud) against a hub's real hourly prices.
    Bid(super::power_bid::BidArgs),
}

pub fn run(c: PowerCommand) -> anyhow::Result<()> {
    match c {
        PowerCommand::Bid(a) => super::power_bid::run(&a),
    }
}
