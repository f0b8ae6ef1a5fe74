//! County settings: the admin form (brand colour, non-emergency number),
//! who may use it, validation, optimistic locking and audit; the county
//! stylesheet it feeds, and where public pages link it.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod access;
mod saving;
mod stylesheet;
mod validation;

use axum::http::StatusCode;
use domain::{CountyStatus, Role};
use integration_tests::{AuditView, TestApp, both_backends, field_error, hidden_field as hidden};
use persistence::repo::counties;

const SETTINGS: &str = "/admin/derbyshire/settings";
const STYLESHEET: &str = "/assets/county/derbyshire.css";

/// Each county's settings and settings version.
async fn settings_rows(app: &TestApp) -> Vec<String> {
    app.query_strings(
        "SELECT slug || ' | ' || COALESCE(brand_colour, '-') || ' | ' || non_emergency \
         || ' | ' || CAST(settings_version AS TEXT) FROM tenants ORDER BY slug",
    )
    .await
}

/// The county's content version (the public render cache's key).
async fn content_version(app: &TestApp) -> i64 {
    app.count("SELECT content_version FROM tenants WHERE slug = 'derbyshire'")
        .await
}

/// The value of the text input `name` on the page.
fn input_value(body: &str, name: &str) -> Option<String> {
    let at = body.find(&format!("name=\"{name}\""))?;
    let rest = &body[at..];
    let start = rest.find("value=\"")? + "value=\"".len();
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_owned())
}

/// Where the county stylesheet is linked on a page, if it is: (offset of
/// the link, its href).
fn county_stylesheet_link(body: &str) -> Option<(usize, String)> {
    let marker = "<link rel=\"stylesheet\" href=\"/assets/county/";
    let at = body.find(marker)?;
    let start = at + "<link rel=\"stylesheet\" href=\"".len();
    let end = body[start..].find('"')?;
    Some((at, body[start..start + end].to_owned()))
}
