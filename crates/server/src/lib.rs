//! The `cms` program: settings, the command line, router composition, the
//! scheduler, the demo county and graceful shutdown. Everything `main`
//! calls lives here so tests can call it.
//!
//! Owns: start-up and shut-down, and the command line's names (CONTRACT.md).
//!
//! Must never: hold request handling of its own (routes belong to `admin`
//! and `public`), or write to the database except through `persistence`'s
//! repositories and their audit events.

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
