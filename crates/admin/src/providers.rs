//! Editors and county admins: the county's providers. List (search, filter,
//! sort, pages), create, edit, delete after a confirmation step, and "mark as
//! reviewed". Updates carry the `version` they were based on: a stale one
//! changes nothing and answers 409 with both versions side by side.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::provider::{changed_fields, review_due, validate};
use domain::{
    Category, NewAuditEvent, Provider, ProviderFields, ProviderStatus, RawProvider, Slug,
};
use persistence::repo::providers::{self as repo, ListQuery, Sort};
use persistence::repo::{audit, categories};
use persistence::{RepoError, begin_write, commit};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use time::OffsetDateTime;
use time::macros::format_description;
use uuid::Uuid;
use web::EmptyForm;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, flash};

use crate::County;
use crate::view::{county_chrome, county_event, matching_version, rollback};

mod hours_form;

use hours_form::{DAY_FIELDS, HoursTable, Mode};

/// Providers on one page of the list.
const PER_PAGE: u64 = 25;

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/{t}/providers", Access::Member, list_providers)
        .post("/admin/{t}/providers", Access::Member, create_provider)
        .get(
            "/admin/{t}/providers/new",
            Access::Member,
            new_provider_form,
        )
        .get(
            "/admin/{t}/providers/{id}",
            Access::Member,
            edit_provider_form,
        )
        .post("/admin/{t}/providers/{id}", Access::Member, update_provider)
        .get(
            "/admin/{t}/providers/{id}/delete",
            Access::Member,
            delete_provider_form,
        )
        .post(
            "/admin/{t}/providers/{id}/delete",
            Access::Member,
            delete_provider,
        )
        .post(
            "/admin/{t}/providers/{id}/review",
            Access::Member,
            review_provider,
        )
}

/// The form's fields in the order of the form, with the names people see.
/// The error summary and the conflict table follow this order.
const FIELDS: [(&str, &str); 19] = [
    ("name", "Name"),
    ("slug", "Slug"),
    ("summary", "Summary"),
    ("description", "Description"),
    ("phone", "Phone numbers"),
    ("email", "Email address"),
    ("website", "Website"),
    ("address", "Address"),
    ("address_confidential", "Address is confidential"),
    ("area", "Area served"),
    ("min_age", "Minimum age"),
    ("max_age", "Maximum age"),
    ("eligibility", "Who it is for"),
    ("self_referral", "People can refer themselves"),
    ("professional_referral", "Professionals can refer"),
    ("categories", "Categories"),
    ("opening_hours", "Opening hours"),
    ("hours_note", "Note on hours"),
    ("status", "Status"),
];

/// A checkbox: any value sent that is not empty means ticked ("on", "true").
fn checkbox<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value: Option<String> = Option::deserialize(deserializer)?;
    Ok(value.is_some_and(|v| !v.trim().is_empty()))
}

/// The provider form as sent, and as shown again: every field as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct ProviderForm {
    name: String,
    slug: String,
    summary: String,
    description: String,
    phone: String,
    email: String,
    website: String,
    address: String,
    #[serde(deserialize_with = "checkbox")]
    address_confidential: bool,
    area: String,
    min_age: String,
    max_age: String,
    eligibility: String,
    #[serde(deserialize_with = "checkbox")]
    self_referral: bool,
    #[serde(deserialize_with = "checkbox")]
    professional_referral: bool,
    /// Comma-separated slugs; the form's checkboxes, all named
    /// `categories`, arrive joined the same way (`CsrfForm`).
    categories: String,
    /// The advanced text, and what a script sends.
    opening_hours: String,
    hours_note: String,
    status: String,
    /// The version the edit was based on (updates only).
    version: String,
    /// `table`, `varies` or `advanced`; empty from scripts (see
    /// `hours_form`).
    hours_mode: String,
    /// Everything else sent: the days of the hours table (`hours_mo`,
    /// `hours_mo_1_from`...), read by `hours_form`.
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

