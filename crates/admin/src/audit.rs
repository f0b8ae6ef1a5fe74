//! The audit logs: a county's (county admins) and the platform's (platform
//! admins). Read-only: there is no route that changes or deletes an event.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Query;
use domain::AuditEvent;
use domain::text::escape_controls;
use persistence::repo::{audit, refusals};
use serde::Deserialize;
use std::collections::HashMap;
use time::format_description::well_known::Rfc3339;
use web::views::AdminChrome;
use web::{AppError, AppState};

use crate::access::require_platform_admin;
use crate::call::{Call, Signed};
use crate::view::{chrome, county_chrome};

const PER_PAGE: u64 = 50;

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/audit", Access::CountyAdmin, show_county_audit)
        .get("/admin/audit", Access::PlatformAdmin, show_platform_audit)
}

#[derive(Deserialize)]
struct PageQuery {
    page: Option<String>,
}

impl PageQuery {
    /// The page asked for; anything unreadable is the first page.
    fn number(&self) -> u64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse::<u64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }
}

struct EventRow {
    iso: String,
    when: String,
    actor: String,
    action: String,
    summary: String,
    object: String,
    changed: String,
    client: String,
    /// For a refused request: how many times it was refused within the
    /// minute this event stands for, when more than once.
    repeats: Option<i32>,
}

/// An event's time in the UK, to the second, with the zone it was in:
/// "28 Nov 2026, 14:03:07 GMT" (or BST in summer).
fn uk_time(at: time::OffsetDateTime) -> String {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
        .map(|t| {
            t.with_timezone(&chrono_tz::Europe::London)
                .format("%d %b %Y, %H:%M:%S %Z")
                .to_string()
        })
        .unwrap_or_default()
}

/// An event as shown. Labels are stored escaped; they are escaped again
/// here so that rows written before that rule cannot reach the page raw.
fn row(event: AuditEvent, counts: &HashMap<uuid::Uuid, i32>) -> EventRow {
    EventRow {
        iso: event.created_at.format(&Rfc3339).unwrap_or_default(),
        when: uk_time(event.created_at),
        actor: escape_controls(&event.actor_label),
        repeats: counts.get(&event.id).copied().filter(|n| *n > 1),
        action: escape_controls(&event.action),
        summary: escape_controls(&event.summary),
        object: escape_controls(&match (event.object_type, event.object_id) {
            (Some(kind), Some(id)) => format!("{kind} {id}"),
            (Some(kind), None) => kind,
            _ => String::new(),
        }),
        changed: escape_controls(&event.changed_fields.join(", ")),
        client: escape_controls(&event.client_addr.unwrap_or_default()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    chrome: AdminChrome,
    heading: String,
    events: Vec<EventRow>,
    total: u64,
    page: u64,
    pages: u64,
    has_prev: bool,
    has_next: bool,
}

/// One page of the audit log under `heading`.
async fn audit_page(
    state: &AppState,
    chrome: AdminChrome,
    heading: String,
    found: audit::AuditPage,
) -> Result<AuditPage, AppError> {
    let page = found.page;
    let pages = found.total.div_ceil(PER_PAGE).max(1);
    let refused: Vec<uuid::Uuid> = found
        .events
        .iter()
        .filter(|e| e.action.starts_with("security."))
        .map(|e| e.id)
        .collect();
    let counts = refusals::counts(&state.db, &refused).await?;
    Ok(AuditPage {
        chrome,
        heading,
        events: found.events.into_iter().map(|e| row(e, &counts)).collect(),
        total: found.total,
        page,
        pages,
        has_prev: page > 1,
        has_next: page < pages,
    })
}

/// GET /admin/{t}/audit: the county's log, newest first, 50 a page.
async fn show_county_audit(
    call: Call,
    Query(query): Query<PageQuery>,
) -> Result<AuditPage, AppError> {
    let (state, county) = (&call.state, &call.county);
    county.require_admin()?;
    let page = query.number();
    let found = audit::list_for_county(&state.db, county.id, page, PER_PAGE).await?;
    audit_page(
        state,
        county_chrome(county).await?.into_admin(),
        format!("Audit log of {}", county.name),
        found,
    )
    .await
}

/// GET /admin/audit: the platform's log, newest first, 50 a page.
async fn show_platform_audit(
    call: Signed,
    Query(query): Query<PageQuery>,
) -> Result<AuditPage, AppError> {
    require_platform_admin(&call.current)?;
    let page = query.number();
    let found = audit::list_platform(&call.state.db, page, PER_PAGE).await?;
    audit_page(
        &call.state,
        chrome(&call.current).await?,
        "Platform log".to_owned(),
        found,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::uk_time;
    use time::macros::datetime;

    #[test]
    fn times_are_shown_in_the_uk_with_their_zone() {
        assert_eq!(
            uk_time(datetime!(2026-11-28 14:03:07 UTC)),
            "28 Nov 2026, 14:03:07 GMT"
        );
        assert_eq!(
            uk_time(datetime!(2026-07-01 08:30:00 UTC)),
            "01 Jul 2026, 09:30:00 BST"
        );
    }
}
