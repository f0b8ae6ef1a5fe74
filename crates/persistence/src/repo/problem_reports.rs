//! Visitors' reports of a problem with a provider or a page, the rows that
//! rate-limit them, and their deletion.
//!
//! A report is stored with the object's name and slug as they were, so the
//! queue still reads right after a rename or a delete. The rate-limit rows
//! (`report_submissions`) hold a keyed hash of the address and the time,
//! never the address, and are not linked to the report they count; they
//! live 24 hours. Resolved reports live 90 days.

use domain::CountyId;
use domain::report::{ReportFields, ReportKind, ReportObject};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use crate::RepoError;
use crate::entity::{problem_reports, report_submissions};

/// How long a rate-limit row is kept, in seconds.
pub const SUBMISSION_KEPT_SECS: i64 = 24 * 3600;
/// How long a resolved report is kept, in seconds.
pub const RESOLVED_KEPT_SECS: i64 = 90 * 24 * 3600;
/// The most resolved reports the queue lists.
pub const RESOLVED_LISTED: u64 = 50;

/// A report to store.
pub struct NewReport<'a> {
    pub object: ReportObject,
    pub object_id: Uuid,
    pub object_name: &'a str,
    pub object_slug: &'a str,
    pub fields: &'a ReportFields,
}

/// A stored report.
#[derive(Clone, Debug)]
pub struct Report {
    pub id: Uuid,
    pub object: ReportObject,
    pub object_id: Uuid,
    pub object_name: String,
    pub object_slug: String,
    pub kind: ReportKind,
    pub text: String,
    pub contact: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub resolved_at: Option<i64>,
    pub resolved_by: Option<String>,
}

fn report(row: problem_reports::Model) -> Result<Report, RepoError> {
    let object = ReportObject::parse(&row.object_type)
        .ok_or_else(|| RepoError::Corrupt(format!("report object {}", row.object_type)))?;
    let kind = ReportKind::parse(&row.kind)
        .ok_or_else(|| RepoError::Corrupt(format!("report kind {}", row.kind)))?;
    Ok(Report {
        id: row.id,
        object,
        object_id: row.object_id,
        object_name: row.object_name,
        object_slug: row.object_slug,
        kind,
        text: row.text,
        contact: row.contact,
        created_at: row.created_at,
        resolved_at: row.resolved_at,
        resolved_by: row.resolved_by,
    })
}

/// Reports from this address hash since `since` (any county), and reports
/// to this county since `county_since`.
///
/// # Errors
/// Database errors.
pub async fn recent_counts(
    db: &impl ConnectionTrait,
    county: CountyId,
    address_hash: &str,
    since: i64,
    county_since: i64,
) -> Result<(u64, u64), RepoError> {
    let by_address = report_submissions::Entity::find()
        .filter(report_submissions::Column::AddressHash.eq(address_hash))
        .filter(report_submissions::Column::At.gt(since))
        .count(db)
        .await?;
    let by_county = report_submissions::Entity::find()
        .filter(report_submissions::Column::CountyId.eq(county.as_uuid()))
        .filter(report_submissions::Column::At.gt(county_since))
        .count(db)
        .await?;
    Ok((by_address, by_county))
}

