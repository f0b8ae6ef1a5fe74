//! The `cms` binary: parse the command line, then hand over to the library.

use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = server::cli::Cli::parse();
    server::telemetry::init();
    match server::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One clear line for operators and scripts.
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
