//! The flow every `/{t}/api/` answer shares: the county of the path (404
//! JSON for an unknown or suspended one), then the query or the record id,
//! then the JSON document made from the county's snapshot, kept in the
//! render cache (`ETag`, 304) unless it answers a free-text search. A
//! route's handler says only which records it answers with.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use domain::County;
use openreferral::{CountyRecords, Page};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use web::county_snapshot::Snapshot;
use web::render_cache;
use web::{AppError, AppState};

use super::{ApiError, ListQuery, county, mapping};

/// The path of an API route: the county's slug, and on
/// `/{t}/api/{records}/{id}` the record's id.
#[derive(Deserialize)]
struct ApiPath {
    t: String,
    #[serde(default)]
    id: Option<String>,
}

/// A request to the API, its county found: the extractor of every API
/// handler, so an unknown or suspended county is refused (404 JSON) before
/// anything else is looked at.
pub(crate) struct Asked {
    pub(crate) state: AppState,
    pub(crate) county: County,
    query: Option<String>,
    id: Option<String>,
    headers: HeaderMap,
}

impl FromRequestParts<AppState> for Asked {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Path(path) = Path::<ApiPath>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::NotFound)?;
        Ok(Self {
            state: state.clone(),
            county: county(state, &path.t).await?,
            query: parts.uri.query().map(str::to_owned),
            id: path.id,
            headers: parts.headers.clone(),
        })
    }
}

/// A page of `rows` as the query asks, in JSON.
fn page_json<T: Serialize + ToSchema>(rows: Vec<T>, q: &ListQuery) -> Result<String, ApiError> {
    Ok(serde_json::to_string(&Page::of(rows, q.page, q.per_page))?)
}

impl Asked {
    /// A list without filters: the page the query's paging asks for (400
    /// for a bad value) of the records `rows` makes from the snapshot,
    /// kept in the render cache under `{what}?{paging}`.
    pub(crate) async fn page<T, F>(self, what: &str, rows: F) -> Result<Response, ApiError>
    where
        T: Serialize + ToSchema,
        F: FnOnce(&CountyRecords<'_>, &Snapshot) -> Vec<T>,
    {
        let q = ListQuery::parse(self.query.as_deref())?;
        let key = format!("{what}?{}", q.page_key());
        self.document(&key, move |records, snapshot| {
            page_json(rows(records, snapshot), &q)
        })
        .await
    }

    /// A list with filters: the page of the records `select` picks from
    /// the snapshot by the query (400 for a bad value), kept in the render
    /// cache under `{what}?{normalised query}`, or answered uncached with
    /// `no-store` when the query searches free text.
    pub(crate) async fn filtered_page<T, F>(
        self,
        what: &str,
        select: F,
    ) -> Result<Response, ApiError>
    where
        T: Serialize + ToSchema,
        F: FnOnce(&CountyRecords<'_>, &Snapshot, &ListQuery) -> Vec<T>,
    {
        let q = ListQuery::parse(self.query.as_deref())?;
        let key = format!("{what}?{}", q.cache_key());
        let search = q.is_search();
        let build = move |records: &CountyRecords<'_>, snapshot: &Snapshot| {
            page_json(select(records, snapshot, &q), &q)
        };
        if search {
            self.uncached(build).await
        } else {
            self.document(&key, build).await
        }
    }

    /// One record: the id of the path (404 unless a UUID) and the record
    /// `find` picks by it from the county's records (404 when none), kept
    /// in the render cache under `{what}:{id}`.
    pub(crate) async fn one<T, F>(self, what: &str, find: F) -> Result<Response, ApiError>
    where
        T: Serialize,
        F: FnOnce(&CountyRecords<'_>, &Snapshot, Uuid) -> Option<T>,
    {
        let id = self
            .id
            .as_deref()
            .and_then(|raw| Uuid::parse_str(raw).ok())
            .ok_or(ApiError::NotFound)?;
        let key = format!("{what}:{id}");
        self.document(&key, move |records, snapshot| {
            let record = find(records, snapshot, id).ok_or(ApiError::NotFound)?;
            Ok(serde_json::to_string(&record)?)
        })
        .await
    }

    /// The JSON document `build` makes from the county's snapshot, kept in
    /// the render cache under `what` (the route and its normalised query)
    /// and the county's content version; `ETag` and 304 as for pages.
    pub(crate) async fn document<F>(&self, what: &str, build: F) -> Result<Response, ApiError>
    where
        F: FnOnce(&CountyRecords<'_>, &Snapshot) -> Result<String, ApiError>,
    {
        let (state, county) = (&self.state, &self.county);
        let key = format!("api:{}:{}:{what}", county.id, county.content_version);
        let rendered = state
            .render_cache
            .get_or_render(key, &state.clock, |now| async move {
                let snapshot = state
                    .snapshots
                    .get::<AppError>(&state.db, county, now)
                    .await?;
                Ok::<_, ApiError>(render_cache::Page {
                    html: build(&mapping(county, &snapshot), &snapshot)?,
                    content_type: render_cache::JSON,
                    valid_until: None,
                })
            })
            .await?;
        Ok(render_cache::respond(&rendered, &self.headers).await)
    }

    /// The JSON document `build` makes from the county's snapshot, for
    /// this request only: not kept here nor by the browser (`no-store`),
    /// since it answers what a visitor searched for.
    async fn uncached<F>(&self, build: F) -> Result<Response, ApiError>
    where
        F: FnOnce(&CountyRecords<'_>, &Snapshot) -> Result<String, ApiError>,
    {
        let (state, county) = (&self.state, &self.county);
        let snapshot = state
            .snapshots
            .get::<AppError>(&state.db, county, state.clock.now())
            .await?;
        let body = build(&mapping(county, &snapshot), &snapshot)?;
        Ok((
            [
                (header::CONTENT_TYPE, render_cache::JSON),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response())
    }
}

/// The paging parameters of the lists without filters, for the OpenAPI
/// document (the query itself is read by [`ListQuery`]).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "only described in the OpenAPI document")]
pub(crate) struct Paging {
    /// Page number, from 1
    page: Option<u64>,
    /// Items a page: 1 to 200, default 50
    per_page: Option<u64>,
}

/// The refusals every list may answer with, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, reason = "only described in the OpenAPI document")]
pub(crate) enum ListRefusals {
    #[response(status = 400, description = "A parameter's value is refused")]
    BadParameter(openreferral::ApiError),
    #[response(status = 404, description = "No such county")]
    NoCounty(openreferral::ApiError),
}
