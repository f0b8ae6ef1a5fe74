//! The append-only audit log. There is deliberately no update or delete here.

use domain::{AuditEvent, CountyId, NewAuditEvent};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::audit_events;
use crate::{RepoError, now};

/// Appends an event and returns its id.
///
/// # Errors
/// Database errors.
pub async fn record(db: &impl ConnectionTrait, event: NewAuditEvent) -> Result<Uuid, RepoError> {
    let id = Uuid::now_v7();
    let changed = serde_json::to_string(&event.changed_fields)
        .map_err(|e| RepoError::Corrupt(e.to_string()))?;
    audit_events::Entity::insert(audit_events::ActiveModel {
        id: Set(id),
        county_id: Set(event.county.map(CountyId::as_uuid)),
        actor_user_id: Set(event.actor.map(domain::UserId::as_uuid)),
        actor_label: Set(bounded(&event.actor_label, 254)),
        action: Set(event.action),
        object_type: Set(event.object_type),
        object_id: Set(event.object_id.map(|o| bounded(&o, 254))),
        changed_fields: Set(changed),
        summary: Set(bounded(&event.summary, 2000)),
        client_addr: Set(event.client_addr.map(|a| bounded(&a, 64))),
        created_at: Set(now()),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// A label as stored: control and bidirectional characters escaped as
/// `\u{..}` (so a typed CR, LF or ESC cannot forge a line of the log or
/// drive a terminal), then cut to `max_chars`, ending in "…" when cut.
fn bounded(s: &str, max_chars: usize) -> String {
    domain::text::cut(&domain::text::escape_controls(s), max_chars)
}

fn to_domain(model: audit_events::Model) -> AuditEvent {
    AuditEvent {
        id: model.id,
        county: model.county_id.map(CountyId::from_uuid),
        actor_label: model.actor_label,
        action: model.action,
        object_type: model.object_type,
        object_id: model.object_id,
        changed_fields: serde_json::from_str(&model.changed_fields).unwrap_or_default(),
        summary: model.summary,
        client_addr: model.client_addr,
        created_at: model.created_at,
    }
}

/// One page of a log, newest first, and the total number of events.
pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    pub total: u64,
    /// The page shown: the one asked for, or the last one when that is past the end.
    pub page: u64,
}

/// A page of the county's log, newest first. `page` counts from 1.
///
/// # Errors
/// Database errors.
pub async fn list_for_county(
    db: &impl ConnectionTrait,
    county: CountyId,
    page: u64,
    per_page: u64,
) -> Result<AuditPage, RepoError> {
    let query =
        audit_events::Entity::find().filter(audit_events::Column::CountyId.eq(county.as_uuid()));
    page_of(db, query, page, per_page).await
}

/// The county's latest `limit` events about these kinds of object
/// (`object_type`), newest first.
///
/// # Errors
/// Database errors.
pub async fn recent_for_county(
    db: &impl ConnectionTrait,
    county: CountyId,
    object_types: &[&str],
    limit: u64,
) -> Result<Vec<AuditEvent>, RepoError> {
    Ok(audit_events::Entity::find()
        .filter(audit_events::Column::CountyId.eq(county.as_uuid()))
        .filter(audit_events::Column::ObjectType.is_in(object_types.iter().copied()))
        .order_by_desc(audit_events::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(to_domain)
        .collect())
}

/// A page of the platform log (events of no county), newest first.
///
/// # Errors
/// Database errors.
pub async fn list_platform(
    db: &impl ConnectionTrait,
    page: u64,
    per_page: u64,
) -> Result<AuditPage, RepoError> {
    let query = audit_events::Entity::find().filter(audit_events::Column::CountyId.is_null());
    page_of(db, query, page, per_page).await
}

async fn page_of(
    db: &impl ConnectionTrait,
    query: sea_orm::Select<audit_events::Entity>,
    page: u64,
    per_page: u64,
) -> Result<AuditPage, RepoError> {
    let total = query.clone().count(db).await?;
    // A page past the end shows the last page: an absurd page number must not
    // become an offset the database cannot hold.
    let per_page = per_page.max(1);
    let page = page.clamp(1, total.div_ceil(per_page).max(1));
    let events = query
        .order_by_desc(audit_events::Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?
        .into_iter()
        .map(to_domain)
        .collect();
    Ok(AuditPage {
        events,
        total,
        page,
    })
}
