//! Editors and county admins: the county's content pages. Saving makes a
//! new draft revision; publishing makes the draft live; a draft can be
//! previewed, scheduled, compared with any other revision, and an old
//! revision restored as a new draft. Every change names the `version` it
//! was based on: a stale one changes nothing and answers 409.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::page::{Embed, london_input, london_time, parse_publish_at, validate};
use domain::{NewAuditEvent, Page, PageFields, RawPage, Revision};
use persistence::repo::pages as repo;
use persistence::repo::{audit, categories, commissioning};
use persistence::{RepoError, Txn, begin_write, commit};
use serde::Deserialize;
use time::OffsetDateTime;
use uuid::Uuid;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use crate::County;
use crate::view::{county_chrome, county_event, matching_version, rollback};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/pages", Access::Member, list_pages)
        .post("/admin/{t}/pages", Access::Member, create_page)
        .get("/admin/{t}/pages/new", Access::Member, new_page_form)
        .get("/admin/{t}/pages/{id}", Access::Member, edit_page_form)
        .post("/admin/{t}/pages/{id}", Access::Member, save_page)
        .post(
            "/admin/{t}/pages/{id}/publish",
            Access::Member,
            publish_page,
        )
        .post(
            "/admin/{t}/pages/{id}/unpublish",
            Access::Member,
            unpublish_page,
        )
        .post(
            "/admin/{t}/pages/{id}/discard",
            Access::Member,
            discard_draft,
        )
        .post(
            "/admin/{t}/pages/{id}/schedule",
            Access::Member,
            schedule_page,
        )
        .get(
            "/admin/{t}/pages/{id}/preview",
            Access::Member,
            preview_page,
        )
        .get(
            "/admin/{t}/pages/{id}/revisions",
            Access::Member,
            show_revisions,
        )
        .post(
            "/admin/{t}/pages/{id}/revisions/{rev}/restore",
            Access::Member,
            restore_revision,
        )
        .get(
            "/admin/{t}/pages/{id}/delete",
            Access::Member,
            delete_page_form,
        )
        .post("/admin/{t}/pages/{id}/delete", Access::Member, delete_page)
}

/// The form's fields in the order of the form, with the names people see.
const FIELDS: [(&str, &str); 5] = [
    ("title", "Title"),
    ("slug", "Slug"),
    ("summary", "Summary"),
    ("body", "Page text"),
    ("nav_position", "Position in the navigation"),
];

/// The page form as sent, and as shown again.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct PageForm {
    title: String,
    slug: String,
    summary: String,
    body: String,
    nav_position: String,
    version: String,
}

impl PageForm {
    fn of_page(page: &Page) -> Self {
        let content = page.latest().map(|r| r.content.clone()).unwrap_or_default();
        Self {
            title: content.title,
            slug: page.slug.to_string(),
            summary: content.summary,
            body: content.body,
            nav_position: page.nav_position.map(|n| n.to_string()).unwrap_or_default(),
            version: page.version.to_string(),
        }
    }

    fn to_raw(&self) -> RawPage {
        RawPage {
            title: self.title.clone(),
            slug: self.slug.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            nav_position: self.nav_position.clone(),
        }
    }

    fn display(&self, field: &str) -> String {
        match field {
            "title" => self.title.clone(),
            "slug" => self.slug.clone(),
            "summary" => self.summary.clone(),
            "body" => self.body.clone(),
            "nav_position" if self.nav_position.trim().is_empty() => "Not listed".to_owned(),
            "nav_position" => self.nav_position.clone(),
            _ => String::new(),
        }
    }
}

/// A form that only names the version it was based on.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct VersionForm {
    version: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ScheduleForm {
    publish_at: String,
    version: String,
}

