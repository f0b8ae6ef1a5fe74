//! The admin home (the user's counties) and a county's overview.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;
use persistence::repo::{tenants, users};
use web::views::AdminChrome;
use web::{AppError, AppState, CurrentUser};

use crate::County;
use crate::view::{chrome, county_chrome};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(show_dashboard))
        .route("/admin/", get(show_dashboard))
        .route("/admin/{t}", get(show_county))
}

struct CountyLink {
    slug: String,
    name: String,
    role_label: &'static str,
    suspended: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    chrome: AdminChrome,
    counties: Vec<CountyLink>,
    is_platform_admin: bool,
}

async fn show_dashboard(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<DashboardPage, AppError> {
    let counties = if current.user.is_platform_admin {
        tenants::list(&state.db)
            .await?
            .into_iter()
            .map(|t| CountyLink {
                suspended: !t.is_active(),
                slug: t.slug,
                name: t.name,
                role_label: "Platform admin",
            })
            .collect()
    } else {
        users::memberships_of(&state.db, current.user.id)
            .await?
            .into_iter()
            .map(|m| CountyLink {
                suspended: !m.tenant.is_active(),
                slug: m.tenant.slug,
                name: m.tenant.name,
                role_label: m.role.label(),
            })
            .collect()
    };
    Ok(DashboardPage {
        chrome: chrome(&current).await?,
        counties,
        is_platform_admin: current.user.is_platform_admin,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/county.html")]
struct CountyPage {
    chrome: AdminChrome,
    county_name: String,
    slug: String,
    role_label: String,
    can_administer: bool,
    suspended: bool,
}

async fn show_county(county: County) -> Result<CountyPage, AppError> {
    Ok(CountyPage {
        chrome: county_chrome(&county).await?,
        county_name: county.tenant.name.clone(),
        slug: county.tenant.slug.clone(),
        role_label: county.role.label().to_lowercase(),
        can_administer: county.role.can_administer(),
        suspended: !county.tenant.is_active(),
    })
}
