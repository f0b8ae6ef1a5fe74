//! The `cms` server: settings, the command line, router composition and
//! graceful shutdown. Everything `main` calls lives here so tests can call it.

pub mod app;
pub mod cli;
pub mod demo;
pub mod scheduler;
pub mod settings;
pub mod telemetry;

pub use app::{build_router, build_state};
pub use settings::Settings;

/// What the `cms` binary does: parse the command line, run it, and print
/// any error as one line for operators and scripts.
pub async fn main_entry() -> std::process::ExitCode {
    use clap::Parser;
    let cli = cli::Cli::parse();
    telemetry::init();
    match cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
