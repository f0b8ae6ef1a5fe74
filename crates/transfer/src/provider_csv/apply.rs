//! Writing a plan: every created and updated provider in one transaction,
//! each audited, and the county's `content_version` bumped once, on the
//! condition that it is still the version the plan was made against.

use domain::{Category, CountyId, NewAuditEvent, ProviderFields, UserId};
use persistence::repo::{audit, categories, counties, providers};
use persistence::{Db, RepoError, begin_write, commit, rollback};

use super::plan::{Action, Plan};

/// Why a plan was not written. Nothing of it was.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The plan has errors.
    #[error("the file has errors")]
    Invalid,
    /// The county changed since the plan was made.
    #[error("the directory changed since the preview")]
    Stale,
    #[error(transparent)]
    Repo(#[from] RepoError),
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged",
            self.created, self.updated, self.unchanged
        )
    }
}

/// Writes a valid plan made against `content_version` in one
/// transaction. `event` is the audit event every row's is made from (who,
/// where from); `actor` the user, `None` from the command line.
///
/// # Errors
/// `Invalid`, `Stale` (the county changed, or a provider did), or the
/// database's; nothing is then written.
pub async fn apply(
    db: &Db,
    county: CountyId,
    plan: &Plan,
    event: &NewAuditEvent,
    actor: Option<UserId>,
) -> Result<Summary, ApplyError> {
    if !plan.is_valid() {
        return Err(ApplyError::Invalid);
    }
    let (created, updated, unchanged) = plan.counts();
    let summary = Summary {
        created,
        updated,
        unchanged,
    };
    if created + updated == 0 {
        return Ok(summary);
    }
    let txn = begin_write(db).await?;
    match write(&txn, county, plan, event, actor).await {
        Ok(()) => {
            commit(txn).await?;
            Ok(summary)
        }
        Err(e) => {
            rollback(txn).await?;
            Err(e)
        }
    }
}

async fn write(
    txn: &persistence::Txn,
    county: CountyId,
    plan: &Plan,
    event: &NewAuditEvent,
    actor: Option<UserId>,
) -> Result<(), ApplyError> {
    // First, so that concurrent writers to the county wait for this one
    // (PostgreSQL locks the row) and a stale plan writes nothing.
    if !counties::bump_content_version_from(txn, county, plan.content_version).await? {
        return Err(ApplyError::Stale);
    }
    let county_categories = categories::list(txn, county).await?;
    for row in &plan.rows {
        let written = write_row(txn, county, &row.action, actor, &county_categories)
            .await
            .map_err(stale)?;
        if let Some(written) = written {
            audit::record(txn, written.event(event, county, row.row)).await?;
        }
    }
    Ok(())
}

/// What a row wrote, for its audit event.
struct Written<'p> {
    /// `create` or `update`.
    action: &'static str,
    /// `created` or `updated`.
    done: &'static str,
    fields: &'p ProviderFields,
    /// The fields an update changed.
    changed: Option<&'p Vec<String>>,
}

impl Written<'_> {
    /// The audit event of the row: `base` (who, where from) with what was
    /// written to which provider, from which row of the file.
    fn event(&self, base: &NewAuditEvent, county: CountyId, row: usize) -> NewAuditEvent {
        let mut e = base.clone();
        e.county = Some(county);
        e.object_type = Some("provider".to_owned());
        e.action = format!("provider.{}", self.action);
        e.object_id = Some(self.fields.slug.to_string());
        if let Some(changed) = self.changed {
            e.changed_fields.clone_from(changed);
        }
        e.summary = format!("{} {} (CSV import, row {row})", self.done, self.fields.name);
        e
    }
}

/// Creates or updates the row's provider, if the plan says to.
async fn write_row<'p>(
    txn: &persistence::Txn,
    county: CountyId,
    action: &'p Action,
    actor: Option<UserId>,
    county_categories: &[Category],
) -> Result<Option<Written<'p>>, RepoError> {
    match action {
        Action::Create {
            fields,
            reviewed_at,
        } => {
            providers::create_quietly(txn, county, fields, *reviewed_at, actor, county_categories)
                .await?;
            Ok(Some(Written {
                action: "create",
                done: "created",
                fields,
                changed: None,
            }))
        }
        Action::Update {
            id,
            version,
            fields,
            reviewed_at,
            changed,
        } => {
            let (id, version, at) = (*id, *version, *reviewed_at);
            let cats = county_categories;
            providers::update_quietly(txn, county, id, version, fields, at, actor, cats).await?;
            Ok(Some(Written {
                action: "update",
                done: "updated",
                fields,
                changed: Some(changed),
            }))
        }
        Action::Unchanged { .. } | Action::Invalid => Ok(None),
    }
}

/// A slug or category that changed under the plan is a stale plan.
fn stale(e: RepoError) -> ApplyError {
    match e {
        RepoError::Stale | RepoError::Taken(_) | RepoError::NotFound => ApplyError::Stale,
        other => ApplyError::Repo(other),
    }
}
