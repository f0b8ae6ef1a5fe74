//! What the application has written, read back in SQL: one [`Snapshot`] of
//! everything a refused request must leave alone, and the audit log.

use crate::TestApp;

/// Everything a refused request must leave alone: accounts and
/// memberships, counties (status, settings and versions), providers and
/// their categories, commissioning notes, and the audit log (security
/// events aside, which a refusal may add).
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub users: Vec<String>,
    pub memberships: Vec<String>,
    pub counties: Vec<String>,
    pub county_hosts: i64,
    pub providers: Vec<String>,
    pub provider_categories: i64,
    pub categories: Vec<String>,
    pub notes: Vec<String>,
    pub audit_events: i64,
}

/// `email county role status enabled|disabled` of every membership.
const MEMBERSHIPS_SQL: &str = "SELECT u.email || ' ' || t.slug || ' ' || m.role || ' ' || m.status || ' ' || \
     CASE WHEN m.disabled THEN 'disabled' ELSE 'enabled' END \
     FROM memberships m JOIN users u ON u.id = m.user_id JOIN tenants t ON t.id = m.tenant_id \
     ORDER BY 1";

const COUNTIES_SQL: &str = "SELECT slug || ' ' || status || ' | ' || COALESCE(brand_colour, '-') \
     || ' | ' || non_emergency || ' | ' || CAST(settings_version AS TEXT) || ' | ' \
     || CAST(content_version AS TEXT) FROM tenants ORDER BY slug";

const PROVIDERS_SQL: &str = "SELECT t.slug || ' ' || p.slug || ' | ' || p.name || ' | ' || p.summary || ' | ' \
     || p.website || ' | ' || p.status || ' | ' || CAST(p.version AS TEXT) \
     FROM providers p JOIN tenants t ON t.id = p.tenant_id ORDER BY 1";

const CATEGORIES_SQL: &str = "SELECT t.slug || ' ' || c.slug || ' ' || c.name FROM categories c \
     JOIN tenants t ON t.id = c.tenant_id ORDER BY 1";

const NOTES_SQL: &str = "SELECT t.slug || ' | ' || COALESCE(p.slug, '-') || ' | ' || n.service || ' | ' \
     || n.legal_basis || ' | ' || n.starts_on || ' | ' || COALESCE(n.ends_on, '-') \
     || ' | ' || n.public_statement || ' | ' || n.internal_notes || ' | ' \
     || CAST(n.version AS TEXT) \
     FROM commissioning_notes n JOIN tenants t ON t.id = n.tenant_id \
     LEFT JOIN providers p ON p.tenant_id = n.tenant_id AND p.id = n.provider_id \
     ORDER BY 1";

/// Which columns of the audit log a test reads, and in which order.
#[derive(Clone, Copy, Debug)]
pub struct AuditView {
    columns: &'static str,
    order: &'static str,
}

impl AuditView {
    /// `actor_label object_id`, oldest first.
    pub const ACTOR_AND_OBJECT: Self = Self {
        columns: "actor_label || ' ' || COALESCE(object_id, '')",
        order: "created_at, id",
    };
    /// `object_type object_id changed_fields`, in the order written.
    pub const CHANGED_FIELDS: Self = Self {
        columns: "COALESCE(object_type, '') || ' ' || COALESCE(object_id, '') || ' ' || changed_fields",
        order: "id",
    };
    /// `changed_fields summary`, oldest first.
    pub const CHANGES_AND_SUMMARY: Self = Self {
        columns: "changed_fields || ' ' || summary",
        order: "created_at",
    };
}

impl TestApp {
    /// Everything a refused request must leave alone, as it is now.
    pub async fn snapshot(&self) -> Snapshot {
        Snapshot {
            users: self
                .query_strings("SELECT email || ' ' || password_hash FROM users ORDER BY 1")
                .await,
            memberships: self.query_strings(MEMBERSHIPS_SQL).await,
            counties: self.query_strings(COUNTIES_SQL).await,
            county_hosts: self.count("SELECT COUNT(*) FROM tenant_hosts").await,
            providers: self.query_strings(PROVIDERS_SQL).await,
            provider_categories: self.count("SELECT COUNT(*) FROM provider_categories").await,
            categories: self.query_strings(CATEGORIES_SQL).await,
            notes: self.query_strings(NOTES_SQL).await,
            audit_events: self
                .count("SELECT COUNT(*) FROM audit_events WHERE action NOT LIKE 'security.%'")
                .await,
        }
    }

    /// The audit events with this action, each read through `view`.
    pub async fn audited(&self, action: &str, view: AuditView) -> Vec<String> {
        self.query_strings(&format!(
            "SELECT {} FROM audit_events WHERE action = '{action}' ORDER BY {}",
            view.columns, view.order
        ))
        .await
    }

    /// How many audit events have this action.
    pub async fn events(&self, action: &str) -> i64 {
        self.count(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"
        ))
        .await
    }
}
