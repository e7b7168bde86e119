//! The ganvas binary: the window by default, `ganvas train` for headless runs.

use clap::Parser as _;
use ganvas::cli::{Cli, Command};

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Train(args)) => ganvas::cli::train::run(args).map(|_| ()),
        None => ganvas::ui::run_window(&cli.window),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
