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
