//! Editors and county admins: the county's commissioning notes. List,
//! create, edit, and delete after a confirmation step. Updates carry the
//! `version` they were based on: a stale one changes nothing and answers 409
//! with both versions side by side.
//!
//! These pages are the only place internal notes are shown; the public
//! site has no route that reads notes.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::commissioning::{
    LEGAL_BASIS_SUGGESTIONS, changed_fields, iso_date, london_date, long_date, validate,
};
use domain::{NewAuditEvent, Note, NoteFields, RawNote, Slug};
use persistence::repo::audit;
use persistence::repo::commissioning::{self as repo, ProviderChoice};
use persistence::{RepoError, begin_write, commit};
use serde::Deserialize;
use time::{Date, OffsetDateTime};
use uuid::Uuid;
use web::EmptyForm;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use crate::County;
use crate::view::{county_chrome, county_event, matching_version, rollback};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/notes", Access::Member, list_notes)
        .post("/admin/{t}/notes", Access::Member, create_note)
        .get("/admin/{t}/notes/new", Access::Member, new_note_form)
        .get("/admin/{t}/notes/{id}", Access::Member, edit_note_form)
        .post("/admin/{t}/notes/{id}", Access::Member, update_note)
        .get(
            "/admin/{t}/notes/{id}/delete",
            Access::Member,
            delete_note_form,
        )
        .post("/admin/{t}/notes/{id}/delete", Access::Member, delete_note)
}

/// The form's fields in the order of the form, with the names people see.
/// The error summary and the conflict table follow this order.
const FIELDS: [(&str, &str); 7] = [
    ("provider", "Provider"),
    ("service", "Service commissioned"),
    ("legal_basis", "Legal basis"),
    ("starts_on", "Start date"),
    ("ends_on", "End date"),
    ("public_statement", "Public statement"),
    ("internal_notes", "Internal notes"),
];

/// The note form as sent, and as shown again: every field as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct NoteForm {
    /// A provider's slug, or empty for none.
    provider: String,
    service: String,
    legal_basis: String,
    starts_on: String,
    ends_on: String,
    public_statement: String,
    internal_notes: String,
    /// The version the edit was based on (updates only).
    version: String,
}

impl NoteForm {
    /// The form showing validated (or stored) fields.
    fn of(fields: &NoteFields) -> Self {
        Self {
            provider: fields
                .provider
                .as_ref()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            service: fields.service.clone(),
            legal_basis: fields.legal_basis.clone(),
            starts_on: iso_date(fields.starts_on),
            ends_on: fields.ends_on.map(iso_date).unwrap_or_default(),
            public_statement: fields.public_statement.clone(),
            internal_notes: fields.internal_notes.clone(),
            version: String::new(),
        }
    }

    /// The edit form of a stored note.
    fn of_note(note: &Note) -> Self {
        Self {
            version: note.version.to_string(),
            ..Self::of(&note.fields)
        }
    }

    fn to_raw(&self) -> RawNote {
        RawNote {
            provider: self.provider.clone(),
            service: self.service.clone(),
            legal_basis: self.legal_basis.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            public_statement: self.public_statement.clone(),
            internal_notes: self.internal_notes.clone(),
        }
    }

    /// A field's value as shown in the conflict table; the provider by name.
    fn display(&self, field: &str, providers: &[ProviderChoice]) -> String {
        match field {
            "provider" if self.provider.trim().is_empty() => "None".to_owned(),
            "provider" => providers
                .iter()
                .find(|p| p.slug.as_str() == self.provider.trim())
                .map_or_else(|| self.provider.clone(), |p| p.name.clone()),
            "service" => self.service.clone(),
            "legal_basis" => self.legal_basis.clone(),
            "starts_on" => self.starts_on.clone(),
            "ends_on" => self.ends_on.clone(),
            "public_statement" => self.public_statement.clone(),
            "internal_notes" => self.internal_notes.clone(),
            _ => String::new(),
        }
    }

