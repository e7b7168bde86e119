//! The command line: `ganvas` opens the window, `ganvas train …` trains headless.

pub mod args;
pub mod train;

pub use args::{Cli, Command, TrainArgs};
