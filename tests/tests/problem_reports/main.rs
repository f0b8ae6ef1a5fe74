//! "Report a problem with this information": the form on provider and
//! content pages (no cookie, a signed token, a honeypot), a post with no
//! cookie or session landing in the county's review queue, the refusals
//! (cross-site, bad or expired token, rate limits, drafts, other
//! counties), resolving (audited), the overview's count, nothing of the
//! visitor in the logs or the audit log, and the deletions.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod rate_limits;
mod refusals;
mod resolving;
mod sending;

use std::net::{IpAddr, Ipv4Addr};

use axum::http::StatusCode;
use domain::report::{ReportFields, ReportKind, ReportObject};
use domain::{County, CountyStatus};
use integration_tests::logs::LogCapture;
use integration_tests::{
    NewPage, NewProvider, TestApp, TestClient, TestResponse, both_backends, field_error,
    hidden_field,
};
use persistence::repo::counties;
use persistence::repo::problem_reports::{self, NewReport};
use time::OffsetDateTime;

const PROVIDER_FORM: &str = "/derbyshire/support/safe-and-sound/report";
const PAGE_FORM: &str = "/derbyshire/about/report";

/// `derbyshire` with a published and a draft provider, a published and a
/// draft page; `rutland` with a published provider of its own.
async fn fixtures(app: &TestApp) -> (County, County) {
    let derbyshire = app.with_county("derbyshire").await;
    app.add_provider(
        &derbyshire,
        NewProvider::named("Safe and Sound").summary("Support after exploitation."),
    )
    .await;
    app.add_provider(
        &derbyshire,
        NewProvider::named("Hidden Draft")
            .status("draft")
            .summary("Support after exploitation."),
    )
    .await;
    app.add_published_page(&derbyshire, NewPage::new("about", "The about page"))
        .await;
    app.add_page(&derbyshire, NewPage::new("unready", "The unready page"))
        .await;
    let rutland = app.with_county("rutland").await;
    app.add_provider(
        &rutland,
        NewProvider::named("Rutland Help").summary("Support after exploitation."),
    )
    .await;
    (derbyshire, rutland)
}

/// The form's token, read from the form page as a browser would.
async fn token(client: &mut TestClient, form: &str) -> String {
    let page = client.get(form).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    hidden_field(&page.body, "token").unwrap()
}

/// Fetches a token and sends a report, as a browser would.
async fn report(client: &mut TestClient, form: &str, text: &str, contact: &str) -> TestResponse {
    let token = token(client, form).await;
    let fields = [
        ("kind", "outdated"),
        ("text", text),
        ("contact", contact),
        ("website", ""),
        ("token", token.as_str()),
    ];
    client
        .post_form_with(form, &fields, &[("sec-fetch-site", "same-origin")])
        .await
}

async fn stored(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM problem_reports").await
}

async fn counted(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM report_submissions").await
}

fn from(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(203, 0, 113, last))
}

/// How long a form's token holds (`public::report::TOKEN_TTL_SECS`).
fn web_ttl() -> i64 {
    4 * 3600
}
