//! The other two uses of a megawatt — a hosting lease (the landlord's side) and a GPU cloud (the operator's
//! side) — the conversion of a mining site to HPC, the library of real deals, and the three-use comparison.
//!
//! Critical-IT MW and gross (grid) MW are different quantities with different types ([`MwIt`], [`MwGross`]);
//! the only way from one to the other is through a [`Pue`] (gross / IT ratio).

mod capacity;
pub mod compare;
pub mod conversion;
pub mod deals;
pub mod gpu_cloud;
pub mod lease;

pub use capacity::{MwGross, MwIt, Pue};
