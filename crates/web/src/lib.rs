//! Shared HTTP plumbing under both faces (`admin` and `public`): the
//! application state, the one error type and its pages, security
//! headers, CSRF, sessions and sign-in state, client addresses, password
//! hashing, static assets, the render cache, the county snapshot and the
//! page renderer.
//!
//! Owns: turning errors into status codes (`AppError` is the only place),
//! and everything both faces need alike.
//!
//! Must never: define a route of either face, or depend on `admin` or
//! `public`.

pub mod assets;
pub mod auth;
pub mod client;
pub mod clock;
pub mod county_reads;
pub mod county_snapshot;
pub mod csrf;
pub mod error;
pub mod flash;
pub mod headers;
pub mod markdown;
pub mod page_render;
pub mod passwords;
pub mod render_cache;
pub mod session_layer;
pub mod state;
pub mod views;

pub use auth::CurrentUser;
pub use client::ClientAddr;
pub use clock::Clock;
pub use csrf::{CsrfForm, EmptyForm};
pub use error::{AppError, Refusal};
pub use state::{AppState, WebConfig};

/// The neutral site that "Exit this page" leads to (the GOV.UK pattern).
pub const DEFAULT_EXIT_URL: &str = "https://www.bbc.co.uk/weather";
