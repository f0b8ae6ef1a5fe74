//! A county's overview, its dashboard: what needs attention (reviews due,
//! commissioning ending, pages not yet public) and the latest changes, for
//! every member of the county, with links to the county's sections.
//!
//! Each list is one county-scoped query. Times are shown on the London
//! clock, as everywhere the editors plan by date.

use crate::pages::page_href;
use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use domain::commissioning::{iso_date, london_date, long_date};
use domain::page::{HOME_SLUG, london_time};
use domain::provider::review::reviewed_before_bound;
use domain::provider::{review_due, review_due_at};
use domain::{AuditEvent, Note, Page, ProviderStatus};
use persistence::repo::providers::ReviewCandidate;
use persistence::repo::{audit, commissioning, pages, problem_reports, providers};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use web::AppError;

use crate::CountyAccess;
use crate::call::Call;
use crate::view::{CountyChrome, county_chrome};

/// How far ahead reviews count as due soon.
const REVIEW_NOTICE_DAYS: i64 = 30;
/// How far ahead a note's end counts as soon.
const ENDING_NOTICE_DAYS: i64 = 90;
/// How far back a note's end is still worth a mention.
const ENDED_NOTICE_DAYS: i64 = 30;
/// The most rows a list shows; the rest are a link away.
const LIST_LIMIT: usize = 10;
/// How many events "Recent changes" shows.
const RECENT_EVENTS: u64 = 10;
/// The kinds of object whose events the overview shows: the county's
/// content and the county itself. Sign-ins and user management stay in the
/// audit log, which only county admins read.
const CONTENT_OBJECTS: [&str; 5] = ["provider", "category", "note", "page", "tenant"];

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new().get("/admin/{t}", Access::Member, show_county)
}

/// A provider whose review is due.
struct ReviewRow {
    href: String,
    name: String,
    status: &'static str,
    /// "Never reviewed", or the London date the review is (was) due.
    due: String,
    /// `YYYY-MM-DD`, empty when never reviewed.
    due_iso: String,
}

/// A list that may be longer than it shows.
struct Shown<T> {
    rows: Vec<T>,
    /// How many there are in all.
    total: usize,
}

impl<T> Shown<T> {
    fn of(mut all: Vec<T>) -> Self {
        let total = all.len();
        all.truncate(LIST_LIMIT);
        Self { rows: all, total }
    }

    fn more(&self) -> usize {
        self.total - self.rows.len()
    }
}

struct NoteRow {
    href: String,
    service: String,
    provider: Option<String>,
    ends: String,
    ends_iso: String,
}

struct PageRow {
    href: String,
    title: String,
    path: String,
    state: &'static str,
    updated: String,
    updated_iso: String,
    updated_by: Option<String>,
}

struct ScheduledRow {
    href: String,
    title: String,
    path: String,
    at: String,
    at_iso: String,
}