impl ProviderForm {
    /// An empty form for a new provider: a draft until someone publishes it.
    fn blank() -> Self {
        Self {
            status: ProviderStatus::Draft.as_str().to_owned(),
            ..Self::default()
        }
    }

    /// The form showing validated (or stored) fields, written the way a
    /// person would type them.
    fn of(fields: &ProviderFields) -> Self {
        Self {
            name: fields.name.clone(),
            slug: fields.slug.to_string(),
            summary: fields.summary.clone(),
            description: fields.description.clone(),
            phone: fields
                .phones
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
            email: fields
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            website: fields.website.clone().unwrap_or_default(),
            address: fields.address.clone(),
            address_confidential: fields.address_confidential,
            area: fields.area.clone(),
            min_age: fields.min_age.map(|a| a.to_string()).unwrap_or_default(),
            max_age: fields.max_age.map(|a| a.to_string()).unwrap_or_default(),
            eligibility: fields.eligibility.clone(),
            self_referral: fields.self_referral,
            professional_referral: fields.professional_referral,
            categories: fields
                .categories
                .iter()
                .map(Slug::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            opening_hours: fields.opening_hours.clone().unwrap_or_default(),
            hours_note: fields.hours_note.clone(),
            status: fields.status.as_str().to_owned(),
            version: String::new(),
            hours_mode: String::new(),
            rest: BTreeMap::new(),
        }
    }

    /// The hours section: as typed, or else drawn from `opening_hours`.
    fn hours_table(&self) -> HoursTable {
        HoursTable::of_form(&self.hours_mode, &self.rest)
            .unwrap_or_else(|| HoursTable::of_stored(&self.opening_hours, &self.hours_note))
    }

    /// Whether the category `slug` is among the form's.
    fn has_category(&self, slug: &str) -> bool {
        self.categories.split(',').any(|s| s.trim() == slug)
    }

    /// The `opening_hours` text the form asks to store, or the hours
    /// section's problems.
    fn opening_hours_text(&self) -> Result<String, Vec<(&'static str, String)>> {
        match HoursTable::of_form(&self.hours_mode, &self.rest) {
            None => Ok(self.opening_hours.clone()),
            Some(table) => match table.mode {
                Mode::Table => table.opening_hours(),
                Mode::Advanced => Ok(self.opening_hours.clone()),
                Mode::Varies if self.hours_note.trim().is_empty() => Err(vec![(
                    "hours_note",
                    "Say when the service is open: as the hours vary, the note is what people see"
                        .to_owned(),
                )]),
                Mode::Varies => Ok(String::new()),
            },
        }
    }

    /// The edit form of a stored provider.
    fn of_provider(provider: &Provider) -> Self {
        Self {
            version: provider.version.to_string(),
            ..Self::of(&provider.fields)
        }
    }

    fn to_raw(&self) -> RawProvider {
        RawProvider {
            name: self.name.clone(),
            slug: self.slug.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            website: self.website.clone(),
            address: self.address.clone(),
            address_confidential: self.address_confidential,
            area: self.area.clone(),
            min_age: self.min_age.clone(),
            max_age: self.max_age.clone(),
            eligibility: self.eligibility.clone(),
            self_referral: self.self_referral,
            professional_referral: self.professional_referral,
            categories: self.categories.clone(),
            opening_hours: self.opening_hours.clone(),
            hours_note: self.hours_note.clone(),
            status: self.status.clone(),
        }
    }

    /// A field's value as shown in the conflict table.
    fn display(&self, field: &str) -> String {
        let yes_no = |b: bool| if b { "Yes" } else { "No" }.to_owned();
        match field {
            "name" => self.name.clone(),
            "slug" => self.slug.clone(),
            "summary" => self.summary.clone(),
            "description" => self.description.clone(),
            "phone" => self.phone.clone(),
            "email" => self.email.clone(),
            "website" => self.website.clone(),
            "address" => self.address.clone(),
            "address_confidential" => yes_no(self.address_confidential),
            "area" => self.area.clone(),
            "min_age" => self.min_age.clone(),
            "max_age" => self.max_age.clone(),
            "eligibility" => self.eligibility.clone(),
            "self_referral" => yes_no(self.self_referral),
            "professional_referral" => yes_no(self.professional_referral),
            "categories" => self.categories.clone(),
            "opening_hours" => self.opening_hours.clone(),
            "hours_note" => self.hours_note.clone(),
            "status" => ProviderStatus::parse(&self.status)
                .map_or_else(|| self.status.clone(), |s| s.label().to_owned()),
            _ => String::new(),
        }
    }

    /// The fields that hold something, for the audit event of a creation.
    fn filled_fields(&self) -> Vec<String> {
        FIELDS
            .iter()
            .map(|(field, _)| *field)
            .filter(|field| {
                let value = self.display(field);
                !value.is_empty() && value != "No"
            })
            .map(str::to_owned)
            .collect()
    }
}

fn statuses() -> Vec<(&'static str, &'static str)> {
    ProviderStatus::ALL
        .iter()
        .map(|s| (s.as_str(), s.label()))
        .collect()
}

/// "5 March 2026".
fn long_date(at: OffsetDateTime) -> String {
    at.format(format_description!(
        "[day padding:none] [month repr:long] [year]"
    ))
    .unwrap_or_default()
}

fn status_class(status: ProviderStatus) -> &'static str {
    match status {
        ProviderStatus::Published => "tag",
        ProviderStatus::Draft => "tag tag--grey",
        ProviderStatus::Archived => "tag tag--warning",
    }
}

