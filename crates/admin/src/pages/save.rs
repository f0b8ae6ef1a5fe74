//! Saving the form: creating a page, and saving an edit as a new draft.
//! The form is checked first (the domain's rules, then that its embeds name
//! the county's categories and providers); nothing is written when it fails.

use axum::extract::{Path, State};
use axum::response::Response;
use domain::page::{Embed, validate};
use domain::{NewAuditEvent, Page, PageFields};
use persistence::repo::{categories, commissioning};
use web::views::Checked;
use web::{AppError, AppState, ClientAddr, CsrfForm};

use super::form::{FIELDS, PageForm};
use super::saving::Pages;
use super::{event, page_href, page_of, repo};
use crate::CountyAccess;
use crate::save::{save_edit, save_new};
use crate::write::Written;

/// Validates the form: the domain's rules, and that the categories and
/// providers its embeds name are the county's.
async fn check(
    state: &AppState,
    county: &CountyAccess,
    form: &PageForm,
) -> Result<Checked<PageFields>, AppError> {
    let fields = match validate(&form.to_raw()) {
        Ok(fields) => fields,
        Err(problems) => return Ok(Checked::of(None, problems, &FIELDS)),
    };
    let mut problems = Vec::new();
    if !fields.embeds.is_empty() {
        let cats = categories::list(&state.db, county.id).await?;
        let provs = commissioning::provider_choices(&state.db, county.id).await?;
        for embed in &fields.embeds {
            match embed {
                Embed::Providers {
                    category: Some(c), ..
                } if !cats.iter().any(|k| k.slug == c.as_str()) => problems.push((
                    "body",
                    format!(
                        "{embed}: {} has no category \u{201c}{c}\u{201d}; see the categories page for the slugs",
                        county.name
                    ),
                )),
                Embed::Provider(s) if !provs.iter().any(|p| p.slug == *s) => problems.push((
                    "body",
                    format!(
                        "{embed}: {} has no provider with the slug \u{201c}{s}\u{201d}",
                        county.name
                    ),
                )),
                _ => {}
            }
        }
    }
    Ok(Checked::of(Some(fields), problems, &FIELDS))
}

/// POST /admin/{t}/pages: create a page as a draft (422 beside the field
/// for bad input, a taken slug included).
pub(super) async fn create_page(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, AppError> {
    county.require_writable()?;
    let checked = check(&state, &county, &form).await?;
    let (county_id, actor) = (county.id, Some(county.current.user.id));
    let write = async |txn: &_, fields: &_| repo::create(txn, county_id, fields, actor).await;
    let written = |created: &Page, fields: &PageFields| {
        let title = &fields.content.title;
        let mut e = event(&county, "page.create", created, client);
        e.changed_fields = domain::page::changed_fields((&created.slug, None, None), fields);
        e.summary = format!("created the page {title} (draft)");
        Written {
            event: e,
            flash: format!("The page {title} was saved as a draft. Publish it when it is ready."),
            next: page_href(&county, created),
        }
    };
    save_new(&Pages::of(&state, &county), form, checked, write, written).await
}

/// POST /admin/{t}/pages/{id}: save an edit as a new draft (422 for bad
/// input, 409 on a stale version).
pub(super) async fn save_page(
    State(state): State<AppState>,
    county: CountyAccess,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<PageForm>,
) -> Result<Response, AppError> {
    let current = page_of(&state, &county, &id).await?;
    county.require_writable()?;
    let checked = check(&state, &county, &form).await?;
    let (county_id, actor) = (county.id, Some(county.current.user.id));
    let write = async |txn: &_, fields: &_, version| {
        repo::save_draft(txn, county_id, current.id, version, fields, actor).await
    };
    let written = |saved: &Page, fields: &PageFields| Written {
        event: save_event(&county, &current, saved, fields, client),
        flash: format!(
            "Your changes to {} were saved as a draft. The public still sees the published version until you publish.",
            fields.content.title
        ),
        next: page_href(&county, saved),
    };
    let screen = Pages::of(&state, &county);
    save_edit(&screen, &current, form, checked, write, written).await
}

/// The audit event of a saved draft: which fields changed since the page
/// as the handler read it.
fn save_event(
    county: &CountyAccess,
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