struct EventRow {
    when: String,
    iso: String,
    actor: String,
    summary: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/county.html")]
struct CountyPage {
    chrome: CountyChrome,
    role_label: String,
    can_administer: bool,
    suspended: bool,
    overdue: Shown<ReviewRow>,
    due_soon: Shown<ReviewRow>,
    ending: Vec<NoteRow>,
    ended: Vec<NoteRow>,
    drafts: Shown<PageRow>,
    scheduled: Vec<ScheduledRow>,
    events: Vec<EventRow>,
    /// Visitors' reports not yet resolved.
    open_reports: u64,
}

/// GET /admin/{t}: the county's dashboard: reviews due, notes ending, draft
/// and scheduled pages, open reports and the latest changes.
async fn show_county(call: Call) -> Result<CountyPage, AppError> {
    let (state, county) = (&call.state, &call.county);
    let now = OffsetDateTime::now_utc();
    let id = county.id;
    let period = county.review_period_months;
    let horizon = now + Duration::days(REVIEW_NOTICE_DAYS);
    let reviews =
        providers::reviewed_before(&state.db, id, reviewed_before_bound(horizon, period)).await?;
    let today = london_date(now);
    let notes = commissioning::ending_between(
        &state.db,
        id,
        today - Duration::days(ENDED_NOTICE_DAYS),
        today + Duration::days(ENDING_NOTICE_DAYS),
    )
    .await?;
    let unpublished = pages::with_drafts(&state.db, id).await?;
    let events = audit::recent_for_county(&state.db, id, &CONTENT_OBJECTS, RECENT_EVENTS).await?;
    let open_reports = problem_reports::open_count(&state.db, id).await?;

    let (overdue, due_soon) = review_rows(county, reviews, period, now, horizon);
    let (ended, ending): (Vec<Note>, Vec<Note>) = notes
        .into_iter()
        .partition(|n| n.fields.ends_on.is_some_and(|end| end < today));
    let (scheduled, drafts): (Vec<Page>, Vec<Page>) = unpublished
        .into_iter()
        .partition(|p| p.publish_at.is_some());
    Ok(CountyPage {
        chrome: county_chrome(county).await?,
        role_label: county.role.label().to_lowercase(),
        can_administer: county.role.can_administer(),
        suspended: !county.is_active(),
        overdue: Shown::of(overdue),
        due_soon: Shown::of(due_soon),
        // Ended notes: the latest end first, the one most likely remembered.
        ended: ended.iter().rev().map(|n| note_row(county, n)).collect(),
        ending: ending.iter().map(|n| note_row(county, n)).collect(),
        drafts: Shown::of(drafts.iter().map(|p| page_row(county, p)).collect()),
        scheduled: scheduled_rows(county, scheduled),
        events: events.into_iter().map(event_row).collect(),
        open_reports,
    })
}

/// The providers overdue at `now` (never reviewed first, then the longest
/// overdue) and those due by `horizon` (soonest first). The query's bound
/// is generous: the rule decides here.
fn review_rows(
    county: &CountyAccess,
    mut found: Vec<ReviewCandidate>,
    period: u32,
    now: OffsetDateTime,
    horizon: OffsetDateTime,
) -> (Vec<ReviewRow>, Vec<ReviewRow>) {
    found.retain(|p| review_due(p.reviewed_at, period, horizon));
    found.sort_by(|a, b| {
        review_due_at(a.reviewed_at, period)
            .cmp(&review_due_at(b.reviewed_at, period))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let (overdue, soon): (Vec<_>, Vec<_>) = found
        .into_iter()
        .partition(|p| review_due(p.reviewed_at, period, now));
    let row = |p: ReviewCandidate| {
        let due = review_due_at(p.reviewed_at, period).map(london_date);
        ReviewRow {
            href: format!("/admin/{}/providers/{}", county.slug, p.id),
            name: p.name,
            status: match p.status {
                ProviderStatus::Published => "",
                status => status.label(),
            },
            due: due.map_or_else(|| "Never reviewed".to_owned(), long_date),
            due_iso: due.map(iso_date).unwrap_or_default(),
        }
    };
    (
        overdue.into_iter().map(row).collect(),
        soon.into_iter().map(row).collect(),
    )
}

/// A note as the dashboard lists it.
fn note_row(county: &CountyAccess, note: &Note) -> NoteRow {
    NoteRow {
        href: format!("/admin/{}/notes/{}", county.slug, note.id),
        service: note.fields.service.clone(),
        provider: note.provider_name.clone(),
        ends: note.fields.ends_on.map(long_date).unwrap_or_default(),
        ends_iso: note.fields.ends_on.map(iso_date).unwrap_or_default(),
    }
}

/// Where the public will see the page.
fn public_path(county: &CountyAccess, page: &Page) -> String {
    if page.slug.as_str() == HOME_SLUG {
        format!("/{}/", county.slug)
    } else {
        format!("/{}/{}", county.slug, page.slug)
    }
}

/// A page as the dashboard lists it.
fn page_row(county: &CountyAccess, page: &Page) -> PageRow {
    PageRow {
        href: page_href(county, page),
        title: page.title().to_owned(),
        path: public_path(county, page),
        state: if page.published.is_some() {
            "Changes to the published page"
        } else {
            "New page, never published"
        },
        updated: london_time(page.updated_at),
        updated_iso: iso_instant(page.updated_at),
        updated_by: page.updated_by_name.clone(),
    }
}

/// Scheduled pages, the next to be published first.
fn scheduled_rows(county: &CountyAccess, mut pages: Vec<Page>) -> Vec<ScheduledRow> {
    pages.sort_by_key(|p| p.publish_at);
    pages
        .iter()
        .filter_map(|p| {
            let at = p.publish_at?;
            Some(ScheduledRow {
                href: page_href(county, p),
                title: p.title().to_owned(),
                path: public_path(county, p),
                at: london_time(at),
                at_iso: iso_instant(at),
            })
        })
        .collect()
}

/// An instant for a `datetime` attribute, to the second (HTML allows at
/// most three decimals).
fn iso_instant(at: OffsetDateTime) -> String {
    at.replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// An audit event as the dashboard lists it: its summary, or its action
/// when it has none.
fn event_row(event: AuditEvent) -> EventRow {
    EventRow {
        when: london_time(event.created_at),
        iso: iso_instant(event.created_at),
        actor: event.actor_label,
        summary: if event.summary.is_empty() {
            event.action
        } else {
            event.summary
        },
    }
}