/// The provider named in the URL: anything that is not a UUID of one of
/// this county's providers is a 404, another county's provider included.
async fn provider_of(
    state: &AppState,
    county: &County,
    raw_id: &str,
) -> Result<Provider, AppError> {
    let id = Uuid::parse_str(raw_id).map_err(|_| AppError::NotFound)?;
    repo::find(&state.db, county.tenant.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn provider_href(county: &County, provider: &Provider) -> String {
    format!("/admin/{}/providers/{}", county.tenant.slug, provider.id)
}

fn event(county: &County, action: &str, slug: &str, client: ClientAddr) -> NewAuditEvent {
    county_event(county, action, "provider", Some(slug.to_owned()), client)
}

// --- The list ------------------------------------------------------------

#[derive(Default, Deserialize)]
#[serde(default)]
struct ListParams {
    q: String,
    status: String,
    category: String,
    sort: String,
    page: String,
}

impl ListParams {
    fn sort(&self) -> Sort {
        match self.sort.as_str() {
            "updated" => Sort::Updated,
            "reviewed" => Sort::Reviewed,
            _ => Sort::Name,
        }
    }

    fn page(&self) -> u64 {
        self.page
            .parse::<u64>()
            .ok()
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    }

    fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty()
            || ProviderStatus::parse(&self.status).is_some()
            || !self.category.is_empty()
    }

    /// The list's address with these filters on page `page`.
    fn href(&self, county_slug: &str, page: u64) -> String {
        let encode = |v: &str| {
            percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let mut pairs = Vec::new();
        for (key, value) in [
            ("q", self.q.trim()),
            ("status", self.status.as_str()),
            ("category", self.category.as_str()),
            ("sort", self.sort.as_str()),
        ] {
            if !value.is_empty() {
                pairs.push(format!("{key}={}", encode(value)));
            }
        }
        if page > 1 {
            pairs.push(format!("page={page}"));
        }
        let query = if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        };
        format!("/admin/{county_slug}/providers{query}")
    }
}

struct ProviderRow {
    id: String,
    name: String,
    status_label: &'static str,
    status_class: &'static str,
    categories: String,
    reviewed: String,
    reviewed_iso: String,
    review_due: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/providers.html")]
struct ProvidersPage {
    chrome: AdminChrome,
    county_name: String,
    slug: String,
    read_only: bool,
    rows: Vec<ProviderRow>,
    total: u64,
    filtered: bool,
    q: String,
    status: String,
    category: String,
    sort: String,
    statuses: Vec<(&'static str, &'static str)>,
    categories: Vec<Category>,
    sorts: Vec<(&'static str, &'static str)>,
    page: u64,
    pages: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
}

async fn list_providers(
    State(state): State<AppState>,
    county: County,
    Query(params): Query<ListParams>,
) -> Result<ProvidersPage, AppError> {
    let all_categories = categories::list(&state.db, county.tenant.id).await?;
    let query = ListQuery {
        name: params.q.trim().to_owned(),
        status: ProviderStatus::parse(&params.status),
        category: (!params.category.is_empty()).then(|| params.category.clone()),
        sort: params.sort(),
        page: params.page(),
        per_page: PER_PAGE,
    };
    let found = repo::list(&state.db, county.tenant.id, &query).await?;
    let now = OffsetDateTime::now_utc();
    let period = county.tenant.review_period_months;
    let rows = found
        .providers
        .iter()
        .map(|p| ProviderRow {
            id: p.id.to_string(),
            name: p.fields.name.clone(),
            status_label: p.fields.status.label(),
            status_class: status_class(p.fields.status),
            categories: p
                .fields
                .categories
                .iter()
                .map(|slug| {
                    all_categories
                        .iter()
                        .find(|c| c.slug == slug.as_str())
                        .map_or_else(|| slug.to_string(), |c| c.name.clone())
                })
                .collect::<Vec<_>>()
                .join(", "),
            reviewed: p.reviewed_at.map_or_else(|| "Never".to_owned(), long_date),
            reviewed_iso: p
                .reviewed_at
                .map(|at| at.date().to_string())
                .unwrap_or_default(),
            review_due: review_due(p.reviewed_at, period, now),
        })
        .collect();
    let page = found.page;
    let pages = found.total.div_ceil(PER_PAGE).max(1);
    Ok(ProvidersPage {
        chrome: county_chrome(&county).await?,
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        read_only: !county.tenant.is_active(),
        rows,
        total: found.total,
        filtered: params.is_filtered(),
        prev_href: (page > 1).then(|| params.href(&county.tenant.slug, page - 1)),
        next_href: (page < pages).then(|| params.href(&county.tenant.slug, page + 1)),
        q: params.q,
        status: params.status,
        category: params.category,
        sort: match query.sort {
            Sort::Name => "name",
            Sort::Updated => "updated",
            Sort::Reviewed => "reviewed",
        }
        .to_owned(),
        statuses: statuses(),
        categories: all_categories,
        sorts: vec![
            ("name", "Name, A to Z"),
            ("updated", "Recently updated first"),
            ("reviewed", "Longest since review first"),
        ],
        page,
        pages,
    })
}

// --- The form ------------------------------------------------------------

/// What the edit page shows about the stored provider.
struct Editing {
    id: String,
    name: String,
    version: i32,
    reviewed: String,
    review_due: bool,
    updated: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/providers_form.html")]
struct ProviderFormPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    /// `None` when adding a provider.
    editing: Option<Editing>,
    read_only: bool,
    action: String,
    form: ProviderForm,
    errors: FormErrors,
    categories: Vec<Category>,
    statuses: Vec<(&'static str, &'static str)>,
    /// The saved hours, when editing.
    hours_saved: Option<HoursSaved>,
}

/// A saved provider's hours as the public sees them now.
struct HoursSaved {
    /// "Open now, until 14:00", "Opens Tuesday at 10:00", or what the
    /// page says without hours.
    preview: String,
    /// The stored `opening_hours` text; empty without hours.
    text: String,
}

impl HoursSaved {
    fn of(fields: &ProviderFields, at: OffsetDateTime) -> Self {
        let text = fields.opening_hours.clone().unwrap_or_default();
        let preview = match domain::provider::Hours::parse(&text) {
            Ok(hours) if !text.trim().is_empty() => hours.state_at(at).label(),
            _ if fields.hours_note.trim().is_empty() => {
                "No hours are shown (none are given).".to_owned()
            }
            _ => format!(
                "No \u{201c}open now\u{201d}; the note is shown: {}",
                fields.hours_note
            ),
        };
        Self { preview, text }
    }
}

async fn form_page(
    state: &AppState,
    county: &County,
    stored: Option<&Provider>,
    form: ProviderForm,
    errors: FormErrors,
) -> Result<ProviderFormPage, AppError> {
    let now = OffsetDateTime::now_utc();
    let editing = stored.map(|p| Editing {
        id: p.id.to_string(),
        name: p.fields.name.clone(),
        version: p.version,
        reviewed: p.reviewed_at.map_or_else(|| "never".to_owned(), long_date),
        review_due: review_due(p.reviewed_at, county.tenant.review_period_months, now),
        updated: long_date(p.updated_at),
    });
    let action = match stored {
        Some(p) => provider_href(county, p),
        None => format!("/admin/{}/providers", county.tenant.slug),
    };
    Ok(ProviderFormPage {
        chrome: county_chrome(county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        editing,
        read_only: !county.tenant.is_active(),
        action,
        form,
        errors,
        categories: categories::list(&state.db, county.tenant.id).await?,
        statuses: statuses(),
        hours_saved: stored.map(|p| HoursSaved::of(&p.fields, state.clock.now())),
    })
}

/// The form shown again with its messages: 422, nothing written.
async fn invalid(
    state: &AppState,
    county: &County,
    stored: Option<&Provider>,
    form: ProviderForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let page = form_page(state, county, stored, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Validates the form: the domain's rules field by field, and that every
/// category is one of the county's. Messages come in the order of the form.
async fn check(
    state: &AppState,
    county: &County,
    form: &ProviderForm,
) -> Result<Result<ProviderFields, FormErrors>, AppError> {
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let mut raw = form.to_raw();
    match form.opening_hours_text() {
        Ok(text) => raw.opening_hours = text,
        Err(hours) => problems.extend(hours),
    }
    let fields = validate(&raw).map_err(|errs| problems.extend(errs)).ok();
    let slugs: Vec<Slug> = form
        .categories
        .split(',')
        .map(str::trim)
        .filter_map(|s| Slug::parse(s).ok())
        .collect();
    let unknown = repo::unknown_categories(&state.db, county.tenant.id, &slugs).await?;
    if !unknown.is_empty() {
        let quoted: Vec<String> = unknown
            .iter()
            .map(|s| format!("\u{201c}{s}\u{201d}"))
            .collect();
        let (list, verb) = if quoted.len() == 1 {
            (quoted.join(""), "is not a category")
        } else {
            (quoted.join(", "), "are not categories")
        };
        problems.push((
            "categories",
            format!(
                "{list} {verb} of {}: check the spelling, or add it on the Categories page first",
                county.tenant.name
            ),
        ));
    }
    // Stable: each field's own messages keep their order.
    problems.sort_by_key(|(field, _)| {
        // The days of the hours table are where the opening hours are.
        let (at, day) = match DAY_FIELDS.iter().position(|f| f == field) {
            Some(day) => ("opening_hours", day),
            None => (*field, 0),
        };
        let position = FIELDS.iter().position(|(f, _)| *f == at);
        (position.unwrap_or(usize::MAX), day)
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

fn slug_taken(county: &County, slug: &Slug) -> FormErrors {
    let mut errors = FormErrors::new();
    errors.add(
        "slug",
        format!(
            "Another provider of {} already has the slug \u{201c}{slug}\u{201d}; choose another",
            county.tenant.name
        ),
    );
    errors
}

async fn new_provider_form(
    State(state): State<AppState>,
    county: County,
) -> Result<ProviderFormPage, AppError> {
    county.require_writable()?;
    form_page(
        &state,
        &county,
        None,
        ProviderForm::blank(),
        FormErrors::new(),
    )
    .await
}

async fn create_provider(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<ProviderForm>,
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
        Err(RepoError::Taken(_)) => {
            rollback(txn).await?;
            let errors = slug_taken(&county, &fields.slug);
            return invalid(&state, &county, None, form, errors).await;
        }
        // A category was deleted between the check and the write.
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
    let mut e = event(
        &county,
        "provider.create",
        created.fields.slug.as_str(),
        client,
    );
    e.changed_fields = ProviderForm::of(&created.fields).filled_fields();
    e.summary = format!("created {}", created.fields.name);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("{} was added.", created.fields.name),
    )
    .await?;
    Ok(Redirect::to(&provider_href(&county, &created)).into_response())
}

async fn edit_provider_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<ProviderFormPage, AppError> {
    let provider = provider_of(&state, &county, &id).await?;
    let form = ProviderForm::of_provider(&provider);
    form_page(&state, &county, Some(&provider), form, FormErrors::new()).await
}

async fn update_provider(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<ProviderForm>,
) -> Result<Response, AppError> {
    let current = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let fields = match check(&state, &county, &form).await? {
        Ok(fields) => fields,
        // The form goes back with the version it was based on, so that a
        // stale edit is still caught when it is sent again.
        Err(errors) => return invalid(&state, &county, Some(&current), form, errors).await,
    };
    // A version that is not the stored one (or not a number at all) is
    // stale: someone saved in between. The update below checks again in
    // the same statement that writes, for edits that race this one.
    let Some(version) = matching_version(&form.version, current.version) else {
        return conflict(&state, &county, &current, Some(&fields)).await;
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
            let saved = provider_of(&state, &county, &id).await?;
            return conflict(&state, &county, &saved, Some(&fields)).await;
        }
        Err(RepoError::Taken(_)) => {
            rollback(txn).await?;
            let errors = slug_taken(&county, &fields.slug);
            return invalid(&state, &county, Some(&current), form, errors).await;
        }
        // Deleted meanwhile (404), or one of its categories was.
        Err(RepoError::NotFound) => {
            rollback(txn).await?;
            let current = provider_of(&state, &county, &id).await?;
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
    let mut e = event(
        &county,
        "provider.update",
        updated.fields.slug.as_str(),
        client,
    );
    e.changed_fields = changed_fields(&current.fields, &updated.fields);
    e.summary = if current.fields.slug == updated.fields.slug {
        format!("updated {}", updated.fields.name)
    } else {
        format!(
            "updated {} (slug {} -> {})",
            updated.fields.name, current.fields.slug, updated.fields.slug
        )
    };
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("Changes to {} were saved.", updated.fields.name),
    )
    .await?;
    Ok(Redirect::to(&provider_href(&county, &updated)).into_response())
}

// --- Conflicts -----------------------------------------------------------

struct ConflictRow {
    label: &'static str,
    yours: String,
    saved: String,
    differs: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/provider_conflict.html")]
struct ConflictPage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    /// The saved name.
    name: String,
    saved_updated: String,
    /// The conflict came from "Mark as reviewed", which has no values of
    /// its own to compare: only the saved version is shown.
    review: bool,
    rows: Vec<ConflictRow>,
    read_only: bool,
    action: String,
    /// The user's values, with the saved version, to send again on purpose.
    form: ProviderForm,
    errors: FormErrors,
    categories: Vec<Category>,
    statuses: Vec<(&'static str, &'static str)>,
    /// Not shown on the conflict page.
    hours_saved: Option<HoursSaved>,
}

/// 409: someone saved first. Nothing was changed; the page shows the
/// user's version beside the saved one (for an edit) or the saved one (for
/// a review), with a way to send theirs again deliberately.
async fn conflict(
    state: &AppState,
    county: &County,
    saved: &Provider,
    yours: Option<&ProviderFields>,
) -> Result<Response, AppError> {
    let saved_form = ProviderForm::of_provider(saved);
    let mut form = yours.map_or_else(|| saved_form.clone(), ProviderForm::of);
    form.version = saved.version.to_string();
    let rows = FIELDS
        .iter()
        .map(|(field, label)| {
            let saved_value = saved_form.display(field);
            let your_value = if yours.is_some() {
                form.display(field)
            } else {
                saved_value.clone()
            };
            // Categories come back in the county's order: the same set in
            // another order is no difference.
            let differs = if *field == "categories" {
                sorted_list(&your_value) != sorted_list(&saved_value)
            } else {
                your_value != saved_value
            };
            ConflictRow {
                label,
                differs,
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
        name: saved.fields.name.clone(),
        saved_updated: long_date(saved.updated_at),
        review: yours.is_none(),
        rows,
        read_only: !county.tenant.is_active(),
        action: provider_href(county, saved),
        form,
        errors: FormErrors::new(),
        categories: categories::list(&state.db, county.tenant.id).await?,
        statuses: statuses(),
        hours_saved: None,
    };
    Ok((StatusCode::CONFLICT, page).into_response())
}

fn sorted_list(raw: &str) -> Vec<&str> {
    let mut items: Vec<&str> = raw.split(',').map(str::trim).collect();
    items.sort_unstable();
    items
}

// --- Review --------------------------------------------------------------

#[derive(Default, Deserialize)]
#[serde(default)]
struct VersionForm {
    version: String,
}

async fn review_provider(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> Result<Response, AppError> {
    let current = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let Some(version) = matching_version(&form.version, current.version) else {
        return conflict(&state, &county, &current, None).await;
    };
    let txn = begin_write(&state.db).await?;
    match repo::mark_reviewed(
        &txn,
        county.tenant.id,
        current.id,
        version,
        persistence::now(),
        Some(county.current.user.id),
    )
    .await
    {
        Ok(()) => {}
        Err(RepoError::Stale) => {
            rollback(txn).await?;
            let saved = provider_of(&state, &county, &id).await?;
            return conflict(&state, &county, &saved, None).await;
        }
        Err(other) => return Err(other.into()),
    }
    let mut e = event(
        &county,
        "provider.review",
        current.fields.slug.as_str(),
        client,
    );
    e.changed_fields = vec!["reviewed_at".to_owned()];
    e.summary = format!("marked {} as reviewed", current.fields.name);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("{} was marked as reviewed today.", current.fields.name),
    )
    .await?;
    Ok(Redirect::to(&provider_href(&county, &current)).into_response())
}

// --- Delete --------------------------------------------------------------

#[derive(Template, WebTemplate)]
#[template(path = "admin/providers_delete.html")]
struct DeletePage {
    chrome: AdminChrome,
    csrf_token: String,
    county_name: String,
    slug: String,
    id: String,
    name: String,
    published: bool,
}

async fn delete_provider_form(
    State(state): State<AppState>,
    county: County,
    Path((_, id)): Path<(String, String)>,
) -> Result<DeletePage, AppError> {
    let provider = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    Ok(DeletePage {
        chrome: county_chrome(&county).await?,
        csrf_token: county.current.csrf_token.clone(),
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        id: provider.id.to_string(),
        published: provider.fields.status == ProviderStatus::Published,
        name: provider.fields.name,
    })
}

async fn delete_provider(
    State(state): State<AppState>,
    county: County,
    client: ClientAddr,
    Path((_, id)): Path<(String, String)>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    let provider = provider_of(&state, &county, &id).await?;
    county.require_writable()?;
    let txn = begin_write(&state.db).await?;
    repo::delete(&txn, county.tenant.id, provider.id).await?;
    let mut e = event(
        &county,
        "provider.delete",
        provider.fields.slug.as_str(),
        client,
    );
    e.summary = format!("deleted {}", provider.fields.name);
    audit::record(&txn, e).await?;
    commit(txn).await?;
    flash::set(
        &county.current.session,
        format!("{} was deleted.", provider.fields.name),
    )
    .await?;
    Ok(Redirect::to(&format!("/admin/{}/providers", county.tenant.slug)).into_response())
}
