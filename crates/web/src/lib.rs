//! Shared HTTP plumbing for the admin and public routers: the application
//! state, the one error type and its pages, security headers, CSRF, sessions
//! and sign-in state, client addresses, password hashing and static assets;
//! and what both faces draw alike, such as the content-page renderer
//! (`page_render`, used by the public pages and the editor's preview), so
//! that `admin` never depends on `public`.
//!
//! Invariant: this is the only place where errors become status codes.

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
