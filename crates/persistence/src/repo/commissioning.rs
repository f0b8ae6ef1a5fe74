//! Commissioning notes. Every call takes the county; the key is
//! `(tenant_id, id)`, and a note's provider is referenced by
//! `(tenant_id, provider_id)`, so a note can only name its own county's
//! provider.
//!
//! Every write bumps the county's `content_version`: pages show current
//! public statements through the `{{commissioned}}` embed.
//!
//! Internal notes are read here like any other column: it is the public
//! crate's job never to ask for notes at all (it has no route that does).

use domain::commissioning::{iso_date, parse_date};
use domain::{CountyId, Note, NoteFields, NoteId, ProviderId, Slug, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use time::Date;
use uuid::Uuid;

use crate::entity::{commissioning_notes as notes, providers};
use crate::repo::counties::bump_content_version;
use crate::repo::versioned::{self, AtVersion};
use crate::{RepoError, now};

/// A provider a note can name: its slug and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderChoice {
    pub slug: Slug,
    pub name: String,
}

/// `(id, slug, name)` of these providers of the county.
async fn providers_by_id(
    db: &impl ConnectionTrait,
    county: CountyId,
    ids: Vec<Uuid>,
) -> Result<Vec<(Uuid, String, String)>, RepoError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(providers::Entity::find()
        .select_only()
        .column(providers::Column::Id)
        .column(providers::Column::Slug)
        .column(providers::Column::Name)
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .filter(providers::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String, String)>()
        .all(db)
        .await?)
}

fn to_domain(
    m: notes::Model,
    provider: Option<&(Uuid, String, String)>,
) -> Result<Note, RepoError> {
    let corrupt = |what: &str| RepoError::Corrupt(format!("commissioning note {}: {what}", m.id));
    let (provider_slug, provider_name) = match (m.provider_id, provider) {
        (None, _) => (None, None),
        (Some(_), Some((_, slug, name))) => (
            Some(Slug::parse(slug).map_err(|_| corrupt("provider slug"))?),
            Some(name.clone()),
        ),
        // The foreign key makes this impossible.
        (Some(_), None) => return Err(corrupt("provider")),
    };
    let starts_on = parse_date(&m.starts_on).map_err(|_| corrupt("starts_on"))?;
    let ends_on = match &m.ends_on {
        Some(raw) => Some(parse_date(raw).map_err(|_| corrupt("ends_on"))?),
        None => None,
    };
    Ok(Note {
        id: NoteId::from_uuid(m.id),
        county: CountyId::from_uuid(m.county_id),
        fields: NoteFields {
            provider: provider_slug,
            service: m.service,
            legal_basis: m.legal_basis,
            starts_on,
            ends_on,
            public_statement: m.public_statement,
            internal_notes: m.internal_notes,
        },
        provider_name,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        created_by: m.created_by.map(UserId::from_uuid),
        updated_by: m.updated_by.map(UserId::from_uuid),
    })
}

