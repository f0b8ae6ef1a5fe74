//! `/{t}/api/services` and `/{t}/api/services/{id}`: the county's
//! published providers as HSDS services.

use axum::response::Response;
use domain::provider::has_every_word;
use openreferral::{CountyRecords, Page, Service};
use web::county_snapshot::{Listed, Snapshot};

use super::answer::{Asked, ListRefusals};
use super::{ApiError, ListQuery};

/// Whether the provider passes the query's filters other than the words.
fn passes(listed: &Listed, snapshot: &Snapshot, q: &ListQuery) -> bool {
    let f = &listed.provider.fields;
    let covers = |age: Option<u8>| {
        age.is_none_or(|a| f.min_age.unwrap_or(0) <= a && a <= f.max_age.unwrap_or(u8::MAX))
    };
    let in_term = q.taxonomy_term_id.is_none_or(|id| {
        snapshot
            .categories
            .iter()
            .find(|c| c.id.as_uuid() == id)
            .is_some_and(|c| f.categories.iter().any(|s| s.as_str() == c.slug))
    });
    let modified = q
        .modified_after
        .is_none_or(|after| listed.provider.updated_at > after);
    in_term && covers(q.minimum_age) && covers(q.maximum_age) && modified
}

/// The services the query selects, in name order: every word of a search
/// in the service's name or description.
fn selected(records: &CountyRecords<'_>, snapshot: &Snapshot, q: &ListQuery) -> Vec<Service> {
    snapshot
        .providers
        .iter()
        .filter(|listed| passes(listed, snapshot, q))
        .map(|listed| records.service(&listed.provider))
        .filter(|s| {
            let text = format!("{}\n{}", s.name, s.description).to_lowercase();
            has_every_word(&text, &q.words)
        })
        .collect()
}

/// GET /{t}/api/services: a page of services.
#[utoipa::path(
    get,
    path = "/{t}/api/services",
    tag = "services",
    params(
        ("t" = String, Path, description = "The county's slug"),
        ("page" = Option<u64>, Query, description = "Page number, from 1 (400 below 1; past the last page, an empty page)"),
        ("per_page" = Option<u64>, Query, description = "Services a page: 1 to 200, default 50 (400 outside)"),
        ("search" = Option<String>, Query, description = "Words that must all be in the name or description (not cached)"),
        ("text" = Option<String>, Query, description = "The same as search (the ORUK v1 name)"),
        ("taxonomy_term_id" = Option<uuid::Uuid>, Query, description = "Only services with this category"),
        ("minimum_age" = Option<u8>, Query, description = "Only services whose age range covers this age"),
        ("maximum_age" = Option<u8>, Query, description = "Only services whose age range covers this age"),
        ("modified_after" = Option<String>, Query, description = "Only services changed after this RFC 3339 instant"),
    ),
    responses(
        (status = 200, description = "A page of services", body = Page<Service>),
        ListRefusals,
    )
)]
pub(super) async fn list_services(asked: Asked) -> Result<Response, ApiError> {
    asked.filtered_page("services", selected).await
}

/// GET /{t}/api/services/{id}: one published service, in full.
#[utoipa::path(
    get,
    path = "/{t}/api/services/{id}",
    tag = "services",
    params(
        ("t" = String, Path, description = "The county's slug"),
        ("id" = uuid::Uuid, Path, description = "The service's id"),
    ),
    responses(
        (status = 200, description = "The service", body = Service),
        (status = 404, description = "No such county or published service", body = openreferral::ApiError),
    )
)]
pub(super) async fn show_service(asked: Asked) -> Result<Response, ApiError> {
    asked
        .one("service", |records, snapshot, id| {
            let id = domain::ProviderId::from_uuid(id);
            let listed = snapshot.providers.iter().find(|l| l.provider.id == id)?;
            Some(records.service(&listed.provider))
        })
        .await
}
