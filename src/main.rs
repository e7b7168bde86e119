//! The ganvas binary: the window by default, `ganvas train` for headless runs.

use clap::Parser as _;
use ganvas::cli::{Cli, Command};

/// mimalloc reuses freed buffers instead of mapping fresh pages for every 128 KB
/// activation tensor, which glibc's malloc does: ~20% more training steps per second.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ganvas::allocator::keep_freed_pages();
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Train(args)) => ganvas::cli::train::run(args).map(|_| ()),
        Some(Command::TrainClassifier { out, seed }) => {
            ganvas::gan::mnist::classifier::DigitClassifier::train_and_save(out, *seed)
                .map(|accuracy| {
                    println!(
                        "wrote {} (held-out accuracy {:.2}%)",
                        out.display(),
                        100.0 * accuracy
                    );
                })
                .map_err(anyhow::Error::from)
        }
        None => ganvas::ui::run_window(&cli.window),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => std::process::ExitCode::SUCCESS, // `| head`
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
