//! The admin home: the counties the user belongs to.

use crate::routes::{Access, Routes};
use askama::Template;
use askama_web::WebTemplate;
use persistence::repo::{counties, users};
use web::AppError;
use web::views::AdminChrome;

use crate::call::Signed;
use crate::view::chrome;

/// The routes of this screen, with the access each needs.
pub fn routes() -> Routes {
    Routes::new()
        .get("/admin", Access::SignedIn, show_dashboard)
        .get("/admin/", Access::SignedIn, show_dashboard)
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
    /// Invitations waiting for an answer.
    invitations: usize,
}

/// GET /admin: the counties the user belongs to (every county for a
/// platform admin), and any invitations waiting.
async fn show_dashboard(call: Signed) -> Result<DashboardPage, AppError> {
    let (state, current) = (&call.state, &call.current);
    let counties = if current.user.is_platform_admin {
        counties::list(&state.db)
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
                suspended: !m.county.is_active(),
                slug: m.county.slug,
                name: m.county.name,
                role_label: m.role.label(),
            })
            .collect()
    };
    let invitations = users::invitations_of(&state.db, current.user.id)
        .await?
        .len();
    Ok(DashboardPage {
        invitations,
        chrome: chrome(current).await?,
        counties,
        is_platform_admin: current.user.is_platform_admin,
    })
}