pub(crate) async fn hydrate(
    db: &impl ConnectionTrait,
    county: CountyId,
    models: Vec<notes::Model>,
) -> Result<Vec<Note>, RepoError> {
    let mut ids: Vec<Uuid> = models.iter().filter_map(|m| m.provider_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let linked = providers_by_id(db, county, ids).await?;
    models
        .into_iter()
        .map(|m| {
            let provider = m
                .provider_id
                .and_then(|id| linked.iter().find(|(p, _, _)| *p == id));
            to_domain(m, provider)
        })
        .collect()
}

/// The id of the county's provider with this slug.
///
/// # Errors
/// `NotFound` when the county has no provider with this slug.
async fn provider_id(
    db: &impl ConnectionTrait,
    county: CountyId,
    slug: Option<&Slug>,
) -> Result<Option<Uuid>, RepoError> {
    let Some(slug) = slug else {
        return Ok(None);
    };
    let id = providers::Entity::find()
        .select_only()
        .column(providers::Column::Id)
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .filter(providers::Column::Slug.eq(slug.as_str()))
        .into_tuple::<Uuid>()
        .one(db)
        .await?
        .ok_or(RepoError::NotFound)?;
    Ok(Some(id))
}

/// Every field but the provider, which [`set_provider`] resolves from its
/// slug once the row is written.
fn active_fields(model: &mut notes::ActiveModel, fields: &NoteFields) {
    model.service = Set(fields.service.clone());
    model.legal_basis = Set(fields.legal_basis.clone());
    model.starts_on = Set(iso_date(fields.starts_on));
    model.ends_on = Set(fields.ends_on.map(iso_date));
    model.public_statement = Set(fields.public_statement.clone());
    model.internal_notes = Set(fields.internal_notes.clone());
}

/// Points the note at the county's provider with this slug (or none). The
/// composite foreign key refuses another county's provider in any case.
///
/// # Errors
/// `NotFound` when the county has no provider with this slug; the caller
/// then rolls back.
async fn set_provider(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: NoteId,
    slug: Option<&Slug>,
) -> Result<(), RepoError> {
    let provider = provider_id(db, county, slug).await?;
    notes::Entity::update_many()
        .set(notes::ActiveModel {
            provider_id: Set(provider),
            ..Default::default()
        })
        .filter(notes::Column::CountyId.eq(county.as_uuid()))
        .filter(notes::Column::Id.eq(id.as_uuid()))
        .exec(db)
        .await?;
    Ok(())
}

/// The providers of the county a note can name, by name.
///
/// # Errors
/// Database errors, or a stored slug the domain refuses (`Corrupt`).
pub async fn provider_choices(
    db: &impl ConnectionTrait,
    county: CountyId,
) -> Result<Vec<ProviderChoice>, RepoError> {
    providers::Entity::find()
        .select_only()
        .column(providers::Column::Slug)
        .column(providers::Column::Name)
        .filter(providers::Column::CountyId.eq(county.as_uuid()))
        .order_by_asc(providers::Column::Name)
        .into_tuple::<(String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(slug, name)| {
            Ok(ProviderChoice {
                slug: Slug::parse(&slug).map_err(|e| RepoError::Corrupt(e.to_string()))?,
                name,
            })
        })
        .collect()
}

/// Every note of the county: latest start first, then by service.
///
/// # Errors
/// Database errors.
pub async fn list(db: &impl ConnectionTrait, county: CountyId) -> Result<Vec<Note>, RepoError> {
    let models = notes::Entity::find()
        .filter(notes::Column::CountyId.eq(county.as_uuid()))
        .order_by_desc(notes::Column::StartsOn)
        .order_by_asc(notes::Column::Service)
        .order_by_asc(notes::Column::Id)
        .all(db)
        .await?;
    hydrate(db, county, models).await
}

/// One note of the county.
///
/// # Errors
/// Database errors.
pub async fn find(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: NoteId,
) -> Result<Option<Note>, RepoError> {
    let Some(model) = notes::Entity::find_by_id((county.as_uuid(), id.as_uuid()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(hydrate(db, county, vec![model]).await?.pop())
}

/// Creates a note (version 1).
///
/// # Errors
/// `NotFound` when the provider named is not one of the county's: the row
/// is then already written, so call this in a transaction and roll it back.
pub async fn create(
    db: &impl ConnectionTrait,
    county: CountyId,
    fields: &NoteFields,
    actor: Option<UserId>,
) -> Result<Note, RepoError> {
    let id = NoteId::new();
    let at = now();
    let mut model = notes::ActiveModel {
        county_id: Set(county.as_uuid()),
        id: Set(id.as_uuid()),
        version: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
        created_by: Set(actor.map(UserId::as_uuid)),
        updated_by: Set(actor.map(UserId::as_uuid)),
        ..Default::default()
    };
    active_fields(&mut model, fields);
    // Write first, read after: on SQLite a transaction that reads and then
    // writes fails at once if another connection wrote in between.
    notes::Entity::insert(model)
        .exec_without_returning(db)
        .await?;
    set_provider(db, county, id, fields.provider.as_ref()).await?;
    // Current statements are shown by pages' {{commissioned}} embeds.
    bump_content_version(db, county).await?;
    find(db, county, id).await?.ok_or(RepoError::NotFound)
}

/// Updates a note if it is still at `expected_version`; the version then
/// goes up by one. One conditional statement, so of several concurrent
/// updates from the same version exactly one wins.
///
/// # Errors
/// `NotFound` (no such note in this county, or the provider named is not
/// one of the county's: the other fields are then already written, so call
/// this in a transaction and roll it back), `Stale` (someone saved first).
pub async fn update(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: NoteId,
    expected_version: i32,
    fields: &NoteFields,
    actor: Option<UserId>,
) -> Result<Note, RepoError> {
    let mut model = notes::ActiveModel::default();
    active_fields(&mut model, fields);
    model.updated_at = Set(now());
    model.updated_by = Set(actor.map(UserId::as_uuid));
    let at = AtVersion::new(county, id.as_uuid(), expected_version);
    versioned::update(
        db,
        notes::Entity::update_many().set(model),
        at,
        RepoError::from,
    )
    .await?;
    set_provider(db, county, id, fields.provider.as_ref()).await?;
    // Current statements are shown by pages' {{commissioned}} embeds.
    bump_content_version(db, county).await?;
    find(db, county, id).await?.ok_or(RepoError::NotFound)
}

/// Deletes a note of the county.
///
/// # Errors
/// `NotFound`.
pub async fn delete(
    db: &impl ConnectionTrait,
    county: CountyId,
    id: NoteId,
) -> Result<(), RepoError> {
    let res = notes::Entity::delete_by_id((county.as_uuid(), id.as_uuid()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(RepoError::NotFound);
    }
    bump_content_version(db, county).await
}

/// Clears the provider of every note that names it, bumping their
/// versions (an edit open on such a note is then stale). Called by
/// `providers::delete` in its transaction, before the provider goes: the
/// foreign key has no `ON DELETE` action (see the migration).
///
/// # Errors
/// Database errors.
pub async fn unlink_provider(
    db: &impl ConnectionTrait,
    county: CountyId,
    provider: ProviderId,
) -> Result<(), RepoError> {
    let model = notes::ActiveModel {
        provider_id: Set(None),
        updated_at: Set(now()),
        ..Default::default()
    };
    notes::Entity::update_many()
        .set(model)
        .col_expr(
            notes::Column::Version,
            Expr::col(notes::Column::Version).add(1),
        )
        .filter(notes::Column::CountyId.eq(county.as_uuid()))
        .filter(notes::Column::ProviderId.eq(provider.as_uuid()))
        .exec(db)
        .await?;
    Ok(())
}

/// The county's notes that end between `from` and `to`, both inclusive,
/// soonest first. Open-ended notes never do.
///
/// # Errors
/// Database errors.
pub async fn ending_between(
    db: &impl ConnectionTrait,
    county: CountyId,
    from: Date,
    to: Date,
) -> Result<Vec<Note>, RepoError> {
    // `YYYY-MM-DD` text compares as the dates do, on both backends.
    let models = notes::Entity::find()
        .filter(notes::Column::CountyId.eq(county.as_uuid()))
        .filter(notes::Column::EndsOn.gte(iso_date(from)))
        .filter(notes::Column::EndsOn.lte(iso_date(to)))
        .order_by_asc(notes::Column::EndsOn)
        .order_by_asc(notes::Column::Service)
        .order_by_asc(notes::Column::Id)
        .all(db)
        .await?;
    hydrate(db, county, models).await
}
