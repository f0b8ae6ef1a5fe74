//! The admin site: who may reach which county, CSRF defences, a county's
//! users, counties themselves, the dashboard and the audit log.
//!
//! The tests sit beside this file by subject; this file keeps the helpers
//! they share.

mod access;
mod audit;
mod counties;
mod csrf;
mod dashboard;
mod memberships;
mod users;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::{County, NewAuditEvent, Role};
use integration_tests::{
    AuditView, PASSWORD, TestApp, TestClient, both_backends, field_error, summary_lists,
};

/// A password that passes the policy, for accounts created through the forms.
const NEW_PASSWORD: &str = "amber falcon meadow 73";

/// `role enabled|disabled` of the user in the county, if a member.
async fn membership(app: &TestApp, email: &str, slug: &str) -> Option<String> {
    app.query_strings(&format!(
        "SELECT m.role || ' ' || CASE WHEN m.disabled THEN 'disabled' ELSE 'enabled' END \
         FROM memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id \
         WHERE u.email = '{email}' AND t.slug = '{slug}'"
    ))
    .await
    .into_iter()
    .next()
}

async fn county_status(app: &TestApp, slug: &str) -> String {
    app.query_strings(&format!("SELECT status FROM tenants WHERE slug = '{slug}'"))
        .await
        .remove(0)
}

/// A valid "add a user" form, without the token.
fn new_user_form(email: &str) -> [(&str, &str); 4] {
    [
        ("email", email),
        ("name", "Sam Taylor"),
        ("role", "editor"),
        ("password", NEW_PASSWORD),
    ]
}

/// The county pages of `other` answer exactly like a county that does not
/// exist, and adding a user there writes nothing.
async fn assert_other_county_is_hidden(app: &TestApp, client: &mut TestClient, other: &County) {
    let slug = &other.slug;
    for (page, unknown) in [
        (format!("/admin/{slug}"), "/admin/nowhere"),
        (format!("/admin/{slug}/users"), "/admin/nowhere/users"),
        (format!("/admin/{slug}/audit"), "/admin/nowhere/audit"),
    ] {
        let res = client.get(&page).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{page}");
        assert_eq!(
            res.body,
            client.get(unknown).await.body,
            "{page} reveals nothing"
        );
        assert!(!res.body.contains(&other.name), "{page} names the county");
    }
    let before = app.snapshot().await;
    let res = client
        .post(
            &format!("/admin/{slug}/users"),
            &new_user_form("sam@example.org"),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(app.snapshot().await, before, "nothing written");
}

/// Whether the log shows this marker event (by its whole summary).
fn has_marker(body: &str, n: u32) -> bool {
    body.contains(&format!(">marker-{n:03}<"))
}