    /// The fields that hold something, for the audit event of a creation.
    fn filled_fields(&self) -> Vec<String> {
        FIELDS
            .iter()
            .map(|(field, _)| *field)
            .filter(|field| {
                !self.display(field, &[]).is_empty() && self.display(field, &[]) != "None"
            })
            .map(str::to_owned)
            .collect()
    }
}

/// Whether the commissioning runs today (London), has ended, or is to come:
/// (label, tag class).
fn status(fields: &NoteFields, today: Date) -> (&'static str, &'static str) {
    if fields.is_current(today) {
        ("Current", "tag")
    } else if fields.starts_on > today {
        ("Not started", "tag tag--grey")
    } else {
        ("Ended", "tag tag--grey")
    }
}

fn today() -> Date {
    london_date(OffsetDateTime::now_utc())
}

/// The county's providers as (slug, name), for the provider select.
fn provider_options(providers: &[ProviderChoice]) -> Vec<(String, String)> {
    providers
        .iter()
        .map(|p| (p.slug.as_str().to_owned(), p.name.clone()))
        .collect()
}

/// The note named in the URL: anything that is not a UUID of one of this
/// county's notes is a 404, another county's note included.
async fn note_of(state: &AppState, county: &County, raw_id: &str) -> Result<Note, AppError> {
    let id = Uuid::parse_str(raw_id).map_err(|_| AppError::NotFound)?;
    repo::find(&state.db, county.tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn note_href(county: &County, note: &Note) -> String {
    format!("/admin/{}/notes/{}", county.tenant.slug, note.id)
}

fn event(county: &County, action: &str, note: &Note, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "note", Some(note.id.to_string()), client)
}

// --- The list ------------------------------------------------------------

struct NoteRow {
    id: String,
    service: String,
    provider: Option<String>,
    period: String,
    starts_iso: String,
    status_label: &'static str,
    status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/notes.html")]
struct NotesPage {
    chrome: AdminChrome,
    county_name: String,
    slug: String,
    read_only: bool,
    rows: Vec<NoteRow>,
}

async fn list_notes(State(state): State<AppState>, county: County) -> Result<NotesPage, AppError> {
    let today = today();
    let rows = repo::list(&state.db, county.tenant.id)
        .await?
        .into_iter()
        .map(|n| {
            let (status_label, status_class) = status(&n.fields, today);
            NoteRow {
                id: n.id.to_string(),
                period: n.fields.period(),
                starts_iso: iso_date(n.fields.starts_on),
                service: n.fields.service,
                provider: n.provider_name,
                status_label,
                status_class,
            }
        })
        .collect();
    Ok(NotesPage {
        chrome: county_chrome(&county).await?,
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        read_only: !county.tenant.is_active(),
        rows,
    })
}

// --- The form ------------------------------------------------------------

/// What the edit page shows about the stored note.
struct Editing {
    id: String,
    service: String,
    updated: String,
    status_label: &'static str,
    status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/notes_form.html")]
struct NoteFormPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    /// `None` when adding a note.
    editing: Option<Editing>,
    read_only: bool,
    action: String,
    form: NoteForm,
    errors: FormErrors,
    providers: Vec<(String, String)>,
    suggestions: [&'static str; 2],
}

async fn form_page(
    state: &AppState,
    county: &County,
    stored: Option<&Note>,
    form: NoteForm,
    errors: FormErrors,
) -> Result<NoteFormPage, AppError> {
    let today = today();
    let editing = stored.map(|n| {
        let (status_label, status_class) = status(&n.fields, today);
        Editing {
            id: n.id.to_string(),
            service: n.fields.service.clone(),
            updated: long_date(n.updated_at.date()),
            status_label,
            status_class,
        }
    });
    let action = match stored {
        Some(n) => note_href(county, n),
        None => format!("/admin/{}/notes", county.tenant.slug),
    };
    let providers = repo::provider_choices(&state.db, county.tenant.id).await?;
    Ok(NoteFormPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        editing,
        read_only: !county.tenant.is_active(),
        action,
        form,
        errors,
        providers: provider_options(&providers),
        suggestions: LEGAL_BASIS_SUGGESTIONS,
    })
}

/// The form shown again with its messages: 422, nothing written.
async fn invalid(
    state: &AppState,
    county: &County,
    stored: Option<&Note>,
    form: NoteForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let page = form_page(state, county, stored, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Validates the form: the domain's rules field by field, and that the
/// provider is one of the county's. Messages come in the order of the form.
async fn check(
    state: &AppState,
    county: &County,
    form: &NoteForm,
) -> Result<Result<NoteFields, FormErrors>, AppError> {
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let fields = validate(&form.to_raw())
        .map_err(|errs| problems.extend(errs))
        .ok();
    if let Ok(slug) = Slug::parse(form.provider.trim()) {
        let providers = repo::provider_choices(&state.db, county.tenant.id).await?;
        if !providers.iter().any(|p| p.slug == slug) {
            problems.push((
                "provider",
                format!(
                    "\u{201c}{slug}\u{201d} is not a provider of {}: choose one from the list, or no provider",
                    county.tenant.name
                ),
            ));
        }
    }
    // Stable: each field's own messages keep their order.
    problems.sort_by_key(|(field, _)| {
        FIELDS
            .iter()
            .position(|(f, _)| f == field)
            .unwrap_or(usize::MAX)
    });
    match fields {
        Some(fields) if problems.is_empty() => Ok(Ok(fields)),
        _ => {
            let mut errors = FormErrors::new();
            for (field, message) in problems {
                errors.add(field, message);
            }
            Ok(Err(errors))
        }
    }
}

async fn new_note_form(
    State(state): State<AppState>,
    county: County,
) -> Result<NoteFormPage, AppError> {
    county.require_writable()?;
    form_page(
        &state,
        &county,
        None,
        NoteForm::default(),
        FormErrors::new(),
    )
    .await
}

async fn create_note(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        Err(errors) => return invalid(&state, &county, None, form, errors).await,
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
        // The provider was deleted between the check and the write.
        Err(RepoError::NotFound) => {
            rollback(txn).await?;
            let errors = check(&state, &county, &form)
                .await?
                .err()
                .unwrap_or_default();
            return invalid(&state, &county, None, form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut e = event(&county, "note.create", &created, client);
    e.changed_fields = NoteForm::of(&created.fields).filled_fields();
    e.summary = format!("created the commissioning note {}", created.fields.service);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "The commissioning note {} was added.",
            created.fields.service
        ),
    )
    .await?;
    Ok(Redirect::to(&note_href(&county, &created)).into_response())
}

async fn edit_note_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<NoteFormPage, AppError> {
    let note = note_of(&state, &county, &id).await?;
    let form = NoteForm::of_note(&note);
    form_page(&state, &county, Some(&note), form, FormErrors::new()).await
}

async fn update_note(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Result<Response, AppError> {
    let current = note_of(&state, &county, &id).await?;
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        // The form goes back with the version it was based on, so that a
        // stale edit is still caught when it is sent again.
        Err(errors) => return invalid(&state, &county, Some(&current), form, errors).await,
    };
    // A version that is not the stored one (or not a number at all) is
    // stale. The update below checks again in the statement that writes,
    // for edits that race this one.
    let Some(version) = matching_version(&form.version, current.version) else {
        return conflict(&state, &county, &current, &fields).await;
    };
    let txn = begin_write(&state.db).await?;
    let updated = match repo::update(
        &txn,
        county.tenant.id,
        current.id,
        version,
        &fields,
        Some(county.current.user.id),
    )
    .await
    {
        Ok(updated) => updated,
        Err(RepoError::Stale) => {
            rollback(txn).await?;
            let saved = note_of(&state, &county, &id).await?;
            return conflict(&state, &county, &saved, &fields).await;
        }
        // Deleted meanwhile (404), or its provider was.
        Err(RepoError::NotFound) => {
            rollback(txn).await?;
            let current = note_of(&state, &county, &id).await?;
            let errors = check(&state, &county, &form)
                .await?
                .err()
                .unwrap_or_default();
            return invalid(&state, &county, Some(&current), form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    // The update matched `current.version`, so `current` is exactly what it
    // replaced.
    let mut e = event(&county, "note.update", &updated, client);
    e.changed_fields = changed_fields(&current.fields, &updated.fields);
    e.summary = format!("updated the commissioning note {}", updated.fields.service);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "Changes to the commissioning note {} were saved.",
            updated.fields.service
        ),
    )
    .await?;
    Ok(Redirect::to(&note_href(&county, &updated)).into_response())
}

// --- Conflicts -----------------------------------------------------------

struct ConflictRow {
    label: &'static str,
    yours: String,
    saved: String,
    differs: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/notes_conflict.html")]
struct ConflictPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    /// The saved service.
    service: String,
    saved_updated: String,
    rows: Vec<ConflictRow>,
    read_only: bool,
    action: String,
    /// The user's values, with the saved version, to send again on purpose.
    form: NoteForm,
    errors: FormErrors,
    providers: Vec<(String, String)>,
    suggestions: [&'static str; 2],
}

/// 409: someone saved first. Nothing was changed; the page shows the
/// user's version beside the saved one, with a way to send theirs again
/// deliberately.
async fn conflict(
    state: &AppState,
    county: &County,
    saved: &Note,
    yours: &NoteFields,
) -> Result<Response, AppError> {
    let providers = repo::provider_choices(&state.db, county.tenant.id).await?;
    let saved_form = NoteForm::of_note(saved);
    let mut form = NoteForm::of(yours);
    form.version = saved.version.to_string();
    let rows = FIELDS
        .iter()
        .map(|(field, label)| {
            let saved_value = saved_form.display(field, &providers);
            let your_value = form.display(field, &providers);
            ConflictRow {
                label,
                differs: your_value != saved_value,
                yours: your_value,
                saved: saved_value,
            }
        })
        .collect();
    let page = ConflictPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: saved.id.to_string(),
        service: saved.fields.service.clone(),
        saved_updated: long_date(saved.updated_at.date()),
        rows,
        read_only: !county.tenant.is_active(),
        action: note_href(county, saved),
        form,
        errors: FormErrors::new(),
        providers: provider_options(&providers),
        suggestions: LEGAL_BASIS_SUGGESTIONS,
    };
    Ok((StatusCode::CONFLICT, page).into_response())
}

// --- Delete --------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "admin/notes_delete.html")]
struct DeletePage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    service: String,
    current: bool,
}

async fn delete_note_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeletePage, AppError> {
    let note = note_of(&state, &county, &id).await?;
    county.require_writable()?;
    Ok(DeletePage {
        chrome: county_chrome(&county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: note.id.to_string(),
        current: note.is_current(today()),
        service: note.fields.service,
    })
}

async fn delete_note(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    let note = note_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.tenant.id, note.id).await?;
    let mut e = event(&county, "note.delete", &note, client);
    e.summary = format!("deleted the commissioning note {}", note.fields.service);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!(
            "The commissioning note {} was deleted.",
            note.fields.service
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/{}/notes", county.tenant.slug)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn fields(starts_on: Date, ends_on: Option<Date>) -> NoteFields {
        NoteFields {
            provider: None,
            service: "Support".into(),
            legal_basis: LEGAL_BASIS_SUGGESTIONS[0].into(),
            starts_on,
            ends_on,
            public_statement: String::new(),
            internal_notes: String::new(),
        }
    }

    #[test]
    fn describes_the_period_and_its_state() {
        let today = date!(2026 - 05 - 01);
        let closed = fields(date!(2026 - 04 - 01), Some(date!(2027 - 03 - 31)));
        assert_eq!(closed.period(), "1 April 2026 to 31 March 2027");
        assert_eq!(status(&closed, today).0, "Current");
        let open = fields(date!(2026 - 06 - 01), None);
        assert_eq!(open.period(), "From 1 June 2026, no end date");
        assert_eq!(status(&open, today).0, "Not started");
        let past = fields(date!(2025 - 04 - 01), Some(date!(2026 - 03 - 31)));
        assert_eq!(status(&past, today).0, "Ended");
    }
}
