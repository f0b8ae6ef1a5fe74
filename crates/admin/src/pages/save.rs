//! Saving the form: creating a page, and saving an edit as a new draft.
//! The form is checked first (the domain's rules, then that its embeds name
//! the county's categories and providers); nothing is written when it fails.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::page::{Embed, validate};
use domain::{NewAuditEvent, Page, PageFields};
use persistence::repo::{audit, categories, commissioning};
use persistence::{RepoError, begin_write, commit};
use web::views::FormErrors;
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use super::conflict::conflict;
use super::form::{FIELDS, PageForm, invalid};
use super::{event, page_href, page_of, repo};
use crate::County;
use crate::view::{matching_version, rollback};
/// The problems as form errors, in the order of the form's fields.
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

/// The error for a slug the county already uses.
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

/// POST /admin/{t}/pages: create a page as a draft (422 beside the field
/// for bad input, a taken slug included).
pub(super) async fn create_page(
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

/// POST /admin/{t}/pages/{id}: save an edit as a new draft (422 for bad
/// input, 409 on a stale version).
pub(super) async fn save_page(
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
    audit::record(&txn, save_event(&county, &current, &saved, &fields, client)).await?;
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

/// The audit event of a saved draft: which fields changed since the page
/// as the handler read it.
fn save_event(
    county: &County,
    current: &Page,
    saved: &Page,
    fields: &PageFields,
    client: ClientAddr,
) -> NewAuditEvent {
    let mut e = event(county, "page.update", saved, client);
    e.changed_fields = domain::page::changed_fields(
        (
            &current.slug,
            current.nav_position,
            current.latest().map(|r| &r.content),
        ),
        fields,
    );
    e.summary = format!("saved a draft of the page {}", fields.content.title);
    e
}
