//! ganvas: a desktop laboratory for generative adversarial networks.
//!
//! Three rooms with one-way traffic: [`gan`] (the engine), [`worker`] (the training
//! thread) and [`ui`] (the egui views); [`cli`] parses the command line.

pub mod cli;
pub mod gan;
pub mod ui;
pub mod worker;