/// Stores a report and counts it against the address; returns its id.
///
/// # Errors
/// Database errors.
pub async fn create(
    db: &impl ConnectionTrait,
    county: CountyId,
    new: &NewReport<'_>,
    address_hash: &str,
    now: i64,
) -> Result<Uuid, RepoError> {
    let id = Uuid::new_v4();
    problem_reports::Entity::insert(problem_reports::ActiveModel {
        id: Set(id),
        county_id: Set(county.as_uuid()),
        object_type: Set(new.object.as_str().to_owned()),
        object_id: Set(new.object_id),
        object_name: Set(domain::text::cut(new.object_name, 200)),
        object_slug: Set(domain::text::cut(new.object_slug, 63)),
        kind: Set(new.fields.kind.as_str().to_owned()),
        text: Set(new.fields.text.clone()),
        contact: Set(new.fields.contact.clone()),
        created_at: Set(now),
        resolved_at: Set(None),
        resolved_by: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    report_submissions::Entity::insert(report_submissions::ActiveModel {
        id: Set(Uuid::new_v4()),
        county_id: Set(county.as_uuid()),
        address_hash: Set(address_hash.to_owned()),
        at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// The county's open reports, newest first, then its latest resolved ones.
///
/// # Errors
/// Database errors; `Corrupt` for a row the domain refuses.
pub async fn list(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<(Vec<Report>, Vec<Report>), RepoError> {
    let open = problem_reports::Entity::find()
        .filter(problem_reports::Column::CountyId.eq(county.as_uuid()))
        .filter(problem_reports::Column::ResolvedAt.is_null())
        .order_by_desc(problem_reports::Column::CreatedAt)
        .order_by_asc(problem_reports::Column::Id)
        .all(db)
        .await?;
    let resolved = problem_reports::Entity::find()
        .filter(problem_reports::Column::CountyId.eq(county.as_uuid()))
        .filter(problem_reports::Column::ResolvedAt.is_not_null())
        .order_by_desc(problem_reports::Column::ResolvedAt)
        .order_by_asc(problem_reports::Column::Id)
        .limit(RESOLVED_LISTED)
        .all(db)
        .await?;
    Ok((
        open.into_iter().map(report).collect::<Result<_, _>>()?,
        resolved.into_iter().map(report).collect::<Result<_, _>>()?,
    ))
}

/// How many of the county's reports are open.
///
/// # Errors
/// Database errors.
pub async fn open_count(db: &impl ConnectionTrait, county: CountyId) -> Result<u64, RepoError> {
    Ok(problem_reports::Entity::find()
        .filter(problem_reports::Column::CountyId.eq(county.as_uuid()))
        .filter(problem_reports::Column::ResolvedAt.is_null())
        .count(db)
        .await?)
}

/// The county's report `id`.
///
/// # Errors
/// `NotFound` when the county has no such report; database errors.
pub async fn find(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: Uuid,
) -> Result<Report, RepoError> {
    let row = problem_reports::Entity::find_by_id(id)
        .filter(problem_reports::Column::CountyId.eq(county.as_uuid()))
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    report(row)
}

/// Marks the report resolved, if it is still open: `false` when it was
/// already (by someone else meanwhile), and then nothing changes.
///
/// # Errors
/// Database errors.
pub async fn resolve(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: Uuid,
    by: &str,
    now: i64,
) -> Result<bool, RepoError> {
    let done = problem_reports::Entity::update_many()
        .col_expr(problem_reports::Column::ResolvedAt, Expr::value(now))
        .col_expr(
            problem_reports::Column::ResolvedBy,
            Expr::value(domain::text::cut(by, 320)),
        )
        .filter(problem_reports::Column::CountyId.eq(county.as_uuid()))
        .filter(problem_reports::Column::Id.eq(id))
        .filter(problem_reports::Column::ResolvedAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// What [`purge`] deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub reports: u64,
    pub submissions: u64,
}

/// Deletes reports resolved 90 days or more before `now` and rate-limit
/// rows 24 hours old or more, in every county.
///
/// # Errors
/// Database errors.
pub async fn purge(db: &impl ConnectionTrait, now: i64) -> Result<Purged, RepoError> {
    let reports = problem_reports::Entity::delete_many()
        .filter(problem_reports::Column::ResolvedAt.lte(now - RESOLVED_KEPT_SECS))
        .exec(db)
        .await?
        .rows_affected;
    let submissions = report_submissions::Entity::delete_many()
        .filter(report_submissions::Column::At.lte(now - SUBMISSION_KEPT_SECS))
        .exec(db)
        .await?
        .rows_affected;
    Ok(Purged {
        reports,
        submissions,
    })
}
