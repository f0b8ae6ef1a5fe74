//! The county's review queue of visitors' reports ("Report a problem with
//! this information", `public::report`): open reports first, each with the
//! provider or page it is about (its edit form and its public page), then
//! the latest resolved ones. Any member may mark a report resolved; that
//! is audited as `report.resolved` with the object, never the visitor's
//! contact detail or text.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Redirect, Response};
use domain::page::{HOME_SLUG, london_time};
use domain::report::ReportObject;
use persistence::begin_write;
use persistence::repo::problem_reports::{self as repo, Report};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;
use web::EmptyForm;
use web::{AppError, flash};

use crate::CountyAccess;
use crate::call::Call;
use crate::view::{CountyChrome, county_chrome, county_event};
use crate::write::{Written, finish};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/reports", Access::Member, list_reports)
        .post(
            "/admin/{t}/reports/{id}/resolve",
            Access::Member,
            resolve_report,
        )
}

/// One report as listed.
struct ReportRow {
    id: String,
    about: String,
    /// "Provider" or "Page".
    about_kind: &'static str,
    edit_href: String,
    public_href: String,
    kind: &'static str,
    text: String,
    contact: String,
    when: String,
    when_iso: String,
    /// "Resolved 4 March 2026 10:00 by …", for resolved ones.
    resolved: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/reports.html")]
struct ReportsPage {
    chrome: CountyChrome,
    open: Vec<ReportRow>,
    resolved: Vec<ReportRow>,
    resolved_limit: u64,
}

/// A unix second as an instant.
fn instant(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// A report as the queue lists it, with links to what it is about.
fn row(county: &CountyAccess, report: &Report) -> ReportRow {
    let t = &county.slug;
    let (about_kind, edit_href, public_href) = match report.object {
        ReportObject::Provider => (
            "Provider",
            format!("/admin/{t}/providers/{}", report.object_id),
            format!("/{t}/support/{}", report.object_slug),
        ),
        ReportObject::Page => (
            "Page",
            format!("/admin/{t}/pages/{}", report.object_id),
            if report.object_slug == HOME_SLUG {
                format!("/{t}/")
            } else {
                format!("/{t}/{}", report.object_slug)
            },
        ),
    };
    let at = instant(report.created_at);
    ReportRow {
        id: report.id.to_string(),
        about: report.object_name.clone(),
        about_kind,
        edit_href,
        public_href,
        kind: report.kind.label(),
        text: report.text.clone(),
        contact: report.contact.clone(),
        when: london_time(at),
        when_iso: at.format(&Rfc3339).unwrap_or_default(),
        resolved: report.resolved_at.map(|secs| {
            let by = report.resolved_by.as_deref().unwrap_or("someone");
            format!("Resolved {} by {by}", london_time(instant(secs)))
        }),
    }
}

/// GET /admin/{t}/reports: the county's review queue.
async fn list_reports(call: Call) -> Result<ReportsPage, AppError> {
    let county = &call.county;
    let (open, resolved) = repo::list(&call.state.db, county.id).await?;
    let chrome = county_chrome(county).await?;
    Ok(ReportsPage {
        chrome,
        open: open.iter().map(|r| row(county, r)).collect(),
        resolved: resolved.iter().map(|r| row(county, r)).collect(),
        resolved_limit: repo::RESOLVED_LISTED,
    })
}

/// POST /admin/{t}/reports/{id}/resolve: marks a report resolved, audited
/// as `report.resolved`; one resolved already is only said to be.
async fn resolve_report(call: Call<Uuid, EmptyForm>) -> Result<Response, AppError> {
    let (state, county, client, id) = (&call.state, &call.county, call.client, call.id);
    let report = repo::find(&state.db, county.id, id).await?;
    let now = state.clock.now().unix_timestamp();
    let txn = begin_write(&state.db).await?;
    let by = county.current.user.email.clone();
    let next = format!("/admin/{}/reports", county.slug);
    let about = &report.object_name;
    if !repo::resolve(&txn, county.id, id, &by, now).await? {
        persistence::rollback(txn).await?;
        let message = format!("The report about {about} was already resolved.");
        flash::set(&county.current.session, message).await?;
        return Ok(Redirect::to(&next).into_response());
    }
    let object = report.object.as_str();
    let object_id = Some(report.object_id.to_string());
    let mut event = county_event(county, "report.resolved", object, object_id, client);
    event.summary = format!(
        "resolved a report about the {object} {about} ({})",
        report.kind.label().to_lowercase()
    );
    let flash = format!("The report about {about} is resolved.");
    finish(txn, &county.current.session, Written { event, flash, next }).await
}
