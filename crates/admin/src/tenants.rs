//! Platform admins: list, create, suspend and reactivate counties.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{DisplayName, NewAuditEvent, Tenant, TenantSlug, TenantStatus, parse_hostnames};
use persistence::repo::{audit, tenants};
use persistence::{RepoError, begin_write, commit};
use serde::Deserialize;
use web::EmptyForm;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CsrfForm, CurrentUser, flash};

use crate::access::require_platform_admin;
use crate::view::{chrome, client_label};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/tenants", Access::PlatformAdmin, list_tenants)
        .post("/admin/tenants", Access::PlatformAdmin, create_tenant)
        .post(
            "/admin/tenants/{slug}/suspend",
            Access::PlatformAdmin,
            suspend_tenant,
        )
        .post(
            "/admin/tenants/{slug}/activate",
            Access::PlatformAdmin,
            activate_tenant,
        )
}

#[derive(Default, Deserialize)]
struct TenantForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    hostnames: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/tenants.html")]
struct TenantsPage {
    chrome: AdminChrome,
    csrf_token: String,
    tenants: Vec<Tenant>,
    form: TenantForm,
    errors: FormErrors,
}

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

async fn list_tenants(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<TenantsPage, AppError> {
    require_platform_admin(&current)?;
    page(&state, &current, TenantForm::default(), FormErrors::new()).await
}

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
        let page = page(&state, &current, form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
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
            let page = page(&state, &current, form, errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
        Err(other) => return Err(other.into()),
    };
    let mut event = NewAuditEvent::new("tenant.create", &current.user.email);
    event.tenant = Some(tenant.id);
    event.actor = Some(current.user.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(tenant.slug.clone());
    event.changed_fields = vec!["slug".into(), "name".into(), "hostnames".into()];
    event.summary = format!("created county {}", tenant.name);
    event.client_addr = client_label(client);
    audit::record(&txn, event).await?;
    commit(txn).await?;
    flash::set(&current.session, format!("County {} created.", tenant.name)).await?;
    Ok(Redirect::to("/admin/tenants").into_response())
}

async fn set_status(
    state: &AppState,
    current: &CurrentUser,
    client: ClientAddr,
    slug: &str,
    status: TenantStatus,
) -> Result<Response, AppError> {
    require_platform_admin(current)?;
    let tenant = tenants::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = begin_write(&state.db).await?;
    tenants::set_status(&txn, tenant.id, status).await?;
    let action = match status {
        TenantStatus::Active => "tenant.activate",
        TenantStatus::Suspended => "tenant.suspend",
    };
    let mut event = NewAuditEvent::new(action, &current.user.email);
    event.tenant = Some(tenant.id);
    event.actor = Some(current.user.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(tenant.slug.clone());
    event.changed_fields = vec!["status".into()];
    event.client_addr = client_label(client);
    audit::record(&txn, event).await?;
    commit(txn).await?;
    let done = match status {
        TenantStatus::Active => "reactivated",
        TenantStatus::Suspended => "suspended",
    };
    flash::set(&current.session, format!("County {} {done}.", tenant.name)).await?;
    Ok(Redirect::to("/admin/tenants").into_response())
}

async fn suspend_tenant(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientAddr,
    Path(slug): Path<String>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    set_status(&state, &current, client, &slug, TenantStatus::Suspended).await
}

async fn activate_tenant(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientAddr,
    Path(slug): Path<String>,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Result<Response, AppError> {
    set_status(&state, &current, client, &slug, TenantStatus::Active).await
}
