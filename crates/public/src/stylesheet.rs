//! `GET /assets/county/{t}.css`: a county's colours as CSS custom
//! properties, linked after site.css on every page of its site. The strict
//! CSP allows no inline style, so the colours come as a stylesheet of their
//! own (`assets` is a reserved county slug: no clash with a county's pages).
//!
//! Pages link it as `…/{t}.css?v={settings_version}`. When `v` is the
//! current settings version the answer may be kept for a year (a new colour
//! is a new URL); any other `v`, or none, gets `no-cache`, so an old or
//! guessed URL never pins a colour. Either way it carries a strong `ETag`
//! and `If-None-Match` gets 304.

use std::fmt::Write;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use domain::{County, Palette};
use web::render_cache;
use web::{AppError, AppState};

/// `/assets/county/{t}.css`.
pub fn router() -> Router<AppState> {
    Router::new().route("/assets/county/{file}", get(county_stylesheet))
}

/// How long a browser may keep the stylesheet of a versioned URL.
const VERSIONED: &str = "public, max-age=31536000, immutable";

async fn county_stylesheet(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let slug = file.strip_suffix(".css").ok_or(AppError::NotFound)?;
    let county = crate::active_county(&state, slug).await?;
    let current = county.settings_version.to_string();
    let versioned = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .any(|(key, value)| key == "v" && value == current.as_str());
    Ok(render_cache::respond_body(
        county_css(&county),
        &headers,
        "text/css; charset=utf-8",
        if versioned { VERSIONED } else { "no-cache" },
    ))
}

/// The stylesheet of a county: its palette on `:root`, or nothing but a
/// comment when it keeps the platform's colours.
#[must_use]
pub fn county_css(county: &County) -> String {
    // The name is the county's own text: keep it out of the CSS, where a
    // `*/` would end the comment. The slug is letters, digits and hyphens.
    let mut css = format!("/* Colours of the county {} */\n", county.slug);
    match county.brand_colour {
        None => css.push_str("/* The platform's colours (site.css) apply. */\n"),
        Some(brand) => {
            let palette = Palette::of(brand);
            // Colours are written from parsed values (`#rrggbb`), never from
            // stored text.
            let _ = write!(
                css,
                ":root {{\n  --brand: {};\n  --link-colour: {};\n  --link-hover: {};\n}}\n",
                palette.brand, palette.link, palette.link_hover
            );
        }
    }
    css
}
