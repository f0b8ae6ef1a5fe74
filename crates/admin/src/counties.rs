//! Platform admins: list, create, suspend and reactivate counties.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::response::Response;
use domain::{County, CountySlug, CountyStatus, DisplayName, NewAuditEvent, parse_hostnames};
use persistence::repo::counties;
use persistence::{RepoError, begin_write};
use serde::Deserialize;
use web::EmptyForm;
use web::views::{AdminChrome, FormErrors};
use web::{AppError, AppState, ClientAddr, CurrentUser};

use crate::access::require_platform_admin;
use crate::call::Signed;
use crate::form_page::{FormPage, field};
use crate::pair::one_of;
use crate::view::{chrome, client_label};
use crate::write::{Written, finish};

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin/tenants", Access::PlatformAdmin, list_counties)
        .post("/admin/tenants", Access::PlatformAdmin, create_county)
        .post(
            "/admin/tenants/{slug}/suspend",
            Access::PlatformAdmin,
            one_of(CountyStatus::Suspended, set_status),
        )
        .post(
            "/admin/tenants/{slug}/activate",
            Access::PlatformAdmin,
            one_of(CountyStatus::Active, set_status),
        )
}

/// The new-county form, as sent.
#[derive(Default, Deserialize)]
struct CountyForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    hostnames: String,
}

/// The counties, with the form to add one.
#[derive(Template, WebTemplate)]
#[template(path = "admin/counties.html")]
struct CountiesPage {
    chrome: AdminChrome,
    csrf_token: String,
    counties: Vec<County>,
    form: CountyForm,
    errors: FormErrors,
}

impl FormPage for CountiesPage {
    type Form = CountyForm;
    type Who = CurrentUser;

    /// The counties page, with `form` as sent and its `errors`.
    async fn with(
        state: &AppState,
        current: &CurrentUser,
        form: CountyForm,
        errors: FormErrors,
    ) -> Result<Self, AppError> {
        Ok(Self {
            chrome: chrome(current).await?,
            csrf_token: current.csrf_token.clone(),
            counties: counties::list(&state.db).await?,
            form,
            errors,
        })
    }
}

/// GET /admin/tenants: every county, and the form to add one.
async fn list_counties(call: Signed) -> Result<CountiesPage, AppError> {
    require_platform_admin(&call.current)?;
    CountiesPage::blank(&call.state, &call.current).await
}

/// An audit event about `county` by the signed-in platform admin.
fn event(
    current: &CurrentUser,
    action: &str,
    county: &County,
    client: ClientAddr,
) -> NewAuditEvent {
    let mut event = NewAuditEvent::new(action, &current.user.email);
    event.county = Some(county.id);
    event.actor = Some(current.user.id);
    event.object_type = Some("tenant".to_owned());
    event.object_id = Some(county.slug.clone());
    event.client_addr = client_label(client);
    event
}

/// POST /admin/tenants: creates a county (422 beside the field for a bad
/// or taken slug, name or hostname).
async fn create_county(call: Signed<CountyForm>) -> Result<Response, AppError> {
    let (state, current, form) = (&call.state, &call.current, call.form);
    require_platform_admin(current)?;
    let mut errors = FormErrors::new();
    let name = field(&mut errors, "name", DisplayName::parse(&form.name));
    let slug = field(&mut errors, "slug", CountySlug::parse(form.slug.trim()));
    let hosts = field(&mut errors, "hostnames", parse_hostnames(&form.hostnames));
    let (Some(name), Some(slug), Some(hosts)) = (name, slug, hosts) else {
        return CountiesPage::again(state, current, form, errors).await;
    };
    let txn = begin_write(&state.db).await?;
    let county = match counties::create(&txn, &slug, &name, &hosts).await {
        Ok(county) => county,
        Err(RepoError::Taken(what)) => {
            let message = if what == "slug" {
                "A county with this slug already exists"
            } else {
                "One of these hostnames already belongs to another county"
            };
            errors.add(if what == "slug" { "slug" } else { "hostnames" }, message);
            return CountiesPage::again(state, current, form, errors).await;
        }
        Err(other) => return Err(other.into()),
    };
    let mut event = event(current, "tenant.create", &county, call.client);
    event.changed_fields = vec!["slug".into(), "name".into(), "hostnames".into()];
    event.summary = format!("created county {}", county.name);
    let flash = format!("County {} created.", county.name);
    let next = "/admin/tenants".to_owned();
    finish(txn, &current.session, Written { event, flash, next }).await
}

/// POST /admin/tenants/{slug}/suspend and POST
/// /admin/tenants/{slug}/activate: puts the county in `status` (its public
/// site is served only while active), audited as `county.suspend` or
/// `county.activate`.
async fn set_status(
    (Path(slug), call): (Path<String>, Signed<EmptyForm>),
    status: CountyStatus,
) -> Result<Response, AppError> {
    let (state, current, client) = (&call.state, &call.current, call.client);
    require_platform_admin(current)?;
    let county = counties::find_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = begin_write(&state.db).await?;
    counties::set_status(&txn, county.id, status).await?;
    let (action, done) = match status {
        CountyStatus::Active => ("tenant.activate", "reactivated"),
        CountyStatus::Suspended => ("tenant.suspend", "suspended"),
    };
    let mut event = event(current, action, &county, client);
    event.changed_fields = vec!["status".into()];
    let flash = format!("County {} {done}.", county.name);
    let next = "/admin/tenants".to_owned();
    finish(txn, &current.session, Written { event, flash, next }).await
}
