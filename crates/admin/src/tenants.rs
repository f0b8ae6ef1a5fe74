//! Platform admins: list, create, suspend and reactivate counties.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{DisplayName, NewAuditEvent, Tenant, TenantSlug, TenantStatus, parse_hostnames};
use persistence::repo::tenants;
use persistence::{RepoError, begin_write};
use serde::Deserialize;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, CurrentUser};

use crate::access::require_platform_admin;
use crate::button::Button;
use crate::pair::one_of;
use crate::view::{chrome, client_label};
use crate::write::{Written, finish};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/tenants", Access::PlatformAdmin, list_tenants)
        .post("/admin/tenants", Access::PlatformAdmin, create_tenant)
        .post(
            "/admin/tenants/{slug}/suspend",
            Access::PlatformAdmin,
            one_of(TenantStatus::Suspended, set_status),
        )
        .post(
            "/admin/tenants/{slug}/activate",
            Access::PlatformAdmin,
            one_of(TenantStatus::Active, set_status),
        )
}

/// The new-county form, as sent.
#[derive(Default, Deserialize)]
struct TenantForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    hostnames: String,
}

/// The counties, with the form to add one.
#[derive(Template, WebTemplate)]
#[template(path = "admin/tenants.html")]
struct TenantsPage {
    chrome: AdminChrome,
    csrf_token: String,
    tenants: Vec<Tenant>,
    form: TenantForm,
    errors: FormErrors,
}

/// The counties page, with `form` as sent and its `errors`.
async fn page(
    state: &AppState,
    current: &CurrentUser,
    form: TenantForm,
    errors: FormErrors,
) -> Result<TenantsPage, AppError> {
    Ok(TenantsPage {
        chrome: chrome(current).await?,
        csrf_token: current.csrf_token.clone(),
        tenants: tenants::list(&state.db).await?,
        form,
        errors,
    })
}

/// The counties page again, 422, with what was wrong beside its field.
async fn invalid(
    state: &AppState,
    current: &CurrentUser,
    form: TenantForm,
    errors: FormErrors,
) -> Result<Response, AppError> {
    let page = page(state, current, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// GET /admin/tenants: every county, and the form to add one.
async fn list_tenants(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<TenantsPage, AppError> {
    require_platform_admin(&current)?;
    page(&state, &current, TenantForm::default(), FormErrors::new()).await
}

/// An audit event about `tenant` by the signed-in platform admin.
fn event(
    current: &CurrentUser,
    action: &str,
    tenant: &Tenant,
    client: ClientAddr,
) -> NewAuditEvent {
    let mut event = NewAuditEvent::new(action, &current.user.email);
    event.tenant = Some(tenant.id);
    event.actor = Some(current.user.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(tenant.slug.clone());
    event.client_addr = client_label(client);
    event
}

/// POST /admin/tenants: creates a county (422 beside the field for a bad
/// or taken slug, name or hostname).
async fn create_tenant(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientAddr,
    CsrfForm(form): CsrfForm<TenantForm>,
) -> Result<Response, AppError> {
    require_platform_admin(&current)?;
    let mut errors = FormErrors::new();
    let name = DisplayName::parse(&form.name)
        .map_err(|e| errors.add("name", e.to_string()))
        .ok();
    let slug = TenantSlug::parse(form.slug.trim())
        .map_err(|e| errors.add("slug", e.to_string()))
        .ok();
    let hosts = parse_hostnames(&form.hostnames)
        .map_err(|e| errors.add("hostnames", e.to_string()))
        .ok();
    let (Some(name), Some(slug), Some(hosts)) = (name, slug, hosts) else {
        return invalid(&state, &current, form, errors).await;
    };
    let txn = begin_write(&state.db).await?;
    let tenant = match tenants::create(&txn, &slug, &name, &hosts).await {
        Ok(tenant) => tenant,
        Err(RepoError::Taken(field)) => {
            let message = if field == "slug" {
                "A county with this slug already exists"
            } else {
                "One of these hostnames already belongs to another county"
            };
            errors.add(if field == "slug" { "slug" } else { "hostnames" }, message);
            return invalid(&state, &current, form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut event = event(&current, "tenant.create", &tenant, client);
    event.changed_fields = vec!["slug".into(), "name".into(), "hostnames".into()];
    event.summary = format!("created county {}", tenant.name);
    let flash = format!("County {} created.", tenant.name);
    let next = "/admin/tenants".to_owned();
    finish(txn, &current.session, Written { event, flash, next }).await
}

/// POST /admin/tenants/{slug}/suspend and POST
/// /admin/tenants/{slug}/activate: puts the county in `status` (its public
/// site is served only while active), audited as `tenant.suspend` or
/// `tenant.activate`.
async fn set_status(
    state: AppState,
    button: Button,
    status: TenantStatus,
) -> Result<Response, AppError> {
    let Button {
        current,
        client,
        name: slug,
    } = button;
    require_platform_admin(&current)?;
    let tenant = tenants::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = begin_write(&state.db).await?;
    tenants::set_status(&txn, tenant.id, status).await?;
    let (action, done) = match status {
        TenantStatus::Active => ("tenant.activate", "reactivated"),
        TenantStatus::Suspended => ("tenant.suspend", "suspended"),
    };
    let mut event = event(&current, action, &tenant, client);
    event.changed_fields = vec!["status".into()];
    let flash = format!("County {} {done}.", tenant.name);
    let next = "/admin/tenants".to_owned();
    finish(txn, &current.session, Written { event, flash, next }).await
}
