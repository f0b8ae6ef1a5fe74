//! Optimistic locking, written once: a change to a county's row is one
//! conditional `UPDATE ... SET ..., version = version + 1 WHERE county = ?
//! AND id = ? AND version = ?`, so of several concurrent changes from the
//! same version exactly one wins. Used by pages, providers and notes.

use domain::CountyId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait, QueryFilter, QuerySelect,
    UpdateMany,
};
use uuid::Uuid;

use crate::RepoError;
use crate::entity::{commissioning_notes as notes, pages, providers};

/// A county-owned table whose rows carry a version.
pub(crate) trait Versioned: EntityTrait {
    const COUNTY: Self::Column;
    const ID: Self::Column;
    const VERSION: Self::Column;
}

impl Versioned for pages::Entity {
    const COUNTY: Self::Column = pages::Column::CountyId;
    const ID: Self::Column = pages::Column::Id;
    const VERSION: Self::Column = pages::Column::Version;
}

impl Versioned for providers::Entity {
    const COUNTY: Self::Column = providers::Column::CountyId;
    const ID: Self::Column = providers::Column::Id;
    const VERSION: Self::Column = providers::Column::Version;
}

impl Versioned for notes::Entity {
    const COUNTY: Self::Column = notes::Column::CountyId;
    const ID: Self::Column = notes::Column::Id;
    const VERSION: Self::Column = notes::Column::Version;
}

/// The county's row `id` at the `version` its editor read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AtVersion {
    county: CountyId,
    id: Uuid,
    version: i32,
}

impl AtVersion {
    pub(crate) fn new(county: CountyId, id: Uuid, version: i32) -> Self {
        Self {
            county,
            id,
            version,
        }
    }
}

/// `update` made conditional: only the row `at` names, only at its
/// version, which goes up by one in the same statement.
pub(crate) fn conditional<E: Versioned>(update: UpdateMany<E>, at: AtVersion) -> UpdateMany<E> {
    update
        .col_expr(E::VERSION, Expr::col(E::VERSION).add(1))
        .filter(E::COUNTY.eq(at.county.as_uuid()))
        .filter(E::ID.eq(at.id))
        .filter(E::VERSION.eq(at.version))
}

/// Runs `update` made [`conditional`]; whether it changed the row.
/// Database errors go through `on_error` (e.g. [`RepoError::unique_as`]).
pub(crate) async fn try_update<E: Versioned>(
    db: &impl ConnectionTrait,
    update: UpdateMany<E>,
    at: AtVersion,
    on_error: impl Fn(DbErr) -> RepoError,
) -> Result<bool, RepoError> {
    let res = conditional(update, at).exec(db).await.map_err(on_error)?;
    Ok(res.rows_affected == 1)
}

/// Runs `update` made [`conditional`].
///
/// # Errors
/// `Stale` when the row is there at another version (someone saved
/// first), `NotFound` when it is not the county's; database errors go
/// through `on_error`.
pub(crate) async fn update<E: Versioned>(
    db: &impl ConnectionTrait,
    update: UpdateMany<E>,
    at: AtVersion,
    on_error: impl Fn(DbErr) -> RepoError,
) -> Result<(), RepoError> {
    if try_update(db, update, at, on_error).await? {
        return Ok(());
    }
    let exists = E::find()
        .select_only()
        .column(E::ID)
        .filter(E::COUNTY.eq(at.county.as_uuid()))
        .filter(E::ID.eq(at.id))
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .is_some();
    Err(if exists {
        RepoError::Stale
    } else {
        RepoError::NotFound
    })
}