/// The page named in the URL: anything that is not the id of one of this
/// county's pages is a 404, another county's page included.
async fn page_of(state: &AppState, county: &County, raw_id: &str) -> Result<Page, AppError> {
    let id = Uuid::parse_str(raw_id).map_err(|_| AppError::NotFound)?;
    repo::find(&state.db, county.tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn page_href(county: &County, page: &Page) -> String {
    format!("/admin/{}/pages/{}", county.tenant.slug, page.id)
}

fn event(county: &County, action: &str, page: &Page, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "page", Some(page.id.to_string()), client)
}

/// "Published", "Draft"... and the tag class that shows it.
fn state_tag(page: &Page) -> (&'static str, &'static str) {
    let label = page.state().label();
    match page.state() {
        domain::PageState::Published => (label, "tag"),
        domain::PageState::PublishedWithDraft => (label, "tag tag--warning"),
        domain::PageState::Draft => (label, "tag tag--grey"),
    }
}

// --- The list ------------------------------------------------------------

struct PageRow {
    id: String,
    title: String,
    public_href: Option<String>,
    slug: String,
    nav_position: Option<i32>,
    status_label: &'static str,
    status_class: &'static str,
    scheduled: Option<String>,
    updated: String,
    editor: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages.html")]
struct PagesPage {
    chrome: AdminChrome,
    county_name: String,
    slug: String,
    read_only: bool,
    rows: Vec<PageRow>,
}

fn public_href(county: &County, page: &Page) -> Option<String> {
    page.published.as_ref().map(|_| {
        if page.slug.as_str() == domain::page::HOME_SLUG {
            format!("/{}/", county.tenant.slug)
        } else {
            format!("/{}/{}", county.tenant.slug, page.slug)
        }
    })
}

async fn list_pages(State(state): State<AppState>, county: County) -> Result<PagesPage, AppError> {
    let mut pages = repo::list(&state.db, county.tenant.id).await?;
    pages.sort_by_key(|p| (p.nav_position.unwrap_or(i32::MAX), p.slug.to_string()));
    let rows = pages
        .iter()
        .map(|p| {
            let (status_label, status_class) = state_tag(p);
            PageRow {
                id: p.id.to_string(),
                title: p.title().to_owned(),
                public_href: public_href(&county, p),
                slug: p.slug.to_string(),
                nav_position: p.nav_position,
                status_label,
                status_class,
                scheduled: p.publish_at.map(london_time),
                updated: london_time(p.updated_at),
                editor: p
                    .updated_by_name
                    .clone()
                    .unwrap_or_else(|| "the system".to_owned()),
            }
        })
        .collect();
    Ok(PagesPage {
        chrome: county_chrome(&county).await?,
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        read_only: !county.tenant.is_active(),
        rows,
    })
}

// --- The form ------------------------------------------------------------

/// What the edit page shows about the stored page.
struct Editing {
    id: String,
    title: String,
    status_label: &'static str,
    status_class: &'static str,
    has_draft: bool,
    is_published: bool,
    public_href: Option<String>,
    scheduled: Option<String>,
    updated: String,
    editor: String,
    version: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages_form.html")]
struct PageFormPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    editing: Option<Editing>,
    read_only: bool,
    action: String,
    form: PageForm,
    /// The schedule field as typed.
    publish_at: String,
    errors: FormErrors,
}

async fn form_page(
    county: &County,
    stored: Option<&Page>,
    form: PageForm,
    publish_at: String,
    errors: FormErrors,
) -> Result<PageFormPage, AppError> {
    let editing = stored.map(|p| {
        let (status_label, status_class) = state_tag(p);
        Editing {
            id: p.id.to_string(),
            title: p.title().to_owned(),
            status_label,
            status_class,
            has_draft: p.draft.is_some(),
            is_published: p.published.is_some(),
            public_href: public_href(county, p),
            scheduled: p.publish_at.map(london_time),
            updated: london_time(p.updated_at),
            editor: p
                .updated_by_name
                .clone()
                .unwrap_or_else(|| "the system".to_owned()),
            version: p.version.to_string(),
        }
    });
    let action = match stored {
        Some(p) => page_href(county, p),
        None => format!("/admin/{}/pages", county.tenant.slug),
    };
    Ok(PageFormPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        editing,
        read_only: !county.tenant.is_active(),
        action,
        form,
        publish_at,
        errors,
    })
}

async fn invalid(
    county: &County,
    stored: Option<&Page>,
    form: PageForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let page = form_page(county, stored, form, String::new(), errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn errors_of(problems: Vec<(&'static str, String)>) -> FormErrors {
    let mut problems = problems;
    problems.sort_by_key(|(field, _)| {
        FIELDS
            .iter()
            .position(|(f, _)| f == field)
            .unwrap_or(usize::MAX)
    });
    let mut errors = FormErrors::new();
    for (field, message) in problems {
        errors.add(field, message);
    }
    errors
}

/// Validates the form: the domain's rules, and that the categories and
/// providers its embeds name are the county's.
async fn check(
    state: &AppState,
    county: &County,
    form: &PageForm,
) -> Result<Result<PageFields, FormErrors>, AppError> {
    let fields = match validate(&form.to_raw()) {
        Ok(fields) => fields,
        Err(problems) => return Ok(Err(errors_of(problems))),
    };
    let mut problems = Vec::new();
    if !fields.embeds.is_empty() {
        let cats = categories::list(&state.db, county.tenant.id).await?;
        let provs = commissioning::provider_choices(&state.db, county.tenant.id).await?;
        for embed in &fields.embeds {
            match embed {
                Embed::Providers {
                    category: Some(c), ..
                } if !cats.iter().any(|k| k.slug == c.as_str()) => problems.push((
                    "body",
                    format!(
                        "{embed}: {} has no category \u{201c}{c}\u{201d}; see the categories page for the slugs",
                        county.tenant.name
                    ),
                )),
                Embed::Provider(s) if !provs.iter().any(|p| p.slug == *s) => problems.push((
                    "body",
                    format!(
                        "{embed}: {} has no provider with the slug \u{201c}{s}\u{201d}",
                        county.tenant.name
                    ),
                )),
                _ => {}
            }
        }
    }
    if problems.is_empty() {
        Ok(Ok(fields))
    } else {
        Ok(Err(errors_of(problems)))
    }
}

fn slug_taken(county: &County, form: &PageForm) -> FormErrors {
    let mut errors = FormErrors::new();
    let slug = if form.slug.trim().is_empty() {
        domain::provider::slugify(&form.title)
    } else {
        form.slug.trim().to_owned()
    };
    errors.add(
        "slug",
        format!(
            "{} already has a page with the slug \u{201c}{slug}\u{201d}; choose another",
            county.tenant.name
        ),
    );
    errors
}

async fn new_page_form(county: County) -> Result<PageFormPage, AppError> {
    county.require_writable()?;
    form_page(
        &county,
        None,
        PageForm::default(),
        String::new(),
        FormErrors::new(),
    )
    .await
}

async fn create_page(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, AppError> {
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        Err(errors) => return invalid(&county, None, form, errors).await,
    };
    let txn = begin_write(&state.db).await?;
    let created = match repo::create(
        &txn,
        county.tenant.id,
        &fields,
        Some(county.current.user.id),
    )
    .await
    {
        Ok(created) => created,
        Err(RepoError::Taken(_)) => {
            rollback(txn).await?;
            let errors = slug_taken(&county, &form);
            return invalid(&county, None, form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut e = event(&county, "page.create", &created, client);
    e.changed_fields = domain::page::changed_fields((&created.slug, None, None), &fields);
    e.summary = format!("created the page {} (draft)", fields.content.title);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "The page {} was saved as a draft. Publish it when it is ready.",
            fields.content.title
        ),
    )
    .await?;
    Ok(Redirect::to(&page_href(&county, &created)).into_response())
}

async fn edit_page_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<PageFormPage, AppError> {
    let page = page_of(&state, &county, &id).await?;
    let publish_at = page.publish_at.map(london_input).unwrap_or_default();
    form_page(
        &county,
        Some(&page),
        PageForm::of_page(&page),
        publish_at,
        FormErrors::new(),
    )
    .await
}

async fn save_page(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, AppError> {
    let current = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        Err(errors) => return invalid(&county, Some(&current), form, errors).await,
    };
    let Some(version) = matching_version(&form.version, current.version) else {
        return conflict(&county, &current, Some(&form)).await;
    };
    let txn = begin_write(&state.db).await?;
    let saved = match repo::save_draft(
        &txn,
        county.tenant.id,
        current.id,
        version,
        &fields,
        Some(county.current.user.id),
    )
    .await
    {
        Ok(saved) => saved,
        Err(RepoError::Stale) => {
            rollback(txn).await?;
            let saved = page_of(&state, &county, &id).await?;
            return conflict(&county, &saved, Some(&form)).await;
        }
        Err(RepoError::Taken(_)) => {
            rollback(txn).await?;
            let errors = slug_taken(&county, &form);
            return invalid(&county, Some(&current), form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut e = event(&county, "page.update", &saved, client);
    e.changed_fields = domain::page::changed_fields(
        (
            &current.slug,
            current.nav_position,
            current.latest().map(|r| &r.content),
        ),
        &fields,
    );
    e.summary = format!("saved a draft of the page {}", fields.content.title);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "Your changes to {} were saved as a draft. The public still sees the published version until you publish.",
            fields.content.title
        ),
    )
    .await?;
    Ok(Redirect::to(&page_href(&county, &saved)).into_response())
}

// --- Publishing ----------------------------------------------------------

/// A change of a page's state, with what it needs of the page as the
/// handler read it.
enum Op {
    /// Make this draft revision the published one.
    Publish { draft: i32 },
    /// Take the page off the site, keeping this revision as the draft.
    Unpublish { keep: i32 },
    /// Throw the draft away.
    Discard,
    /// Publish the draft at this time (`None`: cancel the schedule).
    Schedule(Option<OffsetDateTime>),
    /// Copy this revision into a new draft.
    Restore(i32),
}

impl Op {
    fn action(&self) -> &'static str {
        match self {
            Self::Publish { .. } => "page.publish",
            Self::Unpublish { .. } => "page.unpublish",
            Self::Discard => "page.discard",
            Self::Schedule(Some(_)) => "page.schedule",
            Self::Schedule(None) => "page.unschedule",
            Self::Restore(_) => "page.restore",
        }
    }

    /// What the user is told, and the audit summary.
    fn message(&self) -> String {
        match self {
            Self::Publish { .. } => "Published".to_owned(),
            Self::Unpublish { .. } => "Taken off the public site".to_owned(),
            Self::Discard => "Draft discarded; the published version stays".to_owned(),
            Self::Schedule(Some(at)) => format!("Scheduled to publish on {}", london_time(*at)),
            Self::Schedule(None) => "Schedule cancelled".to_owned(),
            Self::Restore(number) => format!("Revision {number} restored as the draft"),
        }
    }

    async fn apply(
        &self,
        txn: &Txn,
        county: &County,
        page: &Page,
        version: i32,
    ) -> Result<Page, RepoError> {
        let (tenant, id, actor) = (county.tenant.id, page.id, Some(county.current.user.id));
        match *self {
            Self::Publish { draft } => repo::publish(txn, tenant, id, version, draft, actor).await,
            Self::Unpublish { keep } => {
                repo::unpublish(txn, tenant, id, version, keep, actor).await
            }
            Self::Discard => repo::discard_draft(txn, tenant, id, version, actor).await,
            Self::Schedule(at) => repo::schedule(txn, tenant, id, version, at, actor).await,
            Self::Restore(number) => repo::restore(txn, tenant, id, version, number, actor).await,
        }
    }
}

/// Runs a change of state at the version the form names: 409 when stale.
async fn change_state(
    state: &AppState,
    county: &County,
    client: ClientAddr,
    current: &Page,
    version: &str,
    op: Op,
) -> Result<Response, AppError> {
    let Some(version) = matching_version(version, current.version) else {
        return conflict(county, current, None).await;
    };
    let txn = begin_write(&state.db).await?;
    let changed = match op.apply(&txn, county, current, version).await {
        Ok(page) => page,
        Err(RepoError::Stale) => {
            rollback(txn).await?;
            let saved = page_of(state, county, &current.id.to_string()).await?;
            return conflict(county, &saved, None).await;
        }
        Err(other) => return Err(other.into()),
    };
    let message = op.message();
    let mut e = event(county, op.action(), &changed, client);
    e.summary = format!("{message} ({})", changed.title());
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("{message}: {}.", changed.title()),
    )
    .await?;
    Ok(Redirect::to(&page_href(county, &changed)).into_response())
}

async fn publish_page(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let current = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let Some(draft) = current.draft.as_ref().map(|r| r.number) else {
        // Published meanwhile, by someone else or by the schedule.
        return conflict(&county, &current, None).await;
    };
    let op = Op::Publish { draft };
    change_state(&state, &county, client, &current, &form.version, op).await
}

async fn unpublish_page(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let current = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let keep = current.latest().map(|r| r.number);
    let (Some(keep), Some(_)) = (keep, &current.published) else {
        return conflict(&county, &current, None).await;
    };
    let op = Op::Unpublish { keep };
    change_state(&state, &county, client, &current, &form.version, op).await
}

/// Throws away the draft of a published page. A page that was never
/// published has nothing to go back to: it is deleted instead.
async fn discard_draft(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let current = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    if current.draft.is_none() || current.published.is_none() {
        return conflict(&county, &current, None).await;
    }
    change_state(
        &state,
        &county,
        client,
        &current,
        &form.version,
        Op::Discard,
    )
    .await
}

async fn schedule_page(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> Result<Response, AppError> {
    let current = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let at = if form.publish_at.trim().is_empty() {
        None
    } else {
        let problem = if current.draft.is_none() {
            Err("There is no draft to schedule: save changes first".to_owned())
        } else {
            parse_publish_at(&form.publish_at, state.clock.now())
        };
        match problem {
            Ok(at) => Some(at),
            Err(message) => {
                let mut errors = FormErrors::new();
                errors.add("publish_at", message);
                let page = form_page(
                    &county,
                    Some(&current),
                    PageForm::of_page(&current),
                    form.publish_at.clone(),
                    errors,
                )
                .await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
            }
        }
    };
    change_state(
        &state,
        &county,
        client,
        &current,
        &form.version,
        Op::Schedule(at),
    )
    .await
}

async fn restore_revision(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id, rev)): Path<(String, String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let current = page_of(&state, &county, &id).await?;
    let number: i32 = rev.parse().map_err(|_| AppError::NotFound)?;
    if !repo::has_revision(&state.db, county.tenant.id, current.id, number).await? {
        return Err(AppError::NotFound);
    }
    county.require_writable()?;
    let op = Op::Restore(number);
    change_state(&state, &county, client, &current, &form.version, op).await
}

// --- Conflicts -----------------------------------------------------------

struct ConflictRow {
    label: &'static str,
    yours: String,
    saved: String,
    differs: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages_conflict.html")]
struct ConflictPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    title: String,
    saved_updated: String,
    saved_editor: String,
    rows: Vec<ConflictRow>,
    read_only: bool,
    action: String,
    /// The user's form, with the saved version, when a save was refused.
    form: Option<PageForm>,
    errors: FormErrors,
}

/// 409: someone changed the page first. Nothing was changed. A refused save
/// shows the user's version beside the saved one, with a way to send it
/// again deliberately.
async fn conflict(
    county: &County,
    saved: &Page,
    yours: Option<&PageForm>,
) -> Result<Response, AppError> {
    let saved_form = PageForm::of_page(saved);
    let (rows, form) = match yours {
        Some(yours) => {
            let rows = FIELDS
                .iter()
                .map(|(field, label)| {
                    let y = yours.display(field);
                    let s = saved_form.display(field);
                    ConflictRow {
                        label,
                        differs: y != s,
                        yours: y,
                        saved: s,
                    }
                })
                .collect();
            let mut form = yours.clone();
            form.version = saved.version.to_string();
            (rows, Some(form))
        }
        None => (Vec::new(), None),
    };
    let page = ConflictPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: saved.id.to_string(),
        title: saved.title().to_owned(),
        saved_updated: london_time(saved.updated_at),
        saved_editor: saved
            .updated_by_name
            .clone()
            .unwrap_or_else(|| "the schedule".to_owned()),
        rows,
        read_only: !county.tenant.is_active(),
        action: page_href(county, saved),
        form,
        errors: FormErrors::new(),
    };
    Ok((StatusCode::CONFLICT, page).into_response())
}

// --- Preview -------------------------------------------------------------

async fn preview_page(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let page = page_of(&state, &county, &id).await?;
    let Some(rev) = page.latest() else {
        return Err(AppError::NotFound);
    };
    let (mut view, _) = public::pages::PageView::build(
        &state,
        &county.tenant,
        page.slug.as_str(),
        &rev.content,
        state.clock.now(),
    )
    .await?;
    view.preview = true;
    view.preview_of = if page.draft.is_some() {
        "the draft"
    } else {
        "the published page"
    };
    view.preview_back = page_href(&county, &page);
    let html = view.render().map_err(AppError::internal)?;
    Ok(Html(html).into_response())
}

// --- Revisions and differences -------------------------------------------

struct RevisionRow {
    number: i32,
    title: String,
    author: String,
    created: String,
    marks: Vec<&'static str>,
    restored_from: Option<i32>,
    /// Restoring the draft itself would change nothing.
    is_draft: bool,
}

/// One line of a difference: `kind` is "same", "added" or "removed".
struct DiffLine {
    kind: &'static str,
    text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages_revisions.html")]
struct RevisionsPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    title: String,
    version: String,
    read_only: bool,
    rows: Vec<RevisionRow>,
    from: i32,
    to: i32,
    diff: Vec<DiffLine>,
    added: usize,
    removed: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CompareQuery {
    from: String,
    to: String,
}

fn diff_lines(from: &Revision, to: &Revision) -> Vec<DiffLine> {
    use similar::{ChangeTag, TextDiff};
    let old = domain::page::diff_text(&from.content);
    let new = domain::page::diff_text(&to.content);
    TextDiff::from_lines(&old, &new)
        .iter_all_changes()
        .map(|change| DiffLine {
            kind: match change.tag() {
                ChangeTag::Equal => "same",
                ChangeTag::Insert => "added",
                ChangeTag::Delete => "removed",
            },
            text: change.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

async fn show_revisions(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
    Query(query): Query<CompareQuery>,
) -> Result<RevisionsPage, AppError> {
    let page = page_of(&state, &county, &id).await?;
    let revisions = repo::revisions(&state.db, county.tenant.id, page.id).await?;
    let newest = revisions.first().map_or(0, |r| r.number);
    let pick = |raw: &str, default: i32| {
        raw.trim()
            .parse::<i32>()
            .ok()
            .filter(|n| revisions.iter().any(|r| r.number == *n))
            .unwrap_or(default)
    };
    let to = pick(&query.to, newest);
    let from = pick(&query.from, (to - 1).max(1));
    let find = |n: i32| revisions.iter().find(|r| r.number == n);
    let diff = match (find(from), find(to)) {
        (Some(a), Some(b)) => diff_lines(a, b),
        _ => Vec::new(),
    };
    let published = page.published.as_ref().map(|r| r.number);
    let draft = page.draft.as_ref().map(|r| r.number);
    let rows = revisions
        .iter()
        .map(|r| {
            let mut marks = Vec::new();
            if Some(r.number) == published {
                marks.push("Published");
            }
            if Some(r.number) == draft {
                marks.push("Draft");
            }
            RevisionRow {
                number: r.number,
                title: r.content.title.clone(),
                author: r
                    .created_by_name
                    .clone()
                    .unwrap_or_else(|| "the system".to_owned()),
                created: london_time(r.created_at),
                marks,
                restored_from: r.restored_from,
                is_draft: Some(r.number) == draft,
            }
        })
        .collect();
    Ok(RevisionsPage {
        chrome: county_chrome(&county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: page.id.to_string(),
        title: page.title().to_owned(),
        version: page.version.to_string(),
        read_only: !county.tenant.is_active(),
        rows,
        from,
        to,
        added: diff.iter().filter(|d| d.kind == "added").count(),
        removed: diff.iter().filter(|d| d.kind == "removed").count(),
        diff,
    })
}

// --- Delete --------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "admin/pages_delete.html")]
struct DeletePage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    title: String,
    is_published: bool,
}

async fn delete_page_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeletePage, AppError> {
    let page = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    Ok(DeletePage {
        chrome: county_chrome(&county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: page.id.to_string(),
        title: page.title().to_owned(),
        is_published: page.published.is_some(),
    })
}

async fn delete_page(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(VersionForm { .. }): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let page = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.tenant.id, page.id).await?;
    let mut e = event(&county, "page.delete", &page, client);
    e.summary = format!("deleted the page {}", page.title());
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("The page {} was deleted.", page.title()),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/{}/pages", county.tenant.slug)).into_response())
}
